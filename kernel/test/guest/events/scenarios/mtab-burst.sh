# A burst of mount-table changes from one process (like autofs start-up): COUNT mounts, then
# COUNT umounts, back to back, with the namespace's mountinfo before ("MI 0") and after
# each half ("MI 1", "MI 2").
count="${USIP_BURST_COUNT:-300}"
here_events="$(dirname "$scenario")/.."
echo "FACT count $count"
sed "s/^/MI 0 /" /proc/self/mountinfo
mkdir -p "$WORK/burst"
python3 "$here_events/mount-burst.py" mount "$WORK/burst" "$count" || echo "FACT failed mount"
sed "s/^/MI 1 /" /proc/self/mountinfo
python3 "$here_events/mount-burst.py" umount "$WORK/burst" "$count" || echo "FACT failed umount"
sed "s/^/MI 2 /" /proc/self/mountinfo
