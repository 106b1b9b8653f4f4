#!/usr/bin/env bash
# parallel-ssh.sh - scripts/parallel-extract fanned out to real ssh hosts.
#
# Two "remote machines" on this one: network namespaces, each joined to this
# one by a veth pair (10.77.N.1 here, 10.77.N.2 there) and running Debian's
# OpenSSH sshd (/usr/sbin/sshd -D -f CONFIG) on its own address, with a
# throwaway host key, a throwaway client key and a config file, all under
# $TMP; nothing is written to /etc or ~/.ssh.  Each sshd also runs in a mount
# namespace of its own where the remote login directory and $TMP/in (the
# input pages of the --transfer tests) are empty tmpfs mounts: the remote
# hosts share this machine's file system except there, as machines with a
# shared archive would, and cannot see a file that was not transferred.
#
# newsprint is "installed" on the remote side as `make install` does (the
# np-* programs under test copied into PREFIX/bin) and put on the PATH of
# ssh sessions by sshd's SetEnv, as a remote administrator would.  A logging
# np-pages in front of the installed one records, for every remote job, the
# network namespace and $SSH_CONNECTION it ran under and the files it saw.
#
# Needs root (network namespaces, mounts), sshd, ssh, rsync, iproute2 and
# GNU parallel.  Skipped, with a message, when one is missing; with
# NP_REQUIRE_SSH=1 (as .ci/run sets) that is a failure instead.
cd "$(dirname "$0")/../.." || exit 3
. tests/lib.sh
export NP_BIN

skip() {
	if [ "${NP_REQUIRE_SSH:-0}" = 1 ]; then
		echo "not ok 1 - parallel-ssh: $1"
		exit 1
	fi
	echo "# SKIP parallel-ssh: $1"
	echo "1..0"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
[ -x /usr/sbin/sshd ] || skip "sshd not installed (apt-get install openssh-server)"
for c in ip ssh ssh-keygen rsync parallel unshare nsenter; do
	command -v $c >/dev/null 2>&1 ||
		skip "$c not installed (apt-get install openssh-server rsync iproute2 parallel)"
done

pe=scripts/parallel-extract
nss="" links="" pids=""
cleanup() {
	local p ns l
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	for ns in $nss; do ip netns del "$ns" 2>/dev/null; done
	for l in $links; do ip link del "$l" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Two free /24s in 10.77.0.0/16, one per host; names carry our pid.
used=$(ip -o -4 addr show | awk '{ print $4 }')
net=0
for try in $(seq 0 119); do
	n=$(( ($$ + try * 2) % 240 + 2 ))
	case $used in *"10.77.$n."*|*"10.77.$((n + 1))."*) continue ;; esac
	net=$n
	break
done
[ "$net" -gt 0 ] || skip "no free 10.77.N.0/24 for the test hosts"
ip netns add "np-ssh-$$-probe" 2>/dev/null || skip "ip netns add failed (no CAP_SYS_ADMIN?)"
ip netns del "np-ssh-$$-probe"

# sshd wants its privilege-separation directory (the package's service
# makes it at each start; a machine that never started the service lacks it).
[ -d /run/sshd ] || mkdir -m 0755 /run/sshd

ssh-keygen -q -t ed25519 -N '' -C np-test-host -f "$TMP/host_key"
ssh-keygen -q -t ed25519 -N '' -C np-test-client -f "$TMP/client_key"
cp "$TMP/client_key.pub" "$TMP/authorized_keys"
: >"$TMP/ssh_config"
rhome=$(getent passwd root | cut -d: -f6)
mkdir -p "$TMP/remote/bin" "$TMP/in"
# "make install PREFIX=$TMP/remote": the programs under test, copied.
cp "$NP_BIN"/np-* "$TMP/remote/bin/"
cp samples/*.txt "$TMP/in/"

# The sanitizer build's options (make check-asan) hold for remote jobs too.
sanenv=""
for v in ASAN_OPTIONS UBSAN_OPTIONS; do
	[ -n "${!v:-}" ] && sanenv="$sanenv $v=${!v}"
done

# host K: namespace np-ssh-PID-K, veth npsPIDaK (here) / npsPIDbK (there).
for k in 1 2; do
	ns=np-ssh-$$-$k a=nps$$a$k b=nps$$b$k n=$((net + k - 1))
	here=10.77.$n.1 there=10.77.$n.2
	ip netns add "$ns" || skip "ip netns add $ns failed"
	nss="$nss $ns"
	ip link add "$a" type veth peer name "$b" || skip "veth pair failed"
	links="$links $a"
	ip link set "$b" netns "$ns" &&
		ip addr add "$here/24" dev "$a" && ip link set "$a" up &&
		ip -n "$ns" addr add "$there/24" dev "$b" &&
		ip -n "$ns" link set "$b" up && ip -n "$ns" link set lo up ||
		skip "could not address the veth pair"
	h=$TMP/h$k
	mkdir -p "$h/bin"
	cat >"$h/bin/np-pages" <<-EOF
	#!/bin/bash
	# log this job, then run the installed np-pages
	{
		printf '%s|%s|' "\$(readlink /proc/self/ns/net)" "\${SSH_CONNECTION:-none}"
		for f; do [ -f "\$f" ] && printf ' %s' "\$(cd "\${f%/*}" 2>/dev/null && pwd || pwd)/\${f##*/}"; done
		echo
	} >>"$h/jobs.log"
	exec "$TMP/remote/bin/np-pages" "\$@"
	EOF
	chmod +x "$h/bin/np-pages"
	cat >"$h/sshd_config" <<-EOF
	ListenAddress $there:22
	HostKey $TMP/host_key
	PidFile $h/sshd.pid
	AuthorizedKeysFile $TMP/authorized_keys
	AllowUsers root
	PermitRootLogin prohibit-password
	PubkeyAuthentication yes
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	UsePAM no
	StrictModes no
	X11Forwarding no
	PrintMotd no
	SetEnv PATH=$h/bin:$TMP/remote/bin:/usr/bin:/bin $sanenv
	LogLevel VERBOSE
	EOF
	/usr/sbin/sshd -t -f "$h/sshd_config" >"$TMP/ok.out" 2>&1 || {
		cat "$TMP/ok.out"
		skip "sshd -t rejected the test config"
	}
	# In its own mount namespace: an empty login directory and $TMP/in.
	ip netns exec "$ns" unshare -m --propagation private sh -c '
		mount -t tmpfs np-remote-home "$1" && mount -t tmpfs np-remote-in "$2" &&
		exec /usr/sbin/sshd -D -e -f "$3"' sh "$rhome" "$TMP/in" \
		"$h/sshd_config" 2>"$h/sshd.log" &
	pids="$pids $!"
	echo "$!" >"$h/pid"
	cat >>"$TMP/ssh_config" <<-EOF
	Host nphost$k
	  HostName $there
	  User root
	  IdentityFile $TMP/client_key
	  IdentitiesOnly yes
	  StrictHostKeyChecking no
	  UserKnownHostsFile $TMP/known_hosts
	  BatchMode yes
	  ConnectTimeout 10
	  LogLevel ERROR
	EOF
	echo "$ns $here $there" >"$h/addr"
