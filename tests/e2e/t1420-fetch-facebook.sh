#!/bin/sh
# fetch through the Graph API with a Page access token, replayed from
# tests/data/api/facebook and tests/data/api/instagram: a Page's feed in
# pages, comments and replies nested, the rest of a long thread, media; a
# second scene with an edit and a deletion; the Page's Instagram account
# found by the token and read the same way; the credentials file that
# anyone may read refused; the token, which Facebook puts in its paging
# links, nowhere in the store; an expired token and a used-up budget; and
# the export (which has no ids) and the API told apart.
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/replay.sh"

F="$API/facebook"
I="$API/instagram"
TOKEN=EAAGExempelbyPageToken0000000000000000000000000001

items_sql() {
	sqlite3 "${2:-$SOMARKIV_HOME}/store.db" "$1"
}

cp "$F/s1.rules" "$TRASH/scene.rules"
replay_start "$TRASH/scene.rules" "$F"

expect_success 'setup: a store, the Page'"'"'s account' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform facebook --handle exempelbykommun \
		--name "Exempelby kommun" --api-url "$BASE/v21.0"
'

expect_success 'without credentials: a clear error naming the account and where they go' '
	! "$SOMARKIV" fetch exempelbykommun 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .exempelbykommun.: no credentials: name a file (mode 0600) with .somarkiv account update 1 --credentials FILE., or put it at \$SOMARKIV_CREDENTIALS/1$" err
'

expect_success 'a credentials file others may read is refused, and nothing is asked' '
	printf "# the Page access token\ntoken = %s\n" "$TOKEN" >cred &&
	chmod 644 cred &&
	"$SOMARKIV" account update -q exempelbykommun --credentials cred &&
	: >"$TRASH/replay.log" &&
	test_expect_code=0 &&
	{ "$SOMARKIV" fetch exempelbykommun 2>err || test_expect_code=$?; } &&
	test "$test_expect_code" -eq 4 &&
	cat err &&
	grep "^somarkiv: fetch: account .exempelbykommun.: the credentials file .$TRASH/cred. may be read by others (mode 0644): refused; make it 0600$" err &&
	test_must_be_empty "$TRASH/replay.log"
'

expect_success 'the credentials may also be found in $SOMARKIV_CREDENTIALS by the account'"'"'s number' '
	mkdir -m 700 creds &&
	cp cred creds/1 &&
	chmod 600 creds/1 &&
	"$SOMARKIV" account update -q exempelbykommun --credentials "" &&
	SOMARKIV_CREDENTIALS="$TRASH/creds" "$SOMARKIV" fetch exempelbykommun >out 2>err &&
	cat out err &&
	grep "^capture 1: 10 new, 0 changed, 0 unchanged, 0 removed, 2 attachments, 0 missing, 0 problems (facebook-graph, " out &&
	! grep UNMATCHED "$TRASH/replay.log"
'

expect_success 'the feed'"'"'s posts, comments and replies; the long thread read whole' '
	test "$(items_sql "SELECT count(*) FROM item WHERE kind = '"'"'comment'"'"'")" -eq 4 &&
	test "$(items_sql "SELECT parent_platform_id FROM item WHERE platform_id = '"'"'5010_6002'"'"'")" = 5010_6001 &&
	test "$(items_sql "SELECT kind || by_account FROM item WHERE platform_id = '"'"'5010_6002'"'"'")" = reply1 &&
	test "$(items_sql "SELECT parent_platform_id FROM item WHERE platform_id = '"'"'5002_6103'"'"'")" = 104729384756102_5002 &&
	"$SOMARKIV" show 5002_6102 >out &&
	grep "media/7003_isgata_n.jpg  image/jpeg" out
'

expect_success 'Facebook puts the token in its paging links: it is blanked out, kept nowhere' '
	"$SOMARKIV" items --ndjson >items.ndjson &&
	grep -F "access_token=[redacted]" items.ndjson &&
	! grep -r -F -a "$TOKEN" "$SOMARKIV_HOME" &&
	"$SOMARKIV" log --json >log.json &&
	! grep -F "$TOKEN" log.json items.ndjson
'

expect_success 'scene 2: the edited post a new version, the deleted one removed' '
	"$SOMARKIV" account update -q exempelbykommun --credentials cred &&
	chmod 600 cred &&
	cp "$F/s2.rules" "$TRASH/scene.rules" &&
	"$SOMARKIV" fetch exempelbykommun >out &&
	cat out &&
	grep "^capture 2: 0 new, 1 changed, 8 unchanged, 1 removed, 0 attachments, 0 missing, 0 problems" out &&
	"$SOMARKIV" show 104729384756102_5010 >show &&
	grep -A1 "^version 2 (current): capture 2, observed .*, edited 2025-03-11T09:40:00Z" show |
		grep "kl. 08.00–15.00" &&
	"$SOMARKIV" show 104729384756102_5007 >show &&
	grep "removed from the platform: by capture 2" show
