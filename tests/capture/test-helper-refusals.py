#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile trawl-capture invocations: each is refused with one line on
stderr and its own exit code, nothing reaches the output fd, and no device
is opened (run as nobody when root, where opening one would fail with the
permission code 7 instead of the validation code)."""

import os
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import capturelib  # noqa: E402

USAGE, NUMBER, INTERFACE, FILTER, FD = 2, 3, 4, 5, 6

HELPER = capturelib.helper_path()
OUT = "@OUT"   # replaced by the output fd's number

CASES = [
    # (description, arguments, expected exit code)
    ("no arguments", [], USAGE),
    ("no --output-fd", ["-i", "lo"], USAGE),
    ("unknown long option", ["-i", "lo", "--output-fd", OUT, "--bogus"], USAGE),
    ("unknown short option", ["-x", "-i", "lo", "--output-fd", OUT], USAGE),
    ("option without value", ["--output-fd", OUT, "-i"], USAGE),
    ("extra argument", ["-i", "lo", "--output-fd", OUT, "extra"], USAGE),
    ("bad --format", ["--list-interfaces", "--format=xml"], USAGE),
    ("-f twice", ["-i", "lo", "-f", "tcp", "-f", "udp", "--output-fd", OUT], USAGE),
    ("65 interfaces", sum((["-i", "lo"] for _ in range(65)), []) + ["--output-fd", OUT], USAGE),
    ("name with slash", ["-i", "eth0/../lo", "--output-fd", OUT], INTERFACE),
    ("name ..", ["-i", "..", "--output-fd", OUT], INTERFACE),
    ("name .", ["-i", ".", "--output-fd", OUT], INTERFACE),
    ("name of 300 chars", ["-i", "a" * 300, "--output-fd", OUT], INTERFACE),
    ("name of 16 chars", ["-i", "abcdefghijklmnop", "--output-fd", OUT], INTERFACE),
    ("empty name", ["-i", "", "--output-fd", OUT], INTERFACE),
    ("absent interface", ["-i", "trawlnoexist0", "--output-fd", OUT], INTERFACE),
    ("name with ;", ["-i", "lo;true", "--output-fd", OUT], INTERFACE),
    ("name with newline", ["-i", "lo\n", "--output-fd", OUT], INTERFACE),
    ("name with space", ["-i", "lo ", "--output-fd", OUT], INTERFACE),
    ("non-ASCII name", ["-i", "l\u00f6", "--output-fd", OUT], INTERFACE),
    ("same interface twice", ["-i", "lo", "-i", "lo", "--output-fd", OUT], INTERFACE),
    ("good then absent", ["-i", "lo", "-i", "trawlnoexist1", "--output-fd", OUT], INTERFACE),
    ("filter syntax", ["-i", "lo", "-f", "tcp port", "--output-fd", OUT], FILTER),
    ("filter parenthesis", ["-i", "lo", "-f", "(tcp", "--output-fd", OUT], FILTER),
    ("filter port range", ["-i", "lo", "-f", "port 99999999", "--output-fd", OUT], FILTER),
    ("filter garbage", ["-i", "lo", "-f", "\x01\x02 ;rm -rf /", "--output-fd", OUT], FILTER),
    ("filter too long", ["-i", "lo", "-f", "tcp or " * 9000 + "tcp", "--output-fd", OUT], FILTER),
    ("snaplen 0", ["-i", "lo", "-s", "0", "--output-fd", OUT], NUMBER),
    ("snaplen 2^32", ["-i", "lo", "-s", "4294967296", "--output-fd", OUT], NUMBER),
    ("snaplen -1", ["-i", "lo", "-s", "-1", "--output-fd", OUT], NUMBER),
    ("snaplen over max", ["-i", "lo", "-s", "262145", "--output-fd", OUT], NUMBER),
    ("snaplen with letters", ["-i", "lo", "-s", "12abc", "--output-fd", OUT], NUMBER),
    ("snaplen with space", ["-i", "lo", "-s", " 12", "--output-fd", OUT], NUMBER),
    ("snaplen hex", ["-i", "lo", "-s", "0x100", "--output-fd", OUT], NUMBER),
    ("buffer 0", ["-i", "lo", "-B", "0", "--output-fd", OUT], NUMBER),
    ("buffer huge", ["-i", "lo", "-B", "99999", "--output-fd", OUT], NUMBER),
    ("autostop packets 0", ["-i", "lo", "--autostop-packets", "0", "--output-fd", OUT], NUMBER),
    ("autostop seconds huge", ["-i", "lo", "--autostop-seconds", "99999999999", "--output-fd", OUT], NUMBER),
    ("autostop kb 2^64", ["-i", "lo", "--autostop-kb", "18446744073709551616", "--output-fd", OUT], NUMBER),
    ("output fd not a number", ["-i", "lo", "--output-fd", "three"], NUMBER),
    ("output fd negative", ["-i", "lo", "--output-fd", "-3"], NUMBER),
    ("output fd closed", ["-i", "lo", "--output-fd", "97"], FD),
    ("output fd read-only", ["-i", "lo", "--output-fd", "@RDONLY"], FD),
    ("control fd closed", ["-i", "lo", "--output-fd", OUT, "--control-fd", "98"], FD),
    ("control fd = output fd", ["-i", "lo", "--output-fd", OUT, "--control-fd", OUT], FD),
    ("control fd read-only pipe", ["-i", "lo", "--output-fd", OUT, "--control-fd", "@PIPE_R"], FD),
]


def run_case(desc, args, expect, workdir):
    out_path = os.path.join(workdir, "out.pcapng")
    out_fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    ro_fd = os.open(out_path, os.O_RDONLY)
    pipe_r, pipe_w = os.pipe()
    subst = {OUT: str(out_fd), "@RDONLY": str(ro_fd), "@PIPE_R": str(pipe_r)}
    argv = [subst.get(a, a) for a in args]
    prefix = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    try:
        r = subprocess.run(prefix + [HELPER] + argv, pass_fds=(out_fd, ro_fd, pipe_r),
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=30,
                           env=dict(os.environ, LC_ALL="C"))
    finally:
        for fd in (out_fd, ro_fd, pipe_r, pipe_w):
            os.close(fd)
    problems = []
    lines = r.stderr.decode(errors="replace").splitlines()
    if r.returncode != expect:
        problems.append(f"exit {r.returncode}, expected {expect}")
    if len(lines) != 1 or not lines[0].startswith("trawl-capture: "):
        problems.append(f"stderr is not one line: {r.stderr!r}")
    if os.path.getsize(out_path) != 0:
        problems.append(f"{os.path.getsize(out_path)} bytes written to the output")
    if r.stdout:
        problems.append(f"stdout: {r.stdout[:80]!r}")
    status = "ok" if not problems else "FAIL " + "; ".join(problems)
    print(f"{desc:28} exit {r.returncode:2} {status}  | {lines[0][:90] if lines else ''}")
    return not problems


def error_message_on_control(workdir):
    """With a usable control socket, the refusal also arrives as 'E'."""
    out_path = os.path.join(workdir, "out.pcapng")
    proc, ctl = capturelib.start_helper(["-i", "trawlnoexist2"], out_path, helper=HELPER)
    err = proc.stderr.read().decode()
    proc.wait(10)
    text = ctl.read_until("E", 5)
    ok = proc.returncode == INTERFACE and err.strip() == "trawl-capture: " + text
    print(f"{'E message on control':28} exit {proc.returncode:2} {'ok' if ok else 'FAIL'} | E {text!r}")
    return ok


def main():
    with tempfile.TemporaryDirectory() as workdir:
        os.chmod(workdir, 0o777)
        results = [run_case(d, a, e, workdir) for d, a, e in CASES]
        results.append(error_message_on_control(workdir))
    print(f"{sum(results)}/{len(results)} refusals as expected")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
