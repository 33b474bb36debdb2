/*
 * Opening, creating and migrating the store, the writer lock, transactions
 * and the prepared-statement cache. The schema lives here, one migration
 * per version, applied in order when a writer opens an older store.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store/store.h"
#include "somarkiv/audit.h"
#include "util/fs.h"

/* Each entry takes the schema from version i to i + 1. */
static const char *const migrations[] = {
	/* 0 -> 1: the foundation. */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE object("
	"  id INTEGER PRIMARY KEY,"
	"  digest BLOB NOT NULL UNIQUE,"  /* the 32 bytes of the SHA-256 */
	"  size INTEGER NOT NULL,"
	"  data BLOB);" /* NULL: the bytes are a file under objects/ */
	"CREATE TABLE account("
	"  id INTEGER PRIMARY KEY,"
	"  platform TEXT NOT NULL,"
	"  handle TEXT NOT NULL,"
	"  display_name TEXT, unit TEXT, owner TEXT, purpose TEXT,"
	"  opened TEXT NOT NULL, closed TEXT, close_reason TEXT,"
	"  created TEXT NOT NULL,"
	"  UNIQUE(platform, handle));"
	"CREATE TABLE capture("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES account(id),"
	"  source_name TEXT NOT NULL, source_sha256 TEXT NOT NULL,"
	"  format TEXT NOT NULL, started TEXT NOT NULL, finished TEXT NOT NULL,"
	"  actor TEXT NOT NULL, full INTEGER NOT NULL,"
	"  n_new INTEGER NOT NULL, n_changed INTEGER NOT NULL,"
	"  n_unchanged INTEGER NOT NULL, n_removed INTEGER NOT NULL,"
	"  n_attachments INTEGER NOT NULL, n_missing INTEGER NOT NULL,"
	"  n_problems INTEGER NOT NULL, report TEXT NOT NULL);"
	"CREATE TABLE item("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES account(id),"
	"  platform TEXT NOT NULL, platform_id TEXT NOT NULL,"
	"  kind TEXT NOT NULL, parent_platform_id TEXT,"
	"  author_name TEXT, author_id TEXT, by_account INTEGER NOT NULL,"
	"  created TEXT NOT NULL, url TEXT, format TEXT NOT NULL,"
	"  first_capture INTEGER NOT NULL REFERENCES capture(id),"
	"  removed_capture INTEGER REFERENCES capture(id),"
	"  current_version INTEGER NOT NULL,"
	"  UNIQUE(account_id, platform_id));"
	"CREATE INDEX item_parent ON item(account_id, parent_platform_id);"
	"CREATE INDEX item_created ON item(created);"
	"CREATE TABLE version("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  seq INTEGER NOT NULL,"
	"  capture_id INTEGER NOT NULL REFERENCES capture(id),"
	"  edited TEXT, text TEXT NOT NULL, raw_digest TEXT NOT NULL,"
	"  UNIQUE(item_id, seq));"
	/* No index on version(capture_id): it slowed ingest and no hot path needs it. */
	"CREATE TABLE attachment("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  path TEXT NOT NULL, mime TEXT, description TEXT,"
	"  size INTEGER, digest TEXT,"
	"  UNIQUE(item_id, path));"
	/* Full text of every version; keeps å, ä, ö apart from a and o. */
	"CREATE VIRTUAL TABLE version_fts USING fts5(text, content='version',"
	"  content_rowid='id', tokenize='unicode61 remove_diacritics 0');"
	"CREATE TABLE audit("
	"  seq INTEGER PRIMARY KEY,"
	"  time TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
	"  target TEXT NOT NULL, details TEXT NOT NULL,"
	"  prev TEXT NOT NULL, hash TEXT NOT NULL);",
	/*
	 * 1 -> 2: retention plans and classifications (src/plan/store_plan.c,
	 * src/classify/store_classify.c). History is kept: a classification is
	 * superseded, never deleted; at most one per item is current.
	 */
	"CREATE TABLE IF NOT EXISTS plan("
	"  id INTEGER PRIMARY KEY,"
	"  version TEXT NOT NULL UNIQUE,"
	"  sha256 TEXT NOT NULL,"   /* of the XML as used */
	"  body TEXT NOT NULL, reference TEXT NOT NULL,"
	"  xml BLOB NOT NULL,"
	"  used_at TEXT NOT NULL, actor TEXT NOT NULL,"
	"  current INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX IF NOT EXISTS plan_current ON plan(current) WHERE current = 1;"
	"CREATE TABLE IF NOT EXISTS classification("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  plan_id INTEGER REFERENCES plan(id),"  /* NULL: a person decided */
	"  item_version INTEGER NOT NULL,"        /* the version (seq) classified */
	"  class TEXT NOT NULL CHECK(class IN ('temporary', 'important', 'case')),"
	"  flags TEXT NOT NULL,"                  /* e.g. "crime,personal-data"; "" for none */
	"  review INTEGER NOT NULL,"
	"  resolved INTEGER NOT NULL DEFAULT 0,"  /* a person acted on the flags */
	"  explanation TEXT NOT NULL,"            /* JSON */
	"  by_person INTEGER NOT NULL,"
	"  actor TEXT NOT NULL, reason TEXT, time TEXT NOT NULL,"
	"  superseded INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX IF NOT EXISTS classification_current ON classification(item_id)"
	"  WHERE superseded = 0;"
	"CREATE INDEX IF NOT EXISTS classification_item ON classification(item_id, id);",
	/*
	 * 2 -> 3: the registry (src/registry/store_*.c): series, the number
	 * counter of each series and year (cases and documents of their own
	 * share it; taken in the transaction that uses it), cases and
	 * registrations. Under secrecy counterparty and subject hold the public
	 * form and *_protected the full one (OSL 5:2).
	 */
	"CREATE TABLE IF NOT EXISTS series("
	"  id INTEGER PRIMARY KEY, prefix TEXT NOT NULL UNIQUE, name TEXT,"
	"  format TEXT NOT NULL, created TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS registry_counter("
	"  series_id INTEGER NOT NULL REFERENCES series(id), year INTEGER NOT NULL,"
	"  last INTEGER NOT NULL, PRIMARY KEY(series_id, year));"
	"CREATE TABLE IF NOT EXISTS registry_case("
	"  id INTEGER PRIMARY KEY,"
	"  series_id INTEGER NOT NULL REFERENCES series(id),"
	"  year INTEGER NOT NULL, seq INTEGER NOT NULL,"
	"  number TEXT NOT NULL UNIQUE, title TEXT NOT NULL, officer TEXT,"
	"  status TEXT NOT NULL, opened TEXT NOT NULL, closed TEXT,"
	"  collective INTEGER NOT NULL DEFAULT 0,"
	"  secrecy TEXT, secrecy_date TEXT, secrecy_by TEXT,"
	"  UNIQUE(series_id, year, seq));"
	"CREATE TABLE IF NOT EXISTS registration("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT NOT NULL UNIQUE,"
	"  series_id INTEGER NOT NULL REFERENCES series(id),"
	"  year INTEGER NOT NULL,"
	"  case_id INTEGER REFERENCES registry_case(id), doc_seq INTEGER,"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  item_version INTEGER NOT NULL,"
	"  direction TEXT NOT NULL, date TEXT NOT NULL,"
	"  counterparty TEXT, counterparty_protected TEXT,"
	"  subject TEXT NOT NULL, subject_protected TEXT,"
	"  secrecy TEXT, secrecy_date TEXT, secrecy_by TEXT,"
	"  registrar TEXT NOT NULL, officer TEXT, class TEXT, classification_code TEXT,"
	"  registered_at TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'valid',"
	"  corrects INTEGER REFERENCES registration(id));"
	"CREATE UNIQUE INDEX IF NOT EXISTS registration_valid_item ON registration(item_id)"
	"  WHERE status = 'valid';"
	"CREATE INDEX IF NOT EXISTS registration_item ON registration(item_id, id);"
	"CREATE INDEX IF NOT EXISTS registration_case ON registration(case_id, doc_seq);"
	"CREATE INDEX IF NOT EXISTS registration_series ON registration(series_id, id);",
	/*
	 * 3 -> 4: exports (src/package/store_export.c): each package made, and which
	 * version of which item it carried (delivered; retention depends on it).
	 */
	"CREATE TABLE IF NOT EXISTS export("
	"  id INTEGER PRIMARY KEY,"
	"  package_id TEXT NOT NULL,"     /* the METS OBJID */
	"  path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL, size INTEGER NOT NULL,"
	"  created TEXT NOT NULL, actor TEXT NOT NULL,"
	"  selection TEXT NOT NULL,"      /* JSON: the options that chose the items */
	"  signed INTEGER NOT NULL DEFAULT 0,"
	"  verified_at TEXT);"
	"CREATE TABLE IF NOT EXISTS export_item("
	"  export_id INTEGER NOT NULL REFERENCES export(id),"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  version INTEGER NOT NULL,"     /* the version seq delivered */
	"  PRIMARY KEY(export_id, item_id));"
	"CREATE INDEX IF NOT EXISTS export_item_item ON export_item(item_id, version);",
	/*
	 * 4 -> 5: retention (src/retention/store_retention.c): disposal batches, their
	 * items and approvals, the disposal log (one row per destroyed item,
	 * kept forever) and holds (gallringsstopp).
	 */
	"CREATE TABLE IF NOT EXISTS disposal_batch("
	"  id INTEGER PRIMARY KEY,"
	"  created TEXT NOT NULL, as_of TEXT NOT NULL,"
	"  plan_id INTEGER REFERENCES plan(id),"
	"  status TEXT NOT NULL CHECK(status IN ('proposed', 'approved', 'executed')),"
	"  approvals INTEGER NOT NULL,"        /* approvals needed */
	"  actor TEXT NOT NULL, executed TEXT);"
	"CREATE TABLE IF NOT EXISTS batch_item("
	"  batch_id INTEGER NOT NULL REFERENCES disposal_batch(id),"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  rule TEXT NOT NULL, due TEXT NOT NULL,"
	"  PRIMARY KEY(batch_id, item_id));"
	"CREATE TABLE IF NOT EXISTS approval("
	"  batch_id INTEGER NOT NULL REFERENCES disposal_batch(id),"
	"  \"by\" TEXT NOT NULL, time TEXT NOT NULL,"
	"  PRIMARY KEY(batch_id, \"by\"));"
	"CREATE TABLE IF NOT EXISTS disposal_log("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL, identifier TEXT NOT NULL,"  /* platform:platform_id */
	"  account TEXT NOT NULL, kind TEXT NOT NULL,"
	"  created TEXT NOT NULL, due TEXT NOT NULL,"
	"  rule TEXT NOT NULL, plan_version TEXT, decision TEXT,"
	"  batch_id INTEGER NOT NULL, approvers TEXT NOT NULL,"
	"  time TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL);"               /* digests of the raw objects destroyed */
	"CREATE INDEX IF NOT EXISTS disposal_log_time ON disposal_log(time);"
	"CREATE TABLE IF NOT EXISTS hold("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK(kind IN ('account', 'case', 'item', 'query', 'request')),"
	"  target TEXT NOT NULL, reason TEXT NOT NULL, ref TEXT,"
	"  created TEXT NOT NULL, \"by\" TEXT NOT NULL,"
	"  lifted TEXT, lifted_by TEXT, lift_reason TEXT);",
	/*
	 * 5 -> 6: the schedule (src/schedule/store_schedule.c): each run of a plan's job,
	 * the period it covered and how it ended.
	 */
	"CREATE TABLE IF NOT EXISTS job_run("
	"  id INTEGER PRIMARY KEY,"
	"  job TEXT NOT NULL,"
	"  period TEXT NOT NULL,"         /* the period covered, ISO 8601 UTC */
	"  started TEXT NOT NULL,"
	"  ended TEXT,"
	"  outcome TEXT NOT NULL,"        /* running|ok|failed|not available */
	"  summary TEXT);"
	"CREATE INDEX IF NOT EXISTS job_run_job ON job_run(job, id);",
	/*
	 * 6 -> 7: delivery of the disposal log (the export whose package
	 * carried each row; NULL: not yet delivered) and the snapshot package
	 * an account was closed with (issue 9).
	 */
	"ALTER TABLE disposal_log ADD COLUMN export_id INTEGER REFERENCES export(id);"
	"CREATE INDEX IF NOT EXISTS disposal_log_export ON disposal_log(export_id);"
	"ALTER TABLE account ADD COLUMN close_package TEXT;",
	/*
	 * 7 -> 8: secrecy belongs to the item (issue 13): a registration with a
	 * marking (its own or its case's), corrected or not, and a current
	 * classification flagging secrecy keep the item secret until a person
	 * lifts it (secrecy_lift, covering the registrations and classifications
	 * up to the ids it names). secrecy_now is the one answer every public
	 * view reads: a row per fact that keeps the item secret now.
	 */
	"CREATE TABLE IF NOT EXISTS secrecy_lift("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  registration_upto INTEGER NOT NULL,"   /* max(registration.id) lifted */
	"  classification_upto INTEGER NOT NULL," /* max(classification.id) lifted */
	"  time TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS secrecy_lift_item ON secrecy_lift(item_id);"
	"CREATE VIEW IF NOT EXISTS secrecy_now(item_id, provision) AS"
	"  SELECT r.item_id, coalesce(r.secrecy, rc.secrecy) FROM registration r"
	"  LEFT JOIN registry_case rc ON rc.id = r.case_id"
	"  WHERE (r.secrecy IS NOT NULL OR rc.secrecy IS NOT NULL)"
	"  AND r.id > coalesce((SELECT max(l.registration_upto) FROM secrecy_lift l"
	"    WHERE l.item_id = r.item_id), 0)"
	"  UNION ALL"
	"  SELECT k.item_id, NULL FROM classification k"
	"  WHERE k.superseded = 0 AND instr(',' || k.flags || ',', ',secrecy,')"
	"  AND k.id > coalesce((SELECT max(l.classification_upto) FROM secrecy_lift l"
	"    WHERE l.item_id = k.item_id), 0);",
	/*
	 * 8 -> 9: the registry as registrars keep it (issue 16): a case's process
	 * code (klassificeringsstruktur) and how, when (a Swedish date) and why it
	 * was closed; a registration's process code in classification_code
	 * (which held "plan:class": the class is in its own column), the
	 * registrar's reason for registering a flagged item without secrecy, and
	 * its writing off (avskrivning) with date and reason.
	 */
	"ALTER TABLE registry_case ADD COLUMN classification_code TEXT;"
	"ALTER TABLE registry_case ADD COLUMN close_how TEXT;"
	"ALTER TABLE registry_case ADD COLUMN close_reason TEXT;"
	"ALTER TABLE registry_case ADD COLUMN closed_date TEXT;"
	"ALTER TABLE registration ADD COLUMN no_secrecy_reason TEXT;"
	"ALTER TABLE registration ADD COLUMN written_off TEXT;"
	"ALTER TABLE registration ADD COLUMN write_off_reason TEXT;"
	"UPDATE registration SET classification_code = NULL WHERE classification_code LIKE '%:%';"
	"CREATE INDEX IF NOT EXISTS registration_code ON registration(classification_code);",
	/*
	 * 9 -> 10: users and sessions of the web interface (src/user/store_user.c,
	 * issue 19): a password only as its scrypt hash, a session only as the
	 * SHA-256 of its token; failed logins counted for the slowdown.
	 */
	"CREATE TABLE IF NOT EXISTS user("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  role TEXT NOT NULL CHECK(role IN ('reader', 'registrar', 'archivist')),"
	"  password TEXT NOT NULL,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  created TEXT NOT NULL, last_login TEXT,"
	"  failed INTEGER NOT NULL DEFAULT 0, failed_at TEXT);"
	"CREATE TABLE IF NOT EXISTS user_session("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  user_id INTEGER NOT NULL REFERENCES user(id),"
	"  created TEXT NOT NULL, last_seen TEXT NOT NULL, client TEXT);"
	"CREATE INDEX IF NOT EXISTS user_session_user ON user_session(user_id);",
	/*
	 * 10 -> 11: capture through the platforms' APIs (src/fetch/, issue 21):
	 * where an account's API is, its id there, and the path of the file
	 * outside the store that holds its credentials (never the secret).
	 */
	"ALTER TABLE account ADD COLUMN api_url TEXT;"
	"ALTER TABLE account ADD COLUMN api_id TEXT;"
	"ALTER TABLE account ADD COLUMN credentials TEXT;"
};
_Static_assert(SOM_ARRAY_SIZE(migrations) == SOM_STORE_SCHEMA_VERSION,
	"one migration per schema version");

int som_store__sqlerr(som_store *store, const char *what)
{
	int rc = sqlite3_errcode(store->db);
	int code = (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? SOM_ELOCKED :
		(rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) ? SOM_ECORRUPT :
		(rc == SQLITE_FULL || rc == SQLITE_IOERR || rc == SQLITE_READONLY ||
		 rc == SQLITE_CANTOPEN || rc == SQLITE_PERM) ? SOM_EENV : SOM_ERROR;

	return som__error(code, "store '%s': %s: %s", store->path, what,
		sqlite3_errmsg(store->db));
}

int som_store__exec(som_store *store, const char *sql)
{
	if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot update the database");
	return 0;
}

sqlite3_stmt *som_store__stmt(som_store *store, enum som_stmt_slot slot,
	const char *sql)
{
	sqlite3_stmt *st = store->stmts[slot];

	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	if (sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			&st, NULL) != SQLITE_OK) {
		som_store__sqlerr(store, "cannot prepare a statement");
		return NULL;
	}
	store->stmts[slot] = st;
	return st;
}

int som_store__bind_text(sqlite3_stmt *st, int i, const char *s)
{
	int rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);

	return rc == SQLITE_OK ? 0 : som__error(SOM_ENOMEM, "cannot bind a value");
}

