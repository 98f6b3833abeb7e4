#!/usr/bin/python3
"""test_charts.py: what a reader of the charts checks, read back from the
outputs with tools keyfig did not use to write them.

- Colours: a 12-part donut's slices in the SVG (cairo's fill:rgb(...)) are
  the workbook chart's point colours (a:srgbClr in the chart XML) in the
  same order, starting with the theme's two, and any two of them are at
  least 15 apart in CIEDE2000 (computed here, not by keyfig).  A line
  chart of six series on white: each line (SVG stroke) has 3:1 on the
  sheet, as have its points and legend squares, and the workbook's line
  series have the same colours in the same order.
- Negative values (tests/data/negatives.yaml), from the PDF's glyph boxes
  and rectangles (pdfminer): a negative bar hangs from the zero line and
  its value is under it (an hbar's: left of it), and no glyph of a value
  touches a glyph of a category label or a bar.
- Time axes (negatives.yaml, page 2): the year labels of a bar chart over
  2018, 2019, 2021, 2024, and the ticks of lines over those years, months
  and days stand by time (2021 to 2024 three times 2018 to 2019).
- Line labels: two line charts side by side over 2018, 2019, 2021, 2024
  each show the four years, none touching; the last values of close
  lines (700 and 680) written after their ends do not overlap.
- Tall rows: an hbar chart beside a long text keeps its bars at most
  50 pt apart and thick, not spread over the row's height.
- Bar labels: long labels under wide bars wrap level on up to four lines;
  years under narrow bars are never hyphenated; turned labels take two
  lines before any is shortened.
- Many points: the default layout draws a series of 1000 points as a
  line, a series of 12 as bars with every value; no glyph of the sheets
  overlaps another.  An explicit bar chart of 60 or 200 bars writes the
  values and labels of some of its bars, none overlapping (200 with a
  warning); one of 1000 bars is an error at its line.
- Narrow waffle: a waffle of one metric in a row of four on Letter
  landscape (a 60 mm column) sets its figure under its squares, which
  take the column's width (at least 100 pt), not beside squares of 21 mm
  with the label on four lines of 30 mm.
- Wide sheets: a donut or a waffle alone on a 16:9 slide (paper: screen)
  stands with its legend or figure in the middle of the slide (as much
  room left of it as right, within 12 pt, and over 150 pt each side); on
  A4 portrait the same blocks still start at the left margin.  The
  appendix table of the donut's series: on A4 landscape a row's label and
  value are under 430 pt (150 mm) apart; on A4 portrait the row spans
  the margins.
- Data tables: the appendix table of a line chart of six laboratories
  over four years gives the columns the room the years do not need: each
  series' title ("Laboratory D "Data" (Saclay plateau)") heads its column
  on at most three lines, no name cut by a hyphen.
- Shares (tests/data/shares.yaml), from the PDF's text (pdftotext): a
  donut or waffle in "%" gives each share once ("55 %", never
  "55 % (55 %)") and no "100 %" total; the donut of counts its total.

Prints "N passed, M failed" and exits non-zero on failure.
"""
import math
import os
import re
import sys
import zipfile

import kftest
from kftest import SOURCE_DIR, check

kftest.need_modules("pdfminer.high_level", "pdfminer.layout")
from pdfminer.high_level import extract_pages  # noqa: E402
from pdfminer.layout import LTChar, LTLine, LTRect, LTTextLine  # noqa: E402

kftest.need_modules("PIL")
from PIL import Image  # noqa: E402


def build(tmp, name, text, formats="pdf,svg,xlsx"):
    """Writes `text` as tmp/name.yaml and builds it; returns (status,
    stderr, outdir)."""
    path = kftest.write(os.path.join(tmp, name + ".yaml"), text)
    out = os.path.join(tmp, name + "-out")
    os.makedirs(out, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1736899200")
    p = kftest.keyfig("build", path, "-o", out, "-f", formats, env=env)
    return p.returncode, p.stderr, out


# --------------------------------------------------------------------------
# CIEDE2000 (Sharma, Wu, Dalal 2005), written again here from the paper
# --------------------------------------------------------------------------

def srgb_to_lab(rgb):
    def lin(v):
        v /= 255.0
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(c1, c2):
    L1, a1, b1 = srgb_to_lab(c1)
    L2, a2, b2 = srgb_to_lab(c2)
    C7 = ((math.hypot(a1, b1) + math.hypot(a2, b2)) / 2) ** 7
    G = 0.5 * (1 - math.sqrt(C7 / (C7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + G), a2 * (1 + G)
    C1p, C2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if C1p else 0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if C2p else 0
    dLp, dCp = L2 - L1, C2p - C1p
    dhp = 0
    if C1p * C2p:
        dhp = h2p - h1p
        if dhp > 180:
            dhp -= 360
        elif dhp < -180:
            dhp += 360
    dHp = 2 * math.sqrt(C1p * C2p) * math.sin(math.radians(dhp / 2))
    Lm, Cm = (L1 + L2) / 2, (C1p + C2p) / 2
    hm = h1p + h2p
    if C1p * C2p:
        if abs(h1p - h2p) <= 180:
            hm = (h1p + h2p) / 2
        else:
            hm = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    T = (1 - 0.17 * math.cos(math.radians(hm - 30)) + 0.24 * math.cos(math.radians(2 * hm))
         + 0.32 * math.cos(math.radians(3 * hm + 6)) - 0.20 * math.cos(math.radians(4 * hm - 63)))
    dtheta = 30 * math.exp(-(((hm - 275) / 25) ** 2))
    Rc = 2 * math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7))
    Sl = 1 + 0.015 * (Lm - 50) ** 2 / math.sqrt(20 + (Lm - 50) ** 2)
    Sc, Sh = 1 + 0.045 * Cm, 1 + 0.015 * Cm * T
    Rt = -math.sin(math.radians(2 * dtheta)) * Rc
    l, c, h = dLp / Sl, dCp / Sc, dHp / Sh
    return math.sqrt(l * l + c * c + h * h + Rt * c * h)


# --------------------------------------------------------------------------
# Colours: page and workbook
# --------------------------------------------------------------------------

DONUT12 = """format: 1
report:
  title: Douze parts
  date: 2025-01-15
  locale: fr-FR
  theme: { primary: "#12355B", accent: "#D1495B" }
sources:
  - { id: s, title: Source, date: 2025-01 }
series:
  - id: parts
    title: Douze parts
    source: s
    points:
%s
pages:
  - title: Parts
    blocks:
      - chart: { type: donut, series: parts }
""" % "\n".join("      - { label: P%d, value: %d }" % (i + 1, 30 - i) for i in range(12))


def svg_fills(path):
    """The solid fills of an SVG written by cairo, as (r, g, b) in document
    order, each once."""
    with open(path, encoding="utf-8") as f:
        svg = f.read()
    seen = []
    for m in re.finditer(r"fill:rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)", svg):
        c = tuple(round(float(v) * 255 / 100) for v in m.groups())
        if c not in seen:
            seen.append(c)
    return seen


def workbook_point_colours(path):
    """The fill colours of the data points of the workbook's first chart,
    in point order."""
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = z.read(charts[0]).decode("utf-8")
    out = []
    for dpt in re.findall(r"<c:dPt>(.*?)</c:dPt>", xml, re.S):
        m = re.search(r'<c:spPr><a:solidFill><a:srgbClr val="([0-9A-F]{6})"', dpt)
        if m:
            v = m.group(1)
            out.append((int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16)))
    return out


