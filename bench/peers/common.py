"""What the two peers share: reading a keyfig report file, French and
English number formatting, `{{column}}` substitution for batches, and the
flow of blocks onto pages.

Written for the benchmark (bench/run.py) the way a developer would write
such a tool with Python's usual libraries: PyYAML to read the file, the
formatting by hand (Python's locale module would change the whole
process's LC_NUMERIC), no caching tricks.  It reads the subset of format 1
that the benchmark's reports use: report, sources, metrics, series and
pages of `kpis` and `bar`/`hbar`/`donut` charts (or the default pages).
"""
import csv
import datetime
import math
import re

import yaml

try:  # libyaml's parser when present, as a careful user would pick
    Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    Loader = yaml.SafeLoader

NNBSP = "\u202f"  # narrow no-break space: thousands, and before % in French
NBSP = "\u00a0"   # no-break space: before a currency or a unit word

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
           "août", "septembre", "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
}
WORDS = {
    "fr": {"key": "Chiffres clés", "sources": "Sources :", "cont": " (suite)"},
    "en": {"key": "Key figures", "sources": "Sources:", "cont": " (continued)"},
}
CURRENCIES = {"EUR": "€", "USD": "$", "GBP": "£"}


# --------------------------------------------------------------------------
# Numbers and dates

def _round_half_away(value, decimals):
    q = 10 ** decimals
    return math.floor(abs(value) * q + 0.5) / q * (1 if value >= 0 else -1)


def _digits(value, decimals, lang):
    """'1 234,5' (fr) or '1,234.5' (en): grouped digits, `decimals` None
    meaning as many as the value needs (at most 6)."""
    if decimals is None:
        text = ("%.6f" % _round_half_away(value, 6)).rstrip("0").rstrip(".")
    else:
        text = "%.*f" % (decimals, _round_half_away(value, decimals))
    neg = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    sep, dec = (NNBSP, ",") if lang == "fr" else (",", ".")
    out = sep.join(groups) + (dec + frac if frac else "")
    if neg and out.strip("0,." + NNBSP):
        out = "\u2212" + out  # a real minus sign
    return out


def format_number(value, unit=None, decimals=None, compact=False, lang="fr"):
    """The figure as a reader sees it: (number, suffix, prefix) so a tile
    can print the number big and the unit small."""
    prefix = suffix = ""
    currency = CURRENCIES.get(unit or "")
    if compact and currency and abs(value) >= 999.5:
        scaled, letters = value, ("", "")
        for power, fr, en in ((9, "Md", "bn"), (6, "M", "m"), (3, "k", "k")):
            if abs(value) >= 10 ** power * 0.9995:
                scaled, letters = value / 10 ** power, (fr, en)
                break
        d = decimals if decimals is not None else (1 if abs(scaled) < 9.95 else 0)
        number = _digits(scaled, d, lang)
        if decimals is None:
            number = number.replace(",0", "") if lang == "fr" else number.replace(".0", "")
        if lang == "fr":
            return number, NBSP + letters[0] + currency, ""
        return number, letters[1], currency
    if compact and not currency and unit != "%" and abs(value) >= 999999.5:
        big = abs(value) >= 1e9
        scaled = value / (1e9 if big else 1e6)
        d = decimals if decimals is not None else (1 if abs(scaled) < 10 else 0)
        number = _digits(scaled, d, lang)
        if decimals is None:
            number = number.replace(",0", "") if lang == "fr" else number.replace(".0", "")
        if lang == "fr":
            word = "milliard" if big else "million"
            if abs(scaled) >= 2:
                word += "s"
        else:
            word = "billion" if big else "million"
        return number, NBSP + word, ""
    number = _digits(value, decimals, lang)
    if unit == "%":
        suffix = (NNBSP + "%") if lang == "fr" else "%"
    elif currency:
        if lang == "fr":
            suffix = NBSP + currency
        else:
            prefix = currency
    elif unit:
        suffix = NBSP + unit
    return number, suffix, prefix


def figure_text(value, unit=None, decimals=None, compact=False, lang="fr"):
    number, suffix, prefix = format_number(value, unit, decimals, compact, lang)
    return prefix + number + suffix


