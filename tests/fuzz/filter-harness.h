/*
 * filter-harness.h - the libFuzzer entry points for a JSON Lines filter
 * with the common core (filter_new / filter_record / filter_free).
 *
 * Include after the filter (main renamed) with FUZZ_PROG defined.  One
 * filter serves every input, as in the program; each input becomes one
 * record (fuzz.h), and the checks are: a rejection gives a reason and
 * writes nothing, anything else writes whole JSON Lines records.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *rec = fuzz_record(data, size);
	const char *why = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int rc;

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
	free(buf);
	json_decref(rec);
	return 0;
}
