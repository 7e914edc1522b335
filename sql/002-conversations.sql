-- Conversations and their messages, idempotent retries, rate counters,
-- analytics events and knowledge gaps.

CREATE TABLE conversations (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NOT NULL,
	token_hash CHAR(64) NOT NULL,
	language CHAR(2) NOT NULL,
	page VARCHAR(2048) NULL,
	state LONGTEXT NOT NULL,
	status VARCHAR(16) NOT NULL DEFAULT 'bot',
	waiting_staff TINYINT(1) NOT NULL DEFAULT 0,
	emergency TINYINT(1) NOT NULL DEFAULT 0,
	booked TINYINT(1) NOT NULL DEFAULT 0,
	after_hours TINYINT(1) NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	KEY conversations_clinic (clinic_id, updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE messages (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	conversation_id BIGINT UNSIGNED NOT NULL,
	clinic_id VARCHAR(64) NOT NULL,
	sender VARCHAR(16) NOT NULL,
	text MEDIUMTEXT NOT NULL,
	language CHAR(2) NOT NULL,
	extra LONGTEXT NULL,
	emergency TINYINT(1) NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	KEY messages_conversation (conversation_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE idempotency_keys (
	conversation_id BIGINT UNSIGNED NOT NULL,
	idem_key VARCHAR(128) NOT NULL,
	request_hash CHAR(64) NOT NULL,
	status INT NOT NULL DEFAULT 0,
	answer LONGTEXT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (conversation_id, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE rate_counters (
	bucket VARCHAR(190) NOT NULL,
	window_start DATETIME NOT NULL,
	hits INT NOT NULL DEFAULT 0,
	PRIMARY KEY (bucket, window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE events (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NOT NULL,
	conversation_id BIGINT UNSIGNED NULL,
	type VARCHAR(32) NOT NULL,
	topic VARCHAR(64) NULL,
	language CHAR(2) NULL,
	after_hours TINYINT(1) NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	KEY events_clinic (clinic_id, created_at, type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE knowledge_gaps (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NOT NULL,
	conversation_id BIGINT UNSIGNED NOT NULL,
	message_id BIGINT UNSIGNED NOT NULL,
	question MEDIUMTEXT NOT NULL,
	language CHAR(2) NOT NULL,
	topic VARCHAR(64) NULL,
	created_at DATETIME NOT NULL,
	resolved_at DATETIME NULL,
	PRIMARY KEY (id),
	KEY gaps_clinic (clinic_id, resolved_at, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
