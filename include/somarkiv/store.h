/*
 * The store: a directory holding store.db (SQLite: the index, the small
 * objects, the audit log) and objects/ (large content-addressed files).
 * One writer at a time, guarded by a lock file; readers never block.
 */
#ifndef SOMARKIV_STORE_H
#define SOMARKIV_STORE_H

#include <stdint.h>
#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct som_store som_store;

/* The schema version this library writes; older stores are migrated. */
#define SOM_STORE_SCHEMA_VERSION 11

/* Objects smaller than this live in store.db; larger ones under objects/. */
#define SOM_OBJECT_INLINE_MAX (64 * 1024)

enum {
	SOM_STORE_OPEN_READ = 0,  /* read only, takes no lock */
	SOM_STORE_OPEN_WRITE = 1  /* takes the writer lock (SOM_ELOCKED if held) */
};

/*
 * The store directory to use when none is given: $SOMARKIV_HOME, or
 * ./somarkiv-data. Written into `out`.
 */
int som_store_default_dir(som_buf *out);

/*
 * Create a store in `dir` (created if missing; must not hold a store yet:
 * SOM_EEXISTS) and open it for writing. `actor` names who did it in the
 * audit log (NULL: the login name). Free with som_store_free().
 *
 * Every file of a store is its owner's alone (0600, folders 0700),
 * whatever the umask. The files follow store.db's mode: a store whose
 * store.db its group may read (som_store_init_with() and `group_read`, or
 * `chmod 640 store.db`) makes its files 0640 and its folders 0750, for
 * readers in that group. A writer narrows files wider than that.
 */
int som_store_init(som_store **out, const char *dir, const char *actor);

/* Options of som_store_init_with(). */
typedef struct som_store_init_options {
	unsigned int version;
	int group_read;   /* the owner's group may read the store (0640 / 0750) */
} som_store_init_options;

#define SOM_STORE_INIT_OPTIONS_VERSION 1
#define SOM_STORE_INIT_OPTIONS_INIT { SOM_STORE_INIT_OPTIONS_VERSION, 0 }

/* som_store_init() with options (NULL: the defaults). */
int som_store_init_with(som_store **out, const char *dir, const char *actor,
	const som_store_init_options *opts);

/*
 * Open an existing store (SOM_EENV when `dir` holds none). Writers take
 * the lock and apply pending schema migrations; SOM_ESCHEMA when the
 * store was written by a newer program. A reader of a store it cannot
 * write (a read-only mount, a backup, another user's store it may read)
 * reads it as it is, and says so in som_store_notes().
 */
int som_store_open(som_store **out, const char *dir, int mode,
	const char *actor);

/*
 * What opening the store found that a person should know, one line each
 * ("warning: ..." or "note: ..."), or NULL: a store folder others may read
 * or write, a read-only store read as it is. Borrowed.
 */
const char *som_store_notes(const som_store *store);

/* Close the store and release its lock. NULL is a no-op. */
void som_store_free(som_store *store);

/* The store's directory (borrowed). */
const char *som_store_path(const som_store *store);

/* Who acts, as recorded in the audit log (borrowed). */
const char *som_store_actor(const som_store *store);

/*
 * Let a long-lived reader see what was committed since its last call: ends
 * any read snapshot the handle still holds (a server keeps readers open
 * across requests).
 */
void som_store_refresh(som_store *store);

/* Statistics of a garbage collection. */
typedef struct som_gc_stats {
	int64_t blobs_removed;     /* unreferenced rows of the blob table */
	int64_t files_removed;     /* unreferenced files under objects/ */
	int64_t temp_removed;      /* leftovers of interrupted writes */
	int64_t bytes_freed;
} som_gc_stats;

/*
 * Remove objects no row refers to (those of failed captures, for
 * instance) and temporary files of interrupted writes. Needs a writer.
 */
int som_store_gc(som_gc_stats *out, som_store *store);

/*
 * Store `len` bytes as an object; `out_hex` receives the SHA-256 in
 * lower-case hex (65 bytes with the NUL). Idempotent.
 */
int som_object_put(char out_hex[65], som_store *store,
	const void *data, size_t len);

/*
 * Read an object into `out`, verifying its digest (SOM_ECORRUPT when the
 * bytes no longer match, SOM_ENOTFOUND when absent).
 */
int som_object_read(som_buf *out, som_store *store, const char *hex);

/*
 * Check every object of the store against its digest. `bad_out` receives
 * the number of objects that failed; the first failure's message is left
 * in som_error_last(). Returns SOM_ECORRUPT when any failed.
 */
int som_store_verify_objects(int64_t *checked_out, int64_t *bad_out,
	som_store *store);

#ifdef __cplusplus
}
#endif

#endif
