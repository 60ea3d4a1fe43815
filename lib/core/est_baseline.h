/* gr-stftclean C core: the noise floor across frequency (not installed).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A per-bin floor tracked over time (minimum statistics) takes whatever is
 * always present in a bin for noise: a carrier, a broadcast, a transmission
 * longer than the window, or anything in the first frames of a file. Noise
 * looks different: it is smooth across frequency and, in a spectrogram a
 * person would call noisy, it holds the majority of the band. This stage
 * reads the temporal floor of every bin and returns the floor a person would
 * draw under the spectrum:
 *
 *  1. L: the floor in dB, lightly smoothed across frequency (Ls, box of 5).
 *  2. C: the lower envelope of Ls whose slope is bounded (a cone: C[k] =
 *     min_j Ls[j] + slope * |x_k - x_j|). It follows noise colour (a
 *     filter's skirt, a hump a few hundred kHz wide) but passes under
 *     anything narrow or steep: a carrier, an FM channel.
 *  3. Plateaus: a wide signal (OFDM, a broadcast, a signal filling most of
 *     the band) rises with a steep edge, then stays up; the cone would climb
 *     into it. Where Ls - C jumps by more than E (3 dB, or 4 times the
 *     scatter of the floor if that is more), the floor under the plateau
 *     is the straight line (in dB) between the levels on both sides of it,
 *     up to the bin where Ls falls back to within E/2 of the level before
 *     the edge.
 *  4. B = min(C, plateau line), calibrated by the median of Ls - C (the
 *     envelope's own bias in noise). Bins whose temporal floor stands more
 *     than M above B (M: 1 dB, or 2.5 times the bin-to-bin scatter) take B
 *     and are flagged occupied; the others keep their temporal floor, so a
 *     floor that falls (band edges) or that noise shapes is followed as
 *     before.
 *
 * Positions x: complex spectra in per cent of the band, circular (slope
 * 2 dB per per cent: a hump of +6 dB over 300 kHz at 2 MS/s is followed);
 * real spectra in octaves of log2(k + 4) (6 dB per octave: pink noise is
 * followed, a tone is not). Runs once per floor update (16 times per noise
 * window, every warm-up run), O(bins) with one selection. */
#ifndef STFTCLEAN_EST_BASELINE_H
#define STFTCLEAN_EST_BASELINE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t bins;
    int circular;   /* complex spectrum: bin b-1 is next to bin 0 */
    size_t box;     /* smoothing width (odd) */
    float* dx;      /* bins: slope x distance from bin k-1 to bin k, in dB */
    float* l;       /* bins: floor in dB */
    float* ls;      /* bins: smoothed */
    float* c;       /* bins: cone envelope, then the baseline */
    float* x;       /* bins: Ls - C */
    float* p;       /* bins: the plateau lines (inf outside) */
    float* scratch; /* bins */
} stftc_baseline_t;

/* 0 on success, -1 when out of memory. */
int stftc_baseline_init(stftc_baseline_t* bl, size_t bins, int circular);
void stftc_baseline_free(stftc_baseline_t* bl);

/* floor in (the temporal floor, > 0), floor out (the capped floor, in
 * place); occupied[k] = 1 where the cap applied. Returns the count of
 * occupied bins. Allocation-free. */
size_t stftc_baseline_apply(stftc_baseline_t* bl, float* floor, uint8_t* occupied);

#endif
