/*
 * What the running process finds around it: the folder of the schemas the
 * project ships, and the login name of whoever runs us.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/common.h"

#ifndef SOM_SCHEMA_DIR_DEFAULT
#define SOM_SCHEMA_DIR_DEFAULT "/usr/local/share/somarkiv/schemas"
#endif

const char *som__schema_dir(void)
{
	static char found[4300];
	static const char *const beside[] = { "../share/somarkiv/schemas", "../../schemas" };
	const char *env = getenv("SOMARKIV_SCHEMA_DIR");
	char exe[4096], probe[4200];
	ssize_t n;

	if (env && *env)
		return env;
	if (found[0])
		return found;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (size_t i = 0; i < SOM_ARRAY_SIZE(beside); i++) {
			snprintf(probe, sizeof(probe), "%s/%s/item.xsd", exe, beside[i]);
			if (access(probe, R_OK) == 0) {
				snprintf(found, sizeof(found), "%s/%s", exe, beside[i]);
				return found;
			}
		}
	}
	return SOM_SCHEMA_DIR_DEFAULT;
}

const char *som__login_name(void)
{
	static _Thread_local char name[256];
	struct passwd pw, *res = NULL;
	char tmp[4096];
	const char *env;

	if (getpwuid_r(getuid(), &pw, tmp, sizeof(tmp), &res) == 0 && res && res->pw_name) {
		snprintf(name, sizeof(name), "%s", res->pw_name);
		return name;
	}
	env = getenv("USER");
	snprintf(name, sizeof(name), "%s", env && *env ? env : "unknown");
	return name;
}
