-- newsprint tables for SQLite (scripts/load-sqlite).  The CSV files come
-- from scripts/tables; keys are stable, so a page loaded again replaces
-- its rows.  Dates are ISO 8601 text (YYYY-MM-DD), which sorts and compares
-- as dates and works with SQLite's date functions.
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS pages (
	source      TEXT NOT NULL,     -- page file name
	page        INTEGER NOT NULL,  -- page number within the file (1, 2, ...)
	paper       TEXT,              -- masthead name
	date        TEXT,              -- publication date, YYYY-MM-DD
	date_source TEXT,              -- masthead | option
	weekday     TEXT,
	lunar       TEXT,
	issue       INTEGER,
	page_count  INTEGER,
	PRIMARY KEY (source, page)
);
CREATE INDEX IF NOT EXISTS pages_date ON pages (date);

CREATE TABLE IF NOT EXISTS articles (
	source         TEXT NOT NULL,
	page           INTEGER NOT NULL,
	article        INTEGER NOT NULL,  -- 1, 2, ... in reading order
	id             TEXT,              -- source#article
	kind           TEXT,              -- news | commentary | feature | photo | notice | teaser
	banner         TEXT,              -- column or series label above the title block
	kicker         TEXT,
	headline       TEXT,
	subtitle       TEXT,
	byline         TEXT,
	continued_to   TEXT,
	continued_from TEXT,
	text           TEXT,
	warnings       TEXT,              -- joined with ';'
	PRIMARY KEY (source, page, article),
	FOREIGN KEY (source, page) REFERENCES pages (source, page) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS people (
	source   TEXT NOT NULL,
	page     INTEGER NOT NULL,
	article  INTEGER NOT NULL,
	ordinal  INTEGER NOT NULL,  -- 1, 2, ... within the article
	name     TEXT,
	role     TEXT,              -- reporter | correspondent | photographer | author | official | person
	titles   TEXT,              -- joined with ';'
	mentions INTEGER,
	PRIMARY KEY (source, page, article, ordinal),
	FOREIGN KEY (source, page, article)
		REFERENCES articles (source, page, article) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS people_name ON people (name);

CREATE TABLE IF NOT EXISTS dates (
	source     TEXT NOT NULL,
	page       INTEGER NOT NULL,
	article    INTEGER NOT NULL,
	ordinal    INTEGER NOT NULL,  -- 1, 2, ... within the article
	text       TEXT,              -- as found
	value      TEXT,              -- ISO 8601: 2025-02-25, 2023-01, 2022-10/2022-12, --02-25
	precision  TEXT,              -- year | quarter | month | day | minute
	field      TEXT,              -- the field it was found in
	char_start INTEGER,           -- code-point offsets into that field
	char_end   INTEGER,
	first_day  TEXT,              -- first day of the value's interval, YYYY-MM-DD
	last_day   TEXT,              -- last day (null when the year is unknown)
	PRIMARY KEY (source, page, article, ordinal),
	FOREIGN KEY (source, page, article)
		REFERENCES articles (source, page, article) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS dates_day ON dates (first_day, last_day);
CREATE INDEX IF NOT EXISTS dates_value ON dates (value);
