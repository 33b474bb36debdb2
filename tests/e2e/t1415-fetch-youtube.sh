#!/bin/sh
# fetch from the YouTube Data API v3, replayed from tests/data/api/youtube
# (the channel of the project's Takeout fixture): with an API key, the
# channel found by its handle, its uploads, every comment thread in pages
# and the rest of a long thread; a second scene with an edit, a deletion and
# a new comment; the Takeout and the API as the same items; OAuth with a
# refresh token traded for an access token that is kept nowhere; a key that
# is not good and a quota used up, each failing with nothing changed.
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/replay.sh"

Y="$API/youtube"
H=@exempelbykommun
KEY=AIzaSyExempelbyKey000000000000000001

items_sql() {
	sqlite3 "${2:-$SOMARKIV_HOME}/store.db" "$1"
}

cp "$Y/s1.rules" "$TRASH/scene.rules"
replay_start "$TRASH/scene.rules" "$Y"

expect_success 'setup: a store, the channel'"'"'s account, an API key' '
	printf "api_key = %s\n" "$KEY" >cred &&
	chmod 600 cred &&
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform youtube --handle $H --api-url "$BASE/youtube/v3" \
		--credentials cred
'

expect_success 'scene 1: the videos and every thread with all its replies' '
	"$SOMARKIV" fetch $H >out 2>err &&
	cat out err &&
	grep "^capture 1: 11 new, 0 changed, 0 unchanged, 0 removed, 0 attachments, 0 missing, 0 problems (youtube-api, " out &&
	test "$(grep -c "^GET /youtube/v3/commentThreads" "$TRASH/replay.log")" -eq 2 &&
	grep "parentId=UgPerUndrarOmSnoxxxxxx4AaABAg$" "$TRASH/replay.log" &&
	! grep UNMATCHED "$TRASH/replay.log" &&
	test "$(items_sql "SELECT count(*) FROM item WHERE kind = '"'"'post'"'"'")" -eq 2 &&
	test "$(items_sql "SELECT count(*) FROM item WHERE kind = '"'"'reply'"'"'")" -eq 4 &&
	test "$(items_sql "SELECT count(*) FROM item WHERE by_account = 1")" -eq 6 &&
	test "$(items_sql "SELECT parent_platform_id FROM item WHERE platform_id = '"'"'UgPerUndrarOmSnoxxxxxx4AaABAg.A1LisaOcksa00000000'"'"'")" = \
		UgPerUndrarOmSnoxxxxxx4AaABAg &&
	test "$(items_sql "SELECT parent_platform_id FROM item WHERE platform_id = '"'"'UgEvaBraFilmxxxxxxxxxx4AaABAg'"'"'")" = snorojning1
'

expect_success 'scene 2: the edit is a version, the deleted comment is removed, the new one new' '
	cp "$Y/s2.rules" "$TRASH/scene.rules" &&
	"$SOMARKIV" fetch $H >out &&
	cat out &&
	grep "^capture 2: 1 new, 1 changed, 9 unchanged, 1 removed, 0 attachments, 0 missing, 0 problems" out &&
	"$SOMARKIV" show UgKfProtokollxxxxxxxxx4AaABAg >show &&
	grep -A1 "^version 2 (current): capture 2, observed .*, edited 2024-03-22T10:15:00Z" show |
		grep "justerat 22 mars" &&
	"$SOMARKIV" show UgEvaBraFilmxxxxxxxxxx4AaABAg >show &&
	grep "removed from the platform: by capture 2" show
'

expect_success 'the key is nowhere in the store or the audit log' '
	! grep -r -F -a "$KEY" "$SOMARKIV_HOME" &&
	"$SOMARKIV" log --json >log.json &&
	! grep -F "$KEY" log.json
'

expect_success 'the Takeout, then the API: the same videos and comments are the same items' '
	cp "$Y/s1.rules" "$TRASH/scene.rules" &&
	"$SOMARKIV" --store s2 init -q &&
	"$SOMARKIV" --store s2 account add -q --platform youtube --handle $H \
		--api-url "$BASE/youtube/v3" --credentials cred &&
	"$SOMARKIV" --store s2 ingest --account $H "$DATA/youtube-2025" >out &&
	grep "^capture 1: 10 new" out &&
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" --store s2 fetch $H >out &&
	cat out &&
	grep "^capture 2: 5 new, 0 changed, 6 unchanged, 0 removed" out &&
	test "$(items_sql "SELECT count(*) FROM item" s2)" -eq 15 &&
	test "$(items_sql "SELECT count(DISTINCT platform_id) FROM item" s2)" -eq 15 &&
	grep "^GET /youtube/v3/comments?part=id&id=UgOppetHusxxxxxxxxxxxx4AaABAg,UgSeTolvTrettiofyraxxx4AaABAg$" \
		"$TRASH/replay.log" &&
	! grep "LiveChat" "$TRASH/replay.log"
'

cat >"$TRASH/oauth.rules" <<EOF
POST /token 200 oauth-token.json
EOF
cat "$Y/s1.rules" >>"$TRASH/oauth.rules"

expect_success 'OAuth: the refresh token is traded for an access token, which is kept nowhere' '
	cp "$TRASH/oauth.rules" "$TRASH/scene.rules" &&
	printf "client_id = 1234-exempelby.apps.googleusercontent.com\nclient_secret = GOCSPX-ExempelbySecret01\nrefresh_token = 1//0gExempelbyRefresh01\ntoken_url = %s/token\n" "$BASE" >oauth &&
	chmod 600 oauth &&
	"$SOMARKIV" --store s3 init -q &&
	"$SOMARKIV" --store s3 account add -q --platform youtube --handle $H \
		--api-url "$BASE/youtube/v3" --credentials oauth &&
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" --store s3 fetch $H >out 2>err &&
	cat out err &&
	grep "^capture 1: 11 new" out &&
	grep "^POST /token$" "$TRASH/replay.log" &&
	grep "^GET /youtube/v3/channels?part=snippet,contentDetails&mine=true$" "$TRASH/replay.log" &&
	! grep -r -F -a -e ya29.a0AfExempelbyAccessToken0001 -e GOCSPX-ExempelbySecret01 \
		-e 1//0gExempelbyRefresh01 s3 out err
'

cat >"$TRASH/bad-key.rules" <<EOF
GET * 400 key-invalid.json
EOF

expect_success 'a key that is not good: a clear error naming the account, nothing changed' '
	cp "$TRASH/bad-key.rules" "$TRASH/scene.rules" &&
	store_dump >before.sql &&
	! "$SOMARKIV" fetch $H >out 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .$H.: the channel: the API refused the credentials (HTTP 400: API key not valid. Please pass a valid API key.): renew the token in .$TRASH/cred.; nothing was captured$" err &&
	! grep -F "$KEY" err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

cat >"$TRASH/quota.rules" <<EOF
GET /youtube/v3/commentThreads* 403 quota.json
EOF
cat "$Y/s2.rules" >>"$TRASH/quota.rules"

expect_success 'a quota used up: the error says so, nothing changed' '
	cp "$TRASH/quota.rules" "$TRASH/scene.rules" &&
	store_dump >before.sql &&
	! "$SOMARKIV" fetch $H >out 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .$H.: page 1 of the comment threads: HTTP 403: The request cannot be completed because you have exceeded your " err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

test_done
