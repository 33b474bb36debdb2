/*
 * Every requirement of E-ARK CSIP and SIP (2.1.0, which FGS Paketstruktur
 * 2.0 adopts, and 2.2.0) with the check verify makes of it, or why it
 * makes none (REQS below, printed by `somarkiv verify --requirements`),
 * and the checker of one METS document. The checker sees the document
 * element by element and keeps only small state (the open element's
 * attributes, the file groups, the agents), so a streaming pass drives it.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "package/csip.h"
#include "somarkiv/export.h"
#include "util/common.h"

#define NS_METS "http://www.loc.gov/METS/"
#define NS_CSIP "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
#define NS_SIP "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
#define NS_XLINK "http://www.w3.org/1999/xlink"

/* The profile URL of the CSIP drafts before 2.0 (the E-ARK examples of 2018). */
#define LEGACY_PROFILE "https://earkcsip.dilcis.eu/profile/CSIP.xml"
#define LEGACY_NOTE "; a CSIP 2.x rule the declared draft profile '" LEGACY_PROFILE "' predates"

enum { MUST, SHOULD, MAY };
/* F_LEGACY: a CSIP 2.x MUST the 2018 draft profile lacks (a WARN for a package declaring it). */
enum { F_LEGACY = 1 };
enum { G_ROOT, G_HDR, G_AGENTS, G_DMD, G_AMD, G_FILESEC, G_FILES, G_SMAP, G_FOLDERS, G_NONE };
static const char *const group_names[] = {
	"mets root element", "header", "agents", "descriptive metadata",
	"administrative metadata", "file section", "files", "structural map", "folders", NULL
};

/*
 * X(id, level in 2.1.0, level in 2.2.0, flags, group, name, the check).
 * A check that starts "none:" says why a program cannot hold it.
 */
