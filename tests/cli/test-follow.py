#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`trawl-cli -q -z follow,tcp,MODE,N` against tshark 4.0, byte for byte.

usage: test-follow.py TRAWL_CLI CAPTURE...

For every TCP stream of every capture (and one stream index past the
last), in the four modes ascii, hex, raw and yaml, and once by addresses
(ADDR:PORT,ADDR:PORT of the first stream) and once without -q (frames
first, then the follow block, which alone is compared): the outputs must
be equal.  Exit 77
without tshark.
"""
import os
import shutil
import subprocess
import sys

ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")


def run(cmd):
    return subprocess.run(cmd, capture_output=True, env=ENV).stdout


def streams(capture):
    out = run(["tshark", "-n", "-r", capture, "-T", "fields", "-e", "tcp.stream"]).decode()
    return sorted({int(v) for v in out.split() if v.isdigit()})


def endpoints(capture, stream):
    out = run(["tshark", "-n", "-r", capture, "-Y", f"tcp.stream == {stream}", "-c", "1",
               "-T", "fields", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport",
               "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport"]).decode().strip("\n").split("\t")
    if len(out) < 6:
        return None

    def ep(a4, a6, port):
        return f"{a4}:{port}" if a4 else f"[{a6}]:{port}"
    return ep(out[0], out[1], out[2]), ep(out[3], out[4], out[5])


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    trawl, captures = sys.argv[1], sys.argv[2:]
    if shutil.which("tshark") is None:
        print("tshark not found: skipping")
        return 77
    failed = 0
    checked = 0
    for cap in captures:
        ids = streams(cap)
        specs = []
        for s in ids + [max(ids, default=-1) + 1]:
            for mode in ("ascii", "hex", "raw", "yaml"):
                specs.append((["-q"], f"follow,tcp,{mode},{s}"))
        if ids:
            eps = endpoints(cap, ids[0])
            if eps:
                specs.append((["-q"], f"follow,tcp,ascii,{eps[1]},{eps[0]}"))
            specs.append(([], f"follow,tcp,raw,{ids[-1]}"))
        for extra, spec in specs:
            want = run(["tshark", "-n", "-r", cap] + extra + ["-z", spec])
            got = run([trawl, "-n", "-r", cap] + extra + ["-z", spec])
            if not extra:
                # Without -q the frames come first: their lines are the
                # summary test's business; the follow block must follow.
                got, want = got[got.find(b"\n====="):], want[want.find(b"\n====="):]
            checked += 1
            if got != want:
                failed += 1
                print(f"FAIL {os.path.basename(cap)} {' '.join(extra)} -z {spec}")
                gl, wl = got.split(b"\n"), want.split(b"\n")
                for i, (g, w) in enumerate(zip(gl, wl)):
                    if g != w:
                        print(f"     line {i + 1}:\n       trawl:  {g[:160]!r}\n       tshark: {w[:160]!r}")
                        break
                else:
                    print(f"     lengths differ: {len(gl)} / {len(wl)} lines")
    print(f"{checked} follows compared, {failed} differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
