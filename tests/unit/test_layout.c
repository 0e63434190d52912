#define _GNU_SOURCE
/* test_layout — the layout engine from small WordprocessingML strings:
 * style inheritance, table grid and merges, CJK line breaking, pagination
 * with repeated header rows and merged cells across a page break (their
 * labels repeated in the continued part), justification, keep rules. */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "layout/layout_doc.h"
#include "layout/layout_fonts.h"
#include "layout/layout_pages.h"
#include "pdf/pdf_fonts.h"
#include "pdf/pdf_write.h"
#include "test.h"

#define WNS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

/* A layout_source over XML strings: document, styles (either may be NULL). */
typedef struct {
    const char *document, *styles;
    xmlDoc *docs[2];
} str_source;

static xmlDoc *src_xml(void *ctx, const char *name)
{
    str_source *s = ctx;
    int i = !strcmp(name, "word/document.xml") ? 0 : !strcmp(name, "word/styles.xml") ? 1 : -1;
    const char *text = i == 0 ? s->document : i == 1 ? s->styles : NULL;
    if (!text)
        return NULL;
    if (!s->docs[i])
        s->docs[i] = xmlReadMemory(text, (int)strlen(text), name, "UTF-8", XML_PARSE_NONET);
    return s->docs[i];
}

static const unsigned char *src_bytes(void *ctx, const char *name, size_t *len)
{
    (void)ctx;
    (void)name;
    *len = 0;
    return NULL;
}

static void src_done(str_source *s)
{
    for (int i = 0; i < 2; i++)
        if (s->docs[i])
            xmlFreeDoc(s->docs[i]);
}

static char *doc_xml(const char *body, const char *sect)
{
    return xasprintf("<w:document " WNS "><w:body>%s%s</w:body></w:document>", body,
                     sect ? sect : "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" "
                                   "w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" "
                                   "w:footer=\"720\"/></w:sectPr>");
}

static const char styles_xml[] =
    "<w:styles " WNS ">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"仿宋_GB2312\"/>"
    "<w:sz w:val=\"24\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault>"
    "</w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:pPr><w:ind w:firstLineChars=\"200\"/>"
    "</w:pPr><w:rPr><w:sz w:val=\"32\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"H1\"><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/>"
    "<w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"黑体\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"H2\"><w:basedOn w:val=\"H1\"/><w:pPr><w:outlineLvl w:val=\"1\"/>"
    "</w:pPr><w:rPr><w:b/></w:rPr></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"Em\"><w:rPr><w:i/><w:color w:val=\"FF0000\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Loop\"><w:basedOn w:val=\"Loop\"/></w:style>"
    "</w:styles>";

static layout_doc *load(str_source *s, diag_list *d)
{
    layout_source src = {s, src_xml, src_bytes};
    return layout_doc_load(&src, d);
}

static void test_style_inheritance(void)
{
    char *doc = doc_xml("<w:p><w:pPr><w:pStyle w:val=\"H2\"/></w:pPr><w:r><w:rPr><w:sz w:val=\"28\"/></w:rPr>"
                        "<w:t>标题</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"Em\"/></w:rPr><w:t>强调</w:t></w:r></w:p>"
                        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>"
                        "<w:p><w:pPr><w:pStyle w:val=\"Loop\"/></w:pPr><w:r><w:t>循环</w:t></w:r></w:p>",
                        NULL);
    str_source s = {doc, styles_xml, {0}};
    diag_list d;
    diag_list_init(&d);
    layout_doc *ld = load(&s, &d);
    CHECK(ld != NULL);
    if (ld) {
        CHECK_INT(ld->nsections, 1);
        layout_blocks *b = &ld->sections[0].body;
        CHECK_INT(b->nblocks, 3);
        const layout_para *h = &b->blocks[0].para;
        CHECK_INT(h->nruns, 2);
        CHECK(h->runs[0].rpr.size == 14);            /* direct formatting wins */
        CHECK(h->runs[0].rpr.bold);                  /* from H2 */
        CHECK_STR(h->runs[0].rpr.font_ea, "黑体");    /* from H1 */
        CHECK_STR(h->runs[0].rpr.font_ascii, "Times New Roman"); /* from docDefaults */
        CHECK(h->ppr.keep_next);                     /* inherited */
        CHECK_INT(h->ppr.outline, 1);                /* overridden */
        CHECK(h->ppr.ind_first == 32);               /* 200 hundredths × 16 pt of the style */
        CHECK(h->runs[1].rpr.italic);                /* character style */
        CHECK_INT(h->runs[1].rpr.color, 0xFF0000);
        const layout_para *n = &b->blocks[1].para;
        CHECK(n->runs[0].rpr.size == 16);
        CHECK(!n->runs[0].rpr.bold);
        CHECK_INT(n->ppr.align, LAYOUT_ALIGN_JUSTIFY);
        CHECK_INT(n->ppr.outline, -1);
        CHECK_STR(b->blocks[2].para.runs[0].text, "循环"); /* a style based on itself does not hang */
    }
    layout_doc_free(ld);
    diag_list_free(&d);
    src_done(&s);
    free(doc);
}

static const char *cell(const char *text, const char *tcpr)
{
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "<w:tc><w:tcPr>%s</w:tcPr><w:p><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>"
             "<w:r><w:t>%s</w:t></w:r></w:p></w:tc>", tcpr, text);
    return buf[k];
}

