/* layout_fonts — the process-wide font set-up for the PDF renderer.
 *
 * Loading fontconfig's configuration and the pango font map costs tens of
 * milliseconds and the font caches are what make later documents fast, so
 * there is exactly one font context per process: layout_fonts_get creates
 * it on first use and returns the same one afterwards.  It is never freed
 * while the process runs (layout_fonts_shutdown exists for leak checkers).
 *
 * The configuration is the project's fonts/fonts.conf (which includes the
 * system configuration and maps the Chinese office fonts to free stand-ins).
 * It is the data item "fonts.conf" of src/core/datadir.h: $JIXIAO_FONTS_CONF
 * (an error when that file cannot be loaded), else the installed
 * share/jixiao/fonts/fonts.conf, else the source tree's for a binary run from
 * its build directory.  Without any of them the system configuration is used
 * and layout_fonts_config_path returns "".
 *
 * The pango context measures at 72 dpi (1 pt = 1 user unit), language
 * zh-cn, with hint metrics and position rounding off, so that measured
 * widths are the fonts' design widths scaled, independent of any device. */
#ifndef JX_LAYOUT_FONTS_H
#define JX_LAYOUT_FONTS_H

#include <stdbool.h>
#include <pango/pango.h>

typedef struct layout_fonts layout_fonts;

/* The process's font context; NULL if fontconfig could not be initialised,
 * with *err (if not NULL) set to a malloc'd sentence the caller frees. */
layout_fonts *layout_fonts_get(char **err);

/* The shared measuring context (owned by the font context). */
PangoContext *layout_fonts_context(layout_fonts *f);

/* The configuration file in use, or "" for the system configuration. */
const char *layout_fonts_config_path(const layout_fonts *f);

/* The family fontconfig really uses when `family` is asked for (with
 * language zh-cn), or NULL when the family itself is installed.  Results
 * are cached for the process; the returned string belongs to the context. */
const char *layout_fonts_substitute(layout_fonts *f, const char *family);

/* Frees the context (for leak checkers at exit; later calls to
 * layout_fonts_get create a new one). */
void layout_fonts_shutdown(void);

#endif
