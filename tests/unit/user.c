/*
 * Unit tests of users and sessions (src/user/): a session lives while it
 * is used and ends when idle, when its user is disabled or logs out; the
 * store keeps only the token's hash; the slowdown after failed logins;
 * the anti-forgery token is stable per session and reveals nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "somarkiv.h"
#include "helpers.h"

typedef struct fixture {
	char dir[512];
	som_store *store;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "user") != 0)
		return -1;
	setenv("SOMARKIV_NOW", "2026-03-10T09:00:00Z", 1);
	if (som_store_init(&f->store, f->dir, "admin") != 0 ||
	    som_user_add(f->store, "Anna Ek", SOM_ROLE_REGISTRAR, "ett-långt-lösenord") != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	som_store_free(f->store);
	remove_tree(f->dir);
	free(f);
	unsetenv("SOMARKIV_NOW");
	return 0;
}

static void test_user__session_lives_while_used(void **state)
{
	fixture *f = *state;
	char token[SOM_SESSION_TOKEN_SIZE], csrf1[SOM_SESSION_TOKEN_SIZE], csrf2[SOM_SESSION_TOKEN_SIZE];
	char sql[256];
	som_session *s = NULL;
	int64_t wait = -1;

	assert_int_equal(som_session_login(token, &wait, f->store, "anna ek", "ett-långt-lösenord",
		"127.0.0.1"), 0);
	assert_int_equal(strlen(token), 64);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM user_session WHERE token_hash = '%s'", token);
	assert_int_equal(db_int(f->dir, sql), 0);
	assert_int_equal(db_count(f->dir, "user_session"), 1);

	assert_int_equal(som_session_get(&s, f->store, token, 1800), 0);
	assert_string_equal(s->user, "Anna Ek");
	assert_int_equal(s->role, SOM_ROLE_REGISTRAR);
	som_session_free(s);
	s = NULL;

	assert_int_equal(som_session_csrf(csrf1, token), 0);
	assert_int_equal(som_session_csrf(csrf2, token), 0);
	assert_true(som_secret_equal(csrf1, csrf2));
	assert_false(som_secret_equal(csrf1, token));
	assert_false(som_secret_equal(NULL, csrf2));

	/* 29 minutes later: alive; 31 minutes after that use: gone. */
	setenv("SOMARKIV_NOW", "2026-03-10T09:29:00Z", 1);
	assert_int_equal(som_session_get(&s, f->store, token, 1800), 0);
	som_session_free(s);
	s = NULL;
	setenv("SOMARKIV_NOW", "2026-03-10T10:00:30Z", 1);
	assert_int_equal(som_session_get(&s, f->store, token, 1800), SOM_ENOTFOUND);
	assert_null(s);
	assert_int_equal(som_session_get(&s, f->store, "00", 1800), SOM_ENOTFOUND);
}

static void test_user__disable_and_logout_end_sessions(void **state)
{
	fixture *f = *state;
	char a[SOM_SESSION_TOKEN_SIZE], b[SOM_SESSION_TOKEN_SIZE];
	som_session *s = NULL;

	assert_int_equal(som_session_login(a, NULL, f->store, "Anna Ek", "ett-långt-lösenord", NULL), 0);
	assert_int_equal(som_session_login(b, NULL, f->store, "Anna Ek", "ett-långt-lösenord", NULL), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(som_session_end(f->store, a), 0);
	assert_int_equal(som_session_get(&s, f->store, a, 1800), SOM_ENOTFOUND);
	assert_int_equal(som_session_get(&s, f->store, b, 1800), 0);
	som_session_free(s);
	s = NULL;
	assert_int_equal(som_user_disable(f->store, "Anna Ek", 1), 0);
	assert_int_equal(som_session_get(&s, f->store, b, 1800), SOM_ENOTFOUND);
	assert_int_equal(som_session_login(a, NULL, f->store, "Anna Ek", "ett-långt-lösenord", NULL),
		SOM_EINVALID);
	assert_string_equal(som_error_last(), "wrong user name or password");
}

static void test_user__failed_logins_slow_down(void **state)
{
	fixture *f = *state;
	char token[SOM_SESSION_TOKEN_SIZE];
	int64_t wait = 0;

	for (int i = 0; i < 3; i++)
		assert_int_equal(som_session_login(token, &wait, f->store, "Anna Ek", "fel-lösenord-1",
			"::1"), SOM_EINVALID);
	/* The fourth try, right away, is refused unchecked: even the right password. */
	assert_int_equal(som_session_login(token, &wait, f->store, "Anna Ek", "ett-långt-lösenord",
		"::1"), SOM_ELOCKED);
	assert_int_equal(wait, 1);
	setenv("SOMARKIV_NOW", "2026-03-10T09:00:01Z", 1);
	assert_int_equal(som_session_login(token, &wait, f->store, "Anna Ek", "fel-lösenord-2",
		"::1"), SOM_EINVALID);
	assert_int_equal(som_session_login(token, &wait, f->store, "Anna Ek", "ett-långt-lösenord",
		"::1"), SOM_ELOCKED);
	assert_int_equal(wait, 2);
	setenv("SOMARKIV_NOW", "2026-03-10T09:00:03Z", 1);
	assert_int_equal(som_session_login(token, &wait, f->store, "Anna Ek", "ett-långt-lösenord",
		"::1"), 0);
	assert_int_equal(db_int(f->dir, "SELECT failed FROM user"), 0);
	assert_int_equal(db_int(f->dir, "SELECT count(*) FROM audit WHERE action = 'user.login-failed'"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_user__session_lives_while_used, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user__disable_and_logout_end_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user__failed_logins_slow_down, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
