#!/usr/bin/env bash
# bad-pages.sh - np-pages against bad page files: binary garbage (its own
# rule: not a text file, status 1), bad bytes and NULs (replaced and
# counted), odd encodings and shapes, a 50 MB one-line page, and output
# trouble (closed pipe, full disk).  See np-pages(1).
. "$(dirname "$0")/../lib.sh"

P=$NP_BIN/np-pages
BIG_MB=${NP_BIG_MB:-50}
case $NP_BIN in *asan*) NP_NO_ULIMIT=1 BIG_MB=${NP_BIG_MB:-10} ;; esac

run() {
	"$P" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}
err1() { head -1 "$TMP/err"; }
nrec() { wc -l <"$TMP/out" | tr -d ' '; }
# field N KEY: the JSON value of KEY in output record N (1-based).
field() {
	python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print(json.dumps(recs[int(sys.argv[2]) - 1].get(sys.argv[3]), ensure_ascii=False))' \
		"$TMP/out" "$1" "$2"
}
ends_clean() {
	[ ! -s "$1" ] || [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ]
}

printf '株洲日报\n2023年5月1日 星期一\n\n本报讯 株洲市天元区举行活动。\n' >"$TMP/good.txt"

# Binary garbage: the same bytes every run.
awk 'BEGIN { srand(20231); for (i = 0; i < 6000; i++) printf "%c", int(rand() * 255) + 1 }' \
	</dev/null >"$TMP/garbage"
printf '\0\0\0\n\0' >>"$TMP/garbage"
head -c 3000 /dev/zero >"$TMP/zeros"

run "$TMP/garbage"
is "binary garbage: exit 1" "$rc" 1
like "binary garbage: says why" "$(err1)" "^np-pages: $TMP/garbage: not a text file"
is "binary garbage: no record" "$(wc -c <"$TMP/out")" 0
run "$TMP/zeros"
is "all NUL bytes: exit 1" "$rc" 1

run "$TMP/good.txt" "$TMP/garbage" "$TMP/good.txt"
is "garbage among files: exit 1" "$rc" 1
is "garbage among files: stops there" "$(nrec)" 1
run --keep-going "$TMP/good.txt" "$TMP/garbage" "$TMP/good.txt"
is "--keep-going: exit 1" "$rc" 1
is "--keep-going: the other files' pages" "$(nrec)" 2
like "--keep-going: names the file" "$(cat "$TMP/err")" "garbage: not a text file"

# Bad bytes and NULs in a text file are replaced and counted (a few in a
# page of text: one character in ten makes it binary).
pad='株洲市天元区今天举行会议，市长出席并讲话。记者王明报道。'
pad=$pad$pad$pad
printf '株洲日报\n本报讯 株洲\xff\xfe市\xe6\xb4天元区\n%s\n' "$pad" >"$TMP/in"
run "$TMP/in"
is "invalid UTF-8: exit 0" "$rc" 0
like "invalid UTF-8: replaced" "$(field 1 text)" '株洲�+市�天元区'
like "invalid UTF-8: counted in warnings" "$(field 1 warnings)" '[0-9]'
# A sequence cut short (\xe4\xbb before ASCII) is one bad sequence too.
printf '株洲日报\n本报讯 株洲\xe4\xbbHOU 市\n%s\n' "$pad" >"$TMP/in"
run "$TMP/in"
is "truncated UTF-8 sequence: exit 0" "$rc" 0
like "truncated UTF-8 sequence: replaced" "$(field 1 text)" '株洲�HOU 市'
like "truncated UTF-8 sequence: counted" "$(field 1 warnings)" '1 undecodable'
# Found by fuzz-pages: a truncated sequence in a masthead line reached
# PCRE2 unchecked and overran a buffer (a crash under ASan).
run tests/fuzz/regress/np-pages-truncated-utf8.txt
ok "fuzz regression (truncated UTF-8 in a masthead): no crash" test "$rc" -le 1
ok "fuzz regression: no sanitizer report" bash -c "! grep -q Sanitizer '$TMP/err'"
printf '株洲日报\n本报讯\0 株洲市\0\n%s\n' "$pad" >"$TMP/in"
run "$TMP/in"
is "a few NUL bytes: exit 0" "$rc" 0
like "a few NUL bytes: replaced" "$(field 1 text)" '本报讯� 株洲市�'
like "a few NUL bytes: counted" "$(field 1 warnings)" 'NUL'
printf '株洲 \xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80\n%s\n' "$pad" >"$TMP/in"
run "$TMP/in"
is "surrogates, overlongs, past U+10FFFF: exit 0" "$rc" 0
ok "output is valid UTF-8 JSON" python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8", errors="strict"): json.loads(l)' "$TMP/out"

