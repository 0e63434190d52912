#include "model_schema.h"
#include "../core/i18n.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"
#include "model_limits.h"
#include "model_yaml_explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define END {NULL, 0, 0, NULL, NULL}

static const char *const k_quality[] = {"定量", "定性", NULL};
static const char *const k_direction[] = {"正向", "反向", NULL};
static const char *const k_grade[] = {"达成", "部分达成", "未达成", NULL};
static const char *const k_formname[] = {"项目支出绩效自评表", "专项资金绩效自评表", NULL};

static const field_def f_section[] = {
    {"标题", FT_TEXT, 0, NULL, NULL},
    {"段落", FT_PARAS, 0, NULL, NULL},
    END,
};

static const field_def f_unit[] = {
    {"概况", FT_PARAS, 0, NULL, NULL},
    {"机构性质", FT_TEXT, 0, NULL, NULL},
    {"职责依据", FT_TEXT, 0, NULL, NULL},
    {"职责", FT_PARAS, 0, NULL, NULL},
    {"内设机构", FT_TEXTLIST, 0, NULL, NULL},
    {"内设机构数", FT_INT, 0, NULL, NULL},
    {"二级单位", FT_TEXTLIST, 0, NULL, NULL},
    {"二级单位数", FT_INT, 0, NULL, NULL},
    {"其他机构", FT_TEXTLIST, 0, NULL, NULL},
    {"编制人数", FT_INT, 0, NULL, NULL},
    {"实有人数", FT_INT, 0, NULL, NULL},
    {"行政编制", FT_INT, 0, NULL, NULL},
    {"事业编制", FT_INT, 0, NULL, NULL},
    {"工勤人员", FT_INT, 0, NULL, NULL},
    {"退休人数", FT_INT, 0, NULL, NULL},
    {"资产情况", FT_PARAS, 0, NULL, NULL},
    END,
};

static const field_def f_budget[] = {
    {"年初预算数", FT_AMOUNT, 0, NULL, NULL},
    {"年初基本支出", FT_AMOUNT, 0, NULL, NULL},
    {"年初项目支出", FT_AMOUNT, 0, NULL, NULL},
    {"调整预算数", FT_AMOUNT, FIELD_SIGNED, NULL, NULL},
    {"全年预算数", FT_AMOUNT, 0, NULL, NULL},
    {"全年执行数", FT_AMOUNT, 0, NULL, NULL},
    {"上年年初预算数", FT_AMOUNT, 0, NULL, NULL},
    {"变动说明", FT_TEXT, 0, NULL, NULL},
    END,
};

static const field_def f_income_item[] = {
    {"来源", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"金额", FT_AMOUNT, FIELD_REQUIRED, NULL, NULL},
    END,
};

static const field_def f_income[] = {
    {"合计", FT_AMOUNT, 0, NULL, NULL},
    {"明细", FT_LIST, 0, f_income_item, NULL},
    END,
};

static const field_def f_spend[] = {
    {"合计", FT_AMOUNT, 0, NULL, NULL},
    {"基本支出", FT_AMOUNT, 0, NULL, NULL},
    {"项目支出", FT_AMOUNT, 0, NULL, NULL},
    {"基本支出占比", FT_PERCENT, 0, NULL, NULL},
    {"项目支出占比", FT_PERCENT, 0, NULL, NULL},
    {"结余结转", FT_AMOUNT, 0, NULL, NULL},
    {"说明", FT_PARAS, 0, NULL, NULL},
    END,
};

static const field_def f_basic[] = {
    {"合计", FT_AMOUNT, 0, NULL, NULL},
    {"工资福利支出", FT_AMOUNT, 0, NULL, NULL},
    {"商品和服务支出", FT_AMOUNT, 0, NULL, NULL},
    {"对个人和家庭的补助", FT_AMOUNT, 0, NULL, NULL},
    {"资本性支出", FT_AMOUNT, 0, NULL, NULL},
    {"说明", FT_PARAS, 0, NULL, NULL},
    END,
};

static const field_def f_sangong[] = {
    {"合计", FT_AMOUNT, 0, NULL, NULL},
    {"因公出国（境）费", FT_AMOUNT, 0, NULL, NULL},
    {"公务接待费", FT_AMOUNT, 0, NULL, NULL},
    {"公务用车购置及运行费", FT_AMOUNT, 0, NULL, NULL},
    {"上年合计", FT_AMOUNT, 0, NULL, NULL},
    {"比上年增减", FT_AMOUNT, FIELD_SIGNED, NULL, NULL},
    {"说明", FT_PARAS, 0, NULL, NULL},
    END,
};

