"""Inputs an attacker would write, within the documented limits: web
addresses that try to end the PDF string they are copied into (from the
report file and from a batch's CSV fields); 1000 series of one title (their
sheet names took 18 s to make unique: bench/ times it, this checks the
names); one word of 65 000 letters in a text block, and one of 1000 (the
most a point's label holds) in a label of a 30-bar chart: their cost grew
as the square of their length (279 s; 18.5 s for 60 000 letters).
bench/limits.py times them, this checks that they build and how the word
is cut.  Checked with tools keyfig did not write: qpdf, pdfminer,
pdftotext, openpyxl."""
import os
import sys

import kftest
from kftest import check


def link_actions(pdf):
    """The action dictionary of every link annotation, in page order."""
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1
    out = []
    with open(pdf, "rb") as f:
        doc = PDFDocument(PDFParser(f))
        for page in PDFPage.create_pages(doc):
            for annot in resolve1(page.annots) or []:
                a = resolve1(resolve1(annot).get("A"))
                if a:
                    out.append({k: resolve1(v) for k, v in a.items()})
    return out


# An address that closes cairo's /URI (...) string and opens a JavaScript
# action, and one with every character a PDF string or RFC 3986 forbids.
JS = "https://example.org/)/S/JavaScript/JS(app.alert(1)"
ODD = 'https://example.org/a\\b<c>d"e%zz%41\u00e9`{|}^(x'
WANT = {
    JS: "https://example.org/%29/S/JavaScript/JS%28app.alert%281%29",
    ODD: "https://example.org/a%5Cb%3Cc%3Ed%22e%25zz%41%C3%A9%60%7B%7C%7D%5E%28x",
}


def yaml_quoted(s):
    return "'" + s.replace("'", "''") + "'"


def check_links(pdf, what):
    r = kftest.run("qpdf", "--check", pdf)
    check(r.returncode == 0, f"{what}: qpdf --check passes ({r.stdout[-300:]}{r.stderr})")
    actions = link_actions(pdf)
    uris = [a.get("URI") for a in actions]
    for url, want in WANT.items():
        check(want.encode() in uris, f"{what}: {url!r} links to {want!r} (links: {uris})")
    for a in actions:
        check(a.get("S").name == "URI" and set(a) <= {"S", "URI", "Type"},
              f"{what}: a link is a plain URI action, no JavaScript ({a})")

