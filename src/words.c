/*
 * Folding of UTF-8 text to plain lower-case words.  Only the Latin
 * letters of the product's languages are mapped; other scripts are kept
 * as they are, so Urdu script words still match themselves.
 */
#include <ctype.h>
#include <string.h>

#include "words.h"

struct words_map {
	const char	*utf8;
	const char	*ascii;
};

static const struct words_map words_maps[] = {
	{ "à", "a" }, { "á", "a" }, { "â", "a" }, { "ä", "a" }, { "ã", "a" },
	{ "å", "a" }, { "ą", "a" }, { "ă", "a" }, { "À", "a" }, { "Á", "a" },
	{ "Â", "a" }, { "Ä", "a" }, { "Ą", "a" }, { "Ă", "a" },
	{ "ç", "c" }, { "ć", "c" }, { "Ç", "c" }, { "Ć", "c" },
	{ "è", "e" }, { "é", "e" }, { "ê", "e" }, { "ë", "e" }, { "ę", "e" },
	{ "È", "e" }, { "É", "e" }, { "Ê", "e" }, { "Ë", "e" }, { "Ę", "e" },
	{ "ì", "i" }, { "í", "i" }, { "î", "i" }, { "ï", "i" }, { "Î", "i" },
	{ "Í", "i" }, { "ł", "l" }, { "Ł", "l" }, { "ñ", "n" }, { "ń", "n" },
	{ "Ñ", "n" }, { "Ń", "n" },
	{ "ò", "o" }, { "ó", "o" }, { "ô", "o" }, { "ö", "o" }, { "õ", "o" },
	{ "Ó", "o" }, { "Ö", "o" }, { "Ô", "o" },
	{ "ù", "u" }, { "ú", "u" }, { "û", "u" }, { "ü", "u" }, { "Ü", "u" },
	{ "Ú", "u" }, { "ś", "s" }, { "ș", "s" }, { "ş", "s" }, { "Ś", "s" },
	{ "Ș", "s" }, { "Ş", "s" }, { "ț", "t" }, { "ţ", "t" }, { "Ț", "t" },
	{ "Ţ", "t" }, { "ź", "z" }, { "ż", "z" }, { "Ź", "z" }, { "Ż", "z" },
	{ "ß", "ss" }, { "œ", "oe" }, { "æ", "ae" },
	{ "’", "'" },
};

#define WORDS_NMAPS (sizeof(words_maps) / sizeof(words_maps[0]))

/* Length of the UTF-8 sequence starting with byte c. */
static size_t
words_seqlen(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	return 4;
}

static const char *
words_map(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < WORDS_NMAPS; i++)
		if (strlen(words_maps[i].utf8) == len &&
		    memcmp(words_maps[i].utf8, p, len) == 0)
			return words_maps[i].ascii;
	return NULL;
}

/* Appends s[0..len) to out if it fits; 0 or -1. */
static int
words_put(char *out, size_t *n, size_t outsz, const char *s, size_t len)
{
	if (*n + len + 2 > outsz)
		return -1;
	memcpy(out + *n, s, len);
	*n += len;
	return 0;
}

static int
words_keep(const char *p, const char *start)
{
	unsigned char	 c = (unsigned char)*p;

	if (isalnum(c) || c == ':' || c == '/')
		return 1;
	return c == '.' && p > start && isdigit((unsigned char)p[-1]) &&
	    isdigit((unsigned char)p[1]);
}

void
words_fold(const char *s, char *out, size_t outsz)
{
	const char	*p, *m;
	size_t		 n = 0, len;
	char		 c;

	if (outsz < 3) {
		if (outsz > 0)
			out[0] = '\0';
		return;
	}
	out[n++] = ' ';
	for (p = s; *p != '\0'; p += len) {
		len = words_seqlen((unsigned char)*p);
		if (strnlen(p, len) < len)
			break;
		if (len == 1 && words_keep(p, s)) {
			c = (char)tolower((unsigned char)*p);
			m = &c;
			if (words_put(out, &n, outsz, m, 1) == -1)
				break;
		} else if (len > 1 && (m = words_map(p, len)) != NULL &&
		    *m != '\'') {
			if (words_put(out, &n, outsz, m, strlen(m)) == -1)
				break;
		} else if (len > 1 && m == NULL) {
			if (words_put(out, &n, outsz, p, len) == -1)
				break;
		} else if (out[n - 1] != ' ')
			out[n++] = ' ';
	}
	if (out[n - 1] != ' ')
		out[n++] = ' ';
	out[n] = '\0';
}

int
words_has(const char *folded, const char *w)
{
	return words_find(folded, NULL, w) != NULL;
}

int
words_any(const char *folded, const char *const *list)
{
	struct words_starts	 st;
	int			 i;

	words_starts_of(folded, &st);
	for (i = 0; list[i] != NULL; i++)
		if (words_find(folded, &st, list[i]) != NULL)
			return i;
	return -1;
}

/* A word's first two bytes, hashed; a one-letter word's second is the
 * space after it. */
static unsigned int
words_pair(const char *w)
{
	unsigned char	 a = w[0], b = w[1] != '\0' ? w[1] : ' ';

	return (a * 31u + b) % WORDS_STARTS_BITS;
}

void
words_starts_of(const char *folded, struct words_starts *st)
{
	unsigned int	 h;

	memset(st, 0, sizeof(*st));
	for (; *folded != '\0'; folded++)
		if (folded[0] == ' ' && folded[1] != '\0' && folded[1] != ' ') {
			h = words_pair(folded + 1);
			st->bit[h / 64] |= (uint64_t)1 << (h % 64);
		}
}

const char *
words_find(const char *folded, const struct words_starts *st, const char *w)
{
	const char	*p;
	unsigned int	 h;
	size_t		 n;

	if (st != NULL) {
		h = words_pair(w);
		if ((st->bit[h / 64] & (uint64_t)1 << (h % 64)) == 0)
			return NULL;
	}
	n = strlen(w);
	for (p = folded; (p = strstr(p, w)) != NULL; p++)
		if (p > folded && p[-1] == ' ' && p[n] == ' ')
			return p - 1;
	return NULL;
}
