/*
 * Dates of birth as patients type them: day first ("05/04/1988" is
 * 5 April 1988), ISO ("1979-02-28"), or in words ("5th April 88",
 * "5 avril 1988").  Never a date in the future.
 */
#ifndef FD_DOB_H
#define FD_DOB_H

enum dob_result {
	DOB_OK,		/* *day holds the date */
	DOB_ASK,	/* month-first form: *day holds the reading to ask
			 * about ("4/13/1988": 13 April 1988?) */
	DOB_FUTURE,	/* the date is after today */
	DOB_INVALID	/* not a date of birth */
};

/*
 * Reads text as a date of birth given the local day number today
 * (caldate.h).  Two-digit years go to the latest century that does not
 * put the date after today.
 */
enum dob_result	dob_parse(const char *text, long today, long *day);

#endif
