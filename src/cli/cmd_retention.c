/*
 * `somarkiv retention`: compute what is due for disposal (gallring) as a
 * batch, approve and execute batches, and report what was disposed of.
 */
#include <inttypes.h>
#include "cli.h"

static const cli_option run_options[] = {
	{ "as-of", 0, "DATE", 0, "compute what is due on DATE (YYYY-MM-DD; default today); a date"
	  " after today only with --dry-run. Disposal's today is the earlier of the real clock and"
	  " $SOMARKIV_NOW" },
	{ "dry-run", 'n', NULL, 0, "list what is due without recording a batch ($SOMARKIV_NOW"
	  " may move it anywhere)" },
	{ NULL, 0, NULL, 0, NULL }
};
static const cli_option approve_options[] = {
	{ "by", 0, "NAME", 0, "no longer accepted: the approver is the acting person (the global"
	  " --actor, else the login name)" },
	{ NULL, 0, NULL, 0, NULL }
};
static const cli_option report_options[] = {
	{ "from", 0, "DATE", 0, "disposals on or after DATE" },
	{ "to", 0, "DATE", 0, "disposals on or before DATE" },
	{ "json", 0, NULL, 0, "one JSON object" },
	{ NULL, 0, NULL, 0, NULL }
};

static int run_run(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_retention_result res = { 0, 0, 0, 0, 0, 0, 0 };
	som_buf report = SOM_BUF_INIT;
	int dry = cli_flag(args, "dry-run");
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, dry ? SOM_STORE_OPEN_READ :
			SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_retention_run(&res, store, cli_value(args, "as-of"), dry, &report)) != 0)
		goto done;
	fputs(report.ptr ? report.ptr : "", stdout);
	if (!ctx->quiet) {
		if (dry)
			printf("%" PRId64 " items due, %" PRId64 " due but protected (dry run)\n",
				res.n_due, res.n_blocked);
		else if (res.batch_id)
			printf("batch %" PRId64 ": %" PRId64 " items due, %" PRId64
				" due but protected\n", res.batch_id, res.n_due, res.n_blocked);
		else
			printf("nothing new due, %" PRId64 " due but protected\n", res.n_blocked);
		if (!dry && res.n_pending)
			printf("%" PRId64 " due items wait in open batches already\n", res.n_pending);
		if (!dry && res.auto_batch_id)
			printf("batch %" PRId64 ": %" PRId64 " items disposed of without approval,"
				" as the plan's rules allow\n", res.auto_batch_id, res.n_disposed);
		if (!dry && res.n_left_out)
			printf("%" PRId64 " items left out at execution: no longer due, or protected"
				" now\n", res.n_left_out);
	}
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_buf_dispose(&report);
	som_store_free(store);
	return rc;
}

static int parse_batch(int64_t *out, cli_ctx *ctx, const cli_args *args)
{
	if (cli_parse_int(out, args->pos[0]) != 0 || *out <= 0)
		return cli_usage_error(ctx, args->cmd, "BATCH is a number, not '%s'", args->pos[0]);
	return 0;
}

static int run_approve(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int64_t batch;
	int error, rc;

	if ((rc = parse_batch(&batch, ctx, args)) != 0)
		return rc;
	if (cli_value(args, "by"))
		return cli_usage_error(ctx, args->cmd, "--by is no longer accepted: the approver is"
			" the acting person; use 'somarkiv --actor NAME retention approve %s'",
			args->pos[0]);
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_retention_approve(store, batch)) != 0)
		rc = cli_fail(ctx, error);
	else if (!ctx->quiet)
		printf("batch %" PRId64 " approved by %s\n", batch, som_store_actor(store));
	som_store_free(store);
	return rc;
}

static int run_execute(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_retention_execution x = { 0, 0, 0 };
	int64_t batch;
	int error, rc;

	if ((rc = parse_batch(&batch, ctx, args)) != 0)
		return rc;
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_retention_execute(&x, store, batch)) != 0) {
		rc = cli_fail(ctx, error);
	} else if (!ctx->quiet) {
		printf("batch %" PRId64 ": %" PRId64 " items disposed of\n", batch, x.n_disposed);
		if (x.n_not_due + x.n_protected)
			printf("%" PRId64 " items left out: %" PRId64 " no longer due, %" PRId64
				" protected now\n", x.n_not_due + x.n_protected, x.n_not_due,
				x.n_protected);
	}
	som_store_free(store);
	return rc;
}

static int run_report(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_buf out = SOM_BUF_INIT;
	int json = cli_flag(args, "json");
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0 ||
	    (error = som_retention_report(&out, store, cli_value(args, "from"),
			cli_value(args, "to"), json)) != 0)
		rc = cli_fail(ctx, error);
	else
		printf("%s%s", out.ptr ? out.ptr : "", json ? "\n" : "");
	som_buf_dispose(&out);
	som_store_free(store);
	return rc;
}

static const cli_command retention_run = {
	"run", "compute what is due for disposal under the plan in force, as a batch", NULL,
	run_options, 0, 0, run_run, NULL
};
static const cli_command retention_approve = {
	"approve", "approve a disposal batch as the acting person (--actor, else the login name)",
	"BATCH", approve_options, 1, 1, run_approve, NULL
};
static const cli_command retention_execute = {
	"execute", "destroy the items of an approved batch that are still due and unprotected",
	"BATCH", NULL, 1, 1,
	run_execute, NULL
};
static const cli_command retention_report = {
	"report", "what was disposed of, per rule and month", NULL, report_options, 0, 0,
	run_report, NULL
};

static const cli_command *const retention_commands[] = {
	&retention_run, &retention_approve, &retention_execute, &retention_report, NULL
};

const cli_command cmd_retention = {
	"retention", "disposal (gallring): run, approve, execute, report", NULL, NULL, 0, 0,
	NULL, retention_commands
};