def test_colours(tmp):
    status, err, out = build(tmp, "donut12", DONUT12)
    if not check(status == 0, "the 12-part donut builds", err):
        return
    book = workbook_point_colours(os.path.join(out, "donut12.xlsx"))
    check(len(book) == 12, "the workbook's doughnut colours its 12 points",
          str(book))
    check(book[:2] == [(0x12, 0x35, 0x5B), (0xD1, 0x49, 0x5B)],
          "the first two parts have the theme's colours", str(book[:2]))
    page = [c for c in svg_fills(os.path.join(out, "donut12-1.svg")) if c in book]
    check(page == book, "the SVG's slices have the workbook's colours, in order",
          "page %s, workbook %s" % (page, book))
    least = min((ciede2000(book[i], book[j]), i, j)
                for i in range(12) for j in range(i + 1, 12) if (i, j) != (0, 1))
    check(least[0] >= 15, "any two parts are 15 apart in CIEDE2000",
          "parts %d and %d: %.1f" % (least[1] + 1, least[2] + 1, least[0]))


# --------------------------------------------------------------------------
# Line colours: what stands out from the sheet
# --------------------------------------------------------------------------

def wcag_contrast(a, b):
    """WCAG 2's contrast ratio of two sRGB colours (0-255 each)."""
    def lum(c):
        lin = [v / 255 / 12.92 if v / 255 <= 0.04045
               else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    la, lb = sorted((lum(a), lum(b)))
    return (lb + 0.05) / (la + 0.05)


def svg_line_strokes(path):
    """The colours of the 2.2 pt strokes (a line chart's lines) of an SVG
    written by cairo, each once, in document order."""
    with open(path, encoding="utf-8") as f:
        svg = f.read()
    seen = []
    for m in re.finditer(r"stroke-width:2\.2;[^\"]*?stroke:rgb\(([\d.]+)%,"
                         r"([\d.]+)%,([\d.]+)%\)", svg):
        c = tuple(round(float(v) * 255 / 100) for v in m.groups())
        if c not in seen:
            seen.append(c)
    return seen


def workbook_line_colours(path):
    """The line colours of the series of the workbook's first line chart,
    in series order."""
    with zipfile.ZipFile(path) as z:
        for n in sorted(z.namelist()):
            if not n.startswith("xl/charts/chart"):
                continue
            xml = z.read(n).decode("utf-8")
            if "<c:lineChart>" in xml:
                break
        else:
            return []
    return [tuple(int(v[i:i + 2], 16) for i in (0, 2, 4))
            for v in re.findall(r'<c:ser>.*?<c:spPr><a:ln[^>]*><a:solidFill>'
                                r'<a:srgbClr val="([0-9A-F]{6})"', xml, re.S)]


LINES6 = """format: 1
report: { title: Lignes, date: 2025-01-15 }
sources: [{ id: s, title: Dossier de presse, date: 2025-01 }]
series:
%s
pages:
  - title: Six laboratoires
    blocks:
      - chart: { type: line, series: [%s] }
""" % ("\n".join("  - id: l%d\n    title: Laboratoire %s\n    source: s\n"
                 "    points:\n%s" % (k, "ABCDEF"[k], "\n".join(
                     '      - { label: "%d", value: %d }'
                     % (2021 + i, 100 + 40 * k + 5 * i) for i in range(4)))
                 for k in range(6)),
       ", ".join("l%d" % k for k in range(6)))


def test_line_colours(tmp):
    """A line chart of six laboratories (the most a line chart takes) in
    the default theme on white:
    every line, its points and its legend square stand out from the
    sheet (3:1, WCAG 1.4.11): no Okabe-Ito yellow (#F0E442, 1.3:1) or
    orange (#E69F00, 2.3:1); the workbook's chart draws its series in
    the same colours, in the same order; any two lines but the theme's
    own pair are 15 apart in CIEDE2000."""
    status, err, out = build(tmp, "lines6", LINES6)
    if not check(status == 0, "the line chart of 6 builds", err):
        return
    page = svg_line_strokes(os.path.join(out, "lines6-1.svg"))
    check(len(page) == 6, "six lines of six colours", str(page))
    fills = svg_fills(os.path.join(out, "lines6-1.svg"))
    for c in page:
        ratio = wcag_contrast(c, (255, 255, 255))
        check(ratio >= 3, "the line #%02X%02X%02X has 3:1 on white" % c,
              "%.2f:1" % ratio)
        check(c in fills, "its points and legend square have its colour "
              "#%02X%02X%02X" % c)
    check((0xF0, 0xE4, 0x42) not in fills and (0xE6, 0x9F, 0x00) not in fills,
          "no point or legend square in a pale yellow or orange",
          str(fills))
    book = workbook_line_colours(os.path.join(out, "lines6.xlsx"))
    check(book == page, "the workbook's lines have the page's colours, in "
          "order", "page %s, workbook %s" % (page, book))
    least = min((ciede2000(page[i], page[j]), i, j)
                for i in range(6) for j in range(i + 1, 6) if (i, j) != (0, 1))
    check(least[0] >= 15, "any two lines are 15 apart in CIEDE2000",
          "lines %d and %d: %.1f" % (least[1] + 1, least[2] + 1, least[0]))


# --------------------------------------------------------------------------
# Negative values, from the PDF
# --------------------------------------------------------------------------

MINUS = ("-", "\u2212")


def page_parts(page):
    """The chart parts of a PDF page: bars (rectangles of the theme's
    primary colour, not the header band), level and upright lines, and
    the glyphs between the header band and the footer, as value glyphs
    (semibold, 10 pt) and label glyphs (regular, 9.5 or 10 pt), each a
    (text line, char) pair."""
    bars, lines, values, labels = [], [], [], []
    top = page.height - 110

    def walk(node, line=None):
        for o in getattr(node, "_objs", []) or []:
            if isinstance(o, LTChar):
                if not o.get_text().strip() or o.y1 > top or o.y0 < 80:
                    continue
                if "SemiBold" in o.fontname and abs(o.size - 10) < 0.2:
                    values.append((line, o))
                elif "Regular" in o.fontname and 9 < o.size < 10.2 or (
                        "Regular" in o.fontname and not o.upright):
                    labels.append((line, o))
            elif isinstance(o, LTRect):
                c = tuple(round(v * 255) for v in (o.non_stroking_color or ()))
                if c == (0x12, 0x35, 0x5B) and o.width < 300 and o.y1 < top:
                    bars.append(o)
            elif isinstance(o, LTLine):
                lines.append(o)
            else:
                walk(o, o if isinstance(o, LTTextLine) else line)
    walk(page)
    return bars, lines, values, labels


def boxes_meet(a, b):
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > 0.01 and
            min(a.y1, b.y1) - max(a.y0, b.y0) > 0.01)


