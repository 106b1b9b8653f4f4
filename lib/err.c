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

/*
 * Append s to out (room for cap bytes, NUL included), with control bytes
 * and malformed UTF-8 written as \xNN: a message quoting bad input must
 * not put raw garbage or escape sequences on the terminal.
 */
static size_t
add_escaped(char *out, size_t o, size_t cap, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i = 0, len;
	unsigned char c;
	uint32_t cp;

	while (i < n) {
		c = (unsigned char)s[i];
		len = 1;
		if (c >= 0x80) {
			len = utf8_decode(s + i, n - i, &cp);
			if (cp == NP_REPLACEMENT &&
			    !(len == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
				len = 0;
		} else if (c < 0x20 || c == 0x7F) {
			len = 0;
		}
		if (len == 0) {
			if (o + 4 >= cap)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
			i++;
		} else {
			if (o + len >= cap)
				break;
			memcpy(out + o, s + i, len);
			o += len;
			i += len;
		}
	}
	out[o] = '\0';
	return o;
}

/*
 * The whole message is built on the stack and written at once: no
 * allocation (this reports running out of memory), and lines from programs
 * sharing a terminal do not interleave.  Long messages are cut.
 */
static void
write_message(const char *file, size_t line, const char *fmt, va_list ap)
{
	char msg[2048], out[4096], num[32];
	size_t o = 0;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	o = add_escaped(out, o, sizeof(out) - 1, np_progname);
	o = add_escaped(out, o, sizeof(out) - 1, ": ");
	if (file) {
		o = add_escaped(out, o, sizeof(out) - 1, file);
		if (line) {
			snprintf(num, sizeof(num), ":%zu", line);
			o = add_escaped(out, o, sizeof(out) - 1, num);
		}
		o = add_escaped(out, o, sizeof(out) - 1, ": ");
	}
	o = add_escaped(out, o, sizeof(out) - 1, msg);
	out[o++] = '\n';
	fwrite(out, 1, o, stderr);
}

static void
vwarn_at(const char *file, size_t line, const char *fmt, va_list ap)
{
	int failed, errnum;

	/* What went before reaches the terminal before the message. */
	failed = fflush(stdout) == EOF;
	errnum = errno;
	write_message(file, line, fmt, ap);
	if (failed)
		np_output_failed(errnum);
}

static void
warn_noflush(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	write_message(NULL, 0, fmt, ap);
	va_end(ap);
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
np_output_failed_on(const char *name, int errnum)
{
	/* The reader at the end of the pipe went away (| head): not an error. */
	if (errnum == EPIPE)
		_Exit(NP_EXIT_OK);
	if (name)
		warn_noflush("%s: write error: %s", name, strerror(errnum));
	else
		warn_noflush("write error: %s", strerror(errnum));
	_Exit(NP_EXIT_IO);
}

void
np_output_failed(int errnum)
{
	np_output_failed_on("<stdout>", errnum);
}

static const char *
stream_name(FILE *fp)
{
	if (fp == stdout)
		return "<stdout>";
	if (fp == stderr)
		return "<stderr>";
	return NULL;
}

void
efwrite(const void *p, size_t n, FILE *fp)
{
	if (n && fwrite(p, 1, n, fp) != n)
		np_output_failed_on(stream_name(fp), errno);
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
		np_output_failed_on(stream_name(fp), errno);
}

void
np_finish_output(void)
{
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout))
		np_output_failed(errno ? errno : EIO);
	if (fclose(stdout) == EOF)
		np_output_failed(errno);
	fflush(stderr);
}
