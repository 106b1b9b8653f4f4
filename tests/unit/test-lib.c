/*
 * test-lib.c - unit tests for lib/: buffers, UTF-8, regex wrapper, data
 * tables and record helpers.
 */
#include <stdlib.h>
#include <string.h>

#include "np.h"
#include "t.h"

static void
test_buf(void)
{
	struct np_buf b;
	char *s;
	int i;

	buf_init(&b);
	for (i = 0; i < 1000; i++)
		buf_adds(&b, "ab");
	T_INTEQ(b.len, 2000, "buf grows past its first allocation");
	T_OK(b.s[b.len] == '\0', "buf stays NUL-terminated");
	buf_reset(&b);
	buf_printf(&b, "%d-%s", 42, "x");
	T_STREQ(b.s, "42-x", "buf_printf appends formatted text");
	buf_addcp(&b, 0x6D32);
	T_STREQ(b.s, "42-x洲", "buf_addcp encodes a code point");
	s = buf_take(&b);
	T_OK(b.s == NULL && b.len == 0, "buf_take leaves the buffer empty");
	free(s);
	buf_free(&b);
}

static void
test_utf8(void)
{
	const char *s = "株洲a，";
	uint32_t cp;
	struct np_buf b;
	struct np_cpmap m;
	size_t bad;

	T_INTEQ(utf8_decode(s, strlen(s), &cp), 3, "decode a 3-byte sequence");
	T_INTEQ(cp, 0x682A, "decode 株");
	T_INTEQ(utf8_count(s, strlen(s)), 4, "count code points");
	T_INTEQ(utf8_offset(s, strlen(s), 2), 6, "byte offset of code point 2");
	T_INTEQ(utf8_prev_len(s, 6), 3, "length of the code point before");
	T_OK(is_cjk(0x682A) && !is_cjk('a') && is_cjk(0x3007), "is_cjk");
	T_OK(is_cjk_punct(0xFF0C) && is_cjk_punct(0x3002) && !is_cjk_punct(0x682A),
	    "is_cjk_punct");
	T_OK(is_fullwidth_ascii(0xFF11) && !is_fullwidth_ascii('1'),
	    "is_fullwidth_ascii");
	T_OK(utf8_valid(s, strlen(s)), "valid text is valid");
	T_OK(!utf8_valid("a\xC0\xAF", 3), "overlong form is invalid");
	T_OK(!utf8_valid("\xED\xA0\x80", 3), "a surrogate is invalid");
	T_OK(!utf8_valid("\xE6\xA0", 2), "a truncated sequence is invalid");
	T_OK(utf8_valid("\xEF\xBF\xBD", 3), "a literal U+FFFD is valid");
	T_OK(!utf8_valid("\xF0\x9F\x98x", 4), "a cut 4-byte sequence is invalid");

	buf_init(&b);
	bad = utf8_sanitize(&b, "a\xFF" "b\xE6\xA0", 5);
	T_INTEQ(bad, 2, "sanitize counts each bad sequence");
	T_STREQ(b.s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD", "sanitize replaces with U+FFFD");
	buf_free(&b);

	cpmap_init(&m, s, strlen(s));
	T_INTEQ(cpmap_at(&m, 3), 1, "cpmap: byte 3 is code point 1");
	T_INTEQ(cpmap_at(&m, 7), 3, "cpmap: ascending query");
	T_INTEQ(cpmap_at(&m, 0), 0, "cpmap: a query behind restarts");
}

static void
test_re(void)
{
	struct np_re *re = re_compile("(?<num>[0-9]+)年", 0);
	const char *s = "自2003年至2007年";
	struct np_match m;
	size_t gs, ge, from = 0, n = 0;
	int g = re_group_number(re, "num");

	T_INTEQ(g, 1, "named group number");
	while (re_search(re, s, strlen(s), from, &m)) {
		n++;
		T_OK(re_group(&m, (size_t)g, &gs, &ge) && ge - gs == 4,
		    "group bounds of match %zu", n);
		from = m.end;
	}
	T_INTEQ(n, 2, "iterate every match");
	T_OK(!re_match_at(re, s, strlen(s), 0, &m), "anchored: no match at 0");
	T_OK(re_match_at(re, s, strlen(s), 3, &m) && m.start == 3,
	    "anchored: match at byte 3");
	re_free(re);

	re = re_compile("\\p{Han}+", 0);
	T_OK(re_search(re, "ab株洲cd", 8, 0, &m) && m.start == 2 && m.end == 8,
	    "UTF mode matches Han by property");
	re_free(re);
}

static void
test_table(void)
{
	const char *data = "# comment\n\nfoo\tbar\tbaz\r\nsolo\n\t\n";
	const char *f[4];
	size_t l[4], pos = 0, n;

	n = np_table_next(data, strlen(data), &pos, f, l, 4);
	T_INTEQ(n, 3, "table: fields of the first entry");
	T_OK(l[0] == 3 && memcmp(f[0], "foo", 3) == 0, "table: first field");
	T_OK(l[2] == 3 && memcmp(f[2], "baz", 3) == 0, "table: CR trimmed");
	n = np_table_next(data, strlen(data), &pos, f, l, 4);
	T_OK(n == 1 && l[0] == 4, "table: a one-field entry");
	n = np_table_next(data, strlen(data), &pos, f, l, 4);
	T_INTEQ(n, 2, "table: a line of one tab has two empty fields");
	T_INTEQ(np_table_next(data, strlen(data), &pos, f, l, 4), 0,
	    "table: end of data");
}

static void
test_record(void)
{
	json_t *rec = json_loads("{\"b\":1,\"a\":\"x\"}", 0, NULL);
	size_t len;
	char *out, line[128];
	FILE *fp;

	T_STREQ(record_str(rec, "a", &len), "x", "record_str reads a string");
	T_OK(record_str(rec, "b", NULL) == NULL, "record_str: a number is not a string");
	record_set_str(rec, "c", "株洲", (size_t)-1);
	out = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
	T_STREQ(out, "{\"b\":1,\"a\":\"x\",\"c\":\"株洲\"}",
	    "keys stay in order and UTF-8 is not escaped");
	free(out);
	json_decref(rec);

	/* The writer never emits invalid UTF-8, whatever a filter built. */
	rec = json_object();
	json_object_set_new(rec, "t", json_stringn_nocheck("株\xED\xA0\x80洲\xE6\xA0", 11));
	fp = tmpfile();
	record_write(rec, fp);
	rewind(fp);
	T_OK(fgets(line, sizeof(line), fp) != NULL, "record_write wrote a line");
	T_STREQ(line, "{\"t\":\"株\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD洲\xEF\xBF\xBD\"}\n",
	    "a surrogate and a cut sequence become U+FFFD, CJK stays");
	fclose(fp);
	json_decref(rec);
}

int
main(void)
{
	test_buf();
	test_utf8();
	test_re();
	test_table();
	test_record();
	return t_done();
}
