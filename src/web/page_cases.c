/*
 * Ärenden and Diarium: cases by series, status and officer (opened,
 * viewed with their documents in order and numbers, closed and reopened),
 * and the registry extract (diarieutdrag) for a period: printable (the
 * style sheet has a print form) and as CSV. The forms are tables of
 * fields, so that what the registry learns later (a process code, how and
 * why a case was closed) is a line more.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "web/web.h"

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* Does `hay` contain `needle`, in Swedish order's sense of letter case? ASCII and åäö folded. */
static int contains_folded(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = hay; p && *p; p++) {
		size_t i = 0;
		while (i < n && p[i]) {
			unsigned char a = (unsigned char)p[i], b = (unsigned char)needle[i];
			if (a >= 'A' && a <= 'Z')
				a += 32;
			if (b >= 'A' && b <= 'Z')
				b += 32;
			/* Å Ä Ö (C3 85/84/96) and å ä ö (C3 A5/A4/B6) differ by 0x20 in the second byte. */
			if (i > 0 && (unsigned char)p[i - 1] == 0xC3 && (unsigned char)needle[i - 1] == 0xC3) {
				a |= 0x20;
				b |= 0x20;
			}
			if (a != b)
				break;
			i++;
		}
		if (i == n)
			return 1;
	}
	return 0;
}

/* ---- Ärenden ---- */

typedef struct case_list {
	web_ctx *ctx;
	const char *officer;
	int n;
} case_list;

static int case_row(const som_case *c, void *payload)
{
	case_list *l = payload;

	if (l->officer && !(c->officer && contains_folded(c->officer, l->officer)))
		return 0;
	if (!l->n++)
		web_html(l->ctx->out, "<table>\n<caption>Ärenden</caption>\n<thead><tr>"
			"<th scope=\"col\">Nummer</th><th scope=\"col\">Ärendemening</th>"
			"<th scope=\"col\">Handläggare</th><th scope=\"col\">Status</th>"
			"<th scope=\"col\">Öppnat</th><th scope=\"col\">Avslutat</th>"
			"<th scope=\"col\">Handlingar</th><th scope=\"col\">Sekretess</th></tr></thead>\n"
			"<tbody>\n");
	web_html(l->ctx->out, "<tr><td class=\"number\"><a href=\"/arende?nr=%u\">%s</a></td>"
		"<td>%s</td><td>%s</td><td>%s</td><td>%D</td><td>%D</td><td>%I</td><td>%R%s</td></tr>\n",
		c->number, c->number, c->title, c->officer, web_sv_case_status(c->status), c->opened,
		c->closed, c->n_documents, c->collective ? "samlingsärende " : "",
		c->secrecy ? c->secrecy : "");
	return 0;
}

static void status_option(web_ctx *ctx, const char *value, const char *label,
	const char *selected)
{
	web_html(ctx->out, "<option value=\"%a\"%R>%s</option>", value,
		(selected ? strcmp(selected, value) == 0 : !*value) ? " selected" : "", label);
}

