/*
 * np-names - add the people named in each record
 *
 * Reads byline, kicker, headline, subtitle and text (or only --field NAME)
 * and adds `people`: one entry per distinct person, in order of first
 * mention, with role, titles, mention count and code-point spans.
 *
 * How: a candidate name is a surname (data/surnames.txt) followed by one or
 * two given-name characters.  Each candidate gets a score from character
 * statistics derived from the PKU People's Daily 1998 corpus
 * (data/name-chars.txt: how often a character is a surname, a given-name
 * character, the character after a name), and the words around it decide
 * how high that score must be: a byline label (记者/, 通讯员/), a post
 * written before the name (市委副书记、市长X, data/titles.txt), a list of
 * officials (市领导A、B), a speech verb after it (X强调), an honorific
 * (X先生) or nothing at all (data/name-cues.txt).  Frequent words that
 * begin with a surname character (data/name-stop.txt) are not names unless
 * a strong cue says so.  Once a name is found, every other occurrence in
 * the record's fields is a mention of the same person.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"

/* ---- tables ------------------------------------------------------------ */

#define CJK_LO 0x3400u
#define CJK_HI 0x9FFFu
#define MAXTITLE 48		/* longest title we attach, in code points */
#define MAXNAMES 64		/* names in one list or byline group */
#ifndef FOREIGN_CHAR
#define FOREIGN_CHAR 1.0
#endif
#ifndef FOREIGN_FIRST
#define FOREIGN_FIRST 2.0
#endif
#ifndef WEAK_TAIL
#define WEAK_TAIL 3.0
#endif
#ifndef FOREIGN_POST_MEAN
#define FOREIGN_POST_MEAN 1.5
#endif
#ifndef LIST_WORD_NEED
#define LIST_WORD_NEED 3.0
#endif
#ifndef FOREIGN_EDGE
#define FOREIGN_EDGE 0.0
#endif
#ifndef FOREIGN_MEAN
#define FOREIGN_MEAN 2.5
#endif
#ifndef LINE_MAX_V
#define LINE_MAX_V 9u
#endif
#ifndef DOTTED_RARE
#define DOTTED_RARE 20u
#endif
#ifndef DOTTED_CHAR
#define DOTTED_CHAR (-1.0)
#endif
#ifndef DOTTED_PART
#define DOTTED_PART 7u
#endif
#ifndef DOTTED_MEAN
#define DOTTED_MEAN 1.0
#endif
#ifndef BEFORE_WEIGHT
#define BEFORE_WEIGHT 0.5
#endif

/*
 * Counts for one Han character (data/name-chars.txt, data/surnames.txt).
 * What the scan reads comes first and fills one 64-byte cache line; the
 * counts, read only at start-up, follow.
 */
struct cstat {
	/* Precomputed: log probabilities (see likelihood_ratios). */
	_Alignas(64) float lsur;
	float lg[3], lafter, lbefore, lforeign;
	/* Kinds and lengths (bit l) of the words starting / ending here. */
	unsigned starts, ends;
	uint32_t startlens, endlens;
	unsigned mark;		/* 1 + index of a found name starting here */
	uint32_t comp2[4];	/* second characters of compound surnames */
	unsigned total, sur, g1, g2, gs, after, before;
	unsigned surname;	/* count as a single surname; SURNAME_LISTED if 0 */
	unsigned foreign;	/* count in transliterated foreign names */
};
#define SURNAME_LISTED 0x80000000u

/* Kinds of word in the word table. */
enum {
	W_STOP = 1 << 0,	/* frequent word starting with a surname char */
	W_POST_OFF = 1 << 1,	/* post word, official */
	W_POST_PER = 1 << 2,	/* post word, other title */
	W_BYLINE = 1 << 3,	/* byline label; role in value */
	W_CREDIT = 1 << 4,	/* credit mark after names (摄) */
	W_GROUP = 1 << 5,	/* 市领导 */
	W_AFTER = 1 << 6,	/* verb after a name */
	W_SUFFIX = 1 << 7,	/* honorific or title after a name */
	W_TBOUND = 1 << 8,	/* left boundary of a title */
	W_COMPOUND = 1 << 9,	/* compound surname */
	W_WEAK = 1 << 10,	/* function word: a surname only after a strong cue */
	W_PLACE = 1 << 11,	/* last character of a place name */
	W_BYSLASH = 1 << 12,	/* byline label only when a slash follows (文/) */
	W_BYEND = 1 << 13,	/* word that may end a byline (报道) */
	W_ORG = 1 << 14,	/* word after a transliterated company name */
	W_LEX = 1 << 15,	/* general word starting with a surname char */
	W_GEO = 1 << 16,	/* country, province, a place of the city */
	W_UNIT = 1 << 17,	/* word after a place's name (街道) */
	W_SUBJ = 1 << 18	/* how a subject goes on (在, 就) */
};

/*
 * Characters other than Han that have context statistics: Latin-1 (with
 * full-width forms folded onto ASCII and every digit onto 0), general
 * punctuation U+2000-206F and CJK punctuation U+3000-303F.  A newline, and
 * the start or end of a field, is '\n'.
 */
#define CTX_N (0x100 + 0x70 + 0x40)

static int
ctx_index(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp -= 0xFEE0;
	if (cp >= '0' && cp <= '9')
		return '0';
	if (cp == '\r')
		return '\n';
	if (cp < 0x100)
		return (int)cp;
	if (cp >= 0x2000 && cp < 0x2070)
		return (int)(0x100 + cp - 0x2000);
	if (cp >= 0x3000 && cp < 0x3040)
		return (int)(0x170 + cp - 0x3000);
	return -1;
}

/* Thresholds on the name score, by the cue around the name. */
enum { T_FREE, T_VERB, T_LIST, T_TITLE, T_SUFFIX, T_LOWEST, T_N };
#ifndef T_TITLE_V
#define T_TITLE_V -3.0
#endif
static const double thresholds[T_N] = { 5.0, 1.0, 1.0, T_TITLE_V, -2.0, -2.0 };

/* What follows a name (right_context), and the score it adds. */
enum { RC_NONE, RC_OTHER, RC_PUNCT, RC_CUE, RC_N };
static const double rc_bonus[RC_N] = { 0, 1.0, 1.5, 3.0 };

enum role { R_NONE, R_PERSON, R_AUTHOR, R_PHOTOGRAPHER, R_CORRESPONDENT,
	R_REPORTER, R_OFFICIAL };
static const char *const role_names[] = { "person", "person", "author",
	"photographer", "correspondent", "reporter", "official" };

struct word {
	const char *key;	/* UTF-8, in the compiled-in data (not owned) */
	size_t len;
	unsigned kinds;
	enum role byline_role;	/* W_BYLINE, W_SUFFIX */
	char *suffix_title;	/* W_SUFFIX: title the word gives, or NULL */
};

struct wordtab {
	struct word *slot;
	size_t cap, n;
};

/* One mention: code points [start, end) of field fields[field]. */
struct span {
	size_t start, end;
	size_t field;
};

/* One name found in the record (before mentions are counted). */
struct found {
	char *name;		/* UTF-8 */
	size_t len;
	enum role role;		/* strongest evidence so far */
	int role_rank;		/* see role_rank() */
	char **titles;
	size_t ntitles;
	size_t first;		/* order of first mention (fields scan) */
	size_t mentions;
	struct span *spans;	/* the mentions, in order */
	size_t cap_spans;
	size_t ncp;		/* length in code points */
	size_t next;		/* 1 + index of the next name with the same first char */
};

/* A field decoded to code points. */
struct text {
	uint32_t *cp;
	size_t *off;		/* byte offset of cp[i]; off[n] = byte length */
	unsigned char *cover;	/* 1 where a foreign name was found */
	size_t n, cap;
	const char *s;
};

/* The article fields read (read_fields), or --field's alone. */
#define NFIELDS 6

struct filter {
	struct cstat *chars;	/* indexed by cp - CJK_LO */
	void *chars_mem;	/* allocation holding chars (aligned within) */
	struct wordtab words;
	const char *only_field;	/* --field given: read that field alone */
	struct text tx[NFIELDS];	/* the fields read, decoded */
	struct text *t;		/* the one being scanned */
	float lprior[3];	/* log prior of 1 or 2 given-name characters */
	double th[T_N];		/* score a name needs, by cue */
	double rcb[RC_N];	/* score added by what follows a name */
	double bw;		/* weight of what comes before a name */
	/* Log ratios for the characters other than Han next to a name
	 * (data/name-context.txt), by ctx_index; counts while loading. */
	float ctx_after[CTX_N], ctx_before[CTX_N];
	unsigned ctx_total[CTX_N], ctx_nafter[CTX_N], ctx_nbefore[CTX_N];
	struct np_buf why;	/* the last rejection message */
	struct found *found;
	size_t nfound, capfound;
	struct np_buf people;	/* the people as JSON text */
	struct np_buf unescaped[NFIELDS];	/* fields read in place, if escaped */
};

/*
 * Words are hashed on their code points, h = h * HASH_MUL + cp, so that the
 * hash of every word starting (or ending) at a position is built in one
 * pass, one character at a time, for all lengths.
 */
#define HASH_MUL 0x100000001B3ull

