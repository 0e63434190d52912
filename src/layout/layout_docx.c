/* layout_docx — WordprocessingML → layout_doc: reads the package (parts,
 * relationships, theme), sections, headers and footers, and hands styles to
 * layout_styles and the body to layout_body.  See layout_doc.h; the
 * supported subset is listed in docs/rendering.md.  The loader state and
 * XML helpers it shares are in layout_loader.h. */
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
#include "layout/layout_body.h"
#include "layout/layout_loader.h"
#include "layout/layout_styles.h"

/* ---- small XML helpers ------------------------------------------------ */

bool layout_in_ns(const xmlNode *n, const char *ns)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

bool layout_is_w(const xmlNode *n, const char *name)
{
    return layout_in_ns(n, W_NS) && !strcmp((const char *)n->name, name);
}

const char *layout_attr_ns(const xmlNode *n, const char *name, const char *ns)
{
    if (!n)
        return NULL;
    xmlAttr *a = xmlHasNsProp((xmlNode *)n, (const xmlChar *)name, (const xmlChar *)ns);
    if (!a || !a->children || a->children->type != XML_TEXT_NODE)
        return NULL;
    return (const char *)a->children->content;
}

const char *layout_wattr(const xmlNode *n, const char *name)
{
    return layout_attr_ns(n, name, W_NS);
}

xmlNode *layout_wchild(const xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next)
        if (layout_is_w(c, name))
            return c;
    return NULL;
}

const char *layout_wchild_val(const xmlNode *n, const char *name)
{
    return layout_wattr(layout_wchild(n, name), "val");
}

double layout_num(const char *s, double dflt)
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
bool layout_onoff(const xmlNode *n)
{
    const char *v = layout_wattr(n, "val");
    return !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0);
}

uint32_t layout_hex_color(const char *s, uint32_t dflt)
{
    if (!s || !strcmp(s, "auto") || strlen(s) != 6)
        return dflt;
    char *end;
    unsigned long v = strtoul(s, &end, 16);
    return *end ? dflt : (uint32_t)v;
}

void layout_warn_once(loader *L, const char *what, const char *fmt_context)
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

void layout_warn_elem(loader *L, const xmlNode *n, const char *context)
{
    char what[160];
    const char *prefix = n->ns && n->ns->prefix ? (const char *)n->ns->prefix : "";
    snprintf(what, sizeof what, "%s%s%s", prefix, *prefix ? ":" : "", (const char *)n->name);
    layout_warn_once(L, what, context);
}

bool layout_name_in(const char *name, const char *const *list)
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

const char *layout_rel_target(const rels *r, const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->items[i].id, id))
            return r->items[i].external ? NULL : r->items[i].target;
    return NULL;
}

