#!/bin/sh
# ingest of LinkedIn exports: a real member's export published by its owner
# (../shared/samples/linkedin/sanand0-linkedin, counted independently with
# python3) and our own (tests/data/linkedin-*, counts in
# tests/data/linkedin.md): detection without --format, posts grouped from
# their rows, LinkedIn's Comments.csv dialect, the UTF-16 export before
# 2019, an edited and a deleted item, the files not read, a zip, and a
# 50 MB field refused.
. "$(dirname "$0")/lib.sh"

L="$SHARED/samples/linkedin/sanand0-linkedin"
V1="$DATA/linkedin-2024"
V2="$DATA/linkedin-2024-later"
OLD="$DATA/linkedin-2017-utf16"
FEED='https://www.linkedin.com/feed/update/urn%3Ali%3A'

# What the sample holds, read without our code: posts are the runs of rows
# with one ShareLink; a comment starts on each line that starts with its
# time and a link; media are the distinct MediaUrls of each post.
count_sample() {
	python3 - "$L" <<-\PY
	import csv, re, sys
	d = sys.argv[1]
	rows = list(csv.DictReader(open(d + "/Shares.csv", encoding="utf-8", newline="")))
	posts, media, last = 0, 0, None
	seen = set()
	for r in rows:
	    if r["ShareLink"] != last:
	        posts += 1
	        seen = set()
	    last = r["ShareLink"]
	    if r["MediaUrl"] and r["MediaUrl"] not in seen:
	        media += 1
	        seen.add(r["MediaUrl"])
	text = open(d + "/Comments.csv", encoding="utf-8", newline="").read()
	comments = len(re.findall(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,http", text, re.M))
	print("posts=%d" % posts)
	print("comments=%d" % comments)
	print("media=%d" % media)
	print("items=%d" % (posts + comments))
	PY
}

expect_success 'setup: a store, the accounts' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform linkedin --handle exempelby-kommun --name "Exempelby kommun" &&
	"$SOMARKIV" account add -q --platform linkedin --handle exempelby-2017
'

expect_success 'our export is found to be LinkedIn without --format' '
	"$SOMARKIV" ingest --account exempelby-kommun "$V1" >out 2>err &&
	echo "capture 1: 11 new, 0 changed, 0 unchanged, 0 removed, 0 attachments, 3 missing, 6 problems (linkedin, ${SQ}$V1${SQ})" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

expect_success 'capture show names the files not read, and the media missing' '
	"$SOMARKIV" capture show 1 >out &&
	grep "^  Reactions.csv: not read: reactions are not records$" out &&
	grep "^  Connections.csv: not read: connections are not records$" out &&
	grep "^  Profile.csv: not read: profile data is not a record$" out &&
	grep "^  Shares.csv line 6, 3 rows: attachment ${SQ}https://media.licdn.example/dms/image/exempelby-jobb-1.jpg${SQ} is missing from the export$" out
'

expect_success 'posts and comments, the account'\''s own' '
	"$SOMARKIV" items --kind post >out && test_line_count = 6 out &&
	"$SOMARKIV" items --kind comment >out && test_line_count = 7 out &&
	"$SOMARKIV" items --json >out &&
	python3 -c "
import json
items = json.load(open(\"out\"))
assert all(i[\"by_account\"] for i in items)
text = {i[\"platform_id\"]: i[\"text\"] for i in items}
assert text[\"${FEED}share%3A7190000000000000001\"].startswith(
    \"V\u00e4lkommen till Exempelby kommuns sida p\u00e5 LinkedIn!\n\nH\u00e4r ber\u00e4ttar vi\")
moved = [i for i in items if i[\"text\"].startswith(\"M\u00f6tet flyttas.\")]
assert moved[0][\"text\"] == \"M\u00f6tet flyttas.\n2024-05-01 10:00 blir den nya tiden, i Stadshuset.\"
assert moved[0][\"parent_platform_id\"] == \"${FEED}activity%3A7180000000000000004\"
"
'

expect_success 'a month later: an edited post, a post and a comment gone' '
	"$SOMARKIV" ingest --account exempelby-kommun "$V2" >out &&
	grep "^capture 2: 2 new, 1 changed, 8 unchanged, 2 removed, " out &&
	"$SOMARKIV" show "${FEED}share%3A7190000000000000001" >out &&
	grep "^version 1: capture 1" out &&
	grep "^version 2 (current): capture 2" out &&
	grep "Nu är vi 1 000 följare, tack!" out &&
	"$SOMARKIV" items --kind post >out &&
	grep "(removed)" out
'

expect_success 'the same export again adds nothing' '
	"$SOMARKIV" ingest --account exempelby-kommun "$V2" >out &&
	grep "^capture 3: 0 new, 0 changed, 11 unchanged, 0 removed, " out
'

expect_success 'the export before 2019: UTF-16, tab-separated, other headers' '
	"$SOMARKIV" ingest --account exempelby-2017 "$OLD" >out &&
	grep "^capture 4: 5 new, 0 changed, 0 unchanged, 0 removed, 0 attachments, 0 missing, 0 problems (linkedin, " out &&
	"$SOMARKIV" show "${FEED}share%3A7190000000000000091" >out &&
	grep "Första snön i Exempelby 🌨️" out
'

expect_success 'a 50 MB field: refused, naming the file and the line, the store unchanged' '
	mkdir huge &&
	cp "$V1/Shares.csv" huge/ &&
	python3 -c "
with open(\"huge/Comments.csv\", \"w\") as f:
    f.write(\"Date,Link,Message\n2024-05-03 09:00:00,${FEED}activity%3A1,\\\"\")
    chunk = \"a\" * (1 << 20)
    for i in range(50):
        f.write(chunk)
    f.write(\"\\\"\n\")
" &&
	store_dump >before.sql &&
	rc=0 &&
	"$SOMARKIV" ingest --account exempelby-kommun huge >out 2>err || rc=$? &&
	cat err &&
	test "$rc" -eq 3 &&
	test_must_be_empty out &&
	test_line_count = 1 err &&
	grep "^somarkiv: ingest: cannot read ${SQ}Comments.csv${SQ}: line 2: field larger than 16 MiB$" err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

skip_unless_shared samples/linkedin/sanand0-linkedin

expect_success 'setup: the sample'\''s account, its counts' '
	"$SOMARKIV" account add -q --platform linkedin --handle sanand0 &&
	count_sample >counts &&
	cat counts &&
	grep "^items=521$" counts
'

expect_success 'ingest the sample: every post and comment, the media missing' '
	. ./counts &&
	"$SOMARKIV" ingest --account sanand0 "$L" >out 2>err &&
	cat out &&
	test_must_be_empty err &&
	grep "^capture 5: $items new, 0 changed, 0 unchanged, 0 removed, 0 attachments, $media missing, $media problems (linkedin, " out
'

expect_success 'the items by kind' '
	. ./counts &&
	"$SOMARKIV" items --json >out &&
	python3 -c "
import json
items = [i for i in json.load(open(\"out\")) if i[\"author_name\"] == \"sanand0\"]
kinds = {}
for i in items:
    kinds[i[\"kind\"]] = kinds.get(i[\"kind\"], 0) + 1
print(kinds)
assert kinds == {\"post\": $posts, \"comment\": $comments}, kinds
"
'

expect_success 'as a zip: nothing new' '
	. ./counts &&
	bsdtar -a -cf sample.zip -C "$L" . &&
	"$SOMARKIV" ingest --account sanand0 sample.zip >out &&
	grep "^capture 6: 0 new, 0 changed, $items unchanged, 0 removed, " out
'

expect_success 'the store verifies' '
	"$SOMARKIV" verify >out &&
	grep "chain intact" out &&
	grep "all intact" out
'

test_done
