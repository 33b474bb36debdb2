/*
 * Unit tests of the streaming JSON splitter (src/formats/json_split.c): which
 * elements it hands out, their exact bytes and lines, and the errors for
 * malformed, hostile and oversized documents, read in chunks of any size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/common.h"
#include "formats/json.h"
#include "formats/json_split.h"

/* A reader over memory handing out at most `step` bytes a call. */
typedef struct mem_reader {
	const char *data;
	size_t len, pos, step;
} mem_reader;

static ssize_t mem_read(void *ctx, void *buf, size_t len)
{
	mem_reader *r = ctx;
	size_t n = r->len - r->pos;

	if (n > len)
		n = len;
	if (r->step && n > r->step)
		n = r->step;
	memcpy(buf, r->data + r->pos, n);
	r->pos += n;
	return (ssize_t)n;
}

static ssize_t failing_read(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return som__error(SOM_ERROR, "cannot read 'x': disk on fire");
}

/* The elements seen, each as "LINE:BYTES\n". */
typedef struct seen {
	som_buf out;
	int n;
	int stop_at;       /* return 42 from this element on (1-based), 0 never */
} seen;

static int collect(const char *data, size_t len, int64_t line, void *payload)
{
	seen *s = payload;

	assert_int_equal(data[len], '\0');
	s->n++;
	som_buf_printf(&s->out, "%lld:", (long long)line);
	som_buf_put(&s->out, data, len);
	som_buf_putc(&s->out, '\n');
	return s->stop_at && s->n >= s->stop_at ? 42 : 0;
}

/* Split `doc` with every chunk size from 1 to 7 and whole; all must agree. */
static int split_all(int *count, char **out, const char *doc, const char *key,
	int occurrence)
{
	size_t steps[] = { 1, 2, 3, 5, 7, 0 };
	char *first = NULL;
	int first_error = 0, first_count = -1;
	size_t k;

	for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		mem_reader r = { doc, strlen(doc), 0, steps[k] };
		seen s = { SOM_BUF_INIT, 0, 0 };
		int n = -1;
		int error = som_json__split(&n, "t.json", mem_read, &r, key,
			occurrence, collect, &s);
		som_buf_puts(&s.out, "");
		if (k == 0) {
			first = som_buf_detach(&s.out);
			first_error = error;
			first_count = n;
			if (error)
				first = (som_free(first), som__strdup(som_error_last()));
		} else {
			assert_int_equal(error, first_error);
			if (error == 0) {
				assert_int_equal(n, first_count);
				assert_string_equal(s.out.ptr, first);
			} else {
				assert_string_equal(som_error_last(), first);
			}
			som_buf_dispose(&s.out);
		}
	}
	if (count)
		*count = first_count;
	*out = first;
	return first_error;
}

static void test_json_split__occurrences(void **state)
{
	const char *doc = "{\"a\":1,\"orderedItems\":[],\"x\":{\"orderedItems\":[9]},"
		"\"orderedItems\":[{\"id\":1},{\"id\":2}]}";
	char *out = NULL;
	int n = 0;

	(void)state;
	assert_int_equal(split_all(&n, &out, doc, "orderedItems", -1), 0);
	assert_int_equal(n, 2);    /* the nested one does not count */
	assert_string_equal(out, "");
	som_free(out);

	assert_int_equal(split_all(&n, &out, doc, "orderedItems", 0), 0);
	assert_string_equal(out, "");
	som_free(out);

	assert_int_equal(split_all(&n, &out, doc, "orderedItems", 1), 0);
	assert_int_equal(n, 2);
	assert_string_equal(out, "1:{\"id\":1}\n1:{\"id\":2}\n");
	som_free(out);

	/* a member of that name that is not an array is no occurrence */
	assert_int_equal(split_all(&n, &out, "{\"orderedItems\":{\"a\":[1]}}",
		"orderedItems", 0), 0);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	som_free(out);
}

