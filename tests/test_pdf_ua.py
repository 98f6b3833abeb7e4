"""PDF/UA-1: checks every example in figures/ and every test report with
tools keyfig did not write (pikepdf, which reads with qpdf; poppler's
pdfinfo; qpdf --check), rule by rule:

  - the catalog's /Lang is the edition's language; /MarkInfo /Marked true;
    /ViewerPreferences /DisplayDocTitle true;
  - the XMP packet parses, has dc:title (the document's title) and
    pdfuaid:part 1;
  - every Figure has a non-empty /Alt; the headings nest (the first is an
    H1, none skips a level);
  - every marked-content sequence on a page is either an /Artifact or
    tagged with an MCID that the parent tree maps to an element of that
    type, and nothing is drawn outside marked content;
  - every link annotation has /Contents and belongs to a Link element;
    every page with annotations has /Tabs /S;
  - qpdf --check finds nothing.
Then the chart texts themselves (the issue's example, the English
edition, `alt:` overrides), and the structure tree's text
(`pdfinfo -struct-text`) against the reviewed golden files in
tests/reference/struct/.

    REGEN=1 tests/test_pdf_ua.py   rewrites the golden files (review the
                                   git diff)"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

import kftest
from kftest import SOURCE_DIR, check

GOLDEN = os.path.join(SOURCE_DIR, "tests", "reference", "struct")
regen = os.environ.get("REGEN") == "1"

kftest.need_modules("pikepdf", "yaml")
import pikepdf  # noqa: E402
import yaml  # noqa: E402

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}
# Operators that put marks on the page (ISO 32000-1, tables 59, 60, 107,
# 109, 92): none may be outside marked content.
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n", "sh", "Do", "BI",
         "Tj", "TJ", "'", '"'}
tables = {}  # report name: how many Table elements


def fold(s):
    return s.replace("\u202f", " ").replace("\u00a0", " ")


def expected_langs(path):
    """{edition suffix: language} for a report file: ".fr" -> "fr" for a
    bilingual one, "" -> its locale's language for a single edition."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) if not path.endswith(".json") else __import__("json").load(f)
    rep = doc.get("report", {})
    langs = rep.get("languages")
    if langs and len(langs) > 1:
        return {f".{l}": l for l in langs}
    if langs:
        return {"": langs[0]}
    return {"": (rep.get("locale") or "fr-FR")[:2]}


def struct_elements(root):
    """The structure elements in tree order, as (element, depth)."""
    out = []

    def walk(e, depth):
        if not isinstance(e, pikepdf.Dictionary) or "/S" not in e:
            return
        out.append((e, depth))
        k = e.get("/K")
        for kid in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
            walk(kid, depth + 1)

    k = root.StructTreeRoot.get("/K")
    for kid in (k if isinstance(k, pikepdf.Array) else [k]):
        walk(kid, 0)
    return out


