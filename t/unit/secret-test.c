/*
 * Sealing: what is sealed opens again, under the same associated data
 * only; a value altered in any byte does not open; and the stored form
 * is libsodium's standard base64, so values sealed by earlier versions
 * open and earlier versions could open these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "conf.h"
#include "log.h"
#include "secret.h"
#include "util.h"
#include "tap.h"

/* The base64 of a sealed value, decoded and encoded again by libsodium:
 * the same text when both agree on the form. */
static int
sodium_agrees(const char *sealed)
{
	const char	*b64 = strrchr(sealed, ':') + 1;
	unsigned char	 bin[4096];
	char		 again[8192];
	size_t		 n;

	if (sodium_base642bin(bin, sizeof(bin), b64, strlen(b64), NULL, &n,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return 0;
	sodium_bin2base64(again, sizeof(again), bin, n,
	    sodium_base64_VARIANT_ORIGINAL);
	return strcmp(again, b64) == 0;
}

int
main(void)
{
	char		 dir[] = "/tmp/fd-secret-XXXXXX", conf[256], key[256];
	char		 text[700], *s, *bad;
	struct buf	 b;
	FILE		*fp;
	size_t		 n, i;
	int		 all = 1;

	log_open("-", "error");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(key, sizeof(key), "%s/key", dir);
	snprintf(conf, sizeof(conf), "%s/frontdesk.conf", dir);
	if ((fp = fopen(conf, "w")) == NULL)
		return 1;
	fprintf(fp, "secret_key_file = %s\n", key);
	fclose(fp);
	setenv("FRONTDESK_CONF", conf, 1);
	ok(conf_load() == 0 && secret_keygen(key) == 0, "a key file");

	for (n = 0; n < sizeof(text); n += 7) {
		memset(text, 'a' + n % 26, n);
		text[n] = '\0';
		buf_init(&b, 1 << 20);
		if (secret_seal("t.text", text, n, &b) != 0 ||
		    strncmp(b.data, "fd1:", 4) != 0 || !sodium_agrees(b.data) ||
		    (s = secret_open_dup("t.text", b.data, b.len)) == NULL ||
		    strcmp(s, text) != 0)
			all = 0;
		else
			free(s);
		buf_release(&b);
	}
	ok(all, "every length from 0 to 699 seals and opens, in the form "
	    "libsodium reads and writes");

	ok(secret_seal_str("t.text", "Zoë 🌸", &s) == 0, "a string seals");
	bad = secret_open_dup("t.other", s, strlen(s));
	ok(bad == NULL, "it does not open under other associated data");
	free(bad);
	for (i = strlen(s) - 1, all = 1; i > strlen(s) - 12; i--) {
		s[i] ^= 1;
		if ((bad = secret_open_dup("t.text", s, strlen(s))) != NULL)
			all = 0;
		free(bad);
		s[i] ^= 1;
	}
	ok(all, "nor with any of its last bytes altered");
	s[strlen(s) - 1] = '\0';
	bad = secret_open_dup("t.text", s, strlen(s));
	ok(bad == NULL, "nor cut short");
	free(bad);
	free(s);

	unlink(key);
	unlink(conf);
	rmdir(dir);
	return done_testing();
}
