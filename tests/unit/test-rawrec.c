/*
 * test-rawrec.c - unit tests for lib/rawrec.c (records read in place) and
 * the record writers that go with it.
 *
 * The promise rawrec_scan makes: a line it accepts is one jansson reads
 * and record_write writes back unchanged, so copying it is the same as
 * parsing and rewriting it.  Every accepted line below is checked against
 * that; every refused one must be a line where copying would be wrong or
 * that the scan keeps out for its own bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "np.h"
#include "t.h"

/* record_write's text for the record jansson reads from line, or NULL. */
static char *
rewritten(const char *line, size_t n)
{
	json_t *rec = json_loadb(line, n, JSON_DECODE_ANY, NULL);
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	if (!rec || !json_is_object(rec)) {
		json_decref(rec);
		return NULL;
	}
	fp = open_memstream(&text, &len);
	record_write(rec, fp);
	fclose(fp);
	json_decref(rec);
	return text;
}

/* Scan line; when accepted, check it is what record_write would write. */
static void
check_line(struct np_rawrec *r, const char *line, int want)
{
	size_t n = strlen(line);
	int got = rawrec_scan(r, line, n);
	char *text;

	T_INTEQ(got, want, "scan %s %s", want ? "accepts" : "refuses", line);
	if (!got)
		return;
	text = rewritten(line, n);
	T_OK(text && strlen(text) == n + 1 && memcmp(text, line, n) == 0,
	    "jansson and record_write give back %s", line);
	free(text);
}

static void
test_scan(void)
{
	static const char *const accepted[] = {
		"{}",
		"{\"a\":1}",
		"{\"text\":\"株洲\",\"n\":-12,\"x\":null,\"t\":true,\"f\":false}",
		"{\"a\":[],\"b\":{},\"c\":[1,[2,{\"d\":\"e\"}]]}",
		"{\"s\":\"tab\\there\\nquote\\\" back\\\\ \\b\\f\\r\"}",
		"{\"s\":\"\\u0001\\u001f\x7f\"}",
		"{\"s\":\"\xEF\xBF\xBD \xF0\x9F\x98\x80 \xC2\xA9 \xE2\x80\xA8\"}",
		"{\"r\":0.1,\"q\":3.0,\"e\":1e300,\"m\":-2.5e-7}",
		"{\"big\":123456789012345678,\"neg\":-123456789012345678}",
		"{\"a\":{\"x\":1},\"b\":{\"x\":1}}",	/* same key, other objects */
		"{\"\":\"\"}",
	};
	static const char *const refused[] = {
		"",
		"[]",
		"{ }",
		"{\"a\": 1}",
		"{\"a\":1} ",
		"{\"a\":1}x",
		"{\"a\":1,}",
		"{\"a\":1,\"a\":2}",		/* duplicate: jansson keeps one */
		"{\"o\":{\"k\":1,\"k\":2}}",
		"{\"s\":\"\\u4e2d\"}",		/* jansson writes 中 */
		"{\"s\":\"\\/\"}",
		"{\"s\":\"\\u000A\"}",		/* upper-case hex */
		"{\"s\":\"\\u000a\"}",		/* \n is the form */
		"{\"s\":\"\\u007f\"}",		/* written as it is */
		"{\"s\":\"\\u0000\"}",		/* jansson refuses NUL */
		"{\"s\":\"\\ud800\"}",
		"{\"s\":\"\x01\"}",
		"{\"s\":\"\xED\xA0\x80\"}",	/* a surrogate in UTF-8 */
		"{\"s\":\"\xC0\xAF\"}",		/* overlong */
		"{\"s\":\"\xE4\xB8\"}",		/* cut short */
		"{\"s\":\"open}",
		"{\"n\":-0}",
		"{\"n\":01}",
		"{\"n\":1.50}",
		"{\"n\":1E2}",
		"{\"n\":1e+300}",
		"{\"n\":3}x",
		"{\"n\":1e400}",
		"{\"n\":1234567890123456789}",	/* 19 digits: left to jansson */
		"{\"n\":.5}",
		"{\"n\":1.}",
		"{\"t\":tru}",
		"{\"t\":nul}",
		"{\"a\":[1,]}",
		"{\"a\":[1 ]}",
		"{\"a\":1",
		"{\"a\"1}",
		"{a:1}",
	};
	struct np_rawrec *r = rawrec_new();
	char nul[] = "{\"a\":\"x\0y\"}";
	size_t i;

	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
		check_line(r, accepted[i], 1);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		check_line(r, refused[i], 0);
	T_INTEQ(rawrec_scan(r, nul, sizeof(nul) - 1), 0, "scan refuses a NUL");
	rawrec_free(r);
}

