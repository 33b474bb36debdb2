#!/bin/sh
# The registry as registrars keep it (issue 16): a flagged item needs a
# decision on secrecy, provisions checked against the OSL table, subjects
# from the plan's templates, personal identity numbers never public, a
# secret registration whose public register shows no text, sender, name or
# number, process codes (klassificeringsstruktur) on cases and
# registrations, a case closed by decision, numbers of their own put in a
# case or written off, the body's direct messages dispatched, and the ERMS
# of a case export valid against ERMS 3.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"
SOMARKIV_NOW=2026-03-02T09:00:00Z
export SOMARKIV_NOW

expect_success 'setup: comments, and a direct message the body sent' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	printf "%s\n" "{\"platform\":\"mastodon\",\"id\":\"dm-1\",\"kind\":\"message\",\"author\":{\"name\":\"Exempelby kommun\",\"id\":\"https://social.exempelby.se/users/exempelby\"},\"by_account\":true,\"created\":\"2026-02-03T10:00:00Z\",\"text\":\"Hej! Vi har tagit emot din anmälan.\"}" >dm.ndjson &&
	"$SOMARKIV" ingest -q --partial --account 1 dm.ndjson &&
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" classify -q
'

expect_success 'a flagged item needs a decision on secrecy' '
	fails 3 "item 7 is flagged '"'"'personal-data'"'"': register it with --secrecy" register 7 &&
	fails 2 "--no-secrecy needs --reason" register 7 --no-secrecy
'

expect_success 'provisions are checked against the OSL table' '
	fails 3 "no chapter 99" register 7 --secrecy "OSL 99:99" &&
	fails 3 "no provision OSL 21:99" register 7 --secrecy "21:99 OSL" &&
	fails 3 "name a provision" register 7 --secrecy "sekretess"
'

expect_success 'a secret registration: the public register shows no text, sender, name or number' '
	"$SOMARKIV" --actor registrator register 7 --new-case --title "Avstängning Storgatan" \
		--secrecy "21 kap. 1 § OSL" >out &&
	grep "as KS 2026/1-1: received, 2026-03-02, secrecy OSL 21:1$" out &&
	"$SOMARKIV" registry print --public >pub &&
	"$SOMARKIV" registry print --public --json >>pub &&
	"$SOMARKIV" search --public >>pub &&
	"$SOMARKIV" search --public --json >>pub &&
	"$SOMARKIV" search --public --csv >>pub &&
	grep "KS 2026/1-1" pub &&
	grep "\"secrecy\":\"OSL 21:1\"" pub &&
	! grep -e "Erik" -e "Holmberg" -e "erik_h" -e "19121212" -e "1212" -e "Storgatan 18" \
		-e "personnummer är" -e "abonnemang" pub &&
	"$SOMARKIV" registry print >inside &&
	grep "^KS 2026/1-1  2026-03-02  received  *Erik Holmberg" inside
'

expect_success 'a registrar'"'"'s decision: registered without secrecy, with the reason' '
	"$SOMARKIV" --actor registrator register 5 --no-secrecy --reason "hotet riktar sig inte mot en enskild" \
		--series KS --json >out 2>err || { cat err; false; } &&
	grep "\"no_secrecy_reason\":\"hotet riktar sig inte mot en enskild\"" out &&
	"$SOMARKIV" log --json | grep "\"action\":\"registration.add\"" | grep "\"no_secrecy\":\"hotet" >/dev/null
'

expect_success 'the default subject is an ärendemening from the plan, never the text' '
	"$SOMARKIV" register --json 1 --series KS >out &&
	grep "\"subject\":\"Synpunkt via Mastodon om snöröjning\"" out &&
	! grep "Björkvägen" out
'

expect_success 'personal identity numbers are masked in every public field' '
	"$SOMARKIV" register -q 3 --series KS --subject "Synpunkt från 811218-9876 om skolan" >out &&
	number=$(cat out) &&
	"$SOMARKIV" registry print --public >pub &&
	grep "^$number .*Synpunkt från \[personnummer\] om skolan" pub &&
	! grep "811218" pub &&
	"$SOMARKIV" registry print >inside &&
	grep "^$number .*Synpunkt från 811218-9876 om skolan" inside &&
	"$SOMARKIV" search --public --json >pub &&
	! grep "811218" pub
'

expect_success 'a process-coded case: series from the process, documents carry its code' '
	"$SOMARKIV" case open -q --process 1.3.2 --title "Snöröjning Björkvägen" >out &&
	echo "KS 2026/5" >expect && test_cmp expect out &&
	"$SOMARKIV" register -q 9 2 --case "KS 2026/5" &&
	"$SOMARKIV" case show --json "KS 2026/5" >out &&
	grep "\"classification_code\":\"1.3.2\"" out &&
	fails 3 "process '"'"'9.9'"'"' is not in the classification structure" case open --process 9.9 --title T &&
	fails 3 "belongs to series '"'"'BMN'"'"', not '"'"'KS'"'"'" case open --series KS --process 3.4.1 --title T
'

