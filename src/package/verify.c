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
#include "package/csip.h"


#define NS_METS "http://www.loc.gov/METS/"

typedef struct entry {
	char *rel;
	int64_t size;
	char sha256[65];
	int listed;
	/* Listed with another digest than SHA-256: checked in a second pass against these. */
	int defer, req_size, req_sum;
	int64_t want_size;
	char *want_sum;
	char want_type[16];
} entry;

/* A representation's own METS.xml (representations/NAME/METS.xml), kept to be read. */
typedef struct rep_mets {
	char *rel;
	som_buf data;
	int64_t size;
} rep_mets;

typedef struct vctx {
	som_package_check_cb cb;
	void *payload;
	int64_t failures;      /* of the checks outside the CSIP/SIP requirements */
	entry *e;
	size_t n, a;
	som_buf mets;
	som_buf premis;
	int has_mets;
	int has_premis;
	char *root;
	char *bad_root;        /* the first entry outside the root folder (CSIPSTR1) */
	int stop;
	som_buf item_xsd;      /* schemas/item.xsd as shipped */
	som_buf item;          /* the item.xml being read */
	som_buf account;       /* a snapshot's metadata/descriptive/account.xml */
	int has_account;
	int sorted;            /* e is sorted by rel (find) */
	/* The real sizes of the documents kept (a document too large is not kept). */
	int64_t mets_size, premis_size, account_size;
	int64_t n_items, items_bad;
	size_t n_defer;
	int64_t ok_count;      /* listed files found with the right size and digest */
	rep_mets *reps;
	size_t n_reps;
	som_csip *csip;
	int root_seen, root_ok;   /* the document's root element, and whether it is mets */
} vctx;

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

/* representations/NAME/METS.xml: a representation's own METS (CSIPSTR12, CSIP105-109). */
static int is_rep_mets(const char *rel)
{
	const char *name = rel + 16, *slash;

	if (strncmp(rel, "representations/", 16) != 0 || !(slash = strchr(name, '/')) || slash == name)
		return 0;
	return strcmp(slash + 1, "METS.xml") == 0;
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
			if (is_reg && !bad_root++ && !(v->bad_root = som__strdup(name))) {
				error = SOM_ENOMEM;
				goto done;
			}
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
		} else if (is_rep_mets(e->rel)) {
			rep_mets *nr = som__realloc(v->reps, (v->n_reps + 1) * sizeof(*nr));
			if (!nr) {
				error = SOM_ENOMEM;
				goto done;
			}
			v->reps = nr;
			memset(&nr[v->n_reps], 0, sizeof(*nr));
			if (!(nr[v->n_reps].rel = som__strdup(e->rel))) {
				error = SOM_ENOMEM;
				goto done;
			}
			keep = &nr[v->n_reps].data;
			keep_size = &nr[v->n_reps].size;
			keep_max = SOM_XML_PACKAGE_MAX_SIZE;
			v->n_reps++;
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
	int64_t crlf_size, const char *crlf_hex)
{
	if (size == e->want_size && strcasecmp(e->want_sum, hex) == 0) {
		v->ok_count++;
		som_csip__pass(v->csip, e->req_size);
		som_csip__pass(v->csip, e->req_sum);
		return;
	}
	if (crlf_hex && crlf_size == e->want_size && strcasecmp(e->want_sum, crlf_hex) == 0) {
		/* Only the line endings differ: git and FTP do this to text files. */
		som_csip__fault(v->csip, e->req_sum, 1, "'%s' matches its listed size and %s only with CRLF "
			"line endings: they were changed after packaging (content otherwise intact)",
			e->rel, e->want_type);
		v->ok_count++;
		return;
	}
	if (size != e->want_size)
		som_csip__fault(v->csip, e->req_size, 0, "'%s' has %" PRId64 " bytes, its METS.xml says %" PRId64,
			e->rel, size, e->want_size);
	else
		som_csip__fault(v->csip, e->req_sum, 0, "'%s' is changed: its %s is %s, its METS.xml says %s",
			e->rel, e->want_type, hex, e->want_sum);
}

