#!/usr/bin/python3
"""keyfig's benchmark: `make bench` runs it after a release build.

Prints a table, each figure the median of several runs of the whole
process: wall time (from fork to exit) and peak resident memory (the
child's ru_maxrss from wait4).  Never part of `make test`: timings depend
on the machine and on what else runs on it.

  1. one build of figures/paris-saclay.yaml, all formats, then each alone;
  2. batches of 1000 sheets (figures/batch/lab-template.yaml over a CSV
     of fictional laboratories made by bench/gen_csv.py), PDF only and
     all formats, at -j 1 and -j 2;
  3. peak memory of a batch of 100 sheets against one of 1000;
  4. the same work done by the peers in bench/peers/ when their Debian
     packages are installed (scripts/deps.sh bench), with the ratios.

Usage: bench/run.py [--keyfig build-bench/keyfig] [--runs N] [--sheets N]
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REPORT = os.path.join(ROOT, "figures", "paris-saclay.yaml")
TEMPLATE = os.path.join(ROOT, "figures", "batch", "lab-template.yaml")
PY = "/usr/bin/python3"  # Debian's, where the peers' packages are

TARGETS = []  # (what, measured text, met)


class Failed(Exception):
    pass


def run_once(cmd, outdir):
    """(seconds, peak RSS in KiB, CPU seconds) of one run of `cmd` in a
    fresh `outdir`."""
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise Failed("%s: exit %d\n%s" % (" ".join(cmd), proc.returncode,
                                              err.read().decode(errors="replace")[-2000:]))
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def run_together(cmds, outdir):
    """(seconds, summed peak RSS in KiB, CPU seconds) of the commands run
    side by side in a fresh `outdir`, until the last one ends."""
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=err) for c in cmds]
        rss = cpu = 0
        for proc in procs:
            _, status, usage = os.wait4(proc.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                err.seek(0)
                raise Failed("%s: exit %d\n%s" % (" ".join(proc.args), code,
                                                  err.read().decode(errors="replace")[-2000:]))
            rss += usage.ru_maxrss
            cpu += usage.ru_utime + usage.ru_stime
        seconds = time.perf_counter() - start
    return seconds, rss, cpu


def measure(cmd, outdir, runs):
    """Medians over `runs` runs after one untimed run (which warms the
    page cache and fontconfig's, as on any machine in use): wall seconds,
    peak RSS in KiB, CPU seconds (user + system, every thread)."""
    run_once(cmd, outdir)
    results = [run_once(cmd, outdir) for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def measure_together(cmds, outdir, runs):
    """measure() for commands run side by side (run_together)."""
    run_together(cmds, outdir)
    results = [run_together(cmds, outdir) for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def split_csv(path, parts):
    """Writes the rows of a CSV file (one line each, as gen_csv.py writes
    them) into `parts` files with its header, row k going to part k %
    parts: what `--shard k/parts` builds.  Returns their paths."""
    with open(path) as f:
        header, *rows = f.read().splitlines(keepends=True)
    paths = []
    for k in range(parts):
        part = "%s.part%d.csv" % (os.path.splitext(path)[0], k)
        with open(part, "w") as f:
            f.write(header + "".join(rows[k::parts]))
        paths.append(part)
    return paths


def have(*modules):
    try:
        subprocess.run([PY, "-c", "import " + ",".join(modules)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


def ms(s):
    return "%.0f ms" % (s * 1000) if s < 10 else "%.1f s" % s


def mib(kib):
    return "%.1f MiB" % (kib / 1024)


def ratio(peer, ours):
    return "%.1f×" % (peer / ours) if peer and ours else "—"


def table(head, rows):
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    print()


def target(what, value, met):
    TARGETS.append((what, value, met))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keyfig", default=os.path.join(ROOT, "build-bench", "keyfig"))
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")),
                    help="runs of each single build (batches: at least 3, at most this)")
    ap.add_argument("--sheets", type=int, default=int(os.environ.get("BENCH_SHEETS", "1000")))
    a = ap.parse_args()
    keyfig = os.path.abspath(a.keyfig)
    runs = max(1, a.runs)
    batch_runs = max(1, min(runs, 3))
    work = tempfile.mkdtemp(prefix="keyfig-bench.")
    out = os.path.join(work, "out")
    mpl = have("matplotlib", "xlsxwriter", "yaml")
    rl = have("reportlab", "yaml")
    cores = os.cpu_count()
    version = subprocess.run([keyfig, "--version"], capture_output=True, text=True).stdout.strip()
    print("keyfig bench: %s, %s, %d cores (%s), load %.2f at start" % (
        version, keyfig, cores, platform.processor() or platform.machine(), os.getloadavg()[0]))
    print("Each figure: median of %d runs (batches: %d) of the whole process after a warm-up "
          "run; wall time, peak RSS.\n" % (runs, batch_runs))
    if not (mpl and rl):
        print("Peers missing (%s): run `scripts/deps.sh bench` as root to compare.\n" %
              ", ".join(n for n, ok in (("matplotlib+XlsxWriter", mpl), ("ReportLab", rl))
                        if not ok))
    try:
        single(keyfig, out, runs, mpl, rl)
        batches(keyfig, work, out, batch_runs, a.sheets, rl)
    except Failed as e:
        print("bench: a run failed: %s" % e, file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("Load average at the end: %.2f (other processes on the machine skew wall times; "
          "the CPU columns less so)\n" % os.getloadavg()[0])
    print("Targets (issue 6)")
    table(["target", "measured", ""], [[w, v, "met" if m else "NOT MET"] for w, v, m in TARGETS])
    return 0


def single(keyfig, out, runs, mpl, rl):
    rows = []
    peer_runs = max(1, min(runs, 3))
    full_k = full_m = None
    for fmt, label in (("pdf,png,xlsx", "all (PDF, 2 PNG, XLSX)"), ("pdf", "PDF"),
                       ("png", "PNG (2 pages, 150 dpi)"), ("svg", "SVG (2 pages)"),
                       ("xlsx", "XLSX")):
        k = measure([keyfig, "build", REPORT, "-o", out, "-f", fmt], out, runs)
        row = [label, "%s, %s" % (ms(k[0]), mib(k[1])), ms(k[2])]
        m = r = None
        if mpl:
            m = measure([PY, os.path.join(HERE, "peers", "matplotlib_peer.py"), REPORT,
                         "-o", out, "-f", fmt], out, peer_runs)
            row += ["%s, %s" % (ms(m[0]), mib(m[1])), ratio(m[0], k[0])]
        else:
            row += ["—", "—"]
        if rl and fmt == "pdf":
            r = measure([PY, os.path.join(HERE, "peers", "reportlab_peer.py"), REPORT,
                         "-o", out], out, peer_runs)
            row += ["%s, %s" % (ms(r[0]), mib(r[1])), ratio(r[0], k[0])]
        else:
            row += ["—", "—"]
        rows.append(row)
        if fmt == "pdf,png,xlsx":
            full_k, full_m = k, m
    print("One build of figures/paris-saclay.yaml")
    table(["output", "keyfig", "keyfig CPU", "matplotlib + XlsxWriter", "ratio", "ReportLab",
           "ratio"], rows)
    target("single full build under 120 ms", ms(full_k[0]), full_k[0] < 0.120)
    if full_m:
        target("single full build 10× faster than matplotlib", ratio(full_m[0], full_k[0]),
               full_m[0] / full_k[0] >= 10)
    target("peak RSS of the single full build under 40 MiB", mib(full_k[1]),
           full_k[1] < 40 * 1024)


def batches(keyfig, work, out, runs, sheets, rl):
    gen = os.path.join(HERE, "gen_csv.py")
    csvs = {}
    for n in sorted({100, sheets}):
        path = os.path.join(work, "labs-%d.csv" % n)
        with open(path, "w") as f:
            subprocess.run([PY, gen, str(n)], stdout=f, check=True)
        csvs[n] = path
    rows, results = [], {}
    for fmt, label in (("pdf", "PDF"), ("pdf,png,xlsx", "all (PDF, PNG, XLSX)")):
        for j in (1, 2):
            t, rss, cpu = measure([keyfig, "batch", TEMPLATE, csvs[sheets], "-o", out, "-f",
                                   fmt, "-j", str(j)], out, runs)
            results[(fmt, j)] = (t, rss)
            rows.append(["keyfig %s, -j %d" % (label, j), ms(t), "%.2f ms" % (t / sheets * 1000),
                         "%.2f ms" % (cpu / sheets * 1000), mib(rss)])
    rl_t = None
    if rl:
        rl_t, rl_rss, rl_cpu = measure([PY, os.path.join(HERE, "peers", "reportlab_peer.py"),
                                        "--batch", TEMPLATE, csvs[sheets], "-o", out], out, runs)
        rows.append(["ReportLab PDF, one process", ms(rl_t), "%.2f ms" % (rl_t / sheets * 1000),
                     "%.2f ms" % (rl_cpu / sheets * 1000), mib(rl_rss)])
        # keyfig -j 2 uses both cores; so may a ReportLab user, with one
        # process per half of the rows (RSS: the two summed).
        peer = os.path.join(HERE, "peers", "reportlab_peer.py")
        rl2_t, rl2_rss, rl2_cpu = measure_together(
            [[PY, peer, "--batch", TEMPLATE, part, "-o", out]
             for part in split_csv(csvs[sheets], 2)], out, runs)
        rows.append(["ReportLab PDF, two processes", ms(rl2_t),
                     "%.2f ms" % (rl2_t / sheets * 1000), "%.2f ms" % (rl2_cpu / sheets * 1000),
                     mib(rl2_rss)])
    print("Batches of %d sheets (figures/batch/lab-template.yaml, one page each)" % sheets)
    table(["run", "total", "per sheet", "CPU per sheet", "peak RSS"], rows)
    if rl_t:
        print("PDF per sheet, ReportLab / keyfig: %s on one core (-j 1 against one process), "
              "%s on two (-j 2 against two processes); -j 2 against one process: %s\n" % (
                  ratio(rl_t, results[("pdf", 1)][0]), ratio(rl2_t, results[("pdf", 2)][0]),
                  ratio(rl_t, results[("pdf", 2)][0])))
        target("PDF-only batch sheets 4× faster than ReportLab (-j 1, per sheet)",
               ratio(rl_t, results[("pdf", 1)][0]), rl_t / results[("pdf", 1)][0] >= 4)
        target("PDF-only batch sheets 4× faster than ReportLab (-j 2, two processes)",
               ratio(rl2_t, results[("pdf", 2)][0]), rl2_t / results[("pdf", 2)][0] >= 4)
    full2 = results[("pdf,png,xlsx", 2)]
    limit = 30.0 * sheets / 1000  # 30 s for 1000 sheets
    target("%d full sheets under %g s at -j 2" % (sheets, limit), ms(full2[0]),
           full2[0] < limit)

    # Memory must not grow with the batch.
    flat = []
    worst = 0
    for j in (1, 2):
        small = measure([keyfig, "batch", TEMPLATE, csvs[100], "-o", out, "-j", str(j)], out,
                        runs)[1]
        big = results[("pdf,png,xlsx", j)][1]
        growth = (big - small) / small * 100
        worst = max(worst, big)
        flat.append(["keyfig all formats, -j %d" % j, mib(small), mib(big), "%+.1f %%" % growth])
    print("Peak RSS as the batch grows")
    table(["run", "100 sheets", "%d sheets" % sheets, "growth"], flat)
    target("batch peak RSS under 40 MiB (-j 2, all formats)", mib(full2[1]),
           full2[1] < 40 * 1024)
    target("batch peak RSS flat from 100 to %d sheets (within 5 %%)" % sheets, flat[1][3],
           abs(float(flat[1][3].split()[0])) <= 5)


if __name__ == "__main__":
    sys.exit(main())
