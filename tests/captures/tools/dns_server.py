#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tiny authoritative DNS server for the zone example.test (python3 stdlib).

Answers A, AAAA, CNAME, MX, TXT, NS, PTR, SOA, SRV; NXDOMAIN (with SOA in
the authority section) for unknown names, NODATA for known names without
the type.  Uses name compression pointers when writing.  EDNS: an OPT in the
query is answered with an OPT (UDP size 1232), a COOKIE option is echoed
with a server cookie appended, NSID is answered.  Answers too big for UDP
get TC=1; the same server answers over TCP with the 2-byte length prefix.

usage: dns_server.py ADDR [PORT [MAX_UDP]]

MAX_UDP (default 512) is the largest UDP answer before TC=1: a larger one
makes answers that IP must fragment on a link with a small MTU.
"""
import ipaddress
import socket
import struct
import sys
import threading

ZONE = "example.test"
A, NS, CNAME, SOA, PTR, MX, TXT, AAAA, SRV, OPT, ANY = 1, 2, 5, 6, 12, 15, 16, 28, 33, 41, 255

RR = [
    ("example.test", SOA, ("ns1.example.test", "hostmaster.example.test", 2024010101, 3600, 600, 86400, 300)),
    ("example.test", NS, "ns1.example.test"),
    ("example.test", NS, "ns2.example.test"),
    ("example.test", MX, (10, "mail.example.test")),
    ("example.test", MX, (20, "mail2.example.test")),
    ("example.test", TXT, ["v=spf1 mx -all"]),
    ("example.test", TXT, ["trawl test zone", "second string"]),
    ("example.test", A, "10.99.7.80"),
    ("ns1.example.test", A, "10.99.7.1"),
    ("ns2.example.test", A, "10.99.7.2"),
    ("ns2.example.test", AAAA, "fd00:99:7::2"),
    ("mail.example.test", A, "10.99.7.25"),
    ("mail2.example.test", A, "10.99.7.26"),
    ("www.example.test", CNAME, "web.example.test"),
    ("web.example.test", A, "10.99.7.80"),
    ("web.example.test", A, "10.99.7.81"),
    ("web.example.test", AAAA, "fd00:99:7::80"),
    ("_sip._tcp.example.test", SRV, (10, 60, 5060, "sip.example.test")),
    ("_sip._tcp.example.test", SRV, (20, 0, 5060, "sip2.example.test")),
    ("sip.example.test", A, "10.99.7.50"),
    ("80.7.99.10.in-addr.arpa", PTR, "web.example.test"),
    ("0.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.7.0.0.0.9.9.0.0.0.0.d.f.ip6.arpa", PTR, "web.example.test"),
] + [("big.example.test", TXT, ["record %02d: %s" % (i, "x" * 40)]) for i in range(20)]


class Writer:
    def __init__(self):
        self.buf = bytearray()
        self.names = {}

    def name(self, name):
        labels = [l for l in name.rstrip(".").split(".") if l]
        for i in range(len(labels)):
            suffix = ".".join(labels[i:]).lower()
            if suffix in self.names:
                self.buf += struct.pack(">H", 0xC000 | self.names[suffix])
                return
            if len(self.buf) < 0x3FFF:
                self.names[suffix] = len(self.buf)
            lab = labels[i].encode()
            self.buf += bytes([len(lab)]) + lab
        self.buf += b"\0"

    def rr(self, name, rtype, data, ttl=300):
        self.name(name)
        self.buf += struct.pack(">HHI", rtype, 1, ttl)
        lpos = len(self.buf)
        self.buf += b"\0\0"
        if rtype == A:
            self.buf += ipaddress.IPv4Address(data).packed
        elif rtype == AAAA:
            self.buf += ipaddress.IPv6Address(data).packed
        elif rtype in (NS, CNAME, PTR):
            self.name(data)
        elif rtype == MX:
            self.buf += struct.pack(">H", data[0])
            self.name(data[1])
        elif rtype == SRV:
            self.buf += struct.pack(">HHH", *data[:3])
            self.name(data[3])
        elif rtype == TXT:
            for s in data:
                s = s.encode()
                self.buf += bytes([len(s)]) + s
        elif rtype == SOA:
            self.name(data[0])
            self.name(data[1])
            self.buf += struct.pack(">IIIII", *data[2:])
        struct.pack_into(">H", self.buf, lpos, len(self.buf) - lpos - 2)


def read_name(msg, off):
    labels, jumped, end = [], False, None
    for _ in range(128):
        ln = msg[off]
        if ln & 0xC0 == 0xC0:
            if end is None:
                end = off + 2
            off = ((ln & 0x3F) << 8) | msg[off + 1]
            continue
        if ln == 0:
            return ".".join(labels), (end if end is not None else off + 1)
        labels.append(msg[off + 1:off + 1 + ln].decode("ascii", "replace"))
        off += 1 + ln
    raise ValueError("name loop")


def answer(query, max_udp):
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", query[:12])
    qname, off = read_name(query, 12)
    qtype, qclass = struct.unpack(">HH", query[off:off + 4])
    off += 4
    # skip answer/authority (none expected), find OPT in additional
    edns = None
    for _ in range(ar):
        _n, off = read_name(query, off)
        rtype, rclass, ttl, rdlen = struct.unpack(">HHIH", query[off:off + 10])
        rdata = query[off + 10:off + 10 + rdlen]
        off += 10 + rdlen
        if rtype == OPT:
            edns = (rclass, rdata)
    name = qname.lower().rstrip(".")
    known = {r[0] for r in RR}
    in_zone = name == ZONE or name.endswith("." + ZONE) or name.endswith(".arpa")
    answers, authority, additional = [], [], []
    rcode = 0
    if not in_zone:
        rcode = 5  # REFUSED
    elif name not in known:
        rcode = 3  # NXDOMAIN
    else:
        target = name
        for _ in range(8):
            cn = [r for r in RR if r[0] == target and r[1] == CNAME]
            if cn and qtype != CNAME:
                answers += cn
                target = cn[0][2]
                continue
            answers += [r for r in RR if r[0] == target and (r[1] == qtype or qtype == ANY)]
            break
        if qtype == NS or (answers and answers[-1][1] in (MX, SRV, NS)):
            for r in answers:
                tgt = r[2] if r[1] == NS else r[2][-1] if r[1] in (MX, SRV) else None
                additional += [x for x in RR if tgt and x[0] == tgt and x[1] in (A, AAAA)]
        elif qtype in (A, AAAA):
            authority += [r for r in RR if r[0] == ZONE and r[1] == NS]
    if rcode == 3 or (rcode == 0 and not answers):
        authority = [r for r in RR if r[0] == ZONE and r[1] == SOA]
    w = Writer()
    rflags = 0x8000 | 0x0400 | (flags & 0x0100) | rcode   # QR AA RD
    w.buf += struct.pack(">HHHHHH", qid, rflags, 1, len(answers), len(authority), len(additional) + (1 if edns else 0))
    w.name(qname)
    w.buf += struct.pack(">HH", qtype, qclass)
    for r in answers + authority + additional:
        w.rr(*r)
    if edns:
        opts, o = b"", 0
        rdata = edns[1]
        while o + 4 <= len(rdata):
            code, ln = struct.unpack(">HH", rdata[o:o + 4])
            val = rdata[o + 4:o + 4 + ln]
            o += 4 + ln
            if code == 10:          # COOKIE: echo client cookie + server cookie
                val = val[:8] + b"TrawlSrv"
                opts += struct.pack(">HH", code, len(val)) + val
            elif code == 3:         # NSID
                opts += struct.pack(">HH", 3, 9) + b"trawl-dns"
        w.buf += b"\0" + struct.pack(">HHIH", OPT, 1232, 0, len(opts)) + opts
        max_udp = max(512, min(edns[0], max(1232, MAX_UDP))) if max_udp else 0
    msg = bytes(w.buf)
    if max_udp and len(msg) > max_udp:
        # truncated: header + question only, TC=1
        w2 = Writer()
        w2.buf += struct.pack(">HHHHHH", qid, rflags | 0x0200, 1, 0, 0, 0)
        w2.name(qname)
        w2.buf += struct.pack(">HH", qtype, qclass)
        msg = bytes(w2.buf)
    return msg


MAX_UDP = int(sys.argv[3]) if len(sys.argv) > 3 else 512


def serve_udp(sock):
    while True:
        q, peer = sock.recvfrom(4096)
        try:
            sock.sendto(answer(q, MAX_UDP), peer)
        except Exception as e:  # noqa
            print("udp error", e, flush=True)


def serve_tcp_conn(conn):
    with conn:
        while True:
            hdr = conn.recv(2, socket.MSG_WAITALL)
            if len(hdr) < 2:
                return
            q = conn.recv(struct.unpack(">H", hdr)[0], socket.MSG_WAITALL)
            r = answer(q, 0)
            conn.sendall(struct.pack(">H", len(r)) + r)


def main():
    addr = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 53
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    u = socket.socket(fam, socket.SOCK_DGRAM)
    u.bind((addr, port))
    t = socket.socket(fam, socket.SOCK_STREAM)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind((addr, port))
    t.listen(8)
    threading.Thread(target=serve_udp, args=(u,), daemon=True).start()
    print("ready", flush=True)
    while True:
        c, _ = t.accept()
        threading.Thread(target=serve_tcp_conn, args=(c,), daemon=True).start()


if __name__ == "__main__":
    main()
