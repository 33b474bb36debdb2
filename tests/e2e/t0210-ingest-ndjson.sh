#!/bin/sh
# ingest of canonical NDJSON (tests/data/exempelby-comments.ndjson) from
# standard input, threads across formats, the NDJSON round trip, and
# --partial.
. "$(dirname "$0")/lib.sh"

H='@exempelby@social.exempelby.se'
V1="$DATA/exempelby-mastodon-v1"
V2="$DATA/exempelby-mastodon-v2"
C="$DATA/exempelby-comments.ndjson"
S='https://social.exempelby.se/users/exempelby/statuses'

expect_success 'setup: a store, the account, the v2 export' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle "$H" --name "Exempelby kommun" &&
	"$SOMARKIV" ingest -q --account "$H" "$V2"
'

expect_success 'ingest - reads NDJSON from standard input' '
	"$SOMARKIV" ingest --account "$H" --partial - <"$C" >out 2>err &&
	grep "^capture 2: 11 new, 0 changed, 0 unchanged, 0 removed, 0 attachments, 0 missing, 0 problems (ndjson, " out &&
	test_must_be_empty err
'

expect_success 'the comments are items beside the posts' '
	"$SOMARKIV" items >out &&
	test_line_count = 26 out &&
	! grep "(removed)" out &&
	"$SOMARKIV" items --kind comment >out && test_line_count = 10 out &&
	"$SOMARKIV" items --kind reply >out && test_line_count = 5 out &&
	"$SOMARKIV" items --capture 2 >out && test_line_count = 12 out
'

expect_success 'capture show says the capture was partial' '
	"$SOMARKIV" capture show 2 >out &&
	grep "^export: *partial$" out &&
	grep "^format: *ndjson$" out
'

expect_success 'the same input again adds nothing' '
	"$SOMARKIV" ingest --account "$H" --format ndjson - <"$C" >out &&
	grep "^capture 3: 0 new, 0 changed, 11 unchanged, 0 removed, " out
'

expect_success 'a part of it, --partial, marks nothing removed' '
	head -n 3 "$C" | "$SOMARKIV" ingest --account "$H" --partial - >out &&
	grep "^capture 4: 0 new, 0 changed, 3 unchanged, 0 removed, " out &&
	"$SOMARKIV" items >out &&
	! grep "(removed)" out
'

expect_success 'a comment shows the post it answers' '
	"$SOMARKIV" show https://toot.exempel.example/users/lisa_b/statuses/115892205846533101 >out &&
	grep "^kind: *comment$" out &&
	grep "^author: *Lisa Berg" out &&
	grep -A 1 "^in reply to:" out | grep "^  #[0-9]* post .*Exempelby kommun \[own account\]: " &&
	grep "Björkvägen" out
'

expect_success 'the post lists its answers' '
	"$SOMARKIV" show "$S/115880774860804102" >out &&
	sed -n "/^answers:/,/^\$/p" out >answers &&
	grep "^  #[0-9]* comment .*Lisa Berg: Klagomål" answers &&
	grep "^  #[0-9]* comment .*Sven Olsson: " answers
'

expect_success 'the account'"'"'s own answer shows the whole thread, oldest first' '
	"$SOMARKIV" show "$S/116373634416645102" >out &&
	grep "^author: .*\[own account\]" out &&
	sed -n "/^in reply to:/,/^\$/p" out >thread &&
	test_line_count = 4 thread &&
	sed -n 2p thread | grep "^  #[0-9]* post .*Exempelby kommun" &&
	sed -n 3p thread | grep "^  #[0-9]* comment .*Ida Holm: Tar ni emot ris"
'

expect_success 'items --ndjson reads back into another store unchanged' '
	"$SOMARKIV" items --ndjson --kind comment >c.ndjson &&
	test_line_count = 9 c.ndjson &&
	"$SOMARKIV" --store other init -q &&
	"$SOMARKIV" --store other account add -q --platform mastodon --handle "$H" &&
	"$SOMARKIV" --store other ingest --account 1 c.ndjson >out &&
	grep "^capture 1: 9 new, 0 changed, 0 unchanged, 0 removed, " out &&
	"$SOMARKIV" --store other items --ndjson >back.ndjson &&
	test_cmp c.ndjson back.ndjson
'

expect_success 'NDJSON from a file, named in the capture' '
	"$SOMARKIV" --store other ingest --account 1 "$C" >out &&
	grep "^capture 2: 2 new, 0 changed, 9 unchanged, 0 removed, .* (ndjson, ${SQ}$C${SQ})$" out
'

expect_success 'setup: a store with the v1 export' '
	"$SOMARKIV" --store p init -q &&
	"$SOMARKIV" --store p account add -q --platform mastodon --handle "$H" &&
	"$SOMARKIV" --store p ingest -q --account 1 "$V1"
'

expect_success 'v2 --partial does not mark what it lacks removed' '
	"$SOMARKIV" --store p ingest --account 1 --partial "$V2" >out &&
	grep "^capture 2: 2 new, 1 changed, 11 unchanged, 0 removed, " out &&
	"$SOMARKIV" --store p items >out &&
	! grep "(removed)" out &&
	"$SOMARKIV" --store p capture show --json 2 >out &&
	grep "\"full\":false" out
'

test_done
