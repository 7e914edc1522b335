/*
 * Shared helpers: UTF-8, JSON with limits, randomness and hashing
 * (libsodium), and the capped buffer.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "limits.h"
#include "util.h"

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0;

	while (i < len) {
		unsigned char	 c = s[i];
		unsigned int	 cp, min;
		size_t		 n, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3; cp = c & 0x07; min = 0x10000;
		} else
			return 0;
		if (i + n >= len)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
utf8_count(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

json_object *
util_json_parse(const char *s, size_t len)
{
	json_tokener	*tok;
	json_object	*obj;
	size_t		 used;

	if (len == 0 || len > (size_t)0x7fffffff || !utf8_valid(s, len))
		return NULL;
	if ((tok = json_tokener_new_ex(JSON_DEPTH_MAX)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, s, (int)len);
	used = json_tokener_get_parse_end(tok);
	if (json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(obj);
		obj = NULL;
	}
	for (; obj != NULL && used < len; used++)
		if (strchr(" \t\r\n", s[used]) == NULL) {
			json_object_put(obj);
			obj = NULL;
		}
	json_tokener_free(tok);
	return obj;
}

const char *
util_json_str(json_object *obj, const char *key, size_t *lenp)
{
	json_object	*v;
	const char	*s;
	size_t		 len;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (lenp != NULL)
		*lenp = len;
	else if (strlen(s) != len)
		return NULL;
	return s;
}

int
util_random(void *buf, size_t n)
{
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(buf, n);
	return 0;
}

void
util_hex(char *dst, const void *src, size_t n)
{
	sodium_bin2hex(dst, n * 2 + 1, src, n);
}

void
util_sha256_hex(char *dst, const void *s, size_t len)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, s, len);
	util_hex(dst, h, sizeof(h));
}

int
util_ct_cmp(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	if (n != strlen(b))
		return -1;
	return sodium_memcmp(a, b, n);
}

void
buf_init(struct buf *b, size_t cap)
{
	memset(b, 0, sizeof(*b));
	b->cap = cap;
}

int
buf_reserve(struct buf *b, size_t n)
{
	size_t	 want, sz;
	char	*d;

	if (n >= SIZE_MAX / 2 - b->len)
		return -1;
	want = b->len + n + 1;
	if (want <= b->size)
		return 0;
	for (sz = b->size ? b->size : 256; sz < want; sz *= 2)
		;
	if ((d = realloc(b->data, sz)) == NULL)
		return -1;
	b->data = d;
	b->size = sz;
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n > b->cap || b->len > b->cap - n || buf_reserve(b, n) == -1)
		return -1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_addstr(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[256], *s;
	int	 n, rc;

	/* Most are short: formatted on the stack, not allocated. */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return buf_add(b, small, (size_t)n);
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	rc = buf_add(b, s, (size_t)n);
	free(s);
	return rc;
}

void
buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->size = 0;
}

void
money_format(long long amount, const char *currency, char *buf,
    size_t bufsz)
{
	const char	*sym = NULL, *sign = amount < 0 ? "-" : "";
	char		 num[32];
	long long	 abs = amount < 0 ? -amount : amount;

	if (currency == NULL || *currency == '\0' ||
	    strcmp(currency, "GBP") == 0)
		sym = "\xc2\xa3";
	else if (strcmp(currency, "EUR") == 0)
		sym = "\xe2\x82\xac";
	else if (strcmp(currency, "USD") == 0)
		sym = "$";
	if (abs % 100 == 0)
		snprintf(num, sizeof(num), "%lld", abs / 100);
	else
		snprintf(num, sizeof(num), "%lld.%02lld", abs / 100, abs % 100);
	if (sym != NULL)
		snprintf(buf, bufsz, "%s%s%s", sign, sym, num);
	else
		snprintf(buf, bufsz, "%s%s %s", sign, num, currency);
}
