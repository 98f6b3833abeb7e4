#!/usr/bin/python3
"""test_axes.py: the axes of line charts in narrow cells, as a reader of a
press kit checks them, read back from the PDF's glyphs (pdfminer).

- Three line charts side by side on A4 (a third of the page each), over
  2019 to 2024, in Md€, % and Pflop/s, in the French and the English
  edition: each names every year under its plot, no two labels touching;
  each says its unit once, above its axis ("Md€"), its ticks bare numbers
  ("80", "60"... never "80 Md€" on each).
- Each value written beside its point (the line of shares) is nearer that
  point than any other, and no two values touch.
- A chart of thousands ("3 000" in French, "3,000" in English, the ticks
  written by the edition's locale) over seven years, whose labels do not
  all fit a third of A4: the years written stand evenly (2018, 2020,
  2022, 2024), the first and the last always among them.
- Line charts of millions and billions of euros, of millions of
  inhabitants, of hundreds of thousands of euros: the ticks have three
  digits at most, under the scale said once ("M€", "Md€", "millions",
  "k€"; "€M", "€B", "million", "€K" in English); thousands keep theirs.
- A slide (paper: screen) and an A4 landscape sheet of five line charts
  side by side: every chart names the first and the last year, and the
  years between evenly; the values of its line of shares name their own
  points.
- Line charts half of A4 wide whose last values went to the legend:
  "(2024)" is never alone on a legend row, but after the last entry.
- A line chart of values of a few hundred-thousandths: its zero tick
  reads "0", not "0,00000" beside "0,00001".
- No glyph of any sheet leaves it or is drawn over another.

Prints "N passed, M failed" and exits non-zero on failure.
"""
import os
import re
import sys

import kftest
from kftest import check, show

kftest.need_modules("pdfminer.high_level", "pdfminer.layout")
from pdfminer.high_level import extract_pages  # noqa: E402

YEARS = ["2019", "2020", "2021", "2022", "2023", "2024"]


def series(sid, title, unit, values, first=2019):
    """A series of `values`, one a year from `first`, in YAML."""
    points = "\n".join('      - { label: "%d", value: %s }' % (first + i, v)
                       for i, v in enumerate(values))
    unit_line = '    unit: "%s"\n' % unit if unit else ""
    return ("  - id: %s\n    title: %s\n%s    source: s\n    points:\n%s\n"
            % (sid, title, unit_line, points))


SERIES = "".join([
    series("budget", "{ fr: Budget de la recherche, en: Research budget }",
           "Md€", [21.4, 38.2, 44.9, 52.3, 61.0, 72.8]),
    series("share", "{ fr: Part de la recherche, en: Research share }", "%",
           [17, 18, 19, 19.5, 20, 21]),
    series("power", "{ fr: Puissance de calcul, en: Computing power }",
           "Pflop/s", [14, 28, 36.8, 36.8, 71.4, 125.9]),
    series("funds", "{ fr: Fonds levés, en: Funds raised }", "M€",
           [4, 9, 14, 18, 25, 30]),
    series("jobs", "{ fr: Emplois, en: Jobs }", None,
           [1450, 1600, 1750, 2100, 2250, 2400, 2500], first=2018),
    series("grants", "{ fr: Subventions, en: Grants }", "EUR",
           [4000000, 6500000, 8000000, 10000000, 12500000, 15000000]),
    series("state", "{ fr: Budget de l'État, en: State budget }", "EUR",
           [21.4e9, 38.2e9, 44.9e9, 52.3e9, 61e9, 72.8e9]),
    series("people", "{ fr: Habitants, en: Inhabitants }", None,
           [1200000, 1350000, 1500000, 1800000, 2100000, 2400000]),
    series("bursaries", "{ fr: Bourses, en: Bursaries }", "EUR",
           [120000, 180000, 250000, 310000, 400000, 520000]),
    series("paris", "Paris", None,
           [400, 430, 470, 520, 560, 610, 650, 690, 700, 720], first=2015),
    series("saclay", "Saclay", None,
           [300, 340, 390, 450, 500, 560, 600, 640, 690, 705], first=2015),
    series("lyon", "Lyon", None,
           [200, 220, 260, 280, 330, 360, 380, 420, 450, 480], first=2015),
    series("loans", "{ fr: Prêts, en: Loans }", "EUR",
           [2500000, 3000000, 5000000, 7500000, 9000000, 11000000]),
])

