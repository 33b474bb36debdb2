/*
 * Inlägg: one item as the registrar needs it: its thread (the items it
 * answers, up to the post, and the answers to it), every version, its
 * attachments (images shown, others to download), where it came from, the
 * classification with its explanation and history, flags, secrecy and
 * registrations; and, for a registrar, the actions: register (new case,
 * existing case, the plan's route), correct a registration, set the class
 * with a reason, resolve the flags. Each action is a form posted to its
 * own address, audited under the logged-in user by the library.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "web/web.h"

#define THREAD_UP 8        /* items shown above this one */
#define ANSWERS_MAX 200

static int parse_id(int64_t *out, const char *s)
{
	char *end = NULL;

	if (!s || *s < '1' || *s > '9')
		return -1;
	*out = strtoll(s, &end, 10);
	return *end || *out < 1 ? -1 : 0;
}

static const char *current_text(const som_item *item)
{
	return item->n_versions ? item->versions[item->n_versions - 1].text : "";
}

static void item_line(web_ctx *ctx, const som_item *it, const char *cls)
{
	som_buf ex = SOM_BUF_INIT;

	web_excerpt(&ex, current_text(it), 160);
	web_html(ctx->out, "<li%R><a href=\"/inlagg/%I\">%s %I</a> · %s · "
		"<time datetime=\"%a\">%T</time><br>%s</li>\n", cls, it->id, web_sv_kind(it->kind),
		it->id, it->author_name ? it->author_name : it->author_id, it->created,
		it->created, ex.ptr);
	som_buf_dispose(&ex);
}

typedef struct answers {
	web_ctx *ctx;
	int n;
} answers;

static int answer_line(const som_item *it, void *payload)
{
	answers *a = payload;

	item_line(a->ctx, it, "");
	return ++a->n >= ANSWERS_MAX;
}

static void thread_section(web_ctx *ctx, const som_item *item)
{
	som_item *up[THREAD_UP];
	som_item_filter f = SOM_ITEM_FILTER_INIT;
	answers a = { ctx, 0 };
	char ref[32];
	int n = 0;
	int64_t parent = item->parent_id;

	while (parent && n < THREAD_UP) {
		snprintf(ref, sizeof(ref), "%" PRId64, parent);
		if (som_item_lookup(&up[n], ctx->store, ref) != 0) {
			som_error_clear();
			break;
		}
		parent = up[n]->parent_id;
		n++;
	}
	web_html(ctx->out, "<section aria-labelledby=\"trad\">\n<h2 id=\"trad\">Tråden</h2>\n");
	if (n) {
		web_html(ctx->out, "<p>Svarar på:</p>\n<ol class=\"thread\">\n");
		for (int i = n - 1; i >= 0; i--) {
			item_line(ctx, up[i], "");
			som_item_free(up[i]);
		}
		web_html(ctx->out, "</ol>\n");
	} else if (item->parent_platform_id) {
		web_html(ctx->out, "<p>Svarar på ett inlägg som inte finns i arkivet (%s).</p>\n",
			item->parent_platform_id);
	}
	f.parent_id = item->id;
	web_html(ctx->out, "<p>Svar på detta:</p>\n<ol class=\"thread\">\n");
	if (som_item_foreach(ctx->store, &f, answer_line, &a) < 0)
		som_error_clear();
	web_html(ctx->out, "</ol>\n");
	if (!a.n)
		web_html(ctx->out, "<p>Inga svar.</p>\n");
	web_html(ctx->out, "</section>\n");
}

static int is_http_url(const char *u)
{
	return u && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);
}

