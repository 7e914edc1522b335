/*
 * What the notify_*.c files share: the outbox row being sent, the
 * channel backends' function table, texts and small checks.  Not for
 * other modules: they use notify.h.
 */
#ifndef FD_NOTIFY_INT_H
#define FD_NOTIFY_INT_H

#include <stddef.h>
#include <time.h>
#include <json-c/json.h>

#include "clinic.h"
#include "notify.h"
#include "util.h"

#define NOTIFY_ADDR_MAX		254	/* bytes of an address */
#define NOTIFY_FIELD_MAX	255	/* bytes of a name, service, ... */
#define NOTIFY_TEXT_MAX		8192	/* bytes of a message body */
#define NOTIFY_FLUSH_MAX	16	/* messages one request may queue */
#define NOTIFY_CLAIM_SECONDS	300	/* a sender's lease on a row */
#define NOTIFY_BATCH		200	/* rows a dispatch pass reads */
#define NOTIFY_CONNECT_TIMEOUT	5	/* seconds to connect */
#define NOTIFY_RESPONSE_MAX	(64 * 1024) /* bytes of a provider answer */
#define NOTIFY_CODE_TTL		600	/* seconds a code lives */
#define NOTIFY_CODE_TRIES	5
#define NOTIFY_CODE_SENDS	5	/* codes to one phone in an hour */

/* One outbox row as a channel sends it. */
struct notify_msg {
	unsigned long long id;
	char		 clinic_id[65];
	char		 kind[25];
	char		 channel[17];
	char		 recipient[NOTIFY_ADDR_MAX + 1];
	char		 lang[8];
	char		*subject;	/* owned, or NULL */
	char		*body;		/* owned */
	json_object	*params;	/* owned {template, language, vars[]}
					 * or NULL */
	int		 attempts;
};

/* What a send attempt came to. */
enum notify_result {
	NOTIFY_SENT,		/* the provider accepted it */
	NOTIFY_RETRY,		/* a passing failure: try again later */
	NOTIFY_FAILED,		/* it can never succeed */
	NOTIFY_RESULT__MAX
};

/* A channel backend: one file each. */
struct notify_backend {
	const char	*name;
	enum notify_result (*send)(const struct notify_msg *m, char *id,
			    size_t idsz);
};

extern const struct notify_backend notify_whatsapp_cloud;
extern const struct notify_backend notify_twilio_sms;
extern const struct notify_backend notify_twilio_whatsapp;
extern const struct notify_backend notify_smtp;

/* Remembers outbox id for notify_flush(). */
void	notify_remember(unsigned long long id);

/* Inserts one outbox row (in the caller's transaction).  params may be
 * NULL (borrowed); dedupe may be NULL.  0 (also when the dedupe key was
 * queued before) or -1. */
int	notify_outbox_add(const char *clinic_id, const char *kind,
	    const char *channel, const char *dedupe,
	    unsigned long long appt, const char *recipient, const char *lang,
	    const char *subject, const char *body, json_object *params,
	    time_t now);

/* The WhatsApp template a clinic configured for kind (borrowed), or
 * NULL: clinic file "notify": {"whatsapp_templates": {kind: name}}. */
const char *notify_template(const struct clinic *c, const char *kind);

/* The language code of clinic c's WhatsApp templates in lang (clinic
 * file "notify": {"whatsapp_languages": {lang: code}}, else en_GB...). */
const char *notify_wa_lang(const struct clinic *c, const char *lang);

/* Takes the ids remembered for notify_flush() (at most max).  Count. */
int	notify_take_pending(unsigned long long *ids, int max);

/* The URL Twilio signs webhooks with: twilio_webhook_url, or public_url
 * + "api/v1/webhooks/twilio".  Returns buf. */
const char *notify_twilio_webhook_url(char *buf, size_t bufsz);

/* The channels whatsapp/sms are configured on this install. */
int	notify_whatsapp_ready(void);
int	notify_sms_ready(void);

/* Nonzero when the clinic lists channel in confirmation_channels. */
int	notify_clinic_channel(const struct clinic *c, const char *channel);

/* Nonzero when s is an E.164 number that can take texts (a mobile). */
int	notify_phone_mobile(const char *s);

/* Nonzero when s is one plain addr-spec (local@domain) without spaces,
 * control characters, quotes or brackets, at most NOTIFY_ADDR_MAX. */
int	notify_email_valid(const char *s);

/* Copies src into dst (dstsz bytes) with control characters turned into
 * spaces and cut on a UTF-8 boundary; NULL gives "".  Returns dst. */
char	*notify_clean(char *dst, size_t dstsz, const char *src);

/* "Friday 4 December, 16:30" (the year added when not now's) in the
 * clinic's zone and lang, into buf.  0 or -1. */
int	notify_when(const struct clinic *c, time_t t, time_t now,
	    const char *lang, char *buf, size_t bufsz);

/* Subject and body of an appointment message (into two capped bufs);
 * short: for a text message.  link may be NULL.  0 or -1. */
int	notify_text_appt(const struct clinic *c, const struct notify_appt *a,
	    const char *when, const char *link, int is_short,
	    struct buf *subject, struct buf *body);

/* A string member of the clinic file's object member (borrowed). */
const char *notify_clinic_str(const struct clinic *c, const char *obj,
	    const char *key);

/* Reads the secret in the file named by configuration key into buf,
 * without the final newline.  0, or -1 when unset or unreadable. */
int	notify_secret(const char *key, char *buf, size_t bufsz);

/*
 * POSTs body (type: its Content-Type) to url with the given extra
 * header (may be NULL) and user:password basic auth (may be NULL).
 * Returns the HTTP status with the answer in resp, or -1 when no answer
 * came (timeout, refused).
 */
long	notify_http_post(const char *url, const char *type,
	    const char *body, size_t len, const char *header,
	    const char *userpwd, struct buf *resp);

/* The result for an HTTP status: 2xx sent, 408/429/5xx/-1 retry, else
 * failed. */
enum notify_result notify_http_result(long status);

/* RFC 2047 encoding of a header value when it is not plain ASCII. */
int	notify_mime_header(struct buf *b, const char *text);

/* HMAC (sha1 nonzero: SHA-1, else SHA-256) of data, hex or base64. */
void	notify_hmac_hex256(const char *key, size_t keylen, const void *data,
	    size_t len, char out[65]);
int	notify_hmac_b64sha1(const char *key, const void *data, size_t len,
	    char *out, size_t outsz);

#endif
