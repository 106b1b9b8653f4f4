/*
 * test-np-csv.c - np-csv's pieces: ISO 8601 bounds, canonical reals, the
 * strict JSON tokenizer, quoting, and whole records through filter_line.
 */
#define main np_csv_main
#include "../../filters/np-csv.c"
#undef main

#include "t.h"

static void
bound_is(const char *value, const char *first, const char *last)
{
	char a[11], b[11];
	int ka = iso_bound(value, strlen(value), 0, a);
	int kb = iso_bound(value, strlen(value), 1, b);
	char what[128];

	snprintf(what, sizeof(what), "iso_bound %s first", value);
	T_STREQ(ka ? a : NULL, first, what);
	snprintf(what, sizeof(what), "iso_bound %s last", value);
	T_STREQ(kb ? b : NULL, last, what);
}

static void
real_is(double x, const char *want)
{
	char out[32], what[64];

	format_real(x, out);
	snprintf(what, sizeof(what), "format_real %.17g", x);
	T_STREQ(out, want, what);
}

static struct jdoc doc;

static int
parses(const char *s)
{
	return jparse(&doc, s, strlen(s)) == 0;
}

/* Run lines through a fresh filter; returns its output (static). */
static const char *
csv_of(const char *input, int *failed)
{
	static char *text;
	size_t size;
	FILE *out;
	struct filter *f;
	const char *p = input, *nl, *why;

	free(text);
	text = NULL;
	out = open_memstream(&text, &size);
	f = filter_new();
	*failed = 0;
	while (*p) {
		nl = strchr(p, '\n');
		if (filter_line(f, p, (size_t)(nl - p), out, &why) < 0) {
			*failed = 1;
			break;
		}
		p = nl + 1;
	}
	if (!*failed)
		filter_finish(f, out);
	filter_free(f);
	fclose(out);
	return text;
}

static void
test_bounds(void)
{
	bound_is("2023-01", "2023-01-01", "2023-01-31");
	bound_is("2022-10/2022-12", "2022-10-01", "2022-12-31");
	bound_is("--02-25", NULL, NULL);
	bound_is("2024", "2024-01-01", "2024-12-31");
	bound_is("2024-02", "2024-02-01", "2024-02-29");
	bound_is("2023-02", "2023-02-01", "2023-02-28");
	bound_is("1900-02", "1900-02-01", "1900-02-28");
	bound_is("2000-02", "2000-02-01", "2000-02-29");
	bound_is("2025-02-25", "2025-02-25", "2025-02-25");
	bound_is("2023-01-30T20:00", "2023-01-30", "2023-01-30");
	bound_is("2023-02-27/2023-03-09", "2023-02-27", "2023-03-09");
	bound_is("2023-02-27/03-09", "2023-02-27", "2023-03-09");
	bound_is("2023-02-27/28", "2023-02-27", "2023-02-28");
	bound_is("2022/2024", "2022-01-01", "2024-12-31");
	bound_is("2023-12-30/2024-01-02T08:00", "2023-12-30", "2024-01-02");
	bound_is("2023-13", NULL, NULL);
	bound_is("2023-02-29", NULL, NULL);
	bound_is("2023-00", NULL, NULL);
	bound_is("20230101", NULL, NULL);
	bound_is("2023-1-5", NULL, NULL);
	bound_is("P1D", NULL, NULL);
	bound_is("2023-01-01/P1D", NULL, NULL);
	bound_is("2023-01/2023-02/2023-03", NULL, NULL);
	bound_is("2023-01T20:00", NULL, NULL);
	bound_is("", NULL, NULL);
	bound_is("/", NULL, NULL);
}

static void
test_reals(void)
{
	real_is(1.0, "1");
	real_is(0.1, "0.1");
	real_is(-2.5, "-2.5");
	real_is(1e21, "1e+21");
	real_is(1e20, "100000000000000000000");
	real_is(1e-7, "1e-7");
	real_is(0.000001, "0.000001");
	real_is(-0.0, "0");
	real_is(123.456, "123.456");
	real_is(0.1 + 0.2, "0.30000000000000004");
	real_is(5e-324, "5e-324");
	real_is(1.7976931348623157e308, "1.7976931348623157e+308");
	real_is(1.5e300, "1.5e+300");
	real_is(12345678.9, "12345678.9");
}

