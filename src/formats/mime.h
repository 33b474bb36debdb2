/*
 * MIME types guessed from file names, for attachments whose export does
 * not say.
 */
#ifndef SOM_SRC_MIME_H
#define SOM_SRC_MIME_H

/* The MIME type for `name` by its extension; "application/octet-stream" if unknown. */
const char *som__mime_guess(const char *name);

#endif