char *som_store__col_dup(sqlite3_stmt *st, int i, int *error)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	char *d;

	if (!s)
		return NULL;
	d = som__strndup(s, (size_t)sqlite3_column_bytes(st, i));
	if (!d)
		*error = SOM_ENOMEM;
	return d;
}

int som_store__need_writer(som_store *store, const char *action)
{
	if (store->mode != SOM_STORE_OPEN_WRITE)
		return som__error(SOM_EINVALID, "cannot %s: store '%s' is open read-only",
			action, store->path);
	return 0;
}

int som_store__begin(som_store *store)
{
	int error;

	if ((error = som_store__need_writer(store, "change the store")) != 0)
		return error;
	if (store->in_tx++)
		return 0;
	if (sqlite3_exec(store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		store->in_tx = 0;
		return som_store__sqlerr(store, "cannot begin a transaction");
	}
	return 0;
}

static int sync_path(const char *path, int is_dir)
{
	int fd = open(path, (is_dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return som__error_os(SOM_EENV, "cannot open '%s' to sync it", path);
	rc = is_dir ? fsync(fd) : fdatasync(fd);
	close(fd);
	if (rc != 0)
		return som__error_os(SOM_EENV, "cannot sync '%s'", path);
	return 0;
}

/* One pass over the new object files and their folders before commit. */
static int sync_new_files(som_store *store)
{
	int error = 0;
	char *slash;

	for (size_t i = 0; i < store->n_new_files && !error; i++)
		error = sync_path(store->new_files[i], 0);
	for (size_t i = 0; i < store->n_new_files && !error; i++) {
		slash = strrchr(store->new_files[i], '/');
		if (!slash)
			continue;
		*slash = '\0';
		/* Siblings often share a folder: sync each folder once. */
		if (i == 0 || strcmp(store->new_files[i], store->new_files[i - 1]) != 0)
			error = sync_path(store->new_files[i], 1);
	}
	if (!error && store->n_new_files)
		error = sync_path(store->objects_path, 1);
	for (size_t i = 0; i < store->n_new_files; i++)
		som__free(store->new_files[i]);
	store->n_new_files = 0;
	return error;
}

int som_store__commit(som_store *store)
{
	int error;

	if (store->in_tx <= 0)
		return 0;
	if (--store->in_tx)
		return 0;
	if ((error = sync_new_files(store)) != 0) {
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		return error;
	}
	if (sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot commit");
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		return error;
	}
	return 0;
}

void som_store__rollback(som_store *store)
{
	if (store->in_tx <= 0)
		return;
	store->in_tx = 0;
	sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	/* Files written so far stay as orphans for gc: no row refers to them. */
	for (size_t i = 0; i < store->n_new_files; i++)
		som__free(store->new_files[i]);
	store->n_new_files = 0;
}

static int join(char **out, const char *dir, const char *name)
{
	som_buf b = SOM_BUF_INIT;

	if (som_buf_printf(&b, "%s/%s", dir, name) != 0) {
		som_buf_dispose(&b);
		return SOM_ENOMEM;
	}
	*out = som_buf_detach(&b);
	return 0;
}

/*
 * Open the lock file, creating it when missing, never through a symbolic
 * link or into a file with other names: we truncate and write it.
 */
static int open_lock_file(int *fd_out, const char *lock_path, mode_t mode)
{
	struct stat st;
	int fd = -1, tries;

	*fd_out = -1;
	for (tries = 0; fd < 0 && tries < 3; tries++) {
		fd = open(lock_path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT) {
			fd = open(lock_path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK |
				O_CLOEXEC, mode);
			if (fd >= 0 && fchmod(fd, mode) != 0) {
				close(fd);
				return som__error_os(SOM_EENV, "cannot set the mode of '%s'", lock_path);
			}
			if (fd < 0 && errno == EEXIST)
				continue; /* another writer made it just now */
		}
		if (fd < 0)
			break;
	}
	if (fd < 0)
		return errno == ELOOP ?
			som__error(SOM_EENV, "lock file '%s' is a symbolic link: refused "
				"(someone else may write in the store's folder; remove it)", lock_path) :
			som__error_os(SOM_EENV, "cannot open lock file '%s'", lock_path);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
		close(fd);
		return som__error(SOM_EENV, "lock file '%s' is not a plain file of its own "
			"(a device, a pipe or a hard link): refused; remove it", lock_path);
	}
	*fd_out = fd;
	return 0;
}

static int take_lock(som_store *store)
{
	char *lock_path = NULL;
	char pid[32];
	int fd = -1, error = 0, n;

	if ((error = join(&lock_path, store->path, "store.lock")) != 0 ||
	    (error = open_lock_file(&fd, lock_path, store->file_mode)) != 0)
		goto done;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK) {
			/* The holder writes its pid just after locking: give it a moment. */
			for (int tries = 0; tries < 50; tries++) {
				n = (int)pread(fd, pid, sizeof(pid) - 1, 0);
				pid[n > 0 ? n : 0] = '\0';
				pid[strcspn(pid, "\n")] = '\0';
				if (*pid)
					break;
				usleep(10000);
			}
			error = som__error(SOM_ELOCKED, "store '%s' is locked by pid %s",
				store->path, *pid ? pid : "(unknown)");
		} else {
			error = som__error_os(SOM_EENV, "cannot lock '%s'", lock_path);
		}
		goto done;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		error = som__error_os(SOM_EENV, "cannot write lock file '%s'", lock_path);
		goto done;
	}
	store->lock_fd = fd;
	fd = -1;
done:
	if (fd >= 0)
		close(fd);
	som__free(lock_path);
	return error;
}

