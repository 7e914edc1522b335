/*
 * Folding UTF-8 text to a plain lower-case form for matching.
 */
#include <string.h>

#include "fold.h"

/* Base letters of U+00C0..U+00FF ('\0': keep as it is). */
static const char fold_latin1[64] =
	"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyts"
	"aaaaaaaceeeeiiii" "dnooooo\0ouuuuyty";

/* Base letters of U+0100..U+017F, in pairs. */
static const char fold_exta[128] =
	"aaaaaaccccccccdd" "ddeeeeeeeeeegggg"
	"gggghhhhiiiiiiii" "iijjjjkkklllllll"
	"lllnnnnnnnnnoooo" "oooorrrrrrssssss"
	"ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

/* Decodes one code point of well-formed UTF-8; returns its length. */
static size_t
fold_decode(const unsigned char *s, size_t len, unsigned int *cp)
{
	if (s[0] < 0x80 || len < 2) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		*cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && len >= 3) {
		*cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) |
		    (s[2] & 0x3fu);
		return 3;
	}
	*cp = 0x10000;
	return (s[0] & 0xf8) == 0xf0 && len >= 4 ? 4 : 1;
}

/* The ASCII letter cp folds to, ' ' for a separator, or 0 to copy it. */
static int
fold_one(unsigned int cp)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return (int)(cp - 'A' + 'a');
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			return (int)cp;
		return ' ';
	}
	if (cp >= 0xc0 && cp <= 0xff)
		return fold_latin1[cp - 0xc0];
	if (cp >= 0x100 && cp <= 0x17f)
		return fold_exta[cp - 0x100];
	if (cp >= 0x218 && cp <= 0x21b)		/* Romanian s and t, comma */
		return cp < 0x21a ? 's' : 't';
	/* General punctuation, Arabic punctuation: separators. */
	if ((cp >= 0x2000 && cp <= 0x206f) || cp == 0xa0 || cp == 0xbf ||
	    cp == 0xa1 || cp == 0xab || cp == 0xbb || cp == 0x60c ||
	    cp == 0x61f || cp == 0x6d4)
		return ' ';
	return 0;
}

int
fold_text(const char *s, size_t len, struct buf *out)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned int		 cp;
	size_t			 i = 0, n;
	int			 c, space = 1;
	char			 ch;

	if (buf_add(out, " ", 1) == -1)
		return -1;
	while (i < len) {
		n = fold_decode(p + i, len - i, &cp);
		c = fold_one(cp);
		if (c == ' ') {
			if (!space && buf_add(out, " ", 1) == -1)
				return -1;
			space = 1;
		} else {
			ch = (char)c;
			if ((c != 0 ? buf_add(out, &ch, 1) :
			    buf_add(out, s + i, n)) == -1)
				return -1;
			space = 0;
		}
		i += n;
	}
	if (!space && buf_add(out, " ", 1) == -1)
		return -1;
	return 0;
}
