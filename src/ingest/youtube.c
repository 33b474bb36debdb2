/*
 * The YouTube importer: a Google Takeout (zip or folder) of a channel.
 * Comments the channel wrote (comments/comments.csv, or before 2022
 * my-comments/my-comments.html), its live chat messages (live chats/live
 * chats.csv) and its own videos (video metadata/videos.csv) are items.
 * Takeout names folders, files and columns in the account's language and
 * changes them by year, so the files are recognised by their columns and
 * the columns by name and by what they hold. Playlists, subscriptions,
 * history and the like are not records and are reported as not read.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/common.h"
#include "util/crypto.h"
#include "formats/csv.h"
#include "formats/html_text.h"
#include "formats/json.h"
#include "ingest/importer.h"

/* What a file holds. */
enum file_kind { F_NONE, F_COMMENTS, F_LIVECHATS, F_VIDEOS };

/* The columns read. A video's id is its R_VIDEO. */
enum role {
	R_ID, R_CHANNEL, R_CREATED, R_PRICE, R_PARENT, R_POST, R_VIDEO, R_TEXT,
	R_TOPLEVEL, R_TITLE, R_DESCRIPTION, R_PUBLISHED, R_PRIVACY, N_ROLES
};

/*
 * Column names as Takeout has spelt them, lower case, '.' dropped: the
 * file they say it is (F_NONE: any), and the column.
 */
static const struct {
	const char *name;
	enum file_kind kind;
	enum role role;
} spellings[] = {
	/* English, "Comment ID" (2023 Title Case) and "Comment id" alike */
	{ "comment id", F_COMMENTS, R_ID },
	{ "comment create timestamp", F_COMMENTS, R_CREATED },
	{ "parent comment id", F_COMMENTS, R_PARENT },
	{ "top-level comment id", F_COMMENTS, R_TOPLEVEL },
	{ "comment text", F_COMMENTS, R_TEXT },
	{ "post id", F_COMMENTS, R_POST },
	{ "live chat id", F_LIVECHATS, R_ID },
	{ "live chat create timestamp", F_LIVECHATS, R_CREATED },
	{ "live chat text", F_LIVECHATS, R_TEXT },
	{ "channel id", F_NONE, R_CHANNEL },
	{ "price", F_NONE, R_PRICE },
	{ "video id", F_NONE, R_VIDEO },
	{ "video title (original)", F_VIDEOS, R_TITLE },
	{ "video description (original)", F_VIDEOS, R_DESCRIPTION },
	{ "video create timestamp", F_VIDEOS, R_CREATED },
	{ "video publish timestamp", F_VIDEOS, R_PUBLISHED },
	{ "privacy", F_VIDEOS, R_PRIVACY },
	/* Catalan */
	{ "identificador de comentari", F_COMMENTS, R_ID },
	{ "identificador del comentari", F_COMMENTS, R_ID },
	{ "marca de temps de creació del comentari", F_COMMENTS, R_CREATED },
	{ "identificador del comentari principal", F_COMMENTS, R_PARENT },
	{ "identificador de comentari principal", F_COMMENTS, R_PARENT },
	{ "identificador de la publicació", F_COMMENTS, R_POST },
	{ "text del comentari", F_COMMENTS, R_TEXT },
	{ "identificador del xat en directe", F_LIVECHATS, R_ID },
	{ "marca de temps de creació del xat en directe", F_LIVECHATS, R_CREATED },
	{ "text del xat en directe", F_LIVECHATS, R_TEXT },
	{ "identificador del canal", F_NONE, R_CHANNEL },
	{ "identificador de canal", F_NONE, R_CHANNEL },
	{ "preu", F_NONE, R_PRICE },
	{ "identificador del vídeo", F_NONE, R_VIDEO },
	{ "identificador de vídeo", F_NONE, R_VIDEO },
	/* Spanish */
	{ "id del comentario", F_COMMENTS, R_ID },
	{ "marca de tiempo de creación del comentario", F_COMMENTS, R_CREATED },
	{ "id del comentario principal", F_COMMENTS, R_PARENT },
	{ "texto del comentario", F_COMMENTS, R_TEXT },
	{ "id del canal", F_NONE, R_CHANNEL },
	{ "precio", F_NONE, R_PRICE },
	{ "id del vídeo", F_NONE, R_VIDEO },
	/* Swedish */
	{ "kommentars-id", F_COMMENTS, R_ID },
	{ "kommentar-id", F_COMMENTS, R_ID },
	{ "kommentarstext", F_COMMENTS, R_TEXT },
	{ "kommentartext", F_COMMENTS, R_TEXT },
	{ "kanal-id", F_NONE, R_CHANNEL },
	{ "video-id", F_NONE, R_VIDEO },
	{ "pris", F_NONE, R_PRICE },
};

/*
 * Words that name a column in any language Takeout writes, tried in this
 * order on names the table does not know (so "video title" is a title
 * before it is a video).
 */
static const struct {
	enum role role;
	const char *words[12];
} keywords[] = {
	{ R_TOPLEVEL, { "top-level", "top level", "nivell superior", "nivel superior",
		"översta nivå", "oberste ebene", "premier niveau", NULL } },
	{ R_PARENT, { "parent", "principal", "pare ", "padre", "överordna", "übergeordnet",
		NULL } },
	{ R_PUBLISHED, { "publish", "publicació", "publicación", "publicer", "veröffentlich",
		"publication", "publicação", NULL } },
	{ R_CREATED, { "timestamp", "marca de temps", "marca de tiempo", "tidsstämpel",
		"zeitstempel", "horodatage", "data e hora", "create", "creació", "creación",
		NULL } },
	{ R_PRICE, { "price", "preu", "precio", "pris", "preis", "prix", "preço", "prezzo",
		NULL } },
	{ R_TITLE, { "title", "títol", "título", "titel", "titre", "titolo", NULL } },
	{ R_DESCRIPTION, { "description", "descripció", "descripción", "beskrivning",
		"beschreibung", "descrizione", "descrição", NULL } },
	{ R_PRIVACY, { "privacy", "privadesa", "privacidad", "sekretess", "datenschutz",
		"confidentialité", "privacidade", NULL } },
	{ R_TEXT, { "text", "texto", "texte", "testo", NULL } },
	{ R_VIDEO, { "video", "vídeo", NULL } },
	{ R_CHANNEL, { "channel", "canal", "kanal", "chaîne", NULL } },
	{ R_POST, { "post", "publicació", "publicación", "inlägg", "beitrag", NULL } },
};

