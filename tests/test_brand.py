#!/usr/bin/python3
"""Brand fonts (theme.fonts) and brand files (report.brand, --brand), as an
organisation's comms team would use them, checked with tools keyfig did not
write (pdffonts, pdfminer, the PNG reader of pngdiff.py):

- a Debian-packaged family other than Inter (fonts-open-sans, and
  fonts-liberation2 for a family without a semibold), copied into a folder
  at test time (no font file is committed), is embedded in the PDF and no
  other font is; the 4-page briefing set in it has no overlapping glyph
  and none off the page;
- a weight the family lacks is warned about once, naming the stand-in;
- a font whose licence bits forbid embedding (OS/2 fsType 0x0002, set on
  a copy at test time with fontTools) is an error at theme.fonts, and
  nothing is written;
- a family not found is an error with theme.fonts and a warning without;
- a batch whose rows have different brand folders keeps each row's fonts
  to that row;
- one brand file shared by two reports gives both its colour, font and
  logo, one report overriding its colour; --brand replaces report.brand;
  a JSON brand file works as a YAML one; errors in a brand file are
  located in it (FILE:LINE:COL).

Run with Debian's /usr/bin/python3.  Exits 77 when a tool or font package
is missing.
"""
import os
import shutil
import sys

import kftest
from kftest import SOURCE_DIR, check

OPEN_SANS = "/usr/share/fonts/truetype/open-sans"
LIBERATION = "/usr/share/fonts/truetype/liberation2"
for need in (OPEN_SANS, LIBERATION):
    if not os.path.isdir(need):
        kftest.skip(f"{need} is missing (scripts/deps.sh test)")
kftest.need_programs("pdffonts")
kftest.need_modules("fontTools.ttLib", "pdfminer.high_level", "pngdiff")
from fontTools.ttLib import TTFont  # noqa: E402
from pdfminer.high_level import extract_pages  # noqa: E402
import pngdiff  # noqa: E402


def copy_fonts(src, names, dst):
    os.makedirs(dst, exist_ok=True)
    for n in names:
        shutil.copy(os.path.join(src, n), dst)


def pdf_fonts(pdf):
    """(name without the subset tag, embedded and with a ToUnicode map)
    for each font of the PDF."""
    out = kftest.run("pdffonts", pdf).stdout.splitlines()[2:]
    fonts = []
    for line in out:
        cols = line.split()
        name = cols[0].split("+", 1)[-1]
        # emb is the third column from the end of "emb sub uni id gen"
        fonts.append((name, cols[-5] == "yes" and cols[-3] == "yes"))
    return fonts


def with_theme(text, theme):
    """The briefing or fact sheet with its theme replaced by `theme`
    (YAML lines, indented under 'theme:')."""
    old = '    primary: "#12355B"\n    accent: "#D1495B"\n    font: Inter\n'
    assert old in text
    return text.replace(old, theme)


BRIEFING = open(os.path.join(SOURCE_DIR, "tests/data/briefing.yaml")).read()
FACTSHEET = open(os.path.join(SOURCE_DIR, "tests/data/factsheet.yaml")).read()
OS_FILES = ["OpenSans-Regular.ttf", "OpenSans-Semibold.ttf",
            "OpenSans-Bold.ttf", "OpenSans-Italic.ttf",
            "OpenSans-BoldItalic.ttf"]
LIB_FILES = ["LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
             "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf"]

