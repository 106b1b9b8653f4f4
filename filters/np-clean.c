/*
 * np-clean - repair OCR damage in page text
 *
 * Rewrites the text field of each record into what a careful editor would
 * have typed, keeping the line structure np-split needs: titles, bylines and
 * furniture lines stay lines of their own; only the pieces of one broken
 * paragraph are joined.  Every repair is counted in a "clean" object;
 * markdown heading markers become a "headings" field of [line, level] pairs.
 *
 * One record at a time:
 *   1. each line is decoded once, stripped of markdown debris, classified
 *      (title-like, byline, furniture) and repaired character by character
 *      (width, traditional characters, gazetteer look-alikes, foreign words,
 *      punctuation, stray spaces);
 *   2. lines are joined where a paragraph was broken;
 *   3. text doubled by overlapping columns is removed.
 */
#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"

static int opt_diff;

static const struct option longopts[] = {
	{ "diff", no_argument, NULL, NP_OPT_FIRST_FILTER },
	{ NULL, 0, NULL, 0 }
};

static int
handle_option(int opt, const char *arg)
{
	(void)arg;
	if (opt != NP_OPT_FIRST_FILTER)
		return 0;
	opt_diff = 1;
	return 1;
}

static const struct np_cli cli = {
	.name = "np-clean",
	.usage = "np-clean [--diff] [OPTION]... [FILE]...",
	.help = "Repair OCR damage in the text of each record: broken paragraphs,\n"
		"punctuation and character width, markdown debris, traditional and\n"
		"look-alike characters, inserted foreign words, doubled text.\n\n"
		"Options:\n"
		"      --diff          print a unified diff of each record's text to stderr\n",
	.longopts = longopts,
	.handle = handle_option,
	.reads_field = 1,
};

/* Lines longer than this (code points) are never title-like. */
#define TITLE_MAX 50
/* A paragraph this long (code points) without a final stop is a fragment. */
#define SHORT_PARA 26
/* Doubled text: shortest repeated run removed (code points). */
#define DUP_MIN 10
/* Log of the jieba dictionary's total frequency, for word scores. */
#define LOG_TOTAL 17.9
/* Longest doubled run looked for (code points), the window table's size. */
#define DUP_MAXL 2730
#define DUP_SLOTS (1u << 16)
/* Removals per line at most (each moves the rest of the line). */
#define DUP_MAXCUTS 64
/* A trailing continuation marker lies within this many bytes of the end;
 * a byline's cue word within this many of the start. */
#define MARKER_TAIL 80
#define BYLINE_HEAD 180
/* A fragment is compared with this many lines before it, at most. */
#define FRAG_LOOKBACK 400
/* Base of the rolling hash over DUP_MIN code points. */
#define ROLL 1000003u

enum kind {
	K_BLANK, K_BODY, K_HEADING, K_BYLINE, K_FURN, K_MARKER
};

struct line {
	size_t off, len;	/* in filter.work */
	size_t ncp;		/* code points */
	int kind;
	int heading;		/* markdown level, 0 when none */
	int title_like;		/* short, no sentence punctuation */
	int terminal;		/* ends a sentence */
};

struct outline {
	size_t off, len;	/* in filter.out */
	int heading;
	int drop;
};

/* Open-addressing map from code point to code point (0 = empty). */
struct cptab {
	uint32_t *key, *val;
	size_t mask;
};

struct word {
	const char *s;
	size_t len;
	uint32_t freq;
	int verb;
};

struct wordtab {
	struct word *w;
	size_t mask;
};

/* A misread form of a gazetteer name and the name (same length). */
struct variant {
	size_t wrong, right;	/* offsets in filter.pool */
	size_t n;
	int next;		/* next variant with the same first code point */
};

struct foreign {
	const char *latin;
	size_t len;
	uint32_t han;
};

struct stats {
	long joined_lines, punctuation, width, spaces, markdown, confusions,
	    foreign_words, removed_duplicates, removed_lines, furniture_split,
	    cjk_removed, cjk_added;
	json_t *pairs;
};

struct filter {
	struct np_buf why;		/* the reason for the last rejection */
	struct np_re *re_marker_tail, *re_marker, *re_furn, *re_byline,
	    *re_speech, *re_image, *re_enum;
	struct cptab t2s;
	unsigned char hot[0x10000 / 8];	/* BMP code points fix_chars acts on */
	struct cptab gaz_head;		/* first code point -> variant index + 1 */
	struct variant *var;
	size_t nvar, capvar;
	uint32_t *pool;
	size_t npool, cappool;
	struct wordtab words;
	struct foreign *foreign;
	size_t nforeign;

	/* per-record scratch, reused */
	struct np_buf work, out, final;
	const char *res;	/* the cleaned text: out or final */
	size_t reslen;
	uint32_t *cp;
	size_t ncp, capcp;
	struct line *lines;
	size_t nlines, caplines;
	struct outline *olines;
	size_t nolines, capolines;
	size_t *pending;
	size_t npending, cappending;
	uint32_t *hpos, *hgen;	/* remove_tandem's window table */
	uint32_t gen;
	struct stats st;
	struct np_buf unescaped;	/* the field read in place, if escaped */
	struct np_buf edit[3];		/* JSON text of the new members */
};

/* ---- fast UTF-8 (jansson and rawrec_scan let only valid text in) ---- */

static inline size_t
dec(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xF0) == 0xE0 && n >= 3 && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) {
		uint32_t c = ((uint32_t)(u[0] & 0x0F) << 12) |
		    ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);

		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*cp = c;
			return 3;
		}
	}
	return utf8_decode(s, n, cp);
}

static inline size_t
enc(uint32_t c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c >= 0x800 && c < 0x10000 && (c < 0xD800 || c > 0xDFFF)) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	return utf8_encode(c, o);
}

/* ---- tables ------------------------------------------------------------ */

static void
cptab_init(struct cptab *t, size_t want)
{
	size_t cap = 64;

	while (cap < want * 2)
		cap <<= 1;
	t->key = ecalloc(cap, sizeof(*t->key));
	t->val = ecalloc(cap, sizeof(*t->val));
	t->mask = cap - 1;
}

static void
cptab_put(struct cptab *t, uint32_t k, uint32_t v)
{
	size_t i = (k * 2654435761u) & t->mask;

	while (t->key[i] != 0 && t->key[i] != k)
		i = (i + 1) & t->mask;
	t->key[i] = k;
	t->val[i] = v;
}

static uint32_t
cptab_get(const struct cptab *t, uint32_t k)
{
	size_t i = (k * 2654435761u) & t->mask;

	while (t->key[i] != 0) {
		if (t->key[i] == k)
			return t->val[i];
		i = (i + 1) & t->mask;
	}
	return 0;
}

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static const struct word *
word_find(const struct wordtab *t, const char *s, size_t n)
{
	size_t i = hash_bytes(s, n) & t->mask;

	while (t->w[i].s != NULL) {
		if (t->w[i].len == n && memcmp(t->w[i].s, s, n) == 0)
			return &t->w[i];
		i = (i + 1) & t->mask;
	}
	return NULL;
}

/* The word made of code points c[0..n), or NULL. */
static const struct word *
word_find_cp(const struct filter *f, const uint32_t *c, size_t n)
{
	char b[32];
	size_t i, len = 0;

	if (n > 6)
		return NULL;
	for (i = 0; i < n; i++)
		len += utf8_encode(c[i], b + len);
	return word_find(&f->words, b, len);
}

static void
load_words(struct filter *f)
{
	const char *d, *fl[3];
	size_t len, pos = 0, lens[3], n = 0, cap = 1024, nf, i;

	d = np_data("clean-words.txt", &len);
	while (np_table_next(d, len, &pos, fl, lens, 3) > 0)
		n++;
	while (cap < n * 2)
		cap <<= 1;
	f->words.w = ecalloc(cap, sizeof(struct word));
	f->words.mask = cap - 1;
	pos = 0;
	while ((nf = np_table_next(d, len, &pos, fl, lens, 3)) > 0) {
		if (nf < 2 || lens[0] == 0)
			continue;
		i = hash_bytes(fl[0], lens[0]) & f->words.mask;
		while (f->words.w[i].s != NULL)
			i = (i + 1) & f->words.mask;
		f->words.w[i].s = fl[0];
		f->words.w[i].len = lens[0];
		f->words.w[i].freq = (uint32_t)strtoul(fl[1], NULL, 10);
		f->words.w[i].verb = nf > 2 && lens[2] > 0 && fl[2][0] == 'v';
	}
}

static void
load_t2s(struct filter *f)
{
	const char *d, *fl[2];
	size_t len, pos = 0, lens[2], n = 0;
	uint32_t a, b;

	d = np_data("t2s.txt", &len);
	while (np_table_next(d, len, &pos, fl, lens, 2) > 0)
		n++;
	cptab_init(&f->t2s, n);
	pos = 0;
	while (np_table_next(d, len, &pos, fl, lens, 2) == 2) {
		if (lens[0] == 0 || lens[1] == 0)
			continue;
		utf8_decode(fl[0], lens[0], &a);
		utf8_decode(fl[1], lens[1], &b);
		cptab_put(&f->t2s, a, b);
	}
}

