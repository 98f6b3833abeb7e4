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
rm -f /tmp/kf-cli-out.$$ /tmp/kf-cli-err.$$
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
