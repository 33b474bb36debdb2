/*
 * Swedish conventions for what people read: names sorted by Swedish
 * collation (å, ä, ö after z; letter case and accents second), and times
 * shown in Swedish local time (Europe/Stockholm: CET, CEST in summer by
 * the EU rule), whatever the machine's time zone.
 */
#ifndef SOMARKIV_SV_H
#define SOMARKIV_SV_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Compare two UTF-8 strings in Swedish order (SAOL): digits before
 * letters; a-z, then å, ä (and æ), ö (and ø); é and other accented letters
 * as their base letter, ü as y; letter case only breaks ties, then the
 * bytes. Returns <0, 0 or >0 like strcmp; NULL sorts first.
 */
int som_sv_compare(const char *a, const char *b);

/* Seconds Stockholm is ahead of UTC at the Unix time `t` (3600 or 7200). */
int som_sv_utc_offset(int64_t t);

/*
 * A UTC time (ISO 8601, as the store writes it) as Swedish local time
 * "YYYY-MM-DD HH:MM" into `out` (with_time 0: "YYYY-MM-DD" alone).
 * SOM_EINVALID when `utc` is not a time; `out` then holds it unchanged
 * (cut to fit).
 */
int som_sv_local_time(char out[32], const char *utc, int with_time);

/*
 * The first and the last second of the Swedish calendar day `date`
 * ("YYYY-MM-DD") as UTC ISO 8601 times, for searches by local date.
 * SOM_EINVALID when `date` is not a date.
 */
int som_sv_day_bounds(char first_out[32], char last_out[32], const char *date);

/* Today's date in Sweden (honours $SOMARKIV_NOW, as the clock does). */
void som_sv_today(char out[11]);

#ifdef __cplusplus
}
#endif

#endif
