/*
 * `somarkiv account add|list|show|update|close|reopen`: the register of
 * the body's official accounts (Hallsberg riktlinje 4.3).
 */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static const cli_option add_options[] = {
	{ "platform", 0, "P", 1, "the platform (mastodon, facebook, instagram, x, linkedin, youtube, other)" },
	{ "handle", 0, "H", 1, "the account's handle, e.g. @exempelby@social.example" },
	{ "name", 0, "N", 0, "its display name" },
	{ "unit", 0, "U", 0, "the owning unit" },
	{ "owner", 0, "O", 0, "the person responsible" },
	{ "purpose", 0, "T", 0, "what the account is for" },
	{ "opened", 0, "YYYY-MM-DD", 0, "when it was opened (default: today)" },
	{ "api-url", 0, "URL", 0, "its platform's API, for fetch (default: the platform's)" },
	{ "api-id", 0, "ID", 0, "its id there: Page, Instagram user, channel, user (default: found)" },
	{ "credentials", 0, "FILE", 0, "the file (mode 0600) holding its token or key, for fetch" },
	{ "json", 0, NULL, 0, "print the account as JSON" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option json_options[] = {
	{ "json", 0, NULL, 0, "print JSON" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option update_options[] = {
	{ "name", 0, "N", 0, "the new display name" },
	{ "unit", 0, "U", 0, "the new owning unit" },
	{ "owner", 0, "O", 0, "the new person responsible" },
	{ "purpose", 0, "T", 0, "the new purpose" },
	{ "api-url", 0, "URL", 0, "its platform's API, for fetch (\"\" for the default)" },
	{ "api-id", 0, "ID", 0, "its id there (\"\" to find it again)" },
	{ "credentials", 0, "FILE", 0, "the file (mode 0600) holding its token or key (\"\": none)" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option close_options[] = {
	{ "reason", 0, "TEXT", 1, "why the account is closed" },
	{ "date", 0, "YYYY-MM-DD", 0, "when it was closed (default: today)" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option reopen_options[] = {
	{ "reason", 0, "TEXT", 0, "why the account is reopened" },
	{ NULL, 0, NULL, 0, NULL }
};

/* The credentials file as an absolute path (the schedule runs elsewhere); "" stays "". */
static int absolute(som_buf *out, const char *path)
{
	char cwd[4096];

	som_buf_clear(out);
	if (!path || !*path || path[0] == '/')
		return som_buf_puts(out, path ? path : "");
	if (!getcwd(cwd, sizeof(cwd)))
		return som_buf_puts(out, path);
	return som_buf_printf(out, "%s/%s", cwd, path);
}

/* Print one account as JSON, looked up again by id so the output is what was stored. */
static int print_account_json(som_store *store, int64_t id)
{
	som_account *account = NULL;
	som_buf json = SOM_BUF_INIT;
	char ref[32];
	int error;

	snprintf(ref, sizeof(ref), "%" PRId64, id);
	error = som_account_lookup(&account, store, ref);
	if (!error)
		error = som_account_to_json(&json, account);
	if (!error)
		cli_put_line(&json);
	som_buf_dispose(&json);
	som_account_free(account);
	return error;
}

static int run_add(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_account in;
	som_buf cred = SOM_BUF_INIT;
	int64_t id = 0;
	int error, rc = CLI_EXIT_OK;

	memset(&in, 0, sizeof(in));
	in.api_url = (char *)cli_value(args, "api-url");
	in.api_id = (char *)cli_value(args, "api-id");
	if (cli_value(args, "credentials")) {
		if ((error = absolute(&cred, cli_value(args, "credentials"))) != 0)
			goto done;
		in.credentials = cred.ptr;
	}
	in.platform = (char *)cli_value(args, "platform");
	in.handle = (char *)cli_value(args, "handle");
	in.display_name = (char *)cli_value(args, "name");
	in.unit = (char *)cli_value(args, "unit");
	in.owner = (char *)cli_value(args, "owner");
	in.purpose = (char *)cli_value(args, "purpose");
	in.opened = (char *)cli_value(args, "opened");

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0)
		goto done;
	if ((error = som_account_add(&id, store, &in)) != 0)
		goto done;
	if (cli_flag(args, "json"))
		error = print_account_json(store, id);
	else if (!ctx->quiet)
		printf("account %" PRId64 " added (%s %s)\n", id, in.platform,
			in.handle);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_buf_dispose(&cred);
	som_store_free(store);
	return rc;
}

typedef struct list_state {
	cli_table table;
	som_buf json;
	int as_json;
	int n;
	const cli_ctx *ctx;
	som_store *store;
	som_plan *plan;
	int64_t now;
	som_buf last;
} list_state;

static int list_one(const som_account *account, void *payload)
{
	list_state *st = payload;
	som_capture_age age;
	char id[32];
	int error;

	som_buf_clear(&st->last);
	if ((error = cli_capture_age(&st->last, &age, st->ctx, st->store, st->plan, account,
			st->now, !st->as_json)) != 0)
		return error;
	if (st->as_json) {
		if ((error = som_buf_puts(&st->json, st->n ? "," : "[")) != 0 ||
		    (error = som_account_to_json(&st->json, account)) != 0)
			return error;
		st->n++;
		/* the last capture beside the register's fields */
		st->json.ptr[--st->json.size] = '\0';
		if ((error = som_buf_puts(&st->json, ",\"last_capture\":")) != 0 ||
		    (error = age.last_id ? som_buf_printf(&st->json, "\"%s\"", age.last) :
				som_buf_puts(&st->json, "null")) != 0)
			return error;
		return som_buf_printf(&st->json, ",\"fetch_interval\":%" PRId64 ",\"stale\":%s}",
			age.interval, age.stale ? "true" : "false");
	}
	snprintf(id, sizeof(id), "%" PRId64, account->id);
	return cli_table_add(&st->table, id, account->platform, account->handle,
		account->display_name, account->unit, account->owner,
		account->opened, account->closed, age.last_id || age.stale ? st->last.ptr : NULL);
}

static int run_list(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"ID", "PLATFORM", "HANDLE", "NAME", "UNIT", "OWNER", "OPENED", "CLOSED",
		"LAST CAPTURE"
	};
	som_store *store = NULL;
	list_state st;
	int error, rc = CLI_EXIT_OK;

	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 9, headers, "rllllllll");
	st.as_json = cli_flag(args, "json");
	st.ctx = ctx;
	st.now = som_schedule_now();
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
		goto done;
	st.store = store;
	/* the plan's fetch jobs say how old a last capture may be */
	if ((error = som_plan_current(&st.plan, store)) == SOM_ENOTFOUND) {
		som_error_clear();
		error = 0;
	}
	if (error)
		goto done;
	if ((error = som_account_foreach(store, list_one, &st)) != 0)
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
	som_buf_dispose(&st.last);
	som_plan_free(st.plan);
	som_store_free(store);
	return rc;
}

static void print_account(const som_account *a)
{
	const int w = 9;

	cli_field(stdout, w, "id", "%" PRId64, a->id);
	cli_field(stdout, w, "platform", "%s", a->platform ? a->platform : "-");
	cli_field(stdout, w, "handle", "%s", a->handle ? a->handle : "-");
	cli_field(stdout, w, "name", "%s", a->display_name ? a->display_name : "-");
	cli_field(stdout, w, "unit", "%s", a->unit ? a->unit : "-");
	cli_field(stdout, w, "owner", "%s", a->owner ? a->owner : "-");
	cli_field(stdout, w, "purpose", "%s", a->purpose ? a->purpose : "-");
	cli_field(stdout, w, "opened", "%s", a->opened ? a->opened : "-");
	if (a->closed) {
		cli_field(stdout, w, "closed", "%s", a->closed);
		cli_field(stdout, w, "reason", "%s", a->close_reason ? a->close_reason : "-");
		if (a->close_package)
			cli_field(stdout, w, "snapshot", "%s", a->close_package);
	} else {
		cli_field(stdout, w, "closed", "%s", "-");
	}
	cli_field(stdout, w, "created", "%s", a->created ? a->created : "-");
	if (a->api_url)
		cli_field(stdout, w, "api", "%s", a->api_url);
	if (a->api_id)
		cli_field(stdout, w, "api id", "%s", a->api_id);
	if (a->credentials)
		cli_field(stdout, w, "credentials", "%s", a->credentials);
}

static int run_show(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_account *account = NULL;
	som_buf json = SOM_BUF_INIT;
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
		goto done;
	if ((error = som_account_lookup(&account, store, args->pos[0])) != 0)
		goto done;
	if (cli_flag(args, "json")) {
		if ((error = som_account_to_json(&json, account)) != 0)
			goto done;
		cli_put_line(&json);
	} else {
		print_account(account);
	}
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_buf_dispose(&json);
	som_account_free(account);
	som_store_free(store);
	return rc;
}

/*
 * Open the store for writing and find the account; on failure the error
 * is reported and its exit code returned.
 */
static int open_account(som_store **store, int64_t *id, cli_ctx *ctx,
	const char *ref)
{
	int error;

	if ((error = cli_open_store(store, ctx, SOM_STORE_OPEN_WRITE)) != 0)
		return cli_fail(ctx, error);
	return cli_account_id(id, ctx, *store, ref);
}

static int run_update(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_account in;
	som_buf cred = SOM_BUF_INIT;
	int64_t id = 0;
	int error = 0, rc;

	memset(&in, 0, sizeof(in));
	in.display_name = (char *)cli_value(args, "name");
	in.unit = (char *)cli_value(args, "unit");
	in.owner = (char *)cli_value(args, "owner");
	in.purpose = (char *)cli_value(args, "purpose");
	in.api_url = (char *)cli_value(args, "api-url");
	in.api_id = (char *)cli_value(args, "api-id");
	if (!in.display_name && !in.unit && !in.owner && !in.purpose && !in.api_url &&
	    !in.api_id && !cli_value(args, "credentials"))
		return cli_usage_error(ctx, args->cmd, "nothing to update");
	if (cli_value(args, "credentials")) {
		if (absolute(&cred, cli_value(args, "credentials")) != 0)
			return cli_fail(ctx, SOM_ENOMEM);
		in.credentials = cred.ptr;
	}

	if ((rc = open_account(&store, &id, ctx, args->pos[0])) != 0)
		goto done;
	if ((error = som_account_update(store, id, &in)) != 0) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	if (!ctx->quiet)
		printf("account %" PRId64 " updated\n", id);
done:
	som_buf_dispose(&cred);
	som_store_free(store);
	return rc;
}

static int run_close(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int64_t id = 0;
	int error, rc;

	if ((rc = open_account(&store, &id, ctx, args->pos[0])) != 0)
		goto done;
	error = som_account_close(store, id, cli_value(args, "date"),
		cli_value(args, "reason"), NULL);
	if (error) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	if (!ctx->quiet)
		printf("account %" PRId64 " closed\n", id);
done:
	som_store_free(store);
	return rc;
}

static int run_reopen(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	int64_t id = 0;
	int error, rc;

	if ((rc = open_account(&store, &id, ctx, args->pos[0])) != 0)
		goto done;
	if ((error = som_account_reopen(store, id, cli_value(args, "reason"))) != 0) {
		rc = cli_fail(ctx, error);
		goto done;
	}
	if (!ctx->quiet)
		printf("account %" PRId64 " reopened\n", id);
done:
	som_store_free(store);
	return rc;
}

static const cli_command account_add = {
	"add", "register an official account", NULL, add_options, 0, 0,
	run_add, NULL
};
static const cli_command account_list = {
	"list", "list the accounts", NULL, json_options, 0, 0, run_list, NULL
};
static const cli_command account_show = {
	"show", "show one account (by id or handle)", "ACCOUNT", json_options,
	1, 1, run_show, NULL
};
static const cli_command account_update = {
	"update", "change an account's name, unit, owner or purpose", "ACCOUNT",
	update_options, 1, 1, run_update, NULL
};
static const cli_command account_close = {
	"close", "record that an account was closed", "ACCOUNT", close_options,
	1, 1, run_close, NULL
};
static const cli_command account_reopen = {
	"reopen", "reopen a closed account", "ACCOUNT", reopen_options,
	1, 1, run_reopen, NULL
};

static const cli_command *const account_commands[] = {
	&account_add, &account_list, &account_show, &account_update,
	&account_close, &account_reopen, NULL
};

const cli_command cmd_account = {
	"account", "manage the register of official accounts", NULL, NULL, 0, 0,
	NULL, account_commands
};
