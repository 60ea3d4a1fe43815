/* gr-stftclean C core: streaming wavelet time scattering (orders 0, 1, 2),
 * two-sided for IQ.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frequencies f are in cycles per sample (f * sample_rate in Hz).
 *
 * Filters. Morlet wavelets built in the Fourier domain,
 *     psi(f) = g(f - xi) - kappa g(f),  g(f) = exp(-f^2 / (2 sigma^2)),
 *     kappa = exp(-xi^2 / (2 sigma^2))   (zero mean: psi(0) = 0),
 * and the Gaussian low-pass phi(f) = exp(-f^2 / (2 sigma_phi^2)) with
 * sigma_phi = 0.1 / T. For Q filters per octave, r = 2^(-1/Q) and
 * c = (1 - r) / ((1 + r) sqrt(ln 2)): a constant-Q filter has sigma = c xi,
 * so that neighbours xi and r xi cross at half power (|psi|^2 = 1/2). Its
 * bandwidth (full width at half power) is 2 sqrt(ln 2) sigma.
 *   - xi_max = min(0.4, (1 + r) / 4): at (1 + r) / 4 the filters at +xi_max
 *     and -xi_max cross at half power at the Nyquist frequency.
 *   - constant Q: xi_k = xi_max r^k, k = 1, 2, ... while c xi_k >= sigma_min,
 *     sigma_min = 0.1 / 2^J (a time scale of 2^J samples); the first filter
 *     is at xi_max with sigma = max(c xi_max, sigma_min);
 *   - constant bandwidth below: sigma = sigma_min, centres xi_L - m delta,
 *     m = 1, 2, ..., delta = 2 sqrt(ln 2) sigma_min (half-power crossing),
 *     while the centre is >= delta (xi_L the last constant-Q centre).
 * First order uses Q1, second order Q2, both with this rule. Real input:
 * the one-sided bank (positive centres). Complex input: the same wavelets at
 * +xi and their mirrors psi(-f) at -xi, so the whole band is analysed; a
 * real signal analysed as complex gives the one-sided coefficients on both
 * halves, a tone at -f the mirror image of one at +f.
 *
 * Coefficients, for an output stride s (frames centred on input samples
 * n s, n = 0, 1, ...; the stream is thought of as prefixed by zeros):
 *   order 0: |x * phi|
 *   order 1: S1[l](t)    = (|x * psi_l| * phi)(t)
 *   order 2: S2[l,m](t)  = (||x * psi_l| * psi_m| * phi)(t), only for
 *            xi_m < bandwidth of psi_l (paths that carry energy)
 * Definition of the sampling (exact, and what the reference test follows):
 * x * psi_l is sampled every d_l samples (Fourier-domain subsampling, exact:
 * the spectrum is folded), d_l the largest power of two with
 * d_l <= 2^-oversampling / (4 sigma_l), at least 1 and at most the largest
 * power of two dividing s; U1 = |x * psi_l| is that sampled sequence, and
 * every later filter acts on the sequence it is given at that sequence's
 * rate: its response is psi(f) or phi(f) at the sequence's DFT frequencies,
 * periodised with the sequence's rate. Order 2 samples |U1 * psi_m| every
 * d_m samples the same way with d_l <= d_m. Responses are truncated where
 * the Gaussians fall below 1e-7 (5.68 sigma); time supports at 5 standard
 * deviations of the Gaussian envelopes.
 * log = 1 gives log(max(S, 0) + log_eps) instead of S (order 0 included).
 *
 * Streaming. Blocks of N = s 2^q samples, advanced by H (a multiple of s),
 * overlapping by 2 Pp, Pp >= the support half-width of a frame (first
 * wavelet + second wavelet + low-pass) rounded up to a multiple of s; each
 * block gives H / s frames, each computed from input fully inside it.
 * Memory is bounded by the block; process() takes any number of samples and
 * writes the frames completed (identical whatever the chunking). The frame
 * centred on sample c is written when sample c + w arrives, with
 * Pp + s - 1 <= w <= latency = Pp + H - 1 (whole blocks at a time); N >=
 * 8 Pp keeps the overlap under a quarter of each block.
 *
 * Non-finite input: a NaN or Inf sample makes NaN exactly the frames whose
 * support holds it; the other frames are as if it were zero. Finite huge
 * samples never give NaN (blocks are scaled by a power of two).
 */
#ifndef STFTCLEAN_SCATTERING_H
#define STFTCLEAN_SCATTERING_H

#include <stftclean/common.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    stftc_sample_t sample_type; /* STFTC_COMPLEX (default, two-sided) or STFTC_REAL */
    double sample_rate;         /* Hz, for the metadata (default 1) */
    size_t J;                   /* octaves: sigma_min = 0.1 / 2^J, 1..16 (default 8) */
    size_t Q1;                  /* first-order wavelets per octave, 1..32 (default 8) */
    size_t Q2;                  /* second-order wavelets per octave, 1..32 (default 1) */
    int max_order;              /* 1 or 2 (default 2) */
    size_t T;          /* low-pass scale in samples, 0 = 2^J (or T_s), else 2..2^20 */
    size_t stride;     /* samples between frames, 0 = T (or stride_s), else 1..T */
    int oversampling;  /* 0..6: rates of |x * psi| doubled (default 1) */
    int log;           /* 1: log(S + log_eps) (default 0) */
    double log_eps;    /* 1e-30..1e30 (default 1e-6) */
    stftc_plan_t plan; /* default STFTC_PLAN_ESTIMATE */
    /* T and stride in seconds (default 0: use the sample counts above), for
     * a known sample_rate: rounded to the nearest sample, then held to the
     * ranges of T and stride; giving a field in both units is an error */
    double T_s;      /* 0, or [1.5, 2^20 + 0.5) / sample_rate */
    double stride_s; /* 0, or [0.5, T + 0.5) / sample_rate */
} stftc_scattering_config_t;

