/*
 * Sources: a file, a folder, a zip or tar archive, or standard input,
 * presented as one sorted list of entries with safe relative names. Hostile
 * archives (absolute or ".." names, links, devices, entries that claim to
 * grow beyond reason) are refused when the source is opened. The source is
 * opened once; a folder's entries are then listed and read below that
 * descriptor without following a link, so that nothing swapped in after
 * the check (a link, a pipe) is followed or read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "formats/archive_io.h"
#include "util/common.h"
#include "util/crypto.h"
#include "ingest/source.h"

typedef struct entry {
	char *name;
	int64_t size;
	size_t order;   /* position in the archive or walk */
} entry;

struct som_source {
	char *name;       /* as the user gave it */
	char *path;       /* on disk: the file, folder, or spooled copy */
	int fd;           /* that file or folder, opened once: every entry is read through it */
	char *spool;      /* a spooled copy of standard input, removed at free */
	const char *kind;
	char sha[65];
	entry *entries;
	size_t n, alloc;
	size_t *by_base;  /* entry indices sorted by base name */
};

struct som_source_reader {
	som_source *src;
	const char *name;
	int fd;
	som_archive *ar;
	int64_t declared;
	int64_t done;
};

const char *som_source__name(const som_source *src) { return src->name; }
const char *som_source__sha256(const som_source *src) { return src->sha; }
const char *som_source__kind(const som_source *src) { return src->kind; }
size_t som_source__count(const som_source *src) { return src->n; }
const char *som_source__entry(const som_source *src, size_t i) { return src->entries[i].name; }
int64_t som_source__entry_size(const som_source *src, size_t i) { return src->entries[i].size; }

int som_source__rename(som_source *src, const char *name)
{
	char *copy = som__strdup(name);

	if (!copy)
		return SOM_ENOMEM;
	som__free(src->name);
	src->name = copy;
	return 0;
}

static int add_entry(som_source *src, const char *name, int64_t size)
{
	if (src->n == src->alloc) {
		size_t n = src->alloc ? src->alloc * 2 : 64;
		entry *grown = som__realloc(src->entries, n * sizeof(*grown));
		if (!grown)
			return SOM_ENOMEM;
		src->entries = grown;
		src->alloc = n;
	}
	if (!(src->entries[src->n].name = som__strdup(name)))
		return SOM_ENOMEM;
	src->entries[src->n].size = size;
	src->entries[src->n].order = src->n;
	src->n++;
	return 0;
}

/*
 * Normalise an entry name into `out`: strip "./" and trailing "/"; refuse
 * absolute names and any ".." component, whatever the separator.
 */
static int safe_name(som_buf *out, const char *display, const char *name)
{
	const char *p = name;
	const char *comp;
	size_t len;

	som_buf_clear(out);
	if (!*name || name[0] == '/' || name[0] == '\\' ||
	    (name[0] && name[1] == ':' && (name[2] == '/' || name[2] == '\\')))
		return som__error(SOM_EINVALID, "cannot read '%s': entry '%s' has an absolute path",
			display, name);
	while (*p) {
		comp = p;
		len = strcspn(p, "/\\");
		p += len;
		if (*p)
			p++;
		if (len == 0 || (len == 1 && comp[0] == '.'))
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.')
			return som__error(SOM_EINVALID,
				"cannot read '%s': entry '%s' points outside the archive ('..')",
				display, name);
		if (out->size && som_buf_putc(out, '/'))
			return SOM_ENOMEM;
		if (som_buf_put(out, comp, len))
			return SOM_ENOMEM;
	}
	return 0;
}

static int index_base_names(som_source *src);

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static int sort_and_check(som_source *src)
{
	if (src->n > 1)
		qsort(src->entries, src->n, sizeof(entry), cmp_entry);
	for (size_t i = 1; i < src->n; i++)
		if (!strcmp(src->entries[i].name, src->entries[i - 1].name))
			return som__error(SOM_EINVALID, "cannot read '%s': entry '%s' appears twice",
				src->name, src->entries[i].name);
	return 0;
}

