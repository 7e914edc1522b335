-- A retried request is answered again from the messages its first try
-- stored, first_id to last_id of its conversation, instead of from a
-- second sealed copy of them.  Rows written before keep their answer.

ALTER TABLE idempotency_keys
	ADD COLUMN first_id BIGINT UNSIGNED NULL AFTER answer,
	ADD COLUMN last_id BIGINT UNSIGNED NULL AFTER first_id;
