#!/usr/bin/env python3
#
# Copyright 2026 gr-stftclean authors.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Write the pybind11 docstring templates from the block headers' doxygen.

For each public block header include/gnuradio/stftclean/<block>.h this
writes docstrings/<block>_pydoc_template.h, which the build copies to
<block>_pydoc.h for the binding file <block>_python.cc (GR_PYBIND_MAKE_OOT
without ENABLE_DOXYGEN). The docstrings come from the doxygen comments:

  __doc_gr_stftclean_<block>        \\brief and \\details of the class, then
                                   "Constructor Specific Documentation:"
                                   with make()'s \\param lines (Args:); this
                                   is the class __doc__, which GRC shows in
                                   its documentation tab
  __doc_gr_stftclean_<block>_make   the brief line and make()'s \\param lines:
                                   the Python constructor's __doc__
  __doc_gr_stftclean_<block>_<m>    the comment of public method m
  __doc_gr_stftclean_<block>_<block>_<i>
                                   the implicit C++ constructors that
                                   bindtool declared (unused by the bindings)

Every symbol that a template already declares keeps its name (the binding
files use them through D(...)); a public method that the template does not
declare yet is added. Doxygen markup becomes plain text: \\param -> an Args:
section ("name: description"), \\return(s) -> Returns:, \\note -> Note:,
\\throws -> Raises:, \\sa -> See also:, \\p x -> `x`, \\c x -> ``x``, \\e x ->
*x*, \\b x -> **x**, \\ref x -> x, \\code ... \\endcode -> an indented
literal block after "::", "- " list items kept as items; \\ingroup and
similar grouping commands are dropped. Paragraphs are wrapped to 72
columns.

Templated blocks follow gr-blocks: "template <class T> class X_blk" with
typedefs after the class (typedef X_blk<float> X_ff;); the docstrings are
the template's (__doc_gr_stftclean_X_blk...), shared by every typedef. A
class without make() is an interface that blocks inherit (mask_control):
its class and method docstrings only. Methods defined in the class body
(inline) are documented like declared ones. A make() overload whose comment
says \\deprecated is left out (it is not bound). A header that declares no
class (a compatibility header that only includes another) is skipped.

The headers are checked on the way: a make() argument without a \\param,
a \\param that names no argument or \\params out of the arguments' order,
and a public method without a comment are errors (exit status 1).

Each binding file <block>_python.cc carries BINDTOOL_HEADER_FILE_HASH, the
md5 of its header; GR_PYBIND_MAKE_OOT compares them at configure time and
stops cmake when they differ (or, with BINDTOOL_GEN_AUTOMATIC(1), rewrites
the hand-kept binding with bindtool). So a header edit, documentation
included, needs the new md5 there too: this script writes it (that token
only) along with the template, and --check reports a stale one.

Usage:
  gen_pydoc.py              write every template (and binding hash) whose
                            text changed
  gen_pydoc.py --check      write nothing; exit 1 naming each stale or
                            missing file (ctest: pydoc_templates_check);
                            --diff also prints what would change
  gen_pydoc.py BLOCK ...    only these blocks (names or header paths)

