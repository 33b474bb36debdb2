#!/bin/sh
# Registration (diarieföring): into a new case, a second item into the same
# case, by the plan's route (a number of its own), a secret case masked in
# the public registry extract, the frozen version, correction
# (felregistrerad), --auto where the plan allows it, and bad input.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"
SOMARKIV_NOW=2026-03-02T09:00:00Z
export SOMARKIV_NOW

expect_success 'setup: comments, classified under the plan' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" classify -q
'

expect_success 'register into a new case: number, direction, counterparty, subject' '
	"$SOMARKIV" --actor registrator register 1 --new-case --title "Snöröjning Björkvägen" \
		--officer "Anna Ek" >out &&
	echo "registered item 1 (version 1) as KS 2026/1-1: received, 2026-01-14" >expect &&
	test_cmp expect out &&
	"$SOMARKIV" case show "KS 2026/1" >out &&
	grep "^title: *Snöröjning Björkvägen$" out &&
	grep "^KS 2026/1-1  2026-01-14  received   Lisa Berg  *Synpunkt via Mastodon om snöröjning " out
'

expect_success 'a second item into the same case, as typed' '
	"$SOMARKIV" --actor registrator register 9 --case "ks 2026/1" --subject "Trasig belysning" \
		--process 1.3.2 >out &&
	grep "^registered item 9 (version 1) as KS 2026/1-2: received, 2026-02-02$" out &&
	"$SOMARKIV" case show --json "KS 2026/1" >out &&
	grep "\"documents\":2" out &&
	grep "\"number\":\"KS 2026/1-2\",\"series\":\"KS\",\"year\":2026,\"case\":\"KS 2026/1\",\"doc\":2,\"item\":9,\"item_version\":1,\"direction\":\"received\",\"date\":\"2026-02-02\",\"counterparty\":\"Sven Olsson\",\"subject\":\"Trasig belysning\"" out &&
	grep "\"registrar\":\"registrator\",\"officer\":\"Anna Ek\",\"class\":\"important\",\"classification_code\":\"1.3.2\"" out
'

expect_success 'an important item without a case: the route gives a number of its own' '
	"$SOMARKIV" register -q 3 >out &&
	echo "KS 2026/2" >expect && test_cmp expect out
'

expect_success 'the account reply to a visitor is dispatched, to the visitor' '
	"$SOMARKIV" register --json 11 --case "KS 2026/1" >out &&
	grep "\"direction\":\"dispatched\",\"date\":\"2026-04-09\",\"counterparty\":\"Ida Holm\"" out
'

expect_success 'a case item needs its case' '
	fails 3 "item 8 is of class '"'"'case'"'"': name its case" register 8
'

expect_success 'secrecy: a secret new case masks counterparty and subject in public' '
	"$SOMARKIV" --actor registrator register 5 --new-case --title "Hot mot personal" \
		--secrecy "OSL 21:3" --public-subject "Synpunkt om skola" >out &&
	grep "as KS 2026/3-1: received, 2026-02-11, secrecy OSL 21:3$" out &&
	"$SOMARKIV" registry print --series KS >full &&
	grep "^KS 2026/3-1  2026-02-11  received  *https://toot.exempel.example/users/arg_granne  Synpunkt via Mastodon " full &&
	"$SOMARKIV" registry print --series KS --public >pub &&
	grep "^KS 2026/3-1  2026-02-11  received  *\[masked: OSL 21:3\]  *Synpunkt om skola  *KS 2026/3  OSL 21:3" pub &&
	! grep -e arg_granne -e "Lägger ni ner" pub &&
	"$SOMARKIV" registry print --series KS --public --json >pub.json &&
	! grep -e arg_granne -e protected pub.json &&
	grep "\"secrecy\":\"OSL 21:3\",\"secrecy_date\":\"2026-03-02\",\"secrecy_by\":\"registrator\"" pub.json
'

expect_success 'registry print: registration order, dates' '
	"$SOMARKIV" registry print --series KS >out &&
	head -n 1 out | grep "^NUMBER  *DATE  *DIRECTION  *COUNTERPARTY  *SUBJECT  *CASE  *SECRECY  *STATUS$" &&
	sed 1d out | cut -d" " -f1-2 >numbers &&
	printf "KS 2026/1-1\nKS 2026/1-2\nKS 2026/2\nKS 2026/1-3\nKS 2026/3-1\n" >expect &&
	test_cmp expect numbers &&
	"$SOMARKIV" registry print --series KS --from 2026-03-03 >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" registry print --series KS --from 2026-03-02 --to 2026-03-02 >out &&
	test_line_count = 6 out
