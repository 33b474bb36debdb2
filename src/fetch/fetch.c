/*
 * The fetch core: a capture through a platform's API in two halves. First
 * the platform's fetcher asks the API, and every answer is written (with
 * the credentials blanked out) to the store's folder fetch/<account>/,
 * with a journal of what was asked; a fetch that was cut off continues
 * from that journal instead of asking again. Then the answers are read by
 * the platform's importer as one capture, in one transaction, and the
 * folder goes. Requests wait out the platforms' rate limits and retry
 * what failed on the way, with growing, jittered pauses.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fetch/fetch.h"
#include "fetch/http.h"
#include "ingest/capture.h"
#include "store/store.h"
#include "somarkiv/schedule.h"

/* Tries of one request before its failure is the fetch's; fewer when each waits out the timeout. */
#define MAX_ATTEMPTS 5
#define MAX_TIMEOUTS 3
/* The first pause after a failure, doubled each time, and the longest. */
#define BACKOFF_FIRST 1
#define BACKOFF_MAX 60
/* An answer of the API is JSON of a page: larger than this is refused. */
#define MAX_ANSWER ((int64_t)SOM_JSON_MAX_ITEM)
/* A medium (a video) may be this large. */
#define MAX_MEDIUM ((int64_t)4 * 1024 * 1024 * 1024)
/* A folder of answers older than this is not continued but started afresh. */
#define SPOOL_MAX_AGE (24 * 3600)
/* Secrets shorter than this are not blanked out of answers: they would hit ordinary text. */
#define MIN_SECRET 6

typedef struct journal_entry {
	char *url;
	long status;
	char *file;      /* relative to the spool, NULL: no body kept */
	char *next;      /* the Link rel="next", NULL: none */
} journal_entry;

struct som_fetch_private {
	som_http *http;
	som_buf spool;          /* <store>/fetch/<account> */
	som_buf source;         /* spool/source: what the importer reads */
	FILE *journal;
	journal_entry *entries; /* sorted by url */
	size_t n_entries, a_entries;
	int64_t seq;            /* names of answers not for the importer */
	const char *secrets[8];
	size_t n_secrets;
	char *oauth_token;      /* an access token got by refreshing */
	char **gone;
	size_t n_gone, a_gone;
	int64_t requests, replayed;
	som_buf notes;          /* lines for the capture's report, NUL-separated */
	size_t n_notes;
	int64_t pause_until;    /* Unix time: the rate limit allows no request before */
	som_buf pause_why;
	som_buf scratch;
};

static const som_fetcher *const fetchers[] = {
	&som_fetcher_mastodon, &som_fetcher_facebook, &som_fetcher_instagram,
	&som_fetcher_youtube, &som_fetcher_x, NULL
};

static const som_fetcher *fetcher_for(const char *platform)
{
	for (size_t i = 0; fetchers[i]; i++)
		if (!strcmp(fetchers[i]->platform, platform))
			return fetchers[i];
	return NULL;
}

int som_fetch_supported(const char *platform)
{
	return platform && fetcher_for(platform) != NULL;
}

/* ---- small helpers ---- */

/* The last error set anew as "PREFIX<it>SUFFIX" (the message is copied first: it is rewritten). */
static int wrap(int error, const char *prefix, const char *suffix)
{
	char was[1024];

	snprintf(was, sizeof(was), "%s", som_error_last());
	return som__error(error, "%s%s%s", prefix ? prefix : "", was, suffix ? suffix : "");
}

int64_t som_fetch__time(const char *t)
{
	int64_t out;

	if (!t || som_schedule_parse_time(&out, t) != 0) {
		char norm[32];
		som_error_clear();
		if (!t || som__time_normalize(norm, t) != 0 ||
		    som_schedule_parse_time(&out, norm) != 0) {
			som_error_clear();
			return -1;
		}
	}
	return out;
}

int som_fetch__escape(som_buf *out, const char *s)
{
	return som_http__escape(out, s);
}

int som_fetch__safe_name(som_buf *out, const char *name, size_t len)
{
	int error = 0;

	for (size_t i = 0; i < len && !error; i++) {
		char ch = name[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '_' || (ch == '.' && i > 0))
			error = som_buf_putc(out, ch);
		else
			error = som_buf_putc(out, '_');
	}
	return error ? error : som_buf_puts(out, "");
}

void som_fetch__answer_dispose(som_fetch_answer *a)
{
	if (!a)
		return;
	som_buf_dispose(&a->body);
	som_buf_dispose(&a->next);
	som_json__free(a->json);
	memset(a, 0, sizeof(*a));
}

int som_fetch__note(som_fetch_ctx *f, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = som_buf_vprintf(&f->p->notes, fmt, ap);
	va_end(ap);
	if (!error)
		error = som_buf_put(&f->p->notes, "", 1);
	f->p->n_notes++;
	return error;
}

void som_fetch__progress(som_fetch_ctx *f, const char *what)
{
	if (f->opts && f->opts->progress)
		f->opts->progress(f->p->requests, what, f->opts->payload);
}

/* Replace every secret in buf->ptr by "[redacted]". */
static int scrub(som_fetch_ctx *f, som_buf *buf)
{
	som_buf out = SOM_BUF_INIT;
	int error = 0;

	for (size_t s = 0; s < f->p->n_secrets && buf->ptr; s++) {
		const char *secret = f->p->secrets[s], *p = buf->ptr, *hit;
		size_t n = strlen(secret);
		if (n < MIN_SECRET || !memmem(buf->ptr, buf->size, secret, n))
			continue;
		som_buf_clear(&out);
		while ((hit = memmem(p, buf->size - (size_t)(p - buf->ptr), secret, n)) != NULL) {
			if ((error = som_buf_put(&out, p, (size_t)(hit - p))) != 0 ||
			    (error = som_buf_puts(&out, "[redacted]")) != 0)
				goto done;
			p = hit + n;
		}
		if ((error = som_buf_put(&out, p, buf->size - (size_t)(p - buf->ptr))) != 0)
			goto done;
		explicit_bzero(buf->ptr, buf->size);
		som_buf_clear(buf);
		if ((error = som_buf_put(buf, out.ptr, out.size)) != 0)
			goto done;
	}
done:
	if (out.ptr)
		explicit_bzero(out.ptr, out.size);
	som_buf_dispose(&out);
	return error;
}

int som_fetch__strip_token(som_buf *out, const char *url)
{
	const char *q = strchr(url, '?'), *p;
	int error, first = 1;

	som_buf_clear(out);
	if (!q)
		return som_buf_puts(out, url);
	if ((error = som_buf_put(out, url, (size_t)(q - url))) != 0)
		return error;
	for (p = q + 1; *p && !error;) {
		size_t len = strcspn(p, "&#");
		if (!(len >= 13 && !strncmp(p, "access_token=", 13))) {
			error = som_buf_putc(out, first ? '?' : '&');
			if (!error)
				error = som_buf_put(out, p, len);
			first = 0;
		}
		p += len;
		if (*p == '#') {
			error = error ? error : som_buf_puts(out, p);
			break;
		}
		if (*p == '&')
			p++;
	}
	return error ? error : som_buf_puts(out, "");
}

