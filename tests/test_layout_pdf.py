#!/usr/bin/python3
"""Checks the pages of report files written as a designer would lay them
out, from the PDF alone (pdfminer), not from keyfig's layout data:

- each report page takes one sheet: the 4-page briefing (cover, 4 pages,
  appendix) 6 sheets, the fact sheet of 8 tiles, an hbar, a donut and a
  progress bar 1, the screen dashboard 1 slide, paris-saclay.yaml 2;
- the charts of a row stand side by side: their titles share a band of
  the page, and the columns below them do not meet;
- no two glyphs overlap and none leaves the page;
- keyfig check names the sheets of a page too full for one, and --strict
  fails on it.

Run with Debian's /usr/bin/python3 (python3-pdfminer).  KF_SOURCE_DIR
names the repository, KEYFIG the binary.  Prints "N passed, M failed".
"""
import os
import subprocess
import sys
import tempfile

try:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine
except ImportError:
    print("test_layout_pdf: python3-pdfminer is not installed")
    sys.exit(77)

SRC = os.environ.get("KF_SOURCE_DIR",
                     os.path.join(os.path.dirname(__file__), ".."))
KEYFIG = os.environ.get("KEYFIG", os.path.join(SRC, "build", "keyfig"))

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def build(rel, outdir):
    r = subprocess.run([KEYFIG, "build", os.path.join(SRC, rel), "-o",
                        outdir, "-f", "pdf"], capture_output=True, text=True)
    check(r.returncode == 0, f"build {rel}: exit {r.returncode} {r.stderr}")
    check("sheets" not in r.stderr,
          f"{rel}: no page needs several sheets: {r.stderr}")
    stem = os.path.splitext(os.path.basename(rel))[0]
    return os.path.join(outdir, stem + ".pdf")


def chars_of(layout):
    """Every glyph of a page that inks something, with its box."""
    out = []

    def walk(node):
        if isinstance(node, LTChar):
            if node.get_text().strip():
                out.append(node)
            return
        for child in getattr(node, "_objs", []) or []:
            walk(child)
    walk(layout)
    return out


def lines_of(layout):
    out = []

    def walk(node):
        if isinstance(node, LTTextLine):
            out.append(node)
            return
        if isinstance(node, LTTextContainer) or hasattr(node, "_objs"):
            for child in getattr(node, "_objs", []) or []:
                walk(child)
    walk(layout)
    return out


