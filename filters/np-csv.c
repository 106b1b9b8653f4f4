/*
 * np-csv - write JSON Lines records as RFC 4180 CSV.
 *
 * Two ways to choose columns.  With --fields, the columns are the listed
 * dot paths, fixed before the first record.  Without it, nested objects are
 * flattened into columns named by their key paths (joined with --flatsep),
 * and the header is taken from the first record that yields a row; a key
 * that shows up later is an error naming it, never a dropped value.  With
 * --all-fields the records are first spilled to a temporary file while the
 * union of their keys is collected, so memory stays bounded by the number
 * of distinct columns, not of records.
 *
 * --explode FIELD writes one row per element of an array (several arrays
 * are walked in parallel).  The rows of one record are gathered as
 * (row, column, value) cells pointing into the record, then written, so a
 * record that fails half-way leaves no partial output.
 *
 * Quoting: libcsv's csv_write2() always quotes, so we decide which fields
 * need quotes (minimal quoting) and let libcsv quote those.
 */
#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "np.h"

/* ---- options ------------------------------------------------------------ */

static const char *opt_fields;		/* --fields LIST */
static const char *opt_names;		/* --names LIST */
static int opt_no_header;
static const char *opt_join = ";";
static struct np_buf opt_explode;	/* --explode, comma-joined */
static int opt_bom;
static int opt_all_fields;
static const char *opt_flatsep = ".";
static const char *opt_null = "";
static char opt_delim = ',';
static int opt_crlf;
static int opt_quote_all;
static int opt_uniq;

enum {
	OPT_NAMES = NP_OPT_FIRST_FILTER, OPT_BOM, OPT_FLATSEP, OPT_CRLF,
	OPT_NO_HEADER
};

static const struct option longopts[] = {
	{ "fields", required_argument, NULL, 'f' },
	{ "names", required_argument, NULL, OPT_NAMES },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "join", required_argument, NULL, 'j' },
	{ "explode", required_argument, NULL, 'e' },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "all-fields", no_argument, NULL, 'a' },
	{ "flatsep", required_argument, NULL, OPT_FLATSEP },
	{ "null", required_argument, NULL, 'n' },
	{ "delimiter", required_argument, NULL, 'd' },
	{ "crlf", no_argument, NULL, OPT_CRLF },
	{ "quote-all", no_argument, NULL, 'q' },
	{ "uniq", no_argument, NULL, 'u' },
	{ NULL, 0, NULL, 0 }
};

static int
parse_delimiter(const char *arg)
{
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
		return '\t';
	if (strlen(arg) != 1 || *arg == '"' || *arg == '\r' || *arg == '\n')
		return -1;
	return (unsigned char)*arg;
}

static int
handle_option(int opt, const char *arg)
{
	int c;

	switch (opt) {
	case 'f': opt_fields = arg; break;
	case OPT_NAMES: opt_names = arg; break;
	case 'H':
	case OPT_NO_HEADER: opt_no_header = 1; break;
	case 'j': opt_join = arg; break;
	case 'e':
		if (!*arg) {
			np_warn("--explode needs a field name");
			return 0;
		}
		if (opt_explode.len)
			buf_addc(&opt_explode, ',');
		buf_adds(&opt_explode, arg);
		break;
	case OPT_BOM: opt_bom = 1; break;
	case 'a': opt_all_fields = 1; break;
	case OPT_FLATSEP: opt_flatsep = arg; break;
	case 'n': opt_null = arg; break;
	case 'd':
		if ((c = parse_delimiter(arg)) < 0) {
			np_warn("--delimiter takes one character other than a quote or newline");
			return 0;
		}
		opt_delim = (char)c;
		break;
	case OPT_CRLF: opt_crlf = 1; break;
	case 'q': opt_quote_all = 1; break;
	case 'u': opt_uniq = 1; break;
	default: return 0;
	}
	return 1;
}

static const struct np_cli cli = {
	.name = "np-csv",
	.usage = "np-csv [-f LIST] [-e FIELD] [-a] [OPTION]... [FILE]...",
	.help = "Write JSON Lines records (stdin when no FILE) as RFC 4180 CSV.\n\n"
		"Options:\n"
		"  -f, --fields LIST     columns: comma-separated dot paths (a,b.c); PATH:firstday\n"
		"                        and PATH:lastday give the bounds of an ISO 8601 date;\n"
		"                        FIELD.# is the element number under --explode\n"
		"      --names LIST      header names for the --fields columns\n"
		"  -H, --no-header       write no header line\n"
		"  -a, --all-fields      columns are the union of all records' keys\n"
		"                        (input spilled to a temporary file)\n"
		"  -e, --explode FIELD   one row per element of array FIELD; repeat (or use\n"
		"                        commas) to walk several arrays in parallel\n"
		"  -j, --join SEP        join arrays of scalars with SEP (default ;)\n"
		"      --flatsep SEP     join nested key names with SEP (default .)\n"
		"  -n, --null TEXT       write null and missing values as TEXT (default empty)\n"
		"  -d, --delimiter C     field delimiter (default ,; \\t or tab for a tab)\n"
		"      --crlf            end lines with CR LF\n"
		"  -q, --quote-all       quote every field but nulls (default: only when needed)\n"
		"  -u, --uniq            drop a row identical to the row before it\n"
		"      --bom             begin with a UTF-8 byte order mark (for Excel)\n",
	.longopts = longopts,
	.shortopts = "f:Hj:e:an:d:qu",
	.handle = handle_option,
	.reads_field = 1,
};

