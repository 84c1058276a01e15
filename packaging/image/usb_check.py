#!/usr/bin/env python3
"""USB drives on the booted appliance, as the IT person meets them.

Run by boot-test.sh --usb once the box answers. Through qemu's monitor it
plugs a FAT-formatted USB stick into the running box and checks, through the
HTTPS API only, that the real udev rule, saraban-usb-mount, the hardened
saraban.service and saraban-eject.path do their part:

  1. the first-boot wizard makes an office (setup code from the console);
  2. the stick appears in GET /api/v1/drives (mounted at /media/saraban/LABEL);
  3. a "back up now" onto it succeeds (the daemon may write to the FAT mount);
  4. eject answers safe_to_remove and the drive leaves the list;
  5. pulled out and plugged in again, the backup is still on it.

  usb_check.py PORT MONITOR_SOCKET SERIAL_LOG WORK_DIR
"""
import http.cookiejar
import json
import re
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

LABEL = "SARABANUSB"
PASSWORD = "ພາສາລາວ-ภาษาไทย-2569"


class Box:
    """The appliance's HTTPS API, with a session cookie and CSRF token."""

    def __init__(self, port):
        self.base = f"https://127.0.0.1:{port}"
        tls = ssl.create_default_context()
        tls.check_hostname = False
        tls.verify_mode = ssl.CERT_NONE  # the office CA is made on the box
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=tls),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if self.csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")
        except (urllib.error.URLError, ConnectionError) as e:
            return 0, {"connection": str(e)}  # e.g. while the wizard hands over


class Monitor:
    """qemu's human monitor on a unix socket."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.sock.settimeout(10)
        self._read_prompt()

    def _read_prompt(self):
        out = b""
        while not out.endswith(b"(qemu) "):
            out += self.sock.recv(4096)
        return out.decode(errors="replace")

    def run(self, command):
        self.sock.sendall(command.encode() + b"\n")
        return self._read_prompt()


def check(ok, what, detail=""):
    print(("ok   " if ok else "FAIL ") + what + (f": {detail}" if detail and not ok else ""))
    if not ok:
        sys.exit(1)


def wait_for(what, probe, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(2)
    check(False, what, f"not within {seconds} s")


def plug(monitor, image, n):
    monitor.run(f"drive_add 0 if=none,id=stick{n},format=raw,file={image}")
    monitor.run(f"device_add usb-storage,bus=xhci.0,drive=stick{n},id=usbstick{n}")


def main():
    port, monitor_path, serial_log, work = sys.argv[1:5]
    image = f"{work}/usb-stick.img"
    subprocess.run(["truncate", "-s", "64M", image], check=True)
    subprocess.run(["mkfs.vfat", "-n", LABEL, image], check=True, stdout=subprocess.DEVNULL)

    box = Box(port)
    codes = wait_for("the setup code on the console", lambda: re.findall(
        r"SETUP CODE: (\d{4}-\d{4})", open(serial_log, errors="replace").read()))
    status, made = box.call("POST", "/api/v1/setup", {
        "code": codes[-1], "office_name": "ສຳນັກງານ ທົດລອງ สำนักงานทดลอง", "country": "LA",
        "admin_username": "itadmin", "admin_password": PASSWORD,
        "backup_passphrase": PASSWORD + " backup"})
    check(status == 201, "the wizard makes an office", made)
    status, session = wait_for("the admin logs in", lambda: (lambda r: r if r[0] == 200 else None)(
        box.call("POST", "/api/v1/session", {"username": "itadmin", "password": PASSWORD})))
    box.csrf = session["csrf_token"]

    def drives():
        status, body = box.call("GET", "/api/v1/drives")
        if status != 200:
            check(False, "GET /api/v1/drives", body)
        return body["drives"]

    check(drives() == [], "no drive before the stick is plugged in", drives())
    monitor = Monitor(monitor_path)
    plug(monitor, image, 1)
    listed = wait_for("the stick in the drive list", drives)
    drive = listed[0]
    check(drive["name"] == LABEL and drive["file_system"] == "vfat" and
          drive["path"] == f"/media/saraban/{LABEL}",
          f"mounted by udev at {drive['path']} ({drive['file_system']}, "
          f"{drive['free_bytes'] >> 20} MiB free)", drive)

    status, body = box.call("PATCH", "/api/v1/settings", {"backup_target": drive["path"]})
    check(status == 200, "the stick is the backup target", body)
    status, body = box.call("POST", "/api/v1/backups", {})
    check(status == 202, "back up now", body)

    def finished():
        _, s = box.call("GET", "/api/v1/backups")
        return None if s.get("running") or not (s.get("last_success") or s.get("last_failure")) else s
    outcome = wait_for("the backup to finish", finished, 300)
    check("last_success" in outcome, "the backup is written onto the stick", outcome)
    backups = drives()[0]["backups"]
    check(len(backups) == 1 and backups[0]["size"] > 0,
          f"the drive list shows it ({backups[0]['name'] if backups else '-'})", backups)

    status, body = box.call("POST", f"/api/v1/drives/{LABEL}/eject", {})
    check(status == 200 and body.get("safe_to_remove") is True,
          "eject: synced and unmounted by saraban-eject", body)
    check(drives() == [], "the ejected stick leaves the list", drives())
    monitor.run("device_del usbstick1")
    time.sleep(3)

    # Another day: the stick comes back with the backup on it.
    plug(monitor, image, 2)
    again = wait_for("the stick in the list again", drives)
    check([b["name"] for b in again[0]["backups"]] == [b["name"] for b in backups],
          "plugged in again, the backup is still on it", again)
    print("USB: PASS")


if __name__ == "__main__":
    main()
