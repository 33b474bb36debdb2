/*
 * libarchive behind one door: opening zip and tar (optionally compressed)
 * archives, walking their entries and streaming an entry's bytes. Names are
 * returned as stored; src/ingest/source.c decides which names are acceptable.
 */
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include "formats/archive_io.h"
#include "util/common.h"

struct som_archive {
	struct archive *a;
	locale_t utf8;      /* C.UTF-8, used by this thread while in libarchive */
	char *display;
	char *entry;
};

/*
 * libarchive converts entry names through the locale: in the C locale it
 * fails on every non-ASCII name (å, ä, ö). Around each call this thread
 * uses C.UTF-8, leaving the process's locale alone.
 */
static locale_t enter(const som_archive *ar)
{
	return ar->utf8 ? uselocale(ar->utf8) : (locale_t)0;
}

static void leave(locale_t old)
{
	if (old)
		uselocale(old);
}

int som_archive__sniff(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int is;

	if (fd < 0)
		return 0;
	is = som_archive__sniff_fd(fd);
	close(fd);
	return is;
}

int som_archive__sniff_fd(int fd)
{
	unsigned char m[512];
	ssize_t n = pread(fd, m, sizeof(m), 0);

	if (n >= 4 && m[0] == 'P' && m[1] == 'K' && (m[2] == 3 || m[2] == 5 || m[2] == 7))
		return 1; /* zip (also empty and spanned) */
	if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b)
		return 1; /* gzip */
	if (n >= 3 && !memcmp(m, "BZh", 3))
		return 1;
	if (n >= 6 && !memcmp(m, "\xfd" "7zXZ", 5))
		return 1;
	if (n >= 4 && !memcmp(m, "\x28\xb5\x2f\xfd", 4))
		return 1; /* zstd */
	if (n >= 262 && !memcmp(m + 257, "ustar", 5))
		return 1;
	return 0;
}

static int open_archive(som_archive **out, const char *path, int fd, const char *display);

int som_archive__open(som_archive **out, const char *path, const char *display)
{
	return open_archive(out, path, -1, display);
}

int som_archive__open_fd(som_archive **out, int fd, const char *display)
{
	if (lseek(fd, 0, SEEK_SET) != 0)
		return som__error_os(SOM_EINVALID, "cannot read '%s'", display);
	return open_archive(out, NULL, fd, display);
}

/* Open the archive at `path`, or (path NULL) on `fd`, which stays the caller's. */
static int open_archive(som_archive **out, const char *path, int fd, const char *display)
{
	som_archive *ar = som__calloc(1, sizeof(*ar));
	locale_t old;
	int error, rc;

	*out = NULL;
	if (!ar)
		return SOM_ENOMEM;
	ar->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (!(ar->display = som__strdup(display)) || !(ar->a = archive_read_new())) {
		som_archive__free(ar);
		return som__error(SOM_ENOMEM, "cannot read '%s': out of memory", display);
	}
	archive_read_support_filter_all(ar->a);
	/* The seekable reader checks the central directory: a cut zip is refused. */
	archive_read_support_format_zip_seekable(ar->a);
	archive_read_support_format_tar(ar->a);
	archive_read_support_format_gnutar(ar->a);
	old = enter(ar);
	rc = path ? archive_read_open_filename(ar->a, path, 65536) :
		archive_read_open_fd(ar->a, fd, 65536);
	leave(old);
	if (rc != ARCHIVE_OK) {
		error = som__error(SOM_EINVALID, "cannot read '%s': %s", display,
			archive_error_string(ar->a) ? archive_error_string(ar->a) : "not an archive");
		som_archive__free(ar);
		return error;
	}
	*out = ar;
	return 0;
}

void som_archive__free(som_archive *ar)
{
	if (!ar)
		return;
	if (ar->a)
		archive_read_free(ar->a);
	if (ar->utf8)
		freelocale(ar->utf8);
	som__free(ar->display);
	som__free(ar->entry);
	som__free(ar);
}

const char *som_archive__format(const som_archive *ar)
{
	int f = archive_format(ar->a) & ARCHIVE_FORMAT_BASE_MASK;

	return f == ARCHIVE_FORMAT_ZIP ? "zip" : "tar";
}

int som_archive__next(som_archive *ar, const char **name, int64_t *size,
	int *is_regular, int *is_link)
{
	struct archive_entry *e;
	const char *n;
	locale_t old = enter(ar);
	int rc = archive_read_next_header(ar->a, &e);

	if (rc == ARCHIVE_EOF) {
		leave(old);
		return 0;
	}
	if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
		leave(old);
		return som__error(SOM_EINVALID, "cannot read '%s'%s%s: %s", ar->display,
			ar->entry ? " after entry " : "", ar->entry ? ar->entry : "",
			archive_error_string(ar->a) ? archive_error_string(ar->a) :
			"damaged or truncated archive");
	}
	n = archive_entry_pathname_utf8(e);
	if (!n)
		n = archive_entry_pathname(e);
	leave(old);
	if (!n)
		return som__error(SOM_EINVALID, "cannot read '%s': an entry's name cannot be read",
			ar->display);
	som__free(ar->entry);
	if (!(ar->entry = som__strdup(n)))
		return SOM_ENOMEM;
	*name = ar->entry;
	*size = archive_entry_size_is_set(e) ? (int64_t)archive_entry_size(e) : -1;
	*is_regular = archive_entry_filetype(e) == AE_IFREG;
	*is_link = archive_entry_filetype(e) == AE_IFLNK || archive_entry_hardlink(e) != NULL;
	return 1;
}

ssize_t som_archive__read(som_archive *ar, void *buf, size_t len)
{
	locale_t old = enter(ar);
	la_ssize_t n = archive_read_data(ar->a, buf, len);

	leave(old);
	if (n < 0)
		return som__error(SOM_EINVALID, "cannot read '%s', entry '%s': %s", ar->display,
			ar->entry ? ar->entry : "", archive_error_string(ar->a) ?
			archive_error_string(ar->a) : "damaged or truncated archive");
	return (ssize_t)n;
}
