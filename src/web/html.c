/*
 * The one HTML writer of the web interface: a format whose text is trusted
 * markup and whose conversions are values, each escaped for where it goes
 * (text, attribute, URL component), times shown in Swedish local time; the
 * shared layout of every page (head, menu by role, footer); and the
 * Swedish words for the library's codes.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include "web/web.h"

/* Escape `s` for HTML text and attribute values; `marks` turns the search marks into <mark>. */
static int put_escaped(som_buf *out, const char *s, int marks)
{
	const unsigned char *p = (const unsigned char *)s;
	int error = 0, open = 0;

	while (*p && !error) {
		unsigned char c = *p;
		if (c == '&')
			error = som_buf_puts(out, "&amp;");
		else if (c == '<')
			error = som_buf_puts(out, "&lt;");
		else if (c == '>')
			error = som_buf_puts(out, "&gt;");
		else if (c == '"')
			error = som_buf_puts(out, "&quot;");
		else if (c == '\'')
			error = som_buf_puts(out, "&#39;");
		else if (c == 0x01 || c == 0x02) {
			if (marks && c == 0x01 && !open) {
				error = som_buf_puts(out, "<mark>");
				open = 1;
			} else if (marks && c == 0x02 && open) {
				error = som_buf_puts(out, "</mark>");
				open = 0;
			}
		} else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			error = som_buf_putc(out, ' ');
		else if (c < 0x80)
			error = som_buf_putc(out, (char)c);
		else {
			/* A whole UTF-8 sequence, or U+FFFD for a broken one. */
			int n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
				(c & 0xF8) == 0xF0 ? 4 : 0;
			int ok = n > 0;
			for (int i = 1; ok && i < n; i++)
				ok = (p[i] & 0xC0) == 0x80;
			if (!ok) {
				error = som_buf_puts(out, "\xef\xbf\xbd");
			} else {
				error = som_buf_put(out, p, (size_t)n);
				p += n;
				continue;
			}
		}
		p++;
	}
	if (!error && open)
		error = som_buf_puts(out, "</mark>");
	return error;
}

static int put_url_component(som_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int error = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p && !error; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~')
			error = som_buf_putc(out, (char)*p);
		else
			error = som_buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	return error;
}

int web_html(som_buf *out, const char *fmt, ...)
{
	va_list ap;
	const char *p = fmt, *lit, *s;
	char t[32];
	int error = 0;

	va_start(ap, fmt);
	while (*p && !error) {
		lit = p;
		while (*p && *p != '%')
			p++;
		if (p > lit)
			error = som_buf_put(out, lit, (size_t)(p - lit));
		if (!*p || error)
			break;
		p++;
		switch (*p) {
		case 's':
		case 'a':
			s = va_arg(ap, const char *);
			error = put_escaped(out, s ? s : "–", 0);
			break;
		case 'M':
			s = va_arg(ap, const char *);
			error = put_escaped(out, s ? s : "", 1);
			break;
		case 'u':
			s = va_arg(ap, const char *);
			error = put_url_component(out, s ? s : "");
			break;
		case 'd':
			error = som_buf_printf(out, "%d", va_arg(ap, int));
			break;
		case 'I':
			error = som_buf_printf(out, "%" PRId64, va_arg(ap, int64_t));
			break;
		case 'T':
		case 'D':
			s = va_arg(ap, const char *);
			if (!s) {
				error = som_buf_puts(out, "–");
				break;
			}
			if (som_sv_local_time(t, s, *p == 'T') != 0)
				som_error_clear();
			error = put_escaped(out, t, 0);
			break;
		case 'R':
			s = va_arg(ap, const char *);
			error = som_buf_puts(out, s ? s : "");
			break;
		case '%':
			error = som_buf_putc(out, '%');
			break;
		default:
			/* A bug in a page's format: show it rather than guess. */
			error = som_buf_puts(out, "%?");
			break;
		}
		if (*p)
			p++;
	}
	va_end(ap);
	return error;
}

int web_excerpt(som_buf *out, const char *text, size_t max)
{
	size_t n = 0, i = 0;
	int error;

	som_buf_clear(out);
	if (!text)
		text = "";
	for (; text[i] && n < max; i++)
		n += ((unsigned char)text[i] & 0xC0) != 0x80;
	while (text[i] && ((unsigned char)text[i] & 0xC0) == 0x80)
		i++;
	error = som_buf_put(out, text, i);
	if (!error && text[i])
		error = som_buf_puts(out, "…");
	if (!error && !out->ptr)
		error = som_buf_puts(out, "");
	return error;
}

/* ---- the layout ---- */

void web_csrf_field(web_ctx *ctx)
{
	web_html(ctx->out, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">", ctx->csrf);
}

