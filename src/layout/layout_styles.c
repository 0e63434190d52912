/* layout_styles — styles, document defaults and direct formatting resolved
 * into run and paragraph properties.  See layout_styles.h for the contract. */
#include "layout/layout_styles.h"
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

/* ---- styles ----------------------------------------------------------- */

void layout_load_styles(loader *L)
{
    xmlDoc *d = L->src->xml(L->src->ctx, "word/styles.xml");
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    if (!root)
        return;
    xmlNode *defs = layout_wchild(root, "docDefaults");
    L->rpr_default = layout_wchild(layout_wchild(defs, "rPrDefault"), "rPr");
    L->ppr_default = layout_wchild(layout_wchild(defs, "pPrDefault"), "pPr");
    size_t n = 0;
    for (xmlNode *c = root->children; c; c = c->next)
        n += layout_is_w(c, "style");
    L->styles = arena_alloc(L->a, (n ? n : 1) * sizeof *L->styles);
    for (xmlNode *c = root->children; c; c = c->next) {
        if (!layout_is_w(c, "style"))
            continue;
        style *s = &L->styles[L->nstyles++];
        const char *type = layout_wattr(c, "type");
        s->type = !type ? 'p' : !strcmp(type, "paragraph") ? 'p' : !strcmp(type, "character") ? 'c'
                : !strcmp(type, "table") ? 't' : 'n';
        s->id = layout_wattr(c, "styleId");
        s->node = c;
        s->based_on = layout_wchild_val(c, "basedOn");
        const char *def = layout_wattr(c, "default");
        s->is_default = def && (!strcmp(def, "1") || !strcmp(def, "true"));
        if (s->is_default && s->type == 'p' && !L->default_pstyle)
            L->default_pstyle = s;
        if (s->is_default && s->type == 't' && !L->default_tstyle)
            L->default_tstyle = s;
    }
}

const style *layout_find_style(const loader *L, const char *id, int type)
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

void layout_apply_rpr(loader *L, layout_rpr *r, const xmlNode *rpr)
{
    if (!rpr)
        return;
    for (xmlNode *c = rpr->children; c; c = c->next) {
        if (!layout_in_ns(c, W_NS))
            continue;
        const char *n = (const char *)c->name;
        if (!strcmp(n, "rFonts")) {
            const char *v;
            if ((v = theme_font(L, layout_wattr(c, "asciiTheme"))) || (v = theme_font(L, layout_wattr(c, "hAnsiTheme"))))
                r->font_ascii = v;
            if ((v = layout_wattr(c, "ascii")) || (v = layout_wattr(c, "hAnsi")))
                r->font_ascii = v;
            if ((v = theme_font(L, layout_wattr(c, "eastAsiaTheme"))))
                r->font_ea = v;
            if ((v = layout_wattr(c, "eastAsia")))
                r->font_ea = v;
            if ((v = layout_wattr(c, "hint")))
                r->hint_ea = !strcmp(v, "eastAsia");
        } else if (!strcmp(n, "sz")) {
            double v = layout_num(layout_wattr(c, "val"), -1);
            if (v >= 2 && v <= 3276)
                r->size = v / 2;
        } else if (!strcmp(n, "b")) {
            r->bold = layout_onoff(c);
        } else if (!strcmp(n, "i")) {
            r->italic = layout_onoff(c);
        } else if (!strcmp(n, "u")) {
            const char *v = layout_wattr(c, "val");
            r->underline = v && strcmp(v, "none") != 0;
        } else if (!strcmp(n, "strike") || !strcmp(n, "dstrike")) {
            r->strike = layout_onoff(c);
        } else if (!strcmp(n, "vanish")) {
            r->vanish = layout_onoff(c);
        } else if (!strcmp(n, "color")) {
            r->color = layout_hex_color(layout_wattr(c, "val"), 0);
        } else if (!strcmp(n, "vertAlign")) {
            const char *v = layout_wattr(c, "val");
            r->vert = !v ? 0 : !strcmp(v, "superscript") ? 1 : !strcmp(v, "subscript") ? 2 : 0;
        } else if (!strcmp(n, "spacing")) {
            r->spacing = layout_num(layout_wattr(c, "val"), 0) / 20.0;
        } else if (!layout_name_in(n, rpr_quiet)) {
            layout_warn_elem(L, c, _("run property"));
        }
    }
}

static const char *const ppr_quiet[] = {
    "pStyle", "rPr", "sectPr", "textAlignment", "adjustRightInd", "kinsoku",
    "wordWrap", "overflowPunct", "topLinePunct", "suppressAutoHyphens", "suppressLineNumbers", "bidi",
    "divId", "cnfStyle", "suppressOverlap", "pPrChange", "mirrorIndents", NULL};