static const field_def f_project[] = {
    {"名称", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"年初预算数", FT_AMOUNT, 0, NULL, NULL},
    {"调整预算数", FT_AMOUNT, FIELD_SIGNED, NULL, NULL},
    {"全年预算数", FT_AMOUNT, 0, NULL, NULL},
    {"实际支出", FT_AMOUNT, 0, NULL, NULL},
    {"结余结转", FT_AMOUNT, 0, NULL, NULL},
    {"备注", FT_TEXT, 0, NULL, NULL},
    END,
};

static const field_def f_project_text[] = {
    {"名称", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"段落", FT_PARAS, 0, NULL, NULL},
    END,
};

static const field_def f_fund_item[] = {
    {"对象", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"户数", FT_INT, 0, NULL, NULL},
    {"人数", FT_INT, 0, NULL, NULL},
    {"人次", FT_NUMBER, 0, NULL, NULL},
    {"金额", FT_AMOUNT, 0, NULL, NULL},
    END,
};

static const field_def f_fund[] = {
    {"名称", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"合计", FT_AMOUNT, 0, NULL, NULL},
    {"标准", FT_PARAS, 0, NULL, NULL},
    {"明细", FT_LIST, 0, f_fund_item, NULL},
    {"说明", FT_PARAS, 0, NULL, NULL},
    END,
};

static const field_def f_tally_item[] = {
    {"名称", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"数值", FT_NUMBER, FIELD_REQUIRED, NULL, NULL},
    END,
};

static const field_def f_tally[] = {
    {"名称", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"单位", FT_TEXT, 0, NULL, NULL},
    {"合计", FT_NUMBER, FIELD_REQUIRED, NULL, NULL},
    {"分项", FT_LIST, FIELD_REQUIRED, f_tally_item, NULL},
    END,
};

static const field_def f_standard[] = {
    {"名称", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"金额", FT_AMOUNT, FIELD_REQUIRED, NULL, NULL},
    {"人次", FT_NUMBER, 0, NULL, NULL},
    {"人数", FT_NUMBER, 0, NULL, NULL},
    {"月数", FT_NUMBER, 0, NULL, NULL},
    {"标准", FT_NUMBER, FIELD_REQUIRED, NULL, NULL},
    {"标准上限", FT_NUMBER, 0, NULL, NULL},
    {"标准单位", FT_TEXT, 0, NULL, NULL},
    END,
};

static const field_def f_text[] = {
    {"重点工作", FT_PARAS, 0, NULL, NULL},
    {"绩效目标", FT_PARAS, 0, NULL, NULL},
    {"绩效管理", FT_PARAS, 0, NULL, NULL},
    {"整体绩效", FT_PARAS, 0, NULL, NULL},
    {"履职完成情况", FT_PARAS, 0, NULL, NULL},
    {"履职效果", FT_PARAS, 0, NULL, NULL},
    {"满意度", FT_PARAS, 0, NULL, NULL},
    {"存在问题", FT_PARAS, 0, NULL, NULL},
    {"改进措施", FT_PARAS, 0, NULL, NULL},
    {"结果应用", FT_PARAS, 0, NULL, NULL},
    {"其他说明", FT_PARAS, 0, NULL, NULL},
    {"章节", FT_LIST, 0, f_section, NULL},
    END,
};

static const field_def f_money_row[] = {
    {"年初预算数", FT_AMOUNT, 0, NULL, NULL},
    {"全年预算数", FT_AMOUNT, 0, NULL, NULL},
    {"全年执行数", FT_AMOUNT, 0, NULL, NULL},
    END,
};

static const field_def f_form_funds[] = {
    {"年度资金总额", FT_MAP, 0, f_money_row, NULL},
    {"当年财政拨款", FT_MAP, 0, f_money_row, NULL},
    {"上年结转资金", FT_MAP, 0, f_money_row, NULL},
    {"其他资金", FT_MAP, 0, f_money_row, NULL},
    END,
};

static const field_def f_goal[] = {
    {"预期目标", FT_PARAS, 0, NULL, NULL},
    {"实际完成情况", FT_PARAS, 0, NULL, NULL},
    END,
};

