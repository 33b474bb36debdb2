/*
 * The registry's series and its extract on the command line: `series add`
 * and `series list`, `registry print` (the diarieutdrag in registration
 * order; --public masks what secrecy covers) and `registry lift-secrecy`.
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

static const cli_option series_add_options[] = {
	{ "name", 0, "NAME", 0, "the series' name, e.g. Kommunstyrelsen" },
	{ "format", 0, "FORMAT", 1, "the number format, e.g. '{prefix} {year}/{case}' or "
		"'{prefix}-{year}-{case:5}-{doc}'" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option series_list_options[] = {
	{ "json", 0, NULL, 0, "print NDJSON, one series a line" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option print_options[] = {
	{ "series", 0, "PREFIX", 0, "only this series (default: all)" },
	{ "from", 0, "DATE", 0, "registered on or after DATE (YYYY-MM-DD)" },
	{ "to", 0, "DATE", 0, "registered on or before DATE (YYYY-MM-DD)" },
	{ "process", 0, "CODE", 0, "only this process of the classification structure, and those below it" },
	{ "public", 0, NULL, 0, "the public view: protected counterparty and subject masked" },
	{ "json", 0, NULL, 0, "print NDJSON, one registration a line" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option join_options[] = {
	{ "case", 0, "NUMBER", 1, "the open case to put it in" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option write_off_options[] = {
	{ "reason", 0, "TEXT", 1, "why it needs no further action" },
	{ "date", 0, "DATE", 0, "the date, YYYY-MM-DD (default: today, Swedish time)" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option lift_options[] = {
	{ "reason", 0, "TEXT", 1, "why the secrecy no longer applies (sekretessprövning)" },
	{ NULL, 0, NULL, 0, NULL }
};

static int run_series_add(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_series_add(store, args->pos[0], cli_value(args, "name"),
			cli_value(args, "format"))) != 0)
		goto done;
	if (!ctx->quiet)
		printf("series %s added\n", args->pos[0]);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_store_free(store);
	return rc;
}

typedef struct series_state {
	cli_table table;
	som_buf buf;
	int as_json;
} series_state;

static int series_one(const som_series *s, void *payload)
{
	series_state *st = payload;
	int error;

	if (!st->as_json)
		return cli_table_add(&st->table, s->prefix, s->format, s->name, s->created);
	som_buf_clear(&st->buf);
	if ((error = som_series_to_json(&st->buf, s)) == 0)
		cli_put_line(&st->buf);
	return error;
}

static int run_series_list(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = { "PREFIX", "FORMAT", "NAME", "CREATED" };
	som_store *store = NULL;
	series_state st;
	int error, rc = CLI_EXIT_OK;

	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 4, headers, NULL);
	st.as_json = cli_flag(args, "json");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0 ||
	    (error = som_series_list(store, series_one, &st)) != 0)
		goto done;
	if (!st.as_json)
		error = cli_table_print(&st.table, stdout);
done:
	if (error)
		rc = cli_fail(ctx, error);
	cli_table_dispose(&st.table);
	som_buf_dispose(&st.buf);
	som_store_free(store);
	return rc;
}

/* A date as YYYY-MM-DD. */
static int is_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";

	if (strlen(s) != 10)
		return 0;
	for (size_t i = 0; i < 10; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return 0;
	return 1;
}

typedef struct print_state {
	cli_table table;
	som_buf buf;
	int as_json;
	int public_view;
} print_state;

static int print_one(const som_registration *r, void *payload)
{
	print_state *st = payload;
	som_buf secrecy = SOM_BUF_INIT;
	int error = 0;

	som_buf_clear(&st->buf);
	if (st->as_json) {
		if ((error = som_registration_to_json(&st->buf, r, st->public_view)) == 0)
			cli_put_line(&st->buf);
		return error;
	}
	/*
	 * OSL 5:2: number and date always public. The public form comes from
	 * the library; inside, the protected forms are the full ones.
	 */
	if (r->secret)
		error = som_buf_puts(&secrecy, r->secrecy_now ? r->secrecy_now :
			r->secrecy ? r->secrecy : "sekretess");
	else if (r->secrecy)
		error = som_buf_printf(&secrecy, "%s (lifted)", r->secrecy);
	if (!error)
		error = cli_excerpt(&st->buf, r->subject_protected ? r->subject_protected :
			r->subject, 60);
	if (!error)
		error = cli_table_add(&st->table, r->number, r->date, r->direction,
			r->counterparty_protected ? r->counterparty_protected : r->counterparty,
			st->buf.ptr, r->case_number, secrecy.size ? secrecy.ptr : NULL,
			strcmp(r->status, "valid") != 0 ? "felregistrerad" :
			r->written_off ? "avskriven" : r->case_close_how);
	som_buf_dispose(&secrecy);
	return error;
}

