#!/bin/sh
# fetch from the X API v2 (a bearer token), replayed from tests/data/api/x
# (made from the project's account archive): the timeline in pages, an
# edited post's earlier state looked up, the replies in a recent
# conversation, media; a second scene with an edit, a deletion, a rate
# limit to wait out and a tier without search; the archive and the API as
# the same items; and a rate limit too long to wait, continued later
# without asking again what was answered.
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/replay.sh"

X="$API/x"
SOMARKIV_NOW=2024-04-21T12:00:00Z
export SOMARKIV_NOW
TOKEN=AAAAAAAAAAAAAAAAAAAAAExempelbyBearer0001

items_sql() {
	sqlite3 "${2:-$SOMARKIV_HOME}/store.db" "$1"
}

replay_start "$X/s1.rules" "$X"

expect_success 'setup: a store, the account, its bearer token in a file of its own' '
	printf "token = %s\n" "$TOKEN" >cred &&
	chmod 600 cred &&
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform x --handle @exempelby --name "Exempelby kommun" \
		--api-url "$BASE/2" --credentials cred
'

expect_success 'scene 1: the timeline'"'"'s two pages, the conversation, the first state of an edit' '
	"$SOMARKIV" fetch @exempelby >out 2>err &&
	cat out err &&
	grep "^capture 1: 13 new, 0 changed, 0 unchanged, 0 removed, 2 attachments, 0 missing, 0 problems (twarc, " out &&
	test "$(grep -c "^GET /2/users/1500000000000000001/tweets" "$TRASH/replay.log")" -eq 2 &&
	grep "^GET /2/tweets/search/recent.*query=conversation_id:1790000000000000011$" "$TRASH/replay.log" &&
	! grep UNMATCHED "$TRASH/replay.log"
'

expect_success 'the edited post is one item with both states; the citizen'"'"'s reply a comment' '
	"$SOMARKIV" show 1790000000000000011 >out &&
	grep -A1 "^version 1: capture 1" out | grep "måndag 22 april" &&
	grep -A1 "^version 2 (current): capture 1, observed .*, edited 2024-04-20T08:20:00Z" out |
		grep "tisdag 23 april" &&
	test "$(items_sql "SELECT kind || by_account FROM item WHERE platform_id = '"'"'1790000000000000101'"'"'")" = comment0 &&
	"$SOMARKIV" show 1790000000000000004 >out &&
	grep "media/HogKvalitet01.mp4  video/mp4  32 bytes" out
'

cat >"$TRASH/s2.rules" <<EOF
GET /2/users/by/username/exempelby 429 too-many.json retry-after=1 times=1
EOF
cat "$X/s2.rules" >>"$TRASH/s2.rules"
replay_start "$TRASH/s2.rules" "$X"

expect_success 'scene 2 through a 429 and a used-up rate limit: an edit, a deletion, no search' '
	"$SOMARKIV" account update -q @exempelby --api-url "$BASE/2" &&
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" fetch @exempelby >out 2>err &&
	cat out err &&
	grep "^capture 2: 1 new, 1 changed, 10 unchanged, 1 removed, 0 attachments, 0 missing, 1 problems" out &&
	test "$(grep -c "^GET /2/users/by/username/exempelby" "$TRASH/replay.log")" -eq 2 &&
	"$SOMARKIV" capture show 2 >out &&
	grep "replies in conversations not fetched: the X API refused recent search (HTTP 403): the access tier may not include it" out &&
	"$SOMARKIV" show 1790000000000000002 >out &&
	grep "removed from the platform: by capture 2" out &&
	"$SOMARKIV" show 1790000000000000010 >out &&
	grep -A1 "^version 2 (current): capture 2, observed .*, edited 2024-04-12T12:00:00Z" out |
		grep "uppdaterad 12.00" &&
	test -z "$(items_sql "SELECT removed_capture FROM item WHERE platform_id = '"'"'1790000000000000101'"'"'")"
'

expect_success 'the token is nowhere in the store, the audit log or what was printed' '
	! grep -r -F -a "$TOKEN" "$SOMARKIV_HOME" &&
	"$SOMARKIV" log --json >log.json &&
	"$SOMARKIV" items --ndjson >items.ndjson &&
	"$SOMARKIV" capture list --json >captures.json &&
	! grep -F "$TOKEN" log.json items.ndjson captures.json out err
'

replay_start "$X/s1.rules" "$X"

expect_success 'the archive, then the API: the same posts are the same items, the deleted one removed' '
	"$SOMARKIV" --store s2 init -q &&
	"$SOMARKIV" --store s2 account add -q --platform x --handle @exempelby --api-url "$BASE/2" \
		--credentials cred &&
	"$SOMARKIV" --store s2 ingest --account @exempelby "$DATA/x-exempelby-archive" >out &&
	grep "^capture 1: 16 new" out &&
	"$SOMARKIV" --store s2 fetch @exempelby >out &&
	cat out &&
	grep "^capture 2: 2 new, 0 changed, 11 unchanged, 1 removed, 2 attachments, 0 missing, 0 problems" out &&
	test "$(items_sql "SELECT count(*) FROM item" s2)" -eq 18 &&
	test "$(items_sql "SELECT count(DISTINCT platform_id) FROM item" s2)" -eq 18 &&
	test "$(items_sql "SELECT count(*) FROM item WHERE removed_capture = 2" s2)" -eq 1 &&
	test "$(items_sql "SELECT platform_id FROM item WHERE removed_capture = 2" s2)" = 1790000000000000020 &&
	test "$(items_sql "SELECT count(*) FROM item WHERE kind = '"'"'message'"'"' AND removed_capture IS NULL" s2)" -eq 4
'

# one server for both scenes (a fetch continues only against the same API): the rules change under it
cat >"$TRASH/scene.rules" <<EOF
GET /2/users/by/username/exempelby 200 user.json headers=rate-limit-long.headers
EOF
replay_start "$TRASH/scene.rules" "$X"

expect_success 'a rate limit longer than --max-wait: a clear error, nothing captured' '
	"$SOMARKIV" --store s3 init -q &&
	"$SOMARKIV" --store s3 account add -q --platform x --handle @exempelby --api-url "$BASE/2" \
		--credentials cred &&
	store_dump s3 >before.sql &&
	! "$SOMARKIV" --store s3 fetch @exempelby --max-wait 5 >out 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .@exempelby.: page 1 of the account.s posts: the API asks to wait until 20[0-9T:-]*Z (its rate limit is used up), longer than 5 s: nothing was captured; fetch again then$" err &&
	store_dump s3 >after.sql &&
	test_cmp before.sql after.sql &&
	test -s s3/fetch/1/journal
'

expect_success 'fetched again: it continues, and what was answered is not asked again' '
	cp "$X/s1.rules" "$TRASH/scene.rules" &&
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" --store s3 fetch @exempelby >out &&
	cat out "$TRASH/replay.log" &&
	grep "^capture 1: 13 new" out &&
	! grep "^GET /2/users/by/username/exempelby$" "$TRASH/replay.log" &&
	test ! -e s3/fetch/1
'

test_done
