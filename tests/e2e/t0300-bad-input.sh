#!/bin/sh
# Bad input: not JSON, the wrong format, a truncated zip, a zip entry that
# climbs out with "../", a 100 MB field, invalid UTF-8, a truncated
# outbox.json. Each exits 3 with one line naming the file, and leaves the
# store's database as it was.
. "$(dirname "$0")/lib.sh"

H='@exempelby@social.exempelby.se'
V1="$DATA/exempelby-mastodon-v1"
C="$DATA/exempelby-comments.ndjson"

# bad_input NAME SOURCE [OPTIONS...]: ingest must fail with exit 3, one
# line on stderr naming NAME, nothing on stdout, and the database unchanged.
bad_input() {
	name=$1
	shift
	store_dump >before.sql
	rc=0
	"$SOMARKIV" ingest --account 1 "$@" >out 2>err || rc=$?
	store_dump >after.sql
	cat err
	if [ "$rc" -ne 3 ]; then
		echo "exit code $rc, expected 3"
		return 1
	fi
	test_must_be_empty out &&
	test_line_count = 1 err &&
	grep "^somarkiv: ingest: .*$name" err &&
	test_cmp before.sql after.sql
}

expect_success 'setup: a store with an account and a capture' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle "$H" &&
	"$SOMARKIV" ingest -q --account 1 "$V1"
'

expect_success 'not JSON' '
	printf "this is not JSON at all\n" >garbage.json &&
	bad_input garbage.json garbage.json
'

expect_success 'not JSON, with --format ndjson' '
	printf "{\"platform\":\"mastodon\"\nnot json\n" >garbage.ndjson &&
	bad_input garbage.ndjson --format ndjson garbage.ndjson
'

expect_success 'the wrong format: NDJSON read as a Mastodon export' '
	cp "$C" comments.ndjson &&
	bad_input comments.ndjson --format mastodon comments.ndjson
'

expect_success 'the wrong format: a Mastodon export read as NDJSON' '
	bad_input exempelby-mastodon-v1 --format ndjson "$V1"
'

expect_success 'an empty file' '
	: >empty.json &&
	bad_input empty.json empty.json
'

expect_success 'a truncated zip' '
	bsdtar -a -cf v1.zip -C "$V1" . &&
	size=$(wc -c <v1.zip) &&
	head -c $((size / 2)) v1.zip >truncated.zip &&
	bad_input truncated.zip truncated.zip
'

expect_success 'a truncated outbox.json, with the line it ends on' '
	mkdir cut &&
	cp -R "$V1"/. cut/ &&
	head -c 3000 "$V1/outbox.json" >cut/outbox.json &&
	bad_input outbox.json cut &&
	grep "line [0-9]" err
'

expect_success 'a zip entry with ../ in its name' '
	python3 -c "
import zipfile
with zipfile.ZipFile(\"evil.zip\", \"w\") as z:
    z.write(\"$V1/outbox.json\", \"outbox.json\")
    z.write(\"$V1/actor.json\", \"actor.json\")
    z.writestr(\"../../evil.txt\", \"pwned\")
" &&
	bad_input evil.zip evil.zip &&
	test ! -e ../evil.txt &&
	test ! -e ../../evil.txt
'

expect_success 'a zip entry with an absolute name' '
	python3 -c "
import zipfile
with zipfile.ZipFile(\"abs.zip\", \"w\") as z:
    z.write(\"$V1/outbox.json\", \"outbox.json\")
    info = zipfile.ZipInfo(\"/tmp/somarkiv-evil.txt\")
    z.writestr(info, \"pwned\")
" &&
	bad_input abs.zip abs.zip
'

expect_success 'a field of 100 MB' '
	python3 -c "
import sys
with open(\"huge.ndjson\", \"w\") as f:
    f.write(\"{\\\"platform\\\":\\\"mastodon\\\",\\\"id\\\":\\\"x1\\\",\\\"kind\\\":\\\"post\\\",\")
    f.write(\"\\\"created\\\":\\\"2026-01-01T00:00:00Z\\\",\\\"text\\\":\\\"\")
    chunk = \"a\" * (1 << 20)
    for i in range(100):
        f.write(chunk)
    f.write(\"\\\"}\\n\")
" &&
	test $(wc -c <huge.ndjson) -gt 100000000 &&
	bad_input huge.ndjson huge.ndjson
'

expect_success 'invalid UTF-8' '
	head -n 2 "$C" >bad-utf8.ndjson &&
	printf "{\"platform\":\"mastodon\",\"id\":\"x2\",\"kind\":\"comment\",\"created\":\"2026-01-01T00:00:00Z\",\"text\":\"caf\\351 \\377\\376\"}\n" >>bad-utf8.ndjson &&
	bad_input bad-utf8.ndjson bad-utf8.ndjson &&
	grep "line 3" err
'

expect_success 'a missing source' '
	rc=0 &&
	"$SOMARKIV" ingest --account 1 no-such-export.zip 2>err || rc=$?
	test "$rc" -ne 0 &&
	grep "^somarkiv: ingest: .*no-such-export.zip" err
'

expect_success 'the store is still sound' '
	"$SOMARKIV" verify >out &&
	grep "chain intact" out &&
	"$SOMARKIV" capture list >out &&
	test_line_count = 2 out
'

test_done
