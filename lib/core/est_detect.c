/* gr-stftclean C core, estimator: clicks (impulse on). A frame whose SNR
 * rises over most of the band at once, spread flat (not a burst over a
 * quiet floor, which is peaked), is broadband; a sudden one counts as plain
 * noise for its neighbours, and a run of broadband frames no longer than a
 * click takes the floor at the output.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "est_state.h"

#define CLICK_FLATNESS 20.0f /* a click's peak bin holds < 20 x the mean power */

/* Frame t = e->frames: mean_clipped is the band's mean of min(gamma, 10),
 * peak_over_mean the peak bin's power over the mean. A click frame's row
 * becomes plain noise (gamma 1) in row and the step's sums. */
void stftc_est_flag_clicks(stftc_est_t* e,
                           float* row,
                           float mean_clipped,
                           float peak_over_mean)
{
    const size_t b = e->bins;
    /* broadband: raised over most of the band, and spread flat (a click); a
     * burst over a zero floor is raised everywhere too, but peaked */
    const int broadband =
        e->impulse_on && mean_clipped > e->imp_thr && peak_over_mean < CLICK_FLATNESS;
    uint8_t impulsive = 0;
    if (broadband && mean_clipped > 2.0f * e->imp_base)
        impulsive = 1;
    e->imp_base += e->imp_alpha * (mean_clipped - e->imp_base);
    if (!(e->imp_base < 10.0f))
        e->imp_base = 10.0f;
    if (impulsive) /* a click frame counts as plain noise for its neighbours */
        for (size_t k = 0; k < b; k++) {
            e->part[k] += 1.0f - row[k];
            if (e->presence)
                e->part2[k] += 2.0f - row[k] * row[k];
            row[k] = 1.0f;
        }
    e->imp_flag[e->frames % e->region_t] = (uint8_t)(impulsive | (broadband ? 2 : 0));
}

/* Is output frame o part of a click? With look-ahead, a click is a run of
 * broadband frames no longer than max_click: a broadband signal that lasts
 * (or any signal over a zero noise floor) is not one. Without look-ahead only
 * the sudden-onset test of the input side is available. */
uint8_t stftc_est_click_frame(const stftc_est_t* e, uint64_t o, uint64_t t)
{
    const size_t t_len = e->region_t;
    const uint8_t* f = e->imp_flag;
    if (!(f[o % t_len] & 2))
        return 0;
    if (e->delay == 0)
        return f[o % t_len] & 1;
    const uint64_t oldest = t + 1 >= t_len ? t + 1 - t_len : 0;
    uint64_t s = o, end = o;
    while (s > oldest && (f[(s - 1) % t_len] & 2) && o - s <= e->max_click)
        s--;
    while (end < t && (f[(end + 1) % t_len] & 2) && end - s <= e->max_click)
        end++;
    return end - s + 1 <= e->max_click;
}
