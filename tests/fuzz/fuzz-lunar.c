/*
 * fuzz-lunar.c - libFuzzer harness for lib/lunar.c, the lunisolar
 * calendar: any integers in, and the conversions must agree with each
 * other (round trips, month lengths, leap months, 干支 names).
 */
#include "fuzz.h"
#include "lunar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
take(const uint8_t **d, size_t *n)
{
	int v = 0, i;

	for (i = 0; i < 2; i++) {
		v = v << 8;
		if (*n > 0) {
			v |= **d;
			(*d)++, (*n)--;
		}
	}
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *d = data;
	size_t n = size;
	struct lunar_date ld, ld2;
	int y, m, day, y2, m2, d2, days, leap, g;
	char name[7];

	/* Gregorian dates near and past the table's range, and nonsense. */
	y = 1850 + take(&d, &n) % 300;
	m = take(&d, &n) % 15 - 1;
	day = take(&d, &n) % 34 - 1;
	if (lunar_from_gregorian(y, m, day, &ld) == 0) {
		FUZZ_CHECK(ld.month >= 1 && ld.month <= 12);
		FUZZ_CHECK(ld.day >= 1 && ld.day <= 30);
		FUZZ_CHECK(ld.day <= lunar_month_days(ld.year, ld.month, ld.leap));
		FUZZ_CHECK(!ld.leap || lunar_leap_month(ld.year) == ld.month);
		FUZZ_CHECK(lunar_to_gregorian(&ld, &y2, &m2, &d2) == 0);
		FUZZ_CHECK(y2 == y && m2 == m && d2 == day);
		g = ganzhi_of_year(ld.year);
		FUZZ_CHECK(g >= 0 && g < 60);
		ganzhi_name(g, name);
		FUZZ_CHECK(ganzhi_index(name, strlen(name)) == g);
		FUZZ_CHECK(weekday_of(y, m, day) >= 0 && weekday_of(y, m, day) < 7);
	}

	/* Lunar dates, real or not. */
	ld.year = 1850 + take(&d, &n) % 300;
	ld.month = take(&d, &n) % 15 - 1;
	ld.leap = take(&d, &n) % 2;
	ld.day = take(&d, &n) % 33 - 1;
	days = lunar_month_days(ld.year, ld.month, ld.leap);
	leap = lunar_leap_month(ld.year);
	FUZZ_CHECK(days == 0 || days == 29 || days == 30);
	FUZZ_CHECK(leap >= 0 && leap <= 12);
	if (ld.leap && ld.month != leap)
		FUZZ_CHECK(days == 0);
	if (lunar_to_gregorian(&ld, &y2, &m2, &d2) == 0) {
		FUZZ_CHECK(ld.day >= 1 && ld.day <= days);
		FUZZ_CHECK(lunar_from_gregorian(y2, m2, d2, &ld2) == 0);
		FUZZ_CHECK(ld2.year == ld.year && ld2.month == ld.month &&
		    ld2.leap == ld.leap && ld2.day == ld.day);
	} else if (days > 0 && ld.day >= 1 && ld.day <= days) {
		/* The month exists and so does the day: only the edge of the
		 * table may refuse it. */
		FUZZ_CHECK(ld.year <= 1900 || ld.year >= 2100);
	}

	/* 干支 names from arbitrary bytes. */
	g = ganzhi_index((const char *)d, n);
	FUZZ_CHECK(g >= -1 && g < 60);
	if (g >= 0) {
		ganzhi_name(g, name);
		FUZZ_CHECK(ganzhi_index(name, strlen(name)) == g);
	}
	return 0;
}
