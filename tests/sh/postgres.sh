#!/usr/bin/env bash
# postgres.sh - a real PostgreSQL server (Debian's postgresql package) on a
# private socket directory under a temporary directory: initdb + pg_ctl as an
# unprivileged user (PostgreSQL refuses to run as root; under root the server
# runs as `nobody`, or a user np-pgtest created for it), scripts/load-postgres
# twice, nothing duplicated, exact values back through SQL, then torn down.
#
# Skipped, with a message, only when the server is not installed; with
# NP_REQUIRE_POSTGRES=1 (as .ci/run sets) a missing server is a failure.
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
. tests/sh/warehouse.bash
export NP_BIN

pgbin=${NP_PGBIN:-}
if [ -z "$pgbin" ]; then
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
		pgbin=$d
	done
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ] || ! command -v psql >/dev/null; then
	if [ "${NP_REQUIRE_POSTGRES:-0}" = 1 ]; then
		echo "not ok 1 - PostgreSQL server not installed (apt-get install postgresql)"
		exit 1
	fi
	echo "# SKIP postgres: PostgreSQL server not installed (apt-get install postgresql)"
	echo "1..0"
	exit 0
fi

# The server's user: ourselves, or under root an unprivileged one.
run_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
	pguser=nobody
	if ! id "$pguser" >/dev/null 2>&1; then
		pguser=np-pgtest
		id "$pguser" >/dev/null 2>&1 ||
			useradd --system --no-create-home --shell /usr/sbin/nologin "$pguser"
	fi
	run_pg() { runuser -u "$pguser" -- "$@"; }
fi

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/np-pg.XXXXXX")
[ "$(id -u)" -eq 0 ] && chown "$pguser" "$pgdir"
chmod 700 "$pgdir"
stop_server() {
	if [ -f "$pgdir/data/postmaster.pid" ]; then
		run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$pgdir" "$TMP"
}
trap stop_server EXIT

ok "initdb" run_pg "$pgbin/initdb" -D "$pgdir/data" -U np --auth=trust \
	-E UTF8 --no-locale
mkdir -p "$pgdir/sock"
[ "$(id -u)" -eq 0 ] && chown "$pguser" "$pgdir/sock"
ok "pg_ctl start" run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -t 60 \
	-o "-c listen_addresses='' -k $pgdir/sock -c fsync=off" start
if ! [ -S "$pgdir/sock/.s.PGSQL.5432" ]; then
	sed 's/^/# /' "$pgdir/log" | tail -20
	done_testing
	exit 1
fi
url="host=$pgdir/sock port=5432 user=np dbname=postgres"
q() { psql -X -q -A -t --dbname="$url" -c "$1"; }

ok "extract the samples" wh_records "$TMP/records.jsonl"
ok "scripts/tables" scripts/tables "$TMP/out" "$TMP/records.jsonl"
ok "load-postgres" scripts/load-postgres "$url" "$TMP/out"
counts() {
	echo "$(q 'SELECT count(*) FROM pages') $(q 'SELECT count(*) FROM articles')" \
		"$(q 'SELECT count(*) FROM people') $(q 'SELECT count(*) FROM dates')"
}
want=$(wh_counts "$TMP/records.jsonl")
is "row counts (pages articles people dates)" "$(counts)" "$want"
ok "load again" scripts/load-postgres "$url" "$TMP/out"
is "nothing duplicated" "$(counts)" "$want"
is "no duplicate keys" "$(q 'SELECT count(*) FROM (SELECT DISTINCT source, page, article FROM articles) k')" \
	"$(echo "$want" | cut -d' ' -f2)"

is "headline with quotes, commas and a newline" \
	"$(q "SELECT upper(encode(convert_to(headline, 'UTF8'), 'hex')) FROM articles WHERE source='crafted.txt' AND article=1")" \
	"$(wh_headline_hex)"
is "a person's titles" \
	"$(q "SELECT titles || '|' || role || '|' || mentions FROM people WHERE name='王小明'")" \
	"市委书记;市长|official|3"
is "a quarter's interval as dates" \
	"$(q "SELECT first_day || '..' || last_day || ' ' || (last_day - first_day + 1) FROM dates WHERE source='crafted.txt' AND value='2022-10/2022-12'")" \
	"2022-10-01..2022-12-31 92"
is "an unknown year has no interval" \
	"$(q "SELECT count(*) FROM dates WHERE source='crafted.txt' AND value='--02-25' AND first_day IS NULL")" 1
is "page date is a date" "$(q "SELECT pg_typeof(date) || ' ' || date FROM pages WHERE source='crafted.txt'")" \
	"date 2024-02-06"
is "null stays null" \
	"$(q "SELECT headline IS NULL FROM articles WHERE source='crafted.txt' AND article=2")" t
is "banner, with a comma and quotes" \
	"$(q "SELECT banner FROM articles WHERE id='crafted.txt#1'")" '春风行动 专栏, "二"'
is "banner comes before kicker" \
	"$(q "SELECT string_agg(column_name, ' ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name='articles' AND column_name IN ('kind', 'banner', 'kicker', 'headline')")" \
	"kind banner kicker headline"
nb=$(jq -r 'select((.source // "") | startswith("00")) | .banner // empty' "$TMP/records.jsonl" | wc -l)
ok "np-split finds banners on the samples" test "$nb" -gt 0
is "the samples' banners are loaded" \
	"$(q "SELECT count(*) FROM articles WHERE source LIKE '00%' AND banner IS NOT NULL")" "$((nb))"
is "an empty string stays empty" "$(q "SELECT subtitle = '' FROM articles WHERE id='crafted.txt#1'")" t
is "a record without source, page or article" \
	"$(q "SELECT source || ' ' || page || ' ' || article || ' ' || kind FROM articles WHERE text LIKE '一条没有%'")" "- 1 1 notice"
is "sample page dates" "$(q "SELECT string_agg(date::text, ' ' ORDER BY source) FROM pages WHERE source LIKE '00%'")" \
	"$(grep -v '^#' samples/dates.tsv | cut -f2 | tr '\n' ' ' | sed 's/ $//')"

# The same page again without its second article: its rows are replaced.
grep -v '"article": 2' "$TMP/records.jsonl" | grep crafted.txt >"$TMP/less.jsonl"
ok "tables of the changed page" scripts/tables "$TMP/less" "$TMP/less.jsonl"
ok "load the changed page" scripts/load-postgres "$url" "$TMP/less"
read -r p a n d <<<"$want"
is "reload replaced the page's rows" "$(counts)" "$p $((a - 1)) $n $d"
# A database made before the banner column: the loader adds it.
ok "drop the banner column" q "ALTER TABLE articles DROP COLUMN banner"
ok "load-postgres into the old table" scripts/load-postgres "$url" "$TMP/out"
is "banner added and loaded" "$(q "SELECT banner || '|' || kind FROM articles WHERE id='crafted.txt#1'")" \
	'春风行动 专栏, "二"|news'
ok "a bad URL fails" sh -c "! scripts/load-postgres 'host=$pgdir/nosuch dbname=x' '$TMP/out' 2>/dev/null"
ok "pg_ctl stop" run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop
done_testing