#define REQS(X) \
X(CSIP1, MUST, MUST, 0, G_ROOT, "OBJID", "mets/@OBJID present and not empty (FAIL); not the name of the root (or representation) folder: WARN, as its text says 'should' (also CSIPSTR2)") \
X(CSIP2, MUST, MUST, 0, G_ROOT, "TYPE", "mets/@TYPE is a term of the content category vocabulary (also 'OTHER'); TYPE OTHER without a non-empty csip:OTHERTYPE fails, as CSIP2's text says") \
X(CSIP3, SHOULD, SHOULD, 0, G_ROOT, "OTHERTYPE", "checked with CSIP2: TYPE OTHER needs csip:OTHERTYPE (CSIP2's text makes it a MUST)") \
X(CSIP4, SHOULD, SHOULD, 0, G_ROOT, "CONTENTINFORMATIONTYPE", "csip:CONTENTINFORMATIONTYPE (CSIP namespace) present and not empty; its value against the vocabulary by the schema") \
X(CSIP5, MAY, MAY, 0, G_ROOT, "OTHERCONTENTINFORMATIONTYPE", "CONTENTINFORMATIONTYPE OTHER has a non-empty csip:OTHERCONTENTINFORMATIONTYPE") \
X(CSIP6, MUST, MUST, 0, G_ROOT, "PROFILE", "mets/@PROFILE present and an http(s) URL") \
X(CSIP117, MUST, MUST, 0, G_HDR, "metsHdr", "exactly one metsHdr") \
X(CSIP7, MUST, MUST, 0, G_HDR, "CREATEDATE", "metsHdr/@CREATEDATE present (its form: xs:dateTime, by the schema)") \
X(CSIP8, SHOULD, SHOULD, 0, G_HDR, "LASTMODDATE", "metsHdr/@LASTMODDATE present") \
X(CSIP9, MUST, MUST, 0, G_HDR, "OAISPACKAGETYPE", "metsHdr/@csip:OAISPACKAGETYPE in the CSIP namespace, one of SIP AIP DIP AIU AIC") \
X(CSIP10, MUST, MUST, 0, G_AGENTS, "software agent", "a metsHdr/agent for the software (OTHERTYPE SOFTWARE, or TYPE OTHER) exists") \
X(CSIP11, MUST, MUST, 0, G_AGENTS, "software agent ROLE", "the software agent has ROLE CREATOR") \
X(CSIP12, MUST, MUST, 0, G_AGENTS, "software agent TYPE", "the software agent has TYPE OTHER") \
X(CSIP13, MUST, MUST, 0, G_AGENTS, "software agent OTHERTYPE", "the software agent has OTHERTYPE SOFTWARE") \
X(CSIP14, MUST, MUST, 0, G_AGENTS, "software agent name", "the software agent has exactly one name, not empty") \
X(CSIP15, MUST, MUST, 0, G_AGENTS, "software agent note", "the software agent has exactly one note, not empty") \
X(CSIP16, MUST, MUST, 0, G_AGENTS, "software agent NOTETYPE", "that note has csip:NOTETYPE 'SOFTWARE VERSION'") \
X(CSIP17, SHOULD, SHOULD, 0, G_DMD, "dmdSec", "files under metadata/descriptive/ are described by a dmdSec") \
X(CSIP18, MUST, MUST, 0, G_DMD, "dmdSec ID", "dmdSec/@ID present (unique: xs:ID, by the schema)") \
X(CSIP19, MUST, MUST, 0, G_DMD, "dmdSec CREATED", "dmdSec/@CREATED present") \
X(CSIP20, SHOULD, SHOULD, 0, G_DMD, "dmdSec STATUS", "dmdSec/@STATUS present, CURRENT or SUPERSEDED") \
X(CSIP21, SHOULD, SHOULD, 0, G_DMD, "dmdSec mdRef", "each dmdSec has an mdRef") \
X(CSIP22, MUST, MUST, 0, G_DMD, "dmdSec mdRef LOCTYPE", "mdRef/@LOCTYPE is URL") \
X(CSIP23, MUST, MUST, 0, G_DMD, "dmdSec mdRef xlink:type", "mdRef/@xlink:type is simple") \
X(CSIP24, MUST, MUST, 0, G_DMD, "dmdSec mdRef href", "mdRef/@xlink:href present and naming a file of the package") \
X(CSIP25, MUST, MUST, 0, G_DMD, "dmdSec mdRef MDTYPE", "mdRef/@MDTYPE present (its value by the schema)") \
X(CSIP26, MUST, MUST, 0, G_DMD, "dmdSec mdRef MIMETYPE", "mdRef/@MIMETYPE an IANA media type (type/subtype of a registered top-level type)") \
X(CSIP27, MUST, MUST, 0, G_DMD, "dmdSec mdRef SIZE", "mdRef/@SIZE present and the file's size") \
X(CSIP28, MUST, MUST, 0, G_DMD, "dmdSec mdRef CREATED", "mdRef/@CREATED present") \
X(CSIP29, MUST, MUST, 0, G_DMD, "dmdSec mdRef CHECKSUM", "mdRef/@CHECKSUM present and the file's digest") \
X(CSIP30, MUST, MUST, 0, G_DMD, "dmdSec mdRef CHECKSUMTYPE", "mdRef/@CHECKSUMTYPE present and one verify computes (MD5, SHA-1, SHA-256, SHA-512)") \
X(CSIP31, SHOULD, SHOULD, 0, G_AMD, "amdSec", "files under metadata/preservation/ have an amdSec, and there is at most one amdSec") \
X(CSIP32, SHOULD, SHOULD, 0, G_AMD, "digiprovMD", "files under metadata/preservation/ are described by a digiprovMD") \
X(CSIP33, MUST, MUST, 0, G_AMD, "digiprovMD ID", "digiprovMD/@ID present") \
X(CSIP34, SHOULD, SHOULD, 0, G_AMD, "digiprovMD STATUS", "digiprovMD/@STATUS present, CURRENT or SUPERSEDED") \
X(CSIP35, SHOULD, SHOULD, 0, G_AMD, "digiprovMD mdRef", "each digiprovMD has an mdRef") \
X(CSIP36, MUST, MUST, 0, G_AMD, "digiprovMD mdRef LOCTYPE", "as CSIP22") \
X(CSIP37, MUST, MUST, 0, G_AMD, "digiprovMD mdRef xlink:type", "as CSIP23") \
X(CSIP38, MUST, MUST, 0, G_AMD, "digiprovMD mdRef href", "as CSIP24") \
X(CSIP39, MUST, MUST, 0, G_AMD, "digiprovMD mdRef MDTYPE", "as CSIP25") \
X(CSIP40, MUST, MUST, 0, G_AMD, "digiprovMD mdRef MIMETYPE", "as CSIP26") \
X(CSIP41, MUST, MUST, 0, G_AMD, "digiprovMD mdRef SIZE", "as CSIP27") \
X(CSIP42, MUST, MUST, 0, G_AMD, "digiprovMD mdRef CREATED", "as CSIP28") \
X(CSIP43, MUST, MUST, 0, G_AMD, "digiprovMD mdRef CHECKSUM", "as CSIP29") \
X(CSIP44, MUST, MUST, 0, G_AMD, "digiprovMD mdRef CHECKSUMTYPE", "as CSIP30") \
X(CSIP45, MAY, MAY, 0, G_AMD, "rightsMD", "none: rights metadata is optional (0..n); a rightsMD present is held to CSIP46-57") \
X(CSIP46, MUST, MUST, 0, G_AMD, "rightsMD ID", "rightsMD/@ID present") \
X(CSIP47, SHOULD, SHOULD, 0, G_AMD, "rightsMD STATUS", "rightsMD/@STATUS present, CURRENT or SUPERSEDED") \
X(CSIP48, SHOULD, SHOULD, 0, G_AMD, "rightsMD mdRef", "each rightsMD has an mdRef") \
X(CSIP49, MUST, MUST, 0, G_AMD, "rightsMD mdRef LOCTYPE", "as CSIP22") \
X(CSIP50, MUST, MUST, 0, G_AMD, "rightsMD mdRef xlink:type", "as CSIP23") \
X(CSIP51, MUST, MUST, 0, G_AMD, "rightsMD mdRef href", "as CSIP24") \
X(CSIP52, MUST, MUST, 0, G_AMD, "rightsMD mdRef MDTYPE", "as CSIP25") \
X(CSIP53, MUST, MUST, 0, G_AMD, "rightsMD mdRef MIMETYPE", "as CSIP26") \
X(CSIP54, MUST, MUST, 0, G_AMD, "rightsMD mdRef SIZE", "as CSIP27") \
X(CSIP55, MUST, MUST, 0, G_AMD, "rightsMD mdRef CREATED", "as CSIP28") \
X(CSIP56, MUST, MUST, 0, G_AMD, "rightsMD mdRef CHECKSUM", "as CSIP29") \
X(CSIP57, MUST, MUST, 0, G_AMD, "rightsMD mdRef CHECKSUMTYPE", "as CSIP30") \
X(CSIP58, SHOULD, SHOULD, 0, G_FILESEC, "fileSec", "a fileSec present; an empty file no METS lists is a WARN (a file with content that nothing lists FAILs 'unlisted file': no checksum vouches for its bytes)") \
X(CSIP59, MUST, MUST, 0, G_FILESEC, "fileSec ID", "fileSec/@ID present and not empty (a MUST in the 2018 draft too)") \
X(CSIP60, MUST, MUST, F_LEGACY, G_FILESEC, "Documentation group", "the package METS has a fileGrp USE Documentation") \
X(CSIP113, MUST, MUST, F_LEGACY, G_FILESEC, "Schemas group", "the package METS has a fileGrp USE Schemas") \
X(CSIP114, MUST, MUST, F_LEGACY, G_FILESEC, "Representations group", "the package METS has a fileGrp whose USE starts with Representations") \
X(CSIP61, MAY, MAY, 0, G_FILESEC, "fileGrp ADMID", "none: optional; the IDs it names must exist (xs:IDREFS, by the schema)") \
X(CSIP62, SHOULD, SHOULD, 0, G_FILESEC, "fileGrp CONTENTINFORMATIONTYPE", "each Representations fileGrp has a non-empty csip:CONTENTINFORMATIONTYPE") \
X(CSIP63, MAY, MAY, 0, G_FILESEC, "fileGrp OTHERCONTENTINFORMATIONTYPE", "a fileGrp's CONTENTINFORMATIONTYPE OTHER has a non-empty csip:OTHERCONTENTINFORMATIONTYPE") \
X(CSIP64, MUST, MUST, 0, G_FILESEC, "fileGrp USE", "fileGrp/@USE present, and every file of the group lies in the folder it names (Documentation: documentation/, Representations/rep1: representations/rep1/; letter case aside)") \
X(CSIP65, MUST, MUST, 0, G_FILESEC, "fileGrp ID", "fileGrp/@ID present") \
X(CSIP66, MUST, MUST, 0, G_FILESEC, "fileGrp file", "each fileGrp holds at least one file") \
X(CSIP67, MUST, MUST, 0, G_FILES, "file ID", "file/@ID present") \
X(CSIP68, MUST, MUST, 0, G_FILES, "file MIMETYPE", "file/@MIMETYPE an IANA media type") \
X(CSIP69, MUST, MUST, 0, G_FILES, "file SIZE", "file/@SIZE present and the file's size") \
X(CSIP70, MUST, MUST, 0, G_FILES, "file CREATED", "file/@CREATED present") \
X(CSIP71, MUST, MUST, 0, G_FILES, "file CHECKSUM", "file/@CHECKSUM present and the file's digest") \
X(CSIP72, MUST, MUST, 0, G_FILES, "file CHECKSUMTYPE", "file/@CHECKSUMTYPE present and one verify computes") \
X(CSIP73, MAY, MAY, 0, G_FILES, "file OWNERID", "none: an optional free identifier") \
X(CSIP74, MAY, MAY, 0, G_FILES, "file ADMID", "none: optional; the IDs it names must exist (xs:IDREFS, by the schema)") \
X(CSIP75, MAY, MAY, 0, G_FILES, "file DMDID", "none: optional; the IDs it names must exist (xs:IDREFS, by the schema)") \
X(CSIP76, MUST, MUST, 0, G_FILES, "file FLocat", "each file has exactly one FLocat") \
X(CSIP77, MUST, MUST, 0, G_FILES, "FLocat LOCTYPE", "FLocat/@LOCTYPE is URL") \
X(CSIP78, MUST, MUST, 0, G_FILES, "FLocat xlink:type", "FLocat/@xlink:type is simple") \
X(CSIP79, MUST, MUST, 0, G_FILES, "FLocat href", "FLocat/@xlink:href present and naming a file of the package (percent-decoded)") \
X(CSIP80, MUST, MUST, 0, G_SMAP, "structMap", "exactly one structMap labelled CSIP") \
X(CSIP81, MUST, MUST, 0, G_SMAP, "structMap TYPE", "the CSIP structMap has TYPE PHYSICAL") \
X(CSIP82, MUST, MUST, 0, G_SMAP, "structMap LABEL", "a structMap has LABEL CSIP (the 2018 draft's 'CSIP StructMap': WARN)") \
X(CSIP83, MUST, MUST, 0, G_SMAP, "structMap ID", "the CSIP structMap has an ID") \
X(CSIP84, MUST, MUST, 0, G_SMAP, "structMap div", "the CSIP structMap has exactly one div") \
X(CSIP85, MUST, MUST, 0, G_SMAP, "structMap div ID", "that div has an ID") \
X(CSIP88, MUST, MUST, 0, G_SMAP, "Metadata division", "exactly one sub-division labelled Metadata") \
X(CSIP89, MUST, MUST, 0, G_SMAP, "Metadata division ID", "the Metadata division has an ID") \
X(CSIP90, MUST, MUST, 0, G_SMAP, "Metadata division LABEL", "the same test as CSIP88: a division labelled Metadata, only one") \
X(CSIP91, SHOULD, SHOULD, 0, G_SMAP, "Metadata division ADMID", "every administrative section with STATUS CURRENT is named in the Metadata division's ADMID") \
X(CSIP92, SHOULD, SHOULD, 0, G_SMAP, "Metadata division DMDID", "every dmdSec with STATUS CURRENT is named in the Metadata division's DMDID") \
X(CSIP93, SHOULD, SHOULD, 0, G_SMAP, "Documentation division", "a sub-division labelled Documentation") \
X(CSIP94, MUST, MUST, 0, G_SMAP, "Documentation division ID", "the Documentation division has an ID") \
X(CSIP95, MUST, MUST, 0, G_SMAP, "Documentation division LABEL", "at most one division labelled Documentation") \
X(CSIP96, MUST, SHOULD, F_LEGACY, G_SMAP, "Documentation division fptr", "every Documentation fileGrp is named by an fptr of the Documentation division") \
X(CSIP116, MUST, MUST, F_LEGACY, G_SMAP, "Documentation fptr FILEID", "each fptr there has a FILEID naming a Documentation fileGrp") \
X(CSIP97, SHOULD, SHOULD, 0, G_SMAP, "Schemas division", "a sub-division labelled Schemas") \
X(CSIP98, MUST, MUST, 0, G_SMAP, "Schemas division ID", "the Schemas division has an ID") \
X(CSIP99, MUST, MUST, 0, G_SMAP, "Schemas division LABEL", "at most one division labelled Schemas") \
X(CSIP100, MUST, SHOULD, F_LEGACY, G_SMAP, "Schemas division fptr", "every Schemas fileGrp is named by an fptr of the Schemas division") \
X(CSIP118, MUST, MUST, F_LEGACY, G_SMAP, "Schemas fptr FILEID", "each fptr there has a FILEID naming a Schemas fileGrp") \
X(CSIP101, SHOULD, SHOULD, 0, G_SMAP, "Representations division", "a sub-division labelled Representations when some Representations fileGrp has no representation division of its own") \
X(CSIP102, MUST, MUST, 0, G_SMAP, "Representations division ID", "the Representations division has an ID") \
X(CSIP103, MUST, MUST, 0, G_SMAP, "Representations division LABEL", "at most one division labelled Representations") \
X(CSIP104, MUST, SHOULD, F_LEGACY, G_SMAP, "Representations division fptr", "every Representations fileGrp without a representation division is named by an fptr of the Representations division") \
X(CSIP119, MUST, MUST, F_LEGACY, G_SMAP, "Representations fptr FILEID", "each fptr there has a FILEID naming a Representations fileGrp") \
X(CSIP105, SHOULD, SHOULD, 0, G_SMAP, "representation division", "each representations/NAME/METS.xml has a division of its own with an mptr to it") \
X(CSIP106, MUST, MUST, 0, G_SMAP, "representation division ID", "a representation division has an ID") \
X(CSIP107, MUST, MUST, 0, G_SMAP, "representation division LABEL", "its LABEL is Representations/NAME, NAME a folder of the package") \
X(CSIP108, MUST, MUST, 0, G_SMAP, "mptr xlink:title", "its mptr's xlink:title is the ID of a fileGrp") \
X(CSIP109, MUST, MUST, 0, G_SMAP, "representation mptr", "it has exactly one mptr") \
X(CSIP110, MUST, MUST, 0, G_SMAP, "mptr href", "the mptr's xlink:href names a METS.xml of the package, which verify then reads and checks the same way") \
X(CSIP111, MUST, MUST, 0, G_SMAP, "mptr xlink:type", "the mptr's xlink:type is simple") \
X(CSIP112, MUST, MUST, 0, G_SMAP, "mptr LOCTYPE", "the mptr's LOCTYPE is URL") \
X(REF_METS_1, MAY, MAY, 0, G_NONE, "structLink", "none: CSIP defines no use of structLink") \
X(REF_METS_2, MAY, MAY, 0, G_NONE, "behaviorSec", "none: CSIP defines no use of behaviorSec") \
X(SIP1, MAY, MAY, 0, G_ROOT, "LABEL", "mets/@LABEL, when present, is not empty") \
X(SIP2, MUST, MUST, 0, G_ROOT, "SIP PROFILE", "mets/@PROFILE is the E-ARK SIP profile (2.1.0 or 2.2.0 URL); a CSIP profile: WARN and the SIP rules are not applied") \
X(SIP3, MAY, MAY, 0, G_HDR, "RECORDSTATUS", "metsHdr/@RECORDSTATUS, when present, a term of the SIP vocabulary") \
X(SIP4, MUST, MUST, 0, G_HDR, "OAISPACKAGETYPE SIP", "metsHdr/@csip:OAISPACKAGETYPE is SIP") \
X(SIP5, MAY, MAY, 0, G_HDR, "submission agreement", "altRecordID TYPE is a term of the SIP vocabulary; at most one SUBMISSIONAGREEMENT, not empty") \
X(SIP6, MAY, MAY, 0, G_HDR, "previous submission agreement", "PREVIOUSSUBMISSIONAGREEMENT altRecordIDs not empty") \
X(SIP7, MAY, MAY, 0, G_HDR, "reference code", "at most one REFERENCECODE altRecordID, not empty") \
X(SIP8, MAY, MAY, 0, G_HDR, "previous reference code", "PREVIOUSREFERENCECODE altRecordIDs not empty") \
X(SIP9, MAY, MAY, 0, G_AGENTS, "archival creator agent", "at most one agent with ROLE ARCHIVIST (the records creator, arkivbildare)") \
X(SIP10, MUST, MUST, 0, G_AGENTS, "archival creator ROLE", "none beyond identification: the archival creator agent is the one with ROLE ARCHIVIST") \
X(SIP11, MUST, MUST, 0, G_AGENTS, "archival creator TYPE", "its TYPE is ORGANIZATION or INDIVIDUAL") \
X(SIP12, MAY, MUST, 0, G_AGENTS, "archival creator name", "its name is not empty") \
X(SIP13, MAY, MAY, 0, G_AGENTS, "archival creator note", "at most one note") \
X(SIP14, MUST, MUST, 0, G_AGENTS, "archival creator NOTETYPE", "its notes have csip:NOTETYPE IDENTIFICATIONCODE") \
X(SIP15, MUST, MUST, 0, G_AGENTS, "submitting agent", "exactly one agent ROLE CREATOR TYPE ORGANIZATION (or, when none, one ROLE CREATOR TYPE INDIVIDUAL)") \
X(SIP16, MUST, MUST, 0, G_AGENTS, "submitting agent ROLE", "none beyond identification: the submitting agent is the one with ROLE CREATOR (SIP15)") \
X(SIP17, MUST, MUST, 0, G_AGENTS, "submitting agent TYPE", "none beyond identification: ORGANIZATION or INDIVIDUAL is how SIP15 finds it") \
X(SIP18, MAY, MUST, 0, G_AGENTS, "submitting agent name", "its name is not empty") \
X(SIP19, MAY, MAY, 0, G_AGENTS, "submitting agent note", "at most one note") \
X(SIP20, MUST, MUST, 0, G_AGENTS, "submitting agent NOTETYPE", "its notes have csip:NOTETYPE IDENTIFICATIONCODE") \
X(SIP21, MAY, MAY, 0, G_AGENTS, "contact person", "none: optional (0..n); each is held to SIP24") \
X(SIP22, MUST, MUST, 0, G_AGENTS, "contact person ROLE", "none beyond identification: a contact person is an agent ROLE CREATOR TYPE INDIVIDUAL") \
X(SIP23, MUST, MUST, 0, G_AGENTS, "contact person TYPE", "none beyond identification (SIP22)") \
X(SIP24, MUST, MUST, 0, G_AGENTS, "contact person name", "each contact person has a name, not empty") \
X(SIP25, MAY, MAY, 0, G_AGENTS, "contact person note", "none: optional free notes") \
X(SIP26, MAY, MAY, 0, G_AGENTS, "preservation agent", "at most one agent with ROLE PRESERVATION") \
X(SIP27, MUST, MUST, 0, G_AGENTS, "preservation agent ROLE", "none beyond identification: the preservation agent is the one with ROLE PRESERVATION") \
X(SIP28, MUST, MUST, 0, G_AGENTS, "preservation agent TYPE", "its TYPE is ORGANIZATION") \
X(SIP29, MAY, MUST, 0, G_AGENTS, "preservation agent name", "its name is not empty") \
X(SIP30, MAY, MAY, 0, G_AGENTS, "preservation agent note", "at most one note") \
X(SIP31, MUST, MUST, 0, G_AGENTS, "preservation agent NOTETYPE", "its notes have csip:NOTETYPE IDENTIFICATIONCODE") \
X(REF_CSIP_1, SHOULD, SHOULD, 0, G_NONE, "SIP dmdSec", "none of its own: the CSIP dmdSec checks (CSIP17-30) apply to every package") \
X(REF_CSIP_2, SHOULD, SHOULD, 0, G_NONE, "SIP amdSec", "none of its own: the CSIP amdSec checks (CSIP31-57) apply to every package") \
X(SIP32, MAY, MAY, 0, G_FILES, "FILEFORMATNAME", "sip:FILEFORMATNAME, when present, not empty") \
X(SIP33, MAY, MAY, 0, G_FILES, "FILEFORMATVERSION", "sip:FILEFORMATVERSION, when present, not empty, and only beside FILEFORMATNAME") \
X(SIP34, MAY, MAY, 0, G_FILES, "FORMATREGISTRY", "sip:FORMATREGISTRY (the schema's spelling; the profile text says FILEFORMATREGISTRY, which is flagged) not empty, and with a registry key") \
X(SIP35, MAY, MAY, 0, G_FILES, "FORMATREGISTRYKEY", "sip:FORMATREGISTRYKEY (the profile text says FILEFORMATKEY, which is flagged) not empty, and with a registry") \
X(REF_CSIP_3, SHOULD, SHOULD, 0, G_NONE, "SIP structMap", "none of its own: the CSIP structMap checks (CSIP80-119) apply to every package") \
X(CSIPSTR1, MUST, MUST, 0, G_FOLDERS, "root folder", "every entry of the archive lies under one root folder") \
X(CSIPSTR2, SHOULD, SHOULD, 0, G_FOLDERS, "root folder name", "checked with CSIP1: the root folder is named as the OBJID (WARN)") \
X(CSIPSTR3, MAY, MAY, 0, G_FOLDERS, "archive", "none: a package in any archive libarchive reads (tar, zip) is read as is") \
X(CSIPSTR4, MUST, MUST, 0, G_FOLDERS, "METS.xml", "the root folder holds METS.xml (and verify reads it)") \
X(CSIPSTR5, SHOULD, SHOULD, 0, G_FOLDERS, "metadata folder", "the root folder holds a metadata/ folder") \
X(CSIPSTR6, SHOULD, SHOULD, 0, G_FOLDERS, "preservation folder", "the files a digiprovMD names lie under metadata/preservation/") \
X(CSIPSTR7, SHOULD, SHOULD, 0, G_FOLDERS, "descriptive folder", "the files a dmdSec names lie under metadata/descriptive/") \
X(CSIPSTR8, MAY, MAY, 0, G_FOLDERS, "other metadata folders", "no file lies directly in metadata/ (other metadata in sub-folders of its own)") \
X(CSIPSTR9, SHOULD, SHOULD, 0, G_FOLDERS, "representations folder", "the root folder holds a representations/ folder") \
X(CSIPSTR10, SHOULD, SHOULD, 0, G_FOLDERS, "representation folders", "no file lies directly in representations/ (one sub-folder per representation)") \
X(CSIPSTR11, SHOULD, SHOULD, 0, G_FOLDERS, "representation data folder", "each representation folder holds data/") \
X(CSIPSTR12, SHOULD, SHOULD, 0, G_FOLDERS, "representation METS.xml", "each representation folder holds a METS.xml") \
X(CSIPSTR13, SHOULD, SHOULD, 0, G_FOLDERS, "representation metadata folder", "each representation folder holds metadata/") \
X(CSIPSTR14, MAY, MAY, 0, G_FOLDERS, "other folders", "none: any further folders are allowed") \
X(CSIPSTR15, SHOULD, SHOULD, 0, G_FOLDERS, "schemas folder", "the package holds schemas/ (at the root or in a representation)") \
X(CSIPSTR16, SHOULD, SHOULD, 0, G_FOLDERS, "documentation folder", "the package holds documentation/ (at the root or in a representation)")

