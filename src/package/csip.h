/*
 * The E-ARK CSIP and SIP requirements (2.1.0, as FGS Paketstruktur 2.0
 * adopts them, and 2.2.0) as verify holds a package to them: the table of
 * every requirement with its check, and the checker of a METS document,
 * driven element by element (som_xml__read), so that a streaming reader
 * can drive it with small state per element.
 */
#ifndef SOM_SRC_CSIP_H
#define SOM_SRC_CSIP_H

#include <stdint.h>
#include "formats/xml.h"

typedef struct som_csip som_csip;

/* A file a METS document lists (borrowed for the callback). */
typedef struct som_csip_ref {
	const char *path;          /* relative to the package root, decoded */
	const char *href;          /* as written */
	const char *size, *checksum, *checksumtype;   /* NULL when absent */
	/* The requirements a missing file, a wrong size and a wrong checksum break (som_csip__fault). */
	int req_missing, req_size, req_sum;
} som_csip_ref;

/* What the checker needs of the package around it. */
typedef struct som_csip_env {
	/* One line of the report (see som_package_check_cb). */
	void (*report)(void *payload, const char *check, int ok, const char *detail);
	/* A listed file: compare it with the package, report faults with som_csip__fault. */
	void (*ref)(void *payload, som_csip *c, const som_csip_ref *ref);
	/* Whether the package holds a file under `prefix` ("metadata/preservation/"). */
	int (*has)(void *payload, const char *prefix);
	void *payload;
} som_csip_env;

/* A checker for one package; `root` is its root folder. Free with som_csip__free. */
int som_csip__new(som_csip **out, const som_csip_env *env, const char *root);
void som_csip__free(som_csip *c);

/*
 * Check one METS document: `doc` its path in the package ("METS.xml",
 * "representations/rep1/METS.xml"), `base` the folder its hrefs are
 * relative to ("" or "representations/rep1/"). Call begin, then feed
 * every element event (som_csip__event is a som_xml_event_cb), then end.
 */
void som_csip__doc_begin(som_csip *c, const char *doc, const char *base);
int som_csip__event(void *c, const som_xml_event *ev, int end);
void som_csip__doc_end(som_csip *c);

/* Whether the package METS declares the pre-2.0 CSIP draft profile. */
int som_csip__legacy(const som_csip *c);

/* The CSIPSTR folder checks over the package's files (`paths`, sorted, relative to the root). */
void som_csip__folders(som_csip *c, char *const *paths, size_t n);

/* A requirement by its id ("CSIP68"), -1 when none. */
int som_csip__req(const char *id);

/*
 * Report a fault against requirement `req`: FAIL for a MUST, WARN for a
 * SHOULD or MAY (by the declared profile's level), WARN always when
 * `soft`. Repeated faults of one requirement print a few lines and a count.
 */
void som_csip__fault(som_csip *c, int req, int soft, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Requirement `req` was checked here and held. */
void som_csip__pass(som_csip *c, int req);

/* The failures reported so far, and the closing lines (counts, requirements met). */
int64_t som_csip__failures(const som_csip *c);
void som_csip__finish(som_csip *c);

#endif
