/*
 * The public face of Swedish local time (include/somarkiv/sv.h) for what
 * people read: times as "YYYY-MM-DD HH:MM" in Europe/Stockholm, the UTC
 * bounds of a Swedish day, today's Swedish date. The arithmetic (the EU
 * summer-time rule, independent of TZ and the zone files) is src/util/time.c's.
 */
#include <stdio.h>
#include <string.h>
#include "somarkiv/sv.h"
#include "util/common.h"

int som_sv_utc_offset(int64_t t)
{
	return som__stockholm_offset(t);
}

int som_sv_local_time(char out[32], const char *utc, int with_time)
{
	char local[32];
	int error;

	if (!utc)
		return som__error(SOM_EINVALID, "no time");
	if ((error = som_time_local(local, utc)) != 0) {
		snprintf(out, 32, "%s", utc);
		return error;
	}
	/* "YYYY-MM-DDTHH:MM:SS+HH:MM" -> "YYYY-MM-DD HH:MM" or the date. */
	local[10] = with_time ? ' ' : '\0';
	local[16] = '\0';
	memcpy(out, local, 17);
	return 0;
}

int som_sv_day_bounds(char first_out[32], char last_out[32], const char *date)
{
	char check[32], next[32];
	int64_t t;
	int error;

	/* som__time_normalize refuses a day the month does not have. */
	if (!date || strlen(date) != 10 ||
	    snprintf(check, sizeof(check), "%sT00:00:00Z", date) < 0 ||
	    som__time_normalize(check, check) != 0)
		return som__error(SOM_EINVALID, "not a date: '%.40s'", date ? date : "");
	if ((error = som__date_local_start(first_out, date, 0)) != 0 ||
	    (error = som__date_local_start(next, date, 1)) != 0 ||
	    (error = som__time_to_unix(&t, next)) != 0)
		return error;
	return som__time_from_unix(last_out, t - 1);
}

void som_sv_today(char out[11])
{
	som__today_local(out);
}
