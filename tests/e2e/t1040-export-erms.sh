#!/bin/sh
# Our exports seen with the archive's eyes: every export's erms.xml follows
# E-ARK CITS ERMS 3 (the schema ERMS_v3.xsd and its Schematron rules, from
# ../shared/fgs/erms, run with xmllint and xsltproc), METS.xml names that
# version, the records creator (arkivbildare) is the SIP's archival
# creator agent (ROLE ARCHIVIST) and the ERMS maintenance agency, the
# submitter its CREATOR organisation, and every representation's file
# group says what its content is (CSIP62).
. "$(dirname "$0")/lib.sh"

skip_unless_command bsdtar
skip_unless_command xmllint
skip_unless_command xsltproc
skip_unless_command openssl
skip_unless_shared fgs/erms/ERMS_v3.xsd
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
ERMS="$SHARED/fgs/erms"
H='@exempelby@social.exempelby.se'
C="Exempelby kommun"

expect_success 'setup: registrations in a case, without a case, under secrecy; the ERMS Schematron compiled' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle "$H" --name "$C" &&
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
	"$SOMARKIV" plan use -q "$DATA/plans/exempelby.xml" &&
	"$SOMARKIV" classify -q &&
	"$SOMARKIV" --actor registrator register -q 1 --new-case --title "Snöröjning" --officer "Anna Ek" 2>/dev/null &&
	"$SOMARKIV" --actor registrator register -q 2 --case "$("$SOMARKIV" case list --json | sed -n "s/.*\"number\":\"\([^\"]*\)\".*/\1/p" | head -n 1)" 2>/dev/null &&
	"$SOMARKIV" --actor registrator register -q 3 --new-case --title "Hot" --secrecy "OSL 21:3" 2>/dev/null &&
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 30 \
		-subj "/CN=Arkivarie" 2>/dev/null &&
	xsltproc "$REPO/tests/e2e/schematron.xsl" "$ERMS/erms_v3.sch" >erms-sch.xsl &&
	grep -c "<axsl:template match=" erms-sch.xsl >n && test "$(cat n)" -ge 10
'

# check_package TAR ROOT: its erms.xml valid under ERMS 3 and its Schematron, its METS as the archive wants it.
check_package() {
	bsdtar -xOf "$1" "$2/metadata/descriptive/erms.xml" >erms.xml &&
	xmllint --noout --nonet --schema "$ERMS/ERMS_v3.xsd" erms.xml &&
	xsltproc erms-sch.xsl erms.xml >sch.out && test_must_be_empty sch.out &&
	bsdtar -xOf "$1" "$2/METS.xml" >mets.xml &&
	grep -q "xlink:href=\"metadata/descriptive/erms.xml\" MDTYPE=\"OTHER\" OTHERMDTYPE=\"ERMS\" MDTYPEVERSION=\"3.0.2\"" mets.xml &&
	tr -d "\n" <mets.xml | grep -q "<mets:agent ROLE=\"ARCHIVIST\" TYPE=\"ORGANIZATION\"> *<mets:name>$C</mets:name>" &&
	tr -d "\n" <mets.xml | grep -q "<mets:agent ROLE=\"CREATOR\" TYPE=\"ORGANIZATION\"> *<mets:name>$C</mets:name>" &&
	grep -q "<maintenanceAgency><agencyName>$C</agencyName></maintenanceAgency>" erms.xml &&
	! grep "<mets:fileGrp [^>]*USE=\"Representations" mets.xml | grep -v "csip:CONTENTINFORMATIONTYPE=\"OTHER\" csip:OTHERCONTENTINFORMATIONTYPE=\"somarkiv [^\"]*\""
}

expect_success 'a case export: ERMS 3 valid (schema and Schematron), named in METS, creator and submitter right' '
	case=$(sqlite3 "$SOMARKIV_HOME/store.db" "SELECT number FROM registry_case ORDER BY id LIMIT 1") &&
	"$SOMARKIV" export -q --case "$case" --out case.tar --package-id sip-case --creator "$C" &&
	check_package case.tar sip-case &&
	grep -q "aggregationType=\"caseFile\"" erms.xml &&
	grep -q "recordPhysicalOrDigital=\"digital\"" erms.xml &&
	"$SOMARKIV" verify --no-signature-check case.tar >out && ! grep "^FAIL\|^WARN CSIP62" out
'

expect_success 'an export of everything: secrecy, two cases' '
	"$SOMARKIV" export -q --out all.tar --package-id sip-all --creator "$C" &&
	check_package all.tar sip-all &&
	grep -q "<restriction restrictionType=\"confidential\">" erms.xml &&
	test "$(grep -c "aggregationType=\"caseFile\"" erms.xml)" -eq 2
'

expect_success 'a signed snapshot of the account, verified with --ca: ERMS 3, both representations typed' '
	mkdir pkg &&
	"$SOMARKIV" --actor "Anna Ek" snapshot "$H" --source "$DATA/exempelby-mastodon-v2" --out pkg \
		--package-id snap --reason "kontot avslutas" --creator "$C" --sign key.pem --cert cert.pem >out &&
	check_package pkg/snap.tar snap &&
	grep -q "USE=\"Representations/rendering\" csip:CONTENTINFORMATIONTYPE=\"OTHER\"" mets.xml &&
	"$SOMARKIV" verify pkg/snap.tar --ca cert.pem >out && ! grep "^FAIL" out
'

expect_success 'the Schematron run is not idle: an agent of type other without its name is caught' '
	sed "s/ otherAgentType=\"registrar\"//" erms.xml >bad.xml &&
	! cmp -s erms.xml bad.xml &&
	xsltproc erms-sch.xsl bad.xml >sch.out &&
	grep "^FAIL agent: If the value of an agentType attribute is" sch.out
'

test_done