/* Nesting and object size past the scan's bounds go to jansson. */
static void
test_bounds(void)
{
	struct np_rawrec *r = rawrec_new();
	struct np_buf b;
	int i;

	buf_init(&b);
	buf_adds(&b, "{\"a\":");
	for (i = 0; i < 40; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 40; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '}');
	T_INTEQ(rawrec_scan(r, b.s, b.len), 0, "40 levels deep: left to jansson");
	buf_reset(&b);
	buf_addc(&b, '{');
	for (i = 0; i < 200; i++)
		buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_addc(&b, '}');
	T_INTEQ(rawrec_scan(r, b.s, b.len), 0, "200 members: left to jansson");
	buf_free(&b);
	rawrec_free(r);
}

static void
test_members(void)
{
	static const char line[] = "{\"kicker\":null,\"text\":\"甲\\n乙\\\"丙\\\\"
	    "\\u0001\",\"plain\":\"株洲\",\"n\":5,\"o\":{\"text\":\"inner\"}}";
	struct np_rawrec *r = rawrec_new();
	const struct np_member *m;
	struct np_buf b;
	const char *s;
	size_t n;

	buf_init(&b);
	T_INTEQ(rawrec_scan(r, line, strlen(line)), 1, "a record to read");
	m = rawrec_get(r, "text");
	T_OK(m != NULL, "text is found");
	s = rawrec_str(m, &b, &n);
	T_OK(s && n == strlen("甲\n乙\"丙\\\x01") &&
	    memcmp(s, "甲\n乙\"丙\\\x01", n) == 0, "escapes are undone");
	m = rawrec_get(r, "plain");
	s = rawrec_str(m, &b, &n);
	T_OK(s && n == strlen("株洲") && memcmp(s, "株洲", n) == 0 &&
	    s > line && s < line + sizeof(line), "a plain string is read in place");
	T_OK(rawrec_is_null(rawrec_get(r, "kicker")), "null is null");
	T_OK(!rawrec_is_null(rawrec_get(r, "n")), "5 is not null");
	T_OK(rawrec_str(rawrec_get(r, "n"), &b, &n) == NULL, "5 is not a string");
	m = rawrec_get(r, "o");
	T_OK(m && m->vallen == strlen("{\"text\":\"inner\"}"),
	    "an object member spans its whole value");
	T_OK(rawrec_get(r, "inner") == NULL && rawrec_get(r, "tex") == NULL,
	    "only top-level keys, whole, are found");
	buf_free(&b);
	rawrec_free(r);
}

/* rawrec_write and record_write_with give the same line. */
static void
test_write(void)
{
	static const char *const lines[] = { "{}", "{\"a\":[1,2],\"b\":\"c\"}" };
	struct np_rawrec *r = rawrec_new();
	char *t1 = NULL, *t2 = NULL;
	size_t n1, n2, i;
	json_t *rec;
	FILE *f1, *f2;

	for (i = 0; i < 2; i++) {
		rawrec_scan(r, lines[i], strlen(lines[i]));
		rec = json_loads(lines[i], 0, NULL);
		f1 = open_memstream(&t1, &n1);
		f2 = open_memstream(&t2, &n2);
		rawrec_write(r, "\"x\":[]", 6, f1);
		record_write_with(rec, "\"x\":[]", 6, f2);
		rawrec_write(r, NULL, 0, f1);
		record_write_with(rec, NULL, 0, f2);
		fclose(f1);
		fclose(f2);
		T_STREQ(t1, t2, "rawrec_write and record_write_with agree on %s",
		    lines[i]);
		free(t1);
		free(t2);
		json_decref(rec);
	}
	rec = json_loads("{\"a\":1}", 0, NULL);
	f1 = open_memstream(&t1, &n1);
	record_write_with(rec, "\"p\":[1],\"q\":null", 16, f1);
	fclose(f1);
	T_STREQ(t1, "{\"a\":1,\"p\":[1],\"q\":null}\n", "members go at the end");
	free(t1);
	record_set_json(rec, "a", "[\"x\",2]", 7);
	f1 = open_memstream(&t1, &n1);
	record_write(rec, f1);
	fclose(f1);
	T_STREQ(t1, "{\"a\":[\"x\",2]}\n", "record_set_json replaces in place");
	free(t1);
	json_decref(rec);
	rawrec_free(r);
}