# Line charts of categories: names, not years.
CATEGORIES = {
    "towns": ["Orsay", "Palaiseau", "Saclay", "Gif-sur-Yvette", "Massy",
              "Évry", "Versailles", "Vélizy"],
    "phases": ["Étude", "Conception", "Travaux", "Essais",
               "Mise en service", "Exploitation"],
    "quarters": ["T1 2023", "T2 2023", "T3 2023", "T4 2023", "T1 2024",
                 "T2 2024", "T3 2024"],
}
SERIES += "".join(
    "  - id: %s\n    title: %s\n    source: s\n    points:\n%s\n"
    % (sid, sid.capitalize(), "\n".join(
        '      - { label: "%s", value: %d }' % (name, 20 + 7 * (i % 3) + i)
        for i, name in enumerate(names)))
    for sid, names in CATEGORIES.items())


def report(paper, pages):
    return """format: 1
report:
  title: Paris-Saclay
  date: 2025-01-15
  languages: [fr, en]
  paper: %s
sources: [{ id: s, title: Dossier de presse, date: 2025-01 }]
series:
%spages:
%s""" % (paper, SERIES, pages)


A4 = report("A4", """  - title: { fr: Trois courbes, en: Three lines }
    blocks:
      - row:
          - chart: { type: line, series: budget }
          - chart: { type: line, series: share }
          - chart: { type: line, series: power }
  - title: { fr: Milliers, en: Thousands }
    blocks:
      - row:
          - chart: { type: line, series: jobs }
          - chart: { type: line, series: budget }
          - chart: { type: line, series: share }
""")

LARGE = """  - title: { fr: Grands nombres, en: Large figures }
    blocks:
      - row:
          - chart: { type: line, series: grants }
          - chart: { type: line, series: state }
      - row:
          - chart: { type: line, series: people }
          - chart: { type: line, series: bursaries }
          - chart: { type: line, series: jobs }
"""

# The unit each chart of LARGE says above its axis, per edition: the
# scale its compact figures take ("30 M€", "€30M"; "4,3 millions").
LARGE_UNITS = {"fr": [["M€", "Md€"], ["millions", "k€", None]],
               "en": [["€M", "€B"], ["million", "€K", None]]}

CATEGORY_PAGES = """  - title: { fr: Catégories, en: Categories }
    blocks:
      - row:
          - chart: { type: line, series: towns }
          - chart: { type: line, series: phases }
          - chart: { type: line, series: quarters }
  - title: { fr: Catégories, en: Categories }
    blocks:
      - row:
          - chart: { type: line, series: towns }
          - chart: { type: line, series: phases }
      - chart: { type: line, series: quarters }
"""

SEVERAL = """  - title: { fr: Plusieurs courbes, en: Several lines }
    blocks:
      - row:
          - chart: { type: line, series: [paris, saclay, lyon], title: Members }
          - chart: { type: line, series: [grants, loans], title: Funds }
"""
SEVERAL_LAND = """  - title: { fr: Plusieurs courbes, en: Several lines }
    blocks:
      - row:
          - chart: { type: line, series: [paris, saclay, lyon], title: Members }
          - chart: { type: line, series: [grants, loans], title: Funds }
          - chart: { type: line, series: [paris, saclay], title: Two }
          - chart: { type: line, series: budget }
"""

FIVE = """  - title: { fr: Cinq courbes, en: Five lines }
    blocks:
      - row:
          - chart: { type: line, series: budget }
          - chart: { type: line, series: share }
          - chart: { type: line, series: funds }
          - chart: { type: line, series: power }
          - chart: { type: line, series: jobs }
"""


