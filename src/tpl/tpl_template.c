/* tpl_template — loading a template: find the tags across runs, isolate
 * each in a run of its own, parse and match them, wrap every block's
 * content in a private element, and check the fields against the schema.
 *
 * Why runs matter: Word and LibreOffice split typed text into runs at
 * every change of revision id, spell-check state or bookmark, so
 * "{{单位名称}}" may arrive as "{{", "单位", "名称}}" in three runs with
 * proofErr and bookmarkStart elements between them.  The tag is moved,
 * whole, into the run where it starts; the text around it keeps its runs
 * and formatting. */
#include "tpl_internal.h"
#include "../core/i18n.h"
#include "../docx/docx_package.h"
#include "../docx/docx_wml.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *file;
    const char *part;
    diag_list *diags;
    int errors;
    bool too_deep;      /* blocks nested past TPL_MAX_NESTING: nothing inside is checked further */
    tpl_part *tp;
    xmlNode **tag_runs; /* by tag index: its run, found once after isolating (runs move, never copied) */
} load_ctx;

static void tpl_error(load_ctx *c, int para, const char *tag, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void tpl_error(load_ctx *c, int para, const char *tag, const char *code, const char *fmt, ...)
{
    diag_loc l = {0};
    l.file = c->file;
    l.part = c->part;
    l.para = para;
    l.tag = tag;
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(c->diags, DIAG_ERROR, l, code, fmt, ap);
    va_end(ap);
    c->errors++;
}

/* ---- text nodes ---------------------------------------------------------- */

static char *node_text(xmlNode *t)
{
    xmlChar *s = xmlNodeGetContent(t);
    char *r = xstrdup(s ? (const char *)s : "");
    xmlFree(s);
    return r;
}

/* Replace the content of a w:t with raw text (escaped when written). */
static void set_t_text(xmlNode *t, const char *s)
{
    while (t->children) {
        xmlNode *c = t->children;
        xmlUnlinkNode(c);
        xmlFreeNode(c);
    }
    if (*s) xmlAddChild(t, xmlNewDocText(t->doc, BAD_CAST s));
    xmlNodeSetSpacePreserve(t, 1);
}

/* ---- paragraphs and their text segments ---------------------------------- */

typedef struct { xmlNode **v; size_t n, cap; } nodevec;

static void nv_push(nodevec *nv, xmlNode *n)
{
    if (nv->n == nv->cap) {
        nv->cap = nv->cap ? nv->cap * 2 : 64;
        nv->v = xrealloc(nv->v, nv->cap * sizeof(xmlNode *));
    }
    nv->v[nv->n++] = n;
}

static void collect_paras(xmlNode *n, nodevec *out)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is_w(c, "p")) nv_push(out, c);
        collect_paras(c, out);
    }
}

/* The runs of a paragraph (not of paragraphs nested in it), counting no
 * further than past `limit`. */
static size_t count_runs(xmlNode *n, size_t limit)
{
    size_t k = 0;
    for (xmlNode *c = n->children; c && k <= limit; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || docx_is_w(c, "p")) continue;
        if (docx_is_w(c, "r")) k++;
        else k += count_runs(c, limit - k);
    }
    return k;
}

/* The w:t nodes of a paragraph, in order, and NULL entries for the things
 * a tag may not span (tab, break, nested paragraph content is skipped). */
static void collect_segments(xmlNode *n, nodevec *out)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is_w(c, "p")) continue;
        if (docx_is_w(c, "t")) nv_push(out, c);
        else if (docx_is_w(c, "tab") || docx_is_w(c, "br") || docx_is_w(c, "cr") ||
                 docx_is_w(c, "drawing") || docx_is_w(c, "fldChar") || docx_is_w(c, "sym"))
            nv_push(out, NULL);
        else if (docx_is_w(c, "pPr") || docx_is_w(c, "rPr") || docx_is_w(c, "delText") ||
                 docx_is_w(c, "instrText"))
            continue;
        else collect_segments(c, out);
    }
}

/* Separator byte standing for a NULL segment in the joined text; it
 * cannot occur in XML text, so no tag can match across it. */
#define SEP '\x01'

/* What follows the "{{" at o: the first "}}", "{{" or SEP after it, in one
 * pass (looking for each with strstr from every "{{" is quadratic in a
 * paragraph of many unclosed tags).  Returns its position, or NULL at the
 * end of the text, and sets *kind to '}', '{', SEP or 0. */
static const char *tag_next(const char *o, char *kind)
{
    for (const char *p = o + 2; *p; p++) {
        if (*p == SEP || ((p[0] == '}' || p[0] == '{') && p[1] == p[0])) {
            *kind = *p;
            return p;
        }
    }
    *kind = 0;
    return NULL;
}

/* The next "{{" from p, or NULL.  A plain loop: sanitizers' strstr
 * measures the whole rest of the text on every call. */
