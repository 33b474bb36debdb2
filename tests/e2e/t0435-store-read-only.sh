#!/bin/sh
# A store that cannot be written here (a read-only mount, a backup, a
# reader in the owner's group) can still be read: search, items, show,
# capture list and log work, with a note that the store is read-only; a
# writer fails with a clear error; changes still in the write-ahead log
# are read when its index is there, and refused clearly when it is not.
. "$(dirname "$0")/lib.sh"

# Run the rest of the command line with the store folder $RO mounted
# read-only (a mount namespace of its own; as root, or mapped to root).
RO="$TRASH/ro"
ro() {
	if [ "$(id -u)" -eq 0 ]; then
		unshare -m sh -c 'mount --bind -o ro "$0" "$0" && shift && exec "$@"' "$RO" -- "$@"
	else
		unshare -rm sh -c 'mount --bind -o ro "$0" "$0" && shift && exec "$@"' "$RO" -- "$@"
	fi
}

mkdir -m 700 "$RO"
if ! ro true 2>/dev/null || ro touch "$RO/probe" 2>/dev/null; then
	test_skip_all="no read-only bind mount here (unshare -m)"
fi

expect_success 'setup: a store with items, classified' '
	"$SOMARKIV" --store "$RO" init -q &&
	"$SOMARKIV" --store "$RO" account add -q --platform mastodon --handle @exempelby &&
	"$SOMARKIV" --store "$RO" ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
	"$SOMARKIV" --store "$RO" plan use -q "$DATA/plans/exempelby.xml" &&
	"$SOMARKIV" --store "$RO" classify -q &&
	! test -e "$RO/store.db-wal"
'

expect_success 'read-only mount: search, items, show, capture list, log all work, with a note' '
	ro "$SOMARKIV" --store "$RO" search plogning >out 2>err &&
	cat out err &&
	grep "Snöröjning\|plogning" out &&
	test_line_count = 1 err &&
	grep "^somarkiv: search: note: store .*ro. is read-only here: read as it is on disk" err &&
	ro "$SOMARKIV" --store "$RO" items >out 2>err &&
	test_line_count = 14 out &&
	ro "$SOMARKIV" --store "$RO" show 2 >out 2>err &&
	grep "^item 2$" out &&
	ro "$SOMARKIV" --store "$RO" capture list >out 2>err &&
	grep "^ *1 " out &&
	ro "$SOMARKIV" --store "$RO" log >out 2>err &&
	grep "capture" out &&
	ro "$SOMARKIV" --store "$RO" verify --audit >out 2>err &&
	grep "chain intact" out
'

expect_failure 'read-only mount: a writer fails clearly' 4 '
	ro "$SOMARKIV" --store "$RO" account add --platform x --handle @other 2>err ||
	{ rc=$?
	  cat err
	  grep "^somarkiv: account add: cannot open lock file .*store.lock.: Read-only file system$" err &&
	  exit $rc; }
'

expect_success 'changes still in the write-ahead log are read from a read-only mount' '
	python3 -c "
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1] + \"/store.db\")
c.execute(\"UPDATE account SET display_name = ?\", (\"Namn ur loggen\",))
c.commit()
os._exit(0)  # no close: the change stays in the WAL, with its index
" "$RO" &&
	test -s "$RO/store.db-wal" && test -e "$RO/store.db-shm" &&
	ro "$SOMARKIV" --store "$RO" account list >out 2>err &&
	cat out err &&
	grep "Namn ur loggen" out &&
	grep "note: store .*ro. is read-only here: opened for reading only" err
'

expect_failure 'a WAL without its index on a read-only mount: a clear error' 4 '
	rm "$RO/store.db-shm" &&
	ro "$SOMARKIV" --store "$RO" account list >out 2>err ||
	{ rc=$?
	  cat err
	  grep "^somarkiv: account list: store .*ro. cannot be read here: it is read-only, and its write-ahead log .*store.db-wal. holds changes" err &&
	  exit $rc; }
'

expect_success 'a writer folds the log in; the store reads again' '
	"$SOMARKIV" --store "$RO" account list >out &&
	grep "Namn ur loggen" out &&
	! test -e "$RO/store.db-wal" &&
	ro "$SOMARKIV" --store "$RO" account list >out 2>err &&
	grep "Namn ur loggen" out
'

# A reader in the owner's group of a --group-read store, as another user.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	expect_success 'a reader in the group of a --group-read store reads it, without writing' '
		chmod 711 "$TEST_META" "$TRASH" &&
		"$SOMARKIV" --store g init -q --group-read &&
		"$SOMARKIV" --store g account add -q --platform mastodon --handle @exempelby &&
		"$SOMARKIV" --store g ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
		setpriv --reuid=65534 --regid="$(id -g)" --clear-groups \
			"$SOMARKIV" --store "$TRASH/g" search plogning >out 2>err &&
		cat out err &&
		grep "plogning" out &&
		grep "note: store .*g. is read-only here" err &&
		! setpriv --reuid=65534 --regid="$(id -g)" --clear-groups \
			"$SOMARKIV" --store "$TRASH/g" account add --platform x --handle @y 2>err &&
		grep "cannot open lock file" err
	'
else
	skip 'a reader in the group of a --group-read store reads it, without writing' 'not root, or no setpriv'
fi

test_done