class Text:
    """A run of glyphs on one baseline, spaces (U+00A0, U+202F) included,
    with no gap between them: one label as the page shows it ("72,8 Md€",
    "3 000", "2019")."""

    def __init__(self, c):
        self.chars = [c]
        self.text, self.x1, self.y0 = c.get_text(), c.x1, c.y0

    def add(self, c):
        self.chars.append(c)
        self.text += c.get_text()
        self.x1 = c.x1

    def ink(self):
        """Its box from its inked glyphs (a space has width, no ink)."""
        inked = [c for c in self.chars if c.get_text().strip()]
        self.x0, self.x1 = inked[0].x0, inked[-1].x1
        self.y0 = min(c.y0 for c in inked)
        self.y1 = max(c.y1 for c in inked)


def page_texts(page):
    """The Texts of a page, from top to bottom and left to right."""
    chars = [c for c in kftest.glyphs(page, spaces=True) if c.upright]
    chars.sort(key=lambda c: (-round(c.y0, 1), c.x0))
    texts = []
    for c in chars:
        t = texts[-1] if texts else None
        if t and abs(t.y0 - c.y0) < 0.5 and -0.5 < c.x0 - t.x1 < 1:
            t.add(c)
        else:
            texts.append(Text(c))
    texts = [t for t in texts if t.text.strip(" \u00a0\u202f")]
    for t in texts:
        t.text = t.text.strip(" \u00a0\u202f")
        t.ink()
    return texts


def columns(texts, page, n):
    """The texts of each of n charts side by side across the page's
    width between its margins (those of the page title)."""
    left = min(t.x0 for t in texts)
    right = page.width - left
    cols = [[] for _ in range(n)]
    for t in texts:
        k = int(((t.x0 + t.x1) / 2 - left) / ((right - left) / n))
        cols[min(max(k, 0), n - 1)].append(t)
    return cols


def year_labels(col):
    """The years written under a chart's plot: its lowest texts that are
    years (the title's and values' are higher)."""
    years = [t for t in col if re.fullmatch(r"20\d\d", t.text)]
    if not years:
        return []
    low = min(t.y0 for t in years)
    return sorted((t for t in years if abs(t.y0 - low) < 0.5),
                  key=lambda t: t.x0)


def ticks(col):
    """A chart's tick labels: the texts right-aligned with its "0"."""
    zero = [t for t in col if t.text == "0"]
    if not zero:
        return []
    z = min(zero, key=lambda t: t.y0)
    return [t for t in col if abs(t.x1 - z.x1) < 0.5 and t.y0 >= z.y0 - 0.5]


def check_even(what, shown, labels):
    """The years written are the first, the last and others evenly between:
    their places among `labels` a constant step apart."""
    idx = [labels.index(t.text) for t in shown if t.text in labels]
    texts = [t.text for t in shown]
    if not check(len(idx) == len(shown) and len(idx) >= 2,
                 "%s: the years written are years of the series" % what,
                 str(texts)):
        return False
    steps = {b - a for a, b in zip(idx, idx[1:])}
    check(idx[0] == 0 and idx[-1] == len(labels) - 1,
          "%s: the first and the last year are written" % what, str(texts))
    check(len(steps) == 1, "%s: the years written stand evenly" % what,
          str(texts))
    apart = all(b.x0 - a.x1 >= 2 for a, b in zip(shown, shown[1:]))
    check(apart, "%s: no two years touch" % what,
          str([(t.text, round(t.x0, 1), round(t.x1, 1)) for t in shown]))
    return True


def check_unit_once(what, col, unit):
    """The unit is written once above the axis, never in a tick."""
    alone = [t for t in col if t.text == unit]
    check(len(alone) == 1, "%s: '%s' written once, above the axis"
          % (what, unit), str([show(t.text) for t in col]))
    # (A unit as wide as the widest tick would line up with them.)
    tk = [t for t in ticks(col) if t.text != unit]
    if not check(len(tk) >= 3, "%s: the ticks are found" % what,
                 str([show(t.text) for t in tk])):
        return
    bare = [t.text for t in tk
            if not re.fullmatch("[0-9\u2212\u202f,.]+", t.text)]
    check(not bare, "%s: every tick is a bare number" % what,
          show(str(bare)))
    if alone:
        top = max(tk, key=lambda t: t.y0)
        check(alone[0].y0 > top.y1 and alone[0].x0 <= top.x0 + 0.5,
              "%s: the unit stands over the top tick" % what,
              "unit at (%.1f, %.1f), top tick '%s' at (%.1f, %.1f)"
              % (alone[0].x0, alone[0].y0, top.text, top.x0, top.y1))


