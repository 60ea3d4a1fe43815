/* gr-stftclean C core: the burst segmenter's scattering summary (not
 * installed): frames -> ISTFT -> scattering, a delay line that keeps the
 * detection behind the scattering, and per-burst moments of the
 * scattering frames (include/stftclean/bursts.h describes the behaviour).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef STFTCLEAN_BURSTS_SCAT_H
#define STFTCLEAN_BURSTS_SCAT_H

#include <stdint.h>
#include <stftclean/bursts.h>

typedef struct bscat bscat_t;

/* Where the scattering frames go while the detector passes over them. */
typedef enum {
    BSCAT_SKIP = 0, /* no burst open */
    BSCAT_ADD,      /* an active frame: the gap joins the burst, then these */
    BSCAT_GAP       /* a burst open but this frame inactive (hang, merge wait) */
} bscat_mode_t;

/* The checks of the scattering fields (cfg->scattering set). */
int bscat_config_check(const stftc_bursts_config_t* cfg, stftc_error_t* err);
/* lookback: frames a burst's start may lie before the frame that opens it. */
bscat_t*
bscat_create(const stftc_bursts_config_t* cfg, size_t lookback, stftc_error_t* err);
void bscat_destroy(bscat_t* s);
void bscat_reset(bscat_t* s);
size_t bscat_delay(const bscat_t* s);
size_t bscat_count(const bscat_t* s);
/* stftc_scattering_name without its "s": "0", "1_+125kHz", "2_+125kHz_1.46kHz" */
const char* bscat_name(const bscat_t* s, size_t i);
const stftc_scattering_t* bscat_scattering(const bscat_t* s);

/* One frame (NULL: zeros) through the ISTFT and the scattering, and its
 * power and gain into the delay line. Returns 1 with *power / *gain (gain
 * NULL when the frame had none) the frame delay() frames back, valid until
 * the next call; 0 while the line fills. */
int bscat_push(bscat_t* s,
               const float* frame,
               const float* power,
               const float* gain,
               const float** power_out,
               const float** gain_out);
/* End of stream: a zero frame through the transforms, and the oldest frame
 * still in the line (1), or 0 when it is empty. */
int bscat_pop(bscat_t* s, const float** power_out, const float** gain_out);

/* A burst opens at sample start: the moments restart with the frames
 * already passed whose centres are >= start. */
void bscat_begin(bscat_t* s, int64_t start);
/* The detector has passed every sample < bound: the scattering frames
 * centred there go where mode says. */
void bscat_advance(bscat_t* s, int64_t bound, bscat_mode_t mode);
/* The open burst's moments into *mean and *std (count floats each, the
 * object's storage, valid until the next summary; NaN without frames);
 * returns the frames averaged. */
size_t bscat_summary(bscat_t* s, const float** mean, const float** std);

#endif