def overlaps(chars):
    """Pairs of glyphs whose boxes overlap by more than a third of the
    smaller one: two texts drawn over each other.  Neighbours on a line
    may touch (kerning pulls "L'" together); they are not compared."""
    cells = {}
    for i, c in enumerate(chars):
        for gx in range(int(c.x0 // 20), int(c.x1 // 20) + 1):
            for gy in range(int(c.y0 // 20), int(c.y1 // 20) + 1):
                cells.setdefault((gx, gy), []).append(i)
    bad = set()
    for ids in cells.values():
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                if abs(ids[a] - ids[b]) == 1:
                    continue  # neighbours on a line: kerning ("L'")
                p, q = chars[ids[a]], chars[ids[b]]
                ix = min(p.x1, q.x1) - max(p.x0, q.x0)
                iy = min(p.y1, q.y1) - max(p.y0, q.y0)
                if ix <= 0 or iy <= 0:
                    continue
                small = min((p.x1 - p.x0) * (p.y1 - p.y0),
                            (q.x1 - q.x0) * (q.y1 - q.y0))
                if small > 0 and ix * iy > small / 3:
                    bad.add((min(ids[a], ids[b]), max(ids[a], ids[b])))
    return [(chars[a].get_text(), chars[b].get_text()) for a, b in bad]


def check_pages(rel, pdf, sheets):
    pages = list(extract_pages(pdf))
    check(len(pages) == sheets, f"{rel}: {sheets} sheets, got {len(pages)}")
    for n, page in enumerate(pages, 1):
        w, h = page.width, page.height
        chars = chars_of(page)
        out = [c.get_text() for c in chars
               if c.x0 < -0.5 or c.y0 < -0.5 or c.x1 > w + 0.5
               or c.y1 > h + 0.5]
        check(not out, f"{rel} sheet {n}: glyphs leave the page: {out[:5]}")
        bad = overlaps(chars)
        check(not bad, f"{rel} sheet {n}: glyphs overlap: {bad[:5]}")
    return pages


def line_with(page, part):
    for line in lines_of(page):
        if part in line.get_text():
            return line
    return None


def check_side_by_side(rel, page, titles):
    """The titles of a row's charts: on one band, left to right, and the
    text of each column between its title's left edge and the next's."""
    found = [line_with(page, t) for t in titles]
    check(all(found), f"{rel}: the row's titles are there: {titles}")
    if not all(found):
        return
    tops = [f.y1 for f in found]
    check(max(tops) - min(tops) < 3,
          f"{rel}: the row's titles share one band (tops {tops})")
    lefts = [f.x0 for f in found]
    check(lefts == sorted(lefts) and len(set(round(x) for x in lefts)) ==
          len(lefts), f"{rel}: the row's titles go left to right: {lefts}")
    for a, b in zip(found, found[1:]):
        check(a.x1 < b.x0, f"{rel}: '{a.get_text().strip()}' ends before "
              f"'{b.get_text().strip()}' begins")
    # Everything under the row's titles, down to the next block, stays in
    # its column: no line crosses from one column into the next.
    band_top = min(f.y0 for f in found)
    edges = lefts[1:]
    for line in lines_of(page):
        if line.y1 > band_top or line.y1 < band_top - 200:
            continue
        sizes = [o.size for o in line if isinstance(o, LTChar)]
        if sizes and max(sizes) < 8:
            continue  # the footer's sources run across the page
        for e in edges:
            check(not (line.x0 < e - 1 < line.x1 - 2),
                  f"{rel}: '{line.get_text().strip()}' crosses from one "
                  f"column of the row into the next (at x={e:.0f})")


with tempfile.TemporaryDirectory() as tmp:
    env_files = [
        ("tests/data/briefing.yaml", 6),
        ("tests/data/factsheet.yaml", 1),
        ("figures/paris-saclay-screen.yaml", 1),
        ("figures/paris-saclay.yaml", 2),
    ]
    pages = {}
    for rel, sheets in env_files:
        pdf = build(rel, tmp)
        pages[rel] = check_pages(rel, pdf, sheets)

    screen = pages["figures/paris-saclay-screen.yaml"]
    if screen:
        check(abs(screen[0].width / screen[0].height - 16 / 9) < 0.01,
              "the dashboard is a 16:9 slide")
        check_side_by_side("figures/paris-saclay-screen.yaml", screen[0],
                           ["Temps de trajet", "Dispositifs deepLive",
                            "L'effort de R&D"])
    brief = pages["tests/data/briefing.yaml"]
    if len(brief) == 6:
        check_side_by_side("tests/data/briefing.yaml", brief[3],
                           ["L'effort de R&D", "Dispositifs deepLive"])
        # The sheets are the report's pages in order, none a "(suite)".
        text = [" ".join(l.get_text() for l in lines_of(p)) for p in brief]
        check(not any("(suite)" in t for t in text),
              "the briefing has no continuation sheet")

# keyfig check says which block starts each sheet of a page too full for
# one, and --strict fails on it; a page that fits passes.
r = subprocess.run([KEYFIG, "check", "--strict",
                    os.path.join(SRC, "tests/data/stress.yaml")],
                   capture_output=True, text=True, cwd=SRC)
check(r.returncode == 1, f"check --strict fails on pages of several sheets "
      f"(exit {r.returncode})")
check("page 'Trente points' takes 3 sheets: sheet 2 starts with the chart "
      "at line 77; sheet 3 starts with the chart at line 78"
      in r.stderr, f"check names the sheets and their first blocks: "
      f"{r.stderr}")
r = subprocess.run([KEYFIG, "check", "--strict",
                    os.path.join(SRC, "tests/data/factsheet.yaml")],
                   capture_output=True, text=True)
check(r.returncode == 0 and not r.stderr,
      f"check --strict passes the one-sheet fact sheet: {r.stderr}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
