/*
 * `somarkiv show ITEM`: one item as a person reads it: where it sits in its
 * thread, every observed version, its attachments and its provenance.
 */
#include <inttypes.h>
#include <string.h>
#include "cli.h"

static const cli_option show_options[] = {
	{ "json", 0, NULL, 0, "print the item as JSON, all versions included" },
	{ NULL, 0, NULL, 0, NULL }
};

/* Parents are followed this far up at most (a guard against cycles). */
#define MAX_THREAD_DEPTH 64

static const char *current_text(const som_item *item)
{
	if (!item->n_versions)
		return NULL;
	return item->versions[item->n_versions - 1].text;
}

static const char *author_of(const som_item *item)
{
	if (item->author_name && *item->author_name)
		return item->author_name;
	if (item->author_id && *item->author_id)
		return item->author_id;
	return "-";
}

/* One line about another item of the thread: "#ID KIND CREATED AUTHOR: text…". */
static void print_thread_line(const som_item *item, const char *indent)
{
	som_buf line = SOM_BUF_INIT, text = SOM_BUF_INIT;

	if (cli_excerpt(&text, current_text(item), 50) == 0 &&
	    som_buf_printf(&line, "#%" PRId64 " %s %s %s%s: %s", item->id,
		item->kind ? item->kind : "-", item->created ? item->created : "-",
		author_of(item), item->by_account ? " [own account]" : "",
		text.ptr) == 0)
		cli_print_line(stdout, line.ptr, indent);
	som_buf_dispose(&line);
	som_buf_dispose(&text);
}

static int print_parents(som_store *store, const som_item *item)
{
	som_item *chain[MAX_THREAD_DEPTH];
	size_t n = 0, i;
	const som_item *top = item;
	char ref[32];
	int error = 0;

	while (top->parent_id && n < MAX_THREAD_DEPTH) {
		snprintf(ref, sizeof(ref), "%" PRId64, top->parent_id);
		if ((error = som_item_lookup(&chain[n], store, ref)) != 0)
			goto done;
		top = chain[n++];
	}
	if (!n && !item->parent_platform_id)
		goto done;
	puts("\nin reply to:");
	if (top->parent_platform_id && !top->parent_id) {
		som_buf line = SOM_BUF_INIT;
		if (som_buf_printf(&line, "%s (not captured)", top->parent_platform_id) == 0)
			cli_print_line(stdout, line.ptr, "  ");
		som_buf_dispose(&line);
	}
	for (i = n; i > 0; i--)
		print_thread_line(chain[i - 1], "  ");
done:
	for (i = 0; i < n; i++)
		som_item_free(chain[i]);
	return error;
}

typedef struct answers {
	int n;
} answers;

static int print_answer(const som_item *item, void *payload)
{
	answers *a = payload;

	if (!a->n++)
		puts("\nanswers:");
	print_thread_line(item, "  ");
	return 0;
}

static void print_versions(const som_item *item)
{
	const som_version *v;
	size_t i;

	for (i = 0; i < item->n_versions; i++) {
		v = &item->versions[i];
		printf("\nversion %" PRId64 "%s: capture %" PRId64 ", observed %s",
			v->seq, i + 1 == item->n_versions && item->n_versions > 1
			? " (current)" : "", v->capture_id, v->observed ? v->observed : "-");
		if (v->edited)
			printf(", edited %s", v->edited);
		putchar('\n');
		if (v->text && *v->text)
			cli_print_text(stdout, v->text, "    ");
		else
			puts("    (no text)");
	}
}

static void print_attachments(const som_item *item)
{
	const som_attachment *a;
	som_buf line = SOM_BUF_INIT;
	size_t i;
	int error;

	if (!item->n_attachments)
		return;
	printf("\nattachments (%zu):\n", item->n_attachments);
	for (i = 0; i < item->n_attachments; i++) {
		a = &item->attachments[i];
		som_buf_clear(&line);
		if (a->digest)
			error = som_buf_printf(&line, "%s  %s  %" PRId64 " bytes  sha256:%s",
				a->path ? a->path : "-", a->mime ? a->mime : "-", a->size,
				a->digest);
		else
			error = som_buf_printf(&line, "%s  %s  MISSING",
				a->path ? a->path : "-", a->mime ? a->mime : "-");
		if (error)
			break;
		cli_print_line(stdout, line.ptr, "  ");
		if (a->description && *a->description) {
			som_buf_clear(&line);
			if (som_buf_printf(&line, "alt: %s", a->description) == 0)
				cli_print_text(stdout, line.ptr, "    ");
		}
	}
	som_buf_dispose(&line);
}

static int print_item(som_store *store, const som_item *item)
{
	som_item_filter filter = SOM_ITEM_FILTER_INIT;
	som_account *account = NULL;
	answers ans = { 0 };
	char ref[32];
	const int w = 12;
	int error;

	printf("item %" PRId64 "\n", item->id);
	snprintf(ref, sizeof(ref), "%" PRId64, item->account_id);
	if (som_account_lookup(&account, store, ref) == 0)
		cli_field(stdout, w, "account", "%s (%" PRId64 ")", account->handle,
			item->account_id);
	else
		cli_field(stdout, w, "account", "%" PRId64, item->account_id);
	som_account_free(account);
	cli_field(stdout, w, "platform", "%s", item->platform ? item->platform : "-");
	cli_field(stdout, w, "platform id", "%s",
		item->platform_id ? item->platform_id : "-");
	cli_field(stdout, w, "kind", "%s", item->kind ? item->kind : "-");
	if (item->author_name && item->author_id && *item->author_name)
		cli_field(stdout, w, "author", "%s <%s>%s", item->author_name,
			item->author_id, item->by_account ? " [own account]" : "");
	else
		cli_field(stdout, w, "author", "%s%s", author_of(item),
			item->by_account ? " [own account]" : "");
	cli_field(stdout, w, "created", "%s", item->created ? item->created : "-");
	cli_field(stdout, w, "url", "%s", item->url ? item->url : "-");
	cli_field(stdout, w, "format", "%s", item->format ? item->format : "-");

	if ((error = print_parents(store, item)) != 0)
		return error;
	filter.parent_id = item->id;
	if ((error = som_item_foreach(store, &filter, print_answer, &ans)) != 0)
		return error;

	print_versions(item);
	print_attachments(item);

	puts("\nprovenance:");
	printf("  first captured by capture %" PRId64 "\n", item->first_capture);
	if (item->removed_capture)
		printf("  removed from the platform: by capture %" PRId64
			" at %s\n", item->removed_capture,
			item->removed_at ? item->removed_at : "-");
	else
		puts("  not found removed from the platform");
	return 0;
}

static int run_show(cli_ctx *ctx, const cli_args *args)
{
	som_store *store = NULL;
	som_item *item = NULL;
	som_buf json = SOM_BUF_INIT;
	int error, rc = CLI_EXIT_OK;

	if ((error = cli_open_store(&store, ctx, SOM_STORE_OPEN_READ)) != 0)
		goto done;
	if ((error = som_item_lookup(&item, store, args->pos[0])) != 0)
		goto done;
	if (cli_flag(args, "json")) {
		if ((error = som_item_to_json(&json, item)) != 0)
			goto done;
		cli_put_line(&json);
	} else {
		error = print_item(store, item);
	}
done:
	if (error)
		rc = cli_fail(ctx, error);
	som_buf_dispose(&json);
	som_item_free(item);
	som_store_free(store);
	return rc;
}

const cli_command cmd_show = {
	"show", "show one item: thread, versions, attachments, provenance",
	"ITEM", show_options, 1, 1, run_show, NULL
};
