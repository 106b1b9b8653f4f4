/*
 * test-np-split.c - unit tests for np-split: line measures, jump-line
 * targets, fragment joins, title blocks, kinds, and whole small pages.
 * The pages here are made up for the tests (no sample page text).
 */
#define main np_split_main
#include "../../filters/np-split.c"
#undef main

#include "t.h"

/* Split one page text; return the article records as an array. */
static json_t *
split_page(struct filter *f, const char *text)
{
	json_t *rec, *out;
	char *buf = NULL;
	size_t len = 0, i = 0;
	FILE *fp;
	const char *why = NULL;

	rec = ejson_object();
	record_set_str(rec, "source", "t.txt", (size_t)-1);
	record_set_str(rec, "text", text, (size_t)-1);
	fp = open_memstream(&buf, &len);
	if (!fp)
		return NULL;
	if (filter_record(f, rec, fp, &why) < 0) {
		fclose(fp);
		free(buf);
		json_decref(rec);
		return NULL;
	}
	fclose(fp);
	out = ejson_array();
	while (i < len) {
		size_t e = i;
		json_t *o;

		while (e < len && buf[e] != '\n')
			e++;
		o = json_loadb(buf + i, e - i, 0, NULL);
		if (o)
			json_array_append_new(out, o);
		i = e + 1;
	}
	free(buf);
	json_decref(rec);
	return out;
}

