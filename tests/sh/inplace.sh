#!/usr/bin/env bash
# inplace.sh - np-clean, np-split, np-names and np-dates read records
# written in record_write's form in place (lib/rawrec.c), every other line
# through jansson.  The
# two paths must agree: the sample pipeline's records, and the same records
# with their tokens spaced out (which sends each through jansson), give the
# same output; so do records that take the jansson path for a reason of
# their own (a field already there, a field that is not a string, escapes
# the writer would not make).
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)

for page in "$root"/samples/*.txt; do
	"$NP_BIN/np-pages" "$page"
done >"$TMP/pages.jsonl"
"$NP_BIN/np-clean" "$TMP/pages.jsonl" | "$NP_BIN/np-split" >"$TMP/articles.jsonl"
"$NP_BIN/np-names" "$TMP/articles.jsonl" >"$TMP/named.jsonl"
n=$(wc -l <"$TMP/articles.jsonl")
ok "the samples give articles ($n)" test "$n" -gt 20

# The same records with a space after the opening brace, which no
# writer of ours puts there.
spaced() {
	sed 's/^{/{ /' "$1"
}
spaced "$TMP/articles.jsonl" >"$TMP/articles-spaced.jsonl"
spaced "$TMP/named.jsonl" >"$TMP/named-spaced.jsonl"
spaced "$TMP/pages.jsonl" >"$TMP/pages-spaced.jsonl"

for args in "" "--field byline" "--field clean"; do
	# shellcheck disable=SC2086
	"$NP_BIN/np-clean" $args "$TMP/pages.jsonl" >"$TMP/a.out"
	# shellcheck disable=SC2086
	"$NP_BIN/np-clean" $args "$TMP/pages-spaced.jsonl" >"$TMP/b.out"
	ok "np-clean $args: in place and through jansson agree on the pages" \
	    cmp "$TMP/a.out" "$TMP/b.out"
done
"$NP_BIN/np-clean" "$TMP/pages.jsonl" >"$TMP/cleaned.jsonl"
spaced "$TMP/cleaned.jsonl" >"$TMP/cleaned-spaced.jsonl"
for args in "" "--field=kind" "--field=te\"xt"; do
	# shellcheck disable=SC2086
	"$NP_BIN/np-split" $args "$TMP/cleaned.jsonl" >"$TMP/a.out"
	# shellcheck disable=SC2086
	"$NP_BIN/np-split" $args "$TMP/cleaned-spaced.jsonl" >"$TMP/b.out"
	ok "np-split $args: in place and through jansson agree on the pages" \
	    cmp "$TMP/a.out" "$TMP/b.out"
done
"$NP_BIN/np-clean" "$TMP/articles.jsonl" >"$TMP/a.out"
"$NP_BIN/np-clean" "$TMP/articles-spaced.jsonl" >"$TMP/b.out"
ok "np-clean: in place and through jansson agree on articles (headings kept, removed)" \
    cmp "$TMP/a.out" "$TMP/b.out"
is "spacing changed the lines" \
    "$(cmp -s "$TMP/articles.jsonl" "$TMP/articles-spaced.jsonl"; echo $?)" 1

for prog in np-names np-dates; do
	args=
	[ $prog = np-dates ] && args="--date 2023-02-06"
	for input in articles named; do
		"$NP_BIN/$prog" $args "$TMP/$input.jsonl" >"$TMP/a.out"
		"$NP_BIN/$prog" $args "$TMP/$input-spaced.jsonl" >"$TMP/b.out"
		ok "$prog: in place and through jansson agree on $input records" \
		    cmp "$TMP/a.out" "$TMP/b.out"
	done
done
ok "np-dates added dates to the named records" \
    test "$(jq -s 'map(.dates | length) | add' "$TMP/a.out")" -gt 20

# Lines that go to jansson for a reason of their own.
while IFS= read -r line; do
	printf '%s\n' "$line" >"$TMP/one.jsonl"
	spaced "$TMP/one.jsonl" >"$TMP/one-spaced.jsonl"
	for prog in np-clean np-split np-names np-dates; do
		"$NP_BIN/$prog" --keep-going --rejects /dev/null <"$TMP/one.jsonl" >"$TMP/a.out" 2>&1
		"$NP_BIN/$prog" --keep-going --rejects /dev/null <"$TMP/one-spaced.jsonl" >"$TMP/b.out" 2>&1
		ok "$prog: same on $line" cmp "$TMP/a.out" "$TMP/b.out"
	done
done <<'LINES'
{"people":[1],"text":"市委书记张三强调，2月5日","dates":"x","z":1}
{"headline":5,"text":"记者 李四","date":"2023-02-06"}
{"text":null,"kicker":null}
{"kind":"x","article":0,"source":"a\"b.txt","page":2,"text":"头条新闻标题\n\n本报讯（记者 张三）2月5日，市里召开会议。\n\n另一条新闻\n\n正文内容","headings":[{"line":0,"level":1}]}
{"source":5,"page":1.0,"text":"标题\n\n正文"}
{"text":"## 标题\n\n正文株州1,000元","headings":[1],"clean":{"x":1},"zz":[{"a":[]}]}
{"text":"\u5e02\u59d4\u4e66\u8bb0\u5f20\u4e09\u8bf4\uff0c3\u67085\u65e5"}
{"text":"a\/b 王五说\n\"好\"\t1月1日","n":1.50,"m":-0}
{"text":"市长赵六说","text":"市长钱七说"}
{}
LINES

done_testing
