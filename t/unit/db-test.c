/*
 * The database layer against a live server: statements queued inside a
 * transaction (db_defer) go with the next statement that has an answer,
 * in order; their insert ids are kept; a failing one fails that
 * statement and the transaction; and a connection lost before the
 * transaction reached the server is opened again and the whole of it
 * sent again.  Run by t/15-db.t with the suite's configuration.
 */
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "tap.h"

static long long
count(const char *v)
{
	char		*s;
	long long	 n;

	s = db_value("SELECT COUNT(*) FROM db_test WHERE v LIKE %s", v);
	n = s != NULL ? atoll(s) : -1;
	free(s);
	return n;
}

struct two {
	unsigned long long	 a, b;
	const char		*second;	/* value of the second row */
	int			 seen;		/* rows a read saw */
};

/* Two queued INSERTs, then a read that must see both. */
static int
two_rows(void *arg)
{
	struct two	*t = arg;
	char		*s;

	if (db_defer_id(&t->a, "INSERT INTO db_test (v) VALUES (%s)",
	    "q-one") == -1 ||
	    db_defer_id(&t->b, "INSERT INTO db_test (v) VALUES (%s)",
	    t->second) == -1)
		return -1;
	if (t->a != 0 || t->b != 0)
		return -1;	/* nothing may have been sent yet */
	if ((s = db_value("SELECT COUNT(*) FROM db_test WHERE v LIKE 'q-%%'"))
	    == NULL)
		return -1;
	t->seen = atoi(s);
	free(s);
	return 0;
}

/* Only queued statements: they go with the COMMIT. */
static int
only_queued(void *arg)
{
	(void)arg;
	return db_defer("INSERT INTO db_test (v) VALUES ('c-one')") == -1 ||
	    db_defer("INSERT INTO db_test (v) VALUES ('c-two')") == -1 ? -1 : 0;
}

/* A queued statement that fails at the COMMIT, after a good one. */
static int
bad_at_commit(void *arg)
{
	(void)arg;
	return db_defer("INSERT INTO db_test (v) VALUES ('d-new')") == -1 ||
	    db_defer("INSERT INTO db_test (v) VALUES ('c-one')") == -1 ? -1 : 0;
}

/* Kills this process's connection from another one. */
static int
kill_own_connection(void)
{
	char		*id, sql[64];
	MYSQL		*m;
	int		 rc;

	if ((id = db_value("SELECT CONNECTION_ID()")) == NULL ||
	    (m = mysql_init(NULL)) == NULL)
		return -1;
	snprintf(sql, sizeof(sql), "KILL CONNECTION %s", id);
	free(id);
	if (mysql_real_connect(m, NULL, conf_str("db_user"), NULL,
	    conf_str("db_name"), 0, conf_str("db_socket"), 0) == NULL) {
		mysql_close(m);
		return -1;
	}
	rc = mysql_query(m, sql);
	mysql_close(m);
	return rc == 0 ? 0 : -1;
}

struct killed {
	int			 tries;
	unsigned long long	 id;	/* of a statement queued after */
	int			 queued;	/* it waited for the COMMIT */
};

static int
insert_k(void *arg)
{
	struct killed	*k = arg;

	k->tries++;
	if (db_exec("INSERT INTO db_test (v) VALUES ('k-one')") == -1 ||
	    db_defer_id(&k->id, "INSERT INTO db_test (v) VALUES ('k-two')") ==
	    -1)
		return -1;
	k->queued = k->id == 0;
	return 0;
}

/* Values go into statements escaped, however they are written, and
 * a statement past the size limit is refused whole. */
