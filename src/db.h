/*
 * The database connection of this process.  Statements are built with a
 * small printf-like formatter that quotes and escapes every value, so no
 * caller pastes text into SQL.  A lost connection is reopened, with the
 * session settings (utf8mb4, UTC, strict SQL mode) applied again.
 */
#ifndef FD_DB_H
#define FD_DB_H

#include <mysql.h>

#define DB_ER_DUP_ENTRY		1062
#define DB_ER_LOCK_WAIT		1205
#define DB_ER_DEADLOCK		1213

/* Connects if not connected.  Returns 0 or -1 (logged). */
int		 db_open(void);

/* Closes the connection, if any. */
void		 db_close(void);

/* Checks the server answers (reconnecting if needed).  0 or -1. */
int		 db_ping(void);

/*
 * Formats and runs one statement.  Conversions: %s a string (quoted and
 * escaped; NULL gives NULL), %S a string and its size_t length, %d int,
 * %u unsigned, %ld long, %lu unsigned long, %lld long long, %llu unsigned
 * long long, %t a time_t written as a UTC DATETIME, %% a percent sign.
 * db_exec returns the affected rows, or -1.  db_query returns a new
 * result set the caller frees with mysql_free_result(), or NULL.
 */
long long	 db_exec(const char *fmt, ...);
MYSQL_RES	*db_query(const char *fmt, ...);

/*
 * Inside a transaction, queues a statement whose only answer is success:
 * it is sent, in order, with the next statement that has an answer or
 * with the COMMIT, and its failure is that statement's (or the
 * COMMIT's).  db_defer_id also keeps the statement's insert id in *id,
 * set once it is sent.  Outside a transaction both run at once.  0 or
 * -1.
 */
int		 db_defer(const char *fmt, ...);
int		 db_defer_id(unsigned long long *id, const char *fmt, ...);

/* Sends what is queued.  0 or -1. */
int		 db_flush(void);

/* Runs one trusted statement as written (migrations).  As db_exec. */
long long	 db_exec_raw(const char *sql, size_t len);

/* The first column of the first row as a new string, or NULL (no row,
 * SQL NULL or an error: db_errno() tells). */
char		*db_value(const char *fmt, ...);

/* The id of the last AUTO_INCREMENT insert. */
unsigned long long db_insert_id(void);

/* The server's error number of the last statement, 0 on success. */
unsigned int	 db_errno(void);

/* Starts, commits or rolls back a transaction.  0 or -1. */
int		 db_begin(void);
int		 db_commit(void);
int		 db_rollback(void);

/*
 * Runs fn(arg) inside a transaction, retried when the server reports a
 * deadlock, a lock wait timeout or a cluster certification failure.
 * fn returns 0 to commit or -1 to roll back.  Returns fn's last result,
 * or -1 when the commit failed.
 */
int		 db_txn(int (*fn)(void *), void *arg);

/* Parses a "YYYY-MM-DD HH:MM:SS" UTC DATETIME column; 0 when NULL. */
time_t		 db_time(const char *s);

#endif
