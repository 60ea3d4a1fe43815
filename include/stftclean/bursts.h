/* gr-stftclean C core: burst segmentation and per-burst feature vectors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bursts object reads one frame at a time: the power spectrum |X|^2 of the
 * (noisy) frame and, optionally, the mask gains of that frame. The spectrum
 * it describes is the cleaned one, power * gain^2 (the power itself without
 * gains). Per frame it computes the features of features.h and a detection
 * statistic:
 *  - STFTC_BURST_ENERGY: the frame energy (dB) over a tracked floor, the
 *    minimum of the energies of the frames outside bursts over the last
 *    noise_window seconds (8 sub-window minima);
 *  - STFTC_BURST_MASK: the SNR (dB) of the occupied cells (gain >= occupied_gain):
 *    their power over the per-bin noise floor below, minus 1; frames without
 *    occupied cells are off. Needs gains. Tighter in time than the mask's
 *    support, which the estimators pool over a region and hold.
 * A burst starts on a frame whose statistic reaches the on threshold and
 * goes on while it stays at or above the off threshold (hysteresis); its
 * start moves back over the frames just before that stood at the off level
 * (up to 32), so both edges sit at the off level. Below
 * off, the burst is held open for hang seconds: a frame back at on
 * continues it. A burst that closed is merged with the next one if that one
 * starts within merge_gap seconds of its last active frame. Bursts shorter
 * than min_duration are dropped (before merging: a blip cannot pull the
 * start of the next burst forward).
 *
 * No burst starts in the first noise_window / 8 seconds, while the noise
 * floors settle.
 *
 * Non-finite input. A frame with a NaN or Inf in its power (or gain) is an
 * off frame: its statistic is NAN, it starts or continues no burst (an
 * open burst goes on as after any frame below off: hang, merge wait or its
 * end), and it is left out of the energy floor, the per-bin noise floor and
 * the burst statistics. So a glitch of NaN samples from a driver ends the
 * burst it falls in (or opens a gap in it that hang/merge_gap may bridge)
 * and the detection after it finds what a run without it finds.
 *
 * Each burst keeps running statistics only (bounded memory for bursts of any
 * length): Welford mean and standard deviation (population) of every feature
 * over its active frames, and the sum of its cleaned spectra (for the centre
 * frequency and the occupied bandwidth) and of its noisy spectra (for the
 * SNR against a per-bin noise floor tracked in the cells that are not signal:
 * bins with gain < occupied_gain, or frames outside bursts without gains; an
 * average of ln(power) with the bias of a noise cell removed, so that a burst
 * cell that slips in barely moves it, and bins without cells yet borrow the
 * nearest bins' floor).
 *
 * Times. Frame k is centred on input sample first_center + k hop (the STFT of
 * stft.h with window L and hop H: first_center = H - L/2). A burst over
 * active frames a..b spans samples [centre(a) - H/2, centre(b) + H/2),
 * clipped at 0. Events come late by at most stftc_bursts_decision_delay()
 * frames: the start once the burst is min_duration long, the end once
 * neither hang nor merge_gap can extend it any more.
 *
 * Scattering summary (scattering = 1; off by default). The frames given to
 * stftc_bursts_process_frame (the cleaned frames when gains are given: what
 * the burst is once cleaned) are turned back into a signal with the ISTFT of
 * stft.h (window and window_len name the analysis window of those frames;
 * a window and hop that do not satisfy NOLA cannot be inverted and are
 * refused at create), which goes through the scattering transform of
 * scattering.h (scat: J, Q1, Q2, T, ...; the sample type and rate are the
 * features'). A burst reports, per coefficient, the mean and the standard
 * deviation (population) of its scattering frames whose centres fall inside
 * [start_sample, stop_sample), NaN when no centre does (a burst shorter than
 * the stride), and how many there were. Scattering frame n is centred on
 * signal sample n stride + first_center - ceil(L/2): the ISTFT gives input
 * sample t - (L - H) at output sample t, and frame 0 (centred on
 * first_center) is the first it is given. The scattering frames of a burst
 * come up to the scattering's latency after its last frame, so detection
 * runs stftc_bursts_scattering_delay() frames behind the frames given (a
 * delay line of their powers and gains); every event, and
 * stftc_bursts_decision_delay(), comes that much later, and
 * stftc_bursts_frames() and the last_* accessors refer to the delayed
 * frames. At the end, stftc_bursts_flush() feeds zero frames to get the
 * scattering of the last frames and detects on the delayed ones, one event
 * per call: call it until it returns 0. A frame with a NaN or Inf goes into
 * the ISTFT as zeros (it is an off frame; its non-finite values would spread
 * over the scattering support). */
