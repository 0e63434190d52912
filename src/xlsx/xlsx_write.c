#include "xlsx_write.h"
#include "xlsx_layout.h"
#include "../core/fsio.h"
#include "../core/strbuf.h"

#include <xlsxwriter.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A double holds every decimal of up to 15 significant digits exactly
 * enough that its shortest 15-digit form is that decimal again. */
#define XL_EXACT_DIGITS 15

typedef struct {
    lxw_workbook *wb;
    const val_doc *doc;
    diag_list *diags;
    const xlsx_write_options *opts;
    bool ok;
    lxw_format *hdr, *label, *note, *title, *text_in, *amount_in, *num_in, *int_in, *date_in, *formula;
} wctx;

static diag_loc at(wctx *w, const val *v)
{
    return val_loc(w->doc, v);
}

/* A member as given: derived members are the model's, not the clerk's. */
static const val *given(const val *v)
{
    return v && !v->derived && v->kind != VAL_NULL ? v : NULL;
}

static const val *member(const val *m, const char *path)
{
    return given(val_path(m, path));
}

static lxw_format *input_format(wctx *w, field_type t)
{
    switch (t) {
    case FT_AMOUNT: return w->amount_in;
    case FT_NUMBER: case FT_PERCENT: case FT_SCORE: return w->num_in;
    case FT_INT: return w->int_in;
    case FT_DATE: return w->date_in;
    default: return w->text_in;
    }
}

static size_t sig_digits(const char *s)
{
    size_t n = 0;
    bool lead = true;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') continue;
        if (lead && *s == '0') continue;
        lead = false;
        n++;
    }
    return n;
}

static void put_text(wctx *w, lxw_worksheet *ws, int r, int c, const val *v, const char *s, lxw_format *f)
{
    lxw_error e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, f);
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
        diag_add(w->diags, DIAG_ERROR, at(w, v), "xlsx.write",
                 "This text is longer than the %d characters a workbook cell holds; split it into several paragraphs.",
                 XL_CELL_CHARS);
        w->ok = false;
    }
}

/* One scalar into a cell: figures as numbers (so that the sheet's own
 * sums work), dates as dates, everything else as text. */
static void put(wctx *w, lxw_worksheet *ws, int r, int c, const val *v, field_type t)
{
    lxw_format *f = input_format(w, t);
    if (!v) { worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, f); return; }
    if (v->kind == VAL_NUM) {
        char buf[80];
        int exact = qnum_exact_decimals(v->u.num.q);
        if (exact < 0) exact = 6;
        int dec = v->u.num.dec > exact ? v->u.num.dec : exact;
        qnum_format(v->u.num.q, dec, buf, sizeof buf);
        /* 98.00 read back from a number cell would be 98: where the
         * written decimals matter (a percentage is compared with the
         * computed one to them; a tally's rounding follows them), the
         * figure is kept as written, as text. */
        bool keep_text = (t == FT_PERCENT || t == FT_NUMBER) && dec > exact;
        if (keep_text || sig_digits(buf) > XL_EXACT_DIGITS) { put_text(w, ws, r, c, v, buf, w->text_in); return; }
        qnum_format(v->u.num.q, exact, buf, sizeof buf);
        /* libxlsxwriter takes a double: the one boundary where a figure
         * becomes binary, and only for ≤ 15 significant digits, which the
         * reader turns back into the same decimal (xlsx_number_exact). */
        worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, strtod(buf, NULL), f);
        return;
    }
    if (v->kind == VAL_STR && t == FT_DATE && v->u.str.len == 10 && v->u.str.s[4] == '-') {
        lxw_datetime d = {atoi(v->u.str.s), atoi(v->u.str.s + 5), atoi(v->u.str.s + 8), 0, 0, 0};
        worksheet_write_datetime(ws, (lxw_row_t)r, (lxw_col_t)c, &d, f);
        return;
    }
    if (v->kind == VAL_STR) { put_text(w, ws, r, c, v, v->u.str.s, t == FT_AMOUNT || t == FT_INT ? w->text_in : f); return; }
    if (v->kind == VAL_BOOL) { put_text(w, ws, r, c, v, v->u.b ? "true" : "false", w->text_in); return; }
    diag_add(w->diags, DIAG_ERROR, at(w, v), "xlsx.write",
             "This value is a list or a map of fields where the workbook has one cell; write a single value.");
    w->ok = false;
}