static void test_table_grid(void)
{
    strbuf b = STRBUF_INIT;
    strbuf_adds(&b, "<w:tbl><w:tblPr><w:tblBorders><w:insideH w:val=\"single\" w:sz=\"8\"/>"
                    "<w:bottom w:val=\"double\" w:sz=\"4\"/></w:tblBorders></w:tblPr>"
                    "<w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"4000\"/></w:tblGrid>");
    strbuf_printf(&b, "<w:tr><w:trPr><w:tblHeader/></w:trPr>%s%s</w:tr>",
                  cell("表头", "<w:gridSpan w:val=\"2\"/>"), cell("说明", ""));
    strbuf_printf(&b, "<w:tr>%s%s%s</w:tr>", cell("产出", "<w:vMerge w:val=\"restart\"/>"), cell("数量", ""), cell("a", ""));
    strbuf_printf(&b, "<w:tr>%s%s%s</w:tr>", cell("", "<w:vMerge/>"), cell("质量", ""), cell("b", ""));
    strbuf_printf(&b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>%s%s%s</w:tr></w:tbl>", cell("", "<w:vMerge/>"),
                  cell("时效", ""), cell("c", ""));
    char *doc = doc_xml(b.data, NULL);
    str_source s = {doc, styles_xml, {0}};
    diag_list d;
    diag_list_init(&d);
    layout_doc *ld = load(&s, &d);
    CHECK(ld != NULL);
    if (ld && ld->sections[0].body.nblocks == 1) {
        const layout_table *t = &ld->sections[0].body.blocks[0].table;
        CHECK_INT(t->ncols, 3);
        CHECK(t->grid[2] == 200);
        CHECK_INT(t->nrows, 4);
        CHECK(t->rows[0].header);
        CHECK(!t->rows[1].header);
        CHECK(t->rows[3].cant_split);
        CHECK_INT(t->rows[0].cells[0].span, 2);
        CHECK_INT(t->rows[0].cells[1].col, 2);
        CHECK_INT(t->rows[1].cells[0].vmerge, 1);
        CHECK_INT(t->rows[1].cells[0].rowspan, 3);
        CHECK_INT(t->rows[2].cells[0].vmerge, 2);
        CHECK_INT(t->rows[1].cells[1].border[LAYOUT_EDGE_BOTTOM].style, 1);   /* insideH */
        CHECK_INT(t->rows[3].cells[1].border[LAYOUT_EDGE_BOTTOM].style, 2);   /* table bottom */
        CHECK_INT(t->rows[1].cells[0].border[LAYOUT_EDGE_BOTTOM].style, 2);   /* merged to the last row */
    } else {
        CHECK(!"one table block");
    }
    layout_doc_free(ld);
    diag_list_free(&d);
    src_done(&s);
    free(doc);
    strbuf_free(&b);
}

static bool starts_with_any(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (!strncmp(s, *set, strlen(*set)))
            return true;
    return false;
}

static bool ends_with_any(const char *s, size_t len, const char *const *set)
{
    for (; *set; set++) {
        size_t n = strlen(*set);
        if (len >= n && !memcmp(s + len - n, *set, n))
            return true;
    }
    return false;
}

static void test_cjk_line_breaking(void)
{
    /* a narrow column and punctuation everywhere: sweep widths so that
     * each mark falls at a line end somewhere */
    static const char *const closing[] = {"，", "。", "、", "；", "：", "？", "！", "）", "》", "」", "”", NULL};
    static const char *const opening[] = {"（", "《", "「", "“", NULL};
    layout_fonts *fonts = layout_fonts_get(NULL);
    CHECK(fonts != NULL);
    if (!fonts)
        return;
    int lines_checked = 0;
    for (int width = 2400; width <= 3400; width += 160) {
        char sect[400];
        snprintf(sect, sizeof sect,
                 "<w:sectPr><w:pgSz w:w=\"%d\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"200\" "
                 "w:bottom=\"1440\" w:left=\"200\" w:header=\"720\" w:footer=\"720\"/></w:sectPr>", width + 400);
        char *doc = doc_xml("<w:p><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr><w:r><w:t>"
                            "全县共有城乡低保对象（含特困人员）一万二千人，发放资金《保障金》三千万元；"
                            "“一老一小”关爱服务体系日趋完善。养老机构入住率、满意度均有提高！是否达标？"
                            "是「达标」，共计2024年完成123.45万元（含上年结转）。</w:t></w:r></w:p>",
                            sect);
        str_source s = {doc, styles_xml, {0}};
        diag_list d;
        diag_list_init(&d);
        layout_doc *ld = load(&s, &d);
        layout_pages *pages = ld ? layout_paginate(ld, fonts, &d) : NULL;
        CHECK(pages != NULL);
        for (size_t p = 0; pages && p < pages->npages; p++) {
            char *text = layout_page_text(&pages->pages[p]);
            for (char *line = text; *line;) {
                char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t)(nl - line) : strlen(line);
                if (len) {
                    lines_checked++;
                    if (starts_with_any(line, closing) || ends_with_any(line, len, opening))
                        fprintf(stderr, "bad break at width %d: %.*s\n", width, (int)len, line);
                    CHECK(!starts_with_any(line, closing));
                    CHECK(!ends_with_any(line, len, opening));
                }
                line += len + (nl ? 1 : 0);
            }
            free(text);
        }
        layout_pages_free(pages);
        layout_doc_free(ld);
        diag_list_free(&d);
        src_done(&s);
        free(doc);
    }
    CHECK(lines_checked > 50);
}

