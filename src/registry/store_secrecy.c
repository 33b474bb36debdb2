/*
 * Secrecy of an item in the store: whether it is under secrecy now (the
 * view secrecy_now) and a person's lifting of it, audited.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats/json.h"
#include "registry/store_registry.h"
#include "somarkiv/audit.h"

int som_secrecy_get(int *secret_out, char **provision_out, som_store *store,
	int64_t item_id)
{
	sqlite3_stmt *st = NULL;
	int error = 0;

	*secret_out = 0;
	if (provision_out)
		*provision_out = NULL;
	if (sqlite3_prepare_v2(store->db, "SELECT count(*), min(provision) FROM secrecy_now "
			"WHERE item_id = ?1", -1, &st, NULL) != SQLITE_OK)
		return som_store__sqlerr(store, "cannot read secrecy");
	sqlite3_bind_int64(st, 1, item_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error = som_store__sqlerr(store, "cannot read secrecy");
		goto done;
	}
	*secret_out = sqlite3_column_int64(st, 0) > 0;
	if (provision_out)
		*provision_out = som_store__col_dup(st, 1, &error);
done:
	sqlite3_finalize(st);
	return error;
}

int som_secrecy_lift(som_store *store, int64_t item_id, const char *reason)
{
	sqlite3_stmt *st = NULL;
	som_buf details = SOM_BUF_INIT, target = SOM_BUF_INIT;
	som_json_writer w;
	char now[32], *provision = NULL;
	int secret = 0, error;

	if ((error = som_store__need_writer(store, "lift secrecy")) != 0)
		return error;
	if (!reason || !*reason)
		return som__error(SOM_EINVALID, "lifting secrecy needs a reason");
	if ((error = som_store__begin(store)) != 0)
		return error;
	if ((error = som_secrecy_get(&secret, &provision, store, item_id)) != 0)
		goto done;
	if (!secret) {
		error = som__error(SOM_EINVALID, "item %" PRId64 " is not under secrecy", item_id);
		goto done;
	}
	som__now(now);
	/* The lift covers what keeps the item secret now, nothing that comes later. */
	if (sqlite3_prepare_v2(store->db, "INSERT INTO secrecy_lift(item_id, registration_upto, "
			"classification_upto, time, actor, reason) VALUES(?1, "
			"(SELECT coalesce(max(id), 0) FROM registration WHERE item_id = ?1), "
			"(SELECT coalesce(max(id), 0) FROM classification WHERE item_id = ?1), "
			"?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK) {
		error = som_store__sqlerr(store, "cannot lift secrecy");
		goto done;
	}
	sqlite3_bind_int64(st, 1, item_id);
	som_store__bind_text(st, 2, now);
	som_store__bind_text(st, 3, som_store_actor(store));
	som_store__bind_text(st, 4, reason);
	if (sqlite3_step(st) != SQLITE_DONE) {
		error = som_store__sqlerr(store, "cannot lift secrecy");
		goto done;
	}
	som_json__obj_begin(&w, &details);
	som_json__kv_int(&w, "item", item_id);
	som_json__kv_str(&w, "secrecy", provision);
	som_json__kv_str(&w, "reason", reason);
	if ((error = som_json__obj_end(&w)) == 0 &&
	    (error = som_buf_printf(&target, "item:%" PRId64, item_id)) == 0 &&
	    (error = som_audit_append(store, "secrecy.lift", target.ptr, details.ptr)) == 0)
		error = som_store__commit(store);
done:
	if (error && store->in_tx)
		som_store__rollback(store);
	sqlite3_finalize(st);
	som__free(provision);
	som_buf_dispose(&details);
	som_buf_dispose(&target);
	return error;
}
