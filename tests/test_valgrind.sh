#!/usr/bin/env bash
# valgrind memcheck on the example build: no invalid read or write, no
# decision on uninitialised memory, no leak (tests/valgrind.supp lists the
# font stack's process-lifetime caches, each explained), and the outputs
# all written.  Skipped (exit 77), saying why, without valgrind or on a
# sanitizer build, whose ASan runtime valgrind cannot run.
set -u
: "${KEYFIG:?}" "${KF_SOURCE_DIR:?}"
if ! command -v valgrind >/dev/null 2>&1; then
  echo "SKIP: valgrind is not installed (scripts/deps.sh ci installs it)"
  exit 77
fi
if [ "${KF_SANITIZED:-0}" = 1 ]; then
  echo "SKIP: $KEYFIG is built with ASan/UBSan; valgrind needs a plain build"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# glib's slice allocator hides blocks from memcheck; plain malloc does not.
G_SLICE=always-malloc G_DEBUG=gc-friendly \
  valgrind --error-exitcode=99 --leak-check=full \
  --errors-for-leak-kinds=definite,possible --track-origins=yes \
  --suppressions="$KF_SOURCE_DIR/tests/valgrind.supp" --log-file="$tmp/vg.log" \
  "$KEYFIG" build "$KF_SOURCE_DIR/figures/paris-saclay.yaml" -o "$tmp/out" \
  -f pdf,png,svg,xlsx >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
fail=0
if [ "$rc" -ne 0 ]; then
  echo "FAIL: keyfig under valgrind exited $rc (99: memcheck found errors)"
  cat "$tmp/stderr"
  grep -v '^==[0-9]*== *$' "$tmp/vg.log" | head -200
  fail=1
fi
for f in paris-saclay.pdf paris-saclay-1.png paris-saclay-1.svg paris-saclay.xlsx; do
  [ -s "$tmp/out/$f" ] || { echo "FAIL: $f was not written"; fail=1; }
done
grep -E 'ERROR SUMMARY|definitely lost|possibly lost' "$tmp/vg.log" | sed 's/^==[0-9]*== */valgrind: /'
[ "$fail" -eq 0 ] && echo "valgrind: no error"
exit "$fail"
