/*
 * Internal helpers shared by every module: allocation through the failure
 * hook, setting the last error, and times.
 */
#ifndef SOM_SRC_COMMON_H
#define SOM_SRC_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "somarkiv/common.h"
#include "somarkiv/buf.h"

/* Allocation; every failure sets SOM_ENOMEM as the last error. */
void *som__malloc(size_t size);
void *som__calloc(size_t n, size_t size);
void *som__realloc(void *ptr, size_t size);
char *som__strdup(const char *s);        /* NULL in, NULL out */
char *som__strndup(const char *s, size_t n);
void som__free(void *ptr);

/*
 * Set the last error and return `code`, so that error paths read
 * `return som__error(SOM_EINVALID, "cannot read '%s': ...", path);`.
 */
int som__error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same, with ": strerror(errno)" appended. */
int som__error_os(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The current time as ISO 8601 UTC with seconds ("2026-11-24T05:25:10Z").
 * $SOMARKIV_NOW, when set to such a string, fixes it (for tests and
 * reproducible demos).
 */
void som__now(char out[32]);
/* Today's date, YYYY-MM-DD, under the same rule. */
void som__today(char out[11]);

/*
 * Normalise a timestamp (ISO 8601 with offset or Z, fractions, or a Unix
 * time in seconds) to UTC "YYYY-MM-DDTHH:MM:SSZ". SOM_EINVALID when it is
 * not one.
 */
int som__time_normalize(char out[32], const char *in);
int som__time_from_unix(char out[32], int64_t secs);
/* The Unix time of a timestamp som__time_normalize() accepts (util/localtime.c). */
int som__time_to_unix(int64_t *out, const char *in);

/*
 * Append the code point as UTF-8; NUL, surrogates and values past U+10FFFF
 * become U+FFFD (the replacement character).
 */
int som__utf8_put(som_buf *out, uint32_t cp);

/* Is `s` (len bytes) valid UTF-8? Returns the offset of the first bad byte, or -1. */
int64_t som__utf8_invalid_at(const char *s, size_t len);

/*
 * The folder of the schemas the project ships (schemas/): $SOMARKIV_SCHEMA_DIR;
 * else beside the running program, installed (bin/../share/somarkiv/schemas)
 * or in a build tree (build/VARIANT/../../schemas); else the folder `make
 * install` used. Borrowed.
 */
const char *som__schema_dir(void);

/* The login name of whoever runs us (for the audit actor). */
const char *som__login_name(void);

#define SOM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