/* Words of a time; a column of "publish" words is the publishing time only with one. */
static const char *const time_words[] = {
	"timestamp", "temps", "tiempo", "tidsstämpel", "zeitstempel", "horodatage", "hora",
	"date", "data", "time", NULL
};

/* Words in a header or path that say live chat rather than comments. */
static const char *const chat_words[] = { "chat", "xat", NULL };

/* Folders of a Takeout that hold no records, by words in their names, and why. */
static const struct {
	const char *word, *why;
} unread_folders[] = {
	{ "playlist", "playlists are not records" },
	{ "llistes de reproducció", "playlists are not records" },
	{ "listas de reproducción", "playlists are not records" },
	{ "spellist", "playlists are not records" },
	{ "subscri", "subscriptions are not records" },
	{ "suscrip", "subscriptions are not records" },
	{ "prenumeration", "subscriptions are not records" },
	{ "abonnement", "subscriptions are not records" },
	{ "history", "history is not a record" },
	{ "historial", "history is not a record" },
	{ "historik", "history is not a record" },
	{ "verlauf", "history is not a record" },
	{ "historique", "history is not a record" },
	{ "music", "the music library is not a record" },
	{ "música", "the music library is not a record" },
	{ "shopping", "shopping data is not a record" },
	{ "channel", "channel settings are not records" },
	{ "canal", "channel settings are not records" },
	{ "kanal", "channel settings are not records" },
	{ "metadata", "more details of the videos, not items of their own" },
	{ "metadades", "more details of the videos, not items of their own" },
	{ "metadatos", "more details of the videos, not items of their own" },
};

static const char *const video_extensions[] = {
	".mp4", ".mov", ".webm", ".mkv", ".avi", ".flv", ".3gp", ".mpg", ".mpeg", ".m4v",
	".wmv", NULL
};

/* A video file of the source: its name as a title would give it. */
struct video_file {
	char *key;
	size_t index;
};

typedef struct youtube {
	som_source *src;
	som_sink *sink;
	const char *file;
	som_csv *csv;
	enum file_kind kind;
	int col[N_ROLES];
	int exact[N_ROLES];         /* the column's name is one of the known spellings */
	int layout_checked;
	unsigned char *read;        /* entries read, or linked as attachments */
	size_t n_video_files;       /* entries that are video files */
	struct video_file *video_files;   /* sorted by key */
	size_t n_videos;            /* items of videos.csv */
	size_t n_videos_missing;
	som_buf text, id, url, tmp, html;
	som_attachment_in attachment;
} youtube;

static ssize_t read_entry(void *ctx, void *buf, size_t len)
{
	return som_source__read(ctx, buf, len);
}

static const char *base_name(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}

/* `s` in lower case (ASCII only), spaces collapsed, '.' dropped, into out. */
static void normalise(char *out, size_t size, const char *s)
{
	size_t n = 0;
	int space = 1;

	for (; *s && n + 1 < size; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '.' || ch == '"')
			continue;
		if (isspace(ch)) {
			if (!space)
				out[n++] = ' ';
			space = 1;
			continue;
		}
		out[n++] = (char)tolower(ch);
		space = 0;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static int has_word(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strstr(s, *words) != NULL)
			return 1;
	return 0;
}

/* Does a normalised column name say "id"? */
static int names_id(const char *s)
{
	size_t n = strlen(s);

	return strcmp(s, "id") == 0 || strncmp(s, "id ", 3) == 0 || strstr(s, " id") != NULL ||
		(n > 3 && strcmp(s + n - 3, "-id") == 0) || strstr(s, "identif") != NULL;
}

/* --- what the values look like --- */

static int is_id_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '-' || ch == '_';
}

/* A comment or live chat id: "Ug" and more, a reply's with "."; "z1..." before 2017. */
static int looks_comment_id(const char *s)
{
	size_t n = 0;

	if (strncmp(s, "Ug", 2) != 0 && !(s[0] == 'z' && isdigit((unsigned char)s[1])))
		return 0;
	for (; *s; s++, n++)
		if (!is_id_char(*s) && *s != '.')
			return 0;
	return n >= 12;
}

static int looks_video_id(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!is_id_char(*s))
			return 0;
	return n == 11;
}

static int looks_channel_id(const char *s)
{
	size_t n = 0;

	if (strncmp(s, "UC", 2) != 0)
		return 0;
	for (; *s; s++, n++)
		if (!is_id_char(*s))
			return 0;
	return n == 24;
}

static int looks_time(const char *s)
{
	char norm[32];

	return strlen(s) >= 19 && isdigit((unsigned char)s[0]) && s[4] == '-' &&
		som__time_normalize(norm, s) == 0;
}

static int looks_segments(const char *s)
{
	while (*s == ' ' || *s == '[')
		s++;
	return strncmp(s, "{\"text\"", 7) == 0 || strncmp(s, "{\"takeoutSegments\"", 18) == 0 ||
		strncmp(s, "{\"takeout", 9) == 0;
}

/* --- columns --- */

