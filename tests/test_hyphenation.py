"""test_hyphenation: text blocks in narrow columns are hyphenated by their
edition's language, as a reader of the PDF sees them.

A report in two editions (fr-FR, en-GB) of three pages on A4 portrait: a
row of three text blocks about Paris-Saclay, a long paragraph in a column
a third of the page wide, and a row of three blocks of codes too long for
their column.  From each page's glyphs (pdfminer), each column's lines in
order; then:

- the French edition's words are hyphenated (a few at least), each at a
  point the French patterns (Debian's hyphen-fr, read here by a Liang
  hyphenator of this file's own) allow, with 2 letters at least before
  the hyphen and 3 after; a word joined by hyphens ("Saint-Quentin-en-
  Yvelines") breaks only at its own hyphens, and no number, URL, acronym
  or word with a digit is hyphenated;
- the English edition's the same by the English patterns (hyphen-en-gb),
  one of its breaks at least one the French patterns would not make
  ("in-nov-a-tion", not "in-no-va-tion");
- no line is one letter or a lone hyphen, and no piece of a word cut
  across lines is one letter ("ABCDEFGHIJKLMNOPQRSTUV-" / "W");
- the hyphen a break adds is a soft hyphen (U+00AD) in the PDF's text,
  a word's own hyphen at a line's end ("Paris-" / "Saclay") a '-':
  pdfminer's lines and pdftotext's text give every word back whole once
  each soft hyphen and the line break after it are taken out, and the
  structure's text (what a screen reader reads) has every word whole,
  "interdisciplinaires" as it is written, never "interdis-ciplinaires"
  nor parted by a space, and "Saint-Quentin-en-Yvelines" with its
  hyphens.
"""
import os
import re
import sys

import kftest
from kftest import check

kftest.need_modules("pdfminer")
kftest.need_programs("pdftotext", "pdfinfo")
from pdfminer.high_level import extract_pages  # noqa: E402
from pdfminer.layout import LTChar  # noqa: E402

HYPHEN_DIR = os.environ.get("KEYFIG_HYPHEN_DIR") or "/usr/share/hyphen"


class Patterns:
    """Liang's hyphenation over one of Debian's pattern files, with the
    rules keyfig documents: 2 letters at least before a hyphen, 3 after
    (more where the file asks)."""

    def __init__(self, name):
        self.table = {}
        self.left, self.right = 2, 3
        path = os.path.join(HYPHEN_DIR, name)
        if not os.path.exists(path):
            kftest.skip(f"{path} is missing (scripts/deps.sh installs it)")
        with open(path, encoding="utf-8") as f:
            next(f)  # the character set
            for line in f:
                line = line.strip()
                m = re.match(r"(LEFT|RIGHT)HYPHENMIN (\d+)", line)
                if m:
                    if m.group(1) == "LEFT":
                        self.left = max(2, int(m.group(2)))
                    else:
                        self.right = max(3, int(m.group(2)))
                    continue
                if (not line or line[0] == "%" or line[0].isupper()
                        or "'" in line):
                    continue
                letters = re.sub(r"\d", "", line).lower()
                values = [0] * (len(letters) + 1)
                k = 0
                for c in line:
                    if c.isdigit():
                        values[k] = int(c)
                    else:
                        k += 1
                self.table[letters] = values

    def points(self, word):
        """The places (counts of letters before) where `word` may be
        hyphenated."""
        w = "." + word.lower() + "."
        votes = [0] * (len(w) + 1)
        for i in range(len(w)):
            for j in range(i + 1, len(w) + 1):
                v = self.table.get(w[i:j])
                if v:
                    for k, x in enumerate(v):
                        votes[i + k] = max(votes[i + k], x)
        n = len(word)
        return {i for i in range(1, n) if votes[i + 1] % 2 == 1
                and i >= self.left and n - i >= self.right}


FRENCH = Patterns("hyph_fr.dic")
ENGLISH = Patterns("hyph_en_GB.dic")

