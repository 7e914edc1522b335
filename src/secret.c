/*
 * Sealing and opening patient data, the key file, and key rotation.
 * Which columns hold patient data is listed here, in secret_columns.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "secret.h"

#define SECRET_KEYS_MAX		8
#define SECRET_KEYID_MAX	16
#define SECRET_KEYBYTES \
	crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define SECRET_NONCEBYTES	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SECRET_ABYTES		crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SECRET_MARK		"fd1:"
#define SECRET_BATCH		500

struct secret_key {
	char		 id[SECRET_KEYID_MAX + 1];
	unsigned char	 key[SECRET_KEYBYTES];
};

struct secret_keys {
	struct secret_key	 keys[SECRET_KEYS_MAX];	/* [0] seals */
	int			 n;
	unsigned char		 index[SECRET_KEYBYTES];
	int			 has_index;
};

/*
 * Every column holding patient data: {table, id column, column, keyed
 * hash column or NULL}.  The hash is secret_index("table.column", plain)
 * and is filled in when a plain value is sealed by secret_seal_plain().
 */
static const struct secret_column {
	const char	*table;
	const char	*id;
	const char	*column;
	const char	*hash;
} secret_columns[] = {
	{ "messages", "id", "text", NULL },
	{ "knowledge_gaps", "id", "question", NULL },
	{ "conversations", "id", "state", NULL },
	{ "idempotency_keys", "id", "answer", NULL },
	{ "appointments", "id", "patient_name", NULL },
	{ "appointments", "id", "patient_phone", "patient_phone_hash" },
	{ "appointments", "id", "patient_email", NULL },
	{ "appointments", "id", "patient_dob", NULL },
	{ "callbacks", "id", "phone", "phone_hash" },
	{ "notify_appointments", "id", "patient_name", NULL },
	{ "notify_appointments", "id", "phone", NULL },
	{ "notify_appointments", "id", "email", NULL },
	{ "notify_outbox", "id", "recipient", "recipient_hash" },
	{ "notify_outbox", "id", "subject", NULL },
	{ "notify_outbox", "id", "body", NULL },
	{ "notify_outbox", "id", "params", NULL },
	{ "notify_inbound", "id", "from_phone", "from_hash" },
	{ "notify_inbound", "id", "text", NULL },
};

#define SECRET_NCOLUMNS (sizeof(secret_columns) / sizeof(secret_columns[0]))

static int
secret_parse_line(struct secret_keys *k, char *line)
{
	char		*colon = strchr(line, ':');
	unsigned char	 key[SECRET_KEYBYTES];
	size_t		 n;

	line[strcspn(line, "\r\n")] = '\0';
	if (*line == '\0' || *line == '#')
		return 0;
	if (colon == NULL || colon - line > SECRET_KEYID_MAX ||
	    sodium_hex2bin(key, sizeof(key), colon + 1, strlen(colon + 1),
	    NULL, &n, NULL) != 0 || n != sizeof(key))
		return -1;
	*colon = '\0';
	if (strcmp(line, "index") == 0) {
		memcpy(k->index, key, sizeof(key));
		k->has_index = 1;
	} else if (k->n < SECRET_KEYS_MAX) {
		snprintf(k->keys[k->n].id, sizeof(k->keys[0].id), "%s", line);
		memcpy(k->keys[k->n++].key, key, sizeof(key));
	}
	sodium_memzero(key, sizeof(key));
	return 0;
}

/* The key file as last read, and how to tell that it changed. */
static struct secret_keys	 secret_cache;
static struct stat		 secret_cache_st;
static int			 secret_cached;

static int
secret_read(const char *path, struct secret_keys *k)
{
	FILE		*fp;
	char		 line[256];
	int		 rc = 0;

	memset(k, 0, sizeof(*k));
	if ((fp = fopen(path, "r")) == NULL)
		return error("%s: %s", path, strerror(errno));
	while (rc == 0 && fgets(line, sizeof(line), fp) != NULL)
		rc = secret_parse_line(k, line);
	sodium_memzero(line, sizeof(line));
	fclose(fp);
	if (rc == -1 || k->n == 0 || !k->has_index) {
		sodium_memzero(k, sizeof(*k));
		return error("%s: not a frontdesk key file", path);
	}
	return 0;
}

/* Copies the keys into *k, reading the file again when it changed. */
static int
secret_load(struct secret_keys *k)
{
	const char	*path = conf_str("secret_key_file");
	struct stat	 st;

	if (sodium_init() < 0)
		return error("libsodium failed to start");
	if (*path == '\0')
		return error("no secret_key_file is configured");
	if (stat(path, &st) == -1)
		return error("%s: %s", path, strerror(errno));
	if (!secret_cached || st.st_ino != secret_cache_st.st_ino ||
	    st.st_mtim.tv_sec != secret_cache_st.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != secret_cache_st.st_mtim.tv_nsec ||
	    st.st_size != secret_cache_st.st_size) {
		secret_cached = 0;
		if (secret_read(path, &secret_cache) == -1)
			return -1;
		secret_cache_st = st;
		secret_cached = 1;
	}
	*k = secret_cache;
	return 0;
}

