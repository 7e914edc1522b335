/*
 * Small helpers shared by every module: UTF-8 checks, JSON parsing with
 * limits, random tokens and hashes, and a capped growable buffer.
 */
#ifndef FD_UTIL_H
#define FD_UTIL_H

#include <stddef.h>
#include <json-c/json.h>

/* Nonzero when s[0..len) is well-formed UTF-8 (no overlongs, surrogates
 * or code points past U+10FFFF). */
int		 utf8_valid(const char *s, size_t len);

/* Number of code points in well-formed UTF-8 s[0..len). */
size_t		 utf8_count(const char *s, size_t len);

/*
 * Parses exactly s[0..len) as one JSON value, nesting at most
 * JSON_DEPTH_MAX.  Returns a new reference, or NULL when the text is not
 * valid JSON or not valid UTF-8, or has anything after the value.
 */
json_object	*util_json_parse(const char *s, size_t len);

/*
 * A string member of obj: borrowed, NUL-terminated, or NULL when absent
 * or not a string.  A string holding a NUL byte counts as absent unless
 * lenp is given, which then receives the full length.
 */
const char	*util_json_str(json_object *obj, const char *key, size_t *lenp);

/* Fills buf with n random bytes from the operating system.  0 or -1. */
int		 util_random(void *buf, size_t n);

/* Writes n bytes of src as lowercase hex into dst (2n + 1 bytes). */
void		 util_hex(char *dst, const void *src, size_t n);

/* SHA-256 of s[0..len) as 64 hex digits into dst (65 bytes). */
void		 util_sha256_hex(char *dst, const void *s, size_t len);

/* Constant-time comparison of two equal-length strings; 0 when equal. */
int		 util_ct_cmp(const char *a, const char *b);

/* A growable byte buffer with a hard cap. */
struct buf {
	char	*data;		/* owned; always NUL-terminated once used */
	size_t	 len;
	size_t	 size;
	size_t	 cap;		/* most bytes it may hold */
};

/* Starts an empty buffer that may grow to cap bytes. */
/*
 * A price of amount (pence or cents) of currency (NULL or "": GBP) into
 * buf: "£85" for whole units, "£85.50" with pence, "12 CHF" for
 * currencies without a symbol.
 */
void		 money_format(long long amount, const char *currency,
		    char *buf, size_t bufsz);

void		 buf_init(struct buf *, size_t cap);

/* Appends; returns 0, or -1 past the cap or out of memory (buffer kept). */
int		 buf_add(struct buf *, const void *, size_t);
/* Makes room for n more bytes and a NUL, whatever the cap, for a
 * writer that checks the cap on what it wrote.  0 or -1. */
int		 buf_reserve(struct buf *, size_t n);
int		 buf_addstr(struct buf *, const char *);
int		 buf_printf(struct buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Frees the data and empties the buffer. */
void		 buf_release(struct buf *);

#endif
