#!/usr/bin/env python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Each GRC block definition, with only fft_size and hop set, compiles with
grcc and the generated script runs (headless, finite vector source); the
mask blocks also with their Args, and grcc refuses bad mask fields (checked
against the core's table by the YAML's assert)."""

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

# case -> (GRC block id without stftclean_, its parameters besides fft_size
# and hop, (source item type, source vlen, sink item type, sink vlen)) for
# fft_size 64 (real bins: 33); cleaner_cc and cleaner_ff are one templated
# GRC block (cleaner_xx, IO Type complex or float)
BLOCKS = {
    "stft_cc": ("stft_cc", "", ("complex", 1, "complex", 64)),
    "stft_fc": ("stft_fc", "", ("float", 1, "complex", 33)),
    "istft_cc": ("istft_cc", "", ("complex", 64, "complex", 1)),
    "istft_cf": ("istft_cf", "", ("complex", 33, "float", 1)),
    "cleaner_cc": ("cleaner_xx", "type: complex", ("complex", 1, "complex", 1)),
    "cleaner_ff": ("cleaner_xx", "type: float", ("float", 1, "float", 1)),
    "mask_cc": ("mask_cc", "", ("complex", 64, "complex", 64)),
}

CC, FF, VEC = ("complex", 1, "complex", 1), ("float", 1, "float", 1), \
    ("complex", 64, "complex", 64)

# extra cases: (name, block, parameters, source/sink types as above)
EXTRA = [
    ("cleaner_cc_auto", "cleaner_xx",
     "{type: complex, fft_size: '64', hop: '16', mask: auto, sample_rate: '32000', "
     "args: 'pfa=1e-5, lines=0, bypass=off'}", CC),
    ("cleaner_ff_gate", "cleaner_xx",
     "{type: float, fft_size: '64', hop: '16', mask: gate, sample_rate: '48000', "
     "threshold_db: '9', floor_db: '-30', args: smooth_time=0.002}", FF),
    ("mask_cc_wiener", "mask_cc",
     "{fft_size: '64', hop: '16', mask: wiener, sample_rate: '32000', centered: 'True'}",
     VEC),
    # presence: On needs a region of at least 64 cells (16 ms x 10 kHz at
    # 1 MS/s: 250 x 3); Off on real input
    ("cleaner_cc_presence", "cleaner_xx",
     "{type: complex, fft_size: '64', hop: '16', mask: auto, sample_rate: '1e6', "
     "args: presence=1}", CC),
    ("cleaner_ff_presence", "cleaner_xx",
     "{type: float, fft_size: '64', hop: '16', mask: auto, sample_rate: '48000', "
     "args: presence=0}", FF),
    ("mask_cc_presence", "mask_cc",
     "{fft_size: '64', hop: '16', mask: auto, sample_rate: '1e6', args: presence=on}", VEC),
    # args as an expression of the flowgraph's variables (the examples'
    # look-ahead), and a pipelined cleaner
    ("cleaner_cc_args_expression", "cleaner_xx",
     "{type: complex, fft_size: '64', hop: '16', mask: auto, sample_rate: samp_rate, "
     "threads: '2', args: 'stftclean.mask_args(lookahead=2 * 16 / samp_rate)'}", CC),
    # a recording's length in, the same length out (a python hier block)
    ("aligned_cleaner_cc_auto", "aligned_cleaner_xx",
     "{type: complex, nsamples: '4096', fft_size: '64', hop: '16', mask: auto, "
     "sample_rate: samp_rate, args: 'pfa=1e-5'}", CC),
    ("aligned_cleaner_ff_none", "aligned_cleaner_xx",
     "{type: float, nsamples: '4000', fft_size: '64', hop: '16', mask: none}", FF),
    ("mask_cc_band", "mask_cc",
     "{fft_size: '64', hop: '16', mask: band, sample_rate: samp_rate, "
     "args: 'bands=-4e3:4e3,8e3:9e3 band_reject=on'}", VEC),
]

# cases grcc must refuse (a GRC assert fails): (name, block, parameters, types)
REFUSED = [
    ("cleaner_cc_presence_bad", "cleaner_xx",
     "{type: complex, fft_size: '64', hop: '16', mask: auto, sample_rate: '1e6', "
     "args: presence=2}", CC),
    ("cleaner_ff_unknown_key", "cleaner_xx",
     "{type: float, fft_size: '64', hop: '16', args: no_such_key=1}", FF),
    ("cleaner_cc_floor_out_of_range", "cleaner_xx",
     "{type: complex, fft_size: '64', hop: '16', floor_db: '3'}", CC),
    ("cleaner_ff_centered", "cleaner_xx",
     "{type: float, fft_size: '64', hop: '16', centered: 'True'}", FF),
    ("aligned_cleaner_cc_no_length", "aligned_cleaner_xx",
     "{type: complex, fft_size: '64', hop: '16', mask: none}", CC),
    ("aligned_cleaner_cc_auto_no_rate", "aligned_cleaner_xx",
     "{type: complex, nsamples: '4096', fft_size: '64', hop: '16', mask: auto, "
     "sample_rate: '0'}", CC),
    ("mask_cc_pfa_out_of_range", "mask_cc",
     "{fft_size: '64', hop: '16', args: 'pfa=0.5'}", VEC),
]

GRC_TEMPLATE = """options:
  parameters:
    id: {name}
    title: {name}
    generate_options: no_gui
    run_options: run
    output_language: python
    category: Custom
  states: {{coordinate: [8, 8], rotation: 0, state: enabled}}
