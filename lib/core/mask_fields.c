/* gr-stftclean C core: the table of mask parameters (mask_fields.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"

#include <stftclean/mask_fields.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFF(m) offsetof(stftc_mask_config_t, m)
#define ANY NAN, NAN

/* clang-format off */
static const stftc_mask_field_t fields[] = {
    { "mask", NULL, STFTC_MFIELD_TYPE, STFTC_MFIELD_ALL, OFF(type), "", ANY, 0,
      "none, threshold, band, gate, wiener, cfar or auto",
      "the mask: auto keeps what stands above the noise, steady or bursty" },
    { "sample_rate", "rate", STFTC_MFIELD_NUMBER, STFTC_MFIELD_ALL, OFF(sample_rate), "Hz",
      ANY, 0, "in [0.001, 1e12] Hz",
      "sample rate: maps bins to Hz and frames to seconds" },
    { "threshold_db", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ALL, OFF(threshold_db), "dB",
      -100.0, 100.0, 1, "in [-100, 100] dB",
      "threshold: keep bins this far above the frame median; gate: ramp centre" },
    { "floor_db", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ALL, OFF(floor_db), "dB",
      -200.0, 0.0, 1, "in [-200, 0] dB", "gain of rejected bins" },
    { "bands", NULL, STFTC_MFIELD_BANDS, STFTC_MFIELD_ALL, OFF(bands), "Hz", ANY, 1,
      "lo:hi pairs in Hz (complex: -fs/2..fs/2, real: 0..fs/2), at most 64",
      "band mask: the frequency ranges kept (or rejected)" },
    { "band_reject", "reject", STFTC_MFIELD_FLAG, STFTC_MFIELD_ALL, OFF(band_reject), "",
      ANY, 1, "0 or 1", "band mask: reject the bands instead of keeping them" },
    { "noise_window", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR,
      OFF(noise_window), "s", ANY, 0, "0 (auto: 2 s) or in [16 hops, 3600] s",
      "noise-floor window (minimum statistics)" },
    { "region_time", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(region_time),
      "s", ANY, 0, "0 (auto: 16 ms complex, 3 hops real) or 1 to 4097 hops",
      "pooling length of the decision region" },
    { "region_freq", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(region_freq),
      "Hz", ANY, 0, "0 (auto: 10 kHz, at least 3 bins) or 1 to 4097 bins",
      "pooling width of the decision region" },
    { "lookahead", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(lookahead), "s",
      ANY, 0, "< 0 (auto: half the region), 0 (causal) up to region_time - 1 hop",
      "look-ahead of the decisions (the output stays time-aligned)" },
    { "presence", NULL, STFTC_MFIELD_TRISTATE, STFTC_MFIELD_ESTIMATOR, OFF(presence), "",
      ANY, 0, "-1 (auto), 0 or 1",
      "auto: per-frame presence gating of bursty signals (auto: on for RF regions)" },
    { "pfa", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(pfa), "", 1e-12, 0.2,
      1, "in [1e-12, 0.2]", "cfar/auto false-alarm probability per cell" },
    { "hysteresis_db", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR,
      OFF(hysteresis_db), "dB", 0.0, 20.0, 1, "in [0, 20] dB",
      "cfar/auto: the support stays on down to this much less excess" },
    { "hang_time", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(hang_time), "s",
      ANY, 1, "< 0 (auto: the region) or in [0, 60] s",
      "cfar/auto: support hold after it drops" },
    { "gate_slope_db", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR,
      OFF(gate_slope_db), "dB", 0.1, 40.0, 1, "in [0.1, 40] dB",
      "gate: width of the gain ramp around threshold_db" },
    { "xi_min_db", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(xi_min_db), "dB",
      -60.0, 0.0, 1, "in [-60, 0] dB", "wiener/auto: a-priori SNR floor" },
    { "dd_alpha", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(dd_alpha), "",
      0.0, 0.999, 1, "in [0, 0.999]", "wiener/auto: decision-directed smoothing" },
    { "lines", NULL, STFTC_MFIELD_TRISTATE, STFTC_MFIELD_ESTIMATOR, OFF(lines), "", ANY,
      1, "-1 (auto: off), 0 or 1",
      "remove steady carriers (off by default: a carrier is signal)" },
    { "line_db", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(line_db), "dB",
      3.0, 60.0, 1, "in [3, 60] dB", "lines: a line's floor above its neighbourhood" },
    { "impulse", NULL, STFTC_MFIELD_TRISTATE, STFTC_MFIELD_ESTIMATOR, OFF(impulse), "",
      ANY, 1, "-1 (auto: on for complex input), 0 or 1", "click blanking" },
    { "impulse_db", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(impulse_db),
      "dB", 1.0, 40.0, 1, "in [1, 40] dB", "frame mean SNR that marks a click" },
    { "smooth_time", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(smooth_time),
      "s", ANY, 1, "0 (off) or in [1 hop, 60] s", "gain smoothing time constant" },
    { "smooth_freq", NULL, STFTC_MFIELD_NUMBER, STFTC_MFIELD_ESTIMATOR, OFF(smooth_freq),
      "Hz", ANY, 1, "0 (off) or 1 to 4097 bins", "gain smoothing width" },
    { "bypass", NULL, STFTC_MFIELD_FLAG, STFTC_MFIELD_ALL, OFF(bypass), "", ANY, 1,
      "0 or 1", "gains 1 (the estimators keep tracking)" },
    { "dc", NULL, STFTC_MFIELD_TRISTATE, STFTC_MFIELD_ESTIMATOR, OFF(dc), "", ANY, 1,
      "-1 (auto: on for complex input), 0 or 1",
      "remove a DC offset (LO leakage) as a tracked mean" },
};
/* clang-format on */
#define N_FIELDS (sizeof fields / sizeof fields[0])

