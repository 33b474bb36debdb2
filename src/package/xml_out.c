/*
 * Writing XML text for packages: escaping, with the characters XML 1.0
 * forbids (control characters, broken UTF-8) replaced by U+FFFD so that
 * every document written is well-formed whatever the platform sent.
 */
#include <string.h>
#include "package/package.h"

int som_package__xml_escape(som_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int error = 0;

	while (*p && !error) {
		unsigned char c = *p;
		if (c == '<')
			error = som_buf_puts(out, "&lt;");
		else if (c == '>')
			error = som_buf_puts(out, "&gt;");
		else if (c == '&')
			error = som_buf_puts(out, "&amp;");
		else if (c == '"')
			error = som_buf_puts(out, "&quot;");
		else if (c == '\r')
			error = som_buf_puts(out, "&#13;");
		else if (c == '\t' || c == '\n')
			error = som_buf_putc(out, (char)c);
		else if (c < 0x20 || c == 0x7f)
			error = som__utf8_put(out, 0xFFFD);
		else if (c < 0x80)
			error = som_buf_putc(out, (char)c);
		else {
			size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			size_t have = strnlen((const char *)p, n);
			if (n == 1 || have < n || som__utf8_invalid_at((const char *)p, n) >= 0) {
				error = som__utf8_put(out, 0xFFFD);
				p++;
				continue;
			}
			/* U+FFFE and U+FFFF are not XML characters. */
			if (n == 3 && p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
				error = som__utf8_put(out, 0xFFFD);
			else
				error = som_buf_put(out, p, n);
			p += n;
			continue;
		}
		p++;
	}
	return error;
}
