#!/bin/sh
# The same Mastodon account captured through the API and through its export
# (tests/data/exempelby-mastodon-v1, -v2; the API's answers are made from
# them): the same statuses are the same items, in either order, so that
# switching between the two adds no duplicates; and with the owner's token
# the direct messages come too.
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/replay.sh"

M="$API/mastodon"
H=@exempelby@social.exempelby.se

items_sql() {
	sqlite3 "${2:-$SOMARKIV_HOME}/store.db" "$1"
}

replay_start "$M/v1.rules" "$M"

expect_success 'setup: a store with the export v1' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle $H --api-url "$BASE" &&
	"$SOMARKIV" ingest --account $H "$DATA/exempelby-mastodon-v1" >out &&
	grep "^capture 1: 13 new" out
'

expect_success 'then the API: the export'"'"'s statuses unchanged, only the replies it lacks are new' '
	"$SOMARKIV" fetch $H >out &&
	cat out &&
	grep "^capture 2: 5 new, 0 changed, 12 unchanged, 0 removed, 0 attachments, 0 missing, 0 problems" out &&
	test "$(items_sql "SELECT count(*) FROM item")" -eq 18 &&
	test "$(items_sql "SELECT count(DISTINCT platform_id) FROM item")" -eq 18 &&
	test "$(items_sql "SELECT count(*) FROM version")" -eq 18
'

expect_success 'no medium was fetched: the export'"'"'s are the same files' '
	! grep "^GET /system/" "$TRASH/replay.log" &&
	test "$(items_sql "SELECT count(*) FROM attachment")" -eq 2
'

expect_success 'without a token the direct message of the export is not asked about, nor removed' '
	! grep "^GET /api/v1/statuses/116007312359428108$" "$TRASH/replay.log" &&
	test -z "$(items_sql "SELECT removed_capture FROM item WHERE platform_id LIKE '"'"'%116007312359428108'"'"'")"
'

expect_success 'the export v2 after the API: the edit and the new posts, the deleted one removed' '
	"$SOMARKIV" ingest --account $H "$DATA/exempelby-mastodon-v2" >out &&
	cat out &&
	grep "^capture 3: 2 new, 1 changed, 11 unchanged, 1 removed" out
'

replay_start "$M/v2.rules" "$M"

expect_success 'then the API v2: only the reply the export lacks is new; the deleted reply removed' '
	"$SOMARKIV" account update -q $H --api-url "$BASE" &&
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" fetch $H >out &&
	cat out &&
	grep "^capture 4: 1 new, 0 changed, 17 unchanged, 1 removed" out &&
	! grep "116063679283204110" "$TRASH/replay.log" &&
	test "$(items_sql "SELECT count(*) FROM item")" -eq "$(items_sql "SELECT count(DISTINCT platform_id) FROM item")"
'

expect_success 'the other order: the API first, then the export adds only the direct message' '
	"$SOMARKIV" --store s2 init -q &&
	"$SOMARKIV" --store s2 account add -q --platform mastodon --handle $H --api-url "$BASE" &&
	"$SOMARKIV" --store s2 fetch $H >out &&
	grep "^capture 1: 18 new" out &&
	"$SOMARKIV" --store s2 ingest --account $H "$DATA/exempelby-mastodon-v2" >out &&
	cat out &&
	grep "^capture 2: 1 new, 0 changed, 13 unchanged, 0 removed" out &&
	test "$(items_sql "SELECT count(*) FROM item" s2)" -eq 19 &&
	test "$(items_sql "SELECT kind FROM item WHERE platform_id LIKE '"'"'%116007312359428108'"'"'" s2)" = message
'

replay_start "$M/token.rules" "$M"

expect_success 'with the owner'"'"'s token: the direct message and the answer to it, as messages' '
	printf "# the owner'"'"'s access token\ntoken = tok-mastodon-owner-0042\n" >cred &&
	chmod 600 cred &&
	"$SOMARKIV" --store s3 init -q &&
	"$SOMARKIV" --store s3 account add -q --platform mastodon --handle $H --api-url "$BASE" \
		--api-id 110512345678901234 --credentials cred &&
	"$SOMARKIV" --store s3 fetch $H >out &&
	cat out &&
	grep "^capture 1: 19 new, 0 changed, 0 unchanged, 0 removed" out &&
	test "$(items_sql "SELECT count(*) FROM item WHERE kind = '"'"'message'"'"'" s3)" -eq 2 &&
	test "$(items_sql "SELECT by_account FROM item WHERE platform_id LIKE '"'"'%per_s/statuses/116007400000000041'"'"'" s3)" -eq 0 &&
	test "$(items_sql "SELECT parent_platform_id FROM item WHERE platform_id LIKE '"'"'%per_s/statuses/116007400000000041'"'"'" s3)" = \
		https://social.exempelby.se/users/exempelby/statuses/116007312359428108 &&
	! grep UNMATCHED "$TRASH/replay.log"
'

test_done