static size_t
hash_slot(uint64_t h, size_t cap)
{
	return (size_t)((h * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

static uint64_t
hash_utf8(const char *s, size_t n)
{
	uint64_t h = 0;
	uint32_t cp;
	size_t k;

	while (n > 0) {
		if (n >= 3 && ((unsigned char)s[0] & 0xF0) == 0xE0 &&
		    ((unsigned char)s[1] & 0xC0) == 0x80 &&
		    ((unsigned char)s[2] & 0xC0) == 0x80 &&
		    ((unsigned char)s[0] != 0xE0 || (unsigned char)s[1] >= 0xA0) &&
		    ((unsigned char)s[0] != 0xED || (unsigned char)s[1] < 0xA0)) {
			cp = ((uint32_t)(s[0] & 0x0F) << 12) |
			    ((uint32_t)(s[1] & 0x3F) << 6) | (uint32_t)(s[2] & 0x3F);
			k = 3;
		} else {
			k = utf8_decode(s, n, &cp);
		}
		h = h * HASH_MUL + cp;
		s += k;
		n -= k;
	}
	return h;
}

/* The word s[0..n) whose code points hash to h, or NULL. */
static struct word *
word_find_h(const struct wordtab *w, uint64_t h, const char *s, size_t n)
{
	size_t i;

	if (w->cap == 0)
		return NULL;
	for (i = hash_slot(h, w->cap); w->slot[i].key; i = (i + 1) & (w->cap - 1))
		if (w->slot[i].len == n && memcmp(w->slot[i].key, s, n) == 0)
			return &w->slot[i];
	return NULL;
}

static struct word *
word_add(struct wordtab *w, const char *s, size_t n)
{
	struct word *e;
	size_t i;
	uint64_t h = hash_utf8(s, n);

	if ((e = word_find_h(w, h, s, n)) != NULL)
		return e;
	if ((w->n + 1) * 2 > w->cap) {
		struct wordtab old = *w;

		w->cap = w->cap ? w->cap * 2 : 32768;
		w->slot = ecalloc(w->cap, sizeof(*w->slot));
		w->n = 0;
		for (i = 0; i < old.cap; i++) {
			if (!old.slot[i].key)
				continue;
			e = word_add(w, old.slot[i].key, old.slot[i].len);
			*e = old.slot[i];
		}
		free(old.slot);
	}
	for (i = hash_slot(h, w->cap); w->slot[i].key;
	    i = (i + 1) & (w->cap - 1))
		;
	e = &w->slot[i];
	e->key = s;
	e->len = n;
	w->n++;
	return e;
}

static struct cstat *
cstat_of(struct filter *f, uint32_t cp)
{
	return cp >= CJK_LO && cp <= CJK_HI ? &f->chars[cp - CJK_LO] : NULL;
}

static unsigned
field_uint(const char *s, size_t n)
{
	unsigned v = 0;

	while (n-- > 0 && *s >= '0' && *s <= '9')
		v = v * 10 + (unsigned)(*s++ - '0');
	return v;
}

static enum role
role_parse(const char *s, size_t n)
{
	static const struct { const char *name; enum role r; } t[] = {
		{ "reporter", R_REPORTER }, { "correspondent", R_CORRESPONDENT },
		{ "photographer", R_PHOTOGRAPHER }, { "author", R_AUTHOR },
		{ "official", R_OFFICIAL }, { "person", R_PERSON } };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strlen(t[i].name) == n && memcmp(t[i].name, s, n) == 0)
			return t[i].r;
	return R_PERSON;
}

static void
load_chars(struct filter *f)
{
	const char *d, *fl[8];
	size_t len, pos = 0, ln[8], nf;
	uint32_t cp;
	struct cstat *c;

	d = np_data("name-chars.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 8)) != 0) {
		if (nf < 8)
			continue;
		utf8_decode(fl[0], ln[0], &cp);
		if ((c = cstat_of(f, cp)) == NULL)
			continue;
		c->total = field_uint(fl[1], ln[1]);
		c->sur = field_uint(fl[2], ln[2]);
		c->g1 = field_uint(fl[3], ln[3]);
		c->g2 = field_uint(fl[4], ln[4]);
		c->gs = field_uint(fl[5], ln[5]);
		c->after = field_uint(fl[6], ln[6]);
		c->before = field_uint(fl[7], ln[7]);
	}
	pos = 0;
	d = np_data("name-context.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 4)) != 0) {
		int x;

		if (nf < 4)
			continue;
		if (ln[0] == 2 && memcmp(fl[0], "NL", 2) == 0)
			cp = '\n';
		else
			utf8_decode(fl[0], ln[0], &cp);
		if ((x = ctx_index(cp)) < 0)
			continue;
		f->ctx_total[x] = field_uint(fl[1], ln[1]);
		f->ctx_nafter[x] = field_uint(fl[2], ln[2]);
		f->ctx_nbefore[x] = field_uint(fl[3], ln[3]);
	}
	pos = 0;
	d = np_data("surnames.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 2)) != 0) {
		unsigned n = nf > 1 ? field_uint(fl[1], ln[1]) : 0;

		if (utf8_count(fl[0], ln[0]) > 1) {
			uint32_t second;
			size_t k0, q;

			word_add(&f->words, fl[0], ln[0])->kinds |= W_COMPOUND;
			k0 = utf8_decode(fl[0], ln[0], &cp);
			utf8_decode(fl[0] + k0, ln[0] - k0, &second);
			if ((c = cstat_of(f, cp)) != NULL)
				for (q = 0; q < 4; q++)
					if (c->comp2[q] == 0) {
						c->comp2[q] = second;
						break;
					}
			continue;
		}
		utf8_decode(fl[0], ln[0], &cp);
		if ((c = cstat_of(f, cp)) != NULL)
			c->surname = n ? n : SURNAME_LISTED;
	}
	pos = 0;
	d = np_data("name-foreign.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 2)) != 0) {
		utf8_decode(fl[0], ln[0], &cp);
		if ((c = cstat_of(f, cp)) != NULL && nf > 1)
			c->foreign = field_uint(fl[1], ln[1]);
	}
}

/*
 * The city's own places (data/gazetteer.txt, np-clean's table) are not
 * people, as written (石峰区) or without their suffix (石峰).
 */
static void
load_gazetteer(struct filter *f)
{
	static const char *const suffix[] = { "街道", "镇", "乡", "区", "县",
		"市", "村" };
	const char *d, *fl[2];
	size_t len, pos = 0, ln[2], k, sl;

	d = np_data("gazetteer.txt", &len);
	while (np_table_next(d, len, &pos, fl, ln, 2) != 0) {
		word_add(&f->words, fl[0], ln[0])->kinds |= W_GEO;
		for (k = 0; k < sizeof(suffix) / sizeof(suffix[0]); k++) {
			sl = strlen(suffix[k]);
			if (ln[0] >= sl + 6 && memcmp(fl[0] + ln[0] - sl, suffix[k],
			    sl) == 0) {
				word_add(&f->words, fl[0], ln[0] - sl)->kinds |= W_GEO;
				break;
			}
		}
	}
}

static void
load_words(struct filter *f)
{
	const char *d, *fl[3];
	size_t len, pos = 0, ln[3], nf;
	struct word *w;

	d = np_data("name-stop.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 2)) != 0)
		word_add(&f->words, fl[0], ln[0])->kinds |= W_STOP;
	pos = 0;
	d = np_data("name-lexicon.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 2)) != 0)
		word_add(&f->words, fl[0], ln[0])->kinds |= W_LEX;
	pos = 0;
	d = np_data("name-places.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 1)) != 0)
		word_add(&f->words, fl[0], ln[0])->kinds |= W_GEO;
	pos = 0;
	d = np_data("name-places-world.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 1)) != 0)
		word_add(&f->words, fl[0], ln[0])->kinds |= W_GEO;
	pos = 0;
	d = np_data("name-places-cn.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 1)) != 0)
		word_add(&f->words, fl[0], ln[0])->kinds |= W_GEO;
	load_gazetteer(f);
	pos = 0;
	d = np_data("titles.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 2)) != 0) {
		w = word_add(&f->words, fl[0], ln[0]);
		w->kinds |= nf > 1 && ln[1] == 8 && memcmp(fl[1], "official", 8)
		    == 0 ? W_POST_OFF : W_POST_PER;
	}
	pos = 0;
	d = np_data("name-cues.txt", &len);
	while ((nf = np_table_next(d, len, &pos, fl, ln, 3)) != 0) {
		if (nf < 2)
			continue;
		w = word_add(&f->words, fl[0], ln[0]);
		if (ln[1] == 6 && memcmp(fl[1], "byline", 6) == 0) {
			w->kinds |= W_BYLINE;
			w->byline_role = nf > 2 ? role_parse(fl[2], ln[2]) : R_REPORTER;
		} else if (ln[1] == 7 && memcmp(fl[1], "byslash", 7) == 0) {
			w->kinds |= W_BYSLASH;
			w->byline_role = nf > 2 ? role_parse(fl[2], ln[2]) : R_REPORTER;
		} else if (ln[1] == 5 && memcmp(fl[1], "byend", 5) == 0) {
			w->kinds |= W_BYEND;
		} else if (ln[1] == 6 && memcmp(fl[1], "credit", 6) == 0) {
			w->kinds |= W_CREDIT;
		} else if (ln[1] == 5 && memcmp(fl[1], "group", 5) == 0) {
			w->kinds |= W_GROUP;
		} else if (ln[1] == 5 && memcmp(fl[1], "after", 5) == 0) {
			w->kinds |= W_AFTER;
		} else if (ln[1] == 6 && memcmp(fl[1], "suffix", 6) == 0) {
			const char *comma = nf > 2 ? memchr(fl[2], ',', ln[2]) : NULL;

			w->kinds |= W_SUFFIX;
			if (nf > 2)
				w->byline_role = role_parse(fl[2], comma ?
				    (size_t)(comma - fl[2]) : ln[2]);
			if (comma && !w->suffix_title)
				w->suffix_title = estrndup(comma + 1,
				    ln[2] - (size_t)(comma + 1 - fl[2]));
		} else if (ln[1] == 6 && memcmp(fl[1], "tbound", 6) == 0) {
			w->kinds |= W_TBOUND;
		} else if (ln[1] == 4 && memcmp(fl[1], "weak", 4) == 0) {
			w->kinds |= W_WEAK;
		} else if (ln[1] == 5 && memcmp(fl[1], "place", 5) == 0) {
			w->kinds |= W_PLACE;
		} else if (ln[1] == 3 && memcmp(fl[1], "org", 3) == 0) {
			w->kinds |= W_ORG;
		} else if (ln[1] == 4 && memcmp(fl[1], "unit", 4) == 0) {
			w->kinds |= W_UNIT;
		} else if (ln[1] == 7 && memcmp(fl[1], "subject", 7) == 0) {
			w->kinds |= W_SUBJ;
		}
	}
}

static void index_words(struct filter *f);
static void likelihood_ratios(struct filter *f);

static struct filter *
filter_new(void)
{
	struct filter *f = ecalloc(1, sizeof(*f));
	size_t i;

	f->chars_mem = ecalloc(CJK_HI - CJK_LO + 2, sizeof(*f->chars));
	f->chars = (struct cstat *)(((uintptr_t)f->chars_mem + 63) &
	    ~(uintptr_t)63);
	load_words(f);
	load_chars(f);
	index_words(f);
	memcpy(f->th, thresholds, sizeof(f->th));
	memcpy(f->rcb, rc_bonus, sizeof(f->rcb));
	f->bw = BEFORE_WEIGHT;
#ifdef NP_NAMES_TUNE
	/* Development builds: NP_NAMES_TH="t0 t1 ..." then the rc bonuses. */
	if (getenv("NP_NAMES_TH")) {
		char *p = getenv("NP_NAMES_TH"), *q;
		size_t k;

		for (k = 0; k <= T_N + RC_N; k++, p = q) {
			double v = strtod(p, &q);

			if (q == p)
				break;
			if (k < T_N)
				f->th[k] = v;
			else if (k < T_N + RC_N)
				f->rcb[k - T_N] = v;
			else
				f->bw = v;
		}
	}
#endif
	buf_init(&f->why);
	buf_init(&f->people);
	for (i = 0; i < NFIELDS; i++)
		buf_init(&f->unescaped[i]);
	if (np_opt.field && strcmp(np_opt.field, "text") != 0)
		f->only_field = np_opt.field;
	return f;
}

static void
found_clear(struct filter *f)
{
	size_t i, j;

	for (i = 0; i < f->nfound; i++) {
		free(f->found[i].name);
		for (j = 0; j < f->found[i].ntitles; j++)
			free(f->found[i].titles[j]);
		free(f->found[i].titles);
		free(f->found[i].spans);
	}
	f->nfound = 0;
}

static void
filter_free(struct filter *f)
{
	size_t i;

	if (!f)
		return;
	found_clear(f);
	free(f->found);
	buf_free(&f->why);
	buf_free(&f->people);
	for (i = 0; i < NFIELDS; i++)
		buf_free(&f->unescaped[i]);
	for (i = 0; i < f->words.cap; i++) {
		free(f->words.slot[i].suffix_title);
	}
	free(f->words.slot);
	free(f->chars_mem);
	for (i = 0; i < NFIELDS; i++) {
		free(f->tx[i].cp);
		free(f->tx[i].off);
		free(f->tx[i].cover);
	}
	free(f);
}

/* ---- text helpers ------------------------------------------------------ */

static void
text_load(struct text *t, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k = 0;
	uint32_t *cp;
	size_t *off;

	/* No more code points than bytes: size once, for the whole field. */
	if (n + 2 > t->cap) {
		t->cap = n + 2 > 2 * t->cap ? n + 2 : 2 * t->cap;
		t->cp = ereallocarray(t->cp, t->cap, sizeof(*t->cp));
		t->off = ereallocarray(t->off, t->cap, sizeof(*t->off));
		t->cover = erealloc(t->cover, t->cap);
	}
	t->s = str;
	cp = t->cp;
	off = t->off;
	while (i < n) {
		off[k] = i;
		if (s[i] < 0x80) {
			cp[k] = s[i++];
		} else if ((s[i] & 0xF0) == 0xE0 && i + 2 < n &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 &&
		    (s[i] != 0xE0 || s[i + 1] >= 0xA0) &&
		    (s[i] != 0xED || s[i + 1] < 0xA0)) {
			cp[k] = ((uint32_t)(s[i] & 0x0F) << 12) |
			    ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
			i += 3;
		} else {
			i += utf8_decode(str + i, n - i, &cp[k]);
		}
		k++;
	}
	t->n = k;
	off[k] = n;
	cp[k] = 0;
	memset(t->cover, 0, k + 1);
}

static int
is_han(uint32_t cp)
{
	return cp >= CJK_LO && cp <= CJK_HI;
}

/* cp is one of the characters of the UTF-8 string s. */
static int
strchr_cp(const char *s, uint32_t cp)
{
	uint32_t c;
	size_t n = strlen(s), k;

	while (n > 0) {
		k = utf8_decode(s, n, &c);
		if (c == cp)
			return 1;
		s += k;
		n -= k;
	}
	return 0;
}

/* 十, 百, 千, 万, 亿 */
static int
is_magnitude(uint32_t cp)
{
	return cp == 0x5341 || cp == 0x767E || cp == 0x5343 || cp == 0x4E07 ||
	    cp == 0x4EBF;
}

static int
is_digit_cp(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* A middle dot between the parts of a transliterated name. */
static inline int
is_dot(uint32_t cp)
{
	if (cp - CJK_LO < 0xFF00 - CJK_LO)
		return 0;	/* Han and most else: one test */
	return cp == 0xB7 || cp == 0x30FB || cp == 0x2022 || cp == 0xFF0E;
}

/* The word of the table spanning cp[i..j), or NULL. */
static struct word *
word_at(struct filter *f, size_t i, size_t j)
{
	const struct text *t = f->t;
	uint64_t h = 0;
	size_t k;

	if (i >= j || j > t->n)
		return NULL;
	for (k = i; k < j; k++)
		h = h * HASH_MUL + t->cp[k];
	return word_find_h(&f->words, h, t->s + t->off[i], t->off[j] - t->off[i]);
}

static struct word *
word_starting_at(struct filter *f, size_t i, unsigned kinds, size_t *end,
    uint32_t lens)
{
	const struct text *t = f->t;
	size_t l, max;
	uint64_t h[32], acc = 0;
	struct word *w;

	max = lens ? 31 - (size_t)__builtin_clz(lens) : 0;
	if (max > t->n - i)
		max = t->n - i;
	for (l = 1; l <= max; l++)
		h[l] = acc = acc * HASH_MUL + t->cp[i + l - 1];
	for (l = max; l > 0; l--) {
		if (!(lens & (1u << l)))
			continue;
		w = word_find_h(&f->words, h[l], t->s + t->off[i],
		    t->off[i + l] - t->off[i]);
		if (w && (w->kinds & kinds)) {
			*end = i + l;
			return w;
		}
	}
	return NULL;
}

static struct word *
word_ending_at(struct filter *f, size_t j, unsigned kinds, size_t *start,
    uint32_t lens)
{
	const struct text *t = f->t;
	size_t l, max;
	uint64_t h[32], acc = 0, mul = 1;
	struct word *w;

	max = lens ? 31 - (size_t)__builtin_clz(lens) : 0;
	if (max > j)
		max = j;
	for (l = 1; l <= max; l++) {
		h[l] = acc += t->cp[j - l] * mul;
		mul *= HASH_MUL;
	}
	for (l = max; l > 0; l--) {
		if (!(lens & (1u << l)))
			continue;
		w = word_find_h(&f->words, h[l], t->s + t->off[j - l],
		    t->off[j] - t->off[j - l]);
		if (w && (w->kinds & kinds)) {
			*start = j - l;
			return w;
		}
	}
	return NULL;
}

/*
 * The longest word with one of `kinds` starting at i; its end in *end.
 * Most characters start no such word: that test is inline.
 */
static inline struct word *
word_starting(struct filter *f, size_t i, unsigned kinds, size_t *end)
{
	const struct cstat *c;

	if (i >= f->t->n || !is_han(f->t->cp[i]))
		return NULL;
	c = &f->chars[f->t->cp[i] - CJK_LO];
	if (!(c->starts & kinds))
		return NULL;
	return word_starting_at(f, i, kinds, end, c->startlens);
}

/* The longest word with one of `kinds` ending at j; its start in *start. */
static inline struct word *
word_ending(struct filter *f, size_t j, unsigned kinds, size_t *start)
{
	const struct cstat *c;

	if (j == 0 || j > f->t->n || !is_han(f->t->cp[j - 1]))
		return NULL;
	c = &f->chars[f->t->cp[j - 1] - CJK_LO];
	if (!(c->ends & kinds))
		return NULL;
	return word_ending_at(f, j, kinds, start, c->endlens);
}

/* ---- scoring ----------------------------------------------------------- */




/* How much the character at i says that a name ends right before it. */
static double
l_after(struct filter *f, size_t i)
{
	uint32_t cp = i < f->t->n ? f->t->cp[i] : '\n';
	int x;

	if (is_han(cp))
		return f->chars[cp - CJK_LO].lafter;
	return (x = ctx_index(cp)) >= 0 ? f->ctx_after[x] : -0.693;
}

/* How much the character before i says that a name starts at i. */
static double
l_before(struct filter *f, size_t i)
{
	uint32_t cp = i > 0 ? f->t->cp[i - 1] : '\n';
	int x;

	if (is_han(cp))
		return f->chars[cp - CJK_LO].lbefore;
	return (x = ctx_index(cp)) >= 0 ? f->ctx_before[x] : -0.693;
}


/* Mark on each character the kinds and lengths of the words it starts and
 * ends, so most positions need no hash lookup; precompute the logs. */
static void
index_words(struct filter *f)
{
	size_t i, l, k;
	uint32_t first, last;
	struct word *w;
	struct cstat *c;

	for (i = 0; i < f->words.cap; i++) {
		w = &f->words.slot[i];
		if (!w->key)
			continue;
		l = utf8_count(w->key, w->len);
		utf8_decode(w->key, w->len, &first);
		k = utf8_prev_len(w->key, w->len);
		utf8_decode(w->key + w->len - k, k, &last);
		if (l > 31)
			continue;
		if ((c = cstat_of(f, first)) != NULL) {
			c->starts |= w->kinds;
			c->startlens |= 1u << l;
		}
		if ((c = cstat_of(f, last)) != NULL) {
			c->ends |= w->kinds;
			c->endlens |= 1u << l;
		}
	}
	likelihood_ratios(f);
}

/*
 * Log likelihood ratios P(c | role) / P(c) for each character: how much
 * more often it plays the role (surname, first or second given-name
 * character, given name of a two-character name, character after a name)
 * than it occurs in running text.  Position-specific given-name counts are
 * mixed with the pooled ones, for sparse data.  Characters the corpus never
 * shows get fixed guesses: a rare character is more often part of a name.
 */
static void
likelihood_ratios(struct filter *f)
{
	double n = 0, nsur = 0, ng[3] = { 0, 0, 0 }, nall, nafter = 0;
	double nbefore = 0, nforeign = 0;
	size_t k, l;
	struct cstat *c;

	for (k = 0; k <= CJK_HI - CJK_LO; k++) {
		c = &f->chars[k];
		n += c->total;
		nsur += c->sur;
		ng[0] += c->gs;
		ng[1] += c->g1;
		ng[2] += c->g2;
		nafter += c->after;
		nbefore += c->before;
		nforeign += c->foreign;
	}
	for (k = 0; k < CTX_N; k++) {
		n += f->ctx_total[k];
		nafter += f->ctx_nafter[k];
		nbefore += f->ctx_nbefore[k];
	}
	if (nforeign == 0)
		nforeign = 1;
	nall = ng[0] + ng[1] + ng[2];
	if (ng[0] + ng[1] > 0) {
		f->lprior[1] = (float)log((ng[0] + 1) / (ng[0] + ng[1] + 2));
		f->lprior[2] = (float)log((ng[1] + 1) / (ng[0] + ng[1] + 2));
	}
	if (n == 0 || nsur == 0 || nall == 0 || nafter == 0 || nbefore == 0)
		n = nsur = nall = nafter = nbefore = ng[0] = ng[1] = ng[2] = 1;
	for (k = 0; k <= CJK_HI - CJK_LO; k++) {
		double pc, all;
		unsigned pos[3];

		c = &f->chars[k];
		pos[0] = c->gs;
		pos[1] = c->g1;
		pos[2] = c->g2;
		all = c->gs + c->g1 + c->g2;
		pc = (c->total + 1.0) / n;
		if (!c->surname)
			c->lsur = -INFINITY;
		else if (c->total == 0)
			c->lsur = (float)log(20.0);
		else
			c->lsur = (float)log(((c->sur + 0.2) / nsur) / pc);
		for (l = 0; l < 3; l++) {
			if (c->total == 0)
				c->lg[l] = (float)log(8.0);
			else
				c->lg[l] = (float)log((0.6 * (pos[l] + 0.2) / (ng[l] + 1) +
				    0.4 * (all + 0.2) / nall) / pc);
		}
		c->lafter = c->total == 0 ? (float)log(0.5) :
		    (float)log(((c->after + 0.2) / nafter) / pc);
		c->lforeign = c->foreign == 0 ? -INFINITY :
		    (float)log(((c->foreign + 0.2) / nforeign) / pc);
		c->lbefore = c->total == 0 ? (float)log(0.5) :
		    (float)log(((c->before + 0.2) / nbefore) / pc);
	}
	for (k = 0; k < CTX_N; k++) {
		double pc = (f->ctx_total[k] + 1.0) / n;

		f->ctx_after[k] = f->ctx_total[k] == 0 ? (float)log(0.5) :
		    (float)log(((f->ctx_nafter[k] + 0.2) / nafter) / pc);
		f->ctx_before[k] = f->ctx_total[k] == 0 ? (float)log(0.5) :
		    (float)log(((f->ctx_nbefore[k] + 0.2) / nbefore) / pc);
	}
}

/*
 * Score of the name cp[i..i+len): the log of how name-like its characters
 * are, followed by the character after it.  -INFINITY if it cannot be a
 * name (not all Han, no surname).
 */
static double
name_score(struct filter *f, size_t i, size_t len)
{
	const struct text *t = f->t;
	size_t k, sl;
	double s;
	struct cstat *c;

	if (i + len > t->n || len < 2)
		return -INFINITY;
	for (k = 0; k < len; k++)
		if (!is_han(t->cp[i + k]))
			return -INFINITY;
	sl = 1;
	c = &f->chars[t->cp[i] - CJK_LO];
	for (k = 0; k < 4 && c->comp2[k]; k++)
		if (c->comp2[k] == t->cp[i + 1])
			sl = 2;
	if (sl == 1 && c->lsur == -INFINITY)
		return -INFINITY;
	if (len - sl < 1 || len - sl > 2)
		return -INFINITY;
	s = (sl == 2 ? log(50.0) : c->lsur) + f->lprior[len - sl];
	if (len - sl == 1)
		s += f->chars[t->cp[i + sl] - CJK_LO].lg[0];
	else
		s += f->chars[t->cp[i + sl] - CJK_LO].lg[1] +
		    f->chars[t->cp[i + sl + 1] - CJK_LO].lg[2];
	s += l_after(f, i + len);
	s += f->bw * l_before(f, i);
	return s;
}

/* A word of one of `kinds` starts at i and covers at least len chars. */
static int
word_over(struct filter *f, size_t i, size_t len, unsigned kinds)
{
	size_t l;
	struct word *w;

	if (i >= f->t->n || !is_han(f->t->cp[i]) ||
	    !(f->chars[f->t->cp[i] - CJK_LO].starts & kinds))
		return 0;
	for (l = len; l <= 4 && i + l <= f->t->n; l++)
		if ((w = word_at(f, i, i + l)) != NULL && (w->kinds & kinds))
			return 1;
	return 0;
}

/* A frequent word starts at i and covers at least len chars. */
static int
stop_word_at(struct filter *f, size_t i, size_t len)
{
	return word_over(f, i, len, W_STOP);
}

/* cp[i..i+len) is a frequent word. */
static int
is_stop(struct filter *f, size_t i, size_t len)
{
	struct word *w;

	if (i + len > f->t->n || !is_han(f->t->cp[i]) ||
	    !(f->chars[f->t->cp[i] - CJK_LO].starts & W_STOP))
		return 0;
	return (w = word_at(f, i, i + len)) != NULL && (w->kinds & W_STOP);
}

/*
 * Without any cue, a name must not begin with a frequent or general word
 * (任务|新) nor have a word for its given name (何|技术).  `suffix`: an
 * honorific or post follows (X总书记), so a last character that often ends
 * a place (岭, 山) is no objection.
 */
static int
free_name_ok(struct filter *f, size_t i, size_t len, int suffix)
{
	size_t l;
	struct word *w;
	const struct text *t = f->t;

	/* A two-character name is not the end of a three-character one that
	 * scores better: 孟|凤岭. */
	if (len == 2 && i > 0 && is_han(t->cp[i - 1]) && !t->cover[i - 1] &&
	    name_score(f, i - 1, 3) > name_score(f, i, 2))
		return 0;

	for (l = 2; l <= 4; l++)
		if (is_stop(f, i, l))
			return 0;
	/* ... nor a general word (谢绝|宴请), a compound surname aside */
	if ((w = word_at(f, i, i + 2)) != NULL &&
	    (w->kinds & (W_LEX | W_COMPOUND)) == W_LEX)
		return 0;
	if (len == 3 && is_stop(f, i + 1, 2))
		return 0;
	if (!suffix && len == 3 && word_at(f, i + 2, i + 3) &&
	    (word_at(f, i + 2, i + 3)->kinds & W_PLACE))
		return 0;
	return 1;
}

/* What follows a name ending at j: a verb or honorific, list or sentence
 * punctuation, something else that is not Han, or Han. */
static int
right_context(struct filter *f, size_t j)
{
	size_t e;
	uint32_t cp = j < f->t->n ? f->t->cp[j] : 0;

	if (word_starting(f, j, W_AFTER | W_SUFFIX | W_CREDIT, &e))
		return RC_CUE;
	if (cp == 0x3001 || cp == 0xFF0C || cp == ',' || cp == 0x3002)
		return RC_PUNCT;
	if (!is_han(cp))
		return RC_OTHER;
	return RC_NONE;
}

/*
 * After a post, the function word at i that is also a frequent surname
 * (于, 关, 向, 时) begins a name, unless it begins a word (对此) or what
 * follows is a verb (时|强调) or a post (向|毛主席).
 */
static int
weak_surname(struct filter *f, size_t i)
{
	const struct text *t = f->t;
	size_t e;

	if (t->cp[i] != 0x4E8E && t->cp[i] != 0x5173 && t->cp[i] != 0x5411 &&
	    t->cp[i] != 0x65F6)
		return 0;
	if (word_over(f, i, 2, W_STOP | W_LEX) ||
	    word_starting(f, i + 1, W_AFTER | W_POST_OFF | W_POST_PER, &e))
		return 0;
	return i + 2 < t->n && !word_starting(f, i + 2, W_POST_OFF |
	    W_POST_PER | W_SUFFIX, &e);
}

/* The Han character at i is a function word (和, 在, 于) of name-cues.txt. */
static int
weak_char(struct filter *f, size_t i)
{
	struct word *w;

	return i < f->t->n && is_han(f->t->cp[i]) &&
	    (f->chars[f->t->cp[i] - CJK_LO].starts & W_WEAK) &&
	    (w = word_at(f, i, i + 1)) != NULL && (w->kinds & W_WEAK);
}

/* The character at i is a function word (和, 在, 等) a name seldom ends in. */
static int
weak_tail(struct filter *f, size_t i)
{
	uint32_t cp = f->t->cp[i];

	if (cp == 0x7B49 || cp == 0x7684)	/* 等, 的 */
		return 1;
	return weak_char(f, i);
}

/*
 * A frequent or general word begins before i and takes in the character at
 * i: then a name cannot start there (党史|崇德, 华|盛顿邮报, 星|罗棋布).
 */
static int
straddles(struct filter *f, size_t i)
{
	const struct text *t = f->t;
	const struct cstat *c;
	size_t k, e;
	uint32_t lens;

	for (k = 1; k <= 3 && k <= i; k++) {
		if (!is_han(t->cp[i - k]))
			return 0;
		c = &f->chars[t->cp[i - k] - CJK_LO];
		if (!(c->starts & (W_STOP | W_LEX)))
			continue;
		/* longer than k, and not so long as to be a phrase */
		lens = c->startlens & ~((2u << k) - 1) & ((64u << k) - 1);
		if (lens && word_starting_at(f, i - k, W_STOP | W_LEX, &e, lens))
			return 1;
	}
	return 0;
}

/*
 * The best name starting at i, or 0.  `need` is the score the name must
 * reach; `strong` lets a frequent word through (a title or byline says it
 * is a name).  Returns the length in code points.
 */
static size_t
best_name(struct filter *f, size_t i, double need, int strong, double *score)
{
	size_t len, best = 0, e;
	double s, bs = -INFINITY;
	struct cstat *c;
	int checked = 0;

	if (score)
		*score = -INFINITY;
	if (i >= f->t->n || !is_han(f->t->cp[i]))
		return 0;
	c = &f->chars[f->t->cp[i] - CJK_LO];
	if (c->lsur == -INFINITY && !(c->starts & W_COMPOUND))
		return 0;
	for (len = 2; len <= 4; len++) {
		s = name_score(f, i, len);
		/* Cheap test first: even the best context would not do. */
		if (s == -INFINITY || s + 3.0 < need)
			continue;
		if (!checked) {
			/* The surname ends a word (党史|崇德) or is inside one
			 * that began before it (华|盛顿邮报, 星|罗棋布). */
			if (strong < 2 && straddles(f, i))
				return 0;
			/* ... or follows a number: 1万|亿吨 */
			if (strong < 2 && i > 0 && (is_digit_cp(f->t->cp[i - 1]) ||
			    is_magnitude(f->t->cp[i - 1])))
				return 0;
			/* A function word is a surname only after a post or
			 * byline, and then not at the start of a word (对此). */
			if (weak_char(f, i) && (strong < 2 || !weak_surname(f, i)))
				return 0;
			checked = 1;
		}
		s += f->rcb[right_context(f, i + len)];
		if (strong < 2 && word_over(f, i, len, W_STOP | W_LEX | W_GEO))
			continue;
		if (strong == 0 && is_stop(f, i, 2))
			continue;	/* 高峰|说 */
		if (strong < 2 && word_starting(f, i + 1, W_AFTER, &e) &&
		    e <= i + len)
			continue;	/* 曾|表示 */
		if (word_starting(f, i + 1, W_POST_OFF | W_POST_PER, &e) &&
		    e <= i + len)
			continue;	/* 冷|科长 */
		/* The last character starts a word: 张明|登上. */
		if (i + len < f->t->n && is_stop(f, i + len - 1, 2))
			s -= 3.0;
		/* ... or a verb or honorific: 高峰|说 */
		if (len >= 3 && word_starting(f, i + len - 1, W_AFTER | W_SUFFIX, &e))
			s -= 4.0;
		/* ... or is a function word: 王明|和, 刘强|等 */
		if (len == 3 && weak_tail(f, i + 2) && i + 3 < f->t->n &&
		    is_han(f->t->cp[i + 3]) && !word_starting(f, i + 3,
		    W_AFTER | W_SUFFIX | W_POST_OFF | W_POST_PER, &e))
			s -= WEAK_TAIL;
		if (s > bs) {
			bs = s;
			best = len;
		}
	}
	if (score)
		*score = bs;
	return bs >= need ? best : 0;
}

/* ---- collecting names -------------------------------------------------- */

static int parallel_item(struct filter *f, size_t i, size_t j);

/* 1 when a clause may start at i: the text's start or after punctuation. */
static int
opens_clause(const struct text *t, size_t i)
{
	uint32_t c = i > 0 ? t->cp[i - 1] : 0;

	return i == 0 || c == '\n' || c == ' ' || c == ',' || c == ';' ||
	    c == ':' || c == 0x3002 || c == 0xFF0C || c == 0xFF1B ||
	    c == 0xFF1A || c == 0x3001 || c == 0x201C || c == 0x201D ||
	    c == 0xFF08 || c == 0xFF01 || c == 0xFF1F;
}

/* A verb of speech, or an honorific for a person (同志), at j. */
static int
speech_after(struct filter *f, size_t j)
{
	struct word *w;
	size_t e;

	if (word_starting(f, j, W_AFTER, &e))
		return 1;
	return (w = word_starting(f, j, W_SUFFIX, &e)) != NULL &&
	    w->byline_role == R_PERSON;
}

/*
 * The length of a three-character name at i whose given name is a word
 * (张建国, 吴方正), or 0.  The word stops the free scan, so this asks for
 * more: the name opens a clause, a verb of speech or an honorific follows
 * at once, and neither the first two characters nor all three are a word
 * (高新区表示, 同时强调).
 */
static size_t
word_given_name(struct filter *f, size_t i)
{
	const struct text *t = f->t;
	struct word *given, *first;
	double sc;

	if (i + 3 >= t->n || !opens_clause(t, i) || !speech_after(f, i + 3) ||
	    word_at(f, i, i + 2) != NULL || word_at(f, i, i + 3) != NULL ||
	    (given = word_at(f, i + 1, i + 3)) == NULL)
		return 0;
	/* Not an address (沈先生), nor a function word and its object
	 * (向大家, 应国家). */
	if ((given->kinds & (W_SUFFIX | W_POST_OFF | W_POST_PER | W_GROUP |
	    W_AFTER | W_CREDIT | W_BYLINE)) ||
	    ((first = word_at(f, i, i + 1)) != NULL && (first->kinds & W_WEAK)))
		return 0;
	if (best_name(f, i, f->th[T_VERB], 2, &sc) != 3 || is_stop(f, i, 2) ||
	    is_stop(f, i, 3) || parallel_item(f, i, i + 3))
		return 0;
	return 3;
}

static int
role_rank(enum role r)
{
	switch (r) {
	case R_OFFICIAL: return 5;
	case R_REPORTER: case R_CORRESPONDENT: case R_PHOTOGRAPHER:
	case R_AUTHOR: return 4;
	case R_PERSON: return 1;
	default: return 0;
	}
}

static struct found *
found_get(struct filter *f, const char *s, size_t n)
{
	size_t i;
	struct found *p;

	for (i = 0; i < f->nfound; i++)
		if (f->found[i].len == n && f->found[i].name[n - 1] == s[n - 1] &&
		    memcmp(f->found[i].name, s, n) == 0)
			return &f->found[i];
	if (f->nfound == f->capfound) {
		f->capfound = f->capfound ? f->capfound * 2 : 16;
		f->found = ereallocarray(f->found, f->capfound, sizeof(*f->found));
	}
	p = &f->found[f->nfound++];
	memset(p, 0, sizeof(*p));
	p->name = estrndup(s, n);
	p->len = n;
	p->first = (size_t)-1;
	return p;
}

static void
found_title(struct found *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < p->ntitles; i++)
		if (strlen(p->titles[i]) == n && memcmp(p->titles[i], s, n) == 0)
			return;
	p->titles = ereallocarray(p->titles, p->ntitles + 1, sizeof(*p->titles));
	p->titles[p->ntitles++] = estrndup(s, n);
}

/* Record the name cp[i..i+len) with a role and titles (cp ranges). */
static void
add_name(struct filter *f, size_t i, size_t len, enum role role,
    const size_t (*titles)[2], size_t ntitles)
{
	const struct text *t = f->t;
	struct found *p;
	size_t k;

	p = found_get(f, t->s + t->off[i], t->off[i + len] - t->off[i]);
	/* Bylines keep the first role seen; an official post outranks it. */
	if (role_rank(role) > p->role_rank) {
		p->role = role;
		p->role_rank = role_rank(role);
	}
	for (k = 0; k < ntitles; k++)
		found_title(p, t->s + t->off[titles[k][0]],
		    t->off[titles[k][1]] - t->off[titles[k][0]]);
}

static int
is_title_break(uint32_t cp)
{
	return !is_han(cp) || cp == 0x3007;
}

/*
 * The titles written right before position i (市委副书记、市长|X): segments
 * joined by 、 each ending in a post word.  Fills ranges (in reading order)
 * and returns how many, and whether any post is official in *official.
 */
static size_t
titles_before(struct filter *f, size_t i, size_t (*out)[2], size_t max,
    int *official)
{
	const struct text *t = f->t;
	size_t n = 0, end = i, ps, k, bs;
	struct word *w;
	size_t tmp[8][2];

	*official = 0;
	while (n < 8 && n < max) {
		w = word_ending(f, end, W_POST_OFF | W_POST_PER, &ps);
		if (!w)
			break;
		if (w->kinds & W_POST_OFF)
			*official = 1;
		/* Extend back over the organization, to a boundary. */
		k = ps;
		while (k > 0 && end - k < MAXTITLE && !is_title_break(t->cp[k - 1])) {
			if (k >= 2 && (t->cp[k - 1] == 0x540D || t->cp[k - 1] == 0x4F4D)
			    && is_digit_cp(t->cp[k - 2]))
				break;	/* 8名|律师 */
			if (k >= 2 && t->cp[k - 1] == 0x8BB0 && t->cp[k - 2] == 0x2014)
				break;	/* a profile's subtitle: ——记|市劳模X */
			if (word_ending(f, k, W_TBOUND | W_BYLINE | W_GROUP, &bs))
				break;
			k--;
		}
		if (end - k >= MAXTITLE)
			k = ps;
		tmp[n][0] = k;
		tmp[n][1] = end;
		n++;
		if (k >= 2 && t->cp[k - 1] == 0x3001)	/* 、 */
			end = k - 1;
		else
			break;
	}
	for (k = 0; k < n; k++) {
		out[k][0] = tmp[n - 1 - k][0];
		out[k][1] = tmp[n - 1 - k][1];
	}
	return n;
}

static size_t
skip_blanks(const struct text *t, size_t i)
{
	while (i < t->n && (is_space_cp(t->cp[i]) || t->cp[i] == 0x3000))
		i++;
	return i;
}

/*
 * Does the credit that goes on at j end with 摄 or 供图, before its
 * closing bracket, a newline or a sentence mark?  (记者/A 通讯员/B 摄: both
 * took the photograph.)
 */
static int
credit_ends_photo(struct filter *f, size_t j)
{
	const struct text *t = f->t;
	size_t k, e;

	for (k = j; k < t->n && k < j + 40; k++) {
		uint32_t c = t->cp[k];

		if (c == ')' || c == 0xFF09 || c == '\n' || c == 0x3002 ||
		    c == 0xFF0C || c == 0x3011)
			return 0;
		if (word_starting(f, k, W_CREDIT, &e)) {
			e = skip_blanks(t, e);
			return e == t->n || t->cp[e] == ')' || t->cp[e] == 0xFF09 ||
			    t->cp[e] == '\n' || t->cp[e] == 0x3011;
		}
	}
	return 0;
}

/*
 * A byline group after the label ending at i: names separated by blanks or
 * 、, as in 记者/A B, ending at ), a newline or 摄.  Returns the position
 * after the group, or i when there is none.
 */
static size_t
parse_byline(struct filter *f, size_t i, enum role role, int slash)
{
	const struct text *t = f->t;
	size_t names[MAXNAMES][2], nn = 0, j, k, e, r;
	int glued;

	j = i;
	if (j < t->n && (t->cp[j] == '/' || t->cp[j] == 0xFF0F)) {
		slash = 1;
		j++;
	}
	j = skip_blanks(t, j);
	glued = !slash && j == i;
	while (j < t->n && nn < MAXNAMES) {
		if (word_starting(f, j, W_BYLINE | W_CREDIT | W_BYEND, &e))
			break;
		for (k = j; k < t->n && is_han(t->cp[k]); k++)
			;
		r = k;
		/* A credit mark glued on: 兰红光摄 */
		if (r - j >= 3 && word_ending(f, r, W_CREDIT | W_BYEND, &e) &&
		    e > j + 1) {
			r = e;
		}
		if (r - j < 2)
			break;
		if (r - j <= 4) {
			if (!slash && name_score(f, j, r - j) == -INFINITY)
				break;
			/*
			 * A frequent word glued on to 评论员 goes on the
			 * phrase (评论员文章); glued on to 记者 it is often
			 * a name all the same (记者高峰: PKU has them).
			 */
			if (glued && role == R_AUTHOR && nn == 0 &&
			    is_stop(f, j, r - j))
				break;
			names[nn][0] = j;
			names[nn][1] = r;
			nn++;
		} else {
			/* Names glued together: split at the best boundaries. */
			size_t a = j;

			if (!slash)
				break;
			size_t keep = nn;

			while (a + 2 <= r && nn < MAXNAMES) {
				size_t len = best_name(f, a, -INFINITY, 2, NULL);

				if (len == 0 || a + len > r)
					break;
				if (r - a - len == 1)
					break;	/* a one-char leftover */
				names[nn][0] = a;
				names[nn][1] = a + len;
				nn++;
				a += len;
			}
			if (a != r) {
				nn = keep;	/* not all names: not a byline */
				break;
			}
		}
		j = r;
		if (j < t->n && word_starting(f, j, W_CREDIT, &e))
			break;
		k = skip_blanks(t, j);
		if (k < t->n && t->cp[k] == 0x3001)
			k = skip_blanks(t, k + 1);
		if (k == j || k >= t->n || !is_han(t->cp[k]))
			break;
		j = k;
	}
	if (nn == 0)
		return i;
	k = skip_blanks(t, j);
	if (word_starting(f, k, W_CREDIT, &e)) {
		role = R_PHOTOGRAPHER;
		j = e;
	} else if (word_starting(f, k, W_BYLINE, &e) && credit_ends_photo(f, k)) {
		role = R_PHOTOGRAPHER;	/* 记者/A 通讯员/B 摄 */
	} else if (!slash && !(k == t->n || t->cp[k] == ')' ||
	    t->cp[k] == 0xFF09 || t->cp[k] == '\n' || t->cp[k] == ']' ||
	    t->cp[k] == 0x3011 || word_starting(f, k, W_BYLINE | W_BYEND, &e))) {
		return i;	/* 记者从…: not a byline */
	}
	for (k = 0; k < nn; k++)
		add_name(f, names[k][0], names[k][1] - names[k][0], role, NULL, 0);
	return j;
}

/*
 * A title shared by the list that ends at j: A、B等8名执业律师.  Stores its
 * range and returns 1 when there is one.
 */
static int
title_after_list(struct filter *f, size_t j, size_t *ts, size_t *te,
    int *official)
{
	const struct text *t = f->t;
	size_t k = j, e, ps;
	struct word *w;

	if (k >= t->n || t->cp[k] != 0x7B49)	/* 等 */
		return 0;
	k++;
	while (k < t->n && (is_digit_cp(t->cp[k]) ||
	    strchr_cp("一二两三四五六七八九十百", t->cp[k])))
		k++;
	if (k == j + 1 || k >= t->n || (t->cp[k] != 0x540D && t->cp[k] != 0x4F4D))
		return 0;	/* 名, 位 */
	k++;
	for (e = k + 1; e <= t->n && e - k <= 12 && is_han(t->cp[e - 1]); e++) {
		if ((w = word_ending(f, e, W_POST_OFF | W_POST_PER, &ps)) != NULL &&
		    ps >= k) {
			*ts = k;
			*te = e;
			*official = (w->kinds & W_POST_OFF) != 0;
			return 1;
		}
	}
	return 0;
}

/*
 * A list separator at j, after a name: 、, 和, 及 or 与, maybe after a short
 * note in brackets (王明（女）、李红).  Returns where the next item starts,
 * or 0.
 */
static size_t
list_next(const struct text *t, size_t j)
{
	size_t k;

	if (j < t->n && (t->cp[j] == '(' || t->cp[j] == 0xFF08)) {
		for (k = j + 1; k < t->n && k <= j + 7 && t->cp[k] != ')' &&
		    t->cp[k] != 0xFF09 && t->cp[k] != '\n'; k++)
			;
		if (k >= t->n || k > j + 7 || k == j + 1 || t->cp[k] == '\n')
			return 0;
		j = k + 1;
	}
	if (j + 1 < t->n && (t->cp[j] == 0x3001 || t->cp[j] == 0x548C ||
	    t->cp[j] == 0x53CA || t->cp[j] == 0x4E0E))
		return j + 1;
	return 0;
}

/*
 * Whether a 、 list goes on after a (when `after`; else before a, just past
 * the 、), and in *word whether its next item is a known word, not a name,
 * whose range is then *ia, *ib.
 */
static int
list_item(struct filter *f, size_t a, int after, size_t *ia, size_t *ib,
    int *word)
{
	const struct text *t = f->t;
	const unsigned kinds = W_STOP | W_LEX | W_PLACE | W_GEO;

	*word = 0;
	if (after) {
		if (a + 1 >= t->n || t->cp[a] != 0x3001)
			return 0;
		*ia = a + 1;
		*word = word_starting(f, a + 1, kinds, ib) != NULL;
	} else {
		if (a < 2 || t->cp[a - 1] != 0x3001)
			return 0;
		*ib = a - 1;
		*word = word_ending(f, a - 1, kinds, ia) != NULL;
	}
	return 1;
}

/*
 * The name cp[i..j) is an item of a 、 list whose other items around it
 * are known words, not names (长沙、湘潭、…: places): the items on both
 * sides, or the two on the one side it has.
 */
static int
list_of_words(struct filter *f, size_t i, size_t j)
{
	size_t pa, pb, na, nb, x, y;
	int pw = 0, nw = 0, w2 = 0, hp, hn;

	hp = list_item(f, i, 0, &pa, &pb, &pw);
	hn = list_item(f, j, 1, &na, &nb, &nw);
	if (hp && hn)
		return pw && nw;
	if (hn)
		return nw && list_item(f, nb, 1, &x, &y, &w2) && w2;
	if (hp)
		return pw && list_item(f, pa, 0, &x, &y, &w2) && w2;
	return 0;
}

/*
 * The name cp[i..j) sits inside an item of a list of parallel phrases: the
 * item starts with characters before it that the item next to it (past a
 * 、 or ，) starts with too, as in 学习A、学习B.  Such items are phrases.
 */
static int
parallel_item(struct filter *f, size_t i, size_t j)
{
	const struct text *t = f->t;
	size_t a = i, b = j, p, k;

	while (a > 0 && i - a < 4 && is_han(t->cp[a - 1]))
		a--;
	if (a == i || (a > 0 && is_han(t->cp[a - 1])))
		return 0;
	p = i - a;	/* the shared beginning must be this long */
	while (b < t->n && b - a < 12 && is_han(t->cp[b]))
		b++;
	if (b + p < t->n && t->cp[b] == 0x3001) {
		for (k = 0; k < p && t->cp[b + 1 + k] == t->cp[a + k]; k++)
			;
		if (k == p)
			return 1;
	}
	if (a >= p + 1 && (t->cp[a - 1] == 0x3001 || t->cp[a - 1] == 0xFF0C)) {
		b = a - 1;
		while (b > 0 && a - b < 12 && is_han(t->cp[b - 1]))
			b--;
		for (k = 0; k < p && b + k < a - 1 && t->cp[b + k] == t->cp[a + k];
		    k++)
			;
		if (k == p)
			return 1;
	}
	return 0;
}

/*
 * A list item at k that would not pass on its own score: a weaker name
 * that a 、 closes and a good name follows (市领导戈里、王明), or one whose
 * surname is a function word, between two 、 (A、于某某、B).  Returns its
 * length, or 0.
 */
static size_t
list_item_between(struct filter *f, size_t k)
{
	const struct text *t = f->t;
	size_t len = best_name(f, k, f->th[T_TITLE], 1, NULL);

	if (len != 0 && k + len + 1 < t->n && t->cp[k + len] == 0x3001 &&
	    best_name(f, k + len + 1, f->th[T_LIST], 1, NULL) != 0)
		return len;
	if (k > 0 && t->cp[k - 1] == 0x3001 && weak_char(f, k) &&
	    (len = best_name(f, k, f->th[T_LIST], 2, NULL)) != 0 &&
	    k + len < t->n && t->cp[k + len] == 0x3001)
		return len;
	return 0;
}

/*
 * Names in a list after the first, which starts at `first` and ends at j
 * (A、B、C, A和B): each needs only a modest score.  Adds them with the same
 * role and titles, and a title written after the list (等8名执业律师) to all;
 * returns the position after the list.
 */
static size_t
list_after(struct filter *f, size_t first, size_t j, enum role role,
    const size_t (*titles)[2], size_t ntitles)
{
	const struct text *t = f->t;
	size_t len, k, n = 0, ts, te;
	size_t names[MAXNAMES][2];
	int official;

	names[n][0] = first;
	names[n][1] = j;
	n++;
	while (j < t->n && n < MAXNAMES && (k = list_next(t, j)) != 0) {
		if (t->cover[k]) {
			/* A foreign name found already is an item too. */
			for (len = 0; k + len < t->n && t->cover[k + len]; len++)
				;
			goto item;
		}
		len = best_name(f, k, f->th[T_LIST], 1, NULL);
		if (len == 0)
			len = list_item_between(f, k);
		/* ... not the first part of a dotted name (司马义|·艾买提),
		 * nor a word and the start of another (与|石油|输出国) */
		if (len == 0 || (k + len < t->n && (t->cover[k + len] ||
		    is_dot(t->cp[k + len]) || (len == 3 && is_stop(f, k, 2) &&
		    word_over(f, k + 2, 2, W_STOP | W_LEX)))))
			break;
item:
		add_name(f, k, len, role, titles, ntitles);
		names[n][0] = k;
		names[n][1] = k + len;
		n++;
		j = k + len;
	}
	if (j + 1 < t->n && t->cp[j] == 0x7B49 &&
	    word_starting(f, j + 1, W_GROUP, &te)) {
		/* A、B等市领导 */
		for (k = 0; k < n; k++)
			add_name(f, names[k][0], names[k][1] - names[k][0],
			    R_OFFICIAL, NULL, 0);
	} else if (title_after_list(f, j, &ts, &te, &official)) {
		size_t tt[1][2] = { { ts, te } };

		for (k = 0; k < n; k++)
			add_name(f, names[k][0], names[k][1] - names[k][0],
			    official ? R_OFFICIAL : role, (const size_t (*)[2])tt, 1);
	}
	return j;
}

/* Foreign names: 列夫·托尔斯泰, and transliterations before 先生, 说. */
static int
foreign_char(struct filter *f, uint32_t cp)
{
	struct cstat *c = cstat_of(f, cp);

	return c && c->lforeign > FOREIGN_CHAR;
}

/*
 * A transliterated name right after a post (总统巴嘎班迪, 外长恩佐): a run of
 * characters each more usual in foreign names than in running text, whose
 * mean is typical enough, up to punctuation, a digit, a verb or a character
 * that never occurs in such names.  Returns its end, or i.
 */
static size_t
foreign_after_post(struct filter *f, size_t i)
{
	const struct text *t = f->t;
	size_t j, e, ps, n = 0;
	double sum = 0;
	struct cstat *c;

	if (!word_ending(f, i, W_POST_OFF | W_POST_PER, &ps))
		return i;
	for (j = i; j < t->n; j++) {
		if (is_dot(t->cp[j]) && j > i && j + 1 < t->n && is_han(t->cp[j + 1]))
			continue;
		if (!is_han(t->cp[j]) || (j > i && word_starting(f, j, W_AFTER |
		    W_SUFFIX | W_STOP | W_POST_OFF | W_POST_PER, &e)))
			break;
		c = &f->chars[t->cp[j] - CJK_LO];
		if (c->lforeign == -INFINITY)
			break;
		if (c->lforeign < 0)
			return i;
		sum += c->lforeign;
		n++;
	}
	if (n < 2 || n > 12 || sum / (double)n < FOREIGN_POST_MEAN ||
	    is_dot(t->cp[j - 1]))
		return i;
	for (e = i; e < j; e++)
		if (word_starting(f, e, W_STOP | W_GEO | W_LEX, &ps) && ps - e >= 2)
			return i;	/* a word or place within: 总统府|大楼 */
	return j;
}

/*
 * Add the name cp[a..b) followed by the honorific or post w, which ends at
 * e (李明先生, X总书记): w's role, and w as the title when it is one.
 */
static void
add_suffixed(struct filter *f, size_t a, size_t b, const struct word *w,
    size_t e)
{
	size_t tt[1][2] = { { b, e } };

	add_name(f, a, b - a, w->byline_role, (const size_t (*)[2])tt,
	    w->suffix_title ? 1 : 0);
}

/*
 * Add the foreign name cp[a..b), covering it; with the posts written before
 * it as its titles (总统|卡索, 市长|萨乌丁), which make it an official's,
 * and shared with the names of a list it begins (副主任卡索、王明); else
 * an honorific or post after it says what it is (卡索总统, 卡索先生).
 * Returns the end of the name or list.
 */
static size_t
add_foreign(struct filter *f, size_t a, size_t b)
{
	size_t titles[8][2], nt = 0, k, ps, e;
	int official = 0;
	enum role role;
	struct word *w;

	for (k = a; k < b; k++)
		f->t->cover[k] = 1;
	if (word_ending(f, a, W_POST_OFF | W_POST_PER, &ps)) {
		nt = titles_before(f, a, titles, 8, &official);
		role = official ? R_OFFICIAL : R_PERSON;
		add_name(f, a, b - a, role, (const size_t (*)[2])titles, nt);
		return list_after(f, a, b, role, (const size_t (*)[2])titles, nt);
	}
	if ((w = word_starting(f, b, W_SUFFIX, &e)) != NULL)
		add_suffixed(f, a, b, w, e);
	else
		add_name(f, a, b - a, R_PERSON, NULL, 0);
	return b;
}

/*
 * A character that may be part of a transliterated name joined by dots:
 * not much rarer in such names than in running text, or too rare in
 * running text to say (拉斐克).
 */
static int
dotted_char(struct filter *f, size_t k)
{
	const struct cstat *c;

	if (k >= f->t->n || !is_han(f->t->cp[k]) || f->t->cover[k])
		return 0;
	c = &f->chars[f->t->cp[k] - CJK_LO];
	return c->lforeign > DOTTED_CHAR || c->total < DOTTED_RARE;
}

/*
 * The name around the dot at d (保罗·克鲁格曼, 穆罕默德·拉斐克·塔拉尔):
 * each part the longest run of characters that may be in such a name, the
 * first not past the end of a post or word before it (外长|于贝尔), the
 * last not into a verb or word after it (盖茨|宣布).  Sets [*a, *b) and
 * returns 1 when the parts are typical enough of transliterations.
 */
static int
dotted_name(struct filter *f, size_t d, size_t *a, size_t *b)
{
	const struct text *t = f->t;
	size_t i = d, j = d + 1, k, e, n = 0;
	double sum = 0;

	while (i > 0 && d - i < DOTTED_PART && dotted_char(f, i - 1) &&
	    !(i < d && word_ending(f, i, W_POST_OFF | W_POST_PER | W_STOP |
	    W_GEO | W_BYLINE, &e) && e < i - 1))
		i--;
	for (;;) {
		for (k = j; k < t->n && k - j < DOTTED_PART && dotted_char(f, k) &&
		    !(k > j && word_starting(f, k, W_AFTER | W_SUFFIX | W_STOP |
		    W_LEX | W_POST_OFF | W_POST_PER | W_CREDIT, &e) && e > k + 1);
		    k++)
			;
		if (k == j)
			return 0;	/* a dot with nothing after it */
		if (k + 1 < t->n && is_dot(t->cp[k]) && dotted_char(f, k + 1))
			j = k + 1;
		else
			break;
	}
	if (i == d)
		return 0;
	for (e = i; e < k; e++) {
		if (is_dot(t->cp[e]))
			continue;
		n++;
		sum += f->chars[t->cp[e] - CJK_LO].foreign > 0 ?
		    f->chars[t->cp[e] - CJK_LO].lforeign : 0.0;
	}
	if (n < 3 || sum / (double)n < DOTTED_MEAN)
		return 0;
	*a = i;
	*b = k;
	return 1;
}

/* Names joined by dots, before the other foreign names: marks them covered. */
static void
dotted_pass(struct filter *f)
{
	const struct text *t = f->t;
	size_t d, a, b;

	for (d = 1; d + 1 < t->n; d++) {
		if (!is_dot(t->cp[d]) || !dotted_char(f, d - 1) ||
		    !dotted_char(f, d + 1) || !dotted_name(f, d, &a, &b))
			continue;
		d = add_foreign(f, a, b);
	}
}

/*
 * Transliterated foreign names, found before the Chinese ones so that
 * neither cuts the other: runs of characters typical of transliterations,
 * joined by middle dots (列夫·托尔斯泰), long and typical enough on their own
 * (克林顿), or short before an honorific or verb (史密斯先生).  Place names
 * (俄罗斯, 华盛顿) are frequent words and are left alone.  Marks the
 * positions covered.
 */
static void
foreign_pass(struct filter *f)
{
	struct text *t = f->t;
	size_t i, j, k, e, dots, n, start;
	double sum;
	int ok;

	dotted_pass(f);
	for (i = 0; i < t->n; i++) {
		start = i;
		if (t->cover[i])
			continue;
		if (i > 0 && is_han(t->cp[i]) && !t->cover[i - 1] &&
		    f->chars[t->cp[i] - CJK_LO].lforeign >= 0 &&
		    (j = foreign_after_post(f, i)) > i &&
		    best_name(f, i, f->th[T_TITLE], 0, NULL) == 0) {
			i = add_foreign(f, i, j) - 1;
			continue;
		}
		if (!foreign_char(f, t->cp[i]) ||
		    (i > 0 && foreign_char(f, t->cp[i - 1])))
			continue;
		sum = 0;
		dots = 0;
		for (j = i; j < t->n; j++) {
			if (foreign_char(f, t->cp[j]))
				sum += f->chars[t->cp[j] - CJK_LO].lforeign;
			else if (is_dot(t->cp[j]) && j + 1 < t->n &&
			    foreign_char(f, t->cp[j + 1]) && j > i)
				dots++;
			else
				break;
		}
		if (dots > 0) {
			/* Edges of a dotted name may be rarer: 铁木尔·达瓦买提 */
			while (i > 0 && is_han(t->cp[i - 1]) && !t->cover[i - 1] &&
			    f->chars[t->cp[i - 1] - CJK_LO].lforeign > 0)
				i--;
			while (j < t->n && is_han(t->cp[j]) &&
			    f->chars[t->cp[j] - CJK_LO].lforeign > 0)
				j++;
			if (j < t->n && is_han(t->cp[j]) &&
			    f->chars[t->cp[j] - CJK_LO].lforeign > -1.5 &&
			    !word_starting(f, j, W_AFTER | W_SUFFIX, &e) &&
			    !is_stop(f, j, 2))
				j++;	/* 阿沛·阿旺晋美 */
		} else if (j - i > 2 && is_stop(f, j - 1, 2)) {
			j--;	/* 利维|辞职 */
		}
		n = j - i - dots;
		if (n < 2 || n > 12) {
			i = start;	/* not back where a dotted name began */
			continue;
		}
		ok = 0;
		if (dots > 0 && n >= 3)
			ok = 1;
		else if (dots == 0 && n >= 3 && sum / (double)n > FOREIGN_MEAN &&
		    f->chars[t->cp[i] - CJK_LO].lforeign > FOREIGN_FIRST &&
		    !is_stop(f, i, n) && !stop_word_at(f, i, 2))
			ok = 1;
		else if (dots == 0 && word_starting(f, j, W_AFTER | W_SUFFIX, &e) &&
		    sum / (double)n > FOREIGN_CHAR && !stop_word_at(f, i, 2) &&
		    best_name(f, i, -INFINITY, 0, NULL) == 0)
			ok = 1;
		/* The end of a longer transliteration: 南|斯拉夫, 津|巴布韦 */
		if (ok && dots == 0 && i > 0 && is_han(t->cp[i - 1]) &&
		    f->chars[t->cp[i - 1] - CJK_LO].lforeign > FOREIGN_EDGE)
			ok = 0;
		/* ... or the given name of a Chinese name: 董|玉田参加 */
		if (ok && dots == 0 && i > 0 && best_name(f, i - 1,
		    f->th[T_LOWEST], 1, NULL) > j - i)
			ok = 0;
		/* A company or place named by a transliteration: …光电科技 */
		if (ok && dots == 0 && j < t->n && is_han(t->cp[j]) &&
		    word_starting(f, j, W_ORG | W_PLACE, &e))
			ok = 0;
		/* A place or other word within the run: 斯德哥尔摩, 维吾尔族 */
		for (k = i; ok && dots == 0 && k < j; k++)
			if (word_starting(f, k, W_STOP | W_GEO, &e) &&
			    (k == i || e - k >= 3))
				ok = 0;
		/* ... or the run ends inside a place that starts before it:
		 * 乌兹别|克斯坦 */
		for (k = i + 1; ok && dots == 0 && k <= j; k++)
			if (word_ending(f, k, W_GEO, &e) && e < i)
				ok = 0;
		if (!ok) {
			i = start;
			continue;
		}
		i = add_foreign(f, i, j) - 1;
	}
}


/* The best bare score of a name at i, before any context. */
static double
quick_score(struct filter *f, size_t i)
{
	const struct text *t = f->t;
	const struct cstat *c = &f->chars[t->cp[i] - CJK_LO];
	double s, best = -INFINITY, general = -INFINITY;
	size_t len;

	if (c->comp2[0])	/* compound surnames: the general way */
		for (len = 2; len <= 4; len++)
			if ((s = name_score(f, i, len)) > general)
				general = s;
	if (c->lsur == -INFINITY || i + 1 >= t->n || !is_han(t->cp[i + 1]))
		return general;
	s = c->lsur + f->chars[t->cp[i + 1] - CJK_LO].lg[0] + f->lprior[1] +
	    l_after(f, i + 2);
	if (s > best)
		best = s;
	if (i + 2 < t->n && is_han(t->cp[i + 2])) {
		s = c->lsur + f->chars[t->cp[i + 1] - CJK_LO].lg[1] +
		    f->chars[t->cp[i + 2] - CJK_LO].lg[2] + f->lprior[2] +
		    l_after(f, i + 3);
		if (s > best)
			best = s;
	}
	best += f->bw * l_before(f, i);
	return best > general ? best : general;
}

/*
 * Score of cp[p..p+len) as one of several names glued together in the run
 * cp[i..j): where it touches another name, the context is that of a break.
 * -INFINITY when it cannot be a name.
 */
static double
glued_score(struct filter *f, size_t i, size_t j, size_t p, size_t len,
    int weak_ok)
{
	double s = name_score(f, p, len);
	size_t e;
	struct word *w;

	if (!weak_ok && (w = word_at(f, p, p + 1)) != NULL && (w->kinds & W_WEAK))
		return -INFINITY;	/* 和|鞋子 */
	/* Not a word nor the start of one; a given name that is a word is
	 * fine here (王|黎明). */
	if (s == -INFINITY || word_over(f, p, len, W_STOP | W_LEX | W_GEO) ||
	    is_stop(f, p, 2) || (len == 3 && (w = word_at(f, p + 2, p + 3)) &&
	    (w->kinds & W_PLACE)))
		return -INFINITY;
	if ((word_starting(f, p + 1, W_AFTER | W_POST_OFF | W_POST_PER, &e) &&
	    e <= p + len))
		return -INFINITY;	/* 曾|表示, 冷|科长 */
	if (len >= 3 && word_starting(f, p + len - 1, W_AFTER | W_SUFFIX |
	    W_CREDIT, &e))
		s -= 4.0;	/* 高峰|说 */
	if (p + len < j)
		s += f->ctx_after['\n'] - l_after(f, p + len) + f->rcb[RC_OTHER];
	else
		s += f->rcb[right_context(f, j)];
	if (p > i)
		s += f->bw * (f->ctx_before['\n'] - l_before(f, p));
	return s;
}

/*
 * Names that fill a run of Han characters cp[i..j) exactly, each scoring
 * at least `need` (王大明李小红): the way to cut the run whose names score
 * best in all.  Fills out and returns how many, or 0.
 */
static size_t
names_filling(struct filter *f, size_t i, size_t j, double need, int weak_ok,
    size_t (*out)[2], size_t max)
{
	double best[17], s;
	unsigned char cut[17];
	size_t n = j - i, k, len, m = 0;

	if (n < 2 || n > 16)
		return 0;
	best[n] = 0;
	for (k = n; k-- > 0;) {
		best[k] = -INFINITY;
		for (len = 2; len <= 4 && k + len <= n; len++) {
			if (best[k + len] == -INFINITY)
				continue;
			s = glued_score(f, i, j, i + k, len, weak_ok);
			if (s < need || s + best[k + len] <= best[k])
				continue;
			best[k] = s + best[k + len];
			cut[k] = (unsigned char)len;
		}
	}
	if (best[0] == -INFINITY)
		return 0;
	for (k = 0; k < n && m < max; k += cut[k]) {
		out[m][0] = i + k;
		out[m][1] = i + k + cut[k];
		m++;
	}
	return k == n ? m : 0;
}

/*
 * Credits without a label: a line that is only a name (a commentary's
 * author), or names alone in brackets at the end of a paragraph
 * ((王大明李小红)).  Returns the position after them, or i.
 */
static size_t
bare_credit(struct filter *f, size_t i)
{
	const struct text *t = f->t;
	size_t j, k, n, e;
	size_t names[8][2];
	int paren;
	enum role role;

	paren = i > 0 && (t->cp[i - 1] == '(' || t->cp[i - 1] == 0xFF08);
	if (!paren && i > 0 && t->cp[i - 1] != '\n')
		return i;
	for (j = i; j < t->n && is_han(t->cp[j]); j++)
		;
	k = j;
	if (paren) {
		if (j >= t->n || (t->cp[j] != ')' && t->cp[j] != 0xFF09))
			return i;
		k = j + 1;
		while (k < t->n && (is_space_cp(t->cp[k]) || t->cp[k] == 0x3002))
			k++;
	} else {
		while (k < t->n && is_space_cp(t->cp[k]))
			k++;
	}
	if ((k < t->n && t->cp[k] != '\n') || j - i < 2 || j - i > (paren ? 14u : LINE_MAX_V))
		return i;
	role = paren ? R_REPORTER : R_AUTHOR;
	/* A credit mark glued on: (王明摄) */
	while (paren && word_ending(f, j, W_CREDIT | W_BYEND, &e) && e >= i + 2) {
		if (word_ending(f, j, W_CREDIT, &e))
			role = R_PHOTOGRAPHER;
		j = e;	/* (王明摄影报道) */
	}
	n = names_filling(f, i, j, f->th[paren ? T_LIST : T_VERB], paren,
	    names, 8);
	if (n == 0 || (!paren && n > 3))
		return i;
	for (k = 0; k < n; k++)
		add_name(f, names[k][0], names[k][1] - names[k][0], role, NULL, 0);
	return j;
}

/* Position i is inside a post word that ends after it (主任|王斌). */
static int
inside_post(struct filter *f, size_t i)
{
	size_t e, ps;

	for (e = i + 1; e <= i + 3 && e <= f->t->n; e++)
		if (word_ending(f, e, W_POST_OFF | W_POST_PER, &ps) && ps <= i &&
		    e > i + 1 - 1 && !(ps == i && e == i + 1))
			return 1;
	return 0;
}

/* The name found so far that is exactly cp[a..b), or NULL. */
static struct found *
found_at(struct filter *f, size_t a, size_t b)
{
	const struct text *t = f->t;
	size_t i, n = t->off[b] - t->off[a];

	for (i = 0; i < f->nfound; i++)
		if (f->found[i].len == n &&
		    memcmp(f->found[i].name, t->s + t->off[a], n) == 0)
			return &f->found[i];
	return NULL;
}

/* A character that ends an item of a 、 list. */
static int
item_end(const struct text *t, size_t k)
{
	uint32_t cp = t->cp[k];

	return !is_han(cp) || cp == 0x548C || cp == 0x7B49 || cp == 0x53CA ||
	    cp == 0x4E0E;	/* 和, 等, 及, 与 */
}

/*
 * Items of a 、 list next to a name already found are names too, when
 * they have the shape of one, even a word (巴金) or a function word for a
 * surname (于): 甲、于某某、乙.  Places stay places.
 */
static void
list_fill(struct filter *f)
{
	const struct text *t = f->t;
	size_t i, a, b, k;
	struct found *nb;
	struct word *w;

	if (f->nfound == 0)
		return;
	for (i = 1; i + 2 < t->n; i++) {
		if (t->cp[i - 1] != 0x3001 || !is_han(t->cp[i]) ||
		    (f->chars[t->cp[i] - CJK_LO].lsur == -INFINITY &&
		    !(f->chars[t->cp[i] - CJK_LO].starts & W_COMPOUND)))
			continue;
		a = i;
		/* The name just before the 、 ... */
		nb = NULL;
		for (k = 2; !nb && k <= 4 && k + 1 <= a; k++)
			nb = found_at(f, a - 1 - k, a - 1);
		if (!nb)
			continue;
		for (b = a + 1; b < t->n && b - a <= 4 && !item_end(t, b); b++)
			;
		if (b - a < 2 || b - a > 4 || (b < t->n && !item_end(t, b)) ||
		    found_at(f, a, b) || found_at(f, a, a + 2) ||
		    (b - a > 3 && found_at(f, a, a + 3)))
			continue;
		/* ... and, between two items, the one after this item's 、. */
		if (b + 2 < t->n && t->cp[b] == 0x3001) {
			struct found *nx = NULL;

			for (k = 2; !nx && k <= 4 && b + 1 + k <= t->n; k++)
				nx = found_at(f, b + 1, b + 1 + k);
			if (!nx)
				continue;
		}
		if ((w = word_at(f, a, b)) != NULL && (w->kinds & (W_GEO | W_PLACE)))
			continue;
		/* A word (皮鞋) needs a name's score; other items much less. */
		if (name_score(f, a, b - a) < (w && (w->kinds & (W_STOP | W_LEX)) ?
		    LIST_WORD_NEED : f->th[T_TITLE]))
			continue;
		add_name(f, a, b - a, nb->role, NULL, 0);
	}
}

/* Is position i inside brackets opened before it: X电（A 实习生 B）? */
static int
in_brackets(const struct text *t, size_t i)
{
	int depth = 0;
	size_t k;

	for (k = 0; k < i; k++)
		if (t->cp[k] == '(' || t->cp[k] == 0xFF08)
			depth++;
		else if ((t->cp[k] == ')' || t->cp[k] == 0xFF09) && depth > 0)
			depth--;
	return depth > 0;
}

/*
 * The two characters at i are a frequent word that the general lexicon
 * does not list because it is mostly a person's name (高峰, 汪洋), and what
 * follows is how a subject goes on (cue kind subject: 在, 就, 对).
 */
static int
name_word_subject(struct filter *f, size_t i)
{
	struct word *w = word_at(f, i, i + 2);
	size_t e;

	return w && (w->kinds & (W_STOP | W_LEX)) == W_STOP &&
	    word_starting(f, i + 2, W_SUBJ, &e) != NULL;
}

/* Scan one field for names. */
static void
scan_field(struct filter *f, int is_byline)
{
	const struct text *t = f->t;
	size_t i, e, len, ps, nt, k;
	size_t titles[8][2];
	struct word *w;
	double sc = 0;
	int official;
	struct cstat *c;

	foreign_pass(f);
	for (i = 0; i < t->n; i++) {
		uint32_t cp = t->cp[i];

		if (!is_han(cp))
			continue;
		c = &f->chars[cp - CJK_LO];
		if (t->cover[i] || (i + 1 < t->n && t->cover[i + 1]) ||
		    (!(c->starts & (W_BYLINE | W_BYSLASH | W_GROUP |
		    W_COMPOUND)) &&
		    c->lsur == -INFINITY))
			continue;	/* nothing can start here */
		if (!(c->starts & (W_BYLINE | W_BYSLASH | W_GROUP)) &&
		    quick_score(f, i) + 3.0 < (i > 0 && is_han(t->cp[i - 1]) &&
		    (f->chars[t->cp[i - 1] - CJK_LO].ends & (W_POST_OFF |
		    W_POST_PER)) ? f->th[T_TITLE] : f->th[T_LOWEST]))
			continue;	/* no name here, whatever the context */
		if (inside_post(f, i))
			continue;
		if ((k = bare_credit(f, i)) > i) {
			i = k - 1;
			continue;
		}
		/* Byline labels. */
		if ((w = word_starting(f, i, W_BYLINE | W_BYSLASH, &e)) != NULL &&
		    (!(w->kinds & W_BYSLASH) || (e < t->n && (t->cp[e] == '/' ||
		    t->cp[e] == 0xFF0F)))) {
			k = parse_byline(f, e, w->byline_role, 0);
			if (k > e) {
				i = k - 1;
				continue;
			}
		}
		/* 市领导A、B、C */
		if ((w = word_starting(f, i, W_GROUP, &e)) != NULL &&
		    ((len = best_name(f, e, f->th[T_LIST], 1, NULL)) != 0 ||
		    (len = list_item_between(f, e)) != 0 ||
		    /* a function word for a surname: 市领导关某某 */
		    (weak_char(f, e) &&
		    (len = best_name(f, e, f->th[T_LIST], 2, NULL)) != 0))) {
			add_name(f, e, len, R_OFFICIAL, NULL, 0);
			i = list_after(f, e, e + len, R_OFFICIAL, NULL, 0) - 1;
			continue;
		}
		/* Titles before the name. */
		if (word_ending(f, i, W_POST_OFF | W_POST_PER, &ps) &&
		    ((len = best_name(f, i, f->th[T_TITLE], 0, &sc)) != 0 ||
		    /* a name that is also a word: 副市长高峰说 */
		    ((len = best_name(f, i, f->th[T_TITLE], 2, &sc)) != 0 &&
		    (right_context(f, i + len) == RC_CUE || (sc >= f->th[T_FREE] &&
		    right_context(f, i + len) >= RC_PUNCT) ||
		    /* a function word for a surname: 副主任关某在 */
		    (weak_char(f, i) && !is_stop(f, i + 1, 2)) ||
		    /* a word that is mostly a name, as the subject:
		     * 副市长高峰在会上 */
		    (len == 2 && name_word_subject(f, i)))))) {
			nt = titles_before(f, i, titles, 8, &official);
			add_name(f, i, len, official ? R_OFFICIAL : R_PERSON,
			    (const size_t (*)[2])titles, nt);
			i = list_after(f, i, i + len, official ? R_OFFICIAL : R_PERSON,
			    (const size_t (*)[2])titles, nt) - 1;
			continue;
		}
		/* A surname and a given name that is a word (建国, 方正),
		 * opening a clause before a verb of speech or an
		 * honorific: 张建国强调, 刘建华同志. */
		if ((len = word_given_name(f, i)) != 0) {
			add_name(f, i, len, R_PERSON, NULL, 0);
			i += len - 1;
			continue;
		}
		len = best_name(f, i, f->th[T_LOWEST], 1, &sc);
		if (len == 0)
			continue;
		/* Honorific or post after the name: 李明先生, X总书记. */
		if ((w = word_starting(f, i + len, W_SUFFIX, &e)) != NULL &&
		    sc > f->th[T_SUFFIX] && free_name_ok(f, i, len, 1)) {
			add_suffixed(f, i, i + len, w, e);
			i += len - 1;
			continue;
		}
		if (((sc > f->th[T_FREE] && free_name_ok(f, i, len, 0)) ||
		    /* a verb after it, maybe past a blank: ·王明 遗失 */
		    (word_starting(f, skip_blanks(t, i + len), W_AFTER, &e) &&
		    sc > f->th[T_VERB] && free_name_ok(f, i, len, 0)) ||
		    ((k = list_next(t, i + len)) != 0 &&
		    best_name(f, k, f->th[T_LIST], 0, NULL) &&
		    sc > f->th[T_LIST])) &&
		    !list_of_words(f, i, i + len) &&
		    !word_starting(f, i + len, W_UNIT, &e) &&
		    !parallel_item(f, i, i + len)) {
			/* a bare name in a byline signs a commentary, or in
			 * a dateline's brackets reports the story */
			enum role r = !is_byline || len > 3 ? R_PERSON :
			    in_brackets(t, i) ? R_REPORTER : R_AUTHOR;

			/* 王明 摄 closing a caption: the photographer */
			k = skip_blanks(t, i + len);
			if (k > i + len && word_starting(f, k, W_CREDIT, &e) &&
			    (e == t->n || !is_han(t->cp[e])))
				r = R_PHOTOGRAPHER;

			add_name(f, i, len, r, NULL, 0);
			i = list_after(f, i, i + len, r, NULL, 0) - 1;
			continue;
		}
	}
	list_fill(f);
}

/* ---- mentions and output ----------------------------------------------- */

static void
count_mentions(struct filter *f, size_t field, size_t *order)
{
	const struct text *t = f->t;
	size_t i, k, best, blen, n;
	struct found *p;

	for (i = 0; i < t->n; i++) {
		best = (size_t)-1;
		blen = 0;
		if (!is_han(t->cp[i]) || !f->chars[t->cp[i] - CJK_LO].mark)
			continue;
		for (k = f->chars[t->cp[i] - CJK_LO].mark - 1; k != (size_t)-1;
		    k = f->found[k].next - 1) {
			n = f->found[k].len;
			if (n > blen && t->off[i] + n <= t->off[t->n] &&
			    memcmp(t->s + t->off[i], f->found[k].name, n) == 0) {
				best = k;
				blen = n;
			}
		}
		if (best == (size_t)-1)
			continue;
		p = &f->found[best];
		if (p->first == (size_t)-1)
			p->first = (*order)++;
		if (p->mentions == p->cap_spans) {
			p->cap_spans = p->cap_spans ? p->cap_spans * 2 : 4;
			p->spans = ereallocarray(p->spans, p->cap_spans,
			    sizeof(*p->spans));
		}
		p->spans[p->mentions].start = i;
		p->spans[p->mentions].end = i + p->ncp;
		p->spans[p->mentions].field = field;
		p->mentions++;
		i += p->ncp - 1;
	}
}

/*
 * Chain the names found by their first character (so a mention is looked
 * for only among the names that start with the character at hand), or
 * undo that.
 */
static void
mark_names(struct filter *f, unsigned on)
{
	size_t i;
	uint32_t cp;

	for (i = 0; i < f->nfound; i++) {
		utf8_decode(f->found[i].name, f->found[i].len, &cp);
		if (!is_han(cp))
			continue;
		if (on) {
			f->found[i].ncp = utf8_count(f->found[i].name, f->found[i].len);
			f->found[i].next = f->chars[cp - CJK_LO].mark;
			f->chars[cp - CJK_LO].mark = (unsigned)(i + 1);
		} else {
			f->chars[cp - CJK_LO].mark = 0;
		}
	}
}

static int
cmp_first(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

static const char people_key[] = "\"people\":";

/*
 * The people as JSON text, `[...]`, appended to b.  Spans are many and
 * small: building them as jansson values and printing each integer
 * through printf costs more than finding the names.
 */
static void
people_text(struct filter *f, const char *const *fields, struct np_buf *b)
{
	size_t i, k;
	int first = 1;

	buf_addc(b, '[');
	for (i = 0; i < f->nfound; i++) {
		struct found *p = &f->found[i];

		if (p->mentions == 0)
			continue;
		buf_adds(b, first ? "{\"name\":" : ",{\"name\":");
		first = 0;
		json_string_text(b, p->name, p->len);
		buf_adds(b, ",\"role\":\"");
		buf_adds(b, role_names[p->role]);
		buf_adds(b, "\",\"titles\":[");
		for (k = 0; k < p->ntitles; k++) {
			if (k)
				buf_addc(b, ',');
			json_string_text(b, p->titles[k], strlen(p->titles[k]));
		}
		buf_adds(b, "],\"mentions\":");
		buf_addu(b, p->mentions);
		buf_adds(b, ",\"spans\":[");
		for (k = 0; k < p->mentions; k++) {
			buf_adds(b, k ? ",[" : "[");
			buf_addu(b, p->spans[k].start);
			buf_addc(b, ',');
			buf_addu(b, p->spans[k].end);
			buf_addc(b, ',');
			json_string_text(b, fields[p->spans[k].field],
			    strlen(fields[p->spans[k].field]));
			buf_addc(b, ']');
		}
		buf_adds(b, "]}");
	}
	buf_addc(b, ']');
}

static const char *const read_fields[NFIELDS] = { "byline", "banner",
	"kicker", "headline", "subtitle", "text" };

/* The names of the fields to read: --field's, or the article fields. */
static size_t
fields_to_read(const struct filter *f, const char **fields)
{
	size_t i;

	if (f->only_field) {
		fields[0] = f->only_field;
		return 1;
	}
	for (i = 0; i < NFIELDS; i++)
		fields[i] = read_fields[i];
	return NFIELDS;
}

/* 1 when a field that is null is left alone: the title fields are null
 * when a story has none; text never is. */
static int
skips_null(const struct filter *f, const char *field)
{
	return !f->only_field && strcmp(field, "text") != 0;
}

/* Find the people in s[i][0..len[i]), the values of fields[i] (NULL when
 * absent), into f->found, in order of first mention. */
static void
find_people(struct filter *f, const char *const *fields, size_t nfields,
    const char **s, const size_t *len)
{
	size_t i, order = 0;

	found_clear(f);
	for (i = 0; i < nfields; i++) {
		f->tx[i].s = NULL;
		if (s[i] == NULL)
			continue;
		f->t = &f->tx[i];
		text_load(f->t, s[i], len[i]);
		scan_field(f, strcmp(fields[i], "byline") == 0);
	}
	mark_names(f, 1);
	for (i = 0; i < nfields; i++) {
		if (f->tx[i].s == NULL)
			continue;
		f->t = &f->tx[i];
		count_mentions(f, i, &order);
	}
	mark_names(f, 0);
	if (f->nfound > 1)
		qsort(f->found, f->nfound, sizeof(*f->found), cmp_first);
}

/*
 * A record read in place: copy it and append the people as text.  A field
 * that is not a string, or a `people` already there, sends the record to
 * filter_record, through jansson, which says what is wrong or puts the new
 * people where the old stood.
 */
static int
filter_raw(void *state, const struct np_rawrec *rec, FILE *out,
    const char **why)
{
	struct filter *f = state;
	const struct np_member *m;
	const char *fields[NFIELDS], *s[NFIELDS];
	size_t nfields = fields_to_read(f, fields), len[NFIELDS], i;
	int any = 0;

	(void)why;
	if (rawrec_get(rec, "people"))
		return NP_RAW_TREE;
	for (i = 0; i < nfields; i++) {
		s[i] = NULL;
		if ((m = rawrec_get(rec, fields[i])) == NULL ||
		    (rawrec_is_null(m) && skips_null(f, fields[i])))
			continue;
		if ((s[i] = rawrec_str(m, &f->unescaped[i], &len[i])) == NULL)
			return NP_RAW_TREE;
		any = 1;
	}
	if (!any) {
		rawrec_write(rec, NULL, 0, out);
		return 0;
	}
	find_people(f, fields, nfields, s, len);
	buf_reset(&f->people);
	buf_adds(&f->people, people_key);
	people_text(f, fields, &f->people);
	rawrec_write(rec, f->people.s, f->people.len, out);
	return 0;
}

/*
 * Find the people of one record and set rec.people.  Returns 0, or -1 with
 * *why set when a field to read is not a string.
 */
static int
filter_record(void *state, json_t *rec, FILE *out, const char **why)
{
	struct filter *f = state;
	const char *fields[NFIELDS], *s[NFIELDS];
	size_t nfields = fields_to_read(f, fields), len[NFIELDS], i;
	int any = 0;
	json_t *v;

	for (i = 0; i < nfields; i++) {
		s[i] = NULL;
		v = json_object_get(rec, fields[i]);
		if (!v || (json_is_null(v) && skips_null(f, fields[i])))
			continue;
		if (!json_is_string(v)) {
			buf_reset(&f->why);
			buf_printf(&f->why, "field %s is not a string", fields[i]);
			*why = f->why.s;
			return -1;
		}
		s[i] = json_string_value(v);
		len[i] = json_string_length(v);
		any = 1;
	}
	if (!any) {
		record_write(rec, out);
		return 0;
	}
	find_people(f, fields, nfields, s, len);
	buf_reset(&f->people);
	buf_adds(&f->people, people_key);
	people_text(f, fields, &f->people);
	record_write_set(rec, "people", f->people.s + strlen(people_key),
	    f->people.len - strlen(people_key), out);
	return 0;
}

/* ---- main -------------------------------------------------------------- */

static const struct np_cli cli = {
	.name = "np-names",
	.usage = "np-names [OPTION]... [FILE]...",
	.help = "Add to each record `people`: the persons named in its byline,\n"
	    "banner, kicker, headline, subtitle and text (or --field), each with\n"
	    "name, role, titles, mentions and spans [start, end, field] in code\n"
	    "points.\n"
	    "\nOptions:\n",
	.reads_field = 1,
};

int
main(int argc, char **argv)
{
	int first = np_parse_args(&cli, argc, argv), status;
	struct filter *f = filter_new();

	status = np_filter_run_raw(argc - first, argv + first, filter_raw,
	    filter_record, f);
	filter_free(f);
	return status;
}
