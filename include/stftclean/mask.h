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
    STFTC_MASK_BAND       /* keep (or reject) frequency ranges given in Hz */
} stftc_mask_type_t;

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
} stftc_mask_config_t;

/* Defaults: none, sample_rate 1, threshold 6 dB, floor -60 dB, no bands. */
stftc_mask_config_t stftc_mask_config_default(void);

/* "none", "threshold", "band" -> type; error names the field "mask". */
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
const stftc_mask_config_t* stftc_mask_config(const stftc_mask_t* m);
size_t stftc_mask_bins(const stftc_mask_t* m);

/* Frequency in Hz (relative to the centre) of bin index i in the configured
 * bin order. */
double stftc_mask_bin_hz(const stftc_mask_t* m, size_t i);

/* One frame: bins (complex, interleaved) and power (|bins|^2) in, gain per
 * bin out. Allocation-free. */
void stftc_mask_compute(stftc_mask_t* m,
                        const float* bins,
                        const float* power,
                        float* gain);

/* Runtime setters (call from the processing thread, between frames). */
int stftc_mask_set_threshold_db(stftc_mask_t* m, double db, stftc_error_t* err);
int stftc_mask_set_floor_db(stftc_mask_t* m, double db, stftc_error_t* err);
int stftc_mask_set_bands(
    stftc_mask_t* m, const double* bands, size_t nbands, int reject, stftc_error_t* err);

#ifdef __cplusplus
}
#endif
#endif
