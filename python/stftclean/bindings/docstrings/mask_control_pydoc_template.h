/*
 * Copyright 2026 gr-stftclean authors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pydoc_macros.h"
#define D(...) DOC(gr, stftclean, __VA_ARGS__)
/*
  Docstrings of the Python bindings, generated from the doxygen
  comments of include/gnuradio/stftclean/mask_control.h by
  python/stftclean/bindings/docstrings/gen_pydoc.py.
  Do not edit: edit the header and run the script (the ctest
  pydoc_templates_check fails while this file is stale).
 */
// clang-format off


static const char* __doc_gr_stftclean_mask_control = R"doc(Runtime control of a block's time-frequency mask (cleaner_cc,
cleaner_ff, mask_cc).

The mask parameters are the rows of the core's table
(include/stftclean/mask_fields.h): each has a name, which is its key in
the args text of make() and set_args(), its name for set_param() and
param(), and its key in a PMT dict sent to the block's "params" message
port ({"threshold_db": 3.0, "bypass": True}). The keys, their units,
ranges and whether they can change at run time are listed in the block's
documentation (help(), GRC), made from that table, and by
stftclean.mask_fields() in Python.

Changes take effect at the next frame boundary. A setter checks the new
value at once against the whole mask configuration and throws
std::invalid_argument (ValueError in Python) naming the field; nothing
changes then. A field that is not runtime settable (mask, sample_rate,
noise_window, region_time, region_freq, lookahead, presence) can only be
given its current value. Bad message values are logged and ignored.)doc";


static const char* __doc_gr_stftclean_mask_control_set_args = R"doc(Set mask parameters from key=value pairs separated by commas, semicolons
or spaces, applied in order as one change: "pfa=1e-6, lines=on,
bands=-3e4:3e4,5e4:6e4" (the args text of make(); mask_config() gives
one back). On an error nothing changes.

Args:
    args: the key=value text)doc";


static const char* __doc_gr_stftclean_mask_control_set_param = R"doc(Set one mask parameter from a number (a tristate -1 auto, 0 off, 1 on; a
flag 0 or 1); the mask kind and bands are set as text with set_args().

Args:
    name: the field's name (or alias), e.g. "pfa"
    value: its new value, in the field's unit)doc";


static const char* __doc_gr_stftclean_mask_control_param = R"doc(A mask parameter's current value as a number (mask: its index in none,
threshold, band, gate, wiener, cfar, auto; bands: how many).

Args:
    name: the field's name (or alias), e.g. "pfa")doc";


static const char* __doc_gr_stftclean_mask_control_mask_config = R"doc(Every mask parameter as key=value text, in table order ("mask=auto
sample_rate=2000000 threshold_db=6 ..."), which make()'s args and
set_args() read back to the same configuration.)doc";


static const char* __doc_gr_stftclean_mask_control_set_bands = R"doc(Frequency ranges (lo, hi pairs in Hz) and keep (false) or reject (true)
them (band mask).

Args:
    bands: flat list lo0, hi0, lo1, hi1, ... in Hz
    band_reject: false: keep the bands, true: reject them)doc";


static const char* __doc_gr_stftclean_mask_control_bands = R"doc(Frequency ranges of the band mask, lo, hi pairs in Hz.)doc";


static const char* __doc_gr_stftclean_mask_control_band_reject = R"doc(Whether the band mask rejects its bands (true) or keeps them (false).)doc";


static const char* __doc_gr_stftclean_mask_control_set_threshold_db = R"doc(Threshold in dB, -100..100: threshold mask (over the frame median) and
gate mask (centre of the ramp on the pooled SNR).

Args:
    threshold_db: the threshold in dB)doc";


static const char* __doc_gr_stftclean_mask_control_threshold_db = R"doc(Threshold in dB (see set_threshold_db()).)doc";


static const char* __doc_gr_stftclean_mask_control_set_floor_db = R"doc(Gain of rejected bins in dB, -200..0.

Args:
    floor_db: the gain in dB)doc";


static const char* __doc_gr_stftclean_mask_control_floor_db = R"doc(Gain of rejected bins in dB.)doc";


static const char* __doc_gr_stftclean_mask_control_set_pfa = R"doc(cfar/auto: false-alarm probability per cell, 1e-12..0.2.

Args:
    pfa: the probability)doc";


static const char* __doc_gr_stftclean_mask_control_pfa = R"doc(cfar/auto: false-alarm probability per cell.)doc";


