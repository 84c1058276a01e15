#!/usr/bin/env bash
# Installs every Debian 12 package Saraban needs to build and test.
# Idempotent: does nothing when everything is already there. Needs root.
set -euo pipefail
packages=(
  build-essential cmake pkg-config dpkg-dev ca-certificates
  liblmdb-dev lmdb-utils libargon2-dev nlohmann-json3-dev libssl-dev libcli11-dev
  libxapian-dev libicu-dev libmagic-dev
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-lao tesseract-ocr-tha tesseract-ocr-eng
  libpoppler-cpp-dev poppler-utils libarchive-dev libpugixml-dev
  libgtest-dev libgmock-dev libcurl4-openssl-dev curl openssl
  clang-14 libclang-rt-14-dev  # fuzz/run.sh: libFuzzer, ASan and UBSan
  chromium  # the web UI's end-to-end tests (playwright-core drives /usr/bin/chromium)
  python3-aiosmtpd
  e2fsprogs  # mkfs.ext4: tests/drives_test and usb_restore_test loop-mount drive images
)
# The web UI builds with node and npm (webui/package-lock.json); Debian's own
# when the machine has none.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-build-deps: missing packages (${missing[*]}); run as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