int som_fetch__link_next(som_buf *out, const char *link)
{
	const char *p = link;

	som_buf_clear(out);
	while (p && *p) {
		const char *lt = strchr(p, '<'), *gt, *end;
		if (!lt || !(gt = strchr(lt, '>')))
			break;
		end = strchr(gt, ',');
		while (end) {
			/* a comma inside a quoted parameter does not end the link */
			const char *q = gt;
			int quotes = 0;
			for (; q < end; q++)
				quotes += *q == '"';
			if (quotes % 2 == 0)
				break;
			end = strchr(end + 1, ',');
		}
		if (!end)
			end = gt + strlen(gt);
		for (const char *r = gt; r + 3 < end; r++)
			if (!strncasecmp(r, "rel=", 4)) {
				const char *v = r + 4 + (r[4] == '"');
				if (!strncasecmp(v, "next", 4) && (v[4] == '"' || v[4] == ';' ||
						v[4] == ' ' || v + 4 == end))
					return som_buf_put(out, lt + 1, (size_t)(gt - lt - 1));
			}
		p = *end ? end + 1 : end;
	}
	return som_buf_puts(out, "");
}

static void pause_for(int64_t seconds)
{
	struct timespec ts;

	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = 0;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void pause_ms(int64_t ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * The pause after the n-th failure (1-based): doubling, with up to as much
 * again at random (so that clients do not come back in step), and never
 * longer than --max-wait allows.
 */
static int64_t backoff_ms(const som_fetch_ctx *f, int n)
{
	int64_t base = (int64_t)BACKOFF_FIRST * 1000, pause;
	long max_wait = f->opts && f->opts->max_wait > 0 ? f->opts->max_wait : BACKOFF_MAX;

	for (int i = 1; i < n && base < BACKOFF_MAX * 1000; i++)
		base *= 2;
	if (base > BACKOFF_MAX * 1000)
		base = BACKOFF_MAX * 1000;
	pause = base + (int64_t)arc4random_uniform((uint32_t)base);
	return pause > (int64_t)max_wait * 1000 ? (int64_t)max_wait * 1000 : pause;
}

/* ---- rate limits ---- */

/* A time a header gives: Unix seconds, an ISO 8601 time, or an HTTP date. */
static int64_t header_time(const char *v)
{
	struct tm tm;
	char *end;
	long long n = strtoll(v, &end, 10);

	if (end != v && *end == '\0')
		return (int64_t)n;
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(v, "%a, %d %b %Y %H:%M:%S GMT", &tm)) != NULL && *end == '\0')
		return (int64_t)timegm(&tm);
	return som_fetch__time(v);
}

/* The Graph API's use of its budget, in percent, and when it gives access back (seconds). */
typedef struct usage {
	int percent;
	int64_t regain;
	int depth;
} usage;

static void graph_usage(usage *u, const som_json *v);

static int usage_member(const char *key, som_json *value, void *payload)
{
	(void)key;
	graph_usage(payload, value);
	return 0;
}

/*
 * X-App-Usage is {"call_count": 12, ...}; X-Business-Use-Case-Usage is
 * {"<id>": [{"call_count": .., "estimated_time_to_regain_access": minutes}]}.
 */
static void graph_usage(usage *u, const som_json *v)
{
	static const char *const keys[] = { "call_count", "total_cputime", "total_time" };
	int64_t minutes;

	if (u->depth > 4)
		return;
	u->depth++;
	if (som_json__is_array(v)) {
		for (size_t i = 0; i < som_json__array_size(v); i++)
			graph_usage(u, som_json__array_get(v, i));
	} else if (som_json__is_object(v) && som_json__get(v, "call_count")) {
		for (size_t i = 0; i < SOM_ARRAY_SIZE(keys); i++)
			if (som_json__integer(som_json__get(v, keys[i])) > u->percent)
				u->percent = (int)som_json__integer(som_json__get(v, keys[i]));
		minutes = som_json__integer(som_json__get(v, "estimated_time_to_regain_access"));
		if (minutes * 60 > u->regain)
			u->regain = minutes * 60;
	} else if (som_json__is_object(v)) {
		som_json__foreach_member(v, usage_member, u);
	}
	u->depth--;
}

/*
 * Learn from an answer's headers when the next request may go: the
 * X-RateLimit-* pair of Mastodon and X (none left: wait for the reset),
 * the Graph API's usage headers (at 100%: wait as it says, else a minute).
 */
static int learn_limits(som_fetch_ctx *f, const som_http_response *r)
{
	som_fetch_private *p = f->p;
	som_buf v = SOM_BUF_INIT;
	int64_t now = (int64_t)time(NULL), until = 0;
	static const char *const usage_headers[] = {
		"X-App-Usage", "X-Page-Usage", "X-Business-Use-Case-Usage", "X-Ad-Account-Usage"
	};
	int error = 0;

	/* Mastodon's X-RateLimit-*, X's x-rate-limit-* */
	if (((som_http__header(&v, r, "X-RateLimit-Remaining") == 0 && v.size > 0) ||
	     (som_http__header(&v, r, "X-Rate-Limit-Remaining") == 0 && v.size > 0)) &&
	    strtoll(v.ptr, NULL, 10) <= 0 && v.ptr[0] >= '0' && v.ptr[0] <= '9' &&
	    ((som_http__header(&v, r, "X-RateLimit-Reset") == 0 && v.size > 0) ||
	     (som_http__header(&v, r, "X-Rate-Limit-Reset") == 0 && v.size > 0))) {
		until = header_time(v.ptr);
		if (until > 0 && until < now + 366 * 86400 && until > p->pause_until) {
			p->pause_until = until;
			som_buf_clear(&p->pause_why);
			error = som_buf_puts(&p->pause_why, "its rate limit is used up");
		}
	}
	for (size_t i = 0; i < SOM_ARRAY_SIZE(usage_headers) && !error; i++) {
		som_json *j = NULL;
		usage u = { 0, 0, 0 };
		if (som_http__header(&v, r, usage_headers[i]) != 0 || v.size == 0)
			continue;
		if (som_json__parse(&j, v.ptr, v.size, usage_headers[i], 0) == 0) {
			graph_usage(&u, j);
			if (u.percent >= 100 || u.regain > 0) {
				until = now + (u.regain > 0 ? u.regain : 60);
				if (until > p->pause_until) {
					p->pause_until = until;
					som_buf_clear(&p->pause_why);
					error = som_buf_printf(&p->pause_why, "%s says %d%% of its budget "
						"is used", usage_headers[i], u.percent);
				}
			}
		}
		som_json__free(j);
		som_error_clear();
	}
	som_buf_dispose(&v);
	return error;
}

