/*
 * The package writer: tar (pax) or zip through libarchive (the package
 * module's one door to it), streamed, every file hashed once while it is
 * written, with fixed owners, modes and times so the same content gives the
 * same bytes. It keeps the manifest that METS.xml is made from.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "package/package.h"
#include "util/crypto.h"
#include "util/fs.h"

struct som_pkg_writer {
	struct archive *ar;
	char *path;
	char *root;
	time_t mtime;
	som_pkg_file *files;
	size_t n_files, a_files;
	som_sha256 *sha;        /* of the file being written */
	int64_t want, written;
	int open;
	int fd;
	som_sha256 *whole;      /* of the package file, as its bytes leave */
	int64_t total;
	char whole_hex[65];
	int io_error;
};

static la_ssize_t write_cb(struct archive *a, void *payload, const void *buf, size_t len)
{
	som_pkg_writer *w = payload;
	const char *p = buf;
	size_t left = len;

	if (som_sha256__update(w->whole, buf, len) != 0) {
		archive_set_error(a, ENOMEM, "out of memory");
		return -1;
	}
	while (left) {
		ssize_t n = write(w->fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			w->io_error = errno;
			archive_set_error(a, errno, "%s", strerror(errno));
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	w->total += (int64_t)len;
	return (la_ssize_t)len;
}

/* "YYYY-MM-DDTHH:MM:SSZ" as a Unix time (UTC). */
static time_t parse_utc(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
			&tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

static int ar_error(som_pkg_writer *w, const char *what)
{
	return som__error(SOM_ERROR, "cannot write package '%s': %s: %s", w->path, what,
		archive_error_string(w->ar) ? archive_error_string(w->ar) : "unknown error");
}

int som_package__writer_new(som_pkg_writer **out, const char *path, int zip,
	const char *root, const char *mtime)
{
	som_pkg_writer *w = som__calloc(1, sizeof(*w));
	int error = 0;

	*out = NULL;
	if (w)
		w->fd = -1;
	if (!w || !(w->path = som__strdup(path)) || !(w->root = som__strdup(root)) ||
	    !(w->ar = archive_write_new())) {
		error = SOM_ENOMEM;
		goto done;
	}
	w->mtime = parse_utc(mtime);
	if ((zip ? archive_write_set_format_zip(w->ar) :
			archive_write_set_format_pax_restricted(w->ar)) != ARCHIVE_OK ||
	    archive_write_add_filter_none(w->ar) != ARCHIVE_OK) {
		error = ar_error(w, "format");
		goto done;
	}
	/* Full blocks at the end of a tar; no padding surprises. */
	if (!zip)
		archive_write_set_bytes_in_last_block(w->ar, 1);
	/* Never through a link planted at the name, never over a file there. */
	if ((error = som__create_file(&w->fd, path, SOM_PACKAGE_MODE)) != 0)
		goto done;
	if (!(w->whole = som_sha256__new())) {
		error = SOM_ENOMEM;
		goto done;
	}
	if (archive_write_open(w->ar, w, NULL, write_cb, NULL) != ARCHIVE_OK) {
		error = ar_error(w, "open");
		goto done;
	}
	w->open = 1;
	*out = w;
	w = NULL;
done:
	som_package__writer_free(w);
	return error;
}

int som_package__begin(som_pkg_writer *w, const char *rel, int64_t size,
	const char *mime, const char *created)
{
	struct archive_entry *e = NULL;
	som_buf name = SOM_BUF_INIT;
	som_pkg_file *f;
	int error = 0;

	if (w->n_files == w->a_files) {
		size_t na = w->a_files ? w->a_files * 2 : 64;
		som_pkg_file *nf = som__realloc(w->files, na * sizeof(*nf));
		if (!nf)
			return SOM_ENOMEM;
		w->files = nf;
		w->a_files = na;
	}
	f = &w->files[w->n_files];
	memset(f, 0, sizeof(*f));
	if (!(f->path = som__strdup(rel)) || !(f->mime = som__strdup(mime)) ||
	    !(f->created = som__strdup(created)) || !(w->sha = som_sha256__new()) ||
	    !(e = archive_entry_new())) {
		som__free(f->path);
		som__free(f->mime);
		som__free(f->created);
		error = SOM_ENOMEM;
		goto done;
	}
	f->size = size;
	w->n_files++;
	if ((error = som_buf_printf(&name, "%s/%s", w->root, rel)) != 0)
		goto done;
	archive_entry_set_pathname(e, name.ptr);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, size);
	archive_entry_set_mtime(e, w->mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	if (archive_write_header(w->ar, e) != ARCHIVE_OK)
		error = ar_error(w, rel);
	w->want = size;
	w->written = 0;
done:
	archive_entry_free(e);
	som_buf_dispose(&name);
	return error;
}

int som_package__write(som_pkg_writer *w, const void *data, size_t len)
{
	int error;

	if (w->written + (int64_t)len > w->want)
		return som__error(SOM_ECORRUPT, "cannot write package '%s': '%s' is longer than %lld bytes",
			w->path, w->files[w->n_files - 1].path, (long long)w->want);
	if ((error = som_sha256__update(w->sha, data, len)) != 0)
		return error;
	if (len && archive_write_data(w->ar, data, len) != (la_ssize_t)len)
		return ar_error(w, w->files[w->n_files - 1].path);
	w->written += (int64_t)len;
	return 0;
}

int som_package__end(som_pkg_writer *w, const char *expect_sha)
{
	som_pkg_file *f = &w->files[w->n_files - 1];
	int error = som_sha256__final(f->sha256, w->sha);

	w->sha = NULL;
	if (error)
		return error;
	if (w->written != w->want)
		return som__error(SOM_ECORRUPT, "cannot write package '%s': '%s' has %lld bytes, not %lld",
			w->path, f->path, (long long)w->written, (long long)w->want);
	if (expect_sha && strcmp(expect_sha, f->sha256) != 0)
		return som__error(SOM_ECORRUPT, "cannot write package '%s': '%s' should have digest %s"
			" but has %s (the store's object is damaged)", w->path, f->path, expect_sha, f->sha256);
	if (archive_write_finish_entry(w->ar) != ARCHIVE_OK)
		return ar_error(w, f->path);
	return 0;
}

int som_package__add(som_pkg_writer *w, const char *rel, const void *data,
	size_t len, const char *mime, const char *created)
{
	int error = som_package__begin(w, rel, (int64_t)len, mime, created);

	if (!error)
		error = som_package__write(w, data, len);
	if (!error)
		error = som_package__end(w, NULL);
	return error;
}

/* Past this, a spooled document's bytes move to its temporary file. */
#define SPOOL_AT (4 * 1024 * 1024)

int som_package__spool_flush(som_pkg_spool *s, som_buf *out)
{
	if (!s || out->size < SPOOL_AT)
		return 0;
	if (!s->f) {
		som_buf name = SOM_BUF_INIT;
		int fd = -1, error = som_buf_printf(&name, "%s.spool-XXXXXX", s->near);

		if (!error && (fd = mkstemp(name.ptr)) < 0)
			error = som__error_os(SOM_EENV, "cannot make a temporary file beside '%s'", s->near);
		if (!error) {
			unlink(name.ptr);    /* unnamed: gone with the process, whatever happens */
			if (!(s->f = fdopen(fd, "w+b"))) {
				close(fd);
				error = som__error_os(SOM_EENV, "cannot make a temporary file beside '%s'",
					s->near);
			}
		}
		som_buf_dispose(&name);
		if (error)
			return error;
	}
	if (fwrite(out->ptr, 1, out->size, s->f) != out->size)
		return som__error_os(SOM_EENV, "cannot write a temporary file beside '%s'", s->near);
	s->spilled += (int64_t)out->size;
	som_buf_clear(out);
	return 0;
}

int som_package__spool_add(som_pkg_writer *w, const char *rel, som_pkg_spool *s,
	som_buf *out, const char *mime, const char *created)
{
	unsigned char *chunk = NULL;
	int64_t left = s ? s->spilled : 0;
	size_t got;
	int error = som_package__begin(w, rel, left + (int64_t)out->size, mime, created);

	if (!error && left) {
		if (fflush(s->f) != 0 || fseek(s->f, 0, SEEK_SET) != 0)
			error = som__error_os(SOM_EENV, "cannot read back a temporary file beside '%s'",
				s->near);
		else if (!(chunk = som__malloc(1 << 20)))
			error = SOM_ENOMEM;
		while (!error && left > 0) {
			size_t want = left < (1 << 20) ? (size_t)left : (size_t)(1 << 20);
			if ((got = fread(chunk, 1, want, s->f)) != want) {
				error = som__error_os(SOM_EENV, "cannot read back a temporary file beside '%s'",
					s->near);
				break;
			}
			error = som_package__write(w, chunk, got);
			left -= (int64_t)got;
		}
	}
	if (!error && out->size)
		error = som_package__write(w, out->ptr, out->size);
	if (!error)
		error = som_package__end(w, NULL);
	som__free(chunk);
	return error;
}

void som_package__spool_close(som_pkg_spool *s)
{
	if (s && s->f) {
		fclose(s->f);
		s->f = NULL;
	}
	if (s)
		s->spilled = 0;
}

const som_pkg_file *som_package__files(const som_pkg_writer *w, size_t *n)
{
	*n = w->n_files;
	return w->files;
}

int som_package__close(som_pkg_writer *w)
{
	int rc;

	if (!w->open)
		return 0;
	w->open = 0;
	rc = archive_write_close(w->ar);
	if (rc != ARCHIVE_OK)
		return ar_error(w, "close");
	if (fsync(w->fd) != 0 || close(w->fd) != 0) {
		w->fd = -1;
		return som__error_os(SOM_EENV, "cannot write package '%s'", w->path);
	}
	w->fd = -1;
	rc = som_sha256__final(w->whole_hex, w->whole);
	w->whole = NULL;
	return rc;
}

int som_package__digest(char out_hex[65], int64_t *size_out, const som_pkg_writer *w)
{
	if (w->open || !w->whole_hex[0])
		return som__error(SOM_EINVALID, "package '%s' is not closed", w->path);
	memcpy(out_hex, w->whole_hex, 65);
	*size_out = w->total;
	return 0;
}

void som_package__writer_free(som_pkg_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (w->ar)
		archive_write_free(w->ar);
	som_sha256__free(w->sha);
	som_sha256__free(w->whole);
	if (w->fd >= 0)
		close(w->fd);
	for (i = 0; i < w->n_files; i++) {
		som__free(w->files[i].path);
		som__free(w->files[i].mime);
		som__free(w->files[i].created);
	}
	som__free(w->files);
	som__free(w->path);
	som__free(w->root);
	som__free(w);
}
