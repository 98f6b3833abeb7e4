#!/usr/bin/python3
"""The matplotlib + XlsxWriter peer of `keyfig build`: the same report
file, the same pages (header band, KPI tiles with French figures, bar,
horizontal bar and donut charts, numbered sources, footer), as a PDF, a
PNG per page and a workbook with the figures, one sheet per series with
a native chart, and the sources.

    matplotlib_peer.py REPORT.yaml -o DIR [-f pdf,png,xlsx] [--dpi 150]

Written as a competent user of these libraries would: Inter (the font
keyfig uses) registered with matplotlib's font manager, text measured
with matplotlib's own FreeType binding to wrap labels, the charts drawn
with matplotlib's axes (bar, barh, pie), one figure per page saved to
every format asked.  Used by bench/run.py; not part of keyfig.
"""
import argparse
import datetime
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Rectangle  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

INTER = "/usr/share/fonts/opentype/inter/Inter-%s.otf"
WEIGHTS = {400: "Regular", 500: "Medium", 600: "SemiBold", 700: "Bold"}
for _w in WEIGHTS.values():
    font_manager.fontManager.addfont(INTER % _w)
plt.rcParams["font.family"] = "Inter"
plt.rcParams["pdf.compression"] = 6

_ft = {w: FT2Font(INTER % name) for w, name in WEIGHTS.items()}


def measure(text, size, weight=400):
    f = _ft[weight]
    f.set_size(size, 72)
    f.set_text(text, 0.0)
    return f.get_width_height()[0] / 64.0


def fig_rect(x, y, w, h):
    """Points from the top-left corner to figure fractions."""
    return [x / C.PAGE_W, 1 - (y + h) / C.PAGE_H, w / C.PAGE_W, h / C.PAGE_H]


