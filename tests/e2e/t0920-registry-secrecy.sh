#!/bin/sh
# Secrecy belongs to the item (OSL 5 kap.): a corrected secret registration
# leaves the item secret in every public view (search as table, JSON and
# CSV, its hit counts and order, the registry extract), a public view shows
# no class or flags of a secret item, and only a person lifts the secrecy,
# with a reason, audited.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"
SOMARKIV_NOW=2026-03-02T09:00:00Z
export SOMARKIV_NOW

expect_success 'setup: a secret registration, corrected, the item registered again' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" classify -q &&
	"$SOMARKIV" --actor registrator register -q 5 --new-case --title "Hot mot personal" \
		--secrecy "OSL 21:3" --public-subject "Synpunkt om skola" >out &&
	echo "KS 2026/1-1" >expect && test_cmp expect out &&
	"$SOMARKIV" --actor registrator register --correct "KS 2026/1-1" --reason "fel ärende" &&
	"$SOMARKIV" --actor registrator register -q 5 --new-case --title "Skolfrågor" >out &&
	echo "KS 2026/2-1" >expect && test_cmp expect out
'

# The words of item 5 that secrecy covers: its sender and its text.
secret_words="arg_granne\|Lägger ni ner\|Ekbacken"

expect_success 'search --public: the item stays masked in the table, JSON and CSV' '
	"$SOMARKIV" search --public >out &&
	grep "^ *5  2026-02-11  \[sekretess\]  *-  *KS 2026/2-1  *\[sekretess\]$" out &&
	! grep "$secret_words" out &&
	"$SOMARKIV" search --public --json >out &&
	grep "\"item\":5,.*\"sender\":\"\[sekretess\]\",\"sender_id\":null,\"class\":null,\"flags\":\"\",.*\"secrecy\":\"OSL 21:3\",\"masked\":true" out &&
	! grep "$secret_words" out &&
	"$SOMARKIV" search --public --csv >out &&
	grep "^5,.*\[sekretess\]" out &&
	! grep "$secret_words" out
'

expect_success 'search --public: not found by its text, sender, class or flags' '
	"$SOMARKIV" search Ekbackens >out &&
	test_line_count = 2 out &&
	"$SOMARKIV" search --public Ekbackens >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" search --public --sender arg_granne >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" search --public --flag crime >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" search --public --class important --json >out &&
	! grep "\"item\":5," out
'

expect_success 'search --public --order sender: a secret item sorts as its mask' '
	"$SOMARKIV" search --public --order sender >out &&
	sed 1d out | awk "{print \$3}" >senders &&
	grep -n "^\[sekretess\]" senders >at &&
	grep "^[0-9]*:\[sekretess\]$" at &&
	"$SOMARKIV" search --order sender >out &&
	sed 1d out | grep -n " 5  2026-02-11  https://toot" >inside &&
	! test_cmp at inside
'

expect_success 'registry print --public: the new registration is masked too' '
	"$SOMARKIV" registry print --public >out &&
	grep "^KS 2026/2-1  2026-02-11  received  *\[masked: OSL 21:3\]  *\[masked: OSL 21:3\]  *KS 2026/2  *OSL 21:3" out &&
	! grep "$secret_words" out &&
	"$SOMARKIV" registry print --public --json >out &&
	grep "\"number\":\"KS 2026/2-1\",.*\"class\":null,\"classification_code\":null" out &&
	! grep "$secret_words" out &&
	! grep "protected" out
'

expect_success 'inside, the registrar sees the item under its marking' '
	"$SOMARKIV" registry print >out &&
	grep "^KS 2026/2-1  2026-02-11  received  *https://toot.exempel.example/users/arg_granne  *Synpunkt via Mastodon .*OSL 21:3" out &&
	"$SOMARKIV" search --json Ekbackens >out &&
	grep "\"item\":5,.*\"class\":\"important\",\"flags\":\"crime\",.*\"secrecy\":\"OSL 21:3\",\"masked\":false" out
'

expect_success 'a secrecy flag alone masks class and flags in public' '
	"$SOMARKIV" set-class -q 3 important --flags secrecy --reason "gäller en elev" &&
	"$SOMARKIV" search --public --json >out &&
	grep "\"item\":3,.*\"sender\":\"\[sekretess\]\",\"sender_id\":null,\"class\":null,\"flags\":\"\"" out &&
	grep "\"item\":3," out >three && ! grep "Karin Lund" three &&
	"$SOMARKIV" search --public --flag secrecy >out &&
	test_line_count = 1 out
'

expect_success 'lifting secrecy needs a reason and an item under secrecy' '
	store_dump >before &&
	rc=0 && "$SOMARKIV" registry lift-secrecy 5 >out 2>err || rc=$? &&
	test "$rc" -eq 2 && grep "reason" err &&
	rc=0 && "$SOMARKIV" registry lift-secrecy 1 --reason "x" >out 2>err || rc=$? &&
	test "$rc" -eq 3 && grep "item 1 is not under secrecy" err &&
	store_dump >after &&
	test_cmp before after
'

expect_success 'a person lifts the secrecy, by registration number, audited' '
	"$SOMARKIV" --actor registrator registry lift-secrecy "KS 2026/2-1" \
		--reason "sekretessprövning: uppgifterna är offentliga" >out &&
	grep "secrecy lifted from item 5" out &&
	"$SOMARKIV" log --json | grep "\"action\":\"secrecy.lift\"" >log &&
	grep "\"actor\":\"registrator\"" log &&
	grep "\"reason\":\"sekretessprövning: uppgifterna är offentliga\"" log &&
	"$SOMARKIV" search --public --json Ekbackens >out &&
	grep "\"item\":5,.*\"sender\":\"https://toot.exempel.example/users/arg_granne\",.*\"masked\":false" out &&
	"$SOMARKIV" registry print --public >out &&
	grep "^KS 2026/2-1  2026-02-11  received  *https://toot.exempel.example/users/arg_granne" out &&
	"$SOMARKIV" search --public --json >out &&
	grep "\"item\":3,.*\"masked\":true" out
'

expect_success 'a new secret registration after the lift masks again' '
	"$SOMARKIV" --actor registrator register --correct "KS 2026/2-1" --reason "fel ärende igen" &&
	"$SOMARKIV" --actor registrator register -q 5 --new-case --title "Hot" --secrecy "OSL 21:3" &&
	"$SOMARKIV" search --public Ekbackens >out &&
	test_line_count = 1 out
'

test_done
