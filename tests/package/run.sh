#!/usr/bin/env bash
# Opt-in package test (not in ./test.sh: it installs on this machine): builds
# the .deb twice (the project version and a higher one, for the upgrade) and
# runs package_test.sh on them. See docs/operations.md, "Testing the package".
#   tests/package/run.sh [BUILD_DIR]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-deb}
old=$("$src/packaging/build-deb.sh" "$build" | tail -1)
version=$(dpkg-deb -f "$old" Version)
new=$("$src/packaging/build-deb.sh" "$build" "${version%-*}.1" | tail -1)
echo "packages: $(basename "$old") -> $(basename "$new")"
exec "$src/tests/package/package_test.sh" "$old" "$new"
