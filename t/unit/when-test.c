/* Time preferences against "now" in the clinic's zone (B18). */
#include "tap.h"
#include "caldate.h"
#include "when.h"

static time_t	 now;

static void
day(const char *in, int y, int m, int d, int y2, int m2, int d2)
{
	struct when	 w;
	char		 name[160];

	snprintf(name, sizeof(name), "'%s' recognised", in);
	ok(when_parse(in, now, "Europe/London", &w) == 1, name);
	snprintf(name, sizeof(name), "'%s' from %04d-%02d-%02d", in, y, m, d);
	is_int(w.day_from, y ? caldate_days(y, m, d) : 0, name);
	snprintf(name, sizeof(name), "'%s' to %04d-%02d-%02d", in, y2, m2, d2);
	is_int(w.day_to, y2 ? caldate_days(y2, m2, d2) : 0, name);
}

static void
hours(const char *in, int from, int to)
{
	struct when	 w;
	char		 name[160];

	when_parse(in, now, "Europe/London", &w);
	snprintf(name, sizeof(name), "'%s' starts from %d", in, from);
	is_int(w.min_from, from, name);
	snprintf(name, sizeof(name), "'%s' starts before %d", in, to);
	is_int(w.min_to, to, name);
}

int
main(void)
{
	struct when	 w;
	char		 buf[64];

	now = 1796306700;	/* Thu 3 Dec 2026 14:05 UTC */
	day("today", 2026, 12, 3, 2026, 12, 3);
	day("tomorrow", 2026, 12, 4, 2026, 12, 4);
	day("tomorrow morning", 2026, 12, 4, 2026, 12, 4);
	hours("tomorrow morning", 0, 720);
	day("any appointments this evening?", 2026, 12, 3, 2026, 12, 3);
	hours("this evening", 17 * 60, 1440);
	day("ce soir", 2026, 12, 3, 2026, 12, 3);
	day("tonight", 2026, 12, 3, 2026, 12, 3);
	day("this week", 2026, 12, 3, 2026, 12, 6);
	day("next week", 2026, 12, 7, 2026, 12, 13);
	day("Friday", 2026, 12, 4, 2026, 12, 4);
	day("next Tuesday", 2026, 12, 8, 2026, 12, 8);
	day("Can I come next Tuesday?", 2026, 12, 8, 2026, 12, 8);
	day("Monday 28 December", 2026, 12, 28, 2026, 12, 28);
	day("Can I book a check-up on Monday 28 December?", 2026, 12, 28,
	    2026, 12, 28);
	day("the 12th", 2026, 12, 12, 2026, 12, 12);
	day("the 2nd", 2027, 1, 2, 2027, 1, 2);
	day("Tuesday 6 April 2027 at 10am", 2027, 4, 6, 2027, 4, 6);
	hours("Tuesday 6 April 2027 at 10am", 600, 660);
	day("28/12", 2026, 12, 28, 2026, 12, 28);
	hours("after 5pm", 17 * 60, 24 * 60);
	hours("after 17:00", 17 * 60, 24 * 60);
	hours("before 10am", 0, 600);
	hours("morning", 0, 720);
	hours("in the afternoon", 720, 1020);
	hours("evening", 1020, 1440);
	ok(when_parse("I'd like to book with Dr Martinez this week if "
	    "possible", now, "Europe/London", &w) == 1, "this week in a wish");
	is_int(w.day_to, caldate_days(2026, 12, 6), "to Sunday");

	/* French, Polish, Spanish, German, Italian, Romanian, Urdu */
	day("demain", 2026, 12, 4, 2026, 12, 4);
	day("vendredi", 2026, 12, 4, 2026, 12, 4);
	day("cette semaine", 2026, 12, 3, 2026, 12, 6);
	day("la semaine prochaine", 2026, 12, 7, 2026, 12, 13);
	day("mardi prochain", 2026, 12, 8, 2026, 12, 8);
	hours("plutôt le matin", 0, 720);
	hours("l'après-midi", 720, 1020);
	day("jutro rano", 2026, 12, 4, 2026, 12, 4);
	hours("jutro rano", 0, 720);
	day("w piątek", 2026, 12, 4, 2026, 12, 4);
	day("w przyszłym tygodniu", 2026, 12, 7, 2026, 12, 13);
	day("mañana por la mañana", 2026, 12, 4, 2026, 12, 4);
	hours("mañana por la mañana", 0, 720);
	hours("por la tarde", 720, 1020);
	day("morgen früh", 2026, 12, 4, 2026, 12, 4);
	hours("morgen früh", 0, 720);
	day("nächste Woche", 2026, 12, 7, 2026, 12, 13);
	day("domani mattina", 2026, 12, 4, 2026, 12, 4);
	day("venerdì", 2026, 12, 4, 2026, 12, 4);
	day("mâine dimineață", 2026, 12, 4, 2026, 12, 4);
	hours("mâine dimineață", 0, 720);
	day("săptămâna viitoare", 2026, 12, 7, 2026, 12, 13);
	day("kal subah", 2026, 12, 4, 2026, 12, 4);
	hours("kal subah", 0, 720);
	day("agle hafte", 2026, 12, 7, 2026, 12, 13);
	day("28 décembre", 2026, 12, 28, 2026, 12, 28);

	/* B18: Friday the 12th is a Saturday */
	ok(when_parse("or Friday the 12th?", now, "Europe/London", &w) == 1,
	    "Friday the 12th recognised");
	ok(w.mismatch, "the weekday mismatch is flagged");
	is_int(w.named_wday, 5, "Friday was named");
	is_int(caldate_wday(w.day_from), 6, "the 12th is a Saturday");
	is_int(w.alt_named, caldate_days(2026, 12, 11), "offers Fri 11 Dec");
	is_int(w.alt_next, caldate_days(2026, 12, 14), "or Mon 14 Dec");
	caldate_short("en", w.alt_named, -1, buf, sizeof(buf));
	is_str(buf, "Fri 11 Dec", "labelled by code");
	caldate_short("en", caldate_days(2026, 12, 4), 990, buf, sizeof(buf));
	is_str(buf, "Fri 4 Dec, 16:30", "slot label");
	caldate_short("fr", caldate_days(2026, 12, 4), 990, buf, sizeof(buf));
	is_str(buf, "ven. 4 déc., 16:30", "French slot label");

	ok(when_parse("How much does it cost?", now, "Europe/London", &w) ==
	    0, "a question names no time");
	ok(when_parse("May I book?", now, "Europe/London", &w) == 0,
	    "'May' alone is not a month");
	return done();
}