/* The paragraphs (or names) of a list field as strings, one per row; a
 * sub-section cannot be shown in one cell. */
static size_t list_len(const val *v)
{
    return v && v->kind == VAL_LIST ? v->u.list.n : (v ? 1 : 0);
}

static const val *list_item(wctx *w, const val *v, size_t i, bool sections_ok)
{
    const val *it = v->kind == VAL_LIST ? v->u.list.items[i] : v;
    if (it->kind == VAL_MAP && !sections_ok) {
        diag_add(w->diags, DIAG_ERROR, at(w, it), "xlsx.write",
                 "This sub-section {标题, 段落} cannot be written to the workbook here, where each row holds one paragraph; only the sheet 正文 has sub-sections. Write its paragraphs without the title.");
        w->ok = false;
        return NULL;
    }
    return it;
}

static void validate(wctx *w, lxw_worksheet *ws, int r1, int c, int r2, field_type t, unsigned flags,
                     const char *const *choices)
{
    lxw_data_validation dv;
    memset(&dv, 0, sizeof dv);
    dv.ignore_blank = LXW_VALIDATION_ON;
    dv.show_input = LXW_VALIDATION_ON;
    dv.show_error = LXW_VALIDATION_ON;
    dv.input_message = (char *)xl_type_hint(t);
    switch (t) {
    case FT_AMOUNT: case FT_NUMBER: case FT_PERCENT: case FT_SCORE:
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        if (flags & FIELD_SIGNED) {
            dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            dv.minimum_number = -1e12;
            dv.maximum_number = 1e12;
        } else {
            dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
            dv.value_number = 0;
        }
        dv.error_message = (flags & FIELD_SIGNED) ? "请填写数字。" : "请填写不小于 0 的数字。";
        break;
    case FT_INT:
        dv.validate = LXW_VALIDATION_TYPE_INTEGER;
        dv.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        dv.value_number = 0;
        dv.error_message = "请填写整数。";
        break;
    case FT_DATE:
        dv.validate = LXW_VALIDATION_TYPE_DATE;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
        dv.maximum_datetime = (lxw_datetime){2100, 12, 31, 0, 0, 0};
        dv.error_message = "请填写日期，如 2025-03-31。";
        break;
    case FT_ENUM:
        if (!choices) return;
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = (char **)choices;
        dv.error_message = "请从下拉列表中选择。";
        break;
    default:
        if (!choices) return;
        /* Suggested words (一级/二级指标): other wording is allowed. */
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = (char **)choices;
        dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        dv.error_message = "这不是常用的指标名称；确认无误可继续。";
        break;
    }
    worksheet_data_validation_range(ws, (lxw_row_t)r1, (lxw_col_t)c, (lxw_row_t)r2, (lxw_col_t)c, &dv);
}

static void formula(wctx *w, lxw_worksheet *ws, int r, int c, const char *f, const val *cached)
{
    qnum q;
    if (cached && val_num(cached, &q) && q.ok) {
        char buf[80];
        qnum_format(q, 6, buf, sizeof buf);
        /* The cached result is only for display in readers that do not
         * recalculate; jixiao never reads it. */
        worksheet_write_formula_num(ws, (lxw_row_t)r, (lxw_col_t)c, f, w->formula, strtod(buf, NULL));
    } else {
        worksheet_write_formula_str(ws, (lxw_row_t)r, (lxw_col_t)c, f, w->formula, "");
    }
}

static void protect(lxw_worksheet *ws)
{
    /* Protection keeps labels and formulas from being typed over; rows
     * can still be inserted for more projects, paragraphs and indicators. */
    lxw_protection p;
    memset(&p, 0, sizeof p);
    p.format_cells = p.format_columns = p.format_rows = 1;
    p.insert_rows = p.delete_rows = 1;
    p.sort = p.autofilter = 1;
    worksheet_protect(ws, NULL, &p);
}

