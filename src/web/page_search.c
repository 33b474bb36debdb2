/*
 * Sök: the registrar's search on the web, over som_search(): text in the
 * command line's query syntax, sender, account, platform, a date range in
 * Swedish local days, class, flag, case, series, registered or not; newest
 * first, by relevance or by sender; pages of 50 hits with the matched
 * words marked; and the same hits as CSV ("Exportera CSV"). The criteria
 * travel in the URL (GET): search terms are no secret, and the page can
 * be bookmarked and shared.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "web/web.h"

#define PAGE_SIZE 50
#define CSV_MAX 100000

/* The criteria as typed, each NULL when empty. */
typedef struct criteria {
	const char *q, *sender, *account, *platform, *from, *to, *cls, *flag,
		*case_number, *series, *registered, *order;
	int64_t page;
} criteria;

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static void read_criteria(criteria *c, const web_ctx *ctx)
{
	char *end = NULL;
	const char *p;

	memset(c, 0, sizeof(*c));
	c->q = nonempty(web_query(ctx, "q"));
	c->sender = nonempty(web_query(ctx, "avsandare"));
	c->account = nonempty(web_query(ctx, "konto"));
	c->platform = nonempty(web_query(ctx, "plattform"));
	c->from = nonempty(web_query(ctx, "fran"));
	c->to = nonempty(web_query(ctx, "till"));
	c->cls = nonempty(web_query(ctx, "klass"));
	c->flag = nonempty(web_query(ctx, "flagga"));
	c->case_number = nonempty(web_query(ctx, "arende"));
	c->series = nonempty(web_query(ctx, "serie"));
	c->registered = nonempty(web_query(ctx, "diarieford"));
	c->order = nonempty(web_query(ctx, "ordning"));
	p = web_query(ctx, "sida");
	c->page = p ? strtoll(p, &end, 10) : 1;
	if (!p || *end || c->page < 1 || c->page > 100000)
		c->page = 1;
}

/*
 * Fill the search options from the criteria. `from_buf`/`to_buf` hold the
 * UTC bounds of the local days. Returns 0, or writes a Swedish complaint
 * into `problem` and returns SOM_EINVALID.
 */
static int to_options(som_search_options *o, som_buf *problem, const criteria *c,
	char from_buf[32], char to_buf[32])
{
	char ignore[32];
	char *end = NULL;

	o->text = c->q;
	o->sender = c->sender;
	o->platform = c->platform;
	o->case_number = c->case_number;
	o->series = c->series;
	o->registered = c->registered != NULL;
	o->mark_open = WEB_MARK_OPEN;
	o->mark_close = WEB_MARK_CLOSE;
	if (c->account) {
		o->account_id = strtoll(c->account, &end, 10);
		if (*end || o->account_id < 1)
			return som_buf_printf(problem, "Okänt konto.") ? SOM_ENOMEM : SOM_EINVALID;
	}
	if (c->from && som_sv_day_bounds(from_buf, ignore, c->from) != 0)
		return som_buf_printf(problem, "”Från” är inget datum (ÅÅÅÅ-MM-DD).") ? SOM_ENOMEM :
			SOM_EINVALID;
	if (c->to && som_sv_day_bounds(ignore, to_buf, c->to) != 0)
		return som_buf_printf(problem, "”Till” är inget datum (ÅÅÅÅ-MM-DD).") ? SOM_ENOMEM :
			SOM_EINVALID;
	o->from = c->from ? from_buf : NULL;
	o->to = c->to ? to_buf : NULL;
	if (c->cls && (o->cls = som_class_parse(c->cls)) == SOM_CLASS_NONE)
		return som_buf_printf(problem, "Okänd klass.") ? SOM_ENOMEM : SOM_EINVALID;
	if (c->flag && som_flags_parse(&o->flags, c->flag) != 0) {
		som_error_clear();
		return som_buf_printf(problem, "Okänd flagga.") ? SOM_ENOMEM : SOM_EINVALID;
	}
	if (c->order && strcmp(c->order, "relevans") == 0)
		o->order = c->q ? SOM_SEARCH_ORDER_RELEVANCE : SOM_SEARCH_ORDER_DATE;
	else if (c->order && strcmp(c->order, "avsandare") == 0)
		o->order = SOM_SEARCH_ORDER_SENDER;
	return 0;
}

/* The query string of the criteria (for the next page and the CSV link), escaped for HTML. */
static void put_query(som_buf *out, const criteria *c, int64_t page)
{
	static const char *const names[] = { "q", "avsandare", "konto", "plattform", "fran",
		"till", "klass", "flagga", "arende", "serie", "diarieford", "ordning" };
	const char *values[] = { c->q, c->sender, c->account, c->platform, c->from, c->to,
		c->cls, c->flag, c->case_number, c->series, c->registered, c->order };
	int n = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (values[i])
			web_html(out, "%R%R=%u", n++ ? "&amp;" : "", names[i], values[i]);
	if (page > 1)
		web_html(out, "%Rsida=%I", n++ ? "&amp;" : "", page);
}