blocks:
- name: samp_rate
  id: variable
  parameters: {{comment: '', value: '32000'}}
  states: {{coordinate: [8, 50], rotation: 0, state: enabled}}
- name: src
  id: blocks_vector_source_x
  parameters: {{type: {src_type}, vector: '[0.25] * {vlen} * 4096', repeat: 'False', vlen: '{vlen}', tags: '[]'}}
  states: {{coordinate: [8, 100], rotation: 0, state: enabled}}
- name: blk
  id: stftclean_{block}
  parameters: {params}
  states: {{coordinate: [200, 100], rotation: 0, state: enabled}}
- name: snk
  id: blocks_null_sink
  parameters: {{type: {snk_type}, vlen: '{snk_vlen}', num_inputs: '1', bus_structure_sink: '[[0,],]'}}
  states: {{coordinate: [400, 100], rotation: 0, state: enabled}}
connections:
- [src, '0', blk, '0']
- [blk, '0', snk, '0']
metadata:
  file_format: 1
"""


@unittest.skipIf(GRCC is None, "grcc not installed")
@unittest.skipIf(not os.path.isdir(GRC_DIR), "grc/ folder not found")
class qa_grc(gr_unittest.TestCase):

    def test_001_every_block_compiles_and_runs(self):
        env = dict(os.environ)
        env["GRC_BLOCKS_PATH"] = GRC_DIR + os.pathsep + env.get("GRC_BLOCKS_PATH", "")
        with tempfile.TemporaryDirectory() as tmp:
            cases = [(name, b, "{fft_size: '64', hop: '16'%s}" % (", " + extra if extra else ""),
                      t) for name, (b, extra, t) in BLOCKS.items()]
            for case, block, params, (src_type, vlen, snk_type, snk_vlen) in cases + EXTRA:
                with self.subTest(block=case):
                    name = "grc_" + case
                    grc = os.path.join(tmp, name + ".grc")
                    with open(grc, "w") as f:
                        f.write(GRC_TEMPLATE.format(name=name, block=block, params=params,
                                                    src_type=src_type, vlen=vlen,
                                                    snk_type=snk_type,
                                                    snk_vlen=snk_vlen))
                    res = subprocess.run([GRCC, "-o", tmp, grc], env=env,
                                         capture_output=True, text=True, timeout=60)
                    self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
                    script = os.path.join(tmp, name + ".py")
                    self.assertTrue(os.path.exists(script), res.stdout + res.stderr)
                    # grcc scripts start with "#!/usr/bin/env python3": run them
                    # with this interpreter, which has GNU Radio
                    res = subprocess.run([sys.executable, script], env=env,
                                         capture_output=True, text=True, timeout=60,
                                         stdin=subprocess.DEVNULL)
                    self.assertEqual(res.returncode, 0, res.stdout + res.stderr)

    def test_002_asserts_refuse(self):
        env = dict(os.environ)
        env["GRC_BLOCKS_PATH"] = GRC_DIR + os.pathsep + env.get("GRC_BLOCKS_PATH", "")
        with tempfile.TemporaryDirectory() as tmp:
            for case, block, params, (src_type, vlen, snk_type, snk_vlen) in REFUSED:
                with self.subTest(block=case):
                    name = "grc_" + case
                    grc = os.path.join(tmp, name + ".grc")
                    with open(grc, "w") as f:
                        f.write(GRC_TEMPLATE.format(name=name, block=block, params=params,
                                                    src_type=src_type, vlen=vlen,
                                                    snk_type=snk_type,
                                                    snk_vlen=snk_vlen))
                    res = subprocess.run([GRCC, "-o", tmp, grc], env=env,
                                         capture_output=True, text=True, timeout=60)
                    self.assertNotEqual(res.returncode, 0, res.stdout + res.stderr)
                    self.assertFalse(os.path.exists(os.path.join(tmp, name + ".py")))


if __name__ == "__main__":
    gr_unittest.run(qa_grc)