/* Find the columns of a header; the kind of file its names say it is. */
static enum file_kind map_header(int col[N_ROLES], int exact[N_ROLES], const som_csv *csv,
	const char *path)
{
	enum file_kind kind = F_NONE;
	char name[128];
	size_t i, k, w;
	int chat = 0, assigned[64];

	for (k = 0; k < N_ROLES; k++) {
		col[k] = -1;
		exact[k] = 0;
	}
	for (i = 0; i < som_csv__count(csv) && i < SOM_ARRAY_SIZE(assigned); i++) {
		assigned[i] = 0;
		normalise(name, sizeof(name), som_csv__field(csv, i));
		chat |= has_word(name, chat_words);
		for (k = 0; k < SOM_ARRAY_SIZE(spellings); k++) {
			if (strcmp(name, spellings[k].name) != 0)
				continue;
			if (col[spellings[k].role] < 0) {
				col[spellings[k].role] = (int)i;
				exact[spellings[k].role] = 1;
				assigned[i] = 1;
			}
			if (spellings[k].kind != F_NONE && kind == F_NONE)
				kind = spellings[k].kind;
			break;
		}
	}
	for (i = 0; i < som_csv__count(csv) && i < SOM_ARRAY_SIZE(assigned); i++) {
		if (assigned[i])
			continue;
		normalise(name, sizeof(name), som_csv__field(csv, i));
		for (w = 0; w < SOM_ARRAY_SIZE(keywords); w++) {
			if (!has_word(name, keywords[w].words) ||
			    (keywords[w].role == R_PUBLISHED && !has_word(name, time_words)))
				continue;
			if (col[keywords[w].role] < 0)
				col[keywords[w].role] = (int)i;
			assigned[i] = 1;
			break;
		}
		if (!assigned[i] && names_id(name) && col[R_ID] < 0)
			col[R_ID] = (int)i;
	}
	if (kind == F_NONE) {
		if (col[R_VIDEO] >= 0 && col[R_TITLE] >= 0 && col[R_CREATED] >= 0 &&
		    (col[R_PRIVACY] >= 0 || col[R_CHANNEL] >= 0))
			kind = F_VIDEOS;
		else if (col[R_ID] >= 0 && col[R_TEXT] >= 0 && col[R_CREATED] >= 0)
			kind = F_COMMENTS;
	}
	if (kind == F_COMMENTS) {
		char lower[512];
		normalise(lower, sizeof(lower), path);
		if (chat || has_word(lower, chat_words))
			kind = F_LIVECHATS;
	}
	return kind;
}

static const char *value(const youtube *y, enum role r)
{
	return y->col[r] >= 0 ? som_csv__field(y->csv, (size_t)y->col[r]) : "";
}

/* Is column i free, used by no role? */
static int column_free(const youtube *y, size_t i)
{
	for (size_t k = 0; k < N_ROLES; k++)
		if (y->col[k] == (int)i)
			return 0;
	return 1;
}

/*
 * Give `role` the first free column whose value fits, when it has none or
 * one found by words whose value does not fit. A column whose name is a
 * known spelling is trusted: its value may be of a kind we do not know.
 */
static void fit(youtube *y, enum role role, int (*looks)(const char *))
{
	size_t i;

	if (y->exact[role] ||
	    (y->col[role] >= 0 && (value(y, role)[0] == '\0' || looks(value(y, role)))))
		return;
	for (i = 0; i < som_csv__count(y->csv); i++) {
		if (column_free(y, i) && looks(som_csv__field(y->csv, i))) {
			y->col[role] = (int)i;
			return;
		}
	}
}

/*
 * Check the columns against the first record, and put right what the
 * names got wrong or did not know: the time, the text segments and the
 * ids are recognised by their content whatever their column is called.
 */
static void check_layout(youtube *y)
{
	y->layout_checked = 1;
	fit(y, R_CREATED, looks_time);
	if (y->kind == F_VIDEOS) {
		fit(y, R_VIDEO, looks_video_id);
		return;
	}
	fit(y, R_TEXT, looks_segments);
	fit(y, R_ID, looks_comment_id);
	fit(y, R_CHANNEL, looks_channel_id);
	fit(y, R_VIDEO, looks_video_id);
}

/*
 * A record that says what it is by content alone: an id, a time and text
 * segments, whatever the header calls them.
 */
static enum file_kind kind_by_content(youtube *y, const char *path)
{
	char lower[512];

	check_layout(y);
	if (y->col[R_ID] < 0 || y->col[R_CREATED] < 0 || y->col[R_TEXT] < 0 ||
	    !looks_segments(value(y, R_TEXT)))
		return F_NONE;
	normalise(lower, sizeof(lower), path);
	return has_word(lower, chat_words) ? F_LIVECHATS : F_COMMENTS;
}

/* --- text --- */

static int join_segments(som_buf *out, const som_json *list)
{
	size_t i;
	int error = 0;

	for (i = 0; i < som_json__array_size(list) && error == 0; i++) {
		som_json *seg = som_json__array_get(list, i);
		const char *t = som_json__get_string(seg, "text");
		if (t != NULL)
			error = som_buf_put(out, t, som_json__string_len(som_json__get(seg, "text")));
	}
	return error;
}

/*
 * The text of a comment: Takeout writes it as JSON segments, since 2024
 * `{"text":"..."},{"text":"..."}` (an array without its brackets; links,
 * mentions and video times are segments with more members) and before
 * as `{"takeoutSegments":[...]}`; older exports as plain text. The
 * segments' texts are joined; anything else is taken as it is.
 */
