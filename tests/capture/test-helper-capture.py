#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""trawl-capture capturing for real, between two network namespaces.

- the same packets as `tcpdump -w` on the same interface at the same time
  (curl against nginx, pings), byte for byte (tshark -x on both files);
  tshark reads the file; ISBs count what was received;
- stopping: control channel closed, SIGTERM, 'Q', stdin closed, autostop,
  EPIPE on the output; each within a second, with the last ISB at the end
  and the 'X' message last;
- two interfaces in one file: two IDBs, packets of both.
Needs root (exit 77 otherwise)."""

import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import capturelib  # noqa: E402

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def tshark_x(path):
    r = subprocess.run(["tshark", "-r", path, "-x"], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def clean_end(path, what):
    """tshark reads the whole file without complaint and it ends with an ISB."""
    rc, out, err = tshark_x(path)
    err = "\n".join(l for l in err.splitlines() if "This could be dangerous" not in l)
    check(rc == 0 and err.strip() == "", f"{what}: tshark reads the file (rc {rc}) {err.strip()[:100]}")
    check(capturelib.last_block_type(path) == 5, f"{what}: the last block is an ISB")
    _, epbs, isbs = capturelib.read_pcapng(path)
    return epbs, isbs


def wait_exit(proc, limit):
    t0 = time.monotonic()
    try:
        proc.wait(limit + 2)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None
    return time.monotonic() - t0


def test_same_as_tcpdump(net, work):
    out = os.path.join(work, "trawl.pcapng")
    ref = os.path.join(work, "tcpdump.pcap")
    capturelib.nginx_start(net, work)
    proc, ctl = capturelib.start_helper(["-i", net.va], out, prefix=net.exec_a())
    started = ctl.read_until("S", 10)
    check(started.startswith(f"{net.va}\t1\t262144\n"), f"S message: {started!r}")
    td = subprocess.Popen(net.exec_a() + ["tcpdump", "-i", net.va, "-w", ref, "-U",
                                          "--time-stamp-precision=nano"],
                          stderr=subprocess.PIPE, text=True)
    td.stderr.readline()          # "tcpdump: listening on ..."
    time.sleep(0.3)
    a = net.exec_a()
    subprocess.run(a + ["ping", "-n", "-q", "-c", "20", "-i", "0.01", "-s", "1400", net.ip_b],
                   stdout=subprocess.DEVNULL, check=True)
    for path in ("/", "/big.bin", "/missing"):
        subprocess.run(a + ["curl", "-s", "-o", "/dev/null", f"http://{net.ip_b}:8080{path}"],
                       check=True)
    progress = ctl.read_until("P", 5)
    # tcpdump stops at SIGINT without draining the kernel's ring: on a busy
    # machine it may lag behind, so wait until it has written what trawl
    # counted (and the count holds still) before stopping it.
    deadline = time.monotonic() + 15
    last = (-1, -1)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        ctl.drain(0.05)
        counted = max([int(p.split()[0].split("=")[1]) for t, p in ctl.messages if t == "P"] or [0])
        now = (counted, capturelib.count_pcap(ref))
        if now == last and now[1] >= now[0]:
            break
        last = now
    td.send_signal(signal.SIGINT)
    td.wait(10)
    ctl.send_quit()
    took = wait_exit(proc, 1)
    check(took is not None and took < 1.0, f"'Q' stops the helper (in {took} s)")
    check(proc.returncode == 0, f"exit code {proc.returncode}")
    stopped = ctl.read_until("X", 2)
    check(stopped == "stopped", f"X message: {stopped!r}")
    check(ctl.messages[-1][0] == "X", "X is the last message")
    check(progress.startswith("packets="), f"P message: {progress.splitlines()[0]!r}")

    rc1, x1, _ = tshark_x(out)
    rc2, x2, _ = tshark_x(ref)
    n1 = sum(1 for _ in capturelib.read_pcapng(out)[1])
    check(rc1 == 0 and rc2 == 0 and n1 > 60, f"both files read, {n1} packets in trawl's")
    same = x1 == x2
    check(same, "tshark -x: the same packets, byte for byte, as tcpdump -w")
    if not same:
        f1 = [bytes(e["data"]) for e in capturelib.read_pcapng(out)[1]]
        r = subprocess.run(["tshark", "-r", ref, "-T", "fields", "-e", "frame.len", "-e", "_ws.col.Info"],
                           capture_output=True, text=True)
        t = subprocess.run(["tshark", "-r", out, "-T", "fields", "-e", "frame.len", "-e", "_ws.col.Info"],
                           capture_output=True, text=True)
        a, b = t.stdout.splitlines(), r.stdout.splitlines()
        print(f"  trawl {len(a)} frames ({len(f1)} EPBs), tcpdump {len(b)} frames")
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                print(f"  first difference at frame {i + 1}: trawl {x!r} / tcpdump {y!r}")
                break
        print("  trawl's last frames: " + " | ".join(a[-3:]))
        print("  tcpdump's last frames: " + " | ".join(b[-3:]))
    idbs, epbs, isbs = capturelib.read_pcapng(out)
    check(len(idbs) == 1 and idbs[0]["options"].get(9) == b"\x09"
          and idbs[0]["options"].get(2) == net.va.encode(), "IDB: if_name, if_tsresol=9")
    last = [i for i in isbs if i["if"] == 0][-1]
    check(len(isbs) >= 2, f"{len(isbs)} ISBs (one a second and at the end)")
    check(last.get("ifrecv", -1) >= len(epbs) and last.get("ifdrop") == 0
          and last.get("usrdeliv") == len(epbs),
          f"last ISB: ifrecv {last.get('ifrecv')} ifdrop {last.get('ifdrop')} "
          f"usrdeliv {last.get('usrdeliv')} for {len(epbs)} EPBs")
    check("starttime" in last and "endtime" in last and last["starttime"] <= last["endtime"],
          "last ISB has start and end times")
    # The last P message counts every packet and the final file size.
    final_p = [p for t, p in ctl.messages if t == "P"][-1]
    check(final_p.startswith(f"packets={len(epbs)} filesize={os.path.getsize(out)}\n")
          and f"if={net.va} recv=" in final_p, f"final P: {final_p.splitlines()[0]!r}")


def pinger(net):
    return net.spawn(net.exec_a() + ["ping", "-n", "-q", "-i", "0.02", net.ip_b],
                     stdout=subprocess.DEVNULL)


def test_stop(net, work, how):
    out = os.path.join(work, f"stop-{how}.pcapng")
    ping = pinger(net)
    stdin_r, stdin_w = os.pipe()
    if how == "stdin":
        # the helper's stdin is a pipe whose writer the test holds
        out_fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        proc = subprocess.Popen(net.exec_a() + [capturelib.helper_path(), "-i", net.va,
                                                "--output-fd", str(out_fd)],
                                stdin=stdin_r, stderr=subprocess.PIPE, pass_fds=(out_fd,))
        os.close(out_fd)
        ctl = None
        time.sleep(1.0)
    else:
        proc, ctl = capturelib.start_helper(["-i", net.va], out, prefix=net.exec_a())
        ctl.read_until("S", 10)
        ctl.read_until("P", 5)
    os.close(stdin_r)
    time.sleep(1.2)           # at least one periodic ISB
    if how == "control closed":
        ctl.sock.close()
    elif how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    elif how == "stdin":
        os.close(stdin_w)
    took = wait_exit(proc, 1)
    if how != "stdin":
        os.close(stdin_w)
    ping.terminate()
    check(took is not None and took < 1.0, f"{how}: the helper stops within 1 s ({took and round(took, 3)} s)")
    check(proc.returncode == 0, f"{how}: exit code {proc.returncode}")
    epbs, isbs = clean_end(out, how)
    check(len(epbs) > 10 and isbs[-1].get("usrdeliv") == len(epbs),
          f"{how}: {len(epbs)} packets, last ISB counts them")
    if how == "SIGTERM":
        msgs = ctl.drain(0.5)
        check(msgs and msgs[-1] == ("X", "signal"), f"SIGTERM: X says signal ({msgs[-1:]})")


def test_autostop(net, work):
    out = os.path.join(work, "autostop.pcapng")
    ping = pinger(net)
    proc, ctl = capturelib.start_helper(["-i", net.va, "--autostop-packets", "7"], out,
                                        prefix=net.exec_a())
    took = wait_exit(proc, 10)
    ping.terminate()
    check(took is not None and proc.returncode == 0, f"autostop packets: exit {proc.returncode}")
    check(ctl.read_until("X", 2) == "autostop: packets", "autostop packets: X reason")
    epbs, _ = clean_end(out, "autostop packets")
    check(len(epbs) == 7, f"autostop packets: exactly 7 packets ({len(epbs)})")

    out = os.path.join(work, "autostop-s.pcapng")
    proc, ctl = capturelib.start_helper(["-i", net.va, "--autostop-seconds", "1"], out,
                                        prefix=net.exec_a())
    took = wait_exit(proc, 3)
    check(took is not None and 0.9 < took < 2.0 and ctl.read_until("X", 2) == "autostop: duration",
          f"autostop seconds: stopped after {took and round(took, 2)} s")


def test_epipe(net, work):
    r, w = os.pipe()
    parent, child = capturelib.socket.socketpair()
    ping = pinger(net)
    proc = subprocess.Popen(net.exec_a() + [capturelib.helper_path(), "-i", net.va,
                                            "--output-fd", str(w), "--control-fd", str(child.fileno())],
                            pass_fds=(w, child.fileno()), stdin=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    os.close(w)
    child.close()
    ctl = capturelib.Control(parent)
    ctl.read_until("S", 10)
    os.close(r)
    took = wait_exit(proc, 2)
    ping.terminate()
    reason = ctl.read_until("X", 2)
    check(took is not None and proc.returncode == 9 and reason.startswith("write error: Broken pipe"),
          f"EPIPE on the output: exit {proc.returncode}, X {reason!r}")


def test_two_interfaces(net, work):
    out = os.path.join(work, "two.pcapng")
    proc, ctl = capturelib.start_helper(["-i", net.va, "-i", "lo", "-f", "icmp"], out,
                                        prefix=net.exec_a())
    started = ctl.read_until("S", 10)
    subprocess.run(net.exec_a() + ["ping", "-n", "-q", "-c", "3", "-i", "0.05", net.ip_b],
                   stdout=subprocess.DEVNULL)
    subprocess.run(net.exec_a() + ["ping", "-n", "-q", "-c", "2", "-i", "0.05", "127.0.0.1"],
                   stdout=subprocess.DEVNULL)
    time.sleep(0.3)
    ctl.send_quit()
    wait_exit(proc, 2)
    idbs, epbs, _ = capturelib.read_pcapng(out)
    per_if = [sum(1 for e in epbs if e["if"] == i) for i in range(2)]
    check(started == f"{net.va}\t1\t262144\nlo\t1\t262144\n", f"two interfaces: S {started!r}")
    check(len(idbs) == 2 and idbs[0]["options"].get(11) == b"\x00icmp", "two IDBs with if_filter")
    check(per_if == [6, 4], f"two interfaces: packets per interface {per_if}")
    r = subprocess.run(["tshark", "-r", out, "-T", "fields", "-e", "frame.interface_name"],
                       capture_output=True, text=True)
    check(r.stdout.split() == [net.va] * 6 + ["lo"] * 4 or sorted(r.stdout.split()) == sorted([net.va] * 6 + ["lo"] * 4),
          "tshark sees both interface names")


def main():
    capturelib.need_root()
    net = capturelib.Netns("capture-t1", 31)
    try:
        with tempfile.TemporaryDirectory() as work:
            test_same_as_tcpdump(net, work)
            for how in ("control closed", "SIGTERM", "stdin"):
                test_stop(net, work, how)
            test_autostop(net, work)
            test_epipe(net, work)
            test_two_interfaces(net, work)
    finally:
        net.close()
    print(f"{len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
