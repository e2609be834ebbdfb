# Random mount-table operations (seeded, see gen-mtab-ops.py); prints the namespace's
# mountinfo before ("MI 0") and after ("MI 1") so the test can replay the change records.
sed "s/^/MI 0 /" /proc/self/mountinfo
base="$WORK/rnd"
mkdir -p "$base"
ops="${USIP_RANDOM_OPS:-100}"  # TCG guests run about 1 op per second with a watcher
seed="${USIP_RANDOM_SEED:-10817}"  # fixed: a test run is repeatable
echo "FACT seed $seed"
echo "FACT ops $ops"
python3 "$(dirname "$BASH_SOURCE")/../gen-mtab-ops.py" "$seed" "$ops" "$base" >"$WORK/ops.sh"
bash "$WORK/ops.sh" >/dev/null 2>&1
echo "FACT done $(grep -c . "$WORK/ops.sh")"
sed "s/^/MI 1 /" /proc/self/mountinfo
