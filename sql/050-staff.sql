-- Staff accounts, the clinics each may see, login sessions, the audit
-- log of staff access, and call-back requests left by patients.

CREATE TABLE staff_users (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	email VARCHAR(254) NOT NULL,
	name VARCHAR(255) NOT NULL,
	role VARCHAR(16) NOT NULL,
	password_hash VARCHAR(255) NOT NULL,
	disabled TINYINT(1) NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY staff_users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE staff_clinics (
	user_id BIGINT UNSIGNED NOT NULL,
	clinic_id VARCHAR(64) NOT NULL,
	PRIMARY KEY (user_id, clinic_id),
	KEY staff_clinics_clinic (clinic_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Only a hash of the session token is kept; the CSRF token is sent to
-- the pages and proves nothing without the cookie.
CREATE TABLE staff_sessions (
	token_hash CHAR(64) NOT NULL,
	user_id BIGINT UNSIGNED NOT NULL,
	csrf_token CHAR(64) NOT NULL,
	created_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	PRIMARY KEY (token_hash),
	KEY staff_sessions_user (user_id),
	KEY staff_sessions_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_log (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NULL,
	user_id BIGINT UNSIGNED NULL,
	user_email VARCHAR(254) NULL,
	action VARCHAR(32) NOT NULL,
	conversation_id BIGINT UNSIGNED NULL,
	subject VARCHAR(190) NULL,
	address VARCHAR(64) NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	KEY audit_clinic (clinic_id, created_at),
	KEY audit_conversation (conversation_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE callbacks (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	clinic_id VARCHAR(64) NOT NULL,
	conversation_id BIGINT UNSIGNED NOT NULL,
	phone VARCHAR(32) NOT NULL,
	created_at DATETIME NOT NULL,
	done_at DATETIME NULL,
	done_by BIGINT UNSIGNED NULL,
	PRIMARY KEY (id),
	KEY callbacks_clinic (clinic_id, done_at, created_at),
	KEY callbacks_conversation (conversation_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
