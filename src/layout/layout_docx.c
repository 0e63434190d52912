/* layout_docx — WordprocessingML → layout_doc: reads the parts, resolves
 * styles and builds the model.  See layout_doc.h; the supported subset is
 * listed in docs/rendering.md. */
#include "layout/layout_doc.h"
#include "../core/i18n.h"
#include "layout/layout_limits.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <glib.h>
#include "layout/layout_image.h"

#include "core/strbuf.h"
#include "core/utf8.h"
#include "docx/docx_limits.h"
#include "docx/docx_wml.h"

#define W_NS  "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define WP_NS "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define A_NS  "http://schemas.openxmlformats.org/drawingml/2006/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define PR_NS "http://schemas.openxmlformats.org/package/2006/relationships"

/* Nesting bounds: untrusted documents must not recurse without end. */
#define MAX_DEPTH        48
#define MAX_TABLE_DEPTH  8
#define MAX_STYLE_CHAIN  16
#define MAX_GRID_COLS    512

typedef struct {
    const char *id;
    int type;                   /* 'p', 'c', 't' */
    xmlNode *node;
    const char *based_on;
    bool is_default;
} style;

typedef struct {
    const char *id, *target;    /* target: full part name */
    bool external;
} rel;

typedef struct {
    rel *items;
    size_t n;
} rels;

typedef struct {
    const layout_source *src;
    diag_list *diags;
    arena *a;
    style *styles;
    size_t nstyles;
    xmlNode *ppr_default, *rpr_default;
    const style *default_pstyle, *default_tstyle;
    const char *theme_minor_latin, *theme_minor_ea, *theme_major_latin, *theme_major_ea;
    /* element names already warned about, so each is reported once */
    char **warned;
    size_t nwarned, capwarned;
    int table_depth;
    bool rtl_warned;
    /* the text run add_text last wrote, with room to grow in place, so a
     * paragraph of many same-formatted runs is joined in linear time */
    const layout_run *mrun;
    char *mtext;
    size_t mlen, mcap;
    int npara;                  /* paragraphs read so far in the part, for messages */
    const char *npara_part;
    bool refused;               /* a paragraph passed a limit: there is no document */
} loader;

/* ---- small XML helpers ------------------------------------------------ */

static bool in_ns(const xmlNode *n, const char *ns)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

static bool is_w(const xmlNode *n, const char *name)
{
    return in_ns(n, W_NS) && !strcmp((const char *)n->name, name);
}

static const char *attr_ns(const xmlNode *n, const char *name, const char *ns)
{
    if (!n)
        return NULL;
    xmlAttr *a = xmlHasNsProp((xmlNode *)n, (const xmlChar *)name, (const xmlChar *)ns);
    if (!a || !a->children || a->children->type != XML_TEXT_NODE)
        return NULL;
    return (const char *)a->children->content;
}

static const char *wattr(const xmlNode *n, const char *name)
{
    return attr_ns(n, name, W_NS);
}

static xmlNode *wchild(const xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next)
        if (is_w(c, name))
            return c;
    return NULL;
}

static const char *wchild_val(const xmlNode *n, const char *name)
{
    return wattr(wchild(n, name), "val");
}

static double num(const char *s, double dflt)
{
    if (!s || !*s)
        return dflt;
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        return dflt;
    if (v > 1e7)
        v = 1e7;
    if (v < -1e7)
        v = -1e7;
    return v;
}

/* An ST_OnOff: absent val means on. */
static bool onoff(const xmlNode *n)
{
    const char *v = wattr(n, "val");
    return !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0);
}

static uint32_t hex_color(const char *s, uint32_t dflt)
{
    if (!s || !strcmp(s, "auto") || strlen(s) != 6)
        return dflt;
    char *end;
    unsigned long v = strtoul(s, &end, 16);
    return *end ? dflt : (uint32_t)v;
}

static void warn_once(loader *L, const char *what, const char *fmt_context)
{
    for (size_t i = 0; i < L->nwarned; i++)
        if (!strcmp(L->warned[i], what))
            return;
    if (L->nwarned == L->capwarned) {
        L->capwarned = L->capwarned ? 2 * L->capwarned : 16;
        L->warned = xrealloc(L->warned, L->capwarned * sizeof *L->warned);
    }
    L->warned[L->nwarned++] = xstrdup(what);
    diag_loc loc = {.part = "word/document.xml"};
    diag_add(L->diags, DIAG_WARNING, loc, "render.unsupported",
             "The PDF renderer does not support %s (%s); it is left out of the PDF.", what, fmt_context);
}

static void warn_elem(loader *L, const xmlNode *n, const char *context)
{
    char what[160];
    const char *prefix = n->ns && n->ns->prefix ? (const char *)n->ns->prefix : "";
    snprintf(what, sizeof what, "%s%s%s", prefix, *prefix ? ":" : "", (const char *)n->name);
    warn_once(L, what, context);
}

static bool name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(name, *list))
            return true;
    return false;
}

/* ---- relationships and theme ----------------------------------------- */

/* Resolves `target` against the folder of part `base` ("word/x.xml"). */
static char *resolve_target(arena *a, const char *base, const char *target)
{
    if (target[0] == '/')
        return arena_strdup(a, target + 1);
    strbuf b = STRBUF_INIT;
    const char *slash = strrchr(base, '/');
    if (slash)
        strbuf_add(&b, base, (size_t)(slash - base + 1));
    strbuf_adds(&b, target);
    /* fold "dir/../" */
    char *s = b.data;
    char *p;
    while ((p = strstr(s, "/../")) != NULL) {
        char *start = p;
        while (start > s && start[-1] != '/')
            start--;
        memmove(start, p + 4, strlen(p + 4) + 1);
    }
    while (strncmp(s, "../", 3) == 0)
        memmove(s, s + 3, strlen(s + 3) + 1);
    char *out = arena_strdup(a, s);
    strbuf_free(&b);
    return out;
}

static rels load_rels(loader *L, const char *part)
{
    rels r = {0};
    char relname[600];
    const char *slash = strrchr(part, '/');
    if (slash)
        snprintf(relname, sizeof relname, "%.*s_rels/%s.rels", (int)(slash - part + 1), part, slash + 1);
    else
        snprintf(relname, sizeof relname, "_rels/%s.rels", part);
    xmlDoc *d = L->src->xml(L->src->ctx, relname);
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    if (!root)
        return r;
    size_t cap = 0;
    for (xmlNode *c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "Relationship"))
            continue;
        xmlChar *id = xmlGetProp(c, (const xmlChar *)"Id");
        xmlChar *target = xmlGetProp(c, (const xmlChar *)"Target");
        xmlChar *mode = xmlGetProp(c, (const xmlChar *)"TargetMode");
        if (id && target) {
            if (r.n == cap) {
                cap = cap ? 2 * cap : 16;
                rel *ni = arena_alloc(L->a, cap * sizeof *ni);
                if (r.n)
                    memcpy(ni, r.items, r.n * sizeof *ni);
                r.items = ni;
            }
            rel *e = &r.items[r.n++];
            e->id = arena_strdup(L->a, (const char *)id);
            e->external = mode && !strcmp((const char *)mode, "External");
            e->target = e->external ? arena_strdup(L->a, (const char *)target)
                                    : resolve_target(L->a, part, (const char *)target);
        }
        xmlFree(id);
        xmlFree(target);
        xmlFree(mode);
    }
    return r;
}

static const char *rel_target(const rels *r, const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->items[i].id, id))
            return r->items[i].external ? NULL : r->items[i].target;
    return NULL;
}

static xmlNode *find_desc(xmlNode *n, const char *ns, const char *name, int depth)
{
    if (!n || depth > MAX_DEPTH)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (in_ns(c, ns) && !strcmp((const char *)c->name, name))
            return c;
        xmlNode *f = find_desc(c, ns, name, depth + 1);
        if (f)
            return f;
    }
    return NULL;
}

static const char *theme_face(loader *L, xmlNode *font, bool ea)
{
    if (!font)
        return NULL;
    for (xmlNode *c = font->children; c; c = c->next) {
        if (!in_ns(c, A_NS))
            continue;
        const char *face = (const char *)xmlHasProp(c, (const xmlChar *)"typeface") ?
            (const char *)xmlHasProp(c, (const xmlChar *)"typeface")->children->content : NULL;
        if (!face)
            continue;
        if (!ea && !strcmp((const char *)c->name, "latin") && *face)
            return arena_strdup(L->a, face);
        if (ea && !strcmp((const char *)c->name, "ea") && *face)
            return arena_strdup(L->a, face);
    }
    if (ea) {   /* an empty <a:ea/>: the face for simplified Chinese */
        for (xmlNode *c = font->children; c; c = c->next) {
            if (!in_ns(c, A_NS) || strcmp((const char *)c->name, "font"))
                continue;
            xmlAttr *s = xmlHasProp(c, (const xmlChar *)"script");
            xmlAttr *t = xmlHasProp(c, (const xmlChar *)"typeface");
            if (s && t && s->children && t->children && !strcmp((const char *)s->children->content, "Hans"))
                return arena_strdup(L->a, (const char *)t->children->content);
        }
    }
    return NULL;
}

