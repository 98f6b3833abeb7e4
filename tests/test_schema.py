#!/usr/bin/python3
"""Checks docs/report.schema.json, the JSON Schema of report format 1.

- the schema is itself valid (draft-07 metaschema), every property has a
  description and every object forbids unknown keys;
- every figures/*.yaml, tests/data/*.json and every complete example in
  docs/format.md is valid against it;
- a set of deliberately wrong documents, each made here from a valid
  minimal report, is rejected, and a few legal variants are accepted;
- figures/paris-saclay-bilingual.yaml's French edition is paris-saclay.yaml.

Run with Debian's /usr/bin/python3 (python3-jsonschema, python3-yaml).
KF_SOURCE_DIR names the repository root (see tests/kftest.py).  Prints
"N passed, M failed"; exits 1 when anything failed.
"""

import copy
import datetime
import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml

import kftest
from kftest import check

ROOT = Path(kftest.SOURCE_DIR)
SCHEMA_PATH = ROOT / "docs" / "report.schema.json"


def dates_to_strings(node):
    """YAML reads `date: 2025-01-15` as a datetime.date; the schema (like
    keyfig) treats dates as text, so turn them back into ISO strings."""
    if isinstance(node, dict):
        return {k: dates_to_strings(v) for k, v in node.items()}
    if isinstance(node, list):
        return [dates_to_strings(v) for v in node]
    if isinstance(node, datetime.datetime):
        return node.isoformat()  # a time is not a date: the schema rejects it
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def load_yaml(text):
    return dates_to_strings(yaml.safe_load(text))


def errors_of(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.path))


def describe(errors):
    return "; ".join(f"{e.json_path}: {e.message}"[:200] for e in errors[:5])


# ---------------------------------------------------------------------------
# The schema itself

try:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
except (OSError, ValueError) as exc:
    check(False, f"cannot read {SCHEMA_PATH}", str(exc))
    sys.exit(kftest.finish())

try:
    jsonschema.Draft7Validator.check_schema(schema)
    check(True, "schema is valid draft-07")
except jsonschema.SchemaError as exc:
    check(False, "schema is valid draft-07", exc.message)
    sys.exit(kftest.finish())

validator = jsonschema.Draft7Validator(schema)


def walk(node, where):
    """Yields (where, subschema) for every subschema in the tree."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{where}/{i}")


undescribed = []
open_objects = []
for where, node in walk(schema, "#"):
    props = node.get("properties")
    if isinstance(props, dict) and not where.endswith("/properties"):
        for key, sub in props.items():
            if "description" not in sub:
                undescribed.append(f"{where}/properties/{key}")
        if node.get("additionalProperties") is not False:
            open_objects.append(where)
    items = node.get("items")
    if isinstance(items, dict) and "description" not in items:
        undescribed.append(f"{where}/items")
check(not undescribed, "every property has a description",
      ", ".join(undescribed))
check(not open_objects, "every object has additionalProperties: false",
      ", ".join(open_objects))

# ---------------------------------------------------------------------------
# The example files

figures = sorted((ROOT / "figures").glob("*.yaml"))
check(bool(figures), "figures/*.yaml exist", f"none in {ROOT / 'figures'}")
# tests/warn/ holds valid reports that keyfig only warns about.
for path in figures + sorted((ROOT / "tests" / "warn").glob("*.yaml")):
    name = path.relative_to(ROOT)
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        check(False, f"{name} is valid", f"cannot read: {exc}")
        continue
    errs = errors_of(validator, doc)
    check(not errs, f"{name} is valid", describe(errs))

for path in sorted((ROOT / "tests" / "data").glob("*.json")):
    name = path.relative_to(ROOT)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        check(False, f"{name} is valid", f"cannot read: {exc}")
        continue
    errs = errors_of(validator, doc)
    check(not errs, f"{name} is valid", describe(errs))

# Complete examples in docs/format.md (fenced blocks holding a whole report,
# i.e. with a top-level `format:` key) must be valid too.
format_md = ROOT / "docs" / "format.md"
if format_md.exists():
    text = format_md.read_text(encoding="utf-8")
    blocks = re.findall(r"^```(yaml|json)\n(.*?)^```", text, re.S | re.M)
    whole = 0
    for i, (lang, body) in enumerate(blocks):
        if lang == "yaml" and not re.search(r"^format:", body, re.M):
            continue
        if lang == "json" and not re.search(r'^\{\s*"format"', body):
            continue
        whole += 1
        label = f"docs/format.md example {i + 1} ({lang})"
        try:
            doc = json.loads(body) if lang == "json" else load_yaml(body)
        except (ValueError, yaml.YAMLError) as exc:
            check(False, f"{label} parses", str(exc))
            continue
        errs = errors_of(validator, doc)
        check(not errs, f"{label} is valid", describe(errs))
    check(whole >= 2, "docs/format.md has complete examples",
          f"found {whole}")

# ---------------------------------------------------------------------------
# Wrong documents, each one mistake away from a valid minimal report

MINIMAL = load_yaml("""
format: 1
report:
  title: Paris-Saclay et l'IA
  date: 2025-01-15
  theme: { primary: "#12355B", accent: "#D1495B" }
