/*
 * The human-readable representation of a snapshot package: static HTML
 * pages of the account as it looked (profile, posts newest first with their
 * threads, private messages apart, one printable page per registered item)
 * that open from the unpacked package in any browser, with no scripts and
 * nothing loaded from the network; and the account's register entry as XML.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "package/package.h"
#include "formats/mime.h"

/* Root items (with their threads) on one page. */
#define PER_PAGE 20
/* Threads indent this deep; deeper answers line up at the last indent. */
#define MAX_NEST 8
/* From a page in SOM_RENDER_DIR to the package root, and from registered/. */
#define UP "../../../"
#define UP2 "../../../../"

/*
 * The interface text of the pages, all of it, in one place for a later
 * translation. English for now; a Swedish legal term stays where it is the
 * term of art, with the English beside it. Macros, not a table: the ones
 * with a conversion stay literals that the compiler checks against their
 * arguments. The text goes into the HTML as it is: no '<', '&' or '"'.
 */
#define T_LANG              "en"
#define T_NAV_HOME          "Profile and posts"
#define T_NAV_MESSAGES      "Messages"
#define T_NAV_REGISTERED    "Registered (diarieförda)"
#define T_FOOT_1            "Snapshot of the account, taken "
#define T_FOOT_2            " before it was closed; package "
#define T_FOOT_3            ". This rendering was made by somarkiv from the captured data;" \
	" the originals are under representations/rep1/."
#define T_KINDS_POST        "Posts"
#define T_KINDS_COMMENT     "Comments"
#define T_KINDS_REPLY       "Replies"
#define T_KINDS_SHARE       "Shares"
#define T_KINDS_MESSAGE     "Messages"
#define T_KIND_ITEM         "Item"
#define T_KIND_POST         "Post"
#define T_KIND_COMMENT      "Comment"
#define T_KIND_REPLY        "Reply"
#define T_KIND_SHARE        "Share"
#define T_KIND_MESSAGE      "Message"
#define T_DIR_RECEIVED      "Received (inkommen)"
#define T_DIR_DRAWN_UP      "Drawn up (upprättad)"
#define T_DIR_DISPATCHED    "Dispatched (expedierad)"
#define T_ATT_MISSING       "Attachment missing from the capture: "
#define T_ATT_NO_ALT        "Image without description"
#define T_ATT               "Attachment: "
#define T_ATT_DOWNLOAD      " (download only: a browser could run what it holds)"
#define T_VERSIONS_N        "Earlier versions (%zu)"
#define T_VERSIONS          "Earlier versions"
#define T_VERSION           "Version %" PRId64 ", captured "
#define T_VERSION_EDITED    ", edited "
#define T_UNKNOWN_AUTHOR    "unknown sender"
#define T_EDITED            "Edited"
#define T_EDIT_CAPTURED     ", change captured "
#define T_REMOVED           "Removed from the platform"
#define T_REMOVED_AT        ": missing at the capture of "
#define T_REMOVED_SEEN      "; last seen in the version captured "
#define T_REGISTERED_BADGE  "Registered (diarieförd) "
#define T_SHARES_ABSENT     "Shares an item that is not in the package (platform id "
#define T_ANSWERS_ABSENT    "Reply to an item that is not in the package (platform id "
#define T_URL               "Address on the platform: "
#define T_ITEM_N            "Item %" PRId64 ": "
#define T_NO_TEXT           "(no text)"
#define T_REPLIES_N         "Replies (%zu)"
#define T_PAGE_N_OF         "Page %zu of %zu:"
#define T_NEWER             "← Newer"
#define T_OLDER             "Older →"
#define T_ON_PLATFORM       " on "
#define T_UNIT              "Responsible unit"
#define T_OWNER             "Account owner"
#define T_PURPOSE           "Purpose"
#define T_OPENED            "Opened"
#define T_ADDED             "Added to somarkiv"
#define T_CLOSES            "Closes"
#define T_REASON            "Reason"
#define T_SNAPSHOT_TAKEN    "Snapshot taken"
#define T_PACKAGE           "Package"
#define T_PERIOD            "Period"
#define T_ITEMS             "Items"
#define T_N_EDITED          "Edited"
#define T_N_REMOVED         "Removed from the platform"
#define T_N_REGISTERED      "Registered (diarieförda)"
#define T_MESSAGES_LINK     "Private messages (%zu)"
#define T_MESSAGES_APART    " – not shown in the public feed."
#define T_REG_LIST          "Registered items (diarieförda objekt)"
#define T_NUMBER            "Registry number (diarienummer)"
#define T_DATE              "Date"
#define T_SUBJECT           "Subject (ärendemening)"
#define T_SECRECY_BADGE     "Secrecy "
#define T_TITLE_MESSAGES    "Messages, page %zu"
#define T_TITLE_PROFILE     "Profile"
#define T_TITLE_POSTS       "Posts, page %zu"
#define T_MESSAGES_HEAD     "Private messages"
#define T_MESSAGES_NOTE     "Messages to and from the account; they were not visible to the" \
	" public on the platform."
#define T_POSTS_HEAD        "Posts, newest first"
#define T_NO_POSTS          "No posts."
#define T_REG_TITLE         "Registered document (diarieförd handling) %s"
#define T_SECRECY_MARK      "Secrecy marking (sekretessmarkering): "
#define T_DIRECTION         "Direction"
#define T_COUNTERPARTY      "Counterparty"
#define T_SECRECY           "Secrecy (sekretess)"
#define T_CASE              "Case (ärende)"
#define T_OFFICER           "Officer (handläggare)"
#define T_CLASSIFICATION    "Classification"
#define T_REGISTRAR         "Registrar"
#define T_REGISTERED_AT     "Registered on"
#define T_NOT_IN_PACKAGE    "The document is not in the package."
#define T_REG_VERSION       "The registered version (%" PRId64 "), captured "
#define T_LATER_VERSION     "Later version"
#define T_CAPTURED          "Captured "
#define T_SHOW_IN_FEED      "Show in the feed"

/*
 * Text from the account's items (their words, the descriptions of their
 * attachments) is in whatever language its author wrote: lang="" says
 * so (HTML, "the lang attribute": the empty string, language unknown),
 * where the page itself is in T_LANG.
 */
#define ITEM_LANG " lang=\"\""

enum { STREAM_PUBLIC = 1, STREAM_MESSAGES = 2 };

typedef struct rnode {
	som_item *it;          /* owned */
	char **att;            /* per attachment: its path from the package root, NULL when missing */
	char *item_xml;        /* its item.xml, from the package root */
	size_t parent;         /* index + 1 of the node it answers, 0 for a root */
	size_t *kids;          /* its answers, oldest first */
	size_t n_kids, a_kids;
	int stream;            /* of its thread's root */
	char page[40];         /* the page it is on */
	size_t reg;            /* index + 1 of its (first) registration, 0 none */
} rnode;