static void head_section(web_ctx *ctx, const som_item *item, const som_account *account)
{
	som_buf *o = ctx->out;

	web_html(o, "<dl class=\"facts\">\n<dt>Typ</dt><dd>%s</dd>\n"
		"<dt>Konto</dt><dd>%s (%s)</dd>\n<dt>Avsändare</dt><dd>%s%R%s%R%R</dd>\n"
		"<dt>Skapad</dt><dd><time datetime=\"%a\">%T</time></dd>\n",
		web_sv_kind(item->kind), account ? account->handle : "–", item->platform,
		item->author_name ? item->author_name : item->author_id,
		item->author_name && item->author_id ? " <span class=\"id\">(" : "",
		item->author_name && item->author_id ? item->author_id : "",
		item->author_name && item->author_id ? ")</span>" : "",
		item->by_account ? " – kontot självt (upprättad)" : "", item->created, item->created);
	if (is_http_url(item->url))
		web_html(o, "<dt>På plattformen</dt><dd><a href=\"%a\" rel=\"noopener noreferrer\">"
			"%s</a></dd>\n", item->url, item->url);
	if (item->removed_capture)
		web_html(o, "<dt>Borttaget</dt><dd>Finns inte längre på plattformen "
			"(upptäckt <time datetime=\"%a\">%T</time>, insamling %I)</dd>\n",
			item->removed_at, item->removed_at, item->removed_capture);
	web_html(o, "</dl>\n");
}

static void versions_section(web_ctx *ctx, const som_item *item)
{
	som_buf *o = ctx->out;

	web_html(o, "<section aria-labelledby=\"text\">\n<h2 id=\"text\">Text</h2>\n"
		"<div class=\"text\">%s</div>\n", current_text(item));
	if (item->n_versions > 1) {
		web_html(o, "<h3>Alla versioner (%I)</h3>\n<ol class=\"versions\">\n",
			(int64_t)item->n_versions);
		for (size_t i = 0; i < item->n_versions; i++) {
			const som_version *v = &item->versions[i];
			web_html(o, "<li><p class=\"meta\">Version %I%R · sedd "
				"<time datetime=\"%a\">%T</time> (insamling %I)", v->seq,
				i + 1 == item->n_versions ? " (nuvarande)" : "", v->observed, v->observed,
				v->capture_id);
			if (v->edited)
				web_html(o, " · redigerad <time datetime=\"%a\">%T</time>", v->edited,
					v->edited);
			web_html(o, "</p>\n<div class=\"text\">%s</div></li>\n", v->text);
		}
		web_html(o, "</ol>\n");
	}
	web_html(o, "</section>\n");
}

static void attachments_section(web_ctx *ctx, const som_item *item)
{
	som_buf *o = ctx->out;
	som_buf alt = SOM_BUF_INIT;

	if (!item->n_attachments)
		return;
	web_html(o, "<section aria-labelledby=\"bilagor\">\n<h2 id=\"bilagor\">Bilagor</h2>\n"
		"<ul class=\"attachments\">\n");
	for (size_t i = 0; i < item->n_attachments; i++) {
		const som_attachment *a = &item->attachments[i];
		const char *name = strrchr(a->path, '/') ? strrchr(a->path, '/') + 1 : a->path;
		if (!a->digest) {
			web_html(o, "<li>%s – saknades i exporten</li>\n", name);
			continue;
		}
		if (a->mime && strncmp(a->mime, "image/", 6) == 0 && strcmp(a->mime, "image/svg+xml")) {
			som_buf_clear(&alt);
			som_buf_printf(&alt, "Bild %zu till inlägget", i + 1);
			web_html(o, "<li><figure><img src=\"/bilaga/%I/%I\" alt=\"%a\" loading=\"lazy\">"
				"<figcaption>%s (%s, %I byte)</figcaption></figure></li>\n", item->id,
				(int64_t)(i + 1), a->description && *a->description ? a->description : alt.ptr,
				name, a->mime, a->size);
		} else {
			web_html(o, "<li><a href=\"/bilaga/%I/%I\" download>%s</a> (%s, %I byte)</li>\n",
				item->id, (int64_t)(i + 1), name, a->mime ? a->mime : "okänd typ", a->size);
		}
	}
	web_html(o, "</ul>\n</section>\n");
	som_buf_dispose(&alt);
}

