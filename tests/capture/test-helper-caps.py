#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The capability route for real: a copy of trawl-capture run as `nobody`.

Without file capabilities it is refused with the permission exit code (7)
and a message saying how to grant capture rights; with
cap_net_raw,cap_net_admin=eip it captures, and once the device is open it
holds no capability at all (/proc/PID/status).  Needs root and setcap."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import capturelib  # noqa: E402

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def find_pid(exe):
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.readlink(f"/proc/{pid}/exe") == exe:
                    return int(pid)
            except OSError:
                pass
    return None


def caps_of(pid):
    caps = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs")):
                k, v = line.split(":")
                caps[k] = v.strip()
    return caps


def main():
    capturelib.need_root()
    if shutil.which("setcap") is None:
        print("SKIP: setcap missing (libcap2-bin)")
        sys.exit(capturelib.SKIP)
    net = capturelib.Netns("capture-t2", 32)
    tmp = tempfile.mkdtemp(prefix="trawl-caps-")
    try:
        os.chmod(tmp, 0o755)
        copy = os.path.join(tmp, "trawl-capture")
        shutil.copy(capturelib.helper_path(), copy)
        os.chmod(copy, 0o755)
        os.chmod(tmp, 0o777)    # nobody may write its output file here
        out = os.path.join(tmp, "nocaps.pcapng")

        proc, ctl = capturelib.start_helper(["-i", net.va], out, helper=copy,
                                            prefix=net.exec_a(), user="nobody")
        err = proc.stderr.read().decode()
        proc.wait(10)
        check(proc.returncode == 7, f"without capabilities: exit {proc.returncode} (7 = permission)")
        check("permission denied" in err and "enable-capture.sh" in err and "pkexec" in err
              and len(err.splitlines()) == 1, f"the message says how: {err.strip()!r}")
        check(ctl.read_until("E", 2) in err, "the same text as an 'E' message")
        check(os.path.getsize(out) == 0, "nothing written")

        subprocess.run(["setcap", "cap_net_raw,cap_net_admin=eip", copy], check=True)
        out = os.path.join(tmp, "caps.pcapng")
        proc, ctl = capturelib.start_helper(["-i", net.va], out, helper=copy,
                                            prefix=net.exec_a(), user="nobody")
        started = ctl.read_until("S", 10)
        check(started.startswith(net.va + "\t"), f"with capabilities: started {started!r}")
        pid = find_pid(copy)
        caps = caps_of(pid) if pid else {}
        check(caps.get("CapEff") == "0" * 16 and caps.get("CapPrm") == "0" * 16
              and caps.get("CapInh") == "0" * 16 and caps.get("NoNewPrivs") == "1",
              f"after opening the device it holds nothing: {caps}")
        with open(f"/proc/{pid}/status") as f:
            uid = [l.split()[1] for l in f if l.startswith("Uid:")][0]
        check(uid == str(int(subprocess.check_output(["id", "-u", "nobody"]))), f"runs as nobody (uid {uid})")
        subprocess.run(net.exec_a() + ["ping", "-n", "-q", "-c", "5", "-i", "0.05", net.ip_b],
                       stdout=subprocess.DEVNULL, check=True)
        time.sleep(0.3)
        ctl.send_quit()
        proc.wait(5)
        _, epbs, isbs = capturelib.read_pcapng(out)
        check(proc.returncode == 0 and len(epbs) >= 10 and isbs and isbs[-1]["usrdeliv"] == len(epbs),
              f"captured {len(epbs)} packets as nobody, exit {proc.returncode}")
        r = subprocess.run(["tshark", "-r", out, "-Y", "icmp"], capture_output=True, text=True)
        check(r.returncode == 0 and len(r.stdout.splitlines()) == 10, "tshark reads 10 ICMP packets")
        check(os.stat(out).st_uid == 0, "the file is the caller's (created by the parent)")
    finally:
        net.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
