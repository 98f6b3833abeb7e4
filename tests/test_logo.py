#!/usr/bin/python3
"""test_logo.py: the report's logo, read back from the outputs with tools
keyfig did not write them with (pdfimages, pikepdf, pdftoppm).

- A PNG logo is one image in the PDF, drawn on every sheet and the cover
  (`pdfimages -list`: one row per page, all of one object).
- An SVG logo stays vectors: no image in the PDF, its colour filled as a
  path on every page, and the SVG output has it as paths too.
- In the PDF/UA structure the logo is a Figure once, on the cover (else
  the first sheet), with the organisation's name for /Alt; the copies in
  the later bands are artifacts.
- A dark logo on a transparent background is drawn on a white plate in
  the band (the pixels just around it are white); a light one, made for
  dark backgrounds, is drawn straight on the band's colour, where its
  lettering reads (on white it would vanish).
- A long title beside a logo is set whole: the organisation and the date
  go under the logo rather than the title being shortened; on a
  continuation sheet's slim band the title takes the organisation's room.
- A logo that cannot be read (a cut PNG, an SVG with no size, a GIF) is
  an error at `report.logo`, FILE:LINE:COL, and nothing is written.

The logos are made here: a PNG written with zlib, an SVG as text.
Prints "N passed, M failed" and exits non-zero on failure.
"""
import os
import re
import struct
import subprocess
import sys
import zlib

import kftest
from kftest import check

kftest.need_modules("pikepdf")
import pikepdf  # noqa: E402


def png(width, height, rgb):
    """A PNG of one colour, `width` x `height`, written byte by byte."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">
  <rect x="0" y="0" width="40" height="40" fill="#ff6600"/>
  <circle cx="80" cy="20" r="18" fill="#ff6600"/>
</svg>
"""

REPORT = """\
format: 1
report:
  title: Logo
  organisation: Université Paris-Saclay
  date: 2025-01-15
  cover: true
  appendix: data
  logo: LOGO
sources:
  - { id: s, title: Source A, date: 2024 }
metrics:
  - { id: a, label: laboratoires, value: 275, source: s }
series:
  - id: t
    title: Trajets
    unit: min
    source: s
    points: [ { label: Orly, value: 13 }, { label: Massy, value: 6 } ]
pages:
  - title: Chiffres
    blocks:
      - kpis: [a]
  - title: Trajets
    blocks:
      - chart: { type: hbar, series: t }
"""


def build(tmp, name, logo_name, logo_bytes, formats="pdf,svg", report=None):
    """Builds `report` (REPORT by default), its LOGO the file written."""
    report = REPORT if report is None else report
    d = os.path.join(tmp, name)
    os.makedirs(d)
    if logo_bytes is not None:
        with open(os.path.join(d, logo_name), "wb") as f:
            f.write(logo_bytes)
    path = os.path.join(d, "report.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(report.replace("LOGO", logo_name))
    out = os.path.join(d, "out")
    os.makedirs(out)
    p = kftest.keyfig("build", path, "-o", out, "-f", formats)
    return p, path, out


def images(pdf):
    p = kftest.run("pdfimages", "-list", pdf)
    rows = [l.split() for l in p.stdout.splitlines()[2:] if l.strip()]
    # page num type width height color comp bpc enc interp object ID ...
    return [(int(r[0]), r[2], int(r[3]), int(r[4]), r[10]) for r in rows]


def page_count(pdf):
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def content_of(page):
    """The page's content and that of every form it draws, as text."""
    parts = []
    def walk(obj, seen):
        if obj.objgen in seen:
            return
        seen.add(obj.objgen)
        try:
            parts.append(obj.read_bytes().decode("latin-1"))
        except Exception:
            pass
        res = obj.get("/Resources") or {}
        for x in (res.get("/XObject") or {}).values():
            if x.get("/Subtype") == "/Form":
                walk(x, seen)
    seen = set()
    for c in (page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array)
              else [page.obj.Contents]):
        parts.append(c.read_bytes().decode("latin-1"))
    res = page.obj.get("/Resources") or {}
    for x in (res.get("/XObject") or {}).values():
        if x.get("/Subtype") == "/Form":
            walk(x, seen)
    return "\n".join(parts)


