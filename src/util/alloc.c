/*
 * Allocation for the whole library, through one door so that tests can make
 * any allocation fail (som_alloc_set_fail_hook) and every failure sets the
 * same error.
 */
#include <stdlib.h>
#include <string.h>
#include "util/common.h"

static som_alloc_fail_hook fail_hook;
static void *fail_payload;

void som_alloc_set_fail_hook(som_alloc_fail_hook hook, void *payload)
{
	fail_hook = hook;
	fail_payload = payload;
}

static int should_fail(size_t size)
{
	if (fail_hook && fail_hook(size, fail_payload)) {
		som__error(SOM_ENOMEM, "out of memory (%zu bytes)", size);
		return 1;
	}
	return 0;
}

void *som__malloc(size_t size)
{
	void *p;

	if (should_fail(size))
		return NULL;
	p = malloc(size ? size : 1);
	if (!p)
		som__error(SOM_ENOMEM, "out of memory (%zu bytes)", size);
	return p;
}

void *som__calloc(size_t n, size_t size)
{
	void *p;

	if (should_fail(n * size))
		return NULL;
	p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		som__error(SOM_ENOMEM, "out of memory (%zu bytes)", n * size);
	return p;
}

void *som__realloc(void *ptr, size_t size)
{
	void *p;

	if (should_fail(size))
		return NULL;
	p = realloc(ptr, size ? size : 1);
	if (!p)
		som__error(SOM_ENOMEM, "out of memory (%zu bytes)", size);
	return p;
}

char *som__strndup(const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = som__malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *som__strdup(const char *s)
{
	return s ? som__strndup(s, strlen(s)) : NULL;
}

void som__free(void *ptr)
{
	free(ptr);
}

void som_free(void *ptr)
{
	free(ptr);
}