static const field_def f_indicator[] = {
    {"一级指标", FT_TEXT, 0, NULL, NULL},
    {"二级指标", FT_TEXT, 0, NULL, NULL},
    {"三级指标", FT_TEXT, 0, NULL, NULL},
    {"年度指标值", FT_TEXT, 0, NULL, NULL},
    {"实际完成值", FT_TEXT, 0, NULL, NULL},
    {"指标性质", FT_ENUM, 0, NULL, k_quality},
    {"指标方向", FT_ENUM, 0, NULL, k_direction},
    {"评价等级", FT_ENUM, 0, NULL, k_grade},
    {"分值", FT_SCORE, 0, NULL, NULL},
    {"得分", FT_SCORE, 0, NULL, NULL},
    {"偏差原因分析及改进措施", FT_PARAS, 0, NULL, NULL},
    END,
};

static const field_def f_form[] = {
    {"表名", FT_ENUM, 0, NULL, k_formname},
    {"项目名称", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"主管部门", FT_TEXT, 0, NULL, NULL},
    {"实施单位", FT_TEXT, 0, NULL, NULL},
    {"资金", FT_MAP, 0, f_form_funds, NULL},
    {"执行率分值", FT_SCORE, 0, NULL, NULL},
    {"执行率", FT_PERCENT, 0, NULL, NULL},
    {"执行率得分", FT_SCORE, 0, NULL, NULL},
    {"年度总体目标", FT_MAP, 0, f_goal, NULL},
    {"绩效指标", FT_LIST, 0, f_indicator, NULL},
    {"总分", FT_SCORE, 0, NULL, NULL},
    {"改进措施及结果应用方案", FT_PARAS, 0, NULL, NULL},
    {"填表人", FT_TEXT, 0, NULL, NULL},
    {"联系电话", FT_TEXT, 0, NULL, NULL},
    {"填表日期", FT_DATE, 0, NULL, NULL},
    END,
};

const field_def model_schema_root[] = {
    {"单位名称", FT_TEXT, FIELD_REQUIRED, NULL, NULL},
    {"主管部门", FT_TEXT, 0, NULL, NULL},
    {"年度", FT_INT, FIELD_REQUIRED | FIELD_YEAR, NULL, NULL},
    {"报告标题", FT_TEXT, 0, NULL, NULL},
    {"报告类型", FT_TEXT, 0, NULL, NULL},
    {"报告日期", FT_DATE, 0, NULL, NULL},
    {"数据截止日期", FT_DATE, 0, NULL, NULL},
    {"落款", FT_TEXT, 0, NULL, NULL},
    {"单位概况", FT_MAP, 0, f_unit, NULL},
    {"预算执行", FT_MAP, 0, f_budget, NULL},
    {"收入", FT_MAP, 0, f_income, NULL},
    {"支出", FT_MAP, 0, f_spend, NULL},
    {"基本支出明细", FT_MAP, 0, f_basic, NULL},
    {"三公经费", FT_MAP, 0, f_sangong, NULL},
    {"项目", FT_LIST, 0, f_project, NULL},
    {"项目绩效", FT_LIST, 0, f_project_text, NULL},
    {"专项资金", FT_LIST, 0, f_fund, NULL},
    {"数据核对", FT_LIST, 0, f_tally, NULL},
    {"标准核对", FT_LIST, 0, f_standard, NULL},
    {"正文", FT_MAP, 0, f_text, NULL},
    {"自评表", FT_LIST, 0, f_form, NULL},
    END,
};

/* ---- conversion ---------------------------------------------------- */

typedef struct {
    val_doc *doc;
    diag_list *diags;
    bool ok;
} pass;

static diag_loc loc_of(pass *p, const val *v)
{
    return val_loc(p->doc, v);
}

static const char *kind_name(const val *v)
{
    switch (v->kind) {
    case VAL_LIST: return _("a list");
    case VAL_MAP: return _("a map of fields");
    case VAL_NULL: return _("empty");
    default: return _("a single value");
    }
}

static const char *type_desc(field_type t)
{
    switch (t) {
    case FT_TEXT: return _("text");
    case FT_AMOUNT: return _("an amount in 万元 such as 86.4");
    case FT_NUMBER: return _("a number such as 12589 or 2.41");
    case FT_PERCENT: return _("a percentage such as 16.36 or 16.36%");
    case FT_SCORE: return _("a score such as 10 or 7.5");
    case FT_INT: return _("a whole number such as 2024");
    case FT_DATE: return _("a date such as 2025-03-31 or 2025年3月31日");
    case FT_PARAS: return _("a list of paragraphs");
    case FT_TEXTLIST: return _("a list of names");
    case FT_MAP: return _("a map of fields");
    case FT_LIST: return _("a list");
    default: return _("one of the listed words");
    }
}

