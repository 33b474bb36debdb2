#!/bin/sh
# Retention plans: `plan check` on a good plan and on each kind of bad one
# (an error naming the file and the line, exit 3), `plan use` keeping every
# plan versioned and refusing changed bytes under a used version, a bad
# plan changing nothing, `plan show` and `plan list`; the shipped plans
# and the test plan valid for xmllint too.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"

# bad NAME SED-EXPRESSION: a copy of the test plan with one thing broken.
bad() {
	sed -e "$2" "$PLAN" >"$1"
	! cmp -s "$PLAN" "$1"
}

expect_success 'plan check: a valid plan, no store needed' '
	"$SOMARKIV" plan check "$PLAN" >out 2>err &&
	grep "^plan '"'"'.*exempelby.xml'"'"': valid: version 2026.1 of Exempelby kommun, [0-9]* rules, 4 retention rules$" out &&
	test_must_be_empty err &&
	! test -e store
'

expect_success 'plan check -q says nothing' '
	"$SOMARKIV" plan check -q "$PLAN" >out &&
	test_must_be_empty out
'

# check_bad FILE LINE TEXT: exit 3 and one line "somarkiv: plan check: plan 'FILE': line LINE: ...TEXT...".
check_bad() {
	rc=0
	"$SOMARKIV" plan check "$1" >out 2>err || rc=$?
	cat err
	test "$rc" -eq 3 &&
	test_must_be_empty out &&
	test_line_count = 1 err &&
	grep "^somarkiv: plan check: plan '$1': line $2: .*$3" err
}

expect_success 'not XML' '
	echo "Detta är ingen plan." >notxml.xml &&
	check_bad notxml.xml 1 ""
'

expect_success 'truncated' '
	head -c 1500 "$PLAN" >cut.xml &&
	check_bad cut.xml "[0-9]*" ""
'

expect_success 'against the schema: an unknown attribute' '
	bad schema.xml "s/<rule id=\"question\" class=\"temporary\">/<rule id=\"question\" class=\"temporary\" colour=\"red\">/" &&
	line=$(grep -n "colour=" schema.xml | cut -d: -f1) &&
	check_bad schema.xml "$line" "colour"
'

expect_success 'against the schema: an unknown class' '
	bad class.xml "s/<rule id=\"question\" class=\"temporary\">/<rule id=\"question\" class=\"urgent\">/" &&
	line=$(grep -n "urgent" class.xml | cut -d: -f1) &&
	check_bad class.xml "$line" "urgent"
'

expect_success 'a bad regular expression' '
	bad regex.xml "s|<regex>\\\\?</regex>|<regex>klagom(å</regex>|" &&
	line=$(grep -n "klagom(å" regex.xml | cut -d: -f1) &&
	check_bad regex.xml "$line" "rule '"'"'question'"'"': bad regular expression"
'

expect_success 'a duplicate rule id' '
	bad dup.xml "s/<rule id=\"courtesy\"/<rule id=\"question\"/" &&
	line=$(grep -n "<rule id=\"question\"" dup.xml | tail -n 1 | cut -d: -f1) &&
	check_bad dup.xml "$line" "question"
'

expect_success 'a route to an unknown series' '
	bad route.xml "s/<route class=\"important\" series=\"KS\"/<route class=\"important\" series=\"XYZ\"/" &&
	line=$(grep -n "series=\"XYZ\"" route.xml | cut -d: -f1) &&
	check_bad route.xml "$line" "series '"'"'XYZ'"'"'"
'

expect_success 'a disposal without a period' '
	bad dispose.xml "s/ after=\"P3M\" from=\"last-activity\"//" &&
	line=$(grep -n "id=\"dispose-temporary\"" dispose.xml | cut -d: -f1) &&
	check_bad dispose.xml "$line" "lacks after="
'

expect_success 'billion laughs: the DOCTYPE is refused before any entity' '
	cat >bomb.xml <<-EOF &&
	<?xml version="1.0"?>
	<!DOCTYPE plan [
	  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
	  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
	  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
	  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
	  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
	  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
	  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
	]>
	<plan xmlns="urn:somarkiv:plan:1" version="&g;"/>
	EOF
	check_bad bomb.xml 2 "DOCTYPE"
'

