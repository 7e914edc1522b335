/*
 * Checking a model's reply against what backs it.  Prices, times and
 * phone numbers are read out of the reply and must also be read out of
 * the clinic's data, the prompt or the turn's tool results; names after a
 * title must be a practitioner's; claims of a booking need a booking.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llm_check.h"
#include "llm_facts.h"
#include "llm_tools.h"
#include "util.h"

#define LLM_SET_MAX	256	/* values read out of one text */
#define LLM_SHINGLE	6	/* words of the rules that must not recur */

struct llm_set {
	long long	 v[LLM_SET_MAX];
	int		 n;
};

/* What one text mentions. */
struct llm_seen {
	struct llm_set	 prices;	/* minor units */
	struct llm_set	 percents;
	struct llm_set	 times;		/* minutes after midnight */
	struct llm_set	 phones;	/* the last 9 digits */
};

static const char *llm_currencies[] = { "£", "€", "$", "zł", "gbp", "eur",
    "usd", "pln", "pounds", "pound", "euros", "euro", "dollars", "dollar",
    "złotych", "zloty", NULL };

static const char *llm_percents[] = { "%", "per cent", "percent",
    "pour cent", "por ciento", "prozent", "procent", NULL };

static const char *llm_claims[] = { "booked", "confirmed", "reserved",
    "scheduled", "cancelled", "canceled", "rescheduled", "rebooked",
    "réservé", "réservée", "confirmé", "confirmée", "annulé", "annulée",
    "gebucht", "bestätigt", "storniert", "reserviert", "programat",
    "programată", "confirmat", "confirmată", "rezervat", "rezervată",
    "anulat", "anulată", "prenotato", "prenotata", "confermato",
    "confermata", "annullato", "annullata", "cancellato", "cancellata",
    NULL };

/* Stems that begin a claim in any inflection. */
static const char *llm_claim_stems[] = { "zarezerwow", "potwierdzon",
    "odwołan", "anulowan", "umówion", "reservad", "confirmad", "cancelad",
    "agendad", "anulad", NULL };

static const char *llm_titles[] = { "dr", "dra", "doctor", "doctora",
    "docteur", "doktor", "dott", "dottor", "dottore", "dottoressa", "prof",
    "professor", NULL };

static const char *llm_plain_titles[] = { "mr", "mrs", "ms", "miss", "mx",
    NULL };

static void
llm_set_add(struct llm_set *s, long long v)
{
	int	 i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == v)
			return;
	if (s->n < LLM_SET_MAX)
		s->v[s->n++] = v;
}

static int
llm_set_has(const struct llm_set *s, long long v)
{
	int	 i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == v)
			return 1;
	return 0;
}

/* Every value of a is in one of b or c. */
static int
llm_set_backed(const struct llm_set *a, const struct llm_set *b,
    const struct llm_set *c)
{
	int	 i;

	for (i = 0; i < a->n; i++)
		if (!llm_set_has(b, a->v[i]) &&
		    (c == NULL || !llm_set_has(c, a->v[i])))
			return 0;
	return 1;
}

static int
llm_letter(unsigned char c)
{
	return isalpha(c) || c >= 0x80;
}

/* Whether the case-insensitive word w starts at s[i] (and, if whole,
 * ends there too). */
static int
llm_word_at(const char *s, size_t i, const char *w, int whole)
{
	size_t	 n = strlen(w);

	if (i > 0 && llm_letter((unsigned char)s[i - 1]) &&
	    llm_letter((unsigned char)w[0]))
		return 0;
	if (strncasecmp(s + i, w, n) != 0)
		return 0;
	return !whole || !llm_letter((unsigned char)w[n - 1]) ||
	    !llm_letter((unsigned char)s[i + n]);
}

/* Whether one word of list (whole words) starts at s[i]; its length. */
static size_t
llm_list_at(const char *s, size_t i, const char **list)
{
	int	 k;

	for (k = 0; list[k] != NULL; k++)
		if (llm_word_at(s, i, list[k], 1))
			return strlen(list[k]);
	return 0;
}

/* Reads a number such as 85, 85.00, 1,200 or 12,50 at s[i] into minor
 * units; returns its length, 0 when there is none. */
