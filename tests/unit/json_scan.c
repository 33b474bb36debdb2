/*
 * Unit tests of the fast canonical-line reader (src/formats/json_scan.c) against
 * jansson through som_json__parse(): whatever it reads must be valid JSON
 * and give exactly the members the full parse gives; what it must leave to
 * the full parser it declines. Over hand-made lines, the NDJSON fuzz corpus
 * and many random mutations of both.
 */
#include <dirent.h>
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
#include "formats/json_scan.h"

#define MAX_ATT 4

static const char *get_string(som_json *o, const char *key)
{
	return som_json__get_string(o, key);
}

static void same_string(const char *want, const char *got, const char *what,
	const char *line)
{
	if ((!want) != (!got) || (want && strcmp(want, got) != 0))
		fail_msg("%s: full parse '%s', fast reader '%s' in: %s", what,
			want ? want : "(null)", got ? got : "(null)", line);
}

/*
 * Read `line` with the fast reader; when it reads it, compare with the full
 * parse as src/ingest/ndjson.c uses it. Returns what the reader returned.
 */
static int check_line(const char *line, size_t len)
{
	som_json_scan_attachment found[MAX_ATT];
	som_json_scan_item f;
	som_buf arena = SOM_BUF_INIT;
	som_json *v = NULL, *atts, *text, *id, *raw;
	size_t n = 0;
	int rc;

	f.attachments = found;
	f.max_attachments = MAX_ATT;
	assert_int_equal(som_json__scan_item(&f, &arena, line, len), 0);
	rc = f.read;
	assert_true(rc == 0 || rc == 1);
	if (rc == 1) {
		if (som_json__parse(&v, line, len, "x", 0) != 0)
			fail_msg("read what jansson refuses (%s): %.*s", som_error_last(), (int)len,
				line);
		assert_true(som_json__is_object(v));
		id = som_json__get(v, "id");
		assert_false(som_json__is_number(id));
		same_string(som_json__string(id), f.id, "id", line);
		text = som_json__get(v, "text");
		assert_true(!text || som_json__is_null(text) || som_json__is_string(text));
		raw = som_json__get(v, "raw");
		assert_true(som_json__is_null(raw));
		same_string(get_string(v, "kind"), f.kind, "kind", line);
		same_string(get_string(v, "parent_id"), f.parent_id, "parent_id", line);
		same_string(get_string(som_json__get(v, "author"), "name"), f.author_name,
			"author.name", line);
		same_string(get_string(som_json__get(v, "author"), "id"), f.author_id,
			"author.id", line);
		same_string(get_string(v, "created"), f.created, "created", line);
		same_string(get_string(v, "edited"), f.edited, "edited", line);
		same_string(get_string(v, "text"), f.text, "text", line);
		same_string(get_string(v, "url"), f.url, "url", line);
		assert_int_equal(som_json__is_true(som_json__get(v, "by_account")), f.by_account);
		atts = som_json__get(v, "attachments");
		for (size_t i = 0; i < som_json__array_size(atts) && n < MAX_ATT; i++) {
			som_json *a = som_json__array_get(atts, i);
			if (!get_string(a, "path"))
				continue;
			assert_true(n < f.n_attachments);
			same_string(get_string(a, "path"), found[n].path, "path", line);
			same_string(get_string(a, "mime"), found[n].mime, "mime", line);
			same_string(get_string(a, "description"), found[n].description,
				"description", line);
			n++;
		}
		assert_int_equal(n, f.n_attachments);
		som_json__free(v);
	}
	som_buf_dispose(&arena);
	return rc;
}

static int check(const char *line)
{
	return check_line(line, strlen(line));
}

static const char *const good[] = {
	"{\"platform\":\"mastodon\",\"id\":\"115816899934355456\",\"kind\":\"post\","
	"\"parent_id\":null,\"author\":{\"name\":\"Exempelby kommun\",\"id\":\"@bench\"},"
	"\"by_account\":true,\"created\":\"2026-01-01T00:00:45Z\",\"text\":\"V\xc3\xa4lkommen "
	"\xf0\x9f\x98\xa1 #biblioteket\",\"url\":\"https://mastodon.example.se/@bench/1\","
	"\"attachments\":[]}",
	"  {\"id\" : \"1\" , \"kind\":\"post\",\"created\":\"2026-01-01T00:00:00Z\"}\r",
	"{\"id\":\"e\",\"text\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\\u00e5\\u20AC\\ud83d\\ude00\"}",
	"{\"id\":\"d\",\"text\":5,\"text\":\"last wins\",\"id\":\"d2\"}",
	"{\"author\":{\"name\":\"a\"},\"author\":{\"id\":\"b\"},\"by_account\":false}",
	"{\"author\":\"not an object\",\"by_account\":1,\"kind\":7,\"url\":[1,2]}",
	"{\"attachments\":[{\"path\":\"a.jpg\",\"mime\":\"image/jpeg\"},3,{\"mime\":\"x\"},"
	"{\"path\":\"b.png\",\"description\":\"alt \\u00e4\",\"path\":\"c.png\"},null,"
	"{\"path\":7},[],{\"path\":\"\"},{\"path\":\"d\"},{\"path\":\"e\"}]}",
	"{\"attachments\":[{\"path\":\"x\"}],\"attachments\":{\"path\":\"y\"}}",
	"{\"extra\":{\"deep\":[1,-2,3.25,0,-0.5,true,false,null,{\"\\u00e5\":\"\"}]},\"raw\":null}",
	"{\"\":\"\",\"textual\":\"no\",\"tex\":\"no\",\"id\":\"\"}",
	"{}",
	"{\"id\":\"x\",\"raw\":null,\"text\":null}",
	"{\"id\":true,\"text\":\"\xe2\x82\xac\xf4\x8f\xbf\xbf\xef\xbf\xbf\x7f\"}",
};

