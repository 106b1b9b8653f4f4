/*
 * jsonpass - the cost floor of a newsprint filter: read each JSON Lines
 * record with jansson and write it back compact, through the same lib/
 * reader_next() and record_write() every filter uses, and nothing else.
 * bench/run measures each filter against this pass on the same input.
 */
#include "np.h"

static const struct np_cli cli = {
	.name = "jsonpass",
	.usage = "jsonpass [FILE]...",
	.help = "Read JSON Lines records and write them back unchanged (compact):\n"
		"the I/O floor of a jansson filter, for bench/run.\n",
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
