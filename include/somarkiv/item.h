/*
 * Items: posts, comments, replies, shares and messages as captured, each
 * with its versions (observed states), attachments and provenance.
 */
#ifndef SOMARKIV_ITEM_H
#define SOMARKIV_ITEM_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kinds of item: post, comment, reply, share, message; NULL-terminated. */
const char *const *som_item_kinds(void);

/* One observed state of an item. */
typedef struct som_version {
	int64_t seq;          /* 1 for the first observed state */
	int64_t capture_id;   /* the capture that observed it first */
	char *observed;       /* when that capture ran, ISO 8601 UTC */
	char *edited;         /* the platform's edit time, NULL if never edited */
	char *text;
	char *raw_digest;     /* SHA-256 of the raw source bytes of this state */
} som_version;

/* An attachment named by the item; digest is NULL when it was missing. */
typedef struct som_attachment {
	char *path;           /* as named in the source */
	char *mime;
	char *description;    /* alt text */
	int64_t size;
	char *digest;
} som_attachment;

/* An item. Belongs to the caller: som_item_free(). */
typedef struct som_item {
	int64_t id;
	int64_t account_id;
	char *platform;
	char *platform_id;
	char *kind;
	char *parent_platform_id;  /* the item it answers, NULL for a post */
	int64_t parent_id;         /* that item in the store, 0 if not captured */
	char *author_name;
	char *author_id;
	int by_account;            /* written by the account itself (upprättad) */
	char *created;             /* ISO 8601 UTC */
	char *url;
	char *format;              /* the importer that first read it */
	int64_t first_capture;
	int64_t removed_capture;   /* capture that found it gone, 0 if present */
	char *removed_at;
	som_version *versions;     /* oldest first; the last is the current */
	size_t n_versions;
	som_attachment *attachments;
	size_t n_attachments;
} som_item;

void som_item_free(som_item *item);

/*
 * Find an item by its store id, or by "PLATFORM_ID" of any account or its
 * URL (SOM_ENOTFOUND; SOM_EINVALID when the reference is ambiguous). The
 * item comes with all its versions and attachments.
 */
int som_item_lookup(som_item **out, som_store *store, const char *ref);

typedef struct som_item_filter {
	unsigned int version;
	int64_t account_id;   /* 0: any */
	const char *kind;     /* NULL: any */
	int64_t capture_id;   /* 0: any; else items with a version from it */
	int64_t parent_id;    /* 0: any; else direct answers to that item */
	int64_t limit;        /* 0: no limit */
} som_item_filter;

#define SOM_ITEM_FILTER_VERSION 1
#define SOM_ITEM_FILTER_INIT { SOM_ITEM_FILTER_VERSION, 0, NULL, 0, 0, 0 }

/* The callback gets each item with its current version only (borrowed). */
typedef int (*som_item_cb)(const som_item *item, void *payload);

/* Matching items by creation time, then id. */
int som_item_foreach(som_store *store, const som_item_filter *filter,
	som_item_cb cb, void *payload);

/* Append the item as one JSON object, with all versions, to `out`. */
int som_item_to_json(som_buf *out, const som_item *item);

/*
 * Append the item's current version as one line of the canonical NDJSON
 * format (with its raw source object, read from the store) to `out`.
 */
int som_item_to_ndjson(som_buf *out, som_store *store, const som_item *item);

#ifdef __cplusplus
}
#endif

#endif