/*
 * A sealed value is SECRET_MARK, the key's id, ':' and the nonce and
 * ciphertext in standard base64 with padding.  The base64 is OpenSSL's:
 * libsodium's runs in constant time, which the ciphertext does not need,
 * at several times the cost.
 */
static int
secret_seal_with(const struct secret_key *key, const char *ad,
    const void *plain, size_t len, struct buf *out)
{
	unsigned char	*bin;
	size_t		 binlen = SECRET_NONCEBYTES + len + SECRET_ABYTES;
	size_t		 b64len = (binlen + 2) / 3 * 4, head = out->len;
	int		 n, rc = -1;

	if (binlen > INT_MAX / 2 || (bin = malloc(binlen)) == NULL)
		return -1;
	randombytes_buf(bin, SECRET_NONCEBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(bin + SECRET_NONCEBYTES,
	    NULL, plain, len, (const unsigned char *)ad, strlen(ad), NULL,
	    bin, key->key);
	if (buf_addstr(out, SECRET_MARK) == 0 && buf_addstr(out, key->id) == 0 &&
	    buf_add(out, ":", 1) == 0 && b64len <= out->cap - out->len &&
	    buf_reserve(out, b64len) == 0) {
		n = EVP_EncodeBlock((unsigned char *)out->data + out->len, bin,
		    (int)binlen);
		out->len += (size_t)n;
		rc = 0;
	}
	if (rc == -1 && out->data != NULL) {
		out->len = head;
		out->data[head] = '\0';
	}
	free(bin);
	return rc;
}

/* Decodes the base64 b64[0..len) into bin (len bytes at least): the
 * number of bytes, or -1 when it is not base64 with padding. */
static long
secret_unbase64(unsigned char *bin, const char *b64, size_t len)
{
	long	 n;

	if (len % 4 != 0 || len > INT_MAX)
		return -1;
	if (len == 0)
		return 0;
	if ((n = EVP_DecodeBlock(bin, (const unsigned char *)b64,
	    (int)len)) < 0)
		return -1;
	/* EVP_DecodeBlock counts the padding as bytes. */
	if (b64[len - 1] == '=')
		n -= 1 + (b64[len - 2] == '=');
	return n;
}

int
secret_seal(const char *ad, const void *plain, size_t len, struct buf *out)
{
	struct secret_keys	 k;
	int			 rc;

	if (secret_load(&k) == -1)
		return -1;
	rc = secret_seal_with(&k.keys[0], ad, plain, len, out);
	sodium_memzero(&k, sizeof(k));
	return rc;
}

static int
secret_open_with(const struct secret_keys *k, const char *ad,
    const char *sealed, size_t len, struct buf *out)
{
	const char	*id = sealed + strlen(SECRET_MARK), *colon;
	unsigned char	*bin = NULL, *plain = NULL;
	long		 binlen;
	unsigned long long plainlen;
	int		 i, rc = -1;

	if ((colon = memchr(id, ':', len - strlen(SECRET_MARK))) == NULL)
		return error("%s: sealed value without a key id", ad);
	for (i = 0; i < k->n; i++)
		if (strlen(k->keys[i].id) == (size_t)(colon - id) &&
		    memcmp(k->keys[i].id, id, colon - id) == 0)
			break;
	if (i == k->n)
		return error("%s: sealed with a key that is not in the key "
		    "file", ad);
	if ((bin = malloc(len)) == NULL || (plain = malloc(len)) == NULL)
		goto out;
	if ((binlen = secret_unbase64(bin, colon + 1,
	    len - (colon + 1 - sealed))) < SECRET_NONCEBYTES + SECRET_ABYTES ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plainlen, NULL,
	    bin + SECRET_NONCEBYTES, binlen - SECRET_NONCEBYTES,
	    (const unsigned char *)ad, strlen(ad), bin, k->keys[i].key) != 0) {
		error("%s: a sealed value failed to open", ad);
		goto out;
	}
	rc = buf_add(out, plain, (size_t)plainlen);
	if (plainlen == 0)
		rc = buf_add(out, "", 0);
out:
	free(bin);
	if (plain != NULL)
		sodium_memzero(plain, len);
	free(plain);
	return rc;
}

