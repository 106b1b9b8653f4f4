/*
 * test-np-pages.c - np-pages' core: decoding, the not-text rule, masthead
 * parsing, the weekday and lunar cross-checks, page splitting.
 */
#define main np_pages_main
#include "../../filters/np-pages.c"
#undef main

#include "t.h"

/* Decode all of s[0..n) (a whole file) into dc, as np-pages does. */
static void
decode_bytes(struct filter *f, const char *s, size_t n, struct decoded *dc)
{
	struct codec c;

	detect(f, s, n, 1, &c);
	if (!c.cd) {
		decode_utf8(s + c.skip, n - c.skip, dc);
		return;
	}
	iconv(c.cd, NULL, NULL, NULL, NULL);
	decode_iconv(c.cd, c.unit, s + c.skip, n - c.skip, dc, c.name, 1);
}

/* Decode bytes and compare the UTF-8 text and the undecodable count. */
static void
check_decode(struct filter *f, const char *bytes, size_t n, const char *want,
    size_t want_bad, const char *want_enc, const char *what)
{
	struct decoded dc;
	char msg[200];

	decoded_init(&dc);
	decode_bytes(f, bytes, n, &dc);
	snprintf(msg, sizeof(msg), "%s: text", what);
	T_STREQ(dc.text.s ? dc.text.s : "", want, msg);
	snprintf(msg, sizeof(msg), "%s: undecodable count", what);
	T_INTEQ(dc.bad.n, want_bad, msg);
	snprintf(msg, sizeof(msg), "%s: encoding", what);
	T_STREQ(dc.encoding, want_enc, msg);
	decoded_free(&dc);
}

static void
test_decode(struct filter *f)
{
	check_decode(f, "株洲\n", strlen("株洲\n"), "株洲\n", 0, "UTF-8", "UTF-8");
	check_decode(f, "\xEF\xBB\xBF株洲", 9, "株洲", 0, "UTF-8", "UTF-8 BOM");
	check_decode(f, "\xFF\xFE\x2A\x68\x32\x6D\x0A\x00", 8, "株洲\n", 0,
	    "UTF-16LE", "UTF-16LE BOM");
	check_decode(f, "\xFE\xFF\x68\x2A\x6D\x32\x00\x0A", 8, "株洲\n", 0,
	    "UTF-16BE", "UTF-16BE BOM");
	check_decode(f, "\xFF\xFE\0\0\x2A\x68\0\0", 8, "株", 0, "UTF-32LE",
	    "UTF-32LE BOM");
	check_decode(f, "\xD6\xEA\xD6\xDE\xC8\xD5\xB1\xA8\n", 9, "株洲日报\n", 0,
	    "GB18030", "GBK bytes");
	check_decode(f, "\xD6\xEA\xD6\xDE\xC8\xD5\xB1\xA8\x81", 9, "株洲日报\xEF\xBF\xBD",
	    1, "GB18030", "GBK with a truncated last character");
	check_decode(f, "a\xFF" "b", 3, "a\xEF\xBF\xBD" "b", 1, "UTF-8",
	    "one bad byte in ASCII stays UTF-8");
	check_decode(f, "\x2A\x68\x32\x6D\x0A\x00" "1\0" "2\0" "\n\0", 12, "株洲\n12\n", 0,
	    "UTF-16LE", "UTF-16LE without a BOM, given away by its NULs");
	check_decode(f, "\xFF\xFE\x2A", 3, "\xEF\xBF\xBD", 1, "UTF-16LE",
	    "UTF-16 cut in the middle of a unit");
	check_decode(f, "\xFF\xFE\x00\xD8\x41\x00", 6, "\xEF\xBF\xBD" "A", 1,
	    "UTF-16LE", "a lone surrogate");
	check_decode(f, "", 0, "", 0, "UTF-8", "empty input");
}

static void
test_not_text(struct filter *f)
{
	struct decoded dc;
	struct np_buf b;
	size_t bad, total;
	int i;

	decoded_init(&dc);
	buf_init(&b);
	for (i = 0; i < 100; i++)
		buf_adds(&b, "株洲");
	buf_add(&b, "\0\0\0\0\0", 5);
	decode_bytes(f, b.s, b.len, &dc);
	T_OK(!not_text(&dc, &bad, &total), "5 NULs in 205 characters is text");
	T_INTEQ(bad, 5, "they are counted");
	buf_reset(&b);
	for (i = 0; i < 100; i++)
		buf_add(&b, "\x01\x02\x89\xFF\x00\x10", 6);
	decode_bytes(f, b.s, b.len, &dc);
	T_OK(not_text(&dc, &bad, &total), "control bytes and garbage are not text");
	buf_reset(&b);
	buf_add(&b, "ab\0", 3);
	decode_bytes(f, b.s, b.len, &dc);
	T_OK(not_text(&dc, &bad, &total), "1 NUL in 3 characters is not text");
	buf_free(&b);
	decoded_free(&dc);
}