with kftest.temp_dir() as tmp:
    report = os.path.join(tmp, "links.yaml")
    with open(report, "w") as f:
        f.write(f"""format: 1
report:
  title: Links
  date: 2025-01-15
sources:
  - id: js
    title: An address that ends the PDF string
    url: {yaml_quoted(JS)}
  - id: odd
    title: Characters a URI does not allow
    url: {yaml_quoted(ODD)}
metrics:
  - {{ id: a, label: first, value: 1, source: js }}
  - {{ id: b, label: second, value: 2, source: odd }}
""")
    out = os.path.join(tmp, "out")
    r = kftest.keyfig("build", report, "-o", out, "-f", "pdf")
    check(r.returncode == 0, f"build exits 0 ({r.stderr})")
    check_links(os.path.join(out, "links.pdf"), "report file")

    # The same addresses from a batch's CSV fields.
    template = os.path.join(tmp, "tpl.yaml")
    with open(template, "w") as f:
        f.write("""format: 1
report:
  title: "{{name}}"
  date: 2025-01-15
sources:
  - { id: js, title: first, url: "{{js}}" }
  - { id: odd, title: second, url: "{{odd}}" }
metrics:
  - { id: a, label: first, value: 1, source: js }
  - { id: b, label: second, value: 2, source: odd }
""")
    csv = os.path.join(tmp, "rows.csv")
    with open(csv, "w") as f:
        q = lambda s: '"' + s.replace('"', '""') + '"'
        f.write(f"name,js,odd\nrow,{q(JS)},{q(ODD)}\n")
    r = kftest.keyfig("batch", template, csv, "-o", os.path.join(tmp, "batch"), "-f", "pdf")
    check(r.returncode == 0, f"batch exits 0 ({r.stderr})")
    check_links(os.path.join(tmp, "batch", "row.pdf"), "CSV fields")

    # 1000 series of one title: every sheet named, each name unique as
    # Excel compares them, the suffix counting up, the title cut to fit.
    many = os.path.join(tmp, "many.yaml")
    title = "Same title for every series"
    with open(many, "w") as f:
        f.write("format: 1\nreport: { title: Many, date: 2025-01-15 }\nseries:\n")
        for i in range(1000):
            f.write(f"  - {{ id: s{i}, title: {title}, points: [{{label: a, value: {i}}}] }}\n")
        # One chart on the page: 1000 charts are more than the 50 sheets
        # a report may take (test_limits); the workbook has every series.
        f.write("pages: [{ title: P, blocks: [{ chart: { type: bar, series: s0 } }] }]\n")
    r = kftest.keyfig("build", many, "-o", os.path.join(tmp, "many"), "-f", "xlsx")
    check(r.returncode == 0, f"1000 series build ({r.returncode})")
    import openpyxl
    wb = openpyxl.load_workbook(os.path.join(tmp, "many", "many.xlsx"), read_only=True)
    names = [n for n in wb.sheetnames if n.startswith("Same")]
    check(len(names) == 1000, f"1000 series sheets (got {len(names)})")
    check(len({n.casefold() for n in wb.sheetnames}) == len(wb.sheetnames), "sheet names unique")
    check(all(len(n) <= 31 for n in wb.sheetnames), "sheet names of at most 31 characters")
    check(names[:3] == [title, title + " (2)", title + " (3)"], f"first names {names[:3]}")
    check(names[-1] == "Same title for every ser (1000)", f"last name {names[-1]!r}")
    check(any(c.value == 999 for row in wb[names[-1]].iter_rows() for c in row),
          "the last sheet holds the last series")

    # One word longer than many lines: cut into lines that each end with
    # a hyphen (the last excepted; a soft hyphen, U+00AD, in the PDF's
    # text), nothing lost, in a text block (with a bold word around it)
    # and as a bar's label.
    word = "a" * 65000
    long_text = os.path.join(tmp, "long-word.yaml")
    with open(long_text, "w") as f:
        f.write(f"""format: 1
report: {{ title: Long word, date: 2025-01-15 }}
metrics:
  - {{ id: m, label: x, value: 1 }}
pages:
  - title: One word
    blocks:
      - text: "Before **{word[:500]}** {word} after."
""")
    r = kftest.keyfig("build", long_text, "-o", os.path.join(tmp, "long"), "-f", "pdf",
                      timeout=600)
    check(r.returncode == 0, f"65 000-letter word in a text builds ({r.returncode}, {r.stderr[-300:]})")
    text = kftest.pdf_text(os.path.join(tmp, "long", "long-word.pdf"), layout=True)
    rows = [l.strip() for l in text.split("\n")]
    lines = [l for l in rows if l and set(l) <= set("a\u00ad")]
    last = [l for l in rows if l.endswith(" after.")]
    check(len(lines) > 700, f"the words take their lines ({len(lines)})")
    plain = [i for i, l in enumerate(lines) if not l.endswith("\u00ad")]
    check(len(plain) == 1 and sum(len(l) - 1 for l in lines[:plain[0]]) +
          len(lines[plain[0]]) == 500,
          f"every line of the bold word but its last ends with a hyphen ({plain[:5]})")
    check(len(last) == 1 and set(last[0][:-len(" after.")]) == {"a"},
          f"the long word ends on the line of the text's last word ({last[:1]})")
    check(sum(len(l.rstrip("\u00ad")) for l in lines) + len(last[0]) - len(" after.") ==
          500 + 65000, "the cut words keep every letter")

    def label_chart(path, label):
        with open(path, "w") as f:
            f.write("""format: 1
report: { title: Long label, date: 2025-01-15 }
series:
  - id: s
    title: Thirty bars
    points:
""")
            f.write(f"      - {{ label: {label}, value: 1 }}\n")
            for i in range(29):
                f.write(f"      - {{ label: bar {i}, value: {i + 2} }}\n")
            f.write("pages:\n  - title: Chart\n    blocks:\n"
                    "      - chart: { type: bar, series: s }\n")

    # The longest label a workbook cell holds, in a 30-bar chart.
    # A point's label holds 1000 characters at most (docs/format.md,
    # "Limits": 30 labels of 32 767 letters took 2 s to lay out).
    long_chart = os.path.join(tmp, "long-label.yaml")
    label_chart(long_chart, "b" * 1000)
    r = kftest.keyfig("build", long_chart, "-o", os.path.join(tmp, "label"), "-f", "pdf,xlsx",
                      timeout=600)
    check(r.returncode == 0, f"1000-letter label in a 30-bar chart builds ({r.returncode}, {r.stderr[-300:]})")
    check(kftest.run("qpdf", "--check", os.path.join(tmp, "label", "long-label.pdf")).returncode == 0,
          "its PDF passes qpdf --check")
    wb = openpyxl.load_workbook(os.path.join(tmp, "label", "long-label.xlsx"), read_only=True)
    check(any(c.value == "b" * 1000 for ws in wb for row in ws.iter_rows() for c in row),
          "the workbook holds the whole label")
    label_chart(long_chart, "b" * 32767)
    out = os.path.join(tmp, "label-32767")
    r = kftest.keyfig("build", long_chart, "-o", out)
    check(r.returncode == 1 and
          f"{long_chart}:7:18: error: the label of point 1 of series 's' is 32767 characters "
          "long (the limit is 1000)\n" in r.stderr,
          f"a point's label of 32 767 letters fails at it ({r.returncode}, {r.stderr[:300]!r})")
    check(not os.path.exists(out) or not os.listdir(out), "and nothing is written")

    # One more (and an astral character counts two, as Excel counts it):
    # an error at the label, before any output; it used to fail the
    # workbook after the PDF was written.
    for label, units in (("b" * 32768, 32768), ("b" * 32766 + "\U0001F600", 32768)):
        label_chart(long_chart, label)
        out = os.path.join(tmp, f"label-{len(label)}")
        r = kftest.keyfig("build", long_chart, "-o", out)
        want = (f"{long_chart}:7:18: error: 'label' is {units} characters long\n"
                "  hint: shorten it: a spreadsheet cell holds at most 32 767 characters\n")
        check(r.returncode == 1, f"a label of {units} units fails ({r.returncode})")
        check(want in r.stderr, f"the message of a label of {units} units ({r.stderr[:300]!r})")
        check(not os.path.exists(out) or not os.listdir(out), "and nothing is written")

sys.exit(kftest.finish())
