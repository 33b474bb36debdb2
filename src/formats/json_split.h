/*
 * A streaming splitter for JSON documents too large for memory: it checks
 * the bracket and string structure of the whole document while handing the
 * elements of one array, one at a time and byte for byte, to a callback
 * that parses each with som_json__parse().
 */
#ifndef SOM_SRC_JSON_SPLIT_H
#define SOM_SRC_JSON_SPLIT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Containers nested deeper than this are refused. */
#define SOM_JSON_SPLIT_MAX_DEPTH 256

/*
 * Read up to `len` bytes into `buf`: the count, 0 at the end, or a negative
 * SOM_E* with the error already set (it is returned unchanged).
 */
typedef ssize_t (*som_read_fn)(void *ctx, void *buf, size_t len);

/*
 * One element: its exact bytes (`len` of them, followed by a NUL that is
 * not counted) and the line it starts on (1-based). Borrowed for the call.
 * A non-zero return stops the split and is returned by it.
 */
typedef int (*som_json_element_cb)(const char *data, size_t len, int64_t line,
	void *payload);

/*
 * Read a JSON document through `rd` and split it.
 *
 * With `key`: the root must be an object. Every member of the root whose
 * raw (still escaped) name equals `key` and whose value is an array is an
 * occurrence; they are counted into `*occurrences_out` (which may be NULL),
 * and `cb` gets the elements of the `occurrence`-th (0-based) only; -1
 * hands none, for counting. Mastodon's outbox.json holds "orderedItems"
 * twice: count first, then read the last.
 *
 * Without `key` (NULL): anything before the first '[' or '{' is skipped
 * (the "window.YTD.tweet.part0 = " of X's archive files) and so is one ';'
 * after the root when it was; `cb` gets each element of a root array, or
 * the root itself when it is an object. `occurrence` is ignored and the
 * count is 1.
 *
 * Memory is bounded: one element is held at a time, and one larger than
 * SOM_JSON_MAX_ITEM is an error. Errors are SOM_EINVALID "cannot read
 * 'FILE': line L, column C: reason" for a truncated or malformed structure
 * (numbers and literals are left to the element's parser), the reader's
 * error, or the callback's return value.
 */
int som_json__split(int *occurrences_out, const char *file, som_read_fn rd,
	void *rctx, const char *key, int occurrence, som_json_element_cb cb,
	void *payload);

#endif
