#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""trawl-capture --list-interfaces: JSON that parses, with lo (loopback,
up, Ethernet link type, 127.0.0.1) and every interface the kernel has, in
the same order and with the same facts as the --format=keyfile listing the
engine reads.  Runs unprivileged too (link types are then guessed)."""

import configparser
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import capturelib  # noqa: E402

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def main():
    helper = capturelib.helper_path()
    j = subprocess.run([helper, "--list-interfaces"], capture_output=True, text=True)
    k = subprocess.run([helper, "--list-interfaces", "--format=keyfile"], capture_output=True, text=True)
    check(j.returncode == 0 and k.returncode == 0, "both listings exit 0")
    ifaces = json.loads(j.stdout)
    kf = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    kf.optionxform = str
    kf.read_string(k.stdout)
    names = [i["name"] for i in ifaces]
    check(names == kf.sections(), f"same interfaces, same order: {names}")
    kernel = set(os.listdir("/sys/class/net"))
    check(kernel <= set(names) | {"bonding_masters"}, f"every kernel interface listed ({sorted(kernel)})")
    for i in ifaces:
        sec = kf[i["name"]]
        check(sec["linktypes"].rstrip(";").split(";") == [str(l["value"]) for l in i["linktypes"]]
              and sec["up"] == str(i["flags"]["up"]).lower(), f"{i['name']}: keyfile agrees with JSON")
    lo = [i for i in ifaces if i["name"] == "lo"]
    check(len(lo) == 1 and lo[0]["flags"]["loopback"] and lo[0]["flags"]["up"]
          and lo[0]["linktypes"][0] == {"value": 1, "name": "EN10MB", "description": "Ethernet"}
          and "127.0.0.1" in lo[0]["addresses"], f"lo: {lo}")
    print(f"{len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
