#!/usr/bin/python3
"""test_hero.py: a `hero: ID` block makes one figure the page's headline,
read back from the PDF (pdfminer's glyphs and their sizes):

- on a square social card, the hero's figure is set far larger than a
  tile's 26 pt (over 100 pt: its column is 155 mm wide), its label larger
  than a tile's 10 pt, all on the one sheet, no glyph over another or off
  the sheet, the PDF's text reading the figure then its label;
- on an A4 fact sheet, a hero above a row of tiles is larger than them
  (40 pt at least), and the tiles keep their 26 pt;
- heroes side by side in a row share one size, the smallest their cells
  allow ("125,9 Pflop/s" sets it), and a hero beside a text stays in its
  column: none of its glyphs reaches the text's;
- a hero in a narrow cell is never wider than its tile (its figure's
  glyphs end left of the next column).

Prints "N passed, M failed".
"""
import os
import sys

import kftest
from kftest import check

kftest.need_modules("pdfminer.high_level")
from pdfminer.high_level import extract_pages  # noqa: E402

HEAD = """\
format: 1
report:
  title: Paris-Saclay et l'IA
  organisation: EPA Paris-Saclay
  date: 2025-01-15
  paper: %s
sources:
  - { id: kit, title: Dossier de presse, date: 2025-01 }
metrics:
  - { id: stars, label: des 200 stars de l'IA en France viennent de Paris-Saclay, value: 41, unit: "%%", source: kit }
  - { id: jean-zay, label: puissance du supercalculateur Jean Zay, value: 125.9, unit: Pflop/s, decimals: 1, source: kit }
  - { id: labs, label: laboratoires publics, value: 320, qualifier: more_than, source: kit }
  - { id: funds, label: d'investissements levés, value: 30000000, unit: EUR, display: compact, source: kit }
pages:
"""

CARD = HEAD % "square" + """\
  - title: Le chiffre du jour
    blocks:
      - hero: stars
      - text: Le premier pôle français de l'intelligence artificielle !
"""

SHEET = HEAD % "A4" + """\
  - title: L'essentiel
    blocks:
      - hero: stars
      - kpis: [jean-zay, labs, funds]
  - title: Côte à côte
    blocks:
      - row:
        - hero: labs
        - hero: funds
        - hero: jean-zay
      - row:
        - hero: stars
        - text: Paris-Saclay pèse 21 % de la recherche nationale et se présente comme un écosystème d'open innovation unique en Europe.
          width: 2
"""


def build(tmp, name, text):
    path = kftest.write(os.path.join(tmp, name + ".yaml"), text)
    p = kftest.keyfig("build", path, "-o", tmp, "-f", "pdf")
    check(p.returncode == 0 and "sheets" not in p.stderr,
          "%s builds, each page on one sheet" % name, p.stderr)
    pdf = os.path.join(tmp, name + ".pdf")
    return list(extract_pages(pdf)) if p.returncode == 0 else []


def figure(chars, digits):
    """The glyphs of the first run of `digits` among `chars` set at one
    size, e.g. "41"."""
    texts = [c.get_text() for c in chars]
    for i in range(len(chars) - len(digits) + 1):
        run = chars[i:i + len(digits)]
        if "".join(texts[i:i + len(digits)]) == digits and \
                max(c.size for c in run) - min(c.size for c in run) < 0.1:
            return run
    return []


def main():
    with kftest.temp_dir() as tmp:
        pages = build(tmp, "card", CARD)
        if pages:
            check(len(pages) == 1, "the card is one sheet", repr(len(pages)))
            kftest.check_glyphs(pages[0], "the card")
            chars = kftest.glyphs(pages[0])
            big = figure(chars, "41")
            check(big and big[0].size > 100,
                  "the card's hero figure is over 100 pt",
                  repr(big and big[0].size))
            label = figure(chars, "stars")
            check(label and 14 <= label[0].size <= 20,
                  "the hero's label is larger than a tile's 10 pt",
                  repr(label and label[0].size))
            text = " ".join(kftest.pdf_text(os.path.join(tmp, "card.pdf"))
                            .split())
            check("41 % des 200 stars" in text.replace(kftest.NNBSP, " "),
                  "the PDF's text reads the figure, then its label", text)

        pages = build(tmp, "sheet", SHEET)
        if len(pages) == 2:
            for n, page in enumerate(pages, 1):
                kftest.check_glyphs(page, "sheet %d" % n)
            chars = kftest.glyphs(pages[0])
            hero = figure(chars, "41")
            tiles = [figure(chars, d) for d in ("125", "320", "30")]
            check(hero and hero[0].size >= 40,
                  "an A4 hero's figure is 40 pt at least",
                  repr(hero and hero[0].size))
            check(all(t and abs(t[0].size - 26) < 0.1 for t in tiles),
                  "the tiles under a hero keep their 26 pt",
                  repr([t and t[0].size for t in tiles]))

            chars = kftest.glyphs(pages[1])
            row = [figure(chars, d) for d in ("320", "30", "125")]
            sizes = [r and r[0].size for r in row]
            check(all(row) and max(sizes) - min(sizes) < 0.1 and
                  sizes[0] > 26,
                  "heroes of one row share one size, larger than a tile's",
                  repr(sizes))
            # Each figure ends inside its third of the row (A4: 515 pt
            # from x 40, 16 pt between columns).
            col = (515 - 2 * 16) / 3
            for k, r in enumerate(row):
                right = 40 + (k + 1) * col + k * 16
                check(r and max(c.x1 for c in r) <= right,
                      "hero %d's figure stays in its column" % (k + 1),
                      repr(r and (max(c.x1 for c in r), right)))
            beside = figure(chars, "41")
            # The text block's glyphs (10.5 pt: the header's are 13, the
            # footer's 7.5).
            words = [c for c in chars if abs(c.size - 10.5) < 0.1]
            check(beside and words and
                  max(c.x1 for c in beside) < min(c.x0 for c in words),
                  "a hero beside a text ends left of the text",
                  repr(beside and words and (max(c.x1 for c in beside),
                                             min(c.x0 for c in words))))
            check(beside and 40 <= beside[0].size < hero[0].size,
                  "a hero in a third of the page is smaller than one "
                  "across it, and 40 pt at least",
                  repr(beside and beside[0].size))
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