/* The second pass: the files listed with another digest than SHA-256. */
static int check_deferred(vctx *v, const char *path)
{
	som_archive *ar = NULL;
	som_digest *d = NULL, *dc = NULL;
	char *chunk = NULL, hex[129], crlf_hex[129];
	const char *name;
	int64_t size;
	int is_reg, is_link, rc, error = 0;
	size_t rlen = strlen(v->root);
	int legacy = som_csip__legacy(v->csip);

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
		error = som_digest__new(&d, e->want_type);
		if (error == SOM_EINVALID) {
			som_csip__fault(v->csip, e->req_sum, 0, "'%s': %s", e->rel, som_error_last());
			error = 0;
			e->defer = 0;
			continue;
		}
		if (error || (legacy && (error = som_digest__new(&dc, e->want_type)) != 0))
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
		judge(v, e, total, hex, crlf_total, legacy ? crlf_hex : NULL);
		e->defer = 0;
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


/* The CSIP checker's side of the package (src/package/csip.h). */
static void env_report(void *payload, const char *check, int ok, const char *detail)
{
	vctx *v = payload;

	if (v->cb && v->cb(check, ok, detail, v->payload) != 0)
		v->stop = 1;
}

static int env_has(void *payload, const char *prefix)
{
	vctx *v = payload;
	size_t lo = 0, hi, len = strlen(prefix);

	find(v, "");    /* sorts */
	hi = v->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v->e[mid].rel, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->n && strncmp(v->e[lo].rel, prefix, len) == 0;
}

/* A file a METS lists: there, of the listed size and digest (other digests: the second pass). */
static void env_ref(void *payload, som_csip *c, const som_csip_ref *r)
{
	vctx *v = payload;
	entry *e;
	char lower[65];
	size_t i;
	int64_t want;
	char *end = NULL;

	if (!safe_name(r->path)) {
		som_csip__fault(c, r->req_missing, 0, "'%s' is no path inside the package", r->href);
		return;
	}
	if (!(e = find(v, r->path))) {
		som_csip__fault(c, r->req_missing, 0, "'%s' is listed but missing from the package", r->path);
		return;
	}
	e->listed = 1;
	som_csip__pass(c, r->req_missing);
	if (!r->size || !r->checksum || !r->checksumtype)
		return;     /* said already, by the attribute's own check */
	want = strtoll(r->size, &end, 10);
	if (!*r->size || *end || want < 0) {
		som_csip__fault(c, r->req_size, 0, "'%s': SIZE '%s' is not a number of bytes", r->path, r->size);
		return;
	}
	for (i = 0; i < 64 && r->checksum[i]; i++)
		lower[i] = (char)tolower((unsigned char)r->checksum[i]);
	lower[i] = '\0';
	/* Other digests, and a legacy package's mismatches, need a second pass. */
	if (strcmp(r->checksumtype, "SHA-256") != 0 || (som_csip__legacy(c) && (want != e->size ||
	    strlen(r->checksum) != 64 || strcmp(lower, e->sha256) != 0))) {
		char *sum = som__strdup(r->checksum);
		if (!sum)
			return;
		som__free(e->want_sum);
		e->want_sum = sum;
		snprintf(e->want_type, sizeof(e->want_type), "%s", r->checksumtype);
		e->want_size = want;
		e->req_size = r->req_size;
		e->req_sum = r->req_sum;
		if (!e->defer)
			v->n_defer++;
		e->defer = 1;
		return;
	}
	if (want != e->size) {
		som_csip__fault(c, r->req_size, 0, "'%s' has %" PRId64 " bytes, its METS.xml says %s",
			r->path, e->size, r->size);
		return;
	}
	if (strlen(r->checksum) != 64 || strcmp(lower, e->sha256) != 0) {
		som_csip__fault(c, r->req_sum, 0, "'%s' is changed: its SHA-256 is %s, its METS.xml says %s",
			r->path, e->sha256, r->checksum);
		return;
	}
	som_csip__pass(c, r->req_size);
	som_csip__pass(c, r->req_sum);
	v->ok_count++;
}

/* Every element to the CSIP checker; the root element must be mets. */
static int on_event(void *payload, const som_xml_event *ev, int end)
{
	vctx *v = payload;

	if (!end && ev->depth == 0) {
		v->root_seen = 1;
		v->root_ok = ev->ns && strcmp(ev->ns, NS_METS) == 0 && strcmp(ev->name, "mets") == 0;
	}
	if (!v->root_ok)
		return 0;
	return som_csip__event(v->csip, ev, end);
}

/*
 * Read one METS document (the package's, or a representation's) against
 * the METS schema and the CSIP/SIP checks, in one streaming pass.
 * Returns an error only when checking could not go on.
 */
static int check_mets_doc(vctx *v, const char *doc, const char *base, const som_buf *data,
	int64_t size, const som_buf *xsd)
{
	char *invalid = NULL;
	char check[300];
	int error;

	snprintf(check, sizeof(check), "%s schema", doc);
	if (size > SOM_XML_PACKAGE_MAX_SIZE) {
		report(v, check, 0, "%s is %" PRId64 " MiB, more than verify reads (%d MiB)", doc,
			size / (1024 * 1024), SOM_XML_PACKAGE_MAX_SIZE / (1024 * 1024));
		return 0;
	}
	v->root_seen = v->root_ok = 0;
	som_csip__doc_begin(v->csip, doc, base);
	error = som_xml__read(data->ptr ? data->ptr : "", data->size, doc, xsd->ptr, xsd->size,
		SOM_XML_PACKAGE_MAX_SIZE, on_event, v, &invalid);
	if (error == SOM_EINVALID) {
		report(v, check, 0, "%s", som_error_last());
		return 0;
	}
	if (error)
		return error;
	if (invalid)
		report(v, check, 0, "%s", invalid);
	else
		report(v, check, 1, "valid (METS 1.12.1 with the CSIP and SIP extensions)");
	som__free(invalid);
	if (!v->root_ok) {
		report(v, "METS.xml root", 0, "%s: the root element is not mets in '" NS_METS "'", doc);
		return 0;
	}
	som_csip__doc_end(v->csip);
	return 0;
}

/* Files no METS lists: an empty placeholder is a WARN (CSIP58), content a FAIL. */
static void check_unlisted(vctx *v)
{
	int csip58 = som_csip__req("CSIP58");
	int64_t unlisted = 0;
	size_t i;

	for (i = 0; i < v->n; i++) {
		if (v->e[i].listed || strcmp(v->e[i].rel, "METS.xml") == 0)
			continue;
		if (v->e[i].size == 0) {
			som_csip__fault(v->csip, csip58, 1, "'%s' is an empty file no METS.xml lists", v->e[i].rel);
			continue;
		}
		if (unlisted++ < 20)
			report(v, "unlisted file", 0, "'%s' is in the package but no METS.xml lists it:"
				" no checksum vouches for its bytes", v->e[i].rel);
		else
			v->failures++;
	}
	if (unlisted > 20)
		report(v, "unlisted file", 0, "and %" PRId64 " more", unlisted - 20);
	report(v, "files", v->ok_count > 0 && unlisted == 0, "%" PRId64 " listed files present with the right"
		" size and %s", v->ok_count, v->n_defer ? "checksum" : "SHA-256");
}

static int read_schema_file(som_buf *out, const char *dir, const char *name)
{
	som_buf p = SOM_BUF_INIT;
	FILE *f;
	char chunk[8192];
	size_t got;
	int error = som_buf_printf(&p, "%s/%s", dir, name);

	if (!error && (f = fopen(p.ptr, "rb")) != NULL) {
		while (!error && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
			error = som_buf_put(out, chunk, got);
		fclose(f);
	}
	som_buf_dispose(&p);
	return error;
}

static int check_premis(vctx *v, const char *schema_dir)
{
	som_buf xsd = SOM_BUF_INIT;
	int error = driver(&xsd, schema_dir, 1);

	if (error)
		goto done;
	if (v->premis_size > SOM_XML_PACKAGE_MAX_SIZE) {
		report(v, "PREMIS schema", 0, "premis.xml is %" PRId64 " MiB, more than verify reads"
			" (%d MiB): not validated", v->premis_size / (1024 * 1024),
			SOM_XML_PACKAGE_MAX_SIZE / (1024 * 1024));
		goto done;
	}
	/* Validated streaming: premis.xml is the largest document. */
	error = som_xml__validate(v->premis.ptr ? v->premis.ptr : "", v->premis.size,
		"metadata/preservation/premis.xml", xsd.ptr, xsd.size, SOM_XML_PACKAGE_MAX_SIZE);
	report(v, "PREMIS schema", !error, "%s", error ? som_error_last() : "valid (PREMIS 3.0)");
	if (error == SOM_EINVALID)
		error = 0;
done:
	som_buf_dispose(&xsd);
	return error;
}

static int check_signature(vctx *v, const char *path, const char *ca_cert)
{
	som_buf sig = SOM_BUF_INIT;
	struct stat sb;
	int error;

	if ((error = som_buf_printf(&sig, "%s.p7s", path)) != 0)
		goto done;
	if (stat(sig.ptr, &sb) == 0) {
		char signer[256];
		error = som_sign__verify(sig.ptr, path, ca_cert, signer, sizeof(signer));
		if (error == SOM_ESIGNATURE || error == SOM_EINVALID)
			report(v, "signature", 0, "%s", som_error_last());
		else if (!error && ca_cert)
			report(v, "signature", 1, "%s by %s, chained to the CA", sig.ptr, signer);
		else if (!error)
			report(v, "signature", SOM_CHECK_WARN, "%s by %s matches the package, but no CA was given:"
				" who signed it is not checked", sig.ptr, signer);
		else
			goto done;
		error = 0;
	} else if (ca_cert)
		report(v, "signature", 0, "no signature '%s' beside the package", sig.ptr);
	else
		report(v, "signature", SOM_CHECK_WARN, "no signature '%s' beside the package", sig.ptr);
done:
	som_buf_dispose(&sig);
	return error;
}

int som_package_verify(int64_t *failures_out, const char *path,
	const char *ca_cert, som_package_check_cb cb, void *payload)
{
	vctx v;
	som_buf xsd = SOM_BUF_INIT;
	const char *schema_dir = som__schema_dir();
	som_csip_env env;
	char **paths = NULL;
	int error = 0;
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
	if ((error = read_schema_file(&v.item_xsd, schema_dir, "item.xsd")) != 0)
		goto done;
	if ((error = read_entries(&v, path)) != 0) {
		report(&v, "package readable", 0, "%s", som_error_last());
		error = 0;
		goto signature;
	}
	report(&v, "package readable", 1, "%zu files under '%s'", v.n, v.root ? v.root : "");
	memset(&env, 0, sizeof(env));
	env.report = env_report;
	env.ref = env_ref;
	env.has = env_has;
	env.payload = &v;
	if ((error = som_csip__new(&v.csip, &env, v.root)) != 0)
		goto done;
	if (v.bad_root)
		som_csip__fault(v.csip, som_csip__req("CSIPSTR1"), 0, "'%s' is outside the root folder '%s'",
			v.bad_root, v.root);
	else
		som_csip__pass(v.csip, som_csip__req("CSIPSTR1"));
	if (!v.has_mets) {
		som_csip__fault(v.csip, som_csip__req("CSIPSTR4"), 0, "no METS.xml at the root");
		goto finish;
	}
	som_csip__pass(v.csip, som_csip__req("CSIPSTR4"));
	if ((error = driver(&xsd, schema_dir, 0)) != 0 ||
	    (error = check_mets_doc(&v, "METS.xml", "", &v.mets, v.mets_size, &xsd)) != 0)
		goto done;
	som_buf_dispose(&v.mets);
	if (!v.root_ok)
		goto finish;
	/* Each representation's own METS.xml, checked the same way (CSIP105-109). */
	for (i = 0; i < v.n_reps; i++) {
		rep_mets *r = &v.reps[i];
		char base[600];
		snprintf(base, sizeof(base), "%.*s", (int)(strlen(r->rel) - 8), r->rel);
		if ((error = check_mets_doc(&v, r->rel, base, &r->data, r->size, &xsd)) != 0)
			goto done;
		som_buf_dispose(&r->data);
	}
	if (v.n_defer && v.root && (error = check_deferred(&v, path)) != 0)
		goto done;
	check_unlisted(&v);
	if (!(paths = som__calloc(v.n + 1, sizeof(*paths)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	for (i = 0; i < v.n; i++)
		paths[i] = v.e[i].rel;
	som_csip__folders(v.csip, paths, v.n);
	if (v.has_premis && (error = check_premis(&v, schema_dir)) != 0)
		goto done;
	if (v.n_items)
		report(&v, "item XML schema", v.items_bad == 0, "%" PRId64 " of %" PRId64 " item.xml valid (schemas/item.xsd)",
			v.n_items - v.items_bad, v.n_items);
	if (v.has_account && (error = check_account(&v, schema_dir)) != 0)
		goto done;
finish:
	som_csip__finish(v.csip);
signature:
	error = check_signature(&v, path, ca_cert);
done:
	*failures_out = v.failures + (v.csip ? som_csip__failures(v.csip) : 0);
	som_csip__free(v.csip);
	som__free(paths);
	for (i = 0; i < v.n; i++) {
		som__free(v.e[i].rel);
		som__free(v.e[i].want_sum);
	}
	for (i = 0; i < v.n_reps; i++) {
		som__free(v.reps[i].rel);
		som_buf_dispose(&v.reps[i].data);
	}
	som__free(v.reps);
	som__free(v.e);
	som__free(v.root);
	som__free(v.bad_root);
	som_buf_dispose(&v.mets);
	som_buf_dispose(&v.premis);
	som_buf_dispose(&v.item_xsd);
	som_buf_dispose(&v.item);
	som_buf_dispose(&v.account);
	som_buf_dispose(&xsd);
	return error;
}
