/*
 * The last error of each thread: a code and a one-line message, set by
 * som__error() where a failure is detected and read by som_error_last().
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "util/common.h"

static _Thread_local char last_message[1024];
static _Thread_local int last_code;

const char *som_error_last(void)
{
	return last_code ? last_message : "no error";
}

int som_error_code(void)
{
	return last_code;
}

void som_error_clear(void)
{
	last_code = 0;
	last_message[0] = '\0';
}

static void set_message(int code, const char *fmt, va_list ap, const char *suffix)
{
	size_t n;

	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	if (suffix) {
		n = strlen(last_message);
		snprintf(last_message + n, sizeof(last_message) - n, ": %s", suffix);
	}
	/* One line: a message is never allowed to break the terminal's layout. */
	for (char *p = last_message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	last_code = code;
}

int som__error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(code, fmt, ap, NULL);
	va_end(ap);
	return code;
}

int som__error_wrap(int code, const char *fmt, ...)
{
	char lower[sizeof(last_message)];
	va_list ap;

	snprintf(lower, sizeof(lower), "%s", som_error_last());
	va_start(ap, fmt);
	set_message(code, fmt, ap, lower);
	va_end(ap);
	return code;
}

int som__error_os(int code, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	set_message(code, fmt, ap, strerror(saved));
	va_end(ap);
	return code;
}
