/*
 * fuzz-record.c - libFuzzer harness for lib/record.c: the JSON Lines
 * reader (any bytes: long lines, NUL, bad UTF-8, CR, BOM, blank lines)
 * with --keep-going, and the record writer.
 *
 * Checks: every record read is written as one line that reads back equal
 * (json_equal); every non-blank line is either a record or a rejection.
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
