/*
 * fuzz-pages.c - libFuzzer harness for the np-pages core: raw page file
 * bytes (any encoding, any garbage) to page records, masthead included.
 */
#define main np_pages_main
#include "../../filters/np-pages.c"
#undef main

#include "fuzz.h"

static struct filter *fuzz_filter;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	np_setprogname("np-pages");
	fuzz_filter = filter_new();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	int rc;

	out = open_memstream(&buf, &len);
	FUZZ_CHECK(out != NULL);
	rc = filter_file(fuzz_filter, "fuzz.txt", (const char *)data, size, out,
	    &why);
	FUZZ_CHECK(fclose(out) == 0);
	if (rc < 0) {
		FUZZ_CHECK(why != NULL && *why != '\0');
		FUZZ_CHECK(len == 0);
	} else {
		FUZZ_CHECK(rc == 0);
		FUZZ_CHECK(len > 0);	/* a text file has at least one page */
		fuzz_check_jsonl(buf, len);
	}
	free(buf);
	return 0;
}