static void
test_numbers(void)
{
	T_INTEQ(number_value("2023", 4), 2023, "ASCII number");
	T_INTEQ(number_value("二〇二三", strlen("二〇二三")), 2023, "year in numerals");
	T_INTEQ(number_value("十二", strlen("十二")), 12, "十二");
	T_INTEQ(number_value("二十一", strlen("二十一")), 21, "二十一");
	T_INTEQ(number_value("十", strlen("十")), 10, "十");
	T_INTEQ(number_value("三十一", strlen("三十一")), 31, "三十一");
	T_INTEQ(number_value("x", 1), -1, "not a number");
}

/* Run filter_file on text and return the output (caller frees). */
static char *
run_file(struct filter *f, const char *name, const char *bytes, size_t n,
    int *rc)
{
	char *out = NULL;
	size_t len = 0;
	const char *why = NULL;
	FILE *fp = open_memstream(&out, &len);

	*rc = filter_file(f, name, bytes, n, fp, &why);
	fclose(fp);
	return out;
}

static void
test_masthead(struct filter *f)
{
	static const char page1[] =
	    "\n\n# 株洲日报\n\n2023年2月1日 星期三  \n"
	    "癸卯年正月十一 第23203期 今日8版  \n"
	    "中共株洲市委主管、主办 国内统一连续出版物号 CN 43-0005\n\n导读\n";
	static const char page2[] =
	    "\n\nZHUZHOU RIBAO\n\n株州日报\n\n2024年2月6日 星期二\n"
	    "癸卯年十二月廿七 第23562期 今日8版\n国内统一连续出版物号CN 43-0005\n\n"
	    "动真碰硬解难题 推动发展解民忧\n";
	struct masthead mh;

	parse_masthead(f, page1, strlen(page1), &mh);
	T_OK(mh.paper && mh.paper_len == strlen("株洲日报") &&
	    memcmp(mh.paper, "株洲日报", mh.paper_len) == 0, "layout 1: paper");
	T_OK(mh.y == 2023 && mh.m == 2 && mh.d == 1, "layout 1: date");
	T_STREQ(mh.weekday.s, "星期三", "layout 1: weekday");
	T_STREQ(mh.lunar.s, "癸卯年正月十一", "layout 1: lunar");
	T_INTEQ(mh.issue, 23203, "layout 1: issue");
	T_INTEQ(mh.page_count, 8, "layout 1: page count");
	T_STREQ(mh.cn.s, "CN 43-0005", "layout 1: CN");
	masthead_free(&mh);

	parse_masthead(f, page2, strlen(page2), &mh);
	T_OK(mh.paper && memcmp(mh.paper, "株洲日报", mh.paper_len) == 0,
	    "layout 2: 株州日报 is read as 株洲日报");
	T_OK(mh.y == 2024 && mh.m == 2 && mh.d == 6, "layout 2: date");
	T_STREQ(mh.lunar.s, "癸卯年十二月廿七", "layout 2: lunar");
	T_INTEQ(mh.issue, 23562, "layout 2: issue");
	masthead_free(&mh);

	/* A dateline is not a masthead. */
	parse_masthead(f, "\n株洲日报(全媒体记者/王某) 2月25日,市人大常委会调研。\n",
	    strlen("\n株洲日报(全媒体记者/王某) 2月25日,市人大常委会调研。\n"), &mh);
	T_OK(mh.paper == NULL && mh.y == 0, "a dateline gives no paper and no date");
	masthead_free(&mh);
	parse_masthead(f, "2023年2月1日，市委召开全体会议，研究部署全年工作。\n",
	    strlen("2023年2月1日，市委召开全体会议，研究部署全年工作。\n"), &mh);
	T_OK(mh.y == 0, "a body sentence starting with a date is no masthead");
	masthead_free(&mh);
	/* One line, full-width digits, Chinese numerals, 农历 prefix. */
	parse_masthead(f, "株洲曰报 ２０２３年２月１日 星期三 农历癸卯年正月十一\n",
	    strlen("株洲曰报 ２０２３年２月１日 星期三 农历癸卯年正月十一\n"), &mh);
	T_OK(mh.paper && mh.y == 2023 && mh.m == 2 && mh.d == 1,
	    "one-line masthead with full-width digits and 曰 for 日");
	T_STREQ(mh.lunar.s, "癸卯年正月十一", "lunar without the 农历 prefix");
	masthead_free(&mh);
	parse_masthead(f, "二〇二三年十二月二十日 星期三\n",
	    strlen("二〇二三年十二月二十日 星期三\n"), &mh);
	T_OK(mh.y == 2023 && mh.m == 12 && mh.d == 20, "date in Chinese numerals");
	T_OK(mh.lunar.len == 0, "十二月二十日 is not read as a lunar date");
	masthead_free(&mh);
	parse_masthead(f, "株 洲 日 报  ZHUZHOU RIBAO\n", strlen("株 洲 日 报  ZHUZHOU RIBAO\n"), &mh);
	T_OK(mh.paper && memcmp(mh.paper, "株洲日报", mh.paper_len) == 0,
	    "a paper name spaced out by OCR");
	masthead_free(&mh);
	parse_masthead(f, "株洲日报社\n2023年2月1日\n", strlen("株洲日报社\n2023年2月1日\n"), &mh);
	T_OK(mh.paper == NULL && mh.y == 2023, "株洲日报社 is not the masthead name");
	masthead_free(&mh);
	parse_masthead(f, "株洲日报\n2024.03.08 周五\n", strlen("株洲日报\n2024.03.08 周五\n"), &mh);
	T_OK(mh.y == 2024 && mh.m == 3 && mh.d == 8, "a date in figures: 2024.03.08");
	T_STREQ(mh.weekday.s, "周五", "weekday as 周五");
	masthead_free(&mh);
	parse_masthead(f, "株洲日报\n2024-3-8\n", strlen("株洲日报\n2024-3-8\n"), &mh);
	T_OK(mh.y == 2024 && mh.m == 3 && mh.d == 8, "and 2024-3-8");
	masthead_free(&mh);
	parse_masthead(f, "株洲日报\n2024.3-8\n", strlen("株洲日报\n2024.3-8\n"), &mh);
	T_OK(mh.y == 0, "mixed separators are no date");
	masthead_free(&mh);
	parse_masthead(f, "第3期\n", 8, &mh);
	T_INTEQ(mh.issue, -1, "a lone 第3期 does not make a masthead");
	masthead_free(&mh);
}

