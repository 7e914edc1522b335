/*
 * Scheduler backends behind one table of functions: where a clinic's
 * appointments live (the product's own database, later CalDAV or
 * Cliniko).  The clinic file's scheduler.kind chooses the backend.
 * Every backend also records its appointments in the appointments
 * table (booking_store.h), which the rest of the product reads.
 */
#ifndef FD_SCHED_H
#define FD_SCHED_H

#include <stddef.h>
#include <time.h>

#include "booking_store.h"
#include "clinic.h"
#include "slots.h"

enum sched_result {
	SCHED_OK,
	SCHED_TAKEN,		/* the time was just taken: nothing written */
	SCHED_ERROR		/* logged; nothing written */
};

struct sched_backend {
	const char	*name;		/* scheduler.kind */

	/*
	 * The busy intervals of practitioner overlapping [from, to),
	 * appended to *busy (grown with realloc; *n updated).  0 or -1.
	 */
	int		(*busy)(const struct clinic *, const char *practitioner,
			    time_t from, time_t to, struct slots_busy **busy,
			    size_t *n);

	/*
	 * Books a (practitioner, service, start, end, patient, ...;
	 * reference and id are set here).  Atomic: SCHED_TAKEN when any
	 * part of the time is taken, with nothing written.  Runs inside
	 * the caller's transaction and leaves it usable.
	 */
	enum sched_result (*book)(const struct clinic *,
			    struct booking_appt *a);

	/* Cancels appointment a at now, freeing its time.  0 or -1. */
	int		(*cancel)(const struct clinic *,
			    const struct booking_appt *a, time_t now);

	/*
	 * Moves appointment a to practitioner, [start, end): the new time
	 * is secured before the old one is freed; SCHED_TAKEN leaves a as
	 * it was.  On SCHED_OK a holds the new time.
	 */
	enum sched_result (*move)(const struct clinic *,
			    struct booking_appt *a, const char *practitioner,
			    time_t start, time_t end);
};

/* The backend of the clinic, or NULL (logged) when its scheduler kind
 * has none. */
const struct sched_backend *sched_backend(const struct clinic *);

/* The built-in backend: appointments in the product's database. */
extern const struct sched_backend sched_local;

#endif
