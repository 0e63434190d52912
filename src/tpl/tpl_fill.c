/* tpl_fill — evaluating a prepared template against a value tree, the
 * vertical-merge pass, and appending filled form copies to the report.
 *
 * Each render works on copies of the prepared DOM (xmlCopyDoc), so the
 * template can be rendered again.  Evaluation walks the copy in document
 * order, which is what makes @一级 … @四级 counters gapless: a section
 * inside a false {{#if}} is never visited, so it never takes a number. */
#include "tpl_internal.h"
#include "../docx/docx_package.h"
#include "../docx/docx_wml.h"
#include "../core/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const tpl_part *tp;
    tpl_counters ctr;
    size_t *copies;     /* loop iterations so far in this render (shared by all parts) */
} fill_ctx;

static bool is_private(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !n->ns && !strcmp((const char *)n->name, name);
}

static int tag_index(xmlNode *run)
{
    xmlChar *a = xmlGetProp(run, BAD_CAST TPL_ATTR_TAG);
    if (!a) return -1;
    int v = atoi((const char *)a);
    xmlFree(a);
    return v;
}

static void free_node(xmlNode *n)
{
    if (!n) return;
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

/* ---- writing text into a run -------------------------------------------- */

/* Replace the content of a tag run by text: tabs become w:tab, newlines
 * w:br, and characters XML 1.0 cannot carry (the data checker refuses
 * them; this is the last line of defence) become U+FFFD. */
static void set_run_text(xmlNode *run, const char *s)
{
    xmlUnsetProp(run, BAD_CAST TPL_ATTR_TAG);
    for (xmlNode *c = run->children; c;) {
        xmlNode *nx = c->next;
        if (!docx_is_w(c, "rPr")) free_node(c);
        c = nx;
    }
    strbuf piece = STRBUF_INIT;
    size_t n = strlen(s);
    for (size_t i = 0; i <= n;) {
        uint32_t cp = 0;
        size_t l = i < n ? utf8_decode(s + i, n - i, &cp) : 0;
        if (i == n || cp == '\t' || cp == '\n') {
            if (piece.len) {
                xmlNode *t = docx_new_w(run->doc, run, "t");
                xmlAddChild(t, xmlNewDocText(run->doc, BAD_CAST piece.data));
                xmlNodeSetSpacePreserve(t, 1);
                xmlAddChild(run, t);
                strbuf_reset(&piece);
            }
            if (i == n) break;
            xmlAddChild(run, docx_new_w(run->doc, run, cp == '\t' ? "tab" : "br"));
            i += l;
            continue;
        }
        if (!l) { cp = 0xFFFD; l = 1; }
        if (cp == '\r') { i += l; continue; }
        if (!utf8_xml_allowed(cp) || cp == 0xFFFD) strbuf_adds(&piece, "\xef\xbf\xbd");
        else strbuf_add(&piece, s + i, l);
        i += l;
    }
    strbuf_free(&piece);
}

static bool run_is_empty(xmlNode *run)
{
    for (xmlNode *c = run->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !docx_is_w(c, "rPr")) return false;
    return true;
}

/* ---- cloning ------------------------------------------------------------- */

/* Loop copies must not repeat ids Word wants unique: bookmarks and the
 * w14 paragraph ids are dropped from copies. */
static void scrub_ids(xmlNode *n)
{
    for (xmlNode *c = n->children; c;) {
        xmlNode *nx = c->next;
        if (docx_is_w(c, "bookmarkStart") || docx_is_w(c, "bookmarkEnd")) {
            free_node(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            for (xmlAttr *a = c->properties; a;) {
                xmlAttr *an = a->next;
                if (a->ns && a->ns->href && strstr((const char *)a->ns->href, "microsoft.com/office/word") &&
                    (!strcmp((const char *)a->name, "paraId") || !strcmp((const char *)a->name, "textId")))
                    xmlRemoveProp(a);
                a = an;
            }
            scrub_ids(c);
        }
        c = nx;
    }
}

/* ---- evaluation ---------------------------------------------------------- */

static void eval_children(fill_ctx *fc, xmlNode *parent, const tpl_scope *s);

/* Evaluate the nodes held by src (moved, or copied when copy is set) with
 * scope s and put the results before anchor. */
static void eval_into(fill_ctx *fc, xmlNode *src, bool copy, xmlNode *anchor, const tpl_scope *s)
{
    xmlNode *tmp = xmlNewDocNode(anchor->doc, NULL, BAD_CAST "jx-tmp", NULL);
    xmlAddPrevSibling(anchor, tmp);
    for (xmlNode *c = src->children; c;) {
        xmlNode *nx = c->next;
        if (copy) {
            xmlNode *cp = docx_clone(c, anchor->doc, tmp, true);
            xmlAddChild(tmp, cp);
        } else {
            xmlUnlinkNode(c);
            xmlAddChild(tmp, c);
        }
        c = nx;
    }
    if (copy) scrub_ids(tmp);
    eval_children(fc, tmp, s);
    for (xmlNode *c = tmp->children; c;) {
        xmlNode *nx = c->next;
        xmlUnlinkNode(c);
        xmlAddPrevSibling(tmp, c);
        c = nx;
    }
    free_node(tmp);
}

static void eval_block(fill_ctx *fc, xmlNode *blk, const tpl_scope *s)
{
    xmlChar *a = xmlGetProp(blk, BAD_CAST "tag");
    int idx = a ? atoi((const char *)a) : -1;
    xmlFree(a);
    if (idx < 0 || (size_t)idx >= fc->tp->ntags) {
        free_node(blk);
        return;
    }
    const tpl_tag *t = &fc->tp->tags[idx];
    xmlNode *then = NULL, *els = NULL;
    for (xmlNode *c = blk->children; c; c = c->next) {
        if (is_private(c, TPL_THEN)) then = c;
        else if (is_private(c, TPL_ELSE)) els = c;
    }
    if (t->kind == TK_EACH) {
        const val *v = tpl_resolve(t, s);
        if (v && v->kind == VAL_LIST && v->u.list.n) {
            int n = (int)v->u.list.n;
            for (int i = 0; i < n; i++) {
                /* Past the limit the rest is dropped and the render fails. */
                if (++*fc->copies > TPL_MAX_COPIES) break;
                tpl_scope inner = {v->u.list.items[i], s, i + 1, n};
                eval_into(fc, then, true, blk, &inner);
            }
        } else if (v && v->kind == VAL_MAP && v->u.map.n) {
            tpl_scope inner = {v, s, 1, 1};     /* a map: once, as the context */
            eval_into(fc, then, true, blk, &inner);
        } else if (els) {
            eval_into(fc, els, false, blk, s);
        }
    } else {
        rval r = tpl_eval(t, s, &fc->ctr);
        bool any = rval_truthy(&r);
        rval_clear(&r);
        for (size_t k = 0; k < t->nalts && !any; k++) {
            r = tpl_eval(&t->alts[k], s, &fc->ctr);
            any = rval_truthy(&r);
            rval_clear(&r);
        }
        bool yes = any != t->negate;
        xmlNode *branch = yes ? then : els;
        if (branch) eval_into(fc, branch, false, blk, s);
    }
    free_node(blk);
}

/* The single tag run of a paragraph that holds nothing else, or NULL. */
static xmlNode *sole_tag_run(xmlNode *p)
{
    xmlNode *found = NULL;
    for (xmlNode *c = p->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is_w(c, "pPr") || docx_is_w(c, "bookmarkStart") || docx_is_w(c, "bookmarkEnd") ||
            docx_is_w(c, "proofErr"))
            continue;
        if (docx_is_w(c, "r") && tag_index(c) >= 0 && !found) {
            found = c;
            continue;
        }
        if (docx_is_w(c, "r") && run_is_empty(c)) continue;
        return NULL;
    }
    return found;
}

/* Paragraph texts of a value that is a list of paragraphs (strings or
 * sub-sections {标题, 段落}) or a multi-line string. */
static void collect_paragraphs(const val *v, char ***out, size_t *n)
{
    if (!v) return;
    if (v->kind == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.n; i++) collect_paragraphs(v->u.list.items[i], out, n);
    } else if (v->kind == VAL_MAP) {
        const val *title = val_get(v, "标题");
        if (val_is_given(title)) collect_paragraphs(title, out, n);
        collect_paragraphs(val_get(v, "段落"), out, n);
    } else if (v->kind == VAL_STR) {
        const char *s = v->u.str.s;
        size_t len = v->u.str.len;
        size_t start = 0;
        for (size_t i = 0; i <= len; i++) {
            if (i == len || s[i] == '\n') {
                size_t a = start, b = i;
                while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) a++;
                while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\r')) b--;
                if (b > a) {
                    *out = xgrow(*out, *n, sizeof(char *));
                    (*out)[(*n)++] = xstrndup(s + a, b - a);
                }
                start = i + 1;
            }
        }
    } else {
        rval r;
        memset(&r, 0, sizeof r);
        strbuf b = STRBUF_INIT;
        if (v->kind == VAL_NUM) {
            r.k = RV_NUM; r.q = v->u.num.q; r.unit = v->u.num.unit; r.dec = -1;
            r.percent_sign = v->u.num.unit == UNIT_PERCENT;
        } else if (v->kind == VAL_BOOL) {
            r.k = RV_BOOL; r.b = v->u.b;
        }
        rval_format(&r, "", &b);
        if (b.len) {
            *out = xgrow(*out, *n, sizeof(char *));
            (*out)[(*n)++] = strbuf_take(&b);
        }
        strbuf_free(&b);
    }
}

