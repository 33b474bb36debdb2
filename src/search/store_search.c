/*
 * The registrar's search in SQL: FTS5 over every version's text, filters on
 * the item, its current classification and its registration, and the public
 * view that masks what a secrecy marking covers (OSL 5 kap.). Candidates are
 * found first (item ids and sort keys only); each hit is then read in full.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "registry/registry.h"
#include "store/store.h"
#include "somarkiv/plan.h"
#include "somarkiv/registry.h"
#include "somarkiv/search.h"

/*
 * Ordered by date, a text matching few versions is best joined and sorted
 * in full; a common one is best met by walking items newest first, each
 * tested against a bitmap of the matching versions, which finds a page of
 * hits long before all matches could be sorted. Sorting costs about the
 * matches M, the walk about LIMIT * N / M items: they cross near
 * sqrt(LIMIT * N / 2), never below COMMON_MIN.
 */
#define COMMON_MIN 500

/* ---- case folding for the sender filter and order ---- */

/*
 * Append the lower-case form of UTF-8 `s`: ASCII, Latin-1 (Å Ä Ö É Ü ...)
 * and Latin Extended-A, which covers the names of the Nordic languages;
 * everything else passes unchanged.
 */
static int fold(som_buf *out, const unsigned char *s, size_t len)
{
	unsigned char *o;
	size_t i = 0;
	int error;

	/* Folding never lengthens UTF-8 here: one pass into reserved room. */
	if ((error = som_buf_grow(out, len + 1)) != 0)
		return error;
	o = (unsigned char *)out->ptr + out->size;
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			*o++ = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
		} else if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && i + 1 < len &&
			   (s[i + 1] & 0xC0) == 0x80) {
			unsigned int cp = ((unsigned int)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
			if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
				cp += 0x20;
			else if (cp >= 0x100 && cp <= 0x137 && !(cp & 1))
				cp++;
			else if (cp >= 0x139 && cp <= 0x148 && (cp & 1))
				cp++;
			else if (cp >= 0x14A && cp <= 0x177 && !(cp & 1))
				cp++;
			else if (cp == 0x178)
				cp = 0xFF;
			else if (cp >= 0x179 && cp <= 0x17E && (cp & 1))
				cp++;
			/* Still two bytes: U+00C0..U+017F folds within U+00E0..U+017F. */
			*o++ = (unsigned char)(0xC0 | (cp >> 6));
			*o++ = (unsigned char)(0x80 | (cp & 0x3F));
			i += 2;
		} else {
			*o++ = c;
			i++;
		}
	}
	*o = '\0';
	out->size = (size_t)(o - (unsigned char *)out->ptr);
	return 0;
}

static void free_folded(void *p)
{
	som_buf_dispose(p);
	som__free(p);
}

/* SQL som_fold(text): the folded text, for ordering by sender. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	som_buf b = SOM_BUF_INIT;
	const unsigned char *s = sqlite3_value_text(argv[0]);

	(void)argc;
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	if (fold(&b, s, (size_t)sqlite3_value_bytes(argv[0])) != 0) {
		som_buf_dispose(&b);
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, b.ptr, (int)b.size, SQLITE_TRANSIENT);
	som_buf_dispose(&b);
}

/*
 * SQL som_contains(haystack, needle): 1 when the folded haystack contains
 * the folded needle. The needle is folded once per statement (auxdata);
 * short haystacks are folded on the stack.
 */
