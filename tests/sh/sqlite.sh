#!/usr/bin/env bash
# sqlite.sh - the samples and a crafted page through scripts/tables into
# SQLite with scripts/load-sqlite: row counts, exact values read back through
# SQL, loading twice, and a reload that replaces a page's rows.
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
. tests/sh/warehouse.bash
export NP_BIN

if ! command -v sqlite3 >/dev/null; then
	echo "not ok 1 - sqlite3 is not installed (scripts/setup-deps installs it)"
	exit 1
fi
ok "extract the samples" wh_records "$TMP/records.jsonl"
ok "scripts/tables" scripts/tables "$TMP/out" "$TMP/records.jsonl"
ok "scripts/tables reads stdin too" sh -c "scripts/tables '$TMP/out2' <'$TMP/records.jsonl'"
is "same tables from stdin and from a file" \
	"$(cat "$TMP"/out/*.csv | md5sum)" "$(cat "$TMP"/out2/*.csv | md5sum)"
db=$TMP/news.db
ok "load-sqlite" scripts/load-sqlite "$db" "$TMP/out"

q() { sqlite3 -batch "$db" "$1"; }
counts() {
	echo "$(q 'SELECT count(*) FROM pages') $(q 'SELECT count(*) FROM articles')" \
		"$(q 'SELECT count(*) FROM people') $(q 'SELECT count(*) FROM dates')"
}
want=$(wh_counts "$TMP/records.jsonl")
is "row counts (pages articles people dates)" "$(counts)" "$want"

is "headline with quotes, commas and a newline" \
	"$(q "SELECT hex(headline) FROM articles WHERE source='crafted.txt' AND article=1")" \
	"$(wh_headline_hex)"
is "text with a comma, a newline and quotes" \
	"$(q "SELECT text = '第一段,有逗号。' || char(10) || '第二段 \"引号\"' FROM articles WHERE id='crafted.txt#1'")" 1
is "a person's titles, role and mentions" \
	"$(q "SELECT titles || '|' || role || '|' || mentions FROM people WHERE name='王小明'")" \
	"市委书记;市长|official|3"
is "no titles is null" "$(q "SELECT titles IS NULL FROM people WHERE name='张三' AND source='crafted.txt'")" 1
is "person ordinal" "$(q "SELECT ordinal FROM people WHERE name='张三' AND source='crafted.txt'")" 2
is "a quarter's interval" \
	"$(q "SELECT first_day || '..' || last_day || ' ' || precision FROM dates WHERE source='crafted.txt' AND value='2022-10/2022-12'")" \
	"2022-10-01..2022-12-31 quarter"
is "a month in a leap year" \
	"$(q "SELECT first_day || '..' || last_day FROM dates WHERE source='crafted.txt' AND value='2024-02'")" \
	"2024-02-01..2024-02-29"
is "a minute is its day" \
	"$(q "SELECT first_day || '..' || last_day FROM dates WHERE source='crafted.txt' AND value='2023-01-30T20:00'")" \
	"2023-01-30..2023-01-30"
is "an unknown year has no interval" \
	"$(q "SELECT count(*) FROM dates WHERE source='crafted.txt' AND value='--02-25' AND first_day IS NULL AND last_day IS NULL")" 1
is "date offsets" "$(q "SELECT char_start || '-' || char_end || ' ' || field FROM dates WHERE value='2024-02'")" \
	"30-34 headline"
is "dates in an interval, by SQL" \
	"$(q "SELECT count(*) FROM dates WHERE '2022-11-15' BETWEEN first_day AND last_day AND source='crafted.txt'")" 1
is "page fields from the record that has them" \
	"$(q "SELECT paper || ' ' || date || ' ' || issue FROM pages WHERE source='crafted.txt'")" \
	"株洲日报 2024-02-06 23207"
