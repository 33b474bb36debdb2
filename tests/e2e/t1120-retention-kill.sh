#!/bin/sh
# A disposal killed with SIGKILL while it executes (no clean-up runs)
# leaves a store that opens, keeps its audit chain and is either exactly as
# before (the batch still approved, nothing destroyed, no disposal log row)
# or exactly after (every item of the batch destroyed and logged); gc then
# sweeps the objects a kill after the commit left behind, and a rolled-back
# batch executes cleanly the next time. Killed between its commit and its
# sweep, a disposal is swept by the next command that takes the writer
# lock (not only gc): the objects only the disposed items used are gone,
# and the write-ahead log that held their pages is cut to nothing.
. "$(dirname "$0")/lib.sh"

GEN="$(dirname "$SOMARKIV")/tools/bench-gen"
[ -x "$GEN" ] || GEN="$REPO/build/default/tools/bench-gen"
PLAN="$DATA/plans/exempelby.xml"

# The state that matters: batch status, disposal log rows, items with text.
state() {
	sqlite3 "$1/store.db" "SELECT status FROM disposal_batch WHERE id = 1;
		SELECT count(*) FROM disposal_log;
		SELECT count(DISTINCT item_id) FROM version
		 WHERE item_id IN (SELECT item_id FROM batch_item WHERE batch_id = 1);" | tr '\n' ' '
	echo
}

expect_success 'setup: 30,000 generated items, an approved batch' '
	test -x "$GEN" &&
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @bench &&
	"$GEN" 30000 7 >big.ndjson &&
	"$SOMARKIV" ingest -q --account 1 big.ndjson &&
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" classify -q &&
	"$SOMARKIV" retention run -q --as-of 2026-08-01 >/dev/null &&
	"$SOMARKIV" --actor "Anna Ek" retention approve -q 1 &&
	n=$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM batch_item") &&
	test "$n" -gt 2000 &&
	echo "$n" >n &&
	state "$SOMARKIV_HOME" >before && echo "approved 0 $n " >expect && test_cmp expect before &&
	cp -R "$SOMARKIV_HOME" pristine
'

# Kill the execution once it writes (its pages appear in the write-ahead
# log beyond $1 bytes); then the store must be wholly before or after.
kill_during_execute() {
	rm -rf "$SOMARKIV_HOME" && cp -R pristine "$SOMARKIV_HOME" || return 1
	"$SOMARKIV" retention execute 1 >out 2>err &
	pid=$!
	i=0
	while :; do
		size=$(stat -c %s "$SOMARKIV_HOME/store.db-wal" 2>/dev/null || echo 0)
		test "$size" -gt "$1" && break
		kill -0 $pid 2>/dev/null || { echo "execute ended before it could be killed"; return 1; }
		i=$((i + 1))
		test $i -lt 2000 || { echo "execute never wrote"; return 1; }
		sleep 0.005
	done
	kill -9 $pid
	rc=0
	wait $pid || rc=$?
	test "$rc" -eq 137 || { echo "execute exited $rc, not killed"; return 1; }
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "PRAGMA integrity_check")" = ok &&
	"$SOMARKIV" verify >verify && grep "chain intact" verify &&
	n=$(cat n) &&
	state "$SOMARKIV_HOME" >got &&
	echo "state after the kill: $(cat got)" &&
	case "$(cat got)" in
	"approved 0 $n ") echo rolled-back >outcome ;;
	"executed $n 0 ") echo finished >outcome ;;
	*) echo "half-done state: $(cat got)"; return 1 ;;
	esac
}

expect_success 'SIGKILL as soon as execute writes: the store is before or after' '
	kill_during_execute 0 &&
	"$SOMARKIV" gc >/dev/null &&
	"$SOMARKIV" verify --objects >/dev/null &&
	if test "$(cat outcome)" = rolled-back; then
		store_dump >after.sql && rm -rf k && cp -R pristine k &&
		store_dump k >before.sql && test_cmp before.sql after.sql
	fi
'

expect_success 'SIGKILL later in the run (bigger WAL): before or after, gc sweeps the rest' '
	kill_during_execute 4000000 &&
	"$SOMARKIV" gc >/dev/null &&
	"$SOMARKIV" verify --objects >/dev/null
'

expect_success 'SIGKILL just after the commit: finished, gc sweeps the orphaned objects' '
	rm -rf "$SOMARKIV_HOME" && cp -R pristine "$SOMARKIV_HOME" || exit 1
	"$SOMARKIV" retention execute 1 >out 2>err &
	pid=$!
	# A reader sees the commit at once (WAL); the objects go after it.
	while kill -0 $pid 2>/dev/null; do
		s=$(sqlite3 -cmd ".timeout 5000" "$SOMARKIV_HOME/store.db" \
			"SELECT status FROM disposal_batch WHERE id = 1" 2>/dev/null || :)
		test "$s" = executed && { kill -9 $pid 2>/dev/null || :; break; }
	done
	rc=0
	wait $pid || rc=$?
	echo "execute ended with $rc (137: killed after its commit)" &&
	n=$(cat n) && state "$SOMARKIV_HOME" >got &&
	echo "executed $n 0 " >expect && test_cmp expect got &&
	"$SOMARKIV" gc >/dev/null &&
	"$SOMARKIV" verify --objects >/dev/null &&
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM (SELECT lower(hex(digest))
		FROM object EXCEPT SELECT raw_digest FROM version EXCEPT SELECT digest FROM attachment)")" = 0
