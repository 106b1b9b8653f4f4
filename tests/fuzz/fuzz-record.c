/*
 * fuzz-record.c - libFuzzer harness for lib/record.c: the JSON Lines
 * reader (any bytes: long lines, NUL, bad UTF-8, CR, BOM, blank lines)
 * with --keep-going, and the record writer.
 *
 * Checks: every record read is written as one line that reads back equal
 * (json_equal); every non-blank line is either a record or a rejection;
 * a line rawrec_scan takes is one jansson reads and record_write writes
 * back byte for byte, and its string members read in place are jansson's.
 */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	np_setprogname("np-fuzz");
	np_opt.keep_going = 1;
	np_opt.rejects = "/dev/null";
	return 0;
}

/* What the in-place reader promises about one line. */
static void
check_in_place(const char *line, size_t n)
{
	static struct np_rawrec *r;
	const struct np_member *m;
	const char *key, *s;
	json_t *rec, *v;
	struct np_buf b;
	char *buf = NULL;
	size_t len = 0, slen;
	FILE *out;

	if (!r)
		r = rawrec_new();
	if (!rawrec_scan(r, line, n))
		return;
	rec = json_loadb(line, n, JSON_DECODE_ANY, NULL);
	FUZZ_CHECK(rec != NULL && json_is_object(rec));
	out = open_memstream(&buf, &len);
	FUZZ_CHECK(out != NULL);
	record_write(rec, out);
	FUZZ_CHECK(fclose(out) == 0);
	FUZZ_CHECK(len == n + 1 && memcmp(buf, line, n) == 0);
	free(buf);
	buf_init(&b);
	json_object_foreach(rec, key, v) {
		m = rawrec_get(r, key);
		FUZZ_CHECK(m != NULL);
		s = rawrec_str(m, &b, &slen);
		FUZZ_CHECK((s != NULL) == json_is_string(v));
		FUZZ_CHECK(!s || (slen == json_string_length(v) &&
		    memcmp(s, json_string_value(v), slen) == 0));
		FUZZ_CHECK(rawrec_is_null(m) == json_is_null(v));
	}
	buf_free(&b);
	json_decref(rec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct np_reader *r;
	json_t *rec, *back;
	char *buf = NULL;
	size_t len = 0, nrec = 0, nlines = 0, i, start;
	FILE *in, *out;
	int status;

	if (size == 0)
		return 0;
	in = fmemopen((void *)data, size, "rb");
	FUZZ_CHECK(in != NULL);
	r = reader_open_stream(in, "fuzz.jsonl");
	while ((rec = reader_next(r)) != NULL) {
		out = open_memstream(&buf, &len);
		FUZZ_CHECK(out != NULL);
		record_write(rec, out);
		FUZZ_CHECK(fclose(out) == 0);
		FUZZ_CHECK(len > 0 && buf[len - 1] == '\n');
		FUZZ_CHECK(memchr(buf, '\n', len) == buf + len - 1);
		back = json_loadb(buf, len - 1, 0, NULL);
		FUZZ_CHECK(back != NULL);
		FUZZ_CHECK(json_equal(rec, back));
		json_decref(back);
		json_decref(rec);
		free(buf);
		buf = NULL;
		nrec++;
	}
	status = reader_close(r);
	/* Count the non-blank lines as the reader sees them. */
	for (start = 0; start < size; start = i + 1) {
		const uint8_t *l = data + start, *nl;
		size_t j, n;

		nl = memchr(l, '\n', size - start);
		i = nl ? (size_t)(nl - data) : size;
		n = i - start;
		if (start == 0 && n >= 3 && memcmp(l, "\xEF\xBB\xBF", 3) == 0)
			l += 3, n -= 3;
		if (n > 0 && l[n - 1] == '\r')
			n--;
		check_in_place((const char *)l, n);
		for (j = 0; j < n && (l[j] == ' ' || l[j] == '\t'); j++)
			;
		if (j < n)
			nlines++;
	}
	/* Nothing lost: every line a record, or a rejection and status 1. */
	FUZZ_CHECK(nrec <= nlines);
	FUZZ_CHECK(status == (nrec == nlines ? NP_EXIT_OK : NP_EXIT_DATA));
	return 0;
}
