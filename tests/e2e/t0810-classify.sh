#!/bin/sh
# Classification from the command line: classify under the current plan,
# explain (plan, rules, words), review (what needs a person, oldest
# first), set-class (a person decides, with a reason); a person's decision
# survives `classify --all` under a new plan, history is kept, and all of
# it is in the audit log.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"

expect_success 'setup: a store, an account, comments' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	"$SOMARKIV" items >items &&
	test_line_count = 12 items
'

expect_failure 'classify needs a plan in use' 3 '
	"$SOMARKIV" classify 2>err ||
	{ rc=$?; grep "^somarkiv: classify: no plan in use in store .*plan use FILE" err; exit $rc; }
'

expect_success 'before any classification, everything awaits review, oldest first' '
	"$SOMARKIV" review >out &&
	test_line_count = 12 out &&
	head -n 1 out | grep "^ITEM  CREATED  *KIND  *WHY  *CLASS  *FLAGS  *TEXT$" &&
	sed -n 2p out | grep "^ *1  2026-01-14T07:12:03Z  comment  unclassified  -  *-  *Klagomål: Björkvägen" &&
	test "$(grep -c unclassified out)" -eq 11
'

expect_success 'explain of an unclassified item says what the plan would make of it' '
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" explain 1 >out &&
	grep "^item 1: not classified yet" out &&
	grep "^the current plan 2026.1 would make it: important$" out &&
	grep "complaint (important):.*words '"'"'klagomål\*'"'"' matched '"'"'klagomål'"'"'" out
'

expect_success 'classify: every item, under the current plan' '
	"$SOMARKIV" --actor registrator classify >out &&
	grep "^classified 11 items under plan 2026.1: [0-9]* temporary, [0-9]* important, [0-9]* case; 2 flagged, 0 for review$" out &&
	"$SOMARKIV" log --json | tail -n 1 >last &&
	grep "\"actor\":\"registrator\",\"action\":\"classify\",\"target\":\"plan:1\"" last &&
	grep "\"classified\":11" last
'

expect_success 'classify again: nothing left to do' '
	"$SOMARKIV" classify --json >out &&
	grep "^{\"plan\":\"2026.1\",\"classified\":0,\"temporary\":0,\"important\":0,\"case\":0,\"flagged\":0,\"review\":0,\"unchanged\":0,\"by_person\":0}$" out
'

expect_success 'explain: class, plan, rules and the words they matched' '
	"$SOMARKIV" explain 1 >out &&
	head -n 1 out | grep "^item 1: important$" &&
	grep "^classified under plan 2026.1 at " out &&
	grep "^  complaint (important): author: others; words '"'"'klagomål\*'"'"' matched '"'"'klagomål'"'"'" out &&
	grep "^history:$" out &&
	grep "^  [0-9T:Z-]*  important  plan 2026.1$" out
'

expect_success 'explain: a case number and a threat' '
	"$SOMARKIV" explain 8 >out &&
	head -n 1 out | grep "^item 8: case$" &&
	grep "case-number (case): case-reference: ks 2026/123" out &&
	"$SOMARKIV" explain 5 >out &&
	head -n 1 out | grep "^item 5: important, flags crime$" &&
	grep "threat (important, crime):.*phrase '"'"'få ångra\*'"'"' matched '"'"'få ångra'"'"'" out
'

expect_success 'explain: a personal identity number, masked' '
	"$SOMARKIV" explain 7 >out &&
	head -n 1 out | grep "^item 7: temporary, flags personal-data$" &&
	grep "pnr (personal-data): personal-identity-number: 19121212-\*\*\*\*" out &&
	! grep "1212-1212" out
'

expect_success 'explain --json: the explanation as the store keeps it' '
	"$SOMARKIV" explain --json 1 >out &&
	test_line_count = 1 out &&
	python3 -c "
