/*
 * METS.xml of a package, per E-ARK CSIP 2.1.0 and SIP 2.1.0 as FGS
 * Paketstruktur 2.0 adopts them: the header with its agents, descriptive
 * and preservation metadata by reference, every file with its SHA-256,
 * size, MIME type and creation time, and the CSIP structural map. A
 * snapshot's rendering is a second representation beside rep1.
 */
#include <inttypes.h>
#include <string.h>
#include "package/package.h"

#define ESC(s) som_package__xml_escape(out, (s))

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int any_under(const som_pkg_file *files, size_t n, const char *prefix)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (starts(files[i].path, prefix))
			return 1;
	return 0;
}

/* What a descriptive metadata file is, as METS OTHERMDTYPE says, and its version (MDTYPEVERSION). */
static const char *dmd_type(const char *path, const char **version)
{
	if (strcmp(path, "metadata/descriptive/account.xml") == 0) {
		*version = NULL;
		return "somarkiv account 1";
	}
	/* E-ARK CITS ERMS 3 (schema 3.0.2): 2.1.x misspells recordPhysicalOrDigital's "digital". */
	*version = "3.0.2";
	return "ERMS";
}

/*
 * The representations (folder, USE, fileGrp ID, and what the content is:
 * csip:OTHERCONTENTINFORMATIONTYPE, CSIP62-63), each with its own file group (CSIP114).
 */
static const char *const reps[][4] = {
	{ "representations/rep1/", "Representations/rep1", "filegrp-rep1", "somarkiv item XML 1" },
	{ SOM_RENDER_DIR_REP, "Representations/rendering", "filegrp-rendering", "somarkiv HTML rendering 1" },
};

