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
	for (prec = 1; prec <= 17; prec++) {
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
	json_t *value;		/* borrowed from the record */
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
	json_t **arrays;	/* the current record's exploded arrays */
	int header_done;
	int growing;		/* a new key adds a column instead of failing */
	struct cell *cells;
	size_t ncells, capcells;
	json_t **rowvals;	/* one row's values by column */
	struct np_buf out, name, scratch, prev, why;
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

		if (strlen(name) == n && memcmp(name, s, n) == 0)
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
	if (f->ncols * 2 > f->nslots)
		rehash(f);
	else {
		size_t j;

		for (j = hash_name(name, n) & (f->nslots - 1); f->slots[j];
		    j = (j + 1) & (f->nslots - 1))
			;
		f->slots[j] = f->ncols;
	}
	return f->ncols - 1;
}

/* Split a comma-separated list; empty items are kept (and rejected later). */
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
	size_t n = strlen(spec), i, best = 0, len;
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
		memmove(path, path + best + (path[best] == '.'),
		    strlen(path + best + (path[best] == '.')) + 1);
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
	buf_init(&f->prev);
	buf_init(&f->why);
	if (opt_explode.len) {
		f->explode = split_list(opt_explode.s, &f->nexplode);
		f->explode_flat = ecalloc(f->nexplode, sizeof(*f->explode_flat));
		for (i = 0; i < f->nexplode; i++) {
			struct np_buf b;
			const char *p;

			if (!*f->explode[i])
				np_die(NP_EXIT_USAGE, "--explode: empty field name");
			buf_init(&b);
			for (p = f->explode[i]; *p; p++)
				if (*p == '.')
					buf_adds(&b, opt_flatsep);
				else
					buf_addc(&b, *p);
			f->explode_flat[i] = buf_take(&b);
		}
		f->arrays = ecalloc(f->nexplode, sizeof(*f->arrays));
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
				np_die(NP_EXIT_USAGE, "--names gives %zu names for %zu fields",
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
	free_list(f->explode, f->nexplode);
	free_list(f->explode_flat, f->nexplode);
	free(f->arrays);
	free(f->cells);
	buf_free(&f->out);
	buf_free(&f->name);
	buf_free(&f->scratch);
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
	size_t i, need;
	int quote = opt_quote_all && !is_null;

	if (!quote && n == 0 && !is_null && *opt_null == '\0')
		quote = 1;	/* keep "" apart from an empty null */
	for (i = 0; !quote && i < n; i++)
		if (s[i] == opt_delim || s[i] == '"' || s[i] == '\n' ||
		    s[i] == '\r')
			quote = 1;
	if (!quote) {
		buf_add(b, s, n);
		return;
	}
	buf_grow(b, 2 * n + 3);
	need = csv_write2(b->s + b->len, 2 * n + 2, s, n, '"');
	b->len += need;
	b->s[b->len] = '\0';
}

static void
end_line(struct np_buf *b)
{
	if (opt_crlf)
		buf_addc(b, '\r');
	buf_addc(b, '\n');
}

/* A scalar as text: strings as they are, numbers and booleans canonical. */
static int
scalar_text(json_t *v, char num[32], const char **s, size_t *n)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		*s = json_string_value(v);
		*n = json_string_length(v);
		return 1;
	case JSON_INTEGER:
		*n = (size_t)snprintf(num, 32, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		*s = num;
		return 1;
	case JSON_REAL:
		format_real(json_real_value(v), num);
		*s = num;
		*n = strlen(num);
		return 1;
	case JSON_TRUE:
		*s = "true";
		*n = 4;
		return 1;
	case JSON_FALSE:
		*s = "false";
		*n = 5;
		return 1;
	default:
		return 0;
	}
}

static void
put_json(struct np_buf *b, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);

	if (!text)
		np_die(NP_EXIT_IO, "out of memory");
	put_field(b, text, strlen(text), 0);
	free(text);
}

/*
 * Append the value of one cell: null and missing as --null, an array of
 * scalars joined with --join, any other array or object as compact JSON.
 */
