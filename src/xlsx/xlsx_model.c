#include "xlsx_model.h"
#include "xlsx_layout.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    val_doc *doc;
    diag_list *diags;
    const xlsx_book *book;
    const xlsx_sheet *sh;   /* the sheet being read */
    unsigned sid;           /* its id in doc */
    bool broken;            /* a structural error: the workbook cannot be read */
} mctx;

static diag_loc cell_loc(mctx *m, uint32_t row, uint32_t col)
{
    diag_loc l = {m->doc->file, (int)row, (int)col, NULL, 0, NULL, m->sh ? m->sh->name : NULL};
    return l;
}

/* Text of a cell for labels and headers; "" when empty or not text. */
static const char *cell_text(mctx *m, uint32_t row, uint32_t col)
{
    const xlsx_cell *c = xlsx_cell_at(m->sh, row, col);
    if (!c || c->kind != XLSX_STRING) return c && c->kind == XLSX_NUMBER ? c->text : "";
    return c->text;
}

/* Labels and headers compared without the spaces a clerk may have typed around them. */
static bool same_label(const char *a, const char *b)
{
    while (*a == ' ') a++;
    size_t n = strlen(a);
    while (n && a[n - 1] == ' ') n--;
    return strlen(b) == n && !memcmp(a, b, n);
}

static bool cell_filled(mctx *m, uint32_t row, uint32_t col)
{
    const xlsx_cell *c = xlsx_cell_at(m->sh, row, col);
    if (!c) return false;
    if (c->kind == XLSX_EMPTY) return c->formula;    /* a formula without value still asks for attention */
    if (c->kind == XLSX_STRING) {
        for (const char *p = c->text; *p; p++)
            if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') return true;
        return false;
    }
    return true;
}

static val *str_at(mctx *m, const char *s, size_t n, uint32_t row, uint32_t col)
{
    val *v = val_new_str(m->doc, s, n, (int)row, (int)col);
    v->sheet = m->sid;
    v->quoted = true;       /* a cell's text is text: no YAML explanations apply */
    return v;
}

static val *new_at(mctx *m, val_kind k, uint32_t row, uint32_t col)
{
    val *v = val_new(m->doc, k, (int)row, (int)col);
    v->sheet = m->sid;
    return v;
}

/* A text cell's value under the rules of a data file: a line break typed
 * on Windows (CR LF, or CR) is a line break, and the control characters a
 * data file refuses are refused here too (same message), since no report
 * can hold them. */
static val *text_at(mctx *m, const char *s, size_t n, uint32_t row, uint32_t col)
{
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        if (!l) {
            /* The package reader gives UTF-8; a hand-made book may not. */
            diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "chars", "This value is not valid UTF-8 text. %sSave the file as UTF-8.", "");
            strbuf_free(&b);
            return NULL;
        }
        if (cp == '\r') {
            strbuf_addc(&b, '\n');
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (!utf8_xml_allowed(cp) || (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) {
            char hex[16];
            snprintf(hex, sizeof hex, "U+%04X", (unsigned)cp);
            diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "chars",
                     "This value contains the control character %s, which cannot appear in a report; delete it (it is often left over from copying out of another program).",
                     hex);
            strbuf_free(&b);
            return NULL;
        }
        strbuf_add(&b, s + i, l);
        i += l;
    }
    val *v = str_at(m, b.data ? b.data : "", b.len, row, col);
    strbuf_free(&b);
    return v;
}

static bool is_figure(field_type t)
{
    return t == FT_AMOUNT || t == FT_NUMBER || t == FT_PERCENT || t == FT_SCORE || t == FT_INT;
}

/* The decimal text num (as xlsx_number_exact writes it: no exponent) times
 * 100, in place, exactly: "0.98" -> "98", "0.1636" -> "16.36", "1" -> "100",
 * "-0.005" -> "-0.5".  False when it does not fit in size bytes. */
