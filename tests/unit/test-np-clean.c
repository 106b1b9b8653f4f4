/*
 * test-np-clean.c - np-clean's repairs, one kind at a time, with the cases
 * where each must not fire.
 */
#define main np_clean_main
#include "../../filters/np-clean.c"
#undef main

#include "t.h"

static json_t *headings;

/* Clean s; the result stays in f->final until the next call. */
static const char *
clean(struct filter *f, const char *s)
{
	if (f->st.pairs == NULL)
		f->st.pairs = ejson_object();
	else
		json_object_clear(f->st.pairs);
	stats_reset(&f->st);
	json_decref(headings);
	clean_text(f, s, strlen(s), &headings);
	return f->res;
}

#define CLEAN(in, want, what) T_STREQ(clean(f, in), want, what)
#define SAME(in, what) T_STREQ(clean(f, in), in, what)

static void
test_joins(struct filter *f)
{
	CLEAN("曹慧泉强调,要深化改革创\n\n新,高质量推进农业农村现代化。",
	    "曹慧泉强调，要深化改革创新，高质量推进农业农村现代化。",
	    "a word broken across a blank line is rejoined");
	T_INTEQ(f->st.joined_lines, 1, "joined_lines counts it");
	CLEAN("各县市区设分会场。市领导何恩广、尚斌、莫方红、罗厚清、钟燕\n\n参加。",
	    "各县市区设分会场。市领导何恩广、尚斌、莫方红、罗厚清、钟燕参加。",
	    "a sentence broken between a name and its verb");
	CLEAN("成立宣讲团,组建党声乡土名嘴宣讲团、\n\n“荷”理讲堂等微宣讲队伍220支。",
	    "成立宣讲团，组建党声乡土名嘴宣讲团、“荷”理讲堂等微宣讲队伍220支。",
	    "a list broken after 、");
	CLEAN("围绕学习贯彻习近平总书\n\n记考察湖南重要讲话和指示批示精神,市委常委会带头落实。",
	    "围绕学习贯彻习近平总书记考察湖南重要讲话和指示批示精神，市委常委会带头落实。",
	    "a short fragment without punctuation, broken mid-word");
	CLEAN("今年新签约项目303\n\n个,合同投资额696.2亿元。",
	    "今年新签约项目303个，合同投资额696.2亿元。",
	    "a number and its measure word");
	CLEAN("·张燕 遗失\nB0508102000000190\n号专业技术职务资格证书",
	    "·张燕 遗失\nB0508102000000190号专业技术职务资格证书",
	    "a certificate number wrapped before 号");
	CLEAN("“跨省培训开拓了我们的视野,特别是\n\n莲花县沿背村把红色资源有机结合。”",
	    "“跨省培训开拓了我们的视野，特别是莲花县沿背村把红色资源有机结合。”",
	    "a quotation left open");
	CLEAN("曹慧泉强调,要明确“硬指标”,以“跳起来摘桃子”的激情  \n\n和干劲确定目标任务。",
	    "曹慧泉强调，要明确“硬指标”，以“跳起来摘桃子”的激情和干劲确定目标任务。",
	    "across markdown's trailing double space");
	CLEAN("会议强调,今年要继续抓好重点项目的前期工作和\n\n广告接待热线 28835396\n\n建设实施。",
	    "会议强调，今年要继续抓好重点项目的前期工作和建设实施。\n\n广告接待热线 28835396",
	    "across a furniture line, which stays a line of its own");
	CLEAN("深化工程建设项目招投标领域突出问题专项整治\n\n治,深化整治产业项目建设上的问题。",
	    "深化工程建设项目招投标领域突出问题专项整治，深化整治产业项目建设上的问题。",
	    "a character doubled across the break is dropped");
	T_INTEQ(f->st.removed_duplicates, 1, "and counted as a removed duplicate");
	T_INTEQ(f->st.cjk_removed, 1, "one CJK character removed");
	CLEAN("他们在这里工作，常\n\n常加班到深夜。",
	    "他们在这里工作，常常加班到深夜。",
	    "a real doubled character (常常) across a break keeps both");
	T_INTEQ(f->st.removed_duplicates, 0, "nothing removed for 常常");
	CLEAN("直面问题,直击痛点,构建\n\n“1+N+X”的项目策划联动机制。",
	    "直面问题，直击痛点，构建“1+N+X”的项目策划联动机制。",
	    "a verb waiting for its object");
}