typedef struct rreg {
	int64_t item_id, item_version;
	char *number, *series, *direction, *date, *counterparty, *subject;
	char *secrecy, *secrecy_date, *registrar, *officer, *classification_code;
	char *registered_at, *case_number, *case_title;
	char file[160];        /* registered/NAME.html */
	size_t node;           /* index + 1, 0 when the item is not in the package */
} rreg;

struct som_render {
	som_account *acct;
	char *package_id, *created, *close_date, *close_reason;
	rnode *n;
	size_t nn, an;
	rreg *r;
	size_t nr, ar;
	size_t *pub, *msg;     /* roots of each stream, newest first */
	size_t n_pub, n_msg;
	int built;
};

#define ESC(s) som_package__xml_escape(out, (s))
#define PUT(s) som_buf_puts(out, (s))

int som_package__render_new(som_render **out, som_account *account,
	const char *package_id, const char *created, const char *close_date,
	const char *close_reason)
{
	som_render *r = som__calloc(1, sizeof(*r));

	*out = NULL;
	if (!r) {
		som_account_free(account);
		return SOM_ENOMEM;
	}
	r->acct = account;
	if (!(r->package_id = som__strdup(package_id)) || !(r->created = som__strdup(created)) ||
	    !(r->close_date = som__strdup(close_date)) ||
	    (close_reason && !(r->close_reason = som__strdup(close_reason)))) {
		som_package__render_free(r);
		return SOM_ENOMEM;
	}
	*out = r;
	return 0;
}

void som_package__render_free(som_render *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < r->nn; i++) {
		rnode *n = &r->n[i];
		for (j = 0; n->att && j < n->it->n_attachments; j++)
			som__free(n->att[j]);
		som__free(n->att);
		som__free(n->item_xml);
		som__free(n->kids);
		som_item_free(n->it);
	}
	for (i = 0; i < r->nr; i++) {
		rreg *g = &r->r[i];
		som__free(g->number); som__free(g->series); som__free(g->direction);
		som__free(g->date); som__free(g->counterparty); som__free(g->subject);
		som__free(g->secrecy); som__free(g->secrecy_date); som__free(g->registrar);
		som__free(g->officer); som__free(g->classification_code);
		som__free(g->registered_at); som__free(g->case_number); som__free(g->case_title);
	}
	som__free(r->n);
	som__free(r->r);
	som__free(r->pub);
	som__free(r->msg);
	som_account_free(r->acct);
	som__free(r->package_id);
	som__free(r->created);
	som__free(r->close_date);
	som__free(r->close_reason);
	som__free(r);
}

int som_package__render_item(som_render *r, som_item **item, const char *dir,
	char *const *att_names)
{
	rnode *n;
	size_t i, len;
	som_item *it = *item;

	if (r->nn == r->an) {
		size_t na = r->an ? r->an * 2 : 64;
		rnode *nv = som__realloc(r->n, na * sizeof(*nv));
		if (!nv)
			return SOM_ENOMEM;
		r->n = nv;
		r->an = na;
	}
	n = &r->n[r->nn];
	memset(n, 0, sizeof(*n));
	len = strlen(dir);
	if (!(n->att = som__calloc(it->n_attachments + 1, sizeof(char *))) ||
	    !(n->item_xml = som__malloc(len + 9))) {
		som__free(n->att);
		return SOM_ENOMEM;
	}
	snprintf(n->item_xml, len + 9, "%sitem.xml", dir);
	for (i = 0; i < it->n_attachments; i++) {
		size_t an;
		if (!att_names || !att_names[i])
			continue;
		an = len + strlen(att_names[i]) + 1;
		if (!(n->att[i] = som__malloc(an))) {
			while (i--)
				som__free(n->att[i]);
			som__free(n->att);
			som__free(n->item_xml);
			return SOM_ENOMEM;
		}
		snprintf(n->att[i], an, "%s%s", dir, att_names[i]);
	}
	n->it = it;
	*item = NULL;
	r->nn++;
	r->built = 0;
	return 0;
}

int som_package__render_registration(som_render *r, const som_pkg_registration *s)
{
	rreg *g;

	if (r->nr == r->ar) {
		size_t na = r->ar ? r->ar * 2 : 16;
		rreg *nv = som__realloc(r->r, na * sizeof(*nv));
		if (!nv)
			return SOM_ENOMEM;
		r->r = nv;
		r->ar = na;
	}
	g = &r->r[r->nr];
	memset(g, 0, sizeof(*g));
	r->nr++;
	g->item_id = s->item_id;
	g->item_version = s->item_version;
#define COPY(f) if (s->f && !(g->f = som__strdup(s->f))) return SOM_ENOMEM
	COPY(number); COPY(series); COPY(direction); COPY(date); COPY(counterparty);
	COPY(subject); COPY(secrecy); COPY(secrecy_date); COPY(registrar); COPY(officer);
	COPY(classification_code); COPY(registered_at); COPY(case_number); COPY(case_title);
#undef COPY
	r->built = 0;
	return 0;
}

/* Building: threads, streams, pages. */

static const char *str(const char *s)
{
	return s ? s : "";
}

static int cmp_node_id(const void *a, const void *b)
{
	const rnode *p = a, *q = b;

	return p->it->id < q->it->id ? -1 : p->it->id > q->it->id;
}

