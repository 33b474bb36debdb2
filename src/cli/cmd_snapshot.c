/*
 * `somarkiv snapshot ACCOUNT --source EXPORT...`: the pre-closure snapshot
 * of an account (VGR rutin 6.9): its final exports ingested, the whole
 * account delivered as one verified package with a readable rendering,
 * and the account closed; with --dry-run, what would be captured and what
 * is unsettled (exit 1 when anything is).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const cli_option snapshot_options[] = {
	{ "source", 0, "EXPORT", 1, "the account's final full export (more may follow as arguments)" },
	{ "out", 'o', "DIR|FILE.tar|FILE.zip", 0, "where the package goes (required unless --dry-run)" },
	{ "reason", 0, "TEXT", 0, "why the account is closed (required unless --dry-run)" },
	{ "date", 0, "YYYY-MM-DD", 0, "when the account is closed (default: today)" },
	{ "format", 0, "F", 0, "the format of the exports (default: detected)" },
	{ "sign", 0, "KEY", 0, "sign with this PEM private key (never stored)" },
	{ "cert", 0, "CERT", 0, "the PEM certificate of the signing key" },
	{ "creator", 0, "NAME", 0, "the records creator (arkivbildare) named in METS.xml" },
	{ "package-id", 0, "ID", 0, "the package identifier (OBJID); default a fresh uuid-..." },
	{ "created", 0, "TIME", 0, "the package's creation time; default now" },
	{ "schemas", 0, "DIR", 0, "the shipped schemas (default $SOMARKIV_SCHEMA_DIR or the installed ones)" },
	{ "dry-run", 'n', NULL, 0, "say what would be captured and what is unsettled; change nothing (exit 1 when anything is)" },
	{ "json", 0, NULL, 0, "print the result as one JSON object" },
	{ NULL, 0, NULL, 0, NULL }
};

static void print_source(const som_snapshot_source *s, int dry_run, int closed)
{
	som_buf line = SOM_BUF_INIT;
	int error;

	if (closed)
		error = som_buf_printf(&line, "source '%s': not read (the account is closed)",
			s->source);
	else if (dry_run)
		error = som_buf_printf(&line, "source '%s': ", s->source);
	else
		error = som_buf_printf(&line, "capture %" PRId64 ": ", s->capture_id);
	if (!error && !closed)
		error = som_buf_printf(&line, "%" PRId64 " new, %" PRId64 " changed, %" PRId64
			" unchanged, %" PRId64 " removed, %" PRId64 " attachments, %" PRId64
			" missing, %" PRId64 " problems (%s", s->n_new, s->n_changed, s->n_unchanged,
			s->n_removed, s->n_attachments, s->n_missing, s->n_problems,
			s->format ? s->format : "-");
	if (!error && !closed)
		error = dry_run ? som_buf_puts(&line, ")") :
			som_buf_printf(&line, ", '%s')", s->source);
	if (!error)
		cli_print_line(stdout, line.ptr, "");
	som_buf_dispose(&line);
}

static int print_problems(const som_snapshot_result *r)
{
	static const char *const headers[] = { "PROBLEM", "ITEM", "DETAIL" };
	cli_table t;
	char id[32];
	int error = 0;

	if (!r->n_problems)
		return 0;
	printf("problems: %zu\n", r->n_problems);
	cli_table_init(&t, 3, headers, "lrl");
	for (size_t i = 0; i < r->n_problems && !error; i++) {
		const som_snapshot_problem *p = &r->problems[i];
		snprintf(id, sizeof(id), "%" PRId64, p->item_id);
		error = cli_table_add(&t, p->what, p->item_id ? id : NULL, p->detail);
	}
	if (!error)
		error = cli_table_print(&t, stdout);
	cli_table_dispose(&t);
	return error;
}

/* After a snapshot: the problems it carried, counted by kind (a dry run lists each). */
static int print_problem_counts(const som_snapshot_result *r)
{
	size_t i, j;

	if (!r->n_problems)
		return 0;
	printf("problems at the snapshot:");
	for (i = 0; i < r->n_problems; i++) {
		size_t n = 0;
		int seen = 0;
		for (j = 0; j < i && !seen; j++)
			seen = strcmp(r->problems[j].what, r->problems[i].what) == 0;
		if (seen)
			continue;
		for (j = i; j < r->n_problems; j++)
			n += strcmp(r->problems[j].what, r->problems[i].what) == 0;
		printf("%s %zu %s", i ? "," : "", n, r->problems[i].what);
	}
	for (i = 0; i < r->n_problems && strcmp(r->problems[i].what, "flagged"); i++)
		;
	printf("%s\n", i < r->n_problems ? " ('somarkiv review' lists the flagged items)" : "");
	return 0;
}

