#!/usr/bin/env bash
# split.sh - np-split on the sample pages: no text lost (every character of
# a page is in some article field or in the furniture list), numbering and
# ids, jump-line targets, options and bad input.
. "$(dirname "$0")/../lib.sh"

S=$NP_BIN/np-split

ok "--help exits 0" "$S" --help
like "--help shows the usage" "$("$S" --help)" '^usage: np-split|np-split \[OPTION\]'
ok "--version exits 0" "$S" --version

# lost PAGES ARTICLES: compare the characters of each page's text (blanks
# and markdown heading marks aside) with those of its articles' fields and
# furniture, as multisets; print what differs.
lost() {
	python3 - "$1" "$2" <<'PY'
import collections, json, sys
pages = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    pages[r["source"]] = r["text"]
got = collections.defaultdict(collections.Counter)
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    parts = [r.get(k) or "" for k in ("banner", "kicker", "headline", "subtitle", "byline", "text")]
    parts += r.get("furniture") or []
    got[r["source"]].update(c for c in "".join(parts) if not c.isspace() and c != "#")
bad = 0
for src, text in pages.items():
    want = collections.Counter(c for c in text if not c.isspace() and c != "#")
    if want != got[src]:
        bad = 1
        print(src, "missing", dict(want - got[src]), "extra", dict(got[src] - want))
sys.exit(bad)
PY
}

for page in samples/0*.txt; do
	"$NP_BIN/np-pages" "$page" >"$TMP/page.jsonl"
	"$S" <"$TMP/page.jsonl" >"$TMP/arts.jsonl"
	ok "$(basename "$page"): no character lost or added (raw page)" \
		lost "$TMP/page.jsonl" "$TMP/arts.jsonl"
	if [ -x "$NP_BIN/np-clean" ]; then
		"$NP_BIN/np-clean" <"$TMP/page.jsonl" >"$TMP/clean.jsonl"
		"$S" <"$TMP/clean.jsonl" >"$TMP/arts2.jsonl"
		ok "$(basename "$page"): no character lost or added (after np-clean)" \
			lost "$TMP/clean.jsonl" "$TMP/arts2.jsonl"
	fi
	n=$(wc -l <"$TMP/arts.jsonl" | tr -d ' ')
	is "$(basename "$page"): articles numbered 1..N" \
		"$(jq -r .article "$TMP/arts.jsonl" | tr '\n' ' ')" "$(seq -s ' ' 1 "$n") "
	want="true "
	for _ in $(seq 2 "$n"); do want="${want}false "; done
	is "$(basename "$page"): furniture on the first article only" \
		"$(jq -r 'has("furniture")' "$TMP/arts.jsonl" | tr '\n' ' ')" "$want"
	is "$(basename "$page"): no page text field left" \
		"$(jq -r 'select(.headings != null or .clean != null) | .id' "$TMP/arts.jsonl")" ""
done

# jump lines: every 下转 target is normalized
"$NP_BIN/np-pages" samples/0*.txt | "$S" >"$TMP/all.jsonl"
like "continued_to targets are normalized" \
	"$(jq -r 'select(.continued_to) | .continued_to' "$TMP/all.jsonl" | sort -u | tr '\n' ' ')" \
	'^([A-Z]?[0-9]+版 )+$'
is "every kind is one of the six" \
	"$(jq -r .kind "$TMP/all.jsonl" | grep -cvE '^(news|feature|commentary|photo|notice|teaser)$')" 0

# --field: the text comes from and goes to another field
printf '{"source":"f","body":"标题一行\\n\\n某报讯（记者/王明） 正文。"}\n' >"$TMP/f.jsonl"
is "--field reads and writes the named field" \
	"$("$S" --field body <"$TMP/f.jsonl" | jq -r '.body + "|" + .headline')" "正文。|标题一行"

# a record without text passes through unchanged
is "a record without text passes" "$(echo '{"a":1}' | "$S")" '{"a":1}'

# a text that is not a string is bad data: exit 1 with FILE:LINE
echo '{"text":5}' >"$TMP/bad.jsonl"
"$S" "$TMP/bad.jsonl" >"$TMP/out" 2>"$TMP/err"
is "bad text field exits 1" "$?" 1
like "bad text field names file and line" "$(cat "$TMP/err")" 'np-split: .*bad.jsonl:1: .*text'
printf '{"text":5}\n{"source":"ok","text":"标题\\n\\n正文。"}\n' >"$TMP/bad2.jsonl"
"$S" --keep-going --rejects "$TMP/rej" "$TMP/bad2.jsonl" >"$TMP/out" 2>/dev/null
is "--keep-going goes on after a bad record (exit 1)" "$?" 1
is "--keep-going writes the good record" "$(jq -r .source "$TMP/out")" ok

# Ids stay unique across the pages of one file (form feeds).
printf '株洲日报讯(记者/张三) 1月1日，会议召开。\f株洲日报讯(记者/李四) 1月2日，会议举行。\n' >"$TMP/two.txt"
ids=$("$NP_BIN/np-pages" --date 2024-01-03 "$TMP/two.txt" | "$NP_BIN/np-clean" | "$S" |
	jq -r .id | tr '\n' ' ')
is "ids are unique across a file's pages" "$ids" "two.txt#1 two.txt#2.1 "

done_testing
