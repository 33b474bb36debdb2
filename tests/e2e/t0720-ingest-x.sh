#!/bin/sh
# ingest of X (Twitter) account archives: our fixtures of the newer and the
# older layout (tests/data/x-*, see tests/data/x.md), hostile zips, and a
# real archive published by its owner (../shared/samples/x/...), whose
# counts are checked against an independent reading with python3.
. "$(dirname "$0")/lib.sh"

A="$DATA/x-exempelby-archive"
O="$DATA/x-exempelby-older"

# bad_input NAME SOURCE [OPTIONS...]: exit 3, one line naming NAME, the store as it was.
bad_input() {
	name=$1
	shift
	store_dump >before.sql
	rc=0
	"$SOMARKIV" ingest --account @exempelby "$@" >out 2>err || rc=$?
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

# count_kind KIND ACCOUNT: the number of items of that kind.
count_kind() {
	"$SOMARKIV" items --account "$2" --kind "$1" --json |
		python3 -c "import json, sys; print(len(json.load(sys.stdin)))"
}

expect_success 'setup: a store and the account' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform x --handle @exempelby --name "Exempelby kommun"
'

expect_success 'the archive is recognised without --format' '
	"$SOMARKIV" ingest --account @exempelby "$A" >out 2>err &&
	cat out &&
	test_must_be_empty err &&
	grep "^capture 1: 16 new, 0 changed, 0 unchanged, 0 removed, 4 attachments, 1 missing, 6 problems (x, " out
'

expect_success 'the items by kind' '
	test "$(count_kind post @exempelby)" -eq 8 &&
	test "$(count_kind reply @exempelby)" -eq 3 &&
	test "$(count_kind share @exempelby)" -eq 1 &&
	test "$(count_kind message @exempelby)" -eq 4
'

expect_success 'capture show says what was not read, deleted or missing' '
	"$SOMARKIV" capture show 1 >out &&
	cat out &&
	grep "data/tweets.js line [0-9]*, item [0-9]*: attachment .data/tweets_media/1790000000000000004-HogKvalitet01.mp4. is missing from the export" out &&
	grep "data/deleted-tweets.js line 2, item 1: tweet .1790000000000000020. was deleted on the platform at Wed Apr 03 06:45:00 +0000 2024: kept as a record" out &&
	grep "data/like.js: not read: likes are not records" out &&
	grep "data/follower.js: not read: followers are a list, not records" out &&
	grep "not read: 2 files of account data that hold no posts or messages (ad-impressions.js, ip-audit.js)" out &&
	! grep "following.js" out
'

expect_success 'the edited tweet is one item with two versions' '
	"$SOMARKIV" show 1790000000000000011 >out &&
	cat out &&
	grep "^version 1: capture 1" out &&
	grep "^version 2 (current): capture 1, observed .*, edited 2024-04-20T08:20:00Z" out &&
	grep "måndag 22 april" out &&
	grep "tisdag 23 april" out &&
	! "$SOMARKIV" show 1790000000000000012 2>/dev/null
'

expect_success 'the thread the account wrote to itself is kept' '
	"$SOMARKIV" show 1790000000000000007 >out &&
	cat out &&
	grep "1/3 Så här går snöröjningen" out &&
	grep "2/3 Först plogas huvudgator & busslinjer" out
'

expect_success 'the deleted tweet is kept with its picture' '
	"$SOMARKIV" show 1790000000000000020 >out &&
	cat out &&
	grep "Sophämtningen i Norrby är inställd" out &&
	grep "data/deleted_tweets_media/1790000000000000020-Fsop0001AAA.png  image/png" out
'

expect_success 'the same archive again adds nothing' '
	"$SOMARKIV" ingest --account @exempelby "$A" >out &&
	cat out &&
	grep "^capture 2: 0 new, 0 changed, 16 unchanged, 0 removed, 0 attachments, 1 missing, 6 problems (x, " out
'

expect_success 'as a zip: nothing new' '
	bsdtar -a -cf archive.zip -C "$A" . &&
	"$SOMARKIV" ingest --account @exempelby archive.zip >out &&
	cat out &&
	grep "^capture 3: 0 new, 0 changed, 16 unchanged, 0 removed, " out
'

expect_success 'the older layout: data/tweet.js and tweet_media/' '
	"$SOMARKIV" account add -q --platform x --handle @exempelby-2019 &&
	"$SOMARKIV" ingest --account @exempelby-2019 "$O" >out &&
	cat out &&
	grep "^capture 4: 2 new, 0 changed, 0 unchanged, 0 removed, 1 attachments, 0 missing, 0 problems (x, " out &&
	"$SOMARKIV" show 1100000000000000001 >out &&
	grep "data/tweet_media/1100000000000000001-D0var001AAA.jpg  image/jpeg" out
'

expect_success 'a zip entry with ../ in its name is refused' '
	python3 -c "
import zipfile
with zipfile.ZipFile(\"climb.zip\", \"w\") as z:
    z.write(\"$O/data/tweet.js\", \"data/tweet.js\")
    z.writestr(\"../../data/tweet_media/1-evil.jpg\", \"pwned\")
" &&
	bad_input climb.zip climb.zip &&
	test ! -e ../data
'

expect_success 'a zip entry that is a link is refused' '
	mkdir -p linked/data/tweet_media &&
	cp "$O/data/tweet.js" linked/data/ &&
	ln -s /etc/passwd linked/data/tweet_media/1100000000000000001-D0var001AAA.jpg &&
	(cd linked && bsdtar -a -cf ../link.zip data) &&
	bad_input link.zip link.zip
'

expect_success 'a zip bomb is refused' '
	python3 -c "
import zipfile
with zipfile.ZipFile(\"bomb.zip\", \"w\", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    with z.open(\"data/tweets.js\", \"w\", force_zip64=True) as f:
        chunk = bytes(1 << 20)
        for i in range(300):
            f.write(chunk)
" &&
	test $(wc -c <bomb.zip) -lt 5000000 &&
	bad_input bomb.zip --format x bomb.zip
'

expect_success 'JSON nested 100,000 deep is refused' '
	mkdir -p deep/data &&
	python3 -c "
open(\"deep/data/tweets.js\", \"w\").write(\"window.YTD.tweets.part0 = \" + \"[\" * 100000)
" &&
	bad_input data/tweets.js deep
'

expect_success 'a tweet of 50 MB is refused' '
	mkdir -p huge/data &&
	python3 -c "
with open(\"huge/data/tweets.js\", \"w\") as f:
    f.write(\"window.YTD.tweets.part0 = [ { \\\"tweet\\\" : { \\\"id_str\\\" : \\\"1\\\", \\\"full_text\\\" : \\\"\")
    f.write(\"a\" * (50 << 20))
    f.write(\"\\\" } } ]\")
" &&
	bad_input "data/tweets.js.*larger than 16 MiB" huge
'

expect_success 'another format under the name tweets.js is refused' '
	mkdir -p other/data &&
	printf "window.YTD.tweets.part0 = {\"type\":\"OrderedCollection\",\"orderedItems\":[]}" >other/data/tweets.js &&
	bad_input "data/tweets.js.*not an X archive file" --format x other
'

expect_success 'the store verifies' '
	"$SOMARKIV" verify >out &&
	grep "chain intact" out &&
	grep "all intact" out
'

# The rest reads the real archive in ../shared.
skip_unless_shared samples/x/milahu-twitter-milahu104/data
X="$SHARED/samples/x/milahu-twitter-milahu104"

# What the archive holds, read without our code.
count_archive() {
	python3 - "$X/data" <<-\PY
	import json, os, sys
	d = sys.argv[1]
	def load(name):
	    text = open(os.path.join(d, name), encoding="utf-8").read()
	    return [e["tweet"] for e in json.loads(text[text.index("["):])]
	tweets, deleted = load("tweets.js"), load("deleted-tweets.js")
	kinds = {"post": 0, "reply": 0, "share": 0}
	media = present = 0
	for folder, group in (("tweets_media", tweets), ("deleted_tweets_media", deleted)):
	    files = set(os.listdir(os.path.join(d, folder)))
	    for t in group:
	        if t["full_text"].startswith("RT @"):
	            kinds["share"] += 1
	        elif t.get("in_reply_to_status_id_str"):
	            kinds["reply"] += 1
	        else:
	            kinds["post"] += 1
	        for m in t.get("extended_entities", {}).get("media", []):
	            media += 1
	            names = [m["media_url_https"]]
	            names += [v["url"] for v in m.get("video_info", {}).get("variants", [])]
	            names = [t["id_str"] + "-" + n.split("?")[0].rsplit("/", 1)[1] for n in names]
	            present += any(n in files for n in names)
	print("items=%d" % len(set(t["id_str"] for t in tweets + deleted)))
	print("deleted=%d" % len(deleted))
	for k, v in sorted(kinds.items()):
	    print("%s=%d" % (k, v))
	print("present=%d" % present)
	print("missing=%d" % (media - present))
	PY
}

expect_success 'sample: the counts, read with python3' '
	"$SOMARKIV" account add -q --platform x --handle @milahu104 &&
	count_archive >counts &&
	cat counts &&
	grep "^items=2092$" counts
'

expect_success 'sample: every tweet new, media found or said missing' '
	. ./counts &&
	"$SOMARKIV" ingest --account @milahu104 "$X" >out 2>err &&
	cat out &&
	test_must_be_empty err &&
	grep "^capture 5: $items new, 0 changed, 0 unchanged, 0 removed, $present attachments, $missing missing, $((deleted + missing)) problems (x, " out
'

expect_success 'sample: the items by kind' '
	. ./counts &&
	for k in post reply share; do
		eval "want=\$$k" &&
		got=$(count_kind $k @milahu104) &&
		echo "$k: $got, expected $want" &&
		test "$got" -eq "$want" || exit 1
	done
'

expect_success 'sample: the report names the deleted tweets and the missing videos' '
	. ./counts &&
	"$SOMARKIV" capture show 5 >out &&
	test $(grep -c "was deleted on the platform" out) -eq "$deleted" &&
	test $(grep -c "is missing from the export" out) -eq "$missing" &&
	grep "data/tweets_media/2027108952211693705-ut37uMPNHhBkwLa6.mp4" out
'

expect_success 'sample: again, and as a zip: nothing new' '
	. ./counts &&
	"$SOMARKIV" ingest --account @milahu104 "$X" >out &&
	grep "^capture 6: 0 new, 0 changed, $items unchanged, 0 removed, " out &&
	bsdtar -a -cf sample.zip -C "$X" data &&
	"$SOMARKIV" ingest --account @milahu104 sample.zip >out &&
	grep "^capture 7: 0 new, 0 changed, $items unchanged, 0 removed, " out
'

test_done
