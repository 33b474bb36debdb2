/*
 * Unit tests of the growable buffers (src/util/buf.c): appending, formatting,
 * growing, detaching and clearing, and that a failed allocation returns
 * SOM_ENOMEM and leaves the buffer as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "helpers.h"

typedef struct fixture {
	char dir[256];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "buf") != 0) {
		free(f);
		return -1;
	}
	som_error_clear();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	som_alloc_set_fail_hook(NULL, NULL);
	remove_tree(f->dir);
	free(f);
	return 0;
}

static int fail_always(size_t size, void *payload)
{
	(void)size;
	if (payload)
		(*(int *)payload)++;
	return 1;
}

static void assert_terminated(const som_buf *b)
{
	assert_non_null(b->ptr);
	assert_true(b->asize > b->size);
	assert_int_equal(b->ptr[b->size], '\0');
}

static void test_buf__put(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	assert_int_equal(som_buf_put(&b, "abc", 3), 0);
	assert_terminated(&b);
	assert_int_equal(b.size, 3);
	assert_string_equal(b.ptr, "abc");
	assert_int_equal(som_buf_puts(&b, "def"), 0);
	assert_int_equal(som_buf_putc(&b, '!'), 0);
	assert_string_equal(b.ptr, "abcdef!");
	assert_int_equal(b.size, 7);
	/* Bytes, not strings: a NUL in the middle is kept. */
	assert_int_equal(som_buf_put(&b, "x\0y", 3), 0);
	assert_int_equal(b.size, 10);
	assert_memory_equal(b.ptr, "abcdef!x\0y", 11);
	som_buf_dispose(&b);
	assert_null(b.ptr);
	assert_int_equal(b.size, 0);
	assert_int_equal(b.asize, 0);
	/* Disposing twice is harmless. */
	som_buf_dispose(&b);
}

static void test_buf__put_empty(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	/* ptr is never NULL after a successful write, even of nothing. */
	assert_int_equal(som_buf_put(&b, "", 0), 0);
	assert_terminated(&b);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.size, 0);
	som_buf_dispose(&b);
	assert_int_equal(som_buf_puts(&b, ""), 0);
	assert_terminated(&b);
	som_buf_dispose(&b);
}

static void test_buf__many_puts(void **state)
{
	som_buf b = SOM_BUF_INIT;
	char want[10001];

	(void)state;
	for (size_t i = 0; i < 10000; i++) {
		want[i] = (char)('a' + i % 26);
		assert_int_equal(som_buf_putc(&b, want[i]), 0);
	}
	want[10000] = '\0';
	assert_int_equal(b.size, 10000);
	assert_terminated(&b);
	assert_string_equal(b.ptr, want);
	som_buf_dispose(&b);
}

