#!/bin/sh
# The audit log: what log shows, and verify finding a changed entry or a
# changed object.
. "$(dirname "$0")/lib.sh"

H='@exempelby@social.exempelby.se'
V1="$DATA/exempelby-mastodon-v1"

expect_success 'setup: init, an account, a capture' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" --actor registrator account add -q --platform mastodon --handle "$H" &&
	"$SOMARKIV" ingest -q --account 1 "$V1"
'

expect_success 'log lists init, the account and the capture' '
	"$SOMARKIV" log >out &&
	test_line_count = 4 out &&
	head -n 1 out | grep "^ *SEQ  *TIME  *ACTOR  *ACTION  *TARGET  *DETAILS$" &&
	grep "^ *1  [0-9T:Z-]*  arkivarie  *store.init  *store" out &&
	grep "^ *2  [0-9T:Z-]*  registrator  *account.add  *account:1  " out &&
	grep "^ *3  .*  capture  *capture:1  " out
'

expect_success 'the default actor is the login name' '
	who=$(id -un) &&
	grep "^ *3  [0-9T:Z-]*  $who  " out
'

expect_success 'log --json is NDJSON, one entry a line, chained' '
	"$SOMARKIV" log --json >out &&
	test_line_count = 3 out &&
	python3 -c "
import json
prev = None
for n, line in enumerate(open(\"out\"), 1):
    e = json.loads(line)
    assert e[\"seq\"] == n, e
    if prev is not None:
        assert e[\"prev\"] == prev, e
    prev = e[\"hash\"]
"
'

expect_success 'log --from' '
	"$SOMARKIV" log --from 2 >out &&
	test_line_count = 3 out &&
	! grep "store.init" out
'

expect_failure 'log --from of a non-number is a usage error' 2 '
	"$SOMARKIV" log --from two 2>err
'

expect_success 'verify --audit' '
	"$SOMARKIV" verify --audit >out 2>err &&
	echo "audit log: 3 entries, chain intact" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

expect_success 'verify checks both by default' '
	"$SOMARKIV" verify >out &&
	grep "^audit log: 3 entries, chain intact$" out &&
	grep "^objects: [0-9]* checked, all intact$" out
'

expect_success 'setup: change entry 2 behind the program'"'"'s back' '
	cp -R store pristine &&
	sqlite3 store/store.db "UPDATE audit SET actor=${SQ}mallory${SQ} WHERE seq=2"
'

expect_failure 'verify --audit finds it' 1 '
	"$SOMARKIV" verify --audit >out 2>err
'

expect_success 'and names entry 2' '
	"$SOMARKIV" verify --audit >out 2>err || :
	cat err &&
	grep "^somarkiv: verify: audit log broken at entry 2" err &&
	test_line_count = 1 err
'

expect_success 'a deleted entry is found too' '
	rm -rf store && cp -R pristine store &&
	sqlite3 store/store.db "DELETE FROM audit WHERE seq=3" &&
	rc=0 &&
	"$SOMARKIV" verify --audit 2>err || rc=$?
	cat err &&
	test "$rc" -eq 1 &&
	grep "audit log broken at entry 3" err
'

expect_success 'setup: change an object behind the program'"'"'s back' '
	rm -rf store && cp -R pristine store &&
	sqlite3 store/store.db "UPDATE object SET data = CAST(${SQ}{}${SQ} AS BLOB) WHERE id = (SELECT min(id) FROM object WHERE data IS NOT NULL)"
'

expect_failure 'verify --objects finds it' 1 '
	"$SOMARKIV" verify --objects >out 2>err
'

expect_success 'and says so, while the audit log is intact' '
	"$SOMARKIV" verify --objects 2>err || :
	grep "^somarkiv: verify: objects: " err &&
	"$SOMARKIV" verify --audit
'

expect_success 'a changed object file is found' '
	rm -rf store && cp -R pristine store &&
	python3 -c "
import json
text = \"Långt inlägg. \" * 8000
print(json.dumps({\"platform\": \"mastodon\", \"id\": \"big1\", \"kind\": \"post\",
                  \"created\": \"2026-01-01T00:00:00Z\", \"text\": text}))
" >big.ndjson &&
	"$SOMARKIV" ingest -q --account 1 big.ndjson &&
	"$SOMARKIV" verify --objects &&
	f=$(find store/objects -type f -path "*/[0-9a-f][0-9a-f]/*" | head -n 1) &&
	test -n "$f" &&
	chmod u+w "$f" &&
	printf "x" >>"$f" &&
	rc=0 &&
	"$SOMARKIV" verify 2>err || rc=$?
	cat err &&
	test "$rc" -eq 1 &&
	grep "^somarkiv: verify: objects: " err
'

test_done