/* The SHA-256 of an open file, read from its start (its offset is left alone). */
static int hash_fd(char out[65], int fd, const char *display)
{
	som_sha256 *sha = som_sha256__new();
	char buf[65536];
	off_t at = 0;
	ssize_t n;
	int error = 0;

	if (!sha)
		return som_error_code();
	while ((n = pread(fd, buf, sizeof(buf), at)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = som__error_os(SOM_EINVALID, "cannot read '%s'", display);
			break;
		}
		at += n;
		if ((error = som_sha256__update(sha, buf, (size_t)n)) != 0)
			break;
	}
	if (error) {
		som_sha256__free(sha);
		return error;
	}
	return som_sha256__final(out, sha);
}

/* An entry of a folder that is no longer what the walk found. */
static int entry_changed(som_source *src, const char *name)
{
	if (errno == ELOOP || errno == ENOTDIR)
		return som__error(SOM_EINVALID, "cannot read '%s': '%s' is a link or was "
			"replaced since the source was opened", src->name, name);
	return som__error_os(SOM_EINVALID, "cannot read '%s', entry '%s'", src->name, name);
}

/*
 * Open the entry `name` of a folder source below the folder opened at the
 * start, one component at a time and following no link: what the walk
 * checked is what is read, even if a link was put in its place since.
 */
static int open_entry(int *fd_out, som_source *src, const char *name)
{
	const char *p = name, *slash;
	char *comp;
	struct stat st;
	int dir = src->fd, fd, error;

	*fd_out = -1;
	while ((slash = strchr(p, '/')) != NULL) {
		if (!(comp = som__strndup(p, (size_t)(slash - p)))) {
			fd = -1;
			errno = ENOMEM;
		} else {
			fd = openat(dir, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			som__free(comp);
		}
		if (dir != src->fd)
			close(dir);
		if (fd < 0)
			return errno == ENOMEM ? SOM_ENOMEM : entry_changed(src, name);
		dir = fd;
		p = slash + 1;
	}
	fd = openat(dir, p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		error = entry_changed(src, name);
		if (dir != src->fd)
			close(dir);
		return error;
	}
	if (dir != src->fd)
		close(dir);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return som__error(SOM_EINVALID, "cannot read '%s': '%s' is no longer a regular file",
			src->name, name);
	}
	*fd_out = fd;
	return 0;
}

static int open_archive(som_source *src)
{
	som_archive *ar = NULL;
	som_buf name = SOM_BUF_INIT;
	const char *raw;
	struct stat st;
	int64_t size, total = 0;
	int regular, link, rc, error = 0;

	if ((error = som_archive__open_fd(&ar, src->fd, src->name)) != 0)
		return error;
	while ((rc = som_archive__next(ar, &raw, &size, &regular, &link)) == 1) {
		if ((error = safe_name(&name, src->name, raw)) != 0)
			goto done;
		if (link) {
			error = som__error(SOM_EINVALID, "cannot read '%s': entry '%s' is a link",
				src->name, raw);
			goto done;
		}
		if (!regular) {
			size_t len = strlen(raw);
			if (len && (raw[len - 1] == '/'))
				continue; /* a folder */
			if (!name.size)
				continue;
			/* zip marks folders by a trailing slash; anything else is odd */
			error = som__error(SOM_EINVALID,
				"cannot read '%s': entry '%s' is not a regular file", src->name, raw);
			goto done;
		}
		if (!name.size)
			continue;
		if (size > SOM_SOURCE_MAX_ENTRY) {
			error = som__error(SOM_EINVALID, "cannot read '%s': entry '%s' is too large",
				src->name, raw);
			goto done;
		}
		total += size > 0 ? size : 0;
		if ((error = add_entry(src, name.ptr, size)) != 0)
			goto done;
	}
	if (rc < 0) {
		error = rc;
		goto done;
	}
	src->kind = som_archive__format(ar);
	if (fstat(src->fd, &st) == 0 &&
	    total > (int64_t)SOM_SOURCE_MAX_RATIO * (st.st_size + 1) + 1024 * 1024) {
		error = som__error(SOM_EINVALID,
			"cannot read '%s': its entries claim %lld bytes from %lld (a zip bomb?)",
			src->name, (long long)total, (long long)st.st_size);
		goto done;
	}
	error = sort_and_check(src);
done:
	som_archive__free(ar);
	som_buf_dispose(&name);
	return error;
}

/*
 * List the folder open at `dfd` (taken: closed here), `rel` its name in
 * the source, without following links: each entry is looked at, and each
 * subfolder opened, relative to the folder that holds it.
 */