def value_lines(values):
    """The value labels: their text lines, each once, with their text."""
    seen = []
    for line, _ in values:
        if line not in seen:
            seen.append(line)
    return [(l, l.get_text().strip()) for l in seen]


def test_negatives(tmp):
    src = os.path.join(SOURCE_DIR, "tests", "data", "negatives.yaml")
    out = os.path.join(tmp, "neg-out")
    os.makedirs(out, exist_ok=True)
    p = kftest.keyfig("build", src, "-o", out, "-f", "pdf")
    if not check(p.returncode == 0, "negatives.yaml builds", p.stderr):
        return
    pages = list(extract_pages(os.path.join(out, "negatives.pdf")))
    if not check(len(pages) == 2, "negatives.yaml takes 2 pages"):
        return
    for n, page in enumerate(pages, 1):
        bars, lines, values, labels = page_parts(page)
        touching = [(lc.get_text(), vc.get_text()) for _, lc in labels
                    for _, vc in values if boxes_meet(lc, vc)]
        check(not touching, "page %d: no label glyph touches a value glyph" % n,
              str(touching[:5]))
        into = [c.get_text() for _, c in values + labels for b in bars
                if boxes_meet(c, b)]
        check(not into, "page %d: no glyph is drawn on a bar" % n, str(into[:5]))
        level = [l.y0 for l in lines if abs(l.y1 - l.y0) < 0.01]
        upright = [l.x0 for l in lines if abs(l.x1 - l.x0) < 0.01]
        for line, text in value_lines(values):
            if not text.startswith(MINUS):
                continue
            # A vertical bar: the bar right over the value hangs from a
            # zero line.  A horizontal one: the bar right of it ends at one.
            over = [b for b in bars if b.x0 < (line.x0 + line.x1) / 2 < b.x1
                    and line.y1 - 0.01 <= b.y0 < line.y1 + 10]
            right = [b for b in bars if b.y0 < (line.y0 + line.y1) / 2 < b.y1
                     and line.x1 - 0.01 <= b.x0 < line.x1 + 10]
            if right:
                bar = min(right, key=lambda b: b.x0 - line.x1)
                check(any(abs(bar.x1 - z) < 0.2 for z in upright),
                      "page %d: the bar right of '%s' ends at the zero line"
                      % (n, text), "bar end %.1f, lines %s" % (bar.x1, upright))
            elif over:
                bar = min(over, key=lambda b: b.y0 - line.y1)
                check(any(abs(bar.y1 - z) < 0.2 for z in level),
                      "page %d: the bar over '%s' hangs from the zero line"
                      % (n, text), "bar top %.1f, lines %s" % (bar.y1, level))
            else:
                check(n == 2 and not any(b.y0 < line.y0 < b.y1 for b in bars),
                      "page %d: the negative value '%s' is beyond its bar's "
                      "end" % (n, text))
        if n == 1:
            hanging = [b for b in bars if any(abs(b.y1 - z) < 0.2 for z in level)
                       and b.width < 100]
            check(len(hanging) == 3, "page 1: 3 bars hang from the zero line",
                  str(len(hanging)))


