#!/bin/sh
# Disposal batches over time: a second run does not propose again what an
# open batch holds; a rule with approvals="0" (the plan's auto-approve) is
# executed by the run itself, logged as automatic; a rule needing approval
# still waits for a person.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"

expect_success 'setup: comments, classified, item 10 registered' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" classify -q &&
	"$SOMARKIV" register -q 10 2>/dev/null
'

expect_success 'a second run proposes nothing the open batch holds' '
	"$SOMARKIV" retention run --as-of 2026-08-01 >out &&
	grep "^batch 1: 2 items due, 4 due but protected$" out &&
	"$SOMARKIV" retention run --as-of 2026-08-15 >out &&
	grep "^nothing new due, 4 due but protected$" out &&
	grep "^2 due items wait in open batches already$" out &&
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM disposal_batch")" = 1
'

expect_success 'approved but not executed still counts as open' '
	"$SOMARKIV" --actor "Anna Ek" retention approve -q 1 &&
	"$SOMARKIV" retention run --as-of 2026-09-01 >out &&
	grep "^2 due items wait in open batches already$" out &&
	"$SOMARKIV" retention execute -q 1 &&
	"$SOMARKIV" retention run --as-of 2026-09-15 >out &&
	! grep "wait in open batches" out
'

expect_success 'approvals="0": the run disposes at once, logged as automatic' '
	A="$SOMARKIV --store auto" &&
	sed "s/id=\"dispose-temporary\" class=\"temporary\" action=\"dispose\" after=\"P3M\" from=\"last-activity\" approvals=\"1\"/id=\"dispose-temporary\" class=\"temporary\" action=\"dispose\" after=\"P3M\" from=\"last-activity\" approvals=\"0\"/" \
		"$PLAN" >auto-plan.xml &&
	grep -q "approvals=\"0\"" auto-plan.xml &&
	$A --actor arkivarie init -q &&
	$A account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	$A ingest -q --account 1 "$ITEMS" &&
	$A plan use -q auto-plan.xml &&
	$A classify -q &&
	$A register -q 10 2>/dev/null &&
	$A search plogförare >out && grep "^ *2 " out &&
	$A retention run --as-of 2026-08-01 >out &&
	grep "^batch 1: 2 items disposed of without approval, as the plan${SQ}s rules allow$" out &&
	! grep -q "plogförare" auto/store.db &&
	sqlite3 auto/store.db "SELECT item_id, batch_id, approvers FROM disposal_log ORDER BY item_id" >out &&
	printf "2|1|automatic (the plan${SQ}s rule needs no approval)\n6|1|automatic (the plan${SQ}s rule needs no approval)\n" >expect &&
	test_cmp expect out &&
	sqlite3 auto/store.db "SELECT status, approvals FROM disposal_batch" >out &&
	echo "executed|0" >expect && test_cmp expect out &&
	$A log >out && grep "retention.execute" out &&
	$A retention run --as-of 2026-08-15 >out &&
	grep "^nothing new due, 4 due but protected$" out
'

test_done