expect_success 'registry print and search filter by process' '
	"$SOMARKIV" registry print --process 1.3 >out &&
	grep "^KS 2026/5-1 " out && grep "^KS 2026/5-2 " out &&
	! grep "^KS 2026/1-1 " out &&
	"$SOMARKIV" registry print --process 3.4.1 >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" search --process 1.3.2 --json >out &&
	grep "\"item\":9,.*\"process\":\"1.3.2\"" out &&
	grep "\"item\":2,.*\"process\":\"1.3.2\"" out
'

expect_success 'a case closed by decision; an empty case only with --force' '
	"$SOMARKIV" case open -q --series KS --title "Tomt" >out &&
	fails 3 "holds no document" case close "KS 2026/6" --how avskrivet &&
	"$SOMARKIV" case close -q "KS 2026/6" --how avskrivet --force --reason "öppnat av misstag" &&
	SOMARKIV_NOW=2026-03-10T08:00:00Z "$SOMARKIV" --actor registrator case close "KS 2026/5" \
		--how beslut --reason "Plogningen av Björkvägen utökas" >out &&
	grep "^case KS 2026/5 closed 2026-03-10: beslut$" out &&
	"$SOMARKIV" case show "KS 2026/5" >out &&
	grep "^closed: *2026-03-10, beslut: Plogningen av Björkvägen utökas$" out &&
	"$SOMARKIV" registry print --process 1.3.2 >out &&
	grep "^KS 2026/5-1 .* beslut$" out &&
	"$SOMARKIV" log --json | grep "\"action\":\"case.close\"" | grep "\"how\":\"beslut\"" >/dev/null
'

expect_success 'a number of its own is put in a case, another written off' '
	"$SOMARKIV" register -q 10 --series KS --subject "Fråga om ris" >out &&
	own=$(cat out) &&
	"$SOMARKIV" register -q 6 --series KS --subject "Fråga om biblioteket" >out &&
	other=$(cat out) &&
	"$SOMARKIV" case open -q --series KS --title "Ris och grenar" >out &&
	case=$(cat out) &&
	test "$case" = "KS 2026/9" &&
	"$SOMARKIV" registry join "$own" --case "$case" >out &&
	grep "^registration $own put in case $case$" out &&
	"$SOMARKIV" case show "$case" >out &&
	grep "^$own " out &&
	fails 3 "is in case" registry join "$own" --case "$case" &&
	"$SOMARKIV" registry write-off "$other" --reason "besvarad på plattformen" >out &&
	grep "written off (avskriven)" out &&
	"$SOMARKIV" registry print >out &&
	grep "^$other .* avskriven$" out &&
	fails 3 "written off on 2026-03-02" registry write-off "$other" --reason igen &&
	fails 2 "--reason" registry write-off "$own"
'

expect_success 'the body'"'"'s direct message is dispatched, to its recipient' '
	dm=$("$SOMARKIV" items --kind message --json | sed -n "s/.*\"id\":\([0-9]*\),.*\"platform_id\":\"dm-1\".*/\1/p") &&
	test -n "$dm" &&
	fails 3 "direct message the account sent" register "$dm" --series KS &&
	"$SOMARKIV" register --json "$dm" --series KS --counterparty "Karin Lund" >out &&
	grep "\"direction\":\"dispatched\",\"date\":\"2026-02-03\",\"counterparty\":\"Karin Lund\"" out
'

skip_unless_shared fgs/erms/ERMS_v3.xsd
expect_success 'the ERMS of the case export: valid ERMS 3, with process, closing and retention' '
	"$SOMARKIV" export -q --case "KS 2026/5" --out case.tar --package-id sip-case \
		--created 2026-03-11T00:00:00Z &&
	bsdtar -xOf case.tar sip-case/metadata/descriptive/erms.xml >erms.xml &&
	xmllint --noout --schema "$SHARED/fgs/erms/ERMS_v3.xsd" erms.xml &&
	grep "<classification classificationCode=\"1.3.2\">Hantera synpunkter och klagomål</classification>" erms.xml &&
	grep "<note noteType=\"case closed\">beslut 2026-03-10: Plogningen av Björkvägen utökas</note>" erms.xml &&
	grep "<date dateType=\"closed\">2026-03-10T00:00:00Z</date>" erms.xml &&
	! grep "disposable=\"true\"" erms.xml &&
	"$SOMARKIV" export -q --case "KS 2026/1" --out secret.tar --package-id sip-secret \
		--created 2026-03-11T00:00:00Z &&
	bsdtar -xOf secret.tar sip-secret/metadata/descriptive/erms.xml >secret.xml &&
	xmllint --noout --schema "$SHARED/fgs/erms/ERMS_v3.xsd" secret.xml &&
	grep "<explanatoryText>Uppgift om en enskilds hälsa eller sexualliv</explanatoryText>" secret.xml &&
	grep "<regulation>OSL 21:1</regulation>" secret.xml &&
	"$SOMARKIV" export -q --case "KS 2026/9" --out ris.tar --package-id sip-ris \
		--created 2026-03-11T00:00:00Z &&
	bsdtar -xOf ris.tar sip-ris/metadata/descriptive/erms.xml >ris.xml &&
	xmllint --noout --schema "$SHARED/fgs/erms/ERMS_v3.xsd" ris.xml &&
	grep "<disposal disposable=\"false\">" ris.xml &&
	! grep "disposable=\"true\"" ris.xml
'

test_done
