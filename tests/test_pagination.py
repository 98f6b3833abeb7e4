"""Pagination that never wastes a sheet, read back as a reader gets the
PDF (pdftotext per sheet, pdfminer's glyphs and boxes):

- an English executive briefing on A4 landscape, six tiles in two rows
  then a row of four charts (line, bar, hbar, donut): the row stays on
  the first sheet, drawn smaller, instead of leaving 40 % of it white and
  going to a second sheet; the same with a row of two charts, and on A4,
  Letter and a screen page;
- three near misses that took a second sheet: on square paper a row of
  a line, a bar and a donut chart under a text (the ring's legend under
  it, 5.5 pt short), and an hbar chart of five long labels in a third of
  A4 or Letter ("Industrial partners" 4.6 pt wider than the labels' 55 %
  of the column): one sheet, the hbar's labels on one line each;
- a one-pager on Letter landscape, six tiles then a row of a waffle, a
  progress chart of three shares, a donut and a progress chart of one
  figure: one sheet, the waffle's figure closer under its squares and
  the progress bars closer together (they took 161 pt of the 140 left);
- on those sheets no glyph is drawn over another or leaves the page, the
  charts' texts keep 8 pt at least, and the row ends above the footer;
- a row that cannot fit even at its charts' least heights (a bar chart
  of five long labels turned under a quarter of the width) moves to the
  next sheet as before, with the warning naming it;
- an hbar chart of 40 long labels, cut across sheets, wraps its labels
  the same way on every sheet (at ease, on two lines), not one way on
  a sheet squeezed and another on the next;
- a chart's own `height:` is kept: it moves to the next sheet rather
  than shrink, drawn as tall as written;
- a bar chart in a row needs no more width than alone on a page: 20 bars
  in half of A4 are drawn (the value and label of one bar in 2), where
  14 pt a bar refused them; 300 bars there are refused, naming the
  column's width.
"""
import os
import sys

import kftest
from kftest import check

kftest.need_modules("pdfminer.high_level")
kftest.need_programs("pdftotext", "pdfinfo")
from pdfminer.high_level import extract_pages  # noqa: E402
from pdfminer.layout import LTRect  # noqa: E402

HEAD = """\
format: 1
report:
  title: Paris-Saclay and AI
  subtitle: Executive briefing
  organisation: EPA Paris-Saclay
  date: 2025-01-15
  locale: en-GB
  paper: @PAPER@
sources:
  - { id: kit, title: Paris-Saclay and AI — Press kit, publisher: EPA Paris-Saclay, date: 2025-01 }
metrics:
  - { id: research-share, label: of France's national research, value: 21, unit: "%", source: kit }
  - { id: research-jobs, label: of the public and private research jobs in Île-de-France, value: 40, unit: "%", source: kit }
  - { id: jean-zay, label: combined power of the Jean Zay supercomputer, value: 125.9, unit: Pflop/s, decimals: 1, source: kit }
  - { id: ai-labs, label: research laboratories specialised in AI, value: 42, source: kit }
  - { id: public-labs, label: public research laboratories and institutes, value: 320, source: kit }
  - { id: ai-stars, label: of France's 200 AI stars come from Paris-Saclay, value: 41, unit: "%", source: kit }
  - { id: servier-rnd, label: of Servier's revenue invested in R&D, value: 21.5, unit: "%", decimals: 1, source: kit }
series:
  - id: shares
    title: Paris-Saclay's share of the national total
    unit: "%"
    source: kit
    points:
      - { label: National research, value: 21 }
      - { label: Research jobs in Île-de-France, value: 40 }
      - { label: France's 200 AI stars, value: 41 }
  - id: line-18
    title: Travel time with metro line 18
    unit: min
    source: kit
    points:
      - { label: Massy TGV station, value: 6 }
      - { label: Orly airport, value: 13 }
      - { label: Central Paris, value: 25 }
  - id: devices
    title: deepLive devices installed
    source: kit
    points:
      - { label: France, value: 20 }
      - { label: Rest of the world, value: 60 }
  - id: dataia
    title: DATAIA in figures
    source: kit
    points:
      - { label: Founding members, value: 17 }
      - { label: Associate members, value: 6 }
      - { label: Industrial partners, value: 46 }
      - { label: Laboratories, value: 47 }
      - { label: Research projects, value: 25 }
pages:
  - title: At a glance
    blocks:
"""

