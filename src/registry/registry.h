/*
 * The registry's insides shared by src/registry/number.c (number formats) and
 * src/registry/store_registry.c (the tables): checking a series' format and
 * prefix before the store keeps them.
 */
#ifndef SOM_SRC_REGISTRY_H
#define SOM_SRC_REGISTRY_H

#include "util/common.h"
#include "somarkiv/registry.h"

/*
 * Is `format` a number format: placeholders {prefix}, {year}, {case},
 * {case:N} (N 1..9), {doc}, with exactly one {case} and no digits in its
 * literal text? SOM_EINVALID naming the problem otherwise.
 */
int som_registry__check_format(const char *format);

/* A prefix is 1..16 ASCII letters, digits or '-', starting with a letter. */
int som_registry__check_prefix(const char *prefix);

/* Does `format` hold {doc}? */
int som_registry__has_doc(const char *format);

#endif
