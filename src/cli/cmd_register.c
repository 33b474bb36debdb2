/*
 * `register`: items into a case (named or new), or where the current
 * plan's route sends their class; `register --auto` for what
 * classification proposed when the plan allows it; `register --correct`
 * marks a registration felregistrerad. Registration is never undone.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const cli_option register_options[] = {
	{ "case", 0, "NUMBER", 0, "into this open case" },
	{ "new-case", 0, NULL, 0, "into a new case (needs --title)" },
	{ "title", 0, "TEXT", 0, "the new case's title" },
	{ "series", 0, "PREFIX", 0, "the series of the new case, or instead of the plan's route" },
	{ "subject", 0, "TEXT", 0, "what it concerns, in brief (default: an ärendemening from the "
		"plan's templates, never the text)" },
	{ "public-subject", 0, "TEXT", 0, "the public form of the subject under secrecy (default: masked)" },
	{ "officer", 0, "NAME", 0, "the officer in charge (handläggare)" },
	{ "secrecy", 0, "PARAGRAPH", 0, "an OSL provision, e.g. '26 kap. 1 § OSL' or 'OSL 26:1' "
		"(a secret case passes its own on)" },
	{ "no-secrecy", 0, NULL, 0, "register an item flagged secrecy or personal-data without "
		"secrecy (needs --reason: the registrar's decision)" },
	{ "process", 0, "CODE", 0, "its process in the plan's classification structure (default: "
		"the case's, else the route's)" },
	{ "counterparty", 0, "NAME", 0, "the sender or recipient (default: the author of a received item)" },
	{ "auto", 0, NULL, 0, "register what classification proposed, if the plan allows it" },
	{ "correct", 0, "NUMBER", 0, "mark this registration felregistrerad (needs --reason)" },
	{ "reason", 0, "TEXT", 0, "why the registration is corrected, or why no secrecy applies" },
	{ "json", 0, NULL, 0, "print each registration as JSON, one a line" },
	{ NULL, 0, NULL, 0, NULL }
};

typedef struct out_state {
	const cli_ctx *ctx;
	som_buf buf;
	int as_json;
} out_state;

static int print_one(const som_registration *r, void *payload)
{
	out_state *st = payload;
	int error;

	som_buf_clear(&st->buf);
	if (st->as_json) {
		if ((error = som_registration_to_json(&st->buf, r, 0)) == 0)
			cli_put_line(&st->buf);
		return error;
	}
	if (st->ctx->quiet) {
		puts(r->number);
		return 0;
	}
	printf("registered item %" PRId64 " (version %" PRId64 ") as %s: %s, %s%s%s\n",
		r->item_id, r->item_version, r->number, r->direction, r->date,
		r->secrecy ? ", secrecy " : "", r->secrecy ? r->secrecy : "");
	return 0;
}

static int run_correct(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	const char *number = cli_value(args, "correct");
	int error, rc = CLI_EXIT_OK;

	if (args->n_pos || cli_flag(args, "auto") || cli_value(args, "case") ||
	    cli_flag(args, "new-case") || cli_flag(args, "no-secrecy"))
		return cli_usage_error(ctx, args->cmd, "--correct takes a registration number only");
	if (!cli_value(args, "reason") || !*cli_value(args, "reason"))
		return cli_usage_error(ctx, args->cmd, "--correct needs --reason");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_registration_correct(store, number, cli_value(args, "reason"))) != 0)
		goto done;
	if (!ctx->quiet)
		printf("registration %s marked felregistrerad (corrected)\n", number);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_store_free(store);
	return rc;
}

static int run_auto(cli_ctx *ctx, const cli_args *args, out_state *st)
{
	som_store *store = NULL;
	int64_t n = 0;
	int error, rc = CLI_EXIT_OK;

	if (args->n_pos || cli_value(args, "case") || cli_flag(args, "new-case"))
		return cli_usage_error(ctx, args->cmd, "--auto takes no items and no case");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_register_auto(&n, store, print_one, st)) != 0)
		goto done;
	if (!ctx->quiet && !st->as_json)
		printf("registered %" PRId64 " items automatically\n", n);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_store_free(store);
	return rc;
}

/* Registrars may register anything; a temporary item gets a warning. */
static void warn_class(const cli_ctx *ctx, som_store *store, int64_t id)
{
	som_classification *c = NULL;

	if (som_classification_get(&c, store, id) == 0 && c->cls == SOM_CLASS_TEMPORARY)
		cli_say_error(ctx, "warning: item %" PRId64 " is classified temporary; "
			"registering it anyway", id);
	som_error_clear();
	som_classification_free(c);
}

