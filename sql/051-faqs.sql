-- The clinic's own questions and answers.  The answers module owns this
-- table (sql/010-answers.sql); it is made here only when missing, with
-- the same columns, so that answering a knowledge gap always has a home.

CREATE TABLE IF NOT EXISTS clinic_faqs (
	id BIGINT AUTO_INCREMENT,
	clinic_id VARCHAR(64),
	lang CHAR(2),
	q TEXT,
	a TEXT,
	created_at DATETIME,
	PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
