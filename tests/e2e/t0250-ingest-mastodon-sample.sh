#!/bin/sh
# ingest of a real Mastodon export published by its owner
# (../shared/samples/mastodon/dealingwith-masto-archive): the counts are
# checked against an independent reading of outbox.json with python3.
. "$(dirname "$0")/lib.sh"

skip_unless_shared samples/mastodon/dealingwith-masto-archive
M="$SHARED/samples/mastodon/dealingwith-masto-archive"

# What outbox.json holds, read without our code. Python's json keeps the
# last of the duplicate "orderedItems" keys, as Mastodon's clients do.
count_outbox() {
	python3 - "$M" <<-\PY
	import json, sys
	d = sys.argv[1]
	outbox = json.load(open(d + "/outbox.json", encoding="utf-8"))
	PUBLIC = ("https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public")
	def audience(x):
	    out = []
	    for key in ("to", "cc"):
	        v = x.get(key) or []
	        out += [v] if isinstance(v, str) else v
	    return out
	def public(x):
	    return any(a in PUBLIC or a.endswith("/followers") for a in audience(x))
	kinds = {"post": 0, "reply": 0, "share": 0, "message": 0}
	ids = set()
	attachments = edited = 0
	for a in outbox["orderedItems"]:
	    if a["type"] == "Announce":
	        ids.add(a["id"])
	        kinds["share"] += 1
	        continue
	    o = a["object"]
	    ids.add(o["id"])
	    if not public(o) and not public(a):
	        kinds["message"] += 1
	    elif o.get("inReplyTo"):
	        kinds["reply"] += 1
	    else:
	        kinds["post"] += 1
	    attachments += len(o.get("attachment") or [])
	    edited += bool(o.get("updated"))
	print("items=%d" % len(ids))
	for k, v in sorted(kinds.items()):
	    print("%s=%d" % (k, v))
	print("attachments=%d" % attachments)
	print("edited=%d" % edited)
	PY
}

expect_success 'setup: a store, the account, the counts' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @dealingwith@indieweb.social &&
	count_outbox >counts &&
	cat counts &&
	grep "^items=1586$" counts
'

expect_success 'ingest the export: every item new, every attachment missing' '
	. ./counts &&
	"$SOMARKIV" ingest --account 1 "$M" >out 2>err &&
	cat out &&
	test_must_be_empty err &&
	grep "^capture 1: $items new, 0 changed, 0 unchanged, 0 removed, 0 attachments, $attachments missing, [0-9]* problems (mastodon, " out
'

expect_success 'the items by kind' '
	. ./counts &&
	for k in post reply share message; do
		eval "want=\$$k" &&
		"$SOMARKIV" items --kind $k --json >out &&
		got=$(python3 -c "import json; print(len(json.load(open(\"out\"))))") &&
		echo "$k: $got, expected $want" &&
		test "$got" -eq "$want" || exit 1
	done
'

expect_success 'edited notes carry their edit time' '
	. ./counts &&
	"$SOMARKIV" items --json >out &&
	got=$(python3 -c "
import json
print(sum(1 for i in json.load(open(\"out\")) if i[\"versions\"][-1].get(\"edited\")))
") &&
	echo "edited: $got, expected $edited" &&
	test "$got" -eq "$edited"
'

expect_success 'ingest it again: nothing new' '
	. ./counts &&
	"$SOMARKIV" ingest --account 1 "$M" >out &&
	grep "^capture 2: 0 new, 0 changed, $items unchanged, 0 removed, " out
'

expect_success 'as a zip: nothing new' '
	. ./counts &&
	bsdtar -a -cf sample.zip -C "$M" . &&
	"$SOMARKIV" ingest --account 1 sample.zip >out &&
	grep "^capture 3: 0 new, 0 changed, $items unchanged, 0 removed, " out
'

expect_success 'the store verifies' '
	"$SOMARKIV" verify >out &&
	grep "chain intact" out &&
	grep "all intact" out
'

test_done