static int segments_text(youtube *y, const char *v, size_t len, const char *where)
{
	som_json *parsed = NULL;
	int error = 0;

	som_buf_clear(&y->text);
	if ((error = som_buf_puts(&y->text, "")) < 0)
		return error;
	if (looks_segments(v)) {
		som_buf_clear(&y->tmp);
		if ((error = som_buf_putc(&y->tmp, '[')) < 0 ||
		    (error = som_buf_put(&y->tmp, v, len)) < 0 ||
		    (error = som_buf_putc(&y->tmp, ']')) < 0)
			return error;
		if (som_json__parse(&parsed, y->tmp.ptr, y->tmp.size, y->file, 0) == 0 ||
		    som_json__parse(&parsed, v, len, y->file, 0) == 0) {
			som_json *list = parsed;
			if (som_json__array_size(list) == 1 &&
			    som_json__get(som_json__array_get(list, 0), "takeoutSegments"))
				list = som_json__get(som_json__array_get(list, 0), "takeoutSegments");
			else if (som_json__is_object(list))
				list = som_json__get(list, "takeoutSegments");
			error = join_segments(&y->text, list);
			som_json__free(parsed);
			som_error_clear();
			return error;
		}
		som_error_clear();
		if ((error = som_sink__problem(y->sink, y->file, where,
				"the text is not valid JSON segments: kept as written")) < 0)
			return error;
	}
	return som_buf_put(&y->text, v, len);
}

static int skip(youtube *y, const char *where, const char *why)
{
	return som_sink__problem(y->sink, y->file, where, "skipped: %s", why);
}

/* --- comments and live chats --- */

/*
 * A comment: on a video or a community post (kind comment, its parent
 * that), or a reply (kind reply, its parent the comment answered). A live
 * chat message is public, written in the chat beside a stream: a comment
 * on the stream's video, not a direct message. All are the account's own
 * (the Takeout is of its channel), with the channel as author id.
 */
static int comment_row(youtube *y)
{
	som_item_in item;
	char where[32];
	const char *id = value(y, R_ID), *parent = value(y, R_PARENT);
	const char *video = value(y, R_VIDEO), *post = value(y, R_POST);
	const char *dot;
	int error;

	snprintf(where, sizeof(where), "line %lld", (long long)som_csv__line(y->csv));
	if (!y->layout_checked)
		check_layout(y);
	if (id[0] == '\0')
		return skip(y, where, "a comment without an id");
	if (!looks_time(value(y, R_CREATED)))
		return skip(y, where, "a comment without a valid time");
	if ((error = segments_text(y, value(y, R_TEXT),
			y->col[R_TEXT] >= 0 ? som_csv__field_len(y->csv, (size_t)y->col[R_TEXT]) : 0,
			where)) < 0)
		return error;
	memset(&item, 0, sizeof(item));
	item.platform_id = id;
	item.kind = "comment";
	item.by_account = 1;
	item.author_id = value(y, R_CHANNEL)[0] ? value(y, R_CHANNEL) : NULL;
	item.author_name = som_sink__account_handle(y->sink);
	item.created = value(y, R_CREATED);
	item.text = y->text.ptr;
	item.raw = som_csv__raw(y->csv, &item.raw_len);
	som_buf_clear(&y->tmp);
	som_buf_clear(&y->url);
	if (y->kind == F_COMMENTS && !parent[0] && value(y, R_TOPLEVEL)[0] &&
	    strcmp(value(y, R_TOPLEVEL), id) != 0)
		parent = value(y, R_TOPLEVEL);  /* a reply in a thread whose parent is not given */
	if (y->kind == F_COMMENTS && parent[0]) {
		item.kind = "reply";
		item.parent_id = parent;
	} else if (y->kind == F_COMMENTS && (dot = strchr(id, '.')) != NULL && dot > id) {
		/* before parent ids were exported, a reply's id was its parent's, '.', its own */
		if ((error = som_buf_put(&y->tmp, id, (size_t)(dot - id))) < 0)
			return error;
		item.kind = "reply";
		item.parent_id = y->tmp.ptr;
	} else {
		item.parent_id = video[0] ? video : post[0] ? post : NULL;
	}
	if (y->kind == F_COMMENTS && video[0])
		error = som_buf_printf(&y->url, "https://www.youtube.com/watch?v=%s&lc=%s", video, id);
	else if (y->kind == F_COMMENTS && post[0])
		error = som_buf_printf(&y->url, "https://www.youtube.com/post/%s?lc=%s", post, id);
	if (error < 0)
		return error;
	item.url = y->url.size ? y->url.ptr : NULL;
	return som_sink__item(y->sink, &item, y->file, where);
}

/* --- the channel's own videos --- */

static int is_video_file(const char *name)
{
	const char *ext = strrchr(base_name(name), '.');

	for (size_t i = 0; ext && video_extensions[i]; i++)
		if (strcasecmp(ext, video_extensions[i]) == 0)
			return 1;
	return 0;
}

/*
 * A title or a file's base name as a key: Takeout names a video's file by
 * its title with the characters file names cannot hold made '_'.
 */
static char *video_key(const char *s, size_t n)
{
	char *key = som__strndup(s, n);

	for (char *p = key; p && *p; p++)
		if (strchr("/\\:*?\"<>|", *p) != NULL)
			*p = '_';
	return key;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct video_file *)a)->key, ((const struct video_file *)b)->key);
}

/* The video files of the source, sorted by key, for the titles to find. */
static int index_video_files(youtube *y)
{
	size_t i, n = som_source__count(y->src), k = 0;

	for (i = 0; i < n; i++)
		y->n_video_files += is_video_file(som_source__entry(y->src, i));
	if (y->n_video_files == 0)
		return 0;
	if ((y->video_files = som__calloc(y->n_video_files, sizeof(*y->video_files))) == NULL)
		return SOM_ENOMEM;
	for (i = 0; i < n; i++) {
		const char *e = som_source__entry(y->src, i), *base = base_name(e);
		if (!is_video_file(e))
			continue;
		y->video_files[k].index = i;
		if ((y->video_files[k++].key = video_key(base,
				(size_t)(strrchr(base, '.') - base))) == NULL)
			return SOM_ENOMEM;
	}
	qsort(y->video_files, k, sizeof(*y->video_files), by_key);
	return 0;
}