static size_t
llm_number(const char *s, size_t i, long long *minor)
{
	size_t	 n = i, start = i, last = 0;
	long long v = 0, dec = 0;
	int	 dd = 0;

	while (isdigit((unsigned char)s[n]) || ((s[n] == ',' ||
	    s[n] == '.') && isdigit((unsigned char)s[n + 1]))) {
		if (s[n] == ',' || s[n] == '.')
			last = n;
		n++;
	}
	if (n == i)
		return 0;
	if (last != 0 && (n - last - 1 == 1 || n - last - 1 == 2))
		dd = (int)(n - last - 1);
	for (; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			continue;
		if (dd > 0 && i > last)
			dec = dec * 10 + (s[i] - '0');
		else if (v < 100000000000LL)
			v = v * 10 + (s[i] - '0');
	}
	*minor = v * 100 + (dd == 1 ? dec * 10 : dec);
	return n - start;
}

/* A currency word or sign just before s[start] or just after s[end]. */
static int
llm_currency_near(const char *s, size_t start, size_t end)
{
	size_t	 i, n, b;
	int	 k;

	i = end;
	if (s[i] == ' ')
		i++;
	if (llm_list_at(s, i, llm_currencies))
		return 1;
	b = start > 0 && s[start - 1] == ' ' ? start - 1 : start;
	for (k = 0; llm_currencies[k] != NULL; k++) {
		n = strlen(llm_currencies[k]);
		if (b >= n && strncasecmp(s + b - n, llm_currencies[k], n) == 0)
			return 1;
	}
	return 0;
}

static int
llm_percent_after(const char *s, size_t end)
{
	if (s[end] == ' ')
		end++;
	return llm_list_at(s, end, llm_percents) != 0 ||
	    s[end] == '%';
}

static void
llm_scan_numbers(const char *s, struct llm_seen *seen)
{
	size_t	 i = 0, n;
	long long v = 0;

	while (s[i] != '\0') {
		if (!isdigit((unsigned char)s[i]) ||
		    (i > 0 && (isdigit((unsigned char)s[i - 1]) ||
		    s[i - 1] == '.' || s[i - 1] == ','))) {
			i++;
			continue;
		}
		n = llm_number(s, i, &v);
		if (llm_currency_near(s, i, i + n))
			llm_set_add(&seen->prices, v);
		else if (llm_percent_after(s, i + n))
			llm_set_add(&seen->percents, v / 100);
		i += n;
	}
}

/* am/pm after s[i]: 12 for pm, 0 for am, -1 for neither. */
static int
llm_meridiem(const char *s, size_t i)
{
	static const char *am[] = { "am", "a.m.", NULL };
	static const char *pm[] = { "pm", "p.m.", NULL };

	if (s[i] == ' ')
		i++;
	if (llm_list_at(s, i, pm))
		return 12;
	if (llm_list_at(s, i, am))
		return 0;
	return -1;
}

/* A time at s[i] (10:30, 14h30, 9am, 2:30 pm) in minutes, or -1. */
static int
llm_time_at(const char *s, size_t i)
{
	int	 h = 0, m = 0, mer, digits = 0, mins = 0;

	while (isdigit((unsigned char)s[i]) && digits < 3) {
		h = h * 10 + (s[i++] - '0');
		digits++;
	}
	if (digits == 0 || digits > 2)
		return -1;
	if ((s[i] == ':' || s[i] == 'h') && isdigit((unsigned char)s[i + 1])
	    && isdigit((unsigned char)s[i + 2]) &&
	    !isdigit((unsigned char)s[i + 3])) {
		m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
		i += 3;
		mins = 1;
	}
	mer = llm_meridiem(s, i);
	if (mer == -1 && !mins)
		return -1;
	if (mer != -1 && (h < 1 || h > 12))
		return -1;
	if (mer != -1)
		h = h % 12 + mer;
	if (h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

static void
llm_scan_times(const char *s, struct llm_set *times)
{
	size_t	 i;
	int	 v;

	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]) ||
		    (i > 0 && isdigit((unsigned char)s[i - 1])))
			continue;
		if ((v = llm_time_at(s, i)) != -1)
			llm_set_add(times, v);
	}
}