static const char *find_open(const char *p)
{
    for (; *p; p++)
        if (p[0] == '{' && p[1] == '{') return p;
    return NULL;
}

typedef struct { size_t start, end; } span;    /* [start, end) in joined text */

/* Move every tag of paragraph p whose pieces lie in several w:t into the
 * w:t where it starts.  Reports tags left open. */
static void merge_split_tags(load_ctx *c, xmlNode *p, int para_no)
{
    nodevec segs = {0};
    collect_segments(p, &segs);
    if (!segs.n) return;
    char **text = xcalloc(segs.n, sizeof(char *));
    size_t *off = xcalloc(segs.n + 1, sizeof(size_t));
    strbuf joined = STRBUF_INIT;
    for (size_t i = 0; i < segs.n; i++) {
        off[i] = joined.len;
        if (segs.v[i]) {
            text[i] = node_text(segs.v[i]);
            strbuf_adds(&joined, text[i]);
        } else {
            strbuf_addc(&joined, SEP);
        }
    }
    off[segs.n] = joined.len;
    const char *j = joined.data ? joined.data : "";

    /* find the tags */
    span *tags = NULL;
    size_t ntags = 0;
    const char *s = j;
    for (;;) {
        const char *o = find_open(s);
        if (!o) break;
        char kind;
        const char *q = tag_next(o, &kind);
        if (kind != '}') {
            char *ex = tpl_excerpt(o, 24);
            tpl_error(c, para_no, ex, "tpl.syntax",
                      "A tag starting \"%s\" is not closed with \"}}\" in the same paragraph and line.", ex);
            free(ex);
            /* from the next "{{"; after a separator find_open finds it */
            s = kind == '{' ? q : o + 2;
            continue;
        }
        const char *e = q;
        tags = xgrow(tags, ntags, sizeof(span));
        tags[ntags].start = (size_t)(o - j);
        tags[ntags].end = (size_t)(e + 2 - j);
        ntags++;
        s = e + 2;
    }
    /* merge, last tag first, so earlier offsets stay valid */
    bool changed = false;
    size_t sc = segs.n - 1, ec = segs.n - 1;
    for (size_t k = ntags; k-- > 0;) {
        /* the last segment starting at or before the tag's start, and the
         * last one starting before its end: cursors moving down with k */
        while (sc > 0 && off[sc] > tags[k].start) sc--;
        while (ec > 0 && off[ec] >= tags[k].end) ec--;
        size_t si = sc, ei = ec;
        if (si == ei) continue;
        changed = true;
        size_t so = tags[k].start - off[si], eo = tags[k].end - off[ei];
        strbuf nb = STRBUF_INIT;
        strbuf_add(&nb, text[si], so);
        strbuf_add(&nb, j + tags[k].start, tags[k].end - tags[k].start);
        free(text[si]);
        text[si] = nb.data ? strbuf_take(&nb) : xstrdup("");
        for (size_t m = si + 1; m < ei; m++) {
            free(text[m]);
            text[m] = xstrdup("");
        }
        char *rest = xstrdup(text[ei] + eo);
        free(text[ei]);
        text[ei] = rest;
    }
    if (changed) {
        for (size_t i = 0; i < segs.n; i++) {
            if (!segs.v[i]) continue;
            char *cur = node_text(segs.v[i]);
            if (strcmp(cur, text[i])) {
                if (text[i][0]) {
                    set_t_text(segs.v[i], text[i]);
                } else {
                    /* an emptied piece: drop the w:t, and its run when
                     * nothing but properties is left */
                    xmlNode *run = segs.v[i]->parent;
                    xmlUnlinkNode(segs.v[i]);
                    xmlFreeNode(segs.v[i]);
                    segs.v[i] = NULL;
                    if (run && docx_is_w(run, "r")) {
                        bool empty = true;
                        for (xmlNode *x = run->children; x; x = x->next)
                            if (x->type == XML_ELEMENT_NODE && !docx_is_w(x, "rPr")) empty = false;
                        if (empty) {
                            xmlUnlinkNode(run);
                            xmlFreeNode(run);
                        }
                    }
                }
            }
            free(cur);
        }
    }
    for (size_t i = 0; i < segs.n; i++) free(text[i]);
    free(text);
    free(off);
    free(tags);
    free(segs.v);
    strbuf_free(&joined);
}

static xmlNode *new_run_like(xmlNode *run)
{
    xmlNode *r = docx_clone(run, run->doc, run->parent, false);   /* element and attributes */
    xmlUnsetProp(r, BAD_CAST TPL_ATTR_TAG);
    xmlNode *rpr = docx_child_w(run, "rPr");
    if (rpr) xmlAddChild(r, docx_clone(rpr, run->doc, run, true));
    return r;
}

static xmlNode *new_text_run(xmlNode *model, const char *text)
{
    xmlNode *r = new_run_like(model);
    xmlNode *t = docx_new_w(model->doc, model, "t");
    set_t_text(t, text);
    xmlAddChild(r, t);
    return r;
}