class PageDrawer:
    def __init__(self, report):
        self.r = report
        self.primary = C.hex_rgb(report.primary)
        self.accent = C.hex_rgb(report.accent)

    def new_page(self):
        fig = plt.figure(figsize=(C.PAGE_W / 72, C.PAGE_H / 72))
        ax = fig.add_axes([0, 0, 1, 1])
        ax.set_xlim(0, C.PAGE_W)
        ax.set_ylim(C.PAGE_H, 0)
        ax.axis("off")
        return fig, ax

    def text(self, ax, x, y, s, size, weight=400, color="#1F2933", ha="left"):
        ax.text(x, y, s, fontsize=size, fontweight=weight, color=color, ha=ha,
                va="baseline")

    def header(self, ax, continued):
        r, W = self.r, C.PAGE_W
        h = C.CONT_HEADER_H if continued else C.HEADER_H
        ax.add_patch(Rectangle((0, 0), W, h, color=self.primary, lw=0))
        ax.add_patch(Rectangle((0, h), W, 4, color=self.accent, lw=0))
        if continued:
            self.text(ax, C.MARGIN, 30, r.title, 13, 700, "white")
            if r.organisation:
                self.text(ax, W - C.MARGIN, 30, r.organisation, 9, 600, "white", "right")
            return h
        self.text(ax, C.MARGIN, 58, r.title, 26, 700, "white")
        if r.subtitle:
            self.text(ax, C.MARGIN, 88, r.subtitle, 11, 400, "#DCE3EC")
        if r.organisation:
            self.text(ax, W - C.MARGIN, 42, r.organisation, 10, 600, "white", "right")
        self.text(ax, W - C.MARGIN, 60, r.date_text(), 9, 400, "#DCE3EC", "right")
        return h

    def footnote(self, ax, x, y, n, size):
        if n:
            self.text(ax, x + 1.5, y - size * 0.45, str(n), size * 0.6, 400, "#52606D")

    def kpis(self, ax, ids, y):
        n = len(ids)
        per_row = min(n, 4)
        w = (C.PAGE_W - 2 * C.MARGIN - (per_row - 1) * C.GAP) / per_row
        for i, mid in enumerate(ids):
            x = C.MARGIN + (i % per_row) * (w + C.GAP)
            ty = y + (i // per_row) * (C.TILE_H + C.GAP)
            ax.add_patch(FancyBboxPatch((x, ty), w, C.TILE_H,
                                        boxstyle="round,pad=0,rounding_size=6",
                                        fc="#F1F2F4", ec="none"))
            ax.add_patch(Rectangle((x, ty + 10), 3, C.TILE_H - 20,
                                   color=self.accent, lw=0))
            number, suffix, prefix = self.r.metric_figure(mid)
            size = 26 if per_row <= 3 else 22
            while measure(prefix + number + suffix, size, 700) > w - 30 and size > 12:
                size -= 1
            cx = x + 18
            if prefix:
                self.text(ax, cx, ty + 40, prefix, size * 0.55, 600, self.primary)
                cx += measure(prefix, size * 0.55, 600) + 1
            self.text(ax, cx, ty + 40, number, size, 700, self.primary)
            cx += measure(number, size, 700)
            if suffix:
                self.text(ax, cx, ty + 40, suffix, size * 0.55, 600, self.primary)
            m = self.r.metrics[mid]
            lines = C.wrap(m["label"], w - 36, measure, 9.5)
            for k, line in enumerate(lines[:4]):
                self.text(ax, x + 18, ty + 62 + k * 12.5, line, 9.5, 400, "#3E4C59")
            last = lines[:4][-1]
            self.footnote(ax, x + 18 + measure(last, 9.5), ty + 62 + (len(lines[:4]) - 1) * 12.5,
                          self.r.footnotes.get(m.get("source")), 9.5)

    def chart(self, fig, ax, chart, y, h):
        s = self.r.series[chart["series"]]
        width = C.PAGE_W - 2 * C.MARGIN
        lines = C.wrap(s["title"], width, lambda t, z: measure(t, z, 700), 12)
        for k, line in enumerate(lines):
            self.text(ax, C.MARGIN, y + 14 + k * 16, line, 12, 700, self.primary)
        self.footnote(ax, C.MARGIN + measure(lines[-1], 12, 700), y + 14 + (len(lines) - 1) * 16,
                      self.r.footnotes.get(s.get("source")), 12)
        top = y + 24.0 * len(lines)
        labels = [str(p["label"]) for p in s["points"]]
        values = [float(p["value"]) for p in s["points"]]
        texts = [self.r.point_text(s, v) for v in values]
        kind = chart["type"]
        if kind == "donut":
            cax = fig.add_axes(fig_rect(C.MARGIN, top, 140, 140))
            cax.pie(values, colors=C.PALETTE[:len(values)], startangle=90,
                    counterclock=False, wedgeprops={"width": 0.38, "edgecolor": "white",
                                                    "linewidth": 1.5})
            cax.set_aspect("equal")
            total = C.figure_text(sum(values), s.get("unit"), s.get("decimals"), False,
                                  self.r.lang)
            cax.text(0, 0, total, ha="center", va="center", fontsize=16,
                     fontweight=700, color=self.primary)
            whole = sum(values) or 1
            for k, (label, v, t) in enumerate(zip(labels, values, texts)):
                ly = top + 40 + k * 20
                ax.add_patch(FancyBboxPatch((C.MARGIN + 170, ly - 9), 10, 10,
                                            boxstyle="round,pad=0,rounding_size=2",
                                            fc=C.PALETTE[k % len(C.PALETTE)], ec="none"))
                self.text(ax, C.MARGIN + 188, ly, label, 10, 400, "#1F2933")
                share = C.figure_text(100 * v / whole, "%", 0, False, self.r.lang)
                self.text(ax, C.MARGIN + 320, ly, "%s (%s)" % (t, share), 10, 600, "#1F2933")
            return
        if kind == "hbar":
            label_w = max(measure(t, 10) for t in labels) + 10
            cax = fig.add_axes(fig_rect(C.MARGIN + label_w, top, width - label_w - 50,
                                        h - (top - y)))
            ypos = list(range(len(values)))[::-1]
            bars = cax.barh(ypos, values, color=self.primary, height=0.62)
            cax.set_yticks(ypos, labels, fontsize=10)
            cax.bar_label(bars, texts, padding=4, fontsize=9.5, fontweight=600)
        else:
            cax = fig.add_axes(fig_rect(C.MARGIN, top, width, h - (top - y) - 20))
            bars = cax.bar(range(len(values)), values, color=self.primary, width=0.62)
            cax.set_xticks(range(len(values)), labels, fontsize=10)
            cax.bar_label(bars, texts, padding=3, fontsize=9.5, fontweight=600)
            cax.set_yticks([])
        cax.tick_params(length=0)
        for side in ("top", "right", "left"):
            cax.spines[side].set_visible(False)
        cax.spines["bottom" if kind != "hbar" else "left"].set_color("#CBD2D9")
        if kind == "hbar":
            cax.spines["bottom"].set_visible(False)
            cax.set_xticks([])
        cax.margins(y=0.12) if kind != "hbar" else cax.margins(x=0.15)

    def footer(self, ax, number, count):
        top = C.PAGE_H - C.FOOTER_H + 6
        ax.plot([C.MARGIN, C.PAGE_W - C.MARGIN], [top, top], color="#CBD2D9", lw=0.6)
        self.text(ax, C.MARGIN, top + 14, C.WORDS[self.r.lang]["sources"], 7.5, 600, "#3E4C59")
        y = top + 25
        for line in self.r.source_lines():
            for part in C.wrap(line, C.PAGE_W - 2 * C.MARGIN, measure, 7.5):
                self.text(ax, C.MARGIN, y, part, 7.5, 400, "#52606D")
                y += 10
        left = " · ".join(t for t in (self.r.organisation, self.r.date_text()) if t)
        self.text(ax, C.MARGIN, C.PAGE_H - 22, left, 8, 400, "#52606D")
        self.text(ax, C.PAGE_W - C.MARGIN, C.PAGE_H - 22, "%d / %d" % (number, count), 8,
                  400, "#52606D", "right")

    def pages(self):
        """One figure per page, in order."""
        plan = C.flow(self.r, measure)
        for i, (title, continued, blocks) in enumerate(plan):
            fig, ax = self.new_page()
            h = self.header(ax, continued)
            self.text(ax, C.MARGIN, h + 44, title + (C.WORDS[self.r.lang]["cont"] if continued else ""),
                      17, 700, self.primary)
            for block, y, bh in blocks:
                if "kpis" in block:
                    self.kpis(ax, block["kpis"], y)
                else:
                    self.chart(fig, ax, block["chart"], y, bh)
            self.footer(ax, i + 1, len(plan))
            yield fig


def write_xlsx(report, path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    if isinstance(report.date, datetime.date):
        created = datetime.datetime(report.date.year, report.date.month, report.date.day)
        wb.set_properties({"title": report.title, "created": created})
    bold = wb.add_format({"bold": True, "font_color": "white", "bg_color": report.primary})
    title = wb.add_format({"bold": True, "font_size": 14, "font_color": report.primary})
    ws = wb.add_worksheet(C.WORDS[report.lang]["key"][:31])
    ws.write(0, 0, report.title, title)
    heads = ["Indicateur", "Valeur", "Unité", "Affiché", "Source"] if report.lang == "fr" \
        else ["Figure", "Value", "Unit", "Shown", "Source"]
    ws.write_row(2, 0, heads, bold)
    formats = {}
    for i, mid in enumerate(report.metric_order):
        m = report.metrics[mid]
        d = m.get("decimals")
        key = (d, m.get("unit"))
        if key not in formats:
            pattern = "#,##0" + ("." + "0" * d if d else "")
            if m.get("unit") == "EUR":
                pattern += " [$€-40C]"
            formats[key] = wb.add_format({"num_format": pattern})
        ws.write(3 + i, 0, m["label"])
        ws.write_number(3 + i, 1, float(m["value"]), formats[key])
        ws.write(3 + i, 2, m.get("unit") or "")
        number, suffix, prefix = report.metric_figure(mid)
        ws.write(3 + i, 3, prefix + number + suffix)
        src = m.get("source")
        ws.write(3 + i, 4, "%d" % report.footnotes[src] if src in report.footnotes else "")
    ws.set_column(0, 0, 60)
    ws.set_column(1, 4, 16)
    kinds = {"bar": "column", "hbar": "bar", "donut": "doughnut"}
    charted = {}
    for page in report.pages:
        for block in page["blocks"]:
            if "chart" in block:
                charted.setdefault(block["chart"]["series"], block["chart"]["type"])
    for n, (sid, s) in enumerate(report.series.items()):
        sheet = wb.add_worksheet(("%d %s" % (n + 1, sid))[:31])
        sheet.write(0, 0, s["title"], title)
        sheet.write_row(2, 0, ["Libellé" if report.lang == "fr" else "Label", s.get("unit") or
                               ("Valeur" if report.lang == "fr" else "Value")], bold)
        for k, p in enumerate(s["points"]):
            sheet.write(3 + k, 0, str(p["label"]))
            sheet.write_number(3 + k, 1, float(p["value"]))
        chart = wb.add_chart({"type": kinds.get(charted.get(sid, "bar"), "column")})
        last = 3 + len(s["points"]) - 1
        chart.add_series({"name": s["title"], "categories": [sheet.name, 3, 0, last, 0],
                          "values": [sheet.name, 3, 1, last, 1],
                          "fill": {"color": report.primary}})
        chart.set_legend({"none": charted.get(sid) != "donut"})
        sheet.insert_chart("D3", chart)
        sheet.set_column(0, 0, 40)
    src = wb.add_worksheet("Sources")
    src.write_row(0, 0, ["N°", "Titre", "Éditeur", "Date"] if report.lang == "fr"
                  else ["No.", "Title", "Publisher", "Date"], bold)
    for sid, n in sorted(report.footnotes.items(), key=lambda kv: kv[1]):
        s = report.source_index[sid]
        src.write_row(n, 0, [n, s["title"], s.get("publisher") or "",
                             C.format_date(s["date"], report.lang, False) if s.get("date") else ""])
    src.set_column(1, 1, 70)
    wb.close()


def build(path, outdir, formats, dpi):
    report = C.load_report(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    drawer = PageDrawer(report)
    pdf = PdfPages(os.path.join(outdir, stem + ".pdf"),
                   metadata={"Title": report.title, "CreationDate": None}) \
        if "pdf" in formats else None
    if pdf or "png" in formats or "svg" in formats:
        for i, fig in enumerate(drawer.pages()):
            if pdf:
                pdf.savefig(fig)
            if "png" in formats:
                fig.savefig(os.path.join(outdir, "%s-%d.png" % (stem, i + 1)), dpi=dpi)
            if "svg" in formats:
                fig.savefig(os.path.join(outdir, "%s-%d.svg" % (stem, i + 1)))
            plt.close(fig)
    if pdf:
        pdf.close()
    if "xlsx" in formats:
        write_xlsx(report, os.path.join(outdir, stem + ".xlsx"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report")
    ap.add_argument("-o", dest="outdir", default="out")
    ap.add_argument("-f", dest="formats", default="pdf,png,xlsx")
    ap.add_argument("--dpi", type=float, default=150)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    build(a.report, a.outdir, set(a.formats.split(",")), a.dpi)


if __name__ == "__main__":
    main()
