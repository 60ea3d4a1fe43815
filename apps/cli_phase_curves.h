/* stftclean bench_phase --curves: convergence curves of the offline phase
 * methods and their SVG figure.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_CLI_PHASE_CURVES_H
#define STFTCLEAN_CLI_PHASE_CURVES_H

#include <stddef.h>
#include <stftclean/phase.h>

#define CLI_CURVE_MAX 2048

/* SC after each iteration (iter as the progress callback reports it) and
 * the thread CPU time since the call began (PGHI included). */
typedef struct {
    size_t n;
    size_t iter[CLI_CURVE_MAX];
    double sc[CLI_CURVE_MAX];
    double t[CLI_CURVE_MAX];
} cli_curve_t;

/* One reconstruction of S (nf frames) under base with the curve recorded;
 * out holds the signal. 0 or a core error. */
int cli_curve_run(const stftc_phase_config_t* base,
                  const float* S,
                  size_t nf,
                  float* out,
                  cli_curve_t* cv);

/* The figure: one row per signal, SC against iterations and against time,
 * curves[s * nmeth + m]. 0 or -1 when the file cannot be written. */
int cli_curves_svg(const char* path,
                   const char* const* signal_names,
                   size_t nsig,
                   const char* const* method_names,
                   size_t nmeth,
                   const cli_curve_t* curves);
#endif
