/*
 * fuzz-utf8.c - libFuzzer harness for lib/utf8.c, lib/buf.c and the data
 * table reader: any bytes, and the UTF-8 helpers must agree with each
 * other (sanitize gives valid text, counts and offsets match decoding).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *fields[8];
	struct np_buf b, e;
	struct np_cpmap m;
	size_t i, len, count, bad, pos, k, lens[8], nf;
	uint32_t cp;
	char enc[4];

	buf_init(&b);
	bad = utf8_sanitize(&b, s, size);
	FUZZ_CHECK(b.len == 0 || utf8_valid(b.s, b.len));
	FUZZ_CHECK(utf8_valid(s, size) == (bad == 0));
	if (bad == 0)
		FUZZ_CHECK(b.len == size && memcmp(b.s, s, size) == 0);

	/* Decoding the clean text: counts, offsets, re-encoding, back steps. */
	buf_init(&e);
	count = utf8_count(b.s, b.len);
	cpmap_init(&m, b.s, b.len);
	for (i = 0, k = 0; i < b.len; i += len, k++) {
		len = utf8_decode(b.s + i, b.len - i, &cp);
		FUZZ_CHECK(len >= 1 && len <= 4 && i + len <= b.len);
		FUZZ_CHECK(utf8_offset(b.s, b.len, k) == i);
		FUZZ_CHECK(cpmap_at(&m, i) == k);
		FUZZ_CHECK(utf8_encode(cp, enc) == len);
		FUZZ_CHECK(memcmp(enc, b.s + i, len) == 0);
		if (i > 0)
			FUZZ_CHECK(i >= utf8_prev_len(b.s, i));
		buf_addcp(&e, cp);
		(void)is_cjk(cp), (void)is_cjk_punct(cp), (void)is_space_cp(cp);
	}
	FUZZ_CHECK(k == count);
	FUZZ_CHECK(utf8_offset(b.s, b.len, count) == b.len);
	FUZZ_CHECK(e.len == b.len && (b.len == 0 || memcmp(e.s, b.s, b.len) == 0));
	if (b.len > 0) {
		len = utf8_prev_len(b.s, b.len);
		FUZZ_CHECK(utf8_decode(b.s + b.len - len, len, &cp) == len);
	}

	/* The raw bytes: decoding always advances and stays inside. */
	for (i = 0; i < size; i += len) {
		len = utf8_decode(s + i, size - i, &cp);
		FUZZ_CHECK(len >= 1 && i + len <= size);
		FUZZ_CHECK(cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
	}

	/* The same bytes as a data table. */
	pos = 0;
	while ((nf = np_table_next(s, size, &pos, fields, lens, 8)) > 0) {
		FUZZ_CHECK(nf <= 8 && pos <= size);
		for (i = 0; i < nf; i++)
			FUZZ_CHECK(fields[i] >= s && fields[i] + lens[i] <= s + size);
	}
	buf_free(&b);
	buf_free(&e);
	return 0;
}
