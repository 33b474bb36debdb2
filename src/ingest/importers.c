/*
 * The table of importers, in the order format detection asks them; the
 * first with the highest confidence wins.
 */
#include <stddef.h>
#include "ingest/importer.h"

const som_importer *const som_importers[] = {
	&som_importer_mastodon,
	&som_importer_mastodon_api,
	&som_importer_facebook,
	&som_importer_facebook_graph,
	&som_importer_instagram,
	&som_importer_instagram_graph,
	&som_importer_x,
	&som_importer_twarc,
	&som_importer_linkedin,
	&som_importer_youtube,
	&som_importer_youtube_api,
	&som_importer_ndjson,
	NULL
};
