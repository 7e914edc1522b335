-- Alerts for the clinic's staff, raised by the safety screen when a
-- patient's message shows signs of an emergency.  No message text is
-- kept here: the conversation holds it.

CREATE TABLE staff_alerts (
	id BIGINT NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NOT NULL,
	conversation_id BIGINT NOT NULL,
	kind VARCHAR(32) NOT NULL,
	category VARCHAR(64) NULL,
	created_at DATETIME NOT NULL,
	seen_at DATETIME NULL,
	PRIMARY KEY (id),
	KEY staff_alerts_clinic (clinic_id, seen_at, created_at),
	KEY staff_alerts_conversation (conversation_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
