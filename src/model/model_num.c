#include "model_num.h"
#include "../core/i18n.h"

#include <stdio.h>
#include <string.h>

typedef __int128 i128;

/* Keep magnitudes well inside i128 so that one more multiplication by a
 * small factor (rounding, formatting) cannot overflow. */
static const i128 LIMIT = (((i128)1) << 120);

static i128 iabs(i128 v) { return v < 0 ? -v : v; }

static i128 gcd(i128 a, i128 b)
{
    a = iabs(a);
    b = iabs(b);
    while (b) { i128 t = a % b; a = b; b = t; }
    return a;
}

static bool mul_ok(i128 a, i128 b, i128 *out)
{
    if (a == 0 || b == 0) { *out = 0; return true; }
    if (iabs(a) > LIMIT / iabs(b)) return false;
    *out = a * b;
    return true;
}

qnum qnum_invalid(void) { qnum q = {0, 1, false}; return q; }

static qnum make(i128 num, i128 den)
{
    if (den == 0) return qnum_invalid();
    if (den < 0) { num = -num; den = -den; }
    i128 g = gcd(num, den);
    if (g > 1) { num /= g; den /= g; }
    if (iabs(num) > LIMIT || den > LIMIT) return qnum_invalid();
    qnum q = {num, den, true};
    return q;
}

qnum qnum_int(int64_t v) { return make(v, 1); }
qnum qnum_frac(int64_t num, int64_t den) { return make(num, den); }
qnum qnum_money(money_t m) { return make(m, MONEY_SCALE); }

qnum qnum_add(qnum a, qnum b)
{
    if (!a.ok || !b.ok) return qnum_invalid();
    i128 g = gcd(a.den, b.den);
    i128 x, y, d;
    if (!mul_ok(a.num, b.den / g, &x) || !mul_ok(b.num, a.den / g, &y) || !mul_ok(a.den / g, b.den, &d))
        return qnum_invalid();
    if (iabs(x) > LIMIT - iabs(y)) return qnum_invalid();
    return make(x + y, d);
}

qnum qnum_neg(qnum a) { a.num = -a.num; return a; }
qnum qnum_sub(qnum a, qnum b) { return qnum_add(a, qnum_neg(b)); }
qnum qnum_abs(qnum a) { a.num = iabs(a.num); return a; }

qnum qnum_mul(qnum a, qnum b)
{
    if (!a.ok || !b.ok) return qnum_invalid();
    /* Cross-reduce first so that products stay small. */
    i128 g1 = gcd(a.num, b.den), g2 = gcd(b.num, a.den);
    if (g1 == 0) g1 = 1;
    if (g2 == 0) g2 = 1;
    i128 n, d;
    if (!mul_ok(a.num / g1, b.num / g2, &n) || !mul_ok(a.den / g2, b.den / g1, &d)) return qnum_invalid();
    return make(n, d);
}

qnum qnum_div(qnum a, qnum b)
{
    if (!a.ok || !b.ok || b.num == 0) return qnum_invalid();
    qnum inv = {b.den, b.num, true};
    if (inv.den < 0) { inv.den = -inv.den; inv.num = -inv.num; }
    return qnum_mul(a, inv);
}

int qnum_cmp(qnum a, qnum b)
{
    qnum d = qnum_sub(a, b);
    if (!d.ok) {
        /* Magnitudes too far apart to subtract: compare by sign and size. */
        int sa = qnum_sign(a), sb = qnum_sign(b);
        if (sa != sb) return sa < sb ? -1 : 1;
        i128 ia = a.num / a.den, ib = b.num / b.den;
        return ia < ib ? -1 : ia > ib ? 1 : 0;
    }
    return qnum_sign(d);
}

qnum qnum_min(qnum a, qnum b) { return qnum_cmp(a, b) <= 0 ? a : b; }
qnum qnum_max(qnum a, qnum b) { return qnum_cmp(a, b) >= 0 ? a : b; }
bool qnum_is_zero(qnum a) { return a.ok && a.num == 0; }
int qnum_sign(qnum a) { return a.num < 0 ? -1 : a.num > 0 ? 1 : 0; }

int qnum_exact_decimals(qnum a)
{
    if (!a.ok) return -1;
    i128 d = a.den;
    int twos = 0, fives = 0;
    while (d % 2 == 0) { d /= 2; twos++; }
    while (d % 5 == 0) { d /= 5; fives++; }
    if (d != 1) return -1;
    int n = twos > fives ? twos : fives;
    return n > 18 ? -1 : n;
}

static i128 pow10i(int n)
{
    i128 p = 1;
    while (n-- > 0) p *= 10;
    return p;
}

