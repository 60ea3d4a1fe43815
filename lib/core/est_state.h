/* gr-stftclean C core: the state of the stateful estimator and the
 * functions its stages share (not installed; estimator.h is its face).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_EST_STATE_H
#define STFTCLEAN_EST_STATE_H

#include "est_baseline.h"
#include "est_finegate.h"
#include "internal.h"

#include <stdint.h>
#include <stftclean/mask.h>

#define STFTC_EST_SLOTS 16       /* super-frames per noise window */
#define STFTC_EST_WARM_RUNS 64   /* most warm-up runs before the first super-frame */
#define STFTC_EST_LINE_SIDE 16   /* line test: neighbourhood bins per side */
#define STFTC_EST_LINE_GAP 2     /* ... skipping this many next to the bin */
#define STFTC_EST_GAMMA_CAP 1e4f /* a-posteriori SNR cap (40 dB) */
#define STFTC_EST_DC_HALF 16     /* DC removal: most lobe bins per side */
#define STFTC_EST_WARM_LEN 8     /* frames per warm-up run */
#define STFTC_EST_LEVEL_STRIDE 4 /* the level samples every this many bins */
#define STFTC_EST_LEVEL_EVERY 8  /* frames between level updates */
#define STFTC_EST_NOISE_TINY 1e-30f
/* A frame with a bin component above this (2^62) is beyond measure:
 * its power, or a sum of a few, would overflow float. The state takes it
 * as plain noise, as a non-finite frame. */
#define STFTC_EST_BIN_LIMIT 4.611686018427387904e18f

