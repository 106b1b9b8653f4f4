/*
 * data.c - access to the data/ tables compiled into every binary.
 *
 * The build turns each data/NAME file into a byte array (tools/embed.c);
 * build/data.c holds them all with this index.
 */
#include <string.h>

#include "np.h"

struct np_blob {
	const char *name;
	const char *bytes;
	size_t len;
};

/* Defined in the generated build/data.c. */
extern const struct np_blob np_blobs[];
extern const size_t np_nblobs;

const char *
np_data(const char *name, size_t *len)
{
	size_t i;

	for (i = 0; i < np_nblobs; i++) {
		if (strcmp(np_blobs[i].name, name) == 0) {
			if (len)
				*len = np_blobs[i].len;
			return np_blobs[i].bytes;
		}
	}
	np_die(NP_EXIT_IO, "internal error: no data table %s", name);
}

size_t
np_table_next(const char *data, size_t len, size_t *pos, const char **fields,
    size_t *lens, size_t max)
{
	size_t i, end, start, nf;

	for (;;) {
		if (*pos >= len)
			return 0;
		i = *pos;
		end = i;
		while (end < len && data[end] != '\n')
			end++;
		*pos = end < len ? end + 1 : end;
		if (end > i && data[end - 1] == '\r')
			end--;
		if (end == i || data[i] == '#')
			continue;
		nf = 0;
		start = i;
		while (nf < max) {
			size_t f = start;

			while (f < end && data[f] != '\t')
				f++;
			fields[nf] = data + start;
			lens[nf] = f - start;
			nf++;
			if (f >= end)
				break;
			start = f + 1;
		}
		return nf;
	}
}
