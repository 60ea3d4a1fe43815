/* gr-stftclean C core: pieces shared by the phase reconstruction sources
 * (not installed): fast vectorisable log and sincos, a bucket priority queue,
 * PGHI gradients and heap integration.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_PHASE_INTERNAL_H
#define STFTCLEAN_PHASE_INTERNAL_H

#include "internal.h"
#include "transform.h"

#include <math.h>
#include <stdint.h>
#include <stftclean/phase.h>
#include <string.h>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define STFTC_PHASE_HOT __attribute__((target_clones("avx2", "default")))
#else
#define STFTC_PHASE_HOT
#endif

#define STFTC_TWO_PI 6.283185307179586
/* log of the smallest magnitude taken into account (log(1e-30)) */
#define STFTC_LOG_FLOOR (-69.0776f)

/* Natural log for x > 0 (x below 1e-30 is taken as 1e-30), |error| < 1e-6;
 * plain arithmetic so that loops over it vectorise (libm's logf does not
 * without -fno-math-errno). */
static inline float stftc_logf_fast(float x)
{
    x = x > 1e-30f ? x : 1e-30f;
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    float e = (float)((int32_t)(u >> 23) - 127);
    u = (u & 0x007fffffu) | 0x3f800000u;
    float m;
    memcpy(&m, &u, sizeof m);
    const int big = m > 1.41421356f;
    m = big ? 0.5f * m : m;
    e = big ? e + 1.0f : e;
    const float t = (m - 1.0f) / (m + 1.0f), t2 = t * t;
    const float p =
        t *
        (2.0f + t2 * (0.66666667f + t2 * (0.4f + t2 * (0.28571429f + t2 * 0.22222222f))));
    return e * 0.69314718f + p;
}

/* 1 / sqrt(x) for normal x > 0 to float precision (three Newton steps from
 * the integer-shift estimate): a vectorisable stand-in for sqrtf, which GCC
 * keeps scalar without -fno-math-errno. */
static inline float stftc_rsqrt_fast(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    u = 0x5f375a86u - (u >> 1);
    float y;
    memcpy(&y, &u, sizeof y);
    const float hx = 0.5f * x;
    y = y * (1.5f - hx * y * y);
    y = y * (1.5f - hx * y * y);
    y = y * (1.5f - hx * y * y);
    return y;
}

/* Round to nearest for |x| < 2^22 without libm. */
static inline float stftc_rint_fast(float x)
{
    const float magic = 12582912.0f; /* 1.5 * 2^23 */
    return (x + magic) - magic;
}

/* Wrap a phase into [-pi, pi] (approximately; exact to float rounding). */
static inline float stftc_wrap_phase(float p)
{
    return p - 6.2831853f * stftc_rint_fast(p * 0.15915494f);
}

/* sin and cos of x (|x| < 1e6), |error| < 2e-7. Beyond that (a phase
 * gone wild, NaN) the result is meaningless but defined: the quadrant is
 * clamped before it becomes an int (1.6e27 was undefined behaviour). */
static inline void stftc_sincosf_fast(float x, float* s, float* c)
{
    const float q = stftc_rint_fast(x * 0.63661977f); /* quadrant: x / (pi/2) */
    const float y = (x - q * 1.5703125f) - q * 4.8382679e-4f;
    const int qi = (int)fminf(fmaxf(q, -1e9f), 1e9f) & 3;
    const float y2 = y * y;
    const float sn =
        y *
        (1.0f + y2 * (-1.6666667e-1f +
                      y2 * (8.3333333e-3f + y2 * (-1.9841270e-4f + y2 * 2.7557319e-6f))));
    const float cs =
        1.0f + y2 * (-0.5f + y2 * (4.1666667e-2f +
                                   y2 * (-1.3888889e-3f +
                                         y2 * (2.4801587e-5f + y2 * -2.7557319e-7f))));
    const float s0 = (qi & 1) ? cs : sn;
    const float c0 = (qi & 1) ? sn : cs;
    *s = (qi & 2) ? -s0 : s0;
    *c = ((qi + 1) & 2) ? -c0 : c0;
}

