#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz and runs
# each one on its seed corpus and kept crash inputs. Called by ./test.sh with
# the defaults (20 s per target, two at a time); the long mode is
#   FUZZ_SECONDS=3600 fuzz/run.sh            # an hour per target
#   FUZZ_TARGETS="api_json text" fuzz/run.sh # some targets only
# New interesting inputs are kept in build-fuzz/corpus/<target>/ (not in the
# repository; copy good ones into fuzz/corpus/ by hand). A crash leaves its
# input in build-fuzz/crashes/; fix the code, copy the input into
# fuzz/regressions/<target>/ and it is replayed by every later run and by
# ctest (fuzz_replay_<target>, also without clang).
# Exit status: 0 when no target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
build=${SARABAN_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-$(nproc)}
targets=${FUZZ_TARGETS:-"http api_json office_text pdf_text backup_reader text"}
start=$(date +%s)

# -O1 and line tables only: a third of the compile time of RelWithDebInfo,
# and sanitizer reports still name file and line.
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DSARABAN_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
exes=()
for t in $targets; do exes+=("fuzz_$t"); done
cmake --build "$build" -j"$(nproc)" --target "${exes[@]}" >"$build/fuzz-build.log" 2>&1 ||
  { tail -50 "$build/fuzz-build.log"; exit 1; }
built=$(date +%s)

scratch=$(mktemp -d "${FUZZ_TMP:-/dev/shm}/saraban-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
started="$scratch/.started"  # crash inputs newer than this are this run's
: >"$started"
mkdir -p "$build/crashes" "$build/logs"

run_one() {
  local t=$1
  mkdir -p "$build/corpus/$t" "$scratch/$t"
  # TMPDIR: the targets' stores and backups live on tmpfs, so syncs are free.
  TMPDIR="$scratch/$t" OMP_THREAD_LIMIT=1 LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp" \
    "$build/fuzz/fuzz_$t" \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$t-" \
    "$build/corpus/$t" "fuzz/corpus/$t" "fuzz/regressions/$t" >"$build/logs/$t.log" 2>&1
}

status=0
crashed=()
running=0
pids=()
names=()
for t in $targets; do
  run_one "$t" &
  pids+=($!)
  names+=("$t")
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" 2>/dev/null || true
done

printf '%-14s %12s %9s %8s  %s\n' target executions exec/s corpus result
for t in $targets; do
  log="$build/logs/$t.log"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  corpus=$(ls "$build/corpus/$t" | wc -l)
  if grep -qE '^==[0-9]+==ERROR|^SUMMARY: |deadly signal|Test unit written' "$log"; then
    result="CRASH (see $log)"
    status=1
    crashed+=("$t")
  elif [ -z "$execs" ]; then
    result="did not run (see $log)"
    status=1
  else
    result=ok
  fi
  printf '%-14s %12s %9s %8s  %s\n' "$t" "${execs:-0}" "${rate:-0}" "$corpus" "$result"
done
# A crash on a CI machine must be reproducible from its output alone: the
# sanitizer's report and the input that caused it (base64; save it with
# `base64 -d > fuzz/regressions/<target>/<name>` and replay it).
for t in "${crashed[@]}"; do
  echo "---- $t: report"
  grep -n -m1 -E '^==[0-9]+==ERROR|deadly signal|ALARM|out-of-memory|^SUMMARY: ' "$build/logs/$t.log" |
    cut -d: -f1 | { read -r first && tail -n +"$first" "$build/logs/$t.log" | head -80; } || true
  for input in "$build/crashes/$t"-*; do
    [ -f "$input" ] && [ "$input" -nt "$started" ] || continue
    echo "---- $t: input $(basename "$input") ($(stat -c %s "$input") bytes, base64)"
    base64 -w 120 "$input"  # at most -max_len bytes
  done
done
end=$(date +%s)
echo "fuzz: build $((built - start)) s, fuzzing $((end - built)) s, total $((end - start)) s"
exit $status
