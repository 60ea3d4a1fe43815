#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the blocks of a .grc sit on GRC's canvas, approximately, without GTK.

GRC (gnuradio/grc/gui/canvas/block.py, GNU Radio 3.10) sizes a block from its
bold title (Sans 8), one line per parameter shown on the block (hide "none",
Sans 7.5, each value cut to 27 - len(label) characters, at least 3), 7 px of
padding around, and a height of at least 32 px per port on the busier side;
ports stick out of the sides, and a block's comment is drawn under it. This
module estimates that box from the block's parameters as GRC's own core
loads them, on the generous side (a character is taken as 6.5 px, 7.5 px in
the title), so that two boxes that do not overlap here do not overlap on a
screen with GRC's default fonts. It does not draw connections.

    python3 grc_canvas.py SRC [FILE.grc...]          report overlaps
    python3 grc_canvas.py --tidy SRC [FILE.grc...]   rewrite the coordinates
                                                     (layered left to right)
"""
import glob
import os
import re
import sys

GRID = 8
PAD = 7  # BLOCK_LABEL_PADDING
PORT_SEPARATION = 32
PORT_OUT = 24  # ports and their labels, each side that has ports
TITLE_H, LINE_H = 14, 15  # the title; a parameter line with LABEL_SEPARATION
CHAR_W, TITLE_CHAR_W, COMMENT_LINE_H = 6.5, 7.5, 14


def platform(src):
    """GRC's core platform with this tree's block definitions."""
    os.environ["GRC_BLOCKS_PATH"] = os.path.join(src, "grc")
    from gnuradio import gr
    from gnuradio.grc.core.platform import Platform
    p = Platform(name="grc_canvas", prefs=gr.prefs(), version=gr.version(),
                 version_parts=(gr.major_version(), gr.api_version(),
                                gr.minor_version()))
    p.build_library()
    return p


def load(p, path):
    fg = p.make_flow_graph()
    fg.import_data(p.parse_flow_graph(path))
    fg.rewrite()
    fg.validate()
    return fg


def _shown(par):
    """The text GRC writes for a parameter on the block: label: value."""
    value = str(par.get_value())
    if value in par.options:
        value = str(par.options[value])
    value = value.replace("\n", " ")
    limit = max(27 - len(par.name), 3)
    return "%s: %s" % (par.name, value[:limit])


def _snap(v):
    return int(-(-v // GRID) * GRID)


def size(block):
    """(width, height) of the block's body, grid aligned."""
    lines = [_shown(par) for par in block.params.values() if par.hide not in ("all", "part")]
    w = max([len(block.label) * TITLE_CHAR_W] + [len(s) * CHAR_W for s in lines])
    h = TITLE_H + (3 + LINE_H * len(lines) if lines else 0)
    ports = max(len(block.active_sinks), len(block.active_sources))
    h = max(h + 2 * PAD, 2 * PAD + ports * PORT_SEPARATION - 16 if ports else 0)
    return _snap(w + 2 * PAD), _snap(h)


def box(block, coordinate=None):
    """(x0, y0, x1, y1) of the block with its ports and its comment."""
    x, y = coordinate if coordinate is not None else block.states["coordinate"]
    w, h = size(block)
    x0 = x - (PORT_OUT if block.active_sinks else 0)
    x1 = x + w + (PORT_OUT if block.active_sources else 0)
    y1 = y + h
    comment = block.comment or ""
    if comment:
        lines = comment.split("\n")
        x1 = max(x1, x + max(len(s) for s in lines) * CHAR_W)
        y1 += PAD + len(lines) * COMMENT_LINE_H
    return x0, y, x1, y1


def problems(fg):
    """Sentences for blocks off the grid and pairs of overlapping boxes."""
    out = []
    blocks = list(fg.blocks)
    boxes = {b.name: box(b) for b in blocks}
    for b in blocks:
        x, y = b.states["coordinate"]
        if x % GRID or y % GRID or x < 0 or y < 0:
            out.append("%s at (%d, %d): not on the %d px grid" % (b.name, x, y, GRID))
    for i, a in enumerate(blocks):
        for b in blocks[i + 1:]:
            p, q = boxes[a.name], boxes[b.name]
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]:
                out.append("%s %s and %s %s overlap" % (a.name, p, b.name, q))
    return out


def layout(fg, width=1400, gap=24):
    """New coordinates, name -> (x, y): the options block and the blocks
    without ports (variables, parameters, GUI controls, imports) in rows at
    the top, in file order; the blocks with ports in columns by their
    longest path from a source, each column in the order of the mean row of
    its inputs."""
    blocks = list(fg.blocks)
    header = [b for b in blocks if not b.active_sinks and not b.active_sources]
    graph = [b for b in blocks if b not in header]
    pos = {}
    x, y, row_h = GRID, GRID, 0
    for b in header:
        x0, y0, x1, y1 = box(b, (0, 0))
        if x > GRID and x + x1 > width:
            x, y, row_h = GRID, y + row_h + gap, 0
        pos[b.name] = (_snap(x), _snap(y))
        x += x1 + gap
        row_h = max(row_h, y1)
    top = _snap(y + row_h + 2 * gap)
    preds = {b.name: set() for b in graph}
    for c in fg.connections:
        s, d = c.source_block.name, c.sink_block.name
        if s in preds and d in preds and s != d:
            preds[d].add(s)
    depth = {}

    def level(name, seen=()):
        if name not in depth:
            ps = [p for p in preds[name] if p not in seen]
            depth[name] = 1 + max((level(p, seen + (name,)) for p in ps), default=-1)
        return depth[name]

    for b in graph:
        level(b.name)
    columns = {}
    for b in graph:
        columns.setdefault(depth[b.name], []).append(b)
    x = GRID + PORT_OUT
    rank = {}
    for d in sorted(columns):
        col = columns[d]

        def key(b):
            ps = [rank[p] for p in preds[b.name] if p in rank]
            return (sum(ps) / len(ps) if ps else 0.0, b.states["coordinate"][1])

        col.sort(key=key)
        y = top
        col_w = 0
        for i, b in enumerate(col):
            x0, y0, x1, y1 = box(b, (0, 0))
            pos[b.name] = (_snap(x), _snap(y))
            rank[b.name] = y
            y = _snap(y + y1 + gap)
            col_w = max(col_w, x1)
        x = _snap(x + col_w + 2 * gap + PORT_OUT)
    return pos


def rewrite(path, pos):
    """Replaces the coordinates in the .grc text (the rest is left as it is)."""
    with open(path) as f:
        text = f.read()
    out, name = [], None
    for line in text.split("\n"):
        m = re.match(r"^- name: (\S+)", line)
        if m:
            name = m.group(1)
        elif line.startswith("options:"):
            name = "options"
        elif line.startswith("connections:"):
            name = None
        if name in pos and "coordinate: [" in line:
            line = re.sub(r"coordinate: \[[^\]]*\]", "coordinate: [%d, %d]" % pos[name], line)
        out.append(line)
    with open(path, "w") as f:
        f.write("\n".join(out))


def main(argv):
    tidy = "--tidy" in argv
    argv = [a for a in argv if a != "--tidy"]
    src = argv[0]
    files = argv[1:] or sorted(glob.glob(os.path.join(src, "examples", "*.grc")))
    p = platform(src)
    bad = 0
    for path in files:
        fg = load(p, path)
        if tidy:
            rewrite(path, layout(fg))
            fg = load(p, path)
        for s in problems(fg):
            print("%s: %s" % (os.path.basename(path), s))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