def test_shares(tmp):
    src = os.path.join(SOURCE_DIR, "tests", "data", "shares.yaml")
    out = os.path.join(tmp, "shares-out")
    os.makedirs(out, exist_ok=True)
    p = kftest.keyfig("build", src, "-o", out, "-f", "pdf")
    if not check(p.returncode == 0 and not p.stderr, "shares.yaml builds",
                 p.stderr):
        return
    text = kftest.pdf_text(os.path.join(out, "shares.pdf"), layout=True)
    plain = re.sub(r"[\u00a0\u202f\u2009]", " ", text)
    check("(55 %)" not in plain and "(15 %)" not in plain,
          "a share in % is given once", plain)
    check(re.search(r"55 %\s", plain) and re.search(r"25 %\s", plain),
          "the shares in % are there")
    check("100 %" not in plain, "no donut says 100 %")
    check("5 265" in plain, "the donut of counts has its total")
    check("1 250 (24 %)" in plain.replace("  ", " ") or
          re.search(r"1 250\s+\(24 %\)", plain),
          "a count is given with its share")


def test_time_axes(tmp):
    """Page 2 of negatives.pdf: a bar chart over 2018, 2019, 2021, 2024,
    two line charts over the same years side by side, then a line over
    months and one over days.  The bar chart's year labels, and the
    lines' ticks (short upright lines under each plot), stand by time."""
    pdf = os.path.join(tmp, "neg-out", "negatives.pdf")
    if not check(os.path.exists(pdf), "negatives.pdf was built"):
        return
    page = list(extract_pages(pdf))[1]
    years, ticks = {}, {}

    def walk(node):
        for o in getattr(node, "_objs", []) or []:
            if isinstance(o, LTTextLine):
                chars = [c for c in o if isinstance(c, LTChar)]
                for word in re.finditer(r"\b(2018|2019|2021|2024)\b",
                                        o.get_text()):
                    glyphs = chars[word.start():word.end()]
                    if (len(glyphs) == 4 and "Regular" in glyphs[0].fontname
                            and o.y0 > page.height / 2):
                        years[word.group(1)] = (glyphs[0].x0 + glyphs[-1].x1) / 2
            elif isinstance(o, LTLine):
                if abs(o.x1 - o.x0) < 0.01 and 2.5 < o.y1 - o.y0 < 3.5:
                    ticks.setdefault(round(o.y0), []).append(o.x0)
            else:
                walk(o)
    walk(page)

    def by_time(what, xs, gaps):
        unit = xs[1] - xs[0]
        got = [round((xs[i + 1] - xs[i]) / unit, 3) for i in range(len(xs) - 1)]
        check(unit > 5 and all(abs(g - w) < 0.01 for g, w in zip(got, gaps)),
              "page 2: %s stand by time, gaps %s" % (what, gaps), str(got))

    if check(len(years) == 4, "page 2: the bar chart's four years", str(years)):
        by_time("the bars' years",
                [years[y] for y in ("2018", "2019", "2021", "2024")], [1, 2, 3])
    rows = [sorted(xs) for _, xs in sorted(ticks.items(), reverse=True)]
    if check([len(r) for r in rows] == [8, 9], "page 2: the lines' ticks, a "
             "row of 4 + 4 years, a row of 5 months + 4 days",
             str([len(r) for r in rows])):
        by_time("the first line's years", rows[0][:4], [1, 2, 3])
        by_time("the second line's years", rows[0][4:], [1, 2, 3])
        by_time("the months", rows[1][:5], [1, 1, 3, 6])
        by_time("the days", rows[1][5:], [1, 1, 184 / 91])


class Word:
    """A word on a PDF page: glyphs on one baseline with no gap between
    them (pdfminer joins close words into one text line)."""

    def __init__(self, c):
        self.text, self.x0, self.x1, self.y0, self.y1 = (
            c.get_text(), c.x0, c.x1, c.y0, c.y1)

    def add(self, c):
        self.text += c.get_text()
        self.x1, self.y0, self.y1 = c.x1, min(self.y0, c.y0), max(self.y1, c.y1)


def page_words(page):
    """The words of a PDF page, from its upright glyphs."""
    chars = []

    def walk(node):
        for o in getattr(node, "_objs", []) or []:
            if isinstance(o, LTChar):
                if o.get_text().strip() and o.upright:
                    chars.append(o)
            else:
                walk(o)
    walk(page)
    chars.sort(key=lambda c: (-round(c.y0, 1), c.x0))
    words = []
    for c in chars:
        w = words[-1] if words else None
        if (w and abs(w.y0 - c.y0) < 0.5 and -0.5 < c.x0 - w.x1 < 0.8):
            w.add(c)
        else:
            words.append(Word(c))
    return words


