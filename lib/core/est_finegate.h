/* gr-stftclean C core: the support's fine time gate (not installed).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The support is decided on regions (16 ms by default for RF): long enough
 * to see a weak signal, but a strong burst lights the region around it, so
 * the support opens up to half a region before the burst and closes half a
 * region (plus the hang) after it. Band-limited noise is kept there: in a
 * spectrogram a halo around every message, and for a demodulator a stretch
 * of in-band noise glued to each message (on real captures it merged
 * messages 10 ms apart and broke their decoding).
 *
 * This stage cuts the halo at the scale of the signal. The support of a
 * decision is a set of runs of adjacent bins (circular for complex
 * spectra); runs of about one width apart by at most 4 times it form a group
 * (the two tones of an FSK signal: gated apart, each would come and go with
 * the bits). For each group and frame the mean a-posteriori SNR over its
 * bins is kept (the gamma rows of the region are kept to recompute it when
 * the support changes). Then, for
 * output frame o, with the frames of the region around it:
 *
 *  - a frame is detected when the group's mean SNR in that frame, or over it
 *    and its two neighbours, is above the noise level for a false-alarm rate
 *    of 1e-3 (a Gamma quantile with the degrees of freedom that the window's
 *    correlation leaves in n bins x m frames), and its excess over the noise
 *    is at least 10 % of the strongest frame's within a window length (else
 *    it is only a window's edge over a burst beside it);
 *  - frame o is kept when it is detected or in a gap of at most one window
 *    length between detected frames (bits, FSK tones and short dips do not
 *    close the gate);
 *  - otherwise o lies in a stretch of undetected frames. It stays open when
 *    the stretch's mean excess is at least 10 % of its detected neighbours'
 *    and above the noise level at the stretch's length (a weak signal that
 *    only the noise's peaks lift over the frame level now and then), or
 *    when the stretch's core (its frames more than a window length from any
 *    detected one) is above the noise level at the core's length (a weak
 *    signal nothing detects frame by frame). A stretch of noise alone is
 *    taken to the floor.
 *
 * A signal that never switches off is detected in every frame, or in its
 * stretches, and is left as it is. Nothing here allocates after init; the
 * work per frame is O(support bins), and per output frame O(1) for a group
 * without a strong frame in the region, else about O(frames looked at). */
#ifndef STFTCLEAN_EST_FINEGATE_H
#define STFTCLEAN_EST_FINEGATE_H

#include <stddef.h>
#include <stdint.h>

#define STFTC_FG_LAGS 16 /* lags of the noise correlation kept */
#define STFTC_FG_MAX_RUNS \
    64 /* runs gated per decision (wider supports: the rest as is) */

typedef struct {
    size_t bins, t_len; /* frames kept: t_len (the region) */
    size_t back, ahead; /* frames of the window before / after output frame */
    size_t margin;      /* frames of one window length (edges, gaps) */
    int circular;
    float* rows; /* t_len x bins: the gamma rows kept (a ring) */
    uint32_t run_k0[STFTC_FG_MAX_RUNS];
    uint32_t run_len[STFTC_FG_MAX_RUNS];
    size_t n_runs;
    /* groups of runs close in frequency (the tones of an FSK signal): runs
     * first[i] .. first[i + 1] - 1, gated together */
    uint32_t first[STFTC_FG_MAX_RUNS + 1];
    uint32_t grp_bins[STFTC_FG_MAX_RUNS];
    float thr1[STFTC_FG_MAX_RUNS], thr3[STFTC_FG_MAX_RUNS];
    size_t n_groups;
    float* s; /* STFTC_FG_MAX_RUNS x t_len: group mean SNR per frame (ring) */
    float strong[STFTC_FG_MAX_RUNS];                   /* the level of a strong frame */
    uint32_t n_strong[STFTC_FG_MAX_RUNS];              /* strong frames in the ring */
    uint8_t* det;                                      /* scratch: t_len */
    double rho_t[STFTC_FG_LAGS], rho_f[STFTC_FG_LAGS]; /* power correlation by lag */
    uint64_t frames;                                   /* rows seen */
    /* impulses: a cluster of detected frames shorter than a window, alone
     * in a window length of noise on both sides, whose mean SNR reaches
     * transient_level, takes the floor (stftc_fg_set_transients) */
    int transients;
    float transient_level;
} stftc_fg_t;

/* The sizes (no allocation; the state is zeroed): rho_t[j], rho_f[j] are
 * the correlations of cell powers j hops / j bins apart in white noise
 * (j < STFTC_FG_LAGS). */
void stftc_fg_setup(stftc_fg_t* g,
                    size_t bins,
                    size_t t_len,
                    size_t ahead,
                    size_t margin,
                    int circular,
                    const double* rho_t,
                    const double* rho_f);
/* The state for those sizes: 0 on success, -1 when out of memory. */
int stftc_fg_alloc(stftc_fg_t* g);
void stftc_fg_free(stftc_fg_t* g);
void stftc_fg_reset(stftc_fg_t* g);
/* impulses (on: 1) with their level (a mean SNR, linear) */
void stftc_fg_set_transients(stftc_fg_t* g, int on, float level);
/* frame t's gamma row (t = the frames seen so far) */
void stftc_fg_row(stftc_fg_t* g, const float* row);
/* a new decision: the support is where state[k] > 0 or state2[k] > 0
 * (state2 may be NULL) */
void stftc_fg_runs(stftc_fg_t* g, const float* state, const float* state2);
/* the last decision's support was empty */
static inline int stftc_fg_empty(const stftc_fg_t* g) { return g->n_runs == 0; }
/* some group holds a strong frame (else stftc_fg_apply changes nothing) */
int stftc_fg_active(const stftc_fg_t* g);
/* output frame o (o + ahead = the newest row): runs that hold only noise
 * around o take the gain fl */
void stftc_fg_apply(const stftc_fg_t* g, uint64_t o, float* gain, float fl);

#endif