/* True when p's container (a cell) holds another paragraph, so that p
 * can go without leaving the cell empty. */
static bool has_other_paragraph(xmlNode *p)
{
    for (xmlNode *c = p->parent ? p->parent->children : NULL; c; c = c->next)
        if (c != p && docx_is_w(c, "p")) return true;
    return false;
}

/* A paragraph holding only {{段落字段}}: one paragraph per element, each
 * with the paragraph's own properties.  Returns false when the value is
 * a single line (then the run is filled the ordinary way). */
static bool expand_paragraph(fill_ctx *fc, xmlNode *p, xmlNode *run, const tpl_scope *s)
{
    const tpl_tag *t = &fc->tp->tags[tag_index(run)];
    if (t->kind != TK_VAR || t->nfilters || (t->pkind != P_FIELD && t->pkind != P_THIS)) return false;
    const val *v = tpl_resolve(t, s);
    bool multi = v && ((v->kind == VAL_LIST) || v->kind == VAL_MAP ||
                       (v->kind == VAL_STR && memchr(v->u.str.s, '\n', v->u.str.len)));
    if (!multi) return false;
    char **paras = NULL;
    size_t n = 0;
    collect_paragraphs(v, &paras, &n);
    bool in_cell = docx_ancestor_w(p, "tc") != NULL;
    for (size_t i = 0; i < n; i++) {
        xmlNode *cp = docx_clone(p, p->doc, p->parent, true);
        scrub_ids(cp);
        for (xmlNode *c = cp->children; c; c = c->next) {
            if (docx_is_w(c, "r") && tag_index(c) >= 0) {
                set_run_text(c, paras[i]);
                break;
            }
        }
        xmlAddPrevSibling(p, cp);
        free(paras[i]);
    }
    free(paras);
    if (n == 0 && in_cell && !has_other_paragraph(p)) {
        set_run_text(run, "");
        free_node(run);
        return true;
    }
    free_node(p);
    return true;
}

