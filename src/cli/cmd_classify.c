/*
 * Classification on the command line: `classify` (under the current
 * plan), `explain ITEM` (which plan, which rules and lexicon entries,
 * which words, the words as the classifier reads them, the model's
 * scores), `review`
 * (what needs a person, oldest first) and `set-class ITEM CLASS --reason`
 * (a person decides; no automatic run changes it).
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

static const cli_option classify_options[] = {
	{ "all", 0, NULL, 0, "classify every item again (history is kept; a person's decisions stay)" },
	{ "json", 0, NULL, 0, "print the counts as JSON" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option explain_options[] = {
	{ "json", 0, NULL, 0, "print the classification and its history as JSON" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option review_options[] = {
	{ "limit", 0, "N", 0, "show at most N items" },
	{ "json", 0, NULL, 0, "print NDJSON, one item a line" },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_option set_class_options[] = {
	{ "reason", 0, "TEXT", 1, "why (kept in the history and the audit log)" },
	{ "flags", 0, "LIST", 0, "set the flags instead of keeping them (crime,secrecy,personal-data; none)" },
	{ "resolve-flags", 0, NULL, 0, "the flags have been acted on (saved, reported, removed)" },
	{ NULL, 0, NULL, 0, NULL }
};

static int run_classify(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_classify_stats stats;
	som_buf json = SOM_BUF_INIT;
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_classify_store(&stats, store, cli_flag(args, "all"))) != 0)
		goto done;
	if (cli_flag(args, "json")) {
		if ((error = som_classify_stats_to_json(&json, &stats)) == 0)
			cli_put_line(&json);
	} else if (!ctx->quiet) {
		printf("classified %" PRId64 " items under plan %s: %" PRId64 " temporary, %"
			PRId64 " important, %" PRId64 " case; %" PRId64 " flagged, %" PRId64
			" for review\n", stats.classified, stats.plan_version,
			stats.by_class[SOM_CLASS_TEMPORARY], stats.by_class[SOM_CLASS_IMPORTANT],
			stats.by_class[SOM_CLASS_CASE], stats.flagged, stats.review);
		if (stats.unchanged || stats.by_person)
			printf("unchanged: %" PRId64 "; decided by a person, left alone: %" PRId64 "\n",
				stats.unchanged, stats.by_person);
	}
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_buf_dispose(&json);
	som_store_free(store);
	return rc;
}

/* "important, flags crime, personal-data (for review)". */
static int describe(som_buf *out, int cls, unsigned int flags, int review, int resolved)
{
	som_buf f = SOM_BUF_INIT;
	int error = som_flags_format(&f, flags, ", ");

	if (!error)
		error = som_buf_printf(out, "%s%s%s%s%s", som_class_name(cls) ? som_class_name(cls) : "-",
			flags ? ", flags " : "", f.ptr, flags && resolved ? " (resolved)" : "",
			review ? " (for review)" : "");
	som_buf_dispose(&f);
	return error;
}

static void print_result_rules(const som_classify_result *r)
{
	som_buf line = SOM_BUF_INIT;

	for (size_t i = 0; i < r->n_rules; i++) {
		const som_rule_match *m = &r->rules[i];
		som_buf_clear(&line);
		som_buf_printf(&line, "%s (%s%s%s%s):", m->id,
			m->cls != SOM_CLASS_NONE ? som_class_name(m->cls) : "",
			m->cls != SOM_CLASS_NONE && m->flag ? ", " : "",
			m->flag ? som_flag_name(m->flag) : "", m->review ? ", review" : "");
		for (size_t j = 0; j < m->n_evidence; j++) {
			const som_evidence *e = &m->evidence[j];
			som_buf_printf(&line, "%s %s", j ? ";" : "", e->on);
			if (e->pattern)
				som_buf_printf(&line, " '%s'", e->pattern);
			if (e->text && e->pattern)
				som_buf_printf(&line, " matched '%s'", e->text);
			else if (e->text)
				som_buf_printf(&line, ": %s", e->text);
			if (e->how)
				som_buf_printf(&line, " (%s)", e->how);
		}
		cli_print_text(stdout, line.ptr, "  ");
	}
	if (r->otherwise)
		printf("  no class rule matched: the plan's <otherwise>, %s, for review\n",
			som_class_name(r->cls));
	som_buf_dispose(&line);
}

static int history_line(const som_classification *c, void *payload)
{
	som_buf line = SOM_BUF_INIT;
	int error;

	(void)payload;
	if ((error = som_buf_printf(&line, "%s  ", c->time ? c->time : "-")) == 0 &&
	    (error = describe(&line, c->cls, c->flags, c->review, c->resolved)) == 0) {
		if (c->by_person)
			error = som_buf_printf(&line, "  by %s: %s", c->actor ? c->actor : "-",
				c->reason ? c->reason : "");
		else
			error = som_buf_printf(&line, "  plan %s", c->plan_version ? c->plan_version : "-");
	}
	if (!error)
		cli_print_text(stdout, line.ptr, "  ");
	som_buf_dispose(&line);
	return error;
}

