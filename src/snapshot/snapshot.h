/*
 * The snapshot's insides shared by src/snapshot/snapshot.c (the steps) and
 * src/snapshot/store_snapshot.c (its SQL): the one transaction a snapshot runs in,
 * and what the store says about an account before it is closed.
 */
#ifndef SOM_SRC_SNAPSHOT_H
#define SOM_SRC_SNAPSHOT_H

#include <stdint.h>
#include "util/common.h"
#include "somarkiv/snapshot.h"

/* Begin the snapshot's transaction (the steps' own transactions nest in it). */
int som_store__snapshot_begin(som_store *store);

/*
 * Is the snapshot's transaction still open? A step that failed and rolled
 * back ends it; SOM_ERROR naming `step` then, so that nothing after it
 * runs outside the transaction.
 */
int som_store__snapshot_alive(som_store *store, const char *step);

int som_store__snapshot_commit(som_store *store);

/*
 * Roll the snapshot's transaction back, then remove the object files it
 * wrote that no row refers to (they would be gc's). No-op when none is open.
 */
void som_store__snapshot_rollback(som_store *store);

/* What the store holds of an account, for the result. */
typedef struct som_snapshot__counts {
	int64_t items, removed, edited, disposed, unclassified, flagged, missing;
} som_snapshot__counts;

int som_store__snapshot_counts(som_snapshot__counts *out, som_store *store,
	int64_t account_id);

/* One problem about one item (strings borrowed for the call). */
typedef int (*som_snapshot__problem_cb)(const char *what, int64_t item_id,
	const char *detail, void *payload);

/*
 * The account's items with flags no person has resolved, then the
 * attachments its exports named but did not hold, each oldest item first.
 */
int som_store__snapshot_problems(som_store *store, int64_t account_id,
	som_snapshot__problem_cb cb, void *payload);

#endif
