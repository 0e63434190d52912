/* layout_body — a part's block content (paragraphs, runs, pictures, fields,
 * tables) read into the model.  See layout_body.h for the contract. */
#include "layout/layout_body.h"
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
#include "layout/layout_styles.h"

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
        if (!layout_in_ns(c, WP_NS))
            continue;
        if (strcmp((const char *)c->name, "inline") != 0) {
            layout_warn_once(L, _("floating drawings (wp:anchor)"), _("only inline pictures are placed"));
            continue;
        }
        xmlNode *ext = NULL;
        for (xmlNode *e = c->children; e; e = e->next)
            if (layout_in_ns(e, WP_NS) && !strcmp((const char *)e->name, "extent"))
                ext = e;
        xmlNode *blip = layout_find_desc(c, A_NS, "blip", 0);
        if (!blip) {
            layout_warn_once(L, _("drawings other than pictures"), _("the drawing is left out"));
            continue;
        }
        diag_loc loc = {.part = pc->part, .para = pc->para ? *pc->para : 0};
        const char *id = layout_attr_ns(blip, "embed", R_NS);
        const char *target = layout_rel_target(pc->rels, id);
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
        const char *cx = ext ? layout_attr_ns(ext, "cx", NULL) : NULL;
        const char *cy = ext ? layout_attr_ns(ext, "cy", NULL) : NULL;
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
    xmlNode *rp = layout_wchild(r, "rPr");
    const char *cs = layout_wchild_val(rp, "rStyle");
    if (cs)
        layout_apply_style_chain(L, layout_find_style(L, cs, 'c'), NULL, &rpr, 0);
    layout_apply_rpr(L, &rpr, rp);
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
        if (layout_in_ns(c, MC_NS) && !strcmp((const char *)c->name, "AlternateContent")) {
            /* take the fallback: it is what a consumer without the extension shows */
            for (xmlNode *alt = c->children; alt; alt = alt->next)
                if (layout_in_ns(alt, MC_NS) && !strcmp((const char *)alt->name, "Fallback"))
                    read_run_content(L, pc, alt, rpr, out, fs, depth + 1);
            continue;
        }
        if (!layout_in_ns(c, W_NS)) {
            layout_warn_elem(L, c, _("run content"));
            continue;
        }
        const char *n = (const char *)c->name;
        if (!strcmp(n, "fldChar")) {
            const char *t = layout_wattr(c, "fldCharType");
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
            const char *type = layout_wattr(c, "type");
            layout_run *br = run_push(L, out);
            br->kind = LAYOUT_RUN_BREAK;
            br->rpr = *rpr;
            br->field = type && (!strcmp(type, "page") || !strcmp(type, "column")) ? 1 : 0;
            if (type && !strcmp(type, "column"))
                layout_warn_once(L, _("column breaks"), _("treated as page breaks"));
        } else if (!strcmp(n, "noBreakHyphen")) {
            add_text(L, out, rpr, "\u2011", strlen("\u2011"));
        } else if (!strcmp(n, "sym")) {
            const char *ch = layout_wattr(c, "char");
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
            layout_warn_elem(L, c, _("VML pictures and embedded objects"));
        } else if (!strcmp(n, "footnoteReference") || !strcmp(n, "endnoteReference")) {
            layout_warn_elem(L, c, _("footnotes and endnotes"));
        } else if (!layout_name_in(n, run_quiet)) {
            layout_warn_elem(L, c, _("run content"));
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
        if (layout_in_ns(c, MC_NS) && !strcmp((const char *)c->name, "AlternateContent")) {
            for (xmlNode *alt = c->children; alt; alt = alt->next)
                if (layout_in_ns(alt, MC_NS) && !strcmp((const char *)alt->name, "Fallback"))
                    read_para_content(L, pc, alt, prpr, out, fs, depth + 1);
            continue;
        }
        if (!layout_in_ns(c, W_NS)) {
            layout_warn_elem(L, c, _("paragraph content"));
            continue;
        }
        const char *n = (const char *)c->name;
        if (!strcmp(n, "r")) {
            read_run(L, pc, c, prpr, out, fs);
        } else if (!strcmp(n, "hyperlink") || !strcmp(n, "ins") || !strcmp(n, "smartTag") ||
                   !strcmp(n, "customXml") || !strcmp(n, "moveTo") || !strcmp(n, "dir") || !strcmp(n, "bdo")) {
            read_para_content(L, pc, c, prpr, out, fs, depth + 1);
        } else if (!strcmp(n, "sdt")) {
            xmlNode *content = layout_wchild(c, "sdtContent");
            if (content)
                read_para_content(L, pc, content, prpr, out, fs, depth + 1);
        } else if (!strcmp(n, "fldSimple")) {
            int k = field_kind(layout_wattr(c, "instr") ? layout_wattr(c, "instr") : "");
            if (k != LAYOUT_FIELD_NONE) {
                layout_rpr rpr = *prpr;
                xmlNode *r = layout_wchild(c, "r");
                if (r)
                    layout_apply_rpr(L, &rpr, layout_wchild(r, "rPr"));
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
            layout_warn_elem(L, c, _("equations"));
        } else {
            layout_warn_elem(L, c, _("paragraph content"));
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
    layout_style_defaults(L, &ps, &rpr);
    if (pc->tstyle)
        layout_apply_style_chain(L, pc->tstyle, &ps, &rpr, 0);
    xmlNode *ppr = layout_wchild(p, "pPr");
    const char *sid = layout_wchild_val(ppr, "pStyle");
    const style *st = layout_find_style(L, sid, 'p');
    if (!st)
        st = L->default_pstyle;
    layout_apply_style_chain(L, st, &ps, &rpr, 0);
    layout_apply_ppr(L, &ps, ppr);
    ps.p.style_id = st ? st->id : NULL;
    layout_rpr mark = rpr;
    layout_apply_rpr(L, &mark, layout_wchild(ppr, "rPr"));
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

/* The runs of paragraph content, counting no further than past `limit`. */
static size_t count_runs(const xmlNode *p, size_t limit, int depth)
{
    size_t n = 0;
    if (depth > MAX_DEPTH)
        return 0;
    for (const xmlNode *c = p->children; c && n <= limit; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (layout_is_w(c, "r"))
            n++;
        else if (!layout_is_w(c, "p") && !layout_is_w(c, "tbl"))
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
        if (c->type != XML_ELEMENT_NODE || layout_is_w(c, "pPr"))
            continue;
        if (layout_is_w(c, "r")) {
            xmlNode *rtl = layout_wchild(layout_wchild(c, "rPr"), "rtl");
            if (rtl && layout_onoff(rtl))
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
    xmlNode *ppr = layout_wchild(p, "pPr");
    xmlNode *bidi = layout_wchild(ppr, "bidi");
    if (bidi)
        return layout_onoff(bidi);
    const style *st = layout_find_style(L, layout_wchild_val(ppr, "pStyle"), 'p');
    if (!st)
        st = L->default_pstyle;
    for (int i = 0; st && i < MAX_STYLE_CHAIN; i++, st = layout_find_style(L, st->based_on, 'p')) {
        bidi = layout_wchild(layout_wchild(st->node, "pPr"), "bidi");
        if (bidi)
            return layout_onoff(bidi);
    }
    return runs_rtl(p, 0);
}

void layout_read_para(loader *L, const part_ctx *pc, xmlNode *p, block_vec *out)
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
    const char *v = layout_wattr(b, "val");
    if (!v || !strcmp(v, "nil") || !strcmp(v, "none")) {
        out->style = 0;
        return;
    }
    out->style = !strcmp(v, "double") ? 2 : 1;
    double sz = layout_num(layout_wattr(b, "sz"), 4);
    if (sz < 2)
        sz = 2;
    if (sz > 96)
        sz = 96;
    out->width = sz / 8.0;
    out->color = layout_hex_color(layout_wattr(b, "color"), 0);
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
    xmlNode *borders = layout_wchild(tblPr, "tblBorders");
    if (borders) {
        static const char *const names[6][2] = {{"top", NULL}, {"left", "start"}, {"bottom", NULL},
                                                {"right", "end"}, {"insideH", NULL}, {"insideV", NULL}};
        for (int i = 0; i < 6; i++) {
            xmlNode *b = layout_wchild(borders, names[i][0]);
            if (!b && names[i][1])
                b = layout_wchild(borders, names[i][1]);
            read_border(b, &tp->b[i]);
        }
    }
    xmlNode *mar = layout_wchild(tblPr, "tblCellMar");
    if (mar) {
        static const char *const names[4][2] = {{"top", NULL}, {"left", "start"}, {"bottom", NULL}, {"right", "end"}};
        for (int i = 0; i < 4; i++) {
            xmlNode *m = layout_wchild(mar, names[i][0]);
            if (!m && names[i][1])
                m = layout_wchild(mar, names[i][1]);
            if (m)
                tp->mar[i] = layout_num(layout_wattr(m, "w"), 0) / 20;
        }
    }
    xmlNode *ind = layout_wchild(tblPr, "tblInd");
    if (ind)
        tp->indent = layout_num(layout_wattr(ind, "w"), 0) / 20;
    const char *jc = layout_wchild_val(tblPr, "jc");
    if (jc)
        tp->align = !strcmp(jc, "center") ? LAYOUT_ALIGN_CENTER
                  : (!strcmp(jc, "right") || !strcmp(jc, "end")) ? LAYOUT_ALIGN_RIGHT : LAYOUT_ALIGN_LEFT;
    if (layout_wchild(tblPr, "tblCellSpacing"))
        layout_warn_once(L, _("cell spacing (w:tblCellSpacing)"), _("cells are drawn without spacing"));
    if (layout_wchild(tblPr, "tblpPr"))
        layout_warn_once(L, _("floating tables (w:tblpPr)"), _("the table is placed in the text flow"));
}

static void apply_tstyle_chain(loader *L, const style *s, tbl_props *tp, int depth)
{
    if (!s || depth > MAX_STYLE_CHAIN)
        return;
    if (s->based_on) {
        const style *base = layout_find_style(L, s->based_on, 't');
        if (base && base != s)
            apply_tstyle_chain(L, base, tp, depth + 1);
    }
    read_tbl_props(L, layout_wchild(s->node, "tblPr"), tp);
    if (layout_wchild(s->node, "tblStylePr"))
        layout_warn_once(L, _("conditional table style formatting (w:tblStylePr)"), _("the table style's base formatting is used"));
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
        if (!layout_is_w(c, "sdt")) {
            c = c->next;
            continue;
        }
        xmlNode *content = layout_wchild(c, "sdtContent");
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

void layout_read_table(loader *L, const part_ctx *outer, xmlNode *tbl, block_vec *out, int depth)
{
    if (L->table_depth >= MAX_TABLE_DEPTH) {
        layout_warn_once(L, _("tables nested more than 8 deep"), _("the inner tables are left out"));
        return;
    }
    unwrap_sdt(tbl);
    for (xmlNode *tr = tbl->children; tr; tr = tr->next)
        if (layout_is_w(tr, "tr"))
            unwrap_sdt(tr);
    xmlNode *tblPr = layout_wchild(tbl, "tblPr");
    tbl_props tp;
    memset(&tp, 0, sizeof tp);
    tp.mar[LAYOUT_EDGE_LEFT] = tp.mar[LAYOUT_EDGE_RIGHT] = 5.4;
    const style *ts = layout_find_style(L, layout_wchild_val(tblPr, "tblStyle"), 't');
    if (!ts)
        ts = L->default_tstyle;
    apply_tstyle_chain(L, ts, &tp, 0);
    read_tbl_props(L, tblPr, &tp);

    layout_block *b = block_push(L, out);
    b->kind = LAYOUT_BLOCK_TABLE;
    layout_table *t = &b->table;
    t->indent = tp.indent;
    t->align = tp.align;

    xmlNode *grid = layout_wchild(tbl, "tblGrid");
    int ncols = 0;
    for (xmlNode *g = grid ? grid->children : NULL; g; g = g->next)
        ncols += layout_is_w(g, "gridCol");
    if (ncols > MAX_GRID_COLS)
        ncols = MAX_GRID_COLS;
    /* count rows and find the widest row in grid units (a table without a
     * usable grid gets equal columns) */
    size_t nrows = 0;
    int maxspan = 0;
    for (xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!layout_is_w(tr, "tr"))
            continue;
        nrows++;
        int span = (int)layout_num(layout_wchild_val(layout_wchild(tr, "trPr"), "gridBefore"), 0);
        for (xmlNode *tc = tr->children; tc; tc = tc->next)
            if (layout_is_w(tc, "tc")) {
                int s = (int)layout_num(layout_wchild_val(layout_wchild(tc, "tcPr"), "gridSpan"), 1);
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
        if (layout_is_w(g, "gridCol"))
            t->grid[k++] = layout_num(layout_wattr(g, "w"), 0) / 20;
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
        if (!layout_is_w(tr, "tr")) {
            if (layout_is_w(tr, "tblPr") || layout_is_w(tr, "tblGrid") || layout_is_w(tr, "bookmarkStart") || layout_is_w(tr, "bookmarkEnd"))
                continue;
            if (tr->type == XML_ELEMENT_NODE)
                layout_warn_elem(L, tr, _("table content"));
            continue;
        }
        layout_row *row = &t->rows[r++];
        xmlNode *trPr = layout_wchild(tr, "trPr");
        bool is_header = trPr && layout_wchild(trPr, "tblHeader") && layout_onoff(layout_wchild(trPr, "tblHeader"));
        /* only an unbroken run of header rows from the top repeats */
        row->header = is_header && header_run;
        if (!is_header)
            header_run = false;
        row->cant_split = trPr && layout_wchild(trPr, "cantSplit") && layout_onoff(layout_wchild(trPr, "cantSplit"));
        xmlNode *h = layout_wchild(trPr, "trHeight");
        if (h) {
            row->height = layout_num(layout_wattr(h, "val"), 0) / 20;
            const char *rule = layout_wattr(h, "hRule");
            row->height_rule = rule && !strcmp(rule, "exact") ? LAYOUT_LINE_EXACT : LAYOUT_LINE_ATLEAST;
        }
        if (layout_wchild(tr, "tblPrEx"))
            layout_warn_once(L, _("row-level table exceptions (w:tblPrEx)"), _("the table's own properties are used"));
        int col = (int)layout_num(layout_wchild_val(trPr, "gridBefore"), 0);
        if (col < 0)
            col = 0;
        size_t ncells = 0;
        for (xmlNode *tc = tr->children; tc; tc = tc->next)
            ncells += layout_is_w(tc, "tc");
        row->cells = arena_alloc(L->a, (ncells ? ncells : 1) * sizeof *row->cells);
        for (xmlNode *tc = tr->children; tc; tc = tc->next) {
            if (!layout_is_w(tc, "tc"))
                continue;
            if (col >= total_cols)
                break;
            layout_cell *cell = &row->cells[row->ncells++];
            xmlNode *tcPr = layout_wchild(tc, "tcPr");
            int span = (int)layout_num(layout_wchild_val(tcPr, "gridSpan"), 1);
            if (span < 1)
                span = 1;
            if (col + span > total_cols)
                span = total_cols - col;
            cell->col = col;
            cell->span = span;
            cell->rowspan = 1;
            col += span;
            xmlNode *vm = layout_wchild(tcPr, "vMerge");
            if (vm) {
                const char *v = layout_wattr(vm, "val");
                cell->vmerge = v && !strcmp(v, "restart") ? 1 : 2;
            }
            if (layout_wchild(tcPr, "hMerge"))
                layout_warn_once(L, _("legacy horizontal merges (w:hMerge)"), _("the cells are drawn unmerged"));
            if (layout_wchild(tcPr, "textDirection") && layout_wchild_val(tcPr, "textDirection") &&
                strcmp(layout_wchild_val(tcPr, "textDirection"), "lrTb") != 0)
                layout_warn_once(L, _("vertical text in cells (w:textDirection)"), _("the text is set horizontally"));
            /* borders: the cell's own, else the table's outer or inside ones */
            xmlNode *tcb = layout_wchild(tcPr, "tcBorders");
            bool last_row_hint = false;
            (void)last_row_hint;
            cell->border[LAYOUT_EDGE_TOP] = r == 1 ? tp.b[0] : tp.b[4];
            cell->border[LAYOUT_EDGE_LEFT] = cell->col == 0 ? tp.b[1] : tp.b[5];
            cell->border[LAYOUT_EDGE_BOTTOM] = tp.b[4];   /* fixed for the last row below */
            cell->border[LAYOUT_EDGE_RIGHT] = cell->col + cell->span >= total_cols ? tp.b[3] : tp.b[5];
            if (tcb) {
                read_border(layout_wchild(tcb, "top"), &cell->border[LAYOUT_EDGE_TOP]);
                xmlNode *l = layout_wchild(tcb, "left");
                read_border(l ? l : layout_wchild(tcb, "start"), &cell->border[LAYOUT_EDGE_LEFT]);
                read_border(layout_wchild(tcb, "bottom"), &cell->border[LAYOUT_EDGE_BOTTOM]);
                xmlNode *rr = layout_wchild(tcb, "right");
                read_border(rr ? rr : layout_wchild(tcb, "end"), &cell->border[LAYOUT_EDGE_RIGHT]);
                if (layout_wchild(tcb, "tl2br") || layout_wchild(tcb, "tr2bl"))
                    layout_warn_once(L, _("diagonal cell borders"), _("they are not drawn"));
            }
            xmlNode *shd = layout_wchild(tcPr, "shd");
            if (shd) {
                const char *fill = layout_wattr(shd, "fill");
                if (fill && strcmp(fill, "auto") != 0) {
                    cell->has_fill = true;
                    cell->fill = layout_hex_color(fill, 0xFFFFFF);
                }
            }
            const char *va = layout_wchild_val(tcPr, "vAlign");
            cell->valign = !va ? LAYOUT_VALIGN_TOP : !strcmp(va, "center") ? LAYOUT_VALIGN_CENTER
                         : !strcmp(va, "bottom") ? LAYOUT_VALIGN_BOTTOM : LAYOUT_VALIGN_TOP;
            memcpy(cell->mar, tp.mar, sizeof cell->mar);
            xmlNode *tcMar = layout_wchild(tcPr, "tcMar");
            if (tcMar) {
                static const char *const names[4][2] = {{"top", NULL}, {"left", "start"}, {"bottom", NULL},
                                                        {"right", "end"}};
                for (int i = 0; i < 4; i++) {
                    xmlNode *m = layout_wchild(tcMar, names[i][0]);
                    if (!m && names[i][1])
                        m = layout_wchild(tcMar, names[i][1]);
                    if (m)
                        cell->mar[i] = layout_num(layout_wattr(m, "w"), 0) / 20;
                }
            }
            block_vec cb = {0};
            layout_read_blocks(L, &pc, tc, &cb, depth + 1);
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

void layout_read_blocks(loader *L, const part_ctx *pc, xmlNode *parent, block_vec *out, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!layout_in_ns(c, W_NS)) {
            layout_warn_elem(L, c, _("block content"));
            continue;
        }
        const char *n = (const char *)c->name;
        if (!strcmp(n, "p"))
            layout_read_para(L, pc, c, out);
        else if (!strcmp(n, "tbl"))
            layout_read_table(L, pc, c, out, depth);
        else if (!strcmp(n, "sdt")) {
            xmlNode *content = layout_wchild(c, "sdtContent");
            if (content)
                layout_read_blocks(L, pc, content, out, depth + 1);
        } else if (!strcmp(n, "customXml") || !strcmp(n, "ins"))
            layout_read_blocks(L, pc, c, out, depth + 1);
        else if (!layout_name_in(n, body_quiet))
            layout_warn_elem(L, c, _("block content"));
    }
}