sources:
  - { id: press-kit, title: Dossier de presse, date: 2025-01,
      url: "https://www.example.org/dp.pdf" }
metrics:
  - { id: research-share, label: de la recherche nationale, value: 21,
      unit: "%", source: press-kit, as_of: 2024-12 }
series:
  - id: line-18
    title: Temps de trajet
    unit: min
    points: [ { label: Orly, value: 13 } ]
pages:
  - title: Chiffres clés
    blocks:
      - kpis: [research-share]
      - chart: { type: hbar, series: line-18 }
""")

errs = errors_of(validator, MINIMAL)
check(not errs, "the minimal test report is valid", describe(errs))


def variant(change):
    doc = copy.deepcopy(MINIMAL)
    change(doc)
    return doc


def set_at(doc, path, value):
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def delete_at(doc, path):
    for key in path[:-1]:
        doc = doc[key]
    del doc[path[-1]]


def setter(path, value):
    return lambda doc: set_at(doc, path, value)


def deleter(path):
    return lambda doc: delete_at(doc, path)


BAD = [
    ("unknown top-level key", setter(["metric"], [])),
    ("unknown key in report", setter(["report", "titel"], "x")),
    ("unknown key in a metric", setter(["metrics", 0, "units"], "%")),
    ("unknown key in a point", setter(["series", 0, "points", 0, "colour"],
                                      "#fff")),
    ("unknown key in a chart", setter(["pages", 0, "blocks", 1, "chart",
                                       "color"], "#fff")),
    ("format 2", setter(["format"], 2)),
    ("format as text", setter(["format"], "1")),
    ("missing format", deleter(["format"])),
    ("missing report", deleter(["report"])),
    ("missing report title", deleter(["report", "title"])),
    ("empty report title", setter(["report", "title"], "")),
    ("missing source title", deleter(["sources", 0, "title"])),
    ("missing metric value", deleter(["metrics", 0, "value"])),
    ("missing page title", deleter(["pages", 0, "title"])),
    ("colour without #", setter(["report", "theme", "primary"], "12355B")),
    ("colour of 5 digits", setter(["report", "theme", "primary"], "#12355")),
    ("colour by name", setter(["report", "theme", "accent"], "red")),
    ("colour not hex", setter(["report", "theme", "accent"], "#GG0000")),
    ("date in French order", setter(["report", "date"], "15/01/2025")),
    ("date month 13", setter(["report", "date"], "2025-13-01")),
    ("date day 32", setter(["report", "date"], "2025-01-32")),
    ("report date as a year", setter(["report", "date"], "2025")),
    ("date with a time", setter(["report", "date"],
                                datetime.datetime(2025, 1, 15, 10, 0)
                                .isoformat())),
    ("as_of without dashes", setter(["metrics", 0, "as_of"], "202412")),
    ("source date with a short year", setter(["sources", 0, "date"], "25")),
    ("chart type pie", setter(["pages", 0, "blocks", 1, "chart", "type"],
                              "pie")),
    ("chart without type", deleter(["pages", 0, "blocks", 1, "chart",
                                    "type"])),
    ("block with two keys", setter(["pages", 0, "blocks", 0, "chart"],
                                   {"type": "bar", "series": "line-18"})),
    ("empty block", setter(["pages", 0, "blocks", 0], {})),
    ("unknown block kind", setter(["pages", 0, "blocks", 0],
                                  {"image": "logo.png"})),
    ("nine KPIs in a block", setter(["pages", 0, "blocks", 0, "kpis"],
                                    ["research-share"] * 9)),
    ("no KPIs in a block", setter(["pages", 0, "blocks", 0, "kpis"], [])),
    ("page without blocks", setter(["pages", 0, "blocks"], [])),
    ("51 blocks on a page", setter(["pages", 0, "blocks"],
                                   [{"kpis": ["research-share"]}] * 51)),
    ("id starting with a digit", setter(["metrics", 0, "id"], "1st")),
    ("id with a space", setter(["metrics", 0, "id"], "research share")),
    ("id with an accent", setter(["metrics", 0, "id"], "clé")),
    ("id of 65 characters", setter(["metrics", 0, "id"], "a" * 65)),
    ("reference that is not an id", setter(["metrics", 0, "source"],
                                           "press kit")),
    ("value as text", setter(["metrics", 0, "value"], "21")),
    ("value with a decimal comma", setter(["metrics", 0, "value"], "21,5")),
    ("value true", setter(["metrics", 0, "value"], True)),
    ("decimals 7", setter(["metrics", 0, "decimals"], 7)),
    ("decimals -1", setter(["metrics", 0, "decimals"], -1)),
    ("decimals 1.5", setter(["metrics", 0, "decimals"], 1.5)),
    ("display short", setter(["metrics", 0, "display"], "short")),
    ("qualifier in words", setter(["metrics", 0, "qualifier"], "more than")),
    ("qualifier in French", setter(["metrics", 0, "qualifier"], "plus_de")),
    ("sign plus", setter(["metrics", 0, "sign"], "plus")),
    ("locale de-DE", setter(["report", "locale"], "de-DE")),
    ("paper A3", setter(["report", "paper"], "A3")),
    ("url ftp", setter(["sources", 0, "url"], "ftp://example.org/x")),
    ("url without scheme", setter(["sources", 0, "url"], "www.example.org")),
    ("absolute logo path", setter(["report", "logo"], "/etc/logo.png")),
    ("logo path with ..", setter(["report", "logo"], "../logo.png")),
    ("absolute metrics_csv path", setter(["metrics_csv"], "/data/m.csv")),
    ("metrics_csv path with ..", setter(["metrics_csv"], "data/../../m.csv")),
    ("metrics_csv not a text", setter(["metrics_csv"], ["m.csv"])),
    ("organisation and organization", lambda d: d["report"].update(
        organisation="EPA Paris-Saclay", organization="EPA Paris-Saclay")),
    ("line break in a label", setter(["metrics", 0, "label"], "a\nb")),
    ("tab in a title", setter(["report", "title"], "a\tb")),
    ("series without points", deleter(["series", 0, "points"])),
    ("series with no points", setter(["series", 0, "points"], [])),
    ("1001 points", setter(["series", 0, "points"],
                           [{"label": "x", "value": 1}] * 1001)),
    ("point without value", deleter(["series", 0, "points", 0, "value"])),
    ("metrics as a map", setter(["metrics"], {"research-share": 21})),
    ("theme as text", setter(["report", "theme"], "dark")),
    ("no pages in pages", setter(["pages"], [])),
    # The keys of issue 3.
    ("$schema as a number", setter(["$schema"], 1)),
    ("cover as text", setter(["report", "cover"], "true")),
    ("appendix tables", setter(["report", "appendix"], "tables")),
    ("appendix as a boolean", setter(["report", "appendix"], True)),
    ("previous_as_of without previous",
     setter(["metrics", 0, "previous_as_of"], "2023")),
    ("previous_as_of not a date", lambda d: d["metrics"][0].update(
        previous=10, previous_as_of="last year")),
    ("trend without previous", setter(["metrics", 0, "trend"], "absolute")),
    ("trend of another word", lambda d: d["metrics"][0].update(
        previous=10, trend="ratio")),
    ("sparkline that is not an id", setter(["metrics", 0, "sparkline"],
                                           "line 18")),
    ("as_of with a short year", setter(["metrics", 0, "as_of"], "24")),
    ("empty text block", setter(["pages", 0, "blocks", 0], {"text": ""})),
    ("blank text block", setter(["pages", 0, "blocks", 0],
                                {"text": " \n\n "})),
    ("tab in a text block", setter(["pages", 0, "blocks", 0],
                                   {"text": "a\tb"})),
    ("text block as a list", setter(["pages", 0, "blocks", 0],
                                    {"text": ["a"]})),
    ("text and chart in one block", setter(["pages", 0, "blocks", 1, "text"],
                                           "a")),
    ("bar of a list", setter(["pages", 0, "blocks", 1, "chart"],
                             {"type": "bar", "series": ["line-18"]})),
    ("line of seven series", setter(["pages", 0, "blocks", 1, "chart"],
                                    {"type": "line",
                                     "series": [f"s{i}" for i in range(7)]})),
    ("line of an empty list", setter(["pages", 0, "blocks", 1, "chart"],
                                     {"type": "line", "series": []})),
    ("line listing a series twice", setter(
        ["pages", 0, "blocks", 1, "chart"],
        {"type": "line", "series": ["line-18", "line-18"]})),
    ("stacked of one id", setter(["pages", 0, "blocks", 1, "chart"],
                                 {"type": "stacked", "series": "line-18"})),
    ("stacked of nine series", setter(["pages", 0, "blocks", 1, "chart"],
                                      {"type": "stacked",
                                       "series": [f"s{i}" for i in range(9)]})),
    ("metric on a bar", setter(["pages", 0, "blocks", 1, "chart"],
                               {"type": "bar", "series": "line-18",
                                "metric": "research-share"})),
    ("waffle with metric and series", setter(
        ["pages", 0, "blocks", 1, "chart"],
        {"type": "waffle", "series": "line-18",
         "metric": "research-share"})),
    ("waffle with neither", setter(["pages", 0, "blocks", 1, "chart"],
                                   {"type": "waffle"})),
    ("progress of a list", setter(["pages", 0, "blocks", 1, "chart"],
                                  {"type": "progress",
                                   "series": ["line-18"]})),
    ("empty chart title", setter(["pages", 0, "blocks", 1, "chart", "title"],
                                 "")),
    ("chart title on two lines", setter(
        ["pages", 0, "blocks", 1, "chart", "title"], "a\nb")),
    # The keys of issue 12: rows, widths, chart heights.
    ("row inside a row", setter(["pages", 0, "blocks", 0], {
        "row": [{"kpis": ["research-share"]},
                {"row": [{"chart": {"type": "hbar", "series": "line-18"}}]}]})),
    ("empty row", setter(["pages", 0, "blocks", 0], {"row": []})),
    ("row of nine blocks", setter(["pages", 0, "blocks", 0], {
        "row": [{"kpis": ["research-share"]}] * 9})),
    ("row with a width", setter(["pages", 0, "blocks", 0], {
        "row": [{"kpis": ["research-share"]}], "width": 2})),
    ("width outside a row", lambda d: d["pages"][0]["blocks"][0].update(
        width=2)),
    ("width of zero", setter(["pages", 0, "blocks", 0], {
        "row": [{"kpis": ["research-share"], "width": 0}]})),
    ("width alone in a row", setter(["pages", 0, "blocks", 0], {
        "row": [{"width": 2}]})),
    ("two blocks in one in a row", setter(["pages", 0, "blocks", 0], {
        "row": [{"kpis": ["research-share"], "text": "a"}]})),
    ("chart height as text", setter(
        ["pages", 0, "blocks", 1, "chart", "height"], "60 mm")),
    ("chart height of 5 mm", setter(
        ["pages", 0, "blocks", 1, "chart", "height"], 5)),
]

for name, change in BAD:
    doc = variant(change)
    check(not validator.is_valid(doc), f"rejects {name}")

GOOD = [
    ("organization alias", lambda d: d["report"].update(
        organization="EPA Paris-Saclay")),
    ("#RGB colour", setter(["report", "theme", "accent"], "#d14")),
    ("lower-case colour", setter(["report", "theme", "primary"], "#12355b")),
    ("report date as a month", setter(["report", "date"], "2025-01")),
    ("source date as a year in quotes", setter(["sources", 0, "date"],
                                               "2025")),
    ("source date as a bare YAML year", setter(["sources", 0, "date"], 2025)),
    ("source date as a day", setter(["sources", 0, "date"], "2025-01-15")),
    ("as_of as a day", setter(["metrics", 0, "as_of"], "2024-12-31")),
    ("negative value and previous", lambda d: d["metrics"][0].update(
        value=-3.5, previous=2)),
    ("compact currency", lambda d: d["metrics"][0].update(
        value=30000000, unit="EUR", display="compact", decimals=0)),
    ("free unit", setter(["metrics", 0, "unit"], "m²")),
    ("no pages", deleter(["pages"])),
    ("no sources, metrics or series", lambda d: [
        d.pop(k) for k in ("sources", "metrics", "series", "pages")]),
    ("donut chart", setter(["pages", 0, "blocks", 1, "chart", "type"],
                           "donut")),
    ("id of 64 characters", lambda d: (
        set_at(d, ["metrics", 0, "id"], "a" * 64),
        set_at(d, ["pages", 0, "blocks", 0, "kpis"], ["a" * 64]))),
    ("label in another script", setter(["metrics", 0, "label"],
                                       "de la recherche — 研究 ✓")),
    # The keys of issue 3.
    ("$schema", setter(["$schema"], "../docs/report.schema.json")),
    ("cover and appendix", lambda d: d["report"].update(
        cover=True, appendix="data")),
    ("no cover, no appendix", lambda d: d["report"].update(
        cover=False, appendix="none")),
    ("as_of as a year", setter(["metrics", 0, "as_of"], "2024")),
    ("as_of as a bare YAML year", setter(["metrics", 0, "as_of"], 2024)),
    ("previous with previous_as_of", lambda d: d["metrics"][0].update(
        previous=18, previous_as_of="2023")),
    ("previous_as_of as a month", lambda d: d["metrics"][0].update(
        previous=18, previous_as_of="2023-06")),
    ("trend relative", lambda d: (d["metrics"][0].pop("unit"),
                                  d["metrics"][0].update(previous=18,
                                                         trend="relative"))),
    ("trend absolute", lambda d: d["metrics"][0].update(
        previous=18, trend="absolute")),
    ("sparkline", setter(["metrics", 0, "sparkline"], "line-18")),
    ("qualifier and sign", lambda d: d["metrics"][0].update(
        qualifier="more_than", sign="always")),
    ("qualifier about", setter(["metrics", 0, "qualifier"], "about")),
    ("qualifier up_to", setter(["metrics", 0, "qualifier"], "up_to")),
    ("qualifier less_than", setter(["metrics", 0, "qualifier"], "less_than")),
    ("sign auto", setter(["metrics", 0, "sign"], "auto")),
    ("text block", setter(["pages", 0, "blocks", 0], {
        "text": "First *paragraph*,\non two lines.\n\nSecond **one**.\n"})),
    ("chart with a title", setter(["pages", 0, "blocks", 1, "chart",
                                   "title"], "Trajets")),
    ("line of one id", setter(["pages", 0, "blocks", 1, "chart"],
                              {"type": "line", "series": "line-18"})),
    ("line of six ids", setter(["pages", 0, "blocks", 1, "chart"],
                               {"type": "line",
                                "series": [f"s{i}" for i in range(6)]})),
    ("stacked of eight ids", setter(["pages", 0, "blocks", 1, "chart"],
                                    {"type": "stacked", "title": "T",
                                     "series": [f"s{i}" for i in range(8)]})),
    ("stacked of one id in a list", setter(
        ["pages", 0, "blocks", 1, "chart"],
        {"type": "stacked", "series": ["line-18"]})),
    ("waffle of a metric", setter(["pages", 0, "blocks", 1, "chart"],
                                  {"type": "waffle",
                                   "metric": "research-share",
                                   "title": "Sur 100"})),
    ("waffle of a series", setter(["pages", 0, "blocks", 1, "chart"],
                                  {"type": "waffle", "series": "line-18"})),
    ("progress of a metric", setter(["pages", 0, "blocks", 1, "chart"],
                                    {"type": "progress",
                                     "metric": "research-share"})),
    ("progress of a series", setter(["pages", 0, "blocks", 1, "chart"],
                                    {"type": "progress",
                                     "series": "line-18"})),
    ("logo with two dots in a name", setter(["report", "logo"],
                                            "logos/epa..png")),
    ("logo in a folder", setter(["report", "logo"], "logos/epa.png")),
    ("metrics_csv in a folder", setter(["metrics_csv"], "data/metrics.csv")),
    ("a row with widths", setter(["pages", 0, "blocks", 0], {
        "row": [{"kpis": ["research-share"], "width": 1.5},
                {"chart": {"type": "hbar", "series": "line-18"}, "width": 2},
                {"text": "Beside the figures."}]})),
    ("a row of one block", setter(["pages", 0, "blocks", 0], {
        "row": [{"kpis": ["research-share"]}]})),
    ("chart height", setter(["pages", 0, "blocks", 1, "chart", "height"],
                            60)),
]
for paper in ("A4", "A4-landscape", "Letter", "Letter-landscape", "screen"):
    GOOD.append((f"paper {paper}", setter(["report", "paper"], paper)))
for locale in ("fr-FR", "en-GB", "en-US"):
    GOOD.append((f"locale {locale}", setter(["report", "locale"], locale)))

for name, change in GOOD:
    doc = variant(change)
    errs = errors_of(validator, doc)
    check(not errs, f"accepts {name}", describe(errs))

# ---------------------------------------------------------------------------
# The briefing repeats the fact sheet's figures: every source, metric and
# series it has is the fact sheet's, unchanged.

brief_path = ROOT / "figures" / "paris-saclay-briefing.yaml"
sheet_path = ROOT / "figures" / "paris-saclay.yaml"
if brief_path.exists() and sheet_path.exists():
    brief = load_yaml(brief_path.read_text(encoding="utf-8"))
    sheet = load_yaml(sheet_path.read_text(encoding="utf-8"))
    for kind in ("sources", "metrics", "series"):
        known = {item["id"]: item for item in sheet.get(kind, [])}
        for item in brief.get(kind, []):
            check(known.get(item["id"]) == item,
                  f"briefing {kind[:-1] if kind != 'series' else kind} "
                  f"'{item['id']}' is the fact sheet's")
    check(brief["report"].get("cover") is True
          and brief["report"].get("appendix") == "data",
          "briefing has a cover and a data appendix")

# ---------------------------------------------------------------------------
# The bilingual example states the same facts as the French one, and its
# French texts are the French file's

fr_path = ROOT / "figures" / "paris-saclay.yaml"
bi_path = ROOT / "figures" / "paris-saclay-bilingual.yaml"
if fr_path.exists() and bi_path.exists():
    fr = load_yaml(fr_path.read_text(encoding="utf-8"))
    bi = load_yaml(bi_path.read_text(encoding="utf-8"))

    def edition(node, lang):
        """The document as one edition: every {fr:, en:} text resolved."""
        if isinstance(node, dict):
            if node and set(node) <= {"fr", "en"}:
                return node[lang]
            return {k: edition(v, lang) for k, v in node.items()}
        if isinstance(node, list):
            return [edition(v, lang) for v in node]
        return node

    check(bi.get("report", {}).get("languages") == ["fr", "en"],
          "bilingual example has languages [fr, en]")
    bi_fr = edition(bi, "fr")
    bi_fr["report"].pop("languages", None)
    fr["report"].pop("locale", None)
    check(bi_fr == fr, "bilingual example's French edition is the French example")

sys.exit(kftest.finish())
