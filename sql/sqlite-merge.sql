-- Move the staged CSV rows into the tables (scripts/load-sqlite).  A page
-- in the load replaces everything stored for it: its articles, people and
-- dates are deleted and loaded again, so loading twice changes nothing.
-- .import reads an empty field as '', so NULLIF turns it back into null; a
-- record without page or article numbers counts as page / article 1.
BEGIN;

CREATE TEMP TABLE loaded AS
	SELECT DISTINCT coalesce(NULLIF(source, ''), '-') AS source,
		coalesce(CAST(NULLIF(page, '') AS INTEGER), 1) AS page
	FROM stage_pages
	UNION
	SELECT DISTINCT coalesce(NULLIF(source, ''), '-'),
		coalesce(CAST(NULLIF(page, '') AS INTEGER), 1)
	FROM stage_articles;

DELETE FROM dates WHERE (source, page) IN (SELECT source, page FROM loaded);
DELETE FROM people WHERE (source, page) IN (SELECT source, page FROM loaded);
DELETE FROM articles WHERE (source, page) IN (SELECT source, page FROM loaded);

-- One row per page: the records of a page may repeat its fields or leave
-- some out, so each column takes a value that some record gave.
INSERT INTO pages (source, page, paper, date, date_source, weekday, lunar,
	issue, page_count)
SELECT coalesce(NULLIF(source, ''), '-') AS s,
	coalesce(CAST(NULLIF(page, '') AS INTEGER), 1) AS p,
	max(NULLIF(paper, '')), max(NULLIF(date, '')), max(NULLIF(date_source, '')),
	max(NULLIF(weekday, '')), max(NULLIF(lunar, '')),
	max(CAST(NULLIF(issue, '') AS INTEGER)),
	max(CAST(NULLIF(page_count, '') AS INTEGER))
FROM stage_pages GROUP BY s, p
ON CONFLICT (source, page) DO UPDATE SET
	paper = excluded.paper, date = excluded.date,
	date_source = excluded.date_source, weekday = excluded.weekday,
	lunar = excluded.lunar, issue = excluded.issue,
	page_count = excluded.page_count;

-- Columns by name: a database made before banner existed has it last.
INSERT OR REPLACE INTO articles (source, page, article, id, kind, banner,
	kicker, headline, subtitle, byline, continued_to, continued_from, text,
	warnings)
SELECT coalesce(NULLIF(source, ''), '-'),
	coalesce(CAST(NULLIF(page, '') AS INTEGER), 1),
	coalesce(CAST(NULLIF(article, '') AS INTEGER), 1),
	NULLIF(id, ''), NULLIF(kind, ''), NULLIF(banner, ''), NULLIF(kicker, ''),
	NULLIF(headline, ''), NULLIF(subtitle, ''), NULLIF(byline, ''),
	NULLIF(continued_to, ''), NULLIF(continued_from, ''), NULLIF(text, ''),
	NULLIF(warnings, '')
FROM stage_articles;

INSERT OR REPLACE INTO people
SELECT coalesce(NULLIF(source, ''), '-'),
	coalesce(CAST(NULLIF(page, '') AS INTEGER), 1),
	coalesce(CAST(NULLIF(article, '') AS INTEGER), 1),
	CAST(ordinal AS INTEGER), NULLIF(name, ''), NULLIF(role, ''),
	NULLIF(titles, ''), CAST(NULLIF(mentions, '') AS INTEGER)
FROM stage_people;

INSERT OR REPLACE INTO dates
SELECT coalesce(NULLIF(source, ''), '-'),
	coalesce(CAST(NULLIF(page, '') AS INTEGER), 1),
	coalesce(CAST(NULLIF(article, '') AS INTEGER), 1),
	CAST(ordinal AS INTEGER), NULLIF(text, ''), NULLIF(value, ''),
	NULLIF(precision, ''), NULLIF(field, ''),
	CAST(NULLIF(char_start, '') AS INTEGER), CAST(NULLIF(char_end, '') AS INTEGER),
	NULLIF(first_day, ''), NULLIF(last_day, '')
FROM stage_dates;

DROP TABLE loaded;
COMMIT;