/* Wait until the rate limit allows a request, if that is within max_wait. */
static int await_limit(som_fetch_ctx *f, const char *what, int64_t until, const char *why)
{
	int64_t now = (int64_t)time(NULL);
	long max_wait = f->opts && f->opts->max_wait > 0 ? f->opts->max_wait : 900;
	char when[32];

	if (until <= now)
		return 0;
	if (until - now > max_wait) {
		som__time_from_unix(when, until);
		return som__error(SOM_ERROR, "account '%s': %s: the API asks to wait until %s (%s), "
			"longer than %ld s: nothing was captured; fetch again then", f->account->handle,
			what, when, why, max_wait);
	}
	pause_for(until - now);
	return 0;
}

/* ---- the folder of answers and its journal ---- */

static int journal_cmp(const void *a, const void *b)
{
	return strcmp(((const journal_entry *)a)->url, ((const journal_entry *)b)->url);
}

static journal_entry *journal_find(som_fetch_private *p, const char *url)
{
	journal_entry key;

	key.url = (char *)url;
	return p->n_entries ? bsearch(&key, p->entries, p->n_entries, sizeof(key),
		journal_cmp) : NULL;
}

static void entry_free(journal_entry *e)
{
	som__free(e->url);
	som__free(e->file);
	som__free(e->next);
}

/* Add an entry keeping the order; an entry of the same URL is replaced. */
static int journal_add(som_fetch_private *p, const char *url, long status, const char *file,
	const char *next)
{
	journal_entry e, *old;
	size_t at;

	memset(&e, 0, sizeof(e));
	e.status = status;
	if (!(e.url = som__strdup(url)) || (file && !(e.file = som__strdup(file))) ||
	    (next && *next && !(e.next = som__strdup(next)))) {
		entry_free(&e);
		return SOM_ENOMEM;
	}
	if ((old = journal_find(p, url)) != NULL) {
		entry_free(old);
		*old = e;
		return 0;
	}
	if (p->n_entries == p->a_entries) {
		size_t n = p->a_entries ? p->a_entries * 2 : 64;
		journal_entry *grown = som__realloc(p->entries, n * sizeof(*grown));
		if (!grown) {
			entry_free(&e);
			return SOM_ENOMEM;
		}
		p->entries = grown;
		p->a_entries = n;
	}
	for (at = p->n_entries; at > 0 && strcmp(p->entries[at - 1].url, url) > 0; at--)
		p->entries[at] = p->entries[at - 1];
	p->entries[at] = e;
	p->n_entries++;
	return 0;
}

/* A line "status TAB url TAB file TAB next"; '-' for none. Damaged lines (a cut-off write) are skipped. */
static int journal_load(som_fetch_private *p)
{
	som_buf path = SOM_BUF_INIT, file = SOM_BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *in;
	int error = 0;

	if ((error = som_buf_printf(&path, "%s/journal", p->spool.ptr)) != 0)
		return error;
	if (!(in = fopen(path.ptr, "r"))) {
		som_buf_dispose(&path);
		return 0;
	}
	while (!error && (n = getline(&line, &cap, in)) > 0) {
		char *f[4], *s = line;
		int k;
		if (line[n - 1] != '\n')
			break;
		line[n - 1] = '\0';
		for (k = 0; k < 4 && s; k++) {
			f[k] = s;
			if ((s = strchr(s, '\t')) != NULL)
				*s++ = '\0';
		}
		if (k < 4 || s)
			continue;
		if (strcmp(f[2], "-") != 0) {
			som_buf_clear(&file);
			if ((error = som_buf_printf(&file, "%s/%s", p->spool.ptr, f[2])) != 0)
				break;
			if (access(file.ptr, R_OK) != 0)
				continue;
		}
		error = journal_add(p, f[1], strtol(f[0], NULL, 10),
			strcmp(f[2], "-") ? f[2] : NULL, strcmp(f[3], "-") ? f[3] : NULL);
		if (!strncmp(f[2], "other/", 6))
			p->seq++;
	}
	free(line);
	fclose(in);
	som_buf_dispose(&path);
	som_buf_dispose(&file);
	return error;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

static int remove_tree(const char *path)
{
	if (access(path, F_OK) != 0)
		return 0;
	if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return som__error_os(SOM_EENV, "cannot remove '%s'", path);
	return 0;
}

/*
 * The folders of `path` from its byte `from` on (those before exist), mode
 * 0700; with `parents_only` not the last part (a file's name).
 */
static int make_dirs(const char *path, size_t from, int parents_only)
{
	som_buf b = SOM_BUF_INIT;
	const char *slash = strrchr(path, '/');
	int error;

	if ((error = som_buf_put(&b, path, parents_only && slash ? (size_t)(slash - path) :
			strlen(path))) != 0)
		return error;
	for (size_t i = from + 1; i <= b.size && !error; i++) {
		if (b.ptr[i] != '/' && b.ptr[i] != '\0')
			continue;
		b.ptr[i] = '\0';
		if (mkdir(b.ptr, 0700) != 0 && errno != EEXIST)
			error = som__error_os(SOM_EENV, "cannot create '%s'", b.ptr);
		if (i < b.size)
			b.ptr[i] = '/';
	}
	som_buf_dispose(&b);
	return error;
}

/* A new file that only its owner may read (the answers hold people's words), to write. */
static FILE *private_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *out;

	if (fd < 0)
		return NULL;
	if (!(out = fdopen(fd, "w")))
		close(fd);
	return out;
}

/* What a continued fetch must agree with: the API and --since. */
static int spool_key(som_buf *out, som_fetch_ctx *f)
{
	som_buf_clear(out);
	return som_buf_printf(out, "somarkiv fetch 1\n%s\n%s\n", f->base.ptr,
		f->since_iso[0] ? f->since_iso : "-");
}

/*
 * Open the folder of answers: continue one left by an interrupted fetch of
 * the same API and --since less than a day old; else start afresh.
 */
