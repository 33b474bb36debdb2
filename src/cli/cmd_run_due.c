/*
 * `somarkiv run-due` and `somarkiv jobs`: run every job of the plan's
 * schedule that is due (classify, export, retention, verify-exports,
 * verify-audit, fetch), recording each run in the store, and list the jobs
 * with their last run and when they are next due, and for fetch jobs each
 * account's last capture.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

/* The last run of a job, copied out of the store's callback. */
typedef struct last_run {
	int found;
	char period[32];
	char started[32];
	char outcome[32];
	char summary[256];
} last_run;

static int copy_run(const som_job_run_info *run, void *payload)
{
	last_run *l = payload;

	l->found = 1;
	snprintf(l->period, sizeof(l->period), "%s", run->period ? run->period : "");
	snprintf(l->started, sizeof(l->started), "%s", run->started ? run->started : "");
	snprintf(l->outcome, sizeof(l->outcome), "%s", run->outcome ? run->outcome : "");
	snprintf(l->summary, sizeof(l->summary), "%s", run->summary ? run->summary : "");
	return 0;
}

static int read_last(last_run *out, som_store *store, const char *job, int ok_only)
{
	int error;

	memset(out, 0, sizeof(*out));
	error = som_job_run_last(store, job, ok_only, copy_run, out);
	if (error == SOM_ENOTFOUND) {
		som_error_clear();
		return 0;
	}
	return error;
}

/*
 * The name a job's runs are recorded under: its name, and for a fetch job
 * of one account "fetch ACCOUNT" (each account's fetch keeps its own time).
 */
static const char *job_key(char out[160], const som_plan_job *job)
{
	if (!job->account || !*job->account)
		return job->name;
	snprintf(out, 160, "%s %s", job->name, job->account);
	return out;
}

/* Where the job stands at `now`: parsed, last success, due or not. */
static int job_state(int *due, int64_t *period, int64_t *next, som_store *store,
	const som_plan_job *job, int64_t now)
{
	som_recurrence rec;
	last_run ok;
	int64_t last_ok = -1;
	char key[160];
	int error;

	if ((error = som_recurrence_parse(&rec, job->every, job->cron)) != 0)
		return error;
	if ((error = read_last(&ok, store, job_key(key, job), 1)) != 0)
		return error;
	if (ok.found && (error = som_schedule_parse_time(&last_ok, ok.period)) != 0)
		return error;
	return som_schedule_due(due, period, next, &rec, last_ok, now);
}

/* The outcome of running one job. */
typedef struct job_result {
	const char *outcome;     /* ok, failed, not available */
	som_buf summary;
} job_result;

static void set_failed(job_result *r, const char *what)
{
	r->outcome = "failed";
	som_buf_printf(&r->summary, "%s%s%s", what ? what : "", what ? ": " : "",
		som_error_last());
}

static void job_classify(job_result *r, som_store *store)
{
	som_classify_stats stats;

	memset(&stats, 0, sizeof(stats));
	if (som_classify_store(&stats, store, 0) != 0) {
		set_failed(r, NULL);
		return;
	}
	som_buf_printf(&r->summary, "%" PRId64 " classified, %" PRId64 " flagged, %"
		PRId64 " unchanged (plan %s)", stats.classified, stats.flagged,
		stats.unchanged, stats.plan_version);
}

static void job_export(job_result *r, som_store *store, const som_plan_job *job,
	int64_t period)
{
	som_export_options opts = SOM_EXPORT_OPTIONS_INIT;
	som_export_result res;
	som_buf path = SOM_BUF_INIT;
	char *store_dir = NULL;
	int64_t n_ok = 0;
	int error;

	memset(&res, 0, sizeof(res));
	if (!job->out || !*job->out) {
		r->outcome = "failed";
		som_buf_puts(&r->summary, "the export job has no out= pattern");
		return;
	}
	/*
	 * A relative pattern is the store folder's: cron and systemd start us
	 * in no folder of ours. Made absolute, so that verify-exports finds it.
	 */
	if (job->out[0] != '/') {
		if (!(store_dir = realpath(som_store_path(store), NULL))) {
			som_buf_printf(&r->summary, "cannot resolve the store folder '%s': %s",
				som_store_path(store), strerror(errno));
			r->outcome = "failed";
			goto done;
		}
		som_buf_printf(&path, "%s/", store_dir);
	}
	if (som_job_run_count_ok(&n_ok, store, job->name) != 0 ||
	    som_schedule_expand(&path, job->out, period, n_ok + 1) != 0) {
		set_failed(r, NULL);
		goto done;
	}
	opts.since_last_export = 1;
	opts.out = path.ptr;
	error = som_export_run(&res, store, &opts);
	if (error == SOM_ENOTFOUND) {
		som_error_clear();
		som_buf_puts(&r->summary, "nothing new to export");
		goto done;
	}
	if (error) {
		set_failed(r, path.ptr);
		goto done;
	}
	som_buf_printf(&r->summary, "package '%s': %" PRId64 " items", res.path,
		res.n_items);
done:
	som_export_result_dispose(&res);
	som_buf_dispose(&path);
	free(store_dir);
}

