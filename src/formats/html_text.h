/*
 * HTML as the platforms deliver it (Mastodon's "content", X's entity-escaped
 * "full_text") turned into the plain text that items keep and search.
 */
#ifndef SOM_SRC_HTML_TEXT_H
#define SOM_SRC_HTML_TEXT_H

#include <stddef.h>
#include "somarkiv/buf.h"

/*
 * Append the text of `len` bytes of HTML to `out`: tags dropped, <br> a
 * line break, paragraphs (</p><p>) separated by an empty line, entities
 * decoded, runs of white space from the markup collapsed to one space, and
 * no leading or trailing white space or line breaks. The text of every
 * element is kept, so the hidden parts of Mastodon's shortened links
 * (<span class="invisible">) keep URLs whole; <script> and <style> and
 * comments are dropped. Malformed markup is kept as text. SOM_ENOMEM only.
 */
int som_html__to_text(som_buf *out, const char *html, size_t len);

/*
 * Append `len` bytes of `s` to `out` with the character references decoded:
 * numeric (&#229; &#xE5;, any code point but surrogates and 0) and the
 * named ones of HTML 4 for Latin-1 and common punctuation (&amp; &lt; &gt;
 * &quot; &apos; &nbsp; &aring; &Ouml; &hellip; ...). A reference needs its
 * ';'; unknown or invalid ones are kept as they are. SOM_ENOMEM only.
 */
int som_html__decode_entities(som_buf *out, const char *s, size_t len);

#endif
