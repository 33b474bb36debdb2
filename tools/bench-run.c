/*
 * bench-run: runs a command and reports its wall time and peak resident
 * memory (from wait4), for tools/bench-ingest; no dependency on GNU time.
 * The report is one line, "wall_s=S maxrss_kib=K status=X", to FILE or stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *to)
{
	fprintf(to, "usage: bench-run [-o FILE] COMMAND [ARG...]\n");
}

int main(int argc, char **argv)
{
	const char *report_path = NULL;
	FILE *report = stderr;
	struct rusage ru;
	double start, secs;
	int argi = 1, status, code;
	pid_t pid;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		printf("Run COMMAND; report its wall time and peak RSS as one line\n"
		       "\"wall_s=S maxrss_kib=K status=X\" to FILE (or stderr). Exits as COMMAND did.\n");
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "-o")) {
		report_path = argv[2];
		argi = 3;
	}
	if (argi < argc && !strcmp(argv[argi], "--"))
		argi++;
	if (argi >= argc) {
		usage(stderr);
		return 2;
	}

	start = now();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "bench-run: cannot fork: %s\n", strerror(errno));
		return 125;
	}
	if (pid == 0) {
		execvp(argv[argi], argv + argi);
		fprintf(stderr, "bench-run: cannot run '%s': %s\n", argv[argi], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "bench-run: cannot wait for '%s': %s\n", argv[argi], strerror(errno));
			return 125;
		}
	}
	secs = now() - start;

	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = 125;

	if (report_path) {
		report = fopen(report_path, "w");
		if (!report) {
			fprintf(stderr, "bench-run: cannot write '%s': %s\n", report_path, strerror(errno));
			return 125;
		}
	}
	/* On Linux ru_maxrss is in KiB. */
	fprintf(report, "wall_s=%.3f maxrss_kib=%ld status=%d\n", secs, ru.ru_maxrss, code);
	if (report_path && fclose(report)) {
		fprintf(stderr, "bench-run: cannot write '%s': %s\n", report_path, strerror(errno));
		return 125;
	}
	return code;
}
