/*
 * Verifying a package: read it entry by entry (never unpacked), hash every
 * file once, validate METS.xml, PREMIS, the item XML and a snapshot's
 * account XML against the shipped schemas, check the CSIP/SIP rules we claim, compare every listed file's
 * size and SHA-256, find unlisted files, and check the detached signature.
 */
#include <ctype.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "package/package.h"
#include "formats/archive_io.h"
#include "util/crypto.h"
#include "util/sign.h"
#include "formats/xml.h"


#define NS_METS "http://www.loc.gov/METS/"

typedef struct entry {
	char *rel;
	int64_t size;
	char sha256[65];
	int listed;
	const som_xml_node *defer; /* checked in the second pass: its METS carrier */
} entry;

typedef struct vctx {
	som_package_check_cb cb;
	void *payload;
	int64_t failures;
	entry *e;
	size_t n, a;
	som_buf mets;
	som_buf premis;
	int has_mets;
	int has_premis;
	char *root;
	int stop;
	som_buf item_xsd;      /* schemas/item.xsd as shipped */
	som_buf item;          /* the item.xml being read */
	som_buf account;       /* a snapshot's metadata/descriptive/account.xml */
	int has_account;
	int sorted;            /* e is sorted by rel (find) */
	/* The real sizes of the documents kept (a document too large is not kept). */
	int64_t mets_size, premis_size, account_size;
	int64_t n_items, items_bad;
	int legacy;            /* declares the pre-2.0 CSIP draft profile */
	size_t n_defer;
} vctx;

/* The profile URL of the CSIP drafts before 2.0 (the E-ARK examples of 2018). */
#define LEGACY_PROFILE "https://earkcsip.dilcis.eu/profile/CSIP.xml"
#define LEGACY_NOTE "MUST from CSIP 2.0, which the declared profile '" LEGACY_PROFILE "' predates"

/* A MUST of CSIP 2.x the legacy profile lacks: FAIL, or WARN for a legacy package. */
static int must2(const vctx *v, int ok)
{
	return ok ? SOM_CHECK_OK : v->legacy ? SOM_CHECK_WARN : SOM_CHECK_FAIL;
}

static void report(vctx *v, const char *check, int ok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(vctx *v, const char *check, int ok, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (ok == SOM_CHECK_FAIL)
		v->failures++;
	if (v->cb && v->cb(check, ok, detail, v->payload) != 0)
		v->stop = 1;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->rel, ((const entry *)b)->rel);
}

/* The package's file `rel`, by binary search (the entries are sorted once, when all are read). */
static entry *find(vctx *v, const char *rel)
{
	entry key;

	if (!v->sorted) {
		if (v->n > 1)
			qsort(v->e, v->n, sizeof(*v->e), entry_cmp);
		v->sorted = 1;
	}
	memset(&key, 0, sizeof(key));
	key.rel = (char *)rel;
	return v->n ? bsearch(&key, v->e, v->n, sizeof(*v->e), entry_cmp) : NULL;
}

/* A name we accept inside a package: relative, no "..", no empty parts. */
static int safe_name(const char *name)
{
	const char *p = name;

	if (!*name || *name == '/')
		return 0;
	while (*p) {
		const char *q = strchr(p, '/');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		if ((len == 2 && p[0] == '.' && p[1] == '.') || (len == 1 && p[0] == '.'))
			return 0;
		if (!q)
			break;
		p = q + 1;
	}
	return 1;
}

