/*
 * np-split - split page records into article records
 *
 * Reads page records (np-pages, np-clean) and writes one record per article
 * in reading order: the page's fields without its text, plus article, id,
 * kind, banner, kicker, headline, subtitle, byline, text, continued_to,
 * continued_from, and on the first article the page furniture removed.
 *
 * How.  The page text is cut into units, one per non-blank line (markdown
 * heading marks, or np-clean's `headings` field, give a heading level).
 * Each unit is measured (length, how it ends, unbalanced quotes) and
 * classified with the cue patterns of data/split-patterns.txt: furniture
 * (masthead, issue line, 下转/上接 jump lines, pointers, hotlines), an
 * opening byline (X日报讯(记者/Y)), a byline standing alone, a bracketed
 * section mark, a photo credit, a title-like line (short, unterminated), or
 * running text.  Fragments of one paragraph broken across lines are joined
 * when the evidence says so (a line ending in a comma, an open quote, a long
 * unterminated column line, a continuation that starts with punctuation).
 * Then a single pass cuts articles: a run of title lines starts an article
 * when a byline or an author line follows it, after a jump line, for a
 * notice or a captioned photo, for a marked heading, or for a multi-line
 * title block outside a feature; otherwise the lines are in-body section
 * heads.  A lead paragraph left hanging (a byline without a title, ending
 * mid-sentence) is rejoined with the later title block whose body continues
 * it, as OCR of interleaved columns produces.  No character is lost: what
 * is not in an article's fields is in the furniture list.
 */
#define _GNU_SOURCE	/* memmem */
#include <stdlib.h>
#include <string.h>

#include "np.h"

static const struct np_cli cli = {
	.name = "np-split",
	.usage = "np-split [OPTION]... [FILE]...",
	.help = "Split page records into article records, one per article in reading\n"
		"order, with kind, title block, byline, body text and jump lines.\n"
		"\n"
		"Options:\n"
		"  --field NAME    read the page text from NAME (default text) and\n"
		"                  write each article's body there\n"
		"  --keep-going    report bad records and go on\n"
		"  --rejects FILE  where --keep-going writes bad records\n"
		"  --help          show this help\n"
		"  --version       show the version\n",
	.reads_field = 1,
};

/* ---- patterns ------------------------------------------------------------ */

enum {
	P_BYLINE, P_ALONE, P_CREDIT, P_MAST, P_TO, P_FROM, P_POINTER,
	P_HOTLINE, P_SECTION, P_TEASER, P_NOTICE, P_KICKER_END, P_SUB_VERB,
	P_COMMENT, P_AUTHOR, P_DATELINE, P_BYLINE_HEAD, P_ITEM, P_TAIL,
	P_KICKER_VERB, P_SERIES, P_PAGEREF, P_COLUMN, P_SURNAME, NPAT
};
static const char *const pat_tags[NPAT] = {
	"byline", "byline-alone", "credit", "masthead", "continued-to",
	"continued-from", "pointer", "hotline", "section", "teaser", "notice",
	"kicker-end", "subtitle-verb", "commentary", "author", "dateline",
	"byline-head", "item", "title-tail", "kicker-verb", "series",
	"page-ref", "column", NULL	/* P_SURNAME: built from surnames.txt (shared with np-names) */
};

enum { K_NEWS, K_FEATURE, K_COMMENTARY, K_PHOTO, K_NOTICE, K_TEASER };
static const char *const kind_names[] = {
	"news", "feature", "commentary", "photo", "notice", "teaser"
};

/* How a unit ends. */
enum { E_NONE, E_COMMA, E_DASH, E_ELLIPSIS, E_BANG, E_PERIOD };

/* Unit types. */
enum { U_TEXT, U_FURN, U_BYLINE, U_ALONE, U_SECTION };

/* Furniture kinds. */
enum { F_MAST, F_TO, F_FROM, F_POINTER, F_HOTLINE, F_DUP };

/* Byline kinds: a dated news byline, or a feature's standalone one. */
enum { BY_NONE, BY_NEWS, BY_FEATURE };

struct unit {
	struct np_buf t;	/* the line, trimmed; fragments joined on */
	char *target;		/* F_TO, F_FROM: normalized page ("02版") */
	size_t bylen;		/* U_BYLINE: bytes of the byline itself */
	size_t ncp, nhan;	/* code points (without blanks), Han ones */
	int level;		/* heading level, 0 when none */
	int type, furn, end;
	unsigned gap:1;		/* a blank line before it */
	unsigned open:1;	/* an unclosed quote or bracket */
	unsigned tlike:1;	/* could be a title line */
	unsigned deftitle:1;	/* in a title run a byline follows */
	unsigned credit:1;	/* ends with a photo credit */
	unsigned bullet:1;	/* starts with a list bullet */
	unsigned item:1;	/* starts as a list item: 一是, （一）, 1. */
	unsigned dead:1;	/* joined into the unit before it */
};

struct tline {
	const char *s;
	size_t n;
	int level;
};

struct article {
	struct tline *tl;	/* title lines in order */
	size_t ntl, captl;
	struct np_buf banner, byline, text;
	char *to, *from;
	size_t npara, ncp;
	int bykind;
	unsigned author:1, teaser:1, closed:1, joinnext:1, lastopen:1;
	unsigned credit_end:1, dead:1;
};

struct filter {
	struct np_re *re[NPAT];
	struct unit *u;		/* the page being split */
	size_t nu, capu;
	struct article *a;
	size_t na, capa;
	json_t *furniture;
	struct np_buf why;
	struct np_buf field_key;	/* np_opt.field as JSON text, unquoted */
	struct np_buf line;		/* an article being written */
	struct np_buf vals;		/* its new members' values */
	struct np_buf page;		/* a page read through jansson, as text */
	struct np_member *pm;		/* ... its members */
	size_t cappm;
	struct np_buf unescaped, source;	/* a page read in place */
};

/* Build one pattern from every entry of a tag (alternatives). */
static struct np_re *
compile_tag(const char *data, size_t len, const char *tag)
{
	struct np_buf b;
	struct np_re *re;
	const char *fld[2];
	size_t lens[2], pos = 0, n = 0;

	buf_init(&b);
	while (np_table_next(data, len, &pos, fld, lens, 2) == 2) {
		if (lens[0] != strlen(tag) || memcmp(fld[0], tag, lens[0]) != 0)
			continue;
		buf_adds(&b, n++ ? "|(?:" : "(?:");
		buf_add(&b, fld[1], lens[1]);
		buf_addc(&b, ')');
	}
	if (n == 0)
		np_die(NP_EXIT_IO, "internal error: no pattern %s in "
		    "split-patterns.txt", tag);
	re = re_compile(b.s, 0);
	buf_free(&b);
	return re;
}

/* ^(?:欧阳|…|王|李…): a surname at the start of a string. */
static struct np_re *
compile_surnames(void)
{
	struct np_buf b;
	struct np_re *re;
	const char *data, *fld[1];
	size_t len, lens[1], pos = 0;

	data = np_data("surnames.txt", &len);
	buf_init(&b);
	buf_adds(&b, "^(?:");
	while (np_table_next(data, len, &pos, fld, lens, 1) == 1) {
		if (b.len > 4)
			buf_addc(&b, '|');
		buf_add(&b, fld[0], lens[0]);
	}
	buf_addc(&b, ')');
	re = re_compile(b.s, 0);
	buf_free(&b);
	return re;
}

static struct filter *
filter_new(void)
{
	struct filter *f = ecalloc(1, sizeof(*f));
	const char *data;
	size_t len;
	int i;

	data = np_data("split-patterns.txt", &len);
	for (i = 0; i < NPAT; i++)
		if (pat_tags[i])
			f->re[i] = compile_tag(data, len, pat_tags[i]);
	f->re[P_SURNAME] = compile_surnames();
	buf_init(&f->why);
	buf_init(&f->line);
	buf_init(&f->vals);
	buf_init(&f->page);
	buf_init(&f->unescaped);
	buf_init(&f->source);
	/* The field's key as page members spell it, to know it there. */
	buf_init(&f->field_key);
	json_string_text(&f->field_key, np_opt.field, strlen(np_opt.field));
	memmove(f->field_key.s, f->field_key.s + 1, f->field_key.len - 2);
	f->field_key.len -= 2;
	f->field_key.s[f->field_key.len] = '\0';
	return f;
}

static int
matches(struct filter *f, int p, const char *s, size_t n, struct np_match *m)
{
	struct np_match tmp;

	return re_search(f->re[p], s, n, 0, m ? m : &tmp);
}

