#!/bin/sh
# One broken package per CSIP/SIP requirement, each made here from one of
# our own exports by one small change (to METS.xml, or a file added,
# removed or moved), and the valid export itself: verify passes the valid
# one without a word on the requirement, and names the requirement in a
# FAIL line (a MUST) or a WARN line (a SHOULD or MAY) for the broken one.
# Checks test values, not presence: TYPE="", PROFILE="",
# OAISPACKAGETYPE="AIP" and an empty agent name all fail. A representation
# METS.xml is read and its files checked like the package's. And
# `verify --requirements` covers every requirement of the published
# requirement lists (when ../shared is there), at their levels.
. "$(dirname "$0")/lib.sh"

skip_unless_command bsdtar
skip_unless_command perl
SOMARKIV_SCHEMA_DIR="$REPO/schemas"
export SOMARKIV_SCHEMA_DIR
P=sip-m

expect_success 'setup: an export with a registered item (ERMS), PREMIS, documentation, schemas' '
	"$SOMARKIV" --actor arkivarie init -q &&
	"$SOMARKIV" account add -q --platform mastodon --handle @exempelby@social.exempelby.se &&
	"$SOMARKIV" ingest -q --account 1 "$DATA/exempelby-mastodon-v1" &&
	"$SOMARKIV" plan use -q "$DATA/plans/exempelby.xml" &&
	"$SOMARKIV" classify -q &&
	"$SOMARKIV" register -q 2 --new-case --title "Snöröjning" 2>/dev/null &&
	"$SOMARKIV" export -q --out base.tar --package-id $P --created 2026-11-24T06:00:00Z \
		--creator "Exempelby kommun" &&
	mkdir base && bsdtar -xf base.tar -C base &&
	"$SOMARKIV" verify --requirements >reqs
'

# pack DIR TAR: the folder DIR/$P as a package.
pack() {
	(cd "$1" && bsdtar -cf "../$2" $P)
}

# A variant with a representation METS.xml of its own (CSIP105-112,
# CSIPSTR12): representations/rep1/METS.xml lists one item's files, the
# package METS lists it in the rep1 group and points at it from a
# representation division.
expect_success 'setup: a variant with a representation METS.xml' '
	cp -r base rep && R=rep/$P/representations/rep1 &&
	item=$(cd "$R" && ls -d data/item-* | head -n 1) &&
	files=$(cd "$R" && find "$item" -type f | sort) &&
	{
	printf "%s\n" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
	"<mets:mets xmlns:mets=\"http://www.loc.gov/METS/\" xmlns:csip=\"https://DILCIS.eu/XML/METS/CSIPExtensionMETS\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" OBJID=\"rep1\" TYPE=\"Mixed\" csip:CONTENTINFORMATIONTYPE=\"OTHER\" csip:OTHERCONTENTINFORMATIONTYPE=\"somarkiv item XML 1\" PROFILE=\"https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml\">" \
	" <mets:metsHdr CREATEDATE=\"2026-11-24T06:00:00Z\" LASTMODDATE=\"2026-11-24T06:00:00Z\" csip:OAISPACKAGETYPE=\"SIP\">" \
	"  <mets:agent ROLE=\"CREATOR\" TYPE=\"OTHER\" OTHERTYPE=\"SOFTWARE\"><mets:name>somarkiv</mets:name><mets:note csip:NOTETYPE=\"SOFTWARE VERSION\">1</mets:note></mets:agent>" \
	" </mets:metsHdr>" \
	" <mets:fileSec ID=\"rfs\"><mets:fileGrp ID=\"rg-data\" USE=\"Data\">"
	n=0; for f in $files; do n=$((n + 1))
		printf "%s\n" "  <mets:file ID=\"rf-$n\" MIMETYPE=\"application/octet-stream\" SIZE=\"$(wc -c <"$R/$f" | tr -d " ")\" CREATED=\"2026-11-24T06:00:00Z\" CHECKSUM=\"$(sha256sum "$R/$f" | cut -d" " -f1)\" CHECKSUMTYPE=\"SHA-256\"><mets:FLocat LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"$f\"/></mets:file>"
	done
	printf "%s\n" " </mets:fileGrp></mets:fileSec>" \
	" <mets:structMap ID=\"rsm\" TYPE=\"PHYSICAL\" LABEL=\"CSIP\"><mets:div ID=\"rd\" LABEL=\"rep1\"><mets:div ID=\"rd-md\" LABEL=\"Metadata\"/></mets:div></mets:structMap>" \
	"</mets:mets>"
	} >"$R/METS.xml" &&
	size=$(wc -c <"$R/METS.xml" | tr -d " ") && sum=$(sha256sum "$R/METS.xml" | cut -d" " -f1) &&
	perl -0pi -e "s{(<mets:fileGrp ID=\"filegrp-rep1\"[^>]*>\n)}{\$1      <mets:file ID=\"file-repmets\" MIMETYPE=\"application/xml\" SIZE=\"$size\" CREATED=\"2026-11-24T06:00:00Z\" CHECKSUM=\"$sum\" CHECKSUMTYPE=\"SHA-256\"><mets:FLocat LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"representations/rep1/METS.xml\"/></mets:file>\n}; s{(\s*</mets:div>\n\s*</mets:structMap>)}{\n      <mets:div ID=\"div-rep1\" LABEL=\"Representations/rep1\"><mets:mptr LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"representations/rep1/METS.xml\" xlink:title=\"filegrp-rep1\"/></mets:div>\$1}" rep/$P/METS.xml &&
	pack rep rep.tar &&
	"$SOMARKIV" verify --no-signature-check rep.tar >rep.out &&
	! grep "^FAIL\|^WARN CSIP10[5-9]\|^WARN CSIP11[0-2]\|^WARN CSIPSTR12" rep.out &&
	grep "^OK   representations/rep1/METS.xml schema: valid" rep.out
