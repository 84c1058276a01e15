#!/usr/bin/env bash
# Boots the appliance image under qemu with software emulation (TCG, no KVM),
# forwards a local port to the box's 443, and waits until the web UI answers
# over HTTPS. Prints the boot-to-ready time. Opt-in: not part of ./test.sh
# (minutes of emulation); see docs/operations.md, "Testing the image".
#
#   packaging/image/boot-test.sh [--usb] OUT_DIR/saraban-appliance.qcow2 [TIMEOUT_SECONDS]
#
# With --usb it then goes through the first-boot wizard and plugs a FAT USB
# stick into the running box (usb_check.py): listed, backed up onto, ejected,
# unplugged and plugged in again, through the real udev rule and units.
#
# The image is not changed (qemu snapshot mode). Needs qemu-system-x86_64
# (and mkfs.vfat for --usb).
set -euo pipefail
usb=0
[ "${1:-}" = --usb ] && { usb=1; shift; }
image=$(realpath "$1")
timeout=${2:-900}
here=$(cd "$(dirname "$0")" && pwd)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp /tmp/saraban-boot.XXXXXX.log)
work=$(mktemp -d /tmp/saraban-boot.XXXXXX)
format=qcow2
case "$image" in *.img | *.raw) format=raw ;; esac
start=$(date +%s.%N)
qemu-system-x86_64 -machine pc,accel=tcg -cpu max -smp 2 -m 2048 \
  -drive "file=$image,format=$format,if=virtio,snapshot=on" \
  -nic "user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:$port-:443" \
  -device qemu-xhci,id=xhci \
  -display none -serial "file:$log" -monitor "unix:$work/monitor,server,nowait" &
qemu=$!
trap 'kill $qemu 2>/dev/null; wait $qemu 2>/dev/null; rm -rf "$work"' EXIT
echo "booting (serial console: $log), https://127.0.0.1:$port/"
while :; do
  # /api/v1/setup answers in the first-boot wizard and afterwards alike.
  # qemu accepts the forwarded connection before the guest is up, so a curl
  # can wait there: the time is taken when the answer came, not before asking.
  if curl -skf --max-time 10 -o /dev/null "https://127.0.0.1:$port/api/v1/setup" &&
     curl -skf --max-time 10 "https://127.0.0.1:$port/" | grep -qi '<html'; then
    now=$(date +%s.%N)
    awk -v a="$start" -v b="$now" 'BEGIN { printf "READY: the web UI answers after %.0f s\n", b - a }'
    curl -sk "https://127.0.0.1:$port/api/v1/setup" | head -c 300; echo
    grep -a 'SETUP CODE' "$log" | tail -1 || true
    [ $usb = 1 ] && { python3 "$here/usb_check.py" "$port" "$work/monitor" "$log" "$work"; exit $?; }
    exit 0
  fi
  kill -0 $qemu 2>/dev/null || { echo "qemu exited"; tail -30 "$log"; exit 1; }
  if awk -v a="$start" -v b="$(date +%s.%N)" -v t="$timeout" 'BEGIN { exit !(b - a > t) }'; then
    echo "FAIL: no answer within $timeout s"; tail -40 "$log"; exit 1
  fi
  sleep 5
done