/* The mask kinds' names, by stftc_mask_type_t. */
static const char* const type_names[] = {
    [STFTC_MASK_NONE] = "none",     [STFTC_MASK_THRESHOLD] = "threshold",
    [STFTC_MASK_BAND] = "band",     [STFTC_MASK_GATE] = "gate",
    [STFTC_MASK_WIENER] = "wiener", [STFTC_MASK_CFAR] = "cfar",
    [STFTC_MASK_AUTO] = "auto",
};
#define N_TYPES (sizeof type_names / sizeof type_names[0])

const char* stftc_mask_type_name(stftc_mask_type_t type)
{
    if ((size_t)type < N_TYPES)
        return type_names[type];
    return "unknown";
}

int stftc_mask_parse_type(const char* text, stftc_mask_type_t* type, stftc_error_t* err)
{
    if (text) {
        for (size_t i = 0; i < N_TYPES; i++) {
            const char* name = type_names[i];
            size_t j = 0;
            while (name[j] && text[j] && tolower((unsigned char)text[j]) == name[j])
                j++;
            if (!name[j] && !text[j]) {
                *type = (stftc_mask_type_t)i;
                stftc_ok(err);
                return STFTC_OK;
            }
        }
    }
    return stftc_fail(err,
                      STFTC_ERR_INVALID_ARG,
                      "mask: unknown mask '%s' (allowed: none, threshold, band, gate, "
                      "wiener, cfar, auto)",
                      text ? text : "(null)");
}

