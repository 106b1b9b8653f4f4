#!/usr/bin/env bash
# pages.sh - np-pages on real files: every encoding it claims (made with
# iconv from a sample), the masthead fields of the samples against the gold
# "page" objects, binary and missing files, --date and --keep-going.
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
P="$NP_BIN/np-pages"
s1="$root/samples/001_652cfa5729f152fc.txt"

# jf [-r|-c] KEY...: from JSON Lines on stdin, the value at the KEY path of
# each record (-r: strings raw), like jq -r/-c .KEY (python3, no jq needed).
jf() {
	python3 -c '
import json, sys
mode, keys = sys.argv[1], sys.argv[2:]
text = sys.stdin.read()
try:
    recs = [json.loads(text)]          # one document (a gold file)
except ValueError:
    recs = [json.loads(l) for l in text.splitlines() if l.strip()]
for r in recs:
    for k in keys:
        r = r.get(k) if isinstance(r, dict) else None
    if mode == "-r" and isinstance(r, str):
        sys.stdout.write(r + "\n")
    else:
        print(json.dumps(r, ensure_ascii=False, separators=(",", ":")))' "$@"
}

# fields FILE...: the masthead fields and the text length of each record.
fields() {
	"$P" "$@" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print(json.dumps([r[k] for k in ("paper", "date", "weekday", "lunar",
        "issue", "page_count", "cn")] + [len(r["text"]), r.get("warnings")],
        ensure_ascii=False))'
}

# --- encodings: the same page in every form gives the same record --------
want=$(fields "$s1")
like "sample 001 reads" "$want" '^\["株洲日报", "2023-02-01", "星期三", "癸卯年正月十一", 23203, 8, "CN 43-0005", [0-9]+, null\]$'
iconv -f UTF-8 -t UTF-16 "$s1" >"$TMP/u16.txt"
iconv -f UTF-8 -t UTF-16LE "$s1" | { printf '\377\376'; cat; } >"$TMP/u16le.txt"
iconv -f UTF-8 -t UTF-16BE "$s1" | { printf '\376\377'; cat; } >"$TMP/u16be.txt"
iconv -f UTF-8 -t UTF-16LE "$s1" >"$TMP/u16le-nobom.txt"
iconv -f UTF-8 -t UTF-32 "$s1" >"$TMP/u32.txt"
iconv -f UTF-8 -t GB18030 "$s1" >"$TMP/gb18030.txt"
{ printf '\357\273\277'; cat "$s1"; } >"$TMP/bom.txt"
for enc in u16 u16le u16be u16le-nobom u32 gb18030 bom; do
	is "$enc: same record as UTF-8" "$(fields "$TMP/$enc.txt")" "$want"
done
# GBK: the sample minus the characters GBK lacks, against its UTF-8 form.
iconv -f UTF-8 -t GBK -c "$s1" >"$TMP/gbk.txt" 2>/dev/null
iconv -f GBK -t UTF-8 "$TMP/gbk.txt" >"$TMP/gbk-utf8.txt"
is "GBK: same record as its UTF-8 form" "$(fields "$TMP/gbk.txt")" \
    "$(fields "$TMP/gbk-utf8.txt")"
ok "GBK and UTF-8 give the same text" sh -c \
    "'$P' '$TMP/gbk.txt' | jf -r text > '$TMP/a'; '$P' '$TMP/gbk-utf8.txt' | jf -r text > '$TMP/b'; cmp '$TMP/a' '$TMP/b'"
sed 's/$/\r/' "$s1" >"$TMP/crlf.txt"
tr '\n' '\r' <"$s1" >"$TMP/cr.txt"
"$P" "$s1" | jf -r text >"$TMP/lf.out"
"$P" "$TMP/cr.txt" | jf -r text >"$TMP/cr.out"
ok "CR line ends become LF" cmp "$TMP/lf.out" "$TMP/cr.out"
out=$("$P" "$TMP/crlf.txt" | jf -r text | tr -d '\n' | grep -c $'\r')
is "CRLF line ends leave no CR" "$out" 0