static void type_error(pass *p, const char *name, field_type t, const val *v, const char *unused)
{
    (void)unused;
    /* "机构性质：政府部门" under a map is read as text: name the colon. */
    if (v->kind == VAL_STR && !v->quoted && (t == FT_MAP || t == FT_LIST) &&
        !v->sheet && yaml_explain_scalar(p->diags, DIAG_ERROR, p->doc->file, v->u.str.s, v->line, v->col)) {
        p->ok = false;
        return;
    }
    if (v->kind == VAL_STR)
        diag_add(p->diags, DIAG_ERROR, loc_of(p, v), "type", "The field %s must be %s, but it is the text \"%s\".",
                 name, type_desc(t), v->u.str.s);
    else
        diag_add(p->diags, DIAG_ERROR, loc_of(p, v), "type", "The field %s must be %s, but it is %s.",
                 name, type_desc(t), kind_name(v));
    p->ok = false;
}

static void type_error_why(pass *p, const char *name, field_type t, const val *v, const char *why)
{
    diag_add(p->diags, DIAG_ERROR, loc_of(p, v), "type", "The field %s must be %s, but \"%s\" is %s.",
             name, type_desc(t), v->u.str.s, why);
    p->ok = false;
}

/* Trim ASCII and ideographic spaces; returns the trimmed span. */
static void trim(const char **s, size_t *n)
{
    for (;;) {
        if (*n && ((*s)[0] == ' ' || (*s)[0] == '\t' || (*s)[0] == '\n')) { (*s)++; (*n)--; continue; }
        if (*n >= 3 && !memcmp(*s, "\xe3\x80\x80", 3)) { *s += 3; *n -= 3; continue; }
        if (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n')) { (*n)--; continue; }
        if (*n >= 3 && !memcmp(*s + *n - 3, "\xe3\x80\x80", 3)) { *n -= 3; continue; }
        break;
    }
}

/* Characters that print as nothing or as a gap: a name made only of them
 * is blank, and around a name they are noise from copying. */
static bool is_space_cp(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* A required text (a name: 单位名称, 项目名称 …) is printed in titles and
 * matched across lists, so it must not be blank; spaces around it are
 * removed rather than refused, since what the clerk meant is clear. */
static val *check_name_text(pass *p, const char *name, val *v)
{
    const char *s = v->u.str.s;
    size_t n = v->u.str.len, a = 0, b = n;
    while (a < n) {
        uint32_t c;
        size_t l = utf8_decode(s + a, n - a, &c);
        if (!l || !is_space_cp(c)) break;
        a += l;
    }
    while (b > a) {
        size_t k = b - 1;
        while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        uint32_t c;
        size_t l = utf8_decode(s + k, b - k, &c);
        if (!l || !is_space_cp(c)) break;
        b = k;
    }
    if (a == b) {
        diag_add(p->diags, DIAG_ERROR, loc_of(p, v), "missing",
                 "The field %s holds only spaces, so it is blank; write the name itself.", name);
        p->ok = false;
        return v;
    }
    if (a == 0 && b == n) return v;
    diag_add(p->diags, DIAG_NOTE, loc_of(p, v), "space",
             "The field %s begins or ends with spaces; they were removed, so the name reads \"%.*s\".",
             name, (int)(b - a), s + a);
    val *out = val_new_str(p->doc, s + a, b - a, v->line, v->col);
    out->sheet = v->sheet;
    out->quoted = v->quoted;
    return out;
}

static bool strip_suffix(const char *s, size_t *n, const char *suf)
{
    size_t l = strlen(suf);
    if (*n >= l && !memcmp(s + *n - l, suf, l)) { *n -= l; return true; }
    return false;
}

static int written_decimals(const char *s, size_t n)
{
    const char *dot = memchr(s, '.', n);
    return dot ? (int)(n - (size_t)(dot - s) - 1) : 0;
}

static val *convert_number_ascii(pass *p, const char *name, field_type t, unsigned flags, val *v,
                                 const char *s, size_t n);

/* Full-width forms of ASCII (０-９, ．, －, ％, ，…; typed by a Chinese input
 * method left in full-width mode) written as ASCII, and U+3000 as a space:
 * figures and dates are then read as the clerk meant them. */
static char *ascii_form(const char *s, size_t n, size_t *outlen)
{
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t l = utf8_decode(s + i, n - i, &c);
        if (!l) l = 1, c = (unsigned char)s[i];
        if (c >= 0xFF01 && c <= 0xFF5E) strbuf_addc(&b, (char)(c - 0xFEE0));
        else if (c == 0x3000) strbuf_addc(&b, ' ');
        else for (size_t k = 0; k < l; k++) strbuf_addc(&b, s[i + k]);
        i += l;
    }
    *outlen = b.len;
    return b.data ? strbuf_take(&b) : xstrdup("");
}

/* The plain decimal a clerk meant when a figure is refused: without
 * thousands separators, and for an amount in 元 converted to 万元.
 * Writes it to out (at least 64 bytes) and returns true when such a
 * reading exists. */
static bool suggest_plain(field_type t, const char *s, size_t n, char *out, size_t size, const char **why)
{
    char buf[128];
    size_t m = 0;
    bool commas = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ',') { commas = true; continue; }
        if (m + 1 >= sizeof buf) return false;
        buf[m++] = s[i];
    }
    buf[m] = 0;
    bool yuan = false;
    if (t == FT_AMOUNT && m >= 3 && !memcmp(buf + m - 3, "元", 3) && !(m >= 6 && !memcmp(buf + m - 6, "万元", 6))) {
        m -= 3;
        while (m && buf[m - 1] == ' ') m--;
        yuan = true;
    } else if (t == FT_AMOUNT && m >= 6 && !memcmp(buf + m - 6, "万元", 6)) {
        m -= 6;
        while (m && buf[m - 1] == ' ') m--;
    }
    if (!commas && !yuan) return false;
    qnum q;
    if (qnum_parse(buf, m, 18, &q) != NUM_OK) return false;
    int dec = written_decimals(buf, m);
    if (yuan) {
        q = qnum_div(q, qnum_int(10000));
        dec = qnum_exact_decimals(q);
        if (dec < 0 || dec > 6) dec = 6;
    }
    if (t == FT_AMOUNT && dec < 2) dec = 2;
    qnum_format(q, dec, out, size);
    *why = yuan ? "yuan" : "commas";
    return true;
}

