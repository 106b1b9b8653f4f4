/*
 * np-pages - turn raw page text files into page records.
 *
 * Interim version: reads UTF-8 files (a BOM tolerated, CRLF/CR normalised,
 * form feeds separating pages, invalid bytes replaced and counted) and sets
 * the fallback date.  Masthead parsing and other encodings come next.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "np.h"

static const char *fallback_date;

static const struct option longopts[] = {
	{ "date", required_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 }
};

static int
handle_option(int opt, const char *arg)
{
	if (opt != 'd')
		return 0;
	fallback_date = arg;
	return 1;
}

static const struct np_cli cli = {
	.name = "np-pages",
	.usage = "np-pages [--date YYYY-MM-DD] [OPTION]... [FILE]...",
	.help = "Read raw page text files (stdin when none) and write one JSON record\n"
		"per page.\n\nOptions:\n"
		"  -d, --date YYYY-MM-DD  the date of pages that print none\n",
	.longopts = longopts,
	.shortopts = "d:",
	.handle = handle_option,
};

static void
read_all(FILE *fp, const char *name, struct np_buf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(b, chunk, n);
	if (ferror(fp))
		np_die(NP_EXIT_IO, "%s: read error: %s", name, strerror(errno));
}

/* CRLF and lone CR become LF. */
static void
normalize_newlines(struct np_buf *b)
{
	size_t i, o = 0;

	for (i = 0; i < b->len; i++) {
		if (b->s[i] == '\r') {
			b->s[o++] = '\n';
			if (i + 1 < b->len && b->s[i + 1] == '\n')
				i++;
		} else {
			b->s[o++] = b->s[i];
		}
	}
	b->len = o;
	if (b->s)
		b->s[o] = '\0';
}

static void
write_page(const char *source, int page, const char *text, size_t len)
{
	json_t *rec = ejson_object();
	struct np_buf clean;
	size_t bad;

	buf_init(&clean);
	bad = utf8_sanitize(&clean, text, len);
	record_set_str(rec, "source", source, (size_t)-1);
	record_set_new(rec, "page", json_integer(page));
	record_set_new(rec, "paper", json_null());
	if (fallback_date) {
		record_set_str(rec, "date", fallback_date, (size_t)-1);
		record_set_str(rec, "date_source", "option", (size_t)-1);
	} else {
		record_set_new(rec, "date", json_null());
		record_set_new(rec, "date_source", json_null());
	}
	record_set_new(rec, "text", ejson_stringn(clean.s ? clean.s : "", clean.len));
	if (bad) {
		json_t *w = ejson_array();
		struct np_buf msg;

		buf_init(&msg);
		buf_printf(&msg, "%zu invalid byte sequences replaced with U+FFFD", bad);
		ejson_append_new(w, ejson_stringn(msg.s, msg.len));
		buf_free(&msg);
		record_set_new(rec, "warnings", w);
	}
	record_write(rec, stdout);
	json_decref(rec);
	buf_free(&clean);
}

static void
process_file(const char *path)
{
	struct np_buf b;
	const char *source, *slash;
	FILE *fp;
	size_t start = 0, i;
	int page = 1;

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
	buf_init(&b);
	read_all(fp, path, &b);
	if (fp != stdin)
		fclose(fp);
	normalize_newlines(&b);
	if (b.len >= 3 && memcmp(b.s, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	for (i = start; i <= b.len; i++) {
		if (i == b.len || b.s[i] == '\f') {
			write_page(source, page++, b.s + start, i - start);
			start = i + 1;
		}
	}
	buf_free(&b);
}

int
main(int argc, char **argv)
{
	int first = np_parse_args(&cli, argc, argv), i;

	if (first == argc)
		process_file("-");
	for (i = first; i < argc; i++)
		process_file(argv[i]);
	np_finish_output();
	return NP_EXIT_OK;
}