static void sql_contains(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	som_buf *scratch = sqlite3_user_data(ctx);
	som_buf *needle = sqlite3_get_auxdata(ctx, 1);
	const unsigned char *hs = sqlite3_value_text(argv[0]);
	int found, error = 0;

	(void)argc;
	if (!needle) {
		const unsigned char *ns = sqlite3_value_text(argv[1]);
		if (!ns) {
			sqlite3_result_int(ctx, 0);
			return;
		}
		if (!(needle = som__calloc(1, sizeof(*needle))) ||
		    fold(needle, ns, (size_t)sqlite3_value_bytes(argv[1])) != 0) {
			if (needle)
				som_buf_dispose(needle);
			som__free(needle);
			sqlite3_result_error_nomem(ctx);
			return;
		}
		sqlite3_set_auxdata(ctx, 1, needle, free_folded);
		if (!(needle = sqlite3_get_auxdata(ctx, 1))) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	if (!hs) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	/* The haystack is folded into the search's scratch buffer, reused row after row. */
	som_buf_clear(scratch);
	error = fold(scratch, hs, (size_t)sqlite3_value_bytes(argv[0]));
	if (error) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	found = strstr(scratch->ptr, needle->ptr) != NULL;
	sqlite3_result_int(ctx, found);
}

/* ---- the search ---- */

typedef struct search {
	som_store *store;
	const som_search_options *o;
	som_buf fts;          /* the MATCH expression, "" without text */
	int has_registry;
	int by_registration;  /* candidates come from the registration table */
	int walk;             /* items are walked newest first through item(created) */
	int64_t top_k;        /* relevance from FTS5's top list of this many (0: all) */
	int no_top_k;         /* the top list fell short: search in full */
	int64_t series_id;
	int64_t case_id;
	char from[40];
	char to[40];
	som_buf sql;
	som_buf scratch;      /* som_contains() folds here */
	unsigned char *bits;  /* the versions the text matches, by id (the walk) */
	int64_t n_bits;
	sqlite3_stmt *item_st;
	sqlite3_stmt *version_st;
} search;

/*
 * A date bound: a day (YYYY-MM-DD) or a time, normalised to compare as
 * text. A day is a Swedish day: against a registration's date as it
 * stands, against an item's UTC time as the UTC instants the day spans.
 */
static int date_bound(char out[40], const char *in, int upper, int utc, const char *what)
{
	char norm[32];
	int64_t t;
	size_t i;
	int day = strlen(in) == 10, error;

	for (i = 0; day && i < 10; i++)
		day = (i == 4 || i == 7) ? in[i] == '-' : (in[i] >= '0' && in[i] <= '9');
	if (day && utc) {
		if ((error = som__date_local_start(norm, in, upper)) != 0)
			return error;
		/* Inclusive: the last second before the next day begins. */
		if (upper && ((error = som__time_to_unix(&t, norm)) != 0 ||
		    (error = som__time_from_unix(norm, t - 1)) != 0))
			return error;
		snprintf(out, 40, "%s", norm);
		return 0;
	}
	if (day) {
		/* The whole day: "~" sorts after every time of that date. */
		snprintf(out, 40, "%s%s", in, upper ? "~" : "");
		return 0;
	}
	if (som__time_normalize(norm, in) != 0)
		return som__error(SOM_EINVALID,
			"%s '%s' is not a date (YYYY-MM-DD) or an ISO 8601 time", what, in);
	snprintf(out, 40, "%s", norm);
	return 0;
}

static int has_table(som_store *store, const char *name, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' "
			"AND name = ?1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot search");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return som_store__sqlerr(store, "cannot search");
	return 0;
}

/* The id of the one row `sql` finds for `key`, 0 when none. */
static int lookup_id(int64_t *out, som_store *store, const char *sql, const char *key)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = 0;
	if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot search");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return som_store__sqlerr(store, "cannot search");
	return 0;
}

/* SQL som_match(version id): does the text match that version? */
static void sql_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const search *s = sqlite3_user_data(ctx);
	int64_t id = sqlite3_value_int64(argv[0]);

	(void)argc;
	sqlite3_result_int(ctx, id >= 0 && id < s->n_bits &&
		(s->bits[id >> 3] & (1u << (id & 7))));
}

