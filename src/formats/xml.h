/*
 * XML reading behind one door (src/formats/xml.c is the only file that includes
 * libxml2): a hardened parse (no network, no DTD, no entities, a size
 * limit), validation against an XML Schema held in memory, and the result
 * handed over as a small tree of our own, detached from libxml2.
 */
#ifndef SOM_SRC_XML_H
#define SOM_SRC_XML_H

#include <stddef.h>

/* Documents larger than this are refused before parsing. */
#define SOM_XML_MAX_SIZE (8 * 1024 * 1024)
/*
 * A package's own METS.xml and premis.xml grow with its items (about 0.5
 * and 1 KiB each): verify reads them up to this size (som_xml__parse_max).
 */
#define SOM_XML_PACKAGE_MAX_SIZE (512 * 1024 * 1024)

typedef struct som_xml_attr {
	char *name;     /* local name */
	char *value;
} som_xml_attr;

/* An element: its attributes, its element children, its text. */
typedef struct som_xml_node {
	char *name;     /* local name */
	char *ns;       /* namespace URI, NULL when none */
	long line;      /* where its start tag is */
	/* The text of an element without element children ("" when none); NULL otherwise. */
	char *text;
	som_xml_attr *attrs;
	size_t n_attrs;
	struct som_xml_node *children;
	size_t n_children;
} som_xml_node;

/*
 * Parse `len` bytes as one XML document and, when `xsd` is not NULL,
 * validate it against that schema (`xsd_len` bytes). `label` names the
 * document in messages, e.g. "plan 'vgr.xml'". A document type declaration
 * (and with it any entity declaration) is refused outright. Errors:
 * SOM_EINVALID with "LABEL: line N: message" (the first problem found);
 * SOM_ENOMEM. The tree belongs to the caller: som_xml__free().
 */
int som_xml__parse(som_xml_node **out, const char *data, size_t len,
	const char *label, const char *xsd, size_t xsd_len);

/* The same with another size limit than SOM_XML_MAX_SIZE. */
int som_xml__parse_max(som_xml_node **out, const char *data, size_t len,
	const char *label, const char *xsd, size_t xsd_len, size_t max);

/*
 * Only validate `len` bytes against the schema, streaming: no tree is built,
 * so memory stays near the schema's whatever the document's size. The same
 * refusals and messages as som_xml__parse; `max` bounds the size.
 */
int som_xml__validate(const char *data, size_t len, const char *label,
	const char *xsd, size_t xsd_len, size_t max);

/*
 * Build the tree of a large document with libxml2's reader, never holding
 * libxml2's own tree (no validation: validate first with
 * som_xml__validate). The same refusals as som_xml__parse.
 */
int som_xml__parse_stream(som_xml_node **out, const char *data, size_t len,
	const char *label, size_t max);

void som_xml__free(som_xml_node *root);

/* One attribute of an element met by som_xml__read (all borrowed for the callback). */
typedef struct som_xml_ev_attr {
	const char *name;   /* local name */
	const char *ns;     /* namespace URI, NULL when none */
	const char *value;
} som_xml_ev_attr;

/* An element met by som_xml__read: its start, or its end (borrowed for the callback). */
typedef struct som_xml_event {
	const char *name;   /* local name */
	const char *ns;     /* namespace URI, NULL when none */
	long line;
	int depth;          /* 0 for the root element */
	const som_xml_ev_attr *attrs;   /* at the start only */
	size_t n_attrs;
	/* At the end: the text of an element without element children, else NULL. */
	const char *text;
} som_xml_event;

/* Called at each start and end of an element; a non-zero return stops the reading with it. */
typedef int (*som_xml_event_cb)(void *payload, const som_xml_event *ev, int end);

/*
 * Read `len` bytes as one document element by element, streaming (no
 * tree: memory stays small whatever the size), calling `cb` at every
 * start and end tag, and, when `xsd` is not NULL, validating it against
 * that schema in the same pass. A document that does not follow its
 * schema is read to its end all the same: *invalid_out then receives the
 * first problem ("LABEL: line N: message"; the caller frees it), NULL when
 * valid. The same refusals as som_xml__parse (DOCTYPE, size `max`).
 * Errors: SOM_EINVALID when not well-formed (message set), or what `cb`
 * returned.
 */
int som_xml__read(const char *data, size_t len, const char *label,
	const char *xsd, size_t xsd_len, size_t max, som_xml_event_cb cb, void *payload,
	char **invalid_out);

/* The value of attribute `name` (borrowed), NULL when absent. */
const char *som_xml__attr(const som_xml_node *node, const char *name);

/* The first child element called `name` (borrowed), NULL when none. */
const som_xml_node *som_xml__child(const som_xml_node *node, const char *name);

#endif
