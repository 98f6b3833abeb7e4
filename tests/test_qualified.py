"""Qualified and signed figures (metrics' `qualifier:` and `sign:
always`), read back as a reader gets them: the PDF's text (pdfminer) and
structure (pdfinfo -struct-text), the chart's /Alt (pikepdf), the
character boxes of a narrow row of four tiles (nothing overlaps, nothing
leaves its tile; on A4 the row stays four tiles at full size with the
qualifiers on a line above the numbers, on a screen page beside them),
the sizes of the progress chart's headline ("plus de" and "%" set as a
tile sets them, smaller than "41", on its baseline), and the workbook's cells
(openpyxl: the number stays a number, its format shows the words and the
sign).  Both editions of one file."""
import os
import sys

import kftest
from kftest import check, show

NNBSP, NBSP, MINUS, EURO = "\u202f", "\u00a0", "\u2212", "\u20ac"

kftest.need_modules("openpyxl", "pikepdf", "pdfminer.high_level")
kftest.need_programs("pdfinfo")
import openpyxl  # noqa: E402
import pikepdf  # noqa: E402
from pdfminer.high_level import extract_pages, extract_text  # noqa: E402


REPORT = """\
format: 1
report:
  title: { fr: Chiffres qualifiés, en: Qualified figures }
  date: 2025-01-15
  languages: [fr, en]
  paper: @PAPER@
sources:
  - { id: s, title: Dossier de presse, date: 2025-01 }
metrics:
  - { id: more, label: { fr: chercheurs, en: researchers }, value: 1600, qualifier: more_than, source: s }
  - { id: about, label: { fr: laboratoires, en: laboratories }, value: 1600, qualifier: about, source: s }
  - { id: upto, label: { fr: d'investissements, en: invested }, value: 30000000, unit: EUR, display: compact, qualifier: up_to, sign: always, source: s }
  - { id: less, label: { fr: du budget, en: of the budget }, value: 12.5, unit: "%", qualifier: less_than, source: s }
  - { id: plus, label: { fr: levés, en: raised }, value: 30000000, unit: EUR, display: compact, sign: always, previous: 20000000, source: s }
  - { id: minus, label: { fr: de baisse, en: fall }, value: -3.5, unit: "%", sign: always, source: s }
  - { id: zero, label: { fr: stable, en: flat }, value: 0, sign: always, source: s }
  - { id: share, label: { fr: des projets, en: of the projects }, value: 41, unit: "%", qualifier: more_than, source: s }
pages:
  - title: Page
    blocks:
      - kpis: [more, about, upto, less]
      - kpis: [plus, minus, zero]
      - chart: { type: progress, metric: share }
"""

# What each edition prints, in the PDF's text as in its structure.
WANT = {
    "fr": ["plus de" + NBSP + "1" + NNBSP + "600",
           "pr\u00e8s de" + NBSP + "1" + NNBSP + "600",
           "jusqu\u2019\u00e0" + NBSP + "+30" + NBSP + "M" + EURO,
           "moins de" + NBSP + "12,5" + NNBSP + "%",
           MINUS + "3,5" + NNBSP + "%"],
    "en": ["more than" + NBSP + "1,600", "nearly" + NBSP + "1,600",
           "up to" + NBSP + "+" + EURO + "30M", "less than" + NBSP + "12.5%",
           MINUS + "3.5%"],
}
ALT = {"fr": "plus de" + NBSP + "41" + NNBSP + "% des projets",
       "en": "more than" + NBSP + "41% of the projects"}


def build(tmp, paper):
    path = kftest.write(os.path.join(tmp, f"{paper}.yaml"),
                        REPORT.replace("@PAPER@", paper))
    out = os.path.join(tmp, paper)
    r = kftest.keyfig("build", path, "-o", out, "-f", "pdf,xlsx")
    check(r.returncode == 0, f"{paper}: build exits 0 ({r.returncode}: {r.stderr})")
    check("too wide" not in r.stderr, f"{paper}: no figure too wide: {r.stderr}")
    return out


# The narrow A4 row sets its qualifiers above the numbers; a screen's
# tiles have room for them beside.
KICKER = {"A4": True, "screen": False}
UNIT_SCALE = 0.46  # a unit's size against its number's, on a tile
QUALIFIERS = {"fr": ["plus de", "pr\u00e8s de", "jusqu\u2019\u00e0", "moins de"],
              "en": ["more than", "nearly", "up to", "less than"]}