void web_page_cases(web_ctx *ctx)
{
	case_list l = { ctx, nonempty(web_query(ctx, "handlaggare")), 0 };
	const char *series = nonempty(web_query(ctx, "serie"));
	const char *status = nonempty(web_query(ctx, "status"));
	int error;

	if (status && strcmp(status, "open") && strcmp(status, "closed"))
		status = NULL;
	web_page_begin(ctx, "Ärenden", "/arenden");
	web_html(ctx->out, "<form method=\"get\" action=\"/arenden\" class=\"search\">\n"
		"<p><label for=\"serie\">Diarieserie</label>\n");
	web_select_series(ctx, "serie", series, "Alla serier");
	web_html(ctx->out, "</p>\n<p><label for=\"status\">Status</label>\n"
		"<select id=\"status\" name=\"status\">");
	status_option(ctx, "", "Alla", status);
	status_option(ctx, "open", "Öppna", status);
	status_option(ctx, "closed", "Avslutade", status);
	web_html(ctx->out, "</select></p>\n<p><label for=\"handlaggare\">Handläggare</label>\n"
		"<input id=\"handlaggare\" name=\"handlaggare\" value=\"%a\"></p>\n"
		"<p class=\"wide\"><button type=\"submit\">Visa</button></p>\n</form>\n",
		l.officer ? l.officer : "");
	error = som_case_foreach(ctx->store, series, status, case_row, &l);
	if (l.n)
		web_html(ctx->out, "</tbody>\n</table>\n");
	if (error) {
		web_notice(ctx, "error", "Ärendena kunde inte läsas.");
		som_error_clear();
	} else if (!l.n) {
		web_html(ctx->out, "<p>Inga ärenden.</p>\n");
	}
	if (web_can(ctx, SOM_ROLE_REGISTRAR)) {
		web_html(ctx->out, "<form method=\"post\" action=\"/arenden/nytt\" class=\"action\">\n"
			"<h2>Öppna ett nytt ärende</h2>\n");
		web_csrf_field(ctx);
		web_html(ctx->out, "<p><label for=\"nytt-serie\">Diarieserie</label>\n");
		web_select_series(ctx, "nytt-serie", NULL, NULL);
		web_html(ctx->out, "</p>\n<p><label for=\"titel\">Ärendemening</label>\n"
			"<input id=\"titel\" name=\"titel\" required></p>\n"
			"<p><label for=\"nytt-handlaggare\">Handläggare</label>\n"
			"<input id=\"nytt-handlaggare\" name=\"handlaggare\"></p>\n"
			"<p><label for=\"nytt-sekretess\">Sekretess (paragraf)</label>\n"
			"<input id=\"nytt-sekretess\" name=\"sekretess\" placeholder=\"OSL 26:1\"></p>\n"
			"<p><button type=\"submit\">Öppna ärende</button></p>\n</form>\n");
	}
	web_page_end(ctx);
}

typedef struct doc_list {
	web_ctx *ctx;
	int n;
	int csv;
} doc_list;

static int doc_row(const som_registration *r, void *payload)
{
	doc_list *l = payload;
	web_ctx *ctx = l->ctx;

	if (l->csv) {
		const char *cells[] = { r->number, r->date, r->direction,
			r->counterparty_protected ? r->counterparty_protected : r->counterparty,
			r->subject_protected ? r->subject_protected : r->subject, r->case_number,
			r->secrecy, r->registrar, r->status };
		for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
			if (som_buf_csv_field(ctx->out, cells[i], i + 1 == sizeof(cells) / sizeof(cells[0])))
				return SOM_ENOMEM;
		return 0;
	}
	if (!l->n++)
		web_html(ctx->out, "<table class=\"registry\">\n<caption>Handlingar</caption>\n"
			"<thead><tr><th scope=\"col\">Nummer</th><th scope=\"col\">Datum</th>"
			"<th scope=\"col\">Riktning</th><th scope=\"col\">Motpart</th>"
			"<th scope=\"col\">Ämne</th><th scope=\"col\">Sekretess</th>"
			"<th scope=\"col\">Status</th><th scope=\"col\">Inlägg</th></tr></thead>\n<tbody>\n");
	web_html(ctx->out, "<tr%R><td class=\"number\">%s</td><td>%s</td><td>%s</td><td>%s</td>"
		"<td>%s</td><td>%s</td><td>%R</td><td><a href=\"/inlagg/%I\">%I</a></td></tr>\n",
		strcmp(r->status, "valid") ? " class=\"corrected\"" : "", r->number, r->date,
		web_sv_direction(r->direction),
		r->counterparty_protected ? r->counterparty_protected : r->counterparty,
		r->subject_protected ? r->subject_protected : r->subject, r->secrecy ? r->secrecy : "",
		strcmp(r->status, "valid") == 0 ? "Giltig" : "Felregistrerad", r->item_id, r->item_id);
	return 0;
}

