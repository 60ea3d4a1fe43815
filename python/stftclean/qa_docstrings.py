#!/usr/bin/env python3
#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Every block of gnuradio.stftclean has real docstrings (issue 19).

The blocks are found, not listed: every class of the module that is a GNU
Radio block. For each one:
  - the class __doc__ (what help() shows first and what GRC's documentation
    tab shows) is real text that documents every constructor parameter;
  - the constructor's __doc__ (pybind11: the signature first, then the
    docstring) names every parameter of its signature, in the signature's
    order, each with a description;
  - every public method of the block has a docstring after its signature.
help(gnuradio.stftclean) shows no template placeholder, every header in
include/gnuradio/stftclean is bound, and every GRC block's class (the one
GRC takes its documentation from) has a docstring whose defaults, where the
YAML gives a literal one, match the Python signature's."""

import ast
import glob
import inspect
import os
import pydoc
import re

from gnuradio import gr_unittest
from gnuradio.gr import gr_python

try:
    from gnuradio import stftclean
except ImportError:
    import sys
    dirname, filename = os.path.split(os.path.abspath(__file__))
    sys.path.append(os.path.join(dirname, "bindings"))
    from gnuradio import stftclean

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
HEADER_DIR = os.path.join(TOP, "include", "gnuradio", "stftclean")
GRC_DIR = os.path.join(TOP, "grc")

# text a placeholder or an unfilled template leaves behind
PLACEHOLDERS = ("Do not edit! These were automatically extracted",
                "placeholders for docstrings", 'R"doc(', ")doc\"")


def block_classes():
    """{name: class} of every GNU Radio block class gnuradio.stftclean
    exports."""
    out = {}
    for name in dir(stftclean):
        obj = getattr(stftclean, name)
        # gr_python.basic_block: the C++ base class of every bound block
        # (gr.basic_block is the Python gateway's)
        if inspect.isclass(obj) and issubclass(obj, gr_python.basic_block):
            out[name] = obj
    return out


def split_args(text):
    """Top-level comma split of a signature's parameter list."""
    parts, depth, cur, quote = [], 0, "", None
    for ch in text:
        if quote:
            cur += ch
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def signature_and_body(doc, fname):
    """pybind11's function __doc__ -> ([(param, default text or None)], the
    docstring after the signature). One overload expected."""
    lines = doc.split("\n")
    sig = lines[0]
    m = re.match(r"%s\((.*)\) -> .*$" % re.escape(fname), sig)
    if not m:
        raise AssertionError("no %s(...) signature first in %r" % (fname, doc[:200]))
    params = []
    for p in split_args(m.group(1)):
        name, _, rest = p.partition(":")
        default = rest.partition("=")[2].strip() or None
        params.append((name.strip(), default))
    params = [p for p in params if p[0] != "self"]
    return params, "\n".join(lines[1:]).strip()


def args_section(text):
    """The names documented in an 'Args:' section, in order, each mapped to
    its description (first line and continuation lines)."""
    m = re.search(r"^Args:\n((?:[ \t]+\S.*\n?|\n(?=[ \t]))*)", text, re.M)
    if not m:
        return {}
    out, cur = {}, None
    for line in m.group(1).split("\n"):
        fm = re.match(r"    (\w+): ?(.*)$", line)
        if fm:
            cur = fm.group(1)
            out[cur] = fm.group(2).strip()
        elif cur and line.strip():
            out[cur] += " " + line.strip()
    return out


def public_methods(cls):
    """Methods the block class itself defines (not those of gr.block)."""
    for name, obj in sorted(vars(cls).items()):
        if name.startswith("_"):
            continue
        if isinstance(obj, staticmethod):  # its own __doc__ is staticmethod's
            obj = obj.__func__
        if callable(obj) and getattr(obj, "__doc__", None) is not None:
            yield name, obj


