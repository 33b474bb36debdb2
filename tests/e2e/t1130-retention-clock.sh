#!/bin/sh
# Nothing is destroyed before its real due date: a future --as-of is for
# dry runs only; $SOMARKIV_NOW can move disposal back in time, never
# forward, even under a rule that needs no approval; and execute checks
# every item of a batch again, by the real clock and in its transaction,
# leaving out (and counting) what is no longer due or is protected now.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"
TODAY=$(date -u +%Y-%m-%d)

# A comment by someone else posted today (temporary: due three months on).
comment() {
	printf '{"platform":"mastodon","id":"%s","kind":"comment","parent_id":%s,"author":{"name":"Eva Nord","id":"eva"},"by_account":false,"created":"%sT00:00:01Z","edited":null,"text":"%s","url":null,"attachments":[]}\n' \
		"$1" "$2" "$TODAY" "$3"
}

# The example plan with the temporary rule auto-approved (approvals="0").
sed "s/id=\"dispose-temporary\" class=\"temporary\" action=\"dispose\" after=\"P3M\" from=\"last-activity\" approvals=\"1\"/id=\"dispose-temporary\" class=\"temporary\" action=\"dispose\" after=\"P3M\" from=\"last-activity\" approvals=\"0\"/" \
	"$PLAN" >auto-plan.xml

# setup STORE PLAN: the example comments and today's, classified, item 10 registered.
setup() {
	"$SOMARKIV" --store "$1" --actor arkivarie init -q &&
	"$SOMARKIV" --store "$1" account add -q --platform mastodon \
		--handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" --store "$1" ingest -q --account 1 "$ITEMS" &&
	comment fresh null "Tack för den fina skridskobanan vid Ekbacken i dag" >fresh.ndjson &&
	"$SOMARKIV" --store "$1" ingest -q --partial --account 1 fresh.ndjson &&
	"$SOMARKIV" --store "$1" plan use -q "$2" &&
	"$SOMARKIV" --store "$1" classify -q &&
	"$SOMARKIV" --store "$1" register -q 10 2>/dev/null &&
	test "$("$SOMARKIV" --store "$1" show 12 --json | grep -c skridskobanan)" = 1
}

expect_success 'setup: under a rule that needs no approval, a comment posted today' '
	setup auto auto-plan.xml &&
	"$SOMARKIV" --store auto explain 12 | grep "temporary"
'

expect_success 'a dry run may look ahead: the new comment is due in 2099' '
	"$SOMARKIV" --store auto retention run --dry-run --as-of 2099-01-01 >out &&
	grep "^12	dispose-temporary	" out
'

expect_failure 'a future --as-of without --dry-run is refused; the store is unchanged' 3 '
	store_dump auto >before &&
	"$SOMARKIV" --store auto retention run --as-of 2099-01-01 >out 2>err ||
	{ rc=$?
	  cat err
	  grep "^somarkiv: retention run: cannot propose disposal as of .2099-01-01.: it is after today ($TODAY); a later date is for dry runs only$" err &&
	  store_dump auto >after && test_cmp before after &&
	  exit $rc; }
'

expect_success '$SOMARKIV_NOW in 2099 does not move disposal ahead: only what is due by the real clock goes' '
	SOMARKIV_NOW=2099-01-01T00:00:00Z "$SOMARKIV" --store auto retention run >out &&
	cat out &&
	grep "^batch 1: 2 items disposed of without approval" out &&
	! grep "^12	" out &&
	"$SOMARKIV" --store auto show 12 | grep skridskobanan &&
	"$SOMARKIV" --store auto search skridskobanan | grep "^ *12 " &&
	sqlite3 auto/store.db "SELECT item_id, substr(time, 1, 10) FROM disposal_log ORDER BY item_id" >got &&
	printf "2|$TODAY\n6|$TODAY\n" >expect && test_cmp expect got
'

expect_success 'and a dry run under it shows what will be due, without destroying anything' '
	SOMARKIV_NOW=2099-01-01T00:00:00Z "$SOMARKIV" --store auto retention run --dry-run >out &&
	grep "^12	dispose-temporary	" out &&
	"$SOMARKIV" --store auto show 12 | grep skridskobanan
'

expect_success 'setup: a batch proposed today, and approved' '
	setup manual "$PLAN" &&
	"$SOMARKIV" --store manual retention run >out &&
	grep "^batch 1: 2 items due" out &&
	! grep "^12	" out
'

# The batch an older somarkiv wrote for `retention run --as-of 2099-01-01`:
# today's comment in it, due "2099".
expect_success 'execute checks every item again by the real clock: not due, protected now, left out' '
	sqlite3 manual/store.db "UPDATE disposal_batch SET as_of = ${SQ}2099-01-01${SQ};
		INSERT INTO batch_item(batch_id, item_id, rule, due)
		VALUES (1, 12, ${SQ}dispose-temporary${SQ}, ${SQ}2099-01-01${SQ})" &&
	"$SOMARKIV" --store manual --actor "Anna Ek" retention approve -q 1 &&
	# Since the proposal: a reply today in the thread of item 2 (its last
	# activity moves to today), and a hold on item 6.
	comment reply "\"https://toot.exempel.example/users/sven_o/statuses/115895646945285103\"" \
		"Håller med" >reply.ndjson &&
	"$SOMARKIV" --store manual ingest -q --partial --account 1 reply.ndjson &&
	"$SOMARKIV" --store manual hold add -q --item 6 --reason "begäran om allmän handling" &&
	"$SOMARKIV" --store manual retention execute 1 >out &&
	cat out &&
	printf "batch 1: 0 items disposed of\n3 items left out: 2 no longer due, 1 protected now\n" >expect &&
	test_cmp expect out &&
	for i in 2 6 12; do
		"$SOMARKIV" --store manual show $i | grep -q "^version 1: " || exit 1
	done &&
	"$SOMARKIV" --store manual search skridskobanan | grep "^ *12 " &&
	"$SOMARKIV" --store manual search plogförare | grep "^ *2 " &&
	test "$(sqlite3 manual/store.db "SELECT count(*) FROM disposal_log")" = 0 &&
	"$SOMARKIV" --store manual log --json >log &&
	grep "\"action\":\"retention.execute\"" log | grep "\"disposed\":0,\"left_out\":3,\"not_due\":2,\"protected\":1"
'

expect_success 'what was left out is proposed again once due and unprotected' '
	"$SOMARKIV" --store manual hold lift -q 1 --reason klar &&
	"$SOMARKIV" --store manual retention run >out &&
	grep "^6	dispose-temporary	" out &&
	! grep "^2	" out && ! grep "^12	" out
'

test_done
