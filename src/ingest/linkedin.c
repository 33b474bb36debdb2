/*
 * The LinkedIn importer: a member's data export (zip or folder) of CSV
 * files. Shares.csv holds the posts, a row per shared link, grouped into
 * one post by ShareLink; Comments.csv the comments the member wrote on
 * posts, in LinkedIn's non-RFC 4180 dialect. Exports before 2019 are
 * UTF-16 and tab-separated with other headers. The other files (reactions,
 * connections, profile...) hold no records and are reported as not read.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "util/common.h"
#include "util/crypto.h"
#include "formats/csv.h"
#include "ingest/importer.h"

/* At most this many media and shared links are listed for one post. */
#define MAX_LINKS 1000

/* The columns read, recognised by their names in any of the exports' spellings. */
enum column {
	COL_DATE,
	COL_LINK,          /* Shares: the post's own URL; Comments: the post commented on */
	COL_TEXT,          /* ShareCommentary, Message */
	COL_SHARED_URL,
	COL_MEDIA_URL,
	N_COLUMNS
};

typedef struct spelling {
	const char *name;  /* lower case, without spaces, '_' and '-' */
	enum column col;
} spelling;

static const spelling share_columns[] = {
	{ "date", COL_DATE },
	{ "sharedate", COL_DATE },
	{ "createddate", COL_DATE },
	{ "sharelink", COL_LINK },
	{ "shareurl", COL_LINK },
	{ "posturl", COL_LINK },
	{ "sharecommentary", COL_TEXT },
	{ "commentary", COL_TEXT },
	{ "sharecommentarytext", COL_TEXT },
	{ "sharedurl", COL_SHARED_URL },
	{ "sharedlink", COL_SHARED_URL },
	{ "mediaurl", COL_MEDIA_URL },
	{ "mediaurls", COL_MEDIA_URL },
};

static const spelling comment_columns[] = {
	{ "date", COL_DATE },
	{ "commentdate", COL_DATE },
	{ "link", COL_LINK },
	{ "postlink", COL_LINK },
	{ "message", COL_TEXT },
	{ "comment", COL_TEXT },
	{ "commenttext", COL_TEXT },
};

/* Files of the export that hold no records, and why. Names in lower case. */
static const struct {
	const char *name, *why;
} unread[] = {
	{ "reactions.csv", "reactions are not records" },
	{ "votes.csv", "poll votes are not records" },
	{ "connections.csv", "connections are not records" },
	{ "invitations.csv", "invitations are not records" },
	{ "company follows.csv", "follows are not records" },
	{ "member_follows.csv", "follows are not records" },
	{ "hashtag_follows.csv", "follows are not records" },
	{ "messages.csv", "direct messages are not read from LinkedIn exports" },
	{ "guide_messages.csv", "direct messages are not read from LinkedIn exports" },
	{ "learning_coach_messages.csv", "direct messages are not read from LinkedIn exports" },
	{ "rich_media.csv", "a list of uploaded media, not records" },
	{ "saved_items.csv", "saved items are not records" },
	{ "savedjobalerts.csv", "job alerts are not records" },
	{ "searchqueries.csv", "search history is not a record" },
	{ "logins.csv", "account data is not a record" },
	{ "ad_targeting.csv", "account data is not a record" },
	{ "inferences_about_you.csv", "account data is not a record" },
	{ "registration.csv", "profile data is not a record" },
	{ "profile.csv", "profile data is not a record" },
	{ "profile summary.csv", "profile data is not a record" },
	{ "positions.csv", "profile data is not a record" },
	{ "education.csv", "profile data is not a record" },
	{ "skills.csv", "profile data is not a record" },
	{ "languages.csv", "profile data is not a record" },
	{ "certifications.csv", "profile data is not a record" },
	{ "email addresses.csv", "profile data is not a record" },
	{ "phonenumbers.csv", "profile data is not a record" },
};

