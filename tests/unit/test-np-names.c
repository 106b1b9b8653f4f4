/* test-np-names.c - unit tests for np-names' scoring and record handling. */
#define main np_names_main
#include "../../filters/np-names.c"
#undef main

#include "t.h"

#define EQ(got, want) T_STREQ(got, want, #got)
#define OK(cond) T_OK(cond, #cond)

/* Run one record through the filter; returns the output line (static). */
static char *
run(struct filter *f, const char *json)
{
	static char buf[65536];
	json_error_t err;
	json_t *rec = json_loads(json, 0, &err);
	FILE *out = fmemopen(buf, sizeof(buf), "w");
	const char *why = NULL;
	int rc;

	rc = filter_record(f, rec, out, &why);
	fclose(out);
	json_decref(rec);
	if (rc < 0)
		snprintf(buf, sizeof(buf), "REJECT %s", why);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* The names found in a text, joined with '|', with roles when `roles`. */
static char *
names(struct filter *f, const char *text, int roles)
{
	static char res[4096];
	char in[8192];
	json_t *rec, *p;
	json_error_t err;
	size_t i;

	snprintf(in, sizeof(in), "{\"text\":\"%s\"}", text);
	rec = json_loads(run(f, in), 0, &err);
	res[0] = '\0';
	json_array_foreach(json_object_get(rec, "people"), i, p) {
		if (i > 0)
			strcat(res, "|");
		strcat(res, json_string_value(json_object_get(p, "name")));
		if (roles) {
			strcat(res, ":");
			strcat(res, json_string_value(json_object_get(p, "role")));
		}
	}
	json_decref(rec);
	return res;
}

int
main(void)
{
	struct filter *f = filter_new();

	EQ(names(f, "(全媒体记者/邓大勇 通讯员/刘小宇)", 1),
	    "邓大勇:reporter|刘小宇:correspondent");
	EQ(names(f, "株洲日报通讯员/黄大强 摄", 1), "黄大强:photographer");
	EQ(names(f, "游客在拍照。（全媒体记者/刘大洋 通讯员/陈小晨 摄）", 1),
	    "刘大洋:photographer|陈小晨:photographer");
	EQ(names(f, "(记者/刘大洋 通讯员/陈小晨)。下一段。图为现场。", 1),
	    "刘大洋:reporter|陈小晨:correspondent");
	EQ(names(f, "(记者/周小圆 通讯员/邹丽华 张逸文)", 1),
	    "周小圆:reporter|邹丽华:correspondent|张逸文:correspondent");
	{
		const char *out = run(f, "{\"byline\":\"某网某地6月3日电 (彭大兵 实习生 胡小逸)\"}");

		OK(strstr(out, "\"name\":\"彭大兵\",\"role\":\"reporter\"") != NULL);
		out = run(f, "{\"byline\":\"朱大平\"}");
		OK(strstr(out, "\"name\":\"朱大平\",\"role\":\"author\"") != NULL);
		/* a column label is no author line: 评论员文章 names nobody */
		out = run(f, "{\"banner\":\"评论员文章\"}");
		OK(strstr(out, "\"people\":[]") != NULL);
		out = run(f, "{\"byline\":\"本报评论员 朱大平\"}");
		OK(strstr(out, "\"name\":\"朱大平\",\"role\":\"author\"") != NULL);
	}
	EQ(names(f, "市委副书记、市长陈建清主持会议。", 1), "陈建清:official");
	EQ(names(f, "市领导刘会明、唐文亮参加。", 1),
	    "刘会明:official|唐文亮:official");
	EQ(names(f, "湖南大学教授屈志辉作报告。", 1), "屈志辉:person");
	{
		const char *out = run(f, "{\"subtitle\":\"——记某社区党委书记陈小梅\"}");

		OK(strstr(out, "\"titles\":[\"某社区党委书记\"]") != NULL);
	}
	EQ(names(f, "王新民强调,要抓落实。王新民说。", 0), "王新民");
	EQ(names(f, "列夫·托尔斯泰说过一句话。", 0), "列夫·托尔斯泰");
	EQ(names(f, "高水平发展,文明城市建设,惠农政策落地。", 0), "");
	EQ(names(f, "市民李女士说，很方便。张师傅表示满意，刘大爷也笑了。", 0), "");
	EQ(names(f, "环卫工人王明华师傅说，很好。", 1), "王明华:person");
	EQ(names(f, "副市长高峰说,要抓好工作。", 0), "高峰");
	{
		const char *out = run(f, "{\"text\":\"市委书记李国强出席。李国强指出。\"}");

		OK(strstr(out, "\"titles\":[\"市委书记\"]") != NULL);
		OK(strstr(out, "\"mentions\":2") != NULL);
		OK(strstr(out, "[[4,7,\"text\"],[10,13,\"text\"]]") != NULL);
	}
	EQ(run(f, "{\"id\":1}"), "{\"id\":1}");
	EQ(run(f, "{\"text\":5}"), "REJECT field text is not a string");
	EQ(run(f, "{\"text\":\"\"}"), "{\"text\":\"\",\"people\":[]}");
	OK(is_stop(f, 0, 2) == 0);
	filter_free(f);
	return t_done();
}