static int spool_open(som_fetch_ctx *f)
{
	som_fetch_private *p = f->p;
	som_buf key = SOM_BUF_INIT, meta = SOM_BUF_INIT, have = SOM_BUF_INIT;
	struct stat st;
	FILE *m = NULL;
	char chunk[512];
	size_t got;
	int error, resume = 0, fd = -1;

	if ((error = som_buf_printf(&p->spool, "%s/fetch/%lld", som_store_path(f->store),
			(long long)f->account->id)) != 0 ||
	    (error = som_buf_printf(&p->source, "%s/source", p->spool.ptr)) != 0 ||
	    (error = som_buf_printf(&meta, "%s/meta", p->spool.ptr)) != 0 ||
	    (error = spool_key(&key, f)) != 0)
		goto done;
	if (stat(meta.ptr, &st) == 0 && (int64_t)time(NULL) - (int64_t)st.st_mtime < SPOOL_MAX_AGE &&
	    (m = fopen(meta.ptr, "r")) != NULL) {
		while ((got = fread(chunk, 1, sizeof(chunk), m)) > 0)
			if ((error = som_buf_put(&have, chunk, got)) != 0)
				goto done;
		fclose(m);
		m = NULL;
		resume = have.ptr && !strcmp(have.ptr, key.ptr);
	}
	if (!resume) {
		if ((error = remove_tree(p->spool.ptr)) != 0 ||
		    (error = make_dirs(p->source.ptr, strlen(som_store_path(f->store)), 0)) != 0)
			goto done;
		som_buf_clear(&have);
		if ((error = som_buf_printf(&have, "%s/other", p->spool.ptr)) != 0)
			goto done;
		if (mkdir(have.ptr, 0700) != 0 && errno != EEXIST) {
			error = som__error_os(SOM_EENV, "cannot create '%s'", have.ptr);
			goto done;
		}
		if (!(m = private_file(meta.ptr)) || fputs(key.ptr, m) == EOF || fclose(m) != 0) {
			m = NULL;
			error = som__error_os(SOM_EENV, "cannot write '%s'", meta.ptr);
			goto done;
		}
		m = NULL;
	} else if ((error = journal_load(p)) != 0) {
		goto done;
	}
	som_buf_clear(&have);
	if ((error = som_buf_printf(&have, "%s/journal", p->spool.ptr)) != 0)
		goto done;
	if ((fd = open(have.ptr, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) < 0 ||
	    !(p->journal = fdopen(fd, "a"))) {
		if (fd >= 0)
			close(fd);
		error = som__error_os(SOM_EENV, "cannot write '%s'", have.ptr);
		goto done;
	}
done:
	if (m)
		fclose(m);
	som_buf_dispose(&key);
	som_buf_dispose(&meta);
	som_buf_dispose(&have);
	return error;
}

/* Write `len` bytes to spool/`rel` through a temporary name. */
static int spool_write(som_fetch_ctx *f, const char *rel, const char *data, size_t len)
{
	som_buf path = SOM_BUF_INIT, tmp = SOM_BUF_INIT;
	FILE *out = NULL;
	int error;

	if ((error = som_buf_printf(&path, "%s/%s", f->p->spool.ptr, rel)) != 0 ||
	    (error = som_buf_printf(&tmp, "%s.part", path.ptr)) != 0 ||
	    (error = make_dirs(path.ptr, f->p->spool.size, 1)) != 0)
		goto done;
	if (!(out = private_file(tmp.ptr)) || (len && fwrite(data, 1, len, out) != len)) {
		error = som__error_os(SOM_EENV, "cannot write '%s'", tmp.ptr);
		goto done;
	}
	if (fclose(out) != 0) {
		out = NULL;
		error = som__error_os(SOM_EENV, "cannot write '%s'", tmp.ptr);
		goto done;
	}
	out = NULL;
	if (rename(tmp.ptr, path.ptr) != 0)
		error = som__error_os(SOM_EENV, "cannot rename '%s'", tmp.ptr);
done:
	if (out)
		fclose(out);
	if (error)
		unlink(tmp.ptr);
	som_buf_dispose(&path);
	som_buf_dispose(&tmp);
	return error;
}

static int journal_append(som_fetch_ctx *f, const char *url, long status, const char *file,
	const char *next)
{
	if (strpbrk(url, "\t\n") || (next && strpbrk(next, "\t\n")))
		return 0;   /* not kept: asked again when continued */
	if (fprintf(f->p->journal, "%ld\t%s\t%s\t%s\n", status, url, file ? file : "-",
			next && *next ? next : "-") < 0 || fflush(f->p->journal) != 0)
		return som__error_os(SOM_EENV, "cannot write the journal of '%s'", f->p->spool.ptr);
	return journal_add(f->p, url, status, file, next);
}

/* ---- requests ---- */

/* The API's own words about a failure, from the usual places of its JSON error. */
static const char *api_message(const som_fetch_answer *a)
{
	som_json *err = som_json__get(a->json, "error");
	const char *m;

	if ((m = som_json__get_string(err, "message")) != NULL ||
	    (m = som_json__get_string(a->json, "error")) != NULL ||
	    (m = som_json__get_string(a->json, "detail")) != NULL ||
	    (m = som_json__get_string(a->json, "title")) != NULL ||
	    (m = som_json__get_string(a->json, "error_description")) != NULL)
		return m;
	return NULL;
}

int som_fetch__fail(som_fetch_ctx *f, const som_fetch_answer *a, const char *what)
{
	const char *m = api_message(a);

	return som__error(SOM_ERROR, "account '%s': %s: HTTP %ld%s%.200s", f->account->handle,
		what, a->status, m ? ": " : "", m ? m : "");
}

static int refused(som_fetch_ctx *f, const som_fetch_answer *a, const char *what)
{
	const char *m = api_message(a);

	return som__error(SOM_ERROR, "account '%s': %s: the API refused the credentials "
		"(HTTP %ld%s%.200s): renew the token in '%s'; nothing was captured",
		f->account->handle, what, a->status, m ? ": " : "", m ? m : "",
		f->cred.path ? f->cred.path : "(no credentials file)");
}

/* An answer from the journal of an interrupted fetch. */
static int replay(som_fetch_answer *out, som_fetch_ctx *f, const journal_entry *e)
{
	som_buf path = SOM_BUF_INIT;
	FILE *in = NULL;
	char chunk[65536];
	size_t got;
	int error = 0;

	out->status = e->status;
	if ((error = som_buf_puts(&out->next, e->next ? e->next : "")) != 0 ||
	    (error = som_buf_puts(&out->body, "")) != 0)
		goto done;
	if (e->file) {
		if ((error = som_buf_printf(&path, "%s/%s", f->p->spool.ptr, e->file)) != 0)
			goto done;
		if (!(in = fopen(path.ptr, "r"))) {
			error = som__error_os(SOM_EENV, "cannot read '%s'", path.ptr);
			goto done;
		}
		while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
			if ((error = som_buf_put(&out->body, chunk, got)) != 0)
				goto done;
	}
	if (out->body.size && som_json__parse(&out->json, out->body.ptr, out->body.size,
			e->file ? e->file : "journal", 0) != 0) {
		out->json = NULL;
		som_error_clear();
	}
	f->p->replayed++;
done:
	if (in)
		fclose(in);
	som_buf_dispose(&path);
	return error;
}

static int is_ok(long status)
{
	return status >= 200 && status < 300;
}

/* Line breaks between a JSON text's tokens made spaces (inside strings there are none). */
static void one_line(char *p, size_t n)
{
	int in_string = 0;

	for (size_t i = 0; i < n; i++) {
		if (in_string) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '"')
				in_string = 0;
		} else if (p[i] == '"') {
			in_string = 1;
		} else if (p[i] == '\n' || p[i] == '\r') {
			p[i] = ' ';
		}
	}
	while (n > 0 && p[n - 1] == ' ')
		n--;
}