static int user_version(som_store *store, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read the schema version");
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return som_store__sqlerr(store, "cannot read the schema version");
	return 0;
}

static int migrate(som_store *store)
{
	int version, error;
	char sql[64];

	if ((error = user_version(store, &version)) != 0)
		return error;
	if (version > SOM_STORE_SCHEMA_VERSION)
		return som__error(SOM_ESCHEMA,
			"store '%s' has schema version %d; this program knows up to %d",
			store->path, version, SOM_STORE_SCHEMA_VERSION);
	if (version == SOM_STORE_SCHEMA_VERSION)
		return 0;
	if (store->mode != SOM_STORE_OPEN_WRITE)
		return som__error(SOM_ESCHEMA,
			"store '%s' has schema version %d and must be upgraded by a writer first",
			store->path, version);
	if ((error = som_store__begin(store)) != 0)
		return error;
	for (int v = version; v < SOM_STORE_SCHEMA_VERSION; v++) {
		if ((error = som_store__exec(store, migrations[v])) != 0)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SOM_STORE_SCHEMA_VERSION);
	if ((error = som_store__exec(store, sql)) != 0)
		goto fail;
	if (version > 0 && (error = som_audit_append(store, "store.migrate", "store",
			NULL)) != 0)
		goto fail;
	return som_store__commit(store);
fail:
	som_store__rollback(store);
	return error;
}

