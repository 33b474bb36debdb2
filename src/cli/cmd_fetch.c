/*
 * `somarkiv fetch ACCOUNT... | --all`: capture accounts straight from
 * their platforms' APIs, one capture each, and report what each found.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const cli_option fetch_options[] = {
	{ "all", 0, NULL, 0, "every open account whose platform has an API" },
	{ "since", 0, "TIME", 0, "only what was posted since TIME, a date or a duration (P7D)" },
	{ "timeout", 0, "SECONDS", 0, "a request with no answer for this long fails (default 30)" },
	{ "max-wait", 0, "SECONDS", 0, "the longest a rate limit may make it wait (default 900)" },
	{ "ca-file", 0, "FILE", 0, "also trust the certificates in FILE (a test server's)" },
	{ "json", 0, NULL, 0, "print each capture as JSON, one a line" },
	{ NULL, 0, NULL, 0, NULL }
};

void cli_interval(char out[32], int64_t s)
{
	if (s % 86400 == 0)
		snprintf(out, 32, "%" PRId64 " d", s / 86400);
	else if (s % 3600 == 0)
		snprintf(out, 32, "%" PRId64 " h", s / 3600);
	else if (s % 60 == 0)
		snprintf(out, 32, "%" PRId64 " min", s / 60);
	else
		snprintf(out, 32, "%" PRId64 " s", s);
}

int cli_capture_age(som_buf *out, som_capture_age *age, const cli_ctx *ctx,
	som_store *store, const som_plan *plan, const som_account *a, int64_t now, int warn)
{
	char every[32];
	int error;

	if ((error = som_fetch_capture_age(age, store, plan, a, now)) != 0)
		return error;
	if ((error = som_buf_puts(out, age->last_id ? age->last : "never")) != 0 ||
	    (age->stale && (error = som_buf_puts(out, " (stale)")) != 0))
		return error;
	if (age->stale && warn) {
		cli_interval(every, age->interval);
		if (age->last_id)
			cli_say_error(ctx, "warning: account '%s': its last capture (%" PRId64 ", %s) "
				"is older than the plan's fetch every %s allows", a->handle,
				age->last_id, age->last, every);
		else
			cli_say_error(ctx, "warning: account '%s': never captured, though the plan "
				"fetches it every %s", a->handle, every);
	}
	return 0;
}

static void on_progress(int64_t requests, const char *what, void *payload)
{
	(void)what;
	cli_progress_show(payload, requests, -1);
}

typedef struct id_list {
	int64_t *ids;
	size_t n, a;
} id_list;

static int add_id(id_list *l, int64_t id)
{
	if (l->n == l->a) {
		size_t n = l->a ? l->a * 2 : 16;
		int64_t *grown = realloc(l->ids, n * sizeof(*grown));
		if (!grown)
			return SOM_ENOMEM;
		l->ids = grown;
		l->a = n;
	}
	l->ids[l->n++] = id;
	return 0;
}

static int collect(const som_account *a, void *payload)
{
	if (a->closed || !som_fetch_supported(a->platform))
		return 0;
	return add_id(payload, a->id);
}

static int seconds(long *out, const cli_ctx *ctx, const cli_args *args, const char *name)
{
	const char *v = cli_value(args, name);
	int64_t n = 0;

	*out = 0;
	if (!v)
		return 0;
	if (cli_parse_int(&n, v) != 0 || n <= 0 || n > 86400)
		return cli_usage_error(ctx, args->cmd, "--%s: '%s' is not a number of seconds "
			"(1 to 86400)", name, v);
	*out = (long)n;
	return 0;
}

static int run_fetch(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_capture *capture = NULL;
	som_fetch_options opts = SOM_FETCH_OPTIONS_INIT;
	som_buf json = SOM_BUF_INIT;
	cli_progress prog;
	id_list ids = { NULL, 0, 0 };
	int as_json = cli_flag(args, "json"), all = cli_flag(args, "all");
	int error = 0, rc = CLI_EXIT_OK, failed = 0;

	if (all == (args->n_pos > 0))
		return cli_usage_error(ctx, args->cmd, "give the accounts, or --all");
	if ((rc = seconds(&opts.timeout, ctx, args, "timeout")) != 0 ||
	    (rc = seconds(&opts.max_wait, ctx, args, "max-wait")) != 0)
		return rc;
	opts.since = cli_value(args, "since");
	opts.ca_file = cli_value(args, "ca-file");
	opts.progress = on_progress;
	opts.payload = &prog;
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	if (all && (error = som_account_foreach(store, collect, &ids)) != 0) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	for (int i = 0; i < args->n_pos; i++) {
		int64_t id = 0;
		if ((rc = cli_account_id(&id, ctx, store, args->pos[i])) != 0)
			goto done;
		if ((error = add_id(&ids, id)) != 0) {
			rc = cli_fail(ctx, error);
			goto done;
		}
	}
	for (size_t i = 0; i < ids.n; i++) {
		char label[64];
		snprintf(label, sizeof(label), "fetch, account %" PRId64, ids.ids[i]);
		cli_progress_start(&prog, ctx, label);
		prog.unit = "requests";
		error = som_fetch(&capture, store, ids.ids[i], &opts);
		cli_progress_clear(&prog);
		if (error) {
			/* one account's failure does not keep the others from being fetched */
			rc = cli_fail(ctx, error);
			failed++;
			continue;
		}
		if ((error = cli_show_capture(ctx, capture, as_json, &json)) != 0) {
			rc = cli_fail(ctx, error);
			goto done;
		}
		som_capture_free(capture);
		capture = NULL;
	}
	if (all && ids.n == 0 && !ctx->quiet)
		printf("no open account of a platform with an API\n");
	if (failed > 1)
		rc = CLI_EXIT_RUNTIME;
done:
	free(ids.ids);
	som_capture_free(capture);
	som_buf_dispose(&json);
	som_store_free(store);
	return rc;
}

const cli_command cmd_fetch = {
	"fetch", "capture accounts through their platforms' APIs, one capture each",
	"[ACCOUNT...]", fetch_options, 0, -1, run_fetch, NULL
};
