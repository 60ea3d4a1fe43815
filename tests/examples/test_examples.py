#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The example flowgraphs, as CI sees them:

- every examples/*.grc compiles with grcc against this tree's GRC blocks;
- headless examples that need no hardware run to completion and their
  outputs are checked with numpy (clean_tone_in_noise: the tone survives and
  the noise away from it is removed);
- Qt GUI examples are built offscreen (every block constructed with the
  example's parameters) and every GUI variable's setter is called once, so a
  callback that names a missing method fails here, not in front of a user;
- clean_iq_wav (the .grc and its twin examples/clean_iq_wav.py) runs on a
  generated 2 MS/s IQ WAV with known bursts: the cleaned WAV has the input's
  length and sample rate, is time-aligned, the noise between the bursts drops
  by more than 20 dB, and the SigMF annotations put one burst at each
  generated one (edges within 2 ms);
- clean_live_qt runs offscreen until its waterfall has taken 1.5 s of
  signal and saves a screenshot, which must not be blank (with
  STFTCLEAN_UPDATE_SCREENSHOT=1 it is copied to docs/clean_live_qt.png);
  its panels are read back: the "before" waterfall is not saturated (the
  noise sits in the lower part of the colour scale, read off the colour
  bar), the "after" waterfall is dark where the noise was removed, and the
  carrier of the default source is in the same column of the "after"
  waterfall and of the mask raster (both DC-centred, -fs/2 on the left);
  its sliders change the parameters of the auto mask it uses (pfa,
  floor_db, smooth_time, smooth_freq, read back from the mask block);
  GRC asks for no Throttle (the Any Source paces itself);
- no example logs set_min_output_buffer at info level;
- every example's canvas is tidy: blocks on the 8 px grid, and no two
  blocks (with their ports and comments, sizes estimated as GRC draws them,
  grc_canvas.py) overlap;
- examples that open radios (Soapy, UHD, audio) compile; running them needs
  the hardware.
The ZMQ pair runs in test_zmq_pair.py.
"""
import glob
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

# the source tree (argument 1); test_zmq_pair.py imports this module and sets it
SRC = sys.argv.pop(1) if __name__ == "__main__" else None
EXAMPLES = sorted(glob.glob(os.path.join(SRC, "examples", "*.grc"))) if SRC else []
HARDWARE = re.compile(r"id: (soapy_|uhd_|audio_|osmosdr_)")
SCREENSHOT = "clean_live_qt"  # the Qt example that is run and photographed
PANELS = ("wf_before", "wf_after", "mask_raster")  # its panels read back
# its sliders: (variable, a value, the mask parameter, what it must become)
SLIDERS = (("detect_n", 3.0, "pfa", 1e-3), ("floor_db", -20.0, "floor_db", -20.0),
           ("smooth_time", 0.005, "smooth_time", 0.005),
           ("smooth_freq", 10e3, "smooth_freq", 10e3))


def burst_recording(path, fs=2e6, seconds=2.0, seed=5):
    """Writes a 16-bit IQ WAV of white noise with five bursts (GFSK, BPSK,
    OOK at several offsets, 30-200 ms) whose power over the noise in 50 kHz
    is 5 dB; the last one ends 0.32 s before the end. Returns (iq complex128
    as written, bursts as (start, stop) samples)."""
    import scipy.io.wavfile as wavfile
    sys.path.insert(0, os.path.join(SRC, "python"))
    from stftclean.testing.device_scenarios import modulate
    rng = np.random.default_rng(seed)
    n = int(seconds * fs)
    noise_power = 10 ** (-5.0 / 10) * fs / 50e3
    x = (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * np.sqrt(noise_power / 2)
    plan = [(0.30, 0.060, "gfsk", 150e3), (0.55, 0.120, "bpsk", -300e3),
            (0.90, 0.030, "ook", 420e3), (1.20, 0.200, "gfsk", -80e3),
            (1.60, 0.080, "bpsk", 250e3)]
    bursts = []
    for t0, dur, kind, f0 in plan:
        a, b = int(t0 * fs), int((t0 + dur) * fs)
        x[a:b] += modulate(rng, kind, b - a, fs, f0, 8e3, 5e3 if kind == "gfsk" else 0.0)
        bursts.append((a, b))
    x *= 0.25 / np.sqrt(np.mean(np.abs(x) ** 2))  # peaks stay well inside 16 bits
    q = np.round(np.stack([x.real, x.imag], 1) * 32767).clip(-32768, 32767).astype(np.int16)
    wavfile.write(path, int(fs), q)
    return (q[:, 0] + 1j * q[:, 1]) / 32767.0, bursts


def read_iq_wav(path):
    import warnings

    import scipy.io.wavfile as wavfile
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wavfile.WavFileWarning)  # the auxi chunk
        rate, y = wavfile.read(path)
    return rate, y


def annotation_edges(meta):
    with open(meta) as f:
        d = json.load(f)
    return [(a["core:sample_start"], a["core:sample_start"] + a["core:sample_count"])
            for a in d["annotations"]]


def check_clean_iq_wav(tc, x, bursts, out, meta, fs=2e6):
    """The cleaned WAV: 2 channels of int16 at fs, the input's length, time-
    aligned with it (best lag 0 inside a burst), noise between bursts down by
    more than 20 dB; the annotations: one per generated burst, edges within
    2 ms."""
    rate, y = read_iq_wav(out)
    tc.assertEqual(rate, int(fs))
    tc.assertEqual(y.ndim, 2)
    tc.assertEqual(y.shape[1], 2)
    tc.assertEqual(y.dtype, np.int16)
    tc.assertEqual(len(y), len(x))
    y = (y[:, 0] + 1j * y[:, 1]) / 32767.0
    quiet = np.ones(len(x), bool)
    for a, b in bursts:  # the bursts, with 20 ms of mask look-ahead and hang
        quiet[max(0, a - int(0.02 * fs)):b + int(0.02 * fs)] = False
    quiet[:int(0.1 * fs)] = False  # the noise floors settle
    drop = 10 * np.log10(np.mean(np.abs(y[quiet]) ** 2) / np.mean(np.abs(x[quiet]) ** 2))
    tc.assertLess(drop, -20.0)
    a, b = bursts[3]
    seg = slice(a + 1000, b - 1000)

    def corr(lag):
        u, v = x[seg], y[seg.start + lag:seg.stop + lag]
        return abs(np.vdot(u, v)) / np.sqrt(np.vdot(u, u).real * np.vdot(v, v).real)

    tc.assertEqual(max((-64, -1, 0, 1, 64), key=corr), 0)
    found = annotation_edges(meta)
    tc.assertEqual(len(found), len(bursts), found)
    tol = int(0.002 * fs)
    for (a, b), (s, e) in zip(bursts, found):
        tc.assertLess(abs(s - a), tol, (a, b, s, e))
        tc.assertLess(abs(e - b), tol, (a, b, s, e))


def clean_iq_wav_args(tmp):
    path = os.path.join(tmp, "bursts_in.wav")
    RECORDING[:] = burst_recording(path)
    return ["-i", path, "-o", os.path.join(tmp, "clean_iq_wav.wav"),
            "-m", os.path.join(tmp, "clean_iq_wav.sigmf-meta")]


RECORDING = []  # (iq, bursts) of the last burst_recording written by the runs


def grc_text(path):
    with open(path) as f:
        return f.read()


def check_tone(tc, path):
    fs, f0 = 2e6, 100e3
    y = np.fromfile(path, np.complex64)
    tc.assertGreater(len(y), 900000)
    y = y[4096:4096 + 2 ** 19]
    spec = np.abs(np.fft.fft(y * np.hanning(len(y)))) ** 2
    freqs = np.fft.fftfreq(len(y), 1 / fs)
    tone = spec[np.abs(freqs - f0) < 2e3].sum()
    far = np.abs(freqs - f0) > 50e3
    noise_density = spec[far].mean()
    # The input (tone of power 1, complex noise of power 0.25) would give,
    # with this window w: tone energy (sum w)^2, per-bin noise energy
    # 0.25 * sum w^2. A threshold mask 10 dB above the median keeps about
    # 0.1 % of noise-only bins (exponential statistics), so the noise far
    # from the tone drops by about 30 dB: require 20.
    w = np.hanning(len(y))
    x_ratio = w.sum() ** 2 / (0.25 * (w ** 2).sum())
    y_ratio = tone / noise_density
    tc.assertGreater(10 * np.log10(y_ratio / x_ratio), 20.0)


def check_magnitude_edit(tc, tmp, iq):
    """magnitude_edit (real): 440 Hz (0.5), 1200 Hz (0.3, on in [0.25, 0.5) s,
    [0.75, 1) s, ...) and 3000 Hz (0.5) in faint noise at 16 kHz;
    magnitude_edit_iq: complex tones +440 (0.5), -1200 (0.3, gated),
    +3000 (0.5) and -3000 Hz (0.4). The STFT bins with centres in
    +2.5..+3.5 kHz are zeroed and the signal rebuilt from the magnitudes
    alone (RTPGHI, N 512, H 128, hann): output sample t is input sample
    t - 512 (latency L - H + H, one frame of look-ahead)."""
    fs, lat = 16000, 512
    name = "magnitude_edit_iq" if iq else "magnitude_edit"
    dtype, ext = (np.complex64, ".cf32") if iq else (np.float32, ".f32")
    x = np.fromfile(os.path.join(tmp, name + "_in" + ext), dtype).astype(complex)
    y = np.fromfile(os.path.join(tmp, name + ext), dtype).astype(complex)
    tc.assertEqual(len(x), 2 * fs)
    tc.assertEqual(len(y), len(x))
    # Same 1.5 s of signal on both sides once the latency is taken out.
    a, b = 4000, 28000
    w = np.hanning(b - a)
    freqs = np.fft.fftfreq(b - a, 1 / fs)
    sx = np.abs(np.fft.fft(x[a:b] * w)) ** 2
    sy = np.abs(np.fft.fft(y[a + lat:b + lat] * w)) ** 2

    def db(lo, hi):
        band = (freqs >= lo) & (freqs <= hi)
        return 10 * np.log10(sy[band].sum() / sx[band].sum())

    # The erased band (a bin's margin inside its edges) loses >= 20 dB.
    tc.assertLess(db(2550, 3450), -20.0)
    # The kept tones keep their level (within 3 dB) and their frequency.
    gated = -1200.0 if iq else 1200.0
    for f0 in (440.0, gated, -3000.0) if iq else (440.0, 1200.0):
        tc.assertLess(abs(db(f0 - 40, f0 + 40)), 3.0, f0)
        near = np.abs(freqs - f0) < 100
        peak = freqs[near][np.argmax(sy[near])]
        tc.assertLess(abs(peak - f0), 2.0, f0)
    # Time alignment: the gated tone's envelope (demodulated, 25 ms boxcar,
    # which nulls the other tones) matches the input's delayed by the
    # latency, and the best lag of the two envelopes is the latency.
    t = np.arange(len(x)) / fs
    box = np.ones(400) / 400
    scale = 1 if iq else 2

    def envelope(s):
        return scale * np.abs(np.convolve(s * np.exp(-2j * np.pi * gated * t), box, "same"))

    ex, ey = envelope(x), envelope(y)
    lags = np.arange(-1024, 1025)
    corr = [np.dot(ex[2000:26000], ey[2000 + k:26000 + k]) for k in lags]
    tc.assertLessEqual(abs(lags[int(np.argmax(corr))] - lat), 16)
    tc.assertLess(np.max(np.abs(ex[2000:26000] - ey[2000 + lat:26000 + lat])), 0.045)


# headless examples run here: name -> (extra arguments given the temporary
# directory, check(testcase, tmpdir))
RUNS = {
    "clean_tone_in_noise": (
        lambda tmp: ["-o", os.path.join(tmp, "clean_tone_in_noise.cf32")],
        lambda tc, tmp: check_tone(tc, os.path.join(tmp, "clean_tone_in_noise.cf32"))),
    "magnitude_edit": (
        lambda tmp: ["-o", os.path.join(tmp, "magnitude_edit.f32"),
                     "-i", os.path.join(tmp, "magnitude_edit_in.f32")],
        lambda tc, tmp: check_magnitude_edit(tc, tmp, iq=False)),
    "magnitude_edit_iq": (
        lambda tmp: ["-o", os.path.join(tmp, "magnitude_edit_iq.cf32"),
                     "-i", os.path.join(tmp, "magnitude_edit_iq_in.cf32")],
        lambda tc, tmp: check_magnitude_edit(tc, tmp, iq=True)),
    "clean_iq_wav": (
        clean_iq_wav_args,
        lambda tc, tmp: check_clean_iq_wav(tc, RECORDING[0], RECORDING[1],
                                           os.path.join(tmp, "clean_iq_wav.wav"),
                                           os.path.join(tmp, "clean_iq_wav.sigmf-meta"))),
}


def gui_variables(text):
    """Names of the Qt GUI variables (ranges, choosers, ...) of a .grc."""
    names = []
    for m in re.finditer(r"^- name: (\w+)\n  id: variable_qtgui_\w+", text, re.M):
        names.append(m.group(1))
    return names


@unittest.skipIf(shutil.which("grcc") is None, "grcc not installed")
class TestExamples(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        cls.env["GRC_BLOCKS_PATH"] = os.path.join(SRC, "grc")
        # one grcc for all (the block library loads once); compile() redoes
        # one alone to report its error
        subprocess.run(["grcc"] + EXAMPLES + ["-o", cls.tmp.name], env=cls.env,
                       capture_output=True, text=True, timeout=180)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def compile(self, grc):
        name = os.path.splitext(os.path.basename(grc))[0]
        script = os.path.join(self.tmp.name, name + ".py")
        if not os.path.exists(script):
            r = subprocess.run(["grcc", grc, "-o", self.tmp.name], env=self.env,
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(os.path.exists(script))
        return name, script

    def test_examples_compile_and_run(self):
        self.assertTrue(EXAMPLES, "no example flowgraphs found")
        for grc in EXAMPLES:
            name = os.path.splitext(os.path.basename(grc))[0]
            with self.subTest(example=name):
                text = grc_text(grc)
                name, script = self.compile(grc)
                if HARDWARE.search(text):
                    continue  # needs a radio or a sound card
                if "generate_options: qt_gui" in text:
                    self.build_gui(name, script, gui_variables(text))
                elif name in RUNS:
                    args, check = RUNS[name]
                    r = subprocess.run([sys.executable, script] + args(self.tmp.name),
                                       env=self.env, capture_output=True, text=True,
                                       timeout=180)
                    self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                    self.assertNotIn("set_min_output_buffer", r.stdout + r.stderr)
                    check(self, self.tmp.name)

    def build_gui(self, name, script, variables):
        """Construct the GUI flowgraph offscreen and call every GUI variable's
        setter (the generated set_<var> runs the blocks' callbacks). The
        SCREENSHOT example also runs: Qt events are processed until its
        "after" waterfall has taken 1.5 s of signal (4 s with
        STFTCLEAN_UPDATE_SCREENSHOT=1), then the window is saved as a PNG,
        which must not be blank."""
        png = os.path.join(self.tmp.name, name + ".png")
        panel_png = os.path.join(self.tmp.name, name + "_%s_%s.png")
        update = os.environ.get("STFTCLEAN_UPDATE_SCREENSHOT") == "1"
        seconds = 4.0 if update else 1.5  # of signal (a fuller picture for the docs)
        code = (
            "import sys, importlib.util\n"
            "from PyQt5 import Qt, QtCore\n"
            "app = Qt.QApplication(['x'])\n"
            "spec = importlib.util.spec_from_file_location(%r, %r)\n"
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
            "tb = getattr(m, %r)()\n"
            "for v in %r:\n"
            "    getattr(tb, 'set_' + v)(getattr(tb, 'get_' + v)())\n"
            "print('built', %r, 'setters', len(%r))\n"
        ) % (name, script, name, variables, name, variables)
        if name == SCREENSHOT:
            # the sliders reach the mask the example uses (auto): each
            # moved, the mask's own parameter read back, then put back
            code += (
                "for var, value, field, want in %r:\n"
                "    old = getattr(tb, 'get_' + var)()\n"
                "    getattr(tb, 'set_' + var)(value)\n"
                "    got = tb.mask.param(field)\n"
                "    assert abs(got - want) <= 1e-9 * abs(want), (var, field, got, want)\n"
                "    getattr(tb, 'set_' + var)(old)\n"
                "print('sliders reach the mask')\n"
            ) % (SLIDERS,)
            code += (
                "tb.resize(1400, 900)\n"
                "tb.show()\n"
                "tb.start()\n"
                "target = int(%g * tb.samp_rate)\n"
                "loop = QtCore.QEventLoop()\n"
                "polls = [0]\n"
                "def poll():\n"
                "    polls[0] += 1\n"
                "    if tb.wf_after.nitems_read(0) >= target or polls[0] > 2000:\n"
                "        loop.quit()\n"
                "timer = QtCore.QTimer()\n"
                "timer.timeout.connect(poll)\n"
                "timer.start(20)\n"
                "loop.exec_()\n"
                "timer.stop()\n"
                "frames = tb.wf_after.nitems_read(0) // tb.fft_size\n"
                "app.processEvents()\n"
                "saved = tb.grab().save(%r)\n"
                "from PyQt5 import QtWidgets\n"
                "for panel in %r:\n"
                "    win = getattr(tb, '_%%s_win' %% panel)\n"
                "    kids = win.findChildren(QtWidgets.QWidget)\n"
                "    kind = lambda w: w.metaObject().className()\n"
                "    canvas = [w for w in kids if kind(w) == 'QwtPlotCanvas']\n"
                "    canvas[0].grab().save(%r %% (panel, 'canvas'))\n"
                "    scales = [w for w in kids if kind(w) == 'QwtScaleWidget']\n"
                "    for i, w in enumerate(scales):\n"
                "        w.grab().save(%r %% (panel, 'scale%%d' %% i))\n"
                "tb.stop()\n"
                "tb.wait()\n"
                "print('frames', frames, 'of', target // tb.fft_size, 'saved', saved)\n"
            ) % (seconds, png, PANELS, panel_png, panel_png)
        r = subprocess.run([sys.executable, "-c", code], env=self.env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("built", r.stdout)
        self.assertNotIn("set_min_output_buffer", r.stdout + r.stderr)
        if name == SCREENSHOT:
            m = re.search(r"frames (\d+) of (\d+) saved (\w+)", r.stdout)
            self.assertIsNotNone(m, r.stdout + r.stderr)
            self.assertGreaterEqual(int(m.group(1)), int(m.group(2)), r.stdout)
            self.assertEqual(m.group(3), "True")
            self.assertIn("sliders reach the mask", r.stdout)
            check_screenshot(self, png)
            check_panels(self, panel_png)
            if update:  # a 256-colour copy for the README (a third of the bytes)
                from PIL import Image
                os.makedirs(os.path.join(SRC, "docs"), exist_ok=True)
                Image.open(png).convert("RGB").quantize(256).save(
                    os.path.join(SRC, "docs", name + ".png"), optimize=True)

    def test_nbfm_example_keeps_the_audio(self):
        """rtlsdr_clean_audio.grc with its radio replaced by a file of
        simulated NBFM voice (5 s, longer than the 2 s noise window, 10 dB
        over the noise in its 12.5 kHz channel, at the example's 1.024 MS/s)
        and its sound card by a file: the audio its own NBFM demodulator
        gives after the cleaner is no worse than without the cleaner (the
        cleaner used to take a transmission longer than the noise window for
        noise and silence the call)."""
        import yaml
        sys.path.insert(0, os.path.join(SRC, "python"))
        from stftclean.testing import steady_scenarios
        fs = 1.024e6
        sc = steady_scenarios.make("nbfm", 10.0, duration=7.0, seed=4, fs=fs)
        f_off = sc.info["f_off"]
        f_off = (f_off + fs / 2) % fs - fs / 2  # the offset as the radio sees it
        src = os.path.join(self.tmp.name, "nbfm_in.cf32")
        sc.noisy.astype(np.complex64).tofile(src)
        with open(os.path.join(SRC, "examples", "rtlsdr_clean_audio.grc")) as f:
            g = yaml.safe_load(f)
        audio = {}
        for cleaned in (True, False):
            fg = json.loads(json.dumps(g))
            name = "nbfm_example_" + ("cleaned" if cleaned else "plain")
            fg["options"]["parameters"]["id"] = name
            fg["options"]["parameters"]["run_options"] = "run"  # to the end of the file
            out = os.path.join(self.tmp.name, name + ".f32")
            for b in fg["blocks"]:
                if b["name"] == "rtlsdr":
                    b["id"] = "blocks_file_source"
                    b["parameters"] = {"file": src, "type": "complex", "repeat": "False",
                                       "vlen": "1", "offset": "0", "length": "0",
                                       "begin_tag": "pmt.PMT_NIL"}
                elif b["name"] == "speaker":
                    b["id"] = "blocks_file_sink"
                    b["parameters"] = {"file": out, "type": "float", "vlen": "1",
                                       "unbuffered": "False", "append": "False"}
                elif b["name"] == "channel_offset":
                    b["parameters"]["value"] = repr(float(f_off))
            if not cleaned:
                fg["blocks"] = [b for b in fg["blocks"] if b["name"] != "cleaner"]
                fg["connections"] = [c for c in fg["connections"] if "cleaner" not in c]
                fg["connections"].append(["rtlsdr", "0", "channel", "0"])
            path = os.path.join(self.tmp.name, name + ".grc")
            with open(path, "w") as f:
                yaml.safe_dump(fg, f)
            _, script = self.compile(path)
            r = subprocess.run([sys.executable, script], env=self.env, capture_output=True,
                               text=True, timeout=180)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            audio[cleaned] = np.fromfile(out, np.float32).astype(np.float64)
        # the reference: the voice that was transmitted, at 32 kHz (the
        # demodulator's rate), over the transmission; each output is fitted
        # to it by least squares through a 64-tap filter (de-emphasis, the
        # channel filter and the delay are the demodulator's own) and the
        # residual is its noise
        ref = np.asarray(sc.info["audio"], np.float64)
        ref = np.interp(np.arange(2 * len(ref)) / 2.0, np.arange(len(ref)), ref)
        a0 = int(round(sc.info["audio_start"] / fs * 32000))
        taps = 64
        snr = {}
        for cleaned, y in audio.items():
            # the delay (cleaner, channel filter, demodulator: a few ms) by
            # cross-correlation, then one fit
            n = len(ref) - 6400
            seg0 = y[a0:a0 + len(ref)]
            c = np.fft.irfft(np.fft.rfft(seg0, 2 * len(ref)) *
                             np.conj(np.fft.rfft(ref, 2 * len(ref))))
            lag = int(np.argmax(np.abs(c[:3200])))
            seg = y[a0 + lag + 3200:a0 + lag + 3200 + n]
            A = np.lib.stride_tricks.sliding_window_view(
                ref[3200 - taps // 2:3200 - taps // 2 + n + taps - 1], taps)
            h, *_ = np.linalg.lstsq(A, seg, rcond=None)
            e = seg - A @ h
            snr[cleaned] = 10 * np.log10(np.sum((seg - e) ** 2) / np.sum(e ** 2))
        print("NBFM example, demodulated audio SNR (dB): cleaned %.2f, without %.2f"
              % (snr[True], snr[False]))
        self.assertTrue(all(np.std(y) > 0 for y in audio.values()), [len(y) for y in audio.values()])
        self.assertGreater(snr[False], 5.0, snr)  # the check itself sees the voice
        self.assertGreaterEqual(snr[True], snr[False] - 0.5, snr)

    def test_any_source_needs_no_throttle(self):
        """GRC asks for a Throttle block when no block of the flow graph
        declares that it paces it; the Any Source does (flags: throttle),
        so the live example compiles without that warning."""
        out = os.path.join(self.tmp.name, "throttle_check")
        r = subprocess.run(["grcc", os.path.join(SRC, "examples", SCREENSHOT + ".grc"),
                            "-o", out], env=self.env, capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("Throttle", r.stdout + r.stderr)

    def test_clean_iq_wav_twin(self):
        """examples/clean_iq_wav.py in.wav out.wav: the same checks as the
        .grc (annotations beside the output by default), and the same output
        as the .grc's."""
        path = os.path.join(self.tmp.name, "twin_in.wav")
        x, bursts = burst_recording(path)
        out = os.path.join(self.tmp.name, "twin_out.wav")
        r = subprocess.run([sys.executable, os.path.join(SRC, "examples", "clean_iq_wav.py"),
                            path, out], env=self.env, capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("5 bursts", r.stdout)
        check_clean_iq_wav(self, x, bursts, out,
                           os.path.join(self.tmp.name, "twin_out.sigmf-meta"))
        # the twin and the .grc give the same samples and the same bursts
        _, script = self.compile(os.path.join(SRC, "examples", "clean_iq_wav.grc"))
        grc_out = os.path.join(self.tmp.name, "twin_grc.wav")
        grc_meta = os.path.join(self.tmp.name, "twin_grc.sigmf-meta")
        r = subprocess.run([sys.executable, script, "-i", path, "-o", grc_out, "-m", grc_meta],
                           env=self.env, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(np.array_equal(read_iq_wav(out)[1], read_iq_wav(grc_out)[1]))
        self.assertEqual(annotation_edges(grc_meta),
                         annotation_edges(os.path.join(self.tmp.name, "twin_out.sigmf-meta")))
        # a missing input is one sentence and status 2, not a traceback
        r = subprocess.run([sys.executable, os.path.join(SRC, "examples", "clean_iq_wav.py"),
                            os.path.join(self.tmp.name, "missing.wav"), out],
                           env=self.env, capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertNotIn("Traceback", r.stderr)


class TestCanvas(unittest.TestCase):
    """Every example's canvas is tidy (grc_canvas.py: blocks on the grid, no
    two blocks overlapping, their sizes estimated as GRC draws them)."""

    def test_no_overlaps(self):
        self.assertTrue(EXAMPLES, "no example flowgraphs found")
        if importlib.util.find_spec("gnuradio.grc") is None:
            self.skipTest("GRC not installed")
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import grc_canvas
        p = grc_canvas.platform(SRC)
        for grc in EXAMPLES:
            with self.subTest(example=os.path.basename(grc)):
                fg = grc_canvas.load(p, grc)
                self.assertEqual(len(list(fg.blocks)), len(grc_text(grc).split("\n- name: ")),
                                 "every block loaded")
                self.assertEqual(grc_canvas.problems(fg), [])


def colour_bar(scale_pngs):
    """The colour bar of the panels' scale widgets, low end first (an RGB
    array): the column with the most colours, and in it the longest run of
    rows whose colour changes little from one row to the next (the ticks
    and the background around it do not count)."""
    from PIL import Image
    best = None
    for path in scale_pngs:
        img = np.asarray(Image.open(path).convert("RGB")).astype(np.int64)
        for x in range(img.shape[1]):
            col = img[:, x]
            n = len(np.unique((col[:, 0] << 16) | (col[:, 1] << 8) | col[:, 2]))
            if best is None or n > best[0]:
                best = (n, col)
    col = best[1]
    smooth = np.abs(np.diff(col, axis=0)).sum(axis=1) < 40
    runs, start = [], None
    for y, ok in enumerate(list(smooth) + [False]):
        if ok and start is None:
            start = y
        elif not ok and start is not None:
            runs.append((y - start, start, y + 1))
            start = None
    _, y0, y1 = max(runs)
    return col[y0:y1][::-1]  # the top of the bar is the high end


def colour_levels(canvas_png, bar):
    """The drawn part of a plot canvas as positions on the colour scale, 0
    (its low end) to 1 (its high end): each pixel takes the position of the
    nearest colour of the bar. The frame (2 px) and the rows not drawn yet
    (white) are cut off."""
    from PIL import Image
    img = np.asarray(Image.open(canvas_png).convert("RGB")).astype(np.int64)[2:-2, 2:-2]
    blank = (img == 255).all(axis=2).mean(axis=1) > 0.5
    img = img[~blank]
    h, w, _ = img.shape
    codes, inverse = np.unique(img.reshape(-1, 3), axis=0, return_inverse=True)
    d = ((codes[:, None, :] - bar[None, :, :]) ** 2).sum(axis=2)
    level = np.linspace(0.0, 1.0, len(bar))
    return level[np.argmin(d, axis=1)][inverse.reshape(-1)].reshape(h, w)


def check_panels(tc, panel_png):
    """The panels of clean_live_qt with its default source (synthetic:b@10:
    bursts, a carrier and a DC offset, 10 dB over the noise in 50 kHz; the
    noise at -30 dB per bin), read on their colour scale (the raster's bar:
    all three use the Incandescent map):
    - before: the noise (the median pixel) sits in the lower half of the
      scale and few pixels are at its top (the old fixed -80..-10 dB scale
      put this noise at 0.7 of it);
    - after: the removed noise is dark (median pixel in the lowest tenth);
    - the carrier is in the same column, at its frequency on a -fs/2..fs/2
      axis, in the after waterfall and in the mask raster (the mask used to
      be drawn in FFT order, shifted by half the width)."""
    sys.path.insert(0, os.path.join(SRC, "python"))
    from stftclean.testing import scenarios
    # any_source's synthetic scenario: 4 s, seed 1
    fs = 2e6
    f_cw = scenarios.rf_scenario("b", 10.0, 4.0, fs, 1).info["cw_freq"]
    want = (f_cw + fs / 2) / fs
    bar = colour_bar(sorted(glob.glob(panel_png % ("*", "scale*"))))
    tc.assertGreater(len(bar), 50)  # a colour bar was found
    levels = {p: colour_levels(panel_png % (p, "canvas"), bar) for p in PANELS}
    before, after, mask = levels["wf_before"], levels["wf_after"], levels["mask_raster"]
    for p, lv in levels.items():
        tc.assertGreater(lv.shape[0], 20, p)  # drawn rows
    stats = dict(before_median=float(np.median(before)),
                 before_top=float(np.mean(before > 0.95)),
                 after_median=float(np.median(after)), carrier_want=want)
    for p, lv in (("wf_before", before), ("wf_after", after), ("mask_raster", mask)):
        profile = lv.mean(axis=0)
        stats["carrier_" + p] = (int(np.argmax(profile)) + 0.5) / len(profile)
    print("clean_live_qt panels:", ", ".join("%s %.3f" % kv for kv in sorted(stats.items())))
    tc.assertTrue(0.05 < stats["before_median"] < 0.5, stats)
    tc.assertLess(stats["before_top"], 0.05, stats)
    tc.assertLess(stats["after_median"], 0.1, stats)
    for p in ("wf_after", "mask_raster"):
        tc.assertLess(abs(stats["carrier_" + p] - want), 0.015, (p, stats))


def check_screenshot(tc, png):
    """A real window: at least 800x500 pixels, hundreds of colours, no colour
    covering 90 % of it, and brightness that varies."""
    from PIL import Image
    img = np.asarray(Image.open(png).convert("RGB")).astype(np.int64)
    h, w, _ = img.shape
    tc.assertGreaterEqual(w, 800)
    tc.assertGreaterEqual(h, 500)
    codes = (img[..., 0] << 16) | (img[..., 1] << 8) | img[..., 2]
    values, counts = np.unique(codes, return_counts=True)
    tc.assertGreater(len(values), 200)
    tc.assertLess(counts.max() / codes.size, 0.9)
    tc.assertGreater(img.mean(axis=2).std(), 10.0)


if __name__ == "__main__":
    unittest.main()