#define ENUM(id, l21, l22, f, g, name, how) R_##id,
enum { REQS(ENUM) N_REQ };
#undef ENUM

typedef struct req_row {
	const char *id;
	int l21, l22, flags, group;
	const char *name, *how;
} req_row;

#define ROW(id, l21, l22, f, g, name, how) { #id, l21, l22, f, g, name, how },
static const req_row rows[N_REQ] = { REQS(ROW) };
#undef ROW

static const char *const level_names[] = { "MUST", "SHOULD", "MAY" };

#define PUB(id, l21, l22, f, g, name, how) { #id, NULL, NULL, name, how },
static som_package_requirement pub[N_REQ] = { REQS(PUB) };
#undef PUB

const som_package_requirement *som_package_requirements(size_t *n_out)
{
	size_t i;

	for (i = 0; i < N_REQ; i++) {
		pub[i].level = level_names[rows[i].l21];
		pub[i].level_22 = level_names[rows[i].l22];
	}
	*n_out = N_REQ;
	return pub;
}

int som_csip__req(const char *id)
{
	int i;

	for (i = 0; i < N_REQ; i++)
		if (strcmp(rows[i].id, id) == 0)
			return i;
	return -1;
}

/* The vocabularies the checks need (DILCIS Board, CSIP/SIP 2.2.0; the 2.1.0 ones are subsets). */
static const char *const content_categories[] = {
	"Textual works \xe2\x80\x93 Print", "Textual works \xe2\x80\x93 Digital",
	"Textual works \xe2\x80\x93 Electronic Serials",
	"Digital Musical Composition (score-based representations)", "Musical Scores - Print",
	"Musical Scores - Digital", "Photographs \xe2\x80\x93 Print", "Photographs \xe2\x80\x93 Digital",
	"Other Graphic Images \xe2\x80\x93 Print", "Other Graphic Images \xe2\x80\x93 Digital", "Microforms",
	"Audio \xe2\x80\x93 On Tangible Medium (digital or analog)",
	"Audio \xe2\x80\x93 Media-independent (digital)",
	"Motion Pictures \xe2\x80\x93 Digital and Physical Media",
	"Video \xe2\x80\x93 File-based and Physical Media", "Software", "Software and Video Games", "Email",
	"Datasets", "Geospatial Data", "Geographic Information System (GIS) - Vector Data",
	"GIS Raster and Georeferenced Images", "GIS Vector and Raster Combined", "Non-GIS Cartographic",
	"2D and 3D Computer Aided Design", "Design (schematics, architectural drawings) - Print",
	"Scanned 3D Objects (output from photogrammetry scanning)", "Databases", "Websites",
	"Web Archives", "Collection", "Event", "Image", "Interactive resource", "Moving image", "Sound",
	"Still image", "Text", "Physical object", "Service", "Mixed", "Other",
	/* The profile's text says OTHER where the vocabulary says Other. */
	"OTHER", NULL
};
static const char *const package_types[] = { "SIP", "AIP", "DIP", "AIU", "AIC", NULL };
static const char *const statuses[] = { "CURRENT", "SUPERSEDED", NULL };
static const char *const record_statuses[] = {
	"NEW", "SUPPLEMENT", "REPLACEMENT", "TEST", "VERSION", "DELETE", "OTHER", NULL
};
static const char *const record_id_types[] = {
	"SUBMISSIONAGREEMENT", "PREVIOUSSUBMISSIONAGREEMENT", "REFERENCECODE", "PREVIOUSREFERENCECODE", NULL
};
static const char *const checksum_types[] = { "MD5", "SHA-1", "SHA-256", "SHA-512", NULL };
/* IANA's top-level media types (RFC 6838 and the registry). */
static const char *const media_types[] = {
	"application", "audio", "example", "font", "haptics", "image", "message", "model",
	"multipart", "text", "video", NULL
};

