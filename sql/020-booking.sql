-- Booking: UK bank holidays, appointments and the double-booking guard,
-- short holds on a chosen slot, and the slot tokens offered in a
-- conversation.  Times are UTC.

CREATE TABLE bank_holidays (
	division VARCHAR(32) NOT NULL,
	date DATE NOT NULL,
	title VARCHAR(255) NOT NULL,
	notes VARCHAR(255) NOT NULL DEFAULT '',
	PRIMARY KEY (division, date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Patient fields are read and written by booking_store.c only.
CREATE TABLE appointments (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NOT NULL,
	reference CHAR(6) NOT NULL,
	practitioner_id VARCHAR(64) NOT NULL,
	service_id VARCHAR(64) NOT NULL,
	start_utc DATETIME NOT NULL,
	end_utc DATETIME NOT NULL,
	status VARCHAR(16) NOT NULL DEFAULT 'booked',
	backend VARCHAR(16) NOT NULL DEFAULT 'local',
	external_id VARCHAR(255) NULL,
	patient_name VARCHAR(512) NULL,
	patient_phone VARCHAR(255) NULL,
	patient_email VARCHAR(512) NULL,
	patient_dob DATE NULL,
	language CHAR(2) NOT NULL DEFAULT 'en',
	conversation_id BIGINT UNSIGNED NULL,
	price_amount BIGINT NULL,
	currency CHAR(3) NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
	    ON UPDATE CURRENT_TIMESTAMP,
	cancelled_at DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY appointments_reference (clinic_id, reference),
	KEY appointments_practitioner (clinic_id, practitioner_id, start_utc),
	KEY appointments_start (clinic_id, start_utc)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per 5-minute block an appointment covers: the primary key is
-- what makes two appointments of one practitioner at once impossible.
CREATE TABLE appointment_blocks (
	clinic_id VARCHAR(64) NOT NULL,
	practitioner_id VARCHAR(64) NOT NULL,
	block_start DATETIME NOT NULL,
	appointment_id BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (clinic_id, practitioner_id, block_start),
	KEY appointment_blocks_appointment (appointment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE holds (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NOT NULL,
	conversation_id BIGINT UNSIGNED NOT NULL,
	practitioner_id VARCHAR(64) NOT NULL,
	service_id VARCHAR(64) NOT NULL,
	start_utc DATETIME NOT NULL,
	end_utc DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	KEY holds_practitioner (clinic_id, practitioner_id, start_utc),
	KEY holds_conversation (conversation_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE slot_offers (
	token CHAR(24) NOT NULL,
	clinic_id VARCHAR(64) NOT NULL,
	conversation_id BIGINT UNSIGNED NOT NULL,
	practitioner_id VARCHAR(64) NOT NULL,
	service_id VARCHAR(64) NOT NULL,
	start_utc DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	PRIMARY KEY (token),
	KEY slot_offers_conversation (conversation_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