typedef struct linkedin {
	som_source *src;
	som_sink *sink;
	const char *shares;        /* entry names, NULL when absent */
	const char *comments;
	const char *file;          /* the one being read */
	som_csv *csv;
	int col[N_COLUMNS];        /* -1 when the file has no such column */
	size_t n_header;
	/* the post being gathered from consecutive rows of Shares.csv */
	int64_t p_line;
	size_t p_rows;
	som_buf p_link, p_date, p_commentary, p_raw;
	som_buf c_date;            /* the comment's time, as time_of() wrote it */
	som_buf p_shared;          /* the distinct shared URLs, each NUL-terminated */
	som_buf p_media;           /* the distinct media URLs, likewise */
	size_t p_n_shared, p_n_media, p_dropped;
	som_buf text, id;
	som_attachment_in *attachments;
	size_t attachments_alloc;
} linkedin;

static ssize_t read_entry(void *ctx, void *buf, size_t len)
{
	return som_source__read(ctx, buf, len);
}

/* The base name of an entry. */
static const char *base_name(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}

/* The entry whose base name is `name` (any case), the shortest; or NULL. */
static const char *find_file(const som_source *src, const char *name)
{
	const char *best = NULL;
	size_t i, n = som_source__count(src);

	for (i = 0; i < n; i++) {
		const char *e = som_source__entry(src, i);
		if (strcasecmp(base_name(e), name) == 0 && (best == NULL || strlen(e) < strlen(best)))
			best = e;
	}
	return best;
}

/* A column name as the tables spell it: lower case, no spaces, '_', '-' or quotes. */
static void normalise(char *out, size_t size, const char *name)
{
	size_t n = 0;

	for (; *name && n + 1 < size; name++) {
		unsigned char ch = (unsigned char)*name;
		if (ch == ' ' || ch == '_' || ch == '-' || ch == '"' || ch == '\t')
			continue;
		out[n++] = (char)tolower(ch);
	}
	out[n] = '\0';
}

/* Find the columns of the header record; the number recognised. */
static int map_columns(int col[N_COLUMNS], const som_csv *csv, const spelling *table,
	size_t n_table)
{
	char name[64];
	size_t i, k;
	int found = 0;

	for (k = 0; k < N_COLUMNS; k++)
		col[k] = -1;
	for (i = 0; i < som_csv__count(csv); i++) {
		normalise(name, sizeof(name), som_csv__field(csv, i));
		for (k = 0; k < n_table; k++) {
			if (strcmp(name, table[k].name) == 0 && col[table[k].col] < 0) {
				col[table[k].col] = (int)i;
				found++;
				break;
			}
		}
	}
	return found;
}

static const char *field(const linkedin *l, enum column c)
{
	return l->col[c] >= 0 ? som_csv__field(l->csv, (size_t)l->col[c]) : "";
}

