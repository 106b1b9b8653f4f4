# tests/lib.sh - helpers for shell tests: TAP lines that tests/run counts.
# Source it; NP_BIN names the directory of the programs under test.
NP_BIN=${NP_BIN:-bin}
T_N=0
T_FAILED=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ok DESC CMD...: run CMD, pass when it exits 0.
ok() {
	desc=$1; shift
	T_N=$((T_N + 1))
	if "$@" >"$TMP/ok.out" 2>&1; then
		echo "ok $T_N - $desc"
	else
		echo "not ok $T_N - $desc"
		sed 's/^/#   /' "$TMP/ok.out" | head -20
		T_FAILED=$((T_FAILED + 1))
	fi
}

# is DESC GOT WANT: pass when the two strings are equal.
is() {
	T_N=$((T_N + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $T_N - $1"
	else
		echo "not ok $T_N - $1"
		printf '#   got:  %s\n#   want: %s\n' "$2" "$3" | head -20
		T_FAILED=$((T_FAILED + 1))
	fi
}

# like DESC TEXT PATTERN: pass when TEXT matches the extended regex.
like() {
	T_N=$((T_N + 1))
	if printf '%s' "$2" | grep -Eq -- "$3"; then
		echo "ok $T_N - $1"
	else
		echo "not ok $T_N - $1"
		printf '#   got:  %s\n#   want match: %s\n' "$2" "$3" | head -20
		T_FAILED=$((T_FAILED + 1))
	fi
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
}
