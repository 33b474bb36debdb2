#!/bin/sh
# ingest of X API v2 captures saved by twarc2: our fixture (response pages
# and flattened tweets, tests/data/x-exempelby-twarc, see tests/data/x.md),
# damaged lines, and a real capture published with twarc-csv
# (../shared/samples/x-twarc/...), checked against python3's reading of it.
. "$(dirname "$0")/lib.sh"

T="$DATA/x-exempelby-twarc"

count_kind() {
	"$SOMARKIV" items --account "$2" --kind "$1" --json |
		python3 -c "import json, sys; print(len(json.load(sys.stdin)))"
}

expect_success 'setup: a store and the account' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform x --handle @exempelby --name "Exempelby kommun"
'

expect_success 'a twarc2 capture is recognised without --format, and is partial' '
	"$SOMARKIV" ingest --account @exempelby "$T" >out 2>err &&
	cat out &&
	test_must_be_empty err &&
	grep "^capture 1: 7 new, 0 changed, 0 unchanged, 0 removed, 1 attachments, 1 missing, 3 problems (twarc, " out &&
	"$SOMARKIV" capture show 1 >out &&
	grep "^export: *partial" out
'

expect_success 'the account is told from the others by its handle' '
	"$SOMARKIV" items --account @exempelby --json >items.json &&
	python3 -c "
import json
items = json.load(open(\"items.json\"))
own = sorted(i[\"platform_id\"] for i in items if i[\"by_account\"])
print(own)
assert own == [\"1800000000000000001\", \"1800000000000000010\", \"1800000000000000012\", \"1800000000000000021\"]
" &&
	test "$(count_kind comment @exempelby)" -eq 1 &&
	test "$(count_kind reply @exempelby)" -eq 2 &&
	test "$(count_kind share @exempelby)" -eq 1 &&
	test "$(count_kind post @exempelby)" -eq 3
'

expect_success 'capture show says what was not read' '
	"$SOMARKIV" capture show 1 >out &&
	cat out &&
	grep "flat.jsonl line 3: skipped: neither a tweet nor a response page" out &&
	grep "pages.jsonl line 3: the API reported 1 error with this page (the first: Not Found Error: " out &&
	grep "attachment .https://video.twimg.com/amplify_video/1/vid/avc1/1280x720/Valborg01hog.mp4. is missing" out
'

expect_success 'an edited tweet met newest first is one item, versions oldest first' '
	"$SOMARKIV" show 1800000000000000010 >out &&
	cat out &&
	grep -A1 "^version 1: capture 1" out | grep "kl. 9–12" &&
	grep -A1 "^version 2 (current): capture 1, observed .*, edited 2024-04-19T07:12:00Z" out |
		grep "kl. 9–14"
'

expect_success 'the same capture again adds nothing' '
	"$SOMARKIV" ingest --account @exempelby "$T" >out &&
	cat out &&
	grep "^capture 2: 0 new, 0 changed, 7 unchanged, 0 removed, " out
'

expect_success 'a damaged line is skipped and said, the others read' '
	head -n 2 "$T/pages.jsonl" >damaged.jsonl &&
	printf "{\"data\": [{\"id\": \"18000000000000000" >>damaged.jsonl &&
	"$SOMARKIV" ingest --account @exempelby damaged.jsonl >out &&
	cat out &&
	grep "^capture 3: 0 new, 0 changed, 4 unchanged, 0 removed, 0 attachments, 1 missing, 2 problems (twarc, " out &&
	"$SOMARKIV" capture show 3 >out &&
	grep "damaged.jsonl line 3: skipped: cannot read .damaged.jsonl.: line 3" out
'

expect_success 'something else given as twarc is refused, the store as it was' '
	store_dump >before.sql &&
	printf "id,text\n1,hej\n" >tweets.csv &&
	rc=0 &&
	"$SOMARKIV" ingest --account @exempelby --format twarc tweets.csv >out 2>err || rc=$?
	store_dump >after.sql &&
	cat err &&
	test "$rc" -eq 3 &&
	grep "^somarkiv: ingest: cannot read .tweets.csv.: not a twarc2 capture" err &&
	test_cmp before.sql after.sql
'

expect_success 'a line of 50 MB is refused, the store as it was' '
	store_dump >before.sql &&
	python3 -c "
with open(\"huge.jsonl\", \"w\") as f:
    f.write(\"{\\\"id\\\": \\\"1\\\", \\\"author_id\\\": \\\"2\\\", \\\"conversation_id\\\": \\\"1\\\", \\\"text\\\": \\\"\")
    f.write(\"a\" * (50 << 20))
    f.write(\"\\\"}\\n\")
" &&
	rc=0 &&
	"$SOMARKIV" ingest --account @exempelby huge.jsonl >out 2>err || rc=$?
	store_dump >after.sql &&
	cat err &&
	test "$rc" -eq 3 &&
	grep "^somarkiv: ingest: cannot read .huge.jsonl.: line 1: larger than 16 MiB" err &&
	test_cmp before.sql after.sql
'

skip_unless_shared samples/x-twarc/docnow-twarc-csv
S="$SHARED/samples/x-twarc/docnow-twarc-csv"

count_capture() {
	python3 - "$S" <<-\PY
	import json, sys
	d = sys.argv[1]
	tweets = [json.loads(l) for l in open(d + "/flat.jsonl", encoding="utf-8")]
	for l in open(d + "/two_tweets.jsonl", encoding="utf-8"):
	    tweets += json.loads(l)["data"]
	kinds = {"post": 0, "comment": 0, "share": 0}
	for t in tweets:
	    types = [r["type"] for r in t.get("referenced_tweets", [])]
	    kinds["share" if "retweeted" in types else "comment" if "replied_to" in types else "post"] += 1
	print("items=%d" % len(set(t["id"] for t in tweets)))
	for k, v in sorted(kinds.items()):
	    print("%s=%d" % (k, v))
	print("media=%d" % sum(len(t.get("attachments", {}).get("media_keys", [])) for t in tweets))
	PY
}

expect_success 'sample: the counts, read with python3' '
	"$SOMARKIV" account add -q --platform x --handle @somebody-else &&
	count_capture >counts &&
	cat counts &&
	grep "^items=101$" counts
'

expect_success 'sample: every tweet new, no media in the capture' '
	. ./counts &&
	"$SOMARKIV" ingest --account @somebody-else "$S" >out 2>err &&
	cat out &&
	test_must_be_empty err &&
	grep "^capture 4: $items new, 0 changed, 0 unchanged, 0 removed, 0 attachments, $media missing, $media problems (twarc, " out
'

expect_success 'sample: the items by kind, none the account'"'"'s own' '
	. ./counts &&
	for k in post comment share; do
		eval "want=\$$k" &&
		got=$(count_kind $k @somebody-else) &&
		echo "$k: $got, expected $want" &&
		test "$got" -eq "$want" || exit 1
	done &&
	"$SOMARKIV" items --account @somebody-else --json |
		python3 -c "import json, sys; assert not any(i[\"by_account\"] for i in json.load(sys.stdin))"
'

expect_success 'sample: again, nothing new' '
	. ./counts &&
	"$SOMARKIV" ingest --account @somebody-else "$S" >out &&
	grep "^capture 5: 0 new, 0 changed, $items unchanged, 0 removed, " out
'

test_done
