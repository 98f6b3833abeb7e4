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
  '  - { id: a, label: { fr: laboratoires }, value: 42 }' >"$fb/fallback.yaml"
expect 0 "fallback language" -- "$KEYFIG" build "$fb/fallback.yaml" -o "$fb" -f pdf
contains /tmp/kf-cli-err.$$ "fallback.yaml:7:21: warning: 'label' has no 'en' text; the 'fr' one stands in for it" "fallback is a warning at the text"
[ -f "$fb/fallback.fr.pdf" ] && [ -f "$fb/fallback.en.pdf" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: both editions written"; }
expect 1 "--strict fails on the fallback warning" -- "$KEYFIG" check --strict "$fb/fallback.yaml"
contains /tmp/kf-cli-err.$$ "1 warning, and --strict makes warnings errors" "--strict says why it fails"
rm -rf "$fb"
rm -f /tmp/kf-cli-out.$$ /tmp/kf-cli-err.$$
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