static void
test_records(struct filter *f)
{
	char *out;
	int rc;
	static const char wrong[] = "株洲日报\n2023年2月2日 星期三\n癸卯年正月十一\n\n正文";
	static const char right[] = "株洲日报\n2023年2月1日 星期三\n癸卯年正月十一\n\n正文";

	out = run_file(f, "a.txt", right, strlen(right), &rc);
	T_OK(rc == 0 && out && !strstr(out, "warnings"),
	    "a consistent masthead has no warnings");
	free(out);
	out = run_file(f, "a.txt", wrong, strlen(wrong), &rc);
	T_OK(out && strstr(out, "weekday 星期三 does not match 2023-02-02 (星期四)"),
	    "a weekday mismatch is a warning");
	T_OK(out && strstr(out, "lunar date 癸卯年正月十一 does not match "
	    "2023-02-02 (癸卯年正月十二)"), "a lunar mismatch is a warning");
	free(out);
	out = run_file(f, "a.txt", "株洲日报\n2023年2月30日\n", 
	    strlen("株洲日报\n2023年2月30日\n"), &rc);
	T_OK(out && strstr(out, "\"date\":null") &&
	    strstr(out, "masthead date 2023年2月30日 is not a valid date"),
	    "an impossible masthead date is reported, not used");
	free(out);
	out = run_file(f, "b.txt", "one\r\ntwo\rthree\fpage two\f",
	    strlen("one\r\ntwo\rthree\fpage two\f"), &rc);
	T_OK(out && strstr(out, "\"text\":\"one\\ntwo\\nthree\"") &&
	    strstr(out, "\"page\":2") && !strstr(out, "\"page\":3"),
	    "CRLF and CR normalised; form feeds split pages; a final one does not");
	free(out);
	out = run_file(f, "c.txt", "x\0y\n", 4, &rc);
	T_OK(rc == -1, "1 NUL in 4 characters: not text");
	free(out);
	out = run_file(f, "c.txt", "some text here with a NUL\0 in it\n", 33, &rc);
	T_OK(rc == 0 && out && strstr(out, "1 NUL byte replaced with U+FFFD") &&
	    strstr(out, "NUL\xEF\xBF\xBD in"), "a stray NUL becomes U+FFFD and a warning");
	free(out);
}

static void
test_dates(void)
{
	int y, m, d;

	T_INTEQ(parse_iso_date("2024-02-29", &y, &m, &d), 0, "2024-02-29 is a date");
	T_INTEQ(parse_iso_date("2023-02-29", &y, &m, &d), -1, "2023-02-29 is not");
	T_INTEQ(parse_iso_date("2023-2-1", &y, &m, &d), -1, "2023-2-1 is malformed");
	T_INTEQ(parse_iso_date("2023-02-01x", &y, &m, &d), -1, "trailing junk");
}