/* ---- key/value sheets ------------------------------------------------ */

static void write_kv(wctx *w, const xl_sheet_def *s)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, s->name);
    worksheet_write_string(ws, 0, 0, "项目", w->hdr);
    worksheet_write_string(ws, 0, 1, "内容", w->hdr);
    worksheet_write_string(ws, 0, 2, "说明", w->hdr);
    worksheet_set_column(ws, 0, 0, 26, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_set_column(ws, 2, 2, 48, NULL);
    worksheet_freeze_panes(ws, 1, 1);
    int row = 1;
    int rows_of[64] = {0};
    int k = 0;
    for (const xl_field *f = s->fields; f->path; f++, k++) {
        char label[256];
        xl_label(s, f, label, sizeof label);
        rows_of[k < 64 ? k : 63] = row;
        worksheet_write_string(ws, (lxw_row_t)row, 0, label, f->derived ? w->note : w->label);
        worksheet_write_string(ws, (lxw_row_t)row, 2, f->note, w->note);
        if (f->derived) {
            const val *cached = val_path(w->doc->root, f->path);
            char fm[160];
            if (!strcmp(f->path, "预算执行.执行率")) {
                int pb = 0, ex = 0, j = 0;
                for (const xl_field *g = s->fields; g->path; g++, j++) {
                    if (!strcmp(g->path, "预算执行.全年预算数")) pb = rows_of[j] + 1;
                    if (!strcmp(g->path, "预算执行.全年执行数")) ex = rows_of[j] + 1;
                }
                snprintf(fm, sizeof fm, "=IF(N(B%d)=0,\"\",B%d/B%d*100)", pb, ex, pb);
            } else {
                int a = 0, j = 0;
                for (const xl_field *g = s->fields; g->path; g++, j++)
                    if (!strcmp(g->path, "三公经费.因公出国（境）费")) a = rows_of[j] + 1;
                snprintf(fm, sizeof fm, "=B%d+B%d+B%d", a, a + 1, a + 2);
            }
            formula(w, ws, row, 1, fm, cached);
            row++;
            continue;
        }
        const field_def *d = xl_field_def(f->path);
        const val *v = member(w->doc->root, f->path);
        if (d->type == FT_PARAS || d->type == FT_TEXTLIST) {
            size_t n = list_len(v);
            if (!n) worksheet_write_blank(ws, (lxw_row_t)row, 1, w->text_in);
            for (size_t i = 0; i < n; i++) {
                const val *it = list_item(w, v, i, false);
                if (it) put(w, ws, row + (int)i, 1, it, FT_TEXT);
            }
            row += n ? (int)n : 1;
            continue;
        }
        put(w, ws, row, 1, v, d->type);
        validate(w, ws, row, 1, row, d->type, d->flags, d->choices);
        row++;
    }
    protect(ws);
}

/* ---- tables ------------------------------------------------------------ */

static bool is_sub(const xl_field *f) { return strchr(f->path, '.') != NULL; }