'

expect_success 'a batch the kill rolled back executes cleanly after' '
	kill_during_execute 0 &&
	if test "$(cat outcome)" = rolled-back; then
		"$SOMARKIV" retention execute 1 >out &&
		grep "^batch 1: $(cat n) items disposed of$" out
	fi &&
	state "$SOMARKIV_HOME" >got && echo "executed $(cat n) 0 " >expect && test_cmp expect got &&
	"$SOMARKIV" gc >/dev/null &&
	"$SOMARKIV" verify --objects >/dev/null &&
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM (SELECT lower(hex(digest))
		FROM object EXCEPT SELECT raw_digest FROM version EXCEPT SELECT digest FROM attachment)")" = 0
'

# Read-only looks, so that no checkpoint of ours changes what a kill left.
ro() {
	sqlite3 -readonly "$SOMARKIV_HOME/store.db" "$1"
}

# Objects that no version or attachment uses.
ORPHANS="SELECT count(*) FROM (SELECT lower(hex(digest)) FROM object
	EXCEPT SELECT raw_digest FROM version EXCEPT SELECT digest FROM attachment)"

# Execute, and kill it as soon as a reader sees the batch executed (the
# commit); succeed when the kill came before the sweep (objects left).
kill_after_commit() {
	rm -rf "$SOMARKIV_HOME" && cp -R pristine "$SOMARKIV_HOME" || return 1
	"$SOMARKIV" retention execute 1 >out 2>err &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		s=$(sqlite3 -readonly -cmd ".timeout 5000" "$SOMARKIV_HOME/store.db" \
			"SELECT status FROM disposal_batch WHERE id = 1" 2>/dev/null || :)
		test "$s" = executed && { kill -9 $pid 2>/dev/null || :; break; }
	done
	wait $pid
	echo "execute ended with $? (137: killed)"
	test "$(ro "SELECT status FROM disposal_batch WHERE id = 1")" = executed &&
	test "$(ro "$ORPHANS")" -gt 0
}

# kill_after_commit until a kill lands between the commit and the sweep.
kill_before_sweep() {
	tries=0
	until kill_after_commit; do
		tries=$((tries + 1))
		test $tries -lt 20 || { echo "the kill never came before the sweep"; return 1; }
	done
	echo "caught after $tries retries: $(ro "$ORPHANS") objects left"
}

expect_success 'SIGKILL after the commit, before the sweep: the raw sources are still there' '
	kill_before_sweep &&
	ro "SELECT sha256 FROM disposal_log" | tr "," "\n" | sort -u >destroyed &&
	test -s "$SOMARKIV_HOME/store.db-wal" &&
	ro "SELECT value FROM meta WHERE key = ${SQ}disposal_sweep${SQ}" >mark &&
	echo 1 >expect && test_cmp expect mark
'

# A reader holding the database open, as a server would: the write-ahead
# log then outlives the writer, and only the sweep's checkpoint cuts it.
mkfifo reader.in
sqlite3 -readonly "$SOMARKIV_HOME/store.db" <reader.in >reader.out 2>&1 &
reader=$!
exec 3>reader.in
echo "SELECT count(*) FROM audit;" >&3

expect_success 'the next writer (classify) finishes the sweep: objects gone, log cut, mark cleared' '
	test -s "$SOMARKIV_HOME/store.db-wal" &&
	"$SOMARKIV" classify -q &&
	test "$(ro "$ORPHANS")" = 0 &&
	ro "SELECT lower(hex(digest)) FROM object" | sort >kept &&
	comm -12 destroyed kept >both && test_must_be_empty both &&
	test "$(ro "SELECT count(*) FROM meta WHERE key = ${SQ}disposal_sweep${SQ}")" = 0 &&
	test -f "$SOMARKIV_HOME/store.db-wal" && ! test -s "$SOMARKIV_HOME/store.db-wal" &&
	"$SOMARKIV" log --json | tail -n 1 | grep "\"action\":\"store.gc\"" &&
	"$SOMARKIV" verify >/dev/null &&
	"$SOMARKIV" verify --objects >/dev/null
'

exec 3>&-
wait $reader

expect_success 'a reader alone does not sweep (it may not write); the next writer does' '
	kill_before_sweep &&
	"$SOMARKIV" search --json skola >/dev/null &&
	"$SOMARKIV" hold list >/dev/null &&
	test "$(ro "$ORPHANS")" -gt 0 &&
	"$SOMARKIV" account update -q 1 --owner "Bo Registrator" &&
	test "$(ro "$ORPHANS")" = 0
'

test_done
