/*
 * Common definitions for the somarkiv library: error codes, the last-error
 * message, the allocation failure hook and the library version.
 */
#ifndef SOMARKIV_COMMON_H
#define SOMARKIV_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SOM_VERSION "0.1.0"

/*
 * Every fallible function returns 0 on success or one of these negative
 * codes; the message that goes with it is in som_error_last().
 */
enum {
	SOM_OK = 0,
	SOM_ERROR = -1,      /* a runtime error without a more specific code */
	SOM_ENOTFOUND = -3,  /* the thing asked for does not exist */
	SOM_EEXISTS = -4,    /* the thing to create exists already */
	SOM_EINVALID = -5,   /* bad input: a file, an argument, a value */
	SOM_ELOCKED = -6,    /* another writer holds the store */
	SOM_ECORRUPT = -7,   /* stored data fails its own check */
	SOM_ESCHEMA = -8,    /* the store's schema is newer than this program */
	SOM_ESIGNATURE = -9, /* a signature does not verify */
	SOM_EHOLD = -10,     /* a hold blocks the action */
	SOM_ENOMEM = -11,    /* an allocation failed */
	SOM_EENV = -12       /* the environment: store missing, permissions */
};

/*
 * The message of the last error set on this thread: one lower-case line
 * without a final period, naming the thing in quotes. Never NULL; borrowed,
 * valid until the next library call on this thread.
 */
const char *som_error_last(void);

/* The code of the last error set on this thread (0 when none). */
int som_error_code(void);

/* Forget the last error. */
void som_error_clear(void);

/*
 * Tests may make allocations fail: the hook is called before every
 * allocation with its size and returns non-zero to make it fail. NULL
 * removes the hook.
 */
typedef int (*som_alloc_fail_hook)(size_t size, void *payload);
void som_alloc_set_fail_hook(som_alloc_fail_hook hook, void *payload);

/* Free memory the library allocated and handed to the caller as a string. */
void som_free(void *ptr);

/*
 * Swedish local time (Europe/Stockholm: CET, CEST in summer by the EU rule,
 * Swedish rule 1980-1995), computed without the process's TZ and safe from
 * any thread. The store keeps UTC; people and the register see these.
 *
 * som_time_local: a UTC time (as som stores it, or any ISO 8601 time) as
 * local time with its offset, "2026-02-01T00:30:00+01:00".
 * som_date_local: its local date, "2026-02-01".
 * Both SOM_EINVALID for what is not a time.
 */
int som_time_local(char out[32], const char *utc);
int som_date_local(char out[11], const char *utc);

#ifdef __cplusplus
}
#endif

#endif