/* Keep a final answer: 2xx for the importer (save_as) or beside it; others beside it. */
static int keep(som_fetch_ctx *f, const som_fetch_answer *a, const char *url,
	const char *save_as)
{
	som_buf rel = SOM_BUF_INIT;
	int error;

	if (is_ok(a->status) && save_as)
		error = som_buf_printf(&rel, "source/%s", save_as);
	else
		error = som_buf_printf(&rel, "other/%06lld.json", (long long)++f->p->seq);
	if (!error && save_as && strlen(save_as) > 6 &&
	    !strcmp(save_as + strlen(save_as) - 6, ".jsonl"))
		one_line(a->body.ptr, a->body.size);
	if (!error)
		error = spool_write(f, rel.ptr, a->body.ptr, a->body.size);
	if (!error)
		error = journal_append(f, url, a->status, rel.ptr, a->next.ptr);
	som_buf_dispose(&rel);
	return error;
}

int som_fetch__keep(som_fetch_ctx *f, som_fetch_answer *a, const char *save_as)
{
	som_buf rel = SOM_BUF_INIT;
	int error;

	if ((error = som_buf_printf(&rel, "source/%s", save_as)) != 0)
		return error;
	if (strlen(save_as) > 6 && !strcmp(save_as + strlen(save_as) - 6, ".jsonl"))
		one_line(a->body.ptr, a->body.size);
	error = spool_write(f, rel.ptr, a->body.ptr, a->body.size);
	som_buf_dispose(&rel);
	return error;
}

/* "account 'H': WHAT: <the network's error>[ (after N tries)]". */
static int tries_error(som_fetch_ctx *f, int error, const char *what, int attempt)
{
	char prefix[512], suffix[32];

	snprintf(prefix, sizeof(prefix), "account '%s': %s: ", f->account->handle, what);
	suffix[0] = '\0';
	if (attempt > 1)
		snprintf(suffix, sizeof(suffix), " (after %d tries)", attempt);
	return wrap(error, prefix, suffix);
}

int som_fetch__get(som_fetch_answer *out, som_fetch_ctx *f, const char *url,
	const char *save_as, const char *what)
{
	som_fetch_private *p = f->p;
	som_http_response r;
	som_buf asked = SOM_BUF_INIT, link = SOM_BUF_INIT, wait = SOM_BUF_INIT;
	journal_entry *e;
	char tries[32];
	int error = 0, attempt;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	if ((error = som_fetch__strip_token(&asked, url)) != 0)
		goto done;
	if ((e = journal_find(p, asked.ptr)) != NULL) {
		error = replay(out, f, e);
		goto done;
	}
	for (attempt = 1;; attempt++) {
		int64_t until = 0;
		som_fetch__answer_dispose(out);
		som_http__response_dispose(&r);
		if ((error = await_limit(f, what, p->pause_until, p->pause_why.ptr ?
				p->pause_why.ptr : "its rate limit")) != 0)
			goto done;
		p->requests++;
		som_fetch__progress(f, what);
		error = som_http__request(&r, p->http, asked.ptr, f->headers, NULL, MAX_ANSWER, NULL);
		if (error) {
			if (!r.transient || attempt >= (r.timed_out ? MAX_TIMEOUTS : MAX_ATTEMPTS)) {
				if (error != SOM_ENOMEM)
					error = tries_error(f, error, what, attempt);
				goto done;
			}
			som_error_clear();
			error = 0;
			pause_ms(backoff_ms(f, attempt));
			continue;
		}
		if ((error = learn_limits(f, &r)) != 0)
			goto done;
		out->status = r.status;
		out->body = r.body;
		memset(&r.body, 0, sizeof(r.body));
		if ((error = scrub(f, &out->body)) != 0 ||
		    (error = (som_http__header(&link, &r, "Link") == 0 ?
				som_fetch__link_next(&out->next, link.ptr) : som_buf_puts(&out->next, ""))) != 0 ||
		    (error = scrub(f, &out->next)) != 0)
			goto done;
		if (out->body.size && som_json__parse(&out->json, out->body.ptr, out->body.size,
				asked.ptr, 0) != 0) {
			out->json = NULL;
			if (is_ok(out->status)) {
				/* a 2xx that is not JSON was cut short on the way (or is no API's) */
				if (attempt >= MAX_ATTEMPTS) {
					error = tries_error(f, SOM_ERROR, what, attempt);
					goto done;
				}
				som_error_clear();
				pause_ms(backoff_ms(f, attempt));
				continue;
			}
			som_error_clear();
		}
		if (out->status == 429 || out->status >= 500) {
			if (attempt >= MAX_ATTEMPTS) {
				error = som_fetch__fail(f, out, what);
				snprintf(tries, sizeof(tries), " (after %d tries)", attempt);
				error = wrap(error, NULL, tries);
				goto done;
			}
			if (som_http__header(&wait, &r, "Retry-After") == 0 && wait.size) {
				until = header_time(wait.ptr);
				if (until >= 0 && until < 1000000000)   /* seconds, not a date */
					until += (int64_t)time(NULL);
			}
			if (until <= 0 && out->status == 429 && p->pause_until > (int64_t)time(NULL))
				until = p->pause_until;
			if (until > 0) {
				if ((error = await_limit(f, what, until, out->status == 429 ?
						"HTTP 429, Retry-After" : "Retry-After")) != 0)
					goto done;
			} else {
				pause_ms(backoff_ms(f, attempt));
			}
			continue;
		}
		break;
	}
	if (out->status == 401 || (!is_ok(out->status) && f->fetcher->refused &&
			f->fetcher->refused(out))) {
		error = refused(f, out, what);
		goto done;
	}
	if (!is_ok(out->status) && out->status < 400) {
		error = som_fetch__fail(f, out, what);
		goto done;
	}
	error = keep(f, out, asked.ptr, save_as);
done:
	som_http__response_dispose(&r);
	som_buf_dispose(&asked);
	som_buf_dispose(&link);
	som_buf_dispose(&wait);
	if (error)
		som_fetch__answer_dispose(out);
	return error;
}

/* ---- media ---- */

/* Put a stored object at `path`: a hard link to its file, else its bytes. */
static int from_store(som_fetch_ctx *f, const char *hex, const char *path)
{
	som_buf bytes = SOM_BUF_INIT;
	char *file = som_object__file_path(f->store, hex);
	FILE *out = NULL;
	int error = 0;

	if (!file)
		return SOM_ENOMEM;
	if (access(file, R_OK) == 0 && link(file, path) == 0)
		goto done;
	if ((error = som_object_read(&bytes, f->store, hex)) != 0)
		goto done;
	if (!(out = private_file(path)) || (bytes.size && fwrite(bytes.ptr, 1, bytes.size, out) !=
			bytes.size) || fclose(out) != 0) {
		out = NULL;
		error = som__error_os(SOM_EENV, "cannot write '%s'", path);
		unlink(path);
	}
done:
	som__free(file);
	som_buf_dispose(&bytes);
	return error;
}

