/*
 * rusage - run a command and report its wall time, CPU time and peak
 * resident set size, for bench/run.
 *
 *	rusage OUTFILE COMMAND [ARG]...
 *
 * Writes "WALL_S CPU_S MAXRSS_KB STATUS" to OUTFILE.  The peak RSS is the
 * largest of the command and every descendant it waited for (a shell's
 * pipeline), from wait4().  This wrapper is small on purpose: a child
 * inherits its parent's RSS high-water mark across exec, so measuring from
 * a large process (a Python interpreter) would report the parent's size.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

static double
seconds(const struct timeval *tv)
{
	return tv->tv_sec + tv->tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	FILE *out;
	pid_t pid;
	int status, code;

	if (argc < 3 || strcmp(argv[1], "--help") == 0) {
		fputs("usage: rusage OUTFILE COMMAND [ARG]...\n"
		    "Run COMMAND; write \"WALL_S CPU_S MAXRSS_KB STATUS\" to OUTFILE.\n",
		    argc < 3 ? stderr : stdout);
		return argc < 3 ? 2 : 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "rusage: fork: %s\n", strerror(errno));
		return 3;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "rusage: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		fprintf(stderr, "rusage: wait4: %s\n", strerror(errno));
		return 3;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if ((out = fopen(argv[1], "w")) == NULL) {
		fprintf(stderr, "rusage: %s: %s\n", argv[1], strerror(errno));
		return 3;
	}
	fprintf(out, "%.6f %.6f %ld %d\n",
	    (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	    seconds(&ru.ru_utime) + seconds(&ru.ru_stime), ru.ru_maxrss, code);
	if (fclose(out) != 0)
		return 3;
	return code;
}
