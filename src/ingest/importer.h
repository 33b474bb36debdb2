/*
 * The contract between the ingest core and the importers: one importer per
 * platform format (src/ingest/<format>.c), each a table of functions. An
 * importer reads a source and hands each item, in the canonical model, to
 * the sink; the core stores it.
 */
#ifndef SOM_SRC_INGEST_IMPORTER_H
#define SOM_SRC_INGEST_IMPORTER_H

#include <stddef.h>
#include <stdint.h>
#include "ingest/source.h"

typedef struct som_sink som_sink;

/* An attachment as the source names it. Strings borrowed. */
typedef struct som_attachment_in {
	const char *path;        /* the entry name in the source if found, else as named */
	const char *mime;        /* NULL: guessed from the name */
	const char *description; /* alt text, NULL if none */
} som_attachment_in;

/*
 * One item in the canonical model (see README, "The canonical format").
 * Strings are borrowed for the duration of som_sink__item(); times are
 * normalised by the sink (any ISO 8601 or Unix seconds is accepted).
 */
typedef struct som_item_in {
	const char *platform_id;        /* required, unique within the account */
	const char *kind;               /* post, comment, reply, share, message */
	const char *parent_id;          /* platform id of the item it answers */
	const char *author_name;
	const char *author_id;
	int by_account;                 /* written by the account itself */
	const char *created;            /* required */
	const char *edited;
	const char *text;               /* plain text, UTF-8 */
	const char *url;
	const char *raw;                /* the original bytes of this item, required */
	size_t raw_len;
	const som_attachment_in *attachments;
	size_t n_attachments;
} som_item_in;

typedef struct som_importer {
	const char *name;       /* the format name, e.g. "mastodon" */
	const char *platform;   /* the platform its items are on */
	int full;               /* its sources are full exports of the account */
	/*
	 * How sure it is that the source is in its format, 0 to 100; or
	 * SOM_ENOMEM when it could not look (an unreadable source is a 0).
	 */
	int (*probe)(som_source *src);
	/*
	 * Read the source into the sink. Returns 0, or the error of the first
	 * problem that makes the whole source unreadable (naming the file and
	 * the place). Problems with single items go to som_sink__problem().
	 */
	int (*read)(som_source *src, som_sink *sink);
} som_importer;

/*
 * Hand one item to the sink. Returns 0, or an error that must stop the
 * import (the capture is then rolled back). Invalid fields of one item
 * are a SOM_EINVALID naming `file` and `where` through som_sink__error.
 */
int som_sink__item(som_sink *sink, const som_item_in *item,
	const char *file, const char *where);

/*
 * Record a problem that does not stop the capture (an item skipped, a file
 * not read): it is kept in the capture's report. `where` may be NULL.
 */
int som_sink__problem(som_sink *sink, const char *file, const char *where,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The account's handle and display name, for recognising its own items. */
const char *som_sink__account_handle(const som_sink *sink);

/*
 * The state the store holds of the account's item `platform_id`: `*found`,
 * and in `out` its current version's edit time, else its creation time
 * (ISO 8601 UTC). For importers handed an item's earlier states, which
 * must not follow a later one the store has.
 */
int som_sink__current(char out[32], int *found, som_sink *sink, const char *platform_id);

/*
 * Mark the account's item `platform_id` removed from the platform by this
 * capture (a capture through the API found it gone); no-op when the store
 * has no such item or it is marked already.
 */
int som_sink__gone(som_sink *sink, const char *platform_id);

/* The importers, NULL-terminated (src/ingest/importers.c). */
extern const som_importer *const som_importers[];

extern const som_importer som_importer_ndjson;
extern const som_importer som_importer_mastodon;
extern const som_importer som_importer_mastodon_api;
extern const som_importer som_importer_facebook;
extern const som_importer som_importer_facebook_graph;
extern const som_importer som_importer_instagram_graph;
extern const som_importer som_importer_instagram;
extern const som_importer som_importer_x;
extern const som_importer som_importer_twarc;
extern const som_importer som_importer_linkedin;
extern const som_importer som_importer_youtube;
extern const som_importer som_importer_youtube_api;

#endif