done
export PARALLEL_SSH="ssh -F $TMP/ssh_config"

# Wait (at most ~10 s) for both servers to take logins.
for k in 1 2; do
	up=1
	for _ in $(seq 50); do
		if $PARALLEL_SSH "nphost$k" true 2>/dev/null; then up=0; break; fi
		sleep 0.2
	done
	ok "sshd on nphost$k ($(cut -d' ' -f3 "$TMP/h$k/addr"), netns) takes a key login" \
		test "$up" = 0
	if [ "$up" != 0 ]; then
		sed 's/^/# /' "$TMP/h$k/sshd.log" | head -20
		done_testing
		exit
	fi
done

got=$($PARALLEL_SSH nphost1 'command -v np-clean')
is "nphost1: np-clean on the ssh PATH is the installed one" "$got" \
	"$TMP/remote/bin/np-clean"
got=$($PARALLEL_SSH nphost2 "find '$TMP/in' '$rhome' -mindepth 1 | wc -l")
is "nphost2: \$TMP/in and the login directory are empty there" "$got" 0

scripts/extract samples/*.txt >"$TMP/serial"
ok "scripts/extract writes records to compare with" test -s "$TMP/serial"

# netns_id K, ran_on K: the namespace of host K; did a job run there, over ssh?
netns_id() { ip netns exec "$(cut -d' ' -f1 "$TMP/h$1/addr")" readlink /proc/self/ns/net; }
ran_on() {
	local id from to
	id=$(netns_id "$1")
	read -r _ from to <"$TMP/h$1/addr"
	awk -v id="$id|$from " -v to=" $to 22|" '
		index($0, id) == 1 && index($0, to) { found = 1 }
		END { exit !found }' "$TMP/h$1/jobs.log"
}
jobs_on() { cat "$TMP/h1/jobs.log" "$TMP/h2/jobs.log" 2>/dev/null | wc -l; }
remote_files() { nsenter -t "$(cat "$TMP/h$1/pid")" -m find "$2" -mindepth 1; }

# Shared file system (the repository), relative names, no --transfer.
$pe -S 1/: -S 1/nphost1 -S 1/nphost2 -n 1 samples/*.txt >"$TMP/out1" 2>"$TMP/err1"
ok "-S : + two ssh hosts, shared files: same bytes as scripts/extract, in order" \
	cmp "$TMP/serial" "$TMP/out1"
sed 's/^/# /' "$TMP/err1" | head -5
ok "nphost1 ran a job, in its namespace, over ssh from 10.77.N.1" ran_on 1
ok "nphost2 ran a job, in its namespace, over ssh from 10.77.N.1" ran_on 2
ok "sshd log: a command session for root from this side" \
	grep -q "Starting session: command for root from $(cut -d' ' -f2 "$TMP/h1/addr")" \
	"$TMP/h1/sshd.log"
n1=$(jobs_on)

# --transfer from $TMP/in, which the remote hosts cannot see.
: >"$TMP/h1/jobs.log"
: >"$TMP/h2/jobs.log"
$pe -S 1/: -S 1/nphost1 -S 1/nphost2 -n 1 --transfer "$TMP"/in/*.txt \
	>"$TMP/out2" 2>"$TMP/err2"
ok "--transfer, absolute names: same bytes as scripts/extract, in order" \
	cmp "$TMP/serial" "$TMP/out2"
sed 's/^/# /' "$TMP/err2" | head -5
ok "--transfer: nphost1 read its file at $TMP/in (copied there)" \
	grep -q " $TMP/in/[^ ]*\.txt" "$TMP/h1/jobs.log"
ok "--transfer: nphost2 read its file at $TMP/in (copied there)" \
	grep -q " $TMP/in/[^ ]*\.txt" "$TMP/h2/jobs.log"
got=$(remote_files 1 "$TMP/in"; remote_files 2 "$TMP/in")
is "--transfer: copies removed from the remote hosts afterwards" "$got" ""
same_pages() {
	local f
	for f in samples/*.txt; do cmp "$f" "$TMP/in/${f##*/}" || return; done
}
ok "--transfer: the local pages are untouched" same_pages

