/*
 * A fast reader of one canonical NDJSON line (schemas/canonical-item.schema.json)
 * that builds no tree: it picks the members ingest needs straight from the
 * text. It declines whatever it is not sure of, and the caller then parses
 * the line with som_json__parse(), which gives the verdict and the message.
 */
#ifndef SOM_SRC_JSON_SCAN_H
#define SOM_SRC_JSON_SCAN_H

#include <stddef.h>
#include "somarkiv/buf.h"

/* One element of "attachments" that has a string "path". */
typedef struct som_json_scan_attachment {
	const char *path;
	const char *mime;           /* NULL unless a string */
	const char *description;    /* NULL unless a string */
} som_json_scan_attachment;

/*
 * The members of a line as som_json__get_string() would give them from the
 * parsed line: NULL when absent or not a string. `id` is the "id" string.
 * `by_account` is 1 only for true. At most `max_attachments` attachments are
 * kept, in order, skipping elements without a string "path".
 */
typedef struct som_json_scan_item {
	int read;  /* 1: the line was read; 0: declined, nothing else is set */
	const char *id, *kind, *parent_id, *author_name, *author_id;
	const char *created, *edited, *text, *url;
	int by_account;
	som_json_scan_attachment *attachments;  /* the caller's array */
	size_t max_attachments;
	size_t n_attachments;
} som_json_scan_item;

/*
 * Read `len` bytes holding one JSON object into `out` (whose `attachments`
 * and `max_attachments` the caller sets). The strings are decoded into
 * `arena` and stay valid until it is next used. `out->read` is 0 when the
 * line is declined: it is not valid JSON, or holds what this reader leaves
 * to the full parser (a non-null "raw", a number "id", a "text" that is
 * neither a string nor null, an escaped member name, a number with an
 * exponent or of many digits, deep nesting). What it reads, it reads
 * exactly as jansson (through som_json__parse()) would: the same strings,
 * the last of duplicate members winning. Returns 0, or SOM_ENOMEM.
 */
int som_json__scan_item(som_json_scan_item *out, som_buf *arena, const char *data,
	size_t len);

#endif