#ifndef STFTCLEAN_BURSTS_H
#define STFTCLEAN_BURSTS_H

#include <stdint.h>
#include <stftclean/common.h>
#include <stftclean/features.h>
#include <stftclean/scattering.h>
#include <stftclean/window.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    STFTC_BURST_ENERGY = 0, /* frame energy over a tracked floor (dB) */
    STFTC_BURST_MASK = 1    /* SNR of the mask's occupied cells (dB) */
} stftc_burst_source_t;

typedef struct {
    stftc_features_config_t features; /* spectra and features (deltas must be 0) */
    size_t hop;                       /* samples per frame, >= 1 */
    int64_t first_center;             /* sample at the centre of frame 0, within
                                         +-2^62 (64-bit offsets of a stream) */
    stftc_burst_source_t source;
    double on;            /* dB to start a burst (default 6) */
    double off;           /* dB to keep it going (default 3); off <= on */
    double min_duration;  /* s, 0..3600 (default 0: any length) */
    double merge_gap;     /* s, 0..3600 (default 0) */
    double hang;          /* s, 0..3600 (default 0) */
    double noise_window;  /* s, energy floor window, > 0 (default 1) */
    double occupied_gain; /* a cell with gain >= this is signal, (0, 1] (0.1) */
    size_t min_cells;     /* mask: frames with fewer occupied cells are off (3);
                             single false cells of a mask are not bursts */
    /* per-burst scattering summary (see above) */
    int scattering;                 /* 1: on (default 0) */
    stftc_scattering_config_t scat; /* its transform; errors name the fields
                                       scat_J, scat_Q1, ...; sample_type and
                                       sample_rate are ignored (the
                                       features'); stride 0: the largest power
                                       of two <= T / 4 (several frames in a
                                       burst of a few T); log default 1 */
    stftc_window_spec_t window;     /* the frames' analysis window (hann) */
    size_t window_len;              /* its length L, 0 = fft_size */
} stftc_bursts_config_t;

/* Defaults: features default, hop 256, first_center 0, energy source,
 * on 6, off 3, no minimum, no merge, no hang, noise window 1 s; no
 * scattering (when on: J 8, Q1 2, Q2 1, T 2^J, log 1, the other
 * scattering defaults; hann window of fft_size). */
stftc_bursts_config_t stftc_bursts_config_default(void);
/* "energy" / "mask" -> source (error names the field "source"). */
int stftc_bursts_parse_source(const char* text,
                              stftc_burst_source_t* out,
                              stftc_error_t* err);

typedef struct {
    uint64_t start_sample;            /* first sample */
    uint64_t stop_sample;             /* one past the last sample */
    uint64_t first_frame, last_frame; /* active frames a..b */
    double start_s, end_s, duration_s;
    double center_hz;              /* centroid of the summed cleaned spectrum */
    double bandwidth_hz;           /* its occupied bandwidth (features obw fraction) */
    double freq_lo_hz, freq_hi_hz; /* the edges of that band */
    double snr_db;                 /* in that band, over the per-bin noise floor */
    size_t nframes;                /* active frames in the statistics */
    const float* mean;             /* features count floats (the detector's storage) */
    const float* std;
    size_t scat_frames;     /* scattering frames averaged (summary on) */
    const float* scat_mean; /* scattering count floats, NULL when off */
    const float* scat_std;
} stftc_burst_t;

/* Event bits returned by process/flush. */
#define STFTC_BURST_STARTED 1 /* ev: start fields (start_*, first_frame) */
#define STFTC_BURST_ENDED 2   /* ev: the whole record */

