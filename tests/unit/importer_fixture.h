/*
 * The fixture the importer unit tests share: a fresh temporary directory
 * with a store in it and one account of the importer's platform, and a
 * scratch path inside the directory. Static inline only, as helpers.h.
 */
#ifndef SOM_TESTS_UNIT_IMPORTER_FIXTURE_H
#define SOM_TESTS_UNIT_IMPORTER_FIXTURE_H

#include "somarkiv.h"
#include "helpers.h"

typedef struct fixture {
	char dir[256];       /* the temporary directory of the test */
	char store_dir[300];
	char path[1024];     /* scratch */
	som_store *store;
	int64_t account;
} fixture;

/* Set up: the directory (named after `platform`), its store, and the account `handle`. */
static inline int importer_setup(void **state, char *platform, char *handle)
{
	fixture *f = calloc(1, sizeof(*f));
	som_account in;

	if (f == NULL || make_tmpdir(f->dir, sizeof(f->dir), platform) != 0) {
		free(f);
		return -1;
	}
	snprintf(f->store_dir, sizeof(f->store_dir), "%s/store", f->dir);
	memset(&in, 0, sizeof(in));
	in.platform = platform;
	in.handle = handle;
	in.display_name = "Exempelby kommun";
	if (som_store_init(&f->store, f->store_dir, "test") != 0 ||
	    som_account_add(&f->account, f->store, &in) != 0) {
		fprintf(stderr, "%s\n", som_error_last());
		som_store_free(f->store);
		remove_tree(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static inline int importer_teardown(void **state)
{
	fixture *f = *state;

	som_store_free(f->store);
	remove_tree(f->dir);
	free(f);
	return 0;
}

/* `rel` inside the test's directory (in the fixture's scratch path). */
static inline const char *in_dir(fixture *f, const char *rel)
{
	return path_join(f->path, sizeof(f->path), f->dir, rel);
}

#endif