static size_t find_node(const som_render *r, int64_t id)
{
	size_t lo = 0, hi = r->nn;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->n[mid].it->id == id)
			return mid + 1;
		if (r->n[mid].it->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The order of a thread's answers: oldest first, then by id. */
static int older(const rnode *a, const rnode *b)
{
	int c = strcmp(str(a->it->created), str(b->it->created));

	return c ? c < 0 : a->it->id < b->it->id;
}

static int cmp_newest(const void *a, const void *b)
{
	const rnode *p = *(const rnode *const *)a, *q = *(const rnode *const *)b;

	return older(p, q) ? 1 : older(q, p) ? -1 : 0;
}

static int cmp_oldest(const void *a, const void *b)
{
	return -cmp_newest(a, b);
}

/* Sort node indices by time (no state shared between threads: through pointers). */
static int sort_nodes(som_render *r, size_t *idx, size_t n, int newest)
{
	rnode **tmp;
	size_t i;

	if (n < 2)
		return 0;
	if (!(tmp = som__malloc(n * sizeof(*tmp))))
		return SOM_ENOMEM;
	for (i = 0; i < n; i++)
		tmp[i] = &r->n[idx[i]];
	qsort(tmp, n, sizeof(*tmp), newest ? cmp_newest : cmp_oldest);
	for (i = 0; i < n; i++)
		idx[i] = (size_t)(tmp[i] - r->n);
	som__free(tmp);
	return 0;
}

static int is_message(const rnode *n)
{
	return strcmp(str(n->it->kind), "message") == 0;
}

/* Give `root`'s thread its stream and page (an explicit stack: threads may be deep). */
static int place_thread(som_render *r, size_t root, int stream, const char *page)
{
	size_t *stack = NULL, top = 0, cap = 16;
	int error = 0;

	if (!(stack = som__malloc(cap * sizeof(*stack))))
		return SOM_ENOMEM;
	stack[top++] = root;
	while (top) {
		rnode *n = &r->n[stack[--top]];
		size_t k;
		n->stream = stream;
		snprintf(n->page, sizeof(n->page), "%s", page);
		if (top + n->n_kids > cap) {
			size_t nc = (top + n->n_kids) * 2;
			size_t *ns = som__realloc(stack, nc * sizeof(*ns));
			if (!ns) {
				error = SOM_ENOMEM;
				break;
			}
			stack = ns;
			cap = nc;
		}
		for (k = 0; k < n->n_kids; k++)
			stack[top++] = n->kids[k];
	}
	som__free(stack);
	return error;
}

static void page_name(char *out, size_t size, int stream, size_t page)
{
	const char *base = stream == STREAM_MESSAGES ? "messages" : "page";

	if (page == 1)
		snprintf(out, size, "%s.html", stream == STREAM_MESSAGES ? "messages" : "index");
	else
		snprintf(out, size, "%s-%zu.html", base, page);
}

/* A registration's page: its number made a plain file name, unique. */
static void reg_file(som_render *r, size_t at)
{
	rreg *g = &r->r[at];
	char name[100];
	size_t i, k = 0, tries;
	const char *p = str(g->number);

	for (; *p && k < sizeof(name) - 1; p++) {
		char c = *p;
		int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		name[k++] = plain ? c : '_';
	}
	name[k] = '\0';
	if (!k || name[0] == '.')
		snprintf(name, sizeof(name), "item-%06" PRId64, g->item_id);
	for (tries = 1;; tries++) {
		int clash = 0;
		if (tries == 1)
			snprintf(g->file, sizeof(g->file), "registered/%s.html", name);
		else
			snprintf(g->file, sizeof(g->file), "registered/%s-%zu.html", name, tries);
		for (i = 0; i < at && !clash; i++)
			clash = strcmp(r->r[i].file, g->file) == 0;
		if (!clash)
			break;
	}
}

static int build(som_render *r)
{
	size_t i, j;
	int error = 0;

	if (r->built)
		return 0;
	if (r->nn)
		qsort(r->n, r->nn, sizeof(*r->n), cmp_node_id);
	for (i = 0; i < r->nn; i++) {
		r->n[i].parent = 0;
		r->n[i].n_kids = 0;
		r->n[i].reg = 0;
		r->n[i].stream = 0;
		/* A private message is a thread of its own, never an answer on a public page. */
		if (r->n[i].it->parent_id && r->n[i].it->parent_id != r->n[i].it->id && !is_message(&r->n[i]))
			r->n[i].parent = find_node(r, r->n[i].it->parent_id);
	}
	/* A cycle of answers (damaged data) is broken at its first member. */
	for (i = 0; i < r->nn; i++) {
		size_t at = r->n[i].parent, steps = 0;
		while (at && steps <= r->nn && at != i + 1) {
			at = r->n[at - 1].parent;
			steps++;
		}
		if (at == i + 1)
			r->n[i].parent = 0;
	}
	for (i = 0; i < r->nn; i++) {
		rnode *p;
		if (!r->n[i].parent)
			continue;
		p = &r->n[r->n[i].parent - 1];
		if (p->n_kids == p->a_kids) {
			size_t na = p->a_kids ? p->a_kids * 2 : 4;
			size_t *nk = som__realloc(p->kids, na * sizeof(*nk));
			if (!nk)
				return SOM_ENOMEM;
			p->kids = nk;
			p->a_kids = na;
		}
		p->kids[p->n_kids++] = i;
	}
	som__free(r->pub);
	som__free(r->msg);
	r->n_pub = r->n_msg = 0;
	if (!(r->pub = som__calloc(r->nn + 1, sizeof(size_t))) ||
	    !(r->msg = som__calloc(r->nn + 1, sizeof(size_t))))
		return SOM_ENOMEM;
	for (i = 0; !error && i < r->nn; i++) {
		error = sort_nodes(r, r->n[i].kids, r->n[i].n_kids, 0);
		if (r->n[i].parent)
			continue;
		if (is_message(&r->n[i]))
			r->msg[r->n_msg++] = i;
		else
			r->pub[r->n_pub++] = i;
	}
	if (!error)
		error = sort_nodes(r, r->pub, r->n_pub, 1);
	if (!error)
		error = sort_nodes(r, r->msg, r->n_msg, 1);
	for (i = 0; !error && i < r->n_pub; i++) {
		char page[40];
		page_name(page, sizeof(page), STREAM_PUBLIC, i / PER_PAGE + 1);
		error = place_thread(r, r->pub[i], STREAM_PUBLIC, page);
	}
	for (i = 0; !error && i < r->n_msg; i++) {
		char page[40];
		page_name(page, sizeof(page), STREAM_MESSAGES, i / PER_PAGE + 1);
		error = place_thread(r, r->msg[i], STREAM_MESSAGES, page);
	}
	if (error)
		return error;
	for (i = 0; i < r->nr; i++) {
		reg_file(r, i);
		r->r[i].node = find_node(r, r->r[i].item_id);
		j = r->r[i].node;
		if (j && !r->n[j - 1].reg)
			r->n[j - 1].reg = i + 1;
	}
	r->built = 1;
	return 0;
}

/* The account's register entry (schemas/account.xsd). */

static int is_edited(const som_item *it)
{
	return it->n_versions > 1 ||
		(it->n_versions && it->versions[it->n_versions - 1].edited);
}

static int is_removed(const som_item *it)
{
	return it->removed_capture != 0 || it->removed_at != NULL;
}

typedef struct counts {
	size_t removed, edited, registered;
	const char *first, *last;
} counts;

static void count(const som_render *r, counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < r->nn; i++) {
		const som_item *it = r->n[i].it;
		c->removed += is_removed(it) != 0;
		c->edited += is_edited(it) != 0;
		c->registered += r->n[i].reg != 0;
		if (it->created && (!c->first || strcmp(it->created, c->first) < 0))
			c->first = it->created;
		if (it->created && (!c->last || strcmp(it->created, c->last) > 0))
			c->last = it->created;
	}
}

