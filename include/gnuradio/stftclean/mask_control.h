/* -*- c++ -*- */
/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef INCLUDED_STFTCLEAN_MASK_CONTROL_H
#define INCLUDED_STFTCLEAN_MASK_CONTROL_H

#include <gnuradio/stftclean/api.h>
#include <string>
#include <vector>

namespace gr {
namespace stftclean {

/*!
 * \brief Runtime control of a block's time-frequency mask (cleaner_cc,
 * cleaner_ff, mask_cc).
 * \ingroup stftclean
 *
 * \details
 * The mask parameters are the rows of the core's table
 * (include/stftclean/mask_fields.h): each has a name, which is its key in
 * the args text of make() and set_args(), its name for set_param() and
 * param(), and its key in a PMT dict sent to the block's "params" message
 * port ({"threshold_db": 3.0, "bypass": True}). The keys, their units,
 * ranges and whether they can change at run time are listed in the block's
 * documentation (help(), GRC), made from that table, and by
 * stftclean.mask_fields() in Python.
 *
 * Changes take effect at the next frame boundary. A setter checks the new
 * value at once against the whole mask configuration and throws
 * std::invalid_argument (ValueError in Python) naming the field; nothing
 * changes then. A field that is not runtime settable (mask, sample_rate,
 * noise_window, region_time, region_freq, lookahead, presence) can only be
 * given its current value. Bad message values are logged and ignored.
 */
class STFTCLEAN_API mask_control
{
public:
    virtual ~mask_control() = default;

    /*!
     * Set mask parameters from key=value pairs separated by commas, semicolons
     * or spaces, applied in order as one change: "pfa=1e-6, lines=on,
     * bands=-3e4:3e4,5e4:6e4" (the args text of make(); mask_config() gives
     * one back). On an error nothing changes.
     * \param args the key=value text
     */
    virtual void set_args(const std::string& args) = 0;
    /*!
     * Set one mask parameter from a number (a tristate -1 auto, 0 off, 1 on;
     * a flag 0 or 1); the mask kind and bands are set as text with
     * set_args().
     * \param name the field's name (or alias), e.g. "pfa"
     * \param value its new value, in the field's unit
     */
    virtual void set_param(const std::string& name, double value) = 0;
    /*!
     * A mask parameter's current value as a number (mask: its index in none,
     * threshold, band, gate, wiener, cfar, auto; bands: how many).
     * \param name the field's name (or alias), e.g. "pfa"
     */
    virtual double param(const std::string& name) const = 0;
    /*! Every mask parameter as key=value text, in table order ("mask=auto
     * sample_rate=2000000 threshold_db=6 ..."), which make()'s args and
     * set_args() read back to the same configuration. */
    virtual std::string mask_config() const = 0;

    /*! Frequency ranges (lo, hi pairs in Hz) and keep (false) or reject
     * (true) them (band mask).
     * \param bands flat list lo0, hi0, lo1, hi1, ... in Hz
     * \param band_reject false: keep the bands, true: reject them */
    virtual void set_bands(const std::vector<float>& bands, bool band_reject) = 0;
    /*! Frequency ranges of the band mask, lo, hi pairs in Hz. */
    virtual std::vector<float> bands() const = 0;
    /*! Whether the band mask rejects its bands (true) or keeps them (false). */
    bool band_reject() const { return param("band_reject") != 0.0; }