LINE_LABELS = """format: 1
report: { title: Solde, date: 2025-01-15 }
sources: [{ id: s, title: S, date: 2025-01 }]
series:
  - id: balance
    title: Solde budgétaire
    unit: Md€
    source: s
    points:
      - { label: "2018", value: 12.5 }
      - { label: "2019", value: 3.8 }
      - { label: "2021", value: -8.2 }
      - { label: "2024", value: -15.6 }
  - { id: paris, title: Paris, source: s, points: [{ label: "2021", value: 400 },
      { label: "2022", value: 520 }, { label: "2023", value: 610 },
      { label: "2024", value: 700 }] }
  - { id: saclay, title: Saclay, source: s, points: [{ label: "2021", value: 300 },
      { label: "2022", value: 380 }, { label: "2023", value: 520 },
      { label: "2024", value: 680 }] }
  - { id: orsay, title: Orsay, source: s, points: [{ label: "2021", value: 150 },
      { label: "2022", value: 170 }, { label: "2023", value: 210 },
      { label: "2024", value: 260 }] }
pages:
  - title: T
    blocks:
      - row:
        - chart: { type: line, series: balance }
        - chart: { type: line, series: balance }
      - chart: { type: line, series: [paris, saclay, orsay], title: Emplois }
"""


def test_line_labels(tmp):
    """Two line charts side by side over 2018, 2019, 2021 and 2024 (half
    the page each, the units in the ticks and values): each shows all
    four years, not touching one another.  A line chart of three series
    whose last values are close (700 and 680): those values, written
    after the lines' ends, do not overlap."""
    status, err, out = build(tmp, "line-labels", LINE_LABELS, "pdf")
    if not check(status == 0, "line-labels builds", err):
        return
    page = list(extract_pages(os.path.join(out, "line-labels.pdf")))[0]
    words = page_words(page)
    for year in ("2018", "2019", "2021", "2024"):
        got = [w for w in words if w.text == year]
        check(len(got) == (2 if year < "2021" else 3),
              "both half-width lines show %s" % year, str(len(got)))
    years = [w for w in words if re.fullmatch(r"20(18|19|21|24)", w.text)]
    touching = [(a.text, b.text) for i, a in enumerate(years)
                for b in years[i + 1:] if boxes_meet(a, b) or
                (abs(a.y0 - b.y0) < 0.5 and abs(a.x1 - b.x0) < 2)]
    check(not touching, "no two year labels touch", str(touching))
    ends = [w for w in words if w.text in ("700", "680", "260")]
    if check(len(ends) == 3, "the three last values are written",
             str([w.text for w in words])):
        meet = [(a.text, b.text) for i, a in enumerate(ends)
                for b in ends[i + 1:] if boxes_meet(a, b)]
        check(not meet, "the last values of close lines do not overlap",
              str(meet))

HBAR_TALL = """format: 1
report: { title: Trajets, date: 2025-01-15 }
sources: [{ id: s, title: S, date: 2025-01 }]
series:
  - id: line-18
    title: Temps de trajet depuis le campus avec la ligne 18
    unit: min
    source: s
    points:
      - { label: Gare TGV de Massy, value: 6 }
      - { label: Aéroport d'Orly, value: 13 }
      - { label: Paris intra-muros, value: 25 }
pages:
  - title: T
    blocks:
      - row:
        - chart: { type: hbar, series: line-18 }
        - text: |
%s
""" % "\n".join("            Une phrase de commentaire assez longue pour "
                 "remplir la colonne, ligne %d." % i for i in range(22))


def test_hbar_tall_row(tmp):
    """An hbar chart of three bars beside a text of some forty lines, in a row
    far taller than the chart needs: its bars stay as close as the chart
    alone would set them (centres at most 50 pt apart) and thick (at
    least half that pitch), not spread over the row's height."""
    status, err, out = build(tmp, "hbar-tall", HBAR_TALL, "pdf")
    if not check(status == 0, "hbar-tall builds", err):
        return
    page = list(extract_pages(os.path.join(out, "hbar-tall.pdf")))[0]
    bars, _, _, _ = page_parts(page)
    bars = sorted((b for b in bars if b.height > 2), key=lambda b: -b.y0)
    if not check(len(bars) == 3, "the three bars are drawn", str(len(bars))):
        return
    centres = [(b.y0 + b.y1) / 2 for b in bars]
    pitch = [centres[i] - centres[i + 1] for i in range(2)]
    check(all(p <= 50.5 for p in pitch), "the bars stand at most 50 pt apart",
          str(pitch))
    check(all(b.height >= 0.5 * max(pitch) for b in bars),
          "the bars are at least half their pitch thick",
          str([b.height for b in bars]))


BAR_LABELS = """format: 1
report: { title: Institut, date: 2025-01-15 }
sources: [{ id: s, title: S, date: 2025-01 }]
series:
  - id: dataia
    title: Institut DATAIA en chiffres
    source: s
    points:
      - { label: Membres fondateurs de l'institut, value: 17 }
      - { label: Membres associés au conseil scientifique, value: 6 }
      - { label: Partenaires industriels et entreprises associées, value: 46 }
      - { label: Laboratoires de recherche rattachés à l'institut, value: 47 }
      - { label: Projets de recherche financés depuis la création, value: 25 }
  - id: patents
    title: Brevets
    source: s
    points:
      - { label: "2018", value: 120 }
      - { label: "2019", value: 150 }
      - { label: "2020", value: 160 }
      - { label: "2021", value: 210 }
      - { label: "2022", value: 260 }
      - { label: "2023", value: 300 }
  - id: sites
    title: Sites
    source: s
    points:
      - { label: "Laboratoire de recherche en mathématiques appliquées", value: 12 }
      - { label: "Institut de physique des deux infinis, hautes énergies", value: 9 }
      - { label: "Centre de nanosciences et de nanotechnologies du plateau", value: 7 }
      - { label: "Laboratoire de biologie intégrative de la cellule", value: 5 }
pages:
  - title: T
    blocks:
      - chart: { type: bar, series: dataia }
      - row:
        - chart: { type: bar, series: patents }
        - chart: { type: bar, series: sites }
          width: 2
"""


