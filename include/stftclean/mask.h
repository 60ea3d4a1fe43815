/* gr-stftclean C core: per-frame time-frequency mask stage.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mask object reads one analysis frame (complex bins and their power
 * |X|^2) and writes one real gain per bin in [floor, 1]. Estimators are
 * plugged in through an internal table of operations (see lib/core/mask.c);
 * each type has its own fields in stftc_mask_config_t. */
#ifndef STFTCLEAN_MASK_H
#define STFTCLEAN_MASK_H

#include <stftclean/common.h>
#include <stftclean/stft.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    STFTC_MASK_NONE = 0,  /* all gains 1: perfect reconstruction */
    STFTC_MASK_THRESHOLD, /* keep bins whose power >= frame median + threshold_db */
    STFTC_MASK_BAND,      /* keep (or reject) frequency ranges given in Hz */
    STFTC_MASK_GATE,      /* spectral gating: soft ramp on the pooled a-posteriori
                             SNR around threshold_db (width gate_slope_db) */
    STFTC_MASK_WIENER,    /* decision-directed Wiener gain per cell */
    STFTC_MASK_CFAR,      /* 2-D CFAR support (pooled region), binary gain */
    STFTC_MASK_AUTO       /* recommended for RF: CFAR support ("where") times a
                             Wiener gain from the pooled SNR ("how much") */
} stftc_mask_type_t;

/* The estimators gate, wiener, cfar and auto share one front end:
 *  - a per-bin noise floor from minimum statistics with bias compensation
 *    over noise_window seconds, on decimated super-frames (16 per window);
 *  - a-posteriori SNR gamma = |X|^2 / floor per cell;
 *  - stationary lines (CW carriers) with lines = 1 (off by default: a
 *    carrier is signal): bins whose floor stands line_db above both sides of
 *    their neighbourhood get the floor gain and count as neutral (gamma = 1)
 *    for their neighbours;
 *  - impulsive frames (clicks): frames whose clipped mean gamma across the
 *    band jumps above impulse_db get the floor gain;
 *  - pooling of gamma over a region of region_time x region_freq (the newest
 *    frames up to lookahead after the output frame), CFAR threshold from pfa;
 *    with regions of 16 frames or more the support and gains are decided
 *    every region/16 frames and the time window is the region rounded up to
 *    whole decision steps (16 ms at 2 MS/s, hop 256: 125 frames, decided
 *    every 7, pooled over 126); auto also tests the same SNR over the few
 *    decision steps around the output frame (about 2 ms: 3 steps, 21
 *    frames there) with its own CFAR level, so that a burst far shorter
 *    than the region is found too;
 *  - hysteresis and hang time on the support, gain smoothing, floor, bypass.
 * Look-ahead delays the output by lookahead frames: stftc_mask_delay().
 *
 * Non-finite input (NaN/Inf samples from a flaky driver): the frames that
 * hold them come out non-finite, as they went in; every estimator state
 * takes them for plain noise. Once they are older than noise_window plus
 * twice region_time (and a few 20 ms level time constants), the output is
 * the one a run without them gives, to float rounding. A finite frame beyond
 * measure (a bin above 2^62, or a frame the cleaner scaled down because a
 * sample passed its range) is taken as plain noise the same way, so a 1e20
 * or 3e38 glitch leaves the state as a NaN burst does; its gains still
 * apply and its output stays finite (README, "Huge input and recovery"). */

#define STFTC_MASK_MAX_BANDS 64