TILES6 = "      - kpis: [research-share, research-jobs, jean-zay, ai-labs, public-labs, ai-stars]\n"
TILES4 = "      - kpis: [research-share, research-jobs, jean-zay, ai-labs]\n"
SENTENCE = ("Paris-Saclay accounts for a fifth of France's national research "
            "and presents itself as an open-innovation ecosystem unique in "
            "Europe. ")
LINE = "          - chart: { type: line, series: line-18 }\n"
BAR = "          - chart: { type: bar, series: devices }\n"
HBAR = "          - chart: { type: hbar, series: dataia }\n"
DONUT = "          - chart: { type: donut, series: devices }\n"
WAFFLE = ("          - chart: { type: waffle, metric: ai-stars, "
          "title: \"AI stars, out of 100\" }\n")
PROGRESS = ("          - chart: { type: progress, series: shares }\n"
            "            width: 1.4\n")
EFFORT = ("          - chart: { type: progress, metric: servier-rnd, "
          "title: Servier's R&D effort }\n")


def text(sentences):
    return "      - text: >\n          " + SENTENCE * sentences + "\n"


def row(*charts):
    return "      - row:\n" + "".join(charts)


def report(paper, blocks):
    return HEAD.replace("@PAPER@", paper) + blocks


def line_of(yaml, what):
    """The line (from 1) of the first line of `yaml` that holds `what`."""
    return next(i + 1 for i, ln in enumerate(yaml.split("\n")) if what in ln)


# name: (paper, blocks, the chart titles the first sheet must show).  Each
# took two sheets, its row (or chart) alone on the second, before charts
# shrank to their least heights.
FITS = {
    "briefing": ("A4-landscape", TILES6 + row(LINE, BAR, HBAR, DONUT),
                 ["Travel time with metro line", "deepLive devices installed",
                  "DATAIA in figures"]),
    "row of two": ("A4-landscape",
                   TILES6 + row(HBAR, BAR.replace("devices", "dataia")),
                   ["DATAIA in figures"]),
    "single chart": ("A4-landscape",
                     TILES6 + "      - chart: { type: bar, series: dataia }\n",
                     ["DATAIA in figures"]),
    "A4": ("A4", text(10) + TILES6 + row(LINE, BAR, DONUT),
           ["Travel time with metro line", "deepLive devices installed"]),
    "Letter": ("Letter", text(6) + TILES6 + row(LINE, BAR, DONUT),
               ["Travel time with metro line", "deepLive devices installed"]),
    "screen": ("screen", text(1) + TILES4 + row(LINE, BAR, HBAR, DONUT),
               ["Travel time with metro line", "deepLive devices installed",
                "DATAIA in figures"]),
    "square donut": ("square", text(4) + row(LINE, BAR, DONUT),
                     ["Travel time with metro line",
                      "deepLive devices installed", "Rest of the world"]),
    "A4 hbar third": ("A4", text(10) + TILES6 + row(LINE, HBAR, DONUT),
                      ["Travel time with metro line", "DATAIA in figures",
                       "deepLive devices installed"]),
    "Letter hbar third": ("Letter", text(8) + TILES6 + row(LINE, HBAR, DONUT),
                          ["Travel time with metro line", "DATAIA in figures",
                           "deepLive devices installed"]),
    "Letter-landscape shares": ("Letter-landscape",
                                TILES6 + row(WAFFLE, PROGRESS, DONUT, EFFORT),
                                ["AI stars, out of 100",
                                 "France's 200 AI stars",
                                 "deepLive devices installed",
                                 "Servier's R&D effort"]),
}


def build(tmp, name, yaml, *more):
    path = kftest.write(os.path.join(tmp, name + ".yaml"), yaml)
    out = os.path.join(tmp, "out-" + name)
    r = kftest.keyfig("build", path, "-o", out, "-f", "pdf", *more)
    return r, os.path.join(out, name + ".pdf")


def chars_of(page):
    return kftest.glyphs(page)


