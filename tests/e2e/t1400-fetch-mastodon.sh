#!/bin/sh
# fetch from Mastodon's REST API, replayed on the loopback interface from
# tests/data/api/mastodon (see its README): pages by the Link header, threads
# with replies from other servers, edit histories, media, a second capture
# with an edit, deletions, and the failures on the way a fetch must survive
# (429 with Retry-After, a 500, a body cut short) or report (an expired
# token, a server too slow to answer), the store unchanged when it fails.
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/replay.sh"

M="$API/mastodon"
H=@exempelby@social.exempelby.se
ID=110512345678901234

count_kind() {
	"$SOMARKIV" items --kind "$1" --json |
		python3 -c "import json, sys; print(len(json.load(sys.stdin)))"
}

replay_start "$M/v1.rules" "$M"

expect_success 'setup: a store, the account, the server of scene v1' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle $H --name "Exempelby kommun" \
		--api-url "$BASE"
'

expect_success 'a first fetch: the statuses of every page, their threads, edits and media' '
	"$SOMARKIV" fetch $H >out 2>err &&
	cat out err &&
	test_must_be_empty err &&
	grep "^capture 1: 17 new, 0 changed, 0 unchanged, 0 removed, 2 attachments, 0 missing, 0 problems (mastodon-api, .$BASE (API).)$" out &&
	test "$(grep -c "^GET /api/v1/accounts/$ID/statuses" "$TRASH/replay.log")" -eq 4 &&
	grep "^GET /api/v1/accounts/lookup?acct=exempelby@social.exempelby.se$" "$TRASH/replay.log" &&
	test "$(count_kind post)" -eq 8 &&
	test "$(count_kind reply)" -eq 2 &&
	test "$(count_kind share)" -eq 2 &&
	test "$(count_kind comment)" -eq 5 &&
	! grep UNMATCHED "$TRASH/replay.log"
'

expect_success 'items are the export'"'"'s: its ids, its text; the library post has its two versions' '
	"$SOMARKIV" show https://social.exempelby.se/users/exempelby/statuses/115921649991684104 >out &&
	grep -A2 "^version 1: capture 1" out | grep "Måndag–torsdag 10–18" &&
	grep "^version 2 (current): capture 1, observed .*, edited 2026-01-19T12:07:52Z" out &&
	grep "media_attachments/files/111/222/333/444/555/777/original/681a0dee4f3bdaf9.png  image/png  169 bytes" out &&
	"$SOMARKIV" show https://social.exempelby.se/users/exempelby/statuses/116045158809604109 >out &&
	grep "^    Skadegörelse på Norrbyskolan$" out
'

expect_success 'replies from other servers: kinds, authors and parents by uri' '
	"$SOMARKIV" show https://toot.exempel.example/users/sven_k/statuses/115893100000000301 --json >sven.json &&
	python3 -c "