/* The first occurrence of w in s[0..n), or NULL. */
static const char *
find(const char *s, size_t n, const char *w)
{
	return memmem(s, n, w, strlen(w));
}

/* ---- measuring a unit ---------------------------------------------------- */

static int
is_closer(uint32_t cp)
{
	return cp == 0x201D || cp == 0x2019 || cp == 0x300D || cp == 0x300F ||
	    cp == 0xFF09 || cp == ')' || cp == 0x3011 || cp == 0x300B ||
	    cp == 0x3017 || cp == ']' || cp == '"' || cp == '\'';
}

static int
is_comma(uint32_t cp)
{
	return cp == 0xFF0C || cp == ',' || cp == 0x3001 || cp == 0xFF1A ||
	    cp == ':' || cp == 0xFF1B || cp == ';';
}

static int
is_opener(uint32_t cp)
{
	return cp == 0x201C || cp == 0x2018 || cp == 0x300A || cp == 0xFF08 ||
	    cp == '(' || cp == 0x3010 || cp == 0x300C || cp == 0x300E;
}

static int
is_bullet(uint32_t cp)
{
	return cp == 0x00B7 || cp == 0x2022 || cp == 0x25CF || cp == 0x25C6 ||
	    cp == 0x25AA || cp == 0x25A0 || cp == 0x25A1 || cp == 0x25CB ||
	    cp == 0x25CE || cp == 0x2605 || cp == 0x2606 || cp == 0x30FB;
}

/* How s[0..n) ends, looking through closing quotes and brackets. */
static int
end_class(const char *s, size_t n)
{
	size_t pos = n, l;
	uint32_t cp;

	while (pos > 0) {
		l = utf8_prev_len(s, pos);
		pos -= l;
		utf8_decode(s + pos, l, &cp);
		if (is_space_cp(cp) || is_closer(cp))
			continue;
		if (cp == 0x3002 || cp == '.' || cp == 0xFF0E || cp == 0xFF1B ||
		    cp == ';')
			return E_PERIOD;
		if (cp == 0xFF01 || cp == '!' || cp == 0xFF1F || cp == '?')
			return E_BANG;
		if (cp == 0x2026 || cp == 0x22EF)
			return E_ELLIPSIS;
		if (cp == 0x2014 || cp == 0x2015)
			return E_DASH;
		if (is_comma(cp) || is_opener(cp))
			return E_COMMA;
		return E_NONE;
	}
	return E_NONE;
}

/* utf8_decode for the valid UTF-8 jansson hands us, inline for speed. */
static inline size_t
decode(const char *p, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)p;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
		    (uint32_t)(s[2] & 0x3F);
		return 3;
	}
	return utf8_decode(p, n, cp);
}

static void
measure(struct unit *u)
{
	const char *s = u->t.s;
	size_t n = u->t.len, i = 0, l, run = 0, maxrun = 0;
	int q = 0, b = 0, p = 0, k = 0, period = 0, comma = 0, first = 1;
	uint32_t cp;

	u->ncp = u->nhan = 0;
	u->bullet = 0;
	while (i < n) {
		l = decode(s + i, n - i, &cp);
		i += l;
		if (first)	/* the text is trimmed: no blank first */
			u->bullet = is_bullet(cp) || cp == '-';
		first = 0;
		if (cp >= 0x4E00 && cp <= 0x9FFF) {	/* the common case */
			u->ncp++;
			u->nhan++;
			run = 0;
			continue;
		}
		if (!is_space_cp(cp))
			u->ncp++;
		if (is_cjk(cp))
			u->nhan++;
		if (cp < 0x80 && ((cp >= '0' && cp <= '9') ||
		    ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))) {
			if (++run > maxrun)
				maxrun = run;
		} else {
			run = 0;
		}
		switch (cp) {
		case 0x201C: q++; break;
		case 0x201D: q--; break;
		case 0x300A: b++; break;
		case 0x300B: b--; break;
		case 0xFF08: case '(': p++; break;
		case 0xFF09: case ')': p--; break;
		case 0x3010: k++; break;
		case 0x3011: k--; break;
		case 0x3002: period = 1; break;
		default: comma |= is_comma(cp); break;
		}
	}
	u->open = q > 0 || b > 0 || p > 0 || k > 0;
	u->end = end_class(s, n);
	/* an unclosed quote is OCR loss in a short title, a broken
	 * sentence in anything with commas or of some length */
	u->tlike = u->type == U_TEXT && !u->credit && !u->bullet && !u->item &&
	    (u->end == E_NONE || u->end == E_BANG) &&
	    (!u->open || (u->ncp <= 30 && !comma)) &&
	    u->ncp <= 60 && u->nhan >= 2 && !period && maxrun < 7;
}

/* ---- cutting the page into units ----------------------------------------- */

/* Trim blanks (ASCII, U+3000, U+00A0) from both ends of s[*a..*b). */
static void
trim(const char *s, size_t *a, size_t *b)
{
	uint32_t cp;
	size_t l;

	while (*a < *b) {
		l = utf8_decode(s + *a, *b - *a, &cp);
		if (!is_space_cp(cp) && cp != '\r')
			break;
		*a += l;
	}
	while (*b > *a) {
		l = utf8_prev_len(s, *b);
		utf8_decode(s + *b - l, l, &cp);
		if (!is_space_cp(cp) && cp != '\r')
			break;
		*b -= l;
	}
}

