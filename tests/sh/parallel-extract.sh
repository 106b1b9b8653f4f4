#!/usr/bin/env bash
# scripts/parallel-extract: same records as scripts/extract, in file order,
# whatever the jobs and batches; --date and --sshlogin passed through.
. tests/lib.sh

if ! command -v parallel >/dev/null 2>&1; then
	echo "# GNU parallel not installed: skipped"
	done_testing
	exit
fi
export NP_BIN
pe=scripts/parallel-extract

out=$($pe --help)
like "--help shows usage" "$out" "usage: scripts/parallel-extract"
$pe --no-such-option >/dev/null 2>&1
is "unknown option: exit 2" "$?" 2

scripts/extract samples/*.txt >"$TMP/serial"
ok "scripts/extract writes records to compare with" test -s "$TMP/serial"
$pe -j 2 -n 1 samples/*.txt >"$TMP/par" 2>"$TMP/err"
ok "-j 2 -n 1: same bytes as scripts/extract, same order" \
	cmp "$TMP/serial" "$TMP/par"

rev=$(printf '%s\n' samples/*.txt | sort -r)
# shellcheck disable=SC2086
scripts/extract $rev >"$TMP/serial-rev"
printf '%s\n' $rev | $pe -j 2 -n 2 >"$TMP/par-rev"
ok "file names on stdin, reversed: output follows their order" \
	cmp "$TMP/serial-rev" "$TMP/par-rev"

scripts/extract --date 2021-03-04 samples/000_*.txt samples/003_*.txt >"$TMP/serial-date"
$pe --date 2021-03-04 -n 1 samples/000_*.txt samples/003_*.txt >"$TMP/par-date"
ok "--date is passed to np-pages" cmp "$TMP/serial-date" "$TMP/par-date"

$pe -n 1 samples/000_*.txt "$TMP/no-such-file" >/dev/null 2>"$TMP/err"
is "a missing file fails with np-pages's status 3" "$?" 3

# --sshlogin: a stand-in ssh that runs the remote command here shows the
# command survives parallel's remote quoting and finds np-* on the PATH.
cat >"$TMP/ssh" <<'EOF'
#!/usr/bin/env bash
echo "$*" >>"${FAKESSH_LOG:-/dev/null}"
while [ $# -gt 0 ]; do
	case $1 in -l|-o|-p|-S) shift 2 ;; -*) shift ;; *) break ;; esac
done
shift
[ "${1:-}" = -- ] && shift
exec bash -c "$*"
EOF
chmod +x "$TMP/ssh"
PATH="$(cd "$NP_BIN" && pwd):$PATH" SHELL=/bin/bash PARALLEL="--ssh $TMP/ssh" \
	$pe -S 1/remote1 -S 1/remote2 -n 2 samples/*.txt >"$TMP/par-ssh" 2>"$TMP/err"
ok "--sshlogin: remote jobs give the same records" cmp "$TMP/serial" "$TMP/par-ssh"

done_testing
