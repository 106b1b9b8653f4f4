#!/usr/bin/env bash
# pages-memory.sh - np-pages streams: a 10 MB and a 40 MB form-feed stream
# of pages, made on the fly and piped in, must leave the peak RSS small and
# the same for both (memory bounded by the largest page, not the input),
# with every page written.
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
P="$NP_BIN/np-pages"
page="$root/samples/001_652cfa5729f152fc.txt"

# gen MB: MB megabytes of sample pages, each ended by a form feed.
gen() {
	python3 -c '
import sys
page = open(sys.argv[1], "rb").read().replace(b"\f", b"") + b"\f"
n = int(sys.argv[2]) << 20
out = sys.stdout.buffer
while n > 0:
    out.write(page[:n])
    n -= len(page)' "$page" "$1"
}

# pages MB: how many pages gen MB holds (a cut-off last one counts).
pages() {
	python3 -c '
import sys
page = len(open(sys.argv[1], "rb").read().replace(b"\f", b"")) + 1
n = int(sys.argv[2]) << 20
print(-(-n // page))' "$page" "$1"
}

# peak MB: run np-pages on gen MB; prints "PEAK_KB RECORDS".
if [ -x /usr/bin/time ]; then
	peak() {
		gen "$1" | /usr/bin/time -f %M -o "$TMP/rss" "$P" | wc -l \
		    >"$TMP/n"
		echo "$(tail -n 1 "$TMP/rss") $(cat "$TMP/n")"
	}
elif [ -x "$root/build/bench/rusage" ]; then
	peak() {
		gen "$1" >"$TMP/in"
		"$root/build/bench/rusage" "$TMP/rss" sh -c \
		    '"$1" <"$2" | wc -l >"$3"' sh "$P" "$TMP/in" "$TMP/n"
		echo "$(cut -d' ' -f3 "$TMP/rss") $(cat "$TMP/n")"
	}
else
	echo "ok 1 # SKIP neither /usr/bin/time nor build/bench/rusage"
	echo "1..1"
	exit 0
fi

# Under ASan the allocator keeps freed memory in quarantine and its
# shadow memory counts: give it its own, larger bound.
limit=20480
if nm "$P" 2>/dev/null | grep -q __asan_init; then
	limit=131072
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
fi

set -- $(peak 10)
rss10=$1 n10=$2
set -- $(peak 40)
rss40=$1 n40=$2
echo "# peak RSS: 10 MB in: ${rss10} KB, 40 MB in: ${rss40} KB"

is "10 MB: every page written" "$n10" "$(pages 10)"
is "40 MB: every page written" "$n40" "$(pages 40)"
ok "10 MB: peak RSS ${rss10} KB under ${limit} KB" test "$rss10" -lt "$limit"
ok "40 MB: peak RSS ${rss40} KB under ${limit} KB" test "$rss40" -lt "$limit"
# Flat, not just small: 4 times the input may cost at most 2 MB more.
ok "40 MB costs about what 10 MB does (${rss40} vs ${rss10} KB)" \
    test "$rss40" -lt $((rss10 + 2048))

done_testing