static void test_buf__printf(void **state)
{
	som_buf b = SOM_BUF_INIT;
	char big[1000];

	(void)state;
	assert_int_equal(som_buf_printf(&b, "%s %d %05.1f", "år", 2026, 3.25), 0);
	assert_string_equal(b.ptr, "år 2026 003.2");
	assert_int_equal(b.size, strlen("år 2026 003.2"));
	assert_int_equal(som_buf_printf(&b, "|%lld|", (long long)-1), 0);
	assert_string_equal(b.ptr, "år 2026 003.2|-1|");
	/* An empty format still leaves a valid string. */
	assert_int_equal(som_buf_printf(&b, "%s", ""), 0);
	assert_string_equal(b.ptr, "år 2026 003.2|-1|");
	som_buf_dispose(&b);
	assert_int_equal(som_buf_printf(&b, "%s", ""), 0);
	assert_terminated(&b);
	assert_int_equal(b.size, 0);
	som_buf_clear(&b);

	/* Much larger than the first allocation. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(som_buf_printf(&b, "<%s>", big), 0);
	assert_int_equal(b.size, sizeof(big) + 1);
	assert_terminated(&b);
	assert_int_equal(b.ptr[0], '<');
	assert_int_equal(b.ptr[b.size - 1], '>');
	assert_int_equal(b.ptr[500], 'x');
	som_buf_dispose(&b);
}

static void test_buf__grow(void **state)
{
	som_buf b = SOM_BUF_INIT;
	char *before;

	(void)state;
	assert_int_equal(som_buf_grow(&b, 1000), 0);
	assert_non_null(b.ptr);
	assert_true(b.asize >= 1001);
	assert_int_equal(b.size, 0);
	/* Room made is room kept: no move while it fits. */
	before = b.ptr;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(som_buf_putc(&b, 'z'), 0);
	assert_ptr_equal(b.ptr, before);
	assert_int_equal(b.size, 1000);
	assert_terminated(&b);
	assert_int_equal(som_buf_grow(&b, 0), 0);
	assert_terminated(&b);

	/* A size that cannot be represented is refused, the buffer intact. */
	assert_int_equal(som_buf_grow(&b, SIZE_MAX), SOM_ENOMEM);
	assert_int_equal(som_buf_grow(&b, SIZE_MAX - b.size), SOM_ENOMEM);
	assert_int_equal(som_error_code(), SOM_ENOMEM);
	assert_int_equal(b.size, 1000);
	assert_ptr_equal(b.ptr, before);
	assert_int_equal(b.ptr[999], 'z');
	som_buf_dispose(&b);
}

static void test_buf__clear(void **state)
{
	som_buf b = SOM_BUF_INIT;
	size_t asize;

	(void)state;
	som_buf_clear(&b); /* on an empty buffer: nothing to do */
	assert_null(b.ptr);
	assert_int_equal(som_buf_puts(&b, "Gallring av tillfälliga inlägg"), 0);
	asize = b.asize;
	som_buf_clear(&b);
	assert_int_equal(b.size, 0);
	assert_int_equal(b.asize, asize);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	assert_int_equal(som_buf_puts(&b, "ny"), 0);
	assert_string_equal(b.ptr, "ny");
	som_buf_dispose(&b);
}

static void test_buf__detach(void **state)
{
	som_buf b = SOM_BUF_INIT;
	char *s;

	(void)state;
	assert_int_equal(som_buf_printf(&b, "KS %d/%d", 2026, 123), 0);
	s = som_buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "KS 2026/123");
	assert_null(b.ptr);
	assert_int_equal(b.size, 0);
	assert_int_equal(b.asize, 0);
	som_free(s);

	/* An empty buffer detaches as an empty string, not NULL. */
	s = som_buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	som_free(s);

	/* The buffer is usable again after detaching. */
	assert_int_equal(som_buf_puts(&b, "igen"), 0);
	assert_string_equal(b.ptr, "igen");
	som_buf_dispose(&b);
	som_free(NULL);
}

static void test_buf__alloc_failure_fresh(void **state)
{
	som_buf b = SOM_BUF_INIT;
	int calls = 0;

	(void)state;
	som_alloc_set_fail_hook(fail_always, &calls);
	assert_int_equal(som_buf_puts(&b, "abc"), SOM_ENOMEM);
	assert_int_equal(som_error_code(), SOM_ENOMEM);
	assert_true(calls > 0);
	assert_null(b.ptr);
	assert_int_equal(b.size, 0);
	assert_int_equal(b.asize, 0);
	assert_int_equal(som_buf_printf(&b, "%d", 42), SOM_ENOMEM);
	assert_int_equal(som_buf_putc(&b, 'x'), SOM_ENOMEM);
	assert_int_equal(som_buf_grow(&b, 10), SOM_ENOMEM);
	assert_null(b.ptr);
	assert_int_equal(b.size, 0);
	som_alloc_set_fail_hook(NULL, NULL);
	/* And it works again once memory is back. */
	assert_int_equal(som_buf_puts(&b, "abc"), 0);
	assert_string_equal(b.ptr, "abc");
	som_buf_dispose(&b);
}