static int read_entries(vctx *v, const char *path)
{
	som_archive *ar = NULL;
	som_sha256 *sha = NULL;
	char *chunk = NULL;
	const char *name;
	int64_t size;
	int is_reg, is_link, rc, error = 0, bad_root = 0;

	if (!(chunk = som__malloc(256 * 1024)))
		return SOM_ENOMEM;
	if ((error = som_archive__open(&ar, path, path)) != 0)
		goto done;
	while ((rc = som_archive__next(ar, &name, &size, &is_reg, &is_link)) == 1) {
		const char *slash;
		size_t rlen;
		entry *e;
		som_buf *keep = NULL;
		int64_t *keep_size = NULL;
		size_t keep_max = SOM_XML_MAX_SIZE, keep_total = 0;
		ssize_t got;
		int64_t total = 0;

		if (!safe_name(name)) {
			report(v, "structure", 0, "unsafe name '%s' in the package", name);
			continue;
		}
		if (is_link) {
			report(v, "structure", 0, "link '%s' in the package", name);
			continue;
		}
		slash = strchr(name, '/');
		rlen = slash ? (size_t)(slash - name) : strlen(name);
		if (!v->root && !(v->root = som__strndup(name, rlen))) {
			error = SOM_ENOMEM;
			goto done;
		}
		if (strlen(v->root) != rlen || strncmp(v->root, name, rlen) != 0 || !slash) {
			/* CSIPSTR1: one root folder */
			if (is_reg && !bad_root++)
				report(v, "CSIPSTR1 root folder", 0, "'%s' is outside the root folder '%s'", name, v->root);
			continue;
		}
		if (!is_reg || !slash[1])
			continue;
		if (v->n == v->a) {
			size_t na = v->a ? v->a * 2 : 256;
			entry *ne = som__realloc(v->e, na * sizeof(*ne));
			if (!ne) {
				error = SOM_ENOMEM;
				goto done;
			}
			v->e = ne;
			v->a = na;
		}
		e = &v->e[v->n];
		memset(e, 0, sizeof(*e));
		if (!(e->rel = som__strdup(slash + 1))) {
			error = SOM_ENOMEM;
			goto done;
		}
		v->n++;
		if (strcmp(e->rel, "METS.xml") == 0) {
			keep = &v->mets;
			keep_size = &v->mets_size;
			keep_max = SOM_XML_PACKAGE_MAX_SIZE;
			v->has_mets = 1;
		} else if (strcmp(e->rel, "metadata/preservation/premis.xml") == 0) {
			keep = &v->premis;
			keep_size = &v->premis_size;
			keep_max = SOM_XML_PACKAGE_MAX_SIZE;
			v->has_premis = 1;
		} else if (strcmp(e->rel, "metadata/descriptive/account.xml") == 0) {
			keep = &v->account;
			keep_size = &v->account_size;
			v->has_account = 1;
		} else if (v->item_xsd.size && strncmp(e->rel, "representations/", 16) == 0 &&
			   strlen(e->rel) > 9 && strcmp(e->rel + strlen(e->rel) - 9, "/item.xml") == 0) {
			som_buf_clear(&v->item);
			keep = &v->item;
		}
		if (!(sha = som_sha256__new())) {
			error = SOM_ENOMEM;
			goto done;
		}
		while ((got = som_archive__read(ar, chunk, 256 * 1024)) > 0) {
			total += got;
			if ((error = som_sha256__update(sha, chunk, (size_t)got)) != 0)
				goto done;
			/* Kept whole or not at all: a cut document would read as malformed. */
			if (keep && keep_total + (size_t)got > keep_max) {
				som_buf_clear(keep);
				keep = NULL;
			}
			keep_total += (size_t)got;
			if (keep && (error = som_buf_put(keep, chunk, (size_t)got)) != 0)
				goto done;
		}
		if (got < 0) {
			error = som_error_code() ? som_error_code() : SOM_ECORRUPT;
			goto done;
		}
		e->size = total;
		if (keep_size)
			*keep_size = total;
		error = som_sha256__final(e->sha256, sha);
		sha = NULL;
		if (error)
			goto done;
		if (keep == &v->item) {
			som_xml_node *doc = NULL;
			int perr;
			v->n_items++;
			perr = total > SOM_XML_MAX_SIZE ? SOM_EINVALID :
				som_xml__parse(&doc, v->item.ptr ? v->item.ptr : "", v->item.size, e->rel,
					v->item_xsd.ptr, v->item_xsd.size);
			som_xml__free(doc);
			if (perr == SOM_EINVALID) {
				v->items_bad++;
				report(v, "item XML schema", 0, "%s", total > SOM_XML_MAX_SIZE ?
					"an item.xml is too large" : som_error_last());
			} else if (perr) {
				error = perr;
				goto done;
			}
		}
	}
	if (rc < 0)
		error = rc;
done:
	som_sha256__free(sha);
	som_archive__free(ar);
	som__free(chunk);
	return error;
}

