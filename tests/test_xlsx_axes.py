#!/usr/bin/env python3
"""test_xlsx_axes: the workbook's bar, column and line charts measure from
zero, as the page's charts do.

Excel scales a value axis by itself: for a column chart of 95, 97 and 98
it starts the axis near 94, so the bars read as 1, 3 and 4, three and four
times apart, when the page draws them from zero.  A chart of figures that
are all positive has its value axis start at 0 (<c:min val="0"/>), one of
figures all negative ends it at 0; a chart of both signs holds zero
anyway.  A progress chart keeps its 0-100 % track, a doughnut has no axis.
"""
import os
import sys
import zipfile
import xml.etree.ElementTree as ET

import kftest
from kftest import check

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"

REPORT = """\
format: 1
report: { title: Axes from zero, date: 2025-01-15 }
sources: [{ id: s, title: Survey, date: 2025-01 }]
series:
  - id: close
    title: Close values
    source: s
    points: [{ label: A, value: 95 }, { label: B, value: 97 }, { label: C, value: 98 }]
  - id: close-b
    title: Close values again
    source: s
    points: [{ label: A, value: 96 }, { label: B, value: 97 }, { label: C, value: 99 }]
  - id: losses
    title: Losses
    source: s
    points: [{ label: A, value: -95 }, { label: B, value: -97 }]
  - id: balance
    title: Balance
    source: s
    points: [{ label: A, value: -5 }, { label: B, value: 97 }]
pages:
  - title: Charts
    blocks:
      - chart: { type: bar, series: close }
      - chart: { type: hbar, series: close-b }
      - chart: { type: stacked, series: [close, close-b], title: Stacked }
      - chart: { type: line, series: [close, close-b], title: Lines }
      - chart: { type: hbar, series: losses }
      - chart: { type: bar, series: balance }
"""


def value_axes(zf):
    """{chart title: (min, max)} of the value axis of every chart."""
    axes = {}
    for name in zf.namelist():
        if not name.startswith("xl/charts/chart"):
            continue
        root = ET.fromstring(zf.read(name))
        title = "".join(t.text or "" for t in root.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
        ax = root.find(".//" + C + "valAx/" + C + "scaling")
        if ax is None:
            axes[title] = None
            continue
        lo, hi = ax.find(C + "min"), ax.find(C + "max")
        axes[title] = (lo.get("val") if lo is not None else None,
                       hi.get("val") if hi is not None else None)
    return axes


def main():
    with kftest.temp_dir() as tmp:
        report = kftest.write(os.path.join(tmp, "axes.yaml"), REPORT)
        out = os.path.join(tmp, "out")
        proc = kftest.keyfig("build", report, "-o", out, "-f", "xlsx")
        if not check(proc.returncode == 0, "the report builds", proc.stderr):
            return kftest.finish()
        with zipfile.ZipFile(os.path.join(out, "axes.xlsx")) as zf:
            axes = value_axes(zf)
        for title in ("Close values", "Close values again", "Stacked",
                      "Lines"):
            got = axes.get(title)
            check(got is not None and got[0] == "0",
                  "the chart '%s' of positive figures starts its value axis "
                  "at 0" % title, "value axis (min, max) %r" % (got,))
        got = axes.get("Losses")
        check(got is not None and got[1] == "0",
              "the chart of negative figures ends its value axis at 0",
              "value axis (min, max) %r" % (got,))
        got = axes.get("Balance")
        check(got == (None, None),
              "a chart of both signs keeps Excel's scale (it holds zero)",
              "value axis (min, max) %r" % (got,))
    return kftest.finish()


if __name__ == "__main__":
    sys.exit(main())