static void provenance_section(web_ctx *ctx, const som_item *item)
{
	som_capture *cap = NULL;

	web_html(ctx->out, "<section aria-labelledby=\"harkomst\">\n<h2 id=\"harkomst\">"
		"Härkomst</h2>\n<dl class=\"facts\">\n<dt>Läst av</dt><dd>%s</dd>\n"
		"<dt>Plattformens id</dt><dd><code>%s</code></dd>\n", item->format,
		item->platform_id);
	if (som_capture_get(&cap, ctx->store, item->first_capture) == 0) {
		web_html(ctx->out, "<dt>Första insamling</dt><dd>nr %I: %s, "
			"<time datetime=\"%a\">%T</time>, av %s</dd>\n<dt>Exportfilens SHA-256</dt>"
			"<dd><code>%s</code></dd>\n", cap->id, cap->source_name, cap->started,
			cap->started, cap->actor, cap->source_sha256);
	} else {
		som_error_clear();
	}
	web_html(ctx->out, "</dl>\n</section>\n");
	som_capture_free(cap);
}

static void explanation(web_ctx *ctx, const som_classification *c)
{
	som_classify_result *r = NULL;

	if (c->by_person || som_classify_result_from_json(&r, c->explanation) != 0) {
		som_error_clear();
		return;
	}
	web_html(ctx->out, "<details><summary>Förklaring (plan %s)</summary>\n<ul>\n",
		r->plan_version);
	for (size_t i = 0; i < r->n_rules; i++) {
		const som_rule_match *m = &r->rules[i];
		web_html(ctx->out, "<li>Regel <code>%s</code>%R%s%R%s:", m->id,
			m->cls != SOM_CLASS_NONE ? " föreslår " : "",
			m->cls != SOM_CLASS_NONE ? web_sv_class(m->cls) : "",
			m->flag ? ", flagga " : "", m->flag ? web_sv_flag(m->flag) : "");
		for (size_t j = 0; j < m->n_evidence; j++) {
			const som_evidence *e = &m->evidence[j];
			web_html(ctx->out, "%R %s", j ? ";" : "", e->on);
			if (e->pattern)
				web_html(ctx->out, " ”%s”", e->pattern);
			if (e->text)
				web_html(ctx->out, " träffade <mark>%s</mark>", e->text);
		}
		web_html(ctx->out, "</li>\n");
	}
	if (r->otherwise)
		web_html(ctx->out, "<li>Ingen klassregel träffade: planens standard, för granskning.</li>\n");
	web_html(ctx->out, "</ul>\n</details>\n");
	som_classify_result_free(r);
}

static int history_line(const som_classification *c, void *payload)
{
	web_ctx *ctx = payload;
	som_buf flags = SOM_BUF_INIT;

	web_sv_flags(&flags, c->flags);
	web_html(ctx->out, "<li><time datetime=\"%a\">%T</time>: %s%R%s%R", c->time, c->time,
		web_sv_class(c->cls), c->flags ? ", flaggor: " : "", flags.ptr,
		c->resolved ? " (åtgärdade)" : "");
	if (c->by_person)
		web_html(ctx->out, " – beslut av %s: ”%s”", c->actor, c->reason);
	else
		web_html(ctx->out, " – plan %s", c->plan_version);
	web_html(ctx->out, "</li>\n");
	som_buf_dispose(&flags);
	return 0;
}

static void class_select(web_ctx *ctx, int current)
{
	web_html(ctx->out, "<select id=\"klass\" name=\"klass\" required>");
	for (int k = 0; k < SOM_CLASS_COUNT; k++)
		web_html(ctx->out, "<option value=\"%a\"%R>%s</option>", som_class_name(k),
			k == current ? " selected" : "", web_sv_class(k));
	web_html(ctx->out, "</select>");
}