TEXTS = {
    "fr": [
        "Paris-Saclay pèse **21 % de la recherche nationale** et se présente "
        "comme un écosystème d'open innovation unique en Europe. Le territoire "
        "compte 320 laboratoires et instituts de recherche publics, dont 42 "
        "spécialisés en intelligence artificielle.",
        "Les talents suivent : la recherche publique et privée de Paris-Saclay "
        "réunit **40 % des emplois de la recherche d'Île-de-France**, et les "
        "start-up qui utilisent l'IA ont créé 2 500 emplois entre 2010 et "
        "2021. Voir https://www.epaps.fr/innovation-territoriale pour le détail.",
        "L'institut DATAIA fédère la recherche en intelligence artificielle du "
        "territoire : il rassemble les établissements d'enseignement supérieur, "
        "les organismes nationaux et les entreprises technologiques de "
        "Saint-Quentin-en-Yvelines.",
    ],
    "en": [
        "Paris-Saclay accounts for **21% of France's national research** and "
        "presents itself as an open innovation ecosystem unique in Europe. The "
        "territory counts 320 public laboratories and research institutes, 42 "
        "of them specialised in artificial intelligence.",
        "Talent follows: public and private research at Paris-Saclay brings "
        "together **40% of the research jobs of the Île-de-France region**, and "
        "the start-ups using AI created 2,500 jobs between 2010 and 2021. See "
        "https://www.epaps.fr/innovation-territoriale for details.",
        "The DATAIA institute federates the artificial intelligence research of "
        "the territory: it brings together higher-education establishments, "
        "national organisations and technology companies of "
        "Saint-Quentin-en-Yvelines.",
    ],
}
LONG = {
    "fr": "Le plateau de Paris-Saclay accueille aujourd'hui près de 15 % de la "
          "recherche publique française, avec des établissements prestigieux "
          "comme l'université Paris-Saclay, l'École polytechnique, "
          "CentraleSupélec et le Commissariat à l'énergie atomique et aux "
          "énergies alternatives. Les collaborations interdisciplinaires entre "
          "chercheurs, ingénieurs et entrepreneurs y transforment durablement "
          "l'écosystème d'innovation : incubateurs, accélérateurs et "
          "laboratoires communs multiplient les expérimentations "
          "technologiques et les informations partagées.",
    "en": "The Paris-Saclay plateau today hosts nearly 15% of French public "
          "research, with prestigious establishments such as Université "
          "Paris-Saclay, École polytechnique, CentraleSupélec and the French "
          "Alternative Energies and Atomic Energy Commission. Interdisciplinary "
          "collaborations between researchers, engineers and entrepreneurs "
          "durably transform its innovation ecosystem: incubators, accelerators "
          "and joint laboratories multiply technological experimentations and "
          "shared information.",
}
# Codes of 18 to 29 letters, too wide for a third of A4: each is cut
# between two letters, with a hyphen.
CODES = " ".join("ABCDEFGHIJKLMNOPQRSTUVWXYZABC"[:k] for k in range(18, 30))
# Numbers too wide for a quarter of A4: cut with no hyphen, a grouped one
# after a group.
NUMBERS = {
    "fr": ["Le code 1234567890123456789012345678901 sans groupes.",
           "Le total 1 600 000 000 000 000 000 000 en groupes.",
           "Environ 3,14159265358979323846264338327950 décimales."],
    "en": ["The code 1234567890123456789012345678901 without groups.",
           "The total 1,600,000,000,000,000,000,000 in groups.",
           "About 3.14159265358979323846264338327950 decimals."],
}
DIGITS = ["1234567890123456789012345678901",
          "1600000000000000000000",
          "314159265358979323846264338327950"]


