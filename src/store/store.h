/*
 * The store's insides, shared by the src/store*.c files (the only ones that
 * speak SQL): the handle, cached prepared statements, transactions, and the
 * object writer used during a capture.
 */
#ifndef SOM_SRC_STORE_H
#define SOM_SRC_STORE_H

#include <sqlite3.h>
#include <stdint.h>
#include "somarkiv/store.h"
#include "util/common.h"

/* Slots of the prepared-statement cache, one per statement text. */
enum som_stmt_slot {
	SOM_STMT_OBJECT_HAS,
	SOM_STMT_OBJECT_PUT,
	SOM_STMT_OBJECT_GET,
	SOM_STMT_AUDIT_LAST,
	SOM_STMT_AUDIT_INSERT,
	SOM_STMT_META_SET,
	SOM_STMT_ITEM_FIND,
	SOM_STMT_ITEM_INSERT,
	SOM_STMT_ITEM_SET_VERSION,
	SOM_STMT_ITEM_UNREMOVE,
	SOM_STMT_VERSION_INSERT,
	SOM_STMT_VERSION_FIND,
	SOM_STMT_ITEM_COUNTED_UNCHANGED,
	SOM_STMT_FTS_INSERT,
	SOM_STMT_SEEN_INSERT,
	SOM_STMT_ATTACH_INSERT,
	SOM_STMT_ATTACH_SET,
	SOM_STMT__COUNT
};

struct som_store {
	char *path;
	char *db_path;
	char *objects_path;
	sqlite3 *db;
	int mode;
	int lock_fd;
	unsigned file_mode;  /* of the files the store creates: 0600, or 0640 (group-read) */
	unsigned dir_mode;   /* of the folders it creates: 0700, or 0750 */
	som_buf notes;       /* what opening found worth telling a person, a line each */
	char *actor;
	int in_tx;
	sqlite3_stmt *stmts[SOM_STMT__COUNT];
	/* Object files written since the transaction began: synced before commit. */
	char **new_files;
	size_t n_new_files;
	size_t a_new_files;
};

/* A cached prepared statement, reset and with bindings cleared. */
sqlite3_stmt *som_store__stmt(som_store *store, enum som_stmt_slot slot,
	const char *sql);
/* Run SQL without results; errors carry `what`. */
int som_store__exec(som_store *store, const char *sql);
/* The error of the last SQLite call, as a som error. */
int som_store__sqlerr(som_store *store, const char *what);

/* Transactions: BEGIN IMMEDIATE; commit syncs new object files first. */
int som_store__begin(som_store *store);
int som_store__commit(som_store *store);
void som_store__rollback(som_store *store);

/* Requires a writer: SOM_EINVALID naming the action otherwise. */
int som_store__need_writer(som_store *store, const char *action);

/* Bind a possibly-NULL text. */
int som_store__bind_text(sqlite3_stmt *st, int i, const char *s);
/* Column text duplicated (NULL stays NULL); sets *error on allocation failure. */
char *som_store__col_dup(sqlite3_stmt *st, int i, int *error);

/*
 * Streaming writer of one object: bytes are hashed while written; small
 * objects are kept in memory and land in the blob table, large ones go to a
 * temporary file under objects/ that is renamed to its digest at finish.
 */
typedef struct som_object_writer som_object_writer;
int som_object__writer_new(som_object_writer **out, som_store *store);
int som_object__writer_write(som_object_writer *w, const void *data, size_t len);
/* Finish: the digest and size; the writer is freed either way. */
int som_object__writer_finish(char out_hex[65], int64_t *size_out,
	som_object_writer *w);
void som_object__writer_abort(som_object_writer *w);

/*
 * The sweep after a disposal: som_store__sweep_mark() records, inside the
 * destroying transaction, that objects and the write-ahead log still hold
 * destroyed content; som_store_gc() sweeps them and clears the mark (it
 * stays when a reader keeps the log from being cut); a writer opening the
 * store runs som_store__sweep_pending(), which sweeps when marked.
 */
int som_store__sweep_mark(som_store *store);
int som_store__sweep_pending(som_store *store);

/* The path of a large object's file (caller frees). */
char *som_object__file_path(som_store *store, const char *hex);

#endif
