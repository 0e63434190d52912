/* layout_fonts — one fontconfig configuration, font map and measuring
 * context per process.  See layout_fonts.h. */
#include "layout/layout_fonts.h"
#include "../core/i18n.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

#include "core/datadir.h"
#include "core/strbuf.h"

typedef struct {
    char *family;
    char *substitute;   /* NULL when the family itself is installed */
} subst_entry;

struct layout_fonts {
    FcConfig *config;
    PangoFontMap *map;
    PangoContext *context;
    char *config_path;
    subst_entry *subst;
    size_t nsubst, capsubst;
};

static layout_fonts *the_fonts;

/* fonts.conf as src/core/datadir.h finds it, or NULL (the system
 * configuration) when it is found nowhere. */
static char *find_config(void)
{
    datadir_origin o;
    char *p = datadir_path("fonts.conf", &o);
    if (o == DATADIR_MISSING) {
        free(p);
        return NULL;
    }
    return p;
}

layout_fonts *layout_fonts_get(char **err)
{
    if (err)
        *err = NULL;
    if (the_fonts)
        return the_fonts;

    char *path = find_config();
    FcConfig *cfg;
    if (path) {
        cfg = FcConfigCreate();
        if (!cfg || !FcConfigParseAndLoad(cfg, (const FcChar8 *)path, FcTrue) || !FcConfigBuildFonts(cfg)) {
            if (err)
                *err = xasprintf(_("The font configuration %s could not be loaded."), path);
            if (cfg)
                FcConfigDestroy(cfg);
            free(path);
            return NULL;
        }
    } else {
        cfg = FcInitLoadConfigAndFonts();
        if (!cfg) {
            if (err)
                *err = xstrdup(_("The system font configuration could not be loaded."));
            return NULL;
        }
    }

    layout_fonts *f = xcalloc(1, sizeof *f);
    f->config = cfg;
    f->config_path = path ? path : xstrdup("");
    f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!f->map) {
        if (err)
            *err = xstrdup(_("The pango font map could not be created."));
        FcConfigDestroy(cfg);
        free(f->config_path);
        free(f);
        return NULL;
    }
    /* pango takes its own reference to the configuration. */
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), cfg);

    f->context = pango_font_map_create_context(f->map);
    pango_cairo_context_set_resolution(f->context, 72.0);
    pango_context_set_language(f->context, pango_language_from_string("zh-cn"));
    pango_context_set_round_glyph_positions(f->context, FALSE);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(f->context, fo);
    cairo_font_options_destroy(fo);

    the_fonts = f;
    return f;
}

PangoContext *layout_fonts_context(layout_fonts *f)
{
    return f->context;
}

const char *layout_fonts_config_path(const layout_fonts *f)
{
    return f->config_path;
}

/* fontconfig compares family names ignoring case and blanks. */
static bool family_equal(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (ca != cb)
            return false;
        if (!ca)
            return true;
        a++;
        b++;
    }
}

static char *match_family(FcConfig *cfg, const char *family)
{
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddString(p, FC_LANG, (const FcChar8 *)"zh-cn");
    FcConfigSubstitute(cfg, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(cfg, p, &res);
    FcPatternDestroy(p);
    if (!m)
        return xstrdup("(none)");
    char *out = NULL;
    FcChar8 *s;
    bool same = false;
    for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &s) == FcResultMatch; i++) {
        if (i == 0)
            out = xstrdup((const char *)s);
        if (family_equal((const char *)s, family))
            same = true;
    }
    FcPatternDestroy(m);
    if (same) {
        free(out);
        return NULL;
    }
    return out ? out : xstrdup("(none)");
}

const char *layout_fonts_substitute(layout_fonts *f, const char *family)
{
    for (size_t i = 0; i < f->nsubst; i++)
        if (!strcmp(f->subst[i].family, family))
            return f->subst[i].substitute;
    if (f->nsubst == f->capsubst) {
        f->capsubst = f->capsubst ? 2 * f->capsubst : 16;
        f->subst = xrealloc(f->subst, f->capsubst * sizeof *f->subst);
    }
    subst_entry *e = &f->subst[f->nsubst++];
    e->family = xstrdup(family);
    e->substitute = match_family(f->config, family);
    return e->substitute;
}

void layout_fonts_shutdown(void)
{
    layout_fonts *f = the_fonts;
    if (!f)
        return;
    the_fonts = NULL;
    g_object_unref(f->context);
    g_object_unref(f->map);
    FcConfigDestroy(f->config);
    for (size_t i = 0; i < f->nsubst; i++) {
        free(f->subst[i].family);
        free(f->subst[i].substitute);
    }
    free(f->subst);
    free(f->config_path);
    free(f);
}
