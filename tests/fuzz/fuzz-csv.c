/*
 * fuzz-csv.c - libFuzzer harness for the np-csv core: its own JSON
 * tokenizer (jparse) and the CSV writer (filter_line, filter_finish).
 *
 * The first byte picks the options (quoting, line ends, delimiter,
 * --fields, --explode, --uniq); the rest is JSON Lines.  Checks: jparse
 * accepts every object jansson accepts, a rejection gives a reason and writes nothing, and the
 * CSV written is rectangular (libcsv reads it back, every row as wide as
 * the header).
 */
#define main np_csv_main
#include "../../filters/np-csv.c"
#undef main

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct shape {
	size_t fields, rows, want;
	int bad;
};

static void
on_field(void *s, size_t n, void *arg)
{
	(void)s;
	(void)n;
	((struct shape *)arg)->fields++;
}

static void
on_row(int c, void *arg)
{
	struct shape *sh = arg;

	(void)c;
	if (sh->rows++ == 0)
		sh->want = sh->fields;
	else if (sh->fields != sh->want)
		sh->bad = 1;
	sh->fields = 0;
}

/* The CSV in s[0..n) reads back with the same number of fields a row. */
static void
check_csv(const char *s, size_t n)
{
	struct csv_parser p;
	struct shape sh = { 0, 0, 0, 0 };

	FUZZ_CHECK(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) == 0);
	csv_set_delim(&p, (unsigned char)opt_delim);
	FUZZ_CHECK(csv_parse(&p, s, n, on_field, on_row, &sh) == n);
	FUZZ_CHECK(csv_fini(&p, on_field, on_row, &sh) == 0);
	csv_free(&p);
	FUZZ_CHECK(!sh.bad);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	np_setprogname("np-csv");
	buf_init(&opt_explode);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *eol, *why;
	struct filter *f;
	struct jdoc doc;
	char *buf = NULL;
	size_t len = 0, n, line, before;
	unsigned opts;
	json_t *j;
	FILE *out;

	if (size == 0)
		return 0;
	opts = data[0];
	s++, size--;
	opt_quote_all = opts & 1;
	opt_crlf = (opts >> 1) & 1;
	opt_uniq = (opts >> 2) & 1;
	opt_delim = (opts >> 3) & 1 ? '\t' : ',';
	opt_fields = (opts >> 4) & 1 ? "id,page,text,names.name,date:firstday" : NULL;
	opt_null = (opts >> 5) & 1 ? "NULL" : "";
	buf_reset(&opt_explode);
	if ((opts >> 6) & 1)
		buf_adds(&opt_explode, "names");

	out = open_memstream(&buf, &len);
	FUZZ_CHECK(out != NULL);
	f = filter_new();
	memset(&doc, 0, sizeof(doc));
	while (size > 0) {
		eol = memchr(s, '\n', size);
		n = eol ? (size_t)(eol - s) : size;
		line = n;
		if (line > 0 && s[line - 1] == '\r')	/* as the reader does */
			line--;
		/* jansson and jparse agree on what is a JSON object (but
		 * jansson lets a NUL byte pass between tokens: the reader
		 * refuses NULs before it asks jansson). */
		j = json_loadb(s, line, 0, NULL);
		if (json_is_object(j) && !memchr(s, '\0', line))
			FUZZ_CHECK(jparse(&doc, s, line) == 0);
		json_decref(j);
		/* Lines reach it as read: NUL bytes and bad UTF-8 too. */
		before = (size_t)ftell(out);
		why = NULL;
		if (filter_line(f, s, line, out, &why) < 0) {
			FUZZ_CHECK(why != NULL && *why != '\0');
			FUZZ_CHECK((size_t)ftell(out) == before);
		}
		s += n;
		size -= n;
		if (size > 0)
			s++, size--;
	}
	filter_finish(f, out);
	filter_free(f);
	free(doc.t);
	FUZZ_CHECK(fclose(out) == 0);
	check_csv(buf, len);
	free(buf);
	return 0;
}
