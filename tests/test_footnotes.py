#!/usr/bin/python3
"""test_footnotes.py: every footnote marker on a sheet has its source in
that sheet's footer, and every sheet but the cover has the footer, read
back from the PDF page by page (pikepdf for the markers' links and the
destinations, pdftotext for the footer's text).

A marker (¹ after a tile's label, a chart's or a table's title) is a link
to the destination "p<sheet>-s<n>" of its source's line "n. Title..." in
the footer.  For every report of figures/ and tests/data/ (covers,
appendices, continuation sheets), in every page but the cover:
- every marker links to a destination on its own page, and the page's
  text has the footer line "n. " its name says;
- the footer is there: the organisation and date line and "k / N" (on
  the contents' own sheets after the cover too).

A marker stands the same way wherever it is: 2 pt after a tile's label,
a chart's title or a chart's headline label, and 3 pt after an ordinal's
superscript letters ("ranked 2nd" then the marker), which it would
otherwise nearly touch, reading "2nd1".

Prints "N passed, M failed" and exits non-zero on failure.
"""
import glob
import os
import re
import sys

import kftest
from kftest import SOURCE_DIR, check

kftest.need_modules("pikepdf")
import pikepdf  # noqa: E402


def destinations(doc):
    """name -> page index, from the /Dests name tree."""
    pages = {p.objgen: i for i, p in enumerate(doc.pages)}
    out = {}
    def walk(node):
        names = node.get("/Names")
        if names is not None:
            for k in range(0, len(names), 2):
                d = names[k + 1]
                if isinstance(d, pikepdf.Dictionary):
                    d = d.D
                out[str(names[k])] = pages.get(d[0].objgen)
        for kid in node.get("/Kids") or []:
            walk(kid)
    tree = doc.Root.get("/Names")
    if tree is not None and "/Dests" in tree:
        walk(tree.Dests)
    return out


def check_pdf(pdf, tag, cover):
    with pikepdf.open(pdf) as doc:
        dests = destinations(doc)
        for i, page in enumerate(doc.pages):
            text = kftest.pdf_text(pdf, i + 1, layout=True)
            lines = [l.strip().replace("\u00a0", " ") for l in text.splitlines()]
            if cover and i == 0:
                continue
            n = len(doc.pages)
            # The footer's last line, in the page's bottom 45 pt: the
            # organisation and date at the left, "k / N" at the right.
            box = [float(v) for v in page.mediabox]
            w, h = box[2] - box[0], box[3] - box[1]
            foot = kftest.pdf_text(pdf, i + 1, options=(
                "-x", "0", "-y", str(int(h - 45)), "-W", str(int(w)), "-H", "45"))
            foot = " ".join(foot.split())
            check(re.search(r"\b%d ?/ ?%d\b" % (i + 1, n), foot) is not None and
                  re.search(r"15 janvier 2025|15 January 2025|January 15, 2025",
                            foot) is not None,
                  "%s page %d: the footer (date, page number)" % (tag, i + 1),
                  repr(foot))
            for a in page.obj.get("/Annots") or []:
                name = a.get("/Dest")
                if name is None or not re.fullmatch(r"p\d+-s\d+", str(name)):
                    continue
                name = str(name)
                number = int(name.split("-s")[1])
                check(dests.get(name) == i,
                      "%s page %d: marker %d's source is in this page's "
                      "footer (%s)" % (tag, i + 1, number, name),
                      "it is on page %s" % (None if dests.get(name) is None
                                            else dests[name] + 1))
                check(any(l.startswith("%d. " % number) for l in lines),
                      "%s page %d: the footer reads '%d. ...'" % (tag, i + 1,
                                                                  number))


LONG = """\
format: 1
report:
  title: Long contents
  organisation: EPA
  date: 2025-01-15
  cover: true
sources:
  - { id: s, title: Source A, date: 2024 }
metrics:
  - { id: a, label: laboratoires, value: 275, source: s }
pages:
"""


