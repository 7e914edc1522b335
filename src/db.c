/*
 * MySQL / MariaDB connection, statement formatting and transactions.
 * What the tables hold is the business of the modules that use them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <errmsg.h>
#include <mysql.h>

#include "caldate.h"
#include "conf.h"
#include "db.h"
#include "limits.h"
#include "log.h"
#include "util.h"

#define DB_STMT_MAX	(8 * 1024 * 1024)
#define DB_QUEUE_MAX	32		/* statements waiting to be sent */

/* Applied on every new connection, including a reconnect. */
#define DB_SESSION_INIT \
	"SET time_zone = '+00:00', " \
	"sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE," \
	"ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"

static MYSQL		*db_conn;
static int		 db_in_txn;
static unsigned int	 db_last_errno;

/*
 * Inside a transaction, START TRANSACTION and the statements whose only
 * answer is success (db_defer) wait here and go to the server with the
 * next statement that has an answer, or with the COMMIT: one round trip
 * instead of one each.  The connection accepts several statements in one
 * query for this; every value is quoted by the formatter, so no value
 * can end a statement.
 */
static struct {
	struct buf		  sql;		/* "stmt;stmt;..." */
	int			  n;
	unsigned long long	 *id[DB_QUEUE_MAX];	/* insert ids go */
	int			  begin;	/* START not sent yet */
} db_q;

static int
db_password(char *buf, size_t bufsz)
{
	const char	*path = conf_str("db_password_file");
	FILE		*fp;
	size_t		 n;

	buf[0] = '\0';
	if (*path == '\0')
		return 0;
	if ((fp = fopen(path, "r")) == NULL)
		return error("%s: %s", path, strerror(errno));
	n = fread(buf, 1, bufsz - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

int
db_open(void)
{
	unsigned int	 ct = DB_CONNECT_TIMEOUT, rw = DB_RW_TIMEOUT;
	char		 pass[256];
	const char	*host = conf_str("db_host"), *sock;
	MYSQL		*m;

	if (db_conn != NULL)
		return 0;
	if (db_password(pass, sizeof(pass)) == -1)
		return -1;
	if ((m = mysql_init(NULL)) == NULL)
		return error("mysql_init failed");
	mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &rw);
	mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &rw);
	mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(m, MYSQL_INIT_COMMAND, DB_SESSION_INIT);
	sock = conf_str("db_socket");
	if (mysql_real_connect(m, *host ? host : NULL, conf_str("db_user"),
	    *pass ? pass : NULL, conf_str("db_name"),
	    (unsigned int)conf_long("db_port"), *sock ? sock : NULL,
	    CLIENT_FOUND_ROWS | CLIENT_MULTI_STATEMENTS) == NULL) {
		log_error("connect: %s", mysql_error(m));
		mysql_close(m);
		memset(pass, 0, sizeof(pass));
		return -1;
	}
	memset(pass, 0, sizeof(pass));
	db_conn = m;
	db_in_txn = 0;
	return 0;
}

void
db_close(void)
{
	if (db_conn != NULL)
		mysql_close(db_conn);
	db_conn = NULL;
	db_in_txn = 0;
}

static int
db_lost(unsigned int e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR;
}

/*
 * Nonzero when s[0..len) needs no escaping in any character set or SQL
 * mode: ASCII only (so no byte can be part of a wider character) and
 * none of the bytes the server's lexer treats specially.  Sealed values
 * (base64) are all such, and are the longest strings sent.
 */
static int
db_plain(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s, *e = p + len;

	for (; p < e; p++)
		if (*p >= 0x80 || *p < 0x20 || *p == '\'' || *p == '"' ||
		    *p == '\\')
			return 0;
	return 1;
}