def check_sheet(pdf, what, titles):
    """The first sheet holds every title, nothing overlaps or leaves the
    page, the charts' texts keep 8 pt, and nothing runs into the footer."""
    first = " ".join(kftest.pdf_text(pdf, 1).split())
    for t in titles:
        check(t in first, f"{what}: the first sheet shows '{t}'",
              kftest.show(first[-600:]))
    page = next(iter(extract_pages(pdf, page_numbers=[0])))
    kftest.check_glyphs(page, what)
    chars = chars_of(page)
    # The footer's "Sources" heading: every chart glyph stands above it
    # (pdfminer's y grows upwards).
    src = [c for c in chars if c.get_text() == "S" and c.size < 8]
    if not check(src, f"{what}: the footer's sources are found"):
        return
    foot_top = max(c.y1 for c in src)
    body = [c for c in chars if c.y0 > foot_top + 1]
    low = min(c.y0 for c in body)
    check(low > foot_top + 2, f"{what}: the charts end above the footer",
          f"lowest glyph at {low:.1f}, footer at {foot_top:.1f}")
    # Every glyph of the sheet's body is 8 pt or more, but the raised
    # source markers (a superscript "1") and the tiles' unit after a
    # figure: the charts' labels, ticks, values and the ring's total.
    small = sorted({(c.get_text(), round(c.size, 1)) for c in body
                    if c.size < 7.95 and c.get_text() != "1"})
    check(not small, f"{what}: every chart text keeps 8 pt", str(small[:8]))


def test_fits(tmp):
    for name, (paper, blocks, titles) in FITS.items():
        stem = name.replace(" ", "-")
        r, pdf = build(tmp, stem, report(paper, blocks))
        if not check(r.returncode == 0, f"{name}: builds", r.stderr):
            continue
        check("takes 2 sheets" not in r.stderr,
              f"{name}: the page takes one sheet, no warning", r.stderr)
        check(kftest.pdf_page_count(pdf) == 1, f"{name}: one sheet",
              str(kftest.pdf_page_count(pdf)))
        check_sheet(pdf, name, titles)
    # The hbar short of room gives its labels the width for one line each
    # ("Associate members", not "Associate" over "members").
    for name in ("briefing", "A4 hbar third", "Letter hbar third"):
        _, pdf = build(tmp, name.replace(" ", "-"), report(*FITS[name][:2]))
        lines = kftest.pdf_text(pdf, 1, layout=True)
        check("Associate members" in lines and "Industrial partners" in lines,
              f"{name}: the hbar's labels on one line each", lines[-900:])


def test_cannot_fit(tmp):
    """Five long labels turned under a quarter of landscape A4 need more
    than two tile rows leave: the row goes to sheet 2, named."""
    blocks = TILES6 + row(LINE, BAR.replace("devices", "dataia"), HBAR, DONUT)
    yaml = report("A4-landscape", blocks)
    r, pdf = build(tmp, "cannot", yaml)
    check(r.returncode == 0, "cannot fit: builds", r.stderr)
    at = line_of(yaml, "- row:")
    check(f"takes 2 sheets: sheet 2 starts with the row at line {at}"
          in r.stderr, "cannot fit: the warning names the row", r.stderr)
    texts = kftest.pdf_page_texts(pdf)
    check(len(texts) == 2 and "DATAIA in figures" in texts[1]
          and "DATAIA in figures" not in texts[0],
          "cannot fit: the row is whole on sheet 2")
    for k in range(len(texts)):
        page = list(extract_pages(pdf, page_numbers=[k]))[0]
        kftest.check_glyphs(page, f"cannot fit, sheet {k + 1}")


def test_cut_hbar(tmp):
    pts = "".join(f'      - {{ label: "Research laboratory number {i} of '
                  f'the plateau", value: {10 + i * 3 % 17} }}\n'
                  for i in range(40))
    yaml = (HEAD.replace("@PAPER@", "A4").replace(
        "series:\n", "series:\n  - id: labs\n    title: Researchers by "
        "laboratory\n    source: kit\n    points:\n" + pts, 1)
        + "      - chart: { type: hbar, series: labs }\n")
    r, pdf = build(tmp, "cut-hbar", yaml)
    if not check(r.returncode == 0, "cut hbar: builds", r.stderr):
        return
    texts = kftest.pdf_page_texts(pdf)
    check(len(texts) >= 2, "cut hbar: cut across sheets", str(len(texts)))
    for k, t in enumerate(texts):
        whole = [ln for ln in t.split("\n") if ln.endswith("the plateau")
                 and ln.startswith("Research laboratory")]
        ends = [ln for ln in t.split("\n") if ln.strip() == "plateau"
                or ln.strip() == "the plateau"]
        check(not whole and ends, f"cut hbar, sheet {k + 1}: every label on "
              "two lines, as on the other sheets", str(whole[:3]))