static int in(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* Not NULL and not only blanks. */
static int filled(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 1;
	return 0;
}

/* type "/" subtype [";" parameters], of a registered top-level type (RFC 6838 4.2). */
static int iana_media_type(const char *s)
{
	const char *slash = s ? strchr(s, '/') : NULL;
	char top[16];
	size_t n, i;

	if (!slash || (n = (size_t)(slash - s)) == 0 || n >= sizeof(top))
		return 0;
	for (i = 0; i < n; i++)
		top[i] = (char)tolower((unsigned char)s[i]);
	top[n] = '\0';
	if (!in(media_types, top))
		return 0;
	for (s = slash + 1, n = 0; *s && *s != ';' && !isspace((unsigned char)*s); s++, n++)
		if (!isalnum((unsigned char)*s) && !strchr("!#$&-^_.+", *s))
			return 0;
	while (isspace((unsigned char)*s))
		s++;
	return n > 0 && n <= 127 && (!*s || *s == ';');
}

/* The CSIP structMap's sub-divisions (CSIP88-112). */
enum { D_OTHER, D_METADATA, D_DOC, D_SCHEMAS, D_REPS, D_REP };
/* Element kinds the checker follows. */
enum {
	K_OTHER, K_METS, K_HDR, K_AGENT, K_AGENT_NAME, K_AGENT_NOTE, K_ALTREC, K_DMD, K_AMD,
	K_MDSEC, K_MDREF, K_FILESEC, K_FILEGRP, K_FILE, K_FLOCAT, K_FCONTENT, K_SMAP, K_DIV1,
	K_DIV2, K_DIV3, K_FPTR, K_MPTR
};
/* Which metadata section an mdRef is in. */
enum { SEC_DMD, SEC_DIGIPROV, SEC_RIGHTS, SEC_OTHER };
enum { ROLE_NONE, ROLE_CREATOR, ROLE_ARCHIVIST, ROLE_PRESERVATION, ROLE_OTHER };
enum { TYPE_NONE, TYPE_ORGANIZATION, TYPE_INDIVIDUAL, TYPE_OTHER };

#define MAX_AGENTS 64
#define MAX_DEPTH 64
#define MAX_SHOWN 10

typedef struct agent {
	int role, type, software;  /* software: OTHERTYPE SOFTWARE */
	int n_names, n_names_filled, n_notes, n_notes_filled, n_sv, n_ic;
	long line;
} agent;

typedef struct grp {
	char *id, *use;
	int div;         /* D_DOC, D_SCHEMAS, D_REPS or D_OTHER by its USE */
	int named;       /* by an fptr of its division */
	int has_rep_div; /* a representation division points at it (mptr xlink:title) */
	size_t n_files;
	long line;
} grp;

/* A file element being read (they may nest). */
typedef struct file_st {
	char size[32], sum[160], type[24];
	int has_size, has_sum, has_type, n_flocat, grp;
	som_buf href;
	long line;
} file_st;

struct som_csip {
	som_csip_env env;
	char *root;
	int legacy, v22, sip, sip_known;
	/* Per requirement, over the whole package. */
	unsigned char checked[N_REQ], failed[N_REQ];
	int shown[N_REQ], hidden[N_REQ], hidden_fail[N_REQ];
	int64_t failures;
	/* representations/NAME/METS.xml the package METS points to (NUL-separated). */
	som_buf mptrs;

	/* The document being read. */
	const char *doc, *base;
	int is_root, depth;
	unsigned char kind[MAX_DEPTH];
	int sec, sec_mdrefs;            /* the open md section, and its mdRefs */
	char amd_id[128];               /* the open amdSec's ID */
	char altrec_type[32];
	char mets_type[8];
	int n_hdr, n_agents, n_dmd, n_amd, n_digiprov, n_filesec, n_csip_maps, n_other_maps;
	int n_sa, n_rc, mixed;
	agent agents[MAX_AGENTS];
	som_buf current_dmd, current_amd;   /* IDs of sections with STATUS CURRENT, NUL-separated */
	grp *grps;
	size_t n_grps, a_grps;
	int grp_stack[8], n_grp_stack;
	file_st files[4];
	int n_files_open;
	/* The CSIP structMap. */
	int in_csip_map, n_div1, n_meta, n_docdiv, n_schdiv, n_repdiv;
	int div, div_fptrs, div_mptrs, div_grp;
	long div_line;
	char div_label[256];
};

static void say(som_csip *c, const char *check, int ok, const char *detail)
{
	if (c->env.report)
		c->env.report(c->env.payload, check, ok, detail);
}

static void vfault(som_csip *c, int req, int soft, const char *fmt, va_list ap)
{
	const req_row *r = &rows[req];
	int level = c->v22 ? r->l22 : r->l21;
	int fail = level == MUST && !soft && !(c->legacy && (r->flags & F_LEGACY));
	char detail[1024], check[128];
	size_t n;

	c->checked[req] = 1;
	c->failed[req] = 1;
	if (fail)
		c->failures++;
	if (c->shown[req] >= MAX_SHOWN) {
		c->hidden[req]++;
		c->hidden_fail[req] |= fail;
		return;
	}
	c->shown[req]++;
	vsnprintf(detail, sizeof(detail), fmt, ap);
	n = strlen(detail);
	if (level == MUST && !soft && !fail && n + sizeof(LEGACY_NOTE) < sizeof(detail))
		memcpy(detail + n, LEGACY_NOTE, sizeof(LEGACY_NOTE));
	else if (level != MUST && !soft && n + 16 < sizeof(detail))
		snprintf(detail + n, sizeof(detail) - n, " (%s)", level_names[level]);
	snprintf(check, sizeof(check), "%s %s", r->id, r->name);
	say(c, check, fail ? SOM_CHECK_FAIL : SOM_CHECK_WARN, detail);
}

void som_csip__fault(som_csip *c, int req, int soft, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (req >= 0 && req < N_REQ)
		vfault(c, req, soft, fmt, ap);
	else {
		/* A file a section outside CSIP's (techMD, sourceMD) lists: integrity only. */
		char detail[1024];
		vsnprintf(detail, sizeof(detail), fmt, ap);
		if (!soft)
			c->failures++;
		say(c, "file", soft ? SOM_CHECK_WARN : SOM_CHECK_FAIL, detail);
	}
	va_end(ap);
}

void som_csip__pass(som_csip *c, int req)
{
	if (req >= 0 && req < N_REQ)
		c->checked[req] = 1;
}

/* Check `ok` for requirement `req`; a fault says where in the document. */
static void req(som_csip *c, int rq, int ok, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void req(som_csip *c, int rq, int ok, long line, const char *fmt, ...)
{
	char where[1200];
	va_list ap;

	c->checked[rq] = 1;
	if (ok)
		return;
	va_start(ap, fmt);
	vsnprintf(where, sizeof(where), fmt, ap);
	va_end(ap);
	if (line > 0)
		som_csip__fault(c, rq, 0, "%s line %ld: %s", c->doc, line, where);
	else
		som_csip__fault(c, rq, 0, "%s: %s", c->doc, where);
}

int som_csip__new(som_csip **out, const som_csip_env *env, const char *root)
{
	som_csip *c = som__calloc(1, sizeof(*c));

	*out = NULL;
	if (!c || !(c->root = som__strdup(root ? root : ""))) {
		som__free(c);
		return SOM_ENOMEM;
	}
	c->env = *env;
	*out = c;
	return 0;
}

static void clear_doc(som_csip *c)
{
	size_t i;

	for (i = 0; i < c->n_grps; i++) {
		som__free(c->grps[i].id);
		som__free(c->grps[i].use);
	}
	c->n_grps = 0;
	for (i = 0; i < SOM_ARRAY_SIZE(c->files); i++)
		som_buf_clear(&c->files[i].href);
	som_buf_clear(&c->current_dmd);
	som_buf_clear(&c->current_amd);
}

void som_csip__free(som_csip *c)
{
	size_t i;

	if (!c)
		return;
	clear_doc(c);
	for (i = 0; i < SOM_ARRAY_SIZE(c->files); i++)
		som_buf_dispose(&c->files[i].href);
	som__free(c->grps);
	som_buf_dispose(&c->current_dmd);
	som_buf_dispose(&c->current_amd);
	som_buf_dispose(&c->mptrs);
	som__free(c->root);
	som__free(c);
}

int som_csip__legacy(const som_csip *c)
{
	return c->legacy;
}

int64_t som_csip__failures(const som_csip *c)
{
	return c->failures;
}

static int listed(const som_buf *list, const char *id);

void som_csip__doc_begin(som_csip *c, const char *doc, const char *base)
{
	som_buf keep_dmd, keep_amd;
	som_buf hrefs[SOM_ARRAY_SIZE(c->files)];
	grp *grps = c->grps;
	size_t a_grps = c->a_grps, i;

	clear_doc(c);
	keep_dmd = c->current_dmd;
	keep_amd = c->current_amd;
	for (i = 0; i < SOM_ARRAY_SIZE(c->files); i++)
		hrefs[i] = c->files[i].href;
	/* Everything of the document starts from zero; the buffers stay. */
	memset(&c->doc, 0, sizeof(*c) - offsetof(som_csip, doc));
	c->current_dmd = keep_dmd;
	c->current_amd = keep_amd;
	c->grps = grps;
	c->a_grps = a_grps;
	for (i = 0; i < SOM_ARRAY_SIZE(c->files); i++)
		c->files[i].href = hrefs[i];
	c->doc = doc;
	c->base = base ? base : "";
	c->is_root = !*c->base;
	if (!c->is_root)
		req(c, R_CSIP105, listed(&c->mptrs, doc), 0, "no representation division of the package"
			" METS.xml points to it with an mptr");
}

/* The value of attribute `name` in namespace `ns` (NULL: none), or NULL. */
static const char *attr(const som_xml_event *ev, const char *ns, const char *name)
{
	size_t i;

	for (i = 0; i < ev->n_attrs; i++)
		if (strcmp(ev->attrs[i].name, name) == 0 &&
		    (ns ? ev->attrs[i].ns && strcmp(ev->attrs[i].ns, ns) == 0 : !ev->attrs[i].ns))
			return ev->attrs[i].value;
	return NULL;
}

/* Attribute `name` of an extension missing: say so, naming a wrong namespace when that is why. */
static const char *missing(const som_xml_event *ev, const char *name, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < ev->n_attrs; i++)
		if (strcmp(ev->attrs[i].name, name) == 0 && ev->attrs[i].ns) {
			snprintf(buf, size, "missing (an attribute %s in namespace '%s' is not the extension's)",
				name, ev->attrs[i].ns);
			return buf;
		}
	return "missing";
}

static int add_id(som_buf *list, const char *id)
{
	return som_buf_put(list, id, strlen(id) + 1);
}

/* Whether the space-separated `tokens` include `id`. */
static int has_token(const char *tokens, const char *id)
{
	size_t n = strlen(id);
	const char *p = tokens;

	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (strncmp(p, id, n) == 0 && (!p[n] || isspace((unsigned char)p[n])))
			return 1;
		while (*p && !isspace((unsigned char)*p))
			p++;
	}
	return 0;
}

/* Percent-decode `href` and join it to the document's folder: the file's path in the package. */
static int resolve(som_buf *out, const char *base, const char *href)
{
	const char *p;
	int error = som_buf_puts(out, base);

	for (p = href; !error && *p; p++) {
		if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			char hex[3] = { p[1], p[2], '\0' };
			error = som_buf_putc(out, (char)strtol(hex, NULL, 16));
			p += 2;
		} else
			error = som_buf_putc(out, *p);
	}
	return error;
}

/* Hand a listed file to the package side. */
static void ref(som_csip *c, const char *href, const char *size, const char *sum,
	const char *type, int r_missing, int r_size, int r_sum)
{
	som_buf path = SOM_BUF_INIT;
	som_csip_ref r;

	if (resolve(&path, c->base, href) != 0) {
		som_buf_dispose(&path);
		return;
	}
	memset(&r, 0, sizeof(r));
	r.path = path.ptr;
	r.href = href;
	r.size = size;
	r.checksum = sum;
	r.checksumtype = type;
	r.req_missing = r_missing;
	r.req_size = r_size;
	r.req_sum = r_sum;
	if (c->env.ref)
		c->env.ref(c->env.payload, c, &r);
	som_buf_dispose(&path);
}

/* The mets element (CSIP1-6, SIP1-2). */
static void on_mets(som_csip *c, const som_xml_event *ev)
{
	const char *objid = attr(ev, NULL, "OBJID"), *type = attr(ev, NULL, "TYPE");
	const char *profile = attr(ev, NULL, "PROFILE"), *label = attr(ev, NULL, "LABEL");
	const char *cit = attr(ev, NS_CSIP, "CONTENTINFORMATIONTYPE");
	const char *folder;
	size_t flen;
	char buf[256];

	if (c->is_root) {
		c->legacy = profile && strcmp(profile, LEGACY_PROFILE) == 0;
		c->v22 = profile && (strstr(profile, "v2-2-0") != NULL);
		c->sip = !(profile && strncmp(profile, "https://earkcsip.dilcis.eu/profile/", 35) == 0);
		c->sip_known = profile && (strcmp(profile, "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml") == 0 ||
			strcmp(profile, "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-1-0.xml") == 0 ||
			strcmp(profile, "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml") == 0);
		folder = c->root;
		flen = strlen(folder);
	} else {
		/* "representations/NAME/": the representation's folder is NAME. */
		folder = c->base + 16;
		flen = strlen(folder) ? strlen(folder) - 1 : 0;
	}
	req(c, R_CSIP1, filled(objid), ev->line, "OBJID %s", objid ? "is empty" : "missing");
	if (filled(objid) && (strlen(objid) != flen || strncmp(objid, folder, flen) != 0))
		som_csip__fault(c, R_CSIP1, 1, "%s: OBJID '%s' is not the name of its folder '%.*s'"
			" (it should be: CSIP1, CSIPSTR2)", c->doc, objid, (int)flen, folder);
	if (c->is_root)
		som_csip__pass(c, R_CSIPSTR2);
	req(c, R_CSIP2, in(content_categories, type), ev->line, type ?
		"TYPE '%s' is not a term of the content category vocabulary" : "TYPE missing%s", type ? type : "");
	snprintf(c->mets_type, sizeof(c->mets_type), "%s", type && strlen(type) < 6 ? type : "");
	if (type && (strcmp(type, "OTHER") == 0 || strcmp(type, "Other") == 0)) {
		req(c, R_CSIP2, filled(attr(ev, NS_CSIP, "OTHERTYPE")), ev->line,
			"TYPE '%s' without a csip:OTHERTYPE naming the category (CSIP3)", type);
		som_csip__pass(c, R_CSIP3);
	}
	req(c, R_CSIP4, filled(cit), ev->line, "csip:CONTENTINFORMATIONTYPE %s%s",
		cit ? "is empty" : missing(ev, "CONTENTINFORMATIONTYPE", buf, sizeof(buf)),
		c->is_root ? "" : " (mandatory for a representation's METS)");
	c->mixed = cit && strcmp(cit, "MIXED") == 0;
	if (cit && strcmp(cit, "OTHER") == 0)
		req(c, R_CSIP5, filled(attr(ev, NS_CSIP, "OTHERCONTENTINFORMATIONTYPE")), ev->line,
			"CONTENTINFORMATIONTYPE OTHER without csip:OTHERCONTENTINFORMATIONTYPE");
	req(c, R_CSIP6, profile && (strncmp(profile, "https://", 8) == 0 || strncmp(profile, "http://", 7) == 0),
		ev->line, "PROFILE %s%s%s", profile ? "'" : "missing", profile ? profile : "",
		profile ? "' is not a URL" : "");
	if (!c->is_root)
		return;
	if (label)
		req(c, R_SIP1, filled(label), ev->line, "LABEL is empty");
	if (c->sip_known)
		som_csip__pass(c, R_SIP2);
	else if (!c->sip)
		som_csip__fault(c, R_SIP2, 1, "%s: PROFILE '%s' is a CSIP profile, not the E-ARK SIP's:"
			" the SIP requirements are not applied", c->doc, profile);
	else
		req(c, R_SIP2, 0, ev->line, "PROFILE %s%s%s is not the E-ARK SIP profile"
			" 'https://earksip.dilcis.eu/profile/E-ARK-SIP.xml'", profile ? "'" : "",
			profile ? profile : "missing", profile ? "'" : "");
}