/* "▶下转 A2 版①" -> "A2版"; "上接1版" -> "01版" (two digits without a letter). */
static char *
page_target(const char *s, size_t n)
{
	const char *v;
	size_t i, d0, d1;
	struct np_buf b;
	char letter = 0;

	v = find(s, n, "版");
	if (!v)
		return NULL;
	i = (size_t)(v - s);
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	d1 = i;
	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	d0 = i;
	if (d0 == d1)
		return NULL;
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	if (i > 0 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z'))
		letter = (char)(s[i - 1] & ~0x20);
	buf_init(&b);
	if (letter)
		buf_addc(&b, letter);
	if (d1 - d0 == 1 && !letter)
		buf_addc(&b, '0');
	buf_add(&b, s + d0, d1 - d0);
	buf_adds(&b, "版");
	return buf_take(&b);
}

static struct unit *
new_unit(struct filter *f, const char *s, size_t n, int level, int gap)
{
	struct unit *u;

	if (f->nu == f->capu) {
		f->capu = f->capu ? 2 * f->capu : 64;
		f->u = ereallocarray(f->u, f->capu, sizeof(*f->u));
	}
	u = &f->u[f->nu++];
	memset(u, 0, sizeof(*u));
	buf_init(&u->t);
	buf_add(&u->t, s, n);
	u->level = level;
	u->gap = gap;
	return u;
}

static int
ends_with(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && memcmp(s + n - k, w, k) == 0;
}

static int
contains(const char *s, size_t n, const char *w)
{
	return find(s, n, w) != NULL;
}

/* Is u an opening byline (X日报讯(记者/Y) ...) or one standing alone? */
static void
detect_byline(struct filter *f, struct unit *u)
{
	const char *s = u->t.s;
	size_t n = u->t.len;
	struct np_match m;

	/* both patterns are anchored at the start: cheap to try */
	if (matches(f, P_BYLINE, s, n, &m) && m.start == 0) {	/* ^-anchored */
		u->type = U_BYLINE;
		u->bylen = m.end;
	} else if (n < 200 && matches(f, P_ALONE, s, n, NULL)) {
		u->type = U_ALONE;
	}
}

/* Classify the unit just added; a trailing jump line becomes its own unit. */
static void
classify(struct filter *f, size_t ui)
{
	struct unit *u = &f->u[ui];
	const char *s = u->t.s;
	size_t n = u->t.len, a, b;
	struct np_match m;
	/* jump lines sit at the start or the end of a line: look there only */
	size_t w = n < 48 ? n : 48;
	int ban_head = contains(s, w, "版"), ban_tail = contains(s + n - w, w, "版");

	if (ban_head && matches(f, P_FROM, s, n, &m)) {
		u->type = U_FURN;
		u->furn = F_FROM;
		u->target = page_target(s + m.start, m.end - m.start);
		a = m.end;
		b = n;
		trim(s, &a, &b);
		measure(u);
		if (a < b) {	/* text after the jump line */
			new_unit(f, s + a, b - a, 0, 0);
			u = &f->u[ui];
			u->t.len = m.end;
			u->t.s[m.end] = '\0';
			classify(f, f->nu - 1);
		}
		return;
	}
	if (ban_tail && matches(f, P_TO, s, n, &m)) {
		struct unit *v;

		a = 0;
		b = m.start;
		trim(s, &a, &b);
		v = new_unit(f, s + m.start, n - m.start, 0, 0);
		v->type = U_FURN;
		v->furn = F_TO;
		v->target = page_target(v->t.s, v->t.len);
		measure(v);
		u = &f->u[ui];
		if (a == b) {	/* the whole line is the jump line */
			f->nu--;
			buf_free(&v->t);
			free(v->target);
			u->type = U_FURN;
			u->furn = F_TO;
			u->target = page_target(s, n);
			measure(u);
			return;
		}
		/* text before the jump line: classify it on its own */
		u->t.len = b;
		u->t.s[b] = '\0';
		n = b;
	}
	if (ban_tail && n < 120 && matches(f, P_POINTER, s, n, NULL)) {
		u->type = U_FURN;
		u->furn = F_POINTER;
		measure(u);
		return;
	}
	if (n < 300 && matches(f, P_MAST, s, n, NULL)) {	/* ~100 characters */
		u->type = U_FURN;
		u->furn = F_MAST;
		measure(u);
		return;
	}
	if (n < 200 && (contains(s, n, "热线") || contains(s, n, "电话")) &&
	    matches(f, P_HOTLINE, s, n, NULL)) {
		u->type = U_FURN;
		u->furn = F_HOTLINE;
		measure(u);
		return;
	}
	if ((ends_with(s, n, "摄") || ends_with(s, n, "供图") ||
	    ends_with(s, n, "摄影") || ends_with(s, n, ")") ||
	    ends_with(s, n, "）")) && matches(f, P_CREDIT, s, n, NULL))
		u->credit = 1;
	if (!u->credit)
		detect_byline(f, u);
	if (u->type == U_TEXT && u->t.len < 40 &&
	    matches(f, P_SECTION, s, n, NULL))
		u->type = U_SECTION;
	if (u->type == U_TEXT && u->t.len < 200)
		u->item = matches(f, P_ITEM, s, n, NULL);
	measure(u);
}

/* The heading level np-clean recorded for line `line`, or 0. */
static int
recorded_level(json_t *headings, size_t line)
{
	size_t i;
	json_t *h;

	json_array_foreach(headings, i, h) {
		json_t *x = json_array_get(h, 0), *y = json_array_get(h, 1);

		if (json_is_integer(x) && json_is_integer(y) &&
		    json_integer_value(x) == (json_int_t)line)
			return (int)json_integer_value(y);
	}
	return 0;
}

static void
cut_units(struct filter *f, const char *s, size_t n, json_t *headings)
{
	size_t i = 0, line = 0, a, b, e;
	int gap = 0, level;

	while (i <= n) {
		e = i;
		while (e < n && s[e] != '\n')
			e++;
		a = i;
		b = e;
		trim(s, &a, &b);
		level = json_is_array(headings) ? recorded_level(headings, line) : 0;
		if (a < b && s[a] == '#') {
			size_t h = a;

			while (h < b && s[h] == '#')
				h++;
			if (h - a <= 6 && (h == b || s[h] == ' ' || s[h] == '\t' ||
			    (unsigned char)s[h] >= 0x80)) {
				level = (int)(h - a);
				a = h;
				trim(s, &a, &b);
			}
		}
		if (a < b) {
			new_unit(f, s + a, b - a, level, gap);
			classify(f, f->nu - 1);
			gap = 0;
		} else {
			gap = 1;
		}
		line++;
		i = e + 1;
	}
}

/* ---- joining broken paragraphs -------------------------------------------- */

static uint32_t
cp_at(const char *s, size_t n, size_t k)
{
	size_t i = 0;
	uint32_t cp = 0;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		while (is_space_cp(cp) && i < n)
			i += utf8_decode(s + i, n - i, &cp);
		if (k-- == 0)
			return cp;
	}
	return 0;
}


