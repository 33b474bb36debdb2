/*
 * `somarkiv plan check|use|show|list`: the retention plan
 * (informationshanteringsplan) the archivist owns: check a file, make it
 * the store's current plan, show what a plan says, list the plans the
 * store has used.
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

static const cli_option show_options[] = {
	{ "file", 0, "FILE", 0, "show a plan file instead of one the store keeps" },
	{ "xml", 0, NULL, 0, "print the plan's XML as stored" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option json_options[] = {
	{ "json", 0, NULL, 0, "print NDJSON, one plan a line" },
	{ NULL, 0, NULL, 0, NULL }
};

/* What a plan check found worth a look, on standard error. */
static void print_warnings(const cli_ctx *ctx, const som_plan *plan)
{
	for (size_t i = 0; i < som_plan_warning_count(plan); i++)
		cli_say_error(ctx, "warning: plan '%s': %s", som_plan_name(plan),
			som_plan_warning_at(plan, i));
}

static int run_check(cli_ctx *ctx, const cli_args *args)
{
	som_plan *plan = NULL;
	int error;

	if ((error = som_plan_load(&plan, args->pos[0])) != 0)
		return cli_fail(ctx, error);
	print_warnings(ctx, plan);
	if (!ctx->quiet)
		printf("plan '%s': valid: version %s of %s, %zu rules, %zu retention rules\n",
			args->pos[0], som_plan_version(plan), som_plan_get_decision(plan)->body,
			som_plan_rule_count(plan), som_plan_retention_count(plan));
	som_plan_free(plan);
	return CLI_EXIT_OK;
}

static int run_use(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_plan *plan = NULL;
	int error, changed = 0, rc = CLI_EXIT_OK;

	/* The file first: a bad plan never opens (or locks) the store. */
	if ((error = som_plan_load(&plan, args->pos[0])) != 0)
		goto done;
	print_warnings(ctx, plan);
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_plan_use(&changed, store, plan)) != 0)
		goto done;
	if (!ctx->quiet) {
		if (changed)
			printf("plan %s in use (sha256 %s)\n", som_plan_version(plan),
				som_plan_sha256(plan));
		else
			printf("plan %s is in use already\n", som_plan_version(plan));
	}
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_plan_free(plan);
	som_store_free(store);
	return rc;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void print_rules(const som_plan *plan)
{
	static const char *const headers[] = { "RULE", "CLASS", "FLAG", "REVIEW", "DESCRIPTION" };
	cli_table t;

	cli_table_init(&t, 5, headers, NULL);
	for (size_t i = 0; i < som_plan_rule_count(plan); i++) {
		const som_plan_rule *r = som_plan_rule_at(plan, i);
		cli_table_add(&t, r->id, som_class_name(r->cls), som_flag_name(r->flag),
			r->review ? "yes" : "no", r->description);
	}
	puts("\nclassification rules:");
	cli_table_print(&t, stdout);
	printf("an item no class rule matches: %s, for review\n",
		som_class_name(som_plan_otherwise(plan)));
	cli_table_dispose(&t);
}

static void kinds_text(char *out, size_t size, const som_plan_retention *r)
{
	static const char *const names[] = { "post", "comment", "reply", "share", "message" };
	size_t n = 0;

	if (!r->kinds_given) {
		snprintf(out, size, "all");
		return;
	}
	out[0] = '\0';
	for (size_t i = 0; i < 5 && n < size; i++)
		if (r->kinds & (1u << i))
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? " " : "", names[i]);
}

static void print_retention(const som_plan *plan)
{
	static const char *const headers[] = {
		"RULE", "CLASS", "KINDS", "ACTION", "AFTER", "FROM", "COUNTING", "APPROVALS",
		"DELIVER FIRST"
	};
	static const char *const from[] = {
		"-", "last-activity", "created", "registration", "case-closed"
	};
	char kinds[64], approvals[16];
	cli_table t;

	cli_table_init(&t, 9, headers, "lllllllrl");
	for (size_t i = 0; i < som_plan_retention_count(plan); i++) {
		const som_plan_retention *r = som_plan_retention_at(plan, i);
		kinds_text(kinds, sizeof(kinds), r);
		snprintf(approvals, sizeof(approvals), "%d", r->approvals);
		cli_table_add(&t, r->id, som_class_name(r->cls), kinds,
			r->dispose ? "dispose" : "keep", r->after,
			from[r->from >= 0 && r->from <= 4 ? r->from : 0],
			r->calendar_year ? "calendar-year" : "date", approvals,
			r->deliver_first ? "yes" : "no");
	}
	puts("\nretention:");
	cli_table_print(&t, stdout);
	cli_table_dispose(&t);
}