def q(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def report():
    def per_lang(texts):
        return "{ fr: %s, en: %s }" % (q(texts["fr"]), q(texts["en"]))

    row = "\n".join(f"          - text: {per_lang({k: TEXTS[k][i] for k in TEXTS})}"
                    for i in range(3))
    numbers = "\n".join(
        f"          - text: {per_lang({k: NUMBERS[k][i] for k in NUMBERS})}"
        for i in range(3))
    return f"""format: 1
report:
  title: {{ fr: Colonnes étroites, en: Narrow columns }}
  organisation: EPA Paris-Saclay
  date: 2025-01-15
  languages: [fr, en]
  paper: A4
pages:
  - title: {{ fr: Trois colonnes, en: Three columns }}
    blocks:
      - row:
{row}
  - title: {{ fr: Une colonne étroite, en: One narrow column }}
    blocks:
      - row:
          - text: {per_lang(LONG)}
          - text: {{ fr: "Un bloc large.", en: "A wide block." }}
            width: 2
  - title: Codes
    blocks:
      - row:
          - text: {q(CODES)}
          - text: "Un bloc voisin."
          - text: "Un bloc voisin."
  - title: {{ fr: Nombres, en: Numbers }}
    blocks:
      - row:
{numbers}
          - text: "Un bloc voisin."
"""


def page_columns(pdf):
    """Each page's text lines, column by column (left to right), top to
    bottom: lists of lists of strings.  A line is the glyphs (spaces
    included) of one baseline, parted where a gap wider than 8 pt opens
    (the gutter between two blocks of a row)."""
    pages = []
    for page in extract_pages(pdf):
        chars = []

        def walk(n):
            if isinstance(n, LTChar):
                chars.append(n)
                return
            for child in getattr(n, "_objs", []) or []:
                walk(child)
        walk(page)
        # Rows of glyphs within 2 pt of the row's lowest (a hyphen after
        # capitals is raised, "ABCDEFGHIJ-", and so is its box).
        rows = {}
        row = None
        for c in sorted(chars, key=lambda c: c.y0):
            if row is None or c.y0 - row > 2:
                row = c.y0
            rows.setdefault(row, []).append(c)
        segments = []  # (x0, top, text)
        for y, cs in rows.items():
            cs.sort(key=lambda c: c.x0)
            start, text, last = cs[0].x0, "", None
            for c in cs:
                if last is not None and c.x0 - last > 8:
                    segments.append((start, y, text))
                    start, text = c.x0, ""
                text += c.get_text()
                last = c.x1
            segments.append((start, y, text))
        columns = {}
        for x0, y, text in segments:
            if text.strip():
                columns.setdefault(round(x0 / 20), []).append((y, text.strip()))
        pages.append([[t for _, t in sorted(col, key=lambda e: -e[0])]
                      for _, col in sorted(columns.items())])
    return pages


def source_words(texts):
    words = set()
    for t in texts:
        words.update(re.findall(r"[\w'’-]+", t.replace("*", "")))
    return words


SOFT = "\u00ad"


def breaks(lines):
    """(before, after, soft) for each line ending in a hyphen or a soft
    hyphen after a letter: its last word, the next line's first, and
    whether it ends in the soft hyphen."""
    out = []
    for a, b in zip(lines, lines[1:]):
        if re.search(r"\w[-\u00ad]$", a):
            out.append((a.split()[-1], b.split()[0], a.endswith(SOFT)))
    return out


def whole(lines):
    """The lines read as a text: each soft hyphen ending a line taken out
    with the line break after it, a word's own hyphen ending one kept and
    joined to the next line's word, the other breaks spaces."""
    text = "\n".join(lines).replace(SOFT + "\n", "")
    return re.sub(r"\s+", " ", re.sub(r"(\w-)\n", r"\1", text))


def check_edition(pdf, lang, patterns, other):
    pages = page_columns(pdf)
    if not check(len(pages) == 4, f"{lang}: four sheets", str(len(pages))):
        return
    texts = TEXTS[lang] + [LONG[lang]]
    words = source_words(texts)
    cuts = own = 0
    only_here = []
    for p, columns in enumerate(pages[:2]):
        for lines in columns:
            for before, after, soft in breaks(lines):
                head = before.split("'")[-1].split("’")[-1][:-1]
                tail = re.match(r"[\w-]*", after).group(0)
                if not soft:
                    # A '-' ends a line only where the word has its own.
                    check(any(head + "-" + tail in w for w in words),
                          f"{lang} sheet {p + 1}: '{before}' / '{after}' "
                          "ends in a hyphen of the word's own, not one the "
                          "break added (that one is a soft hyphen)")
                    own += 1
                    continue
                word = head + re.match(r"\w*", tail).group(0)
                known = [w for w in words if word in w.replace("'", " ").replace("’", " ").split()
                         or w.endswith(word)]
                allowed = (word.isalpha() and word[1:].islower()
                           and len(head) in patterns.points(word))
                check(known and allowed,
                      f"{lang} sheet {p + 1}: '{before}' / '{after}' is a break "
                      f"the {lang} patterns allow in a word of the text",
                      f"word {word!r}, points {sorted(patterns.points(word))}")
                cuts += 1
                if len(head) not in other.points(word):
                    only_here.append(f"{head}-{word[len(head):]}")
    check(cuts >= 4, f"{lang}: words of the narrow columns are hyphenated",
          f"{cuts} hyphenated")
    # At most two lines in a row end in a hyphen, a break's or a word's
    # own (the codes, too long for a line, must be cut).
    for p, columns in enumerate(pages[:2]):
        for lines in columns:
            row = most = 0
            for a, b in zip(lines, lines[1:]):
                row = row + 1 if re.search(r"\w[-\u00ad]$", a) else 0
                most = max(most, row)
            check(most <= 2, f"{lang} sheet {p + 1}: at most two lines in a "
                  "row end in a hyphen", f"{most} in {lines}")
    check(own >= 1, f"{lang}: a word joined by hyphens breaks at its own hyphen")
    if lang == "en":
        check(only_here, "en: hyphenated by the English patterns: a break the "
              "French ones would not make")
    # No line of one letter or a lone hyphen; no one-letter piece of a cut.
    for p, columns in enumerate(pages):
        for lines in columns:
            lone = [l for l in lines if re.fullmatch(r"\w[-\u00ad]?|[-–—]", l)]
            check(not lone, f"{lang} sheet {p + 1}: no line of one letter or "
                  "a lone dash", str(lone))
            pieces = [(a, b) for a, b, _ in breaks(lines)
                      if re.match(r"\w(\W|$)", b)]
            check(not pieces, f"{lang} sheet {p + 1}: no cut leaves one letter",
                  str(pieces))
    codes = [l for col in pages[2] for l in col if l.startswith("ABC") or
             re.match(r"[A-Z]+$", l)]
    check(sum(1 for l in codes if l.endswith(SOFT)) >= 5,
          f"{lang}: the codes too long for their column are cut, a soft "
          "hyphen ending each piece in the PDF's text", str(codes[:8]))
    # The text layer: every word whole once the soft hyphens ending lines
    # are read as such, in pdfminer's lines and pdftotext's text.
    long_words = [w for w in words if w.isalpha() and len(w) >= 7]
    compounds = [w for w in words if re.fullmatch(r"\w+(-\w+)+", w)]
    mined = " ".join(whole(lines) for columns in pages[:2]
                     for lines in columns)
    missing = [w for w in long_words + compounds if w not in mined]
    check(not missing, f"{lang}: pdfminer's lines give every word back "
          "whole, compounds with their hyphens", str(missing[:8]))
    plain = kftest.pdf_text(pdf)
    flat = re.sub(r"\s+", " ", plain.replace(SOFT + "\n", ""))
    missing = [w for w in long_words if w not in flat]
    check(not missing, f"{lang}: pdftotext gives every word back whole",
          str(missing[:8]))
    # What a screen reader reads: the words as written.
    struct = kftest.run("pdfinfo", "-struct-text", pdf).stdout
    readable = re.sub(r"\s+", " ", struct)
    missing = [w for w in long_words + compounds if w not in readable]
    check(not missing, f"{lang}: the structure's text has every word "
          "whole, compounds with their hyphens", str(missing[:8]))
    parted = re.findall(r"\w+[-\u00ad]\s*[a-zé]\w*", struct)
    parted = [x for x in parted if not any(
        x.replace(" ", "") in w for w in words)]
    check(not parted, f"{lang}: the structure's text never parts a "
          "hyphenated word with a hyphen or a space", str(parted[:5]))
    # Numbers: cut with no hyphen (one between digits reads as a minus or
    # a range), a grouped one after a group.
    for lines, digits in zip(pages[3], DIGITS):
        cut = [l for l in lines if re.search(r"[\d,.][-\u00ad]$", l)]
        check(not cut, f"{lang}: no number is cut with a hyphen", str(lines))
        joined = re.sub(r"[\s,.]", "", "".join(lines))
        check(digits in joined and len(lines) >= 3,
              f"{lang}: the number wider than its column is cut across "
              "lines, every digit kept", str(lines))
        if digits.startswith("16"):
            first = next(i for i, l in enumerate(lines) if re.search(r"\d", l))
            groups = [l for l in lines[first + 1:] if re.match(r"\d", l)]
            check(groups and all(re.match(r"\d{3}(\D|$)", l)
                                 for l in groups),
                  f"{lang}: a grouped number is parted after a group",
                  str(lines))
    for n, page in enumerate(extract_pages(pdf)):
        kftest.check_glyphs(page, f"{lang} sheet {n + 1}")


with kftest.temp_dir() as tmp:
    path = kftest.write(os.path.join(tmp, "narrow.yaml"), report())
    r = kftest.keyfig("build", path, "-o", tmp, "-f", "pdf")
    if check(r.returncode == 0, "the report builds", r.stderr):
        check_edition(os.path.join(tmp, "narrow.fr.pdf"), "fr", FRENCH, ENGLISH)
        check_edition(os.path.join(tmp, "narrow.en.pdf"), "en", ENGLISH, FRENCH)

sys.exit(kftest.finish())