static bool percent_of(char *num, size_t size)
{
    char digits[64];
    size_t nd = 0;
    bool neg = num[0] == '-';
    const char *p = num + (neg || num[0] == '+');
    long point = -1;
    for (; *p; p++) {
        if (*p == '.') { point = (long)nd; continue; }
        if (*p < '0' || *p > '9' || nd + 3 >= sizeof digits) return false;
        digits[nd++] = *p;
    }
    if (point < 0) point = (long)nd;
    point += 2;                          /* times 100 */
    while ((long)nd < point) digits[nd++] = '0';
    char out[80];
    size_t k = 0;
    if (neg) out[k++] = '-';
    long i = 0;
    while (i < point - 1 && digits[i] == '0') i++;   /* leading zeros of the whole part */
    for (; i < point; i++) out[k++] = digits[i];
    size_t end = nd;
    while (end > (size_t)point && digits[end - 1] == '0') end--;
    if (end > (size_t)point) {
        out[k++] = '.';
        for (size_t j = (size_t)point; j < end; j++) out[k++] = digits[j];
    }
    out[k] = 0;
    if (!strcmp(out, "-0")) { out[0] = '0'; out[1] = 0; k = 1; }
    if (k + 1 > size) return false;
    memcpy(num, out, k + 1);
    return true;
}

/* The value of an input cell for a field of type t, or NULL when it is
 * empty or unusable (then with an error). */
static val *cell_value(mctx *m, uint32_t row, uint32_t col, field_type t, const char *field)
{
    const xlsx_cell *c = xlsx_cell_at(m->sh, row, col);
    if (!c) return NULL;
    switch (c->kind) {
    case XLSX_EMPTY:
        if (c->formula)
            diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "xlsx.nocache",
                     "The cell for %s holds a formula whose result was never saved; open the workbook in Excel or WPS, save it once, and check again.",
                     field);
        return NULL;
    case XLSX_ERROR:
        diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "xlsx.error",
                 "The cell for %s shows the error %s instead of a value; correct the cell (or the formula in it).",
                 field, c->text);
        return NULL;
    case XLSX_BOOL:
        diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "xlsx.type",
                 "The cell for %s holds the logical value %s; write %s instead.", field,
                 strcmp(c->text, "0") ? "TRUE" : "FALSE", xl_type_hint(t));
        return NULL;
    case XLSX_STRING: {
        bool blank = true;
        for (const char *p = c->text; *p && blank; p++) blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (blank && t != FT_TEXT) return NULL;
        if (!c->len) return NULL;
        return text_at(m, c->text, c->len, row, col);
    }
    case XLSX_NUMBER:
        break;
    }
    if (c->date || t == FT_DATE) {
        int y, mo, d;
        if (t == FT_DATE || t == FT_TEXT) {
            if (!xlsx_serial_date(c->text, m->book->date1904, &y, &mo, &d)) {
                diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "xlsx.type",
                         "The cell for %s holds the number %s, which is not a date; write a date such as 2025-03-31.",
                         field, c->text);
                return NULL;
            }
            char iso[16];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y % 10000, mo % 100, d % 100);
            return str_at(m, iso, 10, row, col);
        }
        if (is_figure(t)) {
            diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "xlsx.type",
                     "The cell for %s is formatted as a date, so the figure typed into it became a date; set the cell's format to a number and type the figure again.",
                     field);
            return NULL;
        }
    }
    char buf[64];
    if (!xlsx_number_exact(c->text, buf, sizeof buf)) {
        diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "xlsx.type",
                 "The cell for %s holds \"%s\", which is not a number; write %s.", field, c->text, xl_type_hint(t));
        return NULL;
    }
    if (c->percent && (t == FT_PERCENT || t == FT_TEXT)) {
        /* "98%" typed into a cell Excel formats as a percentage is stored as
         * 0.98; the data means 98 (a 执行率) or the text "98%" (a 指标值). */
        if (!percent_of(buf, sizeof buf)) {
            diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "xlsx.type",
                     "The cell for %s holds \"%s\", which is not a number; write %s.", field, c->text, xl_type_hint(t));
            return NULL;
        }
        if (t == FT_TEXT) {
            size_t n = strlen(buf);
            if (n + 2 > sizeof buf) return NULL;
            buf[n] = '%';
            buf[n + 1] = 0;
            return text_at(m, buf, n + 1, row, col);
        }
    }
    val *v = str_at(m, buf, strlen(buf), row, col);
    v->quoted = false;
    return v;
}

