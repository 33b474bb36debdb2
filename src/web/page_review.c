/*
 * Granskning: the review queue (som_review_foreach): flagged, uncertain
 * and unclassified items, oldest first, with the counts per reason; for a
 * registrar each row carries its decision: a reason and one click on the
 * class (or on "flags resolved"), posted to /granskning.
 */
#include <string.h>
#include "web/web.h"

#define SHOWN_MAX 200
/* Counting stops here: a store of a million unread items is not walked whole per page. */
#define COUNT_MAX 10000

typedef struct queue {
	web_ctx *ctx;
	const char *only;          /* show one reason only; NULL: all */
	int64_t n_flagged, n_review, n_unclassified, shown, seen;
	som_buf flags, excerpt;
} queue;

static int row(const som_review_entry *e, void *payload)
{
	queue *q = payload;
	web_ctx *ctx = q->ctx;

	if (++q->seen > COUNT_MAX)
		return 1;
	q->n_flagged += strcmp(e->why, "flagged") == 0;
	q->n_review += strcmp(e->why, "review") == 0;
	q->n_unclassified += strcmp(e->why, "unclassified") == 0;
	if ((q->only && strcmp(q->only, e->why) != 0) || q->shown >= SHOWN_MAX)
		return 0;
	q->shown++;
	som_buf_clear(&q->flags);
	web_sv_flags(&q->flags, e->flags);
	web_excerpt(&q->excerpt, e->text, 200);
	web_html(ctx->out, "<li class=\"entry\">\n<p class=\"meta\"><a href=\"/inlagg/%I\">%s %I</a>"
		" · <time datetime=\"%a\">%T</time> · %s · <strong>%s</strong> · %s%R%s</p>\n"
		"<p class=\"snippet\">%s</p>\n", e->item_id, web_sv_kind(e->kind), e->item_id,
		e->created, e->created, e->platform, web_sv_review(e->why), web_sv_class(e->cls),
		e->flags ? " · flaggor: " : "", q->flags.ptr, q->excerpt.ptr);
	if (web_can(ctx, SOM_ROLE_REGISTRAR)) {
		web_html(ctx->out, "<form method=\"post\" action=\"/granskning\" class=\"decide\">\n");
		web_csrf_field(ctx);
		web_html(ctx->out, "<input type=\"hidden\" name=\"inlagg\" value=\"%I\">\n"
			"<label for=\"skal-%I\">Skäl</label> <input id=\"skal-%I\" name=\"skal\" required>\n"
			"<span class=\"buttons\">", e->item_id, e->item_id, e->item_id);
		for (int k = 0; k < SOM_CLASS_COUNT; k++)
			web_html(ctx->out, "<button type=\"submit\" name=\"klass\" value=\"%a\">%s</button> ",
				som_class_name(k), web_sv_class(k));
		if (e->flags)
			web_html(ctx->out, "<button type=\"submit\" name=\"atgarda\" value=\"1\">"
				"Flaggor åtgärdade</button>");
		web_html(ctx->out, "</span>\n</form>\n");
	}
	web_html(ctx->out, "</li>\n");
	return 0;
}

void web_page_review(web_ctx *ctx)
{
	queue q;
	som_buf rows = SOM_BUF_INIT, *page = ctx->out;
	const char *only = web_query(ctx, "orsak");
	int error;

	memset(&q, 0, sizeof(q));
	q.ctx = ctx;
	q.only = only && (strcmp(only, "flagged") == 0 || strcmp(only, "review") == 0 ||
		strcmp(only, "unclassified") == 0) ? only : NULL;
	web_page_begin(ctx, "Granskning", "/granskning");
	if (web_query(ctx, "klart"))
		web_notice(ctx, "ok", "Beslutet är sparat.");
	/* The rows go aside while the counts, shown above them, are made. */
	ctx->out = &rows;
	error = som_review_foreach(ctx->store, 0, row, &q);
	ctx->out = page;
	if (error == 1)
		error = 0;
	web_html(page, "<p>Det som behöver en människas beslut, äldst först.%R</p>\n"
		"<nav class=\"counts\" aria-label=\"Orsaker\"><ul>\n"
		"<li><a href=\"/granskning\"%R>Alla: %I</a></li>\n"
		"<li><a href=\"/granskning?orsak=flagged\"%R>Flaggade: %I</a></li>\n"
		"<li><a href=\"/granskning?orsak=review\"%R>Osäkra: %I</a></li>\n"
		"<li><a href=\"/granskning?orsak=unclassified\"%R>Oklassade: %I</a></li>\n</ul></nav>\n",
		q.seen > COUNT_MAX ? " Antalen räknar de 10 000 äldsta." : "",
		!q.only ? " aria-current=\"page\"" : "",
		q.n_flagged + q.n_review + q.n_unclassified,
		q.only && !strcmp(q.only, "flagged") ? " aria-current=\"page\"" : "", q.n_flagged,
		q.only && !strcmp(q.only, "review") ? " aria-current=\"page\"" : "", q.n_review,
		q.only && !strcmp(q.only, "unclassified") ? " aria-current=\"page\"" : "",
		q.n_unclassified);
	if (error) {
		web_notice(ctx, "error", "Kön kunde inte läsas.");
		som_error_clear();
	} else if (!q.shown) {
		web_html(page, "<p>Inget att granska.</p>\n");
	} else {
		web_html(page, "<ol class=\"queue\">\n%R</ol>\n", rows.ptr);
		if (q.shown >= SHOWN_MAX)
			web_html(page, "<p>Visar de %d äldsta.</p>\n", SHOWN_MAX);
	}
	web_page_end(ctx);
	som_buf_dispose(&rows);
	som_buf_dispose(&q.flags);
	som_buf_dispose(&q.excerpt);
}
