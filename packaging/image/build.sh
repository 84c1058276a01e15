#!/usr/bin/env bash
# Builds the Saraban appliance disk image: Debian 12 (bookworm, amd64) made
# with debootstrap, on one bootable MBR partition (ext4, extlinux), with the
# kernel, systemd, DHCP networking (systemd-networkd), time sync
# (systemd-timesyncd), Samba sharing the scanners' hot folder, the saraban
# .deb, and a console that shows the address to open.
#
#   packaging/image/build.sh SARABAN.deb OUT_DIR [SIZE]
#
# Writes OUT_DIR/saraban-appliance.img (raw, SIZE, default 4G, sparse) and
# OUT_DIR/saraban-appliance.qcow2 (compressed). Needs root, loop devices,
# debootstrap, extlinux, qemu-utils and network access to the Debian mirror
# ($SARABAN_MIRROR, default http://deb.debian.org/debian). Takes 10-30 minutes.
# Write the raw image to the box's disk (dd, or any USB imager), or boot the
# qcow2 under qemu (packaging/image/boot-test.sh).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 SARABAN.deb OUT_DIR [SIZE]" >&2; exit 2; }
deb=$(realpath "$1")
out=$(mkdir -p "$2" && realpath "$2")
size=${3:-4G}
mirror=${SARABAN_MIRROR:-http://deb.debian.org/debian}
here=$(cd "$(dirname "$0")" && pwd)
raw=$out/saraban-appliance.img
mnt=$(mktemp -d /tmp/saraban-image.XXXXXX)
loop=""

cleanup() {
  set +e
  for m in dev/pts dev proc sys run; do umount "$mnt/$m" 2>/dev/null; done
  umount "$mnt" 2>/dev/null
  [ -n "$loop" ] && losetup -d "$loop"
  rmdir "$mnt" 2>/dev/null
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*"; }

log "disk: $raw ($size), one bootable partition from 1 MiB"
rm -f "$raw"
truncate -s "$size" "$raw"
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$raw"
# A loop device on the partition alone: containers often have no partition
# device nodes (/dev/loopXp1), an offset works everywhere.
loop=$(losetup --show -f -o $((2048 * 512)) "$raw")
# extlinux reads ext4 without the 64bit and metadata_csum features.
mkfs.ext4 -q -F -L saraban-root -O ^64bit,^metadata_csum "$loop"
uuid=$(blkid -o value -s UUID "$loop")
mount "$loop" "$mnt"

log "debootstrap bookworm from $mirror"
debootstrap --variant=minbase --include=systemd,systemd-sysv,udev,dbus,kmod,iproute2,\
systemd-resolved,systemd-timesyncd,linux-image-amd64,initramfs-tools,extlinux,samba,locales,\
ca-certificates,curl,less,nano,util-linux,e2fsprogs,dosfstools,exfatprogs,ntfs-3g \
  bookworm "$mnt" "$mirror" >"$out/debootstrap.log" 2>&1 ||
  { tail -20 "$out/debootstrap.log"; exit 1; }

for m in proc sys dev dev/pts run; do mkdir -p "$mnt/$m"; done
mount -t proc proc "$mnt/proc"
mount -t sysfs sys "$mnt/sys"
mount --bind /dev "$mnt/dev"
mount --bind /dev/pts "$mnt/dev/pts"
mount -t tmpfs tmpfs "$mnt/run"
in_root() { chroot "$mnt" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }

log "system configuration"
cat >"$mnt/etc/apt/sources.list" <<SRC
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://security.debian.org/debian-security bookworm-security main
SRC
echo saraban >"$mnt/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tsaraban\n' >"$mnt/etc/hosts"
printf 'UUID=%s / ext4 errors=remount-ro 0 1\n' "$uuid" >"$mnt/etc/fstab"
cp "$here/files/20-wired.network" "$mnt/etc/systemd/network/"
cp "$here/files/smb.conf" "$mnt/etc/samba/smb.conf"
cp "$here/files/issue" "$mnt/etc/issue"
install -m 755 "$here/files/saraban-firstboot" "$mnt/usr/lib/saraban-firstboot"
cp "$here/files/saraban-firstboot.service" "$mnt/etc/systemd/system/"
mkdir -p "$mnt/etc/systemd/system/saraban.service.d"
cp "$here/files/console.conf" "$mnt/etc/systemd/system/saraban.service.d/"
in_root systemctl enable systemd-networkd.service systemd-resolved.service \
  systemd-timesyncd.service smbd.service saraban-firstboot.service
# Name resolution for apt in the chroot; the box itself uses resolved's stub.
rm -f "$mnt/etc/resolv.conf"
cp /etc/resolv.conf "$mnt/etc/resolv.conf"
echo 'en_US.UTF-8 UTF-8' >"$mnt/etc/locale.gen"
in_root locale-gen >/dev/null

log "install $(basename "$deb")"
cp "$deb" "$mnt/tmp/saraban.deb"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends /tmp/saraban.deb >"$out/apt.log" 2>&1 ||
  { tail -20 "$out/apt.log"; exit 1; }
rm -f "$mnt/tmp/saraban.deb"
in_root apt-get clean
# The scanners' Samba account (password set at first boot).
in_root adduser --system --no-create-home --ingroup saraban --shell /usr/sbin/nologin scanner >/dev/null

log "boot loader (extlinux)"
kernel=$(cd "$mnt/boot" && ls vmlinuz-* | sort -V | tail -1)
initrd=$(cd "$mnt/boot" && ls initrd.img-* | sort -V | tail -1)
mkdir -p "$mnt/boot/extlinux"
cat >"$mnt/boot/extlinux/extlinux.conf" <<CFG
DEFAULT saraban
TIMEOUT 10
PROMPT 0
LABEL saraban
  LINUX /boot/$kernel
  INITRD /boot/$initrd
  APPEND root=UUID=$uuid ro quiet console=tty0 console=ttyS0,115200n8
CFG
in_root extlinux --install /boot/extlinux >/dev/null
dd if="$mnt/usr/lib/EXTLINUX/mbr.bin" of="$raw" bs=440 count=1 conv=notrunc status=none
ln -sf /run/systemd/resolve/stub-resolv.conf "$mnt/etc/resolv.conf"

log "used: $(df -h --output=used "$mnt" | tail -1 | tr -d ' ')"
cleanup
trap - EXIT
log "qcow2"
qemu-img convert -c -O qcow2 "$raw" "$out/saraban-appliance.qcow2"
ls -l "$raw" "$out/saraban-appliance.qcow2"
du -h --apparent-size "$raw"
du -h "$raw" "$out/saraban-appliance.qcow2"
