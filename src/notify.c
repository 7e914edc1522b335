/*
 * Queuing notifications: which channels an appointment message goes by,
 * the outbox rows, the appointment as last confirmed and manage-link
 * tokens.  The texts are notify_text.c's; sending is notify_send.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "conf.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "notify.h"
#include "notify_int.h"
#include "secret.h"
#include "util.h"

#define NOTIFY_TOKEN_BYTES	24

notify_cancel_fn	notify_cancel_hook;

static unsigned long long notify_pending[NOTIFY_FLUSH_MAX];
static int		 notify_npending;

void
notify_remember(unsigned long long id)
{
	if (notify_npending < NOTIFY_FLUSH_MAX)
		notify_pending[notify_npending++] = id;
}

/* Takes the remembered ids (at most max) and forgets them.  Count. */
int
notify_take_pending(unsigned long long *ids, int max)
{
	int	 i, n = notify_npending < max ? notify_npending : max;

	for (i = 0; i < n; i++)
		ids[i] = notify_pending[i];
	notify_npending = 0;
	return n;
}

/* The sealed text fields of an outbox row. */
struct notify_sealed {
	char	*recipient, *subject, *body, *params;
	char	 hash[SECRET_INDEX_HEX];
};

static void
notify_sealed_release(struct notify_sealed *z)
{
	free(z->recipient);
	free(z->subject);
	free(z->body);
	free(z->params);
}

