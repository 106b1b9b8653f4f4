/*
 * utf8.c - decoding, counting and classifying UTF-8 text.
 */
#include <string.h>

#include "np.h"

size_t
utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t len, i;

	if (n == 0) {
		*cp = NP_REPLACEMENT;
		return 0;
	}
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		*cp = NP_REPLACEMENT;
		return 1;
	}
	/* A truncated sequence is replaced once, as its maximal valid prefix. */
	for (i = 1; i < len; i++) {
		if (i >= n || (s[i] & 0xC0) != 0x80) {
			*cp = NP_REPLACEMENT;
			return i;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are malformed. */
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = NP_REPLACEMENT;
		return 1;
	}
	*cp = c;
	return len;
}

static int
decodes_cleanly(const char *s, size_t n, size_t *len)
{
	uint32_t cp;

	*len = utf8_decode(s, n, &cp);
	if (cp != NP_REPLACEMENT)
		return 1;
	/* A literal U+FFFD in the input is valid. */
	return *len == 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = NP_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
utf8_count(const char *s, size_t n)
{
	size_t i, count = 0;

	/* Count the bytes that do not continue a sequence. */
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

size_t
utf8_offset(const char *s, size_t n, size_t cpi)
{
	size_t i = 0;
	uint32_t cp;

	while (cpi > 0 && i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		cpi--;
	}
	return i;
}

size_t
utf8_sanitize(struct np_buf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0, len, bad = 0;

	buf_grow(b, n);
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (decodes_cleanly(s + i, n - i, &len)) {
			i += len;
			continue;
		}
		buf_add(b, s + run, i - run);
		buf_addcp(b, NP_REPLACEMENT);
		bad++;
		i += len;
		run = i;
	}
	buf_add(b, s + run, n - run);
	return bad;
}

int
utf8_valid(const char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (!decodes_cleanly(s + i, n - i, &len))
			return 0;
		i += len;
	}
	return 1;
}

size_t
utf8_prev_len(const char *s, size_t pos)
{
	size_t len = 1;

	while (len < 4 && len < pos && ((unsigned char)s[pos - len] & 0xC0) == 0x80)
		len++;
	return len;
}

uint32_t
utf8_last_cp(const char *s, size_t n)
{
	uint32_t cp = 0;
	size_t l;

	if (n == 0)
		return 0;
	l = utf8_prev_len(s, n);
	utf8_decode(s + n - l, l, &cp);
	return cp;
}

int
is_cjk(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) ||
	    cp == 0x3007;
}

int
is_cjk_punct(uint32_t cp)
{
	if (cp >= 0x3000 && cp <= 0x303F && cp != 0x3007)
		return 1;
	if (cp >= 0xFF01 && cp <= 0xFF0F)
		return 1;
	if (cp >= 0xFF1A && cp <= 0xFF20)
		return 1;
	if ((cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
		return 1;
	/* Curly quotes, dashes and the ellipsis as Chinese text uses them. */
	return (cp >= 0x2014 && cp <= 0x201F) || cp == 0x2026 || cp == 0x00B7 ||
	    cp == 0x2018 || cp == 0x2019 || cp == 0xFE4F;
}

int
is_fullwidth_ascii(uint32_t cp)
{
	return cp >= 0xFF01 && cp <= 0xFF5E;
}

int
is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0x00A0 ||
	    (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
	    cp == 0xFEFF;
}

void
cpmap_init(struct np_cpmap *m, const char *s, size_t n)
{
	m->s = s;
	m->n = n;
	m->byte = m->cp = 0;
}

size_t
cpmap_at(struct np_cpmap *m, size_t byte)
{
	if (byte > m->n)
		byte = m->n;
	if (byte < m->byte) {
		m->byte = m->cp = 0;
	}
	m->cp += utf8_count(m->s + m->byte, byte - m->byte);
	m->byte = byte;
	return m->cp;
}
