/*
 * `somarkiv items`: list captured items, filtered by account, kind or
 * capture, as a table, a JSON array or canonical NDJSON.
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

static const cli_option items_options[] = {
	{ "account", 0, "ACCOUNT", 0, "only items of this account (id or handle)" },
	{ "kind", 0, "K", 0, "only items of this kind (post, comment, reply, share, message)" },
	{ "capture", 0, "C", 0, "only items with a version from this capture" },
	{ "limit", 0, "N", 0, "at most N items" },
	{ "json", 0, NULL, 0, "print a JSON array" },
	{ "ndjson", 0, NULL, 0, "print canonical NDJSON, one item a line" },
	{ NULL, 0, NULL, 0, NULL }
};

enum { OUT_TABLE, OUT_JSON, OUT_NDJSON };

typedef struct items_state {
	som_store *store;
	cli_table table;
	som_buf buf;
	int output;
	int64_t n;
} items_state;

/* The current version's text of an item (NULL when it has none). */
static const char *current_text(const som_item *item)
{
	if (!item->n_versions)
		return NULL;
	return item->versions[item->n_versions - 1].text;
}

static int item_row(const som_item *item, void *payload)
{
	items_state *st = payload;
	char id[32];
	const char *author;
	int error;

	som_buf_clear(&st->buf);
	if (st->output == OUT_JSON) {
		if ((error = som_item_to_json(&st->buf, item)) != 0)
			return error;
		fputs(st->n++ ? "," : "[", stdout);
		fwrite(st->buf.ptr, 1, st->buf.size, stdout);
		return 0;
	}
	if (st->output == OUT_NDJSON) {
		if ((error = som_item_to_ndjson(&st->buf, st->store, item)) != 0)
			return error;
		st->n++;
		/* The library's line may or may not end in a newline: print exactly one. */
		if (st->buf.size && st->buf.ptr[st->buf.size - 1] == '\n')
			st->buf.ptr[--st->buf.size] = '\0';
		cli_put_line(&st->buf);
		return 0;
	}
	snprintf(id, sizeof(id), "%" PRId64, item->id);
	if (item->removed_capture && (error = som_buf_puts(&st->buf, "(removed) ")) != 0)
		return error;
	if ((error = cli_excerpt(&st->buf, current_text(item), 50)) != 0)
		return error;
	author = item->author_name && *item->author_name ? item->author_name
		: item->author_id;
	st->n++;
	return cli_table_add(&st->table, id, item->kind, item->created, author,
		st->buf.ptr);
}

static int known_kind(const char *kind)
{
	const char *const *k;

	for (k = som_item_kinds(); k && *k; k++)
		if (strcmp(*k, kind) == 0)
			return 1;
	return 0;
}

static int run_items(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"ID", "KIND", "CREATED", "AUTHOR", "TEXT"
	};
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	items_state st;
	const char *account = cli_value(args, "account");
	const char *capture = cli_value(args, "capture");
	const char *limit = cli_value(args, "limit");
	int error = 0, rc = CLI_EXIT_OK;

	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 5, headers, "rllll");
	if (cli_flag(args, "json") && cli_flag(args, "ndjson"))
		return cli_usage_error(ctx, args->cmd,
			"--json and --ndjson cannot be used together");
	st.output = cli_flag(args, "json") ? OUT_JSON
		: cli_flag(args, "ndjson") ? OUT_NDJSON : OUT_TABLE;
	filter.kind = cli_value(args, "kind");
	if (filter.kind && !known_kind(filter.kind))
		return cli_usage_error(ctx, args->cmd, "unknown kind '%s'", filter.kind);
	if (capture && (cli_parse_int(&filter.capture_id, capture) != 0 ||
	    filter.capture_id <= 0))
		return cli_usage_error(ctx, args->cmd,
			"'%s' is not a capture number", capture);
	if (limit && (cli_parse_int(&filter.limit, limit) != 0 || filter.limit <= 0))
		return cli_usage_error(ctx, args->cmd,
			"--limit needs a positive number, not '%s'", limit);

	if ((error = cli_open_store(&st.store, ctx, SOM_STORE_OPEN_READ)) != 0)
		goto done;
	if (account && (rc = cli_account_id(&filter.account_id, ctx, st.store,
	    account)) != 0)
		goto done;
	if ((error = som_item_foreach(st.store, &filter, item_row, &st)) != 0)
		goto done;
	if (st.output == OUT_JSON)
		fputs(st.n ? "]\n" : "[]\n", stdout);
	else if (st.output == OUT_TABLE)
		error = cli_table_print(&st.table, stdout);
done:
	if (error)
		rc = cli_fail(ctx, error);
	cli_table_dispose(&st.table);
	som_buf_dispose(&st.buf);
	som_store_free(st.store);
	return rc;
}

const cli_command cmd_items = {
	"items", "list captured items", NULL, items_options, 0, 0, run_items, NULL
};