/* ---- the form ---- */

static void option(web_ctx *ctx, const char *value, const char *label, const char *selected)
{
	web_html(ctx->out, "<option value=\"%a\"%R>%s</option>", value,
		selected && strcmp(selected, value) == 0 ? " selected" : "", label);
}

typedef struct account_list {
	som_account **v;
	size_t n, a;
} account_list;

static int add_account(const som_account *a, void *payload)
{
	account_list *l = payload;
	som_account *copy, **grown;

	if (l->n == l->a) {
		l->a = l->a ? 2 * l->a : 8;
		if (!(grown = realloc(l->v, l->a * sizeof(*grown))))
			return SOM_ENOMEM;
		l->v = grown;
	}
	if (!(copy = calloc(1, sizeof(*copy))))
		return SOM_ENOMEM;
	copy->id = a->id;
	copy->display_name = a->display_name ? strdup(a->display_name) : NULL;
	copy->handle = a->handle ? strdup(a->handle) : NULL;
	copy->platform = a->platform ? strdup(a->platform) : NULL;
	l->v[l->n++] = copy;
	return 0;
}

static int cmp_account(const void *x, const void *y)
{
	const som_account *a = *(som_account *const *)x, *b = *(som_account *const *)y;

	return som_sv_compare(a->display_name ? a->display_name : a->handle,
		b->display_name ? b->display_name : b->handle);
}

static void select_account(web_ctx *ctx, const char *selected)
{
	account_list l = { NULL, 0, 0 };
	char id[32];

	if (som_account_foreach(ctx->store, add_account, &l) != 0)
		som_error_clear();
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), cmp_account);
	web_html(ctx->out, "<select id=\"konto\" name=\"konto\">");
	option(ctx, "", "Alla konton", selected);
	for (size_t i = 0; i < l.n; i++) {
		som_buf label = SOM_BUF_INIT;
		snprintf(id, sizeof(id), "%" PRId64, l.v[i]->id);
		som_buf_printf(&label, "%s (%s)", l.v[i]->display_name ? l.v[i]->display_name :
			l.v[i]->handle, l.v[i]->platform);
		option(ctx, id, label.ptr ? label.ptr : "", selected);
		som_buf_dispose(&label);
		free(l.v[i]->display_name);
		free(l.v[i]->handle);
		free(l.v[i]->platform);
		free(l.v[i]);
	}
	free(l.v);
	web_html(ctx->out, "</select>");
}

static int add_series_option(const som_series *s, void *payload)
{
	void **args = payload;
	web_ctx *ctx = args[0];
	som_buf label = SOM_BUF_INIT;

	som_buf_printf(&label, "%s%s%s", s->prefix, s->name ? " – " : "", s->name ? s->name : "");
	option(ctx, s->prefix, label.ptr ? label.ptr : s->prefix, args[1]);
	som_buf_dispose(&label);
	return 0;
}

void web_select_series(web_ctx *ctx, const char *id, const char *selected,
	const char *all_label)
{
	void *args[2] = { ctx, (void *)selected };

	web_html(ctx->out, "<select id=\"%a\" name=\"serie\">", id);
	if (all_label)
		option(ctx, "", all_label, selected);
	if (som_series_list(ctx->store, add_series_option, args) != 0)
		som_error_clear();
	web_html(ctx->out, "</select>");
}