is "missing fields are null" \
	"$(q "SELECT (headline IS NULL) + (byline IS NULL) + (id IS NULL) FROM articles WHERE source='crafted.txt' AND article=2")" 3
is "banner, with a comma and quotes" \
	"$(q "SELECT banner FROM articles WHERE id='crafted.txt#1'")" '春风行动 专栏, "二"'
is "no banner is null" "$(q "SELECT count(*) FROM articles WHERE source='crafted.txt' AND banner IS NULL")" 1
is "banner comes before kicker" \
	"$(q "SELECT group_concat(name, ' ') FROM pragma_table_info('articles') WHERE name IN ('kind', 'banner', 'kicker', 'headline')")" \
	"kind banner kicker headline"
nb=$(jq -r 'select((.source // "") | startswith("00")) | .banner // empty' "$TMP/records.jsonl" | wc -l)
ok "np-split finds banners on the samples" test "$nb" -gt 0
is "the samples' banners are loaded" \
	"$(q "SELECT count(*) FROM articles WHERE source LIKE '00%' AND banner IS NOT NULL")" "$((nb))"
is "an empty string is null too" "$(q "SELECT subtitle IS NULL FROM articles WHERE id='crafted.txt#1'")" 1
is "sample page dates" "$(q "SELECT group_concat(date, ' ') FROM (SELECT date FROM pages WHERE source LIKE '00%' ORDER BY source)")" \
	"$(grep -v '^#' samples/dates.tsv | cut -f2 | tr '\n' ' ' | sed 's/ $//')"
is "a record without source, page or article" \
	"$(q "SELECT source || ' ' || page || ' ' || article || ' ' || kind FROM articles WHERE text LIKE '一条没有%'")" "- 1 1 notice"
is "foreign keys hold" "$(q 'PRAGMA foreign_key_check')" ""
like "indexes on name and date" "$(q "SELECT group_concat(name) FROM sqlite_master WHERE type='index'")" \
	"people_name.*dates_day|dates_day.*people_name"

ok "load again" scripts/load-sqlite "$db" "$TMP/out"
is "nothing duplicated" "$(counts)" "$want"

# Reload the crafted page without its second article and with one person
# fewer: the page's rows are replaced, the samples' rows stay.
python3 - "$TMP/records.jsonl" >"$TMP/less.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r.get("source") != "crafted.txt":
        continue
    if r.get("article") == 2:
        continue
    r["people"] = r["people"][:1]
    print(json.dumps(r, ensure_ascii=False))
PY
ok "tables of the changed page" scripts/tables "$TMP/less" "$TMP/less.jsonl"
ok "load the changed page" scripts/load-sqlite "$db" "$TMP/less"
read -r p a n d <<<"$want"
is "reload replaced the page's rows" "$(counts)" "$p $((a - 1)) $((n - 1)) $d"

is "articles per person" \
	"$(q "SELECT p.name || ':' || count(*) FROM people p JOIN articles a USING (source, page, article) WHERE p.name='王小明' GROUP BY p.name")" \
	"王小明:1"
# A database made before the banner column: the loader adds it.
old=$TMP/old.db
sed '/^[[:space:]]*banner /d' sql/sqlite-schema.sql | sqlite3 -batch "$old"
is "an old database has no banner column" \
	"$(sqlite3 -batch "$old" "SELECT count(*) FROM pragma_table_info('articles') WHERE name='banner'")" 0
ok "load-sqlite into it" scripts/load-sqlite "$old" "$TMP/out"
is "banner added and loaded" \
	"$(sqlite3 -batch "$old" "SELECT banner || '|' || headline FROM articles WHERE id='crafted.txt#1'")" \
	"$(q "SELECT banner || '|' || headline FROM articles WHERE id='crafted.txt#1'")"
ok "and loaded again" scripts/load-sqlite "$old" "$TMP/out"

ok "load-sqlite without arguments is a usage error" sh -c 'scripts/load-sqlite; test $? -eq 2'
done_testing