'

cat >"$TRASH/budget.rules" <<EOF
GET /v21.0/me?fields=id,name 200 me.json headers=usage-full.headers
EOF

expect_success 'the Page'"'"'s budget used up for longer than --max-wait: said, nothing changed' '
	cp "$TRASH/budget.rules" "$TRASH/scene.rules" &&
	store_dump >before.sql &&
	! "$SOMARKIV" fetch exempelbykommun --max-wait 5 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .exempelbykommun.: page 1 of the feed: the API asks to wait until .* (X-Business-Use-Case-Usage says 100% of its budget is used), longer than 5 s: nothing was captured; fetch again then$" err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

cat >"$TRASH/expired.rules" <<EOF
GET * 400 expired.json
EOF

expect_success 'an expired token: the account named, nothing changed, the token not shown' '
	cp "$TRASH/expired.rules" "$TRASH/scene.rules" &&
	rm -rf "$SOMARKIV_HOME/fetch" &&
	store_dump >before.sql &&
	! "$SOMARKIV" fetch exempelbykommun 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .exempelbykommun.: whose token it is: the API refused the credentials (HTTP 400: Error validating access token: Session has expired on Tuesday, 11-Mar-25 09:00:00 PDT. The current time is Wednesday, 12-Mar-25 01:00:00 PDT.): renew the token in .$TRASH/cred.; nothing was captured$" err &&
	! grep -F "$TOKEN" err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

expect_success 'the export and the API are told apart: no item is both, none removes the other'"'"'s' '
	cp "$F/s1.rules" "$TRASH/scene.rules" &&
	"$SOMARKIV" --store s2 init -q &&
	"$SOMARKIV" --store s2 account add -q --platform facebook --handle exempelbykommun \
		--api-url "$BASE/v21.0" --credentials cred &&
	"$SOMARKIV" --store s2 ingest --account exempelbykommun "$DATA/facebook-page-v1" >out &&
	grep "^capture 1: 15 new" out &&
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" --store s2 fetch exempelbykommun >out &&
	grep "^capture 2: 10 new, 0 changed, 0 unchanged, 0 removed" out &&
	! grep "?fields=id$" "$TRASH/replay.log" &&
	test "$(items_sql "SELECT count(*) FROM item WHERE platform_id LIKE '"'"'fb:%'"'"' AND format = '"'"'facebook'"'"'" s2)" -eq 15 &&
	test "$(items_sql "SELECT count(*) FROM item WHERE format = '"'"'facebook-graph'"'"'" s2)" -eq 10 &&
	"$SOMARKIV" --store s2 ingest --account exempelbykommun "$DATA/facebook-page-v2" >out &&
	cat out &&
	test "$(items_sql "SELECT count(*) FROM item WHERE removed_capture IS NOT NULL AND format = '"'"'facebook-graph'"'"'" s2)" -eq 0
'

cp "$I/s1.rules" "$TRASH/scene.rules"
replay_start "$TRASH/scene.rules" "$I"

expect_success 'Instagram: the account found through the Page token, its media, comments and replies' '
	"$SOMARKIV" --store ig init -q &&
	"$SOMARKIV" --store ig account add -q --platform instagram --handle exempelbykommun \
		--api-url "$BASE/v21.0" --credentials cred &&
	"$SOMARKIV" --store ig fetch exempelbykommun >out 2>err &&
	cat out err &&
	grep "^capture 1: 5 new, 0 changed, 0 unchanged, 0 removed, 4 attachments, 0 missing, 0 problems (instagram-graph, " out &&
	test "$(items_sql "SELECT kind || by_account || '"'"' '"'"' || parent_platform_id FROM item WHERE platform_id = '"'"'17900000000000201'"'"'" ig)" = \
		"reply1 17900000000000101" &&
	test "$(items_sql "SELECT count(*) FROM attachment a JOIN item i ON i.id = a.item_id WHERE i.platform_id = '"'"'17918195224117852'"'"'" ig)" -eq 2 &&
	! grep UNMATCHED "$TRASH/replay.log"
'

expect_success 'Instagram scene 2: the caption edited, a post deleted' '
	cp "$I/s2.rules" "$TRASH/scene.rules" &&
	"$SOMARKIV" --store ig fetch exempelbykommun >out &&
	cat out &&
	grep "^capture 2: 0 new, 1 changed, 3 unchanged, 1 removed, 0 attachments, 0 missing, 0 problems" out &&
	"$SOMARKIV" --store ig show 17918195224117855 >show &&
	grep "removed from the platform: by capture 2" show
'

test_done