int stftc_bursts_config_check(const stftc_bursts_config_t* cfg, stftc_error_t* err);

typedef struct stftc_bursts stftc_bursts_t;

stftc_bursts_t* stftc_bursts_create(const stftc_bursts_config_t* cfg, stftc_error_t* err);
void stftc_bursts_destroy(stftc_bursts_t* b);
void stftc_bursts_reset(stftc_bursts_t* b);
const stftc_bursts_config_t* stftc_bursts_config(const stftc_bursts_t* b);
/* The features object (names, count, bins). */
const stftc_features_t* stftc_bursts_features(const stftc_bursts_t* b);
/* Frames between a frame and the latest report of an event about it. */
size_t stftc_bursts_decision_delay(const stftc_bursts_t* b);
/* Frames processed so far. */
uint64_t stftc_bursts_frames(const stftc_bursts_t* b);
/* Features of the last processed frame (count floats) and its statistic. */
const float* stftc_bursts_last_features(const stftc_bursts_t* b);
double stftc_bursts_last_statistic(const stftc_bursts_t* b);
/* 1 while a burst is open (active, hanging or waiting for a merge). */
int stftc_bursts_active(const stftc_bursts_t* b);

/* One frame: power (bins floats) and gain (bins floats, NULL for none;
 * required by the mask source). Returns a mask of STFTC_BURST_STARTED /
 * STFTC_BURST_ENDED with ev filled, 0 for no event. Allocation-free.
 * With the scattering summary, the same as process_frame with a zero frame. */
int stftc_bursts_process(stftc_bursts_t* b,
                         const float* power,
                         const float* gain,
                         stftc_burst_t* ev);
/* The same with the frame itself: bins complex values (interleaved pairs,
 * the configured bin order), the cleaned frame when gain is given. Only the
 * scattering summary reads it (NULL: zeros). Allocation-free. */
int stftc_bursts_process_frame(stftc_bursts_t* b,
                               const float* frame,
                               const float* power,
                               const float* gain,
                               stftc_burst_t* ev);
/* End of stream: closes an open burst (STFTC_BURST_ENDED if it is long
 * enough, with STFTC_BURST_STARTED too if its start was not reported).
 * With the scattering summary the frames still in the delay line are
 * detected first, one event per call: call until it returns 0. */
int stftc_bursts_flush(stftc_bursts_t* b, stftc_burst_t* ev);

/* Frames detection runs behind the frames given (0 without the scattering
 * summary): ceil((ceil(L/2) - floor(H/2) + scattering latency) / H). */
size_t stftc_bursts_scattering_delay(const stftc_bursts_t* b);
/* The scattering object of the summary (coefficient metadata, stride,
 * latency), NULL without it. */
const stftc_scattering_t* stftc_bursts_scattering(const stftc_bursts_t* b);

/* Per-burst table columns: start_s, end_s, duration_s, center_hz,
 * bandwidth_hz, snr_db, then <feature>_mean for every feature, then
 * <feature>_std. With the scattering summary, then scat_frames (frames
 * averaged), <coef>_mean for every coefficient, then <coef>_std, with
 * <coef> "scat" and stftc_scattering_name() without its "s": the path by
 * its wavelets' centre frequencies relative to the centre, as few digits
 * as keep the names distinct: scat0 (order 0, the low-pass), scat1_<xi1>
 * (order 1, e.g. scat1_+125kHz, scat1_-3.13kHz), scat2_<xi1>_<xi2>
 * (order 2, e.g. scat2_+125kHz_1.46kHz). */
size_t stftc_bursts_nfields(const stftc_bursts_t* b);
/* Name of column i into buf (len bytes); -1 past the end. */
int stftc_bursts_field_name(const stftc_bursts_t* b, size_t i, char* buf, size_t len);
/* Values of the columns of a finished burst (nfields doubles). */
void stftc_bursts_field_values(const stftc_bursts_t* b,
                               const stftc_burst_t* ev,
                               double* out);

#ifdef __cplusplus
}
#endif
#endif