static int role_of(const char *s)
{
	return !s ? ROLE_NONE : strcmp(s, "CREATOR") == 0 ? ROLE_CREATOR :
		strcmp(s, "ARCHIVIST") == 0 ? ROLE_ARCHIVIST :
		strcmp(s, "PRESERVATION") == 0 ? ROLE_PRESERVATION : ROLE_OTHER;
}

static int type_of(const char *s)
{
	return !s ? TYPE_NONE : strcmp(s, "ORGANIZATION") == 0 ? TYPE_ORGANIZATION :
		strcmp(s, "INDIVIDUAL") == 0 ? TYPE_INDIVIDUAL : TYPE_OTHER;
}

static void on_hdr(som_csip *c, const som_xml_event *ev)
{
	const char *type = attr(ev, NS_CSIP, "OAISPACKAGETYPE"), *rs = attr(ev, NULL, "RECORDSTATUS");
	char buf[256];

	c->n_hdr++;
	req(c, R_CSIP7, attr(ev, NULL, "CREATEDATE") != NULL, ev->line, "metsHdr has no CREATEDATE");
	req(c, R_CSIP8, attr(ev, NULL, "LASTMODDATE") != NULL, ev->line, "metsHdr has no LASTMODDATE");
	req(c, R_CSIP9, in(package_types, type), ev->line, "csip:OAISPACKAGETYPE %s%s%s",
		type ? "'" : missing(ev, "OAISPACKAGETYPE", buf, sizeof(buf)), type ? type : "",
		type ? "' is none of SIP AIP DIP AIU AIC" : "");
	if (!c->is_root || !c->sip)
		return;
	req(c, R_SIP4, type && strcmp(type, "SIP") == 0, ev->line, "csip:OAISPACKAGETYPE is %s%s%s, not SIP",
		type ? "'" : "missing", type ? type : "", type ? "'" : "");
	if (rs)
		req(c, R_SIP3, in(record_statuses, rs), ev->line, "RECORDSTATUS '%s' is not a term of the SIP vocabulary", rs);
}

/* The agents, once the header is read (CSIP10-16, SIP9-31). */
static void hdr_end(som_csip *c)
{
	int i, best = -1, best_score = 0, n_arch = 0, n_pres = 0, n_org = 0, sub = -1;
	int sip = c->is_root && c->sip;

	for (i = 0; i < c->n_agents; i++) {
		const agent *a = &c->agents[i];
		int score = (a->software ? 2 : 0) + (a->type == TYPE_OTHER);
		if (score && score + (a->role == ROLE_CREATOR) > best_score) {
			best_score = score + (a->role == ROLE_CREATOR);
			best = i;
		}
	}
	req(c, R_CSIP10, best >= 0, 0, c->n_agents ? "no agent for the software (OTHERTYPE SOFTWARE)" :
		"metsHdr has no agent");
	if (best >= 0) {
		const agent *a = &c->agents[best];
		req(c, R_CSIP11, a->role == ROLE_CREATOR, a->line, "the software agent's ROLE is not CREATOR");
		req(c, R_CSIP12, a->type == TYPE_OTHER, a->line, "the software agent's TYPE is not OTHER");
		req(c, R_CSIP13, a->software, a->line, "the software agent's OTHERTYPE is not SOFTWARE");
		req(c, R_CSIP14, a->n_names == 1 && a->n_names_filled == 1, a->line,
			"the software agent has %d names, %d not empty: it needs one", a->n_names, a->n_names_filled);
		req(c, R_CSIP15, a->n_notes == 1 && a->n_notes_filled == 1, a->line,
			"the software agent has %d notes, %d not empty: it needs one (its version)",
			a->n_notes, a->n_notes_filled);
		req(c, R_CSIP16, a->n_notes == a->n_sv && a->n_sv > 0, a->line,
			"the software agent's note has no csip:NOTETYPE 'SOFTWARE VERSION'");
	}
	if (!sip)
		return;
	for (i = 0; i < c->n_agents; i++) {
		const agent *a = &c->agents[i];
		if (i == best)
			continue;
		if (a->role == ROLE_ARCHIVIST) {
			n_arch++;
			som_csip__pass(c, R_SIP10);
			req(c, R_SIP11, a->type == TYPE_ORGANIZATION || a->type == TYPE_INDIVIDUAL, a->line,
				"the archival creator agent's TYPE is neither ORGANIZATION nor INDIVIDUAL");
			req(c, R_SIP12, a->n_names_filled > 0, a->line, "the archival creator agent has no name");
			req(c, R_SIP13, a->n_notes <= 1, a->line, "the archival creator agent has %d notes", a->n_notes);
			if (a->n_notes)
				req(c, R_SIP14, a->n_ic == a->n_notes, a->line,
					"an archival creator agent's note has no csip:NOTETYPE IDENTIFICATIONCODE");
		} else if (a->role == ROLE_PRESERVATION) {
			n_pres++;
			som_csip__pass(c, R_SIP27);
			req(c, R_SIP28, a->type == TYPE_ORGANIZATION, a->line,
				"the preservation agent's TYPE is not ORGANIZATION");
			req(c, R_SIP29, a->n_names_filled > 0, a->line, "the preservation agent has no name");
			req(c, R_SIP30, a->n_notes <= 1, a->line, "the preservation agent has %d notes", a->n_notes);
			if (a->n_notes)
				req(c, R_SIP31, a->n_ic == a->n_notes, a->line,
					"a preservation agent's note has no csip:NOTETYPE IDENTIFICATIONCODE");
		} else if (a->role == ROLE_CREATOR && a->type == TYPE_ORGANIZATION) {
			if (!n_org++)
				sub = i;
		} else if (a->role == ROLE_CREATOR && a->type == TYPE_INDIVIDUAL) {
			/* A contact person (SIP21-25), or the submitter when no organisation is. */
			som_csip__pass(c, R_SIP22);
			som_csip__pass(c, R_SIP23);
			req(c, R_SIP24, a->n_names_filled > 0, a->line, "a contact person agent has no name");
		}
	}
	req(c, R_SIP9, n_arch <= 1, 0, "%d agents with ROLE ARCHIVIST: at most one", n_arch);
	req(c, R_SIP26, n_pres <= 1, 0, "%d agents with ROLE PRESERVATION: at most one", n_pres);
	if (sub < 0)
		for (i = 0; i < c->n_agents && sub < 0; i++)
			if (i != best && c->agents[i].role == ROLE_CREATOR && c->agents[i].type == TYPE_INDIVIDUAL)
				sub = i;
	req(c, R_SIP15, sub >= 0 && n_org <= 1, 0, sub < 0 ? "no submitting agent (ROLE CREATOR, TYPE "
		"ORGANIZATION or INDIVIDUAL)" : "%d submitting agents (ROLE CREATOR, TYPE ORGANIZATION): one only",
		n_org);
	if (sub >= 0) {
		const agent *a = &c->agents[sub];
		som_csip__pass(c, R_SIP16);
		som_csip__pass(c, R_SIP17);
		req(c, R_SIP18, a->n_names_filled > 0, a->line, "the submitting agent has no name");
		req(c, R_SIP19, a->n_notes <= 1, a->line, "the submitting agent has %d notes", a->n_notes);
		if (a->n_notes && a->type == TYPE_ORGANIZATION)
			req(c, R_SIP20, a->n_ic == a->n_notes, a->line,
				"a submitting agent's note has no csip:NOTETYPE IDENTIFICATIONCODE");
	}
}

static void on_altrec(som_csip *c, const som_xml_event *ev)
{
	const char *type = attr(ev, NULL, "TYPE");

	snprintf(c->altrec_type, sizeof(c->altrec_type), "%s", type ? type : "");
	if (!c->is_root || !c->sip)
		return;
	req(c, R_SIP5, in(record_id_types, type), ev->line, "altRecordID TYPE %s%s%s is not a term of the"
		" SIP vocabulary", type ? "'" : "", type ? type : "missing", type ? "'" : "");
	if (type && strcmp(type, "SUBMISSIONAGREEMENT") == 0)
		req(c, R_SIP5, ++c->n_sa == 1, ev->line, "more than one SUBMISSIONAGREEMENT altRecordID");
	if (type && strcmp(type, "REFERENCECODE") == 0)
		req(c, R_SIP7, ++c->n_rc == 1, ev->line, "more than one REFERENCECODE altRecordID");
}

static void altrec_end(som_csip *c, const som_xml_event *ev, const char *type)
{
	int r = !type ? -1 : strcmp(type, "SUBMISSIONAGREEMENT") == 0 ? R_SIP5 :
		strcmp(type, "PREVIOUSSUBMISSIONAGREEMENT") == 0 ? R_SIP6 :
		strcmp(type, "REFERENCECODE") == 0 ? R_SIP7 :
		strcmp(type, "PREVIOUSREFERENCECODE") == 0 ? R_SIP8 : -1;

	if (r >= 0 && c->is_root && c->sip)
		req(c, r, filled(ev->text), ev->line, "an empty %s altRecordID", type);
}

/* A dmdSec or an administrative section (CSIP18-21, CSIP33-35, CSIP46-48). */
static void on_mdsec(som_csip *c, const som_xml_event *ev, int sec)
{
	const char *id = attr(ev, NULL, "ID"), *status = attr(ev, NULL, "STATUS");
	int r_id = sec == SEC_DMD ? R_CSIP18 : sec == SEC_DIGIPROV ? R_CSIP33 : R_CSIP46;
	int r_status = sec == SEC_DMD ? R_CSIP20 : sec == SEC_DIGIPROV ? R_CSIP34 : R_CSIP47;

	c->sec = sec;
	c->sec_mdrefs = 0;
	if (sec == SEC_DMD) {
		c->n_dmd++;
		req(c, R_CSIP19, attr(ev, NULL, "CREATED") != NULL, ev->line, "dmdSec has no CREATED");
	} else if (sec == SEC_DIGIPROV)
		c->n_digiprov++;
	if (sec != SEC_DMD && id && status && strcmp(status, "CURRENT") == 0) {
		/* The section's ID and its amdSec's: the Metadata division may name either (CSIP91). */
		add_id(&c->current_amd, id);
		add_id(&c->current_amd, c->amd_id);
	}
	if (sec == SEC_OTHER)
		return;
	req(c, r_id, filled(id), ev->line, "%s has no ID", ev->name);
	req(c, r_status, in(statuses, status), ev->line, "%s STATUS %s%s%s", ev->name,
		status ? "'" : "missing", status ? status : "", status ? "' is neither CURRENT nor SUPERSEDED" : "");
	if (sec == SEC_DMD && id && status && strcmp(status, "CURRENT") == 0)
		add_id(&c->current_dmd, id);
}

