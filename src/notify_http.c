/*
 * What the messaging providers' backends share: secrets read from
 * files, one HTTPS POST through libcurl with timeouts and no signals,
 * and the HMACs of webhook signatures.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "conf.h"
#include "log.h"
#include "notify_int.h"

int
notify_secret(const char *key, char *buf, size_t bufsz)
{
	const char	*path = conf_str(key);
	FILE		*fp;
	size_t		 n;

	buf[0] = '\0';
	if (*path == '\0')
		return error("%s is not set", key);
	if ((fp = fopen(path, "r")) == NULL)
		return error("%s: %s", key, strerror(errno));
	n = fread(buf, 1, bufsz - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' ||
	    buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (n == 0)
		return error("%s: the file is empty", key);
	return 0;
}

static size_t
notify_http_write(char *p, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	/* Past the cap the answer is cut; what we need is at its start. */
	buf_add(b, p, size * n);
	return size * n;
}

long
notify_http_post(const char *url, const char *type, const char *body,
    size_t len, const char *header, const char *userpwd, struct buf *resp)
{
	CURL			*h;
	struct curl_slist	*hl = NULL;
	char			 ct[128];
	long			 status = -1;
	CURLcode		 rc;

	if ((h = curl_easy_init()) == NULL)
		return error("curl_easy_init failed");
	snprintf(ct, sizeof(ct), "Content-Type: %s", type);
	hl = curl_slist_append(hl, ct);
	if (header != NULL)
		hl = curl_slist_append(hl, header);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	    (long)NOTIFY_CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT,
	    conf_long("notify_timeout_seconds"));
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)len);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, notify_http_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
	if (userpwd != NULL) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERPWD, userpwd);
	}
	if ((rc = curl_easy_perform(h)) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	else
		log_warn("provider call failed: %s", curl_easy_strerror(rc));
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
	return status;
}

enum notify_result
notify_http_result(long status)
{
	if (status >= 200 && status < 300)
		return NOTIFY_SENT;
	if (status == -1 || status == 408 || status == 429 || status >= 500)
		return NOTIFY_RETRY;
	return NOTIFY_FAILED;
}

void
notify_hmac_hex256(const char *key, size_t keylen, const void *data,
    size_t len, char out[65])
{
	unsigned char	 mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, keylen);
	crypto_auth_hmacsha256_update(&st, data, len);
	crypto_auth_hmacsha256_final(&st, mac);
	util_hex(out, mac, sizeof(mac));
}

int
notify_hmac_b64sha1(const char *key, const void *data, size_t len,
    char *out, size_t outsz)
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0;

	if (HMAC(EVP_sha1(), key, (int)strlen(key), data, len, mac,
	    &maclen) == NULL || outsz < sodium_base64_ENCODED_LEN(maclen,
	    sodium_base64_VARIANT_ORIGINAL))
		return -1;
	sodium_bin2base64(out, outsz, mac, maclen,
	    sodium_base64_VARIANT_ORIGINAL);
	return 0;
}