static void eval_tag_run(fill_ctx *fc, xmlNode *run, const tpl_scope *s)
{
    int idx = tag_index(run);
    if (idx < 0 || (size_t)idx >= fc->tp->ntags) {
        free_node(run);
        return;
    }
    const tpl_tag *t = &fc->tp->tags[idx];
    if (t->kind == TK_MERGE) {
        xmlNode *tc = docx_ancestor_w(run, "tc");
        if (tc) xmlSetProp(tc, BAD_CAST TPL_ATTR_VMERGE, BAD_CAST "1");
        free_node(run);
        return;
    }
    if (t->kind != TK_VAR) {
        free_node(run);
        return;
    }
    rval r = tpl_eval(t, s, &fc->ctr);
    strbuf b = STRBUF_INIT;
    rval_format(&r, "、", &b);
    rval_clear(&r);
    if (!b.len) free_node(run);
    else set_run_text(run, b.data);
    strbuf_free(&b);
}

static void eval_children(fill_ctx *fc, xmlNode *parent, const tpl_scope *s)
{
    for (xmlNode *c = parent->children; c;) {
        xmlNode *nx = c->next;
        if (c->type != XML_ELEMENT_NODE) {
            c = nx;
            continue;
        }
        if (is_private(c, TPL_BLOCK)) {
            eval_block(fc, c, s);
        } else if (docx_is_w(c, "r") && tag_index(c) >= 0) {
            eval_tag_run(fc, c, s);
        } else if (docx_is_w(c, "p")) {
            xmlNode *sole = sole_tag_run(c);
            if (!sole || !expand_paragraph(fc, c, sole, s)) {
                eval_children(fc, c, s);
                /* a paragraph that only held a field that is not given
                 * goes away, except in a table cell, which needs one */
                if (sole && docx_para_is_empty(c) && (!docx_ancestor_w(c, "tc") || has_other_paragraph(c)))
                    free_node(c);
            }
        } else {
            eval_children(fc, c, s);
        }
        c = nx;
    }
}