'

expect_success 'the valid export: no FAIL, and no WARN but the representation folder SHOULDs' '
	"$SOMARKIV" verify --no-signature-check base.tar >base.out &&
	! grep "^FAIL" base.out &&
	! grep "^WARN" base.out | grep -v "^WARN CSIPSTR1[23] \|^WARN signature: no signature"
'

# The changes, one a line: ID|FROM|PERL|EXPECT. FROM is base or rep, the
# package changed; PERL runs on its METS.xml (perl -0 -p, in the package's
# folder as $_ of METS.xml; "!" starts shell commands run in the folder
# instead); EXPECT is the line verify must print, "FAIL ID" or "WARN ID"
# (the requirement's level by default: MUST is FAIL, else WARN).
# Attributes of the mdRef or file that lists a path: mdref/file below.
A='s{(<mets:mdRef [^>]*?xlink:href="metadata/descriptive/erms.xml"[^>]*?)'
D='s{(<mets:mdRef [^>]*?xlink:href="metadata/preservation/premis.xml"[^>]*?)'
F='s{(<mets:file[^>]*?)'
FR='([^>]*>\s*<mets:FLocat [^>]*xlink:href="documentation/README.txt")}'
RM='s{(<mets:rightsMD[^>]*>\s*<mets:mdRef[^>]*?)'
RIGHTS='s{(\s*<mets:digiprovMD)}{\n    <mets:rightsMD ID="rights-1" STATUS="SUPERSEDED"><mets:mdRef LOCTYPE="URL" xlink:type="simple" xlink:href="documentation/README.txt" MDTYPE="OTHER" OTHERMDTYPE="text" MIMETYPE="text/plain" SIZE="@SZ@" CREATED="2026-11-24T06:00:00Z" CHECKSUM="@SUM@" CHECKSUMTYPE="SHA-256"/></mets:rightsMD>$1}'
AG='s{(</mets:metsHdr>)}{'
cat >changes <<EOF
CSIP1|base|s{OBJID="$P"}{OBJID=""}|
CSIP1|base|s{OBJID="$P"}{OBJID="another-name"}|WARN CSIP1
CSIP2|base|s{TYPE="Mixed"}{TYPE=""}|
CSIP2|base|s{TYPE="Mixed"}{TYPE="Tweets"}|
CSIP3|base|s{TYPE="Mixed"}{TYPE="OTHER"}|FAIL CSIP2
CSIP4|base|s{ csip:CONTENTINFORMATIONTYPE="OTHER" csip:OTHERCONTENTINFORMATIONTYPE="somarkiv item XML 1" PROFILE}{ PROFILE}|
CSIP5|base|s{ csip:OTHERCONTENTINFORMATIONTYPE="somarkiv item XML 1" PROFILE}{ PROFILE}|
CSIP6|base|s{PROFILE="[^"]*"}{PROFILE=""}|
SIP1|base|s{LABEL="Social media records"}{LABEL=""}|
SIP2|base|s{PROFILE="[^"]*"}{PROFILE="https://example.org/profile.xml"}|
CSIP117|base|s{<mets:metsHdr.*?</mets:metsHdr>\n}{}s|
CSIP7|base|s{ CREATEDATE="[^"]*"}{}|
CSIP8|base|s{ LASTMODDATE="[^"]*"}{}|
CSIP9|base|s{ csip:OAISPACKAGETYPE="SIP"}{}|
SIP3|base|s{RECORDSTATUS="NEW"}{RECORDSTATUS="FRESH"}|
SIP4|base|s{csip:OAISPACKAGETYPE="SIP"}{csip:OAISPACKAGETYPE="AIP"}|
CSIP10|base|s{<mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">.*?</mets:agent>\n}{}s|
CSIP11|base|s{ROLE="CREATOR" TYPE="OTHER" OTHERTYPE}{ROLE="EDITOR" TYPE="OTHER" OTHERTYPE}|
CSIP12|base|s{TYPE="OTHER" OTHERTYPE="SOFTWARE"}{TYPE="ORGANIZATION" OTHERTYPE="SOFTWARE"}|
CSIP13|base|s{OTHERTYPE="SOFTWARE"}{OTHERTYPE="HARDWARE"}|
CSIP14|base|s{<mets:name>somarkiv</mets:name>}{<mets:name> </mets:name>}|
CSIP15|base|s{(NOTETYPE="SOFTWARE VERSION">)[^<]*}{\$1}|
CSIP16|base|s{ csip:NOTETYPE="SOFTWARE VERSION"}{}|
SIP5|base|$AG<mets:altRecordID TYPE="AGREEMENT">SA-1</mets:altRecordID>\$1}|
SIP5|base|$AG<mets:altRecordID TYPE="SUBMISSIONAGREEMENT">A</mets:altRecordID><mets:altRecordID TYPE="SUBMISSIONAGREEMENT">B</mets:altRecordID>\$1}|
SIP6|base|$AG<mets:altRecordID TYPE="PREVIOUSSUBMISSIONAGREEMENT"> </mets:altRecordID>\$1}|
SIP7|base|$AG<mets:altRecordID TYPE="REFERENCECODE">A</mets:altRecordID><mets:altRecordID TYPE="REFERENCECODE">B</mets:altRecordID>\$1}|
SIP8|base|$AG<mets:altRecordID TYPE="PREVIOUSREFERENCECODE"></mets:altRecordID>\$1}|
SIP9|base|s{(<mets:agent ROLE="ARCHIVIST".*?</mets:agent>\n)}{\$1\$1}s|
SIP11|base|s{ROLE="ARCHIVIST" TYPE="ORGANIZATION"}{ROLE="ARCHIVIST" TYPE="OTHER"}|
SIP12|base|s{(ROLE="ARCHIVIST"[^>]*>\s*<mets:name>)[^<]*}{\$1}|
SIP13|base|s{(ROLE="ARCHIVIST"[^>]*>\s*<mets:name>[^<]*</mets:name>)}{\$1<mets:note csip:NOTETYPE="IDENTIFICATIONCODE">1</mets:note><mets:note csip:NOTETYPE="IDENTIFICATIONCODE">2</mets:note>}|
SIP14|base|s{(ROLE="ARCHIVIST"[^>]*>\s*<mets:name>[^<]*</mets:name>)}{\$1<mets:note>212000-1234</mets:note>}|
SIP15|base|s{<mets:agent ROLE="CREATOR" TYPE="[OI][A-Z]*">.*?</mets:agent>\n}{}sg|
SIP15|base|s{(<mets:agent ROLE="CREATOR" TYPE="ORGANIZATION">.*?</mets:agent>\n)}{\$1\$1}s|
SIP18|base|s{(ROLE="CREATOR" TYPE="ORGANIZATION">\s*<mets:name>)[^<]*}{\$1}|
SIP19|base|s{(ROLE="CREATOR" TYPE="ORGANIZATION">\s*<mets:name>[^<]*</mets:name>)}{\$1<mets:note csip:NOTETYPE="IDENTIFICATIONCODE">1</mets:note><mets:note csip:NOTETYPE="IDENTIFICATIONCODE">2</mets:note>}|
SIP20|base|s{(ROLE="CREATOR" TYPE="ORGANIZATION">\s*<mets:name>[^<]*</mets:name>)}{\$1<mets:note>212000-1234</mets:note>}|
SIP24|base|s{(ROLE="CREATOR" TYPE="INDIVIDUAL">\s*<mets:name>)[^<]*}{\$1}|
SIP26|base|s{(</mets:agent>\n)(\s*<mets:agent ROLE="ARCHIVIST")}{\$1<mets:agent ROLE="PRESERVATION" TYPE="ORGANIZATION"><mets:name>A</mets:name></mets:agent><mets:agent ROLE="PRESERVATION" TYPE="ORGANIZATION"><mets:name>B</mets:name></mets:agent>\$2}|
SIP28|base|s{(</mets:agent>\n)(\s*<mets:agent ROLE="ARCHIVIST")}{\$1<mets:agent ROLE="PRESERVATION" TYPE="INDIVIDUAL"><mets:name>A</mets:name></mets:agent>\$2}|
SIP29|base|s{(</mets:agent>\n)(\s*<mets:agent ROLE="ARCHIVIST")}{\$1<mets:agent ROLE="PRESERVATION" TYPE="ORGANIZATION"><mets:name></mets:name></mets:agent>\$2}|
SIP30|base|s{(</mets:agent>\n)(\s*<mets:agent ROLE="ARCHIVIST")}{\$1<mets:agent ROLE="PRESERVATION" TYPE="ORGANIZATION"><mets:name>A</mets:name><mets:note csip:NOTETYPE="IDENTIFICATIONCODE">1</mets:note><mets:note csip:NOTETYPE="IDENTIFICATIONCODE">2</mets:note></mets:agent>\$2}|
SIP31|base|s{(</mets:agent>\n)(\s*<mets:agent ROLE="ARCHIVIST")}{\$1<mets:agent ROLE="PRESERVATION" TYPE="ORGANIZATION"><mets:name>A</mets:name><mets:note>1</mets:note></mets:agent>\$2}|
CSIP17|base|s{<mets:dmdSec.*?</mets:dmdSec>\n}{}s; s{ DMDID="[^"]*"}{}|
CSIP18|base|s{<mets:dmdSec ID="dmd-1"}{<mets:dmdSec}; s{ DMDID="[^"]*"}{}|
CSIP19|base|s{(<mets:dmdSec[^>]*?) CREATED="[^"]*"}{\$1}|
CSIP20|base|s{(<mets:dmdSec[^>]*?) STATUS="CURRENT"}{\$1}|
CSIP21|base|s{(<mets:dmdSec[^>]*>)\s*<mets:mdRef[^>]*>}{\$1<mets:mdWrap MDTYPE="OTHER"><mets:xmlData/></mets:mdWrap>}|
CSIP22|base|s{<mets:mdRef LOCTYPE="URL"( xlink:type="simple" xlink:href="metadata/descriptive/)}{<mets:mdRef LOCTYPE="URN"\$1}|
CSIP23|base|s{ xlink:type="simple"( xlink:href="metadata/descriptive/)}{\$1}|
CSIP24|base|s{xlink:href="metadata/descriptive/erms.xml"}{xlink:href="metadata/descriptive/gone.xml"}|
CSIP25|base|$A MDTYPE="OTHER"}{\$1}|
CSIP26|base|$A MIMETYPE="application/xml"}{\$1 MIMETYPE="xml"}|
CSIP27|base|$A SIZE="\d+"}{\$1 SIZE="1"}|
CSIP28|base|$A CREATED="[^"]*"}{\$1}|
CSIP29|base|$A CHECKSUM="[0-9a-f]{8}}{\$1 CHECKSUM="00000000}|
CSIP30|base|$A CHECKSUMTYPE="SHA-256"}{\$1 CHECKSUMTYPE="CRC32"}|
CSIP31|base|s{(<mets:amdSec>.*?</mets:amdSec>\n)}{\$1<mets:amdSec><mets:techMD ID="t1"><mets:mdWrap MDTYPE="OTHER"><mets:xmlData/></mets:mdWrap></mets:techMD></mets:amdSec>\n}s|
CSIP32|base|s{<mets:digiprovMD(.*?)</mets:digiprovMD>}{<mets:techMD\$1</mets:techMD>}s|
CSIP33|base|s{<mets:digiprovMD ID="digiprov-1"}{<mets:digiprovMD}; s{ ADMID="[^"]*"}{}|
CSIP34|base|s{(<mets:digiprovMD[^>]*?) STATUS="CURRENT"}{\$1}|
CSIP35|base|s{(<mets:digiprovMD[^>]*>)\s*<mets:mdRef[^>]*>}{\$1<mets:mdWrap MDTYPE="OTHER"><mets:xmlData/></mets:mdWrap>}|
CSIP36|base|s{<mets:mdRef LOCTYPE="URL"( xlink:type="simple" xlink:href="metadata/preservation/)}{<mets:mdRef LOCTYPE="URN"\$1}|
CSIP37|base|s{ xlink:type="simple"( xlink:href="metadata/preservation/)}{\$1}|
CSIP38|base|s{xlink:href="metadata/preservation/premis.xml"}{xlink:href="metadata/preservation/gone.xml"}|
CSIP39|base|$D MDTYPE="PREMIS"}{\$1}|
CSIP40|base|$D MIMETYPE="application/xml"}{\$1 MIMETYPE="premis"}|
CSIP41|base|$D SIZE="\d+"}{\$1 SIZE="1"}|
CSIP42|base|$D CREATED="[^"]*"}{\$1}|
CSIP43|base|$D CHECKSUM="[0-9a-f]{8}}{\$1 CHECKSUM="00000000}|
CSIP44|base|$D CHECKSUMTYPE="SHA-256"}{\$1 CHECKSUMTYPE="CRC32"}|
CSIP46|rights|s{<mets:rightsMD ID="rights-1"}{<mets:rightsMD}|
CSIP47|rights|s{(<mets:rightsMD[^>]*?) STATUS="SUPERSEDED"}{\$1}|
CSIP48|rights|s{(<mets:rightsMD[^>]*>)\s*<mets:mdRef[^>]*>}{\$1<mets:mdWrap MDTYPE="OTHER"><mets:xmlData/></mets:mdWrap>}|
CSIP49|rights|$RM LOCTYPE="URL"}{\$1 LOCTYPE="URN"}|
CSIP50|rights|$RM xlink:type="simple"}{\$1}|
CSIP51|rights|$RM xlink:href="[^"]*"}{\$1 xlink:href="documentation/gone.txt"}|
CSIP52|rights|$RM MDTYPE="OTHER"}{\$1}|
CSIP53|rights|$RM MIMETYPE="text/plain"}{\$1 MIMETYPE="txt"}|
CSIP54|rights|$RM SIZE="\d+"}{\$1 SIZE="1"}|
CSIP55|rights|$RM CREATED="[^"]*"}{\$1}|
CSIP56|rights|$RM CHECKSUM="[0-9a-f]{8}}{\$1 CHECKSUM="00000000}|
CSIP57|rights|$RM CHECKSUMTYPE="SHA-256"}{\$1 CHECKSUMTYPE="CRC32"}|
CSIP58|base|! : >documentation/empty.txt|
CSIP58|base|s{<mets:fileSec.*?</mets:fileSec>\n}{}s; s{<mets:fptr[^>]*>}{}g|
CSIP59|base|s{<mets:fileSec ID="filesec-1">}{<mets:fileSec>}|
CSIP60|base|s{USE="Documentation"}{USE="Docs"}|
CSIP113|base|s{USE="Schemas"}{USE="Xsd"}|
CSIP114|base|s{USE="Representations/rep1"}{USE="Reps/rep1"}|
CSIP62|base|s{(USE="Representations/rep1") csip:CONTENTINFORMATIONTYPE="OTHER" csip:OTHERCONTENTINFORMATIONTYPE="[^"]*"}{\$1}|
CSIP63|base|s{(USE="Representations/rep1" csip:CONTENTINFORMATIONTYPE="OTHER") csip:OTHERCONTENTINFORMATIONTYPE="[^"]*"}{\$1}|
CSIP64|base|s{ USE="Documentation"}{}|
CSIP64|base|s{USE="Documentation"}{USE="Documentation/old"}|
CSIP65|base|s{<mets:fileGrp ID="filegrp-documentation"}{<mets:fileGrp}; s{FILEID="filegrp-documentation"}{FILEID="filegrp-schemas"}|
CSIP66|base|s{(<mets:fileGrp ID="filegrp-schemas")}{<mets:fileGrp ID="g-empty" USE="Other"/>\n\$1}|
CSIP67|base|$F ID="[^"]*"$FR{\$1\$2}s|
CSIP68|base|$F MIMETYPE="text/plain"$FR{\$1 MIMETYPE="txt"\$2}s|
CSIP69|base|$F SIZE="\d+"$FR{\$1 SIZE="7"\$2}s|
CSIP70|base|$F CREATED="[^"]*"$FR{\$1\$2}s|
CSIP71|base|$F CHECKSUM="[0-9a-f]{8}$FR{\$1 CHECKSUM="00000000\$2}s|
CSIP72|base|$F CHECKSUMTYPE="SHA-256"$FR{\$1 CHECKSUMTYPE="CRC32"\$2}s|
CSIP76|base|s{(<mets:FLocat [^>]*xlink:href="documentation/README.txt"/>)}{\$1\$1}|
CSIP77|base|s{<mets:FLocat LOCTYPE="URL"( xlink:type="simple" xlink:href="documentation/README.txt")}{<mets:FLocat LOCTYPE="URN"\$1}|
CSIP78|base|s{ xlink:type="simple"( xlink:href="documentation/README.txt")}{\$1}|
CSIP79|base|s{xlink:href="documentation/README.txt"}{xlink:href="documentation/GONE.txt"}|
CSIP80|base|s{(<mets:structMap .*?</mets:structMap>\n)}{my \$m = \$1; (my \$n = \$m) =~ s/ID="/ID="x-/g; \$m . \$n}se|
CSIP81|base|s{TYPE="PHYSICAL"}{TYPE="LOGICAL"}|
CSIP82|base|s{LABEL="CSIP"}{LABEL="Other"}|
CSIP83|base|s{<mets:structMap ID="[^"]*"}{<mets:structMap}|
CSIP84|base|s{(\s*</mets:structMap>)}{<mets:div ID="div-x" LABEL="x"/>\$1}|
CSIP85|base|s{ID="div-root" }{}|
CSIP88|base|s{LABEL="Metadata"}{LABEL="Meta"}|
CSIP89|base|s{ID="div-metadata" }{}|
CSIP90|base|s{(<mets:div ID="div-metadata"[^>]*/>)}{\$1<mets:div ID="div-md2" LABEL="Metadata"/>}|
CSIP91|base|s{ ADMID="[^"]*"}{}|
CSIP92|base|s{ DMDID="[^"]*"}{}|
CSIP93|base|s{<mets:div ID="div-documentation".*?</mets:div>\n}{}s|
CSIP94|base|s{ID="div-documentation" }{}|
CSIP95|base|s{(<mets:div ID="div-documentation")}{<mets:div ID="div-doc2" LABEL="Documentation"/>\$1}|
CSIP96|base|s{(<mets:div ID="div-documentation"[^>]*>)\s*<mets:fptr[^>]*>}{\$1}|
CSIP116|base|s{FILEID="filegrp-documentation"}{FILEID="filegrp-schemas"}|
CSIP97|base|s{<mets:div ID="div-schemas".*?</mets:div>\n}{}s|
CSIP98|base|s{ID="div-schemas" }{}|
CSIP99|base|s{(<mets:div ID="div-schemas")}{<mets:div ID="div-sch2" LABEL="Schemas"/>\$1}|
CSIP100|base|s{(<mets:div ID="div-schemas"[^>]*>)\s*<mets:fptr[^>]*>}{\$1}|
CSIP118|base|s{FILEID="filegrp-schemas"}{FILEID="filegrp-documentation"}|
CSIP101|base|s{<mets:div ID="div-representations".*?</mets:div>\n}{}s|
CSIP102|base|s{ID="div-representations" }{}|
CSIP103|base|s{(<mets:div ID="div-representations")}{<mets:div ID="div-reps2" LABEL="Representations"/>\$1}|
CSIP104|base|s{(<mets:div ID="div-representations"[^>]*>)\s*<mets:fptr[^>]*>}{\$1}|
CSIP119|base|s{FILEID="filegrp-rep1"}{FILEID="filegrp-schemas"}|
CSIP105|rep|s{<mets:div ID="div-rep1".*?</mets:div>}{}s|
CSIP106|rep|s{<mets:div ID="div-rep1" }{<mets:div }|
CSIP107|rep|s{LABEL="Representations/rep1"}{LABEL="Representations/elsewhere"}|
CSIP108|rep|s{xlink:title="filegrp-rep1"}{xlink:title="no-such-group"}|
CSIP109|rep|s{(<mets:mptr [^>]*/>)}{\$1\$1}|
CSIP110|rep|s{(<mets:mptr [^>]*)xlink:href="representations/rep1/METS.xml"}{\$1xlink:href="representations/rep1/NONE.xml"}|
CSIP111|rep|s{(<mets:mptr [^>]*) xlink:type="simple"}{\$1}|
CSIP112|rep|s{<mets:mptr LOCTYPE="URL"}{<mets:mptr LOCTYPE="URN"}|
SIP32|base|$F(MIMETYPE="text/plain")$FR{\$1\$2 sip:FILEFORMATNAME=""\$3}s|
SIP33|base|$F(MIMETYPE="text/plain")$FR{\$1\$2 sip:FILEFORMATVERSION="1.0"\$3}s|
SIP34|base|$F(MIMETYPE="text/plain")$FR{\$1\$2 sip:FORMATREGISTRYKEY="x-fmt/111"\$3}s|
SIP35|base|$F(MIMETYPE="text/plain")$FR{\$1\$2 sip:FORMATREGISTRY="PRONOM"\$3}s|
CSIPSTR1|base|! echo x >../outside.txt|
CSIPSTR4|base|! rm METS.xml|
CSIPSTR5|base|! mv metadata meta; perl -0pi -e 's{"metadata/}{"meta/}g' METS.xml|
CSIPSTR6|base|! mv metadata/preservation metadata/prov; perl -0pi -e 's{metadata/preservation/}{metadata/prov/}g' METS.xml|
CSIPSTR7|base|! mv metadata/descriptive metadata/desc; perl -0pi -e 's{metadata/descriptive/}{metadata/desc/}g' METS.xml|
CSIPSTR8|base|! : >metadata/notes.txt|
CSIPSTR9|base|! mv representations reps; perl -0pi -e 's{"representations/}{"reps/}g' METS.xml|
CSIPSTR10|base|! : >representations/notes.txt|
CSIPSTR11|base|! mv representations/rep1/data representations/rep1/content; perl -0pi -e 's{representations/rep1/data/}{representations/rep1/content/}g' METS.xml|
CSIPSTR12|base||WARN CSIPSTR12
CSIPSTR13|base||WARN CSIPSTR13
CSIPSTR15|base|! mv schemas xsd; perl -0pi -e 's{"schemas/}{"xsd/}g' METS.xml|
CSIPSTR16|base|! mv documentation docs; perl -0pi -e 's{"documentation/}{"docs/}g' METS.xml|
EOF

