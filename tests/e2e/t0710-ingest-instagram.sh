#!/bin/sh
# ingest of Instagram exports: the real one published by its owner
# (../shared/samples/instagram/moff1-personalprojects, counts checked
# against an independent reading with python3), the fixtures of
# tests/data/instagram-* (the newer and older layouts, an edited caption,
# a removed post, missing media, a direct message with a photo; counts in
# tests/data/instagram.md), all without --format, and hostile sources
# refused with the store unchanged.
. "$(dirname "$0")/lib.sh"

V1="$DATA/instagram-v1"
V2="$DATA/instagram-v2"
OLD="$DATA/instagram-older"
M="$SHARED/samples/instagram/moff1-personalprojects"

# bad_input NAME SOURCE [OPTIONS...]: ingest must fail with exit 3, one
# line on stderr naming NAME, nothing on stdout, and the database unchanged.
bad_input() {
	name=$1
	shift
	store_dump >before.sql
	rc=0
	"$SOMARKIV" ingest --account exempelbykommun "$@" >out 2>err || rc=$?
	store_dump >after.sql
	cat err
	if [ "$rc" -ne 3 ]; then
		echo "exit code $rc, expected 3"
		return 1
	fi
	test_must_be_empty out &&
	test_line_count = 1 err &&
	grep "^somarkiv: ingest: .*$name" err &&
	test_cmp before.sql after.sql
}

expect_success 'setup: a store and the accounts' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform instagram --handle exempelbykommun --name "Exempelby kommun" &&
	"$SOMARKIV" account add -q --platform instagram --handle kommunen.older
'

expect_success 'the newer layout, detected without --format' '
	"$SOMARKIV" ingest --account exempelbykommun "$V1" >out 2>err &&
	echo "capture 1: 15 new, 0 changed, 0 unchanged, 0 removed, 9 attachments, 2 missing, 6 problems (instagram, ${SQ}$V1${SQ})" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

expect_success 'the items by kind: posts, stories and reels are posts' '
	"$SOMARKIV" items --account exempelbykommun --kind post >out && test_line_count = 9 out &&
	"$SOMARKIV" items --account exempelbykommun --kind comment >out && test_line_count = 5 out &&
	"$SOMARKIV" items --account exempelbykommun --kind message >out && test_line_count = 4 out &&
	grep "Åsa Öberg .*Hej! Det är ett stort hål" out &&
	grep "Exempelby kommun .*Tack, vi skickar det" out
'

expect_success 'capture show names what it did not read' '
	"$SOMARKIV" capture show 1 >out &&
	grep "^  your_instagram_activity/likes/liked_posts.json: not read: likes are not records$" out &&
	grep "^  connections/followers_and_following/followers_1.json: not read: followers and following are lists, not records$" out &&
	grep "^  media/profile/202601/17988888888888888.jpg: not read: no item names this file$" out &&
	grep "^  your_instagram_activity/content/posts_1.json line 42, post 3: attachment .media/posts/202602/17933333333333333.jpg. is missing from the export$" out &&
	grep "^  your_instagram_activity/content/stories.json line 13, story 2: attachment .media/stories/202603/17966666666666667.jpg. is missing" out &&
	grep "^  your_instagram_activity/comments/post_comments_1.json line 35, comment 3: skipped: a comment with no text and no time$" out
'

expect_success 'a direct message with its photo' '
	"$SOMARKIV" show "message/inbox/asaoberg_1122334455/1774119783120/Åsa Öberg" >out &&
	grep "^kind: *message$" out &&
	grep "^  your_instagram_activity/messages/inbox/asaoberg_1122334455/photos/1234567890123456.jpg  image/jpeg  [0-9]* bytes  sha256:" out
'