/* The exports to verify, collected before any is touched. */
typedef struct export_list {
	int64_t ids[256];
	char *paths[256];
	size_t n;
	int64_t skipped;
} export_list;

static int collect_export(int64_t id, const char *path, void *payload)
{
	export_list *l = payload;
	size_t len = strlen(path);

	if (l->n == sizeof(l->ids) / sizeof(l->ids[0])) {
		l->skipped++;
		return 0;
	}
	if (!(l->paths[l->n] = malloc(len + 1)))
		return SOM_ENOMEM;
	memcpy(l->paths[l->n], path, len + 1);
	l->ids[l->n++] = id;
	return 0;
}

static int no_check(const char *check, int ok, const char *detail, void *payload)
{
	(void)check;
	(void)ok;
	(void)detail;
	(void)payload;
	return 0;
}

static void job_verify_exports(job_result *r, som_store *store, const char *job)
{
	export_list *l = calloc(1, sizeof(*l));
	last_run ok;
	int64_t good = 0, bad = 0;
	char now[32];

	if (!l) {
		set_failed(r, NULL);
		return;
	}
	/* Exports made since the last successful run began: the recent ones. */
	if (read_last(&ok, store, job, 1) != 0 ||
	    som_schedule_exports_since(store, ok.found ? ok.started : NULL,
		    collect_export, l) != 0) {
		set_failed(r, NULL);
		goto done;
	}
	som_schedule_format_time(now, som_schedule_now());
	for (size_t i = 0; i < l->n; i++) {
		int64_t failures = 0;

		if (som_package_verify(&failures, l->paths[i], NULL, no_check, NULL) != 0 ||
		    failures > 0) {
			if (bad == 0)
				som_buf_printf(&r->summary, "'%s' failed%s%s; ", l->paths[i],
					failures ? "" : ": ", failures ? "" : som_error_last());
			bad++;
			continue;
		}
		if (som_schedule_export_verified(store, l->ids[i], now) != 0) {
			set_failed(r, NULL);
			goto done;
		}
		good++;
	}
	som_buf_printf(&r->summary, "%" PRId64 " packages verified, %" PRId64 " failed",
		good, bad);
	if (l->skipped)
		som_buf_printf(&r->summary, ", %" PRId64 " left to the next run", l->skipped);
	if (bad)
		r->outcome = "failed";
done:
	for (size_t i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l);
}

static void job_verify_audit(job_result *r, som_store *store)
{
	int64_t count = 0, bad = 0;

	if (som_audit_verify(&count, &bad, store) != 0) {
		set_failed(r, NULL);
		return;
	}
	som_buf_printf(&r->summary, "%" PRId64 " audit entries, %" PRId64 " bad", count, bad);
	if (bad)
		r->outcome = "failed";
}

static void job_retention(job_result *r, som_store *store, int64_t period)
{
	som_retention_result res;
	char as_of[32], today[11];

	/* What is due on the period's day; a batch is proposed, nothing destroyed unless the rule auto-approves. */
	memset(&res, 0, sizeof(res));
	som_schedule_format_time(as_of, period);
	as_of[10] = '\0';
	/* Never a day ahead of the clock disposal goes by (a --now in the future). */
	som_retention_today(today);
	if (strcmp(as_of, today) > 0)
		memcpy(as_of, today, sizeof(today));
	if (som_retention_run(&res, store, as_of, 0, NULL) != 0) {
		set_failed(r, NULL);
		return;
	}
	if (!res.batch_id)
		som_buf_printf(&r->summary, "nothing new due on %s (%" PRId64 " due but protected)",
			as_of, res.n_blocked);
	else
		som_buf_printf(&r->summary, "batch %" PRId64 " proposed: %" PRId64
			" items due on %s, %" PRId64 " protected", res.batch_id, res.n_due, as_of,
			res.n_blocked);
	if (res.n_pending)
		som_buf_printf(&r->summary, ", %" PRId64 " wait in open batches", res.n_pending);
	if (res.auto_batch_id)
		som_buf_printf(&r->summary, ", batch %" PRId64 ": %" PRId64
			" disposed (no approval needed)", res.auto_batch_id, res.n_disposed);
	if (res.n_left_out)
		som_buf_printf(&r->summary, ", %" PRId64 " left out at execution (no longer due,"
			" or protected now)", res.n_left_out);
}