static void on_mdref(som_csip *c, const som_xml_event *ev)
{
	/* The requirement numbers of the three sections run in the same order from these. */
	int b = c->sec == SEC_DMD ? R_CSIP22 : c->sec == SEC_DIGIPROV ? R_CSIP36 :
		c->sec == SEC_RIGHTS ? R_CSIP49 : -1;
	const char *loctype = attr(ev, NULL, "LOCTYPE"), *xtype = attr(ev, NS_XLINK, "type");
	const char *href = attr(ev, NS_XLINK, "href"), *mime = attr(ev, NULL, "MIMETYPE");
	const char *size = attr(ev, NULL, "SIZE"), *sum = attr(ev, NULL, "CHECKSUM");
	const char *type = attr(ev, NULL, "CHECKSUMTYPE");
	const char *folder = c->sec == SEC_DMD ? "metadata/descriptive/" : "metadata/preservation/";

	c->sec_mdrefs++;
	if (b >= 0) {
		req(c, b, loctype && strcmp(loctype, "URL") == 0, ev->line, "mdRef LOCTYPE is %s", loctype ? loctype : "missing");
		req(c, b + 1, xtype && strcmp(xtype, "simple") == 0, ev->line, "mdRef xlink:type is %s", xtype ? xtype : "missing");
		req(c, b + 2, filled(href), ev->line, "mdRef has no xlink:href");
		req(c, b + 3, filled(attr(ev, NULL, "MDTYPE")), ev->line, "mdRef has no MDTYPE");
		req(c, b + 4, iana_media_type(mime), ev->line, "mdRef MIMETYPE %s%s%s", mime ? "'" : "missing", mime ? mime : "",
			mime ? "' is not an IANA media type" : "");
		req(c, b + 5, size != NULL, ev->line, "mdRef has no SIZE");
		req(c, b + 6, attr(ev, NULL, "CREATED") != NULL, ev->line, "mdRef has no CREATED");
		req(c, b + 7, sum != NULL, ev->line, "mdRef has no CHECKSUM");
		req(c, b + 8, in(checksum_types, type), ev->line, "mdRef CHECKSUMTYPE %s%s%s", type ? "'" : "missing",
			type ? type : "", type ? "' is not one verify computes (MD5, SHA-1, SHA-256, SHA-512)" : "");
	}
	if (filled(href)) {
		if (c->sec == SEC_DMD || c->sec == SEC_DIGIPROV) {
			som_buf p = SOM_BUF_INIT;
			if (resolve(&p, "", href) == 0)
				req(c, c->sec == SEC_DMD ? R_CSIPSTR7 : R_CSIPSTR6, strncmp(p.ptr, folder, strlen(folder)) == 0,
					ev->line, "'%s' is not under %s", href, folder);
			som_buf_dispose(&p);
		}
		ref(c, href, size, sum, type, b >= 0 ? b + 2 : -1, b >= 0 ? b + 5 : -1, b >= 0 ? b + 7 : -1);
	}
}

/* The folder a fileGrp USE names: its first part in lower case ("Representations/rep1" is representations/rep1/). */
static int use_folder(som_buf *out, const char *base, const char *use)
{
	const char *slash = strchr(use, '/');
	size_t n = slash ? (size_t)(slash - use) : strlen(use), i;
	int error = som_buf_puts(out, base);

	for (i = 0; !error && i < n; i++)
		error = som_buf_putc(out, (char)tolower((unsigned char)use[i]));
	if (!error && slash)
		error = som_buf_puts(out, slash);
	if (!error)
		error = som_buf_putc(out, '/');
	return error;
}

static int div_of_use(const char *use)
{
	return !use ? D_OTHER : strcmp(use, "Documentation") == 0 ? D_DOC :
		strcmp(use, "Schemas") == 0 ? D_SCHEMAS :
		strncmp(use, "Representations", 15) == 0 ? D_REPS : D_OTHER;
}

static void on_filegrp(som_csip *c, const som_xml_event *ev)
{
	const char *id = attr(ev, NULL, "ID"), *use = attr(ev, NULL, "USE");
	const char *cit = attr(ev, NS_CSIP, "CONTENTINFORMATIONTYPE");
	grp *g;

	req(c, R_CSIP64, filled(use), ev->line, "fileGrp has no USE");
	req(c, R_CSIP65, filled(id), ev->line, "fileGrp has no ID");
	if (div_of_use(use) == D_REPS || (c->mixed && c->is_root))
		req(c, R_CSIP62, filled(cit), ev->line, "fileGrp USE '%s' has no csip:CONTENTINFORMATIONTYPE",
			use ? use : "");
	if (cit && strcmp(cit, "OTHER") == 0)
		req(c, R_CSIP63, filled(attr(ev, NS_CSIP, "OTHERCONTENTINFORMATIONTYPE")), ev->line,
			"fileGrp CONTENTINFORMATIONTYPE OTHER without csip:OTHERCONTENTINFORMATIONTYPE");
	if (c->n_grps == c->a_grps) {
		size_t na = c->a_grps ? c->a_grps * 2 : 8;
		grp *ng = som__realloc(c->grps, na * sizeof(*ng));
		if (!ng)
			return;
		c->grps = ng;
		c->a_grps = na;
	}
	g = &c->grps[c->n_grps];
	memset(g, 0, sizeof(*g));
	g->id = som__strdup(id ? id : "");
	g->use = som__strdup(use ? use : "");
	if (!g->id || !g->use) {
		som__free(g->id);
		som__free(g->use);
		return;
	}
	g->div = div_of_use(use);
	g->line = ev->line;
	if (c->n_grp_stack < (int)SOM_ARRAY_SIZE(c->grp_stack))
		c->grp_stack[c->n_grp_stack++] = (int)c->n_grps;
	c->n_grps++;
}

static void copy_attr(char *out, size_t size, int *has, const char *v)
{
	*has = v != NULL;
	snprintf(out, size, "%s", v ? v : "");
}

static void on_file(som_csip *c, const som_xml_event *ev)
{
	const char *mime = attr(ev, NULL, "MIMETYPE"), *type = attr(ev, NULL, "CHECKSUMTYPE");
	const char *name = attr(ev, NS_SIP, "FILEFORMATNAME"), *version = attr(ev, NS_SIP, "FILEFORMATVERSION");
	const char *reg = attr(ev, NS_SIP, "FORMATREGISTRY"), *key = attr(ev, NS_SIP, "FORMATREGISTRYKEY");
	file_st *f;

	if (c->n_files_open >= (int)SOM_ARRAY_SIZE(c->files)) {
		c->n_files_open++;
		return;
	}
	f = &c->files[c->n_files_open++];
	som_buf_clear(&f->href);
	f->n_flocat = 0;
	f->line = ev->line;
	f->grp = c->n_grp_stack ? c->grp_stack[c->n_grp_stack - 1] : -1;
	if (f->grp >= 0)
		c->grps[f->grp].n_files++;
	copy_attr(f->size, sizeof(f->size), &f->has_size, attr(ev, NULL, "SIZE"));
	copy_attr(f->sum, sizeof(f->sum), &f->has_sum, attr(ev, NULL, "CHECKSUM"));
	copy_attr(f->type, sizeof(f->type), &f->has_type, type);
	req(c, R_CSIP67, filled(attr(ev, NULL, "ID")), ev->line, "file has no ID");
	req(c, R_CSIP68, iana_media_type(mime), ev->line, "file MIMETYPE %s%s%s", mime ? "'" : "missing",
		mime ? mime : "", mime ? "' is not an IANA media type" : "");
	req(c, R_CSIP69, f->has_size, ev->line, "file has no SIZE");
	req(c, R_CSIP70, attr(ev, NULL, "CREATED") != NULL, ev->line, "file has no CREATED");
	req(c, R_CSIP71, f->has_sum, ev->line, "file has no CHECKSUM");
	req(c, R_CSIP72, in(checksum_types, type), ev->line, "file CHECKSUMTYPE %s%s%s", type ? "'" : "missing",
		type ? type : "", type ? "' is not one verify computes (MD5, SHA-1, SHA-256, SHA-512)" : "");
	if (name)
		req(c, R_SIP32, filled(name), ev->line, "sip:FILEFORMATNAME is empty");
	if (version)
		req(c, R_SIP33, filled(version) && filled(name), ev->line, "sip:FILEFORMATVERSION %s",
			filled(version) ? "without sip:FILEFORMATNAME" : "is empty");
	if (reg || key) {
		req(c, R_SIP34, filled(reg), ev->line, "sip:FORMATREGISTRYKEY without sip:FORMATREGISTRY");
		req(c, R_SIP35, filled(key), ev->line, "sip:FORMATREGISTRY without sip:FORMATREGISTRYKEY");
	}
	req(c, R_SIP34, !attr(ev, NS_SIP, "FILEFORMATREGISTRY"), ev->line,
		"sip:FILEFORMATREGISTRY is no attribute of the SIP extension (its schema says FORMATREGISTRY)");
	req(c, R_SIP35, !attr(ev, NS_SIP, "FILEFORMATKEY"), ev->line,
		"sip:FILEFORMATKEY is no attribute of the SIP extension (its schema says FORMATREGISTRYKEY)");
}

static void on_flocat(som_csip *c, const som_xml_event *ev)
{
	const char *loctype = attr(ev, NULL, "LOCTYPE"), *xtype = attr(ev, NS_XLINK, "type");
	const char *href = attr(ev, NS_XLINK, "href");
	file_st *f;

	if (c->n_files_open < 1 || c->n_files_open > (int)SOM_ARRAY_SIZE(c->files))
		return;
	f = &c->files[c->n_files_open - 1];
	req(c, R_CSIP77, loctype && strcmp(loctype, "URL") == 0, ev->line, "FLocat LOCTYPE is %s", loctype ? loctype : "missing");
	req(c, R_CSIP78, xtype && strcmp(xtype, "simple") == 0, ev->line, "FLocat xlink:type is %s", xtype ? xtype : "missing");
	req(c, R_CSIP79, filled(href), ev->line, "FLocat has no xlink:href");
	if (f->n_flocat++ == 0 && filled(href))
		som_buf_puts(&f->href, href);
}

static void file_end(som_csip *c)
{
	file_st *f;

	if (c->n_files_open-- > (int)SOM_ARRAY_SIZE(c->files))
		return;
	f = &c->files[c->n_files_open];
	req(c, R_CSIP76, f->n_flocat == 1, f->line, "file has %d FLocat elements: it needs one", f->n_flocat);
	if (!f->href.size)
		return;
	if (f->grp >= 0 && c->grps[f->grp].use[0]) {
		som_buf want = SOM_BUF_INIT, have = SOM_BUF_INIT;
		if (use_folder(&want, "", c->grps[f->grp].use) == 0 && resolve(&have, "", f->href.ptr) == 0)
			req(c, R_CSIP64, strncasecmp(have.ptr, want.ptr, want.size) == 0, f->line,
				"'%s' is not in the folder %s its fileGrp USE '%s' names", f->href.ptr, want.ptr,
				c->grps[f->grp].use);
		som_buf_dispose(&want);
		som_buf_dispose(&have);
	}
	ref(c, f->href.ptr, f->has_size ? f->size : NULL, f->has_sum ? f->sum : NULL,
		f->has_type ? f->type : NULL, R_CSIP79, R_CSIP69, R_CSIP71);
}

