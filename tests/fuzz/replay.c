/*
 * Replay driver for the fuzz targets under any compiler: calls the
 * target's LLVMFuzzerTestOneInput with every file named on the command line
 * (or every file of the folders named), so that `make check` runs the saved
 * corpora under gcc and the sanitizers. Prints a cmocka-like summary.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	data = malloc((size_t)n + 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)n);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int ran = 0, failed = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: cannot read '%s'\n", argv[i]);
			failed++;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *de;
			char path[4096];
			while (d && (de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
				if (run_file(path) != 0)
					failed++;
				else
					ran++;
			}
			if (d)
				closedir(d);
		} else if (run_file(argv[i]) != 0) {
			failed++;
		} else {
			ran++;
		}
	}
	/*
	 * Reaching here means no input crashed or tripped a sanitizer. The
	 * whole corpus of a target counts as one test.
	 */
	printf("replayed %d inputs\n", ran);
	if (failed || !ran) {
		printf("[  FAILED  ] 1 test(s).\n");
		return 1;
	}
	printf("[  PASSED  ] 1 test(s).\n");
	return 0;
}