typedef struct {
    stftc_mask_type_t type;
    double sample_rate;  /* Hz, > 0; maps bins to Hz for band masks */
    double threshold_db; /* -100..100 dB relative to the frame's median power */
    double floor_db;     /* -200..0 dB: gain of rejected bins is 10^(floor_db/20) */
    size_t nbands;       /* band: 1..STFTC_MASK_MAX_BANDS ranges */
    double bands[2 * STFTC_MASK_MAX_BANDS]; /* lo0, hi0, lo1, hi1, ... in Hz,
                                               relative to the centre for complex
                                               input (-fs/2..fs/2), 0..fs/2 real */
    int band_reject;                        /* 0: keep the listed bands, 1: reject them */

    /* estimator front end (constructor-only) */
    double noise_window; /* s, noise-floor window; 0 = auto (2 s); >= 8 hops */
    double region_time;  /* s, pooling length; 0 = auto (complex: 16 ms, at
                            least 1 hop; real: 3 hops) */
    double region_freq;  /* Hz, pooling width; 0 = auto (10 kHz, at least 3 bins) */
    double lookahead;    /* s, < 0 = auto (half the region), 0 = causal; at most
                            region_time - 1 hop */
    int presence;        /* auto: presence gating, -1 auto (on when the region
                            holds at least 64 cells: RF), 0 off, 1 on (needs
                            such a region); see below */
    /* runtime-settable estimator parameters */
    double pfa;           /* CFAR false-alarm probability per cell, 1e-12..0.2 */
    double hysteresis_db; /* support stays on down to this much less excess, 0..20 */
    double hang_time;     /* s, support hold after it drops; < 0 = auto (region) */
    double gate_slope_db; /* gate: ramp width around threshold_db, 0.1..40 dB */
    double xi_min_db;     /* Wiener a-priori SNR floor, -60..0 dB */
    double dd_alpha;      /* decision-directed smoothing, 0..0.999 */
    int lines;            /* stationary-line (carrier) suppression: -1 auto (off:
                             steady carriers are signal), 0 off, 1 on */
    double line_db;       /* line: floor above its neighbourhood, 3..60 dB */
    int impulse;          /* click blanking: -1 auto (on for complex), 0, 1 */
    double impulse_db;    /* frame mean SNR that marks a click, 1..40 dB */
    double smooth_time;   /* s, gain smoothing time constant; 0 = off */
    double smooth_freq;   /* Hz, gain smoothing width; 0 = off */
    int bypass;           /* 1: gains 1 (estimators keep tracking) */
    int dc;               /* DC offset removal (a constant complex value: the LO
                             leakage of zero-IF receivers) as a tracked mean:
                             -1 auto (on for complex input), 0 off, 1 on;
                             estimators only, not under bypass */
} stftc_mask_config_t;

/* Defaults: none, sample_rate 1, threshold 6 dB, floor -60 dB, no bands,
 * estimator fields auto (0 or -1), pfa 1e-8, hysteresis 3 dB, gate slope
 * 6 dB, xi_min -15 dB, dd_alpha 0.98, line_db 10, impulse_db 5, no
 * smoothing, no bypass, lines off, DC removal auto. */
stftc_mask_config_t stftc_mask_config_default(void);

/* Presence gating (auto). The pooled Wiener gain of a bin fits a signal that
 * is there all the time, like noise. Bursty modulations are not: FSK moves
 * between tones, OOK switches, so a bin of the support holds signal in some
 * frames and only noise in others. The region's mean of gamma^2 next to its
 * mean of gamma gives the signal's normalised fourth moment
 * k = E|S|^4 / (E|S|^2)^2 (2 for a Gaussian signal, 1 for a steady tone, 1/q
 * for one present a fraction q of the time). Where k exceeds 2.5 (fully from
 * 3.5), the bin's gain in each frame is scaled by min(1, gamma^2 / 4), that
 * frame's own evidence; a Gaussian-like signal (OFDM, noise-like) keeps the
 * plain Wiener gain. Audio's 3 x 3 region is too small for the moment test:
 * presence is off there (auto). The per-frame weights are computed only for
 * the bins of the support that the moment test gates. What it gains and
 * costs is measured by bench/stftclean_quality.py and
 * tests/cli/test_presence.py (numbers in the README, "Masks"). */

/* "none", "threshold", "band", "gate", "wiener", "cfar", "auto" -> type;
 * error names the field "mask". */
int stftc_mask_parse_type(const char* text, stftc_mask_type_t* type, stftc_error_t* err);
const char* stftc_mask_type_name(stftc_mask_type_t type);

