"""kftest: what every Python test of keyfig shares.  Plain functions.

A test is a script that imports this module, calls kftest.check() for
each thing it checks and ends with `sys.exit(kftest.finish())`, which
prints "N passed, M failed" and exits 1 when anything failed.  A test
that cannot run here (a module or program missing) calls
kftest.need_modules() / need_programs() or skip(): it says why and exits
77, which ctest reports as skipped (SKIP_RETURN_CODE in CMakeLists.txt).

Where things are: KEYFIG (the CLI), KF_SOURCE_DIR (the repository) and
KF_BUILD_DIR (the CMake build), which ctest and `make regen` set; without
them, the tree this file is in, its build/ and build/keyfig.

`import kftest` needs no PYTHONPATH: Python puts a script's own folder
(tests/) first on sys.path, whether ctest, `make regen` or you run it.
One test by hand, from anywhere, after `make build`:

    /usr/bin/python3 tests/test_pdf.py

(Debian's python3, which has pikepdf, pdfminer and openpyxl; add
KEYFIG=build-sanitize/keyfig to try another build.)  keyfig is run with
this process's environment, so ASAN_OPTIONS, LSAN_OPTIONS and the rest
of `make test-sanitize` reach it.
"""
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

SOURCE_DIR = (os.environ.get("KF_SOURCE_DIR")
              or os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD_DIR = os.environ.get("KF_BUILD_DIR") or os.path.join(SOURCE_DIR, "build")
KEYFIG = os.environ.get("KEYFIG") or os.path.join(BUILD_DIR, "keyfig")
# The running test's name ("test_pdf"), for its messages.
NAME = os.path.splitext(os.path.basename(sys.argv[0] or "kftest"))[0]

# The Debian package of each module or program a test may need, for the
# skip message (scripts/deps.sh test installs them).
DEBIAN = {
    "pikepdf": "python3-pikepdf", "pdfminer": "python3-pdfminer",
    "openpyxl": "python3-openpyxl", "fontTools": "python3-fonttools",
    "yaml": "python3-yaml", "jsonschema": "python3-jsonschema",
    "pdftotext": "poppler-utils", "pdfinfo": "poppler-utils",
    "pdffonts": "poppler-utils", "pdfimages": "poppler-utils",
    "pdftoppm": "poppler-utils", "qpdf": "qpdf",
}

passed = 0
failed = 0

NNBSP, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"


def check(ok, what, detail=""):
    """Counts one check.  When `ok` is false, prints "FAIL: what: detail"
    (detail: what was found, optional).  Returns `ok`, so that a test
    goes on only where it makes sense: `if not check(...): return`."""
    global passed, failed
    if not isinstance(what, str):
        # check("name", ok), the order of an older helper, would always pass.
        raise TypeError("check(ok, what, detail=''): what must be a str")
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s%s" % (what, (": " + detail) if detail else ""))
    return ok


def finish():
    """Prints "N passed, M failed"; returns the exit status (1 when
    anything failed): `sys.exit(kftest.finish())`."""
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def show(text):
    """`text` with its no-break spaces and minus signs made visible, for a
    FAIL message: "21<nnbsp>%"."""
    return (text.replace(NNBSP, "<nnbsp>").replace(NBSP, "<nbsp>")
            .replace(MINUS, "<minus>"))


def skip(why):
    """Ends the test as skipped (exit 77), saying why."""
    print("%s: skipped: %s" % (NAME, why))
    sys.exit(77)


def need_modules(*names):
    """Skips the test unless every module imports ("pikepdf",
    "pdfminer.layout"); the test then imports them as usual."""
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as e:
            root = name.split(".")[0]
            skip("%s (Debian: %s)" % (e, DEBIAN.get(root, "python3-" + root)))


def need_programs(*names):
    """Skips the test unless every program is on PATH ("pdftotext")."""
    for name in names:
        if not shutil.which(name):
            skip("no %s on PATH (Debian: %s)" % (name, DEBIAN.get(name, name)))


def run(*args, **kw):
    """Runs a program, its output captured as text:
    run("qpdf", "--check", pdf).returncode.  `kw` goes to subprocess.run
    (cwd, env, timeout)."""
    return subprocess.run([str(a) for a in args], capture_output=True,
                          encoding="utf-8", errors="replace", **kw)


def keyfig(*args, **kw):
    """Runs the keyfig CLI: keyfig("build", report, "-o", out)."""
    return run(KEYFIG, *args, **kw)


def write(path, text):
    """Writes `text` to `path` (UTF-8), making its folder; returns path."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def temp_dir():
    """A temporary folder removed at the end of the `with`:
    `with kftest.temp_dir() as tmp:`."""
    return tempfile.TemporaryDirectory(prefix="keyfig-%s-" % NAME,
                                       ignore_cleanup_errors=True)


def pdf_text(pdf, page=None, layout=False, options=()):
    """pdftotext's text of a PDF, or of one page (from 1); `layout` keeps
    the columns (-layout); `options`, more pdftotext options."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", *pages, *(["-layout"] if layout else []),
               *options, pdf, "-").stdout


