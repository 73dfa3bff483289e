#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make-seeds.py: seed corpus for fuzz-dissect from the committed captures.

Each seed is one byte naming the link type (its index in fuzz-dissect.c's
table) followed by one real frame.  Takes up to PER_FILE distinct frames of
every classic pcap under tests/captures and data/, plus one hostile DNS
frame made here (dns_pointer_cycle).
"""
import hashlib
import os
import struct
import sys

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "frames")
# Must match the order of linktypes[] in fuzz-dissect.c.
LINKTYPES = [1, 113, 276, 0, 108, 101, 228, 229]
PER_FILE = 12


def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return
    linktype = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
    if linktype not in LINKTYPES:
        return
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        if off + 16 + caplen > len(data):
            return
        yield LINKTYPES.index(linktype), data[off + 16:off + 16 + caplen]
        off += 16 + caplen


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.unlink(os.path.join(OUT, old))
    paths = []
    for d in ("tests/captures", "data"):
        for name in sorted(os.listdir(os.path.join(TOP, d))):
            if name.endswith(".pcap"):
                paths.append(os.path.join(TOP, d, name))
    n = 0
    for path in paths:
        seen = set()
        # Frames of distinct lengths are likely distinct protocols/messages.
        for index, frame in frames(path):
            key = len(frame)
            if key in seen or len(seen) >= PER_FILE:
                continue
            seen.add(key)
            blob = bytes([index]) + frame
            name = hashlib.sha1(blob).hexdigest()[:16]
            with open(os.path.join(OUT, name), "wb") as f:
                f.write(blob)
            n += 1
    with open(os.path.join(OUT, "dns-pointer-cycle"), "wb") as f:
        f.write(bytes([LINKTYPES.index(228)]) + dns_pointer_cycle())
    n += 1
    print(f"{n} seeds in {os.path.relpath(OUT, TOP)}", file=sys.stderr)


def dns_pointer_cycle(hops=2000, size=63000):
    """A raw IPv4/UDP/DNS frame in the spirit of tcpdump's dns_fwdptr.pcap:
    the first answer's data is a cycle of compression pointers, and every
    other answer is named by a pointer into it, so that each name walks the
    cycle until it has seen as many bytes as the message has.  fuzz-replay
    fails when a frame takes longer than its time budget."""
    start = 12 + 11
    chain = b"".join(struct.pack(">H", 0xC000 | (start + 2 * ((i + 1) % hops)))
                     for i in range(hops))
    n = (size - start - len(chain)) // 12
    msg = struct.pack(">HHHHHH", 0x1234, 0x8180, 0, n + 1, 0, 0)
    msg += b"\x00" + struct.pack(">HHIH", 10, 1, 0, len(chain)) + chain
    msg += (struct.pack(">H", 0xC000 | start) + struct.pack(">HHIH", 10, 1, 0, 0)) * n
    udp = struct.pack(">HHHH", 53, 53000, 8 + len(msg), 0) + msg
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    total = sum(struct.unpack(">10H", ip))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    ip = ip[:10] + struct.pack(">H", ~total & 0xFFFF) + ip[12:]
    return ip + udp


if __name__ == "__main__":
    main()
