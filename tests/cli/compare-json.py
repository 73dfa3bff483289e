#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compare `trawl-cli -T json` with tshark's, frame by frame.

usage: compare-json.py TRAWL_CLI CAPTURE...  [--known FILE]

Both outputs are loaded with json and walked together.  Each differing
path is reported as "missing PATH" (only tshark has it), "extra PATH" (only
Trawl), "PATH type"/"PATH list" (shapes differ) or "PATH" (values differ),
with how many frames and a first example (trawl, tshark).

With --known (tests/cli/json-known.txt: lines "GLOB  reason", the glob
matched against those report lines, or against "CAPTURE|LINE" for a
difference known in one capture only), a difference not listed fails: exit 1
(77 without tshark).  Without it, a review tool that lists everything.
"""
import collections
import fnmatch
import json
import os
import shutil
import subprocess
import sys

P = []  # tshark's defaults: TCP reassembly and IP defragmentation on, as Trawl
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")


def load(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, env=ENV).stdout
    return json.loads(out) if out.strip() else []


def walk(x, y, path, diffs, ex):
    def note(key, a, b):
        diffs[key] += 1
        ex.setdefault(key, (str(a)[:60], str(b)[:60]))

    if isinstance(y, dict):
        if not isinstance(x, dict):
            note(path + " type", x, y)
            return
        for k in set(x) | set(y):
            if k not in x:
                note("missing " + path + "/" + k, "", y[k])
            elif k not in y:
                note("extra " + path + "/" + k, x[k], "")
            else:
                walk(x[k], y[k], path + "/" + k, diffs, ex)
    elif isinstance(y, list):
        if not isinstance(x, list) or len(x) != len(y):
            note(path + " list", x, y)
            return
        for p, q in zip(x, y):
            walk(p, q, path, diffs, ex)
    elif x != y:
        note(path, x, y)


def load_known(path):
    known = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        pat, _, reason = line.partition("  ")
        known.append((pat.strip(), reason.strip()))
    return known


def main():
    argv = sys.argv[1:]
    known_path = None
    if "--known" in argv:
        i = argv.index("--known")
        known_path = argv[i + 1]
        del argv[i:i + 2]
    if len(argv) < 2:
        print(__doc__)
        return 2
    if shutil.which("tshark") is None:
        print("tshark not found: skipping")
        return 77
    trawl, captures = argv[0], argv[1:]
    known = load_known(known_path) if known_path else None
    failed = False
    for cap in captures:
        if not os.path.exists(cap):
            continue
        a = load([trawl, "-n", "-r", cap, "-T", "json"])
        b = load(["tshark", "-n", "-r", cap, "-T", "json"] + P)
        diffs, ex = collections.Counter(), {}
        if len(a) != len(b):
            diffs["frame count"] += 1
            ex["frame count"] = (len(a), len(b))
        for fa, fb in zip(a, b):
            walk(fa, fb, "", diffs, ex)
        name = os.path.basename(cap)
        bad = [k for k in diffs if known is None or
               not any(fnmatch.fnmatchcase(k, pat) or
                       fnmatch.fnmatchcase(name + "|" + k, pat) for pat, _ in known)]
        if known is None:
            print(f"== {name}: {len(a)} frames, tshark {len(b)}")
            for k, n in diffs.most_common():
                print(n, k, ex.get(k, ""))
            continue
        status = "ok  " if not bad else "FAIL"
        print(f"{status} {name}: {len(a)} frames, {len(diffs)} differing paths, "
              f"{len(diffs) - len(bad)} known")
        for k in bad:
            failed = True
            print(f"     {diffs[k]} {k} {ex.get(k, '')}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
