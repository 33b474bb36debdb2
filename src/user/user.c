/*
 * Users and sessions without SQL: role names, what a valid user name is,
 * the JSON form of a user, and the tokens of sessions and forms (random,
 * hashed, compared in constant time) through the crypto door.
 */
#include <string.h>
#include "formats/json.h"
#include "user/user.h"
#include "util/common.h"
#include "util/crypto.h"

static const char *const role_names[] = { "reader", "registrar", "archivist" };

const char *som_role_name(int role)
{
	return role >= 0 && role < (int)SOM_ARRAY_SIZE(role_names) ? role_names[role] : NULL;
}

int som_role_parse(const char *name)
{
	for (size_t i = 0; name && i < SOM_ARRAY_SIZE(role_names); i++)
		if (strcmp(name, role_names[i]) == 0)
			return (int)i;
	return SOM_ROLE_NONE;
}

void som_user_free(som_user *user)
{
	if (!user)
		return;
	som__free(user->name);
	som__free(user->created);
	som__free(user->last_login);
	som__free(user);
}

void som_session_free(som_session *session)
{
	if (!session)
		return;
	som__free(session->user);
	som__free(session->created);
	som__free(session->last_seen);
	som__free(session);
}

int som_user_to_json(som_buf *out, const som_user *user)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_int(&w, "id", user->id);
	som_json__kv_str(&w, "name", user->name);
	som_json__kv_str(&w, "role", som_role_name(user->role));
	som_json__kv_bool(&w, "disabled", user->disabled);
	som_json__kv_str(&w, "created", user->created);
	som_json__kv_str(&w, "last_login", user->last_login);
	som_json__kv_int(&w, "failed_logins", user->failed);
	return som_json__obj_end(&w);
}

int som_user__check_name(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (!len)
		return som__error(SOM_EINVALID, "a user needs a name");
	if (len > 200 || som__utf8_invalid_at(name, len) >= 0)
		return som__error(SOM_EINVALID, "user name '%.40s' is too long or not UTF-8", name);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return som__error(SOM_EINVALID, "user name '%.40s' holds a control character",
				name);
	if (name[0] == ' ' || name[len - 1] == ' ')
		return som__error(SOM_EINVALID, "user name '%s' starts or ends with a space", name);
	return 0;
}

int som_user__check_password(const char *password)
{
	size_t cps = 0;

	for (const char *p = password; p && *p; p++)
		cps += ((unsigned char)*p & 0xC0) != 0x80;
	if (cps < SOM_PASSWORD_MIN)
		return som__error(SOM_EINVALID, "a password needs at least %d characters",
			SOM_PASSWORD_MIN);
	if (strlen(password) > 1024)
		return som__error(SOM_EINVALID, "a password may hold at most 1024 bytes");
	return 0;
}

int som_user__token_hash(char out[65], const char *token)
{
	return som_sha256__hex(out, token, strlen(token));
}

int som_session_csrf(char out[SOM_SESSION_TOKEN_SIZE], const char *token)
{
	som_buf b = SOM_BUF_INIT;
	int error;

	/* A label of its own: never equal to the stored hash of the token. */
	if ((error = som_buf_printf(&b, "somarkiv-csrf-1\n%s", token)) == 0)
		error = som_sha256__hex(out, b.ptr, b.size);
	som__wipe(b.ptr, b.size);
	som_buf_dispose(&b);
	return error;
}

int som_secret_equal(const char *given, const char *expected)
{
	return given && expected && som__equal_secret(given, expected);
}

int som_random_token(char out[SOM_SESSION_TOKEN_SIZE])
{
	return som__random_hex(out, 32);
}
