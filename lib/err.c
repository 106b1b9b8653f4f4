/*
 * err.c - messages, exit codes, checked allocation and checked output.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"

const char *np_progname = "np";

void
np_setprogname(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	np_progname = slash ? slash + 1 : argv0;
}

static void
vwarn_at(const char *file, size_t line, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", np_progname);
	if (file && line)
		fprintf(stderr, "%s:%zu: ", file, line);
	else if (file)
		fprintf(stderr, "%s: ", file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
np_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_at(NULL, 0, fmt, ap);
	va_end(ap);
}

void
np_warn_at(const char *file, size_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_at(file, line, fmt, ap);
	va_end(ap);
}

void
np_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_at(NULL, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
np_die_at(int status, const char *file, size_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_at(file, line, fmt, ap);
	va_end(ap);
	exit(status);
}

void *
emalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		np_die(NP_EXIT_IO, "out of memory");
	return p;
}

void *
ecalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		np_die(NP_EXIT_IO, "out of memory");
	return p;
}

void *
erealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		np_die(NP_EXIT_IO, "out of memory");
	return p;
}

void *
ereallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		np_die(NP_EXIT_IO, "out of memory");
	return erealloc(p, n * size);
}

char *
estrdup(const char *s)
{
	return estrndup(s, strlen(s));
}

char *
estrndup(const char *s, size_t n)
{
	char *p = emalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
np_output_failed(int errnum)
{
	/* The reader at the end of the pipe went away (| head): not an error. */
	if (errnum == EPIPE)
		_Exit(NP_EXIT_OK);
	fprintf(stderr, "%s: write error: %s\n", np_progname, strerror(errnum));
	_Exit(NP_EXIT_IO);
}

void
efwrite(const void *p, size_t n, FILE *fp)
{
	if (n && fwrite(p, 1, n, fp) != n)
		np_output_failed(errno);
}

void
efputs(const char *s, FILE *fp)
{
	efwrite(s, strlen(s), fp);
}

void
eflush(FILE *fp)
{
	if (fflush(fp) == EOF)
		np_output_failed(errno);
}

void
np_finish_output(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		np_output_failed(errno ? errno : EIO);
	if (fclose(stdout) == EOF)
		np_output_failed(errno);
	fflush(stderr);
}
