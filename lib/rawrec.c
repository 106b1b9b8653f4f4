/*
 * rawrec.c - records read in place, without building a tree.
 *
 * Most lines a filter reads were written by another newsprint filter, in
 * exactly the form record_write gives.  For such a line, parsing it with
 * jansson and writing it back out is a costly way of copying it: a filter
 * that only reads a few string fields and adds one member can instead copy
 * the line and append to it.  rawrec_scan checks, in one pass, that a line
 * is in that form (and so valid JSON that jansson would read), and notes
 * where each top-level member is.  Anything else (whitespace between
 * tokens, escapes record_write would not make, a duplicate key, a real in
 * another spelling, deep nesting) makes it say no, and the caller takes the
 * jansson path, which gives the same output or the same error as before.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"

/* Beyond these, a line is left to jansson: they keep the scan linear. */
#define MAX_DEPTH 32		/* nesting of objects and arrays */
#define MAX_KEYS 128		/* members of one object (duplicate check) */
#define MAX_NUMBER 40		/* bytes of a real number */
#define MAX_EDITS 8		/* edits of one rawrec_write_edits */

struct span {
	const char *s;
	size_t n;
};

struct np_rawrec {
	const char *line;
	size_t len;
	struct np_member *m;	/* top-level members, in order */
	size_t n, cap;
	struct span *keys;	/* keys of the nested objects being scanned */
	size_t nkeys, capkeys;
};

struct scan {
	const char *p, *end;
	struct np_rawrec *r;
	int depth;
};

static int scan_value(struct scan *sc);

struct np_rawrec *
rawrec_new(void)
{
	return ecalloc(1, sizeof(struct np_rawrec));
}

void
rawrec_free(struct np_rawrec *r)
{
	if (!r)
		return;
	free(r->m);
	free(r->keys);
	free(r);
}

/* An escape as record_write writes one: \" \\ \b \f \n \r \t, and \u00xx
 * (lower-case hex) for the other control characters but NUL. */
static int
scan_escape(struct scan *sc)
{
	static const char hex[] = "0123456789abcdef";
	const char *p = sc->p + 1;
	const char *hi, *lo;
	int v;

	if (p >= sc->end)
		return -1;
	if (strchr("\"\\bfnrt", *p) && *p != '\0') {
		sc->p = p + 1;
		return 0;
	}
	if (*p != 'u' || sc->end - p < 5 || p[1] != '0' || p[2] != '0' ||
	    p[3] == '\0' || p[4] == '\0' ||
	    (hi = strchr(hex, p[3])) == NULL || (lo = strchr(hex, p[4])) == NULL)
		return -1;
	v = (int)(hi - hex) * 16 + (int)(lo - hex);
	if (v == 0 || v >= 0x20 || v == '\b' || v == '\f' || v == '\n' ||
	    v == '\r' || v == '\t')
		return -1;
	sc->p = p + 5;
	return 0;
}

/* A string: printable ASCII, valid UTF-8 and canonical escapes. */
static int
scan_string(struct scan *sc, struct span *out)
{
	const unsigned char *p = (const unsigned char *)sc->p + 1;
	const unsigned char *end = (const unsigned char *)sc->end;
	const char *start = (const char *)p;
	uint32_t cp;
	size_t len;

	for (;;) {
		if (p >= end)
			return -1;
		if (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') {
			p++;
		} else if (*p == '"') {
			break;
		} else if (*p == '\\') {
			sc->p = (const char *)p;
			if (scan_escape(sc) < 0)
				return -1;
			p = (const unsigned char *)sc->p;
		} else if (*p < 0x20) {
			return -1;
		} else if (*p >= 0xE1 && *p <= 0xEF && *p != 0xED &&
		    end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
		    (p[2] & 0xC0) == 0x80) {
			p += 3;		/* most CJK: valid as it stands */
		} else {
			len = utf8_decode((const char *)p, (size_t)(end - p), &cp);
			if (cp == NP_REPLACEMENT && !(len == 3 &&
			    memcmp(p, "\xEF\xBF\xBD", 3) == 0))
				return -1;
			p += len;
		}
	}
	if (out) {
		out->s = start;
		out->n = (size_t)((const char *)p - start);
	}
	sc->p = (const char *)p + 1;
	return 0;
}

static int
is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/*
 * A number as record_write writes it: an integer of at most 18 digits (so
 * it fits jansson's json_int_t), not -0; or a real in the shortest form
 * that reads back the same (what json_real_format gives).
 */
