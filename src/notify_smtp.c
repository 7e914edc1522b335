/*
 * The e-mail channel: one message to one recipient over SMTP through
 * libcurl (smtps://, or smtp:// with STARTTLS required).  Headers are
 * built only from checked values: the recipient is a validated bare
 * address, names go into the body, the subject is cleaned and RFC 2047
 * encoded, so nothing a patient typed can add a header (B12).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "clinic.h"
#include "clock.h"
#include "conf.h"
#include "log.h"
#include "notify_int.h"

struct notify_upload {
	const struct buf	*msg;
	size_t			 off;
};

static size_t
notify_smtp_read(char *p, size_t size, size_t n, void *arg)
{
	struct notify_upload	*u = arg;
	size_t			 left = u->msg->len - u->off;

	if (left > size * n)
		left = size * n;
	memcpy(p, u->msg->data + u->off, left);
	u->off += left;
	return left;
}

/* The body, base64 in lines of 76 characters. */
static void
notify_smtp_body(struct buf *b, const char *text)
{
	char	 line[80];
	size_t	 len = strlen(text), off, n;

	for (off = 0; off < len; off += n) {
		n = len - off < 57 ? len - off : 57;
		sodium_bin2base64(line, sizeof(line),
		    (const unsigned char *)text + off, n,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "%s\r\n", line);
	}
}

/* The From display name: the clinic's, without quotes or controls. */
static void
notify_smtp_from(struct buf *b, const char *name, const char *addr)
{
	char	 clean[256];
	char	*p;

	notify_clean(clean, sizeof(clean), name);
	for (p = clean; *p != '\0'; p++)
		if (*p == '"' || *p == '\\')
			*p = ' ';
	buf_addstr(b, "From: ");
	if (strspn(clean, " ") == strlen(clean))
		buf_printf(b, "<%s>\r\n", addr);
	else {
		buf_addstr(b, "\"");
		notify_mime_header(b, clean);
		buf_printf(b, "\" <%s>\r\n", addr);
	}
}

/* The whole RFC 5322 message into b; -1 when a header would be bad. */
static int
notify_smtp_message(const struct notify_msg *m, const struct clinic *c,
    const char *from, const char *msgid, struct buf *b)
{
	const char	*reply = notify_clinic_str(c, "contact", "email");
	char		 date[64], subj[600];
	time_t		 now = clock_now();
	struct tm	 tm;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	notify_clean(subj, sizeof(subj), m->subject ? m->subject : c->name);
	buf_printf(b, "Date: %s\r\n", date);
	notify_smtp_from(b, c->name, from);
	if (notify_email_valid(reply))
		buf_printf(b, "Reply-To: <%s>\r\n", reply);
	buf_printf(b, "To: <%s>\r\n", m->recipient);
	buf_addstr(b, "Subject: ");
	notify_mime_header(b, subj);
	buf_printf(b, "\r\nMessage-ID: %s\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Auto-Submitted: auto-generated\r\n\r\n", msgid);
	notify_smtp_body(b, m->body);
	return b->data != NULL ? 0 : -1;
}

/* Nonzero when the SMTP URL's host is this machine. */
static int
notify_smtp_local(const char *url)
{
	CURLU	*u = curl_url();
	char	*host = NULL;
	int	 local = 0;

	if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		local = strcmp(host, "127.0.0.1") == 0 ||
		    strcmp(host, "localhost") == 0 ||
		    strcmp(host, "[::1]") == 0;
	curl_free(host);
	curl_url_cleanup(u);
	return local;
}

/* The TLS demand: always, unless smtp_tls = none for a local relay. */
static int
notify_smtp_tls(CURL *h, const char *url)
{
	if (strcmp(conf_str("smtp_tls"), "none") != 0) {
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
		return 0;
	}
	if (!notify_smtp_local(url))
		return error("smtp_tls = none is only for a mail server on "
		    "this machine");
	return 0;
}

static enum notify_result
notify_smtp_perform(const struct notify_msg *m, const struct buf *msg,
    const char *from)
{
	CURL			*h;
	struct curl_slist	*rcpt = NULL;
	struct notify_upload	 up = { msg, 0 };
	char			 env[NOTIFY_ADDR_MAX + 3], pass[256];
	const char		*url = conf_str("smtp_url");
	long			 code = 0;
	CURLcode		 rc = CURLE_FAILED_INIT;

	if ((h = curl_easy_init()) == NULL)
		return NOTIFY_RETRY;
	snprintf(env, sizeof(env), "<%s>", from);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, env);
	snprintf(env, sizeof(env), "<%s>", m->recipient);
	rcpt = curl_slist_append(rcpt, env);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	    (long)NOTIFY_CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT,
	    conf_long("notify_timeout_seconds"));
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, notify_smtp_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	if (*conf_str("smtp_user") != '\0') {
		if (notify_secret("smtp_password_file", pass,
		    sizeof(pass)) == -1)
			goto out;
		curl_easy_setopt(h, CURLOPT_USERNAME, conf_str("smtp_user"));
		curl_easy_setopt(h, CURLOPT_PASSWORD, pass);
		sodium_memzero(pass, sizeof(pass));
	}
	if (notify_smtp_tls(h, url) == 0)
		rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
out:
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK)
		return NOTIFY_SENT;
	log_warn("outbox %llu: SMTP failed: %s (%ld)", m->id,
	    curl_easy_strerror(rc), code);
	/* A recipient refused for good (55x) will never be delivered. */
	return code >= 550 && code <= 559 ? NOTIFY_FAILED : NOTIFY_RETRY;
}

static enum notify_result
notify_smtp_send(const struct notify_msg *m, char *id, size_t idsz)
{
	struct clinic		*c;
	struct buf		 msg;
	unsigned char		 raw[16];
	char			 hex[33], msgid[NOTIFY_ADDR_MAX + 40];
	const char		*from = conf_str("smtp_from");
	enum notify_result	 res = NOTIFY_FAILED;

	if (!notify_email_valid(m->recipient) || !notify_email_valid(from)) {
		log_warn("outbox %llu: invalid e-mail address", m->id);
		return NOTIFY_FAILED;
	}
	if ((c = clinic_load(m->clinic_id)) == NULL)
		return NOTIFY_RETRY;
	util_random(raw, sizeof(raw));
	util_hex(hex, raw, sizeof(raw));
	snprintf(msgid, sizeof(msgid), "<%s%s>", hex, strchr(from, '@'));
	buf_init(&msg, NOTIFY_TEXT_MAX * 2 + 8192);
	if (notify_smtp_message(m, c, from, msgid, &msg) == 0)
		res = notify_smtp_perform(m, &msg, from);
	if (res == NOTIFY_SENT)
		snprintf(id, idsz, "%s", msgid);
	buf_release(&msg);
	clinic_free(c);
	return res;
}

const struct notify_backend notify_smtp = {
	"smtp", notify_smtp_send
};
