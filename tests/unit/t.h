/*
 * t.h - a tiny TAP-style unit test harness: each check prints
 * "ok N - what" or "not ok N - what"; tests/run counts them.
 */
#ifndef NP_T_H
#define NP_T_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int t_count, t_failed;

#define T_OK(cond, ...) t_report(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define T_STREQ(got, want, ...) \
	t_streq((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define T_INTEQ(got, want, ...) \
	t_inteq((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)

static int
t_report(int ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
t_vreport(int ok, const char *file, int line, const char *fmt, va_list ap)
{
	t_count++;
	printf("%sok %d - ", ok ? "" : "not ", t_count);
	vprintf(fmt, ap);
	if (!ok) {
		printf(" (%s:%d)", file, line);
		t_failed++;
	}
	putchar('\n');
	return ok;
}

static int
t_report(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t_vreport(ok, file, line, fmt, ap);
	va_end(ap);
	return ok;
}

static int
t_streq(const char *got, const char *want, const char *file, int line,
    const char *what, ...) __attribute__((format(printf, 5, 6)));
static int
t_inteq(long long got, long long want, const char *file, int line,
    const char *what, ...) __attribute__((format(printf, 5, 6)));

static int
t_streq(const char *got, const char *want, const char *file, int line,
    const char *what, ...)
{
	int ok = (got == NULL && want == NULL) ||
	    (got && want && strcmp(got, want) == 0);
	va_list ap;

	va_start(ap, what);
	t_vreport(ok, file, line, what, ap);
	va_end(ap);
	if (!ok)
		printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)",
		    want ? want : "(null)");
	return ok;
}

static int
t_inteq(long long got, long long want, const char *file, int line,
    const char *what, ...)
{
	int ok = got == want;
	va_list ap;

	va_start(ap, what);
	t_vreport(ok, file, line, what, ap);
	va_end(ap);
	if (!ok)
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return ok;
}

static int
t_done(void)
{
	printf("1..%d\n", t_count);
	return t_failed ? 1 : 0;
}

#endif