static void load_theme(loader *L)
{
    xmlDoc *d = L->src->xml(L->src->ctx, "word/theme/theme1.xml");
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    if (!root)
        return;
    xmlNode *minor = find_desc(root, A_NS, "minorFont", 0);
    xmlNode *major = find_desc(root, A_NS, "majorFont", 0);
    L->theme_minor_latin = theme_face(L, minor, false);
    L->theme_minor_ea = theme_face(L, minor, true);
    L->theme_major_latin = theme_face(L, major, false);
    L->theme_major_ea = theme_face(L, major, true);
}

/* ---- styles ----------------------------------------------------------- */

static void load_styles(loader *L)
{
    xmlDoc *d = L->src->xml(L->src->ctx, "word/styles.xml");
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    if (!root)
        return;
    xmlNode *defs = wchild(root, "docDefaults");
    L->rpr_default = wchild(wchild(defs, "rPrDefault"), "rPr");
    L->ppr_default = wchild(wchild(defs, "pPrDefault"), "pPr");
    size_t n = 0;
    for (xmlNode *c = root->children; c; c = c->next)
        n += is_w(c, "style");
    L->styles = arena_alloc(L->a, (n ? n : 1) * sizeof *L->styles);
    for (xmlNode *c = root->children; c; c = c->next) {
        if (!is_w(c, "style"))
            continue;
        style *s = &L->styles[L->nstyles++];
        const char *type = wattr(c, "type");
        s->type = !type ? 'p' : !strcmp(type, "paragraph") ? 'p' : !strcmp(type, "character") ? 'c'
                : !strcmp(type, "table") ? 't' : 'n';
        s->id = wattr(c, "styleId");
        s->node = c;
        s->based_on = wchild_val(c, "basedOn");
        const char *def = wattr(c, "default");
        s->is_default = def && (!strcmp(def, "1") || !strcmp(def, "true"));
        if (s->is_default && s->type == 'p' && !L->default_pstyle)
            L->default_pstyle = s;
        if (s->is_default && s->type == 't' && !L->default_tstyle)
            L->default_tstyle = s;
    }
}

static const style *find_style(const loader *L, const char *id, int type)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < L->nstyles; i++)
        if (L->styles[i].id && L->styles[i].type == type && !strcmp(L->styles[i].id, id))
            return &L->styles[i];
    return NULL;
}

static const char *theme_font(const loader *L, const char *theme)
{
    if (!theme)
        return NULL;
    bool major = !strncmp(theme, "major", 5);
    bool ea = strstr(theme, "EastAsia") != NULL;
    if (major)
        return ea ? L->theme_major_ea : L->theme_major_latin;
    return ea ? L->theme_minor_ea : L->theme_minor_latin;
}

static const char *const rpr_quiet[] = {
    "rStyle", "bCs", "iCs", "szCs", "lang", "kern", "noProof", "webHidden", "snapToGrid", "cs", "rtl",
    "specVanish", "oMath", "fitText", "w", "eastAsianLayout", NULL};

static void apply_rpr(loader *L, layout_rpr *r, const xmlNode *rpr)
{
    if (!rpr)
        return;
    for (xmlNode *c = rpr->children; c; c = c->next) {
        if (!in_ns(c, W_NS))
            continue;
        const char *n = (const char *)c->name;
        if (!strcmp(n, "rFonts")) {
            const char *v;
            if ((v = theme_font(L, wattr(c, "asciiTheme"))) || (v = theme_font(L, wattr(c, "hAnsiTheme"))))
                r->font_ascii = v;
            if ((v = wattr(c, "ascii")) || (v = wattr(c, "hAnsi")))
                r->font_ascii = v;
            if ((v = theme_font(L, wattr(c, "eastAsiaTheme"))))
                r->font_ea = v;
            if ((v = wattr(c, "eastAsia")))
                r->font_ea = v;
            if ((v = wattr(c, "hint")))
                r->hint_ea = !strcmp(v, "eastAsia");
        } else if (!strcmp(n, "sz")) {
            double v = num(wattr(c, "val"), -1);
            if (v >= 2 && v <= 3276)
                r->size = v / 2;
        } else if (!strcmp(n, "b")) {
            r->bold = onoff(c);
        } else if (!strcmp(n, "i")) {
            r->italic = onoff(c);
        } else if (!strcmp(n, "u")) {
            const char *v = wattr(c, "val");
            r->underline = v && strcmp(v, "none") != 0;
        } else if (!strcmp(n, "strike") || !strcmp(n, "dstrike")) {
            r->strike = onoff(c);
        } else if (!strcmp(n, "vanish")) {
            r->vanish = onoff(c);
        } else if (!strcmp(n, "color")) {
            r->color = hex_color(wattr(c, "val"), 0);
        } else if (!strcmp(n, "vertAlign")) {
            const char *v = wattr(c, "val");
            r->vert = !v ? 0 : !strcmp(v, "superscript") ? 1 : !strcmp(v, "subscript") ? 2 : 0;
        } else if (!strcmp(n, "spacing")) {
            r->spacing = num(wattr(c, "val"), 0) / 20.0;
        } else if (!name_in(n, rpr_quiet)) {
            warn_elem(L, c, _("run property"));
        }
    }
}

/* Indents given in hundredths of a character are resolved against the
 * paragraph's font size once everything is known. */
typedef struct {
    layout_ppr p;
    double first_chars, left_chars, right_chars;    /* < 0: not given */
    double before_lines, after_lines;
} ppr_state;

static const char *const ppr_quiet[] = {
    "pStyle", "rPr", "sectPr", "textAlignment", "adjustRightInd", "kinsoku",
    "wordWrap", "overflowPunct", "topLinePunct", "suppressAutoHyphens", "suppressLineNumbers", "bidi",
    "divId", "cnfStyle", "suppressOverlap", "pPrChange", "mirrorIndents", NULL};

static void apply_ppr(loader *L, ppr_state *s, const xmlNode *ppr)
{
    if (!ppr)
        return;
    layout_ppr *p = &s->p;
    for (xmlNode *c = ppr->children; c; c = c->next) {
        if (!in_ns(c, W_NS))
            continue;
        const char *n = (const char *)c->name;
        if (!strcmp(n, "jc")) {
            const char *v = wattr(c, "val");
            if (!v)
                continue;
            if (!strcmp(v, "center"))
                p->align = LAYOUT_ALIGN_CENTER;
            else if (!strcmp(v, "right") || !strcmp(v, "end"))
                p->align = LAYOUT_ALIGN_RIGHT;
            else if (!strcmp(v, "both") || strstr(v, "Kashida"))
                p->align = LAYOUT_ALIGN_JUSTIFY;
            else if (!strcmp(v, "distribute") || !strcmp(v, "thaiDistribute"))
                p->align = LAYOUT_ALIGN_DISTRIBUTE;
            else
                p->align = LAYOUT_ALIGN_LEFT;
        } else if (!strcmp(n, "ind")) {
            const char *v;
            if ((v = wattr(c, "left")) || (v = wattr(c, "start")))
                p->ind_left = num(v, 0) / 20, s->left_chars = -1;
            if ((v = wattr(c, "right")) || (v = wattr(c, "end")))
                p->ind_right = num(v, 0) / 20, s->right_chars = -1;
            if ((v = wattr(c, "firstLine")))
                p->ind_first = num(v, 0) / 20, s->first_chars = -1;
            if ((v = wattr(c, "hanging")))
                p->ind_first = -num(v, 0) / 20, s->first_chars = -1;
            if ((v = wattr(c, "leftChars")) || (v = wattr(c, "startChars")))
                s->left_chars = num(v, 0);
            if ((v = wattr(c, "rightChars")) || (v = wattr(c, "endChars")))
                s->right_chars = num(v, 0);
            if ((v = wattr(c, "firstLineChars")))
                s->first_chars = num(v, 0);
            if ((v = wattr(c, "hangingChars")))
                s->first_chars = -num(v, 0) - 0.0001;   /* negative and distinguishable from "unset" */
        } else if (!strcmp(n, "spacing")) {
            const char *v;
            if ((v = wattr(c, "before")))
                p->space_before = num(v, 0) / 20, s->before_lines = -1;
            if ((v = wattr(c, "after")))
                p->space_after = num(v, 0) / 20, s->after_lines = -1;
            if ((v = wattr(c, "beforeLines")))
                s->before_lines = num(v, 0);
            if ((v = wattr(c, "afterLines")))
                s->after_lines = num(v, 0);
            if ((v = wattr(c, "line"))) {
                const char *rule = wattr(c, "lineRule");
                double lv = num(v, 240);
                if (rule && !strcmp(rule, "exact"))
                    p->line_rule = LAYOUT_LINE_EXACT, p->line = lv / 20;
                else if (rule && !strcmp(rule, "atLeast"))
                    p->line_rule = LAYOUT_LINE_ATLEAST, p->line = lv / 20;
                else
                    p->line_rule = LAYOUT_LINE_AUTO, p->line = lv > 0 ? lv / 240 : 1;
            }
        } else if (!strcmp(n, "keepNext")) {
            p->keep_next = onoff(c);
        } else if (!strcmp(n, "keepLines")) {
            p->keep_lines = onoff(c);
        } else if (!strcmp(n, "pageBreakBefore")) {
            p->page_break_before = onoff(c);
        } else if (!strcmp(n, "widowControl")) {
            p->widow = onoff(c);
        } else if (!strcmp(n, "autoSpaceDE") || !strcmp(n, "autoSpaceDN")) {
            p->autospace = onoff(c);
        } else if (!strcmp(n, "snapToGrid")) {
            p->snap_grid = onoff(c);
        } else if (!strcmp(n, "contextualSpacing")) {
            p->contextual = onoff(c);
        } else if (!strcmp(n, "outlineLvl")) {
            double v = num(wattr(c, "val"), 9);
            p->outline = v >= 0 && v < 9 ? (int)v : -1;
        } else if (!strcmp(n, "tabs")) {
            size_t cnt = 0;
            for (xmlNode *t = c->children; t; t = t->next)
                cnt += is_w(t, "tab");
            layout_tab *tabs = arena_alloc(L->a, (cnt + p->ntabs + 1) * sizeof *tabs);
            size_t k = 0;
            for (size_t i = 0; i < p->ntabs; i++)
                tabs[k++] = p->tabs[i];
            for (xmlNode *t = c->children; t; t = t->next) {
                if (!is_w(t, "tab"))
                    continue;
                const char *val = wattr(t, "val");
                double pos = num(wattr(t, "pos"), 0) / 20;
                if (val && !strcmp(val, "clear")) {
                    for (size_t i = 0; i < k; i++)
                        if (tabs[i].pos == pos)
                            tabs[i] = tabs[--k], i--;
                    continue;
                }
                int al = !val ? 0 : !strcmp(val, "center") ? 1 : (!strcmp(val, "right") || !strcmp(val, "end")) ? 2 : 0;
                if (val && !strcmp(val, "decimal"))
                    warn_once(L, _("decimal tab stops"), _("treated as right-aligned")), al = 2;
                tabs[k].pos = pos;
                tabs[k].align = al;
                k++;
            }
            /* sorted by position */
            for (size_t i = 1; i < k; i++)
                for (size_t j = i; j > 0 && tabs[j - 1].pos > tabs[j].pos; j--) {
                    layout_tab t = tabs[j];
                    tabs[j] = tabs[j - 1];
                    tabs[j - 1] = t;
                }
            p->tabs = tabs;
            p->ntabs = k;
        } else if (!strcmp(n, "numPr")) {
            const char *id = wchild_val(c, "numId");
            if (id && strcmp(id, "0") != 0)
                warn_once(L, _("automatic numbering (w:numPr)"), _("the paragraphs are shown without their numbers"));
        } else if (!name_in(n, ppr_quiet)) {
            warn_elem(L, c, _("paragraph property"));
        }
    }
}