int stftc_mask_parse_bands(const char* text,
                           double* bands,
                           size_t* nbands,
                           stftc_error_t* err)
{
    size_t n = 0;
    const char* p = text;
    if (!text || !bands || !nbands)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "bands: no text given");
    while (*p) {
        if (n >= STFTC_MASK_MAX_BANDS)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "bands: at most %d ranges",
                              STFTC_MASK_MAX_BANDS);
        char* end;
        errno = 0;
        const double lo = strtod(p, &end);
        if (end == p || *end != ':' || errno)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "bands: expected 'lo:hi[,lo:hi...]' in Hz, got '%s'",
                              text);
        p = end + 1;
        const double hi = strtod(p, &end);
        if (end == p || (*end != ',' && *end != '\0') || errno)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "bands: expected 'lo:hi[,lo:hi...]' in Hz, got '%s'",
                              text);
        bands[2 * n] = lo;
        bands[2 * n + 1] = hi;
        n++;
        if (*end == ',' && end[1] == '\0')
            return stftc_fail(
                err,
                STFTC_ERR_INVALID_ARG,
                "bands: expected 'lo:hi[,lo:hi...]' in Hz, got '%s' (trailing comma)",
                text);
        p = *end ? end + 1 : end;
    }
    *nbands = n;
    stftc_ok(err);
    return STFTC_OK;
}


size_t stftc_mask_field_count(void) { return N_FIELDS; }

const stftc_mask_field_t* stftc_mask_field_at(size_t i)
{
    return i < N_FIELDS ? &fields[i] : NULL;
}

/* a == b with '-' and '_' alike; n characters of a (b whole) */
static int same_name(const char* a, size_t n, const char* b)
{
    if (!b || strlen(b) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];
        if (x != y)
            return 0;
    }
    return 1;
}

static const stftc_mask_field_t* find_n(const char* name, size_t n)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (same_name(name, n, fields[i].name) || same_name(name, n, fields[i].alias))
            return &fields[i];
    return NULL;
}

const stftc_mask_field_t* stftc_mask_field_find(const char* name)
{
    return name ? find_n(name, strlen(name)) : NULL;
}

static double* dbl(stftc_mask_config_t* c, const stftc_mask_field_t* f)
{
    return (double*)((char*)c + f->offset);
}

static int* integer(stftc_mask_config_t* c, const stftc_mask_field_t* f)
{
    return (int*)((char*)c + f->offset);
}

double stftc_mask_field_get(const stftc_mask_config_t* c, const stftc_mask_field_t* f)
{
    stftc_mask_config_t* m = (stftc_mask_config_t*)c; /* read only */
    switch (f->kind) {
    case STFTC_MFIELD_TYPE:
        return (double)c->type;
    case STFTC_MFIELD_BANDS:
        return (double)c->nbands;
    case STFTC_MFIELD_NUMBER:
        return *dbl(m, f);
    default:
        return (double)*integer(m, f);
    }
}

int stftc_mask_field_set(stftc_mask_config_t* c,
                         const stftc_mask_field_t* f,
                         double value,
                         stftc_error_t* err)
{
    switch (f->kind) {
    case STFTC_MFIELD_NUMBER:
        *dbl(c, f) = value;
        return STFTC_OK;
    case STFTC_MFIELD_TRISTATE:
        if (value != -1.0 && value != 0.0 && value != 1.0)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "%s: must be -1 (auto), 0 (off) or 1 (on), got %g",
                              f->name,
                              value);
        *integer(c, f) = (int)value;
        return STFTC_OK;
    case STFTC_MFIELD_FLAG:
        if (value != 0.0 && value != 1.0)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "%s: must be 0 (off) or 1 (on), got %g",
                              f->name,
                              value);
        *integer(c, f) = (int)value;
        return STFTC_OK;
    default:
        return stftc_fail(
            err, STFTC_ERR_INVALID_ARG, "%s: is not a number (give it as text)", f->name);
    }
}

static int word_is(const char* t, const char* const* words)
{
    for (; *words; words++)
        if (!strcmp(t, *words))
            return 1;
    return 0;
}

static const char* const on_words[] = { "1", "on", "true", "yes", NULL };
static const char* const off_words[] = { "0", "off", "false", "no", NULL };
static const char* const auto_words[] = { "-1", "auto", NULL };

