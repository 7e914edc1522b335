/*
 * Translated texts from gettext catalogs.  Each module keeps its own
 * catalogs in po/DOMAIN/LANG.po (msgid: the English text), compiled to
 * locale/LANG/LC_MESSAGES/frontdesk-DOMAIN.mo under data_dir.
 */
#ifndef FD_I18N_H
#define FD_I18N_H

/*
 * The text of msgid in lang from the catalog of domain (borrowed, valid
 * until the next call with another language), or msgid itself when the
 * catalog has no translation.  lang is an ISO 639-1 code.
 */
const char	*i18n_tr(const char *domain, const char *lang,
		    const char *msgid);

#endif
