# propagate_from scenario: a chain of three peer groups (g0 <- g1 <- g2) and a slave W of the
# last, with copies of all of them in a second namespace B. Members of W's groups leave this
# namespace and arrive again by propagation from B, so W's propagate_from (the first group up
# its chain with a member here) moves g2 -> g1 -> g0 -> g1 -> g0 -> none, without W itself
# changing. "FACT at NAME n": step n is the named point; "MI n <line>": mountinfo after step n.
b="$WORK/pf"
mkdir -p "$b"/{t,u,v,w}
n=0
sed "s/^/MI 0 /" /proc/self/mountinfo
step() {
  n=$((n + 1))
  echo "FACT step $n $*"
  "$@" || echo "FACT failed $n"
  sed "s/^/MI $n /" /proc/self/mountinfo
}
step mount -t tmpfs -o size=64k pf "$b/t"
step mount --make-shared "$b/t"			# T: g0
step mount --bind "$b/t" "$b/u"
step mount --make-slave "$b/u"
step mount --make-shared "$b/u"			# U: g1, master g0
step mount --bind "$b/u" "$b/v"
step mount --make-slave "$b/v"
step mount --make-shared "$b/v"			# V: g2, master g1
step mount --bind "$b/v" "$b/w"
step mount --make-slave "$b/w"			# W: master g2
echo "FACT at w-slave $n"
echo "FACT w_id $(awk -v mp="$b/w" '$5 == mp { print $1 }' /proc/self/mountinfo)"

# B: a copy of this namespace, made now, so each of T, U, V has a peer there.
unshare --mount --propagation unchanged sleep 600 &
other=$!
for _ in $(seq 100); do
  [ "$(readlink /proc/$other/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] && break
  sleep 0.1
done
# --root: the guest runs chrooted, and setns() moves the caller to the namespace's root.
in_b() { nsenter --target "$other" --mount --root --wd -- "$@"; }

step umount "$b/v"		# g2 leaves: W's master moves to V's peer in B
echo "FACT at g2-left $n"
step umount "$b/u"		# g1 leaves: W is two slave levels below it
echo "FACT at g1-left $n"
mkdir "$b/t/x"
step in_b mount --bind "$b/u" "$b/t/x"	# a peer of g1 arrives here by propagation from B
echo "FACT at g1-back $n"
step umount "$b/t/x"		# and leaves again, with its copies
echo "FACT at g1-gone $n"
step in_b mount --make-private "$b/t"	# B's member of g0 leaves: nothing changes here
step mount --make-private "$b/t"	# g0's last member leaves: W shows no propagate_from
echo "FACT at g0-left $n"
# B's end would re-master W, recorded by the exiting task, which has no root left (exit_fs()
# runs before exit_task_namespaces()): its mount point would be given from the namespace's
# root, not from the chroot this guest runs in and mountinfo is read from. So W leaves first.
step mount --make-private "$b/w"
kill "$other"
wait "$other" 2>/dev/null
