"""Reference images: every page of the example reports (and the stress
report), rendered at 40 dpi, must match tests/reference/ within a tolerance:
at most 0.5 % of the pixels may differ by more than 48 levels in a channel
(anti-aliasing and zlib changes stay under it; a moved block does not).

    REGEN=1 tests/test_visual.py   rewrites the references (review them:
                                   git diff --stat, and open the PNGs)

On a mismatch the rendered page and a diff image (changed pixels in red)
are left in $KF_BUILD_DIR/visual/ for review."""
import glob
import os
import sys

import kftest
import pngdiff
from kftest import BUILD_DIR, SOURCE_DIR, check

REF = os.path.join(SOURCE_DIR, "tests", "reference")
REPORTS = sorted(os.path.relpath(p, SOURCE_DIR)
                 for p in glob.glob(os.path.join(SOURCE_DIR, "figures", "paris-saclay*.yaml")))
REPORTS.append("tests/data/stress.yaml")
DPI, MAX_SHARE = "40", 0.005
regen = os.environ.get("REGEN") == "1"

with kftest.temp_dir() as tmp:
    for rel in REPORTS:
        r = kftest.keyfig("build", os.path.join(SOURCE_DIR, rel), "-o", tmp, "-f", "png", "--dpi", DPI)
        if r.returncode != 0:
            check(False, f"{rel} does not build: {r.stderr}")
    pages = sorted(n for n in os.listdir(tmp) if n.endswith(".png"))
    if regen:
        os.makedirs(REF, exist_ok=True)
        for n in os.listdir(REF):
            if n.endswith(".png") and n not in pages:
                os.remove(os.path.join(REF, n))
        for n in pages:
            w, h, rows = pngdiff.read(os.path.join(tmp, n))
            pngdiff.write(os.path.join(REF, n), w, h, rows)
        print(f"rewrote {len(pages)} reference images in {REF}")
    expected = sorted(n for n in os.listdir(REF) if n.endswith(".png"))
    if pages != expected:
        check(False, f"pages rendered {pages} but references are {expected}")
    for n in pages:
        ref = os.path.join(REF, n)
        if not os.path.exists(ref):
            continue
        got = pngdiff.read(os.path.join(tmp, n))
        share, worst, diff = pngdiff.compare(got, pngdiff.read(ref))
        out = os.path.join(BUILD_DIR, "visual")
        if check(share <= MAX_SHARE, f"{n}: {share:.2%} of pixels differ (largest {worst}); see {out}"):
            continue
        os.makedirs(out, exist_ok=True)
        pngdiff.write(os.path.join(out, n), got[0], got[1], got[2])
        if diff:
            pngdiff.write(os.path.join(out, "diff-" + n), got[0], got[1], diff)

sys.exit(kftest.finish())
