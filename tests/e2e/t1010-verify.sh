#!/bin/sh
# verify PACKAGE: per-check OK/FAIL lines (and --json), exit 1 on any
# failure; a changed byte anywhere is caught and named; schema errors in
# METS.xml; unlisted and missing files; the signature, chained to --ca;
# the E-ARK example packages that must fail do.
. "$(dirname "$0")/lib.sh"

skip_unless_command bsdtar
skip_unless_command openssl
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
EX="$SHARED/fgs/examples"

# flip FILE STRING: change the first byte of the first STRING in FILE.
flip() {
	off=$(grep -abo "$2" "$1" | head -n 1 | cut -d: -f1) &&
	test -n "$off" &&
	printf Q | dd of="$1" bs=1 seek="$off" conv=notrunc 2>/dev/null
}

expect_success 'setup: a store with items and a signed package' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
		-days 30 -subj "/CN=Arkivarie" 2>/dev/null &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key2.pem -out other-ca.pem \
		-days 30 -subj "/CN=Someone else" 2>/dev/null &&
	"$SOMARKIV" export -q --out p.tar --package-id sip-v --created 2026-11-24T06:00:00Z \
		--sign key.pem --cert cert.pem
'

expect_success 'an intact package passes every check' '
	"$SOMARKIV" verify p.tar --ca cert.pem >out &&
	! grep "^FAIL" out &&
	! grep -v "^OK \|^WARN CSIPSTR1[23] \|^export 1 recorded as verified: its items count as delivered$\|^package ${SQ}p.tar${SQ}: all checks passed, signature chained to the CA$" out &&
	grep "^export 1 recorded as verified" out &&
	test -n "$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT verified_at FROM export WHERE id = 1")" &&
	"$SOMARKIV" log | grep "export.verified" &&
	grep "^OK   METS.xml schema: valid" out &&
	grep "^OK   CSIP mets root element: CSIP1 CSIP2 " out &&
	grep "^OK   CSIP structural map: CSIP80 " out &&
	grep "^OK   files: [0-9]* listed files present with the right size and SHA-256$" out &&
	grep "^OK   PREMIS schema: valid" out &&
	grep "^OK   item XML schema: " out &&
	grep "^OK   signature: .*chained to the CA$" out
'

expect_success 'verify --package is the same; --json gives one object per check' '
	"$SOMARKIV" verify --package p.tar --ca cert.pem --json >out &&
	head -n 1 out | grep "^{\"check\":\"package readable\",\"ok\":true,\"detail\":" &&
	tail -n 1 out | grep "^{\"check\":\"summary\",\"ok\":true," &&
	! grep "\"ok\":false" out
'

expect_failure 'a changed byte in an item is caught and named' 1 '
	cp p.tar t1.tar &&
	flip t1.tar "\"content\"" &&
	"$SOMARKIV" verify t1.tar >out 2>err ||
	{ rc=$?; grep "^FAIL CSIP71 file CHECKSUM: ${SQ}representations/rep1/data/item-[0-9]*/source-v1.json${SQ} is changed: " out &&
	  grep "^somarkiv: verify: package ${SQ}t1.tar${SQ}: 1 check failed; signature not checked$" err; exit $rc; }
'

expect_failure 'a changed byte in a schema is caught and named, and breaks the signature' 1 '
	cp p.tar t2.tar && cp p.tar.p7s t2.tar.p7s &&
	flip t2.tar "targetNamespace" &&
	"$SOMARKIV" verify t2.tar --ca cert.pem >out ||
	{ rc=$?; grep "^FAIL CSIP71 file CHECKSUM: ${SQ}schemas/" out && grep "^FAIL signature: " out; exit $rc; }
'

expect_failure 'a changed METS.xml fails its schema' 1 '
	mkdir x && bsdtar -xf p.tar -C x &&
	sed "s/csip:OAISPACKAGETYPE=\"SIP\"/csip:OAISPACKAGETYPE=\"XIP\"/" x/sip-v/METS.xml >m &&
	cp m x/sip-v/METS.xml && (cd x && bsdtar -cf ../t3.tar sip-v) &&
	"$SOMARKIV" verify t3.tar >out ||
	{ rc=$?; grep "^FAIL METS.xml schema: METS.xml: line 3: .*OAISPACKAGETYPE.*XIP" out &&
	  grep "^FAIL CSIP9 OAISPACKAGETYPE: METS.xml line 3: csip:OAISPACKAGETYPE ${SQ}XIP${SQ} is none of" out &&
	  grep "^FAIL SIP4 OAISPACKAGETYPE SIP: " out; exit $rc; }
'

expect_failure 'an unlisted file and a missing one are named' 1 '
	rm -rf x && mkdir x && bsdtar -xf p.tar -C x &&
	echo extra >x/sip-v/documentation/extra.txt &&
	rm x/sip-v/representations/rep1/data/item-000001/item.xml &&
	(cd x && bsdtar -cf ../t4.tar sip-v) &&
	"$SOMARKIV" verify t4.tar >out ||
	{ rc=$?; grep "^FAIL unlisted file: ${SQ}documentation/extra.txt${SQ} is in the package but no METS.xml lists it" out &&
	  grep "^FAIL CSIP79 FLocat href: ${SQ}representations/rep1/data/item-000001/item.xml${SQ} is listed but missing from the package$" out;
	  exit $rc; }