def dots(page):
    """The centres of a page's dots (a line's points: curves 6 pt high;
    pdfminer measures a dot's circle as its upright diameter), from left
    to right."""
    from pdfminer.layout import LTCurve
    out = []

    def walk(node):
        for o in getattr(node, "_objs", []) or []:
            if isinstance(o, LTCurve) and o.width < 7 and 5 < o.height < 7:
                out.append(((o.x0 + o.x1) / 2, (o.y0 + o.y1) / 2))
            walk(o)
    walk(page)
    return sorted(out)


def column_dots(page, n, k):
    """The dots of chart k (from 0) of n side by side."""
    left = min(t.x0 for t in page_texts(page))
    width = (page.width - 2 * left) / n
    return [d for d in dots(page)
            if left + k * width < d[0] < left + (k + 1) * width]


def share_values(lang):
    """The values of the series `share` as the edition writes them."""
    pct = "\u202f%" if lang == "fr" else "%"
    dec = "," if lang == "fr" else "."
    return [v.replace(".", dec) + pct
            for v in ("17", "18", "19", "19.5", "20", "21")]


def box_distance(t, x, y):
    dx = max(t.x0 - x, 0, x - t.x1)
    dy = max(t.y0 - y, 0, y - t.y1)
    return (dx * dx + dy * dy) ** 0.5


def check_values_name_points(what, col, points, values):
    """Each value written beside a point is nearer that point than any
    other ("21 %" tucked under 2023's point would read as 2023's), and no
    two values touch."""
    texts = [t for t in col if t.text in values]
    if not check(len(points) == len(values) and texts,
                 "%s: the points and values are found" % what,
                 "%d points, values %s" % (len(points),
                                           [show(t.text) for t in texts])):
        return
    for t in texts:
        own = values.index(t.text)
        near = min(range(len(points)),
                   key=lambda k: box_distance(t, *points[k]))
        check(box_distance(t, *points[near]) >=
              box_distance(t, *points[own]) - 0.01,
              "%s: '%s' stands nearest its own point" % (what, show(t.text)),
              "nearest is point %d of %d" % (near + 1, len(points)))
    touch = [(a.text, b.text) for a in texts for b in texts
             if a is not b and abs(a.y0 - b.y0) < (a.y1 - a.y0) and
             0 <= b.x0 - a.x1 < 2]
    check(not touch, "%s: no two values touch" % what, show(str(touch)))


def build(tmp, name, text):
    path = kftest.write(os.path.join(tmp, name + ".yaml"), text)
    out = os.path.join(tmp, name + "-out")
    p = kftest.keyfig("build", path, "-o", out, "-f", "pdf")
    check(p.returncode == 0, "%s builds" % name, p.stderr)
    return out


def test_a4(tmp):
    out = build(tmp, "axes", A4)
    for lang in ("fr", "en"):
        pdf = os.path.join(out, "axes.%s.pdf" % lang)
        if not check(os.path.exists(pdf), "axes.%s.pdf written" % lang):
            continue
        pages = list(extract_pages(pdf))
        for n, page in enumerate(pages, 1):
            kftest.check_glyphs(page, "%s sheet %d" % (lang, n))
        cols = columns(page_texts(pages[0]), pages[0], 3)
        units = ["Md€", "%", "Pflop/s"]
        for col, unit in zip(cols, units):
            what = "%s, a third of A4, in %s" % (lang, unit)
            shown = year_labels(col)
            # At 9.5 pt, as a bar chart's labels, beside ticks of three
            # digits ("150") the six years are thinned (evenly).
            if unit != "Pflop/s":
                check([t.text for t in shown] == YEARS,
                      "%s: every year from 2019 to 2024 is written" % what,
                      str([t.text for t in shown]))
            check(all(abs(t.chars[0].size - 9.5) < 0.05 for t in shown),
                  "%s: the years are 9.5 pt, as a bar chart's labels"
                  % what, str([round(t.chars[0].size, 2) for t in shown]))
            check_even(what, shown, YEARS)
            check_unit_once(what, col, unit)
        check_values_name_points("%s, a third of A4, in %%" % lang, cols[1],
                                 column_dots(pages[0], 3, 1),
                                 share_values(lang))
        cols = columns(page_texts(pages[1]), pages[1], 3)
        what = "%s, thousands in a third of A4" % lang
        jobs = [str(y) for y in range(2018, 2025)]
        shown = year_labels(cols[0])
        if check_even(what, shown, jobs):
            check(len(shown) >= 3, "%s: years between the first and the "
                  "last are written when they fit" % what,
                  str([t.text for t in shown]))
        three = "3\u202f000" if lang == "fr" else "3,000"
        tk = [t.text for t in ticks(cols[0])]
        check(three in tk, "%s: the ticks are written as the edition writes "
              "numbers (%s)" % (what, show(three)), show(str(tk)))


