/*
 * np-pages - turn raw page text files into page records.
 *
 * Each file (or stdin) is streamed: decoded to UTF-8 (UTF-8 with or
 * without a BOM, UTF-16/UTF-32 with a BOM, UTF-16 without one when its NUL
 * pattern gives it away, GB18030/GBK; decided on the first 64 KB) a chunk
 * at a time, split into pages at form feeds, and each page becomes one
 * record as soon as it is complete:
 *
 *   {"source", "page", "paper", "date", "date_source", "weekday", "lunar",
 *    "issue", "page_count", "cn", "text"[, "warnings"]}
 *
 * The masthead (paper name, date, weekday, lunar date, issue number, page
 * count, CN serial) is read from the first lines of the page; the weekday
 * and the lunar date are checked against the Gregorian date (lib/lunar).
 * Only one page is held in memory at a time.
 *
 * Core for tests and fuzzers: filter_new(), filter_file() (one file's bytes
 * to records), filter_free().
 */
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"
#include "lunar.h"

/* A file is not text when more than 1 character in NOT_TEXT_RATIO is a
 * NUL, another control character or an undecodable byte. */
#define NOT_TEXT_RATIO 10
/* The masthead is looked for in this many non-blank lines at the top of a
 * page, up to the first line longer than MASTHEAD_LINE_MAX characters. */
#define MASTHEAD_LINES 12
#define MASTHEAD_LINE_MAX 80
/* A masthead line may hold this many CJK characters or digits besides the
 * items and the furniture (主管、主办, 国内统一连续出版物号...). */
#define MASTHEAD_RESIDUE 6

static const char *fallback_date;

static const struct option longopts[] = {
	{ "date", required_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 }
};

/* ---- small helpers --------------------------------------------------- */

static int
valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return y >= 1 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= mdays[m - 1] + (m == 2 && leap);
}

/* Parse YYYY-MM-DD exactly; 0 on success. */
static int
parse_iso_date(const char *s, int *y, int *m, int *d)
{
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	return valid_date(*y, *m, *d) ? 0 : -1;
}

static int
handle_option(int opt, const char *arg)
{
	int y, m, d;

	if (opt != 'd')
		return 0;
	if (parse_iso_date(arg, &y, &m, &d) != 0)
		np_die(NP_EXIT_USAGE, "--date: '%s' is not a date (YYYY-MM-DD)", arg);
	fallback_date = arg;
	return 1;
}

static const struct np_cli cli = {
	.name = "np-pages",
	.usage = "np-pages [--date YYYY-MM-DD] [OPTION]... [FILE]...",
	.help = "Read raw page text files (stdin when none) and write one JSON record\n"
		"per page (pages are separated by form feeds).  UTF-8, UTF-16 and\n"
		"GB18030/GBK are recognised; the masthead's paper name, date, weekday,\n"
		"lunar date, issue number, page count and CN serial are extracted and\n"
		"cross-checked.\n\nOptions:\n"
		"  -d, --date YYYY-MM-DD  the date of pages whose masthead prints none\n",
	.longopts = longopts,
	.shortopts = "d:",
	.handle = handle_option,
};

/* A growable array of byte offsets. */
struct offsets {
	size_t *v;
	size_t n, cap;
};

static void
offsets_add(struct offsets *o, size_t off)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 16;
		o->v = ereallocarray(o->v, o->cap, sizeof(*o->v));
	}
	o->v[o->n++] = off;
}

/* ---- the filter ------------------------------------------------------ */

/* A paper name form (the name itself or a variant), confusions folded. */
struct paper_form {
	char *folded;
	size_t len;
	const char *name;	/* the correct name, in the data table */
	size_t name_len;
};

/* One OCR confusion: `wrong` is read as `right` (both 3-byte UTF-8). */
struct confusion {
	char wrong[4], right[4];
};

struct filter {
	struct np_re *re_date, *re_date_num, *re_weekday, *re_lunar, *re_issue, *re_pages;
	struct np_re *re_cn, *re_furniture;
	struct paper_form *forms;
	size_t nforms;
	struct confusion *conf;
	size_t nconf;
	iconv_t gb18030, utf16le, utf16be, utf32le, utf32be;
	struct np_buf why;	/* the reason filter_file gives */
};

/* What the decoder made of a file. */
struct decoded {
	struct np_buf text;		/* UTF-8 */
	struct offsets bad;		/* where U+FFFD stands for undecodable bytes */
	const char *encoding;
};

/* What a page's masthead says. */
struct masthead {
	const char *paper;	/* points into the data table */
	size_t paper_len;
	int y, m, d;		/* 0 when no date */
	struct np_buf date_printed;
	struct np_buf weekday, lunar, cn;
	long issue, page_count;	/* -1 when absent */
	/* the lunar date as parsed, for the cross-check */
	int lunar_gz, lunar_month, lunar_leap, lunar_day;
	int nitems;		/* distinct kinds of items found */
};

static iconv_t
eiconv_open(const char *from)
{
	iconv_t cd = iconv_open("UTF-8", from);

	if (cd == (iconv_t)-1)
		np_die(NP_EXIT_IO, "iconv cannot convert from %s: %s", from,
		    strerror(errno));
	return cd;
}

/* Fold OCR confusions in s[0..n) into out (same length: 3-byte pairs). */
static void
fold_confusions(const struct filter *f, const char *s, size_t n,
    struct np_buf *out)
{
	size_t i = 0, k;

