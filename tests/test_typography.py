"""Typography on the page, read back with pdfminer (a tool keyfig did not
write): the minus sign, compact rounding, the drawn gap of the group
separator, French spacing in every text, qualified figures and ordinals.
The report is written here, in both editions, so each check names what it
looks for."""
import os
import re
import shutil
import sys

import kftest
from kftest import check, show

NNBSP, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"

kftest.need_modules("pdfminer.high_level", "pdfminer.layout")
from pdfminer.high_level import extract_pages, extract_text  # noqa: E402
from pdfminer.layout import LTChar  # noqa: E402


REPORT = """\
format: 1
report:
  title: { fr: "Chiffres : l'essentiel", en: "Figures: the essentials" }
  date: 2025-01-15
  languages: [fr, en]
  organisation: Campus
sources:
  - { id: s, title: Dossier de presse, date: 2025-01 }
metrics:
  - id: budget
    label: { fr: de budget consolidé, en: consolidated budget }
    value: 12500000000
    unit: EUR
    display: compact
    source: s
  - id: change
    label: { fr: d'évolution des effectifs, en: change in staff }
    value: -3.5
    unit: "%"
    decimals: 1
    previous: -1.5
    source: s
  - id: groups
    label: { fr: chercheurs, en: researchers }
    value: 1100
    previous: 1200
    source: s
series:
  - id: balance
    title: { fr: Solde annuel, en: Yearly balance }
    unit: EUR
    source: s
    points:
      - { label: "2021", value: -1200000 }
      - { label: "2022", value: -400000 }
      - { label: "2023", value: 300000 }
      - { label: "2024", value: 1100000 }
  - id: campus
    title: { fr: "Le Campus ? Oui !", en: "The Campus? Yes!" }
    unit: "%"
    source: s
    points:
      - { label: { fr: "santé : 46 laboratoires", en: "health: 46 labs" }, value: 21 }
      - { label: { fr: "Campus ?", en: "Campus?" }, value: 40 }
pages:
  - title: { fr: Page, en: Page }
    blocks:
      - kpis: [budget, change, groups]
      - chart: { type: line, series: balance }
      - chart: { type: bar, series: balance }
  - title: { fr: "Textes", en: "Texts" }
    blocks:
      - row:
          - text:
              fr: "@FR@"
              en: "@EN@"
          - chart: { type: hbar, series: campus }
""".replace("@FR@", " ".join(["Le calcul atteint 125,9 Pflop/s ; la santé : deux axes. Et le Campus? "
                   "On dit «Paris-Saclay» ou « le plateau » ! Voir https://example.org/?a=1;b=2 ici."] * 12)).replace(
    "@EN@", " ".join(["Computing reaches 125.9 Pflop/s; health: two priorities. And the Campus? "
                  "See https://example.org/?a=1;b=2 here."] * 12))



def all_chars(o):
    if isinstance(o, LTChar):
        yield o
    elif hasattr(o, "__iter__"):
        for c in o:
            yield from all_chars(c)


def build(tmp, text, name="t.yaml"):
    path = kftest.write(os.path.join(tmp, name), text)
    out = os.path.join(tmp, "out")
    r = kftest.keyfig("build", path, "-o", out, "-f", "pdf,xlsx")
    check(r.returncode == 0, f"build {name} exits 0 (got {r.returncode}: {r.stderr})")
    return out