/*
 * Stream bytes as np-pages reads a file: the first `head` bytes decide the
 * encoding, the rest comes `chunk` bytes at a time (caller frees).
 */
static char *
run_chunked(struct filter *f, const char *bytes, size_t n, size_t head,
    size_t chunk)
{
	struct stream st;
	char *out = NULL;
	size_t len = 0, pos;
	const char *why = NULL;
	FILE *fp = open_memstream(&out, &len);

	stream_init(&st, f, "x.txt", fp);
	if (head > n)
		head = n;
	if (stream_begin(&st, bytes, head, head == n, &why) == 0) {
		for (pos = head; pos < n; pos += chunk) {
			size_t k = n - pos < chunk ? n - pos : chunk;

			/* odd chunks: the last one says so; even: an empty
			 * read ends the file, as when its size is a multiple
			 * of the chunk size */
			stream_more(&st, bytes + pos, k, pos + k == n && chunk % 2);
		}
		if (head < n && chunk % 2 == 0)
			stream_more(&st, "", 0, 1);
		stream_end(&st);
	}
	stream_free(&st);
	fclose(fp);
	return out;
}

/* Every way of cutting the input gives the records of the whole file. */
static void
check_chunks(struct filter *f, const char *bytes, size_t n, size_t head,
    const char *what)
{
	char *whole, *part, msg[200];
	size_t chunk, h, bad = 0, tries = 0;
	int rc;

	whole = run_file(f, "x.txt", bytes, n, &rc);
	for (h = head; h <= n; h++)
		for (chunk = 1; chunk <= 9; chunk++) {
			part = run_chunked(f, bytes, n, h, chunk);
			if (strcmp(part, whole) != 0 && bad++ == 0)
				fprintf(stderr, "# %s: head %zu chunk %zu:\n# %s# want\n"
				    "# %s", what, h, chunk, part, whole);
			tries++;
			free(part);
		}
	snprintf(msg, sizeof(msg), "%s: %zu cuts read in chunks = whole file",
	    what, tries);
	T_OK(bad == 0 && tries > 0, "%s", msg);
	free(whole);
}

static void
test_stream(struct filter *f)
{
	/* Clean text first (the not-text rule is decided on the head), then
	 * form feeds, CR LF, bad bytes and cut sequences near every cut. */
	static const char u8[] = "株洲日报株洲日报株洲日报\r\n2024年3月5日\r\n"
	    "星期二\f第二版\r\r\n株\xe4\xbb" "H\xff\0洲\f\f末\r";
	static const char u16[] = "\xFF\xFE\x2A\x68\x32\x6D\x2A\x68\x32\x6D"
	    "\x2A\x68\x32\x6D\x2A\x68\x32\x6D\x2A\x68\x32\x6D\x0D\x00\x0A\x00"
	    "\x0C\x00\x32\x6D\x3D\xD8\x00\xDE\x0C\x00\x00\xD8" "A\0\x0C\x00";
	static const char gbk[] = "\xD6\xEA\xD6\xDE\xC8\xD5\xB1\xA8"
	    "\xD6\xEA\xD6\xDE\xC8\xD5\xB1\xA8\xD6\xEA\xD6\xDE\xC8\xD5\xB1\xA8\xD6\xEA"
	    "\xD6\xDE\xC8\xD5\xB1\xA8\n\x0C\xB1\xA8\x81\x30\x86\x38\r\n\x0C"
	    "\xD6\xEA\xFF\xD6";
	static const char u32[] = "\0\0\xFE\xFF\0\0\x68\x2A\0\0\x6D\x32"
	    "\0\0\x68\x2A\0\0\x6D\x32\0\0\x68\x2A\0\0\x6D\x32\0\0\x68\x2A"
	    "\0\0\0\x0C\0\0\x6D\x32\0\0\0\x0D\0\0\0\x0A\0\0\x6D";

	check_chunks(f, u8, sizeof(u8) - 1, 0, "UTF-8");
	check_chunks(f, u16, sizeof(u16) - 1, 2, "UTF-16LE with a BOM");
	check_chunks(f, gbk, sizeof(gbk) - 1, 16, "GB18030");
	check_chunks(f, u32, sizeof(u32) - 1, 4, "UTF-32BE, cut short");
}

int
main(void)
{
	struct filter *f;

	np_setprogname("test-np-pages");
	f = filter_new();
	test_decode(f);
	test_not_text(f);
	test_numbers();
	test_masthead(f);
	test_records(f);
	test_stream(f);
	test_dates();
	filter_free(f);
	return t_done();
}