/* |a| * 10^dec rounded half up, as an integer; false on overflow. */
static bool scaled_round(qnum a, int dec, i128 *out)
{
    i128 n;
    if (!mul_ok(iabs(a.num), pow10i(dec), &n)) return false;
    if (!mul_ok(n, 2, &n)) return false;
    *out = (n + a.den) / (2 * a.den);
    return true;
}

qnum qnum_round(qnum a, int dec)
{
    if (!a.ok) return a;
    if (dec < 0) dec = 0;
    if (dec > 18) dec = 18;
    i128 r;
    if (!scaled_round(a, dec, &r)) return qnum_invalid();
    return make(a.num < 0 ? -r : r, pow10i(dec));
}

static void i128_to_dec(i128 v, char *buf)
{
    char tmp[64];
    int n = 0;
    do { tmp[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
}

char *qnum_format(qnum a, int dec, char *buf, size_t size)
{
    if (dec < 0) dec = 0;
    if (dec > 18) dec = 18;
    i128 r;
    if (!a.ok || !scaled_round(a, dec, &r)) { snprintf(buf, size, "?"); return buf; }
    char digits[64];
    i128_to_dec(r, digits);
    size_t nd = strlen(digits);
    char out[96];
    size_t o = 0;
    if (a.num < 0 && r != 0) out[o++] = '-';
    if ((int)nd <= dec) {
        out[o++] = '0';
        if (dec) out[o++] = '.';
        for (int i = 0; i < dec - (int)nd; i++) out[o++] = '0';
        memcpy(out + o, digits, nd);
        o += nd;
    } else {
        memcpy(out + o, digits, nd - (size_t)dec);
        o += nd - (size_t)dec;
        if (dec) {
            out[o++] = '.';
            memcpy(out + o, digits + nd - dec, (size_t)dec);
            o += (size_t)dec;
        }
    }
    out[o] = 0;
    snprintf(buf, size, "%s", out);
    return buf;
}

char *qnum_format_exact(qnum a, char *buf, size_t size)
{
    int d = qnum_exact_decimals(a);
    return qnum_format(a, d < 0 ? 6 : d, buf, size);
}

char *money_format(money_t m, int dec, char *buf, size_t size)
{
    return qnum_format(qnum_money(m), dec, buf, size);
}

bool money_add(money_t a, money_t b, money_t *out) { return !__builtin_add_overflow(a, b, out); }

num_status qnum_parse(const char *s, size_t n, int max_dec, qnum *out)
{
    size_t i = 0;
    bool neg = false;
    *out = qnum_invalid();
    if (n == 0) return NUM_EMPTY;
    if (s[0] == '+' || s[0] == '-') { neg = s[0] == '-'; i++; }
    i128 v = 0;
    int digits = 0, decs = 0;
    bool dot = false, any = false;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '.' && !dot && any) { dot = true; continue; }
        if (c < '0' || c > '9') return NUM_SYNTAX;
        any = true;
        if (dot) {
            if (++decs > max_dec) {
                /* Trailing zeros beyond the precision carry no value. */
                size_t j = i;
                while (j < n && s[j] == '0') j++;
                if (j == n) break;
                return NUM_TOO_PRECISE;
            }
        }
        if (v != 0 || c != '0') digits++;
        if (digits > 18) return NUM_TOO_LARGE;
        v = v * 10 + (c - '0');
    }
    if (!any || (dot && s[n - 1] == '.')) return NUM_SYNTAX;
    if (decs > max_dec) decs = max_dec;
    *out = make(neg ? -v : v, pow10i(decs));
    return NUM_OK;
}

num_status money_parse(const char *s, size_t n, money_t *out)
{
    qnum q;
    num_status st = qnum_parse(s, n, 6, &q);
    if (st != NUM_OK) return st;
    qnum f = qnum_mul(q, qnum_int(MONEY_SCALE));
    if (!f.ok || f.den != 1 || f.num > INT64_MAX / 4 || f.num < -(INT64_MAX / 4)) return NUM_TOO_LARGE;
    *out = (money_t)f.num;
    return NUM_OK;
}

const char *num_status_text(num_status st)
{
    switch (st) {
    case NUM_OK: return _("valid");
    case NUM_EMPTY: return _("empty");
    case NUM_SYNTAX: return _("not a plain decimal number (digits, an optional point and decimals; no separators, units or exponents)");
    case NUM_TOO_PRECISE: return _("more than 6 decimals (amounts are exact to 0.000001 万元, i.e. 1 分)");
    default: return _("too large to be a plausible figure (at most 18 significant digits)");
    }
}
