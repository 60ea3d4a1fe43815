/* gr-stftclean C core: the k-th smallest of a set of floats (order
 * statistics of spectra: the threshold mask's median, the noise level's
 * quantile, the baseline's medians).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "select.h"

#include <stdint.h>
#include <string.h>

/* Three-way partition, so that runs of equal values (silence) stay linear
 * and NaNs cannot run off the ends. */
static float select_kth(float* a, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* search in [lo, hi) */
    while (hi - lo > 1) {
        const size_t mid = lo + (hi - lo) / 2;
        float x = a[lo], y = a[mid], z = a[hi - 1];
        float p = (x < y) ? ((y < z) ? y : ((x < z) ? z : x))
                          : ((x < z) ? x : ((y < z) ? z : y));
        size_t lt = lo, i = lo, gt = hi; /* [lo,lt) < p, [lt,i) == p, [gt,hi) > p */
        while (i < gt) {
            const float v = a[i];
            if (v < p) {
                a[i] = a[lt];
                a[lt] = v;
                lt++;
                i++;
            } else if (v > p) {
                gt--;
                a[i] = a[gt];
                a[gt] = v;
            } else {
                i++;
            }
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return p;
    }
    return a[lo];
}

float stftc_select_kth_inplace(float* a, size_t n, size_t k)
{
    return select_kth(a, n, k);
}

/* Order-preserving map of a float to an unsigned key (NaN sorts above +inf). */
static inline uint32_t float_key(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

/* k-th smallest of v[0..n) by radix selection: a counting pass over the
 * sign+exponent byte pair, then over the next 8 mantissa bits among the
 * candidates, then the three-way quickselect on the few left. Counting has no
 * data-dependent branches, which is what makes it fast on noisy spectra. The
 * first count goes to four histograms in turn: spectra fill few exponents,
 * and one histogram would chain every increment of a bucket on the previous
 * one. Only the buckets between the lowest and the highest key are cleared
 * and scanned. scratch holds n floats. */
float stftc_select_kth(const float* v, size_t n, size_t k, float* scratch)
{
    uint32_t lo = 511, hi = 0;
    for (size_t i = 0; i < n; i++) {
        const uint32_t d = float_key(v[i]) >> 23;
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    if (n == 0)
        return 0.0f;
    uint32_t count[4][512];
    for (int j = 0; j < 4; j++)
        memset(&count[j][lo], 0, (hi - lo + 1) * sizeof count[0][0]);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        count[0][float_key(v[i]) >> 23]++;
        count[1][float_key(v[i + 1]) >> 23]++;
        count[2][float_key(v[i + 2]) >> 23]++;
        count[3][float_key(v[i + 3]) >> 23]++;
    }
    for (; i < n; i++)
        count[0][float_key(v[i]) >> 23]++;
    uint32_t d1 = lo;
    size_t below = 0;
    for (;;) { /* ends at hi at the latest: the counts sum to n > k */
        const size_t c =
            (size_t)count[0][d1] + count[1][d1] + count[2][d1] + count[3][d1];
        if (below + c > k)
            break;
        below += c;
        d1++;
    }
    size_t m = 0;
    for (i = 0; i < n; i++) {
        scratch[m] = v[i];
        m += (float_key(v[i]) >> 23) == d1;
    }
    k -= below;
    uint32_t* c2 = count[0];
    memset(c2, 0, 256 * sizeof c2[0]);
    for (i = 0; i < m; i++)
        c2[(float_key(scratch[i]) >> 15) & 0xFFu]++;
    uint32_t d2 = 0;
    below = 0;
    while (below + c2[d2] <= k)
        below += c2[d2++];
    size_t r = 0;
    for (i = 0; i < m; i++) {
        const float x = scratch[i];
        scratch[r] = x;
        r += ((float_key(x) >> 15) & 0xFFu) == d2;
    }
    return select_kth(scratch, r, k - below);
}