with kftest.temp_dir() as tmp:
    out = build(tmp, REPORT)
    for lang in ("fr", "en"):
        pdf = os.path.join(out, f"t.{lang}.pdf")
        text = extract_text(pdf)

        # Negatives: U+2212 on the page, never a hyphen-minus before a digit.
        check(MINUS in text, f"{lang}: U+2212 on the page")
        bad = re.findall(r".{0,12}-\d.{0,6}", text)
        check(not bad, f"{lang}: no hyphen-minus before a digit: {[show(b) for b in bad]}")
        minus_figure = (MINUS + "3,5" + NNBSP + "%") if lang == "fr" else (MINUS + "3.5%")
        check(minus_figure in text, f"{lang}: {show(minus_figure)} in {show(text)[:400]}")

        # Compact rounding within 1 %: 12.5 billion is 12,5 Md€ / €12.5B.
        want = ("12,5" + NBSP + "Md\u20ac") if lang == "fr" else "\u20ac12.5B"
        check(want in text, f"{lang}: compact {show(want)} on the page")
        check("13" + NBSP + "Md" not in text and "\u20ac13B" not in text,
              f"{lang}: no figure 4 % off")

    # French typography in every text of the fr edition, none in the en one.
    fr = extract_text(os.path.join(out, "t.fr.pdf"))
    en = extract_text(os.path.join(out, "t.en.pdf"))
    for want in ["Chiffres" + NBSP + ": l'essentiel",        # the report title
                 "Le Campus" + NNBSP + "? Oui" + NNBSP + "!",  # a chart title
                 "sant\u00e9" + NBSP + ":",                  # a point label
                 "46" + NBSP + "laboratoires",
                 "Campus" + NNBSP + "?"]:
        check(want in fr, f"fr: {show(want)} on the page")
    # In the text block, repeated so its lines break at many places: every
    # occurrence whole, never broken before its mark or inside the figure.
    for want, count in [("125,9" + NBSP + "Pflop/s" + NNBSP + ";", 12),
                        ("sant\u00e9" + NBSP + ": deux", 12),
                        ("Campus" + NNBSP + "? On", 11),
                        ("\u00ab" + NNBSP + "Paris-Saclay" + NNBSP + "\u00bb", 12),
                        ("plateau" + NNBSP + "\u00bb" + NNBSP + "!", 12),
                        ("https://example.org/?a=1;b=2 ici", 12)]:
        got = fr.count(want)
        check(got >= count, f"fr: {show(want)} {got} times whole, want {count}")
    check("Pflop/s\n" not in fr.replace(NNBSP + ";", ""), "fr: no line ends before Pflop/s's mark")
    check(NNBSP + "?" not in en and NBSP + ":" not in en and "Campus?" in en
          and "health: two" in en and "125.9 Pflop/s;" in en,
          "en: texts printed as typed")

    # The group separator: U+202F in the text layer, drawn at least 0.2 em
    # wide (Inter's own is 0.154 em in Bold) at every size: the gap between
    # the digits around it, from pdfminer's character boxes.
    chars = [c for page in extract_pages(os.path.join(out, "t.fr.pdf"))
             for c in all_chars(page)]
    gaps = {}
    for i in range(1, len(chars) - 1):
        c = chars[i]
        if (c.get_text() == NNBSP and chars[i - 1].get_text().isdigit()
                and chars[i + 1].get_text().isdigit()):
            gap = (chars[i + 1].x0 - chars[i - 1].x1) / c.size
            gaps.setdefault(round(c.size, 1), []).append(gap)
    check(len(gaps) >= 2, f"group separators at two sizes or more: {sorted(gaps)}")
    for size, gs in sorted(gaps.items()):
        check(min(gs) >= 0.195, f"group gap at {size} pt: {min(gs):.3f} em, want >= 0.2")
    check(26.0 in gaps, f"the tile's 1 100 is at 26 pt: {sorted(gaps)}")

    # Tabular figures in charts (axes, values): every digit one advance;
    # proportional in a tile's big figure, where a 1 is narrower than a 0.
    def widths(pred):
        w = {}
        for c in chars:
            if c.get_text() in "0123456789" and pred(c):
                w.setdefault(c.get_text(), set()).add(round(c.width / c.size, 3))
        return w
    # The ticks are the only Regular text at 8.5 pt (a tile's change is
    # SemiBold).
    axis = widths(lambda c: round(c.size, 1) == 8.5 and "Regular" in c.fontname)
    check("1" in axis and "0" in axis and axis["1"] == axis["0"],
          f"tabular figures on the axis: {axis}")
    tile = widths(lambda c: c.size > 20)
    check("1" in tile and "0" in tile and max(tile["1"]) < min(tile["0"]),
          f"proportional figures in a tile: {tile}")

    # The workbook keeps real, signed numbers.
    try:
        import openpyxl
        wb = openpyxl.load_workbook(os.path.join(out, "t.fr.xlsx"))
        values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        check(-1200000 in values, "the workbook holds -1200000 as a number")
        check(12500000000 in values, "the workbook holds 12500000000 as a number")
    except ImportError:
        pass

