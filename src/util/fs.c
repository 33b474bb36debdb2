/*
 * Files and folders we create: O_EXCL|O_NOFOLLOW so that a symbolic link
 * planted at the name is never followed and nothing there is overwritten,
 * the mode set with fchmod so that the umask cannot widen or narrow it,
 * and renames that never replace what another hand put at the name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/common.h"
#include "util/fs.h"

static int exists_error(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		return som__error(SOM_EEXISTS, "cannot create '%s': a symbolic link is there", path);
	return som__error(SOM_EEXISTS, "cannot create '%s': it exists already", path);
}

int som__create_file(int *fd_out, const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	int error;

	*fd_out = -1;
	if (fd < 0)
		return errno == EEXIST ? exists_error(path) :
			som__error_os(SOM_EENV, "cannot create '%s'", path);
	if (fchmod(fd, mode) != 0) {
		error = som__error_os(SOM_EENV, "cannot set the mode of '%s'", path);
		close(fd);
		unlink(path);
		return error;
	}
	*fd_out = fd;
	return 0;
}

int som__make_dir(int *created_out, const char *path, mode_t mode)
{
	struct stat st;
	int fd, error = 0;

	if (created_out)
		*created_out = 0;
	if (mkdir(path, mode) != 0) {
		if (errno != EEXIST)
			return som__error_os(SOM_EENV, "cannot create '%s'", path);
		/* A folder the operator put there, or linked to, is theirs to choose. */
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			return som__error(SOM_EEXISTS, "cannot create folder '%s': something else "
				"is there", path);
		return 0;
	}
	/* Set the mode on what we made, not on what might have replaced it. */
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fchmod(fd, mode) != 0)
		error = som__error_os(SOM_EENV, "cannot set the mode of '%s'", path);
	if (fd >= 0)
		close(fd);
	if (!error && created_out)
		*created_out = 1;
	return error;
}

int som__make_parents(const char *path, mode_t mode)
{
	char *dir = som__strdup(path);
	char *slash, *p, c;
	int error = 0;

	if (!dir)
		return SOM_ENOMEM;
	slash = strrchr(dir, '/');
	if (!slash || slash == dir) { /* in the current folder, or in / */
		som__free(dir);
		return 0;
	}
	*slash = '\0';
	/* Each prefix ending before a '/' (or at the end), from the top down. */
	for (p = dir + 1; !error; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (p[-1] != '/')
			error = som__make_dir(NULL, dir, mode);
		*p = c;
		if (!c)
			break;
	}
	som__free(dir);
	return error;
}

int som__sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? som__strndup(path, slash == path ? 1 : (size_t)(slash - path)) :
		som__strdup(".");
	int fd, error = 0;

	if (!dir)
		return SOM_ENOMEM;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		error = som__error_os(SOM_EENV, "cannot sync folder '%s'", dir);
	if (fd >= 0)
		close(fd);
	som__free(dir);
	return error;
}

int som__rename_noreplace(const char *from, const char *to)
{
	struct stat st;

#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return som__sync_parent(to);
	if (errno == EEXIST)
		return exists_error(to);
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return som__error_os(SOM_EENV, "cannot rename '%s' to '%s'", from, to);
#endif
	/* A file system without it: a hard link cannot replace either. */
	if (link(from, to) == 0) {
		if (unlink(from) != 0)
			return som__error_os(SOM_EENV, "cannot remove '%s'", from);
		return som__sync_parent(to);
	}
	if (errno == EEXIST)
		return exists_error(to);
	/* No hard links either (FAT, some network shares): check, then rename. */
	if (lstat(to, &st) == 0)
		return exists_error(to);
	if (rename(from, to) != 0)
		return som__error_os(SOM_EENV, "cannot rename '%s' to '%s'", from, to);
	return som__sync_parent(to);
}
