#!/usr/bin/python3
"""The ReportLab peer of `keyfig build -f pdf` and `keyfig batch -f pdf`:
the same report file, the same pages (header band, KPI tiles with French
figures, bar, horizontal bar and donut charts, numbered sources, footer)
as a PDF drawn with ReportLab's canvas.

    reportlab_peer.py REPORT.yaml -o DIR
    reportlab_peer.py --batch TEMPLATE.yaml ENTITIES.csv -o DIR

The batch mode reads the template once, then for each CSV row puts the
row's fields in for {{column}} (numbers where a value is one placeholder,
as keyfig does) and writes DIR/NAME.pdf, NAME from the first column.

ReportLab embeds TrueType fonts only, and Inter comes as CFF-flavoured
OpenType: the pages are set in DejaVu Sans, registered once per process.
Used by bench/run.py; not part of keyfig.
"""
import argparse
import os
import sys

from reportlab.lib.colors import HexColor, white
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

DEJAVU = "/usr/share/fonts/truetype/dejavu/"
pdfmetrics.registerFont(TTFont("Sans", DEJAVU + "DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("Sans-Bold", DEJAVU + "DejaVuSans-Bold.ttf"))
FONT = {400: "Sans", 500: "Sans", 600: "Sans-Bold", 700: "Sans-Bold"}
GREY_BG = HexColor("#F1F2F4")
INK = HexColor("#1F2933")
MUTED = HexColor("#52606D")
RULE = HexColor("#CBD2D9")
PALETTE = [HexColor(c) for c in C.PALETTE]


def measure(text, size, weight=400):
    return pdfmetrics.stringWidth(text, FONT[weight], size)


class Page:
    """Draws on a ReportLab canvas with y from the top of the page."""

    def __init__(self, c):
        self.c = c

    def rect(self, x, y, w, h, color, radius=0):
        self.c.setFillColor(color)
        if radius:
            self.c.roundRect(x, C.PAGE_H - y - h, w, h, radius, stroke=0, fill=1)
        else:
            self.c.rect(x, C.PAGE_H - y - h, w, h, stroke=0, fill=1)

    def text(self, x, y, s, size, weight=400, color=INK, align="left"):
        self.c.setFillColor(color)
        self.c.setFont(FONT[weight], size)
        if align == "right":
            self.c.drawRightString(x, C.PAGE_H - y, s)
        elif align == "center":
            self.c.drawCentredString(x, C.PAGE_H - y, s)
        else:
            self.c.drawString(x, C.PAGE_H - y, s)

    def line(self, x0, y0, x1, y1, color, width=0.6):
        self.c.setStrokeColor(color)
        self.c.setLineWidth(width)
        self.c.line(x0, C.PAGE_H - y0, x1, C.PAGE_H - y1)

    def wedge(self, cx, cy, r, start, extent, color):
        """A pie slice; angles in degrees, counter-clockwise from 3 o'clock."""
        self.c.setFillColor(color)
        self.c.setStrokeColor(white)
        self.c.setLineWidth(1.5)
        self.c.wedge(cx - r, C.PAGE_H - cy - r, cx + r, C.PAGE_H - cy + r, start, extent,
                     stroke=1, fill=1)

    def circle(self, cx, cy, r, color):
        self.c.setFillColor(color)
        self.c.circle(cx, C.PAGE_H - cy, r, stroke=0, fill=1)


class Drawer:
    def __init__(self, report):
        self.r = report
        self.primary = HexColor(report.primary)
        self.accent = HexColor(report.accent)

    def header(self, p, continued):
        r, W = self.r, C.PAGE_W
        h = C.CONT_HEADER_H if continued else C.HEADER_H
        p.rect(0, 0, W, h, self.primary)
        p.rect(0, h, W, 4, self.accent)
        if continued:
            p.text(C.MARGIN, 30, r.title, 13, 700, white)
            if r.organisation:
                p.text(W - C.MARGIN, 30, r.organisation, 9, 600, white, "right")
            return h
        size = 26
        while measure(r.title, size, 700) > W - 2 * C.MARGIN - 150 and size > 14:
            size -= 1
        p.text(C.MARGIN, 58, r.title, size, 700, white)
        if r.subtitle:
            p.text(C.MARGIN, 88, str(r.subtitle), 11, 400, HexColor("#DCE3EC"))
        if r.organisation:
            p.text(W - C.MARGIN, 42, r.organisation, 10, 600, white, "right")
        p.text(W - C.MARGIN, 60, r.date_text(), 9, 400, HexColor("#DCE3EC"), "right")
        return h

    def footnote(self, p, x, y, n, size):
        if n:
            p.text(x + 1.5, y - size * 0.45, str(n), size * 0.6, 400, MUTED)

    def kpis(self, p, ids, y):
        n = len(ids)
        per_row = min(n, 4)
        w = (C.PAGE_W - 2 * C.MARGIN - (per_row - 1) * C.GAP) / per_row
        for i, mid in enumerate(ids):
            x = C.MARGIN + (i % per_row) * (w + C.GAP)
            ty = y + (i // per_row) * (C.TILE_H + C.GAP)
            p.rect(x, ty, w, C.TILE_H, GREY_BG, 6)
            p.rect(x, ty + 10, 3, C.TILE_H - 20, self.accent)
            number, suffix, prefix = self.r.metric_figure(mid)
            size = 26 if per_row <= 3 else 22
            while measure(prefix + number + suffix, size, 700) > w - 30 and size > 12:
                size -= 1
            cx = x + 18
            if prefix:
                p.text(cx, ty + 40, prefix, size * 0.55, 600, self.primary)
                cx += measure(prefix, size * 0.55, 600) + 1
            p.text(cx, ty + 40, number, size, 700, self.primary)
            cx += measure(number, size, 700)
            if suffix:
                p.text(cx, ty + 40, suffix, size * 0.55, 600, self.primary)
            m = self.r.metrics[mid]
            lines = C.wrap(m["label"], w - 36, measure, 9)[:4]
            for k, line in enumerate(lines):
                p.text(x + 18, ty + 62 + k * 12, line, 9, 400, HexColor("#3E4C59"))
            self.footnote(p, x + 18 + measure(lines[-1], 9), ty + 62 + (len(lines) - 1) * 12,
                          self.r.footnotes.get(m.get("source")), 9)

    def chart(self, p, chart, y, h):
        s = self.r.series[chart["series"]]
        width = C.PAGE_W - 2 * C.MARGIN
        lines = C.wrap(s["title"], width, lambda t, z: measure(t, z, 700), 12)
        for k, line in enumerate(lines):
            p.text(C.MARGIN, y + 14 + k * 16, line, 12, 700, self.primary)
        self.footnote(p, C.MARGIN + measure(lines[-1], 12, 700), y + 14 + (len(lines) - 1) * 16,
                      self.r.footnotes.get(s.get("source")), 12)
        top = y + 24.0 * len(lines)
        labels = [str(pt["label"]) for pt in s["points"]]
        values = [float(pt["value"]) for pt in s["points"]]
        texts = [self.r.point_text(s, v) for v in values]
        kind = chart["type"]
        if kind == "donut":
            cx, cy, r = C.MARGIN + 70, top + 70, 68
            whole = sum(values) or 1
            angle = 90.0
            for k, v in enumerate(values):
                extent = -360.0 * v / whole
                p.wedge(cx, cy, r, angle, extent, PALETTE[k % len(PALETTE)])
                angle += extent
            p.circle(cx, cy, r * 0.62, white)
            total = C.figure_text(sum(values), s.get("unit"), s.get("decimals"), False,
                                  self.r.lang)
            p.text(cx, cy + 6, total, 16, 700, self.primary, "center")
            for k, (label, v, t) in enumerate(zip(labels, values, texts)):
                ly = top + 40 + k * 20
                p.rect(C.MARGIN + 170, ly - 9, 10, 10, PALETTE[k % len(PALETTE)], 2)
                p.text(C.MARGIN + 188, ly, label, 10, 400, INK)
                share = C.figure_text(100 * v / whole, "%", 0, False, self.r.lang)
                p.text(C.MARGIN + 320, ly, "%s (%s)" % (t, share), 10, 600, INK)
            return
        vmax = max(max(values), 0) or 1
        if kind == "hbar":
            label_w = max(measure(t, 10) for t in labels) + 10
            bar_w = width - label_w - 60
            for k, (label, v, t) in enumerate(zip(labels, values, texts)):
                by = top + k * 22
                p.text(C.MARGIN + label_w - 6, by + 13, label, 10, 400, INK, "right")
                bw = bar_w * max(v, 0) / vmax
                p.rect(C.MARGIN + label_w, by + 2, bw, 15, self.primary)
                p.text(C.MARGIN + label_w + bw + 4, by + 13, t, 9.5, 600, INK)
            return
        plot_h = h - (top - y) - 40
        base = top + 14 + plot_h
        slot = width / len(values)
        for k, (label, v, t) in enumerate(zip(labels, values, texts)):
            bh = plot_h * max(v, 0) / vmax
            x = C.MARGIN + k * slot + slot * 0.19
            p.rect(x, base - bh, slot * 0.62, bh, self.primary)
            p.text(x + slot * 0.31, base - bh - 5, t, 9.5, 600, INK, "center")
            p.text(x + slot * 0.31, base + 14, label, 10, 400, INK, "center")
        p.line(C.MARGIN, base, C.MARGIN + width, base, RULE)

    def footer(self, p, number, count):
        top = C.PAGE_H - C.FOOTER_H + 6
        p.line(C.MARGIN, top, C.PAGE_W - C.MARGIN, top, RULE)
        p.text(C.MARGIN, top + 14, C.WORDS[self.r.lang]["sources"], 7.5, 600, HexColor("#3E4C59"))
        y = top + 25
        for line in self.r.source_lines():
            for part in C.wrap(line, C.PAGE_W - 2 * C.MARGIN, measure, 7.5):
                p.text(C.MARGIN, y, part, 7.5, 400, MUTED)
                y += 10
        left = " · ".join(t for t in (self.r.organisation, self.r.date_text()) if t)
        p.text(C.MARGIN, C.PAGE_H - 22, left, 8, 400, MUTED)
        p.text(C.PAGE_W - C.MARGIN, C.PAGE_H - 22, "%d / %d" % (number, count), 8, 400,
               MUTED, "right")

    def write(self, path):
        c = canvas.Canvas(path, pagesize=(C.PAGE_W, C.PAGE_H), invariant=1,
                          pageCompression=1)
        c.setTitle(self.r.title)
        if self.r.organisation:
            c.setAuthor(self.r.organisation)
        p = Page(c)
        plan = C.flow(self.r, measure)
        for i, (title, continued, blocks) in enumerate(plan):
            h = self.header(p, continued)
            p.text(C.MARGIN, h + 44, title + (C.WORDS[self.r.lang]["cont"] if continued else ""),
                   17, 700, self.primary)
            for block, y, bh in blocks:
                if "kpis" in block:
                    self.kpis(p, block["kpis"], y)
                else:
                    self.chart(p, block["chart"], y, bh)
            self.footer(p, i + 1, len(plan))
            c.showPage()
        c.save()


def build(path, outdir):
    report = C.load_report(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    Drawer(report).write(os.path.join(outdir, stem + ".pdf"))


def batch(template_path, csv_path, outdir):
    """Returns the number of rows that failed."""
    template = C.load_template(template_path)
    rows = C.read_rows(csv_path)
    taken, failed = set(), 0
    for line, row in enumerate(rows, start=2):
        name = C.safe_name(next(iter(row.values())), taken)
        try:
            report = C.Report(C.substitute(template, row))
            Drawer(report).write(os.path.join(outdir, name + ".pdf"))
        except (KeyError, ValueError, TypeError) as e:
            print("%s:%d: error: %s" % (csv_path, line, e), file=sys.stderr)
            failed += 1
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--batch", action="store_true")
    ap.add_argument("-o", dest="outdir", default="out")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    if a.batch:
        sys.exit(1 if batch(a.files[0], a.files[1], a.outdir) else 0)
    for f in a.files:
        build(f, a.outdir)


if __name__ == "__main__":
    main()
