#!/bin/sh
# The registrar's search: by word, phrase, prefix and exclusion (å, ä, ö
# are letters of their own), by sender, date, account and class; a hit
# through an older version is marked; --json and --csv for machines; bad
# input is refused clearly; and with the registry, search by registration,
# series and case, and the public view that masks a secret case.
. "$(dirname "$0")/lib.sh"

PLAN="$DATA/plans/exempelby.xml"
ITEMS="$DATA/exempelby-comments.ndjson"

expect_success 'setup: two accounts, comments, classified' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" account add -q --platform mastodon --handle @bibliotek@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$ITEMS" &&
	cat >other.ndjson <<-\EOF &&
	{"platform":"mastodon","id":"b1","kind":"comment","parent_id":null,"author":{"name":"ÅSA ÖBERG","id":"@asa@bibliotek.example"},"by_account":false,"created":"2026-02-05T09:00:00Z","text":"Klagomål på öppettiderna, \"för korta\" tycker jag","url":null,"attachments":[]}
	EOF
	"$SOMARKIV" ingest -q --account 2 other.ndjson &&
	"$SOMARKIV" plan use -q "$PLAN" &&
	"$SOMARKIV" classify -q &&
	"$SOMARKIV" items >items &&
	test_line_count = 13 items
'

expect_success 'by word: the hit, its sender, class and the matched word marked' '
	"$SOMARKIV" search klagomål >out &&
	head -n 1 out | grep "^ITEM  DATE  *SENDER  *CLASS  *NUMBER  *SNIPPET$" &&
	test_line_count = 3 out &&
	sed -n 2p out | grep "^ *12  2026-02-05  ÅSA ÖBERG  *important  *-  *\[Klagomål\] på öppettiderna" &&
	sed -n 3p out | grep "^ *1  2026-01-14  Lisa Berg  *important  *-  *\[Klagomål\]: Björkvägen"
'

expect_success 'ö does not find o, nor å a; case does not matter' '
	"$SOMARKIV" search klagomal >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" search KLAGOMÅL >out &&
	test_line_count = 3 out &&
	"$SOMARKIV" search bjorkvagen >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" search björkvägen >out &&
	test_line_count = 2 out
'

expect_success 'a phrase, and several words (all must occur)' '
	"$SOMARKIV" search "\"få ångra\"" >out &&
	test_line_count = 2 out &&
	grep "^ *5 .*\[få ångra\] er" out &&
	"$SOMARKIV" search "\"ångra få\"" >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" search klagomål björkvägen >out &&
	test_line_count = 2 out &&
	grep "^ *1 " out
'

expect_success 'a prefix, and a word left out' '
	"$SOMARKIV" search "skol*" --json >out &&
	sed -n "s/^{\"item\":\([0-9]*\),.*/\1/p" out | sort -n | tr "\n" " " >ids &&
	test "$(cat ids)" = "3 4 5 " &&
	"$SOMARKIV" search "skol* -ekbackens" --json >out &&
	sed -n "s/^{\"item\":\([0-9]*\),.*/\1/p" out | sort -n | tr "\n" " " >ids &&
	test "$(cat ids)" = "3 4 "
'

expect_success 'by sender: name or id, any case, å and ö folded too' '
	"$SOMARKIV" search --sender karin >out &&
	test_line_count = 3 out &&
	grep "^ *8  2026-02-19  Karin Lund" out &&
	grep "^ *3  2026-01-28  Karin Lund" out &&
	"$SOMARKIV" search --sender "åsa ö" >out &&
	test_line_count = 2 out &&
	"$SOMARKIV" search --sender ARG_GRANNE >out &&
	test_line_count = 2 out &&
	"$SOMARKIV" search --sender karin skolan >out &&
	test_line_count = 2 out && grep "^ *3 " out
'

expect_success 'by date: --from and --to inclusive, newest first' '
	"$SOMARKIV" search --from 2026-02-01 --to 2026-02-19 >out &&
	cut -c1-4 out | tr -d " " | tail -n +2 | tr "\n" " " >ids &&
	test "$(cat ids)" = "8 5 12 9 " &&
	"$SOMARKIV" search --to 2026-01-14 >out &&
	test_line_count = 3 out
'

expect_success 'by account and platform' '
	"$SOMARKIV" search --account 2 >out &&
	test_line_count = 2 out && grep "^ *12 " out &&
	"$SOMARKIV" search --account @exempelby@social.exempelby.se klagomål >out &&
	test_line_count = 2 out && grep "^ *1 " out &&
	"$SOMARKIV" search --platform x >out &&
	test_line_count = 1 out
'

expect_success 'by class and flag, ordered by sender' '
	"$SOMARKIV" search --class case >out &&
	test_line_count = 2 out && grep "^ *8 .* case " out &&
	"$SOMARKIV" search --flag crime >out &&
	test_line_count = 2 out && grep "^ *5 " out &&
	"$SOMARKIV" search --class important --order sender --json >out &&
	sed -n "s/.*\"sender\":\"\([^\"]*\)\".*/\1/p" out >senders &&
	sort -f senders | test_cmp - senders