expect_success 'setup: a variant with a rights section (CSIP45-57)' '
	cp -r base rights &&
	f=rights/$P/documentation/README.txt &&
	r=$(printf "%s" "$RIGHTS" | sed "s/@SZ@/$(wc -c <"$f" | tr -d " ")/; s/@SUM@/$(sha256sum "$f" | cut -d" " -f1)/") &&
	perl -0pi -e "$r" rights/$P/METS.xml &&
	pack rights rights.tar &&
	"$SOMARKIV" verify --no-signature-check rights.tar >rights.out &&
	! grep "^FAIL\|^WARN CSIP4[5-9]\|^WARN CSIP5[0-7]" rights.out
'

n=0
while IFS='|' read -r id from change expect; do
	n=$((n + 1))
	level=$(awk -v id="$id" '$1 == id { print $2 }' reqs)
	if [ -z "$expect" ]; then
		case $level in MUST) expect="FAIL $id" ;; *) expect="WARN $id" ;; esac
	fi
	expect_success "$id: one change breaks it, verify says $expect" "
		rm -rf t && mkdir t && cp -r $from/$P t/ &&
		(cd t/$P &&
		 c=\$(sed -n ${n}p ../../changes | cut -d'|' -f3) &&
		 case \$c in
		 '!'*) sh -c \"\${c#!}\" ;;
		 '') ;;
		 *) perl -0pi -e \"\$c\" METS.xml ;;
		 esac) &&
		if [ $id = CSIPSTR1 ]; then (cd t && bsdtar -cf ../t.tar $P outside.txt); else pack t t.tar; fi &&
		{ \"\$SOMARKIV\" verify --no-signature-check t.tar >out; true; } &&
		grep \"^$expect \" out &&
		case $id@$from in CSIPSTR1[23]@*|*@rights) ;; *) ! grep \"^[A-Z]* $id \" $from.out ;; esac
	"