/* Every version the text matches, as a bitmap by version id. */
static int match_bitmap(search *s)
{
	sqlite3_stmt *st = NULL;
	int64_t max = 0;
	int rc, error = 0;

	if (sqlite3_prepare_v2(s->store->db, "SELECT max(id) FROM version", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(s->store, "cannot search");
	if (sqlite3_step(st) == SQLITE_ROW)
		max = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (s->bits)
		return 0;  /* built by an earlier pass of the same search */
	s->n_bits = max + 1;
	if (!(s->bits = som__calloc((size_t)(s->n_bits + 7) / 8, 1)))
		return SOM_ENOMEM;
	if (sqlite3_prepare_v2(s->store->db, "SELECT rowid FROM version_fts WHERE version_fts MATCH ?1",
			-1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(s->store, "cannot search");
	sqlite3_bind_text(st, 1, s->fts.ptr, (int)s->fts.size, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id >= 0 && id < s->n_bits)
			s->bits[id >> 3] |= (unsigned char)(1u << (id & 7));
	}
	if (rc != SQLITE_DONE)
		error = som_store__sqlerr(s->store, "cannot search");
	sqlite3_finalize(st);
	if (!error && sqlite3_create_function_v2(s->store->db, "som_match", 1, SQLITE_UTF8, s,
			sql_match, NULL, NULL, NULL) != SQLITE_OK)
		error = som_store__sqlerr(s->store, "cannot search");
	return error;
}

/* Where a text becomes common (see COMMON_MIN) for this store and limit. */
static int common_threshold(int64_t *out, search *s)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0, target, r = 1;

	if (sqlite3_prepare_v2(s->store->db, "SELECT max(id) FROM item", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(s->store, "cannot search");
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	target = (s->o->limit > 1000000 ? 1000000 : s->o->limit) * (n > 1000000000 ? 1000000000 : n) / 2;
	while (r * r < target)
		r++;
	*out = r < COMMON_MIN ? COMMON_MIN : r;
	return 0;
}

/* How many versions the text matches, counted up to `cap`. */
static int count_matches(int64_t *out, search *s, int64_t cap)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->store->db, "SELECT count(*) FROM (SELECT 1 FROM version_fts "
			"WHERE version_fts MATCH ?1 LIMIT ?2)", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(s->store, "cannot search");
	sqlite3_bind_text(st, 1, s->fts.ptr, (int)s->fts.size, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, cap);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return som_store__sqlerr(s->store, "cannot search");
	return 0;
}

/*
 * An item under secrecy, as every public view reads it (the store's view
 * secrecy_now): a marking on any of its registrations, corrected ones
 * included, or on their case, or a secrecy flag, until a person lifts it.
 */
static int put_secret_expr(search *s)
{
	return som_buf_puts(&s->sql, SOM_REGISTRY__SECRET_SQL("i.id"));
}

/* The filters on the item, each as " AND ...". */
static int put_item_filters(search *s)
{
	const som_search_options *o = s->o;
	som_buf *q = &s->sql;
	int error = 0;

	/* On the walk, "+" keeps the planner on item(created) for the order. */
	if (o->account_id)
		error = som_buf_puts(q, s->walk ? " AND +i.account_id = :account" :
			" AND i.account_id = :account");
	if (!error && o->platform)
		error = som_buf_puts(q, " AND i.platform = :platform");
	if (!error && o->sender && *o->sender)
		error = som_buf_puts(q, " AND (som_contains(i.author_name, :sender) "
			"OR som_contains(i.author_id, :sender))");
	if (!error && !s->by_registration && *s->from)
		error = som_buf_puts(q, " AND i.created >= :from");
	if (!error && !s->by_registration && *s->to)
		error = som_buf_puts(q, " AND i.created <= :to");
	if (!error && (o->cls != SOM_CLASS_NONE || o->flags)) {
		error = som_buf_puts(q, " AND EXISTS(SELECT 1 FROM classification c "
			"WHERE c.item_id = i.id AND c.superseded = 0");
		if (!error && o->cls != SOM_CLASS_NONE)
			error = som_buf_puts(q, " AND c.class = :class");
		for (unsigned int bit = 1; !error && bit <= SOM_FLAG_ALL; bit <<= 1)
			if (o->flags & bit)
				error = som_buf_printf(q, " AND instr(',' || c.flags || ',', ',%s,')",
					som_flag_name(bit));
		if (!error)
			error = som_buf_putc(q, ')');
	}
	/*
	 * What secrecy covers can be listed in public, never found by its
	 * content, its sender, or the class and flags a public view hides.
	 */
	if (!error && o->public_view && (s->fts.size || (o->sender && *o->sender) ||
			o->cls != SOM_CLASS_NONE || o->flags)) {
		error = som_buf_puts(q, " AND NOT ");
		if (!error)
			error = put_secret_expr(s);
	}
	return error;
}

/* Are there filters beyond the text? */
static int has_item_filters(const search *s)
{
	const som_search_options *o = s->o;

	return o->account_id || o->platform || (o->sender && *o->sender) || *s->from ||
		*s->to || o->cls != SOM_CLASS_NONE || o->flags || o->public_view;
}

static int put_order(search *s, const char *date)
{
	switch (s->o->order) {
	case SOM_SEARCH_ORDER_SENDER:
		/* In public, a masked sender sorts as the mask: its place tells nothing. */
		if (s->o->public_view) {
			int error = som_buf_puts(&s->sql, " ORDER BY CASE WHEN ");
			if (!error)
				error = put_secret_expr(s);
			if (!error)
				error = som_buf_printf(&s->sql, " THEN '%s' ELSE som_fold(coalesce("
					"nullif(i.author_name, ''), i.author_id)) END, %s DESC, i.id DESC",
					SOM_SEARCH_MASK, date);
			return error;
		}
		return som_buf_printf(&s->sql, " ORDER BY som_fold(coalesce(nullif(i.author_name, ''), "
			"i.author_id)), %s DESC, i.id DESC", date);
	case SOM_SEARCH_ORDER_RELEVANCE:
		return som_buf_printf(&s->sql, " ORDER BY 3 DESC, %s DESC, i.id DESC", date);
	default:
		return som_buf_printf(&s->sql, " ORDER BY %s DESC, i.id DESC", date);
	}
}

/*
 * The candidate query: columns item id, date, score, version id (or NULL).
 * Three shapes: from the registration table; from the full-text index
 * (few matches, or ordered by sender or relevance); or items newest first
 * through item(created), each tested against the text.
 */
static int build_query(search *s)
{
	const som_search_options *o = s->o;
	som_buf *q = &s->sql;
	int64_t matches = 0, common = INT64_MAX;
	int error = 0;

	if (s->by_registration) {
		if (s->fts.size && (error = match_bitmap(s)) != 0)
			return error;
		error = som_buf_puts(q, "SELECT i.id, max(r.date), ");
		if (!error)
			error = som_buf_puts(q, s->fts.size && o->order == SOM_SEARCH_ORDER_RELEVANCE ?
				"(SELECT -bm25(version_fts) FROM version_fts JOIN version v "
				"ON v.id = version_fts.rowid WHERE version_fts MATCH :fts "
				"AND v.item_id = i.id ORDER BY bm25(version_fts) LIMIT 1), " : "0, ");
		if (!error)
			error = som_buf_puts(q, s->fts.size ? "(SELECT max(v.id) FROM version v "
				"WHERE v.item_id = i.id AND som_match(v.id)) " : "NULL ");
		if (!error)
			error = som_buf_puts(q, "FROM registration r JOIN item i ON i.id = r.item_id "
				"WHERE r.status = 'valid'");
		if (!error && s->series_id)
			error = som_buf_puts(q, " AND r.series_id = :series");
		if (!error && s->case_id)
			error = som_buf_puts(q, " AND r.case_id = :case");
		if (!error && s->o->process)
			error = som_buf_puts(q, " AND (r.classification_code = :process OR "
				"substr(r.classification_code, 1, length(:process) + 1) = :process || '.')");
		if (!error && *s->from)
			error = som_buf_puts(q, " AND r.date >= :from");
		if (!error && *s->to)
			error = som_buf_puts(q, " AND r.date <= :to");
		if (!error && s->fts.size)
			error = som_buf_puts(q, " AND EXISTS(SELECT 1 FROM version v "
				"WHERE v.item_id = i.id AND som_match(v.id))");
		if (!error)
			error = put_item_filters(s);
		if (!error)
			error = som_buf_puts(q, " GROUP BY i.id");
		if (!error)
			error = put_order(s, "2");
		return error;
	}
	if (s->fts.size && o->order == SOM_SEARCH_ORDER_DATE && !o->all_versions && o->limit > 0) {
		if ((error = common_threshold(&common, s)) != 0 ||
		    (error = count_matches(&matches, s, common)) != 0)
			return error;
	}
	if (s->fts.size && (o->order != SOM_SEARCH_ORDER_DATE || o->all_versions ||
	    matches < common)) {
		/* bm25() cannot be aggregated: the scores come from a materialised list. */
		int scored = o->order == SOM_SEARCH_ORDER_RELEVANCE;
		/*
		 * Best first without filters: FTS5's own top list (ORDER BY rank)
		 * is enough, with room for several versions of an item; the
		 * caller searches again in full when it falls short.
		 */
		s->top_k = scored && !s->no_top_k && o->limit > 0 && !has_item_filters(s) ?
			o->limit * 3 + 16 : 0;
		error = som_buf_puts(q, !scored ?
			"WITH m AS (SELECT rowid AS vid, 0 AS score FROM version_fts "
			"WHERE version_fts MATCH :fts) " : s->top_k ?
			"WITH m AS MATERIALIZED (SELECT rowid AS vid, -rank AS score "
			"FROM version_fts WHERE version_fts MATCH :fts ORDER BY rank LIMIT :top) " :
			"WITH m AS MATERIALIZED (SELECT rowid AS vid, -bm25(version_fts) AS score "
			"FROM version_fts WHERE version_fts MATCH :fts) ");
		if (!error)
			error = som_buf_puts(q, o->all_versions ?
				"SELECT i.id, i.created, m.score, v.id " :
				"SELECT i.id, i.created, max(m.score), max(v.id) ");
		if (!error)
			error = som_buf_puts(q, "FROM m JOIN version v ON v.id = m.vid "
				"JOIN item i ON i.id = v.item_id WHERE 1");
		if (!error)
			error = put_item_filters(s);
		if (!error && !o->all_versions)
			error = som_buf_puts(q, " GROUP BY i.id");
		if (!error)
			error = put_order(s, "i.created");
		if (!error && o->all_versions)
			error = som_buf_puts(q, ", v.seq DESC");
		return error;
	}
	if (s->fts.size && (error = match_bitmap(s)) != 0)
		return error;
	s->walk = 1;
	error = som_buf_puts(q, s->fts.size ? "SELECT i.id, i.created, 0, (SELECT max(v.id) "
		"FROM version v WHERE v.item_id = i.id AND som_match(v.id)) FROM item i WHERE 1" :
		"SELECT i.id, i.created, 0, NULL FROM item i WHERE 1");
	if (!error && s->fts.size)
		error = som_buf_puts(q, " AND EXISTS(SELECT 1 FROM version v "
			"WHERE v.item_id = i.id AND som_match(v.id))");
	if (!error)
		error = put_item_filters(s);
	if (!error)
		error = put_order(s, "i.created");
	return error;
}

static int bind_named_text(sqlite3_stmt *st, const char *name, const char *value, int len)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i && sqlite3_bind_text(st, i, value, len, SQLITE_STATIC) != SQLITE_OK)
		return som__error(SOM_ENOMEM, "cannot bind a value");
	return 0;
}

static void bind_named_int(sqlite3_stmt *st, const char *name, int64_t value)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i)
		sqlite3_bind_int64(st, i, value);
}