import json
v = json.load(open(\"sven.json\"))
assert v[\"kind\"] == \"comment\" and not v[\"by_account\"], v
assert v[\"parent_platform_id\"] == \"https://toot.exempel.example/users/lisa_b/statuses/115892205846533101\", v
assert v[\"author_name\"] == \"Sven Karlsson\", v
" &&
	"$SOMARKIV" show https://toot.exempel.example/users/lisa_b/statuses/115892205846533101 --json >lisa.json &&
	grep "\"parent_platform_id\":\"https://social.exempelby.se/users/exempelby/statuses/115880774860804102\"" lisa.json
'

expect_success 'each item keeps its own JSON object as its raw source' '
	"$SOMARKIV" items --ndjson >all.ndjson &&
	python3 -c "
import json
for line in open(\"all.ndjson\", encoding=\"utf-8\"):
    v = json.loads(line)
    raw = v[\"raw\"]
    assert isinstance(raw, dict) and raw.get(\"uri\") == v[\"id\"] or raw.get(\"uri\") is None, v[\"id\"]
    assert \"descendants\" not in raw and \"ancestors\" not in raw, v[\"id\"]
lisa = [json.loads(l) for l in open(\"all.ndjson\", encoding=\"utf-8\") if \"lisa_b/statuses\" in json.loads(l)[\"id\"]][0]
assert lisa[\"raw\"][\"account\"][\"acct\"] == \"lisa_b@toot.exempel.example\"
"
'

expect_success 'fetched again: nothing new, and no medium is fetched twice' '
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" fetch $H >out &&
	grep "^capture 2: 0 new, 0 changed, 17 unchanged, 0 removed, 0 attachments, 0 missing, 0 problems" out &&
	! grep "^GET /system/" "$TRASH/replay.log" &&
	! grep "/history$" "$TRASH/replay.log" &&
	test ! -e "$SOMARKIV_HOME/fetch/1"
'

cat >"$TRASH/v2-troubles.rules" <<EOF
# scene v2, and on the way a 429, a 500 and a body cut short, each once
GET /api/v1/accounts/$ID/statuses?limit=40&max_id=116090811187204111 429 rate-limited.json retry-after=1 times=1
GET /api/v1/statuses/115880774860804102/context 500 server-error.html times=1
GET /api/v1/statuses/116159781273604113/history 200 history-116159781273604113.json truncate=40 times=1
EOF
cat "$M/v2.rules" >>"$TRASH/v2-troubles.rules"
replay_start "$TRASH/v2-troubles.rules" "$M"

expect_success 'scene v2 through a 429, a 500 and a cut body: an edit, new items, two deletions' '
	"$SOMARKIV" account update -q $H --api-url "$BASE" &&
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" fetch $H >out 2>err &&
	cat out err &&
	grep "^capture 3: 3 new, 1 changed, 14 unchanged, 2 removed, 0 attachments, 0 missing, 0 problems" out &&
	test "$(grep -c "max_id=116090811187204111" "$TRASH/replay.log")" -eq 2 &&
	test "$(grep -c "^GET /api/v1/statuses/115880774860804102/context$" "$TRASH/replay.log")" -eq 2 &&
	test "$(grep -c "^GET /api/v1/statuses/116159781273604113/history$" "$TRASH/replay.log")" -eq 2
'

expect_success 'the deleted post and reply are marked removed by capture 3, and kept' '
	"$SOMARKIV" show https://social.exempelby.se/users/exempelby/statuses/116063679283204110 >out &&
	grep "removed from the platform: by capture 3 at " out &&
	"$SOMARKIV" show https://toot.exempel.example/users/sven_k/statuses/115893100000000301 >out &&
	grep "removed from the platform: by capture 3 at " out &&
	grep "Samma sak på Lindvägen" out
'

expect_success 'the edited post has a new version with its edit time' '
	"$SOMARKIV" show https://social.exempelby.se/users/exempelby/statuses/116159781273604113 >out &&
	grep -A1 "^version 1: capture 1" out | grep "kl. 08.00–12.00" &&
	grep -A1 "^version 2 (current): capture 3, observed .*, edited 2026-03-04T09:40:00Z" out |
		grep "kl. 08.00–15.00"
'

expect_success '--since fetches the pages back to that day only, and removes nothing' '
	rm -rf s2 &&
	"$SOMARKIV" --store s2 init -q &&
	"$SOMARKIV" --store s2 account add -q --platform mastodon --handle $H --api-url "$BASE" &&
	: >"$TRASH/replay.log" &&
	"$SOMARKIV" --store s2 fetch $H --since 2026-03-01 >out &&
	cat out &&
	grep "^capture 1: 7 new, 0 changed, 0 unchanged, 0 removed" out &&
	test "$(grep -c "^GET /api/v1/accounts/$ID/statuses" "$TRASH/replay.log")" -eq 1
'

cat >"$TRASH/expired.rules" <<EOF
GET * 401 invalid-token.json
EOF
replay_start "$TRASH/expired.rules" "$M"

expect_success 'an expired token: a clear error naming the account, nothing changed' '
	printf "token = tok-mastodon-expired-4711\n" >cred &&
	chmod 600 cred &&
	"$SOMARKIV" account update -q $H --credentials "$TRASH/cred" &&
	"$SOMARKIV" account update -q $H --api-url "$BASE" &&
	store_dump >before.sql &&
	test_expect_code=0 &&
	{ "$SOMARKIV" fetch $H >out 2>err || test_expect_code=$?; } &&
	test "$test_expect_code" -eq 3 &&
	cat err &&
	grep "^somarkiv: fetch: account .$H.: the account: the API refused the credentials (HTTP 401: The access token is invalid): renew the token in .$TRASH/cred.; nothing was captured$" err &&
	! grep -r "tok-mastodon-expired-4711" out err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

cat >"$TRASH/slow.rules" <<EOF
GET /api/v1/accounts/$ID 200 account.json delay=3
EOF
replay_start "$TRASH/slow.rules" "$M"

expect_success 'a server too slow to answer: the request times out, tries again, then fails' '
	"$SOMARKIV" account update -q $H --credentials "" &&
	"$SOMARKIV" account update -q $H --api-url "$BASE" --api-id $ID &&
	store_dump >before.sql &&
	! "$SOMARKIV" fetch $H --timeout 1 --max-wait 1 >out 2>err &&
	cat err &&
	grep "^somarkiv: fetch: account .$H.: the account: cannot fetch .$BASE/api/v1/accounts/$ID.: timed out (no answer within 1 s) (after 3 tries)$" err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

test_done
