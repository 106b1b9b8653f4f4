#!/usr/bin/env python3
"""csv-records.py N - write N synthetic article records (JSON Lines) shaped
like np-split | np-names | np-dates output, for benchmarking np-csv against
mlr and jq.  Deterministic; the text is filler, not newspaper content."""
import json, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
rng = random.Random(42)
chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
for i in range(n):
    src = "p%05d.txt" % (i // 8)
    text = "".join(rng.choice(chars) for _ in range(rng.randint(200, 900)))
    rec = {
        "source": src, "page": 1, "paper": "株洲日报", "date": "2024-02-06",
        "date_source": "masthead", "weekday": "星期二", "lunar": "癸卯年腊月廿七",
        "issue": 23200 + i // 8, "page_count": 8, "article": i % 8 + 1,
        "id": "%s#%d" % (src, i % 8 + 1), "kind": "news",
        "kicker": None, "headline": "标题%d，\"引号\"" % i, "subtitle": None,
        "byline": "株洲日报讯(全媒体记者/某某)", "text": text,
        "continued_to": None, "continued_from": None,
        "people": [{"name": "某%d" % k, "role": "official",
                    "titles": ["市长", "副书记"], "mentions": k + 1,
                    "spans": [[k, k + 3]]} for k in range(rng.randint(0, 4))],
        "dates": [{"text": "2月%d日" % (k + 1), "value": "2024-02-%02d" % (k + 1),
                   "start": k * 10, "end": k * 10 + 5, "precision": "day",
                   "field": "text"} for k in range(rng.randint(0, 3))],
        "score": rng.random(),
    }
    sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
