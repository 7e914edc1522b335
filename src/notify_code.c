/*
 * One-time codes by SMS or WhatsApp, the proof that a patient holds a
 * phone before the booking module moves or cancels an appointment.
 * Only a hash of each code is kept; a code lives 10 minutes and allows
 * 5 tries, and a phone gets at most 5 codes an hour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "notify.h"
#include "notify_int.h"
#include "secret.h"

/* Keyed hashes (secret_index): a plain hash of a phone number is
 * undone by trying every number. */
static int
notify_phone_hash(const struct clinic *c, const char *phone, char out[65])
{
	char	 s[160];

	snprintf(s, sizeof(s), "%s:%s", c->id, phone);
	return secret_index("notify_codes.phone", s, out);
}

static int
notify_code_hash(const struct clinic *c, const char *phone,
    const char *code, char out[65])
{
	char	 s[180];

	snprintf(s, sizeof(s), "%s:%s:%s", c->id, phone, code);
	return secret_index("notify_codes.code", s, out);
}

/* A uniform 6-digit code.  0 or -1. */
static int
notify_new_code(char code[7])
{
	unsigned int	 v;

	do {
		if (util_random(&v, sizeof(v)) == -1)
			return error("no randomness for a code");
	} while (v >= 4294000000u);	/* a multiple of 10^6: no bias */
	snprintf(code, 7, "%06u", v % 1000000u);
	return 0;
}

/* Codes sent to this phone in the current hour, or -1. */
static int
notify_code_sends(const char *clinic_id, const char *ph, time_t now)
{
	char	*v;
	int	 n;

	v = db_value("SELECT IF(window_start > %t, sends, 0) FROM notify_codes "
	    "WHERE clinic_id = %s AND phone_hash = %s FOR UPDATE", now - 3600,
	    clinic_id, ph);
	if (v == NULL)
		return db_errno() ? -1 : 0;
	n = atoi(v);
	free(v);
	return n;
}

/* The channel for codes: WhatsApp with an authentication template, else
 * SMS; NULL when neither is set up. */
static const char *
notify_code_channel(const struct clinic *c)
{
	if (notify_clinic_channel(c, "whatsapp") && notify_whatsapp_ready() &&
	    notify_template(c, "code") != NULL)
		return "whatsapp";
	return notify_sms_ready() ? "sms" : NULL;
}

int
notify_can_send_code(const struct clinic *c)
{
	if (!notify_clinic_channel(c, "sms") &&
	    !notify_clinic_channel(c, "whatsapp"))
		return 0;
	return notify_code_channel(c) != NULL;
}

static int
notify_code_queue(const struct clinic *c, const char *phone,
    const char *lang, const char *channel, const char *code, time_t now)
{
	json_object	*params = NULL, *vars;
	char		 body[512];
	int		 rc;

	snprintf(body, sizeof(body), i18n_tr("notify", lang, "Your code for "
	    "%s is %s. It expires in 10 minutes. Do not share it."), c->name,
	    code);
	if (strcmp(channel, "whatsapp") == 0) {
		params = json_object_new_object();
		vars = json_object_new_array();
		json_object_array_add(vars, json_object_new_string(code));
		json_object_object_add(params, "template",
		    json_object_new_string(notify_template(c, "code")));
		json_object_object_add(params, "language",
		    json_object_new_string(notify_wa_lang(c, lang)));
		json_object_object_add(params, "vars", vars);
	}
	rc = notify_outbox_add(c->id, "code", channel, NULL, 0, phone, lang,
	    NULL, body, params, now);
	json_object_put(params);
	return rc;
}

int
notify_send_code(const struct clinic *c, const char *phone_e164,
    const char *lang)
{
	const char	*channel;
	char		 ph[65], hash[65], code[7];
	time_t		 now = clock_now();
	int		 sends;

	if (lang == NULL || strlen(lang) != 2)
		lang = c->default_language;
	if (!notify_phone_mobile(phone_e164) ||
	    (channel = notify_code_channel(c)) == NULL)
		return 1;
	if (notify_phone_hash(c, phone_e164, ph) == -1 ||
	    (sends = notify_code_sends(c->id, ph, now)) == -1)
		return -1;
	if (sends >= NOTIFY_CODE_SENDS) {
		log_info("clinic %s: code limit reached for a phone", c->id);
		return 1;
	}
	if (notify_new_code(code) == -1 ||
	    notify_code_hash(c, phone_e164, code, hash) == -1)
		return -1;
	if (db_exec("INSERT INTO notify_codes (clinic_id, phone_hash, "
	    "code_hash, expires_at, tries, sends, window_start) VALUES (%s, "
	    "%s, %s, %t, 0, 1, %t) ON DUPLICATE KEY UPDATE code_hash = "
	    "VALUES(code_hash), expires_at = VALUES(expires_at), tries = 0, "
	    "sends = %d + 1, window_start = IF(window_start > %t, "
	    "window_start, VALUES(window_start))", c->id, ph, hash,
	    now + NOTIFY_CODE_TTL, now, sends, now - 3600) == -1)
		return -1;
	return notify_code_queue(c, phone_e164, lang, channel, code, now);
}

int
notify_check_code(const struct clinic *c, const char *phone_e164,
    const char *code)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	char		 ph[65], hash[65];
	time_t		 now = clock_now();
	int		 rc = 2;

	if (phone_e164 == NULL || code == NULL || strlen(code) > 16)
		return 1;
	if (notify_phone_hash(c, phone_e164, ph) == -1 ||
	    notify_code_hash(c, phone_e164, code, hash) == -1)
		return -1;
	if ((res = db_query("SELECT code_hash, expires_at, tries FROM "
	    "notify_codes WHERE clinic_id = %s AND phone_hash = %s FOR UPDATE",
	    c->id, ph)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL && db_time(row[1]) > now &&
	    atoi(row[2]) < NOTIFY_CODE_TRIES)
		rc = util_ct_cmp(hash, row[0]) == 0 ? 0 : 1;
	mysql_free_result(res);
	/* A used code is spent; the row stays to count the hour's codes. */
	if (rc == 0 && db_exec("UPDATE notify_codes SET code_hash = '', "
	    "expires_at = %t WHERE clinic_id = %s AND phone_hash = %s", now,
	    c->id, ph) == -1)
		return -1;
	if (rc == 1 && db_exec("UPDATE notify_codes SET tries = tries + 1 "
	    "WHERE clinic_id = %s AND phone_hash = %s", c->id, ph) == -1)
		return -1;
	return rc;
}