static void
put_value(struct filter *f, struct np_buf *b, json_t *v, int bound)
{
	char num[32], day[11];
	const char *s;
	size_t n, i;
	json_t *e;

	if (bound) {
		if (json_is_string(v) && iso_bound(json_string_value(v),
		    json_string_length(v), bound == BOUND_LAST, day))
			put_field(b, day, 10, 0);
		else
			put_field(b, opt_null, strlen(opt_null), 1);
		return;
	}
	if (!v || json_is_null(v)) {
		put_field(b, opt_null, strlen(opt_null), 1);
	} else if (scalar_text(v, num, &s, &n)) {
		put_field(b, s, n, 0);
	} else if (json_is_array(v)) {
		buf_reset(&f->scratch);
		json_array_foreach(v, i, e) {
			if (json_is_object(e) || json_is_array(e)) {
				put_json(b, v);
				return;
			}
			if (i > 0)
				buf_adds(&f->scratch, opt_join);
			if (scalar_text(e, num, &s, &n))
				buf_add(&f->scratch, s, n);
		}
		put_field(b, f->scratch.s ? f->scratch.s : "", f->scratch.len, 0);
	} else {
		put_json(b, v);
	}
}

static void
write_header(struct filter *f, FILE *out)
{
	size_t i;

	if (f->header_done)
		return;
	f->header_done = 1;
	f->growing = 0;
	buf_reset(&f->scratch);
	buf_reset(&f->out);
	if (opt_bom)
		buf_add(&f->out, "\xEF\xBB\xBF", 3);
	if (!opt_no_header) {
		for (i = 0; i < f->ncols; i++) {
			if (i > 0)
				buf_addc(&f->out, opt_delim);
			put_field(&f->out, f->cols[i].name, strlen(f->cols[i].name), 0);
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

/* The value at a dot path; keys that themselves hold dots are found too. */
static json_t *
resolve(json_t *obj, const char *path)
{
	const char *dot;
	json_t *v;

	if (!*path)
		return obj;
	if (!json_is_object(obj))
		return NULL;
	if ((v = json_object_get(obj, path)) != NULL)
		return v;
	for (dot = strchr(path, '.'); dot; dot = strchr(dot + 1, '.')) {
		v = json_object_getn(obj, path, (size_t)(dot - path));
		if (v && (v = resolve(v, dot + 1)) != NULL)
			return v;
	}
	return NULL;
}

/*
 * Find the record's exploded arrays; returns the number of rows it yields
 * (1 without --explode), or -1 with f->why set.
 */
static long
find_arrays(struct filter *f, json_t *rec)
{
	size_t i, rows = 0;
	json_t *a;

	if (!f->nexplode)
		return 1;
	for (i = 0; i < f->nexplode; i++) {
		a = resolve(rec, f->explode[i]);
		if (a && !json_is_null(a) && !json_is_array(a)) {
			buf_reset(&f->why);
			buf_printf(&f->why, "field %s is not an array", f->explode[i]);
			return -1;
		}
		f->arrays[i] = json_is_array(a) ? a : NULL;
		if (f->arrays[i] && json_array_size(a) > rows)
			rows = json_array_size(a);
	}
	return (long)rows;
}

static void
add_cell(struct filter *f, size_t row, size_t col, json_t *v)
{
	if (f->ncells == f->capcells) {
		f->capcells = f->capcells ? f->capcells * 2 : 64;
		f->cells = ereallocarray(f->cells, f->capcells, sizeof(*f->cells));
	}
	f->cells[f->ncells].row = row;
	f->cells[f->ncells].col = col;
	f->cells[f->ncells].value = v;
	f->ncells++;
}

/* A leaf of the flattened record, named by f->name. */
static int
add_leaf(struct filter *f, size_t row, json_t *v)
{
	long c = find_column(f, f->name.s, f->name.len);

	if (c < 0) {
		if (!f->growing) {
			if (json_is_null(v))
				return 0;	/* nothing is lost */
			buf_reset(&f->why);
			buf_printf(&f->why, "key %s is not in the header (%s); "
			    "use --all-fields or --fields", f->name.s,
			    opt_all_fields ? "internal error" :
			    "taken from the first record");
			return -1;
		}
		c = (long)add_column(f, f->name.s, f->name.len);
	}
	add_cell(f, row, (size_t)c, v);
	return 0;
}

static int flatten(struct filter *f, json_t *obj, size_t row);

/* Flatten value v named f->name: objects recurse, exploded arrays give
 * their row's element, anything else is a leaf. */
static int
flatten_value(struct filter *f, json_t *v, size_t row)
{
	size_t i;

	if (json_is_array(v)) {
		for (i = 0; i < f->nexplode; i++) {
			if (strcmp(f->name.s, f->explode_flat[i]) != 0)
				continue;
			v = row < json_array_size(v) ? json_array_get(v, row) : NULL;
			if (!v)
				return 0;
			break;
		}
	}
	if (json_is_object(v) && json_object_size(v) > 0)
		return flatten(f, v, row);
	return add_leaf(f, row, v);
}

static int
flatten(struct filter *f, json_t *obj, size_t row)
{
	const char *key;
	size_t keylen, mark = f->name.len;
	json_t *v;

	json_object_keylen_foreach(obj, key, keylen, v) {
		if (mark > 0)
			buf_adds(&f->name, opt_flatsep);
		buf_add(&f->name, key, keylen);
		if (!f->name.s)
			buf_grow(&f->name, 0);
		if (flatten_value(f, v, row) < 0)
			return -1;
		f->name.len = mark;
		if (f->name.s)
			f->name.s[mark] = '\0';
	}
	return 0;
}

/* Gather the record's cells; returns the number of rows or -1. */
static long
gather(struct filter *f, json_t *rec)
{
	long rows = find_arrays(f, rec), r;

	f->ncells = 0;
	for (r = 0; r < rows; r++) {
		buf_reset(&f->name);
		if (flatten(f, rec, (size_t)r) < 0)
			return -1;
	}
	return rows;
}

/* Write the gathered rows (flattened columns) into f->out. */
static void
put_gathered(struct filter *f, long rows)
{
	size_t i = 0, c;
	long r;
	size_t start;

	for (r = 0; r < rows; r++) {
		memset(f->rowvals, 0, f->ncols * sizeof(*f->rowvals));
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
put_fixed(struct filter *f, json_t *rec, long rows)
{
	size_t c, start;
	long r;
	json_t *v, *base;

	for (r = 0; r < rows; r++) {
		start = f->out.len;
		for (c = 0; c < f->ncols; c++) {
			const struct column *col = &f->cols[c];

			if (c > 0)
				buf_addc(&f->out, opt_delim);
			if (col->ordinal) {
				buf_printf(&f->out, "%ld", r + 1);
				continue;
			}
			base = NULL;
			if (col->explode < 0)
				base = rec;
			else if (f->arrays[col->explode])
				base = json_array_get(f->arrays[col->explode],
				    (size_t)r);
			v = base ? resolve(base, col->path) : NULL;
			put_value(f, &f->out, v, col->bound);
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
spill_record(struct filter *f, json_t *rec)
{
	if (!f->spill)
		f->spill = open_spill();
	if (json_dumpf(rec, f->spill, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0 ||
	    putc('\n', f->spill) == EOF)
		np_die(NP_EXIT_IO, "temporary file: %s", strerror(errno));
}

/* Pass 2: the header is known; write every spilled record's rows. */
static void
replay_spill(struct filter *f, FILE *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	json_t *rec;
	json_error_t error;
	long rows;

	if (fflush(f->spill) == EOF || fseek(f->spill, 0, SEEK_SET) != 0)
		np_die(NP_EXIT_IO, "temporary file: %s", strerror(errno));
	while ((len = getline(&line, &cap, f->spill)) > 0) {
		rec = json_loadb(line, (size_t)len, 0, &error);
		if (!rec)
			np_die(NP_EXIT_IO, "temporary file: %s", error.text);
		rows = gather(f, rec);
		if (rows < 0)
			np_die(NP_EXIT_IO, "temporary file: %s", f->why.s);
		buf_reset(&f->out);
		put_gathered(f, rows);
		if (f->out.len)
			efwrite(f->out.s, f->out.len, out);
		json_decref(rec);
	}
	if (ferror(f->spill))
		np_die(NP_EXIT_IO, "temporary file: %s", strerror(errno));
	free(line);
}

/* ---- the record loop ----------------------------------------------------- */

/*
 * Write the rows of one record (with --all-fields, only note its keys and
 * keep it for filter_finish).  Returns 0, or -1 with *why set.
 */
static int
filter_record(struct filter *f, json_t *rec, FILE *out, const char **why)
{
	long rows;

	if (f->fixed) {
		if ((rows = find_arrays(f, rec)) < 0) {
			*why = f->why.s;
			return -1;
		}
		write_header(f, out);
		buf_reset(&f->out);
		put_fixed(f, rec, rows);
	} else {
		if ((rows = gather(f, rec)) < 0) {
			*why = f->why.s;
			return -1;
		}
		if (opt_all_fields) {
			if (rows > 0)
				spill_record(f, rec);
			return 0;
		}
		if (rows > 0)
			write_header(f, out);
		buf_reset(&f->out);
		put_gathered(f, rows);
	}
	if (f->out.len)
		efwrite(f->out.s, f->out.len, out);
	return 0;
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
	const char *why;
	json_t *rec;
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
	while ((rec = reader_next(r)) != NULL) {
		if (filter_record(f, rec, stdout, &why) < 0)
			reader_reject(r, "%s", why);
		json_decref(rec);
	}
	filter_finish(f, stdout);
	filter_free(f);
	buf_free(&opt_explode);
	status = reader_close(r);
	np_finish_output();
	return status;
}