/* A phone number at s[i] (starting with +, 0 or "("; 9 digits or more):
 * its length, with its last 9 digits in *key; 0 when there is none. */
static size_t
llm_phone_at(const char *s, size_t i, long long *key)
{
	size_t	 n = i;
	int	 digits = 0;
	long long v = 0;

	if (s[i] != '+' && s[i] != '0' && s[i] != '(')
		return 0;
	while (s[n] != '\0' && strchr("0123456789 +-()", s[n]) != NULL) {
		if (isdigit((unsigned char)s[n])) {
			v = (v * 10 + (s[n] - '0')) % 1000000000LL;
			digits++;
		}
		n++;
	}
	if (digits < 9)
		return 0;
	*key = v;
	return n - i;
}

static void
llm_scan_phones(const char *s, struct llm_set *phones)
{
	size_t	 i = 0, n;
	long long key;

	while (s[i] != '\0') {
		if (i > 0 && (isalnum((unsigned char)s[i - 1]) ||
		    strchr("+-()", s[i - 1]) != NULL)) {
			i++;
			continue;
		}
		n = llm_phone_at(s, i, &key);
		if (n > 0)
			llm_set_add(phones, key);
		i += n > 0 ? n : 1;
	}
}

static void
llm_scan(const char *s, struct llm_seen *seen)
{
	if (s == NULL)
		return;
	llm_scan_numbers(s, seen);
	llm_scan_times(s, &seen->times);
	llm_scan_phones(s, &seen->phones);
}

/* The clinic's prices from its services, in minor units. */
static void
llm_scan_services(const struct clinic *c, struct llm_set *prices)
{
	json_object	*a, *p, *v;
	size_t		 i;

	if (!json_object_object_get_ex(c->doc, "services", &a))
		return;
	for (i = 0; i < json_object_array_length(a); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(a, i),
		    "price", &p) && json_object_object_get_ex(p, "amount", &v))
			llm_set_add(prices, json_object_get_int64(v));
}

/* Whether word w[0..n) occurs as a whole word in text. */
static int
llm_has_word(const char *text, const char *w, size_t n)
{
	const char	*p = text;

	while (text != NULL && (p = strstr(p, w)) != NULL) {
		if ((p == text || !llm_letter((unsigned char)p[-1])) &&
		    !llm_letter((unsigned char)p[n]))
			return 1;
		p++;
	}
	return 0;
}

/* The practitioners' names, one a line: a new string. */
static char *
llm_names(const struct clinic *c)
{
	json_object	*a;
	struct buf	 b;
	const char	*n;
	size_t		 i;

	buf_init(&b, 64 * 1024);
	buf_addstr(&b, "\n");
	if (json_object_object_get_ex(c->doc, "practitioners", &a))
		for (i = 0; i < json_object_array_length(a); i++)
			if ((n = util_json_str(json_object_array_get_idx(a, i),
			    "name", NULL)) != NULL) {
				buf_addstr(&b, n);
				buf_addstr(&b, "\n");
			}
	return b.data;
}

/* The length of a capitalised name word at s[i], 0 when there is none. */
static size_t
llm_name_word(const char *s, size_t i)
{
	size_t	 n = i;

	if (!isupper((unsigned char)s[i]) && (unsigned char)s[i] < 0xc0)
		return 0;
	while (llm_letter((unsigned char)s[n]) || s[n] == '-')
		n++;
	return n - i;
}

/* Whether word w of length n is followed by another word in names: a
 * first name, after which the surname is checked too. */
static int
llm_first_name(const char *names, const char *w, size_t n)
{
	const char	*p = names;

	while (names != NULL && (p = strstr(p, w)) != NULL) {
		if (p > names && !llm_letter((unsigned char)p[-1]) &&
		    p[n] == ' ')
			return 1;
		p++;
	}
	return 0;
}

