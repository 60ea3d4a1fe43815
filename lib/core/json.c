/* gr-stftclean C core: small strict JSON reader / writer helpers (json.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "json.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ UTF-8 */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not one
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_len(const unsigned char* s, size_t n)
{
    if (n == 0)
        return 0;
    const unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static size_t utf8_put(unsigned cp, unsigned char* out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits at s[p..p+4) (bounds checked by the caller); -1 if bad. */
static long hex4(const char* s)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        const int h = hexval(s[i]);
        if (h < 0)
            return -1;
        v = (v << 4) | h;
    }
    return v;
}

/* ------------------------------------------------------------ validation */

typedef struct {
    const char* s;
    size_t n, p;
    const char* why;
} vstate_t;

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void v_ws(vstate_t* v)
{
    while (v->p < v->n && is_ws(v->s[v->p]))
        v->p++;
}

static int v_fail(vstate_t* v, const char* why)
{
    v->why = why;
    return -1;
}

static int v_string(vstate_t* v)
{
    v->p++; /* opening quote */
    while (v->p < v->n) {
        const unsigned char c = (unsigned char)v->s[v->p];
        if (c == '"') {
            v->p++;
            return 0;
        }
        if (c < 0x20)
            return v_fail(v, "control character in a string");
        if (c == '\\') {
            if (v->p + 1 >= v->n)
                return v_fail(v, "unterminated string");
            const char e = v->s[v->p + 1];
            if (e == 'u') {
                if (v->p + 6 > v->n || hex4(v->s + v->p + 2) < 0)
                    return v_fail(v, "bad \\u escape");
                v->p += 6;
            } else if (strchr("\"\\/bfnrt", e) && e != '\0') {
                v->p += 2;
            } else {
                return v_fail(v, "bad escape in a string");
            }
            continue;
        }
        const size_t len = utf8_len((const unsigned char*)v->s + v->p, v->n - v->p);
        if (len == 0)
            return v_fail(v, "invalid UTF-8 in a string");
        v->p += len;
    }
    return v_fail(v, "unterminated string");
}

static int v_digits(vstate_t* v)
{
    const size_t p0 = v->p;
    while (v->p < v->n && v->s[v->p] >= '0' && v->s[v->p] <= '9')
        v->p++;
    return v->p > p0 ? 0 : -1;
}

static int v_number(vstate_t* v)
{
    if (v->s[v->p] == '-')
        v->p++;
    if (v->p < v->n && v->s[v->p] == '0') {
        v->p++;
    } else if (v_digits(v) != 0) {
        return v_fail(v, "bad number");
    }
    if (v->p < v->n && v->s[v->p] == '.') {
        v->p++;
        if (v_digits(v) != 0)
            return v_fail(v, "bad number fraction");
    }
    if (v->p < v->n && (v->s[v->p] == 'e' || v->s[v->p] == 'E')) {
        v->p++;
        if (v->p < v->n && (v->s[v->p] == '+' || v->s[v->p] == '-'))
            v->p++;
        if (v_digits(v) != 0)
            return v_fail(v, "bad number exponent");
    }
    return 0;
}

static int v_literal(vstate_t* v, const char* lit)
{
    const size_t len = strlen(lit);
    if (v->n - v->p < len || memcmp(v->s + v->p, lit, len) != 0)
        return v_fail(v, "unexpected character");
    v->p += len;
    return 0;
}

