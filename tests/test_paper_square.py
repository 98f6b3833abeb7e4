#!/usr/bin/env python3
"""test_paper_square: `paper: square`, a social-media card.

A card for a social network is square: 1080 x 1080 pixels.  `paper:
square` gives a page of 518.4 x 518.4 pt (183 mm), so that the PNG at the
default 150 dpi is exactly 1080 x 1080; the PDF has that page size; nothing
is drawn off it or over another text; the workbook prints on A4 (a French
edition) or Letter (en-US), as for a screen page.
"""
import os
import struct
import sys
import zipfile

import kftest
from kftest import check

kftest.need_programs("pdfinfo")
kftest.need_modules("pdfminer.high_level")
from pdfminer.high_level import extract_pages  # noqa: E402

CARD = """\
format: 1
report:
  title: Paris-Saclay et l'IA
  organisation: EPA Paris-Saclay
  date: 2025-01-15
  locale: LOCALE
  paper: square
sources:
  - { id: press-kit, title: Paris-Saclay et l'IA — Dossier de presse, date: 2025-01 }
metrics:
  - id: ai-stars-share
    label: des 200 stars de l'IA en France viennent de Paris-Saclay
    value: 41
    unit: "%"
    source: press-kit
pages:
  - title: Le chiffre du jour
    blocks:
      - chart: { type: waffle, metric: ai-stars-share }
      - text: "Paris-Saclay, premier pôle français de l'intelligence artificielle !"
"""


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


def xlsx_paper(path):
    """The paperSize of the workbook's first sheet ("9" A4, "1" Letter)."""
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    mark = 'paperSize="'
    at = xml.find(mark)
    return xml[at + len(mark):xml.index('"', at + len(mark))] if at >= 0 else None


def main():
    with kftest.temp_dir() as tmp:
        for locale, paper_code in (("fr-FR", "9"), ("en-US", "1")):
            report = kftest.write(os.path.join(tmp, locale, "card.yaml"),
                                  CARD.replace("LOCALE", locale))
            out = os.path.join(tmp, locale, "out")
            proc = kftest.keyfig("build", report, "-o", out)
            if not check(proc.returncode == 0, "%s: the card builds" % locale,
                         proc.stderr):
                continue
            pdf = os.path.join(out, "card.pdf")
            info = kftest.run("pdfinfo", pdf).stdout
            check("Page size:       518.4 x 518.4 pts" in info,
                  "%s: the PDF page is 518.4 pt square" % locale, info)
            check(kftest.pdf_page_count(pdf) == 1,
                  "%s: the card is one sheet" % locale)
            size = png_size(os.path.join(out, "card-1.png"))
            check(size == (1080, 1080),
                  "%s: the PNG is 1080 x 1080 at 150 dpi" % locale, str(size))
            for n, page in enumerate(extract_pages(pdf), 1):
                kftest.check_glyphs(page, "%s sheet %d" % (locale, n))
            got = xlsx_paper(os.path.join(out, "card.xlsx"))
            check(got == paper_code, "%s: the workbook prints on paper %s"
                  % (locale, paper_code), "paperSize %r" % got)
        bad = kftest.write(os.path.join(tmp, "bad.yaml"),
                           CARD.replace("LOCALE", "fr-FR")
                           .replace("paper: square", "paper: 1080x1080"))
        proc = kftest.keyfig("check", bad)
        check(proc.returncode == 1 and "square" in proc.stderr,
              "a paper keyfig does not know lists square among the papers",
              proc.stderr)
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