static int
scan_number(struct scan *sc)
{
	const char *p = sc->p, *start = p;
	char num[MAX_NUMBER + 1], canon[64];
	size_t n;
	int real = 0;
	double d;

	if (*p == '-')
		p++;
	if (!is_digit(p, sc->end))
		return -1;
	if (*p == '0')
		p++;
	else
		while (is_digit(p, sc->end))
			p++;
	if (p < sc->end && *p == '.') {
		real = 1;
		if (!is_digit(++p, sc->end))
			return -1;
		while (is_digit(p, sc->end))
			p++;
	}
	if (p < sc->end && (*p == 'e' || *p == 'E')) {
		real = 1;
		p++;
		if (p < sc->end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, sc->end))
			return -1;
		while (is_digit(p, sc->end))
			p++;
	}
	n = (size_t)(p - start);
	sc->p = p;
	if (!real)
		return (n > 18 + (*start == '-') ||
		    (n == 2 && memcmp(start, "-0", 2) == 0)) ? -1 : 0;
	if (n > MAX_NUMBER)
		return -1;
	memcpy(num, start, n);
	num[n] = '\0';
	d = strtod(num, NULL);
	if (!isfinite(d))
		return -1;
	json_real_format(d, canon);
	return strcmp(canon, num) == 0 ? 0 : -1;
}

static int
scan_literal(struct scan *sc, const char *word, size_t n)
{
	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, word, n) != 0)
		return -1;
	sc->p += n;
	return 0;
}

/* Note a top-level member; its value's extent is filled in later. */
static int
add_member(struct np_rawrec *r, const struct span *key)
{
	size_t i;

	if (r->n >= MAX_KEYS)
		return -1;
	for (i = 0; i < r->n; i++)
		if (r->m[i].keylen == key->n &&
		    memcmp(r->m[i].key, key->s, key->n) == 0)
			return -1;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->m = ereallocarray(r->m, r->cap, sizeof(*r->m));
	}
	r->m[r->n].key = key->s;
	r->m[r->n].keylen = key->n;
	return (int)r->n++;
}

/* Note a key of a nested object, whose keys start at keys[base]. */
static int
add_nested_key(struct np_rawrec *r, size_t base, const struct span *key)
{
	size_t i;

	if (r->nkeys - base >= MAX_KEYS)
		return -1;
	for (i = base; i < r->nkeys; i++)
		if (r->keys[i].n == key->n &&
		    memcmp(r->keys[i].s, key->s, key->n) == 0)
			return -1;
	if (r->nkeys == r->capkeys) {
		r->capkeys = r->capkeys ? 2 * r->capkeys : 32;
		r->keys = ereallocarray(r->keys, r->capkeys, sizeof(*r->keys));
	}
	r->keys[r->nkeys++] = *key;
	return 0;
}

/* An object; at depth 0, the record itself, whose members are noted. */
static int
scan_object(struct scan *sc)
{
	struct np_rawrec *r = sc->r;
	size_t base = r->nkeys;
	struct span key;
	int top = sc->depth == 0, i = -1;

	if (++sc->depth > MAX_DEPTH)
		return -1;
	sc->p++;
	if (sc->p < sc->end && *sc->p == '}') {
		sc->p++;
		sc->depth--;
		return 0;
	}
	for (;;) {
		if (sc->p >= sc->end || *sc->p != '"' ||
		    scan_string(sc, &key) < 0)
			return -1;
		if (top ? (i = add_member(r, &key)) < 0 :
		    add_nested_key(r, base, &key) < 0)
			return -1;
		if (sc->p >= sc->end || *sc->p++ != ':')
			return -1;
		if (top)
			r->m[i].val = sc->p;
		if (scan_value(sc) < 0)
			return -1;
		if (top)
			r->m[i].vallen = (size_t)(sc->p - r->m[i].val);
		if (sc->p >= sc->end)
			return -1;
		if (*sc->p == '}')
			break;
		if (*sc->p++ != ',')
			return -1;
	}
	sc->p++;
	r->nkeys = base;
	sc->depth--;
	return 0;
}

static int
scan_array(struct scan *sc)
{
	if (++sc->depth > MAX_DEPTH)
		return -1;
	sc->p++;
	if (sc->p < sc->end && *sc->p == ']') {
		sc->p++;
		sc->depth--;
		return 0;
	}
	for (;;) {
		if (scan_value(sc) < 0 || sc->p >= sc->end)
			return -1;
		if (*sc->p == ']')
			break;
		if (*sc->p++ != ',')
			return -1;
	}
	sc->p++;
	sc->depth--;
	return 0;
}

static int
scan_value(struct scan *sc)
{
	if (sc->p >= sc->end)
		return -1;
	switch (*sc->p) {
	case '{': return scan_object(sc);
	case '[': return scan_array(sc);
	case '"': return scan_string(sc, NULL);
	case 't': return scan_literal(sc, "true", 4);
	case 'f': return scan_literal(sc, "false", 5);
	case 'n': return scan_literal(sc, "null", 4);
	default: return scan_number(sc);
	}
}