int stftc_mask_field_parse(stftc_mask_config_t* c,
                           const stftc_mask_field_t* f,
                           const char* text,
                           stftc_error_t* err)
{
    if (!c || !f || !text)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "mask: no field or text given");
    switch (f->kind) {
    case STFTC_MFIELD_TYPE:
        return stftc_mask_parse_type(text, &c->type, err);
    case STFTC_MFIELD_BANDS:
        if (!*text) {
            c->nbands = 0;
            return STFTC_OK;
        }
        return stftc_mask_parse_bands(text, c->bands, &c->nbands, err);
    case STFTC_MFIELD_NUMBER: {
        char* end;
        errno = 0;
        const double v = strtod(text, &end);
        if (end == text || *end != '\0' || errno == ERANGE)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "%s: must be a number%s%s, got '%s'",
                              f->name,
                              *f->unit ? " in " : "",
                              f->unit,
                              text);
        *dbl(c, f) = v;
        return STFTC_OK;
    }
    case STFTC_MFIELD_TRISTATE:
        if (word_is(text, auto_words))
            *integer(c, f) = -1;
        else if (word_is(text, on_words))
            *integer(c, f) = 1;
        else if (word_is(text, off_words))
            *integer(c, f) = 0;
        else
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "%s: must be auto, on or off, got '%s'",
                              f->name,
                              text);
        return STFTC_OK;
    case STFTC_MFIELD_FLAG:
        if (word_is(text, on_words))
            *integer(c, f) = 1;
        else if (word_is(text, off_words))
            *integer(c, f) = 0;
        else
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "%s: must be on or off, got '%s'",
                              f->name,
                              text);
        return STFTC_OK;
    }
    return stftc_fail(err, STFTC_ERR_INVALID_ARG, "%s: unknown field kind", f->name);
}

static int is_sep(char ch)
{
    return ch == ',' || ch == ';' || isspace((unsigned char)ch);
}

static int is_key_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '-';
}

/* Does a new "key=" start at p (after separators)? */
static int key_follows(const char* p)
{
    while (*p && is_sep(*p))
        p++;
    if (!*p)
        return 1; /* the end: the value ends too */
    const char* k = p;
    while (is_key_char(*p))
        p++;
    const char* e = p;
    while (*p == ' ' || *p == '\t')
        p++;
    return e > k && *p == '=';
}

#define ARG_VALUE_MAX 2048

int stftc_mask_config_parse_args(stftc_mask_config_t* c,
                                 const char* args,
                                 stftc_error_t* err)
{
    if (!c)
        return stftc_fail(err, STFTC_ERR_INVALID_ARG, "args: no configuration");
    if (!args)
        return STFTC_OK;
    stftc_mask_config_t next = *c;
    const char* p = args;
    for (;;) {
        while (*p && is_sep(*p))
            p++;
        if (!*p)
            break;
        const char* key = p;
        while (is_key_char(*p))
            p++;
        const size_t klen = (size_t)(p - key);
        while (*p == ' ' || *p == '\t')
            p++;
        if (klen == 0 || *p != '=')
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "args: expected key=value pairs, got '%.60s'",
                              key);
        const stftc_mask_field_t* f = find_n(key, klen);
        if (!f) {
            char known[160] = "";
            size_t used = 0;
            for (size_t i = 0; i < N_FIELDS; i++) {
                const size_t need = strlen(fields[i].name) + 2;
                if (used + need + 5 >= sizeof known) {
                    snprintf(known + used, sizeof known - used, ", ...");
                    break;
                }
                used += (size_t)snprintf(known + used,
                                         sizeof known - used,
                                         "%s%s",
                                         i ? ", " : "",
                                         fields[i].name);
            }
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "args: unknown key '%.*s' (keys: %s)",
                              (int)(klen > 40 ? 40 : klen),
                              key,
                              known);
        }
        const char* v = ++p;
        const char* end = v;
        while (*end && !(is_sep(*end) && key_follows(end)))
            end++;
        p = end;
        /* trim white space and trailing separators of the value */
        while (end > v && is_sep(end[-1]))
            end--;
        while (v < end && isspace((unsigned char)*v))
            v++;
        char value[ARG_VALUE_MAX];
        const size_t n = (size_t)(end - v);
        if (n >= sizeof value)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "%s: value longer than %d characters",
                              f->name,
                              ARG_VALUE_MAX - 1);
        memcpy(value, v, n);
        value[n] = '\0';
        const int rc = stftc_mask_field_parse(&next, f, value, err);
        if (rc != STFTC_OK)
            return rc;
    }
    *c = next;
    stftc_ok(err);
    return STFTC_OK;
}

