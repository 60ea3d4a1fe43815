#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print the slowest tests of a ctest run with their timeouts and margins.

usage: ctest_slowest.py CTEST_OUTPUT_LOG BUILD_DIR [N]

Reads the per-test lines that ctest printed ("Test #12: name ... Passed
12.34 sec") and the tests' TIMEOUT properties (ctest --show-only=json-v1 in
BUILD_DIR), and prints the N slowest (default 12) as time, timeout and
margin (timeout / time). A margin under 3 is flagged "LOW": the test may
time out on a slower or busier machine. Exit status 0 always: this is a
report, the test run itself decides pass or fail."""
import json
import re
import subprocess
import sys

LINE = re.compile(r"Test\s+#\d+:\s+(\S+)\s+\.*[^0-9]*?(Passed|Failed|\*+\w+.*?|Not Run.*?)\s+"
                  r"([0-9.]+)\s+sec")


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 0
    log, build = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    times = {}
    try:
        with open(log, errors="replace") as f:
            for line in f:
                m = LINE.search(line)
                if m:
                    times[m.group(1)] = (float(m.group(3)), m.group(2).strip("* "))
    except OSError as e:
        print("ctest_slowest: %s" % e)
        return 0
    timeouts = {}
    try:
        out = subprocess.run(["ctest", "--show-only=json-v1"], cwd=build,
                             capture_output=True, text=True, timeout=60).stdout
        for t in json.loads(out).get("tests", []):
            for p in t.get("properties", []):
                if p.get("name") == "TIMEOUT":
                    timeouts[t["name"]] = float(p["value"])
    except (OSError, ValueError, subprocess.SubprocessError) as e:
        print("ctest_slowest: no timeouts (%s)" % e)
    if not times:
        print("ctest_slowest: no test lines in %s" % log)
        return 0
    print("slowest tests (%s): time, timeout, margin" % build)
    for name, (sec, status) in sorted(times.items(), key=lambda kv: -kv[1][0])[:n]:
        to = timeouts.get(name, 1500.0)  # ctest's default
        margin = to / sec if sec > 0 else float("inf")
        flag = "  LOW" if margin < 3.0 else ""
        print("  %-32s %8.1f s %7.0f s %6.1fx  %s%s" % (name, sec, to, margin, status, flag))
    return 0


if __name__ == "__main__":
    sys.exit(main())