/* A relative path of safe names: no "..", no empty part, letters, digits, '.', '-', '_'. */
static int safe_entry(const char *entry)
{
	const char *p = entry;

	if (!*p || *p == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
			      (p[i] >= '0' && p[i] <= '9') || p[i] == '.' || p[i] == '-' || p[i] == '_'))
				return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return p[-1] != '/';
}

int som_fetch__media(som_fetch_ctx *f, const char *url, const char *entry)
{
	som_buf path = SOM_BUF_INIT, tmp = SOM_BUF_INIT;
	som_http_response r;
	char hex[65];
	FILE *out = NULL;
	int found = 0, error = 0;

	memset(&r, 0, sizeof(r));
	if (!url || !*url || !entry || !safe_entry(entry))
		return 0;
	if ((error = som_buf_printf(&path, "%s/%s", f->p->source.ptr, entry)) != 0 ||
	    (error = som_buf_printf(&tmp, "%s.part", path.ptr)) != 0)
		goto done;
	if (access(path.ptr, F_OK) == 0)
		goto done;
	if ((error = make_dirs(path.ptr, f->p->source.size, 1)) != 0)
		goto done;
	if ((error = som_fetch__store_attachment(hex, &found, f->store, f->account->id,
			entry)) != 0)
		goto done;
	if (found) {
		error = from_store(f, hex, path.ptr);
		goto done;
	}
	for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		som_http__response_dispose(&r);
		if (!(out = private_file(tmp.ptr))) {
			error = som__error_os(SOM_EENV, "cannot write '%s'", tmp.ptr);
			goto done;
		}
		f->p->requests++;
		som_fetch__progress(f, "a medium");
		error = som_http__request(&r, f->p->http, url, NULL, NULL, MAX_MEDIUM, out);
		if (fclose(out) != 0 && !error)
			error = som__error_os(SOM_EENV, "cannot write '%s'", tmp.ptr);
		out = NULL;
		if (error == SOM_EENV || error == SOM_ENOMEM)
			goto done;
		if (!error && is_ok(r.status)) {
			if (rename(tmp.ptr, path.ptr) != 0)
				error = som__error_os(SOM_EENV, "cannot rename '%s'", tmp.ptr);
			goto done;
		}
		/* not to be had now: left out, and the capture says it is missing */
		if ((error && !r.transient) || (!error && r.status != 429 && r.status < 500) ||
		    attempt == MAX_ATTEMPTS)
			break;
		som_error_clear();
		error = 0;
		pause_ms(backoff_ms(f, attempt));
	}
	if (error)
		error = som_fetch__note(f, "medium '%.*s' not fetched: %s", (int)strcspn(url, "?#"),
			url, som_error_last());
	else
		error = som_fetch__note(f, "medium '%.*s' not fetched: HTTP %ld",
			(int)strcspn(url, "?#"), url, r.status);
	som_error_clear();
	unlink(tmp.ptr);
done:
	if (out)
		fclose(out);
	if (error)
		unlink(tmp.ptr);
	som_http__response_dispose(&r);
	som_buf_dispose(&path);
	som_buf_dispose(&tmp);
	return error;
}

/* ---- the items the store holds ---- */

static int known_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const som_known *)elem)->platform_id);
}

som_known *som_fetch__known(som_fetch_ctx *f, const char *platform_id)
{
	if (!platform_id || !f->n_known)
		return NULL;
	return bsearch(platform_id, f->known, f->n_known, sizeof(*f->known), known_cmp);
}

void som_fetch__seen(som_fetch_ctx *f, const char *platform_id)
{
	som_known *k = som_fetch__known(f, platform_id);

	if (k)
		k->seen = 1;
}

int som_fetch__unseen(const som_fetch_ctx *f, const som_known *k)
{
	return !k->seen && !k->removed &&
		(f->since == 0 || som_fetch__time(k->created) >= f->since);
}

int som_fetch__raw(som_buf *out, som_fetch_ctx *f, const som_known *k)
{
	som_buf_clear(out);
	return som_object_read(out, f->store, k->raw_digest);
}

int som_fetch__push(char ***v, size_t *n, size_t *a, const char *s)
{
	if (*n == *a) {
		size_t m = *a ? *a * 2 : 16;
		char **grown = som__realloc(*v, m * sizeof(*grown));
		if (!grown)
			return SOM_ENOMEM;
		*v = grown;
		*a = m;
	}
	if (!((*v)[*n] = som__strdup(s)))
		return SOM_ENOMEM;
	(*n)++;
	return 0;
}

void som_fetch__list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		som__free(v[i]);
	som__free(v);
}

int som_fetch__gone(som_fetch_ctx *f, const char *platform_id)
{
	return som_fetch__push(&f->p->gone, &f->p->n_gone, &f->p->a_gone, platform_id);
}

/* ---- OAuth: a refresh token traded for an access token (never kept) ---- */

static int oauth_refresh(som_fetch_ctx *f)
{
	som_credentials *c = &f->cred;
	som_buf form = SOM_BUF_INIT, name = SOM_BUF_INIT;
	som_http_response r;
	som_json *j = NULL;
	const char *token, *url = c->token_url ? c->token_url : "https://oauth2.googleapis.com/token";
	int error;

	memset(&r, 0, sizeof(r));
	if ((error = som_buf_puts(&form, "grant_type=refresh_token&client_id=")) != 0 ||
	    (error = som_http__escape(&form, c->client_id)) != 0 ||
	    (error = som_buf_puts(&form, "&client_secret=")) != 0 ||
	    (error = som_http__escape(&form, c->client_secret)) != 0 ||
	    (error = som_buf_puts(&form, "&refresh_token=")) != 0 ||
	    (error = som_http__escape(&form, c->refresh_token)) != 0)
		goto done;
	f->p->requests++;
	som_fetch__progress(f, "an access token");
	if ((error = som_http__request(&r, f->p->http, url, NULL, form.ptr, MAX_ANSWER, NULL)) != 0) {
		som_buf_printf(&name, "account '%s': cannot renew the access token: ",
			f->account->handle);
		error = wrap(error, name.ptr, NULL);
		goto done;
	}
	if (som_json__parse(&j, r.body.ptr, r.body.size, "token", 0) != 0 || !is_ok(r.status) ||
	    !(token = som_json__get_string(j, "access_token")) || !*token) {
		som_error_clear();
		error = som__error(SOM_ERROR, "account '%s': the token endpoint refused the refresh "
			"token (HTTP %ld%s%.100s): renew it in '%s'; nothing was captured",
			f->account->handle, r.status,
			som_json__get_string(j, "error") ? ": " : "",
			som_json__get_string(j, "error") ? som_json__get_string(j, "error") : "",
			c->path);
		goto done;
	}
	if (!(f->p->oauth_token = som__strdup(token))) {
		error = SOM_ENOMEM;
		goto done;
	}
	f->p->secrets[f->p->n_secrets++] = f->p->oauth_token;
	som_buf_clear(&f->auth);
	if ((error = som_buf_printf(&f->auth, "Authorization: Bearer %s", token)) != 0)
		goto done;
	f->headers[0] = f->auth.ptr;
	f->headers[1] = NULL;
done:
	if (r.body.ptr)
		explicit_bzero(r.body.ptr, r.body.size);
	if (form.ptr)
		explicit_bzero(form.ptr, form.size);
	som_json__free(j);
	som_http__response_dispose(&r);
	som_buf_dispose(&form);
	som_buf_dispose(&name);
	return error;
}