static void search_form(web_ctx *ctx, const criteria *c)
{
	som_buf *o = ctx->out;
	const char *const *platforms = som_account_platforms();

	web_html(o, "<form method=\"get\" action=\"/sok\" class=\"search\" role=\"search\">\n"
		"<p class=\"wide\"><label for=\"q\">Sökord</label>\n"
		"<input id=\"q\" name=\"q\" type=\"search\" value=\"%a\" "
		"aria-describedby=\"q-hjalp\">\n"
		"<span id=\"q-hjalp\" class=\"help\">Alla ord måste finnas. ”Fras” i citattecken, "
		"-ord utesluter, ord* matchar början.</span></p>\n"
		"<p><label for=\"avsandare\">Avsändare</label>\n"
		"<input id=\"avsandare\" name=\"avsandare\" value=\"%a\"></p>\n"
		"<p><label for=\"konto\">Konto</label>\n", c->q ? c->q : "",
		c->sender ? c->sender : "");
	select_account(ctx, c->account);
	web_html(o, "</p>\n<p><label for=\"plattform\">Plattform</label>\n"
		"<select id=\"plattform\" name=\"plattform\">");
	option(ctx, "", "Alla plattformar", c->platform);
	for (size_t i = 0; platforms[i]; i++)
		option(ctx, platforms[i], platforms[i], c->platform);
	web_html(o, "</select></p>\n"
		"<p><label for=\"fran\">Från och med</label>\n"
		"<input id=\"fran\" name=\"fran\" type=\"date\" value=\"%a\"></p>\n"
		"<p><label for=\"till\">Till och med</label>\n"
		"<input id=\"till\" name=\"till\" type=\"date\" value=\"%a\"></p>\n"
		"<p><label for=\"klass\">Klass</label>\n<select id=\"klass\" name=\"klass\">",
		c->from ? c->from : "", c->to ? c->to : "");
	option(ctx, "", "Alla klasser", c->cls);
	for (int k = 0; k < SOM_CLASS_COUNT; k++)
		option(ctx, som_class_name(k), web_sv_class(k), c->cls);
	web_html(o, "</select></p>\n<p><label for=\"flagga\">Flagga</label>\n"
		"<select id=\"flagga\" name=\"flagga\">");
	option(ctx, "", "Alla", c->flag);
	for (unsigned int f = 1; f <= SOM_FLAG_ALL; f <<= 1)
		option(ctx, som_flag_name(f), web_sv_flag(f), c->flag);
	web_html(o, "</select></p>\n<p><label for=\"arende\">Ärende</label>\n"
		"<input id=\"arende\" name=\"arende\" value=\"%a\" placeholder=\"KS 2026/1\"></p>\n"
		"<p><label for=\"serie\">Diarieserie</label>\n", c->case_number ? c->case_number : "");
	web_select_series(ctx, "serie", c->series, "Alla serier");
	/* The process code (klassificeringsstruktur) joins here when the registry has it. */
	web_html(o, "</p>\n<p><label for=\"ordning\">Ordning</label>\n"
		"<select id=\"ordning\" name=\"ordning\">");
	option(ctx, "", "Nyast först", c->order);
	option(ctx, "relevans", "Relevans", c->order);
	option(ctx, "avsandare", "Avsändare", c->order);
	web_html(o, "</select></p>\n<p class=\"check\"><input id=\"diarieford\" "
		"name=\"diarieford\" type=\"checkbox\" value=\"1\"%R>\n"
		"<label for=\"diarieford\">Endast diarieförda</label></p>\n"
		"<p class=\"wide\"><button type=\"submit\">Sök</button></p>\n</form>\n",
		c->registered ? " checked" : "");
}

/* ---- the hits ---- */

typedef struct page_state {
	web_ctx *ctx;
	int64_t skip, shown, seen;
	som_buf flags;
} page_state;

static int hit_html(const som_search_hit *h, void *payload)
{
	page_state *st = payload;
	som_buf *o = st->ctx->out;
	unsigned int flags = 0;

	if (st->seen++ < st->skip)
		return 0;
	if (st->shown == PAGE_SIZE) {
		st->shown++;
		return 1; /* one more than the page: there is a next page */
	}
	st->shown++;
	som_buf_clear(&st->flags);
	if (h->flags && *h->flags && som_flags_parse(&flags, h->flags) != 0)
		som_error_clear();
	web_sv_flags(&st->flags, flags);
	web_html(o, "<li class=\"hit\">\n<p class=\"meta\"><a href=\"/inlagg/%I\">%s %I</a> · "
		"<time datetime=\"%a\">%T</time> · %s · %s (%s)", h->item_id,
		web_sv_kind(h->kind), h->item_id, h->created, h->created, h->sender, h->account,
		h->platform);
	if (h->number)
		web_html(o, " · <strong>%s</strong>", h->number);
	web_html(o, " · %s", h->cls ? web_sv_class(som_class_parse(h->cls)) : "Oklassad");
	if (flags)
		web_html(o, " · <span class=\"flags\">%s</span>", st->flags.ptr);
	if (h->masked)
		web_html(o, " · sekretess");
	web_html(o, "</p>\n<p class=\"snippet\">%M</p>\n</li>\n", h->snippet);
	return 0;
}