static int v_value(vstate_t* v, int depth)
{
    v_ws(v);
    if (v->p >= v->n)
        return v_fail(v, "unexpected end of text");
    const char c = v->s[v->p];
    if (c == '{' || c == '[') {
        if (depth >= JSON_MAX_DEPTH)
            return v_fail(v, "nested too deeply");
        const char close = c == '{' ? '}' : ']';
        v->p++;
        v_ws(v);
        if (v->p < v->n && v->s[v->p] == close) {
            v->p++;
            return 0;
        }
        for (;;) {
            if (c == '{') {
                v_ws(v);
                if (v->p >= v->n || v->s[v->p] != '"')
                    return v_fail(v, "expected a member name string");
                if (v_string(v) != 0)
                    return -1;
                v_ws(v);
                if (v->p >= v->n || v->s[v->p] != ':')
                    return v_fail(v, "expected ':' after a member name");
                v->p++;
            }
            if (v_value(v, depth + 1) != 0)
                return -1;
            v_ws(v);
            if (v->p >= v->n)
                return v_fail(v, "unexpected end of text");
            if (v->s[v->p] == ',') {
                v->p++;
                continue;
            }
            if (v->s[v->p] == close) {
                v->p++;
                return 0;
            }
            return v_fail(v, c == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
        }
    }
    if (c == '"')
        return v_string(v);
    if (c == '-' || (c >= '0' && c <= '9'))
        return v_number(v);
    if (c == 't')
        return v_literal(v, "true");
    if (c == 'f')
        return v_literal(v, "false");
    if (c == 'n')
        return v_literal(v, "null");
    return v_fail(v, "unexpected character");
}

int json_validate(const char* s, size_t n, size_t* where, const char** why)
{
    vstate_t v = { s, n, 0, NULL };
    int rc = v_value(&v, 0);
    if (rc == 0) {
        v_ws(&v);
        if (v.p != n)
            rc = v_fail(&v, "text after the value");
    }
    if (rc != 0) {
        if (where)
            *where = v.p;
        if (why)
            *why = v.why;
    }
    return rc;
}

/* ------------------------------------------------------------ lookups */

static size_t skip_ws(const json_doc_t* d, size_t p)
{
    while (p < d->n && is_ws(d->s[p]))
        p++;
    return p;
}

/* Offset just after the string starting at p (a quote); bounded by n. */
static size_t skip_string(const json_doc_t* d, size_t p)
{
    p++;
    while (p < d->n) {
        if (d->s[p] == '\\')
            p += 2;
        else if (d->s[p] == '"')
            return p + 1;
        else
            p++;
    }
    return d->n;
}

/* Offset just after the value starting at p; bounded by n. */
static size_t skip_value(const json_doc_t* d, size_t p)
{
    if (p >= d->n)
        return d->n;
    const char c = d->s[p];
    if (c == '"')
        return skip_string(d, p);
    if (c == '{' || c == '[') {
        size_t depth = 0;
        while (p < d->n) {
            const char x = d->s[p];
            if (x == '"') {
                p = skip_string(d, p);
                continue;
            }
            if (x == '{' || x == '[')
                depth++;
            else if (x == '}' || x == ']') {
                if (--depth == 0)
                    return p + 1;
            }
            p++;
        }
        return d->n;
    }
    while (p < d->n && !is_ws(d->s[p]) && d->s[p] != ',' && d->s[p] != ']' &&
           d->s[p] != '}')
        p++;
    return p;
}

size_t json_root(const json_doc_t* d) { return skip_ws(d, 0); }

json_type_t json_type(const json_doc_t* d, size_t pos)
{
    if (pos >= d->n)
        return JSON_INVALID;
    switch (d->s[pos]) {
    case '{':
        return JSON_OBJECT;
    case '[':
        return JSON_ARRAY;
    case '"':
        return JSON_STRING;
    case 't':
        return JSON_TRUE;
    case 'f':
        return JSON_FALSE;
    case 'n':
        return JSON_NULL;
    default:
        return (d->s[pos] == '-' || (d->s[pos] >= '0' && d->s[pos] <= '9'))
                   ? JSON_NUMBER
                   : JSON_INVALID;
    }
}

/* Does the string at p unescape to exactly key? */
static int string_equals(const json_doc_t* d, size_t p, const char* key)
{
    char buf[128];
    const size_t klen = strlen(key);
    if (klen >= sizeof buf)
        return 0;
    const size_t len = json_string(d, p, buf, sizeof buf);
    return len == klen && memcmp(buf, key, klen) == 0;
}

size_t json_get(const json_doc_t* d, size_t pos, const char* key)
{
    if (json_type(d, pos) != JSON_OBJECT)
        return 0;
    size_t p = skip_ws(d, pos + 1);
    while (p < d->n && d->s[p] == '"') {
        const int match = string_equals(d, p, key);
        p = skip_ws(d, skip_string(d, p));
        if (p >= d->n || d->s[p] != ':')
            return 0;
        p = skip_ws(d, p + 1);
        if (p >= d->n)
            return 0;
        if (match)
            return p;
        p = skip_ws(d, skip_value(d, p));
        if (p >= d->n || d->s[p] != ',')
            return 0;
        p = skip_ws(d, p + 1);
    }
    return 0;
}

size_t json_array_next(const json_doc_t* d, size_t pos, size_t* it)
{
    if (json_type(d, pos) != JSON_ARRAY)
        return 0;
    size_t p;
    if (*it == 0) {
        p = skip_ws(d, pos + 1);
    } else {
        p = skip_ws(d, skip_value(d, *it));
        if (p >= d->n || d->s[p] != ',')
            return *it = 0;
        p = skip_ws(d, p + 1);
    }
    if (p >= d->n || d->s[p] == ']')
        return *it = 0;
    return *it = p;
}

size_t json_array_len(const json_doc_t* d, size_t pos)
{
    size_t it = 0, n = 0;
    while (json_array_next(d, pos, &it))
        n++;
    return n;
}

int json_number(const json_doc_t* d, size_t pos, double* out)
{
    if (json_type(d, pos) != JSON_NUMBER)
        return -1;
    const size_t end = skip_value(d, pos);
    char buf[400];
    if (end - pos >= sizeof buf)
        return -1;
    memcpy(buf, d->s + pos, end - pos);
    buf[end - pos] = '\0';
    /* strtod follows LC_NUMERIC; JSON always uses '.' */
    const char dp = localeconv()->decimal_point[0];
    if (dp != '.') {
        char* dot = strchr(buf, '.');
        if (dot)
            *dot = dp;
    }
    char* stop = NULL;
    const double v = strtod(buf, &stop);
    if (stop != buf + (end - pos) || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int json_u64(const json_doc_t* d, size_t pos, uint64_t* out)
{
    if (pos >= d->n || d->s[pos] < '0' || d->s[pos] > '9')
        return -1;
    uint64_t v = 0;
    size_t p = pos;
    for (; p < d->n && d->s[p] >= '0' && d->s[p] <= '9'; p++) {
        const unsigned dig = (unsigned)(d->s[p] - '0');
        if (v > (UINT64_MAX - dig) / 10)
            return -1;
        v = v * 10 + dig;
    }
    if (p < d->n && (d->s[p] == '.' || d->s[p] == 'e' || d->s[p] == 'E'))
        return -1;
    *out = v;
    return 0;
}

int json_bool(const json_doc_t* d, size_t pos, int* out)
{
    const json_type_t t = json_type(d, pos);
    if (t != JSON_TRUE && t != JSON_FALSE)
        return -1;
    *out = t == JSON_TRUE;
    return 0;
}

size_t json_string(const json_doc_t* d, size_t pos, char* out, size_t cap)
{
    if (json_type(d, pos) != JSON_STRING)
        return (size_t)-1;
    size_t p = pos + 1, len = 0, w = 0;
    int full = cap == 0;
    while (p < d->n && d->s[p] != '"') {
        unsigned char tmp[4];
        size_t k;
        if (d->s[p] == '\\' && p + 1 < d->n) {
            const char e = d->s[p + 1];
            unsigned cp;
            p += 2;
            switch (e) {
            case 'b':
                cp = '\b';
                break;
            case 'f':
                cp = '\f';
                break;
            case 'n':
                cp = '\n';
                break;
            case 'r':
                cp = '\r';
                break;
            case 't':
                cp = '\t';
                break;
            case 'u': {
                const long h = p + 4 <= d->n ? hex4(d->s + p) : -1;
                p += 4;
                cp = h < 0 ? 0xFFFD : (unsigned)h;
                if (cp >= 0xD800 && cp <= 0xDBFF && p + 6 <= d->n && d->s[p] == '\\' &&
                    d->s[p + 1] == 'u') {
                    const long lo = hex4(d->s + p + 2);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
                        p += 6;
                    }
                }
                if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
                    cp = 0xFFFD; /* lone surrogate, or NUL that would cut the text */
                break;
            }
            default:
                cp = (unsigned char)e; /* \" \\ \/ */
            }
            k = utf8_put(cp, tmp);
        } else {
            k = utf8_len((const unsigned char*)d->s + p, d->n - p);
            if (k == 0) {
                k = utf8_put(0xFFFD, tmp);
                p++;
            } else {
                memcpy(tmp, d->s + p, k);
                p += k;
            }
        }
        if (!full && w + k < cap) {
            memcpy(out + w, tmp, k);
            w += k;
        } else {
            full = 1;
        }
        len += k;
    }
    if (cap)
        out[w] = '\0';
    return len;
}

/* ------------------------------------------------------------ writer */

void json_put_string(FILE* fp, const char* s)
{
    const unsigned char* u = (const unsigned char*)s;
    const size_t n = strlen(s);
    fputc('"', fp);
    for (size_t i = 0; i < n;) {
        const unsigned char c = u[i];
        if (c == '"' || c == '\\') {
            fputc('\\', fp);
            fputc(c, fp);
            i++;
        } else if (c < 0x20) {
            fprintf(fp, "\\u%04x", c);
            i++;
        } else {
            const size_t k = utf8_len(u + i, n - i);
            if (k == 0) {
                fputs("\xEF\xBF\xBD", fp);
                i++;
            } else {
                fwrite(u + i, 1, k, fp);
                i += k;
            }
        }
    }
    fputc('"', fp);
}

void json_put_double(FILE* fp, double v)
{
    if (!isfinite(v)) {
        fputs("null", fp);
        return;
    }
    char buf[64];
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        snprintf(buf, sizeof buf, "%.17g", v);
        const char dp = localeconv()->decimal_point[0];
        for (char* c = buf; *c; c++)
            if (*c == dp)
                *c = '.';
    }
    fputs(buf, fp);
}
