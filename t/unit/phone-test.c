/* UK phone numbers to E.164 (B29). */
#include "tap.h"
#include "phone.h"

static void
same(const char *in, const char *want, enum phone_kind kind)
{
	char		 e[PHONE_E164_MAX], name[128];
	enum phone_kind	 k = PHONE__MAX;

	snprintf(name, sizeof(name), "'%s' parses", in);
	if (!ok(phone_parse(in, e, sizeof(e), &k) == 0, name))
		return;
	snprintf(name, sizeof(name), "'%s' -> %s", in, want);
	is_str(e, want, name);
	snprintf(name, sizeof(name), "'%s' kind", in);
	is_int(k, kind, name);
}

static void
bad(const char *in)
{
	char		 e[PHONE_E164_MAX], name[128];
	enum phone_kind	 k;

	snprintf(name, sizeof(name), "'%s' is not a number", in);
	ok(phone_parse(in, e, sizeof(e), &k) == -1, name);
}

int
main(void)
{
	same("07700 900123", "+447700900123", PHONE_MOBILE);
	same("+44 7700 900123", "+447700900123", PHONE_MOBILE);
	same("+44 (0)7700 900123", "+447700900123", PHONE_MOBILE);
	same("0044 7700 900123", "+447700900123", PHONE_MOBILE);
	same("7700900123", "+447700900123", PHONE_MOBILE);
	same("+447700900789", "+447700900789", PHONE_MOBILE);
	same("07700-900-999", "+447700900999", PHONE_MOBILE);
	same("070 1234 5678", "+447012345678", PHONE_PERSONAL);
	same("07624 123456", "+447624123456", PHONE_MOBILE);
	same("07623 123456", "+447623123456", PHONE_PAGER);
	same("020 7946 0321", "+442079460321", PHONE_GEOGRAPHIC);
	same("01632 960123", "+441632960123", PHONE_GEOGRAPHIC);
	same("+33 6 12 34 56 78", "+33612345678", PHONE_FOREIGN);
	ok(phone_takes_sms(PHONE_MOBILE), "a mobile takes SMS");
	ok(!phone_takes_sms(PHONE_PERSONAL), "a 070 personal number does not");
	ok(!phone_takes_sms(PHONE_GEOGRAPHIC), "a landline does not");
	bad("call me");
	bad("0770090012");
	bad("077009001234");
	bad("");
	bad("+");
	bad("0900 123 456 789 000 1");
	bad("07700 90O123");
	bad("05700 900123");
	return done();
}
