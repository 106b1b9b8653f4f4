#!/usr/bin/env bash
# bad-input.sh - every JSON-reading program against bad input: what it says,
# the exit code it ends with (0 ok, 1 bad data, 2 usage, 3 I/O), that it
# never writes half a line, and that --keep-going loses no record.
#
# NP_BIG_MB sets the size of the long-line test (default 50); NP_PROGS
# (space-separated) limits the programs tested;
# NP_NO_ULIMIT=1 drops the memory cap on it (sanitizers and valgrind need
# room of their own).
. "$(dirname "$0")/../lib.sh"

BIG_MB=${NP_BIG_MB:-50}
# Sanitizers reserve address space and run slower: no cap, a 10 MB line.
case $NP_BIN in *asan*) NP_NO_ULIMIT=1 BIG_MB=${NP_BIG_MB:-10} ;; esac

# Every program that reads JSON Lines (np-pages reads raw pages:
# bad-pages.sh), or those named in NP_PROGS.
progs=()
for p in "$NP_BIN"/np-*; do
	[ -x "$p" ] || continue
	p=$(basename "$p")
	[ "$p" = np-pages ] && continue
	case " ${NP_PROGS:-$p} " in *" $p "*) progs+=("$p") ;; esac
done

# run PROG [ARG...] <INPUT: stdout to $TMP/out, stderr to $TMP/err, the
# status in $rc.
run() {
	"$NP_BIN/$1" "${@:2}" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

err1() { head -1 "$TMP/err"; }
nlines() { wc -l <"$1" | tr -d ' '; }

# ends_clean FILE: empty, or every line complete (ends with a newline).
ends_clean() {
	[ ! -s "$1" ] || [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ]
}

# has_fields OUT JSON: some record of OUT (JSON Lines, or CSV for np-csv)
# keeps every field of JSON with its value.
has_fields() {
	python3 - "$1" "$2" <<'PY'
import json, sys
want = json.loads(sys.argv[2])
for line in open(sys.argv[1], encoding="utf-8"):
    rec = json.loads(line)
    if all(k in rec and rec[k] == v for k, v in want.items()):
        sys.exit(0)
sys.exit(1)
PY
}

# Records with ids; the good ones carry text the filters work on.
cat >"$TMP/good.jsonl" <<'EOF'
{"rid":1,"source":"a.txt","page":1,"date":"2023-05-01","text":"株洲日报讯（记者 王小明）2023年5月1日，株洲市天元区举行活动。\n市委书记李华出席。"}
{"rid":2,"source":"a.txt","page":2,"date":"2023-05-01","text":"本报讯 昨日，芦淞区召开会议。"}
EOF

# Binary garbage: the same bytes every run.
awk 'BEGIN { srand(20231); for (i = 0; i < 6000; i++) printf "%c", int(rand() * 255) + 1 }' \
	</dev/null >"$TMP/garbage"
printf '\0\0\0\n\0' >>"$TMP/garbage"

# Enough output to fill a pipe many times over.
cat "$TMP/good.jsonl" "$TMP/good.jsonl" >"$TMP/many"
for i in 1 2 3 4 5 6 7 8 9 10 11; do cat "$TMP/many" "$TMP/many" >"$TMP/many2"; mv "$TMP/many2" "$TMP/many"; done

for p in "${progs[@]}"; do
	csv=0
	[ "$p" = np-csv ] && csv=1

	# --- lines that are not JSON objects -----------------------------
	printf 'hello\n' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: not JSON: exit 1" "$rc" 1
	like "$p: not JSON: FILE:LINE: message" "$(err1)" "^$p: <stdin>:1: not JSON"
	is "$p: not JSON: nothing on stdout" "$(wc -c <"$TMP/out")" 0

	printf '%s\n' '{"id":1}' '[1,2]' >"$TMP/in"
	run "$p" "$TMP/in"
	is "$p: JSON array: exit 1" "$rc" 1
	like "$p: JSON array: named file and line" "$(err1)" "^$p: $TMP/in:2: not a JSON object"

	printf '"text"\n' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: JSON string: exit 1" "$rc" 1

	# --- the text field: absent passes, not a string is rejected -----
	in='{"rid":7,"page":3,"source":"x.txt","tags":["a",{"b":0.1}],"n":null}'
	printf '%s\n' "$in" >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: no text field: exit 0" "$rc" 0
	if [ $csv = 0 ]; then
		ok "$p: no text field: fields intact" has_fields "$TMP/out" "$in"
	else
		like "$p: no text field: a CSV row" "$(cat "$TMP/out")" '7'
	fi
	is "$p: no text field: no message" "$(cat "$TMP/err")" ""

	for bad in 42 null '["a"]' '{"s":"t"}' true; do
		printf '{"id":1,"text":%s}\n' "$bad" >"$TMP/in"; run "$p" <"$TMP/in"
		is "$p: text $bad: exit 1" "$rc" 1
		like "$p: text $bad: says so" "$(err1)" "^$p: <stdin>:1: .*text"
		is "$p: text $bad: no output" "$(wc -c <"$TMP/out")" 0
	done

	printf '{"id":1,"body":"株洲市芦淞区"}\n' >"$TMP/in"; run "$p" --field body <"$TMP/in"
	is "$p: --field names the text field" "$rc" 0
	printf '{"id":1,"body":5}\n' >"$TMP/in"; run "$p" --field body <"$TMP/in"
	is "$p: --field body not a string: exit 1" "$rc" 1

	# --- encodings ----------------------------------------------------
	printf '{"id":1,"text":"ab\xff\xfecd"}\n' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: raw invalid UTF-8: exit 1" "$rc" 1
	like "$p: raw invalid UTF-8: says so" "$(err1)" "^$p: <stdin>:1: .*invalid UTF-8"

	printf '{"id":1,"text":"株\xe6\xb4"}\n' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: truncated UTF-8: exit 1" "$rc" 1

	printf '%s\n' '{"id":1,"text":"a\ud800b"}' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: lone surrogate escape: exit 1" "$rc" 1
	like "$p: lone surrogate escape: says so" "$(err1)" "^$p: <stdin>:1: .*(Unicode|surrogate)"

	printf '%s\n' '{"id":1,"text":"\udc00"}' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: lone low surrogate: exit 1" "$rc" 1

	printf '%s\n' '{"id":1,"text":"\ud83d\ude00 株洲"}' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: surrogate pair is fine" "$rc" 0

	printf '{"id":1,"text":"a"}\0\n' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: NUL byte: exit 1" "$rc" 1
	like "$p: NUL byte: says so" "$(err1)" "^$p: <stdin>:1: .*NUL"

	# jansson alone would drop this NUL and take the line (found by
	# fuzz-csv): the reader refuses it.
	printf '{"id":1,"t":[1,2\0],"text":"a"}\n' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: NUL between tokens: exit 1" "$rc" 1
	like "$p: NUL between tokens: says so" "$(err1)" "^$p: <stdin>:1: .*NUL byte at byte 17"

	printf '%s\n' '{"id":1,"text":"a\u0000b"}' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: \\u0000 escape: exit 1" "$rc" 1
	like "$p: \\u0000 escape: says so" "$(err1)" "^$p: <stdin>:1: .*NUL"

	run "$p" "$TMP/garbage"
	is "$p: binary garbage: exit 1" "$rc" 1
	like "$p: binary garbage: FILE:LINE: message" "$(err1)" "^$p: $TMP/garbage:1: "
	is "$p: binary garbage: nothing on stdout" "$(wc -c <"$TMP/out")" 0
	ok "$p: binary garbage: message is printable" \
		bash -c "! LC_ALL=C grep -q '[[:cntrl:]]' '$TMP/err'"

	# --- file shapes --------------------------------------------------
	: >"$TMP/empty"
	run "$p" "$TMP/empty"
	is "$p: empty file: exit 0" "$rc" 0
	[ $csv = 0 ] && is "$p: empty file: no output" "$(wc -c <"$TMP/out")" 0

	printf '\n  \n\t\n' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: blank lines: exit 0" "$rc" 0

	printf '%s' '{"rid":9,"page":1}' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: no final newline: exit 0" "$rc" 0
	ok "$p: no final newline: output ends its line" ends_clean "$TMP/out"
	[ $csv = 0 ] && ok "$p: no final newline: record read" has_fields "$TMP/out" '{"rid":9}'

	printf '{"rid":1,"page":1}\r\n{"rid":2,"page":2}\r\n' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: CRLF: exit 0" "$rc" 0
	ok "$p: CRLF: no CR written" bash -c "! grep -q \$'\\r' '$TMP/out'"
	[ $csv = 0 ] && ok "$p: CRLF: both records" has_fields "$TMP/out" '{"rid":2}'

	printf '\xef\xbb\xbf{"id":1,"page":1}\n' >"$TMP/in"; run "$p" <"$TMP/in"
	is "$p: UTF-8 BOM: exit 0" "$rc" 0

	run "$p" "$TMP/nonexistent"
	is "$p: missing file: exit 3" "$rc" 3
	like "$p: missing file: says which" "$(err1)" "^$p: $TMP/nonexistent: No such file"

	run "$p" --no-such-option </dev/null
	is "$p: unknown option: exit 2" "$rc" 2

	# --- output trouble -----------------------------------------------
	"$NP_BIN/$p" <"$TMP/good.jsonl" >/dev/full 2>"$TMP/err"
	is "$p: full disk: exit 3" "$?" 3
	like "$p: full disk: says so" "$(err1)" "^$p: .*No space left on device"

	"$NP_BIN/$p" <"$TMP/many" 2>"$TMP/err" | head -1 >/dev/null
	is "$p: closed stdout (| head -1): exit 0" "${PIPESTATUS[0]}" 0
	is "$p: closed stdout (| head -1): quiet" "$(cat "$TMP/err")" ""

	# A bad line stops the program: what came before is whole lines.
	{ cat "$TMP/good.jsonl"; echo '{"rid":3,"text":'; cat "$TMP/good.jsonl"; } >"$TMP/in"
	run "$p" "$TMP/in"
	is "$p: bad line 3: exit 1" "$rc" 1
	like "$p: bad line 3: FILE:LINE" "$(err1)" "^$p: $TMP/in:3: not JSON"
	ok "$p: bad line 3: no partial line written" ends_clean "$TMP/out"
	[ $csv = 0 ] && ok "$p: bad line 3: records before it written" \
		has_fields "$TMP/out" '{"rid":2}'

	# --- --keep-going: records in = records out + rejects --------------
	{
		echo '{"rid":101,"page":1,"text":"株洲市天元区"}'
		echo 'not json'
		echo '{"rid":102,"page":1,"text":7}'
		echo '[1]'
		echo '{"rid":103,"page":2,"text":"本报讯 株洲市荷塘区"}'
		printf '{"rid":104,"page":1,"text":"\xff"}\n'
		echo '{"rid":105,"page":1,"text":"\ud800"}'
		echo
		echo '{"rid":106,"page":3,"text":"2023年5月1日"}'
		echo '{"rid":107,"page":1,"text":{"a":1}}'
		printf '{"rid":108,"page":4,"text":"株洲"}'
	} >"$TMP/mixed"
	run "$p" --keep-going --rejects "$TMP/rejects" "$TMP/mixed"
	is "$p: --keep-going: exit 1 after rejections" "$rc" 1
	is "$p: --keep-going: 6 rejected" "$(nlines "$TMP/rejects")" 6
	ok "$p: --keep-going: rejects are the input lines unchanged" \
		bash -c "LC_ALL=C grep -Fxvf '$TMP/mixed' '$TMP/rejects' | wc -l | grep -qx 0"
	is "$p: --keep-going: one message a rejection" \
		"$(grep -c '(rejected)$' "$TMP/err")" 6
	like "$p: --keep-going: summary" "$(tail -1 "$TMP/err")" "^$p: 6 of 10 records rejected"
	# Each record kept shows up in the output (np-split may make several
	# of one page): records out + rejects = non-blank lines in.
	got=$(python3 -c '
import csv, json, sys
if sys.argv[2] == "1":
    rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
    print(len({r["rid"] for r in rows}))
else:
    print(len({json.loads(l)["rid"] for l in open(sys.argv[1])}))' "$TMP/out" $csv)
	is "$p: --keep-going: records in = out + rejects" \
		"$((got + $(nlines "$TMP/rejects")))" 10
	ok "$p: --keep-going: output whole lines" ends_clean "$TMP/out"

	run "$p" --keep-going "$TMP/mixed"
	is "$p: --keep-going to stderr: exit 1" "$rc" 1
	like "$p: --keep-going to stderr: line and reason" \
		"$(grep -A1 ':2: ' "$TMP/err" | tr '\n' '|')" \
		":2: not JSON.*\(rejected\)\|not json\|"

	run "$p" --keep-going "$TMP/good.jsonl"
	is "$p: --keep-going, nothing bad: exit 0" "$rc" 0
	run "$p" --rejects "$TMP/rejects" "$TMP/good.jsonl"
	is "$p: --rejects, nothing bad: exit 0" "$rc" 0
	ok "$p: --rejects, nothing bad: empty rejects file" test -f "$TMP/rejects" -a ! -s "$TMP/rejects"

	run "$p" --rejects /dev/full "$TMP/mixed"
	is "$p: rejects file on a full disk: exit 3" "$rc" 3
	like "$p: rejects file on a full disk: says so" "$(tail -1 "$TMP/err")" \
		"^$p: /dev/full: write error"

	run "$p" --rejects "$TMP/no/such/dir/rej" "$TMP/mixed"
	is "$p: rejects file cannot be made: exit 3" "$rc" 3
done

# --- one 50 MB line, for every program ---------------------------------
# The text is plain but real: paragraphs of Chinese with numbers and the
# odd date, joined by \n escapes into one JSON line.  Memory stays within
# a small multiple of the line (checked with ulimit -v when not under a
# sanitizer), and each program must finish well inside a minute.
chunk='株洲市天元区今天举行会议，市长出席并讲话。2023年5月1日，记者王明报道。\n'
s=$chunk
while [ ${#s} -lt 100000 ]; do s=$s$s; done
{
	printf '{"rid":1,"source":"big.txt","page":1,"text":"'
	n=$((BIG_MB * 1024 * 1024))
	size=$(printf '%s' "$s" | wc -c)
	for i in $(seq $((n / size))); do printf '%s' "$s"; done
	printf '"}\n{"rid":2,"source":"big.txt","page":2,"text":"株洲"}\n'
} >"$TMP/big"
limit=$(( (BIG_MB * 1024 * 40) + 400000 ))	# KiB: 40 x the line + 400 MB
for p in "${progs[@]}"; do
	start=$SECONDS
	if [ "${NP_NO_ULIMIT:-0}" = 1 ]; then
		timeout 300 "$NP_BIN/$p" <"$TMP/big" >"$TMP/out" 2>"$TMP/err"
	else
		(ulimit -v $limit; exec timeout 120 "$NP_BIN/$p" <"$TMP/big" >"$TMP/out" 2>"$TMP/err")
	fi
	rc=$?
	secs=$((SECONDS - start))
	is "$p: ${BIG_MB} MB line: exit 0" "$rc" 0
	is "$p: ${BIG_MB} MB line: no message" "$(head -c 300 "$TMP/err")" ""
	ok "$p: ${BIG_MB} MB line: output whole lines" ends_clean "$TMP/out"
	[ "$p" = np-csv ] || ok "$p: ${BIG_MB} MB line: the next record too" \
		has_fields "$TMP/out" '{"rid":2,"page":2}'
	echo "# $p: ${BIG_MB} MB line in ${secs}s"
done
rm -f "$TMP/big"

done_testing
