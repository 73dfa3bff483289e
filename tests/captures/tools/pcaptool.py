#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Small pcap/pcapng converters (python3 stdlib only) for the Trawl test captures.

All of them take real captures as input and rewrite headers/blocks; packet
bytes come from real traffic.

  info IN                          format, byte order, link types, frame count
  to-null IN OUT                   Ethernet pcap -> LINKTYPE_NULL (0): strip the
                                   Ethernet header (and 802.1Q tags), prepend a
                                   4-byte address family in the file's (host)
                                   byte order: AF_INET=2, AF_INET6=30 (Darwin);
                                   non-IP frames are dropped
  to-raw IN OUT                    Ethernet pcap -> LINKTYPE_RAW (101): strip the
                                   Ethernet header; non-IP frames are dropped
  pcap-swap IN OUT                 pcap -> same pcap with the other byte order
  pcapng-swap IN OUT               pcapng -> same pcapng with the other byte order
                                   (block headers, fixed fields and options)
  pcapng-tsresol IN OUT IF EXP     set if_tsresol=10^-EXP on interface IF and
                                   rescale that interface's EPB timestamps
  pcapng-add-nrb IN OUT A=N...     insert a Name Resolution Block (ADDR=NAME
                                   pairs, IPv4 or IPv6) after the first IDB
  pcapng-to-spb IN OUT SNAPLEN [KEEP]
                                   single-interface pcapng: set the IDB snaplen,
                                   keep the first KEEP EPBs (default 2) and turn
                                   the rest into Simple Packet Blocks truncated
                                   to SNAPLEN
