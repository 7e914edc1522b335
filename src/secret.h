/*
 * Patient data at rest: authenticated encryption (libsodium's
 * XChaCha20-Poly1305) of every patient detail and message text, and a
 * keyed hash for lookups (by phone number, say) without the plain value.
 *
 * The key file (secret_key_file) holds lines "KEYID:HEX" of 32-byte keys,
 * the first being the one new data is sealed with, and one line
 * "index:HEX" for the lookup hash.  It is read on each use, so a key
 * rotation (frontdesk rekey) reaches running workers at once.
 */
#ifndef FD_SECRET_H
#define FD_SECRET_H

#include <stddef.h>

#include "util.h"

#define SECRET_INDEX_HEX	65	/* bytes of a lookup hash, with NUL */

/*
 * Seals plain[0..len) for the column named ad ("messages.text"), which
 * binds the sealed text to its place.  Appends "fd1:KEYID:BASE64" to out.
 * Returns 0, or -1 when no key is configured or readable (logged).
 */
int	secret_seal(const char *ad, const void *plain, size_t len,
	    struct buf *out);

/*
 * Opens sealed[0..len) of column ad into out (NUL-terminated).  Text
 * without the "fd1:" mark is taken as written before encryption and
 * copied as it is.  Returns 0, or -1 when it cannot be opened (an
 * unknown key or tampered data; logged without the data).
 */
int	secret_open(const char *ad, const char *sealed, size_t len,
	    struct buf *out);

/*
 * Seals the string s for column ad into *out, a new string the caller
 * frees.  NULL or "" gives *out = NULL: there is nothing to keep.
 * Returns 0, or -1 (logged).
 */
int	secret_seal_str(const char *ad, const char *s, char **out);

/*
 * Opens the NUL-terminated sealed value of column ad (NULL gives "")
 * into out, cut to outsz - 1 bytes.  Returns 0, or -1 when it cannot be
 * opened (out is then "").
 */
int	secret_open_str(const char *ad, const char *sealed, char *out,
	    size_t outsz);

/* Opens sealed[0..len) of column ad into a new NUL-terminated string the
 * caller frees; NULL when it cannot be opened. */
char	*secret_open_dup(const char *ad, const char *sealed, size_t len);

/* The keyed hash of value for column ad, as hex into out.  0 or -1. */
int	secret_index(const char *ad, const char *value, char *out);

/*
 * Creates a key file at path (mode 0600) with a new sealing key and a new
 * index key.  Fails if the file exists.  0 or -1.
 */
int	secret_keygen(const char *path);

/*
 * Rotates the sealing key: puts a new key first in the key file, seals
 * every registered column again under it, and drops the old keys once
 * nothing uses them.  Returns the number of values resealed, or -1.
 */
long	secret_rekey(void);

/* Seals the values of registered columns still held in plain (data
 * written before encryption).  Returns how many, or -1. */
long	secret_seal_plain(void);

#endif