/* The map at a dotted prefix below root (creating the maps on the way),
 * for a field at row/col; returns the map and sets *leaf to the last
 * component. */
static val *parent_map(mctx *m, val *root, const char *path, const char **leaf, uint32_t row, uint32_t col)
{
    val *cur = root;
    for (;;) {
        const char *dot = strchr(path, '.');
        if (!dot) { *leaf = path; return cur; }
        char part[128];
        size_t n = (size_t)(dot - path);
        if (n >= sizeof part) n = sizeof part - 1;
        memcpy(part, path, n);
        part[n] = 0;
        val *next = val_get(cur, part);
        if (!next || next->kind != VAL_MAP) {
            next = new_at(m, VAL_MAP, row, col);
            val_map_set(m->doc, cur, part, next, (int)row, (int)col);
        }
        cur = next;
        path = dot + 1;
    }
}

static void set_at(mctx *m, val *map, const char *key, val *v, uint32_t row, uint32_t col)
{
    val_map_set(m->doc, map, key, v, (int)row, (int)col);
}

static void push_at(mctx *m, val *map, const char *key, val *item, uint32_t row, uint32_t col)
{
    val *l = val_get(map, key);
    if (!l || l->kind != VAL_LIST) {
        l = new_at(m, VAL_LIST, row, col);
        set_at(m, map, key, l, row, col);
    }
    val_list_push(m->doc, l, item);
}

static uint32_t last_row(const xlsx_sheet *s)
{
    return s->ncells ? s->cells[s->ncells - 1].row : 0;
}

static void header_error(mctx *m, uint32_t row, uint32_t col, const char *want)
{
    const char *got = cell_text(m, row, col);
    if (*got)
        diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "xlsx.header",
                 "This header cell should read \"%s\" but reads \"%s\"; the layout of the sheet was changed. Restore the header as jixiao wrote it (jixiao init writes a fresh workbook).",
                 want, got);
    else
        diag_add(m->diags, DIAG_ERROR, cell_loc(m, row, col), "xlsx.header",
                 "This header cell should read \"%s\" but is empty; the layout of the sheet was changed. Restore the header as jixiao wrote it (jixiao init writes a fresh workbook).",
                 want);
    m->broken = true;
}

/* ---- key/value sheets ------------------------------------------------------------ */

static void read_kv(mctx *m, const xl_sheet_def *s, val *root)
{
    static const char *const hdr[] = {"项目", "内容"};
    for (uint32_t c = 0; c < 2; c++)
        if (!same_label(cell_text(m, 1, c + 1), hdr[c])) { header_error(m, 1, c + 1, hdr[c]); return; }
    const xl_field *cur = NULL;
    bool seen[64] = {false};
    uint32_t last = last_row(m->sh);
    for (uint32_t r = 2; r <= last; r++) {
        const char *label = cell_text(m, r, 1);
        if (cell_filled(m, r, 1)) {
            cur = NULL;
            int k = 0;
            for (const xl_field *f = s->fields; f->path; f++, k++) {
                char l[256];
                if (same_label(label, xl_label(s, f, l, sizeof l))) { cur = f; break; }
            }
            if (!cur) {
                diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, 1), "xlsx.label",
                         "The sheet %s has no row \"%s\"; restore the label as jixiao wrote it, so that the value beside it is read.",
                         s->name, label);
                continue;
            }
            if (seen[k]) {
                diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, 1), "xlsx.label",
                         "The row \"%s\" appears twice on the sheet %s; keep one and delete the other.", label, s->name);
                cur = NULL;
                continue;
            }
            seen[k] = true;
            if (cur->derived) continue;
            const field_def *d = xl_field_def(cur->path);
            bool list = d->type == FT_PARAS || d->type == FT_TEXTLIST;
            val *v = cell_value(m, r, 2, list ? FT_TEXT : d->type, cur->path);
            if (!v && (list || !(d->flags & FIELD_REQUIRED))) continue;
            const char *leaf;
            /* Maps are made only for values, so that an empty 三公经费 sheet is no 三公经费. */
            val *pm = parent_map(m, root, cur->path, &leaf, r, 2);
            if (list) push_at(m, pm, leaf, v, r, 2);
            else set_at(m, pm, leaf, v ? v : new_at(m, VAL_NULL, r, 2), r, 1);
            continue;
        }
        if (!cell_filled(m, r, 2)) continue;
        const field_def *d = cur && !cur->derived ? xl_field_def(cur->path) : NULL;
        if (!d || (d->type != FT_PARAS && d->type != FT_TEXTLIST)) {
            diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, 2), "xlsx.row",
                     "This value has no label in column A, and the row above is not a list of paragraphs or names it could continue; write the label, or move the value to its field.");
            continue;
        }
        val *v = cell_value(m, r, 2, FT_TEXT, cur->path);
        if (!v) continue;
        const char *leaf;
        val *pm = parent_map(m, root, cur->path, &leaf, r, 2);
        push_at(m, pm, leaf, v, r, 2);
    }
}

