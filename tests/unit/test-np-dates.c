/*
 * test-np-dates.c - np-dates' expression families, one group of checks
 * each: numerals, partial dates, relative years and periods, ranges,
 * clock times, lunar dates, what is not a date, records without a page
 * date, and the offsets, fields and precisions of the output.
 */
#define main np_dates_main
#include "../../filters/np-dates.c"
#undef main

#include "t.h"

/*
 * Run the filter on one record {"date": date, "text": text} (date may be
 * NULL) and describe what it found as "text=value text=value ...".
 */
/*
 * Run filter_record on rec and return the record it wrote, parsed (NULL
 * when it rejected rec, with *why set).  Takes rec.
 */
static json_t *
run(struct filter *f, json_t *rec, const char **why)
{
	char *text = NULL;
	size_t len = 0;
	json_t *back = NULL;
	FILE *out = open_memstream(&text, &len);

	if (out && filter_record(f, rec, out, why) == 0) {
		fclose(out);
		back = json_loadb(text, len, 0, NULL);
	} else if (out) {
		fclose(out);
	}
	free(text);
	json_decref(rec);
	return back;
}

static char *
found(struct filter *f, const char *date, const char *text)
{
	struct np_buf b;
	json_t *rec, *dates, *d;
	const char *why = NULL;
	size_t i;

	rec = ejson_object();
	if (date)
		record_set_str(rec, "date", date, (size_t)-1);
	record_set_str(rec, "text", text, (size_t)-1);
	if ((rec = run(f, rec, &why)) == NULL)
		return estrdup("(rejected)");
	buf_init(&b);
	buf_adds(&b, "");
	dates = json_object_get(rec, "dates");
	json_array_foreach(dates, i, d) {
		if (i)
			buf_addc(&b, ' ');
		buf_printf(&b, "%s=%s",
		    json_string_value(json_object_get(d, "text")),
		    json_string_value(json_object_get(d, "value")));
	}
	json_decref(rec);
	return buf_take(&b);
}

static void
check(struct filter *f, const char *date, const char *text, const char *want)
{
	char *got = found(f, date, text), *what = estrdup(text), *p;

	for (p = what; *p; p++)
		if (*p == '\n')
			*p = '|';
	T_STREQ(got, want, "%s", what);
	free(what);
	free(got);
}

static void
test_numerals(struct filter *f)
{
	check(f, "2025-03-01", "2月25日,调研", "2月25日=2025-02-25");
	check(f, "2025-03-01", "总结2024年工作,部署2025年工作",
	    "2024年=2024 2025年=2025");
	check(f, "2025-03-01", "2024年12月23日,学习", "2024年12月23日=2024-12-23");
	check(f, "2025-03-01", "2023年1月起施行", "2023年1月=2023-01");
	check(f, "1998-01-05", "１９９８年１月５日电", "１９９８年１月５日=1998-01-05");
	check(f, "1998-01-05", "截至１９９７年底", "１９９７年=1997");
	check(f, "2024-01-02", "二〇二三年十二月三十一日", "二〇二三年十二月三十一日=2023-12-31");
	check(f, "1998-01-02", "一九九八年新年讲话", "一九九八年=1998");
	check(f, "1998-01-02", "于十二月三十一日发表", "十二月三十一日=1997-12-31");
	check(f, "2024-05-02", "5月1号起", "5月1号=2024-05-01");
	check(f, "2024-05-02", "元月3日", "元月3日=2024-01-03");
	check(f, "1998-01-04", "公元３３０年,迁都", "３３０年=0330");
	check(f, "2024-11-05", "3月份以来", "3月份=2024-03");
	check(f, "2024-11-05", "OCR: 2024 年 11 月 4 日,共 3 个", "2024 年 11 月 4 日=2024-11-04");
	check(f, "2024-11-05", "2024年 3个项目", "2024年=2024");
	check(f, "2024-11-06", "于2024-11-05,2024.11.5发布", "2024-11-05=2024-11-05 2024.11.5=2024-11-05");
	check(f, "2024-11-06", "编号2024-11-05-001,版本2024.1.2.3,2023-2024赛季", "");
}

