-- Move the staged rows into the tables (scripts/load-postgres), inside the
-- loader's transaction.  Pages are upserted; everything stored below a page
-- in the load (articles, people, dates) is replaced, so loading the same
-- pages twice changes nothing.  A record without a source counts as
-- source -, one without page or article numbers as page / article 1; a
-- date that is not YYYY-MM-DD is null.
CREATE TEMP TABLE loaded ON COMMIT DROP AS
	SELECT coalesce(source, '-') AS source, coalesce(page::integer, 1) AS page
	FROM stage_pages
	UNION
	SELECT coalesce(source, '-'), coalesce(page::integer, 1) FROM stage_articles;

DELETE FROM dates d USING loaded l WHERE d.source = l.source AND d.page = l.page;
DELETE FROM people p USING loaded l WHERE p.source = l.source AND p.page = l.page;
DELETE FROM articles a USING loaded l WHERE a.source = l.source AND a.page = l.page;

CREATE FUNCTION pg_temp.np_date(s text) RETURNS date LANGUAGE sql IMMUTABLE AS
	$$ SELECT CASE WHEN s ~ '^\d{4}-\d{2}-\d{2}$' THEN s::date END $$;

-- One row per page: the records of a page may repeat its fields or leave
-- some out, so each column takes a value that some record gave.
INSERT INTO pages (source, page, paper, date, date_source, weekday, lunar,
	issue, page_count)
SELECT coalesce(source, '-'), coalesce(page::integer, 1), max(paper),
	max(pg_temp.np_date(date)), max(date_source), max(weekday), max(lunar),
	max(issue::integer), max(page_count::integer)
FROM stage_pages GROUP BY 1, 2
ON CONFLICT (source, page) DO UPDATE SET
	paper = excluded.paper, date = excluded.date,
	date_source = excluded.date_source, weekday = excluded.weekday,
	lunar = excluded.lunar, issue = excluded.issue,
	page_count = excluded.page_count;

-- Columns by name: a database made before banner existed has it last.
INSERT INTO articles (source, page, article, id, kind, banner, kicker,
	headline, subtitle, byline, continued_to, continued_from, text, warnings)
SELECT DISTINCT ON (coalesce(source, '-'), coalesce(page::integer, 1), coalesce(article::integer, 1))
	coalesce(source, '-'), coalesce(page::integer, 1),
	coalesce(article::integer, 1),
	id, kind, banner, kicker, headline, subtitle, byline, continued_to,
	continued_from, text, warnings
FROM stage_articles
ON CONFLICT (source, page, article) DO UPDATE SET
	id = excluded.id, kind = excluded.kind, banner = excluded.banner,
	kicker = excluded.kicker,
	headline = excluded.headline, subtitle = excluded.subtitle,
	byline = excluded.byline, continued_to = excluded.continued_to,
	continued_from = excluded.continued_from, text = excluded.text,
	warnings = excluded.warnings;

INSERT INTO people
SELECT DISTINCT ON (coalesce(source, '-'), coalesce(page::integer, 1), coalesce(article::integer, 1), ordinal::integer)
	coalesce(source, '-'), coalesce(page::integer, 1),
	coalesce(article::integer, 1),
	ordinal::integer, name, role, titles, mentions::integer
FROM stage_people
ON CONFLICT (source, page, article, ordinal) DO UPDATE SET
	name = excluded.name, role = excluded.role, titles = excluded.titles,
	mentions = excluded.mentions;

INSERT INTO dates
SELECT DISTINCT ON (coalesce(source, '-'), coalesce(page::integer, 1), coalesce(article::integer, 1), ordinal::integer)
	coalesce(source, '-'), coalesce(page::integer, 1),
	coalesce(article::integer, 1),
	ordinal::integer, text, value, precision, field, char_start::integer,
	char_end::integer, pg_temp.np_date(first_day), pg_temp.np_date(last_day)
FROM stage_dates
ON CONFLICT (source, page, article, ordinal) DO UPDATE SET
	text = excluded.text, value = excluded.value,
	precision = excluded.precision, field = excluded.field,
	char_start = excluded.char_start, char_end = excluded.char_end,
	first_day = excluded.first_day, last_day = excluded.last_day;
