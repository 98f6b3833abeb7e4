#!/usr/bin/python3
"""test_xlsx.py: the workbook, read back by a reader keyfig did not write.

Builds figures/paris-saclay.yaml (fr-FR) and an en-US report of edge cases
written here (names that look like cells, colliding ids and sheet titles,
links, currencies, a previous value) with `keyfig build -f xlsx`, then reads
the workbooks with openpyxl, and the parts openpyxl does not read (charts,
document properties) with zipfile and ElementTree, and checks:

- every metric value equals the report's (percentages as fractions);
- every number format, rendered by the small emulation of Excel's number
  format grammar below, shows exactly the text the PDF prints
  (kf_format_number: "21 %" with U+202F, "30 M€" with U+00A0...);
- every series sheet holds its points and a native chart of the PDF's type
  over the right ranges, with the same number format on its labels;
- every metric id is a defined name resolving to its value cell;
- sources with a url are hyperlinks; sheet names are valid and unique;
- document properties, and two builds are byte-identical;
- LibreOffice converts the workbook (skipped, with a message, without it).

Prints "N passed, M failed" and exits non-zero on failure.
"""
import datetime
import os
import re
import shutil
import sys
import time
import zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal, ROUND_HALF_UP

import openpyxl
import yaml

import kftest
from kftest import KEYFIG, SOURCE_DIR, check

NN = "\u202f"  # NARROW NO-BREAK SPACE: fr groups and "21 %"
NB = "\u00a0"  # NO-BREAK SPACE: before a unit

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
}

# --------------------------------------------------------------------------
# What the PDF prints (kf_format_number), per report
# --------------------------------------------------------------------------

PARIS_METRICS = {
    "research-share": "21" + NN + "%",
    "research-jobs-idf": "40" + NN + "%",
    "jean-zay": "125,9" + NB + "Pflop/s",
    "ai-labs": "42",
    "public-labs": "320",
    "ai-stars-share": "41" + NN + "%",
    "patients-served": "1" + NB + "million",
    "funds-raised": "30" + NB + "M€",
    "servier-rnd": "21,5" + NN + "%",
    "ai-startups-jobs": "2" + NN + "500",
}
PARIS_SERIES = {
    "line-18": ["6" + NB + "min", "13" + NB + "min", "25" + NB + "min"],
    "therapanacea-patients": ["1" + NN + "000" + NN + "000", "250" + NN + "000",
                              "80" + NN + "000"],
    "damae-devices": ["20", "60"],
    "dataia-publications": ["17", "6", "46", "47", "25"],
}
PARIS_NAMES = {m: m.replace("-", "_") for m in PARIS_METRICS}

EDGE_YAML = """\
format: 1
report:
  title: "Edge cases: names, links & formats"
  subtitle: A report that exercises the workbook
  organisation: keyfig tests
  date: 2024-06-30
  locale: en-US
  theme:
    primary: "#336699"
    accent: "#CC3300"
sources:
  - id: web
    title: A web page
    publisher: Example
    url: https://example.org/figures?a=1&b=2
    date: 2024-05
  - id: book
    title: A book without a link
metrics:
  - { id: A1, label: looks like a cell, value: 1600, source: web }
  - { id: R1C1, label: looks like an R1C1 cell, value: 21, unit: "%" }
  - { id: r, label: a reserved letter, value: 125.9, unit: Pflop/s, decimals: 1 }
  - { id: "true", label: a boolean, value: 30000000, unit: EUR, display: compact }
  - id: budget-2024
    label: a budget with a previous value
    value: 1200000000
    unit: GBP
    display: compact
    as_of: 2024-12-31
    previous: 1000000000
    source: book
  - { id: budget_2024, label: an id that collides once made a name, value: 1200000, display: compact }
  - { id: Pages, label: an id that is also a table name, value: 21.5, unit: "%" }
  - { id: xfd1048576, label: the last cell of a sheet, value: -1600 }
series:
  - id: s1
    title: "Revenue [2024]: a/b test * with a very long title?"
    unit: "%"
    points:
      - { label: A, value: 21 }
      - { label: "=B", value: 79 }
  - id: s2
    title: "Revenue [2024]: a/b test * with a very long title?"
    points:
      - { label: one, value: 1 }
  - id: s3
    title: History
    points:
      - { label: one, value: 1600 }
      - { label: two, value: 2500.5 }
  - id: s4
    title: "'Quoted' title's"
    unit: min
    points:
      - { label: x, value: 6 }
      - { label: y, value: 13 }
  - id: s5
    title: Key figures
    points:
      - { label: off every page, value: 3 }
pages:
  - title: One
    blocks:
      - kpis: [A1, R1C1, r, "true"]
      - chart: { type: donut, series: s1 }
      - chart: { type: hbar, series: s4 }
  - title: Two
    blocks:
      - kpis: [budget-2024, budget_2024, Pages, xfd1048576]
      - chart: { type: bar, series: s2 }
      - chart: { type: bar, series: s3 }
"""
EDGE_METRICS = {
    "A1": "1,600",
    "R1C1": "21%",
    "r": "125.9" + NB + "Pflop/s",
    "true": "€30M",
    "budget-2024": "£1.2B",
    "budget_2024": "1.2" + NB + "million",
    "Pages": "21.5%",
    "xfd1048576": "-1,600",
}
EDGE_SERIES = {
    "s1": ["21%", "79%"],
    "s2": ["1"],
    "s3": ["1,600", "2,500.5"],
    "s4": ["6" + NB + "min", "13" + NB + "min"],
    "s5": ["3"],
}
EDGE_NAMES = {
    "A1": "m_A1",
    "R1C1": "m_R1C1",
    "r": "m_r",
    "true": "m_true",
    "budget-2024": "budget_2024",
    "budget_2024": "budget_2024_2",
    "Pages": "Pages_2",
    "xfd1048576": "m_xfd1048576",
}
EDGE_CHANGE = {"budget-2024": "+£200M"}

# --------------------------------------------------------------------------
# Excel's number format grammar, as much of it as keyfig may write
# --------------------------------------------------------------------------

SEPARATORS = {"fr-FR": (",", NN), "en-GB": (".", ","), "en-US": (".", ",")}
PLAIN_LITERALS = set("$-+/():!^&'~{}<>= ")


class FormatError(Exception):
    pass


def split_sections(fmt):
    sections, cur, i, quoted = [], "", 0, False
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\\" and not quoted:
            cur += fmt[i:i + 2]
            i += 2
            continue
        elif ch == ";" and not quoted:
            sections.append(cur)
            cur = ""
            i += 1
            continue
        cur += ch
        i += 1
    if quoted:
        raise FormatError("unterminated quote in %r" % fmt)
    sections.append(cur)
    return sections


def tokenize(section):
    """(kind, text) with kind lit, digit, dot, comma, pct."""
    tokens, i, seen_dot = [], 0, False
    while i < len(section):
        ch = section[i]
        if ch == '"':
            j = section.index('"', i + 1)
            tokens.append(("lit", section[i + 1:j]))
            i = j + 1
        elif ch == "\\":
            if i + 1 >= len(section):
                raise FormatError("dangling backslash")
            tokens.append(("lit", section[i + 1]))
            i += 2
        elif ch == "[":
            j = section.index("]", i)
            i = j + 1  # locale, colour or condition: no text
        elif ch == "_":
            tokens.append(("lit", " "))
            i += 2
        elif ch == "*":
            i += 2
        elif ch in "0#?":
            tokens.append(("digit", ch))
            i += 1
        elif ch == "." and not seen_dot:
            seen_dot = True
            tokens.append(("dot", ch))
            i += 1
        elif ch == ",":
            tokens.append(("comma", ch))
            i += 1
        elif ch == "%":
            tokens.append(("pct", ch))
            i += 1
        elif ch in PLAIN_LITERALS or ch == ".":
            tokens.append(("lit", ch))
            i += 1
        elif ch.lower() in "egdmyhs@b":
            raise FormatError("unsupported or date code %r in %r" % (ch, section))
        else:
            # Excel refuses most other characters unless quoted.
            raise FormatError("unquoted character %r in %r" % (ch, section))
    return tokens


