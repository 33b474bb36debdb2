/*
 * The insides of the package module (src/package/): the streaming package
 * writer with its manifest, the XML builders, and the store's side of an
 * export (src/package/store_export.c speaks the SQL).
 */
#ifndef SOM_SRC_PACKAGE_H
#define SOM_SRC_PACKAGE_H

#include <stdint.h>
#include <stdio.h>
#include "somarkiv/account.h"
#include "somarkiv/export.h"
#include "somarkiv/item.h"
#include "util/common.h"

/* One file written into the package, as METS.xml lists it. */
typedef struct som_pkg_file {
	char *path;        /* relative to the package root */
	char *mime;
	char *created;
	char sha256[65];
	int64_t size;
} som_pkg_file;

/* The writer: tar (pax) or zip through libarchive, hashing while writing. */
typedef struct som_pkg_writer som_pkg_writer;

/*
 * The mode of a package and its signature: readable by the owner's group
 * (the archivists who deliver it), by no one else.
 */
#define SOM_PACKAGE_MODE 0640

/*
 * Create `path` for writing (SOM_EEXISTS when anything, a symbolic link
 * included, is there); `zip` chooses the format; entries live under
 * `root`/; `mtime` fixes every entry's time.
 */
int som_package__writer_new(som_pkg_writer **out, const char *path, int zip,
	const char *root, const char *mtime);
/* Start a regular file of `size` bytes; then write exactly that many bytes. */
int som_package__begin(som_pkg_writer *w, const char *rel, int64_t size,
	const char *mime, const char *created);
int som_package__write(som_pkg_writer *w, const void *data, size_t len);
/* Finish the file; with `expect_sha` its digest must match (SOM_ECORRUPT). */
int som_package__end(som_pkg_writer *w, const char *expect_sha);
/* A whole file from memory. */
int som_package__add(som_pkg_writer *w, const char *rel, const void *data,
	size_t len, const char *mime, const char *created);
/* The files written so far (borrowed). */
const som_pkg_file *som_package__files(const som_pkg_writer *w, size_t *n);
/* Close the archive (flushes); the writer stays for its manifest. */
int som_package__close(som_pkg_writer *w);
/* The SHA-256 and size of the whole package file, once closed. */
int som_package__digest(char out_hex[65], int64_t *size_out, const som_pkg_writer *w);
void som_package__writer_free(som_pkg_writer *w);

/*
 * A large document (METS.xml, premis.xml) made in pieces: its builder
 * appends to a som_buf and, between entries, calls spool_flush, which moves
 * the bytes to an unnamed temporary file beside the package (`near`: the
 * package's path) once they pass a few MiB; spool_add then writes the whole
 * into the package. Memory stays bounded whatever the item count.
 */
typedef struct som_pkg_spool {
	const char *near;
	FILE *f;
	int64_t spilled;
} som_pkg_spool;
int som_package__spool_flush(som_pkg_spool *s, som_buf *out);
int som_package__spool_add(som_pkg_writer *w, const char *rel, som_pkg_spool *s,
	som_buf *out, const char *mime, const char *created);
/* Close the temporary file (a no-op when none was needed). */
void som_package__spool_close(som_pkg_spool *s);

/* Append `s` escaped for XML text or attributes; characters XML 1.0 forbids become U+FFFD. */
int som_package__xml_escape(som_buf *out, const char *s);

/* The item as XML under schemas/item.xsd ("urn:somarkiv:item:1"). */
typedef struct som_pkg_item_files {
	char **raw_names;      /* per version, the file name of its raw bytes */
	char **att_names;      /* per attachment, its file name (NULL when missing) */
	const char *class_name;
} som_pkg_item_files;
int som_package__item_xml(som_buf *out, const som_item *item,
	const som_pkg_item_files *files);