	buf_reset(out);
	buf_add(out, s, n);
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (len == 3)
			for (k = 0; k < f->nconf; k++)
				if (memcmp(s + i, f->conf[k].wrong, 3) == 0) {
					memcpy(out->s + i, f->conf[k].right, 3);
					break;
				}
		i += len;
	}
}

static void
load_papers(struct filter *f)
{
	const char *data, *fld[32];
	size_t len, pos = 0, lens[32], nf, i;
	struct np_buf tmp;

	data = np_data("papers.txt", &len);
	/* Confusions first: the names are folded with them. */
	while ((nf = np_table_next(data, len, &pos, fld, lens, 32)) > 0) {
		if (lens[0] != 1 || fld[0][0] != '~' || nf < 3 || lens[1] != 3)
			continue;
		for (i = 2; i < nf; i++) {
			if (lens[i] != 3)
				continue;
			f->conf = ereallocarray(f->conf, f->nconf + 1, sizeof(*f->conf));
			memcpy(f->conf[f->nconf].wrong, fld[i], 3);
			memcpy(f->conf[f->nconf].right, fld[1], 3);
			f->conf[f->nconf].wrong[3] = f->conf[f->nconf].right[3] = '\0';
			f->nconf++;
		}
	}
	buf_init(&tmp);
	pos = 0;
	while ((nf = np_table_next(data, len, &pos, fld, lens, 32)) > 0) {
		if (fld[0][0] == '~' || lens[0] == 0)
			continue;
		for (i = 0; i < nf; i++) {
			struct paper_form *pf;

			if (lens[i] == 0)
				continue;
			fold_confusions(f, fld[i], lens[i], &tmp);
			f->forms = ereallocarray(f->forms, f->nforms + 1,
			    sizeof(*f->forms));
			pf = &f->forms[f->nforms++];
			pf->folded = estrndup(tmp.s, tmp.len);
			pf->len = tmp.len;
			pf->name = fld[0];
			pf->name_len = lens[0];
		}
	}
	buf_free(&tmp);
}

#define DIGIT_CN "〇零○一二三四五六七八九"
#define NUM_CN "一二三四五六七八九十"

static struct filter *
filter_new(void)
{
	struct filter *f = ecalloc(1, sizeof(*f));

	buf_init(&f->why);

	f->re_date = re_compile("(?<![0-9])([0-9]{4}|[" DIGIT_CN "]{4})\\s*年\\s*"
	    "([0-9]{1,2}|[" NUM_CN "]{1,3})\\s*月\\s*"
	    "([0-9]{1,2}|[" NUM_CN "]{1,3})\\s*[日号]", 0);
	/* 2024.03.08, 2024-03-08, 2024/3/8: only ever read on a masthead line */
	f->re_date_num = re_compile("(?<![0-9.])([0-9]{4})\\s*([-./])\\s*"
	    "([0-9]{1,2})\\s*\\2\\s*([0-9]{1,2})(?![0-9])", 0);
	f->re_weekday = re_compile("(?:星期|礼拜|周)\\s*([一二三四五六日天])", 0);
	f->re_lunar = re_compile("(?:农历\\s*)?"
	    "(?:([甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥])\\s*年\\s*)?"
	    "(闰\\s*)?(十[一二]|[正一二三四五六七八九十冬腊])\\s*月\\s*"
	    "(初[" NUM_CN "]|十[一二三四五六七八九]|二十|廿[一二三四五六七八九]"
	    "|三十|卅)(?!\\s*[日号])", 0);
	f->re_issue = re_compile("(总\\s*)?第\\s*([0-9]{1,7})\\s*期", 0);
	f->re_pages = re_compile("(?:本报今日|今日|本期|共)\\s*([0-9]{1,3}|[" NUM_CN
	    "]{1,3})\\s*(?:个)?版", 0);
	f->re_cn = re_compile("CN\\s*([0-9]{2})\\s*[-–—]\\s*([0-9]{4})"
	    "(?:\\s*/\\s*([A-Z]))?", 0);
	f->re_furniture = re_compile("国内统一连续出版物号|国内统一刊号|国内刊号"
	    "|邮发代号\\s*[0-9]+\\s*-\\s*[0-9]+|中共\\S{0,16}?主管|主管|主办|出版"
	    "|农历|[A-Za-z]{2,}|[|｜·•]", 0);
	load_papers(f);
	f->gb18030 = eiconv_open("GB18030");
	f->utf16le = eiconv_open("UTF-16LE");
	f->utf16be = eiconv_open("UTF-16BE");
	f->utf32le = eiconv_open("UTF-32LE");
	f->utf32be = eiconv_open("UTF-32BE");
	return f;
}

static void
filter_free(struct filter *f)
{
	size_t i;

	if (!f)
		return;
	re_free(f->re_date);
	re_free(f->re_date_num);
	re_free(f->re_weekday);
	re_free(f->re_lunar);
	re_free(f->re_issue);
	re_free(f->re_pages);
	re_free(f->re_cn);
	re_free(f->re_furniture);
	for (i = 0; i < f->nforms; i++)
		free(f->forms[i].folded);
	free(f->forms);
	free(f->conf);
	iconv_close(f->gb18030);
	iconv_close(f->utf16le);
	iconv_close(f->utf16be);
	iconv_close(f->utf32le);
	iconv_close(f->utf32be);
	buf_free(&f->why);
	free(f);
}

/* ---- decoding -------------------------------------------------------- */

static void
decoded_init(struct decoded *dc)
{
	buf_init(&dc->text);
	dc->bad.v = NULL;
	dc->bad.n = dc->bad.cap = 0;
	dc->encoding = NULL;
}