/* The shortest %g form of v that reads back as v. */
static void exact_number(double v, char* out, size_t len)
{
    if (v == floor(v) && fabs(v) < 1e15) { /* whole numbers as such */
        snprintf(out, len, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, len, "%.*g", prec, v);
        if (strtod(out, NULL) == v || isnan(v))
            return;
    }
}

/* appends to buf like snprintf, counting what would be needed */
static void put(char* buf, size_t len, size_t* at, const char* text)
{
    const size_t n = strlen(text);
    if (*at < len) {
        const size_t room = len - *at - 1;
        memcpy(buf + *at, text, n < room ? n : room);
        buf[*at + (n < room ? n : room)] = '\0';
    }
    *at += n;
}

size_t stftc_mask_config_format(const stftc_mask_config_t* c, char* buf, size_t len)
{
    size_t at = 0;
    char num[40];
    if (buf && len)
        buf[0] = '\0';
    else
        len = 0;
    for (size_t i = 0; i < N_FIELDS; i++) {
        const stftc_mask_field_t* f = &fields[i];
        if (i)
            put(buf, len, &at, " ");
        put(buf, len, &at, f->name);
        put(buf, len, &at, "=");
        const double v = stftc_mask_field_get(c, f);
        switch (f->kind) {
        case STFTC_MFIELD_TYPE:
            put(buf, len, &at, stftc_mask_type_name(c->type));
            break;
        case STFTC_MFIELD_BANDS:
            for (size_t b = 0; b < c->nbands && b < STFTC_MASK_MAX_BANDS; b++) {
                if (b)
                    put(buf, len, &at, ",");
                exact_number(c->bands[2 * b], num, sizeof num);
                put(buf, len, &at, num);
                put(buf, len, &at, ":");
                exact_number(c->bands[2 * b + 1], num, sizeof num);
                put(buf, len, &at, num);
            }
            break;
        case STFTC_MFIELD_TRISTATE:
            put(buf, len, &at, v < 0 ? "auto" : v > 0 ? "on" : "off");
            break;
        case STFTC_MFIELD_FLAG:
            put(buf, len, &at, v != 0 ? "on" : "off");
            break;
        case STFTC_MFIELD_NUMBER:
            exact_number(v, num, sizeof num);
            put(buf, len, &at, num);
            break;
        }
    }
    return at;
}

int stftc_mask_fields_check(const stftc_mask_config_t* c,
                            stftc_mfield_scope_t scope,
                            stftc_error_t* err)
{
    for (size_t i = 0; i < N_FIELDS; i++) {
        const stftc_mask_field_t* f = &fields[i];
        if (f->scope != scope)
            continue;
        const double v = stftc_mask_field_get(c, f);
        int ok = 1;
        if (f->kind == STFTC_MFIELD_NUMBER && !isnan(f->lo))
            ok = isfinite(v) && v >= f->lo && v <= f->hi;
        else if (f->kind == STFTC_MFIELD_TRISTATE)
            ok = v == -1.0 || v == 0.0 || v == 1.0;
        else if (f->kind == STFTC_MFIELD_FLAG)
            ok = v == 0.0 || v == 1.0;
        if (!ok)
            return stftc_fail(err,
                              STFTC_ERR_INVALID_ARG,
                              "%s: must be %s, got %g",
                              f->name,
                              f->range,
                              v);
    }
    return STFTC_OK;
}