/* The per-bin kernels of the stages run once per frame (or decision step)
 * over every bin. They are plain loops written so that GCC vectorises them,
 * compiled twice (AVX2 and the baseline) and picked at load time: a portable
 * build that still uses the wide units where the CPU has them. The gamma
 * pass (the hottest) is written with vector extensions and compiled three
 * times like the frame-path kernels (STFTC_VHOT, vext.h); the others stay
 * at two copies: with an AVX-512 copy each they measured slower overall. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define STFTC_HOT __attribute__((target_clones("avx2", "default")))
#else
#define STFTC_HOT
#endif

typedef struct stftc_est {
    /* geometry */
    size_t bins, n, hop;
    int is_cplx;
    double fs, hop_s, bin_hz;

    /* resolved sizes (frames / bins) */
    size_t sf_len;       /* frames per super-frame */
    size_t region_t;     /* T */
    size_t region_f;     /* F (odd) */
    size_t delay;        /* D <= T - 1 */
    size_t hang_frames;  /* hold of the support */
    size_t decide_every; /* support and gains decided every this many frames */
    size_t max_click;    /* longest run of broadband frames taken as a click */
    size_t smooth_bins;  /* half width of the gain smoothing box, 0 = off */
    float smooth_alpha;  /* gain EMA weight of the new frame, 1 = off */

    /* derived thresholds */
    float eta_on, eta_off;    /* CFAR on/off levels of the pooled SNR */
    float gate_lo, gate_hi;   /* gate ramp ends (linear SNR) */
    float xi_min, dd_alpha;   /* Wiener */
    float floor_gain;         /* 10^(floor_db/20) */
    float line_factor;        /* 10^(line_db/10) */
    float imp_thr, imp_alpha; /* impulse level, baseline EMA weight */
    int lines_on, impulse_on, bypass;
    double c_t1, c_f1; /* dof reduction per frame / per bin (for pfa) */

    /* noise-floor tracker */
    float* acc; /* bins: power summed over the current super-frame */
    size_t acc_n;
    float* slots; /* STFTC_EST_SLOTS x bins: super-frame means */
    size_t slots_filled, slot_next;
    float* tfloor; /* bins: bias-compensated floor of minimum statistics */
    float* noise;  /* bins: the floor used: tfloor under the baseline across
                      frequency (est_baseline.h) */
    float* inv_noise;
    stftc_baseline_t bl;
    uint8_t* occupied; /* bins: the baseline capped the floor (a steady signal) */
    float* gmu;        /* bins: auto's gain law xi / (xi + mu), mu per bin */
    uint32_t* lvl_idx; /* the level's sample: every LEVEL_STRIDE-th bin that
                          is not occupied */
    size_t n_lvl;
    double bias[STFTC_EST_SLOTS + 1];
    /* warm-up, before the first super-frame: minimum over short runs */
    float* warm_acc;
    float* warm_min;
    size_t warm_len; /* frames per warm-up run */
    size_t warm_n, warm_runs;
    double warm_bias[STFTC_EST_WARM_RUNS + 1];
    /* stationarity of line candidates: the minimum over the super-frame of
     * the power summed over runs of WARM_LEN frames (differences of acc) */
    float* run_snap;    /* bins: acc at the last run boundary */
    float* run_min;     /* bins: smallest run sum so far in this super-frame */
    uint8_t* is_line;   /* bins */
    float* line_w;      /* bins: 1.0 on lines, else 0.0 (branch-free loops) */
    uint32_t* line_idx; /* the line bins, n_lines of them (sparse passes) */
    size_t n_lines;

    /* pooling. The time sum over the region is kept per decision step: part
     * sums the gamma rows of the current step, pring holds the last
     * n_blocks step sums and tsum their total. Steps end at the frames whose
     * output frame is decided, so tsum is exact when it is read. */
    size_t win_t;      /* frames pooled in time: n_blocks x decide_every >= T */
    size_t n_blocks;   /* steps in the window */
    uint64_t blocks;   /* steps closed so far */
    float* part;       /* bins: gamma summed over the current step */
    float* pring;      /* n_blocks x bins: step sums */
    float* row1;       /* bins: the new frame's gamma (when rows are not kept) */
    int keep_rows;     /* Wiener: every frame's gamma row is kept for output */
    float* gring;      /* T x bins: gamma rows (keep_rows only, else NULL) */
    uint8_t* imp_flag; /* T: bit 0 sudden broadband frame, bit 1 broadband */
    float* tsum;       /* bins: sum of the pring rows */
    float* ext;        /* bins + F: wrapped copy for the frequency box */
    float* pooled;     /* bins: region mean of gamma */
    float imp_base;
    float level;       /* global noise-level correction (drift), EMA */
    float level_q;     /* the last level update's quantile (0: none yet) */
    float level_alpha; /* its EMA weight per update */

    /* the short scale (auto with a long region): the same test over the
     * few decision steps around the output frame (about 2 ms), so that a
     * burst far shorter than the region, which its mean dilutes, is still
     * found; inside it the gain reads the SNR at this scale where that is
     * the higher */
    int short_on;
    size_t short_steps;        /* steps in the short window (odd) */
    double c_ts1;              /* dof reduction of its time window */
    float eta_s_on, eta_s_off; /* its CFAR on/off levels */
    float xs_min, xc_min;      /* the least SNR of one bin over the short
                                  window / its centre step that the gain
                                  reads (noise exceeds them at 1e-4) */
    float* ssum;               /* bins: gamma summed over its steps */
    float* spooled;            /* bins: the box mean of that */
    float* supp_s;             /* its support state, as supp */

    /* support and Wiener state */
    float* supp;  /* support state per bin: 0 off, else 1 + hang steps left */
    float* gbase; /* gains of the last decision (decide_every > 1) */

    /* presence gating (auto with a long region, see mask.h): a bin whose
     * signal comes and goes within the region (the pooled fourth moment of
     * the signal says so) is kept in each frame only as far as that frame's
     * own SNR shows it. The gain of frame o is max(floor, ga + gb h_o),
     * ga + gb being the gain of the decision and h_o in [0, 1] the frame's
     * presence weight min(1, gamma_o^2 knee), gamma_o its own a-posteriori
     * SNR against the current floor (read from its delayed spectrum for the
     * few bins that need it). */
    int presence;   /* on for auto when the region holds enough cells */
    float knee;     /* h = min(1, gamma^2 knee) */
    float* part2;   /* bins: gamma^2 summed over the current step */
    float* pring2;  /* n_blocks x bins: its step sums */
    double* tsum2;  /* bins: their total, in double: the fourth moment is a
                       difference of large sums, and what rounding left of
                       old frames (a NaN burst, a loud one) must not stay */
    float* pooled2; /* bins: region mean of gamma^2 */
    /* the bins with gb > 0 (few: the support's bursty bins), compacted at
     * each decision so that a frame touches only them beyond the held
     * gains: their index, ga and gb */
    uint32_t* pidx;
    float *pa, *pb;
    size_t n_pres;
    float* g_prev;
    float* gamma_prev;

    /* DC offset removal (est_dc.c): the tracked offset, and the window's
     * DFT over its main lobe around DC, k in dc_bin +- dc_half */
    int dc_on;
    size_t dc_bin, dc_n_lobe;
    uint32_t dc_idx[2 * STFTC_EST_DC_HALF + 1];  /* bins of the lobe */
    float dc_w[2 * (2 * STFTC_EST_DC_HALF + 1)]; /* W(k) of those bins */
    float dc_w0_inv;                             /* 1 / W(0) (real: the window's sum) */
    double dc_re, dc_im;
    double dc_dev; /* running mean square of the innovation (for its clip) */
    uint64_t dc_count;
    double dc_alpha; /* EMA weight per frame once warm */

    /* the next frame was scaled by the cleaner: beyond measure
     * (stftc_mask_note_huge) */
    int next_huge;

    /* output */
    float* spec;  /* (D + 1) x 2 bins: delayed spectra */
    float* power; /* bins: scratch */
    float* gsm;   /* bins: smoothed gains (time EMA state) */
    uint64_t frames;

    /* the support's fine time gate (auto with a long region; est_finegate.h) */
    int fine_on;
    stftc_fg_t fg;
} stftc_est_t;

