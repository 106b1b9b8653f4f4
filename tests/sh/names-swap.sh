# names-swap.sh - the sample name figures with every person renamed
# (bench/names-swap --pool synth): names made up from the shipped tables
# replace the gold's Chinese names in the pages and the gold alike, so the
# rules are scored on names they were never written against.  Floors in
# tests/swap-floors.
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(NP_BIN=$NP_BIN "$root/bench/names-swap" --pool synth --seeds 10 \
	--check "$root/tests/swap-floors" 2>&1)
rc=$?
printf '%s\n' "$out" | grep -E '^(names_f1|role_acc|title_r) ' | sed 's/^/# /'
is "names-swap ran (exit 0 or 1)" "$([ $rc -le 1 ] && echo yes)" yes
for metric in names_f1 role_acc title_r; do
	line=$(printf '%s\n' "$out" | grep -E "^(ok|not ok) - swapped $metric ")
	like "swapped $metric at its floor ($line)" "$line" "^ok - "
done
done_testing
