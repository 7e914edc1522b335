/*
 * A tiny TAP producer for the C unit tests: ok(), is_int(), is_str(),
 * and done() (or done_testing()) printing the plan at the end and
 * returning the exit status.
 */
#ifndef FD_TAP_H
#define FD_TAP_H

#include <stdio.h>
#include <string.h>

static int	 tap_n, tap_failed;

static int
tap_ok(int cond, const char *name, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s line %d\n", file, line);
	}
	return cond;
}

#define ok(cond, name)	tap_ok((cond) != 0, (name), __FILE__, __LINE__)

static inline int
tap_is_int(long long got, long long want, const char *name, const char *file,
    int line)
{
	if (!tap_ok(got == want, name, file, line))
		printf("#   got %lld, want %lld\n", got, want);
	return got == want;
}

static inline int
tap_is_str(const char *got, const char *want, const char *name,
    const char *file, int line)
{
	int	 same = got != NULL && want != NULL && strcmp(got, want) == 0;

	if (!tap_ok(same, name, file, line))
		printf("#   got \"%s\", want \"%s\"\n", got ? got : "(null)",
		    want ? want : "(null)");
	return same;
}

#define is_int(got, want, name) \
	tap_is_int((long long)(got), (long long)(want), (name), __FILE__, \
	    __LINE__)
#define is_str(got, want, name) \
	tap_is_str((got), (want), (name), __FILE__, __LINE__)

static inline int
done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#define done_testing()	done()

#endif
