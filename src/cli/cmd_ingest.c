/*
 * `somarkiv ingest --account A SOURCE...`: read each source (a file, a
 * folder, a zip or tar, or "-" for standard input) into the store as one
 * capture, and report what it found.
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

static const cli_option ingest_options[] = {
	{ "account", 0, "ACCOUNT", 1, "the account the sources belong to (id or handle)" },
	{ "format", 0, "F", 0, "the format of the sources (default: detected)" },
	{ "partial", 0, NULL, 0, "the sources are not full exports: mark nothing removed" },
	{ "json", 0, NULL, 0, "print each capture as JSON, one a line" },
	{ NULL, 0, NULL, 0, NULL }
};

/* Items read so far, on a terminal. */
static void on_progress(int64_t items, void *payload)
{
	cli_progress_show(payload, items, -1);
}

static int format_list(som_buf *out)
{
	const char *const *f;
	int error = 0;

	for (f = som_ingest_formats(); f && *f && !error; f++)
		error = som_buf_printf(out, "%s%s", f == som_ingest_formats() ? "" : ", ", *f);
	if (!error)
		error = som_buf_puts(out, "");
	return error;
}

void cli_print_capture(const som_capture *c)
{
	som_buf line = SOM_BUF_INIT;

	if (som_buf_printf(&line, "capture %" PRId64 ": %" PRId64 " new, %" PRId64
			" changed, %" PRId64 " unchanged, %" PRId64 " removed, %" PRId64
			" attachments, %" PRId64 " missing, %" PRId64 " problems (%s, '%s')",
			c->id, c->n_new, c->n_changed, c->n_unchanged, c->n_removed,
			c->n_attachments, c->n_missing, c->n_problems,
			c->format ? c->format : "-", c->source_name ? c->source_name : "-") == 0)
		cli_print_line(stdout, line.ptr, "");
	som_buf_dispose(&line);
}

int cli_show_capture(const cli_ctx *ctx, const som_capture *c, int as_json, som_buf *json)
{
	int error = 0;

	if (as_json) {
		som_buf_clear(json);
		if ((error = som_capture_to_json(json, c)) == 0)
			cli_put_line(json);
	} else if (!ctx->quiet) {
		cli_print_capture(c);
	}
	fflush(stdout);
	return error;
}

static int run_ingest(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_capture *capture = NULL;
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_buf json = SOM_BUF_INIT;
	cli_progress prog;
	int64_t account_id = 0;
	const char *format = cli_value(args, "format");
	int as_json = cli_flag(args, "json"), error = 0, rc = CLI_EXIT_OK, i;

	if (format && !som_ingest_format_known(format)) {
		if (format_list(&json) != 0)
			return cli_fail(ctx, SOM_ENOMEM);
		rc = cli_usage_error(ctx, args->cmd, "unknown format '%s' (known: %s)",
			format, json.ptr);
		som_buf_dispose(&json);
		return rc;
	}
	opts.format = format;
	opts.partial = cli_flag(args, "partial");
	opts.progress = on_progress;
	opts.payload = &prog;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	if ((rc = cli_account_id(&account_id, ctx, store, cli_value(args, "account"))) != 0)
		goto done;

	for (i = 0; i < args->n_pos; i++) {
		cli_progress_start(&prog, ctx, args->pos[i]);
		error = som_ingest(&capture, store, account_id, args->pos[i], &opts);
		cli_progress_clear(&prog);
		if (error) {
			rc = cli_fail(ctx, error);
			goto done;
		}
		if ((error = cli_show_capture(ctx, capture, as_json, &json)) != 0) {
			rc = cli_fail(ctx, error);
			goto done;
		}
		som_capture_free(capture);
		capture = NULL;
	}
done:
	som_capture_free(capture);
	som_buf_dispose(&json);
	som_store_free(store);
	return rc;
}

const cli_command cmd_ingest = {
	"ingest", "read exports into the store, one capture per source",
	"SOURCE...", ingest_options, 1, -1, run_ingest, NULL
};