static void test_json_split__last_occurrence(void **state)
{
	const char *doc =
		"{\n"
		"  \"orderedItems\": [ {\"n\": \"first\"} ],\n"
		"  \"orderedItems\": [\n"
		"    {\"n\": 1},\n"
		"    [1, 2, {\"b\": [3]}],\n"
		"    \"str\", 12.5e3, true, null,\n"
		"    {\n"
		"      \"n\": 3\n"
		"    }\n"
		"  ]\n"
		"}\n";
	char *out = NULL;
	int n = 0;

	(void)state;
	assert_int_equal(split_all(&n, &out, doc, "orderedItems", 1), 0);
	assert_int_equal(n, 2);
	assert_string_equal(out,
		"4:{\"n\": 1}\n"
		"5:[1, 2, {\"b\": [3]}]\n"
		"6:\"str\"\n"
		"6:12.5e3\n"
		"6:true\n"
		"6:null\n"
		"7:{\n      \"n\": 3\n    }\n");
	som_free(out);
}

static void test_json_split__strings(void **state)
{
	/* brackets, quotes and escapes inside strings are not structure */
	const char *doc = "{\"k\\\"ey\":\"]}\",\"items\":[\"a]\\\"}\\\\\","
		"{\"t\":\"{[\\\\\\\"\"},\"\\u00e5\\n\"], \"z\": \"\\\\\"}";
	char *out = NULL;
	int n = 0;

	(void)state;
	assert_int_equal(split_all(&n, &out, doc, "items", 0), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out,
		"1:\"a]\\\"}\\\\\"\n"
		"1:{\"t\":\"{[\\\\\\\"\"}\n"
		"1:\"\\u00e5\\n\"\n");
	som_free(out);

	/* the raw, still escaped name is compared */
	assert_int_equal(split_all(&n, &out, "{\"it\\u0065ms\":[1],\"items\":[2]}",
		"items", 0), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out, "1:2\n");
	som_free(out);
	assert_int_equal(split_all(&n, &out, "{\"itemsX\":[1],\"item\":[2]}",
		"items", -1), 0);
	assert_int_equal(n, 0);
	som_free(out);

	/* multi-byte UTF-8 and a byte order mark */
	assert_int_equal(split_all(&n, &out, "\xef\xbb\xbf{\"items\":[\"Växjö\",\"å\"]}",
		"items", 0), 0);
	assert_string_equal(out, "1:\"Växjö\"\n1:\"å\"\n");
	som_free(out);
}

