/*
 * Knowledge gaps in the admin API: the questions the assistant could not
 * answer, grouped by their folded text, and "answer this", which adds
 * the clinic's answer as an FAQ and marks the group resolved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "clock.h"
#include "db.h"
#include "fold.h"
#include "secret.h"
#include "handlers.h"
#include "log.h"
#include "util.h"

#define GAPS_ROWS_MAX		2000	/* open gaps read for grouping */
#define GAPS_QUESTION_MAX	500	/* characters of an FAQ question */
#define GAPS_ANSWER_MAX		2000	/* characters of an FAQ answer */

/* The folded text of s, trimmed, into out (a new buffer the caller
 * releases).  0 or -1. */
static int
h_gap_key(const char *s, size_t len, struct buf *out)
{
	buf_init(out, 4 * len + 8);
	if (fold_text(s, len, out) == -1)
		return -1;
	while (out->len > 0 && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	if (out->len > 0 && out->data[0] == ' ')
		memmove(out->data, out->data + 1, out->len--);
	return 0;
}

/* The question of a gap row, opened (it is sealed at rest) into q, and
 * its folded key into key.  0 or -1; both buffers need releasing. */
static int
h_gap_question(const char *sealed, size_t len, struct buf *q,
    struct buf *key)
{
	buf_init(q, 4 * len + 8);
	buf_init(key, 8);
	if (secret_open("knowledge_gaps.question", sealed, len, q) == -1 ||
	    q->len == 0)
		return -1;
	buf_release(key);
	return h_gap_key(q->data, q->len, key);
}

/* Adds gap row (id, question, language, topic, created, conversation)
 * to its group in groups. */
static void
h_gap_group(json_object *groups, MYSQL_ROW row, unsigned long *lens)
{
	json_object	*g, *ids;
	struct buf	 key, q;
	char		 when[32];

	if (h_gap_question(row[1], lens[1], &q, &key) == -1 ||
	    key.len == 0) {
		buf_release(&q);
		buf_release(&key);
		return;
	}
	if (!json_object_object_get_ex(groups, key.data, &g)) {
		clock_format_utc(db_time(row[4]), when, sizeof(when));
		g = json_object_new_object();
		json_object_object_add(g, "key",
		    json_object_new_string(key.data));
		json_object_object_add(g, "question",
		    json_object_new_string_len(q.data, (int)q.len));
		json_object_object_add(g, "language",
		    json_object_new_string(row[2]));
		json_object_object_add(g, "topic", row[3] == NULL ? NULL :
		    json_object_new_string(row[3]));
		json_object_object_add(g, "last_at",
		    json_object_new_string(when));
		json_object_object_add(g, "count", json_object_new_int(0));
		json_object_object_add(g, "conversations",
		    json_object_new_array());
		json_object_object_add(groups, key.data, g);
	}
	json_object_int_inc(json_object_object_get(g, "count"), 1);
	ids = json_object_object_get(g, "conversations");
	if (json_object_array_length(ids) < 10)
		json_object_array_add(ids, json_object_new_int64(
		    strtoll(row[5], NULL, 10)));
	buf_release(&q);
	buf_release(&key);
}

static int
h_gap_cmp(const void *a, const void *b)
{
	json_object	*x = *(json_object *const *)a;
	json_object	*y = *(json_object *const *)b;
	int		 cx, cy;

	cx = json_object_get_int(json_object_object_get(x, "count"));
	cy = json_object_get_int(json_object_object_get(y, "count"));
	if (cx != cy)
		return cy - cx;
	return strcmp(json_object_get_string(json_object_object_get(y,
	    "last_at")), json_object_get_string(json_object_object_get(x,
	    "last_at")));
}

/* The open gaps of clinic, grouped, most asked first: a new array. */
static json_object *
h_gaps_grouped(const char *clinic)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	json_object	*groups, *arr;

	if ((res = db_query("SELECT id, question, language, topic, "
	    "created_at, conversation_id FROM knowledge_gaps WHERE clinic_id "
	    "= %s AND resolved_at IS NULL ORDER BY id DESC LIMIT %d", clinic,
	    GAPS_ROWS_MAX)) == NULL)
		return NULL;
	groups = json_object_new_object();
	while ((row = mysql_fetch_row(res)) != NULL)
		h_gap_group(groups, row, mysql_fetch_lengths(res));
	mysql_free_result(res);
	arr = json_object_new_array();
	json_object_object_foreach(groups, k, g) {
		(void)k;
		json_object_array_add(arr, json_object_get(g));
	}
	json_object_put(groups);
	json_object_array_sort(arr, h_gap_cmp);
	return arr;
}

