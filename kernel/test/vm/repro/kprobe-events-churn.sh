#!/usr/bin/env bash
# Reproduces, with no USIP module loaded, the guest panic of docs/design-hooks.md: the kernel's
# own kprobe tracer arms and disarms a return probe on vfs_write while processes write. Under
# multi-threaded TCG the guest takes "RIP: 0" within seconds; single-threaded, it does not.
#   kernel/test/vm/run.sh --kernel 6.12 --cmd 'bash kernel/test/vm/repro/kprobe-events-churn.sh 120'
#   USIP_VM_TCG_THREAD=multi kernel/test/vm/run.sh --kernel 6.12 --cmd '...same...'
set -u
seconds="${1:-120}"
sysctl -qw kernel.panic_on_oops=0 # see every oops, not only the first
rmmod usip 2>/dev/null
mountpoint -q /sys/kernel/tracing || mount -t tracefs none /sys/kernel/tracing
T=/sys/kernel/tracing
echo 'r:usipchurn vfs_write' >"$T/kprobe_events" || { echo "no kprobe_events here"; exit 1; }
full="$(mktemp -d)"
mount -t tmpfs -o size=1m churnfull "$full"
end=$((SECONDS + seconds))
for i in 1 2; do
  (while [ $SECONDS -lt $end ]; do dd if=/dev/zero of="$full/f$i" bs=4k count=400 2>/dev/null; done) &
  (while [ $SECONDS -lt $end ]; do echo x >/dev/null; done) &
done
toggles=0
while [ $SECONDS -lt $end ]; do
  echo 1 >"$T/events/kprobes/usipchurn/enable"
  echo 0 >"$T/events/kprobes/usipchurn/enable"
  toggles=$((toggles + 1))
done
wait
echo "-:usipchurn" >>"$T/kprobe_events"
umount "$full"
echo "toggles=$toggles"
if dmesg | grep -E "BUG:|Oops|Unrecoverable kprobe"; then exit 1; fi
