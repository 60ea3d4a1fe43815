/* gr-stftclean C core: a cleaner's output aligned with its input
 * (aligned.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"

#include <stdlib.h>
#include <stftclean/aligned.h>
#include <stftclean/vmath.h>
#include <string.h>

#define ALIGNED_CHUNK 65536 /* samples per cleaner call at most */

struct stftc_aligned {
    stftc_cleaner_t* cl;
    size_t spf, hop, lat, chunk;
    float* pending; /* fewer than hop samples waiting for the rest of a hop */
    size_t npend;
    float* obuf;  /* chunk samples of cleaner output */
    float* zeros; /* chunk samples of zeros, for the flush */
    uint64_t in, produced;
};

stftc_aligned_t* stftc_aligned_create(stftc_cleaner_t* cl, stftc_error_t* err)
{
    if (!cl) {
        stftc_fail(err, STFTC_ERR_INVALID_ARG, "aligned: no cleaner given");
        return NULL;
    }
    stftc_aligned_t* a = calloc(1, sizeof *a);
    if (!a) {
        stftc_fail(err, STFTC_ERR_NOMEM, "aligned: cannot allocate the object");
        return NULL;
    }
    a->cl = cl;
    a->spf = stftc_cleaner_config(cl)->stft.sample_type == STFTC_COMPLEX ? 2 : 1;
    a->hop = stftc_cleaner_hop(cl);
    a->lat = stftc_cleaner_latency(cl);
    a->chunk = ALIGNED_CHUNK > a->hop ? ALIGNED_CHUNK / a->hop * a->hop : a->hop;
    a->pending = stftc_alloc(a->hop * a->spf * sizeof(float));
    a->obuf = stftc_alloc(a->chunk * a->spf * sizeof(float));
    a->zeros = stftc_alloc(a->chunk * a->spf * sizeof(float));
    if (!a->pending || !a->obuf || !a->zeros) {
        stftc_aligned_destroy(a);
        stftc_fail(err, STFTC_ERR_NOMEM, "aligned: cannot allocate the buffers");
        return NULL;
    }
    memset(a->zeros, 0, a->chunk * a->spf * sizeof(float));
    stftc_ok(err);
    return a;
}

void stftc_aligned_destroy(stftc_aligned_t* a)
{
    if (!a)
        return;
    stftc_free(a->pending);
    stftc_free(a->obuf);
    stftc_free(a->zeros);
    free(a);
}

void stftc_aligned_reset(stftc_aligned_t* a)
{
    a->npend = 0;
    a->in = a->produced = 0;
}

uint64_t stftc_aligned_samples_in(const stftc_aligned_t* a) { return a->in; }

/* aligned samples handed out once `produced` cleaner samples are out: those
 * past the latency, and never past the input */
static uint64_t aligned_at(const stftc_aligned_t* a, uint64_t produced, uint64_t in)
{
    const uint64_t past = produced > a->lat ? produced - a->lat : 0;
    return past < in ? past : in;
}

size_t stftc_aligned_out_count(const stftc_aligned_t* a, size_t n)
{
    const size_t take = (a->npend + n) / a->hop * a->hop;
    return (size_t)(aligned_at(a, a->produced + take, a->in + n) -
                    aligned_at(a, a->produced, a->in));
}

size_t stftc_aligned_flush_count(const stftc_aligned_t* a)
{
    return (size_t)(a->in - aligned_at(a, a->produced, a->in));
}

/* m samples (whole hops, at most chunk) through the cleaner; the aligned
 * ones, up to input sample a->in, go to out + *at */
static int run(stftc_aligned_t* a, const float* in, size_t m, float* out, size_t* at)
{
    const int rc = stftc_cleaner_process(a->cl, in, a->obuf, m);
    if (rc != STFTC_OK)
        return rc;
    const uint64_t lo = a->produced > a->lat ? a->produced : a->lat;
    uint64_t hi = a->produced + m;
    if (hi > a->in + a->lat)
        hi = a->in + a->lat;
    if (hi > lo) {
        const size_t k = (size_t)(hi - lo);
        memcpy(out + *at * a->spf,
               a->obuf + (size_t)(lo - a->produced) * a->spf,
               k * a->spf * sizeof(float));
        *at += k;
    }
    a->produced += m;
    return STFTC_OK;
}

int stftc_aligned_process(
    stftc_aligned_t* a, const float* in, size_t n, float* out, size_t* written)
{
    const size_t spf = a->spf, hop = a->hop;
    size_t at = 0, used = 0;
    int rc = STFTC_OK;
    a->in += n;
    if (a->npend > 0 && a->npend + n >= hop) { /* complete the pending hop */
        const size_t need = hop - a->npend;
        memcpy(a->pending + a->npend * spf, in, need * spf * sizeof(float));
        used = need;
        a->npend = 0;
        rc = run(a, a->pending, hop, out, &at);
    }
    while (rc == STFTC_OK && a->npend == 0 && n - used >= hop) {
        size_t m = (n - used) / hop * hop;
        if (m > a->chunk)
            m = a->chunk;
        rc = run(a, in + used * spf, m, out, &at);
        used += m;
    }
    if (rc == STFTC_OK && used < n) { /* fewer than a hop left */
        memcpy(a->pending + a->npend * spf,
               in + used * spf,
               (n - used) * spf * sizeof(float));
        a->npend += n - used;
    }
    if (written)
        *written = at;
    return rc;
}

int stftc_aligned_flush(stftc_aligned_t* a, float* out, size_t* written)
{
    const size_t spf = a->spf, hop = a->hop;
    size_t at = 0;
    int rc = STFTC_OK;
    if (a->npend > 0) { /* the pending samples, then zeros to a whole hop */
        memset(a->pending + a->npend * spf, 0, (hop - a->npend) * spf * sizeof(float));
        a->npend = 0;
        rc = run(a, a->pending, hop, out, &at);
    }
    /* zeros until the last input sample has come out */
    const uint64_t total = (a->in + a->lat + hop - 1) / hop * hop;
    while (rc == STFTC_OK && a->produced < total) {
        const uint64_t left = total - a->produced;
        rc = run(a, a->zeros, left < a->chunk ? (size_t)left : a->chunk, out, &at);
    }
    if (written)
        *written = at;
    stftc_aligned_reset(a);
    return rc;
}
