/*
 * test-lunar.c - unit tests for lib/lunar.c: conversions both ways, month
 * lengths, leap months, 干支 and weekdays, and a round trip over every day
 * of the table.
 */
#include <string.h>

#include "np.h"
#include "lunar.h"
#include "t.h"

/* Gregorian -> lunar, compared with an expected lunar date. */
static void
check_g2l(int y, int m, int d, int ly, int lm, int leap, int ld)
{
	struct lunar_date l;
	int ok;

	ok = lunar_from_gregorian(y, m, d, &l) == 0 && l.year == ly &&
	    l.month == lm && l.leap == leap && l.day == ld;
	T_OK(ok, "%04d-%02d-%02d is lunar %d %s%d/%d", y, m, d, ly,
	    leap ? "leap " : "", lm, ld);
}

static void
test_known_dates(void)
{
	/* 2023-02-01: 癸卯年正月十一, a Wednesday. */
	check_g2l(2023, 2, 1, 2023, 1, 0, 11);
	check_g2l(2023, 1, 22, 2023, 1, 0, 1);
	check_g2l(2023, 1, 21, 2022, 12, 0, 30);
	/* 2023 has a leap second month: 闰二月初一 = 2023-03-22. */
	check_g2l(2023, 3, 22, 2023, 2, 1, 1);
	check_g2l(2023, 4, 20, 2023, 3, 0, 1);
	/* 2033: the leap month is the 11th (闰十一月), a classic table error. */
	check_g2l(2033, 12, 22, 2033, 11, 1, 1);
	check_g2l(1900, 1, 31, 1900, 1, 0, 1);
	check_g2l(1949, 10, 1, 1949, 8, 0, 10);
	check_g2l(2000, 2, 5, 2000, 1, 0, 1);
	check_g2l(2100, 12, 31, 2100, 12, 0, 1);
	/* 1984 new year: 甲子年正月初一 = 1984-02-02. */
	check_g2l(1984, 2, 2, 1984, 1, 0, 1);
}

static void
test_range(void)
{
	struct lunar_date l;
	int y, m, d;

	T_INTEQ(lunar_from_gregorian(1900, 1, 30, &l), -1,
	    "before the first lunar year of the table");
	T_INTEQ(lunar_from_gregorian(2101, 1, 28, &l), 0,
	    "the last day of lunar 2100");
	T_INTEQ(lunar_from_gregorian(2101, 1, 29, &l), -1,
	    "past the last lunar year of the table");
	T_INTEQ(lunar_from_gregorian(2023, 2, 29, &l), -1, "2023-02-29 is no date");
	T_INTEQ(lunar_from_gregorian(2023, 13, 1, &l), -1, "month 13 is no date");
	l.year = 2023; l.month = 2; l.leap = 1; l.day = 30;
	T_INTEQ(lunar_to_gregorian(&l, &y, &m, &d), -1,
	    "闰二月三十 2023 does not exist (29 days)");
	l.year = 2024; l.month = 2; l.leap = 1; l.day = 1;
	T_INTEQ(lunar_to_gregorian(&l, &y, &m, &d), -1, "2024 has no 闰二月");
	l.year = 2023; l.month = 1; l.leap = 0; l.day = 11;
	T_OK(lunar_to_gregorian(&l, &y, &m, &d) == 0 && y == 2023 && m == 2 &&
	    d == 1, "正月十一 2023 is 2023-02-01");
	T_INTEQ(lunar_month_days(2023, 2, 1), 29, "2023 闰二月 has 29 days");
	T_INTEQ(lunar_month_days(2023, 2, 0), 30, "2023 二月 has 30 days");
	T_INTEQ(lunar_month_days(2023, 5, 1), 0, "2023 has no 闰五月");
	T_INTEQ(lunar_leap_month(2023), 2, "2023 leaps after month 2");
	T_INTEQ(lunar_leap_month(2024), 0, "2024 has no leap month");
	T_INTEQ(lunar_leap_month(2033), 11, "2033 leaps after month 11");
	T_INTEQ(lunar_leap_month(1899), 0, "outside the table");
	for (y = 1900, m = 0; y <= 2100; y++)
		if (lunar_month_days(y, 1, 0) == 0)
			m++;
	T_INTEQ(m, 0, "every lunar year 1900-2100 is found in the table");
	T_INTEQ(lunar_month_days(1899, 1, 0), 0, "1899 is not");
	T_INTEQ(lunar_month_days(2101, 1, 0), 0, "2101 is not");
}

/* Every day from 1900-01-31 to 2101-01-28 converts and comes back, and
 * consecutive days step through the lunar calendar one day at a time. */
