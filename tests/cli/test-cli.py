#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""trawl-cli: options, errors and exit statuses, -x, -E, -c, golden -V trees.

usage: test-cli.py TRAWL_CLI SOURCE_ROOT

Expected values come from tshark 4.0.17 (live when tshark is installed:
the hex dump and the -E layouts of frame fields are compared byte for
byte), from tests/captures/damaged/EXPECTED.txt, and from the golden
trees in tests/cli/golden (regenerate with make-golden.sh, review against
tshark -V -n).
"""
import os
import shutil
import subprocess
import sys

TRAWL, ROOT = sys.argv[1], sys.argv[2]
CAPS = os.path.join(ROOT, "tests", "captures")
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
TSHARK = shutil.which("tshark")
failures = []


def run(args, cmd=None):
    p = subprocess.run((cmd or [TRAWL]) + args, capture_output=True, env=ENV)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name)
    if not cond:
        failures.append(name)
        if detail:
            print("     " + detail.replace("\n", "\n     ")[:2000])


def cap(name):
    return os.path.join(CAPS, name)


HTTP = cap("http-curl.pcap")

# ---- options and exit statuses ----
rc, out, _ = run(["-h"])
check("-h exits 0 and prints usage", rc == 0 and "Usage:" in out)
rc, out, _ = run(["--version"])
check("--version exits 0", rc == 0 and out.startswith("trawl-cli"))
rc, out, err = run(["-r", cap("does-not-exist.pcap")])
check("missing file: exit 2, message", rc == 2 and err.startswith("trawl-cli: ") and out == "", err)
rc, out, err = run(["-r", cap("damaged/random-4k.bin")])
check("not a capture: exit 2", rc == 2 and err.startswith("trawl-cli: "), err)
rc, out, err = run(["-r", HTTP, "-T", "fields", "-e", "no.such.field"])
check("unknown field: exit 1, tshark-like message",
      rc == 1 and "Some fields aren't valid:" in err and "\tno.such.field" in err, err)
rc, out, err = run(["-r", HTTP, "-T", "fields"])
check("-T fields without -e: exit 1", rc == 1 and "-e" in err, err)
# (-Y and -f themselves are tested by the filter suites; here only the exits.)
rc, out, err = run(["-r", HTTP, "-Y", "tcp =="])
check("-Y with a bad filter: exit 2, message", rc == 2 and out == "" and err.startswith("trawl-cli: "), err)
rc, out, err = run(["-r", HTTP, "-f", "tcp port"])
check("-f with a bad filter: exit 2, message", rc == 2 and out == "" and err.startswith("trawl-cli: "), err)
rc, out, err = run(["-r", HTTP, "-T", "pdml"])
check("-T pdml: exit 1", rc == 1, err)
rc, out, err = run(["-r", HTTP, "-E", "bogus=1", "-T", "fields", "-e", "frame.number"])
check("-E bogus: exit 1", rc == 1, err)
rc, out, err = run(["-r", HTTP, "-c", "3", "-n"])
check("-c 3 prints 3 lines", rc == 0 and len(out.splitlines()) == 3, out)
rc, out, err = run(["-r", HTTP, "-c", "0"])
check("-c 0 is refused", rc == 1, err)

# ---- damaged files: intact frames, then the warning, exit 2 ----
for line in open(cap("damaged/EXPECTED.txt"), encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    parts = line.split()
    name, intact, result = parts[0], int(parts[3]), parts[4]
    if result != "error:" or intact == 0:
        continue
    rc, out, err = run(["-r", cap("damaged/" + name), "-T", "fields", "-e", "frame.number"])
    check(f"damaged {name}: {intact} frames, exit 2, warning with offset",
          rc == 2 and len(out.splitlines()) == intact and err.startswith("trawl-cli: ")
          and any(ch.isdigit() for ch in err), f"rc={rc} frames={len(out.splitlines())} {err}")

# ---- -G fields ----
rc, out, _ = run(["-G", "fields"])
lines = out.splitlines()
check("-G fields lists protocols and fields",
      rc == 0 and "P\tFrame\tframe" in lines and any(l.startswith("F\tSource\teth.src\tFT_ETHER\teth\t\t0x0") for l in lines))
check("-G fields: boolean width and bitmask as tshark",
      "F\tLG bit\teth.dst.lg\tFT_BOOLEAN\teth\t24\t0x20000\tSpecifies if this is a locally administered or globally unique (IEEE assigned) address" in lines)

# ---- against tshark: hex dump, -E layouts ----
if TSHARK:
    ts = [TSHARK, "-n"]
    for f in [HTTP, cap("ws-chat-eth.pcapng"), cap("vlan-qinq.pcap")]:
        if not os.path.exists(f):
            continue
        a = run(["-r", f, "-x"])[1]
        b = run(["-r", f, "-x"], ts)[1]
        # Extra data sources (unmasked websocket, de-chunked bodies) depend on
        # the dissectors: here compare the frames tshark shows alone.
        ab, bb = a.split("\n\n"), b.split("\n\n")
        same = len(ab) == len(bb) and all(x == y for x, y in zip(ab, bb) if "bytes):" not in y)
        check(f"-x {os.path.basename(f)} byte for byte (single-source frames)", same,
              "trawl:\n" + a[:400] + "\ntshark:\n" + b[:400])
    fields = ["-e", "frame.number", "-e", "frame.len", "-e", "frame.time_epoch",
              "-e", "frame.time_delta", "-e", "eth.src", "-e", "eth.type", "-e", "frame.time"]
    for opts in (["-E", "header=y"], ["-E", "separator=,", "-E", "quote=d"],
                 ["-E", "separator=/s", "-E", "quote=s", "-E", "header=y"],
                 ["-E", "occurrence=f"], ["-E", "occurrence=l"],
                 ["-E", "aggregator=/s"], ["-c", "5"]):
        args = ["-r", HTTP, "-T", "fields"] + opts + fields + ["-e", "eth.addr"]
        a, b = run(args)[1], run(args, ts)[1]
        check("-T fields " + " ".join(opts) + " as tshark", a == b,
              "trawl:\n" + a[:300] + "\ntshark:\n" + b[:300])
    # occurrence=N is ours (tshark 4.0 has only f, l, a): the N-th of "a".
    a = run(["-r", HTTP, "-T", "fields", "-E", "occurrence=2", "-e", "eth.addr", "-e", "frame.number"])[1]
    # (frame.number occurs once: its second occurrence is empty)
    b = run(["-r", HTTP, "-T", "fields", "-e", "eth.addr", "-e", "frame.number"], ts)[1]
    want = "".join((cols[0].split(",")[1] if "," in cols[0] else "") + "\t\n"
                   for cols in (l.split("\t") for l in b.splitlines()))
    check("-E occurrence=2 picks the second of tshark's values", a == want, a[:200] + "\n" + want[:200])
    for tz in ("America/New_York", "Asia/Kolkata"):
        env = dict(ENV, TZ=tz)
        a = subprocess.run([TRAWL, "-r", HTTP, "-T", "fields", "-e", "frame.time", "-c", "2"],
                           capture_output=True, text=True, env=env).stdout
        b = subprocess.run([TSHARK, "-r", HTTP, "-T", "fields", "-e", "frame.time", "-c", "2"],
                           capture_output=True, text=True, env=env).stdout
        check(f"frame.time in TZ={tz} as tshark", a == b, a + b)
else:
    print("skip tshark comparisons: tshark not installed")

# ---- DHCP Info: the transaction ID unpadded, as tshark ("0x3d1d") ----
# dhcp-netns.pcap's xids are 8 hex digits; its first frame with the xid
# rewritten to 0x00003d1d (pcap header + first record, xid at frame
# offset 46: Ethernet 14 + IPv4 20 + UDP 8 + op/htype/hlen/hops 4).
if TSHARK:
    import tempfile
    raw = open(cap("dhcp-netns.pcap"), "rb").read()
    incl = int.from_bytes(raw[24 + 8:24 + 12], "little")
    first = bytearray(raw[:24 + 16 + incl])
    first[24 + 16 + 46:24 + 16 + 50] = bytes([0, 0, 0x3d, 0x1d])
    with tempfile.TemporaryDirectory() as tmp:
        small = os.path.join(tmp, "dhcp-small-xid.pcap")
        open(small, "wb").write(bytes(first))
        a = run(["-n", "-r", small])[1]
        b = run(["-n", "-r", small], [TSHARK])[1]
        check("DHCP Info with a small transaction ID as tshark", a == b and "0x3d1d" in a, a + b)

# ---- summary lines against tshark, byte for byte ----
# Every committed capture: `trawl-cli -n -r F` against tshark with its
# default preferences (TCP reassembly and IP defragmentation on, as Trawl),
# and `trawl-cli -n -2` against
# `tshark -2`: without -2 a line shows only what earlier frames taught
# (no "(reply in 4)" on a request), with -2 what the whole capture does.
# A frame whose line differs fails unless summary-known.txt lists
# "CAPTURE#FRAME reason" (globs).
SUMMARY_TSHARK_PREFS = []


def summary_known():
    known = []
    path = os.path.join(ROOT, "tests", "cli", "summary-known.txt")
    for line in open(path, encoding="utf-8") if os.path.exists(path) else []:
        line = line.strip()
        if line and not line.startswith("#"):
            pat, _, reason = line.partition(" ")
            known.append((pat, reason.strip()))
    return known


def committed_captures():
    caps = sorted(os.path.join(CAPS, f) for f in os.listdir(CAPS)
                  if f.endswith((".pcap", ".pcapng")))
    chat = os.path.join(ROOT, "data", "chat.pcap")
    return caps + ([chat] if os.path.exists(chat) else [])


if TSHARK:
    import fnmatch
    known = summary_known()
    for f in committed_captures():
        base = os.path.basename(f)
        for two in ([], ["-2"]):
            a = run(["-n"] + two + ["-r", f])[1].split("\n")
            b = run(["-n"] + two + SUMMARY_TSHARK_PREFS + ["-r", f], [TSHARK])[1].split("\n")
            bad = []
            for i in range(max(len(a), len(b))):
                x = a[i] if i < len(a) else "<EOF>"
                y = b[i] if i < len(b) else "<EOF>"
                where = f"{base}#{i + 1}"
                if x == y or any(fnmatch.fnmatchcase(where, pat) for pat, _ in known):
                    continue
                bad.append(f"line {i + 1}:\n  trawl:  {x}\n  tshark: {y}")
            check(f"summary lines {' '.join(two + [base])} as tshark", not bad, "\n".join(bad[:5]))

# ---- -T fields of the lower layers only ----
# Such a dissection stops at the TCP/UDP payload (TrawlPacket.depth):
# the benchmark's tcp.stream/tcp.seq and other transport fields must still
# be tshark's on every capture (analysis fields, the PDU-less payload).
if TSHARK:
    low = ["-e", "frame.number", "-e", "ip.src", "-e", "ipv6.dst", "-e", "tcp.stream",
           "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.len", "-e", "tcp.flags.str",
           "-e", "tcp.analysis.flags", "-e", "tcp.window_size", "-e", "udp.stream",
           "-e", "udp.length", "-e", "icmp.type"]
    for f in committed_captures():
        a = run(["-n", "-r", f, "-T", "fields"] + low)[1]
        b = run(["-n"] + SUMMARY_TSHARK_PREFS + ["-r", f, "-T", "fields"] + low, [TSHARK])[1]
        check(f"-T fields of lower layers only, {os.path.basename(f)}, as tshark", a == b,
              "\n".join(f"trawl:  {x}\ntshark: {y}" for x, y in zip(a.splitlines(), b.splitlines())
                        if x != y)[:600])

# ---- the analysis pass beside the output ----
# On a capture of 16k frames and more, summary lines, lower-layer fields
# and filters run a block behind an analysis pass on its own thread.  The
# result must not depend on it: compare with the pass run first
# (TRAWL_CLI_PIPELINE_MIN) on replicated real captures of HTTP, DNS and
# ICMP traffic.
REPLICATE = os.path.join(ROOT, "tests", "bench", "replicate.py")
if os.path.exists(REPLICATE):
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        for src, client in (("http-curl.pcap", "127.0.0.1"), ("dns-netns.pcap", "10.99.7.10")):
            big = os.path.join(tmp, "big-" + src)
            subprocess.run([sys.executable, REPLICATE, cap(src), big, "30000", client], check=True,
                           capture_output=True)
            for args in (["-n"], ["-n", "-T", "fields", "-e", "tcp.stream", "-e", "tcp.seq", "-e", "udp.stream"],
                         ["-n", "-Y", "http.request || dns.flags.response == 1 || icmp"],
                         ["-n", "-Y", "tcp.flags.syn == 1", "-T", "fields", "-e", "frame.number"]):
                outs = []
                for pmin in ("0", "4000000000"):
                    env = dict(ENV, TRAWL_CLI_PIPELINE_MIN=pmin)
                    p = subprocess.run([TRAWL, "-r", big] + args, capture_output=True, text=True, env=env)
                    outs.append((p.returncode, p.stdout))
                check(f"{src} x30000 {' '.join(args)}: the same beside the pass as after it",
                      outs[0] == outs[1] and outs[0][0] == 0 and outs[0][1] != "",
                      f"exit {outs[0][0]}/{outs[1][0]}, {len(outs[0][1])}/{len(outs[1][1])} bytes")

# ---- golden -V trees ----
gdir = os.path.join(ROOT, "tests", "cli", "golden")
for g in sorted(os.listdir(gdir)) if os.path.isdir(gdir) else []:
    if not g.endswith(".txt") or g == "NOTES.txt":
        continue
    src = g[:-4]
    path = cap(src) if os.path.exists(cap(src)) else os.path.join(ROOT, "data", src)
    out = run(["-r", path, "-V", "-n"])[1]
    want = open(os.path.join(gdir, g), encoding="utf-8").read()
    diff = ""
    if out != want:
        ol, wl = out.splitlines(), want.splitlines()
        for i in range(max(len(ol), len(wl))):
            x = ol[i] if i < len(ol) else "<EOF>"
            y = wl[i] if i < len(wl) else "<EOF>"
            if x != y:
                diff = f"line {i + 1}:\n  got:  {x}\n  want: {y}"
                break
    check(f"golden -V {src}", out == want, diff)

print(f"\n{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