def pdf_page_count(pdf):
    """The number of pages, from pdfinfo."""
    info = run("pdfinfo", pdf).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_page_texts(pdf, layout=False):
    """pdftotext's text of each page of a PDF, in a list."""
    return [pdf_text(pdf, k, layout) for k in range(1, pdf_page_count(pdf) + 1)]


def glyphs(node, spaces=False):
    """Every glyph of a pdfminer layout (a page from extract_pages, or a
    part of one) that inks something (not a space), in reading order;
    with `spaces`, the spaces too (" ", U+00A0, U+202F)."""
    from pdfminer.layout import LTChar
    out = []

    def walk(n):
        if isinstance(n, LTChar):
            if spaces or n.get_text().strip():
                out.append(n)
            return
        for child in getattr(n, "_objs", []) or []:
            walk(child)
    walk(node)
    return out


def check_glyphs(page, what):
    """Two checks of a pdfminer page: no glyph leaves it, and no two are
    drawn over each other (off_page, overlaps); `what` names the sheet."""
    chars = glyphs(page)
    off = off_page(chars, page)
    check(not off, f"{what}: glyphs leave the page: {off[:5]}")
    bad = overlaps(chars)
    check(not bad, f"{what}: glyphs overlap: {bad[:5]}")


def off_page(chars, page):
    """The text of each glyph (from glyphs()) that leaves the page by more
    than half a point."""
    return [c.get_text() for c in chars
            if c.x0 < -0.5 or c.y0 < -0.5 or c.x1 > page.width + 0.5
            or c.y1 > page.height + 0.5]


def overlaps(chars):
    """Pairs of glyphs (from glyphs()) whose boxes overlap by more than a
    third of the smaller one: two texts drawn over each other, as their
    texts.  Neighbours on a line may touch (kerning pulls "L'"
    together); they are not compared."""
    cells = {}
    for i, c in enumerate(chars):
        for gx in range(int(c.x0 // 20), int(c.x1 // 20) + 1):
            for gy in range(int(c.y0 // 20), int(c.y1 // 20) + 1):
                cells.setdefault((gx, gy), []).append(i)
    bad = set()
    for ids in cells.values():
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                if abs(ids[a] - ids[b]) == 1:
                    continue
                p, q = chars[ids[a]], chars[ids[b]]
                ix = min(p.x1, q.x1) - max(p.x0, q.x0)
                iy = min(p.y1, q.y1) - max(p.y0, q.y0)
                small = min((p.x1 - p.x0) * (p.y1 - p.y0),
                            (q.x1 - q.x0) * (q.y1 - q.y0))
                if ix > 0 and iy > 0 and small > 0 and ix * iy > small / 3:
                    bad.add((min(ids[a], ids[b]), max(ids[a], ids[b])))
    return [(chars[a].get_text(), chars[b].get_text()) for a, b in sorted(bad)]
