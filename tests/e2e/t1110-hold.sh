#!/bin/sh
# Holds (gallringsstopp): on an item, an account, a search text or a
# pending request for documents each block disposal until lifted; lifting
# is audited; bad input leaves the store unchanged.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"

expect_success 'setup: a store, comments, classified' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" classify -q &&
	"$SOMARKIV" retention run --dry-run --as-of 2027-01-01 >out &&
	grep "^4 items due, 2 due but protected" out
'

expect_success 'bad input: no target, two targets, no reason, bad ids; store unchanged' '
	store_dump >before &&
	{ "$SOMARKIV" hold add --reason x 2>err; test $? -ne 0; } &&
	{ "$SOMARKIV" hold add --item 2 --account 1 --reason x 2>err; test $? -ne 0; } &&
	{ "$SOMARKIV" hold add --item 2 2>err; test $? -ne 0; } &&
	{ "$SOMARKIV" hold add --item two --reason x 2>err; test $? -ne 0; } &&
	{ "$SOMARKIV" hold add --item 99 --reason x 2>err; test $? -ne 0; } &&
	grep "^somarkiv: hold add: no item .99.$" err &&
	{ "$SOMARKIV" hold add --account nobody --reason x 2>err; test $? -ne 0; } &&
	grep "^somarkiv: hold add: no account .nobody.$" err &&
	{ "$SOMARKIV" hold add --case "KS 2099/1" --reason x 2>err; test $? -ne 0; } &&
	{ "$SOMARKIV" hold add --query "" --reason x 2>err; test $? -ne 0; } &&
	{ "$SOMARKIV" hold lift 9 --reason x 2>err; test $? -ne 0; } &&
	grep "^somarkiv: hold lift: no hold .9.$" err &&
	store_dump >after && test_cmp before after
'

expect_success 'an item hold blocks that item and its thread' '
	"$SOMARKIV" hold add --item 10 --reason "begäran om allmän handling" >out &&
	grep "^hold 1 added$" out &&
	"$SOMARKIV" retention run --dry-run --as-of 2027-01-01 >out &&
	grep "^2 items due, 4 due but protected" out &&
	! grep "^1[01]	" out
'

expect_success 'a query hold blocks what the search finds' '
	"$SOMARKIV" hold add -q --query plogförare --reason "utredning" &&
	"$SOMARKIV" retention run --dry-run --as-of 2027-01-01 >out &&
	grep "^1 items due" out && grep "^6	" out
'

expect_success 'a request hold blocks everything; list shows the holds' '
	"$SOMARKIV" hold add -q --request "KS 2026/77" --reason "TF 2 kap." &&
	"$SOMARKIV" retention run --dry-run --as-of 2027-01-01 >out &&
	grep "^0 items due" out &&
	"$SOMARKIV" hold list >out &&
	test_line_count = 3 out &&
	grep "^3	request	KS 2026/77	active	TF 2 kap.	KS 2026/77$" out
'

expect_success 'lifting is audited and unblocks' '
	"$SOMARKIV" hold lift -q 3 --reason "begäran avgjord" &&
	"$SOMARKIV" hold lift -q 2 --reason "klar" &&
	"$SOMARKIV" hold lift -q 1 --reason "klar" &&
	{ "$SOMARKIV" hold lift 1 --reason again 2>err; test $? -ne 0; } &&
	grep "lifted already" err &&
	"$SOMARKIV" hold list >out && test_must_be_empty out &&
	"$SOMARKIV" hold list --all >out && test_line_count = 3 out &&
	"$SOMARKIV" log >out && test "$(grep -c hold.lift out)" -eq 3 &&
	"$SOMARKIV" retention run --dry-run --as-of 2027-01-01 >out &&
	grep "^4 items due" out
'

expect_success 'an account hold blocks the account' '
	"$SOMARKIV" hold add -q --account @exempelby@social.exempelby.se --reason "granskning" &&
	"$SOMARKIV" retention run --dry-run --as-of 2027-01-01 >out &&
	grep "^0 items due" out
'

expect_success 'a hold placed after approval stops execute for what it covers' '
	"$SOMARKIV" hold lift -q 4 --reason klar &&
	"$SOMARKIV" retention run -q --as-of 2026-08-01 >/dev/null &&
	"$SOMARKIV" --actor "Anna Ek" retention approve -q 1 &&
	"$SOMARKIV" hold add -q --item 2 --reason "ny begäran" &&
	"$SOMARKIV" retention execute 1 >out &&
	grep "^batch 1: 3 items disposed of$" out &&
	"$SOMARKIV" show 2 | grep plogförare
'

test_done