def bar_pitch(pdf, sheet):
    """The distance between the first and last bars' centres of the only
    hbar chart on `sheet` (from 0)."""
    page = list(extract_pages(pdf, page_numbers=[sheet]))[0]
    bars = [o for o in page if isinstance(o, LTRect)
            and 4 < o.height < 40 and o.width < 0.9 * page.width]
    ys = sorted((o.y0 + o.y1) / 2 for o in bars)
    return ys[-1] - ys[0] if len(ys) == 5 else None


def test_height(tmp):
    """height: 60 is more than two tile rows leave: the chart goes whole to
    sheet 2, 60 mm tall (its bars stand as far apart as 60 mm make them:
    20 mm more spread them 20 mm / 5 rows each further apart)."""
    pitches = {}
    for mm in (60, 80):
        blocks = TILES6 + (f"      - chart: {{ type: hbar, series: dataia, "
                           f"height: {mm} }}\n")
        yaml = report("A4-landscape", blocks)
        r, pdf = build(tmp, f"height{mm}", yaml)
        at = line_of(yaml, "height:")
        check(f"sheet 2 starts with the chart at line {at}" in r.stderr,
              f"height {mm}: the chart moves to sheet 2, named", r.stderr)
        texts = kftest.pdf_page_texts(pdf)
        check(len(texts) == 2 and "DATAIA in figures" in texts[1],
              f"height {mm}: drawn on sheet 2")
        pitches[mm] = bar_pitch(pdf, 1) if len(texts) == 2 else None
    if check(None not in pitches.values(), "height: five bars found",
             str(pitches)):
        want = 4 * (20 * 72 / 25.4) / 5
        got = pitches[80] - pitches[60]
        check(abs(got - want) < 1.0,
              "height: the chart is as tall as its height says",
              f"bars {got:.1f} pt further apart, want {want:.1f}")


def test_bars_in_a_row(tmp):
    def years(n):
        pts = "".join(f"      - {{ label: \"{1700 + i}\", value: {10 + i % 23} }}\n"
                      for i in range(n))
        return ("  - id: years\n    title: Founded each year\n"
                "    source: kit\n    points:\n" + pts)

    for n, ok in ((20, True), (300, False)):
        yaml = report("A4", row(
            "          - chart: { type: bar, series: years }\n", DONUT))
        yaml = yaml.replace("series:\n", "series:\n" + years(n), 1)
        r, pdf = build(tmp, f"bars{n}", yaml)
        if ok:
            if not check(r.returncode == 0 and "too narrow" not in r.stderr,
                         "20 bars in half of A4: drawn", r.stderr):
                continue
            page = list(extract_pages(pdf, page_numbers=[0]))[0]
            kftest.check_glyphs(page, "20 bars in half of A4")
            t = kftest.pdf_text(pdf, 1)
            check("1700" in t and "1718" in t and "1701" not in t,
                  "20 bars in half of A4: the label of one bar in 2",
                  t[:300])
        else:
            check(r.returncode == 1, "300 bars in half of A4: refused",
                  r.stderr)
            check("a bar chart of 300 bars cannot be read at this width: "
                  "its column of 88 mm holds at most 249 bars" in r.stderr
                  and "a larger 'width' in its row" in r.stderr,
                  "300 bars in half of A4: the error says the column's "
                  "width and the fix", r.stderr)
            check(not os.path.exists(pdf), "300 bars: nothing written")


def main():
    with kftest.temp_dir() as tmp:
        test_fits(tmp)
        test_cannot_fit(tmp)
        test_cut_hbar(tmp)
        test_height(tmp)
        test_bars_in_a_row(tmp)
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