stftc_scattering_config_t stftc_scattering_config_default(void);
/* Validate a config without allocating; fills err (names the field). */
int stftc_scattering_config_check(const stftc_scattering_config_t* cfg,
                                  stftc_error_t* err);

/* One coefficient of the output vector. */
typedef struct {
    int order;    /* 0, 1 or 2 */
    long parent;  /* order 2: index of its order-1 coefficient; else -1 */
    double xi_hz; /* centre of the last wavelet (signed; 0 for order 0) */
    double bw_hz; /* its half-power bandwidth (order 0: the low-pass's) */
    double sigma; /* its sigma in cycles per sample */
    size_t decim; /* its |x * psi| is sampled every decim samples */
} stftc_scattering_coef_t;

typedef struct stftc_scattering stftc_scattering_t;

/* count() of the object cfg would make, without making it (the filter
 * banks only); 0 with err filled when cfg is not valid. */
size_t stftc_scattering_count_for(const stftc_scattering_config_t* cfg,
                                  stftc_error_t* err);

stftc_scattering_t* stftc_scattering_create(const stftc_scattering_config_t* cfg,
                                            stftc_error_t* err);
void stftc_scattering_destroy(stftc_scattering_t* s);
/* Back to the zero-prefixed start of a stream. */
void stftc_scattering_reset(stftc_scattering_t* s);
const stftc_scattering_config_t* stftc_scattering_config(const stftc_scattering_t* s);
/* Floats per frame: 1 + order-1 count + order-2 count. */
size_t stftc_scattering_count(const stftc_scattering_t* s);
size_t stftc_scattering_order1_count(const stftc_scattering_t* s);
/* count entries, in output order: order 0, order 1 by ascending centre
 * frequency, order 2 grouped by parent (in order-1 order), ascending. */
const stftc_scattering_coef_t* stftc_scattering_coefs(const stftc_scattering_t* s);
size_t stftc_scattering_stride(const stftc_scattering_t* s);
size_t stftc_scattering_T(const stftc_scattering_t* s);
size_t stftc_scattering_latency(const stftc_scattering_t* s); /* Pp + H - 1 */
size_t stftc_scattering_support(const stftc_scattering_t* s); /* Pp */
size_t stftc_scattering_block(const stftc_scattering_t* s);   /* N */
size_t stftc_scattering_hop(const stftc_scattering_t* s);     /* H */

/* Name of coefficient i (< count), built at create:
 *   "s0"                      order 0;
 *   "s1_<xi>"                 order 1, xi its signed centre, e.g. "s1_+12.5kHz",
 *                             "s1_-800Hz" (real input too: "s1_+800Hz");
 *   "s2_<xi1>_<xi2>"          order 2: its parent's signed centre, then its
 *                             own (unsigned), e.g. "s2_+12.5kHz_1.2kHz".
 * Frequencies in Hz at sample_rate with the prefix k (>= 1e3) or M (>= 1e6),
 * printed with "%g" at the fewest significant digits (3 to 12) that keep
 * every name distinct. A real signal's coefficient and the complex one with
 * the same centres have the same name at the same digits. */
const char* stftc_scattering_name(const stftc_scattering_t* s, size_t i);

/* Frames the next process() call with n_in samples will write. */
size_t stftc_scattering_frames_for(const stftc_scattering_t* s, size_t n_in);
/* The fewest samples after which process() has written at least `frames`
 * frames (0 for 0): frames are written hop / stride at a time, each batch
 * once its block is full. So process() given fewer than
 * samples_for(k * hop / stride + 1) samples writes at most k batches. */
size_t stftc_scattering_samples_for(const stftc_scattering_t* s, size_t frames);
/* Consume n_in samples (complex: interleaved pairs), write the completed
 * frames (count floats each, frame after frame) to out (room for
 * frames_for(n_in) frames is the caller's duty) and return how many.
 * Allocation-free. */
size_t
stftc_scattering_process(stftc_scattering_t* s, const float* in, size_t n_in, float* out);

/* End of a stream. Frames the next flush() will write: those centred on a
 * sample received (since create or reset) and not written yet; at most
 * (block - support - 2) / stride + 1, whatever was received. */
size_t stftc_scattering_flush_frames(const stftc_scattering_t* s);
/* Write those frames (count floats each) to out, room for flush_frames() of
 * them, as if the stream went on with zeros: the same values process()
 * would give for them fed latency() more zero samples. Then reset(): the
 * next sample starts a new stream. Returns how many. Allocation-free. */
size_t stftc_scattering_flush(stftc_scattering_t* s, float* out);

#ifdef __cplusplus
}
#endif
#endif
