#!/usr/bin/env python3
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Hostile parameters for every block constructor of the module, found by
introspection (a new block is covered without an edit here): each numeric
parameter is set in turn to zero, negative, huge, NaN and +-Inf (ints:
0, -1, INT_MIN, INT_MAX, 2^30 whose products with other sizes overflow).
Each construction either succeeds (the value has a documented meaning) or
raises ValueError whose message names the parameter; NaN is always
refused; nothing else is raised and nothing aborts."""

import atexit
import math
import os
import re
import shutil
import struct
import tempfile
import unittest

from gnuradio import gr

from gnuradio import stftclean

FLOATS = [math.nan, math.inf, -math.inf, 1e300, -1e300, 0.0, -1.0]
INTS = [0, -1, -2 ** 31, 2 ** 31 - 1, 2 ** 30]
# must be refused whatever the block (documented ranges)
MUST_REFUSE_INT = {"fft_size": INTS, "hop": INTS}
# The blocks whose sample_rate goes to the core's DSP: it must lie in the
# core's [STFTC_SAMPLE_RATE_MIN, STFTC_SAMPLE_RATE_MAX] = [1e-3, 1e12] Hz
# (file sources and sinks have their own meanings, e.g. 0 = from the file).
CORE_RATE_BLOCKS = {"burst_detector", "cleaner_cc", "cleaner_ff", "mask_cc",
                    "spectral_features", "sigmf_annotation_sink"}
# ... except 0 for these: the rate of the stream's rx_rate tag
RATE_FROM_TAG_BLOCKS = {"cleaner_cc", "cleaner_ff", "mask_cc"}
RATE_EXTRA = [1e-300, 5e-4, 2e12]

TMP = tempfile.mkdtemp(prefix="stftc_hostile_")
atexit.register(shutil.rmtree, TMP, True)

def names(msg, param):
    """The message names the parameter: its name, or its core field (the
    name without a unit suffix: on_db -> on) as a word, e.g. for a pair of
    fields "off: must be -50 dB..on (6)"."""
    if param in msg:
        return True
    core = re.sub(r"_(db|hz|s)$", "", param)
    return re.search(r"\b%s\b" % re.escape(core), msg) is not None


def tiny_wav():
    """A valid 2-channel PCM16 IQ WAV with 16 frames."""
    path = os.path.join(TMP, "in.wav")
    data = b"\0" * 64
    fmt = struct.pack("<HHIIHH", 1, 2, 48000, 48000 * 4, 4, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + \
        struct.pack("<I", len(data)) + data
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def base_value(block, name, typ):
    """A valid value for a parameter without a default, or None."""
    known = {"fft_size": 64, "hop": 16, "sample_rate": 48000.0}
    if name in known:
        return known[name]
    if name in ("filename", "path", "file"):
        if "source" in block:
            return tiny_wav()
        return os.path.join(TMP, block + "_out")
    return None


def parse_signature(cls):
    """[(name, type, default or None, has_default)] from pybind11's __init__
    docstring: __init__(self: X, fft_size: int, hop: int, window: str = 'hann')."""
    doc = cls.__init__.__doc__ or ""
    m = re.search(r"__init__\(self: [^,)]+,?\s*(.*)\)\s*->", doc)
    if not m:
        return None
    params = []
    depth, cur = 0, ""
    for ch in m.group(1):  # split on top-level commas
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            params.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        params.append(cur.strip())
    out = []
    for p in params:
        pm = re.match(r"(\w+): ([\w.:\[\]]+)(?: = (.*))?$", p)
        if not pm:
            return None
        out.append((pm.group(1), pm.group(2), pm.group(3), pm.group(3) is not None))
    return out


def blocks():
    """(name, class) of every block class in the module."""
    for name in sorted(dir(stftclean)):
        cls = getattr(stftclean, name)
        if isinstance(cls, type) and issubclass(cls, gr.basic_block) \
                if hasattr(gr, "basic_block") else False:
            yield name, cls
        elif isinstance(cls, type) and hasattr(cls, "to_basic_block"):
            yield name, cls


class HostileBlocks(unittest.TestCase):

    def check(self, block, cls, kw, name, value, must_refuse):
        try:
            cls(**kw)
        except ValueError as e:
            self.assertTrue(names(str(e), name),
                            "%s(%s=%r): ValueError %r does not name the parameter"
                            % (block, name, value, str(e)))
            return "refused"
        except TypeError as e:
            # pybind11 refuses a negative value for an unsigned C++ parameter
            # before the block sees it (the message lists the signature)
            if value < 0 and "incompatible constructor arguments" in str(e):
                return "refused by pybind11"
            self.fail("%s(%s=%r) raised TypeError: %s" % (block, name, value, e))
        except Exception as e:  # anything else is a failure
            self.fail("%s(%s=%r) raised %s: %s" % (block, name, value, type(e).__name__, e))
        self.assertFalse(must_refuse, "%s(%s=%r) accepted" % (block, name, value))
        return "accepted"

    def test_every_block(self):
        covered = []
        for block, cls in blocks():
            sig = parse_signature(cls)
            if sig is None:
                continue
            base = {}
            ok = True
            for name, typ, _, has_def in sig:
                if not has_def:
                    v = base_value(block, name, typ)
                    if v is None:
                        ok = False
                        break
                    base[name] = v
            if not ok:
                print("skipped %s: no valid value known for a required parameter" % block)
                continue
            # the estimator fields are checked when an estimator uses them
            if any(n == "mask" for n, _, _, _ in sig):
                base["mask"] = "auto"
                base["sample_rate"] = 1e6
            try:
                cls(**base)
            except Exception as e:
                self.fail("%s(**%r) (the base) raised %r" % (block, base, e))
            n_checks = 0
            for name, typ, _, _ in sig:
                rate = name == "sample_rate" and block in CORE_RATE_BLOCKS
                if typ == "float":
                    values = FLOATS + (RATE_EXTRA if rate else [])
                elif typ == "int":
                    values = INTS
                else:
                    continue
                for v in values:
                    kw = dict(base)
                    kw[name] = v
                    must = (isinstance(v, float) and math.isnan(v)) or \
                        v in MUST_REFUSE_INT.get(name, []) or \
                        (rate and not 1e-3 <= v <= 1e12 and
                         not (v == 0.0 and block in RATE_FROM_TAG_BLOCKS))
                    with self.subTest(block=block, param=name, value=v):
                        self.check(block, cls, kw, name, v, must)
                    n_checks += 1
            covered.append("%s (%d)" % (block, n_checks))
        print("covered:", ", ".join(covered))
        for core_block in ("stft_cc", "istft_cc", "cleaner_cc", "cleaner_ff", "mask_cc"):
            self.assertTrue(any(c.startswith(core_block + " ") for c in covered), core_block)


if __name__ == "__main__":
    unittest.main()
