#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make-defrag-seeds.py: seed corpus for fuzz-defrag.

Runs of real frames (records [0x00][len u16 BE][Ethernet frame]) from the
committed captures with fragments, and a few runs of fragments built by
the target itself (records [0x80 | v6 | more << 1 | udp << 2][len][id,
offset u16 in 8-byte units, payload]): out of order, overlapping,
duplicated, with a gap, with two tails.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CAPS = os.path.join(HERE, "..", "captures")
OUT = os.path.join(HERE, "seeds", "defrag")


def pcap_frames(path):
    data = open(path, "rb").read()
    off = 24
    while off + 16 <= len(data):
        _s, _u, incl, _orig = struct.unpack("<IIII", data[off:off + 16])
        yield data[off + 16:off + 16 + incl]
        off += 16 + incl


def raw(frames):
    return b"".join(b"\x00" + struct.pack(">H", len(f)) + f for f in frames)


def frag(v6, more, ident, off8, payload, udp=False):
    mode = 0x80 | (1 if v6 else 0) | (2 if more else 0) | (4 if udp else 0)
    body = bytes([ident]) + struct.pack(">H", off8) + payload
    return bytes([mode]) + struct.pack(">H", len(body)) + body


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {}
    for name, groups in (("ip-defrag.pcap", [(5, 10), (11, 16), (17, 20), (33, 67)]),
                         ("ipv4-frag-opts.pcap", [(3, 8), (13, 17)])):
        frames = list(pcap_frames(os.path.join(CAPS, name)))
        for a, b in groups:
            seeds["%s-%d-%d" % (name.split(".")[0], a, b)] = raw(frames[a - 1:b])
    icmp = b"\x08\x00\x00\x00\x00\x01\x00\x01" + bytes(range(256)) * 4
    p = icmp[:1032]
    for v6 in (False, True):
        tag = "v6" if v6 else "v4"
        seeds[tag + "-out-of-order"] = (frag(v6, False, 1, 128, p[1024:]) + frag(v6, True, 1, 0, p[:512])
                                        + frag(v6, True, 1, 64, p[512:1024]))
        seeds[tag + "-overlap"] = (frag(v6, True, 2, 0, p[:512]) + frag(v6, True, 2, 32, b"\xee" * 512)
                                   + frag(v6, False, 2, 96, p[768:]))
        seeds[tag + "-dup-gap-tails"] = (frag(v6, True, 3, 0, p[:512]) + frag(v6, True, 3, 0, p[:512])
                                         + frag(v6, False, 3, 96, p[768:]) + frag(v6, False, 3, 96, p[768:900])
                                         + frag(v6, True, 3, 64, p[512:768]))
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print("wrote %d seeds to %s" % (len(seeds), OUT))


if __name__ == "__main__":
    main()