# Encodings.
iconv -f UTF-8 -t GB18030 "$TMP/good.txt" >"$TMP/gb.txt"
run "$TMP/gb.txt"
is "GB18030: exit 0" "$rc" 0
like "GB18030: decoded" "$(field 1 text)" '株洲市天元区'
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$TMP/good.txt"; } >"$TMP/u16.txt"
run "$TMP/u16.txt"
is "UTF-16LE with BOM: exit 0" "$rc" 0
like "UTF-16LE with BOM: decoded" "$(field 1 text)" '株洲市天元区'
{ printf '\xef\xbb\xbf'; cat "$TMP/good.txt"; } >"$TMP/bom.txt"
run "$TMP/bom.txt"
like "UTF-8 BOM: not in the text" "$(field 1 text)" '^"株洲日报'

# Shapes.
: >"$TMP/empty.txt"
run "$TMP/empty.txt"
is "empty file: exit 0" "$rc" 0
ok "empty file: whole lines" ends_clean "$TMP/out"
printf '株洲日报\n本报讯 株洲市' >"$TMP/in"
run "$TMP/in"
is "no final newline: exit 0" "$rc" 0
like "no final newline: last line kept" "$(field 1 text)" '本报讯 株洲市"$'
printf '株洲日报\r\n本报讯\r\n株洲市\r天元区\r\n' >"$TMP/in"
run "$TMP/in"
is "CRLF and CR: exit 0" "$rc" 0
ok "CRLF and CR: no CR left" bash -c "! grep -q '\\\\r' '$TMP/out'"
printf 'page one\fpage two\f' >"$TMP/in"
run "$TMP/in"
is "form feeds: two pages" "$(nrec)" 2
printf '%s\n' '{"id":1,"text":"a"}' 'not json' >"$TMP/in"
run "$TMP/in"
is "JSON Lines are just text to it: exit 0" "$rc" 0
run "$TMP/nonexistent"
is "missing file: exit 3" "$rc" 3
like "missing file: says which" "$(err1)" "^np-pages: $TMP/nonexistent: No such file"
run "$TMP"
is "a directory: exit 3" "$rc" 3
like "a directory: says which" "$(err1)" "^np-pages: $TMP"
run --date 2023-02-30 "$TMP/good.txt"
is "impossible --date: exit 2" "$rc" 2
run --no-such-option
is "unknown option: exit 2" "$rc" 2

# Output trouble.
"$P" "$TMP/good.txt" >/dev/full 2>"$TMP/err"
is "full disk: exit 3" "$?" 3
like "full disk: says so" "$(err1)" "^np-pages: .*No space left on device"
for i in $(seq 3000); do printf 'page %d 株洲市天元区举行活动。\f' "$i"; done >"$TMP/many.txt"
"$P" "$TMP/many.txt" 2>"$TMP/err" | head -1 >/dev/null
is "closed stdout (| head -1): exit 0" "${PIPESTATUS[0]}" 0
is "closed stdout (| head -1): quiet" "$(cat "$TMP/err")" ""

# One page of one 50 MB line (no newline at all).
s='株洲市天元区今天举行会议，市长出席并讲话。2023年5月1日，记者王明报道。'
while [ ${#s} -lt 100000 ]; do s=$s$s; done
size=$(printf '%s' "$s" | wc -c)
for i in $(seq $((BIG_MB * 1024 * 1024 / size))); do printf '%s' "$s"; done >"$TMP/big.txt"
limit=$(( (BIG_MB * 1024 * 40) + 400000 ))
start=$SECONDS
if [ "${NP_NO_ULIMIT:-0}" = 1 ]; then
	timeout 300 "$P" "$TMP/big.txt" >"$TMP/out" 2>"$TMP/err"
else
	(ulimit -v $limit; exec timeout 120 "$P" "$TMP/big.txt" >"$TMP/out" 2>"$TMP/err")
fi
rc=$?
is "${BIG_MB} MB line: exit 0" "$rc" 0
is "${BIG_MB} MB line: one record" "$(nrec)" 1
ok "${BIG_MB} MB line: text whole" python3 -c '
import json, sys
rec = json.loads(open(sys.argv[1], encoding="utf-8").readline())
sys.exit(len(rec["text"].encode()) != int(sys.argv[2]))' "$TMP/out" "$(wc -c <"$TMP/big.txt")"
echo "# np-pages: ${BIG_MB} MB line in $((SECONDS - start))s"
rm -f "$TMP/big.txt"

done_testing
