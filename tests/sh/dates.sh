#!/usr/bin/env bash
# dates.sh - np-dates from the outside: the command line and exit codes,
# error messages, and on the sample pages (one record each): that every
# date's offsets point at its text in its field, that values are ISO 8601
# and precisions known names, and that a 干支 year resolves.
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
D="$NP_BIN/np-dates"

# --- command line ----------------------------------------------------------
ok "--help exits 0" "$D" --help
like "--help shows the usage" "$("$D" --help)" '^usage: np-dates \[--date YYYY-MM-DD\]'
like "--version" "$("$D" --version)" '^np-dates \(newsprint\) [0-9.]+$'
"$D" --bogus </dev/null >/dev/null 2>&1
is "an unknown option exits 2" "$?" 2
"$D" --date 2024-13-01 </dev/null >/dev/null 2>&1
is "a malformed --date exits 2" "$?" 2
"$D" "$TMP/missing.jsonl" >/dev/null 2>&1
is "a missing file exits 3" "$?" 3

# --- errors name the file and line ---------------------------------------
printf '{"text":"3月5日"}\n{"text":[1]}\n' >"$TMP/bad.jsonl"
err=$("$D" --date 2024-03-10 "$TMP/bad.jsonl" 2>&1 >/dev/null)
is "a bad record exits 1" "$?" 1
like "the message names file and line" "$err" "^np-dates: .*bad.jsonl:2: field text is not a string"
printf '{"text":"3月5日"}\nnot json\n{"text":"3月6日"}\n' >"$TMP/notjson.jsonl"
n=$("$D" --keep-going --rejects "$TMP/rejects" --date 2024-03-10 "$TMP/notjson.jsonl" 2>/dev/null | wc -l)
is "--keep-going goes on after a line that is not JSON" "$n" 2
like "the rejects file holds the line" "$(cat "$TMP/rejects")" "not json"

# --- fields and values --------------------------------------------------------
out=$(printf '%s\n' '{"date":"2024-02-06","headline":"2023年度表彰","text":"去年12月26日投产"}' | "$D")
is "headline first, then text" \
    "$(printf '%s' "$out" | jq -r '[.dates[] | .field + ":" + .value] | join(" ")')" \
    "headline:2023 text:2023-12-26"
out=$(printf '%s\n' '{"text":"１９９８年１月５日"}' | "$D" --date 1998-01-06 | jq -c '.dates[0] | [.start, .end, .precision]')
is "full-width digits: code-point offsets" "$out" '[0,9,"day"]'

# --- the sample pages, each as one record -----------------------------------
: >"$TMP/all.jsonl"
for page in "$root"/samples/[0-9]*.txt; do
	stem=$(basename "$page" .txt)
	date=$(jq -r .page.date_hint "$root/tests/gold/$stem.json")
	jq -Rsc --arg d "$date" '{date: $d, text: .}' "$page" | "$D" >>"$TMP/all.jsonl"
done
is "np-dates ran on every sample" "$(wc -l <"$TMP/all.jsonl")" 5
bad=$(jq -c '. as $r | .dates[]? | select(($r[.field] // "")[.start:.end] != .text)' "$TMP/all.jsonl" | head -3)
is "every date's offsets point at its text" "$bad" ""
iso='([0-9]{4}(-[0-9]{2}){0,2}|--[0-9]{2}(-[0-9]{2})?)(T[0-9]{2}:[0-9]{2})?'
bad=$(jq -r '.dates[]?.value' "$TMP/all.jsonl" |
	grep -Ev "^$iso(/$iso)?\$" | head -3)
is "every value is ISO 8601" "$bad" ""
out=$(printf '%s\n' '{"text":"2月18日至19日,3月份,1月30日晚8时"}' | "$D" | jq -r '.dates[].value' | grep -E "^$iso(/$iso)?\$" | tr '\n' ' ')
is "values without a year are ISO 8601 too" "$out" "--02-18/--02-19 --03 --01-30T20:00 "
bad=$(jq -r '.dates[]? | select(.precision | test("^(year|quarter|month|day|minute)$") | not) | .precision' "$TMP/all.jsonl" | head -3)
is "every precision is a known name" "$bad" ""
n=$(jq -r '.dates[]? | select(.value == "2006-12-20/2007-01-18") | .text' "$TMP/all.jsonl")
is "a 干支 year resolves to the latest before the page" "$n" "丙戌冬月"

done_testing
