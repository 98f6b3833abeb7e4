#!/usr/bin/python3
"""test_dark.py: theme.background sets every sheet on the brand's colour,
with texts that read on it, in the PDF, the PNGs and the SVGs, read back
with tools keyfig did not write (pdftoppm, pdfminer, the PNG reader of
pngdiff.py):

- a French fact sheet on #0B1320 (a cover, tiles, an hbar, a donut, a line
  of two series, a waffle, a progress bar, a text, the appendix): the
  margin of every sheet, under the header band, is the background in the
  PDF (rendered by pdftoppm), in every PNG, and the SVG's first paint is
  a rect of the sheet's size in it;
- every glyph drawn under the header band has 4.5:1 at least on the
  background (pdfminer's fill colour of each glyph): no text is left in
  keyfig's ink on the dark sheet;
- the figures of a primary as dark as the sheet are set in the text's
  colour, and with theme.figures in that colour;
- a pale primary on white sheets (a yellow brand, #FFD23F) sets the
  header's texts in ink, and the figures in a darker shade of it, each
  4.5:1 at least on what is under it, with a warning at theme.primary's
  line (where a batch row's message names its row);
- colours that do not stand out from the background are warned about at
  their keys (tests/warn/dark-contrast.yaml holds the messages), and a
  report without a background is built as before (test_visual's goldens).

Prints "N passed, M failed".
"""
import os
import re
import sys

import kftest
from kftest import check

kftest.need_programs("pdftoppm")
kftest.need_modules("pdfminer.high_level", "pngdiff")
from pdfminer.high_level import extract_pages  # noqa: E402
import pngdiff  # noqa: E402

BACKGROUND = (0x0B, 0x13, 0x20)

REPORT = """\
format: 1
report:
  title: Paris-Saclay et l'IA
  organisation: EPA Paris-Saclay
  date: 2025-01-15
  cover: true
  appendix: data
  theme:
    primary: "#0B1320"
    accent: "#F2A541"
    palette: ["#4FC3F7"]
    background: "#0B1320"
%s
sources:
  - { id: kit, title: Dossier de presse, date: 2025-01 }
metrics:
  - { id: share, label: de la recherche nationale, value: 21, unit: "%%", source: kit, previous: 20, previous_as_of: 2023 }
  - { id: labs, label: laboratoires publics, value: 320, qualifier: more_than, source: kit }
  - { id: stars, label: des 200 stars de l'IA, value: 41, unit: "%%", source: kit }
series:
  - id: line-18
    title: Temps de trajet avec la ligne 18
    unit: min
    points: [{ label: Massy, value: 6 }, { label: Orly, value: 13 }]
    source: kit
  - id: devices
    title: Dispositifs installés
    points: [{ label: France, value: 20 }, { label: Monde, value: 60 }]
    source: kit
  - id: a
    title: Publications
    points: [{ label: "2022", value: 10 }, { label: "2023", value: 14 }, { label: "2024", value: 17 }]
    source: kit
  - id: b
    title: Brevets
    points: [{ label: "2022", value: 4 }, { label: "2023", value: 6 }, { label: "2024", value: 9 }]
    source: kit
pages:
  - title: L'essentiel
    blocks:
      - kpis: [share, labs, stars]
      - row:
        - chart: { type: hbar, series: line-18 }
        - chart: { type: donut, series: devices }
      - row:
        - chart: { type: line, series: [a, b], title: Publications et brevets }
        - chart: { type: waffle, metric: stars }
        - chart: { type: progress, metric: share }
      - text: Paris-Saclay pèse **21 %% de la recherche nationale**.
"""


def luminance(rgb):
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def near(pixel, want, tolerance=3):
    return all(abs(p - w) <= tolerance for p, w in zip(pixel, want))


