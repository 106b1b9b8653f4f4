/*
 * np-dates - add the dates mentioned in each record
 *
 * Reads JSON Lines records and adds `dates`: every calendar date, month,
 * year, quarter, range or date-anchored clock time named in the record's
 * title fields and text, in reading order, normalized to ISO 8601 against
 * the record's page date (its `date` field, or --date).
 *
 * The scanner works on the field decoded to code points, so offsets are
 * code-point offsets and full-width digits need no special case.  At each
 * position that can begin a date it tries the expression families in turn
 * (lunar; year-led; 本月/上月; quarter or half alone; 年底 alone;
 * month-led; day alone; clock time) and keeps the first that parses;
 * ranges, clock times and enumerations extend what was found.  Cue words and numerals live in data/date-cues.txt and
 * data/date-numerals.txt.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"
#include "lunar.h"

enum prec { P_NONE, P_YEAR, P_MONTH, P_DAY, P_MINUTE };

static const char *const prec_names[] = {
	"none", "year", "month", "day", "minute"
};

enum cue_kind {
	K_RELYEAR, K_RELYEAR_NOT_AFTER, K_RELYEAR_NOT_BEFORE, K_RELMONTH,
	K_RELDAY, K_PERIOD, K_EDGE, K_HALF, K_LUNARMONTH, K_GMONTH, K_CONNECT,
	K_COUNT_BEFORE, K_YEAR_COUNT_BEFORE, K_MONTH_NOT_AFTER, K_COUNT_AFTER,
	K_FUTURE, K_RECURRING, K_RECURRING_CLAUSE, K_NKINDS
};

static const char *const kind_names[K_NKINDS] = {
	"relyear", "relyear-not-after", "relyear-not-before", "relmonth",
	"relday", "period", "edge", "half", "lunarmonth", "gmonth", "connect",
	"count-before", "year-count-before", "month-not-after", "count-after",
	"future", "recurring", "recurring-clause"
};

#define RELDAY_ANCHOR 99	/* 当天: the day last mentioned */
#define RELDAY_NEXT 98		/* 次日: the day after it */
#define FUTURE_WINDOW 16	/* code points looked back for a future cue */
#define ALLOW_PAST 7		/* days a yearless date may lie ahead */
#define ALLOW_FUTURE 330	/* ... when a future cue precedes it */
#define ALLOW_LUNAR 30		/* ... for a yearless lunar date */

/* The fields scanned by default, in reading order. */
static const char *const default_fields[] = {
	"banner", "kicker", "headline", "subtitle", "byline", "text"
};

/* A cue word: its code points are cps[off .. off+len) of the filter. */
struct cue {
	size_t off, len;
	int v1, v2;
};

struct filter {
	uint32_t *cps;			/* code points of every cue word */
	struct cue *cues[K_NKINDS];
	size_t ncues[K_NKINDS];
	uint32_t numeral_cp[32];	/* Chinese numerals, from the table */
	int numeral_val[32];
	size_t nnumerals;
	uint8_t numeral_map[8192];	/* BMP bitmap: is it a numeral? */
	uint8_t start_map[8192];	/* ... may a date begin with it? */
	long ply_key;			/* page date of the cached lunar year */
	int ply;
	int dy, dm, dd;			/* --date, dy 0 when none */
	uint32_t *t;			/* the field being scanned */
	size_t tcap;
	struct np_buf val;		/* a value being formatted */
	struct np_buf dates;		/* `"dates":[...]` of the record */
	struct np_buf field;		/* a field read in place, unescaped */
	struct np_buf date;		/* the record's date, NUL-terminated */
	int ndates;
	struct np_buf why;		/* a rejection's reason */
};

/* A point in time at some precision; y 0 is an unknown year. */
struct point {
	int y, m, d, hh, mi;
	int prec;
};

/* One date expression found: [start, end) in code points. */
struct found {
	size_t start, end;
	struct point a, b;	/* b.prec is P_NONE unless a range */
	const char *precname;	/* NULL: the precision of a */
};

/* The state of one field's scan. */
struct scan {
	const struct filter *f;
	const uint32_t *t;
	size_t n;
	int py, pm, pd;		/* page date, py 0 when unknown */
	int ply;		/* page's lunar year, 0 when unknown */
	struct point last;	/* the last day mentioned, for clock times */
	struct found prev;	/* the last expression found */
	int have_prev;
};

static const char *opt_date;

static const struct option longopts[] = {
	{ "date", required_argument, NULL, NP_OPT_FIRST_FILTER },
	{ NULL, 0, NULL, 0 }
};

static int
handle_option(int opt, const char *arg)
{
	if (opt != NP_OPT_FIRST_FILTER)
		return 0;
	opt_date = arg;
	return 1;
}

static const struct np_cli cli = {
	.name = "np-dates",
	.usage = "np-dates [--date YYYY-MM-DD] [OPTION]... [FILE]...",
	.help = "Add `dates` to each record: every date expression in its banner,\n"
	    "kicker, headline, subtitle, byline and text, normalized to ISO 8601 against\n"
	    "the record's `date` (or --date).\n\n"
	    "Options:\n"
	    "      --date YYYY-MM-DD  page date for records without a `date` field\n",
	.longopts = longopts,
	.handle = handle_option,
	.reads_field = 1,
};

/* ---- calendar arithmetic ----------------------------------------------- */

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && (y == 0 || is_leap(y)))
		return 29;
	return days[m - 1];
}

/* Parse YYYY-MM-DD; 0 on success. */
static int
parse_iso_date(const char *s, int *y, int *m, int *d)
{
	int i;

	if (!s || strlen(s) < 10)
		return -1;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	if (*y < 1000 || *y > 2999 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > month_days(*y, *m))
		return -1;	/* a page date outside 1000-2999 is a mistake */
	return 0;
}

/* ---- tables ------------------------------------------------------------ */

static void
decode_into(const char *s, size_t n, uint32_t **cps, size_t *len, size_t *cap)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (*len == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*cps = ereallocarray(*cps, *cap, sizeof(**cps));
		}
		(*cps)[(*len)++] = cp;
		i += k;
	}
}

static void
load_cues(struct filter *f)
{
	const char *data, *fld[4];
	size_t len, lens[4], pos = 0, nf, ncp = 0, cap = 0, off;
	int k;

	data = np_data("date-cues.txt", &len);
	while ((nf = np_table_next(data, len, &pos, fld, lens, 4)) != 0) {
		if (nf < 3)
			np_die(NP_EXIT_DATA, "date-cues.txt: entry needs 3 fields");
		for (k = 0; k < K_NKINDS; k++)
			if (strlen(kind_names[k]) == lens[1] &&
			    memcmp(kind_names[k], fld[1], lens[1]) == 0)
				break;
		if (k == K_NKINDS)
			np_die(NP_EXIT_DATA, "date-cues.txt: unknown kind %.*s",
			    (int)lens[1], fld[1]);
		off = ncp;
		decode_into(fld[0], lens[0], &f->cps, &ncp, &cap);
		f->cues[k] = ereallocarray(f->cues[k], f->ncues[k] + 1,
		    sizeof(struct cue));
		f->cues[k][f->ncues[k]].off = off;
		f->cues[k][f->ncues[k]].len = ncp - off;
		f->cues[k][f->ncues[k]].v1 = atoi(fld[2]);
		f->cues[k][f->ncues[k]].v2 = nf > 3 ? atoi(fld[3]) : 0;
		f->ncues[k]++;
	}
}