MARKERS = """\
format: 1
report:
  title: Markers
  organisation: EPA
  date: 2025-01-15
  locale: %s
sources:
  - { id: s, title: Source A, date: 2024 }
metrics:
  - { id: labs, label: %s, value: 320, source: s }
  - { id: rank, label: %s, value: 41, unit: "%%", source: s }
series:
  - { id: t, title: %s, points: [{ label: A, value: 3 }], source: s }
  - { id: u, title: %s, points: [{ label: A, value: 3 }], source: s }
pages:
  - title: Markers
    blocks:
      - kpis: [labs, rank]
      - row:
        - chart: { type: bar, series: t }
        - chart: { type: bar, series: u }
        - chart: { type: progress, metric: rank }
"""


def marker_gaps(pdf):
    """(the glyph before, the gap in points) of every footnote marker (a
    digit of 7 pt) of the PDF's first page, in reading order."""
    from pdfminer.high_level import extract_pages
    page = next(iter(extract_pages(pdf)))
    chars = kftest.glyphs(page)
    return [(chars[i - 1].get_text(), c.x0 - chars[i - 1].x1)
            for i, c in enumerate(chars)
            if i and c.get_text().isdigit() and abs(c.size - 7) < 0.3]


def check_marker_spacing(tmp):
    kftest.need_modules("pdfminer")
    for locale, plain, ordinal in (("en-GB", "laboratories", "ranked 2nd"),
                                   ("fr-FR", "laboratoires", "classé 2e")):
        words = ordinal.split()
        # The progress chart's headline label is the metric's ("ranked 2nd").
        report = MARKERS % (locale, plain, ordinal, plain.capitalize(),
                            ordinal.capitalize())
        path = kftest.write(os.path.join(tmp, "markers-%s.yaml" % locale), report)
        p = kftest.keyfig("build", path, "-o", tmp, "-f", "pdf")
        if not check(p.returncode == 0, "%s: the markers report builds" % locale,
                     p.stderr):
            continue
        gaps = marker_gaps(os.path.join(tmp, "markers-%s.pdf" % locale))
        suffix = words[-1][-1]
        after_word = [g for ch, g in gaps if ch != suffix]
        after_ordinal = [g for ch, g in gaps if ch == suffix]
        check(len(after_word) == 2 and len(after_ordinal) == 3,
              "%s: a marker after each label and title" % locale, repr(gaps))
        check(all(abs(g - after_word[0]) < 0.15 for g in after_word) and
              all(1.8 <= g <= 2.4 for g in after_word),
              "%s: a marker stands 2 pt after a tile's label as after a "
              "chart's title" % locale, repr(gaps))
        check(all(g >= 2.8 for g in after_ordinal) and
              all(abs(g - after_ordinal[0]) < 0.15 for g in after_ordinal),
              "%s: a marker stands clear of an ordinal's superscript "
              "('%s' then the marker)" % (locale, words[-1]), repr(gaps))


def main():
    kftest.need_programs("pdftotext")
    reports = sorted(glob.glob(os.path.join(SOURCE_DIR, "figures", "*.yaml")) +
                     glob.glob(os.path.join(SOURCE_DIR, "tests", "data", "*.yaml")))
    with kftest.temp_dir() as tmp:
        # A cover whose contents go on to sheets of their own: those have
        # the footer too.
        long_report = os.path.join(tmp, "long-contents.yaml")
        with open(long_report, "w", encoding="utf-8") as f:
            f.write(LONG)
            for k in range(45):  # 47 sheets: a report takes 50 at most
                f.write("  - title: Page %d\n    blocks:\n      - kpis: [a]\n" % (k + 1))
        reports.append(long_report)
        check_marker_spacing(tmp)
        for path in reports:
            out = os.path.join(tmp, "out-" + os.path.basename(path))
            os.makedirs(out)
            p = kftest.keyfig("build", path, "-o", out, "-f", "pdf", cwd=SOURCE_DIR)
            if not check(p.returncode == 0, "%s builds" % path, p.stderr):
                continue
            with open(path, encoding="utf-8") as f:
                cover = re.search(r"^\s*cover:\s*true", f.read(), re.M) is not None
            for pdf in sorted(glob.glob(os.path.join(out, "*.pdf"))):
                check_pdf(pdf, os.path.basename(pdf), cover)
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
