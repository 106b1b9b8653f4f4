-- Staging tables for scripts/load-postgres: text columns that \copy fills
-- from the CSV files (an unquoted empty field is null, "" an empty string);
-- postgres-merge.sql converts and upserts.  Dropped at commit.
CREATE TEMP TABLE stage_pages (source text, page text, paper text,
	date text, date_source text, weekday text, lunar text, issue text,
	page_count text) ON COMMIT DROP;
CREATE TEMP TABLE stage_articles (source text, page text, article text,
	id text, kind text, banner text, kicker text, headline text, subtitle text,
	byline text, continued_to text, continued_from text, text text,
	warnings text) ON COMMIT DROP;
CREATE TEMP TABLE stage_people (source text, page text, article text,
	ordinal text, name text, role text, titles text, mentions text)
	ON COMMIT DROP;
CREATE TEMP TABLE stage_dates (source text, page text, article text,
	ordinal text, text text, value text, precision text, field text,
	char_start text, char_end text, first_day text, last_day text)
	ON COMMIT DROP;
