/*
 * Books one appointment through the clinic's scheduler backend, as the
 * booking flow does at the patient's yes: the slot checked again, then
 * the backend's atomic book.  For the race and working-hours tests.
 *
 *	sched-book CLINIC PRACTITIONER SERVICE START NAME
 *
 * START is "YYYY-MM-DDTHH:MM:SSZ".  Prints "booked REF", "taken",
 * "outside" or "closed"; exits 0, 3, 4, 5, or 1 on failure.
 */
#include <stdio.h>
#include <string.h>

#include "booking_store.h"
#include "clock.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "sched.h"
#include "slots.h"

struct job {
	struct clinic		*clinic;
	struct slots_req	 req;
	struct booking_appt	 a;
	int			 status;
};

static int
job_run(void *arg)
{
	struct job		*j = arg;
	enum slots_verdict	 v;

	v = slots_check(&j->req, j->a.start);
	if (v == SLOTS_ERROR)
		return -1;
	if (v != SLOTS_FREE) {
		j->status = v == SLOTS_CLOSED ? 5 : v == SLOTS_BUSY ? 3 : 4;
		return 0;
	}
	switch (sched_backend(j->clinic)->book(j->clinic, &j->a)) {
	case SCHED_OK:
		j->status = 0;
		return 0;
	case SCHED_TAKEN:
		j->status = 3;
		return 0;
	default:
		return -1;
	}
}

int
main(int argc, char **argv)
{
	struct job	 j;
	json_object	*svc;

	if (argc != 6 || conf_load() == -1)
		return 1;
	log_open(conf_str("log_file"), conf_str("log_level"));
	memset(&j, 0, sizeof(j));
	if ((j.clinic = clinic_load(argv[1])) == NULL ||
	    clock_parse_utc(argv[4], &j.a.start) == -1 ||
	    (svc = slots_service(j.clinic, argv[3])) == NULL)
		return 1;
	j.req.clinic = j.clinic;
	j.req.practitioner = argv[2];
	j.req.service = argv[3];
	j.req.now = clock_now();
	snprintf(j.a.practitioner, sizeof(j.a.practitioner), "%s", argv[2]);
	snprintf(j.a.service, sizeof(j.a.service), "%s", argv[3]);
	j.a.end = j.a.start + json_object_get_int(json_object_object_get(svc,
	    "duration_min")) * 60;
	snprintf(j.a.lang, sizeof(j.a.lang), "en");
	snprintf(j.a.patient.name, sizeof(j.a.patient.name), "%s", argv[5]);
	j.a.price_amount = -1;
	if (db_txn(job_run, &j) == -1)
		return 1;
	if (j.status == 0)
		printf("booked %s\n", j.a.reference);
	else
		printf("%s\n", j.status == 3 ? "taken" : j.status == 5 ?
		    "closed" : "outside");
	db_close();
	clinic_free(j.clinic);
	return j.status;
}