/* Applies a style and the styles it is based on, base first.  Loops and
 * chains deeper than MAX_STYLE_CHAIN are cut. */
static void apply_style_chain(loader *L, const style *s, ppr_state *ps, layout_rpr *r, int depth)
{
    if (!s || depth > MAX_STYLE_CHAIN)
        return;
    if (s->based_on) {
        const style *base = find_style(L, s->based_on, s->type);
        if (base && base != s)
            apply_style_chain(L, base, ps, r, depth + 1);
    }
    if (ps)
        apply_ppr(L, ps, wchild(s->node, "pPr"));
    if (r)
        apply_rpr(L, r, wchild(s->node, "rPr"));
}

static void defaults(loader *L, ppr_state *ps, layout_rpr *r)
{
    memset(ps, 0, sizeof *ps);
    ps->p.line_rule = LAYOUT_LINE_AUTO;
    ps->p.line = 1;
    ps->p.outline = -1;
    ps->p.snap_grid = true;
    ps->p.autospace = true;
    ps->first_chars = ps->left_chars = ps->right_chars = -1;
    ps->before_lines = ps->after_lines = -1;
    memset(r, 0, sizeof *r);
    r->size = 10;   /* ECMA-376 default when docDefaults says nothing */
    r->font_ascii = "Times New Roman";
    r->font_ea = "SimSun";
    apply_ppr(L, ps, L->ppr_default);
    apply_rpr(L, r, L->rpr_default);
}

/* ---- model building --------------------------------------------------- */

typedef struct {
    layout_run *items;
    size_t n, cap;
} run_vec;

static layout_run *run_push(loader *L, run_vec *v)
{
    if (v->n == v->cap) {
        size_t ncap = v->cap ? 2 * v->cap : 8;
        layout_run *ni = arena_alloc(L->a, ncap * sizeof *ni);
        if (v->n)
            memcpy(ni, v->items, v->n * sizeof *ni);
        v->items = ni;
        v->cap = ncap;
    }
    layout_run *r = &v->items[v->n++];
    memset(r, 0, sizeof *r);
    return r;
}

typedef struct {
    layout_block *items;
    size_t n, cap;
} block_vec;

static layout_block *block_push(loader *L, block_vec *v)
{
    if (v->n == v->cap) {
        size_t ncap = v->cap ? 2 * v->cap : 16;
        layout_block *ni = arena_alloc(L->a, ncap * sizeof *ni);
        if (v->n)
            memcpy(ni, v->items, v->n * sizeof *ni);
        v->items = ni;
        v->cap = ncap;
    }
    layout_block *b = &v->items[v->n++];
    memset(b, 0, sizeof *b);
    return b;
}

/* The context a paragraph is read in: its part's relationships and, inside
 * a table, the table style. */
typedef struct {
    const rels *rels;
    const style *tstyle;
    const char *part;
    int *para;          /* paragraphs of the part read so far, for messages */
} part_ctx;

typedef struct {
    int depth;          /* nesting of complex fields */
    int state;          /* 0 outside, 1 instruction, 2 result */
    strbuf instr;
    int kind;           /* LAYOUT_FIELD_* of the outermost field */
    bool emitted;
} field_state;

static int field_kind(const char *instr)
{
    while (*instr == ' ')
        instr++;
    if (!strncasecmp(instr, "PAGE", 4) && (instr[4] == ' ' || instr[4] == '\\' || !instr[4]))
        return LAYOUT_FIELD_PAGE;
    if (!strncasecmp(instr, "NUMPAGES", 8) || !strncasecmp(instr, "SECTIONPAGES", 12))
        return LAYOUT_FIELD_NUMPAGES;
    return LAYOUT_FIELD_NONE;
}

/* Checks that a picture can be drawn: its pixel size within the limits
 * (from the PNG header or JPEG frame header, before anything is decoded,
 * so a header claiming 100000 × 100000 pixels never allocates 40 GB) and,
 * for PNG, that the image data decodes.  Otherwise reports an error
 * naming the picture and its paragraph and returns false: the PDF would
 * silently lack content. */
static bool picture_ok(loader *L, const part_ctx *pc, const char *id, const char *target, int type,
                       const unsigned char *b, size_t n)
{
    diag_loc loc = {.part = pc->part, .para = pc->para ? *pc->para : 0};
    int para = loc.para;
    uint32_t w = 0, h = 0;
    bool dims = layout_image_size(type, b, n, &w, &h);
    const char *kind = type == LAYOUT_IMAGE_PNG ? "PNG" : "JPEG";
    if (!dims) {
        diag_add(L->diags, DIAG_ERROR, loc, "render.image",
                 "The picture \"%s\" (relationship %s) in paragraph %d of %s is a damaged %s file (its header gives no pixel size), so it cannot be shown; insert an undamaged copy of the picture in Word.",
                 target, id, para, pc->part, kind);
        return false;
    }
    if (w > DOCX_MAX_IMAGE_SIDE || h > DOCX_MAX_IMAGE_SIDE ||
        (uint64_t)w * h > (uint64_t)DOCX_MAX_IMAGE_MEGAPIXELS * 1000000u) {
        diag_add(L->diags, DIAG_ERROR, loc, "render.limit",
                 "The picture \"%s\" (relationship %s) in paragraph %d of %s claims %u × %u pixels, more than the %u megapixels (and %u pixels a side) a picture may have, so it cannot be shown; scale it down (300 dpi at its printed size is plenty) and insert it again.",
                 target, id, para, pc->part, (unsigned)w, (unsigned)h, DOCX_MAX_IMAGE_MEGAPIXELS,
                 DOCX_MAX_IMAGE_SIDE);
        return false;
    }
    if (type != LAYOUT_IMAGE_PNG)
        return true;
    /* cairo decodes the PNG again when it draws it; decoding it here once
     * more is what lets a damaged one be reported with its paragraph */
    cairo_surface_t *sf = layout_png_decode(b, n);
    cairo_status_t st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (st != CAIRO_STATUS_SUCCESS) {
        diag_add(L->diags, DIAG_ERROR, loc, "render.image",
                 "The picture \"%s\" (relationship %s) in paragraph %d of %s is a damaged PNG file (its image data cannot be decoded), so it cannot be shown; insert an undamaged copy of the picture in Word.",
                 target, id, para, pc->part);
        return false;
    }
    return true;
}

/* An extent attribute in EMU: a decimal integer from 1 to the limit. */
static bool extent_ok(const char *v)
{
    if (!v || !*v)
        return false;
    char *end;
    long long x = strtoll(v, &end, 10);
    return !*end && x > 0 && x <= DOCX_MAX_IMAGE_EXTENT_EMU;
}