static void
decoded_free(struct decoded *dc)
{
	buf_free(&dc->text);
	free(dc->bad.v);
	decoded_init(dc);
}

/* Copy UTF-8 s[0..n), each undecodable byte or cut-off sequence becoming
 * one U+FFFD. */
static void
decode_utf8(const char *s, size_t n, struct decoded *dc)
{
	size_t i = 0, run = 0;

	buf_reset(&dc->text);
	dc->bad.n = 0;
	buf_grow(&dc->text, n);
	while (i < n) {
		uint32_t cp;
		size_t len;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		/* a bad byte, or a sequence cut short (as its longest valid
		 * prefix); a U+FFFD in the input stays as it is */
		if (cp == NP_REPLACEMENT &&
		    (len != 3 || memcmp(s + i, "\xEF\xBF\xBD", 3) != 0)) {
			buf_add(&dc->text, s + run, i - run);
			offsets_add(&dc->bad, dc->text.len);
			buf_addcp(&dc->text, NP_REPLACEMENT);
			run = i + len;
		}
		i += len;
	}
	buf_add(&dc->text, s + run, n - run);
	dc->encoding = "UTF-8";
}

/*
 * Convert s[0..n) with cd (its shift state is the caller's: reset it at the
 * start of a stream); an undecodable unit (`unit` bytes) becomes one
 * U+FFFD.  A sequence cut off at the end becomes one U+FFFD when `final`,
 * else it is left for the next call.  Returns the bytes consumed.
 */
static size_t
decode_iconv(iconv_t cd, size_t unit, const char *s, size_t n,
    struct decoded *dc, const char *name, int final)
{
	char *in = (char *)s;
	size_t inleft = n;

	buf_reset(&dc->text);
	dc->bad.n = 0;
	dc->encoding = name;
	while (inleft > 0) {
		char *o;
		size_t oleft, r, skip;

		buf_grow(&dc->text, inleft * 2 + 16);
		o = dc->text.s + dc->text.len;
		oleft = dc->text.cap - dc->text.len - 1;
		r = iconv(cd, &in, &inleft, &o, &oleft);
		dc->text.len = (size_t)(o - dc->text.s);
		dc->text.s[dc->text.len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !final)
			break;
		/* EILSEQ (bad input) or EINVAL (truncated at the end) */
		offsets_add(&dc->bad, dc->text.len);
		buf_addcp(&dc->text, NP_REPLACEMENT);
		skip = errno == EINVAL ? inleft : unit < inleft ? unit : inleft;
		in += skip;
		inleft -= skip;
	}
	return n - inleft;
}

/*
 * How many bytes at the end of UTF-8 s[0..n) begin a sequence that the
 * next bytes may complete (0 to 3): they wait for the next read.
 */
static size_t
utf8_hold(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k, need;

	for (k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = u[n - k];

		if (c >= 0x80 && c < 0xC0)
			continue;	/* a continuation byte: look further back */
		/* the lengths utf8_decode gives lead bytes */
		if ((c & 0xF8) == 0xF0)
			need = 4;
		else if ((c & 0xF0) == 0xE0)
			need = 3;
		else if ((c & 0xE0) == 0xC0)
			need = 2;
		else
			return 0;
		return k < need ? k : 0;
	}
	return 0;
}

/*
 * UTF-16 without a BOM: ASCII characters (newlines, digits) leave NUL
 * bytes on one side of every code unit.  At least 4 such NULs, making at
 * least 1 byte in 20, and ten times as many as on the other side.  Returns 1 for little endian,
 * 2 for big endian, 0 when the pattern is not there.
 */
static int
guess_utf16(const char *s, size_t n)
{
	size_t i, even = 0, odd = 0;

	if (n < 4 || n % 2)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '\0' && i % 2)
			odd++;
		else if (s[i] == '\0')
			even++;
	if (odd >= 4 && odd * 20 >= n && even * 10 < odd)
		return 1;
	if (even >= 4 && even * 20 >= n && odd * 10 < even)
		return 2;
	return 0;
}

/* The encoding of a stream, decided from its first bytes. */
struct codec {
	iconv_t cd;		/* NULL for UTF-8 */
	size_t unit;		/* bytes an undecodable unit stands for */
	size_t skip;		/* the BOM */
	const char *name;
};

static void
codec_set(struct codec *c, iconv_t cd, size_t unit, size_t skip,
    const char *name)
{
	c->cd = cd;
	c->unit = unit;
	c->skip = skip;
	c->name = name;
}

/*
 * Decide the encoding from the first n bytes of a stream (all of it when
 * `final`): a BOM; UTF-16 without one when its NUL pattern says so and it
 * decodes cleanly; UTF-8 when valid; else GB18030 (a superset of GBK and
 * GB2312) when it explains the bytes clearly better than UTF-8.
 */
