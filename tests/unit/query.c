/*
 * Unit tests of the registrar's query syntax (src/search/query.c): words, phrases,
 * exclusion and prefixes become quoted FTS5 strings; hostile input never
 * reaches FTS5 as syntax (each result is run against a real FTS5 table with
 * the store's tokenizer); å, ä and ö stay apart from a and o.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "util/common.h"
#include "somarkiv/search.h"

static const char *const texts[] = {
	"Klagomål på snöröjningen vid Björkvägen",       /* 1 */
	"Klagomal utan prickar, om Bjorkvagen",           /* 2 */
	"Vattnet är brunt i kranen",                      /* 3 */
	"Tack för snöröjningen! NEAR(x y) AND \"citat\"", /* 4 */
	"Öppettider på biblioteket, och oppet hus",       /* 5 */
};

static sqlite3 *db;

static int setup(void **state)
{
	char sql[256];

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(text,"
		" tokenize='unicode61 remove_diacritics 0')", NULL, NULL, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *q = sqlite3_mprintf("INSERT INTO t(rowid, text) VALUES (%d, %Q)", (int)i + 1, texts[i]);
		snprintf(sql, sizeof(sql), "%s", q);
		sqlite3_free(q);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sqlite3_close(db);
	return 0;
}

/* The FTS5 expression of `text`, or "ERROR" when the library refuses it. */
static char *to_fts(const char *text)
{
	som_buf b = SOM_BUF_INIT;

	if (som_search_query_to_fts(&b, text) != 0) {
		som_buf_dispose(&b);
		return strdup("ERROR");
	}
	return som_buf_detach(&b);
}

static void expect_fts(const char *text, const char *expected)
{
	char *got = to_fts(text);

	assert_string_equal(got, expected);
	free(got);
}

/* The rowids `text` finds, "1,3"; "" for none; "ERROR" when refused. */
static char *matches(const char *text)
{
	som_buf b = SOM_BUF_INIT, out = SOM_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc;

	if (som_search_query_to_fts(&b, text) != 0) {
		som_buf_dispose(&b);
		return strdup("ERROR");
	}
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, b.ptr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		som_buf_printf(&out, "%s%d", out.size ? "," : "", sqlite3_column_int(st, 0));
	if (rc != SQLITE_DONE)
		fail_msg("FTS5 rejected '%s' (from '%s'): %s", b.ptr, text, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	som_buf_dispose(&b);
	if (!out.ptr)
		return strdup("");
	return som_buf_detach(&out);
}

static void expect_matches(const char *text, const char *expected)
{
	char *got = matches(text);

	assert_string_equal(got, expected);
	free(got);
}

static void test_query__words(void **state)
{
	(void)state;
	expect_fts("klagomål", "\"klagomål\"");
	expect_fts("  klagomål   snöröjningen ", "\"klagomål\" AND \"snöröjningen\"");
	expect_matches("klagomål", "1");
	expect_matches("KLAGOMÅL snöröjningen", "1");
	expect_matches("snöröjningen", "1,4");
}

static void test_query__phrases(void **state)
{
	(void)state;
	expect_fts("\"vattnet är brunt\"", "\"vattnet är brunt\"");
	expect_matches("\"vattnet är brunt\"", "3");
	expect_matches("\"brunt är vattnet\"", "");
	/* An unclosed phrase runs to the end. */
	expect_fts("\"vattnet är", "\"vattnet är\"");
	expect_matches("\"vattnet är", "3");
}

static void test_query__prefix(void **state)
{
	(void)state;
	expect_fts("klagom*", "\"klagom\"*");
	expect_fts("klagom**", "\"klagom\"*");
	expect_fts("\"vattnet är br\"*", "\"vattnet är br\"*");
	expect_matches("klagom*", "1,2");
	expect_matches("snö*", "1,4");
	expect_matches("\"vattnet är br\"*", "3");
}

static void test_query__exclusion(void **state)
{
	(void)state;
	expect_fts("snöröjningen -tack", "(\"snöröjningen\") NOT (\"tack\")");
	expect_fts("a b -c -\"d e\"", "(\"a\" AND \"b\") NOT (\"c\" OR \"d e\")");
	expect_matches("snöröjningen -tack", "1");
	expect_matches("klagom* -\"utan prickar\"", "1");
	/* Only exclusions: nothing to find. */
	expect_fts("-tack", "ERROR");
	assert_int_equal(som_error_code(), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "only words to leave out"));
	/* A hyphen inside a word is part of it. */
	expect_fts("e-tjänst", "\"e-tjänst\"");
}

static void test_query__hostile(void **state)
{
	static const char *const hostile[] = {
		"\"", "\"\"", "*", "**", "-", "--", "- -", "-\"", "\"*", "NEAR(",
		"NEAR(x y)", "x NEAR(", "AND", "OR", "NOT", "x OR", "OR x", "x NOT",
		"(", ")", "x)", "(x", "^x", "text:x", "{text}: x", "x + y", "x\"y",
		"\"x\"\"y\"", "x'y", "x; DROP TABLE t; --", "\\", "x\\\"", "*x", "x*y",
		"\"unclosed phrase", "🙂", "– —", "\xff\xfe", "x\xc3", "NEAR(\"citat\" x, 2)",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		char *got = matches(hostile[i]); /* fails the test on an FTS5 error */
		free(got);
	}
	/* Operators typed are words, and words the text holds are found. */
	expect_fts("NEAR(", "\"NEAR(\"");
	expect_matches("NEAR(x", "4");
	expect_matches("AND", "4");
	expect_matches("x\"y", "4");
	expect_fts("x\"y", "\"x\"\"y\"");
	expect_matches("x; DROP TABLE t; --", "");
	/* Nothing the index could hold: refused, not an empty search. */
	expect_fts("-", "ERROR");
	expect_fts("\"", "ERROR");
	expect_fts("*", "ERROR");
	expect_fts("", "ERROR");
	expect_fts("🙂 –", "ERROR");
	assert_int_equal(som_error_code(), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "nothing to search for"));
	/* A sign beside a word is dropped, the word stays. */
	expect_fts("klagomål -", "\"klagomål\"");
	expect_fts("klagomål *", "\"klagomål\"");
}

static void test_query__swedish_letters(void **state)
{
	(void)state;
	/* ö does not find o, nor å a: they are letters of their own. */
	expect_matches("Björkvägen", "1");
	expect_matches("bjorkvagen", "2");
	expect_matches("klagomal", "2");
	expect_matches("öppettider", "5");
	expect_matches("oppettider", "");
	expect_matches("oppet", "5");
	expect_matches("öppet", "");
	expect_matches("ÖPPETTIDER", "5");
	expect_matches("bjö*", "1");
	expect_matches("bjo*", "2");
}

static void test_query__too_many_words(void **state)
{
	som_buf text = SOM_BUF_INIT;
	char *got;

	(void)state;
	for (int i = 0; i < 65; i++)
		som_buf_puts(&text, "ord ");
	got = to_fts(text.ptr);
	assert_string_equal(got, "ERROR");
	assert_non_null(strstr(som_error_last(), "more than 64 words"));
	free(got);
	som_buf_dispose(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query__words),
		cmocka_unit_test(test_query__phrases),
		cmocka_unit_test(test_query__prefix),
		cmocka_unit_test(test_query__exclusion),
		cmocka_unit_test(test_query__hostile),
		cmocka_unit_test(test_query__swedish_letters),
		cmocka_unit_test(test_query__too_many_words),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
