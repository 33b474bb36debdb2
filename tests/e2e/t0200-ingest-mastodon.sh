#!/bin/sh
# ingest of a Mastodon export (tests/data/exempelby-mastodon-v1, -v2; the
# counts are those of tests/data/README.md) as a folder, a zip and a tar.gz:
# idempotence, versions of an edited item, items removed from the platform,
# missing attachments, and a closed account refused.
. "$(dirname "$0")/lib.sh"

H='@exempelby@social.exempelby.se'
V1="$DATA/exempelby-mastodon-v1"
V2="$DATA/exempelby-mastodon-v2"
S='https://social.exempelby.se/users/exempelby/statuses'

expect_success 'setup: a store and the account' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle "$H" --name "Exempelby kommun"
'

expect_success 'ingest the v1 folder' '
	"$SOMARKIV" ingest --account "$H" "$V1" >out 2>err &&
	echo "capture 1: 13 new, 0 changed, 0 unchanged, 0 removed, 2 attachments, 0 missing, 2 problems (mastodon, ${SQ}$V1${SQ})" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

expect_success 'the items are there, by kind' '
	"$SOMARKIV" items >out &&
	test_line_count = 14 out &&
	head -n 1 out | grep "^ *ID  *KIND  *CREATED  *AUTHOR  *TEXT$" &&
	"$SOMARKIV" items --kind post >out && test_line_count = 9 out &&
	"$SOMARKIV" items --kind reply >out && test_line_count = 3 out &&
	"$SOMARKIV" items --kind share >out && test_line_count = 3 out &&
	"$SOMARKIV" items --kind message >out && test_line_count = 2 out &&
	"$SOMARKIV" items --kind comment >out && test_line_count = 1 out
'

expect_success 'the text column is the first line, cut to 50 code points' '
	"$SOMARKIV" items >out &&
	python3 -c "
