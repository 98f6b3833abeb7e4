#!/usr/bin/env bash
# test_bad_inputs.sh: golden tests of the messages for bad report files.
#
# Every tests/bad/NAME.yaml or NAME.json is checked with `keyfig check`
# from the source directory (so messages name tests/bad/NAME.yaml) and
# must exit with status 1, print nothing on stdout, and print on stderr
# exactly what tests/bad/NAME.expected holds.  Those files are read by a
# human: each message must make sense to someone who is not a programmer.
# tests/warn/ holds reports that are valid but warned about (provenance,
# freshness, consistency): the same, except that they exit with status 0.
#
# REGEN=1 rewrites the .expected files from the current output; review
# the diff before committing it.
set -u

src=${KF_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
keyfig=${KEYFIG:-$src/build/keyfig}
if [ ! -x "$keyfig" ]; then
    echo "test_bad_inputs: no keyfig at $keyfig (set KEYFIG)" >&2
    exit 1
fi
cd "$src" || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
for input in tests/bad/*.yaml tests/bad/*.json tests/warn/*.yaml \
    tests/warn/*.json; do
    [ -e "$input" ] || continue
    expected=${input%.*}.expected
    want=1
    case $input in tests/warn/*) want=0 ;; esac
    # The messages must not depend on the environment (SOURCE_DATE_EPOCH
    # stands in for a missing report date in the age checks).
    LC_ALL=C env -u SOURCE_DATE_EPOCH "$keyfig" check "$input" \
        >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    if [ "${REGEN:-0}" = 1 ]; then
        cp "$tmp/stderr" "$expected"
    fi
    problems=""
    if [ "$status" -ne "$want" ]; then
        problems="$problems exit status $status (expected $want);"
    fi
    if [ -s "$tmp/stdout" ]; then
        problems="$problems output on stdout;"
    fi
    if [ ! -f "$expected" ]; then
        problems="$problems no $expected (run with REGEN=1);"
    elif ! cmp -s "$expected" "$tmp/stderr"; then
        problems="$problems stderr differs from $expected;"
    fi
    if [ -z "$problems" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $input:$problems"
        if [ -f "$expected" ]; then
            diff -u "$expected" "$tmp/stderr" | sed 's/^/    /'
        fi
        if [ -s "$tmp/stdout" ]; then
            sed 's/^/    stdout: /' "$tmp/stdout"
        fi
    fi
done

# An .expected file whose report was removed is a leftover.
for expected in tests/bad/*.expected tests/warn/*.expected; do
    [ -e "$expected" ] || continue
    stem=${expected%.expected}
    if [ ! -e "$stem.yaml" ] && [ ! -e "$stem.json" ]; then
        failed=$((failed + 1))
        echo "FAIL: $expected has no report beside it"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
