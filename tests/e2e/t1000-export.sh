#!/bin/sh
# export: a case's worth of items as an FGS / E-ARK SIP package. Same
# selection, package id and time give the same bytes; tar and zip; what we
# write is read by tools we did not write (bsdtar, xmllint against the
# official schemas through the driver schema and catalog in ../shared/fgs,
# openssl cms -verify); exports are recorded and audited; --since-last-export
# delivers only what is new; bad input leaves the store unchanged.
. "$(dirname "$0")/lib.sh"

skip_unless_command bsdtar
skip_unless_command xmllint
skip_unless_command openssl
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
FGS="$SHARED/fgs/schemas"
H='@exempelby@social.exempelby.se'
T='--package-id sip-exempelby-1 --created 2026-11-24T06:00:00Z'

expect_success 'setup: a store, a Mastodon export with attachments, a plan, classes' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle "$H" --name "Exempelby kommun" &&
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
	"$SOMARKIV" plan use -q "$DATA/plans/exempelby.xml" &&
	"$SOMARKIV" classify -q &&
	mkdir out
'

expect_success 'export into a directory: OBJID.tar, with a summary' '
	"$SOMARKIV" --actor arkivarie export --out out $T --creator "Exempelby kommun" >summary &&
	test -f out/sip-exempelby-1.tar &&
	head -n 1 summary | grep "out/sip-exempelby-1.tar$" &&
	grep "^package: *sip-exempelby-1$" summary &&
	grep "^items: *13$" summary &&
	grep "^sha256: *$(sha256sum out/sip-exempelby-1.tar | cut -d" " -f1)$" summary
'

expect_success 'bsdtar lists one root folder with METS.xml, data, PREMIS and schemas' '
	bsdtar -tf out/sip-exempelby-1.tar >list &&
	! grep -v "^sip-exempelby-1/" list &&
	grep "^sip-exempelby-1/METS.xml$" list &&
	grep "^sip-exempelby-1/documentation/README.txt$" list &&
	grep "^sip-exempelby-1/metadata/preservation/premis.xml$" list &&
	grep "^sip-exempelby-1/representations/rep1/data/item-000001/item.xml$" list &&
	grep "^sip-exempelby-1/representations/rep1/data/item-000001/source-v1.json$" list &&
	grep "^sip-exempelby-1/representations/rep1/data/item-[0-9]*/attachments/" list &&
	for s in mets.xsd xlink.xsd premis.xsd DILCISExtensionMETS.xsd DILCISExtensionSIPMETS.xsd somarkiv-item.xsd; do
		grep "^sip-exempelby-1/schemas/$s$" list || exit 1
	done
'

expect_success 'the schemas inside are the shipped ones, unchanged' '
	mkdir x && bsdtar -xf out/sip-exempelby-1.tar -C x &&
	cmp x/sip-exempelby-1/schemas/mets.xsd "$REPO/schemas/fgs/mets/mets-1.12.1.xsd" &&
	cmp x/sip-exempelby-1/schemas/premis.xsd "$REPO/schemas/fgs/premis/premis-v3-0.xsd" &&
	cmp x/sip-exempelby-1/schemas/DILCISExtensionMETS.xsd "$REPO/schemas/fgs/eark/csip-2.1.0/DILCISExtensionMETS.xsd" &&
	cmp x/sip-exempelby-1/schemas/somarkiv-item.xsd "$REPO/schemas/item.xsd" &&
	if [ -d "$FGS" ]; then cmp "$REPO/schemas/fgs/mets/mets-1.12.1.xsd" "$FGS/mets/mets-1.12.1.xsd"; fi
'

if [ -d "$FGS" ]; then
expect_success 'xmllint: METS.xml valid against METS + CSIP + SIP (driver schema, offline)' '
	XML_CATALOG_FILES="$FGS/catalog.xml" xmllint --nonet --noout \
		--schema "$FGS/eark-mets-csip-2.1.0.xsd" x/sip-exempelby-1/METS.xml
'
expect_success 'xmllint: PREMIS valid against PREMIS 3.0' '
	XML_CATALOG_FILES="$FGS/catalog.xml" xmllint --nonet --noout \
		--schema "$FGS/premis/premis-v3-0.xsd" x/sip-exempelby-1/metadata/preservation/premis.xml
'
else
	skip 'xmllint: METS.xml valid against METS + CSIP + SIP' "no $FGS"
	skip 'xmllint: PREMIS valid against PREMIS 3.0' "no $FGS"
fi