/* ---- tables ------------------------------------------------------------------------- */

#define XL_MAX_COLS 16

static void read_table(mctx *m, const xl_sheet_def *s, val *root)
{
    uint32_t col[XL_MAX_COLS] = {0};
    const field_def *def[XL_MAX_COLS] = {NULL};
    int n = 0;
    for (const xl_field *f = s->fields; f->path && n < XL_MAX_COLS; f++, n++) {
        char h[256], full[256];
        xl_header(f, h, sizeof h);
        for (uint32_t c = 1; c <= XL_HEADER_SCAN_COLS; c++)
            if (same_label(cell_text(m, 1, c), h)) { col[n] = c; break; }
        snprintf(full, sizeof full, "%s.%s", s->base, f->path);
        def[n] = f->derived ? NULL : xl_field_def(full);
        if (!col[n] && !f->derived) {
            diag_loc l = cell_loc(m, 1, (uint32_t)n + 1);
            diag_add(m->diags, DIAG_ERROR, l, "xlsx.header",
                     "The sheet %s has no column headed \"%s\" in row 1; the header row was changed. Restore it as jixiao wrote it (jixiao init writes a fresh workbook).",
                     s->name, h);
            m->broken = true;
        }
    }
    if (m->broken) return;
    const char *leaf;
    val *pm = NULL, *list = NULL, *el = NULL;
    const char *subname = NULL;
    size_t sublen = 0;
    for (int i = 0; i < n; i++) {
        const char *dot = strchr(s->fields[i].path, '.');
        if (dot) { subname = s->fields[i].path; sublen = (size_t)(dot - subname); break; }
    }
    char sub[64] = "";
    if (subname) { memcpy(sub, subname, sublen); sub[sublen] = 0; }
    uint32_t last = last_row(m->sh);
    for (uint32_t r = 2; r <= last; r++) {
        bool any = false, any_sub = false, any_scalar = false;
        for (int i = 0; i < n; i++) {
            if (!def[i] || !cell_filled(m, r, col[i])) continue;
            any = true;
            if (strchr(s->fields[i].path, '.')) any_sub = true;
            else if (i && def[i]->type != FT_PARAS && def[i]->type != FT_TEXTLIST) any_scalar = true;
        }
        if (!any) continue;
        bool starts = cell_filled(m, r, col[0]);
        if (!starts && !el) {
            diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, col[0]), "xlsx.row",
                     "This row has values but no %s; a row without %s continues the one above, and there is none. Write the %s.",
                     s->fields[0].path, s->fields[0].path, s->fields[0].path);
            continue;
        }
        if (!starts && any_scalar) {
            for (int i = 1; i < n; i++)
                if (def[i] && !strchr(s->fields[i].path, '.') && def[i]->type != FT_PARAS && def[i]->type != FT_TEXTLIST &&
                    cell_filled(m, r, col[i]))
                    diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, col[i]), "xlsx.row",
                             "This row has no %s, so it continues the %s above, which has its %s already on its first row; write the %s if this is a new one, or move the value up.",
                             s->fields[0].path, s->fields[0].path, s->fields[i].path, s->fields[0].path);
            continue;
        }
        if (starts) {
            if (!list) {
                pm = parent_map(m, root, s->base, &leaf, r, col[0]);
                list = new_at(m, VAL_LIST, r, col[0]);
                set_at(m, pm, leaf, list, r, col[0]);
            }
            el = new_at(m, VAL_MAP, r, col[0]);
            val_list_push(m->doc, list, el);
            for (int i = 0; i < n; i++) {
                if (!def[i] || strchr(s->fields[i].path, '.') || def[i]->type == FT_PARAS || def[i]->type == FT_TEXTLIST) continue;
                val *v = cell_value(m, r, col[i], def[i]->type, s->fields[i].path);
                if (v) set_at(m, el, s->fields[i].path, v, r, col[i]);
                else if (def[i]->flags & FIELD_REQUIRED) set_at(m, el, s->fields[i].path, new_at(m, VAL_NULL, r, col[i]), r, col[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!def[i] || strchr(s->fields[i].path, '.') || (def[i]->type != FT_PARAS && def[i]->type != FT_TEXTLIST)) continue;
            if (!cell_filled(m, r, col[i])) continue;
            val *v = cell_value(m, r, col[i], FT_TEXT, s->fields[i].path);
            if (v) push_at(m, el, s->fields[i].path, v, r, col[i]);
        }
        if (any_sub) {
            val *it = NULL;
            for (int i = 0; i < n; i++) {
                if (!def[i] || !strchr(s->fields[i].path, '.')) continue;
                if (!it) {
                    it = new_at(m, VAL_MAP, r, col[i]);
                    push_at(m, el, sub, it, r, col[i]);
                }
                const char *k = s->fields[i].path + sublen + 1;
                val *v = cell_value(m, r, col[i], def[i]->type, s->fields[i].path);
                if (v) set_at(m, it, k, v, r, col[i]);
                else if (def[i]->flags & FIELD_REQUIRED) set_at(m, it, k, new_at(m, VAL_NULL, r, col[i]), r, col[i]);
            }
        }
    }
}