static int run_print(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"NUMBER", "DATE", "DIRECTION", "COUNTERPARTY", "SUBJECT", "CASE", "SECRECY", "STATUS"
	};
	som_registry_filter f = SOM_REGISTRY_FILTER_INIT;
	som_store *store = NULL;
	print_state st;
	int error, rc = CLI_EXIT_OK;

	f.series = cli_value(args, "series");
	f.from = cli_value(args, "from");
	f.to = cli_value(args, "to");
	f.process = cli_value(args, "process");
	if (f.from && !is_date(f.from))
		return cli_usage_error(ctx, args->cmd, "--from needs a date YYYY-MM-DD, not '%s'", f.from);
	if (f.to && !is_date(f.to))
		return cli_usage_error(ctx, args->cmd, "--to needs a date YYYY-MM-DD, not '%s'", f.to);
	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 8, headers, NULL);
	st.as_json = cli_flag(args, "json");
	st.public_view = cli_flag(args, "public");
	f.public_view = st.public_view;
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0 ||
	    (error = som_registry_foreach(store, &f, print_one, &st)) != 0)
		goto done;
	if (!st.as_json)
		error = cli_table_print(&st.table, stdout);
done:
	if (error)
		rc = cli_fail(ctx, error);
	cli_table_dispose(&st.table);
	som_buf_dispose(&st.buf);
	som_store_free(store);
	return rc;
}

/* ITEM as `show` takes it, or the number of one of its registrations. */
static int item_of(int64_t *out, som_store *store, const char *ref)
{
	som_registration *r = NULL;
	som_item *item = NULL;
	int error;

	if ((error = som_registration_get(&r, store, ref)) == 0) {
		*out = r->item_id;
		som_registration_free(r);
		return 0;
	}
	if (error != SOM_EINVALID && error != SOM_ENOTFOUND)
		return error;
	som_error_clear();
	if ((error = som_item_lookup(&item, store, ref)) == 0)
		*out = item->id;
	som_item_free(item);
	return error;
}

static int run_lift(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int64_t item_id = 0;
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = item_of(&item_id, store, args->pos[0])) != 0 ||
	    (error = som_secrecy_lift(store, item_id, cli_value(args, "reason"))) != 0)
		goto done;
	if (!ctx->quiet)
		printf("secrecy lifted from item %" PRId64 "\n", item_id);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_store_free(store);
	return rc;
}

static int run_join(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_registration_join(store, args->pos[0], cli_value(args, "case"))) != 0)
		goto done;
	if (!ctx->quiet)
		printf("registration %s put in case %s\n", args->pos[0], cli_value(args, "case"));
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_store_free(store);
	return rc;
}

static int run_write_off(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_registration_write_off(store, args->pos[0], cli_value(args, "date"),
			cli_value(args, "reason"))) != 0)
		goto done;
	if (!ctx->quiet)
		printf("registration %s written off (avskriven)\n", args->pos[0]);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_store_free(store);
	return rc;
}

static const cli_command series_add = {
	"add", "add a registry series (diarieserie) with its number format", "PREFIX",
	series_add_options, 1, 1, run_series_add, NULL
};
static const cli_command series_list = {
	"list", "list the registry series", NULL, series_list_options, 0, 0, run_series_list, NULL
};
static const cli_command *const series_commands[] = { &series_add, &series_list, NULL };

const cli_command cmd_series = {
	"series", "registry series (diarieserier) and their number formats", NULL, NULL, 0, 0,
	NULL, series_commands
};

static const cli_command registry_print = {
	"print", "print the registry extract (diarieutdrag) in registration order", NULL,
	print_options, 0, 0, run_print, NULL
};
static const cli_command registry_lift = {
	"lift-secrecy", "lift the secrecy of an item (audited, with the reason); public views "
	"show it again", "ITEM|NUMBER", lift_options, 1, 1, run_lift, NULL
};
static const cli_command registry_join = {
	"join", "put a registration with a number of its own into a case (it keeps its number)",
	"NUMBER", join_options, 1, 1, run_join, NULL
};
static const cli_command registry_write_off = {
	"write-off", "write off (avskriva) a registration with a number of its own", "NUMBER",
	write_off_options, 1, 1, run_write_off, NULL
};
static const cli_command *const registry_commands[] = {
	&registry_print, &registry_lift, &registry_join, &registry_write_off, NULL
};

const cli_command cmd_registry = {
	"registry", "the registry extract (diarieutdrag) and secrecy", NULL, NULL, 0, 0, NULL,
	registry_commands
};
