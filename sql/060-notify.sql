-- Notifications: the outbox of confirmations, reminders, codes and staff
-- alerts (written in the transaction that caused them, sent after commit
-- and by `frontdesk dispatch`), the appointments as last confirmed (for
-- reminders and the manage page), manage-link tokens, one-time codes and
-- inbound messages from patients.

CREATE TABLE notify_outbox (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NOT NULL,
	kind VARCHAR(24) NOT NULL,
	channel VARCHAR(16) NOT NULL,
	dedupe_key VARCHAR(190) NULL,
	appointment_id BIGINT UNSIGNED NULL,
	recipient VARCHAR(320) NOT NULL,
	language CHAR(2) NOT NULL,
	subject VARCHAR(500) NULL,
	body MEDIUMTEXT NOT NULL,
	params LONGTEXT NULL,
	status VARCHAR(16) NOT NULL DEFAULT 'pending',
	attempts INT NOT NULL DEFAULT 0,
	next_attempt_at DATETIME NOT NULL,
	claimed_by VARCHAR(96) NULL,
	claimed_until DATETIME NULL,
	provider_id VARCHAR(190) NULL,
	delivery VARCHAR(16) NULL,
	last_error VARCHAR(255) NULL,
	created_at DATETIME NOT NULL,
	sent_at DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY outbox_dedupe (dedupe_key),
	KEY outbox_due (status, next_attempt_at),
	KEY outbox_provider (provider_id),
	KEY outbox_clinic (clinic_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notify_appointments (
	clinic_id VARCHAR(64) NOT NULL,
	reference VARCHAR(64) NOT NULL,
	appointment_id BIGINT UNSIGNED NULL,
	status VARCHAR(16) NOT NULL,
	service VARCHAR(255) NULL,
	practitioner VARCHAR(255) NULL,
	start_at DATETIME NOT NULL,
	duration_min INT NOT NULL,
	price VARCHAR(64) NULL,
	patient_name VARCHAR(255) NULL,
	phone VARCHAR(32) NULL,
	email VARCHAR(320) NULL,
	language CHAR(2) NOT NULL,
	reminded_start DATETIME NULL,
	updated_at DATETIME NOT NULL,
	PRIMARY KEY (clinic_id, reference),
	KEY notify_appointments_due (status, start_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notify_manage_tokens (
	token_hash CHAR(64) NOT NULL,
	clinic_id VARCHAR(64) NOT NULL,
	reference VARCHAR(64) NOT NULL,
	expires_at DATETIME NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (token_hash),
	KEY notify_tokens_ref (clinic_id, reference)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notify_codes (
	clinic_id VARCHAR(64) NOT NULL,
	phone_hash CHAR(64) NOT NULL,
	code_hash CHAR(64) NOT NULL,
	expires_at DATETIME NOT NULL,
	tries INT NOT NULL DEFAULT 0,
	sends INT NOT NULL DEFAULT 0,
	window_start DATETIME NOT NULL,
	PRIMARY KEY (clinic_id, phone_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notify_inbound (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NULL,
	provider VARCHAR(16) NOT NULL,
	provider_msg_id VARCHAR(190) NOT NULL,
	from_phone VARCHAR(32) NOT NULL,
	text MEDIUMTEXT NOT NULL,
	received_at DATETIME NOT NULL,
	read_at DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY inbound_provider (provider, provider_msg_id),
	KEY inbound_clinic (clinic_id, received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
