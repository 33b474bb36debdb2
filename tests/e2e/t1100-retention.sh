#!/bin/sh
# Disposal (gallring): a run lists exactly the disposable items as a batch;
# registered items, unresolved flags and their threads are protected; an
# unapproved batch is refused; an approved one destroys the text (not
# findable by search, not in the database file, objects gone) and leaves a
# disposal log row per item; bad input leaves the store unchanged.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"

expect_success 'setup: a store, comments, classified, item 10 registered' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" classify -q &&
	"$SOMARKIV" register -q 10 2>/dev/null
'

expect_success 'nothing is due before the period has run' '
	"$SOMARKIV" retention run --dry-run --as-of 2026-04-01 >out &&
	grep "^0 items due, 0 due but protected (dry run)$" out
'

expect_success 'dry run: exactly the disposable items, protected threads left out' '
	"$SOMARKIV" retention run --dry-run --as-of 2027-01-01 >out &&
	printf "2\tdispose-temporary\t2026-04-14\n6\tdispose-temporary\t2026-04-20\n2 items due, 4 due but protected (dry run)\n" >expect &&
	test_cmp expect out &&
	"$SOMARKIV" retention report >out && test_must_be_empty out
'

expect_success 'bad input: a bad date, an unknown batch; store unchanged' '
	store_dump >before &&
	{ "$SOMARKIV" retention run --as-of 2027-13-01 2>err; test $? -ne 0; } &&
	grep "^somarkiv: retention run: bad date .2027-13-01." err &&
	{ "$SOMARKIV" --actor anna retention approve 7 2>err; test $? -ne 0; } &&
	grep "^somarkiv: retention approve: no disposal batch .7.$" err &&
	{ "$SOMARKIV" retention execute x 2>err; test $? -ne 0; } &&
	store_dump >after && test_cmp before after
'

expect_success 'run records a batch; execute refuses it unapproved' '
	"$SOMARKIV" retention run --as-of 2026-08-01 >out &&
	grep "^batch 1: 2 items due, 4 due but protected$" out &&
	store_dump >before &&
	{ "$SOMARKIV" retention execute 1 2>err; test $? -ne 0; } &&
	grep "^somarkiv: retention execute: disposal batch .1. is proposed, not approved$" err &&
	store_dump >after && test_cmp before after &&
	"$SOMARKIV" search plogförare >out && grep "^ *2 " out
'

expect_success 'the same person cannot approve twice' '
	"$SOMARKIV" --actor "Anna Ek" retention approve -q 1 &&
	{ "$SOMARKIV" --actor "Anna Ek" retention approve 1 2>err; test $? -ne 0; } &&
	grep "already; another person must$" err
'

expect_success 'execute destroys the text, the index entries and the objects' '
	"$SOMARKIV" retention execute 1 >out &&
	grep "^batch 1: 2 items disposed of$" out &&
	"$SOMARKIV" search plogförare >out && ! grep "^ *2 " out &&
	! grep -q "plogförare" "$SOMARKIV_HOME/store.db" &&
	! grep -rq "plogförare" "$SOMARKIV_HOME/objects" &&
	! grep -q "långfredag" "$SOMARKIV_HOME/store.db" &&
	grep -q "Björkvägen" "$SOMARKIV_HOME/store.db" &&
	"$SOMARKIV" verify >/dev/null
'

expect_success 'protected items survive: registered, flagged, their threads' '
	"$SOMARKIV" search "ris och grenar" >out && grep "^ *10 " out &&
	"$SOMARKIV" show 7 | grep Storgatan &&
	"$SOMARKIV" show 11 | grep "ris och grenar"
'

expect_success 'the disposal log, report and audit' '
	sqlite3 "$SOMARKIV_HOME/store.db" "SELECT item_id, kind, rule, plan_version, batch_id, approvers FROM disposal_log ORDER BY item_id" >out &&
	printf "2|comment|dispose-temporary|2026.1|1|Anna Ek\n6|comment|dispose-temporary|2026.1|1|Anna Ek\n" >expect &&
	test_cmp expect out &&
	"$SOMARKIV" retention report >out &&
	grep "	dispose-temporary	2	2026.1$" out &&
	"$SOMARKIV" retention report --json --from 2000-01-01 >out &&
	grep "\"rule\":\"dispose-temporary\"" out &&
	"$SOMARKIV" log >out &&
	grep "retention.run" out && grep "retention.approve" out && grep "retention.execute" out
