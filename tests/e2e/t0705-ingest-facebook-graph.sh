#!/bin/sh
# ingest of Facebook Graph API responses saved by a script
# (tests/data/facebook-graph-1 and -2, a week apart; counts in
# tests/data/facebook.md): detection, threads of comments and replies, the
# Page's own answers, an edited post as two versions, nothing marked
# removed by a capture that is not a full export.
. "$(dirname "$0")/lib.sh"

G1="$DATA/facebook-graph-1"
G2="$DATA/facebook-graph-2"
PAGE=104729384756102

expect_success 'setup: a store and the Page' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform facebook --handle exempelbykommun --name "Exempelby kommun"
'

expect_success 'ingest the first capture: found without --format' '
	"$SOMARKIV" ingest --account 1 "$G1" >out 2>err &&
	echo "capture 1: 10 new, 0 changed, 0 unchanged, 0 removed, 1 attachments, 1 missing, 3 problems (facebook-graph, ${SQ}$G1${SQ})" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

expect_success 'capture show: a partial capture, and what it could not read' '
	"$SOMARKIV" capture show 1 >out &&
	grep "^format: *facebook-graph$" out &&
	grep "^export: *partial$" out &&
	grep "^  page.json: not read: no \"data\" array (not a response page of the Graph API)$" out &&
	grep "^  feed/page-2.json line 1, post 1: more comments of ${SQ}${PAGE}_5010${SQ} than this page holds (paging.next): only those in the source are read$" out &&
	grep "^  comments/${PAGE}_5001-comments.json line 1, comment 3: attachment ${SQ}https://scontent-arn2-1.xx.fbcdn.net/v/t39.30808-6/sticker_126362_n.png?oh=1${SQ} is missing from the export$" out
'

expect_success 'the items by kind' '
	"$SOMARKIV" items --kind post >out && test_line_count = 5 out &&
	"$SOMARKIV" items --kind share >out && test_line_count = 2 out &&
	"$SOMARKIV" items --kind comment >out && test_line_count = 4 out &&
	"$SOMARKIV" items --kind reply >out && test_line_count = 3 out
'

expect_success 'a reply by the Page shows its thread' '
	"$SOMARKIV" show 5001_6002 >out &&
	grep "^kind: *reply$" out &&
	grep "^author: *Exempelby kommun <$PAGE> \[own account\]$" out &&
	grep "^url: *https://www.facebook.com/exempelbykommun/posts/5001?comment_id=6002$" out &&
	grep "^in reply to:" out &&
	grep "post .*Snöröjningen pågår i hela kommunen" out &&
	grep "comment .*Lisa Berg: Varför plogas inte Björkvägen" out
'

expect_success 'a visitor post is not the Page'"'"'s; its answer is' '
	"$SOMARKIV" show ${PAGE}_5010 >out &&
	grep "^author: *Per Olsson <7000123400002>$" out &&
	"$SOMARKIV" show 5010_6010 >out &&
	grep "^author: .*\[own account\]$" out
'

expect_success 'the post photo saved beside the pages is stored' '
	"$SOMARKIV" show ${PAGE}_5001 >out &&
	grep "^  media/411_5120_n.jpg  image/jpeg  29 bytes  sha256:[0-9a-f]\{64\}$" out
'

expect_success 'the same capture again adds nothing' '
	"$SOMARKIV" ingest --account 1 "$G1" >out &&
	grep "^capture 2: 0 new, 0 changed, 10 unchanged, 0 removed, " out
'

expect_success 'a week later: an edit, a new comment, nothing removed' '
	"$SOMARKIV" ingest --account 1 "$G2" >out &&
	grep "^capture 3: 1 new, 1 changed, 7 unchanged, 0 removed, 0 attachments, 1 missing, 1 problems (facebook-graph, " out &&
	"$SOMARKIV" items >out &&
	! grep "(removed)" out
'

expect_success 'the edited post has two versions, the second with its edit time' '
	"$SOMARKIV" show ${PAGE}_5030 >out &&
	grep "^version 1: capture 1" out &&
	grep "^version 2 (current): capture 3, .*edited 2025-03-07T09:30:00Z" out &&
	sed -n "/^version 1/,/^version 2/p" out | grep "10–16" &&
	sed -n "/^version 2/,\$p" out | grep "10–18"
'

expect_success 'a post whose updated_time a comment moved keeps one version' '
	"$SOMARKIV" show --json ${PAGE}_5001 >out &&
	python3 -c "
import json
i = json.load(open(\"out\"))
assert len(i[\"versions\"]) == 1 and i[\"versions\"][0][\"edited\"] is None, i
"
'

expect_failure 'a Download your information export is not a Graph API capture' 3 '
	store_dump >before &&
	"$SOMARKIV" ingest --account 1 --format facebook-graph "$DATA/facebook-page-v1" >out 2>err
'

expect_success 'and says so, storing nothing' '
	grep "^somarkiv: ingest: cannot read ${SQ}$DATA/facebook-page-v1${SQ}: not a capture of the Facebook Graph API (no file holds a \"data\" array of posts or comments)$" err &&
	store_dump >after &&
	test_cmp before after
'

expect_failure 'nor is a Graph API capture such an export' 3 '
	"$SOMARKIV" ingest --account 1 --format facebook "$G1" >out 2>err
'

expect_success 'and says so' '
	grep "^somarkiv: ingest: cannot read ${SQ}$G1${SQ}: not a Facebook export in JSON (no posts, comments or messages)$" err
'

test_done
