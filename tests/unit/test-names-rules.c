/*
 * test-names-rules.c - unit tests for np-names' context statistics, list,
 * credit and transliteration rules.  Every name here is made up.
 */
#define main np_names_main
#include "../../filters/np-names.c"
#undef main

#include <unistd.h>

#include "t.h"

#define EQ(got, want) T_STREQ(got, want, #got)
#define OK(cond) T_OK(cond, #cond)

/* The names found in a text, joined with '|', with roles when `roles`. */
static char *
names(struct filter *f, const char *text, int roles)
{
	static char res[4096], buf[65536];
	json_t *rec, *p;
	json_error_t err;
	FILE *out;
	const char *why = NULL;
	size_t i;

	rec = json_object();
	json_object_set_new(rec, "text", json_string(text));
	out = fmemopen(buf, sizeof(buf), "w");
	if (filter_record(f, rec, out, &why) < 0)
		fputs("{}", out);
	fclose(out);
	json_decref(rec);
	rec = json_loads(buf, 0, &err);
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

/* Load text into the filter's first field buffer and make it current. */
static void
load(struct filter *f, const char *s)
{
	f->t = &f->tx[0];
	text_load(f->t, s, strlen(s));
}

int
main(void)
{
	struct filter *f;
	size_t cut[8][2];

	/* A hang (the dotted-name loop going back and forth) fails, not
	 * blocks, the test run. */
	alarm(20);
	f = filter_new();

	/* Context characters: full-width forms fold onto ASCII, digits onto
	 * 0, CR onto the newline; punctuation that marks lists and credits
	 * says more for a name than a comma or full stop does. */
	T_INTEQ(ctx_index(0xFF08), '(', "ctx_index full-width (");
	T_INTEQ(ctx_index(0xFF17), '0', "ctx_index full-width 7");
	T_INTEQ(ctx_index('5'), '0', "ctx_index 5");
	T_INTEQ(ctx_index('\r'), '\n', "ctx_index CR");
	T_INTEQ(ctx_index(0x4E00), -1, "ctx_index Han");
	OK(f->ctx_after[ctx_index(0x3001)] > f->ctx_after[ctx_index(0x3002)]);
	OK(f->ctx_before[ctx_index(0x3001)] > f->ctx_before[ctx_index(0xFF0C)]);
	OK(f->ctx_after[ctx_index(0xFF09)] > 0);

	/* List separators, past a note in brackets. */
	load(f, "甲乙（女）、丙丁");
	T_INTEQ(list_next(f->t, 2), 6, "list_next past (女)、");
	load(f, "甲乙（一个很长的注释）、丙丁");
	T_INTEQ(list_next(f->t, 2), 0, "list_next long note");
	load(f, "甲乙和丙丁");
	T_INTEQ(list_next(f->t, 2), 3, "list_next 和");

	/* Parallel phrases sharing their first characters are not names. */
	load(f, "要求：学农增效、学农兴业");
	OK(parallel_item(f, 4, 7) == 1);
	OK(parallel_item(f, 9, 12) == 1);
	load(f, "代表甘秋菱、蒙少乔发言");
	OK(parallel_item(f, 2, 5) == 0);

	/* Without a cue, a name does not begin with a general word; a
	 * compound surname is no such word. */
	load(f, "谢绝宴请");
	OK(free_name_ok(f, 0, 3, 0) == 0);
	load(f, "欧阳志远");
	OK(free_name_ok(f, 0, 4, 0) == 1);
	/* Not the end of a better three-character name (孟|凤岭); a place's
	 * last character is no objection before an honorific or post. */
	load(f, "孟凤岭说");
	OK(free_name_ok(f, 1, 2, 0) == 0);
	EQ(names(f, "学习孟凤岭总书记的讲话。", 1), "孟凤岭:official");
	/* A run after a surname is the given name, not a transliteration. */
	EQ(names(f, "市委副书记、市长董玉田参加。", 1), "董玉田:official");
	/* A post before a foreign name is its title, and the list's. */
	EQ(names(f, "副主任哈马迪、范堆相参加。", 1),
	    "哈马迪:official|范堆相:official");
	/* A list goes on past a function word for a surname between 、. */
	EQ(names(f, "全国人大代表吴筱元、于友先、王阿敏汇报。", 1),
	    "吴筱元:official|于友先:official|王阿敏:official");
	/* After 市领导 or a post, a function word may be a surname. */
	EQ(names(f, "市领导关四秋、陈达秀参加活动。", 1),
	    "关四秋:official|陈达秀:official");
	EQ(names(f, "副主任关珺在株洲调研。", 1), "关珺:official");
	EQ(names(f, "书记向大家拜年。", 0), "");
	/* A post after a name taken for a transliteration is its title. */
	EQ(names(f, "杂志发表胡恩松总书记重要文章。", 1), "胡恩松:official");
	/* A verb past a blank is still the name's cue (a notice). */
	EQ(names(f, "下列证件 声明作废\n·石元春 遗失\n4302021959060560164", 0),
	    "石元春");
	/* Inside a list, a weaker name that a 、 closes before a good one. */
	EQ(names(f, "市领导戈里、张永兴、胡启恒参加。", 1),
	    "戈里:official|张永兴:official|胡启恒:official");
	/* After a post, a word that is mostly a name, as a subject; not an
	 * adverb (常常) nor a general word (高度). */
	EQ(names(f, "副市长高峰在会上强调。", 1), "高峰:official");
	EQ(names(f, "书记常常在基层调研。", 0), "");
	EQ(names(f, "市长高度重视此事。", 0), "");
	/* ... but not into a word and the start of another. */
	EQ(names(f, "部长王明与石油输出国组织联络。", 0), "王明");
	EQ(names(f, "欧阳志远说，今年将扩产。", 0), "欧阳志远");

	/* Names glued together are cut where the names score best. */
	load(f, "晏启帆覃勇");
	T_INTEQ(names_filling(f, 0, 5, -INFINITY, 1, cut, 8), 2,
	    "names_filling two glued names");
	T_INTEQ(cut[0][1], 3, "names_filling cut after the first name");

	/* Lists: a note after a name does not end the list. */
	EQ(names(f, "当选的委员有甘秋菱（女）、蒙少乔（瑶族）、覃一帆（女）。", 0),
	    "甘秋菱|蒙少乔|覃一帆");
	/* An item between two names of a list is a name, even with a
	 * function word for its surname; a list of things stays one. */
	EQ(names(f, "出席的委员有甘秋菱、于德彪、覃一帆。", 0),
	    "甘秋菱|于德彪|覃一帆");
	EQ(names(f, "毛巾、皮鞋、金条都放在柜子里。", 0), "");
	/* A list whose other items are known places is a list of places. */
	EQ(names(f, "代表们来自株洲、湘潭、衡阳、邵阳等市。", 0), "");
	EQ(names(f, "途经郴州、常德、益阳三地。", 0), "");
	/* Credits: names glued in brackets, a credit mark glued on. */
	EQ(names(f, "工人们正在抢修线路。（晏启帆覃勇）", 1),
	    "晏启帆:reporter|覃勇:reporter");
	EQ(names(f, "工人们在车间里忙碌。（蒋立新摄影报道）", 1),
	    "蒋立新:photographer");
	/* A line of glued names under a headline: the authors. */
	EQ(names(f, "春到山乡\n晏启帆覃勇\n连日来，各地群众忙着备耕。", 1),
	    "晏启帆:author|覃勇:author");
	/* A transliterated name right after a post. */
	EQ(names(f, "该国外长卡索在会上发言。", 1), "卡索:official");
	/* A three-character name seldom ends in a function word. */
	EQ(names(f, "两位棋手汤频和苗蕾各以４分并列。", 0), "汤频|苗蕾");
	EQ(names(f, "副所长钱琳等指出，要抓好落实。", 0), "钱琳");
	/* After a post, a frequent surname that is also a function word. */
	EQ(names(f, "镇党委书记关立新告诉记者，今年收成好。", 0), "关立新");
	EQ(names(f, "局长于建华主持会议。", 1), "于建华:official");
	EQ(names(f, "会见代表时强调，要抓好落实。", 0), "");
	EQ(names(f, "省长和王志明市长分别讲话。", 0), "王志明");
	/* A name and 摄 closing a caption: the photographer. */
	EQ(names(f, "图为志愿者在清扫街道。谭思远 摄", 1), "谭思远:photographer");
	EQ(names(f, "谭思远 摄于公园", 1), "谭思远:person");
	/* Surnames common today beyond the Hundred Family Surnames. */
	EQ(names(f, "副市长邝紫涵、盘立华参加活动。", 1),
	    "邝紫涵:official|盘立华:official");
	/* A run before 街道 or 社区 is a place. */
	EQ(names(f, "邝家垅街道、龚家湾社区组织志愿者开展服务。", 0), "");
	/* The city's own places are not people. */
	EQ(names(f, "来自石峰的企业代表参加了活动。", 0), "");
	/* The dotted-name pass terminates on a long name after a character
	 * that is itself common in transliterations. */
	OK(strcmp(names(f, "论文克里斯蒂安·阿尔贝托·德斯罗德里格斯教授", 0),
	    "") != 0);
	/* A given name that is a word, opening a clause before a verb of
	 * speech or 同志; not an address or a function word's object. */
	EQ(names(f, "会上，郑建国强调，要抓好落实。", 0), "郑建国");
	EQ(names(f, "孔方正说，要抓好。", 0), "孔方正");
	EQ(names(f, "他说，万建华同志是好党员。", 0), "万建华");
	EQ(names(f, "近日，沈先生说，很满意。", 0), "");
	EQ(names(f, "对此，向大家表示感谢。", 0), "");
	EQ(names(f, "应国家主席邀请访华。", 0), "");

	/* A name joined by dots is whole: the parts end at a post before
	 * it and at a verb after it, not where a rarer character comes. */
	EQ(names(f, "该国外长米歇尔·巴尼耶今天抵达。", 1),
	    "米歇尔·巴尼耶:official");
	EQ(names(f, "经济学家保罗·克鲁格曼指出，风险仍在。", 0), "保罗·克鲁格曼");
	EQ(names(f, "电脑业巨头比尔·盖茨宣布捐款。", 0), "比尔·盖茨");
	EQ(names(f, "论文克里斯蒂安·阿尔贝托·德斯罗德里格斯教授", 0),
	    "克里斯蒂安·阿尔贝托·德斯罗德里格斯");
	/* Dates and places joined by dots are no names. */
	EQ(names(f, "纪念一·二九运动，京·津·冀三地联动。", 0), "");
	/* No name starts inside a word that began before it. */
	EQ(names(f, "山上郁郁葱葱。", 0), "");
	EQ(names(f, "据华盛顿邮报报道，会议推迟。", 0), "");

	/* 曰 is a verb of speech, not a name's last character. */
	EQ(names(f, "庄周曰：天地一指也。", 0), "庄周");

	filter_free(f);
	return t_done();
}