static int print_result(const som_snapshot_result *r)
{
	int closed = 0;
	size_t i;

	for (i = 0; i < r->n_problems; i++)
		closed |= strcmp(r->problems[i].what, "closed") == 0;
	if (r->dry_run)
		printf("dry run of the snapshot of account %" PRId64 " (%s): nothing written\n",
			r->account_id, r->handle);
	else
		printf("%s\n", r->path);
	if (!r->dry_run) {
		cli_field(stdout, 10, "package", "%s", r->package_id);
		cli_field(stdout, 10, "items", "%" PRId64, r->n_items);
		cli_field(stdout, 10, "files", "%" PRId64, r->n_files);
		cli_field(stdout, 10, "size", "%" PRId64, r->size);
		cli_field(stdout, 10, "sha256", "%s", r->sha256);
		if (r->signature_path)
			cli_field(stdout, 10, "signature", "%s", r->signature_path);
		cli_field(stdout, 10, "export", "%" PRId64, r->export_id);
	}
	for (i = 0; i < r->n_sources; i++)
		print_source(&r->sources[i], r->dry_run, closed);
	if (r->plan_version)
		printf("plan %s: %" PRId64 " items %sclassified\n", r->plan_version,
			r->n_classified, r->dry_run ? "would be " : "");
	else
		printf("no plan in use: nothing classified\n");
	printf("%" PRId64 " items %s the package (%" PRId64 " removed from the platform, %"
		PRId64 " edited, %" PRId64 " unclassified, %" PRId64 " flagged, %" PRId64
		" attachments missing)\n", r->n_items, r->dry_run ? "would go into" : "in",
		r->n_removed, r->n_edited, r->n_unclassified, r->n_flagged, r->n_missing);
	if (r->n_disposed)
		printf("%" PRId64 " items were disposed of earlier: only their log rows remain\n",
			r->n_disposed);
	if (!r->dry_run) {
		printf("account %" PRId64 " (%s) closed on %s with snapshot %s\n",
			r->account_id, r->handle, r->closed, r->package_id);
		return print_problem_counts(r);
	}
	return print_problems(r);
}

/* Items read, then written, on a terminal. */
static void on_progress(const char *stage, int64_t done, int64_t total, void *payload)
{
	cli_progress *p = payload;

	if (strcmp(p->label, stage) != 0) {
		p->label = stage;      /* a new stage: its rate from its own start */
		p->counting = 0;
	}
	cli_progress_show(p, done, total);
}

static int run_snapshot(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_snapshot_options o = SOM_SNAPSHOT_OPTIONS_INIT;
	cli_progress prog;
	som_snapshot_result r;
	som_buf json = SOM_BUF_INIT;
	const char **sources = NULL;
	const char *format = cli_value(args, "format");
	int error = 0, rc = CLI_EXIT_OK, i, n = 0;

	memset(&r, 0, sizeof(r));
	o.dry_run = cli_flag(args, "dry-run");
	if (format && !som_ingest_format_known(format))
		return cli_usage_error(ctx, args->cmd, "unknown format '%s'", format);
	if (!cli_value(args, "sign") != !cli_value(args, "cert"))
		return cli_usage_error(ctx, args->cmd, "--sign and --cert go together");
	if (!o.dry_run && !cli_value(args, "out"))
		return cli_usage_error(ctx, args->cmd, "option '--out' is required (or --dry-run)");
	if (!o.dry_run && (!cli_value(args, "reason") || !*cli_value(args, "reason")))
		return cli_usage_error(ctx, args->cmd,
			"option '--reason' is required: say why the account is closed");
	if (!(sources = calloc((size_t)args->n_pos, sizeof(*sources))))
		return cli_fail(ctx, SOM_ENOMEM);
	sources[n++] = cli_value(args, "source");
	for (i = 1; i < args->n_pos; i++)
		sources[n++] = args->pos[i];
	o.account = args->pos[0];
	o.sources = sources;
	o.n_sources = (size_t)n;
	o.format = format;
	o.out = cli_value(args, "out");
	o.reason = cli_value(args, "reason");
	o.close_date = cli_value(args, "date");
	o.sign_key = cli_value(args, "sign");
	o.sign_cert = cli_value(args, "cert");
	o.creator = cli_value(args, "creator");
	o.package_id = cli_value(args, "package-id");
	o.created = cli_value(args, "created");
	o.schema_dir = cli_value(args, "schemas");

	cli_progress_start(&prog, ctx, "ingest");
	o.progress = on_progress;
	o.progress_payload = &prog;
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) == 0)
		error = som_snapshot_run(&r, store, &o);
	cli_progress_clear(&prog);
	if (error) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	if (cli_flag(args, "json")) {
		if ((error = som_snapshot_result_to_json(&json, &r)) != 0) {
			rc = cli_fail(ctx, error);
			goto done;
		}
		cli_put_line(&json);
	} else if (!ctx->quiet && (error = print_result(&r)) != 0) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	if (o.dry_run && r.n_problems)
		rc = CLI_EXIT_NO;
done:
	som_snapshot_result_dispose(&r);
	som_buf_dispose(&json);
	som_store_free(store);
	free(sources);
	return rc;
}

const cli_command cmd_snapshot = {
	"snapshot", "take the pre-closure snapshot of an account and close it",
	"ACCOUNT [EXPORT...]", snapshot_options, 1, -1, run_snapshot, NULL
};
