/*
 * fuzz.h - what the libFuzzer harnesses share: turning fuzz bytes into a
 * record, and checking that what a filter wrote is JSON Lines.
 *
 * A harness includes its filter with main renamed, then this file, and
 * defines LLVMFuzzerTestOneInput.  A failed check calls abort(), which
 * libFuzzer reports as a crash with the input that caused it.
 */
#ifndef NP_FUZZ_H
#define NP_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"

#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
		    __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* Valid UTF-8 without NUL, as a text field read by the reader is. */
static void
fuzz_text(struct np_buf *b, const uint8_t *data, size_t size)
{
	struct np_buf raw;
	size_t i, o = 0;

	buf_init(&raw);
	utf8_sanitize(&raw, (const char *)data, size);
	buf_grow(b, raw.len);
	for (i = 0; i < raw.len; i++)
		if (raw.s[i] != '\0')
			b->s[o++] = raw.s[i];
	b->len = o;
	b->s[o] = '\0';
	buf_free(&raw);
}

/* Reference dates for the record: ordinary, edges of the lunar table,
 * a leap day, malformed, absent. */
static const char *const fuzz_dates[] = {
	"2023-05-01", "2024-02-29", "1900-01-31", "2100-12-31", "1949-10-01",
	"2023-13-45", "", "20230501", NULL
};

/*
 * The record a harness feeds its filter.  Input that is a JSON object is
 * used as it is (so seeds can be whole records from the pipeline);
 * anything else becomes the text field, with the first byte choosing the
 * reference date and the first line doubling as the headline.
 */
static json_t *
fuzz_record(const uint8_t *data, size_t size)
{
	size_t ndates = sizeof(fuzz_dates) / sizeof(fuzz_dates[0]), nl;
	struct np_buf text;
	const char *date, *eol;
	json_t *rec;

	if (size > 0 && data[0] == '{') {
		rec = json_loadb((const char *)data, size, 0, NULL);
		if (json_is_object(rec))
			return rec;
		json_decref(rec);
	}
	date = size > 0 ? fuzz_dates[data[0] % ndates] : fuzz_dates[0];
	if (size > 0)
		data++, size--;
	buf_init(&text);
	fuzz_text(&text, data, size);
	rec = ejson_object();
	record_set_str(rec, "source", "fuzz.txt", (size_t)-1);
	record_set_new(rec, "page", json_integer(1));
	if (date)
		record_set_str(rec, "date", date, (size_t)-1);
	eol = text.s ? memchr(text.s, '\n', text.len) : NULL;
	nl = eol ? (size_t)(eol - text.s) : text.len;
	record_set_str(rec, "headline", text.s ? text.s : "", nl);
	record_set_str(rec, np_opt.field, text.s ? text.s : "", text.len);
	buf_free(&text);
	return rec;
}

/* Every line in s[0..n) is a JSON object, and the last one ends. */
static void
fuzz_check_jsonl(const char *s, size_t n)
{
	const char *eol;
	json_t *v;

	FUZZ_CHECK(n == 0 || s[n - 1] == '\n');
	while (n > 0) {
		eol = memchr(s, '\n', n);
		FUZZ_CHECK(eol != NULL);
		v = json_loadb(s, (size_t)(eol - s), 0, NULL);
		FUZZ_CHECK(json_is_object(v));
		json_decref(v);
		n -= (size_t)(eol - s) + 1;
		s = eol + 1;
	}
}

#endif