/* Appends s[0..len) quoted and escaped. */
static int
db_quote(struct buf *b, const char *s, size_t len)
{
	unsigned long	 n;

	if (s == NULL)
		return buf_addstr(b, "NULL");
	if (len > DB_STMT_MAX / 2 || buf_reserve(b, len * 2 + 2) == -1)
		return -1;
	b->data[b->len] = '\'';
	if (db_plain(s, len)) {
		memcpy(b->data + b->len + 1, s, len);
		n = len;
	} else
		n = mysql_real_escape_string(db_conn, b->data + b->len + 1, s,
		    len);
	if (n + 2 > b->cap || b->len > b->cap - n - 2) {
		b->data[b->len] = '\0';
		return -1;
	}
	b->data[b->len + n + 1] = '\'';
	b->len += n + 2;
	b->data[b->len] = '\0';
	return 0;
}

/* Appends v in decimal, with a minus sign when neg. */
static int
db_number(struct buf *b, unsigned long long v, int neg)
{
	char	 d[24];
	size_t	 i = sizeof(d);

	do
		d[--i] = '0' + v % 10;
	while ((v /= 10) != 0);
	if (neg)
		d[--i] = '-';
	return buf_add(b, d + i, sizeof(d) - i);
}

static int
db_signed(struct buf *b, long long v)
{
	return db_number(b, v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v, v < 0);
}

/* Writes v as n digits at p. */
static void
db_digits(char *p, long v, int n)
{
	while (n-- > 0) {
		p[n] = '0' + v % 10;
		v /= 10;
	}
}

/* Appends t as a quoted UTC DATETIME, 'YYYY-MM-DD HH:MM:SS'. */
static int
db_datetime(struct buf *b, time_t t)
{
	char	 s[] = "'YYYY-MM-DD HH:MM:SS'";
	long	 day = (long)(t / 86400), sec = (long)(t % 86400);
	int	 y, m, d;

	if (sec < 0) {
		sec += 86400;
		day--;
	}
	caldate_civil(day, &y, &m, &d);
	if (y < 1000 || y > 9999)
		return error("a time out of the DATETIME range");
	db_digits(s + 1, y, 4);
	db_digits(s + 6, m, 2);
	db_digits(s + 9, d, 2);
	db_digits(s + 12, sec / 3600, 2);
	db_digits(s + 15, sec / 60 % 60, 2);
	db_digits(s + 18, sec % 60, 2);
	return buf_add(b, s, sizeof(s) - 1);
}

static int
db_vformat(struct buf *b, const char *fmt, va_list ap)
{
	const char	*p, *s;
	size_t		 n;
	int		 rc = 0;

	for (p = fmt; *p != '\0' && rc == 0; p++) {
		if (*p != '%') {
			n = strcspn(p, "%");
			rc = buf_add(b, p, n);
			p += n - 1;
			continue;
		}
		p++;
		if (strncmp(p, "llu", 3) == 0) {
			rc = db_number(b, va_arg(ap, unsigned long long), 0);
			p += 2;
		} else if (strncmp(p, "lld", 3) == 0) {
			rc = db_signed(b, va_arg(ap, long long));
			p += 2;
		} else if (strncmp(p, "lu", 2) == 0) {
			rc = db_number(b, va_arg(ap, unsigned long), 0);
			p++;
		} else if (strncmp(p, "ld", 2) == 0) {
			rc = db_signed(b, va_arg(ap, long));
			p++;
		} else if (*p == 'd')
			rc = db_signed(b, va_arg(ap, int));
		else if (*p == 'u')
			rc = db_number(b, va_arg(ap, unsigned int), 0);
		else if (*p == 's') {
			s = va_arg(ap, const char *);
			rc = db_quote(b, s, s ? strlen(s) : 0);
		} else if (*p == 'S') {
			s = va_arg(ap, const char *);
			rc = db_quote(b, s, va_arg(ap, size_t));
		} else if (*p == 't')
			rc = db_datetime(b, va_arg(ap, time_t));
		else if (*p == '%')
			rc = buf_add(b, "%", 1);
		else
			return error("bad conversion in statement format");
	}
	return rc;
}

static void
db_queue_clear(void)
{
	buf_release(&db_q.sql);
	db_q.n = 0;
	db_q.begin = 0;
}