done <changes

expect_success 'CSIPSTR12 and CSIPSTR13 met: a representation with its METS.xml and a metadata/ folder' '
	rm -rf t && mkdir t && cp -r rep/$P t/ &&
	mkdir t/$P/representations/rep1/metadata && : >t/$P/representations/rep1/metadata/.keep &&
	pack t t.tar &&
	"$SOMARKIV" verify --no-signature-check t.tar >out &&
	! grep "^[A-Z]* CSIPSTR1[23] " out &&
	grep "^OK   CSIP folders: .* CSIPSTR12 CSIPSTR13 " out
'

expect_success 'a representation METS.xml is checked like the package METS: a wrong checksum in it is named' '
	rm -rf t && mkdir t && cp -r rep/$P t/ &&
	perl -0pi -e "s{(<mets:file ID=\"rf-1\"[^>]*CHECKSUM=\")[0-9a-f]{8}}{\${1}00000000}" t/$P/representations/rep1/METS.xml &&
	size=$(wc -c <t/$P/representations/rep1/METS.xml | tr -d " ") &&
	sum=$(sha256sum t/$P/representations/rep1/METS.xml | cut -d" " -f1) &&
	perl -0pi -e "s{(ID=\"file-repmets\" MIMETYPE=\"application/xml\" SIZE=\")\d+(\" CREATED=\"[^\"]*\" CHECKSUM=\")[0-9a-f]+}{\${1}$size\${2}$sum}" t/$P/METS.xml &&
	pack t t.tar &&
	{ "$SOMARKIV" verify --no-signature-check t.tar >out; test $? -eq 1; } &&
	grep "^FAIL CSIP71 file CHECKSUM: ${SQ}representations/rep1/data/item-[0-9]*/[^ ]*${SQ} is changed" out &&
	test "$(grep -c "^FAIL" out)" -eq 1
