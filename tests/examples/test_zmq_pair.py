#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ZeroMQ pair on loopback, as the README tells users to run it on two
machines:

1. zmq_clean_host (compiled with grcc) binds its PUB message sink and pulls
   from the radio host's address;
2. apps/stftclean_zmq_listen.py --json connects to the PUB sink; the test
   waits for its "connected" line (ZMTP handshake done; its subscription is
   the first thing it sends on the connection, and a PUB socket drops what it
   publishes before a subscription has arrived);
3. only then zmq_radio_host starts, with a generated IQ WAV with known bursts
   standing in for the radio (-s FILE -t its duration). Nothing can be
   published before its samples arrive: the first detection comes after the
   radio host's start-up (about a second of Python imports) and 0.3 s of
   throttled signal, while the subscription takes well under a millisecond
   on loopback. The order of events, not a sleep, keeps the detections.

The detections the listener prints must be those of the single-host run
(examples/clean_iq_wav.py on the same file): same count, burst starts and
lengths within 1 ms, and one at each generated burst. Every wait has a
deadline and every process is killed at the end, pass or fail. Skipped when
pyzmq (Debian python3-zmq) or grcc is missing.
"""
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

SRC = sys.argv.pop(1)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_examples  # noqa: E402  (the recording generator and readers)

test_examples.SRC = SRC

try:
    import zmq  # noqa: F401
    HAVE_ZMQ = True
except ImportError:
    HAVE_ZMQ = False

FS = 2e6
SECONDS = 2.0


def free_ports(k):
    """k distinct free TCP ports on the loopback interface."""
    socks, ports = [], []
    for _ in range(k):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def die_with_parent():
    """Child processes get SIGKILL when this test process goes, even when it
    is killed itself (ctest's timeout): no flowgraph is left running."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def wait_for_line(proc, needle, timeout):
    """Reads proc's stderr until a line holds needle; returns what was read
    and whether it was found (False on timeout or end of stream)."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    seen = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                return "".join(seen), False
            line = proc.stderr.readline()
            if not line:
                return "".join(seen), False
            seen.append(line)
            if needle in line:
                return "".join(seen), True
    finally:
        sel.close()


@unittest.skipIf(not HAVE_ZMQ, "python3-zmq (pyzmq) is not installed: the ZMQ pair "
                 "and its listener need it")
@unittest.skipIf(shutil.which("grcc") is None, "grcc not installed")
class TestZmqPair(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.env = dict(os.environ, GRC_BLOCKS_PATH=os.path.join(SRC, "grc"))
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
            p.communicate(timeout=10)
        self.tmp.cleanup()

    def compile(self, *names):
        r = subprocess.run(["grcc"] + [os.path.join(SRC, "examples", n + ".grc") for n in names]
                           + ["-o", self.tmp.name], env=self.env, capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return [os.path.join(self.tmp.name, n + ".py") for n in names]

    def start(self, args):
        p = subprocess.Popen([sys.executable] + args, env=self.env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, preexec_fn=die_with_parent)
        self.procs.append(p)
        return p

    def test_pair_matches_single_host(self):
        t0 = time.monotonic()
        wav = os.path.join(self.tmp.name, "bursts.wav")
        _, bursts = test_examples.burst_recording(wav, FS, SECONDS)

        # the single-host run on the same file
        out = os.path.join(self.tmp.name, "single.wav")
        r = subprocess.run([sys.executable, os.path.join(SRC, "examples", "clean_iq_wav.py"),
                            wav, out], env=self.env, capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        single = test_examples.annotation_edges(os.path.join(self.tmp.name,
                                                             "single.sigmf-meta"))
        self.assertEqual(len(single), len(bursts), single)

        radio_py, clean_py = self.compile("zmq_radio_host", "zmq_clean_host")
        p_iq, p_det, p_clean = free_ports(3)
        iq_addr = "tcp://127.0.0.1:%d" % p_iq
        det_addr = "tcp://127.0.0.1:%d" % p_det
        clean = self.start([clean_py, "-a", iq_addr, "-p", det_addr,
                            "-q", "tcp://127.0.0.1:%d" % p_clean, "-r", str(FS)])
        listen = self.start([os.path.join(SRC, "apps", "stftclean_zmq_listen.py"), det_addr,
                             "--json", "--count", str(len(single)), "--timeout", "30"])
        text, ok = wait_for_line(listen, "connected", 30)
        if not ok and clean.poll() is not None:
            text += "\nzmq_clean_host exited: " + clean.communicate()[1]
        self.assertTrue(ok, "listener did not connect: " + text)
        radio = self.start([radio_py, "-s", wav, "-a", iq_addr,
                            "-r", str(FS), "-t", str(SECONDS)])
        try:
            stdout, stderr = listen.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            listen.kill()
            stdout, stderr = listen.communicate()
        self.assertEqual(listen.returncode, 0, stdout + stderr)
        r_out, r_err = radio.communicate(timeout=20)
        self.assertEqual(radio.returncode, 0, r_out + r_err)
        clean.send_signal(signal.SIGTERM)  # it pulls for ever: stop it as a user would
        try:
            c_out, c_err = clean.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            clean.kill()
            c_out, c_err = clean.communicate()
        self.assertEqual(clean.returncode, 0, c_out + c_err)

        got = []
        for line in stdout.splitlines():
            d = json.loads(line)
            self.assertEqual(d["core:label"], "burst")
            got.append((int(d["core:sample_start"]),
                        int(d["core:sample_start"]) + int(d["core:sample_count"])))
        self.assertEqual(len(got), len(single), (got, single))
        tol = int(1e-3 * FS)
        for (a, b), (s, e), (ta, tb) in zip(single, got, bursts):
            self.assertLess(abs(s - a), tol, (a, b, s, e))
            self.assertLess(abs(e - b), tol, (a, b, s, e))
            self.assertLess(abs(s - ta), 2 * tol, (ta, tb, s, e))
        print("zmq pair: %d detections as the single-host run, %.1f s"
              % (len(got), time.monotonic() - t0))


    def test_listener_lines(self):
        """The listener on its own, fed by an XPUB socket here (which sees the
        subscription arrive, so nothing is sent before it): one line per
        burst dict, a message that is no PMT skipped with a note on stderr,
        --count honoured."""
        import pmt
        import zmq
        ctx = zmq.Context()
        pub = ctx.socket(zmq.XPUB)
        pub.setsockopt(zmq.LINGER, 0)
        try:
            port = pub.bind_to_random_port("tcp://127.0.0.1")
            listen = self.start([os.path.join(SRC, "apps", "stftclean_zmq_listen.py"),
                                 "tcp://127.0.0.1:%d" % port, "--count", "2",
                                 "--timeout", "30"])
            self.assertTrue(pub.poll(30000), "no subscription from the listener")
            self.assertEqual(pub.recv(), b"\x01")  # subscribe to everything
            d = pmt.make_dict()
            for k, v in (("core:sample_start", pmt.from_uint64(123456)),
                         ("core:sample_count", pmt.from_uint64(2000)),
                         ("core:freq_lower_edge", pmt.from_double(868.1e6)),
                         ("core:freq_upper_edge", pmt.from_double(868.125e6)),
                         ("stftclean:snr_db", pmt.from_double(12.25)),
                         ("core:label", pmt.intern("burst"))):
                d = pmt.dict_add(d, pmt.intern(k), v)
            pub.send(b"not a pmt")
            pub.send(pmt.serialize_str(d))
            pub.send(pmt.serialize_str(pmt.from_long(7)))
            out, err = listen.communicate(timeout=30)
        finally:
            pub.close(0)
            ctx.term()
        self.assertEqual(listen.returncode, 0, out + err)
        self.assertEqual(out.splitlines(), [
            "start 123456, samples 2000, band 868.100000..868.125000 MHz, SNR 12.2 dB, "
            "label burst", "7"])
        self.assertIn("no serialized PMT (9 bytes)", err)


if __name__ == "__main__":
    unittest.main()
