/* Random configurations for the core creates, drawn from the fuzzer's bytes:
 * mostly plausible (small transforms, so a run is fast), one field in eight
 * or so hostile.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_FUZZ_CONFIG_H
#define STFTCLEAN_FUZZ_CONFIG_H

#include "fuzz_common.h"

#include <stftclean/bursts.h>
#include <stftclean/cleaner.h>
#include <stftclean/features.h>
#include <stftclean/mask.h>
#include <stftclean/phase.h>
#include <stftclean/stft.h>

/* Largest transform whose frames a harness pushes through process(). */
#define FZ_MAX_RUN_FFT 1024

static inline stftc_stft_config_t fz_stft_config(fz_t* f)
{
    stftc_stft_config_t c = stftc_stft_config_default();
    c.fft_size = fz_size(f, 2, 512);
    c.window_len =
        fz_u8(f) < 160 ? 0 : fz_size(f, 1, c.fft_size < 1024 ? c.fft_size + 1 : 1024);
    const size_t l = c.window_len ? c.window_len : c.fft_size;
    c.hop = fz_size(f, 1, l < 1024 ? l + 1 : 1024);
    c.window.type = (stftc_window_type_t)(fz_u8(f) % 10); /* 8, 9: unknown */
    switch (c.window.type) {
    case STFTC_WIN_KAISER:
        c.window.param = fz_double(f, 0.0, 100.0);
        break;
    case STFTC_WIN_GAUSSIAN:
        c.window.param = fz_double(f, 0.01, 1.0);
        break;
    default:
        c.window.param = fz_u8(f) < 250 ? 0.0 : fz_double(f, -1.0, 1.0);
        break;
    }
    c.sample_type = (stftc_sample_t)(fz_u8(f) % 3); /* 2: unknown */
    c.centered = fz_u8(f) % 3;                      /* 2: invalid */
    const uint8_t p = fz_u8(f);
    c.plan = p == 255   ? STFTC_PLAN_MEASURE
             : p == 254 ? (stftc_plan_t)7
                        : STFTC_PLAN_ESTIMATE;
    return c;
}

static inline stftc_mask_config_t fz_mask_config(fz_t* f)
{
    stftc_mask_config_t m = stftc_mask_config_default();
    m.type = (stftc_mask_type_t)(fz_u8(f) % 8); /* 7: unknown */
    m.sample_rate = fz_double(f, 1e3, 4e6);
    const double fs = m.sample_rate;
    m.threshold_db = fz_double(f, -100.0, 100.0);
    m.floor_db = fz_double(f, -200.0, 0.0);
    m.nbands = fz_size(f, 0, 4);
    const size_t nb = m.nbands < STFTC_MASK_MAX_BANDS ? m.nbands : STFTC_MASK_MAX_BANDS;
    for (size_t i = 0; i < 2 * nb; i++)
        m.bands[i] = fz_double(f, -fs / 2, fs / 2);
    m.band_reject = fz_u8(f) % 3;
    m.noise_window = fz_u8(f) < 128 ? 0.0 : fz_double(f, 0.0, 10.0);
    m.region_time = fz_u8(f) < 128 ? 0.0 : fz_double(f, 0.0, 0.1);
    m.region_freq = fz_u8(f) < 128 ? 0.0 : fz_double(f, 0.0, fs / 10);
    m.lookahead = fz_u8(f) < 128 ? -1.0 : fz_double(f, 0.0, 0.05);
    m.pfa = fz_double(f, 1e-12, 0.2);
    m.hysteresis_db = fz_double(f, 0.0, 20.0);
    m.hang_time = fz_double(f, -1.0, 1.0);
    m.gate_slope_db = fz_double(f, 0.1, 40.0);
    m.xi_min_db = fz_double(f, -60.0, 0.0);
    m.dd_alpha = fz_double(f, 0.0, 0.999);
    m.lines = (int)(fz_u8(f) % 4) - 1; /* 2: invalid */
    m.line_db = fz_double(f, 3.0, 60.0);
    m.impulse = (int)(fz_u8(f) % 4) - 1;
    m.impulse_db = fz_double(f, 1.0, 40.0);
    m.smooth_time = fz_u8(f) < 128 ? 0.0 : fz_double(f, 0.0, 1.0);
    m.smooth_freq = fz_u8(f) < 128 ? 0.0 : fz_double(f, 0.0, fs / 10);
    m.bypass = fz_u8(f) % 3;
    m.presence = (int)(fz_u8(f) % 4) - 1; /* 2: invalid */
    return m;
}