/* Parse "lo:hi[,lo:hi...]" in Hz (e.g. "-30e3:30e3,100e3:150e3") into
 * bands/nbands; error names the field "bands". */
int stftc_mask_parse_bands(const char* text,
                           double* bands,
                           size_t* nbands,
                           stftc_error_t* err);

/* Validate a mask config against the transform it will run on. */
int stftc_mask_config_check(const stftc_mask_config_t* mcfg,
                            const stftc_stft_config_t* scfg,
                            stftc_error_t* err);

typedef struct stftc_mask stftc_mask_t;

stftc_mask_t* stftc_mask_create(const stftc_mask_config_t* mcfg,
                                const stftc_stft_config_t* scfg,
                                stftc_error_t* err);
void stftc_mask_destroy(stftc_mask_t* m);
void stftc_mask_reset(stftc_mask_t* m);
/* Back to the start of the stream, keeping what the estimator learnt of the
 * noise (floor, steady lines, level, DC offset): the second pass of a file
 * whose first seconds primed it (file mode, see stftc_cleaner_rewind). */
void stftc_mask_rewind(stftc_mask_t* m);
const stftc_mask_config_t* stftc_mask_config(const stftc_mask_t* m);
size_t stftc_mask_bins(const stftc_mask_t* m);

/* Frequency in Hz (relative to the centre) of bin index i in the configured
 * bin order. */
double stftc_mask_bin_hz(const stftc_mask_t* m, size_t i);

/* Frames of look-ahead: process() returns frame t - delay for input frame t
 * (zeros until then). 0 for none/threshold/band and causal estimators. */
size_t stftc_mask_delay(const stftc_mask_t* m);

/* Streaming: frame t in (bins complex, natural order of the configured
 * transform), frame t - delay out with the gains applied (bins_out, may not
 * alias bins_in); gain (may be NULL) receives the gains used. Allocation-free;
 * state carries across calls. */
void stftc_mask_process(stftc_mask_t* m,
                        const float* bins_in,
                        float* bins_out,
                        float* gain);

/* An external mask: bins_out = bins_in * clamp(gain, floor, 1) (or bins_in
 * unchanged under bypass). No delay, no state. */
void stftc_mask_apply_external(stftc_mask_t* m,
                               const float* bins_in,
                               const float* gain,
                               float* bins_out);

/* Gains for one frame from the stateless estimators (none, threshold, band):
 * bins and their power in, gains out (1 under bypass, as in process()). The
 * stateful ones (gate, wiener, cfar, auto) work only through process() and
 * give gains 1 here. Allocation-free. */
void stftc_mask_compute(stftc_mask_t* m,
                        const float* bins,
                        const float* power,
                        float* gain);

/* The noise floor the stateful estimators currently assume, per bin in
 * natural order (|X|^2 units: the minimum-statistics floor times the drift
 * correction), written to out (bins floats). STFTC_ERR_INVALID_ARG for the
 * stateless masks. */
int stftc_mask_get_noise_floor(const stftc_mask_t* m, float* out);

/* Replace the runtime-settable fields (threshold_db, floor_db, bands,
 * band_reject, pfa, hysteresis_db, hang_time, gate_slope_db, xi_min_db,
 * dd_alpha, lines, line_db, impulse, impulse_db, smooth_time, smooth_freq,
 * bypass) with those of next; the constructor-only fields of next (mask,
 * sample_rate, noise_window, region_time, region_freq, lookahead) must equal
 * the current ones. Checked first: on error nothing changes. */
int stftc_mask_set_config(stftc_mask_t* m,
                          const stftc_mask_config_t* next,
                          stftc_error_t* err);

/* Runtime setters (call from the processing thread, between frames). */
int stftc_mask_set_threshold_db(stftc_mask_t* m, double db, stftc_error_t* err);
int stftc_mask_set_floor_db(stftc_mask_t* m, double db, stftc_error_t* err);
int stftc_mask_set_bands(
    stftc_mask_t* m, const double* bands, size_t nbands, int reject, stftc_error_t* err);

#ifdef __cplusplus
}
#endif
#endif