static size_t
pool_add(struct filter *f, const char *s, size_t n, size_t *ncp)
{
	size_t start = f->npool, i = 0, k;
	uint32_t c;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &c);
		i += k;
		if (f->npool == f->cappool) {
			f->cappool = f->cappool ? f->cappool * 2 : 1024;
			f->pool = ereallocarray(f->pool, f->cappool, sizeof(*f->pool));
		}
		f->pool[f->npool++] = c;
	}
	*ncp = f->npool - start;
	return start;
}

static int
is_keep(const char *keep, size_t nkeep, const char *s, size_t n)
{
	const char *p = keep, *end = keep + nkeep, *e;

	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		if ((size_t)(e - p) == n && memcmp(p, s, n) == 0)
			return 1;
		p = e + 1;
	}
	return 0;
}

/*
 * Derive each gazetteer name's misread forms (one look-alike character
 * swapped, from the pair lines of confusions.txt) and the word fixes.  A
 * form that is itself a word, or kept, is left alone.  Two-character names
 * only of the city and its counties: shorter forms are likelier to be words.
 */
static void
load_gazetteer(struct filter *f)
{
	const char *g, *c, *fl[3];
	size_t glen, clen, gpos = 0, cpos, lens[3], nf, i, n, k;
	struct np_buf keep, wrong;
	uint32_t pr[64][2];
	size_t npr = 0;

	buf_init(&keep);
	buf_init(&wrong);
	c = np_data("confusions.txt", &clen);
	g = np_data("gazetteer.txt", &glen);
	cpos = 0;
	while ((nf = np_table_next(c, clen, &cpos, fl, lens, 3)) > 0) {
		if (nf == 3 && lens[0] == 4 && memcmp(fl[0], "pair", 4) == 0 &&
		    npr < 64) {
			utf8_decode(fl[1], lens[1], &pr[npr][0]);
			utf8_decode(fl[2], lens[2], &pr[npr][1]);
			npr++;
		} else if (nf == 2 && lens[0] == 4 &&
		    memcmp(fl[0], "keep", 4) == 0) {
			buf_add(&keep, fl[1], lens[1]);
			buf_addc(&keep, '\n');
		}
	}
	cptab_init(&f->gaz_head, 1024);
	while ((nf = np_table_next(g, glen, &gpos, fl, lens, 2)) > 0) {
		size_t right, ncp;

		right = pool_add(f, fl[0], lens[0], &ncp);
		if (ncp < 2 || (ncp == 2 && (nf < 2 ||
		    (!(lens[1] == 4 && memcmp(fl[1], "city", 4) == 0) &&
		    !(lens[1] == 6 && memcmp(fl[1], "county", 6) == 0)))))
			continue;	/* two-character names of districts */
		for (i = 0; i < ncp; i++) {
			for (k = 0; k < npr; k++) {
				size_t w, wn;
				char b[8];

				if (f->pool[right + i] != pr[k][0])
					continue;
				buf_reset(&wrong);
				for (n = 0; n < ncp; n++) {
					size_t bl = utf8_encode(n == i ? pr[k][1] :
					    f->pool[right + n], b);
					buf_add(&wrong, b, bl);
				}
				if (word_find(&f->words, wrong.s, wrong.len) ||
				    is_keep(keep.s, keep.len, wrong.s, wrong.len))
					continue;
				w = pool_add(f, wrong.s, wrong.len, &wn);
				if (f->nvar == f->capvar) {
					f->capvar = f->capvar ? f->capvar * 2 : 256;
					f->var = ereallocarray(f->var, f->capvar,
					    sizeof(*f->var));
				}
				f->var[f->nvar].wrong = w;
				f->var[f->nvar].right = right;
				f->var[f->nvar].n = ncp;
				f->var[f->nvar].next = (int)cptab_get(&f->gaz_head,
				    f->pool[w]) - 1;
				cptab_put(&f->gaz_head, f->pool[w],
				    (uint32_t)f->nvar + 1);
				f->nvar++;
			}
		}
	}
	/* Word fixes go in the same list. */
	cpos = 0;
	while ((nf = np_table_next(c, clen, &cpos, fl, lens, 3)) > 0) {
		size_t w, r, wn, rn;

		if (nf != 3 || lens[0] != 4 || memcmp(fl[0], "word", 4) != 0)
			continue;
		w = pool_add(f, fl[1], lens[1], &wn);
		r = pool_add(f, fl[2], lens[2], &rn);
		if (wn != rn || wn == 0)
			continue;
		if (f->nvar == f->capvar) {
			f->capvar = f->capvar ? f->capvar * 2 : 256;
			f->var = ereallocarray(f->var, f->capvar, sizeof(*f->var));
		}
		f->var[f->nvar].wrong = w;
		f->var[f->nvar].right = r;
		f->var[f->nvar].n = wn;
		f->var[f->nvar].next = (int)cptab_get(&f->gaz_head, f->pool[w]) - 1;
		cptab_put(&f->gaz_head, f->pool[w], (uint32_t)f->nvar + 1);
		f->nvar++;
	}
	buf_free(&keep);
	buf_free(&wrong);
}

static void
load_foreign(struct filter *f)
{
	const char *d, *fl[2];
	size_t len, pos = 0, lens[2], cap = 0;

	d = np_data("clean-foreign.txt", &len);
	while (np_table_next(d, len, &pos, fl, lens, 2) == 2) {
		if (lens[0] == 0 || lens[1] == 0)
			continue;
		if (f->nforeign == cap) {
			cap = cap ? cap * 2 : 16;
			f->foreign = ereallocarray(f->foreign, cap,
			    sizeof(*f->foreign));
		}
		f->foreign[f->nforeign].latin = fl[0];
		f->foreign[f->nforeign].len = lens[0];
		utf8_decode(fl[1], lens[1], &f->foreign[f->nforeign].han);
		f->nforeign++;
	}
}