static void write_table(wctx *w, const xl_sheet_def *s)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, s->name);
    const val *list = member(w->doc->root, s->base);
    int ncol = 0;
    const char *sub = NULL;     /* the sub-list name ("明细") */
    for (const xl_field *f = s->fields; f->path; f++, ncol++) {
        char h[256];
        worksheet_write_string(ws, 0, (lxw_col_t)ncol, xl_header(f, h, sizeof h), w->hdr);
        if (f->note && *f->note) worksheet_write_comment(ws, 0, (lxw_col_t)ncol, (char *)f->note);
        char full[256];
        snprintf(full, sizeof full, "%s.%s", s->base, f->path);
        const field_def *d = f->derived ? NULL : xl_field_def(full);
        double width = d && (d->type == FT_PARAS || d->type == FT_TEXT) ? (ncol == 0 ? 30 : 50) : 14;
        if (ncol == 0) width = 30;
        worksheet_set_column(ws, (lxw_col_t)ncol, (lxw_col_t)ncol, width, NULL);
        if (is_sub(f) && !sub) sub = f->path;
    }
    worksheet_freeze_panes(ws, 1, 1);
    size_t sublen = 0;
    char subname[64] = "";
    if (sub) { sublen = (size_t)(strchr(sub, '.') - sub); memcpy(subname, sub, sublen); subname[sublen] = 0; }
    int row = 1;
    size_t n = list && list->kind == VAL_LIST ? list->u.list.n : 0;
    for (size_t e = 0; e < n; e++) {
        const val *el = list->u.list.items[e];
        size_t span = 1;
        for (const xl_field *f = s->fields; f->path; f++) {
            if (f->derived) continue;
            char full[256];
            snprintf(full, sizeof full, "%s.%s", s->base, f->path);
            const field_def *d = xl_field_def(full);
            size_t l = 0;
            if (is_sub(f)) l = list_len(member(el, subname));
            else if (d->type == FT_PARAS || d->type == FT_TEXTLIST) l = list_len(member(el, f->path));
            if (l > span) span = l;
        }
        int c = 0;
        for (const xl_field *f = s->fields; f->path; f++, c++) {
            if (f->derived) {
                char fm[160];
                /* 项目.执行率 = 实际支出 / 全年预算数 (columns E and D). */
                snprintf(fm, sizeof fm, "=IF(N(D%d)=0,\"\",E%d/D%d*100)", row + 1, row + 1, row + 1);
                formula(w, ws, row, c, fm, val_get(el, "执行率"));
                continue;
            }
            char full[256];
            snprintf(full, sizeof full, "%s.%s", s->base, f->path);
            const field_def *d = xl_field_def(full);
            if (is_sub(f)) {
                const val *sl = member(el, subname);
                for (size_t i = 0; i < span; i++) {
                    const val *it = sl && sl->kind == VAL_LIST && i < sl->u.list.n ? sl->u.list.items[i] : NULL;
                    put(w, ws, row + (int)i, c, it ? member(it, f->path + sublen + 1) : NULL, d->type);
                }
            } else if (d->type == FT_PARAS || d->type == FT_TEXTLIST) {
                const val *v = member(el, f->path);
                for (size_t i = 0; i < span; i++) {
                    const val *it = i < list_len(v) ? list_item(w, v, i, false) : NULL;
                    put(w, ws, row + (int)i, c, it, FT_TEXT);
                }
            } else {
                put(w, ws, row, c, member(el, f->path), d->type);
                for (size_t i = 1; i < span; i++) worksheet_write_blank(ws, (lxw_row_t)(row + (int)i), (lxw_col_t)c, w->text_in);
            }
        }
        row += (int)span;
    }
    int last = row + (int)w->opts->spare_rows - 1;
    int c = 0;
    for (const xl_field *f = s->fields; f->path; f++, c++) {
        if (f->derived) continue;
        char full[256];
        snprintf(full, sizeof full, "%s.%s", s->base, f->path);
        const field_def *d = xl_field_def(full);
        field_type t = d->type == FT_PARAS || d->type == FT_TEXTLIST ? FT_TEXT : d->type;
        for (int r = row; r <= last; r++) worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, input_format(w, t));
        if (last >= 1) validate(w, ws, 1, c, last, t, d->flags, d->choices);
    }
    protect(ws);
}

/* ---- 正文 ---------------------------------------------------------------- */

static void text_row(wctx *w, lxw_worksheet *ws, int *row, const char *field, bool *first, const val *title,
                     const val *para)
{
    worksheet_write_string(ws, (lxw_row_t)*row, 0, *first ? field : "", w->label);
    *first = false;
    put(w, ws, *row, 1, title, FT_TEXT);
    put(w, ws, *row, 2, para, FT_TEXT);
    (*row)++;
}