/* Checks the names after the title that ends at s[i]. */
static int
llm_name_backed(const char *s, size_t i, const char *names,
    const char *more)
{
	size_t	 n;
	char	 w[128];

	if (s[i] == '.')
		i++;
	if (s[i] != ' ')
		return 1;
	i++;
	if ((n = llm_name_word(s, i)) == 0 || n >= sizeof(w))
		return 1;
	memcpy(w, s + i, n);
	w[n] = '\0';
	if (!llm_has_word(names, w, n) && !llm_has_word(more, w, n))
		return 0;
	if (!llm_first_name(names, w, n) || s[i + n] != ' ')
		return 1;
	i += n + 1;
	if ((n = llm_name_word(s, i)) == 0 || n >= sizeof(w))
		return 1;
	memcpy(w, s + i, n);
	w[n] = '\0';
	return llm_has_word(names, w, n) || llm_has_word(more, w, n);
}

static int
llm_check_names(const char *reply, const struct llm_ground *g)
{
	char	*names = llm_names(g->clinic);
	size_t	 i, n;
	int	 ok = 1;

	for (i = 0; ok && reply[i] != '\0'; i++) {
		if ((n = llm_list_at(reply, i, llm_titles)) != 0)
			ok = llm_name_backed(reply, i + n, names, g->tools);
		else if ((n = llm_list_at(reply, i, llm_plain_titles)) != 0)
			ok = llm_name_backed(reply, i + n, names, g->tools) ||
			    llm_name_backed(reply, i + n, g->patient, NULL);
	}
	free(names);
	return ok;
}

static int
llm_check_claims(const char *reply, const struct llm_ground *g)
{
	size_t	 i;
	int	 k;

	if (g->changed)
		return 1;
	for (i = 0; reply[i] != '\0'; i++) {
		if (llm_list_at(reply, i, llm_claims))
			return 0;
		for (k = 0; llm_claim_stems[k] != NULL; k++)
			if (llm_word_at(reply, i, llm_claim_stems[k], 0))
				return 0;
	}
	return 1;
}

/* A month name at s[i]: 1..12 with its length in *len, or 0. */
static int
llm_month_at(const char *s, size_t i, size_t *len)
{
	int	 m;

	for (m = 1; m <= 12; m++)
		if (llm_word_at(s, i, llm_month_name(m), 1)) {
			*len = strlen(llm_month_name(m));
			return m;
		}
	return 0;
}

/* A day of the month at s[i] ("8", "12th"): 1..31, its length in *len. */
static int
llm_mday_at(const char *s, size_t i, size_t *len)
{
	static const char *ord[] = { "st", "nd", "rd", "th", NULL };
	size_t	 n = i;
	int	 d = 0, k;

	while (isdigit((unsigned char)s[n]) && n - i < 3)
		d = d * 10 + (s[n++] - '0');
	if (n == i || n - i > 2 || d < 1 || d > 31)
		return 0;
	for (k = 0; ord[k] != NULL; k++)
		if (strncmp(s + n, ord[k], 2) == 0 &&
		    !llm_letter((unsigned char)s[n + 2]))
			n += 2;
	if (isdigit((unsigned char)s[n]) || s[n] == ':')
		return 0;
	*len = n - i;
	return d;
}

/* The date a day (and month, 0 when not given) most likely means. */
static long
llm_resolve(long today, int mon, int mday)
{
	int	 y, m, d, yy, mm, dd;
	char	 s[16];

	llm_civil(today, &y, &m, &d);
	if (mon == 0) {
		mon = m;
		if (mday < d && ++mon > 12) {
			mon = 1;
			y++;
		}
	} else if (llm_days(y, mon, mday) < today - 180)
		y++;
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, mon, mday);
	if (llm_date_parse(s, &yy, &mm, &dd) == -1)
		return -1;
	return llm_days(yy, mm, dd);
}

