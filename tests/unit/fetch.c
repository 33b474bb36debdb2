/*
 * Unit tests of the pieces of capture through the APIs that need no server
 * (src/fetch/): the credentials file (its lines, its mode, where it is
 * found, errors that never quote a secret), the URLs the client will ask,
 * the Link header's next page, and the access token taken out of a URL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "somarkiv.h"
#include "fetch/fetch.h"
#include "fetch/http.h"
#include "helpers.h"

typedef struct fixture {
	char dir[256];
	char path[512];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (!f || make_tmpdir(f->dir, sizeof(f->dir), "fetch") != 0)
		return -1;
	path_join(f->path, sizeof(f->path), f->dir, "cred");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	remove_tree(f->dir);
	free(f);
	unsetenv("SOMARKIV_CREDENTIALS");
	return 0;
}

static void write_cred(const fixture *f, const char *text, mode_t mode)
{
	assert_int_equal(write_file(f->path, text, strlen(text)), 0);
	assert_int_equal(chmod(f->path, mode), 0);
}

static som_account account_of(char *path)
{
	som_account a;

	memset(&a, 0, sizeof(a));
	a.id = 7;
	a.handle = "@exempelby";
	a.platform = "x";
	a.credentials = path;
	return a;
}

static void test_fetch__credentials_lines(void **state)
{
	fixture *f = *state;
	som_account a = account_of(f->path);
	som_credentials c;

	write_cred(f, "# the account's\n\n  token =  tok en-1 \t\r\napi_key=AIza-2\n", 0600);
	assert_int_equal(som_fetch__credentials_load(&c, &a), 0);
	assert_string_equal(c.token, "tok en-1");
	assert_string_equal(c.api_key, "AIza-2");
	assert_null(c.refresh_token);
	assert_string_equal(c.path, f->path);
	som_fetch__credentials_wipe(&c);
	assert_null(c.token);
}

static void test_fetch__credentials_errors_never_quote_values(void **state)
{
	fixture *f = *state;
	som_account a = account_of(f->path);
	som_credentials c;

	write_cred(f, "token = s3cr3t-value\npassword = s3cr3t-other\n", 0600);
	assert_int_equal(som_fetch__credentials_load(&c, &a), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "line 2: unknown key 'password'"));
	assert_null(strstr(som_error_last(), "s3cr3t"));
	assert_null(c.token);

	write_cred(f, "token = s3cr3t-value\ntoken = s3cr3t-again\n", 0600);
	assert_int_equal(som_fetch__credentials_load(&c, &a), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "line 2: 'token' given twice"));
	assert_null(strstr(som_error_last(), "s3cr3t"));

	write_cred(f, "s3cr3t-value\n", 0600);
	assert_int_equal(som_fetch__credentials_load(&c, &a), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "line 1: not \"key = value\""));
	assert_null(strstr(som_error_last(), "s3cr3t"));

	write_cred(f, "token =\n", 0600);
	assert_int_equal(som_fetch__credentials_load(&c, &a), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "'token' has no value"));
}

static void test_fetch__credentials_mode(void **state)
{
	fixture *f = *state;
	som_account a = account_of(f->path);
	som_credentials c;
	static const mode_t refused[] = { 0604, 0640, 0660, 0644, 0666, 0601, 0610 };

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char want[32];
		write_cred(f, "token = abcdefgh\n", refused[i]);
		assert_int_equal(som_fetch__credentials_load(&c, &a), SOM_EENV);
		snprintf(want, sizeof(want), "(mode %04o): refused", (unsigned)refused[i]);
		assert_non_null(strstr(som_error_last(), want));
		assert_non_null(strstr(som_error_last(), "account '@exempelby'"));
		assert_null(c.token);
	}
	write_cred(f, "token = abcdefgh\n", 0400);
	assert_int_equal(som_fetch__credentials_load(&c, &a), 0);
	som_fetch__credentials_wipe(&c);
}

static void test_fetch__credentials_where(void **state)
{
	fixture *f = *state;
	char dir[512], file[600];
	som_account a = account_of(NULL);
	som_credentials c;

	/* none named, none in the folder: no credentials, no error */
	assert_int_equal(som_fetch__credentials_load(&c, &a), 0);
	assert_null(c.path);
	path_join(dir, sizeof(dir), f->dir, "creds");
	assert_int_equal(make_dirs(dir), 0);
	setenv("SOMARKIV_CREDENTIALS", dir, 1);
	assert_int_equal(som_fetch__credentials_load(&c, &a), 0);
	assert_null(c.path);
	/* the file named by the account's number */
	path_join(file, sizeof(file), dir, "7");
	assert_int_equal(write_file(file, "token = abcdefgh\n", 17), 0);
	assert_int_equal(chmod(file, 0600), 0);
	assert_int_equal(som_fetch__credentials_load(&c, &a), 0);
	assert_string_equal(c.path, file);
	assert_string_equal(c.token, "abcdefgh");
	som_fetch__credentials_wipe(&c);
	/* a named file that is not there */
	a = account_of(f->path);
	assert_int_equal(som_fetch__credentials_load(&c, &a), SOM_EENV);
	assert_non_null(strstr(som_error_last(), "cannot read the credentials file"));
}