static void write_text(wctx *w, const xl_sheet_def *s)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, s->name);
    worksheet_write_string(ws, 0, 0, "栏目", w->hdr);
    worksheet_write_string(ws, 0, 1, "小标题", w->hdr);
    worksheet_write_string(ws, 0, 2, "段落", w->hdr);
    worksheet_write_string(ws, 0, 3, "说明", w->hdr);
    worksheet_write_comment(ws, 0, 1, "填写小标题的各行组成一个带标题的小节；不填则为普通段落");
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 24, NULL);
    worksheet_set_column(ws, 2, 2, 100, NULL);
    worksheet_set_column(ws, 3, 3, 36, NULL);
    worksheet_freeze_panes(ws, 1, 1);
    int row = 1;
    for (const xl_field *f = s->fields; f->path; f++) {
        const char *name = f->path + strlen(s->base) + 1;
        const val *v = member(w->doc->root, f->path);
        bool first = true;
        worksheet_write_string(ws, (lxw_row_t)row, 3, f->note, w->note);
        bool chapters = !strcmp(name, "章节");
        const char *prev_title = NULL;
        for (size_t i = 0; i < list_len(v); i++) {
            const val *it = v->kind == VAL_LIST ? v->u.list.items[i] : v;
            if (it->kind == VAL_STR && !chapters) {
                text_row(w, ws, &row, name, &first, NULL, it);
                prev_title = NULL;
                continue;
            }
            if (it->kind != VAL_MAP) continue;
            const val *t = member(it, "标题");
            const val *ps = member(it, "段落");
            const char *ts = t ? val_str(t) : "";
            if ((!chapters && !t) || (prev_title && !strcmp(prev_title, ts ? ts : ""))) {
                diag_add(w->diags, DIAG_ERROR, at(w, it), "xlsx.write",
                         "This sub-section cannot be told apart in the workbook (it has no 标题, or the same 标题 as the sub-section before it); give it a title of its own.");
                w->ok = false;
            }
            prev_title = ts ? ts : "";
            size_t np = list_len(ps);
            if (!np) text_row(w, ws, &row, name, &first, t, NULL);
            for (size_t k = 0; k < np; k++) {
                const val *p = ps->kind == VAL_LIST ? ps->u.list.items[k] : ps;
                if (p->kind != VAL_STR) {
                    diag_add(w->diags, DIAG_ERROR, at(w, p), "xlsx.write",
                             "A sub-section inside a sub-section cannot be written to the workbook; write its paragraphs in the sub-section above.");
                    w->ok = false;
                    continue;
                }
                text_row(w, ws, &row, name, &first, t, p);
            }
        }
        if (first) text_row(w, ws, &row, name, &first, NULL, NULL);
    }
    for (unsigned i = 0; i < w->opts->spare_rows; i++, row++) {
        worksheet_write_blank(ws, (lxw_row_t)row, 0, w->text_in);
        worksheet_write_blank(ws, (lxw_row_t)row, 1, w->text_in);
        worksheet_write_blank(ws, (lxw_row_t)row, 2, w->text_in);
    }
    protect(ws);
}

/* ---- 自评表 ---------------------------------------------------------------- */

static const char *const k_level1[] = {"产出指标", "效益指标", "满意度指标", NULL};
static const char *const k_level2[] = {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
                                       "生态效益指标", "可持续影响指标", "服务对象满意度指标", NULL};

static void form_kv(wctx *w, lxw_worksheet *ws, int *row, const val *form, const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "自评表.%s", name);
    const field_def *d = xl_field_def(path);
    worksheet_write_string(ws, (lxw_row_t)*row, 0, name, w->label);
    if (d->type == FT_PARAS) {
        const val *v = member(form, name);
        size_t n = list_len(v);
        if (!n) worksheet_write_blank(ws, (lxw_row_t)*row, 1, w->text_in);
        for (size_t i = 0; i < n; i++) {
            const val *it = list_item(w, v, i, false);
            if (it) put(w, ws, *row + (int)i, 1, it, FT_TEXT);
        }
        *row += n ? (int)n : 1;
        return;
    }
    put(w, ws, *row, 1, member(form, name), d->type);
    validate(w, ws, *row, 1, *row, d->type, d->flags, d->choices);
    (*row)++;
}

