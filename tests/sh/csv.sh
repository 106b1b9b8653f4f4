#!/usr/bin/env bash
# csv.sh - np-csv as a program: round trips through Python's csv module,
# agreement with Miller, --all-fields' spill file, FILE:LINE errors, exit
# codes, a closed pipe, and flat memory on a growing input.
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
csv=$NP_BIN/np-csv

# Random records of awkward strings: quotes, delimiters, CR, LF, tabs,
# spaces at the ends, non-ASCII, escapes, empty strings and nulls.
python3 - >"$TMP/rand.jsonl" <<'PY'
import json, random
rng = random.Random(7)
alphabet = ['a', 'b', ' ', ',', '"', '\n', '\r', '\t', ';', '\u00e9', '\u4e2d',
            '\U0001F600', '\\', '/', "'", '=', '\u2028']
for i in range(500):
    rec = {"id": i}
    for k in ("s1", "s2", "s3"):
        r = rng.random()
        if r < 0.1:
            rec[k] = None
        elif r < 0.2:
            rec[k] = ""
        else:
            rec[k] = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
    print(json.dumps(rec, ensure_ascii=rng.random() < 0.5))
PY
"$csv" "$TMP/rand.jsonl" >"$TMP/rand.csv"
is "random records: exit 0" "$?" 0
check_roundtrip() {
	python3 - "$TMP/rand.jsonl" "$1" "$2" <<'PY'
import csv, json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
delim = "\t" if sys.argv[3] == "tab" else ","
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8", newline=""), delimiter=delim))
assert rows[0] == ["id", "s1", "s2", "s3"], rows[0]
assert len(rows) == len(recs) + 1, (len(rows), len(recs))
for rec, row in zip(recs, rows[1:]):
    want = [str(rec["id"])] + ["" if rec[k] is None else rec[k] for k in ("s1", "s2", "s3")]
    assert row == want, (row, want)
PY
}
ok "round trip through Python's csv module" check_roundtrip "$TMP/rand.csv" comma
"$csv" -d tab --crlf "$TMP/rand.jsonl" >"$TMP/rand.tsv"
ok "round trip with tabs and CRLF" check_roundtrip "$TMP/rand.tsv" tab
# null and "" stay apart: an empty string is quoted, a null is not.
nulls=$(python3 -c '
import csv, json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
n = sum(1 for r in recs for k in ("s1","s2","s3") if r[k] is None)
print(n)' "$TMP/rand.jsonl")
bare_empty() {
	python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], encoding="utf-8", newline="").read()
# Split into raw fields, quotes kept, and count the bare empty ones.
n, field, quoted, i = 0, "", False, 0
while i < len(data):
    c = data[i]
    if quoted:
        if c == '"' and data[i + 1:i + 2] == '"':
            field += '""'
            i += 1
        elif c == '"':
            quoted = False
            field += c
        else:
            field += c
    elif c == '"':
        quoted = True
        field += c
    elif c in ",\n":
        n += field == ""
        field = ""
    else:
        field += c
    i += 1
print(n)
PY
}
is "nulls are the only bare empty fields" "$(bare_empty "$TMP/rand.csv")" "$nulls"
if command -v mlr >/dev/null; then
	grep -v null "$TMP/rand.jsonl" | grep -v '"s[123]": ""' | grep -v '\\r' >"$TMP/plain.jsonl"
	is "same bytes as mlr --ijsonl --ocsv" \
		"$("$csv" "$TMP/plain.jsonl" | md5sum)" \
		"$(mlr --ijsonl --ocsv cat "$TMP/plain.jsonl" | md5sum)"
else
	echo "# mlr not installed: Miller comparison skipped"
fi

# Reals: the shortest digits that read back (Python's repr is the
# reference), whatever the magnitude, subnormals included.
check_reals() {
	python3 - "$csv" <<'PY'
import json, random, struct, subprocess, sys
rng = random.Random(1)
vals = []
while len(vals) < 20000:
    r = rng.random()
    if r < 0.3:
        x = rng.uniform(-1e6, 1e6)
    elif r < 0.6:
        x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    else:
        x = rng.random() * 10 ** rng.randint(-320, 300)
    if x == x and abs(x) != float("inf"):
        vals.append(x)
inp = "".join(json.dumps({"x": v}) + "\n" for v in vals).encode()
out = subprocess.run([sys.argv[1], "--no-header"], input=inp,
                     capture_output=True, check=True).stdout.decode().split("\n")
def digits(s):
    return len(s.lower().split("e")[0].replace("-", "").replace(".", "").strip("0"))
bad = [(v, o) for v, o in zip(vals, out)
       if float(o) != v or digits(o) != digits(repr(v))]
assert not bad, bad[:5]
PY
}
ok "reals: shortest round trip, 20000 doubles" check_reals

