/*
 * Unit tests of the streaming CSV reader (src/formats/csv.c): RFC 4180 quoting,
 * line breaks, encodings (BOM, UTF-16 both ways, invalid bytes), the exact
 * source bytes and lines of each record, LinkedIn's repairs, and the limit
 * on a record, read in chunks of every size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "util/common.h"
#include "formats/csv.h"

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

/*
 * Every record of `data` as "LINE|field|field...\n" (line breaks inside
 * fields shown as "\n"), read `step` bytes at a time; the error's message
 * after "ERROR " when there is one.
 */
static char *read_all(const char *data, size_t len, size_t step, const som_csv_options *o)
{
	mem_reader r = { data, len, 0, step };
	som_buf out = SOM_BUF_INIT;
	som_csv *csv = NULL;
	int rc;

	assert_int_equal(som_csv__open(&csv, "t.csv", mem_read, &r, o), 0);
	som_buf_puts(&out, "");
	while ((rc = som_csv__next(csv)) == 1) {
		som_buf_printf(&out, "%lld", (long long)som_csv__line(csv));
		for (size_t i = 0; i < som_csv__count(csv); i++) {
			const char *f = som_csv__field(csv, i);
			assert_int_equal(strlen(f), som_csv__field_len(csv, i));
			som_buf_putc(&out, '|');
			for (; *f; f++) {
				if (*f == '\n')
					som_buf_puts(&out, "\\n");
				else
					som_buf_putc(&out, *f);
			}
		}
		som_buf_putc(&out, '\n');
	}
	if (rc < 0)
		som_buf_printf(&out, "ERROR %s\n", som_error_last());
	som_csv__free(csv);
	return som_buf_detach(&out);
}

static const size_t steps[] = { 1, 2, 3, 5, 7, 64, 0 };

/* The same result whatever the chunk size. */
static void expect_all(const char *data, size_t len, const som_csv_options *o,
	const char *want)
{
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		char *got = read_all(data, len, steps[i], o);
		if (strcmp(got, want) != 0)
			fail_msg("step %zu:\n--- want\n%s--- got\n%s", steps[i], want, got);
		som_free(got);
	}
}

static void test_csv__rfc4180(void **state)
{
	static const char data[] =
		"a,b,c\n"
		"1,\"två, tre\",\"he said \"\"hej\"\"\"\n"
		"\n"
		"2,\"rad ett\r\nrad två\",\r\n"
		",,\n"
		"3,x\"y,\"q\"tail\n"
		"4,last";

	(void)state;
	expect_all(data, sizeof(data) - 1, NULL,
		"1|a|b|c\n"
		"2|1|två, tre|he said \"hej\"\n"
		"4|2|rad ett\\nrad två|\n"
		"6|||\n"
		"7|3|x\"y|qtail\n"
		"8|4|last\n");
}