def render(fmt, value, locale):
    """The text Excel shows for `value` under `fmt` in `locale`."""
    dec_sep, group_sep = SEPARATORS[locale]
    sections = split_sections(fmt)
    if value < 0 and len(sections) > 1:
        section, sign = sections[1], ""
    else:
        section, sign = sections[0], "-" if value < 0 else ""
    tokens = tokenize(section)
    digit_at = [k for k, t in enumerate(tokens) if t[0] == "digit"]
    if not digit_at:
        raise FormatError("no digit placeholder in %r" % fmt)
    first, last = digit_at[0], digit_at[-1]
    dot_at = next((k for k, t in enumerate(tokens) if t[0] == "dot"), None)
    int_part = tokens[first:dot_at if dot_at is not None and dot_at < last else last + 1]
    frac_part = tokens[dot_at + 1:last + 1] if dot_at is not None and dot_at < last else []
    decimals = sum(1 for t in frac_part if t[0] == "digit")
    grouping = any(t[0] == "comma" for t in int_part)
    min_int = sum(1 for t in int_part if t == ("digit", "0"))
    # Commas right after the last placeholder each divide by 1000.
    end = last + 1
    if dot_at is not None and dot_at == last + 1:
        end += 1  # "0.,," is allowed too
    scale = 0
    while end < len(tokens) and tokens[end][0] == "comma":
        scale += 1
        end += 1
    pct = sum(1 for t in tokens if t[0] == "pct")

    v = Decimal(repr(abs(value))) * (Decimal(100) ** pct) / (Decimal(1000) ** scale)
    v = v.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    int_digits, _, frac_digits = format(v, "f").partition(".")
    if int_digits == "0" and min_int == 0:
        int_digits = ""
    int_digits = int_digits.rjust(min_int, "0")
    if grouping:
        groups = []
        while len(int_digits) > 3:
            groups.insert(0, int_digits[-3:])
            int_digits = int_digits[:-3]
        groups.insert(0, int_digits)
        int_digits = group_sep.join(groups)
    number = int_digits
    if decimals:
        number += dec_sep + frac_digits.ljust(decimals, "0")
    if v == 0:
        sign = ""

    out = ""
    for k, (kind, text) in enumerate(tokens):
        if k == first:
            out += number
        elif first < k < end and kind in ("digit", "dot", "comma"):
            continue
        elif kind == "lit":
            out += text
        elif kind == "pct":
            out += "%"
        elif kind in ("digit", "dot", "comma"):
            raise FormatError("placeholder outside the number in %r" % fmt)
    return sign + out


def self_test():
    """The emulation itself, on formats whose Excel rendering is known."""
    cases = [
        ("#,##0", 2500, "en-US", "2,500"),
        ("0.0", 125.94, "en-US", "125.9"),
        ('#,##0,," M€"', 30000000, "fr-FR", "30 M€"),
        ('#,##0.0,,," Md€"', 1200000000, "fr-FR", "1,2 Md€"),
        ("0%", 0.21, "en-US", "21%"),
        ('0.0" "%', 0.215, "fr-FR", "21,5 %"),
        ('"€"#,##0,,"M"', -30000000, "en-GB", "-€30M"),
        ("#,##0", 1234567, "fr-FR", "1" + NN + "234" + NN + "567"),
        ("0.00", 2.005, "en-US", "2.01"),
        ("0;(0)", -5, "en-US", "(5)"),
    ]
    for fmt, value, locale, want in cases:
        got = render(fmt, value, locale)
        check(got == want, "emulation %r %r" % (fmt, value),
              "got %r, want %r" % (got, want))
    try:
        render("0 km", 1, "en-US")
        check(False, "emulation rejects unquoted letters")
    except FormatError:
        check(True, "emulation rejects unquoted letters")


# --------------------------------------------------------------------------
# Reading the package
# --------------------------------------------------------------------------

def rels(zf, part):
    """{rId: target part path} of a part."""
    folder, name = os.path.split(part)
    rel_part = os.path.join(folder, "_rels", name + ".rels")
    if rel_part not in zf.namelist():
        return {}
    out = {}
    for rel in ET.fromstring(zf.read(rel_part)).findall("pr:Relationship", NS):
        target = rel.get("Target")
        if rel.get("TargetMode") == "External":
            out[rel.get("Id")] = target
        else:
            out[rel.get("Id")] = os.path.normpath(os.path.join(folder, target))
    return out


def sheet_parts(zf):
    """[(sheet name, part path)] in workbook order."""
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    book_rels = rels(zf, "xl/workbook.xml")
    out = []
    for sheet in book.find("m:sheets", NS):
        rid = sheet.get("{%s}id" % NS["r"])
        out.append((sheet.get("name"), book_rels[rid]))
    return out


def charts_of(zf, sheet_part):
    """The chart parts drawn on a sheet."""
    charts = []
    for target in rels(zf, sheet_part).values():
        if "/drawings/drawing" in target:
            for chart in rels(zf, target).values():
                if "/charts/chart" in chart:
                    charts.append(chart)
    return charts


def split_ref(ref):
    """"'It''s'!$A$1:$B$2" -> ("It's", "$A$1:$B$2")."""
    sheet, _, cells = ref.lstrip("=").rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cells


def text_of(element):
    return "".join(t.text or "" for t in element.iter("{%s}t" % NS["a"]))


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------

def build(report, outdir, env_extra=None, drop_epoch=True):
    env = dict(os.environ)
    if drop_epoch:
        env.pop("SOURCE_DATE_EPOCH", None)
    env.update(env_extra or {})
    os.makedirs(outdir, exist_ok=True)
    proc = kftest.keyfig("build", report, "-o", outdir, "-f", "pdf,xlsx",
                         env=env, timeout=120)
    stem = os.path.splitext(os.path.basename(report))[0]
    path = os.path.join(outdir, stem + ".xlsx")
    ok = check(proc.returncode == 0 and os.path.exists(path),
               "keyfig build -f xlsx %s" % os.path.basename(report),
               "exit %d: %s" % (proc.returncode, proc.stderr.strip()))
    leftovers = [f for f in os.listdir(outdir) if ".xlsx." in f or f.endswith(".tmp")]
    check(not leftovers, "no temporary file left", repr(leftovers))
    return path if ok else None


# --------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------

def iter_blocks(blocks):
    """The blocks of a page in order, those of a row in it included."""
    for block in blocks:
        if "row" in block:
            yield from iter_blocks(block["row"])
        else:
            yield block


def chart_sheets(report):
    """[(kind, series ids, metric id, title)]: the sheets the workbook
    should have after the key figures, one per chart block in page order,
    then one per series no chart shows (a sparkline's as a line)."""
    out, charted = [], set()
    series = {s["id"]: s for s in report.get("series", [])}
    metrics = {m["id"]: m for m in report.get("metrics", [])}
    pages = report.get("pages")
    if pages is None:  # the default layout: one bar chart per series
        pages = [{"blocks": [{"chart": {"type": "bar", "series": s["id"]}}
                             for s in report.get("series", [])]}]
    for page in pages:
        for block in iter_blocks(page["blocks"]):
            if "chart" not in block:
                continue
            c = block["chart"]
            ids = c.get("series", [])
            ids = [ids] if isinstance(ids, str) else list(ids)
            charted.update(ids)
            metric = c.get("metric")
            title = c.get("title") or (metrics[metric]["label"] if metric
                                       else series[ids[0]]["title"])
            out.append((c["type"], ids, metric, title))
    sparks = {m.get("sparkline") for m in report.get("metrics", [])}
    for s in report.get("series", []):
        if s["id"] not in charted:
            out.append(("line" if s["id"] in sparks else "bar", [s["id"]], None, s["title"]))
    return out


