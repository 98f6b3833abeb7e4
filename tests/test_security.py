"""Inputs an attacker would write: web addresses that try to end the PDF
string they are copied into, from the report file and from a batch's CSV
fields.  Checked with tools keyfig did not write: qpdf and pdfminer."""
import os
import subprocess
import sys
import tempfile

SRC = os.environ.get("KF_SOURCE_DIR", os.path.join(os.path.dirname(__file__), ".."))
KEYFIG = os.environ.get("KEYFIG", os.path.join(SRC, "build", "keyfig"))

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


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
    r = run("qpdf", "--check", pdf)
    check(r.returncode == 0, f"{what}: qpdf --check passes ({r.stdout[-300:]}{r.stderr})")
    actions = link_actions(pdf)
    uris = [a.get("URI") for a in actions]
    for url, want in WANT.items():
        check(want.encode() in uris, f"{what}: {url!r} links to {want!r} (links: {uris})")
    for a in actions:
        check(a.get("S").name == "URI" and set(a) <= {"S", "URI", "Type"},
              f"{what}: a link is a plain URI action, no JavaScript ({a})")

with tempfile.TemporaryDirectory() as tmp:
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
    r = run(KEYFIG, "build", report, "-o", out, "-f", "pdf")
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
    r = run(KEYFIG, "batch", template, csv, "-o", os.path.join(tmp, "batch"), "-f", "pdf")
    check(r.returncode == 0, f"batch exits 0 ({r.stderr})")
    check_links(os.path.join(tmp, "batch", "row.pdf"), "CSV fields")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