static void print_registration(const som_plan *plan)
{
	static const char *const sheaders[] = { "SERIES", "NAME", "FORMAT" };
	static const char *const rheaders[] = { "CLASS", "SERIES", "MODE", "AUTO" };
	static const char *const jheaders[] = { "JOB", "EVERY", "CRON", "OUT" };
	cli_table t;

	cli_table_init(&t, 3, sheaders, NULL);
	for (size_t i = 0; i < som_plan_series_count(plan); i++) {
		const som_plan_series *s = som_plan_series_at(plan, i);
		cli_table_add(&t, s->prefix, s->name, s->format);
	}
	puts("\nregistry series:");
	cli_table_print(&t, stdout);
	cli_table_dispose(&t);

	cli_table_init(&t, 4, rheaders, NULL);
	for (size_t i = 0; i < som_plan_route_count(plan); i++) {
		const som_plan_route *r = som_plan_route_at(plan, i);
		cli_table_add(&t, som_class_name(r->cls), r->series,
			r->collective ? "collective" : "document", r->auto_register ? "yes" : "no");
	}
	puts("\nregistration:");
	cli_table_print(&t, stdout);
	cli_table_dispose(&t);

	if (!som_plan_job_count(plan))
		return;
	cli_table_init(&t, 4, jheaders, NULL);
	for (size_t i = 0; i < som_plan_job_count(plan); i++) {
		const som_plan_job *j = som_plan_job_at(plan, i);
		cli_table_add(&t, j->name, j->every, j->cron, j->out);
	}
	puts("\nschedule:");
	cli_table_print(&t, stdout);
	cli_table_dispose(&t);
}

static void print_plan(const som_plan *plan, int current)
{
	const som_plan_decision *d = som_plan_get_decision(plan);
	const int w = 10;

	printf("plan %s%s\n", som_plan_version(plan), current ? " (current)" : "");
	cli_field(stdout, w, "body", "%s", or_dash(d->body));
	cli_field(stdout, w, "title", "%s", or_dash(d->title));
	cli_field(stdout, w, "reference", "%s", or_dash(d->reference));
	cli_field(stdout, w, "date", "%s", or_dash(d->date));
	cli_field(stdout, w, "source", "%s", or_dash(d->source));
	cli_field(stdout, w, "sha256", "%s", som_plan_sha256(plan));
	puts("\nclasses:");
	for (int k = 0; k < SOM_CLASS_COUNT; k++) {
		if (!som_plan_has_class(plan, k))
			continue;
		printf("  %-10s %s / %s\n", som_class_name(k), som_plan_class_label(plan, k, "sv"),
			som_plan_class_label(plan, k, "en"));
	}
	print_rules(plan);
	print_retention(plan);
	print_registration(plan);
}

static int run_show(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_plan *plan = NULL, *current = NULL;
	const char *file = cli_value(args, "file");
	const char *xml;
	size_t len;
	int error, rc = CLI_EXIT_OK, is_current = 0;

	if (file && args->n_pos)
		return cli_usage_error(ctx, args->cmd, "give a VERSION or --file, not both");
	if (file) {
		error = som_plan_load(&plan, file);
	} else {
		if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
			goto done;
		if (args->n_pos) {
			error = som_plan_get(&plan, store, args->pos[0]);
			if (!error && som_plan_current(&current, store) == 0)
				is_current = som_plan_store_id(current) == som_plan_store_id(plan);
		} else {
			error = som_plan_current(&plan, store);
			is_current = 1;
		}
	}
	if (error)
		goto done;
	if (cli_flag(args, "xml")) {
		xml = som_plan_xml(plan, &len);
		fwrite(xml, 1, len, stdout);
	} else {
		print_plan(plan, is_current);
	}
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_plan_free(current);
	som_plan_free(plan);
	som_store_free(store);
	return rc;
}

typedef struct list_state {
	cli_table table;
	som_buf buf;
	int as_json;
} list_state;

static int list_one(const som_plan_info *info, void *payload)
{
	list_state *st = payload;
	char id[32], sha[16];

	if (st->as_json) {
		int error;
		som_buf_clear(&st->buf);
		if ((error = som_plan_info_to_json(&st->buf, info)) != 0)
			return error;
		cli_put_line(&st->buf);
		return 0;
	}
	snprintf(id, sizeof(id), "%" PRId64, info->id);
	snprintf(sha, sizeof(sha), "%.12s", info->sha256 ? info->sha256 : "");
	return cli_table_add(&st->table, id, info->version, info->current ? "*" : "",
		info->used_at, info->actor, info->body, info->reference, sha);
}

static int run_list(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"ID", "VERSION", "CURRENT", "FIRST USED", "ACTOR", "BODY", "REFERENCE", "SHA256"
	};
	som_store *store = NULL;
	list_state st;
	int error, rc = CLI_EXIT_OK;

	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 8, headers, "rlllllll");
	st.as_json = cli_flag(args, "json");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0 ||
	    (error = som_plan_list(store, list_one, &st)) != 0)
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

static const cli_command plan_check = {
	"check", "check a plan file: well-formed, valid, sound", "FILE", NULL, 1, 1,
	run_check, NULL
};
static const cli_command plan_use = {
	"use", "make a plan file the store's current plan (kept, versioned)", "FILE", NULL,
	1, 1, run_use, NULL
};
static const cli_command plan_show = {
	"show", "show what a plan says (default: the current one)", "[VERSION]",
	show_options, 0, 1, run_show, NULL
};
static const cli_command plan_list = {
	"list", "list the plans the store has used", NULL, json_options, 0, 0, run_list, NULL
};

static const cli_command *const plan_commands[] = {
	&plan_check, &plan_use, &plan_show, &plan_list, NULL
};

const cli_command cmd_plan = {
	"plan", "the retention plan: check, use, show, list", NULL, NULL, 0, 0, NULL,
	plan_commands
};