def margin_pixels(path):
    """The pixels of a sheet's left margin, from under the header band
    (a third of the way down) to its foot, and its bottom-right corner."""
    w, h, rows = pngdiff.read(path)
    out = []
    for y in (h // 3, h // 2, h - 3):
        out.append(tuple(rows[y][3:6]))
    out.append(tuple(rows[h - 3][(w - 3) * 3:(w - 2) * 3]))
    return out


def glyph_colours(pdf, band):
    """(sheet, glyph, fill colour as 0-255 RGB, size) of every glyph below
    `band` points from the top of its sheet (the header band's texts are
    on the primary), the cover's excepted (its band is taller)."""
    out = []
    for n, page in enumerate(extract_pages(pdf), 1):
        if n == 1:
            continue
        for c in kftest.glyphs(page):
            if page.height - c.y1 < band:
                continue
            colour = c.graphicstate.ncolor
            if isinstance(colour, (int, float)):
                colour = (colour,) * 3
            out.append((n, c.get_text(),
                        tuple(round(v * 255) for v in colour or (0, 0, 0)),
                        c.size))
    return out


def main():
    with kftest.temp_dir() as tmp:
        path = kftest.write(os.path.join(tmp, "dark.yaml"), REPORT % "")
        p = kftest.keyfig("build", path, "-o", tmp, "-f", "pdf,png,svg",
                          "--dpi", "40")
        if not check(p.returncode == 0, "the dark report builds", p.stderr):
            return kftest.finish()
        check("contrast" not in p.stderr,
              "a dark theme that reads is not warned about", p.stderr)
        pdf = os.path.join(tmp, "dark.pdf")
        sheets = kftest.pdf_page_count(pdf)
        check(sheets == 3, "cover, page and appendix: 3 sheets",
              repr(sheets))
        kftest.run("pdftoppm", "-png", "-r", "30", pdf,
                   os.path.join(tmp, "render"))
        for n in range(1, sheets + 1):
            rendered = os.path.join(tmp, "render-%d.png" % n)
            png = os.path.join(tmp, "dark-%d.png" % n)
            for what, f in (("PDF", rendered), ("PNG", png)):
                px = margin_pixels(f) if os.path.exists(f) else []
                check(px and all(near(v, BACKGROUND) for v in px),
                      "sheet %d's margin is the background in the %s" %
                      (n, what), repr(px))
            svg = open(os.path.join(tmp, "dark-%d.svg" % n),
                       encoding="utf-8").read()
            first = re.search(r"<(rect|path)[^>]*>", svg[svg.find("</defs>"):])
            pct = "rgb(4.313725%,7.45098%,12.54902%)"
            check(first and first.group(1) == "rect" and
                  'x="0" y="0"' in first.group(0) and pct in first.group(0),
                  "sheet %d's SVG is painted the background first" % n,
                  first and first.group(0))

        colours = glyph_colours(pdf, 80)
        faint = [g for g in colours if contrast(g[2], BACKGROUND) < 4.5]
        check(colours and not faint,
              "every glyph under the band has 4.5:1 on the background",
              repr(faint[:8]))
        # "320", a tile's figure: 26 pt
        figure = [g for g in colours if g[1] == "3" and abs(g[3] - 26) < 0.1]
        check(figure and all(contrast(g[2], BACKGROUND) > 10 for g in figure),
              "the figures of a primary as dark as the sheet are light",
              repr(figure[:3]))

        orange = "    figures: \"#F2A541\""
        path = kftest.write(os.path.join(tmp, "orange.yaml"), REPORT % orange)
        p = kftest.keyfig("build", path, "-o", tmp, "-f", "pdf")
        if check(p.returncode == 0, "a report with theme.figures builds",
                 p.stderr):
            colours = glyph_colours(os.path.join(tmp, "orange.pdf"), 80)
            figure = [g for g in colours
                      if g[1] == "3" and abs(g[3] - 26) < 0.1]
            check(figure and all(near(g[2], (0xF2, 0xA5, 0x41))
                                 for g in figure),
                  "theme.figures sets the figures' colour",
                  repr(figure[:3]))
        check_pale_primary(tmp)
    return kftest.finish()


def check_pale_primary(tmp):
    yellow = (0xFF, 0xD2, 0x3F)
    report = (REPORT % "").replace('    primary: "#0B1320"\n',
                                   '    primary: "#FFD23F"\n')
    report = re.sub(r'    background: "#0B1320"\n', "", report)
    report = report.replace('accent: "#F2A541"', 'accent: "#0B6E4F"')
    report = report.replace("  cover: true\n", "")
    path = kftest.write(os.path.join(tmp, "yellow.yaml"), report)
    p = kftest.keyfig("build", path, "-o", tmp, "-f", "pdf")
    if not check(p.returncode == 0, "the yellow report builds", p.stderr):
        return
    line = report.splitlines().index('    primary: "#FFD23F"') + 1
    check(re.search(r"yellow\.yaml:%d:\d+: warning: figures in the primary "
                    r"colour would have" % line, p.stderr) is not None and
          "header's text" not in p.stderr,
          "a pale primary is said at its line, and its band reads",
          p.stderr)
    for n, page in enumerate(extract_pages(os.path.join(tmp, "yellow.pdf")),
                             1):
        for c in kftest.glyphs(page):
            colour = c.graphicstate.ncolor
            if isinstance(colour, (int, float)):
                colour = (colour,) * 3
            rgb = tuple(round(v * 255) for v in colour or (0, 0, 0))
            under = yellow if page.height - c.y1 < 80 else (255, 255, 255)
            if contrast(rgb, under) < 4.5:
                check(False, "sheet %d: '%s' reads on what is under it" %
                      (n, c.get_text()), repr((rgb, under)))
                return
    check(True, "every glyph of the yellow report reads on its ground")


if __name__ == "__main__":
    sys.exit(main())