void web_page_case(web_ctx *ctx)
{
	som_registry_filter f = SOM_REGISTRY_FILTER_INIT;
	som_case *c = NULL;
	som_buf title = SOM_BUF_INIT;
	doc_list l = { ctx, 0, 0 };
	const char *number = web_query(ctx, "nr");
	const char *done = web_query(ctx, "klart");
	int error;

	if (!number || (error = som_case_get(&c, ctx->store, number)) != 0) {
		web_fail(ctx, 404, "Ärendet finns inte", "Det finns inget sådant ärende.",
			number ? SOM_ENOTFOUND : 0);
		return;
	}
	som_buf_printf(&title, "Ärende %s", c->number);
	web_page_begin(ctx, title.ptr, "/arenden");
	if (done)
		web_notice(ctx, "ok", strcmp(done, "oppnat") == 0 ? "Ärendet är öppnat." :
			strcmp(done, "stangt") == 0 ? "Ärendet är avslutat." : "Ärendet är öppnat igen.");
	web_html(ctx->out, "<dl class=\"facts\">\n<dt>Ärendemening</dt><dd>%s</dd>\n"
		"<dt>Handläggare</dt><dd>%s</dd>\n<dt>Status</dt><dd>%s</dd>\n"
		"<dt>Öppnat</dt><dd>%D</dd>\n<dt>Avslutat</dt><dd>%D</dd>\n"
		"<dt>Sekretess</dt><dd>%s</dd>\n</dl>\n", c->title, c->officer,
		web_sv_case_status(c->status), c->opened, c->closed,
		c->secrecy ? c->secrecy : "Ingen");
	f.case_number = c->number;
	if ((error = som_registry_foreach(ctx->store, &f, doc_row, &l)) != 0) {
		web_notice(ctx, "error", "Handlingarna kunde inte läsas.");
		som_error_clear();
	}
	if (l.n)
		web_html(ctx->out, "</tbody>\n</table>\n");
	else
		web_html(ctx->out, "<p>Inga handlingar ännu.</p>\n");
	if (web_can(ctx, SOM_ROLE_REGISTRAR)) {
		int open = strcmp(c->status, "open") == 0;
		web_html(ctx->out, "<form method=\"post\" action=\"/arenden/stang\" class=\"action\">\n"
			"<h2>%s</h2>\n", open ? "Avsluta ärendet" : "Öppna ärendet igen");
		web_csrf_field(ctx);
		if (open)
			web_html(ctx->out, "<p><label for=\"hur\">Hur ärendet avslutas</label>\n"
				"<select id=\"hur\" name=\"hur\" required>\n"
				"<option value=\"%a\">Beslut</option>\n"
				"<option value=\"%a\">Avskrivet</option>\n"
				"<option value=\"%a\">Besvarat</option>\n"
				"<option value=\"%a\">Överlämnat</option>\n"
				"<option value=\"%a\">Sammanlagt</option>\n</select></p>\n"
				"<p><label for=\"datum\">Datum (tomt: i dag)</label>\n"
				"<input id=\"datum\" name=\"datum\" type=\"date\"></p>\n"
				"<p><label for=\"skal\">Kommentar</label>\n"
				"<input id=\"skal\" name=\"skal\" type=\"text\"></p>\n"
				"<p><input id=\"tvinga\" name=\"tvinga\" type=\"checkbox\" value=\"1\">\n"
				"<label for=\"tvinga\">Avsluta även utan handlingar</label></p>\n",
				SOM_CASE_CLOSED_DECISION, SOM_CASE_CLOSED_WRITTEN_OFF,
				SOM_CASE_CLOSED_ANSWERED, SOM_CASE_CLOSED_TRANSFERRED,
				SOM_CASE_CLOSED_JOINED);
		web_html(ctx->out, "<input type=\"hidden\" name=\"nr\" value=\"%a\">\n"
			"<input type=\"hidden\" name=\"atgard\" value=\"%R\">\n"
			"<p><button type=\"submit\">%s</button></p>\n</form>\n", c->number,
			open ? "stang" : "oppna", open ? "Avsluta ärendet" : "Öppna igen");
	}
	web_page_end(ctx);
	som_buf_dispose(&title);
	som_case_free(c);
}

