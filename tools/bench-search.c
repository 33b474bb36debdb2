/*
 * bench-search: times a mix of realistic registrar queries through
 * som_search() on a store (one process, as a server would run them), and
 * the same MATCH expressions on a bare FTS5 table of the same texts (the
 * baseline, built beside the store on first use), for tools/bench-search.
 * Prints median and p95 latency per query type and overall; only reports.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "somarkiv.h"

#define LIMIT 50

typedef struct query {
	const char *type;
	const char *text;       /* NULL: none */
	const char *sender;
	const char *from, *to;
	int64_t account;
	int cls;
	int order;
	int registered;
} query;

/*
 * The mix: what a registrar types in a day. Words of the generated
 * municipality's account (tools/bench-gen), common and rare; prefixes;
 * phrases; a sender; a week; and the combinations.
 */
static const query mix[] = {
	{ "word", "snöröjningen", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "word", "bygglov", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "word", "gatlyktorna", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "word-rare", "Kvarnliden", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "word-rare", "attefallshus", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "words", "vattnet brunt", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "prefix", "bygglovs*", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "prefix", "återvinning*", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "phrase", "\"helt oacceptabelt\"", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "phrase", "\"vattnet är brunt\"", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "exclusion", "snöröjningen -tack", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "case-number", "\"KS 2026/412\"", NULL, NULL, NULL, 0, -1, 0, 0 },
	{ "sender", NULL, "Åsa Öberg", NULL, NULL, 0, -1, 0, 0 },
	{ "sender", NULL, "karin lindström", NULL, NULL, 0, -1, 0, 0 },
	{ "date", NULL, NULL, "2026-03-02", "2026-03-08", 0, -1, 0, 0 },
	{ "date", NULL, NULL, "2026-09-14", "2026-09-14", 0, -1, 0, 0 },
	{ "word+date", "snöröjningen", NULL, "2026-02-01", "2026-02-28", 0, -1, 0, 0 },
	{ "word+date", "biblioteket", NULL, "2026-06-01", "2026-06-30", 0, -1, 0, 0 },
	{ "word+sender", "bygglov", "Göran", NULL, NULL, 0, -1, 0, 0 },
	{ "word+account+date", "vattnet", NULL, "2026-05-01", "2026-05-31", 1, -1, 0, 0 },
	{ "relevance", "\"helt oacceptabelt\" sophämtningen", NULL, NULL, NULL, 0, -1,
		SOM_SEARCH_ORDER_RELEVANCE, 0 },
	{ "relevance", "attefallshus", NULL, NULL, NULL, 0, -1, SOM_SEARCH_ORDER_RELEVANCE, 0 },
	{ "list", NULL, NULL, NULL, NULL, 0, -1, 0, 0 },
};
#define N_MIX (sizeof(mix) / sizeof(mix[0]))

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int count_hit(const som_search_hit *hit, void *payload)
{
	int64_t *n = payload;

	*n += hit->snippet != NULL;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts `v` and gives its median and 95th percentile. */
static void stats(double *v, size_t n, double *median, double *p95)
{
	if (!n) {
		*median = *p95 = -1;
		return;
	}
	qsort(v, n, sizeof(*v), cmp_double);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	*p95 = v[(size_t)((double)(n - 1) * 0.95 + 0.5)];
}

static int build_baseline(sqlite3 *base, const char *store_db)
{
	char *sql = sqlite3_mprintf(
		"ATTACH %Q AS s;"
		"CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(text,"
		" tokenize='unicode61 remove_diacritics 0');"
		"BEGIN; INSERT INTO fts(rowid, text) SELECT id, text FROM s.version; COMMIT;"
		"DETACH s;", store_db);
	char *err = NULL;
	int rc = sqlite3_exec(base, sql, NULL, NULL, &err);

	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "bench-search: cannot build the baseline: %s\n", err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* The same MATCH on the bare table: newest (highest rowid) first, or best first. */
static int run_baseline(sqlite3_stmt *by_date, sqlite3_stmt *by_rank, const char *fts,
	int relevance, int64_t *hits)
{
	sqlite3_stmt *st = relevance ? by_rank : by_date;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*hits += sqlite3_column_text(st, 1) != NULL;
	return rc == SQLITE_DONE ? 0 : -1;
}

int main(int argc, char **argv)
{
	som_store *store = NULL;
	sqlite3 *base = NULL;
	sqlite3_stmt *by_date = NULL, *by_rank = NULL;
	char store_db[4096];
	double *lat[N_MIX], *blat[N_MIX], *all, *ball;
	char *fts[N_MIX];
	size_t n_all = 0, n_ball = 0;
	long rounds = 200;
	int64_t hits = 0;

	if (argc < 3 || argc > 4 || (argc == 4 && (rounds = strtol(argv[3], NULL, 10)) <= 0)) {
		fprintf(stderr, "usage: bench-search STORE BASELINE_DB [ROUNDS]\n");
		return 2;
	}
	snprintf(store_db, sizeof(store_db), "%s/store.db", argv[1]);
	if (som_store_open(&store, argv[1], SOM_STORE_OPEN_READ, NULL) != 0) {
		fprintf(stderr, "bench-search: %s\n", som_error_last());
		return 3;
	}
	if (sqlite3_open(argv[2], &base) != SQLITE_OK) {
		fprintf(stderr, "bench-search: cannot open '%s'\n", argv[2]);
		return 3;
	}
	if (sqlite3_exec(base, "SELECT 1 FROM fts LIMIT 1", NULL, NULL, NULL) != SQLITE_OK &&
	    build_baseline(base, store_db) != 0)
		return 3;
	if (sqlite3_prepare_v2(base, "SELECT rowid, snippet(fts, 0, '[', ']', '…', 12) FROM fts "
			"WHERE fts MATCH ?1 ORDER BY rowid DESC LIMIT 50", -1, &by_date, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(base, "SELECT rowid, snippet(fts, 0, '[', ']', '…', 12) FROM fts "
			"WHERE fts MATCH ?1 ORDER BY rank LIMIT 50", -1, &by_rank, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench-search: %s\n", sqlite3_errmsg(base));
		return 3;
	}
	all = calloc(N_MIX * (size_t)rounds, sizeof(double));
	ball = calloc(N_MIX * (size_t)rounds, sizeof(double));
	for (size_t q = 0; q < N_MIX; q++) {
		som_buf b = SOM_BUF_INIT;
		lat[q] = calloc((size_t)rounds, sizeof(double));
		blat[q] = calloc((size_t)rounds, sizeof(double));
		fts[q] = NULL;
		if (mix[q].text && som_search_query_to_fts(&b, mix[q].text) == 0)
			fts[q] = som_buf_detach(&b);
		som_buf_dispose(&b);
	}
	if (!all || !ball)
		return 3;

	/* Round 0 warms the caches and is not counted. */
	for (long r = 0; r <= rounds; r++) {
		for (size_t q = 0; q < N_MIX; q++) {
			som_search_options o = SOM_SEARCH_OPTIONS_INIT;
			double t0, t1;

			o.text = mix[q].text;
			o.sender = mix[q].sender;
			o.from = mix[q].from;
			o.to = mix[q].to;
			o.account_id = mix[q].account;
			o.cls = mix[q].cls;
			o.order = mix[q].order;
			o.registered = mix[q].registered;
			o.limit = LIMIT;
			t0 = now_ms();
			if (som_search(store, &o, count_hit, &hits) != 0) {
				fprintf(stderr, "bench-search: %s: %s\n", mix[q].type, som_error_last());
				return 3;
			}
			t1 = now_ms();
			if (r)
				lat[q][r - 1] = all[n_all++] = t1 - t0;
			if (!fts[q])
				continue;
			t0 = now_ms();
			if (run_baseline(by_date, by_rank, fts[q], mix[q].order == SOM_SEARCH_ORDER_RELEVANCE,
					&hits) != 0) {
				fprintf(stderr, "bench-search: baseline: %s\n", sqlite3_errmsg(base));
				return 3;
			}
			t1 = now_ms();
			if (r)
				blat[q][r - 1] = ball[n_ball++] = t1 - t0;
		}
	}

	printf("%-18s %-38s %10s %10s %14s %14s\n", "TYPE", "QUERY", "median ms", "p95 ms",
		"base median", "base p95");
	for (size_t q = 0; q < N_MIX; q++) {
		char desc[128];
		double m, p, bm, bp;

		snprintf(desc, sizeof(desc), "%s%s%s%s%s%s%s", mix[q].text ? mix[q].text : "",
			mix[q].sender ? " --sender " : "", mix[q].sender ? mix[q].sender : "",
			mix[q].from ? " --from " : "", mix[q].from ? mix[q].from : "",
			mix[q].to ? " --to " : "", mix[q].to ? mix[q].to : "");
		stats(lat[q], (size_t)rounds, &m, &p);
		if (fts[q]) {
			stats(blat[q], (size_t)rounds, &bm, &bp);
			printf("%-18s %-38.38s %10.2f %10.2f %14.2f %14.2f\n", mix[q].type,
				desc, m, p, bm, bp);
		} else {
			printf("%-18s %-38.38s %10.2f %10.2f %14s %14s\n", mix[q].type,
				desc, m, p, "-", "-");
		}
	}
	{
		double m, p, bm, bp;
		stats(all, n_all, &m, &p);
		stats(ball, n_ball, &bm, &bp);
		printf("%-18s %-38s %10.2f %10.2f %14.2f %14.2f\n", "overall",
			"(every query of every round)", m, p, bm, bp);
		printf("targets: median < 10 ms: %s (%.2f); p95 < 50 ms: %s (%.2f)\n",
			m < 10 ? "yes" : "NO", m, p < 50 ? "yes" : "NO", p);
	}
	fprintf(stderr, "bench-search: %ld rounds of %zu queries, %lld hits read\n",
		rounds, N_MIX, (long long)hits);
	for (size_t q = 0; q < N_MIX; q++) {
		free(lat[q]);
		free(blat[q]);
		som_free(fts[q]);
	}
	free(all);
	free(ball);
	sqlite3_finalize(by_date);
	sqlite3_finalize(by_rank);
	sqlite3_close(base);
	som_store_free(store);
	return 0;
}