/* ---- vertical merge -------------------------------------------------------- */

static int cell_span(xmlNode *tc)
{
    xmlNode *pr = docx_child_w(tc, "tcPr");
    xmlNode *gs = pr ? docx_child_w(pr, "gridSpan") : NULL;
    xmlChar *v = docx_get_val(gs);
    int n = v ? atoi((const char *)v) : 1;
    xmlFree(v);
    return n > 0 ? n : 1;
}

static char *cell_text(xmlNode *tc)
{
    strbuf b = STRBUF_INIT;
    docx_text(tc, &b);
    /* compare without surrounding blanks */
    char *s = b.data ? strbuf_take(&b) : xstrdup("");
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) s[--n] = 0;
    return s;
}

static void set_vmerge(xmlNode *tc, bool restart)
{
    xmlNode *pr = docx_props(tc, "tcPr");
    xmlNode *old = docx_child_w(pr, "vMerge");
    if (old) free_node(old);
    xmlNode *vm = docx_new_w(tc->doc, tc, "vMerge");
    docx_props_insert(pr, vm, docx_tcpr_order);
    if (restart) docx_set_val(vm, "restart");   /* after linking, so w: resolves */
}

/* A continued cell keeps one empty paragraph (with its properties): Word
 * shows only the first cell's content of a merged range. */
static void empty_cell(xmlNode *tc)
{
    bool kept = false;
    for (xmlNode *c = tc->children; c;) {
        xmlNode *nx = c->next;
        if (docx_is_w(c, "p") && !kept) {
            for (xmlNode *x = c->children; x;) {
                xmlNode *xn = x->next;
                if (!docx_is_w(x, "pPr")) free_node(x);
                x = xn;
            }
            kept = true;
        } else if (!docx_is_w(c, "tcPr") && c->type == XML_ELEMENT_NODE) {
            free_node(c);
        }
        c = nx;
    }
    if (!kept) xmlAddChild(tc, docx_new_w(tc->doc, tc, "p"));
}

#define VM_MAX_COLS 64

typedef struct {
    xmlNode *start;     /* first cell of the open run of equal cells */
    char *text;
    bool open;
} vm_col;

/* Cells marked {{合并}} merge with the marked cell above when their text
 * is equal, or empty (an omitted 一级指标 means "same as above").  A
 * column merges only where every marked column to its left merged too,
 * so 二级 groups never run across a 一级 boundary. */
