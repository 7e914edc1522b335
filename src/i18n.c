/*
 * gettext with a language chosen per call: LANGUAGE is switched and the
 * catalog cache told, under a C.UTF-8 locale.  Workers are
 * single-threaded, so the switch is safe.
 */
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "i18n.h"

extern int _nl_msg_cat_cntr;

#define I18N_DOMAINS_MAX	16

static char	 i18n_bound[I18N_DOMAINS_MAX][32];
static int	 i18n_nbound;
static char	 i18n_lang[8];
static int	 i18n_ready;

static void
i18n_setup(void)
{
	if (i18n_ready)
		return;
	setlocale(LC_MESSAGES, "C.UTF-8");
	setlocale(LC_CTYPE, "C.UTF-8");
	i18n_ready = 1;
}

/* Binds frontdesk-DOMAIN once; returns the full domain name. */
static const char *
i18n_bind(const char *domain, char *full, size_t fullsz)
{
	char	 dir[4096];
	int	 i;

	snprintf(full, fullsz, "frontdesk-%s", domain);
	for (i = 0; i < i18n_nbound; i++)
		if (strcmp(i18n_bound[i], full) == 0)
			return full;
	snprintf(dir, sizeof(dir), "%s/locale", conf_str("data_dir"));
	bindtextdomain(full, dir);
	bind_textdomain_codeset(full, "UTF-8");
	if (i18n_nbound < I18N_DOMAINS_MAX)
		snprintf(i18n_bound[i18n_nbound++], sizeof(i18n_bound[0]),
		    "%s", full);
	return full;
}

const char *
i18n_tr(const char *domain, const char *lang, const char *msgid)
{
	char	 full[48];

	if (lang == NULL || strcmp(lang, "en") == 0 || strlen(lang) != 2)
		return msgid;
	i18n_setup();
	if (strcmp(lang, i18n_lang) != 0) {
		snprintf(i18n_lang, sizeof(i18n_lang), "%s", lang);
		setenv("LANGUAGE", lang, 1);
		++_nl_msg_cat_cntr;
	}
	return dgettext(i18n_bind(domain, full, sizeof(full)), msgid);
}