/* Checks "Tuesday 8 December", "Friday the 12th", "Monday, December 14". */
static int
llm_weekday_ok(const char *s, size_t i, int wday, long today)
{
	size_t	 n;
	int	 mon, mday;
	long	 days;

	if (s[i] == ',')
		i++;
	if (s[i++] != ' ')
		return 1;
	if ((mon = llm_month_at(s, i, &n)) != 0) {
		i += n;
		if (s[i++] != ' ')
			return 1;
	} else if (strncasecmp(s + i, "the ", 4) == 0)
		i += 4;
	if ((mday = llm_mday_at(s, i, &n)) == 0)
		return 1;
	i += n;
	if (mon == 0 && s[i] == ' ' && strncmp(s + i + 1, "of ", 3) == 0)
		i += 3;
	if (mon == 0 && s[i] == ' ')
		mon = llm_month_at(s, i + 1, &n);
	days = llm_resolve(today, mon, mday);
	return days != -1 && llm_wday(days) == wday;
}

static int
llm_check_weekdays(const char *reply, long today)
{
	size_t	 i, n;
	int	 w;

	for (i = 0; reply[i] != '\0'; i++)
		for (w = 0; w < 7; w++) {
			n = strlen(llm_weekday_name(w));
			if (llm_word_at(reply, i, llm_weekday_name(w), 1) &&
			    !llm_weekday_ok(reply, i + n, w, today))
				return 0;
		}
	return 1;
}

/* s as lowercase words separated by single spaces, with a space at each
 * end: a new string. */
static char *
llm_words(const char *s)
{
	char	*w = malloc(strlen(s) + 3), *p = w;
	int	 gap = 1;

	if (w == NULL)
		return NULL;
	*p++ = ' ';
	for (; *s != '\0'; s++) {
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80) {
			*p++ = (char)tolower((unsigned char)*s);
			gap = 0;
		} else if (!gap) {
			*p++ = ' ';
			gap = 1;
		}
	}
	if (!gap)
		*p++ = ' ';
	*p = '\0';
	return w;
}

/* Whether some LLM_SHINGLE words in a row of rules recur in reply. */
static int
llm_echoes(const char *reply, const char *rules)
{
	char	*r = llm_words(reply), *x = llm_words(rules), *p, *q, save;
	int	 k, hit = 0;

	for (p = x; r != NULL && p != NULL && !hit && *p != '\0'; ) {
		for (q = p + 1, k = 0; *q != '\0' && k < LLM_SHINGLE; q++)
			if (*q == ' ')
				k++;
		if (k < LLM_SHINGLE)
			break;
		save = *q;
		*q = '\0';
		hit = strstr(r, p) != NULL;
		*q = save;
		p = strchr(p + 1, ' ');
	}
	free(r);
	free(x);
	return hit;
}

static int
llm_check_values(const char *reply, const struct llm_ground *g,
    const char **why)
{
	struct llm_seen	*said, *known;
	int		 rc = -1;

	said = calloc(1, sizeof(*said));
	known = calloc(1, sizeof(*known));
	if (said == NULL || known == NULL) {
		*why = "memory";
		goto out;
	}
	llm_scan(reply, said);
	llm_scan(json_object_to_json_string(g->clinic->doc), known);
	llm_scan(g->prompt, known);
	llm_scan(g->tools, known);
	llm_scan_services(g->clinic, &known->prices);
	if (g->patient != NULL)
		llm_scan_times(g->patient, &known->times);
	if (!llm_set_backed(&said->prices, &known->prices, NULL))
		*why = "price";
	else if (!llm_set_backed(&said->percents, &known->percents, NULL))
		*why = "percent";
	else if (!llm_set_backed(&said->times, &known->times, NULL))
		*why = "time";
	else if (!llm_set_backed(&said->phones, &known->phones, NULL))
		*why = "phone";
	else
		rc = 0;
out:
	free(said);
	free(known);
	return rc;
}

int
llm_check_reply(const char *reply, const struct llm_ground *g,
    const char **why)
{
	*why = NULL;
	if ((g->canary != NULL && strstr(reply, g->canary) != NULL) ||
	    (g->rules != NULL && llm_echoes(reply, g->rules)))
		*why = "prompt";
	else if (llm_check_values(reply, g, why) == -1)
		return -1;
	else if (!llm_check_names(reply, g))
		*why = "name";
	else if (!llm_check_claims(reply, g))
		*why = "claim";
	else if (!llm_check_weekdays(reply, g->today))
		*why = "weekday";
	return *why == NULL ? 0 : -1;
}
