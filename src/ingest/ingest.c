/*
 * The ingest core: opens a source, picks the importer (by --format or by
 * asking each importer how sure it is), and drives the capture writer
 * through the import, the attachments and the finish, so that a capture
 * lands whole or not at all.
 */
#include <string.h>
#include "ingest/capture.h"
#include "util/common.h"
#include "somarkiv/account.h"

static const char *format_names[16];

const char *const *som_ingest_formats(void)
{
	size_t n = 0;

	for (size_t i = 0; som_importers[i] && n + 1 < SOM_ARRAY_SIZE(format_names); i++)
		format_names[n++] = som_importers[i]->name;
	format_names[n] = NULL;
	return format_names;
}

int som_ingest_format_known(const char *name)
{
	for (size_t i = 0; name && som_importers[i]; i++)
		if (strcmp(som_importers[i]->name, name) == 0)
			return 1;
	return 0;
}

static int pick(const som_importer **out, som_source *src, const char *format)
{
	som_buf tried = SOM_BUF_INIT;
	int best = 0, error;

	*out = NULL;
	for (size_t i = 0; som_importers[i]; i++) {
		const som_importer *imp = som_importers[i];
		if (format) {
			if (!strcmp(imp->name, format)) {
				*out = imp;
				return 0;
			}
			continue;
		}
		int score = imp->probe(src);
		if (score == SOM_ENOMEM)
			return score;
		if (score > best) {
			best = score;
			*out = imp;
		}
	}
	if (*out)
		return 0;
	for (size_t i = 0; som_importers[i]; i++)
		som_buf_printf(&tried, "%s%s", i ? ", " : "", som_importers[i]->name);
	error = format ?
		som__error(SOM_EINVALID, "unknown format '%s' (known: %s)", format,
			tried.ptr ? tried.ptr : "") :
		som__error(SOM_EINVALID, "cannot read '%s': not an export of a known format "
			"(known: %s)", som_source__name(src), tried.ptr ? tried.ptr : "");
	som_buf_dispose(&tried);
	return error;
}

int som_ingest(som_capture **out, som_store *store, int64_t account_id,
	const char *source, const som_ingest_options *opts)
{
	som_account *account = NULL;
	som_source *src = NULL;
	som_sink *sink = NULL;
	som_buf tmpdir = SOM_BUF_INIT, idbuf = SOM_BUF_INIT;
	const som_importer *importer;
	int error;

	if (out)
		*out = NULL;
	if ((error = som_buf_printf(&idbuf, "%lld", (long long)account_id)) != 0 ||
	    (error = som_account_lookup(&account, store, idbuf.ptr)) != 0)
		goto done;
	if (account->closed) {
		error = som__error(SOM_EINVALID,
			"account '%s' was closed on %s: reopen it before capturing",
			account->handle, account->closed);
		goto done;
	}
	if ((error = som_buf_printf(&tmpdir, "%s/objects/tmp", som_store_path(store))) != 0 ||
	    (error = som_source__open(&src, source, tmpdir.ptr)) != 0 ||
	    (error = pick(&importer, src, opts ? opts->format : NULL)) != 0)
		goto done;
	if ((error = som_capture__begin(&sink, store, account_id, src, importer, opts)) != 0)
		goto done;
	if ((error = importer->read(src, sink)) != 0 ||
	    (error = som_capture__attachments(sink)) != 0) {
		som_capture__abort(sink);
		goto done;
	}
	error = som_capture__finish(out, sink);
done:
	som_account_free(account);
	som_source__free(src);
	som_buf_dispose(&tmpdir);
	som_buf_dispose(&idbuf);
	return error;
}