import json
e = json.load(open(\"out\"))
c = e[\"current\"]
assert e[\"item\"] == 1 and c[\"class\"] == \"important\" and c[\"plan\"] == \"2026.1\", e
assert c[\"by_person\"] is False and c[\"superseded\"] is False, c
x = c[\"explanation\"]
assert x[\"plan\"] == \"2026.1\" and x[\"class\"] == \"important\", x
ids = [r[\"id\"] for r in x[\"rules\"]]
assert \"complaint\" in ids, ids
assert len(e[\"history\"]) == 1, e
"
'

expect_success 'review: the flagged items, oldest first' '
	"$SOMARKIV" review >out &&
	test_line_count = 3 out &&
	sed -n 2p out | grep "^ *5  2026-02-11T22:13:45Z  comment  flagged  important  crime  *Lägger ni ner" &&
	sed -n 3p out | grep "^ *7  2026-03-02T16:40:00Z  comment  flagged  temporary  personal-data  Gäller" &&
	"$SOMARKIV" review --json >out &&
	python3 -c "
import json
rows = [json.loads(l) for l in open(\"out\")]
assert [(r[\"item\"], r[\"why\"], r[\"flags\"]) for r in rows] == [(5, \"flagged\", [\"crime\"]), (7, \"flagged\", [\"personal-data\"])], rows
"
'

expect_failure 'set-class needs a reason' 2 '
	"$SOMARKIV" set-class 2 important 2>err ||
	{ rc=$?; grep "option '"'"'--reason'"'"' is required" err; exit $rc; }
'

expect_failure 'set-class of no class' 2 '
	"$SOMARKIV" set-class 2 urgent --reason x 2>err ||
	{ rc=$?; grep "'"'"'urgent'"'"' is not a class" err; exit $rc; }
'

expect_failure 'set-class of an unknown flag' 2 '
	"$SOMARKIV" set-class 2 important --flags hearsay --reason x 2>err ||
	{ rc=$?; grep "unknown flag '"'"'hearsay'"'"'" err; exit $rc; }
'

expect_failure 'set-class of no item' 3 '
	"$SOMARKIV" set-class 999 important --reason x 2>err ||
	{ rc=$?; grep "no item '"'"'999'"'"'" err; exit $rc; }
'

expect_failure 'set-class with an empty reason' 3 '
	"$SOMARKIV" set-class 2 important --reason " " 2>err ||
	{ rc=$?; grep "needs a reason" err; exit $rc; }
'

expect_success 'set-class: a person decides, with a reason' '
	"$SOMARKIV" --actor anna set-class 2 important --reason "tacket gäller en anmälan om plogning" >out &&
	echo "item 2: important, decided by anna" >expect &&
	test_cmp expect out &&
	"$SOMARKIV" explain 2 >out &&
	head -n 1 out | grep "^item 2: important$" &&
	grep "^decided by anna at " out &&
	grep "^reason: tacket gäller en anmälan om plogning$" out &&
	grep "^  [0-9T:Z-]*  temporary  plan 2026.1$" out &&
	grep "^  [0-9T:Z-]*  important  by anna: tacket gäller en anmälan om plogning$" out &&
	"$SOMARKIV" log --json | tail -n 1 >last &&
	grep "\"actor\":\"anna\",\"action\":\"classification.set\",\"target\":\"item:2\"" last &&
	grep "\"previous\":\"temporary\"" last
'

expect_success 'set-class --resolve-flags: the flagged item leaves the review list' '
	"$SOMARKIV" --actor anna set-class 7 temporary --resolve-flags --reason "personnumret är ett exempel" >out &&
	grep "^item 7: temporary, flags personal-data (resolved), decided by anna$" out &&
	"$SOMARKIV" review >out &&
	test_line_count = 2 out &&
	! grep "^ *7 " out
'

expect_success 'set-class --flags: a person adds a flag' '
	"$SOMARKIV" --actor anna set-class 4 important --flags crime --reason "hot mot rektor, polisanmält" >out &&
	grep "^item 4: important, flags crime, decided by anna$" out &&
	"$SOMARKIV" review --limit 5 >out &&
	grep "^ *4  .*  flagged  important  crime  " out
'

expect_success 'a new plan version and classify --all: the person'"'"'s decisions stay, history kept' '
	sed -e "s/version=\"2026.1\"/version=\"2026.2\"/" \
	    -e "s/<words>tack tusen grattis/<words>tusen grattis/" "$PLAN" >v2.xml &&
	"$SOMARKIV" plan use -q v2.xml &&
	"$SOMARKIV" classify >out &&
	grep "^classified 0 items under plan 2026.2" out &&
	"$SOMARKIV" classify --all >out &&
	cat out &&
	grep "^classified [1-9][0-9]* items under plan 2026.2" out &&
	grep "decided by a person, left alone: 3$" out &&
	"$SOMARKIV" explain 2 | head -n 1 | grep "^item 2: important$" &&
	"$SOMARKIV" explain 4 | head -n 1 | grep "^item 4: important, flags crime$" &&
	"$SOMARKIV" explain 7 | head -n 1 | grep "^item 7: temporary, flags personal-data (resolved)$" &&
	"$SOMARKIV" explain 1 | grep "^classified under plan 2026.2 at " &&
	test "$(sqlite3 store/store.db "SELECT count(*) FROM classification WHERE superseded = 0")" -eq 11 &&
	test "$(sqlite3 store/store.db "SELECT count(*) FROM classification WHERE superseded = 1 AND by_person = 1")" -eq 0 &&
	test "$(sqlite3 store/store.db "SELECT count(*) FROM classification WHERE superseded = 0 AND plan_id = 2")" -eq 8
'

expect_success 'every step is in the audit log, the chain intact' '
	"$SOMARKIV" log >out &&
	test "$(grep -c " plan.use " out)" -eq 2 &&
	test "$(grep -c " classify " out)" -eq 2 &&
	test "$(grep -c " classification.set " out)" -eq 3 &&
	"$SOMARKIV" verify --audit
'

expect_success 'a changed text is classified again; the old classification is history' '
	python3 -c "
import json
for line in open(\"$ITEMS\"):
    o = json.loads(line)
    if o[\"text\"].startswith(\"Tar ni emot ris\"):
        o[\"text\"] = \"Klagomål: ni tog inte emot riset i dag.\"
    print(json.dumps(o, ensure_ascii=False))
" >edited.ndjson &&
	"$SOMARKIV" ingest -q --account 1 edited.ndjson &&
	"$SOMARKIV" classify >out &&
	grep "^classified 1 items under plan 2026.2: 0 temporary, 1 important" out &&
	"$SOMARKIV" explain 10 >out &&
	head -n 1 out | grep "^item 10: important$" &&
	test "$(grep -c "plan 2026" out)" -ge 2
'

test_done
