#!/bin/sh
# The writer lock: while one writer holds the store, a second writer is
# refused (exit 4, naming the holder's pid) and readers still work.
. "$(dirname "$0")/lib.sh"

H='@exempelby@social.exempelby.se'
C="$DATA/exempelby-comments.ndjson"

expect_success 'setup: a store with an account' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle "$H"
'

# The first writer reads standard input from a fifo that this test keeps
# open, so it holds the lock until the test closes its end. The lock file
# is the store's store.lock, holding the pid of the writer.
expect_success 'a second writer is refused while the first holds the lock' '
	mkfifo fifo
	"$SOMARKIV" ingest --account 1 --format ndjson - <fifo >writer.out 2>writer.err &
	pid=$!
	exec 9>fifo
	# Wait until the first writer holds the lock: it writes its pid into
	# the lock file once it has it. (Probing with a second writer would
	# race with the first for the lock.)
	i=0
	until grep -q "^$pid\$" store/store.lock 2>/dev/null; do
		i=$((i + 1))
		test $i -lt 100 || { echo "the writer never took the lock"; cat writer.err; exit 1; }
		sleep 0.1
	done
	rc=0
	"$SOMARKIV" account update 1 --purpose probe -q 2>err || rc=$?
	cat err
	test "$rc" -eq 4 &&
	grep "^somarkiv: account update: .*locked by pid $pid" err &&
	test_line_count = 1 err &&

	rc=0 &&
	"$SOMARKIV" gc 2>err || rc=$?
	test "$rc" -eq 4 &&
	grep "locked by pid $pid" err &&

	"$SOMARKIV" account list >list &&
	grep "$H" list &&
	"$SOMARKIV" log >log &&
	"$SOMARKIV" verify --audit >verify &&

	cat "$C" >&9 &&
	exec 9>&- &&
	wait $pid &&
	cat writer.out &&
	grep "^capture 1: 11 new, " writer.out
'

expect_success 'once the first writer is done, writers work again' '
	"$SOMARKIV" account update 1 --unit Kommunikationsavdelningen >out &&
	grep "account 1 updated" out
'

test_done