static void read_drawing(loader *L, const part_ctx *pc, xmlNode *drawing, const layout_rpr *rpr, run_vec *out)
{
    for (xmlNode *c = drawing->children; c; c = c->next) {
        if (!in_ns(c, WP_NS))
            continue;
        if (strcmp((const char *)c->name, "inline") != 0) {
            warn_once(L, _("floating drawings (wp:anchor)"), _("only inline pictures are placed"));
            continue;
        }
        xmlNode *ext = NULL;
        for (xmlNode *e = c->children; e; e = e->next)
            if (in_ns(e, WP_NS) && !strcmp((const char *)e->name, "extent"))
                ext = e;
        xmlNode *blip = find_desc(c, A_NS, "blip", 0);
        if (!blip) {
            warn_once(L, _("drawings other than pictures"), _("the drawing is left out"));
            continue;
        }
        diag_loc loc = {.part = pc->part, .para = pc->para ? *pc->para : 0};
        const char *id = attr_ns(blip, "embed", R_NS);
        const char *target = rel_target(pc->rels, id);
        size_t len = 0;
        const unsigned char *bytes = target ? L->src->bytes(L->src->ctx, target, &len) : NULL;
        if (!bytes) {
            diag_add(L->diags, DIAG_ERROR, loc, "render.image",
                     "The picture with relationship id \"%s\" in paragraph %d of %s refers to no part of the package (\"%s\"), so it cannot be shown; insert the picture again in Word.",
                     id ? id : "", loc.para, pc->part, target ? target : "");
            continue;
        }
        int type = layout_image_type(bytes, len);
        if (!type) {
            diag_add(L->diags, DIAG_ERROR, loc, "render.image",
                     "The picture \"%s\" (relationship %s) in paragraph %d of %s is neither PNG nor JPEG, so it cannot be shown; save the picture as PNG or JPEG and insert it again.",
                     target, id, loc.para, pc->part);
            continue;
        }
        const char *cx = ext ? attr_ns(ext, "cx", NULL) : NULL;
        const char *cy = ext ? attr_ns(ext, "cy", NULL) : NULL;
        if (!extent_ok(cx) || !extent_ok(cy)) {
            diag_add(L->diags, DIAG_ERROR, loc, "render.image",
                     "The picture \"%s\" (relationship %s) in paragraph %d of %s has the size %.24s × %.24s EMU on the page, outside 1 to %lld EMU (%.1f cm, the largest page Word allows), so it cannot be shown; set its size again in Word (Format Picture, Size).",
                     target, id, loc.para, pc->part, cx ? cx : "(none)", cy ? cy : "(none)",
                     (long long)DOCX_MAX_IMAGE_EXTENT_EMU, DOCX_MAX_IMAGE_EXTENT_EMU / 360000.0);
            continue;
        }
        if (!picture_ok(L, pc, id, target, type, bytes, len))
            continue;
        double w = (double)strtoll(cx, NULL, 10) / 12700.0, h = (double)strtoll(cy, NULL, 10) / 12700.0;
        layout_run *r = run_push(L, out);
        r->kind = LAYOUT_RUN_IMAGE;
        r->rpr = *rpr;
        unsigned char *copy = arena_alloc(L->a, len);
        memcpy(copy, bytes, len);
        r->img = copy;
        r->img_len = len;
        r->img_type = type;
        r->img_w = w;
        r->img_h = h;
    }
}

static void add_text(loader *L, run_vec *out, const layout_rpr *rpr, const char *text, size_t len)
{
    if (!len)
        return;
    /* Merge with the previous run when formatting is identical: fewer
     * pango attributes and shaping across the boundary. */
    if (out->n && out->items[out->n - 1].kind == LAYOUT_RUN_TEXT &&
        !memcmp(&out->items[out->n - 1].rpr, rpr, sizeof *rpr)) {
        layout_run *prev = &out->items[out->n - 1];
        if (L->mrun != prev || prev->text != L->mtext) {
            L->mrun = prev;
            L->mtext = (char *)prev->text;
            L->mlen = strlen(prev->text);
            L->mcap = L->mlen + 1;
        }
        if (L->mlen + len + 1 > L->mcap) {
            /* doubling keeps the copies linear in the paragraph's length */
            size_t ncap = 2 * (L->mlen + len + 1);
            char *s = arena_alloc(L->a, ncap);
            memcpy(s, L->mtext, L->mlen);
            L->mtext = s;
            L->mcap = ncap;
        }
        memcpy(L->mtext + L->mlen, text, len);
        L->mlen += len;
        L->mtext[L->mlen] = '\0';
        prev->text = L->mtext;
        return;
    }
    layout_run *r = run_push(L, out);
    r->kind = LAYOUT_RUN_TEXT;
    r->rpr = *rpr;
    r->text = arena_strndup(L->a, text, len);
}

static const char *const run_quiet[] = {
    "rPr", "lastRenderedPageBreak", "softHyphen", "delText", "delInstrText", "commentReference",
    "annotationRef", "proofErr", NULL};

static void read_run_content(loader *L, const part_ctx *pc, xmlNode *r, const layout_rpr *rpr, run_vec *out,
                             field_state *fs, int depth);

static void read_run(loader *L, const part_ctx *pc, xmlNode *r, const layout_rpr *base, run_vec *out,
                     field_state *fs)
{
    layout_rpr rpr = *base;
    xmlNode *rp = wchild(r, "rPr");
    const char *cs = wchild_val(rp, "rStyle");
    if (cs)
        apply_style_chain(L, find_style(L, cs, 'c'), NULL, &rpr, 0);
    apply_rpr(L, &rpr, rp);
    read_run_content(L, pc, r, &rpr, out, fs, 0);
}

static void read_run_content(loader *L, const part_ctx *pc, xmlNode *r, const layout_rpr *rpr_in, run_vec *out,
                             field_state *fs, int depth)
{
    const layout_rpr *rpr = rpr_in;
    if (depth > 4)
        return;
    for (xmlNode *c = r->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (in_ns(c, MC_NS) && !strcmp((const char *)c->name, "AlternateContent")) {
            /* take the fallback: it is what a consumer without the extension shows */
            for (xmlNode *alt = c->children; alt; alt = alt->next)
                if (in_ns(alt, MC_NS) && !strcmp((const char *)alt->name, "Fallback"))
                    read_run_content(L, pc, alt, rpr, out, fs, depth + 1);
            continue;
        }
        if (!in_ns(c, W_NS)) {
            warn_elem(L, c, _("run content"));
            continue;
        }
        const char *n = (const char *)c->name;
        if (!strcmp(n, "fldChar")) {
            const char *t = wattr(c, "fldCharType");
            if (!t)
                continue;
            if (!strcmp(t, "begin")) {
                if (fs->depth++ == 0) {
                    fs->state = 1;
                    strbuf_reset(&fs->instr);
                    fs->kind = LAYOUT_FIELD_NONE;
                    fs->emitted = false;
                }
            } else if (!strcmp(t, "separate")) {
                if (fs->depth == 1) {
                    fs->state = 2;
                    fs->kind = field_kind(fs->instr.data ? fs->instr.data : "");
                    if (fs->kind != LAYOUT_FIELD_NONE) {
                        layout_run *fr = run_push(L, out);
                        fr->kind = LAYOUT_RUN_FIELD;
                        fr->rpr = *rpr;
                        fr->field = fs->kind;
                        fr->text = "";
                        fs->emitted = true;
                    }
                }
            } else if (!strcmp(t, "end")) {
                if (fs->depth == 1 && !fs->emitted) {
                    int k = field_kind(fs->instr.data ? fs->instr.data : "");
                    if (k != LAYOUT_FIELD_NONE) {
                        layout_run *fr = run_push(L, out);
                        fr->kind = LAYOUT_RUN_FIELD;
                        fr->rpr = *rpr;
                        fr->field = k;
                        fr->text = "";
                    }
                }
                if (fs->depth > 0 && --fs->depth == 0)
                    fs->state = 0, fs->kind = LAYOUT_FIELD_NONE;
            }
            continue;
        }
        if (!strcmp(n, "instrText")) {
            if (fs->depth == 1 && fs->state == 1) {
                xmlChar *t = xmlNodeGetContent(c);
                if (t && fs->instr.len < 4096)
                    strbuf_adds(&fs->instr, (const char *)t);
                xmlFree(t);
            }
            continue;
        }
        /* inside a field's instruction nothing shows; inside the result of
         * a PAGE/NUMPAGES field the cached number is replaced */
        if (fs->depth > 0 && (fs->state == 1 || fs->kind != LAYOUT_FIELD_NONE))
            continue;
        if (rpr->vanish)
            continue;
        if (!strcmp(n, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t)
                add_text(L, out, rpr, (const char *)t, strlen((const char *)t));
            xmlFree(t);
        } else if (!strcmp(n, "tab") || !strcmp(n, "ptab")) {
            layout_run *tr = run_push(L, out);
            tr->kind = LAYOUT_RUN_TAB;
            tr->rpr = *rpr;
            tr->text = "\t";
        } else if (!strcmp(n, "br") || !strcmp(n, "cr")) {
            const char *type = wattr(c, "type");
            layout_run *br = run_push(L, out);
            br->kind = LAYOUT_RUN_BREAK;
            br->rpr = *rpr;
            br->field = type && (!strcmp(type, "page") || !strcmp(type, "column")) ? 1 : 0;
            if (type && !strcmp(type, "column"))
                warn_once(L, _("column breaks"), _("treated as page breaks"));
        } else if (!strcmp(n, "noBreakHyphen")) {
            add_text(L, out, rpr, "\u2011", strlen("\u2011"));
        } else if (!strcmp(n, "sym")) {
            const char *ch = wattr(c, "char");
            unsigned long cp = ch ? strtoul(ch, NULL, 16) : 0;
            if (cp >= 0xF000 && cp <= 0xF0FF)
                cp -= 0xF000;   /* symbol fonts map their glyphs into the private area */
            if (cp >= 0x20 && cp < 0x110000 && utf8_xml_allowed((uint32_t)cp)) {
                char buf[8];
                int len = g_unichar_to_utf8((gunichar)cp, buf);
                add_text(L, out, rpr, buf, (size_t)len);
            }
        } else if (!strcmp(n, "drawing")) {
            read_drawing(L, pc, c, rpr, out);
        } else if (!strcmp(n, "pict") || !strcmp(n, "object")) {
            warn_elem(L, c, _("VML pictures and embedded objects"));
        } else if (!strcmp(n, "footnoteReference") || !strcmp(n, "endnoteReference")) {
            warn_elem(L, c, _("footnotes and endnotes"));
        } else if (!name_in(n, run_quiet)) {
            warn_elem(L, c, _("run content"));
        }
    }
}