static bool run_has_content(xmlNode *r)
{
    for (xmlNode *x = r->children; x; x = x->next)
        if (x->type == XML_ELEMENT_NODE && !docx_is_w(x, "rPr")) return true;
    return false;
}

static void add_tag(load_ctx *c, xmlNode *run, const char *text, int para_no, const char *para_text)
{
    tpl_part *tp = c->tp;
    tp->tags = xgrow(tp->tags, tp->ntags, sizeof(tpl_tag));
    tpl_tag *t = &tp->tags[tp->ntags];
    memset(t, 0, sizeof *t);
    t->text = xstrdup(text);
    t->part = tp->name;
    t->para = para_no;
    t->para_text = xstrdup(para_text);
    t->match = t->else_tag = -1;
    char idx[32];
    snprintf(idx, sizeof idx, "%zu", tp->ntags);
    xmlSetProp(run, BAD_CAST TPL_ATTR_TAG, BAD_CAST idx);
    tp->ntags++;
    char *inner = xstrndup(text + 2, strlen(text) - 4);
    char *err = NULL;
    if (!tpl_tag_parse(inner, t, &err)) {
        t->bad = true;
        tpl_error(c, para_no, text, "tpl.syntax", "%s The paragraph reads \"%s\".", err, para_text);
        free(err);
    }
    free(inner);
}

/* True when s holds at least one complete tag. */
static bool has_tag(const char *s)
{
    for (const char *o = find_open(s); o;) {
        char kind;
        const char *q = tag_next(o, &kind);
        if (kind == '}') return true;
        o = kind == '{' ? q : kind ? find_open(q) : NULL;
    }
    return false;
}

/* Split the run holding w:t node t so that every tag in it gets a run of
 * its own (same properties), then record the tags. */
static void isolate_tags(load_ctx *c, xmlNode *t, int para_no, const char *para_text)
{
    xmlNode *run = t->parent;
    char *s = node_text(t);
    if (!has_tag(s) || !run || !docx_is_w(run, "r")) {
        free(s);
        return;
    }
    /* the run's content after t moves to a tail run */
    xmlNode *tail = new_run_like(run);
    for (xmlNode *x = t->next; x;) {
        xmlNode *nx = x->next;
        xmlUnlinkNode(x);
        xmlAddChild(tail, x);
        x = nx;
    }
    xmlNode *cursor = run;
    const char *text_start = s;     /* text not yet placed */
    const char *p = s;
    bool first = true;
    for (;;) {
        const char *o = find_open(p);
        if (!o) break;
        char kind;
        const char *q = tag_next(o, &kind);
        if (kind == '{') {          /* a lone "{{" (reported when scanning) stays text */
            p = q;
            continue;
        }
        if (kind != '}') {
            if (!kind) break;
            p = q;                  /* a separator cannot occur in one w:t; step over it */
            continue;
        }
        const char *e = q;
        char *txt = xstrndup(text_start, (size_t)(o - text_start));
        if (first) {
            set_t_text(t, txt);     /* text before the first tag stays in t */
        } else if (*txt) {
            xmlNode *mr = new_text_run(run, txt);
            xmlAddNextSibling(cursor, mr);
            cursor = mr;
        }
        free(txt);
        first = false;
        char *tag = xstrndup(o, (size_t)(e + 2 - o));
        xmlNode *tr = new_text_run(run, tag);
        xmlAddNextSibling(cursor, tr);
        cursor = tr;
        add_tag(c, tr, tag, para_no, para_text);
        free(tag);
        text_start = p = e + 2;
    }
    if (*text_start) {
        xmlNode *mr = new_text_run(run, text_start);
        xmlAddNextSibling(cursor, mr);
        cursor = mr;
    }
    bool drop_t = !t->children;
    if (run_has_content(tail)) xmlAddNextSibling(cursor, tail);
    else xmlFreeNode(tail);
    if (drop_t) {
        xmlUnlinkNode(t);
        xmlFreeNode(t);
    }
    if (!run_has_content(run)) {
        xmlUnlinkNode(run);
        xmlFreeNode(run);
    }
    free(s);
}

/* ---- blocks --------------------------------------------------------------- */

static xmlNode *common_ancestor(xmlNode *a, xmlNode *b)
{
    for (xmlNode *x = a; x; x = x->parent)
        for (xmlNode *y = b; y; y = y->parent)
            if (x == y) return x;
    return NULL;
}

static xmlNode *child_containing(xmlNode *anc, xmlNode *n)
{
    while (n && n->parent != anc) n = n->parent;
    return n;
}

static bool in_paragraph(xmlNode *n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if (docx_is_w(n, "p")) return true;
    return false;
}

static xmlNode *new_private(xmlDoc *doc, const char *name)
{
    return xmlNewDocNode(doc, NULL, BAD_CAST name, NULL);
}

