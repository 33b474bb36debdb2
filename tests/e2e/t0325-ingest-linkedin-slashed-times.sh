#!/bin/sh
# LinkedIn exports before 2019 write times as "2017/06/08 08:15:44 UTC":
# every post and comment of such an export is read, at the right UTC time,
# and Comments.csv's unquoted line breaks are repaired as in later exports.
# The fixture is tests/data/linkedin-2018-slashes (see tests/data/linkedin.md).
. "$(dirname "$0")/lib.sh"

SRC="$DATA/linkedin-2018-slashes"
FEED='https://www.linkedin.com/feed/update/urn%3Ali%3A'

expect_success 'setup: a LinkedIn account' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform linkedin --handle exempelby-kommun
'

expect_success 'every post and comment is read, nothing skipped' '
	"$SOMARKIV" ingest --account 1 "$SRC" >out &&
	cat out &&
	grep "^capture 1: 6 new, 0 changed, 0 unchanged, 0 removed, 0 attachments, 0 missing, 0 problems (linkedin, " out
'

expect_success 'the times are the export'\''s, in UTC' '
	"$SOMARKIV" items --json >items.json &&
	python3 -c "
import json, sys
items = {i[\"platform_id\"]: i for i in json.load(open(\"items.json\"))}
feed = sys.argv[1]
want = {
    feed + \"share%3A7190000000000000081\": (\"post\", \"2018-06-08T08:15:44Z\"),
    feed + \"share%3A7190000000000000082\": (\"post\", \"2018-03-01T12:00:00Z\"),
    feed + \"share%3A7190000000000000083\": (\"post\", \"2017-12-24T09:00:00Z\"),
}
for pid, (kind, created) in want.items():
    assert items[pid][\"kind\"] == kind and items[pid][\"created\"] == created, items.get(pid)
comments = sorted(i[\"created\"] for i in items.values() if i[\"kind\"] == \"comment\")
assert comments == [\"2017-12-24T11:00:00Z\", \"2018-03-02T07:30:00Z\", \"2018-06-09T10:00:00Z\"], comments
" "$FEED"
'

expect_success 'a comment whose second line starts with a date is one comment' '
	"$SOMARKIV" items --kind comment --json >c.json &&
	python3 -c "
import json
texts = sorted(i[\"text\"] for i in json.load(open(\"c.json\")))
assert texts == [\"God jul!\", \"Tack!\\n2018/03/05 blir det möte om budgeten.\", \"Vi ses i parken.\"], texts
"
'

expect_success 'a post keeps its lines and its shared link; the raw row keeps the slashes' '
	"$SOMARKIV" show "${FEED}share%3A7190000000000000082" >show &&
	grep "^    https://www.exempelby.example/budget$" show &&
	"$SOMARKIV" show --json "${FEED}share%3A7190000000000000081" >s.json &&
	grep -F "Nationaldagen firas i Stadsparken.\\nVälkommen!" s.json &&
	"$SOMARKIV" items --ndjson >all.ndjson &&
	grep -F "2018/06/08 08:15:44 UTC" all.ndjson
'

expect_success 'the same export again adds nothing' '
	"$SOMARKIV" ingest --account 1 "$SRC" >out &&
	grep "^capture 2: 0 new, 0 changed, 6 unchanged, 0 removed" out
'

test_done