Standard library only; run it with any Python 3.
"""

import argparse
import difflib
import hashlib
import os
import re
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
HEADER_DIR = os.path.join(TOP, "include", "gnuradio", "stftclean")
NAMESPACE = ("gr", "stftclean")
SCRIPT_REL = "python/stftclean/bindings/docstrings/gen_pydoc.py"
WIDTH = 72
INDENT = "    "


class HeaderError(Exception):
    """A header whose documentation is incomplete or wrong."""


class NoClass(HeaderError):
    """A header that declares no class (a compatibility header)."""


def deprecated(doc):
    """Whether a doxygen comment marks its declaration \\deprecated."""
    return bool(doc) and re.search(r"[\\@]deprecated\b", doc) is not None


# --------------------------------------------------------------------------
# C++ header scanning
# --------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<doc_block>/\*[*!](?![*/])(?P<doc_block_body>.*?)\*/)"
    r"|(?P<doc_lines>(?:[ \t]*//[/!](?!/)[^\n]*\n)+)"
    r"|(?P<comment>/\*.*?\*/|//[^\n]*)"
    r"|(?P<string>\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*')"
    r"|(?P<pp>^[ \t]*#[^\n]*(?:\\\n[^\n]*)*)",
    re.S | re.M,
)


def _doc_text(match):
    """The text of a doc comment, its comment syntax taken off."""
    if match.group("doc_block") is not None:
        body = match.group("doc_block_body")
        lines = body.split("\n")
        out = []
        for i, line in enumerate(lines):
            if i > 0:
                line = re.sub(r"^[ \t]*\*(?!/)", "", line, count=1)
            out.append(line)
        text = "\n".join(out)
    else:
        text = "\n".join(
            re.sub(r"^[ \t]*//[/!]", "", line)
            for line in match.group("doc_lines").rstrip("\n").split("\n")
        )
    return textwrap.dedent(_strip_blank_edges(text))


def _strip_blank_edges(text):
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    # the first line of a block comment starts right after "/*!"
    if lines:
        lines[0] = lines[0].lstrip() if len(lines) == 1 else lines[0]
        if len(lines) > 1 and lines[0].strip():
            # align the first line with the rest for dedent
            rest = [l for l in lines[1:] if l.strip()]
            ind = min((len(l) - len(l.lstrip()) for l in rest), default=0)
            lines[0] = " " * ind + lines[0].strip()
    return "\n".join(lines)


def scan(text):
    """(doc, code) pairs: each declaration-ish code chunk ending in ';',
    '{' or '}' (or an access specifier), with the doc comment that came
    right before it (None when none did)."""
    items = []
    pending_doc = None
    code = []
    pos = 0

    def flush_code(chunk):
        nonlocal pending_doc
        code.append(chunk)
        joined = "".join(code)
        # split at statement ends and access specifiers
        while True:
            m = re.search(r"[;{}]|\b(?:public|protected|private)\s*:(?!:)", joined)
            if not m:
                break
            stmt = joined[: m.end()]
            items.append((pending_doc, " ".join(stmt.split())))
            pending_doc = None
            joined = joined[m.end():]
        code[:] = [joined]

    for m in _TOKEN.finditer(text):
        flush_code(text[pos: m.start()])
        pos = m.end()
        if m.group("doc_block") is not None or m.group("doc_lines") is not None:
            if re.match(r"\s*(?:/\*[*!]|//[/!])<", m.group(0)):
                continue  # a trailing-member comment (/*!< ... */): not used here
            doc = _doc_text(m)
            pending_doc = doc if pending_doc is None else pending_doc + "\n\n" + doc
        elif m.group("string") is not None:
            code.append('""')
        # plain comments and preprocessor lines are dropped
    flush_code(text[pos:])
    return items


def _split_args(arglist):
    """Top-level comma split of a parameter list."""
    args, depth, cur = [], 0, ""
    for ch in arglist:
        if ch in "(<[{":
            depth += 1
        elif ch in ")>]}":
            depth -= 1
        if ch == "," and depth == 0:
            args.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        args.append(cur)
    names = []
    for a in args:
        a = a.split("=")[0].strip()
        if a in ("", "void"):
            continue
        m = re.search(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?$", a)
        if not m:
            raise HeaderError("cannot read the parameter name of '%s'" % a)
        names.append(m.group(1))
    return names


class Member:
    def __init__(self, name, args, doc, decl):
        self.name, self.args, self.doc, self.decl = name, args, doc, decl


class BlockHeader:
    def __init__(self, path):
        self.path = path
        with open(path, encoding="utf-8") as f:
            self.text = f.read()
        self.copyright = self._copyright()
        self.name = None
        self.doc = None
        self.members = []  # public methods, header order (make included)
        self.typedefs = []  # typedef <class><T> name; after a class template
        self._parse()

    def _copyright(self):
        """The header's leading comment that holds its copyright."""
        for m in re.finditer(r"\s*(/\*.*?\*/)", self.text, re.S):
            if "Copyright" in m.group(1) or "SPDX" in m.group(1):
                return m.group(1)
            if m.group(1).startswith(("/*!", "/**")):
                break
        return None

    def _parse(self):
        depth = 0
        cls_depth = None
        access = None
        for doc, stmt in scan(self.text):
            if cls_depth is None:
                m = re.match(r"(?:template\s*<[^{;]*?>\s*)?(?:class|struct)\s+"
                             r"(?:\w+_API\s+)?(\w+)\b[^;]*\{$", stmt)
                if m and self.name is None:
                    self.name = m.group(1)
                    self.doc = doc
                    cls_depth = depth + 1
                    access = "private" if stmt.startswith("class") else "public"
                    depth += 1
                    continue
            if stmt.endswith("{"):
                if cls_depth is not None and cls_depth > 0 and depth == cls_depth \
                        and access == "public":
                    self._member(doc, stmt[:-1].rstrip() + ";")  # an inline method
                depth += 1
                continue
            if stmt.endswith("}"):
                depth -= 1
                if cls_depth is not None and depth < cls_depth:
                    cls_depth = -1  # done with the class
                continue
            if cls_depth is not None and cls_depth < 0 and depth == 2:
                m = re.match(r"typedef\s+%s\s*<.*>\s*(\w+)\s*;$" % self.name, stmt)
                if m:  # the instances of a templated block
                    self.typedefs.append(m.group(1))
            if cls_depth is None or cls_depth < 0 or depth != cls_depth:
                continue
            m = re.match(r"(public|protected|private)\s*:$", stmt)
            if m:
                access = m.group(1)
                continue
            if access != "public":
                continue
            self._member(doc, stmt)
        if self.name is None:
            raise NoClass("%s: no class found" % self.path)
        if self.doc is None:
            raise HeaderError("%s: class %s has no doxygen comment" %
                              (self.path, self.name))

    def _member(self, doc, stmt):
        """Records a public method from its declaration (or from the head of
        its inline definition, ended with ';')."""
        if "(" not in stmt or stmt.startswith(("typedef", "using", "friend")):
            return
        m = re.match(r"(.*?)\b(~?[A-Za-z_]\w*)\s*\((.*)\)[^()]*;$", stmt)
        if not m:
            return
        name = m.group(2)
        if name.startswith("~") or m.group(1).endswith("~") or name == "operator":
            return  # a destructor or an operator
        if re.match(r"(?:class|struct|union|enum|namespace)\b", stmt):
            return
        self.members.append(Member(name, _split_args(m.group(3)), doc, stmt))

    def member(self, name):
        found = [m for m in self.members if m.name == name]
        return found