static void
test_partial(struct filter *f)
{
	check(f, "2024-02-06", "去年12月26日投产; 12月26日投产",
	    "去年12月26日=2023-12-26 12月26日=2023-12-26");
	check(f, "2021-03-01", "3月5日开幕", "3月5日=2021-03-05");
	check(f, "2021-03-01", "5月10日举行", "5月10日=2020-05-10");
	check(f, "2021-03-01", "大会将于5月10日举行", "5月10日=2021-05-10");
	check(f, "2024-11-05", "11月4日,会议", "11月4日=2024-11-04");
	check(f, "2025-03-01", "28日,会议召开", "28日=2025-02-28");
	check(f, "2025-03-01", "1日,会议召开", "1日=2025-03-01");
	check(f, "2025-03-01", "1月5日、8日召开", "1月5日=2025-01-05 8日=2025-01-08");
	check(f, "2025-03-01", "2023年1月、3月", "2023年1月=2023-01 3月=2023-03");
	check(f, "1998-01-20", "本月７日,上月１５日", "本月７日=1998-01-07 上月１５日=1997-12-15");
}

static void
test_relative(struct filter *f)
{
	check(f, "2024-02-06", "今年是,去年以来,明年,前年",
	    "今年=2024 去年=2023 明年=2025 前年=2022");
	check(f, "2024-02-06", "去年7月25日,出口", "去年7月25日=2023-07-25");
	check(f, "2025-03-01", "去年底,荣获", "去年底=2024-12");
	check(f, "2023-02-01", "年底将召开总结大会", "年底=2023-12");
	check(f, "2023-02-01", "今年年初", "今年年初=2023-01");
	check(f, "2023-02-01", "通报了2022年四季度及2022年全年",
	    "2022年四季度=2022-10/2022-12 2022年=2022");
	check(f, "2023-02-01", "2022年度全能冠军", "2022年度=2022");
	check(f, "2023-02-01", "四季度全能冠军", "四季度=2022-10/2022-12");
	check(f, "2021-03-15", "实现一季度开门红", "一季度=2021-01/2021-03");
	check(f, "2021-03-15", "今年第二季度", "今年第二季度=2021-04/2021-06");
	check(f, "2024-11-05", "今年1-10月,前三季度", "今年1-10月=2024-01/2024-10 "
	    "前三季度=2024-01/2024-09");
	check(f, "2024-11-05", "2024年上半年", "2024年上半年=2024-01/2024-06");
	check(f, "2024-11-05", "今年一至三季度,2023年1-2季度", "今年一至三季度=2024-01/2024-09 "
	    "2023年1-2季度=2023-01/2023-06");
	check(f, "1998-01-10", "比上一年增长", "上一年=1997");
	check(f, "1998-01-10", "上年度,本年度", "上年度=1997 本年度=1998");
	check(f, "2024-11-05", "去年8月,启动", "去年8月=2023-08");
}

static void
test_ranges(struct filter *f)
{
	check(f, "2025-03-01", "2月18日至19日,举行", "2月18日至19日=2025-02-18/2025-02-19");
	check(f, "2021-03-15", "3月11日-14日,培训", "3月11日-14日=2021-03-11/2021-03-14");
	check(f, "2021-03-15", "3月11-14日,培训", "3月11-14日=2021-03-11/2021-03-14");
	check(f, "2024-02-06", "去年2月27日至3月9日,举办",
	    "去年2月27日至3月9日=2023-02-27/2023-03-09");
	check(f, "2021-03-15", "2003年至2007年担任", "2003年至2007年=2003/2007");
	check(f, "2021-03-15", "2003—2007年担任", "2003—2007年=2003/2007");
	check(f, "2024-09-01", "6月26日至8月31日", "6月26日至8月31日=2024-06-26/2024-08-31");
	check(f, "2025-03-01", "18日至19日", "18日至19日=2025-02-18/2025-02-19");
	check(f, "2024-01-05", "12月28日至1月3日", "12月28日至1月3日=2023-12-28/2024-01-03");
	check(f, "2024-03-01", "2023年12月—2024年2月", "2023年12月—2024年2月=2023-12/2024-02");
	check(f, "2024-03-01", "2023年11月至次年3月", "2023年11月至次年3月=2023-11/2024-03");
	check(f, "2024-03-01", "2月5日至今", "2月5日=2024-02-05");
	check(f, "2024-03-01", "3月5日至2月1日", "3月5日=2024-03-05 2月1日=2024-02-01");
}

