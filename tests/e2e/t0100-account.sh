#!/bin/sh
# account: the register of official accounts (add, list, show, update,
# close, reopen), in tables and as JSON.
. "$(dirname "$0")/lib.sh"

H='@exempelby@social.exempelby.se'

expect_success 'setup: a store' '
	"$SOMARKIV" init -q
'

expect_success 'account add' '
	"$SOMARKIV" account add --platform mastodon --handle "$H" \
		--name "Exempelby kommun" --unit Kommunikationsavdelningen \
		--owner "Åsa Öberg" --purpose "Information till invånarna" \
		--opened 2025-09-01 >out 2>err &&
	echo "account 1 added (mastodon $H)" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

expect_success 'account add --json prints the stored account' '
	"$SOMARKIV" account add --json --platform facebook --handle exempelbykommun \
		--name "Exempelby kommun" >out &&
	test_line_count = 1 out &&
	python3 -c "
import json, sys
a = json.load(open(\"out\"))
assert a[\"id\"] == 2, a
assert a[\"platform\"] == \"facebook\", a
assert a[\"handle\"] == \"exempelbykommun\", a
"
'

expect_failure 'the same platform and handle twice is refused' 3 '
	"$SOMARKIV" account add --platform mastodon --handle "$H" 2>err
'

expect_success 'and says so' '
	"$SOMARKIV" account add --platform mastodon --handle "$H" 2>err || :
	grep "^somarkiv: account add: .*$H" err &&
	test_line_count = 1 err
'

expect_failure 'account add without --handle is a usage error' 2 '
	"$SOMARKIV" account add --platform mastodon 2>err
'

expect_success 'and names the option' '
	"$SOMARKIV" account add --platform mastodon 2>err || :
	grep -- "--handle" err &&
	grep "^usage: somarkiv account add" err
'

expect_failure 'a bad opening date is refused' 3 '
	"$SOMARKIV" account add --platform x --handle exempelby --opened 2025-13-45 2>err
'

expect_success 'account list is a table' '
	"$SOMARKIV" account list >out &&
	test_line_count = 3 out &&
	head -n 1 out | grep "^ID  *PLATFORM  *HANDLE  *NAME  *UNIT  *OWNER  *OPENED  *CLOSED  *LAST CAPTURE$" &&
	grep "^ *1  mastodon  *$H  *Exempelby kommun  *Kommunikationsavdelningen  *Åsa Öberg  *2025-09-01  *-  *-$" out &&
	grep "^ *2  facebook  *exempelbykommun" out
'

expect_success 'its columns line up in code points, not bytes' '
	"$SOMARKIV" account list >out &&
	python3 -c "
lines = open(\"out\", encoding=\"utf-8\").read().splitlines()
col = lines[0].index(\"OPENED\")
for line in lines[1:]:
    assert line[col - 2:col] == \"  \" and line[col] != \" \", (col, line)
"
'

expect_success 'account list --json is an array' '
	"$SOMARKIV" account list --json >out &&
	python3 -c "
import json
a = json.load(open(\"out\"))
assert [x[\"id\"] for x in a] == [1, 2], a
"
'

expect_success 'account show by handle' '
	"$SOMARKIV" account show "$H" >out &&
	grep "^handle: *$H$" out &&
	grep "^platform: *mastodon$" out &&
	grep "^owner: *Åsa Öberg$" out &&
	grep "^opened: *2025-09-01$" out &&
	grep "^closed: *-$" out
'

expect_success 'account show by id is the same' '
	"$SOMARKIV" account show "$H" >expect &&
	"$SOMARKIV" account show 1 >out &&
	test_cmp expect out
'

expect_success 'account show --json' '
	"$SOMARKIV" account show --json 1 >out &&
	python3 -c "
import json
a = json.load(open(\"out\"))
assert a[\"id\"] == 1 and a[\"unit\"] == \"Kommunikationsavdelningen\", a
"
'

expect_failure 'account show of an unknown account' 3 '
	"$SOMARKIV" account show @nobody@nowhere.example 2>err
'

expect_success 'account update changes only what is given' '
	"$SOMARKIV" account update "$H" --unit Kommunledningskontoret \
		--owner "Per Ek" >out &&
	echo "account 1 updated" >expect &&
	test_cmp expect out &&
	"$SOMARKIV" account show 1 >out &&
	grep "^unit: *Kommunledningskontoret$" out &&
	grep "^owner: *Per Ek$" out &&
	grep "^name: *Exempelby kommun$" out &&
	grep "^purpose: *Information till invånarna$" out
'

expect_failure 'account update with nothing to change is a usage error' 2 '
	"$SOMARKIV" account update 1 2>err
'

expect_failure 'account close needs a reason' 2 '
	"$SOMARKIV" account close 2 2>err
'

expect_success 'account close' '
	"$SOMARKIV" account close exempelbykommun --reason "Sidan avvecklas" \
		--date 2026-03-31 >out &&
	echo "account 2 closed" >expect &&
	test_cmp expect out &&
	"$SOMARKIV" account show 2 >out &&
	grep "^closed: *2026-03-31$" out &&
	grep "^reason: *Sidan avvecklas$" out &&
	"$SOMARKIV" account list >out &&
	grep "^ *2  facebook .* 2026-03-31  *-$" out
'

expect_failure 'closing a closed account is refused' 3 '
	"$SOMARKIV" account close 2 --reason again 2>err
'

expect_success 'account reopen' '
	"$SOMARKIV" account reopen 2 --reason "Sidan behövs ändå" >out &&
	echo "account 2 reopened" >expect &&
	test_cmp expect out &&
	"$SOMARKIV" account show 2 >out &&
	grep "^closed: *-$" out
'

expect_failure 'reopening an open account is refused' 3 '
	"$SOMARKIV" account reopen 1 2>err
'

expect_success 'every change is in the audit log' '
	"$SOMARKIV" log >out &&
	grep " account.add " out &&
	grep " account.update " out &&
	grep " account.close " out &&
	grep " account.reopen " out
'

expect_success '--actor names who acted' '
	"$SOMARKIV" account update 1 --purpose "Dialog" --actor registrator1 &&
	"$SOMARKIV" log --json | tail -n 1 >last &&
	grep "\"actor\":\"registrator1\"" last
'

test_done