static size_t count_kind(const som_render *r, const char *kind)
{
	size_t i, k = 0;

	for (i = 0; i < r->nn; i++)
		k += strcmp(str(r->n[i].it->kind), kind) == 0;
	return k;
}

static int element(som_buf *out, const char *name, const char *value)
{
	int error = 0;

	if (!value)
		return 0;
	error = som_buf_printf(out, "  <%s>", name);
	if (!error) error = ESC(value);
	if (!error) error = som_buf_printf(out, "</%s>\n", name);
	return error;
}

int som_package__render_account_xml(som_buf *out, som_render *r)
{
	const som_account *a = r->acct;
	const char *const *kinds = som_item_kinds();
	counts c;
	size_t i;
	int error;

	if ((error = build(r)) != 0)
		return error;
	count(r, &c);
	error = som_buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<account xmlns=\"urn:somarkiv:account:1\" id=\"%" PRId64 "\" platform=\"", a->id);
	if (!error) error = ESC(a->platform);
	if (!error) error = PUT("\" handle=\"");
	if (!error) error = ESC(a->handle);
	if (!error) error = PUT("\">\n");
	if (!error) error = element(out, "displayName", a->display_name);
	if (!error) error = element(out, "unit", a->unit);
	if (!error) error = element(out, "owner", a->owner);
	if (!error) error = element(out, "purpose", a->purpose);
	if (!error) error = element(out, "opened", a->opened);
	if (!error) error = element(out, "registered", a->created);
	if (!error) error = som_buf_printf(out, "  <closing date=\"%s\" package=\"", r->close_date);
	if (!error) error = ESC(r->package_id);
	if (!error) error = PUT("\" snapshot=\"");
	if (!error) error = ESC(r->created);
	if (!error) error = PUT(r->close_reason ? "\">\n  " : "\"/>\n");
	if (!error && r->close_reason) {
		error = element(out, "reason", r->close_reason);
		if (!error) error = PUT("  </closing>\n");
	}
	if (!error)
		error = som_buf_printf(out, "  <contents items=\"%zu\" removed=\"%zu\" edited=\"%zu\""
			" registered=\"%zu\"", r->nn, c.removed, c.edited, c.registered);
	if (!error && c.first) {
		error = PUT(" first=\"");
		if (!error) error = ESC(c.first);
		if (!error) error = PUT("\" last=\"");
		if (!error) error = ESC(c.last);
		if (!error) error = PUT("\"");
	}
	if (!error) error = PUT(" rendering=\"" SOM_RENDER_DIR "index.html\">\n");
	for (i = 0; !error && kinds[i]; i++) {
		size_t k = count_kind(r, kinds[i]);
		if (k)
			error = som_buf_printf(out, "    <kind name=\"%s\" count=\"%zu\"/>\n", kinds[i], k);
	}
	if (!error) error = PUT("  </contents>\n</account>\n");
	return error;
}

/* The pages. */

static const char CSS[] =
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;line-height:1.5;"
	"color:#1a1a1a;background:#f4f4f1;margin:0}\n"
	"main{max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem}\n"
	"nav{background:#25364a;color:#fff;padding:.5rem 1.25rem}\n"
	"nav a{color:#fff;margin-right:1rem}\n"
	"h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}\n"
	".profile,.item,.reg{background:#fff;border:1px solid #d5d5cf;border-radius:6px;"
	"padding:.75rem 1rem;margin:.75rem 0}\n"
	".replies{margin-left:1.25rem;border-left:3px solid #d5d5cf;padding-left:.75rem}\n"
	".replies .item{margin:.5rem 0}\n"
	".item header{font-size:.9rem;color:#555}\n"
	".item header .author{font-weight:600;color:#1a1a1a}\n"
	".text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.4rem 0}\n"
	".badge{display:inline-block;font-size:.8rem;border-radius:3px;padding:0 .35rem;margin-left:.35rem}\n"
	".edited .badge.ed{background:#fff3c4;color:#5c4600}\n"
	".removed{border-color:#c0392b;background:#fdf0ee}\n"
	".badge.rm{background:#c0392b;color:#fff}\n"
	".badge.kind{background:#e6e6e0;color:#333}\n"
	".badge.reg{background:#dfeaf6;color:#17365d}\n"
	".secrecy{border:2px solid #c0392b;color:#8e1d12;padding:.4rem .6rem;font-weight:600}\n"
	"figure{margin:.5rem 0}img{max-width:100%;height:auto;border-radius:4px}\n"
	"figcaption,.meta{font-size:.8rem;color:#666;overflow-wrap:anywhere}\n"
	".missing{display:block;border:2px dashed #999;color:#555;padding:.75rem;font-size:.9rem;margin:.5rem 0}\n"
	"details{font-size:.9rem;margin:.4rem 0}details .version{border-top:1px dotted #bbb;margin-top:.4rem}\n"
	"table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;"
	"padding:.2rem .5rem .2rem 0;border-bottom:1px solid #eee}th{width:17rem;font-weight:600}\n"
	".pager{margin:1rem 0;font-size:.95rem}.pager a,.pager span{margin-right:.6rem}\n"
	"@media print{body{background:#fff;font-size:11pt}nav,.pager{display:none}"
	"main{max-width:none;padding:0}.profile,.item,.reg{border:1px solid #999;break-inside:avoid}"
	"a{color:#000;text-decoration:none}.replies{border-left:1px solid #999}}\n";

/*
 * A time for people, Swedish local time with its offset: "2026-01-14 08:12
 * +01:00" from "2026-01-14T07:12:03Z"; anything else as it is.
 */
static int when(som_buf *out, const char *iso)
{
	const char *s = str(iso);
	char local[32];
	size_t i;

	if (strlen(s) == 20 && s[10] == 'T' && s[19] == 'Z') {
		for (i = 0; i < 19; i++)
			if ((i == 4 || i == 7) ? s[i] != '-' : (i == 13 || i == 16) ? s[i] != ':' :
			    i == 10 ? 0 : (s[i] < '0' || s[i] > '9'))
				break;
		if (i == 19 && som_time_local(local, s) == 0)
			return som_buf_printf(out, "%.10s %.5s %s", local, local + 11, local + 19);
	}
	return ESC(s);
}