expect_success 'xmllint: every item.xml valid against schemas/item.xsd' '
	xmllint --nonet --noout --schema "$REPO/schemas/item.xsd" \
		x/sip-exempelby-1/representations/rep1/data/item-*/item.xml
'

expect_success 'METS.xml lists every file with SHA-256, size, MIME type, creation time' '
	M=x/sip-exempelby-1/METS.xml &&
	grep -q "OBJID=\"sip-exempelby-1\"" $M &&
	grep -q "csip:OAISPACKAGETYPE=\"SIP\"" $M &&
	grep -q "<mets:name>Exempelby kommun</mets:name>" $M &&
	(cd x/sip-exempelby-1 && find . -type f ! -name METS.xml | sed "s|^\./||" | sort) >files &&
	test_line_count -gt 20 files &&
	while read -r f; do
		sum=$(sha256sum "x/sip-exempelby-1/$f" | cut -d" " -f1) &&
		size=$(wc -c <"x/sip-exempelby-1/$f" | tr -d " ") &&
		grep -B3 "xlink:href=\"$f\"" $M | grep -q "SIZE=\"$size\"" &&
		grep -B3 "xlink:href=\"$f\"" $M | grep -q "CHECKSUM=\"$sum\" CHECKSUMTYPE=\"SHA-256\"" ||
		{ echo "not right in METS.xml: $f"; exit 1; }
	done <files
'

