#!/usr/bin/env python3
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
"""Checks the relative links of the project's Markdown files.

Usage: check_doc_links.py [SOURCE_DIR] [--ignore PATH ...]

Every inline link and image, [text](target) and ![alt](target), in
README.md, MANIFEST.md, CHANGELOG.md, docs/*.md and examples/README.md
(outside fenced code blocks and code spans) whose target is not a URL must
name a file or folder that exists, relative to the Markdown file; a
#fragment must be the anchor GitHub gives one of the headings of the target
Markdown file (or of the same file for a bare #fragment). --ignore PATH
(relative to SOURCE_DIR, repeatable) accepts a target that does not exist
yet. Prints one line per broken link and exits 1 if there is one.
Standard library only."""

import os
import re
import sys

FILES = ["README.md", "MANIFEST.md", "CHANGELOG.md", "examples/README.md"]
LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^\s*(```|~~~)")


def prose_lines(text):
    """(line number, line) of the lines outside fenced code blocks, with
    code spans blanked out."""
    fence = None
    for n, line in enumerate(text.split("\n"), 1):
        m = FENCE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif m.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield n, re.sub(r"(`+)(.+?)\1", lambda c: " " * len(c.group(0)), line)


def slug(heading):
    """The anchor GitHub makes of a heading's text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links -> text
    text = text.replace("`", "").strip().lower()
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = re.sub(r"[^\w\- ]", "", text)  # \w keeps letters, digits, _
    return text.replace(" ", "-")


_ANCHORS = {}


def anchors(path):
    """The anchors of the headings of a Markdown file (GitHub's numbering of
    repeated headings included)."""
    cache = _ANCHORS
    if path not in cache:
        seen = {}
        out = set()
        with open(path, encoding="utf-8") as f:
            text = f.read()
        fence = None
        for line in text.split("\n"):
            m = FENCE.match(line)
            if m:
                if fence is None:
                    fence = m.group(1)
                elif m.group(1) == fence:
                    fence = None
                continue
            if fence is not None:
                continue
            h = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if not h:
                continue
            s = slug(h.group(1))
            n = seen.get(s, 0)
            seen[s] = n + 1
            out.add(s if n == 0 else "%s-%d" % (s, n))
        cache[path] = out
    return cache[path]


def check(top, ignore):
    files = list(FILES)
    docs = os.path.join(top, "docs")
    if os.path.isdir(docs):
        files += sorted("docs/" + f for f in os.listdir(docs) if f.endswith(".md"))
    bad = []
    count = 0
    for rel in files:
        path = os.path.join(top, rel)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for n, line in prose_lines(text):
            for m in LINK.finditer(line):
                target = m.group(2)
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # http:, mailto: ...
                    continue
                count += 1
                where = "%s:%d: %s" % (rel, n, target)
                file_part, _, frag = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) \
                    if file_part else path
                dest_rel = os.path.relpath(dest, top)
                if not os.path.exists(dest):
                    if dest_rel not in ignore:
                        bad.append("%s: no such file %s" % (where, dest_rel))
                    continue
                if frag:
                    if not dest.endswith(".md"):
                        bad.append("%s: an anchor in a file that is not Markdown" % where)
                    elif frag not in anchors(dest):
                        bad.append("%s: no heading with anchor #%s in %s" % (where, frag, dest_rel))
    return count, bad


def main(argv):
    top, ignore = None, set()
    it = iter(argv)
    for a in it:
        if a == "--ignore":
            ignore.add(os.path.normpath(next(it)))
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            top = a
    if top is None:
        top = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    count, bad = check(top, ignore)
    for b in bad:
        print(b)
    print("check_doc_links: %d relative links, %d broken" % (count, len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