def sheet_name_from(title, name):
    """Is `name` the sheet name made from `title`: its start, with the
    characters Excel forbids replaced, maybe cut ("…") or numbered?"""
    base = re.sub(r" \(\d+\)$", "", name).rstrip("\u2026")
    clean = title.replace("[", "(").replace("]", ")").replace("/", "-").replace("\\", "-")
    clean = re.sub(r"\s*:\s*", " - ", clean)
    clean = re.sub(r"[*?]", " ", clean)
    clean = re.sub(r" +", " ", clean).strip(" '")
    return len(base) > 0 and clean.startswith(base.strip(" '"))


SHEET_FORBIDDEN = set("[]:*?/\\")


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def squash(text):
    """Text as compared with the PDF's: without spaces, line-end hyphens,
    soft hyphens or stale marks, which the page's line breaking adds."""
    return re.sub(r"[\s\u00ad\u2020-]", "", text)


def pdf_page_texts(pdf):
    """The text of each page of a PDF (pdftotext -f N -l N), squashed;
    None without the PDF or pdftotext."""
    if not os.path.exists(pdf) or not shutil.which("pdftotext"):
        return None
    return [squash(text) for text in kftest.pdf_page_texts(pdf)]


def check_workbook(path, report, expected_metrics, expected_series, names,
                   expected_change=None, stale=None):
    """`stale`: the (kind, id) of the figures `keyfig check` says are
    older than max_age ("metric", "effort"), None when not known."""
    locale = report["report"].get("locale", "fr-FR")
    fr = locale.startswith("fr")
    tag = os.path.basename(path)
    pdf_pages = pdf_page_texts(os.path.splitext(path)[0] + ".pdf")
    if pdf_pages is not None:
        # The pages without their prose: a text block may say a figure's
        # label in passing ("320 laboratoires et instituts..."), and only
        # the tile or chart showing it counts.
        prose = [squash(re.sub(r"[*_]", "", para))
                 for page in report.get("pages") or []
                 for block in iter_blocks(page["blocks"]) if "text" in block
                 for para in str(block["text"]).split("\n\n")]
        for para in prose:
            pdf_pages = [text.replace(para, "") for text in pdf_pages]
    check(pdf_pages is not None, "%s: the PDF built beside it" % tag)
    wb = openpyxl.load_workbook(path)
    zf = zipfile.ZipFile(path)
    metrics = report.get("metrics", [])
    series = report.get("series", [])
    sources = report.get("sources", [])
    # The figures a page shows (the others are on no page).
    shown_metrics = set()
    for page in report.get("pages") or []:
        for block in iter_blocks(page["blocks"]):
            shown_metrics.update(block.get("kpis", []))
            if "chart" in block and block["chart"].get("metric"):
                shown_metrics.add(block["chart"]["metric"])
    if report.get("pages") is None:  # the default layout: every figure
        shown_metrics.update(m["id"] for m in metrics)

    # Sheets: key figures, one per series, sources, about; names valid.
    sheetnames = wb.sheetnames
    check(len(sheetnames) == 3 + len(chart_sheets(report)), "%s: sheet count" % tag,
          repr(sheetnames))
    check(sheetnames[0] == ("Chiffres clés" if fr else "Key figures"),
          "%s: key figures sheet first" % tag, sheetnames[0])
    check(sheetnames[-2:] == ["Sources", "À propos" if fr else "About"],
          "%s: sources and about sheets last" % tag, repr(sheetnames[-2:]))
    lowered = [s.casefold() for s in sheetnames]
    check(len(set(lowered)) == len(lowered), "%s: sheet names unique" % tag)
    for name in sheetnames:
        ok = (0 < utf16_len(name) <= 31 and not (set(name) & SHEET_FORBIDDEN)
              and not name.startswith("'") and not name.endswith("'")
              and name.casefold() != "history")
        check(ok, "%s: valid sheet name %r" % (tag, name))

    # Key figures: a table with a frozen header, real numbers, formats.
    ws = wb[sheetnames[0]]
    check(ws.freeze_panes == "A2", "%s: header row frozen" % tag,
          repr(ws.freeze_panes))
    tables = list(ws.tables.values())
    has_age = "max_age" in report["report"]
    want_ref = "A1:%s%d" % ("I" if has_age else "H", len(metrics) + 1)
    check(len(tables) == 1 and tables[0].ref == want_ref
          and tables[0].autoFilter is not None,
          "%s: key figures table %s with autofilter" % (tag, want_ref),
          repr([(t.name, t.ref) for t in tables]))
    ids = [ws.cell(row=r, column=1).value for r in range(2, len(metrics) + 2)]
    check(ids == [m["id"] for m in metrics], "%s: metric ids in order" % tag,
          repr(ids))
    source_titles = {s["id"]: s["title"] for s in sources}
    source_dates = {s["id"]: s.get("date") for s in sources}
    for row, m in enumerate(metrics, start=2):
        cell = ws.cell(row=row, column=3)
        percent = m.get("unit") == "%"
        want = m["value"] / 100 if percent else m["value"]
        check(isinstance(cell.value, (int, float)) and cell.value == want,
              "%s: %s value" % (tag, m["id"]),
              "got %r, want %r" % (cell.value, want))
        fmt = cell.number_format
        try:
            shown = render(fmt, cell.value, locale)
        except FormatError as e:
            shown = "<%s>" % e
        if m["id"] in expected_metrics:
            check(shown == expected_metrics[m["id"]],
                  "%s: %s shows as in the PDF" % (tag, m["id"]),
                  "format %r shows %r, PDF %r" % (fmt, shown,
                                                 expected_metrics[m["id"]]))
        if percent:
            check("%" in fmt.replace('"%"', ""), "%s: %s has a percent format" % (tag, m["id"]), fmt)
        label = ws.cell(row=row, column=2).value
        check(spaced(label) == spaced(m["label"]), "%s: %s label" % (tag, m["id"]), repr(label))
        if has_age and stale is not None:
            # Flagged as the checker warns, with the page's own note.
            flag = ws.cell(row=row, column=9).value
            want_flag = ("metric", m["id"]) in stale
            check((flag is not None) == want_flag and (not flag or flag.startswith("\u2020")),
                  "%s: %s %s" % (tag, m["id"], "flagged stale" if want_flag else "not flagged"),
                  repr(flag))
        # The cell shows the unit as the tile prints it: it is not said
        # again beside it ("30 M€" beside "EUR").
        unit = ws.cell(row=row, column=4).value
        shows_unit = re.search(r"[^0-9\s.,\u202f\u00a0-]", shown) is not None
        check(unit is None if m.get("unit") and shows_unit
              else unit == m.get("unit"), "%s: %s unit said once" % (tag, m["id"]),
              "%r beside %r" % (shown, unit))
        if pdf_pages is not None and m["id"] in shown_metrics:
            check(any(squash(shown) in text for text in pdf_pages),
                  "%s: %s shows %r as a page prints it" % (tag, m["id"], shown))
        src = ws.cell(row=row, column=5).value
        check(src == source_titles.get(m.get("source")),
              "%s: %s source" % (tag, m["id"]), repr(src))
        as_of = ws.cell(row=row, column=6).value
        # A figure without its own as_of is as of its source's date.
        source_date = source_dates.get(m.get("source"))
        if "as_of" in m or source_date is not None:
            want_date = m["as_of"] if "as_of" in m else source_date
            if isinstance(want_date, int):
                want_date = "%d" % want_date
            if isinstance(want_date, str):
                want_date += "-01" * (2 - want_date.count("-"))
                want_date = datetime.date(*map(int, (want_date + "-01").split("-")[:3]))
            check(isinstance(as_of, datetime.datetime)
                  and as_of.date() == want_date and ws.cell(row=row, column=6).is_date,
                  "%s: %s as-of is a date cell" % (tag, m["id"]), repr(as_of))
        else:
            check(as_of is None, "%s: %s no as-of" % (tag, m["id"]), repr(as_of))
        prev = ws.cell(row=row, column=7)
        change = ws.cell(row=row, column=8)
        if "previous" in m:
            want_prev = m["previous"] / 100 if percent else m["previous"]
            check(prev.value == want_prev, "%s: %s previous" % (tag, m["id"]),
                  repr(prev.value))
            # The change as the tile states it (test_change.py checks
            # points and relative changes): here value - previous, rounded
            # as printed.
            want_f = re.compile(r"=ROUND\(C%d-G%d,-?\d+\)$" % (row, row))
            check(isinstance(change.value, str) and want_f.match(change.value),
                  "%s: %s change formula" % (tag, m["id"]), repr(change.value))
            if expected_change and m["id"] in expected_change:
                diff = want - want_prev
                shown = render(change.number_format, diff, locale)
                check(shown == expected_change[m["id"]],
                      "%s: %s change format" % (tag, m["id"]),
                      "%r shows %r" % (change.number_format, shown))
        else:
            check(prev.value is None and change.value is None,
                  "%s: %s no previous/change" % (tag, m["id"]))

    # The cached result of the change formula, which openpyxl does not
    # evaluate: read it from the sheet XML.
    parts = dict(sheet_parts(zf))
    key_xml = ET.fromstring(zf.read(parts[sheetnames[0]]))
    for row, m in enumerate(metrics, start=2):
        if "previous" not in m:
            continue
        c = key_xml.find(".//m:c[@r='H%d']" % row, NS)
        v = c.find("m:v", NS) if c is not None else None
        percent = m.get("unit") == "%"
        want = (m["value"] - m["previous"]) / (100 if percent else 1)
        check(v is not None and abs(float(v.text) - want) < 1e-9 * max(1, abs(want)),
              "%s: %s change cached result" % (tag, m["id"]),
              v.text if v is not None else "none")

    # Defined names resolve to the value cells.
    defined = {d.name: d for d in wb.defined_names.definedName}
    check(len(defined) == len(metrics), "%s: one defined name per metric" % tag,
          repr(sorted(defined)))
    for row, m in enumerate(metrics, start=2):
        name = names[m["id"]]
        d = defined.get(name)
        if not check(d is not None, "%s: defined name %s" % (tag, name),
                     repr(sorted(defined))):
            continue
        dest = list(d.destinations)
        ok = len(dest) == 1
        if ok:
            sheet, coord = dest[0]
            target = wb[sheet][coord.replace("$", "")]
            ok = (sheet == sheetnames[0] and target.row == row
                  and target.column == 3
                  and wb[sheet].cell(row=target.row, column=1).value == m["id"])
        check(ok, "%s: %s resolves to %s's value" % (tag, name, m["id"]),
              d.attr_text)

    # Chart sheets: one per chart block, in the order of the pages, then
    # one per series no chart shows; each holds every series of its chart
    # as columns beside the point labels, and the native chart of the
    # page's kind over them.
    expected = chart_sheets(report)
    chart_names = sheetnames[1:1 + len(expected)]
    primary = report["report"].get("theme", {}).get("primary", "#12355B").lstrip("#").upper()
    accent = report["report"].get("theme", {}).get("accent", "#D1495B").lstrip("#").upper()
    by_id = {s["id"]: s for s in series}
    metric_by_id = {m["id"]: m for m in metrics}
    stale_mark = report["report"].get("stale") == "mark"
    for (kind, ids, metric_id, title), name in zip(expected, chart_names):
        sws = wb[name]
        what = "%s: %s chart of %s (sheet %r)" % (tag, kind, metric_id or ",".join(ids), name)
        check(sheet_name_from(title, name), what + " named from its title %r" % title)
        if metric_id:
            m = metric_by_id[metric_id]
            labels = [m["label"]]
            columns = [[m["value"]]]
            units = ["%"]
            src_ids = [m.get("source")]
        else:
            labels = [str(p["label"]) for p in by_id[ids[0]]["points"]]
            columns = [[p["value"] for p in by_id[i]["points"]] for i in ids]
            units = [by_id[i].get("unit") for i in ids]
            src_ids = [by_id[i].get("source") for i in ids]
        n = len(labels)
        rest = kind == "waffle" and units[0] == "%" and sum(columns[0]) < 100
        nrows = n + (1 if rest else 0)
        ncols = 1 + len(columns) + (4 if has_age else 3)
        tables = list(sws.tables.values())
        want_ref = "A1:%s%d" % (openpyxl.utils.get_column_letter(ncols), nrows + 1)
        check(len(tables) == 1 and tables[0].ref == want_ref,
              what + " table " + want_ref, repr([(t.name, t.ref) for t in tables]))
        if tables:
            want_name = re.sub(r"[^A-Za-z0-9_.]", "_", "_".join(ids) if ids else metric_id)
            # ("m_" in front of an id read as a cell, as s1 is.)
            check(re.sub(r"^m_", "", tables[0].name).startswith(want_name),
                  what + " table named from ids",
                  "%r, want %r" % (tables[0].name, want_name))
        heads = [sws.cell(row=1, column=c).value for c in range(1, ncols + 1)]
        check(len({str(h).casefold() for h in heads}) == ncols, what + " headers unique",
              repr(heads))
        got_labels = [str(sws.cell(row=i + 2, column=1).value) for i in range(n)]
        check([spaced(t) for t in got_labels] == [spaced(t) for t in labels],
              what + " point labels", repr(got_labels))
        pdf_texts = expected_series.get(ids[0]) if len(ids) == 1 else None
        unit_col = 2 + len(columns)
        for k, col in enumerate(columns):
            percent = units[k] == "%"
            cells = [sws.cell(row=i + 2, column=2 + k) for i in range(n)]
            want = [v / 100 if percent else v for v in col]
            check([c.value for c in cells] == want, what + " series %d values" % (k + 1),
                  repr([c.value for c in cells]))
            # Said once: a plain number beside its unit column, or a
            # percentage in Excel's own "%" with no unit beside it.
            for i, c in enumerate(cells):
                unit = sws.cell(row=i + 2, column=unit_col).value
                try:
                    shown = render(c.number_format, c.value, locale)
                except FormatError as e:
                    shown = "<%s>" % e
                if percent:
                    check("%" in shown and unit is None, what + " percent cell %d" % (i + 1),
                          "%r beside %r" % (shown, unit))
                elif units[k]:
                    check(unit and unit not in shown, what + " unit said once, row %d" % (i + 1),
                          "%r beside %r" % (shown, unit))
                if pdf_texts and i < len(pdf_texts):
                    full = shown if percent or not unit else shown + NB + unit
                    check(full == pdf_texts[i], what + " point %d as in the PDF" % (i + 1),
                          "%r, PDF %r" % (full, pdf_texts[i]))
        chart_stale = None
        if stale is not None:
            chart_stale = (("metric", metric_id) in stale if metric_id
                           else any(("series", i) in stale for i in ids))
        if has_age and chart_stale is not None:
            flags = [sws.cell(row=i + 2, column=unit_col + 3).value for i in range(n)]
            check(all((f is not None) == chart_stale for f in flags),
                  what + (" flagged stale" if chart_stale else " not flagged"), repr(flags))
        src_titles = [source_titles[s] for s in dict.fromkeys(src_ids) if s]
        got_src = sws.cell(row=2, column=unit_col + 1).value
        check(got_src == ("; ".join(src_titles) or None), what + " source column", repr(got_src))
        as_of = sws.cell(row=2, column=unit_col + 2)
        dates = [str(metric_by_id[metric_id].get("as_of") or source_dates.get(src_ids[0]))
                 if metric_id else str(by_id[i].get("as_of") or source_dates.get(by_id[i].get("source")))
                 for i in (ids or [metric_id])]
        if len(set(dates)) > 1:
            # Figures of several dates: each said, in the order of the series.
            got = as_of.value
            check(isinstance(got, str) and len(got.split("; ")) == len(dates),
                  what + " as-of dates of each series", repr(got))
        elif any(src_ids) or metric_id and "as_of" in metric_by_id[metric_id]:
            check(as_of.is_date, what + " as-of date", repr(as_of.value))
        if rest:
            check(sws.cell(row=n + 2, column=2).value.startswith("=1-"),
                  what + " the rest of the whole, as a formula",
                  repr(sws.cell(row=n + 2, column=2).value))

        charts = charts_of(zf, parts[name])
        if not check(len(charts) == 1, what + " has one chart", repr(charts)):
            continue
        chart = ET.fromstring(zf.read(charts[0]))
        plot = chart.find("c:chart/c:plotArea", NS)
        tag_of = {"line": "c:lineChart", "donut": "c:doughnutChart",
                  "waffle": "c:doughnutChart"}.get(kind, "c:barChart")
        body = plot.find(tag_of, NS)
        if not check(body is not None, what + " is a " + tag_of,
                     repr([c.tag.split("}")[1] for c in plot])):
            continue
        others = [c.tag.split("}")[1] for c in plot
                  if c.tag.endswith("Chart") and c is not body]
        check(not others, what + " draws one kind", repr(others))
        if tag_of == "c:barChart":
            bar_dir = body.find("c:barDir", NS).get("val")
            want_dir = "bar" if kind in ("hbar", "progress") else "col"
            check(bar_dir == want_dir, what + " barDir " + want_dir, bar_dir)
            grouping = body.find("c:grouping", NS).get("val")
            want_grouping = "stacked" if kind == "stacked" else "clustered"
            check(grouping == want_grouping, what + " grouping " + want_grouping, grouping)
            if kind == "stacked":
                overlap = body.find("c:overlap", NS)
                check(overlap is not None and overlap.get("val") == "100",
                      what + " stacked parts overlap fully")
        sers = body.findall("c:ser", NS)
        check(len(sers) == len(columns), what + " one chart series per series",
              "%d, want %d" % (len(sers), len(columns)))
        last = nrows + 1
        for k, ser in enumerate(sers):
            letter = openpyxl.utils.get_column_letter(2 + k)
            vals = ser.find("c:val/c:numRef/c:f", NS).text
            cats = ser.find("c:cat//c:f", NS).text
            want_vals = "$%s$2:$%s$%d" % (letter, letter, last) if last > 2 else "$%s$2" % letter
            want_cats = "$A$2:$A$%d" % last if last > 2 else "$A$2"
            check(split_ref(vals) == (name, want_vals), what + " series %d values range" % (k + 1), vals)
            check(split_ref(cats) == (name, want_cats), what + " series %d categories range" % (k + 1), cats)
            lbl_fmt = ser.find("c:dLbls/c:numFmt", NS)
            if k == 0 and pdf_texts and lbl_fmt is not None:
                # One format for all the labels: the largest point's, as
                # the page prints it (the others may show more decimals).
                big = max(range(n), key=lambda i: abs(columns[0][i]))
                shown = render(lbl_fmt.get("formatCode"), sws.cell(row=big + 2, column=2).value,
                               locale)
                check(shown == pdf_texts[big], what + " data labels as the page prints them",
                      "%r, PDF %r" % (shown, pdf_texts[big]))
        chart_title = chart.find("c:chart/c:title", NS)
        got_title = text_of(chart_title) if chart_title is not None else None
        check(got_title is not None and spaced(got_title.rstrip("\u2020")) == spaced(title),
              what + " chart title", repr(got_title))
        if chart_stale is not None and got_title is not None:
            # The page's mark after a stale chart's title (stale: mark).
            marked = got_title.endswith("\u2020")
            check(marked == (stale_mark and chart_stale),
                  what + " title marked stale as on the page", repr(got_title))
        legend = chart.find("c:chart/c:legend", NS)
        check((legend is not None) == (tag_of == "c:doughnutChart" or len(columns) > 1),
              what + " legend where the chart needs one")
        if tag_of == "c:doughnutChart":
            colours = [p.find(".//a:srgbClr", NS).get("val").upper()
                       for p in sers[0].findall("c:dPt", NS)]
            want0 = accent if metric_id else primary
            check(len(colours) == nrows and colours[0] == want0,
                  what + " slices in the page's colours", repr(colours))
        elif kind in ("bar", "hbar") or (kind in ("line", "stacked") and len(columns) == 1):
            fill = sers[0].find("c:spPr//a:srgbClr", NS)
            check(fill is not None and fill.get("val").upper() == primary,
                  what + " in the primary colour", fill.get("val") if fill is not None else "none")
        else:
            fills = [s.find("c:spPr//a:srgbClr", NS) for s in sers]
            got = [f.get("val").upper() if f is not None else None for f in fills]
            check(len(set(got)) == len(got) and None not in got,
                  what + " each series its own colour", repr(got))
        if kind == "progress":
            val_ax = plot.find("c:valAx/c:scaling", NS)
            lo = val_ax.find("c:min", NS) if val_ax is not None else None
            hi = val_ax.find("c:max", NS) if val_ax is not None else None
            check(lo is not None and hi is not None and float(lo.get("val")) == 0
                  and float(hi.get("val")) == 1, what + " on a 0-100 % axis")
            axis_fmt = plot.find("c:valAx/c:numFmt", NS)
            quarter = render(axis_fmt.get("formatCode"), 0.25, locale) if axis_fmt is not None else None
            check(quarter == "25" + (NN if fr else "") + "%",
                  what + " axis in whole percents", repr(quarter))

    # Sources, with links.
    src_ws = wb["Sources"]
    for row, s in enumerate(sources, start=2):
        cell = src_ws.cell(row=row, column=5)
        check(src_ws.cell(row=row, column=1).value == s["id"]
              and spaced(src_ws.cell(row=row, column=2).value) == spaced(s["title"]),
              "%s: source %s" % (tag, s["id"]))
        if s.get("url"):
            check(cell.hyperlink is not None and cell.hyperlink.target == s["url"],
                  "%s: source %s links to its url" % (tag, s["id"]),
                  repr(cell.hyperlink.target if cell.hyperlink else None))
        else:
            check(cell.value is None and cell.hyperlink is None,
                  "%s: source %s has no link" % (tag, s["id"]))

    # About: title, generator, the page of every figure.
    about = wb[sheetnames[-1]]
    values = [about.cell(row=r, column=2).value for r in range(1, 7)]
    check(values[0] == report["report"]["title"], "%s: about title" % tag, repr(values[0]))
    check(isinstance(values[4], str) and re.fullmatch(r"keyfig \d+\.\d+\.\d+", values[4]),
          "%s: about generator" % tag, repr(values[4]))
    want_language = "%s (%s)" % ("français" if locale == "fr-FR" else "English", locale)
    check(values[5] == want_language, "%s: about language" % tag,
          "%r, want %r" % (values[5], want_language))
    # American English spells "Organization" with a z.
    want_org = "Organization" if locale == "en-US" else "Organisation"
    check(about.cell(row=3, column=1).value == want_org,
          "%s: the about sheet's '%s'" % (tag, want_org),
          repr(about.cell(row=3, column=1).value))
    # The About sheet: a line per key figure and per chart sheet, with
    # the page of the PDF that shows it, checked against the PDF's own
    # text page by page (pdftotext), and a link to its sheet.
    rows = []
    for r in range(9, about.max_row + 1):
        cells = [about.cell(row=r, column=c) for c in range(1, 6)]
        rows.append([c.value for c in cells] + [cells[4].hyperlink])
    metric_rows = [row for row in rows if row[1] == ("chiffre clé" if fr else "key figure")]
    check([row[0] for row in metric_rows] == [m["id"] for m in metrics],
          "%s: about lists every key figure" % tag, repr([row[0] for row in metric_rows]))
    chart_rows = [row for row in rows if row not in metric_rows]
    check([row[4] for row in chart_rows] == chart_names,
          "%s: about lists every chart sheet" % tag, repr([row[4] for row in chart_rows]))
    for row in rows:
        link = row[5]
        check(link is not None and link.location and link.location.split("!")[0].strip("'").replace("''", "'") == row[4],
              "%s: about links to sheet %r" % (tag, row[4]),
              repr(link.location if link is not None else None))
    pdf = os.path.splitext(path)[0] + ".pdf"
    if pdf_pages is not None:
        for row in rows:
            ident, kind, label, page = row[:4]
            what = "%s: about page of %s %s" % (tag, kind, ident)
            spark = kind in ("série", "series") and any(
                m.get("sparkline") == ident for m in metrics)
            if kind in ("série", "series") and not spark or kind in (
                    "chiffre clé", "key figure") and ident not in shown_metrics:
                check(page is None, what + " (on no page)", repr(page))
                continue
            if spark:  # drawn in its metric's tile: the label is the metric's
                label = next(m["label"] for m in metrics if m.get("sparkline") == ident)
            if not check(isinstance(page, int) and 1 <= page <= len(pdf_pages),
                         what + " is a page of the PDF", repr(page)):
                continue
            want = squash(label)
            on = [n for n, text in enumerate(pdf_pages, start=1) if want in text]
            # The first page printing it, unless another chart has the
            # same title (then any page printing it).
            shared = sum(1 for other in rows if other[2] == row[2]) > 1
            check(on and (page in on if shared else on[0] == page),
                  what + " is the first page printing %r" % label,
                  "said %r, printed on %r" % (page, on))

    # Document properties.
    props = wb.properties
    check(props.title == report["report"]["title"], "%s: property title" % tag,
          repr(props.title))
    check(props.subject == report["report"].get("subtitle"), "%s: property subject" % tag,
          repr(props.subject))
    check(props.creator == report["report"].get("organisation"),
          "%s: property author" % tag, repr(props.creator))
    check(props.keywords == "keyfig", "%s: property keywords" % tag, repr(props.keywords))
    app = ET.fromstring(zf.read("docProps/app.xml"))
    company = app.find("ep:Company", NS)
    check(company is not None and company.text == report["report"].get("organisation"),
          "%s: property company" % tag)
    core = ET.fromstring(zf.read("docProps/core.xml"))
    created = core.find("dcterms:created", NS)
    want = "%sT00:00:00Z" % report["report"]["date"]
    check(created is not None and created.text == want,
          "%s: created is the report date" % tag,
          created.text if created is not None else "none")
    zf.close()


