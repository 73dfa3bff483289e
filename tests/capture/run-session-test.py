#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs test-capture-session inside a network namespace whose veth carries
pings all the time (as root), with an unprivileged copy of the helper for
the permission case; without root it runs the binary as is (the capture
cases skip)."""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import capturelib  # noqa: E402


def main():
    test = sys.argv[1]
    if os.geteuid() != 0 or shutil.which("ip") is None:
        sys.exit(subprocess.run([test]).returncode)
    net = capturelib.Netns("capture-t3", 33)
    tmp = tempfile.mkdtemp(prefix="trawl-session-helper-")
    try:
        os.chmod(tmp, 0o755)
        copy = os.path.join(tmp, "trawl-capture")
        shutil.copy(capturelib.helper_path(), copy)
        os.chmod(copy, 0o755)
        net.spawn(net.exec_a() + ["ping", "-n", "-q", "-i", "0.02", net.ip_b],
                  stdout=subprocess.DEVNULL)
        env = dict(os.environ, TRAWL_TEST_IFACE=net.va, TRAWL_TEST_UNPRIV_HELPER=copy)
        rc = subprocess.run(net.exec_a() + [test], env=env).returncode
    finally:
        net.close()
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(rc)


if __name__ == "__main__":
    main()