def test_bar_labels(tmp):
    """Bar labels: long labels under wide bars wrap on up to four lines,
    level, rather than turn; years under narrow bars are never cut in
    pieces ("201-8"); turned labels too long for one line take two, side
    by side, before any is shortened, so no label here is."""
    status, err, out = build(tmp, "bar-labels", BAR_LABELS, "pdf")
    if not check(status == 0, "bar-labels builds", err):
        return
    check("too long for its chart" not in err,
          "no bar label is shortened", err)
    page = list(extract_pages(os.path.join(out, "bar-labels.pdf")))[0]
    _, _, _, labels = page_parts(page)
    # The first chart is the top half of the sheet's body.
    top_half = [c for _, c in labels if c.y0 > page.height / 2]
    check(top_half and all(c.upright for c in top_half),
          "the long labels under wide bars are level",
          str([c.get_text() for c in top_half if not c.upright][:20]))
    text = kftest.run("pdftotext", os.path.join(out, "bar-labels.pdf"),
                      "-").stdout
    # The glyphs drawn, not the text (the PDF's text of a hyphenated word
    # is the word whole); a hyphen a break adds reads U+00AD.
    cut = [w.text for w in page_words(page)
           if re.fullmatch(r"\d+[-\u00ad]", w.text)]
    check(not cut, "no year is cut with a hyphen", str(cut))
    for word in ("scientifique", "associées", "création", "appliquées",
                 "énergies", "plateau", "cellule"):
        check(word in text, "the label word '%s' is written whole" % word)


def series_yaml(sid, labels):
    """A series `sid` whose points are `labels`, valued 1..97 in a fixed
    zigzag."""
    out = ["  - id: %s" % sid, "    title: \"Series %s\"" % sid,
           "    points:"]
    out += ["      - {label: \"%s\", value: %d}" % (lab, 1 + (37 * j) % 97)
            for j, lab in enumerate(labels)]
    return "\n".join(out) + "\n"


MANY_HEAD = """format: 1
report:
  title: Many points
  date: 2026-12-03
  locale: en-GB
series:
"""


def test_many_points_default(tmp):
    """Default layout: a series of 1000 points is a line (1000 bars drew
    every label over another), a series of 12 stays bars, each valued."""
    text = (MANY_HEAD + series_yaml("long", [str(j) for j in range(1000)]) +
            series_yaml("short", ["M%d" % j for j in range(1, 13)]))
    status, err, out = build(tmp, "many-default", text, "pdf")
    if not check(status == 0, "many-default builds", err):
        return
    pdf = os.path.join(out, "many-default.pdf")
    for n, page in enumerate(extract_pages(pdf), 1):
        kftest.check_glyphs(page, "many-default sheet %d" % n)
    words = kftest.pdf_text(pdf).split()
    short = [str(1 + (37 * j) % 97) for j in range(12)]
    check(all(v in words for v in short),
          "the 12 bars' values are written", str(words[-60:]))
    check(words.count("M1") == 1 and "M12" in words,
          "the 12 bars' labels are written once each")


def test_many_bars(tmp):
    """An explicit bar chart of more bars than have room for their texts:
    60 bars (8.6 pt each on A4) and 200 (2.6 pt) write the value and label
    of one bar in a few, none overlapping, the 200 with a warning that
    their bars are thin; 1000 bars (0.5 pt) are refused at the chart's
    line, nothing written."""
    for n, thin in ((60, False), (200, True)):
        name = "bars-%d" % n
        text = (MANY_HEAD + series_yaml("s", [str(2000 + j) for j in
                                              range(n)]) +
                "pages:\n  - title: Bars\n    blocks:\n"
                "      - chart: { type: bar, series: s }\n")
        status, err, out = build(tmp, name, text, "pdf")
        if not check(status == 0, name + " builds", err):
            continue
        check(("hard to tell apart" in err) == thin,
              name + ": a warning when the bars are under 2 pt only", err)
        pdf = os.path.join(out, name + ".pdf")
        page = list(extract_pages(pdf))[0]
        kftest.check_glyphs(page, name)
        words = kftest.pdf_text(pdf).split()
        years = [w for w in words if re.fullmatch(r"20\d\d", w)]
        check(1 < len(years) < n and "2000" in years,
              name + ": some bars' labels are written, not all",
              str(len(years)))
    text = (MANY_HEAD + series_yaml("s", [str(j) for j in range(1000)]) +
            "pages:\n  - title: Bars\n    blocks:\n"
            "      - chart: { type: bar, series: s }\n")
    status, err, out = build(tmp, "bars-1000", text, "pdf")
    line = text.count("\n", 0, text.index("- chart:")) + 1
    check(status != 0 and ("bars-1000.yaml:%d:9: error: a bar chart of 1000 "
                           "bars cannot be read at this width" % line) in err
          and "hint: use type: line" in err,
          "1000 bars are refused at the chart's line", err)
    check(not os.listdir(out), "nothing is written for 1000 bars",
          str(os.listdir(out)))