void layout_apply_ppr(loader *L, ppr_state *s, const xmlNode *ppr)
{
    if (!ppr)
        return;
    layout_ppr *p = &s->p;
    for (xmlNode *c = ppr->children; c; c = c->next) {
        if (!layout_in_ns(c, W_NS))
            continue;
        const char *n = (const char *)c->name;
        if (!strcmp(n, "jc")) {
            const char *v = layout_wattr(c, "val");
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
            if ((v = layout_wattr(c, "left")) || (v = layout_wattr(c, "start")))
                p->ind_left = layout_num(v, 0) / 20, s->left_chars = -1;
            if ((v = layout_wattr(c, "right")) || (v = layout_wattr(c, "end")))
                p->ind_right = layout_num(v, 0) / 20, s->right_chars = -1;
            if ((v = layout_wattr(c, "firstLine")))
                p->ind_first = layout_num(v, 0) / 20, s->first_chars = -1;
            if ((v = layout_wattr(c, "hanging")))
                p->ind_first = -layout_num(v, 0) / 20, s->first_chars = -1;
            if ((v = layout_wattr(c, "leftChars")) || (v = layout_wattr(c, "startChars")))
                s->left_chars = layout_num(v, 0);
            if ((v = layout_wattr(c, "rightChars")) || (v = layout_wattr(c, "endChars")))
                s->right_chars = layout_num(v, 0);
            if ((v = layout_wattr(c, "firstLineChars")))
                s->first_chars = layout_num(v, 0);
            if ((v = layout_wattr(c, "hangingChars")))
                s->first_chars = -layout_num(v, 0) - 0.0001;   /* negative and distinguishable from "unset" */
        } else if (!strcmp(n, "spacing")) {
            const char *v;
            if ((v = layout_wattr(c, "before")))
                p->space_before = layout_num(v, 0) / 20, s->before_lines = -1;
            if ((v = layout_wattr(c, "after")))
                p->space_after = layout_num(v, 0) / 20, s->after_lines = -1;
            if ((v = layout_wattr(c, "beforeLines")))
                s->before_lines = layout_num(v, 0);
            if ((v = layout_wattr(c, "afterLines")))
                s->after_lines = layout_num(v, 0);
            if ((v = layout_wattr(c, "line"))) {
                const char *rule = layout_wattr(c, "lineRule");
                double lv = layout_num(v, 240);
                if (rule && !strcmp(rule, "exact"))
                    p->line_rule = LAYOUT_LINE_EXACT, p->line = lv / 20;
                else if (rule && !strcmp(rule, "atLeast"))
                    p->line_rule = LAYOUT_LINE_ATLEAST, p->line = lv / 20;
                else
                    p->line_rule = LAYOUT_LINE_AUTO, p->line = lv > 0 ? lv / 240 : 1;
            }
        } else if (!strcmp(n, "keepNext")) {
            p->keep_next = layout_onoff(c);
        } else if (!strcmp(n, "keepLines")) {
            p->keep_lines = layout_onoff(c);
        } else if (!strcmp(n, "pageBreakBefore")) {
            p->page_break_before = layout_onoff(c);
        } else if (!strcmp(n, "widowControl")) {
            p->widow = layout_onoff(c);
        } else if (!strcmp(n, "autoSpaceDE") || !strcmp(n, "autoSpaceDN")) {
            p->autospace = layout_onoff(c);
        } else if (!strcmp(n, "snapToGrid")) {
            p->snap_grid = layout_onoff(c);
        } else if (!strcmp(n, "contextualSpacing")) {
            p->contextual = layout_onoff(c);
        } else if (!strcmp(n, "outlineLvl")) {
            double v = layout_num(layout_wattr(c, "val"), 9);
            p->outline = v >= 0 && v < 9 ? (int)v : -1;
        } else if (!strcmp(n, "tabs")) {
            size_t cnt = 0;
            for (xmlNode *t = c->children; t; t = t->next)
                cnt += layout_is_w(t, "tab");
            layout_tab *tabs = arena_alloc(L->a, (cnt + p->ntabs + 1) * sizeof *tabs);
            size_t k = 0;
            for (size_t i = 0; i < p->ntabs; i++)
                tabs[k++] = p->tabs[i];
            for (xmlNode *t = c->children; t; t = t->next) {
                if (!layout_is_w(t, "tab"))
                    continue;
                const char *val = layout_wattr(t, "val");
                double pos = layout_num(layout_wattr(t, "pos"), 0) / 20;
                if (val && !strcmp(val, "clear")) {
                    for (size_t i = 0; i < k; i++)
                        if (tabs[i].pos == pos)
                            tabs[i] = tabs[--k], i--;
                    continue;
                }
                int al = !val ? 0 : !strcmp(val, "center") ? 1 : (!strcmp(val, "right") || !strcmp(val, "end")) ? 2 : 0;
                if (val && !strcmp(val, "decimal"))
                    layout_warn_once(L, _("decimal tab stops"), _("treated as right-aligned")), al = 2;
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
            const char *id = layout_wchild_val(c, "numId");
            if (id && strcmp(id, "0") != 0)
                layout_warn_once(L, _("automatic numbering (w:numPr)"), _("the paragraphs are shown without their numbers"));
        } else if (!layout_name_in(n, ppr_quiet)) {
            layout_warn_elem(L, c, _("paragraph property"));
        }
    }
}

/* Applies a style and the styles it is based on, base first.  Loops and
 * chains deeper than MAX_STYLE_CHAIN are cut. */
void layout_apply_style_chain(loader *L, const style *s, ppr_state *ps, layout_rpr *r, int depth)
{
    if (!s || depth > MAX_STYLE_CHAIN)
        return;
    if (s->based_on) {
        const style *base = layout_find_style(L, s->based_on, s->type);
        if (base && base != s)
            layout_apply_style_chain(L, base, ps, r, depth + 1);
    }
    if (ps)
        layout_apply_ppr(L, ps, layout_wchild(s->node, "pPr"));
    if (r)
        layout_apply_rpr(L, r, layout_wchild(s->node, "rPr"));
}

void layout_style_defaults(loader *L, ppr_state *ps, layout_rpr *r)
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
    layout_apply_ppr(L, ps, L->ppr_default);
    layout_apply_rpr(L, r, L->rpr_default);
}