/* A candidate found by the first query, read in full afterwards. */
typedef struct cand {
	int64_t item_id;
	char *date;
	double score;
	int64_t vid;          /* the version matched (0: the current one) */
	char *snippet;        /* from FTS5, NULL until read */
} cand;

/* A version id and the candidate it belongs to. */
typedef struct vid_ref {
	int64_t vid;
	size_t at;
} vid_ref;

/* Candidates in the order found, and their version ids sorted for look-ups. */
typedef struct cands {
	cand *v;
	size_t n, alloc;
	vid_ref *vids;        /* candidates with a version, sorted by it */
	size_t n_vids;
} cands;

static void cands_dispose(cands *c)
{
	for (size_t i = 0; i < c->n; i++) {
		som__free(c->v[i].date);
		som__free(c->v[i].snippet);
	}
	som__free(c->v);
	som__free(c->vids);
	memset(c, 0, sizeof(*c));
}

static int collect(cands *c, sqlite3_stmt *st)
{
	cand *x;
	int error = 0;

	if (c->n == c->alloc) {
		size_t na = c->alloc ? c->alloc * 2 : 64;
		cand *grown = som__realloc(c->v, na * sizeof(*grown));
		if (!grown)
			return SOM_ENOMEM;
		c->v = grown;
		c->alloc = na;
	}
	x = &c->v[c->n];
	memset(x, 0, sizeof(*x));
	x->item_id = sqlite3_column_int64(st, 0);
	x->date = som_store__col_dup(st, 1, &error);
	x->score = sqlite3_column_double(st, 2);
	x->vid = sqlite3_column_int64(st, 3);
	c->n++;
	return error;
}

