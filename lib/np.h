/*
 * np.h - the small library every newsprint filter links: errors and exit
 * codes, the command line, growable buffers, UTF-8 helpers, JSON Lines
 * record I/O, the PCRE2 table and the compiled-in data files.
 *
 * Conventions: functions named e*() report and exit on failure, so callers
 * never test their result.  Nothing here keeps mutable global state except
 * the program's options (np_opt) and its name.
 */
#ifndef NP_H
#define NP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#ifndef NP_VERSION
#define NP_VERSION "0.1.0"
#endif

/* Exit codes, documented in every man page. */
enum {
	NP_EXIT_OK = 0,
	NP_EXIT_DATA = 1,	/* bad input data (or records rejected with --keep-going) */
	NP_EXIT_USAGE = 2,	/* bad command line */
	NP_EXIT_IO = 3		/* a file could not be read or written */
};

/* ---- errors (lib/err.c) ------------------------------------------------ */

extern const char *np_progname;

void np_setprogname(const char *argv0);
/* "np-x: message" on stderr, then exit(status). */
_Noreturn void np_die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "np-x: message" on stderr. */
void np_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "np-x: FILE:LINE: message" on stderr. */
void np_warn_at(const char *file, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
_Noreturn void np_die_at(int status, const char *file, size_t line,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

void *emalloc(size_t n);
void *ecalloc(size_t n, size_t size);
void *erealloc(void *p, size_t n);
void *ereallocarray(void *p, size_t n, size_t size);
char *estrdup(const char *s);
char *estrndup(const char *s, size_t n);

/*
 * Write helpers that treat a failed write as fatal: EPIPE (the reader went
 * away, as with `| head`) ends the program quietly with status 0; any other
 * error exits NP_EXIT_IO with a message.
 */
void efwrite(const void *p, size_t n, FILE *fp);
void efputs(const char *s, FILE *fp);
void eflush(FILE *fp);
/* Flush and close stdout (and check stderr) before exit: a full disk is
 * never a silent success. */
void np_finish_output(void);
/* Called on any output error; exits. */
_Noreturn void np_output_failed(int errnum);
/* The same for the output named `name` ("<stdout>", a rejects file; NULL
 * for none): "np-x: NAME: write error: REASON", exit NP_EXIT_IO. */
_Noreturn void np_output_failed_on(const char *name, int errnum);

/* ---- command line (lib/cli.c) ------------------------------------------ */

/* Options every filter shares; filters add their own. */
struct np_options {
	const char *field;	/* --field NAME, default "text" */
	int keep_going;		/* --keep-going */
	const char *rejects;	/* --rejects FILE (default stderr) */
};
extern struct np_options np_opt;

/*
 * A filter's description for the shared parser.  `usage` is the synopsis
 * line; `help` is the body of --help.  `longopts` are the filter's own
 * options (terminated by a zero entry) and `handle` receives them; it
 * returns 0 when the option was not its own.
 */
struct option;
struct np_cli {
	const char *name;
	const char *usage;
	const char *help;
	const struct option *longopts;
	const char *shortopts;
	int (*handle)(int opt, const char *arg);
	int reads_field;	/* accept --field */
};

/* Long-option ids for the shared options (above any char value). */
enum {
	NP_OPT_HELP = 0x1000, NP_OPT_VERSION, NP_OPT_FIELD, NP_OPT_KEEP_GOING,
	NP_OPT_REJECTS, NP_OPT_FIRST_FILTER = 0x1100
};

/*
 * Parse argv: sets up the program name, SIGPIPE handling and the shared
 * options, answers --help and --version, and returns the index of the
 * first operand.
 */
int np_parse_args(const struct np_cli *cli, int argc, char **argv);
_Noreturn void np_usage(const struct np_cli *cli);

/* Parse a non-negative decimal, for option arguments; -1 when malformed. */
long np_parse_count(const char *s);

/* ---- growable buffer (lib/buf.c) --------------------------------------- */

struct np_buf {
	char *s;
	size_t len, cap;
};

void buf_init(struct np_buf *b);
void buf_free(struct np_buf *b);
void buf_reset(struct np_buf *b);
void buf_grow(struct np_buf *b, size_t extra);
void buf_add(struct np_buf *b, const char *s, size_t n);
void buf_adds(struct np_buf *b, const char *s);
void buf_addc(struct np_buf *b, char c);
void buf_addcp(struct np_buf *b, uint32_t cp);	/* append one code point as UTF-8 */
void buf_addu(struct np_buf *b, size_t v);	/* append a number in decimal, cheaply */
void buf_printf(struct np_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand over the string (NUL-terminated) and leave the buffer empty. */
char *buf_take(struct np_buf *b);

/* ---- UTF-8 (lib/utf8.c) ------------------------------------------------ */

#define NP_REPLACEMENT 0xFFFDu

/*
 * Decode one code point at s (n bytes available).  Stores the code point in
 * *cp and returns the byte length (1-4).  Malformed input yields
 * NP_REPLACEMENT and a length of 1, so a scan always advances.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
/* Number of code points in s[0..n). */
size_t utf8_count(const char *s, size_t n);
/* Byte offset of code point index `cpi` in s[0..n), or n when past the end. */
size_t utf8_offset(const char *s, size_t n, size_t cpi);
/*
 * Copy s[0..n) into b, replacing each malformed sequence with U+FFFD;
 * returns how many were replaced.
 */
size_t utf8_sanitize(struct np_buf *b, const char *s, size_t n);
int utf8_valid(const char *s, size_t n);
/* Length in bytes of the code point just before s[pos] (pos > 0). */
size_t utf8_prev_len(const char *s, size_t pos);

/* The last code point of s[0..n), or 0 when n is 0. */
uint32_t utf8_last_cp(const char *s, size_t n);

int is_cjk(uint32_t cp);		/* Han ideographs (incl. 〇) */
int is_cjk_punct(uint32_t cp);		/* full-width and CJK punctuation */
int is_fullwidth_ascii(uint32_t cp);	/* U+FF01..U+FF5E */
int is_space_cp(uint32_t cp);		/* ASCII and Unicode blanks (not newline) */

/*
 * Incremental byte-offset to code-point-offset converter, for the common
 * case of ascending queries over one string (regex matches in order).
 */
struct np_cpmap {
	const char *s;
	size_t n;
	size_t byte, cp;	/* last position converted */
};
void cpmap_init(struct np_cpmap *m, const char *s, size_t n);
size_t cpmap_at(struct np_cpmap *m, size_t byte);

/* ---- records (lib/record.c) -------------------------------------------- */

/*
 * Reads JSON Lines from the named files in order, or stdin when there are
 * none or for "-".  Blank lines are skipped; a UTF-8 BOM on a file's first
 * line is tolerated; lines may be of any length.
 */
struct np_reader;

struct np_reader *reader_open(int nfiles, char **files);
/* A reader of one open stream (fmemopen, a pipe), named `name` in
 * messages; reader_close closes it unless it is stdin. */
struct np_reader *reader_open_stream(FILE *fp, const char *name);
/*
 * Next record, a JSON object owned by the caller (json_decref it), or NULL
 * at the end of input.  A line that is not a JSON object is an error
 * (exit NP_EXIT_DATA), or with --keep-going a rejection, and reading goes on.
 */
json_t *reader_next(struct np_reader *r);
/*
 * Next raw line (without its newline), NUL-terminated, valid until the next
 * call; *len receives its length.  NULL at end of input.  For readers of
 * non-JSON input (np-pages reads whole files itself).
 */
const char *reader_next_line(struct np_reader *r, size_t *len);
/*
 * Count the line just read with reader_next_line as a record, for the
 * summary of rejections, in filters that parse their lines themselves.
 */
void reader_count_record(struct np_reader *r);
const char *reader_file(const struct np_reader *r);	/* name for messages */
size_t reader_line(const struct np_reader *r);
const char *reader_raw_line(const struct np_reader *r, size_t *len);
/* Exit status the filter should end with (NP_EXIT_DATA after rejections). */
int reader_close(struct np_reader *r);

/*
 * Report a bad record at the reader's current line: without --keep-going,
 * print "np-x: FILE:LINE: reason" and exit NP_EXIT_DATA; with it, print
 * "np-x: FILE:LINE: reason (rejected)" on stderr, write the raw line,
 * unchanged, to the rejects file (--rejects FILE, created at reader_open
 * even when nothing is rejected; stderr by default) and return, so the
 * caller skips the record.  reader_close then says "N of M records
 * rejected" and returns NP_EXIT_DATA.
 */
void reader_reject(struct np_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The record loop every JSON Lines filter shares: read each record of the
 * named files (stdin when none), hand it to fn, reject it with fn's reason
 * when fn returns non-zero, then close the input and flush the output.
 * Returns the exit status (NP_EXIT_DATA when --keep-going rejected any).
 */
typedef int np_record_fn(void *state, json_t *rec, FILE *out, const char **why);
int np_filter_run(int nfiles, char **files, np_record_fn *fn, void *state);

/*
 * Records read in place (lib/rawrec.c).  A line in exactly the form
 * record_write writes (as every newsprint filter's output is) can be read
 * without building a tree, and written back by copying it.  rawrec_scan
 * returns 1 for such a line, valid JSON that jansson would read the same,
 * and notes its top-level members; 0 for any other line, which the caller
 * then parses with jansson.
 */
struct np_rawrec;
struct np_member {
	const char *key, *val;	/* the key's bytes without quotes; the value's JSON text */
	size_t keylen, vallen;
};
struct np_rawrec *rawrec_new(void);
void rawrec_free(struct np_rawrec *r);
int rawrec_scan(struct np_rawrec *r, const char *line, size_t len);
/* The top-level members, in order; *n receives their number. */
const struct np_member *rawrec_members(const struct np_rawrec *r, size_t *n);
/* The member named key, or NULL. */
const struct np_member *rawrec_get(const struct np_rawrec *r, const char *key);
/* A string member's value, unescaped: in place when it has no escape, else
 * in b; *len receives its length.  NULL when the value is not a string. */
const char *rawrec_str(const struct np_member *m, struct np_buf *b, size_t *len);
int rawrec_is_null(const struct np_member *m);
/* Write the record and a newline, with members[0..n) (JSON text of one or
 * more members, `"key":value,...`, none when n is 0) added at its end. */
void rawrec_write(const struct np_rawrec *r, const char *members, size_t n,
    FILE *out);
/* A change for rawrec_write_edits: set key to the JSON text value[0..n),
 * or remove it when value is NULL. */
struct np_edit {
	const char *key;
	const char *value;
	size_t n;
};
/* Write the record and a newline with the edits made as jansson would
 * make them: a key already there keeps its place, a new one goes last. */
void rawrec_write_edits(const struct np_rawrec *r, const struct np_edit *e,
    size_t ne, FILE *out);

/*
 * np_filter_run for filters that can work on records read in place: each
 * line rawrec_scan accepts goes to raw, which writes its output and returns
 * 0, returns non-zero with *why set to reject the record, or returns
 * NP_RAW_TREE, having written nothing, to have the record parsed with
 * jansson and handed to fn instead; every other line goes to fn.
 */
#define NP_RAW_TREE 2
typedef int np_raw_fn(void *state, const struct np_rawrec *rec, FILE *out,
    const char **why);
int np_filter_run_raw(int nfiles, char **files, np_raw_fn *raw,
    np_record_fn *fn, void *state);

/* 1 when s[0..n) holds nothing but spaces and tabs (a line to skip). */
int is_blank_line(const char *s, size_t n);

/* Write one record as a compact line of UTF-8 JSON, keys in order. */
void record_write(json_t *rec, FILE *fp);
/* record_write with members[0..n) (JSON text, `"key":value,...`, of keys
 * rec does not have) added at the end of rec. */
void record_write_with(json_t *rec, const char *members, size_t n, FILE *fp);
/* Append v as JSON text, as record_write writes it. */
void json_value_text(struct np_buf *b, json_t *v);
/* Append s[0..n) as JSON text, as record_write writes strings (invalid
 * UTF-8 as U+FFFD, control characters escaped). */
void json_string_text(struct np_buf *b, const char *s, size_t n);
/* Set rec[key] to the value in the JSON text[0..n), which this program
 * made (bad text is an internal error). */
void record_set_json(json_t *rec, const char *key, const char *text, size_t n);
/* Write rec with rec[key] set to the JSON text val[0..n): where it stands
 * when rec has key, else at the end (as record_set_json, record_write). */
void record_write_set(json_t *rec, const char *key, const char *val, size_t n,
    FILE *fp);
/* The text record_write gives a real number, in num (64 bytes): the
 * shortest that reads back the same, as jansson spells it (3.0, 1e300). */
void json_real_format(double d, char *num);

/* The string value of rec[key], or NULL when absent or not a string. */
const char *record_str(json_t *rec, const char *key, size_t *len);
/* Set rec[key] to a string (copies s[0..n)); n may be (size_t)-1 for strlen. */
void record_set_str(json_t *rec, const char *key, const char *s, size_t n);
/* Set rec[key] to a new reference (steals it); exits on allocation failure. */
void record_set_new(json_t *rec, const char *key, json_t *value);
json_t *ejson_stringn(const char *s, size_t n);
json_t *ejson_object(void);
json_t *ejson_array(void);
void ejson_append_new(json_t *array, json_t *value);

/* ---- regular expressions (lib/re.c) ------------------------------------ */

/*
 * A compiled PCRE2 pattern, UTF and UCP mode, JIT-compiled when the platform
 * allows.  Compile each pattern once at start-up; a bad pattern is a bug and
 * exits.
 */
struct np_re;
struct np_match {
	size_t start, end;	/* byte offsets of the whole match */
	size_t ngroups;
	size_t *ovector;	/* PCRE2's pairs; group g at [2g], [2g+1] */
};

struct np_re *re_compile(const char *pattern, uint32_t extra_options);
void re_free(struct np_re *re);
/*
 * Find the next match in s[0..n) at or after byte `from`.  Returns 1 and
 * fills *m, or 0 when there is none.  The match's storage is the pattern's
 * own and is valid until the next call with the same pattern.
 */
int re_search(struct np_re *re, const char *s, size_t n, size_t from,
	struct np_match *m);
/* 1 if group g took part in the match; its bounds in *gs, *ge. */
int re_group(const struct np_match *m, size_t g, size_t *gs, size_t *ge);
/* Group index of a named group, or -1. */
int re_group_number(struct np_re *re, const char *name);
/* Whole-string anchored test: 1 if s[0..n) matches from its start. */
int re_match_at(struct np_re *re, const char *s, size_t n, size_t at,
	struct np_match *m);

/* ---- compiled-in data (lib/data.c, build/data.c) ----------------------- */

/*
 * The bytes of data/NAME (for example "surnames.txt"), compiled into the
 * binary at build time.  Exits when there is no such file (a build bug).
 */
const char *np_data(const char *name, size_t *len);

/*
 * Iterate over a data table: one entry a line, '#' starts a comment line,
 * blank lines skipped, fields separated by tabs.  Returns the number of
 * fields of the next entry (at most max) and points fields[i] / lens[i] at
 * them, or 0 at the end.  *pos carries the position (start at 0).
 */
size_t np_table_next(const char *data, size_t len, size_t *pos,
	const char **fields, size_t *lens, size_t max);

#endif
