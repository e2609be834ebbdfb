# Mount-table scenario: one of each change, with "STEP n" markers and the namespace's
# mountinfo after each step ("MI n <line>"), so the test can check every record's fields.
base="$WORK/mt"
mkdir -p "$base"/{a,b,c,d,p}
n=0
sed "s/^/MI 0 /" /proc/self/mountinfo
step() {
  n=$((n + 1))
  echo "FACT step $n $*"
  "$@" || echo "FACT failed $n"
  sed "s/^/MI $n /" /proc/self/mountinfo
}
step mount -t tmpfs -o size=64k ta "$base/a"
step mount --bind "$base/a" "$base/b"
mkdir "$base/a/sub"
step mount -t tmpfs sub "$base/a/sub"
step mount --rbind "$base/a" "$base/c"
step mount --make-shared "$base/b"
step mount -o remount,ro,bind "$base/c"
step mount -o remount,size=128k "$base/a"
step mount --move "$base/c" "$base/d"
step umount "$base/b"
step umount -l "$base/d"
# Propagation from a peer in another mount namespace.
step mount -t tmpfs -o size=64k tp "$base/p"
step mount --make-shared "$base/p"
mkdir "$base/p/q"
step unshare --mount --propagation unchanged mount -t tmpfs fromother "$base/p/q"
step umount -l "$base/p"
# MTAB_CHANGED from the start, and from the last cut of the log: the superblock remount of a
# tmpfs mounted more than once cuts it (a number is used up: the one missing among the records).
after_events() {
  local ready cut
  read -r ready cut < <(python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ready = int(lines[0]["seq"])
seqs = sorted(int(e["change"]["seq"]) for e in lines[1:] if "change" in e)
cuts = [b - 1 for a, b in zip([ready] + seqs, seqs) if b != a + 1]
print(ready, cuts[-1] if cuts else ready)' "$WORK/events.jsonl")
  echo "FACT changed $(python3 "$(dirname "$BASH_SOURCE")/../usip_events.py" changed "$ready")"
  echo "FACT cut $cut"
  echo "FACT changed_after_cut $(python3 "$(dirname "$BASH_SOURCE")/../usip_events.py" changed "$cut")"
}
