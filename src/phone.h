/*
 * UK telephone numbers as patients type them, to E.164.  Numbers in the
 * Ofcom drama ranges (07700 900xxx) are ordinary mobiles here.
 */
#ifndef FD_PHONE_H
#define FD_PHONE_H

#include <stddef.h>

enum phone_kind {
	PHONE_MOBILE,		/* +447[1-57-9]..., +447624... (Isle of Man) */
	PHONE_GEOGRAPHIC,	/* +441..., +442... */
	PHONE_PERSONAL,		/* +4470... follow-me numbers, not mobiles */
	PHONE_PAGER,		/* +4476... */
	PHONE_NONGEO,		/* +443..., +448... */
	PHONE_FOREIGN,		/* another country code */
	PHONE__MAX
};

#define PHONE_E164_MAX	17	/* "+" 15 digits and NUL */

/*
 * Parses a typed number ("07700 900123", "+44 (0)7700 900123",
 * "0044 7700 900123", "7700900123") into E.164 in e164 (at least
 * PHONE_E164_MAX bytes) and its kind.  Returns 0, or -1 when the text is
 * not a telephone number.
 */
int	phone_parse(const char *text, char *e164, size_t e164sz,
	    enum phone_kind *kind);

/* Nonzero when a number of this kind may take SMS and WhatsApp: a UK
 * mobile, or a foreign number (which cannot be told apart here). */
int	phone_takes_sms(enum phone_kind kind);

#endif
