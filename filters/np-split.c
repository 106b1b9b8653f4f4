/*
 * np-split - split page records into article records
 *
 * Not done yet: a placeholder that keeps the pipeline whole until its issue
 * lands.  It writes one article per page.
 */
#include <stdlib.h>

#include "np.h"

static const struct np_cli cli = {
	.name = "np-split",
	.usage = "np-split [OPTION]... [FILE]...",
	.help = "split page records into article records\n(not done yet: It writes one article per page.)\n\nOptions:\n",
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
		{
			json_t *page = json_object_get(rec, "page");
			char id[64];

			snprintf(id, sizeof(id), "%s#1", json_is_integer(page) ?
			    "page" : "page");
			record_set_new(rec, "article", json_integer(1));
			json_object_del(rec, "kind");
			record_set_str(rec, "kind", "news", (size_t)-1);
			record_set_new(rec, "kicker", json_null());
			record_set_new(rec, "headline", json_null());
			record_set_new(rec, "subtitle", json_null());
			record_set_new(rec, "byline", json_null());
		}
		record_write(rec, stdout);
		json_decref(rec);
	}
	status = reader_close(r);
	np_finish_output();
	return status;
}
