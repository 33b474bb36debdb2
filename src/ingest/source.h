/*
 * A source as the platform delivers it: a single file, a folder, a zip or
 * tar archive (read through libarchive, never unpacked to disk), or
 * standard input (spooled to a temporary file first). Every source is a
 * list of entries with relative '/'-separated names; hostile names
 * (absolute, "..", links, devices) are refused when the source is opened.
 */
#ifndef SOM_SRC_SOURCE_H
#define SOM_SRC_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct som_source som_source;
typedef struct som_source_reader som_source_reader;

/* No entry may be larger than this once uncompressed. */
#define SOM_SOURCE_MAX_ENTRY ((int64_t)8 * 1024 * 1024 * 1024)
/* An archive whose entries claim to grow more than this from their compressed size is a bomb. */
#define SOM_SOURCE_MAX_RATIO 1000

/*
 * Open `path` ("-" for standard input, spooled into `tmpdir`). Lists the
 * entries and computes the source's SHA-256 (of the file; of a folder, over
 * its sorted entry names and contents). Errors name the file.
 */
int som_source__open(som_source **out, const char *path, const char *tmpdir);
void som_source__free(som_source *src);

/* The name the user gave (borrowed); the SHA-256 in hex. */
const char *som_source__name(const som_source *src);
const char *som_source__sha256(const som_source *src);
/* Give the source another name, for a folder that stands for something else (an API's answers). */
int som_source__rename(som_source *src, const char *name);
/* "file", "folder", "zip", "tar" */
const char *som_source__kind(const som_source *src);

/* Entries, sorted by name. A single-file source has one entry: its base name. */
size_t som_source__count(const som_source *src);
const char *som_source__entry(const som_source *src, size_t i);
int64_t som_source__entry_size(const som_source *src, size_t i);

/* Index of the entry named exactly `name`, or -1. */
int64_t som_source__find(const som_source *src, const char *name);
/*
 * Index of the entry whose name is `name` or ends in "/" + `name` (the
 * shortest such), or -1. Used where an export names files by a path whose
 * prefix differs from where they lie in the archive.
 */
int64_t som_source__find_suffix(const som_source *src, const char *name);

/*
 * Read entries: `cb` is called for each wanted entry (all when `want` is
 * NULL, else those i with want[i] non-zero) in archive order, with a
 * reader for its bytes. A non-zero return from `cb` stops and is returned.
 */
typedef int (*som_source_entry_cb)(const char *name, int64_t size,
	som_source_reader *reader, void *payload);
int som_source__foreach(som_source *src, const unsigned char *want,
	som_source_entry_cb cb, void *payload);

/* Read one named entry. SOM_ENOTFOUND when absent. */
int som_source__with_entry(som_source *src, const char *name,
	som_source_entry_cb cb, void *payload);

/*
 * Read up to `len` bytes of the current entry: the count, 0 at its end, or
 * a negative SOM_E* with the error set (naming the source and entry).
 */
ssize_t som_source__read(som_source_reader *reader, void *buf, size_t len);

/* Read a whole entry into memory, refused beyond `max` bytes. */
int som_source__slurp(char **out, size_t *out_len, som_source *src,
	const char *name, size_t max);

#endif
