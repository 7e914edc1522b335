/*
 * Times slots_compute() for one practitioner over 60 days with 2,000
 * existing appointments (Europe/London, across a clock change).  Not a
 * test: prints the mean time of one listing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "caldate.h"
#include "slots.h"
#include "tz.h"

#define BENCH_DAYS	60
#define BENCH_APPTS	2000
#define BENCH_RUNS	500

int
main(void)
{
	static struct slots_busy busy[BENCH_APPTS];
	static struct slot	 out[8192];
	struct slots_week	 week;
	struct slots_query	 q;
	struct timespec		 a, b;
	long			 d0 = caldate_days(2027, 10, 1);
	double			 us;
	int			 i, n = 0, wd;

	memset(&week, 0, sizeof(week));
	for (wd = 1; wd <= 6; wd++) {
		week.from[wd][0] = 8 * 60;
		week.to[wd][0] = 20 * 60;
		week.n[wd] = 1;
	}
	srand(1);
	for (i = 0; i < BENCH_APPTS; i++) {
		busy[i].start = tz_instant("Europe/London", 2027, 10, 1, 8, 0) +
		    (time_t)(rand() % BENCH_DAYS) * 86400 +
		    (time_t)(rand() % 48) * 900;
		busy[i].end = busy[i].start + 15 * 60;
	}
	memset(&q, 0, sizeof(q));
	q.zone = "Europe/London";
	q.week = &week;
	q.busy = busy;
	q.nbusy = BENCH_APPTS;
	q.duration_min = 30;
	q.step_min = 15;
	q.day_from = d0;
	q.day_to = d0 + BENCH_DAYS - 1;
	q.min_to = 1440;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < BENCH_RUNS; i++)
		n = slots_compute(&q, out, sizeof(out) / sizeof(out[0]));
	clock_gettime(CLOCK_MONOTONIC, &b);
	us = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 /
	    BENCH_RUNS;
	printf("slots over %d days, %d appointments: %d free starts, "
	    "%.1f us a listing (target under 5000 us)\n", BENCH_DAYS,
	    BENCH_APPTS, n, us);
	return us < 5000 ? 0 : 1;
}
