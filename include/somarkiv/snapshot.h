/*
 * The pre-closure snapshot of an account (ögonblicksbild före avslut, VGR
 * rutin 6.9): its final full exports ingested and classified, the whole
 * account written as one verified, optionally signed package with a
 * rendering people can read, its items recorded as delivered, and the
 * account closed with the package's id. A dry run says what that would
 * capture and what a person should settle first, and changes nothing.
 */
#ifndef SOMARKIV_SNAPSHOT_H
#define SOMARKIV_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct som_snapshot_options {
	unsigned int version;
	const char *account;         /* required: the account's id or handle */
	const char *const *sources;  /* required: the final full exports (files, folders, zips, tars) */
	size_t n_sources;
	const char *format;          /* NULL: detected per source, as ingest does */
	const char *out;             /* required unless dry_run: a directory, FILE.tar or FILE.zip */
	const char *sign_key;        /* PEM private key; with sign_cert the package is signed */
	const char *sign_cert;
	const char *close_date;      /* YYYY-MM-DD; NULL: today */
	const char *reason;          /* required unless dry_run: why the account is closed */
	const char *creator;         /* the records creator named in METS.xml; NULL: "unknown" */
	const char *package_id;      /* the OBJID; NULL: a fresh "uuid-..." */
	const char *created;         /* the package's creation time; NULL: now */
	const char *schema_dir;      /* the shipped schemas/; NULL: as export */
	int dry_run;                 /* say what would happen; change nothing */
	/*
	 * Called as the work goes on: `stage` is "ingest" (items read from the
	 * source being ingested; `total` -1) or "package" (items written of
	 * `total`). NULL: none.
	 */
	void (*progress)(const char *stage, int64_t done, int64_t total, void *payload);
	void *progress_payload;
} som_snapshot_options;

#define SOM_SNAPSHOT_OPTIONS_VERSION 1
#define SOM_SNAPSHOT_OPTIONS_INIT { SOM_SNAPSHOT_OPTIONS_VERSION, NULL, NULL, 0, \
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL }

/* What one source gave (in a dry run: would give). */
typedef struct som_snapshot_source {
	char *source;
	char *format;
	int64_t capture_id;      /* 0 in a dry run */
	int64_t n_new, n_changed, n_unchanged, n_removed;
	int64_t n_attachments, n_missing, n_problems;
} som_snapshot_source;

/*
 * Something a person should settle before the account goes, or know about
 * after: `what` is one of "closed" (the account is closed already),
 * "no-plan" (no plan in use: items stay unclassified), "unclassified"
 * (items without a class), "flagged" (flags no person has resolved) and
 * "missing-attachment" (an attachment the exports name but do not hold).
 */
typedef struct som_snapshot_problem {
	char *what;
	int64_t item_id;         /* 0 when it is about no one item; in a dry run, an item
	                          * new to the store has the id the real run will give it
	                          * if nothing else is ingested first */
	char *detail;            /* one line; never an item's text */
} som_snapshot_problem;

/* What a snapshot did (or would do). Dispose with som_snapshot_result_dispose(). */
typedef struct som_snapshot_result {
	int dry_run;
	int64_t account_id;
	char *handle;
	som_snapshot_source *sources;
	size_t n_sources;
	char *plan_version;      /* the plan it classified under; NULL when none */
	int64_t n_classified;    /* classifications the snapshot made */
	int64_t n_items;         /* items of the account the package holds */
	int64_t n_removed;       /* of them, removed from the platform */
	int64_t n_edited;        /* of them, with more than one version */
	int64_t n_disposed;      /* items disposed of earlier: only their log rows remain */
	int64_t n_unclassified, n_flagged, n_missing;
	som_snapshot_problem *problems;
	size_t n_problems;
	/* Not in a dry run: the package, its export record, the closing. */
	int64_t export_id;
	char *package_id;
	char *path;
	char *signature_path;    /* NULL when unsigned */
	char sha256[65];
	int64_t size;
	int64_t n_files;
	char *closed;            /* the date the account was closed */
} som_snapshot_result;

void som_snapshot_result_dispose(som_snapshot_result *result);

/*
 * Take the snapshot of `opts->account`: refused when the account is closed
 * (reopen it first). Each source is ingested as a full capture, the items
 * are classified under the plan in use (none in use: they stay
 * unclassified, and the result names it as a problem), the package is
 * exported in snapshot mode and verified, the export recorded as verified
 * (its items count as delivered), the account closed with the package's id,
 * and all of it audited ("snapshot"). It is one transaction: on any error,
 * or a crash, the store is as before, the package is removed (a crash may
 * leave the package file, or its .part, with no record of it) and object
 * files already written stay for `gc`. Running it again is safe.
 *
 * With `dry_run`, the same steps run up to the classification inside a
 * transaction that is rolled back: the store is unchanged (object files
 * the dry run wrote and nothing refers to are removed), no package is
 * written, and the result says what would be captured and lists the
 * problems. A dry run of a closed account reads no source and names the
 * closing as a problem.
 *
 * Errors: SOM_EINVALID (bad options, a closed account, a source that is no
 * export), SOM_ENOTFOUND (no such account, source or item to export),
 * SOM_EEXISTS (the package exists already), SOM_ECORRUPT (the written
 * package fails verification), and those of ingest and export.
 */
int som_snapshot_run(som_snapshot_result *out, som_store *store,
	const som_snapshot_options *opts);

/* Append the result as one JSON object to `out`. */
int som_snapshot_result_to_json(som_buf *out, const som_snapshot_result *result);

#ifdef __cplusplus
}
#endif

#endif
