/*
 * The words of notifications: appointment times in the clinic's zone
 * and the patient's language, message bodies and subjects, and header
 * encoding for e-mail.  Translations: po/notify/LANG.po.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "i18n.h"
#include "log.h"
#include "notify_int.h"
#include "tz.h"

#define T(lang, s)	i18n_tr("notify", (lang), (s))

static const char *const notify_weekdays[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

static const char *const notify_months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

int
notify_when(const struct clinic *c, time_t t, time_t now, const char *lang,
    char *buf, size_t bufsz)
{
	struct tm	 tm, today;
	char		 wd[64], mon[64], hm[8];

	if (tz_local(c->timezone, t, &tm) == -1 ||
	    tz_local(c->timezone, now, &today) == -1)
		return error("clinic %s: bad time zone", c->id);
	/* Each name is copied: the next translation may reuse the buffer. */
	snprintf(wd, sizeof(wd), "%s", T(lang, notify_weekdays[tm.tm_wday]));
	snprintf(mon, sizeof(mon), "%s", T(lang, notify_months[tm.tm_mon]));
	snprintf(hm, sizeof(hm), "%02d:%02d", tm.tm_hour, tm.tm_min);
	if (tm.tm_year == today.tm_year)
		snprintf(buf, bufsz, T(lang, "%1$s %2$d %3$s, %4$s"), wd,
		    tm.tm_mday, mon, hm);
	else
		snprintf(buf, bufsz, T(lang, "%1$s %2$d %3$s %5$d, %4$s"), wd,
		    tm.tm_mday, mon, hm, tm.tm_year + 1900);
	return 0;
}

/* Appends "Label: value\n" when value is set; label is a format. */
static void
notify_line(struct buf *b, const char *lang, const char *fmt,
    const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	buf_printf(b, T(lang, fmt), value);
	buf_addstr(b, "\n");
}

static const char *
notify_headline(const char *kind, const char *lang)
{
	if (strcmp(kind, "moved") == 0)
		return T(lang, "Your appointment has been moved.");
	if (strcmp(kind, "cancelled") == 0)
		return T(lang, "Your appointment has been cancelled.");
	if (strcmp(kind, "reminder") == 0)
		return T(lang, "This is a reminder of your appointment.");
	return T(lang, "Your appointment is confirmed.");
}

static const char *
notify_subject_fmt(const char *kind, const char *lang)
{
	if (strcmp(kind, "moved") == 0)
		return T(lang, "Your appointment at %s has been moved");
	if (strcmp(kind, "cancelled") == 0)
		return T(lang, "Your appointment at %s has been cancelled");
	if (strcmp(kind, "reminder") == 0)
		return T(lang, "Reminder: your appointment at %s");
	return T(lang, "Your appointment at %s is confirmed");
}

/* The details of the appointment, one per line. */
static void
notify_details(struct buf *b, const struct clinic *c,
    const struct notify_appt *a, const char *when, int is_short)
{
	const char	*l = a->lang, *cancelled;

	cancelled = strcmp(a->kind, "cancelled") == 0 ? "" : NULL;
	notify_line(b, l, "When: %s", when);
	notify_line(b, l, "Service: %s", a->service);
	notify_line(b, l, "With: %s", a->practitioner);
	if (cancelled == NULL && !is_short)
		notify_line(b, l, "Price: %s", a->price);
	if (cancelled == NULL)
		notify_line(b, l, "Address: %s",
		    notify_clinic_str(c, "contact", "address"));
	if (cancelled == NULL && !is_short)
		notify_line(b, l, "What to bring: %s",
		    notify_clinic_str(c, "policies", "what_to_bring"));
	notify_line(b, l, "Reference: %s", a->reference);
}

int
notify_text_appt(const struct clinic *c, const struct notify_appt *a,
    const char *when, const char *link, int is_short, struct buf *subject,
    struct buf *body)
{
	const char	*l = a->lang, *phone;

	buf_printf(subject, notify_subject_fmt(a->kind, l), c->name);
	if (a->patient_name != NULL && *a->patient_name != '\0') {
		buf_printf(body, T(l, "Hello %s,"), a->patient_name);
		buf_addstr(body, is_short ? " " : "\n\n");
	}
	buf_printf(body, "%s\n", notify_headline(a->kind, l));
	if (!is_short)
		buf_addstr(body, "\n");
	notify_details(body, c, a, when, is_short);
	if (link != NULL && *link != '\0') {
		if (!is_short)
			buf_addstr(body, "\n");
		notify_line(body, l, "To move or cancel: %s", link);
	}
	phone = notify_clinic_str(c, "contact", "phone");
	buf_printf(body, "%s%s%s%s\n", is_short ? "" : "\n", c->name,
	    phone ? " · " : "", phone ? phone : "");
	if (body->data == NULL || subject->data == NULL)
		return error("message text too long");
	return 0;
}

/* Nonzero when s needs RFC 2047 encoding in a header. */
static int
notify_needs_mime(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x7f || (unsigned char)*s < 0x20)
			return 1;
	return 0;
}

int
notify_mime_header(struct buf *b, const char *text)
{
	char		 b64[64];
	size_t		 n, len = strlen(text), off = 0;

	if (!notify_needs_mime(text))
		return buf_addstr(b, text);
	/* Encoded words of at most 36 bytes (48 in base64), cut between
	 * characters, folded onto continuation lines. */
	while (off < len) {
		n = len - off < 36 ? len - off : 36;
		while (off + n < len &&
		    ((unsigned char)text[off + n] & 0xc0) == 0x80)
			n--;
		sodium_bin2base64(b64, sizeof(b64),
		    (const unsigned char *)text + off, n,
		    sodium_base64_VARIANT_ORIGINAL);
		if (buf_printf(b, "%s=?UTF-8?B?%s?=", off ? "\r\n " : "",
		    b64) == -1)
			return -1;
		off += n;
	}
	return 0;
}
