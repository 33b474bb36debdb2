/*
 * Unit tests of the pre-closure snapshot (src/snapshot/snapshot.c): options checked
 * before the store is touched, a dry run that leaves the store as it was,
 * the real run that delivers and closes, and the one transaction: a failure
 * at any step (a late export error, any allocation) leaves the store, the
 * account and the output folder as they were.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "somarkiv.h"
#include "helpers.h"

typedef struct fixture {
	char dir[512];
	char store_dir[600];
	char out_dir[600];
	char schemas[512];
	som_store *store;
} fixture;

static int setup(void **state)
{
	static const char *const schema_dirs[] = {
		"schemas", "../schemas", "../../schemas", "../../../schemas"
	};
	fixture *f = calloc(1, sizeof(*f));
	som_account a;

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "snapshot") != 0)
		return -1;
	path_join(f->store_dir, sizeof(f->store_dir), f->dir, "store");
	path_join(f->out_dir, sizeof(f->out_dir), f->dir, "out");
	if (!first_existing(schema_dirs, 4, NULL, f->schemas, sizeof(f->schemas)) ||
	    mkdir(f->out_dir, 0755) != 0 ||
	    som_store_init(&f->store, f->store_dir, "tester") != 0)
		return -1;
	/* verify reads the shipped schemas too */
	setenv("SOMARKIV_SCHEMA_DIR", f->schemas, 1);
	memset(&a, 0, sizeof(a));
	a.platform = "mastodon";
	a.handle = "@exempelby@social.exempelby.se";
	a.display_name = "Exempelby kommun";
	if (som_account_add(NULL, f->store, &a) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	som_alloc_set_fail_hook(NULL, NULL);
	som_store_free(f->store);
	remove_tree(f->dir);
	free(f);
	return 0;
}

static const char *sources[2];

static void options(som_snapshot_options *o, fixture *f, const char *out)
{
	som_snapshot_options init = SOM_SNAPSHOT_OPTIONS_INIT;

	*o = init;
	sources[0] = test_data("exempelby-mastodon-v1");
	sources[1] = test_data("exempelby-mastodon-v2");
	o->account = "1";
	o->sources = sources;
	o->n_sources = 2;
	o->out = out;
	o->reason = "kontot avslutas";
	o->close_date = "2026-11-20";
	o->package_id = "snap-unit";
	o->created = "2026-11-24T06:00:00Z";
	o->schema_dir = f->schemas;
}

/* The store is as set up: no capture, no export, the account open. */
static void assert_untouched(fixture *f, int64_t audit)
{
	assert_int_equal(db_count(f->store_dir, "capture"), 0);
	assert_int_equal(db_count(f->store_dir, "item"), 0);
	assert_int_equal(db_count(f->store_dir, "export"), 0);
	assert_int_equal(db_count(f->store_dir, "audit"), audit);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM account WHERE closed IS NOT NULL"), 0);
}

static void test_snapshot__bad_options(void **state)
{
	fixture *f = *state;
	som_snapshot_options o;
	som_snapshot_result r;
	char out[700];
	int64_t audit = db_count(f->store_dir, "audit");

	path_join(out, sizeof(out), f->out_dir, "p.tar");
	options(&o, f, out);
	o.reason = NULL;
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_EINVALID);
	assert_true(contains(som_error_last(), "needs a reason"));
	options(&o, f, out);
	o.close_date = "2026-13-01";
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_EINVALID);
	assert_string_equal(som_error_last(), "not a date (YYYY-MM-DD): '2026-13-01'");
	options(&o, f, out);
	o.n_sources = 0;
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_EINVALID);
	options(&o, f, out);
	o.format = "myspace";
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_EINVALID);
	options(&o, f, out);
	o.sign_key = "key.pem";
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_EINVALID);
	options(&o, f, out);
	o.account = "@nobody";
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_ENOTFOUND);
	options(&o, f, f->dir);
	o.out = "nowhere/p";
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_EINVALID);
	assert_int_equal(write_text(out, "x"), 0);
	options(&o, f, out);
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_EEXISTS);
	options(&o, f, out);
	o.version = 99;
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_EINVALID);
	assert_untouched(f, audit);
}

