/* Fuzz harness: stftc_mask_create with random mask and transform
 * configurations, frames through process(), the external-mask path, the
 * runtime setters and set_config with a second random configuration.
 * Checks: check and create agree; refusals carry a message; with finite,
 * bounded input the gains are finite and in [floor, 1] (1 under bypass);
 * a refused set_config changes nothing. The look-ahead fill gives floor
 * gains even under bypass (its output is zeros).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_config.h"

/* frames: process() calls since create/reset (the first delay() frames
 * are look-ahead fill: zero output, floor gains, even under bypass) */
static void check_gains(const stftc_mask_t* m, const float* g, size_t bins, size_t frames)
{
    const stftc_mask_config_t* c = stftc_mask_config(m);
    const float floor_gain = (float)pow(10.0, c->floor_db / 20.0);
    for (size_t i = 0; i < bins; i++) {
        fz_assert(isfinite(g[i]), "finite gain for finite input");
        fz_assert(g[i] <= 1.0f + 1e-6f, "gain <= 1");
        /* KNOWN (reported): the line-bin blend g + w (floor - g) rounds a
         * floor below ~-140 dB (1e-7, under float's epsilon) to 0 */
        if (c->floor_db >= -120.0)
            fz_assert(g[i] >= floor_gain * (1.0f - 1e-5f), "gain >= floor");
        else
            fz_assert(g[i] >= 0.0f, "gain >= 0");
        if (c->bypass && frames > stftc_mask_delay(m))
            fz_assert(g[i] == 1.0f, "bypass gives gain 1");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fz_t f = { data, size };
    const stftc_stft_config_t s = fz_stft_config(&f);
    const stftc_mask_config_t mc = fz_mask_config(&f);
    if (!fz_estimator_cheap(&mc, &s))
        return 0;
    stftc_error_t e1, e2;
    const int rc = stftc_mask_config_check(&mc, &s, &e1);
    stftc_mask_t* m = stftc_mask_create(&mc, &s, &e2);
    if (rc != STFTC_OK) {
        fz_check_refusal(rc, &e1, "mask_config_check");
        fz_check_refusal(e2.code, &e2, "mask_create");
        fz_assert(!m, "create refuses what the check refuses");
        return 0;
    }
    fz_assert(m != NULL, "create accepts what the check accepts");
    const size_t bins = stftc_mask_bins(m);
    if (!fz_runnable(&s)) {
        stftc_mask_destroy(m);
        return 0;
    }
    float* in = malloc(2 * bins * sizeof *in);
    float* out = malloc(2 * bins * sizeof *out);
    float* gain = malloc(bins * sizeof *gain);
    float* pw = malloc(bins * sizeof *pw);
    if (!in || !out || !gain || !pw)
        goto done;
    int poisoned = 0; /* non-finite input seen: no claims on the output */
    size_t processed = 0;
    const size_t nframes = 1 + fz_u8(&f) % 48;
    for (size_t k = 0; k < nframes; k++) {
        const int raw = fz_u8(&f) >= 240;
        poisoned |= raw;
        fz_samples(&f, in, 2 * bins, raw);
        const uint8_t op = fz_u8(&f);
        if (op < 200) {
            stftc_mask_process(m, in, out, gain);
            processed++;
            if (!poisoned)
                check_gains(m, gain, bins, processed);
        } else if (op < 215) {
            fz_samples(&f, gain, bins, fz_u8(&f) >= 128);
            stftc_mask_apply_external(m, in, gain, out);
        } else if (op < 225) {
            for (size_t i = 0; i < bins; i++)
                pw[i] = in[2 * i] * in[2 * i] + in[2 * i + 1] * in[2 * i + 1];
            stftc_mask_compute(m, in, pw, gain);
            if (!poisoned)
                check_gains(m, gain, bins, SIZE_MAX);
        } else if (op < 235) {
            stftc_mask_config_t next = fz_mask_config(&f);
            if (fz_u8(&f) < 128) { /* keep the constructor-only fields */
                const stftc_mask_config_t* cur = stftc_mask_config(m);
                next.type = cur->type;
                next.sample_rate = cur->sample_rate;
                next.noise_window = cur->noise_window;
                next.region_time = cur->region_time;
                next.region_freq = cur->region_freq;
                next.lookahead = cur->lookahead;
                next.presence = cur->presence;
            }
            const stftc_mask_config_t before = *stftc_mask_config(m);
            stftc_error_t e;
            const int r = stftc_mask_set_config(m, &next, &e);
            if (r != STFTC_OK) {
                fz_check_refusal(r, &e, "mask_set_config");
                fz_assert(memcmp(&before, stftc_mask_config(m), sizeof before) == 0,
                          "refused set_config changes nothing");
            }
        } else if (op < 245) {
            stftc_error_t e;
            const double v = fz_double(&f, -200.0, 100.0);
            const int r = (op & 1) ? stftc_mask_set_threshold_db(m, v, &e)
                                   : stftc_mask_set_floor_db(m, v, &e);
            if (r != STFTC_OK)
                fz_check_refusal(r, &e, "mask setter");
        } else if (op < 250) {
            double b[8];
            const size_t nb = fz_u8(&f) % 5;
            const double fs = stftc_mask_config(m)->sample_rate;
            for (size_t i = 0; i < 2 * nb; i++)
                b[i] = fz_double(&f, -fs / 2, fs / 2);
            stftc_error_t e;
            const int r = stftc_mask_set_bands(m, b, nb, fz_u8(&f) % 3, &e);
            if (r != STFTC_OK)
                fz_check_refusal(r, &e, "mask_set_bands");
        } else if (op < 253) {
            stftc_mask_get_noise_floor(m, pw);
        } else {
            stftc_mask_reset(m);
            poisoned = 0;
            processed = 0;
        }
    }
done:
    free(in);
    free(out);
    free(gain);
    free(pw);
    stftc_mask_destroy(m);
    return 0;
}