# --------------------------------------------------------------------------
# doxygen -> text
# --------------------------------------------------------------------------

_SECTION = {
    "brief": "brief", "short": "brief",
    "details": "details",
    "param": "param", "tparam": "param",
    "return": "returns", "returns": "returns", "result": "returns",
    "retval": "returns",
    "note": "note", "remark": "note", "remarks": "note", "attention": "note",
    "warning": "warning",
    "throw": "throws", "throws": "throws", "exception": "throws",
    "sa": "see", "see": "see",
    "deprecated": "deprecated",
    "pre": "note", "post": "note", "since": "note",
}
# commands dropped with the rest of their line
_DROP_LINE = ("ingroup", "defgroup", "addtogroup", "weakgroup", "file", "class",
              "struct", "fn", "var", "typedef", "namespace", "name", "headerfile",
              "relates", "relatesalso", "memberof", "internal", "endinternal",
              "nosubgrouping", "hideinitializer", "showinitializer", "private",
              "public", "protected", "static")


_WORD = r"([\w:()\[\]\-\"]+(?:\.[\w()\[\]\-\"]+)*)"  # no trailing '.'


def inline(text):
    """Doxygen inline markup -> plain text / reST."""
    text = re.sub(r"[\\@](?:p|a)\s+" + _WORD, r"`\1`", text)
    text = re.sub(r"[\\@]c\s+" + _WORD, r"``\1``", text)
    text = re.sub(r"[\\@](?:e|em)\s+" + _WORD, r"*\1*", text)
    text = re.sub(r"[\\@]b\s+" + _WORD, r"**\1**", text)
    text = re.sub(r"[\\@]ref\s+" + _WORD + r"(?:\s+\"([^\"]*)\")?",
                  lambda m: m.group(2) or m.group(1), text)
    text = re.sub(r"[\\@]f\$(.*?)[\\@]f\$", r"\1", text)
    text = re.sub(r"[\\@]n\b", "\n", text)
    text = re.sub(r"\\([\\@&$#<>%\".|])", r"\1", text)
    text = re.sub(r"</?(?:b|strong)>", "**", text)
    text = re.sub(r"</?(?:i|em)>", "*", text)
    text = re.sub(r"</?(?:tt|code)>", "``", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return text


class Doc:
    """A doxygen comment, split into its sections."""

    def __init__(self, text):
        self.brief = []    # blocks
        self.details = []  # blocks
        self.params = []   # (name, [blocks])
        self.returns = []
        self.notes = []
        self.warnings = []
        self.throws = []
        self.see = []
        self.deprecated = []
        self._parse(text or "")

    def _parse(self, text):
        # blocks: ("p", text) paragraph, ("li", text) list item,
        # ("code", text) verbatim
        target = self.details
        para = []
        item = None  # current list item lines
        lines = text.split("\n")
        i = 0

        def end_para():
            nonlocal para, item
            if item is not None:
                target.append(("li", " ".join(item)))
                item = None
            if para:
                target.append(("p", " ".join(para)))
                para = []

        while i < len(lines):
            raw = lines[i]
            line = raw.strip()
            i += 1
            m = re.match(r"[\\@](code|verbatim)\b(\{[^}]*\})?\s*(.*)$", line)
            if m:
                end_para()
                end = "endcode" if m.group(1) == "code" else "endverbatim"
                body = [m.group(3)] if m.group(3) else []
                while i < len(lines) and not re.match(
                        r"\s*[\\@]%s\b" % end, lines[i]):
                    body.append(lines[i])
                    i += 1
                i += 1
                target.append(("code", textwrap.dedent("\n".join(body)).strip("\n")))
                continue
            if not line:
                # a blank line ends \brief, \param, \return, ... paragraphs
                end_para()
                target = self.details
                continue
            m = re.match(r"[\\@](\w+)(\[[^\]]*\])?(?:\s+|$)(.*)$", line)
            if m and m.group(1) in _DROP_LINE:
                end_para()
                continue
            if m and m.group(1) in _SECTION:
                end_para()
                kind = _SECTION[m.group(1)]
                rest = m.group(3)
                if kind == "brief":
                    target = self.brief
                elif kind == "details":
                    target = self.details
                elif kind == "param":
                    pm = re.match(r"([\w.,]+)\s*(.*)$", rest)
                    if not pm:
                        raise HeaderError("\\param without a name: '%s'" % line)
                    blocks = []
                    self.params.append((pm.group(1), blocks))
                    target = blocks
                    rest = pm.group(2)
                else:
                    blocks = []
                    getattr(self, {"returns": "returns", "note": "notes",
                                   "warning": "warnings", "throws": "throws",
                                   "see": "see",
                                   "deprecated": "deprecated"}[kind]).append(blocks)
                    target = blocks
                if rest:
                    para.append(inline(rest))
                continue
            lm = re.match(r"(?:[-*+]|-#|\d+\.)\s+(.*)$", line)
            if lm:
                if para:
                    target.append(("p", " ".join(para)))
                    para = []
                if item is not None:
                    target.append(("li", " ".join(item)))
                item = [inline(lm.group(1))]
                continue
            if item is not None:
                item.append(inline(line))
            else:
                para.append(inline(line))
        end_para()


def wrap(text, width, initial_indent, subsequent_indent):
    """textwrap.wrap of a paragraph, never starting a continuation line with
    something that reads as a list item ("- x", "* x", "1. x")."""
    words = " ".join(text.split())
    # keep a short formula together: no break next to a lone operator
    # ("t - latency()", "L < N", "3 x 3")
    words = _BIND.sub(lambda m: m.group(0).replace(" ", _NBSP), words)
    words = _INTERVAL.sub(lambda m: m.group(0).replace(" ", _NBSP), words)
    for w in range(width, width - 20, -1):
        lines = textwrap.wrap(words, width=w, initial_indent=initial_indent,
                              subsequent_indent=subsequent_indent,
                              break_on_hyphens=False, break_long_words=False)
        if not any(re.match(r"(?:[-*+]|-#|\d+\.)\s", l[len(subsequent_indent):])
                   for l in lines[1:]):
            break
    return [l.replace(_NBSP, " ") for l in lines]


_NBSP = "\x00"
_INTERVAL = re.compile(r"[\[(][-+]?[\w.]+, [-+]?[\w.]+[\])]")
_BIND = re.compile(r"(?<=\S) (?:[-+*/=<>x]|<=|>=|==|!=|->|\.\.) (?=\S)")


def render_blocks(blocks, indent="", width=WIDTH):
    out = []
    prev = None
    for kind, text in blocks:
        if kind == "code":
            if out and not out[-1].endswith("::"):
                # "text:" -> "text::", else a bare "::" paragraph
                if prev == "p" and out[-1].endswith(":"):
                    out[-1] += ":"
                else:
                    out.append(indent + "::")
            out.append("")
            out.extend((indent + INDENT + l).rstrip() for l in text.split("\n"))
            out.append("")
        elif kind == "li":
            if prev not in ("li", None) and out and out[-1] != "":
                out.append("")
            out.extend(wrap(text, width, indent + "- ", indent + "  "))
        else:
            if out and out[-1] != "":
                out.append("")
            out.extend(wrap(text, width, indent, indent))
        prev = kind
    while out and out[-1] == "":
        out.pop()
    return out


def render_field(name, blocks, width=WIDTH):
    """'name: first paragraph' with the rest indented below it."""
    if not blocks:
        return [INDENT + name + ":"]
    first_kind, first = blocks[0]
    out = []
    if first_kind == "p":
        out.extend(wrap(name + ": " + first, width, INDENT, 2 * INDENT))
        rest = blocks[1:]
    else:
        out.append(INDENT + name + ":")
        rest = blocks
    if rest:
        out.append("")
        out.extend(render_blocks(rest, indent=2 * INDENT, width=width))
    return out


def render_section(title, entries, width=WIDTH):
    """A titled section ('Returns:') of one or more block lists."""
    out = []
    for blocks in entries:
        if not blocks:
            continue
        if out:
            out.append("")
        out.extend(render_blocks(blocks, indent=INDENT, width=width))
    if not out:
        return []
    return [title + ":"] + out


def join_parts(parts):
    return "\n\n".join("\n".join(p) for p in parts if p)


def doc_body(doc, with_brief=True):
    """Brief and details."""
    parts = []
    if with_brief:
        parts.append(render_blocks(doc.brief))
    parts.append(render_blocks(doc.details))
    return [p for p in parts if p]


def doc_sections(doc):
    """The Returns/Raises/Note/... sections, which follow Args."""
    parts = [render_section("Returns", doc.returns),
             render_section("Raises", doc.throws),
             render_section("Note", doc.notes),
             render_section("Warning", doc.warnings),
             render_section("Deprecated", doc.deprecated),
             render_section("See also", doc.see)]
    return [p for p in parts if p]


def args_section(doc, args, where, errs, required=False):
    """Args: of doc's \\params, checked against the declaration's args
    (problems are appended to errs)."""
    names = [n for n, _ in doc.params]
    unknown = [n for n in names if n not in args]
    if unknown:
        errs.append("%s: \\param %s names no argument (arguments: %s)" %
                    (where, ", ".join(unknown), ", ".join(args)))
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        errs.append("%s: \\param %s given twice" % (where, ", ".join(dup)))
    if required:
        missing = [a for a in args if a not in names]
        if missing:
            errs.append("%s: argument(s) without \\param: %s" %
                        (where, ", ".join(missing)))
    known = [n for n in names if n in args]
    if known != [a for a in args if a in known]:
        errs.append(
            "%s: \\param lines out of the arguments' order: %s; arguments: %s" %
            (where, ", ".join(names), ", ".join(args)))
    if not doc.params:
        return []
    out = ["Args:"]
    for n, blocks in doc.params:
        if not blocks:
            errs.append("%s: \\param %s has no description" % (where, n))
        out.extend(render_field(n, blocks))
    return out


# --------------------------------------------------------------------------
# templates
# --------------------------------------------------------------------------

_SYMBOL = re.compile(r"static\s+const\s+char\s*\*\s*(__doc_\w+)\s*=")


def declared_symbols(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return _SYMBOL.findall(f.read())


def prefix(block):
    return "__doc_" + "_".join(NAMESPACE) + "_" + block


def block_docs(hdr):
    """{symbol suffix: docstring} for a header, in header order."""
    block = hdr.name
    where = os.path.relpath(hdr.path, TOP)
    errs = []
    cdoc = Doc(hdr.doc)
    if not cdoc.brief and not cdoc.details:
        errs.append("%s: class %s has no description" % (where, block))
    if cdoc.params:
        errs.append("%s: \\param in the class comment (put it on make())" % where)
    brief = render_blocks(cdoc.brief or cdoc.details[:1])

    docs = {}
    makes = [m for m in hdr.member("make") if not deprecated(m.doc)]
    interface = not hdr.member("make")  # a base class of blocks: no make()
    if len(makes) != 1 and not interface:
        errs.append("%s: expected one make() (besides \\deprecated ones), found %d" %
                    (where, len(makes)))
        ctor = []
    elif interface:
        ctor = []
    else:
        make = makes[0]
        if make.doc is None:
            errs.append("%s: make() has no doxygen comment" % where)
        mdoc = Doc(make.doc)
        ctor = doc_body(mdoc) + [
            args_section(mdoc, make.args, where + ": make()", errs, required=True)
        ] + doc_sections(mdoc)
    class_parts = doc_body(cdoc) + doc_sections(cdoc)
    if not interface:
        class_parts.append(["Constructor Specific Documentation:"])
        class_parts.extend(ctor)
    # in bindtool's order: the class, its two implicit constructors, make
    docs[""] = join_parts(class_parts)
    if not interface:
        py_names = hdr.typedefs or [block]
        ctor_note = ["Not called directly: construct the block with make()",
                     "(in Python: %s)." % " or ".join(
                         "%s.%s(...)" % (".".join(["gnuradio"] + list(NAMESPACE[1:])), n)
                         for n in py_names)]
        for i in range(2):
            docs["%s_%d" % (block, i)] = join_parts([brief, ctor_note])
        docs["make"] = join_parts([brief] + ctor)

    counts = {}
    for m in hdr.members:
        counts[m.name] = counts.get(m.name, 0) + 1
    seen = {}
    for m in hdr.members:
        if m.name == "make":
            continue
        if m.doc is None:
            errs.append("%s: public method %s() has no doxygen comment" %
                        (where, m.name))
            continue
        d = Doc(m.doc)
        parts = doc_body(d)
        parts.append(args_section(d, m.args, "%s: %s()" % (where, m.name), errs))
        parts.extend(doc_sections(d))
        text = join_parts(parts)
        if not text.strip():
            errs.append("%s: the comment of %s() is empty" % (where, m.name))
        key = m.name
        if counts[m.name] > 1:
            key = "%s_%d" % (m.name, seen.get(m.name, 0))
            seen[m.name] = seen.get(m.name, 0) + 1
        docs[key] = text
    if errs:
        raise HeaderError("\n".join(errs))
    return docs


def render_template(hdr, declared):
    block = hdr.name
    docs = block_docs(hdr)
    pre = prefix(block)
    wanted = [pre + ("_" + k if k else "") for k in docs]
    by_symbol = dict(zip(wanted, docs.values()))
    unknown = [s for s in declared if s not in by_symbol]
    if unknown:
        raise HeaderError(
            "%s declares %s, which %s does not give (a renamed or removed "
            "method? update the binding file and the template)" %
            (template_path(block), ", ".join(unknown),
             os.path.relpath(hdr.path, TOP)))
    # the template's order first, then what it lacks, in header order
    order = list(declared) + [s for s in wanted if s not in declared]

    header_rel = os.path.relpath(hdr.path, TOP)
    out = []
    if hdr.copyright:
        out.append(hdr.copyright)
    out.append('#include "pydoc_macros.h"')
    out.append("#define D(...) DOC(%s, __VA_ARGS__)" % ", ".join(NAMESPACE))
    out.append("/*")
    out.append("  Docstrings of the Python bindings, generated from the doxygen")
    out.append("  comments of %s by" % header_rel)
    out.append("  %s." % SCRIPT_REL)
    out.append("  Do not edit: edit the header and run the script (the ctest")
    out.append("  pydoc_templates_check fails while this file is stale).")
    out.append(" */")
    # the raw strings' layout is the docstrings' text: clang-format keeps off
    out.append("// clang-format off")
    for sym in order:
        text = by_symbol[sym]
        if ')doc"' in text:
            raise HeaderError("%s: the docstring holds ')doc\"'" % sym)
        out.append("")
        out.append("")
        out.append('static const char* %s = R"doc(%s)doc";' % (sym, text))
    out.append("")
    out.append("// clang-format on")
    return "\n".join(out) + "\n"


def template_path(block):
    return os.path.join(HERE, block + "_pydoc_template.h")


_HASH = re.compile(r"BINDTOOL_HEADER_FILE_HASH\(([0-9a-fA-F]*)\)")


def binding_hash(block, header_path):
    """(binding file, its BINDTOOL_HEADER_FILE_HASH, the header's md5).

    GR_PYBIND_MAKE_OOT compares the two at configure time: a mismatch with
    BINDTOOL_GEN_AUTOMATIC(0) stops cmake ("out of sync"), with (1) it
    rewrites the hand-kept binding file with bindtool. None when there is no
    binding file or it carries no hash."""
    path = os.path.join(os.path.dirname(HERE), block + "_python.cc")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        m = _HASH.search(f.read())
    if not m:
        return None
    with open(header_path, "rb") as f:
        md5 = hashlib.md5(f.read()).hexdigest()
    return path, m.group(1), md5


def set_binding_hash(path, md5):
    """Replace only the hash in the binding file (same length: the comment
    box keeps its alignment)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(_HASH.sub("BINDTOOL_HEADER_FILE_HASH(%s)" % md5, text, count=1))


def find_headers(names):
    if not names:
        return sorted(
            os.path.join(HEADER_DIR, f) for f in os.listdir(HEADER_DIR)
            if f.endswith(".h") and f != "api.h")
    out = []
    for n in names:
        if os.path.sep in n or n.endswith(".h"):
            out.append(os.path.abspath(n))
        else:
            out.append(os.path.join(HEADER_DIR, n + ".h"))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Generate docstrings/<block>_pydoc_template.h from the "
        "doxygen comments of include/gnuradio/stftclean/<block>.h.")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if a template is stale or missing")
    ap.add_argument("--diff", action="store_true",
                    help="with --check: print a unified diff of each stale template")
    ap.add_argument("blocks", nargs="*",
                    help="block names or header paths (default: every header)")
    a = ap.parse_args(argv)

    stale, errors, written = [], [], []
    headers = find_headers(a.blocks)
    if not a.blocks:
        names = {os.path.basename(h)[:-2] for h in headers}
        for t in sorted(os.listdir(HERE)):
            if t.endswith("_pydoc_template.h") and \
                    t[:-len("_pydoc_template.h")] not in names:
                errors.append("%s: no header %s.h in %s" % (
                    t, t[:-len("_pydoc_template.h")], os.path.relpath(HEADER_DIR, TOP)))
    for path in headers:
        try:
            hdr = BlockHeader(path)
            tpath = template_path(hdr.name)
            text = render_template(hdr, declared_symbols(tpath))
        except NoClass:
            continue  # a compatibility header that includes another
        except (HeaderError, OSError) as e:
            errors.append(str(e))
            continue
        bh = binding_hash(hdr.name, path)
        if bh and bh[1] != bh[2]:
            rel = os.path.relpath(bh[0], TOP)
            if a.check:
                stale.append("%s (BINDTOOL_HEADER_FILE_HASH %s, header md5 %s)" %
                             (rel, bh[1], bh[2]))
            else:
                set_binding_hash(bh[0], bh[2])
                written.append(rel + " (BINDTOOL_HEADER_FILE_HASH only)")
        old = None
        if os.path.exists(tpath):
            with open(tpath, encoding="utf-8") as f:
                old = f.read()
        if old == text:
            continue
        rel = os.path.relpath(tpath, TOP)
        if a.check:
            stale.append(rel if old is not None else rel + " (missing)")
            if a.diff and old is not None:
                sys.stdout.writelines(difflib.unified_diff(
                    old.splitlines(True), text.splitlines(True), rel + " (now)",
                    rel + " (from the header)"))
        else:
            with open(tpath, "w", encoding="utf-8") as f:
                f.write(text)
            written.append(rel)

    for e in errors:
        for line in e.split("\n"):
            print("gen_pydoc: error: " + line, file=sys.stderr)
    for s in stale:
        print("gen_pydoc: stale: %s (run %s)" % (s, SCRIPT_REL), file=sys.stderr)
    for w in written:
        print("gen_pydoc: wrote " + w)
    if errors or stale:
        return 1
    if a.check:
        print("gen_pydoc: every template matches its header")
    return 0


if __name__ == "__main__":
    sys.exit(main())