'

expect_success 'verify --requirements: every requirement at its 2.1.0 and 2.2.0 level, each with its check' '
	test "$(wc -l <reqs)" -gt 150 &&
	"$SOMARKIV" verify --requirements --json >reqs.json &&
	test "$(wc -l <reqs.json)" -eq "$(wc -l <reqs)" &&
	awk "{ print \$1 }" reqs | sort | uniq -d >dups && test_must_be_empty dups
'

# Every requirement has a broken package above, or its check says why none can be made.
expect_success 'every requirement has a broken package above, or says why not' '
	cut -d"|" -f1 changes | sort -u >tested &&
	awk "{ print \$1 }" reqs | sort -u >all &&
	comm -23 all tested >untested &&
	while read -r id; do
		grep "^$id  *[A-Z]*  *[^:]*: \(none\|checked with\)" reqs >/dev/null ||
		{ echo "no broken package, and no reason: $id"; exit 1; }
	done <untested
'

if [ -d "$SHARED/fgs/requirements" ]; then
	expect_success 'verify --requirements covers every id of the published requirement lists, at their levels' '
		for f in "$SHARED"/fgs/requirements/*.tsv; do
			v=level; case $f in *2.2.0*) v=level_2_2 ;; esac
			tail -n +2 "$f" | cut -f1,2 | while IFS="	" read -r id level; do
				grep -F "{\"id\":\"$id\",\"level\":\"" reqs.json | grep -F "\"$v\":\"$level\"" >/dev/null ||
				{ echo "$f: $id ($level) missing or at another level"; exit 1; }
			done || exit 1
		done
	'
else
	skip 'the requirement lists of ../shared/fgs' "no $SHARED/fgs/requirements"
fi

test_done