# --transfer with relative names: copied under the remote login directory.
: >"$TMP/h1/jobs.log"
: >"$TMP/h2/jobs.log"
(cd "$TMP/in" && "$OLDPWD/$pe" -S 1/nphost1 -S 1/nphost2 -n 2 --transfer \
	-- *.txt) >"$TMP/out3" 2>"$TMP/err3"
ok "--transfer, relative names, remote jobs only: same bytes, in order" \
	cmp "$TMP/serial" "$TMP/out3"
sed 's/^/# /' "$TMP/err3" | head -5
ok "--transfer, relative names: read under the remote login directory" \
	grep -q " $rhome/[^ /]*\.txt" "$TMP/h1/jobs.log" "$TMP/h2/jobs.log"
got=$(remote_files 1 "$rhome"; remote_files 2 "$rhome")
is "--transfer, relative names: nothing left in the remote login directory" "$got" ""

printf '1/nphost1\n1/nphost2\n' >"$TMP/logins"
$pe --sshloginfile "$TMP/logins" -n 3 samples/*.txt >"$TMP/out4" 2>"$TMP/err4"
ok "--sshloginfile with both hosts: same bytes, in order" \
	cmp "$TMP/serial" "$TMP/out4"

# Failures on the remote side come back as the job's status.
$pe -S 1/nphost1 -n 1 "$TMP"/in/*.txt >/dev/null 2>"$TMP/err5"
is "a remote job that cannot read its file: np-pages's status 3" "$?" 3
like "... and its error comes back over ssh" "$(cat "$TMP/err5")" \
	"np-pages: $TMP/in/[^ ]*: No such file"
$pe -S 1/: -S 1/nphost2 -n 1 "$TMP"/in/*.txt >/dev/null 2>&1
is "local jobs succeed, the remote one fails: status 3" "$?" 3
# (In $TMP/in, hidden from the remote: on a file system the remote shares,
# --transfer's cleanup would remove the original.)
printf '\xff\xfe not UTF-8\n' >"$TMP/in/bad.txt"
$pe -S 1/nphost1 -n 1 --transfer "$TMP/in/bad.txt" >/dev/null 2>"$TMP/err6"
st=$?
"$NP_BIN/np-pages" "$TMP/in/bad.txt" >/dev/null 2>&1
is "a remote job rejecting its data: the same status as np-pages here" "$st" "$?"
ok "... which is a failure" test "$st" -ne 0

ok "jobs ran over ssh ($n1 remote jobs of 5 in the shared run)" test "$n1" -ge 2

done_testing
