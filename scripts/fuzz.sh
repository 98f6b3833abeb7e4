#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time: `make fuzz`.
#
#   FUZZ_SECONDS  seconds per target (default 60)
#   FUZZ_TARGETS  which targets (default: yaml json format layout url text pdf csv)
#   FUZZ_BUILD    the clang build directory (default build-fuzz)
#   JOBS          targets run at once (default: the number of cores)
#
# Each target starts from its seed corpus tests/fuzz/NAME/ and the kept
# crashers in tests/fuzz/regressions/; what it learns goes to
# FUZZ_BUILD/corpus/NAME/ (kept between runs, never committed).  A crash,
# leak, sanitizer report or timeout (-timeout=10 s: a hang, or a cost far
# past the others'; two targets share each core of a 2-core CI machine,
# where one input of fuzz_text took 11 s) is written to
# tests/fuzz/regressions/NAME-crash-SHA1 (or -leak-, -timeout-, -oom-):
# fix it, keep the file, and `make test` replays it from then on.
# Exits 1 when any target found something.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-yaml json format layout url text pdf $([ -f src/csv.h ] && echo csv)}
build=${FUZZ_BUILD:-build-fuzz}
jobs=${JOBS:-$(nproc)}
regressions=$root/tests/fuzz/regressions

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang-14 -DKF_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
for t in $targets; do
  cmake --build "$build" -j "$jobs" --target "fuzz_$t" >/dev/null || exit 1
done

# The same sanitizer settings as `make test-sanitize`.
export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export G_SLICE=always-malloc

run() { # run NAME: one fuzzing session, its log in $build/fuzz-NAME.log
  local t=$1 log=$root/$build/fuzz-$1.log
  mkdir -p "$root/$build/corpus/$t" "$regressions"
  "$root/$build/fuzz_$t" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$regressions/$t-" \
    "$root/$build/corpus/$t" "$root/tests/fuzz/$t" "$regressions" \
    >"$log" 2>&1
}

declare -A pid_of
status=0
for t in $targets; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  echo "fuzz: $t for ${seconds} s"
  run "$t" &
  pid_of[$t]=$!
done
for t in $targets; do
  wait "${pid_of[$t]}"
  rc=$?
  log=$build/fuzz-$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    echo "fuzz: $t: ok, ${execs:-?} runs, ${cov:-cov: ?}"
  else
    status=1
    echo "fuzz: $t: FOUND A PROBLEM (exit $rc), ${execs:-?} runs; from $log:"
    grep -E 'ERROR|runtime error|invariant broken|Test unit written|SUMMARY' \
      "$log" | head -20 | sed 's/^/  /'
  fi
done
exit "$status"
