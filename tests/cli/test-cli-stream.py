# SPDX-License-Identifier: GPL-3.0-or-later
"""trawl-cli -r of streams, as tshark reads them: stdin ("-"), a FIFO,
gzip files (inflated as they are read, the magic number checked first,
-c stopping early, a limit on what a bomb can cost).

usage: test-cli-stream.py TRAWL_CLI SOURCE_ROOT"""

import gzip
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib

CLI = os.path.abspath(sys.argv[1])
ROOT = sys.argv[2]
CAPS = os.path.join(ROOT, "tests", "captures")
ENV = dict(os.environ, TZ="UTC")
failed = 0


def check(cond, what):
    global failed
    print(("ok - " if cond else "not ok - ") + what)
    if not cond:
        failed += 1


def cli(args, **kw):
    return subprocess.run([CLI] + args, capture_output=True, env=kw.pop("env", ENV), **kw)


def test_stdin():
    for name in ("http-curl.pcap", "ws-chat-eth.pcapng", "dns-netns.pcap", "vlan-qinq.pcap"):
        path = os.path.join(CAPS, name)
        want = cli(["-r", path]).stdout
        with open(path, "rb") as f:
            got = cli(["-r", "-"], stdin=f)
        check(got.returncode == 0 and got.stdout == want and want, f"-r - of {name} prints what -r FILE prints")
    path = os.path.join(CAPS, "ws-chat-eth.pcapng")
    with open(path, "rb") as f:
        got = cli(["-r", "-", "-V"], stdin=f)
    check(got.stdout == cli(["-r", path, "-V"]).stdout, "-V of stdin equals -V of the file")


def test_fifo(work):
    fifo = os.path.join(work, "fifo")
    os.mkfifo(fifo)
    path = os.path.join(CAPS, "dns-netns.pcap")

    def writer():
        time.sleep(0.5)
        with open(fifo, "wb") as f, open(path, "rb") as src:
            data = src.read()
            f.write(data[:1000])
            f.flush()
            time.sleep(0.3)
            f.write(data[1000:])

    t = threading.Thread(target=writer)
    t.start()
    got = cli(["-r", fifo, "-Y", "dns"], timeout=30)
    t.join()
    check(got.returncode == 0 and got.stdout == cli(["-r", path, "-Y", "dns"]).stdout,
          "a FIFO whose writer comes later, in two writes, reads whole")


def test_pipe_count():
    path = os.path.join(CAPS, "http-curl.pcap")
    data = open(path, "rb").read()
    p = subprocess.Popen([CLI, "-r", "-", "-c", "2"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    p.stdin.write(data)
    p.stdin.flush()
    t0 = time.monotonic()
    try:
        p.wait(timeout=10)  # stdin stays open: only -c can end it
        out = p.stdout.read()
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        out = b""
    took = time.monotonic() - t0
    p.stdin.close()
    check(len(out.splitlines()) == 2 and took < 5,
          f"-c 2 on a pipe that stays open ends at once ({took:.2f} s)")


def test_gzip(work):
    path = os.path.join(CAPS, "ws-chat-eth.pcapng")
    gz = os.path.join(work, "chat.pcapng.gz")
    with open(path, "rb") as src, gzip.open(gz, "wb") as dst:
        dst.write(src.read())
    want = cli(["-r", path]).stdout
    check(cli(["-r", gz]).stdout == want, "a gzip file prints what the plain file prints")
    check(cli(["-r", gz, "-T", "json"]).stdout == cli(["-r", path, "-T", "json"]).stdout,
          "...and -T json (the whole analysis) too")
    got = cli(["-r", gz, "-c", "3"])
    check(got.stdout.splitlines() == want.splitlines()[:3], "-c 3 of a gzip file")

    text = os.path.join(work, "notes.txt.gz")
    with gzip.open(text, "wb") as f:
        f.write(b"these are my notes, not a capture\n" * 100000)
    got = cli(["-r", text], timeout=20)
    check(got.returncode != 0 and b"not a capture file" in got.stderr,
          "a gzip file of text is refused on its first bytes: " + got.stderr.decode().strip())

    got = cli(["-r", gz], env=dict(ENV, TRAWL_GZIP_LIMIT="4K"))
    check(got.returncode != 0 and b"TRAWL_GZIP_LIMIT" in got.stderr,
          "past the inflate limit, a clear error naming the knob")


def test_bomb(work):
    """A pcap header and 256 MiB of zeros (16.7 M empty frames) in 256 KiB of gzip."""
    bomb = os.path.join(work, "bomb.pcap.gz")
    header = bytes.fromhex("d4c3b2a1020004000000000000000000ffff000001000000")
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    with open(bomb, "wb") as f:
        f.write(comp.compress(header))
        for _ in range(256):
            f.write(comp.compress(chunk))
        f.write(comp.flush())
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    got = cli(["-r", bomb, "-c", "1"], timeout=60)
    took = time.monotonic() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    check(got.returncode == 0 and len(got.stdout.splitlines()) == 1,
          f"-c 1 of a gzip bomb prints one frame ({os.path.getsize(bomb)} bytes compressed)")
    check(took < 10, f"...in {took:.2f} s")
    check(rss < 400 * 1024 or rss <= before, f"...with a peak RSS of {rss // 1024} MB")


def main():
    with tempfile.TemporaryDirectory(prefix="trawl-stream-") as work:
        test_stdin()
        test_fifo(work)
        test_pipe_count()
        test_gzip(work)
        test_bomb(work)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