'

expect_success 'relevance order needs a text; --limit cuts' '
	"$SOMARKIV" search --order relevance klagomål >out &&
	test_line_count = 3 out &&
	"$SOMARKIV" search --limit 2 >out &&
	test_line_count = 3 out &&
	"$SOMARKIV" search --limit 0 >out &&
	test_line_count = 13 out
'

expect_success 'a hit through an older version is shown, marked' '
	sed "s/Synpunkt på den nya skolan: lägg den nära Norrby centrum/Synpunkt: skolan borde ligga i Norrby/" \
		"$ITEMS" >edited.ndjson &&
	! cmp -s "$ITEMS" edited.ndjson &&
	"$SOMARKIV" ingest -q --account 1 edited.ndjson &&
	"$SOMARKIV" search centrum >out &&
	grep "^ *3 .*(version 1, since edited) .*\[centrum\]" out &&
	"$SOMARKIV" search centrum --json >out &&
	grep "\"item\":3,\"version\":1,\"current\":false" out &&
	"$SOMARKIV" search "borde ligga" --json >out &&
	grep "\"item\":3,\"version\":2,\"current\":true" out &&
	"$SOMARKIV" search norrby --all-versions --json >out &&
	test_line_count = 2 out
'

expect_success '--json: one object per line' '
	"$SOMARKIV" search --limit 0 --json >out &&
	test_line_count = 12 out &&
	! grep -v "^{\"item\":[0-9]*,.*\"text\":.*}$" out &&
	grep "\"snippet\":\"\[Klagomål\] på öppettiderna" out >/dev/null || true &&
	"$SOMARKIV" search klagomål --json >out &&
	grep "\"snippet\":\"\[Klagomål\] på öppettiderna, \\\\\"för korta\\\\\" tycker jag\"" out
'

expect_success '--csv: a header, quoted fields, CRLF line ends (RFC 4180)' '
	"$SOMARKIV" search klagomål --csv >out &&
	head -n 1 out | grep "^item,version,current,date,created,account,platform,kind,sender,sender_id,class,flags,number,registered,case,subject,secrecy,masked,snippet,text" &&
	test "$(tr -cd "\r" <out | wc -c)" -eq 3 &&
	grep "^12,1,1,2026-02-05T09:00:00Z,.*,\"\[Klagomål\] på öppettiderna, \"\"för korta\"\" tycker jag\",\"Klagomål på öppettiderna, \"\"för korta\"\" tycker jag\"" out
'

expect_success 'hostile text is never query syntax' '
	for q in "NEAR(" "\"" "x\"y" "AND" "OR" "text:x" "x*y" "(" "klagomål NOT" "^x" "{text}:x"; do
		"$SOMARKIV" search "$q" >out 2>err || { grep "nothing to search for" err; continue; }
		! grep "fts5\|syntax" err
	done
'

expect_failure 'only exclusions: refused' 3 '
	"$SOMARKIV" search -- -klagomål 2>err ||
	{ rc=$?; grep "^somarkiv: search: search text .*only words to leave out" err; exit $rc; }
'

expect_failure 'a lone sign: nothing to search for' 3 '
	"$SOMARKIV" search -- "-" 2>err ||
	{ rc=$?; grep "^somarkiv: search: search text '"'"'-'"'"': nothing to search for$" err; exit $rc; }
'

expect_failure 'a bad date' 3 '
	"$SOMARKIV" search --from 2026-13-45x 2>err ||
	{ rc=$?; grep "^somarkiv: search: --from '"'"'2026-13-45x'"'"' is not a date" err; exit $rc; }
'

expect_failure 'relevance without text' 3 '
	"$SOMARKIV" search --order relevance 2>err ||
	{ rc=$?; grep "relevance needs a text" err; exit $rc; }
'

expect_failure 'usage errors: order, class, limit, flag, --json with --csv' 2 '
	for a in "--order size" "--class urgent" "--limit many" "--flag bad" "--json --csv"; do
		"$SOMARKIV" search $a 2>err && exit 1
		test $? -eq 2 || exit 1
	done
	exit 2
'

expect_success 'search reads only: the store is unchanged' '
	store_dump >before &&
	"$SOMARKIV" search klagomål >/dev/null &&
	"$SOMARKIV" search --sender karin --order sender >/dev/null &&
	store_dump >after &&
	test_cmp before after
'

# The registry: rows written through SQL, so that search is tested on its own.
if ! sqlite3 "$SOMARKIV_HOME/store.db" "SELECT 1 FROM registration LIMIT 0" >/dev/null 2>&1; then
	test_skip_all="the store has no registry tables"
fi