static int open_db(som_store *store, int create)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		(create ? SQLITE_OPEN_CREATE : 0);
	int error;

	if (sqlite3_open_v2(store->db_path, &store->db, flags, NULL) != SQLITE_OK) {
		/* A reader of a store it may not write still reads it. */
		if (!create && store->mode == SOM_STORE_OPEN_READ) {
			sqlite3_close(store->db);
			store->db = NULL;
			if (sqlite3_open_v2(store->db_path, &store->db,
					SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
				goto opened;
		}
		return store->db ? som_store__sqlerr(store, "cannot open") :
			som__error(SOM_ENOMEM, "cannot open '%s'", store->db_path);
	}
opened:
	sqlite3_extended_result_codes(store->db, 0);
	if (create && (error = som_store__exec(store, "PRAGMA page_size = 8192")) != 0)
		return error;
	sqlite3_busy_timeout(store->db, 5000);
	if ((error = som_store__exec(store, "PRAGMA foreign_keys = ON")) != 0)
		return error;
	if (store->mode == SOM_STORE_OPEN_WRITE &&
	    ((error = som_store__exec(store, "PRAGMA journal_mode = WAL")) != 0 ||
	     (error = som_store__exec(store, "PRAGMA synchronous = FULL")) != 0 ||
	     /* Deleted content is overwritten, whatever SQLite's compiled-in default. */
	     (error = som_store__exec(store, "PRAGMA secure_delete = ON")) != 0 ||
	     /* A capture touches indexes all over: give them room (bounded, 64 MiB). */
	     (error = som_store__exec(store, "PRAGMA cache_size = -65536")) != 0))
		return error;
	/* A store that is not an SQLite database says so here. */
	if ((error = som_store__exec(store, "SELECT count(*) FROM sqlite_master")) != 0)
		return error;
	return 0;
}

static void add_note(som_store *store, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_note(som_store *store, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (som_buf_vprintf(&store->notes, fmt, ap) != 0 ||
	    som_buf_putc(&store->notes, '\n') != 0)
		som_error_clear(); /* a note that cannot be kept is not an error */
	va_end(ap);
}

/* "file:PATH?immutable=1", the path percent-encoded as SQLite's URIs want it. */
static int immutable_uri(som_buf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	int error = som_buf_puts(out, "file:");

	for (const unsigned char *p = (const unsigned char *)path; !error && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			error = som_buf_putc(out, (char)*p);
		else
			error = som_buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	return error ? error : som_buf_puts(out, "?immutable=1");
}

/* Open `name` for reading only, and read from it once. */
static int try_read_only(som_store *store, const char *name, int flags)
{
	int error;

	if (sqlite3_open_v2(name, &store->db, flags | SQLITE_OPEN_READONLY |
			SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return store->db ? som_store__sqlerr(store, "cannot open") :
			som__error(SOM_ENOMEM, "cannot open '%s'", store->db_path);
	sqlite3_extended_result_codes(store->db, 0);
	sqlite3_busy_timeout(store->db, 5000);
	if ((error = som_store__exec(store, "PRAGMA foreign_keys = ON")) != 0 ||
	    (error = som_store__exec(store, "SELECT count(*) FROM sqlite_master")) != 0)
		return error;
	return 0;
}

static void close_db(som_store *store)
{
	sqlite3_close(store->db);
	store->db = NULL;
}

/*
 * A reader whose usual open failed for want of write access (a read-only
 * mount, a backup, a folder it may not write): read-only with the WAL
 * and its index where both are there, else the file as it is (SQLite's
 * immutable mode) when no WAL holds changes it would miss.
 */
static int open_db_reader(som_store *store)
{
	som_buf uri = SOM_BUF_INIT, wal = SOM_BUF_INIT;
	char first[1024];
	struct stat st;
	int error = open_db(store, 0);

	if (!error && sqlite3_db_readonly(store->db, "main") == 1)
		add_note(store, "note: store '%s' is read-only here: opened for reading only",
			store->path);
	if (error != SOM_EENV)
		return error;
	snprintf(first, sizeof(first), "%s", som_error_last());
	close_db(store);
	if (try_read_only(store, store->db_path, 0) == 0) {
		add_note(store, "note: store '%s' is read-only here: opened for reading only",
			store->path);
		return 0;
	}
	close_db(store);
	if ((error = som_buf_printf(&wal, "%s-wal", store->db_path)) != 0)
		goto done;
	if (stat(wal.ptr, &st) == 0 && st.st_size > 0) {
		error = som__error(SOM_EENV, "store '%s' cannot be read here: it is read-only, "
			"and its write-ahead log '%s' holds changes that need its index "
			"(store.db-shm) or a writer (open it once where it can be written)",
			store->path, wal.ptr);
		goto done;
	}
	if ((error = immutable_uri(&uri, store->db_path)) != 0)
		goto done;
	if ((error = try_read_only(store, uri.ptr, SQLITE_OPEN_URI)) != 0) {
		error = som__error(SOM_EENV, "%s", first);
		goto done;
	}
	add_note(store, "note: store '%s' is read-only here: read as it is on disk "
		"(a writer's changes made meanwhile are not seen)", store->path);
done:
	som_buf_dispose(&uri);
	som_buf_dispose(&wal);
	return error;
}

/* A store's files follow store.db's mode: its group may read them, or no one else. */
static void modes_from(som_store *store, mode_t db_mode)
{
	int group = (db_mode & 0040) != 0;

	store->file_mode = group ? 0640 : 0600;
	store->dir_mode = group ? 0750 : 0700;
}

/*
 * Before SQLite opens the database: refuse a symbolic link at the name of
 * its WAL or index (SQLite would create or write them through it), and, for
 * a writer, narrow the store's files that are wider than store.db says
 * (older stores were 0644).
 */
static int check_store_files(som_store *store, int narrow)
{
	static const char *const names[] = { "store.db-wal", "store.db-shm", "store.db",
		"store.lock" };
	som_buf p = SOM_BUF_INIT;
	struct stat st;
	int error = 0;

	for (size_t i = 0; i < SOM_ARRAY_SIZE(names) && !error; i++) {
		som_buf_clear(&p);
		if ((error = som_buf_printf(&p, "%s/%s", store->path, names[i])) != 0)
			break;
		if (i < 2 && lstat(p.ptr, &st) == 0 && !S_ISREG(st.st_mode)) {
			error = som__error(SOM_EENV, "store file '%s' is a symbolic link or not a "
				"plain file: refused (someone else may write in the store's folder; "
				"remove it)", p.ptr);
			break;
		}
		/*
		 * By name, never through a descriptor of our own: closing one would
		 * release the POSIX locks every SQLite connection of this process
		 * holds on the file (a server keeps readers open beside its writer).
		 */
		if (!narrow || lstat(p.ptr, &st) != 0 || !S_ISREG(st.st_mode) ||
		    st.st_uid != geteuid() || !(st.st_mode & 0777 & ~store->file_mode))
			continue;
		if (fchmodat(AT_FDCWD, p.ptr, store->file_mode, AT_SYMLINK_NOFOLLOW) == 0)
			add_note(store, "note: '%s' narrowed to mode %04o (it was %04o)", p.ptr,
				store->file_mode, (unsigned)(st.st_mode & 0777));
	}
	som_buf_dispose(&p);
	return error;
}

/* Warn when the store's folder lets in more than its files do. */
static void check_folder(som_store *store)
{
	struct stat st;
	unsigned extra;

	if (stat(store->path, &st) != 0)
		return;
	extra = (unsigned)(st.st_mode & 0777) & ~store->dir_mode;
	if (!extra)
		return;
	add_note(store, "warning: store folder '%s' is open to %s (mode %04o): "
		"'chmod %o %s' keeps it to %s", store->path,
		extra & 0007 ? "others" : "its group", (unsigned)(st.st_mode & 0777),
		store->dir_mode, store->path, store->dir_mode == 0750 ?
		"its owner and the group that may read it" : "its owner");
}

const char *som_store_notes(const som_store *store)
{
	return store->notes.size ? store->notes.ptr : NULL;
}

static int store_new(som_store **out, const char *dir, int mode, const char *actor)
{
	som_store *store;
	int error = 0;

	/*
	 * SQLite's memory statistics take a mutex at every allocation; we read
	 * none of them. Only possible before SQLite initialises: later calls
	 * fail harmlessly.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	store = som__calloc(1, sizeof(*store));

	*out = NULL;
	if (!store)
		return SOM_ENOMEM;
	store->lock_fd = -1;
	store->mode = mode;
	store->file_mode = 0600;
	store->dir_mode = 0700;
	store->path = som__strdup(dir);
	store->actor = som__strdup(actor && *actor ? actor : som__login_name());
	if (!store->path || !store->actor ||
	    (error = join(&store->db_path, dir, "store.db")) != 0 ||
	    (error = join(&store->objects_path, dir, "objects")) != 0) {
		som_store_free(store);
		return error ? error : SOM_ENOMEM;
	}
	*out = store;
	return 0;
}

int som_store_default_dir(som_buf *out)
{
	const char *home = getenv("SOMARKIV_HOME");

	som_buf_clear(out);
	return som_buf_puts(out, home && *home ? home : "somarkiv-data");
}

/* Remove a database this process just created and failed to fill. */
static void remove_db_files(const char *db)
{
	som_buf p = SOM_BUF_INIT;

	unlink(db);
	if (som_buf_printf(&p, "%s-wal", db) == 0)
		unlink(p.ptr);
	som_buf_clear(&p);
	if (som_buf_printf(&p, "%s-shm", db) == 0)
		unlink(p.ptr);
	som_buf_dispose(&p);
}

int som_store_init(som_store **out, const char *dir, const char *actor)
{
	return som_store_init_with(out, dir, actor, NULL);
}

int som_store_init_with(som_store **out, const char *dir, const char *actor,
	const som_store_init_options *opts)
{
	som_store *store = NULL;
	char *tmp = NULL;
	struct stat st;
	int error, created_db = 0, fd = -1;

	*out = NULL;
	if (opts && opts->version != SOM_STORE_INIT_OPTIONS_VERSION)
		return som__error(SOM_EINVALID, "store options of an unknown version");
	if ((error = store_new(&store, dir, SOM_STORE_OPEN_WRITE, actor)) != 0)
		return error;
	modes_from(store, opts && opts->group_read ? 0640 : 0600);
	if ((error = som__make_dir(NULL, dir, store->dir_mode)) != 0)
		goto done;
	if ((error = take_lock(store)) != 0)
		goto done;
	if (stat(store->db_path, &st) == 0) {
		error = som__error(SOM_EEXISTS, "'%s' holds a store already", dir);
		goto done;
	}
	if ((error = som__make_dir(NULL, store->objects_path, store->dir_mode)) != 0 ||
	    (error = join(&tmp, store->objects_path, "tmp")) != 0 ||
	    (error = som__make_dir(NULL, tmp, store->dir_mode)) != 0)
		goto done;
	/* Made by us with its mode: SQLite's WAL and index then take the same. */
	if ((error = som__create_file(&fd, store->db_path, store->file_mode)) != 0)
		goto done;
	close(fd);
	created_db = 1;
	if ((error = open_db(store, 1)) != 0)
		goto done;
	check_folder(store);
	/* Schema and first audit entry land together, or not at all. */
	if ((error = som_store__begin(store)) != 0)
		goto done;
	if ((error = migrate(store)) != 0 ||
	    (error = som_audit_append(store, "store.init", "store", NULL)) != 0) {
		som_store__rollback(store);
		goto done;
	}
	error = som_store__commit(store);
done:
	som__free(tmp);
	if (error) {
		char *db = created_db ? som__strdup(store->db_path) : NULL;
		som_store_free(store);
		if (db) {
			remove_db_files(db);
			som__free(db);
		}
		return error;
	}
	*out = store;
	return 0;
}

int som_store_open(som_store **out, const char *dir, int mode, const char *actor)
{
	som_store *store = NULL;
	struct stat st;
	int error;

	*out = NULL;
	if ((error = store_new(&store, dir, mode, actor)) != 0)
		return error;
	if (stat(store->db_path, &st) != 0) {
		error = som__error(SOM_EENV, "no store in '%s' (create one with 'somarkiv init')",
			dir);
		goto done;
	}
	modes_from(store, st.st_mode);
	if (mode == SOM_STORE_OPEN_WRITE && (error = take_lock(store)) != 0)
		goto done;
	if ((error = check_store_files(store, mode == SOM_STORE_OPEN_WRITE)) != 0)
		goto done;
	if ((error = mode == SOM_STORE_OPEN_WRITE ? open_db(store, 0) :
			open_db_reader(store)) != 0 ||
	    (error = migrate(store)) != 0)
		goto done;
	check_folder(store);
	/* A disposal killed before its sweep is finished by the next writer. */
	if (mode == SOM_STORE_OPEN_WRITE && (error = som_store__sweep_pending(store)) != 0)
		goto done;
done:
	if (error) {
		som_store_free(store);
		return error;
	}
	*out = store;
	return 0;
}

void som_store_free(som_store *store)
{
	if (!store)
		return;
	if (store->in_tx)
		som_store__rollback(store);
	for (size_t i = 0; i < SOM_STMT__COUNT; i++)
		sqlite3_finalize(store->stmts[i]);
	if (store->db)
		sqlite3_close_v2(store->db);
	if (store->lock_fd >= 0)
		close(store->lock_fd); /* releases the flock */
	for (size_t i = 0; i < store->n_new_files; i++)
		som__free(store->new_files[i]);
	som__free(store->new_files);
	som__free(store->path);
	som__free(store->db_path);
	som__free(store->objects_path);
	som__free(store->actor);
	som_buf_dispose(&store->notes);
	som__free(store);
}

const char *som_store_path(const som_store *store)
{
	return store->path;
}

const char *som_store_actor(const som_store *store)
{
	return store->actor;
}

void som_store_refresh(som_store *store)
{
	/* A cached statement left on a row would hold its read snapshot open. */
	for (size_t i = 0; i < SOM_STMT__COUNT; i++)
		if (store->stmts[i])
			sqlite3_reset(store->stmts[i]);
}