static int find_grp(const som_csip *c, const char *id)
{
	size_t i;

	for (i = 0; id && i < c->n_grps; i++)
		if (strcmp(c->grps[i].id, id) == 0)
			return (int)i;
	return -1;
}

static void on_smap(som_csip *c, const som_xml_event *ev)
{
	const char *label = attr(ev, NULL, "LABEL"), *type = attr(ev, NULL, "TYPE");
	int csip = label && strcmp(label, "CSIP") == 0;

	if (!csip && c->legacy && label && strcmp(label, "CSIP StructMap") == 0 && !c->n_csip_maps) {
		som_csip__fault(c, R_CSIP82, 1, "%s line %ld: structMap LABEL 'CSIP StructMap' (the 2018 draft's"
			" label; CSIP 2.x says 'CSIP')", c->doc, ev->line);
		csip = 1;
	}
	if (!csip) {
		c->n_other_maps++;
		return;
	}
	c->in_csip_map = 1;
	c->n_csip_maps++;
	req(c, R_CSIP81, type && strcmp(type, "PHYSICAL") == 0, ev->line, "the CSIP structMap's TYPE is %s",
		type ? type : "missing");
	req(c, R_CSIP83, filled(attr(ev, NULL, "ID")), ev->line, "the CSIP structMap has no ID");
}

static void on_div(som_csip *c, const som_xml_event *ev, int kind)
{
	const char *label = attr(ev, NULL, "LABEL"), *id = attr(ev, NULL, "ID");

	if (kind == K_DIV1) {
		c->n_div1++;
		req(c, R_CSIP85, filled(id), ev->line, "the CSIP structMap's div has no ID");
		return;
	}
	c->div = !label ? D_OTHER : strcmp(label, "Metadata") == 0 ? D_METADATA :
		strcmp(label, "Documentation") == 0 ? D_DOC : strcmp(label, "Schemas") == 0 ? D_SCHEMAS :
		strcmp(label, "Representations") == 0 ? D_REPS :
		strncmp(label, "Representations/", 16) == 0 ? D_REP : D_OTHER;
	if (kind == K_DIV3 && c->div != D_REP)
		c->div = D_OTHER;
	c->div_fptrs = c->div_mptrs = 0;
	c->div_line = ev->line;
	snprintf(c->div_label, sizeof(c->div_label), "%s", label ? label : "");
	switch (c->div) {
	case D_METADATA: {
		const char *admid = attr(ev, NULL, "ADMID"), *dmdid = attr(ev, NULL, "DMDID"), *p;
		c->n_meta++;
		req(c, R_CSIP89, filled(id), ev->line, "the Metadata division has no ID");
		for (p = c->current_dmd.ptr; p && p < c->current_dmd.ptr + c->current_dmd.size; p += strlen(p) + 1)
			req(c, R_CSIP92, dmdid && has_token(dmdid, p), ev->line,
				"the Metadata division's DMDID does not name the current dmdSec '%s'", p);
		for (p = c->current_amd.ptr; p && p < c->current_amd.ptr + c->current_amd.size; ) {
			const char *parent = p + strlen(p) + 1;
			req(c, R_CSIP91, admid && (has_token(admid, p) || (*parent && has_token(admid, parent))),
				ev->line, "the Metadata division's ADMID does not name the current section '%s'", p);
			p = parent + strlen(parent) + 1;
		}
		break;
	}
	case D_DOC:
		c->n_docdiv++;
		req(c, R_CSIP94, filled(id), ev->line, "the Documentation division has no ID");
		break;
	case D_SCHEMAS:
		c->n_schdiv++;
		req(c, R_CSIP98, filled(id), ev->line, "the Schemas division has no ID");
		break;
	case D_REPS:
		c->n_repdiv++;
		req(c, R_CSIP102, filled(id), ev->line, "the Representations division has no ID");
		break;
	case D_REP: {
		som_buf folder = SOM_BUF_INIT;
		req(c, R_CSIP106, filled(id), ev->line, "representation division '%s' has no ID", label);
		if (use_folder(&folder, "", label) == 0 && c->env.has)
			req(c, R_CSIP107, label[16] && c->env.has(c->env.payload, folder.ptr), ev->line,
				"representation division LABEL '%s' names no folder of the package", label);
		som_buf_dispose(&folder);
		break;
	}
	default:
		break;
	}
}

static void div_end(som_csip *c, int kind)
{
	if (kind == K_DIV2 || kind == K_DIV3) {
		if (c->div == D_REP)
			req(c, R_CSIP109, c->div_mptrs == 1, c->div_line, "representation division '%s' has %d mptr"
				" elements: it needs one", c->div_label, c->div_mptrs);
		c->div = D_OTHER;
	}
}

static void on_fptr(som_csip *c, const som_xml_event *ev)
{
	const char *fileid = attr(ev, NULL, "FILEID");
	int g = find_grp(c, fileid);
	int r = c->div == D_DOC ? R_CSIP116 : c->div == D_SCHEMAS ? R_CSIP118 : c->div == D_REPS ? R_CSIP119 : -1;
	const char *what = c->div == D_DOC ? "Documentation" : c->div == D_SCHEMAS ? "Schemas" : "Representations";

	if (r < 0)
		return;
	req(c, r, g >= 0 && c->grps[g].div == c->div, ev->line, "fptr FILEID %s%s%s names no %s fileGrp",
		fileid ? "'" : "", fileid ? fileid : "missing", fileid ? "'" : "", what);
	if (g >= 0 && c->grps[g].div == c->div)
		c->grps[g].named = 1;
}

static void on_mptr(som_csip *c, const som_xml_event *ev)
{
	const char *href = attr(ev, NS_XLINK, "href"), *title = attr(ev, NS_XLINK, "title");
	const char *loctype = attr(ev, NULL, "LOCTYPE"), *xtype = attr(ev, NS_XLINK, "type");
	int g = find_grp(c, title);

	if (c->div != D_REP)
		return;
	c->div_mptrs++;
	req(c, R_CSIP108, g >= 0, ev->line, "mptr xlink:title %s%s%s is the ID of no fileGrp", title ? "'" : "",
		title ? title : "missing", title ? "'" : "");
	if (g >= 0)
		c->grps[g].has_rep_div = 1;
	req(c, R_CSIP111, xtype && strcmp(xtype, "simple") == 0, ev->line, "mptr xlink:type is %s", xtype ? xtype : "missing");
	req(c, R_CSIP112, loctype && strcmp(loctype, "URL") == 0, ev->line, "mptr LOCTYPE is %s", loctype ? loctype : "missing");
	req(c, R_CSIP110, filled(href), ev->line, "mptr has no xlink:href");
	if (filled(href)) {
		som_buf p = SOM_BUF_INIT;
		if (resolve(&p, c->base, href) == 0) {
			req(c, R_CSIP110, c->env.has && c->env.has(c->env.payload, p.ptr), ev->line,
				"mptr xlink:href '%s' names no file of the package", href);
			if (c->is_root)
				som_buf_put(&c->mptrs, p.ptr, p.size + 1);
		}
		som_buf_dispose(&p);
	}
}

/* Element kinds by their parent's: what the checker follows, everything else K_OTHER. */
static int kind_of(const som_csip *c, const som_xml_event *ev)
{
	int parent = ev->depth ? c->kind[ev->depth - 1] : -1;
	const char *n = ev->name;

	if (!ev->ns || strcmp(ev->ns, NS_METS) != 0 || ev->depth >= MAX_DEPTH)
		return K_OTHER;
	switch (parent) {
	case -1: return strcmp(n, "mets") == 0 ? K_METS : K_OTHER;
	case K_METS:
		return strcmp(n, "metsHdr") == 0 ? K_HDR : strcmp(n, "dmdSec") == 0 ? K_DMD :
			strcmp(n, "amdSec") == 0 ? K_AMD : strcmp(n, "fileSec") == 0 ? K_FILESEC :
			strcmp(n, "structMap") == 0 ? K_SMAP : K_OTHER;
	case K_HDR: return strcmp(n, "agent") == 0 ? K_AGENT : strcmp(n, "altRecordID") == 0 ? K_ALTREC : K_OTHER;
	case K_AGENT: return strcmp(n, "name") == 0 ? K_AGENT_NAME : strcmp(n, "note") == 0 ? K_AGENT_NOTE : K_OTHER;
	case K_DMD: case K_MDSEC: return strcmp(n, "mdRef") == 0 ? K_MDREF : K_OTHER;
	case K_AMD:
		return strcmp(n, "digiprovMD") == 0 || strcmp(n, "rightsMD") == 0 || strcmp(n, "techMD") == 0 ||
			strcmp(n, "sourceMD") == 0 ? K_MDSEC : K_OTHER;
	case K_FILESEC: return strcmp(n, "fileGrp") == 0 ? K_FILEGRP : K_OTHER;
	case K_FILEGRP: return strcmp(n, "fileGrp") == 0 ? K_FILEGRP : strcmp(n, "file") == 0 ? K_FILE : K_OTHER;
	case K_FILE:
		return strcmp(n, "FLocat") == 0 ? K_FLOCAT : strcmp(n, "FContent") == 0 ? K_FCONTENT :
			strcmp(n, "file") == 0 ? K_FILE : K_OTHER;
	case K_SMAP: return c->in_csip_map && strcmp(n, "div") == 0 ? K_DIV1 : K_OTHER;
	case K_DIV1: return strcmp(n, "div") == 0 ? K_DIV2 : K_OTHER;
	case K_DIV2:
	case K_DIV3:
		return strcmp(n, "fptr") == 0 ? K_FPTR : strcmp(n, "mptr") == 0 ? K_MPTR :
			parent == K_DIV2 && c->div == D_REPS && strcmp(n, "div") == 0 ? K_DIV3 : K_OTHER;
	default: return K_OTHER;
	}
}

static void on_start(som_csip *c, const som_xml_event *ev, int kind)
{
	agent *a;

	switch (kind) {
	case K_METS: on_mets(c, ev); break;
	case K_HDR: on_hdr(c, ev); break;
	case K_AGENT:
		if (c->n_agents >= MAX_AGENTS)
			break;
		a = &c->agents[c->n_agents++];
		memset(a, 0, sizeof(*a));
		a->role = role_of(attr(ev, NULL, "ROLE"));
		a->type = type_of(attr(ev, NULL, "TYPE"));
		a->software = attr(ev, NULL, "OTHERTYPE") && strcmp(attr(ev, NULL, "OTHERTYPE"), "SOFTWARE") == 0;
		a->line = ev->line;
		break;
	case K_AGENT_NOTE:
		if (c->n_agents && c->n_agents <= MAX_AGENTS) {
			const char *nt = attr(ev, NS_CSIP, "NOTETYPE");
			a = &c->agents[c->n_agents - 1];
			a->n_notes++;
			a->n_sv += nt && strcmp(nt, "SOFTWARE VERSION") == 0;
			a->n_ic += nt && strcmp(nt, "IDENTIFICATIONCODE") == 0;
		}
		break;
	case K_AGENT_NAME:
		if (c->n_agents && c->n_agents <= MAX_AGENTS)
			c->agents[c->n_agents - 1].n_names++;
		break;
	case K_ALTREC: on_altrec(c, ev); break;
	case K_DMD: on_mdsec(c, ev, SEC_DMD); break;
	case K_AMD:
		c->n_amd++;
		snprintf(c->amd_id, sizeof(c->amd_id), "%s", attr(ev, NULL, "ID") ? attr(ev, NULL, "ID") : "");
		break;
	case K_MDSEC:
		on_mdsec(c, ev, strcmp(ev->name, "digiprovMD") == 0 ? SEC_DIGIPROV :
			strcmp(ev->name, "rightsMD") == 0 ? SEC_RIGHTS : SEC_OTHER);
		break;
	case K_MDREF: on_mdref(c, ev); break;
	case K_FILESEC:
		c->n_filesec++;
		req(c, R_CSIP59, filled(attr(ev, NULL, "ID")), ev->line, "fileSec has no ID");
		break;
	case K_FILEGRP: on_filegrp(c, ev); break;
	case K_FILE: on_file(c, ev); break;
	case K_FLOCAT: on_flocat(c, ev); break;
	case K_SMAP: on_smap(c, ev); break;
	case K_DIV1: case K_DIV2: case K_DIV3: on_div(c, ev, kind); break;
	case K_FPTR: c->div_fptrs++; on_fptr(c, ev); break;
	case K_MPTR: on_mptr(c, ev); break;
	default: break;
	}
}

