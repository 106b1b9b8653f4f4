/*
 * record.c - JSON Lines in and out.
 *
 * One JSON object per line; the reader walks the operands in order (stdin
 * when there are none), keeps file and line for messages, and streams: only
 * the current line is held, whatever its length.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"

struct np_reader {
	char **files;
	int nfiles, next;
	FILE *fp;
	const char *name;
	size_t lineno;
	char *line;
	size_t cap;
	ssize_t len;
	size_t records;		/* non-blank lines read */
	size_t rejected;
	FILE *rejects;
};

static const char *
display_name(const char *file)
{
	return strcmp(file, "-") == 0 ? "<stdin>" : file;
}

static FILE *
open_rejects(void)
{
	FILE *fp;

	if (!np_opt.rejects || strcmp(np_opt.rejects, "-") == 0)
		return stderr;
	fp = fopen(np_opt.rejects, "w");
	if (!fp)
		np_die(NP_EXIT_IO, "%s: %s", np_opt.rejects, strerror(errno));
	return fp;
}

struct np_reader *
reader_open(int nfiles, char **files)
{
	static char *stdin_only[] = { "-" };
	struct np_reader *r = ecalloc(1, sizeof(*r));

	if (nfiles <= 0) {
		files = stdin_only;
		nfiles = 1;
	}
	r->files = files;
	r->nfiles = nfiles;
	/* Created at once, so an empty rejects file means none were rejected. */
	if (np_opt.keep_going)
		r->rejects = open_rejects();
	return r;
}

struct np_reader *
reader_open_stream(FILE *fp, const char *name)
{
	struct np_reader *r = reader_open(0, NULL);

	r->nfiles = 0;		/* nothing after this stream */
	r->fp = fp;
	r->name = name;
	return r;
}

static int
open_next_file(struct np_reader *r)
{
	const char *file;

	if (r->next >= r->nfiles)
		return 0;
	file = r->files[r->next++];
	r->name = display_name(file);
	r->lineno = 0;
	if (strcmp(file, "-") == 0) {
		r->fp = stdin;
		return 1;
	}
	r->fp = fopen(file, "rb");
	if (!r->fp)
		np_die(NP_EXIT_IO, "%s: %s", file, strerror(errno));
	return 1;
}

static void
close_file(struct np_reader *r)
{
	if (ferror(r->fp))
		np_die_at(NP_EXIT_IO, r->name, r->lineno, "read error: %s",
		    strerror(errno));
	if (r->fp != stdin)
		fclose(r->fp);
	else
		clearerr(stdin);
	r->fp = NULL;
}

const char *
reader_next_line(struct np_reader *r, size_t *len)
{
	for (;;) {
		if (!r->fp && !open_next_file(r))
			return NULL;
		errno = 0;
		r->len = getline(&r->line, &r->cap, r->fp);
		if (r->len < 0) {
			if (errno == ENOMEM)
				np_die(NP_EXIT_IO, "out of memory");
			close_file(r);
			continue;
		}
		r->lineno++;
		if (r->len > 0 && r->line[r->len - 1] == '\n')
			r->line[--r->len] = '\0';
		if (r->len > 0 && r->line[r->len - 1] == '\r')
			r->line[--r->len] = '\0';
		if (r->lineno == 1 && r->len >= 3 &&
		    memcmp(r->line, "\xEF\xBB\xBF", 3) == 0) {
			memmove(r->line, r->line + 3, (size_t)r->len - 2);
			r->len -= 3;
		}
		*len = (size_t)r->len;
		return r->line;
	}
}

