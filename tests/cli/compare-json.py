#!/usr/bin/python3
"""Compare `trawl-cli -T json` with tshark's, frame by frame.

usage: compare-json.py TRAWL_CLI CAPTURE

Both outputs are loaded with json and walked together; prints the frame
counts, then each differing path (missing = only tshark has it, extra =
only Trawl) with how many frames and a first example (trawl, tshark).
A review tool, not a test: the known differences are in golden/NOTES.txt.
"""
import collections
import json
import os
import subprocess
import sys

T, cap = sys.argv[1], sys.argv[2]
P = ["-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE"]
a = json.loads(subprocess.run([T, "-n", "-r", cap, "-T", "json"], capture_output=True, text=True, env=dict(os.environ, TZ="UTC")).stdout)
b = json.loads(subprocess.run(["tshark", "-n", "-r", cap, "-T", "json"] + P, capture_output=True, text=True, env=dict(os.environ, TZ="UTC")).stdout)
diffs = collections.Counter()
ex = {}
def walk(x, y, path):
    if isinstance(y, dict):
        if not isinstance(x, dict):
            diffs[path + " type"] += 1; ex.setdefault(path + " type", (str(x)[:60], str(y)[:60])); return
        for k in set(x) | set(y):
            if k not in x: diffs["missing " + path + "/" + k] += 1
            elif k not in y: diffs["extra " + path + "/" + k] += 1
            else: walk(x[k], y[k], path + "/" + k)
    elif isinstance(y, list):
        if not isinstance(x, list) or len(x) != len(y):
            diffs[path + " list"] += 1; ex.setdefault(path + " list", (str(x)[:60], str(y)[:60])); return
        for i, (p, q) in enumerate(zip(x, y)): walk(p, q, path)
    elif x != y:
        diffs[path] += 1; ex.setdefault(path, (str(x)[:60], str(y)[:60]))
print(len(a), len(b))
for fa, fb in zip(a, b):
    walk(fa, fb, "")
for k, n in diffs.most_common(25):
    print(n, k, ex.get(k, ""))