static void
set_hot(struct filter *f, uint32_t c)
{
	if (c < 0x10000)
		f->hot[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static void
mark_hot(struct filter *f)
{
	size_t i;
	uint32_t c;

	for (i = 0; i <= f->t2s.mask; i++)
		if (f->t2s.key[i])
			set_hot(f, f->t2s.key[i]);
	for (i = 0; i <= f->gaz_head.mask; i++)
		if (f->gaz_head.key[i])
			set_hot(f, f->gaz_head.key[i]);
	for (c = 0xFF10; c <= 0xFF5A; c++)
		set_hot(f, c);
	/* non-BMP keys are looked up every time: fix_chars tests c < 0x10000 */
}

static struct filter *
filter_new(void)
{
	struct filter *f = ecalloc(1, sizeof(*f));
	size_t i;

	f->re_marker_tail = re_compile(
	    "(?:[▶►◀◄]+\\s*)?(?:下转|上接)\\s*(?:第\\s*)?[A-Z]?\\s*\\d{1,2}\\s*版"
	    "\\s*[①-⑳]?\\s*$", 0);
	f->re_marker = re_compile(
	    "^[▶►◀◄>＞\\s]*(?:(?:下转|上接|转|接)\\s*(?:第\\s*)?[A-Z]?\\s*"
	    "\\d{1,2}\\s*版\\s*[①-⑳]?|(?:相关)?(?:报道|详)见\\s*(?:第\\s*)?"
	    "[A-Z]?\\s*\\d{1,2}\\s*版)\\s*$", 0);
	f->re_furn = re_compile(
	    "广告.{0,8}热线|国内统一连续出版物号|CN\\s*\\d{2}\\s*-\\s*\\d{4}|"
	    "第\\s*\\d+\\s*期|今日\\s*\\d+\\s*版|"
	    "^\\d{4}年\\d{1,2}月\\d{1,2}日\\s*(?:星期|周)[一二三四五六日天]|"
	    "^[A-Z][A-Z ]{3,}$|主管\\s*[、，,]?\\s*主办", 0);
	f->re_byline = re_compile(
	    "^(?:据?[^\\s，。,]{0,20}?(?:日报|晚报|报社|新闻网|电视台|融媒体中心|"
	    "新华社|中新社|本报)[^，。]{0,12}?(?:记者|通讯员|讯|电)|"
	    "(?:全媒体|融媒体|本报|特约|见习|实习)?(?:记者|通讯员)\\s*[/／:：])", 0);
	f->re_speech = re_compile(
	    "(?:强调|指出|表示|认为|说|介绍|要求|提出|称|透露|坦言)[，,：:]", 0);
	f->re_enum = re_compile(
	    "^(?:[●•◆◇■□▲△★☆※▶►·]|\\d{1,2}[、.．](?!\\d)|"
	    "[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\\d]{1,3}[）)]|"
	    "第[一二三四五六七八九十]{1,3}[，、,：:])", 0);
	f->re_image = re_compile("!\\[[^\\]\\n]*\\]\\([^)\\n]*\\)", 0);
	load_words(f);
	load_t2s(f);
	load_gazetteer(f);
	load_foreign(f);
	mark_hot(f);
	buf_init(&f->work);
	buf_init(&f->unescaped);
	for (i = 0; i < 3; i++)
		buf_init(&f->edit[i]);
	buf_init(&f->out);
	buf_init(&f->final);
	return f;
}

static void
filter_free(struct filter *f)
{
	size_t i;

	if (f == NULL)
		return;
	buf_free(&f->why);
	re_free(f->re_marker_tail);
	re_free(f->re_marker);
	re_free(f->re_furn);
	re_free(f->re_byline);
	re_free(f->re_speech);
	re_free(f->re_image);
	re_free(f->re_enum);
	free(f->t2s.key);
	free(f->t2s.val);
	free(f->gaz_head.key);
	free(f->gaz_head.val);
	free(f->var);
	free(f->pool);
	free(f->words.w);
	free(f->foreign);
	buf_free(&f->work);
	buf_free(&f->out);
	buf_free(&f->final);
	buf_free(&f->unescaped);
	for (i = 0; i < 3; i++)
		buf_free(&f->edit[i]);
	free(f->cp);
	free(f->lines);
	free(f->olines);
	free(f->pending);
	free(f->hpos);
	free(f->hgen);
	json_decref(f->st.pairs);
	free(f);
}

/* ---- character classes ------------------------------------------------- */

static int
is_han(uint32_t c)
{
	return is_cjk(c);
}

static int
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(uint32_t c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
in_set(uint32_t c, const uint32_t *set)
{
	for (; *set; set++)
		if (*set == c)
			return 1;
	return 0;
}

/* Sentence punctuation: its presence makes a line body text, not a title. */
static const uint32_t sentence_punct[] = {
	0xFF0C, 0x3002, 0xFF1B, 0xFF1A, ',', ';', 0
};
/* Marks that end a paragraph. */
static const uint32_t final_punct[] = {
	0x3002, 0xFF01, 0xFF1F, '!', '?', 0xFF1B, ';', 0x2026, 0x2014,
	0xFF1A, ':', '.', 0
};
/* Closing marks a paragraph cannot start with. */
static const uint32_t closing_punct[] = {
	0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF09, 0x300D, 0x300F,
	0x201D, 0x2019, 0x300B, ',', ';', 0
};
/* Characters a title or sentence does not end with. */
static const uint32_t open_end[] = {
	0x7684, 0x548C, 0x4E0E, 0x53CA, 0x6216, 0x628A, 0x88AB, 0x5BF9,
	0x5411, 0x4ECE, 0x5C06, 0x8BA9, 0x4F7F, 0x5E76, 0x800C, 0x4F46,
	0x5176, 0x4E4B, 0x8FD9, 0x8BE5, 0x5404, 0x6BCF, 0x4E3A, 0x5728,
	0x4EE5, 0x7531, 0x4E8E, 0x8DDF, 0x540C, 0x7ED9, 0x5C31, 0x90FD,
	0x4E5F, 0x8FD8, 0x53C8, 0x518D, 0x6240, 0
};	/* 的和与及或把被对向从将让使并而但其之这该各每为在以由于跟同给就都也还又再所 */
/* Characters a sentence does not start with. */
static const uint32_t no_start[] = {
	0x7684, 0x5730, 0x5F97, 0x4E86, 0x7740, 0x4EEC, 0x5417, 0x5462,
	0x5427, 0
};	/* 的地得了着们吗呢吧 */
/* Characters that follow a number as its unit. */
static const uint32_t unit_chars[] = {
	0x53F7, 0x5E74, 0x6708, 0x65E5, 0x65F6, 0x5206, 0x79D2, 0x4E2A,
	0x4E07, 0x4EBF, 0x5143, 0x5343, 0x767E, '%', 0x2030, 0x6B21,
	0x4EBA, 0x540D, 0x5BB6, 0x4F4D, 0x9879, 0x4EF6, 0x6761, 0x5C81,
	0x7C73, 0x5428, 0x4EA9, 0x5C4A, 0x671F, 0x7248, 0x5929, 0x5468,
	0x500D, 0x5904, 0x6240, 0x6237, 0x5EA7, 0x53F0, 0x8F86, 0
};	/* 号年月日时分秒个万亿元千百%‰次人名家位项件条岁米吨亩届期版天周倍处所户座台辆 */
/* Verbs that end titles (会议召开, 张三出席) and take no object there. */
static const char *const title_verbs[] = {
	"召开", "举行", "出席", "主持", "参加", "讲话", "开幕", "闭幕", "启动",
	"揭牌", "落幕", "发布", "开展", "调研", "考察", "座谈", "表彰", "签约",
	"开工", "竣工", "投产", "成立", "亮相", "举办", "进行", "通过", "批示",
	"指出", "强调", "部署", "视察", "慰问", "会见", "看望", NULL
};

static int
is_open_quote(uint32_t c)
{
	return c == 0x201C || c == 0x2018 || c == 0x300A || c == 0x300C ||
	    c == 0x300E || c == 0xFF08 || c == '(' || c == 0x3010;
}

static int
is_close_quote(uint32_t c)
{
	return c == 0x201D || c == 0x2019 || c == 0x300B || c == 0x300D ||
	    c == 0x300F || c == 0xFF09 || c == ')' || c == 0x3011;
}

/* ---- growable scratch -------------------------------------------------- */

static void
cp_reserve(struct filter *f, size_t n)
{
	if (n <= f->capcp)
		return;
	while (f->capcp < n)
		f->capcp = f->capcp ? f->capcp * 2 : 1024;
	f->cp = ereallocarray(f->cp, f->capcp, sizeof(*f->cp));
}

static struct line *
push_line(struct filter *f)
{
	if (f->nlines == f->caplines) {
		f->caplines = f->caplines ? f->caplines * 2 : 256;
		f->lines = ereallocarray(f->lines, f->caplines, sizeof(*f->lines));
	}
	memset(&f->lines[f->nlines], 0, sizeof(struct line));
	return &f->lines[f->nlines++];
}

/*
 * Start a new output line at the end of f->out (after a newline when it is
 * not the first) holding s[0..len).
 */
static struct outline *
push_outline(struct filter *f, const char *s, size_t len, int heading)
{
	struct outline *o;

	if (f->nolines > 0)
		buf_addc(&f->out, '\n');
	if (f->nolines == f->capolines) {
		f->capolines = f->capolines ? f->capolines * 2 : 256;
		f->olines = ereallocarray(f->olines, f->capolines,
		    sizeof(*f->olines));
	}
	o = &f->olines[f->nolines++];
	o->off = f->out.len;
	o->len = len;
	o->heading = heading;
	o->drop = 0;
	buf_add(&f->out, s, len);
	return o;
}

static void
count_pair(struct filter *f, const uint32_t *from, size_t nfrom,
    const uint32_t *to, size_t nto)
{
	char key[128];
	size_t k = 0, i;
	json_t *v;

	for (i = 0; i < nfrom && k < 100; i++)
		k += utf8_encode(from[i], key + k);
	key[k++] = '-';
	key[k++] = '>';
	for (i = 0; i < nto && k < 120; i++)
		k += utf8_encode(to[i], key + k);
	key[k] = '\0';
	v = json_object_get(f->st.pairs, key);
	record_set_new(f->st.pairs, key,
	    json_integer(v ? json_integer_value(v) + 1 : 1));
	f->st.confusions++;
}

/* ---- one line ---------------------------------------------------------- */

/*
 * Does c[0..n), ending with a closing bracket, end with a credit or note in
 * brackets: after a final stop (。（张悦摄）) or holding a credit's words
 * (（新华社记者李学仁摄）, （附图片1张）, （本报北京电）)?
 */
static int
credit_group(const uint32_t *c, size_t n)
{
	static const uint32_t cue[] = {
		0x6444, 0x56FE, 0x8BB0, 0x9644, 0x53E6, 0x4F5C, 0x4F9B, 0x7535,
		0x8BAF, 0x7167, 0x8BD1, 0x7F16, 0
	};	/* 摄 图 记 附 另 作 供 电 讯 照 译 编 */
	size_t i = n - 1, k;

	while (i > 0 && c[i - 1] != 0xFF08 && c[i - 1] != '(' && n - i < 40)
		i--;
	if (i == 0 || (c[i - 1] != 0xFF08 && c[i - 1] != '('))
		return 0;
	if (i >= 2 && in_set(c[i - 2], final_punct))
		return 1;
	for (k = i; k < n - 1; k++)
		if (in_set(c[k], cue))
			return 1;
	return 0;
}

/*
 * Features of c[0..n): is it title-like (short, no sentence punctuation
 * outside quotes and brackets, not ending open), and does it end a
 * sentence?
 */
static void
line_shape(const uint32_t *c, size_t n, struct line *ln)
{
	size_t i, punct = 0, all = 0;
	int depth = 0;
	uint32_t last, prev;

	ln->ncp = n;
	for (i = 0; i < n; i++) {
		if (c[i] >= 0x3400 && c[i] <= 0x9FFF)
			continue;	/* Han: the common case */
		if (is_open_quote(c[i]))
			depth++;
		else if (is_close_quote(c[i]) && depth > 0)
			depth--;
		else if (in_set(c[i], sentence_punct) &&
		    !(i > 0 && i + 1 < n && is_digit(c[i - 1]) &&
		    is_digit(c[i + 1]))) {
			all++;
			punct += depth == 0;
		}
	}
	if (depth > 0)
		punct = all;	/* a quotation left open: body text */
	last = n ? c[n - 1] : 0;
	prev = n > 1 ? c[n - 2] : 0;
	ln->title_like = n > 0 && n <= TITLE_MAX && punct == 0 &&
	    last != 0xFF0C && last != 0x3001 && last != ',' && last != 0x3002;
	if (in_set(last, final_punct))
		ln->terminal = 1;
	else if ((last == 0x201D || last == 0x2019 || last == 0x300D ||
	    last == 0x300F || last == 0xFF09 || last == ')') &&
	    in_set(prev, final_punct))
		ln->terminal = 1;
	else if (last == 0x6444 && n > 1 && (prev == ' ' || prev == 0x3000))
		ln->terminal = 1;	/* a photo credit: "... 摄" */
	else if (last == 0xFF09 || last == ')')
		ln->terminal = credit_group(c, n);
	else if (n >= 2 && prev == 0x4F9B && last == 0x56FE)
		ln->terminal = 1;	/* 供图 */
	else
		ln->terminal = 0;
}

/* Replace c[at..at+del) with ins[0..nins) in the line's code points. */
static void
cp_splice(struct filter *f, size_t *n, size_t at, size_t del,
    const uint32_t *ins, size_t nins)
{
	cp_reserve(f, *n - del + nins + 1);
	memmove(f->cp + at + nins, f->cp + at + del,
	    (*n - at - del) * sizeof(uint32_t));
	if (nins)
		memcpy(f->cp + at, ins, nins * sizeof(uint32_t));
	*n = *n - del + nins;
}

static size_t
count_han(const uint32_t *c, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += is_han(c[i]) != 0;
	return k;
}

/* The end of the next ** or __ at or after i in the line, or n. */
static size_t
emphasis_at(const uint32_t *c, size_t n, size_t i)
{
	for (; i + 1 < n; i++)
		if ((c[i] == '*' || c[i] == '_') && c[i + 1] == c[i])
			return i;
	return n;
}

/*
 * Markdown emphasis around Chinese text (**重点项目**, __标题__) loses its
 * markers: a pair on one line with a Han character between them.  A lone
 * or empty pair stays, and one after a letter or digit (2**10).
 */
static void
strip_emphasis(struct filter *f, size_t *n)
{
	size_t i = 0, j;

	while ((i = emphasis_at(f->cp, *n, i)) < *n) {
		if (i > 0 && f->cp[i - 1] < 0x80 && isalnum((int)f->cp[i - 1])) {
			i += 2;		/* 2**10, a__b */
			continue;
		}
		for (j = i + 2; j + 1 < *n && !(f->cp[j] == f->cp[i] &&
		    f->cp[j + 1] == f->cp[i]); j++)
			;
		if (j + 1 >= *n)
			return;
		if (count_han(f->cp + i + 2, j - i - 2) == 0) {
			i = j + 2;
			continue;
		}
		cp_splice(f, n, j, 2, NULL, 0);
		cp_splice(f, n, i, 2, NULL, 0);
		f->st.markdown++;
		i = j - 2;
	}
}

/*
 * Full-width digits and Latin letters become ASCII; traditional characters
 * simplified; misread gazetteer names restored.  A bitmap of the code
 * points that start any of these keeps the common case to one test.
 */
enum { HAS_LOWER = 1, HAS_PUNCT = 2, HAS_SPACE = 4 };

static int
fix_chars(struct filter *f, size_t n)
{
	size_t i;
	uint32_t s, c;
	int v, flags = 0;

	for (i = 0; i < n; i++) {
		c = f->cp[i];
		if (c < 0x3400) {
			if (c >= 'a' && c <= 'z')
				flags |= HAS_LOWER;
			else if (c == ',' || c == ';' || c == ':' || c == '!' ||
			    c == '?' || c == '(' || c == ')' || c == '.')
				flags |= HAS_PUNCT;
			else if (is_space_cp(c))
				flags |= HAS_SPACE;
			continue;
		}
		if (c < 0x10000 && !(f->hot[c >> 3] & (1u << (c & 7))))
			continue;
		if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
		    (c >= 0xFF41 && c <= 0xFF5A)) {
			f->cp[i] = c - 0xFEE0;
			f->st.width++;
			continue;
		}
		if ((s = cptab_get(&f->t2s, f->cp[i])) != 0) {
			count_pair(f, &f->cp[i], 1, &s, 1);
			f->cp[i] = s;
		}
		for (v = (int)cptab_get(&f->gaz_head, f->cp[i]) - 1; v >= 0;
		    v = f->var[v].next) {
			const struct variant *x = &f->var[v];

			if (i + x->n > n || memcmp(f->cp + i, f->pool + x->wrong,
			    x->n * sizeof(uint32_t)) != 0)
				continue;
			/* a two-character form inside a word: 征收县级 */
			if (x->n == 2 && i > 0 && word_find_cp(f, f->cp + i - 1, 2))
				continue;
			count_pair(f, f->pool + x->wrong, x->n,
			    f->pool + x->right, x->n);
			memcpy(f->cp + i, f->pool + x->right,
			    x->n * sizeof(uint32_t));
			i += x->n - 1;
			break;
		}
	}
	return flags;
}

/* Nearest code point before i / from i on that is not a blank. */
static uint32_t
prev_solid(const uint32_t *c, size_t i)
{
	while (i > 0) {
		i--;
		if (!is_space_cp(c[i]))
			return c[i];
	}
	return 0;
}

static uint32_t
next_solid(const uint32_t *c, size_t n, size_t i)
{
	for (; i < n; i++)
		if (!is_space_cp(c[i]))
			return c[i];
	return 0;
}

/* A lowercase English function word between Han characters (重大项目 and
 * 重要工作) becomes its Chinese equivalent. */
static void
fix_foreign(struct filter *f, size_t *n)
{
	size_t i, j, k, a, b;
	uint32_t han;

	for (i = 0; i < *n; i++) {
		if (!(f->cp[i] >= 'a' && f->cp[i] <= 'z') ||
		    (i > 0 && is_alnum(f->cp[i - 1])))
			continue;
		for (j = i; j < *n && f->cp[j] >= 'a' && f->cp[j] <= 'z'; j++)
			;
		if (j < *n && is_alnum(f->cp[j])) {
			i = j;
			continue;
		}
		if (!is_han(prev_solid(f->cp, i)) || !is_han(next_solid(f->cp, *n, j))) {
			i = j;
			continue;
		}
		han = 0;
		for (k = 0; k < f->nforeign; k++) {
			size_t m;

			if (f->foreign[k].len != j - i)
				continue;
			for (m = 0; m < j - i; m++)
				if ((uint32_t)(unsigned char)f->foreign[k].latin[m] !=
				    f->cp[i + m])
					break;
			if (m == j - i) {
				han = f->foreign[k].han;
				break;
			}
		}
		if (han == 0) {
			i = j;
			continue;
		}
		a = i;
		while (a > 0 && is_space_cp(f->cp[a - 1]))
			a--;
		b = j;
		while (b < *n && is_space_cp(f->cp[b]))
			b++;
		cp_splice(f, n, a, b - a, &han, 1);
		f->st.foreign_words++;
		f->st.cjk_added++;
		i = a;
	}
}

static int
cjkish(uint32_t c)
{
	return is_han(c) || is_cjk_punct(c);
}

/*
 * Half-width , ; : ! ? ( ) next to Chinese text become full-width; between
 * digits (1,000, 23:00) they stay.  A period becomes 。 only after Han and
 * before Han, a closing quote or the line's end (3.5, www.x.cn, N.B. stay).  Brackets go full-width when they hold
 * Han characters.  Blanks after a converted mark, before Han, go.
 */
static void
fix_punct(struct filter *f, size_t *n, int keep_blanks)
{
	size_t i, j;
	uint32_t c, p, q, full;
	int han_inside;

	for (i = 0; i < *n; i++) {
		c = f->cp[i];
		full = 0;
		switch (c) {
		case ',': full = 0xFF0C; break;
		case ';': full = 0xFF1B; break;
		case ':': full = 0xFF1A; break;
		case '!': full = 0xFF01; break;
		case '?': full = 0xFF1F; break;
		case '.':	/* a full stop only between Han: 工作.会议 */
			if (i > 0 && is_han(f->cp[i - 1]) && (i + 1 == *n ||
			    is_han(f->cp[i + 1]) || f->cp[i + 1] == 0x201D)) {
				f->cp[i] = 0x3002;
				f->st.punctuation++;
			}
			continue;
		case '(':
			han_inside = 0;
			for (j = i + 1; j < *n && f->cp[j] != ')' && f->cp[j] != '('; j++)
				han_inside |= is_han(f->cp[j]);
			if (j < *n && f->cp[j] == ')') {
				if (han_inside) {
					f->cp[i] = 0xFF08;
					f->cp[j] = 0xFF09;
					f->st.punctuation += 2;
				} else {
					i = j;
				}
				continue;
			}
			if (i + 1 < *n && is_han(f->cp[i + 1]))
				full = 0xFF08;
			break;
		case ')':
			if (i > 0 && is_han(f->cp[i - 1]))
				full = 0xFF09;
			break;
		default:
			continue;
		}
		if (full == 0 || full == 0xFF08 || full == 0xFF09) {
			if (full) {
				f->cp[i] = full;
				f->st.punctuation++;
			}
			continue;
		}
		p = i > 0 ? f->cp[i - 1] : 0;
		q = i + 1 < *n ? f->cp[i + 1] : 0;
		if (is_alnum(p) && is_alnum(q))
			continue;	/* 1,000  23:00  a,b */
		p = prev_solid(f->cp, i);
		q = next_solid(f->cp, *n, i + 1);
		if (!cjkish(p) && !cjkish(q))
			continue;
		if ((c == ':' || c == ',') && is_digit(p) && is_digit(q))
			continue;
		f->cp[i] = full;
		f->st.punctuation++;
		for (j = i + 1; j < *n && is_space_cp(f->cp[j]); j++)
			;
		if (!keep_blanks && j > i + 1 && j < *n && cjkish(f->cp[j])) {
			cp_splice(f, n, i + 1, j - i - 1, NULL, 0);
			f->st.spaces++;
		}
	}
}

/* Is c[0..n) a photo credit's verb ending the line (摄, 供图, 制图)? */
static int
is_credit(const uint32_t *c, size_t n)
{
	if (n == 1)
		return c[0] == 0x6444;
	return n == 2 && c[1] == 0x56FE && (c[0] == 0x4F9B || c[0] == 0x5236);
}

/*
 * Blanks between two Han characters in body text go, except inside quotes,
 * brackets and book titles (slogans printed with a space) and right after a
 * '/' (names in credits: 记者/李四 摄) and after a dateline near the start
 * (新华社北京1月7日电 ...).
 */
static void
fix_spaces(struct filter *f, size_t *n)
{
	size_t i, j, slash = (size_t)-1;
	int depth = 0;

	for (i = 0; i < *n; i++) {
		uint32_t c = f->cp[i];

		if (is_open_quote(c))
			depth++;
		else if (is_close_quote(c) && depth > 0)
			depth--;
		else if (c == '/' || c == 0xFF0F)
			slash = i;
		if (!is_space_cp(c) || i == 0 || depth > 0)
			continue;
		for (j = i; j < *n && is_space_cp(f->cp[j]); j++)
			;
		if (j < *n && is_han(f->cp[i - 1]) && is_han(f->cp[j]) &&
		    (slash == (size_t)-1 || i - slash > 6) &&
		    !is_credit(f->cp + j, *n - j) &&
		    !(i < 40 && (f->cp[i - 1] == 0x7535 || f->cp[i - 1] == 0x8BAF))) {
			cp_splice(f, n, i, j - i, NULL, 0);
			f->st.spaces++;
		} else {
			i = j - 1;
		}
	}
}

/*
 * Remove a run of DUP_MIN or more Han characters repeated right after
 * itself (two overlapping columns) from the line's code points c[0..n);
 * returns the new length.  Windows of DUP_MIN code points are hashed
 * (rolling) into a direct-mapped table of their last position; a window
 * seen L positions back (L at most DUP_MAXL) starts a check for a tandem
 * repeat of period L.  Time is linear in n and memory fixed, whatever the
 * line.
 */
static size_t
remove_tandem(struct filter *f, uint32_t *c, size_t n)
{
	size_t q, L, h, k, han, removed = 0;
	uint64_t hv = 0, pw;
	int fresh = 1;

	if (n < 2 * DUP_MIN)
		return n;
	if (f->hpos == NULL) {
		f->hpos = ecalloc(DUP_SLOTS, sizeof(uint32_t));
		f->hgen = ecalloc(DUP_SLOTS, sizeof(uint32_t));
	}
	if (++f->gen == 0) {
		memset(f->hgen, 0, DUP_SLOTS * sizeof(uint32_t));
		f->gen = 1;
	}
	for (k = 0, pw = 1; k < DUP_MIN - 1; k++)
		pw *= ROLL;
	for (q = 0; q + DUP_MIN <= n && removed < DUP_MAXCUTS; q++) {
		if (fresh)
			for (k = 0, hv = 0; k < DUP_MIN; k++)
				hv = hv * ROLL + c[q + k];
		else
			hv = (hv - c[q - 1] * pw) * ROLL + c[q + DUP_MIN - 1];
		fresh = 0;
		h = (hv * 0x9E3779B97F4A7C15u) >> 40 & (DUP_SLOTS - 1);
		if (f->hgen[h] == f->gen && f->hpos[h] < q &&
		    (L = q - f->hpos[h]) >= DUP_MIN && L <= DUP_MAXL &&
		    q + L <= n &&
		    memcmp(c + q - L, c + q, L * sizeof(uint32_t)) == 0 &&
		    (han = count_han(c + q, L)) >= DUP_MIN && han * 10 >= L * 7) {
			f->st.removed_duplicates++;
			f->st.cjk_removed += (long)han;
			memmove(c + q, c + q + L, (n - q - L) * sizeof(uint32_t));
			n -= L;
			removed++;
			fresh = 1;	/* the text from q on moved: rehash here */
			q--;
			continue;
		}
		f->hgen[h] = f->gen;
		f->hpos[h] = (uint32_t)q;
	}
	return n;
}

/* Does s[0..n) contain the string pat? */
static int
has_bytes(const char *s, size_t n, const char *pat)
{
	size_t pn = strlen(pat);
	const char *p = s, *end = s + n;

	while ((size_t)(end - p) >= pn &&
	    (p = memchr(p, pat[0], (size_t)(end - p) - pn + 1)) != NULL) {
		if (memcmp(p, pat, pn) == 0)
			return 1;
		p++;
	}
	return 0;
}

/* Cheap tests before the furniture and byline patterns (see filter_new). */
static int
maybe_furniture(const char *s, size_t n)
{
	return (n > 0 && s[0] >= 'A' && s[0] <= 'Z') || has_bytes(s, n, "期") ||
	    has_bytes(s, n, "版") || has_bytes(s, n, "热线") ||
	    has_bytes(s, n, "CN") || has_bytes(s, n, "主办") ||
	    has_bytes(s, n, "星期") || has_bytes(s, n, "周");
}

static int
maybe_byline(const char *s, size_t n)
{
	if (n > BYLINE_HEAD)
		n = BYLINE_HEAD;
	return has_bytes(s, n, "记者") || has_bytes(s, n, "讯") ||
	    has_bytes(s, n, "电");
}

/*
 * Process one input line s[0..n): strip markdown debris, split off a
 * trailing continuation marker, classify, repair, and append the result
 * (zero, one or two lines) to f->lines.
 */
static void
process_line(struct filter *f, const char *s, size_t n)
{
	struct np_match m;
	struct line *ln;
	size_t i, k, ncp, a, b, enc_start, level = 0, trail;
	int headline, flags;

	/* a marker ends the line: look at its last MARKER_TAIL bytes only */
	k = n > MARKER_TAIL ? n - MARKER_TAIL : 0;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	if (n > 0 && (has_bytes(s + k, n - k, "下转") ||
	    has_bytes(s + k, n - k, "上接")) &&
	    re_search(f->re_marker_tail, s, n, k, &m)) {
		size_t e = m.start;

		while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		if (e > 0 && m.start > 0) {
			process_line(f, s, e);
			f->st.furniture_split++;
			s += m.start;
			n -= m.start;
		}
	}
	/* decode */
	cp_reserve(f, n + 1);
	for (i = 0, ncp = 0; i < n; ncp++)
		i += dec(s + i, n - i, &f->cp[ncp]);
	/* blanks at the ends; two or more at the end are markdown's break */
	for (b = ncp; b > 0 && (is_space_cp(f->cp[b - 1]) || f->cp[b - 1] == '\r'); b--)
		;
	trail = ncp - b;
	for (a = 0; a < b && is_space_cp(f->cp[a]); a++)
		;
	if (b > a) {
		if (trail >= 2)
			f->st.markdown++;
		else if (trail == 1 || a > 0)
			f->st.spaces++;
	}
	/* markdown heading marker */
	if (a < b && f->cp[a] == '#') {
		for (k = a; k < b && f->cp[k] == '#'; k++)
			;
		if (k - a <= 6 && (k == b || is_space_cp(f->cp[k]))) {
			level = k - a;
			f->st.markdown++;
			for (a = k; a < b && is_space_cp(f->cp[a]); a++)
				;
			if (a == b) {
				f->st.removed_lines++;
				return;		/* an empty heading marker */
			}
		}
	}
	ncp = b - a;
	if (a > 0)
		memmove(f->cp, f->cp + a, ncp * sizeof(uint32_t));
	/* image placeholders ![alt](url) */
	for (i = memchr(s, '!', n) ? 0 : ncp; i + 1 < ncp;) {
		size_t j, close;

		if (f->cp[i] != '!' || f->cp[i + 1] != '[') {
			i++;
			continue;
		}
		for (j = i + 2; j < ncp && f->cp[j] != ']'; j++)
			;
		for (close = j + 2; close < ncp && f->cp[close] != ')'; close++)
			;
		if (j + 1 >= ncp || f->cp[j + 1] != '(' || close >= ncp) {
			i++;
			continue;
		}
		f->st.cjk_removed += (long)count_han(f->cp + i, close + 1 - i);
		cp_splice(f, &ncp, i, close + 1 - i, NULL, 0);
		f->st.markdown++;
	}
	if (memchr(s, '*', n) || memchr(s, '_', n))
		strip_emphasis(f, &ncp);
	if (ncp == 0 && n > 0 && level == 0 && b > a) {
		f->st.removed_lines++;
		return;			/* nothing but placeholders */
	}
	while (ncp > 0 && is_space_cp(f->cp[ncp - 1]))
		ncp--;
	ln = push_line(f);
	ln->heading = (int)level;
	if (ncp == 0) {
		ln->kind = K_BLANK;
		ln->off = f->work.len;
		return;
	}
	flags = fix_chars(f, ncp);
	if (ncp >= 2 * DUP_MIN)
		ncp = remove_tandem(f, f->cp, ncp);
	if (flags & HAS_LOWER)
		fix_foreign(f, &ncp);
	line_shape(f->cp, ncp, ln);
	/* a headline keeps the blanks between its parts */
	headline = level > 0 || ln->title_like ||
	    (ln->ncp <= TITLE_MAX && !ln->terminal);
	if (flags & HAS_PUNCT)
		fix_punct(f, &ncp, headline);
	if (!headline && (flags & HAS_SPACE))
		fix_spaces(f, &ncp);
	ln->ncp = ncp;
	/* encode */
	enc_start = f->work.len;
	buf_grow(&f->work, ncp * 4 + 1);
	for (i = 0; i < ncp; i++)
		f->work.len += enc(f->cp[i], f->work.s + f->work.len);
	f->work.s[f->work.len] = '\0';
	ln->off = enc_start;
	ln->len = f->work.len - enc_start;
	if (level > 0)
		ln->kind = K_HEADING;
	else if (ln->ncp <= 30 &&
	    re_search(f->re_marker, f->work.s + ln->off, ln->len, 0, &m))
		ln->kind = K_MARKER;
	else if (ln->ncp <= 60 && maybe_furniture(f->work.s + ln->off, ln->len) &&
	    re_search(f->re_furn, f->work.s + ln->off, ln->len, 0, &m))
		ln->kind = K_FURN;
	else if (maybe_byline(f->work.s + ln->off, ln->len) &&
	    re_search(f->re_byline, f->work.s + ln->off, ln->len, 0, &m))
		ln->kind = K_BYLINE;
	else
		ln->kind = K_BODY;
}

/* ---- joining broken paragraphs ----------------------------------------- */

/* The paragraph being built: what the join decision needs to know. */
struct para {
	size_t start;		/* offset in f->out */
	size_t ncp;
	int kind;
	int title_like;
	int terminal;
	int joined;
};

/* Code points of the last up-to-n Han characters of s[0..len) (contiguous,
 * ending at the end); returns how many. */
static size_t
tail_han(const char *s, size_t len, uint32_t *c, size_t n)
{
	size_t k = 0, pos = len, l;
	uint32_t x;

	while (k < n && pos > 0) {
		l = utf8_prev_len(s, pos);
		utf8_decode(s + pos - l, l, &x);
		if (!is_han(x))
			break;
		pos -= l;
		memmove(c + 1, c, k * sizeof(uint32_t));
		c[0] = x;
		k++;
	}
	return k;
}

static size_t
head_han(const char *s, size_t len, uint32_t *c, size_t n)
{
	size_t k = 0, pos = 0;
	uint32_t x;

	while (k < n && pos < len) {
		pos += utf8_decode(s + pos, len - pos, &x);
		if (!is_han(x))
			break;
		c[k++] = x;
	}
	return k;
}


static double
word_score(const struct filter *f, const uint32_t *c, size_t n)
{
	const struct word *w = word_find_cp(f, c, n);

	if (w != NULL && w->freq > 0)
		return log((double)w->freq) - LOG_TOTAL;
	return n == 1 ? log(0.5) - LOG_TOTAL : -1e9;
}

/*
 * Does the most likely segmentation of the Han characters around the break
 * (up to four on each side) put a word across it?  改革创|新 -> 创新: yes;
 * 会议召开|会议 -> 召开 会议: no.
 */
static int
midword(const struct filter *f, const char *a, size_t alen, const char *b,
    size_t blen)
{
	uint32_t c[8];
	double best[9];
	int from[9];
	size_t na, nb, n, i, w;

	na = tail_han(a, alen, c, 4);
	if (na == 0 || (na == 1 &&
	    is_alnum(utf8_last_cp(a, alen - utf8_prev_len(a, alen)))))
		return 0;	/* 1月18日|本栏: one character after a number */
	nb = head_han(b, blen, c + na, 4);
	if (nb == 0)
		return 0;
	n = na + nb;
	best[0] = 0;
	for (i = 1; i <= n; i++) {
		best[i] = -1e18;
		from[i] = (int)i - 1;
		for (w = 1; w <= 4 && w <= i; w++) {
			double s = best[i - w] + word_score(f, c + i - w, w);

			if (s > best[i]) {
				best[i] = s;
				from[i] = (int)(i - w);
			}
		}
	}
	for (i = n; i > 0; i = (size_t)from[i])
		if ((size_t)from[i] < na && i > na)
			return 1;
	return 0;
}

/* Does the paragraph end with a verb that wants an object (构建, 打造)? */
static int
ends_with_object_verb(const struct filter *f, const char *a, size_t alen)
{
	uint32_t c[4];
	size_t n, w, i;
	const struct word *wd;
	char b[16];
	size_t bl;

	n = tail_han(a, alen, c, 4);
	for (w = n; w >= 2; w--) {
		wd = word_find_cp(f, c + n - w, w);
		if (wd == NULL)
			continue;
		if (!wd->verb)
			return 0;
		for (i = 0, bl = 0; i < w; i++)
			bl += utf8_encode(c[n - w + i], b + bl);
		for (i = 0; title_verbs[i]; i++)
			if (strlen(title_verbs[i]) == bl &&
			    memcmp(title_verbs[i], b, bl) == 0)
				return 0;
		return 1;
	}
	return 0;
}


static uint32_t
first_cp(const char *s, size_t len)
{
	uint32_t c = 0;

	if (len)
		utf8_decode(s, len, &c);
	return c;
}

/* Length of the run of ASCII letters and digits ending the text. */
static size_t
tail_alnum(const char *s, size_t len)
{
	size_t k = 0;

	while (k < len && is_alnum((unsigned char)s[len - 1 - k]))
		k++;
	return k;
}

/* Is a quotation left open at the end of s[0..len)? */
static int
open_quote(const char *s, size_t len)
{
	size_t i = 0;
	int depth = 0;
	uint32_t c;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &c);
		if (c == 0x201C)
			depth++;
		else if (c == 0x201D && depth > 0)
			depth--;
	}
	return depth > 0;
}

