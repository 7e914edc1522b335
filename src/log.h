/*
 * Operator log: one line per event with fixed fields (time, level,
 * request id, function, message).  Never pass message texts, patient
 * details, tokens or keys to these functions.
 */
#ifndef FD_LOG_H
#define FD_LOG_H

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
	LOG_LEVEL__MAX
};

/*
 * Opens the log: a file path appended to, or NULL / "-" for stderr.
 * Returns 0, or -1 when the file cannot be opened (stderr is used then).
 */
int	log_open(const char *path, const char *level);

/* Sets the request id printed on each line until the next call; 0 clears. */
void	log_set_request(unsigned long id);

/* Writes one line; control characters in the message are escaped. */
void	log_write(enum log_level, const char *func, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define log_error(...)	log_write(LOG_LEVEL_ERROR, __func__, __VA_ARGS__)
#define log_warn(...)	log_write(LOG_LEVEL_WARN, __func__, __VA_ARGS__)
#define log_info(...)	log_write(LOG_LEVEL_INFO, __func__, __VA_ARGS__)
#define log_debug(...)	log_write(LOG_LEVEL_DEBUG, __func__, __VA_ARGS__)

/* Logs an error and returns -1, for "return error(...)". */
int	log_fail(const char *func, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
#define error(...)	log_fail(__func__, __VA_ARGS__)

#endif
