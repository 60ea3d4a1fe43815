#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""examples/notebook_clean.py (the notebook workflow on numpy_api) runs
headless on its generated recording: three bursts found where they were
generated, the noise between them removed, a before/after PNG that is not a
black window, and a cleaned SigMF recording with the bursts as annotations
that `stftclean info` reads. The Jupyter notebook beside it
(notebook_clean.ipynb) runs cell by cell, as Jupyter would, to the same
bursts and noise drop.

usage: test_notebook_clean.py /path/to/stftclean (build/apps/stftclean: the
build's Python module is taken from build/test_modules)"""
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.normpath(os.path.join(HERE, "..", "..", "examples", "notebook_clean.py"))
NOTEBOOK = EXAMPLE[:-3] + ".ipynb"
# runs the notebook's code cells in order in one namespace, from the
# notebook's folder (as Jupyter does), and prints what the test checks
RUN_CELLS = """
import json, shutil, sys
nb = json.load(open(sys.argv[1]))
assert nb["nbformat"] == 4
g = {"__name__": "__main__"}
for i, c in enumerate(nb["cells"]):
    if c["cell_type"] == "code":
        assert not c["outputs"], "cell %d: outputs stored in the notebook" % i
        exec(compile("".join(c["source"]), "cell %d" % i, "exec"), g)
print("BURSTS", " ".join("%.4f" % r["start_s"] for r in g["recs"]))
print("DROP %.2f" % g["drop"])
shutil.rmtree(g["OUT"])
"""
TRUTH = [(0.40, 0.46), (1.30, 1.38), (2.50, 2.53)]  # make_recording's bursts


def main():
    stftclean = os.path.abspath(sys.argv[1])
    tm = os.path.join(os.path.dirname(os.path.dirname(stftclean)), "test_modules")
    if not os.path.exists(os.path.join(tm, "gnuradio", "stftclean", "numpy_api.py")):
        print("build/test_modules/gnuradio/stftclean not found: skipped")
        return
    env = dict(os.environ, PYTHONPATH=tm, MPLBACKEND="Agg")
    with tempfile.TemporaryDirectory(prefix="notebook_clean-") as out:
        p = subprocess.run(["/usr/bin/python3", EXAMPLE, "--out", out], env=env,
                           capture_output=True, text=True, timeout=240)
        assert p.returncode == 0, p.stderr
        print(p.stdout)
        assert "PCM16" in p.stdout and "complex" in p.stdout, p.stdout
        starts = [float(m) for m in re.findall(r"^\s+(\d+\.\d+) s \+", p.stdout, re.M)]
        assert len(starts) == 3, p.stdout
        for s, (t0, _) in zip(starts, TRUTH):
            assert abs(s - t0) < 0.005, (s, t0)
        drop = float(re.search(r"noise between the bursts: ([\d.]+) dB lower", p.stdout)[1])
        assert drop > 20, drop

        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.image as mpimg
        rgb = mpimg.imread(os.path.join(out, "before_after.png"))[..., :3]
        h, w = rgb.shape[:2]
        for x0, x1 in [(int(0.15 * w), int(0.38 * w)), (int(0.5 * w), int(0.72 * w))]:
            panel = rgb[int(0.2 * h):int(0.8 * h), x0:x1]
            ncol = len(np.unique((panel * 255).astype(np.uint8).reshape(-1, 3), axis=0))
            assert ncol > 20, "only %d colours in a panel" % ncol
        meta = os.path.join(out, "cleaned.sigmf-meta")
        with open(meta) as f:
            m = json.load(f)
        ann = m["annotations"]
        assert len(ann) == 3 and all(a["core:label"] == "burst" for a in ann), ann
        assert m["captures"][0]["core:frequency"] == 433.92e6, m["captures"]
        subprocess.run([stftclean, "info", meta], check=True, stdout=subprocess.DEVNULL)

    p = subprocess.run(["/usr/bin/python3", "-c", RUN_CELLS, NOTEBOOK], env=env,
                       cwd=os.path.dirname(NOTEBOOK), capture_output=True, text=True,
                       timeout=240)
    assert p.returncode == 0, p.stderr
    print(p.stdout)
    starts = [float(v) for v in re.search(r"^BURSTS (.*)$", p.stdout, re.M)[1].split()]
    assert len(starts) == 3, p.stdout
    for s, (t0, _) in zip(starts, TRUTH):
        assert abs(s - t0) < 0.005, (s, t0)
    drop = float(re.search(r"^DROP ([\d.]+)$", p.stdout, re.M)[1])
    assert drop > 20, drop
    print("ok")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main()
