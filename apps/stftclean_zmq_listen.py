#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stftclean_zmq_listen: print the burst detections that a zmq_clean_host
flowgraph publishes (GNU Radio's ZMQ PUB message sink: one serialized PMT
dict per burst), one line per burst, or as JSON lines with --json.

    stftclean_zmq_listen.py tcp://analysis-host:5556 [--json] [--count N] [--timeout S]

Once its connection to the publisher is up (ZMTP handshake done: the
subscription goes out first on it), it says so on stderr
("stftclean_zmq_listen: connected to ADDRESS"); a PUB socket drops what it
sends before a subscriber has joined, so start what feeds the publisher after
that line when no detection may be missed. Exit status: 0 done (count
reached or Ctrl-C), 1 nothing received for --timeout seconds, 2 bad use.

Needs pyzmq (Debian python3-zmq) and GNU Radio's pmt module to decode.
"""
import argparse
import json
import sys


def pmt_to_python(msg):
    """A PMT (dict, pair, number, symbol, vector) as plain Python."""
    import pmt
    if pmt.is_dict(msg):
        out = {}
        items = pmt.dict_items(msg)
        for i in range(pmt.length(items)):
            kv = pmt.nth(i, items)
            out[pmt.symbol_to_string(pmt.car(kv))] = pmt_to_python(pmt.cdr(kv))
        return out
    if pmt.is_pair(msg) and not pmt.is_null(msg):
        return [pmt_to_python(pmt.car(msg)), pmt_to_python(pmt.cdr(msg))]
    return pmt.to_python(msg)


def format_burst(d):
    """One human line: start, duration, band, SNR, label."""
    start = d.get("core:sample_start")
    count = d.get("core:sample_count")
    lo, hi = d.get("core:freq_lower_edge"), d.get("core:freq_upper_edge")
    parts = []
    if start is not None:
        parts.append("start %d" % int(start))
    if count is not None:
        parts.append("samples %d" % int(count))
    if lo is not None and hi is not None:
        parts.append("band %.6f..%.6f MHz" % (lo / 1e6, hi / 1e6))
    for k in sorted(d):
        if k.endswith("snr_db"):
            parts.append("SNR %.1f dB" % d[k])
    if d.get("core:label"):
        parts.append("label %s" % d["core:label"])
    return ", ".join(parts) if parts else repr(d)


def wait_connected(sock, address, timeout_s):
    """Connect sock and wait until the handshake with the peer is done
    (libzmq >= 4.3 reports it; older ones: until the TCP connection is up).
    Returns False after timeout_s seconds (<= 0: wait for ever)."""
    import time

    import zmq
    from zmq.utils.monitor import recv_monitor_message
    want = getattr(zmq, "EVENT_HANDSHAKE_SUCCEEDED", zmq.EVENT_CONNECTED)
    mon = sock.get_monitor_socket(want)
    try:
        sock.connect(address)
        deadline = time.monotonic() + timeout_s if timeout_s > 0 else None
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            if mon.poll(None if left is None else int(left * 1000) + 1):
                if recv_monitor_message(mon)["event"] == want:
                    return True
    finally:
        sock.disable_monitor()
        mon.close(0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("address", help="ZMQ PUB address to connect to, e.g. tcp://host:5556")
    ap.add_argument("--json", action="store_true", help="print JSON lines")
    ap.add_argument("--count", type=int, default=0,
                    help="stop after this many messages (0: run until Ctrl-C)")
    ap.add_argument("--timeout", type=float, default=0,
                    help="give up after this many seconds without a connection or "
                    "without a message (0: never)")
    args = ap.parse_args(argv)
    try:
        import zmq
        import pmt
    except ImportError as e:
        sys.exit("stftclean_zmq_listen: needs pyzmq and GNU Radio's pmt (%s)" % e)
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.SUB)
    sock.setsockopt(zmq.SUBSCRIBE, b"")
    sock.setsockopt(zmq.LINGER, 0)
    try:
        return listen(sock, args, zmq, pmt)
    except zmq.ZMQError as e:
        print("stftclean_zmq_listen: %s: %s" % (args.address, e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        sock.close(0)


def listen(sock, args, zmq, pmt):
    """Connect, say so, print messages until --count or --timeout."""
    if not wait_connected(sock, args.address, args.timeout):
        print("stftclean_zmq_listen: could not connect to %s in %g s"
              % (args.address, args.timeout), file=sys.stderr)
        return 1
    print("stftclean_zmq_listen: connected to %s" % args.address, file=sys.stderr, flush=True)
    poller = zmq.Poller()
    poller.register(sock, zmq.POLLIN)
    seen = 0
    while args.count <= 0 or seen < args.count:
        ready = dict(poller.poll(int(args.timeout * 1000) if args.timeout > 0 else None))
        if sock not in ready:
            print("stftclean_zmq_listen: no message for %g s, giving up" % args.timeout,
                  file=sys.stderr)
            return 1
        raw = sock.recv()
        try:
            d = pmt_to_python(pmt.deserialize_str(raw))
        except RuntimeError:
            print("stftclean_zmq_listen: skipped a message that is no serialized PMT "
                  "(%d bytes)" % len(raw), file=sys.stderr)
            continue
        seen += 1
        if args.json:
            print(json.dumps(d, default=str), flush=True)
        else:
            print(format_burst(d) if isinstance(d, dict) else repr(d), flush=True)
    return 0

if __name__ == "__main__":
    sys.exit(main())