/* The entry of the file of the video titled `title`, or -1; SOM_ENOMEM. */
static int64_t find_video_file(youtube *y, const char *title)
{
	struct video_file want, *hit;

	if (y->n_video_files == 0 || title[0] == '\0')
		return -1;
	if ((want.key = video_key(title, strlen(title))) == NULL)
		return SOM_ENOMEM;
	hit = bsearch(&want, y->video_files, y->n_video_files, sizeof(want), by_key);
	som__free(want.key);
	return hit ? (int64_t)hit->index : -1;
}

static int video_row(youtube *y)
{
	som_item_in item;
	char where[32];
	const char *id, *title, *description, *created;
	int64_t at;
	int error;

	snprintf(where, sizeof(where), "line %lld", (long long)som_csv__line(y->csv));
	if (!y->layout_checked)
		check_layout(y);
	id = value(y, R_VIDEO);
	title = value(y, R_TITLE);
	description = value(y, R_DESCRIPTION);
	created = value(y, R_CREATED);
	if (!looks_time(created))
		created = value(y, R_PUBLISHED);
	if (id[0] == '\0')
		return skip(y, where, "a video without an id");
	if (!looks_time(created))
		return skip(y, where, "a video without a valid time");
	som_buf_clear(&y->text);
	if ((error = som_buf_puts(&y->text, title)) < 0 ||
	    (description[0] && ((error = som_buf_puts(&y->text, title[0] ? "\n\n" : "")) < 0 ||
				(error = som_buf_puts(&y->text, description)) < 0)))
		return error;
	som_buf_clear(&y->url);
	if ((error = som_buf_printf(&y->url, "https://www.youtube.com/watch?v=%s", id)) < 0)
		return error;
	memset(&item, 0, sizeof(item));
	item.platform_id = id;
	item.kind = "post";
	item.by_account = 1;
	item.author_id = value(y, R_CHANNEL)[0] ? value(y, R_CHANNEL) : NULL;
	item.author_name = som_sink__account_handle(y->sink);
	item.created = created;
	item.text = y->text.ptr;
	item.url = y->url.ptr;
	item.raw = som_csv__raw(y->csv, &item.raw_len);
	y->n_videos++;
	/* the video itself, when the Takeout holds it: named by its title */
	if ((at = find_video_file(y, title)) == SOM_ENOMEM)
		return SOM_ENOMEM;
	if (at >= 0) {
		memset(&y->attachment, 0, sizeof(y->attachment));
		y->attachment.path = som_source__entry(y->src, (size_t)at);
		item.attachments = &y->attachment;
		item.n_attachments = 1;
		y->read[at] = 1;
	}
	if (item.n_attachments == 0) {
		y->n_videos_missing++;
		if (y->n_video_files > 0 && (error = som_sink__problem(y->sink, y->file, where,
				"the file of video '%s' is missing from the export", id)) < 0)
			return error;
	}
	return som_sink__item(y->sink, &item, y->file, where);
}

/* --- the CSV files --- */

/* The English names of the files of comments, live chats and videos. */
static int known_name(const char *name)
{
	static const char *const names[] = { "comments.csv", "live chats.csv", "videos.csv", NULL };

	for (size_t k = 0; names[k]; k++)
		if (strcasecmp(base_name(name), names[k]) == 0)
			return 1;
	return 0;
}

/* A file named as ours that is not: the source is not what it says. */
static int not_ours(const char *name)
{
	return som__error(SOM_EINVALID,
		"cannot read '%s': line 1: not a YouTube Takeout file of comments, live chats "
		"or videos (no id, time and text columns)", name);
}

static int read_csv(youtube *y, const char *name, som_source_reader *reader, size_t index)
{
	int rc;

	y->file = name;
	y->layout_checked = 0;
	if ((rc = som_csv__open(&y->csv, name, read_entry, reader, NULL)) < 0)
		return rc;
	if ((rc = som_csv__next(y->csv)) <= 0)
		return rc;
	y->kind = map_header(y->col, y->exact, y->csv, name);
	if ((rc = som_csv__next(y->csv)) <= 0) {
		/* a header alone: a file of ours when its names say so */
		if (rc == 0 && y->kind != F_NONE)
			y->read[index] = 1;
		else if (rc == 0 && known_name(name))
			return not_ours(name);
		return rc;
	}
	if (y->kind == F_NONE && (y->kind = kind_by_content(y, name)) == F_NONE)
		return known_name(name) ? not_ours(name) : 0;
	y->read[index] = 1;
	do {
		rc = y->kind == F_VIDEOS ? video_row(y) : comment_row(y);
		if (rc < 0)
			return rc;
	} while ((rc = som_csv__next(y->csv)) == 1);
	return rc;
}

/* --- my-comments.html, before 2022 --- */

/* Where `needle` is in s[0, n) ignoring ASCII case, or NULL. */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* The value of `key` in a URL's query, into out: 1, 0 when absent, or SOM_ENOMEM. */
static int query_value(som_buf *out, const char *url, const char *key)
{
	const char *q = strchr(url, '?'), *p;
	size_t k = strlen(key);
	int error;

	som_buf_clear(out);
	for (p = q; p != NULL; p = strchr(p + 1, '&')) {
		if (strncmp(p + 1, key, k) == 0 && p[1 + k] == '=') {
			const char *v = p + 2 + k;
			size_t n = strcspn(v, "&#");
			if (n == 0)
				return 0;
			return (error = som_buf_put(out, v, n)) < 0 ? error : 1;
		}
	}
	return 0;
}

