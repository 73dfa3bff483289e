#!/usr/bin/env python3
"""make-seeds.py: seed corpus for fuzz-dissect from the committed captures.

Each seed is one byte naming the link type (its index in fuzz-dissect.c's
table) followed by one real frame.  Takes up to PER_FILE distinct frames of
every classic pcap under tests/captures and data/.
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
    print(f"{n} seeds in {os.path.relpath(OUT, TOP)}", file=sys.stderr)


if __name__ == "__main__":
    main()