static int
is_alnum_cp(uint32_t cp)
{
	return cp < 0x80 && ((cp >= '0' && cp <= '9') ||
	    ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'));
}

/* Measure words and units that follow a number: 40|年, 190|号. */
static int
is_unit_word(uint32_t cp)
{
	static const char units[] = "号个年月日时分秒万亿元人次家名位项届条岁米吨千百%％倍天周期台辆件套座所处股批户";
	char enc[5];
	size_t l = utf8_encode(cp, enc);

	enc[l] = '\0';
	return strstr(units, enc) != NULL;
}

/* Code points after the last comma-like mark of s, or all of them. */
static size_t
last_clause(const char *s, size_t n, int *had_comma)
{
	size_t i = 0, l, k = 0;
	uint32_t cp;

	*had_comma = 0;
	while (i < n) {
		l = utf8_decode(s + i, n - i, &cp);
		i += l;
		if (is_comma(cp)) {
			*had_comma = 1;
			k = 0;
		} else if (!is_space_cp(cp)) {
			k++;
		}
	}
	return k;
}

static size_t
next_live(struct filter *f, size_t i)
{
	while (i < f->nu && f->u[i].dead)
		i++;
	return i;
}

/* Does b continue the paragraph a leaves unfinished? */
static int starts_dash(const char *s, size_t n);

/*
 * Does b continue the paragraph a leaves unfinished?  `intitle`: a is a
 * line of a title block (after another title line, or a dash subtitle);
 * then only punctuation is evidence enough.
 */
static int
continues(struct filter *f, struct unit *a, size_t bi, int intitle)
{
	struct unit *b = &f->u[bi];
	uint32_t b0, b1, b2, alast;
	size_t after, clause;
	int comma;

	if (a->type != U_TEXT && a->type != U_BYLINE)
		return 0;
	if (b->type != U_TEXT || a->level || b->level || b->bullet || a->credit)
		return 0;
	if (a->end != E_NONE && a->end != E_COMMA)
		return 0;
	if (a->type == U_BYLINE && a->bylen == a->t.len)
		return 0;
	b0 = cp_at(b->t.s, b->t.len, 0);
	b1 = cp_at(b->t.s, b->t.len, 1);
	b2 = cp_at(b->t.s, b->t.len, 2);
	alast = utf8_last_cp(a->t.s, a->t.len);
	/* a number or code broken across lines: 43020…0164|4号, 190|号 */
	if (is_alnum_cp(alast) && is_alnum_cp(b0))
		return 1;
	if (alast >= '0' && alast <= '9' && is_unit_word(b0))
		return 1;
	if (b->tlike) {	/* the first line of a title block? */
		after = next_live(f, bi + 1);
		if (b->deftitle || (after < f->nu && f->u[after].tlike))
			return 0;
	}
	if (a->end == E_COMMA || (a->open && !a->tlike))
		return 1;
	if (is_closer(b0) || is_comma(b0) || b0 == 0x3002 || is_comma(b1) ||
	    is_closer(b1))
		return 1;
	if (intitle || (a->tlike && (a->deftitle || starts_dash(a->t.s, a->t.len))))
		return 0;
	if (a->ncp >= 15 && is_comma(b2))
		return 1;
	if (b->tlike)
		return 0;
	if (a->ncp >= 24)
		return 1;
	clause = last_clause(a->t.s, a->t.len, &comma);
	return comma && clause <= 3;
}

/* Is u an unterminated fragment that repeats the start of an earlier unit? */
static int
is_duplicate(struct filter *f, size_t ui)
{
	struct unit *u = &f->u[ui];
	size_t j;

	if (u->type != U_TEXT || u->ncp < 10 || u->end == E_PERIOD ||
	    u->end == E_BANG || u->end == E_ELLIPSIS)
		return 0;
	for (j = 0; j < ui; j++) {
		struct unit *v = &f->u[j];

		if (!v->dead && v->type == U_TEXT && v->t.len > u->t.len &&
		    !u->tlike && v->t.s[0] == u->t.s[0] &&
		    v->t.s[3] == u->t.s[3] &&
		    memcmp(v->t.s, u->t.s, u->t.len) == 0)
			return 1;
	}
	return 0;
}

static int is_author(struct filter *f, const struct unit *u);

/* Mark the runs of title-like lines that a byline or author line follows. */
static void
mark_titles(struct filter *f)
{
	size_t i = 0, j, k;

	while (i < f->nu) {
		if (!f->u[i].tlike) {
			i++;
			continue;
		}
		j = i;
		while (j < f->nu && f->u[j].tlike)
			j++;
		if ((j < f->nu && (f->u[j].type == U_BYLINE ||
		    f->u[j].type == U_ALONE)) ||
		    (j - i >= 2 && is_author(f, &f->u[j - 1])))
			for (k = i; k < j; k++)
				f->u[k].deftitle = 1;
		i = j;
	}
}

/*
 * A standalone byline broken over two lines: 株洲日报全媒体|记者/X, or
 * 记者/邹家|虎 (a name's last character on the next line).
 */
static int
byline_broken(struct filter *f, const struct unit *a, const struct unit *b)
{
	if (a->type == U_TEXT && b->type == U_ALONE && !a->level &&
	    a->ncp <= 16 && matches(f, P_BYLINE_HEAD, a->t.s, a->t.len, NULL))
		return 1;
	return a->type == U_ALONE && b->type == U_TEXT && !b->level &&
	    b->nhan == b->ncp && (b->ncp == 1 || (b->ncp <= 2 && !b->gap));
}

static void
join_fragments(struct filter *f)
{
	size_t i, prev = (size_t)-1;
	int before_tlike = 0;	/* the unit before prev is title-like */

	mark_titles(f);
	for (i = 0; i < f->nu; i++) {
		struct unit *b = &f->u[i];

		if (is_duplicate(f, i)) {
			b->type = U_FURN;
			b->furn = F_DUP;
			b->tlike = 0;
			before_tlike = prev != (size_t)-1 && f->u[prev].tlike;
			prev = i;
			continue;
		}
		if (prev != (size_t)-1 && (continues(f, &f->u[prev], i,
		    before_tlike && f->u[prev].tlike) ||
		    byline_broken(f, &f->u[prev], b))) {
			struct unit *a = &f->u[prev];
			int alone = a->type == U_ALONE || b->type == U_ALONE;

			buf_add(&a->t, b->t.s, b->t.len);
			b->dead = 1;
			if (alone) {
				a->type = U_ALONE;
			} else if (a->type == U_TEXT) {
				detect_byline(f, a);
			}
			measure(a);
			continue;
		}
		before_tlike = prev != (size_t)-1 && f->u[prev].tlike;
		prev = i;
	}
}

/* ---- articles --------------------------------------------------------------- */

static int
is_author(struct filter *f, const struct unit *u)
{
	if (u->type != U_TEXT || u->level)
		return 0;
	if (matches(f, P_AUTHOR, u->t.s, u->t.len, NULL))
		return 1;
	return u->nhan >= 2 && u->nhan <= 4 && u->ncp == u->nhan &&
	    matches(f, P_SURNAME, u->t.s, u->t.len, NULL);
}

static struct article *
new_article(struct filter *f, char **pending_from)
{
	struct article *a;

	if (f->na == f->capa) {
		f->capa = f->capa ? 2 * f->capa : 16;
		f->a = ereallocarray(f->a, f->capa, sizeof(*f->a));
	}
	a = &f->a[f->na++];
	memset(a, 0, sizeof(*a));
	buf_init(&a->banner);
	buf_init(&a->byline);
	buf_init(&a->text);
	a->from = *pending_from;
	*pending_from = NULL;
	return a;
}

static void
add_title(struct article *a, const struct unit *u)
{
	if (a->ntl == a->captl) {
		a->captl = a->captl ? 2 * a->captl : 4;
		a->tl = ereallocarray(a->tl, a->captl, sizeof(*a->tl));
	}
	a->tl[a->ntl].s = u->t.s;
	a->tl[a->ntl].n = u->t.len;
	a->tl[a->ntl].level = u->level;
	a->ntl++;
}

static void
add_text(struct article *a, const char *s, size_t n, const struct unit *u)
{
	if (a->text.len && !a->joinnext)
		buf_addc(&a->text, '\n');
	a->joinnext = 0;
	buf_add(&a->text, s, n);
	a->npara++;
	a->ncp += n == u->t.len ? u->ncp : utf8_count(s, n);
	a->lastopen = !u->tlike && (u->end == E_NONE || u->end == E_COMMA ||
	    u->open) && u->end != E_PERIOD;
	a->credit_end = u->credit;
}

static void
add_para(struct article *a, const struct unit *u)
{
	add_text(a, u->t.s, u->t.len, u);
}

static void
add_furniture(struct filter *f, const struct unit *u)
{
	json_array_append_new(f->furniture, ejson_stringn(u->t.s, u->t.len));
}

static int
cur_open(const struct article *a)
{
	return a && !a->closed;
}

static void
take_furniture(struct filter *f, struct article **cur, const struct unit *u,
    char **pending_from)
{
	struct article *a = *cur;

	if (u->furn == F_POINTER && cur_open(a) && a->teaser) {
		add_para(a, u);
		return;
	}
	add_furniture(f, u);
	if (u->furn == F_TO && a) {
		if (!a->to && u->target)
			a->to = estrdup(u->target);
		a->closed = 1;
	} else if (u->furn == F_FROM && u->target) {
		if (cur_open(a) && a->npara == 0 && !a->from && !a->bykind) {
			a->from = estrdup(u->target);
		} else {
			free(*pending_from);
			*pending_from = estrdup(u->target);
			if (a)
				a->closed = 1;
		}
	}
}

/*
 * Does the byline-only line i close the open article a, as a signature
 * (（记者 X）) rather than open a new one?  Nothing but a title, furniture
 * or the end of the page follows it.
 */
static int
trailing_byline(struct filter *f, const struct article *a, size_t i)
{
	const struct unit *u = &f->u[i];
	size_t j = next_live(f, i + 1);

	if (!cur_open(a) || a->npara == 0 || a->teaser ||
	    (u->type == U_BYLINE && u->bylen < u->t.len))
		return 0;
	if (u->type == U_ALONE && j < f->nu && f->u[j].type == U_ALONE)
		return 0;
	return j >= f->nu || f->u[j].tlike || f->u[j].type == U_FURN ||
	    f->u[j].type == U_BYLINE;
}

/* A byline, opening a paragraph or on its own line(s). */
static size_t
take_byline(struct filter *f, struct article **cur, size_t i,
    char **pending_from)
{
	struct unit *u = &f->u[i];
	struct article *a = *cur;
	size_t j;
	int absorb;

	if (trailing_byline(f, a, i)) {	/* a signature after the body */
		add_para(a, u);
		if (a->bykind == BY_NONE && !a->author)
			a->bykind = BY_NEWS;	/* a reported story */
		return i + 1;
	}
	absorb = cur_open(a) && a->bykind == BY_NONE && !a->author &&
	    !a->teaser && !a->credit_end && a->ntl > 0 && a->npara <= 4 &&
	    a->ncp <= 200;
	if (!absorb)
		a = *cur = new_article(f, pending_from);
	if (u->type == U_BYLINE) {
		size_t x = u->bylen, y = u->t.len;

		buf_add(&a->byline, u->t.s, u->bylen);
		a->bykind = BY_NEWS;
		trim(u->t.s, &x, &y);
		if (x < y)
			add_text(a, u->t.s + x, y - x, u);
		return i + 1;
	}
	buf_add(&a->byline, u->t.s, u->t.len);
	a->bykind = BY_FEATURE;
	for (j = next_live(f, i + 1); j < f->nu; j = next_live(f, j + 1)) {
		struct unit *v = &f->u[j];

		if (v->type == U_ALONE) {
			buf_addc(&a->byline, ' ');
			buf_add(&a->byline, v->t.s, v->t.len);
		} else if (v->type == U_TEXT && !v->gap && v->nhan == v->ncp &&
		    v->ncp <= 3 && !v->level) {
			buf_add(&a->byline, v->t.s, v->t.len);
		} else {
			break;
		}
	}
	return j;
}

static int
is_teaser_cue(struct filter *f, const struct unit *u)
{
	return u->tlike && u->ncp <= 6 &&
	    matches(f, P_TEASER, u->t.s, u->t.len, NULL);
}

/* Is there another pointer before the next byline or title block? */
static int
more_pointers(struct filter *f, size_t j)
{
	size_t k, seen = 0;

	for (k = next_live(f, j); k < f->nu && seen < 6;
	    k = next_live(f, k + 1), seen++) {
		const struct unit *v = &f->u[k];

		if (v->type == U_FURN)
			return v->furn == F_POINTER;
		if (matches(f, P_PAGEREF, v->t.s, v->t.len, NULL))
			return 1;
		if (v->type == U_BYLINE || v->type == U_ALONE || v->deftitle)
			return 0;
	}
	return 0;
}

/*
 * Digest items with no page pointers run straight into the title block of
 * the first story.  A title block holds at most three lines (引题, 主题,
 * 副题), so the lines before the last three are items, and a digest with
 * no item yet takes at least the first line.
 */
static size_t
items_in_title_run(struct filter *f, size_t k, size_t have)
{
	size_t j, run = 0;

	for (j = k; j < f->nu && f->u[j].deftitle; j = next_live(f, j + 1))
		run++;
	if (run > 3)
		return run - 3;
	return have == 0 && run > 1 ? 1 : 0;
}

/*
 * A 导读 digest: its items up to the last pointer to an inside page, on a
 * line of its own (报道见08版) or closing an item (…… 02版).
 */
static size_t
take_teaser(struct filter *f, struct article **cur, size_t i,
    char **pending_from)
{
	struct article *a = *cur = new_article(f, pending_from);
	size_t k;

	a->teaser = 1;
	buf_add(&a->banner, f->u[i].t.s, f->u[i].t.len);
	for (k = next_live(f, i + 1); k < f->nu; k = next_live(f, k + 1)) {
		const struct unit *v = &f->u[k];

		if (v->type == U_FURN) {
			if (v->furn != F_POINTER)
				break;
			add_para(a, v);
			if (!more_pointers(f, k + 1)) {
				k = next_live(f, k + 1);
				break;
			}
			continue;
		}
		if (v->ncp <= 80 && matches(f, P_PAGEREF, v->t.s, v->t.len, NULL)) {
			add_para(a, v);
			if (!more_pointers(f, k + 1)) {
				k = next_live(f, k + 1);
				break;
			}
			continue;
		}
		if (v->deftitle && items_in_title_run(f, k, a->npara) > 0) {
			size_t n = items_in_title_run(f, k, a->npara);

			for (; n > 0; n--, k = next_live(f, k + 1))
				add_para(a, &f->u[k]);
			break;
		}
		if (v->type == U_BYLINE || v->type == U_ALONE || v->deftitle ||
		    (!v->tlike && v->ncp > 80))
			break;
		add_para(a, v);
	}
	a->closed = 1;
	return k;
}

/* Do short caption paragraphs ending with a photo credit follow? */
static int
photo_follows(struct filter *f, size_t j)
{
	size_t k, np = 0, ncp = 0;
	const struct unit *last = NULL;

	for (k = next_live(f, j); k < f->nu; k = next_live(f, k + 1)) {
		const struct unit *v = &f->u[k];

		if (v->type != U_TEXT || (v->tlike && !v->credit))
			break;
		np++;
		ncp += v->ncp;
		last = v;
	}
	return last && last->credit && np <= 3 && ncp <= 300;
}

static int
starts_dash(const char *s, size_t n)
{
	return (n >= 3 && memcmp(s, "—", 3) == 0) ||
	    (n >= 3 && memcmp(s, "－", 3) == 0) || (n >= 2 && s[0] == '-' &&
	    s[1] == '-');
}

/* Could b be the title and continuation a cut-off lead is waiting for? */
static int
takes_lead(const struct article *b)
{
	return b->ntl && !b->bykind && !b->author && !b->teaser && !b->from &&
	    !b->credit_end;
}

/*
 * Is there a lead paragraph waiting for its title and continuation, with
 * no candidate for them yet?
 */
static int
lead_waiting(const struct filter *f)
{
	size_t k, j;

	for (k = 0; k < f->na; k++) {
		const struct article *a = &f->a[k];

		if (a->ntl || !a->bykind || !a->lastopen || a->to || a->teaser)
			continue;
		for (j = k + 1; j < f->na && !takes_lead(&f->a[j]); j++)
			;
		if (j == f->na)
			return 1;
	}
	return 0;
}

/*
 * A run of title-like lines at i.  It opens a new article when a byline,
 * an author line or a 上接 line follows it, when no article is open, for a
 * notice or an opinion column, over a captioned photo, when it carries a
 * markdown heading (a level-3 one inside a feature excepted), when it has
 * two or more lines outside a feature, over a dated lead, or when a cut-off
 * lead is waiting for its title.  A run with a dash subtitle inside a story
 * whose last paragraph breaks off is that story's own title, printed
 * mid-body by the OCR: it is lifted out and the paragraph rejoined.
 * Otherwise its lines are section heads of the open article.
 */
static size_t
take_title_run(struct filter *f, struct article **cur, size_t i,
    char **pending_from)
{
	struct article *a = *cur;
	size_t j, k, len, nx;
	const struct unit *nu;
	int split = 0, lift = 0, author = 0, leveled = 0, high = 0, dash = 0;
	int notice = 0;

	for (j = i, len = 0; j < f->nu; j = next_live(f, j + 1), len++) {
		const struct unit *v = &f->u[j];

		if (!v->tlike || (j > i && is_teaser_cue(f, v)))
			break;
		if (v->level) {
			leveled = 1;
			high |= v->level <= 2;
		}
		if (j > i && starts_dash(v->t.s, v->t.len))
			dash = 1;
		if (matches(f, P_NOTICE, v->t.s, v->t.len, NULL) ||
		    matches(f, P_COMMENT, v->t.s, v->t.len, NULL))
			notice = 1;	/* a notice or an opinion column */
	}
	nx = j;
	nu = nx < f->nu ? &f->u[nx] : NULL;
	/* the last line of the run: an author's name under the title? */
	if (len >= 2 && (!nu || (nu->type != U_BYLINE && nu->type != U_ALONE))) {
		size_t last = i, t;

		for (t = i; t < nx; t = next_live(f, t + 1))
			last = t;
		author = is_author(f, &f->u[last]);
	}
	if (nu && (nu->type == U_BYLINE || nu->type == U_ALONE ||
	    (nu->type == U_FURN && nu->furn == F_FROM)))
		split = 1;
	else if (author || !cur_open(a) || notice || photo_follows(f, nx))
		split = 1;
	else if (leveled && (high || a->bykind != BY_FEATURE))
		split = 1;
	else if (dash && len >= 2)
		lift = a->lastopen, split = !a->lastopen;
	else if (a->bykind == BY_FEATURE)
		split = 0;
	else if (len >= 2)
		split = 1;
	else if (nu && nu->type == U_TEXT && !nu->tlike && lead_waiting(f))
		split = 1;
	else if (nu && nu->type == U_TEXT && !a->lastopen &&
	    matches(f, P_DATELINE, nu->t.s, nu->t.len, NULL))
		split = 1;

	if (lift) {
		for (k = 0; k < a->ntl; k++) {
			if (a->banner.len)
				buf_addc(&a->banner, ' ');
			buf_add(&a->banner, a->tl[k].s, a->tl[k].n);
		}
		a->ntl = 0;
		a->joinnext = 1;
	} else if (split) {
		a = *cur = new_article(f, pending_from);
	}
	for (k = i; k < nx; k = next_live(f, k + 1)) {
		const struct unit *v = &f->u[k];

		if (!split && !lift) {
			add_para(a, v);
		} else if (author && next_live(f, k + 1) == nx) {
			buf_add(&a->byline, v->t.s, v->t.len);
			a->author = 1;
		} else {
			add_title(a, v);
		}
	}
	return nx;
}

static void
segment(struct filter *f)
{
	struct article *cur = NULL;
	char *pending_from = NULL;
	size_t i = next_live(f, 0);

	while (i < f->nu) {
		struct unit *u = &f->u[i];

		if (u->type == U_FURN) {
			take_furniture(f, &cur, u, &pending_from);
			i = next_live(f, i + 1);
		} else if (u->type == U_BYLINE || u->type == U_ALONE) {
			i = next_live(f, take_byline(f, &cur, i, &pending_from));
		} else if (is_teaser_cue(f, u)) {
			i = next_live(f, take_teaser(f, &cur, i, &pending_from));
		} else if (u->tlike) {
			i = next_live(f, take_title_run(f, &cur, i, &pending_from));
		} else {
			if (!cur_open(cur))
				cur = new_article(f, &pending_from);
			add_para(cur, u);
			i = next_live(f, i + 1);
		}
	}
	free(pending_from);
}

static int
title_has(struct filter *f, const struct article *a, int p)
{
	size_t k;

	for (k = 0; k < a->ntl; k++)
		if (matches(f, p, a->tl[k].s, a->tl[k].n, NULL))
			return 1;
	return 0;
}

/*
 * A lead paragraph cut off by interleaved columns: an untitled article with
 * a byline whose last paragraph breaks off mid-sentence takes the title and
 * the body of the first later titled article that has no byline of its own.
 */
static void
rejoin_leads(struct filter *f)
{
	size_t i, j;

	for (i = 0; i < f->na; i++) {
		struct article *a = &f->a[i];

		if (a->dead || a->ntl || a->bykind == BY_NONE || !a->lastopen ||
		    a->to || a->teaser)
			continue;
		for (j = i + 1; j < f->na; j++) {
			struct article *b = &f->a[j];

			if (b->dead || !takes_lead(b) ||
			    title_has(f, b, P_NOTICE) ||
			    matches(f, P_DATELINE, b->text.s ? b->text.s : "",
			    b->text.len, NULL))
				continue;
			free(a->tl);
			a->tl = b->tl;
			a->ntl = b->ntl;
			a->captl = b->captl;
			b->tl = NULL;
			b->ntl = b->captl = 0;
			if (a->banner.len && b->banner.len)
				buf_addc(&a->banner, ' ');
			buf_add(&a->banner, b->banner.s, b->banner.len);
			buf_add(&a->text, b->text.s, b->text.len);
			a->npara += b->npara;
			a->ncp += b->ncp;
			a->to = b->to;
			b->to = NULL;
			b->dead = 1;
			break;
		}
	}
}

static int
kind_of(struct filter *f, const struct article *a)
{
	if (a->teaser)
		return K_TEASER;
	if (a->bykind == BY_NONE && title_has(f, a, P_NOTICE))
		return K_NOTICE;
	if (a->bykind == BY_NONE && !a->author && a->credit_end &&
	    a->npara <= 3 && a->ncp <= 320)
		return K_PHOTO;
	if (a->author || (a->bykind != BY_NEWS && title_has(f, a, P_COMMENT)))
		return K_COMMENTARY;
	if (a->bykind == BY_FEATURE)
		return K_FEATURE;
	if (a->bykind == BY_NEWS)
		return K_NEWS;
	/* A titled story with no byline is an unsigned commentary, unless it
	 * opens like a report: 3月7日，… */
	if (a->ntl && !(a->text.len &&
	    matches(f, P_DATELINE, a->text.s, a->text.len, NULL)))
		return K_COMMENTARY;
	return K_NEWS;
}

/* ---- the title block ------------------------------------------------------- */

struct block {
	struct np_buf kicker, headline, subtitle;
};

static void
addsp(struct np_buf *b, const char *s, size_t n)
{
	if (b->len)
		buf_addc(b, ' ');
	buf_add(b, s, n);
}

/* A banner of three or more short slogan segments ("勇担当 善作为 创佳绩"). */
static int
is_slogan(const char *s, size_t n)
{
	size_t i = 0, l, seg = 0, nseg = 0;
	uint32_t cp;

	while (i < n) {
		l = utf8_decode(s + i, n - i, &cp);
		i += l;
		if (is_space_cp(cp)) {
			if (seg)
				nseg++;
			if (seg > 5)
				return 0;
			seg = 0;
		} else if (is_cjk(cp)) {
			seg++;
		} else {
			return 0;
		}
	}
	if (seg)
		nseg++;
	return seg <= 5 && nseg >= 3;
}

/*
 * A couplet: two short blank-separated halves of Han text (quotes allowed),
 * the shape of a slogan row or a 引题 over a title (招商引资新热潮 制造名城
 * 新动能).  No comma: a clause pair with one is a headline.
 */
static int
is_couplet(const char *s, size_t n)
{
	size_t i = 0, l, seg = 0, nseg = 0;
	uint32_t cp;

	while (i < n) {
		l = utf8_decode(s + i, n - i, &cp);
		i += l;
		if (is_space_cp(cp)) {
			if (seg)
				nseg++;
			if (seg > 8)
				return 0;
			seg = 0;
		} else if (is_cjk(cp)) {
			seg++;
		} else if (cp != 0x201C && cp != 0x201D && cp != 0x00B7) {
			return 0;
		}
	}
	if (seg)
		nseg++;
	return seg >= 3 && seg <= 8 && nseg == 2;
}

/* Does s[0..n) hold a blank? */
static int
has_blank(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		if (is_space_cp(cp))
			return 1;
	}
	return 0;
}

