/*
 * Fuzz target: the two XML readers of src/formats/xml.c against each other. Any
 * input must fail cleanly or give the same tree from the streaming reader
 * (som_xml__parse_stream) as from libxml2's tree (som_xml__parse).
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "formats/xml.h"

static int same(const som_xml_node *a, const som_xml_node *b)
{
	if (strcmp(a->name, b->name) || !a->ns != !b->ns || (a->ns && strcmp(a->ns, b->ns)) ||
	    a->line != b->line || !a->text != !b->text || (a->text && strcmp(a->text, b->text)) ||
	    a->n_attrs != b->n_attrs || a->n_children != b->n_children)
		return 0;
	for (size_t i = 0; i < a->n_attrs; i++)
		if (strcmp(a->attrs[i].name, b->attrs[i].name) ||
		    strcmp(a->attrs[i].value, b->attrs[i].value))
			return 0;
	for (size_t i = 0; i < a->n_children; i++)
		if (!same(&a->children[i], &b->children[i]))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	som_xml_node *a = NULL, *b = NULL;
	int ea = som_xml__parse(&a, (const char *)data, size, "fuzz.xml", NULL, 0);
	int eb = som_xml__parse_stream(&b, (const char *)data, size, "fuzz.xml", SOM_XML_MAX_SIZE);

	/* Both readers accept a document, or the tree building one refuses what the other did. */
	if (ea == 0 && eb == 0 && !same(a, b))
		abort();
	som_xml__free(a);
	som_xml__free(b);
	return 0;
}