static void test_fetch__urls(void **state)
{
	(void)state;
	assert_int_equal(som_http__check_url("https://social.exempelby.se/api/v1"), 0);
	assert_int_equal(som_http__check_url("http://127.0.0.1:8080/x"), 0);
	assert_int_equal(som_http__check_url("http://localhost/x"), 0);
	assert_int_equal(som_http__check_url("http://[::1]:99/x"), 0);
	assert_int_equal(som_http__check_url("http://social.exempelby.se/?token=abc"), SOM_EINVALID);
	assert_non_null(strstr(som_error_last(), "only https"));
	/* what an error shows of a URL leaves its query out */
	assert_null(strstr(som_error_last(), "token=abc"));
	assert_int_equal(som_http__check_url("ftp://social.exempelby.se/"), SOM_EINVALID);
	assert_int_equal(som_http__check_url("http://127.0.0.2.nip.io/"), SOM_EINVALID);
	assert_int_equal(som_http__check_url("not a url"), SOM_EINVALID);
}

static void test_fetch__escape(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	assert_int_equal(som_http__escape(&b, "fields=id,from{id}&å ~-_."), 0);
	assert_string_equal(b.ptr, "fields%3Did%2Cfrom%7Bid%7D%26%C3%A5%20~-_.");
	som_buf_dispose(&b);
}

static void test_fetch__link_next(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	assert_int_equal(som_fetch__link_next(&b, "<https://s.example/api/v1/accounts/1/statuses"
		"?max_id=9>; rel=\"next\", <https://s.example/api/v1/accounts/1/statuses?min_id=12>; "
		"rel=\"prev\""), 0);
	assert_string_equal(b.ptr, "https://s.example/api/v1/accounts/1/statuses?max_id=9");
	assert_int_equal(som_fetch__link_next(&b, "<https://a/?p=1>; rel=\"prev\", "
		"<https://a/?p=3>; title=\"a, b\"; rel=next"), 0);
	assert_string_equal(b.ptr, "https://a/?p=3");
	assert_int_equal(som_fetch__link_next(&b, "<https://a/?p=1>; rel=\"prev\""), 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(som_fetch__link_next(&b, "<https://a/?p=1>; rel=\"nextish\""), 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(som_fetch__link_next(&b, "garbage <; rel=next"), 0);
	assert_string_equal(b.ptr, "");
	som_buf_dispose(&b);
}

static void test_fetch__strip_token(void **state)
{
	som_buf b = SOM_BUF_INIT;

	(void)state;
	assert_int_equal(som_fetch__strip_token(&b, "https://g.example/v21.0/1/feed?access_token="
		"EAAG123&fields=id&after=QVF"), 0);
	assert_string_equal(b.ptr, "https://g.example/v21.0/1/feed?fields=id&after=QVF");
	assert_int_equal(som_fetch__strip_token(&b, "https://g.example/x?a=1&access_token=EAAG"), 0);
	assert_string_equal(b.ptr, "https://g.example/x?a=1");
	assert_int_equal(som_fetch__strip_token(&b, "https://g.example/x?my_access_token=1"), 0);
	assert_string_equal(b.ptr, "https://g.example/x?my_access_token=1");
	assert_int_equal(som_fetch__strip_token(&b, "https://g.example/x"), 0);
	assert_string_equal(b.ptr, "https://g.example/x");
	som_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fetch__credentials_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch__credentials_errors_never_quote_values,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch__credentials_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch__credentials_where, setup, teardown),
		cmocka_unit_test(test_fetch__urls),
		cmocka_unit_test(test_fetch__escape),
		cmocka_unit_test(test_fetch__link_next),
		cmocka_unit_test(test_fetch__strip_token),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