int
secret_open(const char *ad, const char *sealed, size_t len, struct buf *out)
{
	struct secret_keys	 k;
	int			 rc;

	if (len < strlen(SECRET_MARK) ||
	    memcmp(sealed, SECRET_MARK, strlen(SECRET_MARK)) != 0)
		return buf_add(out, sealed, len) == 0 &&
		    buf_add(out, "", 0) == 0 ? 0 : -1;
	if (secret_load(&k) == -1)
		return -1;
	rc = secret_open_with(&k, ad, sealed, len, out);
	sodium_memzero(&k, sizeof(k));
	return rc;
}

int
secret_seal_str(const char *ad, const char *s, char **out)
{
	struct buf	 sealed;

	*out = NULL;
	if (s == NULL || *s == '\0')
		return 0;
	buf_init(&sealed, strlen(s) * 2 + 256);
	if (secret_seal(ad, s, strlen(s), &sealed) == -1) {
		buf_release(&sealed);
		return -1;
	}
	*out = sealed.data;
	return 0;
}

char *
secret_open_dup(const char *ad, const char *sealed, size_t len)
{
	struct buf	 plain;

	buf_init(&plain, len + 1);
	if (secret_open(ad, sealed, len, &plain) == -1) {
		if (plain.data != NULL)
			sodium_memzero(plain.data, plain.size);
		buf_release(&plain);
		return NULL;
	}
	if (plain.data == NULL)
		return strdup("");
	return plain.data;
}

int
secret_open_str(const char *ad, const char *sealed, char *out,
    size_t outsz)
{
	char	*plain;

	out[0] = '\0';
	if (sealed == NULL)
		return 0;
	if ((plain = secret_open_dup(ad, sealed, strlen(sealed))) == NULL)
		return -1;
	snprintf(out, outsz, "%s", plain);
	sodium_memzero(plain, strlen(plain));
	free(plain);
	return 0;
}

/* The keyed hash of plain[0..len) for ad, with key k, into out. */
static void
secret_index_with(const struct secret_keys *k, const char *ad,
    const char *plain, size_t len, char *out)
{
	unsigned char		 h[32];
	crypto_generichash_state st;

	crypto_generichash_init(&st, k->index, sizeof(k->index), sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)ad,
	    strlen(ad) + 1);
	crypto_generichash_update(&st, (const unsigned char *)plain, len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, SECRET_INDEX_HEX, h, sizeof(h));
}

int
secret_index(const char *ad, const char *value, char *out)
{
	struct secret_keys	 k;

	if (secret_load(&k) == -1)
		return -1;
	secret_index_with(&k, ad, value, strlen(value), out);
	sodium_memzero(&k, sizeof(k));
	return 0;
}

/* Writes keys (the first nkeys of k) and the index key to path, through
 * a new file renamed over the old one.  0 or -1. */
static int
secret_write(const char *path, const struct secret_keys *k, int nkeys,
    int exclusive)
{
	char	 tmp[4096], hex[SECRET_KEYBYTES * 2 + 1];
	FILE	*fp;
	int	 fd, i;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if (exclusive && access(path, F_OK) == 0)
		return error("%s exists already", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL)
		return error("%s: %s", tmp, strerror(errno));
	fprintf(fp, "# frontdesk data keys: the first seals new data.\n");
	for (i = 0; i < nkeys; i++) {
		sodium_bin2hex(hex, sizeof(hex), k->keys[i].key,
		    SECRET_KEYBYTES);
		fprintf(fp, "%s:%s\n", k->keys[i].id, hex);
	}
	sodium_bin2hex(hex, sizeof(hex), k->index, SECRET_KEYBYTES);
	fprintf(fp, "index:%s\n", hex);
	sodium_memzero(hex, sizeof(hex));
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0 || fclose(fp) != 0)
		return error("%s: %s", tmp, strerror(errno));
	if (rename(tmp, path) == -1)
		return error("%s: %s", path, strerror(errno));
	return 0;
}

static void
secret_new_key(struct secret_key *key)
{
	unsigned char	 id[4];

	randombytes_buf(id, sizeof(id));
	key->id[0] = 'k';
	sodium_bin2hex(key->id + 1, sizeof(key->id) - 1, id, sizeof(id));
	crypto_aead_xchacha20poly1305_ietf_keygen(key->key);
}

int
secret_keygen(const char *path)
{
	struct secret_keys	 k;
	int			 rc;

	if (sodium_init() < 0)
		return -1;
	memset(&k, 0, sizeof(k));
	secret_new_key(&k.keys[0]);
	randombytes_buf(k.index, sizeof(k.index));
	rc = secret_write(path, &k, 1, 1);
	sodium_memzero(&k, sizeof(k));
	return rc;
}

/* Seals one value of column c again under k's first key (and sets its
 * hash column), unless it changed meanwhile.  0 or -1. */
