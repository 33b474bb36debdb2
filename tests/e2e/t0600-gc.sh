#!/bin/sh
# gc: removing unreferenced blobs, orphan object files and leftovers of
# interrupted writes, and nothing that is referenced.
. "$(dirname "$0")/lib.sh"

H='@exempelby@social.exempelby.se'
V1="$DATA/exempelby-mastodon-v1"
S='https://social.exempelby.se/users/exempelby/statuses'
ORPHAN=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
BLOB=fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210

expect_success 'setup: a store with a capture' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle "$H" &&
	"$SOMARKIV" ingest -q --account 1 "$V1"
'

expect_success 'gc of a clean store removes nothing' '
	store_dump >before.sql &&
	"$SOMARKIV" gc >out &&
	echo "removed 0 unreferenced blobs, 0 unreferenced object files, 0 temporary files (0 bytes freed)" >expect &&
	test_cmp expect out &&
	store_dump >after.sql &&
	test_cmp before.sql after.sql
'

expect_success 'setup: leftovers' '
	mkdir -p store/objects/tmp store/objects/01 &&
	printf "half written" >store/objects/tmp/obj-Xy12ab &&
	printf "nobody needs me" >store/objects/01/$ORPHAN &&
	sqlite3 store/store.db "INSERT INTO object(digest, size, data) VALUES (X${SQ}$BLOB${SQ}, 5, CAST(${SQ}hello${SQ} AS BLOB))"
'

expect_success 'gc removes them' '
	"$SOMARKIV" gc >out &&
	echo "removed 1 unreferenced blobs, 1 unreferenced object files, 1 temporary files (32 bytes freed)" >expect &&
	test_cmp expect out &&
	test ! -e store/objects/tmp/obj-Xy12ab &&
	test ! -e store/objects/01/$ORPHAN &&
	test "$(sqlite3 store/store.db "SELECT count(*) FROM object WHERE digest = X${SQ}$BLOB${SQ}")" = 0
'

expect_success 'and nothing that is referenced' '
	"$SOMARKIV" verify >out &&
	grep "^objects: [0-9]* checked, all intact$" out &&
	"$SOMARKIV" items >out &&
	test_line_count = 14 out &&
	"$SOMARKIV" show "$S/115880774860804102" >out &&
	grep "9eaf57777b7f5f47.png  image/png  173 bytes  sha256:" out &&
	"$SOMARKIV" items --ndjson >out &&
	test_line_count = 13 out
'

expect_success 'gc is in the audit log when it removed rows' '
	"$SOMARKIV" log >out &&
	grep " store.gc " out
'

expect_success 'a failed capture leaves nothing once gc has run' '
	find store/objects -type f | sort >files.before &&
	python3 -c "
import json
print(json.dumps({\"platform\": \"mastodon\", \"id\": \"big1\", \"kind\": \"post\",
                  \"created\": \"2026-01-01T00:00:00Z\", \"text\": \"stort \" * 20000}))
print(\"{ this line is broken\")
" >broken.ndjson &&
	rc=0 &&
	"$SOMARKIV" ingest --account 1 broken.ndjson 2>err || rc=$?
	test "$rc" -eq 3 &&
	"$SOMARKIV" gc -q &&
	find store/objects -type f | sort >files.after &&
	test_cmp files.before files.after
'

expect_failure 'gc takes no arguments' 2 '
	"$SOMARKIV" gc now 2>err
'

test_done