/* The estimators' create costs time and memory in proportion to the frames
 * in a noise window (noise_window * sample_rate / hop). Above ~1e5 frames a
 * create takes too long for a fuzz iteration (see the reliability notes:
 * extreme hop/sample_rate/noise_window combinations are slow to create), so
 * the harnesses skip those. */
static inline int fz_estimator_cheap(const stftc_mask_config_t* m,
                                     const stftc_stft_config_t* s)
{
    if (m->type < STFTC_MASK_GATE || m->type > STFTC_MASK_AUTO)
        return 1;
    if (!(m->sample_rate > 0.0) || !isfinite(m->sample_rate) || s->hop == 0 ||
        s->hop > ((size_t)1 << 26))
        return 1; /* refused anyway */
    /* outside [STFTC_SAMPLE_RATE_MIN, STFTC_SAMPLE_RATE_MAX]: refused */
    if (m->sample_rate < STFTC_SAMPLE_RATE_MIN || m->sample_rate > STFTC_SAMPLE_RATE_MAX)
        return 1;
    const double hop_s = (double)s->hop / m->sample_rate;
    double nw = m->noise_window;
    if (nw == 0.0)
        nw = 2.0 > 64.0 * hop_s ? 2.0 : 64.0 * hop_s;
    if (!isfinite(nw) || nw < 0.0 || (m->noise_window != 0.0 && nw > 3600.0))
        return 1; /* refused anyway */
    return nw / hop_s <= 1e5;
}

/* Transforms small enough to run frames through. */
static inline int fz_runnable(const stftc_stft_config_t* s)
{
    return s->fft_size <= FZ_MAX_RUN_FFT;
}

static inline stftc_features_config_t fz_features_config(fz_t* f)
{
    stftc_features_config_t c = stftc_features_config_default();
    c.fft_size = fz_size(f, 4, 512);
    c.sample_type = (stftc_sample_t)(fz_u8(f) % 3); /* 2: unknown */
    c.centered = fz_u8(f) % 5 == 0 ? (int)(fz_u8(f) % 3) : 0;
    c.sample_rate = fz_double(f, 1e3, 4e6);
    const double fs = c.sample_rate;
    c.center_freq = fz_u8(f) < 128 ? 0.0 : fz_double(f, -1e9, 1e9);
    c.rolloff = fz_double(f, 0.0, 1.0);
    c.obw = fz_double(f, 0.0, 1.0);
    c.cepstrum = (stftc_ceps_t)(fz_u8(f) % 4); /* 3: unknown */
    c.mel_scale = (stftc_mel_scale_t)(fz_u8(f) % 3);
    c.n_filters = fz_size(f, 2, 64);
    c.n_ceps = fz_size(f, 1, 64);
    if (fz_u8(f) >= 128) {
        c.fmin = fz_double(f, -fs / 2, fs / 2);
        c.fmax = fz_double(f, -fs / 2, fs / 2);
    }
    c.lifter = fz_u8(f) < 160 ? 0.0 : fz_double(f, 0.0, 100.0);
    c.deltas = (int)(fz_u8(f) % 4) - (fz_u8(f) == 255); /* 3, -1: invalid */
    c.delta_width = fz_size(f, 1, 17);
    return c;
}

/* Power frames (>= 0, finite, quantised so that no feature overflows a
 * float) unless raw, then raw float bits. */
static inline void fz_power(fz_t* f, float* out, size_t n, int raw)
{
    for (size_t i = 0; i < n; i++) {
        if (raw) {
            const uint32_t b = fz_u32(f);
            memcpy(&out[i], &b, sizeof b);
        } else {
            out[i] = (float)fz_u8(f) / 16.0f;
        }
    }
}

/* Samples from the fuzzer's bytes: int8 scaled (finite, bounded) unless
 * raw is set, then raw float bits (NaN, Inf, huge). */
static inline void fz_samples(fz_t* f, float* out, size_t n, int raw)
{
    for (size_t i = 0; i < n; i++) {
        if (raw) {
            const uint32_t b = fz_u32(f);
            memcpy(&out[i], &b, sizeof b);
        } else {
            out[i] = (float)(int8_t)fz_u8(f) / 16.0f;
        }
    }
}

#endif