typedef struct json_history {
	som_buf *out;
	int n;
} json_history;

static int history_json(const som_classification *c, void *payload)
{
	json_history *h = payload;
	int error = 0;

	if (h->n++)
		error = som_buf_putc(h->out, ',');
	return error ? error : som_classification_to_json(h->out, c);
}

static int explain_json(som_store *store, const som_item *item,
	const som_classification *c)
{
	som_buf out = SOM_BUF_INIT;
	json_history h = { &out, 0 };
	int error;

	if ((error = som_buf_printf(&out, "{\"item\":%" PRId64 ",\"current\":", item->id)) != 0)
		goto done;
	if (c)
		error = som_classification_to_json(&out, c);
	else
		error = som_buf_puts(&out, "null");
	if (!error)
		error = som_buf_puts(&out, ",\"history\":[");
	if (!error)
		error = som_classification_history(store, item->id, history_json, &h);
	if (!error)
		error = som_buf_puts(&out, "]}");
	if (!error)
		cli_put_line(&out);
done:
	som_buf_dispose(&out);
	return error;
}

/* The words as the classifier reads them, and the model's scores. */
static int print_reading(const som_item *item)
{
	som_classify_input in;
	som_classify_scores sc;
	som_buf words = SOM_BUF_INIT;
	const char *text = item->n_versions ? item->versions[item->n_versions - 1].text : "";
	int error;

	if ((error = som_classify_words(&words, text, 0)) != 0)
		goto done;
	puts("words as the classifier reads them (=squeezed, [stem]):");
	cli_print_text(stdout, words.ptr, "  ");
	som_classify_input_for(&in, text, item->kind, item->by_account, item->parent_platform_id);
	error = som_classify_model_scores(&sc, &in);
	if (error == SOM_ENOTFOUND) {
		som_error_clear();
		error = 0;
		puts("model scores: none (built without a training corpus)");
	} else if (!error) {
		printf("model scores (trained on %ld items; they may only raise): keep %.3f, crime "
			"%.3f, secrecy %.3f\n", sc.trained_on, sc.keep, sc.crime, sc.secrecy);
	}
done:
	som_buf_dispose(&words);
	return error;
}

/* An item not yet classified: what the current plan would say, stored nowhere. */
static int explain_unclassified(som_store *store, const som_item *item)
{
	som_plan *plan = NULL;
	som_classify_result *r = NULL;
	som_classify_input in;
	som_buf d = SOM_BUF_INIT;
	int error;

	printf("item %" PRId64 ": not classified yet (run 'somarkiv classify')\n", item->id);
	error = som_plan_current(&plan, store);
	if (error == SOM_ENOTFOUND) {
		som_error_clear();
		puts("no plan is in use (choose one with 'somarkiv plan use FILE')");
		return 0;
	}
	if (error)
		return error;
	som_classify_input_for(&in, item->n_versions ? item->versions[item->n_versions - 1].text : "",
		item->kind, item->by_account, item->parent_platform_id);
	if ((error = som_classify_text(&r, plan, &in)) != 0 ||
	    (error = describe(&d, r->cls, r->flags, r->review, 0)) != 0)
		goto done;
	printf("the current plan %s would make it: %s\nrules that match:\n",
		som_plan_version(plan), d.ptr);
	print_result_rules(r);
	error = print_reading(item);
done:
	som_buf_dispose(&d);
	som_classify_result_free(r);
	som_plan_free(plan);
	return error;
}

static int run_explain(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_item *item = NULL;
	som_classification *c = NULL;
	som_classify_result *r = NULL;
	som_buf d = SOM_BUF_INIT;
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0 ||
	    (error = som_item_lookup(&item, store, args->pos[0])) != 0)
		goto done;
	error = som_classification_get(&c, store, item->id);
	if (error == SOM_ENOTFOUND) {
		som_error_clear();
		error = 0;
	}
	if (error)
		goto done;
	if (cli_flag(args, "json")) {
		error = explain_json(store, item, c);
		goto done;
	}
	if (!c) {
		error = explain_unclassified(store, item);
		goto done;
	}
	if ((error = describe(&d, c->cls, c->flags, c->review, c->resolved)) != 0)
		goto done;
	printf("item %" PRId64 ": %s\n", item->id, d.ptr);
	if (c->by_person) {
		printf("decided by %s at %s\n", c->actor ? c->actor : "-", c->time ? c->time : "-");
		som_buf_clear(&d);
		if (som_buf_printf(&d, "reason: %s", c->reason ? c->reason : "") == 0)
			cli_print_text(stdout, d.ptr, "");
	} else {
		printf("classified under plan %s at %s\nrules that matched:\n",
			c->plan_version ? c->plan_version : "-", c->time ? c->time : "-");
		if ((error = som_classify_result_from_json(&r, c->explanation)) != 0)
			goto done;
		print_result_rules(r);
	}
	if (item->n_versions && (error = print_reading(item)) != 0)
		goto done;
	puts("\nhistory:");
	error = som_classification_history(store, item->id, history_line, NULL);
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_buf_dispose(&d);
	som_classify_result_free(r);
	som_classification_free(c);
	som_item_free(item);
	som_store_free(store);
	return rc;
}