static void test_table_pagination(void)
{
    layout_fonts *fonts = layout_fonts_get(NULL);
    if (!fonts)
        return;
    strbuf b = STRBUF_INIT;
    strbuf_adds(&b, "<w:tbl><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" "
                    "w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
                    "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders>"
                    "</w:tblPr><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"4000\"/>"
                    "</w:tblGrid>");
    strbuf_printf(&b, "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>%s%s%s</w:tr>", cell("一级指标", ""),
                  cell("二级指标", ""), cell("三级指标", ""));
    for (int i = 0; i < 60; i++) {
        char third[64];
        snprintf(third, sizeof third, "指标%02d", i);
        strbuf_printf(&b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>%s%s%s</w:tr>",
                      cell(i == 0 ? "产出指标" : "", i == 0 ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>"),
                      cell(i % 10 == 0 ? "数量" : "", i % 10 == 0 ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>"),
                      cell(third, ""));
    }
    strbuf_adds(&b, "</w:tbl><w:p><w:r><w:t>表后文字</w:t></w:r></w:p>");
    char *doc = doc_xml(b.data, NULL);
    str_source s = {doc, styles_xml, {0}};
    diag_list d;
    diag_list_init(&d);
    layout_doc *ld = load(&s, &d);
    layout_pages *pages = ld ? layout_paginate(ld, fonts, &d) : NULL;
    CHECK(pages != NULL);
    if (pages) {
        CHECK(pages->npages >= 2);
        if (getenv("JX_DEBUG_LAYOUT"))
            for (size_t p = 0; p < pages->npages; p++) {
                char *text = layout_page_text(&pages->pages[p]);
                fprintf(stderr, "--- page %zu\n%s", p + 1, text);
                free(text);
            }
        int seen[60] = {0};
        for (size_t p = 0; p < pages->npages; p++) {
            char *text = layout_page_text(&pages->pages[p]);
            /* every page the table reaches starts with the header row */
            if (strstr(text, "指标"))
                CHECK(!strncmp(text, "一级指标\n二级指标\n三级指标\n", strlen("一级指标\n二级指标\n三级指标\n")));
            for (int i = 0; i < 60; i++) {
                char third[64];
                snprintf(third, sizeof third, "指标%02d\n", i);
                if (strstr(text, third))
                    seen[i]++;
            }
            free(text);
        }
        for (int i = 0; i < 60; i++)
            CHECK_INT(seen[i], 1);   /* each row exactly once: nothing lost or doubled at the break */
        /* the merged first-level cell's label stands on the first page and
         * again, once, in its part on every later page the group reaches */
        for (size_t p = 0; p < pages->npages; p++) {
            char *text = layout_page_text(&pages->pages[p]);
            const char *at = strstr(text, "产出指标");
            CHECK(at != NULL && strstr(at + 1, "产出指标") == NULL);
            free(text);
        }
        /* and its frame continues on the second page: rules are drawn there */
        size_t rules = 0;
        for (size_t i = 0; i < pages->pages[1].nboxes; i++)
            rules += pages->pages[1].boxes[i].kind == LAYOUT_BOX_RULE;
        CHECK(rules > 20);
    }
    layout_pages_free(pages);
    layout_doc_free(ld);
    diag_list_free(&d);
    src_done(&s);
    free(doc);
    strbuf_free(&b);
}

static void test_breaks_and_keep(void)
{
    layout_fonts *fonts = layout_fonts_get(NULL);
    if (!fonts)
        return;
    strbuf b = STRBUF_INIT;
    /* Exact 23 pt lines, so that the page holds the same number of lines
     * whatever the fonts' own line heights: 697.9 pt of body = 30 lines. */
#define EXACT "<w:spacing w:line=\"460\" w:lineRule=\"exact\"/>"
    strbuf_adds(&b, "<w:p><w:pPr>" EXACT "</w:pPr><w:r><w:t>第一页</w:t></w:r><w:r><w:br w:type=\"page\"/></w:r>"
                    "<w:r><w:t>第二页</w:t></w:r></w:p>");
    /* fill page two to one line above the bottom, then a keep-with-next heading */
    for (int i = 0; i < 28; i++)
        strbuf_adds(&b, "<w:p><w:pPr>" EXACT "</w:pPr><w:r><w:t>正文一行。</w:t></w:r></w:p>");
    strbuf_adds(&b, "<w:p><w:pPr><w:pStyle w:val=\"H1\"/>" EXACT "</w:pPr><w:r><w:t>小标题</w:t></w:r></w:p>"
                    "<w:p><w:pPr>" EXACT "</w:pPr><w:r><w:t>小标题后的正文。</w:t></w:r></w:p>");
#undef EXACT
    char *doc = doc_xml(b.data, NULL);
    str_source s = {doc, styles_xml, {0}};
    diag_list d;
    diag_list_init(&d);
    layout_doc *ld = load(&s, &d);
    layout_pages *pages = ld ? layout_paginate(ld, fonts, &d) : NULL;
    CHECK(pages != NULL);
    if (pages) {
        CHECK_INT(pages->npages, 3);
        char *p1 = layout_page_text(&pages->pages[0]);
        CHECK_STR(p1, "第一页\n");
        free(p1);
        if (pages->npages >= 3) {
            char *p3 = layout_page_text(&pages->pages[2]);
            CHECK(!strncmp(p3, "小标题\n", strlen("小标题\n")));   /* moved with its text */
            free(p3);
        }
        CHECK_INT(pages->noutline, 1);
        CHECK_STR(pages->noutline ? pages->outline[0].title : "", "小标题");
        CHECK_INT(pages->noutline ? pages->outline[0].page : -1, 2);
        /* the PDF side: same pages and dates give the same bytes */
        pdf_meta meta = {"标题", "单位", NULL, NULL, NULL, "2024-12-31"};
        char *a = NULL, *c = NULL;
        size_t alen = 0, clen = 0;
        CHECK_INT(pdf_write(pages, &meta, &a, &alen, &d), 0);
        CHECK_INT(pdf_write(pages, &meta, &c, &clen, &d), 0);
        CHECK(alen > 1000 && alen == clen && !memcmp(a, c, alen));
        CHECK(a && memmem(a, alen, "20241231000000", 14) != NULL);
        free(a);
        free(c);
    }
    layout_pages_free(pages);
    layout_doc_free(ld);
    diag_list_free(&d);
    src_done(&s);
    free(doc);
    strbuf_free(&b);
}

static void test_unsupported_reported_once(void)
{
    char *doc = doc_xml("<w:p><w:r><w:t>a</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
                        "<w:r><w:footnoteReference w:id=\"2\"/></w:r></w:p><w:p><w:pPr><w:pBdr/></w:pPr></w:p>",
                        NULL);
    str_source s = {doc, NULL, {0}};
    diag_list d;
    diag_list_init(&d);
    layout_doc *ld = load(&s, &d);
    CHECK(ld != NULL);
    int foot = 0, bdr = 0;
    for (size_t i = 0; i < d.n; i++) {
        foot += strstr(d.items[i].message, "w:footnoteReference") != NULL;
        bdr += strstr(d.items[i].message, "w:pBdr") != NULL;
    }
    CHECK_INT(foot, 1);
    CHECK_INT(bdr, 1);
    layout_doc_free(ld);
    diag_list_free(&d);
    src_done(&s);
    free(doc);

    /* no body at all is an error, not a crash */
    str_source e = {"<w:document " WNS "/>", NULL, {0}};
    diag_list_init(&d);
    CHECK(load(&e, &d) == NULL);
    CHECK(diag_has_errors(&d));
    diag_list_free(&d);
    src_done(&e);
}

static void test_dates(void)
{
    char buf[32];
    CHECK(pdf_date_normalise("2024-12-31", buf, sizeof buf));
    CHECK_STR(buf, "2024-12-31T00:00:00Z");
    CHECK(pdf_date_normalise("2024-01-02T03:04:05Z", buf, sizeof buf));
    CHECK_STR(buf, "2024-01-02T03:04:05Z");
    CHECK(!pdf_date_normalise("2024-13-01", buf, sizeof buf));
    CHECK(!pdf_date_normalise("yesterday", buf, sizeof buf));
    CHECK(!pdf_date_normalise("2024-12-31junk", buf, sizeof buf));
}

/* Lays out `body` in a 10-character (16 pt) column with a line grid and
 * returns the text of page 1 (caller frees), or NULL. */
static char *grid_page_text(layout_fonts *fonts, const char *body, double *first_base)
{
    /* text width 3200 twips + 10: ten 16 pt characters fit, an 11th does not;
     * body 16838 - 2098 - 1984 = 12756 twips = 22 lines of 579 and 18 left */
    char *doc = doc_xml(body, "<w:sectPr><w:pgSz w:w=\"5210\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" "
                              "w:right=\"1000\" w:bottom=\"1984\" w:left=\"1000\" w:header=\"851\" "
                              "w:footer=\"1304\"/><w:docGrid w:type=\"lines\" w:linePitch=\"579\"/></w:sectPr>");
    str_source s = {doc, styles_xml, {0}};
    diag_list d;
    diag_list_init(&d);
    layout_doc *ld = load(&s, &d);
    layout_pages *pages = ld ? layout_paginate(ld, fonts, &d) : NULL;
    char *text = pages && pages->npages ? layout_page_text(&pages->pages[0]) : NULL;
    if (first_base && pages && pages->npages && pages->pages[0].nboxes)
        *first_base = pages->pages[0].boxes[0].y;
    layout_pages_free(pages);
    layout_doc_free(ld);
    diag_list_free(&d);
    src_done(&s);
    free(doc);
    return text;
}

#define NOIND "<w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"left\"/></w:pPr>"

static void test_libreoffice_breaks(void)
{
    layout_fonts *fonts = layout_fonts_get(NULL);
    if (!fonts)
        return;
    /* the body is centred on a whole number of grid lines: 9 twips lower */
    double base = 0;
    char *t = grid_page_text(fonts, "<w:p>" NOIND "<w:r><w:t>一二</w:t></w:r></w:p>", &base);
    double nat_top = 2098 / 20.0, centred_top = (2098 + 9) / 20.0;
    CHECK(base > centred_top + 1 && base < centred_top + 28.95);
    CHECK(base - nat_top > 0.4);
    free(t);
    /* a break before an opening quote after a CJK character */
    t = grid_page_text(fonts, "<w:p>" NOIND "<w:r><w:t>一二三四五六七八九十“十一”二</w:t></w:r></w:p>", NULL);
    CHECK(t && !strncmp(t, "一二三四五六七八九十\n“", strlen("一二三四五六七八九十\n“")));
    free(t);
    /* a comma hangs in the body; a closing quote does not */
    t = grid_page_text(fonts, "<w:p>" NOIND "<w:r><w:t>一二三四五六七八九十，一二</w:t></w:r></w:p>", NULL);
    if (t && strncmp(t, "一二三四五六七八九十，\n", strlen("一二三四五六七八九十，\n")))
        fprintf(stderr, "hanging comma: %s\n", t);
    CHECK(t && !strncmp(t, "一二三四五六七八九十，\n", strlen("一二三四五六七八九十，\n")));
    free(t);
    t = grid_page_text(fonts, "<w:p>" NOIND "<w:r><w:t>一二三四五六七八九十”一二</w:t></w:r></w:p>", NULL);
    CHECK(t && !strncmp(t, "一二三四五六七八九\n十”", strlen("一二三四五六七八九\n十”")));
    free(t);
    /* nothing hangs after a number: "3、" goes down whole */
    t = grid_page_text(fonts, "<w:p>" NOIND "<w:r><w:t>一二三四五六七八九3、一二</w:t></w:r></w:p>", NULL);
    CHECK(t && strstr(t, "\n3、"));
    free(t);
    /* nothing hangs in a table cell (LibreOffice keeps marks inside cells) */
    t = grid_page_text(fonts,
                       "<w:tbl><w:tblPr><w:tblW w:w=\"3210\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
                       "<w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/>"
                       "</w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w=\"3210\"/></w:tblGrid><w:tr><w:tc>"
                       "<w:tcPr><w:tcW w:w=\"3210\" w:type=\"dxa\"/></w:tcPr><w:p>" NOIND
                       "<w:r><w:t>一二三四五六七八九十。</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>", NULL);
    CHECK(t && strstr(t, "一二三四五六七八九\n十。"));
    free(t);
}

/* Whether two PDFs render the same pixels and text (poppler, which draws
 * with the embedded fonts). */
static bool same_rendering(const char *a, size_t alen, const char *b, size_t blen)
{
    char dir[] = "/tmp/jx-cut-XXXXXX";
    if (!mkdtemp(dir))
        return false;
    bool ok = true;
    const char *names[2] = {"a.pdf", "b.pdf"};
    const char *data[2] = {a, b};
    size_t lens[2] = {alen, blen};
    for (int i = 0; i < 2; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        FILE *f = fopen(path, "wb");
        ok = ok && f && fwrite(data[i], 1, lens[i], f) == lens[i];
        if (f)
            ok = fclose(f) == 0 && ok;
        free(path);
    }
    char *cmd = xasprintf("(cd %s && pdftoppm -r 40 -gray a.pdf a && pdftoppm -r 40 -gray b.pdf b && "
                          "pdftotext a.pdf a.txt && pdftotext b.pdf b.txt && cmp -s a.txt b.txt && "
                          "ls a-*.pgm >/dev/null && for f in a-*.pgm; do cmp -s $f b${f#a} || exit 1; done); r=$?; "
                          "rm -rf %s; exit $r",
                          dir, dir);
    ok = ok && system(cmd) == 0;
    free(cmd);
    return ok;
}

/* CFF fonts embedded from views of the document's glyphs (pdf_cffview)
 * draw what embedding from the whole font files draws, in no more bytes
 * (subroutinized faces are inlined), the same bytes each time: for a
 * short document, and for one whose 3,000 different characters need the
 * next larger view. */
static void test_cut_fonts_same_pdf(void)
{
    layout_fonts *fonts = layout_fonts_get(NULL);
    if (!fonts)
        return;
    strbuf big = STRBUF_INIT;
    strbuf_adds(&big, "<w:p><w:r><w:t>");
    for (unsigned c = 0x4E00; c < 0x4E00 + 3000; c++) {
        char u[4] = {(char)(0xE0 | (c >> 12)), (char)(0x80 | ((c >> 6) & 0x3F)), (char)(0x80 | (c & 0x3F)), 0};
        strbuf_adds(&big, u);
    }
    strbuf_adds(&big, "</w:t></w:r></w:p>");
    const char *bodies[2] = {
        "<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr><w:r><w:t>一、部门概况</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>预算执行率 99.83%，得分 9.98。Budget ABC xyz.</w:t></w:r></w:p>",
        big.data};
    for (int i = 0; i < 2; i++) {
        char *doc = doc_xml(bodies[i], NULL);
        str_source s = {doc, styles_xml, {0}};
        diag_list d;
        diag_list_init(&d);
        layout_doc *ld = load(&s, &d);
        layout_pages *pages = ld ? layout_paginate(ld, fonts, &d) : NULL;
        CHECK(pages != NULL);
        if (pages) {
            pdf_meta meta = {"标题", "单位", NULL, NULL, NULL, "2024-12-31"};
            char *whole = NULL, *cut = NULL, *again = NULL;
            size_t wlen = 0, clen = 0, alen = 0;
            pdf_fonts_set_cutting(false);
            CHECK_INT(pdf_write(pages, &meta, &whole, &wlen, &d), 0);
            pdf_fonts_set_cutting(true);
            CHECK_INT(pdf_write(pages, &meta, &cut, &clen, &d), 0);
            CHECK_INT(pdf_write(pages, &meta, &again, &alen, &d), 0);
            CHECK(wlen > 1000 && whole && cut && clen <= wlen);
            CHECK(whole && cut && same_rendering(whole, wlen, cut, clen));
            if (getenv("JX_TEST_VERBOSE"))
                fprintf(stderr, "whole fonts %zu bytes, cut %zu\n", wlen, clen);
            CHECK(alen == clen && again && cut && !memcmp(again, cut, alen));
            free(whole);
            free(cut);
            free(again);
        }
        layout_pages_free(pages);
        layout_doc_free(ld);
        diag_list_free(&d);
        src_done(&s);
        free(doc);
    }
    strbuf_free(&big);
}

/* A layout_source over named parts (for documents with settings, footers
 * and relationships). */
typedef struct {
    const char *const *parts;   /* name, text, name, text, ..., NULL */
    xmlDoc *docs[8];
} parts_source;

static xmlDoc *parts_xml(void *ctx, const char *name)
{
    parts_source *s = ctx;
    for (int i = 0; s->parts[2 * i] && i < 8; i++) {
        if (strcmp(s->parts[2 * i], name) != 0)
            continue;
        if (!s->docs[i])
            s->docs[i] = xmlReadMemory(s->parts[2 * i + 1], (int)strlen(s->parts[2 * i + 1]), name, "UTF-8",
                                       XML_PARSE_NONET);
        return s->docs[i];
    }
    return NULL;
}

/* The text box on a page whose text contains `needle`, or NULL. */
static const layout_box *box_with(const layout_page *pg, const char *needle)
{
    for (size_t i = 0; i < pg->nboxes; i++) {
        const layout_box *b = &pg->boxes[i];
        if (b->kind != LAYOUT_BOX_TEXT || !b->line)
            continue;
        const char *t = pango_layout_get_text(b->line->layout);
        int start = b->line->start_index, len = b->line->length;
        if (t && memmem(t + start, (size_t)len, needle, strlen(needle)))
            return b;
    }
    return NULL;
}

/* GB/T 9704 page numbers: with w:evenAndOddHeaders the even footer serves
 * even page numbers and the default footer odd ones, w:titlePg gives the
 * first page its own; paragraph indents and alignment apply in footers;
 * PAGE works both as a complex field (fldChar) and as w:fldSimple, and the
 * numbers follow w:pgNumType w:start. */
static void test_odd_even_footers(void)
{
    layout_fonts *fonts = layout_fonts_get(NULL);
    if (!fonts)
        return;
    static const char rpr[] = "<w:rPr><w:sz w:val=\"28\"/></w:rPr>";
    char *odd = xasprintf("<w:ftr " WNS "><w:p><w:pPr><w:ind w:right=\"320\" w:firstLine=\"0\"/>"
                          "<w:jc w:val=\"right\"/></w:pPr><w:r>%s<w:t xml:space=\"preserve\">— </w:t></w:r>"
                          "<w:r>%s<w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>%s<w:instrText> PAGE </w:instrText></w:r>"
                          "<w:r>%s<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r>%s<w:t>9</w:t></w:r>"
                          "<w:r>%s<w:fldChar w:fldCharType=\"end\"/></w:r>"
                          "<w:r>%s<w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>",
                          rpr, rpr, rpr, rpr, rpr, rpr, rpr);
    char *even = xasprintf("<w:ftr " WNS "><w:p><w:pPr><w:ind w:left=\"320\" w:firstLine=\"0\"/>"
                           "<w:jc w:val=\"left\"/></w:pPr><w:r>%s<w:t xml:space=\"preserve\">— </w:t></w:r>"
                           "<w:fldSimple w:instr=\" PAGE \"><w:r>%s<w:t>9</w:t></w:r></w:fldSimple>"
                           "<w:r>%s<w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>", rpr, rpr, rpr);
    const char first[] = "<w:ftr " WNS "><w:p><w:r><w:t>首页页脚</w:t></w:r></w:p></w:ftr>";
    const char rels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rO\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
        "<Relationship Id=\"rE\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>"
        "<Relationship Id=\"rF\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer3.xml\"/>"
        "</Relationships>";
    const char settings_on[] = "<w:settings " WNS "><w:evenAndOddHeaders/></w:settings>";
    const char settings_off[] = "<w:settings " WNS "><w:evenAndOddHeaders w:val=\"0\"/></w:settings>";
    const char brk[] = "<w:r><w:br w:type=\"page\"/></w:r>";
    char *body = xasprintf("<w:p><w:r><w:t>甲</w:t></w:r>%s<w:r><w:t>乙</w:t></w:r>%s<w:r><w:t>丙</w:t></w:r>"
                           "%s<w:r><w:t>丁</w:t></w:r></w:p>", brk, brk, brk);
    /* 1000 twips left, 1400 right: the text block is 50 pt .. page width - 70 pt */
    const char sect[] =
        "<w:sectPr xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<w:footerReference w:type=\"default\" r:id=\"rO\"/><w:footerReference w:type=\"even\" r:id=\"rE\"/>"
        "<w:footerReference w:type=\"first\" r:id=\"rF\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
        "<w:pgMar w:top=\"1440\" w:right=\"1400\" w:bottom=\"1440\" w:left=\"1000\" w:header=\"720\" w:footer=\"720\"/>"
        "<w:pgNumType w:start=\"2\"/><w:titlePg/></w:sectPr>";
    char *doc = doc_xml(body, sect);
    for (int on = 1; on >= 0; on--) {
        const char *const parts[] = {"word/document.xml", doc, "word/styles.xml", styles_xml,
                                     "word/settings.xml", on ? settings_on : settings_off,
                                     "word/_rels/document.xml.rels", rels, "word/footer1.xml", odd,
                                     "word/footer2.xml", even, "word/footer3.xml", first, NULL};
        parts_source s = {parts, {0}};
        layout_source src = {&s, parts_xml, src_bytes};
        diag_list d;
        diag_list_init(&d);
        layout_doc *ld = layout_doc_load(&src, &d);
        layout_pages *pages = ld ? layout_paginate(ld, fonts, &d) : NULL;
        CHECK(pages != NULL);
        if (pages && pages->npages == 4) {
            const double left = 50, right = 595.3 - 70;
            CHECK(box_with(&pages->pages[0], "首页页脚") != NULL);     /* titlePg */
            CHECK(box_with(&pages->pages[0], "—") == NULL);
            for (int p = 1; p < 4; p++) {
                int number = p + 2;
                char want[32];
                snprintf(want, sizeof want, "— %d —", number);
                const layout_box *b = box_with(&pages->pages[p], want);
                CHECK_INT(pages->pages[p].number, number);
                CHECK(b != NULL);
                if (!b)
                    continue;
                if (on && number % 2 == 0) {          /* even: at the left, one 16 pt character in */
                    CHECK(b->x > left + 16 - 0.5 && b->x < left + 16 + 0.5);
                } else if (on) {                     /* odd: at the right, one character in */
                    CHECK(b->x + b->w > right - 16 - 0.5 && b->x + b->w < right - 16 + 0.5);
                } else {                             /* without evenAndOddHeaders every page is odd */
                    CHECK(b->x + b->w > right - 16 - 0.5 && b->x + b->w < right - 16 + 0.5);
                }
            }
        } else {
            CHECK_INT(pages ? (int)pages->npages : 0, 4);
        }
        layout_pages_free(pages);
        layout_doc_free(ld);
        diag_list_free(&d);
        for (int i = 0; i < 8; i++)
            if (s.docs[i])
                xmlFreeDoc(s.docs[i]);
    }
    free(doc);
    free(body);
    free(odd);
    free(even);
}

/* The advances of the glyphs of digits and '.' in the first line of page
 * 1 that holds them, into w (at most 16); returns how many, and the line's
 * width in *lw. */
static int number_advances(layout_fonts *fonts, const char *jc, int *w, double *lw)
{
    char *body = xasprintf("<w:p><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"%s\"/>"
                           "</w:pPr><w:r><w:t>一二三四7300.00万元五六七八九十一二三四五</w:t></w:r></w:p>", jc);
    char *doc = doc_xml(body, "<w:sectPr><w:pgSz w:w=\"5210\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" "
                              "w:right=\"1000\" w:bottom=\"1984\" w:left=\"1000\" w:header=\"851\" "
                              "w:footer=\"1304\"/></w:sectPr>");
    str_source s = {doc, styles_xml, {0}};
    diag_list d;
    diag_list_init(&d);
    layout_doc *ld = load(&s, &d);
    layout_pages *pages = ld ? layout_paginate(ld, fonts, &d) : NULL;
    int n = 0;
    *lw = 0;
    for (size_t i = 0; pages && pages->npages && i < pages->pages[0].nboxes && !n; i++) {
        const layout_box *bx = &pages->pages[0].boxes[i];
        if (bx->kind != LAYOUT_BOX_TEXT || !bx->line)
            continue;
        const char *text = pango_layout_get_text(bx->line->layout);
        for (GSList *r = bx->line->runs; r; r = r->next) {
            PangoGlyphItem *run = r->data;
            PangoGlyphItemIter it;
            for (gboolean ok = pango_glyph_item_iter_init_start(&it, run, text); ok;
                 ok = pango_glyph_item_iter_next_cluster(&it)) {
                char c = text[it.start_index];
                if ((c >= '0' && c <= '9') || c == '.')
                    for (int g = it.start_glyph; g < it.end_glyph && n < 16; g++)
                        w[n++] = run->glyphs->glyphs[g].geometry.width;
            }
        }
        if (n) {
            PangoRectangle log;
            pango_layout_line_get_extents(bx->line, NULL, &log);
            *lw = (double)log.width / PANGO_SCALE;
        }
    }
    layout_pages_free(pages);
    layout_doc_free(ld);
    diag_list_free(&d);
    src_done(&s);
    free(doc);
    free(body);
    return n;
}

/* A justified line stretches the gaps between Chinese characters and at
 * the CJK/Latin boundaries, never the gaps inside a number. */
static void test_justify_keeps_numbers(void)
{
    layout_fonts *fonts = layout_fonts_get(NULL);
    if (!fonts)
        return;
    int left[16], just[16];
    double lw_left = 0, lw_just = 0;
    int nl = number_advances(fonts, "left", left, &lw_left);
    int nj = number_advances(fonts, "both", just, &lw_just);
    CHECK_INT(nl, 7);
    CHECK_INT(nj, 7);
    for (int i = 0; i < nl && i < nj; i++)
        CHECK_INT(just[i], left[i]);
    /* the line was stretched (to the 160.5 pt column) all the same */
    CHECK(lw_just > lw_left + 1);
    if (!(lw_just > 160 && lw_just < 161))
        fprintf(stderr, "justified width %.2f, left %.2f\n", lw_just, lw_left);
    CHECK(lw_just > 160 && lw_just < 161);
}

/* Every page's text of `body` laid out as in grid_page_text, pages
 * separated by form feeds (caller frees), or NULL. */
static char *grid_all_text(layout_fonts *fonts, const char *body)
{
    char *doc = doc_xml(body, "<w:sectPr><w:pgSz w:w=\"5210\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" "
                              "w:right=\"1000\" w:bottom=\"1984\" w:left=\"1000\" w:header=\"851\" "
                              "w:footer=\"1304\"/><w:docGrid w:type=\"lines\" w:linePitch=\"579\"/></w:sectPr>");
    str_source s = {doc, styles_xml, {0}};
    diag_list d;
    diag_list_init(&d);
    layout_doc *ld = load(&s, &d);
    layout_pages *pages = ld ? layout_paginate(ld, fonts, &d) : NULL;
    strbuf b = STRBUF_INIT;
    for (size_t p = 0; pages && p < pages->npages; p++) {
        char *t = layout_page_text(&pages->pages[p]);
        if (p)
            strbuf_addc(&b, '\f');
        strbuf_adds(&b, t);
        free(t);
    }
    layout_pages_free(pages);
    layout_doc_free(ld);
    diag_list_free(&d);
    src_done(&s);
    free(doc);
    return pages ? (b.data ? strbuf_take(&b) : xstrdup("")) : (strbuf_free(&b), NULL);
}

#define ONE_LINE "<w:p><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr><w:r><w:t>一行</w:t></w:r></w:p>"

/* Keep rules on a 22-line grid page: a heading never ends a page, also
 * when the paragraph after it has three lines of which two would fit (they
 * cannot split under widow/orphan control); a table's last rows that keep
 * with the next go to the next page with the paragraph after the table. */
static void test_keep_rules(void)
{
    layout_fonts *fonts = layout_fonts_get(NULL);
    if (!fonts)
        return;
    strbuf b = STRBUF_INIT;
    for (int i = 0; i < 19; i++)
        strbuf_adds(&b, ONE_LINE);
    strbuf_adds(&b, "<w:p><w:pPr><w:pStyle w:val=\"H1\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>"
                    "<w:r><w:t>小标题</w:t></w:r></w:p>"
                    "<w:p><w:pPr><w:widowControl/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"left\"/>"
                    "</w:pPr><w:r><w:t>一二三四五六七八九十一二三四五六七八九十一二三</w:t></w:r></w:p>");
    char *t = grid_all_text(fonts, b.data);
    CHECK(t && strstr(t, "\f小标题\n") != NULL);
    free(t);
    strbuf_free(&b);

    /* 20 lines, then a two-row table whose last row keeps with the next,
     * then a paragraph: 22 lines fill the page, the paragraph does not fit */
    const char *kn = "<w:p><w:pPr><w:keepNext/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>";
    const char *plain = "<w:p><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>";
    for (int keep = 0; keep < 2; keep++) {
        b = (strbuf)STRBUF_INIT;
        for (int i = 0; i < 20; i++)
            strbuf_adds(&b, ONE_LINE);
        strbuf_printf(&b, "<w:tbl><w:tblPr><w:tblW w:w=\"3210\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>"
                          "</w:tblPr><w:tblGrid><w:gridCol w:w=\"3210\"/></w:tblGrid>"
                          "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>%s<w:r><w:t>第一行</w:t></w:r></w:p></w:tc></w:tr>"
                          "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>%s<w:r><w:t>总分行</w:t></w:r></w:p></w:tc></w:tr>"
                          "</w:tbl>%s<w:r><w:t>填表人</w:t></w:r></w:p>", plain, keep ? kn : plain, plain);
        t = grid_all_text(fonts, b.data);
        if (keep)
            CHECK(t && strstr(t, "第一行\n\f总分行\n填表人\n") != NULL);
        else
            CHECK(t && strstr(t, "第一行\n总分行\n\f填表人\n") != NULL);
        if (t && getenv("JX_DEBUG_LAYOUT"))
            fprintf(stderr, "keep %d: %s\n", keep, t);
        free(t);
        strbuf_free(&b);
    }
}

int main(void)
{
    test_style_inheritance();
    test_table_grid();
    test_cjk_line_breaking();
    test_table_pagination();
    test_breaks_and_keep();
    test_unsupported_reported_once();
    test_dates();
    test_libreoffice_breaks();
    test_cut_fonts_same_pdf();
    test_odd_even_footers();
    test_justify_keeps_numbers();
    test_keep_rules();
    pdf_fonts_shutdown();
    layout_fonts_shutdown();
    return test_done();
}
