/*
 * Build helper: turns a file into a C source defining `const unsigned char NAME[]`
 * (its bytes and a final NUL) and `const size_t NAME_len`, so that the
 * library carries its schemas and works installed and offline.
 * Usage: embed NAME INPUT OUTPUT.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	FILE *in = NULL, *out = NULL;
	size_t n = 0;
	int c, rc = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: embed NAME INPUT OUTPUT\n");
		return 2;
	}
	if (!(in = fopen(argv[2], "rb"))) {
		perror(argv[2]);
		goto done;
	}
	if (!(out = fopen(argv[3], "w"))) {
		perror(argv[3]);
		goto done;
	}
	fprintf(out, "/* Generated from %s by tools/embed: do not edit. */\n"
		"#include <stddef.h>\n\n"
		"extern const unsigned char %s[];\nextern const size_t %s_len;\n\n"
		"const unsigned char %s[] = {", argv[2], argv[1], argv[1], argv[1]);
	while ((c = getc(in)) != EOF) {
		fprintf(out, "%s0x%02x,", n % 12 ? " " : "\n\t", (unsigned)c);
		n++;
	}
	fprintf(out, "%s0x00\n};\n\nconst size_t %s_len = %zu;\n", n % 12 ? " " : "\n\t",
		argv[1], n);
	if (ferror(in)) {
		perror(argv[2]);
		goto done;
	}
	rc = 0;
done:
	if (in)
		fclose(in);
	if (out && fclose(out) != 0) {
		perror(argv[3]);
		rc = 1;
	}
	if (rc && argc == 4)
		remove(argv[3]);
	return rc;
}