static void
test_quoting(void)
{
	static const char	 odd[] = "e'1\\%s\"%%\n";
	char			*s, *big;
	size_t			 n = 5 * 1024 * 1024;

	ok(db_exec("INSERT INTO db_test (v) VALUES (%s)", odd) != -1,
	    "quotes, backslashes and percent signs are escaped");
	s = db_value("SELECT v FROM db_test WHERE v = %S", odd,
	    sizeof(odd) - 1);
	ok(s != NULL && strcmp(s, odd) == 0, "and read back as written");
	free(s);
	ok(db_exec("INSERT INTO db_test (v) VALUES (%s)", NULL) == -1,
	    "a NULL is sent as NULL (the column refuses it)");
	s = db_value("SELECT CONCAT(%d, ' ', %u, ' ', %ld, ' ', %lld, ' ', "
	    "%llu, ' ', %lu)", -42, 4000000000U, -7L, -9223372036854775807LL,
	    18446744073709551615ULL, 0UL);
	ok(s != NULL && strcmp(s, "-42 4000000000 -7 -9223372036854775807 "
	    "18446744073709551615 0") == 0, "numbers are written in full");
	free(s);
	s = db_value("SELECT CONCAT(%t, '|', %t, '|', %t)", (time_t)0,
	    (time_t)1796306699, (time_t)-1);
	ok(s != NULL && strcmp(s, "1970-01-01 00:00:00|2026-12-03 "
	    "14:04:59|1969-12-31 23:59:59") == 0, "times are UTC DATETIMEs");
	free(s);
	if ((big = malloc(n)) == NULL)
		return;
	memset(big, '\'', n - 1);
	big[n - 1] = '\0';
	ok(db_exec("INSERT INTO db_test (v) VALUES (%s)", big) == -1,
	    "a value escaped past the statement limit is refused");
	is_int(count("''%"), 0, "and nothing of it is stored");
	free(big);
}

int
main(void)
{
	struct two	 t;
	struct killed	 k;
	unsigned long long id = 0;

	log_open("-", "error");
	if (conf_load() == -1 || db_open() == -1) {
		ok(0, "the database opens");
		return done();
	}
	ok(db_exec("CREATE TABLE db_test (id INT AUTO_INCREMENT PRIMARY KEY, "
	    "v VARCHAR(20) NOT NULL UNIQUE) ENGINE=InnoDB") != -1,
	    "a scratch table");

	memset(&t, 0, sizeof(t));
	t.second = "q-two";
	is_int(db_txn(two_rows, &t), 0, "queued inserts and a read commit");
	is_int(t.seen, 2, "the read saw both queued inserts");
	ok(t.a != 0 && t.b > t.a, "each queued insert's id is kept");
	is_int(count("q-%"), 2, "both rows are there after the commit");

	memset(&t, 0, sizeof(t));
	t.second = "q-one";
	is_int(db_txn(two_rows, &t), -1, "a duplicate in the queue fails "
	    "the read sent with it");
	is_int(db_errno(), DB_ER_DUP_ENTRY, "with the server's error");
	is_int(count("q-%"), 2, "and the transaction changed nothing");

	is_int(db_txn(only_queued, NULL), 0, "queued statements alone commit");
	is_int(count("c-%"), 2, "their rows are there");
	is_int(db_txn(bad_at_commit, NULL), -1, "a failure sent with the "
	    "COMMIT fails the transaction");
	is_int(count("d-%"), 0, "and the good statement before it is gone");

	ok(db_defer_id(&id, "INSERT INTO db_test (v) VALUES ('o-one')") == 0 &&
	    id != 0, "outside a transaction a queued statement runs at once");

	ok(kill_own_connection() == 0, "the connection is killed");
	memset(&k, 0, sizeof(k));
	is_int(db_txn(insert_k, &k), 0, "a connection lost before the "
	    "transaction started is opened again");
	is_int(k.tries, 1, "without running the transaction twice");
	ok(k.queued && k.id != 0, "the new connection is in the transaction: "
	    "a later statement still waits for the COMMIT");
	is_int(count("k-%"), 2, "and each statement is stored once");

	test_quoting();
	db_exec("DROP TABLE db_test");
	return done();
}