/*
 * The next blank-separated segment of s[0..n) at or after *pos: s[*a..*b),
 * with *ncp code points.  0 when there is none.
 */
static int
next_seg(const char *s, size_t n, size_t *pos, size_t *a, size_t *b,
    size_t *ncp)
{
	size_t i = *pos, l;
	uint32_t cp;

	while (i < n) {
		l = utf8_decode(s + i, n - i, &cp);
		if (!is_space_cp(cp))
			break;
		i += l;
	}
	if (i >= n)
		return 0;
	*a = i;
	*ncp = 0;
	while (i < n) {
		l = utf8_decode(s + i, n - i, &cp);
		if (is_space_cp(cp))
			break;
		i += l;
		(*ncp)++;
	}
	*b = *pos = i;
	return 1;
}

/*
 * Is t[0..tn) the end of the kicker k[0..kn) wrapped onto a line of its
 * own?  It is short, and opens with a word that refers back (这一…, 期间),
 * which cannot open a title; k does not end with a kicker verb.
 */
static int
tail_of(struct filter *f, const char *k, size_t kn, const char *t, size_t tn)
{
	size_t nt = utf8_count(t, tn);

	return nt <= 8 && nt < utf8_count(k, kn) &&
	    end_class(k, kn) == E_NONE &&
	    matches(f, P_TAIL, t, tn, NULL) &&
	    !matches(f, P_KICKER_END, k, kn, NULL);
}

