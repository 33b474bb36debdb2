/*
 * Repair of the text Facebook and Instagram put in their exports: UTF-8
 * whose bytes were escaped one by one as code points (\u00c3\u00a5 for å).
 */
#ifndef SOM_SRC_MOJIBAKE_H
#define SOM_SRC_MOJIBAKE_H

#include <stddef.h>
#include "somarkiv/buf.h"

/*
 * Append the repaired form of `s` (len bytes of UTF-8, as decoded from the
 * JSON) to `out`: when every code point is below 0x100 and those code
 * points, taken as bytes, are valid UTF-8, those bytes; otherwise `s`
 * unchanged (it was not mojibake). Sets *changed when it repaired.
 */
int som_text__repair_mojibake(som_buf *out, const char *s, size_t len, int *changed);

#endif