static void write_form(wctx *w, const val *form, unsigned index)
{
    char name[32];
    snprintf(name, sizeof name, "%s%u", XL_FORM_PREFIX, index);
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 2, 24, NULL);
    worksheet_set_column(ws, 3, 4, 16, NULL);
    worksheet_set_column(ws, 5, 6, 10, NULL);
    worksheet_set_column(ws, 7, 7, 40, NULL);
    worksheet_set_column(ws, 8, 10, 10, NULL);
    const val *title = member(form, "表名");
    worksheet_merge_range(ws, 0, 0, 0, 7, title ? val_str(title) : "项目支出绩效自评表", w->title);
    int row = 1;
    for (const char *const *h = xl_form_head; *h; h++) form_kv(w, ws, &row, form, *h);
    /* Funds block. */
    worksheet_write_string(ws, (lxw_row_t)row, 0, XL_FORM_FUNDS_HDR, w->hdr);
    for (int c = 0; xl_form_fund_cols[c]; c++)
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)(c + 1), xl_form_fund_cols[c], w->hdr);
    worksheet_write_string(ws, (lxw_row_t)row, 7, "计算执行率（%）", w->hdr);
    row++;
    int funds_row = row;
    const val *funds = member(form, "资金");
    for (int k = 0; xl_form_fund_rows[k]; k++, row++) {
        worksheet_write_string(ws, (lxw_row_t)row, 0, xl_form_fund_rows[k], w->label);
        const val *fr = funds ? member(funds, xl_form_fund_rows[k]) : NULL;
        for (int c = 0; c < 3; c++) {
            put(w, ws, row, c + 1, fr ? member(fr, xl_form_fund_cols[c]) : NULL, FT_AMOUNT);
            validate(w, ws, row, c + 1, row, FT_AMOUNT, 0, NULL);
        }
        if (k == 0)
            for (int c = 3; c < 6; c++) {
                field_type t = c == 4 ? FT_PERCENT : FT_SCORE;
                put(w, ws, row, c + 1, member(form, xl_form_fund_cols[c]), t);
                validate(w, ws, row, c + 1, row, t, 0, NULL);
            }
    }
    char fm[160];
    snprintf(fm, sizeof fm, "=IF(N(C%d)=0,\"\",D%d/C%d*100)", funds_row + 1, funds_row + 1, funds_row + 1);
    formula(w, ws, funds_row, 7, fm, val_get(form, "计算执行率"));
    /* Goals. */
    worksheet_write_string(ws, (lxw_row_t)row, 0, XL_FORM_GOAL_HDR, w->hdr);
    worksheet_write_string(ws, (lxw_row_t)row, 1, "预期目标", w->hdr);
    worksheet_write_string(ws, (lxw_row_t)row, 2, "实际完成情况", w->hdr);
    row++;
    const val *goal = member(form, "年度总体目标");
    const val *g1 = goal ? member(goal, "预期目标") : NULL, *g2 = goal ? member(goal, "实际完成情况") : NULL;
    size_t gn = list_len(g1) > list_len(g2) ? list_len(g1) : list_len(g2);
    if (!gn) gn = 1;
    for (size_t i = 0; i < gn; i++, row++) {
        const val *a = i < list_len(g1) ? list_item(w, g1, i, false) : NULL;
        const val *b = i < list_len(g2) ? list_item(w, g2, i, false) : NULL;
        put(w, ws, row, 1, a, FT_TEXT);
        put(w, ws, row, 2, b, FT_TEXT);
    }
    /* Indicators. */
    for (int c = 0; xl_form_ind_cols[c]; c++)
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, xl_form_ind_cols[c], w->hdr);
    row++;
    int ind_first = row;
    const val *inds = member(form, "绩效指标");
    size_t ni = inds && inds->kind == VAL_LIST ? inds->u.list.n : 0;
    for (size_t i = 0; i < ni; i++) {
        const val *ind = inds->u.list.items[i];
        const val *dev = member(ind, "偏差原因分析及改进措施");
        size_t span = list_len(dev) ? list_len(dev) : 1;
        for (int c = 0; xl_form_ind_cols[c]; c++) {
            char p[128];
            snprintf(p, sizeof p, "自评表.绩效指标.%s", xl_form_ind_cols[c]);
            const field_def *d = xl_field_def(p);
            if (d->type == FT_PARAS) {
                for (size_t k = 0; k < span; k++)
                    put(w, ws, row + (int)k, c, k < list_len(dev) ? list_item(w, dev, k, false) : NULL, FT_TEXT);
            } else {
                put(w, ws, row, c, member(ind, xl_form_ind_cols[c]), d->type);
            }
        }
        row += (int)span;
    }
    unsigned spare = ni ? 0 : (w->opts->spare_rows ? w->opts->spare_rows : 1);
    for (unsigned k = 0; k < spare; k++, row++)
        for (int c = 0; xl_form_ind_cols[c]; c++) {
            char p[128];
            snprintf(p, sizeof p, "自评表.绩效指标.%s", xl_form_ind_cols[c]);
            const field_def *d = xl_field_def(p);
            put(w, ws, row, c, NULL, d->type == FT_PARAS ? FT_TEXT : d->type);
        }
    if (row > ind_first) {
        for (int c = 0; xl_form_ind_cols[c]; c++) {
            char p[128];
            snprintf(p, sizeof p, "自评表.绩效指标.%s", xl_form_ind_cols[c]);
            const field_def *d = xl_field_def(p);
            validate(w, ws, ind_first, c, row - 1, d->type, d->flags,
                     c == 0 ? k_level1 : c == 1 ? k_level2 : d->choices);
        }
    }
    worksheet_write_string(ws, (lxw_row_t)row, 0, XL_FORM_SUM_ROW, w->label);
    snprintf(fm, sizeof fm, "=SUM(F%d:F%d)", ind_first + 1, row);
    formula(w, ws, row, 5, fm, val_get(form, "分值合计"));
    snprintf(fm, sizeof fm, "=SUM(G%d:G%d)", ind_first + 1, row);
    formula(w, ws, row, 6, fm, val_get(form, "得分合计"));
    row++;
    for (const char *const *t = xl_form_tail; *t; t++) form_kv(w, ws, &row, form, *t);
    worksheet_freeze_panes(ws, 1, 1);
    protect(ws);
}

