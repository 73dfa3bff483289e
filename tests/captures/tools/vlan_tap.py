#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Userspace 802.1Q / 802.1ad tagging between TAP devices and a wire (stdlib).

The test machine's kernel has no 8021q module and no bridge VLAN filtering,
so this stands in for VLAN sub-interfaces: each TAP device carries the
untagged traffic of one VLAN (the kernel's own ARP/ICMP/UDP on it); frames
leaving a TAP get the configured tag stack pushed and are sent on WIRE;
tagged frames arriving on WIRE with a matching tag stack are popped and
written to the TAP.

usage: vlan_tap.py WIRE TAP=TPID:VID[,TPID:VID...] ...
   eg: vlan_tap.py veth0 tap10=8100:10 tap200=88a8:100,8100:200
Prints "ready" once the TAP devices exist (they are created here).
"""
import fcntl
import os
import select
import socket
import struct
import sys

TUNSETIFF, IFF_TAP, IFF_NO_PI = 0x400454ca, 0x0002, 0x1000
ETH_P_ALL, SOL_PACKET, PACKET_AUXDATA = 3, 263, 8
TP_STATUS_VLAN_VALID, TP_STATUS_VLAN_TPID_VALID = 0x10, 0x40
PACKET_OUTGOING = 4


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def main():
    wire = sys.argv[1]
    taps = {}
    for spec in sys.argv[2:]:
        name, tags = spec.split("=")
        stack = tuple((int(t, 16), int(v)) for t, v in (x.split(":") for x in tags.split(",")))
        taps[open_tap(name)] = stack
    by_stack = {v: k for k, v in taps.items()}
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((wire, 0))
    print("ready", flush=True)
    while True:
        r, _, _ = select.select([s] + list(taps), [], [])
        for fd in r:
            if fd is s:
                data, anc, _flags, addr = s.recvmsg(65536, socket.CMSG_SPACE(20))
                if addr[2] == PACKET_OUTGOING:
                    continue
                for level, typ, cd in anc:
                    if level == SOL_PACKET and typ == PACKET_AUXDATA and len(cd) >= 20:
                        status, _l, _s, _m, _n, tci, tpid = struct.unpack("IIIHHHH", cd[:20])
                        if status & TP_STATUS_VLAN_VALID:
                            tpid = tpid if status & TP_STATUS_VLAN_TPID_VALID else 0x8100
                            data = data[:12] + struct.pack(">HH", tpid, tci) + data[12:]
                stack, off = [], 12
                while struct.unpack(">H", data[off:off + 2])[0] in (0x8100, 0x88a8):
                    tpid, tci = struct.unpack(">HH", data[off:off + 4])
                    stack.append((tpid, tci & 0xfff))
                    off += 4
                tap = by_stack.get(tuple(stack))
                if tap is not None:
                    os.write(tap, data[:12] + data[off:])
            else:
                frame = os.read(fd, 65536)
                tags = b"".join(struct.pack(">HH", t, v) for t, v in taps[fd])
                s.send(frame[:12] + tags + frame[12:])


if __name__ == "__main__":
    main()