/* Move the siblings first..last (inclusive) into dst. */
static void move_range(xmlNode *first, xmlNode *last, xmlNode *dst)
{
    for (xmlNode *n = first; n;) {
        xmlNode *nx = n->next;
        bool end = n == last;
        xmlUnlinkNode(n);
        xmlAddChild(dst, n);
        if (end) break;
        n = nx;
    }
}

static void free_node(xmlNode *n)
{
    if (!n) return;
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

static bool para_has_sectpr(xmlNode *p)
{
    xmlNode *ppr = docx_child_w(p, "pPr");
    return ppr && docx_child_w(ppr, "sectPr");
}

xmlNode *tpl_find_tag_run(xmlNode *root, int idx);

static void wrap_block(load_ctx *c, tpl_tag *tags, int open)
{
    tpl_tag *to = &tags[open], *tc = &tags[to->match];
    tpl_tag *te = to->else_tag >= 0 ? &tags[to->else_tag] : NULL;
    xmlDoc *doc = c->tp->doc;
    /* each block's runs by index: searching the DOM per block was
     * quadratic in a template of many blocks */
    xmlNode *ro = c->tag_runs[open];
    xmlNode *rc = c->tag_runs[to->match];
    xmlNode *re = te ? c->tag_runs[to->else_tag] : NULL;
    if (!ro || !rc || (te && !re)) return;

    xmlNode *anc = common_ancestor(ro, rc);
    xmlNode *blk = new_private(doc, TPL_BLOCK);
    char idx[32];
    snprintf(idx, sizeof idx, "%d", open);
    xmlSetProp(blk, BAD_CAST "tag", BAD_CAST idx);
    xmlNode *then = new_private(doc, TPL_THEN), *els = new_private(doc, TPL_ELSE);
    xmlAddChild(blk, then);
    xmlAddChild(blk, els);

    if (in_paragraph(anc)) {
        /* inline: the runs between the tags */
        xmlNode *uo = child_containing(anc, ro), *uc = child_containing(anc, rc);
        xmlNode *ue = re ? child_containing(anc, re) : NULL;
        if (uo != ro || uc != rc || (re && ue != re)) {
            tpl_error(c, to->para, to->text, "tpl.structure",
                      "The block %s and its %s stand at different levels of paragraph %d (\"%s\"), e.g. one inside a hyperlink; put both directly in the paragraph.",
                      to->text, tc->text, to->para, to->para_text);
            xmlFreeNode(blk);
            return;
        }
        xmlAddPrevSibling(uo, blk);
        xmlNode *mid_end = ue ? ue : uc;
        if (uo->next != mid_end) move_range(uo->next, mid_end->prev, then);
        if (ue && ue->next != uc) move_range(ue->next, uc->prev, els);
        free_node(uo);
        free_node(uc);
        free_node(ue);
        return;
    }
    if (docx_is_w(anc, "tr")) {
        /* both tags in one row: the row is the block */
        if (re) {
            tpl_error(c, te->para, te->text, "tpl.structure",
                      "%s cannot split a block whose tags stand in one table row (%s … %s); put the alternatives in rows of their own.",
                      te->text, to->text, tc->text);
            xmlFreeNode(blk);
            return;
        }
        xmlAddPrevSibling(anc, blk);
        move_range(anc, anc, then);
        free_node(ro);
        free_node(rc);
        return;
    }
    xmlNode *uo = child_containing(anc, ro), *uc = child_containing(anc, rc);
    xmlNode *ue = re ? child_containing(anc, re) : NULL;
    bool rows = docx_is_w(anc, "tbl");
    const char *want = rows ? "tr" : "p";
    if (!docx_is_w(uo, want) || !docx_is_w(uc, want) || (ue && !docx_is_w(ue, want))) {
        tpl_error(c, to->para, to->text, "tpl.structure",
                  "The block %s (paragraph %d) and its %s (paragraph %d) do not stand at the same level: "
                  "put both in paragraphs of their own, both in one paragraph, or both in the rows of one table.",
                  to->text, to->para, tc->text, tc->para);
        xmlFreeNode(blk);
        return;
    }
    if (ue && (ue == uo || ue == uc)) {
        tpl_error(c, te->para, te->text, "tpl.structure",
                  "%s shares its %s with the tag %s; give it a %s of its own.",
                  te->text, rows ? _("row") : _("paragraph"), ue == uo ? to->text : tc->text, rows ? _("row") : _("paragraph"));
        xmlFreeNode(blk);
        return;
    }
    xmlAddPrevSibling(uo, blk);
    if (ue) {
        move_range(uo, ue->prev, then);
        move_range(ue, uc, els);
    } else {
        move_range(uo, uc, then);
    }
    free_node(ro);
    free_node(rc);
    free_node(re);
    /* a paragraph that held nothing but the tag disappears; rows stay */
    if (!rows) {
        xmlNode *units[3] = {uo, ue, uc};
        for (int k = 0; k < 3; k++)
            if (units[k] && docx_para_is_empty(units[k]) && !para_has_sectpr(units[k])) free_node(units[k]);
    }
}

/* Every marked run under root into runs[its index]. */
static void index_tag_runs(xmlNode *root, xmlNode **runs, size_t ntags)
{
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is_w(c, "r")) {
            xmlChar *a = xmlGetProp(c, BAD_CAST TPL_ATTR_TAG);
            if (a) {
                long v = strtol((const char *)a, NULL, 10);
                xmlFree(a);
                if (v >= 0 && (size_t)v < ntags) runs[v] = c;
                continue;
            }
        }
        index_tag_runs(c, runs, ntags);
    }
}