static void classification_section(web_ctx *ctx, const som_item *item,
	som_classification *c)
{
	som_buf flags = SOM_BUF_INIT;

	web_html(ctx->out, "<section aria-labelledby=\"klassning\">\n<h2 id=\"klassning\">"
		"Klassning</h2>\n");
	if (!c) {
		web_html(ctx->out, "<p>Inte klassad ännu.</p>\n");
	} else {
		web_sv_flags(&flags, c->flags);
		web_html(ctx->out, "<p class=\"class\"><strong>%s</strong>", web_sv_class(c->cls));
		if (c->flags)
			web_html(ctx->out, " · flaggor: <span class=\"flags\">%s</span>%R", flags.ptr,
				c->resolved ? " (åtgärdade)" : " (ej åtgärdade)");
		if (c->review)
			web_html(ctx->out, " · osäker, för granskning");
		web_html(ctx->out, "</p>\n");
		if (c->by_person)
			web_html(ctx->out, "<p>Beslut av %s <time datetime=\"%a\">%T</time>: ”%s”</p>\n",
				c->actor, c->time, c->time, c->reason);
		explanation(ctx, c);
		web_html(ctx->out, "<details><summary>Historik</summary>\n<ol>\n");
		if (som_classification_history(ctx->store, item->id, history_line, ctx) != 0)
			som_error_clear();
		web_html(ctx->out, "</ol>\n</details>\n");
	}
	if (web_can(ctx, SOM_ROLE_REGISTRAR)) {
		web_html(ctx->out, "<form method=\"post\" action=\"/klassa\" class=\"action\">\n"
			"<h3>Ändra klass</h3>\n");
		web_csrf_field(ctx);
		web_html(ctx->out, "<input type=\"hidden\" name=\"inlagg\" value=\"%I\">\n"
			"<p><label for=\"klass\">Klass</label>\n", item->id);
		class_select(ctx, c ? c->cls : SOM_CLASS_NONE);
		web_html(ctx->out, "</p>\n<p><label for=\"klass-skal\">Skäl</label>\n"
			"<input id=\"klass-skal\" name=\"skal\" required></p>\n"
			"<p><button type=\"submit\">Spara klass</button></p>\n</form>\n");
		if (c && c->flags && !c->resolved) {
			web_html(ctx->out, "<form method=\"post\" action=\"/atgarda-flaggor\" "
				"class=\"action\">\n<h3>Åtgärda flaggor</h3>\n");
			web_csrf_field(ctx);
			web_html(ctx->out, "<input type=\"hidden\" name=\"inlagg\" value=\"%I\">\n"
				"<p>Flaggorna (%s) är åtgärdade: sparat, anmält eller borttaget.</p>\n"
				"<p><label for=\"flagg-skal\">Skäl</label>\n"
				"<input id=\"flagg-skal\" name=\"skal\" required></p>\n"
				"<p><button type=\"submit\">Markera som åtgärdade</button></p>\n</form>\n",
				item->id, flags.ptr);
		}
	}
	web_html(ctx->out, "</section>\n");
	som_buf_dispose(&flags);
}

typedef struct regs {
	web_ctx *ctx;
	int64_t item_id;
	int n, valid;
} regs;

static int registration_row(const som_registration *r, void *payload)
{
	regs *st = payload;
	web_ctx *ctx = st->ctx;

	if (r->item_id != st->item_id)
		return 0;
	if (!st->n++)
		web_html(ctx->out, "<table>\n<caption>Registreringar av inlägget</caption>\n"
			"<thead><tr><th scope=\"col\">Nummer</th><th scope=\"col\">Datum</th>"
			"<th scope=\"col\">Riktning</th><th scope=\"col\">Motpart</th>"
			"<th scope=\"col\">Ämne</th><th scope=\"col\">Sekretess</th>"
			"<th scope=\"col\">Registrator</th><th scope=\"col\">Status</th></tr></thead>\n"
			"<tbody>\n");
	st->valid += strcmp(r->status, "valid") == 0;
	web_html(ctx->out, "<tr><td class=\"number\">%s</td><td>%s</td><td>%s</td><td>%s</td>"
		"<td>%s</td><td>%s</td><td>%s</td><td>%R</td></tr>\n", r->number, r->date,
		web_sv_direction(r->direction),
		r->counterparty_protected ? r->counterparty_protected : r->counterparty,
		r->subject_protected ? r->subject_protected : r->subject,
		r->secrecy ? r->secrecy : "", r->registrar,
		strcmp(r->status, "valid") == 0 ? "Giltig" : "Felregistrerad");
	return 0;
}