class qa_docstrings(gr_unittest.TestCase):

    def setUp(self):
        self.blocks = block_classes()

    def test_000_blocks_found(self):
        self.assertGreater(len(self.blocks), 0, "no block class in gnuradio.stftclean")
        # a header without its binding would leave a block out of this test:
        # each header's class is exported, under its own name, as the
        # typedefs of a class template (cleaner_blk.h: cleaner_cc,
        # cleaner_ff) or as a base class of blocks (mask_control.h); a
        # header that declares no class only includes another one
        if os.path.isdir(HEADER_DIR):
            missing = []
            for h in sorted(glob.glob(os.path.join(HEADER_DIR, "*.h"))):
                name = os.path.basename(h)[:-2]
                if name == "api":
                    continue
                with open(h) as f:
                    text = f.read()
                if not re.search(r"^\s*(?:template\s*<[^>]*>\s*)?class\s", text, re.M):
                    continue
                names = {name} | set(re.findall(
                    r"^typedef\s+%s\s*<[^;]*>\s*(\w+)\s*;" % name, text, re.M))
                if not names & (set(self.blocks) | set(self.bases())):
                    missing.append(name)
            self.assertEqual(missing, [],
                             "headers whose block gnuradio.stftclean does not export")

    def bases(self):
        """{name: class} of the bound classes the blocks inherit besides GNU
        Radio's (mask_control): their methods are the blocks' too."""
        out = {}
        for cls in self.blocks.values():
            for base in cls.__mro__[1:]:
                if base.__module__.startswith("gnuradio.stftclean") and \
                        not issubclass(base, gr_python.basic_block):
                    out[base.__name__] = base
        return out

    def check_text(self, what, text, min_len=10):
        self.assertIsNotNone(text, "%s: no docstring" % what)
        self.assertGreaterEqual(len(text.strip()), min_len,
                                "%s: docstring %r is not real text" % (what, text))
        for p in PLACEHOLDERS:
            self.assertNotIn(p, text, "%s: placeholder text in the docstring" % what)

    def constructor(self, cls):
        """The function whose __doc__ documents construction: make() where the
        binding has one, else __init__ (GNU Radio 3.10 blocks are made by
        calling the class)."""
        if "make" in vars(cls):
            return cls.make, "make"
        return cls.__init__, "__init__"

    def test_001_class_doc(self):
        for name, cls in self.blocks.items():
            with self.subTest(block=name):
                self.check_text(name, cls.__doc__, min_len=40)
                fn, fname = self.constructor(cls)
                params, _ = signature_and_body(fn.__doc__, fname)
                documented = args_section(cls.__doc__)
                # GRC shows the class __doc__: it documents every parameter
                self.assertEqual(list(documented), [p for p, _ in params],
                                 "%s.__doc__: Args do not match the constructor" % name)

    def test_002_constructor_doc(self):
        for name, cls in self.blocks.items():
            fn, fname = self.constructor(cls)
            with self.subTest(block=name, function=fname):
                self.assertIsNotNone(fn.__doc__)
                params, body = signature_and_body(fn.__doc__, fname)
                self.check_text("%s.%s" % (name, fname), body)
                self.assertGreater(len(params), 0)
                documented = args_section(body)
                for p, _ in params:
                    self.assertIn(p, documented,
                                  "%s.%s: parameter %s is not documented" %
                                  (name, fname, p))
                    self.assertGreaterEqual(
                        len(documented[p]), 3,
                        "%s.%s: parameter %s has no description" % (name, fname, p))
                self.assertEqual(list(documented), [p for p, _ in params],
                                 "%s.%s: Args not in the signature's order (or "
                                 "naming a parameter it does not have)" % (name, fname))

    def test_003_method_docs(self):
        for name, cls in list(self.blocks.items()) + list(self.bases().items()):
            methods = list(public_methods(cls))
            self.assertGreater(len(methods), 0, "%s: no public method found" % name)
            for mname, meth in methods:
                with self.subTest(block=name, method=mname):
                    _, body = signature_and_body(meth.__doc__, mname)
                    self.check_text("%s.%s" % (name, mname), body, min_len=5)

    def test_004_module_help(self):
        self.check_text("gnuradio.stftclean", stftclean.__doc__, min_len=40)
        text = pydoc.render_doc(stftclean, renderer=pydoc.plaintext)
        for p in PLACEHOLDERS:
            self.assertNotIn(p, text, "help(gnuradio.stftclean) shows %r" % p)
        for name in self.blocks:
            text = pydoc.render_doc(self.blocks[name], renderer=pydoc.plaintext)
            for p in PLACEHOLDERS:
                self.assertNotIn(p, text, "help(%s) shows %r" % (name, p))

    def test_005_grc_blocks(self):
        """GRC's documentation tab shows the __doc__ of the class that a
        block's make template names, next to the YAML's documentation:
        every such class has one, and the YAML's literal defaults are the
        signature's."""
        try:
            import yaml
        except ImportError:
            self.skipTest("PyYAML not installed")
        files = sorted(glob.glob(os.path.join(GRC_DIR, "*.block.yml")))
        if not files:
            self.skipTest("no GRC files next to this test")
        for path in files:
            with open(path) as f:
                d = yaml.safe_load(f)
            with self.subTest(grc=os.path.basename(path)):
                self.assertTrue(d.get("documentation", "").strip(),
                                "no documentation: text")
                make = d["templates"]["make"]
                ns = {}
                exec(d["templates"]["imports"], ns)
                for cls in self.grc_classes(d, ns):
                    self.check_grc_defaults(d, cls)

    def grc_classes(self, d, ns):
        """The classes a GRC block's make names: one, or for a templated
        block (make: stftclean.cleaner_${type.fcn}(...), as gr-blocks'
        blocks_add_xx) one per option of its type parameter."""
        head = d["templates"]["make"].partition("(")[0].strip()
        subst = re.compile(r"\$\{\s*type\.(\w+)\s*\}")
        if not subst.search(head):
            return [eval(head, ns)]
        tparam = [p for p in d["parameters"] if p["id"] == "type"]
        self.assertEqual(len(tparam), 1, "a templated make without a type parameter")
        attrs = tparam[0]["option_attributes"]
        n = len(tparam[0]["options"])
        return [eval(subst.sub(lambda m: attrs[m.group(1)][i], head), ns)
                for i in range(n)]

    def check_grc_defaults(self, d, cls):
        self.check_text(d["id"], cls.__doc__)
        if cls not in self.blocks.values():
            return  # a Python hier block: its own docstring
        params, _ = signature_and_body(cls.__init__.__doc__, "__init__")
        defaults = dict(params)
        if "args" in defaults:
            # a GRC parameter may be a mask field that the YAML writes into
            # args: its default is then the core's
            for kv in stftclean.mask_config("").split():
                k, _, v = kv.partition("=")
                try:
                    defaults.setdefault(k, repr(float(v)))
                except ValueError:
                    defaults.setdefault(k, None)
        templated = "${" in d["templates"]["make"].partition("(")[0]
        for p in d["parameters"]:
            if templated and p["id"] == "type":
                continue
            with self.subTest(cls=cls.__name__, param=p["id"]):
                self.assertIn(p["id"], defaults,
                              "parameter %s is not one of the constructor's" % p["id"])
                yd, cd = p.get("default"), defaults[p["id"]]
                if yd is None or cd is None:
                    continue
                try:
                    yv = ast.literal_eval(str(yd))
                except (ValueError, SyntaxError):
                    if p.get("dtype") in ("string", "enum"):
                        yv = str(yd)  # a bare YAML string: hann
                    else:
                        continue  # an expression such as samp_rate
                try:
                    cv = ast.literal_eval(cd)
                except (ValueError, SyntaxError):
                    continue
                if isinstance(cv, (int, float)) and not isinstance(cv, bool) and \
                        isinstance(yv, (int, float)):
                    self.assertAlmostEqual(
                        float(yv), float(cv), msg="default of %s: YAML %r, "
                        "constructor %r" % (p["id"], yd, cd))
                elif isinstance(cv, (bool, str, list)):
                    self.assertEqual(yv, cv, "default of %s: YAML %r, constructor "
                                     "%r" % (p["id"], yd, cd))


if __name__ == "__main__":
    gr_unittest.run(qa_docstrings)
