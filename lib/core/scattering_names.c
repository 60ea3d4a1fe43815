/* gr-stftclean C core: names of the scattering coefficients.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scheme is stated at stftc_scattering_name() in
 * include/stftclean/scattering.h. */
#include "scattering_internal.h"

#include <math.h>
#include <stdio.h>
#include <stftclean/vmath.h>
#include <string.h>

#define HZ_LEN 32 /* "%+.12g" (at most 19 characters), a prefix, "Hz" */
#define NAME_LEN (2 * HZ_LEN + 8)
#define MIN_DIGITS 3
#define MAX_DIGITS 12

/* hz as "%g" with a k or M prefix, then "Hz"; signed: a leading + or - */
static void fmt_hz(char* buf, size_t len, double hz, int sign, int digits)
{
    const double a = fabs(hz);
    const double unit = a >= 1e6 ? 1e6 : a >= 1e3 ? 1e3 : 1.0;
    const char* pre = a >= 1e6 ? "M" : a >= 1e3 ? "k" : "";
    snprintf(buf, len, sign ? "%+.*g%sHz" : "%.*g%sHz", digits, hz / unit, pre);
}

/* Whether every name is distinct at these digits. Formatting keeps the
 * order of the values (within a sign and a prefix, and the prefixes apart),
 * and order 1 is ascending, each parent's order-2 children too: so equal
 * names can only be neighbours there. */
static int distinct(const stftc_scattering_coef_t* co, size_t count, int digits)
{
    char a[HZ_LEN], b[HZ_LEN];
    for (size_t i = 2; i < count; i++) {
        const stftc_scattering_coef_t *p = &co[i - 1], *q = &co[i];
        if (p->order != q->order || q->order == 0 || p->parent != q->parent)
            continue;
        fmt_hz(a, sizeof a, p->xi_hz, q->order == 1, digits);
        fmt_hz(b, sizeof b, q->xi_hz, q->order == 1, digits);
        if (strcmp(a, b) == 0)
            return 0;
    }
    return 1;
}

int scat_names_build(const stftc_scattering_coef_t* co, size_t count, char*** out)
{
    char** names = stftc_alloc(count * (sizeof(char*) + NAME_LEN));
    if (!names)
        return STFTC_ERR_NOMEM;
    char* text = (char*)(names + count);
    int digits = MIN_DIGITS;
    while (digits < MAX_DIGITS && !distinct(co, count, digits))
        digits++;
    char f1[HZ_LEN], f2[HZ_LEN];
    for (size_t i = 0; i < count; i++) {
        char* n = text + i * NAME_LEN;
        names[i] = n;
        if (co[i].order == 0) {
            snprintf(n, NAME_LEN, "s0");
        } else if (co[i].order == 1) {
            fmt_hz(f1, sizeof f1, co[i].xi_hz, 1, digits);
            snprintf(n, NAME_LEN, "s1_%s", f1);
        } else {
            fmt_hz(f1, sizeof f1, co[co[i].parent].xi_hz, 1, digits);
            fmt_hz(f2, sizeof f2, co[i].xi_hz, 0, digits);
            snprintf(n, NAME_LEN, "s2_%s_%s", f1, f2);
        }
    }
    *out = names;
    return STFTC_OK;
}