int
is_blank_line(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Offset of the first malformed UTF-8 sequence in s[0..n), or n. */
static size_t
first_invalid_utf8(const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (cp == NP_REPLACEMENT &&
		    !(len == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return i;
		i += len;
	}
	return n;
}

/* Say why a line is not a JSON object, as plainly as we can. */
static void
reject_unparsable(struct np_reader *r, const char *line, size_t len,
    const json_error_t *error)
{
	const char *nul = memchr(line, '\0', len);
	size_t bad = first_invalid_utf8(line, len);

	if (nul)
		reader_reject(r, "not JSON: NUL byte at byte %zu",
		    (size_t)(nul - line) + 1);
	else if (bad < len)
		reader_reject(r, "not JSON: invalid UTF-8 (byte 0x%02X at byte %zu)",
		    (unsigned)(unsigned char)line[bad], bad + 1);
	else if (!error)
		reader_reject(r, "not JSON");
	else if (strstr(error->text, "\\u0000"))
		reader_reject(r, "not JSON: a string holds \\u0000 (NUL), "
		    "which is not supported (column %d)", error->column);
	else
		reader_reject(r, "not JSON: %s (column %d)", error->text,
		    error->column);
}

/* The record on line, or NULL when it is rejected. */
static json_t *
parse_line(struct np_reader *r, const char *line, size_t len)
{
	json_t *rec;
	json_error_t error;

	/* jansson skips a NUL between tokens ({"a":[1\0]}): refuse every
	 * NUL first, so no byte of a line is dropped unseen. */
	if (memchr(line, '\0', len)) {
		reject_unparsable(r, line, len, NULL);
		return NULL;
	}
	rec = json_loadb(line, len, JSON_DECODE_ANY, &error);
	if (!rec) {
		reject_unparsable(r, line, len, &error);
		return NULL;
	}
	if (!json_is_object(rec)) {
		reader_reject(r, "not a JSON object (a JSON %s)",
		    json_is_array(rec) ? "array" :
		    json_is_string(rec) ? "string" :
		    json_is_number(rec) ? "number" :
		    json_is_null(rec) ? "null" : "boolean");
		json_decref(rec);
		return NULL;
	}
	return rec;
}

json_t *
reader_next(struct np_reader *r)
{
	const char *line;
	size_t len;
	json_t *rec;

	while ((line = reader_next_line(r, &len)) != NULL) {
		if (is_blank_line(line, len))
			continue;
		r->records++;
		if ((rec = parse_line(r, line, len)) != NULL)
			return rec;
	}
	return NULL;
}

void
reader_count_record(struct np_reader *r)
{
	r->records++;
}

const char *
reader_file(const struct np_reader *r)
{
	return r->name ? r->name : "<stdin>";
}

size_t
reader_line(const struct np_reader *r)
{
	return r->lineno;
}

const char *
reader_raw_line(const struct np_reader *r, size_t *len)
{
	*len = r->len > 0 ? (size_t)r->len : 0;
	return r->line ? r->line : "";
}

/* The raw line, unchanged, to the rejects file. */
static void
write_reject(struct np_reader *r)
{
	size_t n = r->len > 0 ? (size_t)r->len : 0;
	const char *name = r->rejects == stderr ? "<stderr>" : np_opt.rejects;

	if ((n && fwrite(r->line, 1, n, r->rejects) != n) ||
	    putc('\n', r->rejects) == EOF)
		np_output_failed_on(name, errno);
}

void
reader_reject(struct np_reader *r, const char *fmt, ...)
{
	struct np_buf msg;
	va_list ap;
	int n;

	buf_init(&msg);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_grow(&msg, n > 0 ? (size_t)n : 0);
	va_start(ap, fmt);
	vsnprintf(msg.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (!np_opt.keep_going) {
		np_warn_at(reader_file(r), reader_line(r), "%s", msg.s);
		buf_free(&msg);
		exit(NP_EXIT_DATA);
	}
	if (!r->rejects)
		r->rejects = open_rejects();
	np_warn_at(reader_file(r), reader_line(r), "%s (rejected)", msg.s);
	write_reject(r);
	r->rejected++;
	buf_free(&msg);
}

int
reader_close(struct np_reader *r)
{
	int status = r->rejected ? NP_EXIT_DATA : NP_EXIT_OK;

	if (r->fp)
		close_file(r);
	if (r->rejected)
		np_warn("%zu of %zu record%s rejected", r->rejected, r->records,
		    r->records == 1 ? "" : "s");
	if (r->rejects && r->rejects != stderr && fclose(r->rejects) == EOF)
		np_output_failed_on(np_opt.rejects, errno);
	free(r->line);
	free(r);
	return status;
}

/*
 * JSON text of one value, appended to b.  Our own writer rather than
 * json_dumps: reals come out in their shortest round-trip form (0.1 stays
 * 0.1), and a string built without checks (ejson_stringn) can never make
 * the line invalid: a malformed UTF-8 sequence is written as U+FFFD and a
 * NUL as \u0000.
 */
void
json_string_text(struct np_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run = 0, len;
	unsigned char c;
	uint32_t cp;

	buf_grow(b, n + 2);
	buf_addc(b, '"');
	while (i < n) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		/* Most of our text is CJK: a 3-byte sequence whose lead byte
		 * admits any continuation (not E0 or ED) is valid as it stands. */
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < n &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		if (c >= 0x80) {
			len = utf8_decode(s + i, n - i, &cp);
			if (cp != NP_REPLACEMENT ||
			    (len == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)) {
				i += len;
				continue;
			}
			buf_add(b, s + run, i - run);
			buf_addcp(b, NP_REPLACEMENT);
			i += len;
			run = i;
			continue;
		}
		buf_add(b, s + run, i - run);
		buf_addc(b, '\\');
		switch (c) {
		case '"': buf_addc(b, '"'); break;
		case '\\': buf_addc(b, '\\'); break;
		case '\b': buf_addc(b, 'b'); break;
		case '\f': buf_addc(b, 'f'); break;
		case '\n': buf_addc(b, 'n'); break;
		case '\r': buf_addc(b, 'r'); break;
		case '\t': buf_addc(b, 't'); break;
		default:
			buf_adds(b, "u00");
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
		i++;
		run = i;
	}
	buf_add(b, s + run, n - run);
	buf_addc(b, '"');
}

void
json_real_format(double d, char *num)
{
	char *e, *p;
	int prec;

	if (!isfinite(d)) {		/* jansson never makes one; be safe */
		strcpy(num, "null");
		return;
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(num, 64, "%.*g", prec, d);
		if (strtod(num, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(num, 64, "%.17g", d);
	/* As jansson writes them: 3.0 not 3, 1e300 not 1e+300. */
	if ((e = strchr(num, 'e')) != NULL) {
		p = e + 1;
		if (*p == '+')
			memmove(p, p + 1, strlen(p));
		if (*p == '-')
			p++;
		while (p[0] == '0' && p[1] != '\0')
			memmove(p, p + 1, strlen(p));
	} else if (!strchr(num, '.')) {
		strcat(num, ".0");
	}
}

static void
dump_real(struct np_buf *b, double d)
{
	char num[64];

	json_real_format(d, num);
	buf_adds(b, num);
}

void
json_value_text(struct np_buf *b, json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;
	int first = 1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		buf_addc(b, '{');
		json_object_foreach(v, key, item) {
			if (!first)
				buf_addc(b, ',');
			first = 0;
			json_string_text(b, key, strlen(key));
			buf_addc(b, ':');
			json_value_text(b, item);
		}
		buf_addc(b, '}');
		break;
	case JSON_ARRAY:
		buf_addc(b, '[');
		json_array_foreach(v, i, item) {
			if (i)
				buf_addc(b, ',');
			json_value_text(b, item);
		}
		buf_addc(b, ']');
		break;
	case JSON_STRING:
		json_string_text(b, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		dump_real(b, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_adds(b, "true");
		break;
	case JSON_FALSE:
		buf_adds(b, "false");
		break;
	case JSON_NULL:
	default:
		buf_adds(b, "null");
		break;
	}
}

void
record_write(json_t *rec, FILE *fp)
{
	record_write_with(rec, NULL, 0, fp);
}

void
record_write_with(json_t *rec, const char *members, size_t n, FILE *fp)
{
	struct np_buf line;

	/* The whole line is built first, so an error never leaves half of it. */
	buf_init(&line);
	json_value_text(&line, rec);
	if (n > 0 && line.len >= 2 && line.s[line.len - 1] == '}') {
		line.len--;
		if (line.len > 1)
			buf_addc(&line, ',');
		buf_add(&line, members, n);
		buf_addc(&line, '}');
	}
	buf_addc(&line, '\n');
	efwrite(line.s, line.len, fp);
	buf_free(&line);
}

void
record_set_json(json_t *rec, const char *key, const char *text, size_t n)
{
	json_error_t error;
	json_t *v = json_loadb(text, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &error);

	if (!v)
		np_die(NP_EXIT_IO, "internal error: bad JSON for %s: %s",
		    key, error.text);
	record_set_new(rec, key, v);
}

void
record_write_set(json_t *rec, const char *key, const char *val, size_t n,
    FILE *fp)
{
	struct np_buf m;

	if (json_object_get(rec, key)) {
		record_set_json(rec, key, val, n);
		record_write(rec, fp);
		return;
	}
	buf_init(&m);
	json_string_text(&m, key, strlen(key));
	buf_addc(&m, ':');
	buf_add(&m, val, n);
	record_write_with(rec, m.s, m.len, fp);
	buf_free(&m);
}

const char *
record_str(json_t *rec, const char *key, size_t *len)
{
	json_t *v = json_object_get(rec, key);

	if (!json_is_string(v))
		return NULL;
	if (len)
		*len = json_string_length(v);
	return json_string_value(v);
}

json_t *
ejson_stringn(const char *s, size_t n)
{
	json_t *v = json_stringn_nocheck(s, n);

	if (!v)
		np_die(NP_EXIT_IO, "out of memory");
	return v;
}

json_t *
ejson_object(void)
{
	json_t *v = json_object();

	if (!v)
		np_die(NP_EXIT_IO, "out of memory");
	return v;
}

json_t *
ejson_array(void)
{
	json_t *v = json_array();

	if (!v)
		np_die(NP_EXIT_IO, "out of memory");
	return v;
}

void
ejson_append_new(json_t *array, json_t *value)
{
	if (!value || json_array_append_new(array, value) != 0)
		np_die(NP_EXIT_IO, "out of memory");
}

void
record_set_new(json_t *rec, const char *key, json_t *value)
{
	if (!value || json_object_set_new(rec, key, value) != 0)
		np_die(NP_EXIT_IO, "out of memory");
}

void
record_set_str(json_t *rec, const char *key, const char *s, size_t n)
{
	if (n == (size_t)-1)
		n = strlen(s);
	record_set_new(rec, key, ejson_stringn(s, n));
}

/* Hand rec to fn, and reject it with fn's reason when fn says so. */
static void
run_tree(struct np_reader *r, np_record_fn *fn, void *state, json_t *rec)
{
	const char *why = NULL;

	if (fn(state, rec, stdout, &why) != 0)
		reader_reject(r, "%s", why ? why : "record rejected");
	json_decref(rec);
}

int
np_filter_run(int nfiles, char **files, np_record_fn *fn, void *state)
{
	return np_filter_run_raw(nfiles, files, NULL, fn, state);
}

int
np_filter_run_raw(int nfiles, char **files, np_raw_fn *raw, np_record_fn *fn,
    void *state)
{
	struct np_reader *r = reader_open(nfiles, files);
	struct np_rawrec *rr = raw ? rawrec_new() : NULL;
	const char *line, *why;
	size_t len;
	json_t *rec;
	int status;

	while ((line = reader_next_line(r, &len)) != NULL) {
		if (is_blank_line(line, len))
			continue;
		r->records++;
		if (raw && rawrec_scan(rr, line, len)) {
			why = NULL;
			status = raw(state, rr, stdout, &why);
			if (status == 0)
				continue;
			if (status != NP_RAW_TREE) {
				reader_reject(r, "%s", why ? why : "record rejected");
				continue;
			}
		}
		if ((rec = parse_line(r, line, len)) != NULL)
			run_tree(r, fn, state, rec);
	}
	rawrec_free(rr);
	status = reader_close(r);
	np_finish_output();
	return status;
}
