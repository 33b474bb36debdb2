/*
 * The registry's SQL halves shared between src/registry/store_*.c: a
 * series as the store keeps it, numbers taken and looked up, opening a case
 * inside a caller's transaction, and registrations read by a condition.
 */
#ifndef SOM_SRC_STORE_REGISTRY_H
#define SOM_SRC_STORE_REGISTRY_H

#include "registry/registry.h"
#include "somarkiv/plan.h"
#include "store/store.h"

/* A series as the store keeps it. Dispose with som_registry__series_dispose(). */
typedef struct som_registry__series {
	int64_t id;
	char prefix[24];
	char *format;
} som_registry__series;

void som_registry__series_dispose(som_registry__series *s);

/*
 * The series of `prefix`. With `import` (inside a transaction), a series
 * the store lacks but the current plan has is added first. SOM_ENOTFOUND
 * when neither has it.
 */
int som_registry__series_find(som_registry__series *out, som_store *store,
	const char *prefix, int import);

/* The next number of a series and year, taken in the caller's transaction. */
int som_registry__next_seq(int64_t *out, som_store *store, int64_t series_id, int year);

/*
 * The canonical form of a typed number, appended to `out`: as stored when
 * it is so already, else parsed through each series' format and rendered
 * again. `table` is "registry_case" or "registration". SOM_ENOTFOUND when
 * nothing has it, SOM_EINVALID when it is no series' number.
 */
int som_registry__canonical_number(som_buf *out, som_store *store, const char *table,
	const char *typed);

/* The year of an ISO 8601 UTC time in Stockholm (the year in a number). */
int som_registry__year_of(const char *time);

/*
 * An OSL provision as a registrar writes it, checked against the table
 * (som_osl_lookup): its canonical form in `out`, "" for NULL.
 */
int som_registry__check_secrecy(char out[48], const char *secrecy);

/* Open a case in the caller's transaction, audited; its id in `id_out`. */
int som_registry__open_case(int64_t *id_out, som_store *store,
	const som_registry__series *s, const char *title, const char *officer,
	const char *secrecy, const char *process, int collective);

/*
 * A Swedish date a registrar gives for what happened (YYYY-MM-DD, a real
 * day, not after today) into `out`; today when `date` is NULL.
 */
int som_registry__check_date(char out[11], const char *date);

/*
 * A process code against the plan's classification structure: NULL passes;
 * an unknown code, or one without a plan that has a structure, is
 * SOM_EINVALID. `series` (in and out): the process's series when it is
 * NULL, SOM_EINVALID when it names another one.
 */
int som_registry__check_process(const char **series, const som_plan *plan,
	const char *code);

/*
 * The registration that `where` (SQL over r, s and c, with ?1 bound to
 * `text`, or to `id` when `text` is NULL) finds; SOM_ENOTFOUND with the
 * message `missing` when none.
 */
int som_registry__registration_where(som_registration **out, som_store *store,
	const char *where, int64_t id, const char *text, const char *missing);

#endif