def test_large(tmp):
    """Line charts of millions and billions of euros, of millions of
    inhabitants and of bursaries in hundreds of thousands of euros, in
    halves and thirds of A4: their ticks have three digits at most under
    the scale said once above the axis, as the edition writes compact
    figures; thousands keep their digits ("3 000")."""
    out = build(tmp, "large", report("A4", LARGE))
    for lang in ("fr", "en"):
        pdf = os.path.join(out, "large.%s.pdf" % lang)
        if not check(os.path.exists(pdf), "large.%s.pdf written" % lang):
            continue
        page = list(extract_pages(pdf))[0]
        kftest.check_glyphs(page, "%s large figures" % lang)
        texts = page_texts(page)
        # The two rows: the first below the page's title, the second
        # under the first's years.
        years = sorted({round(t.y0) for t in texts if t.text == "2024"})
        rows = [[t for t in texts if t.y0 > years[-1] - 1],
                [t for t in texts if t.y0 < years[-1] - 1]]
        for row, units in zip(rows, LARGE_UNITS[lang]):
            cols = columns(row, page, len(units))
            for k, (col, unit) in enumerate(zip(cols, units)):
                what = "%s, large figures, chart %d of %d" % (
                    lang, k + 1, len(units))
                tk = [t.text for t in ticks(col)]
                wide = [t for t in tk if len(re.sub(r"\D", "", t)) > 3]
                if unit is None:
                    three = "3\u202f000" if lang == "fr" else "3,000"
                    check(three in tk, "%s: thousands keep their digits "
                          "(%s)" % (what, show(three)), show(str(tk)))
                    continue
                check_unit_once(what, col, unit)
                check(not wide, "%s: no tick has more than three digits "
                      "under '%s'" % (what, unit), show(str(tk)))


def test_categories(tmp, paper):
    """Line charts of towns, project phases and quarters, in thirds and
    halves of `paper` and across it: every name is written, whole, once
    (a name cannot be told from its neighbours' as a year can), level or
    turned, no glyph over another."""
    out = build(tmp, "cat-" + paper, report(paper, CATEGORY_PAGES))
    for lang in ("fr", "en"):
        pdf = os.path.join(out, "cat-%s.%s.pdf" % (paper, lang))
        if not check(os.path.exists(pdf), "cat-%s.%s.pdf written"
                     % (paper, lang)):
            continue
        for n, page in enumerate(extract_pages(pdf), 1):
            kftest.check_glyphs(page, "%s %s sheet %d" % (lang, paper, n))
        for n in (1, 2):
            text = kftest.pdf_text(pdf, n, options=("-raw",))
            # A name wrapped after its hyphen or a space reads whole.
            text = re.sub(r"-\s*\n\s*", "-", text)
            for sid, names in CATEGORIES.items():
                missing = [name for name in names if len(re.findall(
                    r"(?<!\S)%s(?!\S)" % re.escape(name).replace(
                        "\\ ", r"\s+"), text)) != 1]
                check(not missing, "%s, %s sheet %d, the line of %s: every "
                      "name is written once" % (lang, paper, n, sid),
                      str(missing))


