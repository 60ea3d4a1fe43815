#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""The GRC definitions of spectral_features and burst_detector compile with
grcc and the generated scripts run (headless, finite sources; the detector's
messages go to a message debug block)."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from gnuradio import gr_unittest

HERE = os.path.dirname(os.path.abspath(__file__))
GRC_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "grc"))
GRCC = shutil.which("grcc")

HEAD = """options:
  parameters: {{id: {name}, title: {name}, generate_options: no_gui, run_options: run,
    output_language: python, category: Custom}}
  states: {{coordinate: [8, 8], rotation: 0, state: enabled}}
blocks:
- name: samp_rate
  id: variable
  parameters: {{value: '32000'}}
  states: {{coordinate: [8, 60], rotation: 0, state: enabled}}
- name: src
  id: blocks_vector_source_x
  parameters: {{type: complex, vector: '[0.25] * {vlen} * 2048', repeat: 'False',
    vlen: '{vlen}', tags: '[]'}}
  states: {{coordinate: [8, 100], rotation: 0, state: enabled}}
"""

FEATURES = HEAD + """- name: blk
  id: stftclean_spectral_features
  parameters: {{fft_size: '64', sample_rate: samp_rate, cepstrum: lfcc, n_filters: '16',
    n_ceps: '6', deltas: '1'}}
  states: {{coordinate: [200, 100], rotation: 0, state: enabled}}
- name: snk
  id: blocks_null_sink
  parameters: {{type: float, vlen: '24', num_inputs: '1', bus_structure_sink: '[[0,],]'}}
  states: {{coordinate: [400, 100], rotation: 0, state: enabled}}
connections:
- [src, '0', blk, '0']
- [blk, '0', snk, '0']
metadata: {{file_format: 1}}
"""

DETECTOR = HEAD + """- name: blk
  id: stftclean_burst_detector
  parameters: {{fft_size: '64', hop: '16', sample_rate: samp_rate, label: '"x"'}}
  states: {{coordinate: [200, 100], rotation: 0, state: enabled}}
- name: snk
  id: blocks_null_sink
  parameters: {{type: complex, vlen: '64', num_inputs: '1', bus_structure_sink: '[[0,],]'}}
  states: {{coordinate: [400, 100], rotation: 0, state: enabled}}
- name: dbg
  id: blocks_message_debug
  parameters: {{en_uvec: 'True'}}
  states: {{coordinate: [400, 200], rotation: 0, state: enabled}}
connections:
- [src, '0', blk, '0']
- [blk, '0', snk, '0']
- [blk, bursts, dbg, store]
metadata: {{file_format: 1}}
"""


@unittest.skipIf(GRCC is None, "grcc not installed")
@unittest.skipIf(not os.path.isdir(GRC_DIR), "grc/ folder not found")
class qa_grc_features(gr_unittest.TestCase):

    def test_compile_and_run(self):
        env = dict(os.environ)
        env["GRC_BLOCKS_PATH"] = GRC_DIR + os.pathsep + env.get("GRC_BLOCKS_PATH", "")
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in (("grc_features", FEATURES), ("grc_bursts", DETECTOR)):
                with self.subTest(block=name):
                    grc = os.path.join(tmp, name + ".grc")
                    with open(grc, "w") as f:
                        f.write(text.format(name=name, vlen=64))
                    res = subprocess.run([GRCC, "-o", tmp, grc], env=env,
                                         capture_output=True, text=True, timeout=60)
                    self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
                    res = subprocess.run([sys.executable, os.path.join(tmp, name + ".py")],
                                         env=env, capture_output=True, text=True,
                                         timeout=60, stdin=subprocess.DEVNULL)
                    self.assertEqual(res.returncode, 0, res.stdout + res.stderr)


if __name__ == "__main__":
    gr_unittest.run(qa_grc_features)