static void test_csv__raw_and_lines(void **state)
{
	static const char data[] = "\xef\xbb\xbfh1,h2\r\n\"a\r\nb\",c\r\n\r\nd,e";
	mem_reader r = { data, sizeof(data) - 1, 0, 3 };
	som_csv *csv = NULL;
	const char *raw;
	size_t len;

	(void)state;
	assert_int_equal(som_csv__open(&csv, "t.csv", mem_read, &r, NULL), 0);
	assert_int_equal(som_csv__next(csv), 1);
	raw = som_csv__raw(csv, &len);
	assert_int_equal(len, 7);   /* the BOM belongs to no record */
	assert_memory_equal(raw, "h1,h2\r\n", 7);
	assert_string_equal(som_csv__field(csv, 0), "h1");
	assert_string_equal(som_csv__encoding(csv), "UTF-8");
	assert_int_equal(som_csv__separator(csv), ',');
	assert_int_equal(som_csv__next(csv), 1);
	assert_int_equal(som_csv__line(csv), 2);
	raw = som_csv__raw(csv, &len);
	assert_int_equal(len, 10);
	assert_memory_equal(raw, "\"a\r\nb\",c\r\n", 10);
	assert_string_equal(som_csv__field(csv, 0), "a\nb");
	assert_int_equal(som_csv__next(csv), 1);
	assert_int_equal(som_csv__line(csv), 5);
	raw = som_csv__raw(csv, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(raw, "d,e", 3);
	assert_string_equal(som_csv__field(csv, 2), "");   /* past the end */
	assert_int_equal(som_csv__next(csv), 0);
	assert_int_equal(som_csv__next(csv), 0);
	som_csv__free(csv);
}

/* `s` (ASCII and UTF-8) as UTF-16 with a BOM, little- or big-endian. */
static char *utf16(const char *s, int le, int bom, size_t *len_out)
{
	som_buf b = SOM_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;

	som_buf_puts(&b, "");
	if (bom)
		som_buf_put(&b, le ? "\xff\xfe" : "\xfe\xff", 2);
	while (*p) {
		uint32_t cp;
		if (*p < 0x80) {
			cp = *p++;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = (uint32_t)(*p & 0x1f) << 6 | (p[1] & 0x3f);
			p += 2;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = (uint32_t)(*p & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
			p += 3;
		} else {
			cp = (uint32_t)(*p & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
				(uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
			p += 4;
		}
		uint32_t units[2];
		int n = 1;
		if (cp >= 0x10000) {
			units[0] = 0xd800 + ((cp - 0x10000) >> 10);
			units[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			n = 2;
		} else {
			units[0] = cp;
		}
		for (int i = 0; i < n; i++) {
			char u[2];
			u[le ? 0 : 1] = (char)(units[i] & 0xff);
			u[le ? 1 : 0] = (char)(units[i] >> 8);
			som_buf_put(&b, u, 2);
		}
	}
	*len_out = b.size;
	return som_buf_detach(&b);
}

static void test_csv__utf16(void **state)
{
	static const char text[] =
		"Date\tShare Commentary\tVisibility\r\n"
		"2017-03-01 10:00:00\t\"Välkommen till Exempelby 🌲\r\nRad två\"\tPUBLIC\r\n"
		"2017-03-02 11:00:00\tHej, då\tCONNECTIONS\r\n";
	static const char want[] =
		"1|Date|Share Commentary|Visibility\n"
		"2|2017-03-01 10:00:00|Välkommen till Exempelby 🌲\\nRad två|PUBLIC\n"
		"4|2017-03-02 11:00:00|Hej, då|CONNECTIONS\n";
	size_t len;
	char *data;

	(void)state;
	for (int variant = 0; variant < 3; variant++) {
		int le = variant != 1, bom = variant != 2;
		data = utf16(text, le, bom, &len);
		expect_all(data, len, NULL, want);
		{
			mem_reader r = { data, len, 0, 0 };
			som_csv *csv = NULL;
			const char *raw;
			size_t rlen;
			assert_int_equal(som_csv__open(&csv, "Shares.csv", mem_read, &r, NULL), 0);
			assert_int_equal(som_csv__next(csv), 1);
			assert_string_equal(som_csv__encoding(csv), le ? "UTF-16LE" : "UTF-16BE");
			assert_int_equal(som_csv__separator(csv), '\t');
			raw = som_csv__raw(csv, &rlen);
			/* the record's own UTF-16 bytes: "Date\t..." and its CRLF */
			assert_int_equal(rlen, 2 * (sizeof("Date\tShare Commentary\tVisibility\r\n") - 1));
			assert_memory_equal(raw, data + (bom ? 2 : 0), rlen);
			som_csv__free(csv);
		}
		som_free(data);
	}

	/* a lone surrogate and an odd last byte become U+FFFD */
	{
		static const char bad[] = "\xff\xfe" "a\0,\0\x00\xd8" "b\0\n\0" "c\0" "d";
		expect_all(bad, sizeof(bad) - 1, NULL, "1|a|\xef\xbf\xbd" "b\n2|c\xef\xbf\xbd\n");
	}
}

static void test_csv__invalid_utf8(void **state)
{
	static const char data[] = "a,caf\xe9,\xe2\x82\n\"x\0y\",\xf0\x9f\x8c\xb2,\xed\xa0\x80\n";

	(void)state;
	expect_all(data, sizeof(data) - 1, NULL,
		"1|a|caf\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\n"
		"2|x\xef\xbf\xbdy|\xf0\x9f\x8c\xb2|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\n");
}

static int starts_with_year(const char *line, size_t len, void *payload)
{
	(void)payload;
	return len >= 5 && line[0] == '2' && line[4] == '-';
}

static void test_csv__linkedin_repairs(void **state)
{
	/* Comments.csv: \" inside quotes, line breaks left unquoted, commas in the last field */
	static const char data[] =
		"Date,Link,Message\n"
		"2024-01-02 10:00:00,https://l.example/1,\"Hon sa \\\"hej\\\"\"\n"
		"2024-01-02 09:00:00,https://l.example/2,Rad ett\n"
		"\n"
		"rad tre, med komma\n"
		"2024-01-01 08:00:00,https://l.example/3,\"Citat \\\"\n"
		"över rader\\\" slut\"\n"
		"2024-01-01 07:00:00,https://l.example/4,sista";
	som_csv_options o = { ',', 1, starts_with_year, NULL, 3 };

	(void)state;
	expect_all(data, sizeof(data) - 1, &o,
		"1|Date|Link|Message\n"
		"2|2024-01-02 10:00:00|https://l.example/1|Hon sa \"hej\"\n"
		"3|2024-01-02 09:00:00|https://l.example/2|Rad ett\\n\\nrad tre, med komma\n"
		"6|2024-01-01 08:00:00|https://l.example/3|Citat \"\\növer rader\" slut\n"
		"8|2024-01-01 07:00:00|https://l.example/4|sista\n");
}

static void test_csv__unwrap_lines(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "one line, \"quoted\"", "one line, \"quoted\"" },
		{ "first\"\n\"\"\n\"middle \"q\"\"\n\"last", "first\n\nmiddle \"q\"\nlast" },
		{ "\"Citat\"\"\n\"rad två", "\"Citat\"\nrad två" },
		{ "first\"\nnot wrapped\n\"last", "first\"\nnot wrapped\n\"last" },
		{ "first\nsecond", "first\nsecond" },
		{ "a\"\n\"", "a\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		som_buf out = SOM_BUF_INIT;
		assert_int_equal(som_csv__unwrap_lines(&out, cases[i].in, strlen(cases[i].in)), 0);
		assert_string_equal(out.ptr, cases[i].out);
		som_buf_dispose(&out);
	}
}

/* A reader of a header and one record whose quoted field holds `size` bytes. */
typedef struct huge_reader {
	int64_t size, pos;
	int quoted;
} huge_reader;

static ssize_t huge_read(void *ctx, void *buf, size_t len)
{
	static const char head[] = "a,b\n1,\"";
	huge_reader *h = ctx;
	size_t n = 0;
	char *out = buf;

	while (n < len) {
		int64_t p = h->pos;
		if (p < (int64_t)sizeof(head) - 1)
			out[n++] = h->quoted || head[p] != '"' ? head[p] : 'x';
		else if (p < (int64_t)sizeof(head) - 1 + h->size)
			out[n++] = 'x';
		else
			break;
		h->pos++;
	}
	return (ssize_t)n;
}

static void test_csv__huge_field(void **state)
{
	for (int quoted = 0; quoted < 2; quoted++) {
		huge_reader h = { 50 * 1024 * 1024, 0, quoted };
		som_csv *csv = NULL;
		clock_t t0 = clock();

		(void)state;
		assert_int_equal(som_csv__open(&csv, "huge.csv", huge_read, &h, NULL), 0);
		assert_int_equal(som_csv__next(csv), 1);
		assert_int_equal(som_csv__next(csv), SOM_EINVALID);
		assert_string_equal(som_error_last(),
			"cannot read 'huge.csv': line 2: field larger than 16 MiB");
		/* it stopped at the limit, not at the end of the 50 MB */
		assert_true(h.pos < 20 * 1024 * 1024);
		assert_true((clock() - t0) / CLOCKS_PER_SEC < 10);
		som_csv__free(csv);
	}
}

static void test_csv__errors(void **state)
{
	static const char open_quote[] = "a,b\n1,\"never closed\n2,3\n";
	som_csv *csv = NULL;
	char *got;

	(void)state;
	got = read_all(open_quote, sizeof(open_quote) - 1, 0, NULL);
	assert_string_equal(got, "1|a|b\nERROR cannot read 't.csv': line 2: "
		"a quoted field is not closed at the end of the file\n");
	som_free(got);

	assert_int_equal(som_csv__open(&csv, "x", failing_read, NULL, NULL), 0);
	assert_int_equal(som_csv__next(csv), SOM_ERROR);
	assert_string_equal(som_error_last(), "cannot read 'x': disk on fire");
	som_csv__free(csv);

	/* nothing at all, and nothing but line breaks */
	got = read_all("", 0, 0, NULL);
	assert_string_equal(got, "");
	som_free(got);
	got = read_all("\n\r\n\n", 4, 1, NULL);
	assert_string_equal(got, "");
	som_free(got);
}

static void test_csv__separators(void **state)
{
	som_csv_options tab = { '\t', 0, NULL, NULL, 0 };

	(void)state;
	expect_all("a;b;c\n1;2,5;3\n", 14, NULL, "1|a|b|c\n2|1|2,5|3\n");
	expect_all("a,b\tc\n", 6, &tab, "1|a,b|c\n");
	expect_all("x\n", 2, NULL, "1|x\n");
	expect_all("\n\r\na\tb\n1\t2,5\n", 13, NULL, "3|a|b\n4|1|2,5\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv__rfc4180),
		cmocka_unit_test(test_csv__raw_and_lines),
		cmocka_unit_test(test_csv__utf16),
		cmocka_unit_test(test_csv__invalid_utf8),
		cmocka_unit_test(test_csv__linkedin_repairs),
		cmocka_unit_test(test_csv__unwrap_lines),
		cmocka_unit_test(test_csv__huge_field),
		cmocka_unit_test(test_csv__errors),
		cmocka_unit_test(test_csv__separators),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
