/*
 * The built-in answer engine: answers a patient's questions from the
 * clinic's facts (the clinic file and the FAQs staff add), in the
 * patient's language, and says so honestly when it does not know.
 * Safety, booking and language choice are other modules' work.
 */
#ifndef FD_ANSWER_H
#define FD_ANSWER_H

#include <stddef.h>
#include <json-c/json.h>

#include "turn.h"

/*
 * Answers t->text from the clinic's facts in t->lang.  Always adds at
 * least one reply.  Returns 1 when it answered from the facts, 0 when
 * it was not confident (it then says so, gives the clinic's phone
 * number, offers to pass the question on, and records
 * turn_event(t, "unanswered", topic)).  Each question is also recorded
 * as turn_event(t, "question", topic), topic one of hours, price,
 * insurance, service, practitioner, parking, nhs, referral, booking,
 * other.  Keeps the last service and practitioner discussed in
 * t->state under "answers".  A choice "answer:handoff" (offered with the
 * honest reply) records turn_event(t, "handoff", NULL) and confirms.
 * Returns -1 only when no reply could be added (out of memory).
 */
int	answer_turn(struct turn *t);

/*
 * Where staff-added FAQs come from: a function that returns a new JSON
 * array of {"lang", "q", "a"} for a clinic id, or NULL when there are
 * none or they cannot be read.  The default reads table clinic_faqs
 * through db.h; tests may set their own (NULL restores the default).
 */
typedef json_object *(*answer_faq_source)(const char *clinic_id);
void	answer_set_faq_source(answer_faq_source);

/*
 * Where bank holidays come from: a function with the contract of
 * holidays_lookup() (holidays.h): 1 and the title when local day is a
 * holiday of division, 0 when not, -1 when that year is not known.  The
 * default is holidays_lookup(), the bank_holidays table that
 * `frontdesk holidays` loads; tests without a database may set their
 * own (NULL restores the default).
 */
typedef int	(*answer_holiday_source)(const char *division, long day,
		    char *title, size_t titlesz);
void	answer_set_holiday_source(answer_holiday_source);

/*
 * Whether y-m-d is a UK bank holiday of division ("england-and-wales",
 * "scotland", "northern-ireland"), through the holiday source.  Returns
 * 1 and the holiday's name in title, 0 when it is not one, -1 when that
 * year is not known.
 */
int	answer_bank_holiday(const char *division, int y, int m, int d,
	    char *title, size_t titlesz);

/*
 * The command "frontdesk ask CLINIC [LANG] QUESTION": answers QUESTION
 * for the stored clinic (LANG defaults to its default language) and
 * prints {"answered", "replies", "events"} as JSON on standard output.
 * Stores nothing.  Returns the exit status.
 */
int	answer_cli(int argc, char **argv);

#endif