with kftest.temp_dir() as tmp:
    out = os.path.join(tmp, "out")
    os.makedirs(out)

    # --- A brand family, embedded, and nothing else -------------------
    copy_fonts(OPEN_SANS, OS_FILES, os.path.join(tmp, "brand-fonts"))
    report = os.path.join(tmp, "open-sans.yaml")
    with open(report, "w") as f:
        f.write(with_theme(BRIEFING, '    font: Open Sans\n'
                                     '    fonts: brand-fonts\n'))
    r = kftest.keyfig("build", report, "-o", out, "-f", "pdf,png", "--dpi", "80")
    check(r.returncode == 0, f"Open Sans builds: {r.returncode} {r.stderr}")
    check("weight" not in r.stderr,
          f"Open Sans has every weight the pages use: {r.stderr}")
    pdf = os.path.join(out, "open-sans.pdf")
    fonts = pdf_fonts(pdf)
    check(fonts and all(n.startswith("OpenSans") and emb
                        for n, emb in fonts),
          f"pdffonts lists only Open Sans, embedded, text extractable: {fonts}")
    check(any(n == "OpenSans-Semibold" for n, _ in fonts),
          f"the semibold file is used for semibold text: {fonts}")
    pages = list(extract_pages(pdf))
    check(len(pages) == 6, f"the briefing keeps its 6 sheets: {len(pages)}")
    for n, page in enumerate(pages, 1):
        kftest.check_glyphs(page, f"Open Sans sheet {n}")

    # --- Characters the brand font lacks --------------------------------
    # Open Sans has no arrows: the ▲ ▼ keyfig sets before a change come
    # from Inter, but an arrow of the report's own text is a missing glyph,
    # warned about as with Inter.
    report = os.path.join(tmp, "arrows.yaml")
    with open(report, "w") as f:
        f.write("format: 1\nreport:\n  title: Bilan \u2192 2025\n"
                "  date: 2025-01-15\n  theme:\n    font: Open Sans\n"
                "    fonts: brand-fonts\n"
                "sources:\n  - { id: s, title: Source, date: 2025-01 }\n"
                "metrics:\n"
                "  - { id: a, label: Emplois, value: 1600, previous: 1400,"
                " source: s }\n"
                "  - { id: b, label: Ventes, value: 12, previous: 14,"
                " source: s }\n")
    r = kftest.keyfig("build", report, "-o", out, "-f", "pdf")
    check(r.returncode == 0 and
          f"{report}:3:10: warning: the font Open Sans has no glyph for 1 "
          "character of \"Bilan \u2192 2025\"" in r.stderr and
          "\u25b2" not in r.stderr and "\u25bc" not in r.stderr,
          f"the title's arrow is warned about, keyfig's \u25b2 \u25bc are "
          f"not: {r.stderr}")
    text = kftest.pdf_text(os.path.join(out, "arrows.pdf"))
    check("\u25b2" in text and "\u25bc" in text,
          f"the change's \u25b2 and \u25bc are on the page: {text[:300]!r}")

    # --- A weight the family lacks: one warning, naming the stand-in --
    copy_fonts(LIBERATION, LIB_FILES, os.path.join(tmp, "lib"))
    report = os.path.join(tmp, "liberation.yaml")
    with open(report, "w") as f:
        f.write(with_theme(FACTSHEET, '    font: Liberation Sans\n'
                                      '    fonts: lib\n'))
    r = kftest.keyfig("build", report, "-o", out, "-f", "pdf")
    check(r.returncode == 0, f"Liberation Sans builds: {r.stderr}")
    want = (f"{report}:16:11: warning: the font 'Liberation Sans' has no "
            "semibold (600) weight: its bold (700) is used instead")
    check(r.stderr.count("weight") == 1 and want in r.stderr,
          f"one warning for the semibold: {r.stderr}")
    fonts = pdf_fonts(os.path.join(out, "liberation.pdf"))
    check(fonts and all(n.startswith("LiberationSans") and emb
                        for n, emb in fonts),
          f"pdffonts lists only Liberation Sans, embedded: {fonts}")
    r = kftest.keyfig("check", report, "--strict")
    check(r.returncode == 1, "--strict fails on the substitution")

    # --- Licence bits that forbid embedding ---------------------------
    restricted = os.path.join(tmp, "restricted")
    copy_fonts(LIBERATION, LIB_FILES[:2], restricted)
    font = TTFont(os.path.join(restricted, LIB_FILES[1]))
    font["OS/2"].fsType = 0x0002
    font.save(os.path.join(restricted, LIB_FILES[1]))
    report = os.path.join(tmp, "restricted.yaml")
    with open(report, "w") as f:
        f.write(with_theme(FACTSHEET, '    font: Liberation Sans\n'
                                      '    fonts: restricted\n'))
    r = kftest.keyfig("build", report, "-o", out, "-f", "pdf")
    want = (f"{report}:17:12: error: the font 'LiberationSans-Bold.ttf' in "
            "'restricted' forbids embedding: its licence bits (OS/2 fsType "
            "0x0002) say a restricted licence: no embedding")
    check(r.returncode == 1 and want in r.stderr and
          r.stderr.count("error") == 1 and "warning" not in r.stderr,
          f"fsType 0x0002 is an error at theme.fonts, and only it: {r.stderr}")
    check(not os.path.exists(os.path.join(out, "restricted.pdf")),
          "nothing is written for a font that forbids embedding")
    # Preview & print beside the restricted bit: the least restrictive
    # wins (OpenType, OS/2 fsType), so it embeds.
    font["OS/2"].fsType = 0x0006
    font.save(os.path.join(restricted, LIB_FILES[1]))
    r = kftest.keyfig("check", report)
    check(r.returncode == 0 and "embedding" not in r.stderr,
          f"fsType 0x0006 (preview & print) embeds: {r.stderr}")

    # --- A family not found --------------------------------------------
    report = os.path.join(tmp, "missing.yaml")
    with open(report, "w") as f:
        f.write(with_theme(FACTSHEET, '    font: Helvetica\n'
                                      '    fonts: lib\n'))
    r = kftest.keyfig("check", report)
    want = (f"{report}:16:11: error: the font 'Helvetica' is not in the "
            "fonts folder 'lib'\n  hint: the fonts in 'lib' are of the "
            "family Liberation Sans: name one with 'font'")
    check(r.returncode == 1 and want in r.stderr,
          f"a family not in theme.fonts is an error: {r.stderr}")
    report = os.path.join(tmp, "old.yaml")
    with open(report, "w") as f:
        f.write(with_theme(FACTSHEET, '    font: Liberation Sans\n'))
    r = kftest.keyfig("build", report, "-o", out, "-f", "pdf")
    want = (f"{report}:16:11: warning: the font 'Liberation Sans' is not "
            "installed with keyfig: Inter is used instead")
    check(r.returncode == 0 and want in r.stderr,
          f"an old file naming another font still builds, warned: {r.stderr}")
    fonts = pdf_fonts(os.path.join(out, "old.pdf"))
    check(fonts and all(n.startswith("Inter") for n, _ in fonts),
          f"... in Inter, the fonts of another report not leaking: {fonts}")

    # --- A batch of brands: each row its own fonts ---------------------
    template = os.path.join(tmp, "template.yaml")
    with open(template, "w") as f:
        f.write(with_theme(FACTSHEET, '    font: "{{font}}"\n'
                                      '    fonts: "{{fonts}}"\n'))
    csv = os.path.join(tmp, "brands.csv")
    with open(csv, "w") as f:
        f.write("name,font,fonts\nlib,Liberation Sans,lib\n"
                "os,Open Sans,brand-fonts\nlib2,Liberation Sans,lib\n")
    bout = os.path.join(tmp, "batch")
    os.makedirs(bout)
    r = kftest.keyfig("batch", template, csv, "-o", bout, "-f", "pdf", "-j", "1")
    check(r.returncode == 0, f"a batch of two brands builds: {r.stderr}")
    for name, family in (("lib", "LiberationSans"), ("os", "OpenSans"),
                         ("lib2", "LiberationSans")):
        fonts = pdf_fonts(os.path.join(bout, name + ".pdf"))
        check(fonts and all(n.startswith(family) for n, _ in fonts),
              f"batch row {name}: only {family}: {fonts}")

    # --- One brand file, two reports ------------------------------------
    brand_dir = os.path.join(tmp, "brand")
    copy_fonts(LIBERATION, LIB_FILES, os.path.join(brand_dir, "fonts"))
    shutil.copy(os.path.join(out, "open-sans-1.png"),
                os.path.join(brand_dir, "logo.png"))
    brand = os.path.join(brand_dir, "brand.yaml")
    with open(brand, "w") as f:
        f.write("# The organisation's brand\n"
                "theme:\n"
                "  primary: \"#0B6E4F\"\n"
                "  accent: \"#F2A541\"\n"
                "  palette: [\"#3B6FD8\", \"#C2418F\"]\n"
                "  font: Liberation Sans\n"
                "  fonts: fonts\n"
                "logo: logo.png\n")
    reports = {}
    for name, theme in (("shared-a", ""),
                        ("shared-b", '    primary: "#5B2A86"\n')):
        text = with_theme(FACTSHEET, theme)
        if not theme:
            text = text.replace("  theme:\n", "")
        text = text.replace("  organisation:", "  brand: brand/brand.yaml\n"
                            "  organisation:", 1)
        reports[name] = os.path.join(tmp, name + ".yaml")
        with open(reports[name], "w") as f:
            f.write(text)
    for name, colour in (("shared-a", (0x0B, 0x6E, 0x4F)),
                         ("shared-b", (0x5B, 0x2A, 0x86))):
        r = kftest.keyfig("build", reports[name], "-o", out, "-f", "pdf,png",
                          "--dpi", "80")
        check(r.returncode == 0, f"{name} builds with the brand: {r.stderr}")
        check("brand/brand.yaml:6:9: warning: the font 'Liberation Sans' "
              "has no semibold (600)" in r.stderr,
              f"{name}: the weight warning is located in the brand file: "
              f"{r.stderr}")
        fonts = pdf_fonts(os.path.join(out, name + ".pdf"))
        check(fonts and all(n.startswith("LiberationSans") for n, _ in fonts),
              f"{name}: the brand's font: {fonts}")
        w, h, rows = pngdiff.read(os.path.join(out, name + "-1.png"))
        px = tuple(rows[5][15:18])  # the header band, top left
        check(px == colour, f"{name}: header in {colour}, got {px}")

    # The brand's chart colours follow its primary and accent: a donut of
    # four parts shows all four, each over a good part of its slice.
    donut = os.path.join(tmp, "donut.yaml")
    with open(donut, "w") as f:
        f.write("format: 1\nreport:\n  title: Parts\n  date: 2025-01-15\n"
                "  brand: brand/brand.yaml\n"
                "series:\n  - id: parts\n    title: Parts\n"
                "    points:\n"
                "      - { label: A, value: 40 }\n"
                "      - { label: B, value: 30 }\n"
                "      - { label: C, value: 20 }\n"
                "      - { label: D, value: 10 }\n"
                "pages:\n  - title: Parts\n    blocks:\n"
                "      - chart: { type: donut, series: parts }\n")
    r = kftest.keyfig("build", donut, "-o", out, "-f", "png", "--dpi", "80")
    check(r.returncode == 0, f"the donut builds: {r.stderr}")
    w, h, rows = pngdiff.read(os.path.join(out, "donut-1.png"))
    counts = {}
    for row in rows:
        for x in range(0, len(row), 3):
            px = bytes(row[x:x + 3])
            counts[px] = counts.get(px, 0) + 1
    for hexa in ("0B6E4F", "F2A541", "3B6FD8", "C2418F"):
        check(counts.get(bytes.fromhex(hexa), 0) > 200,
              f"the donut shows the brand's #{hexa}: "
              f"{counts.get(bytes.fromhex(hexa), 0)} pixels")

    # The logo is read from the brand file's folder, not the report's.
    os.remove(os.path.join(brand_dir, "logo.png"))
    shutil.copy(os.path.join(out, "shared-a-1.png"),
                os.path.join(tmp, "logo.png"))
    r = kftest.keyfig("check", reports["shared-a"])
    check(r.returncode == 1 and
          f"{brand}:8:7: error: the logo file 'logo.png' does not exist"
          in r.stderr,
          f"the brand's logo is relative to the brand file: {r.stderr}")
    shutil.copy(os.path.join(tmp, "logo.png"),
                os.path.join(brand_dir, "logo.png"))

    # --brand replaces report.brand; a JSON brand file.
    other = os.path.join(tmp, "other.json")
    with open(other, "w") as f:
        f.write('{\n  "theme": {"primary": "#7A1F1F", "font": "Open Sans",\n'
                '            "fonts": "brand-fonts"}\n}\n')
    r = kftest.keyfig("build", reports["shared-a"], "--brand", other, "-o", out,
                      "-f", "pdf,png", "--dpi", "80")
    check(r.returncode == 0, f"--brand other.json builds: {r.stderr}")
    fonts = pdf_fonts(os.path.join(out, "shared-a.pdf"))
    check(fonts and all(n.startswith("OpenSans") for n, _ in fonts),
          f"--brand's font wins over report.brand's: {fonts}")
    w, h, rows = pngdiff.read(os.path.join(out, "shared-a-1.png"))
    check(tuple(rows[5][15:18]) == (0x7A, 0x1F, 0x1F),
          f"--brand's colour: {tuple(rows[5][15:18])}")

    # Errors in a brand file are located in it.
    bad = os.path.join(tmp, "bad-brand.yaml")
    with open(bad, "w") as f:
        f.write("theme:\n"
                "  primary: \"#12\"\n"
                "  colour: red\n"
                "  fonts: ../fonts\n"
                "palette: []\n")
    r = kftest.keyfig("check", reports["shared-a"], "--brand", bad)
    for want in (f"{bad}:2:12: error: invalid colour",
                 f"{bad}:3:3: error: unknown key 'colour' in 'theme'",
                 f"{bad}:4:10: error: the fonts path '../fonts' must not go "
                 "up with '..'",
                 f"{bad}:5:1: error: unknown key 'palette' in the brand "
                 "file"):
        check(r.returncode == 1 and want in r.stderr,
              f"brand error located in the brand file: {want!r} in "
              f"{r.stderr}")
    bad_json = os.path.join(tmp, "bad-brand.json")
    with open(bad_json, "w") as f:
        f.write('{"theme": {"accent": 12}}\n')
    r = kftest.keyfig("check", reports["shared-a"], "--brand", bad_json)
    check(r.returncode == 1 and f"{bad_json}:1:22: error:" in r.stderr,
          f"a JSON brand file's error is located in it: {r.stderr}")
    r = kftest.keyfig("check", reports["shared-a"], "--brand",
                      os.path.join(tmp, "none.yaml"))
    check(r.returncode == 1 and "none.yaml" in r.stderr,
          f"a missing brand file is an error naming it: {r.stderr}")

    # The brand file's JSON Schema takes the brand files above and
    # refuses the bad one, as keyfig does.
    try:
        import json
        import jsonschema
        import yaml
    except ImportError:
        jsonschema = None
    if jsonschema:
        schema = json.load(open(os.path.join(SOURCE_DIR, "docs/brand.schema.json")))
        jsonschema.Draft7Validator.check_schema(schema)
        v = jsonschema.Draft7Validator(schema)
        for path in (brand, other):
            doc = yaml.safe_load(open(path))
            errs = [e.message for e in v.iter_errors(doc)]
            check(not errs, f"brand.schema.json takes {path}: {errs}")
        errs = list(v.iter_errors(yaml.safe_load(open(bad))))
        check(len(errs) >= 3, f"brand.schema.json refuses bad-brand.yaml: "
                              f"{[e.message for e in errs]}")

sys.exit(kftest.finish())
