# Boots the guest under QEMU (sourced).
# shellcheck shell=bash

# TCG only: the host's KVM is a paravirtual variant on which QEMU hangs or aborts.
# Single-threaded TCG: with thread=multi, QEMU 7.2 now and then lets a vCPU run an int3 that
# text_poke_bp() already took back, and a kprobe armed on that call site turns it into a jump to
# address 0 (docs/design-hooks.md; kernel/test/vm/repro/kprobe-events-churn.sh shows it with no
# USIP code). The two vCPUs then share one host thread: two guests can run side by side.
# qemu64 + RDRAND: without a hardware RNG the guest's entropy pool takes seconds to be ready
# and node's first start blocks on it.
# boot_guest KVER WORK TIMEOUT_S: console (ttyS0) on stdout, results (ttyS1) in WORK/result.txt.
# Returns QEMU's exit status (124 when the timeout killed it).
boot_guest() {
  local kver="$1" work="$2" timeout_s="$3"
  local append="console=ttyS0 loglevel=4 oops=panic panic=-1 no_timer_check usipwork=$work"
  append+=" usipmods=$(image_dir "$kver")/root/lib/modules/$kver ${USIP_VM_APPEND:-}"
  timeout -k 10 "$timeout_s" qemu-system-x86_64 \
    -nodefaults -no-user-config -display none -no-reboot \
    -accel "tcg,thread=${USIP_VM_TCG_THREAD:-single}" -cpu "${USIP_VM_CPU:-qemu64,+rdrand}" -m "${USIP_VM_MEMORY:-2048}" -smp 2 \
    -kernel "$(image_dir "$kver")/vmlinux" -initrd "$work/initramfs.cpio" -append "$append" \
    -chardev stdio,id=console,signal=off -serial chardev:console \
    -serial "file:$work/result.txt" -pidfile "$work/qemu.pid" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    </dev/null
}
