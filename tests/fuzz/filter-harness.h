/*
 * filter-harness.h - the libFuzzer entry points for a JSON Lines filter
 * with the common core (filter_new / filter_record / filter_free).
 *
 * Include after the filter (main renamed) with FUZZ_PROG defined.  One
 * filter serves every input, as in the program; each input becomes one
 * record (fuzz.h), and the checks are: a rejection gives a reason and
 * writes nothing, anything else writes whole JSON Lines records.  With
 * FUZZ_RAW defined (the filter's np_raw_fn), the record is also written
 * as a line and read in place, and what FUZZ_RAW writes must be exactly
 * what filter_record writes, unless it hands the record to jansson.
 */
#include "fuzz.h"

static struct filter *fuzz_filter;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	np_setprogname(FUZZ_PROG);
	fuzz_filter = filter_new();
	return 0;
}

#ifdef FUZZ_RAW
/* Run FUZZ_RAW on rec as a line; its output in *text, or NULL when it
 * handed the record to jansson. */
static void
run_in_place(json_t *rec, char **text, size_t *len)
{
	static struct np_rawrec *r;
	char *line = NULL;
	size_t n = 0;
	const char *why = NULL;
	FILE *fp;
	int rc;

	if (!r)
		r = rawrec_new();
	fp = open_memstream(&line, &n);
	FUZZ_CHECK(fp != NULL);
	record_write(rec, fp);
	FUZZ_CHECK(fclose(fp) == 0);
	*text = NULL;
	*len = 0;
	if (rawrec_scan(r, line, n - 1)) {
		fp = open_memstream(text, len);
		FUZZ_CHECK(fp != NULL);
		rc = FUZZ_RAW(fuzz_filter, r, fp, &why);
		FUZZ_CHECK(fclose(fp) == 0);
		FUZZ_CHECK(rc == 0 || (rc == NP_RAW_TREE && *len == 0));
		if (rc != 0) {
			free(*text);
			*text = NULL;
		}
	}
	free(line);
}
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *rec = fuzz_record(data, size);
	const char *why = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int rc;

#ifdef FUZZ_RAW
	char *raw;
	size_t rawlen;

	run_in_place(rec, &raw, &rawlen);
#endif
	out = open_memstream(&buf, &len);
	FUZZ_CHECK(out != NULL);
	rc = filter_record(fuzz_filter, rec, out, &why);
	FUZZ_CHECK(fclose(out) == 0);
	if (rc < 0) {
		FUZZ_CHECK(why != NULL && *why != '\0');
		FUZZ_CHECK(len == 0);
	} else {
		FUZZ_CHECK(rc == 0);
		fuzz_check_jsonl(buf, len);
	}
#ifdef FUZZ_RAW
	FUZZ_CHECK(!raw || (rc == 0 && rawlen == len &&
	    memcmp(raw, buf, len) == 0));
	free(raw);
#endif
	free(buf);
	json_decref(rec);
	return 0;
}