expect_success 'attachments are the captured bytes' '
	a=$(ls x/sip-exempelby-1/representations/rep1/data/item-*/attachments/* | head -n 1) &&
	sum=$(sha256sum "$a" | cut -d" " -f1) &&
	grep -q "sha256=\"$sum\"" "$(dirname "$(dirname "$a")")/item.xml"
'

expect_success 'deterministic: the same selection, id and time give the same bytes' '
	"$SOMARKIV" --actor arkivarie export -q --out again.tar $T --creator "Exempelby kommun" &&
	cmp again.tar out/sip-exempelby-1.tar
'

expect_success 'zip too, read by bsdtar' '
	"$SOMARKIV" export -q --out p.zip $T &&
	bsdtar -tf p.zip >zlist &&
	grep "^sip-exempelby-1/METS.xml$" zlist
'

expect_success 'signed: a detached CMS signature beside it that openssl cms -verify accepts' '
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
		-days 30 -subj "/CN=Arkivarie Exempelby kommun" 2>/dev/null &&
	"$SOMARKIV" export -q --out signed.tar --package-id sip-signed --created 2026-11-24T06:00:00Z \
		--sign key.pem --cert cert.pem &&
	test -f signed.tar.p7s &&
	openssl cms -verify -binary -content signed.tar -inform DER -in signed.tar.p7s \
		-CAfile cert.pem -purpose any -out /dev/null &&
	bsdtar -xOf signed.tar sip-signed/metadata/preservation/premis.xml >premis &&
	grep -q "<eventType>digital signature</eventType>" premis
'

expect_success 'the private key lands nowhere: not in the store, the log, the package' '
	k=$(sed -n 2p key.pem) &&
	! grep -rqF "$k" "$SOMARKIV_HOME" &&
	! bsdtar -xOf signed.tar | grep -qF "$k" &&
	"$SOMARKIV" log >log && ! grep -q "PRIVATE" log
'

expect_success 'each export is recorded and audited, with the items it delivered' '
	sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM export" >n && echo 4 >expect && test_cmp expect n &&
	sqlite3 "$SOMARKIV_HOME/store.db" "SELECT package_id, signed FROM export WHERE id = 4" >n &&
	echo "sip-signed|1" >expect && test_cmp expect n &&
	sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM export_item WHERE export_id = 1" >n &&
	echo 13 >expect && test_cmp expect n &&
	"$SOMARKIV" log >log && test "$(grep -c " export  *export:[0-9]" log)" -eq 4
'

expect_failure '--since-last-export: nothing new, nothing to export (store unchanged)' 3 '
	store_dump >before &&
	"$SOMARKIV" export --since-last-export --out new.tar 2>err ||
	{ rc=$?; grep "^somarkiv: export: no items match the selection$" err &&
	  store_dump >after && test_cmp before after && test ! -e new.tar; exit $rc; }
'

expect_success '--since-last-export after a new capture: only the new and changed items' '
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-mastodon-v2" &&
	"$SOMARKIV" export --since-last-export --out new.tar --package-id sip-2 >summary &&
	n=$(sed -n "s/^items: *//p" summary) && test "$n" -gt 0 && test "$n" -lt 13
'

expect_success 'selections: --class, --from/--to, --account' '
	cls=$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT class FROM classification WHERE superseded = 0 ORDER BY id LIMIT 1") &&
	want=$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM classification WHERE superseded = 0 AND class = ${SQ}$cls${SQ}") &&
	"$SOMARKIV" export -q --class "$cls" --out cls.tar --package-id sip-cls &&
	test "$(bsdtar -tf cls.tar | grep -c "/item.xml$")" -eq "$want" &&
	rc=0 && { "$SOMARKIV" export --from 2999-01-01 --out none.tar 2>err || rc=$?; } && test $rc -eq 3 &&
	"$SOMARKIV" export -q --account 1 --from 2000-01-01 --to 2100-12-31 --out all.tar --package-id sip-all
'

expect_failure 'bad input: an existing output file is refused, the store unchanged' 3 '
	store_dump >before &&
	"$SOMARKIV" export --out signed.tar 2>err ||
	{ rc=$?; grep "^somarkiv: export: cannot export to ${SQ}signed.tar${SQ}: it exists already$" err &&
	  store_dump >after && test_cmp before after; exit $rc; }
'

expect_failure 'bad input: a package id that is no plain name' 3 '
	"$SOMARKIV" export --out out --package-id "../evil" 2>err ||
	{ rc=$?; grep "bad package id ${SQ}../evil${SQ}" err && test ! -e evil.tar; exit $rc; }
'

expect_failure 'bad input: --sign without --cert is a usage error' 2 '
	"$SOMARKIV" export --out z.tar --sign key.pem
'

expect_failure 'bad input: a key that is not the certificate'"'"'s, nothing left behind' 3 '
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.pem 2>/dev/null &&
	store_dump >before &&
	"$SOMARKIV" export --out bad.tar --sign other.pem --cert cert.pem 2>err ||
	{ rc=$?; grep "does not belong to certificate" err && test ! -e bad.tar && test ! -e bad.tar.part &&
	  store_dump >after && test_cmp before after; exit $rc; }
'

expect_success 'a case: ERMS in metadata/descriptive/, referenced from METS.xml, with retention' '
	"$SOMARKIV" --actor registrator register -q 1 --new-case --title "Snöröjning" --officer "Anna Ek" &&
	case=$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT number FROM registry_case LIMIT 1") &&
	"$SOMARKIV" export -q --case "$case" --out case.tar --package-id sip-case \
		--created 2026-11-24T06:00:00Z &&
	bsdtar -xOf case.tar sip-case/metadata/descriptive/erms.xml >erms &&
	grep -q "<erms xmlns=\"https://DILCIS.eu/XML/ERMS\">" erms &&
	grep -q "aggregationType=\"caseFile\"" erms &&
	grep -q "<objectId>$case</objectId>" erms &&
	grep -q "<objectId>$case-1</objectId>" erms &&
	grep -q "<runningNumber>1</runningNumber>" erms &&
	grep -q "<direction directionDefinition=" erms &&
	grep -q "<disposal disposable=" erms &&
	grep -q "<disposalScheduleId>" erms &&
	bsdtar -xOf case.tar sip-case/METS.xml >mets &&
	grep -q "<mets:dmdSec ID=\"dmd-1\"" mets &&
	grep -q "xlink:href=\"metadata/descriptive/erms.xml\" MDTYPE=\"OTHER\" OTHERMDTYPE=\"ERMS\"" mets &&
	bsdtar -xOf case.tar sip-case/metadata/preservation/premis.xml | grep -q "<eventType>registration</eventType>" &&
	"$SOMARKIV" verify --no-signature-check case.tar >vout
'

expect_failure 'an unknown case selects nothing' 3 '
	"$SOMARKIV" export --case "KS 1999/99" --out none2.tar 2>err ||
	{ rc=$?; grep "no items match the selection" err; exit $rc; }
'

expect_success 'progress on a terminal only: items written of the total' '
	if ! command -v script >/dev/null 2>&1; then echo "no script(1): progress not checked"; exit 0; fi
	script -qc "\"$SOMARKIV\" export --out tty.tar" /dev/null >tty.out &&
	tr "\r" "\n" <tty.out | grep -a "^.*export: [0-9]* of [0-9]* items" &&
	n=$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT count(*) FROM export_item WHERE export_id = (SELECT max(id) FROM export)") &&
	tr "\r" "\n" <tty.out | grep -a "export: $n of $n items" &&
	"$SOMARKIV" export --out notty.tar >notty.out 2>err &&
	test_must_be_empty err &&
	"$SOMARKIV" -q export --out quiet.tar 2>err </dev/null && test_must_be_empty err
'

test_done
