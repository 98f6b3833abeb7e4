#!/usr/bin/python3
"""Checks the pages of report files written as a designer would lay them
out, from the PDF alone (pdfminer), not from keyfig's layout data:

- each report page takes one sheet: the 4-page briefing (cover, 4 pages,
  appendix) 6 sheets, the fact sheet of 8 tiles, an hbar, a donut and a
  progress bar 1, the screen dashboard 1 slide, paris-saclay.yaml 2, the
  Letter fact sheet of 12 tiles and 3 charts side by side 1 (its bar
  labels turned on two lines to stay on the sheet);
- the charts of a row stand side by side: their titles share a band of
  the page, and the columns below them do not meet;
- no two glyphs overlap and none leaves the page;
- six tiles on a landscape sheet stand in one row when their figures fit;
- a shortened text's ellipsis follows its last word, with no space;
- keyfig check names the sheets of a page too full for one, and --strict
  fails on it.

Run with Debian's /usr/bin/python3 (python3-pdfminer); see
tests/kftest.py.  Prints "N passed, M failed".
"""
import os
import sys

import kftest
from kftest import SOURCE_DIR, check

kftest.need_modules("pdfminer.high_level", "pdfminer.layout")
from pdfminer.high_level import extract_pages  # noqa: E402
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine  # noqa: E402


def build(rel, outdir):
    r = kftest.keyfig("build", os.path.join(SOURCE_DIR, rel), "-o", outdir, "-f", "pdf")
    check(r.returncode == 0, f"build {rel}: exit {r.returncode} {r.stderr}")
    check("sheets" not in r.stderr,
          f"{rel}: no page needs several sheets: {r.stderr}")
    stem = os.path.splitext(os.path.basename(rel))[0]
    return os.path.join(outdir, stem + ".pdf")


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


def check_pages(rel, pdf, sheets):
    pages = list(extract_pages(pdf))
    check(len(pages) == sheets, f"{rel}: {sheets} sheets, got {len(pages)}")
    for n, page in enumerate(pages, 1):
        kftest.check_glyphs(page, f"{rel} sheet {n}")
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


with kftest.temp_dir() as tmp:
    env_files = [
        ("tests/data/briefing.yaml", 6),
        ("tests/data/factsheet.yaml", 1),
        ("figures/paris-saclay-screen.yaml", 1),
        ("figures/paris-saclay.yaml", 2),
        ("figures/paris-saclay-factsheet-us.yaml", 1),
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

# Six tiles on a landscape sheet whose figures fit a sixth of its width
# at full size: one row of six, not two rows of three, so the charts
# under them keep the sheet.
WIDE_TILES = """format: 1
report: { title: Tuiles, date: 2025-01-15, paper: A4-landscape }
sources: [{ id: s, title: S, date: 2025-01 }]
metrics:
  - { id: a, label: de la recherche nationale, value: 21, unit: "%", source: s }
  - { id: b, label: laboratoires spécialisés en IA, value: 42, source: s }
  - { id: c, label: laboratoires publics, value: 320, source: s }
  - { id: d, label: des stars de l'IA, value: 41, unit: "%", source: s }
  - { id: e, label: emplois créés, value: 2500, source: s }
  - { id: f, label: partenaires industriels, value: 46, source: s }
pages:
  - title: Chiffres
    blocks:
      - kpis: [a, b, c, d, e, f]
"""
with kftest.temp_dir() as tmp:
    path = kftest.write(os.path.join(tmp, "wide-tiles.yaml"), WIDE_TILES)
    r = kftest.keyfig("build", path, "-o", tmp, "-f", "pdf")
    if check(r.returncode == 0, f"wide-tiles builds: {r.stderr}"):
        page = list(extract_pages(os.path.join(tmp, "wide-tiles.pdf")))[0]
        big = [c for c in kftest.glyphs(page) if c.size > 20 and
               c.y1 < page.height - 120]
        rows = sorted({round(c.y0) for c in big})
        check(len(big) >= 12 and len(rows) == 1,
              f"six tiles on a landscape sheet stand in one row: figure "
              f"baselines {rows}")

# Texts shortened with an ellipsis (a subtitle too long for the band):
# the ellipsis ends the last word kept, with no space before it.
SHORTENED = """format: 1
report:
  title: L'écosystème de recherche et d'innovation de Paris-Saclay en intelligence artificielle
  subtitle: Les chiffres clés de l'établissement public d'aménagement, de la recherche et des entreprises du territoire
  organisation: Établissement public d'aménagement Paris-Saclay
  date: 2025-01-15
pages:
  - title: Chiffres
    blocks:
      - text: Un commentaire.
"""
with kftest.temp_dir() as tmp:
    path = kftest.write(os.path.join(tmp, "shortened.yaml"), SHORTENED)
    r = kftest.keyfig("build", path, "-o", tmp, "-f", "pdf")
    if check(r.returncode == 0 and "shortened" in r.stderr,
             f"shortened builds, with its warning: {r.stderr}"):
        text = kftest.run("pdftotext", os.path.join(tmp, "shortened.pdf"),
                          "-").stdout
        check("\u2026" in text and " \u2026" not in text,
              f"an ellipsis follows the last word kept, no space: {text}")

# keyfig check says which block starts each sheet of a page too full for
# one, and --strict fails on it; a page that fits passes.
r = kftest.keyfig("check", "--strict", os.path.join(SOURCE_DIR, "tests/data/stress.yaml"),
                  cwd=SOURCE_DIR)
check(r.returncode == 1, f"check --strict fails on pages of several sheets "
      f"(exit {r.returncode})")
check("page 2 takes 3 sheets: sheet 2 starts with the chart "
      "at line 77; sheet 3 starts with the chart at line 78"
      in r.stderr, f"check names the sheets and their first blocks: "
      f"{r.stderr}")
r = kftest.keyfig("check", "--strict", os.path.join(SOURCE_DIR, "tests/data/factsheet.yaml"))
check(r.returncode == 0 and not r.stderr,
      f"check --strict passes the one-sheet fact sheet: {r.stderr}")

sys.exit(kftest.finish())
