/*
 * The pre-closure snapshot (VGR rutin 6.9) from start to end: ingest the
 * final exports, classify, export the whole account in snapshot mode,
 * verify the package, record it as delivered and close the account, all
 * in one transaction; or, as a dry run, the same up to the classification
 * and rolled back, to say what would be captured and what is unsettled.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "formats/json.h"
#include "package/package.h"
#include "snapshot/snapshot.h"
#include "somarkiv/account.h"
#include "somarkiv/audit.h"
#include "somarkiv/classify.h"
#include "somarkiv/export.h"
#include "somarkiv/ingest.h"
#include "somarkiv/plan.h"
#include "somarkiv/schedule.h"

void som_snapshot_result_dispose(som_snapshot_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n_sources; i++) {
		som__free(r->sources[i].source);
		som__free(r->sources[i].format);
	}
	som__free(r->sources);
	for (i = 0; i < r->n_problems; i++) {
		som__free(r->problems[i].what);
		som__free(r->problems[i].detail);
	}
	som__free(r->problems);
	som__free(r->handle);
	som__free(r->plan_version);
	som__free(r->package_id);
	som__free(r->path);
	som__free(r->signature_path);
	som__free(r->closed);
	memset(r, 0, sizeof(*r));
}

static int add_problem(const char *what, int64_t item_id, const char *detail,
	void *payload)
{
	som_snapshot_result *r = payload;
	som_snapshot_problem *grown, *p;

	if (!(grown = som__realloc(r->problems, (r->n_problems + 1) * sizeof(*grown))))
		return SOM_ENOMEM;
	r->problems = grown;
	p = &r->problems[r->n_problems];
	memset(p, 0, sizeof(*p));
	p->item_id = item_id;
	if (!(p->what = som__strdup(what)) || !(p->detail = som__strdup(detail))) {
		som__free(p->what);
		return SOM_ENOMEM;
	}
	r->n_problems++;
	return 0;
}

static int add_source(som_snapshot_result *r, const char *source, const som_capture *c)
{
	som_snapshot_source *s = &r->sources[r->n_sources];

	memset(s, 0, sizeof(*s));
	if (!(s->source = som__strdup(source)) ||
	    (c && c->format && !(s->format = som__strdup(c->format)))) {
		som__free(s->source);
		return SOM_ENOMEM;
	}
	if (c) {
		s->n_new = c->n_new;
		s->n_changed = c->n_changed;
		s->n_unchanged = c->n_unchanged;
		s->n_removed = c->n_removed;
		s->n_attachments = c->n_attachments;
		s->n_missing = c->n_missing;
		s->n_problems = c->n_problems;
		s->capture_id = r->dry_run ? 0 : c->id;
	}
	r->n_sources++;
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Everything that can be checked before the store is touched. */
static int check_options(const som_snapshot_options *o)
{
	struct stat sb;
	char norm[32];
	size_t i;

	if (!o || o->version != SOM_SNAPSHOT_OPTIONS_VERSION)
		return som__error(SOM_EINVALID, "snapshot options of an unknown version");
	if (!o->account || !*o->account)
		return som__error(SOM_EINVALID, "a snapshot needs an account");
	if (!o->sources || !o->n_sources)
		return som__error(SOM_EINVALID, "a snapshot needs the account's final export");
	for (i = 0; i < o->n_sources; i++) {
		const char *s = o->sources[i];
		if (!s || !*s)
			return som__error(SOM_EINVALID, "a snapshot source has no name");
		if (strcmp(s, "-") == 0)
			return som__error(SOM_EINVALID,
				"a snapshot reads export files or folders, not standard input");
		if (stat(s, &sb) != 0)
			return som__error_os(errno == ENOENT ? SOM_ENOTFOUND : SOM_EENV,
				"cannot read source '%s'", s);
	}
	if (o->format && !som_ingest_format_known(o->format))
		return som__error(SOM_EINVALID, "unknown format '%s'", o->format);
	if (o->close_date && (strlen(o->close_date) != 10 ||
			som__time_normalize(norm, o->close_date) != 0))
		return som__error(SOM_EINVALID, "not a date (YYYY-MM-DD): '%s'", o->close_date);
	if (!o->sign_key != !o->sign_cert)
		return som__error(SOM_EINVALID, "signing needs both a key and a certificate");
	if (!o->dry_run) {
		if (!o->reason || !*o->reason)
			return som__error(SOM_EINVALID,
				"a snapshot closes the account and needs a reason");
		if (!o->out || !*o->out)
			return som__error(SOM_EINVALID,
				"a snapshot needs an output: a directory, FILE.tar or FILE.zip");
	}
	if (o->out && *o->out) {
		if (ends_with(o->out, ".tar") || ends_with(o->out, ".zip")) {
			if (lstat(o->out, &sb) == 0)
				return som__error(SOM_EEXISTS,
					"cannot write the snapshot to '%s': it exists already", o->out);
		} else if (stat(o->out, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			return som__error(SOM_EINVALID,
				"cannot write the snapshot to '%s': not a directory, nor a name "
				"ending in .tar or .zip", o->out);
		}
	}
	return 0;
}

/* The caller's progress callback, for ingest and export. */
static void ingest_progress(int64_t items, void *payload)
{
	const som_snapshot_options *o = payload;

	o->progress("ingest", items, -1, o->progress_payload);
}

static void package_progress(int64_t done, int64_t total, void *payload)
{
	const som_snapshot_options *o = payload;

	o->progress("package", done, total, o->progress_payload);
}

/* Ingest every source as a full capture, in the snapshot's transaction. */
static int ingest_sources(som_snapshot_result *r, som_store *store,
	const som_snapshot_options *o)
{
	som_ingest_options io = SOM_INGEST_OPTIONS_INIT;
	som_capture *c = NULL;
	int error = 0;

	io.format = o->format;
	io.partial = 0;
	if (o->progress) {
		io.progress = ingest_progress;
		io.payload = (void *)o;
	}
	for (size_t i = 0; i < o->n_sources && !error; i++) {
		if ((error = som_ingest(&c, store, r->account_id, o->sources[i], &io)) != 0 ||
		    (error = som_store__snapshot_alive(store, "the ingest")) != 0)
			break;
		error = add_source(r, o->sources[i], c);
		som_capture_free(c);
		c = NULL;
	}
	som_capture_free(c);
	return error;
}

/* Classify under the plan in use; none in use is a problem, not an error. */
static int classify(som_snapshot_result *r, som_store *store)
{
	som_plan *plan = NULL;
	som_classify_stats stats;
	int error = som_plan_current(&plan, store);

	if (error == SOM_ENOTFOUND) {
		som_error_clear();
		return add_problem("no-plan", 0,
			"no plan in use ('somarkiv plan use FILE'): the items stay unclassified", r);
	}
	if (error)
		return error;
	if (!(r->plan_version = som__strdup(som_plan_version(plan)))) {
		som_plan_free(plan);
		return SOM_ENOMEM;
	}
	som_plan_free(plan);
	memset(&stats, 0, sizeof(stats));
	if ((error = som_classify_store(&stats, store, 0)) != 0 ||
	    (error = som_store__snapshot_alive(store, "the classification")) != 0)
		return error;
	r->n_classified = stats.classified;
	return 0;
}

/* The counts of the account, and its unclassified, flagged and missing things. */
static int survey(som_snapshot_result *r, som_store *store)
{
	som_snapshot__counts n;
	char detail[128];
	int error;

	if ((error = som_store__snapshot_counts(&n, store, r->account_id)) != 0)
		return error;
	r->n_items = n.items;
	r->n_removed = n.removed;
	r->n_edited = n.edited;
	r->n_disposed = n.disposed;
	r->n_unclassified = n.unclassified;
	r->n_flagged = n.flagged;
	r->n_missing = n.missing;
	if (n.unclassified) {
		snprintf(detail, sizeof(detail), "%" PRId64 " of %" PRId64 " items have no class",
			n.unclassified, n.items);
		if ((error = add_problem("unclassified", 0, detail, r)) != 0)
			return error;
	}
	return som_store__snapshot_problems(store, r->account_id, add_problem, r);
}

/* The first failed check of the package's verification. */
typedef struct verify_state {
	som_buf first;
} verify_state;

static int verify_check(const char *check, int ok, const char *detail, void *payload)
{
	verify_state *v = payload;

	if (ok != SOM_CHECK_FAIL || v->first.size)
		return 0;
	return som_buf_printf(&v->first, "%s: %s", check ? check : "?", detail ? detail : "failed");
}

/*
 * The package just written must pass every check. A signed one is checked
 * against the certificate it was signed with: that proves the signature
 * file is the one we made over these bytes (whether the certificate is to
 * be trusted is the archive's question, answered with its own CA).
 */
static int verify_package(const char *path, const char *cert)
{
	verify_state v = { SOM_BUF_INIT };
	int64_t failures = 0;
	int error = som_package_verify(&failures, path, cert, verify_check, &v);

	if (!error && failures)
		error = som__error(SOM_ECORRUPT,
			"snapshot package '%s' fails verification (%" PRId64 " checks failed; first %s)",
			path, failures, v.first.ptr ? v.first.ptr : "unknown");
	som_buf_dispose(&v.first);
	return error;
}

static int audit_snapshot(som_store *store, const som_snapshot_result *r,
	const char *reason)
{
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT, captures = SOM_BUF_INIT;
	som_json_writer w;
	int error = som_buf_putc(&captures, '[');
	size_t i;

	/* The captures it took. */
	for (i = 0; i < r->n_sources && !error; i++)
		error = som_buf_printf(&captures, "%s%" PRId64, i ? "," : "", r->sources[i].capture_id);
	if (!error)
		error = som_buf_putc(&captures, ']');
	if (error)
		goto done;
	som_json__obj_begin(&w, &details);
	som_json__kv_int(&w, "account", r->account_id);
	som_json__kv_str(&w, "package_id", r->package_id);
	som_json__kv_str(&w, "sha256", r->sha256);
	som_json__kv_int(&w, "size", r->size);
	som_json__kv_int(&w, "items", r->n_items);
	som_json__kv_int(&w, "export", r->export_id);
	som_json__kv_bool(&w, "signed", r->signature_path != NULL);
	som_json__kv_str(&w, "closed", r->closed);
	som_json__kv_str(&w, "reason", reason);
	som_json__kv_int(&w, "problems", (int64_t)r->n_problems);
	som_json__kv_raw(&w, "captures", captures.ptr);
	error = som_json__obj_end(&w);
	if (!error)
		error = som_buf_printf(&target, "account:%" PRId64, r->account_id);
	if (!error)
		error = som_audit_append(store, "snapshot", target.ptr, details.ptr);
done:
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	som_buf_dispose(&captures);
	return error;
}

/*
 * Export, verify, record as delivered, close and audit: the real run's
 * end. The package stays under its staged names (`staged`) until the
 * caller's transaction commits.
 */
static int deliver_and_close(som_snapshot_result *r, som_store *store,
	const som_snapshot_options *o, const char *date, som_export_staged *staged)
{
	som_export_options eo = SOM_EXPORT_OPTIONS_INIT;
	som_export_result er;
	char now[32];
	int error;

	memset(&er, 0, sizeof(er));
	eo.account_id = r->account_id;
	eo.snapshot = 1;
	eo.close_date = date;
	eo.close_reason = o->reason;
	eo.out = o->out;
	eo.sign_key = o->sign_key;
	eo.sign_cert = o->sign_cert;
	eo.creator = o->creator;
	eo.package_id = o->package_id;
	eo.created = o->created;
	eo.schema_dir = o->schema_dir;
	if (o->progress) {
		eo.progress = package_progress;
		eo.progress_payload = (void *)o;
	}
	error = som_export__run(&er, store, &eo, staged);
	if (!error && er.path) {
		r->path = er.path;
		r->signature_path = er.signature_path;
		r->package_id = er.package_id;
		er.path = er.signature_path = er.package_id = NULL;
	}
	if (error || (error = som_store__snapshot_alive(store, "the export")) != 0)
		goto done;
	memcpy(r->sha256, er.sha256, sizeof(r->sha256));
	r->size = er.size;
	r->n_files = er.n_files;
	r->export_id = er.export_id;
	r->n_items = er.n_items;
	som__now(now);
	if (!(r->closed = som__strdup(date))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if ((error = verify_package(staged->part, r->signature_path ? o->sign_cert : NULL)) != 0 ||
	    (error = som_schedule_export_verified(store, r->export_id, now)) != 0 ||
	    (error = som_account_close(store, r->account_id, date, o->reason, r->package_id)) != 0 ||
	    (error = som_store__snapshot_alive(store, "the closing")) != 0 ||
	    (error = audit_snapshot(store, r, o->reason)) != 0)
		goto done;
done:
	som_export_result_dispose(&er);
	return error;
}

int som_snapshot_run(som_snapshot_result *out, som_store *store,
	const som_snapshot_options *o)
{
	som_account *account = NULL;
	som_export_staged staged;
	char today[11], detail[160];
	const char *date;
	int error, began = 0, committed = 0;

	memset(out, 0, sizeof(*out));
	memset(&staged, 0, sizeof(staged));
	if ((error = check_options(o)) != 0)
		return error;
	out->dry_run = o->dry_run;
	som__today(today);
	date = o->close_date ? o->close_date : today;
	if ((error = som_account_lookup(&account, store, o->account)) != 0)
		goto done;
	out->account_id = account->id;
	if (!(out->handle = som__strdup(account->handle)) ||
	    !(out->sources = som__calloc(o->n_sources, sizeof(*out->sources)))) {
		error = SOM_ENOMEM;
		goto done;
	}
	if (account->closed && !o->dry_run) {
		error = som__error(SOM_EINVALID,
			"account '%s' was closed on %s: reopen it before a snapshot",
			account->handle, account->closed);
		goto done;
	}
	if ((error = som_store__snapshot_begin(store)) != 0)
		goto done;
	began = 1;
	if (account->closed) {
		/* A dry run of a closed account: what the store holds, no source read. */
		snprintf(detail, sizeof(detail), "the account was closed on %.10s%s%.100s: "
			"reopen it before a snapshot", account->closed,
			account->close_package ? " with snapshot " : "",
			account->close_package ? account->close_package : "");
		if ((error = add_problem("closed", 0, detail, out)) != 0)
			goto done;
		for (size_t i = 0; i < o->n_sources && !error; i++)
			error = add_source(out, o->sources[i], NULL);
	} else if ((error = ingest_sources(out, store, o)) != 0) {
		goto done;
	}
	if ((error = classify(out, store)) != 0 || (error = survey(out, store)) != 0)
		goto done;
	if (o->dry_run)
		goto done;
	if ((error = deliver_and_close(out, store, o, date, &staged)) != 0)
		goto done;
	error = som_store__snapshot_commit(store);
	began = 0;
	committed = !error;
	/* Committed: the package may look finished now, not before. */
	if (committed && (error = som_export__publish(&staged)) != 0)
		error = som__error_wrap(error, "the snapshot of account %" PRId64 " was recorded and "
			"the account closed", out->account_id);
done:
	if (began)
		som_store__snapshot_rollback(store);
	if (error && !committed)
		som_export__staged_discard(&staged);
	som_export__staged_dispose(&staged);
	som_account_free(account);
	if (error)
		som_snapshot_result_dispose(out);
	return error;
}

int som_snapshot_result_to_json(som_buf *out, const som_snapshot_result *r)
{
	som_buf list = SOM_BUF_INIT, problems = SOM_BUF_INIT, one = SOM_BUF_INIT;
	som_json_writer w;
	size_t i;
	int error = som_buf_putc(&list, '[');

	for (i = 0; !error && i < r->n_sources; i++) {
		const som_snapshot_source *s = &r->sources[i];
		som_buf_clear(&one);
		som_json__obj_begin(&w, &one);
		som_json__kv_str(&w, "source", s->source);
		som_json__kv_str(&w, "format", s->format);
		if (!r->dry_run)
			som_json__kv_int(&w, "capture", s->capture_id);
		som_json__kv_int(&w, "new", s->n_new);
		som_json__kv_int(&w, "changed", s->n_changed);
		som_json__kv_int(&w, "unchanged", s->n_unchanged);
		som_json__kv_int(&w, "removed", s->n_removed);
		som_json__kv_int(&w, "attachments", s->n_attachments);
		som_json__kv_int(&w, "missing", s->n_missing);
		som_json__kv_int(&w, "problems", s->n_problems);
		if ((error = som_json__obj_end(&w)) == 0)
			error = som_buf_printf(&list, "%s%s", i ? "," : "", one.ptr);
	}
	if (!error)
		error = som_buf_putc(&list, ']');
	if (!error)
		error = som_buf_putc(&problems, '[');
	for (i = 0; !error && i < r->n_problems; i++) {
		const som_snapshot_problem *p = &r->problems[i];
		som_buf_clear(&one);
		som_json__obj_begin(&w, &one);
		som_json__kv_str(&w, "what", p->what);
		if (p->item_id)
			som_json__kv_int(&w, "item", p->item_id);
		som_json__kv_str(&w, "detail", p->detail);
		if ((error = som_json__obj_end(&w)) == 0)
			error = som_buf_printf(&problems, "%s%s", i ? "," : "", one.ptr);
	}
	if (!error)
		error = som_buf_putc(&problems, ']');
	if (!error) {
		som_json__obj_begin(&w, out);
		som_json__kv_bool(&w, "dry_run", r->dry_run);
		som_json__kv_int(&w, "account", r->account_id);
		som_json__kv_str(&w, "handle", r->handle);
		som_json__kv_str(&w, "plan", r->plan_version);
		som_json__kv_int(&w, "classified", r->n_classified);
		som_json__kv_int(&w, "items", r->n_items);
		som_json__kv_int(&w, "removed", r->n_removed);
		som_json__kv_int(&w, "edited", r->n_edited);
		som_json__kv_int(&w, "disposed", r->n_disposed);
		som_json__kv_int(&w, "unclassified", r->n_unclassified);
		som_json__kv_int(&w, "flagged", r->n_flagged);
		som_json__kv_int(&w, "missing", r->n_missing);
		if (!r->dry_run) {
			som_json__kv_str(&w, "package_id", r->package_id);
			som_json__kv_str(&w, "path", r->path);
			som_json__kv_str(&w, "signature", r->signature_path);
			som_json__kv_str(&w, "sha256", r->sha256);
			som_json__kv_int(&w, "size", r->size);
			som_json__kv_int(&w, "files", r->n_files);
			som_json__kv_int(&w, "export", r->export_id);
			som_json__kv_str(&w, "closed", r->closed);
		}
		som_json__kv_raw(&w, "sources", list.ptr);
		som_json__kv_raw(&w, "problems", problems.ptr);
		error = som_json__obj_end(&w);
	}
	som_buf_dispose(&list);
	som_buf_dispose(&problems);
	som_buf_dispose(&one);
	return error;
}
