#!/usr/bin/env bash
# Installs the saraban .deb on this machine and checks it: files, conffile,
# dependencies, the system user, the data folder, the systemd unit
# (systemd-analyze verify), the service answering over HTTPS, an upgrade to a
# higher version (office data kept and served), and removal and purge (data
# kept). See docs/operations.md, "Testing the package".
#
#   tests/package/package_test.sh OLD.deb NEW.deb
#
# Destructive for the machine's own saraban install: it refuses to run when
# saraban is installed already or /var/lib/saraban exists. Needs root. Exit 77
# (ctest: skipped) when it cannot run here.
#
# When systemd is PID 1 the service is started with systemctl. In a container
# without systemd it is started the way the unit would start it: as its User,
# with its Environment, its ExecStart line read from the installed unit file,
# and only CAP_NET_BIND_SERVICE as an ambient capability (setpriv); the
# unit's sandboxing (ProtectSystem, ReadWritePaths, ...) is then only checked
# by systemd-analyze verify, not enforced. The test says which mode ran.
set -euo pipefail
old_deb=$(realpath "$1")
new_deb=$(realpath "$2")
unit=/lib/systemd/system/saraban.service
password='ລະຫັດ ผู้ดูแล 2026'
pid=""

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; [ -f /tmp/saraban-package-test.log ] && tail -20 /tmp/saraban-package-test.log >&2; exit 1; }
step() { echo "== $*"; }

[ "$(id -u)" -eq 0 ] || skip "needs root to install a package"
dpkg-query -W -f='${Status}' saraban 2>/dev/null | grep -q installed &&
  skip "saraban is installed on this machine already; not touching it"
[ -e /var/lib/saraban ] && skip "/var/lib/saraban exists; not touching it"
for port in 443 80; do
  ss -Hltn "sport = :$port" | grep -q . && skip "port $port is in use on this machine"
done
systemd_pid1=no
[ "$(ps -p 1 -o comm=)" = systemd ] && systemd_pid1=yes

cleanup() {
  stop_service || true
  if dpkg-query -W -f='${Status}' saraban 2>/dev/null | grep -q installed; then
    dpkg --purge saraban >/dev/null 2>&1 || true
  fi
  rm -rf /var/lib/saraban /srv/saraban /media/saraban
  getent passwd saraban >/dev/null && deluser --system saraban >/dev/null 2>&1 || true
  getent group saraban >/dev/null && delgroup --system saraban >/dev/null 2>&1 || true
}
trap cleanup EXIT

