/*
 * buf.c - growable byte strings, always NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include "np.h"

void
buf_init(struct np_buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void
buf_free(struct np_buf *b)
{
	free(b->s);
	buf_init(b);
}

void
buf_reset(struct np_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void
buf_grow(struct np_buf *b, size_t extra)
{
	size_t need, cap;

	if (extra > SIZE_MAX - b->len - 1)
		np_die(NP_EXIT_IO, "out of memory");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->s = erealloc(b->s, cap);
	b->cap = cap;
}

void
buf_add(struct np_buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct np_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct np_buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_addcp(struct np_buf *b, uint32_t cp)
{
	char tmp[4];

	buf_add(b, tmp, utf8_encode(cp, tmp));
}

void
buf_printf(struct np_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		np_die(NP_EXIT_IO, "formatting failed");
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *
buf_take(struct np_buf *b)
{
	char *s;

	if (!b->s)
		buf_grow(b, 0);
	s = b->s;
	s[b->len] = '\0';
	buf_init(b);
	return s;
}

void
buf_addu(struct np_buf *b, size_t v)
{
	char d[24];
	size_t k = sizeof(d);

	do {
		d[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	buf_add(b, d + k, sizeof(d) - k);
}
