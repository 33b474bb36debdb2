#!/bin/sh
# The decision a plan disposes under: <disposal-authority> is what the
# disposal log names as the decision (else the plan's <reference>), and
# plan check and plan use warn when it is marked UNVERIFIED.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"

expect_success 'setup: the test plan with a disposal authority, items classified temporary' '
	sed -e "s|<source>https://exempelby.se/ihp</source>|&<disposal-authority>KS 2025/77, gallringsbeslut för sociala medier</disposal-authority>|" \
	    -e "s/version=\"2026.1\"/version=\"2026.9\"/" "$PLAN" >plan.xml &&
	! cmp -s plan.xml "$PLAN" &&
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-comments.ndjson" &&
	"$SOMARKIV" plan use plan.xml >out 2>err &&
	test_must_be_empty err &&
	"$SOMARKIV" classify -q
'

expect_success 'the disposal log names the disposal authority as the decision' '
	"$SOMARKIV" retention run -q &&
	"$SOMARKIV" --actor "Anna Ek" retention approve -q 1 &&
	"$SOMARKIV" retention execute -q 1 &&
	sqlite3 store/store.db "SELECT DISTINCT decision FROM disposal_log" >out &&
	echo "KS 2025/77, gallringsbeslut för sociala medier" >expect &&
	test_cmp expect out
'

expect_success 'plan use warns when the disposal decision is UNVERIFIED, and still takes the plan' '
	sed -e "s|KS 2025/77, gallringsbeslut|UNVERIFIED gallringsbeslut|" -e "s/version=\"2026.9\"/version=\"2026.10\"/" plan.xml >unverified.xml &&
	"$SOMARKIV" plan use unverified.xml >out 2>err &&
	grep "^somarkiv: plan use: warning: plan '"'"'unverified.xml'"'"': line 9: the decision items are disposed of under is marked UNVERIFIED" err &&
	grep "^plan 2026.10 in use" out
'

test_done