/* The first time in s[0, n): "2020-04-27 23:18:23 UTC" or "2016-06-15T08:50:49Z". */
static int find_time(char out[40], const char *s, size_t n)
{
	static const char pattern[] = "dddd-dd-dd?dd:dd:dd";
	size_t i, j, m = sizeof(pattern) - 1;

	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++) {
			char p = pattern[j], ch = s[i + j];
			if (p == 'd' ? !isdigit((unsigned char)ch) :
			    p == '?' ? ch != ' ' && ch != 'T' : ch != p)
				break;
		}
		if (j < m)
			continue;
		memcpy(out, s + i, m);
		out[m] = '\0';
		if (i + m < n && s[i + m] == 'Z')
			memcpy(out + m, "Z", 2);
		else if (i + m + 4 <= n && memcmp(s + i + m, " UTC", 4) == 0)
			memcpy(out + m, " UTC", 5);
		return 1;
	}
	return 0;
}

/*
 * One <li> of my-comments.html (or my-live-chat-messages.html): what it
 * says in words, then after a <br> the comment. Its links name the video
 * (v=) and the comment (lc=, a reply's "parent.reply").
 */
static int html_item(youtube *y, const char *li, size_t len, int64_t line, int chat)
{
	som_item_in item;
	som_buf video = SOM_BUF_INIT, comment = SOM_BUF_INIT, href = SOM_BUF_INIT;
	char where[32], time[40];
	const char *p, *end = li + len, *br, *body;
	const char *dot;
	int error = 0;

	snprintf(where, sizeof(where), "line %lld", (long long)line);
	/* the links */
	for (p = li; (p = find_ci(p, (size_t)(end - p), "href=\"")) != NULL; ) {
		const char *q;
		p += 6;
		if ((q = memchr(p, '"', (size_t)(end - p))) == NULL)
			break;
		som_buf_clear(&href);
		if ((error = som_html__decode_entities(&href, p, (size_t)(q - p))) < 0 ||
		    (error = som_buf_puts(&href, "")) < 0)
			goto done;
		if (comment.size == 0 && (error = query_value(&comment, href.ptr, "lc")) != 0) {
			if (error < 0 || (error = som_buf_puts(&y->url, href.ptr)) < 0)
				goto done;
		}
		if (video.size == 0 && (error = query_value(&video, href.ptr, "v")) < 0)
			goto done;
		error = 0;
		p = q;
	}
	br = find_ci(li, len, "<br");
	if (!find_time(time, li, br ? (size_t)(br - li) : len) && !find_time(time, li, len)) {
		error = skip(y, where, "an entry without a time");
		goto done;
	}
	body = br ? memchr(br, '>', (size_t)(end - br)) : NULL;
	body = body ? body + 1 : li;
	if ((p = find_ci(body, (size_t)(end - body), "</li")) == NULL)
		p = end;
	som_buf_clear(&y->text);
	if ((error = som_buf_puts(&y->text, "")) < 0 ||
	    (error = som_html__to_text(&y->text, body, (size_t)(p - body))) < 0)
		goto done;
	memset(&item, 0, sizeof(item));
	item.kind = "comment";
	item.by_account = 1;
	item.author_name = som_sink__account_handle(y->sink);
	item.created = time;
	item.text = y->text.ptr;
	item.raw = li;
	item.raw_len = len;
	item.parent_id = video.size ? video.ptr : NULL;
	if (comment.size) {
		item.platform_id = comment.ptr;
		if (!chat && (dot = strchr(comment.ptr, '.')) != NULL && dot > comment.ptr) {
			som_buf_clear(&y->tmp);
			if ((error = som_buf_put(&y->tmp, comment.ptr,
					(size_t)(dot - comment.ptr))) < 0)
				goto done;
			item.kind = "reply";
			item.parent_id = y->tmp.ptr;
		}
	} else {
		/* no id in the export: the video, the time and a digest of the text */
		char hex[65], stamp[32];
		size_t n = 0;
		if ((error = som_sha256__hex(hex, y->text.ptr, y->text.size)) < 0)
			goto done;
		for (p = time; *p && n + 1 < sizeof(stamp); p++)
			if (isdigit((unsigned char)*p))
				stamp[n++] = *p;
		stamp[n] = '\0';
		som_buf_clear(&y->id);
		if ((error = som_buf_printf(&y->id, "youtube-%s-%s-%s-%.16s",
				chat ? "chat" : "comment", video.size ? video.ptr : "none", stamp,
				hex)) < 0)
			goto done;
		item.platform_id = y->id.ptr;
	}
	item.url = y->url.size ? y->url.ptr : NULL;
	error = som_sink__item(y->sink, &item, y->file, where);
done:
	som_buf_clear(&y->url);
	som_buf_dispose(&video);
	som_buf_dispose(&comment);
	som_buf_dispose(&href);
	return error;
}

static int count_lines(const char *s, size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n; i++)
		c += s[i] == '\n';
	return c;
}

/* The first "<li>" or "<li " in s[0, n) whose next character is there to see, or NULL. */
static const char *find_li(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while ((p = find_ci(p, (size_t)(end - p), "<li")) != NULL) {
		if (p + 3 >= end)
			return NULL;
		if (p[3] == '>' || isspace((unsigned char)p[3]))
			return p;
		p += 3;   /* <link>, <light> ... */
	}
	return NULL;
}

/*
 * Stream the <li> elements of an HTML list, one at a time: what is before
 * `pos` in the buffer is handled, an open <li> waits at `li_at` for its
 * end, searched for from `end_from` on, so that every byte is looked at
 * once whatever the size of an element (up to 16 MiB).
 */
