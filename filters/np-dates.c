/*
 * np-dates - add the dates mentioned in each record
 *
 * Not done yet: a placeholder that keeps the pipeline whole until its issue
 * lands.  It adds an empty dates array.
 */
#include <stdlib.h>

#include "np.h"

static const struct np_cli cli = {
	.name = "np-dates",
	.usage = "np-dates [OPTION]... [FILE]...",
	.help = "add the dates mentioned in each record\n(not done yet: It adds an empty dates array.)\n\nOptions:\n",
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
		record_set_new(rec, "dates", ejson_array());
		record_write(rec, stdout);
		json_decref(rec);
	}
	status = reader_close(r);
	np_finish_output();
	return status;
}