/*
 * Split a one-line title block into kicker, headline and subtitle.  The
 * OCR often prints the lines of a title block on one line, separated by
 * blanks.  A segment ending with a verb of speech (强调) is the kicker, and
 * any segments before it the banner.  Otherwise the first segment is the
 * kicker when a cue says so: a kicker verb or an ellipsis at its end, a
 * comma in it, a long first part over a shorter rest, or three or more
 * segments; the last cue not on a line the OCR marked as one heading,
 * which is one element (a headline of two clauses).  A short second
 * segment that cannot open a title (it refers back: 这一…, 期间, 以来) is
 * the end of the kicker wrapped onto a second line (聚焦……发展 | 这一目标 |
 * 标题): it is joined on.  Length alone is no evidence of that: headlines
 * often open with a short segment.
 */
static void
split_line(struct filter *f, struct block *bk, struct np_buf *banner,
    const char *s, size_t n, int level)
{
	const char *d;
	size_t a, b, pos = 0, a0, b0, n0, a1, b1, n1, a2, b2, n2, nseg, rest;
	int ek, strong;

	/* a later segment ending with a verb of speech is the kicker: the
	 * segments before it are a banner (口号 | X在……上强调 | 标题) */
	for (nseg = 0, b0 = 0; next_seg(s, n, &pos, &a, &b, &rest); nseg++) {
		size_t p2 = pos;

		if (nseg > 0 && next_seg(s, n, &p2, &a1, &b1, &n1) &&
		    matches(f, P_KICKER_VERB, s + a, b - a, NULL)) {
			addsp(banner, s, b0);
			s += a;
			n -= a;
			break;
		}
		b0 = b;
	}
	pos = 0;

	d = n > 3 ? find(s + 3, n - 3, "——") : NULL;
	if (d) {
		a = 0;
		b = (size_t)(d - s);
		trim(s, &a, &b);
		buf_add(&bk->headline, s + a, b - a);
		buf_add(&bk->subtitle, d, (size_t)(s + n - d));
		return;
	}
	if (!next_seg(s, n, &pos, &a0, &b0, &n0) ||
	    !next_seg(s, n, &pos, &a1, &b1, &n1)) {
		buf_add(&bk->headline, s, n);
		return;
	}
	nseg = 2;
	if (next_seg(s, n, &pos, &a2, &b2, &n2))
		for (nseg = 3; next_seg(s, n, &pos, &a, &b, &rest); nseg++)
			;
	ek = end_class(s, b0);
	strong = ek == E_ELLIPSIS || matches(f, P_KICKER_END, s, b0, NULL);
	rest = utf8_count(s + a1, n - a1);
	if (!strong && (nseg < 3 || level) && !contains(s, b0, "，") &&
	    !(n0 >= 15 && n0 > rest)) {
		buf_add(&bk->headline, s, n);
		return;
	}
	buf_add(&bk->kicker, s, b0);
	if (nseg >= 3 && tail_of(f, s, b0, s + a1, b1 - a1)) {
		buf_add(&bk->kicker, s + a1, b1 - a1);
		a1 = a2;
	}
	buf_add(&bk->headline, s + a1, n - a1);
}

