/*
 * Ingest: reading one source (an export file, folder, zip or tar, or
 * standard input) of one account into the store as one capture, in one
 * transaction. Idempotent; edits become versions; items gone from a newer
 * full capture are marked removed-from-platform, never deleted.
 */
#ifndef SOMARKIV_INGEST_H
#define SOMARKIV_INGEST_H

#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Progress, called now and then with the number of items read so far. */
typedef void (*som_ingest_progress_cb)(int64_t items, void *payload);

typedef struct som_ingest_options {
	unsigned int version;
	const char *format;     /* NULL: detect from the source */
	int partial;            /* the source is not a full export: mark nothing removed */
	som_ingest_progress_cb progress;
	void *payload;
} som_ingest_options;

#define SOM_INGEST_OPTIONS_VERSION 1
#define SOM_INGEST_OPTIONS_INIT { SOM_INGEST_OPTIONS_VERSION, NULL, 0, NULL, NULL }

/*
 * A capture as recorded. Belongs to the caller: som_capture_free().
 * `report` is a JSON array of what the capture could not read (skipped
 * items, missing attachments, files not read), each an object with
 * "file", "where" and "problem".
 */
typedef struct som_capture {
	int64_t id;
	int64_t account_id;
	char *source_name;
	char *source_sha256;
	char *format;
	char *started;
	char *finished;
	char *actor;
	int full;
	int64_t n_new;
	int64_t n_changed;
	int64_t n_unchanged;
	int64_t n_removed;
	int64_t n_attachments;   /* attachments stored */
	int64_t n_missing;       /* attachments named but absent from the source */
	int64_t n_problems;      /* entries of the report */
	char *report;
} som_capture;

/*
 * Ingest `source` ("-" for standard input) into the account. On success
 * `out` (if not NULL) receives the capture record. On failure nothing of
 * the capture is visible in the store; the error names the file and the
 * place. Refused for a closed account (SOM_EINVALID).
 */
int som_ingest(som_capture **out, som_store *store, int64_t account_id,
	const char *source, const som_ingest_options *opts);

/* The formats ingest understands, NULL-terminated, borrowed. */
const char *const *som_ingest_formats(void);

/* Is `name` one of them? */
int som_ingest_format_known(const char *name);

void som_capture_free(som_capture *capture);

int som_capture_get(som_capture **out, som_store *store, int64_t id);

typedef int (*som_capture_cb)(const som_capture *capture, void *payload);

/* Captures, oldest first; `account_id` 0 for all accounts. */
int som_capture_foreach(som_store *store, int64_t account_id,
	som_capture_cb cb, void *payload);

/* One entry of a capture's report; strings borrowed, NULL when absent. */
typedef int (*som_capture_problem_cb)(const char *file, const char *where,
	const char *problem, void *payload);

/*
 * Call `cb` for each entry of the capture's report, in order. A non-zero
 * return from `cb` stops and is returned; SOM_ECORRUPT when the stored
 * report is not what the store writes.
 */
int som_capture_report_foreach(const som_capture *capture,
	som_capture_problem_cb cb, void *payload);

/* Append the capture as one JSON object to `out`. */
int som_capture_to_json(som_buf *out, const som_capture *capture);

#ifdef __cplusplus
}
#endif

#endif
