/*
 * `somarkiv user add|passwd|disable|enable|list`: the people who may log
 * in to the web interface (somarkiv serve) and their roles. A password is
 * read from the terminal without echo (asked twice), or as one line from
 * standard input when that is no terminal (for scripts); never from the
 * command line, where other users of the machine could read it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "cli.h"

static const cli_option add_options[] = {
	{ "role", 0, "ROLE", 1, "reader (reads only), registrar or archivist" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option list_options[] = {
	{ "json", 0, NULL, 0, "print NDJSON, one user a line" },
	{ NULL, 0, NULL, 0, NULL }
};

/* Read one line from `f` into `out` (at most size - 1 bytes, the newline dropped). */
static int read_line(char *out, size_t size, FILE *f)
{
	size_t n;

	if (!fgets(out, (int)size, f))
		return -1;
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == size - 1)
		return -2; /* longer than we take */
	out[n] = '\0';
	return 0;
}

/* Ask on the terminal without echo. */
static int ask_hidden(char *out, size_t size, const char *prompt)
{
	struct termios old, quiet;
	int rc;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
		return -1;
	rc = read_line(out, size, stdin);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return rc;
}

/* The new password: twice on a terminal, once from a pipe. Returns 0 or an exit code. */
static int read_password(const cli_ctx *ctx, char *out, size_t size)
{
	char again[1100];
	int rc;

	if (!isatty(STDIN_FILENO)) {
		rc = read_line(out, size, stdin);
		if (rc != 0) {
			cli_say_error(ctx, rc == -2 ? "the password on standard input is too long" :
				"no password on standard input (one line)");
			return CLI_EXIT_USAGE;
		}
		return 0;
	}
	if (ask_hidden(out, size, "Lösenord (password): ") != 0 ||
	    ask_hidden(again, sizeof(again), "Igen (again): ") != 0) {
		cli_say_error(ctx, "cannot read the password from the terminal");
		return CLI_EXIT_ENV;
	}
	rc = strcmp(out, again) == 0 ? 0 : CLI_EXIT_USAGE;
	memset(again, 0, sizeof(again));
	if (rc)
		cli_say_error(ctx, "the two passwords differ");
	return rc;
}

static int run_add(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	char password[1100] = "";
	int role = som_role_parse(cli_value(args, "role"));
	int error = 0, rc;

	if (role == SOM_ROLE_NONE)
		return cli_usage_error(ctx, args->cmd, "unknown role '%s' (reader, registrar or "
			"archivist)", cli_value(args, "role"));
	if ((rc = read_password(ctx, password, sizeof(password))) != 0)
		goto out;
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_user_add(store, args->pos[0], role, password)) != 0)
		goto done;
	if (!ctx->quiet)
		printf("added user '%s' (%s)\n", args->pos[0], som_role_name(role));
done:
	rc = error ? cli_fail(ctx, error) : CLI_EXIT_OK;
	som_store_free(store);
out:
	memset(password, 0, sizeof(password));
	return rc;
}

static int run_passwd(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_user *user = NULL;
	char password[1100] = "";
	int error = 0, rc;

	/* Name a user that does not exist before asking for anything. */
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_user_get(&user, store, args->pos[0])) != 0)
		goto done;
	if ((rc = read_password(ctx, password, sizeof(password))) != 0)
		goto out;
	if ((error = som_user_passwd(store, user->name, password)) != 0)
		goto done;
	if (!ctx->quiet)
		printf("new password for '%s'; their sessions have ended\n", user->name);
done:
	rc = error ? cli_fail(ctx, error) : CLI_EXIT_OK;
out:
	memset(password, 0, sizeof(password));
	som_user_free(user);
	som_store_free(store);
	return rc;
}

static int set_disabled(cli_ctx *ctx, const cli_args *args, int disabled)
{
	som_store *store = NULL;
	int error;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) == 0 &&
	    (error = som_user_disable(store, args->pos[0], disabled)) == 0 && !ctx->quiet)
		printf(disabled ? "user '%s' disabled; their sessions have ended\n" :
			"user '%s' enabled\n", args->pos[0]);
	som_store_free(store);
	return error ? cli_fail(ctx, error) : CLI_EXIT_OK;
}

static int run_disable(cli_ctx *ctx, const cli_args *args)
{
	return set_disabled(ctx, args, 1);
}

static int run_enable(cli_ctx *ctx, const cli_args *args)
{
	return set_disabled(ctx, args, 0);
}

typedef struct list_state {
	cli_table table;
	som_buf buf;
	int json;
} list_state;

static int list_one(const som_user *u, void *payload)
{
	list_state *st = payload;
	char failed[32];
	int error;

	if (st->json) {
		som_buf_clear(&st->buf);
		if ((error = som_user_to_json(&st->buf, u)) == 0)
			cli_put_line(&st->buf);
		return error;
	}
	snprintf(failed, sizeof(failed), "%lld", (long long)u->failed);
	return cli_table_add(&st->table, u->name, som_role_name(u->role),
		u->disabled ? "disabled" : "active", u->last_login, failed);
}

static int run_list(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = { "NAME", "ROLE", "STATE", "LAST LOGIN", "FAILED" };
	som_store *store = NULL;
	list_state st;
	int error;

	memset(&st, 0, sizeof(st));
	st.json = cli_flag(args, "json");
	cli_table_init(&st.table, 5, headers, "llllr");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) == 0 &&
	    (error = som_user_foreach(store, list_one, &st)) == 0 && !st.json)
		error = cli_table_print(&st.table, stdout);
	cli_table_dispose(&st.table);
	som_buf_dispose(&st.buf);
	som_store_free(store);
	return error ? cli_fail(ctx, error) : CLI_EXIT_OK;
}

static const cli_command user_add = {
	"add", "add a user of the web interface (password from the terminal or stdin)",
	"NAME", add_options, 1, 1, run_add, NULL
};
static const cli_command user_passwd = {
	"passwd", "set a user's password (from the terminal or stdin); ends their sessions",
	"NAME", NULL, 1, 1, run_passwd, NULL
};
static const cli_command user_disable = {
	"disable", "stop a user from logging in; ends their sessions", "NAME", NULL, 1, 1,
	run_disable, NULL
};
static const cli_command user_enable = {
	"enable", "let a disabled user log in again", "NAME", NULL, 1, 1, run_enable, NULL
};
static const cli_command user_list = {
	"list", "list the users, their roles and last logins", NULL, list_options, 0, 0,
	run_list, NULL
};

static const cli_command *const user_commands[] = {
	&user_add, &user_passwd, &user_disable, &user_enable, &user_list, NULL
};

const cli_command cmd_user = {
	"user", "manage the users of the web interface and their roles", NULL, NULL, 0, 0,
	NULL, user_commands
};