static const char* __doc_gr_stftclean_mask_control_set_hysteresis_db = R"doc(cfar/auto: support stays on down to this much less excess, 0..20 dB.

Args:
    hysteresis_db: the hysteresis in dB)doc";


static const char* __doc_gr_stftclean_mask_control_hysteresis_db = R"doc(cfar/auto: support hysteresis in dB.)doc";


static const char* __doc_gr_stftclean_mask_control_set_hang_time = R"doc(cfar/auto: support hold after it drops in s, up to 60; < 0 = auto (the
pooling region).

Args:
    hang_time: the hold in s)doc";


static const char* __doc_gr_stftclean_mask_control_hang_time = R"doc(cfar/auto: support hold in s as set (< 0: auto).)doc";


static const char* __doc_gr_stftclean_mask_control_set_gate_slope_db = R"doc(Gate mask: ramp width around threshold_db, 0.1..40 dB.

Args:
    gate_slope_db: the width in dB)doc";


static const char* __doc_gr_stftclean_mask_control_gate_slope_db = R"doc(Gate mask: ramp width in dB.)doc";


static const char* __doc_gr_stftclean_mask_control_set_xi_min_db = R"doc(wiener/auto: a-priori SNR floor, -60..0 dB.

Args:
    xi_min_db: the floor in dB)doc";


static const char* __doc_gr_stftclean_mask_control_xi_min_db = R"doc(wiener/auto: a-priori SNR floor in dB.)doc";


static const char* __doc_gr_stftclean_mask_control_set_dd_alpha = R"doc(wiener/auto: decision-directed smoothing factor, 0..0.999.

Args:
    dd_alpha: the factor)doc";


static const char* __doc_gr_stftclean_mask_control_dd_alpha = R"doc(wiener/auto: decision-directed smoothing factor.)doc";


static const char* __doc_gr_stftclean_mask_control_set_lines = R"doc(Stationary-line (steady carrier) suppression: -1 auto (off: a steady
carrier is signal), 0 off, 1 on.

Args:
    lines: -1, 0 or 1)doc";


static const char* __doc_gr_stftclean_mask_control_lines = R"doc(Stationary-line suppression as set: -1 auto, 0 off, 1 on.)doc";


static const char* __doc_gr_stftclean_mask_control_set_line_db = R"doc(A line's floor above its neighbourhood, 3..60 dB.

Args:
    line_db: the level in dB)doc";


static const char* __doc_gr_stftclean_mask_control_line_db = R"doc(Line detection level in dB.)doc";


static const char* __doc_gr_stftclean_mask_control_set_impulse = R"doc(Click blanking: -1 auto (on for complex input, off for real), 0 off, 1
on.

Args:
    impulse: -1, 0 or 1)doc";


static const char* __doc_gr_stftclean_mask_control_impulse = R"doc(Click blanking as set: -1 auto, 0 off, 1 on.)doc";


static const char* __doc_gr_stftclean_mask_control_set_impulse_db = R"doc(Frame mean SNR that marks a click, 1..40 dB.

Args:
    impulse_db: the level in dB)doc";


static const char* __doc_gr_stftclean_mask_control_impulse_db = R"doc(Click detection level in dB.)doc";


static const char* __doc_gr_stftclean_mask_control_set_smooth_time = R"doc(Gain smoothing time constant in s; 0 = off, else 1 hop..60 s.

Args:
    smooth_time: the time constant in s)doc";


static const char* __doc_gr_stftclean_mask_control_smooth_time = R"doc(Gain smoothing time constant in s (0: off).)doc";


static const char* __doc_gr_stftclean_mask_control_set_smooth_freq = R"doc(Gain smoothing width in Hz; 0 = off, else 1..4097 bins.

Args:
    smooth_freq: the width in Hz)doc";


static const char* __doc_gr_stftclean_mask_control_smooth_freq = R"doc(Gain smoothing width in Hz (0: off).)doc";


static const char* __doc_gr_stftclean_mask_control_set_bypass = R"doc(true: all gains 1 (the estimators keep tracking the noise).

Args:
    bypass: true to bypass)doc";


static const char* __doc_gr_stftclean_mask_control_bypass = R"doc(Whether the block is bypassed (all gains 1).)doc";


static const char* __doc_gr_stftclean_mask_control_presence = R"doc(Presence gating as constructed: -1 auto, 0 off, 1 on (constructor only).)doc";

// clang-format on
