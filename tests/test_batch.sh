#!/usr/bin/env bash
# `keyfig batch`: one report per CSV row.  Successful batches, rows that
# fail (reported with their locations, skipped, the others built), unknown
# columns, unsafe and duplicate output names, shards that together build
# every row once, byte-identical files whatever -j, exit statuses, and an
# interrupted batch that leaves no partial file.
set -u
: "${KEYFIG:?}" "${KF_SOURCE_DIR:?}"
KEYFIG=$(realpath "$KEYFIG")
command -v pdftotext >/dev/null || { echo "pdftotext missing: skipped"; exit 77; }

T=$(mktemp -d /tmp/kf-batch.XXXXXX)
trap 'rm -rf "$T"' EXIT
TPL=$KF_SOURCE_DIR/figures/batch/lab-template.yaml
LABS=$KF_SOURCE_DIR/figures/batch/labs.csv
HEADER=$(head -1 "$LABS")
pass=0 fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL: $*"; }

# run STATUS DESCRIPTION -- COMMAND...: runs it, stderr in $T/err.
run() {
  local want=$1 what=$2; shift 3
  "$@" >"$T/out" 2>"$T/err"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else
    ko "$what: exit $got, want $want"; sed 's/^/  | /' "$T/err"; fi
}
has() { # has FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then ok; else ko "$3: no '$2' in:"; sed 's/^/  | /' "$1"; fi
}
hasre() { # hasre FILE REGEX DESCRIPTION
  if grep -qE -- "$2" "$1"; then ok; else ko "$3: no /$2/ in:"; sed 's/^/  | /' "$1"; fi
}
hasnt() {
  if grep -qF -- "$2" "$1"; then ko "$3: '$2' found"; else ok; fi
}
exists() { for f in "$@"; do if [ -s "$f" ]; then ok; else ko "missing $f"; fi; done; }
absent() { for f in "$@"; do if [ -e "$f" ]; then ko "unexpected $f"; else ok; fi; done; }
# The names of the files in a directory, sorted, one per line.
names() { (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }

# A CSV: the example's header, then the rows given (each a line).
csv() { local f=$1; shift; { echo "$HEADER"; printf '%s\n' "$@"; } >"$f"; }
row() { # row CODE NOM [chercheurs] [budget]
  echo "$1,$2,Orsay,2024,${3-120},40,30,250,${4-9000000},30,12,200,210,230,250"
}

# --- the example: every row, every format, French figures --------------
run 0 "example batch" -- "$KEYFIG" batch "$TPL" "$LABS" -o "$T/ex" -j 2
for c in a b c d e f; do exists "$T/ex/labo-$c.pdf" "$T/ex/labo-$c-1.png" "$T/ex/labo-$c.xlsx"; done
[ "$(ls "$T/ex" | wc -l)" -eq 18 ] && ok || ko "example: $(ls "$T/ex" | wc -l) files, want 18"
pdftotext "$T/ex/labo-a.pdf" "$T/a.txt"
has "$T/a.txt" "Laboratoire A" "the row's name is in its PDF"
has "$T/a.txt" "Orsay" "the row's city is in its PDF"
# 18 500 000: "18,5 M€" (compact figures stay within 1 % of the value).
hasre "$T/a.txt" "^18,5( |$(printf '\xe2\x80\xaf')|$(printf '\xc2\xa0'))M$(printf '\xe2\x82\xac')$" "the budget as a French compact figure"
pdftotext "$T/ex/labo-d.pdf" "$T/d.txt"
has "$T/d.txt" 'Laboratoire D "Données"' "doubled quotes in a CSV field"
has "$T/d.txt" "Saclay, plateau" "a separator inside a quoted field"
hasnt "$T/err" "error" "no error for the example"
# Not a terminal, no --progress: quiet.
[ -s "$T/err" ] && ko "quiet when not a terminal: $(cat "$T/err")" || ok

# --progress: a summary line even when not a terminal.
run 0 "--progress" -- "$KEYFIG" batch "$TPL" "$LABS" -o "$T/ex" -f pdf --progress
has "$T/err" "keyfig: 6 sheets built, 0 failed" "summary line"

# --- -j 1 and -j 2 give byte-identical files ------------------------------
"$KF_SOURCE_DIR/bench/gen_csv.py" 40 >"$T/labs40.csv"
run 0 "-j 1" -- "$KEYFIG" batch "$TPL" "$T/labs40.csv" -o "$T/j1" -j 1
run 0 "-j 2" -- "$KEYFIG" batch "$TPL" "$T/labs40.csv" -o "$T/j2" -j 2
if diff -r "$T/j1" "$T/j2" >"$T/diff" 2>&1; then ok; else ko "-j 1 and -j 2 differ:"; head "$T/diff"; fi
[ "$(ls "$T/j1" | wc -l)" -ge 120 ] && ok || ko "-j 1 built $(ls "$T/j1" | wc -l) files"

# --- shards: together every row, once -------------------------------------
for i in 0 1 2; do
  run 0 "shard $i/3" -- "$KEYFIG" batch "$TPL" "$T/labs40.csv" -o "$T/s$i" --shard "$i/3" -f pdf
done
names "$T/s0" >"$T/n0"; names "$T/s1" >"$T/n1"; names "$T/s2" >"$T/n2"
cat "$T/n0" "$T/n1" "$T/n2" | LC_ALL=C sort >"$T/union"
(cd "$T/j1" && ls *.pdf | LC_ALL=C sort) >"$T/whole"
if cmp -s "$T/union" "$T/whole"; then ok; else ko "the shards do not make the whole"; diff "$T/union" "$T/whole" | head; fi
[ -z "$(LC_ALL=C sort "$T/union" | uniq -d)" ] && ok || ko "a row built by two shards"
[ "$(wc -l <"$T/n0")" -eq 14 ] && [ "$(wc -l <"$T/n2")" -eq 13 ] && ok || ko "shard sizes"
# Row 0, 3, 6... in shard 0: labo-a, labo-d...
grep -qx "labo-a.pdf" "$T/n0" && grep -qx "labo-d.pdf" "$T/n0" && grep -qx "labo-b.pdf" "$T/n1" && ok || ko "rows of shard 0/3"
for f in $(cat "$T/n1"); do cmp -s "$T/s1/$f" "$T/j1/$f" || ko "shard file $f differs from the whole batch's"; done; ok
# The Slurm example script, run as array task 1 of 3.
mkdir -p "$T/slurm"
(cd "$T/slurm" && SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3 KEYFIG="$KEYFIG" \
  TEMPLATE="$TPL" ENTITIES="$T/labs40.csv" OUTDIR="$T/slurm/out" FORMATS=pdf \
  bash "$KF_SOURCE_DIR/examples/batch/slurm-batch.sh") >"$T/out" 2>"$T/err" && ok || { ko "slurm script"; cat "$T/err"; }
if [ "$(names "$T/slurm/out")" = "$(cat "$T/n1")" ]; then ok; else ko "the Slurm script does not build shard 1/3"; fi

# --- a bad row is reported with its locations and skipped -----------------
csv "$T/bad.csv" "$(row labo-a 'Laboratoire A')" "$(row labo-b 'Laboratoire B' n/a)" "$(row labo-c 'Laboratoire C' 95 '')"
run 1 "bad rows" -- "$KEYFIG" batch "$TPL" "$T/bad.csv" -o "$T/bad" -f pdf
has "$T/err" "$T/bad.csv:3: error: the sheet 'labo-b' was not built" "the failing row's line"
has "$T/err" "lab-template.yaml:33:12: error: 'value' must be a number ($T/bad.csv:3:33: column 'chercheurs' is 'n/a')" "template and CSV locations"
has "$T/err" "$T/bad.csv:4: error: the sheet 'labo-c' was not built" "the second failing row"
has "$T/err" "lab-template.yaml:45:12: error: 'value' must be a number ($T/bad.csv:4:" "an empty number"
exists "$T/bad/labo-a.pdf"
absent "$T/bad/labo-b.pdf" "$T/bad/labo-c.pdf"
ls "$T/bad" | grep -q XXXX && ko "a temporary file was left" || ok

# A field of 48 C1 controls (U+0080) in an id: the message is cut, not
# overflowed (this crashed the whole batch), and the other rows are built.
cat >"$T/tpl-id.json" <<'JSON'
{"format": 1, "report": {"title": "{{code}}", "date": "2025-01-15"},
 "metrics": [{"id": "{{nom}}", "label": "chercheurs", "value": "{{chercheurs}}"}]}
JSON
c1=$(printf '\xc2\x80%.0s' $(seq 48))
csv "$T/c1.csv" "$(row labo-a a)" "$(row labo-b "$c1")"
run 1 "a C1 field in an id" -- "$KEYFIG" batch "$T/tpl-id.json" "$T/c1.csv" -o "$T/c1" -f pdf
has "$T/err" "$T/c1.csv:3: error: the sheet 'labo-b' was not built" "the C1 row is reported"
has "$T/err" "error: invalid id '$(printf '\\u0080%.0s' $(seq 42))...' ($T/c1.csv:3:8: column 'nom' is '$(printf '?%.0s' $(seq 40))…')" "C1 controls escaped and cut"
exists "$T/c1/labo-a.pdf"

# A mistake of the template itself fails every row alike: told once.
sed 's/^  paper: A4/  paper: A5/' "$TPL" >"$T/tpl-a5.yaml"
csv "$T/same.csv" "$(row labo-a A)" "$(row labo-b B)"
run 1 "same problems" -- "$KEYFIG" batch "$T/tpl-a5.yaml" "$T/same.csv" -o "$T/same" -f pdf
has "$T/err" "$T/same.csv:3: error: the sheet 'labo-b' was not built" "the second row named"
has "$T/err" "  the same problems as line 2" "a repeated failure is told once"
[ "$(grep -c "paper" "$T/err")" -eq 1 ] && ok || ko "the paper error told $(grep -c paper "$T/err") times"

# A number in a text stays a text; a text in a number is refused.
csv "$T/num.csv" "$(row 42 2024)"
run 0 "a number as a name and a title" -- "$KEYFIG" batch "$TPL" "$T/num.csv" -o "$T/num" -f pdf
exists "$T/num/42.pdf"

# A JSON template: the same placeholders, in JSON strings.
cat >"$T/tpl.json" <<'JSON'
{"format": 1,
 "report": {"title": "{{nom}}", "date": "2025-01-15"},
 "metrics": [{"id": "n", "label": "chercheurs à {{ville}}", "value": "{{chercheurs}}"}]}
JSON
run 0 "JSON template" -- "$KEYFIG" batch "$T/tpl.json" "$LABS" -o "$T/json" -f pdf
pdftotext "$T/json/labo-b.pdf" "$T/b.txt"
has "$T/b.txt" "chercheurs à Palaiseau" "a JSON template's text"
has "$T/b.txt" "240" "a JSON template's number"

# `keyfig build` writes a report's files in parallel, a batch row one
# after the other: the same bytes.
"$KEYFIG" build "$KF_SOURCE_DIR/figures/paris-saclay.yaml" -o "$T/build" 2>"$T/err" && ok || ko "build"
printf 'name\nparis-saclay\n' >"$T/one.csv"
run 0 "a template without placeholders" -- "$KEYFIG" batch "$KF_SOURCE_DIR/figures/paris-saclay.yaml" "$T/one.csv" -o "$T/one"
if diff -r "$T/build" "$T/one" >"$T/diff"; then ok; else ko "build and batch files differ:"; cat "$T/diff"; fi

# --- template errors: nothing is built ------------------------------------
sed 's/{{chercheurs}}"$/{{chercheur}}"/; s/{{annee}}/{{ annee/' "$TPL" >"$T/tpl-bad.yaml"
run 1 "unknown column" -- "$KEYFIG" batch "$T/tpl-bad.yaml" "$LABS" -o "$T/unk"
has "$T/err" "$T/tpl-bad.yaml:33:12: error: unknown column 'chercheur' in a placeholder ($LABS has no such column)" "unknown column at its template location"
has "$T/err" "hint: did you mean 'chercheurs'?" "did you mean"
has "$T/err" "$T/tpl-bad.yaml:40:12: error: a placeholder is not closed: '{{ annee" "unclosed placeholder"
absent "$T/unk/labo-a.pdf"
run 1 "--name of a missing column" -- "$KEYFIG" batch "$TPL" "$LABS" -o "$T/unk" --name nome
has "$T/err" "$LABS:1:1: error: no column named 'nome' to name the outputs with" "missing --name column"
run 1 "missing CSV" -- "$KEYFIG" batch "$TPL" "$T/nonexistent.csv" -o "$T/unk"
has "$T/err" "$T/nonexistent.csv: error: cannot read the file" "missing CSV named"
printf 'code,nom\nx\n' >"$T/ragged.csv"
run 1 "ragged CSV" -- "$KEYFIG" batch "$TPL" "$T/ragged.csv" -o "$T/unk"
has "$T/err" "$T/ragged.csv:2:2: error: this row has 1 field, the header has 2" "ragged row located"
printf '%s\n' "$HEADER" >"$T/empty.csv"
run 1 "no row" -- "$KEYFIG" batch "$TPL" "$T/empty.csv" -o "$T/unk"
has "$T/err" "there is no row to build a report from" "a CSV without rows"

# --- output names: safe, unique, never outside -o DIR ---------------------
mkdir -p "$T/names/out"
csv "$T/names.csv" "$(row ../x 'Laboratoire X')" "$(row .hidden 'Laboratoire H')" \
  "$(row a/b 'Laboratoire AB')" "$(row dup 'Laboratoire 1')" "$(row dup 'Laboratoire 2')" \
  "$(row DUP 'Laboratoire 3')" "$(row '' 'Laboratoire vide')" "$(row '..' 'Laboratoire P')"
run 0 "unsafe names" -- "$KEYFIG" batch "$TPL" "$T/names.csv" -o "$T/names/out" -f pdf
names "$T/names" >"$T/got"
printf '%s\n' out/DUP-3.pdf out/a-b.pdf out/dup-2.pdf out/dup.pdf out/hidden.pdf \
  out/row-7.pdf out/row-8.pdf out/x.pdf | LC_ALL=C sort >"$T/want"
if cmp -s "$T/got" "$T/want"; then ok; else ko "safe names:"; diff "$T/got" "$T/want"; fi
absent "$T/x.pdf" "$T/names/x.pdf"
has "$T/err" "$T/names.csv:2:1: warning: '../x' is not a safe file name: this row's files are named 'x'" "unsafe name warned"
has "$T/err" "$T/names.csv:6:1: warning: the output name 'dup' is already used by line 5: this row's files are named 'dup-2'" "duplicate warned"
has "$T/err" "the output name 'DUP' is already used by line 5: this row's files are named 'DUP-3'" "duplicates ignore case"
has "$T/err" "$T/names.csv:8:1: warning: the column 'code' gives this row no usable file name" "empty name"
# Names that are one file on macOS or Windows are made unique: case beyond
# ASCII (É, é), composed and decomposed é (NFC, NFD); a device name (CON,
# nul.x) gets an underscore; invisible format characters (U+202E, which
# turns "xgpj.exe" round, U+200B) are dropped.
mkdir -p "$T/uni/out"
nfd=$(printf 'cafe\xcc\x81') nfc=$(printf 'caf\xc3\xa9')
csv "$T/uni.csv" "$(row "$(printf '\xc3\x89tude')" 'L1')" "$(row "$(printf '\xc3\xa9tude')" 'L2')" \
  "$(row "$nfc" 'L3')" "$(row "$nfd" 'L4')" "$(row CON 'L5')" "$(row nul.x 'L6')" \
  "$(row "$(printf 'x\xe2\x80\xaegpj.exe')" 'L7')" "$(row "$(printf 'a\xe2\x80\x8bb')" 'L8')"
run 0 "names one file elsewhere" -- "$KEYFIG" batch "$TPL" "$T/uni.csv" -o "$T/uni/out" -f pdf
names "$T/uni" >"$T/got"
printf '%s\n' out/CON_.pdf out/ab.pdf "out/$(printf '\xc3\x89tude').pdf" \
  "out/$(printf '\xc3\xa9tude')-2.pdf" "out/$nfc.pdf" "out/$nfc-2.pdf" out/nul_.x.pdf \
  out/xgpj.exe.pdf | LC_ALL=C sort >"$T/want"
if cmp -s "$T/got" "$T/want"; then ok; else ko "unique names beyond ASCII:"; diff "$T/got" "$T/want"; fi
has "$T/err" "$T/uni.csv:3:1: warning: the output name '$(printf '\xc3\xa9tude')' is already used by line 2: this row's files are named '$(printf '\xc3\xa9tude')-2'" "case beyond ASCII"
has "$T/err" "$T/uni.csv:5:1: warning: the output name '$nfc' (from '$nfd') is already used by line 4: this row's files are named '$nfc-2'" "NFD and NFC are one name"
has "$T/err" "$T/uni.csv:6:1: warning: 'CON' is not a safe file name: this row's files are named 'CON_'" "device name"
# --name chooses another column.
run 0 "--name" -- "$KEYFIG" batch "$TPL" "$LABS" -o "$T/byname" -f pdf --name nom
exists "$T/byname/Laboratoire A.pdf"

# --- editions, --lang, --max-age and --strict, per row ---------------------
cat >"$T/bi.yaml" <<'EOF2'
format: 1
report:
  title: { fr: "Fiche {{code}}", en: "{{code}} sheet" }
  date: 2025-01-15
  languages: [fr, en]
sources:
  - { id: s, title: Source, date: 2020-01 }
metrics:
  - id: n
    label: { fr: chercheurs, en: researchers }
    value: "{{chercheurs}}"
    source: s
EOF2
csv "$T/bi.csv" "$(row x1 'Labo X1')" "$(row x2 'Labo X2')"
run 0 "bilingual template: both editions" -- "$KEYFIG" batch "$T/bi.yaml" "$T/bi.csv" -o "$T/bi" -f pdf
[ "$(names "$T/bi" | tr '\n' ' ')" = "x1.en.pdf x1.fr.pdf x2.en.pdf x2.fr.pdf " ] && ok || ko "bilingual: $(names "$T/bi" | tr '\n' ' ')"
run 0 "--lang en" -- "$KEYFIG" batch "$T/bi.yaml" "$T/bi.csv" -o "$T/bi-en" -f pdf --lang en
[ "$(names "$T/bi-en" | tr '\n' ' ')" = "x1.en.pdf x2.en.pdf " ] && ok || ko "--lang en: $(names "$T/bi-en" | tr '\n' ' ')"
pdftotext "$T/bi-en/x2.en.pdf" "$T/x2.txt"
has "$T/x2.txt" "x2 sheet" "the English edition of row x2"
run 2 "--lang de" -- "$KEYFIG" batch "$T/bi.yaml" "$T/bi.csv" -o "$T/bi-de" --lang de
run 0 "--max-age 2y" -- "$KEYFIG" batch "$T/bi.yaml" "$T/bi.csv" -o "$T/bi-age" -f pdf --lang fr --max-age 2y
hasre "$T/err" "bi.yaml:[0-9]+:[0-9]+: warning: metric .n. is [0-9]+ months old" "--max-age warns about the five-year-old source"
run 1 "--strict with a warning" -- "$KEYFIG" batch "$T/bi.yaml" "$T/bi.csv" -o "$T/bi-strict" -f pdf --lang fr --max-age 2y --strict
has "$T/err" "--strict makes warnings errors" "--strict says why a row failed"
[ -z "$(ls -A "$T/bi-strict" 2>/dev/null)" ] && ok || ko "--strict wrote $(ls "$T/bi-strict")"
run 0 "--strict, no warning" -- "$KEYFIG" batch "$T/bi.yaml" "$T/bi.csv" -o "$T/bi-ok" -f pdf --lang fr --strict
run 2 "--metrics is not for batch" -- "$KEYFIG" batch "$T/bi.yaml" "$T/bi.csv" --metrics x.csv
has "$T/err" "rows of its CSV" "--metrics: says where a batch's figures come from"

# --- usage and output errors ----------------------------------------------
run 2 "no CSV" -- "$KEYFIG" batch "$TPL"
run 2 "three files" -- "$KEYFIG" batch "$TPL" "$LABS" extra.csv
run 2 "bad shard" -- "$KEYFIG" batch "$TPL" "$LABS" --shard 3/3
run 2 "bad shard syntax" -- "$KEYFIG" batch "$TPL" "$LABS" --shard 1
run 2 "bad -j" -- "$KEYFIG" batch "$TPL" "$LABS" -j 0
run 2 "bad -jN" -- "$KEYFIG" batch "$TPL" "$LABS" -jx
run 0 "-j2 as make takes it" -- "$KEYFIG" batch "$TPL" "$LABS" -o "$T/j2short" -j2 -f pdf
[ "$(ls "$T/j2short" | wc -l)" -eq "$(ls "$T/ex"/*.pdf | wc -l)" ] && ok || ko "-j2 built $(ls "$T/j2short" | wc -l) files"
run 2 "bad format" -- "$KEYFIG" batch "$TPL" "$LABS" -f doc
: >"$T/a-file"
run 3 "output directory is a file" -- "$KEYFIG" batch "$TPL" "$LABS" -o "$T/a-file"
run 3 "output directory under a file" -- "$KEYFIG" batch "$TPL" "$LABS" -o "$T/a-file/out"
if [ -w /dev/full ] && [ "$(id -u)" -ne 0 ]; then
  mkdir -p "$T/ro" && chmod 500 "$T/ro"
  run 3 "read-only directory" -- "$KEYFIG" batch "$TPL" "$LABS" -o "$T/ro"
fi

# --- Ctrl-C: stops, no partial or temporary file --------------------------
"$KF_SOURCE_DIR/bench/gen_csv.py" 400 >"$T/labs400.csv"
"$KEYFIG" batch "$TPL" "$T/labs400.csv" -o "$T/int" -j 2 --progress 2>"$T/err" &
pid=$!
for _ in $(seq 50); do [ "$(ls "$T/int" 2>/dev/null | wc -l)" -ge 6 ] && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"; st=$?
[ "$st" -eq 130 ] && ok || ko "interrupted batch: exit $st, want 130 (died of SIGINT)"
has "$T/err" "keyfig: interrupted:" "the summary says it was interrupted"
n=$(ls "$T/int" | wc -l)
[ "$n" -gt 0 ] && [ "$n" -lt 1200 ] && ok || ko "interrupted batch wrote $n files"
ls "$T/int" | grep -v -E '\.(pdf|png|xlsx)$' | grep -q . && ko "temporary files left: $(ls "$T/int" | grep -v -E '\.(pdf|png|xlsx)$' | head -3)" || ok
bad=0
for f in "$T"/int/*.pdf; do tail -c 6 "$f" | grep -q '%%EOF' || bad=$((bad+1)); done
for f in "$T"/int/*.png; do tail -c 8 "$f" | od -An -c | grep -q 'I   E   N   D' || bad=$((bad+1)); done
[ "$bad" -eq 0 ] && ok || ko "$bad files cut short"

# In a JSON template, a field written as a number may fill a text too.
printf '%s\n' '{"format": 1, "report": {"title": "Lab {{name}}"},' \
  ' "metrics": [{"id": "p", "label": "{{patients}}", "value": "{{patients}}"}]}' >"$T/num.json"
printf 'name,patients\nalpha,1200\n' >"$T/num.csv"
run 0 "JSON template with a numeric field in a text" -- "$KEYFIG" batch "$T/num.json" "$T/num.csv" -o "$T/num" -f pdf

# A bilingual template gives every row in both editions.
mkdir -p "$T/ed"
printf '%s\n' 'format: 1' 'report:' '  title: { fr: "Labo {{name}}", en: "{{name}} lab" }' \
  '  languages: [fr, en]' 'metrics:' \
  '  - { id: p, label: { fr: patients suivis, en: patients followed }, value: "{{patients}}" }' >"$T/ed/tpl.yaml"
printf 'name,patients\nalpha,1200\nbeta,34\n' >"$T/ed/rows.csv"
"$KEYFIG" batch "$T/ed/tpl.yaml" "$T/ed/rows.csv" -o "$T/ed/out" -f pdf 2>"$T/ed/err" && ok || ko "bilingual batch: $(cat "$T/ed/err")"
[ "$(names "$T/ed/out" | tr '\n' ' ')" = "alpha.en.pdf alpha.fr.pdf beta.en.pdf beta.fr.pdf " ] && ok || ko "bilingual batch files: $(names "$T/ed/out" | tr '\n' ' ')"
pdftotext "$T/ed/out/alpha.en.pdf" "$T/ed/alpha.en.txt" 2>/dev/null
has "$T/ed/alpha.en.txt" "1,200" "English edition of a row formats 1,200"
has "$T/ed/alpha.en.txt" "alpha lab" "English edition of a row has its title"
pdftotext "$T/ed/out/alpha.fr.pdf" "$T/ed/alpha.fr.txt" 2>/dev/null
has "$T/ed/alpha.fr.txt" "Labo alpha" "French edition of a row has its title"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
