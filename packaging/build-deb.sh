#!/usr/bin/env bash
# Builds the saraban .deb in BUILD_DIR (default build-deb): configures it with
# the install prefix /usr, builds the binary and the web UI only, runs CPack.
#   packaging/build-deb.sh [BUILD_DIR] [VERSION]
# VERSION (e.g. 0.1.1) overrides the project version, for upgrade tests.
# Prints the path of the .deb on the last line.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${1:-$src/build-deb}")
version=${2:-}
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j"$(nproc)" --target saraban webui >/dev/null
cd "$build"
extra=()
[ -n "$version" ] && extra=(-D "CPACK_PACKAGE_VERSION=$version" -D "CPACK_DEBIAN_PACKAGE_VERSION=$version")
out=$(mktemp -d)
cpack -G DEB -B "$out" "${extra[@]}" >/dev/null
deb=$(ls "$out"/*.deb)
mv "$deb" "$build/"
rm -rf "$out"
echo "$build/$(basename "$deb")"
