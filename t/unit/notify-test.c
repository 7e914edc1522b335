/*
 * Unit tests of notify's pure parts: address and number checks,
 * cleaning, header encoding, HMACs and local times.  Prints TAP.
 */
#include <stdio.h>
#include <string.h>

#include "clinic.h"
#include "clock.h"
#include "notify_int.h"

static int	 n, failed;

static void
ok(int cond, const char *name)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, name);
	failed += !cond;
}

static void
is(const char *got, const char *want, const char *name)
{
	ok(strcmp(got, want) == 0, name);
	if (strcmp(got, want) != 0)
		printf("# got '%s', want '%s'\n", got, want);
}

static void
test_addresses(void)
{
	ok(notify_email_valid("tom@example.com"), "plain address");
	ok(notify_email_valid("tom.reed+x@mail.example.org"), "dots, plus");
	ok(!notify_email_valid("tom@example.com\r\nCc: a@example.org"),
	    "CR/LF in an address refused (B12)");
	ok(!notify_email_valid("tom@example.com, a@example.org"),
	    "two addresses refused");
	ok(!notify_email_valid("Tom <tom@example.com>"), "a name refused");
	ok(!notify_email_valid("tom@@example.com"), "two @ refused");
	ok(!notify_email_valid("tom@example"), "no dot in domain refused");
	ok(!notify_email_valid(".tom@example.com"), "leading dot refused");
	ok(!notify_email_valid(""), "empty refused");
	ok(!notify_email_valid(NULL), "NULL refused");
	ok(notify_phone_mobile("+447700900123"), "UK mobile");
	ok(!notify_phone_mobile("+447012345678"), "UK 070 personal number");
	ok(!notify_phone_mobile("+441134960000"), "UK landline");
	ok(!notify_phone_mobile("07700900123"), "not E.164");
	ok(notify_phone_mobile("+33612345678"), "another country's number");
}

static void
test_clean(void)
{
	char	 buf[64];

	is(notify_clean(buf, sizeof(buf), "Tom Reed\r\nBcc: list@spam.example"),
	    "Tom Reed  Bcc: list@spam.example", "CR/LF become spaces");
	is(notify_clean(buf, 6, "Zo\xc3\xab\xc3\xab"), "Zo\xc3\xab",
	    "cut on a character boundary");
	is(notify_clean(buf, sizeof(buf), NULL), "", "NULL gives empty");
}

static void
test_mime(void)
{
	struct buf	 b;

	buf_init(&b, 4096);
	notify_mime_header(&b, "Your appointment");
	is(b.data, "Your appointment", "ASCII subject as is");
	b.len = 0;
	notify_mime_header(&b, "Zo\xc3\xab");
	is(b.data, "=?UTF-8?B?Wm/Dqw==?=", "UTF-8 subject encoded (RFC 2047)");
	b.len = 0;
	notify_mime_header(&b, "a\r\nBcc: x@example.org");
	ok(strchr(b.data, '\n') == NULL || strstr(b.data, "\r\n ") != NULL,
	    "control characters never reach a header raw");
	ok(strstr(b.data, "Bcc:") == NULL, "no readable injected header");
	buf_release(&b);
}

static void
test_hmac(void)
{
	char	 hex[65], b64[64];

	notify_hmac_hex256("Jefe", 4, "what do ya want for nothing?", 28, hex);
	is(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964"
	    "ec3843", "HMAC-SHA256 (RFC 4231 case 2)");
	notify_hmac_b64sha1("Jefe", "what do ya want for nothing?", 28, b64,
	    sizeof(b64));
	is(b64, "7/zfauXrL6LSdBbV8YTfnCWafHk=", "HMAC-SHA1 base64 (RFC 2202)");
}

static void
test_when(void)
{
	struct clinic	 c;
	char		 buf[128];
	time_t		 t, now;

	memset(&c, 0, sizeof(c));
	c.id = "harbour";
	c.timezone = "Europe/London";
	clock_parse_utc("2026-12-03T14:05:00Z", &now);
	clock_parse_utc("2027-04-06T09:00:00Z", &t);
	notify_when(&c, t, now, "en", buf, sizeof(buf));
	is(buf, "Tuesday 6 April 2027, 10:00", "BST after the change (B01)");
	clock_parse_utc("2026-12-04T16:30:00Z", &t);
	notify_when(&c, t, now, "en", buf, sizeof(buf));
	is(buf, "Friday 4 December, 16:30", "this year: no year");
}

int
main(void)
{
	test_addresses();
	test_clean();
	test_mime();
	test_hmac();
	test_when();
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
