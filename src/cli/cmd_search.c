/*
 * `somarkiv search`: the registrar's search over every item's text, by
 * sender, date, account, class and registration, as an aligned table, JSON
 * lines or CSV (RFC 4180), and the public view that masks what secrecy covers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

#define DEFAULT_LIMIT 100
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const cli_option search_options[] = {
	{ "series", 0, "S", 0, "only items registered in this registry series (e.g. KS)" },
	{ "case", 0, "NUMBER", 0, "only items registered in this case (e.g. 'KS 2026/123')" },
	{ "from", 0, "DATE", 0, "from this date (YYYY-MM-DD), inclusive" },
	{ "to", 0, "DATE", 0, "to this date, inclusive" },
	{ "account", 0, "ACCOUNT", 0, "only items of this account (id or handle)" },
	{ "platform", 0, "P", 0, "only items of this platform" },
	{ "sender", 0, "NAME", 0, "the sender's name or id contains NAME (case ignored)" },
	{ "class", 0, "C", 0, "current class: temporary, important or case" },
	{ "flag", 0, "F", 0, "current flags include F (crime, secrecy, personal-data)" },
	{ "registered", 0, NULL, 0, "only registered items; dates are registration dates" },
	{ "process", 0, "CODE", 0, "only items registered under this process code (and those below it)" },
	{ "order", 0, "ORDER", 0, "date (newest first, the default), sender or relevance" },
	{ "limit", 0, "N", 0, "at most N hits (default 100; 0: all)" },
	{ "all-versions", 0, NULL, 0, "a hit per matching version, not per item" },
	{ "public", 0, NULL, 0, "the public view: sender and text under secrecy masked" },
	{ "json", 0, NULL, 0, "print one JSON object per line" },
	{ "csv", 0, NULL, 0, "print CSV (RFC 4180) with a header line; a cell a spreadsheet "
		"would read as a formula starts with '" },
	{ NULL, 0, NULL, 0, NULL }
};

enum { OUT_TABLE, OUT_JSON, OUT_CSV };

typedef struct search_state {
	cli_table table;
	som_buf buf;
	int output;
	int64_t n;
} search_state;

static const char *const csv_header[] = {
	"item", "version", "current", "date", "created", "account", "platform", "kind",
	"sender", "sender_id", "class", "flags", "number", "registered", "case",
	"subject", "secrecy", "masked", "snippet", "text"
};

static int csv_row(som_buf *out, const som_search_hit *h)
{
	char item[24], version[24], account[24];
	const char *cells[N_OF(csv_header)];
	size_t i;
	int error = 0;

	snprintf(item, sizeof(item), "%" PRId64, h->item_id);
	snprintf(version, sizeof(version), "%" PRId64, h->version);
	snprintf(account, sizeof(account), "%" PRId64, h->account_id);
	cells[0] = item; cells[1] = version; cells[2] = h->current ? "1" : "0";
	cells[3] = h->date; cells[4] = h->created; cells[5] = account;
	cells[6] = h->platform; cells[7] = h->kind; cells[8] = h->sender;
	cells[9] = h->sender_id; cells[10] = h->cls; cells[11] = h->flags;
	cells[12] = h->number; cells[13] = h->registered; cells[14] = h->case_number;
	cells[15] = h->subject; cells[16] = h->secrecy; cells[17] = h->masked ? "1" : "0";
	cells[18] = h->snippet; cells[19] = h->text;
	for (i = 0; i < N_OF(csv_header) && !error; i++)
		error = cli_csv_field(out, cells[i], i + 1 == N_OF(csv_header));
	return error;
}

static int hit_row(const som_search_hit *h, void *payload)
{
	search_state *st = payload;
	char item[24], date[11], prefix[48] = "";
	int error;

	som_buf_clear(&st->buf);
	st->n++;
	if (st->output == OUT_JSON) {
		if ((error = som_search_hit_to_json(&st->buf, h)) != 0)
			return error;
		cli_put_line(&st->buf);
		return 0;
	}
	if (st->output == OUT_CSV) {
		if ((error = csv_row(&st->buf, h)) != 0)
			return error;
		fwrite(st->buf.ptr, 1, st->buf.size, stdout);
		return 0;
	}
	snprintf(item, sizeof(item), "%" PRId64, h->item_id);
	/* A person reads the Swedish date; a registration's date is one already. */
	if (!h->date || strlen(h->date) <= 10 || som_date_local(date, h->date) != 0)
		snprintf(date, sizeof(date), "%s", h->date ? h->date : "");
	/* A hit through an older version says which: the item has changed since. */
	if (!h->current && h->version)
		snprintf(prefix, sizeof(prefix), "(version %" PRId64 ", since edited) ", h->version);
	if ((error = som_buf_puts(&st->buf, prefix)) != 0)
		return error;
	/* The snippet on one line: line breaks become spaces before the cut. */
	{
		som_buf flat = SOM_BUF_INIT;
		const char *p;
		for (p = h->snippet ? h->snippet : ""; *p && !error; p++)
			error = som_buf_putc(&flat, *p == '\n' || *p == '\r' ? ' ' : *p);
		if (!error)
			error = cli_excerpt(&st->buf, flat.ptr ? flat.ptr : "", 70);
		som_buf_dispose(&flat);
		if (error)
			return error;
	}
	return cli_table_add(&st->table, item, date, h->sender, h->cls, h->number,
		st->buf.ptr);
}

