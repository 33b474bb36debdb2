/*
 * `somarkiv capture list|show`: the captures (one ingest of one source
 * each), with their counts and the report of what they could not read.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const cli_option list_options[] = {
	{ "account", 0, "ACCOUNT", 0, "only the captures of this account (id or handle)" },
	{ "json", 0, NULL, 0, "print a JSON array" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option show_options[] = {
	{ "json", 0, NULL, 0, "print the capture as JSON" },
	{ NULL, 0, NULL, 0, NULL }
};

/* Account handles by id, for showing captures by account. */
typedef struct handles {
	int64_t *ids;
	char **names;
	size_t n, a;
	int error;
} handles;

static int collect_handle(const som_account *account, void *payload)
{
	handles *h = payload;

	if (h->n == h->a) {
		size_t a = h->a ? h->a * 2 : 16;
		int64_t *ids = realloc(h->ids, a * sizeof(*ids));
		char **names;

		if (!ids)
			return SOM_ENOMEM;
		h->ids = ids;
		names = realloc(h->names, a * sizeof(*names));
		if (!names)
			return SOM_ENOMEM;
		h->names = names;
		h->a = a;
	}
	h->names[h->n] = strdup(account->handle ? account->handle : "-");
	if (!h->names[h->n])
		return SOM_ENOMEM;
	h->ids[h->n++] = account->id;
	return 0;
}

static const char *handle_of(const handles *h, int64_t id)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->ids[i] == id)
			return h->names[i];
	return NULL;
}

static void handles_dispose(handles *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->names[i]);
	free(h->names);
	free(h->ids);
}

typedef struct list_state {
	cli_table table;
	som_buf json;
	handles accounts;
	int as_json;
	int n;
} list_state;

static int list_one(const som_capture *c, void *payload)
{
	list_state *st = payload;
	char id[32], account[32], counts[4][32];
	const char *handle;
	int error;

	if (st->as_json) {
		if ((error = som_buf_puts(&st->json, st->n ? "," : "[")) != 0)
			return error;
		st->n++;
		return som_capture_to_json(&st->json, c);
	}
	snprintf(id, sizeof(id), "%" PRId64, c->id);
	handle = handle_of(&st->accounts, c->account_id);
	if (!handle) {
		snprintf(account, sizeof(account), "%" PRId64, c->account_id);
		handle = account;
	}
	snprintf(counts[0], sizeof(counts[0]), "%" PRId64, c->n_new);
	snprintf(counts[1], sizeof(counts[1]), "%" PRId64, c->n_changed);
	snprintf(counts[2], sizeof(counts[2]), "%" PRId64, c->n_unchanged);
	snprintf(counts[3], sizeof(counts[3]), "%" PRId64, c->n_removed);
	return cli_table_add(&st->table, id, handle, c->format, c->started,
		counts[0], counts[1], counts[2], counts[3], c->source_name);
}

static int run_list(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"ID", "ACCOUNT", "FORMAT", "STARTED", "NEW", "CHANGED", "UNCHANGED",
		"REMOVED", "SOURCE"
	};
	som_store *store = NULL;
	list_state st;
	int64_t account_id = 0;
	const char *account = cli_value(args, "account");
	int error = 0, rc = CLI_EXIT_OK;

	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 9, headers, "rlllrrrrl");
	st.as_json = cli_flag(args, "json");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
		goto done;
	if (account && (rc = cli_account_id(&account_id, ctx, store, account)) != 0)
		goto done;
	if (!st.as_json &&
	    (error = som_account_foreach(store, collect_handle, &st.accounts)) != 0)
		goto done;
	if ((error = som_capture_foreach(store, account_id, list_one, &st)) != 0)
		goto done;
	if (st.as_json) {
		if ((error = som_buf_puts(&st.json, st.n ? "]" : "[]")) != 0)
			goto done;
		cli_put_line(&st.json);
	} else {
		error = cli_table_print(&st.table, stdout);
	}
