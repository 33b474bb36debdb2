/*
 * MIME types by file extension, for the media that platforms put in their
 * exports (images, video, audio, documents).
 */
#include <string.h>
#include <strings.h>
#include "formats/mime.h"

static const struct {
	const char *ext;
	const char *mime;
} types[] = {
	{ "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "png", "image/png" },
	{ "gif", "image/gif" }, { "webp", "image/webp" }, { "heic", "image/heic" },
	{ "bmp", "image/bmp" }, { "svg", "image/svg+xml" }, { "tif", "image/tiff" },
	{ "tiff", "image/tiff" }, { "mp4", "video/mp4" }, { "m4v", "video/mp4" },
	{ "mov", "video/quicktime" }, { "webm", "video/webm" }, { "mkv", "video/x-matroska" },
	{ "mp3", "audio/mpeg" }, { "m4a", "audio/mp4" }, { "ogg", "audio/ogg" },
	{ "opus", "audio/ogg" }, { "wav", "audio/wav" }, { "pdf", "application/pdf" },
	{ "json", "application/json" }, { "txt", "text/plain" }, { "csv", "text/csv" },
	{ "html", "text/html" }, { "htm", "text/html" }, { "js", "text/javascript" },
};

const char *som__mime_guess(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;

	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (!strcasecmp(dot + 1, types[i].ext))
				return types[i].mime;
	return "application/octet-stream";
}
