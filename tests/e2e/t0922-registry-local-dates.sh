#!/bin/sh
# A registrar's day in Stockholm time: the register's dates (received,
# registered, cases opened and closed) and the year in a number are Swedish
# local dates, across midnight, New Year and summer time; the store keeps
# UTC and the machine-readable fields stay UTC.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"

expect_success 'setup: comments posted just after midnight, Swedish time' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform other --handle exempelby &&
	{
	printf "%s\n" "{\"platform\":\"other\",\"id\":\"nyar\",\"kind\":\"comment\",\"author\":{\"name\":\"Lisa Berg\",\"id\":\"lisa\"},\"created\":\"2025-12-31T23:15:00Z\",\"text\":\"Gott nytt år! Fyrverkerierna skrämde hundarna.\"}"
	printf "%s\n" "{\"platform\":\"other\",\"id\":\"feb\",\"kind\":\"comment\",\"author\":{\"name\":\"Sven Olsson\",\"id\":\"sven\"},\"created\":\"2026-01-31T23:30:00Z\",\"text\":\"Gatlyktan på Ringvägen är trasig igen.\"}"
	printf "%s\n" "{\"platform\":\"other\",\"id\":\"jan\",\"kind\":\"comment\",\"author\":{\"name\":\"Ida Holm\",\"id\":\"ida\"},\"created\":\"2026-01-31T22:30:00Z\",\"text\":\"Biblioteket har för korta öppettider.\"}"
	} >items.ndjson &&
	"$SOMARKIV" ingest -q --account 1 items.ndjson &&
	"$SOMARKIV" plan use -q "$PLAN"
'

expect_success '00:15 on New Year'"'"'s Day: the new year'"'"'s number and date' '
	SOMARKIV_NOW=2025-12-31T23:15:30Z "$SOMARKIV" register --json 1 --series KS \
		--subject "Synpunkt om fyrverkerier" >out &&
	grep "\"number\":\"KS 2026/1\",\"series\":\"KS\",\"year\":2026," out &&
	grep "\"date\":\"2026-01-01\"" out &&
	grep "\"registered_at\":\"2025-12-31T23:15:30Z\"" out
'

expect_success '00:30 on 1 February: received on 1 February' '
	SOMARKIV_NOW=2026-01-31T23:31:00Z "$SOMARKIV" register -q 2 --series KS \
		--subject "Trasig gatlykta" >out &&
	echo "KS 2026/2" >expect && test_cmp expect out &&
	SOMARKIV_NOW=2026-01-31T23:31:00Z "$SOMARKIV" register -q 3 --series KS \
		--subject "Öppettider" >out &&
	"$SOMARKIV" registry print >out &&
	grep "^KS 2026/2  2026-02-01  received  *Sven Olsson" out &&
	grep "^KS 2026/3  2026-01-31  received  *Ida Holm" out
'

expect_success 'registry print --from/--to take Swedish days' '
	"$SOMARKIV" registry print --from 2026-02-01 --to 2026-02-01 >out &&
	sed 1d out | cut -c1-9 >numbers &&
	printf "KS 2026/2\nKS 2026/3\n" >expect && test_cmp expect numbers &&
	"$SOMARKIV" registry print --from 2026-01-01 --to 2026-01-01 >out &&
	sed 1d out | cut -c1-9 >numbers &&
	echo "KS 2026/1" >expect && test_cmp expect numbers &&
	"$SOMARKIV" registry print --to 2025-12-31 >out &&
	test_line_count = 1 out
'

expect_success 'search by Swedish days, shown as Swedish dates' '
	"$SOMARKIV" search --from 2026-02-01 --to 2026-02-01 >out &&
	test_line_count = 2 out &&
	grep "^ *2  2026-02-01  Sven Olsson" out &&
	"$SOMARKIV" search --from 2026-01-31 --to 2026-01-31 >out &&
	test_line_count = 2 out &&
	grep "^ *3  2026-01-31  Ida Holm" out &&
	"$SOMARKIV" search --json --from 2026-01-01 --to 2026-01-01 >out &&
	grep "\"item\":1,.*\"created\":\"2025-12-31T23:15:00Z\"" out
'

expect_success 'a case opened at 00:30 in summer: local time with its offset' '
	SOMARKIV_NOW=2026-06-30T22:30:00Z "$SOMARKIV" case open -q --series KS --title "Midsommar" >out &&
	echo "KS 2026/4" >expect && test_cmp expect out &&
	"$SOMARKIV" case show "KS 2026/4" >out &&
	grep "^opened: *2026-07-01T00:30:00+02:00$" out &&
	"$SOMARKIV" case show --json "KS 2026/4" >out &&
	grep "\"opened\":\"2026-06-30T22:30:00Z\"" out &&
	"$SOMARKIV" case list >out &&
	grep "^KS 2026/4  open  *2026-07-01T00:30:00+02:00" out
'

expect_success 'a case opened at 00:30 on New Year'"'"'s Day takes the new year'"'"'s number' '
	SOMARKIV_NOW=2026-12-31T23:30:00Z "$SOMARKIV" case open -q --series KS --title "Nyår" >out &&
	echo "KS 2027/1" >expect && test_cmp expect out
'

test_done
