/*
 * An account's credentials: a file outside the store, named in the
 * account's settings or found as $SOMARKIV_CREDENTIALS/<account number>,
 * readable by its owner alone (refused otherwise), of lines "key = value".
 * What it holds is never copied anywhere but memory, and wiped there after.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fetch/fetch.h"

/* A credentials file is a few lines; anything larger is not one. */
#define MAX_FILE (64 * 1024)

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		som__free(s);
	}
}

void som_fetch__credentials_wipe(som_credentials *c)
{
	som__free(c->path);
	wipe_free(c->token);
	wipe_free(c->api_key);
	wipe_free(c->client_id);
	wipe_free(c->client_secret);
	wipe_free(c->refresh_token);
	wipe_free(c->token_url);
	memset(c, 0, sizeof(*c));
}

static char **slot(som_credentials *c, const char *key, size_t len)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "token", offsetof(som_credentials, token) },
		{ "api_key", offsetof(som_credentials, api_key) },
		{ "client_id", offsetof(som_credentials, client_id) },
		{ "client_secret", offsetof(som_credentials, client_secret) },
		{ "refresh_token", offsetof(som_credentials, refresh_token) },
		{ "token_url", offsetof(som_credentials, token_url) },
	};

	for (size_t i = 0; i < SOM_ARRAY_SIZE(keys); i++)
		if (strlen(keys[i].key) == len && !memcmp(keys[i].key, key, len))
			return (char **)((char *)c + keys[i].off);
	return NULL;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Parse the lines; errors name the file and the line, never a value. */
static int parse(som_credentials *c, const char *path, char *text, size_t len)
{
	char *p = text, *end = text + len;
	long line = 0;

	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p)), *eq, *k, *ke, *v, *ve, **dst;
		line++;
		if (!eol)
			eol = end;
		k = p;
		p = eol + 1;
		while (k < eol && is_space(*k))
			k++;
		if (k == eol || *k == '#')
			continue;
		if (!(eq = memchr(k, '=', (size_t)(eol - k))))
			return som__error(SOM_EINVALID, "credentials file '%s': line %ld: not "
				"\"key = value\"", path, line);
		for (ke = eq; ke > k && is_space(ke[-1]); ke--)
			;
		for (v = eq + 1; v < eol && is_space(*v); v++)
			;
		for (ve = eol; ve > v && is_space(ve[-1]); ve--)
			;
		if (!(dst = slot(c, k, (size_t)(ke - k))))
			return som__error(SOM_EINVALID, "credentials file '%s': line %ld: unknown key "
				"'%.*s' (known: token, api_key, client_id, client_secret, refresh_token, "
				"token_url)", path, line, (int)(ke - k > 40 ? 40 : ke - k), k);
		if (*dst)
			return som__error(SOM_EINVALID, "credentials file '%s': line %ld: '%.*s' "
				"given twice", path, line, (int)(ke - k), k);
		if (ve == v)
			return som__error(SOM_EINVALID, "credentials file '%s': line %ld: '%.*s' "
				"has no value", path, line, (int)(ke - k), k);
		if (!(*dst = som__strndup(v, (size_t)(ve - v))))
			return SOM_ENOMEM;
	}
	return 0;
}

/* The path: the account's setting, else $SOMARKIV_CREDENTIALS/<number> when that file exists. */
static int find_path(som_buf *out, const som_account *a)
{
	const char *dir = getenv("SOMARKIV_CREDENTIALS");
	int error;

	som_buf_clear(out);
	if (a->credentials && *a->credentials)
		return som_buf_puts(out, a->credentials);
	if (!dir || !*dir)
		return 0;
	if ((error = som_buf_printf(out, "%s/%lld", dir, (long long)a->id)) != 0)
		return error;
	if (access(out->ptr, F_OK) != 0)
		som_buf_clear(out);
	return 0;
}

int som_fetch__credentials_load(som_credentials *c, const som_account *a)
{
	som_buf path = SOM_BUF_INIT;
	struct stat st;
	char *text = NULL;
	ssize_t got;
	size_t len = 0;
	int fd = -1, error;

	memset(c, 0, sizeof(*c));
	if ((error = find_path(&path, a)) != 0 || path.size == 0)
		goto done;
	if ((fd = open(path.ptr, O_RDONLY | O_CLOEXEC)) < 0) {
		error = som__error_os(SOM_EENV, "account '%s': cannot read the credentials file '%s'",
			a->handle, path.ptr);
		goto done;
	}
	if (fstat(fd, &st) != 0) {
		error = som__error_os(SOM_EENV, "account '%s': cannot read the credentials file '%s'",
			a->handle, path.ptr);
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		error = som__error(SOM_EENV, "account '%s': the credentials file '%s' is not a "
			"regular file", a->handle, path.ptr);
		goto done;
	}
	if (st.st_mode & 077) {
		error = som__error(SOM_EENV, "account '%s': the credentials file '%s' may be read "
			"by others (mode %04o): refused; make it 0600", a->handle, path.ptr,
			(unsigned)(st.st_mode & 07777));
		goto done;
	}
	if (st.st_uid != geteuid()) {
		error = som__error(SOM_EENV, "account '%s': the credentials file '%s' belongs to "
			"another user (uid %u): refused", a->handle, path.ptr, (unsigned)st.st_uid);
		goto done;
	}
	if (st.st_size > MAX_FILE) {
		error = som__error(SOM_EINVALID, "account '%s': the credentials file '%s' is larger "
			"than %d bytes", a->handle, path.ptr, MAX_FILE);
		goto done;
	}
	if (!(text = som__malloc((size_t)st.st_size + 1))) {
		error = SOM_ENOMEM;
		goto done;
	}
	while (len < (size_t)st.st_size &&
	       (got = read(fd, text + len, (size_t)st.st_size - len)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			error = som__error_os(SOM_EENV, "account '%s': cannot read the credentials "
				"file '%s'", a->handle, path.ptr);
			goto done;
		}
		len += (size_t)got;
	}
	text[len] = '\0';
	if ((error = parse(c, path.ptr, text, len)) != 0)
		goto done;
	if (!(c->path = som_buf_detach(&path)))
		error = SOM_ENOMEM;
done:
	if (fd >= 0)
		close(fd);
	if (text) {
		explicit_bzero(text, len);
		som__free(text);
	}
	som_buf_dispose(&path);
	if (error)
		som_fetch__credentials_wipe(c);
	return error;
}
