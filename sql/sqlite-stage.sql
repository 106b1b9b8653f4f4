-- Staging tables for scripts/load-sqlite: every column as text, as the
-- sqlite3 shell's .import reads it; sqlite-merge.sql converts.
CREATE TEMP TABLE stage_pages (source, page, paper, date, date_source,
	weekday, lunar, issue, page_count);
CREATE TEMP TABLE stage_articles (source, page, article, id, kind, banner,
	kicker, headline, subtitle, byline, continued_to, continued_from, text,
	warnings);
CREATE TEMP TABLE stage_people (source, page, article, ordinal, name, role,
	titles, mentions);
CREATE TEMP TABLE stage_dates (source, page, article, ordinal, text, value,
	precision, field, char_start, char_end, first_day, last_day);