def baseline(c):
    return c.matrix[5]


def check_tiles(pdf, name, lang, kicker):
    """The first row of tiles: the figure line of each tile (qualifier,
    number, unit) left to right without overlap, and ending before the
    next tile's label starts; with `kicker` the qualifiers on a line of
    their own above the numbers, at the start of each tile."""
    page = next(iter(extract_pages(pdf)))
    chars = kftest.glyphs(page)
    # The first row's big figures: the highest digits over 15 pt.
    figures = [c for c in chars if c.get_text().isdigit() and c.size > 15]
    top = max(c.y0 for c in figures)
    big = max(c.size for c in figures if c.y0 == top)
    # The figure line: every char sharing the big figures' baseline band.
    # (The labels' footnote markers, at 7 pt, are not of it.)
    line = sorted((c for c in chars if abs(c.y0 - top) < big * 0.6
                   and big * 0.4 <= c.size <= big), key=lambda c: c.x0)
    # A kerned pair's advances overlap a little ("u’à"), a collision more.
    over = [(a.get_text(), b.get_text()) for a, b in zip(line, line[1:])
            if b.x0 < a.x1 - 0.15 * min(a.size, b.size)]
    check(line and not over and not kftest.overlaps(line),
          f"{name}: the figures' line overlaps nowhere: {over}")
    check(not kftest.off_page(line, page), f"{name}: the figures' line on the page")
    # The labels under it start each tile's text column.
    labels = sorted({round(c.x0, 1) for c in chars if abs(c.size - 10) < 0.01
                     and top - 3 * big < c.y0 < top - 0.2 * big})
    starts, last = [], None
    for x in labels:  # a tile's label starts after a gap of 20 pt or more
        if last is None or x - last > 20:
            starts.append(x)
        last = x
    check(len(starts) == 4, f"{name}: four tiles in the first row: {starts}")
    for k in range(1, len(starts)):
        ends = [c.x1 for c in line if starts[k - 1] - 1 <= c.x0 < starts[k] - 1]
        check(ends and max(ends) < starts[k] - 20,
              f"{name}: tile {k}'s figure ends {max(ends or [0]):.1f} before "
              f"tile {k + 1} ({starts[k]:.1f})")
    check(max(c.x1 for c in line) < page.width - 36, f"{name}: the last figure inside the page")
    # The qualifiers: on the figure line, or on a line of their own above.
    base = max(baseline(c) for c in figures if c.y0 == top)
    flat = "".join(c.get_text() for c in line).replace(" ", "")
    above = sorted((c for c in chars if c.get_text().strip()
                    and base + 0.8 * big < baseline(c) < base + 2 * big),
                   key=lambda c: c.x0)
    words = [w.replace(" ", "") for w in QUALIFIERS[lang]]
    if kicker:
        check(not any(w in flat for w in words),
              f"{name}: no qualifier on the figures' line: {flat!r}")
        tiles = ["".join(c.get_text() for c in above
                         if starts[k] - 1 <= c.x0 < (starts + [1e9])[k + 1] - 1).replace(" ", "")
                 for k in range(len(starts))]
        check(tiles == words, f"{name}: each tile's qualifier above its number: {tiles}")
        firsts = [min((c.x0 for c in above if s - 1 <= c.x0 < s + 100), default=-99)
                  for s in starts]
        check(all(abs(a - s) < 1 for a, s in zip(firsts, starts)),
              f"{name}: each qualifier starts its tile's text column: {firsts} {starts}")
        check(all(abs(c.size - big * UNIT_SCALE) < 0.3 for c in above),
              f"{name}: the qualifiers at the units' size: {sorted({round(c.size, 1) for c in above})}")
        check(not kftest.overlaps(above + line),
              f"{name}: the qualifiers overlap no figure: {kftest.overlaps(above + line)}")
        lines = {round(baseline(c), 1) for c in above}
        check(len(lines) == 1, f"{name}: the qualifiers on one baseline: {lines}")
    else:
        check(not above and all(w in flat for w in words),
              f"{name}: the qualifiers beside their numbers: {flat!r}")
    return big