static void vmerge_table(xmlNode *tbl)
{
    vm_col cols[VM_MAX_COLS];
    memset(cols, 0, sizeof cols);
    for (xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!docx_is_w(tr, "tr")) continue;
        int col = 0;
        bool left_merged = true;
        bool seen[VM_MAX_COLS] = {false};
        for (xmlNode *tc = tr->children; tc; tc = tc->next) {
            if (!docx_is_w(tc, "tc")) continue;
            int span = cell_span(tc);
            xmlChar *mark = xmlGetProp(tc, BAD_CAST TPL_ATTR_VMERGE);
            if (mark && col < VM_MAX_COLS) {
                xmlUnsetProp(tc, BAD_CAST TPL_ATTR_VMERGE);
                vm_col *vc = &cols[col];
                seen[col] = true;
                char *txt = cell_text(tc);
                bool same = vc->open && left_merged && (!*txt || !strcmp(txt, vc->text));
                if (same) {
                    if (vc->start) {
                        set_vmerge(vc->start, true);
                        vc->start = NULL;   /* restart written once */
                    }
                    set_vmerge(tc, false);
                    empty_cell(tc);
                    free(txt);
                } else {
                    free(vc->text);
                    vc->text = txt;
                    vc->start = tc;
                    vc->open = *txt != 0;
                    left_merged = false;
                }
            }
            xmlFree(mark);
            col += span;
        }
        /* a row without a marked cell in a column ends that column's run */
        for (int k = 0; k < VM_MAX_COLS; k++) {
            if (!seen[k] && cols[k].open) {
                cols[k].open = false;
                cols[k].start = NULL;
            }
        }
    }
    for (int k = 0; k < VM_MAX_COLS; k++) free(cols[k].text);
}

/* Tables (also nested ones) get their merges; cells left without any
 * paragraph get an empty one, which Word requires. */
static void finish_tables(xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        finish_tables(c);
        if (docx_is_w(c, "tbl")) vmerge_table(c);
        if (docx_is_w(c, "tc")) {
            bool has_p = false;
            xmlNode *last = NULL;
            for (xmlNode *x = c->children; x; x = x->next) {
                if (docx_is_w(x, "p")) has_p = true;
                if (x->type == XML_ELEMENT_NODE) last = x;
            }
            /* a cell must end with a paragraph, not a nested table */
            if (!has_p || docx_is_w(last, "tbl")) xmlAddChild(c, docx_new_w(c->doc, c, "p"));
        }
    }
}

/* ---- the parts ------------------------------------------------------------- */

static xmlDoc *fill_part(const tpl_part *tp, const tpl_scope *s, size_t *copies)
{
    xmlDoc *doc = xmlCopyDoc(tp->doc, 1);
    fill_ctx fc;
    memset(&fc, 0, sizeof fc);
    fc.tp = tp;
    fc.copies = copies;
    xmlNode *root = xmlDocGetRootElement(doc);
    eval_children(&fc, root, s);
    finish_tables(root);
    docx_dedupe_ns(root);
    return doc;
}

static const tpl_part *find_part(const tpl_template *t, const char *name)
{
    for (size_t i = 0; i < t->nparts; i++)
        if (!strcasecmp(t->parts[i].name, name)) return &t->parts[i];
    return NULL;
}

/* ---- styles of the appended form ------------------------------------------ */

typedef struct { char **from, **to; size_t n; } rename_map;

static xmlChar *style_id(xmlNode *st)
{
    xmlChar *v = xmlGetNsProp(st, BAD_CAST "styleId", BAD_CAST DOCX_W_NS);
    return v;
}

static xmlNode *find_style(xmlNode *styles, const char *id)
{
    for (xmlNode *c = styles->children; c; c = c->next) {
        if (!docx_is_w(c, "style")) continue;
        xmlChar *v = style_id(c);
        bool eq = v && !strcmp((const char *)v, id);
        xmlFree(v);
        if (eq) return c;
    }
    return NULL;
}

static char *node_dump(xmlNode *n)
{
    xmlBufferPtr b = xmlBufferCreate();
    xmlNodeDump(b, n->doc, n, 0, 0);
    char *s = xstrdup((const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    return s;
}

static const char *renamed(const rename_map *m, const char *id)
{
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->from[i], id)) return m->to[i];
    return NULL;
}

/* Rewrite style references (pStyle, rStyle, tblStyle, basedOn, next,
 * link) below n according to m. */