xmlNode *tpl_find_tag_run(xmlNode *root, int idx)
{
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is_w(c, "r")) {
            xmlChar *a = xmlGetProp(c, BAD_CAST TPL_ATTR_TAG);
            if (a) {
                int v = atoi((const char *)a);
                xmlFree(a);
                if (v == idx) return c;
                continue;
            }
        }
        xmlNode *f = tpl_find_tag_run(c, idx);
        if (f) return f;
    }
    return NULL;
}

/* Match openers, else and closers; every problem is reported. */
static void match_blocks(load_ctx *c, int **order, size_t *norder)
{
    tpl_part *tp = c->tp;
    int *stack = xcalloc(tp->ntags + 1, sizeof(int));
    size_t sp = 0;
    *order = xcalloc(tp->ntags + 1, sizeof(int));
    *norder = 0;
    for (size_t i = 0; i < tp->ntags; i++) {
        tpl_tag *t = &tp->tags[i];
        if (!t->text) continue;
        switch (t->kind) {
        case TK_EACH:
        case TK_IF:
            if (sp == TPL_MAX_NESTING) {
                c->too_deep = true;
                tpl_error(c, t->para, t->text, "tpl.limit",
                          "%s in paragraph %d (\"%s\") opens a block nested more than %d deep; a template never needs that many.",
                          t->text, t->para, t->para_text, TPL_MAX_NESTING);
            }
            stack[sp++] = (int)i;
            break;
        case TK_ELSE:
            if (!sp) {
                tpl_error(c, t->para, t->text, "tpl.else",
                          "%s in paragraph %d (\"%s\") stands outside any {{#if}} or {{#each}} block.",
                          t->text, t->para, t->para_text);
            } else if (tp->tags[stack[sp - 1]].else_tag >= 0) {
                tpl_tag *o = &tp->tags[stack[sp - 1]];
                tpl_error(c, t->para, t->text, "tpl.else",
                          "The block %s (paragraph %d) has a second %s in paragraph %d (\"%s\").",
                          o->text, o->para, t->text, t->para, t->para_text);
            } else {
                tp->tags[stack[sp - 1]].else_tag = (int)i;
                t->else_tag = stack[sp - 1];
            }
            break;
        case TK_END:
            if (!t->block) break;   /* unknown closer, already reported */
            if (!sp) {
                tpl_error(c, t->para, t->text, "tpl.stray",
                          "%s in paragraph %d (\"%s\") closes no open block.", t->text, t->para, t->para_text);
                break;
            }
            {
                tpl_tag *o = &tp->tags[stack[sp - 1]];
                if (strcmp(o->block, t->block)) {
                    tpl_error(c, t->para, t->text, "tpl.mismatch",
                              "%s in paragraph %d (\"%s\") does not match %s opened in paragraph %d; close it with {{/%s}}.",
                              t->text, t->para, t->para_text, o->text, o->para, o->block);
                }
                o->match = (int)i;
                t->match = stack[sp - 1];
                (*order)[(*norder)++] = stack[sp - 1];
                sp--;
            }
            break;
        default:
            break;
        }
    }
    while (sp) {
        tpl_tag *o = &tp->tags[stack[--sp]];
        tpl_error(c, o->para, o->text, "tpl.unclosed",
                  "The block %s in paragraph %d (\"%s\") is never closed; add {{/%s}}.",
                  o->text, o->para, o->para_text, o->block);
    }
    free(stack);
}

/* ---- schema check and field list ----------------------------------------- */

/* Figures the derive pass adds (docs/data-format.md §3, §9, §10), which the
 * schema of given fields does not list. */
static const char *const derived_names[] = {
    "年初预算变动", "年初预算变动额", "年初预算变动方向", "年初预算变动率", "年初预算变动幅度",
    "执行率", "执行率得分", "计算执行率", "计算执行率得分", "明细合计", "分项合计", "增减方向", "增减额",
    "序号", "项目合计", "一级指标合计", "名称标签", "分值合计", "得分合计", "总分", "等级", "完成率",
    "计算得分", "不适用", "基本支出占比", "项目支出占比", "全年预算数", "结余结转", NULL};