expect_success 'an external entity: refused the same way' '
	cat >xxe.xml <<-EOF &&
	<?xml version="1.0"?>
	<!DOCTYPE plan [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
	<plan xmlns="urn:somarkiv:plan:1" version="&x;"/>
	EOF
	check_bad xxe.xml 2 "DOCTYPE"
'

expect_failure 'a file that is not there' 3 '
	"$SOMARKIV" plan check nowhere.xml 2>err ||
	{ rc=$?; grep "^somarkiv: plan check: cannot read plan '"'"'nowhere.xml'"'"'" err; exit $rc; }
'

expect_failure 'plan check needs a file' 2 '
	"$SOMARKIV" plan check
'

expect_success 'setup: a store' '
	"$SOMARKIV" --actor arkivarie init -q
'

expect_failure 'plan show without a plan in use' 3 '
	"$SOMARKIV" plan show >out 2>err ||
	{ rc=$?; grep "no plan in use" err; exit $rc; }
'

expect_success 'plan use: kept, current, audited' '
	"$SOMARKIV" --actor arkivarie plan use "$PLAN" >out &&
	sha=$(sha256sum "$PLAN" | cut -d" " -f1) &&
	echo "plan 2026.1 in use (sha256 $sha)" >expect &&
	test_cmp expect out &&
	"$SOMARKIV" log --json >log &&
	grep "\"action\":\"plan.use\",\"target\":\"plan:1\"" log &&
	grep "\"sha256\":\"$sha\"" log
'

expect_success 'plan show --xml gives the bytes back' '
	"$SOMARKIV" plan show --xml >out &&
	cmp "$PLAN" out
'

expect_success 'plan show: decision, classes, rules, retention, routes, schedule' '
	"$SOMARKIV" plan show >out &&
	head -n 1 out | grep "^plan 2026.1 (current)$" &&
	grep "^body: *Exempelby kommun$" out &&
	grep "^reference: *KS 2026/14$" out &&
	grep "^  temporary  *Tillfällig eller ringa betydelse / Temporary$" out &&
	grep "^threat  *important  *crime  *no  *Olaga hot" out &&
	grep "^an item no class rule matches: important, for review$" out &&
	grep "^dispose-temporary-messages  *temporary  *message  *dispose  *P1Y  *created  *calendar-year  *2  *yes$" out &&
	grep "^RS  *Regionstyrelsen  *{prefix} {year}-{case:5}$" out &&
	grep "^case  *KS  *document  *no$" out &&
	grep "^export  *-  *0 2 \* \* 1  */srv/arkiv/" out
'

expect_success 'the same plan again: nothing changes' '
	store_dump >before &&
	"$SOMARKIV" plan use "$PLAN" >out &&
	echo "plan 2026.1 is in use already" >expect &&
	test_cmp expect out &&
	store_dump >after &&
	test_cmp before after
'

expect_success 'a bad plan changes nothing' '
	store_dump >before &&
	rc=0 &&
	"$SOMARKIV" plan use regex.xml 2>err || rc=$?
	test "$rc" -eq 3 &&
	grep "^somarkiv: plan use: plan '"'"'regex.xml'"'"': line [0-9]*: " err &&
	"$SOMARKIV" plan use bomb.xml 2>err || rc=$?
	test "$rc" -eq 3 &&
	store_dump >after &&
	test_cmp before after
'

expect_success 'changed bytes under a used version are refused, the store as it was' '
	sed "s/<words>tack tusen/<words>tack tackar tusen/" "$PLAN" >changed.xml &&
	store_dump >before &&
	rc=0 &&
	"$SOMARKIV" plan use changed.xml 2>err || rc=$?
	cat err &&
	test "$rc" -eq 3 &&
	grep "^somarkiv: plan use: plan '"'"'changed.xml'"'"': version '"'"'2026.1'"'"' is in the store already with other content" err &&
	grep "a changed plan needs a new version$" err &&
	store_dump >after &&
	test_cmp before after
'

expect_success 'a new version: kept beside the old, now current' '
	sed "s/version=\"2026.1\"/version=\"2026.2\"/" changed.xml >v2.xml &&
	"$SOMARKIV" --actor registrator plan use -q v2.xml &&
	"$SOMARKIV" plan list >out &&
	test_line_count = 3 out &&
	head -n 1 out | grep "^ID  VERSION  CURRENT  FIRST USED  *ACTOR  *BODY  *REFERENCE  *SHA256$" &&
	grep "^ 1  2026.1  *[0-9T:Z-]*  *arkivarie  *Exempelby kommun  KS 2026/14  [0-9a-f]\{12\}$" out &&
	grep "^ 2  2026.2   \*  *[0-9T:Z-]*  *registrator  " out &&
	"$SOMARKIV" plan show | head -n 1 | grep "^plan 2026.2 (current)$" &&
	"$SOMARKIV" plan show 2026.1 | head -n 1 | grep "^plan 2026.1$" &&
	"$SOMARKIV" plan show --xml 2026.1 | cmp - "$PLAN"
'

expect_success 'back to the first version: current again, no new row' '
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" plan list --json >out &&
	python3 -c "
import json
rows = [json.loads(l) for l in open(\"out\")]
assert [r[\"version\"] for r in rows] == [\"2026.1\", \"2026.2\"], rows
assert [r[\"current\"] for r in rows] == [True, False], rows
" &&
	"$SOMARKIV" log --json | grep -c "\"action\":\"plan.use\"" >n &&
	echo 3 >expect &&
	test_cmp expect n
'

expect_success 'plan show --file shows a file without the store' '
	"$SOMARKIV" --store nowhere plan show --file v2.xml >out &&
	head -n 1 out | grep "^plan 2026.2$"
'

expect_failure 'plan show of an unknown version' 3 '
	"$SOMARKIV" plan show 1999.1 2>err ||
	{ rc=$?; grep "no plan version '"'"'1999.1'"'"'" err; exit $rc; }
'

expect_success 'verify --audit: the chain is intact' '
	"$SOMARKIV" verify --audit
'

skip_unless_command xmllint
expect_success 'xmllint: the test plan is valid against schemas/plan.xsd' '
	xmllint --noout --nonet --schema "$REPO/schemas/plan.xsd" "$PLAN"
'

expect_success 'xmllint and plan check: the shipped plans, if there are any' '
	for p in "$REPO"/retention/*.xml; do
		test -e "$p" || continue
		xmllint --noout --nonet --schema "$REPO/schemas/plan.xsd" "$p" &&
		"$SOMARKIV" plan check "$p" || exit 1
	done
'

test_done
