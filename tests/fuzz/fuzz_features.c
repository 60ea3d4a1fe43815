/* Fuzz harness: stftc_features_create with random configurations, then a
 * few power frames through process() and flush(). Checks: create agrees
 * with config_check (refusals carry a message); count() equals
 * config_count(); every entry has a name and none past the end; process()
 * returns a vector once the look-ahead (delay) has filled, flush() drains
 * exactly the frames still pending; with finite, bounded power every
 * feature is finite; with raw float bits (NaN, Inf) nothing crashes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_config.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fz_t f = { data, size };
    const stftc_features_config_t c = fz_features_config(&f);
    stftc_error_t e1, e2;
    const int rc = stftc_features_config_check(&c, &e1);
    stftc_features_t* ft = stftc_features_create(&c, &e2);
    if (rc != STFTC_OK) {
        fz_check_refusal(rc, &e1, "features_config_check");
        fz_assert(!ft, "create refuses what the check refuses");
        fz_check_refusal(e2.code, &e2, "features_create");
        fz_assert(strcmp(e1.msg, e2.msg) == 0, "same message from check and create");
        return 0;
    }
    if (!ft) {
        fz_check_refusal(e2.code, &e2, "features_create");
        fz_assert(e2.code == STFTC_ERR_NOMEM,
                  "create refuses only what the check refuses");
        return 0;
    }
    const size_t count = stftc_features_count(ft), bins = stftc_features_bins(ft);
    fz_assert(count == stftc_features_config_count(&c), "count == config_count");
    fz_assert(bins == (c.sample_type == STFTC_REAL ? c.fft_size / 2 + 1 : c.fft_size),
              "bins");
    for (size_t i = 0; i < count; i++) {
        const char* nm = stftc_features_name(ft, i);
        fz_assert(nm && nm[0] && strlen(nm) < STFTC_FEATURES_NAME_LEN, "entry names");
    }
    fz_assert(stftc_features_name(ft, count) == NULL, "no name past the end");
    const size_t delay = stftc_features_delay(ft);
    fz_assert(delay == (size_t)c.deltas * (c.deltas ? c.delta_width : 0), "delay");
    if (c.fft_size > FZ_MAX_RUN_FFT) {
        stftc_features_destroy(ft);
        return 0;
    }
    const int raw = fz_u8(&f) >= 224;
    const size_t frames = 1 + fz_u8(&f) % 24;
    float* p = malloc(bins * sizeof *p);
    float* out = malloc(count * sizeof *out);
    if (!p || !out)
        goto done;
    for (int pass = 0; pass < 2; pass++) { /* reset() starts a new stream */
        size_t got = 0;
        for (size_t t = 0; t < frames; t++) {
            fz_power(&f, p, bins, raw);
            const int r = stftc_features_process(ft, p, out);
            fz_assert(r == (t >= delay), "a vector once the look-ahead is full");
            got += (size_t)r;
            for (size_t i = 0; r && !raw && i < count; i++)
                fz_assert(isfinite(out[i]), "finite features for finite power");
        }
        while (stftc_features_flush(ft, out)) {
            got++;
            for (size_t i = 0; !raw && i < count; i++)
                fz_assert(isfinite(out[i]), "finite flushed features");
        }
        fz_assert(got == frames, "one vector per frame after flush");
        stftc_features_reset(ft);
    }
done:
    free(p);
    free(out);
    stftc_features_destroy(ft);
    return 0;
}