static void test_json_scan__reads_the_common_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < SOM_ARRAY_SIZE(good); i++)
		if (check(good[i]) != 1)
			fail_msg("declined: %s", good[i]);
}

static const char *const declined[] = {
	"",
	"   ",
	"[]",
	"\"id\"",
	"{\"id\":\"1\"",
	"{\"id\":\"1\",}",
	"{\"id\":\"1\"} x",
	"{\"id\":\"1\"}{}",
	"{\"id\" \"1\"}",
	"{\"id\":truex}",
	"{\"id\":tru}",
	"{\"a\":01}",
	"{\"a\":1.}",
	"{\"a\":-}",
	"{\"a\":+1}",
	"{\"a\":1e5}",
	"{\"a\":12345678901234567890}",
	"{\"a\":[1,]}",
	"{\"a\":[1 2]}",
	"{\"id\":\"a\tb\"}",
	"{\"id\":\"a\x1f\"}",
	"{\"id\":\"a\\u0000b\"}",
	"{\"id\":\"\\ud800\"}",
	"{\"id\":\"\\udc00\"}",
	"{\"id\":\"\\ud800\\u0041\"}",
	"{\"id\":\"\\x\"}",
	"{\"id\":\"\\u12\"}",
	"{\"id\":\"\xc0\x80\"}",
	"{\"id\":\"\xed\xa0\x80\"}",
	"{\"id\":\"\xf5\x80\x80\x80\"}",
	"{\"id\":\"\xe2\x82\"}",
	"{\"id\":\"\x80\"}",
	"{\"id\":\"\xf4\x90\x80\x80\"}",
	"{\"id\":\"\xe0\x9f\xbf\"}",
	"\xef\xbb\xbf{\"id\":\"1\"}",
	"{\"id\":1}",
	"{\"id\":\"1\",\"text\":5}",
	"{\"id\":\"1\",\"text\":{}}",
	"{\"id\":\"1\",\"raw\":{\"a\":1}}",
	"{\"id\":\"1\",\"raw\":\"x\"}",
	"{\"t\\u0065xt\":5}",
	"{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]"
	"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	"{'id':'1'}",
	"{id:\"1\"}",
};

static void test_json_scan__declines_what_it_must(void **state)
{
	(void)state;
	for (size_t i = 0; i < SOM_ARRAY_SIZE(declined); i++)
		if (check(declined[i]) != 0)
			fail_msg("read: %s", declined[i]);
	/* A NUL byte inside the text, and one outside. */
	assert_int_equal(check_line("{\"id\":\"a\0b\"}", 11), 0);
	assert_int_equal(check_line("{\"id\":\"a\"}\0", 11), 0);
}

/* Each line of each file of the NDJSON fuzz corpus. */
static void test_json_scan__agrees_on_the_fuzz_corpus(void **state)
{
	const char *dir = "tests/fuzz/corpus/ndjson";
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[1024];
	int files = 0;

	(void)state;
	if (!d)
		skip();
	while ((de = readdir(d)) != NULL) {
		FILE *f;
		char *data;
		long size;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_non_null(f = fopen(path, "rb"));
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		fseek(f, 0, SEEK_SET);
		assert_non_null(data = malloc((size_t)size + 1));
		assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
		fclose(f);
		for (char *p = data, *end = data + size; p < end;) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			check_line(p, n);
			p += n + 1;
		}
		free(data);
		files++;
	}
	closedir(d);
	assert_true(files > 10);
}

/* Random edits of the good lines: whatever the reader reads, jansson agrees. */
static void test_json_scan__agrees_on_mutations(void **state)
{
	static const char pieces[][8] = {
		"\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\\u", "\\ud83d", "\\ude00",
		"0", "-", ".", "e", "1", "t", "null", "true", "\xc3", "\xa5", "\x80", "\xff",
		"\xed\xa0\x80", "\t", "\n", "a", "\"id\"", "\"text\"", "\"raw\"", "\"path\"",
	};
	unsigned long seed = 12345;
	char buf[2048];
	int n_read = 0;

	(void)state;
	for (int iter = 0; iter < 500000; iter++) {
		const char *base = good[iter % SOM_ARRAY_SIZE(good)];
		size_t len = strlen(base);
		int edits;

		memcpy(buf, base, len);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		edits = 1 + (int)((seed >> 33) % 3);
		for (int e = 0; e < edits; e++) {
			size_t at, pl;
			const char *piece;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			at = len ? (size_t)((seed >> 33) % len) : 0;
			piece = pieces[(seed >> 20) % SOM_ARRAY_SIZE(pieces)];
			pl = strlen(piece);
			switch ((seed >> 12) % 3) {
			case 0: /* replace a byte */
				if (len)
					buf[at] = piece[0];
				break;
			case 1: /* insert */
				if (len + pl < sizeof(buf)) {
					memmove(buf + at + pl, buf + at, len - at);
					memcpy(buf + at, piece, pl);
					len += pl;
				}
				break;
			default: /* delete */
				if (len) {
					size_t n = 1 + (size_t)((seed >> 40) % 4);
					if (at + n > len)
						n = len - at;
					memmove(buf + at, buf + at + n, len - at - n);
					len -= n;
				}
				break;
			}
		}
		n_read += check_line(buf, len);
	}
	/* Many survive an edit (inside a string, say): the comparison was exercised. */
	assert_true(n_read > 50000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_scan__reads_the_common_lines),
		cmocka_unit_test(test_json_scan__declines_what_it_must),
		cmocka_unit_test(test_json_scan__agrees_on_the_fuzz_corpus),
		cmocka_unit_test(test_json_scan__agrees_on_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
