/*
 * Cases (ärenden) on the command line: `case open` (the next number of a
 * series and year), `case list`, `case show` (the case and its documents),
 * `case close` and `case reopen`.
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

static const cli_option open_options[] = {
	{ "series", 0, "PREFIX", 0, "the registry series (diarieserie), e.g. KS (default: the process's)" },
	{ "process", 0, "CODE", 0, "its process in the plan's classification structure, e.g. 1.3.2" },
	{ "title", 0, "TEXT", 1, "what the case is about (public)" },
	{ "officer", 0, "NAME", 0, "the officer in charge (handläggare)" },
	{ "secrecy", 0, "PARAGRAPH", 0, "an OSL provision covering its documents, e.g. 'OSL 26:1'" },
	{ "json", 0, NULL, 0, "print the case as JSON" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option list_options[] = {
	{ "series", 0, "PREFIX", 0, "only cases of this series" },
	{ "status", 0, "STATUS", 0, "only open or closed cases" },
	{ "json", 0, NULL, 0, "print NDJSON, one case a line" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option show_options[] = {
	{ "json", 0, NULL, 0, "print the case and its documents as JSON" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option close_options[] = {
	{ "how", 0, "HOW", 1, "how it ended: beslut, avskrivet, överlämnat, sammanlagt or besvarat" },
	{ "date", 0, "DATE", 0, "the date it ended, YYYY-MM-DD (default: today, Swedish time)" },
	{ "reason", 0, "TEXT", 0, "why, or what was decided" },
	{ "force", 0, NULL, 0, "close a case that holds no document" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option quiet_options[] = {
	{ NULL, 0, NULL, 0, NULL }
};

/* A stored UTC time as a person reads it: Swedish local time with the offset. */
static const char *local(char out[32], const char *utc)
{
	if (!utc || som_time_local(out, utc) != 0)
		return utc;
	return out;
}

static void print_case(const som_case *c)
{
	char t[32];

	cli_field(stdout, 10, "case", "%s", c->number);
	cli_field(stdout, 10, "title", "%s", c->title);
	cli_field(stdout, 10, "status", "%s", c->status);
	cli_field(stdout, 10, "opened", "%s", local(t, c->opened));
	if (c->close_how)
		cli_field(stdout, 10, "closed", "%s, %s%s%s", c->closed_date, c->close_how,
			c->close_reason ? ": " : "", c->close_reason ? c->close_reason : "");
	else if (c->closed)
		cli_field(stdout, 10, "closed", "%s", local(t, c->closed));
	if (c->classification_code)
		cli_field(stdout, 10, "process", "%s", c->classification_code);
	if (c->officer)
		cli_field(stdout, 10, "officer", "%s", c->officer);
	if (c->secrecy)
		cli_field(stdout, 10, "secrecy", "%s (marked %s by %s)", c->secrecy,
			c->secrecy_date ? c->secrecy_date : "-", c->secrecy_by ? c->secrecy_by : "-");
	if (c->collective)
		cli_field(stdout, 10, "kind", "collective case of the year");
	cli_field(stdout, 10, "documents", "%" PRId64, c->n_documents);
}

static int run_open(cli_ctx *ctx, const cli_args *args)
{
	som_case_options o = SOM_CASE_OPTIONS_INIT;
	som_store *store = NULL;
	som_case *c = NULL;
	som_buf json = SOM_BUF_INIT;
	int error, rc = CLI_EXIT_OK;

	o.series = cli_value(args, "series");
	o.process = cli_value(args, "process");
	o.title = cli_value(args, "title");
	o.officer = cli_value(args, "officer");
	o.secrecy = cli_value(args, "secrecy");
	if (!*o.title)
		return cli_usage_error(ctx, args->cmd, "--title must not be empty");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_case_open(&c, store, &o)) != 0)
		goto done;
	if (cli_flag(args, "json")) {
		if ((error = som_case_to_json(&json, c)) == 0)
			cli_put_line(&json);
	} else if (ctx->quiet) {
		puts(c->number);
	} else {
		printf("opened case %s: ", c->number);
		cli_print_text(stdout, c->title, "");
	}
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_buf_dispose(&json);
	som_case_free(c);
	som_store_free(store);
	return rc;
}

typedef struct list_state {
	cli_table table;
	som_buf buf;
	int as_json;
} list_state;

static int list_one(const som_case *c, void *payload)
{
	list_state *st = payload;
	char docs[32], opened[32];
	int error;

	som_buf_clear(&st->buf);
	if (st->as_json) {
		if ((error = som_case_to_json(&st->buf, c)) == 0)
			cli_put_line(&st->buf);
		return error;
	}
	snprintf(docs, sizeof(docs), "%" PRId64, c->n_documents);
	if ((error = cli_excerpt(&st->buf, c->title, 60)) != 0)
		return error;
	return cli_table_add(&st->table, c->number, c->status, local(opened, c->opened), docs,
		c->officer, c->secrecy, st->buf.ptr);
}

