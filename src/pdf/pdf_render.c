/* pdf_render — DOCX bytes → PDF bytes.  See pdf_render.h. */
#include "pdf/pdf_render.h"
#include "../core/i18n.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "docx/docx_package.h"
#include "layout/layout_fonts.h"
#include "layout/layout_pages.h"

/* A layout_source over an open package: parts are parsed on first use and
 * kept until the source is done. */
typedef struct {
    docx_package *pkg;
    diag_list *diags;
    char *main_part;
    char **names;
    xmlDoc **docs;
    size_t n;
} pkg_source;

static xmlDoc *pkg_xml(void *ctx, const char *name)
{
    pkg_source *s = ctx;
    if (!strcmp(name, "word/document.xml") && s->main_part)
        name = s->main_part;
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], name))
            return s->docs[i];
    size_t len;
    /* an absent optional part (styles, theme, settings) is not an error */
    xmlDoc *d = docx_package_get(s->pkg, name, &len) ? docx_package_parse(s->pkg, name, s->diags) : NULL;
    s->names = xgrow(s->names, s->n, sizeof *s->names);
    s->docs = xgrow(s->docs, s->n, sizeof *s->docs);
    s->names[s->n] = xstrdup(name);
    s->docs[s->n] = d;
    s->n++;
    return d;
}

static const unsigned char *pkg_bytes(void *ctx, const char *name, size_t *len)
{
    pkg_source *s = ctx;
    return (const unsigned char *)docx_package_get(s->pkg, name, len);
}

static void pkg_source_done(pkg_source *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->names[i]);
        if (s->docs[i])
            xmlFreeDoc(s->docs[i]);
    }
    free(s->names);
    free(s->docs);
    free(s->main_part);
}

int pdf_render_source(const layout_source *src, const pdf_meta *meta, char **out, size_t *out_len,
                      diag_list *diags)
{
    *out = NULL;
    *out_len = 0;
    char *err = NULL;
    layout_fonts *fonts = layout_fonts_get(&err);
    if (!fonts) {
        diag_loc loc = {0};
        diag_add(diags, DIAG_ERROR, loc, "render.fonts", "%s", err ? err : _("The fonts could not be set up."));
        free(err);
        return -1;
    }
    layout_doc *doc = layout_doc_load(src, diags);
    if (!doc)
        return -1;
    layout_pages *pages = layout_paginate(doc, fonts, diags);
    int rc = -1;
    if (pages)
        rc = pdf_write(pages, meta, out, out_len, diags);
    layout_pages_free(pages);
    layout_doc_free(doc);
    return rc;
}

/* dc:title or dc:creator from docProps/core.xml, malloc'd, or NULL. */
static char *core_prop(pkg_source *s, const char *local)
{
    xmlDoc *d = pkg_xml(s, "docProps/core.xml");
    xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, local))
            continue;
        xmlChar *t = xmlNodeGetContent(c);
        char *r = t && *t ? xstrdup((const char *)t) : NULL;
        xmlFree(t);
        return r;
    }
    return NULL;
}

int pdf_render_docx(const void *docx, size_t len, const char *name, const pdf_meta *meta, char **out,
                    size_t *out_len, diag_list *diags)
{
    *out = NULL;
    *out_len = 0;
    docx_package *pkg = docx_package_open(docx, len, name, diags);
    if (!pkg)
        return -1;
    pkg_source s = {0};
    s.pkg = pkg;
    s.diags = diags;
    s.main_part = docx_package_main_part(pkg);
    layout_source src = {&s, pkg_xml, pkg_bytes};
    pdf_meta m = meta ? *meta : (pdf_meta){0};
    char *title = NULL, *author = NULL;
    if (!m.title)
        m.title = title = core_prop(&s, "title");
    if (!m.author)
        m.author = author = core_prop(&s, "creator");
    int rc = pdf_render_source(&src, &m, out, out_len, diags);
    free(title);
    free(author);
    pkg_source_done(&s);
    docx_package_free(pkg);
    return rc;
}