/* Is title line i a kicker wrapped onto line i + 1, over a headline? */
static int
wrapped(struct filter *f, const struct tline *L, size_t n, size_t i)
{
	return n >= i + 3 && !L[i].level && !L[i + 1].level &&
	    tail_of(f, L[i].s, L[i].n, L[i + 1].s, L[i + 1].n);
}

/*
 * Split a title block of title lines into kicker, headline and subtitle;
 * lines that are no part of it go to the banner: those after a dash
 * subtitle, those above a line ending with a verb of speech (the kicker:
 * X在……上强调), a slogan row over the block, the first lines of a block of
 * four or more.  A kicker may be wrapped onto a second, short line that
 * cannot open a title (这一主题).
 */
static void
title_block(struct filter *f, struct article *a, struct block *bk)
{
	size_t n = a->ntl, d = n, k, h, first = 0;
	int minlev = 0, said = 0, wrap = 0;
	const struct tline *L = a->tl;

	for (k = 1; k < n; k++)
		if (starts_dash(L[k].s, L[k].n)) {
			d = k + 1;
			break;
		}
	for (k = d; k < n; k++)	/* lines after a dash subtitle: a banner */
		addsp(&a->banner, L[k].s, L[k].n);
	n = d;
	for (k = 0; k + 1 < n && !said; k++)
		if (matches(f, P_KICKER_VERB, L[k].s, L[k].n, NULL)) {
			first = k;
			said = 1;
		}
	if (!said && n >= 2 && is_slogan(L[0].s, L[0].n))
		first = 1;
	/* A column label over the title (评论员文章, 社论): a banner. */
	while (!said && n - first >= 2 &&
	    matches(f, P_COLUMN, L[first].s, L[first].n, NULL))
		first++;
	if (!said && !wrapped(f, L, n, first) && n - first >= 4)
		first = n - 3;
	/* A couplet over a one-clause title and nothing more is a column
	 * banner or 引题, not a headline over a subtitle, unless the second
	 * line reads as a subtitle (X出席, ——, 系列报道之三). */
	if (!said && n - first == 2 && !L[first].level && !L[first + 1].level &&
	    is_couplet(L[first].s, L[first].n) &&
	    !has_blank(L[first + 1].s, L[first + 1].n) &&
	    utf8_count(L[first + 1].s, L[first + 1].n) > 4 &&
	    !starts_dash(L[first + 1].s, L[first + 1].n) &&
	    !matches(f, P_SUB_VERB, L[first + 1].s, L[first + 1].n, NULL) &&
	    !matches(f, P_SERIES, L[first + 1].s, L[first + 1].n, NULL))
		first++;
	wrap = !said && wrapped(f, L, n, first);
	for (k = 0; k < first; k++)
		addsp(&a->banner, L[k].s, L[k].n);
	if (first) {	/* L may be NULL when n is 0: no arithmetic on it */
		L += first;
		n -= first;
	}
	if (n == 0)
		return;
	for (k = 0; k < n; k++)
		if (L[k].level && (!minlev || L[k].level < minlev))
			minlev = L[k].level;
	if (wrap) {
		buf_add(&bk->kicker, L[0].s, L[0].n);
		buf_add(&bk->kicker, L[1].s, L[1].n);
		buf_add(&bk->headline, L[2].s, L[2].n);
		for (k = 3; k < n; k++)
			addsp(&bk->subtitle, L[k].s, L[k].n);
		return;
	}
	if (minlev && n > 1) {
		for (h = 0; L[h].level != minlev; h++)
			;
	} else if (n == 1) {
		split_line(f, bk, &a->banner, L[0].s, L[0].n, L[0].level);
		return;
	} else if (n == 2) {
		h = 0;
		if (starts_dash(L[1].s, L[1].n))
			h = 0;
		else if (matches(f, P_KICKER_END, L[0].s, L[0].n, NULL) ||
		    utf8_count(L[0].s, L[0].n) <= 4)
			h = 1;
		else if (matches(f, P_SUB_VERB, L[1].s, L[1].n, NULL))
			h = 0;
		else if (utf8_count(L[0].s, L[0].n) > utf8_count(L[1].s, L[1].n))
			h = 1;
	} else {
		h = 1;
	}
	if (h == 0 && !minlev)	/* the headline line may hold a kicker */
		split_line(f, bk, &a->banner, L[0].s, L[0].n, 0);
	for (k = 0; k < h; k++)
		addsp(&bk->kicker, L[k].s, L[k].n);
	if (h || minlev)
		buf_add(&bk->headline, L[h].s, L[h].n);
	for (k = h + 1; k < n; k++)
		addsp(&bk->subtitle, L[k].s, L[k].n);
}

/* ---- output ---------------------------------------------------------------- */

/* The page an article comes from: its members as JSON text, in order. */
struct page {
	const struct np_member *m;
	size_t n;
	const char *source;	/* NULL when none */
	long long number;	/* its `page`, 0 when none */
};

/* A member an article adds: key (plain) and value, in f->vals. */
struct added {
	const char *key;
	size_t off, len;
};

static void
add_string(struct filter *f, struct added *ad, size_t *n, const char *key,
    const char *s, size_t len, int null_if_empty)
{
	ad[*n].key = key;
	ad[*n].off = f->vals.len;
	if (s == NULL || (len == 0 && null_if_empty))
		buf_adds(&f->vals, "null");
	else
		json_string_text(&f->vals, s, len);
	ad[*n].len = f->vals.len - ad[*n].off;
	++*n;
}

static void
add_json(struct filter *f, struct added *ad, size_t *n, const char *key,
    const char *json)
{
	ad[*n].key = key;
	ad[*n].off = f->vals.len;
	buf_adds(&f->vals, json);
	ad[*n].len = f->vals.len - ad[*n].off;
	++*n;
}

/* 1 when the member's key is key (plain, or f->field_key for the field). */
static int
key_is(struct filter *f, const struct np_member *m, const char *key)
{
	if (key == np_opt.field)
		return m->keylen == f->field_key.len &&
		    memcmp(m->key, f->field_key.s, m->keylen) == 0;
	return m->keylen == strlen(key) && memcmp(m->key, key, m->keylen) == 0;
}

static void
put_member(struct np_buf *b, const char *key, size_t keylen, const char *val,
    size_t vallen)
{
	if (b->len > 1)
		buf_addc(b, ',');
	buf_addc(b, '"');
	buf_add(b, key, keylen);
	buf_adds(b, "\":");
	buf_add(b, val, vallen);
}

/*
 * One article line: the page's members but the text, headings and clean
 * (a member the article sets keeps its place), then the article's own in
 * order.  What jansson would make of copying the page object and setting
 * each member.
 */
static void
write_line(struct filter *f, const struct page *pg, const struct added *ad,
    size_t nad, FILE *out)
{
	struct np_buf *b = &f->line;
	unsigned char done[16] = { 0 };
	size_t i, k;

	buf_reset(b);
	buf_addc(b, '{');
	for (i = 0; i < pg->n; i++) {
		const struct np_member *m = &pg->m[i];

		if (key_is(f, m, np_opt.field) || key_is(f, m, "headings") ||
		    key_is(f, m, "clean"))
			continue;
		for (k = 0; k < nad && !key_is(f, m, ad[k].key); k++)
			;
		if (k < nad) {
			put_member(b, m->key, m->keylen, f->vals.s + ad[k].off,
			    ad[k].len);
			done[k] = 1;
		} else {
			put_member(b, m->key, m->keylen, m->val, m->vallen);
		}
	}
	for (k = 0; k < nad; k++) {
		if (done[k])
			continue;
		if (ad[k].key == np_opt.field)
			put_member(b, f->field_key.s, f->field_key.len,
			    f->vals.s + ad[k].off, ad[k].len);
		else
			put_member(b, ad[k].key, strlen(ad[k].key),
			    f->vals.s + ad[k].off, ad[k].len);
	}
	buf_adds(b, "}\n");
	efwrite(b->s, b->len, out);
}

/* A key set twice (--field kind) keeps its first place, its last value. */
static size_t
merge_repeats(struct added *ad, size_t n)
{
	size_t i, k, o = 0;

	for (i = 0; i < n; i++) {
		for (k = 0; k < o && strcmp(ad[k].key, ad[i].key) != 0; k++)
			;
		if (k < o) {
			ad[k].off = ad[i].off;
			ad[k].len = ad[i].len;
		} else {
			ad[o++] = ad[i];
		}
	}
	return o;
}

