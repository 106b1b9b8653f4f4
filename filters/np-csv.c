/*
 * np-csv - write records as CSV
 *
 * Not done yet: a placeholder that keeps the pipeline whole until its issue
 * lands.  placeholder
 */
#include <stdlib.h>

#include "np.h"

static const struct np_cli cli = {
	.name = "np-csv",
	.usage = "np-csv [OPTION]... [FILE]...",
	.help = "write records as CSV\n(not done yet: placeholder)\n\nOptions:\n",
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