static int run_register(cli_ctx *ctx, const cli_args *args)
{
	som_register_options o = SOM_REGISTER_OPTIONS_INIT;
	som_store *store = NULL;
	som_item *item = NULL;
	int64_t *ids = NULL;
	out_state st;
	int error = 0, rc = CLI_EXIT_OK;

	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.as_json = cli_flag(args, "json");
	if (cli_value(args, "correct")) {
		rc = run_correct(ctx, args);
		goto out;
	}
	if (cli_flag(args, "auto")) {
		rc = run_auto(ctx, args, &st);
		goto out;
	}
	if (args->n_pos == 0) {
		rc = cli_usage_error(ctx, args->cmd, "name the items to register (or --auto, --correct)");
		goto out;
	}
	o.case_number = cli_value(args, "case");
	o.new_case = cli_flag(args, "new-case");
	o.title = cli_value(args, "title");
	o.series = cli_value(args, "series");
	o.subject = cli_value(args, "subject");
	o.public_subject = cli_value(args, "public-subject");
	o.officer = cli_value(args, "officer");
	o.secrecy = cli_value(args, "secrecy");
	o.counterparty = cli_value(args, "counterparty");
	o.process = cli_value(args, "process");
	if (cli_flag(args, "no-secrecy")) {
		o.no_secrecy = cli_value(args, "reason");
		if (!o.no_secrecy || !*o.no_secrecy) {
			rc = cli_usage_error(ctx, args->cmd, "--no-secrecy needs --reason: why no "
				"secrecy applies");
			goto out;
		}
		if (o.secrecy) {
			rc = cli_usage_error(ctx, args->cmd, "--secrecy and --no-secrecy exclude each other");
			goto out;
		}
	} else if (cli_value(args, "reason")) {
		rc = cli_usage_error(ctx, args->cmd, "--reason goes with --correct or --no-secrecy");
		goto out;
	}
	if (o.case_number && o.new_case) {
		rc = cli_usage_error(ctx, args->cmd, "--case and --new-case exclude each other");
		goto out;
	}
	if (o.new_case && (!o.title || !*o.title)) {
		rc = cli_usage_error(ctx, args->cmd, "--new-case needs --title");
		goto out;
	}
	if (o.title && !o.new_case) {
		rc = cli_usage_error(ctx, args->cmd, "--title goes with --new-case");
		goto out;
	}
	if (!(ids = calloc((size_t)args->n_pos, sizeof(*ids)))) {
		cli_say_error(ctx, "out of memory");
		rc = CLI_EXIT_RUNTIME;
		goto out;
	}
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0)
		goto done;
	for (int i = 0; i < args->n_pos; i++) {
		if ((error = som_item_lookup(&item, store, args->pos[i])) != 0)
			goto done;
		ids[i] = item->id;
		som_item_free(item);
		item = NULL;
		warn_class(ctx, store, ids[i]);
	}
	error = som_register(store, ids, (size_t)args->n_pos, &o, print_one, &st);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_item_free(item);
	som_store_free(store);
out:
	free(ids);
	som_buf_dispose(&st.buf);
	return rc;
}

const cli_command cmd_register = {
	"register", "register items (diarieföring): into a case, a new case, or by the plan's route",
	"[ITEM...]", register_options, 0, -1, run_register, NULL
};