static int read_html(youtube *y, const char *name, som_source_reader *reader, size_t index,
	int chat)
{
	som_buf *h = &y->html;
	char chunk[65536];
	int64_t line = 1;                 /* the line of h->ptr[pos] */
	size_t pos = 0, li_at = 0, end_from = 0;
	int open = 0, eof = 0, error = 0;
	ssize_t got;

	y->file = name;
	y->read[index] = 1;
	som_buf_clear(h);
	if ((error = som_buf_puts(h, "")) < 0)
		return error;
	for (;;) {
		if (!open) {
			const char *li = find_li(h->ptr + pos, h->size - pos);
			size_t to = li ? (size_t)(li - h->ptr) : h->size > pos + 3 ? h->size - 3 : pos;
			line += count_lines(h->ptr + pos, to - pos);
			pos = to;
			if (li != NULL) {
				open = 1;
				li_at = end_from = pos;
			}
		}
		if (open) {
			const char *end = find_ci(h->ptr + end_from, h->size - end_from, "</li>");
			if (end != NULL) {
				size_t len = (size_t)(end + 5 - (h->ptr + li_at));
				if ((error = html_item(y, h->ptr + li_at, len, line, chat)) < 0)
					return error;
				line += count_lines(h->ptr + li_at, len);
				pos = li_at + len;
				open = 0;
				continue;
			}
			if (h->size > end_from + 4)
				end_from = h->size - 4;
		}
		if (eof) {
			if (open)
				error = som_sink__problem(y->sink, name, NULL,
					"skipped: an entry not closed at the end of the file");
			break;
		}
		/* drop what is handled, then read more */
		memmove(h->ptr, h->ptr + pos, h->size - pos);
		h->size -= pos;
		h->ptr[h->size] = '\0';
		li_at -= open ? pos : 0;
		end_from -= open ? pos : 0;
		pos = 0;
		if (h->size > SOM_CSV_MAX_RECORD)
			return som__error(SOM_EINVALID,
				"cannot read '%s': line %lld: an entry larger than 16 MiB",
				name, (long long)line);
		if ((got = som_source__read(reader, chunk, sizeof(chunk))) < 0)
			return (int)got;
		if (got == 0)
			eof = 1;
		else if ((error = som_buf_put(h, chunk, (size_t)got)) < 0)
			return error;
	}
	return error;
}

/* --- the source --- */