static void
test_clock(struct filter *f)
{
	check(f, "2023-02-01", "1月30日晚8时,醴陵", "1月30日晚8时=2023-01-30T20:00");
	check(f, "2024-11-05", "2023年11月6日23:00在", "2023年11月6日23:00=2023-11-06T23:00");
	check(f, "2024-11-05", "写有2023年11月6日1:30的字样", "2023年11月6日1:30=2023-11-06T01:30");
	check(f, "2025-03-01", "2月5日,开会。下午3时30分,散会",
	    "2月5日=2025-02-05 下午3时30分=2025-02-05T15:30");
	check(f, "2025-03-01", "今天上午9时开幕", "今天上午9时=2025-03-01T09:00");
	check(f, "2025-03-01", "昨天晚上8点半", "昨天晚上8点半=2025-02-28T20:30");
	check(f, "1998-01-14", "当日１５时３０分左右", "当日１５时３０分=1998-01-14T15:30");
	/* A bare hour opening a clause, after a day was named. */
	check(f, "2021-12-10", "12月6日17时,开会。21时许,散会",
	    "12月6日17时=2021-12-06T17:00 21时许=2021-12-06T21:00");
	check(f, "1998-01-08", "７日上午开会。１０时４５分，签字",
	    "７日=1998-01-07 １０时４５分=1998-01-07T10:45");
	check(f, "2021-12-10", "21时许,散会", "");
	check(f, "2021-12-10", "12月6日开会。连续工作12时,很累", "12月6日=2021-12-06");
	check(f, "2021-12-10", "12月6日开会。商店24时营业。一时难以。3点要求",
	    "12月6日=2021-12-06");
	check(f, "1998-01-14", "官兵昨晚７时赶到", "昨晚７时=1998-01-13T19:00");
	check(f, "2025-03-01", "1月5日开会,当晚7时,次日上午10时",
	    "1月5日=2025-01-05 当晚7时=2025-01-05T19:00 次日上午10时=2025-01-06T10:00");
	check(f, "2025-03-01", "第二天上午10时", "");
	check(f, "2025-03-01", "3月1日中午12时,下午1时", "3月1日中午12时=2025-03-01T12:00 下午1时=2025-03-01T13:00");
	check(f, "2025-03-01", "凌晨5点，她已经出现在菜市场。", "");
	check(f, "2025-03-01", "1月31日下午,会议", "1月31日=2025-01-31");
	check(f, "2025-03-01", "今天,明天", "");
	check(f, "2025-03-01", "3时许", "");
}

static void
test_lunar(struct filter *f)
{
	check(f, "2023-02-01", "癸卯年正月十一", "癸卯年正月十一=2023-02-01");
	check(f, "2024-02-06", "腊月廿七,回家", "腊月廿七=2024-02-06");
	check(f, "2021-03-15", "落款时间是丙戌冬月", "丙戌冬月=2006-12-20/2007-01-18");
	check(f, "2024-09-01", "农历八月十五", "农历八月十五=2024-09-17");
	check(f, "2024-02-06", "大年初一", "大年初一=2024-02-10");
	check(f, "2024-02-06", "大年三十", "大年三十=2024-02-09");
	check(f, "2024-02-06", "正月十五闹元宵", "正月十五=2024-02-24");
	check(f, "2023-05-01", "农历闰二月初一", "农历闰二月初一=2023-03-22");
	check(f, "2023-05-01", "腊月里,正月里", "");
	check(f, "1998-01-13", "１９３８年２月３日，农历正月初四", "１９３８年２月３日=1938-02-03 农历正月初四=1938-02-03");
	check(f, "2024-02-06", "2023年1月22日（农历正月初一）", "2023年1月22日=2023-01-22 农历正月初一=2023-01-22");
}

