/* Dates of birth, day first (B29). */
#include "tap.h"
#include "caldate.h"
#include "dob.h"

static long	 today;

static void
reads(const char *in, enum dob_result want, const char *date)
{
	char		 iso[16], name[128];
	long		 d = 0;
	enum dob_result	 r = dob_parse(in, today, &d);

	snprintf(name, sizeof(name), "'%s' result", in);
	is_int(r, want, name);
	if (date == NULL)
		return;
	caldate_iso(d, iso, sizeof(iso));
	snprintf(name, sizeof(name), "'%s' is %s", in, date);
	is_str(iso, date, name);
}

int
main(void)
{
	char	 buf[64];

	today = caldate_days(2026, 12, 3);
	reads("05/04/1988", DOB_OK, "1988-04-05");
	reads("4/13/1988", DOB_ASK, "1988-04-13");
	reads("5th April 88", DOB_OK, "1988-04-05");
	reads("1979-02-28", DOB_OK, "1979-02-28");
	reads("05/04/1990", DOB_OK, "1990-04-05");
	reads("12/11/1985", DOB_OK, "1985-11-12");
	reads("5.4.88", DOB_OK, "1988-04-05");
	reads("April 5, 1988", DOB_OK, "1988-04-05");
	reads("5 avril 1988", DOB_OK, "1988-04-05");
	reads("3 grudnia 1970", DOB_OK, "1970-12-03");
	reads("01/01/20", DOB_OK, "2020-01-01");
	reads("05/12/26", DOB_OK, "1926-12-05");
	reads("01/01/2030", DOB_FUTURE, NULL);
	reads("2027-01-01", DOB_FUTURE, NULL);
	reads("31/02/1990", DOB_INVALID, NULL);
	reads("13/13/1990", DOB_INVALID, NULL);
	reads("yesterday", DOB_INVALID, NULL);
	reads("", DOB_INVALID, NULL);
	reads("01/01/1850", DOB_INVALID, NULL);
	caldate_long("en", caldate_days(1988, 4, 5), buf, sizeof(buf));
	is_str(buf, "Tuesday 5 April 1988", "read back in words");
	caldate_long("fr", caldate_days(1988, 4, 5), buf, sizeof(buf));
	is_str(buf, "mardi 5 avril 1988", "read back in French");
	return done();
}