static int cmp_vid(const void *a, const void *b)
{
	const vid_ref *x = a, *y = b;

	if (x->vid != y->vid)
		return x->vid < y->vid ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* The first entry of `vid` in the sorted list, or NULL. */
static const vid_ref *find_vid(const cands *c, int64_t vid)
{
	size_t lo = 0, hi = c->n_vids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->vids[mid].vid < vid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n_vids && c->vids[lo].vid == vid ? &c->vids[lo] : NULL;
}

static int has_vid(const cands *c, int64_t vid)
{
	return find_vid(c, vid) != NULL;
}

/* SQL som_want(version id): is that version one of the candidates'? */
static void sql_want(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, has_vid(sqlite3_user_data(ctx), sqlite3_value_int64(argv[0])));
}

/*
 * The snippets of every candidate in one pass of FTS5 over the range of
 * their version ids: a prefix query costs one merge of its terms' lists,
 * not one per hit.
 */
static int read_snippets(search *s, cands *c)
{
	sqlite3_stmt *st = NULL;
	const vid_ref *r, *end;
	size_t i;
	int rc, error = 0;

	if (!s->fts.size || !c->n)
		return 0;
	if (!(c->vids = som__malloc(c->n * sizeof(*c->vids))))
		return SOM_ENOMEM;
	for (i = 0; i < c->n; i++)
		if (c->v[i].vid)
			c->vids[c->n_vids++] = (vid_ref){ c->v[i].vid, i };
	if (!c->n_vids)
		return 0;
	qsort(c->vids, c->n_vids, sizeof(*c->vids), cmp_vid);
	end = c->vids + c->n_vids;
	if (sqlite3_create_function_v2(s->store->db, "som_want", 1, SQLITE_UTF8, c, sql_want,
			NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->store->db, "SELECT rowid, snippet(version_fts, 0, ?4, ?5, '…', 12) "
			"FROM version_fts WHERE version_fts MATCH ?1 AND rowid >= ?2 AND rowid <= ?3 "
			"AND som_want(rowid)", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(s->store, "cannot search");
		goto done;
	}
	sqlite3_bind_text(st, 1, s->fts.ptr, (int)s->fts.size, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->vids[0].vid);
	sqlite3_bind_int64(st, 3, c->vids[c->n_vids - 1].vid);
	sqlite3_bind_text(st, 4, s->o->mark_open ? s->o->mark_open : "[", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s->o->mark_close ? s->o->mark_close : "]", -1, SQLITE_STATIC);
	while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t vid = sqlite3_column_int64(st, 0);
		for (r = find_vid(c, vid); r && r < end && r->vid == vid && !error; r++) {
			cand *x = &c->v[r->at];
			if (x->snippet)
				continue;
			if (!(x->snippet = som_store__col_dup(st, 1, &error)) && !error &&
			    !(x->snippet = som__strdup("")))
				error = SOM_ENOMEM;
		}
	}
	if (!error && rc != SQLITE_DONE)
		error = som_store__sqlerr(s->store, "cannot search");
done:
	sqlite3_finalize(st);
	sqlite3_create_function_v2(s->store->db, "som_want", 1, SQLITE_UTF8, NULL, NULL, NULL,
		NULL, NULL);
	return error;
}