/* ---- the whole ---- */

static int parse_since(som_fetch_ctx *f, const char *since)
{
	som_duration d;
	int64_t t;

	if (!since || !*since)
		return 0;
	if (since[0] == 'P') {
		if (som_duration_parse(&d, since) != 0)
			return som__error(SOM_EINVALID, "--since: '%s' is not a time, a date or an "
				"ISO 8601 duration", since);
		t = som_schedule_now() - ((((int64_t)d.years * 365 + (int64_t)d.months * 30 + d.days) *
			24 + d.hours) * 3600 + (int64_t)d.minutes * 60 + d.seconds);
	} else if ((t = som_fetch__time(since)) < 0) {
		return som__error(SOM_EINVALID, "--since: '%s' is not a time, a date or an ISO 8601 "
			"duration", since);
	}
	f->since = t;
	som_schedule_format_time(f->since_iso, t);
	return 0;
}

/* The API's root: the account's setting, the platform's, or the Mastodon server of the handle. */
static int find_base(som_fetch_ctx *f)
{
	const char *url = f->account->api_url, *at;
	char prefix[300];
	int error;

	if (url && *url)
		error = som_buf_puts(&f->base, url);
	else if (f->fetcher->default_url)
		error = som_buf_puts(&f->base, f->fetcher->default_url);
	else if ((at = strrchr(f->account->handle, '@')) != NULL && at > f->account->handle &&
		 at[1])
		error = som_buf_printf(&f->base, "https://%s", at + 1);
	else
		return som__error(SOM_EINVALID, "account '%s': the handle names no server "
			"(@user@server): give its API with 'somarkiv account update %lld --api-url URL'",
			f->account->handle, (long long)f->account->id);
	while (!error && f->base.size > 0 && f->base.ptr[f->base.size - 1] == '/')
		f->base.ptr[--f->base.size] = '\0';
	if (!error && (error = som_http__check_url(f->base.ptr)) != 0) {
		snprintf(prefix, sizeof(prefix), "account '%s': ", f->account->handle);
		error = wrap(error, prefix, NULL);
	}
	return error;
}

static int load_credentials(som_fetch_ctx *f)
{
	som_credentials *c = &f->cred;
	const char *values[5];
	int error;

	if ((error = som_fetch__credentials_load(c, f->account)) != 0)
		return error;
	/* what an answer or a message must never carry */
	values[0] = c->token;
	values[1] = c->api_key;
	values[2] = c->client_secret;
	values[3] = c->refresh_token;
	values[4] = c->client_id;
	if (!c->path && f->fetcher->needs_credentials)
		return som__error(SOM_EENV, "account '%s': no credentials: name a file (mode 0600) "
			"with 'somarkiv account update %lld --credentials FILE', or put it at "
			"$SOMARKIV_CREDENTIALS/%lld", f->account->handle, (long long)f->account->id,
			(long long)f->account->id);
	for (size_t i = 0; i < SOM_ARRAY_SIZE(values); i++)
		if (values[i])
			f->p->secrets[f->p->n_secrets++] = values[i];
	if ((error = f->fetcher->authorize(f)) != 0)
		return error;
	if (c->refresh_token && !c->token && !c->api_key) {
		if (!c->client_id || !c->client_secret)
			return som__error(SOM_EINVALID, "credentials file '%s': refresh_token needs "
				"client_id and client_secret", c->path);
		return oauth_refresh(f);
	}
	return 0;
}

/* The folder of answers read as one capture; the items found gone marked removed. */
static int ingest(som_capture **out, som_fetch_ctx *f)
{
	som_ingest_options opts = SOM_INGEST_OPTIONS_INIT;
	som_source *src = NULL;
	som_sink *sink = NULL;
	som_buf tmpdir = SOM_BUF_INIT, name = SOM_BUF_INIT;
	int error;

	opts.partial = 1;
	opts.format = f->fetcher->importer->name;
	if ((error = som_buf_printf(&tmpdir, "%s/objects/tmp", som_store_path(f->store))) != 0 ||
	    (error = som_buf_printf(&name, "%s (API)", f->base.ptr)) != 0 ||
	    (error = som_source__open(&src, f->p->source.ptr, tmpdir.ptr)) != 0 ||
	    (error = som_source__rename(src, name.ptr)) != 0 ||
	    (error = som_capture__begin(&sink, f->store, f->account->id, src,
			f->fetcher->importer, &opts)) != 0)
		goto done;
	if (som_source__count(src) > 0 && (error = f->fetcher->importer->read(src, sink)) != 0)
		goto fail;
	for (size_t i = 0, off = 0; i < f->p->n_notes; i++) {
		const char *note = f->p->notes.ptr + off;
		if ((error = som_sink__problem(sink, name.ptr, NULL, "%s", note)) != 0)
			goto fail;
		off += strlen(note) + 1;
	}
	for (size_t i = 0; i < f->p->n_gone; i++)
		if ((error = som_sink__gone(sink, f->p->gone[i])) != 0)
			goto fail;
	if ((error = som_capture__attachments(sink)) != 0)
		goto fail;
	error = som_capture__finish(out, sink);
	goto done;
fail:
	som_capture__abort(sink);
done:
	som_source__free(src);
	som_buf_dispose(&tmpdir);
	som_buf_dispose(&name);
	return error;
}

/* Remove the folder of answers, at the least its journal and key; the last error stays. */
static void spool_drop(som_fetch_ctx *f)
{
	som_buf path = SOM_BUF_INIT;
	char saved[1024];
	int code = som_error_code();

	snprintf(saved, sizeof(saved), "%s", som_error_last());
	if (som_buf_printf(&path, "%s/meta", f->p->spool.ptr) == 0)
		unlink(path.ptr);
	som_buf_clear(&path);
	if (som_buf_printf(&path, "%s/journal", f->p->spool.ptr) == 0)
		unlink(path.ptr);
	remove_tree(f->p->spool.ptr);
	som_buf_dispose(&path);
	if (code)
		som__error(code, "%s", saved);
	else
		som_error_clear();
}