static val *convert_number(pass *p, const char *name, field_type t, unsigned flags, val *v)
{
    size_t n;
    char *ascii = ascii_form(v->u.str.s, v->u.str.len, &n);
    val *r = convert_number_ascii(p, name, t, flags, v, ascii, n);
    free(ascii);
    return r;
}

static val *convert_number_ascii(pass *p, const char *name, field_type t, unsigned flags, val *v,
                                 const char *s, size_t n)
{
    trim(&s, &n);
    val_unit unit = UNIT_NONE;
    int maxdec = 6;
    bool wanyuan = false;
    if (t == FT_AMOUNT) {
        unit = UNIT_WANYUAN;
        if (strip_suffix(s, &n, "万元")) {
            trim(&s, &n);
            wanyuan = true;
        }
    } else if (t == FT_PERCENT) {
        unit = UNIT_PERCENT;
        if (!strip_suffix(s, &n, "%")) strip_suffix(s, &n, "％");
        trim(&s, &n);
    } else if (t == FT_SCORE) {
        unit = UNIT_SCORE;
    } else if (t == FT_INT) {
        unit = UNIT_COUNT;
        maxdec = 0;
    }
    qnum q;
    num_status st = qnum_parse(s, n, maxdec, &q);
    if (st == NUM_TOO_PRECISE && t == FT_INT) {
        type_error_why(p, name, t, v, _("not a whole number"));
        return v;
    }
    if (st != NUM_OK) {
        char plain[96];
        const char *why = NULL;
        if (st == NUM_SYNTAX && suggest_plain(t, s, n, plain, sizeof plain, &why)) {
            if (!strcmp(why, "yuan"))
                diag_add(p->diags, DIAG_ERROR, loc_of(p, v), "type",
                         "The field %s is an amount in 万元, but \"%s\" is written in 元; write the number of 万元 alone: %s.",
                         name, v->u.str.s, plain);
            else
                diag_add(p->diags, DIAG_ERROR, loc_of(p, v), "type",
                         "The field %s must be a plain number, but \"%s\" has thousands separators; write it without commas: %s.",
                         name, v->u.str.s, plain);
            p->ok = false;
            return v;
        }
        type_error_why(p, name, t, v, num_status_text(st));
        return v;
    }
    if (wanyuan)
        diag_add(p->diags, DIAG_WARNING, loc_of(p, v), "unit",
                 "The amount of %s is written with 万元 although amounts are always in 万元; write the number alone.", name);
    if (t == FT_AMOUNT) {
        money_t m;
        if (money_parse(s, n, &m) != NUM_OK) { type_error_why(p, name, t, v, num_status_text(NUM_TOO_LARGE)); return v; }
    }
    if ((flags & FIELD_YEAR) && (qnum_cmp(q, qnum_int(MODEL_YEAR_MIN)) < 0 || qnum_cmp(q, qnum_int(MODEL_YEAR_MAX)) > 0)) {
        diag_add(p->diags, DIAG_ERROR, loc_of(p, v), "type",
                 "The field %s must be the year the report covers, four digits from %d to %d such as 2024, but it is \"%s\"; write that year.",
                 name, MODEL_YEAR_MIN, MODEL_YEAR_MAX, v->u.str.s);
        p->ok = false;
        return v;
    }
    if (qnum_sign(q) < 0 && !(flags & FIELD_SIGNED)) {
        type_error_why(p, name, t, v, _("negative; only changes (调整预算数, 比上年增减) can be negative"));
        return v;
    }
    val *out = val_new_num(p->doc, q, unit, v->line, v->col);
    out->sheet = v->sheet;
    out->u.num.dec = written_decimals(s, n);
    out->quoted = v->quoted;
    return out;
}

