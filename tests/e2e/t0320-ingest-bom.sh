#!/bin/sh
# A UTF-8 byte order mark at the start of a JSON file (as tools on Windows
# write one) is accepted in every JSON format, as RFC 8259 8.1 allows: the
# export reads as it does without one. A byte order mark inside a file
# (files joined together) and JSON in UTF-16 are named in the error.
. "$(dirname "$0")/lib.sh"

# Copy fixture $1 to $2, with a UTF-8 byte order mark before every JSON file.
with_bom() {
	cp -R "$DATA/$1" "$2" &&
	find "$2" -type f \( -name "*.json" -o -name "*.js" -o -name "*.jsonl" -o -name "*.ndjson" \) |
	while read -r f; do
		{ printf "\357\273\277"; cat "$f"; } >"$f.bom" && mv "$f.bom" "$f" || exit 1
	done
}

# Ingest $2 into a fresh store $1; its summary and report, without the source's name.
capture() {
	"$SOMARKIV" --store "$1" init -q &&
	"$SOMARKIV" --store "$1" account add -q --platform other --handle @exempelby &&
	"$SOMARKIV" --store "$1" ingest --account 1 "$2" | sed "s/ ([^)]*)\$//" &&
	"$SOMARKIV" --store "$1" capture show 1 | sed -n "/^problems:/,\$p"
}

for fixture in exempelby-mastodon-v1 facebook-profile-2024 instagram-v1 x-exempelby-twarc \
	x-exempelby-archive; do
	expect_success "$fixture: with a byte order mark before every JSON file, read as without" '
		with_bom '$fixture' bom-'$fixture' &&
		capture plain-'$fixture' "$DATA/'$fixture'" >expect &&
		capture store-bom-'$fixture' bom-'$fixture' >got &&
		cat got &&
		test_cmp expect got
	'
done

expect_success 'canonical NDJSON with a byte order mark: read, and the same items as without' '
	{ printf "\357\273\277"; cat "$DATA/exempelby-comments.ndjson"; } >bom.ndjson &&
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform other --handle @exempelby &&
	"$SOMARKIV" ingest --account 1 bom.ndjson >out &&
	grep "^capture 1: 11 new, .* 0 problems" out &&
	"$SOMARKIV" ingest --account 1 "$DATA/exempelby-comments.ndjson" >out &&
	grep "^capture 2: 0 new, 0 changed, 11 unchanged" out &&
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(DISTINCT raw_digest) FROM version")" -eq 11
'

expect_failure 'a byte order mark inside a file (files joined together) is named' 3 '
	cat "$DATA/exempelby-comments.ndjson" bom.ndjson >joined.ndjson &&
	"$SOMARKIV" ingest --account 1 joined.ndjson 2>err ||
	{ rc=$?
	  cat err
	  grep "^somarkiv: ingest: cannot read .joined.ndjson.: line 12, column 1: a byte order mark (U+FEFF) inside the file (files joined together?)$" err &&
	  exit $rc; }
'

expect_failure 'NDJSON in UTF-16 is named as such' 3 '
	iconv -f UTF-8 -t UTF-16 "$DATA/exempelby-comments.ndjson" >utf16.ndjson &&
	"$SOMARKIV" ingest --account 1 --format ndjson utf16.ndjson 2>err ||
	{ rc=$?
	  cat err
	  grep "cannot read .utf16.ndjson.: it is UTF-16 or UTF-32 text (it begins with a byte order mark); JSON must be UTF-8" err &&
	  exit $rc; }
'

expect_success 'a Mastodon actor.json in UTF-16: reported as such, the rest read' '
	cp -R "$DATA/exempelby-mastodon-v1" m16 &&
	iconv -f UTF-8 -t UTF-16 "$DATA/exempelby-mastodon-v1/actor.json" >m16/actor.json &&
	"$SOMARKIV" --store s16 init -q &&
	"$SOMARKIV" --store s16 account add -q --platform mastodon --handle @exempelby &&
	"$SOMARKIV" --store s16 ingest --account 1 m16 >out &&
	grep "13 new" out &&
	"$SOMARKIV" --store s16 capture show 1 >show &&
	grep "^  actor.json: not read: cannot read .actor.json.: it is UTF-16 or UTF-32 text" show
'

test_done