# Ordinals: the suffix set as a superscript on the page (Inter's own
# superscript letters, OpenType sups: narrower than the letters), the PDF's
# text keeping the plain letters; French forms in the French edition,
# English ones in the English edition, and nothing that only looks like
# one (1e5, A4e, 1,5e, a URL).
ORDINALS = """\
format: 1
report:
  title: { fr: La 46e édition, en: The 46th edition }
  date: 2025-01-15
  languages: [fr, en]
metrics:
  - id: rank
    label: { fr: "place, 1re en Europe", en: "place, 1st in Europe" }
    value: 46
pages:
  - title: { fr: Le 1er bilan, en: The 1st review }
    blocks:
      - kpis: [rank]
      - text:
          fr: "Au XXIe siècle, la 2nde fois, la 3ème, le 46e rang. Hors sujet : 1e5, A4e, 1,5e, https://x.fr/2e et le 46th."
          en: "In the 21st century, the 2nd time, the 3rd, 11th and 46th rank. Off topic: 1e5, 2e, the 46e."
"""


def raised(chars, word, letters):
    """For each `word` on the page, whether its last `letters` letters are
    narrower together, against the size of the character before them,
    than the same letters at their widest on the page, in ems: superscript
    forms, or smaller letters.  None when the word is not there."""
    em = {}
    for c in chars:
        em[c.get_text()] = max(em.get(c.get_text(), 0), c.width / c.size)
    found = []
    text = "".join(c.get_text() for c in chars)
    for m in re.finditer(re.escape(word), text):
        base = chars[m.end() - letters - 1].size
        ends = chars[m.end() - letters:m.end()]
        found.append(sum(c.width for c in ends)
                     < 0.85 * base * sum(em[c.get_text()] for c in ends))
    return found or None


with kftest.temp_dir() as tmp:
    out = build(tmp, ORDINALS, "o.yaml")
    want = {"fr": [("46e", 1), ("1er", 2), ("1re", 2), ("XXIe", 1), ("2nde", 3), ("3\u00e8me", 3)],
            "en": [("46th", 2), ("1st", 2), ("21st", 2), ("2nd", 2), ("3rd", 2), ("11th", 2)]}
    not_ordinals = {"fr": [("1e5", 2), ("A4e", 1), ("1,5e", 1), ("/2e", 1), ("46th", 2)],
                    "en": [("1e5", 2), ("2e", 1), ("46e", 1)]}
    for lang in ("fr", "en"):
        pdf = os.path.join(out, f"o.{lang}.pdf")
        chars = [c for page in extract_pages(pdf) for c in all_chars(page)]
        text = extract_text(pdf)
        for word, n in want[lang]:
            check(word in text, f"{lang}: the text layer reads {word!r}")
            got = raised(chars, word, n)
            check(got and all(got), f"{lang}: {word!r} has its suffix raised: {got}")
        for word, n in not_ordinals[lang]:
            got = raised(chars, word, n)
            check(got is not None and not any(got), f"{lang}: {word!r} left as typed: {got}")
        # pdftotext too reads the raised letters on their line.
        title = {"fr": "La 46e \u00e9dition", "en": "The 46th edition"}[lang]
        check(title in kftest.pdf_text(pdf), f"{lang}: pdftotext reads {title!r}")

    # A brand font without superscript letters (Open Sans has no sups):
    # the suffix smaller and raised, still read whole.
    OPEN_SANS = "/usr/share/fonts/truetype/open-sans"
    if os.path.isdir(OPEN_SANS):
        fonts = os.path.join(tmp, "brand", "fonts")
        os.makedirs(fonts)
        for name in os.listdir(OPEN_SANS):
            if name.startswith("OpenSans-") and name.endswith(".ttf"):
                shutil.copy(os.path.join(OPEN_SANS, name), fonts)
        brand = ORDINALS.replace("  languages: [fr, en]\n",
                                 "  languages: [fr, en]\n  theme: { font: Open Sans, fonts: fonts }\n")
        path = kftest.write(os.path.join(tmp, "brand", "b.yaml"), brand)
        r = kftest.keyfig("build", path, "-o", os.path.join(tmp, "brand"), "-f", "pdf", "--lang", "fr")
        check(r.returncode == 0, "the Open Sans report builds", r.stderr)
        pdf = os.path.join(tmp, "brand", "b.fr.pdf")
        chars = [c for page in extract_pages(pdf) for c in all_chars(page)]
        for word, n in want["fr"]:
            got = raised(chars, word, n)
            check(got and all(got), f"Open Sans: {word!r} has its suffix raised: {got}")
        check("La 46e \u00e9dition" in kftest.pdf_text(pdf), "Open Sans: pdftotext reads 'La 46e \u00e9dition'")

sys.exit(kftest.finish())
