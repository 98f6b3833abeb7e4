#!/usr/bin/python3
"""test_change.py: one definition of a change, read back from the PDF and
the workbook with tools keyfig did not write them with (pdftotext,
openpyxl, the sheet XML).

- The tile states the absolute difference by default ("▲ +70"), points for
  a percentage ("▲ +1,2 pt"), a ratio only with `trend: relative`
  ("▲ +5,9 %"); a change across 0 stays absolute ("▼ -62", it was
  "▼ -517 %"); a change that rounds to 0 reads "= 0".
- The "vs" part is short ("vs déc. 2023", en "vs Dec 2023") and never cut:
  in a narrow tile it goes whole to a line of its own.
- The workbook's change column holds the same number the tile prints (the
  formula's cached result), under a number format that shows it as the
  tile does (rendered by test_xlsx.render, Excel's grammar written again).

Prints "N passed, M failed" and exits non-zero on failure.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

import kftest
from kftest import check

kftest.need_modules("openpyxl", "test_xlsx")
import openpyxl  # noqa: E402
from test_xlsx import render, split_sections  # noqa: E402


REPORT = """\
format: 1
report:
  title: Changes
  date: 2024-12-31
  locale: LOCALE
sources:
  - { id: s, title: Source A, date: 2024 }
metrics:
  - { id: members, label: members, value: 1250, previous: 1180, previous_as_of: 2023-12-31, source: s }
  - { id: share, label: women, value: 21.5, unit: "%", decimals: 1, previous: 20.3, previous_as_of: 2023, source: s }
  - { id: rel, label: budget, value: 1250, previous: 1180, trend: relative, previous_as_of: 2023-06-15, source: s }
  - { id: neg, label: balance, value: -50, previous: 12, previous_as_of: 2023, source: s }
  - { id: zero, label: new, value: 12, previous: 0, previous_as_of: 2023-12, source: s }
  - { id: flat, label: flat, value: 7.001, decimals: 0, previous: 7, source: s }
  - { id: wide, label: wide, value: 1234567, previous: 1234, previous_as_of: 2023-09-15, source: s }
pages:
  - title: Page
    blocks:
      - kpis: [members, share, rel, neg, zero, flat]
      - row:
          - kpis: [wide]
          - text: one
          - text: two
          - text: three
"""

MINUS = "[-\u2212]"  # U+2212 on the page is i15b's typesetting
# What each tile prints, and the workbook cell shows, per edition.
WANT = {
    "fr-FR": {
        "members": ("▲ +70 vs déc. 2023", "+70"),
        "share": ("▲ +1,2 pt vs 2023", "+1,2 pt"),
        "rel": ("▲ +5,9 % vs 15 juin 2023", "+5,9 %"),
        "neg": ("▼ -62 vs 2023", "-62"),
        "zero": ("▲ +12 vs déc. 2023", "+12"),
        "flat": ("= 0", "0"),
    },
    "en-GB": {
        "members": ("▲ +70 vs Dec 2023", "+70"),
        "share": ("▲ +1.2 pts vs 2023", "+1.2 pts"),  # en: 1.2 is plural
        "rel": ("▲ +5.9% vs 15 Jun 2023", "+5.9%"),
        "neg": ("▼ -62 vs 2023", "-62"),
        "zero": ("▲ +12 vs Dec 2023", "+12"),
        "flat": ("= 0", "0"),
    },
}
WIDE = {"fr-FR": ("▲ +1 233 333", "vs 15 sept. 2023"),
        "en-GB": ("▲ +1,233,333", "vs 15 Sept 2023")}
# Rounded as the tile rounds, so the cell holds the number the tile prints
# and its sign section agrees with the tile's arrow.
FORMULA = {"members": "=ROUND(C{r}-G{r},0)", "share": "=ROUND((C{r}-G{r})*100,1)",
           "rel": "=ROUND((C{r}-G{r})/ABS(G{r}),3)", "neg": "=ROUND(C{r}-G{r},0)",
           "flat": "=ROUND(C{r}-G{r},0)"}
CACHED = {"members": 70, "share": 1.2, "rel": 0.059, "neg": -62,
          "zero": 12, "flat": 0}
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def plain(s):
    return s.replace("\u00a0", " ").replace("\u202f", " ")


def pattern(text):
    # pdftotext finds the space after "=" only from the gap: either way.
    return (re.escape(text).replace("\\-", MINUS).replace("\\ ", " ")
            .replace("= ", "= ?"))


def run(tmp, locale):
    path = os.path.join(tmp, "changes-%s.yaml" % locale)
    with open(path, "w", encoding="utf-8") as f:
        f.write(REPORT.replace("LOCALE", locale))
    out = os.path.join(tmp, locale)
    os.makedirs(out)
    p = kftest.keyfig("build", path, "-o", out, "-f", "pdf,xlsx")
    if not check(p.returncode == 0, "%s: builds" % locale, p.stderr):
        return
    stem = os.path.join(out, "changes-%s" % locale)
    text = plain(kftest.pdf_text(stem + ".pdf"))
    lines = [l.strip() for l in text.splitlines()]
    for mid, (tile, _) in WANT[locale].items():
        check(any(re.fullmatch(pattern(tile), l) for l in lines),
              "%s: %s's tile reads %r" % (locale, mid, tile), repr(lines))
    check(not any("…" in l for l in lines), "%s: no text is cut" % locale)
    # The narrow tile: the change, then the whole period on its own line.
    change, period = WIDE[locale]
    at = [i for i, l in enumerate(lines) if re.fullmatch(pattern(change), l)]
    check(at and lines[at[0] + 1] == period,
          "%s: a narrow tile puts %r whole under %r" % (locale, period, change),
          repr(lines))

    wb = openpyxl.load_workbook(stem + ".xlsx")
    ws = wb.worksheets[0]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    zf = zipfile.ZipFile(stem + ".xlsx")
    sheet = ET.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    for mid, (_, cell) in WANT[locale].items():
        r = rows[mid]
        c = ws.cell(row=r, column=8)
        if mid in FORMULA:
            check(c.value == FORMULA[mid].format(r=r),
                  "%s: %s change formula" % (locale, mid), repr(c.value))
        v = sheet.find(".//m:c[@r='H%d']/m:v" % r, NS)
        cached = float(v.text) if v is not None else None
        check(cached is not None and abs(cached - CACHED[mid]) < 1e-9,
              "%s: %s change is the tile's number" % (locale, mid),
              repr(cached))
        if cached is not None:
            fmt = c.number_format
            sections = split_sections(fmt)
            if cached == 0 and len(sections) == 3:
                fmt = sections[2]  # Excel's zero section (render has none)
            shown = plain(render(fmt, cached, locale))
            check(shown == cell, "%s: %s change cell shows %r" % (locale, mid, cell),
                  "%r shows %r" % (c.number_format, shown))


def main():
    kftest.need_programs("pdftotext")
    with kftest.temp_dir() as tmp:
        for locale in ("fr-FR", "en-GB"):
            run(tmp, locale)
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