static bool is_derived_name(const char *s)
{
    for (int i = 0; derived_names[i]; i++)
        if (!strcmp(derived_names[i], s)) return true;
    return false;
}

/* A schema context: the fields of a map, a section of 段落, or "any". */
typedef struct {
    const field_def *fields;    /* NULL with any == true: unchecked */
    bool any;
    bool section;               /* element of 段落: {标题, 段落} or text */
    char *prefix;               /* "自评表[]." */
} sctx;

static const field_def section_fields[] = {
    {"标题", FT_TEXT, 0, NULL, NULL}, {"段落", FT_PARAS, 0, NULL, NULL}, {NULL, 0, 0, NULL, NULL}};

static const field_def *find_field(const field_def *f, const char *name)
{
    for (; f && f->name; f++)
        if (!strcmp(f->name, name)) return f;
    return NULL;
}

/* Follow a path through the schema.  Returns false when a name is
 * unknown (*bad = that name); *elem receives the context for iterating
 * the result (#each). */
static bool schema_walk(const sctx *start, char **path, size_t npath, size_t from, const char **bad, sctx *elem)
{
    const field_def *fields = start->section ? section_fields : start->fields;
    const field_def *cur = NULL;
    bool any = start->any;
    for (size_t i = from; i < npath && !any; i++) {
        const char *seg = path[i];
        char *end = NULL;
        long idx = strtol(seg, &end, 10);
        (void)idx;
        if (*seg && !*end) {
            /* a list index keeps the element's fields */
            if (cur && (cur->type == FT_LIST || cur->type == FT_PARAS || cur->type == FT_TEXTLIST)) {
                fields = cur->type == FT_LIST ? cur->sub : cur->type == FT_PARAS ? section_fields : NULL;
                cur = NULL;
                continue;
            }
            *bad = seg;
            return false;
        }
        cur = find_field(fields, seg);
        if (!cur) {
            if (is_derived_name(seg)) {
                any = true;         /* a derived figure: its inside is not described */
                break;
            }
            *bad = seg;
            return false;
        }
        fields = cur->type == FT_MAP ? cur->sub : NULL;
    }
    if (elem) {
        memset(elem, 0, sizeof *elem);
        if (any || !cur) elem->any = any || !cur;
        else if (cur->type == FT_LIST) elem->fields = cur->sub;
        else if (cur->type == FT_PARAS) elem->section = true;
        else if (cur->type == FT_MAP) elem->fields = cur->sub;
        else if (cur->type == FT_TEXTLIST) elem->fields = NULL;
        else elem->any = true;
        if (!elem->fields && !elem->section && cur && cur->type == FT_TEXTLIST) elem->any = false;
    }
    return true;
}

static void add_field(tpl_template *t, const char *path)
{
    for (size_t i = 0; i < t->nfields; i++)
        if (!strcmp(t->fields[i], path)) return;
    t->fields = xgrow(t->fields, t->nfields, sizeof(char *));
    t->fields[t->nfields++] = xstrdup(path);
}

static char *join_path(const char *prefix, char **path, size_t n, bool this_rel)
{
    strbuf b = STRBUF_INIT;
    strbuf_adds(&b, prefix);
    if (this_rel && !n && b.len && b.data[b.len - 1] == '.') b.data[--b.len] = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) strbuf_addc(&b, '.');
        strbuf_adds(&b, path[i]);
    }
    return b.data ? strbuf_take(&b) : xstrdup("");
}

/* Check one path against the schema contexts; returns the level of the
 * context it was found in and the context for iterating it. */
static size_t check_path(load_ctx *c, const sctx *stack, size_t sp, const tpl_tag *owner, const tpl_tag *tg,
                         sctx *elem_out)
{
    size_t level = sp - 1;
    const char *bad = NULL;
    sctx elem;
    memset(&elem, 0, sizeof elem);
    bool ok = false;
    if (tg->pkind == P_THIS) {
        ok = schema_walk(&stack[sp - 1], tg->path, tg->npath, 0, &bad, &elem);
    } else {
        /* the innermost context that knows the first name, as at fill time */
        for (size_t l = sp; l-- > 0;) {
            const sctx *probe = &stack[l];
            bool known = probe->any || find_field(probe->section ? section_fields : probe->fields, tg->path[0]);
            if (known || (l == 0 && is_derived_name(tg->path[0]))) {
                ok = schema_walk(probe, tg->path, tg->npath, 0, &bad, &elem);
                level = l;
                break;
            }
            if (is_derived_name(tg->path[0]) && (probe->fields || probe->section)) {
                /* a derived member of an element (执行率 of a form) */
                ok = true;
                elem.any = true;
                level = l;
                break;
            }
        }
        if (!ok && !bad) bad = tg->path[0];
    }
    if (!ok)
        tpl_error(c, owner->para, owner->text, "tpl.field",
                  "The field \"%s\" in %s (paragraph %d, \"%s\") is not in the data format.",
                  bad ? bad : "?", owner->text, owner->para, owner->para_text);
    *elem_out = elem;
    return level;
}