static void back_to_case(web_ctx *ctx, const char *number, const char *done)
{
	som_buf where = SOM_BUF_INIT;

	web_html(&where, "/arende?nr=%u&klart=%R", number, done);
	web_redirect(ctx, where.ptr ? where.ptr : "/arenden");
	som_buf_dispose(&where);
}

void web_action_case_open(web_ctx *ctx)
{
	som_case_options o = SOM_CASE_OPTIONS_INIT;
	som_store *store = NULL;
	som_case *c = NULL;
	som_buf series = SOM_BUF_INIT, title = SOM_BUF_INIT, officer = SOM_BUF_INIT,
		secrecy = SOM_BUF_INIT;
	int error;

	o.series = web_form_text(ctx, "serie", &series);
	o.title = web_form_text(ctx, "titel", &title);
	o.officer = web_form_text(ctx, "handlaggare", &officer);
	o.secrecy = web_form_text(ctx, "sekretess", &secrecy);
	if (!o.series || !o.title) {
		web_fail(ctx, 400, "Ärendet öppnades inte", "Ange diarieserie och ärendemening.", 0);
		goto done;
	}
	if (web_open_writer(&store, ctx) != 0)
		goto done;
	if ((error = som_case_open(&c, store, &o)) != 0) {
		web_fail(ctx, 400, "Ärendet öppnades inte", "Ärendet kunde inte öppnas.", error);
		goto done;
	}
	back_to_case(ctx, c->number, "oppnat");
done:
	som_case_free(c);
	som_store_free(store);
	som_buf_dispose(&series);
	som_buf_dispose(&title);
	som_buf_dispose(&officer);
	som_buf_dispose(&secrecy);
}

void web_action_case_close(web_ctx *ctx)
{
	som_store *store = NULL;
	som_case *c = NULL;
	const char *number = web_form(ctx, "nr");
	const char *how = web_form(ctx, "atgard");
	int reopen = how && strcmp(how, "oppna") == 0, error;

	if (!number || !how || (!reopen && strcmp(how, "stang") != 0)) {
		web_fail(ctx, 400, "Ingen ändring", "Formuläret nämner inget ärende.", 0);
		return;
	}
	if (web_open_writer(&store, ctx) != 0)
		return;
	if (reopen) {
		error = som_case_reopen(store, number);
	} else {
		som_case_close_options close = SOM_CASE_CLOSE_OPTIONS_INIT;
		close.how = nonempty(web_form(ctx, "hur"));
		close.date = nonempty(web_form(ctx, "datum"));
		close.reason = nonempty(web_form(ctx, "skal"));
		close.force = web_form(ctx, "tvinga") != NULL;
		error = som_case_close(store, number, &close);
	}
	if (!error)
		error = som_case_get(&c, store, number);
	if (error)
		web_fail(ctx, 400, reopen ? "Ärendet öppnades inte" : "Ärendet avslutades inte",
			"Ärendet kunde inte ändras.", error);
	else
		back_to_case(ctx, c->number, reopen ? "ateroppnat" : "stangt");
	som_case_free(c);
	som_store_free(store);
}

/* ---- Diarium: the registry extract ---- */

