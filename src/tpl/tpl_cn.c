/* tpl_cn — see tpl_cn.h. */
#include "tpl_cn.h"

#include <stdio.h>
#include <string.h>

static const char *const small_digit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
static const char *const upper_digit[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
static const char *const small_unit[] = {"", "十", "百", "千"};
static const char *const upper_unit[] = {"", "拾", "佰", "仟"};
static const char *const big_unit[] = {"", "万", "亿", "万亿"};

static void cat(char *buf, size_t size, const char *s)
{
    size_t n = strlen(buf), m = strlen(s);
    if (n + m + 1 > size) return;   /* buffers are sized for the largest figure */
    memcpy(buf + n, s, m + 1);
}

/* The common digit walk: zeros inside the figure collapse into one 零,
 * trailing zeros of a group are silent, and a group of four zeros gets no
 * 万/亿 of its own. */
static void write_int(uint64_t v, const char *const *digit, const char *const *unit,
                      char *buf, size_t size)
{
    char ds[32];
    int len = snprintf(ds, sizeof ds, "%llu", (unsigned long long)v);
    bool zero_pending = false;
    bool group_nonzero = false;
    for (int i = 0; i < len; i++) {
        int pos = len - 1 - i;
        int d = ds[i] - '0';
        if (d == 0) {
            zero_pending = true;
        } else {
            if (zero_pending) cat(buf, size, digit[0]);
            zero_pending = false;
            cat(buf, size, digit[d]);
            cat(buf, size, unit[pos % 4]);
            group_nonzero = true;
        }
        if (pos % 4 == 0 && pos > 0) {
            if (group_nonzero) cat(buf, size, big_unit[(pos / 4) % 4]);
            group_nonzero = false;
        }
    }
}

char *tpl_cn_numeral(int64_t n, char *buf, size_t size)
{
    buf[0] = 0;
    if (n < 0 || n > 99999999) {
        snprintf(buf, size, "%lld", (long long)n);
        return buf;
    }
    if (n == 0) {
        cat(buf, size, small_digit[0]);
        return buf;
    }
    if (n >= 10 && n < 20) {
        /* 十一, not 一十一, as headings are read */
        cat(buf, size, "十");
        if (n > 10) cat(buf, size, small_digit[n - 10]);
        return buf;
    }
    write_int((uint64_t)n, small_digit, small_unit, buf, size);
    return buf;
}

char *tpl_cn_heading(int level, int64_t n, char *buf, size_t size)
{
    char num[TPL_CN_BUF];
    switch (level) {
    case 1: snprintf(buf, size, "%s、", tpl_cn_numeral(n, num, sizeof num)); break;
    case 2: snprintf(buf, size, "（%s）", tpl_cn_numeral(n, num, sizeof num)); break;
    case 3: snprintf(buf, size, "%lld.", (long long)n); break;
    default: snprintf(buf, size, "（%lld）", (long long)n); break;
    }
    return buf;
}

char *tpl_cn_money_upper(int64_t fen, char *buf, size_t size)
{
    buf[0] = 0;
    uint64_t v = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    if (fen < 0) cat(buf, size, "负");
    uint64_t yuan = v / 100;
    int jiao = (int)(v / 10 % 10), f = (int)(v % 10);
    if (yuan > 0) {
        write_int(yuan, upper_digit, upper_unit, buf, size);
        cat(buf, size, "元");
    } else if (jiao == 0 && f == 0) {
        cat(buf, size, "零元");
    }
    if (jiao == 0 && f == 0) {
        cat(buf, size, "整");
        return buf;
    }
    if (jiao > 0) {
        cat(buf, size, upper_digit[jiao]);
        cat(buf, size, "角");
    } else if (yuan > 0) {
        cat(buf, size, "零");   /* 壹元零伍分 */
    }
    if (f > 0) {
        cat(buf, size, upper_digit[f]);
        cat(buf, size, "分");
    }
    return buf;
}

bool tpl_cn_date(const char *s, char *buf, size_t size)
{
    if (!s) return false;
    int y = 0, m = 0, d = 0;
    for (int i = 0; i < 10; i++) {
        char c = s[i];
        if (i == 4 || i == 7) {
            if (c != '-') return false;
        } else if (c < '0' || c > '9') {
            return false;
        }
    }
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    snprintf(buf, size, "%d年%d月%d日", y, m, d);
    return true;
}