def test_several(tmp, paper, pages):
    """Line charts of several series on `paper`: each line's last value
    is written inside the plot, nearer its own line's last point than any
    other point, or after the line's name in the legend with the point it
    is of ("(2024)"), never after the lines' ends, where it took the
    plot's width; no two values touch."""
    out = build(tmp, "several-" + paper, report(paper, pages))
    ends = {"Members": [("Paris", 720), ("Saclay", 705), ("Lyon", 480)],
            "Funds": [("grants", 15000000), ("loans", 11000000)],
            "Two": [("Paris", 720), ("Saclay", 705)]}
    for lang in ("fr", "en"):
        pdf = os.path.join(out, "several-%s.%s.pdf" % (paper, lang))
        if not check(os.path.exists(pdf), "several-%s.%s.pdf written"
                     % (paper, lang)):
            continue
        page = list(extract_pages(pdf))[0]
        kftest.check_glyphs(page, "%s %s" % (lang, paper))
        texts = page_texts(page)
        ncharts = pages.count("chart:")
        cols = columns(texts, page, ncharts)
        for k, col in enumerate(cols):
            title = next((t.text for t in col if t.text in ends), None)
            if title is None:
                continue
            what = "%s, %s, chart '%s'" % (lang, paper, title)
            d = column_dots(page, ncharts, k)
            last_x = max(x for x, _ in d)
            lasts = sorted((p for p in d if abs(p[0] - last_x) < 0.5),
                           key=lambda p: -p[1])
            right = max(t.x1 for t in col)
            check(right - last_x < 13, "%s: the plot reaches the chart's "
                  "right edge, no room kept after the lines" % what,
                  "last point at %.1f, chart's right %.1f" % (last_x, right))
            plot_top = max(p[1] for p in d)
            values = []
            for (name, v), own in zip(ends[title], lasts):
                txt = figure(lang, v, title == "Funds")
                found = [t for t in col if t.text == txt]
                if not check(len(found) == 1, "%s: %s's last value '%s' "
                             "written once" % (what, name, show(txt)),
                             show(str([t.text for t in col]))):
                    continue
                t = found[0]
                values.append(t)
                if t.y0 > plot_top + 6:
                    # In the legend: with the point it is of.
                    check(any(u.text == "(2024)" for u in col),
                          "%s: the legend's values say their year" % what,
                          show(str([u.text for u in col])))
                    continue
                near = min(d, key=lambda p: box_distance(t, *p))
                check(box_distance(t, *near) >=
                      box_distance(t, *own) - 0.01 and t.x0 < last_x,
                      "%s: '%s' stands in the plot nearest its own line's "
                      "last point" % (what, show(txt)),
                      "box (%.1f, %.1f), own point (%.1f, %.1f), nearest "
                      "(%.1f, %.1f)" % (t.x0, t.y0, own[0], own[1],
                                        near[0], near[1]))
            touch = [(a.text, b.text) for a in values for b in values
                     if a is not b and a.x0 < b.x1 + 2 and b.x0 < a.x1 + 2
                     and a.y0 < b.y1 + 1 and b.y0 < a.y1 + 1]
            check(not touch, "%s: no two last values touch" % what,
                  show(str(touch)))


def figure(lang, v, euros):
    """A whole number as the edition writes it, in euros with `euros`."""
    if lang == "fr":
        digits = "{:,}".format(v).replace(",", "\u202f")
        return digits + "\u00a0€" if euros else digits
    return ("€" if euros else "") + "{:,}".format(v)

# The third line's names, of every length: some leave room on the first
# row of a legend half of A4 wide for the entry but not for "(2024)".
LEGEND_NAMES = ["Lyon", "Lyon 2", "Lyon Est", "Lyon-Bron", "Lyon Ouest",
                "Villeurbanne", "Lyon Gerland", "Lyon Part-Dieu",
                "Lyon Confluence"]


