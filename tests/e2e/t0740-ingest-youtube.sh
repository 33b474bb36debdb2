#!/bin/sh
# ingest of Google Takeouts of YouTube: a real one published by its owner
# (../shared/samples/youtube/v1-v0-utube, counted independently with
# python3) and our own (tests/data/youtube-*, counts in
# tests/data/youtube.md): detection without --format, comments, replies,
# live chats and the channel's videos with their files, the layouts of
# other years and languages, the HTML of before 2022, an edited and a
# deleted comment across two Takeouts, the files not read, and a 50 MB
# field refused.
. "$(dirname "$0")/lib.sh"

Y="$SHARED/samples/youtube/v1-v0-utube"
V1="$DATA/youtube-2025"
V2="$DATA/youtube-2025-later"
R='Takeout/YouTube and YouTube Music'

# What the sample holds, read without our code.
count_sample() {
	python3 - "$Y/$R" <<-\PY
	import csv, os, sys
	d = sys.argv[1]
	def rows(rel):
	    with open(os.path.join(d, rel), encoding="utf-8", newline="") as f:
	        return [r for r in list(csv.reader(f))[1:] if any(c.strip() for c in r)]
	comments = len(rows("comments/comments.csv"))
	chats = len(rows("live chats/live chats.csv"))
	videos = len(rows("Video metadata/videos.csv"))
	print("comments=%d" % (comments + chats))
	print("posts=%d" % videos)
	print("items=%d" % (comments + chats + videos))
	print("playlists=%d" % len(os.listdir(os.path.join(d, "playlists"))))
	PY
}

expect_success 'setup: a store, the accounts' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform youtube --handle @exempelbykommun --name "Exempelby kommun" &&
	"$SOMARKIV" account add -q --platform youtube --handle @exempelby-html &&
	"$SOMARKIV" account add -q --platform youtube --handle @exempelby-ca
'

expect_success 'our Takeout is found to be YouTube without --format' '
	"$SOMARKIV" ingest --account @exempelbykommun "$V1" >out 2>err &&
	echo "capture 1: 10 new, 0 changed, 0 unchanged, 0 removed, 2 attachments, 0 missing, 7 problems (youtube, ${SQ}$V1${SQ})" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

expect_success 'capture show names what it did not read' '
	"$SOMARKIV" capture show 1 >out &&
	grep "^  $R/playlists/: not read: playlists are not records (4 files)$" out &&
	grep "^  $R/subscriptions/subscriptions.csv: not read: subscriptions are not records$" out &&
	grep "^  $R/history/watch-history.html: not read: history is not a record$" out &&
	grep "^  $R/channels/channel.csv: not read: channel settings are not records$" out
'

expect_success 'comments, replies, live chats and videos' '
	"$SOMARKIV" items --kind comment >out && test_line_count = 7 out &&
	"$SOMARKIV" items --kind reply >out && test_line_count = 3 out &&
	"$SOMARKIV" items --kind post >out && test_line_count = 3 out &&
	"$SOMARKIV" show kfMars2024A >out &&
	grep "videos/Kommunfullmäktige 18 mars 2024.mp4  video/mp4" out &&
	"$SOMARKIV" show UgSvarTillAnnaxxxxxxxx4AaABAg >out &&
	grep "^kind: *reply" out &&
	grep "UgAnnaFragarOmKFxxxxxx4AaABAg" out
'

expect_success 'a later Takeout: an edited comment is a new version, a deleted one removed' '
	"$SOMARKIV" ingest --account @exempelbykommun "$V2" >out &&
	grep "^capture 2: 1 new, 2 changed, 7 unchanged, 1 removed, " out &&
	"$SOMARKIV" show UgKfProtokollxxxxxxxxx4AaABAg >out &&
	grep "^version 1: capture 1" out &&
	grep "^version 2 (current): capture 2" out &&
	grep "Protokollet (justerat) finns här" out &&
	"$SOMARKIV" items --kind comment >out &&
	grep "(removed) Välkommen på öppet hus!" out
'

expect_success 'the same Takeout again adds nothing' '
	"$SOMARKIV" ingest --account @exempelbykommun "$V2" >out &&
	grep "^capture 3: 0 new, 0 changed, 10 unchanged, 0 removed, " out
'