typedef struct review_state {
	cli_table table;
	som_buf buf;
	int as_json;
} review_state;

static int review_one(const som_review_entry *e, void *payload)
{
	review_state *st = payload;
	som_buf flags = SOM_BUF_INIT;
	char id[32];
	int error;

	som_buf_clear(&st->buf);
	if (st->as_json) {
		if ((error = som_review_entry_to_json(&st->buf, e)) == 0)
			cli_put_line(&st->buf);
		return error;
	}
	snprintf(id, sizeof(id), "%" PRId64, e->item_id);
	if ((error = som_flags_format(&flags, e->flags, ",")) == 0 &&
	    (error = cli_excerpt(&st->buf, e->text, 50)) == 0)
		error = cli_table_add(&st->table, id, e->created, e->kind, e->why,
			som_class_name(e->cls), *flags.ptr ? flags.ptr : NULL, st->buf.ptr);
	som_buf_dispose(&flags);
	return error;
}

static int run_review(cli_ctx *ctx, const cli_args *args)
{
	static const char *const headers[] = {
		"ITEM", "CREATED", "KIND", "WHY", "CLASS", "FLAGS", "TEXT"
	};
	som_store *store = NULL;
	review_state st;
	const char *limit_arg = cli_value(args, "limit");
	int64_t limit = 0;
	int error, rc = CLI_EXIT_OK;

	if (limit_arg && (cli_parse_int(&limit, limit_arg) != 0 || limit <= 0))
		return cli_usage_error(ctx, args->cmd, "--limit needs a positive number, not '%s'",
			limit_arg);
	memset(&st, 0, sizeof(st));
	cli_table_init(&st.table, 7, headers, "rllllll");
	st.as_json = cli_flag(args, "json");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0 ||
	    (error = som_review_foreach(store, limit, review_one, &st)) != 0)
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

static int run_set_class(cli_ctx *ctx, const cli_args *args)
{
	som_decision d = SOM_DECISION_INIT;
	som_store *store = NULL;
	som_item *item = NULL;
	som_classification *c = NULL;
	som_buf desc = SOM_BUF_INIT;
	const char *flags = cli_value(args, "flags");
	int error, rc = CLI_EXIT_OK;

	d.cls = som_class_parse(args->pos[1]);
	if (d.cls == SOM_CLASS_NONE)
		return cli_usage_error(ctx, args->cmd,
			"'%s' is not a class (temporary, important, case)", args->pos[1]);
	if (flags) {
		if (som_flags_parse(&d.flags, flags) != 0)
			return cli_usage_error(ctx, args->cmd, "%s", som_error_last());
		d.set_flags = 1;
	}
	d.resolve_flags = cli_flag(args, "resolve-flags");
	d.reason = cli_value(args, "reason");
	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_WRITE)) != 0 ||
	    (error = som_item_lookup(&item, store, args->pos[0])) != 0 ||
	    (error = som_classification_set(store, item->id, &d)) != 0)
		goto done;
	if (!ctx->quiet && (error = som_classification_get(&c, store, item->id)) == 0 &&
	    (error = describe(&desc, c->cls, c->flags, c->review, c->resolved)) == 0)
		printf("item %" PRId64 ": %s, decided by %s\n", item->id, desc.ptr,
			som_store_actor(store));
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_buf_dispose(&desc);
	som_classification_free(c);
	som_item_free(item);
	som_store_free(store);
	return rc;
}

const cli_command cmd_classify = {
	"classify", "classify items under the current plan (new and changed ones; --all: every one)",
	NULL, classify_options, 0, 0, run_classify, NULL
};

const cli_command cmd_explain = {
	"explain", "explain an item's class: plan, rules, lexicon entries and words matched, "
	"the words as read, model scores, history", "ITEM",
	explain_options, 1, 1, run_explain, NULL
};

const cli_command cmd_review = {
	"review", "list what needs a person: flagged, uncertain, unclassified; oldest first",
	NULL, review_options, 0, 0, run_review, NULL
};

const cli_command cmd_set_class = {
	"set-class", "a person decides an item's class (and flags); automatic runs keep it",
	"ITEM CLASS", set_class_options, 2, 2, run_set_class, NULL
};