static void check_fields(load_ctx *c, tpl_template *t, const field_def *schema)
{
    tpl_part *tp = c->tp;
    sctx *stack = xcalloc(tp->ntags + 3, sizeof(sctx));
    int *opener = xcalloc(tp->ntags + 3, sizeof(int));
    size_t sp = 0;
    stack[sp].fields = schema;
    stack[sp].any = schema == NULL;
    stack[sp].prefix = xstrdup("");
    opener[sp++] = -1;
    if (t->context) {
        const field_def *f = schema ? find_field(schema, t->context) : NULL;
        stack[sp].fields = f && f->type == FT_LIST ? f->sub : NULL;
        stack[sp].any = !(f && f->type == FT_LIST);
        stack[sp].prefix = xasprintf("%s[].", t->context);
        opener[sp++] = -1;
    }
    for (size_t i = 0; i < tp->ntags; i++) {
        tpl_tag *tg = &tp->tags[i];
        if (tg->kind == TK_END) {
            if (sp > 1 && opener[sp - 1] == tg->match) {
                free(stack[--sp].prefix);
            }
            continue;
        }
        if (tg->kind != TK_VAR && tg->kind != TK_EACH && tg->kind != TK_IF) continue;
        if ((tg->pkind == P_FIELD && !tg->npath) || (tg->pkind != P_FIELD && tg->pkind != P_THIS)) {
            if (tg->kind == TK_EACH) {
                stack[sp].any = true;
                stack[sp].prefix = xstrdup(stack[sp - 1].prefix);
                opener[sp++] = (int)i;
            }
            continue;
        }
        sctx elem;
        size_t level = check_path(c, stack, sp, tg, tg, &elem);
        for (size_t k = 0; k < tg->nalts; k++) {
            if (tg->alts[k].pkind != P_FIELD && tg->alts[k].pkind != P_THIS) continue;
            if (tg->alts[k].pkind == P_FIELD && !tg->alts[k].npath) continue;
            sctx e2;
            size_t l2 = check_path(c, stack, sp, tg, &tg->alts[k], &e2);
            char *f2 = join_path(stack[l2].prefix, tg->alts[k].path, tg->alts[k].npath, tg->alts[k].pkind == P_THIS);
            if (*f2) add_field(t, f2);
            free(f2);
        }
        char *full = join_path(stack[level].prefix, tg->path, tg->npath, tg->pkind == P_THIS);
        if (*full) add_field(t, full);
        if (tg->kind == TK_EACH) {
            stack[sp] = elem;
            stack[sp].prefix = xasprintf("%s[].", full);
            opener[sp++] = (int)i;
        }
        free(full);
    }
    while (sp) free(stack[--sp].prefix);
    free(stack);
    free(opener);
}

/* ---- loading ------------------------------------------------------------ */

static bool is_template_part(const char *name, const char *main_part)
{
    if (!strcasecmp(name, main_part)) return true;
    if (strncasecmp(name, "word/", 5)) return false;
    const char *b = name + 5;
    if (strchr(b, '/')) return false;
    size_t n = strlen(b);
    if (n < 5 || strcasecmp(b + n - 4, ".xml")) return false;
    return !strncasecmp(b, "header", 6) || !strncasecmp(b, "footer", 6) || !strcasecmp(b, "footnotes.xml") ||
           !strcasecmp(b, "endnotes.xml");
}