/* A driver schema in memory importing the shipped schemas by absolute path. */
static int driver(som_buf *out, const char *dir, int premis_only)
{
	char abs[4096];
	const char *d = realpath(dir, abs) ? abs : dir;
	int error = som_buf_printf(out, "<?xml version=\"1.0\"?>\n"
		"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:somarkiv:driver\">\n"
		"<xs:import namespace=\"http://www.w3.org/1999/xlink\" schemaLocation=\"file://%s/fgs/mets/xlink.xsd\"/>\n", d);

	if (!error && !premis_only)
		error = som_buf_printf(out,
			"<xs:import namespace=\"" NS_METS "\" schemaLocation=\"file://%s/fgs/mets/mets-1.12.1.xsd\"/>\n"
			"<xs:import namespace=\"https://DILCIS.eu/XML/METS/CSIPExtensionMETS\" schemaLocation=\"file://%s/fgs/eark/csip-2.1.0/DILCISExtensionMETS.xsd\"/>\n"
			"<xs:import namespace=\"https://DILCIS.eu/XML/METS/SIPExtensionMETS\" schemaLocation=\"file://%s/fgs/eark/sip/DILCISExtensionSIPMETS.xsd\"/>\n",
			d, d, d);
	if (!error)
		error = som_buf_printf(out,
			"<xs:import namespace=\"http://www.loc.gov/premis/v3\" schemaLocation=\"file://%s/fgs/premis/premis-v3-0.xsd\"/>\n"
			"</xs:schema>\n", d);
	return error;
}

static const som_xml_node *child_ns(const som_xml_node *n, const char *name)
{
	size_t i;

	for (i = 0; n && i < n->n_children; i++)
		if (strcmp(n->children[i].name, name) == 0 && n->children[i].ns &&
		    strcmp(n->children[i].ns, NS_METS) == 0)
			return &n->children[i];
	return NULL;
}

/* Check one reference (file/FLocat or mdRef) against what the package holds. */
static void check_ref(vctx *v, const char *what, const som_xml_node *carrier,
	const char *href, int64_t *ok_count)
{
	const char *size = som_xml__attr(carrier, "SIZE");
	const char *sum = som_xml__attr(carrier, "CHECKSUM");
	const char *type = som_xml__attr(carrier, "CHECKSUMTYPE");
	char lower[65];
	entry *e;
	size_t i;

	if (!href) {
		report(v, what, 0, "a %s without xlink:href (line %ld)", carrier->name, carrier->line);
		return;
	}
	if (!(e = find(v, href))) {
		report(v, what, 0, "'%s' is listed in METS.xml but missing from the package", href);
		return;
	}
	e->listed = 1;
	if (!size || !sum || !type) {
		report(v, what, 0, "'%s' lacks SIZE, CHECKSUM or CHECKSUMTYPE (CSIP69, CSIP71, CSIP72)", href);
		return;
	}
	for (i = 0; i < 64 && sum[i]; i++)
		lower[i] = (char)tolower((unsigned char)sum[i]);
	lower[i] = '\0';
	/* Other digests, and a legacy package's mismatches, need a second pass. */
	if (strcmp(type, "SHA-256") != 0 || (v->legacy && (strtoll(size, NULL, 10) != e->size ||
	    strlen(sum) != 64 || strcmp(lower, e->sha256) != 0))) {
		if (!e->defer)
			v->n_defer++;
		e->defer = carrier;
		return;
	}
	if (strtoll(size, NULL, 10) != e->size) {
		report(v, what, 0, "'%s' has %" PRId64 " bytes, METS.xml says %s", href, e->size, size);
		return;
	}
	if (strlen(sum) != 64 || strcmp(lower, e->sha256) != 0) {
		report(v, what, 0, "'%s' is changed: its SHA-256 is %s, METS.xml says %s", href, e->sha256, sum);
		return;
	}
	(*ok_count)++;
}

