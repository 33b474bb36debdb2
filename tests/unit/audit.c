/*
 * Unit tests of the audit log (src/store/store_audit.c): appending, the hash
 * chain and its verification after entries are changed, removed or forged
 * behind the library's back (through SQLite directly), and the JSON form.
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
#include "formats/json.h"
#include "helpers.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct fixture {
	char dir[256];
	char store_dir[300];
	som_store *store;
} fixture;

/* A store with five entries: store.init, then four of our own. */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "audit") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->store_dir, sizeof(f->store_dir), "%s/store", f->dir);
	setenv("SOMARKIV_NOW", "2026-11-24T05:25:10Z", 1);
	if (som_store_init(&f->store, f->store_dir, "registrator") != 0 ||
	    som_audit_append(f->store, "test.one", "account:1", "{\"a\":1}") != 0 ||
	    som_audit_append(f->store, "test.two", "capture:2", NULL) != 0 ||
	    som_audit_append(f->store, "test.three", "item:\"3\"",
		"{\"text\":\"åäö \\\"citat\\\"\",\"n\":[1,2]}") != 0 ||
	    som_audit_append(f->store, "test.four", "store", "") != 0) {
		fprintf(stderr, "setup: %s\n", som_error_last());
		som_store_free(f->store);
		remove_tree(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	som_store_free(f->store);
	unsetenv("SOMARKIV_NOW");
	remove_tree(f->dir);
	free(f);
	return 0;
}

typedef struct collected {
	int n;
	int64_t seq[16];
	char action[16][32];
	char target[16][32];
	char actor[16][32];
	char details[16][128];
	char prev[16][65];
	char hash[16][65];
	char time[16][32];
	int stop_at;
} collected;

static int collect(const som_audit_entry *e, void *payload)
{
	collected *c = payload;

	if (c->n >= 16)
		return -100;
	c->seq[c->n] = e->seq;
	snprintf(c->action[c->n], 32, "%s", e->action);
	snprintf(c->target[c->n], 32, "%s", e->target);
	snprintf(c->actor[c->n], 32, "%s", e->actor);
	snprintf(c->details[c->n], 128, "%s", e->details);
	snprintf(c->prev[c->n], 65, "%s", e->prev);
	snprintf(c->hash[c->n], 65, "%s", e->hash);
	snprintf(c->time[c->n], 32, "%s", e->time);
	c->n++;
	return c->stop_at && c->n == c->stop_at ? 42 : 0;
}

static void expect_broken(fixture *f, int64_t want_bad, const char *want_text)
{
	int64_t count = -1, bad = -1;
	char entry[64];
	int error = som_audit_verify(&count, &bad, f->store);

	if (error != SOM_ECORRUPT)
		fail_msg("verify: want SOM_ECORRUPT, got %d (%s)", error, som_error_last());
	assert_int_equal(bad, want_bad);
	snprintf(entry, sizeof(entry), "entry %lld", (long long)want_bad);
	if (!contains(som_error_last(), entry) || !contains(som_error_last(), want_text))
		fail_msg("message '%s' does not say '%s' and '%s'", som_error_last(), entry,
			want_text);
}

static void test_audit__append_and_verify(void **state)
{
	fixture *f = *state;
	int64_t count = 0, bad = -1;

	assert_int_equal(som_audit_verify(&count, &bad, f->store), 0);
	assert_int_equal(count, 5);
	assert_int_equal(bad, 0);
	assert_int_equal(som_audit_append(f->store, "test.five", "store", "{}"), 0);
	assert_int_equal(som_audit_verify(&count, &bad, f->store), 0);
	assert_int_equal(count, 6);
	/* NULL outputs are allowed. */
	assert_int_equal(som_audit_verify(NULL, NULL, f->store), 0);
}

static void test_audit__entries_chain(void **state)
{
	fixture *f = *state;
	collected c;

	memset(&c, 0, sizeof(c));
	assert_int_equal(som_audit_foreach(f->store, 1, collect, &c), 0);
	assert_int_equal(c.n, 5);
	assert_string_equal(c.action[0], "store.init");
	assert_string_equal(c.action[1], "test.one");
	assert_string_equal(c.target[1], "account:1");
	assert_string_equal(c.details[1], "{\"a\":1}");
	/* No details, or empty ones, are an empty object. */
	assert_string_equal(c.details[2], "{}");
	assert_string_equal(c.details[4], "{}");
	assert_string_equal(c.prev[0], GENESIS);
	for (int i = 0; i < c.n; i++) {
		assert_int_equal(c.seq[i], i + 1);
		assert_string_equal(c.actor[i], "registrator");
		assert_string_equal(c.time[i], "2026-11-24T05:25:10Z");
		assert_int_equal(strlen(c.hash[i]), 64);
		if (i > 0)
			assert_string_equal(c.prev[i], c.hash[i - 1]);
	}
	/* Two entries with the same content at different places differ. */
	assert_string_not_equal(c.hash[2], c.hash[4]);
}

static void test_audit__foreach_from_and_stop(void **state)
{
	fixture *f = *state;
	collected c;

	memset(&c, 0, sizeof(c));
	assert_int_equal(som_audit_foreach(f->store, 4, collect, &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.seq[0], 4);
	assert_int_equal(c.seq[1], 5);

	memset(&c, 0, sizeof(c));
	c.stop_at = 2;
	assert_int_equal(som_audit_foreach(f->store, 1, collect, &c), 42);
	assert_int_equal(c.n, 2);

	memset(&c, 0, sizeof(c));
	assert_int_equal(som_audit_foreach(f->store, 99, collect, &c), 0);
	assert_int_equal(c.n, 0);
}

static void test_audit__changed_actor(void **state)
{
	fixture *f = *state;

	assert_int_equal(db_exec(f->store_dir, "UPDATE audit SET actor = 'x' WHERE seq = 2"),
		SQLITE_OK);
	expect_broken(f, 2, "does not match");
}

static void test_audit__changed_fields(void **state)
{
	fixture *f = *state;
	static const char *const updates[] = {
		"UPDATE audit SET time = '2026-11-24T05:25:11Z' WHERE seq = 3",
		"UPDATE audit SET action = 'test.TWO' WHERE seq = 3",
		"UPDATE audit SET target = 'capture:3' WHERE seq = 3",
		"UPDATE audit SET details = '{ }' WHERE seq = 3",
	};

	for (size_t i = 0; i < sizeof(updates) / sizeof(updates[0]); i++) {
		assert_int_equal(db_exec(f->store_dir, "DROP TABLE IF EXISTS saved;"
			"CREATE TABLE saved AS SELECT * FROM audit WHERE seq = 3"), SQLITE_OK);
		assert_int_equal(db_exec(f->store_dir, updates[i]), SQLITE_OK);
		expect_broken(f, 3, "entry 3");
		/* Put it back: intact again. */
		assert_int_equal(db_exec(f->store_dir, "DELETE FROM audit WHERE seq = 3;"
			"INSERT INTO audit SELECT * FROM saved; DROP TABLE saved"), SQLITE_OK);
		assert_int_equal(som_audit_verify(NULL, NULL, f->store), 0);
	}
}

/* Changing an entry and recomputing its hash still breaks the next one. */
static void test_audit__changed_hash(void **state)
{
	fixture *f = *state;

	assert_int_equal(db_exec(f->store_dir,
		"UPDATE audit SET hash = (SELECT hash FROM audit WHERE seq = 1) WHERE seq = 2"),
		SQLITE_OK);
	expect_broken(f, 2, "entry 2");
}

static void test_audit__deleted_last(void **state)
{
	fixture *f = *state;

	assert_int_equal(db_exec(f->store_dir, "DELETE FROM audit WHERE seq = 5"), SQLITE_OK);
	expect_broken(f, 5, "ends early");
}

static void test_audit__deleted_last_two_and_head(void **state)
{
	fixture *f = *state;

	/* Even with the head in meta rewritten to the new last entry. */
	assert_int_equal(db_exec(f->store_dir, "DELETE FROM audit WHERE seq >= 4;"
		"UPDATE meta SET value = (SELECT hash FROM audit WHERE seq = 3) "
		"WHERE key = 'audit_head'"), SQLITE_OK);
	expect_broken(f, 4, "entry 4");
}

static void test_audit__deleted_middle(void **state)
{
	fixture *f = *state;

	assert_int_equal(db_exec(f->store_dir, "DELETE FROM audit WHERE seq = 2"), SQLITE_OK);
	expect_broken(f, 2, "missing");
}

static void test_audit__deleted_first(void **state)
{
	fixture *f = *state;

	assert_int_equal(db_exec(f->store_dir, "DELETE FROM audit WHERE seq = 1"), SQLITE_OK);
	expect_broken(f, 1, "entry 1");
}

/* Renumbering after a deletion does not hide it: the chain breaks. */
static void test_audit__deleted_and_renumbered(void **state)
{
	fixture *f = *state;

	assert_int_equal(db_exec(f->store_dir, "DELETE FROM audit WHERE seq = 3;"
		"UPDATE audit SET seq = seq - 1 WHERE seq > 3"), SQLITE_OK);
	expect_broken(f, 3, "entry 3");
}

static void test_audit__forged_entry_appended(void **state)
{
	fixture *f = *state;

	assert_int_equal(db_exec(f->store_dir,
		"INSERT INTO audit(seq, time, actor, action, target, details, prev, hash) "
		"SELECT 6, time, actor, 'test.forged', 'store', '{}', hash, hash "
		"FROM audit WHERE seq = 5"), SQLITE_OK);
	expect_broken(f, 6, "entry 6");
}

static void test_audit__append_after_damage_keeps_it_visible(void **state)
{
	fixture *f = *state;

	assert_int_equal(db_exec(f->store_dir, "UPDATE audit SET actor = 'x' WHERE seq = 2"),
		SQLITE_OK);
	assert_int_equal(som_audit_append(f->store, "test.later", "store", NULL), 0);
	expect_broken(f, 2, "entry 2");
}

static void test_audit__needs_writer(void **state)
{
	fixture *f = *state;
	som_store *reader = NULL;
	int64_t count = 0;

	assert_int_equal(som_store_open(&reader, f->store_dir, SOM_STORE_OPEN_READ, NULL), 0);
	assert_int_equal(som_audit_append(reader, "test.nope", "store", NULL), SOM_EINVALID);
	assert_int_equal(som_audit_verify(&count, NULL, reader), 0);
	assert_int_equal(count, 5);
	som_store_free(reader);
}

struct to_json_state {
	som_buf buf;
	int n;
};

static int to_json_cb(const som_audit_entry *e, void *payload)
{
	struct to_json_state *s = payload;
	som_json *v = NULL;
	int error;

	som_buf_clear(&s->buf);
	if ((error = som_audit_entry_to_json(&s->buf, e)) != 0)
		return error;
	if (som_json__parse(&v, s->buf.ptr, s->buf.size, "entry", 0) != 0)
		fail_msg("not JSON: %s: %s", s->buf.ptr, som_error_last());
	assert_true(som_json__is_object(v));
	assert_int_equal(som_json__integer(som_json__get(v, "seq")), e->seq);
	assert_string_equal(som_json__get_string(v, "action"), e->action);
	assert_string_equal(som_json__get_string(v, "target"), e->target);
	assert_string_equal(som_json__get_string(v, "actor"), "registrator");
	assert_string_equal(som_json__get_string(v, "time"), e->time);
	assert_string_equal(som_json__get_string(v, "prev"), e->prev);
	assert_string_equal(som_json__get_string(v, "hash"), e->hash);
	assert_true(som_json__is_object(som_json__get(v, "details")));
	if (e->seq == 4) {
		som_json *d = som_json__get(v, "details");
		assert_string_equal(som_json__get_string(d, "text"), "åäö \"citat\"");
		assert_int_equal(som_json__array_size(som_json__get(d, "n")), 2);
		assert_string_equal(som_json__get_string(v, "target"), "item:\"3\"");
	}
	assert_null(memchr(s->buf.ptr, '\n', s->buf.size));
	som_json__free(v);
	s->n++;
	return 0;
}

static void test_audit__to_json(void **state)
{
	fixture *f = *state;
	struct to_json_state s = { SOM_BUF_INIT, 0 };

	assert_int_equal(som_audit_foreach(f->store, 1, to_json_cb, &s), 0);
	assert_int_equal(s.n, 5);
	som_buf_dispose(&s.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_audit__append_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__entries_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__foreach_from_and_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__changed_actor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__changed_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__changed_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__deleted_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__deleted_last_two_and_head, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_audit__deleted_middle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__deleted_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__deleted_and_renumbered, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_audit__forged_entry_appended, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_audit__append_after_damage_keeps_it_visible,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__needs_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit__to_json, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