static int head(som_buf *out, const som_render *r, const char *title, const char *up)
{
	int error = PUT("<!DOCTYPE html>\n<html lang=\"" T_LANG "\">\n<head>\n<meta charset=\"utf-8\">\n"
		/* Nothing runs, nothing is fetched: only our style and the package's own images. */
		"<meta http-equiv=\"Content-Security-Policy\" content=\"" SOM_RENDER_CSP "\">\n"
		"<meta name=\"referrer\" content=\"no-referrer\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"somarkiv " SOM_VERSION "\">\n<title>");

	if (!error) error = ESC(title);
	if (!error) error = PUT(" – ");
	if (!error) error = ESC(r->acct->display_name ? r->acct->display_name : r->acct->handle);
	if (!error) error = PUT("</title>\n<style>\n");
	if (!error) error = PUT(CSS);
	if (!error) error = som_buf_printf(out, "</style>\n</head>\n<body>\n<nav>"
		"<a href=\"%sindex.html\">" T_NAV_HOME "</a>", up);
	if (!error && r->n_msg)
		error = som_buf_printf(out, "<a href=\"%smessages.html\">" T_NAV_MESSAGES "</a>", up);
	if (!error && r->nr)
		error = som_buf_printf(out, "<a href=\"%sindex.html#registered\">" T_NAV_REGISTERED "</a>", up);
	if (!error) error = PUT("</nav>\n<main>\n");
	return error;
}

static int foot(som_buf *out, const som_render *r)
{
	int error = PUT("<p class=\"meta\">" T_FOOT_1);

	if (!error) error = when(out, r->created);
	if (!error) error = PUT(T_FOOT_2);
	if (!error) error = ESC(r->package_id);
	if (!error) error = PUT(T_FOOT_3 "</p>\n</main>\n</body>\n</html>\n");
	return error;
}

static const char *kind_plural(const char *kind)
{
	if (!strcmp(kind, "post")) return T_KINDS_POST;
	if (!strcmp(kind, "comment")) return T_KINDS_COMMENT;
	if (!strcmp(kind, "reply")) return T_KINDS_REPLY;
	if (!strcmp(kind, "share")) return T_KINDS_SHARE;
	if (!strcmp(kind, "message")) return T_KINDS_MESSAGE;
	return kind;
}

static const char *kind_label(const char *kind)
{
	if (!kind) return T_KIND_ITEM;
	if (!strcmp(kind, "post")) return T_KIND_POST;
	if (!strcmp(kind, "comment")) return T_KIND_COMMENT;
	if (!strcmp(kind, "reply")) return T_KIND_REPLY;
	if (!strcmp(kind, "share")) return T_KIND_SHARE;
	if (!strcmp(kind, "message")) return T_KIND_MESSAGE;
	return kind;
}

static const char *direction_label(const char *d)
{
	if (!d) return "";
	if (!strcmp(d, "received")) return T_DIR_RECEIVED;
	if (!strcmp(d, "drawn-up")) return T_DIR_DRAWN_UP;
	if (!strcmp(d, "dispatched")) return T_DIR_DISPATCHED;
	return d;
}

/*
 * Types a browser shows without running anything: raster images, sound,
 * video, plain text, JSON, PDF (in its sandboxed viewer). HTML, SVG, XML,
 * scripts, and whatever is not known, can run scripts when opened.
 */
static int passive_type(const char *mime)
{
	static const char *const passive[] = {
		"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp", "image/heic",
		"image/tiff", "text/plain", "text/csv", "application/json", "application/pdf",
	};

	if (!strncmp(mime, "video/", 6) || !strncmp(mime, "audio/", 6))
		return !strstr(mime, "xml");
	for (size_t i = 0; i < SOM_ARRAY_SIZE(passive); i++)
		if (!strcmp(mime, passive[i]))
			return 1;
	return 0;
}

enum { ATT_DOWNLOAD, ATT_LINK, ATT_IMAGE };

/*
 * How the page offers attachment `a`, stored in the package as `file`: an
 * image shown, a link to open, or a download only. A browser opening a
 * file of the package goes by the file's extension, the platform said the
 * type: both must be passive for a link, both raster images to be shown.
 */
static int attachment_way(const som_attachment *a, const char *file)
{
	const char *named = som__mime_guess(file);
	const char *said = a->mime ? a->mime : som__mime_guess(str(a->path));

	if (!passive_type(named) || !passive_type(said))
		return ATT_DOWNLOAD;
	return !strncmp(named, "image/", 6) && !strncmp(said, "image/", 6) ? ATT_IMAGE : ATT_LINK;
}

static int base_name(som_buf *out, const char *path)
{
	const char *b = strrchr(str(path), '/');

	return ESC(b ? b + 1 : str(path));
}

static int attachments(som_buf *out, const rnode *n, const char *up)
{
	const som_item *it = n->it;
	size_t i;
	int error = 0, way;

	for (i = 0; !error && i < it->n_attachments; i++) {
		const som_attachment *a = &it->attachments[i];
		if (!n->att[i]) {
			error = PUT("<span class=\"missing\">" T_ATT_MISSING);
			if (!error) error = base_name(out, a->path);
			if (!error && a->description) {
				error = PUT(" (<span" ITEM_LANG ">");
				if (!error) error = ESC(a->description);
				if (!error) error = PUT("</span>)");
			}
			if (!error) error = PUT("</span>\n");
			continue;
		}
		way = attachment_way(a, n->att[i]);
		if (way == ATT_IMAGE) {
			error = som_buf_printf(out, "<figure><img src=\"%s", up);
			if (!error) error = ESC(n->att[i]);
			if (!error) error = PUT("\" alt=\"");
			if (!error) error = ESC(a->description ? a->description : T_ATT_NO_ALT);
			if (!error) error = PUT(a->description ? "\"" ITEM_LANG ">" : "\">");
			if (!error && a->description) {
				error = PUT("<figcaption" ITEM_LANG ">");
				if (!error) error = ESC(a->description);
				if (!error) error = PUT("</figcaption>");
			}
			if (!error) error = PUT("</figure>\n");
		} else {
			error = som_buf_printf(out, "<p class=\"meta\">" T_ATT "<a href=\"%s", up);
			if (!error) error = ESC(n->att[i]);
			/* Saved, not opened: and with no referrer or opener to reach back with. */
			if (!error && way == ATT_DOWNLOAD)
				error = PUT("\" download type=\"application/octet-stream\" rel=\"noopener noreferrer");
			if (!error) error = PUT("\">");
			if (!error) error = base_name(out, a->path);
			if (!error) error = PUT("</a>");
			if (!error && way == ATT_DOWNLOAD)
				error = PUT(T_ATT_DOWNLOAD);
			if (!error && a->description) {
				error = PUT(" – <span" ITEM_LANG ">");
				if (!error) error = ESC(a->description);
				if (!error) error = PUT("</span>");
			}
			if (!error) error = PUT("</p>\n");
		}
	}
	return error;
}

