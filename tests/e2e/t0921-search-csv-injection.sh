#!/bin/sh
# search --csv: a cell that a spreadsheet would read as a formula (one
# starting with =, +, -, @, a tab or a carriage return) is written with a
# leading apostrophe (OWASP, CSV injection); other cells are unchanged.
. "$(dirname "$0")/lib.sh"

expect_success 'setup: items whose sender and text look like formulas' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform other --handle exempelby &&
	{
	printf "%s\n" "{\"platform\":\"other\",\"id\":\"1\",\"kind\":\"post\",\"author\":{\"name\":\"=HYPERLINK(\\\"http://evil.example\\\")\",\"id\":\"@evil\"},\"created\":\"2026-01-01T10:00:00Z\",\"text\":\"=1+1 snöröjning\"}"
	printf "%s\n" "{\"platform\":\"other\",\"id\":\"2\",\"kind\":\"post\",\"author\":{\"name\":\"+46 70 123\",\"id\":\"-2\"},\"created\":\"2026-01-02T10:00:00Z\",\"text\":\"@SUM(A1) snöröjning\"}"
	printf "%s\n" "{\"platform\":\"other\",\"id\":\"3\",\"kind\":\"post\",\"author\":{\"name\":\"\\tTab\",\"id\":\"\\rCR\"},\"created\":\"2026-01-03T10:00:00Z\",\"text\":\"-2+3 snöröjning\"}"
	printf "%s\n" "{\"platform\":\"other\",\"id\":\"4\",\"kind\":\"post\",\"author\":{\"name\":\"Lisa Berg\",\"id\":\"lisa\"},\"created\":\"2026-01-04T10:00:00Z\",\"text\":\"Vanlig snöröjning, a=b\"}"
	} >items.ndjson &&
	"$SOMARKIV" ingest -q --account 1 --format ndjson items.ndjson
'

expect_success 'every formula-like cell starts with an apostrophe' '
	"$SOMARKIV" search --csv --order date >out &&
	grep -F "\"'"'"'=HYPERLINK(\"\"http://evil.example\"\")\",'"'"'@evil," out &&
	grep -F ",'"'"'=1+1 snöröjning" out &&
	grep -F "'"'"'+46 70 123,'"'"'-2," out &&
	grep -F ",'"'"'@SUM(A1) snöröjning" out &&
	grep -F ",'"'"'-2+3 snöröjning" out &&
	tab=$(printf "\t") && cr=$(printf "\r") &&
	grep -F ",'"'"'${tab}Tab,\"'"'"'${cr}CR\"," out &&
	! grep -E "(^|,)\"?([=+@-]|${tab})" out &&
	! grep -F ",\"${cr}" out
'

expect_success 'other cells are as they were' '
	"$SOMARKIV" search --csv --sender lisa >out &&
	grep -F "Lisa Berg,lisa," out &&
	grep -F ",\"Vanlig snöröjning, a=b\"" out
'

test_done