typedef struct fetch_list {
	const som_plan_job *job;
	int64_t ids[256];
	size_t n;
	int64_t more;
} fetch_list;

static int collect_fetch(const som_account *a, void *payload)
{
	fetch_list *l = payload;

	if (!som_fetch_job_covers(l->job, a))
		return 0;
	if (l->n == sizeof(l->ids) / sizeof(l->ids[0])) {
		l->more++;
		return 0;
	}
	l->ids[l->n++] = a->id;
	return 0;
}

/* Fetch each account the job covers; one account's failure does not stop the others. */
static void job_fetch(job_result *r, som_store *store, const som_plan_job *job)
{
	som_fetch_options opts = SOM_FETCH_OPTIONS_INIT;
	fetch_list l;
	int64_t failed = 0;

	memset(&l, 0, sizeof(l));
	l.job = job;
	if (som_account_foreach(store, collect_fetch, &l) != 0) {
		set_failed(r, NULL);
		return;
	}
	if (l.n == 0) {
		if (job->account && *job->account) {
			r->outcome = "failed";
			som_buf_printf(&r->summary, "no open account '%s' of a platform with an API",
				job->account);
		} else {
			som_buf_puts(&r->summary, "no open account of a platform with an API");
		}
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		som_capture *c = NULL;
		if (i)
			som_buf_puts(&r->summary, "; ");
		if (som_fetch(&c, store, l.ids[i], &opts) != 0) {
			failed++;
			som_buf_printf(&r->summary, "account %" PRId64 " failed: %s", l.ids[i],
				som_error_last());
			continue;
		}
		som_buf_printf(&r->summary, "account %" PRId64 ": capture %" PRId64 ", %" PRId64
			" new, %" PRId64 " changed, %" PRId64 " removed", l.ids[i], c->id, c->n_new,
			c->n_changed, c->n_removed);
		som_capture_free(c);
	}
	if (l.more)
		som_buf_printf(&r->summary, "; %" PRId64 " accounts left to the next run", l.more);
	if (failed)
		r->outcome = "failed";
}

static void run_job(job_result *r, som_store *store, const som_plan_job *job,
	int64_t period)
{
	r->outcome = "ok";
	if (strcmp(job->name, "classify") == 0)
		job_classify(r, store);
	else if (strcmp(job->name, "export") == 0)
		job_export(r, store, job, period);
	else if (strcmp(job->name, "retention") == 0)
		job_retention(r, store, period);
	else if (strcmp(job->name, "verify-exports") == 0)
		job_verify_exports(r, store, job->name);
	else if (strcmp(job->name, "verify-audit") == 0)
		job_verify_audit(r, store);
	else if (strcmp(job->name, "fetch") == 0)
		job_fetch(r, store, job);
	else {
		r->outcome = "failed";
		som_buf_printf(&r->summary, "unknown job '%s'", job->name);
	}
}

static int parse_now(int64_t *out, const cli_ctx *ctx, const cli_args *args)
{
	const char *now = cli_value(args, "now");

	if (!now) {
		*out = som_schedule_now();
		return 0;
	}
	if (som_schedule_parse_time(out, now) != 0)
		return cli_usage_error(ctx, args->cmd, "--now: %s", som_error_last());
	return 0;
}

