# names.sh - np-names from the command line: options, fields, errors, bench.
. "$(dirname "$0")/../lib.sh"
N=$NP_BIN/np-names

ok "--help exits 0" "$N" --help
like "--help names the program" "$("$N" --help)" "np-names"
like "--version prints a version" "$("$N" --version)" "[0-9]+\.[0-9]+"
"$N" --bogus </dev/null >/dev/null 2>&1
is "unknown option exits 2" "$?" 2

out=$(printf '%s\n' '{"id":1,"text":"市委书记李国强出席。李国强指出,要抓好落实。"}' | "$N")
is "name, role, titles" "$(printf '%s' "$out" | jq -c '.people[0] | [.name, .role, .titles, .mentions]')" \
	'["李国强","official",["市委书记"],2]'
is "spans are code points with the field" "$(printf '%s' "$out" | jq -c '.people[0].spans')" \
	'[[4,7,"text"],[10,13,"text"]]'
is "other fields pass through" "$(printf '%s' "$out" | jq -c '.id')" 1

out=$(printf '%s\n' '{"byline":"记者/王大明","headline":"刘振华调研","text":"刘振华强调,要抓好落实。"}' | "$N")
is "all fields read, first mention first" \
	"$(printf '%s' "$out" | jq -c '[.people[] | [.name, .role, .spans[0][2]]]')" \
	'[["王大明","reporter","byline"],["刘振华","person","headline"]]'

out=$(printf '%s\n' '{"text":"记者/王大明","body":"市长赵建国主持。"}' | "$N" --field body)
is "--field reads that field alone" "$(printf '%s' "$out" | jq -c '[.people[].name]')" '["赵建国"]'

out=$(echo '{"text":null}' | "$N" 2>&1)
is "null text is rejected" "$?" 1
out=$(echo '{"text":"市长赵建国主持。","byline":null,"headline":null}' | "$N")
is "null title fields are skipped" "$(printf '%s' "$out" | jq -c '[.people[].name]')" '["赵建国"]'

is "record without text passes through" "$(echo '{"a":1}' | "$N")" '{"a":1}'

printf '%s\n' '{"text":1}' '{"text":"市长赵建国主持。"}' >"$TMP/bad.jsonl"
"$N" "$TMP/bad.jsonl" >"$TMP/out" 2>"$TMP/err"
is "bad text exits 1" "$?" 1
like "error names file and line" "$(cat "$TMP/err")" "np-names: .*bad.jsonl:1: field text is not a string"
"$N" --keep-going --rejects "$TMP/rej" "$TMP/bad.jsonl" >"$TMP/out" 2>/dev/null
is "--keep-going exits 1" "$?" 1
is "--keep-going keeps the good record" "$(jq -c '[.people[].name]' "$TMP/out")" '["赵建国"]'

"$N" /nonexistent/file </dev/null >/dev/null 2>&1
is "missing file exits 3" "$?" 3

NP_PKU_DIR=/nonexistent python3 "$(dirname "$0")/../../bench/names-pku" >/dev/null 2>"$TMP/err"
is "names-pku without the corpus exits 2" "$?" 2
like "names-pku says the corpus is missing" "$(cat "$TMP/err")" "corpus not found"

done_testing
