-- The LLM's token use per clinic and day (the clinic's local date), for
-- the daily budget (llm_daily_tokens).  Tokens as the provider reports
-- them in the response's usage field.

CREATE TABLE llm_usage (
	clinic_id VARCHAR(64) NOT NULL,
	day DATE NOT NULL,
	tokens BIGINT UNSIGNED NOT NULL DEFAULT 0,
	requests INT UNSIGNED NOT NULL DEFAULT 0,
	PRIMARY KEY (clinic_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
