/*
 * lunar.c - the Chinese lunisolar calendar for lunar years 1900-2100,
 * driven by data/lunar.txt (one line per lunar year: the Gregorian date of
 * its 正月初一, its leap month and the length of every month).
 *
 * No state is kept between calls: each call finds the year it needs in the
 * compiled-in table (a binary search over its bytes, a few short lines
 * parsed), which keeps the library free of mutable globals.
 */
#include <string.h>

#include "np.h"
#include "lunar.h"

#define LUNAR_FIRST 1900
#define LUNAR_LAST 2100

/* One lunar year from the table. */
struct lunar_year {
	int year;
	long start;		/* day number of 正月初一 */
	int leap;		/* month the leap month follows, or 0 */
	int nmonths;		/* 12 or 13 */
	int len[13];		/* month lengths in calendar order */
};

static const char *const gan = "甲乙丙丁戊己庚辛壬癸";
static const char *const zhi = "子丑寅卯辰巳午未申酉戌亥";

/*
 * Days since 1970-01-01 of a proleptic Gregorian date (the usual
 * era-of-400-years computation, for any year).
 */
long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
valid_gregorian(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Parse a decimal field of exactly its length; -1 when not all digits. */
static long
field_num(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parse "30,29,..." into ly->len; 0 on success. */
static int
parse_lengths(const char *s, size_t n, struct lunar_year *ly)
{
	size_t i = 0, j;

	ly->nmonths = 0;
	while (i < n) {
		long v;

		for (j = i; j < n && s[j] != ','; j++)
			;
		v = field_num(s + i, j - i);
		if ((v != 29 && v != 30) || ly->nmonths == 13)
			return -1;
		ly->len[ly->nmonths++] = (int)v;
		i = j + 1;
	}
	return ly->nmonths == (ly->leap ? 13 : 12) ? 0 : -1;
}

/* Start of the line that holds byte p. */
static size_t
line_start(const char *data, size_t p)
{
	while (p > 0 && data[p - 1] != '\n')
		p--;
	return p;
}

/* Fill ly from the fields of one table line; 0 on success. */
static int
parse_year(int year, const char **f, const size_t *n, struct lunar_year *ly)
{
	long y, mo, d, leap;

	if (n[1] != 10 || f[1][4] != '-' || f[1][7] != '-')
		return -1;
	y = field_num(f[1], 4);
	mo = field_num(f[1] + 5, 2);
	d = field_num(f[1] + 8, 2);
	leap = field_num(f[2], n[2]);
	if (y < 0 || mo < 0 || d < 0 || leap < 0 || leap > 12 ||
	    !valid_gregorian((int)y, (int)mo, (int)d))
		return -1;
	ly->year = year;
	ly->start = days_from_civil((int)y, (int)mo, (int)d);
	ly->leap = (int)leap;
	return parse_lengths(f[3], n[3], ly);
}

/*
 * Find lunar year `year` in data/lunar.txt (lines in year order after the
 * comment header) by binary search over its bytes; 0 on success, -1 when
 * absent.
 */
static int
find_year(int year, struct lunar_year *ly)
{
	const char *data, *f[4];
	size_t len, lo, hi, n[4];

	if (year < LUNAR_FIRST || year > LUNAR_LAST)
		return -1;
	data = np_data("lunar.txt", &len);
	lo = 0;
	hi = len;
	while (lo < hi) {
		size_t mid = line_start(data, lo + (hi - lo) / 2), pos = mid;
		long y;

		if (np_table_next(data, len, &pos, f, n, 4) != 4) {
			hi = mid;
			continue;
		}
		y = field_num(f[0], n[0]);
		if (y == year)
			return parse_year(year, f, n, ly);
		if (y >= 0 && y < year)
			lo = pos;
		else
			hi = mid;
	}
	return -1;
}

/* Index into ly->len of month/leap, or -1 when the year has no such month. */
static int
month_index(const struct lunar_year *ly, int month, int leap)
{
	if (month < 1 || month > 12)
		return -1;
	if (leap)
		return ly->leap == month ? month : -1;
	return month - 1 + (ly->leap && month > ly->leap);
}

int
lunar_from_gregorian(int y, int m, int d, struct lunar_date *out)
{
	struct lunar_year ly;
	long day, off;
	int i;

	if (!valid_gregorian(y, m, d))
		return -1;
	day = days_from_civil(y, m, d);
	/* 正月初一 falls between Jan 21 and Feb 20: year y or y - 1. */
	if (find_year(y, &ly) != 0 || day < ly.start) {
		if (find_year(y - 1, &ly) != 0 || day < ly.start)
			return -1;
	}
	off = day - ly.start;
	for (i = 0; i < ly.nmonths; i++) {
		if (off < ly.len[i])
			break;
		off -= ly.len[i];
	}
	if (i == ly.nmonths)
		return -1;	/* past the end of the last year in the table */
	out->year = ly.year;
	out->leap = ly.leap && i == ly.leap;
	out->month = i + 1 - (ly.leap && i >= ly.leap);
	out->day = (int)off + 1;
	return 0;
}

int
lunar_to_gregorian(const struct lunar_date *ld, int *y, int *m, int *d)
{
	struct lunar_year ly;
	long day;
	int i, k;

	if (find_year(ld->year, &ly) != 0)
		return -1;
	k = month_index(&ly, ld->month, ld->leap);
	if (k < 0 || ld->day < 1 || ld->day > ly.len[k])
		return -1;
	day = ly.start;
	for (i = 0; i < k; i++)
		day += ly.len[i];
	civil_from_days(day + ld->day - 1, y, m, d);
	return 0;
}

int
lunar_month_days(int year, int month, int leap)
{
	struct lunar_year ly;
	int k;

	if (find_year(year, &ly) != 0)
		return 0;
	k = month_index(&ly, month, leap);
	return k < 0 ? 0 : ly.len[k];
}

int
lunar_leap_month(int year)
{
	struct lunar_year ly;

	return find_year(year, &ly) == 0 ? ly.leap : 0;
}

int
ganzhi_of_year(int year)
{
	return ((year - 1984) % 60 + 60) % 60;
}

/* Position 0..n-1 of the 3-byte UTF-8 character s in the list, or -1. */
static int
char_index(const char *list, const char *s)
{
	int i;

	for (i = 0; list[3 * i]; i++)
		if (memcmp(list + 3 * i, s, 3) == 0)
			return i;
	return -1;
}

int
ganzhi_index(const char *s, size_t len)
{
	int g, z, i;

	if (len != 6)
		return -1;
	g = char_index(gan, s);
	z = char_index(zhi, s + 3);
	if (g < 0 || z < 0)
		return -1;
	for (i = 0; i < 60; i++)
		if (i % 10 == g && i % 12 == z)
			return i;
	return -1;	/* a stem and branch of different parity never pair */
}

void
ganzhi_name(int index, char out[7])
{
	index = (index % 60 + 60) % 60;
	memcpy(out, gan + 3 * (index % 10), 3);
	memcpy(out + 3, zhi + 3 * (index % 12), 3);
	out[6] = '\0';
}

int
weekday_of(int y, int m, int d)
{
	long z = days_from_civil(y, m, d);

	/* 1970-01-01 was a Thursday (4). */
	return (int)(((z % 7) + 7 + 4) % 7);
}

static const char *const numeral[] = {
	"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"
};

/* 1..10 for a single numeral character of `len` bytes at s, else 0. */
static int
numeral_value(const char *s, size_t len)
{
	int i;

	for (i = 1; i <= 10; i++)
		if (len == strlen(numeral[i]) && memcmp(s, numeral[i], len) == 0)
			return i;
	return 0;
}

int
lunar_month_number(const char *s, size_t len)
{
	int a, b;

	if (len == 3) {
		if (memcmp(s, "正", 3) == 0)
			return 1;
		if (memcmp(s, "冬", 3) == 0)
			return 11;
		if (memcmp(s, "腊", 3) == 0 || memcmp(s, "臘", 3) == 0)
			return 12;
		a = numeral_value(s, 3);
		return a ? a : -1;
	}
	if (len == 6 && memcmp(s, "十", 3) == 0) {
		b = numeral_value(s + 3, 3);
		return b == 1 || b == 2 ? 10 + b : -1;
	}
	return -1;
}

int
lunar_day_number(const char *s, size_t len)
{
	int b;

	if (len == 3 && memcmp(s, "卅", 3) == 0)
		return 30;
	if (len != 6)
		return -1;
	b = numeral_value(s + 3, 3);
	if (b == 0)
		return -1;
	if (memcmp(s, "初", 3) == 0)
		return b;
	if (memcmp(s, "十", 3) == 0)
		return b < 10 ? 10 + b : -1;
	if (memcmp(s, "廿", 3) == 0)
		return b < 10 ? 20 + b : -1;
	if (memcmp(s, "二", 3) == 0)
		return b == 10 ? 20 : -1;
	if (memcmp(s, "三", 3) == 0)
		return b == 10 ? 30 : -1;
	return -1;
}

void
lunar_format(const struct lunar_date *ld, int with_year, char *out)
{
	struct np_buf b;
	int m = ld->month, d = ld->day;

	buf_init(&b);
	if (with_year) {
		char gz[7];

		ganzhi_name(ganzhi_of_year(ld->year), gz);
		buf_adds(&b, gz);
		buf_adds(&b, "年");
	}
	if (ld->leap)
		buf_adds(&b, "闰");
	if (m == 1)
		buf_adds(&b, "正");
	else if (m >= 2 && m <= 10)
		buf_adds(&b, numeral[m]);
	else if (m == 11 || m == 12)
		buf_printf(&b, "十%s", numeral[m - 10]);
	buf_adds(&b, "月");
	if (d >= 1 && d <= 10)
		buf_printf(&b, "初%s", numeral[d]);
	else if (d > 10 && d < 20)
		buf_printf(&b, "十%s", numeral[d - 10]);
	else if (d == 20)
		buf_adds(&b, "二十");
	else if (d > 20 && d < 30)
		buf_printf(&b, "廿%s", numeral[d - 20]);
	else if (d == 30)
		buf_adds(&b, "三十");
	snprintf(out, LUNAR_NAME_MAX, "%s", b.s ? b.s : "");
	buf_free(&b);
}