expect_success 'registry: a secret case with one item, a registration of its own' '
	sqlite3 "$SOMARKIV_HOME/store.db" <<-\EOF
	INSERT INTO series(id, prefix, name, format, created)
	  VALUES (1, '"'"'KS'"'"', '"'"'Kommunstyrelsen'"'"', '"'"'{prefix} {year}/{case}'"'"', '"'"'2026-01-01T00:00:00Z'"'"');
	INSERT INTO registry_case(id, series_id, year, seq, number, title, status, opened, secrecy, secrecy_date, secrecy_by)
	  VALUES (1, 1, 2026, 123, '"'"'KS 2026/123'"'"', '"'"'Överklagande'"'"', '"'"'open'"'"', '"'"'2026-02-19'"'"',
	          '"'"'OSL 26:1'"'"', '"'"'2026-02-20'"'"', '"'"'registrator'"'"');
	INSERT INTO registration(id, number, series_id, year, case_id, doc_seq, item_id, item_version, direction,
	    date, counterparty, subject, subject_protected, registrar, class, registered_at)
	  VALUES (1, '"'"'KS 2026/123-1'"'"', 1, 2026, 1, 1, 8, 1, '"'"'received'"'"', '"'"'2026-02-20'"'"',
	          '"'"'[sekretess]'"'"', '"'"'Fråga om beslut'"'"', '"'"'Fråga om beslut i KS 2026/123 från Karin Lund'"'"',
	          '"'"'registrator'"'"', '"'"'case'"'"', '"'"'2026-02-20T10:00:00Z'"'"');
	INSERT INTO registration(id, number, series_id, year, item_id, item_version, direction, date,
	    counterparty, subject, registrar, class, registered_at)
	  VALUES (2, '"'"'KS 2026/124'"'"', 1, 2026, 1, 1, '"'"'received'"'"', '"'"'2026-01-15'"'"',
	          '"'"'Lisa Berg'"'"', '"'"'Klagomål på snöröjning'"'"', '"'"'registrator'"'"', '"'"'important'"'"',
	          '"'"'2026-01-15T09:00:00Z'"'"');
	EOF
'

expect_success 'registry: --registered lists by registration date, with numbers' '
	"$SOMARKIV" search --registered >out &&
	test_line_count = 3 out &&
	sed -n 2p out | grep "^ *8  2026-02-20  Karin Lund  *case  *KS 2026/123-1  " &&
	sed -n 3p out | grep "^ *1  2026-01-15  Lisa Berg  *important  *KS 2026/124  *Klagomål" &&
	"$SOMARKIV" search --registered --from 2026-02-01 >out &&
	test_line_count = 2 out &&
	"$SOMARKIV" search klagomål >out &&
	grep "^ *1 .* KS 2026/124 " out &&
	grep "^ *12 .* - " out
'

expect_success 'registry: by series and by case' '
	"$SOMARKIV" search --series KS >out &&
	test_line_count = 3 out &&
	"$SOMARKIV" search --case "KS 2026/123" --json >out &&
	test_line_count = 1 out &&
	grep "\"item\":8,.*\"number\":\"KS 2026/123-1\",\"registered\":\"2026-02-20\",\"case\":\"KS 2026/123\",\"subject\":\"Fråga om beslut i KS 2026/123 från Karin Lund\",\"secrecy\":\"OSL 26:1\",\"masked\":false" out &&
	"$SOMARKIV" search --registered --order relevance klagomål >out &&
	test_line_count = 2 out
'

expect_failure 'registry: an unknown series or case' 3 '
	"$SOMARKIV" search --series XX 2>err && exit 0
	grep "no registry series '"'"'XX'"'"'" err &&
	"$SOMARKIV" search --case "KS 2026/999" 2>err
'

expect_success 'public view: a secret case masks sender, text and class, never number and date' '
	"$SOMARKIV" search --public --registered >out &&
	sed -n 2p out | grep "^ *8  2026-02-20  \[sekretess\]  *-  *KS 2026/123-1  *\[sekretess\]$" &&
	sed -n 3p out | grep "^ *1  2026-01-15  Lisa Berg .*Klagomål" &&
	"$SOMARKIV" search --public --registered --json >out &&
	grep "\"item\":8,.*\"sender\":\"\[sekretess\]\",\"sender_id\":null,.*\"subject\":\"Fråga om beslut\",.*\"masked\":true,\"snippet\":\"\[sekretess\]\",\"text\":\"\[sekretess\]\"" out &&
	! grep "Karin\|beslutet\|överklaga" out &&
	"$SOMARKIV" search --public --csv --case "KS 2026/123" >out &&
	! grep "Karin\|beslutet" out
'

expect_success 'public view: what secrecy covers is not found by its text or sender' '
	"$SOMARKIV" search beslutet >out &&
	test_line_count = 2 out &&
	"$SOMARKIV" search --public beslutet >out &&
	test_line_count = 1 out &&
	"$SOMARKIV" search --public --sender karin >out &&
	test_line_count = 2 out && ! grep "^ *8 " out &&
	"$SOMARKIV" search --public klagomål >out &&
	test_line_count = 3 out
'

test_done