static void
write_articles(struct filter *f, const struct page *pg, FILE *out)
{
	struct added ad[12];
	size_t i, n, num = 0;
	struct np_buf id, furniture;

	buf_init(&id);
	buf_init(&furniture);
	json_value_text(&furniture, f->furniture);
	for (i = 0; i < f->na; i++) {
		struct article *a = &f->a[i];
		struct block bk;
		char numtext[24];

		if (a->dead)
			continue;
		num++;
		buf_init(&bk.kicker);
		buf_init(&bk.headline);
		buf_init(&bk.subtitle);
		title_block(f, a, &bk);
		buf_reset(&id);
		/* Unique across the pages of one file: page 2's third article
		 * is source#2.3 (page 1 keeps the plain source#3). */
		if (pg->number > 1)
			buf_printf(&id, "%s#%lld.%zu", pg->source ? pg->source : "",
			    pg->number, num);
		else
			buf_printf(&id, "%s#%zu", pg->source ? pg->source : "",
			    num);
		buf_reset(&f->vals);
		n = 0;
		snprintf(numtext, sizeof(numtext), "%zu", num);
		add_json(f, ad, &n, "article", numtext);
		add_string(f, ad, &n, "id", id.s, id.len, 0);
		add_string(f, ad, &n, "kind", kind_names[kind_of(f, a)],
		    strlen(kind_names[kind_of(f, a)]), 0);
		add_string(f, ad, &n, "banner", a->banner.s, a->banner.len, 1);
		add_string(f, ad, &n, "kicker", bk.kicker.s, bk.kicker.len, 1);
		add_string(f, ad, &n, "headline", bk.headline.s, bk.headline.len, 1);
		add_string(f, ad, &n, "subtitle", bk.subtitle.s, bk.subtitle.len, 1);
		add_string(f, ad, &n, "byline", a->byline.s, a->byline.len, 1);
		add_string(f, ad, &n, np_opt.field, a->text.s ? a->text.s : "",
		    a->text.len, 0);
		add_string(f, ad, &n, "continued_to", a->to,
		    a->to ? strlen(a->to) : 0, 0);
		add_string(f, ad, &n, "continued_from", a->from,
		    a->from ? strlen(a->from) : 0, 0);
		if (num == 1)
			add_json(f, ad, &n, "furniture", furniture.s);
		write_line(f, pg, ad, merge_repeats(ad, n), out);
		buf_free(&bk.kicker);
		buf_free(&bk.headline);
		buf_free(&bk.subtitle);
	}
	buf_free(&id);
	buf_free(&furniture);
}

static void
clear_page(struct filter *f)
{
	size_t i;

	for (i = 0; i < f->nu; i++) {
		buf_free(&f->u[i].t);
		free(f->u[i].target);
	}
	f->nu = 0;
	for (i = 0; i < f->na; i++) {
		struct article *a = &f->a[i];

		free(a->tl);
		buf_free(&a->banner);
		buf_free(&a->byline);
		buf_free(&a->text);
		free(a->to);
		free(a->from);
	}
	f->na = 0;
	json_decref(f->furniture);
	f->furniture = NULL;
}

/* Split the text of a page; 1 when that gives articles or furniture. */
static int
split_text(struct filter *f, const char *s, size_t n, json_t *headings)
{
	size_t i, live = 0;

	f->furniture = ejson_array();
	cut_units(f, s, n, headings);
	join_fragments(f);
	segment(f);
	rejoin_leads(f);
	for (i = 0; i < f->na; i++)
		live += !f->a[i].dead;
	if (live == 0 && json_array_size(f->furniture) == 0)
		return 0;
	if (live == 0) {
		char *none = NULL;

		new_article(f, &none);
	}
	return 1;
}

/* A page read through jansson as members in JSON text, like one read in
 * place: keys and values are written one after the other into f->page. */
static void
page_of_tree(struct filter *f, json_t *rec, struct page *pg)
{
	const char *key;
	json_t *v, *num = json_object_get(rec, "page");
	size_t i = 0, at, pos = 0;

	buf_reset(&f->page);
	if (json_object_size(rec) > f->cappm) {
		f->cappm = json_object_size(rec);
		f->pm = ereallocarray(f->pm, f->cappm, sizeof(*f->pm));
	}
	json_object_foreach(rec, key, v) {
		at = f->page.len;
		json_string_text(&f->page, key, strlen(key));
		f->pm[i].keylen = f->page.len - at - 2;
		at = f->page.len;
		json_value_text(&f->page, v);
		f->pm[i++].vallen = f->page.len - at;
	}
	for (pg->n = i, i = 0; i < pg->n; i++) {
		f->pm[i].key = f->page.s + pos + 1;
		pos += f->pm[i].keylen + 2;
		f->pm[i].val = f->page.s + pos;
		pos += f->pm[i].vallen;
	}
	pg->m = f->pm;
	pg->source = record_str(rec, "source", NULL);
	pg->number = json_is_integer(num) ? json_integer_value(num) : 0;
}

/* The same of a page read in place. */
static void
page_of_raw(struct filter *f, const struct np_rawrec *rec, struct page *pg)
{
	const struct np_member *m;
	const char *s;
	size_t n;

	pg->m = rawrec_members(rec, &pg->n);
	pg->source = NULL;
	if ((m = rawrec_get(rec, "source")) != NULL &&
	    (s = rawrec_str(m, &f->unescaped, &n)) != NULL) {
		buf_reset(&f->source);
		buf_add(&f->source, s, n);
		buf_addc(&f->source, '\0');
		pg->source = f->source.s;
	}
	pg->number = 0;
	if ((m = rawrec_get(rec, "page")) != NULL && !memchr(m->val, '.',
	    m->vallen) && !memchr(m->val, 'e', m->vallen) &&
	    !memchr(m->val, 'E', m->vallen) && (m->val[0] == '-' ||
	    (m->val[0] >= '0' && m->val[0] <= '9')))
		pg->number = strtoll(m->val, NULL, 10);
}

/*
 * Split one page record and write its articles to out.  A record without
 * the text field passes through; a text field that is not a string is
 * rejected.
 */
static int
filter_record(void *state, json_t *rec, FILE *out, const char **why)
{
	struct filter *f = state;
	json_t *text = json_object_get(rec, np_opt.field);
	struct page pg;

	if (!text) {
		record_write(rec, out);
		return 0;
	}
	if (!json_is_string(text)) {
		buf_reset(&f->why);
		buf_printf(&f->why, "field %s is not a string", np_opt.field);
		*why = f->why.s;
		return -1;
	}
	if (split_text(f, json_string_value(text), json_string_length(text),
	    json_object_get(rec, "headings"))) {
		page_of_tree(f, rec, &pg);
		write_articles(f, &pg, out);
	} else {
		record_write(rec, out);
	}
	clear_page(f);
	return 0;
}

/* A page read in place; a text that is not a string goes to jansson. */
static int
filter_raw(void *state, const struct np_rawrec *rec, FILE *out,
    const char **why)
{
	struct filter *f = state;
	const struct np_member *m = rawrec_get(rec, np_opt.field), *h;
	json_t *headings = NULL;
	struct page pg;
	const char *s;
	size_t n;

	(void)why;
	if (!m) {
		rawrec_write(rec, NULL, 0, out);
		return 0;
	}
	if ((s = rawrec_str(m, &f->unescaped, &n)) == NULL)
		return NP_RAW_TREE;
	/* np-clean's heading marks, a small array: worth a tree. */
	if ((h = rawrec_get(rec, "headings")) != NULL && h->val[0] == '[')
		headings = json_loadb(h->val, h->vallen, 0, NULL);
	if (split_text(f, s, n, headings)) {
		page_of_raw(f, rec, &pg);
		write_articles(f, &pg, out);
	} else {
		rawrec_write(rec, NULL, 0, out);
	}
	json_decref(headings);
	clear_page(f);
	return 0;
}

static void
filter_free(struct filter *f)
{
	int i;

	if (!f)
		return;
	clear_page(f);
	for (i = 0; i < NPAT; i++)
		re_free(f->re[i]);
	free(f->u);
	free(f->a);
	buf_free(&f->why);
	buf_free(&f->field_key);
	buf_free(&f->line);
	buf_free(&f->vals);
	buf_free(&f->page);
	buf_free(&f->unescaped);
	buf_free(&f->source);
	free(f->pm);
	free(f);
}

int
main(int argc, char **argv)
{
	int first = np_parse_args(&cli, argc, argv), status;
	struct filter *f;

	f = filter_new();
	status = np_filter_run_raw(argc - first, argv + first, filter_raw,
	    filter_record, f);
	filter_free(f);
	return status;
}