done:
	if (error)
		rc = cli_fail(ctx, error);
	cli_table_dispose(&st.table);
	som_buf_dispose(&st.json);
	handles_dispose(&st.accounts);
	som_store_free(store);
	return rc;
}

static int print_problem(const char *file, const char *where,
	const char *problem, void *payload)
{
	som_buf line = SOM_BUF_INIT;
	int error;

	(void)payload;
	error = som_buf_printf(&line, "%s%s%s: %s", file ? file : "-",
		where ? " " : "", where ? where : "", problem ? problem : "-");
	if (!error)
		cli_print_line(stdout, line.ptr, "  ");
	som_buf_dispose(&line);
	return error;
}

static void print_capture(som_store *store, const som_capture *c)
{
	som_account *account = NULL;
	char ref[32];
	const int w = 12;

	cli_field(stdout, w, "capture", "%" PRId64, c->id);
	snprintf(ref, sizeof(ref), "%" PRId64, c->account_id);
	if (som_account_lookup(&account, store, ref) == 0)
		cli_field(stdout, w, "account", "%s (%" PRId64 ")", account->handle,
			c->account_id);
	else
		cli_field(stdout, w, "account", "%" PRId64, c->account_id);
	som_account_free(account);
	cli_field(stdout, w, "source", "%s", c->source_name ? c->source_name : "-");
	cli_field(stdout, w, "sha256", "%s", c->source_sha256 ? c->source_sha256 : "-");
	cli_field(stdout, w, "format", "%s", c->format ? c->format : "-");
	cli_field(stdout, w, "export", "%s", c->full ? "full" : "partial");
	cli_field(stdout, w, "started", "%s", c->started ? c->started : "-");
	cli_field(stdout, w, "finished", "%s", c->finished ? c->finished : "-");
	cli_field(stdout, w, "actor", "%s", c->actor ? c->actor : "-");
	cli_field(stdout, w, "new", "%" PRId64, c->n_new);
	cli_field(stdout, w, "changed", "%" PRId64, c->n_changed);
	cli_field(stdout, w, "unchanged", "%" PRId64, c->n_unchanged);
	cli_field(stdout, w, "removed", "%" PRId64, c->n_removed);
	cli_field(stdout, w, "attachments", "%" PRId64, c->n_attachments);
	cli_field(stdout, w, "missing", "%" PRId64, c->n_missing);
	cli_field(stdout, w, "problems", "%" PRId64, c->n_problems);
	/* A damaged report is still shown, as it is stored. */
	if (som_capture_report_foreach(c, print_problem, NULL) != 0 && c->report)
		cli_print_line(stdout, c->report, "  ");
}

static int run_show(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_capture *capture = NULL;
	som_buf json = SOM_BUF_INIT;
	int64_t id;
	int error = 0, rc = CLI_EXIT_OK;

	if (cli_parse_int(&id, args->pos[0]) != 0 || id <= 0)
		return cli_usage_error(ctx, args->cmd, "'%s' is not a capture number",
			args->pos[0]);
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
		goto done;
	if ((error = som_capture_get(&capture, store, id)) != 0)
		goto done;
	if (cli_flag(args, "json")) {
		if ((error = som_capture_to_json(&json, capture)) != 0)
			goto done;
		cli_put_line(&json);
	} else {
		print_capture(store, capture);
	}
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_buf_dispose(&json);
	som_capture_free(capture);
	som_store_free(store);
	return rc;
}

static const cli_command capture_list = {
	"list", "list the captures", NULL, list_options, 0, 0, run_list, NULL
};
static const cli_command capture_show = {
	"show", "show one capture and what it could not read", "CAPTURE",
	show_options, 1, 1, run_show, NULL
};

static const cli_command *const capture_commands[] = {
	&capture_list, &capture_show, NULL
};

const cli_command cmd_capture = {
	"capture", "list and show captures", NULL, NULL, 0, 0, NULL,
	capture_commands
};