int
h_admin_gaps(struct req *r)
{
	struct staff	 s;
	json_object	*o, *arr;
	const char	*clinic;
	char		 buf[80];
	int		 rc;

	if ((rc = admin_auth(r, &s, 0)) != 0 ||
	    (rc = admin_require_admin(r, &s)) != 0)
		return rc;
	if ((clinic = admin_clinic(r, &s, admin_query_clinic(r, buf,
	    sizeof(buf)))) == NULL)
		return r->status;
	if (audit_add(&s, clinic, "view_gaps", 0, NULL, r->remote_addr,
	    clock_now()) == -1 || (arr = h_gaps_grouped(clinic)) == NULL)
		return admin_db_down(r);
	o = json_object_new_object();
	json_object_object_add(o, "clinic", json_object_new_string(clinic));
	json_object_object_add(o, "gaps", arr);
	return req_answer(r, 200, o);
}

struct h_gap_answer {
	const struct staff	*s;
	const struct req	*r;
	const char		*clinic, *key, *q, *a, *lang;
	size_t			 qlen, alen;
	time_t			 now;
	unsigned long long	 faq;
	int			 resolved;
};

/* Marks the open gaps of the clinic whose key matches resolved. */
static int
h_gap_resolve(struct h_gap_answer *g)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	struct buf	 key, q;
	unsigned long	*lens;
	int		 rc = 0;

	if ((res = db_query("SELECT id, question FROM knowledge_gaps WHERE "
	    "clinic_id = %s AND resolved_at IS NULL FOR UPDATE",
	    g->clinic)) == NULL)
		return -1;
	while (rc == 0 && (row = mysql_fetch_row(res)) != NULL) {
		lens = mysql_fetch_lengths(res);
		if (h_gap_question(row[1], lens[1], &q, &key) == 0 &&
		    strcmp(key.data != NULL ? key.data : "", g->key) == 0) {
			rc = db_exec("UPDATE knowledge_gaps SET resolved_at = "
			    "%t WHERE id = %s", g->now, row[0]) == -1 ? -1 : 0;
			g->resolved++;
		}
		buf_release(&q);
		buf_release(&key);
	}
	mysql_free_result(res);
	return rc;
}

static int
h_gap_answer_txn(void *arg)
{
	struct h_gap_answer	*g = arg;
	char			 subject[48];

	g->resolved = 0;
	if (h_gap_resolve(g) == -1 || g->resolved == 0)
		return -1;
	if (db_exec("INSERT INTO clinic_faqs (clinic_id, lang, q, a, "
	    "created_at) VALUES (%s, %s, %S, %S, %t)", g->clinic, g->lang,
	    g->q, g->qlen, g->a, g->alen, g->now) == -1)
		return -1;
	g->faq = db_insert_id();
	/* Workers cache the FAQs by the clinic's revision. */
	if (db_exec("UPDATE clinics SET revision = revision + 1 WHERE id = %s",
	    g->clinic) == -1)
		return -1;
	snprintf(subject, sizeof(subject), "faq:%llu", g->faq);
	return audit_add(g->s, g->clinic, "answer_gap", 0, subject,
	    g->r->remote_addr, g->now);
}

/* A string member of 1 to max characters, without NUL. */
static const char *
h_gap_field(struct req *r, const char *name, size_t max, size_t *len)
{
	const char	*v = util_json_str(r->json, name, len);

	if (v == NULL || *len == 0 || strlen(v) != *len ||
	    utf8_count(v, *len) > max || strspn(v, " \t\r\n") == *len)
		return NULL;
	return v;
}

int
h_admin_gap_answer(struct req *r)
{
	struct staff		 s;
	struct h_gap_answer	 g;
	json_object		*o;
	size_t			 klen;
	int			 rc;

	if ((rc = admin_auth(r, &s, 1)) != 0 ||
	    (rc = admin_require_admin(r, &s)) != 0)
		return rc;
	memset(&g, 0, sizeof(g));
	if ((g.clinic = admin_clinic(r, &s, util_json_str(r->json, "clinic",
	    NULL))) == NULL)
		return r->status;
	g.key = h_gap_field(r, "key", 4 * GAPS_ANSWER_MAX, &klen);
	g.q = h_gap_field(r, "question", GAPS_QUESTION_MAX, &g.qlen);
	g.a = h_gap_field(r, "answer", GAPS_ANSWER_MAX, &g.alen);
	g.lang = util_json_str(r->json, "language", NULL);
	if (g.key == NULL || g.q == NULL || g.a == NULL || g.lang == NULL ||
	    strlen(g.lang) != 2 ||
	    strspn(g.lang, "abcdefghijklmnopqrstuvwxyz") != 2)
		return req_error(r, 400, "bad_request", "give the gap's key, a "
		    "question (up to 500 characters), an answer (up to 2,000) "
		    "and its language");
	g.s = &s;
	g.r = r;
	g.now = clock_now();
	if (db_txn(h_gap_answer_txn, &g) == -1)
		return g.resolved == 0 && db_errno() == 0 ? req_error(r, 404,
		    "not_found", "no open gap has that key") :
		    admin_db_down(r);
	log_info("clinic %s: knowledge gap answered as faq %llu", g.clinic,
	    g.faq);
	o = json_object_new_object();
	json_object_object_add(o, "faq", json_object_new_int64(
	    (int64_t)g.faq));
	json_object_object_add(o, "resolved", json_object_new_int(
	    g.resolved));
	return req_answer(r, 200, o);
}