static const char *
field(json_t *arts, size_t i, const char *key)
{
	json_t *v = json_object_get(json_array_get(arts, i), key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void
test_measures(void)
{
	T_INTEQ(end_class("你好。", strlen("你好。")), E_PERIOD, "。 ends a sentence");
	T_INTEQ(end_class("他说：“好。”", strlen("他说：“好。”")), E_PERIOD,
	    "a period inside closing quotes ends a sentence");
	T_INTEQ(end_class("成“国家标准”", strlen("成“国家标准”")), E_NONE,
	    "a quoted word does not end a sentence");
	T_INTEQ(end_class("宣讲团、", strlen("宣讲团、")), E_COMMA, "、 leaves it open");
	T_INTEQ(end_class("打响关键一枪——", strlen("打响关键一枪——")), E_DASH,
	    "a dash leads in");
	T_INTEQ(end_class("看了啥?", strlen("看了啥?")), E_BANG, "a question mark");
}

static void
test_targets(void)
{
	char *t;

	t = page_target("▶▶下转2版", strlen("▶▶下转2版"));
	T_STREQ(t, "02版", "下转2版 is 02版");
	free(t);
	t = page_target("下转 A2 版①", strlen("下转 A2 版①"));
	T_STREQ(t, "A2版", "下转 A2 版① is A2版");
	free(t);
	t = page_target("◀◀上接01版", strlen("◀◀上接01版"));
	T_STREQ(t, "01版", "上接01版 is 01版");
	free(t);
	t = page_target("下转", strlen("下转"));
	T_OK(t == NULL, "no page, no target");
}

static void
test_joins(struct filter *f)
{
	json_t *a;

	a = split_page(f, "某地召开会议\n\n某报讯（记者/王明） 3月1日，会议要求加快建设，推动\n\n"
	    "发展。会议指出，要抓好落实。\n");
	T_INTEQ(json_array_size(a), 1, "one article");
	T_STREQ(field(a, 0, "text"), "3月1日，会议要求加快建设，推动发展。会议指出，要抓好落实。",
	    "a paragraph broken after a comma clause is joined");
	json_decref(a);

	a = split_page(f, "某地召开会议\n\n某报讯（记者/王明） 3月1日，会议召开。\n\n"
	    "他说：“我们要\n\n坚持下去。”\n");
	T_STREQ(field(a, 0, "text"), "3月1日，会议召开。\n他说：“我们要坚持下去。”",
	    "an open quote joins the next line");
	json_decref(a);

	a = split_page(f, "遗失声明\n\n·李四 遗失\n4302021990010112\n34号证书\n");
	T_STREQ(field(a, 0, "text"), "·李四 遗失\n430202199001011234号证书",
	    "a number broken across lines is joined");
	T_STREQ(field(a, 0, "kind"), "notice", "遗失声明 is a notice");
	json_decref(a);
}

static void
test_broken_bylines(struct filter *f)
{
	json_t *a;

	a = split_page(f, "前一条\n\n某某日报讯（记者/王明） 正文。\n\n城市更新 惠及民生\n\n"
	    "某某日报全媒体\n记者/周洋\n通讯员/李丽\n\n走进老旧小区，变化随处可见。\n\n"
	    "标题二\n\n某某日报全媒体记者/邹家\n\n虎\n\n正文二。\n\n"
	    "标题三\n\n某某日报讯（全媒体记者/邓伟\n\n勇） 2月25日，正文三。\n");
	T_INTEQ(json_array_size(a), 4, "broken bylines still start articles");
	T_STREQ(field(a, 1, "byline"), "某某日报全媒体记者/周洋 通讯员/李丽",
	    "paper name and role on separate lines");
	T_STREQ(field(a, 2, "byline"), "某某日报全媒体记者/邹家虎",
	    "a name's last character on the next line");
	T_STREQ(field(a, 3, "byline"), "某某日报讯（全媒体记者/邓伟勇）",
	    "an opening byline broken inside its brackets");
	T_STREQ(field(a, 3, "text"), "2月25日，正文三。", "and its text");
	json_decref(a);

	a = split_page(f, "前一条\n\n某某日报讯（记者/王明） 正文。\n\n市里召开会议\n\n"
	    "某某日报3月7日讯（记者张强 通讯员刘丽） 3月7日，正文二。\n\n"
	    "我市举行活动\n\n某某日报 3月6日讯 3月6日，正文三。\n");
	T_INTEQ(json_array_size(a), 3, "dated bylines start articles");
	T_STREQ(field(a, 1, "byline"), "某某日报3月7日讯（记者张强 通讯员刘丽）",
	    "a byline dated before 讯");
	T_STREQ(field(a, 2, "byline"), "某某日报 3月6日讯", "and one without a reporter");
	T_STREQ(field(a, 2, "headline"), "我市举行活动", "its headline");
	json_decref(a);

	a = split_page(f, "前一条\n\n某某日报讯（记者/王明） 正文。\n\n标题二\n\n"
	    "某某日报掌上某某讯（全媒体记者 张强） 3月7日，正文二。\n\n标题三\n\n"
	    "某某新闻网讯（记者/刘丽） 3月7日，正文三。\n\n标题四\n\n"
	    "◎本报记者 陈明 实习生 李华\n\n正文四，会议指出，要抓好落实。\n");
	T_INTEQ(json_array_size(a), 4, "four stories");
	T_STREQ(field(a, 1, "byline"), "某某日报掌上某某讯（全媒体记者 张强）",
	    "an app's name glued on before 讯");
	T_STREQ(field(a, 2, "byline"), "某某新闻网讯（记者/刘丽）", "a news site's 讯");
	T_STREQ(field(a, 3, "byline"), "◎本报记者 陈明 实习生 李华", "a mark before a byline");
	json_decref(a);

	a = split_page(f, "前一条\n\n某某日报讯（记者/王明） 正文。\n\n国务院召开常务会议\n\n"
	    "新华社北京3月7日电 国务院召开常务会议，研究部署有关工作。\n\n"
	    "会议指出，要抓好落实。\n");
	T_INTEQ(json_array_size(a), 2, "a Xinhua dateline without a reporter");
	T_STREQ(field(a, 1, "byline"), "新华社北京3月7日电", "is a byline");
	T_STREQ(field(a, 1, "headline"), "国务院召开常务会议", "under its headline");
	T_STREQ(field(a, 1, "kind"), "news", "a news story");
	json_decref(a);

	a = split_page(f, "某地召开安全生产会议\n\n3月7日，某地召开会议，部署安全生产工作。\n");
	T_STREQ(field(a, 0, "kind"), "news", "no byline, but opens with a date: news");
	json_decref(a);
	a = split_page(f, "发展要靠实干\n\n发展是第一要务，我们要坚定信心，埋头苦干。\n");
	T_STREQ(field(a, 0, "kind"), "commentary", "no byline and no date: commentary");
	json_decref(a);

	a = split_page(f, "前一条\n\n某某日报讯（记者/王明） 正文。\n\n小区焕新颜\n\n"
	    "文/图 记者 张强\n\n走进小区，新铺的道路平整宽阔。\n");
	T_STREQ(field(a, 1, "byline"), "文/图 记者 张强", "文/图 before a byline");
	T_OK(field(a, 1, "subtitle") == NULL, "is no subtitle");
	T_STREQ(field(a, 1, "kind"), "feature", "a signed feature");
	json_decref(a);
}

static void
test_signatures(struct filter *f)
{
	json_t *a;

	a = split_page(f, "新闻标题\n\n3月1日，全市召开会议。\n\n（记者 王明）\n\n"
	    "第二条标题\n\n某某日报讯（记者/李华） 正文。\n\n某某日报记者 张三\n\n"
	    "第三条标题\n\n某某日报全媒体记者/赵磊\n\n产业发展 新经济\n\n正文三。\n");
	T_INTEQ(json_array_size(a), 3, "signatures after a body start no article");
	T_STREQ(field(a, 0, "text"), "3月1日，全市召开会议。\n（记者 王明）",
	    "a bracketed signature stays with its story");
	T_STREQ(field(a, 0, "kind"), "news", "and makes it a reported story");
	T_STREQ(field(a, 1, "text"), "正文。\n某某日报记者 张三", "a standalone one too");
	T_STREQ(field(a, 2, "byline"), "某某日报全媒体记者/赵磊",
	    "a byline under a title is still a byline");
	json_decref(a);
}

static void
test_page(struct filter *f)
{
	json_t *a;
	const char *page =
	    "某某日报\n"
	    "2024年3月5日 星期二\n"
	    "甲辰年正月廿五 第12345期 今日8版\n"
	    "\n"
	    "市长在全市工作会议上强调\n\n"
	    "抓紧抓实各项工作\n\n"
	    "王强出席\n\n"
	    "某某日报讯（全媒体记者/李华 通讯员/张明） 3月4日，全市工作会议召开。\n\n"
	    "会议强调，要抓好各项工作。\n\n"
	    "▶▶下转2版\n\n"
	    "城市更新 惠及民生\n\n"
	    "某某日报全媒体记者/赵磊\n"
	    "通讯员/孙丽\n\n"
	    "走进老旧小区，变化随处可见。\n\n"
	    "一张蓝图绘到底\n\n"
	    "去年以来，全市改造小区120个。\n\n"
	    "谈发展\n\n"
	    "把握机遇\n\n"
	    "刘一鸣\n\n"
	    "机遇总是留给有准备的人。\n\n"
	    "春暖花开\n\n"
	    "3月4日，市民在公园赏花。记者/陈晨 摄\n\n"
	    "广告热线 12345678\n";

	a = split_page(f, page);
	T_INTEQ(json_array_size(a), 4, "four articles");
	T_STREQ(field(a, 0, "kicker"), "市长在全市工作会议上强调", "kicker ending in 强调");
	T_STREQ(field(a, 0, "headline"), "抓紧抓实各项工作", "headline");
	T_STREQ(field(a, 0, "subtitle"), "王强出席", "subtitle");
	T_STREQ(field(a, 0, "byline"), "某某日报讯（全媒体记者/李华 通讯员/张明）",
	    "opening byline as printed");
	T_STREQ(field(a, 0, "text"), "3月4日，全市工作会议召开。\n会议强调，要抓好各项工作。",
	    "body without byline or jump line");
	T_STREQ(field(a, 0, "continued_to"), "02版", "下转 target");
	T_STREQ(field(a, 0, "kind"), "news", "dated byline: news");
	T_INTEQ(json_array_size(json_object_get(json_array_get(a, 0), "furniture")), 5,
	    "masthead, date, issue, jump and hotline lines are furniture");
	T_STREQ(field(a, 1, "headline"), "城市更新 惠及民生", "feature headline");
	T_STREQ(field(a, 1, "byline"), "某某日报全媒体记者/赵磊 通讯员/孙丽",
	    "two-line standalone byline on one line");
	T_STREQ(field(a, 1, "kind"), "feature", "standalone byline: feature");
	T_STREQ(field(a, 1, "text"), "走进老旧小区，变化随处可见。\n一张蓝图绘到底\n"
	    "去年以来，全市改造小区120个。", "a section head stays in the feature");
	T_STREQ(field(a, 2, "kind"), "commentary", "author line: commentary");
	T_STREQ(field(a, 2, "byline"), "刘一鸣", "the author is the byline");
	T_STREQ(field(a, 2, "kicker"), "谈发展", "a short first line is a kicker");
	T_STREQ(field(a, 3, "kind"), "photo", "caption with credit: photo");
	T_STREQ(field(a, 3, "headline"), "春暖花开", "photo title");
	T_STREQ(field(a, 3, "id"), "t.txt#4", "id is source#article");
	T_OK(json_object_get(json_array_get(a, 1), "furniture") == NULL,
	    "furniture only on the first article");
	json_decref(a);
}

static void
test_interleaved(struct filter *f)
{
	json_t *a;
	const char *page =
	    "第一条新闻标题\n\n"
	    "某某日报讯（记者/王明） 3月1日，会议召开。\n\n"
	    "会议要求落实。\n\n"
	    "某某日报讯（记者/李华） 近日，全市开展专项行动，在前期工作基础上\n\n"
	    "第三条新闻标题\n\n"
	    "某某日报讯（记者/赵磊） 3月2日，活动举行。\n\n"
	    "## 第二条新闻标题\n\n"
	    "进一步扩大覆盖范围。\n";

	a = split_page(f, page);
	T_INTEQ(json_array_size(a), 3, "a lead cut off by another story is rejoined");
	T_STREQ(field(a, 1, "headline"), "第二条新闻标题", "it takes the later title");
	T_STREQ(field(a, 1, "text"), "近日，全市开展专项行动，在前期工作基础上进一步扩大覆盖范围。",
	    "and its body, joined mid-sentence");
	json_decref(a);

	a = split_page(f,
	    "专题报道\n\n"
	    "某某日报全媒体记者/王明\n\n"
	    "活动开展以来，反响热烈。\n\n"
	    "他说：“我们将继续加强\n\n"
	    "走进新时代\n\n"
	    "——某地开展宣讲活动纪实\n\n"
	    "宣传，让更多人受益。”\n");
	T_INTEQ(json_array_size(a), 1, "a title block inside its own body");
	T_STREQ(field(a, 0, "headline"), "走进新时代", "is lifted out as the headline");
	T_STREQ(field(a, 0, "banner"), "专题报道", "the first title becomes the banner");
	T_OK(field(a, 0, "kicker") == NULL, "not the kicker");
	T_STREQ(field(a, 0, "text"), "活动开展以来，反响热烈。\n他说：“我们将继续加强宣传，让更多人受益。”",
	    "and the broken quote is rejoined");
	json_decref(a);
}

/* Banners above a title block, and title blocks the OCR printed on one line. */
static void
test_title_blocks(struct filter *f)
{
	json_t *a;
	const char *page =
	    "稳增长 促发展 惠民生\n\n"
	    "市长在全市经济工作会议上强调\n\n"
	    "抓紧抓实各项工作\n\n"
	    "某某日报讯（记者/王明） 3月1日，会议召开。\n\n"
	    "某地召开座谈会，市长出席 推进产业升级 建设创新高地\n\n"
	    "某某日报讯（记者/王明） 3月2日，座谈会召开。\n\n"
	    "聚焦先进制造业集群高质量发展 这一目标 某地专家 开展专题调研\n\n"
	    "某某日报讯（记者/王明） 3月3日，调研组来到某地。\n\n"
	    "全市经济工作会议今日召开 稳中求进 推动高质量发展\n\n"
	    "某某日报讯（记者/王明） 3月4日，会议召开。\n\n"
	    "## 市长主持召开常务会议 研究年度工作报告 重点任务落实等工作\n\n"
	    "某某日报讯（记者/王明） 3月5日，会议召开。\n\n"
	    "## 市委书记在全市大会上强调 抓项目 促发展\n\n"
	    "某某日报讯（记者/王明） 3月6日，大会举行。\n";

	a = split_page(f, page);
	T_INTEQ(json_array_size(a), 6, "six stories");
	T_STREQ(field(a, 0, "banner"), "稳增长 促发展 惠民生", "a slogan row is the banner");
	T_STREQ(field(a, 0, "kicker"), "市长在全市经济工作会议上强调",
	    "and stays out of the kicker");
	T_STREQ(field(a, 0, "headline"), "抓紧抓实各项工作", "headline under it");
	T_OK(field(a, 1, "banner") == NULL, "no banner: null");
	T_STREQ(field(a, 1, "kicker"), "某地召开座谈会，市长出席",
	    "one line: a first segment with a comma is the kicker");
	T_STREQ(field(a, 1, "headline"), "推进产业升级 建设创新高地", "the rest the headline");
	T_STREQ(field(a, 2, "kicker"), "聚焦先进制造业集群高质量发展这一目标",
	    "a kicker wrapped onto a second segment is joined");
	T_STREQ(field(a, 2, "headline"), "某地专家 开展专题调研", "headline after it");
	T_STREQ(field(a, 3, "kicker"), "全市经济工作会议今日召开",
	    "a short segment alone does not extend the kicker");
	T_STREQ(field(a, 3, "headline"), "稳中求进 推动高质量发展", "it opens the headline");
	T_OK(field(a, 4, "kicker") == NULL, "a heading line is one element");
	T_STREQ(field(a, 4, "headline"), "市长主持召开常务会议 研究年度工作报告 重点任务落实等工作",
	    "all of it the headline");
	T_STREQ(field(a, 5, "kicker"), "市委书记在全市大会上强调",
	    "but a kicker verb still splits a heading line");
	T_STREQ(field(a, 5, "headline"), "抓项目 促发展", "into kicker and headline");
	json_decref(a);

	a = split_page(f,
	    "奋进新征程 建功新时代\n\n"
	    "市长在全市经济工作会议上强调\n\n"
	    "抓紧抓实各项工作\n\n"
	    "某某日报讯（记者/王明） 3月1日，会议召开。\n\n"
	    "市委书记在全市大会上指出\n\n"
	    "抓项目 促发展\n\n"
	    "王强出席\n\n"
	    "陈明主持\n\n"
	    "某某日报讯（记者/王明） 3月2日，大会举行。\n\n"
	    "春风行动\n\n"
	    "聚焦先进制造业集群高质量发展\n\n"
	    "这一目标\n\n"
	    "某地专家开展专题调研\n\n"
	    "某某日报讯（记者/王明） 3月3日，调研组来到某地。\n");
	T_INTEQ(json_array_size(a), 3, "three stories");
	T_STREQ(field(a, 0, "banner"), "奋进新征程 建功新时代",
	    "a line above a kicker ending in 强调 is a banner");
	T_STREQ(field(a, 0, "kicker"), "市长在全市经济工作会议上强调", "the kicker");
	T_STREQ(field(a, 0, "headline"), "抓紧抓实各项工作", "the headline");
	T_OK(field(a, 0, "subtitle") == NULL, "no subtitle");
	T_OK(field(a, 1, "banner") == NULL, "a kicker verb on the first of four lines:");
	T_STREQ(field(a, 1, "kicker"), "市委书记在全市大会上指出", "it is the kicker");
	T_STREQ(field(a, 1, "subtitle"), "王强出席 陈明主持", "two subtitle lines");
	T_STREQ(field(a, 2, "banner"), "春风行动", "the first of four lines is a banner");
	T_STREQ(field(a, 2, "kicker"), "聚焦先进制造业集群高质量发展这一目标",
	    "a kicker wrapped onto a short line that refers back is joined");
	T_STREQ(field(a, 2, "headline"), "某地专家开展专题调研", "the headline under it");
	json_decref(a);

	a = split_page(f, "勇担当 善作为 市委书记在全市大会上强调 抓项目 促发展\n\n"
	    "某某日报讯（记者/王明） 3月2日，大会举行。\n");
	T_STREQ(field(a, 0, "banner"), "勇担当 善作为",
	    "one line: the segments before a kicker ending in 强调 are a banner");
	T_STREQ(field(a, 0, "kicker"), "市委书记在全市大会上强调", "then the kicker");
	T_STREQ(field(a, 0, "headline"), "抓项目 促发展", "and the headline");
	json_decref(a);

	a = split_page(f, "前一条\n\n某某日报讯（记者/王明） 正文。\n\n"
	    "多措并举 稳岗扩就业\n\n我市一季度新增就业两万人\n\n"
	    "某某日报讯（记者/王明） 3月2日，正文二。\n\n"
	    "织密服务网 畅通就业路\n\n某地就业服务系列报道之二\n\n"
	    "某某日报讯（记者/王明） 3月3日，正文三。\n\n"
	    "稳预期 强信心\n\n陈明出席\n\n"
	    "某某日报讯（记者/王明） 3月4日，正文四。\n");
	T_INTEQ(json_array_size(a), 4, "four stories");
	T_STREQ(field(a, 1, "banner"), "多措并举 稳岗扩就业",
	    "a couplet over a one-clause title is no headline");
	T_STREQ(field(a, 1, "headline"), "我市一季度新增就业两万人", "the title is");
	T_OK(field(a, 1, "subtitle") == NULL, "and it is no subtitle");
	T_STREQ(field(a, 2, "headline"), "织密服务网 畅通就业路",
	    "a couplet over a series label is the headline");
	T_STREQ(field(a, 2, "subtitle"), "某地就业服务系列报道之二", "the label its subtitle");
	T_STREQ(field(a, 3, "headline"), "稳预期 强信心", "a couplet over X出席 too");
	T_STREQ(field(a, 3, "subtitle"), "陈明出席", "X出席 the subtitle");
	json_decref(a);
}

static void
test_teaser_and_pass(struct filter *f)
{
	json_t *a, *rec;
	const char *why = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	a = split_page(f, "导读\n\n## 某地举行重要活动\n\n报道见 03 版\n\n"
	    "### 主题标题\n\n某某日报讯（记者/王明） 3月1日，活动举行。\n");
	T_INTEQ(json_array_size(a), 2, "teaser and story");
	T_STREQ(field(a, 0, "kind"), "teaser", "导读 block is a teaser");
	T_STREQ(field(a, 0, "banner"), "导读", "导读 is the banner");
	T_OK(field(a, 0, "kicker") == NULL, "and no kicker");
	T_STREQ(field(a, 0, "text"), "某地举行重要活动\n报道见 03 版",
	    "the teaser keeps its pointer");
	T_STREQ(field(a, 1, "headline"), "主题标题", "the story after it");
	json_decref(a);

	a = split_page(f, "导读\n\n全市项目建设推进会召开 02版\n\n"
	    "某地新增三家专精特新企业 03版\n\n以实干担当开创新局面\n\n本报评论员\n\n"
	    "当前，全市上下正在奋力推进高质量发展，各级干部要以实干担当推动工作落地见效。\n");
	T_INTEQ(json_array_size(a), 2, "teaser and commentary");
	T_STREQ(field(a, 0, "text"), "全市项目建设推进会召开 02版\n某地新增三家专精特新企业 03版",
	    "items that end with their page are the teaser's");
	T_STREQ(field(a, 1, "headline"), "以实干担当开创新局面", "the commentary's title");
	T_STREQ(field(a, 1, "kind"), "commentary", "is a commentary");
	json_decref(a);

	/* items with no page pointer run into the first story's title */
	a = split_page(f, "导读\n\n某市举办秋季招聘会 提供岗位一万个\n\n"
	    "某县黄桃深加工项目投产\n\n深入学习贯彻会议精神\n\n"
	    "某市召开经济运行调度会\n\n确保完成全年目标任务\n\n"
	    "某某日报讯（记者/王明） 11月13日，会议召开。会议要求各地各部门"
	    "紧盯目标，全力冲刺，确保全年任务圆满完成。\n");
	T_INTEQ(json_array_size(a), 2, "digest without pointers: teaser and story");
	T_STREQ(field(a, 0, "text"),
	    "某市举办秋季招聘会 提供岗位一万个\n某县黄桃深加工项目投产",
	    "the lines above a three-line title block are items");
	T_STREQ(field(a, 1, "kicker"), "深入学习贯彻会议精神", "the story keeps its kicker");
	T_STREQ(field(a, 1, "headline"), "某市召开经济运行调度会", "and its headline");
	json_decref(a);

	/* items closed by dots or brackets around the page */
	a = split_page(f, "导读\n\n某县黄桃项目投产……05版\n\n"
	    "秋季招聘会举行（3版）\n\n主题标题\n\n"
	    "某某日报讯（记者/王明） 3月1日，活动举行，各界群众踊跃参加，现场气氛热烈。\n");
	T_STREQ(field(a, 0, "text"), "某县黄桃项目投产……05版\n秋季招聘会举行（3版）",
	    "……05版 and （3版） close digest items");
	T_STREQ(field(a, 1, "headline"), "主题标题", "the story after them");
	json_decref(a);

	/* a column label over a commentary's title is its banner */
	a = split_page(f, "评论员文章\n\n以实干担当答好发展答卷\n\n本报评论员\n\n"
	    "当前，全市上下正在奋力推进高质量发展，各级干部要以实干担当推动工作落地见效。\n");
	T_STREQ(field(a, 0, "banner"), "评论员文章", "评论员文章 is a banner");
	T_OK(field(a, 0, "kicker") == NULL, "not a kicker");
	T_STREQ(field(a, 0, "headline"), "以实干担当答好发展答卷", "the title under it");
	T_STREQ(field(a, 0, "kind"), "commentary", "a commentary");
	json_decref(a);

	rec = ejson_object();
	record_set_str(rec, "source", "x", 1);
	fp = open_memstream(&buf, &len);
	T_INTEQ(filter_record(f, rec, fp, &why), 0, "a record without text passes");
	fclose(fp);
	T_STREQ(buf, "{\"source\":\"x\"}\n", "unchanged");
	free(buf);
	record_set_new(rec, "text", json_integer(3));
	fp = open_memstream(&buf, &len);
	T_INTEQ(filter_record(f, rec, fp, &why), -1, "a text that is not a string");
	T_STREQ(why, "field text is not a string", "is rejected with a reason");
	fclose(fp);
	free(buf);
	json_decref(rec);
}

int
main(void)
{
	struct filter *f;

	np_setprogname("test-np-split");
	np_opt.field = "text";
	f = filter_new();
	test_measures();
	test_targets();
	test_joins(f);
	test_page(f);
	test_broken_bylines(f);
	test_signatures(f);
	test_interleaved(f);
	test_title_blocks(f);
	test_teaser_and_pass(f);
	filter_free(f);
	return t_done();
}
