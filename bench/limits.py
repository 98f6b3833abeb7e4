#!/usr/bin/python3
"""The cost of the documented limits: `make bench-limits` runs it after a
release build.

For each limit of docs/format.md ("## Limits") this writes the largest
input the limit allows (or, where the limit is a cap keyfig enforces, one
beyond it, to measure how soon it is refused) and runs `keyfig build` on
it once per output (PDF, PNG, SVG, XLSX), measuring the wall time from
fork to exit and the peak resident memory (the child's ru_maxrss, from
wait4).  The target (issue 17): no input within the limits takes more
than 2 s or 500 MiB for any output.  A run past --timeout is killed and
shown as such.

Never part of `make test`: timings depend on the machine and on what else
runs on it.  The inputs are generated into a temporary folder each time
(some are 16 MiB), never kept.

Usage: bench/limits.py [--keyfig build-bench/keyfig] [--timeout S]
                       [--only NAME,...] [--formats pdf,png,svg,xlsx]
                       [--list]
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

TARGET_SECONDS = 2.0
TARGET_MIB = 500.0

# The documented limits (docs/format.md, "## Limits"), as the generators
# below use them.  A change of a limit in src/ is a change here too.
MAX_FILE = 16 * 1024 * 1024
MAX_TEXT = 64 * 1024
MAX_CELL_TEXT = 32767
MAX_METRICS = 10000
MAX_SERIES = 1000
MAX_POINTS = 1000
MAX_ALL_POINTS = 10000
MAX_POINT_LABEL = 1000
MAX_VALUES = 1000000
MAX_PAGES = 50
MAX_BLOCKS = 50
MAX_SHEETS = 50
MAX_DPI = 600


def header(title="Limits", languages=None):
    """The start of a report file, with one source."""
    lines = ["format: 1", "report:", "  title: %s" % title,
             "  organisation: keyfig bench", "  date: 2026-12-03"]
    if languages:
        lines.append("  languages: [%s]" % ", ".join(languages))
    else:
        lines.append("  locale: en-GB")
    lines += ["sources:", "  - id: s", "    title: A source",
              "    date: 2026-01"]
    return "\n".join(lines) + "\n"


def word(i):
    """A short word made of letters, different for each i."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(ord("a") + r) + s
    return s


PROSE = ("The figures of this report come from the press kit of the "
         "campus and from the statistics of its laboratories; each one is "
         "dated and sourced. ")