static int walk(som_source *src, int dfd, const char *rel)
{
	som_buf sub = SOM_BUF_INIT;
	struct dirent *de;
	struct stat st;
	DIR *d = fdopendir(dfd);
	int error = 0, fd;

	if (!d) {
		error = som__error_os(SOM_EINVALID, "cannot read folder '%s%s%s'", src->name,
			*rel ? "/" : "", rel);
		close(dfd);
		return error;
	}
	while (!error && (de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		som_buf_clear(&sub);
		if (som_buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name)) {
			error = SOM_ENOMEM;
			break;
		}
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			error = som__error_os(SOM_EINVALID, "cannot read '%s/%s'", src->name, sub.ptr);
		} else if (S_ISLNK(st.st_mode)) {
			error = som__error(SOM_EINVALID, "cannot read '%s': '%s' is a link",
				src->name, sub.ptr);
		} else if (S_ISDIR(st.st_mode)) {
			fd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				O_CLOEXEC);
			error = fd < 0 ? entry_changed(src, sub.ptr) : walk(src, fd, sub.ptr);
		} else if (S_ISREG(st.st_mode)) {
			error = add_entry(src, sub.ptr, (int64_t)st.st_size);
		} else {
			error = som__error(SOM_EINVALID, "cannot read '%s': '%s' is not a regular file",
				src->name, sub.ptr);
		}
	}
	closedir(d);
	som_buf_dispose(&sub);
	return error;
}

/* A folder's digest: over its sorted entry names, sizes and contents' digests. */
static int hash_folder(som_source *src)
{
	som_sha256 *sha = som_sha256__new();
	som_buf path = SOM_BUF_INIT, line = SOM_BUF_INIT;
	char h[65];
	int error = 0;

	if (!sha)
		return som_error_code();
	for (size_t i = 0; i < src->n && !error; i++) {
		int fd = -1;
		som_buf_clear(&path);
		som_buf_clear(&line);
		if ((error = som_buf_printf(&path, "%s/%s", src->name, src->entries[i].name)) != 0 ||
		    (error = open_entry(&fd, src, src->entries[i].name)) != 0)
			break;
		error = hash_fd(h, fd, path.ptr);
		close(fd);
		if (error || (error = som_buf_printf(&line, "%s %lld %s\n", h,
				(long long)src->entries[i].size, src->entries[i].name)) != 0)
			break;
		error = som_sha256__update(sha, line.ptr, line.size);
	}
	som_buf_dispose(&path);
	som_buf_dispose(&line);
	if (error) {
		som_sha256__free(sha);
		return error;
	}
	return som_sha256__final(src->sha, sha);
}

static int spool_stdin(som_source *src, const char *tmpdir)
{
	som_buf p = SOM_BUF_INIT;
	char buf[65536];
	ssize_t n;
	int fd, error = 0;

	if ((error = som_buf_printf(&p, "%s/stdin-XXXXXX", tmpdir ? tmpdir : "/tmp")) != 0)
		return error;
	if ((fd = mkostemp(p.ptr, O_CLOEXEC)) < 0) {
		error = som__error_os(SOM_EENV, "cannot create a file in '%s'", tmpdir);
		som_buf_dispose(&p);
		return error;
	}
	src->spool = som_buf_detach(&p);
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = som__error_os(SOM_EINVALID, "cannot read standard input");
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				error = som__error_os(SOM_EENV, "cannot write '%s'", src->spool);
				break;
			}
			off += w;
		}
		if (error)
			break;
	}
	close(fd);
	return error;
}

