"""Checks the PDF, PNG and SVG outputs of the example reports with tools
keyfig did not write: pdfinfo, pdffonts, pdftotext, qpdf, pdfminer."""
import os
import re
import struct
import sys

import kftest
from kftest import SOURCE_DIR, check

NNBSP, NBSP = "\u202f", "\u00a0"


def build(report, outdir, *extra):
    r = kftest.keyfig("build", os.path.join(SOURCE_DIR, "figures", report), "-o", outdir, *extra)
    check(r.returncode == 0, f"build {report} exits 0 (got {r.returncode}: {r.stderr})")
    return r


def pdfinfo(path):
    out = kftest.run("pdfinfo", path).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def pdfminer_text(pdf):
    from pdfminer.high_level import extract_text
    return extract_text(pdf)


with kftest.temp_dir() as tmp:
    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    build("paris-saclay.yaml", a)
    pdf = os.path.join(a, "paris-saclay.pdf")

    # The document: page count, size, metadata.
    info = pdfinfo(pdf)
    check(info.get("Pages", "").strip() == "2", f"2 pages, got {info.get('Pages')}")
    check("595.276 x 841.89" in info.get("Page size", ""), "A4 pages")
    check(info.get("Title", "").strip() == "Paris-Saclay et l'IA", "title metadata")
    check(info.get("Author", "").strip() == "EPA Paris-Saclay", "author metadata")
    check(info.get("Creator", "").strip().startswith("keyfig "), "creator metadata")
    check("2025" in info.get("CreationDate", ""), "creation date from the report")
    check(kftest.run("qpdf", "--check", pdf).returncode == 0, "qpdf --check passes")
    check(info.get("Tagged", "").strip() == "yes", "the PDF is tagged")
    check("Chiffres clés" in info.get("Keywords", ""), "keywords name the pages")
    # Bookmarks: one per page, one per chart under it.
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdfdocument import PDFDocument
    with open(pdf, "rb") as f:
        doc = PDFDocument(PDFParser(f))
        outline = [(level, title) for level, title, *_ in doc.get_outlines()]
    check(outline[:2] == [(1, "Chiffres clés"), (2, "Temps de trajet depuis le campus avec la ligne 18")],
          f"outline starts with the page and its first chart: {outline[:2]}")
    check(len([o for o in outline if o[0] == 1]) == 2 and len(outline) == 6,
          f"2 pages and 4 charts in the outline: {outline}")

    # Fonts: embedded and subset, and only Inter.
    rows = kftest.run("pdffonts", pdf).stdout.splitlines()[2:]
    check(len(rows) > 0, "the PDF has fonts")
    for row in rows:
        cols = row.split()
        check("Inter" in cols[0], f"only Inter is used: {cols[0]}")
        # columns: name type [encoding...] emb sub uni object ID
        check(cols[-5] == "yes" and cols[-4] == "yes", f"font embedded and subset: {row}")

    # The French figures, with their exact code points, from two extractors.
    expected_fr = [
        "21" + NNBSP + "%", "125,9" + NBSP + "Pflop/s", "1" + NBSP + "million",
        "30" + NBSP + "M€", "21,5" + NNBSP + "%", "2" + NNBSP + "500",
        "1" + NNBSP + "000" + NNBSP + "000", "40" + NNBSP + "%", "(25" + NNBSP + "%)",
        "15 janvier 2025", "Sources" + NBSP + ":",
    ]
    # pdfminer keeps every code point; poppler's pdftotext prints U+00A0
    # and U+202F as plain spaces, so it is held to the figures with those
    # folded, as a second opinion.
    def fold(t):
        return t.replace(NNBSP, " ").replace(NBSP, " ")
    for name, text in (("pdftotext", kftest.pdf_text(pdf)), ("pdfminer", pdfminer_text(pdf))):
        for s in expected_fr:
            if name == "pdftotext":
                check(fold(s) in text, f"{name} finds {fold(s)!r}")
            else:
                check(s in text, f"{name} finds {s!r}")
        # A legend's value and its share stand in two columns, so the
        # extractors put one space or more between them.
        legend = "20 +\\(25" + NNBSP + "%\\)"
        check(re.search(legend if name == "pdfminer" else fold(legend), text),
              f"{name} finds the legend's '20' then '(25 %)'")
        check("\ufb01" not in text and "\ufb02" not in text, f"{name}: no ligature code points")
        check("Paris-Saclay" in text, f"{name}: names keep their hyphen")

    # PNGs: one per page at 150 dpi by default.
    for n in (1, 2):
        png = os.path.join(a, f"paris-saclay-{n}.png")
        check(os.path.exists(png) and png_size(png) == (1240, 1754), f"page {n} PNG is 1240x1754")

    # Determinism: a second build gives the same bytes.
    build("paris-saclay.yaml", b)
    for name in sorted(os.listdir(a)):
        with open(os.path.join(a, name), "rb") as fa, open(os.path.join(b, name), "rb") as fb:
            check(fa.read() == fb.read(), f"{name} is byte-identical across builds")
    check(not [n for n in os.listdir(a) if ".tmp" in n or "XXXX" in n], "no temporary file left")

    # Editions: one bilingual file gives a French and an English PDF, each
    # with its texts, its number and date formats and its fixed words.
    ed = os.path.join(tmp, "editions")
    build("paris-saclay-bilingual.yaml", ed)
    stem = os.path.join(ed, "paris-saclay-bilingual")
    want_files = sorted(f"paris-saclay-bilingual.{lang}{suffix}" for lang in ("fr", "en")
                        for suffix in (".pdf", ".xlsx", "-1.png", "-2.png"))
    check(sorted(os.listdir(ed)) == want_files, f"one set of files per edition: {sorted(os.listdir(ed))}")
    # Labels wrap: compare with the line breaks (and the space the text
    # layer keeps where a line wrapped) folded into one space.
    fr = re.sub(r" *\n *", " ", pdfminer_text(stem + ".fr.pdf"))
    en = re.sub(r" *\n *", " ", pdfminer_text(stem + ".en.pdf"))
    for s in ["21" + NNBSP + "%", "125,9" + NBSP + "Pflop/s", "1" + NBSP + "million", "30" + NBSP + "M€",
              "2" + NNBSP + "500", "21,5" + NNBSP + "%", "15 janvier 2025", "Sources" + NBSP + ":",
              "Paris-Saclay et l'IA", "de la recherche nationale", "Gare TGV de Massy"]:
        check(s in fr, f"French edition shows {s!r}")
    for s in ["21%", "125.9" + NBSP + "Pflop/s", "1" + NBSP + "million", "€30M", "2,500", "21.5%",
              "15 January 2025", "Sources:", "Paris-Saclay and AI", "of France's national research",
              "Massy TGV station"]:
        check(s in en, f"English edition shows {s!r}")
    for s in ["recherche nationale", "janvier", "Gare TGV"]:
        check(s not in en, f"English edition has no French text {s!r}")
    check(pdfinfo(stem + ".en.pdf").get("Title", "").strip() == "Paris-Saclay and AI",
          "English edition's title in its metadata")

    # --lang builds only the editions asked for, still named after them.
    one = os.path.join(tmp, "one")
    build("paris-saclay-bilingual.yaml", one, "--lang", "en", "-f", "pdf")
    check(os.listdir(one) == ["paris-saclay-bilingual.en.pdf"], f"--lang en: {os.listdir(one)}")

    # en-US chosen in report.locales.
    us_dir = os.path.join(tmp, "us")
    us = os.path.join(tmp, "us.yaml")
    with open(os.path.join(SOURCE_DIR, "figures", "paris-saclay-bilingual.yaml"), encoding="utf-8") as f:
        doc = f.read().replace("  languages: [fr, en]\n", "  languages: [fr, en]\n  locales: { en: en-US }\n")
    with open(us, "w", encoding="utf-8") as f:
        f.write(doc)
    r = kftest.keyfig("build", us, "-o", us_dir, "-f", "pdf", "--lang", "en")
    check(r.returncode == 0, f"en-US edition builds ({r.stderr})")
    if r.returncode == 0:
        check("January 15, 2025" in pdfminer_text(os.path.join(us_dir, "us.en.pdf")),
              "report.locales en: en-US gives US dates")

    # --dpi and SVG.
    hi = os.path.join(tmp, "hi")
    build("paris-saclay.yaml", hi, "-f", "png,svg", "--dpi", "300")
    check(png_size(os.path.join(hi, "paris-saclay-1.png")) == (2480, 3508), "A4 at 300 dpi is 2480x3508")
    with open(os.path.join(hi, "paris-saclay-2.svg"), encoding="utf-8") as f:
        check(f.read(200).lstrip().startswith("<?xml") , "SVG page written")
    # An SVG page has the same bytes whatever else the build wrote before
    # or beside it (cairo numbers its ids process-wide).
    alone = os.path.join(tmp, "svg-alone")
    build("paris-saclay.yaml", alone, "-f", "svg")
    for n in (1, 2):
        with open(os.path.join(hi, f"paris-saclay-{n}.svg"), "rb") as fa, \
             open(os.path.join(alone, f"paris-saclay-{n}.svg"), "rb") as fb:
            check(fa.read() == fb.read(), f"SVG page {n} is the same built alone or with the PNGs")

    # A failed build leaves nothing behind and replaces nothing.
    bad = os.path.join(tmp, "bad.yaml")
    with open(bad, "w") as f:
        f.write("format: 1\nreport:\n  title: x\nmetrics:\n  - { id: a, label: b, value: nope }\n")
    r = kftest.keyfig("build", bad, "-o", a)
    check(r.returncode == 1, f"invalid report exits 1 (got {r.returncode})")
    check(not os.path.exists(os.path.join(a, "bad.pdf")), "no output for an invalid report")
    blocker = os.path.join(tmp, "file")
    open(blocker, "w").close()
    r = kftest.keyfig("build", os.path.join(SOURCE_DIR, "figures", "paris-saclay.yaml"), "-o", blocker)
    check(r.returncode == 3, f"unwritable output directory exits 3 (got {r.returncode})")
    r = kftest.keyfig("build", os.path.join(SOURCE_DIR, "figures", "paris-saclay.yaml"), "-o", "/dev/full/x")
    check(r.returncode == 3, f"impossible output directory exits 3 (got {r.returncode})")

sys.exit(kftest.finish())