static int version_list(som_buf *out, const som_item *it, size_t upto, int folded)
{
	size_t i;
	int error = 0;

	if (!upto)
		return 0;
	if (folded)
		error = som_buf_printf(out, "<details><summary>" T_VERSIONS_N "</summary>\n", upto);
	else
		error = PUT("<h3>" T_VERSIONS "</h3>\n");
	for (i = 0; !error && i < upto; i++) {
		const som_version *v = &it->versions[i];
		error = som_buf_printf(out, "<div class=\"version\"><p class=\"meta\">" T_VERSION, v->seq);
		if (!error) error = when(out, v->observed);
		if (!error && v->edited) {
			error = PUT(T_VERSION_EDITED);
			if (!error) error = when(out, v->edited);
		}
		if (!error) error = PUT("</p><div class=\"text\"" ITEM_LANG ">");
		if (!error) error = ESC(v->text);
		if (!error) error = PUT("</div></div>\n");
	}
	if (!error && folded)
		error = PUT("</details>\n");
	return error;
}

/* Kind, author, time and the edited, removed and registered marks. */
static int item_header(som_buf *out, const som_render *r, const rnode *n,
	const char *up, int link_reg)
{
	const som_item *it = n->it;
	const som_version *cur = it->n_versions ? &it->versions[it->n_versions - 1] : NULL;
	int error = PUT("<header><span class=\"author\">");

	if (!error) error = ESC(it->author_name ? it->author_name : it->author_id ? it->author_id :
		T_UNKNOWN_AUTHOR);
	if (!error) error = PUT("</span> <span class=\"badge kind\">");
	if (!error) error = ESC(kind_label(it->kind));
	if (!error) error = PUT("</span> <time datetime=\"");
	if (!error) error = ESC(it->created);
	if (!error) error = PUT("\">");
	if (!error) error = when(out, it->created);
	if (!error) error = PUT("</time>");
	if (!error && is_edited(it)) {
		error = PUT("<span class=\"badge ed\">" T_EDITED);
		if (!error && cur && cur->edited) {
			error = PUT(" ");
			if (!error) error = when(out, cur->edited);
		} else if (!error && cur) {
			error = PUT(T_EDIT_CAPTURED);
			if (!error) error = when(out, cur->observed);
		}
		if (!error) error = PUT("</span>");
	}
	if (!error && is_removed(it)) {
		/* What the captures know: when it was found gone, and the state last captured. */
		error = PUT("<span class=\"badge rm\">" T_REMOVED);
		if (!error && it->removed_at) {
			error = PUT(T_REMOVED_AT);
			if (!error) error = when(out, it->removed_at);
		}
		if (!error && cur && cur->observed) {
			error = PUT(T_REMOVED_SEEN);
			if (!error) error = when(out, cur->observed);
		}
		if (!error) error = PUT("</span>");
	}
	if (!error && link_reg && n->reg) {
		const rreg *g = &r->r[n->reg - 1];
		error = som_buf_printf(out, "<a class=\"badge reg\" href=\"%s%s\">" T_REGISTERED_BADGE, up,
			g->file);
		if (!error) error = ESC(g->number);
		if (!error) error = PUT("</a>");
	}
	if (!error) error = PUT("</header>\n");
	return error;
}

static int item_meta(som_buf *out, const rnode *n, const char *up)
{
	const som_item *it = n->it;
	int error = PUT("<p class=\"meta\">");

	if (!error && it->parent_platform_id && !n->parent && !is_message(n)) {
		error = PUT(strcmp(str(it->kind), "share") == 0 ? T_SHARES_ABSENT : T_ANSWERS_ABSENT);
		if (!error) error = ESC(it->parent_platform_id);
		if (!error) error = PUT("). ");
	}
	if (!error && it->url) {
		error = PUT(T_URL);
		if (!error) error = ESC(it->url);
		if (!error) error = PUT(". ");
	}
	if (!error) error = som_buf_printf(out, T_ITEM_N "<a href=\"%s", it->id, up);
	if (!error) error = ESC(n->item_xml);
	if (!error) error = PUT("\">item.xml</a></p>\n");
	return error;
}

/* One item's article on a page of SOM_RENDER_DIR, without its closing tag. */
static int item_open(som_buf *out, const som_render *r, const rnode *n)
{
	const som_item *it = n->it;
	const som_version *cur = it->n_versions ? &it->versions[it->n_versions - 1] : NULL;
	int error = som_buf_printf(out, "<article class=\"item kind-");

	if (!error) error = ESC(it->kind);
	if (!error && is_edited(it)) error = PUT(" edited");
	if (!error && is_removed(it)) error = PUT(" removed");
	if (!error) error = som_buf_printf(out, "\" id=\"item-%" PRId64 "\">\n", it->id);
	if (!error) error = item_header(out, r, n, "", 1);
	if (!error && cur && cur->text && *cur->text) {
		error = PUT("<div class=\"text\"" ITEM_LANG ">");
		if (!error) error = ESC(cur->text);
		if (!error) error = PUT("</div>\n");
	} else if (!error)
		error = PUT("<p class=\"meta\">" T_NO_TEXT "</p>\n");
	if (!error) error = attachments(out, n, UP);
	if (!error && it->n_versions > 1) error = version_list(out, it, it->n_versions - 1, 1);
	if (!error) error = item_meta(out, n, UP);
	return error;
}

typedef struct frame {
	size_t node;
	int depth;
	int close;      /* 1: close the node's answers and article */
	int wrapped;    /* its answers are in a .replies block */
} frame;

/* A root with its answers nested beneath it. */
static int thread(som_buf *out, const som_render *r, size_t root)
{
	frame *stack = NULL;
	size_t top = 0, cap = 16;
	int error = 0;

	if (!(stack = som__malloc(cap * sizeof(*stack))))
		return SOM_ENOMEM;
	stack[top].node = root;
	stack[top].depth = 0;
	stack[top].close = 0;
	stack[top++].wrapped = 0;
	while (!error && top) {
		frame f = stack[--top];
		const rnode *n = &r->n[f.node];
		size_t k;
		if (f.close) {
			error = PUT(f.wrapped ? "</div>\n</article>\n" : "</article>\n");
			continue;
		}
		if ((error = item_open(out, r, n)) != 0)
			break;
		if (top + n->n_kids + 1 > cap) {
			size_t nc = (top + n->n_kids + 1) * 2;
			frame *ns = som__realloc(stack, nc * sizeof(*ns));
			if (!ns) {
				error = SOM_ENOMEM;
				break;
			}
			stack = ns;
			cap = nc;
		}
		f.close = 1;
		f.wrapped = n->n_kids && f.depth < MAX_NEST;
		stack[top++] = f;
		if (f.wrapped)
			error = som_buf_printf(out, "<div class=\"replies\" aria-label=\"" T_REPLIES_N "\">\n",
				n->n_kids);
		for (k = n->n_kids; k-- > 0;) {
			stack[top].node = n->kids[k];
			stack[top].depth = f.depth + 1;
			stack[top].close = 0;
			stack[top++].wrapped = 0;
		}
	}
	som__free(stack);
	return error;
}