start_service() {
  if [ $systemd_pid1 = yes ]; then
    systemctl start saraban
    return
  fi
  local exec user envs
  exec=$(sed -n 's/^ExecStart=//p' "$unit")
  user=$(sed -n 's/^User=//p' "$unit")
  envs=$(sed -n 's/^Environment=//p' "$unit")
  [ -n "$exec" ] && [ "$user" = saraban ] || fail "unit has no ExecStart or User=saraban"
  # shellcheck disable=SC2086
  setpriv --reuid="$user" --regid="$user" --init-groups --inh-caps=-all,+net_bind_service \
    --ambient-caps=-all,+net_bind_service --bounding-set=-all,+net_bind_service --no-new-privs \
    env -i PATH=/usr/bin:/bin $envs $exec >/tmp/saraban-package-test.log 2>&1 &
  pid=$!
}
stop_service() {
  if [ $systemd_pid1 = yes ]; then systemctl stop saraban 2>/dev/null; return 0; fi
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=""; fi
}
wait_answers() {
  for _ in $(seq 1 100); do
    curl -skf https://127.0.0.1/api/v1/health >/dev/null 2>&1 && return 0
    [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && fail "the daemon exited"
    sleep 0.2
  done
  fail "the service does not answer on https://127.0.0.1/"
}
api() {  # api METHOD PATH [JSON]
  curl -sk -b /tmp/saraban-package-test.jar -c /tmp/saraban-package-test.jar \
    -H "X-CSRF-Token: ${csrf:-}" -H 'Content-Type: application/json' -X "$1" \
    "https://127.0.0.1$2" ${3:+--data "$3"}
}
login() {
  csrf=$(api POST /api/v1/session "{\"username\":\"admin\",\"password\":\"$password\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])') || fail "cannot log in"
}

step "install $(basename "$old_deb") (systemd is PID 1: $systemd_pid1)"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$old_deb" >/dev/null ||
  fail "apt-get install"
for f in /usr/bin/saraban /usr/share/saraban/webui/index.html /etc/saraban/saraban.conf "$unit" \
  /lib/systemd/system/saraban-eject.path /lib/udev/rules.d/90-saraban-usb.rules \
  /usr/lib/saraban/saraban-usb-mount /usr/lib/saraban/saraban-eject; do
  [ -e "$f" ] || fail "missing $f"
done
dpkg-query -W -f='${Conffiles}' saraban | grep -q /etc/saraban/saraban.conf || fail "saraban.conf is no conffile"
depends=$(dpkg-query -W -f='${Depends}' saraban)
for d in tesseract-ocr-lao tesseract-ocr-tha tesseract-ocr-eng libtesseract5 liblmdb0 libxapian30; do
  grep -q "$d" <<<"$depends" || fail "Depends lacks $d: $depends"
done
getent passwd saraban | grep -q ':/var/lib/saraban:/usr/sbin/nologin$' || fail "user: $(getent passwd saraban)"
[ "$(stat -c '%U %a' /var/lib/saraban)" = "saraban 700" ] || fail "/var/lib/saraban: $(stat -c '%U %a' /var/lib/saraban)"
[ "$(stat -c '%U' /srv/saraban/scans)" = saraban ] || fail "/srv/saraban/scans not the service's"
verify=$(systemd-analyze verify "$unit" /lib/systemd/system/saraban-eject.path \
  /lib/systemd/system/saraban-eject.service 2>&1) || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify says: $verify"
for k in 'User=saraban' 'Environment=OMP_THREAD_LIMIT=1' 'ProtectSystem=strict' 'NoNewPrivileges=yes' \
  'Restart=on-failure' 'CapabilityBoundingSet=CAP_NET_BIND_SERVICE' 'ProtectHome=yes' 'PrivateTmp=yes'; do
  grep -qx "$k" "$unit" || fail "unit lacks $k"
done
grep -q '^ReadWritePaths=/var/lib/saraban .*/media/saraban' "$unit" || fail "unit ReadWritePaths"
echo "   files, conffile, Depends, user, folders and unit OK"

step "make the office and start the service"
printf '%s\n' "$password" >/tmp/saraban-package-test.pass
chmod 644 /tmp/saraban-package-test.pass
runuser -u saraban -- saraban init --data /var/lib/saraban --org 'ຫ້ອງການ ທົດສອບ ແພັກເກດ' \
  --admin admin --password-file /tmp/saraban-package-test.pass >/dev/null || fail "saraban init"
rm -f /tmp/saraban-package-test.pass
start_service
wait_answers
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/)" -ge 300 ] || fail "port 80 does not redirect"
ps -o user=,comm= -p "$(pgrep -n -x saraban)" | grep -q '^saraban ' || fail "daemon not running as saraban"
grep -q '^OMP_THREAD_LIMIT=1$' <(tr '\0' '\n' </proc/"$(pgrep -n -x saraban)"/environ) || fail "no OMP_THREAD_LIMIT"
grep -q '^GLIBC_TUNABLES=glibc.malloc.tcache_count=0$' \
  <(tr '\0' '\n' </proc/"$(pgrep -n -x saraban)"/environ) || fail "no GLIBC_TUNABLES"
login
letter=$(api POST /api/v1/letters '{"unit_id":1,"book":"receive","subject":"ໜັງສືກ່ອນອັບເກຣດ หนังสือ","register":false}')
letter_id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$letter") || fail "letter: $letter"
ls -d /srv/saraban/scans/*/done >/dev/null 2>&1 || fail "the hot folder has no unit folders"
echo "   the service answers over HTTPS as user saraban; letter $letter_id made"

step "upgrade to $(basename "$new_deb")"
echo "# an admin's change" >>/etc/saraban/saraban.conf
[ $systemd_pid1 = no ] && stop_service
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confold "$new_deb" >/dev/null || fail "upgrade"
[ "$(dpkg-query -W -f='${Version}' saraban)" = "$(dpkg-deb -f "$new_deb" Version)" ] || fail "version after upgrade"
grep -q "an admin's change" /etc/saraban/saraban.conf || fail "upgrade replaced the admin's config"
[ $systemd_pid1 = no ] && start_service
wait_answers
login
got=$(api GET "/api/v1/letters/$letter_id")
grep -q 'ໜັງສືກ່ອນອັບເກຣດ' <<<"$got" || fail "the letter is gone after the upgrade: $got"
echo "   upgraded; config kept; office and letter $letter_id served by the new version"

step "remove (data kept), then purge (data still kept)"
stop_service
dpkg -r saraban >/dev/null || fail "dpkg -r"
[ ! -e /usr/bin/saraban ] || fail "/usr/bin/saraban left after remove"
[ -e /var/lib/saraban/store/data.mdb ] || fail "remove deleted the office"
dpkg --purge saraban >/dev/null || fail "dpkg --purge"
[ ! -e /etc/saraban/saraban.conf ] || fail "purge left the conffile"
[ -e /var/lib/saraban/store/data.mdb ] || fail "purge deleted the office"
echo "   removed and purged; /var/lib/saraban kept"
echo "PASS (service started by $([ $systemd_pid1 = yes ] && echo systemctl || echo 'setpriv, as the unit would'))"