static void test_buf__alloc_failure_keeps_content(void **state)
{
	som_buf b = SOM_BUF_INIT;
	char big[4096];
	char *ptr;
	size_t asize;

	(void)state;
	assert_int_equal(som_buf_puts(&b, "Björkvägen"), 0);
	ptr = b.ptr;
	asize = b.asize;
	memset(big, 'y', sizeof(big));
	som_alloc_set_fail_hook(fail_always, NULL);

	/* What fits needs no allocation and succeeds. */
	assert_int_equal(som_buf_putc(&b, '!'), 0);
	assert_string_equal(b.ptr, "Björkvägen!");

	/* What does not fit fails and leaves the buffer as it was. */
	assert_int_equal(som_buf_put(&b, big, sizeof(big)), SOM_ENOMEM);
	assert_ptr_equal(b.ptr, ptr);
	assert_int_equal(b.asize, asize);
	assert_int_equal(b.size, strlen("Björkvägen!"));
	assert_string_equal(b.ptr, "Björkvägen!");

	assert_int_equal(som_buf_printf(&b, "%.*s", (int)sizeof(big), big), SOM_ENOMEM);
	assert_string_equal(b.ptr, "Björkvägen!");
	assert_int_equal(b.size, strlen("Björkvägen!"));
	assert_int_equal(som_buf_grow(&b, sizeof(big)), SOM_ENOMEM);
	assert_string_equal(b.ptr, "Björkvägen!");

	/* Still usable afterwards, within and beyond its allocation. */
	som_alloc_set_fail_hook(NULL, NULL);
	assert_int_equal(som_buf_put(&b, big, sizeof(big)), 0);
	assert_int_equal(b.size, strlen("Björkvägen!") + sizeof(big));
	assert_terminated(&b);
	assert_memory_equal(b.ptr, "Björkvägen!", strlen("Björkvägen!"));
	som_buf_dispose(&b);
}

static void test_buf__alloc_failure_detach_empty(void **state)
{
	som_buf b = SOM_BUF_INIT;
	char *s;

	(void)state;
	som_alloc_set_fail_hook(fail_always, NULL);
	s = som_buf_detach(&b);
	som_alloc_set_fail_hook(NULL, NULL);
	/* Nothing to hand over and no memory for "": NULL, error set, no crash. */
	assert_null(s);
	assert_int_equal(som_error_code(), SOM_ENOMEM);
	assert_null(b.ptr);
	assert_int_equal(b.size, 0);
}

static void test_buf__put_display(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	/* Swedish letters and a backslash stay; controls, broken bytes and overrides go. */
	assert_int_equal(som_buf_put_display(&b, "å\\n\n\t\x1b[0m\x7f\xff\xc3"
		"\xc2\x85\xe2\x80\xae\xe2\x81\xa6\xe2\x80\xa8ok"), 0);
	assert_string_equal(b.ptr, "å\\n\\x0a\\x09\\x1b[0m\\x7f\\xff\\xc3"
		"\\u0085\\u202e\\u2066\\u2028ok");
	som_buf_clear(&b);
	/* Overlong and surrogate forms are not UTF-8: each byte is shown. */
	assert_int_equal(som_buf_put_display(&b, "\xc0\xaf\xed\xa0\x80"), 0);
	assert_string_equal(b.ptr, "\\xc0\\xaf\\xed\\xa0\\x80");
	som_buf_clear(&b);
	assert_int_equal(som_buf_put_display(&b, NULL), 0);
	assert_string_equal(b.ptr, "");
	som_buf_dispose(&b);
}

static void test_buf__put_json(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	assert_int_equal(som_buf_put_json(&b, "a\"\n\x01\xffä\xe2\x80\xae"), 0);
	assert_string_equal(b.ptr, "\"a\\\"\\n\\u0001\\\\xffä\\u202e\"");
	som_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_buf__put, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf__put_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf__many_puts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf__printf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf__grow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf__clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf__detach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf__alloc_failure_fresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf__alloc_failure_keeps_content, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_buf__alloc_failure_detach_empty, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_buf__put_display, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf__put_json, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