static void read_para_content(loader *L, const part_ctx *pc, xmlNode *p, const layout_rpr *prpr, run_vec *out,
                              field_state *fs, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (xmlNode *c = p->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (in_ns(c, MC_NS) && !strcmp((const char *)c->name, "AlternateContent")) {
            for (xmlNode *alt = c->children; alt; alt = alt->next)
                if (in_ns(alt, MC_NS) && !strcmp((const char *)alt->name, "Fallback"))
                    read_para_content(L, pc, alt, prpr, out, fs, depth + 1);
            continue;
        }
        if (!in_ns(c, W_NS)) {
            warn_elem(L, c, _("paragraph content"));
            continue;
        }
        const char *n = (const char *)c->name;
        if (!strcmp(n, "r")) {
            read_run(L, pc, c, prpr, out, fs);
        } else if (!strcmp(n, "hyperlink") || !strcmp(n, "ins") || !strcmp(n, "smartTag") ||
                   !strcmp(n, "customXml") || !strcmp(n, "moveTo") || !strcmp(n, "dir") || !strcmp(n, "bdo")) {
            read_para_content(L, pc, c, prpr, out, fs, depth + 1);
        } else if (!strcmp(n, "sdt")) {
            xmlNode *content = wchild(c, "sdtContent");
            if (content)
                read_para_content(L, pc, content, prpr, out, fs, depth + 1);
        } else if (!strcmp(n, "fldSimple")) {
            int k = field_kind(wattr(c, "instr") ? wattr(c, "instr") : "");
            if (k != LAYOUT_FIELD_NONE) {
                layout_rpr rpr = *prpr;
                xmlNode *r = wchild(c, "r");
                if (r)
                    apply_rpr(L, &rpr, wchild(r, "rPr"));
                layout_run *fr = run_push(L, out);
                fr->kind = LAYOUT_RUN_FIELD;
                fr->rpr = rpr;
                fr->field = k;
                fr->text = "";
            } else {
                read_para_content(L, pc, c, prpr, out, fs, depth + 1);
            }
        } else if (!strcmp(n, "pPr") || !strcmp(n, "bookmarkStart") || !strcmp(n, "bookmarkEnd") ||
                   !strcmp(n, "proofErr") || !strcmp(n, "del") || !strcmp(n, "moveFrom") ||
                   !strcmp(n, "commentRangeStart") || !strcmp(n, "commentRangeEnd") ||
                   !strcmp(n, "permStart") || !strcmp(n, "permEnd") || !strcmp(n, "moveFromRangeStart") ||
                   !strcmp(n, "moveFromRangeEnd") || !strcmp(n, "moveToRangeStart") ||
                   !strcmp(n, "moveToRangeEnd")) {
            /* markers without content of their own */
        } else if (!strcmp(n, "oMath") || !strcmp(n, "oMathPara")) {
            warn_elem(L, c, _("equations"));
        } else {
            warn_elem(L, c, _("paragraph content"));
        }
    }
}

/* Resolves a paragraph's properties: defaults → table style → paragraph
 * style chain → direct formatting. */
static void resolve_para(loader *L, const part_ctx *pc, xmlNode *p, layout_ppr *out_ppr, layout_rpr *out_rpr,
                         layout_rpr *out_mark)
{
    ppr_state ps;
    layout_rpr rpr;
    defaults(L, &ps, &rpr);
    if (pc->tstyle)
        apply_style_chain(L, pc->tstyle, &ps, &rpr, 0);
    xmlNode *ppr = wchild(p, "pPr");
    const char *sid = wchild_val(ppr, "pStyle");
    const style *st = find_style(L, sid, 'p');
    if (!st)
        st = L->default_pstyle;
    apply_style_chain(L, st, &ps, &rpr, 0);
    apply_ppr(L, &ps, ppr);
    ps.p.style_id = st ? st->id : NULL;
    layout_rpr mark = rpr;
    apply_rpr(L, &mark, wchild(ppr, "rPr"));
    /* character-unit indents: one unit is the paragraph's font size */
    double unit = rpr.size / 100.0;
    if (ps.first_chars > 0)
        ps.p.ind_first = ps.first_chars * unit;
    else if (ps.first_chars < -0.00001)
        ps.p.ind_first = (ps.first_chars + 0.0001) * unit;
    if (ps.left_chars > 0)
        ps.p.ind_left = ps.left_chars * unit;
    if (ps.right_chars > 0)
        ps.p.ind_right = ps.right_chars * unit;
    if (ps.before_lines >= 0)
        ps.p.space_before = ps.before_lines * 12.0 / 100.0;
    if (ps.after_lines >= 0)
        ps.p.space_after = ps.after_lines * 12.0 / 100.0;
    *out_ppr = ps.p;
    *out_rpr = rpr;
    *out_mark = mark;
}

static void read_blocks(loader *L, const part_ctx *pc, xmlNode *parent, block_vec *out, int depth);

/* The runs of paragraph content, counting no further than past `limit`. */
static size_t count_runs(const xmlNode *p, size_t limit, int depth)
{
    size_t n = 0;
    if (depth > MAX_DEPTH)
        return 0;
    for (const xmlNode *c = p->children; c && n <= limit; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "r"))
            n++;
        else if (!is_w(c, "p") && !is_w(c, "tbl"))
            n += count_runs(c, limit - n, depth + 1);
    }
    return n;
}

/* A paragraph becomes one or more blocks: a page break inside it starts a
 * new paragraph on the next page, as LibreOffice and Word show it. */
/* A run below n marked w:rtl (the paragraph mark's w:pPr/w:rPr is not a
 * run and concerns the mark only). */
static bool runs_rtl(const xmlNode *n, int depth)
{
    if (depth > MAX_DEPTH)
        return false;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_w(c, "pPr"))
            continue;
        if (is_w(c, "r")) {
            xmlNode *rtl = wchild(wchild(c, "rPr"), "rtl");
            if (rtl && onoff(rtl))
                return true;
        } else if (runs_rtl(c, depth + 1)) {
            return true;
        }
    }
    return false;
}

/* True when the paragraph is set right to left: w:bidi in its own or its
 * style's properties, or a run marked w:rtl. */
static bool para_rtl(loader *L, xmlNode *p)
{
    xmlNode *ppr = wchild(p, "pPr");
    xmlNode *bidi = wchild(ppr, "bidi");
    if (bidi)
        return onoff(bidi);
    const style *st = find_style(L, wchild_val(ppr, "pStyle"), 'p');
    if (!st)
        st = L->default_pstyle;
    for (int i = 0; st && i < MAX_STYLE_CHAIN; i++, st = find_style(L, st->based_on, 'p')) {
        bidi = wchild(wchild(st->node, "pPr"), "bidi");
        if (bidi)
            return onoff(bidi);
    }
    return runs_rtl(p, 0);
}

