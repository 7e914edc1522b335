/*
 * `frontdesk dispatch`, `frontdesk remind` and `frontdesk notify`.  The
 * work is in notify*.c; these parse arguments and run transactions the
 * way a web request would (queue in a transaction, flush after commit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clinic.h"
#include "clock.h"
#include "db.h"
#include "limits.h"
#include "notify.h"
#include "notify_cli.h"
#include "util.h"

int
notify_cmd_dispatch(int argc, char **argv)
{
	int	 n;

	(void)argv;
	if (argc != 1)
		return cli_usage("dispatch");
	if ((n = notify_dispatch(clock_now())) == -1) {
		fprintf(stderr, "frontdesk: dispatch failed (see the log)\n");
		return 1;
	}
	printf("%d sent\n", n);
	return 0;
}

int
notify_cmd_remind(int argc, char **argv)
{
	int	 n;

	(void)argv;
	if (argc != 1)
		return cli_usage("remind");
	if ((n = notify_remind(clock_now())) == -1) {
		fprintf(stderr, "frontdesk: remind failed (see the log)\n");
		return 1;
	}
	printf("%d reminders queued\n", n);
	return 0;
}

/* An appointment message read as JSON from standard input. */
struct notify_cli_appt {
	struct clinic		*c;
	struct notify_appt	 a;
};

static int
notify_cli_appt_txn(void *arg)
{
	struct notify_cli_appt	*x = arg;

	return notify_queue_appt(x->c, &x->a);
}

static int
notify_cli_parse(json_object *o, struct notify_appt *a)
{
	const char	*start = util_json_str(o, "start", NULL);
	json_object	*v;

	memset(a, 0, sizeof(*a));
	a->clinic_id = util_json_str(o, "clinic_id", NULL);
	a->kind = util_json_str(o, "kind", NULL);
	a->reference = util_json_str(o, "reference", NULL);
	a->service = util_json_str(o, "service", NULL);
	a->practitioner = util_json_str(o, "practitioner", NULL);
	a->price = util_json_str(o, "price", NULL);
	a->patient_name = util_json_str(o, "patient_name", NULL);
	a->phone_e164 = util_json_str(o, "phone_e164", NULL);
	a->email = util_json_str(o, "email", NULL);
	a->lang = util_json_str(o, "lang", NULL);
	if (json_object_object_get_ex(o, "duration_min", &v))
		a->duration_min = json_object_get_int(v);
	if (json_object_object_get_ex(o, "appointment_id", &v))
		a->appointment_id =
		    (unsigned long long)json_object_get_int64(v);
	if (a->clinic_id == NULL || start == NULL ||
	    clock_parse_utc(start, &a->start) == -1) {
		fprintf(stderr, "frontdesk: clinic_id and start (UTC) are "
		    "needed\n");
		return -1;
	}
	return 0;
}

static int
notify_cli_queue(int flush)
{
	struct notify_cli_appt	 x;
	struct buf		 in;
	char			 chunk[4096];
	json_object		*o = NULL;
	size_t			 n;
	int			 rc = 1;

	buf_init(&in, REQ_BODY_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (buf_add(&in, chunk, n) == -1)
			break;
	memset(&x, 0, sizeof(x));
	if (in.data == NULL || (o = util_json_parse(in.data, in.len)) == NULL ||
	    notify_cli_parse(o, &x.a) == -1)
		goto out;
	if ((x.c = clinic_load(x.a.clinic_id)) == NULL) {
		fprintf(stderr, "frontdesk: no such clinic\n");
		goto out;
	}
	if (db_txn(notify_cli_appt_txn, &x) == 0)
		rc = 0;
	if (flush)
		notify_flush();
out:
	if (rc != 0)
		fprintf(stderr, "frontdesk: nothing queued\n");
	clinic_free(x.c);
	json_object_put(o);
	buf_release(&in);
	return rc;
}

/* notify code|check|alert CLINIC ARG [ARG]: one call in a transaction. */
struct notify_cli_call {
	struct clinic	*c;
	char		**argv;
	int		 result;
};

static int
notify_cli_call_txn(void *arg)
{
	struct notify_cli_call	*x = arg;

	if (strcmp(x->argv[0], "code") == 0)
		x->result = notify_send_code(x->c, x->argv[2], x->argv[3]);
	else if (strcmp(x->argv[0], "check") == 0)
		x->result = notify_check_code(x->c, x->argv[2], x->argv[3]);
	else
		x->result = notify_queue_staff_alert(x->c, x->argv[2],
		    strtoull(x->argv[3], NULL, 10));
	return x->result == -1 ? -1 : 0;
}

static int
notify_cli_call(char **argv)
{
	struct notify_cli_call	 x;

	memset(&x, 0, sizeof(x));
	x.argv = argv;
	if ((x.c = clinic_load(argv[1])) == NULL) {
		fprintf(stderr, "frontdesk: no such clinic\n");
		return 1;
	}
	if (db_txn(notify_cli_call_txn, &x) == -1)
		x.result = -1;
	else
		notify_flush();
	clinic_free(x.c);
	printf("%d\n", x.result);
	return x.result == -1 ? 1 : 0;
}

int
notify_cmd_notify(int argc, char **argv)
{
	static const char usage[] = "notify queue [--no-flush] < appt.json | "
	    "notify code CLINIC PHONE LANG | notify check CLINIC PHONE CODE | "
	    "notify alert CLINIC KIND CONVERSATION";

	if (argc >= 2 && strcmp(argv[1], "queue") == 0 && argc <= 3)
		return notify_cli_queue(argc == 2 ||
		    strcmp(argv[2], "--no-flush") != 0);
	if (argc == 5 && (strcmp(argv[1], "code") == 0 ||
	    strcmp(argv[1], "check") == 0 || strcmp(argv[1], "alert") == 0))
		return notify_cli_call(argv + 1);
	return cli_usage(usage);
}
