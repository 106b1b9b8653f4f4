#!/usr/bin/env bash
# clean.sh - np-clean on the sample pages: no text lost beyond the removed
# duplicates, the probes it owns, --diff, idempotence, the command line.
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh

pages=$TMP/pages.jsonl
"$NP_BIN/np-pages" --date 2024-01-01 samples/0*.txt >"$pages"
"$NP_BIN/np-clean" <"$pages" >"$TMP/clean.jsonl"
ok "np-clean exits 0 on the samples" "$NP_BIN/np-clean" <"$pages"
is "one record out per record in" "$(wc -l <"$TMP/clean.jsonl")" "$(wc -l <"$pages")"

# Every CJK character of the input is in the output, except the duplicates
# removed (and the ones added for foreign words), as the clean counts say.
acct=$(python3 - "$pages" "$TMP/clean.jsonl" <<'PY'
import json, sys
def cjk(s):
    return sum(1 for ch in s if 0x4E00 <= ord(ch) <= 0x9FFF or 0x3400 <= ord(ch) <= 0x4DBF
               or 0xF900 <= ord(ch) <= 0xFAFF or 0x20000 <= ord(ch) <= 0x3134F or ch == "\u3007")
bad = 0
for a, b in zip(open(sys.argv[1], encoding="utf-8"), open(sys.argv[2], encoding="utf-8")):
    a, b = json.loads(a), json.loads(b)
    c = b["clean"]
    want = cjk(a["text"]) - c["cjk_removed"] + c["cjk_added"]
    if cjk(b["text"]) != want:
        print(f"{a['source']}: {cjk(b['text'])} CJK out, want {want}")
        bad += 1
print("ok" if not bad else "bad")
PY
)
is "CJK out = in - cjk_removed + cjk_added on every page" "$acct" ok

removed=$(python3 -c '
import json, sys
print(sum(json.loads(l)["clean"]["cjk_removed"] for l in open(sys.argv[1])))' "$TMP/clean.jsonl")
like "some duplicates are removed, and few" "$removed" '^[1-9][0-9]?$'

probes=$(NP_BIN=$NP_BIN scripts/probe-check | sed -n 1p)
like "np-clean alone passes 59 of the 61 probes that are not furniture" "$probes" ' (59|60|61)/61 pass'

# --diff: a unified diff on stderr, the same records on stdout.
"$NP_BIN/np-clean" --diff <"$pages" >"$TMP/diff.jsonl" 2>"$TMP/diff.err"
ok "--diff leaves stdout as it was" cmp "$TMP/clean.jsonl" "$TMP/diff.jsonl"
like "--diff names each page" "$(head -2 "$TMP/diff.err")" '^--- 000_d986db4c8df41d12.txt#1'
like "--diff writes hunks" "$(grep -c '^@@ -[0-9]*,[0-9]* +[0-9]*,[0-9]* @@' "$TMP/diff.err")" '^[1-9][0-9]*$'
like "--diff shows a joined line" "$(cat "$TMP/diff.err")" '\+曹慧泉强调，要深化改革创新，'

# Cleaning clean text changes nothing more.
"$NP_BIN/np-clean" <"$TMP/clean.jsonl" >"$TMP/twice.jsonl"
same=$(python3 -c '
import json, sys
a = [json.loads(l)["text"] for l in open(sys.argv[1])]
b = [json.loads(l)["text"] for l in open(sys.argv[2])]
print("same" if a == b else "different")' "$TMP/clean.jsonl" "$TMP/twice.jsonl")
is "np-clean is idempotent on the samples" "$same" same

ok "--help exits 0" "$NP_BIN/np-clean" --help
like "--help lists --diff" "$("$NP_BIN/np-clean" --help)" '--diff'
ok "--version exits 0" "$NP_BIN/np-clean" --version
"$NP_BIN/np-clean" --no-such-option </dev/null >/dev/null 2>&1
is "a bad option exits 2" "$?" 2
"$NP_BIN/np-clean" "$TMP/missing.jsonl" >/dev/null 2>&1
is "a missing file exits 3" "$?" 3
printf '{"text":"a"}\n{"text":\n' | "$NP_BIN/np-clean" >/dev/null 2>&1
is "a line that is not JSON exits 1" "$?" 1
done_testing