static void test_snapshot__dry_run(void **state)
{
	fixture *f = *state;
	som_snapshot_options o;
	som_snapshot_result r;
	som_buf json = SOM_BUF_INIT;
	int64_t audit = db_count(f->store_dir, "audit");

	options(&o, f, NULL);
	o.dry_run = 1;
	o.reason = NULL;
	assert_int_equal(som_snapshot_run(&r, f->store, &o), 0);
	assert_true(r.dry_run);
	assert_int_equal(r.n_sources, 2);
	assert_int_equal(r.sources[0].n_new, 13);
	assert_int_equal(r.sources[0].capture_id, 0);
	assert_int_equal(r.sources[1].n_changed, 1);
	assert_int_equal(r.sources[1].n_removed, 1);
	assert_int_equal(r.n_items, 15);
	assert_int_equal(r.n_removed, 1);
	assert_int_equal(r.n_edited, 1);
	assert_int_equal(r.n_unclassified, 15);
	assert_null(r.plan_version);
	assert_null(r.path);
	/* no plan, 15 unclassified, the attachment v2 lacks */
	assert_int_equal(r.n_problems, 3);
	assert_string_equal(r.problems[0].what, "no-plan");
	assert_string_equal(r.problems[1].what, "unclassified");
	assert_string_equal(r.problems[2].what, "missing-attachment");
	assert_true(r.problems[2].item_id > 0);
	assert_int_equal(som_snapshot_result_to_json(&json, &r), 0);
	assert_true(contains(json.ptr, "\"dry_run\":true"));
	assert_false(contains(json.ptr, "\"package_id\""));
	som_buf_dispose(&json);
	som_snapshot_result_dispose(&r);
	som_snapshot_result_dispose(&r);   /* twice is harmless */
	assert_untouched(f, audit);
}

static void test_snapshot__delivers_and_closes(void **state)
{
	fixture *f = *state;
	som_snapshot_options o;
	som_snapshot_result r;
	som_account *a = NULL;
	char out[700];
	int64_t failures = -1;
	int error;

	path_join(out, sizeof(out), f->out_dir, "p.tar");
	options(&o, f, out);
	error = som_snapshot_run(&r, f->store, &o);
	if (error)
		fail_msg("snapshot: %s", som_error_last());
	assert_false(r.dry_run);
	assert_string_equal(r.package_id, "snap-unit");
	assert_string_equal(r.path, out);
	assert_string_equal(r.closed, "2026-11-20");
	assert_int_equal(r.n_items, 15);
	assert_true(r.sources[0].capture_id > 0 && r.sources[1].capture_id > r.sources[0].capture_id);
	assert_int_equal(strlen(r.sha256), 64);
	assert_true(path_exists(out));
	assert_int_equal(som_package_verify(&failures, out, NULL, NULL, NULL), 0);
	assert_int_equal(failures, 0);
	assert_int_equal(som_account_lookup(&a, f->store, "1"), 0);
	assert_string_equal(a->closed, "2026-11-20");
	assert_string_equal(a->close_reason, "kontot avslutas");
	assert_string_equal(a->close_package, "snap-unit");
	som_account_free(a);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM export WHERE verified_at IS NOT NULL"), 1);
	assert_int_equal(db_count(f->store_dir, "export_item"), 15);
	assert_int_equal(db_int(f->store_dir, "SELECT count(*) FROM audit WHERE action = 'snapshot'"), 1);
	som_snapshot_result_dispose(&r);

	/* Closed: a second snapshot is refused; a dry run names the closing. */
	path_join(out, sizeof(out), f->out_dir, "q.tar");
	options(&o, f, out);
	assert_int_equal(som_snapshot_run(&r, f->store, &o), SOM_EINVALID);
	assert_true(contains(som_error_last(), "reopen it before a snapshot"));
	assert_false(path_exists(out));
	o.dry_run = 1;
	assert_int_equal(som_snapshot_run(&r, f->store, &o), 0);
	assert_string_equal(r.problems[0].what, "closed");
	assert_true(contains(r.problems[0].detail, "snap-unit"));
	assert_int_equal(r.sources[0].n_new + r.sources[0].n_unchanged, 0);
	som_snapshot_result_dispose(&r);
	assert_int_equal(db_count(f->store_dir, "capture"), 2);
}

