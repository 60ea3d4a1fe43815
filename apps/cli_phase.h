/* stftclean command-line tool: pieces of the reconstruct and bench_phase
 * commands (test signals, spectral convergence).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_APPS_CLI_PHASE_H
#define STFTCLEAN_APPS_CLI_PHASE_H

#include <stddef.h>

#include <stftclean/phase.h>
#include <stftclean/stft.h>

/* Speech-like audio at 16 kHz (n floats): harmonics of a gliding voice with
 * vibrato under moving formants, syllables, fricative noise and pauses. */
void cli_phase_speech_like(float* x, size_t n);

/* RF-like signal of n samples: 2-FSK bursts (sym_len samples per symbol),
 * a slow linear chirp and a CW carrier. Complex (interleaved, 2n floats,
 * centred on 0) or real (n floats): the same signal moved up by fs/4, its
 * real part, so that the two differ by nothing but the shift. */
void cli_phase_rf_like(float* x, size_t n, size_t sym_len, int complex_out);

/* Spectral convergence in dB of the STFT magnitudes of y (frames k = y[kH :
 * kH + L], nframes of them) against S (nframes x bins), with the framing of
 * cfg (centred must be 0). Returns NAN when the STFT cannot be made. */
double cli_phase_sc(const stftc_stft_config_t* cfg,
                    const float* S,
                    size_t nframes,
                    const float* y);

/* Magnitudes of the nframes frames of y (frames k = y[kH : kH + L]) into S
 * (nframes x bins). Returns 0, or -1 when the STFT cannot be made. */
int cli_phase_magnitudes(const stftc_stft_config_t* cfg,
                         const float* y,
                         size_t nframes,
                         float* S);


/* Reconstruction methods of 'stftclean reconstruct'. */
typedef enum {
    CLI_PHASE_GLA = 0,
    CLI_PHASE_FGLA,
    CLI_PHASE_PGHI,
    CLI_PHASE_PGHI_FGLA,
    CLI_PHASE_RTPGHI,
    CLI_PHASE_RTPGHI_CAUSAL,
    CLI_PHASE_RTISILA,
    CLI_PHASE_LBFGS,
    CLI_PHASE_PGHI_LBFGS,
    CLI_PHASE_HYBRID,
    CLI_PHASE_RAAR,
    CLI_PHASE_DM,
    CLI_PHASE_ADMM,
    CLI_PHASE_AGLA
} cli_phase_method_t;

/* "gla", "fgla", "pghi", "pghi+fgla", "rtpghi", "rtpghi-causal", "rtisila",
 * "lbfgs", "pghi+lbfgs", "hybrid", "raar", "dm", "admm", "agla" -> method;
 * -1 when unknown. */
int cli_phase_method_parse(const char* text);
const char* cli_phase_method_name(cli_phase_method_t m);

typedef struct {
    stftc_stft_config_t stft; /* centred 0 */
    cli_phase_method_t method;
    size_t iters;     /* (F)GLA updates; rtisila: updates per frame */
    size_t lookahead; /* rtisila: frames of look-ahead */
    double momentum;  /* fgla, pghi+fgla, hybrid, rtisila */
    unsigned long long seed;
    int zero_init;      /* gla/fgla: start from zero phase instead of random */
    double tol_db;      /* early stop, -INFINITY for none */
    size_t memory;      /* lbfgs, pghi+lbfgs, hybrid: L-BFGS pairs (0: default) */
    size_t hybrid_fgla; /* hybrid: FGLA updates before L-BFGS (SIZE_MAX: default) */
    int hybrid_method;  /* hybrid: the method after FGLA (-1: the core's default) */
    int have_init;      /* raar/dm/admm/agla: zero_init chooses zero or random
                           instead of PGHI */
    const char* params; /* "key=value,..." projection parameters, or NULL */
} cli_phase_job_t;

/* The projection parameters of a "key=value,..." list (raar_beta, dm_beta,
 * admm_rho, agla_alpha, agla_beta, agla_gamma: stftc_phase_config_set;
 * momentum, hybrid_fgla) into cfg. 0, or -1 with the message in bad (size
 * n). */
int cli_phase_params(stftc_phase_config_t* cfg, const char* list, char* bad, size_t n);
/* Whether a method is one of the projection methods (raar, dm, admm, agla). */
int cli_phase_method_is_proj(cli_phase_method_t m);
/* The core method of a projection method name (raar, dm, admm, agla, lbfgs)
 * for --hybrid-method; -1 when unknown. */
int cli_phase_hybrid_method_parse(const char* text);

/* Whether a method iterates under --iters (all but pghi and rtpghi*). */
int cli_phase_method_iterates(cli_phase_method_t m);
/* Whether it is one of the L-BFGS methods (lbfgs, pghi+lbfgs, hybrid). */
int cli_phase_method_is_opt(cli_phase_method_t m);

/* Rebuild y ((nframes - 1) * hop + L samples) from S (nframes x bins).
 * sc_db receives the SC reached, iters_done the (F)GLA updates done. On a
 * core error returns its code with err filled; 0 on success. */
int cli_phase_rebuild(const cli_phase_job_t* job,
                      const float* S,
                      size_t nframes,
                      float* y,
                      double* sc_db,
                      size_t* iters_done,
                      stftc_error_t* err);
#endif
