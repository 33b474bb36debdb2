/*
 * The door to libxml2 (no other file includes it): documents are parsed
 * without network access, DTD loading or entity substitution, a document
 * type declaration stops the parser at once (no billion laughs), and the
 * result is validated against a schema held in memory, then copied into
 * the plain tree of src/formats/xml.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include "util/common.h"
#include "formats/xml.h"

/* libxml2 2.12 made the structured error handler take a const error. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_ptr;
#else
typedef xmlError *xml_error_ptr;
#endif

/* The first problem met while parsing or validating. */
typedef struct problem {
	int set;
	long line;
	char message[512];
} problem;

/*
 * Tidy a libxml2 message for our one-line, lower-case style: no
 * namespace in braces ("{urn:somarkiv:plan:1}rule" is "rule"), no final
 * newline or period, spaces collapsed.
 */
static void tidy_message(char *out, size_t size, const char *in)
{
	size_t n = 0;
	int space = 0;

	for (const char *p = in; *p && n + 1 < size; p++) {
		if (*p == '{' && (strncmp(p + 1, "urn:", 4) == 0 || strncmp(p + 1, "http", 4) == 0)) {
			const char *close = strchr(p, '}');
			if (close) {
				p = close;
				continue;
			}
		}
		if (isspace((unsigned char)*p)) {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < size)
			out[n++] = ' ';
		space = 0;
		out[n++] = *p;
	}
	while (n > 0 && (out[n - 1] == '.' || out[n - 1] == ' '))
		n--;
	out[n] = '\0';
	/* Each part lower-case at its start ("Element 'x': The attribute ..."). */
	for (size_t i = 0; i + 1 < n; i++) {
		if ((i == 0 || (i >= 2 && out[i - 1] == ' ' && (out[i - 2] == ':' || out[i - 2] == ']'))) &&
		    isupper((unsigned char)out[i]) && islower((unsigned char)out[i + 1]))
			out[i] = (char)tolower((unsigned char)out[i]);
	}
}

static void on_error(void *payload, xml_error_ptr error)
{
	problem *pb = payload;

	if (pb->set || !error || error->level == XML_ERR_WARNING)
		return;
	pb->set = 1;
	pb->line = error->line;
	tidy_message(pb->message, sizeof(pb->message),
		error->message ? error->message : "malformed document");
	if (!pb->message[0])
		snprintf(pb->message, sizeof(pb->message), "malformed document");
}

/* SAX hook: the parser met <!DOCTYPE ...>; stop before its subset is read. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
	const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	problem *pb = ctxt->_private;

	(void)name;
	(void)external_id;
	(void)system_id;
	if (!pb->set) {
		pb->set = 1;
		pb->line = ctxt->input ? ctxt->input->line : 0;
		snprintf(pb->message, sizeof(pb->message),
			"a document type declaration (DOCTYPE) is not allowed");
	}
	xmlStopParser(ctxt);
}

/* libxml2 messages that bypass the structured handler go nowhere. */
static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static int report(const problem *pb, const char *label)
{
	if (pb->line > 0)
		return som__error(SOM_EINVALID, "%s: line %ld: %s", label, pb->line,
			pb->message);
	return som__error(SOM_EINVALID, "%s: %s", label, pb->message);
}

static void free_node(som_xml_node *n)
{
	for (size_t i = 0; i < n->n_attrs; i++) {
		som__free(n->attrs[i].name);
		som__free(n->attrs[i].value);
	}
	for (size_t i = 0; i < n->n_children; i++)
		free_node(&n->children[i]);
	som__free(n->attrs);
	som__free(n->children);
	som__free(n->name);
	som__free(n->ns);
	som__free(n->text);
}

void som_xml__free(som_xml_node *root)
{
	if (!root)
		return;
	free_node(root);
	som__free(root);
}

/*
 * Copy one element of libxml2's tree, with everything under it, into `out`.
 * Each child is freed once copied, so a large document is never held
 * twice in full.
 */
