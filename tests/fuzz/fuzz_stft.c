/* Fuzz harness: stftc_stft_create / stftc_istft_create with random
 * configurations, then streaming analysis and synthesis of the remaining
 * bytes in random chunks. Checks: config_check and both creates agree; a
 * refusal names a field; frames_for() predicts process(); with the
 * analysis fed to the synthesis unchanged and finite input, the output is
 * finite and the input delayed by the latency (perfect reconstruction).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_config.h"

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fz_t f = { data, size };
    const stftc_stft_config_t c = fz_stft_config(&f);
    stftc_error_t e1, e2, e3;
    const int rc = stftc_stft_config_check(&c, &e1);
    stftc_stft_t* st = stftc_stft_create(&c, &e2);
    stftc_istft_t* it = stftc_istft_create(&c, &e3);
    if (rc != STFTC_OK) {
        fz_check_refusal(rc, &e1, "stft_config_check");
        fz_assert(!st && !it, "creates refuse what the check refuses");
        fz_check_refusal(e2.code, &e2, "stft_create");
        fz_check_refusal(e3.code, &e3, "istft_create");
        fz_assert(strcmp(e1.msg, e2.msg) == 0 && strcmp(e1.msg, e3.msg) == 0,
                  "same message from check and creates");
        return 0;
    }
    fz_assert(st && it, "creates accept what the check accepts");
    const size_t n = c.fft_size, l = c.window_len ? c.window_len : n, h = c.hop;
    const size_t spf = c.sample_type == STFTC_COMPLEX ? 2 : 1;
    const size_t bins = c.sample_type == STFTC_COMPLEX ? n : n / 2 + 1;
    fz_assert(stftc_stft_bins(st) == bins && stftc_istft_bins(it) == bins, "bins");
    fz_assert(stftc_stft_latency(st) == l - h && stftc_istft_latency(it) == l - h,
              "latency L - H");
    if (!fz_runnable(&c)) {
        stftc_stft_destroy(st);
        stftc_istft_destroy(it);
        return 0;
    }
    const int raw = fz_u8(&f) >= 224;
    const size_t total = (size_t)(fz_u8(&f) % 8) * h + fz_u8(&f) % 64 + 2 * l;
    float* x = calloc(total * spf + 1, sizeof *x);
    float* y = calloc((total + h) * spf + 1, sizeof *y);
    float* frames = malloc((total / h + 2) * bins * 2 * sizeof *frames);
    if (!x || !y || !frames)
        goto out;
    fz_samples(&f, x, total * spf, raw);
    size_t pos = 0, out_samples = 0;
    while (pos < total) {
        size_t chunk = 1 + fz_u8(&f) % (2 * h + 1);
        if (chunk > total - pos)
            chunk = total - pos;
        const size_t want = stftc_stft_frames_for(st, chunk);
        const size_t got = stftc_stft_process(st, x + pos * spf, chunk, frames);
        fz_assert(got == want, "frames_for predicts process");
        fz_assert(stftc_istft_process(it, frames, got, y + out_samples * spf) == STFTC_OK,
                  "istft_process");
        out_samples += got * h;
        pos += chunk;
    }
    fz_assert(out_samples == total / h * h, "one hop out per frame");
    if (!raw) {
        /* float rounding grows with the dual window's gain: scale the bound */
        const float* w = stftc_stft_window(st);
        const float* g = stftc_istft_dual_window(it);
        float wmax = 0.0f, gmax = 0.0f;
        for (size_t i = 0; i < l; i++) {
            wmax = fmaxf(wmax, fabsf(w[i]));
            gmax = fmaxf(gmax, fabsf(g[i]));
        }
        const float tol = 1e-5f * wmax * gmax * (float)((l + h - 1) / h) * 8.0f * 4.0f;
        const size_t lat = l - h;
        for (size_t t = 0; t < out_samples * spf; t++) {
            fz_assert(isfinite(y[t]), "finite output for finite input");
            const float ref = t >= lat * spf ? x[t - lat * spf] : 0.0f;
            fz_assert(fabsf(y[t] - ref) <= tol + 1e-5f, "perfect reconstruction");
        }
    }
out:
    free(x);
    free(y);
    free(frames);
    stftc_stft_destroy(st);
    stftc_istft_destroy(it);
    return 0;
}
