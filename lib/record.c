/*
 * record.c - JSON Lines in and out.
 *
 * One JSON object per line; the reader walks the operands in order (stdin
 * when there are none), keeps file and line for messages, and streams: only
 * the current line is held, whatever its length.
 */
#include <errno.h>
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
	size_t rejected;
	FILE *rejects;
};

static const char *
display_name(const char *file)
{
	return strcmp(file, "-") == 0 ? "<stdin>" : file;
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

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

json_t *
reader_next(struct np_reader *r)
{
	const char *line;
	size_t len;
	json_t *rec;
	json_error_t error;

	while ((line = reader_next_line(r, &len)) != NULL) {
		if (is_blank(line, len))
			continue;
		rec = json_loadb(line, len, JSON_DECODE_ANY, &error);
		if (!rec) {
			reader_reject(r, "not JSON: %s", error.text);
			continue;
		}
		if (!json_is_object(rec)) {
			json_decref(rec);
			reader_reject(r, "not a JSON object");
			continue;
		}
		return rec;
	}
	return NULL;
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
	if (!r->rejects) {
		r->rejects = stderr;
		if (np_opt.rejects && strcmp(np_opt.rejects, "-") != 0) {
			r->rejects = fopen(np_opt.rejects, "w");
			if (!r->rejects)
				np_die(NP_EXIT_IO, "%s: %s", np_opt.rejects,
				    strerror(errno));
		}
	}
	np_warn_at(reader_file(r), reader_line(r), "%s (rejected)", msg.s);
	efwrite(r->line, r->len > 0 ? (size_t)r->len : 0, r->rejects);
	efputs("\n", r->rejects);
	r->rejected++;
	buf_free(&msg);
}

int
reader_close(struct np_reader *r)
{
	int status = r->rejected ? NP_EXIT_DATA : NP_EXIT_OK;

	if (r->fp)
		close_file(r);
	if (r->rejects && r->rejects != stderr && fclose(r->rejects) == EOF)
		np_output_failed(errno);
	free(r->line);
	free(r);
	return status;
}

void
record_write(json_t *rec, FILE *fp)
{
	char *text;

	/* Dump to memory first so a failure never leaves half a line. */
	text = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!text)
		np_die(NP_EXIT_IO, "out of memory");
	efputs(text, fp);
	efputs("\n", fp);
	free(text);
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