static void prepare_part(load_ctx *c, tpl_template *t, const field_def *schema)
{
    tpl_part *tp = c->tp;
    xmlNode *root = xmlDocGetRootElement(tp->doc);
    nodevec paras = {0};
    collect_paras(root, &paras);
    bool over = false;
    for (size_t i = 0; i < paras.n; i++) {
        size_t nruns = count_runs(paras.v[i], TPL_MAX_RUNS_PER_PARA);
        if (nruns > TPL_MAX_RUNS_PER_PARA) {
            tpl_error(c, (int)i + 1, NULL, "tpl.limit",
                      "Paragraph %zu of %s has more than %d runs (w:r), the most a template paragraph may have; "
                      "join runs with the same formatting (or split the paragraph) and try again.",
                      i + 1, tp->name, TPL_MAX_RUNS_PER_PARA);
            over = true;
            continue;
        }
        strbuf pt = STRBUF_INIT;
        docx_text(paras.v[i], &pt);
        size_t nopen = 0;
        for (const char *o = pt.data ? find_open(pt.data) : NULL; o; o = find_open(o + 2)) nopen++;
        strbuf_free(&pt);
        if (nopen > TPL_MAX_TAGS_PER_PARA) {
            tpl_error(c, (int)i + 1, NULL, "tpl.limit",
                      "Paragraph %zu of %s has %zu tag openings \"{{\", more than the %d a template paragraph "
                      "may have; split the paragraph or put the repeated content in a {{#each}} loop.",
                      i + 1, tp->name, nopen, TPL_MAX_TAGS_PER_PARA);
            over = true;
        }
    }
    if (over) {
        free(paras.v);
        return;
    }
    for (size_t i = 0; i < paras.n; i++) merge_split_tags(c, paras.v[i], (int)i + 1);
    for (size_t i = 0; i < paras.n; i++) {
        strbuf pt = STRBUF_INIT;
        docx_text(paras.v[i], &pt);
        if (!pt.data || !strstr(pt.data, "{{")) {
            strbuf_free(&pt);
            continue;
        }
        char *ex = tpl_excerpt(pt.data, 30);
        nodevec segs = {0};
        collect_segments(paras.v[i], &segs);
        for (size_t k = 0; k < segs.n; k++)
            if (segs.v[k]) isolate_tags(c, segs.v[k], (int)i + 1, ex);
        free(segs.v);
        free(ex);
        strbuf_free(&pt);
    }
    free(paras.v);
    int *order = NULL;
    size_t norder = 0;
    int before = c->errors;
    match_blocks(c, &order, &norder);
    if (c->errors == before) {
        c->tag_runs = xcalloc(tp->ntags + 1, sizeof *c->tag_runs);
        index_tag_runs(root, c->tag_runs, tp->ntags);
        for (size_t k = 0; k < norder; k++) wrap_block(c, tp->tags, order[k]);
        free(c->tag_runs);
        c->tag_runs = NULL;
    }
    free(order);
    /* Checking every field against a 10,000-deep block stack would take
     * minutes for a template that is refused anyway. */
    if (!c->too_deep) check_fields(c, t, schema);
}

void tpl_free(tpl_template *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->nparts; i++) {
        tpl_part *p = &t->parts[i];
        free(p->name);
        if (p->doc) xmlFreeDoc(p->doc);
        for (size_t k = 0; k < p->ntags; k++) tpl_tag_clear(&p->tags[k]);
        free(p->tags);
    }
    free(t->parts);
    for (size_t i = 0; i < t->nfields; i++) free(t->fields[i]);
    free(t->fields);
    free(t->file);
    free(t->data);
    free(t->main_part);
    free(t->context);
    free(t);
}

tpl_template *tpl_load(const char *data, size_t len, const char *name, const field_def *schema,
                       const char *context, diag_list *diags)
{
    docx_package *pkg = docx_package_open(data, len, name, diags);
    if (!pkg) return NULL;
    tpl_template *t = xcalloc(1, sizeof *t);
    t->file = xstrdup(name ? name : "");
    t->data = xmalloc(len + 1);
    memcpy(t->data, data, len);
    t->len = len;
    t->main_part = docx_package_main_part(pkg);
    t->context = context ? xstrdup(context) : NULL;
    int errors = 0;
    bool have_main = false;
    for (size_t i = 0; i < docx_package_count(pkg); i++) {
        const char *pn = docx_package_name(pkg, i);
        if (!is_template_part(pn, t->main_part)) continue;
        if (!strcasecmp(pn, t->main_part)) have_main = true;
        xmlDoc *doc = docx_package_parse(pkg, pn, diags);
        if (!doc) {
            errors++;
            continue;
        }
        /* A Strict document has no w: elements in the transitional
         * namespace, so its tags would silently never be found. */
        xmlNode *root = xmlDocGetRootElement(doc);
        if (root && root->ns && root->ns->href &&
            !strcmp((const char *)root->ns->href, DOCX_W_STRICT_NS)) {
            diag_loc l = {0};
            l.file = t->file;
            l.part = pn;
            diag_add(diags, DIAG_ERROR, l, "tpl.strict",
                     "The document is saved as Strict Open XML (ISO/IEC 29500 Strict), which is not supported; open it in Word and save it as \"Word Document (*.docx)\".");
            xmlFreeDoc(doc);
            errors++;
            continue;
        }
        t->parts = xgrow(t->parts, t->nparts, sizeof(tpl_part));
        tpl_part *tp = &t->parts[t->nparts++];
        memset(tp, 0, sizeof *tp);
        tp->name = xstrdup(pn);
        tp->doc = doc;
        load_ctx c = {t->file, tp->name, diags, 0, false, tp, NULL};
        prepare_part(&c, t, schema);
        errors += c.errors;
    }
    if (!have_main) {
        diag_loc l = {0};
        l.file = t->file;
        diag_add(diags, DIAG_ERROR, l, "docx.zip", "The package has no main document part (%s).", t->main_part);
        errors++;
    }
    docx_package_free(pkg);
    if (errors) {
        tpl_free(t);
        return NULL;
    }
    return t;
}

void tpl_fields(const tpl_template *t, void (*fn)(const char *path, void *ctx), void *ctx)
{
    for (size_t i = 0; i < t->nfields; i++) fn(t->fields[i], ctx);
}