static int run_list(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"CASE", "STATUS", "OPENED", "DOCS", "OFFICER", "SECRECY", "TITLE"
	};
	som_store *store = NULL;
	list_state st;
	const char *status = cli_value(args, "status");
	int error, rc = CLI_EXIT_OK;

	if (status && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
		return cli_usage_error(ctx, args->cmd, "--status is open or closed, not '%s'", status);
	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 7, headers, "lllrlll");
	st.as_json = cli_flag(args, "json");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0 ||
	    (error = som_case_foreach(store, cli_value(args, "series"), status, list_one, &st)) != 0)
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

typedef struct show_state {
	cli_table table;
	som_buf *json;
	som_buf excerpt;
	int n;
} show_state;

static int show_doc(const som_registration *r, void *payload)
{
	show_state *st = payload;
	char item[32];
	int error;

	if (st->json) {
		error = st->n++ ? som_buf_putc(st->json, ',') : 0;
		return error ? error : som_registration_to_json(st->json, r, 0);
	}
	snprintf(item, sizeof(item), "%" PRId64, r->item_id);
	som_buf_clear(&st->excerpt);
	if ((error = cli_excerpt(&st->excerpt, r->subject_protected ? r->subject_protected :
			r->subject, 60)) != 0)
		return error;
	return cli_table_add(&st->table, r->number, r->date, r->direction,
		r->counterparty_protected ? r->counterparty_protected : r->counterparty,
		st->excerpt.ptr, item,
		strcmp(r->status, "valid") == 0 ? NULL : "felregistrerad");
}

static int run_show(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"NUMBER", "DATE", "DIRECTION", "COUNTERPARTY", "SUBJECT", "ITEM", "STATUS"
	};
	som_registry_filter f = SOM_REGISTRY_FILTER_INIT;
	som_store *store = NULL;
	som_case *c = NULL;
	som_buf json = SOM_BUF_INIT;
	show_state st;
	int error, rc = CLI_EXIT_OK;

	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 7, headers, "lllllrl");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0 ||
	    (error = som_case_get(&c, store, args->pos[0])) != 0)
		goto done;
	f.case_number = c->number;
	if (cli_flag(args, "json")) {
		st.json = &json;
		if ((error = som_buf_puts(&json, "{\"case\":")) != 0 ||
		    (error = som_case_to_json(&json, c)) != 0 ||
		    (error = som_buf_puts(&json, ",\"documents\":[")) != 0 ||
		    (error = som_registry_foreach(store, &f, show_doc, &st)) != 0 ||
		    (error = som_buf_puts(&json, "]}")) != 0)
			goto done;
		cli_put_line(&json);
		goto done;
	}
	print_case(c);
	if ((error = som_registry_foreach(store, &f, show_doc, &st)) != 0)
		goto done;
	putchar('\n');
	error = cli_table_print(&st.table, stdout);
done:
	if (error)
		rc = cli_fail(ctx, error);
	cli_table_dispose(&st.table);
	som_buf_dispose(&st.excerpt);
	som_buf_dispose(&json);
	som_case_free(c);
	som_store_free(store);
	return rc;
}

static int change(cli_ctx *ctx, const cli_args *args, int close)
{
	som_case_close_options o = SOM_CASE_CLOSE_OPTIONS_INIT;
	som_store *store = NULL;
	som_case *c = NULL;
	int error, rc = CLI_EXIT_OK;

	if (close) {
		o.how = cli_value(args, "how");
		o.date = cli_value(args, "date");
		o.reason = cli_value(args, "reason");
		o.force = cli_flag(args, "force");
	}
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = close ? som_case_close(store, args->pos[0], &o) :
			som_case_reopen(store, args->pos[0])) != 0 ||
	    (error = som_case_get(&c, store, args->pos[0])) != 0)
		goto done;
	if (!ctx->quiet && close)
		printf("case %s closed %s: %s\n", c->number, c->closed_date, c->close_how);
	else if (!ctx->quiet)
		printf("case %s reopened\n", c->number);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_case_free(c);
	som_store_free(store);
	return rc;
}

static int run_close(cli_ctx *ctx, const cli_args *args)
{
	return change(ctx, args, 1);
}

static int run_reopen(cli_ctx *ctx, const cli_args *args)
{
	return change(ctx, args, 0);
}

static const cli_command case_open = {
	"open", "open a case with the next number of its series", NULL, open_options, 0, 0,
	run_open, NULL
};
static const cli_command case_list = {
	"list", "list cases, oldest first", NULL, list_options, 0, 0, run_list, NULL
};
static const cli_command case_show = {
	"show", "show a case and its documents", "NUMBER", show_options, 1, 1, run_show, NULL
};
static const cli_command case_close = {
	"close", "close a case: how it ended, when and why (no more documents until reopened)",
	"NUMBER", close_options,
	1, 1, run_close, NULL
};
static const cli_command case_reopen = {
	"reopen", "reopen a closed case", "NUMBER", quiet_options, 1, 1, run_reopen, NULL
};

static const cli_command *const case_commands[] = {
	&case_open, &case_list, &case_show, &case_close, &case_reopen, NULL
};

const cli_command cmd_case = {
	"case", "open, list, show, close and reopen cases (ärenden)", NULL, NULL, 0, 0,
	NULL, case_commands
};
