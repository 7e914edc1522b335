/*
 * Operator log lines.  Formatting and escaping only; what is worth
 * logging is decided by the callers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"
#include "log.h"

static FILE		*log_fp;
static enum log_level	 log_max = LOG_LEVEL_INFO;
static unsigned long	 log_request;

static const char *const log_names[LOG_LEVEL__MAX] = {
	"error", "warn", "info", "debug"
};

int
log_open(const char *path, const char *level)
{
	int	 i;

	for (i = 0; level != NULL && i < LOG_LEVEL__MAX; i++)
		if (strcmp(level, log_names[i]) == 0)
			log_max = i;
	if (path == NULL || *path == '\0' || strcmp(path, "-") == 0) {
		log_fp = NULL;
		return 0;
	}
	if ((log_fp = fopen(path, "a")) == NULL)
		return -1;
	setvbuf(log_fp, NULL, _IOLBF, 0);
	return 0;
}

void
log_set_request(unsigned long id)
{
	log_request = id;
}

/* Escapes control characters so that one event stays one line. */
static void
log_escape(char *dst, size_t dstsz, const char *src)
{
	size_t	 n = 0;

	for (; *src != '\0' && n + 5 < dstsz; src++) {
		unsigned char c = *src;

		if (c < 0x20 || c == 0x7f)
			n += snprintf(dst + n, dstsz - n, "\\x%02x", c);
		else
			dst[n++] = c;
	}
	dst[n] = '\0';
}

static void
log_vwrite(enum log_level level, const char *func, const char *fmt,
    va_list ap)
{
	char		 msg[LOG_LINE_MAX], safe[LOG_LINE_MAX], when[32];
	time_t		 t = time(NULL);
	struct tm	 tm;

	if (level > log_max)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_escape(safe, sizeof(safe), msg);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(log_fp != NULL ? log_fp : stderr,
	    "%s %s pid=%d req=%lu %s: %s\n", when, log_names[level],
	    (int)getpid(), log_request, func, safe);
}

void
log_write(enum log_level level, const char *func, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(level, func, fmt, ap);
	va_end(ap);
}

int
log_fail(const char *func, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_LEVEL_ERROR, func, fmt, ap);
	va_end(ap);
	return -1;
}