static void
detect(struct filter *f, const char *s, size_t n, int final, struct codec *c)
{
	const unsigned char *u = (const unsigned char *)s;
	struct decoded alt, u8;
	size_t m;
	int guess;

	if (n >= 4 && memcmp(s, "\xFF\xFE\0\0", 4) == 0) {
		codec_set(c, f->utf32le, 4, 4, "UTF-32LE");
		return;
	}
	if (n >= 4 && memcmp(s, "\0\0\xFE\xFF", 4) == 0) {
		codec_set(c, f->utf32be, 4, 4, "UTF-32BE");
		return;
	}
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		codec_set(c, NULL, 1, 3, "UTF-8");
		return;
	}
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		codec_set(c, f->utf16le, 2, 2, "UTF-16LE");
		return;
	}
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		codec_set(c, f->utf16be, 2, 2, "UTF-16BE");
		return;
	}
	decoded_init(&alt);
	m = final ? n : n - n % 2;
	if ((guess = guess_utf16(s, m)) != 0) {
		codec_set(c, guess == 1 ? f->utf16le : f->utf16be, 2, 0,
		    guess == 1 ? "UTF-16LE" : "UTF-16BE");
		iconv(c->cd, NULL, NULL, NULL, NULL);
		decode_iconv(c->cd, 2, s, m, &alt, c->name, final);
		if (alt.bad.n * 100 <= m / 2) {
			decoded_free(&alt);
			return;
		}
	}
	codec_set(c, NULL, 1, 0, "UTF-8");
	m = final ? n : n - utf8_hold(s, n);
	if (utf8_valid(s, m)) {
		decoded_free(&alt);
		return;
	}
	decoded_init(&u8);
	decode_utf8(s, m, &u8);
	iconv(f->gb18030, NULL, NULL, NULL, NULL);
	decode_iconv(f->gb18030, 1, s, n, &alt, "GB18030", final);
	if (alt.bad.n * 2 < u8.bad.n)
		codec_set(c, f->gb18030, 1, 0, "GB18030");
	decoded_free(&u8);
	decoded_free(&alt);
}

/*
 * Not text: more than one character in NOT_TEXT_RATIO is a NUL, another
 * control character (other than tab, newline, vertical tab, form feed and
 * carriage return) or an undecodable byte.  *nbad and *ntotal say why.
 */
static int
not_text(const struct decoded *dc, size_t *nbad, size_t *ntotal)
{
	const char *s = dc->text.s ? dc->text.s : "";
	size_t i = 0, n = dc->text.len, total = 0, bad = dc->bad.n;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		total++;
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\v' &&
		    cp != '\f' && cp != '\r') || (cp >= 0x7F && cp < 0xA0))
			bad++;
		i += len;
	}
	*nbad = bad;
	*ntotal = total;
	return bad > 0 && bad * NOT_TEXT_RATIO > total;
}

/* ---- the masthead ---------------------------------------------------- */

static void
masthead_init(struct masthead *mh)
{
	memset(mh, 0, sizeof(*mh));
	buf_init(&mh->date_printed);
	buf_init(&mh->weekday);
	buf_init(&mh->lunar);
	buf_init(&mh->cn);
	mh->issue = mh->page_count = -1;
	mh->lunar_gz = -1;
}

static void
masthead_free(struct masthead *mh)
{
	buf_free(&mh->date_printed);
	buf_free(&mh->weekday);
	buf_free(&mh->lunar);
	buf_free(&mh->cn);
}

/* Append s[0..n) to b without white space. */
static void
add_squeezed(struct np_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (cp != ' ' && cp != '\t' && !is_space_cp(cp))
			buf_add(b, s + i, len);
		i += len;
	}
}

/* Value of a number written in ASCII digits or Chinese numerals (1-99, or
 * a digit-by-digit year such as 二〇二三); -1 when it is neither. */
static long
number_value(const char *s, size_t n)
{
	static const char *const digits[] = { "〇", "一", "二", "三", "四", "五",
		"六", "七", "八", "九" };
	long v = 0, tens = -1;
	size_t i = 0;
	int k;

	if (n > 0 && s[0] >= '0' && s[0] <= '9') {
		for (i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9' || v > 100000000)
				return -1;
			v = v * 10 + (s[i] - '0');
		}
		return v;
	}
	while (i < n) {
		if (n - i >= 3 && memcmp(s + i, "十", 3) == 0) {
			tens = v ? v : 1;
			v = 0;
			i += 3;
			continue;
		}
		if (n - i >= 3 && (memcmp(s + i, "零", 3) == 0 ||
		    memcmp(s + i, "○", 3) == 0)) {
			v = v * 10;
			i += 3;
			continue;
		}
		for (k = 0; k < 10; k++)
			if (n - i >= 3 && memcmp(s + i, digits[k], 3) == 0)
				break;
		if (k == 10)
			return -1;
		v = v * 10 + k;
		i += 3;
	}
	return tens >= 0 ? tens * 10 + v : v;
}

/* Mark bytes [a, b) of a line as explained by an item or furniture. */
static void
cover(char *covered, size_t a, size_t b)
{
	memset(covered + a, 1, b - a);
}

static int
group_value(const struct np_match *m, size_t g, const char *s, long *v)
{
	size_t a, b;

	if (!re_group(m, g, &a, &b))
		return 0;
	*v = number_value(s + a, b - a);
	return *v >= 0;
}

/*
 * Look for masthead items in one line (s[0..n), full-width forms already
 * folded to ASCII).  When the line is a masthead line - some item, and at
 * most MASTHEAD_RESIDUE other CJK characters or digits besides them and
 * the usual furniture - record the items not yet seen and return 1.
 */
static int
scan_masthead_line(struct filter *f, const char *s, size_t n,
    struct masthead *mh)
{
	struct masthead found;
	struct np_match m;
	char *covered;
	size_t at, i, residue = 0, a, b;
	int items = 0;
	long v1, v2, v3;