static void apply_renames(xmlNode *n, const rename_map *m)
{
    static const char *const refs[] = {"pStyle", "rStyle", "tblStyle", "basedOn", "next", "link", NULL};
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        for (int k = 0; refs[k]; k++) {
            if (docx_is_w(c, refs[k])) {
                xmlChar *v = docx_get_val(c);
                const char *to = v ? renamed(m, (const char *)v) : NULL;
                if (to) docx_set_val(c, to);
                xmlFree(v);
            }
        }
        apply_renames(c, m);
    }
}

/* Copy into the report's styles every style of the form it lacks; a
 * style id both define differently is copied under a new id, and the
 * map says which references to rewrite in the form copies. */
static bool merge_styles(docx_package *out, const tpl_template *form, rename_map *m, diag_list *diags)
{
    diag_list scratch;
    diag_list_init(&scratch);
    docx_package *fp = docx_package_open(form->data, form->len, form->file, &scratch);
    xmlDoc *fs = fp && docx_package_get(fp, "word/styles.xml", NULL)
                     ? docx_package_parse(fp, "word/styles.xml", diags) : NULL;
    xmlDoc *rs = docx_package_get(out, "word/styles.xml", NULL)
                     ? docx_package_parse(out, "word/styles.xml", diags) : NULL;
    bool changed = false;
    if (fs && rs) {
        xmlNode *froot = xmlDocGetRootElement(fs), *rroot = xmlDocGetRootElement(rs);
        xmlNode **added = NULL;
        size_t nadded = 0;
        for (xmlNode *st = froot->children; st; st = st->next) {
            if (!docx_is_w(st, "style")) continue;
            xmlChar *id = style_id(st);
            if (!id) continue;
            xmlNode *mine = find_style(rroot, (const char *)id);
            bool copy = !mine;
            char *newid = NULL;
            if (mine) {
                char *a = node_dump(st), *b = node_dump(mine);
                if (strcmp(a, b)) {
                    newid = xasprintf("%sForm", (const char *)id);
                    copy = !find_style(rroot, newid);
                    m->from = xgrow(m->from, m->n, sizeof(char *));
                    m->to = xgrow(m->to, m->n, sizeof(char *));
                    m->from[m->n] = xstrdup((const char *)id);
                    m->to[m->n++] = xstrdup(newid);
                }
                free(a);
                free(b);
            }
            if (copy) {
                xmlNode *cp = docx_clone(st, rs, rroot, true);
                if (newid) {
                    xmlNs *ns = xmlSearchNsByHref(rs, rroot, BAD_CAST DOCX_W_NS);
                    xmlSetNsProp(cp, ns, BAD_CAST "styleId", BAD_CAST newid);
                    xmlUnsetNsProp(cp, ns, BAD_CAST "default");
                }
                xmlAddChild(rroot, cp);
                added = xgrow(added, nadded, sizeof(xmlNode *));
                added[nadded++] = cp;
                changed = true;
            }
            free(newid);
            xmlFree(id);
        }
        for (size_t i = 0; i < nadded; i++) apply_renames(added[i], m);
        free(added);
        if (changed) docx_package_put_xml(out, "word/styles.xml", rs);
    }
    if (fs) xmlFreeDoc(fs);
    if (rs) xmlFreeDoc(rs);
    docx_package_free(fp);
    diag_list_free(&scratch);
    return true;
}

static void set_page_break_before(xmlDoc *doc, xmlNode *body, xmlNode *first)
{
    xmlNode *p = first;
    if (!docx_is_w(p, "p")) {
        p = docx_new_w(doc, body, "p");
        if (first) xmlAddPrevSibling(first, p);
        else xmlAddChild(body, p);
    }
    xmlNode *ppr = docx_props(p, "pPr");
    if (!docx_child_w(ppr, "pageBreakBefore"))
        docx_props_insert(ppr, docx_new_w(doc, ppr, "pageBreakBefore"), docx_ppr_order);
}