static int prepare_hit_queries(search *s)
{
	char sql[2048];

	snprintf(sql, sizeof(sql), "SELECT i.created, i.account_id, a.handle, i.platform, i.kind, "
		"i.author_name, i.author_id, c.class, c.flags, %s "
		"FROM item i JOIN account a ON a.id = i.account_id "
		"LEFT JOIN classification c ON c.item_id = i.id AND c.superseded = 0 %s"
		"WHERE i.id = ?1",
		s->has_registry ? "r.number, r.date, rc.number, r.subject, r.subject_protected, "
		SOM_REGISTRY__SECRECY_SQL("i.id") ", " SOM_REGISTRY__SECRET_SQL("i.id") ", "
		"r.classification_code" : "NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL",
		s->has_registry ? "LEFT JOIN registration r ON r.id = (SELECT max(r3.id) "
		"FROM registration r3 WHERE r3.item_id = i.id AND r3.status = 'valid') "
		"LEFT JOIN registry_case rc ON rc.id = r.case_id " : "");
	if (sqlite3_prepare_v2(s->store->db, sql, -1, &s->item_st, NULL) != SQLITE_OK)
		return som_store__sqlerr(s->store, "cannot search");
	/* The version matched (?2), else the current one. */
	if (sqlite3_prepare_v2(s->store->db,
			"SELECT v.seq, v.seq = i.current_version, v.text FROM item i JOIN version v "
			"ON v.item_id = i.id AND (CASE WHEN ?2 > 0 THEN v.id = ?2 "
			"ELSE v.seq = i.current_version END) WHERE i.id = ?1",
			-1, &s->version_st, NULL) != SQLITE_OK)
		return som_store__sqlerr(s->store, "cannot search");
	return 0;
}

#define COL(st, i) ((const char *)sqlite3_column_text((st), (i)))

/* The start of a text, about 160 bytes cut at a character boundary. */
static int text_start(som_buf *out, const char *text)
{
	size_t len = text ? strlen(text) : 0;

	if (len > 160) {
		len = 160;
		while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
		return som_buf_put(out, text, len) ? SOM_ENOMEM : som_buf_puts(out, "…");
	}
	return som_buf_put(out, text ? text : "", len);
}

/* Read one candidate in full and hand it to the callback. */
static int emit_hit(search *s, const cand *x, som_search_cb cb, void *payload)
{
	sqlite3_stmt *it = s->item_st, *ver = s->version_st;
	som_search_hit hit;
	som_buf start = SOM_BUF_INIT, pub[5] = { SOM_BUF_INIT, SOM_BUF_INIT, SOM_BUF_INIT,
		SOM_BUF_INIT, SOM_BUF_INIT };
	int rc, secret, error = 0;

	memset(&hit, 0, sizeof(hit));
	hit.item_id = x->item_id;
	hit.date = x->date;
	hit.score = x->score;
	sqlite3_reset(it);
	sqlite3_reset(ver);
	sqlite3_bind_int64(it, 1, hit.item_id);
	sqlite3_bind_int64(ver, 1, hit.item_id);
	sqlite3_bind_int64(ver, 2, x->vid);
	if ((rc = sqlite3_step(it)) != SQLITE_ROW) {
		error = rc == SQLITE_DONE ? som__error(SOM_ECORRUPT, "item %lld vanished during a search",
			(long long)hit.item_id) : som_store__sqlerr(s->store, "cannot search");
		goto done;
	}
	hit.created = COL(it, 0);
	hit.account_id = sqlite3_column_int64(it, 1);
	hit.account = COL(it, 2);
	hit.platform = COL(it, 3);
	hit.kind = COL(it, 4);
	hit.sender_id = COL(it, 6);
	hit.sender = COL(it, 5) && *COL(it, 5) ? COL(it, 5) : hit.sender_id;
	hit.cls = COL(it, 7);
	hit.flags = COL(it, 8) ? COL(it, 8) : "";
	hit.number = COL(it, 9);
	hit.registered = COL(it, 10);
	hit.case_number = COL(it, 11);
	secret = sqlite3_column_int(it, 15);
	hit.process = COL(it, 16);
	hit.secrecy = COL(it, 14);
	/* The full form inside; in public what OSL 5:2 lets the public see. */
	hit.subject = som_registry__public_form(COL(it, 12), COL(it, 13),
		s->o->public_view && secret, SOM_SEARCH_MASK);
	if (!hit.date)
		hit.date = hit.created;
	if ((rc = sqlite3_step(ver)) == SQLITE_ROW) {
		hit.version = sqlite3_column_int64(ver, 0);
		hit.current = sqlite3_column_int(ver, 1);
		hit.text = COL(ver, 2);
	} else if (rc != SQLITE_DONE) {
		error = som_store__sqlerr(s->store, "cannot search");
		goto done;
	}
	hit.snippet = x->snippet;
	if (!hit.snippet) {
		if ((error = text_start(&start, hit.text)) != 0)
			goto done;
		hit.snippet = start.ptr;
	}
	if (s->o->public_view && secret) {
		hit.masked = 1;
		hit.sender = SOM_SEARCH_MASK;
		hit.sender_id = NULL;
		hit.text = SOM_SEARCH_MASK;
		hit.snippet = SOM_SEARCH_MASK;
		hit.cls = NULL;
		hit.flags = "";
		hit.process = NULL;
	}
	/* No personnummer or samordningsnummer in any public field. */
	if (s->o->public_view) {
		hit.sender = som_registry__public_text(&pub[0], hit.sender, &error);
		hit.sender_id = som_registry__public_text(&pub[1], hit.sender_id, &error);
		hit.text = som_registry__public_text(&pub[2], hit.text, &error);
		hit.snippet = som_registry__public_text(&pub[3], hit.snippet, &error);
		hit.subject = som_registry__public_text(&pub[4], hit.subject, &error);
		if (error)
			goto done;
	}
	error = cb(&hit, payload);
done:
	som_buf_dispose(&start);
	for (size_t i = 0; i < SOM_ARRAY_SIZE(pub); i++)
		som_buf_dispose(&pub[i]);
	return error;
}