static void
test_not_dates(struct filter *f)
{
	check(f, "2024-11-05", "今年已70多岁的科特先生", "今年=2024");
	check(f, "2021-03-15", "4年间选拔,15年前,为期4天,建市70年来", "");
	check(f, "2021-03-15", "确保“十四五”开好局,增长10%,3个月", "");
	check(f, "2024-11-05", "电话:13307337876 4302021959060560164", "");
	check(f, "2024-11-05", "芒麻塘组16号自家,4号残疾证", "");
	check(f, "2024-11-05", "每年3月,每月", "");
	check(f, "1998-01-08", "每年最热闹的聚会是正月初三", "");
	check(f, "1998-01-07", "每年11月到第二年2月收获", "");
	check(f, "1998-01-25", "斗争１０００年", "");
	check(f, "2024-11-05", "如今年轻人,日本年度预算", "");
	check(f, "1998-01-07", "纪念十月革命,这一月", "");
	check(f, "2024-11-05", "１９９０年代,1990年代", "");
	check(f, "2024-11-05", "3日内完成,100日元,推出5日游", "");
	check(f, "2024-11-05", "2023湖南服饰博览会,过去一年", "");
	check(f, "2024-11-05", "出让年限为40\n\n年的土地", "");
}

static void
test_no_page_date(struct filter *f)
{
	check(f, NULL, "2月25日,今年,2023年", "2月25日=--02-25 2023年=2023");
	check(f, NULL, "1月30日晚8时", "1月30日晚8时=--01-30T20:00");
	check(f, NULL, "3月份", "3月份=--03");
	check(f, NULL, "2月18日至19日", "2月18日至19日=--02-18/--02-19");
	check(f, NULL, "28日,癸卯年正月十一,下午3时", "");
	check(f, "not a date", "2月25日", "2月25日=--02-25");
}

/* Offsets are code points into the field; fields in reading order. */
static void
test_output(struct filter *f)
{
	json_t *rec, *dates, *d;
	const char *why = NULL;

	rec = json_pack("{s:s, s:s, s:s, s:n}", "date", "2023-02-01",
	    "text", "“据悉”1月31日,2022年四季度", "headline", "2023年打造",
	    "subtitle");
	T_OK(rec != NULL, "test record built");
	rec = run(f, rec, &why);
	T_OK(rec != NULL, "record accepted");
	dates = json_object_get(rec, "dates");
	T_INTEQ(json_array_size(dates), 3, "three dates");
	d = json_array_get(dates, 0);
	T_STREQ(json_string_value(json_object_get(d, "field")), "headline",
	    "headline comes first");
	T_STREQ(json_string_value(json_object_get(d, "precision")), "year",
	    "precision year");
	d = json_array_get(dates, 1);
	T_INTEQ(json_integer_value(json_object_get(d, "start")), 4,
	    "start in code points");
	T_INTEQ(json_integer_value(json_object_get(d, "end")), 9,
	    "end in code points");
	T_STREQ(json_string_value(json_object_get(d, "precision")), "day",
	    "precision day");
	T_STREQ(json_string_value(json_object_get(d, "field")), "text",
	    "field text");
	d = json_array_get(dates, 2);
	T_STREQ(json_string_value(json_object_get(d, "precision")), "quarter",
	    "precision quarter");
	json_decref(rec);

	rec = run(f, json_pack("{s:i}", "text", 5), &why);
	T_OK(rec == NULL, "a number text is rejected");
	T_STREQ(why, "field text is not a string", "rejection reason");

	rec = run(f, json_pack("{s:s}", "id", "x"), &why);
	T_OK(rec != NULL, "a record without text passes");
	T_INTEQ(json_array_size(json_object_get(rec, "dates")), 0, "with no dates");
	json_decref(rec);
	rec = run(f, json_pack("{s:[i], s:s, s:s}", "dates", 1, "text",
	    "2月5日", "x", "y"), &why);
	T_OK(rec && json_array_size(json_object_get(rec, "dates")) == 1 &&
	    strcmp(json_object_iter_key(json_object_iter(rec)), "dates") == 0,
	    "an old dates is replaced where it stands");
	json_decref(rec);
}

int
main(void)
{
	struct filter *f;

	np_setprogname("test-np-dates");
	f = filter_new();
	test_numerals(f);
	test_partial(f);
	test_relative(f);
	test_ranges(f);
	test_clock(f);
	test_lunar(f);
	test_not_dates(f);
	test_no_page_date(f);
	test_output(f);
	filter_free(f);
	return t_done();
}