static void register_form(web_ctx *ctx, const som_item *item)
{
	som_buf *o = ctx->out;

	web_html(o, "<form method=\"post\" action=\"/registrera\" class=\"action register\">\n"
		"<h3>Registrera</h3>\n");
	web_csrf_field(ctx);
	web_html(o, "<input type=\"hidden\" name=\"inlagg\" value=\"%I\">\n"
		"<fieldset>\n<legend>Var</legend>\n"
		"<p class=\"check\"><input type=\"radio\" id=\"satt-nytt\" name=\"satt\" value=\"nytt\" "
		"checked> <label for=\"satt-nytt\">I ett nytt ärende</label></p>\n"
		"<p class=\"check\"><input type=\"radio\" id=\"satt-befintligt\" name=\"satt\" "
		"value=\"befintligt\"> <label for=\"satt-befintligt\">I ett befintligt ärende</label></p>\n"
		"<p class=\"check\"><input type=\"radio\" id=\"satt-plan\" name=\"satt\" value=\"plan\"> "
		"<label for=\"satt-plan\">Enligt planens väg (eget nummer eller samlingsärende)</label></p>\n"
		"</fieldset>\n<fieldset class=\"when-nytt\">\n<legend>Nytt ärende</legend>\n"
		"<p><label for=\"titel\">Ärendemening</label>\n<input id=\"titel\" name=\"titel\"></p>\n"
		"<p><label for=\"reg-serie\">Diarieserie</label>\n", item->id);
	web_select_series(ctx, "reg-serie", NULL, NULL);
	web_html(o, "</p>\n</fieldset>\n<fieldset class=\"when-befintligt\">\n"
		"<legend>Befintligt ärende</legend>\n<p><label for=\"reg-arende\">Ärendenummer</label>\n"
		"<input id=\"reg-arende\" name=\"arende\" placeholder=\"KS 2026/1\"></p>\n</fieldset>\n"
		"<fieldset>\n<legend>Uppgifter (OSL 5 kap. 2 §)</legend>\n"
		"<p><label for=\"amne\">Ämne i korthet</label>\n<input id=\"amne\" name=\"amne\" "
		"aria-describedby=\"amne-hjalp\"> <span id=\"amne-hjalp\" class=\"help\">Tomt: "
		"textens första rad.</span></p>\n"
		"<p><label for=\"motpart\">Motpart</label>\n<input id=\"motpart\" name=\"motpart\" "
		"aria-describedby=\"motpart-hjalp\"> <span id=\"motpart-hjalp\" class=\"help\">Tomt: "
		"avsändaren för inkomna.</span></p>\n"
		"<p><label for=\"handlaggare\">Handläggare</label>\n"
		"<input id=\"handlaggare\" name=\"handlaggare\"></p>\n"
		"<p><label for=\"sekretess\">Sekretess (paragraf)</label>\n<input id=\"sekretess\" "
		"name=\"sekretess\" placeholder=\"OSL 21:3\"></p>\n"
		"<p><label for=\"offentligt-amne\">Offentligt ämne vid sekretess</label>\n"
		"<input id=\"offentligt-amne\" name=\"offentligt_amne\"></p>\n</fieldset>\n"
		"<p><button type=\"submit\">Registrera</button></p>\n</form>\n");
}

