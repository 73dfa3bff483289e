#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The pkexec route for real, without systemd: in a private mount namespace
(unshare -m) a private system bus (dbus-daemon) takes the place of
/run/dbus/system_bus_socket, polkitd runs on it with Trawl's action (its
exec.path pointed at a copy of the helper) and a test rule bind-mounted
over its fixed directories.  TrawlCaptureSession with use-pkexec then runs,
as nobody: with a rule that allows nobody the capture action it captures;
with one that denies it, start fails with NOT_AUTHORIZED.  Without a logind
session subject.active/local are false, so the rules decide on
subject.user.  Needs root, pkexec, polkitd and dbus-daemon (77 otherwise).

usage: test-pkexec.py TEST-CAPTURE-SESSION POLICY"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import capturelib  # noqa: E402

POLKITD = "/usr/lib/polkit-1/polkitd"
BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=/run/dbus/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/> <allow own="*"/>
    <allow send_destination="*"/> <allow receive_sender="*"/>
  </policy>
</busconfig>
"""
RULE = """polkit.addRule(function(action, subject) {
  if (action.id == "io.github.trawl.Trawl.capture" && subject.user == "nobody")
    return polkit.Result.%s;
});
"""


def inner(test, policy, work):
    """Runs inside unshare -m: everything mounted here vanishes with it."""
    copy = os.path.join(work, "bin", "trawl-capture")
    rules = os.path.join(work, "rules")
    actions = os.path.join(work, "actions")
    for d in (rules, actions):
        os.makedirs(d)
    with open(policy) as f:
        text = f.read()
    start = text.index('policykit.exec.path">') + len('policykit.exec.path">')
    end = text.index("</annotate>", start)
    with open(os.path.join(actions, "io.github.trawl.Trawl.policy"), "w") as f:
        f.write(text[:start] + copy + text[end:])
    subprocess.run(["mount", "--make-rprivate", "/"], check=True)
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "/run/dbus"], check=True)
    for target in ("/etc/polkit-1/rules.d", "/usr/share/polkit-1/rules.d"):
        subprocess.run(["mount", "--bind", rules, target], check=True)
    subprocess.run(["mount", "--bind", actions, "/usr/share/polkit-1/actions"], check=True)
    conf = os.path.join(work, "bus.conf")
    with open(conf, "w") as f:
        f.write(BUS_CONF)
    bus = subprocess.Popen(["dbus-daemon", "--config-file=" + conf, "--nofork"])
    rc = 0
    try:
        for _ in range(100):
            if os.path.exists("/run/dbus/system_bus_socket"):
                break
            time.sleep(0.02)
        for mode, result in (("allow", "YES"), ("deny", "NO")):
            with open(os.path.join(rules, "50-trawl-test.rules"), "w") as f:
                f.write(RULE % result)
            polkitd = subprocess.Popen([POLKITD, "--no-debug"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            time.sleep(0.5)
            env = dict(os.environ, TRAWL_TEST_PKEXEC=mode, TRAWL_CAPTURE_HELPER=copy, SHELL="/bin/sh")
            r = subprocess.run([test, "-p", "/capture/session/pkexec"], env=env)
            print(f"pkexec, rule {mode} for nobody: {'ok' if r.returncode == 0 else 'FAIL'}")
            rc |= r.returncode
            polkitd.terminate()
            polkitd.wait()
    finally:
        bus.terminate()
        bus.wait()
    return rc


def main():
    test, policy = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 4 and sys.argv[3] == "--inner":
        sys.exit(inner(test, policy, sys.argv[4]))
    if os.geteuid() != 0:
        print("SKIP: needs root")
        sys.exit(capturelib.SKIP)
    for tool in ("pkexec", "dbus-daemon", "unshare", POLKITD):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} missing")
            sys.exit(capturelib.SKIP)
    work = tempfile.mkdtemp(prefix="trawl-pkexec-")
    try:
        os.chmod(work, 0o755)
        os.makedirs(os.path.join(work, "bin"))
        os.chmod(os.path.join(work, "bin"), 0o755)
        shutil.copy(capturelib.helper_path(), os.path.join(work, "bin", "trawl-capture"))
        os.chmod(os.path.join(work, "bin", "trawl-capture"), 0o755)
        r = subprocess.run(["unshare", "-m", sys.executable, os.path.abspath(__file__),
                            test, policy, "--inner", work])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(r.returncode)


if __name__ == "__main__":
    main()
