/* gr-stftclean C core: the stateful estimator of the gate, wiener, cfar and
 * auto masks, one frame through its stages (estimator.h lists their files).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "estimator.h"
#include "transform.h"

#include <float.h>
#include <math.h>
#include <string.h>

float* stftc_est_input_slot(stftc_est_t* e)
{
    return e->spec + (size_t)(e->frames % (e->delay + 1)) * 2 * e->bins;
}

float* stftc_est_process(stftc_est_t* e,
                         stftc_mask_type_t type,
                         const float* bins_in,
                         float* bins_out,
                         float* gain,
                         float* spare)
{
    const size_t b = e->bins;
    const uint64_t t = e->frames;
    float* slot = e->spec + (size_t)(t % (e->delay + 1)) * 2 * b;

    /* 1. the input side: the floor, the level, the frame's gamma row and
     * the pooled sums. Until the first super-frame the floor must see this
     * frame before its SNR is taken (the very first frame has nothing
     * else); afterwards the floor only moves at super-frame ends, and one
     * fused pass does it all. */
    float* row = e->keep_rows ? e->gring + (size_t)(t % e->region_t) * b : e->row1;
    const int warm = e->slots_filled == 0;
    /* A frame beyond measure: one the cleaner scaled down to keep its
     * transform in range (stftc_mask_note_huge), or, when the caller hands
     * the bins in, one with a component above 2^62, whose power would
     * overflow float (found while it is copied to its slot). */
    int huge = e->next_huge;
    e->next_huge = 0;
    /* The frame is kept in the look-ahead ring, and that copy is the frame
     * for everything below (the caller's bins stay as they are; when the
     * caller's FFT wrote it there, there is nothing to copy). */
    if (slot != bins_in) {
        if (stftc_copy_any_over(slot, bins_in, 2 * b, STFTC_EST_BIN_LIMIT))
            huge |= stftc_absmax(slot, 2 * b) <= FLT_MAX;
        bins_in = slot;
    }
    /* DC removal works on that copy */
    if (e->dc_on && !e->bypass && !huge)
        stftc_est_dc_remove(e, slot);
    /* A frame with a NaN or Inf sample has no finite bin (the FFT spreads it
     * to every bin; 0 * Inf is NaN too), so its DC bin tells. Such a frame
     * is passed through (its output is not finite, as its input) but the
     * state takes it for plain noise: the floor tracker accumulates the
     * current floor in its place and its gamma row is 1, so that nothing of
     * it stays once it has left the noise window (see stftc_mask_config_t).
     * A frame beyond measure is taken the same way (a glitch of 1e20 must
     * not hold the level, the DC offset or the floor for longer than a NaN
     * would); its gains apply as to any frame, and its output is finite. */
    if (huge || !(isfinite(bins_in[0]) && isfinite(bins_in[1])))
        stftc_est_take_nonfinite(e, row, warm);
    else
        stftc_est_take_frame(e, bins_in, row, warm);
    stftc_est_close_step(e, t);
    if (e->fine_on)
        stftc_fg_row(&e->fg, row);
    e->frames++;

    /* 2. the output frame t - delay: zeros before the first */
    if (t < e->delay) {
        if (!bins_out)
            bins_out = spare;
        memset(bins_out, 0, 2 * b * sizeof(float));
        if (gain)
            for (size_t k = 0; k < b; k++)
                gain[k] = e->floor_gain;
        return bins_out;
    }
    return stftc_est_output(e, type, t, bins_out, gain);
}