/*
 * Reads the answers of the START and the queued statements sent ahead
 * of the last statement of a query, keeping the insert ids asked for.
 * When last is set, the queue's last statement ends the query and its
 * answer stays the current one.  Returns 0 or the server's error.
 */
static unsigned int
db_queue_results(int last)
{
	MYSQL_RES	*res;
	int		 k, n = db_q.begin + db_q.n, st;

	for (k = 0; k < n; k++) {
		if ((res = mysql_store_result(db_conn)) != NULL)
			mysql_free_result(res);
		if (k >= db_q.begin && db_q.id[k - db_q.begin] != NULL)
			*db_q.id[k - db_q.begin] = mysql_insert_id(db_conn);
		if (last && k == n - 1)
			break;
		if ((st = mysql_next_result(db_conn)) > 0)
			return mysql_errno(db_conn);
		if (st == -1)
			return CR_COMMANDS_OUT_OF_SYNC;
	}
	return 0;
}

/*
 * Sends the queue and then the statement fmt (or the queue alone when
 * fmt is NULL) as one query, reconnecting once when the server went away
 * before the transaction had started there.  The queue is empty after.
 * 0 or -1.
 */
static int
db_vrun(const char *fmt, va_list ap)
{
	struct buf	 b;
	va_list		 again;
	int		 tries, rc = -1;

	for (tries = 0; tries < 2; tries++) {
		if (db_open() == -1) {
			db_last_errno = CR_CONNECTION_ERROR;
			break;
		}
		/* A new connection carries on the transaction not yet sent. */
		if (db_q.begin)
			db_in_txn = 1;
		buf_init(&b, DB_STMT_MAX);
		rc = 0;
		if (db_q.begin)
			rc = buf_addstr(&b, "START TRANSACTION;");
		if (rc == 0 && db_q.n > 0)
			rc = buf_add(&b, db_q.sql.data, db_q.sql.len -
			    (fmt == NULL));
		if (rc == 0 && fmt != NULL) {
			va_copy(again, ap);
			rc = db_vformat(&b, fmt, again);
			va_end(again);
		}
		if (rc == -1) {
			buf_release(&b);
			db_last_errno = CR_OUT_OF_MEMORY;
			db_queue_clear();
			return error("statement too large");
		}
		rc = mysql_real_query(db_conn, b.data, b.len);
		buf_release(&b);
		db_last_errno = rc ? mysql_errno(db_conn) :
		    db_queue_results(fmt == NULL);
		if (db_last_errno == 0) {
			db_queue_clear();
			return 0;
		}
		if (!db_lost(db_last_errno) || (db_in_txn && !db_q.begin)) {
			if (db_lost(db_last_errno))
				db_close();
			break;
		}
		db_close();
	}
	db_queue_clear();
	if (db_last_errno != DB_ER_DUP_ENTRY)
		log_error("statement failed: errno %u", db_last_errno);
	return -1;
}

static int
db_run(const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = db_vrun(fmt, ap);
	va_end(ap);
	return rc;
}

static int
db_vdefer(unsigned long long *id, const char *fmt, va_list ap)
{
	int	 rc;

	if (!db_in_txn) {
		if ((rc = db_vrun(fmt, ap)) == 0 && id != NULL)
			*id = mysql_insert_id(db_conn);
		return rc;
	}
	if (db_q.n == DB_QUEUE_MAX && db_flush() == -1)
		return -1;
	if (db_open() == -1) {
		db_last_errno = CR_CONNECTION_ERROR;
		return -1;
	}
	if (db_q.n == 0)
		buf_init(&db_q.sql, DB_STMT_MAX);
	if (db_vformat(&db_q.sql, fmt, ap) == -1 ||
	    buf_add(&db_q.sql, ";", 1) == -1) {
		db_last_errno = CR_OUT_OF_MEMORY;
		db_queue_clear();
		return error("statement too large");
	}
	db_q.id[db_q.n++] = id;
	return 0;
}