def figures(pdf):
    """(Alt, page index) of every Figure of the structure tree."""
    out = []
    with pikepdf.open(pdf) as doc:
        pages = {p.objgen: i for i, p in enumerate(doc.pages)}
        def walk(el):
            if isinstance(el, pikepdf.Array):
                for k in el:
                    walk(k)
                return
            if not isinstance(el, pikepdf.Dictionary):
                return
            if el.get("/S") == "/Figure":
                pg = el.get("/Pg")
                out.append((str(el.get("/Alt", "")),
                            pages.get(pg.objgen) if pg is not None else None))
            if "/K" in el:
                walk(el.K)
        walk(doc.Root.StructTreeRoot.K)
    return out


def test_png(tmp):
    p, _, out = build(tmp, "png", "logo.png", png(90, 30, (0x12, 0x80, 0x40)))
    if not check(p.returncode == 0, "a PNG logo builds", p.stderr):
        return
    pdf = os.path.join(out, "report.pdf")
    n = page_count(pdf)
    imgs = images(pdf)
    check(sorted(i[0] for i in imgs) == list(range(1, n + 1)),
          "the PNG logo is drawn once on each of the %d pages" % n, repr(imgs))
    check(len({i[4] for i in imgs}) == 1 and all(i[2:4] == (90, 30) for i in imgs),
          "every page draws the one 90x30 image object", repr(imgs))
    figs = [f for f in figures(pdf) if f[0].startswith("Logo")]
    check(figs == [("Logo\u00a0: Université Paris-Saclay", 0)],
          "the logo is one Figure, on the cover, named for /Alt", repr(figs))
    # Without a cover, the first sheet's logo is the Figure.
    p, _, out = build(tmp, "png-nocover", "logo.png",
                      png(90, 30, (0x12, 0x80, 0x40)), formats="pdf",
                      report=REPORT.replace("cover: true", "cover: false"))
    if check(p.returncode == 0, "a PNG logo without a cover builds", p.stderr):
        figs = [f for f in figures(os.path.join(out, "report.pdf"))
                if f[0].startswith("Logo")]
        check(figs == [("Logo\u00a0: Université Paris-Saclay", 0)],
              "without a cover the logo is one Figure, on the first sheet",
              repr(figs))


def test_svg(tmp):
    p, _, out = build(tmp, "svg", "logo.svg", SVG.encode())
    if not check(p.returncode == 0, "an SVG logo builds", p.stderr):
        return
    pdf = os.path.join(out, "report.pdf")
    check(images(pdf) == [], "an SVG logo puts no image in the PDF",
          repr(images(pdf)))
    with pikepdf.open(pdf) as doc:
        for i, page in enumerate(doc.pages):
            text = content_of(page)
            # #ff6600 filled: "1 0.4 0 rg", then a path and a fill.
            check(re.search(r"1 0\.4 0 rg", text) is not None and
                  re.search(r"\bc\b|\bre\b", text) is not None,
                  "page %d fills the SVG's orange as vector paths" % (i + 1))
    svgs = sorted(f for f in os.listdir(out) if f.endswith(".svg"))
    for name in svgs:
        with open(os.path.join(out, name), encoding="utf-8") as f:
            s = f.read()
        check("<image" not in s and re.search(r"fill:rgb\(100%,40[.0-9]*%,0%\)", s),
              "%s draws the logo as paths, not an image" % name)


def svg_logo(fill):
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">'
            '<rect x="0" y="0" width="40" height="40" fill="%s"/>'
            '<circle cx="80" cy="20" r="18" fill="%s"/></svg>' % (fill, fill))