static void
test_no_joins(struct filter *f)
{
	SAME("全市信访工作会议召开\n\n会议指出，各级各部门要迅速行动。",
	    "a headline followed by a body line stays apart (召开|会议)");
	SAME("市委农村工作会议召开 深化改革大抓落实\n\n曹慧泉出席并讲话 陈恢清主持\n\n"
	    "株洲日报（全媒体记者/周嵩） 2月27日，会议召开。",
	    "a title block and its byline stay apart");
	SAME("党的创新理论温润人心\n\n“全力推动宣传思想文化工作守正创新。”市委理论学习中心组举行集体学习。",
	    "a headline followed by a paragraph that opens a quotation");
	SAME("会议强调了三点。\n\n下一步要抓落实。", "a true paragraph end");
	SAME("一场场理论宣讲，让党的创新理论浸润心田；\n\n一篇篇新闻报道，展现生动实践；",
	    "list items ending in ；");
	SAME("理论研究出精品、显实效——\n\n成立学习贯彻全会精神市委宣讲团。",
	    "a lead-in ending in ——");
	SAME("纠偏差，牢固树立和践行正确政绩观\n\n整改整治，是检验主题教育成效的“试金石”。",
	    "a short section title with a comma");
	SAME("依托平台强赋能\n\n借助市会的广泛影响力，紧扣区域产业发展方向。",
	    "a section title followed by body text");
	SAME("会议强调，要从面上向纵深挺进、\n▶下转 02版①\n\n以作风建设促项目建设",
	    "never across a continuation marker");
	SAME("从“固步自封、停滞不前”的思想中走出来\n\n——“解放思想，推动工作大突破”系列评论之一",
	    "a title and its ——subtitle");
	SAME("株洲日报全媒体记者/周嵩\n通讯员/李金龙\n\n一场场内容形式多样的理论宣讲。",
	    "byline lines");
	SAME("寻亲公告\n\n2023年11月6日23:00在湖南省醴陵市发现一名弃婴。",
	    "a notice title followed by a date");
	SAME("市民带着孩子在这里快乐游玩。（记者 李明 摄）\n\n同胞们、朋友们：",
	    "a credit in brackets ends a paragraph");
	SAME("图为演员和孩子们在一起（附图片1张）\n\n新年第一天，北京举行登高活动。",
	    "a note in brackets ends a paragraph");
	SAME("我国的贫困人口已从一点二五亿减少到五千万\n\n●全国妇联参与扶贫工作，十年帮助贫困妇女脱贫",
	    "a bulleted list item");
	SAME("一、以深化流通体制改革为重点，促进流通企业结构的优化\n\n改革开放以来，广东全面展开了改革。",
	    "a numbered section title");
	SAME("这一切侵吞的无不是国有、集体资产\n\n编辑同志：", "a salutation");
	SAME("张江\n\n面向未来，开辟未来，是一个极为重要的论断。", "an author's name line");
	SAME("1194.103\n\n3772.3654", "rows of a table of numbers");
	SAME("港岛一商住大厦发生大火，三十多人受伤\n\n据新华社香港一月六日电 香港岛北角地区今天发生大火。",
	    "a dateline starts a new paragraph");
	SAME("韩素音1996年1月18日\n\n本栏题辞选自画册。", "a date at a line's end");
}

static void
test_punctuation(struct filter *f)
{
	CLEAN("2月25日,省人大(调研组)到株洲:开展调研!为什么?",
	    "2月25日，省人大（调研组）到株洲：开展调研！为什么？",
	    "half-width marks next to Chinese become full-width");
	T_INTEQ(f->st.punctuation, 6, "punctuation counts each mark");
	SAME("总额为1,000万元，时间是23:00，增长3.5%。",
	    "1,000, 23:00 and 3.5 stay as they are");
	CLEAN("研究部署工作.会议指出“好.”散会.", "研究部署工作。会议指出“好。”散会。",
	    "a period between Han characters is a full stop");
	SAME("访问www.zzrb.cn.增长5.2%.", "periods in addresses and numbers stay");
	SAME("国内统一连续出版物号 CN 43-0005", "CN 43-0005 stays");
	SAME("Hello, world (test): ok!", "Latin text keeps its marks");
	CLEAN("２０２４年ＡＢＣ公司", "2024年ABC公司",
	    "full-width digits and letters become half-width");
	T_INTEQ(f->st.width, 7, "width counts them");
	CLEAN("（２）", "（2）", "full-width brackets stay, the digit goes half-width");
}

static void
test_spaces(struct filter *f)
{
	CLEAN("记者了解到，这项 工作进展顺利，目前已经完成了全部的建设任务并投入使用。",
	    "记者了解到，这项工作进展顺利，目前已经完成了全部的建设任务并投入使用。",
	    "a stray blank between Han characters in body text goes");
	SAME("凝聚奋进力量 奏响时代强音", "blanks between a headline's parts stay");
	SAME("当时‘干在实处 走在前列’就已成为醴陵市国税局的工作指导方针，并且一直坚持到了今天。",
	    "a slogan printed with a blank inside quotes keeps it");
	SAME("图为市民带着孩子在这里快乐游玩，樱花盛开吸引了很多市民前来观赏。 株洲日报记者/谢慧 摄",
	    "a photo credit keeps its blanks");
}

