/* i18n — the program's messages in Chinese (the default) or English.
 *
 * Messages are written in English in the source and marked: _("...") where
 * the text is used, N_("...") where it is only stored (tables) and passed
 * through _() later.  diag_add/diag_vadd translate their format themselves.
 * xgettext extracts them into po/jixiao.pot; po/zh_CN.po holds the Chinese,
 * compiled with msgfmt at build time and embedded in the binary (see
 * docs/i18n.md).
 *
 * Why the catalog is embedded and looked up here instead of through glibc's
 * gettext(): the program runs on county servers that typically have only
 * C.UTF-8 (no zh_CN locale generated) or no locale at all, and glibc's
 * gettext returns every msgid untranslated in the C locale.  Chinese must
 * nevertheless be the default there, and the binary must work without being
 * installed.
 *
 * Language choice, made once per process: the first of LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG that is set and non-empty decides, in that order — the
 * order gettext itself uses, so a user who already set LANGUAGE=en or
 * LANG=en_US.UTF-8 for other tools gets English here too.
 *   - LANGUAGE is a colon list: its first entry naming English ("en…") or
 *     Chinese ("zh…") decides; other languages are skipped, since there is no
 *     catalog for them; a list with neither leaves the choice to the next
 *     variable.
 *   - LC_ALL / LC_MESSAGES / LANG: "en…" → English; "zh…", "C", "C.…",
 *     "POSIX" → Chinese (C is what a fresh server has, and its users are the
 *     bureau's clerks); any other language → English, the gettext fallback
 *     for a language without a catalog.
 *   - nothing set → Chinese.
 *
 * Thread-safe: the catalog is validated and the language chosen once, under
 * pthread_once, and only read afterwards. */
#ifndef JX_I18N_H
#define JX_I18N_H

#include <stdbool.h>
#include <stddef.h>

#define _(s) jx_gettext(s)
#define N_(s) s

/* The translation of msgid in the chosen language; msgid itself when the
 * language is English or the catalog has no (non-empty) entry.  Never NULL
 * for a non-NULL msgid; the result lives as long as the process. */
const char *jx_gettext(const char *msgid);

/* True when messages are shown in English. */
bool jx_lang_english(void);

/* The message for an errno value as a file tool meets it, translated.
 * Independent of the C library's locale (strerror stays English on a server
 * without Chinese locales).  Unknown values give a generic text with the
 * number. The result is valid until the next call from the same thread. */
const char *jx_strerror(int err);

/* Library texts (libyaml, libzip) marked for the catalog; NULL-terminated.
 * See i18n_libs.c. */
extern const char *const jx_library_msgids[];

/* For tests: decide the language from these values (NULL = unset) without
 * touching the process's choice.  Returns true for English. */
bool jx_lang_pick_english(const char *language, const char *lc_all,
                          const char *lc_messages, const char *lang);

/* For tests: look msgid up in a .mo image (either byte order).  Returns the
 * translation, or NULL when the image is invalid or has no such entry. */
const char *jx_mo_lookup(const unsigned char *mo, size_t len, const char *msgid);

/* The embedded catalog, generated at build time from po/zh_CN.po. */
extern const unsigned char jx_catalog_zh_CN[];
extern const size_t jx_catalog_zh_CN_len;

#endif