int
db_defer(const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = db_vdefer(NULL, fmt, ap);
	va_end(ap);
	return rc;
}

int
db_defer_id(unsigned long long *id, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = db_vdefer(id, fmt, ap);
	va_end(ap);
	return rc;
}

int
db_flush(void)
{
	return db_q.n == 0 ? 0 : db_run(NULL);
}

long long
db_exec(const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = db_vrun(fmt, ap);
	va_end(ap);
	if (rc == -1)
		return -1;
	return (long long)mysql_affected_rows(db_conn);
}

MYSQL_RES *
db_query(const char *fmt, ...)
{
	va_list		 ap;
	int		 rc;
	MYSQL_RES	*res;

	va_start(ap, fmt);
	rc = db_vrun(fmt, ap);
	va_end(ap);
	if (rc == -1)
		return NULL;
	if ((res = mysql_store_result(db_conn)) == NULL) {
		db_last_errno = mysql_errno(db_conn);
		if (db_last_errno == 0)
			db_last_errno = CR_UNKNOWN_ERROR;
		log_error("no result set: errno %u", db_last_errno);
	}
	return res;
}

char *
db_value(const char *fmt, ...)
{
	va_list		 ap;
	int		 rc;
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	char		*v = NULL;

	va_start(ap, fmt);
	rc = db_vrun(fmt, ap);
	va_end(ap);
	if (rc == -1 || (res = mysql_store_result(db_conn)) == NULL)
		return NULL;
	if ((row = mysql_fetch_row(res)) != NULL && row[0] != NULL)
		v = strdup(row[0]);
	mysql_free_result(res);
	return v;
}

long long
db_exec_raw(const char *sql, size_t len)
{
	if (db_open() == -1)
		return -1;
	if (mysql_real_query(db_conn, sql, len) != 0) {
		db_last_errno = mysql_errno(db_conn);
		return -1;
	}
	db_last_errno = 0;
	return (long long)mysql_affected_rows(db_conn);
}

unsigned long long
db_insert_id(void)
{
	return db_conn ? mysql_insert_id(db_conn) : 0;
}

unsigned int
db_errno(void)
{
	return db_last_errno;
}

int
db_ping(void)
{
	MYSQL_RES	*res = db_query("SELECT 1");

	if (res == NULL)
		return -1;
	mysql_free_result(res);
	return 0;
}

int
db_begin(void)
{
	if (db_open() == -1) {
		db_last_errno = CR_CONNECTION_ERROR;
		return -1;
	}
	db_queue_clear();
	db_q.begin = 1;
	db_in_txn = 1;
	return 0;
}

int
db_commit(void)
{
	int	 rc = 0;

	/* A transaction that sent nothing has nothing to commit. */
	if (!db_q.begin || db_q.n > 0)
		rc = db_run("COMMIT");
	db_queue_clear();
	db_in_txn = 0;
	return rc;
}

int
db_rollback(void)
{
	int	 sent = !db_q.begin, rc = 0;

	db_queue_clear();
	if (db_conn == NULL) {
		db_in_txn = 0;
		return -1;
	}
	if (sent)
		rc = db_run("ROLLBACK");
	db_in_txn = 0;
	return rc;
}

static int
db_retryable(unsigned int e)
{
	return e == DB_ER_DEADLOCK || e == DB_ER_LOCK_WAIT;
}

int
db_txn(int (*fn)(void *), void *arg)
{
	unsigned int	 e;
	int		 tries, rc = -1;

	for (tries = 0; tries < DB_RETRY_MAX; tries++) {
		if (db_begin() == -1)
			return -1;
		rc = fn(arg);
		if (rc == 0 && db_commit() == 0)
			return 0;
		e = db_last_errno;
		db_rollback();
		db_last_errno = e;
		if (!db_retryable(e))
			return -1;
		log_warn("transaction retried after errno %u", e);
	}
	return -1;
}

time_t
db_time(const char *s)
{
	struct tm	 tm;

	if (s == NULL)
		return 0;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) < 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}
