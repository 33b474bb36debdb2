#!/bin/sh
# verify against every example package in ../shared/fgs/examples: the one
# the publisher's index calls VALID passes (with WARN lines for what only
# CSIP 2.x requires and its draft profile predates), the INVALID ones fail
# on the check their index names, and so does the commons-ip package with
# the wrong-case csip namespace.
#
# minimal_IP_noflscid: the index says "VALID fails <fileSec @ID> tests",
# that is: valid against the METS schema (where fileSec/@ID is optional),
# but failing the fileSec @ID test. CSIP59 is a MUST in CSIP 2.x and was one
# in the 2018 draft the package declares (its own comment says "CSIP59 there
# MUST be an ID"), so it fails. Its schemas/CSIPExtensionMETS.xsd also fails
# its listing: five of the six zips carry a corrected copy of that schema
# (xmlns fixed from "CSIPExtensionMETS" to the namespace URL: 26 bytes more)
# while their METS.xml still lists the size and MD5 of the old one, which
# only minimal_IP_with_schemas still holds (1673 bytes, MD5 1a31b3aa...).
. "$(dirname "$0")/lib.sh"

skip_unless_shared fgs/examples/csip-examples
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
EX="$SHARED/fgs/examples"
V="verify --no-signature-check"

expect_success 'minimal_IP_with_schemas (VALID with folder warnings) passes, with warnings' '
	"$SOMARKIV" $V "$EX/csip-examples/minimal_IP_with_schemas.zip" >out &&
	! grep "^FAIL" out &&
	grep "^WARN CSIP60 Documentation group: .*draft profile" out &&
	grep "^WARN CSIP114 Representations group: .*draft profile" out &&
	grep "^WARN CSIP82 structMap LABEL: .*${SQ}CSIP StructMap${SQ}" out &&
	grep "^WARN SIP2 SIP PROFILE: .*is a CSIP profile" out &&
	grep "^WARN CSIP58 fileSec: .metadata/.gitkeep. is an empty file" out &&
	grep "^WARN CSIP71 file CHECKSUM: .schemas/xlink.xsd. matches its listed size and MD5 only with CRLF" out &&
	grep "^WARN CSIPSTR16 documentation folder: " out &&
	grep "^OK   files: 4 listed files present with the right size and checksum$" out
'

expect_success '--json marks the warnings and no failure' '
	"$SOMARKIV" $V --json "$EX/csip-examples/minimal_IP_with_schemas.zip" >out &&
	! grep "\"ok\":false" out &&
	grep "\"ok\":true,\"warning\":true,\"detail\":" out
'

# expect_invalid NAME PATTERN [LABEL]: verify fails NAME with a FAIL line matching PATTERN.
expect_invalid() {
	expect_success "minimal_IP_$1 (${3:-INVALID}) fails: $2" "
		{ \"\$SOMARKIV\" $V \"$EX/csip-examples/minimal_IP_$1.zip\" >out; test \$? -eq 1; } &&
		grep \"^FAIL $2\" out
	"
}
expect_invalid invmets 'METS.xml schema: '
expect_invalid invmets 'CSIP14 software agent name: '
expect_invalid nocrtdt 'CSIP7 CREATEDATE: METS.xml line 19: metsHdr has no CREATEDATE'
expect_invalid nomtshdr 'CSIP117 metsHdr: METS.xml: no metsHdr'
expect_invalid nopcktyp 'CSIP9 OAISPACKAGETYPE: METS.xml line 19: csip:OAISPACKAGETYPE missing'
expect_invalid noflscid 'CSIP59 fileSec ID: METS.xml line 35: fileSec has no ID' 'index: VALID fails fileSec @ID tests'

expect_success 'noflscid: the schema whose bytes its METS.xml does not vouch for is named' '
	{ "$SOMARKIV" $V "$EX/csip-examples/minimal_IP_noflscid.zip" >out; test $? -eq 1; } &&
	grep "^FAIL CSIP69 file SIZE: .schemas/CSIPExtensionMETS.xsd. has 1699 bytes, its METS.xml says 1673$" out &&
	test "$(grep -c "^FAIL" out)" -eq 2
'

if [ -e "$EX/commons-ip/Simple-EARK-SIP.zip" ]; then
	expect_success 'commons-ip Simple-EARK-SIP: the wrong-case csip namespace is named; its representation METS is read' '
		{ "$SOMARKIV" $V "$EX/commons-ip/Simple-EARK-SIP.zip" >out; test $? -eq 1; } &&
		grep "^FAIL CSIP9 OAISPACKAGETYPE: METS.xml line 3: .*namespace ${SQ}https://dilcis.eu/XML/METS/CSIPExtensionMETS${SQ} is not the extension${SQ}s" out &&
		grep "^FAIL CSIP9 OAISPACKAGETYPE: representations/representation 1/METS.xml line 3: " out &&
		grep "^FAIL CSIP10 software agent: representations/representation 1/METS.xml: metsHdr has no agent" out
	'
else
	skip 'commons-ip example' "no $EX/commons-ip"
fi

test_done