/*
 * Is the character that ends s[0..len) doubled by overlapping columns when
 * the next line starts with it?  Yes when the pair is no word (治治) and
 * the character completes one before it (整治); 常常 is a word.
 */
static int
doubled_at_break(const struct filter *f, const char *s, size_t len)
{
	uint32_t c[2], pair[2];

	if (tail_han(s, len, c, 2) != 2)
		return 0;
	pair[0] = pair[1] = c[1];
	return word_find_cp(f, pair, 2) == NULL && word_find_cp(f, c, 2) != NULL;
}

/* Is there a Han character among the first dozen of s[0..len)? */
static int
has_han_near(const char *s, size_t len)
{
	size_t i = 0, k;
	uint32_t c;

	for (k = 0; k < 12 && i < len; k++) {
		i += dec(s + i, len - i, &c);
		if (is_han(c))
			return 1;
	}
	return 0;
}

/*
 * Should line b continue the paragraph p?  See the man page: never onto a
 * heading, byline or marker; never after a final stop; numbers wrapped
 * mid-number join; a title-like line joins or is joined only where the
 * break splits a word.
 */
static int
should_join(struct filter *f, const struct para *p, const struct line *b)
{
	const char *a = f->out.s + p->start, *bs = f->work.s + b->off;
	size_t alen = f->out.len - p->start, run;
	uint32_t al = utf8_last_cp(a, alen), bf = first_cp(bs, b->len);
	struct np_match m;

	if (p->kind == K_HEADING || p->kind == K_FURN || p->kind == K_MARKER ||
	    (p->kind == K_BYLINE && p->title_like))
		return 0;
	if (b->kind != K_BODY)
		return 0;
	/* ’ is also an apostrophe: ’99 */
	if (in_set(bf, closing_punct) && bf != 0x300B && bf != 0x2019)
		return 1;
	if (p->terminal)
		return 0;
	if (bf == 0x2014)
		return 0;	/* a subtitle: ——... */
	if (re_search(f->re_enum, bs, b->len, 0, &m) ||
	    (!p->joined && p->ncp <= TITLE_MAX &&
	    re_search(f->re_enum, a, alen, 0, &m)))
		return 0;	/* list items: ●..., 2、..., （一）... */
	if (b->ncp <= 12 && (utf8_last_cp(bs, b->len) == 0xFF1A ||
	    utf8_last_cp(bs, b->len) == ':'))
		return 0;	/* a salutation or label: 编辑同志： */
	run = tail_alnum(a, alen);
	if (run > 0 && (is_digit(bf) || in_set(bf, unit_chars))) {
		/* a number wrapped: 303 / 个, 4302...164 / 4号 */
		if (!p->title_like)
			return 1;
		if (run >= 6 && has_han_near(bs, b->len))
			return 1;
		if (!b->title_like && has_han_near(a, alen))
			return 1;
	}
	if (al == bf && doubled_at_break(f, a, alen))
		return 1;	/* 专项整治 / 治，深化: overlapping columns */
	if (b->title_like)
		return !p->title_like && p->ncp >= SHORT_PARA &&
		    midword(f, a, alen, bs, b->len);
	if (p->title_like)
		return p->ncp > 4 && midword(f, a, alen, bs, b->len);
	if (al == 0xFF0C || al == 0x3001 || al == ',')
		return 1;
	if (p->ncp >= SHORT_PARA || p->joined)
		return 1;
	/* a short paragraph with punctuation: 纠偏差，牢固树立...政绩观 is a
	 * title; 张三强调，要深化改革创 is not */
	if (midword(f, a, alen, bs, b->len) || in_set(al, open_end) ||
	    in_set(bf, no_start))
		return 1;
	if (re_search(f->re_speech, a, alen, 0, &m) || open_quote(a, alen))
		return 1;
	return (bf == 0x201C || bf == 0x300A) && ends_with_object_verb(f, a, alen);
}