void web_page_search(web_ctx *ctx)
{
	som_search_options o = SOM_SEARCH_OPTIONS_INIT;
	criteria c;
	page_state st;
	som_buf problem = SOM_BUF_INIT;
	char from[32], to[32];
	int error;

	read_criteria(&c, ctx);
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.skip = (c.page - 1) * PAGE_SIZE;
	web_page_begin(ctx, "Sök", "/sok");
	search_form(ctx, &c);
	error = to_options(&o, &problem, &c, from, to);
	if (error) {
		ctx->res->status = 400;
		web_notice(ctx, "error", problem.ptr ? problem.ptr : "Ogiltig sökning.");
		goto done;
	}
	o.limit = st.skip + PAGE_SIZE + 1;
	web_html(ctx->out, "<section aria-labelledby=\"traffar\">\n<h2 id=\"traffar\">Träffar</h2>\n"
		"<ol class=\"hits\" start=\"%I\">\n", st.skip + 1);
	error = som_search(ctx->store, &o, hit_html, &st);
	web_html(ctx->out, "</ol>\n");
	if (error < 0) {
		ctx->res->status = 400;
		som_buf_printf(&problem, "Sökningen kunde inte göras: %s.", web_error_words(error));
		web_notice(ctx, "error", problem.ptr);
		web_html(ctx->out, "<p class=\"detail\">Teknisk detalj (engelska): <code>%s</code></p>\n",
			som_error_last());
		som_error_clear();
	} else if (st.shown == 0) {
		web_html(ctx->out, "<p>Inga träffar.</p>\n");
	} else {
		web_html(ctx->out, "<p class=\"count\">Visar träff %I–%I.</p>\n<nav class=\"pages\" "
			"aria-label=\"Sidor\"><ul>", st.skip + 1,
			st.skip + (st.shown > PAGE_SIZE ? PAGE_SIZE : st.shown));
		if (c.page > 1) {
			web_html(ctx->out, "<li><a rel=\"prev\" href=\"/sok?");
			put_query(ctx->out, &c, c.page - 1);
			web_html(ctx->out, "\">Föregående sida</a></li>");
		}
		if (st.shown > PAGE_SIZE) {
			web_html(ctx->out, "<li><a rel=\"next\" href=\"/sok?");
			put_query(ctx->out, &c, c.page + 1);
			web_html(ctx->out, "\">Nästa sida</a></li>");
		}
		web_html(ctx->out, "<li><a href=\"/sok.csv?");
		put_query(ctx->out, &c, 1);
		web_html(ctx->out, "\">Exportera CSV</a></li></ul></nav>\n");
	}
	web_html(ctx->out, "</section>\n");
done:
	web_page_end(ctx);
	som_buf_dispose(&st.flags);
	som_buf_dispose(&problem);
}

/* ---- CSV ---- */

typedef struct csv_state {
	som_buf *out;
	int64_t n;
} csv_state;

static int strip_marks(som_buf *out, const char *s)
{
	int error = 0;

	som_buf_clear(out);
	for (const char *p = s ? s : ""; *p && !error; p++)
		if (*p != WEB_MARK_OPEN[0] && *p != WEB_MARK_CLOSE[0])
			error = som_buf_putc(out, *p);
	return error ? error : som_buf_puts(out, "");
}

static int hit_csv(const som_search_hit *h, void *payload)
{
	csv_state *st = payload;
	som_buf text = SOM_BUF_INIT;
	char item[32], created[32];
	int error;

	snprintf(item, sizeof(item), "%" PRId64, h->item_id);
	if (som_sv_local_time(created, h->created, 1) != 0)
		som_error_clear();
	error = strip_marks(&text, h->text);
	const char *cells[] = { item, created, h->sender, h->account, h->platform, h->kind,
		h->cls, h->flags, h->number, h->case_number, h->subject, text.ptr };
	for (size_t i = 0; !error && i < sizeof(cells) / sizeof(cells[0]); i++)
		error = som_buf_csv_field(st->out, cells[i], i + 1 == sizeof(cells) / sizeof(cells[0]));
	som_buf_dispose(&text);
	st->n++;
	return error;
}

void web_page_search_csv(web_ctx *ctx)
{
	som_search_options o = SOM_SEARCH_OPTIONS_INIT;
	criteria c;
	csv_state st = { ctx->out, 0 };
	som_buf problem = SOM_BUF_INIT;
	char from[32], to[32];
	int error;

	read_criteria(&c, ctx);
	if (to_options(&o, &problem, &c, from, to) != 0) {
		web_fail(ctx, 400, "Ogiltig sökning", problem.ptr ? problem.ptr : "Ogiltig sökning.", 0);
		som_buf_dispose(&problem);
		return;
	}
	o.limit = CSV_MAX;
	o.mark_open = o.mark_close = "";
	som_buf_puts(ctx->out, "\xef\xbb\xbf");  /* a BOM: spreadsheets then read UTF-8 */
	som_buf_puts(ctx->out, "inlagg,skapad,avsandare,konto,plattform,typ,klass,flaggor,"
		"diarienummer,arende,arendemening,text\r\n");
	error = som_search(ctx->store, &o, hit_csv, &st);
	if (error) {
		web_fail(ctx, 400, "Sökningen kunde inte göras", "Ingen CSV kunde skapas.", error);
		return;
	}
	ctx->res->content_type = "text/csv; charset=utf-8";
	web_response_header(ctx->res, "Content-Disposition",
		"attachment; filename=\"somarkiv-sok.csv\"");
}
