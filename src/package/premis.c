/*
 * The package's preservation metadata as PREMIS 3.0
 * (metadata/preservation/premis.xml): the representation's files as
 * objects with their fixity, the events of their life (capture,
 * classification, packaging, signing) and the agents.
 */
#include <inttypes.h>
#include <string.h>
#include "package/package.h"

#define ESC(s) som_package__xml_escape(out, (s))

static int object(som_buf *out, const som_pkg_file *f)
{
	int error = som_buf_puts(out, "  <object xsi:type=\"file\">\n"
		"    <objectIdentifier><objectIdentifierType>local</objectIdentifierType>"
		"<objectIdentifierValue>");

	if (!error) error = ESC(f->path);
	if (!error) error = som_buf_printf(out, "</objectIdentifierValue></objectIdentifier>\n"
		"    <objectCharacteristics>\n"
		"      <compositionLevel>0</compositionLevel>\n"
		"      <fixity><messageDigestAlgorithm>SHA-256</messageDigestAlgorithm>"
		"<messageDigest>%s</messageDigest></fixity>\n"
		"      <size>%" PRId64 "</size>\n"
		"      <format><formatDesignation><formatName>", f->sha256, f->size);
	if (!error) error = ESC(f->mime);
	if (!error) error = som_buf_puts(out, "</formatName></formatDesignation></format>\n"
		"    </objectCharacteristics>\n  </object>\n");
	return error;
}

static int event(som_buf *out, const som_pkg_event *e, size_t n)
{
	int error = som_buf_printf(out, "  <event>\n"
		"    <eventIdentifier><eventIdentifierType>local</eventIdentifierType>"
		"<eventIdentifierValue>event-%zu</eventIdentifierValue></eventIdentifier>\n"
		"    <eventType>", n);

	if (!error) error = ESC(e->type);
	if (!error) error = som_buf_puts(out, "</eventType>\n    <eventDateTime>");
	if (!error) error = ESC(e->time);
	if (!error) error = som_buf_puts(out, "</eventDateTime>\n");
	if (!error && e->detail) {
		error = som_buf_puts(out, "    <eventDetailInformation><eventDetail>");
		if (!error) error = ESC(e->detail);
		if (!error) error = som_buf_puts(out, "</eventDetail></eventDetailInformation>\n");
	}
	if (!error && e->agent) {
		error = som_buf_puts(out, "    <linkingAgentIdentifier><linkingAgentIdentifierType>local"
			"</linkingAgentIdentifierType><linkingAgentIdentifierValue>");
		if (!error) error = ESC(e->agent);
		if (!error) error = som_buf_puts(out, "</linkingAgentIdentifierValue></linkingAgentIdentifier>\n");
	}
	if (!error && e->object) {
		error = som_buf_puts(out, "    <linkingObjectIdentifier><linkingObjectIdentifierType>local"
			"</linkingObjectIdentifierType><linkingObjectIdentifierValue>");
		if (!error) error = ESC(e->object);
		if (!error) error = som_buf_puts(out, "</linkingObjectIdentifierValue></linkingObjectIdentifier>\n");
	}
	if (!error) error = som_buf_puts(out, "  </event>\n");
	return error;
}

static int agent(som_buf *out, const char *id, const char *type)
{
	int error = som_buf_puts(out, "  <agent>\n    <agentIdentifier><agentIdentifierType>local"
		"</agentIdentifierType><agentIdentifierValue>");

	if (!error) error = ESC(id);
	if (!error) error = som_buf_puts(out, "</agentIdentifierValue></agentIdentifier>\n    <agentName>");
	if (!error) error = ESC(id);
	if (!error) error = som_buf_printf(out, "</agentName>\n    <agentType>%s</agentType>\n  </agent>\n", type);
	return error;
}

int som_package__premis(som_buf *out, const char *package_id,
	const som_pkg_file *files, size_t n_files,
	const som_pkg_event *events, size_t n_events, const char *software,
	som_pkg_spool *spill)
{
	size_t i, j;
	int error;

	(void)package_id;
	error = som_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<premis xmlns=\"http://www.loc.gov/premis/v3\""
		" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
		" xsi:schemaLocation=\"http://www.loc.gov/premis/v3 ../../schemas/premis.xsd\""
		" version=\"3.0\">\n");
	for (i = 0; !error && i < n_files; i++)
		if (!(error = object(out, &files[i])))
			error = som_package__spool_flush(spill, out);
	for (i = 0; !error && i < n_events; i++)
		if (!(error = event(out, &events[i], i + 1)))
			error = som_package__spool_flush(spill, out);
	if (!error)
		error = agent(out, software, "software");
	/* Each person once, in the order they first act. */
	for (i = 0; !error && i < n_events; i++) {
		int seen = !events[i].agent || strcmp(events[i].agent, software) == 0;
		for (j = 0; !seen && j < i; j++)
			seen = events[j].agent && strcmp(events[j].agent, events[i].agent) == 0;
		if (!seen)
			error = agent(out, events[i].agent, "person");
	}
	if (!error)
		error = som_buf_puts(out, "</premis>\n");
	return error;
}