	if (n == 0)
		return 0;
	masthead_init(&found);
	covered = ecalloc(n, 1);
	if (re_search(f->re_date, s, n, 0, &m) && group_value(&m, 1, s, &v1) &&
	    group_value(&m, 2, s, &v2) && group_value(&m, 3, s, &v3)) {
		found.y = (int)v1;
		found.m = (int)v2;
		found.d = (int)v3;
		add_squeezed(&found.date_printed, s + m.start, m.end - m.start);
		cover(covered, m.start, m.end);
		items++;
	} else if (re_search(f->re_date_num, s, n, 0, &m) &&
	    group_value(&m, 1, s, &v1) && group_value(&m, 3, s, &v2) &&
	    group_value(&m, 4, s, &v3)) {
		found.y = (int)v1;
		found.m = (int)v2;
		found.d = (int)v3;
		add_squeezed(&found.date_printed, s + m.start, m.end - m.start);
		cover(covered, m.start, m.end);
		items++;
	}
	if (re_search(f->re_weekday, s, n, 0, &m)) {
		add_squeezed(&found.weekday, s + m.start, m.end - m.start);
		cover(covered, m.start, m.end);
		items++;
	}
	for (at = 0; re_search(f->re_lunar, s, n, at, &m); at = m.end) {
		int month, day;

		if (covered[m.start])	/* inside the Gregorian date */
			continue;
		re_group(&m, 3, &a, &b);
		month = lunar_month_number(s + a, b - a);
		re_group(&m, 4, &a, &b);
		day = lunar_day_number(s + a, b - a);
		found.lunar_month = month;
		found.lunar_day = day;
		found.lunar_leap = re_group(&m, 2, &a, &b);
		if (re_group(&m, 1, &a, &b)) {
			found.lunar_gz = ganzhi_index(s + a, b - a);
			add_squeezed(&found.lunar, s + a, m.end - a);
		} else {
			if (!re_group(&m, 2, &a, &b))
				re_group(&m, 3, &a, &b);
			add_squeezed(&found.lunar, s + a, m.end - a);
		}
		cover(covered, m.start, m.end);
		items++;
		break;
	}
	for (at = 0; re_search(f->re_issue, s, n, at, &m); at = m.end) {
		long v;

		cover(covered, m.start, m.end);
		if (!group_value(&m, 2, s, &v))
			continue;
		/* 第N期 wins over 总第N期 */
		if (found.issue < 0 || !re_group(&m, 1, &a, &b))
			found.issue = v;
		if (!re_group(&m, 1, &a, &b))
			break;
	}
	if (found.issue >= 0)
		items++;
	if (re_search(f->re_pages, s, n, 0, &m) && group_value(&m, 1, s, &v1)) {
		found.page_count = v1;
		cover(covered, m.start, m.end);
		items++;
	}
	if (re_search(f->re_cn, s, n, 0, &m)) {
		re_group(&m, 1, &a, &b);
		buf_printf(&found.cn, "CN %.*s-", (int)(b - a), s + a);
		re_group(&m, 2, &a, &b);
		buf_add(&found.cn, s + a, b - a);
		if (re_group(&m, 3, &a, &b)) {
			buf_addc(&found.cn, '/');
			buf_add(&found.cn, s + a, b - a);
		}
		cover(covered, m.start, m.end);
		items++;
	}
	for (at = 0; re_search(f->re_furniture, s, n, at, &m); at = m.end) {
		cover(covered, m.start, m.end);
		if (m.end == m.start)
			break;
	}
	for (i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (!covered[i] && (is_cjk(cp) || (cp >= '0' && cp <= '9')))
			residue++;
		i += len;
	}
	free(covered);
	if (items == 0 || residue > MASTHEAD_RESIDUE) {
		masthead_free(&found);
		return 0;
	}
	/* The first of each kind wins. */
	if (!mh->date_printed.len && found.date_printed.len) {
		mh->y = found.y;
		mh->m = found.m;
		mh->d = found.d;
		buf_add(&mh->date_printed, found.date_printed.s,
		    found.date_printed.len);
		mh->nitems++;
	}
	if (!mh->weekday.len && found.weekday.len) {
		buf_add(&mh->weekday, found.weekday.s, found.weekday.len);
		mh->nitems++;
	}
	if (!mh->lunar.len && found.lunar.len) {
		buf_add(&mh->lunar, found.lunar.s, found.lunar.len);
		mh->lunar_gz = found.lunar_gz;
		mh->lunar_month = found.lunar_month;
		mh->lunar_leap = found.lunar_leap;
		mh->lunar_day = found.lunar_day;
		mh->nitems++;
	}
	if (mh->issue < 0 && found.issue >= 0) {
		mh->issue = found.issue;
		mh->nitems++;
	}
	if (mh->page_count < 0 && found.page_count >= 0) {
		mh->page_count = found.page_count;
		mh->nitems++;
	}
	if (!mh->cn.len && found.cn.len) {
		buf_add(&mh->cn, found.cn.s, found.cn.len);
		mh->nitems++;
	}
	masthead_free(&found);
	return 1;
}

/* Full-width ASCII to ASCII and ideographic space to space, for matching;
 * markdown marks (# > * - |) stripped from both ends. */
static void
normalize_line(const char *s, size_t n, struct np_buf *out)
{
	size_t i = 0, start, end;

	buf_reset(out);
	buf_grow(out, n);
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (cp >= 0xFF01 && cp <= 0xFF5E)
			buf_addc(out, (char)(cp - 0xFEE0));
		else if (cp == 0x3000 || cp == '\t')
			buf_addc(out, ' ');
		else
			buf_add(out, s + i, len);
		i += len;
	}
	start = 0;
	end = out->len;
	while (start < end && out->s[start] && strchr("#>*-| ", out->s[start]))
		start++;
	while (end > start && out->s[end - 1] && strchr("#*| ", out->s[end - 1]))
		end--;
	memmove(out->s, out->s + start, end - start);
	out->len = end - start;
	out->s[out->len] = '\0';
}

