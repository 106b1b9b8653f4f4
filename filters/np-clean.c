/*
 * np-clean - repair OCR damage in page text
 *
 * Not done yet: a placeholder that keeps the pipeline whole until its issue
 * lands.  It passes records through unchanged.
 */
#include <stdlib.h>

#include "np.h"

static const struct np_cli cli = {
	.name = "np-clean",
	.usage = "np-clean [OPTION]... [FILE]...",
	.help = "repair OCR damage in page text\n(not done yet: It passes records through unchanged.)\n\nOptions:\n",
	.reads_field = 1,
};

int
main(int argc, char **argv)
{
	struct np_reader *r;
	json_t *rec;
	int first, status;

	first = np_parse_args(&cli, argc, argv);
	r = reader_open(argc - first, argv + first);
	while ((rec = reader_next(r)) != NULL) {
		record_write(rec, stdout);
		json_decref(rec);
	}
	status = reader_close(r);
	np_finish_output();
	return status;
}
