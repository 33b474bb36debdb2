/*
 * The table of pages and actions of the web interface, the main menu, and
 * the files served from the program itself (the style sheet and the
 * optional script, embedded at build time). A new page is a line here and
 * a handler in a page_*.c file; the least role guards it before it runs.
 */
#include <string.h>
#include "web/web.h"

/* Embedded by tools/embed from src/web/static/ (see the Makefile). */
extern const unsigned char web_style_css[];
extern const size_t web_style_css_len;
extern const unsigned char web_app_js[];
extern const size_t web_app_js_len;
extern const unsigned char web_icon_svg[];
extern const size_t web_icon_svg_len;

const web_page web_pages[] = {
	/* Public: no login. */
	{ "GET", "/", SOM_ROLE_NONE, web_page_start },
	{ "GET", "/logga-in", SOM_ROLE_NONE, web_page_login },
	{ "POST", "/logga-in", SOM_ROLE_NONE, web_action_login },
	{ "GET", "/static/", SOM_ROLE_NONE, web_page_static },
	/* Staff: every role reads; changes need a registrar. */
	{ "POST", "/logga-ut", SOM_ROLE_READER, web_action_logout },
	{ "GET", "/sok", SOM_ROLE_READER, web_page_search },
	{ "GET", "/sok.csv", SOM_ROLE_READER, web_page_search_csv },
	{ "GET", "/inlagg/", SOM_ROLE_READER, web_page_item },
	{ "GET", "/bilaga/", SOM_ROLE_READER, web_page_attachment },
	{ "POST", "/registrera", SOM_ROLE_REGISTRAR, web_action_register },
	{ "POST", "/klassa", SOM_ROLE_REGISTRAR, web_action_set_class },
	{ "POST", "/atgarda-flaggor", SOM_ROLE_REGISTRAR, web_action_resolve },
	{ "POST", "/ratta-registrering", SOM_ROLE_REGISTRAR, web_action_correct },
	{ "GET", "/granskning", SOM_ROLE_READER, web_page_review },
	{ "POST", "/granskning", SOM_ROLE_REGISTRAR, web_action_decide },
	{ "GET", "/arenden", SOM_ROLE_READER, web_page_cases },
	{ "GET", "/arende", SOM_ROLE_READER, web_page_case },
	{ "POST", "/arenden/nytt", SOM_ROLE_REGISTRAR, web_action_case_open },
	{ "POST", "/arenden/stang", SOM_ROLE_REGISTRAR, web_action_case_close },
	{ "GET", "/diarieutdrag", SOM_ROLE_READER, web_page_registry },
	{ "GET", "/diarieutdrag.csv", SOM_ROLE_READER, web_page_registry_csv },
	{ NULL, NULL, SOM_ROLE_NONE, NULL }
};

const web_nav web_menu[] = {
	{ "/sok", "Sök", SOM_ROLE_READER },
	{ "/granskning", "Granskning", SOM_ROLE_READER },
	{ "/arenden", "Ärenden", SOM_ROLE_READER },
	{ "/diarieutdrag", "Diarium", SOM_ROLE_READER },
	{ NULL, NULL, SOM_ROLE_NONE }
};

void web_page_start(web_ctx *ctx)
{
	web_redirect(ctx, ctx->session ? "/sok" : "/logga-in");
}

void web_page_static(web_ctx *ctx)
{
	static const struct {
		const char *name, *type;
		const unsigned char *data;
		const size_t *len;
	} files[] = {
		{ "style.css", "text/css; charset=utf-8", web_style_css, &web_style_css_len },
		{ "app.js", "text/javascript; charset=utf-8", web_app_js, &web_app_js_len },
		{ "icon.svg", "image/svg+xml", web_icon_svg, &web_icon_svg_len },
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (strcmp(ctx->rest, files[i].name) != 0)
			continue;
		ctx->res->content_type = files[i].type;
		ctx->res->static_body = files[i].data;
		ctx->res->static_len = *files[i].len;
		return;
	}
	web_fail(ctx, 404, "Sidan finns inte", "Det finns ingen sådan fil.", 0);
}