def check_headline(pdf, name, words):
    """The progress chart's headline, the lowest big digits: "41" the
    largest, the qualifier's words before it and "%" after it at the
    unit's scale, all on one baseline."""
    page = next(iter(extract_pages(pdf)))
    chars = kftest.glyphs(page)
    digits = [c for c in chars if c.get_text().isdigit() and c.size > 15]
    low = min(baseline(c) for c in digits)
    number = [c for c in digits if abs(baseline(c) - low) < 0.5]
    big = max(c.size for c in number)
    line = sorted((c for c in chars if abs(baseline(c) - low) < 0.5 and c.get_text().strip()),
                  key=lambda c: c.x0)
    text = "".join(c.get_text() for c in line)
    check(text.replace(" ", "") == (words + "41%").replace(" ", ""),
          f"{name}: the headline reads {words} 41 %: {text!r}")
    rest = [c for c in line if not c.get_text().isdigit()]
    check("".join(c.get_text() for c in number) == "41" and big >= 16,
          f"{name}: the headline's number 41 at {big:.1f} pt")
    check(rest and all(abs(c.size - big * UNIT_SCALE) < 0.3 for c in rest),
          f"{name}: the headline's words and % at {UNIT_SCALE} of its number: "
          f"{sorted({round(c.size, 1) for c in rest})} against {big:.1f}")
    check(max(c.x1 for c in rest if c.get_text().isalpha()) <= min(c.x0 for c in number) + 0.5,
          f"{name}: the qualifier before the number")


with kftest.temp_dir() as tmp:
    for paper in ("A4", "screen"):
        out = build(tmp, paper)
        for lang in ("fr", "en"):
            pdf = os.path.join(out, f"{paper}.{lang}.pdf")
            name = f"{paper} {lang}"
            text = extract_text(pdf)
            wants = WANT[lang]
            if KICKER[paper]:
                # The words end a line of their own: a word break, not
                # U+00A0, parts them from the number.
                text = " ".join(text.split(" \n\n"))
                wants = [w.replace(NBSP, " ", 1) if i < 4 else w for i, w in enumerate(wants)]
            for want in wants:
                check(want in text, f"{name}: {show(want)} on the page")
            plus = "+30" + NBSP + "M" + EURO if lang == "fr" else "+" + EURO + "30M"
            check(text.count(plus) == 2, f"{name}: {show(plus)} twice (with and without a qualifier)")
            check("+0" not in text and "+" + MINUS not in text and "+3,5" not in text,
                  f"{name}: no sign on 0, the minus alone on a negative")
            r = kftest.run("pdfinfo", "-struct-text", pdf)
            for want in wants:
                check(want in r.stdout, f"{name}: {show(want)} in the structure's text")
            with pikepdf.open(pdf) as doc:
                alts = [str(o.get("/Alt")) for o in doc.objects
                        if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
                        and "/Alt" in o]
            check(any(ALT[lang] in a for a in alts), f"{name}: the chart's /Alt says {show(ALT[lang])}: {[show(a) for a in alts]}")
            big = check_tiles(pdf, name, lang, KICKER[paper])
            check(big >= 16, f"{name}: the qualified figures stay readable: {big:.1f} pt")
            if KICKER[paper]:
                check(big == 26, f"{name}: qualifiers above, the figures keep their full size: {big:.1f} pt")
            check_headline(pdf, name, {"fr": "plus de", "en": "more than"}[lang])

            wb = openpyxl.load_workbook(os.path.join(out, f"{paper}.{lang}.xlsx"))
            ws = wb.worksheets[0]
            rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
            words = {"fr": ("plus de", "jusqu\u2019\u00e0"), "en": ("more than", "up to")}[lang]
            v = rows["more"][2]
            check(v.value == 1600 and v.number_format.startswith(f'"{words[0]}{NBSP}"'),
                  f"{name}: workbook 1600 a number under \"{words[0]} \": {v.value!r} {v.number_format!r}")
            v = rows["upto"][2]
            check(v.value == 30000000 and v.number_format.startswith(f'"{words[1]}{NBSP}""+"'),
                  f"{name}: workbook up to +30M: {v.value!r} {v.number_format!r}")
            v = rows["plus"][2]
            sections = v.number_format.split(";")
            check(v.value == 30000000 and len(sections) == 3 and sections[0].startswith('"+"')
                  and sections[1].startswith('"-"') and "+" not in sections[2],
                  f"{name}: workbook +30M in a signed format: {v.number_format!r}")
            p = rows["plus"][6]
            check(p.value == 20000000 and p.number_format.startswith('"+"'),
                  f"{name}: the previous value signed too: {p.value!r} {p.number_format!r}")
            check(rows["zero"][2].value == 0 and rows["minus"][2].value == -0.035,
                  f"{name}: 0 and -3.5 % stay numbers")

sys.exit(kftest.finish())