def prose(size):
    """About `size` bytes of plain sentences."""
    return (PROSE * (size // len(PROSE) + 1))[:size].rstrip()


def metrics_yaml(n, label=None, bilingual=False):
    out = ["metrics:"]
    for i in range(n):
        lab = label(i) if label else "figure number %d of the report" % i
        out.append("  - id: m%d" % i)
        if bilingual:
            out.append("    label: { fr: \"%s\", en: \"%s\" }" % (lab, lab))
        else:
            out.append("    label: \"%s\"" % lab)
        out.append("    value: %d" % (i * 37 % 100000))
        out.append("    source: s")
    return "\n".join(out) + "\n"


def series_yaml(n, npoints, title=None, label=None, unit=None):
    out = ["series:"]
    for i in range(n):
        out.append("  - id: s%d" % i)
        out.append("    title: \"%s\"" % (title(i) if title else
                                           "Series number %d" % i))
        if unit:
            out.append("    unit: \"%s\"" % unit)
        out.append("    source: s")
        out.append("    points:")
        for j in range(npoints):
            lab = label(j) if label else word(j)
            out.append("      - {label: \"%s\", value: %d}" %
                       (lab, (j * 7919 + i) % 97 + 1))
    return "\n".join(out) + "\n"


def pages_yaml(pages):
    """pages: a list of (title, [block YAML flow text])."""
    out = ["pages:"]
    for title, blocks in pages:
        out.append("  - title: \"%s\"" % title)
        out.append("    blocks:")
        for b in blocks:
            out.append("      - %s" % b)
    return "\n".join(out) + "\n"


def text_block(text):
    return "text: \"%s\"" % text


# Each case: name -> (what it is, function(dir) -> report path, the
# outcome keyfig should give: "ok" or "refused").
CASES = {}


def case(name, what, outcome="ok"):
    def register(fn):
        CASES[name] = (what, fn, outcome)
        return fn
    return register


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


@case("metrics-default", "%d metrics, default layout" % MAX_METRICS,
      "refused")
def _(d):
    return write(d, "r.yaml", header() + metrics_yaml(MAX_METRICS))


def default_layout_at_cap():
    """How many metrics the default layout puts on MAX_SHEETS sheets, or a
    few less: 24 tiles (6 rows of 4) on an A4 sheet of short labels,
    fewer on the first (the page's title)."""
    return 23 * MAX_SHEETS


@case("metrics-default-cap", "the most metrics the default layout takes "
      "(%d sheets), two editions" % MAX_SHEETS)
def _(d):
    return write(d, "r.yaml", header(languages=["fr", "en"]) +
                 metrics_yaml(default_layout_at_cap(), bilingual=True))


@case("metrics-pages", "%d metrics, 1 page of 8 tiles (the workbook has "
      "them all)" % MAX_METRICS)
def _(d):
    kpis = "kpis: [%s]" % ", ".join("m%d" % i for i in range(8))
    return write(d, "r.yaml", header() + metrics_yaml(MAX_METRICS) +
                 pages_yaml([("Figures", [kpis])]))


@case("file-16mib", "a 16 MiB file: %d metrics with 1.6 KB labels, "
      "1 page" % MAX_METRICS)
def _(d):
    base = header() + pages_yaml([("Figures", ["kpis: [m0, m1]"])])
    room = MAX_FILE - len(base) - 200
    per = room // MAX_METRICS - 60  # id, value, source lines
    lab = prose(per).replace('"', "")
    return write(d, "r.yaml", base + metrics_yaml(
        MAX_METRICS, label=lambda i: lab))


@case("csv-16mib", "a 16 MiB metrics CSV: %d rows of 1.6 KB labels, "
      "1 page" % MAX_METRICS)
def _(d):
    room = MAX_FILE - 100
    per = room // MAX_METRICS - 20
    lab = prose(per).replace('"', "").replace(";", ",")
    rows = ["id;label;value;source"]
    rows += ["m%d;%s;%d;s" % (i, lab, i) for i in range(MAX_METRICS)]
    write(d, "m.csv", "\n".join(rows) + "\n")
    return write(d, "r.yaml", header() + "metrics_csv: m.csv\n" +
                 pages_yaml([("Figures", ["kpis: [m0, m1]"])]))


@case("pages", "%d pages of one tile row each" % MAX_PAGES)
def _(d):
    kpis = "kpis: [%s]" % ", ".join("m%d" % i for i in range(4))
    return write(d, "r.yaml", header() + metrics_yaml(4) + pages_yaml(
        [("Page %d" % i, [kpis]) for i in range(MAX_PAGES)]))


@case("pages-blocks", "%d pages of %d blocks (tile rows)" %
      (MAX_PAGES, MAX_BLOCKS), "refused")
def _(d):
    kpis = "kpis: [%s]" % ", ".join("m%d" % i for i in range(8))
    return write(d, "r.yaml", header() + metrics_yaml(8) + pages_yaml(
        [("Page %d" % i, [kpis] * MAX_BLOCKS) for i in range(MAX_PAGES)]))


@case("blocks-kpis", "1 page of %d blocks of 8 tiles (%d tiles)" %
      (MAX_BLOCKS, MAX_BLOCKS * 8))
def _(d):
    blocks = ["kpis: [%s]" % ", ".join("m%d" % (b * 8 + i) for i in range(8))
              for b in range(MAX_BLOCKS)]
    return write(d, "r.yaml", header() + metrics_yaml(MAX_BLOCKS * 8) +
                 pages_yaml([("Figures", blocks)]))


@case("blocks-charts", "1 page of %d bar charts" % MAX_BLOCKS)
def _(d):
    blocks = ["chart: { type: bar, series: s%d }" % i
              for i in range(MAX_BLOCKS)]
    return write(d, "r.yaml", header() + series_yaml(MAX_BLOCKS, 12) +
                 pages_yaml([("Charts", blocks)]))


@case("points-default", "%d series of %d points (%d in all), default "
      "layout" % (MAX_ALL_POINTS // MAX_POINTS, MAX_POINTS, MAX_ALL_POINTS))
def _(d):
    return write(d, "r.yaml", header() + series_yaml(
        MAX_ALL_POINTS // MAX_POINTS, MAX_POINTS, label=lambda j: str(j)))


@case("points-pages", "%d series of %d points, 1 page with a chart of "
      "each type but bar and stacked" % (MAX_ALL_POINTS // MAX_POINTS,
                                         MAX_POINTS))
def _(d):
    blocks = ["chart: { type: %s, series: s0 }" % t
              for t in ("hbar", "donut", "line", "waffle")]
    blocks.append("chart: { type: line, title: Six, "
                  "series: [s0, s1, s2, s3, s4, s5] }")
    return write(d, "r.yaml", header() + series_yaml(
        MAX_ALL_POINTS // MAX_POINTS, MAX_POINTS, label=lambda j: str(j)) +
        pages_yaml([("Charts", blocks)]))


@case("points-stacked", "a stacked chart of 8 series of %d points (515 "
      "stacks fit across A4)" % MAX_POINTS, "refused")
def _(d):
    return write(d, "r.yaml", header() + series_yaml(
        8, MAX_POINTS, label=lambda j: str(j)) +
        pages_yaml([("Stacks", ["chart: { type: stacked, title: Eight, "
                                "series: [%s] }" %
                                ", ".join("s%d" % i for i in range(8))])]))


@case("points-bar", "a bar chart of %d bars (515 fit across A4)" %
      MAX_POINTS, "refused")
def _(d):
    return write(d, "r.yaml", header() + series_yaml(
        1, MAX_POINTS, label=lambda j: str(j)) +
        pages_yaml([("Bars", ["chart: { type: bar, series: s0 }"])]))


@case("points-16mib", "as many series of %d points as 16 MiB holds" %
      MAX_POINTS, "refused")
def _(d):
    one = len(series_yaml(1, MAX_POINTS, label=lambda j: str(j)))
    n = min(MAX_SERIES, (MAX_FILE - 4000) // one)
    return write(d, "r.yaml", header() + series_yaml(
        n, MAX_POINTS, label=lambda j: str(j)) +
        pages_yaml([("Charts", ["chart: { type: bar, series: s0 }"])]))


@case("values-16mib", "a 16 MiB file of one list of 8 million numbers",
      "refused")
def _(d):
    n = (MAX_FILE - 200) // 2
    return write(d, "r.yaml", header() + "x: [" + "1," * (n - 1) + "1]\n")


@case("series-same-title", "%d series of 1 point with the same title, "
      "1 page of one chart" % MAX_SERIES)
def _(d):
    return write(d, "r.yaml", header() + series_yaml(
        MAX_SERIES, 1, title=lambda i: "Travel times from the campus") +
        pages_yaml([("Charts", ["chart: { type: bar, series: s0 }"])]))


@case("progress-points", "a progress chart of %d points" % MAX_POINTS)
def _(d):
    return write(d, "r.yaml", header() + series_yaml(
        1, MAX_POINTS, unit="%") + pages_yaml(
        [("Charts", ["chart: { type: progress, series: s0 }"])]))


@case("hbar-points", "an hbar chart of %d points" % MAX_POINTS)
def _(d):
    return write(d, "r.yaml", header() + series_yaml(1, MAX_POINTS) +
                 pages_yaml([("Charts",
                              ["chart: { type: hbar, series: s0 }"])]))


@case("donut-points", "a donut chart of %d points" % MAX_POINTS)
def _(d):
    return write(d, "r.yaml", header() + series_yaml(1, MAX_POINTS) +
                 pages_yaml([("Charts",
                              ["chart: { type: donut, series: s0 }"])]))


def long_labels(d, chart, size):
    return write(d, "r.yaml", header() + series_yaml(
        1, 30, label=lambda j: (word(j) + "x" * size)[:size]) + pages_yaml(
        [("Charts", ["chart: { type: %s, series: s0 }" % chart])]))


@case("bar-long-labels", "a 30-bar chart, labels of %d letters" %
      MAX_POINT_LABEL)
def _(d):
    return long_labels(d, "bar", MAX_POINT_LABEL)


@case("hbar-long-labels", "a 30-bar hbar chart, labels of %d letters" %
      MAX_POINT_LABEL)
def _(d):
    return long_labels(d, "hbar", MAX_POINT_LABEL)


@case("bar-labels-32k", "a 30-bar chart, labels of %d letters" %
      MAX_CELL_TEXT, "refused")
def _(d):
    return long_labels(d, "bar", MAX_CELL_TEXT)


@case("donut-long-labels", "a donut of 30 slices, labels of %d words" %
      MAX_POINT_LABEL)
def _(d):
    lab = prose(MAX_POINT_LABEL).replace('"', "")
    return write(d, "r.yaml", header() + series_yaml(
        1, 30, label=lambda j: lab) + pages_yaml(
        [("Charts", ["chart: { type: donut, series: s0 }"])]))


@case("tile-long-labels", "8 tiles, labels of %d letters in words" %
      MAX_CELL_TEXT)
def _(d):
    lab = prose(MAX_CELL_TEXT).replace('"', "")
    kpis = "kpis: [%s]" % ", ".join("m%d" % i for i in range(8))
    return write(d, "r.yaml", header() + metrics_yaml(
        8, label=lambda i: lab) + pages_yaml([("Figures", [kpis])]))


@case("title-long", "a report title and page title of %d letters in "
      "words" % MAX_CELL_TEXT)
def _(d):
    t = prose(MAX_CELL_TEXT).replace('"', "")
    return write(d, "r.yaml", header(title='"%s"' % t) + metrics_yaml(4) +
                 pages_yaml([(t, ["kpis: [m0, m1, m2, m3]"])]))


@case("text-word", "a text block of one word of %d letters" % MAX_TEXT)
def _(d):
    return write(d, "r.yaml", header() + pages_yaml(
        [("Text", [text_block("w" * MAX_TEXT)])]))


@case("text-prose", "a text block of %d bytes of sentences" % MAX_TEXT)
def _(d):
    return write(d, "r.yaml", header() + pages_yaml(
        [("Text", [text_block(prose(MAX_TEXT))])]))


@case("text-words-long", "a text block of %d bytes in words of 2000 "
      "letters" % MAX_TEXT)
def _(d):
    w = ("y" * 2000 + " ") * (MAX_TEXT // 2001)
    return write(d, "r.yaml", header() + pages_yaml(
        [("Text", [text_block(w.strip())])]))


@case("text-16mib", "%d text blocks of %d bytes (a 16 MiB file)" %
      (MAX_FILE // MAX_TEXT - 1, MAX_TEXT), "refused")
def _(d):
    n = MAX_FILE // MAX_TEXT - 1
    blocks = [text_block(prose(MAX_TEXT - 20)) for _ in range(n)]
    pages = [("Text %d" % p, blocks[p * MAX_BLOCKS:(p + 1) * MAX_BLOCKS])
             for p in range((n + MAX_BLOCKS - 1) // MAX_BLOCKS)]
    return write(d, "r.yaml", header() + pages_yaml(pages))


@case("nesting", "a text nested 64 lists deep (refused: not a report)",
      "refused")
def _(d):
    return write(d, "r.yaml", header() + "pages: " + "[" * 63 + "x" +
                 "]" * 63 + "\n")


@case("json-16mib", "a 16 MiB JSON file: %d metrics with 1.6 KB labels" %
      MAX_METRICS)
def _(d):
    base = {"format": 1,
            "report": {"title": "Limits", "date": "2026-12-03",
                       "locale": "en-GB"},
            "pages": [{"title": "Figures", "blocks": [{"kpis": ["m0"]}]}]}
    per = (MAX_FILE - 1000) // MAX_METRICS - 50
    lab = prose(per)
    base["metrics"] = [{"id": "m%d" % i, "label": lab, "value": i}
                       for i in range(MAX_METRICS)]
    return write(d, "r.json", json.dumps(base, ensure_ascii=False))


@case("dpi", "the small example at --dpi %d (PNG only)" % MAX_DPI)
def _(d):
    return write(d, "r.yaml", header() + metrics_yaml(4) + series_yaml(1, 6))


def run(cmd, timeout):
    """(seconds, CPU seconds, peak RSS in MiB, exit status or None when
    killed, the first line of stderr) of one run of `cmd`.  Linux counts in a child's ru_maxrss
    the memory of the process it was forked from, so this process stays
    small: the inputs are written by a child of their own (--write)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True)
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout and not killed:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode(errors="replace").strip().splitlines()
    code = None if killed else os.waitstatus_to_exitcode(status)
    return (seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0,
            code, tail[:1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keyfig", default=os.path.join(ROOT, "build-bench",
                                                     "keyfig"))
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds before a run is killed (default 60)")
    ap.add_argument("--only", default="",
                    help="comma-separated case names (default: all)")
    ap.add_argument("--formats", default="pdf,png,svg,xlsx")
    ap.add_argument("--list", action="store_true", help="list the cases")
    ap.add_argument("--write", nargs=2, metavar=("NAME", "DIR"),
                    help="only write the input of case NAME into DIR and "
                    "print its path")
    args = ap.parse_args()
    if args.write:
        print(CASES[args.write[0]][1](args.write[1]))
        return 0
    if args.list:
        for name, (what, _, outcome) in CASES.items():
            print("%-20s %s%s" % (name, what,
                                  " (refused)" if outcome != "ok" else ""))
        return 0
    only = [n for n in args.only.split(",") if n]
    for n in only:
        if n not in CASES:
            sys.exit("bench/limits.py: no case '%s' (--list)" % n)
    formats = args.formats.split(",")
    print("keyfig %s, load %.1f at the start; target %.0f s and %.0f MiB" %
          (args.keyfig, os.getloadavg()[0], TARGET_SECONDS, TARGET_MIB))
    print()
    print("| input | output | time | CPU | peak RSS | result | |")
    print("|---|---|---|---|---|---|---|")
    over = 0
    with tempfile.TemporaryDirectory(prefix="kf-limits-") as tmp:
        for name, (what, _, outcome) in CASES.items():
            if only and name not in only:
                continue
            d = os.path.join(tmp, name)
            os.makedirs(d)
            report = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--write", name,
                 d], check=True, stdout=subprocess.PIPE,
                text=True).stdout.strip()
            size = os.path.getsize(report)
            for fmt in formats:
                if name == "dpi" and fmt != "png":
                    continue
                out = os.path.join(d, "out")
                shutil.rmtree(out, ignore_errors=True)
                cmd = [args.keyfig, "build", report, "-o", out, "-f", fmt]
                if name == "dpi":
                    cmd += ["--dpi", str(MAX_DPI)]
                secs, cpu, mib, code, msg = run(cmd, args.timeout)
                if code is None:
                    result = "killed after %.0f s" % args.timeout
                elif code == 0:
                    n = len(os.listdir(out)) if os.path.isdir(out) else 0
                    result = "written (%d file%s)" % (n, "" if n == 1
                                                      else "s")
                else:
                    result = "exit %d: %s" % (code, (msg[0] if msg else "")
                                              .replace(tmp + "/", "")[:90])
                ok = code is not None and secs <= TARGET_SECONDS and \
                    mib <= TARGET_MIB
                if (code == 0) != (outcome == "ok") and code is not None:
                    ok = False
                    result += " (expected %s)" % ("written" if outcome == "ok"
                                                  else "refused")
                over += not ok
                print("| %s: %s (%.1f MiB) | %s | %.2f s | %.2f s | %.0f MiB "
                      "| %s | %s |"
                      % (name, what, size / 1048576.0, fmt, secs, cpu, mib,
                         result.replace("|", "\\|"), "ok" if ok else "OVER"),
                      flush=True)
    print()
    print("%d run%s over the target" % (over, "" if over == 1 else "s"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
