# propagate_from scenario: a chain of three peer groups (g0 <- g1 <- g2) and a slave W of the
# last, with copies of all of them in a second namespace B. Members of W's groups leave this
# namespace and arrive again by propagation from B, so W's propagate_from (the first group up
# its chain with a member here) moves g2 -> g1 -> g0 -> g1 -> g0 -> none, without W itself
# changing; and a tree whose slave's master group arrives with it in the same tree.
# "FACT at NAME n": step n is the named point; "MI n <line>": mountinfo after step n. After
# each mountinfo a marker tmpfs "markN" is mounted and unmounted here, so the test can tell
# which records came before it.
b="$WORK/pf"
mkdir -p "$b"/{t,u,v,w} "$WORK/mark" "$WORK/px"
n=0
snapshot() {
  sed "s/^/MI $n /" /proc/self/mountinfo
  mount -t tmpfs "mark$n" "$WORK/mark" && umount "$WORK/mark"
}
step() {
  n=$((n + 1))
  echo "FACT step $n $*"
  "$@" || echo "FACT failed $n"
  snapshot
}
snapshot
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
step mount -o remount,ro,bind "$b/w"	# a remount's record carries it too
mkdir "$b/t/x"
step in_b mount --bind "$b/u" "$b/t/x"	# a peer of g1 arrives here by propagation from B
echo "FACT at g1-back $n"
step umount "$b/t/x"		# and leaves again, with its copies
echo "FACT at g1-gone $n"

# In B only (on the private scratch mount): PX, a group gx below g0, with a slave of gx on it.
mkdir "$b/t/y" "$b/t/z"
in_b mount --bind "$b/t" "$WORK/px"
in_b mount --make-slave "$WORK/px"
in_b mount --make-shared "$WORK/px"
in_b mount --bind "$WORK/px" "$WORK/px/y"
in_b mount --make-slave "$WORK/px/y"
# Its copy reaches T here: gx's first member and its slave arrive in one tree.
step in_b mount --rbind "$WORK/px" "$b/t/z"
echo "FACT at tree-in $n"
step umount -R "$b/t/z"

step in_b mount --make-private "$b/t"	# B's member of g0 leaves: nothing changes here
step mount --make-private "$b/t"	# g0's last member leaves: W shows no propagate_from
echo "FACT at g0-left $n"
# B's end would re-master W, recorded by the exiting task, which has no root left (exit_fs()
# runs before exit_task_namespaces()): its mount point would be given from the namespace's
# root, not from the chroot this guest runs in and mountinfo is read from. So W leaves first.
step mount --make-private "$b/w"
kill "$other"
wait "$other" 2>/dev/null
