/*
 * The schedule of the plan's jobs: ISO 8601 durations (UTC) and five-field
 * cron lines (in local time, TZ, as cron(8) reads them: a minute the clocks
 * skip does not come that day, one they repeat counts once), when a job is
 * next due, and the store's record of job runs (table job_run) that
 * `run-due` keeps.
 */
#ifndef SOMARKIV_SCHEDULE_H
#define SOMARKIV_SCHEDULE_H

#include <stdint.h>
#include "buf.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An ISO 8601 duration ("P1D", "PT15M", "P1Y2M", "P2W"); weeks count as 7 days. */
typedef struct som_duration {
	int years, months, days, hours, minutes, seconds;
} som_duration;

/* Parse a duration; SOM_EINVALID naming it when it is not one, or is zero. */
int som_duration_parse(som_duration *out, const char *text);

/* `t` (Unix seconds, UTC) plus the duration, calendar fields first (month ends clamp). */
int64_t som_duration_add(const som_duration *d, int64_t t);

/*
 * A cron line of five fields (minute hour day-of-month month day-of-week):
 * "*", numbers, ranges "1-5", lists "1,15", steps "* /15" and "10-50/20",
 * month names jan..dec and day names sun..sat (0 and 7 are Sunday). As in
 * cron, when both day fields are restricted either may match.
 */
typedef struct som_cron {
	uint64_t minutes;     /* bit 0..59 */
	uint32_t hours;       /* bit 0..23 */
	uint32_t mdays;       /* bit 1..31 */
	uint16_t months;      /* bit 1..12 */
	uint8_t wdays;        /* bit 0..6, 0 Sunday */
	int mday_any, wday_any;
} som_cron;

/* Parse a cron line; SOM_EINVALID naming the field when it is not one. */
int som_cron_parse(som_cron *out, const char *line);

/* Does the minute starting at `t` (Unix time; read as local wall-clock time) match? */
int som_cron_matches(const som_cron *cron, int64_t t);

/*
 * The first matching minute strictly after `t` (SOM_ENOTFOUND when none in
 * five years, e.g. "0 0 30 2 *"), written to `out`.
 */
int som_cron_next(int64_t *out, const som_cron *cron, int64_t t);

/* The last matching minute at or before `t` (SOM_ENOTFOUND when none in five years). */
int som_cron_prev(int64_t *out, const som_cron *cron, int64_t t);

/* A job's recurrence: exactly one of `every` (ISO duration) and `cron`. */
typedef struct som_recurrence {
	int is_cron;
	som_duration every;
	som_cron cron;
} som_recurrence;

int som_recurrence_parse(som_recurrence *out, const char *every, const char *cron);

/*
 * Is the job due at `now`, given the period of its last successful run
 * (`last_ok`, a Unix time; -1 when it never succeeded)? `*period_out`
 * receives the period a run now would cover (the cron slot, or for a
 * duration `last_ok` + duration, `now` when never run) and `*next_out`
 * when it is next due (== period when due now). Pure.
 */
int som_schedule_due(int *due_out, int64_t *period_out, int64_t *next_out,
	const som_recurrence *rec, int64_t last_ok, int64_t now);

/*
 * Expand an export job's out pattern: {date} (YYYY-MM-DD), {time}
 * (HHMMSS, UTC) and {seq} (`seq`). SOM_EINVALID for another placeholder.
 */
int som_schedule_expand(som_buf *out, const char *pattern, int64_t t, int64_t seq);

/* Parse a time ("2026-11-24T08:00:00Z", "2026-11-24T08:00Z", a date) to Unix seconds. */
int som_schedule_parse_time(int64_t *out, const char *text);

/* Format Unix seconds as "YYYY-MM-DDTHH:MM:SSZ". */
void som_schedule_format_time(char out[32], int64_t t);

/* The current time (fixed by $SOMARKIV_NOW for tests), Unix seconds. */
int64_t som_schedule_now(void);

/* What `somarkiv jobs` shows of one job (borrowed strings; NULL: none). */
typedef struct som_job_status {
	const char *job;
	const char *every;
	const char *cron;
	const char *out;
	const char *last_started;   /* the last run */
	const char *last_outcome;
	const char *last_summary;
	const char *last_ok;        /* the period of the last successful run */
	const char *next_due;
	int due;                    /* due now */
} som_job_status;

/* Append the status as one JSON object. */
int som_job_status_to_json(som_buf *out, const som_job_status *status);

/* One recorded run of a job (borrowed strings). */
typedef struct som_job_run_info {
	int64_t id;
	const char *job;
	const char *period;    /* the period it covered, ISO 8601 UTC */
	const char *started;
	const char *ended;     /* NULL while running */
	const char *outcome;   /* running, ok, failed, not available */
	const char *summary;
} som_job_run_info;

/* Record the start of a run; its id in `*id_out`. Needs a writer. */
int som_job_run_begin(int64_t *id_out, som_store *store, const char *job,
	const char *period, const char *started);

/* Record the end of a run. */
int som_job_run_end(som_store *store, int64_t id, const char *outcome,
	const char *summary);

/*
 * Mark runs left "running" (by a process that died: the caller holds the
 * writer lock) failed, "interrupted". `*n_out` receives how many.
 */
int som_job_run_reap(int64_t *n_out, som_store *store);

typedef int (*som_job_run_cb)(const som_job_run_info *run, void *payload);

/*
 * The last run of `job` (`ok_only`: the last successful one) through `cb`;
 * SOM_ENOTFOUND when there is none.
 */
int som_job_run_last(som_store *store, const char *job, int ok_only,
	som_job_run_cb cb, void *payload);

/* How many successful runs `job` has. */
int som_job_run_count_ok(int64_t *out, som_store *store, const char *job);

/* Paths of exports made at or after `since` (NULL: all), oldest first. */
typedef int (*som_export_path_cb)(int64_t export_id, const char *path, void *payload);
int som_schedule_exports_since(som_store *store, const char *since,
	som_export_path_cb cb, void *payload);

/* Record that an export's package verified at `when`. */
int som_schedule_export_verified(som_store *store, int64_t export_id,
	const char *when);

#ifdef __cplusplus
}
#endif

#endif