/* Up to maxd ASCII digits at s[*i]; -1 when there are none. */
static int digits_at(const char *s, size_t n, size_t *i, int maxd)
{
    int v = 0, k = 0;
    while (*i < n && k < maxd && s[*i] >= '0' && s[*i] <= '9') { v = v * 10 + (s[*i] - '0'); (*i)++; k++; }
    return k ? v : -1;
}

static bool lit_at(const char *s, size_t n, size_t *i, const char *lit)
{
    size_t l = strlen(lit);
    if (*i + l > n || memcmp(s + *i, lit, l)) return false;
    *i += l;
    return true;
}

/* A date as YYYY-MM-DD, or as written in Chinese documents, YYYY年M月D日
 * (the day and month with or without a leading zero); s is already in
 * ASCII form.  On success writes the canonical YYYY-MM-DD to out[11]. */
static bool valid_date(const char *s, size_t n, char out[11])
{
    size_t i = 0;
    int y = -1, m = -1, d = -1;
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        for (int k = 0; k < 10; k++)
            if (k != 4 && k != 7 && (s[k] < '0' || s[k] > '9')) return false;
        y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    } else {
        size_t j = i;
        y = digits_at(s, n, &j, 4);
        if (j != 4 || !lit_at(s, n, &j, "年")) return false;
        m = digits_at(s, n, &j, 2);
        if (m < 0 || !lit_at(s, n, &j, "月")) return false;
        d = digits_at(s, n, &j, 2);
        if (d < 0 || !lit_at(s, n, &j, "日") || j != n) return false;
    }
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return true;
}