static void
emit_pending(struct filter *f)
{
	size_t i;
	const struct line *ln;

	for (i = 0; i < f->npending; i++) {
		ln = &f->lines[f->pending[i]];
		push_outline(f, NULL, 0, 0);
		push_outline(f, f->work.s + ln->off, ln->len, 0);
	}
	f->npending = 0;
}

static void
add_pending(struct filter *f, size_t idx)
{
	if (f->npending == f->cappending) {
		f->cappending = f->cappending ? f->cappending * 2 : 16;
		f->pending = ereallocarray(f->pending, f->cappending,
		    sizeof(*f->pending));
	}
	f->pending[f->npending++] = idx;
}

/*
 * Append line b to the paragraph; a character doubled across the break
 * (专项整治 / 治，深化) is dropped unless the pair is a word (常常).
 */
static void
join_line(struct filter *f, struct para *p, const struct line *b)
{
	const char *bs = f->work.s + b->off;
	size_t blen = b->len, l;
	uint32_t al = utf8_last_cp(f->out.s + p->start, f->out.len - p->start);
	uint32_t bf = first_cp(bs, blen);

	if (al == bf && is_han(al)) {
		if (doubled_at_break(f, f->out.s + p->start,
		    f->out.len - p->start)) {
			l = utf8_decode(bs, blen, &bf);
			bs += l;
			blen -= l;
			f->st.removed_duplicates++;
			f->st.cjk_removed++;
		}
	}
	buf_add(&f->out, bs, blen);
	f->olines[f->nolines - 1].len = f->out.len - p->start;
	p->ncp += b->ncp;
	p->terminal = b->terminal;
	p->title_like = 0;
	p->joined = 1;
	f->st.joined_lines++;
}

