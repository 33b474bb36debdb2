#!/bin/sh
# An export or a snapshot killed while it signs leaves no finished-looking
# package (FILE.tar, FILE.tar.p7s) that the store did not record: the
# package is signed under its staged name and takes its final name only
# after the store recorded it. The signing step is held still by giving
# the certificate as a named pipe, which the program opens while signing.
. "$(dirname "$0")/lib.sh"

skip_unless_command openssl
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
H='@exempelby@social.exempelby.se'

# Start "$@" in the background and wait until it opens cert.fifo to read
# it: it is signing then. Leaves its pid in $pid and the pipe open on fd 9.
start_held_at_signing() {
	rm -f cert.fifo
	mkfifo cert.fifo || return 1
	"$@" >held.out 2>held.err &
	pid=$!
	exec 9>cert.fifo
}

kill_held() {
	kill -9 $pid
	rc=0
	wait $pid || rc=$?
	exec 9>&-
	test "$rc" -eq 137
}

expect_success 'setup: a store with items, a plan, a key and certificate' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle "$H" &&
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
	"$SOMARKIV" plan use -q "$DATA/plans/exempelby.xml" &&
	"$SOMARKIV" classify -q &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
		-days 30 -subj "/CN=Arkivarie" 2>/dev/null &&
	mkdir out snap &&
	store_dump >before.sql
'

expect_success 'export killed while signing: no FILE.tar, nothing recorded' '
	start_held_at_signing "$SOMARKIV" export --out out/p.tar --package-id sip-1 \
		--sign key.pem --cert cert.fifo &&
	ls out >during &&
	kill_held &&
	cat during &&
	! grep "^p.tar$" during &&
	! grep "^p.tar.p7s$" during &&
	grep "^p.tar.part$" during &&
	! test -e out/p.tar && ! test -e out/p.tar.p7s &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

expect_success 'the leftover is removed by hand; the export then works and is recorded' '
	rm -f out/p.tar.part out/p.tar.part.p7s &&
	"$SOMARKIV" export -q --out out/p.tar --package-id sip-1 --sign key.pem --cert cert.pem &&
	test -f out/p.tar && test -f out/p.tar.p7s &&
	! test -e out/p.tar.part && ! test -e out/p.tar.part.p7s &&
	openssl cms -verify -binary -content out/p.tar -inform DER -in out/p.tar.p7s \
		-CAfile cert.pem -purpose any -out /dev/null &&
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT path FROM export")" = out/p.tar &&
	store_dump >before.sql
'

expect_success 'snapshot killed while signing: no FILE.tar, the account still open' '
	start_held_at_signing "$SOMARKIV" snapshot "$H" --source "$DATA/exempelby-mastodon-v2" \
		--out snap/s.tar --package-id snap-1 --reason "kontot avslutas" \
		--sign key.pem --cert cert.fifo &&
	ls snap >during &&
	kill_held &&
	cat during &&
	! grep "^s.tar$" during &&
	grep "^s.tar.part$" during &&
	! test -e snap/s.tar &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql &&
	"$SOMARKIV" account show 1 >acct &&
	grep "^closed: *-$" acct
'

expect_success 'the snapshot then works: package and signature under their names, verified' '
	rm -f snap/s.tar.part snap/s.tar.part.p7s &&
	"$SOMARKIV" snapshot -q "$H" --source "$DATA/exempelby-mastodon-v2" \
		--out snap/s.tar --package-id snap-1 --reason "kontot avslutas" \
		--sign key.pem --cert cert.pem &&
	test -f snap/s.tar && test -f snap/s.tar.p7s && ! test -e snap/s.tar.part &&
	"$SOMARKIV" verify snap/s.tar --ca cert.pem >v &&
	! grep "^FAIL" v
'

test_done