/* What a PREMIS document describes. */
typedef struct som_pkg_event {
	const char *type;      /* capture, ingestion, classification, packaging, digital signature... */
	const char *time;
	const char *detail;
	const char *agent;
	const char *object;    /* the object linked, may be NULL */
} som_pkg_event;
int som_package__premis(som_buf *out, const char *package_id,
	const som_pkg_file *files, size_t n_files,
	const som_pkg_event *events, size_t n_events, const char *software,
	som_pkg_spool *spill);

/* METS.xml for the package. */
typedef struct som_pkg_mets {
	const char *package_id;
	const char *created;
	const char *label;
	const char *creator;
	const char *software;
	const char *software_version;
	const char *actor;
} som_pkg_mets;
int som_package__mets(som_buf *out, const som_pkg_mets *m,
	const som_pkg_file *files, size_t n_files, som_pkg_spool *spill);

/* A registration with its case, as ERMS describes it (all borrowed during the callback). */
typedef struct som_pkg_registration {
	int64_t item_id;
	int64_t item_version;
	const char *number, *series, *direction, *date, *counterparty, *subject;
	const char *secrecy, *secrecy_date, *secrecy_by, *registrar, *officer;
	const char *classification_code, *registered_at;
	int64_t doc_seq;           /* 0 when none */
	int64_t case_id;           /* 0: registered without a case */
	const char *case_number, *case_title, *case_officer, *case_status;
	const char *case_opened, *case_closed, *case_secrecy, *case_secrecy_date;
	/* Issue 16: process names, the OSL provision's name, the case's closing. */
	const char *classification_name;      /* the process's name in the plan */
	const char *secrecy_name;             /* what the OSL provision protects */
	const char *case_classification_code, *case_classification_name;
	const char *case_close_how, *case_close_reason, *case_closed_date;
} som_pkg_registration;

/* What ERMS says of a record's retention (the plan's rule). */
typedef struct som_pkg_retention {
	const char *plan_version;
	const char *decision;      /* the disposal decision's reference (gallringsbeslut) */
	const char *rule_id;
	int dispose;               /* 0: preserve */
	const char *after;         /* ISO 8601 period, NULL when none */
	const char *from;          /* what the period counts from */
	char due[11];              /* YYYY-MM-DD, "" when not computable here */
} som_pkg_retention;

/* The ERMS document: records under their case aggregations (or their series). */
typedef struct som_erms som_erms;
int som_package__erms_new(som_erms **out, const char *package_id,
	const char *created, const char *creator);
/* Add one registration (in case order); `item_path` is its item.xml in the package. */
int som_package__erms_add(som_erms *e, const som_pkg_registration *r,
	const som_pkg_retention *ret, const char *item_path);
/* Finish into `out` (nothing when no registration was added: returns 1). */
int som_package__erms_finish(som_buf *out, som_erms *e);
void som_package__erms_free(som_erms *e);

/*
 * A snapshot's rendering (src/package/render.c): static HTML pages of the
 * account as it looked, a second representation beside rep1 whose
 * attachment files its pages show, and the account's register entry.
 */
#define SOM_RENDER_DIR_REP "representations/rendering/"
#define SOM_RENDER_DIR SOM_RENDER_DIR_REP "data/"
/*
 * The Content-Security-Policy of every page: no script, frame, form or
 * fetch; the inline style sheet; images from the package only.
 */
#define SOM_RENDER_CSP "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; " \
	"base-uri 'none'; form-action 'none'"
typedef struct som_render som_render;
/* `account` becomes the renderer's (freed with it, also on error); the strings are copied. */
int som_package__render_new(som_render **out, som_account *account,
	const char *package_id, const char *created, const char *close_date,
	const char *close_reason);
/*
 * Hand over an exported item: *item becomes the renderer's (and NULL) on
 * success. `dir` is its folder in the package ("representations/rep1/
 * data/item-N/"), `att_names` per attachment its file under that folder,
 * NULL when missing (copied).
 */
int som_package__render_item(som_render *r, som_item **item, const char *dir,
	char *const *att_names);