static int run_run_due(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_plan *plan = NULL;
	int64_t now, reaped = 0;
	int error = 0, rc = CLI_EXIT_OK, failed = 0, ran = 0;

	if ((rc = parse_now(&now, ctx, args)) != 0)
		return rc;
	error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE);
	if (error == SOM_ELOCKED) {
		/* Another run (or writer) has the store: leave the jobs to the next run. */
		if (!ctx->quiet)
			fprintf(stderr, "somarkiv: %s: %s; nothing run\n", ctx->name,
				som_error_last());
		return CLI_EXIT_OK;
	}
	if (error)
		goto done;
	if ((error = som_job_run_reap(&reaped, store)) != 0)
		goto done;
	if (reaped && !ctx->quiet)
		printf("%" PRId64 " interrupted runs marked failed\n", reaped);
	error = som_plan_current(&plan, store);
	if (error == SOM_ENOTFOUND) {
		error = 0;
		som_error_clear();
		if (!ctx->quiet)
			printf("no plan in use: no jobs\n");
		goto done;
	}
	if (error)
		goto done;
	for (size_t i = 0; i < som_plan_job_count(plan); i++) {
		const som_plan_job *job = som_plan_job_at(plan, i);
		job_result r = { "ok", SOM_BUF_INIT };
		char period_s[32], started[32], key[160];
		int64_t period = 0, next = 0, id = 0;
		int due = 0;

		if ((error = job_state(&due, &period, &next, store, job, now)) != 0) {
			cli_say_error(ctx, "job '%s': %s", job_key(key, job), som_error_last());
			error = 0;
			failed++;
			continue;
		}
		if (!due)
			continue;
		som_schedule_format_time(period_s, period);
		som_schedule_format_time(started, som_schedule_now());
		if ((error = som_job_run_begin(&id, store, job_key(key, job), period_s, started)) != 0)
			goto done;
		run_job(&r, store, job, period);
		error = som_job_run_end(store, id, r.outcome,
			r.summary.ptr ? r.summary.ptr : "");
		ran++;
		if (strcmp(r.outcome, "ok") != 0) {
			failed++;
			cli_say_error(ctx, "job '%s' (%s): %s: %s", job_key(key, job), period_s,
				r.outcome, r.summary.ptr ? r.summary.ptr : "");
		} else if (!ctx->quiet) {
			printf("%s (%s): ok: %s\n", job_key(key, job), period_s,
				r.summary.ptr ? r.summary.ptr : "");
		}
		som_buf_dispose(&r.summary);
		if (error)
			goto done;
	}
	if (!ran && !failed && !ctx->quiet)
		printf("no job due\n");
done:
	if (error)
		rc = cli_fail(ctx, error);
	else if (failed)
		rc = CLI_EXIT_RUNTIME;
	som_plan_free(plan);
	som_store_free(store);
	return rc;
}

/* The accounts a fetch job covers, each with its last capture, for `jobs`. */
typedef struct age_list {
	const cli_ctx *ctx;
	som_store *store;
	const som_plan *plan;
	const som_plan_job *job;   /* NULL: those any fetch job covers */
	int64_t now;
	cli_table *table;
	som_buf *json;
	int n;
} age_list;

static int covered(const som_plan *plan, const som_plan_job *job, const som_account *a)
{
	if (job)
		return som_fetch_job_covers(job, a);
	for (size_t i = 0; i < som_plan_job_count(plan); i++)
		if (som_fetch_job_covers(som_plan_job_at(plan, i), a))
			return 1;
	return 0;
}

static int age_one(const som_account *a, void *payload)
{
	age_list *l = payload;
	som_capture_age age;
	som_buf shown = SOM_BUF_INIT;
	char every[32], id[32];
	int error;

	if (!covered(l->plan, l->job, a))
		return 0;
	if ((error = cli_capture_age(&shown, &age, l->ctx, l->store, l->plan, a, l->now,
			l->table != NULL)) != 0)
		goto done;
	if (l->json) {
		error = som_buf_printf(l->json, "%s{\"account\":%" PRId64, l->n++ ? "," : "", a->id);
		if (!error)
			error = age.last_id ? som_buf_printf(l->json, ",\"last_capture\":\"%s\"",
				age.last) : som_buf_puts(l->json, ",\"last_capture\":null");
		if (!error)
			error = som_buf_printf(l->json, ",\"fetch_interval\":%" PRId64
				",\"stale\":%s}", age.interval, age.stale ? "true" : "false");
		goto done;
	}
	snprintf(id, sizeof(id), "%" PRId64, a->id);
	cli_interval(every, age.interval);
	error = cli_table_add(l->table, id, a->handle, shown.ptr, every);
done:
	som_buf_dispose(&shown);
	return error;
}

static int accounts_json(som_buf *line, const cli_ctx *ctx, som_store *store,
	const som_plan *plan, const som_plan_job *job, int64_t now)
{
	age_list l;
	int error;

	memset(&l, 0, sizeof(l));
	l.ctx = ctx;
	l.store = store;
	l.plan = plan;
	l.job = job;
	l.now = now;
	l.json = line;
	line->ptr[--line->size] = '\0';   /* the accounts beside the job's fields */
	if ((error = som_buf_puts(line, ",\"accounts\":[")) != 0 ||
	    (error = som_account_foreach(store, age_one, &l)) != 0)
		return error;
	return som_buf_puts(line, "]}");
}