static int
secret_reseal_row(const struct secret_keys *k,
    const struct secret_column *c, const char *ad, MYSQL_ROW row,
    unsigned long *lens)
{
	struct buf	 plain, sealed;
	char		 stmt[512], hash[SECRET_INDEX_HEX];
	int		 rc = -1;

	buf_init(&plain, 64 * 1024 * 1024);
	buf_init(&sealed, 64 * 1024 * 1024);
	if ((strncmp(row[1], SECRET_MARK, strlen(SECRET_MARK)) == 0 ?
	    secret_open_with(k, ad, row[1], lens[1], &plain) :
	    buf_add(&plain, row[1], lens[1])) == -1 ||
	    secret_seal_with(&k->keys[0], ad, plain.data ? plain.data : "",
	    plain.len, &sealed) == -1)
		goto out;
	secret_index_with(k, ad, plain.data ? plain.data : "", plain.len,
	    hash);
	snprintf(stmt, sizeof(stmt), "UPDATE %s SET %s = %%S%s%s%s WHERE %s = "
	    "%%s AND %s = %%S", c->table, c->column, c->hash ? ", " : "",
	    c->hash ? c->hash : "", c->hash ? " = %s" : "", c->id, c->column);
	if (c->hash != NULL)
		rc = db_exec(stmt, sealed.data, sealed.len, hash, row[0],
		    row[1], (size_t)lens[1]) == -1 ? -1 : 0;
	else
		rc = db_exec(stmt, sealed.data, sealed.len, row[0], row[1],
		    (size_t)lens[1]) == -1 ? -1 : 0;
out:
	if (plain.data != NULL)
		sodium_memzero(plain.data, plain.size);
	buf_release(&plain);
	buf_release(&sealed);
	return rc;
}

/* Seals again, under k's first key, one batch of column c's values that
 * are not under it yet (empty values stay empty).  Returns how many, or
 * -1. */
static long
secret_reseal_batch(const struct secret_keys *k,
    const struct secret_column *c, char *ad)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	char		 mark[64];
	char		 stmt[512];
	long		 n = 0;

	snprintf(mark, sizeof(mark), SECRET_MARK "%s:%%", k->keys[0].id);
	snprintf(stmt, sizeof(stmt), "SELECT %s, %s FROM %s WHERE %s NOT LIKE "
	    "%%s AND %s <> '' LIMIT %d", c->id, c->column, c->table,
	    c->column, c->column, SECRET_BATCH);
	if ((res = db_query(stmt, mark)) == NULL)
		return -1;
	while (n >= 0 && (row = mysql_fetch_row(res)) != NULL)
		n = secret_reseal_row(k, c, ad, row,
		    mysql_fetch_lengths(res)) == -1 ? -1 : n + 1;
	mysql_free_result(res);
	return n;
}

/* Seals every registered column under k's first key.  Count or -1. */
static long
secret_reseal_all(const struct secret_keys *k)
{
	char	 ad[128];
	long	 total = 0, n;
	size_t	 i;

	for (i = 0; i < SECRET_NCOLUMNS; i++) {
		snprintf(ad, sizeof(ad), "%s.%s", secret_columns[i].table,
		    secret_columns[i].column);
		do {
			if ((n = secret_reseal_batch(k, &secret_columns[i],
			    ad)) == -1)
				return -1;
			total += n;
		} while (n == SECRET_BATCH);
	}
	return total;
}

long
secret_seal_plain(void)
{
	struct secret_keys	 k;
	long			 n;

	if (secret_load(&k) == -1)
		return -1;
	n = secret_reseal_all(&k);
	sodium_memzero(&k, sizeof(k));
	return n;
}

long
secret_rekey(void)
{
	struct secret_keys	 k;
	const char		*path = conf_str("secret_key_file");
	long			 n, again;
	int			 i;

	if (secret_load(&k) == -1)
		return -1;
	if (k.n == SECRET_KEYS_MAX)
		k.n--;
	for (i = k.n; i > 0; i--)
		k.keys[i] = k.keys[i - 1];
	k.n++;
	secret_new_key(&k.keys[0]);
	/* Workers read the file on each use: from here on they seal under
	 * the new key and can still open the old ones. */
	if (secret_write(path, &k, k.n, 0) == -1 ||
	    (n = secret_reseal_all(&k)) == -1) {
		sodium_memzero(&k, sizeof(k));
		return -1;
	}
	/* A request that read the file just before it changed may have
	 * sealed under the old key since; give it time, then catch it. */
	sleep(2);
	if ((again = secret_reseal_all(&k)) == -1 ||
	    secret_write(path, &k, 1, 0) == -1) {
		sodium_memzero(&k, sizeof(k));
		return -1;
	}
	log_info("data key rotated to %s; %ld values resealed", k.keys[0].id,
	    n + again);
	sodium_memzero(&k, sizeof(k));
	return n + again;
}
