#!/bin/sh
# ingest of Facebook "Download your information" exports: the fixtures of
# tests/data/facebook-* (counts in tests/data/facebook.md) as folders and
# zips, found without --format; a later export's edits and deletions; an
# export in HTML refused; and the real sample of ../shared, counted with
# python3 without our code.
. "$(dirname "$0")/lib.sh"

V1="$DATA/facebook-page-v1"
V2="$DATA/facebook-page-v2"
P="this_profile's_activity_across_facebook"

expect_success 'setup: a store and the Page' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform facebook --handle exempelbykommun --name "Exempelby kommun"
'

expect_success 'ingest the Page export: found without --format' '
	"$SOMARKIV" ingest --account exempelbykommun "$V1" >out 2>err &&
	echo "capture 1: 15 new, 0 changed, 0 unchanged, 0 removed, 3 attachments, 2 missing, 4 problems (facebook, ${SQ}$V1${SQ})" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

expect_success 'capture show names the files not read and the missing files' '
	"$SOMARKIV" capture show 1 >out &&
	grep "^format: *facebook$" out &&
	grep "^export: *full$" out &&
	grep "^  connections/followers/people_who_followed_you.json: not read: lists of friends and followers are not records$" out &&
	grep "^  $P/likes_and_reactions/likes_and_reactions_1.json: not read: likes and reactions are not records$" out &&
	grep "^  $P/posts/profile_posts_1.json line [0-9]*, entry [0-9]*: attachment ${SQ}$P/posts/media/Tidslinjebilder_k7Hq2mXw/1005_2006_n_1005.jpg${SQ} is missing from the export$" out &&
	grep "stickers_used/369239263222822_n.png${SQ} is missing from the export$" out
'

expect_success 'the items by kind, mojibake repaired' '
	"$SOMARKIV" items --kind post >out && test_line_count = 9 out &&
	"$SOMARKIV" items --kind share >out && test_line_count = 2 out &&
	"$SOMARKIV" items --kind comment >out && test_line_count = 4 out &&
	"$SOMARKIV" items --kind message >out && test_line_count = 4 out &&
	grep "Anna Svensson  *Hej! Gatlampan utanför Skolgatan 4" out &&
	"$SOMARKIV" items >out &&
	grep "Välkommen till Exempelby kommuns nya sida!" out &&
	! grep "Ã" out
'