/* Edit distance in code points, for "did you mean" suggestions. */
static int distance(const char *a, const char *b)
{
    uint32_t ca[64], cb[64];
    int na = 0, nb = 0;
    for (size_t i = 0, l = strlen(a); i < l && na < 64;) { size_t k = utf8_decode(a + i, l - i, &ca[na++]); i += k ? k : 1; }
    for (size_t i = 0, l = strlen(b); i < l && nb < 64;) { size_t k = utf8_decode(b + i, l - i, &cb[nb++]); i += k ? k : 1; }
    int row[65];
    for (int j = 0; j <= nb; j++) row[j] = j;
    for (int i = 1; i <= na; i++) {
        int prev = row[0];
        row[0] = i;
        for (int j = 1; j <= nb; j++) {
            int cur = row[j];
            int best = prev + (ca[i - 1] != cb[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[nb];
}

static void apply_map(pass *p, const char *path, const field_def *fields, val *m);
static val *apply_field(pass *p, const char *path, const field_def *f, val *v);

static val *apply_paras(pass *p, const char *path, val *v)
{
    if (v->kind == VAL_STR) {
        val *l = val_new(p->doc, VAL_LIST, v->line, v->col);
        l->sheet = v->sheet;
        val_list_push(p->doc, l, v);
        return l;
    }
    if (v->kind != VAL_LIST) { type_error(p, path, FT_PARAS, v, NULL); return v; }
    for (size_t i = 0; i < v->u.list.n; i++) {
        val *it = v->u.list.items[i];
        if (it->kind == VAL_STR) continue;
        if (it->kind == VAL_NULL) {
            /* An empty list item is an empty paragraph; keep it as text. */
            v->u.list.items[i] = val_new_str(p->doc, "", 0, it->line, it->col);
            v->u.list.items[i]->sheet = it->sheet;
            continue;
        }
        if (it->kind == VAL_MAP && it->u.map.n == 1 && !it->quoted && strcmp(it->u.map.keys[0], "标题") &&
            strcmp(it->u.map.keys[0], "段落") && it->u.map.vals[0]->kind == VAL_STR) {
            /* "- 主要做法: 一是…": a paragraph whose ": " made it a field. */
            const char *k = it->u.map.keys[0];
            diag_loc at = val_key_loc(p->doc, it, 0);
            if (!at.sheet) at.col += (int)utf8_length(k, strlen(k));
            diag_add(p->diags, DIAG_ERROR, at, "yaml",
                     "The ': ' here makes this line read as a field name; in a sentence write the full-width colon '：' instead, or put the whole text in quotes.");
            p->ok = false;
            continue;
        }
        if (it->kind == VAL_MAP) {
            char *sub = xasprintf("%s[%zu]", path, i + 1);
            apply_map(p, sub, f_section, it);
            free(sub);
            continue;
        }
        diag_add(p->diags, DIAG_ERROR, loc_of(p, it), "type",
                 "Each paragraph of %s must be text or a sub-section {标题: …, 段落: […]}, but this one is %s.",
                 path, kind_name(it));
        p->ok = false;
    }
    return v;
}

static val *apply_field(pass *p, const char *path, const field_def *f, val *v)
{
    if (v->kind == VAL_NULL) return v;
    switch (f->type) {
    case FT_TEXT:
        if (v->kind != VAL_STR) { type_error(p, path, f->type, v, NULL); return v; }
        return (f->flags & FIELD_REQUIRED) ? check_name_text(p, path, v) : v;
    case FT_DATE:
        if (v->kind != VAL_STR) { type_error(p, path, f->type, v, NULL); return v; }
    {
        size_t an;
        char *a = ascii_form(v->u.str.s, v->u.str.len, &an);
        const char *as = a;
        trim(&as, &an);
        char iso[11];
        bool ok = valid_date(as, an, iso);
        free(a);
        if (!ok) { type_error_why(p, path, f->type, v, _("not a valid date")); return v; }
        if (!strcmp(iso, v->u.str.s)) return v;
        /* Later stages compare and print dates in one form. */
        val *out = val_new_str(p->doc, iso, 10, v->line, v->col);
        out->sheet = v->sheet;
        out->quoted = v->quoted;
        return out;
    }
    case FT_ENUM: {
        if (v->kind != VAL_STR) { type_error(p, path, f->type, v, NULL); return v; }
        for (const char *const *c = f->choices; *c; c++)
            if (!strcmp(*c, v->u.str.s)) return v;
        strbuf b = STRBUF_INIT;
        for (const char *const *c = f->choices; *c; c++) strbuf_printf(&b, "%s%s", c == f->choices ? "" : "、", *c);
        diag_add(p->diags, DIAG_ERROR, loc_of(p, v), "type", "The field %s must be one of %s, but it is \"%s\".",
                 path, b.data, v->u.str.s);
        strbuf_free(&b);
        p->ok = false;
        return v;
    }
    case FT_AMOUNT: case FT_NUMBER: case FT_PERCENT: case FT_SCORE: case FT_INT:
        if (v->kind != VAL_STR) { type_error(p, path, f->type, v, NULL); return v; }
        return convert_number(p, path, f->type, f->flags, v);
    case FT_PARAS:
        return apply_paras(p, path, v);
    case FT_TEXTLIST:
        if (v->kind == VAL_STR) {
            val *l = val_new(p->doc, VAL_LIST, v->line, v->col);
            l->sheet = v->sheet;
            val_list_push(p->doc, l, v);
            return l;
        }
        if (v->kind != VAL_LIST) { type_error(p, path, f->type, v, NULL); return v; }
        for (size_t i = 0; i < v->u.list.n; i++)
            if (v->u.list.items[i]->kind != VAL_STR) {
                diag_add(p->diags, DIAG_ERROR, loc_of(p, v->u.list.items[i]), "type",
                         "Each element of %s must be a name (text), but this one is %s.", path, kind_name(v->u.list.items[i]));
                p->ok = false;
            }
        return v;
    case FT_MAP:
        if (v->kind != VAL_MAP) { type_error(p, path, f->type, v, NULL); return v; }
        apply_map(p, path, f->sub, v);
        return v;
    case FT_LIST:
        if (v->kind != VAL_LIST) { type_error(p, path, f->type, v, NULL); return v; }
        for (size_t i = 0; i < v->u.list.n; i++) {
            val *it = v->u.list.items[i];
            char *sub = xasprintf("%s[%zu]", path, i + 1);
            if (it->kind == VAL_STR && !it->quoted &&
                !it->sheet && yaml_explain_scalar(p->diags, DIAG_ERROR, p->doc->file, it->u.str.s, it->line, it->col)) {
                p->ok = false;
            } else if (it->kind != VAL_MAP) {
                diag_add(p->diags, DIAG_ERROR, loc_of(p, it), "type",
                         "Each element of %s must be a map of fields, but element %zu is %s.", path, i + 1, kind_name(it));
                p->ok = false;
            } else {
                apply_map(p, sub, f->sub, it);
            }
            free(sub);
        }
        return v;
    }
    return v;
}

static void apply_map(pass *p, const char *path, const field_def *fields, val *m)
{
    for (size_t i = 0; i < m->u.map.n; i++) {
        const char *key = m->u.map.keys[i];
        const field_def *f = NULL;
        for (const field_def *c = fields; c->name; c++)
            if (!strcmp(c->name, key)) { f = c; break; }
        diag_loc kl = val_key_loc(p->doc, m, i);
        if (!f) {
            const char *best = NULL;
            int bd = 1 << 30;
            for (const field_def *c = fields; c->name; c++) {
                int d = distance(key, c->name);
                if (d < bd) { bd = d; best = c->name; }
            }
            int keylen = (int)utf8_length(key, strlen(key));
            if (best && bd <= (keylen > 3 ? 2 : 1))
                diag_add(p->diags, DIAG_ERROR, kl, "field", "Unknown field \"%s\" in %s; did you mean \"%s\"?",
                         key, *path ? path : "the file", best);
            else {
                strbuf b = STRBUF_INIT;
                for (const field_def *c = fields; c->name; c++) strbuf_printf(&b, "%s%s", c == fields ? "" : "、", c->name);
                diag_add(p->diags, DIAG_ERROR, kl, "field", "Unknown field \"%s\" in %s; the fields allowed here are %s.",
                         key, *path ? path : "the file", b.data);
                strbuf_free(&b);
            }
            p->ok = false;
            continue;
        }
        char *sub = *path ? xasprintf("%s.%s", path, key) : xstrdup(key);
        m->u.map.vals[i] = apply_field(p, sub, f, m->u.map.vals[i]);
        free(sub);
    }
    for (const field_def *c = fields; c->name; c++) {
        if (!(c->flags & FIELD_REQUIRED)) continue;
        val *v = val_get(m, c->name);
        if (!val_is_given(v)) {
            diag_add(p->diags, DIAG_ERROR, loc_of(p, v ? v : m), "missing",
                     v ? N_("The field %s%s%s is required but empty; add it.")
                       : N_("The field %s%s%s is required but missing; add it."),
                     path, *path ? "." : "", c->name);
            p->ok = false;
        }
    }
}

bool model_schema_apply(val_doc *doc, diag_list *diags)
{
    pass p = {doc, diags, true};
    apply_map(&p, "", model_schema_root, doc->root);
    return p.ok;
}

static void walk(const char *prefix, const field_def *fields,
                 void (*fn)(const char *, const field_def *, void *), void *ctx, int depth)
{
    for (const field_def *f = fields; f->name; f++) {
        char *path = *prefix ? xasprintf("%s.%s", prefix, f->name) : xstrdup(f->name);
        fn(path, f, ctx);
        if (f->sub && depth < 8) walk(path, f->sub, fn, ctx, depth + 1);
        free(path);
    }
}

void model_schema_walk(void (*fn)(const char *path, const field_def *f, void *ctx), void *ctx)
{
    walk("", model_schema_root, fn, ctx, 0);
}