# --- invalid bytes and NULs are counted, never dropped ---------------------
{ head -c 300 "$s1"; printf '\377\376X\000Y'; tail -c 300 "$s1"; } >"$TMP/bad.txt"
w=$("$P" "$TMP/bad.txt" | jf -c warnings)
like "invalid bytes counted" "$w" 'undecodable bytes? replaced with U\+FFFD'
like "NUL bytes counted" "$w" '1 NUL byte replaced with U\+FFFD'
n=$("$P" "$TMP/bad.txt" | jf -r text | grep -o $'\xef\xbf\xbd' | wc -l)
ok "replacement characters are in the text" test "$n" -ge 2

# --- the samples' masthead fields against the gold page objects -------------
for g in "$root"/tests/gold/*.json; do
	src=$(jf -r source <"$g")
	hint=$(jf -r page date_hint <"$g")
	"$P" --date "$hint" "$root/samples/$src" >"$TMP/page.jsonl"
	got=$(python3 - "$g" "$TMP/page.jsonl" <<'PY'
import json, sys
gold = json.load(open(sys.argv[1], encoding="utf-8"))["page"]
rec = json.loads(open(sys.argv[2], encoding="utf-8").readline())
if rec["date_source"] != "masthead":
    rec["date"] = None
bad = [k for k in ("paper", "date", "weekday", "lunar", "issue", "page_count")
       if rec[k] != gold[k]]
print(" ".join("%s=%r (want %r)" % (k, rec[k], gold[k]) for k in bad) or "match")
PY
)
	is "gold masthead fields of $src" "$got" match
	is "date of $src (masthead, else --date)" "$(jf -r date <"$TMP/page.jsonl")" "$hint"
done
for s in 001_652cfa5729f152fc 002_021a3cd9acbad4a7; do
	is "no warnings on sample $s" "$("$P" "$root/samples/$s.txt" | jf -c warnings)" null
done

# --- a weekday that does not match ------------------------------------------
sed 's/2023年2月1日 星期三/2023年2月1日 星期五/' "$s1" >"$TMP/wd.txt"
like "a wrong weekday is a warning" "$("$P" "$TMP/wd.txt" | jf -c warnings)" \
    'weekday 星期五 does not match 2023-02-01 \(星期三\)'

# --- binary, missing files, options ------------------------------------------
head -c 4096 "$P" >"$TMP/prog.bin"
"$P" "$TMP/prog.bin" >"$TMP/out" 2>"$TMP/err"
is "a binary file exits 1" "$?" 1
like "with a clear message" "$(cat "$TMP/err")" \
    "^np-pages: $TMP/prog.bin: not a text file: [0-9]+ of [0-9]+ characters"
is "and no output" "$(wc -c <"$TMP/out" | tr -d ' ')" 0
"$P" --keep-going "$TMP/prog.bin" "$s1" >"$TMP/out" 2>"$TMP/err"
is "--keep-going: exit 1" "$?" 1
is "--keep-going: the text file still comes out" "$(jf -r source <"$TMP/out")" \
    "$(basename "$s1")"
"$P" "$TMP/prog.bin" "$s1" >"$TMP/out" 2>/dev/null
is "without it, processing stops at the bad file" "$(wc -c <"$TMP/out" | tr -d ' ')" 0
"$P" "$TMP/no-such-file" >/dev/null 2>"$TMP/err"
is "a missing file exits 3" "$?" 3
like "naming the file" "$(cat "$TMP/err")" "^np-pages: $TMP/no-such-file: "
"$P" --date 2023-13-01 "$s1" >/dev/null 2>&1
is "--date 2023-13-01 is a usage error" "$?" 2
"$P" --date yesterday "$s1" >/dev/null 2>&1
is "--date yesterday is a usage error" "$?" 2
"$P" --help >/dev/null
is "--help exits 0" "$?" 0
like "--version" "$("$P" --version)" "np-pages"
printf 'a\fb\fc' | "$P" >"$TMP/out"
is "three pages from two form feeds" "$(jf -r page <"$TMP/out" | tr '\n' ' ')" "1 2 3 "
"$P" "$s1" "$root/samples/002_021a3cd9acbad4a7.txt" | head -1 >/dev/null
is "a closed pipe is quiet" "${PIPESTATUS[0]}" 0
done_testing