static void registry_section(web_ctx *ctx, const som_item *item)
{
	som_registry_filter f = SOM_REGISTRY_FILTER_INIT;
	regs st = { ctx, item->id, 0, 0 };
	int secret = 0;
	char *provision = NULL;

	web_html(ctx->out, "<section aria-labelledby=\"diarium\">\n<h2 id=\"diarium\">"
		"Diarieföring</h2>\n");
	if (som_secrecy_get(&secret, &provision, ctx->store, item->id) == 0 && secret)
		web_html(ctx->out, "<p class=\"secret\">Under sekretess%R%s.</p>\n",
			provision ? ": " : "", provision ? provision : "");
	som_free(provision);
	som_error_clear();
	if (som_registry_foreach(ctx->store, &f, registration_row, &st) != 0)
		som_error_clear();
	if (st.n)
		web_html(ctx->out, "</tbody>\n</table>\n");
	else
		web_html(ctx->out, "<p>Inte registrerat.</p>\n");
	if (web_can(ctx, SOM_ROLE_REGISTRAR)) {
		som_registration *r = NULL;
		if (!st.valid) {
			register_form(ctx, item);
		} else if (som_registration_for_item(&r, ctx->store, item->id) == 0) {
			web_html(ctx->out, "<form method=\"post\" action=\"/ratta-registrering\" "
				"class=\"action\">\n<h3>Rätta registreringen</h3>\n");
			web_csrf_field(ctx);
			web_html(ctx->out, "<input type=\"hidden\" name=\"inlagg\" value=\"%I\">\n"
				"<input type=\"hidden\" name=\"nr\" value=\"%a\">\n"
				"<p>Markera %s som felregistrerad. Den finns kvar; inlägget kan sedan "
				"registreras på nytt.</p>\n<p><label for=\"ratta-skal\">Skäl</label>\n"
				"<input id=\"ratta-skal\" name=\"skal\" required></p>\n"
				"<p><button type=\"submit\">Markera som felregistrerad</button></p>\n"
				"</form>\n", item->id, r->number, r->number);
		}
		som_registration_free(r);
		som_error_clear();
	}
	web_html(ctx->out, "</section>\n");
}