expect_success 'a post shows its photo, stored, and its id made of its content' '
	"$SOMARKIV" items --json --kind post >items.json &&
	id=$(python3 -c "
import json
for i in json.load(open(\"items.json\")):
    if i[\"versions\"][-1][\"text\"].startswith(\"Snöröjningen pågår\"):
        print(i[\"platform_id\"])
") &&
	echo "$id" | grep "^fb:[0-9a-f]\{64\}$" &&
	"$SOMARKIV" show "$id" >out &&
	grep "^kind: *post$" out &&
	grep "^author: *Exempelby kommun \[own account\]$" out &&
	grep "^  $P/posts/media/Tidslinjebilder_k7Hq2mXw/1001_2002_n_1001.jpg  image/jpeg  29 bytes  sha256:[0-9a-f]\{64\}$" out
'

expect_success 'ingest it again, and as a zip: nothing new' '
	"$SOMARKIV" ingest --account 1 "$V1" >out &&
	grep "^capture 2: 0 new, 0 changed, 15 unchanged, 0 removed, 0 attachments, 2 missing, 4 problems " out &&
	bsdtar -a -cf v1.zip -C "$V1" . &&
	"$SOMARKIV" ingest --account 1 v1.zip >out &&
	grep "^capture 3: 0 new, 0 changed, 15 unchanged, 0 removed, 0 attachments, 2 missing, 4 problems (facebook, ${SQ}v1.zip${SQ})$" out
'

expect_success 'a month later: the deleted post removed, the edited one new' '
	"$SOMARKIV" ingest --account 1 "$V2" >out &&
	grep "^capture 4: 3 new, 0 changed, 13 unchanged, 2 removed, 0 attachments, 2 missing, 4 problems " out &&
	"$SOMARKIV" items >out &&
	grep "(removed) Trevlig helg önskar vi på Exempelby kommun!" out &&
	grep "(removed) Vattenavstängning på Björkvägen tisdag kl. 08.00–" out &&
	grep -v removed out | grep "Vattenavstängning på Björkvägen tisdag kl. 08.00–" &&
	"$SOMARKIV" items --json >items.json &&
	python3 -c "
import json
items = json.load(open(\"items.json\"))
new = [i for i in items if \"08.00–15.00\" in i[\"versions\"][-1][\"text\"]]
assert len(new) == 1 and new[0][\"versions\"][-1][\"edited\"] == \"2025-03-11T09:40:00Z\", new
"
'

expect_success 'the profile layouts of 2024 and 2020' '
	"$SOMARKIV" account add -q --platform facebook --handle @bibliotek &&
	"$SOMARKIV" ingest --account @bibliotek "$DATA/facebook-profile-2024" >out &&
	grep "^capture 5: 8 new, 0 changed, 0 unchanged, 0 removed, 1 attachments, 0 missing, 2 problems (facebook, " out &&
	"$SOMARKIV" items --account @bibliotek --kind message >out &&
	grep "Exempelby Bibliotek  *Hej Per! Boken är reserverad åt dig." out &&
	"$SOMARKIV" account add -q --platform facebook --handle @fritidsgarden &&
	"$SOMARKIV" ingest --account @fritidsgarden "$DATA/facebook-profile-2020" >out &&
	grep "^capture 6: 4 new, 0 changed, 0 unchanged, 0 removed, 1 attachments, 0 missing, 2 problems (facebook, " out &&
	"$SOMARKIV" items --account @fritidsgarden >out &&
	grep "Emma Lind  *Tack för en rolig kväll!" out
'

expect_failure 'an export in HTML is refused' 3 '
	store_dump >before &&
	"$SOMARKIV" ingest --account 1 "$DATA/facebook-html" >out 2>err
'

expect_success 'and says why, and stores nothing' '
	grep "^somarkiv: ingest: cannot read ${SQ}$DATA/facebook-html${SQ}: a Facebook export in HTML; request it again in JSON format$" err &&
	test_must_be_empty out &&
	store_dump >after &&
	test_cmp before after
'

expect_failure 'a posts file that is no such thing is refused' 3 '
	mkdir -p odd/posts &&
	printf "Date,ShareLink\n2025-01-01,x\n" >odd/posts/your_posts_1.json &&
	"$SOMARKIV" ingest --account 1 odd >out 2>err
'

expect_success 'naming the file' '
	grep "^somarkiv: ingest: cannot read ${SQ}posts/your_posts_1.json${SQ}: not JSON (a Facebook export in JSON was expected)$" err &&
	store_dump >after &&
	test_cmp before after
'

expect_success 'the store verifies' '
	"$SOMARKIV" verify >out &&
	grep "chain intact" out &&
	grep "all intact" out
'

# The real sample, read in place.
skip_unless_shared samples/facebook/kis81-dataday3
S="$SHARED/samples/facebook/kis81-dataday3"

# What your_posts_1.json holds, read without our code: distinct entries,
# those with only a title (shares), photos named.
count_posts() {
	python3 - "$S/your_posts_1.json" <<-\PY
	import json, sys
	entries = json.load(open(sys.argv[1], encoding="utf-8"))
	unique = {json.dumps(e, sort_keys=True): e for e in entries}.values()
	def own_text(e):
	    return any(isinstance(d.get("post"), str) and d["post"] for d in e.get("data", []))
	def attached(e):
	    return sum(len(a.get("data", [])) for a in e.get("attachments", []))
	shares = sum(1 for e in unique if not own_text(e) and not attached(e) and e.get("title"))
	media = sum(1 for e in unique for a in e.get("attachments", []) for x in a.get("data", [])
	            if "media" in x)
	print("entries=%d" % len(entries))
	print("items=%d" % len(unique))
	print("shares=%d" % shares)
	print("posts=%d" % (len(unique) - shares))
	print("media=%d" % media)
	PY
}

expect_success 'setup: the sample account and its counts' '
	"$SOMARKIV" account add -q --platform facebook --handle fero.mrkvicka &&
	count_posts >counts &&
	cat counts &&
	grep "^entries=1313$" counts &&
	grep "^items=1304$" counts
'

expect_success 'ingest the sample: every distinct entry an item, every photo missing' '
	. ./counts &&
	"$SOMARKIV" ingest --account fero.mrkvicka "$S" >out 2>err &&
	cat out &&
	test_must_be_empty err &&
	grep "^capture 7: $items new, 0 changed, 0 unchanged, 0 removed, 0 attachments, $media missing, $media problems (facebook, " out &&
	"$SOMARKIV" items --account fero.mrkvicka --kind share >out &&
	test_line_count = $((shares + 1)) out &&
	"$SOMARKIV" items --account fero.mrkvicka --kind post >out &&
	test_line_count = $((posts + 1)) out
'

expect_success 'the sample again, as a zip: nothing new' '
	. ./counts &&
	bsdtar -a -cf sample.zip -C "$S" . &&
	"$SOMARKIV" ingest --account fero.mrkvicka sample.zip >out &&
	grep "^capture 8: 0 new, 0 changed, $items unchanged, 0 removed, " out
'

test_done
