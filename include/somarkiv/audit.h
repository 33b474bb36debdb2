/*
 * The audit log: an append-only list of every state change of the store,
 * each entry chained to the one before by SHA-256 so that any later change
 * to history is detectable.
 */
#ifndef SOMARKIV_AUDIT_H
#define SOMARKIV_AUDIT_H

#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One entry, borrowed for the duration of a callback. */
typedef struct som_audit_entry {
	int64_t seq;          /* 1, 2, 3, ... */
	const char *time;     /* ISO 8601 UTC */
	const char *actor;
	const char *action;   /* e.g. "init", "account.add", "capture" */
	const char *target;   /* e.g. "account:3", "capture:12" */
	const char *details;  /* JSON object */
	const char *prev;     /* hex SHA-256 of the previous entry */
	const char *hash;     /* hex SHA-256 of this entry */
} som_audit_entry;

/* Return non-zero from the callback to stop; that value is returned. */
typedef int (*som_audit_cb)(const som_audit_entry *entry, void *payload);

/* Call `cb` for each entry with seq >= `from`, oldest first. */
int som_audit_foreach(som_store *store, int64_t from, som_audit_cb cb,
	void *payload);

/*
 * Recompute the chain. Returns 0 when intact (`count_out` entries);
 * SOM_ECORRUPT when an entry does not match, with its seq in `bad_out`
 * and the reason in som_error_last().
 */
int som_audit_verify(int64_t *count_out, int64_t *bad_out, som_store *store);

/* Append one entry as JSON (one object, no newline) to `out`. */
int som_audit_entry_to_json(som_buf *out, const som_audit_entry *entry);

/*
 * Append an entry; `details` is a JSON object text or NULL. Needs a
 * writer; joins the caller's transaction when one is open.
 */
int som_audit_append(som_store *store, const char *action,
	const char *target, const char *details);

#ifdef __cplusplus
}
#endif

#endif
