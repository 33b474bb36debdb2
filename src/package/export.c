/*
 * An export from start to end: choose the items, stream them with their
 * raw source bytes and attachments into a package with PREMIS, the
 * schemas and METS.xml, sign it when asked, and record what was delivered.
 * A snapshot adds the account's register entry and a rendering of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "package/package.h"
#include "somarkiv/account.h"
#include "somarkiv/classify.h"
#include "somarkiv/plan.h"
#include "somarkiv/registry.h"
#include "formats/json.h"
#include "formats/mime.h"
#include "util/fs.h"
#include "util/sign.h"

#define SOFTWARE "somarkiv"

/* Where the shipped schemas are installed (the Makefile may say otherwise). */

/*
 * The schemas the package carries, from the shipped schemas/ (source, name
 * in the package, and "snapshot" for one only a snapshot uses).
 */
static const char *const schema_files[][3] = {
	{ "fgs/eark/csip-2.1.0/DILCISExtensionMETS.xsd", "DILCISExtensionMETS.xsd", NULL },
	{ "fgs/eark/sip/DILCISExtensionSIPMETS.xsd", "DILCISExtensionSIPMETS.xsd", NULL },
	{ "fgs/mets/mets-1.12.1.xsd", "mets.xsd", NULL },
	{ "fgs/premis/premis-v3-0.xsd", "premis.xsd", NULL },
	{ "account.xsd", "somarkiv-account.xsd", "snapshot" },
	{ "item.xsd", "somarkiv-item.xsd", NULL },
	{ "fgs/mets/xlink.xsd", "xlink.xsd", NULL },
};

static const char *const class_names[] = { "temporary", "important", "case" };

typedef struct export_ctx {
	som_store *store;
	som_pkg_writer *w;
	som_pkg_event *events;
	size_t n_events, a_events;
	char **strings;          /* owned strings the events point to */
	size_t n_strings, a_strings;
	int64_t *ids, *versions;
	int *cls;                /* per exported item: its class, SOM_CLASS_NONE if none */
	const char **kinds;      /* per exported item: its kind (kept) */
	const char **created;    /* per exported item: when it was created (kept) */
	size_t n_ids;
	som_plan *plan;          /* the current plan, NULL when none */
	som_erms *erms;
	som_render *render;      /* a snapshot's rendering, NULL otherwise */
	const char *account;     /* a snapshot's account as "platform:handle" (kept) */
	int64_t *disposals;      /* the disposal log rows carried (ids) */
	size_t n_disposals, a_disposals;
	int error;               /* of the registration callback */
} export_ctx;

void som_export_result_dispose(som_export_result *r)
{
	if (!r)
		return;
	som__free(r->package_id);
	som__free(r->path);
	som__free(r->signature_path);
	memset(r, 0, sizeof(*r));
}

/* Keep a copy of `s` for as long as the export runs. */
static const char *keep(export_ctx *x, const char *s)
{
	char *c;

	if (!s)
		return NULL;
	if (x->n_strings == x->a_strings) {
		size_t na = x->a_strings ? x->a_strings * 2 : 64;
		char **ns = som__realloc(x->strings, na * sizeof(*ns));
		if (!ns)
			return NULL;
		x->strings = ns;
		x->a_strings = na;
	}
	if (!(c = som__strdup(s)))
		return NULL;
	x->strings[x->n_strings++] = c;
	return c;
}

static int add_event(export_ctx *x, const char *type, const char *time,
	const char *detail, const char *agent, const char *object)
{
	som_pkg_event *e;

	if (x->n_events == x->a_events) {
		size_t na = x->a_events ? x->a_events * 2 : 32;
		som_pkg_event *ne = som__realloc(x->events, na * sizeof(*ne));
		if (!ne)
			return SOM_ENOMEM;
		x->events = ne;
		x->a_events = na;
	}
	e = &x->events[x->n_events];
	e->type = type;
	if (!(e->time = keep(x, time)) || (detail && !(e->detail = keep(x, detail))) ||
	    (agent && !(e->agent = keep(x, agent))) || (object && !(e->object = keep(x, object))))
		return SOM_ENOMEM;
	if (!detail) e->detail = NULL;
	if (!agent) e->agent = NULL;
	if (!object) e->object = NULL;
	x->n_events++;
	return 0;
}

/* A fresh package identifier, "uuid-" and a random (version 4) UUID. */
static int fresh_id(char out[48])
{
	unsigned char b[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, b, sizeof(b)) : -1;

	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)sizeof(b))
		return som__error_os(SOM_EENV, "cannot read '/dev/urandom'");
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 48, "uuid-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
		b[12], b[13], b[14], b[15]);
	return 0;
}

