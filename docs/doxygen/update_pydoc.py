#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one step of GNU Radio's docstring machinery this module uses.

GNU Radio's GrPybind.cmake runs `docs/doxygen/update_pydoc.py copy` to turn
python/stftclean/bindings/docstrings/*_pydoc_template.h into the *_pydoc.h
headers the bindings include. Our templates already hold the docstrings
(written from the headers by docstrings/gen_pydoc.py), so "copy" is all
there is: the Doxygen scrape and substitute steps ("scrape", "sub", used
only with ENABLE_DOXYGEN) are not part of this module.
"""
import argparse
import glob
import os
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("function", choices=["copy", "scrape", "sub"])
    ap.add_argument("--bindings_dir")
    ap.add_argument("--output_dir")
    ap.add_argument("--xml_path")
    ap.add_argument("--json_path")
    ap.add_argument("--filter")
    a = ap.parse_args()
    if a.function != "copy":
        sys.exit("update_pydoc.py: '%s' needs Doxygen, which this module does not use; "
                 "build with ENABLE_DOXYGEN off (the docstrings come from "
                 "python/stftclean/bindings/docstrings/gen_pydoc.py)" % a.function)
    for src in sorted(glob.glob(os.path.join(a.bindings_dir, "*_pydoc_template.h"))):
        dst = os.path.join(a.output_dir,
                           os.path.basename(src).replace("_template.h", ".h"))
        with open(src) as f:
            text = f.read()
        with open(dst, "w") as f:
            f.write(text)
    with open(os.path.join(a.output_dir, "docstring_status"), "w") as f:
        f.write("DONE")


if __name__ == "__main__":
    main()
