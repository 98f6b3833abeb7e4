#!/usr/bin/python3
"""Figures from a spreadsheet: figures/paris-saclay-csv.yaml takes its
metrics from figures/paris-saclay-metrics.csv (semicolons, decimal
commas, a label per language).  Both editions are built, and

- each PDF's text (pdftotext) carries every CSV value, formatted in the
  edition's locale, and every label of the edition's language;
- each workbook's key figures sheet (openpyxl) lists the CSV's rows in
  order, with the CSV's values as numbers;
- `--metrics OTHER.csv` (a comma-separated file in another folder) is
  read instead, and its values are the ones printed.

Run with Debian's /usr/bin/python3 (python3-openpyxl, poppler-utils).
Exits 77 when a tool is missing.  Prints "N passed, M failed".
"""
import csv
import os
import sys

import kftest
from kftest import SOURCE_DIR, check

kftest.need_modules("openpyxl")
kftest.need_programs("pdftotext")
import openpyxl  # noqa: E402

REPORT = os.path.join(SOURCE_DIR, "figures", "paris-saclay-csv.yaml")
CSV = os.path.join(SOURCE_DIR, "figures", "paris-saclay-metrics.csv")


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        sample = f.readline()
        f.seek(0)
        return list(csv.DictReader(f, delimiter=";" if sample.count(";") > sample.count(",") else ","))


def number(text):
    return float(text.replace(",", "."))


def pdf_text(path):
    # pdftotext prints U+00A0 and U+202F as spaces; fold the rest of the
    # white space too, as a tile breaks a label over lines.
    return " ".join(kftest.pdf_text(path, layout=True).split())


# The figures as each edition prints them (fr-FR, en-GB), for the rows of
# the example; checked against the CSV's values so a change of the CSV
# that the test does not follow fails here, not silently.
PRINTED = {
    "research-share": ("21", "21 %", "21%"),
    "research-jobs-idf": ("40", "40 %", "40%"),
    "jean-zay": ("125,9", "125,9 Pflop/s", "125.9 Pflop/s"),
    "ai-labs": ("42", "42", "42"),
    "public-labs": ("320", "320", "320"),
    "ai-stars-share": ("41", "41 %", "41%"),
    "patients-served": ("1000000", "1 million", "1 million"),
    "funds-raised": ("30000000", "30 M€", "€30M"),
    "servier-rnd": ("21,5", "21,5 %", "21.5%"),
    "ai-startups-jobs": ("2500", "2 500", "2,500"),
}


def build(report, outdir, *extra):
    r = kftest.keyfig("build", report, "-o", outdir, "-f", "pdf,xlsx", *extra)
    check(r.returncode == 0, f"keyfig build {os.path.basename(report)} {' '.join(extra)}: {r.stderr}")
    if r.returncode != 0:
        sys.exit(kftest.finish())
    return r


def check_edition(outdir, stem, lang, rows, printed):
    text = pdf_text(os.path.join(outdir, f"{stem}.{lang}.pdf"))
    for row in rows:
        want = printed[row["id"]][1 if lang == "fr" else 2]
        check(want in text, f"{lang} PDF prints {row['id']} as {want!r}")
        label = row["label." + lang]
        # A label may be broken over lines (with a hyphen): its first word
        # is enough to tell the edition's language.
        check(label.split()[0] in text, f"{lang} PDF has the label of {row['id']}: {label!r}")
    wb = openpyxl.load_workbook(os.path.join(outdir, f"{stem}.{lang}.xlsx"))
    ws = wb[wb.sheetnames[0]]
    got = list(ws.iter_rows(min_row=2, values_only=True))
    check(len(got) == len(rows), f"{lang} workbook: one row per CSV row ({len(got)})")
    for row, cells in zip(rows, got):
        value = number(row["value"])
        if row["unit"] == "%":
            value /= 100  # a percentage cell holds the fraction
        check(cells[0] == row["id"], f"{lang} workbook: {row['id']} in CSV order (got {cells[0]})")
        # The fr edition sets its texts by French rules ("200 stars" with
        # U+00A0): the label is the CSV's, its spaces aside.
        plain = cells[1].replace("\u00a0", " ").replace("\u202f", " ") if lang == "fr" else cells[1]
        check(plain == row["label." + lang], f"{lang} workbook: label of {row['id']}: {cells[1]!r}")
        check(isinstance(cells[2], (int, float)) and abs(cells[2] - value) < 1e-9,
              f"{lang} workbook: value of {row['id']} is {value} (got {cells[2]!r})")


rows = read_rows(CSV)
check([r["id"] for r in rows] == list(PRINTED), "the test knows every row of the example CSV")
for r in rows:
    check(PRINTED.get(r["id"], ("?",))[0] == r["value"], f"the CSV's value of {r['id']} is {r['value']}")

with kftest.temp_dir() as tmp:
    out = os.path.join(tmp, "out")
    os.mkdir(out)
    build(REPORT, out)
    for lang in ("fr", "en"):
        check_edition(out, "paris-saclay-csv", lang, rows, PRINTED)

    # --metrics: another file, comma-separated with quoted fields, one
    # value changed; it is read instead of the report's.
    other = os.path.join(tmp, "elsewhere", "figures.csv")
    os.mkdir(os.path.dirname(other))
    changed = [dict(r) for r in rows]
    for r in changed:
        # A comma file takes a decimal dot: "21,5" there would be refused.
        r["value"] = r["value"].replace(",", ".")
        if r["id"] == "jean-zay":
            r["value"] = "130.2"
        r["label.en"] = r["label.en"].replace("supercomputer", "supercomputer, \"Jean Zay\"")
    with open(other, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=",")
        w.writeheader()
        w.writerows(changed)
    printed = dict(PRINTED, **{"jean-zay": ("130.2", "130,2 Pflop/s", "130.2 Pflop/s")})
    out2 = os.path.join(tmp, "out2")
    os.mkdir(out2)
    build(REPORT, out2, "--metrics", other)
    for lang in ("fr", "en"):
        check_edition(out2, "paris-saclay-csv", lang, changed, printed)
    check("125" not in pdf_text(os.path.join(out2, "paris-saclay-csv.fr.pdf")),
          "with --metrics the report's CSV is not read")

sys.exit(kftest.finish())