/* rawrec_write_edits makes the changes jansson would make. */
static void
test_edits(void)
{
	static const char line[] = "{\"a\":1,\"text\":\"x\",\"h\":[2],\"z\":null}";
	const struct np_edit e[] = {
		{ "text", "\"y\"", 3 },	/* replaced where it stands */
		{ "h", NULL, 0 },		/* removed */
		{ "gone", NULL, 0 },		/* removing what is not there */
		{ "new", "{\"k\":[]}", 8 },	/* added at the end */
		{ "q\"k", "true", 4 },	/* a key that needs escaping */
	};
	struct np_rawrec *r = rawrec_new();
	json_t *rec = json_loads(line, 0, NULL);
	char *t1 = NULL, *t2 = NULL;
	size_t n1, n2, k;
	FILE *fp;

	T_INTEQ(rawrec_scan(r, line, strlen(line)), 1, "a record to edit");
	fp = open_memstream(&t1, &n1);
	rawrec_write_edits(r, e, sizeof(e) / sizeof(e[0]), fp);
	fclose(fp);
	for (k = 0; k < sizeof(e) / sizeof(e[0]); k++)
		if (e[k].value)
			record_set_json(rec, e[k].key, e[k].value, e[k].n);
		else
			json_object_del(rec, e[k].key);
	fp = open_memstream(&t2, &n2);
	record_write(rec, fp);
	fclose(fp);
	T_STREQ(t1, t2, "edits in place give jansson's record");
	T_STREQ(t1, "{\"a\":1,\"text\":\"y\",\"z\":null,\"new\":{\"k\":[]},"
	    "\"q\\\"k\":true}\n", "in the expected order");
	free(t1);
	free(t2);
	json_decref(rec);
	rawrec_free(r);
}

/*
 * What the filters write is what the scan must take: every line of the
 * golden outputs (record_write's, one record a line) is read in place.
 */
static void
test_golden(void)
{
	static const char *const files[] = {
		"tests/golden/np-names/cases.out",
		"tests/golden/np-names/local-news.out",
		"tests/golden/np-dates/article.out",
		"tests/golden/np-dates/not-dates.out",
		"tests/golden/np-split/feature.out",
		"tests/golden/np-clean/repairs.out",
	};
	struct np_rawrec *r = rawrec_new();
	char *line = NULL;
	size_t cap = 0, i, lines, taken;
	ssize_t n;
	FILE *fp;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		lines = taken = 0;
		if ((fp = fopen(files[i], "r")) == NULL) {
			T_OK(0, "%s can be read", files[i]);
			continue;
		}
		while ((n = getline(&line, &cap, fp)) > 0) {
			if (line[n - 1] == '\n')
				line[--n] = '\0';
			lines++;
			taken += (size_t)rawrec_scan(r, line, (size_t)n);
		}
		fclose(fp);
		T_OK(lines > 0 && taken == lines, "%s: %zu of %zu lines read in place",
		    files[i], taken, lines);
	}
	free(line);
	rawrec_free(r);
}

int
main(void)
{
	test_scan();
	test_bounds();
	test_members();
	test_write();
	test_edits();
	test_golden();
	return t_done();
}