/* After the jobs, when the plan fetches: each account's last capture, the stale ones warned of. */
static int accounts_table(const cli_ctx *ctx, som_store *store, const som_plan *plan,
	int64_t now)
{
	static const char *const headers[] = { "ACCOUNT", "HANDLE", "LAST CAPTURE", "FETCH EVERY" };
	cli_table table;
	age_list l;
	int error, fetches = 0;

	for (size_t i = 0; i < som_plan_job_count(plan); i++)
		fetches += !strcmp(som_plan_job_at(plan, i)->name, "fetch");
	if (!fetches)
		return 0;
	cli_table_init(&table, 4, headers, "rlll");
	memset(&l, 0, sizeof(l));
	l.ctx = ctx;
	l.store = store;
	l.plan = plan;
	l.now = now;
	l.table = &table;
	if ((error = som_account_foreach(store, age_one, &l)) == 0) {
		putchar('\n');
		error = cli_table_print(&table, stdout);
	}
	cli_table_dispose(&table);
	return error;
}

static int run_jobs(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"JOB", "RECURRENCE", "LAST RUN", "OUTCOME", "NEXT DUE", "SUMMARY"
	};
	som_store *store = NULL;
	som_plan *plan = NULL;
	cli_table table;
	som_buf line = SOM_BUF_INIT;
	int64_t now;
	int error = 0, rc, as_json = cli_flag(args, "json");

	cli_table_init(&table, 6, headers, NULL);
	if ((rc = parse_now(&now, ctx, args)) != 0)
		goto out;
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
		goto done;
	if ((error = som_plan_current(&plan, store)) != 0)
		goto done;
	for (size_t i = 0; i < som_plan_job_count(plan); i++) {
		const som_plan_job *job = som_plan_job_at(plan, i);
		som_job_status st;
		last_run last, ok;
		char next_s[32] = "", buf[160];
		const char *key = job_key(buf, job);
		int64_t period = 0, next = 0;
		int due = 0;

		if ((error = read_last(&last, store, key, 0)) != 0 ||
		    (error = read_last(&ok, store, key, 1)) != 0)
			goto done;
		if (job_state(&due, &period, &next, store, job, now) == 0)
			som_schedule_format_time(next_s, next);
		else
			snprintf(next_s, sizeof(next_s), "invalid");
		memset(&st, 0, sizeof(st));
		st.job = key;
		st.every = job->every;
		st.cron = job->cron;
		st.out = job->out;
		st.last_started = last.found ? last.started : NULL;
		st.last_outcome = last.found ? last.outcome : NULL;
		st.last_summary = last.found ? last.summary : NULL;
		st.last_ok = ok.found ? ok.period : NULL;
		st.next_due = next_s;
		st.due = due;
		if (as_json) {
			line.size = 0;
			if ((error = som_job_status_to_json(&line, &st)) != 0 ||
			    (!strcmp(job->name, "fetch") &&
			     (error = accounts_json(&line, ctx, store, plan, job, now)) != 0))
				goto done;
			cli_put_line(&line);
		} else if ((error = cli_table_add(&table, key,
				job->every ? job->every : job->cron, st.last_started,
				st.last_outcome, due ? "now" : next_s, st.last_summary)) != 0) {
			goto done;
		}
	}
	if (!as_json && (error = cli_table_print(&table, stdout)) != 0)
		goto done;
	if (!as_json)
		error = accounts_table(ctx, store, plan, now);
done:
	rc = error ? cli_fail(ctx, error) : CLI_EXIT_OK;
out:
	cli_table_dispose(&table);
	som_buf_dispose(&line);
	som_plan_free(plan);
	som_store_free(store);
	return rc;
}

static const cli_option run_due_options[] = {
	{ "now", 0, "TIME", 0, "act as if it were TIME (YYYY-MM-DDTHH:MM[:SS]Z), for tests" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option jobs_options[] = {
	{ "json", 0, NULL, 0, "print NDJSON, one job a line" },
	{ "now", 0, "TIME", 0, "compute what is due as of TIME" },
	{ NULL, 0, NULL, 0, NULL }
};

const cli_command cmd_run_due = {
	"run-due", "run the plan's scheduled jobs that are due (for cron or a timer)",
	NULL, run_due_options, 0, 0, run_run_due, NULL
};

const cli_command cmd_jobs = {
	"jobs", "list the plan's scheduled jobs, their last run and when next due",
	NULL, jobs_options, 0, 0, run_jobs, NULL
};
