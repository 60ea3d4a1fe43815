#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Synthetic recordings with ground truth and the quality measures, for
tests, benchmarks and the demo (not needed to clean a signal):

* ``scenarios``: RF bursts in noise (scenarios a-d: white noise, CW and
  DC, clicks, a drifting floor) with their true bursts;
* ``steady_scenarios``: signals that never switch off (carriers, FM,
  OFDM-like) and impulsive shapes;
* ``device_scenarios``: a device whose operations differ in burst rhythm,
  for the classification example;
* ``metrics``: SI-SDR, residual noise, burst detection F1.

    from gnuradio.stftclean.testing import scenarios, metrics
"""