static int run_search(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"ITEM", "DATE", "SENDER", "CLASS", "NUMBER", "SNIPPET"
	};
	som_search_options opts = SOM_SEARCH_OPTIONS_INIT;
	som_store *store = NULL;
	search_state st;
	som_buf text = SOM_BUF_INIT;
	const char *account = cli_value(args, "account");
	const char *cls = cli_value(args, "class");
	const char *flag = cli_value(args, "flag");
	const char *order = cli_value(args, "order");
	const char *limit = cli_value(args, "limit");
	int error = 0, rc = CLI_EXIT_OK, i;

	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 6, headers, "rlllll");
	if (cli_flag(args, "json") && cli_flag(args, "csv"))
		return cli_usage_error(ctx, args->cmd, "--json and --csv cannot be used together");
	st.output = cli_flag(args, "json") ? OUT_JSON : cli_flag(args, "csv") ? OUT_CSV : OUT_TABLE;
	/* Several words on the command line are one search text. */
	for (i = 0; i < args->n_pos; i++)
		if ((i && som_buf_putc(&text, ' ') != 0) || som_buf_puts(&text, args->pos[i]) != 0) {
			rc = cli_fail(ctx, SOM_ENOMEM);
			goto done;
		}
	opts.text = text.ptr;
	opts.series = cli_value(args, "series");
	opts.case_number = cli_value(args, "case");
	opts.process = cli_value(args, "process");
	opts.from = cli_value(args, "from");
	opts.to = cli_value(args, "to");
	opts.platform = cli_value(args, "platform");
	opts.sender = cli_value(args, "sender");
	opts.registered = cli_flag(args, "registered");
	opts.all_versions = cli_flag(args, "all-versions");
	opts.public_view = cli_flag(args, "public");
	opts.limit = DEFAULT_LIMIT;
	if (cls && (opts.cls = som_class_parse(cls)) == SOM_CLASS_NONE) {
		rc = cli_usage_error(ctx, args->cmd,
			"unknown class '%s' (temporary, important, case)", cls);
		goto done;
	}
	if (flag && som_flags_parse(&opts.flags, flag) != 0) {
		rc = cli_usage_error(ctx, args->cmd, "%s", som_error_last());
		goto done;
	}
	if (order) {
		if (strcmp(order, "date") == 0)
			opts.order = SOM_SEARCH_ORDER_DATE;
		else if (strcmp(order, "sender") == 0)
			opts.order = SOM_SEARCH_ORDER_SENDER;
		else if (strcmp(order, "relevance") == 0)
			opts.order = SOM_SEARCH_ORDER_RELEVANCE;
		else {
			rc = cli_usage_error(ctx, args->cmd,
				"unknown order '%s' (date, sender, relevance)", order);
			goto done;
		}
	}
	if (limit && cli_parse_int(&opts.limit, limit) != 0) {
		rc = cli_usage_error(ctx, args->cmd,
			"--limit needs a number, not '%s'", limit);
		goto done;
	}
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
		goto done;
	if (account && (rc = cli_account_id(&opts.account_id, ctx, store, account)) != 0)
		goto done;
	if (st.output == OUT_CSV) {
		for (size_t k = 0; k < N_OF(csv_header) && !error; k++)
			error = cli_csv_field(&st.buf, csv_header[k], k + 1 == N_OF(csv_header));
		if (error)
			goto done;
		fwrite(st.buf.ptr, 1, st.buf.size, stdout);
	}
	if ((error = som_search(store, &opts, hit_row, &st)) != 0)
		goto done;
	if (st.output == OUT_TABLE)
		error = cli_table_print(&st.table, stdout);
done:
	if (error)
		rc = cli_fail(ctx, error);
	cli_table_dispose(&st.table);
	som_buf_dispose(&st.buf);
	som_buf_dispose(&text);
	som_store_free(store);
	return rc;
}

const cli_command cmd_search = {
	"search", "search items by text, sender, date, class and registration",
	"[TEXT...]", search_options, 0, -1, run_search, NULL
};