/* ---- ISO 8601 date bounds ------------------------------------------------ */

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(long y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* A run of exactly `width` digits at s[*i]; its value, or -1. */
static long
digits(const char *s, size_t n, size_t *i, int width)
{
	long v = 0;
	int k;

	for (k = 0; k < width; k++) {
		if (*i + k >= n || s[*i + k] < '0' || s[*i + k] > '9')
			return -1;
		v = v * 10 + (s[*i + k] - '0');
	}
	if (*i + k < n && s[*i + k] >= '0' && s[*i + k] <= '9')
		return -1;
	*i += k;
	return v;
}

/*
 * Parse a calendar date of reduced precision into parts[0..3) (year, month,
 * day) and return how many were given (1-3), or 0.  A time after 'T' is
 * checked for shape and ignored.  With `have` > 0 the text may be the
 * abbreviated end of an interval (03-09 after 2023-02-27): its parts replace
 * the last ones of the `have` parts already in `parts`.
 */
static int
parse_iso_date(const char *s, size_t n, long parts[3], int have)
{
	size_t i = 0, t;
	long v[3];
	int k = 0, skip = 0;

	if (n >= 4 && (v[0] = digits(s, n, &i, 4)) >= 0) {
		k = 1;
	} else if (have > 0) {
		/* Abbreviated: count the two-digit parts first. */
		for (t = 0; t < n && s[t] != 'T'; t++)
			if (s[t] == '-')
				k++;
		skip = have - (k + 1);
		if (skip < 1)
			return 0;
		memcpy(v, parts, sizeof(v));
		k = skip;
		if ((v[k] = digits(s, n, &i, 2)) < 0)
			return 0;
		k++;
	} else {
		return 0;
	}
	while (i < n && s[i] == '-' && k < 3) {
		i++;
		if ((v[k] = digits(s, n, &i, 2)) < 0)
			return 0;
		k++;
	}
	if (i < n) {
		/* Only a time of day may follow a full date. */
		if (k != 3 || s[i] != 'T')
			return 0;
		for (t = i + 1; t < n; t++)
			if (!(s[t] >= '0' && s[t] <= '9') && s[t] != ':' &&
			    s[t] != '.')
				return 0;
	}
	if (k >= 2 && (v[1] < 1 || v[1] > 12))
		return 0;
	if (k >= 3 && (v[2] < 1 || v[2] > days_in_month(v[0], (int)v[1])))
		return 0;
	memcpy(parts, v, sizeof(v));
	return k;
}

/*
 * The first (or, with `last`, the last) day of an ISO 8601 date, month,
 * year, date-time or interval A/B, as YYYY-MM-DD in out (11 bytes).
 * Returns 0 when the value has no calendar bounds (--02-25, durations,
 * anything malformed).
 */
static int
iso_bound(const char *s, size_t n, int last, char out[11])
{
	const char *slash = memchr(s, '/', n);
	long a[3] = { 0, 1, 1 }, b[3];
	int ka, kb;

	if (!slash) {
		if ((ka = parse_iso_date(s, n, a, 0)) == 0)
			return 0;
		memcpy(b, a, sizeof(b));
		kb = ka;
	} else {
		if ((ka = parse_iso_date(s, (size_t)(slash - s), a, 0)) == 0)
			return 0;
		memcpy(b, a, sizeof(b));
		kb = parse_iso_date(slash + 1, n - (size_t)(slash - s) - 1, b, ka);
		if (kb == 0 || memchr(slash + 1, '/', n - (size_t)(slash - s) - 1))
			return 0;
	}
	if (!last) {
		if (ka < 2)
			a[1] = 1;
		if (ka < 3)
			a[2] = 1;
		snprintf(out, 11, "%04ld-%02ld-%02ld", a[0], a[1], a[2]);
	} else {
		if (kb < 2)
			b[1] = 12;
		if (kb < 3)
			b[2] = days_in_month(b[0], (int)b[1]);
		snprintf(out, 11, "%04ld-%02ld-%02ld", b[0], b[1], b[2]);
	}
	return 1;
}

/* ---- canonical numbers --------------------------------------------------- */

/*
 * A double as ECMAScript's Number::toString writes it (the form RFC 8785
 * JSON canonicalization uses): the shortest digits that read back to the
 * same value, positional notation for exponents -6 < n <= 21, else
 * d.ddde+N.  1.0 is "1", 1e21 is "1e+21", 1e-7 is "1e-7", -0 is "0".
 * out must hold 32 bytes.
 */
static void
format_real(double x, char *out)
{
	char tmp[40], dig[20];
	int prec, k = 0, e, n, i;
	char *p = out;
	const char *q;

	if (x == 0) {
		strcpy(out, "0");
		return;
	}
	/*
	 * Any decimal of 15 significant digits or fewer survives the trip
	 * through a double (DBL_DIG), so when 15 digits read back, the
	 * shortest form is those digits without their trailing zeros;
	 * otherwise 16 or 17 digits are needed.  Subnormals have fewer
	 * digits of precision: search them all.
	 */
	prec = x > -DBL_MIN && x < DBL_MIN ? 1 : 15;
	for (; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	q = tmp;
	if (*q == '-') {
		*p++ = '-';
		q++;
	}
	for (; *q && *q != 'e'; q++)
		if (*q >= '0' && *q <= '9')
			dig[k++] = *q;
	while (k > 1 && dig[k - 1] == '0')
		k--;
	e = atoi(q + 1);
	n = e + 1;
	if (k <= n && n <= 21) {
		memcpy(p, dig, (size_t)k);
		p += k;
		for (i = k; i < n; i++)
			*p++ = '0';
	} else if (0 < n && n <= 21) {
		memcpy(p, dig, (size_t)n);
		p += n;
		*p++ = '.';
		memcpy(p, dig + n, (size_t)(k - n));
		p += k - n;
	} else if (-6 < n && n <= 0) {
		*p++ = '0';
		*p++ = '.';
		for (i = 0; i < -n; i++)
			*p++ = '0';
		memcpy(p, dig, (size_t)k);
		p += k;
	} else {
		*p++ = dig[0];
		if (k > 1) {
			*p++ = '.';
			memcpy(p, dig + 1, (size_t)(k - 1));
			p += k - 1;
		}
		p += sprintf(p, "e%c%d", n - 1 < 0 ? '-' : '+',
		    n - 1 < 0 ? 1 - n : n - 1);
	}
	*p = '\0';
}

/* ---- a JSON line as a flat token array ------------------------------------ */

/*
 * np-csv only reads records, so instead of building a jansson tree (a hash
 * table and an allocation per value) it checks each line against the JSON
 * grammar in one pass and records its values as tokens in document order,
 * like jsmn.  Strings stay where they are in the line and are decoded only
 * when written.  It is as strict as jansson: invalid UTF-8, lone
 * surrogates, \u0000, control characters and trailing text are errors.
 */
enum { J_NULL, J_FALSE, J_TRUE, J_INT, J_REAL, J_STRING, J_ARRAY, J_OBJECT };

#define NONE ((size_t)-1)
#define MAX_DEPTH 2048

struct jtok {
	unsigned char type;
	unsigned char escaped;	/* a string with backslash escapes */
	size_t start, len;	/* strings: the text between the quotes */
	size_t count;		/* containers: elements or members */
	size_t next;		/* the token after this value (and its children) */
};

struct jdoc {
	const char *s;
	size_t n;
	struct jtok *t;
	size_t nt, cap;
	const char *err;	/* why the line is not JSON */
	size_t errpos;		/* and the byte where that was seen */
};

static size_t
jnew(struct jdoc *d, int type, size_t start)
{
	if (d->nt == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->t = ereallocarray(d->t, d->cap, sizeof(*d->t));
	}
	d->t[d->nt].type = (unsigned char)type;
	d->t[d->nt].escaped = 0;
	d->t[d->nt].start = start;
	d->t[d->nt].len = 0;
	d->t[d->nt].count = 0;
	d->t[d->nt].next = d->nt + 1;
	return d->nt++;
}

static size_t
jspace(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r'))
		i++;
	return i;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The 4 hex digits at s[i]: a UTF-16 unit, or -1. */
static long
hex4(const char *s, size_t n, size_t i)
{
	long v = 0;
	int k, h;

	if (i + 4 > n)
		return -1;
	for (k = 0; k < 4; k++) {
		if ((h = hexval(s[i + k])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Length of the valid UTF-8 sequence at s[i] (lead byte >= 0x80), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = s[i];
	size_t len, k;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;	/* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (k = 2; k < len; k++)
		if (s[i + k] < 0x80 || s[i + k] > 0xBF)
			return 0;
	return len;
}

/* A string starting at the quote s[*i]; the token spans its contents. */
static int
jstring(struct jdoc *d, size_t *i)
{
	const unsigned char *s = (const unsigned char *)d->s;
	size_t n = d->n, j = *i + 1, k, tok;
	long u, lo;

	tok = jnew(d, J_STRING, j);
	for (;;) {
		while (j < n && s[j] >= 0x20 && s[j] < 0x80 && s[j] != '"' &&
		    s[j] != '\\')
			j++;
		if (j >= n) {
			d->err = "unterminated string";
			d->errpos = j;
			return -1;
		}
		if (s[j] == '"')
			break;
		if (s[j] < 0x20) {
			d->err = "control character in a string";
			d->errpos = j;
			return -1;
		}
		if (s[j] >= 0xE1 && s[j] <= 0xEC && j + 2 < n &&
		    (s[j + 1] & 0xC0) == 0x80 && (s[j + 2] & 0xC0) == 0x80) {
			j += 3;		/* most of CJK: the common case */
			continue;
		}
		if (s[j] >= 0x80) {
			if ((k = utf8_seq(s, n, j)) == 0) {
				d->err = "invalid UTF-8 in a string";
				d->errpos = j;
				return -1;
			}
			j += k;
			continue;
		}
		/* a backslash */
		d->t[tok].escaped = 1;
		if (j + 1 >= n) {
			d->err = "unterminated string";
			d->errpos = j;
			return -1;
		}
		switch (s[j + 1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			j += 2;
			continue;
		case 'u':
			break;
		default:
			d->err = "invalid escape in a string";
			d->errpos = j;
			return -1;
		}
		if ((u = hex4(d->s, n, j + 2)) < 0) {
			d->err = "invalid \\u escape";
			d->errpos = j;
			return -1;
		}
		j += 6;
		if (u == 0) {
			d->err = "a string holds \\u0000 (NUL), which is not supported";
			d->errpos = j - 6;
			return -1;
		}
		if (u >= 0xDC00 && u <= 0xDFFF) {
			d->err = "lone low surrogate in a \\u escape";
			d->errpos = j - 6;
			return -1;
		}
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (j + 1 >= n || s[j] != '\\' || s[j + 1] != 'u' ||
			    (lo = hex4(d->s, n, j + 2)) < 0xDC00 || lo > 0xDFFF) {
				d->err = "lone high surrogate in a \\u escape";
				d->errpos = j;
				return -1;
			}
			j += 6;
		}
	}
	d->t[tok].len = j - d->t[tok].start;
	*i = j + 1;
	return 0;
}

static int
jdigits(const char *s, size_t n, size_t *i)
{
	size_t j = *i;

	while (j < n && s[j] >= '0' && s[j] <= '9')
		j++;
	if (j == *i)
		return -1;
	*i = j;
	return 0;
}

static int
jnumber(struct jdoc *d, size_t *i)
{
	const char *s = d->s;
	size_t n = d->n, j = *i, tok;
	int real = 0;
	char *tmp;
	double x;

	if (j < n && s[j] == '-')
		j++;
	if (j < n && s[j] == '0')
		j++;
	else if (jdigits(s, n, &j) < 0)
		goto bad;
	if (j < n && s[j] == '.') {
		j++;
		real = 1;
		if (jdigits(s, n, &j) < 0)
			goto bad;
	}
	if (j < n && (s[j] == 'e' || s[j] == 'E')) {
		j++;
		real = 1;
		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (jdigits(s, n, &j) < 0)
			goto bad;
	}
	tok = jnew(d, real ? J_REAL : J_INT, *i);
	d->t[tok].len = j - *i;
	if (real) {
		tmp = estrndup(s + *i, j - *i);
		x = strtod(tmp, NULL);
		free(tmp);
		if (x > 1.7976931348623157e308 || x < -1.7976931348623157e308) {
			d->err = "real number overflow";
			d->errpos = *i;
			return -1;
		}
	}
	*i = j;
	return 0;
bad:
	d->err = "invalid number";
	d->errpos = j;
	return -1;
}

static int jvalue(struct jdoc *d, size_t *i, int depth);

static int
jcontainer(struct jdoc *d, size_t *i, int depth)
{
	const char *s = d->s;
	size_t n = d->n, tok;
	int object = s[*i] == '{';
	char close = object ? '}' : ']';

	if (depth > MAX_DEPTH) {
		d->err = "nesting too deep";
		d->errpos = *i;
		return -1;
	}
	tok = jnew(d, object ? J_OBJECT : J_ARRAY, *i);
	*i = jspace(s, n, *i + 1);
	if (*i < n && s[*i] == close) {
		(*i)++;
		d->t[tok].len = *i - d->t[tok].start;
		return 0;
	}
	for (;;) {
		if (object) {
			if (*i >= n || s[*i] != '"') {
				d->err = "string or '}' expected";
				d->errpos = *i;
				return -1;
			}
			if (jstring(d, i) < 0)
				return -1;
			*i = jspace(s, n, *i);
			if (*i >= n || s[*i] != ':') {
				d->err = "':' expected";
				d->errpos = *i;
				return -1;
			}
			*i = jspace(s, n, *i + 1);
		}
		if (jvalue(d, i, depth + 1) < 0)
			return -1;
		d->t[tok].count++;
		*i = jspace(s, n, *i);
		if (*i < n && s[*i] == ',') {
			*i = jspace(s, n, *i + 1);
			continue;
		}
		if (*i < n && s[*i] == close)
			break;
		d->err = object ? "',' or '}' expected" : "',' or ']' expected";
		d->errpos = *i;
		return -1;
	}
	(*i)++;
	d->t[tok].len = *i - d->t[tok].start;
	d->t[tok].next = d->nt;
	return 0;
}

static int
jliteral(struct jdoc *d, size_t *i, const char *word, int type)
{
	size_t len = strlen(word);

	if (*i + len > d->n || memcmp(d->s + *i, word, len) != 0) {
		d->err = "invalid token";
		d->errpos = *i;
		return -1;
	}
	jnew(d, type, *i);
	*i += len;
	return 0;
}

static int
jvalue(struct jdoc *d, size_t *i, int depth)
{
	if (*i >= d->n) {
		d->err = "unexpected end of line";
		d->errpos = *i;
		return -1;
	}
	switch (d->s[*i]) {
	case '{':
	case '[':
		return jcontainer(d, i, depth);
	case '"':
		return jstring(d, i);
	case 't':
		return jliteral(d, i, "true", J_TRUE);
	case 'f':
		return jliteral(d, i, "false", J_FALSE);
	case 'n':
		return jliteral(d, i, "null", J_NULL);
	default:
		return jnumber(d, i);
	}
}

static const char *
json_type_name(int type)
{
	switch (type) {
	case J_ARRAY: return "array";
	case J_OBJECT: return "object";
	case J_STRING: return "string";
	case J_INT: case J_REAL: return "number";
	case J_NULL: return "null";
	default: return "boolean";
	}
}

/* Tokenize one line holding one JSON object; -1 with d->err set. */
static int
jparse(struct jdoc *d, const char *s, size_t n)
{
	size_t i;

	d->s = s;
	d->n = n;
	d->nt = 0;
	d->err = NULL;
	i = jspace(s, n, 0);
	if (jvalue(d, &i, 1) < 0)
		return -1;
	if (jspace(s, n, i) != n) {
		d->err = "text after the value";
		d->errpos = i;
		return -1;
	}
	if (d->t[0].type != J_OBJECT) {
		d->err = "not a JSON object";
		d->errpos = 0;
		return -1;
	}
	return 0;
}

/* Append the decoded contents of string token t to b. */
static void
jdecode(const struct jdoc *d, size_t t, struct np_buf *b)
{
	const char *s = d->s + d->t[t].start;
	size_t n = d->t[t].len, i = 0, j;
	uint32_t cp;

	if (!d->t[t].escaped) {
		buf_add(b, s, n);
		return;
	}
	while (i < n) {
		for (j = i; j < n && s[j] != '\\'; j++)
			;
		buf_add(b, s + i, j - i);
		if (j >= n)
			break;
		switch (s[j + 1]) {
		case 'b': buf_addc(b, '\b'); break;
		case 'f': buf_addc(b, '\f'); break;
		case 'n': buf_addc(b, '\n'); break;
		case 'r': buf_addc(b, '\r'); break;
		case 't': buf_addc(b, '\t'); break;
		case 'u':
			cp = (uint32_t)hex4(s, n, j + 2);
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    ((uint32_t)hex4(s, n, j + 8) - 0xDC00);
				j += 6;
			}
			buf_addcp(b, cp);
			i = j + 6;
			continue;
		default: buf_addc(b, s[j + 1]); break;
		}
		i = j + 2;
	}
}

/* Does string token t equal key[0..n)? */
static int
jkey_is(const struct jdoc *d, size_t t, const char *key, size_t n,
    struct np_buf *tmp)
{
	if (!d->t[t].escaped)
		return d->t[t].len == n && memcmp(d->s + d->t[t].start, key, n) == 0;
	buf_reset(tmp);
	jdecode(d, t, tmp);
	return tmp->len == n && memcmp(tmp->s, key, n) == 0;
}

/* The value of member key[0..n) of object token obj (the last one when a
 * key repeats, as jansson does), or NONE. */
static size_t
jmember(const struct jdoc *d, size_t obj, const char *key, size_t n,
    struct np_buf *tmp)
{
	size_t k = obj + 1, m, found = NONE;

	if (obj == NONE || d->t[obj].type != J_OBJECT)
		return NONE;
	for (m = 0; m < d->t[obj].count; m++) {
		if (jkey_is(d, k, key, n, tmp))
			found = k + 1;
		k = d->t[k + 1].next;
	}
	return found;
}

/* Append the value's JSON text without insignificant white space. */
static void
jcompact(const struct jdoc *d, size_t t, struct np_buf *b)
{
	const char *s = d->s + d->t[t].start;
	size_t n = d->t[t].len, i, from = 0;
	int in_string = 0;

	for (i = 0; i < n; i++) {
		if (in_string) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_string = 0;
		} else if (s[i] == '"') {
			in_string = 1;
		} else if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			buf_add(b, s + from, i - from);
			from = i + 1;
		}
	}
	buf_add(b, s + from, n - from);
}

/* ---- the filter ---------------------------------------------------------- */

enum { BOUND_NONE, BOUND_FIRST, BOUND_LAST };

struct column {
	char *name;		/* header text */
	char *path;		/* --fields: dot path, relative to the element
				   when `explode` >= 0; "" is the element */
	int explode;		/* which exploded array the path reads, or -1 */
	int ordinal;		/* the path is "#": the element number */
	int bound;		/* BOUND_*: ISO 8601 first or last day */
};

struct cell {
	size_t row, col;
	size_t value;		/* a token of the current record */
};

struct filter {
	int fixed;		/* columns from --fields */
	struct column *cols;
	size_t ncols, capcols;
	size_t *slots;		/* name hash: column index + 1, 0 when free */
	size_t nslots;
	char **explode;		/* dot paths */
	char **explode_flat;	/* the same joined with --flatsep */
	size_t nexplode;
	size_t *arrays;		/* the current record's exploded arrays */
	size_t *elems;		/* and their elements for the current row */
	int header_done;
	int growing;		/* a new key adds a column instead of failing */
	struct jdoc doc;	/* the current record */
	struct cell *cells;
	size_t ncells, capcells;
	size_t *rowvals;	/* one row's values by column */
	struct np_buf out, name, scratch, text, key, prev, why;
	int have_prev;
	FILE *spill;		/* --all-fields: records waiting for pass 2 */
};

static size_t
hash_name(const char *s, size_t n)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Column index of a header name, or -1. */
static long
find_column(const struct filter *f, const char *s, size_t n)
{
	size_t i, c;

	if (!f->nslots)
		return -1;
	for (i = hash_name(s, n) & (f->nslots - 1); (c = f->slots[i]) != 0;
	    i = (i + 1) & (f->nslots - 1)) {
		const char *name = f->cols[c - 1].name;

		if (strncmp(name, s, n) == 0 && name[n] == '\0')
			return (long)(c - 1);
	}
	return -1;
}

static void
rehash(struct filter *f)
{
	size_t i, j;

	free(f->slots);
	f->nslots = f->nslots ? f->nslots * 2 : 64;
	f->slots = ecalloc(f->nslots, sizeof(*f->slots));
	for (i = 0; i < f->ncols; i++) {
		const char *name = f->cols[i].name;

		for (j = hash_name(name, strlen(name)) & (f->nslots - 1);
		    f->slots[j]; j = (j + 1) & (f->nslots - 1))
			;
		f->slots[j] = i + 1;
	}
}

static size_t
add_column(struct filter *f, const char *name, size_t n)
{
	struct column *c;
	size_t j;

	if (f->ncols == f->capcols) {
		f->capcols = f->capcols ? f->capcols * 2 : 16;
		f->cols = ereallocarray(f->cols, f->capcols, sizeof(*f->cols));
		f->rowvals = ereallocarray(f->rowvals, f->capcols,
		    sizeof(*f->rowvals));
	}
	c = &f->cols[f->ncols++];
	memset(c, 0, sizeof(*c));
	c->name = estrndup(name, n);
	c->explode = -1;
	if (f->ncols * 2 > f->nslots) {
		rehash(f);
	} else {
		for (j = hash_name(name, n) & (f->nslots - 1); f->slots[j];
		    j = (j + 1) & (f->nslots - 1))
			;
		f->slots[j] = f->ncols;
	}
	return f->ncols - 1;
}

/* Split a comma-separated list. */
static char **
split_list(const char *s, size_t *count)
{
	char **v = NULL;
	size_t n = 0;
	const char *comma;

	for (;;) {
		comma = strchr(s, ',');
		v = ereallocarray(v, n + 1, sizeof(*v));
		v[n++] = comma ? estrndup(s, (size_t)(comma - s)) : estrdup(s);
		if (!comma)
			break;
		s = comma + 1;
	}
	*count = n;
	return v;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Set up a --fields column: strip a :firstday / :lastday suffix and find
 * the exploded array (the longest whose path prefixes this one) it reads.
 */
static int
setup_fixed_column(struct filter *f, struct column *c, const char *spec)
{
	const char *colon = strrchr(spec, ':');
	size_t n = strlen(spec), i, best = 0, len, skip;
	char *path;

	if (colon && strcmp(colon, ":firstday") == 0)
		c->bound = BOUND_FIRST;
	else if (colon && strcmp(colon, ":lastday") == 0)
		c->bound = BOUND_LAST;
	if (c->bound)
		n = (size_t)(colon - spec);
	if (n == 0)
		return -1;
	path = estrndup(spec, n);
	c->explode = -1;
	for (i = 0; i < f->nexplode; i++) {
		len = strlen(f->explode[i]);
		if (len > best && strncmp(path, f->explode[i], len) == 0 &&
		    (path[len] == '\0' || path[len] == '.')) {
			best = len;
			c->explode = (int)i;
		}
	}
	if (c->explode >= 0) {
		skip = best + (path[best] == '.');
		memmove(path, path + skip, strlen(path + skip) + 1);
		c->ordinal = strcmp(path, "#") == 0;
	} else if (strcmp(path, "#") == 0 && f->nexplode > 0) {
		c->ordinal = 1;
		c->explode = 0;
	}
	c->path = path;
	return 0;
}

static struct filter *
filter_new(void)
{
	struct filter *f = ecalloc(1, sizeof(*f));
	size_t i, n;
	char **v;

	buf_init(&f->out);
	buf_init(&f->name);
	buf_init(&f->scratch);
	buf_init(&f->text);
	buf_init(&f->key);
	buf_init(&f->prev);
	buf_init(&f->why);
	buf_grow(&f->name, 64);
	if (opt_explode.len) {
		f->explode = split_list(opt_explode.s, &f->nexplode);
		f->explode_flat = ecalloc(f->nexplode, sizeof(*f->explode_flat));
		for (i = 0; i < f->nexplode; i++) {
			struct np_buf b;
			const char *p;

			if (!*f->explode[i])
				np_die(NP_EXIT_USAGE, "--explode: empty field name");
			buf_init(&b);
			buf_grow(&b, 0);
			for (p = f->explode[i]; *p; p++)
				if (*p == '.')
					buf_adds(&b, opt_flatsep);
				else
					buf_addc(&b, *p);
			f->explode_flat[i] = buf_take(&b);
		}
		f->arrays = ecalloc(f->nexplode, sizeof(*f->arrays));
		f->elems = ecalloc(f->nexplode, sizeof(*f->elems));
	}
	if (opt_fields) {
		f->fixed = 1;
		v = split_list(opt_fields, &n);
		for (i = 0; i < n; i++) {
			size_t c = add_column(f, v[i], strlen(v[i]));

			if (setup_fixed_column(f, &f->cols[c], v[i]) < 0)
				np_die(NP_EXIT_USAGE, "--fields: empty field name");
		}
		free_list(v, n);
		if (opt_names) {
			v = split_list(opt_names, &n);
			if (n != f->ncols)
				np_die(NP_EXIT_USAGE,
				    "--names gives %zu names for %zu fields",
				    n, f->ncols);
			for (i = 0; i < n; i++) {
				free(f->cols[i].name);
				f->cols[i].name = v[i];
			}
			free(v);
		}
	}
	f->growing = !f->fixed;
	return f;
}

static void
filter_free(struct filter *f)
{
	size_t i;

	for (i = 0; i < f->ncols; i++) {
		free(f->cols[i].name);
		free(f->cols[i].path);
	}
	free(f->cols);
	free(f->slots);
	free(f->rowvals);
	if (f->nexplode) {
		free_list(f->explode, f->nexplode);
		free_list(f->explode_flat, f->nexplode);
	}
	free(f->arrays);
	free(f->elems);
	free(f->doc.t);
	free(f->cells);
	buf_free(&f->out);
	buf_free(&f->name);
	buf_free(&f->scratch);
	buf_free(&f->text);
	buf_free(&f->key);
	buf_free(&f->prev);
	buf_free(&f->why);
	if (f->spill)
		fclose(f->spill);
	free(f);
}

/* ---- writing fields ------------------------------------------------------ */

/* Append one field to b, quoted when it must be (or with --quote-all). */
static void
put_field(struct np_buf *b, const char *s, size_t n, int is_null)
{
	size_t i;
	int quote = opt_quote_all && !is_null;

	if (!quote && n == 0 && !is_null && *opt_null == '\0')
		quote = 1;	/* keep "" apart from an empty null */
	for (i = 0; !quote && i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c > '"' && c != (unsigned char)opt_delim)
			continue;	/* most bytes */
		if (c == '"' || c == (unsigned char)opt_delim || c == '\n' ||
		    c == '\r')
			quote = 1;
	}
	if (!quote) {
		buf_add(b, s, n);
		return;
	}
	buf_grow(b, 2 * n + 3);
	b->len += csv_write2(b->s + b->len, 2 * n + 2, s, n, '"');
	b->s[b->len] = '\0';
}

static void
end_line(struct np_buf *b)
{
	if (opt_crlf)
		buf_addc(b, '\r');
	buf_addc(b, '\n');
}

/*
 * Append the text of scalar token t to b: strings decoded, integers as
 * written (-0 as 0), reals canonical, booleans true/false.  Returns 0 for
 * null and containers.
 */
static int
scalar_text(const struct jdoc *d, size_t t, struct np_buf *b)
{
	const struct jtok *k = &d->t[t];
	char num[32], *tmp;

	switch (k->type) {
	case J_STRING:
		jdecode(d, t, b);
		return 1;
	case J_INT:
		if (k->len == 2 && d->s[k->start] == '-' && d->s[k->start + 1] == '0')
			buf_addc(b, '0');
		else
			buf_add(b, d->s + k->start, k->len);
		return 1;
	case J_REAL:
		tmp = estrndup(d->s + k->start, k->len);
		format_real(strtod(tmp, NULL), num);
		free(tmp);
		buf_adds(b, num);
		return 1;
	case J_TRUE:
		buf_add(b, "true", 4);
		return 1;
	case J_FALSE:
		buf_add(b, "false", 5);
		return 1;
	default:
		return 0;
	}
}

/*
 * Append the value of one cell: null and missing as --null, an array of
 * scalars joined with --join, any other array or object as compact JSON.
 */
static void
put_value(struct filter *f, struct np_buf *b, size_t t, int bound)
{
	const struct jdoc *d = &f->doc;
	char day[11];
	size_t i, e;
	int type = t == NONE ? J_NULL : d->t[t].type;

	buf_reset(&f->text);
	if (bound) {
		if (type == J_STRING) {
			jdecode(d, t, &f->text);
			if (iso_bound(f->text.s, f->text.len, bound == BOUND_LAST,
			    day)) {
				put_field(b, day, 10, 0);
				return;
			}
		}
		put_field(b, opt_null, strlen(opt_null), 1);
		return;
	}
	if (type == J_STRING && !d->t[t].escaped) {
		put_field(b, d->s + d->t[t].start, d->t[t].len, 0);
		return;
	}
	if (type == J_NULL) {
		put_field(b, opt_null, strlen(opt_null), 1);
		return;
	}
	if (type == J_ARRAY) {
		for (i = 0, e = t + 1; i < d->t[t].count; i++, e = d->t[e].next) {
			if (d->t[e].type == J_ARRAY || d->t[e].type == J_OBJECT) {
				buf_reset(&f->text);
				jcompact(d, t, &f->text);
				break;
			}
			if (i > 0)
				buf_adds(&f->text, opt_join);
			scalar_text(d, e, &f->text);
		}
	} else if (type == J_OBJECT) {
		jcompact(d, t, &f->text);
	} else {
		scalar_text(d, t, &f->text);
	}
	put_field(b, f->text.s ? f->text.s : "", f->text.len, 0);
}

static void
write_header(struct filter *f, FILE *out)
{
	size_t i;

	if (f->header_done)
		return;
	f->header_done = 1;
	f->growing = 0;
	buf_reset(&f->out);
	if (opt_bom)
		buf_add(&f->out, "\xEF\xBB\xBF", 3);
	if (!opt_no_header) {
		for (i = 0; i < f->ncols; i++) {
			if (i > 0)
				buf_addc(&f->out, opt_delim);
			put_field(&f->out, f->cols[i].name,
			    strlen(f->cols[i].name), 0);
		}
		end_line(&f->out);
	}
	if (f->out.len)
		efwrite(f->out.s, f->out.len, out);
	buf_reset(&f->out);
}

/* End the row in f->out that began at `start`; --uniq drops repeats. */
static void
finish_row(struct filter *f, size_t start)
{
	size_t n;

	end_line(&f->out);
	if (!opt_uniq)
		return;
	n = f->out.len - start;
	if (f->have_prev && f->prev.len == n &&
	    memcmp(f->prev.s, f->out.s + start, n) == 0) {
		f->out.len = start;
		return;
	}
	buf_reset(&f->prev);
	buf_add(&f->prev, f->out.s + start, n);
	f->have_prev = 1;
}

/* ---- gathering a record's rows ------------------------------------------- */

/* The token at a dot path below t; keys holding dots are found too. */
static size_t
resolve(struct filter *f, size_t t, const char *path)
{
	const struct jdoc *d = &f->doc;
	const char *dot;
	size_t v;

	if (!*path)
		return t;
	if (t == NONE || d->t[t].type != J_OBJECT)
		return NONE;
	if ((v = jmember(d, t, path, strlen(path), &f->key)) != NONE)
		return v;
	for (dot = strchr(path, '.'); dot; dot = strchr(dot + 1, '.')) {
		v = jmember(d, t, path, (size_t)(dot - path), &f->key);
		if (v != NONE && (v = resolve(f, v, dot + 1)) != NONE)
			return v;
	}
	return NONE;
}

/*
 * Find the record's exploded arrays; returns the number of rows it yields
 * (1 without --explode), or -1 with f->why set.
 */
static long
find_arrays(struct filter *f)
{
	const struct jdoc *d = &f->doc;
	size_t i, a, rows = 0;

	if (!f->nexplode)
		return 1;
	for (i = 0; i < f->nexplode; i++) {
		a = resolve(f, 0, f->explode[i]);
		if (a != NONE && d->t[a].type != J_NULL &&
		    d->t[a].type != J_ARRAY) {
			buf_reset(&f->why);
			buf_printf(&f->why, "field %s is not an array",
			    f->explode[i]);
			return -1;
		}
		f->arrays[i] = a != NONE && d->t[a].type == J_ARRAY ? a : NONE;
		f->elems[i] = NONE;
		if (f->arrays[i] != NONE && d->t[a].count > rows)
			rows = d->t[a].count;
	}
	return (long)rows;
}

/* Move the exploded arrays' elements to row r (rows go up by one). */
static void
next_elements(struct filter *f, size_t r)
{
	const struct jdoc *d = &f->doc;
	size_t i, a;

	for (i = 0; i < f->nexplode; i++) {
		a = f->arrays[i];
		if (a == NONE || r >= d->t[a].count)
			f->elems[i] = NONE;
		else
			f->elems[i] = r == 0 ? a + 1 : d->t[f->elems[i]].next;
	}
}

static void
add_cell(struct filter *f, size_t row, size_t col, size_t v)
{
	if (f->ncells == f->capcells) {
		f->capcells = f->capcells ? f->capcells * 2 : 64;
		f->cells = ereallocarray(f->cells, f->capcells,
		    sizeof(*f->cells));
	}
	f->cells[f->ncells].row = row;
	f->cells[f->ncells].col = col;
	f->cells[f->ncells].value = v;
	f->ncells++;
}

/* A leaf of the flattened record, named by f->name. */
static int
add_leaf(struct filter *f, size_t row, size_t v)
{
	long c = find_column(f, f->name.s, f->name.len);

	if (c < 0) {
		if (!f->growing) {
			if (f->doc.t[v].type == J_NULL)
				return 0;	/* nothing is lost */
			buf_reset(&f->why);
			buf_printf(&f->why, "key %s is not in the header, which "
			    "comes from the first record; use --all-fields or "
			    "--fields", f->name.s);
			return -1;
		}
		c = (long)add_column(f, f->name.s, f->name.len);
	}
	add_cell(f, row, (size_t)c, v);
	return 0;
}

static int flatten(struct filter *f, size_t obj, size_t row);

/* Flatten value v named f->name: objects recurse, an exploded array
 * gives its element for this row, anything else is a leaf. */
static int
flatten_value(struct filter *f, size_t v, size_t row)
{
	const struct jdoc *d = &f->doc;
	size_t i;

	if (d->t[v].type == J_ARRAY) {
		for (i = 0; i < f->nexplode; i++) {
			if (strcmp(f->name.s, f->explode_flat[i]) != 0)
				continue;
			if ((v = f->elems[i]) == NONE)
				return 0;
			break;
		}
	}
	if (d->t[v].type == J_OBJECT && d->t[v].count > 0)
		return flatten(f, v, row);
	return add_leaf(f, row, v);
}

static int
flatten(struct filter *f, size_t obj, size_t row)
{
	const struct jdoc *d = &f->doc;
	size_t mark = f->name.len, k = obj + 1, m;

	for (m = 0; m < d->t[obj].count; m++) {
		if (mark > 0)
			buf_adds(&f->name, opt_flatsep);
		jdecode(d, k, &f->name);
		if (flatten_value(f, k + 1, row) < 0)
			return -1;
		f->name.len = mark;
		f->name.s[mark] = '\0';
		k = d->t[k + 1].next;
	}
	return 0;
}

/* Gather the record's cells; returns the number of rows or -1. */
static long
gather(struct filter *f)
{
	long rows = find_arrays(f), r;

	f->ncells = 0;
	for (r = 0; r < rows; r++) {
		next_elements(f, (size_t)r);
		buf_reset(&f->name);
		if (flatten(f, 0, (size_t)r) < 0)
			return -1;
	}
	return rows;
}

/* Write the gathered rows (flattened columns) into f->out. */
static void
put_gathered(struct filter *f, long rows)
{
	size_t i = 0, c, start;
	long r;

	for (r = 0; r < rows; r++) {
		for (c = 0; c < f->ncols; c++)
			f->rowvals[c] = NONE;
		for (; i < f->ncells && f->cells[i].row == (size_t)r; i++)
			f->rowvals[f->cells[i].col] = f->cells[i].value;
		start = f->out.len;
		for (c = 0; c < f->ncols; c++) {
			if (c > 0)
				buf_addc(&f->out, opt_delim);
			put_value(f, &f->out, f->rowvals[c], BOUND_NONE);
		}
		finish_row(f, start);
	}
}

/* Write the record's rows for the --fields columns into f->out. */
static void
put_fixed(struct filter *f, long rows)
{
	size_t c, start, base;
	long r;

	for (r = 0; r < rows; r++) {
		next_elements(f, (size_t)r);
		start = f->out.len;
		for (c = 0; c < f->ncols; c++) {
			const struct column *col = &f->cols[c];

			if (c > 0)
				buf_addc(&f->out, opt_delim);
			if (col->ordinal) {
				buf_printf(&f->out, "%ld", r + 1);
				continue;
			}
			base = col->explode < 0 ? 0 : f->elems[col->explode];
			put_value(f, &f->out,
			    base == NONE ? NONE : resolve(f, base, col->path),
			    col->bound);
		}
		finish_row(f, start);
	}
}

/* ---- --all-fields: the spill file ---------------------------------------- */

static FILE *
open_spill(void)
{
	const char *dir = getenv("TMPDIR");
	struct np_buf path;
	FILE *fp;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	buf_init(&path);
	buf_printf(&path, "%s/np-csv.XXXXXX", dir);
	if ((fd = mkstemp(path.s)) < 0)
		np_die(NP_EXIT_IO, "%s: %s", path.s, strerror(errno));
	unlink(path.s);
	if (!(fp = fdopen(fd, "w+")))
		np_die(NP_EXIT_IO, "%s: %s", path.s, strerror(errno));
	buf_free(&path);
	return fp;
}

static void
spill_line(struct filter *f, const char *line, size_t len)
{
	if (!f->spill)
		f->spill = open_spill();
	if (fwrite(line, 1, len, f->spill) != len || putc('\n', f->spill) == EOF)
		np_die(NP_EXIT_IO, "temporary file: %s", strerror(errno));
}

/* Pass 2: the header is known; write every spilled record's rows. */
static void
replay_spill(struct filter *f, FILE *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long rows;

	if (fflush(f->spill) == EOF || fseek(f->spill, 0, SEEK_SET) != 0)
		np_die(NP_EXIT_IO, "temporary file: %s", strerror(errno));
	while ((len = getline(&line, &cap, f->spill)) > 0) {
		if (jparse(&f->doc, line, (size_t)len - 1) < 0 ||
		    (rows = gather(f)) < 0)
			np_die(NP_EXIT_IO, "temporary file changed under us");
		buf_reset(&f->out);
		put_gathered(f, rows);
		if (f->out.len)
			efwrite(f->out.s, f->out.len, out);
	}
	if (ferror(f->spill))
		np_die(NP_EXIT_IO, "temporary file: %s", strerror(errno));
	free(line);
}

/* ---- the record loop ----------------------------------------------------- */

/* The first NUL or invalid UTF-8 byte of s[0..n), or n. */
static size_t
first_bad_byte(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (u[i] == 0)
			return i;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(u, n, i)) == 0)
			return i;
		i += k;
	}
	return n;
}

/*
 * Write the rows of the record on one line of JSON (with --all-fields,
 * note its keys and keep it for filter_finish).  Returns 0, or -1 with
 * *why set.
 */
static int
filter_line(struct filter *f, const char *line, size_t len, FILE *out,
    const char **why)
{
	long rows;
	size_t t;

	if (jparse(&f->doc, line, len) < 0) {
		buf_reset(&f->why);
		if ((t = first_bad_byte(line, len)) < len && line[t] == '\0')
			buf_printf(&f->why, "not JSON: NUL byte at byte %zu",
			    t + 1);
		else if (t < len)
			buf_printf(&f->why, "not JSON: invalid UTF-8 (byte "
			    "0x%02X at byte %zu)", (unsigned char)line[t], t + 1);
		else if (strcmp(f->doc.err, "not a JSON object") == 0)
			buf_printf(&f->why, "not a JSON object (a JSON %s)",
			    json_type_name(f->doc.t[0].type));
		else
			buf_printf(&f->why, "not JSON: %s (column %zu)",
			    f->doc.err, utf8_count(line, f->doc.errpos) + 1);
		*why = f->why.s;
		return -1;
	}
	if ((t = jmember(&f->doc, 0, np_opt.field, strlen(np_opt.field),
	    &f->key)) != NONE && f->doc.t[t].type != J_STRING) {
		buf_reset(&f->why);
		buf_printf(&f->why, "field %s is not a string (a JSON %s)",
		    np_opt.field, json_type_name(f->doc.t[t].type));
		*why = f->why.s;
		return -1;
	}
	rows = f->fixed ? find_arrays(f) : gather(f);
	if (rows < 0) {
		*why = f->why.s;
		return -1;
	}
	if (opt_all_fields) {
		if (rows > 0)
			spill_line(f, line, len);
		return 0;
	}
	if (f->fixed || rows > 0)
		write_header(f, out);
	buf_reset(&f->out);
	if (f->fixed)
		put_fixed(f, rows);
	else
		put_gathered(f, rows);
	if (f->out.len)
		efwrite(f->out.s, f->out.len, out);
	return 0;
}

/* The same for a record already parsed (for harnesses that hold one). */
static int __attribute__((unused))
filter_record(struct filter *f, json_t *rec, FILE *out, const char **why)
{
	char *text = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int ret;

	if (!text)
		np_die(NP_EXIT_IO, "out of memory");
	ret = filter_line(f, text, strlen(text), out, why);
	free(text);
	return ret;
}

/* After the last record: the header if still due, the spilled records. */
static void
filter_finish(struct filter *f, FILE *out)
{
	if (f->fixed || f->spill)
		write_header(f, out);
	if (f->spill)
		replay_spill(f, out);
}


int
main(int argc, char **argv)
{
	struct np_reader *r;
	struct filter *f;
	const char *line, *why;
	size_t len;
	int first, status;

	buf_init(&opt_explode);
	first = np_parse_args(&cli, argc, argv);
	if (opt_all_fields && opt_fields) {
		np_warn("--all-fields and --fields do not go together");
		np_usage(&cli);
	}
	if (opt_names && !opt_fields) {
		np_warn("--names needs --fields");
		np_usage(&cli);
	}
	f = filter_new();
	r = reader_open(argc - first, argv + first);
	while ((line = reader_next_line(r, &len)) != NULL) {
		if (is_blank_line(line, len))
			continue;
		reader_count_record(r);
		if (filter_line(f, line, len, stdout, &why) < 0)
			reader_reject(r, "%s", why);
	}
	status = reader_close(r);
	filter_finish(f, stdout);
	filter_free(f);
	buf_free(&opt_explode);
	np_finish_output();
	return status;
}
