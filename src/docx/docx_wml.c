/* docx_wml — see docx_wml.h. */
#include "docx_wml.h"

#include <string.h>

bool docx_is_w(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           !strcmp((const char *)n->ns->href, DOCX_W_NS) && !strcmp((const char *)n->name, name);
}

xmlNode *docx_child_w(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (docx_is_w(c, name)) return c;
    return NULL;
}

xmlNode *docx_ancestor_w(xmlNode *n, const char *name)
{
    for (; n; n = n->parent)
        if (docx_is_w(n, name)) return n;
    return NULL;
}

xmlNode *docx_new_w(xmlDoc *doc, xmlNode *context, const char *name)
{
    xmlNs *ns = xmlSearchNsByHref(doc, context ? context : xmlDocGetRootElement(doc), BAD_CAST DOCX_W_NS);
    return xmlNewDocNode(doc, ns, BAD_CAST name, NULL);
}

xmlChar *docx_get_val(const xmlNode *n)
{
    if (!n) return NULL;
    xmlChar *v = xmlGetNsProp(n, BAD_CAST "val", BAD_CAST DOCX_W_NS);
    return v ? v : xmlGetNoNsProp(n, BAD_CAST "val");
}

void docx_set_val(xmlNode *n, const char *val)
{
    xmlNs *ns = xmlSearchNsByHref(n->doc, n, BAD_CAST DOCX_W_NS);
    xmlSetNsProp(n, ns, BAD_CAST "val", BAD_CAST val);
}

static void text_rec(const xmlNode *n, strbuf *out, bool top)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is_w(c, "p") && !top) continue;       /* text-box paragraph */
        if (docx_is_w(c, "t")) {
            xmlChar *s = xmlNodeGetContent(c);
            if (s) strbuf_adds(out, (const char *)s);
            xmlFree(s);
        } else if (docx_is_w(c, "tab")) {
            if (docx_is_w(n, "r")) strbuf_addc(out, '\t');
        } else if (docx_is_w(c, "br") || docx_is_w(c, "cr")) {
            strbuf_addc(out, '\n');
        } else if (docx_is_w(c, "delText") || docx_is_w(c, "instrText") || docx_is_w(c, "pPr") ||
                   docx_is_w(c, "rPr")) {
            /* deleted text, field codes and properties are not visible text */
        } else {
            text_rec(c, out, false);
        }
    }
}

void docx_text(const xmlNode *n, strbuf *out)
{
    if (!n) return;
    if (docx_is_w(n, "p")) {
        text_rec(n, out, false);
        return;
    }
    /* containers: paragraphs separated by newlines */
    bool first = true;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (docx_is_w(c, "p")) {
            if (!first) strbuf_addc(out, '\n');
            first = false;
            text_rec(c, out, false);
        } else if (c->type == XML_ELEMENT_NODE) {
            docx_text(c, out);
        }
    }
}

xmlNode *docx_props(xmlNode *n, const char *prop_name)
{
    xmlNode *p = docx_child_w(n, prop_name);
    if (p) return p;
    p = docx_new_w(n->doc, n, prop_name);
    xmlNode *first = n->children;
    while (first && first->type != XML_ELEMENT_NODE) first = first->next;
    if (first) xmlAddPrevSibling(first, p);
    else xmlAddChild(n, p);
    return p;
}

const char *const docx_ppr_order[] = {
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange", NULL};

const char *const docx_tcpr_order[] = {
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
    "tcPrChange", NULL};

static int order_index(const char *const *order, const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE) return -1;
    for (int i = 0; order[i]; i++)
        if (!strcmp(order[i], (const char *)n->name)) return i;
    return 1000;    /* unknown (extension) elements go last */
}

void docx_props_insert(xmlNode *props, xmlNode *child, const char *const *order)
{
    int want = order_index(order, child);
    for (xmlNode *c = props->children; c; c = c->next) {
        int k = order_index(order, c);
        if (k > want) {
            xmlAddPrevSibling(c, child);
            return;
        }
    }
    xmlAddChild(props, child);
}

static bool has_content(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (docx_is_w(c, "pPr") || docx_is_w(c, "rPr") || docx_is_w(c, "bookmarkStart") ||
            docx_is_w(c, "bookmarkEnd") || docx_is_w(c, "proofErr") || docx_is_w(c, "lastRenderedPageBreak"))
            continue;
        if (docx_is_w(c, "t")) {
            if (c->children) return true;
            continue;
        }
        if (docx_is_w(c, "r") || docx_is_w(c, "hyperlink") || docx_is_w(c, "smartTag") ||
            docx_is_w(c, "ins") || docx_is_w(c, "sdt") || docx_is_w(c, "sdtContent")) {
            if (has_content(c)) return true;
            continue;
        }
        return true;    /* tab, br, drawing, object, fldSimple, sym … */
    }
    return false;
}

bool docx_para_is_empty(const xmlNode *p) { return !has_content(p); }

static void repoint_ns(xmlNode *n, xmlNs *from, xmlNs *to)
{
    if (n->type != XML_ELEMENT_NODE) return;
    if (n->ns == from) n->ns = to;
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->ns == from) a->ns = to;
    for (xmlNode *c = n->children; c; c = c->next) repoint_ns(c, from, to);
}

void docx_dedupe_ns(xmlNode *root)
{
    for (xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        xmlNs **link = &n->nsDef;
        while (*link) {
            xmlNs *d = *link;
            xmlNs *outer = n->parent ? xmlSearchNs(n->doc, n->parent, d->prefix) : NULL;
            if (outer && outer->href && d->href && !strcmp((const char *)outer->href, (const char *)d->href)) {
                repoint_ns(n, d, outer);
                *link = d->next;
                d->next = NULL;
                xmlFreeNs(d);
            } else {
                link = &d->next;
            }
        }
        docx_dedupe_ns(n);
    }
}

xmlNode *docx_clone(xmlNode *n, xmlDoc *dst, xmlNode *dst_parent, bool deep)
{
    xmlNode *res = NULL;
    if (xmlDOMWrapCloneNode(NULL, n->doc, n, &res, dst, dst_parent, deep ? 1 : 0, 0) != 0 || !res)
        res = xmlDocCopyNode(n, dst, deep ? 1 : 2);    /* fallback: declares its namespaces itself */
    return res;
}