lines = open(\"out\", encoding=\"utf-8\").read().splitlines()
col = lines[0].index(\"TEXT\")
cut = 0
for line in lines[1:]:
    text = line[col:]
    assert len(text) <= 50, text
    cut += text.endswith(\"\u2026\")
assert cut > 0, \"no text was cut\"
"
'

expect_success 'items --limit' '
	"$SOMARKIV" items --limit 3 >out &&
	test_line_count = 4 out
'

expect_failure 'items --kind of an unknown kind is a usage error' 2 '
	"$SOMARKIV" items --kind tweet 2>err
'

expect_success 'ingest v1 again adds nothing' '
	"$SOMARKIV" ingest --account "$H" "$V1" >out &&
	grep "^capture 2: 0 new, 0 changed, 13 unchanged, 0 removed, .* 0 missing, 2 problems (mastodon, " out
'

expect_success 'ingest v1 as a zip adds nothing' '
	bsdtar -a -cf v1.zip -C "$V1" . &&
	"$SOMARKIV" ingest --account "$H" v1.zip >out &&
	grep "^capture 3: 0 new, 0 changed, 13 unchanged, 0 removed, .* 0 missing, 2 problems (mastodon, ${SQ}v1.zip${SQ})$" out
'

expect_success 'ingest v1 as a tar.gz adds nothing' '
	bsdtar -a -cf v1.tar.gz -C "$V1" . &&
	"$SOMARKIV" ingest --account "$H" v1.tar.gz >out &&
	grep "^capture 4: 0 new, 0 changed, 13 unchanged, 0 removed, .* 0 missing, 2 problems (mastodon, ${SQ}v1.tar.gz${SQ})$" out
'

expect_success 'ingest v2: new, changed, removed and missing' '
	"$SOMARKIV" ingest --account "$H" "$V2" >out &&
	grep "^capture 5: 2 new, 1 changed, 11 unchanged, 1 removed, [0-9]* attachments, 1 missing, " out
'

expect_success 'capture list shows the five captures' '
	"$SOMARKIV" capture list >out &&
	test_line_count = 6 out &&
	head -n 1 out | grep "^ *ID  *ACCOUNT  *FORMAT  *STARTED  *NEW  *CHANGED  *UNCHANGED  *REMOVED  *SOURCE$" &&
	grep "^ *5  $H  *mastodon  .*  2  *1  *11  *1  $V2$" out
'

expect_success 'capture list --account and --json' '
	"$SOMARKIV" capture list --account 1 --json >out &&
	python3 -c "
import json
c = json.load(open(\"out\"))
assert [x[\"id\"] for x in c] == [1, 2, 3, 4, 5], c
assert c[4][\"missing\"] == 1, c[4]
"
'

expect_success 'capture show lists the missing attachment' '
	"$SOMARKIV" capture show 5 >out &&
	grep "^capture: *5$" out &&
	grep "^format: *mastodon$" out &&
	grep "^new: *2$" out &&
	grep "^missing: *1$" out &&
	grep "^  outbox.json .*681a0dee4f3bdaf9.png" out &&
	grep "^  likes.json: " out
'

expect_success 'capture show --json' '
	"$SOMARKIV" capture show --json 1 >out &&
	python3 -c "
import json
c = json.load(open(\"out\"))
assert c[\"id\"] == 1 and c[\"new\"] == 13 and c[\"attachments\"] == 2, c
"
'

expect_failure 'capture show of no capture' 3 '
	"$SOMARKIV" capture show 99 2>err
'

expect_success 'the edited item shows two versions' '
	"$SOMARKIV" show "$S/116159781273604113" >out &&
	grep "^version 1: capture 1" out &&
	grep "^version 2 (current): capture 5, .*edited 2026-03-04T09:40:00Z" out &&
	sed -n "/^version 1/,/^version 2/p" out | grep "08.00–12.00" &&
	sed -n "/^version 2/,\$p" out | grep "08.00–15.00" &&
	grep "^kind: *post$" out &&
	grep "^author: .*\[own account\]" out
'

expect_success 'show --json has both versions' '
	"$SOMARKIV" show --json "$S/116159781273604113" >out &&
	python3 -c "
import json
i = json.load(open(\"out\"))
assert len(i[\"versions\"]) == 2, i
"
'

expect_success 'the item gone in v2 is marked removed, not deleted' '
	"$SOMARKIV" show "$S/116063679283204110" >out &&
	grep "removed from the platform: by capture 5 at " out &&
	grep "Trevlig helg" out &&
	"$SOMARKIV" items >out &&
	test_line_count = 16 out &&
	grep "(removed) .*Trevlig helg" out
'

expect_success 'show lists attachments, with their digest or MISSING' '
	"$SOMARKIV" show "$S/115880774860804102" >out &&
	grep "^  .*9eaf57777b7f5f47.png  image/png  173 bytes  sha256:[0-9a-f]\{64\}$" out &&
	"$SOMARKIV" show "$S/115921649991684104" >out &&
	grep "681a0dee4f3bdaf9.png" out
'

expect_success 'a reply shows what it answers' '
	"$SOMARKIV" show "$S/115881430220804103" >out &&
	grep "^kind: *reply$" out &&
	grep "^in reply to:" out &&
	grep "not captured" out
'

expect_success 'items --ndjson: one valid line per item' '
	"$SOMARKIV" items --ndjson >out &&
	test_line_count = 15 out &&
	python3 -c "
import json
for line in open(\"out\"):
    json.loads(line)
"
'

expect_success 'items --json is an array' '
	"$SOMARKIV" items --json --kind share >out &&
	python3 -c "
import json
a = json.load(open(\"out\"))
assert len(a) == 2 and all(x[\"kind\"] == \"share\" for x in a), a
"
'

expect_success 'ingest --json prints the capture object' '
	"$SOMARKIV" ingest --json --account 1 "$V2" >out &&
	test_line_count = 1 out &&
	python3 -c "
import json
c = json.load(open(\"out\"))
assert c[\"id\"] == 6 and c[\"new\"] == 0 and c[\"unchanged\"] == 14, c
"
'

expect_success 'ingest of several sources: one capture each' '
	"$SOMARKIV" ingest --account 1 "$V2" "$V2" >out &&
	test_line_count = 2 out &&
	grep "^capture 7: " out &&
	grep "^capture 8: " out
'

expect_failure 'ingest --format of an unknown format is a usage error' 2 '
	"$SOMARKIV" ingest --account 1 --format myspace "$V1" 2>err
'

expect_failure 'ingest needs --account' 2 '
	"$SOMARKIV" ingest "$V1" 2>err
'

expect_failure 'ingest into an unknown account' 3 '
	"$SOMARKIV" ingest --account @nobody@nowhere.example "$V1" 2>err
'

expect_success 'setup: close the account' '
	"$SOMARKIV" account close 1 --reason "Kontot avslutas" -q
'

expect_failure 'a closed account takes no ingest' 3 '
	"$SOMARKIV" ingest --account 1 "$V2" >out 2>err
'

expect_success 'and says so, and records nothing' '
	"$SOMARKIV" ingest --account 1 "$V2" >out 2>err || :
	grep "^somarkiv: ingest: " err &&
	test_line_count = 1 err &&
	"$SOMARKIV" capture list >out &&
	test_line_count = 9 out
'

expect_success 'after reopening, ingest works again' '
	"$SOMARKIV" account reopen 1 -q &&
	"$SOMARKIV" ingest -q --account 1 "$V2" >out &&
	test_must_be_empty out &&
	"$SOMARKIV" capture list >out &&
	test_line_count = 10 out
'

test_done
