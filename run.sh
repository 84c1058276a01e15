#!/usr/bin/env bash
# Builds Saraban, creates a demo office if there is none, and serves it.
#   SARABAN_DATA    data directory          (default: ./demo-data)
#   SARABAN_LISTEN  address to listen on    (default: 127.0.0.1:8080)
#   SARABAN_INSECURE_HTTP=1  plain HTTP instead of HTTPS with the office CA
# Flags after "--" go to `saraban serve`, e.g. ./run.sh -- --threads 16
set -euo pipefail
cd "$(dirname "$0")"
packaging/install-build-deps.sh
data=${SARABAN_DATA:-$PWD/demo-data}
listen=${SARABAN_LISTEN:-127.0.0.1:8080}
[ "${1:-}" = "--" ] && shift
tls_flags=()
if [ -n "${SARABAN_INSECURE_HTTP:-}" ]; then
  tls_flags=(--insecure-http)
else
  echo "serving HTTPS: trust $data/tls/ca.pem (e.g. curl --cacert $data/tls/ca.pem; docs/https.md)"
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target saraban webui
if [ ! -d "$data/store" ]; then
  echo "creating a demo office in $data"
  build/daemon/saraban init --data "$data" --org "Demo Provincial Office" --admin admin --demo
fi
exec build/daemon/saraban serve --data "$data" --listen "$listen" --webui-dir build/webui/dist "${tls_flags[@]}" "$@"
