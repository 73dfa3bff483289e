# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared pieces of the trawl-capture tests: a pcapng block reader, the
control-protocol framing, and test hosts made of network namespaces."""

import os
import shutil
import socket
import struct
import subprocess
import sys
import time

SKIP = 77


def helper_path():
    path = os.environ.get("TRAWL_CAPTURE_HELPER")
    if not path:
        sys.exit("TRAWL_CAPTURE_HELPER is not set")
    return path


def need_root():
    if os.geteuid() != 0:
        print("SKIP: needs root (network namespaces, capture)")
        sys.exit(SKIP)
    for tool in ("ip", "tshark", "tcpdump", "ethtool", "ping", "curl", "nginx", "runuser"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} missing")
            sys.exit(SKIP)


# ------------------------------------------------------------ pcapng

def read_pcapng(path):
    """Returns (idbs, epbs, isbs): lists of dicts.  Raises on a malformed
    or truncated file (the block lengths at both ends must agree)."""
    data = open(path, "rb").read()
    idbs, epbs, isbs = [], [], []
    off = 0
    endian = "<"
    while off < len(data):
        if len(data) - off < 12:
            raise ValueError(f"truncated block at {off}")
        btype = struct.unpack_from(endian + "I", data, off)[0]
        if btype == 0x0A0D0D0A:
            magic = data[off + 8:off + 12]
            endian = "<" if magic == b"\x4d\x3c\x2b\x1a" else ">"
        blen = struct.unpack_from(endian + "I", data, off + 4)[0]
        if blen < 12 or blen % 4 or off + blen > len(data):
            raise ValueError(f"bad block length {blen} at {off}")
        if struct.unpack_from(endian + "I", data, off + blen - 4)[0] != blen:
            raise ValueError(f"block lengths disagree at {off}")
        body = data[off + 8:off + blen - 4]
        if btype == 1:
            lt, _, snap = struct.unpack_from(endian + "HHI", body, 0)
            idbs.append({"linktype": lt, "snaplen": snap, "options": options(body[8:], endian)})
        elif btype == 6:
            ifid, hi, lo, caplen, origlen = struct.unpack_from(endian + "IIIII", body, 0)
            epbs.append({"if": ifid, "ts": (hi << 32) | lo, "caplen": caplen,
                         "len": origlen, "data": body[20:20 + caplen]})
        elif btype == 5:
            ifid, hi, lo = struct.unpack_from(endian + "III", body, 0)
            opts = options(body[12:], endian)
            isb = {"if": ifid, "ts": (hi << 32) | lo}
            for code, name in ((4, "ifrecv"), (5, "ifdrop"), (8, "usrdeliv")):
                if code in opts:
                    isb[name] = struct.unpack(endian + "Q", opts[code])[0]
            for code, name in ((2, "starttime"), (3, "endtime")):
                if code in opts:
                    hi, lo = struct.unpack(endian + "II", opts[code])
                    isb[name] = (hi << 32) | lo
            isbs.append(isb)
        off += blen
    return idbs, epbs, isbs


def count_pcap(path):
    """Complete records in a (possibly growing) pcap file."""
    data = open(path, "rb").read()
    off, n = 24, 0
    endian = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    while off + 16 <= len(data):
        caplen = struct.unpack_from(endian + "I", data, off + 8)[0]
        if off + 16 + caplen > len(data):
            break
        off += 16 + caplen
        n += 1
    return n


def options(raw, endian):
    out = {}
    off = 0
    while off + 4 <= len(raw):
        code, length = struct.unpack_from(endian + "HH", raw, off)
        if code == 0:
            break
        out[code] = raw[off + 4:off + 4 + length]
        off += 4 + ((length + 3) & ~3)
    return out


def last_block_type(path):
    data = open(path, "rb").read()
    blen = struct.unpack_from("<I", data, len(data) - 4)[0]
    return struct.unpack_from("<I", data, len(data) - blen)[0]


# ------------------------------------------------------------ control protocol

def encode(mtype, payload=b""):
    n = len(payload)
    return bytes([ord(mtype), (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF]) + payload


class Control:
    """The parent's end of the control socketpair."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.messages = []

    def read_until(self, mtype, timeout):
        deadline = time.monotonic() + timeout
        while True:
            for i, (t, p) in enumerate(self.messages):
                if t == mtype:
                    return p
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {mtype!r} message; got {self.messages}")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise EOFError(f"control closed before {mtype!r}; got {self.messages}")
            self.buf += chunk
            while len(self.buf) >= 4:
                n = (self.buf[1] << 16) | (self.buf[2] << 8) | self.buf[3]
                if len(self.buf) < 4 + n:
                    break
                self.messages.append((chr(self.buf[0]), self.buf[4:4 + n].decode()))
                self.buf = self.buf[4 + n:]

    def drain(self, timeout):
        try:
            self.read_until("\0", timeout)
        except (TimeoutError, EOFError):
            pass
        return self.messages

    def send_quit(self):
        self.sock.sendall(encode("Q"))