static void
test_parser(void)
{
	struct np_buf b;

	T_OK(parses("{}"), "empty object");
	T_OK(parses(" {\"a\" : [1, -2.5e3, true, false, null, {\"b\":\"c\"}] } "),
	    "nested values with spaces");
	T_INTEQ(doc.nt, 11, "token count");
	T_INTEQ(doc.t[0].next, 11, "object spans all tokens");
	T_INTEQ(doc.t[2].count, 6, "array count");
	T_OK(!parses("[1]"), "array is not a record");
	T_STREQ(doc.err, "not a JSON object", "why");
	T_OK(!parses("{\"a\":1,}"), "trailing comma");
	T_OK(!parses("{\"a\":01}"), "leading zero");
	T_OK(!parses("{\"a\":1.}"), "bare decimal point");
	T_OK(!parses("{\"a\":-}"), "bare minus");
	T_OK(!parses("{\"a\":1e400}"), "real overflow");
	T_OK(!parses("{\"a\":\"x\ty\"}"), "raw tab in a string");
	T_OK(!parses("{\"a\":\"\xff\"}"), "invalid UTF-8");
	T_OK(!parses("{\"a\":\"\xc0\xaf\"}"), "overlong UTF-8");
	T_OK(!parses("{\"a\":\"\xed\xa0\x80\"}"), "UTF-8 surrogate");
	T_OK(!parses("{\"a\":\"\\ud800\"}"), "lone high surrogate");
	T_OK(!parses("{\"a\":\"\\udc00\"}"), "lone low surrogate");
	T_OK(!parses("{\"a\":\"\\u0000\"}"), "\\u0000");
	T_OK(!parses("{\"a\":\"\\x\"}"), "bad escape");
	T_OK(!parses("{\"a\":\"abc"), "unterminated string");
	T_OK(!parses("{\"a\":1} {}"), "text after the record");
	T_OK(!parses("{\"a\":tru}"), "bad literal");
	T_OK(!parses("{\"a\" 1}"), "missing colon");
	T_OK(!parses("{a:1}"), "bare key");
	T_OK(!parses(""), "empty line");
	T_OK(parses("{\"a\":\"\\ud83d\\ude00 \\u00e9\\n\\\"\\/\"}"), "escapes");
	buf_init(&b);
	jdecode(&doc, 2, &b);
	T_STREQ(b.s, "\xf0\x9f\x98\x80 \xc3\xa9\n\"/", "escapes decoded");
	buf_free(&b);
	{
		/* Deep nesting fails cleanly instead of overflowing the stack. */
		struct np_buf deep;
		size_t i;

		buf_init(&deep);
		buf_adds(&deep, "{\"a\":");
		for (i = 0; i < 3000; i++)
			buf_addc(&deep, '[');
		for (i = 0; i < 3000; i++)
			buf_addc(&deep, ']');
		buf_addc(&deep, '}');
		T_OK(jparse(&doc, deep.s, deep.len) < 0 &&
		    strcmp(doc.err, "nesting too deep") == 0, "nesting limit");
		buf_free(&deep);
	}
}

static void
test_quoting(void)
{
	struct np_buf b;

	buf_init(&b);
	put_field(&b, "plain", 5, 0);
	buf_addc(&b, '|');
	put_field(&b, "a,b", 3, 0);
	buf_addc(&b, '|');
	put_field(&b, "say \"hi\"", 8, 0);
	buf_addc(&b, '|');
	put_field(&b, "two\nlines", 9, 0);
	buf_addc(&b, '|');
	put_field(&b, "cr\r", 3, 0);
	buf_addc(&b, '|');
	put_field(&b, "", 0, 0);
	buf_addc(&b, '|');
	put_field(&b, "", 0, 1);
	T_STREQ(b.s, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|\"cr\r\"|\"\"|",
	    "minimal quoting");
	buf_reset(&b);
	opt_quote_all = 1;
	put_field(&b, "x", 1, 0);
	put_field(&b, "", 0, 1);
	opt_quote_all = 0;
	T_STREQ(b.s, "\"x\"", "--quote-all leaves nulls bare");
	buf_reset(&b);
	opt_delim = ';';
	put_field(&b, "a,b;c", 5, 0);
	opt_delim = ',';
	T_STREQ(b.s, "\"a,b;c\"", "quoting follows the delimiter");
	buf_free(&b);
}

static void
test_records(void)
{
	int failed;

	T_STREQ(csv_of("{\"a\":1,\"b\":{\"c\":\"x\"}}\n{\"b\":{\"c\":\"y\"},\"a\":2}\n",
	    &failed), "a,b.c\n1,x\n2,y\n", "columns by name, not position");
	T_STREQ(csv_of("{\"a\":1}\n{\"a\":2,\"z\":3}\n", &failed), "a\n1\n",
	    "a new key stops");
	T_OK(failed, "a new key is an error");
	opt_all_fields = 1;
	T_STREQ(csv_of("{\"a\":1}\n{\"a\":2,\"z\":3}\n{\"y\":[1,2]}\n", &failed),
	    "a,z,y\n1,,\n2,3,\n,,1;2\n", "--all-fields");
	opt_all_fields = 0;
	buf_init(&opt_explode);
	buf_adds(&opt_explode, "p,q");
	opt_fields = "id,#,p.n,q";
	T_STREQ(csv_of("{\"id\":1,\"p\":[{\"n\":\"a\"},{\"n\":\"b\"}],\"q\":[7]}\n"
	    "{\"id\":2,\"p\":null}\n{\"id\":3,\"q\":[8,9]}\n", &failed),
	    "id,#,p.n,q\n1,1,a,7\n1,2,b,\n3,1,,8\n3,2,,9\n",
	    "parallel explode with --fields");
	T_STREQ(csv_of("{\"id\":1,\"p\":{\"n\":1}}\n", &failed),
	    "", "explode of a non-array writes nothing");
	T_OK(failed, "is an error");
	opt_fields = NULL;
	buf_free(&opt_explode);
	buf_init(&opt_explode);
	opt_uniq = 1;
	T_STREQ(csv_of("{\"a\":1}\n{\"a\":1}\n{\"a\":2}\n{\"a\":1}\n", &failed),
	    "a\n1\n2\n1\n", "--uniq drops only adjacent repeats");
	opt_uniq = 0;
}

int
main(void)
{
	test_bounds();
	test_reals();
	test_parser();
	test_quoting();
	test_records();
	free(doc.t);
	return t_done();
}