static void
test_markdown(struct filter *f)
{
	CLEAN("# 株洲日报\n\n## 标题一\n\n正文内容在这里。",
	    "株洲日报\n\n标题一\n\n正文内容在这里。", "heading markers go");
	T_OK(headings != NULL && json_array_size(headings) == 2,
	    "two headings recorded");
	T_OK(headings != NULL &&
	    json_integer_value(json_array_get(json_array_get(headings, 1), 0)) == 2 &&
	    json_integer_value(json_array_get(json_array_get(headings, 1), 1)) == 2,
	    "the second is line 2, level 2");
	CLEAN("第一段。\n\n![图片说明](http://example.com/a.jpg)\n\n第二段。",
	    "第一段。\n\n\n第二段。", "an image placeholder line goes");
	T_INTEQ(f->st.cjk_removed, 4, "its alt text is counted as removed");
	CLEAN("##\n\n正文。", "\n正文。", "an empty heading marker line goes");
	CLEAN("2023年2月1日 星期三  \n第23203期", "2023年2月1日 星期三\n第23203期",
	    "trailing double blanks go");
	T_OK(headings == NULL, "no headings: none recorded");
	CLEAN("**重点项目**建设取得新进展，__某地__举行活动。",
	    "重点项目建设取得新进展，某地举行活动。", "emphasis markers around Han text go");
	SAME("2**10与a__b__c", "a pair after a digit or letter stays");
	SAME("**\n\n***", "lone markers stay");
}

static void
test_confusions(struct filter *f)
{
	CLEAN("天元区、荷塘区、株洲三峽公司就完成工作任务交流发言。",
	    "天元区、荷塘区、株洲三峡公司就完成工作任务交流发言。",
	    "a traditional character is simplified");
	T_OK(json_integer_value(json_object_get(f->st.pairs, "峽->峡")) == 1,
	    "the pair is recorded");
	SAME("乾隆年间，於姓人家在此定居。", "乾 and 於 are left alone");
	CLEAN("株州日报讯　为建设幸福株州贡献力量。", "株洲日报讯　为建设幸福株洲贡献力量。",
	    "株州 becomes 株洲");
	CLEAN("会上，炎陵县、绿口区、石峰区作交流发言。",
	    "会上，炎陵县、渌口区、石峰区作交流发言。", "绿口区 becomes 渌口区");
	SAME("他从南京禄口机场出发，沿途绿色的田野一望无际。",
	    "禄口 and 绿色 are real words: left alone");
	SAME("石锋同志在会上发言。", "a name like 石锋 is not a district");
	SAME("依法征收县级财政资金。", "收县 inside 征收 is not 攸县");
	CLEAN("地处收县东部。", "地处攸县东部。", "收县 alone is 攸县");
}

static void
test_foreign(struct filter *f)
{
	CLEAN("推动具有带动性的重大项目 and 重要工作。", "推动具有带动性的重大项目和重要工作。",
	    "and between Chinese becomes 和");
	T_INTEQ(f->st.foreign_words, 1, "foreign_words counts it");
	T_INTEQ(f->st.cjk_added, 1, "and one CJK character added");
	SAME("他买了iPhone and iPad两台设备。", "and between Latin words stays");
	SAME("这是band乐队的演出。", "letters inside a word are not a word");
}

static void
test_doubles(struct filter *f)
{
	CLEAN("拟与江西萍乡市委组织部联合推进两市湘赣边区域党建联盟，共同打造党建引领"
	    "湘赣边区域党建联盟，共同打造党建引领湘赣边区域经济发展。",
	    "拟与江西萍乡市委组织部联合推进两市湘赣边区域党建联盟，共同打造党建引领"
	    "湘赣边区域经济发展。", "a run printed twice in a row is printed once");
	T_INTEQ(f->st.removed_duplicates, 1, "counted");
	SAME("分为“创新型中小企业”“专精特新中小企业”“专精特新”“小巨人”企业三个层次。",
	    "a list with a short repeated run stays");
	SAME("天天向上，好好学习，人人都有出彩的机会，这是大家的共同心愿。",
	    "reduplicated characters stay");
	CLEAN("此次培训为期4天，学习先进经验。\n\n“跨省培训开拓了我们的视野，特别是\n\n"
	    "莲花县沿背村把红色资源有机结合。”\n\n另一段落讲了别的事情。\n\n"
	    "“跨省培训开拓了我们的视野，特别是\n\n往实抓！向前赶！",
	    "此次培训为期4天，学习先进经验。\n\n“跨省培训开拓了我们的视野，特别是"
	    "莲花县沿背村把红色资源有机结合。”\n\n另一段落讲了别的事情。\n\n"
	    "往实抓！向前赶！", "a paragraph start repeated as a fragment goes");
}

static void
test_markers(struct filter *f)
{
	CLEAN("5天取得施工许可证，7天完成土地整理， ▶▶下转4版",
	    "5天取得施工许可证，7天完成土地整理，\n▶▶下转4版",
	    "a continuation marker at a line's end goes to a line of its own");
	T_INTEQ(f->st.furniture_split, 1, "furniture_split counts it");
}

int
main(void)
{
	struct filter *f = filter_new();

	test_joins(f);
	test_no_joins(f);
	test_punctuation(f);
	test_spaces(f);
	test_markdown(f);
	test_confusions(f);
	test_foreign(f);
	test_doubles(f);
	test_markers(f);
	json_decref(headings);
	filter_free(f);
	return t_done();
}
