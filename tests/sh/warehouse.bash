# warehouse.bash - shared by tests/sh/sqlite.sh and postgres.sh: the article
# records they load, and the row counts expected, computed from the records
# with python3 (independently of np-csv and the loaders).

# wh_records FILE: the sample pages through scripts/extract (with their dates
# from samples/dates.tsv), then the crafted records of warehouse.jsonl.
wh_records() {
	local out=$1 name date
	: >"$out"
	while IFS=$'\t' read -r name date; do
		case $name in '#'* | '') continue ;; esac
		NP_BIN=$NP_BIN scripts/extract --date "$date" "samples/$name" >>"$out" || return 1
	done <samples/dates.tsv
	cat tests/sh/warehouse.jsonl >>"$out"
}

# wh_counts FILE: "pages articles people dates" in the records.
wh_counts() {
	python3 - "$1" <<'PY'
import json, sys
pages, articles, people, dates = set(), set(), 0, 0
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    r = json.loads(line)
    key = (r.get("source") or "-", r.get("page") or 1)
    pages.add(key)
    articles.add(key + (r.get("article") or 1,))
    people += len(r.get("people") or [])
    dates += len(r.get("dates") or [])
print(len(pages), len(articles), people, dates)
PY
}

# The crafted headline, as hex of its UTF-8 bytes.
wh_headline_hex() {
	printf 'He said "yes, now",\nthen left' | od -An -tx1 | tr -d ' \n' | tr a-f A-F
}
