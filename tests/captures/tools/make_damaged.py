#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Deterministically damage real captures (python3 stdlib).

usage: make_damaged.py SRC.pcap SRC.pcapng OUTDIR
Writes the damaged files into OUTDIR and prints, per file, a line
  NAME INTACT_FRAMES DAMAGE_OFFSET
where INTACT_FRAMES is the number of records that lie entirely before the
damage (computed from the file structure) and DAMAGE_OFFSET the byte offset
of the first damaged byte.
"""
import os
import random
import struct
import sys


def pcap_records(data):
    """[(offset, total_len)] of the records of a little-endian pcap."""
    out, off = [], 24
    while off + 16 <= len(data):
        caplen = struct.unpack("<I", data[off + 8:off + 12])[0]
        out.append((off, 16 + caplen))
        off += 16 + caplen
    return out


def pcapng_blocks(data):
    """[(offset, type, total_len)] of a little-endian pcapng."""
    out, off = [], 0
    while off + 8 <= len(data):
        t, ln = struct.unpack("<II", data[off:off + 8])
        out.append((off, t, ln))
        off += ln
    return out


def intact_pcap(data, damage):
    return sum(1 for o, n in pcap_records(data) if o + n <= damage)


def intact_pcapng(data, damage):
    return sum(1 for o, t, n in pcapng_blocks(data) if t in (3, 6) and o + n <= damage)


def main():
    src_pcap, src_ng, outdir = sys.argv[1:4]
    pcap = open(src_pcap, "rb").read()
    ng = open(src_ng, "rb").read()
    assert pcap[:4] == b"\xd4\xc3\xb2\xa1" and ng[8:12] == b"\x4d\x3c\x2b\x1a"
    res = []

    def emit(name, data, intact, offset):
        open(os.path.join(outdir, name), "wb").write(data)
        res.append((name, intact, offset))

    # 1. pcap cut in the middle of the last record's packet data
    recs = pcap_records(pcap)
    o, n = recs[-1]
    emit("truncated-record.pcap", pcap[:o + 16 + (n - 16) // 2], len(recs) - 1, o)
    # 1b. pcap cut in the middle of the last record header
    emit("truncated-header.pcap", pcap[:o + 7], len(recs) - 1, o)
    # 1c. pcapng cut in the middle of the last block
    blocks = pcapng_blocks(ng)
    bo, bt, bn = blocks[-1]
    emit("truncated-block.pcapng", ng[:bo + bn // 2], intact_pcapng(ng, bo), bo)
    # 2. pcapng: second-to-last block's (leading) total length corrupted
    bo, bt, bn = blocks[-2]
    d = bytearray(ng)
    struct.pack_into("<I", d, bo + 4, bn + 0x10000)
    emit("bad-block-length.pcapng", bytes(d), intact_pcapng(ng, bo), bo + 4)
    # 2b. same, but a length that is not a multiple of 4
    d = bytearray(ng)
    struct.pack_into("<I", d, bo + 4, bn + 2)
    emit("bad-block-length-unaligned.pcapng", bytes(d), intact_pcapng(ng, bo), bo + 4)
    # 3. pcap: a record whose caplen exceeds the file's snaplen (and the
    #    262144 maximum) - record 10
    o, n = recs[9]
    d = bytearray(pcap)
    struct.pack_into("<I", d, o + 8, 0x00100000)
    emit("caplen-over-snaplen.pcap", bytes(d), 9, o + 8)
    # 3b. pcap whose header snaplen (64) is smaller than its records' caplen
    d = bytearray(pcap)
    struct.pack_into("<I", d, 16, 64)
    first_big = next(i for i, (o, n) in enumerate(recs) if n - 16 > 64)
    emit("snaplen-too-small.pcap", bytes(d), first_big, 16)
    # 4. garbage appended after the end
    rnd = random.Random(4242)
    garbage = bytes(rnd.getrandbits(8) for _ in range(100))
    emit("garbage-appended.pcap", pcap + garbage, len(recs), len(pcap))
    emit("garbage-appended.pcapng", ng + garbage, intact_pcapng(ng, len(ng)), len(ng))
    # 5. bit flips (fixed seed) after the file header
    rnd = random.Random(1234)
    d = bytearray(pcap)
    flips = sorted(rnd.randrange(24, len(d)) for _ in range(16))
    for pos in flips:
        d[pos] ^= 1 << rnd.randrange(8)
    emit("bitflip.pcap", bytes(d), intact_pcap(pcap, flips[0]), flips[0])
    # 6. random bytes (fixed seed), 4 KiB
    rnd = random.Random(99)
    emit("random-4k.bin", bytes(rnd.getrandbits(8) for _ in range(4096)), 0, 0)
    # 7. empty file
    emit("empty.pcap", b"", 0, 0)
    # 8. only a pcap file header
    emit("header-only.pcap", pcap[:24], 0, 24)
    # 8b. pcap header cut short
    emit("short-header.pcap", pcap[:12], 0, 12)
    # 9. pcapng SHB with a bad byte-order magic
    d = bytearray(ng)
    d[8:12] = b"\x4d\x3c\x2b\x1b"
    emit("bad-bom.pcapng", bytes(d), 0, 8)
    for r in res:
        print("%s %d %d" % r)


if __name__ == "__main__":
    main()
