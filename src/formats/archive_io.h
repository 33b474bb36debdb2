/*
 * Reading zip and tar archives through libarchive (the only file that
 * includes it), entry by entry, without unpacking anything to disk.
 */
#ifndef SOM_SRC_ARCHIVE_IO_H
#define SOM_SRC_ARCHIVE_IO_H

#include <stdint.h>
#include <sys/types.h>

typedef struct som_archive som_archive;

/* Is the file at `path` an archive we read (zip, tar, compressed tar)? */
int som_archive__sniff(const char *path);
/* The same for an open file (read with pread: its offset is left alone). */
int som_archive__sniff_fd(int fd);

/*
 * Open the archive at `path` (`display` names it in errors). Entries are
 * then visited in order with som_archive__next.
 */
int som_archive__open(som_archive **out, const char *path, const char *display);
/*
 * The same on an open file, read from its start; the descriptor stays the
 * caller's (not closed), and must outlive the archive.
 */
int som_archive__open_fd(som_archive **out, int fd, const char *display);
void som_archive__free(som_archive *ar);
/* "zip" or "tar" after the first entry was read. */
const char *som_archive__format(const som_archive *ar);

/*
 * The next entry: 1 and its name, size and whether it is a regular file;
 * 0 at the end; a negative SOM_E* with the error set (a truncated or
 * damaged archive). The name is borrowed until the next call.
 */
int som_archive__next(som_archive *ar, const char **name, int64_t *size,
	int *is_regular, int *is_link);

/* Read bytes of the current entry (0 at its end). */
ssize_t som_archive__read(som_archive *ar, void *buf, size_t len);

#endif