xmlNode *layout_find_desc(xmlNode *n, const char *ns, const char *name, int depth)
{
    if (!n || depth > MAX_DEPTH)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next) {
        if (layout_in_ns(c, ns) && !strcmp((const char *)c->name, name))
            return c;
        xmlNode *f = layout_find_desc(c, ns, name, depth + 1);
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
        if (!layout_in_ns(c, A_NS))
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
            if (!layout_in_ns(c, A_NS) || strcmp((const char *)c->name, "font"))
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
    xmlNode *minor = layout_find_desc(root, A_NS, "minorFont", 0);
    xmlNode *major = layout_find_desc(root, A_NS, "majorFont", 0);
    L->theme_minor_latin = theme_face(L, minor, false);
    L->theme_minor_ea = theme_face(L, minor, true);
    L->theme_major_latin = theme_face(L, major, false);
    L->theme_major_ea = theme_face(L, major, true);
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
    layout_read_blocks(L, &pc, root, &v, 0);
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
    xmlNode *sz = layout_wchild(sp, "pgSz");
    if (sz) {
        double w = layout_num(layout_wattr(sz, "w"), 12240) / 20, h = layout_num(layout_wattr(sz, "h"), 15840) / 20;
        if (w >= 72 && w <= 2000 && h >= 72 && h <= 2000)
            s->page_w = w, s->page_h = h;
        const char *o = layout_wattr(sz, "orient");
        if (o && !strcmp(o, "landscape") && s->page_w < s->page_h) {
            double t = s->page_w;
            s->page_w = s->page_h;
            s->page_h = t;
        }
    }
    xmlNode *m = layout_wchild(sp, "pgMar");
    if (m) {
        s->mar_top = layout_num(layout_wattr(m, "top"), 1440) / 20;
        s->mar_bottom = layout_num(layout_wattr(m, "bottom"), 1440) / 20;
        s->mar_left = layout_num(layout_wattr(m, "left"), 1800) / 20 + layout_num(layout_wattr(m, "gutter"), 0) / 20;
        s->mar_right = layout_num(layout_wattr(m, "right"), 1800) / 20;
        s->mar_header = layout_num(layout_wattr(m, "header"), 720) / 20;
        s->mar_footer = layout_num(layout_wattr(m, "footer"), 720) / 20;
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
    xmlNode *g = layout_wchild(sp, "docGrid");
    if (g) {
        const char *type = layout_wattr(g, "type");
        s->grid_type = !type ? LAYOUT_GRID_NONE : !strcmp(type, "lines") ? LAYOUT_GRID_LINES
                     : (!strcmp(type, "linesAndChars") || !strcmp(type, "snapToChars")) ? LAYOUT_GRID_LINES_CHARS
                     : LAYOUT_GRID_NONE;
        s->grid_pitch = layout_num(layout_wattr(g, "linePitch"), 0) / 20;
        if (s->grid_pitch < 1 || s->grid_pitch > 500)
            s->grid_type = LAYOUT_GRID_NONE;
        if (s->grid_type == LAYOUT_GRID_LINES_CHARS) {
            /* charSpace is the change to the Normal font's pitch in 1/4096 pt;
             * like LibreOffice, only a widening is applied */
            double add = layout_num(layout_wattr(g, "charSpace"), 0) / 4096.0;
            s->grid_char_add = add > 0 && add < normal_size ? add : 0;
        }
    }
    s->title_pg = layout_wchild(sp, "titlePg") && layout_onoff(layout_wchild(sp, "titlePg"));
    xmlNode *pn = layout_wchild(sp, "pgNumType");
    if (pn && layout_wattr(pn, "start"))
        s->page_start = (int)layout_num(layout_wattr(pn, "start"), 1);
    const char *fmt = pn ? layout_wattr(pn, "fmt") : NULL;
    if (fmt && strcmp(fmt, "decimal") != 0)
        layout_warn_once(L, _("page number formats other than decimal"), _("pages are numbered 1, 2, 3"));
    xmlNode *cols = layout_wchild(sp, "cols");
    if (cols && layout_num(layout_wattr(cols, "num"), 1) > 1)
        layout_warn_once(L, _("multiple text columns"), _("the text is set in one column"));
    for (xmlNode *c = sp->children; c; c = c->next) {
        bool hdr = layout_is_w(c, "headerReference"), ftr = layout_is_w(c, "footerReference");
        if (!hdr && !ftr)
            continue;
        const char *type = layout_wattr(c, "type");
        int idx = !type || !strcmp(type, "default") ? 0 : !strcmp(type, "first") ? 1 : !strcmp(type, "even") ? 2 : 0;
        const char *target = layout_rel_target(r, layout_attr_ns(c, "id", R_NS));
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
    xmlNode *body = layout_wchild(root, "body");
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
    layout_load_styles(&L);

    layout_doc *d = arena_alloc(L.a, sizeof *d);
    d->arena = L.a;
    d->default_tab = 36;
    xmlDoc *settings = src->xml(src->ctx, "word/settings.xml");
    xmlNode *sroot = settings ? xmlDocGetRootElement(settings) : NULL;
    if (sroot) {
        xmlNode *dt = layout_wchild(sroot, "defaultTabStop");
        if (dt) {
            double v = layout_num(layout_wattr(dt, "val"), 720) / 20;
            if (v >= 1 && v <= 500)
                d->default_tab = v;
        }
        d->even_and_odd = layout_wchild(sroot, "evenAndOddHeaders") && layout_onoff(layout_wchild(sroot, "evenAndOddHeaders"));
        xmlNode *compat = layout_wchild(sroot, "compat");
        for (xmlNode *c = compat ? compat->children : NULL; c; c = c->next) {
            if (!layout_is_w(c, "compatSetting"))
                continue;
            const char *nm = layout_wattr(c, "name");
            if (nm && !strcmp(nm, "compatibilityMode"))
                d->compat_mode = (int)layout_num(layout_wattr(c, "val"), 12);
        }
    }
    if (!d->compat_mode)
        d->compat_mode = 12;
    /* the Normal style's East Asian size is the grid's reference */
    ppr_state ps;
    layout_rpr nr;
    layout_style_defaults(&L, &ps, &nr);
    layout_apply_style_chain(&L, L.default_pstyle, &ps, &nr, 0);

    rels r = load_rels(&L, "word/document.xml");
    int para_no = 0;
    part_ctx pc = {&r, NULL, "word/document.xml", &para_no};

    /* sections: a paragraph whose pPr holds a sectPr ends one */
    size_t nsect = 1;
    for (xmlNode *c = body->children; c; c = c->next)
        if (layout_is_w(c, "p") && layout_wchild(layout_wchild(c, "pPr"), "sectPr"))
            nsect++;
    d->sections = arena_alloc(L.a, nsect * sizeof *d->sections);
    block_vec cur = {0};
    xmlNode *last_sp = layout_wchild(body, "sectPr");
    for (xmlNode *c = body->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (layout_is_w(c, "p")) {
            layout_read_para(&L, &pc, c, &cur);
            xmlNode *sp = layout_wchild(layout_wchild(c, "pPr"), "sectPr");
            if (sp) {
                layout_section *s = &d->sections[d->nsections++];
                read_sectpr(&L, &r, sp, s, nr.size);
                s->body.blocks = cur.items;
                s->body.nblocks = cur.n;
                memset(&cur, 0, sizeof cur);
            }
        } else if (layout_is_w(c, "tbl")) {
            layout_read_table(&L, &pc, c, &cur, 0);
        } else if (layout_is_w(c, "sdt")) {
            xmlNode *content = layout_wchild(c, "sdtContent");
            if (content)
                layout_read_blocks(&L, &pc, content, &cur, 1);
        } else if (!layout_is_w(c, "sectPr") && !layout_is_w(c, "bookmarkStart") && !layout_is_w(c, "bookmarkEnd") &&
                   !layout_is_w(c, "proofErr")) {
            layout_warn_elem(&L, c, _("block content"));
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
