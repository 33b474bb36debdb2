#!/bin/sh
# Two-person approval takes two actors: the approver is the acting person
# (--actor, else the login name), never a free-text name; one actor cannot
# approve a batch twice under another spelling, so the one who proposed it
# is never its only approver; the audit entry names the login beside an
# actor that differs from it.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"
LOGIN=$(id -un)

expect_success 'setup: a rule that needs two approvals, a batch proposed by Anna Ek' '
	sed "s/after=\"P3M\" from=\"last-activity\" approvals=\"1\"/after=\"P3M\" from=\"last-activity\" approvals=\"2\"/" \
		"$PLAN" >plan.xml &&
	grep -q "approvals=\"2\"" plan.xml &&
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	"$SOMARKIV" plan use -q plan.xml &&
	"$SOMARKIV" classify -q &&
	"$SOMARKIV" register -q 10 2>/dev/null &&
	"$SOMARKIV" --actor "Anna Ek" retention run --as-of 2026-08-01 >out &&
	grep "^batch 1: 2 items due" out
'

expect_failure '--by is refused, and says to use --actor; the store is unchanged' 2 '
	store_dump >before &&
	"$SOMARKIV" retention approve 1 --by "Bo Ek" 2>err ||
	{ rc=$?
	  cat err
	  grep "^somarkiv: retention approve: --by is no longer accepted: the approver is the acting person; use .somarkiv --actor NAME retention approve 1.$" err &&
	  store_dump >after && test_cmp before after &&
	  exit $rc; }
'

expect_success 'the proposer approves; the same actor again, in another spelling, is refused' '
	"$SOMARKIV" --actor "Anna Ek" retention approve 1 >out &&
	grep "^batch 1 approved by Anna Ek$" out &&
	store_dump >before &&
	for name in "Anna Ek" "anna ek" " ANNA EK "; do
		if "$SOMARKIV" --actor "$name" retention approve 1 2>err; then exit 1; fi
		grep "^somarkiv: retention approve: .$name. has approved disposal batch .1. already; another person must$" err || exit 1
	done &&
	store_dump >after && test_cmp before after &&
	{ "$SOMARKIV" retention execute 1 2>err; test $? -ne 0; } &&
	grep "is proposed, not approved" err
'

expect_success 'a second actor completes the approval; the batch is executed' '
	"$SOMARKIV" --actor "Bo Ek" retention approve -q 1 &&
	"$SOMARKIV" retention execute 1 >out &&
	grep "^batch 1: 2 items disposed of$" out &&
	sqlite3 "$SOMARKIV_HOME/store.db" "SELECT DISTINCT approvers FROM disposal_log" >got &&
	echo "Anna Ek,Bo Ek" >expect && test_cmp expect got
'

expect_success 'the audit entries name the actor and, where it differs, the login' '
	"$SOMARKIV" log --json >log &&
	grep "\"action\":\"retention.approve\"" log >approvals &&
	test_line_count = 2 approvals &&
	grep "\"actor\":\"Anna Ek\".*\"by\":\"Anna Ek\",\"login\":\"$LOGIN\"" approvals &&
	grep "\"actor\":\"Bo Ek\".*\"by\":\"Bo Ek\",\"login\":\"$LOGIN\"" approvals
'

expect_success 'without --actor the approver is the login name, and the entry needs no login beside it' '
	S="$SOMARKIV --store two" &&
	$S --actor arkivarie init -q &&
	$S account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	$S ingest -q --account 1 "$ITEMS" && $S plan use -q plan.xml && $S classify -q &&
	$S register -q 10 2>/dev/null &&
	$S retention run -q --as-of 2026-08-01 &&
	$S retention approve 1 >out &&
	grep "^batch 1 approved by $LOGIN$" out &&
	$S log --json | grep "\"action\":\"retention.approve\"" >entry &&
	grep "\"by\":\"$LOGIN\"}" entry &&
	{ $S retention approve 1 2>err; test $? -ne 0; } &&
	grep "already; another person must$" err
'

test_done
