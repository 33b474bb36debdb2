/*
 * The somarkiv program: the table of commands, the global options, and
 * dispatch to the command (and subcommand) named on the command line.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"

const cli_command *const cli_commands[] = {
	&cmd_init,
	&cmd_account,
	&cmd_ingest,
	&cmd_fetch,
	&cmd_capture,
	&cmd_items,
	&cmd_show,
	&cmd_log,
	&cmd_verify,
	&cmd_gc,
	&cmd_plan,
	&cmd_classify,
	&cmd_explain,
	&cmd_review,
	&cmd_set_class,
	&cmd_series,
	&cmd_case,
	&cmd_register,
	&cmd_registry,
	&cmd_search,
	&cmd_export,
	&cmd_snapshot,
	&cmd_retention,
	&cmd_hold,
	&cmd_run_due,
	&cmd_jobs,
	&cmd_user,
	&cmd_serve,
	NULL
};

static const cli_command *find_command(const cli_command *const *cmds,
	const char *name)
{
	size_t i;

	for (i = 0; cmds[i]; i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	return NULL;
}

/* Run `cmd`, whose full name is `full`, on the words after its name. */
static int run(cli_ctx *ctx, const cli_command *cmd, const char *full,
	int argc, char **argv)
{
	cli_args args;
	const cli_command *sub;
	char subname[64];
	int n, rc;

	snprintf(ctx->name, sizeof(ctx->name), "%s", full);
	if (cmd->subcommands) {
		n = cli_parse_globals(ctx, cmd, full, argc, argv);
		if (n < 0)
			return -1 - n;
		if (n == argc)
			return cli_usage_error(ctx, cmd, "missing command");
		sub = find_command(cmd->subcommands, argv[n]);
		if (!sub)
			return cli_usage_error(ctx, cmd,
				"'%s' is not a '%s' command", argv[n], full);
		snprintf(subname, sizeof(subname), "%s %s", full, sub->name);
		return run(ctx, sub, subname, argc - n - 1, argv + n + 1);
	}
	rc = cli_parse(&args, ctx, cmd, argc, argv);
	if (rc >= 0)
		return rc;
	rc = cmd->run(ctx, &args);
	cli_args_dispose(&args);
	return rc;
}

/* `somarkiv help [COMMAND [SUBCOMMAND]]`; `somarkiv help --man` writes somarkiv(1). */
static int help(int argc, char **argv)
{
	const cli_command *cmd, *sub;
	char full[64];

	if (argc == 0) {
		cli_help(stdout, NULL, NULL);
		return CLI_EXIT_OK;
	}
	if (argc == 1 && strcmp(argv[0], "--man") == 0)
		return cli_man(stdout);
	cmd = find_command(cli_commands, argv[0]);
	if (!cmd) {
		fprintf(stderr, "somarkiv: help: '%s' is not a somarkiv command\n",
			argv[0]);
		return CLI_EXIT_USAGE;
	}
	if (argc == 1 || !cmd->subcommands) {
		cli_help(stdout, cmd, cmd->name);
		return CLI_EXIT_OK;
	}
	sub = find_command(cmd->subcommands, argv[1]);
	if (!sub) {
		fprintf(stderr, "somarkiv: help: '%s' is not a '%s' command\n",
			argv[1], cmd->name);
		return CLI_EXIT_USAGE;
	}
	snprintf(full, sizeof(full), "%s %s", cmd->name, sub->name);
	cli_help(stdout, sub, full);
	return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	cli_ctx ctx;
	const cli_command *cmd;
	int n, rc;

	memset(&ctx, 0, sizeof(ctx));
	snprintf(ctx.name, sizeof(ctx.name), "%s", "somarkiv");
	n = cli_parse_globals(&ctx, NULL, NULL, argc - 1, argv + 1);
	if (n < 0)
		return -1 - n;
	n++;
	if (n >= argc) {
		cli_usage_line(stderr, NULL, NULL);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[n], "help") == 0)
		return help(argc - n - 1, argv + n + 1);
	cmd = find_command(cli_commands, argv[n]);
	if (!cmd) {
		fprintf(stderr, "somarkiv: '%s' is not a somarkiv command "
			"(see 'somarkiv --help')\n", argv[n]);
		cli_usage_line(stderr, NULL, NULL);
		return CLI_EXIT_USAGE;
	}
	rc = run(&ctx, cmd, cmd->name, argc - n - 1, argv + n + 1);
	if (fflush(stdout) != 0 && rc == CLI_EXIT_OK) {
		fprintf(stderr, "somarkiv: %s: cannot write the output\n", ctx.name);
		rc = CLI_EXIT_RUNTIME;
	}
	return rc;
}