static void walk_files(vctx *v, const som_xml_node *n, int64_t *ok_count)
{
	size_t i;

	for (i = 0; n && i < n->n_children && !v->stop; i++) {
		const som_xml_node *c = &n->children[i];
		if (strcmp(c->name, "file") == 0) {
			const som_xml_node *loc = child_ns(c, "FLocat");
			check_ref(v, "file", c, loc ? som_xml__attr(loc, "href") : NULL, ok_count);
		} else if (strcmp(c->name, "mdRef") == 0) {
			check_ref(v, "metadata file", c, som_xml__attr(c, "href"), ok_count);
		} else
			walk_files(v, c, ok_count);
	}
}

/* Feed `data` to `d` with every bare LF as CRLF; `*prev` carries the last byte. */
static int update_crlf(som_digest *d, const char *data, size_t len, char *prev, int64_t *size)
{
	size_t i, from = 0;
	int error = 0;

	for (i = 0; i < len && !error; i++) {
		if (data[i] == '\n' && (i ? data[i - 1] : *prev) != '\r') {
			if (!(error = som_digest__update(d, data + from, i - from)))
				error = som_digest__update(d, "\r", 1);
			(*size)++;
			from = i;
		}
	}
	if (!error)
		error = som_digest__update(d, data + from, len - from);
	*size += (int64_t)len;
	if (len)
		*prev = data[len - 1];
	return error;
}

/* Compare one deferred file's digests with its METS listing and report. */
static void judge(vctx *v, const entry *e, int64_t size, const char *hex,
	int64_t crlf_size, const char *crlf_hex, int64_t *ok_count)
{
	const char *lsize = som_xml__attr(e->defer, "SIZE"), *type = som_xml__attr(e->defer, "CHECKSUMTYPE");
	const char *sum = som_xml__attr(e->defer, "CHECKSUM");
	int64_t want = strtoll(lsize, NULL, 10);

	if (size == want && strcasecmp(sum, hex) == 0) {
		(*ok_count)++;
		return;
	}
	if (crlf_hex && crlf_size == want && strcasecmp(sum, crlf_hex) == 0) {
		/* Only the line endings differ: git and FTP do this to text files. */
		report(v, "file", SOM_CHECK_WARN, "'%s' matches its listed size and %s only with CRLF "
			"line endings: they were changed after packaging (content otherwise intact)",
			e->rel, type);
		(*ok_count)++;
		return;
	}
	if (size != want)
		report(v, "file", SOM_CHECK_FAIL, "'%s' has %" PRId64 " bytes, METS.xml says %s", e->rel, size, lsize);
	else
		report(v, "file", SOM_CHECK_FAIL, "'%s' is changed: its %s is %s, METS.xml says %s",
			e->rel, type, hex, sum);
}