/* Does the rest of a paper-name line hold nothing but Latin letters (a
 * pinyin name), spaces and punctuation? */
static int
only_latin(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (cp >= 0x80 && !is_cjk_punct(cp) && !is_space_cp(cp))
			return 0;
		if (cp >= '0' && cp <= '9')
			return 0;
		i += len;
	}
	return 1;
}

/*
 * The paper form the line starts with (longest), or NULL; spaces between
 * its characters are allowed (big masthead type often comes out of OCR as
 * 株 洲 日 报).  *used receives the bytes of the line it covers.
 */
static const struct paper_form *
paper_at_start(struct filter *f, const char *s, size_t n, struct np_buf *tmp,
    size_t *used)
{
	const struct paper_form *best = NULL;
	size_t i, j, k;

	fold_confusions(f, s, n, tmp);
	for (i = 0; i < f->nforms; i++) {
		const struct paper_form *pf = &f->forms[i];

		for (j = 0, k = 0; j < pf->len && k < n; k++) {
			if (tmp->s[k] == ' ' && j > 0)
				continue;
			if (tmp->s[k] != pf->folded[j])
				break;
			j++;
		}
		if (j == pf->len && (!best || pf->len > best->len)) {
			best = pf;
			*used = k;
		}
	}
	return best;
}

/*
 * Read the masthead from the top of a page: up to MASTHEAD_LINES non-blank
 * lines, stopping at the first long (body text) line.  Items count only
 * when the masthead is convincing: a paper line, a date, or two kinds of
 * items.
 */
static void
parse_masthead(struct filter *f, const char *text, size_t len,
    struct masthead *mh)
{
	struct np_buf line, tmp;
	size_t pos = 0, seen = 0, used = 0;

	masthead_init(mh);
	buf_init(&line);
	buf_init(&tmp);
	while (pos < len && seen < MASTHEAD_LINES) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const struct paper_form *pf;

		normalize_line(text + pos, end - pos, &line);
		pos = end + 1;
		if (line.len == 0)
			continue;
		seen++;
		if (utf8_count(line.s, line.len) > MASTHEAD_LINE_MAX)
			break;
		pf = mh->paper ? NULL :
		    paper_at_start(f, line.s, line.len, &tmp, &used);
		if (pf) {
			const char *rest = line.s + used;
			size_t nrest = line.len - used;

			while (nrest > 0 && (*rest == ' ')) {
				rest++;
				nrest--;
			}
			if (only_latin(rest, nrest) ||
			    scan_masthead_line(f, rest, nrest, mh)) {
				mh->paper = pf->name;
				mh->paper_len = pf->name_len;
			}
			continue;
		}
		scan_masthead_line(f, line.s, line.len, mh);
	}
	buf_free(&line);
	buf_free(&tmp);
	if (!mh->paper && !mh->date_printed.len && mh->nitems < 2) {
		masthead_free(mh);
		masthead_init(mh);
	}
}

/* ---- records --------------------------------------------------------- */