expect_success 'before 2022: my-comments.html' '
	"$SOMARKIV" ingest --account @exempelby-html "$DATA/youtube-2021-html" >out &&
	grep "^capture 4: 5 new, 0 changed, 0 unchanged, 0 removed, 0 attachments, 0 missing, 2 problems (youtube, " out &&
	"$SOMARKIV" capture show 4 >out &&
	grep "my-comments.html line 7: skipped: an entry without a time$" out &&
	"$SOMARKIV" show UgwAnnaFraga2021aaaa4AaABAg.9lSvarAnna2021 >out &&
	grep "^kind: *reply" out &&
	grep "Hej Anna, svaret är ja." out
'

expect_success 'a Catalan Takeout, and one in Title Case as a zip' '
	"$SOMARKIV" ingest --account @exempelby-ca "$DATA/youtube-2024-ca" >out &&
	grep "^capture 5: 3 new, 0 changed, 0 unchanged, 0 removed, " out &&
	"$SOMARKIV" account add -q --platform youtube --handle @exempelby-2023 &&
	bsdtar -a -cf titlecase.zip -C "$DATA/youtube-2023-titlecase" . &&
	"$SOMARKIV" ingest --account @exempelby-2023 titlecase.zip >out &&
	grep "^capture 6: 4 new, 0 changed, 0 unchanged, 0 removed, " out
'

expect_success 'a 50 MB comment: refused, naming the file and the line, the store unchanged' '
	mkdir -p "huge/$R/comments" &&
	python3 -c "
with open(\"huge/$R/comments/comments.csv\", \"w\") as f:
    f.write(\"Comment ID,Channel ID,Comment create timestamp,Price,Post ID,Video ID,Comment text\n\")
    f.write(\"UgHugexxxxxxxxxxxxxxxx4AaABAg,UCexempelbyKommun0000001,2024-05-01T10:00:00+00:00,0,,kfMars2024A,\\\"\")
    chunk = \"a\" * (1 << 20)
    for i in range(50):
        f.write(chunk)
    f.write(\"\\\"\n\")
" &&
	store_dump >before.sql &&
	rc=0 &&
	"$SOMARKIV" ingest --account @exempelbykommun huge >out 2>err || rc=$? &&
	cat err &&
	test "$rc" -eq 3 &&
	test_must_be_empty out &&
	test_line_count = 1 err &&
	grep "^somarkiv: ingest: cannot read ${SQ}$R/comments/comments.csv${SQ}: line 2: field larger than 16 MiB$" err &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

skip_unless_shared samples/youtube/v1-v0-utube

expect_success 'setup: the sample'\''s account, its counts' '
	"$SOMARKIV" account add -q --platform youtube --handle @eGee &&
	count_sample >counts &&
	cat counts &&
	grep "^items=34$" counts
'

expect_success 'ingest the sample: comments, live chats, the video' '
	. ./counts &&
	"$SOMARKIV" ingest --account @eGee "$Y" >out 2>err &&
	cat out &&
	test_must_be_empty err &&
	grep "^capture 7: $items new, 0 changed, 0 unchanged, 0 removed, 0 attachments, 0 missing, " out &&
	"$SOMARKIV" capture show 7 >out &&
	grep "^  $R/playlists/: not read: playlists are not records ($playlists files)$" out &&
	grep "missing: the video files of 1 video (the export holds none)$" out
'

expect_success 'the items by kind' '
	. ./counts &&
	"$SOMARKIV" items --json >out &&
	python3 -c "
import json
items = [i for i in json.load(open(\"out\")) if i[\"author_id\"] == \"UCwHoqnNsoYQbI13oy6s8HHQ\"]
kinds = {}
for i in items:
    kinds[i[\"kind\"]] = kinds.get(i[\"kind\"], 0) + 1
print(kinds)
assert kinds == {\"comment\": $comments, \"post\": $posts}, kinds
assert all(i[\"by_account\"] for i in items)
"
'

# (the files whose names are all ASCII: see tests/data/youtube.md on zips
# with other names)
expect_success 'as a zip: nothing new' '
	. ./counts &&
	(cd "$Y" && bsdtar -a -cf "$TRASH/sample.zip" "$R/comments" "$R/live chats" \
		"$R/Video metadata" "$R/subscriptions" "$R/channels") &&
	"$SOMARKIV" ingest --account @eGee sample.zip >out &&
	grep "^capture 8: 0 new, 0 changed, $items unchanged, 0 removed, " out
'

expect_success 'the store verifies' '
	"$SOMARKIV" verify >out &&
	grep "chain intact" out &&
	grep "all intact" out
'

test_done