    /*! Threshold in dB, -100..100: threshold mask (over the frame median)
     * and gate mask (centre of the ramp on the pooled SNR).
     * \param threshold_db the threshold in dB */
    void set_threshold_db(double threshold_db)
    {
        set_param("threshold_db", threshold_db);
    }
    /*! Threshold in dB (see set_threshold_db()). */
    double threshold_db() const { return param("threshold_db"); }
    /*! Gain of rejected bins in dB, -200..0.
     * \param floor_db the gain in dB */
    void set_floor_db(double floor_db) { set_param("floor_db", floor_db); }
    /*! Gain of rejected bins in dB. */
    double floor_db() const { return param("floor_db"); }
    /*! cfar/auto: false-alarm probability per cell, 1e-12..0.2.
     * \param pfa the probability */
    void set_pfa(double pfa) { set_param("pfa", pfa); }
    /*! cfar/auto: false-alarm probability per cell. */
    double pfa() const { return param("pfa"); }
    /*! cfar/auto: support stays on down to this much less excess, 0..20 dB.
     * \param hysteresis_db the hysteresis in dB */
    void set_hysteresis_db(double hysteresis_db)
    {
        set_param("hysteresis_db", hysteresis_db);
    }
    /*! cfar/auto: support hysteresis in dB. */
    double hysteresis_db() const { return param("hysteresis_db"); }
    /*! cfar/auto: support hold after it drops in s, up to 60; < 0 = auto
     * (the pooling region).
     * \param hang_time the hold in s */
    void set_hang_time(double hang_time) { set_param("hang_time", hang_time); }
    /*! cfar/auto: support hold in s as set (< 0: auto). */
    double hang_time() const { return param("hang_time"); }
    /*! Gate mask: ramp width around threshold_db, 0.1..40 dB.
     * \param gate_slope_db the width in dB */
    void set_gate_slope_db(double gate_slope_db)
    {
        set_param("gate_slope_db", gate_slope_db);
    }
    /*! Gate mask: ramp width in dB. */
    double gate_slope_db() const { return param("gate_slope_db"); }
    /*! wiener/auto: a-priori SNR floor, -60..0 dB.
     * \param xi_min_db the floor in dB */
    void set_xi_min_db(double xi_min_db) { set_param("xi_min_db", xi_min_db); }
    /*! wiener/auto: a-priori SNR floor in dB. */
    double xi_min_db() const { return param("xi_min_db"); }
    /*! wiener/auto: decision-directed smoothing factor, 0..0.999.
     * \param dd_alpha the factor */
    void set_dd_alpha(double dd_alpha) { set_param("dd_alpha", dd_alpha); }
    /*! wiener/auto: decision-directed smoothing factor. */
    double dd_alpha() const { return param("dd_alpha"); }
    /*! Stationary-line (steady carrier) suppression: -1 auto (off: a steady
     * carrier is signal), 0 off, 1 on.
     * \param lines -1, 0 or 1 */
    void set_lines(int lines) { set_param("lines", lines); }
    /*! Stationary-line suppression as set: -1 auto, 0 off, 1 on. */
    int lines() const { return static_cast<int>(param("lines")); }
    /*! A line's floor above its neighbourhood, 3..60 dB.
     * \param line_db the level in dB */
    void set_line_db(double line_db) { set_param("line_db", line_db); }
    /*! Line detection level in dB. */
    double line_db() const { return param("line_db"); }
    /*! Click blanking: -1 auto (on for complex input, off for real), 0 off,
     * 1 on.
     * \param impulse -1, 0 or 1 */
    void set_impulse(int impulse) { set_param("impulse", impulse); }
    /*! Click blanking as set: -1 auto, 0 off, 1 on. */
    int impulse() const { return static_cast<int>(param("impulse")); }
    /*! Frame mean SNR that marks a click, 1..40 dB.
     * \param impulse_db the level in dB */
    void set_impulse_db(double impulse_db) { set_param("impulse_db", impulse_db); }
    /*! Click detection level in dB. */
    double impulse_db() const { return param("impulse_db"); }
    /*! Gain smoothing time constant in s; 0 = off, else 1 hop..60 s.
     * \param smooth_time the time constant in s */
    void set_smooth_time(double smooth_time) { set_param("smooth_time", smooth_time); }
    /*! Gain smoothing time constant in s (0: off). */
    double smooth_time() const { return param("smooth_time"); }
    /*! Gain smoothing width in Hz; 0 = off, else 1..4097 bins.
     * \param smooth_freq the width in Hz */
    void set_smooth_freq(double smooth_freq) { set_param("smooth_freq", smooth_freq); }
    /*! Gain smoothing width in Hz (0: off). */
    double smooth_freq() const { return param("smooth_freq"); }
    /*! true: all gains 1 (the estimators keep tracking the noise).
     * \param bypass true to bypass */
    void set_bypass(bool bypass) { set_param("bypass", bypass ? 1.0 : 0.0); }
    /*! Whether the block is bypassed (all gains 1). */
    bool bypass() const { return param("bypass") != 0.0; }
    /*! Presence gating as constructed: -1 auto, 0 off, 1 on (constructor
     * only). */
    int presence() const { return static_cast<int>(param("presence")); }
};

} // namespace stftclean
} // namespace gr

#endif /* INCLUDED_STFTCLEAN_MASK_CONTROL_H */