static void
add_warning(json_t **warnings, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
add_warning(json_t **warnings, const char *fmt, ...)
{
	struct np_buf b;
	va_list ap;
	int n;

	buf_init(&b);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		np_die(NP_EXIT_IO, "internal error: bad warning format");
	buf_grow(&b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b.len = (size_t)n;
	if (!*warnings)
		*warnings = ejson_array();
	ejson_append_new(*warnings, ejson_stringn(b.s, b.len));
	buf_free(&b);
}

static const char *const weekday_names[] = {
	"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"
};

/* Weekday index of a printed weekday (its last character), or -1. */
static int
printed_weekday(const struct np_buf *w)
{
	static const char *const last[] = { "日", "一", "二", "三", "四", "五", "六" };
	int i;

	if (w->len < 3)
		return -1;
	if (memcmp(w->s + w->len - 3, "天", 3) == 0)
		return 0;
	for (i = 0; i < 7; i++)
		if (memcmp(w->s + w->len - 3, last[i], 3) == 0)
			return i;
	return -1;
}

/* The weekday and the lunar date against the masthead's Gregorian date. */
static void
cross_check(const struct masthead *mh, json_t **warnings)
{
	struct lunar_date l;
	int wd;

	wd = printed_weekday(&mh->weekday);
	if (wd >= 0 && wd != weekday_of(mh->y, mh->m, mh->d))
		add_warning(warnings, "weekday %s does not match %04d-%02d-%02d (%s)",
		    mh->weekday.s, mh->y, mh->m, mh->d,
		    weekday_names[weekday_of(mh->y, mh->m, mh->d)]);
	if (!mh->lunar.len)
		return;
	if (lunar_from_gregorian(mh->y, mh->m, mh->d, &l) != 0) {
		add_warning(warnings, "lunar date %s not checked: %04d-%02d-%02d is "
		    "outside the calendar table", mh->lunar.s, mh->y, mh->m, mh->d);
		return;
	}
	if (mh->lunar_month != l.month || mh->lunar_leap != l.leap ||
	    mh->lunar_day != l.day ||
	    (mh->lunar_gz >= 0 && mh->lunar_gz != ganzhi_of_year(l.year))) {
		char want[LUNAR_NAME_MAX];

		lunar_format(&l, mh->lunar_gz >= 0, want);
		add_warning(warnings, "lunar date %s does not match %04d-%02d-%02d (%s)",
		    mh->lunar.s, mh->y, mh->m, mh->d, want);
	}
}

static json_t *
str_or_null(const struct np_buf *b)
{
	return b->len ? ejson_stringn(b->s, b->len) : json_null();
}

static json_t *
int_or_null(long v)
{
	json_t *j;

	if (v < 0)
		return json_null();
	if (!(j = json_integer(v)))
		np_die(NP_EXIT_IO, "out of memory");
	return j;
}

/* Build and write the record of one page (text already normalized). */
static void
write_page(struct filter *f, const char *source, int page, const char *text,
    size_t len, size_t nbad, size_t nnul, FILE *out)
{
	json_t *rec = ejson_object(), *warnings = NULL;
	struct masthead mh;
	char date[16];
	int have_date = 0;

	parse_masthead(f, text, len, &mh);
	if (mh.date_printed.len) {
		if (valid_date(mh.y, mh.m, mh.d) && mh.y <= 9999) {
			have_date = 1;
			cross_check(&mh, &warnings);
		} else {
			add_warning(&warnings, "masthead date %s is not a valid date",
			    mh.date_printed.s);
		}
	}
	record_set_str(rec, "source", source, (size_t)-1);
	record_set_new(rec, "page", int_or_null(page));
	record_set_new(rec, "paper", mh.paper ?
	    ejson_stringn(mh.paper, mh.paper_len) : json_null());
	if (have_date) {
		snprintf(date, sizeof(date), "%04d-%02d-%02d", mh.y, mh.m, mh.d);
		record_set_str(rec, "date", date, (size_t)-1);
		record_set_str(rec, "date_source", "masthead", (size_t)-1);
	} else if (fallback_date) {
		record_set_str(rec, "date", fallback_date, (size_t)-1);
		record_set_str(rec, "date_source", "option", (size_t)-1);
	} else {
		record_set_new(rec, "date", json_null());
		record_set_new(rec, "date_source", json_null());
	}
	record_set_new(rec, "weekday", str_or_null(&mh.weekday));
	record_set_new(rec, "lunar", str_or_null(&mh.lunar));
	record_set_new(rec, "issue", int_or_null(mh.issue));
	record_set_new(rec, "page_count", int_or_null(mh.page_count));
	record_set_new(rec, "cn", str_or_null(&mh.cn));
	record_set_new(rec, "text", ejson_stringn(text, len));
	if (nbad)
		add_warning(&warnings, "%zu undecodable byte%s replaced with U+FFFD",
		    nbad, nbad == 1 ? "" : "s");
	if (nnul)
		add_warning(&warnings, "%zu NUL byte%s replaced with U+FFFD", nnul,
		    nnul == 1 ? "" : "s");
	if (len == 0)
		add_warning(&warnings, "empty page");
	if (warnings)
		record_set_new(rec, "warnings", warnings);
	record_write(rec, out);
	json_decref(rec);
	masthead_free(&mh);
}

/* ---- the stream ------------------------------------------------------ */

/*
 * One file on its way to page records: the bytes are decoded a chunk at a
 * time and each page is written as soon as its form feed (or the end of
 * the file) is decoded, so memory is bounded by the largest page.
 */
struct stream {
	struct filter *f;
	const char *source;
	FILE *out;
	struct codec codec;
	struct np_buf raw;	/* bytes not decoded yet (a cut-off sequence) */
	struct decoded dc;	/* the latest chunk, decoded */
	struct np_buf page;	/* the page being read, normalized */
	size_t nbad, nnul;	/* in the page */
	int pageno;
	int cr;			/* the last character was a carriage return */
	int started;		/* some text was decoded already */
};

static void
stream_init(struct stream *st, struct filter *f, const char *source,
    FILE *out)
{
	memset(st, 0, sizeof(*st));
	st->f = f;
	st->source = source;
	st->out = out;
	buf_init(&st->raw);
	decoded_init(&st->dc);
	buf_init(&st->page);
	st->pageno = 1;
}

static void
stream_free(struct stream *st)
{
	buf_free(&st->raw);
	decoded_free(&st->dc);
	buf_free(&st->page);
}

/* Decode st->raw plus s[0..n) into st->dc; keep a cut-off sequence. */
static void
stream_decode(struct stream *st, const char *s, size_t n, int final)
{
	const char *in = s;
	size_t len = n, used;

	if (st->raw.len > 0) {
		buf_add(&st->raw, s, n);
		in = st->raw.s;
		len = st->raw.len;
	}
	if (!st->codec.cd) {
		used = final ? len : len - utf8_hold(in, len);
		decode_utf8(in, used, &st->dc);
	} else {
		used = decode_iconv(st->codec.cd, st->codec.unit, in, len,
		    &st->dc, st->codec.name, final);
	}
	if (st->raw.len > 0) {
		memmove(st->raw.s, st->raw.s + used, st->raw.len - used);
		st->raw.len -= used;
	} else {
		buf_add(&st->raw, s + used, n - used);
	}
}

static void
stream_page(struct stream *st)
{
	write_page(st->f, st->source, st->pageno++, st->page.s ? st->page.s : "",
	    st->page.len, st->nbad, st->nnul, st->out);
	buf_reset(&st->page);
	st->nbad = st->nnul = 0;
}

/* Split the decoded chunk into pages; write each finished page. */
static void
stream_pages(struct stream *st)
{
	const char *s = st->dc.text.s ? st->dc.text.s : "";
	size_t i = 0, k = 0, run, n = st->dc.text.len;

	if (!st->started && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;	/* a BOM left inside the converted text */
	if (n > 0)
		st->started = 1;
	for (run = i; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' && st->cr) {
			buf_add(&st->page, s + run, i - run);
			run = i + 1;	/* \r\n: the \r became the \n */
			st->cr = 0;
			continue;
		}
		st->cr = 0;
		if (c > '\r' || (c != '\f' && c != '\r' && c != '\0'))
			continue;	/* copied in runs */
		buf_add(&st->page, s + run, i - run);
		run = i + 1;
		if (c == '\f') {
			for (; k < st->dc.bad.n && st->dc.bad.v[k] < i; k++)
				st->nbad++;
			stream_page(st);
		} else if (c == '\r') {
			buf_addc(&st->page, '\n');
			st->cr = 1;
		} else {
			buf_addcp(&st->page, NP_REPLACEMENT);
			st->nnul++;
		}
	}
	buf_add(&st->page, s + run, n - run);
	st->nbad += st->dc.bad.n - k;
}

/*
 * Begin a stream with its first n bytes (all of it when `final`): decide
 * the encoding, and refuse a file that is not text (nothing is written
 * then: returns -1 with *why set).  Returns 0.
 */
static int
stream_begin(struct stream *st, const char *s, size_t n, int final,
    const char **why)
{
	size_t nbad, total;

	detect(st->f, s, n, final, &st->codec);
	if (st->codec.cd)
		iconv(st->codec.cd, NULL, NULL, NULL, NULL);
	stream_decode(st, s + st->codec.skip, n - st->codec.skip, final);
	if (not_text(&st->dc, &nbad, &total)) {
		buf_reset(&st->f->why);
		buf_printf(&st->f->why, "not a text file: %zu of %zu characters "
		    "are NUL, control or undecodable bytes", nbad, total);
		*why = st->f->why.s;
		return -1;
	}
	stream_pages(st);
	return 0;
}

/* The next n bytes; `final` when they end the file. */
static void
stream_more(struct stream *st, const char *s, size_t n, int final)
{
	stream_decode(st, s, n, final);
	stream_pages(st);
}

/* The end of the file: a form feed that ends it does not start a page. */
static void
stream_end(struct stream *st)
{
	if (st->pageno == 1 || st->page.len > 0)
		stream_page(st);
}

/*
 * Turn one file's bytes into page records on out.  Returns 0, or -1 with
 * *why set when the file is not text (nothing is written then).
 */
static int
filter_file(struct filter *f, const char *source, const char *bytes, size_t n,
    FILE *out, const char **why)
{
	struct stream st;
	int rc;

	stream_init(&st, f, source, out);
	if ((rc = stream_begin(&st, bytes, n, 1, why)) == 0)
		stream_end(&st);
	stream_free(&st);
	return rc;
}

/* ---- main ------------------------------------------------------------ */

/* The encoding and the binary-file rule are decided on this many bytes. */
#define HEAD_SIZE 65536
#define CHUNK_SIZE 65536

static size_t
eread(FILE *fp, const char *name, char *b, size_t n)
{
	size_t got = fread(b, 1, n, fp);

	if (got < n && ferror(fp))
		np_die(NP_EXIT_IO, "%s: read error: %s", name, strerror(errno));
	return got;
}

/* Process one named file (or "-"); 0, or NP_EXIT_DATA when rejected. */
static int
process_file(struct filter *f, const char *path)
{
	struct stream st;
	const char *source, *slash, *why = NULL;
	char *chunk;
	size_t n;
	FILE *fp;
	int rc = 0, final;

	if (strcmp(path, "-") == 0) {
		fp = stdin;
		source = "-";
	} else {
		fp = fopen(path, "rb");
		if (!fp)
			np_die(NP_EXIT_IO, "%s: %s", path, strerror(errno));
		slash = strrchr(path, '/');
		source = slash ? slash + 1 : path;
	}
	chunk = emalloc(HEAD_SIZE > CHUNK_SIZE ? HEAD_SIZE : CHUNK_SIZE);
	stream_init(&st, f, source, stdout);
	n = eread(fp, path, chunk, HEAD_SIZE);
	final = n < HEAD_SIZE;
	if (final) {
		/* the whole file fit in the first read */
		rc = filter_file(f, source, chunk, n, stdout, &why);
	} else if ((rc = stream_begin(&st, chunk, n, final, &why)) == 0) {
		while (!final) {
			n = eread(fp, path, chunk, CHUNK_SIZE);
			final = n < CHUNK_SIZE;
			stream_more(&st, chunk, n, final);
		}
		stream_end(&st);
	}
	if (rc != 0) {
		np_warn("%s: %s", strcmp(path, "-") ? path : "<stdin>", why);
		rc = NP_EXIT_DATA;
	}
	if (fp != stdin)
		fclose(fp);
	stream_free(&st);
	free(chunk);
	return rc;
}

int
main(int argc, char **argv)
{
	int first = np_parse_args(&cli, argc, argv), i, status = NP_EXIT_OK;
	struct filter *f = filter_new();

	if (first == argc)
		status = process_file(f, "-");
	for (i = first; i < argc; i++) {
		if (process_file(f, argv[i]) != 0) {
			status = NP_EXIT_DATA;
			if (!np_opt.keep_going)
				break;
		}
	}
	filter_free(f);
	np_finish_output();
	return status;
}
