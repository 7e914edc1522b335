/*
 * Unit tests of the foundation: UTF-8, JSON limits, the clock override,
 * local time across clock changes, the capped buffer, and clinic file
 * validation.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clinic.h"
#include "clock.h"
#include "tz.h"
#include "util.h"
#include "tap.h"

static void
test_utf8(void)
{
	ok(utf8_valid("plain", 5), "ASCII is UTF-8");
	ok(utf8_valid("Zo\xc3\xab \xf0\x9f\x8c\xb8", 9),
	    "diacritics and emoji");
	ok(!utf8_valid("caf\xc3", 4), "a cut sequence is not");
	ok(!utf8_valid("\xc0\xaf", 2), "an overlong form is not");
	ok(!utf8_valid("\xed\xa0\x80", 3), "a surrogate is not");
	ok(!utf8_valid("\xf4\x90\x80\x80", 4), "past U+10FFFF is not");
	ok(!utf8_valid("\xff", 1), "a stray byte is not");
	is_int(utf8_count("Zo\xc3\xab", 4), 3, "code points are counted");
}

static void
test_json(void)
{
	json_object	*o;
	size_t		 len;
	char		 deep[200];
	int		 i;

	o = util_json_parse("{\"a\": \"x\\u0000y\"}", 17);
	ok(o != NULL, "a NUL escape parses");
	ok(util_json_str(o, "a", NULL) == NULL, "but is not a plain string");
	ok(util_json_str(o, "a", &len) != NULL && len == 3,
	    "its full length is kept");
	json_object_put(o);
	ok(util_json_parse("{} x", 4) == NULL, "trailing garbage is refused");
	ok(util_json_parse("{\"a\":1", 6) == NULL, "a cut object is refused");
	for (i = 0; i < 40; i++)
		deep[i] = '[';
	for (i = 40; i < 80; i++)
		deep[i] = ']';
	ok(util_json_parse(deep, 80) == NULL, "nesting past the limit is "
	    "refused");
}

static void
test_clock(void)
{
	time_t	 t;
	char	 buf[32];

	setenv("FRONTDESK_NOW", "2026-12-03T14:05:00Z", 1);
	t = clock_now();
	clock_format_utc(t, buf, sizeof(buf));
	is_str(buf, "2026-12-03T14:05:00Z", "the clock override holds");
	ok(clock_parse_utc("2026-13-03T14:05:00Z", &t) == -1,
	    "a bad month is refused");
	unsetenv("FRONTDESK_NOW");
	ok(clock_now() > 1700000000, "without it the system clock runs");
}

static void
test_tz(void)
{
	struct tm	 tm;
	time_t		 t;

	ok(tz_valid("Europe/London"), "Europe/London is a zone");
	ok(!tz_valid("Europe/Atlantis"), "Europe/Atlantis is not");
	ok(!tz_valid("../../etc/passwd"), "a path is not");
	t = tz_instant("Europe/London", 2027, 4, 6, 10, 0);
	is_int(t, 1807002000LL, "10:00 on 6 Apr 2027 is 09:00Z (BST)");
	t = tz_instant("Europe/London", 2026, 12, 4, 16, 30);
	is_int(t, 1796401800LL, "16:30 on 4 Dec 2026 is 16:30Z (GMT)");
	t = tz_instant("Europe/London", 2027, 3, 28, 1, 30);
	is_int(t, -1, "01:30 on 28 Mar 2027 does not exist");
	t = tz_instant("Europe/London", 2027, 10, 31, 1, 30);
	is_int(t, 1824942600LL, "01:30 on 31 Oct 2027 is its first instance");
	tz_local("Europe/London", 1807002000LL, &tm);
	is_int(tm.tm_hour, 10, "and back to 10:00 local");
}

static void
test_clinic(void)
{
	json_object	*doc;
	char		 err[256];

	doc = json_tokener_parse("{\"id\":\"x\",\"name\":\"X\"}");
	ok(clinic_validate(doc, err, sizeof(err)) == -1, "a short id fails");
	is_str(err, "id: must be 2 to 64 of a-z, 0-9 and '-'",
	    "naming the field");
	json_object_put(doc);
	doc = json_tokener_parse("{\"id\":\"ab\",\"name\":\"X\",\"timezone\":"
	    "\"Europe/London\",\"country\":\"GB\",\"default_language\":\"en\","
	    "\"opening_hours\":{}}");
	ok(clinic_validate(doc, err, sizeof(err)) == 0,
	    "a minimal clinic passes");
	json_object_put(doc);
}

static void
test_buf(void)
{
	struct buf	 b;
	char		 longer[400];

	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	buf_init(&b, 512);
	ok(buf_printf(&b, "%d-%s", 7, "short") == 0 && b.len == 7 &&
	    strcmp(b.data, "7-short") == 0, "a short format is appended");
	ok(buf_printf(&b, "%s", longer) == 0 && b.len == 7 + 399 &&
	    strcmp(b.data + 7, longer) == 0, "so is one longer than the "
	    "stack's room");
	ok(buf_printf(&b, "%s", longer) == -1 && b.len == 406 &&
	    b.data[406] == '\0', "past the cap it fails, the buffer kept");
	ok(buf_reserve(&b, 1000) == 0 && b.size > 1406 && b.len == 406,
	    "room can be made past the cap for a writer that checks it");
	buf_release(&b);
}

int
main(void)
{
	test_utf8();
	test_buf();
	test_json();
	test_clock();
	test_tz();
	test_clinic();
	return done_testing();
}
