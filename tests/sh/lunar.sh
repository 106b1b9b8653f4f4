#!/usr/bin/env bash
# lunar.sh - data/lunar.txt against an independent astronomical computation
# (scripts/check-lunar: Meeus new moons, VSOP87 solar terms, the 无中气
# leap-month rule), and proof that the check catches a corrupted table.
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)

out=$(python3 "$root/scripts/check-lunar" 2>&1)
st=$?
is "check-lunar passes on data/lunar.txt" "$st" 0
printf '%s\n' "$out" | sed -n 1p | sed 's/^/# /'
like "every day of 1900-2100 is compared" "$out" "of 73412 days agree"

# A table with one month length moved (2023: 二月 29, 闰二月 30) must fail.
sed 's/^\(2023\t2023-01-22\t2\t29,\)30,29,/\129,30,/' "$root/data/lunar.txt" \
    >"$TMP/bad.txt"
ok "the corrupted copy differs from the table" \
    sh -c "! cmp -s '$root/data/lunar.txt' '$TMP/bad.txt'"
out=$(python3 "$root/scripts/check-lunar" --table "$TMP/bad.txt" 2>&1)
st=$?
is "check-lunar fails on a corrupted table" "$st" 1
like "and names the year" "$out" "2023: DIFFERS"

# A leap month in the wrong place (2033's 闰十一月 as 闰七月) must fail too.
sed 's/^\(2033\t2033-01-31\t\)11\t/\17\t/' "$root/data/lunar.txt" >"$TMP/bad2.txt"
python3 "$root/scripts/check-lunar" --table "$TMP/bad2.txt" >"$TMP/out2" 2>&1
is "check-lunar fails on a misplaced leap month" "$?" 1
done_testing
