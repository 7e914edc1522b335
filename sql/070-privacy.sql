-- Patient data sealed at rest (src/secret.c): the columns that hold a
-- patient detail are widened for the sealed form "fd1:KEYID:BASE64",
-- lookups go through keyed hashes (secret_index), and tables keyed
-- otherwise get an id so that a key rotation can reseal row by row.
-- Values written before this stay readable and are sealed by
-- `frontdesk seal`.

ALTER TABLE appointments
	MODIFY patient_name TEXT NULL,
	MODIFY patient_phone TEXT NULL,
	MODIFY patient_email TEXT NULL,
	MODIFY patient_dob VARCHAR(255) NULL,
	ADD COLUMN patient_phone_hash CHAR(64) NULL,
	ADD COLUMN anonymised_at DATETIME NULL,
	ADD KEY appointments_phone (clinic_id, patient_phone_hash);

ALTER TABLE callbacks
	MODIFY phone TEXT NOT NULL,
	ADD COLUMN phone_hash CHAR(64) NULL,
	ADD KEY callbacks_phone (clinic_id, phone_hash);

ALTER TABLE idempotency_keys
	ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	ADD UNIQUE KEY idempotency_id (id),
	ADD KEY idempotency_created (created_at);

ALTER TABLE notify_appointments
	ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
	ADD UNIQUE KEY notify_appointments_id (id),
	MODIFY patient_name TEXT NULL,
	MODIFY phone TEXT NULL,
	MODIFY email TEXT NULL;

ALTER TABLE notify_outbox
	MODIFY recipient TEXT NOT NULL,
	MODIFY subject TEXT NULL,
	ADD COLUMN recipient_hash CHAR(64) NULL,
	ADD KEY outbox_recipient (recipient_hash);

ALTER TABLE notify_inbound
	MODIFY from_phone TEXT NOT NULL,
	ADD COLUMN from_hash CHAR(64) NULL,
	ADD KEY inbound_from (from_hash);

-- The retention job (frontdesk purge) deletes by clinic and age.
ALTER TABLE messages
	ADD KEY messages_clinic_created (clinic_id, created_at);