"""
import gzip
import ipaddress
import struct
import sys

PCAP_MAGICS = {
    b"\xd4\xc3\xb2\xa1": ("<", 1000000), b"\xa1\xb2\xc3\xd4": (">", 1000000),
    b"\x4d\x3c\xb2\xa1": ("<", 1000000000), b"\xa1\xb2\x3c\x4d": (">", 1000000000),
}


# ---------------------------------------------------------------- pcap
def read_pcap(path):
    data = open(path, "rb").read()
    bo, res = PCAP_MAGICS[data[:4]]
    vmaj, vmin, tz, sigfigs, snaplen, linktype = struct.unpack(bo + "HHiIII", data[4:24])
    recs, off = [], 24
    while off + 16 <= len(data):
        ts, frac, caplen, origlen = struct.unpack(bo + "IIII", data[off:off + 16])
        recs.append((ts, frac, origlen, data[off + 16:off + 16 + caplen]))
        off += 16 + caplen
    return dict(bo=bo, res=res, snaplen=snaplen, linktype=linktype, magic=data[:4],
                version=(vmaj, vmin), records=recs)


def write_pcap(path, cap, bo=None, linktype=None, records=None):
    bo = bo or cap["bo"]
    magic = 0xa1b23c4d if cap["res"] == 1000000000 else 0xa1b2c3d4
    out = [struct.pack(bo + "IHHiIII", magic, 2, 4, 0, 0, cap["snaplen"],
                       cap["linktype"] if linktype is None else linktype)]
    for ts, frac, origlen, pkt in (cap["records"] if records is None else records):
        out.append(struct.pack(bo + "IIII", ts, frac, len(pkt), origlen) + pkt)
    open(path, "wb").write(b"".join(out))


def strip_ethernet(pkt):
    """Return (ethertype, payload) for an Ethernet frame, skipping VLAN tags."""
    et, off = struct.unpack(">H", pkt[12:14])[0], 14
    while et in (0x8100, 0x88a8, 0x9100) and len(pkt) >= off + 4:
        et, off = struct.unpack(">H", pkt[off + 2:off + 4])[0], off + 4
    return et, pkt[off:]


def cmd_to_null(inp, outp):
    cap = read_pcap(inp)
    assert cap["linktype"] == 1, "input must be Ethernet"
    recs = []
    for ts, frac, origlen, pkt in cap["records"]:
        et, payload = strip_ethernet(pkt)
        af = {0x0800: 2, 0x86dd: 30}.get(et)
        if af is None:
            continue
        hdr = struct.pack(cap["bo"] + "I", af)
        recs.append((ts, frac, origlen - (len(pkt) - len(payload)) + 4, hdr + payload))
    write_pcap(outp, cap, linktype=0, records=recs)


def cmd_to_raw(inp, outp):
    cap = read_pcap(inp)
    assert cap["linktype"] == 1, "input must be Ethernet"
    recs = []
    for ts, frac, origlen, pkt in cap["records"]:
        et, payload = strip_ethernet(pkt)
        if et not in (0x0800, 0x86dd):
            continue
        recs.append((ts, frac, origlen - (len(pkt) - len(payload)), payload))
    write_pcap(outp, cap, linktype=101, records=recs)


def cmd_pcap_swap(inp, outp):
    cap = read_pcap(inp)
    write_pcap(outp, cap, bo=">" if cap["bo"] == "<" else "<")


# ---------------------------------------------------------------- pcapng
SHB, IDB, PB, SPB, NRB, ISB, EPB, DSB = (0x0A0D0D0A, 1, 2, 3, 4, 5, 6, 0x0000000A)


def read_pcapng(path):
    """Return list of sections: (byteorder, [(type, body), ...])."""
    data = open(path, "rb").read()
    off, sections = 0, []
    while off < len(data):
        btype = struct.unpack("<I", data[off:off + 4])[0]
        if btype == SHB:
            bo = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            sections.append((bo, []))
        bo, blocks = sections[-1]
        btype, blen = struct.unpack(bo + "II", data[off:off + 8])
        body = data[off + 8:off + blen - 4]
        assert struct.unpack(bo + "I", data[off + blen - 4:off + blen])[0] == blen
        blocks.append((btype, body))
        off += blen
    return sections


def block(bo, btype, body):
    body = body + b"\0" * (-len(body) % 4)
    n = len(body) + 12
    return struct.pack(bo + "II", btype, n) + body + struct.pack(bo + "I", n)


def write_pcapng(path, sections):
    out = []
    for bo, blocks in sections:
        for btype, body in blocks:
            out.append(block(bo, btype, body))
    open(path, "wb").write(b"".join(out))


def parse_opts(bo, raw):
    opts, off = [], 0
    while off + 4 <= len(raw):
        code, ln = struct.unpack(bo + "HH", raw[off:off + 4])
        opts.append((code, raw[off + 4:off + 4 + ln]))
        off += 4 + ln + (-ln % 4)
        if code == 0:
            break
    return opts


def build_opts(bo, opts):
    out = []
    for code, val in opts:
        out.append(struct.pack(bo + "HH", code, len(val)) + val + b"\0" * (-len(val) % 4))
    return b"".join(out)


# Option value layouts per block type (code -> struct format of the value;
# None = byte string, left as is).  Comments (1) and custom string options
# (2988/19372) are bytes; custom binary (2989/19373) start with a 4-byte PEN.
COMMON = {0: None, 1: None, 2988: "PEN", 2989: "PEN", 19372: "PEN", 19373: "PEN"}
OPTFMT = {
    SHB: {2: None, 3: None, 4: None},
    IDB: {2: None, 3: None, 4: None, 5: None, 6: None, 7: None, 8: "Q", 9: None,
          10: None, 11: None, 12: None, 13: None, 14: "q", 15: None},
    EPB: {2: "I", 3: None, 4: "Q", 5: "Q", 6: "I"},
    PB: {2: "I", 3: None},
    ISB: {2: "II", 3: "II", 4: "Q", 5: "Q", 6: "Q", 7: "Q", 8: "Q"},
    NRB: {2: None, 3: None, 4: None},
}


def swap_opts(bo, nbo, btype, raw):
    opts = []
    for code, val in parse_opts(bo, raw):
        fmt = OPTFMT.get(btype, {}).get(code, COMMON.get(code, "?"))
        if fmt == "?":
            raise SystemExit("unknown option %d in block type %d" % (code, btype))
        if fmt == "PEN":
            val = struct.pack(nbo + "I", struct.unpack(bo + "I", val[:4])[0]) + val[4:]
        elif fmt:
            val = struct.pack(nbo + fmt, *struct.unpack(bo + fmt, val))
        opts.append((code, val))
    return build_opts(nbo, opts)


def swap_block(bo, nbo, btype, body):
    def fixed(fmt, n):
        return struct.pack(nbo + fmt, *struct.unpack(bo + fmt, body[:n]))
    if btype == SHB:
        return fixed("IHHq", 16) + swap_opts(bo, nbo, btype, body[16:])
    if btype == IDB:
        return fixed("HHI", 8) + swap_opts(bo, nbo, btype, body[8:])
    if btype in (EPB, PB):
        ifid_fmt = "IIIII" if btype == EPB else "HHIIII"
        hdr = fixed(ifid_fmt, 20)
        caplen = struct.unpack(bo + "I", body[12:16])[0]
        plen = caplen + (-caplen % 4)
        return hdr + body[20:20 + plen] + swap_opts(bo, nbo, btype, body[20 + plen:])
    if btype == SPB:
        return fixed("I", 4) + body[4:]
    if btype == ISB:
        return fixed("III", 12) + swap_opts(bo, nbo, btype, body[12:])
    if btype == NRB:
        out, off = [], 0
        while True:
            rtype, rlen = struct.unpack(bo + "HH", body[off:off + 4])
            out.append(struct.pack(nbo + "HH", rtype, rlen) + body[off + 4:off + 4 + rlen + (-rlen % 4)])
            off += 4 + rlen + (-rlen % 4)
            if rtype == 0:
                break
        return b"".join(out) + swap_opts(bo, nbo, btype, body[off:])
    raise SystemExit("cannot byte-swap block type 0x%x" % btype)


def cmd_pcapng_swap(inp, outp):
    out = []
    for bo, blocks in read_pcapng(inp):
        nbo = ">" if bo == "<" else "<"
        out.append((nbo, [(t, swap_block(bo, nbo, t, b)) for t, b in blocks]))
    write_pcapng(outp, out)


def idb_tsresol(bo, body):
    for code, val in parse_opts(bo, body[8:]):
        if code == 9:
            v = val[0]
            return 2 ** (v & 0x7f) if v & 0x80 else 10 ** v
    return 1000000


def cmd_pcapng_tsresol(inp, outp, ifid, exp):
    ifid, exp = int(ifid), int(exp)
    sections = read_pcapng(inp)
    assert len(sections) == 1
    bo, blocks = sections[0]
    idbs = [i for i, (t, _) in enumerate(blocks) if t == IDB]
    bi = idbs[ifid]
    body = blocks[bi][1]
    old = idb_tsresol(bo, body)
    opts = [(c, v) for c, v in parse_opts(bo, body[8:]) if c not in (0, 9)]
    opts = [(9, bytes([exp]))] + opts + [(0, b"")]
    blocks[bi] = (IDB, body[:8] + build_opts(bo, opts))
    new = 10 ** exp
    for i, (t, b) in enumerate(blocks):
        if t == EPB and struct.unpack(bo + "I", b[:4])[0] == ifid:
            hi, lo = struct.unpack(bo + "II", b[4:12])
            ts = ((hi << 32) | lo) * new // old
            blocks[i] = (t, b[:4] + struct.pack(bo + "II", ts >> 32, ts & 0xffffffff) + b[12:])
    write_pcapng(outp, sections)


def cmd_pcapng_add_nrb(inp, outp, *pairs):
    sections = read_pcapng(inp)
    bo, blocks = sections[0]
    recs = []
    for p in pairs:
        addr, name = p.split("=", 1)
        ip = ipaddress.ip_address(addr)
        val = ip.packed + name.encode() + b"\0"
        rtype = 1 if ip.version == 4 else 2
        recs.append(struct.pack(bo + "HH", rtype, len(val)) + val + b"\0" * (-len(val) % 4))
    recs.append(struct.pack(bo + "HH", 0, 0))
    opts = build_opts(bo, [(1, b"names added by pcaptool.py"), (0, b"")])
    first_idb = next(i for i, (t, _) in enumerate(blocks) if t == IDB)
    blocks.insert(first_idb + 1, (NRB, b"".join(recs) + opts))
    write_pcapng(outp, sections)


def cmd_pcapng_to_spb(inp, outp, snaplen, keep="2"):
    snaplen, keep = int(snaplen), int(keep)
    sections = read_pcapng(inp)
    assert len(sections) == 1
    bo, blocks = sections[0]
    assert sum(1 for t, _ in blocks if t == IDB) == 1, "SPB needs a single interface"
    out, n = [], 0
    for t, b in blocks:
        if t == IDB:
            b = b[:4] + struct.pack(bo + "I", snaplen) + b[8:]
        elif t == EPB:
            n += 1
            caplen, origlen = struct.unpack(bo + "II", b[12:20])
            pkt = b[20:20 + caplen][:snaplen]
            if n > keep:
                t, b = SPB, struct.pack(bo + "I", origlen) + pkt
            else:
                plen = caplen + (-caplen % 4)
                b = b[:12] + struct.pack(bo + "II", len(pkt), origlen) + pkt + \
                    b"\0" * (-len(pkt) % 4) + b[20 + plen:]
        out.append((t, b))
    write_pcapng(outp, [(bo, out)])


def cmd_info(inp):
    data = open(inp, "rb").read(4)
    if data[:2] == b"\x1f\x8b":
        import tempfile, os
        with tempfile.NamedTemporaryFile(delete=False) as t:
            t.write(gzip.open(inp).read())
        try:
            print("gzip: ", end="")
            return cmd_info(t.name)
        finally:
            os.unlink(t.name)
    if data in PCAP_MAGICS:
        cap = read_pcap(inp)
        print("pcap %s-endian %s linktype=%d frames=%d" % (
            "little" if cap["bo"] == "<" else "big",
            "nsec" if cap["res"] == 1000000000 else "usec", cap["linktype"], len(cap["records"])))
        return
    secs = read_pcapng(inp)
    for bo, blocks in secs:
        idbs = [b for t, b in blocks if t == IDB]
        lts = ["%d(tsresol=%d)" % (struct.unpack(bo + "H", b[:2])[0], idb_tsresol(bo, b)) for b in idbs]
        kinds = {}
        for t, _ in blocks:
            kinds[t] = kinds.get(t, 0) + 1
        names = {SHB: "SHB", IDB: "IDB", PB: "PB", SPB: "SPB", NRB: "NRB", ISB: "ISB", EPB: "EPB", DSB: "DSB"}
        print("pcapng section %s-endian linktypes=%s blocks=%s" % (
            "little" if bo == "<" else "big", ",".join(lts),
            " ".join("%s:%d" % (names.get(k, hex(k)), v) for k, v in kinds.items())))


CMDS = {"info": cmd_info, "to-null": cmd_to_null, "to-raw": cmd_to_raw,
        "pcap-swap": cmd_pcap_swap, "pcapng-swap": cmd_pcapng_swap,
        "pcapng-tsresol": cmd_pcapng_tsresol, "pcapng-add-nrb": cmd_pcapng_add_nrb,
        "pcapng-to-spb": cmd_pcapng_to_spb}

if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in CMDS:
        sys.exit(__doc__)
    CMDS[sys.argv[1]](*sys.argv[2:])