void web_notice(web_ctx *ctx, const char *kind, const char *text)
{
	web_html(ctx->out, "<p class=\"notice %a\" role=\"%R\">%s</p>\n", kind,
		strcmp(kind, "error") == 0 ? "alert" : "status", text);
}

void web_page_begin(web_ctx *ctx, const char *title, const char *nav_path)
{
	som_buf *o = ctx->out;

	ctx->res->content_type = "text/html; charset=utf-8";
	web_html(o, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>%s – somarkiv</title>\n"
		"<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">\n"
		"<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
		"<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
		"<a class=\"skip\" href=\"#innehall\">Hoppa till innehållet</a>\n"
		"<header class=\"top\">\n<p class=\"brand\"><a href=\"/\">somarkiv</a></p>\n", title);
	if (ctx->session) {
		web_html(o, "<nav aria-label=\"Huvudmeny\"><ul>\n");
		for (const web_nav *n = web_menu; n->path; n++) {
			if (!web_can(ctx, n->role))
				continue;
			web_html(o, "<li><a href=\"%a\"%R>%s</a></li>\n", n->path,
				nav_path && strcmp(nav_path, n->path) == 0 ? " aria-current=\"page\"" : "",
				n->label);
		}
		web_html(o, "</ul></nav>\n<div class=\"who\"><span>%s (%s)</span>\n"
			"<form method=\"post\" action=\"/logga-ut\">", ctx->session->user,
			web_sv_role(ctx->session->role));
		web_csrf_field(ctx);
		web_html(o, "<button type=\"submit\">Logga ut</button></form></div>\n");
	}
	web_html(o, "</header>\n<main id=\"innehall\">\n<h1>%s</h1>\n", title);
}

void web_page_end(web_ctx *ctx)
{
	char today[11];

	som_sv_today(today);
	web_html(ctx->out, "</main>\n<footer><p>somarkiv %s · tider i svensk tid "
		"(Europe/Stockholm) · i dag %s</p></footer>\n</body>\n</html>\n",
		SOM_VERSION, today);
}

/* ---- Swedish words ---- */

const char *web_sv_class(int cls)
{
	switch (cls) {
	case SOM_CLASS_TEMPORARY: return "Gallras (tillfällig)";
	case SOM_CLASS_IMPORTANT: return "Registreras (av vikt)";
	case SOM_CLASS_CASE: return "Registreras i ärende";
	default: return "Oklassad";
	}
}

const char *web_sv_flag(unsigned int flag)
{
	switch (flag) {
	case SOM_FLAG_CRIME: return "Brott";
	case SOM_FLAG_SECRECY: return "Sekretess";
	case SOM_FLAG_PERSONAL_DATA: return "Personuppgifter";
	default: return "Okänd flagga";
	}
}

int web_sv_flags(som_buf *out, unsigned int flags)
{
	int error = 0, n = 0;

	for (unsigned int f = 1; f <= SOM_FLAG_ALL && !error; f <<= 1)
		if (flags & f)
			error = som_buf_printf(out, "%s%s", n++ ? ", " : "", web_sv_flag(f));
	if (!error && !out->ptr)
		error = som_buf_puts(out, "");
	return error;
}

const char *web_sv_role(int role)
{
	switch (role) {
	case SOM_ROLE_READER: return "läsare";
	case SOM_ROLE_REGISTRAR: return "registrator";
	case SOM_ROLE_ARCHIVIST: return "arkivarie";
	default: return "ingen roll";
	}
}

const char *web_sv_direction(const char *d)
{
	if (!d)
		return "–";
	if (strcmp(d, SOM_DIRECTION_RECEIVED) == 0)
		return "Inkommen";
	if (strcmp(d, SOM_DIRECTION_DRAWN_UP) == 0)
		return "Upprättad";
	if (strcmp(d, SOM_DIRECTION_DISPATCHED) == 0)
		return "Expedierad";
	return d;
}

const char *web_sv_case_status(const char *status)
{
	if (status && strcmp(status, "open") == 0)
		return "Öppet";
	if (status && strcmp(status, "closed") == 0)
		return "Avslutat";
	return status ? status : "–";
}

const char *web_sv_kind(const char *kind)
{
	static const char *const map[][2] = {
		{ "post", "Inlägg" }, { "comment", "Kommentar" }, { "reply", "Svar" },
		{ "share", "Delning" }, { "message", "Meddelande" },
	};

	for (size_t i = 0; kind && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(kind, map[i][0]) == 0)
			return map[i][1];
	return kind ? kind : "–";
}

const char *web_sv_review(const char *why)
{
	if (why && strcmp(why, "flagged") == 0)
		return "Flaggad";
	if (why && strcmp(why, "review") == 0)
		return "Osäker";
	if (why && strcmp(why, "unclassified") == 0)
		return "Oklassad";
	return why ? why : "–";
}