expect_success 'as a zip, as Instagram delivers it: nothing new' '
	bsdtar -a -cf instagram-exempelbykommun-2026-03-30.zip -C "$V1" . &&
	"$SOMARKIV" ingest --account exempelbykommun instagram-exempelbykommun-2026-03-30.zip >out &&
	grep "^capture 2: 0 new, 0 changed, 15 unchanged, 0 removed, 0 attachments, 2 missing, 6 problems (instagram, ${SQ}instagram-exempelbykommun-2026-03-30.zip${SQ})$" out
'

expect_success 'a later export: an edited caption, a removed post' '
	"$SOMARKIV" ingest --account exempelbykommun "$V2" >out &&
	grep "^capture 3: 2 new, 1 changed, 13 unchanged, 1 removed, " out &&
	"$SOMARKIV" show post/1771232400/7c33c8faf21eaa1a >out &&
	grep "^version 1: capture 1" out &&
	grep "^version 2 (current): capture 3" out &&
	sed -n "/^version 1/,/^version 2/p" out | grep "10–19 vardagar\.$" &&
	sed -n "/^version 2/,\$p" out | grep "11–15 lördagar" &&
	"$SOMARKIV" items --account exempelbykommun >out &&
	grep "(removed) .*Trevlig helg" out
'

expect_success 'the older layout: own messages known from the threads' '
	"$SOMARKIV" ingest --account kommunen.older "$OLD" >out &&
	grep "^capture 4: 11 new, 0 changed, 0 unchanged, 0 removed, 0 attachments, 5 missing, 6 problems (instagram, " out &&
	"$SOMARKIV" items --account kommunen.older --kind message --json >out &&
	python3 -c "