static void
join_lines(struct filter *f)
{
	size_t i, j;
	struct para p;
	const struct line *ln;

	for (i = 0; i < f->nlines; i++) {
		ln = &f->lines[i];
		if (ln->kind == K_BLANK) {
			push_outline(f, NULL, 0, 0);
			continue;
		}
		p.start = push_outline(f, f->work.s + ln->off, ln->len,
		    ln->heading)->off;
		p.ncp = ln->ncp;
		p.kind = ln->kind;
		p.title_like = ln->title_like;
		p.terminal = ln->terminal;
		p.joined = 0;
		for (;;) {
			size_t save = f->npending;

			for (j = i + 1; j < f->nlines; j++) {
				if (f->lines[j].kind == K_FURN)
					add_pending(f, j);
				else if (f->lines[j].kind != K_BLANK)
					break;
			}
			if (j >= f->nlines || !should_join(f, &p, &f->lines[j])) {
				f->npending = save;
				break;
			}
			join_line(f, &p, &f->lines[j]);
			i = j;
		}
		emit_pending(f);
	}
}

/* ---- doubled text ------------------------------------------------------ */

/*
 * Doubled text: tandem repeats inside each line, and a line that repeats
 * the start of an earlier paragraph as a fragment (a column's first line
 * printed again at the end of another column).
 */