static int pager(som_buf *out, int stream, size_t page, size_t pages)
{
	char name[40];
	size_t p;
	int error = 0;

	if (pages < 2)
		return 0;
	error = som_buf_printf(out, "<p class=\"pager\">" T_PAGE_N_OF, page, pages);
	if (!error && page > 1) {
		page_name(name, sizeof(name), stream, page - 1);
		error = som_buf_printf(out, " <a href=\"%s\" rel=\"prev\">" T_NEWER "</a>", name);
	}
	/* The first and last page, and those near this one. */
	for (p = 1; !error && p <= pages; p++) {
		if (p != 1 && p != pages && (p + 3 < page || p > page + 3)) {
			if (p + 4 == page || p == page + 4)
				error = PUT(" <span>…</span>");
			continue;
		}
		page_name(name, sizeof(name), stream, p);
		error = p == page ? som_buf_printf(out, " <span aria-current=\"page\">%zu</span>", p) :
			som_buf_printf(out, " <a href=\"%s\">%zu</a>", name, p);
	}
	if (!error && page < pages) {
		page_name(name, sizeof(name), stream, page + 1);
		error = som_buf_printf(out, " <a href=\"%s\" rel=\"next\">" T_OLDER "</a>", name);
	}
	if (!error) error = PUT("</p>\n");
	return error;
}

/* A table row of a label and its value (a time with `is_time`); nothing when the value is unset. */
static int row_of(som_buf *out, const char *label, const char *value, int is_time)
{
	int error;

	if (!value)
		return 0;
	error = PUT("<tr><th>");
	if (!error) error = ESC(label);
	if (!error) error = PUT("</th><td>");
	if (!error) error = is_time ? when(out, value) : ESC(value);
	if (!error) error = PUT("</td></tr>\n");
	return error;
}

static int row(som_buf *out, const char *label, const char *value)
{
	return row_of(out, label, value, 0);
}

static int row_time(som_buf *out, const char *label, const char *value)
{
	return row_of(out, label, value, 1);
}

static int profile(som_buf *out, const som_render *r)
{
	const som_account *a = r->acct;
	const char *const *kinds = som_item_kinds();
	counts c;
	size_t i;
	int error;
	char num[32];

	count(r, &c);
	error = PUT("<section class=\"profile\">\n<h1>");
	if (!error) error = ESC(a->display_name ? a->display_name : a->handle);
	if (!error) error = PUT("</h1>\n<p>");
	if (!error) error = ESC(a->handle);
	if (!error) error = PUT(T_ON_PLATFORM);
	if (!error) error = ESC(a->platform);
	if (!error) error = PUT("</p>\n<table>\n");
	if (!error) error = row(out, T_UNIT, a->unit);
	if (!error) error = row(out, T_OWNER, a->owner);
	if (!error) error = row(out, T_PURPOSE, a->purpose);
	if (!error) error = row(out, T_OPENED, a->opened);
	if (!error) error = row_time(out, T_ADDED, a->created);
	if (!error) error = row(out, T_CLOSES, r->close_date);
	if (!error) error = row(out, T_REASON, r->close_reason);
	if (!error) error = row_time(out, T_SNAPSHOT_TAKEN, r->created);
	if (!error) error = row(out, T_PACKAGE, r->package_id);
	if (!error && c.first) {
		error = PUT("<tr><th>" T_PERIOD "</th><td>");
		if (!error) error = when(out, c.first);
		if (!error) error = PUT(" – ");
		if (!error) error = when(out, c.last);
		if (!error) error = PUT("</td></tr>\n");
	}
	snprintf(num, sizeof(num), "%zu", r->nn);
	if (!error) error = row(out, T_ITEMS, num);
	for (i = 0; !error && kinds[i]; i++) {
		size_t k = count_kind(r, kinds[i]);
		if (!k)
			continue;
		snprintf(num, sizeof(num), "%zu", k);
		error = row(out, kind_plural(kinds[i]), num);
	}
	snprintf(num, sizeof(num), "%zu", c.edited);
	if (!error) error = row(out, T_N_EDITED, num);
	snprintf(num, sizeof(num), "%zu", c.removed);
	if (!error) error = row(out, T_N_REMOVED, num);
	snprintf(num, sizeof(num), "%zu", c.registered);
	if (!error) error = row(out, T_N_REGISTERED, num);
	if (!error) error = PUT("</table>\n");
	if (!error && r->n_msg)
		error = som_buf_printf(out, "<p><a href=\"messages.html\">" T_MESSAGES_LINK "</a>"
			T_MESSAGES_APART "</p>\n", r->n_msg);
	if (!error) error = PUT("</section>\n");
	if (!error && r->nr) {
		error = PUT("<section id=\"registered\">\n<h2>" T_REG_LIST "</h2>\n<table>\n"
			"<tr><th>" T_NUMBER "</th><td><b>" T_DATE "</b> · <b>" T_SUBJECT "</b></td></tr>\n");
		for (i = 0; !error && i < r->nr; i++) {
			const rreg *g = &r->r[i];
			error = som_buf_printf(out, "<tr><th><a href=\"%s\">", g->file);
			if (!error) error = ESC(g->number);
			if (!error) error = PUT("</a></th><td>");
			if (!error) error = ESC(g->date);
			if (!error) error = PUT(" · ");
			if (!error) error = ESC(g->subject);
			if (!error && g->secrecy) {
				error = PUT(" <span class=\"badge rm\">" T_SECRECY_BADGE);
				if (!error) error = ESC(g->secrecy);
				if (!error) error = PUT("</span>");
			}
			if (!error) error = PUT("</td></tr>\n");
		}
		if (!error) error = PUT("</table>\n</section>\n");
	}
	return error;
}

static int add_page(som_pkg_writer *w, const char *name, const som_buf *b,
	const char *created, size_t *n_pages)
{
	char path[256];

	snprintf(path, sizeof(path), SOM_RENDER_DIR "%s", name);
	(*n_pages)++;
	return som_package__add(w, path, b->ptr ? b->ptr : "", b->size, "text/html", created);
}

