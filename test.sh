#!/usr/bin/env bash
# Builds Saraban and runs the whole test suite with ctest.
# Works on a fresh Debian 12 machine as root: installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")"
packaging/install-build-deps.sh
build=${SARABAN_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
# Fuzzing (clang, build-fuzz): each target briefly; FUZZ_SECONDS=0 skips it.
if [ "${FUZZ_SECONDS:-20}" != 0 ]; then fuzz/run.sh; fi
cd "$build"
exec ctest --output-on-failure -j"$(nproc)" --timeout 600