import json
m = json.load(open(\"out\"))
own = sorted(x[\"text\"][:8] for x in m if x[\"by_account\"])
assert len(m) == 4 and own == [\"Hej Per!\", \"Här finn\"], m
"
'

expect_success 'hostile: a zip entry with ../ in its name' '
	python3 -c "
import zipfile
with zipfile.ZipFile(\"evil.zip\", \"w\") as z:
    z.write(\"$V1/your_instagram_activity/content/posts_1.json\", \"your_instagram_activity/content/posts_1.json\")
    z.writestr(\"../../evil.txt\", \"pwned\")
" &&
	bad_input evil.zip evil.zip &&
	test ! -e ../evil.txt &&
	test ! -e ../../evil.txt
'

expect_success 'hostile: a zip bomb' '
	python3 -c "
import zipfile
with zipfile.ZipFile(\"bomb.zip\", \"w\", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr(\"content/posts_1.json\", \"[{\\\"media\\\":[{\\\"uri\\\":\\\"media/posts/202601/1.jpg\\\",\\\"creation_timestamp\\\":1767261600,\\\"title\\\":\\\"Hej\\\"}]}]\")
    with z.open(\"media/posts/202601/1.jpg\", \"w\", force_zip64=True) as f:
        zeros = bytes(1 << 20)
        for i in range(300):
            f.write(zeros)
" &&
	test $(wc -c <bomb.zip) -lt 400000 &&
	bad_input bomb.zip bomb.zip &&
	grep "zip bomb" err
'

expect_success 'hostile: JSON nested 100,000 deep' '
	mkdir -p deep/your_instagram_activity/content &&
	python3 -c "print(\"[\" * 100000)" >deep/your_instagram_activity/content/posts_1.json &&
	bad_input posts_1.json deep &&
	grep "nesting deeper than 256" err
'

expect_success 'hostile: a caption of 50 MB' '
	mkdir -p big/content &&
	python3 -c "
with open(\"big/content/posts_1.json\", \"w\") as f:
    f.write(\"[{\\\"media\\\":[{\\\"uri\\\":\\\"media/posts/1.jpg\\\",\\\"creation_timestamp\\\":1767261600,\\\"title\\\":\\\"\")
    f.write(\"a\" * (50 << 20))
    f.write(\"\\\"}]}]\")
" &&
	bad_input posts_1.json big &&
	grep "larger than 16 MiB" err
'

expect_success 'a file named as Instagram posts that holds something else' '
	mkdir -p other/content &&
	printf "[{\"timestamp\":1767261600,\"data\":[{\"post\":\"Hej\"}]}]" >other/content/posts_1.json &&
	bad_input posts_1.json other &&
	grep "not Instagram posts" err
'

expect_success 'a Mastodon export read with --format instagram' '
	mkdir -p masto &&
	printf "{\"type\":\"OrderedCollection\",\"orderedItems\":[]}" >masto/outbox.json &&
	bad_input "not an Instagram export" --format instagram masto
'

expect_success 'an export in HTML' '
	mkdir -p html/your_instagram_activity/content &&
	echo "<html><body>Inlägg</body></html>" >html/your_instagram_activity/content/posts_1.html &&
	bad_input "in HTML; request it again in the JSON format" html
'

expect_success 'the store verifies' '
	"$SOMARKIV" verify >out &&
	grep "chain intact" out &&
	grep "all intact" out
'

skip_unless_shared samples/instagram/moff1-personalprojects

# What the sample holds, read without our code.
count_sample() {
	python3 - "$M" <<-\PY
	import json, sys
	d = sys.argv[1]
	posts = json.load(open(d + "/posts_1.json", encoding="utf-8"))
	comments = json.load(open(d + "/post_comments_1.json", encoding="utf-8"))
	media = sum(len(p["media"]) for p in posts)
	empty = [c for c in comments
	         if not c["string_map_data"].get("Comment", {}).get("value")
	         and not c["string_map_data"].get("Time", {}).get("timestamp")]
	kept = set()
	for c in comments:
	    m = c["string_map_data"]
	    if c in empty:
	        continue
	    kept.add((m["Time"]["timestamp"], m.get("Media Owner", {}).get("value", ""),
	              m["Comment"]["value"]))
	print("posts=%d" % len(posts))
	print("media=%d" % media)
	print("comments=%d" % len(kept))
	print("empty=%d" % len(empty))
	print("items=%d" % (len(posts) + len(kept)))
	PY
}

expect_success 'the sample: the counts' '
	"$SOMARKIV" account add -q --platform instagram --handle moff1 &&
	count_sample >counts &&
	cat counts &&
	grep "^items=1587$" counts
'

expect_success 'the sample: every item new, every media file missing' '
	. ./counts &&
	"$SOMARKIV" ingest --account moff1 "$M" >out 2>err &&
	cat out &&
	test_must_be_empty err &&
	grep "^capture 5: $items new, 0 changed, 0 unchanged, 0 removed, 0 attachments, $media missing, $((media + empty)) problems (instagram, " out &&
	"$SOMARKIV" capture show 5 >out &&
	test $(grep -c "skipped: a comment with no text and no time$" out) -eq "$empty"
'

expect_success 'the sample: by kind, all the account own' '
	. ./counts &&
	"$SOMARKIV" items --account moff1 --kind post --json >out &&
	python3 -c "
import json
a = json.load(open(\"out\"))
assert len(a) == $posts and all(x[\"by_account\"] for x in a), len(a)
assert any(x[\"text\"].startswith(\"Merry Christmas from the Moffatt Trio \U0001F607\") for x in a)
" &&
	"$SOMARKIV" items --account moff1 --kind comment --json >out &&
	python3 -c "
import json
a = json.load(open(\"out\"))
assert len(a) == $comments and all(x[\"by_account\"] for x in a), len(a)
"
'

expect_success 'the sample again, and as a zip: nothing new' '
	. ./counts &&
	"$SOMARKIV" ingest --account moff1 "$M" >out &&
	grep "^capture 6: 0 new, 0 changed, $items unchanged, 0 removed, " out &&
	bsdtar -a -cf sample.zip -C "$M" . &&
	"$SOMARKIV" ingest --account moff1 sample.zip >out &&
	grep "^capture 7: 0 new, 0 changed, $items unchanged, 0 removed, " out
'

test_done