def parent_tree(root):
    nums = root.StructTreeRoot.ParentTree.get("/Nums", [])
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def check_pdf(pdf, lang, name, charts=True):
    r = kftest.run("qpdf", "--check", pdf)
    check(r.returncode == 0 and "WARNING" not in r.stdout + r.stderr,
          f"{name}: qpdf --check is clean: {r.stdout[-300:]} {r.stderr[-300:]}")
    doc = pikepdf.open(pdf)
    root = doc.Root
    check(str(root.get("/Lang", "")).split("-")[0] == lang and
          re.fullmatch(r"[a-z]{2}-[A-Z]{2}", str(root.get("/Lang", ""))),
          f"{name}: /Lang {root.get('/Lang')} is the edition's ({lang})")
    check(root.get("/MarkInfo", {}).get("/Marked") is True, f"{name}: /MarkInfo /Marked true")
    check(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True,
          f"{name}: /ViewerPreferences /DisplayDocTitle true")
    # XMP: parses, identifies PDF/UA-1 with the pdfuaid prefix, titled.
    check("/Metadata" in root, f"{name}: the catalog has an XMP /Metadata stream")
    xmp_bytes = root.Metadata.read_bytes() if "/Metadata" in root else b"<?x?><x/><?xpacket?>"
    try:
        xmp = ET.fromstring(xmp_bytes.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    except ET.ParseError as e:
        check(False, f"{name}: the XMP packet parses: {e}")
        xmp = ET.fromstring("<x/>")
    part = xmp.find(".//pdfuaid:part", NS)
    check(part is not None and part.text == "1", f"{name}: XMP pdfuaid:part is 1")
    check(b"<pdfuaid:part>" in xmp_bytes, f"{name}: XMP uses the pdfuaid prefix")
    title = xmp.find(".//dc:title/rdf:Alt/rdf:li", NS)
    check(title is not None and title.text == str(doc.docinfo.get("/Title")),
          f"{name}: XMP dc:title is the document's title")
    # ... and agrees with the document information dictionary.
    for path, key in ((".//pdf:Producer", "/Producer"), (".//xmp:CreatorTool", "/Creator"),
                      (".//dc:creator/rdf:Seq/rdf:li", "/Author")):
        node = xmp.find(path, NS)
        info = doc.docinfo.get(key)
        check((node is None and info is None) or (node is not None and info is not None and node.text == str(info)),
              f"{name}: XMP {path} is the information dictionary's {key}: {node is not None and node.text!r} {info!r}")
    # The structure tree.
    elems = struct_elements(root)
    check(len(elems) > 1 and str(elems[0][0].S) == "/Document" and len(root.StructTreeRoot.K) == 1,
          f"{name}: one Document element holds the structure")
    figures = [e for e, _ in elems if e.S == "/Figure"]
    check(bool(figures) == charts, f"{name}: has figures: {len(figures)}")
    for e in figures:
        check(len(str(e.get("/Alt", "")).strip()) > 0, f"{name}: a Figure without /Alt")
    # Tables: rows of cells, every header cell with its /Scope.
    for e, _ in elems:
        if e.S == "/Table":
            rows = e.K if isinstance(e.K, pikepdf.Array) else [e.K]
            check(rows and all(r.S == "/TR" for r in rows), f"{name}: a Table holds TR rows")
            for r in rows:
                cells = r.K if isinstance(r.K, pikepdf.Array) else [r.K]
                check(cells and all(c.S in ("/TH", "/TD") for c in cells), f"{name}: a TR holds TH and TD cells")
        if e.S == "/TH":
            scope = e.get("/A", {}).get("/Scope")
            check(scope in ("/Row", "/Column"), f"{name}: a TH without /Scope: {scope}")
    levels = [int(str(e.S)[2:]) for e, _ in elems if re.fullmatch(r"/H[1-6]", str(e.S))]
    check(levels and levels[0] == 1, f"{name}: the first heading is an H1: {levels[:3]}")
    for a, b in zip(levels, levels[1:]):
        check(b <= a + 1, f"{name}: heading H{b} after H{a} skips a level")
    # Marked content, page by page.
    parents = parent_tree(root)
    for n, page in enumerate(doc.pages, 1):
        mcids = parents.get(int(page.obj.get("/StructParents", -1)))
        stack, loose = [], []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                if tag != "/Artifact":
                    props = operands[1] if op == "BDC" else {}
                    mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                    owner = mcids[int(mcid)] if mcid is not None and mcids is not None and int(mcid) < len(mcids) else None
                    check(owner is not None and str(owner.S) == tag,
                          f"{name} p{n}: {tag} MCID {mcid} belongs to an element of its type")
                stack.append(tag)
            elif op == "EMC":
                check(stack, f"{name} p{n}: EMC without BDC")
                stack = stack[:-1]
            elif op in PAINT and not stack:
                loose.append(op)
        check(not stack, f"{name} p{n}: marked content left open")
        check(not loose, f"{name} p{n}: {len(loose)} operations drawn neither tagged nor as artifacts: {loose[:5]}")
        annots = page.obj.get("/Annots")
        if annots:
            check(page.obj.get("/Tabs") == "/S", f"{name} p{n}: a page with annotations has /Tabs /S")
            for a in annots:
                if a.get("/Subtype") != "/Link":
                    continue
                check(len(str(a.get("/Contents", ""))) > 0, f"{name} p{n}: a link without /Contents")
                owner = parents.get(int(a.get("/StructParent", -1)))
                check(owner is not None and owner.S == "/Link",
                      f"{name} p{n}: a link annotation belongs to a Link element")
    tables[name] = sum(1 for e, _ in elems if e.S == "/Table")
    return doc, [str(e.get("/Alt", "")) for e in figures]


def struct_text(pdf):
    r = kftest.run("pdfinfo", "-struct-text", pdf)
    check(not r.stderr.strip(), f"{pdf}: pdfinfo reads the structure without warnings: {r.stderr[:300]}")
    # Object numbers of annotations change with any edit of the file.
    return re.sub(r"Object \d+ \d+", "Object", r.stdout)


reports = sorted(glob.glob(os.path.join(SOURCE_DIR, "figures", "*.yaml")))
reports += sorted(glob.glob(os.path.join(SOURCE_DIR, "tests", "data", "*.yaml")))
reports += sorted(glob.glob(os.path.join(SOURCE_DIR, "tests", "data", "*.json")))
alts = {}
with kftest.temp_dir() as tmp:
    goldens = {}
    for path in reports:
        stem = os.path.splitext(os.path.basename(path))[0]
        out = os.path.join(tmp, stem)
        r = kftest.keyfig("build", path, "-o", out, "-f", "pdf")
        check(r.returncode == 0, f"{stem} builds: {r.stderr}")
        if r.returncode:
            continue
        for suffix, lang in expected_langs(path).items():
            pdf = os.path.join(out, f"{stem}{suffix}.pdf")
            check(os.path.exists(pdf), f"{pdf} written")
            if os.path.exists(pdf):
                doc, alts[stem + suffix] = check_pdf(pdf, lang, stem + suffix)
                if path.startswith(os.path.join(SOURCE_DIR, "figures")):
                    goldens[f"{stem}{suffix}.txt"] = struct_text(pdf)

    # The bilingual example gives one French and one English document.
    check({"paris-saclay-bilingual.fr", "paris-saclay-bilingual.en"} <= set(alts),
          "the bilingual example has a French and an English edition")

    # The appendix (report.appendix: data) is tables, each chart's data
    # one; the other examples have none.
    with open(os.path.join(SOURCE_DIR, "figures", "paris-saclay-briefing.yaml"), encoding="utf-8") as f:
        brief = yaml.safe_load(f)
    shown = {str(b["chart"]["series"]) for p in brief["pages"] for b in p["blocks"]
             if "chart" in b and "series" in b["chart"]}
    check(tables.get("paris-saclay-briefing", 0) >= len(shown) > 0,
          f"the briefing's appendix is a table per series shown ({len(shown)}): {tables}")
    check(tables.get("paris-saclay") == 0, f"no table without an appendix: {tables}")

    # The chart texts: the example, word for word; the English
    # edition in English with its number formats.
    want = ("Temps de trajet depuis le campus avec la ligne 18 : Gare TGV de Massy 6 min, "
            "Aéroport d'Orly 13 min, Paris intra-muros 25 min")
    check(want in [fold(a) for a in alts.get("paris-saclay", [])], f"the hbar reads {want!r}: {alts.get('paris-saclay')}")
    check(any("\u00a0: " in a for a in alts.get("paris-saclay", [])), "French puts a no-break space before the colon")
    en = " | ".join(fold(a) for a in alts.get("paris-saclay-bilingual.en", []))
    check("Massy TGV station 6 min" in en and "Gare" not in en, f"the English edition reads in English: {en}")
    check("2,500" in en or "1,000,000" in en or "(25%)" in en, f"the English edition's number formats: {en}")

    # alt: one text, or one per language, replaces the written one.
    with open(os.path.join(SOURCE_DIR, "figures", "paris-saclay-bilingual.yaml"), encoding="utf-8") as f:
        src = f.read()
    doc = yaml.safe_load(src)
    first_chart = next(b["chart"] for p in doc["pages"] for b in p["blocks"] if "chart" in b)
    first_chart["alt"] = {"fr": "Texte choisi par l'auteur", "en": "The author's own text"}
    custom = os.path.join(tmp, "custom.yaml")
    with open(custom, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True)
    out = os.path.join(tmp, "custom")
    r = kftest.keyfig("build", custom, "-o", out, "-f", "pdf")
    check(r.returncode == 0, f"a report with alt: per language builds: {r.stderr}")
    if r.returncode == 0:
        for lang, text in (("fr", "Texte choisi par l'auteur"), ("en", "The author's own text")):
            _, got = check_pdf(os.path.join(out, f"custom.{lang}.pdf"), lang, f"custom.{lang}")
            check(got and got[0] == text, f"alt: {lang} is the first figure's /Alt: {got[:1]}")
    first_chart["alt"] = "Un seul texte"
    doc["report"]["fallback_language"] = "fr"
    with open(custom, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True)
    r = kftest.keyfig("build", custom, "-o", out, "-f", "pdf", "--lang", "en")
    check(r.returncode == 0, f"a report with one alt: text builds: {r.stderr}")
    if r.returncode == 0:
        got = [str(e.Alt) for e, _ in struct_elements(pikepdf.open(os.path.join(out, "custom.en.pdf")).Root)
               if e.S == "/Figure"]
        check(got and got[0] == "Un seul texte", f"alt: one text is used as it is: {got[:1]}")

    # A chart of two series: its appendix table has a header row, whose
    # cells head columns; each row's label heads its row.
    two = os.path.join(tmp, "two.yaml")
    with open(two, "w", encoding="utf-8") as f:
        f.write("""format: 1
report: { title: Members, date: 2025-01-15, appendix: data, locale: en-GB }
series:
  - { id: a, title: Founding, points: [{label: "2022", value: 10}, {label: "2023", value: 12}] }
  - { id: b, title: Associate, points: [{label: "2022", value: 3}, {label: "2023", value: 5}] }
pages:
  - { title: Members, blocks: [{ chart: { type: stacked, series: [a, b], title: Members by year } }] }
""")
    r = kftest.keyfig("build", two, "-o", os.path.join(tmp, "two"), "-f", "pdf")
    check(r.returncode == 0, f"a report of two series builds: {r.stderr}")
    if r.returncode == 0:
        pdf = os.path.join(tmp, "two", "two.pdf")
        doc, got = check_pdf(pdf, "en", "two")
        check(got == ["Members by year: 2022 (Founding 10, Associate 3); 2023 (Founding 12, Associate 5)"],
              f"a stacked chart reads bar by bar: {got}")
        rows = [[(str(c.S), str(c.get("/A", {}).get("/Scope", ""))) for c in tr.K]
                for e, _ in struct_elements(doc.Root) if e.S == "/Table" for tr in e.K]
        check(rows[:2] == [[("/TH", "/Column"), ("/TH", "/Column")],
                           [("/TH", "/Row"), ("/TD", ""), ("/TD", "")]],
              f"header row, then a row headed by its label: {rows[:2]}")

    # A tile reads its number, unit, label, then its change; its sparkline
    # is drawn as an artifact (check_pdf: nothing drawn outside marked
    # content).
    tile = os.path.join(tmp, "tile.yaml")
    with open(tile, "w", encoding="utf-8") as f:
        f.write("""format: 1
report: { title: Tiles, date: 2025-01-15, locale: fr-FR }
sources: [{ id: s, title: Rapport, date: 2024-12 }]
series: [{ id: sp, title: Évolution, points: [{label: '2021', value: 1}, {label: '2022', value: 3}] }]
metrics:
  - { id: m, label: chercheurs, value: 21.5, unit: "%", decimals: 1, previous: 20, previous_as_of: 2023,
      source: s, sparkline: sp }
pages: [{ title: P, blocks: [{ kpis: [m] }] }]
""")
    r = kftest.keyfig("build", tile, "-o", os.path.join(tmp, "tile"), "-f", "pdf")
    check(r.returncode == 0, f"a tile with a change builds: {r.stderr}")
    if r.returncode == 0:
        pdf = os.path.join(tmp, "tile", "tile.pdf")
        check_pdf(pdf, "fr", "tile", charts=False)
        text = fold(" ".join(l.strip() for l in struct_text(pdf).splitlines()))
        # In that order, and word by word: a space (an invisible glyph)
        # between the figure and its label, and before the change.
        check(re.search(r'P \(block\) "21,5 % chercheurs " Link \(inline\) Object "1 " "▲ \+1,5 pt vs 2023"', text),
              f"the tile reads number, unit, label, source, change: {text}")

    # A chart cut across sheets is read whole once, at its first piece.
    long = os.path.join(tmp, "long.yaml")
    with open(long, "w", encoding="utf-8") as f:
        pts = ", ".join(f'{{label: "Point {i}", value: {i}}}' for i in range(1, 91))
        f.write(f"""format: 1
report: {{ title: Long, date: 2025-01-15, locale: en-GB }}
series: [{{ id: s, title: Ninety points, points: [{pts}] }}]
pages: [{{ title: P, blocks: [{{ chart: {{ type: hbar, series: s }} }}] }}]
""")
    r = kftest.keyfig("build", long, "-o", os.path.join(tmp, "long"), "-f", "pdf")
    check(r.returncode == 0, f"a 90-point hbar builds: {r.stderr}")
    if r.returncode == 0:
        _, got = check_pdf(os.path.join(tmp, "long", "long.pdf"), "en", "long")
        check(len(got) > 1 and got[0].startswith("Ninety points: Point 1 1, Point 2 2")
              and got[0].endswith("Point 90 90")
              and set(got[1:]) == {"Continuation of the previous chart"},
              f"the first piece reads every point, the others say they continue it: {[g[:40] for g in got]}")

    # The structure tree's text, reviewed.
    if regen:
        os.makedirs(GOLDEN, exist_ok=True)
        for n in os.listdir(GOLDEN):
            os.remove(os.path.join(GOLDEN, n))
        for n, text in goldens.items():
            with open(os.path.join(GOLDEN, n), "w", encoding="utf-8") as f:
                f.write(text)
        print(f"wrote {len(goldens)} files in {GOLDEN}")
    else:
        for n, text in sorted(goldens.items()):
            ref = os.path.join(GOLDEN, n)
            if not os.path.exists(ref):
                check(False, f"{ref} missing (make regen, then review it)")
                continue
            with open(ref, encoding="utf-8") as f:
                check(f.read() == text, f"{n}: the structure's text differs from {ref} (make regen, review the diff)")

sys.exit(kftest.finish())