/* splitmix64: seeds and random phases */
static inline uint64_t stftc_rng_next(uint64_t* state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
/* uniform over [0, 2 pi) */
static inline float stftc_rng_phase(uint64_t* state)
{
    return (float)((double)(stftc_rng_next(state) >> 11) * (1.0 / 9007199254740992.0) *
                   STFTC_TWO_PI);
}

/* ---------------- bucket priority queue ----------------
 * Max-queue over float keys quantised into STFTC_BQ_BUCKETS buckets between
 * lo and hi (finer than 0.01 dB steps over a 200 dB range), LIFO inside a
 * bucket; O(1) push and pop through a two-level bitmap. Elements are indices
 * < capacity; an element may be in the queue once. Empty after every full
 * drain, so no per-use clearing is needed. */
#define STFTC_BQ_WORDS 64
#define STFTC_BQ_BUCKETS (STFTC_BQ_WORDS * 64)
typedef struct {
    int32_t* head; /* STFTC_BQ_BUCKETS, -1 when empty */
    int32_t* next; /* capacity */
    uint64_t bits[STFTC_BQ_WORDS];
    uint64_t summary;
    float lo, scale;
} stftc_bq_t;

int stftc_bq_init(stftc_bq_t* q, size_t capacity);
void stftc_bq_free(stftc_bq_t* q);
/* Key range for the next pushes (the queue must be empty). */
void stftc_bq_range(stftc_bq_t* q, float lo, float hi);

static inline void stftc_bq_push(stftc_bq_t* q, int32_t e, float key)
{
    float f = (key - q->lo) * q->scale;
    f = f > 0.0f ? f : 0.0f;
    f = f < (float)(STFTC_BQ_BUCKETS - 1) ? f : (float)(STFTC_BQ_BUCKETS - 1);
    const unsigned b = (unsigned)f;
    q->next[e] = q->head[b];
    q->head[b] = e;
    q->bits[b >> 6] |= 1ull << (b & 63);
    q->summary |= 1ull << (b >> 6);
}

/* Largest element (any within its bucket), or -1 when empty. */
static inline int32_t stftc_bq_pop(stftc_bq_t* q)
{
    if (!q->summary)
        return -1;
    const unsigned w = 63u - (unsigned)__builtin_clzll(q->summary);
    const unsigned b = w * 64u + 63u - (unsigned)__builtin_clzll(q->bits[w]);
    const int32_t e = q->head[b];
    q->head[b] = q->next[e];
    if (q->head[b] < 0) {
        q->bits[w] &= ~(1ull << (b & 63));
        if (!q->bits[w])
            q->summary &= ~(1ull << w);
    }
    return e;
}

/* ---------------- PGHI ----------------
 * Phase convention of the project's frames (phase relative to the frame
 * start): with s = log|X|, the Gaussian-window laws give
 *   time step:      dphi/dk = H (2 pi m / N + (N / lambda) ds/dm)
 *   frequency step: dphi/dm = -(lambda / (N H)) ds/dk - pi L / N
 * (the last term moves the reference from the window centre L/2 to the frame
 * start). */
typedef struct {
    size_t n, l, h, bins;
    int cplx;      /* two-sided spectrum: frequency neighbours wrap */
    float lambda;  /* window constant, samples^2 */
    float tscale;  /* H N / lambda / 2 (times the centred difference) */
    float fscale;  /* -lambda / (N H) */
    float foffset; /* -pi L / N */
    float* tconst; /* bins: 2 pi ((m H) mod N) / N, wrapped */
} stftc_pghi_geom_t;

int stftc_pghi_geom_init(stftc_pghi_geom_t* g,
                         const stftc_stft_config_t* cfg,
                         size_t n,
                         size_t l,
                         size_t h,
                         size_t bins,
                         int cplx);
void stftc_pghi_geom_free(stftc_pghi_geom_t* g);

/* s[m] = log(mag[m]) over a frame; returns the frame's largest log value. */
float stftc_pghi_logmag(const float* mag, float* s, size_t bins);
/* Time-direction gradient of one frame from its log magnitudes. */
void stftc_pghi_tgrad(const stftc_pghi_geom_t* g, const float* s, float* tg);
/* Frequency-direction gradient of one frame from the log magnitudes of the
 * frames before and after (dk = frames between them: 2 centred, 1 one-sided). */
void stftc_pghi_fgrad(const stftc_pghi_geom_t* g,
                      const float* s_before,
                      const float* s_after,
                      float dk,
                      float* fg);

/* Causal variant: slope at the newest of three frames from the
 * second-order backward difference (3 s_n - 4 s_{n-1} + s_{n-2}) / 2, exact
 * for the quadratic log-magnitude of a Gaussian (the two-point difference
 * would place transients half a hop late). */
void stftc_pghi_fgrad_back3(const stftc_pghi_geom_t* g,
                            const float* s_nm2,
                            const float* s_nm1,
                            const float* s_n,
                            float* fg);

/* Heap integration over nf frames of bins coefficients (flat index
 * k * bins + m). state: 0 = to integrate, 1 = phase known. Elements with
 * state 1 and s > thr seed the integration (the fixed frame of real-time
 * PGHI); islands without such a neighbour start at phase 0 from their
 * largest coefficient. All arrays nf * bins. q and seeds: empty queues with
 * capacity >= nf * bins. */
void stftc_pghi_integrate(const stftc_pghi_geom_t* g,
                          size_t nf,
                          const float* s,
                          const float* tg,
                          const float* fg,
                          float* phase,
                          uint8_t* state,
                          float thr,
                          float smax,
                          stftc_bq_t* q,
                          stftc_bq_t* seeds);

/* Replace the phases of the last frame a (causal, natural-order) real-time
 * PGHI object phased by those of coefs (bins complex values): RTISI-LA
 * continues the integration from its refined frame. */
void stftc_rtpghi_set_prev_phase(stftc_rtpghi_t* rt, const float* coefs);

/* out[m] = mag[m] * exp(i phase[m]) (complex out, interleaved) */
void stftc_polar(const float* mag, const float* phase, float* out, size_t n);

/* Reorder real per-bin values between DC-centred and natural order. */
void stftc_real_from_centered(float* dst, const float* src, size_t n);
void stftc_real_to_centered(float* dst, const float* src, size_t n);


/* The offline object (phase_gla.c, phase_init.c). */
struct stftc_phase {
    stftc_phase_config_t cfg;
    stftc_fwd_t f; /* analysis frame: window, FFT */
    stftc_inv_t v; /* synthesis frame: inverse FFT (its plan and buffers) */
    stftc_pghi_geom_t pg;
    stftc_pghi_geom_t pgh; /* complex objects: the one-sided geometry (see
                              pghi_run) */
    size_t n, l, h, bins, spf, maxf, maxlen;
    int cplx, centered;
    float* S;    /* maxf * bins target magnitudes, natural order */
    float* c;    /* maxf * bins complex: current estimate (PGHI scratch) */
    float* t;    /* maxf * bins complex: last consistent frames (scratch) */
    float* y;    /* maxlen samples: the signal of the last pass */
    float* ywin; /* GLA_PIPE sliding windows of gla_win_len() samples (the
                    earlier passes of a pipelined group) */
    float* norm; /* maxlen: 1 / (N sum_k w[j - kH]^2) */
    float* wsyn; /* l: synthesis weights (analysis window) */
    float* mag;  /* bins scratch */
    uint8_t* st; /* maxf * bins PGHI state */
    stftc_bq_t q, seeds;
    /* L-BFGS (phase_lbfgs.c; NULL for GLA objects that never call it but
     * for grad and Sp): maxlen * spf floats each unless noted */
    float* ox;     /* trial point */
    float* og;     /* gradient at ph->y, the current point */
    float* ogt;    /* gradient at the trial point */
    float* od;     /* search direction */
    float* os;     /* lbfgs_memory steps s_i */
    float* oy;     /* lbfgs_memory gradient changes y_i */
    float* Sp;     /* maxf * bins: S^p (mag_power != 1 only) */
    float oeps2;   /* mag_power != 1: |X|^2 smoothing, (1e-4 max S)^2 */
    double* ogram; /* lbfgs_memory^2 s_i.y_j, then lbfgs_memory^2 y_i.P y_j
                      (i, j ring slots) */
    /* projection methods (phase_proj.c): maxf * bins complex state each
     * (RAAR, AGLA: e1; DM: e1 and e2; NULL when the method needs none) */
    float* e1;
    float* e2;
    uint8_t* kn;    /* maxf * bins: 1 where the cell's phase is known */
    float* kc;      /* maxf * bins complex: the known cells' coefficients */
    size_t nknown;  /* known cells of this call */
    size_t it_base; /* iterations of the earlier hybrid stages: the progress
                       callback's numbering goes on from it (and skips a
                       later stage's pass 0, a repeat) */
};

/* y[i] += v[i] w[i] for l samples (spf 2: complex y and v, real w) */
void stftc_phase_ola_add(float* restrict y,
                         const float* restrict v,
                         const float* restrict w,
                         size_t l,
                         size_t spf);
/* norm (1 / (N sum_k w^2)) for nf frames: the least-squares synthesis
 * weights (phase_gla.c) */
/* phase_gla.c: floats of the pipelined passes' windows (create sizes
 * ph->ywin with it), and the start of every offline method (projection on
 * the magnitudes and the synthesis norm of nf frames). */
size_t stftc_phase_gla_window_floats(const stftc_phase_t* ph);
void stftc_phase_start(stftc_phase_t* ph, size_t nf);
void stftc_phase_make_norm(stftc_phase_t* ph, size_t nf);
/* The (F)GLA passes (phase_gla.c), or those of a projection method
 * (method RAAR, DM, ADMM, AGLA), from the coefficients in ph->c, already
 * projected onto the magnitudes: iters updates, the signal of the last pass
 * in ph->y. *it gets the updates done, *sc the SC of ph->y, *sc0 that of
 * the first pass. */
void stftc_phase_gla_run(stftc_phase_t* ph,
                         stftc_phase_method_t method,
                         size_t nf,
                         size_t iters,
                         double energy,
                         size_t* it,
                         double* sc,
                         double* sc0);
/* SC in dB of an error sum against an energy */
double stftc_phase_sc_db(double err, double energy);

/* Projection methods (phase_proj.c): the update of frame k after pass
 * `pass` analysed it into fout (update 0: the last pass, no update; final:
 * the next pass is the last); returns sum (|fout| - S)^2 when want_err or
 * !update. Whether a method is one of them; checks of their fields;
 * buffers (at create). */
float stftc_phase_proj_step(stftc_phase_t* ph,
                            stftc_phase_method_t method,
                            size_t k,
                            const float* fout,
                            size_t pass,
                            int update,
                            int final,
                            int want_err);
int stftc_phase_proj_is(stftc_phase_method_t m);
int stftc_phase_proj_check(const stftc_phase_config_t* cfg, stftc_error_t* err);
int stftc_phase_proj_alloc(stftc_phase_t* ph);
void stftc_phase_proj_free(stftc_phase_t* ph);

/* Known cells (phase_known.c): mask and coefficients of a call loaded
 * (configured order in, natural order kept; returns their count), put into
 * ph->c, the coefficients ph->c written out in configured order, and the
 * frames of ph->y analysed (mode 0: only the error; 1: into ph->c; 2: into
 * ph->c projected onto the magnitudes); returns sum (|Y| - S)^2. */
size_t stftc_phase_known_load(stftc_phase_t* ph,
                              size_t nf,
                              const uint8_t* known,
                              const float* phase);
void stftc_phase_known_impose(stftc_phase_t* ph, size_t nf);
void stftc_phase_coefs_out(const stftc_phase_t* ph, size_t nf, float* coefs);
double stftc_phase_analyse_y(stftc_phase_t* ph, size_t nf, int mode);

#define STFTC_OPT_MAX_MEMORY 64 /* lbfgs_memory, at most */

/* A trial point x = base - alpha dir, made while the loss is evaluated. */
typedef struct {
    float* x;
    const float* base;
    const float* dir;
    float alpha;
} stftc_opt_trial_t;

/* The loss (phase_loss.c): S^p and the smoothing for nf frames of ph->S,
 * then the loss at x and its gradient g, one frame at a time. With tr, x
 * is tr->x, written from tr->base and tr->dir just before the first frame
 * that reads each sample. *sc_err gets sum (|X| - S)^2 over the stored
 * bins (the SC's error). */
void stftc_phase_opt_prepare(stftc_phase_t* ph, size_t nf);
double stftc_phase_opt_eval(stftc_phase_t* ph,
                            size_t nf,
                            const float* x,
                            const stftc_opt_trial_t* tr,
                            float* g,
                            double* sc_err);

/* Optimisation fields (phase_loss.c): configuration checks, buffers (at
 * create). L-BFGS (phase_lbfgs.c): the run from the signal in ph->y: at most evals
 * evaluations, the result in ph->y; *it gets the evaluations done, *sc the
 * SC of ph->y, *sc0 that of the start. The progress callback sees
 * it0 + evaluations done - 1. */
int stftc_phase_opt_check(const stftc_phase_config_t* cfg, stftc_error_t* err);
int stftc_phase_opt_alloc(stftc_phase_t* ph);
void stftc_phase_opt_free(stftc_phase_t* ph);
void stftc_phase_lbfgs_run(stftc_phase_t* ph,
                           size_t nf,
                           size_t evals,
                           double energy,
                           size_t it0,
                           size_t* it,
                           double* sc,
                           double* sc0);
/* least-squares synthesis of the coefficients ph->c into ph->y */
void stftc_phase_synth(stftc_phase_t* ph, size_t nf);

/* The offline object's start (phase_init.c): arguments of a call checked,
 * the magnitudes loaded (their energy returned), and the initial
 * coefficients (zero, random, given or PGHI phases). */
int stftc_phase_check_args(const stftc_phase_t* ph, const float* mag, size_t nframes);
double stftc_phase_load_mag(stftc_phase_t* ph, const float* mag, size_t nf);
void stftc_phase_init_coefs(stftc_phase_t* ph, size_t nf, const float* given);

#endif