def start_helper(args, out_path, helper=None, prefix=(), user=None):
    """Starts the helper writing to @out_path, with a control socket;
    returns (process, Control)."""
    parent, child = socket.socketpair()
    out_fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    env = dict(os.environ, LC_ALL="C")
    cmd = list(prefix)
    if user:
        cmd += ["runuser", "-u", user, "--"]
    cmd += [helper or helper_path()] + list(args)
    cmd += ["--output-fd", str(out_fd), "--control-fd", str(child.fileno())]
    proc = subprocess.Popen(cmd, pass_fds=(out_fd, child.fileno()),
                            stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    os.close(out_fd)
    child.close()
    return proc, Control(parent)


# ------------------------------------------------------------ test hosts

class Netns:
    """Two namespaces joined by a veth pair with offloads off:
    NAME-a (10.77.N.1, interface NAME-va) and NAME-b (10.77.N.2, NAME-vb)."""

    def __init__(self, name, subnet):
        self.a, self.b = f"{name}-a", f"{name}-b"
        self.va, self.vb = f"{name}-va"[:15], f"{name}-vb"[:15]
        self.ip_a, self.ip_b = f"10.77.{subnet}.1", f"10.77.{subnet}.2"
        self.procs = []
        self.close()
        for ns in (self.a, self.b):
            run("ip", "netns", "add", ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
            run("ip", "netns", "exec", ns, "sysctl", "-qw",
                "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
        run("ip", "link", "add", self.va, "netns", self.a, "type", "veth",
            "peer", "name", self.vb, "netns", self.b)
        for ns, dev, ip in ((self.a, self.va, self.ip_a), (self.b, self.vb, self.ip_b)):
            run("ip", "-n", ns, "addr", "add", ip + "/24", "dev", dev)
            run("ip", "-n", ns, "link", "set", dev, "up")
            subprocess.run(["ip", "netns", "exec", ns, "ethtool", "-K", dev, "tso", "off",
                            "gso", "off", "gro", "off", "tx", "off", "rx", "off"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def exec_a(self):
        return ["ip", "netns", "exec", self.a]

    def exec_b(self):
        return ["ip", "netns", "exec", self.b]

    def spawn(self, cmd, **kw):
        p = subprocess.Popen(cmd, **kw)
        self.procs.append(p)
        return p

    def close(self):
        for p in getattr(self, "procs", []):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
        for ns in (self.a, self.b):
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)


def run(*cmd):
    subprocess.run(cmd, check=True)


def nginx_start(net, workdir):
    """nginx in namespace b on port 8080, serving a few files."""
    root = os.path.join(workdir, "www")
    os.makedirs(root, exist_ok=True)
    os.makedirs(os.path.join(workdir, "nginx-tmp"), exist_ok=True)
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write("<html><body>" + "trawl capture test " * 200 + "</body></html>\n")
    with open(os.path.join(root, "big.bin"), "wb") as f:
        f.write(bytes(range(256)) * 400)
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""user root; daemon off; worker_processes 1;
pid {workdir}/nginx.pid; error_log {workdir}/nginx-error.log;
events {{ worker_connections 64; }}
http {{ access_log off; client_body_temp_path {workdir}/nginx-tmp/b;
  proxy_temp_path {workdir}/nginx-tmp/p; fastcgi_temp_path {workdir}/nginx-tmp/f;
  uwsgi_temp_path {workdir}/nginx-tmp/u; scgi_temp_path {workdir}/nginx-tmp/s;
  default_type application/octet-stream;
  server {{ listen {net.ip_b}:8080; root {root}; }} }}
""")
    p = net.spawn(net.exec_b() + ["nginx", "-c", conf], stderr=subprocess.DEVNULL)
    for _ in range(100):
        r = subprocess.run(net.exec_a() + ["curl", "-s", "-o", "/dev/null",
                                           f"http://{net.ip_b}:8080/"], capture_output=True)
        if r.returncode == 0:
            return p
        time.sleep(0.05)
    raise RuntimeError("nginx did not start")