# --all-fields: the union of keys, in first-seen order, through a spill file
# that is gone afterwards.
mkdir "$TMP/spill"
python3 -c '
for i in range(3000):
    print("{\"k%d\":%d,\"common\":\"c%d\"}" % (i % 50, i, i))' >"$TMP/keys.jsonl"
TMPDIR=$TMP/spill "$csv" --all-fields "$TMP/keys.jsonl" >"$TMP/keys.csv"
is "--all-fields: header" "$(head -1 "$TMP/keys.csv")" \
	"k0,common,$(seq -s, -f 'k%g' 1 49)"
is "--all-fields: rows" "$(wc -l <"$TMP/keys.csv")" 3001
is "--all-fields: a row" "$(sed -n 53p "$TMP/keys.csv")" ",c51,51$(printf ',%.0s' $(seq 48))"
is "--all-fields: spill file removed" "$(ls -A "$TMP/spill")" ""
TMPDIR=$TMP/nonexistent "$csv" --all-fields "$TMP/keys.jsonl" >/dev/null 2>"$TMP/err"
is "--all-fields: no temporary directory is an I/O error" "$?" 3

# Errors name the file and line, across files.
printf '{"a":1}\n{"a":2}\n' >"$TMP/one.jsonl"
printf '{"a":3}\n\n{"a":4,"b":5}\n' >"$TMP/two.jsonl"
"$csv" "$TMP/one.jsonl" "$TMP/two.jsonl" >"$TMP/out" 2>"$TMP/err"
is "new key: exit 1" "$?" 1
like "new key: FILE:LINE and the key" "$(cat "$TMP/err")" "two.jsonl:3: key b is not in the header"
is "rows before the error are written" "$(cat "$TMP/out")" "$(printf 'a\n1\n2\n3')"
"$csv" --keep-going "$TMP/one.jsonl" "$TMP/two.jsonl" >"$TMP/out" 2>"$TMP/err"
is "--keep-going: exit 1 after a rejection" "$?" 1
like "--keep-going: summary" "$(cat "$TMP/err")" "1 of 4 records rejected"
printf '{"a":1}\n{"a":\n' | "$csv" >/dev/null 2>"$TMP/err"
is "broken JSON: exit 1" "$?" 1
like "broken JSON: message" "$(cat "$TMP/err")" "^np-csv: <stdin>:2: not JSON: .*\(column 6\)"
"$csv" "$TMP/no-such-file" >/dev/null 2>&1
is "missing file: exit 3" "$?" 3
"$csv" --delimiter '""' </dev/null >/dev/null 2>&1
is "bad delimiter: exit 2" "$?" 2
"$csv" --fields a,b --names x </dev/null >/dev/null 2>&1
is "--names count must match: exit 2" "$?" 2
"$csv" --fields a --all-fields </dev/null >/dev/null 2>&1
is "--fields with --all-fields: exit 2" "$?" 2
like "--help" "$("$csv" --help)" "--explode FIELD"
like "--version" "$("$csv" --version)" "^np-csv \(newsprint\) "

# Input quirks: a BOM on the first line, CRLF line ends.
printf '\xef\xbb\xbf{"a":"x"}\r\n{"a":"y"}\r\n' >"$TMP/bom.jsonl"
is "BOM and CRLF in the input" "$("$csv" "$TMP/bom.jsonl")" "$(printf 'a\nx\ny')"

# A reader that goes away early ends np-csv quietly.
python3 -c '
import sys
for i in range(200000):
    sys.stdout.write("{\"i\":%d,\"s\":\"some text to make the line longer\"}\n" % i)' >"$TMP/big.jsonl"
"$csv" "$TMP/big.jsonl" 2>"$TMP/err" | head -2 >"$TMP/out"
is "| head: np-csv exits 0" "${PIPESTATUS[0]}" 0
is "| head: nothing on stderr" "$(cat "$TMP/err")" ""

# Flat memory: peak RSS for 1x and 8x the input (not under ASan, whose
# quarantine grows with the work done).
case $NP_BIN in
*asan*) echo "# memory check skipped under ASan" ;;
*)
	for i in 1 2 3 4 5 6 7 8; do cat "$TMP/big.jsonl"; done >"$TMP/big8.jsonl"
	rss() {
		python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
	}
	r1=$(rss "$csv" -e x --fields i,s,x.y "$TMP/big.jsonl")
	r8=$(rss "$csv" -e x --fields i,s,x.y "$TMP/big8.jsonl")
	ok "flat memory: ${r1} KB for 1x, ${r8} KB for 8x" test "$r8" -lt $((r1 + 2048))
	r8=$(rss "$csv" --all-fields "$TMP/big8.jsonl")
	ok "--all-fields memory flat too: ${r8} KB for 8x" test "$r8" -lt $((r1 + 2048))
	;;
esac
done_testing
