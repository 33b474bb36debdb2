#!/bin/sh
# A fetch killed midway leaves the store as it was; the answers it had got
# stay in the store's fetch/ folder, and the next fetch continues from them
# without asking for them again. A failure while reading the answers (an
# answer the importer refuses) leaves the store as it was too.
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/replay.sh"

M="$API/mastodon"
H=@exempelby@social.exempelby.se
ID=110512345678901234

# scene v1, but the third page does not come
{
	echo "GET /api/v1/accounts/$ID/statuses?limit=40&max_id=115921649991684104 200 v1-statuses-3.json delay=60"
	cat "$M/v1.rules"
} >"$TRASH/stuck.rules"
replay_start "$TRASH/stuck.rules" "$M"

expect_success 'setup: a store and the account' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle $H --api-url "$BASE" --api-id $ID &&
	store_dump >before.sql
'

expect_success 'a fetch killed while it waits for page 3: the store as it was, the answers kept' '
	"$SOMARKIV" fetch $H >out 2>err &
	pid=$! &&
	n=0 &&
	while ! grep -q "max_id=115921649991684104" "$TRASH/replay.log"; do
		n=$((n + 1)) &&
		test "$n" -lt 300 &&
		sleep 0.1
	done &&
	kill -9 $pid &&
	{ wait $pid || :; } &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql &&
	grep -c "statuses?limit=40" "$SOMARKIV_HOME/fetch/1/journal" >n &&
	test "$(cat n)" -eq 2 &&
	test -s "$SOMARKIV_HOME/fetch/1/source/statuses-0001.json"
'

expect_success 'the kept answers hold people'"'"'s words: only the owner may read them' '
	test "$(stat -c %a "$SOMARKIV_HOME/fetch/1")" = 700 &&
	test "$(stat -c %a "$SOMARKIV_HOME/fetch/1/source")" = 700 &&
	test "$(stat -c %a "$SOMARKIV_HOME/fetch/1/journal")" = 600 &&
	test "$(stat -c %a "$SOMARKIV_HOME/fetch/1/source/statuses-0001.json")" = 600 &&
	find "$SOMARKIV_HOME/fetch/1" -type f -perm /077 >loose &&
	test_must_be_empty loose
'

# the server again, on the same port (a fetch continues only against the same API)
port=$REPLAY_PORT
replay_start "$M/v1.rules" "$M" --port "$port"

expect_success 'fetched again: it continues where it stopped, and lands whole' '
	test "$BASE" = "http://127.0.0.1:$port" &&
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" fetch $H >out 2>err &&
	cat out err "$TRASH/replay.log" &&
	grep "^capture 1: 17 new, 0 changed, 0 unchanged, 0 removed, 2 attachments" out &&
	! grep "^GET /api/v1/accounts/$ID/statuses?limit=40$" "$TRASH/replay.log" &&
	! grep "max_id=116045158809604109" "$TRASH/replay.log" &&
	grep "max_id=115921649991684104" "$TRASH/replay.log" &&
	test ! -e "$SOMARKIV_HOME/fetch/1"
'

cat >"$TRASH/bad.rules" <<EOF
GET /api/v1/accounts/$ID 200 account.json
GET /api/v1/accounts/$ID/statuses?limit=40 200 $TRASH/bad-statuses.json
EOF
printf '[{"id":"1","uri":"https://social.exempelby.se/users/exempelby/statuses/1","created_at":"2026-03-01T10:00:00.000Z","visibility":"public","content":"<p>ok</p>","account":{"id":"%s"}},{"id":"2","uri":"https://social.exempelby.se/users/exempelby/statuses/2","created_at":"2026-03-01T10:00:00.000Z","visibility":"public","content":"<p>redigerad</p>","edited_at":"nyss","account":{"id":"%s"}}]' \
	$ID $ID >"$TRASH/bad-statuses.json"
replay_start "$TRASH/bad.rules" "$M"

expect_success 'an answer the importer refuses: the error names it, the store as it was' '
	"$SOMARKIV" account update -q $H --api-url "$BASE" &&
	store_dump >before.sql &&
	! "$SOMARKIV" fetch $H >out 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .$H.: cannot read .statuses-0001.json.: status 2: bad edit time .nyss.$" err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql &&
	test ! -e "$SOMARKIV_HOME/fetch/1"
'

test_done
