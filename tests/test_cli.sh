#!/usr/bin/env bash
# The CLI's contract: help, version, usage errors and their exit status.
set -u
: "${KEYFIG:?}" "${KF_SOURCE_DIR:?}"
pass=0 fail=0
expect() { # expect STATUS DESCRIPTION -- COMMAND...
  local want=$1 what=$2; shift 3
  "$@" >/tmp/kf-cli-out.$$ 2>/tmp/kf-cli-err.$$; local got=$?
  if [ "$got" -eq "$want" ]; then pass=$((pass+1)); else
    fail=$((fail+1)); echo "FAIL: $what: exit $got, want $want"; cat /tmp/kf-cli-err.$$; fi
}
contains() { # contains FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3"; fi
}
expect 0 "--help" -- "$KEYFIG" --help
contains /tmp/kf-cli-out.$$ "keyfig build REPORT" "--help shows the build usage"
expect 0 "batch --help" -- "$KEYFIG" batch --help
contains /tmp/kf-cli-out.$$ "keyfig batch TEMPLATE CSV" "batch --help shows the batch usage"
expect 0 "build -h" -- "$KEYFIG" build -h
contains /tmp/kf-cli-out.$$ "keyfig build REPORT" "build -h shows the usage"
expect 0 "--version" -- "$KEYFIG" --version
contains /tmp/kf-cli-out.$$ "keyfig 0." "--version prints the version"
expect 2 "no command" -- "$KEYFIG"
expect 2 "unknown command" -- "$KEYFIG" frobnicate
contains /tmp/kf-cli-err.$$ "unknown command 'frobnicate'" "names the unknown command"
expect 2 "unknown option" -- "$KEYFIG" build --frob "$KF_SOURCE_DIR/figures/paris-saclay.yaml"
expect 2 "bad format list" -- "$KEYFIG" build -f pdf,doc "$KF_SOURCE_DIR/figures/paris-saclay.yaml"
expect 2 "bad dpi" -- "$KEYFIG" build --dpi 0 "$KF_SOURCE_DIR/figures/paris-saclay.yaml"
expect 2 "no report" -- "$KEYFIG" check
expect 1 "missing file" -- "$KEYFIG" check /nonexistent/report.yaml
contains /tmp/kf-cli-err.$$ "/nonexistent/report.yaml" "names the missing file"
expect 0 "check the examples" -- "$KEYFIG" check "$KF_SOURCE_DIR"/figures/*.yaml

# Editions: --lang, and a missing text standing in from the fallback language.
expect 2 "unknown --lang" -- "$KEYFIG" check --lang de "$KF_SOURCE_DIR/figures/paris-saclay.yaml"
contains /tmp/kf-cli-err.$$ "--lang takes a comma-separated list of fr, en, not 'de'" "names the bad language"
expect 1 "--lang of a language the report lacks" -- "$KEYFIG" check --lang en "$KF_SOURCE_DIR/figures/paris-saclay.yaml"
contains /tmp/kf-cli-err.$$ "paris-saclay.yaml: error: the report has no 'en' edition" "says which edition is missing"
fb=$(mktemp -d)
printf '%s\n' 'format: 1' 'report:' '  title: { fr: Chiffres, en: Figures }' \
  '  languages: [fr, en]' '  fallback_language: fr' 'metrics:' \
  '  - { id: a, label: { fr: laboratoires }, value: 42, source: s }' \
  'sources: [{ id: s, title: Source }]' >"$fb/fallback.yaml"
expect 0 "fallback language" -- "$KEYFIG" build "$fb/fallback.yaml" -o "$fb" -f pdf
contains /tmp/kf-cli-err.$$ "fallback.yaml:7:21: warning: 'label' has no 'en' text; the 'fr' one stands in for it" "fallback is a warning at the text"
[ -f "$fb/fallback.fr.pdf" ] && [ -f "$fb/fallback.en.pdf" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: both editions written"; }
expect 1 "--strict fails on the fallback warning" -- "$KEYFIG" check --strict "$fb/fallback.yaml"
contains /tmp/kf-cli-err.$$ "1 warning, and --strict makes warnings errors" "--strict says why it fails"
# A set is written whole or not at all: the en edition's warning under
# --strict used to fail after the fr edition was written.
expect 1 "build --strict with a warning in the second edition" -- "$KEYFIG" build --strict "$fb/fallback.yaml" -o "$fb/strict" -f pdf,xlsx
if [ -z "$(ls -A "$fb/strict" 2>/dev/null)" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: --strict wrote $(ls "$fb/strict")"; fi
# The smallest report docs/format.md documents, `format` and a title: one
# empty page (header, title, footer) and its workbook, as check's warning
# says; it used to exit 2 with no message and leave the workbook alone.
printf '%s\n' 'format: 1' 'report:' '  title: Minimal' >"$fb/minimal.yaml"
expect 0 "build of the minimal report" -- "$KEYFIG" build "$fb/minimal.yaml" -o "$fb/minimal" -f pdf,png,xlsx
contains /tmp/kf-cli-err.$$ "minimal.yaml:1:1: warning: the report has no metrics and no series: its page will be empty" "the minimal report is warned about"
if [ -f "$fb/minimal/minimal.pdf" ] && [ -f "$fb/minimal/minimal.xlsx" ] && [ -f "$fb/minimal/minimal-1.png" ] &&
   [ "$(pdfinfo "$fb/minimal/minimal.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" = 1 ] &&
   pdftotext "$fb/minimal/minimal.pdf" - 2>/dev/null | grep -q '^Minimal$'; then
  pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: the minimal report gives one page titled Minimal ($(ls "$fb/minimal" 2>&1))"; fi
# A write that fails (here a file-size limit: writes past 100 KiB fail
# with EFBIG, as on a full disk; SIGXFSZ ignored so the write returns the
# error) writes nothing of the set: the earlier files of these names stay
# as they were, no temporary file is left, and the message names what was
# not written.  The PDF (46 KiB) used to replace the earlier one while the
# PNG pages failed.
mkdir -p "$fb/full"
for f in paris-saclay.pdf paris-saclay-1.png paris-saclay-2.png paris-saclay.xlsx; do
  echo "earlier $f" >"$fb/full/$f"; done
expect 3 "a write failing in the middle of a set" -- bash -c "trap '' XFSZ; ulimit -f 100; exec \"\$0\" build \"\$1\" -o \"\$2\"" "$KEYFIG" "$KF_SOURCE_DIR/figures/paris-saclay.yaml" "$fb/full"
contains /tmp/kf-cli-err.$$ "$fb/full/paris-saclay-1.png: error: cannot write the PNG: File too large" "the failed write is named"
contains /tmp/kf-cli-err.$$ "$fb/full: error: not written: paris-saclay.pdf, paris-saclay-1.png, paris-saclay-2.png, paris-saclay.xlsx" "the files not written are named"
kept=1
for f in paris-saclay.pdf paris-saclay-1.png paris-saclay-2.png paris-saclay.xlsx; do
  [ "$(cat "$fb/full/$f")" = "earlier $f" ] || kept=0; done
[ "$kept" = 1 ] && [ "$(ls "$fb/full" | wc -l)" = 4 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: a failed set keeps the earlier files and leaves nothing else: $(ls "$fb/full")"; }
# The editions of one build are one set: the en workbook failing (its
# staging name taken by a folder) leaves the fr files unwritten too, and
# the earlier fr PDF as it was; the fr files used to be written.
mkdir -p "$fb/ed/fallback.en.xlsx.kfnew"
echo "earlier" >"$fb/ed/fallback.fr.pdf"
expect 3 "a write failing in the second edition" -- "$KEYFIG" build "$fb/fallback.yaml" -o "$fb/ed" -f pdf,xlsx
contains /tmp/kf-cli-err.$$ "$fb/ed/fallback.en.xlsx: error: cannot write the output file: Is a directory" "the failed write is named"
contains /tmp/kf-cli-err.$$ "$fb/ed: error: not written: fallback.fr.pdf, fallback.fr.xlsx, fallback.en.pdf, fallback.en.xlsx" "every edition's files are named as not written"
[ "$(cat "$fb/ed/fallback.fr.pdf")" = earlier ] && [ "$(ls -A "$fb/ed" | tr '\n' ' ')" = "fallback.en.xlsx.kfnew fallback.fr.pdf " ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: a failed edition leaves the other's files unwritten: $(ls -A "$fb/ed")"; }
# A problem both editions have is given once; one of only one edition
# says which.  Page 1 (5 rows of 8 tiles, twice) takes 3 sheets in both;
# page 2's English text is long enough for a second sheet, the French not.
{
  printf '%s\n' 'format: 1' 'report:' '  title: { fr: Chiffres, en: Figures }' '  languages: [fr, en]' 'metrics:'
  for i in $(seq 0 39); do echo "  - { id: m$i, label: { fr: laboratoires $i, en: laboratories $i }, value: $((i + 1)), source: s }"; done
  printf '%s\n' 'sources: [{ id: s, title: Source }]' 'pages:' '  - title: { fr: Tuiles, en: Tiles }' '    blocks:'
  for k in 1 2; do for r in 0 1 2 3 4; do
    echo "      - kpis: [$(seq -s ', ' $((r * 8)) $((r * 8 + 7)) | sed 's/[0-9]\+/m&/g')]"; done; done
  printf '%s\n' '  - title: { fr: Texte, en: Text }' '    blocks:'
  for r in 0 1 2; do echo "      - kpis: [$(seq -s ', ' $((r * 8)) $((r * 8 + 7)) | sed 's/[0-9]\+/m&/g')]"; done
  printf '      - text: { fr: "Un court texte.", en: "%s" }\n' "$(for _ in $(seq 40); do printf 'The campus gathers laboratories, schools and companies around shared research. '; done)"
} >"$fb/editions.yaml"
expect 0 "check of two editions paginated apart" -- "$KEYFIG" check "$fb/editions.yaml"
[ "$(grep -c 'warning: page 1 takes 3 sheets' /tmp/kf-cli-err.$$)" = 1 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: a warning of both editions is given once"; cat /tmp/kf-cli-err.$$; }
contains /tmp/kf-cli-err.$$ "editions.yaml:60:5: warning: en edition: page 2 takes 2 sheets: sheet 2 starts with the rest of the text at line 65" "a warning of one edition names it"
# Two reports of one stem in one build would overwrite each other.
mkdir -p "$fb/a" "$fb/b"
cp "$fb/fallback.yaml" "$fb/a/r.yaml"; cp "$fb/fallback.yaml" "$fb/b/r.yaml"
expect 2 "two reports with one stem" -- "$KEYFIG" build "$fb/a/r.yaml" "$fb/b/r.yaml" -o "$fb/same"
contains /tmp/kf-cli-err.$$ "keyfig: $fb/a/r.yaml and $fb/b/r.yaml would both write r.* in $fb/same" "names both reports"
if [ -z "$(ls -A "$fb/same" 2>/dev/null)" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: files written for one stem twice"; fi
# SIGTERM or SIGINT (Ctrl-C) during a build: the process dies of it, and
# no temporary file (NAME.XXXXXX) is left; whatever was written is whole.
for sig in TERM:143 INT:130; do
  name=${sig%:*} want=${sig#*:}
  "$KEYFIG" build "$KF_SOURCE_DIR/figures/paris-saclay.yaml" -o "$fb/$name" -f png --dpi 600 2>"$fb/$name.err" &
  kpid=$!
  # Killed while a file is being written (its temporary file exists).
  for _ in $(seq 200); do
    ls "$fb/$name" 2>/dev/null | grep -q '\.[A-Za-z0-9]\{6\}$' && break
    sleep 0.02
  done
  kill -"$name" "$kpid"
  wait "$kpid"; st=$?
  [ "$st" -eq "$want" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: build killed by SIG$name exits $st, want $want"; }
  if ls "$fb/$name" 2>/dev/null | grep -q '\.[A-Za-z0-9]\{6\}$'; then fail=$((fail+1)); echo "FAIL: temporary files left after SIG$name: $(ls "$fb/$name")"; else pass=$((pass+1)); fi
  contains "$fb/$name.err" "keyfig: interrupted: the files being written were finished, the others not written" "says it was interrupted (SIG$name)"
done
rm -rf "$fb"

# Provenance and freshness: --strict, --max-age, SOURCE_DATE_EPOCH and
# report.stale: mark (the messages themselves: tests/warn/).
pv=$(mktemp -d)
warn=$KF_SOURCE_DIR/tests/warn
expect 0 "a warning alone builds" -- "$KEYFIG" build "$warn/no-source.yaml" -o "$pv" -f pdf
[ -f "$pv/no-source.pdf" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: a report with warnings is written"; }
rm -f "$pv"/*
expect 1 "--strict fails on a figure without a source" -- "$KEYFIG" build --strict "$warn/no-source.yaml" -o "$pv" -f pdf,png,svg,xlsx
contains /tmp/kf-cli-err.$$ "no-source.yaml:10:5: warning: metric 'labs' has no source" "--strict still prints the warnings"
contains /tmp/kf-cli-err.$$ "2 warnings, and --strict makes warnings errors" "--strict counts them"
[ -z "$(ls -A "$pv")" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: --strict writes nothing"; ls -A "$pv"; }
expect 0 "check --strict of the example" -- "$KEYFIG" check --strict "$KF_SOURCE_DIR/figures/paris-saclay.yaml"
# The example's figures are of the report's month: never stale.
expect 0 "--max-age on the example" -- env -u SOURCE_DATE_EPOCH "$KEYFIG" check --strict --max-age 10d "$KF_SOURCE_DIR/figures/paris-saclay.yaml"
expect 0 "--max-age on the command line" -- env -u SOURCE_DATE_EPOCH "$KEYFIG" check --max-age 10d "$warn/no-source.yaml"
contains /tmp/kf-cli-err.$$ "no-source.yaml:11:5: warning: metric 'staff' is 15 days old at the report's date (as of December 2024, its source's date; max_age is 10 days)" "--max-age warns, naming the figure and its age"
expect 1 "--max-age and --strict" -- env -u SOURCE_DATE_EPOCH "$KEYFIG" check --strict --max-age 10d "$warn/no-source.yaml"
expect 0 "--max-age replaces report.max_age" -- env -u SOURCE_DATE_EPOCH "$KEYFIG" check --max-age 3y "$warn/max-age.yaml"
grep -q "months old" /tmp/kf-cli-err.$$ && { fail=$((fail+1)); echo "FAIL: --max-age 3y leaves no figure stale"; } || pass=$((pass+1))
expect 0 "SOURCE_DATE_EPOCH stands in for the report's date" -- env SOURCE_DATE_EPOCH=1735689600 "$KEYFIG" check "$warn/max-age-no-date.yaml"
contains /tmp/kf-cli-err.$$ "max-age-no-date.yaml:9:5: warning: metric 'labs' is 48 months old at the report's date (as of 2020, its source's date; max_age is 2 years)" "ages counted to SOURCE_DATE_EPOCH"
# stale: mark, on a page of a stale metric, a fresh one and a stale series.
sed -e 's/^  max_age: 18m$/  max_age: 18m\n  stale: mark/' "$warn/max-age.yaml" >"$pv/stale.yaml"
printf '%s\n' 'pages:' '  - title: Page' '    blocks:' \
  '      - kpis: [month, fresh]' '      - chart: { type: hbar, series: trips }' >>"$pv/stale.yaml"
expect 0 "stale: mark builds" -- env -u SOURCE_DATE_EPOCH "$KEYFIG" build "$pv/stale.yaml" -o "$pv" -f pdf
pdftotext "$pv/stale.pdf" "$pv/stale.txt"
dagger=$(printf '\342\200\240')
contains "$pv/stale.txt" "laboratories$dagger" "a stale KPI's label ends in the mark"
[ "$(grep -c "laboratories$dagger" "$pv/stale.txt")" -eq 1 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: only the stale KPI is marked"; }
contains "$pv/stale.txt" "Travel times$dagger" "a stale chart's title ends in the mark"
contains "$pv/stale.txt" "$dagger chiffre de plus de 18 mois" "the footer explains the mark, in the edition's language"
rm -rf "$pv"
# --metrics: a CSV read instead of the report's metrics_csv, relative to
# the current directory (not to the report's folder).
mc=$(mktemp -d)
printf '%s\n' 'format: 1' 'report: { title: T }' 'metrics_csv: missing.csv' \
  'pages: [{ title: P, blocks: [{ kpis: [x] }] }]' >"$mc/r.yaml"
expect 1 "the report's metrics_csv must exist" -- "$KEYFIG" check "$mc/r.yaml"
contains /tmp/kf-cli-err.$$ "r.yaml:3:14: error: the CSV file 'missing.csv' does not exist" "names the missing CSV at its key"
mkdir "$mc/cwd"
printf 'id;label;value\nx;X;"12,5"\n' >"$mc/cwd/m.csv"
expect 0 "--metrics relative to the current directory" -- sh -c "cd '$mc/cwd' && '$KEYFIG' build --metrics m.csv '$mc/r.yaml' -o '$mc' -f pdf"
pdftotext "$mc/r.pdf" "$mc/r.txt"
contains "$mc/r.txt" "12,5" "the PDF carries the value of the --metrics CSV"
printf 'id;label;value\nx;X;douze\n' >"$mc/bad.csv"
expect 1 "an error in the --metrics CSV" -- "$KEYFIG" check --metrics "$mc/bad.csv" "$mc/r.yaml"
contains /tmp/kf-cli-err.$$ "$mc/bad.csv:2:5: error: 'value' must be a number" "names the CSV, its line and column"
expect 1 "--metrics of a missing file" -- "$KEYFIG" check --metrics "$mc/nothere.csv" "$mc/r.yaml"
contains /tmp/kf-cli-err.$$ "$mc/nothere.csv: error: cannot read the file" "names the missing --metrics file"
expect 0 "check --strict of the CSV-fed example" -- "$KEYFIG" check --strict "$KF_SOURCE_DIR/figures/paris-saclay-csv.yaml"

# Files a report names: only regular files (a FIFO used to block the
# build forever), and inside the report's folder once symbolic links are
# followed (a link to /etc/passwd used to print its first line).  Every
# command runs under `timeout` so a hang fails instead of stalling.
mkfifo "$mc/fifo.csv"
printf '%s\n' 'format: 1' 'report: { title: T }' 'metrics_csv: fifo.csv' >"$mc/fifo.yaml"
expect 1 "a FIFO as metrics_csv" -- timeout 10 "$KEYFIG" check "$mc/fifo.yaml"
contains /tmp/kf-cli-err.$$ "fifo.yaml:3:14: error: the CSV file 'fifo.csv' is not a regular file (a pipe)" "a FIFO named by the report is refused at its key"
expect 1 "a FIFO as --metrics" -- timeout 10 "$KEYFIG" check --metrics "$mc/fifo.csv" "$mc/r.yaml"
contains /tmp/kf-cli-err.$$ "$mc/fifo.csv: error: cannot read the file: it is a pipe (FIFO), not a regular file" "a FIFO given as --metrics is refused"
expect 1 "a FIFO as the report" -- timeout 10 "$KEYFIG" check "$mc/fifo.csv"
expect 1 "a device as the report" -- timeout 10 "$KEYFIG" check /dev/zero
contains /tmp/kf-cli-err.$$ "/dev/zero: error: cannot read the file: it is a device, not a regular file" "a device is refused"
mkdir "$mc/sub"
ln -s /etc/passwd "$mc/passwd.csv"
ln -s /etc "$mc/sub/etc"
printf 'id,label,value\nx,X,1\n' >"$mc/sub/real.csv"
ln -s sub/real.csv "$mc/inside.csv"
for t in passwd.csv sub/etc/passwd; do
  printf '%s\n' 'format: 1' 'report: { title: T }' "metrics_csv: $t" >"$mc/link.yaml"
  expect 1 "metrics_csv linking to /etc ($t)" -- timeout 10 "$KEYFIG" check "$mc/link.yaml"
  contains /tmp/kf-cli-err.$$ "link.yaml:3:14: error: the CSV file '$t' is outside the report's folder" "a link out of the folder is refused ($t)"
  if grep -q "root:" /tmp/kf-cli-err.$$; then fail=$((fail+1)); echo "FAIL: the target's content is printed"; else pass=$((pass+1)); fi
done
printf '%s\n' 'format: 1' 'report: { title: T, logo: logo.png }' >"$mc/logo.yaml"
ln -s /etc/passwd "$mc/logo.png"
expect 1 "a logo linking out of the folder" -- timeout 10 "$KEYFIG" check "$mc/logo.yaml"
contains /tmp/kf-cli-err.$$ "logo.yaml:2:27: error: the logo file 'logo.png' is outside the report's folder" "a logo link out of the folder is refused"
printf '%s\n' 'format: 1' 'report: { title: T }' 'metrics_csv: inside.csv' >"$mc/in.yaml"
expect 0 "a link that stays inside the folder" -- timeout 10 "$KEYFIG" check "$mc/in.yaml"
# A problem of a whole file the report names (the logo, the brand file,
# the fonts folder, metrics_csv) is said at the report's key, then what
# is wrong with the file: they used to name the file alone ("empty.csv:
# error: the file is empty"), or say that a pipe or a folder did not
# exist.
mkdir "$mc/files" "$mc/files/folder.png"
mkfifo "$mc/files/pipe.png"
: >"$mc/files/empty.csv"
: >"$mc/files/empty.yaml"
printf 'id,label,value\n' >"$mc/files/plain.txt"
ln -s /usr/share/fonts "$mc/files/system-fonts"
named() { # named KEY-LINE WANTED WHAT: a report of that line, its message
  printf '%s\n' 'format: 1' "$1" >"$mc/files/r.yaml"
  expect 1 "$3" -- timeout 10 "$KEYFIG" check "$mc/files/r.yaml"
  contains /tmp/kf-cli-err.$$ "$mc/files/r.yaml:$2" "$3: the message"
}
named 'report: { title: T, logo: pipe.png }' "2:27: error: the logo file 'pipe.png' is not a regular file (a pipe)" "a pipe as the logo"
named 'report: { title: T, logo: folder.png }' "2:27: error: the logo file 'folder.png' is not a regular file (a folder)" "a folder as the logo"
named 'report: { title: T, brand: pipe.png }' "2:28: error: the brand file 'pipe.png' is not a regular file (a pipe)" "a pipe as the brand file"
named 'report: { title: T, brand: empty.yaml }' "2:28: error: the brand file 'empty.yaml' cannot be used: the file is empty" "an empty brand file"
named 'report: { title: T, theme: { fonts: plain.txt } }' "2:37: error: the fonts folder 'plain.txt' is not a folder (a file)" "a file as the fonts folder"
named 'report: { title: T, theme: { fonts: system-fonts } }' "2:37: error: the fonts folder 'system-fonts' is outside the report's folder" "a fonts folder linking out"
named 'report: { title: T, theme: { fonts: nothere } }' "2:37: error: the fonts folder 'nothere' does not exist" "a missing fonts folder"
printf '%s\n' 'format: 1' 'report: { title: T }' 'metrics_csv: empty.csv' >"$mc/files/r.yaml"
expect 1 "an empty metrics_csv" -- timeout 10 "$KEYFIG" check "$mc/files/r.yaml"
contains /tmp/kf-cli-err.$$ "$mc/files/r.yaml:3:14: error: the CSV file 'empty.csv' cannot be used: the file is empty" "an empty metrics_csv is said at its key"
# Given on the command line, the file has no report line to name.
expect 1 "an empty --metrics" -- timeout 10 "$KEYFIG" check --metrics "$mc/files/empty.csv" "$mc/r.yaml"
contains /tmp/kf-cli-err.$$ "$mc/files/empty.csv: error: the file is empty" "an empty --metrics names the file"
# A noncharacter used to pass the loader and break the workbook's XML
# after the SVG pages were written: now an error before anything is.
expect 1 "build with a noncharacter" -- "$KEYFIG" build "$KF_SOURCE_DIR/tests/bad/noncharacter.yaml" -o "$mc/nc"
if [ -z "$(ls -A "$mc/nc" 2>/dev/null)" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: files written for a noncharacter: $(ls "$mc/nc")"; fi
rm -rf "$mc"
rm -f /tmp/kf-cli-out.$$ /tmp/kf-cli-err.$$
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