/* A package identifier becomes a folder and file name: keep it plain. */
static int check_id(const char *id)
{
	const char *p;

	if (!*id || strlen(id) > 100)
		return som__error(SOM_EINVALID, "bad package id '%s': 1 to 100 characters", id);
	for (p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return som__error(SOM_EINVALID,
				"bad package id '%s': only letters, digits, '-', '_' and '.'", id);
	if (id[0] == '.' || id[0] == '-')
		return som__error(SOM_EINVALID, "bad package id '%s': must not start with '.' or '-'", id);
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Read a whole (small) file. */
static int read_small(som_buf *out, const char *path)
{
	char chunk[16384];
	FILE *f = fopen(path, "rb");
	size_t n;
	int error = 0;

	if (!f)
		return som__error_os(SOM_EENV, "cannot read schema '%s'", path);
	while (!error && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		error = som_buf_put(out, chunk, n);
	if (!error && ferror(f))
		error = som__error_os(SOM_EENV, "cannot read schema '%s'", path);
	fclose(f);
	return error;
}

static int stream_cb(const void *data, size_t len, void *payload)
{
	return som_package__write(payload, data, len);
}

/* A file name from an attachment's source path: its last part, made plain. */
static int att_name(som_buf *out, size_t index, const char *path)
{
	const char *base = strrchr(path, '/');
	const char *p;
	int error = som_buf_printf(out, "%02zu-", index + 1);
	size_t n = 0;

	base = base ? base + 1 : path;
	for (p = base; !error && *p && n < 80; p++, n++) {
		char c = *p;
		int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		error = som_buf_putc(out, plain ? c : '_');
	}
	if (!error && n == 0)
		error = som_buf_puts(out, "attachment");
	return error;
}

static int export_item(export_ctx *x, int64_t id, const char *pkg_created)
{
	som_item *it = NULL;
	som_classification *cl = NULL;
	som_buf ref = SOM_BUF_INIT, xml = SOM_BUF_INIT, raw = SOM_BUF_INIT,
		name = SOM_BUF_INIT, dir = SOM_BUF_INIT;
	som_pkg_item_files files = { NULL, NULL, NULL };
	size_t i, n_versions = 0, n_attachments = 0;
	int error;
	const char *last_observed;

	if ((error = som_buf_printf(&ref, "%" PRId64, id)) != 0 ||
	    (error = som_item_lookup(&it, x->store, ref.ptr)) != 0)
		goto done;
	n_versions = it->n_versions;
	n_attachments = it->n_attachments;
	error = som_classification_get(&cl, x->store, id);
	if (error == SOM_ENOTFOUND)
		error = 0;
	else if (error)
		goto done;
	if (cl && cl->cls >= 0 && cl->cls < SOM_CLASS_COUNT)
		files.class_name = class_names[cl->cls];
	if (!(files.raw_names = som__calloc(it->n_versions + 1, sizeof(char *))) ||
	    !(files.att_names = som__calloc(it->n_attachments + 1, sizeof(char *)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if ((error = som_buf_printf(&dir, "representations/rep1/data/item-%06" PRId64 "/", id)) != 0)
		goto done;
	last_observed = it->n_versions ? it->versions[it->n_versions - 1].observed : NULL;
	if (!last_observed)
		last_observed = it->created ? it->created : pkg_created;

	/* attachments/ first, then item.xml, then source-v*: the names in order. */
	for (i = 0; i < it->n_attachments; i++) {
		const som_attachment *a = &it->attachments[i];
		int64_t size = 0;
		if (!a->digest)
			continue;
		som_buf_clear(&name);
		if ((error = att_name(&name, i, a->path)) != 0)
			goto done;
		if (!(files.att_names[i] = som__malloc(name.size + 13))) {
			error = SOM_ENOMEM;
			goto done;
		}
		snprintf(files.att_names[i], name.size + 13, "attachments/%s", name.ptr);
		som_buf_clear(&raw);
		if ((error = som_buf_printf(&raw, "%s%s", dir.ptr, files.att_names[i])) != 0 ||
		    (error = som_store__object_size(&size, x->store, a->digest)) != 0 ||
		    (error = som_package__begin(x->w, raw.ptr, size,
				a->mime ? a->mime : som__mime_guess(a->path),
				it->created ? it->created : pkg_created)) != 0 ||
		    (error = som_store__object_stream(x->store, a->digest, &size, stream_cb, x->w)) != 0 ||
		    (error = som_package__end(x->w, a->digest)) != 0)
			goto done;
	}
	for (i = 0; i < it->n_versions; i++) {
		const som_version *v = &it->versions[i];
		const char *p;
		int json;
		som_buf_clear(&raw);
		if ((error = som_object_read(&raw, x->store, v->raw_digest)) != 0)
			goto done;
		for (p = raw.ptr ? raw.ptr : ""; *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'; p++)
			;
		json = *p == '{' || *p == '[';
		if (!(files.raw_names[i] = som__malloc(48))) {
			error = SOM_ENOMEM;
			goto done;
		}
		snprintf(files.raw_names[i], 48, "source-v%" PRId64 ".%s", v->seq, json ? "json" : "txt");
	}
	if ((error = som_package__item_xml(&xml, it, &files)) != 0)
		goto done;
	som_buf_clear(&name);
	if ((error = som_buf_printf(&name, "%sitem.xml", dir.ptr)) != 0 ||
	    (error = som_package__add(x->w, name.ptr, xml.ptr, xml.size, "application/xml",
			last_observed)) != 0)
		goto done;
	if (cl) {
		som_buf detail = SOM_BUF_INIT;
		error = som_buf_printf(&detail, "class %s, %s", files.class_name ? files.class_name : "-",
			cl->by_person ? "decided by a person" : "by retention plan ");
		if (!error && !cl->by_person && cl->plan_version)
			error = som_buf_puts(&detail, cl->plan_version);
		if (!error)
			error = add_event(x, "classification", cl->time, detail.ptr,
				cl->by_person ? cl->actor : SOFTWARE, name.ptr);
		som_buf_dispose(&detail);
		if (error)
			goto done;
	}
	for (i = 0; i < it->n_versions; i++) {
		const som_version *v = &it->versions[i];
		som_buf_clear(&raw);
		som_buf_clear(&name);
		if ((error = som_object_read(&raw, x->store, v->raw_digest)) != 0 ||
		    (error = som_buf_printf(&name, "%s%s", dir.ptr, files.raw_names[i])) != 0 ||
		    (error = som_package__add(x->w, name.ptr, raw.ptr ? raw.ptr : "", raw.size,
				strstr(files.raw_names[i], ".json") ? "application/json" : "text/plain",
				v->observed ? v->observed : pkg_created)) != 0)
			goto done;
	}
	x->ids[x->n_ids] = id;
	x->versions[x->n_ids] = it->n_versions ? it->versions[it->n_versions - 1].seq : 0;
	x->cls[x->n_ids] = cl ? cl->cls : SOM_CLASS_NONE;
	if (!(x->kinds[x->n_ids] = keep(x, it->kind)) ||
	    !(x->created[x->n_ids] = keep(x, it->created ? it->created : pkg_created))) {
		error = SOM_ENOMEM;
		goto done;
	}
	x->n_ids++;
	/* The rendering keeps the item (never its attachments' bytes). */
	if (x->render)
		error = som_package__render_item(x->render, &it, dir.ptr, files.att_names);
done:
	if (files.raw_names)
		for (i = 0; i < n_versions; i++)
			som__free(files.raw_names[i]);
	if (files.att_names)
		for (i = 0; i < n_attachments; i++)
			som__free(files.att_names[i]);
	som__free(files.raw_names);
	som__free(files.att_names);
	som_classification_free(cl);
	som_item_free(it);
	som_buf_dispose(&ref);
	som_buf_dispose(&xml);
	som_buf_dispose(&raw);
	som_buf_dispose(&name);
	som_buf_dispose(&dir);
	return error;
}

/* One capture event per capture the items were observed in, by capture id. */
static int capture_events(export_ctx *x, const int64_t *ids, size_t n)
{
	som_buf seen = SOM_BUF_INIT;   /* capture ids, as int64_t */
	size_t i, j, k;
	int error = 0;

	for (i = 0; !error && i < n; i++) {
		som_item *it = NULL;
		char ref[32];
		snprintf(ref, sizeof(ref), "%" PRId64, ids[i]);
		if ((error = som_item_lookup(&it, x->store, ref)) != 0)
			break;
		for (j = 0; !error && j < it->n_versions; j++) {
			const som_version *v = &it->versions[j];
			const int64_t *have = (const int64_t *)(void *)seen.ptr;
			size_t nh = seen.size / sizeof(int64_t);
			int dup = 0;
			for (k = 0; k < nh && !dup; k++)
				dup = have[k] == v->capture_id;
			if (dup)
				continue;
			error = som_buf_put(&seen, &v->capture_id, sizeof(v->capture_id));
		}
		som_item_free(it);
	}
	/* Sorted, so the PREMIS events come in the same order every time. */
	for (i = 0; !error && i < seen.size / sizeof(int64_t); i++) {
		int64_t *c = (int64_t *)(void *)seen.ptr;
		for (j = i + 1; j < seen.size / sizeof(int64_t); j++)
			if (c[j] < c[i]) {
				int64_t t = c[i];
				c[i] = c[j];
				c[j] = t;
			}
	}
	for (i = 0; !error && i < seen.size / sizeof(int64_t); i++) {
		int64_t cid = ((int64_t *)(void *)seen.ptr)[i];
		char detail[96];
		/* The capture's time is the observed time of its versions. */
		const char *when = NULL;
		som_item *it = NULL;
		size_t a;
		for (a = 0; !error && !when && a < n; a++) {
			char ref[32];
			snprintf(ref, sizeof(ref), "%" PRId64, ids[a]);
			if ((error = som_item_lookup(&it, x->store, ref)) != 0)
				break;
			for (j = 0; j < it->n_versions && !when; j++)
				if (it->versions[j].capture_id == cid)
					when = keep(x, it->versions[j].observed ? it->versions[j].observed : "");
			som_item_free(it);
			it = NULL;
		}
		if (error)
			break;
		snprintf(detail, sizeof(detail), "capture %" PRId64 ": items read from the platform's export and ingested", cid);
		error = add_event(x, "ingestion", when ? when : "", detail, SOFTWARE, NULL);
	}
	som_buf_dispose(&seen);
	return error;
}

/* `base` (YYYY-MM-DD...) plus the rule's period, into `out` (YYYY-MM-DD); "" when not computable. */
static void due_date(char out[11], const char *base, const som_plan_retention *r)
{
	struct tm tm;
	time_t t;

	out[0] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (!base || sscanf(base, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return;
	if (r->calendar_year) {
		/* Whole years from the end of the event's year. */
		tm.tm_year += 1;
		tm.tm_mon = 1;
		tm.tm_mday = 1;
	}
	tm.tm_year += r->years - 1900;
	tm.tm_mon += r->months - 1;
	tm.tm_mday += r->days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	if (t == (time_t)-1 || !gmtime_r(&t, &tm))
		return;
	if (tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
		return;
	{
		char tmp[40];
		snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		memcpy(out, tmp, 10);
		out[10] = '\0';
	}
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t p = *(const int64_t *)a, q = *(const int64_t *)b;

	return p < q ? -1 : p > q;
}

/*
 * What ERMS says of a registration beyond the row (issue 16): the names of
 * its process and its case's, and of its OSL provision.
 */
static void registration_names(som_pkg_registration *named, som_osl_provision *osl,
	const som_plan *plan)
{
	const som_plan_process *p;

	if (plan && (p = som_plan_process_find(plan, named->classification_code)) != NULL)
		named->classification_name = p->name;
	if (plan && (p = som_plan_process_find(plan, named->case_classification_code)) != NULL)
		named->case_classification_name = p->name;
	if (named->secrecy && som_osl_lookup(osl, named->secrecy) == 0)
		named->secrecy_name = osl->name;
	som_error_clear();
}

/*
 * A registered item's retention: registration decides it, never the
 * temporary class's disposal (the item was registered all the same). Its
 * process's retention where the plan gives one, else the plan's rule for
 * registered items of its kind.
 */
static const som_plan_retention *registered_rule(som_pkg_retention *ret, const som_plan *plan,
	const char *process, int cls, const char *kind)
{
	const som_plan_process *p = plan ? som_plan_process_find(plan, process) : NULL;

	if (p && p->retention) {
		ret->plan_version = som_plan_version(plan);
		ret->rule_id = p->code;
		ret->dispose = strcmp(p->retention, "keep") != 0;
		ret->after = ret->dispose ? p->retention : NULL;
		ret->from = "registration";
		return NULL;
	}
	if (!plan)
		return NULL;
	return som_plan_retention_for(plan, cls == SOM_CLASS_CASE ? SOM_CLASS_CASE :
		SOM_CLASS_IMPORTANT, kind);
}

static int registration_cb(const som_pkg_registration *reg, void *payload)
{
	export_ctx *x = payload;
	const int64_t *hit = bsearch(&reg->item_id, x->ids, x->n_ids, sizeof(int64_t), cmp_i64);
	size_t i = hit ? (size_t)(hit - x->ids) : 0;
	som_pkg_registration named = *reg, *r = &named;
	som_osl_provision osl;
	som_pkg_retention ret;
	const som_plan_retention *rule = NULL;
	char path[96];

	if (!hit)
		return 0;
	snprintf(path, sizeof(path), "representations/rep1/data/item-%06" PRId64 "/item.xml", r->item_id);
	memset(&ret, 0, sizeof(ret));
	registration_names(&named, &osl, x->plan);
	/* A case ended on the date of its decision, not when that was recorded. */
	if (named.case_closed_date)
		named.case_closed = named.case_closed_date;
	rule = registered_rule(&ret, x->plan, r->classification_code, x->cls[i], x->kinds[i]);
	if (rule) {
		const som_plan_decision *d = som_plan_get_decision(x->plan);
		const char *base = NULL;
		ret.plan_version = som_plan_version(x->plan);
		ret.decision = d ? d->reference : NULL;
		ret.rule_id = rule->id;
		ret.dispose = rule->dispose;
		ret.after = rule->after;
		switch (rule->from) {
		case SOM_FROM_CREATED: ret.from = "the item's creation"; base = x->created[i]; break;
		case SOM_FROM_REGISTRATION: ret.from = "registration"; base = r->date; break;
		case SOM_FROM_CASE_CLOSED: ret.from = "the case's closing"; base = r->case_closed; break;
		case SOM_FROM_LAST_ACTIVITY: ret.from = "the thread's last activity"; break;
		default: break;
		}
		if (rule->dispose && rule->after)
			due_date(ret.due, base, rule);
	}
	{
		char detail[160];
		int error;
		snprintf(detail, sizeof(detail), "registered (diariefört) as %s, version %" PRId64,
			r->number ? r->number : "?", r->item_version);
		if ((error = add_event(x, "registration", r->registered_at ? r->registered_at : "",
				detail, r->registrar, path)) != 0)
			return error;
		if (x->render && (error = som_package__render_registration(x->render, r)) != 0)
			return error;
	}
	return som_package__erms_add(x->erms, r, rule || ret.rule_id ? &ret : NULL, path);
}

static int selection_json(som_buf *out, const som_export_options *o)
{
	int error = som_buf_putc(out, '{');
	const char *sep = "";

#define STR(key, v) \
	if (!error && (v)) { \
		error = som_buf_printf(out, "%s\"%s\":", sep, key); \
		if (!error) error = som_json__put_string(out, v); \
		sep = ","; \
	}
	STR("case", o->case_number)
	STR("series", o->series)
	STR("from", o->from)
	STR("to", o->to)
	STR("class", o->class_name)
#undef STR
	if (!error && o->account_id) {
		error = som_buf_printf(out, "%s\"account\":%" PRId64, sep, o->account_id);
		sep = ",";
	}
	if (!error && o->since_last_export) {
		error = som_buf_printf(out, "%s\"since_last_export\":true", sep);
		sep = ",";
	}
	if (!error && o->snapshot)
		error = som_buf_printf(out, "%s\"snapshot\":true", sep);
	if (!error)
		error = som_buf_putc(out, '}');
	return error;
}

/* A calendar date written YYYY-MM-DD. */
static int valid_date(const char *s)
{
	struct tm tm;
	time_t t;
	size_t i;

	if (strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return 0;
	{
		int y = tm.tm_year, m = tm.tm_mon, d = tm.tm_mday;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_hour = 12;
		t = timegm(&tm);
		return t != (time_t)-1 && gmtime_r(&t, &tm) && tm.tm_year + 1900 == y &&
			tm.tm_mon + 1 == m && tm.tm_mday == d && y >= 1;
	}
}

/*
 * A snapshot: its account (which must exist), no other selection, and the
 * closing date (by default the snapshot's own day); makes the renderer.
 */
static int snapshot_begin(export_ctx *x, const som_export_options *o,
	const char *id, const char *created)
{
	som_account *acct = NULL;
	char ref[32], date[11];
	int error;

	if (o->account_id <= 0)
		return som__error(SOM_EINVALID, "a snapshot needs an account");
	if (o->case_number || o->series || o->from || o->to || o->class_name || o->since_last_export)
		return som__error(SOM_EINVALID, "a snapshot holds every item of its account: "
			"it takes no case, series, period, class or since-last-export selection");
	if (o->close_date && !valid_date(o->close_date))
		return som__error(SOM_EINVALID, "bad closing date '%s': not a date YYYY-MM-DD",
			o->close_date);
	memcpy(date, o->close_date ? o->close_date : created, 10);
	date[10] = '\0';
	snprintf(ref, sizeof(ref), "%" PRId64, o->account_id);
	if ((error = som_account_lookup(&acct, x->store, ref)) != 0)
		return error;
	{
		som_buf key = SOM_BUF_INIT;
		error = som_buf_printf(&key, "%s:%s", acct->platform, acct->handle);
		if (!error && !(x->account = keep(x, key.ptr)))
			error = SOM_ENOMEM;
		som_buf_dispose(&key);
		if (error) {
			som_account_free(acct);
			return error;
		}
	}
	return som_package__render_new(&x->render, acct, id, created, date, o->close_reason);
}

/* One disposal log row the package carries: a PREMIS deletion event. */
static int disposal_cb(const som_pkg_disposal *d, void *payload)
{
	export_ctx *x = payload;
	som_buf detail = SOM_BUF_INIT;
	int error;

	if (x->n_disposals == x->a_disposals) {
		size_t na = x->a_disposals ? x->a_disposals * 2 : 64;
		int64_t *nd = som__realloc(x->disposals, na * sizeof(*nd));
		if (!nd)
			return SOM_ENOMEM;
		x->disposals = nd;
		x->a_disposals = na;
	}
	x->disposals[x->n_disposals++] = d->id;
	error = som_buf_printf(&detail, "disposed of (gallring): the %s %s of %s, created %s;"
		" due %s under rule %s of plan %s (decision %s); disposal batch %" PRId64
		", approved by %s; SHA-256 of the content destroyed: %s",
		d->kind, d->identifier, d->account, d->created, d->due, d->rule,
		d->plan_version ? d->plan_version : "-", d->decision ? d->decision : "-",
		d->batch_id, d->approvers, *d->sha256 ? d->sha256 : "-");
	if (!error)
		error = add_event(x, "deletion", d->time, detail.ptr, NULL, d->identifier);
	som_buf_dispose(&detail);
	return error;
}

/* A snapshot's own parts: metadata/descriptive/account.xml and the rendering. */
static int snapshot_parts(export_ctx *x, const char *created)
{
	som_buf xml = SOM_BUF_INIT;
	char detail[160];
	size_t pages = 0;
	int error;

	if ((error = som_package__render_account_xml(&xml, x->render)) != 0 ||
	    (error = som_package__add(x->w, "metadata/descriptive/account.xml", xml.ptr, xml.size,
			"application/xml", created)) != 0 ||
	    (error = som_package__render_write(x->render, x->w, &pages)) != 0)
		goto done;
	snprintf(detail, sizeof(detail), "static HTML rendering of the account made: %zu pages"
		" in " SOM_RENDER_DIR, pages);
	error = add_event(x, "rendering", created, detail, SOFTWARE, SOM_RENDER_DIR "index.html");
done:
	som_buf_dispose(&xml);
	return error;
}

void som_export__staged_discard(som_export_staged *staged)
{
	if (!staged)
		return;
	if (staged->part)
		unlink(staged->part);
	if (staged->sig_part)
		unlink(staged->sig_part);
	som_export__staged_dispose(staged);
}

void som_export__staged_dispose(som_export_staged *staged)
{
	if (!staged)
		return;
	som__free(staged->part);
	som__free(staged->sig_part);
	som__free(staged->path);
	som__free(staged->sig);
	memset(staged, 0, sizeof(*staged));
}

int som_export__publish(som_export_staged *staged)
{
	int error = 0;

	if (staged->sig_part && (error = som__rename_noreplace(staged->sig_part, staged->sig)) != 0)
		return som__error_wrap(error, "the package is complete at '%s' but cannot take its name",
			staged->part);
	som__free(staged->sig_part);
	staged->sig_part = NULL;
	if (staged->part && (error = som__rename_noreplace(staged->part, staged->path)) != 0)
		return som__error_wrap(error, "the package is complete at '%s' but cannot take its name",
			staged->part);
	som__free(staged->part);
	staged->part = NULL;
	return 0;
}

int som_export_run(som_export_result *out, som_store *store,
	const som_export_options *o)
{
	som_export_staged staged;
	int error = som_export__run(out, store, o, &staged);

	/* Recorded: now, and only now, the package looks finished. */
	if (!error && (error = som_export__publish(&staged)) != 0)
		error = som__error_wrap(error, "export %" PRId64 " was recorded", out->export_id);
	som_export__staged_dispose(&staged);
	if (error)
		som_export_result_dispose(out);
	return error;
}

int som_export__run(som_export_result *out, som_store *store,
	const som_export_options *o, som_export_staged *staged)
{
	export_ctx x;
	som_buf path = SOM_BUF_INIT, part = SOM_BUF_INIT, doc = SOM_BUF_INIT,
		xml = SOM_BUF_INIT, sel = SOM_BUF_INIT, src = SOM_BUF_INIT,
		sig = SOM_BUF_INIT, sig_part = SOM_BUF_INIT, rel = SOM_BUF_INIT;
	char created[32], pkg_id[48];
	const char *id, *schema_dir;
	int64_t *ids = NULL;
	size_t n = 0, i, nfiles = 0;
	int error = 0, zip = 0, is_signed = 0;
	struct stat sb;
	const som_pkg_file *files;
	som_pkg_mets m;
	som_pkg_spool spool = { NULL, NULL, 0 };

	memset(&x, 0, sizeof(x));
	memset(out, 0, sizeof(*out));
	memset(staged, 0, sizeof(*staged));
	x.store = store;
	if (!o || o->version != SOM_EXPORT_OPTIONS_VERSION)
		return som__error(SOM_EINVALID, "export options of an unknown version");
	if (!o->out || !*o->out)
		return som__error(SOM_EINVALID, "export needs an output: a directory, FILE.tar or FILE.zip");
	if (!o->sign_key != !o->sign_cert)
		return som__error(SOM_EINVALID, "signing needs both a key and a certificate");
	if ((error = som_store__export_can_write(store)) != 0)
		return error;
	if (o->created) {
		if ((error = som__time_normalize(created, o->created)) != 0)
			return som__error(SOM_EINVALID, "bad creation time '%s': not an ISO 8601 time", o->created);
	} else
		som__now(created);
	if (o->package_id) {
		if ((error = check_id(o->package_id)) != 0)
			return error;
		id = o->package_id;
	} else {
		if ((error = fresh_id(pkg_id)) != 0)
			return error;
		id = pkg_id;
	}
	schema_dir = o->schema_dir ? o->schema_dir : som__schema_dir();
	if (o->snapshot && (error = snapshot_begin(&x, o, id, created)) != 0)
		goto done;
	/* The disposal log since the last delivery travels with the package (a snapshot: its account's). */
	if ((error = som_store__export_disposals(store, x.account, disposal_cb, &x)) != 0)
		goto done;

	if (ends_with(o->out, ".zip") || ends_with(o->out, ".tar")) {
		zip = ends_with(o->out, ".zip");
		error = som_buf_puts(&path, o->out);
	} else if (stat(o->out, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		error = som_buf_printf(&path, "%s/%s.tar", o->out, id);
	} else {
		error = som__error(SOM_EINVALID,
			"cannot export to '%s': not a directory, nor a name ending in .tar or .zip", o->out);
	}
	if (error)
		goto done;
	if (lstat(path.ptr, &sb) == 0) {
		error = som__error(SOM_EEXISTS, "cannot export to '%s': it exists already", path.ptr);
		goto done;
	}
	if (o->sign_key && ((error = som_buf_printf(&sig, "%s.p7s", path.ptr)) != 0 ||
			(lstat(sig.ptr, &sb) == 0 && (error = som__error(SOM_EEXISTS,
				"cannot export to '%s': '%s' exists already (%s)", path.ptr, sig.ptr,
				S_ISLNK(sb.st_mode) ? "a symbolic link is there" : "a signature of another package?")) != 0)))
		goto done;
	if ((error = som_store__export_select(&ids, &n, store, o)) != 0)
		goto done;
	if (n == 0 && !o->snapshot) {
		error = som__error(SOM_ENOTFOUND, "no items match the selection");
		goto done;
	}
	if (!(x.ids = som__calloc(n + 1, sizeof(int64_t))) ||
	    !(x.versions = som__calloc(n + 1, sizeof(int64_t))) ||
	    !(x.cls = som__calloc(n + 1, sizeof(int))) ||
	    !(x.kinds = som__calloc(n + 1, sizeof(char *))) ||
	    !(x.created = som__calloc(n + 1, sizeof(char *)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	/* FILE.tar in folders not made yet (a schedule's dated folders): made, 0750. */
	if ((error = som_buf_printf(&part, "%s.part", path.ptr)) != 0 ||
	    (error = som__make_parents(path.ptr, 0750)) != 0)
		goto done;
	if ((error = som_package__writer_new(&x.w, part.ptr, zip, id, created)) != 0) {
		if (error == SOM_EEXISTS)
			error = som__error_wrap(SOM_EEXISTS, "cannot export to '%s'", path.ptr);
		goto done;
	}
	if (!(staged->part = som__strdup(part.ptr)) || !(staged->path = som__strdup(path.ptr))) {
		unlink(part.ptr);
		error = SOM_ENOMEM;
		goto done;
	}

	/* documentation/: what the package is (CSIP60 wants the group). */
	error = som_buf_printf(&doc, "Package %s\nMade by %s %s on %s for %s.\n"
		"Items: %zu. Each item is representations/rep1/data/item-N/item.xml\n"
		"(schema schemas/somarkiv-item.xsd) beside its raw source bytes\n"
		"(source-vN.*) and its attachments (attachments/).\n",
		id, SOFTWARE, SOM_VERSION, created, o->creator ? o->creator : "unknown", n);
	if (!error && o->snapshot)
		error = som_buf_puts(&doc, "\nA snapshot of one account before it is closed: every item\n"
			"of the account, its register entry in metadata/descriptive/account.xml\n"
			"(schema schemas/somarkiv-account.xsd), and a rendering of the account\n"
			"as it looked: open " SOM_RENDER_DIR "index.html in a browser\n"
			"once the package is unpacked (static HTML, no scripts, no network).\n");
	if (!error && x.n_disposals)
		error = som_buf_printf(&doc, "\nDisposal log: %zu items disposed of (gallring) since the\n"
			"last delivery, each a PREMIS event of type deletion in\n"
			"metadata/preservation/premis.xml (rule, plan, decision, approvers and\n"
			"the SHA-256 of what was destroyed).\n", x.n_disposals);
	if (!error)
		error = som_package__add(x.w, "documentation/README.txt", doc.ptr, doc.size,
			"text/plain", created);
	if (!error)
		error = capture_events(&x, ids, n);
	for (i = 0; !error && i < n; i++) {
		error = export_item(&x, ids[i], created);
		if (!error && o->progress)
			o->progress((int64_t)i + 1, (int64_t)n, o->progress_payload);
	}
	if (error)
		goto done;

	/* metadata/descriptive/: the registry's view as ERMS, when there is one. */
	error = som_plan_current(&x.plan, store);
	if (error == SOM_ENOTFOUND)
		error = 0;
	if (!error)
		error = som_package__erms_new(&x.erms, id, created, o->creator ? o->creator : "unknown");
	if (!error)
		error = som_store__export_registrations(store, x.ids, x.n_ids, registration_cb, &x);
	if (!error) {
		som_buf_clear(&xml);
		error = som_package__erms_finish(&xml, x.erms);
		if (error == 1)
			error = 0;
		else if (!error)
			error = som_package__add(x.w, "metadata/descriptive/erms.xml", xml.ptr, xml.size,
				"application/xml", created);
	}
	if (error)
		goto done;
	if (o->snapshot && (error = snapshot_parts(&x, created)) != 0)
		goto done;

	/* metadata/preservation/: PREMIS over the representation's files. */
	if ((error = add_event(&x, "packaging", created, "submission package made (E-ARK SIP 2.1.0, FGS Paketstruktur 2.0)",
			som_store_actor(store), NULL)) != 0)
		goto done;
	if (o->sign_key) {
		som_buf_clear(&doc);
		const char *base = strrchr(path.ptr, '/');
		error = som_buf_printf(&doc, "detached CMS signature over the package file, beside it as %s.p7s",
			base ? base + 1 : path.ptr);
		if (!error)
			error = add_event(&x, "digital signature", created, doc.ptr, som_store_actor(store), NULL);
		if (error)
			goto done;
	}
	files = som_package__files(x.w, &nfiles);
	som_buf_clear(&xml);
	spool.near = part.ptr;
	if ((error = som_package__premis(&xml, id, files + 1, nfiles - 1, x.events,
			x.n_events, SOFTWARE, &spool)) != 0 ||
	    (error = som_package__spool_add(x.w, "metadata/preservation/premis.xml", &spool,
			&xml, "application/xml", created)) != 0)
		goto done;
	som_package__spool_close(&spool);

	/* schemas/: every schema the package uses, as shipped. */
	for (i = 0; i < SOM_ARRAY_SIZE(schema_files); i++) {
		if (schema_files[i][2] && !o->snapshot)
			continue;
		som_buf_clear(&src);
		som_buf_clear(&rel);
		som_buf_clear(&doc);
		if ((error = som_buf_printf(&src, "%s/%s", schema_dir, schema_files[i][0])) != 0 ||
		    (error = read_small(&doc, src.ptr)) != 0 ||
		    (error = som_buf_printf(&rel, "schemas/%s", schema_files[i][1])) != 0 ||
		    (error = som_package__add(x.w, rel.ptr, doc.ptr, doc.size, "application/xml",
				created)) != 0)
			goto done;
	}

	/* METS.xml lists every file before it. */
	files = som_package__files(x.w, &nfiles);
	memset(&m, 0, sizeof(m));
	m.package_id = id;
	m.created = created;
	m.label = o->snapshot ? "Snapshot of a social media account before closing" :
		"Social media records";
	m.creator = o->creator ? o->creator : "unknown";
	m.software = SOFTWARE;
	m.software_version = SOM_VERSION;
	m.actor = som_store_actor(store);
	som_buf_clear(&xml);
	if ((error = som_package__mets(&xml, &m, files, nfiles, &spool)) != 0 ||
	    (error = som_package__spool_add(x.w, "METS.xml", &spool, &xml, "application/xml",
			created)) != 0 ||
	    (error = som_package__close(x.w)) != 0 ||
	    (error = som_package__digest(out->sha256, &out->size, x.w)) != 0)
		goto done;
	/* Signed under the staged name: the signature covers the bytes, not the name. */
	if (o->sign_key) {
		if ((error = som_buf_printf(&sig_part, "%s.p7s", part.ptr)) != 0)
			goto done;
		if (lstat(sig_part.ptr, &sb) == 0) {
			error = som__error(SOM_EEXISTS, "cannot export to '%s': '%s' is there (left by an "
				"interrupted export? remove it)", path.ptr, sig_part.ptr);
			goto done;
		}
		if ((error = som_sign__file(sig_part.ptr, part.ptr, o->sign_key, o->sign_cert)) != 0) {
			if (error != SOM_EEXISTS)
				unlink(sig_part.ptr);
			goto done;
		}
		if (!(staged->sig_part = som__strdup(sig_part.ptr)) ||
		    !(staged->sig = som__strdup(sig.ptr))) {
			unlink(sig_part.ptr);
			error = SOM_ENOMEM;
			goto done;
		}
		is_signed = 1;
	}
	out->n_items = (int64_t)n;
	out->n_files = (int64_t)nfiles;
	out->n_disposals = (int64_t)x.n_disposals;
	if (!(out->package_id = som__strdup(id)) || !(out->path = som__strdup(path.ptr)) ||
	    (is_signed && !(out->signature_path = som__strdup(sig.ptr)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if ((error = selection_json(&sel, o)) != 0 ||
	    (error = som_store__export_record(&out->export_id, store, out, created, sel.ptr,
			is_signed, x.ids, x.versions, x.n_ids, x.disposals, x.n_disposals)) != 0)
		goto done;
done:
	if (error) {
		som_export__staged_discard(staged);
		som_export_result_dispose(out);
	}
	som_package__spool_close(&spool);
	som_package__writer_free(x.w);
	for (i = 0; i < x.n_strings; i++)
		som__free(x.strings[i]);
	som__free(x.strings);
	som__free(x.events);
	som__free(x.disposals);
	som__free(x.ids);
	som__free(x.versions);
	som__free(x.cls);
	som__free(x.kinds);
	som__free(x.created);
	som_plan_free(x.plan);
	som_package__erms_free(x.erms);
	som_package__render_free(x.render);
	som__free(ids);
	som_buf_dispose(&path);
	som_buf_dispose(&part);
	som_buf_dispose(&doc);
	som_buf_dispose(&xml);
	som_buf_dispose(&sel);
	som_buf_dispose(&src);
	som_buf_dispose(&sig);
	som_buf_dispose(&sig_part);
	som_buf_dispose(&rel);
	return error;
}
