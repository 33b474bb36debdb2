/*
 * `somarkiv log`: the audit log, every state change of the store, as a
 * table or as NDJSON.
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

static const cli_option log_options[] = {
	{ "from", 0, "SEQ", 0, "start at this entry (default: 1)" },
	{ "json", 0, NULL, 0, "print NDJSON, one entry a line" },
	{ NULL, 0, NULL, 0, NULL }
};

typedef struct log_state {
	cli_table table;
	som_buf buf;
	int as_json;
} log_state;

static int log_entry(const som_audit_entry *e, void *payload)
{
	log_state *st = payload;
	char seq[32];
	int error;

	som_buf_clear(&st->buf);
	if (st->as_json) {
		if ((error = som_audit_entry_to_json(&st->buf, e)) != 0)
			return error;
		cli_put_line(&st->buf);
		return 0;
	}
	snprintf(seq, sizeof(seq), "%" PRId64, e->seq);
	if ((error = cli_excerpt(&st->buf, e->details, 60)) != 0)
		return error;
	return cli_table_add(&st->table, seq, e->time, e->actor, e->action,
		e->target, st->buf.ptr);
}

static int run_log(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"SEQ", "TIME", "ACTOR", "ACTION", "TARGET", "DETAILS"
	};
	som_store *store = NULL;
	log_state st;
	int64_t from = 1;
	const char *from_arg = cli_value(args, "from");
	int error, rc = CLI_EXIT_OK;

	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 6, headers, "rlllll");
	st.as_json = cli_flag(args, "json");
	if (from_arg && (cli_parse_int(&from, from_arg) != 0 || from <= 0))
		return cli_usage_error(ctx, args->cmd,
			"--from needs an entry number, not '%s'", from_arg);
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
		goto done;
	if ((error = som_audit_foreach(store, from, log_entry, &st)) != 0)
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

const cli_command cmd_log = {
	"log", "show the audit log", NULL, log_options, 0, 0, run_log, NULL
};
