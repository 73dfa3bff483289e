#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Send IPv4 and IPv6 fragments in the orders a defragmenter must survive.

usage: send_fragments.py IFACE SRC_MAC DST_MAC SRC4 DST4 SRC6 DST6

Each case is an ICMP / ICMPv6 echo request (its own identification), cut
with scapy and sent on IFACE (from inside the sending namespace) in an
order of its own; the receiving kernel answers those it can reassemble:

  id 0x7001  out of order: last, first, middle
  id 0x7002  the first fragment twice before the others
  id 0x7003  overlapping fragments, same bytes
  id 0x7004  overlapping fragments, different bytes (a conflict)
  id 0x7005  a missing middle piece: never complete
  id 0x7006  complete, then a piece again (starts a datagram of its own)
  id 0x7007  two tail fragments that disagree on the length
  IPv6 ident 0x6001 out of order, 0x6002 a duplicate, 0x6003 missing piece
"""
import sys
import time

from scapy.all import (ICMP, IP, Ether, ICMPv6EchoRequest, IPv6,
                       IPv6ExtHdrFragment, Raw, conf, sendp)

conf.verb = 0
iface, smac, dmac, src4, dst4, src6, dst6 = sys.argv[1:8]
L2 = Ether(src=smac, dst=dmac)


def v4_frag(ident, payload, off, length, more):
    """An IPv4 fragment of the ICMP message @payload: bytes [off, off+length)."""
    return L2 / IP(src=src4, dst=dst4, id=ident, proto=1, flags="MF" if more else 0,
                   frag=off // 8) / Raw(payload[off:off + length])


def echo4(ident, size):
    return bytes(ICMP(type=8, id=ident, seq=1) / Raw(bytes((i * 7) & 0xff for i in range(size))))


def send(frames):
    for f in frames:
        sendp(f, iface=iface)
        time.sleep(0.02)
    time.sleep(0.2)


# Out of order: 3 pieces sent last, first, middle.
p = echo4(0x7001, 2000)
send([v4_frag(0x7001, p, 1600, 408, False), v4_frag(0x7001, p, 0, 800, True),
      v4_frag(0x7001, p, 800, 800, True)])

# The first piece twice.
p = echo4(0x7002, 1500)
send([v4_frag(0x7002, p, 0, 800, True), v4_frag(0x7002, p, 0, 800, True),
      v4_frag(0x7002, p, 800, 708, False)])

# Overlap, same bytes: [0,800) [400,1200) [1200,end).
p = echo4(0x7003, 1500)
send([v4_frag(0x7003, p, 0, 800, True), v4_frag(0x7003, p, 400, 800, True),
      v4_frag(0x7003, p, 1200, 308, False)])

# Overlap with other bytes: the second piece's first half differs.
p = echo4(0x7004, 1500)
bad = bytearray(p)
bad[400:800] = b"\xee" * 400
send([v4_frag(0x7004, p, 0, 800, True), v4_frag(0x7004, bytes(bad), 400, 800, True),
      v4_frag(0x7004, p, 1200, 308, False)])

# A missing middle piece: never complete.
p = echo4(0x7005, 2000)
send([v4_frag(0x7005, p, 0, 800, True), v4_frag(0x7005, p, 1600, 408, False)])

# Complete, then the middle piece once more.
p = echo4(0x7006, 2000)
send([v4_frag(0x7006, p, 0, 800, True), v4_frag(0x7006, p, 800, 800, True),
      v4_frag(0x7006, p, 1600, 408, False), v4_frag(0x7006, p, 800, 800, True)])

# Two tails: [800,1208) says 1208 bytes, then [800,1000) says 1000.
p = echo4(0x7007, 1200)
send([v4_frag(0x7007, p, 800, 408, False), v4_frag(0x7007, p, 800, 200, False),
      v4_frag(0x7007, p, 0, 800, True)])


def v6_frags(ident, size):
    pkt = (IPv6(src=src6, dst=dst6) / IPv6ExtHdrFragment(id=ident) /
           ICMPv6EchoRequest(id=ident & 0xffff, seq=1, data=bytes(i & 0xff for i in range(size))))
    from scapy.all import fragment6
    return [L2 / f for f in fragment6(pkt, 1280)]


f = v6_frags(0x6001, 3000)
send([f[2], f[0], f[1]])
f = v6_frags(0x6002, 2000)
send([f[0], f[0], f[1]])
f = v6_frags(0x6003, 3000)
send([f[0], f[2]])
