# SPDX-License-Identifier: GPL-3.0-or-later
"""trawl-cli's live capture (-i), as tshark's, on a real veth between two
network namespaces: curl against nginx and ping run while trawl-cli and
tcpdump capture the same interface; the packets must be the same, byte
for byte.  Then summary lines as packets arrive (-c, -Y, -f), -w -,
ring files (-b), -a duration, -D, and Ctrl+C.

usage: test-cli-capture.py TRAWL_CLI   (root; skipped otherwise)"""

import os
import signal
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import capturelib as cl  # noqa: E402

CLI = os.path.abspath(sys.argv[1])


def read_pcap(path):
    data = open(path, "rb").read()
    magic = struct.unpack_from("<I", data, 0)[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    off, out = 24, []
    while off + 16 <= len(data):
        caplen = struct.unpack_from(endian + "I", data, off + 8)[0]
        out.append(data[off + 16:off + 16 + caplen])
        off += 16 + caplen
    return out


def wait_text(proc_err_path, text, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(proc_err_path) and text in open(proc_err_path, errors="replace").read():
            return
        time.sleep(0.05)
    raise TimeoutError(f"no {text!r} in {proc_err_path}: {open(proc_err_path).read()!r}")


def traffic(net, n_curl=4):
    for _ in range(n_curl):
        subprocess.run(net.exec_a() + ["curl", "-s", "-o", "/dev/null",
                                       f"http://{net.ip_b}:8080/big.bin"], check=True)
    subprocess.run(net.exec_a() + ["ping", "-c", "3", "-i", "0.05", net.ip_b],
                   check=True, stdout=subprocess.DEVNULL)


def cli(net, args, work, name, **kw):
    err = os.path.join(work, name + ".err")
    out = os.path.join(work, name + ".out")
    p = net.spawn(net.exec_a() + [CLI] + args, stdout=open(out, "wb"),
                  stderr=open(err, "wb"), **kw)
    return p, out, err


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok -", what)


def test_same_as_tcpdump(net, work):
    tc = os.path.join(work, "tc.pcapng")
    td = os.path.join(work, "td.pcap")
    tdp = net.spawn(net.exec_a() + ["tcpdump", "-i", net.va, "-U", "-w", td],
                    stderr=open(os.path.join(work, "td.err"), "wb"))
    p, _, err = cli(net, ["-i", net.va, "-w", tc], work, "same")
    wait_text(err, "Capturing on")
    wait_text(os.path.join(work, "td.err"), "listening on")
    time.sleep(0.3)
    traffic(net)
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    check(p.wait(10) == 0, "trawl-cli -w exits 0 after SIGINT")
    text = open(err).read()
    idbs, epbs, isbs = cl.read_pcapng(tc)
    # Under load tcpdump lags behind the kernel and, on SIGINT, drops
    # what it has not read yet: let it catch up first (with -U it writes
    # every packet as it reads it).
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and len(read_pcap(td)) < len(epbs):
        time.sleep(0.1)
    tdp.send_signal(signal.SIGINT)
    tdp.wait(10)
    check(f"{len(epbs)} packets captured" in text, f"stderr says '{len(epbs)} packets captured'")
    theirs = read_pcap(td)
    ours = [e["data"] for e in epbs]
    check(len(ours) > 30, f"{len(ours)} packets captured by trawl-cli")
    check(ours == theirs, f"the same {len(ours)} packets as tcpdump, byte for byte")
    check(len(isbs) >= 1 and cl.last_block_type(tc) == 5, "the file ends with its statistics block")
    r = subprocess.run(["tshark", "-r", tc], capture_output=True)
    check(r.returncode == 0 and len(r.stdout.splitlines()) == len(ours), "tshark reads the file whole")
    # Summary lines of the file equal tshark's
    r2 = subprocess.run([CLI, "-r", tc], capture_output=True, env=dict(os.environ, TZ="UTC"))
    check(r2.returncode == 0 and len(r2.stdout.splitlines()) == len(ours), "trawl-cli -r reads it back")


def test_live_lines(net, work):
    ping = net.spawn(net.exec_a() + ["ping", "-c", "40", "-i", "0.05", net.ip_b],
                     stdout=subprocess.DEVNULL)
    p, out, err = cli(net, ["-i", net.va, "-c", "6", "-f", "icmp"], work, "lines")
    check(p.wait(20) == 0, "-c 6 stops by itself")
    lines = open(out).read().splitlines()
    check(len(lines) == 6 and all("ICMP" in l and "Echo (ping)" in l for l in lines),
          "six ICMP summary lines as they arrive")
    check("6 packets captured" in open(err).read(), "'6 packets captured' on stderr")
    p, out, err = cli(net, ["-i", net.va, "-c", "8", "-f", "icmp", "-Y", "icmp.type == 8", "-l"],
                      work, "filtered")
    check(p.wait(20) == 0, "-Y on live packets exits 0")
    lines = open(out).read().splitlines()
    check(len(lines) == 4 and all("request" in l for l in lines),
          "-Y shows the 4 requests among 8 packets")
    ping.wait(10)


def test_stdout_and_duration(net, work):
    ping = net.spawn(net.exec_a() + ["ping", "-c", "30", "-i", "0.05", net.ip_b],
                     stdout=subprocess.DEVNULL)
    t0 = time.monotonic()
    p, out, err = cli(net, ["-i", net.va, "-w", "-", "-a", "duration:2"], work, "stdout")
    check(p.wait(20) == 0, "-a duration:2 stops by itself")
    took = time.monotonic() - t0
    check(1.5 < took < 8, f"...after about 2 s ({took:.1f} s)")
    _, epbs, _ = cl.read_pcapng(out)
    check(len(epbs) > 0 and f"{len(epbs)} packets captured" in open(err).read(),
          f"-w - writes a whole pcapng to stdout ({len(epbs)} packets)")
    ping.wait(10)


def test_ring(net, work):
    ringdir = os.path.join(work, "ring")
    os.makedirs(ringdir)
    base = os.path.join(ringdir, "ring.pcapng")
    p, _, err = cli(net, ["-i", net.va, "-w", base, "-b", "filesize:60", "-b", "files:2"], work, "ring")
    wait_text(err, "Capturing on")
    time.sleep(0.3)
    for _ in range(3):
        traffic(net, 2)
        time.sleep(0.3)
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    check(p.wait(10) == 0, "a ring capture exits 0 after SIGINT")
    names = sorted(os.listdir(ringdir))
    check(len(names) == 2 and all(n.startswith("ring_") and n.endswith(".pcapng") for n in names),
          f"two ring files kept, named as dumpcap names them: {names}")
    numbers = [int(n.split("_")[1]) for n in names]
    check(numbers[0] > 1 and numbers[1] == numbers[0] + 1, f"the newest ones ({numbers})")
    for n in names:
        r = subprocess.run(["tshark", "-r", os.path.join(ringdir, n)], capture_output=True)
        check(r.returncode == 0 and len(r.stdout.splitlines()) > 0, f"tshark reads {n}")


def test_list(net, work):
    r = subprocess.run(net.exec_a() + [CLI, "-D"], capture_output=True, text=True)
    check(r.returncode == 0 and any(l.split(". ", 1)[-1].startswith(net.va) for l in r.stdout.splitlines()),
          "-D lists the test interface")


def main():
    cl.need_root()
    net = cl.Netns("tclic", 63)
    try:
        with tempfile.TemporaryDirectory(prefix="trawl-cli-capture-") as work:
            cl.nginx_start(net, work)
            test_list(net, work)
            test_same_as_tcpdump(net, work)
            test_live_lines(net, work)
            test_stdout_and_duration(net, work)
            test_ring(net, work)
    finally:
        net.close()


if __name__ == "__main__":
    main()