/* ---- 填表说明 ---------------------------------------------------------------- */

static const char *const k_help[] = {
    "填表说明",
    "1. 黄色单元格是填写处，灰色的是标题、说明和自动计算的数字（执行率、合计等，仅供查看；jixiao 会重新计算并核对）。",
    "2. 金额一律以万元为单位，只填数字（如 8650.00），最多 6 位小数；不要写千位分隔符或“万元”。",
    "3. 一个段落写在一个单元格里；下一段写在下一行。“单位概况”等表中，A 列留空的行是上一项的续行。",
    "4. “项目”等表中每行一个项目；名称留空的行是上一项目的续行（更多段落或明细）。可插入行。",
    "5. 每张自评表一个工作表，名称以“自评表”开头（自评表1、自评表2……）；复制工作表即可增加一张。",
    "6. 不要改动工作表名称和标题行；日期写成 2025-03-31。",
    "7. 填好后用 jixiao check 单位.xlsx 检查，问题会指出工作表和单元格，如 项目!C7。",
    NULL,
};

static void write_help(wctx *w)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, XL_HELP_SHEET);
    worksheet_set_column(ws, 0, 0, 110, NULL);
    for (int i = 0; k_help[i]; i++) worksheet_write_string(ws, (lxw_row_t)i, 0, k_help[i], i ? w->note : w->title);
}

/* ---- the workbook ---------------------------------------------------------------- */

static time_t data_time(const val_doc *doc)
{
    const val *d = val_get(doc->root, "报告日期");
    int y = 2000, m = 12, day = 31;
    qnum q;
    if (d && d->kind == VAL_STR && d->u.str.len == 10) {
        y = atoi(d->u.str.s), m = atoi(d->u.str.s + 5), day = atoi(d->u.str.s + 8);
    } else if (val_num(val_get(doc->root, "年度"), &q) && q.ok && q.den == 1 && q.num >= 1970 && q.num <= 2100) {
        y = (int)q.num;
    }
    /* Days from the civil date (proleptic Gregorian), UTC, no time zone. */
    int yy = y - (m <= 2);
    int era = yy / 400;
    int yoe = yy - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = (long)era * 146097 + doe - 719468;
    return (time_t)(days * 86400);
}

