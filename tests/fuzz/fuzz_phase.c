/* Fuzz harness: the phase reconstruction creates (offline stftc_phase,
 * streaming stftc_rtpghi and stftc_rtisila) with random framings and
 * parameters, then a few magnitude frames through each. Checks: refusals
 * carry a message naming a field; bins and latency as documented
 * (L - H + lookahead H); the offline signal length (F - 1) H + L; reports
 * no more iterations than asked (a progress callback may stop early);
 * finite, bounded magnitudes give finite output and phases.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "fuzz_config.h"

#define FZ_MAX_PHASE_FRAMES 16
#define FZ_MAX_PHASE_ITERS 8

static int stop_at(void* user, size_t iter, double sc_db)
{
    (void)sc_db;
    return iter >= *(const size_t*)user;
}

static size_t frame_len(const stftc_stft_config_t* s)
{
    return s->window_len ? s->window_len : s->fft_size;
}

static void run_offline(fz_t* f, const stftc_stft_config_t* s)
{
    stftc_phase_config_t c = stftc_phase_config_default();
    c.stft = *s;
    c.max_frames = fz_size(f, 1, FZ_MAX_PHASE_FRAMES);
    c.iterations = fz_size(f, 0, FZ_MAX_PHASE_ITERS);
    c.momentum = fz_double(f, 0.0, 1.5);
    c.init = (stftc_phase_init_t)(fz_u8(f) % 5); /* 4: unknown */
    c.seed = fz_u64(f);
    c.sc_tolerance_db = fz_u8(f) < 200 ? -INFINITY : fz_double(f, -100.0, 0.0);
    c.pghi_tol = fz_double(f, 1e-12, 0.5);
    c.method = (stftc_phase_method_t)(fz_u8(f) % 8); /* 7: unknown */
    c.hybrid_method = (stftc_phase_method_t)(fz_u8(f) % 8);
    c.hybrid_fgla = fz_size(f, 0, FZ_MAX_PHASE_ITERS);
    c.raar_beta = fz_double(f, 0.0, 1.2);
    c.dm_beta = fz_double(f, 0.0, 2.2);
    c.admm_rho = fz_double(f, -0.5, 10.0);
    c.agla_gamma = fz_double(f, 0.0, 2.2);
    size_t stop = fz_u8(f) % (FZ_MAX_PHASE_ITERS + 4);
    if (fz_u8(f) < 64) {
        c.progress = stop_at;
        c.progress_user = &stop;
    }
    /* a valid but huge spectrogram (max_frames x bins up to 2^31
     * coefficients, ~40 bytes each) is the caller's choice, not a fuzz
     * finding: skipped; past 2^31 it must be refused before allocating */
    const size_t bins_guess =
        s->sample_type == STFTC_REAL ? s->fft_size / 2 + 1 : s->fft_size;
    if (c.max_frames <= ((size_t)1 << 30) && bins_guess <= ((size_t)1 << 31) &&
        c.max_frames * bins_guess > ((size_t)1 << 22) &&
        c.max_frames * bins_guess <= (size_t)INT32_MAX)
        return;
    stftc_error_t e;
    stftc_phase_t* ph = stftc_phase_create(&c, &e);
    if (!ph) {
        fz_check_refusal(e.code, &e, "phase_create");
        return;
    }
    const size_t bins = stftc_phase_bins(ph);
    const size_t spf = s->sample_type == STFTC_COMPLEX ? 2 : 1;
    const size_t l = frame_len(s);
    fz_assert(bins ==
                  (s->sample_type == STFTC_COMPLEX ? s->fft_size : s->fft_size / 2 + 1),
              "phase bins");
    if (s->fft_size > FZ_MAX_RUN_FFT || c.max_frames > FZ_MAX_PHASE_FRAMES ||
        c.iterations > FZ_MAX_PHASE_ITERS) {
        stftc_phase_destroy(ph);
        return;
    }
    const size_t nf = 1 + fz_u8(f) % c.max_frames;
    const size_t len = stftc_phase_signal_len(ph, nf);
    fz_assert(len == (nf - 1) * s->hop + l, "signal length (F - 1) H + L");
    const int raw = fz_u8(f) >= 232;
    float* mag = malloc(nf * bins * sizeof *mag);
    float* phase = malloc(nf * bins * sizeof *phase);
    float* y = malloc(len * spf * sizeof *y);
    if (!mag || !phase || !y)
        goto out;
    fz_power(f, mag, nf * bins, raw);
    for (size_t i = 0; i < nf * bins; i++)
        phase[i] = (float)(fz_u8(f) % 64) * 0.1f;
    /* known cells: one in four marked, on some inputs */
    uint8_t* known = fz_u8(f) < 96 ? malloc(nf * bins) : NULL;
    for (size_t i = 0; known && i < nf * bins; i++)
        known[i] = (fz_u8(f) & 3) == 0;
    stftc_phase_result_t res;
    const int rc =
        stftc_phase_reconstruct_known(ph, mag, nf, phase, known, y, NULL, &res);
    free(known);
    if (rc != STFTC_OK) {
        fz_assert(raw, "reconstruct refuses only hostile magnitudes");
        goto out;
    }
    fz_assert(res.iterations <= c.iterations, "no more iterations than asked");
    if (!raw) {
        for (size_t i = 0; i < len * spf; i++)
            fz_assert(isfinite(y[i]), "finite signal for finite magnitudes");
        fz_assert(stftc_phase_pghi(ph, mag, nf, phase) == STFTC_OK, "pghi");
        for (size_t i = 0; i < nf * bins; i++)
            fz_assert(isfinite(phase[i]), "finite PGHI phases");
    }