static void test_snapshot__late_failure_rolls_back(void **state)
{
	fixture *f = *state;
	som_snapshot_options o;
	som_snapshot_result r;
	char out[700], part[720];
	int64_t audit = db_count(f->store_dir, "audit");

	/* The export fails after the ingest, reading the package's schemas. */
	path_join(out, sizeof(out), f->out_dir, "p.tar");
	options(&o, f, out);
	o.schema_dir = f->out_dir;
	assert_int_not_equal(som_snapshot_run(&r, f->store, &o), 0);
	assert_true(contains(som_error_last(), "schema"));
	assert_null(r.path);
	assert_false(path_exists(out));
	snprintf(part, sizeof(part), "%s.part", out);
	assert_false(path_exists(part));
	assert_untouched(f, audit);
}

static int64_t allocs;
static int64_t fail_at;

static int fail_nth(size_t size, void *payload)
{
	(void)size;
	(void)payload;
	return ++allocs == fail_at;
}

/* A fresh store with the account, in place of the fixture's. */
static void fresh_store(fixture *f)
{
	som_account a;

	som_store_free(f->store);
	f->store = NULL;
	remove_tree(f->store_dir);
	remove_tree(f->out_dir);
	assert_int_equal(mkdir(f->out_dir, 0755), 0);
	assert_int_equal(som_store_init(&f->store, f->store_dir, "tester"), 0);
	memset(&a, 0, sizeof(a));
	a.platform = "mastodon";
	a.handle = "@exempelby@social.exempelby.se";
	assert_int_equal(som_account_add(NULL, f->store, &a), 0);
}

static void test_snapshot__allocation_failures(void **state)
{
	fixture *f = *state;
	som_snapshot_options o;
	som_snapshot_result r;
	char out[700];
	int64_t audit, total, step;
	int error, failed = 0, tolerated = 0;

	path_join(out, sizeof(out), f->out_dir, "p.tar");
	options(&o, f, out);
	/* Count the allocations of a whole snapshot, then fail them one at a time (sampled). */
	allocs = 0;
	fail_at = -1;
	som_alloc_set_fail_hook(fail_nth, NULL);
	assert_int_equal(som_snapshot_run(&r, f->store, &o), 0);
	som_alloc_set_fail_hook(NULL, NULL);
	som_snapshot_result_dispose(&r);
	total = allocs;
	assert_true(total > 100);
	step = total / 80 + 1;
	fresh_store(f);
	audit = db_count(f->store_dir, "audit");
	for (fail_at = 1; fail_at <= total; fail_at += step) {
		allocs = 0;
		som_alloc_set_fail_hook(fail_nth, NULL);
		error = som_snapshot_run(&r, f->store, &o);
		som_alloc_set_fail_hook(NULL, NULL);
		if (error == 0) {
			/* An allocation the library can do without: a whole snapshot. */
			assert_true(path_exists(out));
			som_snapshot_result_dispose(&r);
			tolerated++;
			fresh_store(f);
			continue;
		}
		failed++;
		assert_false(path_exists(out));
		assert_untouched(f, audit);
	}
	print_message("%lld allocations; %d snapshots failed, each leaving the store as it was; "
		"%d succeeded\n", (long long)total, failed, tolerated);
	assert_true(failed > 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_snapshot__bad_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot__dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot__delivers_and_closes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot__late_failure_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot__allocation_failures, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
