/* Fuzz harness: stftc_cleaner_create with random configurations, then
 * process() on whole hops (and a count that is not a multiple of the hop,
 * which must be refused), in place or not, with setters in between.
 * Checks: create agrees with the stft and mask checks; refusals carry a
 * message; with finite, bounded input the output and the last mask are
 * finite (reconstruction itself is checked by fuzz_stft).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_config.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fz_t f = { data, size };
    stftc_cleaner_config_t cc = stftc_cleaner_config_default();
    cc.stft = fz_stft_config(&f);
    cc.mask = fz_mask_config(&f);
    if (!fz_estimator_cheap(&cc.mask, &cc.stft))
        return 0;
    stftc_error_t e;
    stftc_cleaner_t* c = stftc_cleaner_create(&cc, &e);
    const int rc = stftc_mask_config_check(&cc.mask, &cc.stft, NULL);
    if (!c) {
        fz_check_refusal(e.code, &e, "cleaner_create");
        fz_assert(rc != STFTC_OK || e.code == STFTC_ERR_NOMEM || e.code == STFTC_ERR_FFTW,
                  "cleaner refuses only what the checks refuse");
        return 0;
    }
    fz_assert(rc == STFTC_OK, "cleaner accepts only what the checks accept");
    const size_t h = stftc_cleaner_hop(c);
    fz_assert(h == cc.stft.hop, "hop");
    if (!fz_runnable(&cc.stft)) {
        stftc_cleaner_destroy(c);
        return 0;
    }
    const size_t spf = cc.stft.sample_type == STFTC_COMPLEX ? 2 : 1;
    const size_t bins = stftc_cleaner_bins(c);
    fz_assert(stftc_cleaner_latency(c) >=
                  (cc.stft.window_len ? cc.stft.window_len : cc.stft.fft_size) - h,
              "latency at least L - H");
    const size_t nhops = 1 + fz_u8(&f) % 40;
    const size_t total = nhops * h;
    float* x = malloc((total * spf + 1) * sizeof *x);
    float* y = malloc((total * spf + 1) * sizeof *y);
    if (!x || !y)
        goto done;
    const int raw = fz_u8(&f) >= 240;
    fz_samples(&f, x, total * spf, raw);
    if (h > 1)
        fz_assert(stftc_cleaner_process(c, x, y, h - 1) == STFTC_ERR_INVALID_ARG,
                  "partial hop refused");
    size_t pos = 0;
    while (pos < total) {
        size_t k = 1 + fz_u8(&f) % 4;
        if (k * h > total - pos)
            k = (total - pos) / h;
        const uint8_t op = fz_u8(&f);
        if (op < 128) {
            memcpy(y + pos * spf, x + pos * spf, k * h * spf * sizeof *y);
            fz_assert(stftc_cleaner_process(c, y + pos * spf, y + pos * spf, k * h) ==
                          STFTC_OK,
                      "in-place process");
        } else {
            fz_assert(stftc_cleaner_process(c, x + pos * spf, y + pos * spf, k * h) ==
                          STFTC_OK,
                      "process");
        }
        pos += k * h;
        if (op >= 240) {
            stftc_error_t se;
            const double v = fz_double(&f, -200.0, 100.0);
            const int r = (op & 1) ? stftc_cleaner_set_threshold_db(c, v, &se)
                                   : stftc_cleaner_set_floor_db(c, v, &se);
            if (r != STFTC_OK)
                fz_check_refusal(r, &se, "cleaner setter");
        }
    }
    const float* lm = stftc_cleaner_last_mask(c);
    for (size_t i = 0; i < bins; i++)
        fz_assert(raw || isfinite(lm[i]), "last mask finite");
    if (!raw) {
        for (size_t t = 0; t < total * spf; t++)
            fz_assert(isfinite(y[t]), "finite output for finite input");
    }
done:
    free(x);
    free(y);
    stftc_cleaner_destroy(c);
    return 0;
}