'

expect_success 'an executed batch cannot run again; nothing more is due' '
	{ "$SOMARKIV" retention execute 1 2>err; test $? -ne 0; } &&
	grep "is executed, not approved" err &&
	"$SOMARKIV" retention run --dry-run --as-of 2027-01-01 >out &&
	grep "^0 items due, 4 due but protected" out
'

expect_success 'deliver-first: a message waits for a verified export, then needs two people' '
	M="$SOMARKIV --store msgstore" &&
	$M --actor arkivarie init -q &&
	$M account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	printf "%s\n" "{\"platform\":\"mastodon\",\"id\":\"m1\",\"kind\":\"message\",\"parent_id\":null,\"author\":{\"name\":\"Per Ek\",\"id\":\"p\"},\"by_account\":false,\"created\":\"2024-05-02T10:00:00Z\",\"edited\":null,\"text\":\"Hej! Tack för svaret om snöröjningen.\",\"url\":null,\"attachments\":[]}" >msg.ndjson &&
	$M ingest -q --account 1 msg.ndjson &&
	$M plan use -q "$PLAN" && $M classify -q &&
	$M retention run --dry-run --as-of 2025-12-31 >out &&
	grep "^0 items due, 0 due but protected" out &&
	$M retention run --dry-run --as-of 2026-01-01 >out &&
	grep "^0 items due, 1 due but protected" out &&
	SOMARKIV_SCHEMA_DIR="$REPO/schemas" $M export -q --out pkg.tar &&
	$M retention run --dry-run --as-of 2026-01-01 >out &&
	grep "^0 items due, 1 due but protected" out &&
	SOMARKIV_SCHEMA_DIR="$REPO/schemas" $M verify --no-signature-check pkg.tar >out &&
	grep "^export 1 recorded as verified: its items count as delivered$" out &&
	$M retention run --as-of 2026-01-01 >out &&
	grep "^1	dispose-temporary-messages	2026-01-01$" out &&
	$M --actor A retention approve -q 1 &&
	{ $M retention execute 1 2>err; test $? -ne 0; } &&
	grep "is proposed, not approved" err &&
	$M --actor B retention approve -q 1 &&
	$M retention execute -q 1 &&
	! grep -q "snöröjningen" msgstore/store.db &&
	sqlite3 msgstore/store.db "SELECT approvers FROM disposal_log" >out &&
	echo "A,B" >expect && test_cmp expect out
'

expect_success 'an export after the disposal leaves the disposed items out and verifies' '
	"$SOMARKIV" export --out after.tar >out &&
	"$SOMARKIV" verify --no-signature-check after.tar >verify &&
	! bsdtar -xOf after.tar "*/item.xml" 2>/dev/null | grep -q "<text></text>"
'

expect_success 'the disposal log travels in that export: PREMIS deletion events, rows marked delivered' '
	grep "^disposals: *2$" out &&
	bsdtar -xOf after.tar "*/metadata/preservation/premis.xml" >premis.xml &&
	test "$(grep -c "<eventType>deletion</eventType>" premis.xml)" = 2 &&
	for id in $(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT identifier FROM disposal_log"); do
		grep -q "<linkingObjectIdentifierValue>$id</linkingObjectIdentifierValue>" premis.xml || exit 1
	done &&
	for sha in $(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT sha256 FROM disposal_log"); do
		grep -q "SHA-256 of the content destroyed: $sha" premis.xml || exit 1
	done &&
	grep -q "under rule dispose-temporary of plan 2026.1" premis.xml &&
	bsdtar -xOf after.tar "*/documentation/README.txt" | grep "^Disposal log: 2 items disposed of" &&
	sqlite3 "$SOMARKIV_HOME/store.db" "SELECT DISTINCT d.export_id = e.id FROM disposal_log d
		JOIN export e ON e.path = ${SQ}after.tar${SQ}" >got && echo 1 >expect && test_cmp expect got &&
	grep "^OK   PREMIS schema: valid" verify
'

expect_success 'the next export carries no disposal twice' '
	"$SOMARKIV" export --out again.tar >out &&
	! grep "^disposals:" out &&
	! bsdtar -xOf again.tar "*/metadata/preservation/premis.xml" | grep -q "<eventType>deletion</eventType>"
'

test_done
