#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Replicate a small real Ethernet pcap into a big one (python3 stdlib).

usage: replicate.py IN.pcap OUT.pcap N CLIENT_IP

Writes exactly N frames: the records of IN repeated, each copy shifted in
time (after the previous copy) and with every occurrence of CLIENT_IP (an
IPv4 address, in IPv4 headers, ARP, quoted headers...) replaced by a
per-copy address 10.128.0.1 + copy number, so that every copy forms new
TCP/UDP conversations.  The outer IPv4 header checksum and the TCP/UDP
checksum are adjusted incrementally (RFC 1624); checksums of quoted headers
(ICMP errors) are not.  Output: little-endian microsecond pcap, LINKTYPE 1.
"""
import ipaddress
import struct
import sys


def main():
    inp, outp, n, client = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    data = open(inp, "rb").read()
    magic = data[:4]
    assert magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"), "need a little-endian pcap"
    nsec = magic == b"\x4d\x3c\xb2\xa1"
    snaplen, linktype = struct.unpack("<II", data[16:24])
    assert linktype == 1, "need Ethernet"
    cip = ipaddress.IPv4Address(client).packed
    cw = struct.unpack(">HH", cip)
    frames = []   # (rel_usec, origlen, pieces, csum_offsets)
    off, t0 = 24, None
    while off + 16 <= len(data):
        sec, frac, caplen, origlen = struct.unpack("<IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        us = sec * 1000000 + (frac // 1000 if nsec else frac)
        t0 = us if t0 is None else t0
        # positions of the client address
        pos, p = [], pkt.find(cip, 14)
        while p != -1:
            pos.append(p)
            p = pkt.find(cip, p + 4)
        csums = []
        if pos and pkt[12:14] == b"\x08\x00" and pkt[14] >> 4 == 4:
            ihl = (pkt[14] & 15) * 4
            if 26 in pos or 30 in pos:
                csums.append(24)
                proto = pkt[23]
                frag = struct.unpack(">H", pkt[20:22])[0] & 0x1fff
                l4 = 14 + ihl
                if frag == 0 and proto == 6 and len(pkt) >= l4 + 18:
                    csums.append(l4 + 16)
                elif frag == 0 and proto == 17 and len(pkt) >= l4 + 8 and pkt[l4 + 6:l4 + 8] != b"\0\0":
                    csums.append(l4 + 6)
        pieces, last = [], 0
        for p in pos:
            pieces.append(pkt[last:p])
            last = p + 4
        pieces.append(pkt[last:])
        frames.append((us - t0, origlen, caplen, pieces, csums))
    span = frames[-1][0] + 20000            # 20 ms between copies
    out = open(outp, "wb")
    out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snaplen, 1))
    base_us = t0
    pack = struct.pack
    written, copy = 0, 0
    nf = len(frames)
    while written < n:
        a = 0x0a800001 + copy                # 10.128.0.1 + copy
        nip = pack(">I", a)
        # one's complement delta for replacing cw by the new words
        d = (a >> 16) + (a & 0xffff) + (0xffff - cw[0]) + (0xffff - cw[1])
        cbase = base_us + copy * span
        buf = []
        for rel, origlen, caplen, pieces, csums in frames[:min(nf, n - written)]:
            us = cbase + rel
            hdr = pack("<IIII", us // 1000000, us % 1000000, caplen, origlen)
            if len(pieces) == 1:
                buf.append(hdr + pieces[0])
                continue
            pkt = bytearray(nip.join(pieces))
            for c in csums:
                v = (0xffff - ((pkt[c] << 8) | pkt[c + 1])) + d
                v = (v & 0xffff) + (v >> 16)
                v = (v & 0xffff) + (v >> 16)
                v = 0xffff - v
                pkt[c] = v >> 8
                pkt[c + 1] = v & 0xff
            buf.append(hdr + bytes(pkt))
        out.write(b"".join(buf))
        written += len(buf)
        copy += 1
    out.close()
    print("%d frames, %d copies of %d" % (written, copy, nf))


if __name__ == "__main__":
    main()
