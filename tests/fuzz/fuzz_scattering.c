/* Fuzz harness: stftc_scattering_create with random configurations, then
 * samples through process() in random chunks. Checks: create agrees with
 * config_check (refusals carry a message, the same one); T and stride also
 * come in seconds (T_s, stride_s), alone or next to the sample counts; the
 * coefficient table is consistent (order 0 first, order 1 ascending, every
 * order-2 parent an order-1 entry with a wider band, decimations powers of
 * two dividing the stride), count_for() gives its size without it and
 * every coefficient has a distinct name;
 * process() writes what frames_for() promised and samples_for() agrees;
 * the stream ends with flush() (what flush_frames() promised, within its
 * bound, nothing left after) or reset(); with finite, bounded samples every
 * coefficient is finite (and >= 0 without log); with raw float bits (NaN,
 * Inf, huge) nothing crashes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_config.h"

#include <stftclean/scattering.h>

/* blocks at most this long are run (the larger ones are only created) */
#define FZ_MAX_RUN_BLOCK ((size_t)1 << 15)
/* valid configs with a longer T are only checked: their blocks of 2^17
 * samples and more take a second each to create under the sanitizers (the
 * budget refusal of huge ones is checked by the core tests) */
#define FZ_MAX_CREATE_T ((size_t)1 << 9)

static stftc_scattering_config_t fz_scattering_config(fz_t* f)
{
    stftc_scattering_config_t c = stftc_scattering_config_default();
    c.sample_type = fz_u8(f) & 1 ? STFTC_REAL : STFTC_COMPLEX;
    c.sample_rate = fz_double(f, 1.0, 1e7);
    c.J = fz_size(f, 1, 7);
    c.Q1 = fz_size(f, 1, 12);
    c.Q2 = fz_size(f, 1, 4);
    c.max_order = fz_u8(f) == 255 ? 3 : 1 + (fz_u8(f) & 1);
    const uint8_t t = fz_u8(f);
    c.T = t < 64 ? 0 : t < 200 ? fz_size(f, 2, 256) : fz_size(f, 0, 1 << 21);
    const uint8_t st = fz_u8(f);
    c.stride = st < 128 ? 0 : fz_size(f, 0, 300);
    c.oversampling = (int)(fz_u8(f) % 9) - 1;
    c.log = fz_u8(f) % 5 == 0 ? 1 : (fz_u8(f) == 255 ? 2 : 0);
    c.log_eps = fz_double(f, 1e-12, 1.0);
    c.plan = fz_u8(f) == 255 ? (stftc_plan_t)3 : STFTC_PLAN_ESTIMATE;
    /* seconds: mostly in range, sometimes next to T / stride or out of it */
    const uint8_t sec = fz_u8(f);
    if (sec & 1)
        c.T_s = fz_double(f, -2.0, 300.0) / c.sample_rate;
    if (sec & 2)
        c.stride_s = fz_double(f, -1.0, 300.0) / c.sample_rate;
    if ((sec & 12) == 12)
        c.T_s = NAN;
    return c;
}

