-- newsprint tables for PostgreSQL (scripts/load-postgres): the same tables,
-- keys and indexes as sqlite-schema.sql, with native DATE columns.
CREATE TABLE IF NOT EXISTS pages (
	source      text NOT NULL,
	page        integer NOT NULL,
	paper       text,
	date        date,
	date_source text,
	weekday     text,
	lunar       text,
	issue       integer,
	page_count  integer,
	PRIMARY KEY (source, page)
);
CREATE INDEX IF NOT EXISTS pages_date ON pages (date);

CREATE TABLE IF NOT EXISTS articles (
	source         text NOT NULL,
	page           integer NOT NULL,
	article        integer NOT NULL,
	id             text,
	kind           text,
	banner         text,
	kicker         text,
	headline       text,
	subtitle       text,
	byline         text,
	continued_to   text,
	continued_from text,
	text           text,
	warnings       text,
	PRIMARY KEY (source, page, article),
	FOREIGN KEY (source, page) REFERENCES pages (source, page) ON DELETE CASCADE
);
-- a database made before the banner column: add it (last)
ALTER TABLE articles ADD COLUMN IF NOT EXISTS banner text;

CREATE TABLE IF NOT EXISTS people (
	source   text NOT NULL,
	page     integer NOT NULL,
	article  integer NOT NULL,
	ordinal  integer NOT NULL,
	name     text,
	role     text,
	titles   text,
	mentions integer,
	PRIMARY KEY (source, page, article, ordinal),
	FOREIGN KEY (source, page, article)
		REFERENCES articles (source, page, article) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS people_name ON people (name);

CREATE TABLE IF NOT EXISTS dates (
	source     text NOT NULL,
	page       integer NOT NULL,
	article    integer NOT NULL,
	ordinal    integer NOT NULL,
	text       text,
	value      text,
	precision  text,
	field      text,
	char_start integer,
	char_end   integer,
	first_day  date,
	last_day   date,
	PRIMARY KEY (source, page, article, ordinal),
	FOREIGN KEY (source, page, article)
		REFERENCES articles (source, page, article) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS dates_day ON dates (first_day, last_day);
CREATE INDEX IF NOT EXISTS dates_value ON dates (value);