/* Build, bind and run the candidate query, collecting its rows. */
static int find_candidates(search *s, cands *c)
{
	const som_search_options *o = s->o;
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	som_buf_clear(&s->sql);
	if ((error = build_query(s)) != 0 ||
	    (error = som_buf_puts(&s->sql, o->limit > 0 ? " LIMIT :limit" : "")) != 0)
		return error;
	if (sqlite3_prepare_v2(s->store->db, s->sql.ptr, -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(s->store, "cannot search");
	if ((error = bind_named_text(st, ":fts", s->fts.ptr, (int)s->fts.size)) != 0 ||
	    (error = bind_named_text(st, ":platform", o->platform, -1)) != 0 ||
	    (error = bind_named_text(st, ":sender", o->sender, -1)) != 0 ||
	    (error = bind_named_text(st, ":from", s->from, -1)) != 0 ||
	    (error = bind_named_text(st, ":to", s->to, -1)) != 0 ||
	    (error = bind_named_text(st, ":class", som_class_name(o->cls), -1)) != 0)
		goto done;
	bind_named_int(st, ":account", o->account_id);
	bind_named_int(st, ":series", s->series_id);
	bind_named_int(st, ":case", s->case_id);
	if ((error = bind_named_text(st, ":process", o->process, -1)) != 0)
		goto done;
	bind_named_int(st, ":limit", o->limit);
	bind_named_int(st, ":top", s->top_k);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = collect(c, st)) != 0)
			goto done;
	if (rc != SQLITE_DONE)
		error = som_store__sqlerr(s->store, "cannot search");
done:
	sqlite3_finalize(st);
	return error;
}

static int check_options(search *s)
{
	const som_search_options *o = s->o;
	int error = 0;

	if (!o || o->version != SOM_SEARCH_OPTIONS_VERSION)
		return som__error(SOM_EINVALID, "search options of an unknown version");
	if (o->text && *o->text && (error = som_search_query_to_fts(&s->fts, o->text)) != 0)
		return error;
	if (o->order == SOM_SEARCH_ORDER_RELEVANCE && !s->fts.size)
		return som__error(SOM_EINVALID, "order by relevance needs a text to search for");
	if (o->order < SOM_SEARCH_ORDER_DATE || o->order > SOM_SEARCH_ORDER_RELEVANCE)
		return som__error(SOM_EINVALID, "unknown search order %d", o->order);
	if (o->cls != SOM_CLASS_NONE && !som_class_name(o->cls))
		return som__error(SOM_EINVALID, "unknown class %d", o->cls);
	if (o->flags & ~SOM_FLAG_ALL)
		return som__error(SOM_EINVALID, "unknown flags %#x", o->flags);
	s->by_registration = o->registered || o->series || o->case_number || o->process;
	if (o->from && (error = date_bound(s->from, o->from, 0, !s->by_registration,
			"--from")) != 0)
		return error;
	if (o->to && (error = date_bound(s->to, o->to, 1, !s->by_registration, "--to")) != 0)
		return error;
	if (*s->from && *s->to && strcmp(s->from, s->to) > 0)
		return som__error(SOM_EINVALID, "--from '%s' is after --to '%s'", o->from, o->to);
	if ((error = has_table(s->store, "registration", &s->has_registry)) != 0)
		return error;
	if (s->by_registration && !s->has_registry)
		return som__error(SOM_EINVALID, "store '%s' has no registry yet: "
			"open it once for writing to bring its schema up to date", s->store->path);
	if (o->series) {
		if ((error = lookup_id(&s->series_id, s->store,
				"SELECT id FROM series WHERE prefix = ?1", o->series)) != 0)
			return error;
		if (!s->series_id)
			return som__error(SOM_EINVALID, "no registry series '%s'", o->series);
	}
	if (o->case_number) {
		/* As typed, in the series' own format ("KS 2026/123", "ks 2026/0123", ...). */
		som_case *c = NULL;
		if ((error = som_case_get(&c, s->store, o->case_number)) != 0)
			return error;
		s->case_id = c->id;
		som_case_free(c);
	}
	return 0;
}