/* The second pass: the files listed with another digest than SHA-256. */
static int check_deferred(vctx *v, const char *path, int64_t *ok_count)
{
	som_archive *ar = NULL;
	som_digest *d = NULL, *dc = NULL;
	char *chunk = NULL, hex[129], crlf_hex[129];
	const char *name;
	int64_t size;
	int is_reg, is_link, rc, error = 0;
	size_t rlen = strlen(v->root);

	if (!(chunk = som__malloc(256 * 1024)))
		return SOM_ENOMEM;
	if ((error = som_archive__open(&ar, path, path)) != 0)
		goto done;
	while ((rc = som_archive__next(ar, &name, &size, &is_reg, &is_link)) == 1) {
		entry *e;
		ssize_t got;
		int64_t total = 0, crlf_total = 0;
		char prev = 0;

		if (!is_reg || is_link || strncmp(name, v->root, rlen) != 0 || name[rlen] != '/' ||
		    !(e = find(v, name + rlen + 1)) || !e->defer)
			continue;
		error = som_digest__new(&d, som_xml__attr(e->defer, "CHECKSUMTYPE"));
		if (error == SOM_EINVALID) {
			report(v, "file", SOM_CHECK_FAIL, "'%s': %s", e->rel, som_error_last());
			error = 0;
			e->defer = NULL;
			continue;
		}
		if (error || (v->legacy &&
		    (error = som_digest__new(&dc, som_xml__attr(e->defer, "CHECKSUMTYPE"))) != 0))
			goto done;
		while ((got = som_archive__read(ar, chunk, 256 * 1024)) > 0) {
			total += got;
			if ((error = som_digest__update(d, chunk, (size_t)got)) != 0 ||
			    (dc && (error = update_crlf(dc, chunk, (size_t)got, &prev, &crlf_total)) != 0))
				goto done;
		}
		if (got < 0) {
			error = som_error_code() ? som_error_code() : SOM_ECORRUPT;
			goto done;
		}
		error = som_digest__final(hex, d);
		d = NULL;
		if (!error && dc) {
			error = som_digest__final(crlf_hex, dc);
			dc = NULL;
		}
		if (error)
			goto done;
		judge(v, e, total, hex, crlf_total, v->legacy ? crlf_hex : NULL, ok_count);
		e->defer = NULL;
	}
	if (rc < 0)
		error = rc;
done:
	som_digest__free(d);
	som_digest__free(dc);
	som_archive__free(ar);
	som__free(chunk);
	return error;
}

