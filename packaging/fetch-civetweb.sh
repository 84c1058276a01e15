#!/usr/bin/env bash
# Unpacks CivetWeb 1.15 from Debian's source package into DEST.
# Debian's libcivetweb binary cannot serve TLS with OpenSSL 3 (docs/architecture.md),
# so Saraban compiles this source itself with OPENSSL_API_3_0. Nothing is committed.
set -euo pipefail
dest=${1:?usage: fetch-civetweb.sh DEST}
[ -f "$dest/src/civetweb.c" ] && exit 0

if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fetch-civetweb: no deb-src entry and not root; run packaging/install-build-deps.sh as root" >&2
    exit 1
  fi
  cat > /etc/apt/sources.list.d/saraban-debian-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -qq
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get source -qq civetweb=1.15+dfsg-4 >/dev/null 2>&1 || apt-get source -qq civetweb >/dev/null )
src=$(find "$work" -maxdepth 1 -type d -name 'civetweb-1.15*' | head -n 1)
[ -f "$src/src/civetweb.c" ] || { echo "fetch-civetweb: source package has no src/civetweb.c" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
rm -rf "$dest"
mv "$src" "$dest"
echo "fetch-civetweb: CivetWeb source in $dest"