static int copy_node(som_xml_node *out, xmlNodePtr in)
{
	xmlNodePtr c;
	xmlAttrPtr a;
	xmlChar *value;
	size_t n_elems = 0, n_attrs = 0, i;

	memset(out, 0, sizeof(*out));
	out->name = som__strdup((const char *)in->name);
	if (!out->name)
		return SOM_ENOMEM;
	if (in->ns && in->ns->href && !(out->ns = som__strdup((const char *)in->ns->href)))
		return SOM_ENOMEM;
	out->line = xmlGetLineNo(in);
	for (c = in->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			n_elems++;
	for (a = in->properties; a; a = a->next)
		n_attrs++;
	if (n_attrs) {
		if (!(out->attrs = som__calloc(n_attrs, sizeof(*out->attrs))))
			return SOM_ENOMEM;
		for (a = in->properties, i = 0; a; a = a->next, i++) {
			out->n_attrs = i + 1;
			value = xmlNodeListGetString(in->doc, a->children, 1);
			out->attrs[i].name = som__strdup((const char *)a->name);
			out->attrs[i].value = som__strdup(value ? (const char *)value : "");
			xmlFree(value);
			if (!out->attrs[i].name || !out->attrs[i].value)
				return SOM_ENOMEM;
		}
	}
	if (!n_elems) {
		value = xmlNodeGetContent(in);
		out->text = som__strdup(value ? (const char *)value : "");
		xmlFree(value);
		return out->text ? 0 : SOM_ENOMEM;
	}
	if (!(out->children = som__calloc(n_elems, sizeof(*out->children))))
		return SOM_ENOMEM;
	for (c = in->children, i = 0; c; ) {
		xmlNodePtr next = c->next;
		int error;
		if (c->type == XML_ELEMENT_NODE) {
			out->n_children = i + 1;
			if ((error = copy_node(&out->children[i++], c)) != 0)
				return error;
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		c = next;
	}
	return 0;
}

/* The size limits every reader applies before libxml2 sees a byte. */
static int check_len(size_t len, size_t max, const char *label)
{
	if (len > max || len > (size_t)INT32_MAX)
		return som__error(SOM_EINVALID, "%s: larger than %zu MiB", label,
			max / (1024 * 1024));
	if (len == 0)
		return som__error(SOM_EINVALID, "%s: line 1: empty document", label);
	return 0;
}

/* libxml2's global error handlers: ours while a document is read, the caller's after. */
typedef struct handlers {
	xmlGenericErrorFunc generic;
	void *generic_ctx;
	xmlStructuredErrorFunc structured;
	void *structured_ctx;
} handlers;

/* Every message of libxml2 comes to on_error (into `pb`), none to stderr. */
static void handlers_take(handlers *saved, problem *pb)
{
	saved->generic = xmlGenericError;
	saved->generic_ctx = xmlGenericErrorContext;
	saved->structured = xmlStructuredError;
	saved->structured_ctx = xmlStructuredErrorContext;
	xmlInitParser();
	xmlSetStructuredErrorFunc(pb, on_error);
	xmlSetGenericErrorFunc(NULL, silent);
}

static void handlers_give_back(const handlers *saved)
{
	xmlSetStructuredErrorFunc(saved->structured_ctx, saved->structured);
	xmlSetGenericErrorFunc(saved->generic_ctx, saved->generic);
}

/* A schema in memory, ready to validate with; its problems go to `pb`. The caller frees all three. */
static int schema_load(xmlSchemaParserCtxtPtr *pctxt, xmlSchemaPtr *schema,
	xmlSchemaValidCtxtPtr *vctxt, const char *label, const char *xsd, size_t xsd_len,
	problem *pb)
{
	if (!xsd || xsd_len > (size_t)INT32_MAX)
		return som__error(SOM_EINVALID, "%s: no usable schema to validate against", label);
	if (!(*pctxt = xmlSchemaNewMemParserCtxt(xsd, (int)xsd_len)))
		return som__error(SOM_ENOMEM, "%s: cannot read the schema", label);
	xmlSchemaSetParserStructuredErrors(*pctxt, on_error, pb);
	if (!(*schema = xmlSchemaParse(*pctxt)))
		/* Our own schema is broken: a bug of the build, said plainly. */
		return som__error(SOM_ERROR, "%s: the schema itself is invalid: line %ld: %s",
			label, pb->line, pb->set ? pb->message : "unknown error");
	if (!(*vctxt = xmlSchemaNewValidCtxt(*schema)))
		return som__error(SOM_ENOMEM, "%s: cannot validate", label);
	xmlSchemaSetValidStructuredErrors(*vctxt, on_error, pb);
	return 0;
}

static int validate(xmlDocPtr doc, const char *label, const char *xsd, size_t xsd_len)
{
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	problem pb = { 0, 0, "" };
	int error, rc;

	if ((error = schema_load(&pctxt, &schema, &vctxt, label, xsd, xsd_len, &pb)) != 0)
		goto done;
	rc = xmlSchemaValidateDoc(vctxt, doc);
	if (rc != 0) {
		if (!pb.set) {
			pb.set = 1;
			snprintf(pb.message, sizeof(pb.message),
				"the document does not follow its schema");
		}
		error = report(&pb, label);
	}
done:
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctxt);
	return error;
}

int som_xml__parse(som_xml_node **out, const char *data, size_t len,
	const char *label, const char *xsd, size_t xsd_len)
{
	return som_xml__parse_max(out, data, len, label, xsd, xsd_len, SOM_XML_MAX_SIZE);
}

int som_xml__parse_max(som_xml_node **out, const char *data, size_t len,
	const char *label, const char *xsd, size_t xsd_len, size_t max)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	som_xml_node *tree = NULL;
	problem pb = { 0, 0, "" };
	handlers saved;
	/* No network, no DTD loading, no entity substitution: none of those flags. */
	const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
	int error = 0;

	*out = NULL;
	if ((error = check_len(len, max, label)) != 0)
		return error;
	handlers_take(&saved, &pb);
	if (!(ctxt = xmlCreateMemoryParserCtxt(data, (int)len))) {
		error = som__error(SOM_ENOMEM, "%s: cannot parse", label);
		goto done;
	}
	xmlCtxtUseOptions(ctxt, options);
	ctxt->_private = &pb;
	ctxt->sax->internalSubset = on_doctype;
	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (!ctxt->wellFormed || pb.set || !doc) {
		if (!pb.set) {
			pb.set = 1;
			pb.line = ctxt->input ? ctxt->input->line : 0;
			snprintf(pb.message, sizeof(pb.message), "not a well-formed XML document");
		}
		error = report(&pb, label);
		goto done;
	}
	if (doc->intSubset || doc->extSubset) {
		error = som__error(SOM_EINVALID, "%s: a document type declaration is not allowed",
			label);
		goto done;
	}
	if (!(root = xmlDocGetRootElement(doc))) {
		error = som__error(SOM_EINVALID, "%s: no root element", label);
		goto done;
	}
	if (xsd && (error = validate(doc, label, xsd, xsd_len)) != 0)
		goto done;
	if (!(tree = som__calloc(1, sizeof(*tree)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if ((error = copy_node(tree, root)) != 0)
		goto done;
	*out = tree;
	tree = NULL;
done:
	som_xml__free(tree);
	xmlFreeDoc(doc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	handlers_give_back(&saved);
	return error;
}

/* Append a new, empty element to `parent`'s children; the new child in *out. */
static int add_child(som_xml_node **out, som_xml_node *parent)
{
	if ((parent->n_children & (parent->n_children - 1)) == 0) {
		/* Grown at powers of two. */
		size_t a = parent->n_children ? parent->n_children * 2 : 1;
		som_xml_node *c = som__realloc(parent->children, a * sizeof(*c));
		if (!c)
			return SOM_ENOMEM;
		parent->children = c;
	}
	*out = &parent->children[parent->n_children++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

/* The element the reader is on, with its attributes, into `n`. */
static int read_element(som_xml_node *n, xmlTextReaderPtr r)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
	xmlNodePtr cur = xmlTextReaderCurrentNode(r);
	int count = xmlTextReaderAttributeCount(r), i = 0;

	if (!(n->name = som__strdup((const char *)xmlTextReaderConstLocalName(r))) ||
	    (ns && !(n->ns = som__strdup((const char *)ns))))
		return SOM_ENOMEM;
	n->line = cur ? xmlGetLineNo(cur) : xmlTextReaderGetParserLineNumber(r);
	if (count > 0 && !(n->attrs = som__calloc((size_t)count, sizeof(*n->attrs))))
		return SOM_ENOMEM;
	while (count > 0 && xmlTextReaderMoveToNextAttribute(r) == 1) {
		if (xmlTextReaderIsNamespaceDecl(r) == 1 || i >= count)
			continue;
		n->attrs[i].name = som__strdup((const char *)xmlTextReaderConstLocalName(r));
		n->attrs[i].value = som__strdup(xmlTextReaderConstValue(r) ?
			(const char *)xmlTextReaderConstValue(r) : "");
		n->n_attrs = (size_t)++i;
		if (!n->attrs[i - 1].name || !n->attrs[i - 1].value)
			return SOM_ENOMEM;
	}
	if (count > 0)
		xmlTextReaderMoveToElement(r);
	return 0;
}

/* An element is closed: its text is what it held when it has no element children. */
static int close_element(som_xml_node *n, som_buf *text)
{
	if (n->n_children == 0 && !(n->text = som__strdup(text->ptr ? text->ptr : "")))
		return SOM_ENOMEM;
	som_buf_clear(text);
	return 0;
}

/*
 * Append CDATA text with its line ends normalised, as XML 1.0 (2.11) wants
 * and libxml2's tree parser does: CR LF and a lone CR become LF. (CDATA has
 * no character references, so every CR in it came as a line end.)
 */
static int put_line_ends(som_buf *out, const char *s)
{
	int error = 0;

	for (; *s && !error; s++) {
		if (*s == '\r') {
			error = som_buf_putc(out, '\n');
			if (s[1] == '\n')
				s++;
		} else
			error = som_buf_putc(out, *s);
	}
	return error;
}

int som_xml__parse_stream(som_xml_node **out, const char *data, size_t len,
	const char *label, size_t max)
{
	enum { MAX_DEPTH = 256 };
	xmlTextReaderPtr reader = NULL;
	som_xml_node *root = NULL, *stack[MAX_DEPTH];
	som_buf text = SOM_BUF_INIT;
	problem pb = { 0, 0, "" };
	handlers saved;
	/* CDATA kept apart: the reader leaves its line ends as they came (below). */
	const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES;
	int error = 0, rc = 0, depth = 0;

	*out = NULL;
	if ((error = check_len(len, max, label)) != 0)
		return error;
	handlers_take(&saved, &pb);
	if (!(reader = xmlReaderForMemory(data, (int)len, NULL, NULL, options))) {
		error = som__error(SOM_ENOMEM, "%s: cannot parse", label);
		goto done;
	}
	xmlTextReaderSetStructuredErrorHandler(reader, on_error, &pb);
	while (!error && !pb.set && (rc = xmlTextReaderRead(reader)) == 1) {
		int type = xmlTextReaderNodeType(reader);
		som_xml_node *n;

		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			pb.set = 1;
			pb.line = xmlTextReaderGetParserLineNumber(reader);
			snprintf(pb.message, sizeof(pb.message),
				"a document type declaration (DOCTYPE) is not allowed");
			break;
		case XML_READER_TYPE_ELEMENT:
			if (depth == 0) {
				if (root) {
					pb.set = 1;
					snprintf(pb.message, sizeof(pb.message), "more than one root element");
					break;
				}
				if (!(root = som__calloc(1, sizeof(*root)))) {
					error = SOM_ENOMEM;
					break;
				}
				n = root;
			} else if (depth >= MAX_DEPTH) {
				pb.set = 1;
				pb.line = xmlTextReaderGetParserLineNumber(reader);
				snprintf(pb.message, sizeof(pb.message), "elements nested deeper than %d",
					MAX_DEPTH);
				break;
			} else if ((error = add_child(&n, stack[depth - 1])) != 0) {
				break;
			}
			som_buf_clear(&text);
			if ((error = read_element(n, reader)) != 0)
				break;
			if (xmlTextReaderIsEmptyElement(reader) == 1)
				error = close_element(n, &text);
			else
				stack[depth++] = n;
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (depth > 0)
				error = close_element(stack[--depth], &text);
			break;
		case XML_READER_TYPE_CDATA:
			if (depth > 0 && stack[depth - 1]->n_children == 0 && xmlTextReaderConstValue(reader))
				error = put_line_ends(&text, (const char *)xmlTextReaderConstValue(reader));
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (depth > 0 && stack[depth - 1]->n_children == 0 && xmlTextReaderConstValue(reader))
				error = som_buf_puts(&text, (const char *)xmlTextReaderConstValue(reader));
			break;
		default:
			break;
		}
	}
	if (!error && !pb.set && (rc != 0 || !root || depth != 0)) {
		pb.set = 1;
		pb.line = xmlTextReaderGetParserLineNumber(reader);
		snprintf(pb.message, sizeof(pb.message), root ? "not a well-formed XML document" :
			"no root element");
	}
	if (!error && pb.set)
		error = report(&pb, label);
	if (!error) {
		*out = root;
		root = NULL;
	}
done:
	som_xml__free(root);
	som_buf_dispose(&text);
	xmlFreeTextReader(reader);
	handlers_give_back(&saved);
	return error;
}

int som_xml__validate(const char *data, size_t len, const char *label,
	const char *xsd, size_t xsd_len, size_t max)
{
	xmlTextReaderPtr reader = NULL;
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	problem pb = { 0, 0, "" };
	handlers saved;
	/* As for a parse: no network, no DTD loading, no entity substitution. */
	const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
	int error = 0, rc, roots = 0;

	if ((error = check_len(len, max, label)) != 0)
		return error;
	handlers_take(&saved, &pb);
	if ((error = schema_load(&pctxt, &schema, &vctxt, label, xsd, xsd_len, &pb)) != 0)
		goto done;
	if (!(reader = xmlReaderForMemory(data, (int)len, NULL, NULL, options))) {
		error = som__error(SOM_ENOMEM, "%s: cannot validate", label);
		goto done;
	}
	xmlTextReaderSetStructuredErrorHandler(reader, on_error, &pb);
	if (xmlTextReaderSchemaValidateCtxt(reader, vctxt, 0) != 0) {
		error = som__error(SOM_ERROR, "%s: cannot validate", label);
		goto done;
	}
	while ((rc = xmlTextReaderRead(reader)) == 1 && !pb.set) {
		int type = xmlTextReaderNodeType(reader);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			pb.set = 1;
			pb.line = xmlTextReaderGetParserLineNumber(reader);
			snprintf(pb.message, sizeof(pb.message),
				"a document type declaration (DOCTYPE) is not allowed");
		} else if (type == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(reader) == 0)
			roots++;
	}
	if (!pb.set && (rc != 0 || xmlTextReaderIsValid(reader) != 1)) {
		pb.set = 1;
		pb.line = xmlTextReaderGetParserLineNumber(reader);
		snprintf(pb.message, sizeof(pb.message), rc != 0 ? "not a well-formed XML document" :
			"the document does not follow its schema");
	}
	if (!pb.set && roots == 0) {
		pb.set = 1;
		snprintf(pb.message, sizeof(pb.message), "no root element");
	}
	if (pb.set)
		error = report(&pb, label);
done:
	xmlFreeTextReader(reader);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctxt);
	handlers_give_back(&saved);
	return error;
}

const char *som_xml__attr(const som_xml_node *node, const char *name)
{
	for (size_t i = 0; i < node->n_attrs; i++)
		if (strcmp(node->attrs[i].name, name) == 0)
			return node->attrs[i].value;
	return NULL;
}

const som_xml_node *som_xml__child(const som_xml_node *node, const char *name)
{
	for (size_t i = 0; i < node->n_children; i++)
		if (strcmp(node->children[i].name, name) == 0)
			return &node->children[i];
	return NULL;
}

/* The problems of som_xml__read: the first validity error, and the first that stops the reading. */
typedef struct read_problems {
	problem invalid;
	problem fatal;
} read_problems;

static void on_read_error(void *payload, xml_error_ptr error)
{
	read_problems *rp = payload;

	if (error && error->domain == XML_FROM_SCHEMASV)
		on_error(&rp->invalid, error);
	else
		on_error(&rp->fatal, error);
}

/* The attributes of the element the reader is on, copied into `arena` (names and values). */
static int read_attrs(som_buf *arena, som_buf *attrs, size_t *n_out, xmlTextReaderPtr r)
{
	size_t n = 0, i;
	int error = 0;
	som_buf offs = SOM_BUF_INIT;    /* per attribute: offsets of name, ns (or -1), value */

	som_buf_clear(arena);
	som_buf_clear(attrs);
	*n_out = 0;
	if (xmlTextReaderHasAttributes(r) != 1)
		return 0;
	while (!error && xmlTextReaderMoveToNextAttribute(r) == 1) {
		const char *parts[3];
		if (xmlTextReaderIsNamespaceDecl(r) == 1)
			continue;
		parts[0] = (const char *)xmlTextReaderConstLocalName(r);
		parts[1] = (const char *)xmlTextReaderConstNamespaceUri(r);
		parts[2] = (const char *)xmlTextReaderConstValue(r);
		for (i = 0; !error && i < 3; i++) {
			ptrdiff_t off = parts[i] || i != 1 ? (ptrdiff_t)arena->size : -1;
			error = som_buf_put(&offs, &off, sizeof(off));
			if (!error && off >= 0)
				error = som_buf_put(arena, parts[i] ? parts[i] : "", strlen(parts[i] ? parts[i] : "") + 1);
		}
		n++;
	}
	xmlTextReaderMoveToElement(r);
	for (i = 0; !error && i < n; i++) {
		const ptrdiff_t *o = (const ptrdiff_t *)(void *)offs.ptr + 3 * i;
		som_xml_ev_attr a;
		a.name = arena->ptr + o[0];
		a.ns = o[1] >= 0 ? arena->ptr + o[1] : NULL;
		a.value = arena->ptr + o[2];
		error = som_buf_put(attrs, &a, sizeof(a));
	}
	som_buf_dispose(&offs);
	if (!error)
		*n_out = n;
	return error;
}

int som_xml__read(const char *data, size_t len, const char *label,
	const char *xsd, size_t xsd_len, size_t max, som_xml_event_cb cb, void *payload,
	char **invalid_out)
{
	enum { MAX_DEPTH = 256 };
	xmlTextReaderPtr reader = NULL;
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	read_problems rp;
	handlers saved;
	som_buf text = SOM_BUF_INIT, arena = SOM_BUF_INIT, attrs = SOM_BUF_INIT;
	char kids[MAX_DEPTH];       /* per open element: it had element children */
	/* CDATA kept apart: the reader leaves its line ends as they came. */
	const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES;
	int error = 0, rc = 0, depth = 0, roots = 0;

	*invalid_out = NULL;
	memset(&rp, 0, sizeof(rp));
	if ((error = check_len(len, max, label)) != 0)
		return error;
	handlers_take(&saved, &rp.fatal);
	xmlSetStructuredErrorFunc(&rp, on_read_error);
	if (xsd && (error = schema_load(&pctxt, &schema, &vctxt, label, xsd, xsd_len, &rp.fatal)) != 0)
		goto done;
	if (vctxt)
		xmlSchemaSetValidStructuredErrors(vctxt, on_read_error, &rp);
	if (!(reader = xmlReaderForMemory(data, (int)len, NULL, NULL, options))) {
		error = som__error(SOM_ENOMEM, "%s: cannot parse", label);
		goto done;
	}
	xmlTextReaderSetStructuredErrorHandler(reader, on_read_error, &rp);
	if (vctxt && xmlTextReaderSchemaValidateCtxt(reader, vctxt, 0) != 0) {
		error = som__error(SOM_ERROR, "%s: cannot validate", label);
		goto done;
	}
	while (!error && !rp.fatal.set && (rc = xmlTextReaderRead(reader)) == 1) {
		int type = xmlTextReaderNodeType(reader);
		som_xml_event ev;

		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			rp.fatal.set = 1;
			rp.fatal.line = xmlTextReaderGetParserLineNumber(reader);
			snprintf(rp.fatal.message, sizeof(rp.fatal.message),
				"a document type declaration (DOCTYPE) is not allowed");
			break;
		case XML_READER_TYPE_ELEMENT: {
			xmlNodePtr cur = xmlTextReaderCurrentNode(reader);
			int empty = xmlTextReaderIsEmptyElement(reader) == 1;
			if (depth == 0 && roots++) {
				rp.fatal.set = 1;
				snprintf(rp.fatal.message, sizeof(rp.fatal.message), "more than one root element");
				break;
			}
			if (depth >= MAX_DEPTH) {
				rp.fatal.set = 1;
				rp.fatal.line = xmlTextReaderGetParserLineNumber(reader);
				snprintf(rp.fatal.message, sizeof(rp.fatal.message),
					"elements nested deeper than %d", MAX_DEPTH);
				break;
			}
			if (depth > 0)
				kids[depth - 1] = 1;
			memset(&ev, 0, sizeof(ev));
			if ((error = read_attrs(&arena, &attrs, &ev.n_attrs, reader)) != 0)
				break;
			ev.name = (const char *)xmlTextReaderConstLocalName(reader);
			ev.ns = (const char *)xmlTextReaderConstNamespaceUri(reader);
			ev.line = cur ? xmlGetLineNo(cur) : xmlTextReaderGetParserLineNumber(reader);
			ev.depth = depth;
			ev.attrs = (const som_xml_ev_attr *)(void *)attrs.ptr;
			som_buf_clear(&text);
			if ((error = cb(payload, &ev, 0)) != 0)
				break;
			if (empty) {
				ev.attrs = NULL;
				ev.n_attrs = 0;
				ev.text = "";
				error = cb(payload, &ev, 1);
			} else
				kids[depth++] = 0;
			break;
		}
		case XML_READER_TYPE_END_ELEMENT:
			if (depth == 0)
				break;
			depth--;
			memset(&ev, 0, sizeof(ev));
			ev.name = (const char *)xmlTextReaderConstLocalName(reader);
			ev.ns = (const char *)xmlTextReaderConstNamespaceUri(reader);
			ev.line = xmlTextReaderGetParserLineNumber(reader);
			ev.depth = depth;
			ev.text = kids[depth] ? NULL : text.ptr ? text.ptr : "";
			error = cb(payload, &ev, 1);
			som_buf_clear(&text);
			break;
		case XML_READER_TYPE_CDATA:
			if (depth > 0 && !kids[depth - 1] && xmlTextReaderConstValue(reader))
				error = put_line_ends(&text, (const char *)xmlTextReaderConstValue(reader));
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (depth > 0 && !kids[depth - 1] && xmlTextReaderConstValue(reader))
				error = som_buf_puts(&text, (const char *)xmlTextReaderConstValue(reader));
			break;
		default:
			break;
		}
	}
	if (error)
		goto done;
	if (!rp.fatal.set && (rc != 0 || !roots || depth != 0)) {
		rp.fatal.set = 1;
		rp.fatal.line = xmlTextReaderGetParserLineNumber(reader);
		snprintf(rp.fatal.message, sizeof(rp.fatal.message), roots ? "not a well-formed XML document" :
			"no root element");
	}
	if (rp.fatal.set) {
		error = report(&rp.fatal, label);
		goto done;
	}
	if (vctxt && !rp.invalid.set && xmlTextReaderIsValid(reader) != 1) {
		rp.invalid.set = 1;
		snprintf(rp.invalid.message, sizeof(rp.invalid.message), "the document does not follow its schema");
	}
	if (rp.invalid.set) {
		som_buf m = SOM_BUF_INIT;
		if (rp.invalid.line > 0)
			error = som_buf_printf(&m, "%s: line %ld: %s", label, rp.invalid.line, rp.invalid.message);
		else
			error = som_buf_printf(&m, "%s: %s", label, rp.invalid.message);
		if (error)
			som_buf_dispose(&m);
		else
			*invalid_out = m.ptr;
	}
done:
	xmlFreeTextReader(reader);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctxt);
	handlers_give_back(&saved);
	som_buf_dispose(&text);
	som_buf_dispose(&arena);
	som_buf_dispose(&attrs);
	return error;
}
