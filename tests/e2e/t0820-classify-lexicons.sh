#!/bin/sh
# Classification that does not hang on word order or spelling: the shipped
# VGR plan's concept lexicons find a threat in inverted order, in an
# inflected compound, elongated or aimed at a home; hate speech without a
# listed slur; `explain` shows the words as read, each lexicon entry and
# how it matched, and the model's scores; a plan's lexicon files are kept
# inside the stored plan; a broken lexicon is an error naming its file and
# line; plan check warns about the disposal decision.
. "$(dirname "$0")/lib.sh"

VGR="$REPO/retention/vgr-2.10.xml"

# item ID TEXT: one canonical NDJSON line of a comment by someone else.
item() {
	printf '{"platform":"facebook","id":"%s","kind":"comment","created":"2026-03-0%sT10:00:00Z","text":"%s"}\n' \
		"$1" "$(echo "$1" | tr -dc 0-9 | cut -c1)" "$2"
}

expect_success 'setup: a store, an account, comments nobody wrote rules for' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform facebook --handle exempelby &&
	{
	item c1 "Då ska jag döööda dig, din jävla byråkrat"
	item c2 "Mordhotet mot rektorn var inte ett skämt, sprängladdningen är nästa steg"
	item c3 "Vi har sett din bil utanför huset. Sov gott."
	item c4 "Muslimerna är ohyra och ska ut ur landet"
	item c5 "Tack för en fin kväll på biblioteket! 👍"
	item c6 "Grattis till ännu en lysande idé, verkligen imponerande 🙄"
	item c7 "Varför är det fortfarande inte plogat på Björkvägen?"
	} >items.ndjson &&
	"$SOMARKIV" ingest -q --account 1 items.ndjson &&
	"$SOMARKIV" plan use -q "$VGR" 2>warn &&
	"$SOMARKIV" classify -q
'

# class_of ITEM: "class flags" of the current classification.
class_of() {
	"$SOMARKIV" explain "$1" | head -n 1 | sed "s/^item [0-9]*: //"
}

expect_success 'threats in any word order, form and spelling are crimes for review' '
	class_of c1 | grep "^important, flags crime (for review)$" &&
	class_of c2 | grep "^important, flags crime (for review)$" &&
	class_of c3 | grep "^important, flags crime (for review)$"
'

expect_success 'hate speech without a slur from any list' '
	class_of c4 | grep "^important, flags crime (for review)$"
'

expect_success 'thanks are temporary; irony and complaints phrased as questions are not' '
	class_of c5 | grep "^temporary$" &&
	class_of c6 | grep "^important" &&
	class_of c7 | grep "^important"
'

expect_success 'explain: lexicon entries and how they matched, the words as read, the model' '
	"$SOMARKIV" explain c1 >out &&
	grep "crime.olaga-hot.ord (important, crime, review): .*concept '"'"'violence: döda'"'"' matched '"'"'döööda'"'"' (word)" out &&
	grep "concept '"'"'violence: döda'"'"' matched '"'"'döööda'"'"' (word); near '"'"'within 12 words'"'"' matched '"'"'döööda dig'"'"'" out &&
	grep "^words as the classifier reads them (=squeezed, \[stem\]):$" out &&
	grep "^  då ska jag döööda=döda\[död\] dig din jävla\[jävl\] byråkrat\[byråkr\]$" out &&
	grep "^model scores (trained on [0-9]* items; they may only raise): keep [01]\.[0-9]*, crime [01]\.[0-9]*, secrecy [01]\.[0-9]*$" out &&
	"$SOMARKIV" explain c2 | grep "concept '"'"'violence: mord+'"'"' matched '"'"'mordhotet'"'"' (compound)"
'

expect_success 'explain --json: the stored explanation says how each entry matched' '
	"$SOMARKIV" explain --json c2 >out &&
	python3 -c "