def around_logo(pdf, ink):
    """The colour 2 pt left of the logo on the first sheet's band at 100
    dpi, the logo found as the pixels of colour `ink`; None if not found."""
    # pdftoppm's default output, PPM: "P6 W H 255" then RGB bytes.
    ppm = subprocess.run(["pdftoppm", "-r", "100", "-f", "2", "-l", "2", pdf],
                         capture_output=True).stdout
    head = ppm.split(maxsplit=4)
    width, data = int(head[1]), head[4]

    def px(x, y):
        i = 3 * (y * width + x)
        return tuple(data[i:i + 3])
    hits = [(x, y) for y in range(0, 150) for x in range(width // 2, width)
            if all(abs(px(x, y)[i] - ink[i]) < 12 for i in range(3))]
    if not hits:
        return None
    x0 = min(x for x, _ in hits)
    ys = sorted(y for x, y in hits if x == x0)
    return px(x0 - 3, ys[len(ys) // 2])


def test_plate(tmp):
    primary = (0x12, 0x35, 0x5B)
    for name, fill, ink, plate in (("dark", "#000000", (0, 0, 0), True),
                                   ("light", "#ffee88", (255, 238, 136), False)):
        p, _, out = build(tmp, "plate-" + name, "logo.svg",
                          svg_logo(fill).encode(), formats="pdf")
        if not check(p.returncode == 0, "a %s logo builds" % name, p.stderr):
            continue
        got = around_logo(os.path.join(out, "report.pdf"), ink)
        if not check(got is not None, "the %s logo is found in the band" % name):
            continue
        want = (255, 255, 255) if plate else primary
        check(all(abs(got[i] - want[i]) < 12 for i in range(3)),
              "the %s logo stands %s" % (name, "on a white plate" if plate else
                                         "straight on the band's colour"),
              "the pixel beside it is %r" % (got,))


BAD = [
    ("cut.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "the PNG is damaged"),
    ("nosize.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><rect width='3' height='1'/></svg>",
     "the SVG has no size"),
    ("logo.gif", b"GIF89a\x01\x00\x01\x00", "it is not a PNG or SVG image"),
    ("broken.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "the SVG cannot be read"),
]


def test_bad(tmp):
    for i, (name, data, why) in enumerate(BAD):
        p, path, out = build(tmp, "bad%d" % i, name, data)
        want = "%s:8:9: error: the logo file '%s' cannot be used: %s" % (path, name, why)
        check(p.returncode == 1 and p.stderr.startswith(want),
              "%s: an error at report.logo" % name, p.stderr)
        check(os.listdir(out) == [], "%s: nothing written" % name,
              repr(os.listdir(out)))


LONG_TITLE = ("Université Paris-Saclay — l'intelligence artificielle au cœur "
              "de la recherche, de l'innovation et de la formation des "
              "ingénieurs de demain")


def long_title_report():
    """REPORT with LONG_TITLE and no cover: the title in the first band."""
    return REPORT.replace("title: Logo", "title: " + LONG_TITLE).replace(
        "cover: true", "cover: false")


def test_long_title(tmp):
    """A long title beside a logo: set whole in the band (the
    organisation and the date go under the logo to leave it room), not
    shortened with a warning, as it is not without a logo."""
    p, _, out = build(tmp, "long-title", "logo.png",
                      png(300, 120, (0x12, 0x80, 0x40)), formats="pdf",
                      report=long_title_report())
    if not check(p.returncode == 0, "a long title with a logo builds",
                 p.stderr):
        return
    check("title is too long" not in p.stderr,
          "a long title beside a logo is not shortened", p.stderr)
    text = kftest.run("pdftotext", "-f", "1", "-l", "1",
                      os.path.join(out, "report.pdf"), "-").stdout
    flat = " ".join(text.split())
    check("ingénieurs de demain" in flat and "\u2026" not in flat.split(
        "Chiffres")[0], "the first sheet's band has the whole title", flat)
    check("Université Paris-Saclay 15 janvier 2025" in flat or
          ("15 janvier 2025" in flat and flat.count("Université Paris-Saclay") >= 2),
          "the organisation and the date are in the band", flat)


def test_long_title_continued(tmp):
    """A continuation sheet's slim band with a logo: a long title takes
    the organisation's room (the logo and the footer name it) rather
    than being shortened beside it."""
    report = long_title_report().replace(
        "      - chart: { type: hbar, series: t }",
        "      - chart: { type: hbar, series: t, height: 150 }\n"
        "      - chart: { type: hbar, series: t, height: 150 }")
    p, _, out = build(tmp, "long-title-continued", "logo.png",
                      png(300, 120, (0x12, 0x80, 0x40)), formats="pdf",
                      report=report)
    if not check(p.returncode == 0, "a long title continued builds",
                 p.stderr):
        return
    pdf = os.path.join(out, "report.pdf")
    continued = [i for i in range(1, page_count(pdf) + 1)
                 if "(suite)" in kftest.run("pdftotext", "-f", str(i), "-l",
                                            str(i), pdf, "-").stdout]
    if not check(continued, "the report has a continuation sheet"):
        return
    i = str(continued[0])
    band = kftest.run("pdftotext", "-f", i, "-l", i, "-layout", pdf,
                      "-").stdout.splitlines()[0]
    check("au cœur de la" in band and "Université Paris-Saclay" not in
          band.split("—", 1)[1], "the slim band gives the title the "
          "organisation's room", band)

def main():
    kftest.need_programs("pdfimages", "pdftotext", "pdftoppm")
    with kftest.temp_dir() as tmp:
        test_png(tmp)
        test_svg(tmp)
        test_plate(tmp)
        test_bad(tmp)
        test_long_title(tmp)
        test_long_title_continued(tmp)
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