/* Does `s` start with a date written YYYY-MM-DD or, before 2019, YYYY/MM/DD? */
static int starts_with_date(const char *s, size_t len)
{
	static const char pattern[] = "dddd-dd-dd";

	if (len < sizeof(pattern) - 1 || s[4] != s[7])
		return 0;
	for (size_t i = 0; i < sizeof(pattern) - 1; i++) {
		if (pattern[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != '-' && s[i] != '/')
			return 0;
	}
	return 1;
}

/*
 * A time as LinkedIn wrote it, into `out` so that som__time_normalize
 * reads it: exports before 2019 write "2017/06/08 08:15:44 UTC", with
 * slashes; later ones "2024-05-02 08:15:21". The digits stay as they are
 * (ids are made of them).
 */
static int time_of(som_buf *out, const char *in)
{
	int error;

	som_buf_clear(out);
	if ((error = som_buf_puts(out, in)) < 0)
		return error;
	if (starts_with_date(out->ptr, out->size))
		out->ptr[4] = out->ptr[7] = '-';
	return 0;
}

/*
 * LinkedIn's repair rule for Comments.csv: a line starts a record only when
 * it starts with the time of one ("2024-05-02 08:15:21", seconds optional,
 * or before 2019 "2017/06/08 08:15:44 UTC")
 * followed by the separator and a link (or an empty link); any other line
 * continues the message before it, whose line breaks LinkedIn left
 * unquoted.
 */
static int starts_comment(const char *line, size_t len, void *payload)
{
	static const char pattern[] = "dddd-dd-dd dd:dd";
	size_t i;

	(void)payload;
	if (len < sizeof(pattern) - 1 || !starts_with_date(line, len))
		return 0;
	for (i = 10; i < sizeof(pattern) - 1; i++) {
		if (pattern[i] == 'd' ? !isdigit((unsigned char)line[i]) : line[i] != pattern[i])
			return 0;
	}
	if (i + 3 <= len && line[i] == ':' && isdigit((unsigned char)line[i + 1]) &&
	    isdigit((unsigned char)line[i + 2]))
		i += 3;
	if (i + 4 <= len && strncmp(line + i, " UTC", 4) == 0)
		i += 4;
	if (i >= len || (line[i] != ',' && line[i] != '\t'))
		return 0;
	i++;
	return i == len || line[i] == ',' || line[i] == '\t' || line[i] == '"' ||
		(len - i >= 4 && strncmp(line + i, "http", 4) == 0);
}

/* Is `needle` (len bytes) in the NUL-separated list? */
static int in_list(const som_buf *list, const char *needle)
{
	size_t at = 0;

	while (at < list->size) {
		const char *s = list->ptr + at;
		if (strcmp(s, needle) == 0)
			return 1;
		at += strlen(s) + 1;
	}
	return 0;
}

/* Add `s` to the list unless it is empty, there already, or the list full. */
static int add_to_list(som_buf *list, size_t *n, size_t *dropped, const char *s)
{
	if (*s == '\0' || in_list(list, s))
		return 0;
	if (*n >= MAX_LINKS) {
		(*dropped)++;
		return 0;
	}
	(*n)++;
	return som_buf_put(list, s, strlen(s) + 1);
}

/* "20240502081521": the digits of a time, for ids. */
static void digits_of(char *out, size_t size, const char *time)
{
	size_t n = 0;

	for (; *time && n + 1 < size; time++)
		if (isdigit((unsigned char)*time))
			out[n++] = *time;
	out[n] = '\0';
}

/* An id for what LinkedIn gives none: `prefix`, the time and a digest of the text. */
static int derived_id(som_buf *out, const char *prefix, const char *time, const char *text)
{
	char hex[65], stamp[32];
	int error;

	if ((error = som_sha256__hex(hex, text, strlen(text))) < 0)
		return error;
	digits_of(stamp, sizeof(stamp), time);
	som_buf_clear(out);
	return som_buf_printf(out, "%s%s-%.16s", prefix, stamp, hex);
}

static int skip(linkedin *l, const char *where, const char *why)
{
	return som_sink__problem(l->sink, l->file, where, "skipped: %s", why);
}

/* Hand the post gathered from p_* to the sink. */
static int flush_post(linkedin *l)
{
	som_item_in item;
	char where[64], norm[32];
	size_t n = 0, at;
	int error;

	if (l->p_rows == 0)
		return 0;
	if (l->p_rows == 1)
		snprintf(where, sizeof(where), "line %lld", (long long)l->p_line);
	else
		snprintf(where, sizeof(where), "line %lld, %zu rows", (long long)l->p_line,
			l->p_rows);
	l->p_rows = 0;
	if (som__time_normalize(norm, l->p_date.ptr) < 0) {
		error = skip(l, where, "a post without a valid time");
		goto done;
	}
	som_buf_clear(&l->text);
	if ((error = som_buf_puts(&l->text, "")) < 0 ||
	    (error = som_csv__unwrap_lines(&l->text, l->p_commentary.ptr, l->p_commentary.size)) < 0)
		goto done;
	/* a shared link is part of what the post says, unless it says it already */
	for (at = 0; at < l->p_shared.size; at += strlen(l->p_shared.ptr + at) + 1) {
		const char *url = l->p_shared.ptr + at;
		if (strstr(l->text.ptr, url) != NULL)
			continue;
		if ((error = som_buf_puts(&l->text, l->text.size ? "\n\n" : "")) < 0 ||
		    (error = som_buf_puts(&l->text, url)) < 0)
			goto done;
	}
	/* media the post showed: named by URL, never in the export */
	for (at = 0; at < l->p_media.size; at += strlen(l->p_media.ptr + at) + 1) {
		if (n == l->attachments_alloc) {
			size_t want = n ? n * 2 : 8;
			som_attachment_in *p = som__realloc(l->attachments, want * sizeof(*p));
			if (p == NULL) {
				error = SOM_ENOMEM;
				goto done;
			}
			l->attachments = p;
			l->attachments_alloc = want;
		}
		memset(&l->attachments[n], 0, sizeof(l->attachments[n]));
		l->attachments[n++].path = l->p_media.ptr + at;
	}
	if (l->p_link.size) {
		som_buf_clear(&l->id);
		error = som_buf_put(&l->id, l->p_link.ptr, l->p_link.size);
	} else {
		error = derived_id(&l->id, "linkedin-share-", l->p_date.ptr, l->text.ptr);
	}
	if (error < 0)
		goto done;
	memset(&item, 0, sizeof(item));
	item.platform_id = l->id.ptr;
	item.kind = "post";
	item.by_account = 1;
	item.author_name = som_sink__account_handle(l->sink);
	item.created = l->p_date.ptr;
	item.text = l->text.ptr;
	item.url = l->p_link.size ? l->p_link.ptr : NULL;
	item.raw = l->p_raw.ptr;
	item.raw_len = l->p_raw.size;
	item.attachments = l->attachments;
	item.n_attachments = n;
	if ((error = som_sink__item(l->sink, &item, l->file, where)) == 0 && l->p_dropped)
		error = som_sink__problem(l->sink, l->file, where,
			"%zu more links of the post not read (at most %d media and %d shared)",
			l->p_dropped, MAX_LINKS, MAX_LINKS);
done:
	l->p_n_shared = l->p_n_media = l->p_dropped = 0;
	som_buf_clear(&l->p_raw);
	som_buf_clear(&l->p_shared);
	som_buf_clear(&l->p_media);
	return error;
}

static int set(som_buf *b, const char *s)
{
	som_buf_clear(b);
	return som_buf_puts(b, s);
}

/* One row of Shares.csv: a new post, or another link of the post before it. */
static int share_row(linkedin *l)
{
	const char *link = field(l, COL_LINK), *raw;
	size_t raw_len;
	int error;

	if (l->p_rows == 0 || link[0] == '\0' || strcmp(link, l->p_link.ptr) != 0) {
		if ((error = flush_post(l)) < 0)
			return error;
		l->p_line = som_csv__line(l->csv);
		if ((error = set(&l->p_link, link)) < 0 ||
		    (error = time_of(&l->p_date, field(l, COL_DATE))) < 0 ||
		    (error = set(&l->p_commentary, field(l, COL_TEXT))) < 0)
			return error;
	}
	raw = som_csv__raw(l->csv, &raw_len);
	if (l->p_raw.size + raw_len > SOM_CSV_MAX_RECORD)
		return som__error(SOM_EINVALID, "cannot read '%s': line %lld: post larger than 16 MiB",
			l->file, (long long)l->p_line);
	l->p_rows++;
	if ((error = som_buf_put(&l->p_raw, raw, raw_len)) < 0 ||
	    (error = add_to_list(&l->p_shared, &l->p_n_shared, &l->p_dropped,
			field(l, COL_SHARED_URL))) < 0 ||
	    (error = add_to_list(&l->p_media, &l->p_n_media, &l->p_dropped,
			field(l, COL_MEDIA_URL))) < 0)
		return error;
	return 0;
}

static int comment_row(linkedin *l)
{
	som_item_in item;
	char where[32], norm[32];
	const char *link = field(l, COL_LINK), *text = field(l, COL_TEXT), *date;
	int error;

	snprintf(where, sizeof(where), "line %lld", (long long)som_csv__line(l->csv));
	if ((error = time_of(&l->c_date, field(l, COL_DATE))) < 0)
		return error;
	date = l->c_date.ptr;
	if (som__time_normalize(norm, date) < 0)
		return skip(l, where, "a comment without a valid time");
	if (link[0] == '\0' && text[0] == '\0')
		return skip(l, where, "a comment without a link or a message");
	/* LinkedIn gives comments no id: the post, the time, and a digest of the message */
	som_buf_clear(&l->text);
	if ((error = som_buf_puts(&l->text, link[0] ? link : "linkedin")) < 0 ||
	    (error = som_buf_puts(&l->text, link[0] ? "#comment-" : "-comment-")) < 0 ||
	    (error = derived_id(&l->id, l->text.ptr, date, text)) < 0)
		return error;
	memset(&item, 0, sizeof(item));
	item.platform_id = l->id.ptr;
	item.kind = "comment";
	item.parent_id = link[0] ? link : NULL;
	item.by_account = 1;
	item.author_name = som_sink__account_handle(l->sink);
	item.created = date;
	item.text = text;
	item.raw = som_csv__raw(l->csv, &item.raw_len);
	return som_sink__item(l->sink, &item, l->file, where);
}

/* Open the CSV reader over an entry and read its header. */
static int open_csv(linkedin *l, const char *name, som_source_reader *reader,
	const spelling *table, size_t n_table, int backslash)
{
	som_csv_options o;
	int rc;

	memset(&o, 0, sizeof(o));
	o.backslash_quotes = backslash;
	l->file = name;
	if ((rc = som_csv__open(&l->csv, name, read_entry, reader, &o)) < 0)
		return rc;
	if ((rc = som_csv__next(l->csv)) < 0)
		return rc;
	if (rc == 0)
		return 0;
	l->n_header = som_csv__count(l->csv);
	map_columns(l->col, l->csv, table, n_table);
	return 1;
}

static int read_shares(linkedin *l, const char *name, som_source_reader *reader)
{
	int rc;

	if ((rc = open_csv(l, name, reader, share_columns, SOM_ARRAY_SIZE(share_columns), 0)) <= 0)
		return rc;
	if (l->col[COL_DATE] < 0 ||
	    (l->col[COL_TEXT] < 0 && l->col[COL_LINK] < 0 && l->col[COL_SHARED_URL] < 0))
		return som__error(SOM_EINVALID,
			"cannot read '%s': line 1: not the header of LinkedIn's Shares.csv "
			"(no Date and ShareCommentary columns)", name);
	while ((rc = som_csv__next(l->csv)) == 1)
		if ((rc = share_row(l)) < 0)
			return rc;
	if (rc < 0)
		return rc;
	return flush_post(l);
}

static int read_comments(linkedin *l, const char *name, som_source_reader *reader)
{
	som_csv_options o;
	int rc;

	if ((rc = open_csv(l, name, reader, comment_columns, SOM_ARRAY_SIZE(comment_columns),
			1)) <= 0)
		return rc;
	if (l->col[COL_DATE] < 0 || l->col[COL_TEXT] < 0)
		return som__error(SOM_EINVALID,
			"cannot read '%s': line 1: not the header of LinkedIn's Comments.csv "
			"(no Date and Message columns)", name);
	/*
	 * The repairs fit the layout LinkedIn writes, the time first and the
	 * message last: a record runs until a line starts with a time, and
	 * separators in the message are its own.
	 */
	if (l->col[COL_DATE] == 0 && (size_t)l->col[COL_TEXT] + 1 == l->n_header) {
		memset(&o, 0, sizeof(o));
		o.backslash_quotes = 1;
		o.starts_record = starts_comment;
		o.max_fields = l->n_header;
		som_csv__set_options(l->csv, &o);
	}
	while ((rc = som_csv__next(l->csv)) == 1)
		if ((rc = comment_row(l)) < 0)
			return rc;
	return rc;
}

static int visit(const char *name, int64_t size, som_source_reader *reader, void *payload)
{
	linkedin *l = payload;
	int error = 0;

	(void)size;
	if (l->shares && strcmp(name, l->shares) == 0)
		error = read_shares(l, name, reader);
	else if (l->comments && strcmp(name, l->comments) == 0)
		error = read_comments(l, name, reader);
	som_csv__free(l->csv);
	l->csv = NULL;
	return error;
}

/* Every other file of the export, named in the report with why it was not read. */
static int report_unread(linkedin *l)
{
	size_t i, k, n = som_source__count(l->src);
	int error = 0;

	for (i = 0; i < n && error == 0; i++) {
		const char *e = som_source__entry(l->src, i);
		const char *why = "not a record this importer reads";
		if ((l->shares && strcmp(e, l->shares) == 0) ||
		    (l->comments && strcmp(e, l->comments) == 0))
			continue;
		for (k = 0; k < SOM_ARRAY_SIZE(unread); k++)
			if (strcasecmp(base_name(e), unread[k].name) == 0)
				why = unread[k].why;
		if (strcasecmp(base_name(e), "shares.csv") == 0 ||
		    strcasecmp(base_name(e), "comments.csv") == 0)
			why = "another copy: the one nearest the top of the source is read";
		error = som_sink__problem(l->sink, e, NULL, "not read: %s", why);
	}
	return error;
}

static int read_source(som_source *src, som_sink *sink)
{
	linkedin l;
	unsigned char *want = NULL;
	size_t i, n = som_source__count(src);
	int error = 0;

	memset(&l, 0, sizeof(l));
	l.src = src;
	l.sink = sink;
	l.shares = find_file(src, "Shares.csv");
	l.comments = find_file(src, "Comments.csv");
	if (l.shares == NULL && l.comments == NULL) {
		error = som__error(SOM_EINVALID,
			"cannot read '%s': not a LinkedIn export (no Shares.csv or Comments.csv)",
			som_source__name(src));
		goto done;
	}
	if ((want = som__calloc(n ? n : 1, 1)) == NULL) {
		error = SOM_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		const char *e = som_source__entry(src, i);
		want[i] = (l.shares && strcmp(e, l.shares) == 0) ||
			(l.comments && strcmp(e, l.comments) == 0);
	}
	if ((error = som_source__foreach(src, want, visit, &l)) != 0)
		goto done;
	error = report_unread(&l);
done:
	som__free(want);
	som_csv__free(l.csv);
	som_buf_dispose(&l.p_link);
	som_buf_dispose(&l.p_date);
	som_buf_dispose(&l.c_date);
	som_buf_dispose(&l.p_commentary);
	som_buf_dispose(&l.p_raw);
	som_buf_dispose(&l.p_shared);
	som_buf_dispose(&l.p_media);
	som_buf_dispose(&l.text);
	som_buf_dispose(&l.id);
	som__free(l.attachments);
	return error;
}

typedef struct probe_state {
	const spelling *table;
	size_t n_table;
	int score;
} probe_state;

/* How well the header of a Shares.csv or Comments.csv fits. */
static int probe_entry(const char *name, int64_t size, som_source_reader *reader,
	void *payload)
{
	probe_state *p = payload;
	som_csv *csv = NULL;
	int col[N_COLUMNS];
	int rc;

	(void)size;
	if ((rc = som_csv__open(&csv, name, read_entry, reader, NULL)) < 0)
		return rc;
	if (som_csv__next(csv) == 1) {
		map_columns(col, csv, p->table, p->n_table);
		if (col[COL_DATE] >= 0 && col[COL_TEXT] >= 0 && col[COL_LINK] >= 0)
			p->score = 90;
		else if (col[COL_DATE] >= 0 && (col[COL_TEXT] >= 0 || col[COL_LINK] >= 0))
			p->score = 70;
	}
	som_csv__free(csv);
	return 0;
}

static int probe(som_source *src)
{
	probe_state p = { share_columns, SOM_ARRAY_SIZE(share_columns), 0 };
	const char *name = find_file(src, "Shares.csv");
	int score = 0;

	if (name && som_source__with_entry(src, name, probe_entry, &p) == SOM_ENOMEM)
		return SOM_ENOMEM;
	score = p.score;
	if ((name = find_file(src, "Comments.csv")) != NULL) {
		p.table = comment_columns;
		p.n_table = SOM_ARRAY_SIZE(comment_columns);
		p.score = 0;
		if (som_source__with_entry(src, name, probe_entry, &p) == SOM_ENOMEM)
			return SOM_ENOMEM;
		if (p.score > score)
			score = p.score;
	}
	som_error_clear();
	return score;
}

const som_importer som_importer_linkedin = {
	"linkedin",
	"linkedin",
	1,
	probe,
	read_source
};