static int stream_pages(som_render *r, som_pkg_writer *w, int stream, size_t *n_pages)
{
	som_buf b = SOM_BUF_INIT;
	som_buf *out = &b;
	const size_t *roots = stream == STREAM_MESSAGES ? r->msg : r->pub;
	size_t n = stream == STREAM_MESSAGES ? r->n_msg : r->n_pub;
	size_t pages = (n + PER_PAGE - 1) / PER_PAGE, page, i;
	int error = 0;

	if (!pages && stream == STREAM_MESSAGES)
		return 0;
	if (!pages)
		pages = 1;
	for (page = 1; !error && page <= pages; page++) {
		char name[40], title[64];
		page_name(name, sizeof(name), stream, page);
		som_buf_clear(&b);
		if (stream == STREAM_MESSAGES)
			snprintf(title, sizeof(title), T_TITLE_MESSAGES, page);
		else
			snprintf(title, sizeof(title), page == 1 ? T_TITLE_PROFILE : T_TITLE_POSTS, page);
		error = head(out, r, title, "");
		if (!error && stream == STREAM_PUBLIC && page == 1)
			error = profile(out, r);
		if (!error)
			error = PUT(stream == STREAM_MESSAGES ?
				"<h2>" T_MESSAGES_HEAD "</h2>\n<p class=\"meta\">" T_MESSAGES_NOTE "</p>\n" :
				"<h2>" T_POSTS_HEAD "</h2>\n");
		if (!error && !n)
			error = PUT("<p>" T_NO_POSTS "</p>\n");
		if (!error) error = pager(out, stream, page, pages);
		for (i = (page - 1) * PER_PAGE; !error && i < n && i < page * PER_PAGE; i++)
			error = thread(out, r, roots[i]);
		if (!error) error = pager(out, stream, page, pages);
		if (!error) error = foot(out, r);
		if (!error) error = add_page(w, name, &b, r->created, n_pages);
	}
	som_buf_dispose(&b);
	return error;
}

/* One registered item, printable: the registration as ERMS has it, then the item. */
static int registered_page(som_render *r, som_pkg_writer *w, const rreg *g, size_t *n_pages)
{
	som_buf b = SOM_BUF_INIT;
	som_buf *out = &b;
	const rnode *n = g->node ? &r->n[g->node - 1] : NULL;
	const som_item *it = n ? n->it : NULL;
	const som_version *v = NULL;
	size_t i, at = 0;
	char title[256];
	int error;

	snprintf(title, sizeof(title), T_REG_TITLE, str(g->number));
	error = head(out, r, title, "../");
	if (!error) error = PUT("<article class=\"reg\">\n<h1>");
	if (!error) error = ESC(title);
	if (!error) error = PUT("</h1>\n");
	if (!error && g->secrecy) {
		error = PUT("<p class=\"secrecy\">" T_SECRECY_MARK);
		if (!error) error = ESC(g->secrecy);
		if (!error && g->secrecy_date) {
			error = PUT(", ");
			if (!error) error = ESC(g->secrecy_date);
		}
		if (!error) error = PUT("</p>\n");
	}
	if (!error) error = PUT("<table>\n");
	if (!error) error = row(out, T_NUMBER, g->number);
	if (!error) error = row(out, T_DATE, g->date);
	if (!error) error = row(out, T_DIRECTION, g->direction ? direction_label(g->direction) : NULL);
	if (!error) error = row(out, T_COUNTERPARTY, g->counterparty);
	if (!error) error = row(out, T_SUBJECT, g->subject);
	if (!error) error = row(out, T_SECRECY, g->secrecy);
	if (!error && g->case_number) {
		error = PUT("<tr><th>" T_CASE "</th><td>");
		if (!error) error = ESC(g->case_number);
		if (!error && g->case_title) {
			error = PUT(" – ");
			if (!error) error = ESC(g->case_title);
		}
		if (!error) error = PUT("</td></tr>\n");
	}
	if (!error) error = row(out, T_OFFICER, g->officer);
	if (!error) error = row(out, T_CLASSIFICATION, g->classification_code);
	if (!error) error = row(out, T_REGISTRAR, g->registrar);
	if (!error) error = row_time(out, T_REGISTERED_AT, g->registered_at);
	if (!error) error = PUT("</table>\n</article>\n");
	if (!error && !it)
		error = PUT("<p>" T_NOT_IN_PACKAGE "</p>\n");
	if (!error && it) {
		for (i = 0; i < it->n_versions; i++)
			if (it->versions[i].seq == g->item_version) {
				v = &it->versions[i];
				at = i;
			}
		if (!v && it->n_versions) {
			at = it->n_versions - 1;
			v = &it->versions[at];
		}
		error = som_buf_printf(out, "<article class=\"item kind-");
		if (!error) error = ESC(it->kind);
		if (!error) error = PUT(is_removed(it) ? " removed\">\n" : "\">\n");
		if (!error) error = item_header(out, r, n, "../", 0);
		if (!error && v) {
			error = som_buf_printf(out, "<p class=\"meta\">" T_REG_VERSION, v->seq);
			if (!error) error = when(out, v->observed);
			if (!error) error = PUT(":</p>\n<div class=\"text\"" ITEM_LANG ">");
			if (!error) error = ESC(v->text);
			if (!error) error = PUT("</div>\n");
		}
		if (!error) error = attachments(out, n, UP2);
		if (!error && v && at + 1 < it->n_versions) {
			const som_version *cur = &it->versions[it->n_versions - 1];
			error = PUT("<h3>" T_LATER_VERSION "</h3>\n<p class=\"meta\">" T_CAPTURED);
			if (!error) error = when(out, cur->observed);
			if (!error) error = PUT(":</p>\n<div class=\"text\"" ITEM_LANG ">");
			if (!error) error = ESC(cur->text);
			if (!error) error = PUT("</div>\n");
		}
		if (!error) error = version_list(out, it, at, 0);
		if (!error) error = item_meta(out, n, UP2);
		if (!error) error = som_buf_printf(out, "<p class=\"meta\"><a href=\"../%s#item-%" PRId64
			"\">" T_SHOW_IN_FEED "</a></p>\n</article>\n", n->page, it->id);
	}
	if (!error) error = foot(out, r);
	if (!error) error = add_page(w, g->file, &b, r->created, n_pages);
	som_buf_dispose(&b);
	return error;
}

int som_package__render_write(som_render *r, som_pkg_writer *w, size_t *n_pages_out)
{
	size_t n_pages = 0, i;
	int error;

	if ((error = build(r)) != 0)
		return error;
	error = stream_pages(r, w, STREAM_PUBLIC, &n_pages);
	if (!error)
		error = stream_pages(r, w, STREAM_MESSAGES, &n_pages);
	for (i = 0; !error && i < r->nr; i++)
		error = registered_page(r, w, &r->r[i], &n_pages);
	if (n_pages_out)
		*n_pages_out = n_pages;
	return error;
}
