/*
 * Appointment rows, and the only place that reads or writes their
 * patient fields (name, phone, e-mail, date of birth), so that
 * encrypting them at rest touches this file alone.
 */
#ifndef FD_BOOKING_STORE_H
#define FD_BOOKING_STORE_H

#include <time.h>

#include "clinic.h"

#define BOOKING_REF_LEN		6
#define BOOKING_NAME_MAX	200	/* bytes of a patient's name */
#define BOOKING_EMAIL_MAX	254

struct booking_patient {
	char	 name[BOOKING_NAME_MAX + 1];
	char	 phone[24];		/* E.164, or "" */
	char	 email[BOOKING_EMAIL_MAX + 1];
	long	 dob;			/* caldate.h day number, 0: none */
};

struct booking_appt {
	unsigned long long id;
	char		 reference[BOOKING_REF_LEN + 1];
	char		 practitioner[65];
	char		 service[65];
	time_t		 start;
	time_t		 end;
	char		 status[16];	/* booked, cancelled */
	char		 lang[8];
	unsigned long long conversation;
	long long	 price_amount;	/* -1: none */
	char		 currency[4];
	struct booking_patient patient;
};

/* Writes a new random reference (BOOKING_REF_LEN characters from an
 * alphabet without look-alikes) into ref (BOOKING_REF_LEN + 1 bytes).
 * 0 or -1. */
int	booking_store_reference(char *ref);

/*
 * Inserts a as a booked appointment of clinic and sets a->id.  Returns
 * 0, 1 when a->reference is taken already in the clinic (nothing
 * written), or -1.
 */
int	booking_store_insert(const char *clinic, struct booking_appt *a);

/*
 * Finds a booked appointment of clinic starting after now by reference,
 * or (when reference is NULL) by the patient's phone, and the patient's
 * date of birth.  Returns 1 and fills *a, 0 when there is none, or -1.
 */
int	booking_store_find(const char *clinic, const char *reference,
	    const char *phone, long dob, time_t now, struct booking_appt *a);

/* The first booked appointment of clinic starting after now with the
 * patient's phone (E.164), for a patient who proved they hold that
 * phone.  1 and *a, 0 or -1. */
int	booking_store_find_phone(const char *clinic, const char *phone,
	    time_t now, struct booking_appt *a);

/* Loads appointment reference of clinic (any status).  1, 0 or -1. */
int	booking_store_get(const char *clinic, const char *reference,
	    struct booking_appt *a);

/* Loads and locks (FOR UPDATE, in the caller's transaction) appointment
 * reference of clinic, or id when reference is NULL.  1, 0 or -1. */
int	booking_store_lock(const char *clinic, const char *reference,
	    unsigned long long id, struct booking_appt *a);

/* Marks appointment id cancelled at now.  0 or -1. */
int	booking_store_cancel(const char *clinic, unsigned long long id,
	    time_t now);

/* Sets appointment id's practitioner and times.  0 or -1. */
int	booking_store_retime(const char *clinic, unsigned long long id,
	    const char *practitioner, time_t start, time_t end);

/*
 * Clears the patient fields of appointment id of clinic, keeping the row
 * for the clinic's records, and notes when (now).  0 or -1.
 */
int	booking_store_anonymise(const char *clinic, unsigned long long id,
	    time_t now);

/* Anonymises the appointments of clinic that ended before `before`.
 * Returns how many, or -1. */
long	booking_store_anonymise_before(const char *clinic, time_t before,
	    time_t now);

#define BOOKING_PATIENT_MAX	500	/* appointments one patient lists */

/*
 * The appointments of clinic (any status) held on one patient: by phone
 * (E.164) when phone is not NULL, else by reference when not NULL, else
 * of conversation.  *out is a new array the caller frees (NULL when
 * none).  Returns the count (at most BOOKING_PATIENT_MAX), or -1.
 */
int	booking_store_patient(const char *clinic, const char *phone,
	    const char *reference, unsigned long long conversation,
	    struct booking_appt **out);

#endif