static size_t
remove_doubles(struct filter *f)
{
	size_t i, j, n, k, drops = 0;
	struct outline *o;

	/* a fragment repeating an earlier paragraph's start */
	for (i = 0; i < f->nolines; i++) {
		struct line shape;
		const char *s;

		o = &f->olines[i];
		if (o->len < 3 * DUP_MIN || o->heading)
			continue;
		s = f->out.s + o->off;
		if (in_set(utf8_last_cp(s, o->len), final_punct))
			continue;
		cp_reserve(f, o->len + 1);
		for (k = 0, n = 0; k < o->len; n++)
			k += utf8_decode(s + k, o->len - k, &f->cp[n]);
		line_shape(f->cp, n, &shape);
		if (n < DUP_MIN || shape.terminal || count_han(f->cp, n) < 8)
			continue;
		for (j = i > FRAG_LOOKBACK ? i - FRAG_LOOKBACK : 0; j < i; j++) {
			const struct outline *e = &f->olines[j];

			if (!e->drop && e->len > o->len &&
			    memcmp(f->out.s + e->off, s, o->len) == 0)
				break;
		}
		if (j >= i)
			continue;
		o->drop = 1;
		drops++;
		f->st.removed_duplicates++;
		f->st.cjk_removed += (long)count_han(f->cp, n);
		/* and the blank lines before it */
		for (k = i; k > 0 && f->olines[k - 1].len == 0 &&
		    !f->olines[k - 1].drop; k--)
			f->olines[k - 1].drop = 1;
	}
	return drops;
}

/* ---- the record -------------------------------------------------------- */

static void
stats_reset(struct stats *st)
{
	json_t *pairs = st->pairs;

	memset(st, 0, sizeof(*st));
	st->pairs = pairs;
}

static json_t *
stats_json(struct stats *st)
{
	json_t *o = ejson_object();

	record_set_new(o, "joined_lines", json_integer(st->joined_lines));
	record_set_new(o, "punctuation", json_integer(st->punctuation));
	record_set_new(o, "width", json_integer(st->width));
	record_set_new(o, "spaces", json_integer(st->spaces));
	record_set_new(o, "markdown", json_integer(st->markdown));
	record_set_new(o, "removed_lines", json_integer(st->removed_lines));
	record_set_new(o, "furniture_split", json_integer(st->furniture_split));
	record_set_new(o, "confusions", json_integer(st->confusions));
	record_set_new(o, "confusion_pairs", json_incref(st->pairs));
	record_set_new(o, "foreign_words", json_integer(st->foreign_words));
	record_set_new(o, "removed_duplicates",
	    json_integer(st->removed_duplicates));
	record_set_new(o, "cjk_removed", json_integer(st->cjk_removed));
	record_set_new(o, "cjk_added", json_integer(st->cjk_added));
	return o;
}

/*
 * Clean text[0..len): the result is f->res[0..f->reslen), NUL-terminated,
 * valid until the next call; headings go into *headings (or NULL).
 */
static void
clean_text(struct filter *f, const char *text, size_t len, json_t **headings)
{
	size_t i, start, idx, drops;
	struct np_buf *b;

	f->nlines = f->nolines = f->npending = 0;
	buf_reset(&f->work);
	buf_reset(&f->out);
	buf_reset(&f->final);
	for (start = 0;;) {
		const char *nl = memchr(text + start, '\n', len - start);

		i = nl ? (size_t)(nl - text) : len;
		process_line(f, text + start, i - start);
		if (nl == NULL)
			break;
		start = i + 1;
	}
	join_lines(f);
	drops = remove_doubles(f);
	*headings = NULL;
	for (i = 0, idx = 0; i < f->nolines; i++) {
		const struct outline *o = &f->olines[i];

		if (o->drop)
			continue;
		if (drops > 0) {
			if (idx > 0)
				buf_addc(&f->final, '\n');
			buf_add(&f->final, f->out.s + o->off, o->len);
		}
		if (o->heading) {
			json_t *pair = ejson_array();

			if (*headings == NULL)
				*headings = ejson_array();
			ejson_append_new(pair, json_integer((json_int_t)idx));
			ejson_append_new(pair, json_integer(o->heading));
			ejson_append_new(*headings, pair);
		}
		idx++;
	}
	b = drops > 0 ? &f->final : &f->out;
	buf_grow(b, 1);
	b->s[b->len] = '\0';
	f->res = b->s;
	f->reslen = b->len;
}

