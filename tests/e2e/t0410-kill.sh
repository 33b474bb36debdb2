#!/bin/sh
# A writer killed in the middle of a capture (SIGKILL: no clean-up runs)
# leaves the store exactly as it was: no capture, no items, an intact audit
# chain, an unlocked store; gc then sweeps the objects the dead capture wrote.
. "$(dirname "$0")/lib.sh"

GEN="$(dirname "$SOMARKIV")/tools/bench-gen"
[ -x "$GEN" ] || GEN="$REPO/build/default/tools/bench-gen"

expect_success 'setup: a store with one capture, and a large export' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby &&
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
	test -x "$GEN" &&
	"$GEN" 400000 7 >big.ndjson &&
	store_dump >before.sql
'

expect_success 'SIGKILL during a capture leaves the store as it was' '
	"$SOMARKIV" ingest -q --account 1 big.ndjson >out 2>err &
	pid=$!
	# Kill it once it is writing: its uncommitted pages show in the WAL.
	i=0
	while :; do
		size=$(stat -c %s "$SOMARKIV_HOME/store.db-wal" 2>/dev/null || echo 0)
		test "$size" -gt 4000000 && break
		kill -0 $pid 2>/dev/null || { echo "the capture ended before it could be killed"; exit 1; }
		i=$((i + 1))
		test $i -lt 600 || { echo "the capture never started writing"; exit 1; }
		sleep 0.05
	done
	kill -9 $pid
	rc=0
	wait $pid || rc=$?
	test "$rc" -eq 137 &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql &&
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "PRAGMA integrity_check")" = ok &&
	"$SOMARKIV" verify >verify &&
	grep "chain intact" verify
'

expect_success 'the lock died with the writer: the next capture works' '
	"$SOMARKIV" ingest --account 1 "$DATA/exempelby-mastodon-v1" >out &&
	grep "0 new, 0 changed, 13 unchanged" out
'

expect_success 'gc sweeps what the killed capture left behind' '
	"$SOMARKIV" gc >gc &&
	cat gc &&
	"$SOMARKIV" verify --objects
'

test_done