/* The mdRef of a metadata file (CSIP22-30, CSIP36-44). */
static int md_ref(som_buf *out, const som_pkg_file *f, const char *mdtype,
	const char *other, const char *version)
{
	int error = som_buf_printf(out, "      <mets:mdRef LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"");

	if (!error) error = ESC(f->path);
	if (!error) error = som_buf_printf(out, "\" MDTYPE=\"%s\"", mdtype);
	if (!error && other)
		error = som_buf_printf(out, " OTHERMDTYPE=\"%s\"", other);
	if (!error && version)
		error = som_buf_printf(out, " MDTYPEVERSION=\"%s\"", version);
	if (!error)
		error = som_buf_printf(out, " MIMETYPE=\"%s\" SIZE=\"%" PRId64 "\" CREATED=\"%s\""
			" CHECKSUM=\"%s\" CHECKSUMTYPE=\"SHA-256\"/>\n",
			f->mime, f->size, f->created, f->sha256);
	return error;
}

/*
 * One fileGrp of every file under `prefix` (CSIP64-79); 0 files writes
 * nothing. A representation's group says what its content is (`cit`, CSIP62).
 */
static int file_grp(som_buf *out, const som_pkg_file *files, size_t n,
	const char *prefix, const char *use, const char *id, const char *cit, som_pkg_spool *spill)
{
	size_t i;
	int error = 0, any = 0;

	for (i = 0; !error && i < n; i++) {
		if (!starts(files[i].path, prefix))
			continue;
		if (!any) {
			error = som_buf_printf(out, "    <mets:fileGrp ID=\"%s\" USE=\"%s\"", id, use);
			if (!error && cit)
				error = som_buf_printf(out, " csip:CONTENTINFORMATIONTYPE=\"OTHER\""
					" csip:OTHERCONTENTINFORMATIONTYPE=\"%s\"", cit);
			if (!error)
				error = som_buf_puts(out, ">\n");
			any = 1;
		}
		if (!error)
			error = som_buf_printf(out, "      <mets:file ID=\"file-%zu\" MIMETYPE=\"", i + 1);
		if (!error) error = ESC(files[i].mime);
		if (!error)
			error = som_buf_printf(out, "\" SIZE=\"%" PRId64 "\" CREATED=\"%s\""
				" CHECKSUM=\"%s\" CHECKSUMTYPE=\"SHA-256\">\n"
				"        <mets:FLocat LOCTYPE=\"URL\" xlink:type=\"simple\" xlink:href=\"",
				files[i].size, files[i].created, files[i].sha256);
		if (!error) error = ESC(files[i].path);
		if (!error) error = som_buf_puts(out, "\"/>\n      </mets:file>\n");
		if (!error) error = som_package__spool_flush(spill, out);
	}
	if (!error && any)
		error = som_buf_puts(out, "    </mets:fileGrp>\n");
	return error;
}

int som_package__mets(som_buf *out, const som_pkg_mets *m,
	const som_pkg_file *files, size_t n_files, som_pkg_spool *spill)
{
	size_t i;
	int error, n_dmd = 0, n_amd = 0;
	som_buf dmdids = SOM_BUF_INIT, admids = SOM_BUF_INIT;

	error = som_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<mets:mets xmlns:mets=\"http://www.loc.gov/METS/\""
		" xmlns:csip=\"https://DILCIS.eu/XML/METS/CSIPExtensionMETS\""
		" xmlns:sip=\"https://DILCIS.eu/XML/METS/SIPExtensionMETS\""
		" xmlns:xlink=\"http://www.w3.org/1999/xlink\""
		" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
		" xsi:schemaLocation=\"http://www.loc.gov/METS/ schemas/mets.xsd"
		" http://www.w3.org/1999/xlink schemas/xlink.xsd"
		" https://DILCIS.eu/XML/METS/CSIPExtensionMETS schemas/DILCISExtensionMETS.xsd"
		" https://DILCIS.eu/XML/METS/SIPExtensionMETS schemas/DILCISExtensionSIPMETS.xsd\""
		/* CSIP1 OBJID = the root folder; CSIP2 TYPE from the vocabulary; CSIP4/5; CSIP6 and SIP2 PROFILE */
		" OBJID=\"");
	if (!error) error = ESC(m->package_id);
	if (!error) error = som_buf_puts(out, "\" LABEL=\"");
	if (!error) error = ESC(m->label);
	if (!error) error = som_buf_printf(out, "\" TYPE=\"Mixed\""
		" csip:CONTENTINFORMATIONTYPE=\"OTHER\""
		" csip:OTHERCONTENTINFORMATIONTYPE=\"somarkiv item XML 1\""
		" PROFILE=\"https://earksip.dilcis.eu/profile/E-ARK-SIP.xml\">\n"
		/* CSIP117, CSIP7, CSIP8, SIP3, CSIP9/SIP4 */
		"  <mets:metsHdr CREATEDATE=\"%s\" LASTMODDATE=\"%s\" RECORDSTATUS=\"NEW\""
		" csip:OAISPACKAGETYPE=\"SIP\">\n"
		/* CSIP10-16: the software */
		"    <mets:agent ROLE=\"CREATOR\" TYPE=\"OTHER\" OTHERTYPE=\"SOFTWARE\">\n"
		"      <mets:name>", m->created, m->created);
	if (!error) error = ESC(m->software);
	if (!error) error = som_buf_puts(out, "</mets:name>\n"
		"      <mets:note csip:NOTETYPE=\"SOFTWARE VERSION\">");
	if (!error) error = ESC(m->software_version);
	/* SIP9-12: the records creator (arkivbildare) is the archival creator agent */
	if (!error) error = som_buf_puts(out, "</mets:note>\n    </mets:agent>\n"
		"    <mets:agent ROLE=\"ARCHIVIST\" TYPE=\"ORGANIZATION\">\n      <mets:name>");
	if (!error) error = ESC(m->creator);
	/* SIP15-18: the submitting agent: the records creator delivers its own records */
	if (!error) error = som_buf_puts(out, "</mets:name>\n    </mets:agent>\n"
		"    <mets:agent ROLE=\"CREATOR\" TYPE=\"ORGANIZATION\">\n      <mets:name>");
	if (!error) error = ESC(m->creator);
	/* SIP21-24: the person who made the package */
	if (!error) error = som_buf_puts(out, "</mets:name>\n    </mets:agent>\n"
		"    <mets:agent ROLE=\"CREATOR\" TYPE=\"INDIVIDUAL\">\n      <mets:name>");
	if (!error) error = ESC(m->actor);
	if (!error) error = som_buf_puts(out, "</mets:name>\n    </mets:agent>\n  </mets:metsHdr>\n");

	/* CSIP17-30: descriptive metadata by reference */
	for (i = 0; !error && i < n_files; i++) {
		if (!starts(files[i].path, "metadata/descriptive/"))
			continue;
		n_dmd++;
		error = som_buf_printf(out, "  <mets:dmdSec ID=\"dmd-%d\" CREATED=\"%s\" STATUS=\"CURRENT\">\n",
			n_dmd, files[i].created);
		if (!error) {
			const char *version, *type = dmd_type(files[i].path, &version);
			error = md_ref(out, &files[i], "OTHER", type, version);
		}
		if (!error) error = som_buf_puts(out, "  </mets:dmdSec>\n");
		if (!error) error = som_buf_printf(&dmdids, "%sdmd-%d", n_dmd > 1 ? " " : "", n_dmd);
	}
	/* CSIP31-44: preservation metadata by reference */
	for (i = 0; !error && i < n_files; i++) {
		if (!starts(files[i].path, "metadata/preservation/"))
			continue;
		if (n_amd++ == 0)
			error = som_buf_puts(out, "  <mets:amdSec>\n");
		if (!error)
			error = som_buf_printf(out, "    <mets:digiprovMD ID=\"digiprov-%d\" CREATED=\"%s\" STATUS=\"CURRENT\">\n",
				n_amd, files[i].created);
		if (!error) error = md_ref(out, &files[i], "PREMIS", NULL, NULL);
		if (!error) error = som_buf_puts(out, "    </mets:digiprovMD>\n");
		if (!error) error = som_buf_printf(&admids, "%sdigiprov-%d", n_amd > 1 ? " " : "", n_amd);
	}
	if (!error && n_amd)
		error = som_buf_puts(out, "  </mets:amdSec>\n");
	/* CSIP58-79 and CSIP113-114 */
	if (!error) error = som_buf_puts(out, "  <mets:fileSec ID=\"filesec-1\">\n");
	if (!error) error = file_grp(out, files, n_files, "documentation/", "Documentation",
		"filegrp-documentation", NULL, spill);
	if (!error) error = file_grp(out, files, n_files, "schemas/", "Schemas", "filegrp-schemas", NULL, spill);
	for (i = 0; !error && i < SOM_ARRAY_SIZE(reps); i++)
		error = file_grp(out, files, n_files, reps[i][0], reps[i][1], reps[i][2], reps[i][3], spill);
	/* CSIP80-104: the structural map */
	if (!error) error = som_buf_puts(out, "  </mets:fileSec>\n"
		"  <mets:structMap ID=\"structmap-csip\" TYPE=\"PHYSICAL\" LABEL=\"CSIP\">\n"
		"    <mets:div ID=\"div-root\" LABEL=\"");
	if (!error) error = ESC(m->package_id);
	if (!error) error = som_buf_puts(out, "\">\n      <mets:div ID=\"div-metadata\" LABEL=\"Metadata\"");
	if (!error && n_amd) error = som_buf_printf(out, " ADMID=\"%s\"", admids.ptr);
	if (!error && n_dmd) error = som_buf_printf(out, " DMDID=\"%s\"", dmdids.ptr);
	if (!error) error = som_buf_puts(out, "/>\n"
		"      <mets:div ID=\"div-documentation\" LABEL=\"Documentation\">\n"
		"        <mets:fptr FILEID=\"filegrp-documentation\"/>\n      </mets:div>\n"
		"      <mets:div ID=\"div-schemas\" LABEL=\"Schemas\">\n"
		"        <mets:fptr FILEID=\"filegrp-schemas\"/>\n      </mets:div>\n"
		"      <mets:div ID=\"div-representations\" LABEL=\"Representations\">\n");
	/*
	 * CSIP101/104: with no representation-level METS.xml, one Representations
	 * div pointing at each representation's file group (a div per
	 * representation, CSIP105-109, would need an mptr to such a METS.xml).
	 */
	for (i = 0; !error && i < SOM_ARRAY_SIZE(reps); i++)
		if (any_under(files, n_files, reps[i][0]))
			error = som_buf_printf(out, "        <mets:fptr FILEID=\"%s\"/>\n", reps[i][2]);
	if (!error) error = som_buf_puts(out, "      </mets:div>\n"
		"    </mets:div>\n  </mets:structMap>\n</mets:mets>\n");
	som_buf_dispose(&dmdids);
	som_buf_dispose(&admids);
	return error;
}
