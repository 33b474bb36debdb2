#!/bin/sh
# Cases (ärenden): series added by hand or taken from the plan when first
# named, numbers per series and year in each series' own format, typed
# numbers read back, list/show/close/reopen, every change in the audit
# log, and bad input refused with the store unchanged.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
SOMARKIV_NOW=2026-03-02T09:00:00Z
export SOMARKIV_NOW

# fails CODE MESSAGE COMMAND...: exit CODE, one line on stderr holding
# MESSAGE (a usage error adds the usage line), nothing on stdout, the
# store unchanged.
fails() {
	code=$1 msg=$2
	shift 2
	store_dump >before.sql
	rc=0
	"$SOMARKIV" "$@" >out 2>err || rc=$?
	store_dump >after.sql
	cat err
	[ "$rc" -eq "$code" ] || { echo "exit code $rc, expected $code"; return 1; }
	test_must_be_empty out &&
	test_line_count = $((code == 2 ? 2 : 1)) err &&
	grep -F -- "$msg" err &&
	test_cmp before.sql after.sql
}

expect_success 'setup: a store and a plan' '
	"$SOMARKIV" --actor registrator init -q &&
	"$SOMARKIV" plan use -q "$PLAN"
'

expect_success 'case open: a series of the plan is taken when first named' '
	"$SOMARKIV" --actor registrator case open --series KS --title "Snöröjning Björkvägen" \
		--officer "Anna Ek" >out &&
	grep "^opened case KS 2026/1: Snöröjning Björkvägen$" out &&
	"$SOMARKIV" series list >out &&
	grep "^KS  *{prefix} {year}/{case}  *Kommunstyrelsen" out &&
	"$SOMARKIV" case open -q --series KS --title "Skolans placering" >out &&
	echo "KS 2026/2" >expect && test_cmp expect out
'

expect_success 'each series numbers in its own format' '
	"$SOMARKIV" case open -q --series RS --title "Regional trafik" >out &&
	echo "RS 2026-00001" >expect && test_cmp expect out &&
	"$SOMARKIV" case open -q --series KF --title "Budget" >out &&
	echo "2026.1 KF" >expect && test_cmp expect out &&
	"$SOMARKIV" series add S --name Servicenämnden --format "{prefix} {year}-{case:4}:{doc}" &&
	"$SOMARKIV" case open -q --series S --title "Service" >out &&
	echo "S 2026-0001" >expect && test_cmp expect out
'

expect_success 'a new year starts at 1' '
	SOMARKIV_NOW=2027-01-02T08:00:00Z "$SOMARKIV" case open -q --series KS --title "Nytt år" >out &&
	echo "KS 2027/1" >expect && test_cmp expect out
'

expect_success 'case show reads a number as typed in the series format' '
	"$SOMARKIV" case show "rs 2026-1" >out &&
	grep "^case: *RS 2026-00001$" out &&
	"$SOMARKIV" case show "KS 2026/1" >out &&
	grep "^title: *Snöröjning Björkvägen$" out &&
	grep "^officer: *Anna Ek$" out &&
	grep "^status: *open$" out &&
	"$SOMARKIV" case show --json "KS 2026/1" >out &&
	grep "^{\"case\":{\"number\":\"KS 2026/1\",\"series\":\"KS\",\"year\":2026,\"seq\":1," out &&
	grep "\"documents\":\[\]}$" out
'

expect_success 'secret case records provision, date and who marked it' '
	"$SOMARKIV" --actor registrator case open -q --series KS --title "Hot mot personal" \
		--secrecy "OSL 21:3" >out &&
	"$SOMARKIV" case show "$(cat out)" >show &&
	grep "^secrecy: *OSL 21:3 (marked 2026-03-02 by registrator)$" show
'

expect_success 'case list: all, by series, by status, JSON' '
	"$SOMARKIV" case list >out &&
	head -n 1 out | grep "^CASE  *STATUS  *OPENED  *DOCS  *OFFICER  *SECRECY  *TITLE$" &&
	test_line_count = 8 out &&
	"$SOMARKIV" case list --series RS --json >out &&
	test_line_count = 1 out &&
	grep "\"number\":\"RS 2026-00001\"" out
'

expect_success 'close and reopen, audited' '
	fails 3 "case '"'"'KS 2026/2'"'"' holds no document" case close "KS 2026/2" --how avskrivet &&
	"$SOMARKIV" case close "KS 2026/2" --how avskrivet --reason "inget att utreda" --force >out &&
	grep "^case KS 2026/2 closed 2026-03-02: avskrivet$" out &&
	"$SOMARKIV" case show "KS 2026/2" >out &&
	grep "^closed: *2026-03-02, avskrivet: inget att utreda$" out &&
	"$SOMARKIV" case list --status closed >out &&
	test_line_count = 2 out &&
	"$SOMARKIV" case reopen "KS 2026/2" &&
	"$SOMARKIV" case list --status closed >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" log --json >log &&
	test "$(grep -c "\"action\":\"case.open\"" log)" -eq 7 &&
	grep "\"action\":\"case.close\",\"target\":\"case:2\"" log &&
	grep "\"action\":\"case.reopen\",\"target\":\"case:2\"" log &&
	grep "\"action\":\"series.add\"" log >/dev/null
'

expect_success 'bad input: unknown series' '
	fails 3 "no series '"'"'XX'"'"' in the store" case open --series XX --title T
'

expect_success 'bad input: a bad number, a case not there' '
	fails 3 "'"'"'KS/2026'"'"' is not a number of any series" case show KS/2026 &&
	fails 3 "no case '"'"'KS 2026/99'"'"' in the registry" case close "KS 2026/99" --how beslut
'

expect_success 'bad input: closing twice, a bad provision, an empty title, a bad format' '
	"$SOMARKIV" case close -q "KS 2026/2" --how beslut --force &&
	fails 3 "case '"'"'KS 2026/2'"'"' is closed already" case close "KS 2026/2" --how beslut &&
	fails 2 "option '"'"'--how'"'"' is required" case close "KS 2026/3" &&
	fails 3 "'"'"'avslutat'"'"' is not one of beslut" case close "KS 2026/3" --how avslutat --force &&
	fails 3 "'"'"'2026-02-30'"'"' is not a date" case close "KS 2026/3" --how beslut --date 2026-02-30 --force &&
	fails 3 "is after today" case close "KS 2026/3" --how beslut --date 2026-03-03 --force &&
	fails 3 "secrecy '"'"'26:1'"'"'" case open --series KS --title T --secrecy 26:1 &&
	fails 2 "--title must not be empty" case open --series KS --title "" &&
	fails 3 "needs exactly one {case}" series add BN --format "{prefix} {year}" &&
	fails 3 "series '"'"'KS'"'"' exists already" series add KS --format "{case}"
'

test_done
