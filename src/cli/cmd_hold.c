/*
 * `somarkiv hold`: holds (gallringsstopp) that block disposal of an
 * account, a case, an item, what a search finds, or everything while a
 * request for documents (TF 2 kap.) is pending; list and lift them.
 */
#include <inttypes.h>
#include "cli.h"

static const cli_option add_options[] = {
	{ "account", 0, "ACCOUNT", 0, "hold an account's items (id, handle or platform:handle)" },
	{ "case", 0, "NUMBER", 0, "hold a case's items and items naming it" },
	{ "item", 0, "ID", 0, "hold one item" },
	{ "query", 0, "TEXT", 0, "hold every item a search for TEXT finds" },
	{ "request", 0, "REF", 0, "hold everything while request REF for documents is pending" },
	{ "reason", 0, "TEXT", 1, "why" },
	{ NULL, 0, NULL, 0, NULL }
};
static const cli_option list_options[] = {
	{ "all", 'a', NULL, 0, "lifted holds too" },
	{ NULL, 0, NULL, 0, NULL }
};
static const cli_option lift_options[] = {
	{ "reason", 0, "TEXT", 1, "why" },
	{ NULL, 0, NULL, 0, NULL }
};

static int run_add(cli_ctx *ctx, const cli_args *args)
{
	static const struct { const char *opt; int kind; } kinds[] = {
		{ "account", SOM_HOLD_ACCOUNT }, { "case", SOM_HOLD_CASE },
		{ "item", SOM_HOLD_ITEM }, { "query", SOM_HOLD_QUERY },
		{ "request", SOM_HOLD_REQUEST }
	};
	som_store *store = NULL;
	const char *target = NULL, *ref = NULL;
	int kind = 0, error, rc = CLI_EXIT_OK;
	int64_t id = 0;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const char *v = cli_value(args, kinds[i].opt);
		if (!v)
			continue;
		if (kind)
			return cli_usage_error(ctx, args->cmd,
				"give one of --account, --case, --item, --query, --request");
		kind = kinds[i].kind;
		target = v;
	}
	if (!kind)
		return cli_usage_error(ctx, args->cmd,
			"give one of --account, --case, --item, --query, --request");
	if (kind == SOM_HOLD_ITEM && (cli_parse_int(&id, target) != 0 || id <= 0))
		return cli_usage_error(ctx, args->cmd, "--item is an item id, not '%s'", target);
	if (kind == SOM_HOLD_REQUEST)
		ref = target;
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_hold_add(&id, store, kind, target, cli_value(args, "reason"), ref)) != 0)
		rc = cli_fail(ctx, error);
	else if (!ctx->quiet)
		printf("hold %" PRId64 " added\n", id);
	som_store_free(store);
	return rc;
}

static int run_list(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_buf out = SOM_BUF_INIT;
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0 ||
	    (error = som_hold_list(&out, store, cli_flag(args, "all"))) != 0)
		rc = cli_fail(ctx, error);
	else
		fputs(out.ptr ? out.ptr : "", stdout);
	som_buf_dispose(&out);
	som_store_free(store);
	return rc;
}

static int run_lift(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int64_t id;
	int error, rc = CLI_EXIT_OK;

	if (cli_parse_int(&id, args->pos[0]) != 0 || id <= 0)
		return cli_usage_error(ctx, args->cmd, "ID is a number, not '%s'", args->pos[0]);
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_hold_lift(store, id, cli_value(args, "reason"))) != 0)
		rc = cli_fail(ctx, error);
	else if (!ctx->quiet)
		printf("hold %" PRId64 " lifted\n", id);
	som_store_free(store);
	return rc;
}

static const cli_command hold_add = {
	"add", "place a hold that blocks disposal", NULL, add_options, 0, 0, run_add, NULL
};
static const cli_command hold_list = {
	"list", "list active holds (ID, kind, target, state, reason, reference)", NULL,
	list_options, 0, 0, run_list, NULL
};
static const cli_command hold_lift = {
	"lift", "lift a hold", "ID", lift_options, 1, 1, run_lift, NULL
};

static const cli_command *const hold_commands[] = {
	&hold_add, &hold_list, &hold_lift, NULL
};

const cli_command cmd_hold = {
	"hold", "holds (gallringsstopp) that block disposal: add, list, lift", NULL, NULL, 0, 0,
	NULL, hold_commands
};
