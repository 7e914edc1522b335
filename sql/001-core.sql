-- Clinics, their practitioners and services.  The clinic file is kept
-- whole in clinics.doc; practitioners and services also get rows so that
-- appointments can name them.  Every table: InnoDB, utf8mb4, a primary key.

CREATE TABLE clinics (
	id VARCHAR(64) NOT NULL,
	name VARCHAR(255) NOT NULL,
	timezone VARCHAR(64) NOT NULL,
	country CHAR(2) NOT NULL,
	default_language CHAR(2) NOT NULL,
	doc LONGTEXT NOT NULL,
	revision INT UNSIGNED NOT NULL DEFAULT 1,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
	    ON UPDATE CURRENT_TIMESTAMP,
	PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE practitioners (
	clinic_id VARCHAR(64) NOT NULL,
	id VARCHAR(64) NOT NULL,
	name VARCHAR(255) NOT NULL,
	active TINYINT(1) NOT NULL DEFAULT 1,
	PRIMARY KEY (clinic_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE services (
	clinic_id VARCHAR(64) NOT NULL,
	id VARCHAR(64) NOT NULL,
	name VARCHAR(255) NOT NULL,
	duration_min INT NOT NULL,
	price_amount BIGINT NULL,
	currency CHAR(3) NULL,
	active TINYINT(1) NOT NULL DEFAULT 1,
	PRIMARY KEY (clinic_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