int som_search(som_store *store, const som_search_options *o, som_search_cb cb,
	void *payload)
{
	search s;
	cands c;
	int error = 0;

	memset(&s, 0, sizeof(s));
	memset(&c, 0, sizeof(c));
	s.store = store;
	s.o = o;
	if ((error = check_options(&s)) != 0)
		goto done;
	if (sqlite3_create_function_v2(store->db, "som_fold", 1,
			SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_fold, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(store->db, "som_contains", 2,
			SQLITE_UTF8 | SQLITE_DETERMINISTIC, &s.scratch, sql_contains, NULL, NULL,
			NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot search");
		goto done;
	}
	if ((error = find_candidates(&s, &c)) != 0)
		goto done;
	/* FTS5's top list held too many versions of the same items: in full. */
	if (s.top_k && (int64_t)c.n < o->limit) {
		cands_dispose(&c);
		s.no_top_k = 1;
		if ((error = find_candidates(&s, &c)) != 0)
			goto done;
	}
	if ((error = read_snippets(&s, &c)) != 0 ||
	    (error = prepare_hit_queries(&s)) != 0)
		goto done;
	for (size_t i = 0; i < c.n; i++)
		if ((error = emit_hit(&s, &c.v[i], cb, payload)) != 0)
			goto done;
done:
	cands_dispose(&c);
	sqlite3_finalize(s.item_st);
	sqlite3_finalize(s.version_st);
	som_buf_dispose(&s.fts);
	som_buf_dispose(&s.sql);
	som__free(s.bits);
	som_buf_dispose(&s.scratch);
	/* The functions point into this call's state: drop them with it. */
	sqlite3_create_function_v2(store->db, "som_contains", 2, SQLITE_UTF8, NULL, NULL, NULL,
		NULL, NULL);
	sqlite3_create_function_v2(store->db, "som_match", 1, SQLITE_UTF8, NULL, NULL, NULL,
		NULL, NULL);
	return error;
}

int som_search_hit_to_json(som_buf *out, const som_search_hit *h)
{
	som_json_writer w;

	som_json__obj_begin(&w, out);
	som_json__kv_int(&w, "item", h->item_id);
	som_json__kv_int(&w, "version", h->version);
	som_json__kv_bool(&w, "current", h->current);
	som_json__kv_str(&w, "date", h->date);
	som_json__kv_str(&w, "created", h->created);
	som_json__kv_int(&w, "account", h->account_id);
	som_json__kv_str(&w, "account_handle", h->account);
	som_json__kv_str(&w, "platform", h->platform);
	som_json__kv_str(&w, "kind", h->kind);
	som_json__kv_str(&w, "sender", h->sender);
	som_json__kv_str(&w, "sender_id", h->sender_id);
	som_json__kv_str(&w, "class", h->cls);
	som_json__kv_str(&w, "flags", h->flags);
	som_json__kv_str(&w, "number", h->number);
	som_json__kv_str(&w, "registered", h->registered);
	som_json__kv_str(&w, "case", h->case_number);
	som_json__kv_str(&w, "subject", h->subject);
	som_json__kv_str(&w, "secrecy", h->secrecy);
	som_json__kv_bool(&w, "masked", h->masked);
	if (h->score != 0) {
		char score[32];
		snprintf(score, sizeof(score), "%.4f", h->score);
		som_json__kv_raw(&w, "score", score);
	}
	som_json__kv_str(&w, "snippet", h->snippet);
	som_json__kv_str(&w, "text", h->text);
	som_json__kv_str(&w, "process", h->process);
	return som_json__obj_end(&w);
}