static void append_forms(xmlDoc *rdoc, docx_package *out, const tpl_template *form, const char *list,
                         const tpl_scope *root_scope, size_t *copies, diag_list *diags)
{
    const val *items = val_get(root_scope->v, list);
    if (!items || items->kind != VAL_LIST || !items->u.list.n) return;
    const tpl_part *fpart = find_part(form, form->main_part);
    xmlNode *rbody = docx_child_w(xmlDocGetRootElement(rdoc), "body");
    if (!fpart || !rbody) return;
    xmlNode *rsect = NULL;
    for (xmlNode *c = rbody->children; c; c = c->next)
        if (docx_is_w(c, "sectPr")) rsect = c;
    rename_map m = {NULL, NULL, 0};
    merge_styles(out, form, &m, diags);
    int n = (int)items->u.list.n;
    for (int i = 0; i < n; i++) {
        tpl_scope s = {items->u.list.items[i], root_scope, i + 1, n};
        xmlDoc *fdoc = fill_part(fpart, &s, copies);
        xmlNode *fbody = docx_child_w(xmlDocGetRootElement(fdoc), "body");
        xmlNode *first = NULL;
        for (xmlNode *c = fbody ? fbody->children : NULL; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || docx_is_w(c, "sectPr")) continue;
            xmlNode *cp = docx_clone(c, rdoc, rbody, true);
            if (m.n) apply_renames(cp, &m);
            if (rsect) xmlAddPrevSibling(rsect, cp);
            else xmlAddChild(rbody, cp);
            xmlReconciliateNs(rdoc, cp);
            if (!first) first = cp;
        }
        if (first) set_page_break_before(rdoc, rbody, first);
        xmlFreeDoc(fdoc);
    }

    for (size_t k = 0; k < m.n; k++) {
        free(m.from[k]);
        free(m.to[k]);
    }
    free(m.from);
    free(m.to);
}

bool tpl_render(const tpl_template *report, const tpl_template *form, const char *form_list,
                const val *root, char **out, size_t *out_len, diag_list *diags)
{
    *out = NULL;
    *out_len = 0;
    /* only errors of this render count, not ones already in the caller's list */
    size_t errors_before = diags->counts[DIAG_ERROR] + diags->counts[DIAG_FATAL];
    docx_package *pkg = docx_package_open(report->data, report->len, report->file, diags);
    if (!pkg) return false;
    tpl_scope rs = {root, NULL, 0, 0};
    const tpl_scope *top = &rs;
    /* a form template rendered on its own: the context list's first
     * element is in scope (used by `jixiao build -t form.docx` previews) */
    tpl_scope ctx_scope;
    if (report->context) {
        const val *l = val_get(root, report->context);
        if (l && l->kind == VAL_LIST && l->u.list.n) {
            ctx_scope = (tpl_scope){l->u.list.items[0], &rs, 1, (int)l->u.list.n};
            top = &ctx_scope;
        }
    }
    size_t copies = 0;
    for (size_t i = 0; i < report->nparts && copies <= TPL_MAX_COPIES; i++) {
        const tpl_part *tp = &report->parts[i];
        bool is_main = !strcasecmp(tp->name, report->main_part);
        if (!tp->ntags && !(is_main && form)) continue;     /* untouched parts stay byte-identical */
        xmlDoc *doc = fill_part(tp, top, &copies);
        if (is_main && form && form_list) {
            append_forms(doc, pkg, form, form_list, &rs, &copies, diags);
            docx_dedupe_ns(xmlDocGetRootElement(doc));
        }
        if (copies <= TPL_MAX_COPIES && !docx_package_put_xml(pkg, tp->name, doc)) {
            diag_loc l = {0};
            l.file = report->file;
            l.part = tp->name;
            diag_add(diags, DIAG_ERROR, l, "docx.write", "The filled part %s cannot be written.", tp->name);
        }
        xmlFreeDoc(doc);
    }
    if (copies > TPL_MAX_COPIES) {
        diag_loc l = {0};
        l.file = report->file;
        diag_add(diags, DIAG_ERROR, l, "tpl.limit",
                 "Filling the template repeats its loops more than %d times; the data or the template's nested loops are far larger than a report can be.",
                 TPL_MAX_COPIES);
    }
    bool ok = diags->counts[DIAG_ERROR] + diags->counts[DIAG_FATAL] == errors_before &&
              docx_package_write(pkg, out, out_len, diags);
    docx_package_free(pkg);
    return ok;
}