def check_identical(report, tmp):
    first = build(report, os.path.join(tmp, "same1"))
    time.sleep(1.1)  # a clock in the output would now differ
    second = build(report, os.path.join(tmp, "same2"), {"TZ": "Pacific/Auckland"})
    if first and second:
        with open(first, "rb") as a, open(second, "rb") as b:
            check(a.read() == b.read(), "two builds are byte-identical (%s)"
                  % os.path.basename(report))
    third = build(report, os.path.join(tmp, "epoch"),
                  {"SOURCE_DATE_EPOCH": "1700000000"}, drop_epoch=False)
    if third:
        with zipfile.ZipFile(third) as zf:
            core = ET.fromstring(zf.read("docProps/core.xml"))
            created = core.find("dcterms:created", NS)
            check(created is not None and created.text == "2023-11-14T22:13:20Z",
                  "SOURCE_DATE_EPOCH sets created",
                  created.text if created is not None else "none")


def check_libreoffice(path, tmp, sheetnames):
    """LibreOffice, another reader, converts every sheet to CSV with the
    cells as shown: the unit texts and spaces come out as in the PDF
    (the decimal and group separators are LibreOffice's locale's, so only
    figures without them are compared)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("SKIP: LibreOffice (soffice) is not installed; "
              "the conversion check did not run")
        return
    outdir = os.path.join(tmp, "lo")
    profile = "file://" + os.path.join(tmp, "lo-profile")
    # UTF-8, cells as shown, every sheet to its own STEM-SHEET.csv.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    proc = kftest.run(soffice, "-env:UserInstallation=" + profile, "--headless",
                      "--convert-to", csv_filter, "--outdir", outdir, path, timeout=300)
    stem = os.path.splitext(os.path.basename(path))[0]
    texts = {}
    for name in sheetnames:
        csv = os.path.join(outdir, "%s-%s.csv" % (stem, name))
        if os.path.exists(csv):
            with open(csv, encoding="utf-8", errors="replace") as f:
                texts[name] = f.read()
    ok = proc.returncode == 0 and len(texts) == len(sheetnames)
    check(ok, "LibreOffice converts %s" % os.path.basename(path),
          "exit %d, sheets %r: %s" % (proc.returncode, sorted(texts), proc.stderr))
    key = texts.get(sheetnames[0], "")
    for mid, shown in (("research-share", "21" + NN + "%"),
                       ("patients-served", "1" + NB + "million"),
                       ("funds-raised", "30" + NB + "M€")):
        check(("%s," % mid) in key and ("," + shown + ",") in key,
              "LibreOffice shows %s as %r" % (mid, shown))
    about = texts.get(sheetnames[-1], "")
    check("15 janvier 2025" in about, "LibreOffice shows the edition date in French")


# --------------------------------------------------------------------------
# Every example, and every kind of chart
# --------------------------------------------------------------------------

# A report of every kind of chart: a line and a stacked chart of two
# series (one of them stale, so the freshness column and the page's mark
# are exercised), bar, hbar, donut, waffles and progress charts of a
# series and of a metric, a sparkline's history, and a long series no
# chart shows (its sheet prints on several pages).
ALL_KINDS_YAML = """\
format: 1
report:
  title: "Tous les graphiques & leurs feuilles"
  subtitle: Chaque sorte de graphique, dans le classeur
  organisation: keyfig tests
  date: 2025-06-30
  locale: fr-FR
  paper: Letter
  max_age: 18m
  stale: mark
  theme:
    primary: "#1F4E79"
    accent: "#C0392B"