/* A valid registration of an item (copied). */
int som_package__render_registration(som_render *r, const som_pkg_registration *reg);
/* metadata/descriptive/account.xml under schemas/account.xsd ("urn:somarkiv:account:1"). */
int som_package__render_account_xml(som_buf *out, som_render *r);
/* Write every page into the package under SOM_RENDER_DIR; `n_pages_out` may be NULL. */
int som_package__render_write(som_render *r, som_pkg_writer *w, size_t *n_pages_out);
void som_package__render_free(som_render *r);

/* The store's side (src/package/store_export.c). */

/* Each valid registration of the items `ids` (sorted), in case order; 0 and none when there is no registry. */
typedef int (*som_store__registration_cb)(const som_pkg_registration *r, void *payload);
int som_store__export_registrations(som_store *store, const int64_t *ids, size_t n,
	som_store__registration_cb cb, void *payload);

/* Needs a writer: SOM_EINVALID otherwise, before any work. */
int som_store__export_can_write(som_store *store);

/*
 * A package made and recorded under its staged names (`path`.part and,
 * signed, `path`.part.p7s), waiting for its final ones. An export takes
 * them only once the store has recorded it, so that a kill never leaves a
 * finished-looking package the store does not know: export itself at once,
 * a snapshot after its transaction commits.
 */
typedef struct som_export_staged {
	char *part;       /* the package under its staged name; NULL: none made */
	char *sig_part;   /* its signature under its staged name; NULL: unsigned */
	char *path;       /* the final names */
	char *sig;
} som_export_staged;

/*
 * som_export_run(), leaving the package staged in `staged` (dispose it
 * with som_export__staged_dispose). On error nothing is left staged.
 */
int som_export__run(som_export_result *out, som_store *store,
	const som_export_options *opts, som_export_staged *staged);

/*
 * Give the staged package its final name, the signature's first (a
 * signature beside a .part is not a finished package; a package without
 * its signature would look like one). SOM_EEXISTS when a name was taken
 * meanwhile; the staged files then stay, and the error says where.
 */
int som_export__publish(som_export_staged *staged);

/* Remove the staged files this export made (after a failure or rollback). */
void som_export__staged_discard(som_export_staged *staged);
void som_export__staged_dispose(som_export_staged *staged);
/* The ids of the matching items, ordered by id (caller frees *ids). */
int som_store__export_select(int64_t **ids, size_t *n, som_store *store,
	const som_export_options *opts);
/* Stream an object's bytes to `cb` in pieces (its file, or its blob). */
typedef int (*som_store__bytes_cb)(const void *data, size_t len, void *payload);
int som_store__object_stream(som_store *store, const char *hex,
	int64_t *size_out, som_store__bytes_cb cb, void *payload);
/* The size of an object (SOM_ENOTFOUND). */
int som_store__object_size(int64_t *size_out, som_store *store, const char *hex);
/* One row of the disposal log (all borrowed during the callback). */
typedef struct som_pkg_disposal {
	int64_t id, item_id, batch_id;
	const char *identifier, *account, *kind, *created, *due, *rule;
	const char *plan_version, *decision, *approvers, *time, *sha256;
} som_pkg_disposal;
typedef int (*som_store__disposal_cb)(const som_pkg_disposal *d, void *payload);
/*
 * The disposal log rows no export has carried to the archive yet, oldest
 * first; only those of `account` ("platform:handle") when it is not NULL.
 */
int som_store__export_disposals(som_store *store, const char *account,
	som_store__disposal_cb cb, void *payload);
/*
 * Record an export, the versions delivered and the disposal log rows it
 * carried (`disposals`, ids), and audit it, in one transaction.
 */
int som_store__export_record(int64_t *id_out, som_store *store,
	const som_export_result *r, const char *created, const char *selection_json,
	int is_signed, const int64_t *item_ids, const int64_t *versions, size_t n,
	const int64_t *disposals, size_t n_disposals);

#endif
