#
# Copyright 2008,2009 Free Software Foundation, Inc.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#

# The presence of this file turns this directory into a Python package

'''
gr-stftclean: STFT -> time-frequency mask -> ISTFT cleaning of IQ and
real signals, with adaptive mask estimators (auto, gate, wiener, cfar,
threshold, band), phase reconstruction, spectral features, burst
detection and IQ WAV / SigMF / raw recordings.

Blocks (help(stftclean.<name>) for each): stft_cc, stft_fc, istft_cc,
istft_cf, cleaner_cc, cleaner_ff, mask_cc, phase_recon_fc,
phase_recon_ff, iqwav_source, iqwav_sink, sigmf_annotation_sink,
spectral_features, burst_detector.

On numpy arrays, without a flowgraph: gnuradio.stftclean.numpy_api
(stft, istft, STFT, ISTFT, mask, clean, Cleaner, clean_file, features,
bursts, read, read_meta, write, IQReader, Writer), e.g.

    from gnuradio.stftclean import numpy_api as sc
    x, meta = sc.read("capture.wav")
    y = sc.clean(x, meta["sample_rate"])

Bad parameters raise ValueError whose message starts with the parameter's
name.
'''
import os

# import pybind11 generated symbols into the stftclean namespace
try:
    # this might fail if the module is python-only
    from .stftclean_python import *
except ModuleNotFoundError:
    pass

# import any pure python here
#