static void
test_round_trip(void)
{
	int y = 1900, m = 1, d = 31, bad = 0, steps = 0, days = 0;
	struct lunar_date l, prev = { 0, 0, 0, 0 };
	int have_prev = 0;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	while (!(y == 2101 && m == 1 && d == 29)) {
		int y2, m2, d2, ml;

		days++;
		if (lunar_from_gregorian(y, m, d, &l) != 0 ||
		    lunar_to_gregorian(&l, &y2, &m2, &d2) != 0 ||
		    y2 != y || m2 != m || d2 != d) {
			bad++;
		} else if (have_prev) {
			ml = lunar_month_days(prev.year, prev.month, prev.leap);
			if (prev.day < ml) {
				if (l.year != prev.year || l.month != prev.month ||
				    l.leap != prev.leap || l.day != prev.day + 1)
					steps++;
			} else if (l.day != 1) {
				steps++;
			}
		}
		prev = l;
		have_prev = 1;
		if (++d > mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
		    y % 400 == 0))) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	T_INTEQ(bad, 0, "%d days round-trip Gregorian -> lunar -> Gregorian", days);
	T_INTEQ(steps, 0, "consecutive days advance one lunar day");
}

static void
test_ganzhi_weekday(void)
{
	char name[7];

	T_INTEQ(ganzhi_of_year(1984), 0, "1984 is 甲子");
	T_INTEQ(ganzhi_of_year(2023), 39, "2023 is 癸卯 (39)");
	ganzhi_name(ganzhi_of_year(2023), name);
	T_STREQ(name, "癸卯", "name of 2023");
	ganzhi_name(ganzhi_of_year(1900), name);
	T_STREQ(name, "庚子", "name of 1900");
	T_INTEQ(ganzhi_index("癸卯", strlen("癸卯")), 39, "index of 癸卯");
	T_INTEQ(ganzhi_index("甲丑", strlen("甲丑")), -1, "甲丑 is no 干支");
	T_INTEQ(ganzhi_index("甲", strlen("甲")), -1, "one character is no 干支");
	T_INTEQ(weekday_of(2023, 2, 1), 3, "2023-02-01 is a Wednesday");
	T_INTEQ(weekday_of(1970, 1, 1), 4, "1970-01-01 is a Thursday");
	T_INTEQ(weekday_of(1900, 1, 1), 1, "1900-01-01 is a Monday");
	T_INTEQ(weekday_of(2000, 2, 29), 2, "2000-02-29 is a Tuesday");
}

static void
test_names(void)
{
	static const char *const months[] = { "正", "二", "三", "四", "五",
		"六", "七", "八", "九", "十", "十一", "十二" };
	struct lunar_date l = { 2023, 1, 0, 11 };
	char out[LUNAR_NAME_MAX];
	int i, bad = 0;

	lunar_format(&l, 1, out);
	T_STREQ(out, "癸卯年正月十一", "format 2023 1/11 with the year");
	l.month = 12; l.day = 27;
	lunar_format(&l, 1, out);
	T_STREQ(out, "癸卯年十二月廿七", "format 十二月廿七");
	l.month = 2; l.leap = 1; l.day = 1;
	lunar_format(&l, 0, out);
	T_STREQ(out, "闰二月初一", "format a leap month without the year");
	l.leap = 0; l.day = 20;
	lunar_format(&l, 0, out);
	T_STREQ(out, "二月二十", "day 20 is 二十");
	l.day = 30;
	lunar_format(&l, 0, out);
	T_STREQ(out, "二月三十", "day 30 is 三十");
	for (i = 0; i < 12; i++)
		if (lunar_month_number(months[i], strlen(months[i])) != i + 1)
			bad++;
	T_INTEQ(bad, 0, "month names 正..十二 parse to 1..12");
	T_INTEQ(lunar_month_number("冬", 3), 11, "冬月 is 11");
	T_INTEQ(lunar_month_number("腊", 3), 12, "腊月 is 12");
	T_INTEQ(lunar_month_number("十三", 6), -1, "十三 is no month");
	T_INTEQ(lunar_month_number("", 0), -1, "empty is no month");
	/* every day name that lunar_format writes parses back */
	for (i = 1, bad = 0; i <= 30; i++) {
		const char *p;

		l.leap = 0; l.month = 3; l.day = i;
		lunar_format(&l, 0, out);
		p = strstr(out, "月") + 3;
		if (lunar_day_number(p, strlen(p)) != i)
			bad++;
	}
	T_INTEQ(bad, 0, "day names 初一..三十 parse back to 1..30");
	T_INTEQ(lunar_day_number("廿七", 6), 27, "廿七 is 27");
	T_INTEQ(lunar_day_number("卅", 3), 30, "卅 is 30");
	T_INTEQ(lunar_day_number("十", 3), -1, "十 alone is no lunar day");
	T_INTEQ(lunar_day_number("初十一", 9), -1, "初十一 is no lunar day");
	T_INTEQ(lunar_day_number("三十一", 9), -1, "三十一 is no lunar day");
}

int
main(void)
{
	test_names();
	test_known_dates();
	test_range();
	test_round_trip();
	test_ganzhi_weekday();
	return t_done();
}
