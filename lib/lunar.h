/*
 * lunar.h - the Chinese lunisolar calendar, 1900-2100, from the table in
 * data/lunar.txt; shared by np-pages (masthead cross-check) and np-dates
 * (lunar date expressions).
 */
#ifndef NP_LUNAR_H
#define NP_LUNAR_H

/* A lunar date. `year` is the Gregorian year in which that lunar year began
 * (its 正月初一), so 癸卯年 is 2023. */
struct lunar_date {
	int year;
	int month;	/* 1..12 */
	int leap;	/* 1 for a leap (闰) month */
	int day;	/* 1..30 */
};

/* Gregorian to lunar; 0 on success, -1 outside the table's range (lunar
 * years 1900-2100: Gregorian 1900-01-31 to 2101-01-28). */
int lunar_from_gregorian(int y, int m, int d, struct lunar_date *out);
/* Lunar to Gregorian; 0 on success, -1 when no such day exists. */
int lunar_to_gregorian(const struct lunar_date *ld, int *y, int *m, int *d);
/* Days in lunar month (29 or 30), 0 when it does not exist. */
int lunar_month_days(int year, int month, int leap);
/* The leap month of a lunar year (1..12), or 0. */
int lunar_leap_month(int year);
/* Stem-branch (干支) index 0..59 of a lunar year: 0 is 甲子 (1984). */
int ganzhi_of_year(int year);
/* The index 0..59 of a two-character 干支 name in UTF-8 ("癸卯"), or -1. */
int ganzhi_index(const char *s, size_t len);
/* Write the 干支 name of index 0..59 (UTF-8, 6 bytes + NUL) to out. */
void ganzhi_name(int index, char out[7]);
/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
long days_from_civil(int y, int m, int d);
void civil_from_days(long z, int *y, int *m, int *d);
/* Day of week, 0 = Sunday, for a Gregorian date. */
int weekday_of(int y, int m, int d);

/*
 * Lunar month and day names (UTF-8, exact length, no 闰 and no 月):
 * "正" "一".."十二" "冬" "腊" give 1..12; "初一".."初十", "十一".."十九",
 * "二十", "廿一".."廿九", "三十", "卅" give 1..30.  -1 for anything else.
 */
int lunar_month_number(const char *s, size_t len);
int lunar_day_number(const char *s, size_t len);
/*
 * Write a lunar date the way Chinese calendars print it, "癸卯年正月十一"
 * (with_year 1) or "闰二月初一" (with_year 0), NUL-terminated, to out
 * (size at least LUNAR_NAME_MAX).  Months 11 and 12 are written 十一月 and
 * 十二月.
 */
#define LUNAR_NAME_MAX 40
void lunar_format(const struct lunar_date *ld, int with_year, char *out);

#endif