out:
    free(mag);
    free(phase);
    free(y);
    stftc_phase_destroy(ph);
}

/* Streams nf frames through a streaming object: process(frames, out). */
static void run_stream(fz_t* f, const stftc_stft_config_t* s, int which)
{
    stftc_error_t e;
    stftc_rtpghi_t* rt = NULL;
    stftc_rtisila_t* rs = NULL;
    size_t bins, lat, la;
    if (which == 0) {
        stftc_rtpghi_config_t c = stftc_rtpghi_config_default();
        c.stft = *s;
        c.lookahead = (int)(fz_u8(f) % 4) - (fz_u8(f) == 255); /* 2, 3, -1: bad */
        c.tol = fz_double(f, 1e-9, 0.5);
        rt = stftc_rtpghi_create(&c, &e);
        if (!rt) {
            fz_check_refusal(e.code, &e, "rtpghi_create");
            return;
        }
        bins = stftc_rtpghi_bins(rt);
        lat = stftc_rtpghi_latency(rt);
        la = (size_t)c.lookahead;
    } else {
        stftc_rtisila_config_t c = stftc_rtisila_config_default();
        c.stft = *s;
        c.lookahead = fz_size(f, 0, 17);
        c.iterations = fz_size(f, 0, FZ_MAX_PHASE_ITERS);
        c.tol = fz_double(f, 1e-9, 0.5);
        rs = stftc_rtisila_create(&c, &e);
        if (!rs) {
            fz_check_refusal(e.code, &e, "rtisila_create");
            return;
        }
        bins = stftc_rtisila_bins(rs);
        lat = stftc_rtisila_latency(rs);
        la = c.lookahead;
        if (c.iterations > FZ_MAX_PHASE_ITERS)
            goto out_early;
    }
    fz_assert(bins ==
                  (s->sample_type == STFTC_COMPLEX ? s->fft_size : s->fft_size / 2 + 1),
              "stream bins");
    fz_assert(lat == frame_len(s) - s->hop + la * s->hop, "latency L - H + lookahead H");
    if (s->fft_size > FZ_MAX_RUN_FFT)
        goto out_early;
    {
        const size_t spf = s->sample_type == STFTC_COMPLEX ? 2 : 1;
        const size_t nf = 1 + fz_u8(f) % 24;
        const int raw = fz_u8(f) >= 232;
        float* mag = malloc(nf * bins * sizeof *mag);
        float* y = malloc(nf * s->hop * spf * sizeof *y);
        float* coefs = malloc(nf * bins * 2 * sizeof *coefs);
        if (mag && y && coefs) {
            fz_power(f, mag, nf * bins, raw);
            size_t k = 0;
            while (k < nf) {
                size_t chunk = 1 + fz_u8(f) % 4;
                if (chunk > nf - k)
                    chunk = nf - k;
                int rc;
                const float* o = y + k * s->hop * spf;
                size_t no = chunk * s->hop * spf;
                if (rt && fz_u8(f) < 64) {
                    rc = stftc_rtpghi_process_frames(rt, mag + k * bins, chunk, coefs);
                    o = coefs;
                    no = chunk * bins * 2;
                } else if (rt) {
                    rc = stftc_rtpghi_process(
                        rt, mag + k * bins, chunk, y + k * s->hop * spf);
                } else {
                    rc = stftc_rtisila_process(
                        rs, mag + k * bins, chunk, y + k * s->hop * spf);
                }
                fz_assert(rc == STFTC_OK || raw, "stream process");
                for (size_t i = 0; rc == STFTC_OK && !raw && i < no; i++)
                    fz_assert(isfinite(o[i]), "finite stream output for finite input");
                k += chunk;
            }
        }
        free(mag);
        free(y);
        free(coefs);
    }
out_early:
    stftc_rtpghi_destroy(rt);
    stftc_rtisila_destroy(rs);
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fz_t f = { data, size };
    const uint8_t which = fz_u8(&f) % 3;
    stftc_stft_config_t s = fz_stft_config(&f);
    if (s.fft_size > 256 && fz_u8(&f) < 192)
        s.fft_size = 256 + s.fft_size % 64; /* mostly small: phase is costly */
    if (which == 0)
        run_offline(&f, &s);
    else
        run_stream(&f, &s, which - 1);
    return 0;
}