static void read_para(loader *L, const part_ctx *pc, xmlNode *p, block_vec *out)
{
    layout_ppr ppr;
    layout_rpr rpr, mark;
    if (pc->para)
        ++*pc->para;
    if (!L->rtl_warned && para_rtl(L, p)) {
        L->rtl_warned = true;
        diag_loc loc = {.part = pc->part, .para = pc->para ? *pc->para : 0};
        diag_add(L->diags, DIAG_WARNING, loc, "render.rtl",
                 "Paragraph %d of %s is set right to left (w:bidi or w:rtl), but the PDF renderer does not support right-to-left text: it and any later right-to-left paragraphs are laid out left to right; check them in the PDF, or make the PDF with Word.",
                 loc.para, pc->part);
    }
    resolve_para(L, pc, p, &ppr, &rpr, &mark);
    run_vec runs = {0};
    field_state fs = {0};
    if (L->npara_part != pc->part) {
        L->npara_part = pc->part;
        L->npara = 0;
    }
    int para_no = ++L->npara;
    size_t nr = count_runs(p, LAYOUT_MAX_RUNS_PER_PARA, 0);
    if (nr > LAYOUT_MAX_RUNS_PER_PARA) {
        diag_loc loc = {.part = pc->part, .para = para_no};
        diag_add(L->diags, DIAG_ERROR, loc, "render.limit",
                 "Paragraph %d of %s has more than %d runs (w:r), the most one paragraph may have; "
                 "join runs with the same formatting (or split the paragraph) and try again.",
                 para_no, pc->part, LAYOUT_MAX_RUNS_PER_PARA);
        L->refused = true;
        return;
    }
    read_para_content(L, pc, p, &rpr, &runs, &fs, 0);
    strbuf_free(&fs.instr);
    size_t nchars = 0;
    for (size_t i = 0; i < runs.n; i++)
        if (runs.items[i].text)
            nchars += (size_t)g_utf8_strlen(runs.items[i].text, -1);
    if (nchars > LAYOUT_MAX_PARA_CHARS) {
        diag_loc loc = {.part = pc->part, .para = para_no};
        diag_add(L->diags, DIAG_ERROR, loc, "render.limit",
                 "Paragraph %d of %s has %zu characters, more than the %d one paragraph may have; "
                 "split it into several paragraphs and try again.",
                 para_no, pc->part, nchars, LAYOUT_MAX_PARA_CHARS);
        L->refused = true;
        return;
    }

    size_t start = 0;
    bool break_before = ppr.page_break_before;
    for (size_t i = 0; i <= runs.n; i++) {
        bool page_break = i < runs.n && runs.items[i].kind == LAYOUT_RUN_BREAK && runs.items[i].field == 1;
        if (!page_break && i < runs.n)
            continue;
        if (page_break && i == start && start == 0) {
            /* a page break before any text: the paragraph starts the page.
             * At the very top of the document there is no page to leave, so
             * the empty start of the paragraph fills the first page alone,
             * as Word and LibreOffice show it. */
            if (out->n == 0 && L->table_depth == 0 && pc->para && *pc->para == 1 &&
                !strcmp(pc->part, "word/document.xml")) {
                layout_block *e = block_push(L, out);
                e->kind = LAYOUT_BLOCK_PARA;
                e->para.ppr = ppr;
                e->para.ppr.space_after = 0;
                e->para.ppr.keep_next = false;
                e->para.mark = mark;
            }
            break_before = true;
            start = i + 1;
            continue;
        }
        layout_block *b = block_push(L, out);
        b->kind = LAYOUT_BLOCK_PARA;
        b->para.ppr = ppr;
        b->para.ppr.page_break_before = break_before;
        b->para.mark = mark;
        b->para.runs = runs.items ? runs.items + start : NULL;   /* NULL + 0 is undefined in C */
        b->para.nruns = i - start;
        if (start > 0)
            b->para.ppr.ind_first = 0;   /* the continuation of a split paragraph */
        if (i < runs.n) {
            /* the part before the break keeps the paragraph's spacing above
             * only; the rest continues on the next page */
            b->para.ppr.space_after = 0;
            b->para.ppr.keep_next = false;
        }
        start = i + 1;
        break_before = true;
    }
}

static void read_border(const xmlNode *b, layout_border *out)
{
    if (!b)
        return;
    const char *v = wattr(b, "val");
    if (!v || !strcmp(v, "nil") || !strcmp(v, "none")) {
        out->style = 0;
        return;
    }
    out->style = !strcmp(v, "double") ? 2 : 1;
    double sz = num(wattr(b, "sz"), 4);
    if (sz < 2)
        sz = 2;
    if (sz > 96)
        sz = 96;
    out->width = sz / 8.0;
    out->color = hex_color(wattr(b, "color"), 0);
}

typedef struct {
    layout_border b[6];         /* top, left, bottom, right, insideH, insideV */
    double mar[4];
    double indent;
    int align;
} tbl_props;

static void read_tbl_props(loader *L, const xmlNode *tblPr, tbl_props *tp)
{
    if (!tblPr)
        return;
    xmlNode *borders = wchild(tblPr, "tblBorders");
    if (borders) {
        static const char *const names[6][2] = {{"top", NULL}, {"left", "start"}, {"bottom", NULL},
                                                {"right", "end"}, {"insideH", NULL}, {"insideV", NULL}};
        for (int i = 0; i < 6; i++) {
            xmlNode *b = wchild(borders, names[i][0]);
            if (!b && names[i][1])
                b = wchild(borders, names[i][1]);
            read_border(b, &tp->b[i]);
        }
    }
    xmlNode *mar = wchild(tblPr, "tblCellMar");
    if (mar) {
        static const char *const names[4][2] = {{"top", NULL}, {"left", "start"}, {"bottom", NULL}, {"right", "end"}};
        for (int i = 0; i < 4; i++) {
            xmlNode *m = wchild(mar, names[i][0]);
            if (!m && names[i][1])
                m = wchild(mar, names[i][1]);
            if (m)
                tp->mar[i] = num(wattr(m, "w"), 0) / 20;
        }
    }
    xmlNode *ind = wchild(tblPr, "tblInd");
    if (ind)
        tp->indent = num(wattr(ind, "w"), 0) / 20;
    const char *jc = wchild_val(tblPr, "jc");
    if (jc)
        tp->align = !strcmp(jc, "center") ? LAYOUT_ALIGN_CENTER
                  : (!strcmp(jc, "right") || !strcmp(jc, "end")) ? LAYOUT_ALIGN_RIGHT : LAYOUT_ALIGN_LEFT;
    if (wchild(tblPr, "tblCellSpacing"))
        warn_once(L, _("cell spacing (w:tblCellSpacing)"), _("cells are drawn without spacing"));
    if (wchild(tblPr, "tblpPr"))
        warn_once(L, _("floating tables (w:tblpPr)"), _("the table is placed in the text flow"));
}

static void apply_tstyle_chain(loader *L, const style *s, tbl_props *tp, int depth)
{
    if (!s || depth > MAX_STYLE_CHAIN)
        return;
    if (s->based_on) {
        const style *base = find_style(L, s->based_on, 't');
        if (base && base != s)
            apply_tstyle_chain(L, base, tp, depth + 1);
    }
    read_tbl_props(L, wchild(s->node, "tblPr"), tp);
    if (wchild(s->node, "tblStylePr"))
        warn_once(L, _("conditional table style formatting (w:tblStylePr)"), _("the table style's base formatting is used"));
}

/* Content controls (w:sdt) may wrap rows inside w:tbl and cells inside
 * w:tr; LibreOffice reads through them.  Their content replaces them in
 * the tree (the parsed part belongs to this read and is not written
 * back), so the row and cell loops below see plain w:tr and w:tc.  Each
 * step removes one w:sdt, so nested ones cost no more than their nodes. */
static void unwrap_sdt(xmlNode *parent)
{
    xmlNode *c = parent->children;
    while (c) {
        if (!is_w(c, "sdt")) {
            c = c->next;
            continue;
        }
        xmlNode *content = wchild(c, "sdtContent");
        xmlNode *first = content ? content->children : NULL;
        while (content && content->children) {
            xmlNode *k = content->children;
            xmlUnlinkNode(k);
            xmlAddPrevSibling(c, k);
        }
        xmlNode *next = first ? first : c->next;
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        c = next;
    }
}