import json
e = json.load(open(\"out\"))
m = [x for r in e[\"current\"][\"explanation\"][\"rules\"] for x in r[\"matched\"] if x[\"on\"] == \"concept\"]
assert any(x[\"pattern\"] == \"fire-explosives: sprängladdning+\" and x[\"how\"] == \"stem\" for x in m), m
"
'

expect_success 'plan use keeps the lexicon files inside the stored plan' '
	sqlite3 store/store.db "SELECT xml FROM plan WHERE version = '"'"'2026.2'"'"'" >stored.xml &&
	grep -q "<lexicon name=\"violence\" src=\"lexicons/violence.txt\">#" stored.xml &&
	grep -q "sprängladdning+&#10;" stored.xml &&
	xmllint --noout --schema "$REPO/schemas/plan.xsd" stored.xml
'

expect_success 'plan check warns that the disposal decision is unverified' '
	"$SOMARKIV" plan check "$VGR" >out 2>err &&
	grep "^somarkiv: plan check: warning: plan '"'"'.*vgr-2.10.xml'"'"': line [0-9]*: the decision items are disposed of under is marked UNVERIFIED" err &&
	grep "valid: version 2026.2" out &&
	grep "UNVERIFIED" warn
'

# A small plan of its own with a lexicon file beside it.
cat >plan.xml <<XML
<?xml version="1.0" encoding="UTF-8"?>
<plan xmlns="urn:somarkiv:plan:1" version="l1">
  <decision><body>Exempelby kommun</body><title>T</title><reference>Riktlinje, ej angivet</reference><date>2026-01-15</date></decision>
  <classes><class id="temporary"><name lang="sv">T</name></class><class id="important"><name lang="sv">V</name></class></classes>
  <series><serie prefix="KS" format="{prefix} {year}/{case}"><name>KS</name></serie></series>
  <lexicons><lexicon name="v" src="lex/v.txt"/></lexicons>
  <rules>
    <rule id="c" class="important"><description>d</description><when><concept name="v"/></when></rule>
    <rule id="t" class="temporary"><description>d</description><when><words>tack</words></when></rule>
    <otherwise class="important"/>
  </rules>
  <retention><rule id="g" class="temporary" action="dispose" after="P3M" from="last-activity"/></retention>
  <registration><route class="important" series="KS"/></registration>
</plan>
XML
mkdir lex

expect_success 'plan check warns when a plan disposes under no numbered decision' '
	printf "# violence\ndöda\n" >lex/v.txt &&
	"$SOMARKIV" plan check plan.xml 2>err &&
	grep "warning: plan '"'"'plan.xml'"'"': line 12: retention rule '"'"'g'"'"' disposes of items, but the plan names no decision to dispose under" err
'

expect_failure 'a broken lexicon file: an error naming the file and the line' 3 '
	printf "döda\n@fuzzy perhaps\n" >lex/v.txt &&
	"$SOMARKIV" plan check plan.xml 2>err ||
	{ rc=$?; cat err; grep "^somarkiv: plan check: lexicon '"'"'lex/v.txt'"'"': line 2: unknown setting '"'"'@fuzzy perhaps'"'"'" err; exit $rc; }
'

expect_failure 'a missing lexicon file: an error naming it' 3 '
	rm lex/v.txt &&
	"$SOMARKIV" plan check plan.xml 2>err ||
	{ rc=$?; cat err; grep "cannot read lexicon '"'"'lex/v.txt'"'"'" err; exit $rc; }
'

expect_success 'the stored plan needs its files no more; a changed lexicon needs a new version' '
	printf "döda\n" >lex/v.txt &&
	"$SOMARKIV" plan use -q plan.xml 2>/dev/null &&
	rm -r lex &&
	"$SOMARKIV" classify -q --all &&
	class_of c1 | grep "^important" &&
	mkdir lex && printf "döda\nbränna\n" >lex/v.txt &&
	rc=0 && "$SOMARKIV" plan use plan.xml 2>err || rc=$? &&
	test "$rc" -ne 0 &&
	grep "version '"'"'l1'"'"' is in the store already with other content" err
'

test_done