/* ------------------------------------------------------------------ */
/* the stages, one file each:                                         */
/*   est_config.c  sizes, thresholds, allocation (the functions above) */
/*   est_floor.c   1. the noise floor and the level                    */
/*   est_pool.c    2. gamma per frame, pooled over the region          */
/*   est_box.c        the box mean across frequency                    */
/*   est_detect.c     clicks                                           */
/*   est_gains.c   3. the support and the gains of the output frame    */
/*   est_dc.c         DC offset removal                                */
/*   estimator.c   one frame through them (stftc_est_process)          */

/* est_floor.c */
/* one more frame in the super-frame accumulator (after the warm-up) */
void stftc_est_count_frame(stftc_est_t* est);
/* accumulate a frame's power p (warm-up handled too) */
void stftc_est_track_noise(stftc_est_t* est, const float* p);
/* tfloor is new: derive the floor used, its inverse and the level's sample */
void stftc_est_finish_floor(stftc_est_t* est);
/* bins of the accumulator that overflowed take the noise power */
void stftc_est_repair_accumulator(stftc_est_t* est);
/* the level correction from frame t's bins (every few frames) */
void stftc_est_level_update(stftc_est_t* est, const float* bins, uint64_t t, int warm);

/* The power of plain noise for bin k: the floor times the level. */
static inline float stftc_est_noise_power(const stftc_est_t* e, size_t k)
{
    return e->noise[k] * e->level;
}

/* est_box.c: dst[k] = mean of src over the 2 half + 1 bins centred on k (circular for
 * complex, shrunk at the edges for real), times scale */
void stftc_est_box_freq(
    stftc_est_t* est, const float* src, float* dst, size_t half, float scale);

/* est_pool.c */
/* the input side of the next frame (finite, or not: plain noise) */
void stftc_est_take_frame(stftc_est_t* est, const float* bins, float* row, int warm);
void stftc_est_take_nonfinite(stftc_est_t* est, float* row, int warm);
/* frame t is in: the decision step may end */
void stftc_est_close_step(stftc_est_t* est, uint64_t t);

/* est_detect.c */
void stftc_est_flag_clicks(stftc_est_t* est,
                           float* row,
                           float mean_clipped,
                           float peak_over_mean);
uint8_t stftc_est_click_frame(const stftc_est_t* est, uint64_t o, uint64_t t);

/* est_gains.c: output frame t - delay (t >= delay) */
float* stftc_est_output(
    stftc_est_t* est, stftc_mask_type_t type, uint64_t t, float* bins_out, float* gain);

/* est_dc.c */
void stftc_est_dc_init(stftc_est_t* est,
                       const float* window,
                       const stftc_frame_geom_t* g);
void stftc_est_dc_remove(stftc_est_t* est, float* x);

#endif