sources:
  - { id: new, title: Une source récente, date: 2025-03 }
  - { id: old, title: Une source ancienne, date: 2021-01 }
metrics:
  - { id: budget, label: budget de l'année, value: 30000000, unit: EUR, display: compact, source: new }
  - { id: share, label: part des femmes, value: 41, unit: "%", source: new }
  - { id: effort, label: effort de recherche, value: 21.5, unit: "%", decimals: 1, source: old }
  - { id: staff, label: salariés, value: 1600, source: new, sparkline: staff-history }
series:
  - id: fr
    title: En France
    unit: "M€"
    source: new
    points: [{ label: "2021", value: 12 }, { label: "2022", value: 15 }, { label: "2023", value: 19 }]
  - id: world
    title: Dans le reste du monde
    unit: "M€"
    source: old
    points: [{ label: "2021", value: 30 }, { label: "2022", value: 34 }, { label: "2023", value: 41 }]
  - id: fields
    title: Domaines
    unit: "%"
    source: new
    points: [{ label: Santé, value: 35 }, { label: Énergie, value: 25 }, { label: Numérique, value: 30 }]
  - id: goals
    title: Objectifs atteints
    unit: "%"
    source: new
    points: [{ label: Recrutement, value: 80 }, { label: Brevets, value: 45 }]
  - id: travel
    title: "Temps de trajet : campus / gare"
    unit: min
    source: new
    points: [{ label: Gare, value: 6 }, { label: Aéroport, value: 13 }]
  - id: staff-history
    title: Salariés par année
    source: new
    points: [{ label: "2023", value: 1400 }, { label: "2024", value: 1600 }]
  - id: long
    title: Une longue série
    source: new
    points:
@POINTS@
pages:
  - title: Un
    blocks:
      - kpis: [budget, share, effort, staff]
      - chart: { type: line, series: [fr, world], title: "Chiffre d'affaires" }
      - chart: { type: stacked, series: [fr, world], title: "Chiffre d'affaires" }
  - title: Deux
    blocks:
      - chart: { type: bar, series: fields }
      - chart: { type: hbar, series: travel }
      - chart: { type: donut, series: fields }
  - title: Trois
    blocks:
      - chart: { type: waffle, metric: share, title: "Les femmes, sur 100" }
      - chart: { type: waffle, series: fields }
      - chart: { type: progress, metric: effort }
      - chart: { type: progress, series: goals }
""".replace("@POINTS@", "\n".join("      - { label: point%03d, value: %d }" % (k, 100 + k)
                                  for k in range(1, 151)))
ALL_KINDS_STALE = {("metric", "effort"), ("series", "world")}

LANG_LOCALE = {"fr": "fr-FR", "en": "en-GB"}


def localize(obj, lang):
    """A report's data in one language: every {fr: ..., en: ...} text
    replaced by the edition's."""
    if isinstance(obj, dict):
        if obj and set(obj) <= {"fr", "en"}:
            return obj.get(lang)
        return {k: (v if k in ("locales", "languages") else localize(v, lang))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [localize(v, lang) for v in obj]
    return obj


def csv_metrics(path, lang):
    """The metrics of a metrics_csv file (docs/format.md, "Metrics from a
    spreadsheet"), as the YAML would give them."""
    import csv
    import io
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    first = text.splitlines()[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    out = []
    for row in csv.DictReader(io.StringIO(text), delimiter=delim):
        m = {"id": row["id"], "label": row.get("label." + lang) or row.get("label")}
        v = row["value"].replace(",", ".") if delim == ";" else row["value"]
        m["value"] = float(v) if "." in v or "e" in v.lower() else int(v)
        for key in ("unit", "display", "source", "as_of", "sparkline"):
            if row.get(key):
                m[key] = row[key]
        if row.get("decimals"):
            m["decimals"] = int(row["decimals"])
        out.append(m)
    return out


def spaced(text):
    """A text with its no-break spaces as spaces: a French edition sets
    its texts by French rules ("200 stars" with U+00A0, docs/format.md),
    which the report file does not spell."""
    if not isinstance(text, str):
        return text
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def editions(report_path):
    """[(xlsx file name, the edition's report data)] of a report file."""
    with open(report_path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    stem = os.path.splitext(os.path.basename(report_path))[0]
    langs = data["report"].get("languages")
    out = []
    for lang in langs or [None]:
        rep = localize(data, lang) if lang else data
        if lang:
            rep["report"]["locale"] = (data["report"].get("locales", {}).get(lang)
                                       or LANG_LOCALE[lang])
        if data.get("metrics_csv"):
            rep["metrics"] = csv_metrics(
                os.path.join(os.path.dirname(report_path), data["metrics_csv"]),
                lang or rep["report"].get("locale", "fr-FR")[:2])
        name = "%s.%s.xlsx" % (stem, lang) if langs and len(langs) > 1 else stem + ".xlsx"
        out.append((name, rep))
    return out


def stale_figures(report_path, lang=None):
    """The (kind, id) of the figures `keyfig check` warns are older than
    max_age: the workbook must flag exactly these."""
    args = ["check", report_path] + (["--lang", lang] if lang else [])
    text = kftest.keyfig(*args, timeout=120).stderr
    return set(re.findall(r"warning: (metric|series) '([^']+)' is \d+ \w+ old", text))


def build_all(report, outdir):
    """keyfig build -f pdf,xlsx of a report of any number of editions."""
    os.makedirs(outdir, exist_ok=True)
    proc = kftest.keyfig("build", report, "-o", outdir, "-f", "pdf,xlsx", timeout=300)
    return check(proc.returncode == 0, "keyfig build %s" % os.path.basename(report),
                 proc.stderr.strip())


def soffice_pdf(paths, outdir, tmp):
    """LibreOffice's print of each workbook (soffice --convert-to pdf):
    {xlsx path: PDF path}; None without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    profile = "file://" + os.path.join(tmp, "lo-profile")
    proc = kftest.run(soffice, "-env:UserInstallation=" + profile, "--headless",
                      "--convert-to", "pdf", "--outdir", outdir, *paths, timeout=600)
    out = {}
    for p in paths:
        pdf = os.path.join(outdir, os.path.splitext(os.path.basename(p))[0] + ".pdf")
        ok = check(proc.returncode == 0 and os.path.exists(pdf),
                   "LibreOffice prints %s to PDF" % os.path.basename(p),
                   proc.stderr)
        if ok:
            out[p] = pdf
    return out


def page_texts(pdf):
    """The text of each page, laid out (pdftotext -layout -f N -l N)."""
    return kftest.pdf_page_texts(pdf, layout=True)


def chart_rows(zf, sheet_part):
    """The last row (from 1) each chart of a sheet covers."""
    rows = []
    for target in rels(zf, sheet_part).values():
        if "/drawings/drawing" in target:
            drawing = ET.fromstring(zf.read(target))
            xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
            for anchor in drawing:
                to = anchor.find("{%s}to/{%s}row" % (xdr, xdr))
                if to is not None:
                    rows.append(int(to.text) + 1)
    return rows


PAPER_PT = {"A4": (595.3, 841.9), "Letter": (612.0, 792.0)}


def print_paper(report):
    """The paper a report's workbook prints on: the report's, and for a
    `screen` report the paper of its locale's country."""
    paper = report["report"].get("paper", "A4")
    if paper == "screen":
        return "Letter" if report["report"].get("locale") == "en-US" else "A4"
    return "Letter" if paper.startswith("Letter") else "A4"


def page_sizes(pdf):
    """The (width, height) in points of each page of a PDF."""
    info = kftest.run("pdfinfo", "-f", "1", "-l", "100000", pdf).stdout
    return [(float(w), float(h)) for w, h in
            re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)]


def check_printing(path, pdf, title, long_sheets=(), paper="A4"):
    """Each sheet of the workbook as LibreOffice prints it: every printed
    page headed by the report's title and its sheet's name, the sheets in
    order; each page one sheet wide (the table's whole header row on one
    line of every page, never a column per page); each chart on the first
    page of its sheet, whole (every row it covers printed on that page).
    A sheet of the examples prints on one page, a long one (long_sheets)
    on more."""
    tag = os.path.basename(path)
    wb = openpyxl.load_workbook(path)
    zf = zipfile.ZipFile(path)
    parts = dict(sheet_parts(zf))
    names = wb.sheetnames
    texts = page_texts(pdf)
    # On the report's paper, either way round.
    want = PAPER_PT["Letter" if paper.startswith("Letter") else "A4"]
    sizes = page_sizes(pdf)
    bad = [k for k, (w, h) in enumerate(sizes, start=1)
           if abs(min(w, h) - want[0]) > 2 or abs(max(w, h) - want[1]) > 2]
    check(len(sizes) == len(texts) and not bad,
          "%s: every page printed on %s" % (tag, paper), "pages %r: %r" % (bad, sizes[:3]))
    page_sheet = []
    for k, text in enumerate(texts, start=1):
        head = next((line for line in text.splitlines() if line.strip()), "")
        # The longest name the header ends with: "X (2)" is not "X".
        on = sorted((n for n in names if head.rstrip().endswith(n)), key=len)
        check(head.strip().startswith(title.replace("&&", "&")[:40]) and on,
              "%s: printed page %d headed by the title and its sheet" % (tag, k), repr(head))
        page_sheet.append(on[-1] if on else None)
    # No figure or date too wide for its column: Excel and LibreOffice
    # print "###" for it.
    hashed = [k for k, text in enumerate(texts, start=1) if "###" in text]
    check(not hashed, "%s: no cell printed as ###" % tag, "pages %r" % hashed)
    order = list(dict.fromkeys(page_sheet))
    check(order == names, "%s: every sheet printed, in order" % tag,
          "pages of %r" % page_sheet)
    for name in names:
        ws = wb[name]
        pages = [t for t, s in zip(texts, page_sheet) if s == name]
        count = len(pages)
        print("  %s: sheet %r prints on %d page(s)" % (tag, name, count))
        if name in long_sheets:
            check(count >= 2, "%s: long sheet %r prints on several pages" % (tag, name),
                  "%d" % count)
        else:
            check(count == 1, "%s: sheet %r prints on one page" % (tag, name), "%d" % count)
        if not pages:
            continue
        tables = list(ws.tables.values())
        if tables:
            heads = [c.name for c in tables[0].tableColumns]
            pattern = r"\s+".join(re.escape(spaced(h)) for h in heads)
            for k, text in enumerate(pages, start=1):
                check(re.search(pattern, spaced(text)) is not None,
                      "%s: sheet %r page %d holds the whole header row" % (tag, name, k),
                      repr(heads))
        last_rows = chart_rows(zf, parts[name])
        if last_rows and tables:
            # Every row the chart covers is printed on the sheet's first
            # page: the labels of the table's rows down to the chart's end
            # (rows past the table are empty, and follow).
            first = pages[0]
            last_table = int(re.search(r"(\d+)$", tables[0].ref).group(1))
            upto = min(max(last_rows), last_table)
            labels = [str(ws.cell(row=r, column=1).value) for r in range(2, upto + 1)]
            missing = [lab for lab in labels if spaced(lab) not in spaced(first)]
            check(not missing, "%s: chart of %r whole on the sheet's first page" % (tag, name),
                  "rows not on page 1: %r" % missing)
            if max(last_rows) > last_table and count > 1:
                nxt = pages[1]
                later = [str(ws.cell(row=r, column=1).value)
                         for r in range(max(last_rows) + 1, last_table + 1)]
                check(later and later[0] in nxt or not later,
                      "%s: sheet %r goes on past its chart on page 2" % (tag, name))
    zf.close()


def check_examples(tmp):
    """Every report of figures/, every edition, and a report of every
    kind of chart: the workbook against the report and its PDF, then
    LibreOffice's print of it."""
    reports = sorted(os.path.join(SOURCE_DIR, "figures", f)
                     for f in os.listdir(os.path.join(SOURCE_DIR, "figures"))
                     if f.endswith(".yaml"))
    own = os.path.join(tmp, "all-kinds.yaml")
    with open(own, "w", encoding="utf-8") as f:
        f.write(ALL_KINDS_YAML)
    reports.append(own)
    outdir = os.path.join(tmp, "examples")
    built = []
    for report in reports:
        if not build_all(report, outdir):
            continue
        for name, data in editions(report):
            path = os.path.join(outdir, name)
            if not check(os.path.exists(path), "%s written" % name):
                continue
            lang = data["report"]["locale"][:2] if data["report"].get("languages") else None
            stale = stale_figures(report, lang)
            if report == own:
                check(stale == ALL_KINDS_STALE, "all-kinds: the stale figures",
                      repr(stale))
            names = {m["id"]: re.sub(r"[^A-Za-z0-9_.]", "_", m["id"])
                     for m in data.get("metrics", [])}
            check_workbook(path, data, {}, {}, names, stale=stale)
            built.append((path, data["report"]["title"], print_paper(data)))
    # The batch example: figures/batch/lab-template.yaml, one workbook per
    # row of labs.csv; checked for the rows whose fields YAML takes as
    # they are (no quote to escape).
    batch_dir = os.path.join(SOURCE_DIR, "figures", "batch")
    template = os.path.join(batch_dir, "lab-template.yaml")
    labs = os.path.join(batch_dir, "labs.csv")
    if os.path.exists(template) and os.path.exists(labs):
        import csv
        out = os.path.join(tmp, "batch")
        proc = kftest.keyfig("batch", template, labs, "-o", out, "-f", "pdf,xlsx", "-j", "2",
                             timeout=600)
        check(proc.returncode == 0, "keyfig batch of the example",
              proc.stderr.strip())
        with open(template, encoding="utf-8") as f:
            text = f.read()
        with open(labs, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            if any('"' in v or "\\" in v for v in row.values()):
                continue
            filled = re.sub(r"\{\{(\w+)\}\}", lambda mo: row.get(mo.group(1), mo.group(0)), text)
            data = yaml.safe_load(filled)
            for item in data.get("metrics", []) + [p for s_ in data.get("series", [])
                                                   for p in s_["points"]]:
                # A value that is one placeholder is read as a number.
                if isinstance(item.get("value"), str):
                    v = item["value"]
                    item["value"] = float(v) if "." in v else int(v)
            path = os.path.join(out, row[next(iter(row))] + ".xlsx")
            if not check(os.path.exists(path), "batch: %s written" % os.path.basename(path)):
                continue
            names = {m["id"]: re.sub(r"[^A-Za-z0-9_.]", "_", m["id"])
                     for m in data.get("metrics", [])}
            check_workbook(path, data, {}, {}, names)
            built.append((path, data["report"]["title"], print_paper(data)))
    pdfs = soffice_pdf([b[0] for b in built], os.path.join(tmp, "lo-print"), tmp)
    if pdfs is None:
        print("SKIP: LibreOffice (soffice) is not installed; "
              "the printed pages were not counted")
        return
    for path, title, paper in built:
        if path in pdfs:
            long_sheets = ("Une longue série",) if "all-kinds" in path else ()
            check_printing(path, pdfs[path], title, long_sheets, paper)


def main():
    if not os.access(KEYFIG, os.X_OK):
        check(False, "no keyfig CLI at %s" % KEYFIG)
        return kftest.finish()
    self_test()
    with kftest.temp_dir() as tmp:
        paris = os.path.join(SOURCE_DIR, "figures", "paris-saclay.yaml")
        with open(paris, encoding="utf-8") as f:
            paris_report = yaml.safe_load(f)
        path = build(paris, os.path.join(tmp, "out"))
        if path:
            check_workbook(path, paris_report, PARIS_METRICS, PARIS_SERIES,
                           PARIS_NAMES)
            check_libreoffice(path, tmp, openpyxl.load_workbook(path).sheetnames)
        check_identical(paris, tmp)

        edge = os.path.join(tmp, "edge-cases.yaml")
        with open(edge, "w", encoding="utf-8") as f:
            f.write(EDGE_YAML)
        edge_report = yaml.safe_load(EDGE_YAML)
        edge_report["report"]["date"] = "2024-06-30"
        path = build(edge, os.path.join(tmp, "out"))
        if path:
            check_workbook(path, edge_report, EDGE_METRICS, EDGE_SERIES,
                           EDGE_NAMES, EDGE_CHANGE)
        check_examples(tmp)
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