static void test_json_split__errors(void **state)
{
	static const struct {
		const char *doc, *message;
	} cases[] = {
		{ "", "cannot read 't.json': line 1, column 1: unexpected end of input" },
		{ "{\"items\":[{\"a\":1},\n{\"a\":",
		  "cannot read 't.json': line 2, column 6: unexpected end of input" },
		{ "{\"items\":[1,2]",
		  "cannot read 't.json': line 1, column 15: unexpected end of input" },
		{ "{\"items\":[1,2}}",
		  "cannot read 't.json': line 1, column 14: unexpected '}'" },
		{ "{\"items\":[1,2]}]",
		  "cannot read 't.json': line 1, column 16: unexpected ']', expected the end of the document" },
		{ "{\"items\":[1,2]} x",
		  "cannot read 't.json': line 1, column 17: unexpected 'x', expected the end of the document" },
		{ "{\"items\":[1,2]};",
		  "cannot read 't.json': line 1, column 16: unexpected ';', expected the end of the document" },
		{ "{\"items\":[1,\n  \"unterminated]}\n",
		  "cannot read 't.json': line 2, column 3: unterminated string" },
		{ "{\"items\" [1]}",
		  "cannot read 't.json': line 1, column 10: unexpected '[', expected ':'" },
		{ "{\"items\":[1 2]}",
		  "cannot read 't.json': line 1, column 13: unexpected '2', expected ',' or ']'" },
		{ "{\"items\":[1,]}",
		  "cannot read 't.json': line 1, column 13: unexpected ']', expected a value" },
		{ "{items:[]}",
		  "cannot read 't.json': line 1, column 2: unexpected 'i', expected a member name" },
		{ "{\"ä\":1 ö}",
		  "cannot read 't.json': line 1, column 8: unexpected byte 0xc3, expected ',' or '}'" },
		{ "[1,2]", "cannot read 't.json': line 1, column 1: the root is not an object" },
		{ "  \"x\"", "cannot read 't.json': line 1, column 3: the root is not an object" },
		{ "x = {}", "cannot read 't.json': line 1, column 1: the root is not an object" },
		{ ", {}", "cannot read 't.json': line 1, column 1: unexpected ',', expected '[' or '{'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		int error = split_all(NULL, &out, cases[i].doc, "items", 0);
		if (error != SOM_EINVALID || strcmp(out, cases[i].message) != 0)
			fail_msg("case %zu: got %d '%s'", i, error, out);
		som_free(out);
	}
}

static void test_json_split__depth(void **state)
{
	som_buf doc = SOM_BUF_INIT;
	char *out = NULL;
	int i;

	(void)state;
	/* 256 levels in all are fine */
	som_buf_puts(&doc, "{\"items\":");
	for (i = 0; i < 255; i++)
		som_buf_putc(&doc, '[');
	for (i = 0; i < 255; i++)
		som_buf_putc(&doc, ']');
	som_buf_putc(&doc, '}');
	assert_int_equal(split_all(NULL, &out, doc.ptr, "items", 0), 0);
	som_free(out);

	/* a bomb of a million is refused at the 257th */
	som_buf_clear(&doc);
	som_buf_puts(&doc, "{\"items\":");
	for (i = 0; i < 1000000; i++)
		som_buf_putc(&doc, '[');
	{
		mem_reader r = { doc.ptr, doc.size, 0, 0 };
		seen s = { SOM_BUF_INIT, 0, 0 };
		assert_int_equal(som_json__split(NULL, "bomb.json", mem_read, &r,
			"items", 0, collect, &s), SOM_EINVALID);
		assert_string_equal(som_error_last(),
			"cannot read 'bomb.json': line 1, column 265: nesting deeper than 256");
		assert_int_equal(s.n, 0);
		som_buf_dispose(&s.out);
	}
	som_buf_dispose(&doc);
}

static int count_only(const char *data, size_t len, int64_t line, void *payload)
{
	(void)data;
	(void)line;
	*(size_t *)payload += len;
	return 0;
}

static void test_json_split__oversized(void **state)
{
	size_t big = SOM_JSON_MAX_ITEM + 10, total = 0;
	char *doc = malloc(big + 64);
	size_t n = 0;
	mem_reader r;

	(void)state;
	assert_non_null(doc);
	n += (size_t)snprintf(doc, 64, "{\"items\":[\"small\",\n \"");
	memset(doc + n, 'a', big);
	n += big;
	memcpy(doc + n, "\"]}", 3);
	n += 3;

	r = (mem_reader){ doc, n, 0, 0 };
	assert_int_equal(som_json__split(NULL, "big.json", mem_read, &r, "items", 0,
		count_only, &total), SOM_EINVALID);
	assert_string_equal(som_error_last(),
		"cannot read 'big.json': line 2, column 2: item larger than 16 MiB");
	assert_int_equal(total, 7);  /* the small one came first */

	/* exactly the limit is fine */
	n = (size_t)snprintf(doc, 64, "{\"items\":[\"");
	memset(doc + n, 'b', SOM_JSON_MAX_ITEM - 2);
	n += SOM_JSON_MAX_ITEM - 2;
	memcpy(doc + n, "\"]}", 3);
	n += 3;
	r = (mem_reader){ doc, n, 0, 0 };
	total = 0;
	assert_int_equal(som_json__split(NULL, "big.json", mem_read, &r, "items", 0,
		count_only, &total), 0);
	assert_int_equal(total, SOM_JSON_MAX_ITEM);
	free(doc);
}

static void test_json_split__root_array(void **state)
{
	char *out = NULL;
	int n = 0;

	(void)state;
	assert_int_equal(split_all(&n, &out,
		"window.YTD.tweet.part0 = [\n  {\"tweet\": {\"id\": \"1\"}},\n"
		"  {\"tweet\": {\"id\": \"2\", \"t\": \"[x]\"}}\n];\n", NULL, 0), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out,
		"2:{\"tweet\": {\"id\": \"1\"}}\n"
		"3:{\"tweet\": {\"id\": \"2\", \"t\": \"[x]\"}}\n");
	som_free(out);

	/* a plain array, empty or not */
	assert_int_equal(split_all(&n, &out, "[]", NULL, 0), 0);
	assert_string_equal(out, "");
	som_free(out);
	assert_int_equal(split_all(&n, &out, "[1,\"2\",[3]]", NULL, 0), 0);
	assert_string_equal(out, "1:1\n1:\"2\"\n1:[3]\n");
	som_free(out);

	/* a root object is handed out whole */
	assert_int_equal(split_all(&n, &out, "window.__THAR_CONFIG = {\"a\": [1]}", NULL, 0), 0);
	assert_string_equal(out, "1:{\"a\": [1]}\n");
	som_free(out);

	/* no ';' without a prefix, and nothing to find */
	assert_int_equal(split_all(&n, &out, "[1];", NULL, 0), SOM_EINVALID);
	assert_string_equal(out, "cannot read 't.json': line 1, column 4: unexpected ';', expected the end of the document");
	som_free(out);
	assert_int_equal(split_all(&n, &out, "nothing here\n", NULL, 0), SOM_EINVALID);
	assert_string_equal(out, "cannot read 't.json': line 2, column 1: no JSON array or object found");
	som_free(out);
	assert_int_equal(split_all(&n, &out, "x = [1, {\"a\": 2}", NULL, 0), SOM_EINVALID);
	assert_string_equal(out, "cannot read 't.json': line 1, column 17: unexpected end of input");
	som_free(out);
}

static void test_json_split__callback_and_reader_errors(void **state)
{
	const char *doc = "[1,2,3,4]";
	mem_reader r = { doc, strlen(doc), 0, 1 };
	seen s = { SOM_BUF_INIT, 0, 2 };

	(void)state;
	assert_int_equal(som_json__split(NULL, "t.json", mem_read, &r, NULL, 0,
		collect, &s), 42);
	assert_int_equal(s.n, 2);
	som_buf_dispose(&s.out);

	assert_int_equal(som_json__split(NULL, "t.json", failing_read, NULL, NULL, 0,
		collect, &s), SOM_ERROR);
	assert_string_equal(som_error_last(), "cannot read 'x': disk on fire");
}

static void test_json_split__parses(void **state)
{
	/* every element parses on its own with jansson, at the right line */
	const char *doc = "{\"items\": [\n{\"a\": 1},\n{\"a\": tru}\n]}";
	mem_reader r = { doc, strlen(doc), 0, 0 };
	seen s = { SOM_BUF_INIT, 0, 0 };
	som_json *v = NULL;
	const char *p;

	(void)state;
	assert_int_equal(som_json__split(NULL, "t.json", mem_read, &r, "items", 0,
		collect, &s), 0);
	p = strchr(s.out.ptr, '\n') + 1;   /* the second: "3:{"a": tru}" */
	assert_int_equal(som_json__parse(&v, p + 2, strlen(p + 2) - 1, "t.json", 2),
		SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "line 3"));
	som_buf_dispose(&s.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_split__occurrences),
		cmocka_unit_test(test_json_split__last_occurrence),
		cmocka_unit_test(test_json_split__strings),
		cmocka_unit_test(test_json_split__errors),
		cmocka_unit_test(test_json_split__depth),
		cmocka_unit_test(test_json_split__oversized),
		cmocka_unit_test(test_json_split__root_array),
		cmocka_unit_test(test_json_split__callback_and_reader_errors),
		cmocka_unit_test(test_json_split__parses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