def test_many_stacked(tmp):
    """A stacked chart of many points follows a bar chart's rules: 200
    stacks (2.6 pt on A4) write the total and label of one stack in a few,
    none overlapping, with a warning that the bars are thin; 1000 stacks
    are refused at the chart's line, nothing written."""
    head = MANY_HEAD
    text = (head + series_yaml("a", [str(2000 + j) for j in range(200)]) +
            series_yaml("b", [str(2000 + j) for j in range(200)]) +
            "pages:\n  - title: Stacks\n    blocks:\n"
            "      - chart: { type: stacked, series: [a, b] }\n")
    status, err, out = build(tmp, "stacked-200", text, "pdf")
    if check(status == 0, "stacked-200 builds", err):
        check("the stacked chart of 200 bars" in err
              and "hard to tell apart" in err,
              "stacked-200: a warning that its bars are thin", err)
        pdf = os.path.join(out, "stacked-200.pdf")
        page = list(extract_pages(pdf))[0]
        kftest.check_glyphs(page, "stacked-200")
        words = kftest.pdf_text(pdf).split()
        years = [w for w in words if re.fullmatch(r"20\d\d", w)]
        check(1 < len(years) < 200 and "2000" in years,
              "stacked-200: some stacks' labels are written, not all",
              str(len(years)))
    text = (head + series_yaml("a", [str(j) for j in range(1000)]) +
            series_yaml("b", [str(j) for j in range(1000)]) +
            "pages:\n  - title: Stacks\n    blocks:\n"
            "      - chart: { type: stacked, series: [a, b] }\n")
    status, err, out = build(tmp, "stacked-1000", text, "pdf")
    line = text.count("\n", 0, text.index("- chart:")) + 1
    check(status != 0 and ("stacked-1000.yaml:%d:9: error: a stacked chart "
                           "of 1000 bars cannot be read at this width" % line)
          in err and "hint: use type: line" in err,
          "1000 stacks are refused at the chart's line", err)
    check(not os.listdir(out), "nothing is written for 1000 stacks",
          str(os.listdir(out)))


NARROW_WAFFLE = """format: 1
report: { title: Key figures, date: 2025-01-15, locale: en-US, paper: Letter-landscape }
sources: [{ id: s, title: Press kit, date: 2025-01 }]
metrics:
  - { id: stars, label: of France's 200 AI stars come from Paris-Saclay, value: 41, unit: "%", source: s }
  - { id: rnd, label: of Servier's revenue invested in R&D, value: 21.5, unit: "%", source: s }
series:
  - { id: devices, title: deepLive devices, source: s, points: [{ label: France, value: 20 },
      { label: Rest of the world, value: 60 }] }
pages:
  - title: Shares
    blocks:
      - row:
        - chart: { type: waffle, metric: stars, title: "AI stars, out of 100" }
        - chart: { type: donut, series: devices }
        - chart: { type: progress, metric: rnd }
        - chart: { type: donut, series: devices, title: Again }
"""


def test_waffle_narrow(tmp):
    status, err, out = build(tmp, "narrow-waffle", NARROW_WAFFLE, "pdf")
    if not check(status == 0, "the row of four shares builds", err):
        return
    page = next(extract_pages(os.path.join(out, "narrow-waffle.pdf")))
    accent = (0xD1, 0x49, 0x5B)
    squares, figure = [], []

    def walk(node):
        for o in getattr(node, "_objs", []) or []:
            if isinstance(o, LTChar):
                if o.get_text() in "41" and o.size > 20 and o.x0 < 200:
                    figure.append(o)
            elif hasattr(o, "non_stroking_color") and hasattr(o, "pts"):
                c = tuple(round(v * 255) for v in (o.non_stroking_color or ()))
                if c == accent and o.width < 30 and o.x1 < 215:
                    squares.append(o)
            else:
                walk(o)
    walk(page)
    if not check(len(squares) == 41 and figure,
                 "the waffle's 41 squares and its figure are found",
                 "%d squares, figure %r" % (len(squares),
                                            [c.get_text() for c in figure])):
        return
    grid_w = max(s.x1 for s in squares) - min(s.x0 for s in squares)
    check(grid_w >= 100, "the squares take the column's width",
          "%.0f pt wide" % grid_w)
    check(max(c.y1 for c in figure) < min(s.y0 for s in squares),
          "the figure '41' stands under the squares")
    check(abs(min(c.x0 for c in figure) - min(s.x0 for s in squares)) < 3,
          "the figure starts at the column's left, where the squares do")
    kftest.check_glyphs(page, "the row of four shares")


WIDE_PARTS = """format: 1
report: { title: Key figures, date: 2025-01-15, locale: en-US, paper: %s }
sources: [{ id: s, title: Press kit, date: 2025-01 }]
metrics:
  - { id: stars, label: of France's 200 AI stars come from Paris-Saclay, value: 41, unit: "%%", source: s }
series:
  - { id: devices, title: deepLive devices, source: s, points: [{ label: France, value: 20 },
      { label: Rest of the world, value: 60 }] }
pages:
  - title: A donut
    blocks:
      - chart: { type: donut, series: devices }
  - title: A waffle
    blocks:
      - chart: { type: waffle, metric: stars, title: "AI stars, out of 100" }
"""


def chart_extent(page, png):
    """The left and right, in points, of what is drawn level with a chart
    of parts on a sheet (its ring or squares and its legend or figure, not
    the titles above them nor the footer): the non-white pixels of the
    sheet's PNG (`png`) between the top and bottom of its filled shapes
    (pdfminer's page: not the header band, not rules)."""
    shapes = []

    def walk(node):
        for o in getattr(node, "_objs", []) or []:
            if isinstance(o, (LTChar, LTLine)):
                continue
            if hasattr(o, "non_stroking_color") and hasattr(o, "pts"):
                if o.width < 400 and o.y1 < page.height - 100 and o.y0 > 60:
                    shapes.append(o)
            else:
                walk(o)
    walk(page)
    if not shapes:
        return None
    img = Image.open(png).convert("RGB")
    k = img.width / page.width
    top = int((page.height - max(o.y1 for o in shapes)) * k)
    bottom = int((page.height - min(o.y0 for o in shapes)) * k)
    px = img.load()
    cols = [x for x in range(img.width)
            if any(sum(px[x, y]) < 720 for y in range(top, bottom, 2))]
    return (cols[0] / k, (cols[-1] + 1) / k) if cols else None