'

expect_success 'a registered item is frozen at the version registered' '
	sed "s/inte plogats på tre dagar/inte plogats på fyra dagar/" "$ITEMS" >edited.ndjson &&
	"$SOMARKIV" ingest -q --account 1 edited.ndjson &&
	"$SOMARKIV" show --json 1 >item &&
	grep "fyra dagar" item &&
	"$SOMARKIV" case show --json "KS 2026/1" >out &&
	grep "\"number\":\"KS 2026/1-1\",[^}]*\"item\":1,\"item_version\":1," out
'

expect_success 'registering again is refused' '
	fails 3 "item 1 is registered already as '"'"'KS 2026/1-1'"'"'" register 1 --case "KS 2026/1"
'

expect_success 'correction: felregistrerad, audited, the item may be registered again' '
	"$SOMARKIV" --actor registrator register --correct "KS 2026/1-2" --reason "fel ärende" >out &&
	grep "^registration KS 2026/1-2 marked felregistrerad (corrected)$" out &&
	"$SOMARKIV" registry print --series KS >out &&
	grep "^KS 2026/1-2 .* felregistrerad$" out &&
	"$SOMARKIV" log --json | grep "\"action\":\"registration.correct\"" >log &&
	grep "\"actor\":\"registrator\"" log &&
	grep "\"reason\":\"fel ärende\"" log &&
	"$SOMARKIV" register -q 9 --case "KS 2026/3" >out &&
	echo "KS 2026/3-2" >expect && test_cmp expect out &&
	"$SOMARKIV" registry print --json --series KS | grep "\"number\":\"KS 2026/3-2\"" >out &&
	grep "\"corrects\":2" out &&
	fails 3 "is corrected already" register --correct "KS 2026/1-2" --reason again
'

expect_success 'every registration is audited' '
	"$SOMARKIV" log --json >log &&
	test "$(grep -c "\"action\":\"registration.add\"" log)" -eq 6
'

expect_success 'register --auto: refused unless the plan allows it' '
	fails 3 "does not allow automatic registration" register --auto
'

expect_success 'register --auto under a plan that allows it: the collective case' '
	sed -e "s/version=\"2026.1\"/version=\"2026.2\"/" \
		-e "s|<route class=\"important\" series=\"KS\" process=\"1.3.2\"/>|<route class=\"important\" series=\"KS\" process=\"1.3.2\" mode=\"collective\" auto=\"true\"/>|" \
		"$PLAN" >auto.xml &&
	grep "auto=\"true\"" auto.xml &&
	"$SOMARKIV" plan use -q auto.xml &&
	"$SOMARKIV" set-class -q 6 important --reason "frågan gäller biblioteket" &&
	"$SOMARKIV" register --auto >out &&
	grep "^registered item 6 (version 1) as KS 2026/4-1: received, 2026-01-20$" out &&
	grep "^registered 1 items automatically$" out &&
	"$SOMARKIV" case show "KS 2026/4" >out &&
	grep "^kind: *collective case of the year$" out &&
	"$SOMARKIV" register --auto >out &&
	grep "^registered 0 items automatically$" out
'

expect_success 'bad input: item not found, case not found, bad number' '
	fails 3 "" register 999 --case "KS 2026/1" &&
	fails 3 "no case '"'"'KS 2026/77'"'"' in the registry" register 2 --case "KS 2026/77" &&
	fails 3 "is not a number of any series" register 2 --case "KS-2026"
'

expect_success 'bad input: a closed case, an unknown series, missing options' '
	"$SOMARKIV" case close -q "KS 2026/1" --how beslut &&
	fails 3 "case '"'"'KS 2026/1'"'"' is closed (reopen it first)" register 2 --case "KS 2026/1" &&
	fails 3 "no series '"'"'ZZ'"'"'" register 2 --new-case --title T --series ZZ &&
	fails 2 "--new-case needs --title" register 2 --new-case &&
	fails 2 "--case and --new-case exclude each other" register 2 --case "KS 2026/1" --new-case --title T &&
	fails 2 "--correct needs --reason" register --correct "KS 2026/1-1" &&
	fails 2 "name the items to register" register
'

expect_success 'a failed batch registers nothing and takes no number' '
	fails 3 "is registered already" register 2 1 --new-case --title "Halvt" &&
	"$SOMARKIV" case open -q --series KS --title "Nästa" >out &&
	echo "KS 2026/5" >expect && test_cmp expect out
'

test_done
