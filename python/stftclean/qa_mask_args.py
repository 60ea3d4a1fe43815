#!/usr/bin/env python3
#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""The mask blocks' args (issue 20): cleaner_cc, cleaner_ff and mask_cc take
every mask field but the kind and the rate as key=value text, checked and
changed through the core's table of mask parameters.

  - the args spelling and the former keywords (and the former positional
    order) build the same block: bit-identical output on the same input,
    and an output that differs from the default block's (the fields took
    effect); the former spellings warn (DeprecationWarning) with the new one;
  - an unknown key raises ValueError naming it (make(), set_args(),
    set_param(), param());
  - set_args() and set_param() change the output as the typed setter does;
  - the params message port takes every key of the table (runtime fields
    change, the others keep their value), text values included;
  - mask_config() reads back to the same configuration (make() and
    set_args());
  - the keys the blocks document are the table's, which is the core's."""

import os
import re
import time
import warnings

import numpy as np
import pmt
from gnuradio import analog, blocks, gr, gr_unittest

try:
    from gnuradio import stftclean
except ImportError:
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean

from stftclean_qa_ref import complex_noise

HERE = os.path.dirname(os.path.abspath(__file__))
CORE_TABLE = os.path.normpath(os.path.join(HERE, "..", "..", "lib", "core",
                                           "mask_fields.c"))
N, HOP, FS = 256, 64, 1e6
MASK_BLOCKS = ("cleaner_cc", "cleaner_ff", "mask_cc")


def signal(seed=3, n=1 << 14):
    """Noise with a tone and a burst: every mask kind has work to do."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    x = 0.3 * complex_noise(rng, n) + np.exp(2j * np.pi * 0.11 * t)
    x[n // 3:n // 2] += 2.0 * np.exp(-2j * np.pi * 0.23 * t[n // 3:n // 2])
    return x.astype(np.complex64)


def run(blk, x):
    """The block's output for input x (mask_cc: between stft_cc and
    istft_cc), as a numpy array."""
    tb = gr.top_block()
    if isinstance(blk, stftclean.cleaner_ff):
        src, snk = blocks.vector_source_f(x.real.tolist()), blocks.vector_sink_f()
        tb.connect(src, blk, snk)
    elif isinstance(blk, stftclean.mask_cc):
        src, snk = blocks.vector_source_c(x.tolist()), blocks.vector_sink_c()
        tb.connect(src, stftclean.stft_cc(N, HOP), blk, stftclean.istft_cc(N, HOP), snk)
    else:
        src, snk = blocks.vector_source_c(x.tolist()), blocks.vector_sink_c()
        tb.connect(src, blk, snk)
    tb.run()
    return np.array(snk.data())


def former(make, *args, **kw):
    """make(*args, **kw) with the former spelling: the DeprecationWarning it
    gives, which must name the new spelling."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        blk = make(*args, **kw)
    dep = [x for x in w if issubclass(x.category, DeprecationWarning)]
    assert len(dep) == 1, [str(x.message) for x in w]
    assert "args=" in str(dep[0].message), str(dep[0].message)
    return blk


def config(blk_or_text):
    text = blk_or_text if isinstance(blk_or_text, str) else blk_or_text.mask_config()
    return dict(kv.split("=", 1) for kv in text.split())


class qa_mask_args(gr_unittest.TestCase):

    def setUp(self):
        self.x = signal()

    # --- the args spelling and the former keywords ------------------------

    CASES = [
        # (block, mask, the fields as args text, the same as former keywords)
        ("cleaner_cc", "auto",
         "pfa=1e-4 noise_window=0.004 lines=1 smooth_time=0.0002 floor_db=-30",
         dict(pfa=1e-4, noise_window=0.004, lines=1, smooth_time=0.0002,
              floor_db=-30.0)),
        ("cleaner_ff", "gate",
         "threshold_db=9.5, gate_slope_db=3; impulse=on hysteresis_db=1",
         dict(threshold_db=9.5, gate_slope_db=3.0, impulse=1, hysteresis_db=1.0)),
        ("mask_cc", "band", "bands=-40960:8192,200000:250000 band_reject=on floor_db=-20",
         dict(bands=[-40960.0, 8192.0, 200000.0, 250000.0], band_reject=True,
              floor_db=-20.0)),
        ("cleaner_cc", "wiener", "xi_min_db=-25 dd_alpha=0.9 bypass=off dc=off",
         dict(xi_min_db=-25.0, dd_alpha=0.9, bypass=False, dc=0)),
    ]

    def test_001_args_and_former_keywords_give_the_same_output(self):
        for name, mask, text, kw in self.CASES:
            make = getattr(stftclean, name)
            with self.subTest(block=name, args=text):
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # the new spelling: no warning
                    new = make(N, HOP, mask=mask, args=text, sample_rate=FS)
                old = former(make, fft_size=N, hop=HOP, mask=mask, sample_rate=FS, **kw)
                self.assertEqual(new.mask_config(), old.mask_config())
                y_new, y_old = run(new, self.x), run(old, self.x)
                self.assertGreater(len(y_new), 0)
                self.assertTrue(np.array_equal(y_new, y_old), name)
                # the fields took effect: not the default block's output
                y_def = run(make(N, HOP, mask=mask, sample_rate=FS,
                                 args="bands=-40960:8192" if mask == "band" else ""),
                            self.x)
                self.assertFalse(np.array_equal(y_new, y_def), name)

    def test_002_former_positional_order(self):
        """cleaner_cc/mask_cc(fft_size, hop, window, mask, threshold_db,
        floor_db, bands, band_reject, sample_rate, window_len, centered,
        noise_window, ..., presence) as before; cleaner_ff without
        centered."""
        est = [0.004, 0.0, 0.0, -1.0, 1e-5, 3.0, -1.0, 6.0, -15.0, 0.98, -1, 10.0, -1,
               5.0, 0.0, 0.0, False, 0]
        for name in MASK_BLOCKS:
            make = getattr(stftclean, name)
            head = [N, HOP, "hann", "auto", 6.0, -45.0, [], False, FS, 0]
            args = head + ([] if name == "cleaner_ff" else [False]) + est
            with self.subTest(block=name):
                old = former(make, *args)
                new = make(N, HOP, "hann", "auto",
                           "floor_db=-45 noise_window=0.004 pfa=1e-5 presence=off", FS)
                self.assertEqual(old.mask_config(), new.mask_config())
                self.assertEqual(old.presence(), 0)
                self.assertTrue(np.array_equal(run(old, self.x), run(new, self.x)))
        # a short positional call (up to mask) is the same in both spellings
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            stftclean.cleaner_cc(N, HOP, "hann", "none")

    def test_003_every_former_keyword(self):
        """Each mask field as a former keyword gives the configuration of
        the args text the deprecation warning names (exact numbers, bands
        as the former C++ floats)."""
        values = dict(threshold_db=7.123456789, floor_db=-33.987654321,
                      bands=[1e3 / 3, 2e4 / 3], band_reject=True,
                      noise_window=0.0123456789, region_time=0.00312345678,
                      region_freq=12345.6789, lookahead=0.000712345678,
                      pfa=3.33333333e-7, hysteresis_db=2.123456789,
                      hang_time=0.0212345678, gate_slope_db=4.56789012,
                      xi_min_db=-21.1234567, dd_alpha=0.9312345678, lines=1,
                      line_db=12.3456789, impulse=0, impulse_db=7.654321098,
                      smooth_time=0.00112345678, smooth_freq=7777.7777777,
                      bypass=True, presence=0, dc=1)
        for key, v in values.items():
            with self.subTest(key=key):
                blk = former(stftclean.cleaner_cc, N, HOP, mask="auto", sample_rate=FS,
                             **{key: v})
                got = config(blk)[key]
                if key == "bands":
                    f32 = [float(np.float32(b)) for b in v]
                    self.assertEqual([float(b) for b in got.split(":")], f32)
                    self.assertNotEqual(f32, v)  # the former float rounding
                elif isinstance(v, bool):
                    self.assertEqual(got, "on" if v else "off")
                elif key in ("lines", "impulse", "presence", "dc"):
                    self.assertEqual(got, {-1: "auto", 0: "off", 1: "on"}[v])
                else:
                    self.assertEqual(float(got), v)

    def test_004_unknown_key_is_named(self):
        for name in MASK_BLOCKS:
            make = getattr(stftclean, name)
            with self.subTest(block=name):
                with self.assertRaisesRegex(ValueError, r"^args: unknown key 'pfaa'"):
                    make(N, HOP, args="pfa=1e-6, pfaa=1e-6", sample_rate=FS)
                blk = make(N, HOP, mask="auto", sample_rate=FS, args="pfa=1e-6")
                with self.assertRaisesRegex(ValueError, r"unknown key 'no_such'"):
                    blk.set_args("threshold_db=3 no_such=1")
                self.assertEqual(blk.threshold_db(), 6.0)  # nothing changed
                with self.assertRaisesRegex(ValueError, r"^no_such: not a mask parameter"):
                    blk.set_param("no_such", 1.0)
                with self.assertRaisesRegex(ValueError, r"^no_such: not a mask parameter"):
                    blk.param("no_such")
                # a bad value names its key
                with self.assertRaisesRegex(ValueError, r"^lines: "):
                    make(N, HOP, args="lines=maybe", sample_rate=FS)
                with self.assertRaisesRegex(ValueError, r"^pfa: "):
                    make(N, HOP, args="pfa=0.5", sample_rate=FS)
        with self.assertRaisesRegex(ValueError, r"^pfaa: not a mask parameter"):
            stftclean.mask_args(pfaa=1e-6)
        with self.assertRaisesRegex(ValueError, r"^args: unknown key 'x'"):
            stftclean.mask_config("x=1")

    # --- run-time changes --------------------------------------------------

    def test_005_set_args_and_set_param_as_the_typed_setter(self):
        """Staged before the run (applied at the first frame, as any
        run-time change is at a frame boundary), set_args() and
        set_param() give the typed setter's output bit for bit; the
        unchanged block's differs."""
        changes = [("threshold_db", 13.0, "threshold"), ("pfa", 1e-3, "auto"),
                   ("floor_db", -12.0, "gate"), ("lines", 1, "auto")]
        for name in MASK_BLOCKS:
            make = getattr(stftclean, name)
            for field, value, mask in changes:
                with self.subTest(block=name, field=field):
                    outs = []
                    for how in ("typed", "args", "param", "none"):
                        blk = make(N, HOP, mask=mask, sample_rate=FS,
                                   args="noise_window=0.002 region_time=0.001")
                        if how == "typed":
                            getattr(blk, "set_" + field)(value)
                        elif how == "args":
                            blk.set_args("%s=%r" % (field, value))
                        elif how == "param":
                            blk.set_param(field, value)
                        if how != "none":
                            self.assertEqual(blk.param(field), value)
                            self.assertEqual(getattr(blk, field)(), value)
                        outs.append(run(blk, self.x))
                    self.assertTrue(np.array_equal(outs[0], outs[1]))
                    self.assertTrue(np.array_equal(outs[0], outs[2]))
                    self.assertFalse(np.array_equal(outs[0], outs[3]))

    def wait_for(self, cond, timeout=20.0):
        deadline = time.monotonic() + timeout
        while not cond() and time.monotonic() < deadline:
            time.sleep(0.01)
        return cond()

    def running(self, blk):
        """blk in a running flowgraph of noise at 1 MS/s (mask_cc: noise
        vectors, which it takes for STFT frames)."""
        tb = gr.top_block()
        if isinstance(blk, stftclean.cleaner_ff):
            tb.connect(analog.noise_source_f(analog.GR_GAUSSIAN, 1.0, 5),
                       blocks.throttle(4, 1e6), blk, blocks.null_sink(4))
            tb.start()
            return tb
        src = analog.noise_source_c(analog.GR_GAUSSIAN, 1.0, 5)
        if isinstance(blk, stftclean.mask_cc):
            tb.connect(src, blocks.throttle(8, 1e6), blocks.stream_to_vector(8, N), blk,
                       blocks.null_sink(8 * N))
        else:
            tb.connect(src, blocks.throttle(8, 1e6), blk, blocks.null_sink(8))
        tb.start()
        return tb

    def test_006_set_args_while_running(self):
        """set_args() while the flowgraph runs reaches the core: bypass
        makes every gain 1, set_param() takes it back."""
        for name in MASK_BLOCKS:
            blk = getattr(stftclean, name)(N, HOP, mask="threshold", sample_rate=FS,
                                           args="threshold_db=40")
            tb = self.running(blk)
            try:
                self.assertTrue(self.wait_for(lambda: min(blk.last_mask()) < 0.5), name)
                blk.set_args("bypass=on")
                self.assertTrue(self.wait_for(lambda: min(blk.last_mask()) == 1.0), name)
                blk.set_param("bypass", 0)
                self.assertTrue(self.wait_for(lambda: min(blk.last_mask()) < 0.5), name)
            finally:
                tb.stop()
                tb.wait()

    def candidate(self, make, field, current):
        """A valid value for field different from current, found by the
        block itself (set_param on a scratch block): the test knows no
        field by name, so a new field of the table is covered too. For a
        constructor-only field any other value (it is refused)."""
        if field["kind"] == "flag":
            return 1.0 - current
        if field["kind"] == "tristate":
            return 1.0 if current != 1.0 else 0.0
        if not field["runtime"]:
            return current + 1.0
        lo, hi = field["lo"], field["hi"]
        tries = [lo + 0.37 * (hi - lo)] if lo is not None else []
        tries += [current + 0.001, 0.002, 0.5, 1.0, 1e3, 1e4, 1e5, current * 2]
        for v in tries:
            if v == current:
                continue
            try:
                make().set_param(field["name"], v)
            except ValueError:
                continue
            return v
        self.fail("no valid value found for %s" % field["name"])

    def test_007_params_message_every_key(self):
        """One params message per key of the table: a runtime field takes
        the new value (as a number, or as text), a constructor-only one
        keeps its value; the getters agree."""
        fields = stftclean.mask_fields()
        for name in ("cleaner_cc", "mask_cc"):
            def make():
                return getattr(stftclean, name)(N, HOP, mask="auto", sample_rate=FS,
                                                args="noise_window=0.01")
            blk = make()
            tb = self.running(blk)
            port = pmt.intern("params")
            try:
                for f in fields:
                    key = f["name"]
                    with self.subTest(block=name, key=key):
                        before = blk.param(key)
                        if f["kind"] == "bands":
                            blk.to_basic_block()._post(port, pmt.dict_add(
                                pmt.make_dict(), pmt.intern(key),
                                pmt.init_f32vector(2, [-1e3, 2e3])))
                            self.assertTrue(self.wait_for(
                                lambda: list(blk.bands()) == [-1e3, 2e3]))
                            blk.to_basic_block()._post(port, pmt.cons(
                                pmt.intern(key), pmt.intern("-4e3:3e3,5e3:6e3")))
                            self.assertTrue(self.wait_for(lambda: blk.param(key) == 2))
                            self.assertEqual(list(blk.bands()), [-4e3, 3e3, 5e3, 6e3])
                            continue
                        if f["kind"] == "type":
                            value = pmt.intern("wiener")
                        else:
                            v = self.candidate(make, f, before)
                            value = pmt.from_double(v)
                        # a marker after it: once the marker is applied,
                        # the message before it has been handled
                        mkey = "floor_db" if key == "threshold_db" else "threshold_db"
                        marker = -50.0 + 0.25 * fields.index(f)
                        msg = pmt.dict_add(pmt.make_dict(), pmt.intern(key), value)
                        blk.to_basic_block()._post(port, msg)
                        blk.to_basic_block()._post(port, pmt.cons(
                            pmt.intern(mkey), pmt.from_double(marker)))
                        self.assertTrue(self.wait_for(lambda: blk.param(mkey) == marker))
                        if f["runtime"]:
                            self.assertEqual(blk.param(key), v)
                            # the same key as text (what mask_config() writes)
                            text = config(blk)[key]
                            blk.set_param(key, before)
                            blk.to_basic_block()._post(port, pmt.cons(
                                pmt.intern(key), pmt.intern(text)))
                            self.assertTrue(self.wait_for(lambda: blk.param(key) == v))
                        else:
                            self.assertEqual(blk.param(key), before)
            finally:
                tb.stop()
                tb.wait()

    # --- mask_config() -----------------------------------------------------

    def test_008_mask_config_round_trips(self):
        args = ("pfa=3.3e-7 noise_window=0.0123 lines=on impulse=off hang_time=0.02 "
                "bands=-1000.5:2000.25,3e4:4e4 band_reject=on smooth_freq=7777 dc=off")
        for name in MASK_BLOCKS:
            make = getattr(stftclean, name)
            with self.subTest(block=name):
                a = make(N, HOP, mask="cfar", sample_rate=FS,
                         args=args.replace("-1000.5", "1000.5"))
                text = a.mask_config()
                # make(): the text names mask and sample_rate too, which win
                b = make(N, HOP, args=text)
                self.assertEqual(b.mask_config(), text)
                self.assertEqual(config(b)["mask"], "cfar")
                self.assertEqual(float(config(b)["sample_rate"]), FS)
                # set_args(): its own text is no change (constructor-only
                # fields keep their values)
                b.set_args(text)
                self.assertEqual(b.mask_config(), text)
                # the module's parser reads it back the same way
                self.assertEqual(stftclean.mask_config(text), text)
                self.assertTrue(np.array_equal(run(a, self.x), run(b, self.x)))
        with self.assertRaisesRegex(ValueError, r"^noise_window: can only be set"):
            stftclean.cleaner_cc(N, HOP, sample_rate=FS).set_args("noise_window=1")

    # --- documentation -----------------------------------------------------

    def test_009_documented_keys_are_the_core_table(self):
        names = [f["name"] for f in stftclean.mask_fields()]
        self.assertGreater(len(names), 20)
        # the table of the binding is the one mask_config() writes
        self.assertEqual([kv.split("=")[0] for kv in stftclean.mask_config().split()],
                         names)
        # ... and the core source's rows, where the source tree is here
        if os.path.exists(CORE_TABLE):
            with open(CORE_TABLE) as f:
                src = f.read()
            rows = re.findall(r'^\s*\{\s*"(\w+)",', src, re.M)
            self.assertEqual(rows, names)
        for name in MASK_BLOCKS:
            cls = getattr(stftclean, name)
            with self.subTest(block=name):
                doc = cls.__doc__
                m = re.search(r"^Mask parameters \((?s:.*?)\):\n((?:    .*\n?)*)", doc,
                              re.M)
                self.assertIsNotNone(m, "no list of the mask parameters in help()")
                documented = re.findall(r"^    (\w+): ", m.group(1), re.M)
                self.assertEqual(documented, names)
                self.assertIn("args", cls.__init__.__doc__.split("\n")[0])
                self.assertTrue(issubclass(cls, stftclean.mask_control))

    def test_010_module_helpers(self):
        self.assertEqual(stftclean.mask_args(pfa=1e-6, lines=True, bypass=0,
                                             bands=[-3e4, 3e4], args="dc=off"),
                         "pfa=1e-06 lines=1 bypass=off bands=-30000.0:30000.0 dc=off")
        self.assertEqual(stftclean.mask_args(), "")
        self.assertEqual(config(stftclean.mask_config("rate=48000 reject=on")),
                         config(stftclean.mask_config("sample_rate=48e3, band_reject=1")))
        with self.assertRaisesRegex(ValueError, "^bands: need lo, hi pairs"):
            stftclean.mask_args(bands=[1.0])
        with self.assertRaisesRegex(ValueError, "^centered: "):
            stftclean.cleaner_ff(N, HOP, centered=True)
        with self.assertRaisesRegex(ValueError, "^threads: "):
            stftclean.cleaner_cc(N, HOP, threads=3)


if __name__ == "__main__":
    gr_unittest.run(qa_mask_args)
