/*
 * A minimal TAP producer for the C unit tests: ok(), is_int(), is_str()
 * and done() printing the plan at the end.
 */
#ifndef FD_TAP_H
#define FD_TAP_H

#include <stdio.h>
#include <string.h>

static int	 tap_n, tap_failed;

static int
ok(int cond, const char *name)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond)
		tap_failed++;
	return cond;
}

static int
is_int(long long got, long long want, const char *name)
{
	if (!ok(got == want, name))
		printf("# got %lld, want %lld\n", got, want);
	return got == want;
}

static int
is_str(const char *got, const char *want, const char *name)
{
	int	 same = got != NULL && want != NULL && strcmp(got, want) == 0;

	if (!ok(same, name))
		printf("# got '%s', want '%s'\n", got ? got : "(null)",
		    want ? want : "(null)");
	return same;
}

static int
done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