def test_legend_year(tmp):
    """Line charts half of A4 wide whose last values went to the legend:
    the point they are of, "(2024)", is never alone on a row of the
    legend, but after the last line's name and value."""
    extra = "".join(series("lyon%d" % k, '"%s"' % name, None,
                           [200, 220, 260, 280, 330, 360, 380, 420, 450,
                            700], first=2015)
                    for k, name in enumerate(LEGEND_NAMES))
    pages = "".join("""  - title: Légende %d
    blocks:
      - row:
          - chart: { type: line, series: [paris, saclay, lyon%d], title: Members }
          - chart: { type: line, series: [paris, saclay, lyon%d], title: Members }
""" % (k, k, k) for k in range(len(LEGEND_NAMES)))
    text = report("A4", pages).replace("pages:\n", extra + "pages:\n", 1)
    out = build(tmp, "legend-year", text)
    pdf = os.path.join(out, "legend-year.fr.pdf")
    if not check(os.path.exists(pdf), "legend-year.fr.pdf written"):
        return
    seen = 0
    for n, page in enumerate(extract_pages(pdf), 1):
        kftest.check_glyphs(page, "legend sheet %d" % n)
        for col in columns(page_texts(page), page, 2):
            for t in col:
                if t.text != "(2024)":
                    continue
                seen += 1
                row = [u.text for u in col
                       if u is not t and abs(u.y0 - t.y0) < 1.5]
                check(row, "sheet %d: '(2024)' is not alone on its legend "
                      "row" % n)
    check(seen > 0, "the last values went to the legends", str(seen))


def test_tiny_ticks(tmp):
    """A line chart of values of a few hundred-thousandths (decimals: 6),
    and a bar chart of them: the zero tick reads "0", as on other charts,
    not "0,00000" beside "0,00001"; the other ticks keep their
    decimals."""
    tiny = series("tiny", "{ fr: Part par publication, en: Share per paper }",
                  None, [0.000022, 0.00002, 0.000026, 0.000017], first=2021)
    tiny = tiny.replace("    source: s\n", "    source: s\n    decimals: 6\n")
    pages = """  - title: Très petits
    blocks:
      - row:
          - chart: { type: line, series: tiny }
          - chart: { type: bar, series: tiny }
"""
    text = report("A4", pages).replace("pages:\n", tiny + "pages:\n", 1)
    out = build(tmp, "tiny", text)
    for lang, comma in (("fr", ","), ("en", ".")):
        pdf = os.path.join(out, "tiny.%s.pdf" % lang)
        if not check(os.path.exists(pdf), "tiny.%s.pdf written" % lang):
            continue
        page = list(extract_pages(pdf))[0]
        texts = [t.text for t in page_texts(page)]
        check("0" + comma + "00001" in texts and "0" + comma + "00002" in texts,
              "%s: the ticks of hundred-thousandths keep their decimals"
              % lang, show(str(texts)))
        check("0" in texts, "%s: the zero tick reads '0'" % lang,
              show(str(texts)))
        check(not [t for t in texts if re.fullmatch(r"0[.,]0+", t)],
              "%s: no tick reads '0%s00000'" % (lang, comma),
              show(str(texts)))


def test_five(tmp, paper, where):
    """Five line charts side by side on `paper`."""
    out = build(tmp, paper, report(paper, FIVE))
    for lang in ("fr", "en"):
        pdf = os.path.join(out, "%s.%s.pdf" % (paper, lang))
        if not check(os.path.exists(pdf), "%s.%s.pdf written"
                     % (paper, lang)):
            continue
        page = list(extract_pages(pdf))[0]
        kftest.check_glyphs(page, "%s %s" % (lang, paper))
        cols = columns(page_texts(page), page, 5)
        units = ["Md€", "%", "M€", "Pflop/s", None]
        for k, (col, unit) in enumerate(zip(cols, units)):
            what = "%s, a fifth of %s, chart %d" % (lang, where, k + 1)
            labels = YEARS if unit else [str(y) for y in range(2018, 2025)]
            check_even(what, year_labels(col), labels)
            if unit:
                check_unit_once(what, col, unit)
        check_values_name_points("%s, a fifth of %s, in %%" % (lang, where),
                                 cols[1], column_dots(page, 5, 1),
                                 share_values(lang))


def main():
    with kftest.temp_dir() as tmp:
        test_a4(tmp)
        test_large(tmp)
        test_categories(tmp, "A4")
        test_categories(tmp, "A4-landscape")
        test_several(tmp, "A4", SEVERAL)
        test_several(tmp, "A4-landscape", SEVERAL_LAND)
        test_several(tmp, "screen", SEVERAL_LAND)
        test_legend_year(tmp)
        test_tiny_ticks(tmp)
        test_five(tmp, "screen", "a slide")
        test_five(tmp, "A4-landscape", "A4 landscape")
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