static void check_mets(vctx *v, const som_xml_node *root)
{
	const som_xml_node *hdr = child_ns(root, "metsHdr"), *fs = child_ns(root, "fileSec");
	const char *objid = som_xml__attr(root, "OBJID");
	int soft = 0, doc = 0, sch = 0, rep = 0, csip_map = 0;
	size_t i;

	v->legacy = som_xml__attr(root, "PROFILE") &&
		strcmp(som_xml__attr(root, "PROFILE"), LEGACY_PROFILE) == 0;
	report(v, "CSIP1 OBJID", objid && v->root && strcmp(objid, v->root) == 0,
		"OBJID '%s', root folder '%s'", objid ? objid : "(none)", v->root ? v->root : "(none)");
	report(v, "CSIP2 TYPE", som_xml__attr(root, "TYPE") != NULL, "TYPE '%s'",
		som_xml__attr(root, "TYPE") ? som_xml__attr(root, "TYPE") : "(none)");
	report(v, "CSIP6 PROFILE", som_xml__attr(root, "PROFILE") != NULL, "PROFILE '%s'",
		som_xml__attr(root, "PROFILE") ? som_xml__attr(root, "PROFILE") : "(none)");
	report(v, "CSIP117 metsHdr", hdr != NULL, hdr ? "present" : "missing");
	if (hdr) {
		report(v, "CSIP7 CREATEDATE", som_xml__attr(hdr, "CREATEDATE") != NULL, "%s",
			som_xml__attr(hdr, "CREATEDATE") ? som_xml__attr(hdr, "CREATEDATE") : "missing");
		report(v, "CSIP9 OAISPACKAGETYPE", som_xml__attr(hdr, "OAISPACKAGETYPE") != NULL, "%s",
			som_xml__attr(hdr, "OAISPACKAGETYPE") ? som_xml__attr(hdr, "OAISPACKAGETYPE") : "missing");
		for (i = 0; i < hdr->n_children; i++) {
			const som_xml_node *a = &hdr->children[i];
			const char *role = som_xml__attr(a, "ROLE"), *type = som_xml__attr(a, "TYPE"),
				*other = som_xml__attr(a, "OTHERTYPE");
			if (strcmp(a->name, "agent") == 0 && role && strcmp(role, "CREATOR") == 0 &&
			    type && strcmp(type, "OTHER") == 0 && other && strcmp(other, "SOFTWARE") == 0 &&
			    child_ns(a, "name") && child_ns(a, "note"))
				soft = 1;
		}
		report(v, "CSIP10-16 software agent", soft, soft ? "present" : "no CREATOR agent of OTHERTYPE SOFTWARE with name and note");
	}
	report(v, "CSIP59 fileSec", fs && som_xml__attr(fs, "ID"), !fs ? "missing" :
		som_xml__attr(fs, "ID") ? "present with an ID" : "fileSec has no ID");
	for (i = 0; fs && i < fs->n_children; i++) {
		const char *use = som_xml__attr(&fs->children[i], "USE");
		if (!use)
			continue;
		doc |= strcmp(use, "Documentation") == 0;
		sch |= strcmp(use, "Schemas") == 0;
		rep |= strncmp(use, "Representations", 15) == 0;
	}
	report(v, "CSIP60 Documentation group", must2(v, doc), doc ? "present" :
		v->legacy ? "no fileGrp USE='Documentation' (" LEGACY_NOTE ")" : "no fileGrp USE='Documentation'");
	report(v, "CSIP113 Schemas group", must2(v, sch), sch ? "present" :
		v->legacy ? "no fileGrp USE='Schemas' (" LEGACY_NOTE ")" : "no fileGrp USE='Schemas'");
	report(v, "CSIP114 Representations group", must2(v, rep), rep ? "present" :
		v->legacy ? "no fileGrp USE='Representations...' (" LEGACY_NOTE ")" :
		"no fileGrp USE='Representations...'");
	for (i = 0; i < root->n_children; i++) {
		const som_xml_node *sm = &root->children[i];
		const char *t = som_xml__attr(sm, "TYPE"), *l = som_xml__attr(sm, "LABEL");
		if (strcmp(sm->name, "structMap") == 0 && t && strcmp(t, "PHYSICAL") == 0 &&
		    l && som_xml__attr(sm, "ID") && child_ns(sm, "div")) {
			if (strcmp(l, "CSIP") == 0)
				csip_map = 1;
			else if (v->legacy && strcmp(l, "CSIP StructMap") == 0 && !csip_map)
				csip_map = 2;
		}
	}
	if (csip_map == 2)
		report(v, "CSIP80-85 structMap", SOM_CHECK_WARN, "PHYSICAL, LABEL 'CSIP StructMap' "
			"(the draft's label; LABEL 'CSIP' is " LEGACY_NOTE ")");
	else
		report(v, "CSIP80-85 structMap", csip_map, csip_map ? "PHYSICAL, LABEL CSIP" :
			"no PHYSICAL structMap labelled CSIP with an ID and a div");
}