static void read_table(loader *L, const part_ctx *outer, xmlNode *tbl, block_vec *out, int depth)
{
    if (L->table_depth >= MAX_TABLE_DEPTH) {
        warn_once(L, _("tables nested more than 8 deep"), _("the inner tables are left out"));
        return;
    }
    unwrap_sdt(tbl);
    for (xmlNode *tr = tbl->children; tr; tr = tr->next)
        if (is_w(tr, "tr"))
            unwrap_sdt(tr);
    xmlNode *tblPr = wchild(tbl, "tblPr");
    tbl_props tp;
    memset(&tp, 0, sizeof tp);
    tp.mar[LAYOUT_EDGE_LEFT] = tp.mar[LAYOUT_EDGE_RIGHT] = 5.4;
    const style *ts = find_style(L, wchild_val(tblPr, "tblStyle"), 't');
    if (!ts)
        ts = L->default_tstyle;
    apply_tstyle_chain(L, ts, &tp, 0);
    read_tbl_props(L, tblPr, &tp);

    layout_block *b = block_push(L, out);
    b->kind = LAYOUT_BLOCK_TABLE;
    layout_table *t = &b->table;
    t->indent = tp.indent;
    t->align = tp.align;

    xmlNode *grid = wchild(tbl, "tblGrid");
    int ncols = 0;
    for (xmlNode *g = grid ? grid->children : NULL; g; g = g->next)
        ncols += is_w(g, "gridCol");
    if (ncols > MAX_GRID_COLS)
        ncols = MAX_GRID_COLS;
    /* count rows and find the widest row in grid units (a table without a
     * usable grid gets equal columns) */
    size_t nrows = 0;
    int maxspan = 0;
    for (xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!is_w(tr, "tr"))
            continue;
        nrows++;
        int span = (int)num(wchild_val(wchild(tr, "trPr"), "gridBefore"), 0);
        for (xmlNode *tc = tr->children; tc; tc = tc->next)
            if (is_w(tc, "tc")) {
                int s = (int)num(wchild_val(wchild(tc, "tcPr"), "gridSpan"), 1);
                span += s < 1 ? 1 : s > MAX_GRID_COLS ? MAX_GRID_COLS : s;
            }
        if (span > maxspan)
            maxspan = span;
    }
    if (maxspan > MAX_GRID_COLS)
        maxspan = MAX_GRID_COLS;
    int total_cols = ncols > maxspan ? ncols : maxspan;
    if (total_cols < 1)
        total_cols = 1;
    t->ncols = total_cols;
    t->grid = arena_alloc(L->a, (size_t)total_cols * sizeof *t->grid);
    int k = 0;
    for (xmlNode *g = grid ? grid->children : NULL; g && k < ncols; g = g->next)
        if (is_w(g, "gridCol"))
            t->grid[k++] = num(wattr(g, "w"), 0) / 20;
    for (; k < total_cols; k++)
        t->grid[k] = 0;
    for (k = 0; k < total_cols; k++)
        if (t->grid[k] <= 0)
            t->grid[k] = 20;   /* a missing column still gets some room; fixed at layout time */

    t->rows = arena_alloc(L->a, (nrows ? nrows : 1) * sizeof *t->rows);
    part_ctx pc = *outer;
    pc.tstyle = ts;
    L->table_depth++;
    size_t r = 0;
    bool header_run = true;
    for (xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!is_w(tr, "tr")) {
            if (is_w(tr, "tblPr") || is_w(tr, "tblGrid") || is_w(tr, "bookmarkStart") || is_w(tr, "bookmarkEnd"))
                continue;
            if (tr->type == XML_ELEMENT_NODE)
                warn_elem(L, tr, _("table content"));
            continue;
        }
        layout_row *row = &t->rows[r++];
        xmlNode *trPr = wchild(tr, "trPr");
        bool is_header = trPr && wchild(trPr, "tblHeader") && onoff(wchild(trPr, "tblHeader"));
        /* only an unbroken run of header rows from the top repeats */
        row->header = is_header && header_run;
        if (!is_header)
            header_run = false;
        row->cant_split = trPr && wchild(trPr, "cantSplit") && onoff(wchild(trPr, "cantSplit"));
        xmlNode *h = wchild(trPr, "trHeight");
        if (h) {
            row->height = num(wattr(h, "val"), 0) / 20;
            const char *rule = wattr(h, "hRule");
            row->height_rule = rule && !strcmp(rule, "exact") ? LAYOUT_LINE_EXACT : LAYOUT_LINE_ATLEAST;
        }
        if (wchild(tr, "tblPrEx"))
            warn_once(L, _("row-level table exceptions (w:tblPrEx)"), _("the table's own properties are used"));
        int col = (int)num(wchild_val(trPr, "gridBefore"), 0);
        if (col < 0)
            col = 0;
        size_t ncells = 0;
        for (xmlNode *tc = tr->children; tc; tc = tc->next)
            ncells += is_w(tc, "tc");
        row->cells = arena_alloc(L->a, (ncells ? ncells : 1) * sizeof *row->cells);
        for (xmlNode *tc = tr->children; tc; tc = tc->next) {
            if (!is_w(tc, "tc"))
                continue;
            if (col >= total_cols)
                break;
            layout_cell *cell = &row->cells[row->ncells++];
            xmlNode *tcPr = wchild(tc, "tcPr");
            int span = (int)num(wchild_val(tcPr, "gridSpan"), 1);
            if (span < 1)
                span = 1;
            if (col + span > total_cols)
                span = total_cols - col;
            cell->col = col;
            cell->span = span;
            cell->rowspan = 1;
            col += span;
            xmlNode *vm = wchild(tcPr, "vMerge");
            if (vm) {
                const char *v = wattr(vm, "val");
                cell->vmerge = v && !strcmp(v, "restart") ? 1 : 2;
            }
            if (wchild(tcPr, "hMerge"))
                warn_once(L, _("legacy horizontal merges (w:hMerge)"), _("the cells are drawn unmerged"));
            if (wchild(tcPr, "textDirection") && wchild_val(tcPr, "textDirection") &&
                strcmp(wchild_val(tcPr, "textDirection"), "lrTb") != 0)
                warn_once(L, _("vertical text in cells (w:textDirection)"), _("the text is set horizontally"));
            /* borders: the cell's own, else the table's outer or inside ones */
            xmlNode *tcb = wchild(tcPr, "tcBorders");
            bool last_row_hint = false;
            (void)last_row_hint;
            cell->border[LAYOUT_EDGE_TOP] = r == 1 ? tp.b[0] : tp.b[4];
            cell->border[LAYOUT_EDGE_LEFT] = cell->col == 0 ? tp.b[1] : tp.b[5];
            cell->border[LAYOUT_EDGE_BOTTOM] = tp.b[4];   /* fixed for the last row below */
            cell->border[LAYOUT_EDGE_RIGHT] = cell->col + cell->span >= total_cols ? tp.b[3] : tp.b[5];
            if (tcb) {
                read_border(wchild(tcb, "top"), &cell->border[LAYOUT_EDGE_TOP]);
                xmlNode *l = wchild(tcb, "left");
                read_border(l ? l : wchild(tcb, "start"), &cell->border[LAYOUT_EDGE_LEFT]);
                read_border(wchild(tcb, "bottom"), &cell->border[LAYOUT_EDGE_BOTTOM]);
                xmlNode *rr = wchild(tcb, "right");
                read_border(rr ? rr : wchild(tcb, "end"), &cell->border[LAYOUT_EDGE_RIGHT]);
                if (wchild(tcb, "tl2br") || wchild(tcb, "tr2bl"))
                    warn_once(L, _("diagonal cell borders"), _("they are not drawn"));
            }
            xmlNode *shd = wchild(tcPr, "shd");
            if (shd) {
                const char *fill = wattr(shd, "fill");
                if (fill && strcmp(fill, "auto") != 0) {
                    cell->has_fill = true;
                    cell->fill = hex_color(fill, 0xFFFFFF);
                }
            }
            const char *va = wchild_val(tcPr, "vAlign");
            cell->valign = !va ? LAYOUT_VALIGN_TOP : !strcmp(va, "center") ? LAYOUT_VALIGN_CENTER
                         : !strcmp(va, "bottom") ? LAYOUT_VALIGN_BOTTOM : LAYOUT_VALIGN_TOP;
            memcpy(cell->mar, tp.mar, sizeof cell->mar);
            xmlNode *tcMar = wchild(tcPr, "tcMar");
            if (tcMar) {
                static const char *const names[4][2] = {{"top", NULL}, {"left", "start"}, {"bottom", NULL},
                                                        {"right", "end"}};
                for (int i = 0; i < 4; i++) {
                    xmlNode *m = wchild(tcMar, names[i][0]);
                    if (!m && names[i][1])
                        m = wchild(tcMar, names[i][1]);
                    if (m)
                        cell->mar[i] = num(wattr(m, "w"), 0) / 20;
                }
            }
            block_vec cb = {0};
            read_blocks(L, &pc, tc, &cb, depth + 1);
            cell->blocks = cb.items;
            cell->nblocks = cb.n;
        }
    }
    t->nrows = r;
    L->table_depth--;

    /* bottom borders of the last row, and the extent of vertical merges */
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->rows[i].ncells; j++) {
            layout_cell *c = &t->rows[i].cells[j];
            if (c->vmerge == 2)
                continue;
            size_t end = i;
            if (c->vmerge == 1) {
                for (size_t k2 = i + 1; k2 < t->nrows; k2++) {
                    bool cont = false;
                    for (size_t m = 0; m < t->rows[k2].ncells; m++) {
                        layout_cell *d = &t->rows[k2].cells[m];
                        if (d->col == c->col && d->vmerge == 2) {
                            cont = true;
                            /* the merged cell's bottom border is the last piece's */
                            c->border[LAYOUT_EDGE_BOTTOM] = d->border[LAYOUT_EDGE_BOTTOM];
                        }
                    }
                    if (!cont)
                        break;
                    end = k2;
                }
                c->rowspan = (int)(end - i + 1);
            }
            if (end + 1 == t->nrows) {
                xmlNode *dummy = NULL;
                (void)dummy;
                /* the table's bottom border unless the cell set its own */
                if (c->border[LAYOUT_EDGE_BOTTOM].style == tp.b[4].style &&
                    c->border[LAYOUT_EDGE_BOTTOM].width == tp.b[4].width &&
                    c->border[LAYOUT_EDGE_BOTTOM].color == tp.b[4].color)
                    c->border[LAYOUT_EDGE_BOTTOM] = tp.b[2];
            }
        }
    }
}

static const char *const body_quiet[] = {"bookmarkStart", "bookmarkEnd", "proofErr", "sectPr", "tcPr",
                                          "permStart", "permEnd", "commentRangeStart", "commentRangeEnd", NULL};

static void read_blocks(loader *L, const part_ctx *pc, xmlNode *parent, block_vec *out, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!in_ns(c, W_NS)) {
            warn_elem(L, c, _("block content"));
            continue;
        }
        const char *n = (const char *)c->name;
        if (!strcmp(n, "p"))
            read_para(L, pc, c, out);
        else if (!strcmp(n, "tbl"))
            read_table(L, pc, c, out, depth);
        else if (!strcmp(n, "sdt")) {
            xmlNode *content = wchild(c, "sdtContent");
            if (content)
                read_blocks(L, pc, content, out, depth + 1);
        } else if (!strcmp(n, "customXml") || !strcmp(n, "ins"))
            read_blocks(L, pc, c, out, depth + 1);
        else if (!name_in(n, body_quiet))
            warn_elem(L, c, _("block content"));
    }
}

/* ---- sections, headers and footers ----------------------------------- */

static layout_blocks *read_hf(loader *L, const char *part)
{
    xmlDoc *d = L->src->xml(L->src->ctx, part);
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    if (!root)
        return NULL;
    rels r = load_rels(L, part);
    int para_no = 0;
    part_ctx pc = {&r, NULL, part, &para_no};
    block_vec v = {0};
    read_blocks(L, &pc, root, &v, 0);
    layout_blocks *b = arena_alloc(L->a, sizeof *b);
    b->blocks = v.items;
    b->nblocks = v.n;
    return b;
}

