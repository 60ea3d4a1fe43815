#!/usr/bin/python3
#
# Copyright 2024 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""stftclean-dataset: recordings -> one labelled feature table.

Runs `stftclean features FILE --per-burst --csv ...` (or per frame) on every
recording of a folder or a glob, in parallel, and joins the tables into one
CSV with two leading columns: file and label.

    stftclean-dataset DIR_OR_GLOB --label-from-dir --out table.csv
        [--jobs N] [--dask [tcp://scheduler:8786]] [--per-frame]
        [--stftclean PATH] [-- options for stftclean features]

(installed as `stftclean-dataset`; apps/stftclean_dataset.py in the source
tree; runs on /usr/bin/python3, whose Debian packages hold numpy and dask)

Parallelism: by default a local Dask cluster (python3-distributed) with
--jobs workers is started and stopped here; --dask ADDRESS sends the same
work to an existing Dask cluster instead (every worker must see the files
and an stftclean binary at the same paths); --no-dask runs --jobs local
processes without Dask. Progress goes to stderr. A file that fails (corrupt,
unreadable, rejected options) is reported and skipped; the batch goes on.
Exit status: 0 if at least one file gave rows, 1 if none did, 2 on usage.
"""

import argparse
import csv
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

EXTENSIONS = (".wav", ".sigmf-meta", ".cf32", ".fc32", ".cfile", ".ci16", ".cs16",
              ".sc16", ".ci8", ".cs8", ".sc8", ".cu8", ".f32", ".rf32")


def find_recordings(spec):
    """A folder (searched recursively) or a glob -> sorted recording paths."""
    if os.path.isdir(spec):
        paths = []
        for root, _, files in os.walk(spec):
            paths += [os.path.join(root, f) for f in files
                      if f.lower().endswith(EXTENSIONS)]
    else:
        paths = [p for p in glob.glob(spec, recursive=True) if os.path.isfile(p)]
    return sorted(paths)


def features_of(cli, path, label, per_frame, extra, timeout):
    """Runs the CLI on one file: (path, label, header, rows, error)."""
    fd, out = tempfile.mkstemp(suffix=".csv")
    os.close(fd)
    try:
        cmd = [cli, "features", path, "--csv", out] + ([] if per_frame else ["--per-burst"])
        cmd += list(extra)
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return path, label, None, None, "timed out after %g s" % timeout
        except OSError as e:
            return path, label, None, None, "cannot run %s: %s" % (cli, e)
        if r.returncode != 0:
            msg = (r.stderr.strip().splitlines() or ["exit status %d" % r.returncode])[-1]
            return path, label, None, None, msg
        with open(out, newline="") as f:
            rows = list(csv.reader(f))
        if not rows:
            return path, label, None, None, "empty table"
        return path, label, rows[0], rows[1:], None
    finally:
        try:
            os.unlink(out)
        except OSError:
            pass


def label_of(path, root, label_from_dir):
    if not label_from_dir:
        return ""
    return os.path.basename(os.path.dirname(os.path.abspath(path)))


class Progress:
    def __init__(self, total, stream=sys.stderr):
        self.total, self.done, self.failed, self.rows = total, 0, 0, 0
        self.stream = stream
        self.t0 = time.monotonic()

    def update(self, path, nrows, error):
        self.done += 1
        if error:
            self.failed += 1
            status = "FAILED: " + error
        else:
            self.rows += nrows
            status = "%d row%s" % (nrows, "" if nrows == 1 else "s")
        print("[%d/%d %.1fs] %s: %s" % (self.done, self.total, time.monotonic() - self.t0,
                                        path, status), file=self.stream, flush=True)


def run_local(tasks, jobs, call, progress):
    from concurrent.futures import ThreadPoolExecutor, as_completed
    # threads are enough: each task waits on its own stftclean process
    with ThreadPoolExecutor(max_workers=jobs) as ex:
        futures = [ex.submit(call, *t) for t in tasks]
        for fut in as_completed(futures):
            res = fut.result()
            progress.update(res[0], len(res[3] or []), res[4])
            yield res


def run_dask(tasks, jobs, address, call, progress):
    from dask.distributed import Client, LocalCluster, as_completed
    cluster = None
    if address in (None, "local"):
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        futures = [client.submit(call, *t, pure=False) for t in tasks]
        for fut in as_completed(futures):
            try:
                res = fut.result()
            except Exception as e:  # a worker died: report the task, go on
                i = futures.index(fut)
                res = (tasks[i][1], tasks[i][2], None, None, "worker error: %s" % e)
            progress.update(res[0], len(res[3] or []), res[4])
            yield res
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def write_table(results, out):
    """Rows of every successful file under the union of their columns."""
    columns = []
    for _, _, header, _, err in results:
        if not err:
            columns += [c for c in header if c not in columns]
    f = sys.stdout if out == "-" else open(out, "w", newline="")
    try:
        w = csv.writer(f)
        w.writerow(["file", "label"] + columns)
        for path, label, header, rows, err in results:
            if err:
                continue
            idx = [header.index(c) if c in header else None for c in columns]
            for r in rows:
                w.writerow([path, label] + [r[i] if i is not None else "" for i in idx])
    finally:
        if f is not sys.stdout:
            f.close()
    return columns


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    p = argparse.ArgumentParser(
        prog="stftclean-dataset",
        description="Build one labelled feature table from many recordings "
        "(stftclean features on each, in parallel).",
        epilog="Options after -- go to 'stftclean features' (e.g. -- --mask auto "
        "--rate 2e6).")
    p.add_argument("inputs", help="a folder (searched recursively) or a glob")
    p.add_argument("--out", required=True, help="output CSV ('-' for stdout)")
    p.add_argument("--label-from-dir", action="store_true",
                   help="label = the name of the folder holding the file")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="parallel workers (default: the CPU count)")
    p.add_argument("--dask", nargs="?", const="local", default=None, metavar="ADDRESS",
                   help="run on the Dask cluster at ADDRESS (tcp://host:8786); "
                   "without ADDRESS, or by default, on a local cluster of --jobs workers")
    p.add_argument("--no-dask", action="store_true",
                   help="run --jobs local processes without Dask")
    p.add_argument("--per-frame", action="store_true",
                   help="one row per frame instead of per burst")
    p.add_argument("--stftclean", default=os.environ.get("STFTCLEAN") or
                   shutil.which("stftclean") or "stftclean",
                   help="the stftclean binary (default: $STFTCLEAN or on PATH)")
    p.add_argument("--timeout", type=float, default=3600.0,
                   help="seconds allowed per file (default 3600)")
    a = p.parse_args(argv)
    if a.jobs < 1:
        p.error("--jobs: must be >= 1")
    if a.dask and a.no_dask:
        p.error("--dask and --no-dask exclude each other")

    paths = find_recordings(a.inputs)
    if not paths:
        print("stftclean-dataset: no recordings found in %s" % a.inputs, file=sys.stderr)
        return 1
    cli = os.path.abspath(a.stftclean) if os.path.exists(a.stftclean) else a.stftclean
    tasks = [(cli, os.path.abspath(x), label_of(x, a.inputs, a.label_from_dir),
              a.per_frame, extra, a.timeout) for x in paths]
    progress = Progress(len(tasks))
    use_dask = not a.no_dask
    if use_dask and a.dask is None:
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            use_dask = False
            print("stftclean-dataset: dask.distributed not installed, running local "
                  "processes", file=sys.stderr)
    print("stftclean-dataset: %d recording%s, %s" % (
        len(tasks), "" if len(tasks) == 1 else "s",
        ("Dask cluster " + a.dask) if a.dask not in (None, "local") else
        ("local Dask cluster of %d workers" % a.jobs) if use_dask else
        ("%d local processes" % a.jobs)), file=sys.stderr, flush=True)
    gen = (run_dask(tasks, a.jobs, a.dask, features_of, progress) if use_dask
           else run_local(tasks, a.jobs, features_of, progress))
    results = sorted(gen, key=lambda r: r[0])
    write_table(results, a.out)
    print("stftclean-dataset: %d rows from %d file%s, %d failed%s" % (
        progress.rows, progress.done - progress.failed,
        "" if progress.done - progress.failed == 1 else "s", progress.failed,
        "" if not progress.failed else ": " + ", ".join(
            os.path.basename(r[0]) for r in results if r[4])), file=sys.stderr)
    return 0 if progress.failed < progress.done else 1


if __name__ == "__main__":
    sys.exit(main())