/* ---- 正文 ----------------------------------------------------------------------------- */

static void read_text(mctx *m, const xl_sheet_def *s, val *root)
{
    static const char *const hdr[] = {"栏目", "小标题", "段落"};
    for (uint32_t c = 0; c < 3; c++)
        if (!same_label(cell_text(m, 1, c + 1), hdr[c])) { header_error(m, 1, c + 1, hdr[c]); return; }
    const xl_field *cur = NULL;
    val *sect = NULL;           /* the sub-section the previous row added to */
    uint32_t last = last_row(m->sh);
    for (uint32_t r = 2; r <= last; r++) {
        if (cell_filled(m, r, 1)) {
            const char *name = cell_text(m, r, 1);
            const xl_field *f = NULL;
            for (const xl_field *g = s->fields; g->path; g++)
                if (same_label(name, g->path + strlen(s->base) + 1)) { f = g; break; }
            if (!f) {
                diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, 1), "xlsx.label",
                         "The sheet %s has no 栏目 \"%s\"; restore the name as jixiao wrote it, so that its paragraphs are read.",
                         s->name, name);
                cur = NULL;
                continue;
            }
            if (f != cur) sect = NULL;
            cur = f;
        }
        bool has_t = cell_filled(m, r, 2), has_p = cell_filled(m, r, 3);
        if (!has_t && !has_p) continue;
        if (!cur) {
            diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, 1), "xlsx.row",
                     "This paragraph has no 栏目 in column A and there is none above it; write the 栏目 it belongs to.");
            continue;
        }
        const char *leaf;
        val *pm = parent_map(m, root, cur->path, &leaf, r, 1);
        bool chapters = !strcmp(leaf, "章节");
        val *t = has_t ? cell_value(m, r, 2, FT_TEXT, "小标题") : NULL;
        val *p = has_p ? cell_value(m, r, 3, FT_TEXT, cur->path) : NULL;
        if (!chapters && !has_t) {
            if (p) push_at(m, pm, leaf, p, r, 3);
            sect = NULL;
            continue;
        }
        const char *ts = t ? val_str(t) : "";
        const val *prev = sect ? val_get(sect, "标题") : NULL;
        if (!sect || strcmp(prev ? val_str(prev) : "", ts ? ts : "")) {
            sect = new_at(m, VAL_MAP, r, has_t ? 2 : 3);
            if (t) set_at(m, sect, "标题", t, r, 2);
            push_at(m, pm, leaf, sect, r, has_t ? 2 : 3);
        }
        if (p) push_at(m, sect, "段落", p, r, 3);
    }
}

