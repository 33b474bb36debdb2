/*
 * What the files of the user module share: the checks of names and
 * passwords and the hash of a session token.
 */
#ifndef SOM_SRC_USER_H
#define SOM_SRC_USER_H

#include "somarkiv/user.h"

/* SOM_EINVALID (message set) unless `name` may name a user. */
int som_user__check_name(const char *name);
/* SOM_EINVALID (message set) unless `password` is long enough. */
int som_user__check_password(const char *password);
/* The SHA-256 (hex) under which a session's token is stored. */
int som_user__token_hash(char out[65], const char *token);

#endif
