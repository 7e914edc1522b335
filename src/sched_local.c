/*
 * The built-in scheduler: appointments in the product's own database.
 * Each appointment owns one appointment_blocks row per SCHED_BLOCK_MIN
 * block it covers, inserted in its transaction; the table's primary key
 * (clinic, practitioner, block start) makes overlapping appointments of
 * one practitioner impossible, also between web servers.  Blocks are
 * inserted in ascending order so that racing bookings wait on each
 * other rather than deadlock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking_store.h"
#include "db.h"
#include "log.h"
#include "sched.h"

#define SCHED_BLOCK_MIN		5
#define SCHED_BLOCK		(SCHED_BLOCK_MIN * 60)
#define SCHED_REF_TRIES		5

static time_t
sched_floor(time_t t)
{
	return t - ((t % SCHED_BLOCK) + SCHED_BLOCK) % SCHED_BLOCK;
}

static int
sched_local_busy(const struct clinic *c, const char *practitioner,
    time_t from, time_t to, struct slots_busy **busy, size_t *n)
{
	MYSQL_RES		*res;
	MYSQL_ROW		 row;
	struct slots_busy	*b;
	size_t			 rows;

	if ((res = db_query("SELECT start_utc, end_utc FROM appointments "
	    "WHERE clinic_id = %s AND practitioner_id = %s AND status = "
	    "'booked' AND start_utc < %t AND end_utc > %t", c->id,
	    practitioner, to, from)) == NULL)
		return -1;
	rows = mysql_num_rows(res);
	if (rows > 0) {
		if ((b = realloc(*busy, (*n + rows) * sizeof(*b))) == NULL) {
			mysql_free_result(res);
			return error("out of memory");
		}
		*busy = b;
		while ((row = mysql_fetch_row(res)) != NULL) {
			b[*n].start = db_time(row[0]);
			b[(*n)++].end = db_time(row[1]);
		}
	}
	mysql_free_result(res);
	return 0;
}

/*
 * Inserts the blocks of [start, end) for appointment id, skipping those
 * inside [keep_from, keep_to) (already its own).  SCHED_TAKEN on a
 * duplicate key: the caller rolls back to its savepoint.
 */
static enum sched_result
sched_blocks_add(const char *clinic, const char *practitioner,
    unsigned long long id, time_t start, time_t end, time_t keep_from,
    time_t keep_to)
{
	time_t	 b;

	for (b = sched_floor(start); b < end; b += SCHED_BLOCK) {
		if (b >= sched_floor(keep_from) && b < keep_to)
			continue;
		if (db_exec("INSERT INTO appointment_blocks (clinic_id, "
		    "practitioner_id, block_start, appointment_id) VALUES "
		    "(%s, %s, %t, %llu)", clinic, practitioner, b, id) == -1)
			return db_errno() == DB_ER_DUP_ENTRY ? SCHED_TAKEN :
			    SCHED_ERROR;
	}
	return SCHED_OK;
}

/* Inserts the appointment row under a fresh reference. */
static enum sched_result
sched_insert_row(const struct clinic *c, struct booking_appt *a)
{
	int	 i, rc;

	for (i = 0; i < SCHED_REF_TRIES; i++) {
		if (booking_store_reference(a->reference) == -1)
			return SCHED_ERROR;
		if ((rc = booking_store_insert(c->id, a)) != 1)
			return rc == 0 ? SCHED_OK : SCHED_ERROR;
	}
	log_error("clinic %s: no free booking reference", c->id);
	return SCHED_ERROR;
}

static enum sched_result
sched_local_book(const struct clinic *c, struct booking_appt *a)
{
	enum sched_result	 r;

	if (a->end <= a->start)
		return SCHED_ERROR;
	if (db_exec("SAVEPOINT sched_book") == -1)
		return SCHED_ERROR;
	if ((r = sched_insert_row(c, a)) == SCHED_OK)
		r = sched_blocks_add(c->id, a->practitioner, a->id, a->start,
		    a->end, 0, 0);
	if (r != SCHED_OK) {
		if (db_exec("ROLLBACK TO SAVEPOINT sched_book") == -1)
			return SCHED_ERROR;
		a->id = 0;
		return r;
	}
	db_exec("RELEASE SAVEPOINT sched_book");
	return SCHED_OK;
}

static int
sched_local_cancel(const struct clinic *c, const struct booking_appt *a,
    time_t now)
{
	if (booking_store_cancel(c->id, a->id, now) == -1 ||
	    db_exec("DELETE FROM appointment_blocks WHERE appointment_id = "
	    "%llu", a->id) == -1)
		return -1;
	return 0;
}

static enum sched_result
sched_local_move(const struct clinic *c, struct booking_appt *a,
    const char *practitioner, time_t start, time_t end)
{
	enum sched_result	 r;
	int			 same;

	same = strcmp(practitioner, a->practitioner) == 0;
	if (end <= start || db_exec("SAVEPOINT sched_move") == -1)
		return SCHED_ERROR;
	r = sched_blocks_add(c->id, practitioner, a->id, start, end,
	    same ? a->start : 0, same ? a->end : 0);
	if (r == SCHED_OK && (db_exec("DELETE FROM appointment_blocks WHERE "
	    "appointment_id = %llu AND (practitioner_id <> %s OR block_start "
	    "< %t OR block_start >= %t)", a->id, practitioner,
	    sched_floor(start), end) == -1 || booking_store_retime(c->id,
	    a->id, practitioner, start, end) == -1))
		r = SCHED_ERROR;
	if (r != SCHED_OK) {
		if (db_exec("ROLLBACK TO SAVEPOINT sched_move") == -1)
			return SCHED_ERROR;
		return r;
	}
	db_exec("RELEASE SAVEPOINT sched_move");
	snprintf(a->practitioner, sizeof(a->practitioner), "%s", practitioner);
	a->start = start;
	a->end = end;
	return SCHED_OK;
}

const struct sched_backend sched_local = {
	"local",
	sched_local_busy,
	sched_local_book,
	sched_local_cancel,
	sched_local_move,
};