static const char *done_message(const char *code)
{
	static const char *const map[][2] = {
		{ "registrerad", "Inlägget är registrerat." },
		{ "klassad", "Klassen är sparad." },
		{ "atgardad", "Flaggorna är markerade som åtgärdade." },
		{ "rattad", "Registreringen är markerad som felregistrerad." },
	};

	for (size_t i = 0; code && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(code, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

void web_page_item(web_ctx *ctx)
{
	som_item *item = NULL;
	som_account *account = NULL;
	som_classification *c = NULL;
	som_buf title = SOM_BUF_INIT;
	char ref[32];
	int64_t id;
	int error;

	if (parse_id(&id, ctx->rest) != 0) {
		web_fail(ctx, 404, "Inlägget finns inte", "Det finns inget sådant inlägg.", 0);
		return;
	}
	snprintf(ref, sizeof(ref), "%" PRId64, id);
	if ((error = som_item_lookup(&item, ctx->store, ref)) != 0) {
		web_fail(ctx, error == SOM_ENOTFOUND ? 404 : 500, "Inlägget finns inte",
			"Inlägget kunde inte visas.", error);
		return;
	}
	snprintf(ref, sizeof(ref), "%" PRId64, item->account_id);
	if (som_account_lookup(&account, ctx->store, ref) != 0)
		som_error_clear();
	if (som_classification_get(&c, ctx->store, item->id) != 0)
		som_error_clear();
	som_buf_printf(&title, "%s %" PRId64, web_sv_kind(item->kind), item->id);
	web_page_begin(ctx, title.ptr, NULL);
	if (done_message(web_query(ctx, "klart")))
		web_notice(ctx, "ok", done_message(web_query(ctx, "klart")));
	head_section(ctx, item, account);
	versions_section(ctx, item);
	attachments_section(ctx, item);
	registry_section(ctx, item);
	classification_section(ctx, item, c);
	thread_section(ctx, item);
	provenance_section(ctx, item);
	web_page_end(ctx);
	som_buf_dispose(&title);
	som_classification_free(c);
	som_account_free(account);
	som_item_free(item);
}

void web_page_attachment(web_ctx *ctx)
{
	som_item *item = NULL;
	som_buf bytes = SOM_BUF_INIT, disposition = SOM_BUF_INIT;
	const char *slash = strchr(ctx->rest, '/');
	const som_attachment *a;
	char ref[32];
	int64_t id, n;
	int error;

	if (!slash || (size_t)(slash - ctx->rest) >= sizeof(ref)) {
		web_fail(ctx, 404, "Bilagan finns inte", "Det finns ingen sådan bilaga.", 0);
		return;
	}
	memcpy(ref, ctx->rest, (size_t)(slash - ctx->rest));
	ref[slash - ctx->rest] = '\0';
	if (parse_id(&id, ref) != 0 || parse_id(&n, slash + 1) != 0 ||
	    (error = som_item_lookup(&item, ctx->store, ref)) != 0 ||
	    n > (int64_t)item->n_attachments || !item->attachments[n - 1].digest) {
		som_error_clear();
		web_fail(ctx, 404, "Bilagan finns inte", "Det finns ingen sådan bilaga.", 0);
		som_item_free(item);
		return;
	}
	a = &item->attachments[n - 1];
	if ((error = som_object_read(&bytes, ctx->store, a->digest)) != 0) {
		web_fail(ctx, 500, "Bilagan kunde inte läsas", "Bilagan kunde inte läsas.", error);
		goto done;
	}
	/* Images are shown; anything else is a download, never rendered by the browser here. */
	if (a->mime && strncmp(a->mime, "image/", 6) == 0 && strcmp(a->mime, "image/svg+xml")) {
		ctx->res->content_type = strcmp(a->mime, "image/png") == 0 ? "image/png" :
			strcmp(a->mime, "image/gif") == 0 ? "image/gif" :
			strcmp(a->mime, "image/webp") == 0 ? "image/webp" : "image/jpeg";
	} else {
		ctx->res->content_type = "application/octet-stream";
		som_buf_printf(&disposition, "attachment; filename=\"bilaga-%" PRId64 "-%" PRId64 "\"",
			id, n);
		web_response_header(ctx->res, "Content-Disposition", disposition.ptr);
	}
	som_buf_clear(ctx->out);
	som_buf_put(ctx->out, bytes.ptr, bytes.size);
done:
	som_buf_dispose(&bytes);
	som_buf_dispose(&disposition);
	som_item_free(item);
}

/* ---- actions ---- */

/* The item of a posted form, or 0 after answering with an error page. */
static int64_t form_item(web_ctx *ctx)
{
	int64_t id;

	if (parse_id(&id, web_form(ctx, "inlagg")) != 0) {
		web_fail(ctx, 400, "Inget inlägg", "Formuläret nämner inget inlägg.", 0);
		return 0;
	}
	return id;
}

static void back_to_item(web_ctx *ctx, int64_t id, const char *done)
{
	char where[96];

	snprintf(where, sizeof(where), "/inlagg/%" PRId64 "?klart=%s", id, done);
	web_redirect(ctx, where);
}

typedef struct reg_fields {
	som_buf title, series, case_number, subject, counterparty, officer, secrecy,
		public_subject;
} reg_fields;

void web_action_register(web_ctx *ctx)
{
	som_register_options o = SOM_REGISTER_OPTIONS_INIT;
	som_store *store = NULL;
	reg_fields f;
	const char *how = web_form(ctx, "satt");
	int64_t id = form_item(ctx);
	int error;

	if (!id)
		return;
	memset(&f, 0, sizeof(f));
	o.subject = web_form_text(ctx, "amne", &f.subject);
	o.counterparty = web_form_text(ctx, "motpart", &f.counterparty);
	o.officer = web_form_text(ctx, "handlaggare", &f.officer);
	o.secrecy = web_form_text(ctx, "sekretess", &f.secrecy);
	o.public_subject = web_form_text(ctx, "offentligt_amne", &f.public_subject);
	if (how && strcmp(how, "nytt") == 0) {
		o.new_case = 1;
		o.title = web_form_text(ctx, "titel", &f.title);
		o.series = web_form_text(ctx, "serie", &f.series);
		if (!o.title) {
			web_fail(ctx, 400, "Registreringen gjordes inte",
				"Ett nytt ärende behöver en ärendemening.", 0);
			goto done;
		}
	} else if (how && strcmp(how, "befintligt") == 0) {
		o.case_number = web_form_text(ctx, "arende", &f.case_number);
		if (!o.case_number) {
			web_fail(ctx, 400, "Registreringen gjordes inte", "Ange ärendets nummer.", 0);
			goto done;
		}
	} else if (!how || strcmp(how, "plan") != 0) {
		web_fail(ctx, 400, "Registreringen gjordes inte", "Välj var inlägget ska registreras.", 0);
		goto done;
	}
	if (web_open_writer(&store, ctx) != 0)
		goto done;
	if ((error = som_register(store, &id, 1, &o, NULL, NULL)) != 0) {
		web_fail(ctx, error == SOM_EEXISTS ? 409 : 400, "Registreringen gjordes inte",
			"Inlägget kunde inte registreras.", error);
		goto done;
	}
	back_to_item(ctx, id, "registrerad");
done:
	som_store_free(store);
	for (som_buf *b = &f.title; b <= &f.public_subject; b++)
		som_buf_dispose(b);
}

/* Record a person's decision on an item; `done` names the notice after it. */
static void decide(web_ctx *ctx, int64_t id, som_decision *d, const char *back,
	const char *done)
{
	som_store *store = NULL;
	som_buf reason = SOM_BUF_INIT;
	int error;

	d->reason = web_form_text(ctx, "skal", &reason);
	if (!d->reason) {
		web_fail(ctx, 400, "Beslutet sparades inte", "Ett beslut behöver ett skäl.", 0);
		goto done;
	}
	if (web_open_writer(&store, ctx) != 0)
		goto done;
	if ((error = som_classification_set(store, id, d)) != 0) {
		web_fail(ctx, 400, "Beslutet sparades inte", "Beslutet kunde inte sparas.", error);
		goto done;
	}
	if (back)
		web_redirect(ctx, back);
	else
		back_to_item(ctx, id, done);
done:
	som_buf_dispose(&reason);
	som_store_free(store);
}

void web_action_set_class(web_ctx *ctx)
{
	som_decision d = SOM_DECISION_INIT;
	int64_t id = form_item(ctx);

	if (!id)
		return;
	if ((d.cls = som_class_parse(web_form(ctx, "klass"))) == SOM_CLASS_NONE) {
		web_fail(ctx, 400, "Beslutet sparades inte", "Välj en klass.", 0);
		return;
	}
	decide(ctx, id, &d, NULL, "klassad");
}

/* A decision keeping the current class, the flags resolved (the review queue too). */
static int resolve_decision(web_ctx *ctx, int64_t id, som_decision *d)
{
	som_classification *c = NULL;
	int error = som_classification_get(&c, ctx->store, id);

	if (error) {
		web_fail(ctx, 400, "Beslutet sparades inte", "Inlägget är inte klassat.", error);
		return error;
	}
	d->cls = c->cls;
	d->resolve_flags = 1;
	som_classification_free(c);
	return 0;
}

void web_action_resolve(web_ctx *ctx)
{
	som_decision d = SOM_DECISION_INIT;
	int64_t id = form_item(ctx);

	if (!id || resolve_decision(ctx, id, &d) != 0)
		return;
	decide(ctx, id, &d, NULL, "atgardad");
}

void web_action_decide(web_ctx *ctx)
{
	som_decision d = SOM_DECISION_INIT;
	const char *cls = web_form(ctx, "klass");
	int64_t id = form_item(ctx);

	if (!id)
		return;
	if (cls) {
		if ((d.cls = som_class_parse(cls)) == SOM_CLASS_NONE) {
			web_fail(ctx, 400, "Beslutet sparades inte", "Okänd klass.", 0);
			return;
		}
	} else if (resolve_decision(ctx, id, &d) != 0) {
		return;
	}
	decide(ctx, id, &d, "/granskning?klart=beslut", NULL);
}

void web_action_correct(web_ctx *ctx)
{
	som_store *store = NULL;
	som_buf reason = SOM_BUF_INIT;
	const char *number = web_form(ctx, "nr");
	int64_t id = form_item(ctx);
	int error;

	if (!id)
		return;
	if (!web_form_text(ctx, "skal", &reason) || !number) {
		web_fail(ctx, 400, "Rättelsen gjordes inte", "En rättelse behöver ett skäl.", 0);
		goto done;
	}
	if (web_open_writer(&store, ctx) != 0)
		goto done;
	if ((error = som_registration_correct(store, number, reason.ptr)) != 0) {
		web_fail(ctx, 400, "Rättelsen gjordes inte", "Registreringen kunde inte rättas.", error);
		goto done;
	}
	back_to_item(ctx, id, "rattad");
done:
	som_buf_dispose(&reason);
	som_store_free(store);
}
