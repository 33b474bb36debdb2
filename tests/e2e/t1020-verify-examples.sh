#!/bin/sh
# verify against every example package in ../shared/fgs/examples: the one
# the publisher's index calls VALID passes (with WARN lines for what only
# CSIP 2.x requires and its draft profile predates), the INVALID ones fail
# on the check their index names, and so does the commons-ip package with
# the wrong-case csip namespace. minimal_IP_noflscid, which the index lists
# as "VALID fails <fileSec @ID> tests", fails: it has no fileSec ID (CSIP59,
# MUST) and a schema whose bytes differ from its listed size and MD5.
. "$(dirname "$0")/lib.sh"

skip_unless_shared fgs/examples/csip-examples
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
EX="$SHARED/fgs/examples"

expect_success 'minimal_IP_with_schemas (VALID with folder warnings) passes, with warnings' '
	"$SOMARKIV" verify "$EX/csip-examples/minimal_IP_with_schemas.zip" >out &&
	! grep "^FAIL" out &&
	grep "^WARN CSIP60 Documentation group: " out &&
	grep "^WARN CSIP114 Representations group: " out &&
	grep "^WARN CSIP58 file: .metadata/.gitkeep. is an empty file" out &&
	grep "^WARN file: .schemas/xlink.xsd. matches its listed size and MD5 only with CRLF" out &&
	grep "^OK   files: 4 listed files present with the right size and checksum$" out
'

expect_success '--json marks the warnings and no failure' '
	"$SOMARKIV" verify --json "$EX/csip-examples/minimal_IP_with_schemas.zip" >out &&
	! grep "\"ok\":false" out &&
	grep "\"ok\":true,\"warning\":true,\"detail\":" out
'

# expect_invalid NAME PATTERN [LABEL]: verify fails NAME with a FAIL line matching PATTERN.
expect_invalid() {
	expect_success "minimal_IP_$1 (${3:-INVALID}) fails: $2" "
		{ \"\$SOMARKIV\" verify \"$EX/csip-examples/minimal_IP_$1.zip\" >out; test \$? -eq 1; } &&
		grep \"^FAIL $2\" out
	"
}
expect_invalid invmets 'METS.xml schema: '
expect_invalid nocrtdt 'CSIP7 CREATEDATE: missing'
expect_invalid nomtshdr 'CSIP117 metsHdr: missing'
expect_invalid nopcktyp 'CSIP9 OAISPACKAGETYPE: missing'
expect_invalid noflscid 'CSIP59 fileSec: fileSec has no ID' 'index: VALID fails fileSec @ID tests'

expect_success 'a changed schema in an old-profile package is still caught and named' '
	{ "$SOMARKIV" verify "$EX/csip-examples/minimal_IP_noflscid.zip" >out; test $? -eq 1; } &&
	grep "^FAIL file: .schemas/CSIPExtensionMETS.xsd. has 1699 bytes, METS.xml says 1673$" out
'

if [ -e "$EX/commons-ip/Simple-EARK-SIP.zip" ]; then
	expect_failure 'commons-ip Simple-EARK-SIP (wrong-case csip namespace) fails' 1 '
		"$SOMARKIV" verify "$EX/commons-ip/Simple-EARK-SIP.zip" >out
	'
else
	skip 'commons-ip example' "no $EX/commons-ip"
fi

test_done