static void read_sectpr(loader *L, const rels *r, const xmlNode *sp, layout_section *s, double normal_size)
{
    /* Word's defaults for a section without properties: Letter, 1" margins */
    s->page_w = 612;
    s->page_h = 792;
    s->mar_top = s->mar_bottom = 72;
    s->mar_left = s->mar_right = 90;
    s->mar_header = s->mar_footer = 36;
    if (!sp)
        return;
    xmlNode *sz = wchild(sp, "pgSz");
    if (sz) {
        double w = num(wattr(sz, "w"), 12240) / 20, h = num(wattr(sz, "h"), 15840) / 20;
        if (w >= 72 && w <= 2000 && h >= 72 && h <= 2000)
            s->page_w = w, s->page_h = h;
        const char *o = wattr(sz, "orient");
        if (o && !strcmp(o, "landscape") && s->page_w < s->page_h) {
            double t = s->page_w;
            s->page_w = s->page_h;
            s->page_h = t;
        }
    }
    xmlNode *m = wchild(sp, "pgMar");
    if (m) {
        s->mar_top = num(wattr(m, "top"), 1440) / 20;
        s->mar_bottom = num(wattr(m, "bottom"), 1440) / 20;
        s->mar_left = num(wattr(m, "left"), 1800) / 20 + num(wattr(m, "gutter"), 0) / 20;
        s->mar_right = num(wattr(m, "right"), 1800) / 20;
        s->mar_header = num(wattr(m, "header"), 720) / 20;
        s->mar_footer = num(wattr(m, "footer"), 720) / 20;
        /* negative top/bottom mean "do not grow for the header"; the size is what counts */
        if (s->mar_top < 0)
            s->mar_top = -s->mar_top;
        if (s->mar_bottom < 0)
            s->mar_bottom = -s->mar_bottom;
    }
    if (s->mar_left + s->mar_right > s->page_w - 36)
        s->mar_left = s->mar_right = 18;
    if (s->mar_top + s->mar_bottom > s->page_h - 36)
        s->mar_top = s->mar_bottom = 18;
    xmlNode *g = wchild(sp, "docGrid");
    if (g) {
        const char *type = wattr(g, "type");
        s->grid_type = !type ? LAYOUT_GRID_NONE : !strcmp(type, "lines") ? LAYOUT_GRID_LINES
                     : (!strcmp(type, "linesAndChars") || !strcmp(type, "snapToChars")) ? LAYOUT_GRID_LINES_CHARS
                     : LAYOUT_GRID_NONE;
        s->grid_pitch = num(wattr(g, "linePitch"), 0) / 20;
        if (s->grid_pitch < 1 || s->grid_pitch > 500)
            s->grid_type = LAYOUT_GRID_NONE;
        if (s->grid_type == LAYOUT_GRID_LINES_CHARS) {
            /* charSpace is the change to the Normal font's pitch in 1/4096 pt;
             * like LibreOffice, only a widening is applied */
            double add = num(wattr(g, "charSpace"), 0) / 4096.0;
            s->grid_char_add = add > 0 && add < normal_size ? add : 0;
        }
    }
    s->title_pg = wchild(sp, "titlePg") && onoff(wchild(sp, "titlePg"));
    xmlNode *pn = wchild(sp, "pgNumType");
    if (pn && wattr(pn, "start"))
        s->page_start = (int)num(wattr(pn, "start"), 1);
    const char *fmt = pn ? wattr(pn, "fmt") : NULL;
    if (fmt && strcmp(fmt, "decimal") != 0)
        warn_once(L, _("page number formats other than decimal"), _("pages are numbered 1, 2, 3"));
    xmlNode *cols = wchild(sp, "cols");
    if (cols && num(wattr(cols, "num"), 1) > 1)
        warn_once(L, _("multiple text columns"), _("the text is set in one column"));
    for (xmlNode *c = sp->children; c; c = c->next) {
        bool hdr = is_w(c, "headerReference"), ftr = is_w(c, "footerReference");
        if (!hdr && !ftr)
            continue;
        const char *type = wattr(c, "type");
        int idx = !type || !strcmp(type, "default") ? 0 : !strcmp(type, "first") ? 1 : !strcmp(type, "even") ? 2 : 0;
        const char *target = rel_target(r, attr_ns(c, "id", R_NS));
        if (!target)
            continue;
        layout_blocks *b = read_hf(L, target);
        if (hdr)
            s->header[idx] = b;
        else
            s->footer[idx] = b;
    }
}

layout_doc *layout_doc_load(const layout_source *src, diag_list *diags)
{
    xmlDoc *doc = src->xml(src->ctx, "word/document.xml");
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlNode *body = wchild(root, "body");
    if (!body && root && root->ns && root->ns->href && !strcmp((const char *)root->ns->href, DOCX_W_STRICT_NS)) {
        diag_loc loc = {.part = "word/document.xml"};
        diag_add(diags, DIAG_ERROR, loc, "render.strict",
                 "The document is saved as Strict Open XML (ISO/IEC 29500 Strict), which is not supported; open it in Word and save it as \"Word Document (*.docx)\".");
        return NULL;
    }
    if (!body && !doc && diag_has_errors(diags))
        return NULL;    /* the part could not be read, and that was reported with its reason */
    if (!body) {
        diag_loc loc = {.part = "word/document.xml"};
        diag_add(diags, DIAG_ERROR, loc, "render.nobody",
                 "The document has no readable word/document.xml body, so there is nothing to lay out.");
        return NULL;
    }
    loader L;
    memset(&L, 0, sizeof L);
    L.src = src;
    L.diags = diags;
    L.a = arena_new();
    load_theme(&L);
    load_styles(&L);

    layout_doc *d = arena_alloc(L.a, sizeof *d);
    d->arena = L.a;
    d->default_tab = 36;
    xmlDoc *settings = src->xml(src->ctx, "word/settings.xml");
    xmlNode *sroot = settings ? xmlDocGetRootElement(settings) : NULL;
    if (sroot) {
        xmlNode *dt = wchild(sroot, "defaultTabStop");
        if (dt) {
            double v = num(wattr(dt, "val"), 720) / 20;
            if (v >= 1 && v <= 500)
                d->default_tab = v;
        }
        d->even_and_odd = wchild(sroot, "evenAndOddHeaders") && onoff(wchild(sroot, "evenAndOddHeaders"));
        xmlNode *compat = wchild(sroot, "compat");
        for (xmlNode *c = compat ? compat->children : NULL; c; c = c->next) {
            if (!is_w(c, "compatSetting"))
                continue;
            const char *nm = wattr(c, "name");
            if (nm && !strcmp(nm, "compatibilityMode"))
                d->compat_mode = (int)num(wattr(c, "val"), 12);
        }
    }
    if (!d->compat_mode)
        d->compat_mode = 12;
    /* the Normal style's East Asian size is the grid's reference */
    ppr_state ps;
    layout_rpr nr;
    defaults(&L, &ps, &nr);
    apply_style_chain(&L, L.default_pstyle, &ps, &nr, 0);

    rels r = load_rels(&L, "word/document.xml");
    int para_no = 0;
    part_ctx pc = {&r, NULL, "word/document.xml", &para_no};

    /* sections: a paragraph whose pPr holds a sectPr ends one */
    size_t nsect = 1;
    for (xmlNode *c = body->children; c; c = c->next)
        if (is_w(c, "p") && wchild(wchild(c, "pPr"), "sectPr"))
            nsect++;
    d->sections = arena_alloc(L.a, nsect * sizeof *d->sections);
    block_vec cur = {0};
    xmlNode *last_sp = wchild(body, "sectPr");
    for (xmlNode *c = body->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "p")) {
            read_para(&L, &pc, c, &cur);
            xmlNode *sp = wchild(wchild(c, "pPr"), "sectPr");
            if (sp) {
                layout_section *s = &d->sections[d->nsections++];
                read_sectpr(&L, &r, sp, s, nr.size);
                s->body.blocks = cur.items;
                s->body.nblocks = cur.n;
                memset(&cur, 0, sizeof cur);
            }
        } else if (is_w(c, "tbl")) {
            read_table(&L, &pc, c, &cur, 0);
        } else if (is_w(c, "sdt")) {
            xmlNode *content = wchild(c, "sdtContent");
            if (content)
                read_blocks(&L, &pc, content, &cur, 1);
        } else if (!is_w(c, "sectPr") && !is_w(c, "bookmarkStart") && !is_w(c, "bookmarkEnd") &&
                   !is_w(c, "proofErr")) {
            warn_elem(&L, c, _("block content"));
        }
    }
    layout_section *s = &d->sections[d->nsections++];
    read_sectpr(&L, &r, last_sp, s, nr.size);
    s->body.blocks = cur.items;
    s->body.nblocks = cur.n;
    /* a section without its own header/footer of a kind inherits the previous one's */
    for (size_t i = 1; i < d->nsections; i++)
        for (int k = 0; k < 3; k++) {
            if (!d->sections[i].header[k])
                d->sections[i].header[k] = d->sections[i - 1].header[k];
            if (!d->sections[i].footer[k])
                d->sections[i].footer[k] = d->sections[i - 1].footer[k];
        }
    for (size_t i = 0; i < L.nwarned; i++)
        free(L.warned[i]);
    free(L.warned);
    if (L.refused) {
        layout_doc_free(d);
        return NULL;
    }
    return d;
}

void layout_doc_free(layout_doc *d)
{
    if (d)
        arena_free(d->arena);
}