static int registry_filter(som_registry_filter *f, web_ctx *ctx)
{
	char a[32], b[32];

	f->series = nonempty(web_query(ctx, "serie"));
	f->from = nonempty(web_query(ctx, "fran"));
	f->to = nonempty(web_query(ctx, "till"));
	/* Registration dates are Swedish dates already: only check them. */
	if ((f->from && som_sv_day_bounds(a, b, f->from) != 0) ||
	    (f->to && som_sv_day_bounds(a, b, f->to) != 0)) {
		som_error_clear();
		return -1;
	}
	return 0;
}

void web_page_registry(web_ctx *ctx)
{
	som_registry_filter f = SOM_REGISTRY_FILTER_INIT;
	doc_list l = { ctx, 0, 0 };
	int bad = registry_filter(&f, ctx), error = 0;

	web_page_begin(ctx, "Diarium", "/diarieutdrag");
	web_html(ctx->out, "<form method=\"get\" action=\"/diarieutdrag\" class=\"search\">\n"
		"<p><label for=\"serie\">Diarieserie</label>\n");
	web_select_series(ctx, "serie", f.series, "Alla serier");
	web_html(ctx->out, "</p>\n<p><label for=\"fran\">Från och med</label>\n"
		"<input id=\"fran\" name=\"fran\" type=\"date\" value=\"%a\"></p>\n"
		"<p><label for=\"till\">Till och med</label>\n"
		"<input id=\"till\" name=\"till\" type=\"date\" value=\"%a\"></p>\n"
		"<p class=\"wide\"><button type=\"submit\">Visa</button></p>\n</form>\n",
		f.from ? f.from : "", f.to ? f.to : "");
	if (bad) {
		ctx->res->status = 400;
		web_notice(ctx, "error", "Datumen ska skrivas ÅÅÅÅ-MM-DD.");
		web_page_end(ctx);
		return;
	}
	web_html(ctx->out, "<p class=\"period\">Diarieutdrag%R%s%R%s%R%s. Skriv ut med "
		"webbläsarens utskrift: menyer och formulär tas då bort.</p>\n",
		f.series ? " för serie " : "", f.series ? f.series : "", f.from ? " från och med " : "",
		f.from ? f.from : "", f.to ? " till och med " : "", f.to ? f.to : "");
	error = som_registry_foreach(ctx->store, &f, doc_row, &l);
	if (l.n)
		web_html(ctx->out, "</tbody>\n</table>\n");
	if (error) {
		web_notice(ctx, "error", "Diariet kunde inte läsas.");
		web_html(ctx->out, "<p class=\"detail\">Teknisk detalj (engelska): <code>%s</code></p>\n",
			som_error_last());
		som_error_clear();
	} else if (!l.n) {
		web_html(ctx->out, "<p>Inga registreringar.</p>\n");
	} else {
		web_html(ctx->out, "<p><a href=\"/diarieutdrag.csv?serie=%u&amp;fran=%u&amp;till=%u\">"
			"Exportera CSV</a></p>\n", f.series ? f.series : "", f.from ? f.from : "",
			f.to ? f.to : "");
	}
	web_page_end(ctx);
}

void web_page_registry_csv(web_ctx *ctx)
{
	som_registry_filter f = SOM_REGISTRY_FILTER_INIT;
	doc_list l = { ctx, 0, 1 };
	int error;

	if (registry_filter(&f, ctx) != 0) {
		web_fail(ctx, 400, "Ogiltigt datum", "Datumen ska skrivas ÅÅÅÅ-MM-DD.", 0);
		return;
	}
	som_buf_puts(ctx->out, "\xef\xbb\xbf" "nummer,datum,riktning,motpart,amne,arende,"
		"sekretess,registrator,status\r\n");
	if ((error = som_registry_foreach(ctx->store, &f, doc_row, &l)) != 0) {
		web_fail(ctx, 500, "Diariet kunde inte läsas", "Ingen CSV kunde skapas.", error);
		return;
	}
	ctx->res->content_type = "text/csv; charset=utf-8";
	web_response_header(ctx->res, "Content-Disposition",
		"attachment; filename=\"somarkiv-diarium.csv\"");
}