static void
load_numerals(struct filter *f)
{
	const char *data, *fld[2];
	size_t len, lens[2], pos = 0;
	uint32_t cp;

	data = np_data("date-numerals.txt", &len);
	while (np_table_next(data, len, &pos, fld, lens, 2) == 2) {
		if (f->nnumerals == sizeof(f->numeral_cp) / sizeof(f->numeral_cp[0]))
			np_die(NP_EXIT_DATA, "date-numerals.txt: too many entries");
		utf8_decode(fld[0], lens[0], &cp);
		f->numeral_cp[f->nnumerals] = cp;
		f->numeral_val[f->nnumerals] = atoi(fld[1]);
		f->nnumerals++;
	}
}

static void
map_set(uint8_t *map, uint32_t c)
{
	if (c < 0x10000)
		map[c >> 3] |= (uint8_t)(1u << (c & 7));
}

static int
map_has(const uint8_t *map, uint32_t c)
{
	return c < 0x10000 && (map[c >> 3] >> (c & 7) & 1);
}

/* Mark every code point a date expression can begin with. */
static void
build_maps(struct filter *f)
{
	static const int kinds[] = {
		K_RELYEAR, K_RELMONTH, K_RELDAY, K_PERIOD, K_HALF,
		K_LUNARMONTH, K_GMONTH
	};
	static const uint32_t more[] = {
		0x5E74, 0x7B2C, 0x519C, 0x5927, 0x95F0	/* 年 第 农 大 闰 */
	};
	char name[7];
	uint32_t cp;
	size_t k, j;
	int g;

	for (k = 0; k < f->nnumerals; k++) {
		map_set(f->numeral_map, f->numeral_cp[k]);
		map_set(f->start_map, f->numeral_cp[k]);
	}
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (j = 0; j < f->ncues[kinds[k]]; j++)
			map_set(f->start_map, f->cps[f->cues[kinds[k]][j].off]);
	for (k = 0; k < sizeof(more) / sizeof(more[0]); k++)
		map_set(f->start_map, more[k]);
	for (g = 0; g < 60; g++) {	/* the heavenly stems */
		ganzhi_name(g, name);
		utf8_decode(name, strlen(name), &cp);
		map_set(f->start_map, cp);
	}
}

static struct filter *
filter_new(void)
{
	struct filter *f = ecalloc(1, sizeof(*f));

	load_cues(f);
	load_numerals(f);
	build_maps(f);
	f->ply_key = -1;
	buf_init(&f->val);
	buf_init(&f->dates);
	buf_init(&f->field);
	buf_init(&f->date);
	buf_init(&f->why);
	if (opt_date && parse_iso_date(opt_date, &f->dy, &f->dm, &f->dd) != 0)
		f->dy = 0;
	return f;
}

static void
filter_free(struct filter *f)
{
	int k;

	if (!f)
		return;
	for (k = 0; k < K_NKINDS; k++)
		free(f->cues[k]);
	free(f->cps);
	free(f->t);
	buf_free(&f->val);
	buf_free(&f->dates);
	buf_free(&f->field);
	buf_free(&f->date);
	buf_free(&f->why);
	free(f);
}

/* ---- characters and numbers -------------------------------------------- */

