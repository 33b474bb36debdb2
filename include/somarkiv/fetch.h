/*
 * Capture through the platforms' APIs (Mastodon, the Facebook Graph API for
 * Pages and Instagram professional accounts, the YouTube Data API, the X
 * API): the account's items, their replies, edits and media are read into
 * one capture, with the same items and versions as an export of the same
 * content, and items the platform no longer has are marked removed. The
 * credentials live in a file outside the store and never reach it.
 */
#ifndef SOMARKIV_FETCH_H
#define SOMARKIV_FETCH_H

#include <stdint.h>
#include "buf.h"
#include "ingest.h"
#include "plan.h"
#include "store.h"
#include "account.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Progress: the requests made so far, and what the last one was for. */
typedef void (*som_fetch_progress_cb)(int64_t requests, const char *what, void *payload);

typedef struct som_fetch_options {
	unsigned int version;
	const char *since;      /* only what was posted since this time or date; NULL: all */
	const char *ca_file;    /* certificates trusted beside the system's (a test's CA) */
	long timeout;           /* seconds without an answer before a request fails; 0: 30 */
	long max_wait;          /* the longest wait a rate limit may ask, seconds; 0: 900 */
	som_fetch_progress_cb progress;
	void *payload;
} som_fetch_options;

#define SOM_FETCH_OPTIONS_VERSION 1
#define SOM_FETCH_OPTIONS_INIT { SOM_FETCH_OPTIONS_VERSION, NULL, NULL, 0, 0, NULL, NULL }

/*
 * Capture the account through its platform's API into one capture (out,
 * if not NULL, receives its record; free with som_capture_free()). Needs a
 * writer. The answers are first gathered in the store's folder fetch/N/ (a
 * fetch that was interrupted continues from there within a day), then read
 * in one transaction: on any failure the store is as it was. Errors name
 * the account: SOM_EENV for missing or unsafe credentials, SOM_EINVALID for
 * a platform without an API (LinkedIn) or a closed account, SOM_ERROR for
 * the network, an expired token, a rate limit that would take longer than
 * `max_wait`. No error message ever holds a credential.
 */
int som_fetch(som_capture **out, som_store *store, int64_t account_id,
	const som_fetch_options *opts);

/* Can accounts of `platform` be fetched? */
int som_fetch_supported(const char *platform);

/* How an account's last capture stands against the plan's fetch jobs. */
typedef struct som_capture_age {
	char last[32];          /* when its last capture finished, "" when it has none */
	int64_t last_id;        /* that capture, 0 when none */
	int64_t interval;       /* seconds between the plan's fetches of it; 0: no fetch job covers it */
	int stale;              /* the last capture is older than the plan allows (or there is none) */
} som_capture_age;

/*
 * The age of the account's last capture at `now` (Unix seconds) under the
 * plan's fetch jobs (`plan` may be NULL: no interval). An account is stale
 * when a fetch job covers it and its last capture is older than one and a
 * half intervals (a scheduled fetch was missed, or failed).
 */
int som_fetch_capture_age(som_capture_age *out, som_store *store, const som_plan *plan,
	const som_account *account, int64_t now);

/* Does the plan's fetch job `job` cover the account? */
int som_fetch_job_covers(const som_plan_job *job, const som_account *account);

#ifdef __cplusplus
}
#endif

#endif
