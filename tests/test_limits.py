"""The cap on sheets (KF_MAX_SHEETS, 50 an edition; docs/format.md,
"Limits"): a report that needs more is an error naming the report page
that goes past them, with a hint, before anything is written, and not
hundreds of pages (10 000 metrics in the default layout made 499).  A
report just under the cap still builds.  The inputs are generated here:
bench/limits.py measures what the largest ones cost."""
import os
import sys

import kftest
from kftest import check

kftest.need_programs("pdfinfo")

MAX_SHEETS = 50

HEAD = """format: 1
report:
  title: Limits
  date: 2026-12-03
  locale: en-GB
sources:
  - {id: s, title: A source, date: 2026-01}
"""


def metrics(n):
    return "metrics:\n" + "".join(
        "  - {id: m%d, label: figure %d of the report, value: %d, source: s}\n" %
        (i, i, i) for i in range(n))


def page(title, blocks):
    return "  - title: %s\n    blocks:\n" % title + "".join(
        "      - %s\n" % b for b in blocks)


def write(d, name, text):
    return kftest.write(os.path.join(d, name), text)


def built(out):
    return sorted(os.listdir(out)) if os.path.isdir(out) else []


with kftest.temp_dir() as tmp:
    # 10 000 metrics (the limit) in the default layout: refused at once,
    # at the top of the file, nothing written.
    r = write(tmp, "many.yaml", HEAD + metrics(10000))
    out = os.path.join(tmp, "out-many")
    p = kftest.keyfig("build", r, "-o", out)
    check(p.returncode == 1, "10000 metrics: exit %d" % p.returncode)
    check(p.stderr == (
        "%s:1:1: error: the default layout of 10000 metrics and 0 series "
        "takes more than 50 sheets, the most a report may take\n"
        "  hint: give the report 'pages' that show fewer of them (the "
        "workbook lists every metric and series all the same), or split it "
        "into several reports\n" % r), "10000 metrics: message\n" + p.stderr)
    check(built(out) == [], "10000 metrics: wrote %s" % built(out))

    # Just past the cap: found while the sheets are filled, and the
    # message says which tiles would start sheet 51.
    r = write(tmp, "past.yaml", HEAD + metrics(1300))
    p = kftest.keyfig("check", r)
    check(p.returncode == 1, "1300 metrics: exit %d" % p.returncode)
    want = ("%s:1:1: error: the default layout of 1300 metrics and 0 series "
            "takes more than 50 sheets, the most a report may take (sheet 51 "
            "would start with the tiles at line " % r)
    check(p.stderr.startswith(want), "1300 metrics: message\n" + p.stderr)

    # Under it: 1000 metrics build, on 50 sheets at most, with the usual
    # warning saying how many.
    r = write(tmp, "under.yaml", HEAD + metrics(1000))
    out = os.path.join(tmp, "out-under")
    p = kftest.keyfig("build", r, "-o", out, "-f", "pdf")
    check(p.returncode == 0, "1000 metrics: exit %d\n%s" %
          (p.returncode, p.stderr))
    check("warning: page 1 takes " in p.stderr,
          "1000 metrics: no warning about the sheets\n" + p.stderr)
    pages = kftest.pdf_page_count(os.path.join(out, "under.pdf"))
    check(30 < pages <= MAX_SHEETS, "1000 metrics: %s pages" % pages)

    # Explicit pages: the page that goes past the cap is named, at its
    # line.  Each page of 50 blocks of 8 tiles takes 17 sheets.
    blocks = ["kpis: [%s]" % ", ".join("m%d" % i for i in range(8))] * 50
    text = HEAD + metrics(8) + "pages:\n"
    lines = []
    for i in range(4):
        lines.append(text.count("\n") + 1)
        text += page("Page %d" % (i + 1), blocks)
    r = write(tmp, "pages.yaml", text)
    p = kftest.keyfig("check", r)
    check(p.returncode == 1, "4 long pages: exit %d" % p.returncode)
    want = ("%s:%d:5: error: page 3 takes the report past 50 sheets, "
            "the most a report may take (sheet 51 would start with " %
            (r, lines[2]))
    errors = [l for l in p.stderr.splitlines() if ": error: " in l]
    check(len(errors) == 1 and errors[0].startswith(want),
          "4 long pages: message\n" + p.stderr)
    check("  hint: shorten or remove blocks, or split the report into "
          "several reports" in p.stderr, "4 long pages: hint\n" + p.stderr)
    check("'Page 4'" not in p.stderr, "4 long pages: page 4 laid out")

    # 50 pages of one sheet build; with a cover they are 51 sheets.
    text = HEAD + metrics(1) + "pages:\n" + "".join(
        page("P%d" % i, ["kpis: [m0]"]) for i in range(MAX_SHEETS))
    r = write(tmp, "fifty.yaml", text)
    p = kftest.keyfig("check", r)
    check(p.returncode == 0, "50 pages: exit %d\n%s" % (p.returncode,
                                                         p.stderr))
    r = write(tmp, "cover.yaml", text.replace("  locale: en-GB\n",
                                              "  locale: en-GB\n  cover: true\n"))
    p = kftest.keyfig("check", r)
    check(p.returncode == 1 and
          "error: the cover and its contents take the report past 50 "
          "sheets, the most a report may take" in p.stderr,
          "50 pages and a cover: exit %d\n%s" % (p.returncode, p.stderr))

    # 51 pages: an error at load, at the 51st.
    text = HEAD + metrics(1) + "pages:\n" + "".join(
        page("P%d" % i, ["kpis: [m0]"]) for i in range(MAX_SHEETS + 1))
    r = write(tmp, "fiftyone.yaml", text)
    p = kftest.keyfig("check", r)
    line = text.count("\n") - 2
    check(p.returncode == 1 and p.stderr.startswith(
        "%s:%d:5: error: too many pages (51; the limit is 50)" % (r, line)),
        "51 pages: exit %d\n%s" % (p.returncode, p.stderr))

sys.exit(kftest.finish())
