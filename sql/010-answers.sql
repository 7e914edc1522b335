-- FAQs that staff add from the dashboard, used by the answer engine next
-- to the FAQs of the clinic file.  lang is the language q and a are in.

CREATE TABLE clinic_faqs (
	id BIGINT NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NOT NULL,
	lang CHAR(2) NOT NULL DEFAULT 'en',
	q TEXT NOT NULL,
	a TEXT NOT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY clinic_faqs_clinic (clinic_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
