/*
 * Creating files and folders safely: never through a symbolic link, never
 * over something already there, with exactly the mode asked whatever the
 * umask; and moving a finished file to its name without replacing one.
 */
#ifndef SOM_SRC_FS_H
#define SOM_SRC_FS_H

#include <sys/types.h>

/*
 * Create the file `path` for writing (O_CREAT|O_EXCL|O_NOFOLLOW): a file
 * or a symbolic link already at `path` is SOM_EEXISTS, naming it; the new
 * file gets `mode` exactly. The descriptor (close-on-exec) in *fd_out.
 */
int som__create_file(int *fd_out, const char *path, mode_t mode);

/*
 * Create the folder `path` with `mode` exactly. A folder already there is
 * no error (*created_out 0; its mode is left alone); anything else there,
 * a symbolic link included, is SOM_EEXISTS. `created_out` may be NULL.
 */
int som__make_dir(int *created_out, const char *path, mode_t mode);

/*
 * Create the missing folders above the file `path` (as `mkdir -p` on its
 * folder), each with `mode` exactly.
 */
int som__make_parents(const char *path, mode_t mode);

/*
 * Give the file `from` the name `to`, which must not exist (SOM_EEXISTS):
 * atomic where the file system allows (renameat2 RENAME_NOREPLACE, else a
 * hard link and an unlink), and `to`'s folder synced after.
 */
int som__rename_noreplace(const char *from, const char *to);

/* Sync the folder that holds `path` (its entries: a create, a rename). */
int som__sync_parent(const char *path);

#endif