static int
notify_seal_row(struct notify_sealed *z, const char *recipient,
    const char *subject, const char *body, json_object *params)
{
	const char	*p = NULL;

	memset(z, 0, sizeof(*z));
	if (params != NULL)
		p = json_object_to_json_string_ext(params,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (secret_index("notify_outbox.recipient", recipient, z->hash) == -1 ||
	    secret_seal_str("notify_outbox.recipient", recipient,
	    &z->recipient) == -1 ||
	    secret_seal_str("notify_outbox.subject", subject,
	    &z->subject) == -1 ||
	    secret_seal_str("notify_outbox.body", body, &z->body) == -1 ||
	    secret_seal_str("notify_outbox.params", p, &z->params) == -1) {
		notify_sealed_release(z);
		return -1;
	}
	return 0;
}

int
notify_outbox_add(const char *clinic_id, const char *kind,
    const char *channel, const char *dedupe, unsigned long long appt,
    const char *recipient, const char *lang, const char *subject,
    const char *body, json_object *params, time_t now)
{
	struct notify_sealed	 z;
	long long		 rc;

	if (notify_seal_row(&z, recipient, subject, body, params) == -1)
		return -1;
	/* A repeated dedupe key changes nothing and is no error; the id is
	 * then the first row's. */
	rc = db_exec("INSERT INTO notify_outbox (clinic_id, kind, channel, "
	    "dedupe_key, appointment_id, recipient, recipient_hash, language, "
	    "subject, body, params, next_attempt_at, created_at) VALUES (%s, "
	    "%s, %s, %s, NULLIF(%llu, 0), IFNULL(%s, ''), %s, %s, %s, "
	    "IFNULL(%s, ''), %s, %t, %t) ON DUPLICATE KEY UPDATE id = "
	    "LAST_INSERT_ID(id)", clinic_id, kind, channel, dedupe, appt,
	    z.recipient, z.hash, lang, z.subject, z.body, z.params, now, now);
	notify_sealed_release(&z);
	if (rc == -1)
		return -1;
	notify_remember(db_insert_id());
	log_info("outbox %llu queued: %s by %s", db_insert_id(), kind,
	    channel);
	return 0;
}

const char *
notify_clinic_str(const struct clinic *c, const char *obj, const char *key)
{
	json_object	*o;

	if (!json_object_object_get_ex(c->doc, obj, &o))
		return NULL;
	return util_json_str(o, key, NULL);
}

const char *
notify_template(const struct clinic *c, const char *kind)
{
	json_object	*n, *t;

	if (!json_object_object_get_ex(c->doc, "notify", &n) ||
	    !json_object_object_get_ex(n, "whatsapp_templates", &t))
		return NULL;
	return util_json_str(t, kind, NULL);
}

int
notify_whatsapp_ready(void)
{
	const char	*p = conf_str("notify_whatsapp_provider");

	if (strcmp(p, "cloud") == 0)
		return *conf_str("whatsapp_phone_number_id") != '\0';
	if (strcmp(p, "twilio") == 0)
		return *conf_str("twilio_account_sid") != '\0' &&
		    *conf_str("twilio_whatsapp_from") != '\0';
	return 0;
}

int
notify_sms_ready(void)
{
	return *conf_str("twilio_account_sid") != '\0' &&
	    (*conf_str("twilio_sms_from") != '\0' ||
	    *conf_str("twilio_messaging_service_sid") != '\0');
}

int
notify_clinic_channel(const struct clinic *c, const char *channel)
{
	json_object	*b, *chs;
	size_t		 i;

	if (!json_object_object_get_ex(c->doc, "booking", &b) ||
	    !json_object_object_get_ex(b, "confirmation_channels", &chs) ||
	    !json_object_is_type(chs, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(chs); i++)
		if (strcmp(json_object_get_string(
		    json_object_array_get_idx(chs, i)), channel) == 0)
			return 1;
	return 0;
}

int
notify_phone_mobile(const char *s)
{
	size_t	 n;

	if (s == NULL || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	n = strlen(s + 1);
	if (n < 8 || n > 15 || strspn(s + 1, "0123456789") != n)
		return 0;
	/* UK: a mobile is +447 then [1-57-9] and 8 digits (7.3). */
	if (strncmp(s, "+44", 3) == 0)
		return n == 12 && s[3] == '7' && strchr("1234579", s[4]);
	return 1;
}

int
notify_email_valid(const char *s)
{
	static const char local_ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-";
	static const char host_ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-";
	const char	*at;
	size_t		 n, local;

	if (s == NULL || (n = strlen(s)) == 0 || n > NOTIFY_ADDR_MAX ||
	    (at = strchr(s, '@')) == NULL || strchr(at + 1, '@') != NULL)
		return 0;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || strspn(s, local_ok) != local ||
	    s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	at++;
	n = strlen(at);
	return n >= 3 && strspn(at, host_ok) == n && strchr(at, '.') &&
	    at[0] != '.' && at[0] != '-' && at[n - 1] != '.' &&
	    at[n - 1] != '-';
}

char *
notify_clean(char *dst, size_t dstsz, const char *src)
{
	size_t	 i, n = 0;

	for (i = 0; src != NULL && src[i] != '\0' && n + 1 < dstsz; i++) {
		unsigned char ch = (unsigned char)src[i];

		dst[n++] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
	}
	dst[n] = '\0';
	/* Do not end inside a multibyte sequence. */
	if (src != NULL && src[i] != '\0')
		while (n > 0 && ((unsigned char)dst[n - 1] & 0xc0) == 0x80)
			dst[--n] = '\0';
	if (n > 0 && ((unsigned char)dst[n - 1] & 0xc0) == 0xc0)
		dst[--n] = '\0';
	return dst;
}

/* The appointment fields, cleaned, and what the messages need. */
struct notify_ctx {
	const struct clinic	*c;
	struct notify_appt	 a;	/* strings point into the arrays */
	char	 name[NOTIFY_FIELD_MAX + 1], service[NOTIFY_FIELD_MAX + 1];
	char	 pract[NOTIFY_FIELD_MAX + 1], price[65], ref[65];
	char	 lang[3], when[128], link[512];
	time_t	 now;
};

static int
notify_ref_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

static int
notify_kind_ok(const char *k)
{
	return k != NULL && (strcmp(k, "booked") == 0 ||
	    strcmp(k, "moved") == 0 || strcmp(k, "cancelled") == 0 ||
	    strcmp(k, "reminder") == 0);
}

/* Records the appointment as the patient was last told it; the
 * patient's name, phone and e-mail are sealed. */
static int
notify_snapshot(const struct notify_ctx *x)
{
	const struct notify_appt *a = &x->a;
	const char	*status = strcmp(a->kind, "cancelled") == 0 ?
			    "cancelled" : "booked";
	char		*name = NULL, *phone = NULL, *email = NULL;
	long long	 rc = -1;

	if (secret_seal_str("notify_appointments.patient_name",
	    a->patient_name, &name) == -1 ||
	    secret_seal_str("notify_appointments.phone",
	    notify_phone_mobile(a->phone_e164) ? a->phone_e164 : NULL,
	    &phone) == -1 ||
	    secret_seal_str("notify_appointments.email",
	    notify_email_valid(a->email) ? a->email : NULL, &email) == -1)
		goto out;
	rc = db_exec("INSERT INTO notify_appointments (clinic_id, reference, "
	    "appointment_id, status, service, practitioner, start_at, "
	    "duration_min, price, patient_name, phone, email, language, "
	    "updated_at) VALUES (%s, %s, %llu, %s, %s, %s, %t, %d, %s, %s, "
	    "%s, %s, %s, %t) ON DUPLICATE KEY UPDATE appointment_id = "
	    "VALUES(appointment_id), status = VALUES(status), service = "
	    "VALUES(service), practitioner = VALUES(practitioner), start_at = "
	    "VALUES(start_at), duration_min = VALUES(duration_min), price = "
	    "VALUES(price), patient_name = VALUES(patient_name), phone = "
	    "VALUES(phone), email = VALUES(email), language = "
	    "VALUES(language), updated_at = VALUES(updated_at)", x->c->id,
	    x->ref, a->appointment_id, status, a->service, a->practitioner,
	    a->start, a->duration_min, a->price, name, phone, email, a->lang,
	    x->now);
out:
	free(name);
	free(phone);
	free(email);
	return rc == -1 ? -1 : 0;
}

/* Mints a manage-link token (only its hash is kept) into x->link. */
static int
notify_mint_link(struct notify_ctx *x)
{
	unsigned char	 raw[NOTIFY_TOKEN_BYTES];
	char		 token[NOTIFY_TOKEN_BYTES * 2 + 1], hash[65];

	x->link[0] = '\0';
	if (strcmp(x->a.kind, "cancelled") == 0)
		return 0;
	if (util_random(raw, sizeof(raw)) == -1)
		return error("no randomness for a token");
	util_hex(token, raw, sizeof(raw));
	util_sha256_hex(hash, token, strlen(token));
	if (db_exec("INSERT INTO notify_manage_tokens (token_hash, clinic_id, "
	    "reference, expires_at, created_at) VALUES (%s, %s, %s, %t, %t)",
	    hash, x->c->id, x->ref, x->a.start + 86400, x->now) == -1)
		return -1;
	snprintf(x->link, sizeof(x->link), "%sstatic/manage.html#r=%s&t=%s",
	    conf_str("public_url"), x->ref, token);
	return 0;
}

const char *
notify_wa_lang(const struct clinic *c, const char *lang)
{
	json_object	*n, *m;
	const char	*s;

	if (json_object_object_get_ex(c->doc, "notify", &n) &&
	    json_object_object_get_ex(n, "whatsapp_languages", &m) &&
	    (s = util_json_str(m, lang, NULL)) != NULL)
		return s;
	if (strcmp(lang, "en") == 0)
		return strcmp(c->country, "US") == 0 ? "en_US" : "en_GB";
	return lang;
}

static void
notify_var(json_object *vars, const char *s)
{
	json_object_array_add(vars, json_object_new_string(
	    s != NULL && *s != '\0' ? s : "-"));
}

/* {template, language, vars[]} of a WhatsApp appointment message. */
static json_object *
notify_wa_params(const struct notify_ctx *x, const char *tpl)
{
	json_object	*p = json_object_new_object();
	json_object	*vars = json_object_new_array();
	const char	*addr = notify_clinic_str(x->c, "contact", "address");
	char		 place[512];

	snprintf(place, sizeof(place), "%s%s%s", x->c->name, addr ? ", " : "",
	    addr ? addr : "");
	notify_var(vars, x->name);
	notify_var(vars, x->when);
	if (strcmp(x->a.kind, "cancelled") == 0)
		notify_var(vars, x->c->name);
	else {
		notify_var(vars, x->service);
		notify_var(vars, x->pract);
		notify_var(vars, place);
		notify_var(vars, x->link);
	}
	json_object_object_add(p, "template", json_object_new_string(tpl));
	json_object_object_add(p, "language", json_object_new_string(
	    notify_wa_lang(x->c, x->lang)));
	json_object_object_add(p, "vars", vars);
	return p;
}

static void
notify_dedupe(const struct notify_ctx *x, const char *channel, char *buf,
    size_t bufsz)
{
	snprintf(buf, bufsz, "a:%s:%s:%s:%lld:%s", x->c->id, x->ref,
	    x->a.kind, (long long)x->a.start, channel);
}

/* The text message: WhatsApp when the clinic and install allow, else
 * SMS; nothing without a mobile number. */
static int
notify_queue_phone(struct notify_ctx *x)
{
	struct buf	 subj, body;
	json_object	*params = NULL;
	const char	*channel = NULL, *tpl;
	char		 key[256];
	int		 rc = -1;

	if (!notify_phone_mobile(x->a.phone_e164))
		return 0;
	tpl = notify_template(x->c, x->a.kind);
	if (notify_clinic_channel(x->c, "whatsapp") && notify_whatsapp_ready()
	    && tpl != NULL)
		channel = "whatsapp";
	else if (notify_clinic_channel(x->c, "sms") && notify_sms_ready())
		channel = "sms";
	if (channel == NULL)
		return 0;
	buf_init(&subj, 1024);
	buf_init(&body, NOTIFY_TEXT_MAX);
	if (notify_text_appt(x->c, &x->a, x->when, x->link, 1, &subj,
	    &body) == -1)
		goto out;
	if (strcmp(channel, "whatsapp") == 0)
		params = notify_wa_params(x, tpl);
	notify_dedupe(x, channel, key, sizeof(key));
	rc = notify_outbox_add(x->c->id, x->a.kind, channel, key,
	    x->a.appointment_id, x->a.phone_e164, x->lang, NULL, body.data,
	    params, x->now);
out:
	json_object_put(params);
	buf_release(&subj);
	buf_release(&body);
	return rc;
}

static int
notify_queue_email(struct notify_ctx *x)
{
	struct buf	 subj, body;
	char		 key[256];
	int		 rc = -1;

	if (!notify_clinic_channel(x->c, "email") ||
	    *conf_str("smtp_url") == '\0')
		return 0;
	if (x->a.email != NULL && *x->a.email != '\0' &&
	    !notify_email_valid(x->a.email)) {
		log_info("appointment message: e-mail address refused");
		return 0;
	}
	if (!notify_email_valid(x->a.email))
		return 0;
	buf_init(&subj, 1024);
	buf_init(&body, NOTIFY_TEXT_MAX);
	if (notify_text_appt(x->c, &x->a, x->when, x->link, 0, &subj,
	    &body) == -1)
		goto out;
	notify_dedupe(x, "email", key, sizeof(key));
	rc = notify_outbox_add(x->c->id, x->a.kind, "email", key,
	    x->a.appointment_id, x->a.email, x->lang, subj.data, body.data,
	    NULL, x->now);
out:
	buf_release(&subj);
	buf_release(&body);
	return rc;
}

/* Fills x from a, cleaning every text; -1 when a is not usable. */
static int
notify_ctx_init(struct notify_ctx *x, const struct clinic *c,
    const struct notify_appt *a)
{
	memset(x, 0, sizeof(*x));
	x->c = c;
	x->a = *a;
	x->now = clock_now();
	if (!notify_kind_ok(a->kind) || a->start <= 0 || a->reference == NULL
	    || !notify_ref_ok(a->reference))
		return error("appointment message: bad kind, start or "
		    "reference");
	snprintf(x->ref, sizeof(x->ref), "%s", a->reference);
	snprintf(x->lang, sizeof(x->lang), "%s", a->lang != NULL &&
	    strlen(a->lang) == 2 ? a->lang : c->default_language);
	x->a.patient_name = notify_clean(x->name, sizeof(x->name),
	    a->patient_name);
	x->a.service = notify_clean(x->service, sizeof(x->service),
	    a->service);
	x->a.practitioner = notify_clean(x->pract, sizeof(x->pract),
	    a->practitioner);
	x->a.price = notify_clean(x->price, sizeof(x->price), a->price);
	x->a.reference = x->ref;
	x->a.lang = x->lang;
	return notify_when(c, a->start, x->now, x->lang, x->when,
	    sizeof(x->when));
}

int
notify_queue_appt(const struct clinic *c, const struct notify_appt *a)
{
	struct notify_ctx	 x;

	if (notify_ctx_init(&x, c, a) == -1)
		return -1;
	if (notify_snapshot(&x) == -1 || notify_mint_link(&x) == -1)
		return -1;
	if (notify_queue_phone(&x) == -1 || notify_queue_email(&x) == -1)
		return -1;
	return 0;
}

int
notify_queue_staff_alert(const struct clinic *c, const char *kind,
    unsigned long long conversation_id)
{
	const char	*to = notify_clinic_str(c, "contact", "email");
	const char	*lang = c->default_language;
	char		 k[33], key[190], link[512], subj[256], body[1024];

	if (!notify_email_valid(to) || *conf_str("smtp_url") == '\0') {
		log_warn("clinic %s: no contact e-mail for staff alerts",
		    c->id);
		return 0;
	}
	notify_clean(k, sizeof(k), kind);
	snprintf(key, sizeof(key), "s:%s:%llu:%s", c->id, conversation_id, k);
	snprintf(link, sizeof(link), "%sstatic/admin/conversation.html"
	    "?id=%llu", conf_str("public_url"), conversation_id);
	snprintf(subj, sizeof(subj), "%s", i18n_tr("notify", lang,
	    "A patient conversation needs staff attention"));
	snprintf(body, sizeof(body), i18n_tr("notify", lang, "A conversation "
	    "was flagged (%s). Please open it in the dashboard:"), k);
	snprintf(body + strlen(body), sizeof(body) - strlen(body), "\n%s\n",
	    link);
	return notify_outbox_add(c->id, "staff_alert", "email", key, 0, to,
	    lang, subj, body, NULL, clock_now());
}