def format_date(value, lang="fr", day=True):
    """'15 janvier 2025' or 'janvier 2025' from a date or 'YYYY-MM'."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        y, m, d = value.year, value.month, value.day
    else:
        parts = [int(p) for p in str(value).split("-")]
        y, m, d = (parts + [0, 0])[:3]
    if not m:
        return str(y)
    month = MONTHS[lang][m - 1]
    if d and day:
        return "%d %s %d" % (d, month, y)
    return "%s %d" % (month, y)


# --------------------------------------------------------------------------
# The report

class Report:
    """The parsed report: plain attributes, lists of dicts."""

    def __init__(self, doc):
        r = doc.get("report", {})
        self.title = str(r["title"])
        self.subtitle = r.get("subtitle")
        self.organisation = r.get("organisation") or r.get("organization")
        self.date = r.get("date")
        locale = str(r.get("locale", "fr-FR"))
        self.lang = "en" if locale.startswith("en") else "fr"
        theme = r.get("theme", {}) or {}
        self.primary = theme.get("primary", "#12355B")
        self.accent = theme.get("accent", "#D1495B")
        self.sources = list(doc.get("sources", []) or [])
        self.source_index = {s["id"]: s for s in self.sources}
        self.metrics = {m["id"]: m for m in doc.get("metrics", []) or []}
        self.metric_order = [m["id"] for m in doc.get("metrics", []) or []]
        self.series = {s["id"]: s for s in doc.get("series", []) or []}
        for m in self.metrics.values():
            _check_number(m, "value")
        for s in self.series.values():
            for p in s["points"]:
                _check_number(p, "value")
        pages = doc.get("pages")
        if not pages:
            blocks = []
            ids = self.metric_order
            for i in range(0, len(ids), 4):
                blocks.append({"kpis": ids[i:i + 4]})
            for sid in self.series:
                blocks.append({"chart": {"type": "bar", "series": sid}})
            pages = [{"title": WORDS[self.lang]["key"], "blocks": blocks}]
        self.pages = pages
        self.footnotes = self._number_sources()

    def _number_sources(self):
        """Footnote numbers in the order sources are first cited."""
        order = {}
        for page in self.pages:
            for block in page["blocks"]:
                ids = []
                if "kpis" in block:
                    ids = [self.metrics[m].get("source") for m in block["kpis"]]
                elif "chart" in block:
                    ids = [self.series[block["chart"]["series"]].get("source")]
                for sid in ids:
                    if sid and sid not in order:
                        order[sid] = len(order) + 1
        return order

    def date_text(self):
        return format_date(self.date, self.lang) if self.date else ""

    def source_lines(self):
        out = []
        for sid, n in sorted(self.footnotes.items(), key=lambda kv: kv[1]):
            s = self.source_index[sid]
            parts = [str(s["title"])]
            if s.get("publisher"):
                parts.append(str(s["publisher"]))
            if s.get("date"):
                parts.append(format_date(s["date"], self.lang, day=False))
            out.append("%d. %s" % (n, ", ".join(parts)))
        return out

    def metric_figure(self, mid):
        m = self.metrics[mid]
        return format_number(float(m["value"]), m.get("unit"), m.get("decimals"),
                             m.get("display") == "compact", self.lang)

    def point_text(self, series, value):
        return figure_text(float(value), series.get("unit"), series.get("decimals"),
                           False, self.lang)


def _check_number(d, key):
    v = d.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("'%s' must be a number, not %r" % (key, v))


def load_report(path):
    with open(path, encoding="utf-8") as f:
        return Report(yaml.load(f, Loader=Loader))


# --------------------------------------------------------------------------
# Batches: a template and a CSV

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\n]+?)\s*\}\}")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def substitute(node, row):
    """A copy of the parsed template with every {{column}} in a value
    replaced; a value that is one placeholder whose field is a number
    becomes that number (as keyfig reads it)."""
    if isinstance(node, dict):
        return {k: substitute(v, row) for k, v in node.items()}
    if isinstance(node, list):
        return [substitute(v, row) for v in node]
    if isinstance(node, str) and "{{" in node:
        whole = PLACEHOLDER.fullmatch(node)
        if whole:
            value = row[whole.group(1)].strip()
            if NUMBER.fullmatch(value):
                return float(value) if any(c in value for c in ".eE") else int(value)
            return row[whole.group(1)]
        return PLACEHOLDER.sub(lambda m: row[m.group(1)], node)
    return node


def load_template(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        sample = f.readline()
        f.seek(0)
        delim = ";" if sample.count(";") > sample.count(",") else ","
        return list(csv.DictReader(f, delimiter=delim))


def safe_name(text, taken):
    name = re.sub(r'[/\\:*?"<>|\x00-\x1f\x7f]', "-", text)
    name = re.sub(r"\.{2,}", ".", name).lstrip(". -").rstrip(". ")[:120] or "row"
    base, k = name, 2
    while name.lower() in taken:
        name = "%s-%d" % (base, k)
        k += 1
    taken.add(name.lower())
    return name


# --------------------------------------------------------------------------
# Flowing blocks onto pages (the geometry both peers draw)

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN = 42.0
HEADER_H = 110.0
CONT_HEADER_H = 48.0
FOOTER_H = 80.0
GAP = 14.0
TILE_H = 100.0
BAR_CHART_H = 160.0
DONUT_H = 136.0


def wrap(text, width, measure, size):
    """Greedy line breaking with a width-measuring function."""
    words, lines, line = str(text).split(), [], ""
    for w in words:
        trial = (line + " " + w) if line else w
        if line and measure(trial, size) > width:
            lines.append(line)
            line = w
        else:
            line = trial
    if line:
        lines.append(line)
    return lines or [""]


def block_height(report, block, measure, width):
    if "kpis" in block:
        n = len(block["kpis"])
        per_row = min(n, 4)
        rows = (n + per_row - 1) // per_row
        return rows * TILE_H + (rows - 1) * GAP
    chart = block["chart"]
    s = report.series[chart["series"]]
    title_h = 24.0 * len(wrap(s["title"], width, measure, 12))
    if chart["type"] == "hbar":
        return title_h + 22.0 * len(s["points"]) + 8
    if chart["type"] == "donut":
        return title_h + DONUT_H
    return title_h + BAR_CHART_H


def flow(report, measure):
    """[(page title, continued, [(block, y, height)])]: blocks placed from
    the top, a block that does not fit going to a continuation page."""
    width = PAGE_W - 2 * MARGIN
    out = []
    for page in report.pages:
        y = HEADER_H + 62
        placed, continued = [], False
        for block in page["blocks"]:
            h = block_height(report, block, measure, width)
            if placed and y + h > PAGE_H - FOOTER_H:
                out.append((page["title"], continued, placed))
                placed, continued = [], True
                y = CONT_HEADER_H + 62
            placed.append((block, y, h))
            y += h + GAP
        out.append((page["title"], continued, placed))
    return out


def hex_rgb(h):
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4))


PALETTE = ["#12355B", "#D1495B", "#6B7F99", "#EDAE49", "#00798C", "#8E6C8A"]