static void on_end(som_csip *c, const som_xml_event *ev, int kind)
{
	agent *a = c->n_agents && c->n_agents <= MAX_AGENTS ? &c->agents[c->n_agents - 1] : NULL;

	switch (kind) {
	case K_HDR: hdr_end(c); break;
	case K_AGENT_NAME: if (a) a->n_names_filled += filled(ev->text); break;
	case K_AGENT_NOTE: if (a) a->n_notes_filled += filled(ev->text); break;
	case K_ALTREC: altrec_end(c, ev, c->altrec_type); break;
	case K_DMD:
		req(c, R_CSIP21, c->sec_mdrefs > 0, ev->line, "a dmdSec without mdRef");
		break;
	case K_MDSEC:
		if (c->sec == SEC_DIGIPROV || c->sec == SEC_RIGHTS)
			req(c, c->sec == SEC_DIGIPROV ? R_CSIP35 : R_CSIP48, c->sec_mdrefs > 0, ev->line,
				"a %s without mdRef", ev->name);
		break;
	case K_FILEGRP:
		if (c->n_grp_stack) {
			const grp *g = &c->grps[c->grp_stack[--c->n_grp_stack]];
			req(c, R_CSIP66, g->n_files > 0, g->line, "fileGrp '%s' holds no file", g->id);
		}
		break;
	case K_FILE: file_end(c); break;
	case K_SMAP:
		if (c->in_csip_map)
			req(c, R_CSIP84, c->n_div1 == 1, 0, "the CSIP structMap has %d div elements: it needs one", c->n_div1);
		c->in_csip_map = 0;
		break;
	case K_DIV1: case K_DIV2: case K_DIV3: div_end(c, kind); break;
	default: break;
	}
}

int som_csip__event(void *payload, const som_xml_event *ev, int end)
{
	som_csip *c = payload;
	int kind;

	if (!end) {
		kind = kind_of(c, ev);
		if (ev->depth < MAX_DEPTH)
			c->kind[ev->depth] = (unsigned char)kind;
		on_start(c, ev, kind);
	} else {
		kind = ev->depth < MAX_DEPTH ? c->kind[ev->depth] : K_OTHER;
		on_end(c, ev, kind);
	}
	return 0;
}

/* Whether `id` is among the NUL-separated strings of `list`. */
static int listed(const som_buf *list, const char *id)
{
	const char *p;

	for (p = list->ptr; p && p < list->ptr + list->size; p += strlen(p) + 1)
		if (strcmp(p, id) == 0)
			return 1;
	return 0;
}

void som_csip__doc_end(som_csip *c)
{
	size_t i;
	int n_doc = 0, n_sch = 0, n_rep = 0, uncovered = 0;

	req(c, R_CSIP117, c->n_hdr == 1, 0, c->n_hdr ? "%d metsHdr elements: it needs one" : "no metsHdr", c->n_hdr);
	req(c, R_CSIP58, c->n_filesec > 0, 0, "no fileSec");
	for (i = 0; i < c->n_grps; i++) {
		n_doc += c->grps[i].div == D_DOC;
		n_sch += c->grps[i].div == D_SCHEMAS;
		n_rep += c->grps[i].div == D_REPS;
	}
	if (c->is_root) {
		req(c, R_CSIP60, n_doc > 0, 0, "no fileGrp USE 'Documentation'");
		req(c, R_CSIP113, n_sch > 0, 0, "no fileGrp USE 'Schemas'");
		req(c, R_CSIP114, n_rep > 0, 0, "no fileGrp whose USE starts with 'Representations'");
		if (c->env.has && c->env.has(c->env.payload, "metadata/descriptive/"))
			req(c, R_CSIP17, c->n_dmd > 0, 0, "files under metadata/descriptive/ but no dmdSec");
		if (c->env.has && c->env.has(c->env.payload, "metadata/preservation/")) {
			req(c, R_CSIP31, c->n_amd > 0, 0, "files under metadata/preservation/ but no amdSec");
			req(c, R_CSIP32, c->n_digiprov > 0, 0, "files under metadata/preservation/ but no digiprovMD");
		}
		req(c, R_CSIP31, c->n_amd <= 1, 0, "%d amdSec elements: all administrative metadata belongs in one",
			c->n_amd);
	}
	req(c, R_CSIP80, c->n_csip_maps == 1, 0, c->n_csip_maps ? "%d structMap elements labelled CSIP: it needs one" :
		"no structMap labelled CSIP%.0d", c->n_csip_maps);
	if (!c->n_csip_maps) {
		req(c, R_CSIP82, 0, 0, "no structMap has LABEL 'CSIP'");
		return;
	}
	som_csip__pass(c, R_CSIP82);
	req(c, R_CSIP88, c->n_meta == 1, 0, "%d divisions labelled Metadata: it needs one", c->n_meta);
	req(c, R_CSIP90, c->n_meta == 1, 0, "%d divisions labelled Metadata: it needs one", c->n_meta);
	req(c, R_CSIP93, c->n_docdiv > 0, 0, "no division labelled Documentation");
	req(c, R_CSIP95, c->n_docdiv <= 1, 0, "%d divisions labelled Documentation", c->n_docdiv);
	req(c, R_CSIP97, c->n_schdiv > 0, 0, "no division labelled Schemas");
	req(c, R_CSIP99, c->n_schdiv <= 1, 0, "%d divisions labelled Schemas", c->n_schdiv);
	req(c, R_CSIP103, c->n_repdiv <= 1, 0, "%d divisions labelled Representations", c->n_repdiv);
	for (i = 0; i < c->n_grps; i++) {
		const grp *g = &c->grps[i];
		if (g->div == D_DOC)
			req(c, R_CSIP96, g->named, 0, "fileGrp '%s' (Documentation) is named by no fptr of the"
				" Documentation division", g->id);
		else if (g->div == D_SCHEMAS)
			req(c, R_CSIP100, g->named, 0, "fileGrp '%s' (Schemas) is named by no fptr of the"
				" Schemas division", g->id);
		else if (g->div == D_REPS && !g->has_rep_div) {
			uncovered++;
			if (c->n_repdiv)
				req(c, R_CSIP104, g->named, 0, "fileGrp '%s' (%s) is named by no fptr of the"
					" Representations division, nor by a representation division", g->id, g->use);
		}
	}
	if (c->is_root)
		req(c, R_CSIP101, !uncovered || c->n_repdiv > 0, 0, "no division labelled Representations for"
			" the Representations file groups without a representation METS.xml");
}

/* The first path at or after `prefix` in the sorted `paths`, or n. */
static size_t lower(char *const *paths, size_t n, const char *prefix)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(paths[mid], prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int under(char *const *paths, size_t n, const char *prefix)
{
	size_t i = lower(paths, n, prefix);

	return i < n && strncmp(paths[i], prefix, strlen(prefix)) == 0;
}

static void folder(som_csip *c, int rq, int ok, const char *what, const char *path)
{
	c->checked[rq] = 1;
	if (!ok)
		som_csip__fault(c, rq, 0, "%s%s%s", path ? path : "", path ? " " : "", what);
}

void som_csip__folders(som_csip *c, char *const *paths, size_t n)
{
	size_t i, r;
	int schemas, docs;

	folder(c, R_CSIPSTR5, under(paths, n, "metadata/"), "no metadata/ folder", NULL);
	folder(c, R_CSIPSTR9, under(paths, n, "representations/"), "no representations/ folder", NULL);
	schemas = under(paths, n, "schemas/");
	docs = under(paths, n, "documentation/");
	for (i = lower(paths, n, "metadata/"); i < n && strncmp(paths[i], "metadata/", 9) == 0; i++)
		folder(c, R_CSIPSTR8, strchr(paths[i] + 9, '/') != NULL,
			"lies directly in metadata/, not in a sub-folder of its kind", paths[i]);
	for (r = lower(paths, n, "representations/"); r < n && strncmp(paths[r], "representations/", 16) == 0; ) {
		const char *name = paths[r] + 16, *slash = strchr(name, '/');
		char rep[512], data[540], mets[540], meta[540];
		size_t len;
		if (!slash) {
			folder(c, R_CSIPSTR10, 0, "lies directly in representations/, not in a representation's folder",
				paths[r]);
			r++;
			continue;
		}
		len = (size_t)(slash - paths[r]) + 1;
		if (len + 16 >= sizeof(rep)) {
			r++;
			continue;
		}
		memcpy(rep, paths[r], len);
		rep[len] = '\0';
		som_csip__pass(c, R_CSIPSTR10);
		snprintf(data, sizeof(data), "%sdata/", rep);
		snprintf(mets, sizeof(mets), "%sMETS.xml", rep);
		snprintf(meta, sizeof(meta), "%smetadata/", rep);
		folder(c, R_CSIPSTR11, under(paths, n, data), "has no data/ folder", rep);
		folder(c, R_CSIPSTR12, lower(paths, n, mets) < n && strcmp(paths[lower(paths, n, mets)], mets) == 0,
			"has no METS.xml of its own", rep);
		folder(c, R_CSIPSTR13, under(paths, n, meta), "has no metadata/ folder", rep);
		snprintf(data, sizeof(data), "%sschemas/", rep);
		schemas |= under(paths, n, data);
		snprintf(data, sizeof(data), "%sdocumentation/", rep);
		docs |= under(paths, n, data);
		/* On to the next representation folder: past every path under this one. */
		rep[len - 1] = '/' + 1;
		r = lower(paths, n, rep);
	}
	folder(c, R_CSIPSTR15, schemas, "no schemas/ folder (at the root or in a representation)", NULL);
	folder(c, R_CSIPSTR16, docs, "no documentation/ folder (at the root or in a representation)", NULL);
}

void som_csip__finish(som_csip *c)
{
	char check[160], detail[2048];
	int g, i;

	for (i = 0; i < N_REQ; i++) {
		if (!c->hidden[i])
			continue;
		snprintf(check, sizeof(check), "%s %s", rows[i].id, rows[i].name);
		snprintf(detail, sizeof(detail), "and %d more like these", c->hidden[i]);
		say(c, check, c->hidden_fail[i] ? SOM_CHECK_FAIL : SOM_CHECK_WARN, detail);
	}
	for (g = 0; g < G_NONE; g++) {
		size_t n = 0;
		int any = 0, bad = 0;
		detail[0] = '\0';
		for (i = 0; i < N_REQ; i++) {
			if (rows[i].group != g || !c->checked[i])
				continue;
			any = 1;
			bad |= c->failed[i];
			if (n + strlen(rows[i].id) + 2 < sizeof(detail))
				n += (size_t)snprintf(detail + n, sizeof(detail) - n, "%s%s", n ? " " : "", rows[i].id);
		}
		if (!any || bad)
			continue;
		if (n + 5 < sizeof(detail))
			memcpy(detail + n, " met", 5);
		snprintf(check, sizeof(check), "CSIP %s", group_names[g]);
		say(c, check, SOM_CHECK_OK, detail);
	}
}