static lxw_format *fmt(lxw_workbook *wb, bool input, const char *numfmt, bool wrap)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (wrap) format_set_text_wrap(f);
    if (numfmt) format_set_num_format(f, numfmt);
    if (input) {
        format_set_unlocked(f);
        format_set_bg_color(f, 0xFFF2CC);
    }
    return f;
}

bool xlsx_write(const val_doc *doc, const char *path, const xlsx_write_options *opts, diag_list *diags)
{
    xlsx_write_options defopts = {0, false};
    if (!opts) opts = &defopts;
    char *tmp = xasprintf("%s.tmp.%ld.xlsx", path, (long)getpid());
    lxw_workbook_options wo = {0, NULL, 0};
    lxw_workbook *wb = workbook_new_opt(tmp, &wo);
    diag_loc fl = {path, 0, 0, NULL, 0, NULL, NULL};
    if (!wb) {
        diag_add(diags, DIAG_FATAL, fl, "io", "Cannot create the workbook %s.", path);
        free(tmp);
        return false;
    }
    wctx w = {wb, doc, diags, opts, true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    w.hdr = fmt(wb, false, NULL, true);
    format_set_bold(w.hdr);
    format_set_bg_color(w.hdr, 0xD9D9D9);
    w.label = fmt(wb, false, NULL, true);
    format_set_bold(w.label);
    w.note = fmt(wb, false, NULL, true);
    format_set_font_color(w.note, 0x595959);
    w.title = workbook_add_format(wb);
    format_set_bold(w.title);
    format_set_font_size(w.title, 14);
    format_set_align(w.title, LXW_ALIGN_CENTER);
    w.text_in = fmt(wb, true, "@", true);
    w.amount_in = fmt(wb, true, "0.00####", false);
    w.num_in = fmt(wb, true, "0.######", false);
    w.int_in = fmt(wb, true, "0", false);
    w.date_in = fmt(wb, true, "yyyy-mm-dd", false);
    w.formula = fmt(wb, false, "0.00", false);
    format_set_bg_color(w.formula, 0xEDEDED);
    format_set_italic(w.formula);

    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = "绩效自评填报工作簿";
    props.comments = "jixiao";
    props.created = data_time(doc);
    workbook_set_properties(wb, &props);

    for (const xl_sheet_def *s = xl_sheets; s->name; s++) {
        switch (s->kind) {
        case XL_KV: write_kv(&w, s); break;
        case XL_TABLE: write_table(&w, s); break;
        case XL_TEXT: write_text(&w, s); break;
        case XL_FORM: {
            const val *forms = member(doc->root, "自评表");
            size_t n = forms && forms->kind == VAL_LIST ? forms->u.list.n : 0;
            for (size_t i = 0; i < n; i++) write_form(&w, forms->u.list.items[i], (unsigned)i + 1);
            if (!n && opts->blank_form) {
                val_doc *empty = val_doc_new(doc->file);
                val *m = val_new(empty, VAL_MAP, 0, 0);
                write_form(&w, m, 1);
                val_doc_free(empty);
            }
            break;
        }
        case XL_HELP: write_help(&w); break;
        }
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        diag_add(diags, DIAG_FATAL, fl, "io", "Cannot write the workbook %s: %s.", path, lxw_strerror(e));
        w.ok = false;
    }
    if (!w.ok) {
        unlink(tmp);
        free(tmp);
        return false;
    }
    char *err = NULL;
    if (fsio_commit(tmp, path, &err) != 0) {
        diag_add(diags, DIAG_FATAL, fl, "io", "%s", err);
        free(err);
        unlink(tmp);
        free(tmp);
        return false;
    }
    free(tmp);
    return true;
}