static int is_csv(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

/* An HTML file of comments or live chat messages: 1 comments, 2 chat, 0 neither. */
static int html_kind(const char *name)
{
	static const char *const comment_words[] = {
		"comment", "comentari", "kommentar", "commentaire", "commento", NULL
	};
	char lower[256];
	size_t n = strlen(name);

	if (n < 5 || (strcasecmp(name + n - 5, ".html") != 0 &&
		      (n < 4 || strcasecmp(name + n - 4, ".htm") != 0)))
		return 0;
	normalise(lower, sizeof(lower), base_name(name));
	if (has_word(lower, chat_words))
		return 2;
	return has_word(lower, comment_words) ? 1 : 0;
}

static int visit(const char *name, int64_t size, som_source_reader *reader, void *payload)
{
	youtube *y = payload;
	int64_t index = som_source__find(y->src, name);
	int error = 0, html;

	(void)size;
	if (index < 0)
		return 0;
	if (is_csv(name))
		error = read_csv(y, name, reader, (size_t)index);
	else if ((html = html_kind(name)) != 0)
		error = read_html(y, name, reader, (size_t)index, html == 2);
	som_csv__free(y->csv);
	y->csv = NULL;
	return error;
}

/* The reason for a name (a folder's or a file's) by its words, or NULL. */
static const char *reason_by_words(const char *name, size_t len)
{
	char last[256], lower[256];
	size_t k;

	snprintf(last, sizeof(last), "%.*s", (int)len, name);
	normalise(lower, sizeof(lower), last);
	if (strstr(lower, "youtube") != NULL)
		return NULL;
	for (k = 0; k < SOM_ARRAY_SIZE(unread_folders); k++)
		if (strstr(lower, unread_folders[k].word) != NULL)
			return unread_folders[k].why;
	return NULL;
}

/*
 * Why a file (or, ending in '/', a folder's files) was not read: by the
 * words of the name of its folder, else of its own name; never of the
 * folders above ("YouTube and YouTube Music" is no music library).
 */
static const char *unread_reason(const char *path)
{
	const char *end = path + strlen(path), *base, *dir = NULL, *why = NULL;

	if (end > path && end[-1] == '/') {
		dir = end - 1;
		base = NULL;
	} else {
		for (base = end; base > path && base[-1] != '/'; base--)
			;
		if (base > path)
			dir = base - 1;
	}
	if (dir != NULL) {
		const char *start = dir;
		while (start > path && start[-1] != '/')
			start--;
		why = reason_by_words(start, (size_t)(dir - start));
	}
	if (why == NULL && base != NULL)
		why = reason_by_words(base, (size_t)(end - base));
	return why ? why : "not a record this importer reads";
}

/* The length of an entry's folder, its last '/' included. */
static size_t dir_len(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? (size_t)(slash - name) + 1 : 0;
}

static int by_folder(const void *a, const void *b, void *payload)
{
	const som_source *src = payload;
	const char *x = som_source__entry(src, *(const size_t *)a);
	const char *y = som_source__entry(src, *(const size_t *)b);
	size_t nx = dir_len(x), ny = dir_len(y);
	int c = memcmp(x, y, nx < ny ? nx : ny);

	if (c == 0 && nx != ny)
		return nx < ny ? -1 : 1;
	return c ? c : strcmp(x, y);
}

/*
 * Every file not read, named in the report with why; a folder of more
 * than three such files (the playlists) as one entry with its count.
 */
static int report_unread(youtube *y)
{
	size_t i, j, k, n = som_source__count(y->src), n_unread = 0, *unread = NULL;
	som_buf folder = SOM_BUF_INIT;
	int error = 0;

	if ((unread = som__calloc(n ? n : 1, sizeof(*unread))) == NULL)
		return SOM_ENOMEM;
	for (i = 0; i < n; i++)
		if (!y->read[i])
			unread[n_unread++] = i;
	qsort_r(unread, n_unread, sizeof(*unread), by_folder, y->src);
	for (i = 0; i < n_unread && error == 0; i = j) {
		const char *e = som_source__entry(y->src, unread[i]);
		size_t len = dir_len(e);

		for (j = i + 1; j < n_unread; j++) {
			const char *f = som_source__entry(y->src, unread[j]);
			if (dir_len(f) != len || strncmp(f, e, len) != 0)
				break;
		}
		som_buf_clear(&folder);
		if ((error = som_buf_put(&folder, e, len)) < 0)
			break;
		if (j - i > 3) {
			error = som_sink__problem(y->sink, folder.ptr, NULL, "not read: %s (%zu files)",
				unread_reason(folder.ptr), j - i);
			continue;
		}
		for (k = i; k < j && error == 0; k++) {
			const char *f = som_source__entry(y->src, unread[k]);
			error = som_sink__problem(y->sink, f, NULL, "not read: %s",
				is_video_file(f) ? "a video file that no video of the export names" :
				unread_reason(f));
		}
	}
	som_buf_dispose(&folder);
	som__free(unread);
	if (error == 0 && y->n_video_files == 0 && y->n_videos_missing > 0)
		error = som_sink__problem(y->sink, som_source__name(y->src), NULL,
			"missing: the video files of %zu video%s (the export holds none)",
			y->n_videos_missing, y->n_videos_missing == 1 ? "" : "s");
	return error;
}

/* Does the source lie in a Takeout's YouTube folder ("YouTube and YouTube Music", ...)? */
static int in_youtube_path(const char *e)
{
	const char *yt = strstr(e, "YouTube");

	return yt && (yt == e || yt[-1] == '/') && strchr(yt, '/');
}

static int in_youtube_folder(const som_source *src)
{
	size_t i, n = som_source__count(src);

	for (i = 0; i < n; i++)
		if (in_youtube_path(som_source__entry(src, i)))
			return 1;
	return 0;
}

static int read_source(som_source *src, som_sink *sink)
{
	youtube y;
	unsigned char *want = NULL;
	size_t i, n = som_source__count(src), wanted = 0;
	int error = 0, youtube_only;

	memset(&y, 0, sizeof(y));
	y.src = src;
	y.sink = sink;
	if ((want = som__calloc(n ? n : 1, 1)) == NULL ||
	    (y.read = som__calloc(n ? n : 1, 1)) == NULL) {
		error = SOM_ENOMEM;
		goto done;
	}
	/* a Takeout of all of Google's products: only its YouTube folder is ours */
	youtube_only = in_youtube_folder(src);
	for (i = 0; i < n; i++) {
		const char *e = som_source__entry(src, i);
		want[i] = (is_csv(e) || html_kind(e) != 0) && (!youtube_only || in_youtube_path(e));
		wanted += want[i];
	}
	if (wanted == 0) {
		error = som__error(SOM_EINVALID,
			"cannot read '%s': not a YouTube Takeout (no CSV or HTML files)",
			som_source__name(src));
		goto done;
	}
	if ((error = index_video_files(&y)) < 0 ||
	    (error = som_source__foreach(src, want, visit, &y)) != 0)
		goto done;
	for (i = 0; i < n && !y.read[i]; i++)
		;
	if (i == n && !youtube_only) {
		error = som__error(SOM_EINVALID,
			"cannot read '%s': not a YouTube Takeout (no file of comments, live chats "
			"or videos)", som_source__name(src));
		goto done;
	}
	error = report_unread(&y);
done:
	som__free(want);
	som__free(y.read);
	for (i = 0; y.video_files && i < y.n_video_files; i++)
		som__free(y.video_files[i].key);
	som__free(y.video_files);
	som_csv__free(y.csv);
	som_buf_dispose(&y.text);
	som_buf_dispose(&y.id);
	som_buf_dispose(&y.url);
	som_buf_dispose(&y.tmp);
	som_buf_dispose(&y.html);
	return error;
}

/* --- detection --- */

typedef struct probe_state {
	int score;
} probe_state;

static int probe_csv(const char *name, int64_t size, som_source_reader *reader, void *payload)
{
	probe_state *p = payload;
	youtube y;
	int rc;

	(void)size;
	memset(&y, 0, sizeof(y));
	if ((rc = som_csv__open(&y.csv, name, read_entry, reader, NULL)) < 0)
		return rc;
	if (som_csv__next(y.csv) == 1) {
		y.kind = map_header(y.col, y.exact, y.csv, name);
		if (y.kind == F_NONE && som_csv__next(y.csv) == 1)
			y.kind = kind_by_content(&y, name);
		if (y.kind != F_NONE)
			p->score = 90;
	}
	som_csv__free(y.csv);
	return 0;
}

static int probe(som_source *src)
{
	probe_state p = { 0 };
	size_t i, n = som_source__count(src);
	const char *candidate = NULL;
	int score = 0;

	if (in_youtube_folder(src))
		score = 60;
	for (i = 0; i < n; i++) {
		const char *e = som_source__entry(src, i);
		if (html_kind(e) && strstr(e, "my-") != NULL)
			score = score > 80 ? score : 80;
		if (candidate == NULL && known_name(e))
			candidate = e;
	}
	if (candidate == NULL && n == 1 && is_csv(som_source__entry(src, 0)))
		candidate = som_source__entry(src, 0);
	if (candidate && som_source__with_entry(src, candidate, probe_csv, &p) == SOM_ENOMEM)
		return SOM_ENOMEM;
	som_error_clear();
	return p.score > score ? p.score : score;
}

const som_importer som_importer_youtube = {
	"youtube",
	"youtube",
	1,
	probe,
	read_source
};