int som_source__open(som_source **out, const char *path, const char *tmpdir)
{
	som_source *src = som__calloc(1, sizeof(*src));
	struct stat st;
	const char *base;
	int error = 0, dfd;

	*out = NULL;
	if (!src)
		return SOM_ENOMEM;
	src->fd = -1;
	if (!(src->name = som__strdup(path))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if (!strcmp(path, "-")) {
		if ((error = spool_stdin(src, tmpdir)) != 0)
			goto done;
		path = src->spool;
	}
	if (!(src->path = som__strdup(path))) {
		error = SOM_ENOMEM;
		goto done;
	}
	/* The path the user named is followed; nothing below it will be. */
	if ((src->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 ||
	    fstat(src->fd, &st) != 0) {
		error = som__error_os(SOM_EINVALID, "cannot read '%s'", src->name);
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		src->kind = "folder";
		if ((dfd = fcntl(src->fd, F_DUPFD_CLOEXEC, 0)) < 0) {
			error = som__error_os(SOM_EENV, "cannot read folder '%s'", src->name);
			goto done;
		}
		if ((error = walk(src, dfd, "")) != 0 || (error = sort_and_check(src)) != 0 ||
		    (error = hash_folder(src)) != 0)
			goto done;
	} else if (S_ISREG(st.st_mode)) {
		if ((error = hash_fd(src->sha, src->fd, src->name)) != 0)
			goto done;
		if (som_archive__sniff_fd(src->fd)) {
			error = open_archive(src);
		} else {
			src->kind = "file";
			base = strrchr(src->name, '/');
			error = add_entry(src, !strcmp(src->name, "-") ? "stdin" :
				base ? base + 1 : src->name, (int64_t)st.st_size);
		}
		if (error)
			goto done;
	} else {
		error = som__error(SOM_EINVALID, "cannot read '%s': not a file or folder", src->name);
		goto done;
	}
	error = index_base_names(src);
done:
	if (error) {
		som_source__free(src);
		return error;
	}
	*out = src;
	return 0;
}

void som_source__free(som_source *src)
{
	if (!src)
		return;
	for (size_t i = 0; i < src->n; i++)
		som__free(src->entries[i].name);
	som__free(src->entries);
	som__free(src->by_base);
	if (src->fd >= 0)
		close(src->fd);
	if (src->spool)
		unlink(src->spool);
	som__free(src->spool);
	som__free(src->name);
	som__free(src->path);
	som__free(src);
}

int64_t som_source__find(const som_source *src, const char *name)
{
	size_t lo = 0, hi = src->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(src->entries[mid].name, name);
		if (c == 0)
			return (int64_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int cmp_base(const void *a, const void *b, void *arg)
{
	const som_source *src = arg;

	return strcmp(base_name(src->entries[*(const size_t *)a].name),
		base_name(src->entries[*(const size_t *)b].name));
}

/* Index of entries by base name, so that suffix look-ups need no scan. */
static int index_base_names(som_source *src)
{
	if (!(src->by_base = som__malloc((src->n ? src->n : 1) * sizeof(size_t))))
		return SOM_ENOMEM;
	for (size_t i = 0; i < src->n; i++)
		src->by_base[i] = i;
	if (src->n > 1)
		qsort_r(src->by_base, src->n, sizeof(size_t), cmp_base, src);
	return 0;
}

/*
 * Which entry an export's reference names, best first: the exact name; an
 * entry ending in "/" + the name (the shortest: the export lies one folder
 * down); an entry that the name ends in, after "/" (the longest: the
 * reference carries a prefix, such as Mastodon's instance name).
 */
int64_t som_source__find_suffix(const som_source *src, const char *name)
{
	const char *base;
	size_t lo = 0, hi, nlen;
	int64_t exact, below = -1, above = -1;

	while (*name == '/')
		name++;
	if (!*name)
		return -1;
	if ((exact = som_source__find(src, name)) >= 0)
		return exact;
	base = base_name(name);
	nlen = strlen(name);
	hi = src->n;
	while (lo < hi) { /* the first with this base name */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(base_name(src->entries[src->by_base[mid]].name), base) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < src->n && !strcmp(base_name(src->entries[src->by_base[lo]].name), base); lo++) {
		size_t i = src->by_base[lo];
		const char *e = src->entries[i].name;
		size_t elen = strlen(e);

		if (elen > nlen && e[elen - nlen - 1] == '/' && !strcmp(e + elen - nlen, name)) {
			if (below < 0 || elen < strlen(src->entries[below].name))
				below = (int64_t)i;
		} else if (nlen > elen && name[nlen - elen - 1] == '/' &&
			   !strcmp(name + nlen - elen, e)) {
			if (above < 0 || elen > strlen(src->entries[above].name))
				above = (int64_t)i;
		}
	}
	return below >= 0 ? below : above;
}

ssize_t som_source__read(som_source_reader *r, void *buf, size_t len)
{
	ssize_t n;

	if (r->ar) {
		n = som_archive__read(r->ar, buf, len);
	} else {
		do
			n = read(r->fd, buf, len);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return som__error_os(SOM_EINVALID, "cannot read '%s', entry '%s'",
				r->src->name, r->name);
	}
	if (n < 0)
		return n;
	r->done += n;
	if (r->done > SOM_SOURCE_MAX_ENTRY || (r->declared >= 0 && r->ar && r->done > r->declared))
		return som__error(SOM_EINVALID,
			"cannot read '%s', entry '%s': it holds more than it claims",
			r->src->name, r->name);
	return n;
}

static int visit_fd(som_source *src, size_t i, som_source_entry_cb cb, void *payload)
{
	som_source_reader r;
	int error, folder = !strcmp(src->kind, "folder");

	memset(&r, 0, sizeof(r));
	r.src = src;
	r.name = src->entries[i].name;
	r.declared = src->entries[i].size;
	r.fd = src->fd;
	if (folder && (error = open_entry(&r.fd, src, r.name)) != 0)
		return error;
	if (!folder && lseek(r.fd, 0, SEEK_SET) != 0)
		return som__error_os(SOM_EINVALID, "cannot read '%s'", src->name);
	error = cb(r.name, r.declared, &r, payload);
	if (folder)
		close(r.fd);
	return error;
}

int som_source__foreach(som_source *src, const unsigned char *want,
	som_source_entry_cb cb, void *payload)
{
	som_archive *ar = NULL;
	som_buf name = SOM_BUF_INIT;
	som_source_reader r;
	const char *raw;
	int64_t size, idx;
	int regular, link, rc, error = 0;

	if (strcmp(src->kind, "zip") && strcmp(src->kind, "tar")) {
		for (size_t i = 0; i < src->n && !error; i++)
			if (!want || want[i])
				error = visit_fd(src, i, cb, payload);
		return error;
	}
	if ((error = som_archive__open_fd(&ar, src->fd, src->name)) != 0)
		return error;
	while ((rc = som_archive__next(ar, &raw, &size, &regular, &link)) == 1) {
		if (!regular || link || safe_name(&name, src->name, raw) != 0 || !name.size)
			continue;
		if ((idx = som_source__find(src, name.ptr)) < 0 || (want && !want[idx]))
			continue;
		memset(&r, 0, sizeof(r));
		r.src = src;
		r.name = src->entries[idx].name;
		r.fd = -1;
		r.ar = ar;
		r.declared = size;
		if ((error = cb(r.name, size, &r, payload)) != 0)
			goto done;
	}
	if (rc < 0)
		error = rc;
done:
	som_archive__free(ar);
	som_buf_dispose(&name);
	return error;
}

int som_source__with_entry(som_source *src, const char *name,
	som_source_entry_cb cb, void *payload)
{
	unsigned char *want;
	int64_t idx = som_source__find(src, name);
	int error;

	if (idx < 0)
		return som__error(SOM_ENOTFOUND, "cannot read '%s': no entry '%s'", src->name, name);
	if (!(want = som__calloc(src->n, 1)))
		return SOM_ENOMEM;
	want[idx] = 1;
	error = som_source__foreach(src, want, cb, payload);
	som__free(want);
	return error;
}

struct slurp {
	som_buf buf;
	size_t max;
};

static int slurp_cb(const char *name, int64_t size, som_source_reader *r, void *payload)
{
	struct slurp *s = payload;
	char chunk[65536];
	ssize_t n;
	int error;

	(void)size;
	while ((n = som_source__read(r, chunk, sizeof(chunk))) > 0) {
		if (s->buf.size + (size_t)n > s->max)
			return som__error(SOM_EINVALID, "cannot read '%s': larger than %zu MiB",
				name, s->max / (1024 * 1024));
		if ((error = som_buf_put(&s->buf, chunk, (size_t)n)) != 0)
			return error;
	}
	return n < 0 ? (int)n : 0;
}

int som_source__slurp(char **out, size_t *out_len, som_source *src, const char *name,
	size_t max)
{
	struct slurp s = { SOM_BUF_INIT, max };
	int error = som_source__with_entry(src, name, slurp_cb, &s);

	if (!error && !s.buf.ptr)
		error = som_buf_puts(&s.buf, "");
	if (error) {
		som_buf_dispose(&s.buf);
		return error;
	}
	*out_len = s.buf.size;
	*out = som_buf_detach(&s.buf);
	return 0;
}