def test_wide_parts(tmp):
    margin = 40
    for paper, centred in (("screen", True), ("A4", False)):
        name = "wide-parts-" + paper.lower()
        status, err, out = build(tmp, name, WIDE_PARTS % paper, "pdf,png")
        if not check(status == 0, f"the donut and waffle on {paper} build",
                     err):
            continue
        pages = extract_pages(os.path.join(out, name + ".pdf"))
        for n, (page, what) in enumerate(zip(pages, ("donut", "waffle"))):
            png = os.path.join(out, "%s-%d.png" % (name, n + 1))
            ext = chart_extent(page, png)
            if not check(ext, f"the {what} on {paper} is found"):
                continue
            left = ext[0] - margin
            right = page.width - margin - ext[1]
            if centred:
                check(abs(left - right) < 12 and left > 150,
                      f"the {what} alone on a slide stands in its middle",
                      "%.0f pt left of it, %.0f right" % (left, right))
            else:
                check(left < 12,
                      f"the {what} on A4 portrait starts at the left margin",
                      "%.0f pt from it" % left)
            kftest.check_glyphs(page, f"the {what} on {paper}")


def test_wide_table(tmp):
    for paper in ("A4-landscape", "A4"):
        name = "wide-table-" + paper.lower()
        text = (WIDE_PARTS % paper).replace("locale: en-US,",
                                            "locale: en-US, appendix: data,")
        status, err, out = build(tmp, name, text, "pdf")
        if not check(status == 0, f"the appendix on {paper} builds", err):
            continue
        page = list(extract_pages(os.path.join(out, name + ".pdf")))[-1]
        chars = [c for c in kftest.glyphs(page) if c.get_text().strip()]
        starts = [c for c in chars if c.get_text() == "R"]
        row = [c for c in chars
               if starts and abs(c.y0 - starts[-1].y0) < 1]
        text_of_row = "".join(c.get_text() for c in row)
        if not check("Rest" in text_of_row and "60" in text_of_row,
                     f"the appendix on {paper} has the row 'Rest of the "
                     "world 60'", text_of_row):
            continue
        span = max(c.x1 for c in row) - min(c.x0 for c in row)
        if paper == "A4":
            check(span > page.width - 2 * 40 - 5,
                  "on A4 portrait the table spans the margins",
                  "%.0f pt" % span)
        else:
            check(span < 430,
                  "on A4 landscape a label and its value are at most "
                  "150 mm apart", "%.0f pt" % span)
        kftest.check_glyphs(page, f"the appendix on {paper}")


LAB_TITLES = ["Laboratory A (Orsay)", "Laboratory B (Palaiseau)",
              "Laboratory C (Gif-sur-Yvette)",
              'Laboratory D "Data" (Saclay plateau)',
              "Laboratory E (Les Ulis)", "Laboratory F (Massy)"]


def test_table_headers(tmp):
    series = "".join(
        "  - { id: lab%d, title: '%s', source: s, points: [%s] }\n"
        % (k, t, ", ".join('{ label: "%d", value: %d }' % (y, 100 + k + y - 2021)
                           for y in range(2021, 2025)))
        for k, t in enumerate(LAB_TITLES))
    text = ("format: 1\nreport: { title: Labs, date: 2025-01-15, locale: en-GB, "
            "appendix: data }\nsources: [{ id: s, title: S, date: 2025-01 }]\n"
            "series:\n" + series + "pages:\n  - title: Output\n    blocks:\n"
            "      - chart: { type: line, series: [lab0, lab1, lab2, lab3, lab4, "
            "lab5], title: Publications }\n")
    status, err, out = build(tmp, "table-headers", text, "pdf")
    if not check(status == 0, "the report of six series builds", err):
        return
    pdf = os.path.join(out, "table-headers.pdf")
    last = kftest.pdf_page_count(pdf)
    lines = kftest.pdf_text(pdf, last, layout=True).splitlines()
    top = next((i for i, l in enumerate(lines) if "Publications" in l), None)
    first_row = next((i for i, l in enumerate(lines)
                      if l.strip().startswith("2021")), None)
    if not check(top is not None and first_row is not None,
                 "the appendix table is found", "\n".join(lines[:30])):
        return
    head = [l for l in lines[top + 1:first_row] if l.strip()]
    check(len(head) <= 3, "the series' titles head their columns on at most "
          "3 lines", "\n".join(head))
    words = " ".join(head).split()
    cut = [w for w in words if w.endswith(("-", "\u00ad")) and
           not any(w in t for t in LAB_TITLES)]
    check(not cut, "no title is cut by a hyphen in its header", repr(cut))
    page = list(extract_pages(pdf))[last - 1]
    kftest.check_glyphs(page, "the appendix table")


def main():
    with kftest.temp_dir() as tmp:
        test_colours(tmp)
        test_line_colours(tmp)
        test_negatives(tmp)
        test_time_axes(tmp)
        test_shares(tmp)
        test_line_labels(tmp)
        test_hbar_tall_row(tmp)
        test_bar_labels(tmp)
        test_many_points_default(tmp)
        test_many_bars(tmp)
        test_many_stacked(tmp)
        test_waffle_narrow(tmp)
        test_wide_parts(tmp)
        test_wide_table(tmp)
        test_table_headers(tmp)
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