/* ---- 自评表 ------------------------------------------------------------------------------- */

static bool in_list(const char *s, const char *const *l)
{
    for (; *l; l++)
        if (same_label(s, *l)) return true;
    return false;
}

static void read_form(mctx *m, val *forms_owner)
{
    enum { S_NONE, S_FUNDS, S_GOAL, S_IND, S_PARA } st = S_NONE;
    val *form = new_at(m, VAL_MAP, 1, 1);
    push_at(m, forms_owner, "自评表", form, 1, 1);
    const char *para_field = NULL;
    uint32_t ind_col[16] = {0};
    val *ind = NULL;
    uint32_t last = last_row(m->sh);
    for (uint32_t r = 2; r <= last; r++) {
        const char *a = cell_text(m, r, 1);
        bool has_a = cell_filled(m, r, 1);
        if (st == S_IND) {
            if (has_a && same_label(a, XL_FORM_SUM_ROW)) { st = S_NONE; continue; }
            bool any = false, only_dev = true;
            int dev = -1;
            for (int c = 0; xl_form_ind_cols[c]; c++) {
                if (!strcmp(xl_form_ind_cols[c], "偏差原因分析及改进措施")) dev = c;
                if (!ind_col[c] || !cell_filled(m, r, ind_col[c])) continue;
                any = true;
                if (c != dev) only_dev = false;
            }
            if (!any) continue;
            if (only_dev && ind && dev >= 0) {
                val *v = cell_value(m, r, ind_col[dev], FT_TEXT, xl_form_ind_cols[dev]);
                if (v) push_at(m, ind, xl_form_ind_cols[dev], v, r, ind_col[dev]);
                continue;
            }
            ind = new_at(m, VAL_MAP, r, 1);
            push_at(m, form, "绩效指标", ind, r, 1);
            for (int c = 0; xl_form_ind_cols[c]; c++) {
                if (!ind_col[c]) continue;
                char p[128];
                snprintf(p, sizeof p, "自评表.绩效指标.%s", xl_form_ind_cols[c]);
                const field_def *d = xl_field_def(p);
                bool list = d->type == FT_PARAS;
                val *v = cell_value(m, r, ind_col[c], list ? FT_TEXT : d->type, xl_form_ind_cols[c]);
                if (!v) continue;
                if (list) push_at(m, ind, xl_form_ind_cols[c], v, r, ind_col[c]);
                else set_at(m, ind, xl_form_ind_cols[c], v, r, ind_col[c]);
            }
            continue;
        }
        if (!has_a) {
            if (st == S_GOAL) {
                val *g = NULL;
                for (uint32_t c = 2; c <= 3; c++) {
                    if (!cell_filled(m, r, c)) continue;
                    const char *k = c == 2 ? "预期目标" : "实际完成情况";
                    val *v = cell_value(m, r, c, FT_TEXT, k);
                    if (!v) continue;
                    if (!g) {
                        g = val_get(form, "年度总体目标");
                        if (!g) { g = new_at(m, VAL_MAP, r, c); set_at(m, form, "年度总体目标", g, r, c); }
                    }
                    push_at(m, g, k, v, r, c);
                }
                continue;
            }
            if (st == S_PARA && cell_filled(m, r, 2)) {
                val *v = cell_value(m, r, 2, FT_TEXT, para_field);
                if (v) push_at(m, form, para_field, v, r, 2);
                continue;
            }
            if (cell_filled(m, r, 2))
                diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, 2), "xlsx.row",
                         "This value has no label in column A, and the row above is not a list of paragraphs it could continue; write the label, or move the value to its field.");
            continue;
        }
        st = S_NONE;
        if (in_list(a, xl_form_head) || in_list(a, xl_form_tail)) {
            char p[128];
            snprintf(p, sizeof p, "自评表.%s", a);
            while (*a == ' ') a++;
            snprintf(p, sizeof p, "自评表.%s", a);
            size_t pl = strlen(p);
            while (pl && p[pl - 1] == ' ') p[--pl] = 0;
            const field_def *d = xl_field_def(p);
            const char *key = d->name;
            if (d->type == FT_PARAS) {
                st = S_PARA;
                para_field = key;
                val *v = cell_filled(m, r, 2) ? cell_value(m, r, 2, FT_TEXT, key) : NULL;
                if (v) push_at(m, form, key, v, r, 2);
                continue;
            }
            val *v = cell_value(m, r, 2, d->type, key);
            if (v) set_at(m, form, key, v, r, 1);
            else if (d->flags & FIELD_REQUIRED) set_at(m, form, key, new_at(m, VAL_NULL, r, 2), r, 1);
            continue;
        }
        if (same_label(a, XL_FORM_FUNDS_HDR)) {
            for (int c = 0; xl_form_fund_cols[c]; c++)
                if (!same_label(cell_text(m, r, (uint32_t)c + 2), xl_form_fund_cols[c])) header_error(m, r, (uint32_t)c + 2, xl_form_fund_cols[c]);
            st = S_FUNDS;
            for (uint32_t k = 0; xl_form_fund_rows[k]; k++) {
                uint32_t rr = r + 1 + k;
                if (!same_label(cell_text(m, rr, 1), xl_form_fund_rows[k])) { header_error(m, rr, 1, xl_form_fund_rows[k]); break; }
                val *fr = NULL;
                for (uint32_t c = 0; c < (k ? 3u : 6u); c++) {
                    field_type t = c < 3 ? FT_AMOUNT : c == 4 ? FT_PERCENT : FT_SCORE;
                    val *v = cell_value(m, rr, c + 2, t, xl_form_fund_cols[c]);
                    if (!v) {
                        /* The form's 执行率得分 cell is always there: left
                         * empty, it is blank on the form, which the checks
                         * report (a missing field would be computed). */
                        if (c == 5 && !cell_filled(m, rr, c + 2)) set_at(m, form, xl_form_fund_cols[c], new_at(m, VAL_NULL, rr, c + 2), rr, c + 2);
                        continue;
                    }
                    if (c >= 3) { set_at(m, form, xl_form_fund_cols[c], v, rr, c + 2); continue; }
                    if (!fr) {
                        val *funds = val_get(form, "资金");
                        if (!funds) { funds = new_at(m, VAL_MAP, rr, 1); set_at(m, form, "资金", funds, rr, 1); }
                        fr = new_at(m, VAL_MAP, rr, 1);
                        set_at(m, funds, xl_form_fund_rows[k], fr, rr, 1);
                    }
                    set_at(m, fr, xl_form_fund_cols[c], v, rr, c + 2);
                }
            }
            r += 4;
            st = S_NONE;
            continue;
        }
        if (same_label(a, XL_FORM_GOAL_HDR)) {
            if (!same_label(cell_text(m, r, 2), "预期目标")) header_error(m, r, 2, "预期目标");
            if (!same_label(cell_text(m, r, 3), "实际完成情况")) header_error(m, r, 3, "实际完成情况");
            st = S_GOAL;
            continue;
        }
        if (same_label(a, XL_FORM_IND_HDR)) {
            memset(ind_col, 0, sizeof ind_col);
            for (int c = 0; xl_form_ind_cols[c]; c++) {
                for (uint32_t k = 1; k <= XL_HEADER_SCAN_COLS; k++)
                    if (same_label(cell_text(m, r, k), xl_form_ind_cols[c])) { ind_col[c] = k; break; }
                if (!ind_col[c]) {
                    diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, 1), "xlsx.header",
                             "The indicator table of sheet %s has no column headed \"%s\"; the header row was changed. Restore it as jixiao wrote it.",
                             m->sh->name, xl_form_ind_cols[c]);
                    m->broken = true;
                }
            }
            st = S_IND;
            ind = NULL;
            continue;
        }
        if (same_label(a, XL_FORM_SUM_ROW)) continue;
        diag_add(m->diags, DIAG_ERROR, cell_loc(m, r, 1), "xlsx.label",
                 "The form has no row \"%s\"; restore the label as jixiao wrote it, so that the value beside it is read.", a);
    }
}