/* An Arabic digit, ASCII or full-width: its value, else -1. */
static int
digit_at(const struct scan *sc, size_t i)
{
	uint32_t c;

	if (i >= sc->n)
		return -1;
	c = sc->t[i];
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

/* A Chinese numeral character: 0-9, 10 (十), 20 (廿), 30 (卅); else -1. */
static int
cn_at(const struct scan *sc, size_t i)
{
	size_t k;

	if (i >= sc->n || !map_has(sc->f->numeral_map, sc->t[i]))
		return -1;
	for (k = 0; k < sc->f->nnumerals; k++)
		if (sc->f->numeral_cp[k] == sc->t[i])
			return sc->f->numeral_val[k];
	return -1;
}

static int
is_at(const struct scan *sc, size_t i, uint32_t c)
{
	return i < sc->n && sc->t[i] == c;
}

static int
is_latin(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

/* May a number begin at i?  Not inside a longer number, code or decimal. */
static int
number_starts(const struct scan *sc, size_t i)
{
	uint32_t c;

	if (i == 0)
		return 1;
	c = sc->t[i - 1];
	if (digit_at(sc, i - 1) >= 0 || is_latin(c) || c == '.' || c == 0xFF0E ||
	    c == '/' || c == '_')
		return 0;
	return cn_at(sc, i - 1) < 0 || !(cn_at(sc, i) >= 0);
}

/* Arabic digits at i: value (of the first 9 digits) and count; end. */
static size_t
arabic_at(const struct scan *sc, size_t i, int *v, int *nd)
{
	int d;

	*v = 0;
	*nd = 0;
	while ((d = digit_at(sc, i)) >= 0) {
		if (*nd < 9)
			*v = *v * 10 + d;
		(*nd)++;
		i++;
	}
	return i;
}

/* Chinese digits written positionally (一九九八, 二〇二三). */
static size_t
cn_digits_at(const struct scan *sc, size_t i, int *v, int *nd)
{
	int d;

	*v = 0;
	*nd = 0;
	while ((d = cn_at(sc, i)) >= 0 && d <= 9) {
		if (*nd < 9)
			*v = *v * 10 + d;
		(*nd)++;
		i++;
	}
	return i;
}

/* A Chinese number below 100 (三, 十二, 二十一, 廿七, 卅); 0 if none. */
static size_t
cn_number_at(const struct scan *sc, size_t i, int *v)
{
	int a = cn_at(sc, i), b;

	if (a <= 0)
		return 0;
	if (a <= 9) {
		if (cn_at(sc, i + 1) == 10) {
			*v = a * 10;
			if ((b = cn_at(sc, i + 2)) >= 1 && b <= 9) {
				*v += b;
				return i + 3;
			}
			return i + 2;
		}
		if ((b = cn_at(sc, i + 1)) >= 0 && b <= 9)
			return 0;	/* digit by digit: a year, not a day */
		*v = a;
		return i + 1;
	}
	*v = a;
	if ((b = cn_at(sc, i + 1)) >= 1 && b <= 9) {
		*v += b;
		return i + 2;
	}
	return i + 1;
}

/* A month, day or hour number: 1-2 Arabic digits or a Chinese number. */
static size_t
small_at(const struct scan *sc, size_t i, int *v, int *cn)
{
	int nd;
	size_t e;

	*cn = 0;
	if (digit_at(sc, i) >= 0) {
		e = arabic_at(sc, i, v, &nd);
		return nd <= 2 ? e : 0;
	}
	*cn = 1;
	return cn_number_at(sc, i, v);
}

/* ---- cue words --------------------------------------------------------- */

/* The longest cue of kind k at i: its end, or 0; *c receives it. */
static size_t
cue_at(const struct scan *sc, int k, size_t i, const struct cue **c)
{
	const struct filter *f = sc->f;
	size_t j, best = 0;

	for (j = 0; j < f->ncues[k]; j++) {
		const struct cue *q = &f->cues[k][j];

		if (q->len > best && i + q->len <= sc->n &&
		    sc->t[i] == f->cps[q->off] &&
		    memcmp(sc->t + i, f->cps + q->off,
		    q->len * sizeof(uint32_t)) == 0) {
			best = q->len;
			if (c)
				*c = q;
		}
	}
	return best ? i + best : 0;
}

/* Does a cue of kind k end just before i? */
static int
cue_before(const struct scan *sc, int k, size_t i)
{
	const struct filter *f = sc->f;
	size_t j;

	for (j = 0; j < f->ncues[k]; j++) {
		const struct cue *q = &f->cues[k][j];

		if (q->len <= i && sc->t[i - 1] == f->cps[q->off + q->len - 1] &&
		    memcmp(sc->t + i - q->len, f->cps + q->off,
		    q->len * sizeof(uint32_t)) == 0)
			return 1;
	}
	return 0;
}

/* Is there a cue of kind k in the clause before i? */
static int
cue_in_clause(const struct scan *sc, int kind, size_t i)
{
	size_t k, lo = i > FUTURE_WINDOW ? i - FUTURE_WINDOW : 0;
	uint32_t c;

	for (k = i; k > lo; k--) {
		c = sc->t[k - 1];
		if (c == 0x3002 || c == 0xFF1B || c == ';' || c == '\n' ||
		    c == 0xFF01 || c == 0xFF1F)
			break;
		if (cue_before(sc, kind, k))
			return 1;
	}
	return 0;
}

static int
future_before(const struct scan *sc, size_t i)
{
	return cue_in_clause(sc, K_FUTURE, i);
}

/* Is the yearless date at i a recurring one (每年11月)? */
static int
recurring(const struct scan *sc, size_t i)
{
	return cue_before(sc, K_RECURRING, i) ||
	    cue_in_clause(sc, K_RECURRING_CLAUSE, i);
}

/* ---- resolution against the page date ---------------------------------- */

static long
page_day(const struct scan *sc)
{
	return days_from_civil(sc->py, sc->pm, sc->pd);
}

/* The year of a month-day without one: the page's year, unless that lies
 * more than a few days after the page date. */
static int
year_for(const struct scan *sc, int m, int d, size_t at)
{
	long allow = future_before(sc, at) ? ALLOW_FUTURE : ALLOW_PAST;
	int y = sc->py;

	if (d > month_days(y, m))
		d = month_days(y, m);
	if (days_from_civil(y, m, d) > page_day(sc) + allow)
		y--;
	return y;
}

/* ---- expression parts -------------------------------------------------- */

/*
 * OCR often sets a blank between Arabic digits and the Chinese around
 * them (2 月 5 日): one ASCII space at i is skipped when `digits` says the
 * number beside it was written with Arabic digits.
 */
static size_t
ocr_space(const struct scan *sc, size_t i, int digits)
{
	return digits && is_at(sc, i, ' ') ? i + 1 : i;
}

/* A year written with four digits before 年 (2023年, 二〇二三年). */
static size_t
abs_year_at(const struct scan *sc, size_t i, int *y)
{
	size_t e;
	int nd;

	if (!number_starts(sc, i))
		return 0;
	if (digit_at(sc, i) >= 0)
		e = ocr_space(sc, arabic_at(sc, i, y, &nd), 1);
	else
		e = cn_digits_at(sc, i, y, &nd);
	if (!is_at(sc, e, 0x5E74))
		return 0;	/* 年 */
	if (nd != 4 || *y < 1000 || *y > 2199) {
		if (!(i >= 2 && sc->t[i - 2] == 0x516C && sc->t[i - 1] == 0x5143 &&
		    nd <= 4 && *y > 0))
			return 0;	/* 公元330年 */
	}
	if (is_at(sc, e + 1, 0x4EE3) && *y % 10 == 0)
		return 0;	/* 1990年代: a decade */
	if (cue_before(sc, K_YEAR_COUNT_BEFORE, i))
		return 0;
	if (*y < 1900 && *y % 100 == 0 && !(i >= 2 && sc->t[i - 2] == 0x516C &&
	    sc->t[i - 1] == 0x5143))
		return 0;	/* 1000年: a span, unless 公元1000年 */
	return e + 1;
}

/* A relative year word (今年, 去年...); its offset in *off. */
static size_t
rel_year_at(const struct scan *sc, size_t i, int *off)
{
	const struct cue *c;
	size_t e = cue_at(sc, K_RELYEAR, i, &c);

	if (!e)
		return 0;
	if (cue_at(sc, K_RELYEAR_NOT_AFTER, e, NULL) ||
	    cue_before(sc, K_RELYEAR_NOT_BEFORE, i))
		return 0;
	if (i > 0 && (cn_at(sc, i - 1) >= 0 || digit_at(sc, i - 1) >= 0 ||
	    sc->t[i - 1] == 0x5E74))
		return 0;	/* 十年前年..., 多年前 */
	*off = c->v1;
	return e;
}

/* A month number and 月 (3月, 十二月, 元月); 0 if none. */
static size_t
month_at(const struct scan *sc, size_t i, int *m, int *cn)
{
	size_t e;
	const struct cue *c;

	if ((e = cue_at(sc, K_GMONTH, i, &c)) != 0) {
		*m = c->v1;
		*cn = 1;
		return e;
	}
	if (!number_starts(sc, i))
		return 0;
	e = small_at(sc, i, m, cn);
	if (!e || *m < 1 || *m > 12)
		return 0;
	e = ocr_space(sc, e, !*cn);
	if (!is_at(sc, e, 0x6708))
		return 0;	/* 月 */
	return e + 1;
}

/* A day number and 日 (or 号 when `hao`); 0 if none. */
static size_t
day_at(const struct scan *sc, size_t i, int *d, int hao, int *cn)
{
	size_t e;

	if (!number_starts(sc, i))
		return 0;
	e = small_at(sc, i, d, cn);
	if (!e || *d < 1 || *d > 31)
		return 0;
	e = ocr_space(sc, e, !*cn);
	if (is_at(sc, e, 0x65E5) || (hao && is_at(sc, e, 0x53F7)))
		return e + 1;	/* 日, 号 */
	return 0;
}

static size_t
skip_blanks(const struct scan *sc, size_t i, size_t max)
{
	size_t k = 0;

	while (k < max && i < sc->n && (sc->t[i] == ' ' || sc->t[i] == 0x3000)) {
		i++;
		k++;
	}
	return i;
}

/*
 * A clock time at i: [part of day] H时[M分|半] or [part of day] HH:MM.
 * `need_period`: a bare time is only taken right after a date; `implied`
 * (else -1) is the part of the day a word before it gave (昨晚).
 */
static size_t
clock_at(const struct scan *sc, size_t i, int need_period, int implied,
    int *hh, int *mi)
{
	const struct cue *c = NULL;
	size_t j, e, e2;
	int h, m = 0, cn, nd, period = -1, below = 12;

	j = skip_blanks(sc, i, 2);
	if ((e = cue_at(sc, K_PERIOD, j, &c)) != 0) {
		period = c->v1;
		below = c->v2 ? c->v2 : 12;
		j = e;
	} else if (implied >= 0)
		period = implied;	/* 昨晚7时 */
	else if (need_period)
		return 0;
	if (digit_at(sc, j) >= 0 && (is_at(sc, j + 1, ':') ||
	    is_at(sc, j + 1, 0xFF1A) || is_at(sc, j + 2, ':') ||
	    is_at(sc, j + 2, 0xFF1A))) {
		e = arabic_at(sc, j, &h, &nd);
		if (nd > 2 || !(is_at(sc, e, ':') || is_at(sc, e, 0xFF1A)))
			return 0;
		e2 = arabic_at(sc, e + 1, &m, &nd);
		if (nd != 2)
			return 0;
		e = e2;
	} else {
		if (cn_at(sc, j) == 0) {	/* 零时 */
			h = 0;
			e = j + 1;
		} else
			e = small_at(sc, j, &h, &cn);
		if (!e || !(is_at(sc, e, 0x65F6) || is_at(sc, e, 0x70B9)))
			return 0;	/* 时, 点 */
		e++;
		if (is_at(sc, e, 0x534A)) {	/* 半 */
			m = 30;
			e++;
		} else if ((e2 = small_at(sc, e, &m, &cn)) != 0 &&
		    is_at(sc, e2, 0x5206))	/* 分 */
			e = e2 + 1;
		else
			m = 0;
	}
	if (h > 24 || m > 59)
		return 0;
	if (period > 0 && h < below)
		h += period;	/* 下午3时 -> 15; 中午11时 stays */
	*hh = h;
	*mi = m;
	return e;
}

/* ---- ranges ------------------------------------------------------------ */

static size_t range_end(const struct scan *, size_t, const struct point *,
    struct point *);

static int
point_cmp(const struct point *a, const struct point *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/*
 * After a date x ending at j: a connector and a second date of the same
 * precision, which inherits what it leaves out (2月18日至19日).  Returns
 * the end, or 0 when there is no range.
 */
static size_t
range_tail(const struct scan *sc, size_t j, const struct point *x,
    struct point *out)
{
	struct point yy, *y = &yy;
	size_t k;

	if (x->prec == P_MINUTE || x->prec == P_NONE)
		return 0;
	if (!(k = cue_at(sc, K_CONNECT, j, NULL)))
		return 0;
	*y = *x;
	if ((k = range_end(sc, k, x, y)) != 0)
		*out = yy;
	return k;
}

/* The second date of a range at k, inheriting from the first, x. */
static size_t
range_end(const struct scan *sc, size_t k, const struct point *x,
    struct point *y)
{
	size_t e;
	int v, off, cn, explicit_year = 0, explicit_month = 0;

	if ((e = abs_year_at(sc, k, &v)) != 0) {
		y->y = v;
		explicit_year = 1;
		k = e;
	} else if ((e = rel_year_at(sc, k, &off)) != 0 && sc->py) {
		y->y = sc->py + off;
		explicit_year = 1;
		k = e;
	} else if (x->y && x->prec >= P_MONTH && (is_at(sc, k, 0x6B21) ||
	    is_at(sc, k, 0x7FCC)) && is_at(sc, k + 1, 0x5E74)) {
		y->y = x->y + 1;	/* 11月至次年3月, 翌年 */
		explicit_year = 1;
		k += 2;
	}
	if (x->prec == P_YEAR) {
		if (!explicit_year || y->y <= x->y)
			return 0;
		return k;
	}
	if ((e = month_at(sc, k, &v, &cn)) != 0) {
		y->m = v;
		explicit_month = 1;
		k = e;
	}
	if (x->prec == P_MONTH) {
		if (!explicit_month)
			return 0;
	} else {
		if (!(e = day_at(sc, k, &v, 1, &cn)))
			return 0;
		y->d = v;
		k = e;
		if (y->d > month_days(y->y, y->m))
			return 0;
	}
	if (point_cmp(y, x) <= 0) {
		/* 12月28日至1月3日 crosses the new year */
		if (explicit_year || !explicit_month || !x->y || x->m < 10 ||
		    y->m > 3)
			return 0;
		y->y++;
	}
	return k;
}

/* ---- expression families ----------------------------------------------- */

static void
found_init(struct found *fd, size_t start)
{
	memset(fd, 0, sizeof(*fd));
	fd->start = start;
}

/*
 * Month [day [clock]] at i, with the year y (0 when unknown) and
 * `resolve` set when the year is still to be chosen from the page date.
 */
static size_t
month_led(const struct scan *sc, size_t i, int y, int resolve, size_t from,
    struct found *fd)
{
	size_t e, e2, k;
	int m, d, m2, cn, cnd, hh, mi;

	/* 1-3月: a range of months */
	if (number_starts(sc, i) && (e = small_at(sc, i, &m, &cn)) != 0 &&
	    m >= 1 && m <= 12 && (k = cue_at(sc, K_CONNECT, e, NULL)) != 0 &&
	    (e2 = month_at(sc, k, &m2, &cnd)) != 0 && m2 > m && cn == cnd) {
		if (resolve)
			y = sc->py ? year_for(sc, m, 1, from) : 0;
		fd->a = (struct point){ y, m, 0, 0, 0, P_MONTH };
		fd->b = (struct point){ y, m2, 0, 0, 0, P_MONTH };
		return e2;
	}
	if (!(e = month_at(sc, i, &m, &cn)))
		return 0;
	/* 3月11-14日: a range of days */
	if ((e2 = small_at(sc, e, &d, &cnd)) != 0 && d >= 1 && d <= 31 &&
	    (k = cue_at(sc, K_CONNECT, e2, NULL)) != 0 &&
	    (e2 = day_at(sc, k, &m2, 0, &cnd)) != 0 && m2 > d &&
	    number_starts(sc, e)) {
		if (resolve)
			y = sc->py ? year_for(sc, m, d, from) : 0;
		if (m2 > month_days(y, m))
			return 0;
		fd->a = (struct point){ y, m, d, 0, 0, P_DAY };
		fd->b = (struct point){ y, m, m2, 0, 0, P_DAY };
		return e2;
	}
	if ((e2 = day_at(sc, e, &d, 1, &cnd)) != 0 ||
	    (e2 = day_at(sc, ocr_space(sc, e, !cn), &d, 1, &cnd)) != 0) {
		if (resolve)
			y = sc->py ? year_for(sc, m, d, from) : 0;
		if (d > month_days(y, m))
			return 0;
		fd->a = (struct point){ y, m, d, 0, 0, P_DAY };
		e = e2;
		if ((e2 = clock_at(sc, e, 0, -1, &hh, &mi)) != 0) {
			fd->a.hh = hh;
			fd->a.mi = mi;
			fd->a.prec = P_MINUTE;
			e = e2;
		}
	} else {
		if (resolve)
			y = sc->py ? year_for(sc, m, 1, from) : 0;
		fd->a = (struct point){ y, m, 0, 0, 0, P_MONTH };
		if (is_at(sc, e, 0x4EFD))	/* 份 */
			e++;
	}
	if ((e2 = range_tail(sc, e, &fd->a, &fd->b)) != 0)
		e = e2;
	return e;
}

/* Quarter or half of year y at i: (第)N季度, 上半年, 前三季度. */
static size_t
part_of_year_at(const struct scan *sc, size_t i, int *m1, int *m2,
    int *quarter)
{
	const struct cue *c;
	size_t e, e2, k, j = i;
	int q, q2, cn, cn2;

	if ((e = cue_at(sc, K_HALF, i, &c)) != 0) {
		*m1 = c->v1;
		*m2 = c->v2;
		*quarter = 0;
		return e;
	}
	if (is_at(sc, j, 0x7B2C))	/* 第 */
		j++;
	if (!(e = small_at(sc, j, &q, &cn)) || q < 1 || q > 4)
		return 0;
	*m1 = q * 3 - 2;
	*quarter = 1;
	if ((k = cue_at(sc, K_CONNECT, e, NULL)) != 0 &&
	    (e2 = small_at(sc, k, &q2, &cn2)) != 0 && q2 > q && q2 <= 4) {
		q = q2;		/* 一至三季度 */
		e = e2;
		*quarter = 0;
	}
	if (!is_at(sc, e, 0x5B63) || !is_at(sc, e + 1, 0x5EA6))
		return 0;	/* 季度 */
	*m2 = q * 3;
	return e + 2;
}

/* Everything that can follow a year y (known or resolved) ending at j. */
static size_t
after_year(const struct scan *sc, size_t j, int y, int relative,
    struct found *fd)
{
	const struct cue *c;
	size_t e;
	int m1, m2, q;

	if ((e = part_of_year_at(sc, j, &m1, &m2, &q)) != 0) {
		fd->a = (struct point){ y, m1, 0, 0, 0, P_MONTH };
		fd->b = (struct point){ y, m2, 0, 0, 0, P_MONTH };
		if (q)
			fd->precname = "quarter";
		return e;
	}
	if (relative) {
		size_t k = j + is_at(sc, j, 0x5E74);	/* 今年年初 */

		if ((e = cue_at(sc, K_EDGE, k, &c)) != 0 &&
		    !(c->v1 == 1 && cn_at(sc, e) >= 1)) {	/* not 年初一 */
			fd->a = (struct point){ y, c->v1, 0, 0, 0, P_MONTH };
			return e;
		}
	}
	if ((e = month_led(sc, j, y, 0, j, fd)) != 0 ||
	    (!relative && (e = month_led(sc, ocr_space(sc, j, 1), y, 0, j, fd)) != 0))
		return e;
	fd->a = (struct point){ y, 0, 0, 0, 0, P_YEAR };
	if (is_at(sc, j, 0x5EA6))	/* 年度 */
		j++;
	else if ((e = range_tail(sc, j, &fd->a, &fd->b)) != 0)
		j = e;
	return j;
}

/*
 * A date written with numbers only, 2024-11-05, 2024.11.5 or 2024/11/05:
 * a year of 19xx or 20xx, the same separator twice, nothing numeric after.
 */
static size_t
numeric_date_at(const struct scan *sc, size_t i, struct found *fd)
{
	size_t e, e2;
	uint32_t sep;
	int y, m, d, nd;

	if (digit_at(sc, i) < 0 || !number_starts(sc, i))
		return 0;
	e = arabic_at(sc, i, &y, &nd);
	if (nd != 4 || y < 1900 || y > 2099 || e + 1 >= sc->n)
		return 0;
	sep = sc->t[e];
	if (sep != '-' && sep != '.' && sep != '/')
		return 0;
	e2 = arabic_at(sc, e + 1, &m, &nd);
	if (nd < 1 || nd > 2 || m < 1 || m > 12 || !is_at(sc, e2, sep))
		return 0;
	e = arabic_at(sc, e2 + 1, &d, &nd);
	if (nd < 1 || nd > 2 || d < 1 || d > month_days(y, m))
		return 0;
	if (e < sc->n && (digit_at(sc, e + 1) >= 0 || is_latin(sc->t[e])) &&
	    (sc->t[e] == sep || is_latin(sc->t[e]) || sc->t[e] == '.'))
		return 0;	/* 2024-11-05-001, 2024.11.5.1 */
	fd->a = (struct point){ y, m, d, 0, 0, P_DAY };
	return e;
}

/* 2023年..., 今年..., 2024-11-05, and 2003-2007年. */
static size_t
year_led(const struct scan *sc, size_t i, struct found *fd)
{
	size_t e, k, e2;
	int y, y2, off, nd, nd2;

	if ((e = abs_year_at(sc, i, &y)) != 0)
		return after_year(sc, e, y, 0, fd);
	if ((e = rel_year_at(sc, i, &off)) != 0) {
		if (!sc->py)
			return 0;
		return after_year(sc, e, sc->py + off, 1, fd);
	}
	if ((e = numeric_date_at(sc, i, fd)) != 0)
		return e;
	/* 2003-2007年 */
	if (digit_at(sc, i) >= 0 && number_starts(sc, i)) {
		e = arabic_at(sc, i, &y, &nd);
		if (nd == 4 && y >= 1000 && (k = cue_at(sc, K_CONNECT, e, NULL)) &&
		    digit_at(sc, k) >= 0) {
			e2 = arabic_at(sc, k, &y2, &nd2);
			if (nd2 == 4 && y2 > y && y2 <= 2199 &&
			    is_at(sc, e2, 0x5E74) && !is_at(sc, e2 + 1, 0x4EE3)) {
				fd->a = (struct point){ y, 0, 0, 0, 0, P_YEAR };
				fd->b = (struct point){ y2, 0, 0, 0, 0, P_YEAR };
				return e2 + 1;
			}
		}
	}
	return 0;
}

/* 本月7日, 上月15日. */
static size_t
rel_month_led(const struct scan *sc, size_t i, struct found *fd)
{
	const struct cue *c;
	size_t e, e2;
	int d, cn, y, m, hh, mi;

	if (!sc->py || !(e = cue_at(sc, K_RELMONTH, i, &c)))
		return 0;
	if (!(e2 = day_at(sc, e, &d, 1, &cn)))
		return 0;
	y = sc->py;
	m = sc->pm + c->v1;
	if (m < 1) {
		m += 12;
		y--;
	} else if (m > 12) {
		m -= 12;
		y++;
	}
	if (d > month_days(y, m))
		return 0;
	fd->a = (struct point){ y, m, d, 0, 0, P_DAY };
	if ((e = clock_at(sc, e2, 0, -1, &hh, &mi)) != 0) {
		fd->a.hh = hh;
		fd->a.mi = mi;
		fd->a.prec = P_MINUTE;
		return e;
	}
	if ((e = range_tail(sc, e2, &fd->a, &fd->b)) != 0)
		return e;
	return e2;
}

/* A quarter or half without a year (一季度, 上半年): the page's year. */
static size_t
part_led(const struct scan *sc, size_t i, struct found *fd)
{
	size_t e;
	int m1, m2, q, y;

	if (!sc->py || (i > 0 && cn_at(sc, i - 1) >= 0) ||
	    !(e = part_of_year_at(sc, i, &m1, &m2, &q)))
		return 0;
	if (cue_before(sc, K_RECURRING, i))
		return 0;
	y = year_for(sc, m1, 1, i);
	fd->a = (struct point){ y, m1, 0, 0, 0, P_MONTH };
	fd->b = (struct point){ y, m2, 0, 0, 0, P_MONTH };
	if (q)
		fd->precname = "quarter";
	return e;
}

/* 年底, 年初 without a year: the page's year. */
static size_t
edge_led(const struct scan *sc, size_t i, struct found *fd)
{
	const struct cue *c;
	size_t e;

	if (!sc->py || sc->t[i] != 0x5E74 || (i > 0 && (digit_at(sc, i - 1) >= 0 ||
	    is_latin(sc->t[i - 1]) || (is_cjk(sc->t[i - 1]) &&
	    sc->t[i - 1] != 0x5230 && sc->t[i - 1] != 0x81F3 &&
	    sc->t[i - 1] != 0x4E8E && sc->t[i - 1] != 0x5728))))
		return 0;	/* only after 到, 至, 于, 在 or punctuation */
	if (!(e = cue_at(sc, K_EDGE, i + 1, &c)) || c->v1 == 0)
		return 0;
	if (c->v1 == 1 && cn_at(sc, e) >= 1)
		return 0;	/* 年初一 is lunar */
	fd->a = (struct point){ sc->py, c->v1, 0, 0, 0, P_MONTH };
	return e;
}

/* The month (and year) an enumerated day or month inherits: 1月5日、8日. */
static int
inherit(const struct scan *sc, size_t i, int want_day, struct point *p)
{
	const struct point *q;
	uint32_t c;

	if (!sc->have_prev || sc->prev.end + 1 != i)
		return 0;
	c = sc->t[i - 1];
	if (c != 0x3001 && c != 0x548C && c != 0x53CA && c != 0x4E0E &&
	    c != 0x6216 && c != ',' && c != 0xFF0C)
		return 0;	/* 、 和 及 与 或 , ， */
	q = sc->prev.b.prec != P_NONE ? &sc->prev.b : &sc->prev.a;
	if (want_day ? q->prec < P_DAY : q->prec != P_MONTH)
		return 0;
	*p = *q;
	return 1;
}

/*
 * May a month in Chinese numerals stand alone at i (十一月, not
 * 纪念十月革命 or 这一月)?  Only after punctuation or a preposition.
 */
static int
cn_month_alone_ok(const struct scan *sc, size_t i)
{
	static const uint32_t ok[] = {
		0x5728, 0x4E8E, 0x5230, 0x81F3, 0x4ECE, 0x81EA, 0x548C, 0x53CA,
		0x6216, 0x4E0E	/* 在 于 到 至 从 自 和 及 或 与 */
	};
	size_t k;

	if (i == 0 || !is_cjk(sc->t[i - 1]))
		return 1;
	for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
		if (sc->t[i - 1] == ok[k])
			return 1;
	return 0;
}

/* A month without a year (3月5日, 5月): the page's year, or the year
 * before when that would lie well ahead of the page. */
static size_t
month_only_led(const struct scan *sc, size_t i, struct found *fd)
{
	struct point p;
	size_t e;

	if (recurring(sc, i) || cue_before(sc, K_COUNT_BEFORE, i))
		return 0;
	if (inherit(sc, i, 0, &p))
		return month_led(sc, i, p.y, 0, i, fd);
	if (!(e = month_led(sc, i, 0, 1, i, fd)))
		return 0;
	if (fd->a.prec == P_MONTH && fd->b.prec == P_NONE &&
	    (cue_at(sc, K_MONTH_NOT_AFTER, e, NULL) ||
	    (cn_at(sc, i) >= 0 && !cn_month_alone_ok(sc, i))))
		return 0;
	return e;
}

/* A day without a month (28日): the page's month, or the one before. */
static size_t
day_led(const struct scan *sc, size_t i, struct found *fd)
{
	struct point p;
	size_t e, e2, k;
	int d, d2, cn, cn2, y, m, hh, mi;

	if (recurring(sc, i) || cue_before(sc, K_COUNT_BEFORE, i))
		return 0;
	/* 18-19日 */
	if (digit_at(sc, i) >= 0 && number_starts(sc, i) &&
	    (e = small_at(sc, i, &d, &cn)) != 0 &&
	    (k = cue_at(sc, K_CONNECT, e, NULL)) != 0 &&
	    (e2 = day_at(sc, k, &d2, 0, &cn2)) != 0 && !cn2 && d2 > d &&
	    d >= 1) {
		e = e2;
	} else {
		if (!(e = day_at(sc, i, &d, 0, &cn)))
			return 0;
		if (cn && d < 11)
			return 0;	/* 一日, 三日: too often not a date */
		d2 = 0;
	}
	if (cue_at(sc, K_COUNT_AFTER, e, NULL))
		return 0;
	if (inherit(sc, i, 1, &p)) {
		y = p.y;
		m = p.m;
	} else {
		long allow;

		if (!sc->py)
			return 0;
		allow = future_before(sc, i) ? 31 : ALLOW_PAST;
		y = sc->py;
		m = sc->pm;
		if (d > sc->pd + allow) {
			if (--m < 1) {
				m = 12;
				y--;
			}
		}
	}
	if ((d2 ? d2 : d) > month_days(y, m))
		return 0;
	fd->a = (struct point){ y, m, d, 0, 0, P_DAY };
	if (d2) {
		fd->b = fd->a;
		fd->b.d = d2;
		return e;
	}
	if ((e2 = clock_at(sc, e, 0, -1, &hh, &mi)) != 0) {
		fd->a.hh = hh;
		fd->a.mi = mi;
		fd->a.prec = P_MINUTE;
		return e2;
	}
	if ((e2 = range_tail(sc, e, &fd->a, &fd->b)) != 0)
		return e2;
	return e;
}

/* 1 when the code point is one a clause may start after. */
static int
clause_break(uint32_t c)
{
	return c == '\n' || c == ' ' || c == ',' || c == ';' || c == 0x3002 ||
	    c == 0xFF0C || c == 0xFF1B || c == 0x3001 || c == 0xFF01 ||
	    c == 0xFF1F || c == 0xFF08 || c == 0x201D || c == 0x4E8E ||
	    c == 0x5728;	/* 。，；、！？（” 于 在 */
}

/*
 * A bare hour, 21时许 or 17时30分, that opens a clause after a day was
 * named: the story's clock moving on that day.  Arabic digits and 时 only
 * (3点 is as often "three points", 一时 "for a while"), and followed by
 * 许/左右/前后/整 or a clause break, so 24时营业 and durations stay out.
 */
static size_t
bare_clock(const struct scan *sc, size_t i, int *hh, int *mi)
{
	size_t k = i, e;

	if (sc->last.prec < P_DAY || (i > 0 && !clause_break(sc->t[i - 1])))
		return 0;
	while (k < sc->n && k - i < 3 && digit_at(sc, k) >= 0)
		k++;
	if (k == i || k - i > 2 || !is_at(sc, k, 0x65F6))	/* 时 */
		return 0;
	if ((e = clock_at(sc, i, 0, -1, hh, mi)) == 0)
		return 0;
	if (is_at(sc, e, 0x8BB8) || is_at(sc, e, 0x6574))	/* 许 整 */
		return e + 1;
	if ((is_at(sc, e, 0x5DE6) && is_at(sc, e + 1, 0x53F3)) ||
	    (is_at(sc, e, 0x524D) && is_at(sc, e + 1, 0x540E)))
		return e + 2;	/* 左右 前后 */
	return e < sc->n && clause_break(sc->t[e]) && sc->t[e] != 0x4E8E &&
	    sc->t[e] != 0x5728 ? e : 0;
}

/* A clock time after 今天/昨天/当天 or on its own after a part of the
 * day (下午3时30分): tied to that day, else the day last mentioned, else
 * the page date; or a bare hour after a day (bare_clock). */
static size_t
clock_led(const struct scan *sc, size_t i, struct found *fd)
{
	const struct cue *c;
	struct point day;
	size_t e, j = i;
	int hh, mi, off = RELDAY_ANCHOR, implied = -1;
	long z;

	if ((e = cue_at(sc, K_RELDAY, i, &c)) != 0) {
		off = c->v1;
		implied = c->v2;
		j = e;
	} else if (cue_before(sc, K_RELDAY, i))
		return 0;	/* 第二天上午10时 with no day to follow */
	if (!(e = clock_at(sc, j, j == i, implied, &hh, &mi)) &&
	    !(j == i && (e = bare_clock(sc, i, &hh, &mi))))
		return 0;
	if (off == RELDAY_NEXT) {	/* 次日: the day after the last one */
		if (sc->last.prec < P_DAY)
			return 0;
		z = days_from_civil(sc->last.y ? sc->last.y : 2000, sc->last.m,
		    sc->last.d) + 1;
		day = sc->last;
		civil_from_days(z, &day.y, &day.m, &day.d);
		if (!sc->last.y)
			day.y = 0;
	} else if (off == RELDAY_ANCHOR && sc->last.prec >= P_DAY)
		day = sc->last;
	else if (j == i)
		return 0;	/* 凌晨5点 in a profile: no day to tie it to */
	else if (sc->py) {
		day = (struct point){ sc->py, sc->pm, sc->pd, 0, 0, P_DAY };
		if (off != RELDAY_ANCHOR) {
			z = page_day(sc) + off;
			civil_from_days(z, &day.y, &day.m, &day.d);
		}
	} else
		return 0;
	fd->a = day;
	fd->a.hh = hh;
	fd->a.mi = mi;
	fd->a.prec = P_MINUTE;
	return e;
}

/* ---- lunar dates ------------------------------------------------------- */

/* The 干支 index of the two code points at i, or -1. */
static int
ganzhi_at(const struct scan *sc, size_t i)
{
	char s[8];
	size_t n;

	if (i + 2 > sc->n)
		return -1;
	n = utf8_encode(sc->t[i], s);
	n += utf8_encode(sc->t[i + 1], s + n);
	return ganzhi_index(s, n);
}

/* A lunar day: 初一..初十, 十一..三十, 廿七; 0 if none. */
static size_t
lunar_day_at(const struct scan *sc, size_t i, int *d)
{
	size_t e;
	int v;

	if (is_at(sc, i, 0x521D)) {	/* 初 */
		if ((v = cn_at(sc, i + 1)) < 1 || v > 10)
			return 0;
		*d = v;
		return i + 2;
	}
	if (!(e = cn_number_at(sc, i, &v)) || v < 11 || v > 30)
		return 0;
	*d = v;
	return e;
}

#define LUNAR_LAST_DAY (-1)

/* The Gregorian day of lunar day `day` (0: the first, LUNAR_LAST_DAY: the
 * last) of ld's month; 0 on success. */
static int
lunar_point(struct lunar_date *ld, int day, struct point *p)
{
	int y, m, d;

	ld->day = day > 0 ? day : 1;
	if (day == LUNAR_LAST_DAY &&
	    (ld->day = lunar_month_days(ld->year, ld->month, ld->leap)) == 0)
		return -1;
	if (lunar_to_gregorian(ld, &y, &m, &d) != 0)
		return -1;
	*p = (struct point){ y, m, d, 0, 0, P_DAY };
	return 0;
}

/*
 * The lunar year of the Gregorian day found just before i, when only a
 * bracket, comma or blank separates them (2024年2月10日（农历正月初一）);
 * else 0.
 */
static int
lunar_year_beside(const struct scan *sc, size_t i)
{
	struct lunar_date ld;
	const struct point *p = &sc->prev.a;
	size_t k;

	if (!sc->have_prev || sc->prev.b.prec != P_NONE || p->prec < P_DAY ||
	    !p->y || sc->prev.end > i || i - sc->prev.end > 2)
		return 0;
	for (k = sc->prev.end; k < i; k++) {
		uint32_t c = sc->t[k];

		if (c != ' ' && c != '(' && c != ',' && c != 0xFF08 &&
		    c != 0xFF0C && c != 0x3001)
			return 0;	/* （ ， 、 */
	}
	if (lunar_from_gregorian(p->y, p->m, p->d, &ld) != 0)
		return 0;
	return ld.year;
}

/*
 * 农历正月十五, 癸卯年正月十一, 腊月廿七, 丙戌冬月, 大年初一.  A year named
 * by its 干支 is the latest such year not after the page's; a date without
 * one is the latest that does not lie well ahead of the page date.
 */
static size_t
lunar_led(const struct scan *sc, size_t i, struct found *fd)
{
	const struct cue *c;
	struct lunar_date ld = { 0, 0, 0, 0 };
	size_t j = i, e;
	int nongli = 0, gz = -1, month = 0, day = 0, cn, y, k, ok;
	long allow;

	if (!sc->py || !sc->ply)
		return 0;
	if (is_at(sc, j, 0x519C) && is_at(sc, j + 1, 0x5386)) {	/* 农历 */
		nongli = 1;
		j += 2;
	}
	if ((gz = ganzhi_at(sc, j)) >= 0) {
		j += 2;
		if (is_at(sc, j, 0x5E74))	/* 年 */
			j++;
	}
	if (is_at(sc, j, 0x5927) && is_at(sc, j + 1, 0x5E74)) {	/* 大年 */
		if (is_at(sc, j + 2, 0x4E09) && is_at(sc, j + 3, 0x5341)) {
			month = 12;	/* 大年三十: the year's last day */
			day = LUNAR_LAST_DAY;
			j += 4;
		} else if (is_at(sc, j + 2, 0x521D))	/* 大年初N */
			j++;
	}
	if (month) {
		;
	} else if (is_at(sc, j, 0x5E74) && is_at(sc, j + 1, 0x521D) &&
	    (e = lunar_day_at(sc, j + 1, &day)) != 0) {
		month = 1;	/* 年初一: 正月初一 */
		j = e;
	} else {
		if (is_at(sc, j, 0x95F0)) {	/* 闰 */
			ld.leap = 1;
			j++;
		}
		if ((e = cue_at(sc, K_LUNARMONTH, j, &c)) != 0) {
			month = c->v1;
			j = e;
		} else if ((nongli || gz >= 0) &&
		    (e = small_at(sc, j, &month, &cn)) != 0 && month >= 1 &&
		    month <= 12 && is_at(sc, e, 0x6708)) {
			j = e + 1;	/* 月 */
		} else
			return 0;
		if ((e = lunar_day_at(sc, j, &day)) != 0) {
			j = e;
			if (is_at(sc, j, 0x65E5))	/* 日 */
				j++;
		} else if (nongli && (e = day_at(sc, j, &day, 0, &cn)) != 0) {
			j = e;
		} else if (!nongli && gz < 0)
			return 0;	/* 腊月 alone is too vague */
	}
	ld.month = month;
	if (gz < 0 && (y = lunar_year_beside(sc, i)) != 0) {
		ld.year = y;	/* 2024年2月10日(农历正月初一) */
		if (lunar_point(&ld, day, &fd->a) != 0)
			return 0;
	} else if (gz >= 0) {
		y = sc->ply;
		while (y > 1900 && ganzhi_of_year(y) != gz)
			y--;
		if (ganzhi_of_year(y) != gz)
			return 0;	/* before the table */
		ld.year = y;
		if (lunar_point(&ld, day, &fd->a) != 0)
			return 0;
	} else {
		if (recurring(sc, i))
			return 0;
		allow = future_before(sc, i) ? ALLOW_FUTURE : ALLOW_LUNAR;
		for (ok = 0, k = 1; k >= -1 && !ok; k--) {
			ld.year = sc->ply + k;
			ok = lunar_point(&ld, day, &fd->a) == 0 &&
			    days_from_civil(fd->a.y, fd->a.m, fd->a.d) <=
			    page_day(sc) + allow;
		}
		if (!ok)
			return 0;
	}
	if (!day) {
		if (lunar_point(&ld, LUNAR_LAST_DAY, &fd->b) != 0)
			return 0;
		fd->precname = "month";
	}
	return j;
}

/* ---- the scan ---------------------------------------------------------- */

/* Could a date expression begin at i? */
static int
may_start(const struct scan *sc, size_t i)
{
	return digit_at(sc, i) >= 0 || map_has(sc->f->start_map, sc->t[i]);
}

static size_t
parse_at(const struct scan *sc, size_t i, struct found *fd)
{
	size_t e;

	found_init(fd, i);
	if ((e = lunar_led(sc, i, fd)) != 0)
		return e;
	found_init(fd, i);
	if ((e = year_led(sc, i, fd)) != 0)
		return e;
	found_init(fd, i);
	if ((e = rel_month_led(sc, i, fd)) != 0)
		return e;
	found_init(fd, i);
	if ((e = part_led(sc, i, fd)) != 0)
		return e;
	found_init(fd, i);
	if ((e = edge_led(sc, i, fd)) != 0)
		return e;
	found_init(fd, i);
	if ((e = month_only_led(sc, i, fd)) != 0)
		return e;
	found_init(fd, i);
	if ((e = day_led(sc, i, fd)) != 0)
		return e;
	found_init(fd, i);
	if ((e = clock_led(sc, i, fd)) != 0)
		return e;
	return 0;
}

static void
format_point(struct np_buf *b, const struct point *p)
{
	if (p->y)
		buf_printf(b, "%04d", p->y);
	else
		buf_adds(b, "-");
	if (p->prec >= P_MONTH)
		buf_printf(b, "-%02d", p->m);
	if (p->prec >= P_DAY)
		buf_printf(b, "-%02d", p->d);
	if (p->prec >= P_MINUTE)
		buf_printf(b, "T%02d:%02d", p->hh, p->mi);
}

/* The ISO 8601 value of fd into b; -1 when it cannot be written (a year
 * alone that is unknown). */
static int
format_value(struct np_buf *b, const struct found *fd)
{
	buf_reset(b);
	if (!fd->a.y && fd->a.prec == P_YEAR)
		return -1;
	format_point(b, &fd->a);
	if (fd->b.prec != P_NONE) {
		buf_addc(b, '/');
		format_point(b, &fd->b);
	}
	return 0;
}

/* Append one date found to f->dates, as JSON text. */
static void
emit(struct filter *f, const char *s, size_t n, struct np_cpmap *map,
    const struct found *fd, const char *field)
{
	struct np_buf *b = &f->dates;
	size_t bs, be;

	if (format_value(&f->val, fd) != 0)
		return;
	bs = utf8_offset(s + map->byte, n - map->byte, fd->start - map->cp) +
	    map->byte;
	be = utf8_offset(s + bs, n - bs, fd->end - fd->start) + bs;
	map->byte = bs;
	map->cp = fd->start;
	buf_adds(b, f->ndates++ ? ",{\"text\":" : "{\"text\":");
	json_string_text(b, s + bs, be - bs);
	buf_adds(b, ",\"value\":");
	json_string_text(b, f->val.s, f->val.len);
	buf_adds(b, ",\"start\":");
	buf_addu(b, fd->start);
	buf_adds(b, ",\"end\":");
	buf_addu(b, fd->end);
	buf_adds(b, ",\"precision\":\"");
	buf_adds(b, fd->precname ? fd->precname : prec_names[fd->a.prec]);
	buf_adds(b, "\",\"field\":");
	json_string_text(b, field, strlen(field));
	buf_addc(b, '}');
}

/* Scan one field's text s[0..n) and append what it names to f->dates. */
static void
scan_field(struct filter *f, struct scan *sc, const char *s, size_t n,
    const char *field)
{
	struct np_cpmap map;
	struct found fd;
	size_t i, e, len = 0;

	decode_into(s, n, &f->t, &len, &f->tcap);
	sc->t = f->t;
	sc->n = len;
	sc->have_prev = 0;
	cpmap_init(&map, s, n);
	for (i = 0; i < len; ) {
		if (!may_start(sc, i) || !(e = parse_at(sc, i, &fd))) {
			i++;
			continue;
		}
		fd.end = e;
		emit(f, s, n, &map, &fd, field);
		sc->prev = fd;
		sc->have_prev = 1;
		if (fd.a.prec >= P_DAY && fd.b.prec == P_NONE)
			sc->last = fd.a;	/* the day a later clock time is on */
		i = e;
	}
}

static const char dates_key[] = "\"dates\":";

/* Start a record's scan: the page date is the record's, else --date's. */
static void
scan_start(struct filter *f, struct scan *sc, const char *date)
{
	struct lunar_date ld;

	memset(sc, 0, sizeof(*sc));
	sc->f = f;
	if (parse_iso_date(date, &sc->py, &sc->pm, &sc->pd) != 0) {
		sc->py = f->dy;
		sc->pm = f->dm;
		sc->pd = f->dd;
	}
	if (sc->py) {
		long key = days_from_civil(sc->py, sc->pm, sc->pd);

		if (key != f->ply_key) {	/* pages come in runs of records */
			f->ply_key = key;
			f->ply = lunar_from_gregorian(sc->py, sc->pm, sc->pd,
			    &ld) == 0 ? ld.year : 0;
		}
		sc->ply = f->ply;
	}
	buf_reset(&f->dates);
	buf_adds(&f->dates, dates_key);
	buf_addc(&f->dates, '[');
	f->ndates = 0;
}

/* The fields to scan: --field's, or the default ones. */
static size_t
fields_to_scan(const char *const **fields)
{
	static const char *field[1];

	if (strcmp(np_opt.field, "text") == 0) {
		*fields = default_fields;
		return sizeof(default_fields) / sizeof(default_fields[0]);
	}
	field[0] = np_opt.field;
	*fields = field;
	return 1;
}

/*
 * A record read in place: copy it and append the dates as text.  A field
 * that is not a string, or `dates` already there, sends it to
 * filter_record through jansson.
 */
static int
filter_raw(void *state, const struct np_rawrec *rec, FILE *out,
    const char **why)
{
	struct filter *f = state;
	const struct np_member *m;
	const char *const *fields;
	const char *s, *date = NULL;
	size_t nfields = fields_to_scan(&fields), n, k;
	struct scan sc;

	(void)why;
	if (rawrec_get(rec, "dates"))
		return NP_RAW_TREE;
	/* Nulls are common in the title fields and harmless there. */
	for (k = 0; k < nfields; k++)
		if ((m = rawrec_get(rec, fields[k])) != NULL &&
		    m->val[0] != '"' && (!rawrec_is_null(m) ||
		    strcmp(fields[k], np_opt.field) == 0))
			return NP_RAW_TREE;
	if ((m = rawrec_get(rec, "date")) != NULL &&
	    (s = rawrec_str(m, &f->date, &n)) != NULL) {
		if (s != f->date.s) {
			buf_reset(&f->date);
			buf_add(&f->date, s, n);
		}
		buf_addc(&f->date, '\0');
		date = f->date.s;
	}
	scan_start(f, &sc, date);
	for (k = 0; k < nfields; k++)
		if ((m = rawrec_get(rec, fields[k])) != NULL &&
		    (s = rawrec_str(m, &f->field, &n)) != NULL)
			scan_field(f, &sc, s, n, fields[k]);
	buf_addc(&f->dates, ']');
	rawrec_write(rec, f->dates.s, f->dates.len, out);
	return 0;
}

/*
 * Add `dates` to rec.  Returns -1 with *why set when the field to read
 * (text, or --field's) is present but not a string.
 */
static int
filter_record(void *state, json_t *rec, FILE *out, const char **why)
{
	struct filter *f = state;
	const char *const *fields;
	size_t nfields = fields_to_scan(&fields), n, k;
	struct scan sc;
	json_t *v;
	const char *s;

	v = json_object_get(rec, np_opt.field);
	if (v && !json_is_string(v)) {
		buf_reset(&f->why);
		buf_printf(&f->why, "field %s is not a string", np_opt.field);
		*why = f->why.s;
		return -1;
	}
	scan_start(f, &sc, record_str(rec, "date", NULL));
	for (k = 0; k < nfields; k++)
		if ((s = record_str(rec, fields[k], &n)) != NULL)
			scan_field(f, &sc, s, n, fields[k]);
	buf_addc(&f->dates, ']');
	record_write_set(rec, "dates", f->dates.s + strlen(dates_key),
	    f->dates.len - strlen(dates_key), out);
	return 0;
}

int
main(int argc, char **argv)
{
	int first = np_parse_args(&cli, argc, argv), status;
	struct filter *f;

	if (opt_date) {
		int y, m, d;

		if (parse_iso_date(opt_date, &y, &m, &d) != 0) {
			np_warn("--date wants YYYY-MM-DD, not '%s'", opt_date);
			np_usage(&cli);
		}
	}
	f = filter_new();
	status = np_filter_run_raw(argc - first, argv + first, filter_raw,
	    filter_record, f);
	filter_free(f);
	return status;
}