/* ---- --diff ------------------------------------------------------------ */

struct span {
	const char *s;
	size_t n;
};

static size_t
split_spans(const char *s, size_t n, struct span **out)
{
	size_t i, start = 0, k = 0, cap = 64;
	struct span *v = ereallocarray(NULL, cap, sizeof(*v));

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			if (k == cap) {
				cap *= 2;
				v = ereallocarray(v, cap, sizeof(*v));
			}
			v[k].s = s + start;
			v[k].n = i - start;
			k++;
			start = i + 1;
		}
	}
	*out = v;
	return k;
}

static int
span_eq(const struct span *a, const struct span *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

/*
 * A unified diff of two texts by lines (LCS over the differing middle;
 * context 3) on stderr.
 */
static void
print_diff(const char *name, const char *a, size_t alen, const char *b,
    size_t blen)
{
	struct span *x, *y;
	size_t nx = split_spans(a, alen, &x), ny = split_spans(b, blen, &y);
	size_t pre = 0, suf = 0, m, n, i, j;
	unsigned *tab = NULL;
	char *op;	/* ' ', '-', '+' per edit */
	size_t *oi, *oj, nops = 0, h;

	while (pre < nx && pre < ny && span_eq(&x[pre], &y[pre]))
		pre++;
	while (suf < nx - pre && suf < ny - pre &&
	    span_eq(&x[nx - 1 - suf], &y[ny - 1 - suf]))
		suf++;
	if (pre == nx && pre == ny) {
		free(x);
		free(y);
		return;
	}
	m = nx - pre - suf;
	n = ny - pre - suf;
	op = emalloc(nx + ny + 1);
	oi = ereallocarray(NULL, nx + ny + 1, sizeof(size_t));
	oj = ereallocarray(NULL, nx + ny + 1, sizeof(size_t));
	for (i = 0; i < pre; i++, nops++) {
		op[nops] = ' ';
		oi[nops] = i;
		oj[nops] = i;
	}
	if (m > 0 && n > 0 && (m + 1) * (n + 1) <= 16u * 1024 * 1024)
		tab = ecalloc((m + 1) * (n + 1), sizeof(unsigned));
	if (tab != NULL) {
		for (i = m; i-- > 0;)
			for (j = n; j-- > 0;)
				tab[i * (n + 1) + j] = span_eq(&x[pre + i], &y[pre + j]) ?
				    tab[(i + 1) * (n + 1) + j + 1] + 1 :
				    (tab[(i + 1) * (n + 1) + j] > tab[i * (n + 1) + j + 1] ?
				    tab[(i + 1) * (n + 1) + j] : tab[i * (n + 1) + j + 1]);
		i = j = 0;
		while (i < m || j < n) {
			if (i < m && j < n && span_eq(&x[pre + i], &y[pre + j])) {
				op[nops] = ' ', oi[nops] = pre + i++, oj[nops++] = pre + j++;
			} else if (j < n && (i == m || tab[i * (n + 1) + j + 1] >=
			    tab[(i + 1) * (n + 1) + j])) {
				op[nops] = '+', oi[nops] = pre + i, oj[nops++] = pre + j++;
			} else {
				op[nops] = '-', oi[nops] = pre + i++, oj[nops++] = pre + j;
			}
		}
		free(tab);
	} else {
		for (i = 0; i < m; i++, nops++)
			op[nops] = '-', oi[nops] = pre + i, oj[nops] = pre;
		for (j = 0; j < n; j++, nops++)
			op[nops] = '+', oi[nops] = pre + m, oj[nops] = pre + j;
	}
	for (i = 0; i < suf; i++, nops++) {
		op[nops] = ' ';
		oi[nops] = nx - suf + i;
		oj[nops] = ny - suf + i;
	}
	fprintf(stderr, "--- %s\n+++ %s (cleaned)\n", name, name);
	for (h = 0; h < nops;) {
		size_t s, e, k, ca = 0, cb = 0;

		if (op[h] == ' ') {
			h++;
			continue;
		}
		s = h >= 3 ? h - 3 : 0;
		e = h;
		/* extend while changes are within 6 lines of each other */
		for (k = h; k < nops; k++) {
			if (op[k] != ' ')
				e = k;
			else if (k - e > 6)
				break;
		}
		e = e + 3 < nops ? e + 3 : nops - 1;
		for (k = s; k <= e; k++) {
			ca += op[k] != '+';
			cb += op[k] != '-';
		}
		fprintf(stderr, "@@ -%zu,%zu +%zu,%zu @@\n", oi[s] + 1, ca,
		    oj[s] + 1, cb);
		for (k = s; k <= e; k++) {
			const struct span *sp = op[k] == '+' ? &y[oj[k]] : &x[oi[k]];

			fputc(op[k], stderr);
			fwrite(sp->s, 1, sp->n, stderr);
			fputc('\n', stderr);
		}
		h = e + 1;
	}
	free(op);
	free(oi);
	free(oj);
	free(x);
	free(y);
}

/*
 * Clean one record's text field and write the record.  A record without
 * the field passes through; a field that is not a string is rejected.
 */
/* Clean one record's text: f->res, *headings (or NULL) and f->st. */
static void
clean_record(struct filter *f, const char *text, size_t len, json_t **headings)
{
	if (f->st.pairs == NULL)
		f->st.pairs = ejson_object();
	else
		json_object_clear(f->st.pairs);
	stats_reset(&f->st);
	clean_text(f, text, len, headings);
}

/*
 * A record read in place: copy it with the text, headings and clean
 * members changed.  --diff (which names the page from other fields), a
 * field that is not a string, or a --field that is one of the members
 * set here sends the record to filter_record, through jansson.
 */
static int
filter_raw(void *state, const struct np_rawrec *rec, FILE *out,
    const char **why)
{
	struct filter *f = state;
	const struct np_member *m = rawrec_get(rec, np_opt.field);
	struct np_edit e[3];
	json_t *headings, *stats;
	const char *text;
	size_t len, i;

	(void)why;
	if (m == NULL) {
		rawrec_write(rec, NULL, 0, out);
		return 0;
	}
	if (opt_diff || strcmp(np_opt.field, "headings") == 0 ||
	    strcmp(np_opt.field, "clean") == 0 ||
	    (text = rawrec_str(m, &f->unescaped, &len)) == NULL)
		return NP_RAW_TREE;
	clean_record(f, text, len, &headings);
	stats = stats_json(&f->st);
	for (i = 0; i < 3; i++)
		buf_reset(&f->edit[i]);
	json_string_text(&f->edit[0], f->res, f->reslen);
	if (headings)
		json_value_text(&f->edit[1], headings);
	json_value_text(&f->edit[2], stats);
	e[0] = (struct np_edit){ np_opt.field, f->edit[0].s, f->edit[0].len };
	e[1] = (struct np_edit){ "headings", headings ? f->edit[1].s : NULL,
	    f->edit[1].len };
	e[2] = (struct np_edit){ "clean", f->edit[2].s, f->edit[2].len };
	rawrec_write_edits(rec, e, 3, out);
	json_decref(headings);
	json_decref(stats);
	json_decref(f->st.pairs);
	f->st.pairs = NULL;
	return 0;
}

static int
filter_record(void *state, json_t *rec, FILE *out, const char **why)
{
	struct filter *f = state;
	json_t *v = json_object_get(rec, np_opt.field), *headings;
	const char *text;
	size_t len;

	if (v == NULL) {
		record_write(rec, out);
		return 0;
	}
	if (!json_is_string(v)) {
		buf_reset(&f->why);
		buf_printf(&f->why, "field %s is not a string", np_opt.field);
		*why = f->why.s;
		return -1;
	}
	text = json_string_value(v);
	len = json_string_length(v);
	clean_record(f, text, len, &headings);
	if (opt_diff) {
		char name[256];
		const char *src = record_str(rec, "source", NULL);
		json_t *pg = json_object_get(rec, "page");

		snprintf(name, sizeof(name), "%s#%lld", src ? src : "record",
		    json_is_integer(pg) ? (long long)json_integer_value(pg) : 1LL);
		print_diff(name, text, len, f->res, f->reslen);
	}
	record_set_str(rec, np_opt.field, f->res, f->reslen);
	if (headings != NULL)
		record_set_new(rec, "headings", headings);
	else
		json_object_del(rec, "headings");
	record_set_new(rec, "clean", stats_json(&f->st));
	json_decref(f->st.pairs);
	f->st.pairs = NULL;
	record_write(rec, out);
	return 0;
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
