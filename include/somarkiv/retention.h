/*
 * Retention and disposal (gallring): compute under the plan in force what
 * is due, keep it as a disposal batch to approve and execute, log every
 * destroyed item forever, and holds (gallringsstopp) that block disposal.
 */
#ifndef SOMARKIV_RETENTION_H
#define SOMARKIV_RETENTION_H

#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The date a period becomes due: `event` (YYYY-MM-DD, or an ISO 8601
 * time whose first 10 characters are the date) plus `period` (ISO 8601
 * "P2Y", "P6M", "P90D", "P1Y6M", "P4W"); with `calendar_year`, whole
 * years counted from the end of the event's year (2023-05-02 + P2Y:
 * 2026-01-01). Writes YYYY-MM-DD into out (11 bytes). SOM_EINVALID on a
 * bad date or period.
 */
int som_retention_due_date(char out[11], const char *event, const char *period,
	int calendar_year);

/*
 * The day disposal counts as today (YYYY-MM-DD, UTC) into out (11 bytes):
 * the earlier of the real clock's date and the date of $SOMARKIV_NOW, so
 * that a clock fixed for a test or a demo can move disposal back in time
 * but never forward: nothing is destroyed before its real due date.
 */
void som_retention_today(char out[11]);

/* What a retention run did. */
typedef struct som_retention_result {
	int64_t batch_id;      /* the batch proposed for approval (0: none, or a dry run) */
	int64_t auto_batch_id; /* the batch of items whose rule needs no approval, executed (0: none) */
	int64_t n_due;         /* items due and disposable */
	int64_t n_pending;     /* of those, items an open batch (proposed or approved) holds already */
	int64_t n_blocked;     /* items due but protected (registered, flag, hold, not delivered, thread) */
	int64_t n_disposed;    /* items destroyed (only when the rule auto-approves) */
	int64_t n_left_out;    /* items of the executed batches the check at execution left out */
} som_retention_result;

/*
 * Compute what is due on `as_of` (YYYY-MM-DD; NULL: today) under the
 * current plan. A dry run may look at any date, and its today follows
 * $SOMARKIV_NOW. Otherwise `as_of` may not be after
 * som_retention_today() (SOM_EINVALID), the due items not in an open
 * batch yet are kept as a proposed batch and the run is audited
 * ("retention.run"); items whose rule needs no approval (approvals="0" in
 * the plan) go into a batch of their own that the run executes at once
 * through som_retention_execute(), with the same check. Nothing else is
 * destroyed. When `report` is not NULL, one line per due item is appended
 * ("ITEM\tRULE\tDUE\n"). The schedule calls this as its retention job.
 */
int som_retention_run(som_retention_result *result, som_store *store,
	const char *as_of, int dry_run, som_buf *report);

/*
 * Approve a proposed batch as the store's actor (som_store_actor(): the
 * person the program acts for). A batch whose rules need two approvals is
 * approved when two different actors have; an actor who approved the
 * batch already is refused (SOM_EINVALID; names compared without case and
 * surrounding blanks), so the actor who proposed it is never its only
 * approver either. The audit entry ("retention.approve") also carries the
 * operating system's login name when it differs from the actor.
 * SOM_ENOTFOUND for no such batch, SOM_EINVALID for an executed one.
 */
int som_retention_approve(som_store *store, int64_t batch_id);

/* What executing a batch did. */
typedef struct som_retention_execution {
	int64_t n_disposed;    /* items destroyed and logged */
	int64_t n_not_due;     /* left out: not due today (som_retention_today()) under the plan in force */
	int64_t n_protected;   /* left out: protected now (registration, flag, hold, not delivered, thread) */
} som_retention_execution;

/*
 * Execute an approved batch. In one transaction every item is checked
 * again against the plan in force and som_retention_today(): the due
 * date and every protection the proposal checked; what no longer
 * qualifies is left out and counted, in `out` and in the audit entry
 * ("retention.execute"). Of the rest, each item's content is destroyed
 * (versions and their full-text entries, attachments, classifications
 * with their explanations, author and URL) and a disposal log row written
 * (identifier, dates, rule, decision, approvers, digests). Freed database
 * pages are zeroed; the objects no other item uses are removed after the
 * commit and the write-ahead log truncated; a kill before that is
 * finished by the next writer to open the store. SOM_EINVALID for a batch
 * not approved. `out` may be NULL.
 */
int som_retention_execute(som_retention_execution *out, som_store *store,
	int64_t batch_id);

/*
 * The disposal log between `from` and `to` (YYYY-MM-DD, inclusive; NULL:
 * open), per rule: appended as text lines, or with `json` as one JSON
 * object.
 */
int som_retention_report(som_buf *out, som_store *store, const char *from,
	const char *to, int json);

/* Kinds of hold. */
enum {
	SOM_HOLD_ACCOUNT = 1,
	SOM_HOLD_CASE,
	SOM_HOLD_ITEM,
	SOM_HOLD_QUERY,
	SOM_HOLD_REQUEST
};

/*
 * Place a hold of `kind` on `target` (account name or id, case number,
 * item id, search text, request reference) for `reason`; audited
 * ("hold.add"). The new hold's id in *id_out (may be NULL).
 */
int som_hold_add(int64_t *id_out, som_store *store, int kind, const char *target,
	const char *reason, const char *ref);

/* Lift a hold; audited ("hold.lift"). SOM_ENOTFOUND, or SOM_EINVALID when lifted. */
int som_hold_lift(som_store *store, int64_t id, const char *reason);

/* The holds, one line each ("ID\tKIND\tTARGET\tSTATE\tREASON\tREF\n"), lifted ones only with `all`. */
int som_hold_list(som_buf *out, som_store *store, int all);

#ifdef __cplusplus
}
#endif

#endif