/* A snapshot's account.xml against the shipped schemas/account.xsd (when installed). */
static int check_account(vctx *v, const char *schema_dir)
{
	som_buf p = SOM_BUF_INIT, xsd = SOM_BUF_INIT;
	som_xml_node *doc = NULL;
	char chunk[8192];
	size_t got;
	FILE *f;
	int error;

	if ((error = som_buf_printf(&p, "%s/account.xsd", schema_dir)) != 0)
		goto done;
	if (!(f = fopen(p.ptr, "rb"))) {
		report(v, "account XML schema", SOM_CHECK_WARN, "no '%s': account.xml not validated", p.ptr);
		goto done;
	}
	while (!error && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		error = som_buf_put(&xsd, chunk, got);
	fclose(f);
	if (error)
		goto done;
	if (v->account_size > SOM_XML_MAX_SIZE) {
		report(v, "account XML schema", 0, "account.xml is larger than %d MiB",
			SOM_XML_MAX_SIZE / (1024 * 1024));
		goto done;
	}
	error = som_xml__parse(&doc, v->account.ptr ? v->account.ptr : "", v->account.size,
		"metadata/descriptive/account.xml", xsd.ptr, xsd.size);
	report(v, "account XML schema", !error, "%s", error ? som_error_last() :
		"valid (schemas/account.xsd)");
	if (error == SOM_EINVALID)
		error = 0;
done:
	som_xml__free(doc);
	som_buf_dispose(&p);
	som_buf_dispose(&xsd);
	return error;
}

int som_package_verify(int64_t *failures_out, const char *path,
	const char *ca_cert, som_package_check_cb cb, void *payload)
{
	vctx v;
	som_buf xsd = SOM_BUF_INIT, sig = SOM_BUF_INIT;
	som_xml_node *root = NULL;
	const char *schema_dir = som__schema_dir();
	int error = 0;
	int64_t ok_count = 0, unlisted = 0;
	size_t i;
	struct stat sb;

	memset(&v, 0, sizeof(v));
	v.cb = cb;
	v.payload = payload;
	*failures_out = 0;
	if (stat(path, &sb) != 0) {
		error = som__error_os(SOM_ENOTFOUND, "cannot read package '%s'", path);
		goto done;
	}
	{
		som_buf p = SOM_BUF_INIT;
		FILE *f;
		char chunk[8192];
		size_t got;
		if ((error = som_buf_printf(&p, "%s/item.xsd", schema_dir)) != 0)
			goto done;
		if ((f = fopen(p.ptr, "rb")) != NULL) {
			while (!error && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
				error = som_buf_put(&v.item_xsd, chunk, got);
			fclose(f);
		}
		som_buf_dispose(&p);
		if (error)
			goto done;
	}
	if ((error = read_entries(&v, path)) != 0) {
		report(&v, "package readable", 0, "%s", som_error_last());
		error = 0;
		goto done;
	}
	report(&v, "package readable", 1, "%zu files under '%s'", v.n, v.root ? v.root : "");
	report(&v, "CSIPSTR4 METS.xml", v.has_mets, v.has_mets ? "at the root" : "no METS.xml at the root");
	if (!v.has_mets)
		goto signature;
	if (v.mets_size > SOM_XML_PACKAGE_MAX_SIZE) {
		report(&v, "METS.xml schema", 0, "METS.xml is %" PRId64 " MiB, more than verify reads (%d MiB)",
			v.mets_size / (1024 * 1024), SOM_XML_PACKAGE_MAX_SIZE / (1024 * 1024));
		goto signature;
	}
	if ((error = driver(&xsd, schema_dir, 0)) != 0)
		goto done;
	/* Validated streaming, then read into a tree without libxml2's: METS grows with the items. */
	error = som_xml__validate(v.mets.ptr ? v.mets.ptr : "", v.mets.size, "METS.xml",
		xsd.ptr, xsd.size, SOM_XML_PACKAGE_MAX_SIZE);
	if (error == SOM_EINVALID)
		report(&v, "METS.xml schema", 0, "%s", som_error_last());
	else if (!error)
		report(&v, "METS.xml schema", 1, "valid (METS 1.12.1 with the CSIP and SIP extensions)");
	else
		goto done;
	/* Well-formed at least? Then the other checks still say something. */
	error = som_xml__parse_stream(&root, v.mets.ptr ? v.mets.ptr : "", v.mets.size, "METS.xml",
		SOM_XML_PACKAGE_MAX_SIZE);
	if (error == SOM_EINVALID) {
		error = 0;
		goto signature;
	}
	if (error)
		goto done;
	som_buf_dispose(&v.mets);   /* the tree holds what is needed */
	if (!root->ns || strcmp(root->ns, NS_METS) != 0 || strcmp(root->name, "mets") != 0) {
		report(&v, "METS.xml root", 0, "root element is not mets in '" NS_METS "'");
		goto signature;
	}
	check_mets(&v, root);
	walk_files(&v, root, &ok_count);
	if (v.n_defer && v.root && (error = check_deferred(&v, path, &ok_count)) != 0)
		goto done;
	for (i = 0; i < v.n; i++) {
		if (v.e[i].listed || strcmp(v.e[i].rel, "METS.xml") == 0)
			continue;
		if (v.e[i].size == 0) {
			/* An empty placeholder (.gitkeep) transfers no content: CSIP58 is a SHOULD. */
			report(&v, "CSIP58 file", SOM_CHECK_WARN, "'%s' is an empty file not listed in METS.xml",
				v.e[i].rel);
			continue;
		}
		unlisted++;
		report(&v, "file", 0, "'%s' is in the package but not listed in METS.xml", v.e[i].rel);
	}
	report(&v, "files", ok_count > 0 && unlisted == 0, "%" PRId64 " listed files present with the right size and %s",
		ok_count, v.n_defer ? "checksum" : "SHA-256");
	if (v.has_premis) {
		som_buf_clear(&xsd);
		if ((error = driver(&xsd, schema_dir, 1)) != 0)
			goto done;
		if (v.premis_size > SOM_XML_PACKAGE_MAX_SIZE)
			report(&v, "PREMIS schema", 0, "premis.xml is %" PRId64 " MiB, more than verify reads"
				" (%d MiB): not validated", v.premis_size / (1024 * 1024),
				SOM_XML_PACKAGE_MAX_SIZE / (1024 * 1024));
		else {
			/* Validated streaming: premis.xml is the largest document. */
			error = som_xml__validate(v.premis.ptr ? v.premis.ptr : "", v.premis.size,
				"metadata/preservation/premis.xml", xsd.ptr, xsd.size, SOM_XML_PACKAGE_MAX_SIZE);
			report(&v, "PREMIS schema", !error, "%s", error ? som_error_last() : "valid (PREMIS 3.0)");
			if (error != SOM_EINVALID && error)
				goto done;
			error = 0;
		}
	}
	if (v.n_items)
		report(&v, "item XML schema", v.items_bad == 0, "%" PRId64 " of %" PRId64 " item.xml valid (schemas/item.xsd)",
			v.n_items - v.items_bad, v.n_items);
	if (v.has_account && (error = check_account(&v, schema_dir)) != 0)
		goto done;
signature:
	if ((error = som_buf_printf(&sig, "%s.p7s", path)) != 0)
		goto done;
	if (stat(sig.ptr, &sb) == 0) {
		char signer[256];
		error = som_sign__verify(sig.ptr, path, ca_cert, signer, sizeof(signer));
		if (error == SOM_ESIGNATURE || error == SOM_EINVALID)
			report(&v, "signature", 0, "%s", som_error_last());
		else if (!error)
			report(&v, "signature", 1, "%s by %s%s", sig.ptr, signer,
				ca_cert ? ", chained to the CA" : " (no CA given: chain not checked)");
		else
			goto done;
		error = 0;
	} else if (ca_cert)
		report(&v, "signature", 0, "no signature '%s' beside the package", sig.ptr);
done:
	*failures_out = v.failures;
	som_xml__free(root);
	for (i = 0; i < v.n; i++)
		som__free(v.e[i].rel);
	som__free(v.e);
	som__free(v.root);
	som_buf_dispose(&v.mets);
	som_buf_dispose(&v.premis);
	som_buf_dispose(&v.item_xsd);
	som_buf_dispose(&v.item);
	som_buf_dispose(&v.account);
	som_buf_dispose(&xsd);
	som_buf_dispose(&sig);
	return error;
}