/* ---- the book ---------------------------------------------------------------------------- */

static bool known_sheet(const char *name)
{
    for (const xl_sheet_def *s = xl_sheets; s->name; s++)
        if (s->kind == XL_FORM ? !strncmp(name, XL_FORM_PREFIX, strlen(XL_FORM_PREFIX)) : !strcmp(name, s->name)) return true;
    return false;
}

val_doc *xlsx_model_from_book(const char *file, const xlsx_book *book, diag_list *diags)
{
    val_doc *doc = val_doc_new(file);
    mctx m = {doc, diags, book, NULL, 0, false};
    /* The sheets in workbook order come first in doc->sheets, so that
     * positions name them as the clerk sees them. */
    doc->root = val_new(doc, VAL_MAP, 0, 0);
    for (const xl_sheet_def *s = xl_sheets; s->name; s++) {
        if (s->kind == XL_FORM || s->kind == XL_HELP) continue;
        const xlsx_sheet *sh = xlsx_sheet_by_name(book, s->name);
        if (!sh) {
            strbuf others = STRBUF_INIT;
            for (size_t i = 0; i < book->nsheets; i++)
                if (!known_sheet(book->sheets[i].name))
                    strbuf_printf(&others, "%s“%s”", others.len ? "、" : "", book->sheets[i].name);
            diag_loc l = {file, 0, 0, NULL, 0, NULL, NULL};
            if (others.len)
                diag_add(diags, DIAG_ERROR, l, "xlsx.sheet",
                         "The workbook has no sheet \"%s\" (was it renamed? the workbook has %s); give it back its name, so that its data is read.",
                         s->name, others.data);
            else
                diag_add(diags, DIAG_ERROR, l, "xlsx.sheet",
                         "The workbook has no sheet \"%s\"; it was deleted or renamed. Copy it back from a workbook written by jixiao init.",
                         s->name);
            strbuf_free(&others);
            m.broken = true;
            continue;
        }
        m.sh = sh;
        m.sid = val_doc_sheet(doc, sh->name);
        switch (s->kind) {
        case XL_KV: read_kv(&m, s, doc->root); break;
        case XL_TABLE: read_table(&m, s, doc->root); break;
        case XL_TEXT: read_text(&m, s, doc->root); break;
        default: break;
        }
    }
    for (size_t i = 0; i < book->nsheets; i++) {
        const xlsx_sheet *sh = &book->sheets[i];
        m.sh = sh;
        if (!strncmp(sh->name, XL_FORM_PREFIX, strlen(XL_FORM_PREFIX))) {
            m.sid = val_doc_sheet(doc, sh->name);
            read_form(&m, doc->root);
        } else if (!known_sheet(sh->name)) {
            diag_loc l = {file, 0, 0, NULL, 0, NULL, sh->name};
            diag_add(diags, DIAG_WARNING, l, "xlsx.sheet",
                     "The sheet \"%s\" is not part of the jixiao workbook and was not read; forms go on sheets named 自评表1, 自评表2 ….",
                     sh->name);
        }
    }
    if (m.broken) { val_doc_free(doc); return NULL; }
    return doc;
}

val_doc *xlsx_model_read(const char *file, const void *data, size_t len, diag_list *diags)
{
    xlsx_book *b = xlsx_read(file, data, len, diags);
    if (!b) return NULL;
    val_doc *doc = xlsx_model_from_book(file, b, diags);
    xlsx_book_free(b);
    return doc;
}

bool xlsx_model_sniff(const void *data, size_t len)
{
    static const unsigned char zip[] = {'P', 'K', 3, 4}, cfb[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    return (len >= sizeof zip && !memcmp(data, zip, sizeof zip)) || (len >= sizeof cfb && !memcmp(data, cfb, sizeof cfb));
}

bool xlsx_model_wants(const char *file, const void *data, size_t len)
{
    if (xlsx_model_sniff(data, len)) return true;
    size_t n = file ? strlen(file) : 0;
    static const char *const ext[] = {".xlsx", ".xlsm", ".xls"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        size_t k = strlen(ext[i]);
        if (n < k) continue;
        bool same = true;
        for (size_t j = 0; j < k && same; j++) {
            char c = file[n - k + j];
            if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            same = c == ext[i][j];
        }
        if (same) return true;
    }
    return false;
}
