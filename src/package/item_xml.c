/*
 * An item as XML under the project's own schema (schemas/item.xsd,
 * namespace "urn:somarkiv:item:1"): every observed version with its text
 * and the file holding its raw source bytes, and its attachments.
 */
#include <inttypes.h>
#include "package/package.h"

#define ESC(s) som_package__xml_escape(out, (s))

static int attr(som_buf *out, const char *name, const char *value)
{
	int error;

	if (!value)
		return 0;
	if ((error = som_buf_printf(out, " %s=\"", name)) != 0 || (error = ESC(value)) != 0)
		return error;
	return som_buf_putc(out, '"');
}

int som_package__item_xml(som_buf *out, const som_item *it,
	const som_pkg_item_files *files)
{
	int error;
	size_t i;

	error = som_buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<item xmlns=\"urn:somarkiv:item:1\" id=\"%" PRId64 "\" account=\"%" PRId64 "\"",
		it->id, it->account_id);
	if (!error) error = attr(out, "platform", it->platform);
	if (!error) error = attr(out, "platformId", it->platform_id);
	if (!error) error = attr(out, "kind", it->kind);
	if (!error) error = attr(out, "created", it->created);
	if (!error) error = attr(out, "url", it->url);
	if (!error) error = attr(out, "format", it->format);
	if (!error) error = som_buf_printf(out, " firstCapture=\"%" PRId64 "\">\n", it->first_capture);
	if (!error && (it->author_name || it->author_id || it->by_account)) {
		error = som_buf_puts(out, "  <author");
		if (!error) error = attr(out, "name", it->author_name);
		if (!error) error = attr(out, "id", it->author_id);
		if (!error) error = som_buf_printf(out, " byAccount=\"%s\"/>\n",
			it->by_account ? "true" : "false");
	}
	if (!error && it->parent_platform_id) {
		error = som_buf_puts(out, "  <parent");
		if (!error) error = attr(out, "platformId", it->parent_platform_id);
		if (!error && it->parent_id)
			error = som_buf_printf(out, " item=\"%" PRId64 "\"", it->parent_id);
		if (!error) error = som_buf_puts(out, "/>\n");
	}
	if (!error && it->removed_capture) {
		error = som_buf_puts(out, "  <removed");
		if (!error) error = attr(out, "at", it->removed_at);
		if (!error) error = som_buf_printf(out, " capture=\"%" PRId64 "\"/>\n", it->removed_capture);
	}
	if (!error && files->class_name)
		error = som_buf_printf(out, "  <classification class=\"%s\"/>\n", files->class_name);
	if (!error) error = som_buf_puts(out, "  <versions>\n");
	for (i = 0; !error && i < it->n_versions; i++) {
		const som_version *v = &it->versions[i];
		error = som_buf_printf(out, "    <version seq=\"%" PRId64 "\" capture=\"%" PRId64 "\"",
			v->seq, v->capture_id);
		if (!error) error = attr(out, "observed", v->observed ? v->observed : "");
		if (!error) error = attr(out, "edited", v->edited);
		if (!error) error = attr(out, "rawSha256", v->raw_digest);
		if (!error) error = attr(out, "rawFile", files->raw_names[i]);
		if (!error) error = som_buf_puts(out, ">\n      <text>");
		if (!error) error = ESC(v->text);
		if (!error) error = som_buf_puts(out, "</text>\n    </version>\n");
	}
	if (!error) error = som_buf_puts(out, "  </versions>\n");
	if (!error && it->n_attachments)
		error = som_buf_puts(out, "  <attachments>\n");
	for (i = 0; !error && i < it->n_attachments; i++) {
		const som_attachment *a = &it->attachments[i];
		error = som_buf_puts(out, "    <attachment");
		if (!error) error = attr(out, "path", a->path);
		if (!error) error = attr(out, "mime", a->mime);
		if (!error && a->digest)
			error = som_buf_printf(out, " size=\"%" PRId64 "\"", a->size);
		if (!error) error = attr(out, "sha256", a->digest);
		if (!error) error = attr(out, "file", files->att_names[i]);
		if (!error && !a->digest)
			error = som_buf_puts(out, " missing=\"true\"");
		if (!error && a->description) {
			error = som_buf_puts(out, ">\n      <description>");
			if (!error) error = ESC(a->description);
			if (!error) error = som_buf_puts(out, "</description>\n    </attachment>\n");
		} else if (!error)
			error = som_buf_puts(out, "/>\n");
	}
	if (!error && it->n_attachments)
		error = som_buf_puts(out, "  </attachments>\n");
	if (!error)
		error = som_buf_puts(out, "</item>\n");
	return error;
}