'

# Issue 13: without --ca nobody checked who signed, so an unsigned or
# re-signed package must not pass as trusted.
expect_failure 'without --ca an intact package is no yes: "signature not checked", exit 1' 1 '
	"$SOMARKIV" verify p.tar >out 2>err ||
	{ rc=$?; ! grep "^FAIL" out &&
	  grep "^WARN signature: p.tar.p7s by .*no CA was given" out &&
	  grep "^package ${SQ}p.tar${SQ}: contents intact; signature not checked: give --ca CERT" out &&
	  grep "^somarkiv: verify: package ${SQ}p.tar${SQ}: signature not checked (no --ca)$" err; exit $rc; }
'

expect_failure 'without --ca a package re-signed by someone else is not accepted either' 1 '
	cp p.tar rs.tar &&
	openssl cms -sign -binary -in rs.tar -signer other-ca.pem -inkey key2.pem -outform DER \
		-out rs.tar.p7s -nosmimecap &&
	"$SOMARKIV" verify rs.tar >out ||
	{ rc=$?; grep "^package ${SQ}rs.tar${SQ}: contents intact; signature not checked" out; exit $rc; }
'

expect_failure 'without --ca an unsigned package is not accepted' 1 '
	"$SOMARKIV" export -q --out un.tar --package-id sip-un &&
	"$SOMARKIV" verify un.tar >out ||
	{ rc=$?; grep "^WARN signature: no signature ${SQ}un.tar.p7s${SQ} beside the package$" out &&
	  grep "^package ${SQ}un.tar${SQ}: contents intact; signature not checked" out; exit $rc; }
'

expect_success '--no-signature-check says so and passes' '
	"$SOMARKIV" verify --no-signature-check un.tar >out &&
	grep "^package ${SQ}un.tar${SQ}: all checks passed; signature not checked (--no-signature-check)$" out
'

expect_failure '--ca and --no-signature-check together are a usage error' 2 '
	"$SOMARKIV" verify --no-signature-check --ca cert.pem p.tar
'

expect_failure 'a signature from another CA fails' 1 '
	"$SOMARKIV" verify p.tar --ca other-ca.pem >out ||
	{ rc=$?; grep "^FAIL signature: " out; exit $rc; }
'

expect_failure 'with --ca a missing signature fails' 1 '
	"$SOMARKIV" export -q --out u.tar --package-id sip-u &&
	"$SOMARKIV" verify u.tar --ca cert.pem >out ||
	{ rc=$?; grep "^FAIL signature: no signature" out; exit $rc; }
'

expect_failure 'hostile: a path outside the root folder' 1 '
	mkdir -p h/sip-h && echo x >h/sip-h/METS.xml && echo y >h/other &&
	(cd h && bsdtar -cf ../h.tar sip-h other) &&
	"$SOMARKIV" verify h.tar >out ||
	{ rc=$?; grep "^FAIL CSIPSTR1 root folder: ${SQ}other${SQ} is outside" out; exit $rc; }
'

expect_failure 'not a package at all' 1 '
	echo "not a tar" >junk.tar &&
	"$SOMARKIV" verify junk.tar >out ||
	{ rc=$?; grep "^FAIL package readable: " out; exit $rc; }
'

expect_failure 'a package that does not exist is an error, not a negative answer' 3 '
	"$SOMARKIV" verify nothing.tar 2>err ||
	{ rc=$?; grep "^somarkiv: verify: cannot read package ${SQ}nothing.tar${SQ}" err; exit $rc; }
'

GEN="$(dirname "$SOMARKIV")/tools/bench-gen"
[ -x "$GEN" ] || GEN="$REPO/build/default/tools/bench-gen"
expect_success 'a package of 14,000 items: METS.xml and premis.xml over 8 MiB verify' '
	test -x "$GEN" &&
	B="$SOMARKIV --store big" &&
	$B init -q && $B account add -q --platform mastodon --handle @bench &&
	"$GEN" 14000 7 >big.ndjson && $B ingest -q --account 1 big.ndjson &&
	SOMARKIV_SCHEMA_DIR="$REPO/schemas" $B export -q --out big.tar &&
	test "$(bsdtar -tvf big.tar "*/METS.xml" | awk "{print \$5}")" -gt 8388608 &&
	test "$(bsdtar -tvf big.tar "*/premis.xml" | awk "{print \$5}")" -gt 8388608 &&
	SOMARKIV_SCHEMA_DIR="$REPO/schemas" "$SOMARKIV" verify --no-signature-check big.tar >out &&
	grep "^OK   METS.xml schema: valid" out &&
	grep "^OK   PREMIS schema: valid" out &&
	grep "^OK   item XML schema: 14000 of 14000" out
'

if [ -d "$EX/csip-examples" ]; then
	for z in invmets nocrtdt nomtshdr nopcktyp; do
		expect_failure "E-ARK example minimal_IP_$z (INVALID) fails" 1 "
			\"\$SOMARKIV\" verify \"$EX/csip-examples/minimal_IP_$z.zip\" >out
		"
	done
	expect_failure 'commons-ip example with the wrong-case csip namespace fails' 1 '
		"$SOMARKIV" verify "$EX/commons-ip/Simple-EARK-SIP.zip" >out
	'
else
	skip 'E-ARK example packages' "no $EX"
fi

test_done