static void check_table(const stftc_scattering_t* s)
{
    const size_t cnt = stftc_scattering_count(s), n1 = stftc_scattering_order1_count(s);
    const size_t stride = stftc_scattering_stride(s);
    const stftc_scattering_coef_t* co = stftc_scattering_coefs(s);
    fz_assert(cnt >= 1 + n1 && n1 >= 1, "count covers orders 0 and 1");
    fz_assert(co[0].order == 0 && co[0].parent == -1, "order 0 first");
    for (size_t i = 0; i < cnt; i++) {
        const char* n = stftc_scattering_name(s, i);
        fz_assert(n && n[0] == 's' && n[1] == '0' + co[i].order, "name spells the order");
        fz_assert(i == 0 || strcmp(stftc_scattering_name(s, i - 1), n) != 0,
                  "neighbours have distinct names");
    }
    fz_assert(stftc_scattering_name(s, cnt) == NULL, "no name past the count");
    for (size_t i = 1; i < cnt; i++) {
        const stftc_scattering_coef_t* c = &co[i];
        fz_assert(c->decim >= 1 && (c->decim & (c->decim - 1)) == 0 &&
                      stride % c->decim == 0,
                  "decimation a power of two dividing the stride");
        fz_assert(c->sigma > 0 && c->bw_hz > 0 && isfinite(c->xi_hz), "widths");
        if (i <= n1) {
            fz_assert(c->order == 1 && c->parent == -1, "order 1 block");
            fz_assert(i == 1 || co[i - 1].xi_hz < c->xi_hz, "order 1 ascending");
        } else {
            fz_assert(c->order == 2, "order 2 block");
            fz_assert(c->parent >= 1 && (size_t)c->parent <= n1, "parent is order 1");
            fz_assert(c->xi_hz < co[c->parent].bw_hz, "only paths below the band");
            fz_assert(c->decim >= co[c->parent].decim, "decimation grows");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fz_t f = { data, size };
    const stftc_scattering_config_t c = fz_scattering_config(&f);
    stftc_error_t e1, e2;
    const int rc = stftc_scattering_config_check(&c, &e1);
    /* T in samples, for a valid config (J then at most 16) */
    if (rc == STFTC_OK &&
        (c.T            ? (double)c.T
         : c.T_s != 0.0 ? floor(c.T_s * c.sample_rate + 0.5)
                        : (double)((size_t)1 << c.J)) > (double)FZ_MAX_CREATE_T)
        return 0;
    stftc_scattering_t* s = stftc_scattering_create(&c, &e2);
    if (rc != STFTC_OK) {
        fz_check_refusal(rc, &e1, "scattering_config_check");
        fz_assert(!s, "create refuses what the check refuses");
        fz_check_refusal(e2.code, &e2, "scattering_create");
        fz_assert(strcmp(e1.msg, e2.msg) == 0, "same message from check and create");
        return 0;
    }
    if (!s) {
        fz_check_refusal(e2.code, &e2, "scattering_create");
        fz_assert(e2.code == STFTC_ERR_NOMEM || e2.code == STFTC_ERR_INVALID_ARG,
                  "create refuses only sizes past the limits");
        return 0;
    }
    check_table(s);
    fz_assert(stftc_scattering_count_for(&c, &e1) == stftc_scattering_count(s),
              "count_for() is the count of the object");
    const size_t cnt = stftc_scattering_count(s), blk = stftc_scattering_block(s);
    if (blk > FZ_MAX_RUN_BLOCK) {
        stftc_scattering_destroy(s);
        return 0;
    }
    const int raw = fz_u8(&f) >= 224, cplx = c.sample_type == STFTC_COMPLEX;
    const size_t spf = cplx ? 2 : 1;
    const size_t total = blk + stftc_scattering_hop(s) * (1 + fz_u8(&f) % 3);
    float* x = malloc(total * spf * sizeof *x);
    const size_t hop = stftc_scattering_hop(s), fpb = hop / stftc_scattering_stride(s);
    float* out = malloc((total / hop + 2) * fpb * cnt * sizeof *out);
    if (!x || !out)
        goto done;
    fz_samples(&f, x, total * spf, raw);
    const size_t stride = stftc_scattering_stride(s);
    const size_t bound =
        (blk - stftc_scattering_support(s) - 2) / stride + 1; /* flush_frames() */
    for (int pass = 0; pass < 2; pass++) { /* flush() or reset(): a new stream */
        size_t pos = 0;
        /* a stream shorter than a block now and then: flush() before any
         * frame came out */
        const size_t len = fz_u8(&f) < 32 ? total % blk : total;
        while (pos < len) {
            size_t k = 1 + (fz_u8(&f) * (size_t)97) % len;
            if (k > len - pos)
                k = len - pos;
            const size_t need = stftc_scattering_samples_for(s, 1);
            fz_assert(stftc_scattering_frames_for(s, need) >= 1 &&
                          stftc_scattering_frames_for(s, need - 1) == 0,
                      "samples_for(1) is where the next frames come");
            const size_t want = stftc_scattering_frames_for(s, k);
            const size_t got = stftc_scattering_process(s, x + pos * spf, k, out);
            fz_assert(got == want, "process writes what frames_for promised");
            for (size_t i = 0; !raw && i < got * cnt; i++)
                fz_assert(isfinite(out[i]) && (c.log || out[i] >= -1e-3f),
                          "finite coefficients for finite samples");
            pos += k;
        }
        if (pass == 0) {
            const size_t fl = stftc_scattering_flush_frames(s);
            fz_assert(fl <= bound, "flush_frames() within its bound");
            fz_assert(stftc_scattering_flush(s, out) == fl,
                      "flush writes flush_frames()");
            for (size_t i = 0; !raw && i < fl * cnt; i++)
                fz_assert(isfinite(out[i]) && (c.log || out[i] >= -1e-3f),
                          "finite flushed coefficients for finite samples");
            fz_assert(stftc_scattering_flush_frames(s) == 0, "nothing left after flush");
        } else {
            stftc_scattering_reset(s);
        }
    }
done:
    free(x);
    free(out);
    stftc_scattering_destroy(s);
    return 0;
}