int
rawrec_scan(struct np_rawrec *r, const char *line, size_t len)
{
	struct scan sc = { line, line + len, r, 0 };

	r->line = line;
	r->len = len;
	r->n = 0;
	r->nkeys = 0;
	if (len < 2 || line[0] != '{' || scan_object(&sc) < 0)
		return 0;
	return sc.p == sc.end;
}

const struct np_member *
rawrec_members(const struct np_rawrec *r, size_t *n)
{
	*n = r->n;
	return r->m;
}

static const struct np_member *
find_member(const struct np_rawrec *r, const char *key, size_t n)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->m[i].keylen == n && memcmp(r->m[i].key, key, n) == 0)
			return &r->m[i];
	return NULL;
}

const struct np_member *
rawrec_get(const struct np_rawrec *r, const char *key)
{
	const struct np_member *m;
	struct np_buf esc;
	size_t n = strlen(key), i;

	for (i = 0; i < n; i++)
		if ((unsigned char)key[i] < 0x20 || key[i] == '"' ||
		    key[i] == '\\')
			break;
	if (i == n)
		return find_member(r, key, n);
	/* A key written with escapes (--field 'a"b'): look for that form. */
	if (!utf8_valid(key, n))
		return NULL;
	buf_init(&esc);
	json_string_text(&esc, key, n);
	m = find_member(r, esc.s + 1, esc.len - 2);
	buf_free(&esc);
	return m;
}

/* Value of one \u00xx, \n, ... escape at s (after the backslash). */
static char
unescape_one(const char *s, size_t *used)
{
	static const char hex[] = "0123456789abcdef";

	*used = 1;
	switch (*s) {
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'u':
		*used = 5;
		return (char)((strchr(hex, s[3]) - hex) * 16 +
		    (strchr(hex, s[4]) - hex));
	default: return *s;	/* " and \ */
	}
}

const char *
rawrec_str(const struct np_member *m, struct np_buf *b, size_t *len)
{
	const char *s = m->val + 1, *end = m->val + m->vallen - 1, *bs;
	size_t used;

	if (m->val[0] != '"')
		return NULL;
	if ((bs = memchr(s, '\\', (size_t)(end - s))) == NULL) {
		*len = (size_t)(end - s);
		return s;
	}
	buf_reset(b);
	while (bs) {
		buf_add(b, s, (size_t)(bs - s));
		buf_addc(b, unescape_one(bs + 1, &used));
		s = bs + 1 + used;
		bs = memchr(s, '\\', (size_t)(end - s));
	}
	buf_add(b, s, (size_t)(end - s));
	*len = b->len;
	return b->s;
}

int
rawrec_is_null(const struct np_member *m)
{
	return m->vallen == 4 && memcmp(m->val, "null", 4) == 0;
}

void
rawrec_write(const struct np_rawrec *r, const char *members, size_t n,
    FILE *out)
{
	if (n == 0) {
		efwrite(r->line, r->len, out);
		efwrite("\n", 1, out);
		return;
	}
	efwrite(r->line, r->len - 1, out);	/* without its closing brace */
	if (r->n > 0)
		efwrite(",", 1, out);
	efwrite(members, n, out);
	efwrite("}\n", 2, out);
}

static void
write_member(const char *key, size_t keylen, const char *val, size_t n,
    int *first, FILE *out)
{
	if (!*first)
		efwrite(",", 1, out);
	*first = 0;
	efwrite("\"", 1, out);
	efwrite(key, keylen, out);
	efwrite("\":", 2, out);
	efwrite(val, n, out);
}

void
rawrec_write_edits(const struct np_rawrec *r, const struct np_edit *e,
    size_t ne, FILE *out)
{
	const struct np_member *at[MAX_EDITS];
	const struct np_edit *ed;
	struct np_buf key;
	size_t i, k;
	int first = 1;

	if (ne > MAX_EDITS)
		np_die(NP_EXIT_IO, "internal error: %zu edits of a record", ne);
	for (k = 0; k < ne; k++)
		at[k] = rawrec_get(r, e[k].key);
	efwrite("{", 1, out);
	for (i = 0; i < r->n; i++) {
		for (k = 0, ed = NULL; k < ne && !ed; k++)
			if (at[k] == &r->m[i])
				ed = &e[k];
		if (!ed)
			write_member(r->m[i].key, r->m[i].keylen, r->m[i].val,
			    r->m[i].vallen, &first, out);
		else if (ed->value)
			write_member(r->m[i].key, r->m[i].keylen, ed->value,
			    ed->n, &first, out);
	}
	buf_init(&key);
	for (k = 0; k < ne; k++) {
		if (!e[k].value || at[k])
			continue;
		buf_reset(&key);
		json_string_text(&key, e[k].key, strlen(e[k].key));
		write_member(key.s + 1, key.len - 2, e[k].value, e[k].n, &first,
		    out);
	}
	buf_free(&key);
	efwrite("}\n", 2, out);
}