static void ctx_dispose(som_fetch_ctx *f)
{
	som_fetch_private *p = f->p;

	if (p) {
		som_http__free(p->http);
		if (p->journal)
			fclose(p->journal);
		for (size_t i = 0; i < p->n_entries; i++)
			entry_free(&p->entries[i]);
		som__free(p->entries);
		som_fetch__list_free(p->gone, p->n_gone);
		if (p->oauth_token) {
			explicit_bzero(p->oauth_token, strlen(p->oauth_token));
			som__free(p->oauth_token);
		}
		som_buf_dispose(&p->spool);
		som_buf_dispose(&p->source);
		som_buf_dispose(&p->pause_why);
		som_buf_dispose(&p->notes);
		som_buf_dispose(&p->scratch);
		som__free(p);
	}
	if (f->auth.ptr)
		explicit_bzero(f->auth.ptr, f->auth.size);
	som_buf_dispose(&f->auth);
	som_buf_dispose(&f->base);
	som_buf_dispose(&f->api_id);
	som_fetch__credentials_wipe(&f->cred);
	som_fetch__known_free(f->known, f->n_known);
	som_account_free(f->account);
}

/* No message leaves with a credential in it, whatever a server or a library put there. */
static int scrub_error(som_fetch_ctx *f, int error)
{
	som_buf msg = SOM_BUF_INIT;

	if (!error || !f->p || f->p->n_secrets == 0)
		return error;
	if (som_buf_puts(&msg, som_error_last()) == 0 && scrub(f, &msg) == 0)
		error = som__error(error, "%s", msg.ptr);
	som_buf_dispose(&msg);
	return error;
}

int som_fetch(som_capture **out, som_store *store, int64_t account_id,
	const som_fetch_options *opts)
{
	som_fetch_ctx f;
	som_http_options hopts;
	som_buf ref = SOM_BUF_INIT;
	char prefix[300];
	int error;

	if (out)
		*out = NULL;
	memset(&f, 0, sizeof(f));
	f.store = store;
	f.opts = opts;
	if ((error = som_store__need_writer(store, "fetch")) != 0 ||
	    (error = som_buf_printf(&ref, "%lld", (long long)account_id)) != 0 ||
	    (error = som_account_lookup(&f.account, store, ref.ptr)) != 0)
		goto done;
	if (f.account->closed) {
		error = som__error(SOM_EINVALID, "account '%s' was closed on %s: reopen it before "
			"capturing", f.account->handle, f.account->closed);
		goto done;
	}
	if (!(f.fetcher = fetcher_for(f.account->platform))) {
		error = !strcmp(f.account->platform, "linkedin") ?
			som__error(SOM_EINVALID, "account '%s': LinkedIn has no open API for "
				"organisation pages: ingest its export (somarkiv ingest --format linkedin)",
				f.account->handle) :
			som__error(SOM_EINVALID, "account '%s': there is no API to fetch %s accounts "
				"from", f.account->handle, f.account->platform);
		goto done;
	}
	if (!(f.p = som__calloc(1, sizeof(*f.p)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	memset(&hopts, 0, sizeof(hopts));
	hopts.ca_file = opts && opts->ca_file ? opts->ca_file : getenv("SOMARKIV_CA_FILE");
	hopts.timeout = opts ? opts->timeout : 0;
	if ((error = parse_since(&f, opts ? opts->since : NULL)) != 0 ||
	    (error = find_base(&f)) != 0 ||
	    (error = som_buf_puts(&f.api_id, f.account->api_id ? f.account->api_id : "")) != 0 ||
	    (error = som_http__new(&f.p->http, &hopts)) != 0 ||
	    (error = load_credentials(&f)) != 0 ||
	    (error = som_fetch__store_known(&f.known, &f.n_known, store, account_id)) != 0 ||
	    (error = spool_open(&f)) != 0)
		goto done;
	if ((error = f.fetcher->run(&f)) != 0)
		goto done;   /* the answers so far stay: the next fetch continues from them */
	if (f.p->journal) {
		fclose(f.p->journal);
		f.p->journal = NULL;
	}
	if ((error = ingest(out, &f)) != 0 && error != SOM_ENOMEM) {
		snprintf(prefix, sizeof(prefix), "account '%s': ", f.account->handle);
		error = wrap(error, prefix, NULL);
	}
	/*
	 * Read or not, these answers are done with (a failed read is not
	 * continued). The capture is committed: a folder that will not go is
	 * no failure of it, but its journal must, or the next fetch would
	 * continue from these answers.
	 */
	spool_drop(&f);
done:
	error = scrub_error(&f, error);
	ctx_dispose(&f);
	som_buf_dispose(&ref);
	return error;
}

/* ---- the plan's fetch jobs and the age of captures ---- */

int som_fetch_job_covers(const som_plan_job *job, const som_account *a)
{
	const char *ref;
	char id[32];

	if (!job || strcmp(job->name, "fetch") != 0 || a->closed || !som_fetch_supported(a->platform))
		return 0;
	if (!(ref = job->account) || !*ref)
		return 1;
	snprintf(id, sizeof(id), "%lld", (long long)a->id);
	if (!strcmp(ref, id) || !strcmp(ref, a->handle))
		return 1;
	while (*ref == '@')
		ref++;
	return !strcmp(ref, a->handle + strspn(a->handle, "@"));
}

/* Seconds between runs of a job around `now`: the duration, or the cron slot's gap. */
static int64_t job_interval(const som_plan_job *job, int64_t now)
{
	som_recurrence rec;
	int64_t prev, next;

	if (som_recurrence_parse(&rec, job->every, job->cron) != 0) {
		som_error_clear();
		return 0;
	}
	if (!rec.is_cron)
		return som_duration_add(&rec.every, now) - now;
	if (som_cron_prev(&prev, &rec.cron, now) != 0 || som_cron_next(&next, &rec.cron, now) != 0) {
		som_error_clear();
		return 0;
	}
	return next - prev;
}

int som_fetch_capture_age(som_capture_age *out, som_store *store, const som_plan *plan,
	const som_account *account, int64_t now)
{
	const som_plan_job *all = NULL, *own = NULL;
	int64_t last;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = som_fetch__store_last_capture(&out->last_id, out->last, store,
			account->id)) != 0)
		return error;
	for (size_t i = 0; plan && i < som_plan_job_count(plan); i++) {
		const som_plan_job *j = som_plan_job_at(plan, i);
		if (!som_fetch_job_covers(j, account))
			continue;
		if (j->account && *j->account)
			own = own ? own : j;
		else
			all = all ? all : j;
	}
	if (own || all)
		out->interval = job_interval(own ? own : all, now);
	if (out->interval <= 0)
		return 0;
	last = out->last_id ? som_fetch__time(out->last) : -1;
	out->stale = last < 0 || now - last > out->interval + out->interval / 2;
	return 0;
}
