#!/bin/sh
# A symbolic link planted where somarkiv creates a file (the writer lock,
# a package being written, its signature) is never followed: the command
# fails with a clear error and the file the link points at is untouched.
. "$(dirname "$0")/lib.sh"

skip_unless_command openssl
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
T='--package-id sip-1 --created 2026-11-24T06:00:00Z'

# The victim is untouched, and no package was made or recorded.
nothing_exported() {
	test_cmp victim.orig victim &&
	! test -e out/p.tar &&
	test "$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM export")" -eq 0
}

expect_success 'setup: a store with items, a victim file, a key' '
	"$SOMARKIV" init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby &&
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
	echo "precious" >victim &&
	cp victim victim.orig &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
		-days 30 -subj "/CN=Arkivarie" 2>/dev/null &&
	mkdir out
'

expect_failure 'a link at store.lock: the writer refuses, the target is untouched' 4 '
	rm "$SOMARKIV_HOME/store.lock" &&
	ln -s "$TRASH/victim" "$SOMARKIV_HOME/store.lock" &&
	"$SOMARKIV" account add --platform x --handle @other 2>err ||
	{ rc=$?
	  cat err
	  test_cmp victim.orig victim &&
	  grep "^somarkiv: account add: lock file .*store.lock. is a symbolic link: refused" err &&
	  exit $rc; }
'

expect_failure 'a hard link at store.lock: refused as well' 4 '
	rm "$SOMARKIV_HOME/store.lock" &&
	ln victim "$SOMARKIV_HOME/store.lock" &&
	"$SOMARKIV" account add --platform x --handle @other 2>err ||
	{ rc=$?
	  cat err
	  rm "$SOMARKIV_HOME/store.lock"
	  test_cmp victim.orig victim &&
	  grep "store.lock. is not a plain file of its own" err &&
	  exit $rc; }
'

expect_success 'without the link the writer works and makes its own lock file' '
	"$SOMARKIV" account add -q --platform x --handle @other &&
	test -f "$SOMARKIV_HOME/store.lock" && ! test -L "$SOMARKIV_HOME/store.lock"
'

for f in store.db-wal store.db-shm; do
	expect_failure "a link at $f: reader and writer refuse, the target is untouched" 4 '
		ln -s "$TRASH/victim" "$SOMARKIV_HOME/'$f'" &&
		! "$SOMARKIV" items >/dev/null 2>err.read &&
		"$SOMARKIV" account add --platform x --handle @third 2>err ||
		{ rc=$?
		  rm "$SOMARKIV_HOME/'$f'"
		  cat err.read err
		  test_cmp victim.orig victim &&
		  grep "^somarkiv: items: store file .*'$f'. is a symbolic link or not a plain file: refused" err.read &&
		  grep "^somarkiv: account add: store file .*'$f'. is a symbolic link" err &&
		  exit $rc; }
	'
done

expect_failure 'a link at FILE.tar.part: the export refuses, the target is untouched' 3 '
	ln -s "$TRASH/victim" out/p.tar.part &&
	"$SOMARKIV" export --out out/p.tar $T 2>err ||
	{ rc=$?
	  cat err
	  grep "^somarkiv: export: cannot export to .out/p.tar.: cannot create .out/p.tar.part.: a symbolic link is there$" err &&
	  nothing_exported &&
	  exit $rc; }
'

expect_failure 'a link at FILE.tar.p7s: the signed export refuses, the target is untouched' 3 '
	rm out/p.tar.part &&
	ln -s "$TRASH/victim" out/p.tar.p7s &&
	"$SOMARKIV" export --out out/p.tar $T --sign key.pem --cert cert.pem 2>err ||
	{ rc=$?
	  cat err
	  grep "out/p.tar.p7s. exists already (a symbolic link is there)" err &&
	  nothing_exported &&
	  exit $rc; }
'

expect_success 'with the names free the signed export works' '
	rm out/p.tar.p7s &&
	"$SOMARKIV" export -q --out out/p.tar $T --sign key.pem --cert cert.pem &&
	openssl cms -verify -binary -content out/p.tar -inform DER -in out/p.tar.p7s \
		-CAfile cert.pem -purpose any -out /dev/null &&
	! test -e out/p.tar.part && ! test -e out/p.tar.part.p7s
'

test_done
