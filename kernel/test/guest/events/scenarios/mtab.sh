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
after_events() {
  seq=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["seq"])' "$WORK/events.jsonl")
  echo "FACT changed $(python3 "$(dirname "$BASH_SOURCE")/../usip_events.py" changed "$seq")"
}
