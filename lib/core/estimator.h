/* gr-stftclean C core: the stateful estimator front end shared by the gate,
 * wiener, cfar and auto masks (not installed). See mask.h for the model;
 * est_state.h holds its state and lists the files of its stages.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_ESTIMATOR_H
#define STFTCLEAN_ESTIMATOR_H

#include "est_state.h"

/* Resolve sizes from the configs and check the estimator fields; est may be
 * NULL to check only. */
int stftc_est_resolve(stftc_est_t* est,
                      const stftc_mask_config_t* m,
                      const stftc_frame_geom_t* g,
                      const float* window,
                      stftc_error_t* err);
int stftc_est_alloc(stftc_est_t* est, stftc_error_t* err);
void stftc_est_free(stftc_est_t* est);
void stftc_est_reset(stftc_est_t* est);
/* The stream starts again; what was learnt of the noise is kept. */
void stftc_est_rewind(stftc_est_t* est);
/* Update the runtime-settable derived values from m (already checked). */
void stftc_est_update(stftc_est_t* est, const stftc_mask_config_t* m);
/* Where the next frame is kept for the look-ahead: process() skips its copy
 * when bins_in is this very slot (the cleaner's FFT writes there). */
float* stftc_est_input_slot(stftc_est_t* est);
/* One frame in, frame t - delay out (zeros before), gains written to gain
 * (when not NULL). bins_out NULL: the gains are applied in place, in the ring slot of
 * frame t - delay (the slot the next frame goes to), or, before the first output frame,
 * zeros are written to spare; returns where the frame out is. */
float* stftc_est_process(stftc_est_t* est,
                         stftc_mask_type_t type,
                         const float* bins_in,
                         float* bins_out,
                         float* gain,
                         float* spare);

#endif
