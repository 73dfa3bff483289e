#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Display and tcpdump filters: trawl-cli against tshark and tcpdump.

usage: filter-conformance.py TRAWL_CLI --filters FILTERS.txt
                             [--known KNOWN.txt] [--direct] CAPTURE...

Every display filter of FILTERS.txt is run on every capture by tshark
(the oracle) and by `trawl-cli -r CAP -Y FILTER -T fields -e frame.number`;
the lists of matching frames must be equal.  tshark gets -n, the HTTP
heuristic and TCP reassembly off, as the field conformance suite does
(Trawl reassembles IP fragments as tshark does by default, not TCP).  To keep the suite quick, tshark evaluates all
filters in ONE pass per capture: a Lua script makes one tap listener per
filter (tap filters are display filters, compiled and primed the same
way); filters that read "displayed" fields, which depend on what -Y keeps,
and every filter with --direct, run as `tshark -Y` instead, and filters
on fields that name a later frame (http.response_in) as `tshark -2 -Y`,
because Trawl's analysis pass knows them as tshark's first pass does.

Lines "bpf: EXPR" are tcpdump filters: `trawl-cli -f EXPR` must keep the
frames `tcpdump -r CAP -n EXPR` keeps (compared by their timestamps), or
both must refuse the expression.

Prints a table and exits 1 on any difference not listed in KNOWN.txt
(lines "FILTER<TAB>CAPTURE-GLOB<TAB>reason"; FILTER may be a shell glob),
77 when tshark is missing.
"""
import concurrent.futures
import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile

ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
TSHARK_OPTS = ["-n", "--enable-heuristic", "http_tcp",
               "-o", "tcp.desegment_tcp_streams:FALSE"]

LUA = r"""
local path = os.getenv("TRAWL_FILTERS_FILE")
local filters, hits, errs = {}, {}, {}
for line in io.lines(path) do table.insert(filters, line) end
for i, f in ipairs(filters) do
  hits[i] = {}
  local ok, l = pcall(Listener.new, "frame", f)
  if ok then
    l.packet = function (pinfo) table.insert(hits[i], pinfo.number) end
  else
    errs[i] = tostring(l):gsub("\n", " ")
  end
end
local done = Listener.new(nil, nil)
function done.draw()
  for i = 1, #filters do
    if errs[i] then print("ERR\t" .. errs[i])
    else print("OK\t" .. table.concat(hits[i], " ")) end
  end
end
"""


def load_filters(path):
    display, bpf = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("bpf:"):
            bpf.append(line[4:].strip())
        else:
            display.append(line)
    return display, bpf


def load_known(path):
    known = []
    if path and os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                known.append((parts[0], parts[1], parts[2]))
    return known


def known_reason(known, flt, capture):
    base = os.path.basename(capture)
    for pat, cap, reason in known:
        if (pat == flt or fnmatch.fnmatchcase(flt, pat)) and fnmatch.fnmatchcase(base, cap):
            return reason
    return None


# Fields that point FORWARD to a later frame: single-pass tshark cannot
# know them; Trawl computes them in its analysis pass, as `tshark -2` does
# (conformance.py compares them the same way).
TWO_PASS_FIELDS = ("dns.response_in", "http.response_in",
                   "http.next_request_in", "http.next_response_in")


def needs_direct(flt):
    return "displayed" in flt or any(f in flt for f in TWO_PASS_FIELDS)


def tshark_direct(capture, flt):
    two = ["-2"] if any(f in flt for f in TWO_PASS_FIELDS) else []
    p = subprocess.run(["tshark"] + TSHARK_OPTS + two + ["-r", capture, "-Y", flt,
                        "-T", "fields", "-e", "frame.number"],
                       capture_output=True, text=True, env=ENV)
    if p.returncode != 0:
        err = [l for l in p.stderr.splitlines() if not l.startswith("Running as")]
        return ("ERR", " ".join(err)[:120])
    return ("OK", " ".join(p.stdout.split()))


def tshark_all(capture, filters, direct):
    """Frame lists per filter: ("OK", "1 2 3") or ("ERR", message)."""
    results = [None] * len(filters)
    tapped = [i for i, f in enumerate(filters)
              if not direct and not needs_direct(f)]
    if tapped:
        with tempfile.TemporaryDirectory() as tmp:
            fpath = os.path.join(tmp, "filters.txt")
            lpath = os.path.join(tmp, "filters.lua")
            with open(fpath, "w", encoding="utf-8") as fp:
                fp.write("".join(filters[i] + "\n" for i in tapped))
            with open(lpath, "w", encoding="utf-8") as fp:
                fp.write(LUA)
            env = dict(ENV, TRAWL_FILTERS_FILE=fpath)
            p = subprocess.run(["tshark"] + TSHARK_OPTS + ["-q", "-r", capture,
                                "-X", "lua_script:" + lpath],
                               capture_output=True, text=True, env=env)
            lines = p.stdout.splitlines()[-len(tapped):]
            if len(lines) != len(tapped):
                sys.exit(f"tshark's Lua run on {capture} failed: {p.stderr[-500:]}")
            for i, line in zip(tapped, lines):
                kind, _, rest = line.partition("\t")
                results[i] = (kind, rest.strip())
    for i, f in enumerate(filters):
        if results[i] is None:
            results[i] = tshark_direct(capture, f)
    return results


def trawl_one(cli, capture, flt):
    p = subprocess.run([cli, "-r", capture, "-Y", flt, "-T", "fields",
                        "-e", "frame.number"], capture_output=True, text=True, env=ENV)
    if p.returncode != 0:
        return ("ERR", " ".join(p.stderr.splitlines())[:120])
    return ("OK", " ".join(p.stdout.split()))


def epochs_tcpdump(capture, expr):
    p = subprocess.run(["tcpdump", "--nano", "-tt", "-n", "-r", capture, expr],
                       capture_output=True, text=True, env=ENV)
    if p.returncode != 0:
        err = [l for l in p.stderr.splitlines() if not l.startswith("reading from")]
        return ("ERR", " ".join(err)[:120])
    return ("OK", sorted(l.split(" ", 1)[0] for l in p.stdout.splitlines() if l))


def epochs_trawl(cli, capture, expr):
    p = subprocess.run([cli, "-r", capture, "-f", expr, "-T", "fields",
                        "-e", "frame.time_epoch"], capture_output=True, text=True, env=ENV)
    if p.returncode != 0:
        return ("ERR", " ".join(p.stderr.splitlines())[:120])
    return ("OK", sorted(l.strip() for l in p.stdout.splitlines() if l.strip()))


def tcpdump_reads(capture):
    p = subprocess.run(["tcpdump", "-r", capture, "-c", "1", "-n"],
                       capture_output=True, text=True, env=ENV)
    return p.returncode == 0


def main(argv):
    args, captures, fpath, kpath, direct = argv[1:], [], None, None, False
    cli = None
    i = 0
    while i < len(args):
        if args[i] == "--filters":
            fpath = args[i + 1]; i += 2
        elif args[i] == "--known":
            kpath = args[i + 1]; i += 2
        elif args[i] == "--direct":
            direct = True; i += 1
        elif cli is None:
            cli = args[i]; i += 1
        else:
            captures.append(args[i]); i += 1
    if cli is None or fpath is None or not captures:
        sys.exit(__doc__)
    if shutil.which("tshark") is None:
        print("tshark not found: skipping")
        return 77

    display, bpf = load_filters(fpath)
    known = load_known(kpath)
    rows = {}          # filter -> list of (capture, verdict, detail)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        oracle = dict(zip(captures, pool.map(lambda c: tshark_all(c, display, direct), captures)))
        jobs = {(c, f): pool.submit(trawl_one, cli, c, f) for c in captures for f in display}
        have_tcpdump = shutil.which("tcpdump") is not None
        readable = {c: have_tcpdump and tcpdump_reads(c) for c in captures}
        bjobs = {(c, e): (pool.submit(epochs_tcpdump, c, e), pool.submit(epochs_trawl, cli, c, e))
                 for c in captures if readable[c] for e in bpf}
        for k, f in enumerate(display):
            for c in captures:
                want, got = oracle[c][k], jobs[(c, f)].result()
                rows.setdefault(f, []).append((c, want, got))
        for e in bpf:
            for c in captures:
                if (c, e) in bjobs:
                    want, got = bjobs[(c, e)][0].result(), bjobs[(c, e)][1].result()
                    rows.setdefault("bpf: " + e, []).append((c, want, got))

    n_cmp = n_eq = n_known = n_bad = 0
    failures, explained = [], []
    print(f"{'filter':60} {'caps':>4} {'equal':>5} {'diff':>4} {'tshark frames':>13}")
    for flt, results in rows.items():
        eq = diff = frames = 0
        for c, want, got in results:
            n_cmp += 1
            if want[0] == "OK":
                frames += len(want[1].split()) if isinstance(want[1], str) else len(want[1])
            same = want == got or (want[0] == "ERR" and got[0] == "ERR")
            if same:
                eq += 1
                n_eq += 1
                continue
            diff += 1
            reason = known_reason(known, flt, c)
            item = (flt, os.path.basename(c), want, got, reason)
            if reason:
                n_known += 1
                explained.append(item)
            else:
                n_bad += 1
                failures.append(item)
        mark = "" if diff == 0 else "  <-- differs"
        print(f"{flt[:60]:60} {len(results):4} {eq:5} {diff:4} {frames:13}{mark}")

    def show(item):
        flt, cap, want, got, reason = item
        w = want[1] if isinstance(want[1], str) else " ".join(want[1])
        g = got[1] if isinstance(got[1], str) else " ".join(got[1])
        print(f"  {flt}  @ {cap}" + (f"  [known: {reason}]" if reason else ""))
        print(f"    oracle: {want[0]} {w[:200]}")
        print(f"    trawl:  {got[0]} {g[:200]}")

    if explained:
        print(f"\nknown differences ({len(explained)}):")
        for item in explained:
            show(item)
    if failures:
        print(f"\nUNEXPLAINED differences ({len(failures)}):")
        for item in failures:
            show(item)
    n_filters = len(display) + len(bpf)
    print(f"\n{n_filters} filters ({len(display)} display, {len(bpf)} tcpdump) x captures: "
          f"{n_cmp} compared, {n_eq} equal, {n_known} known differences, {n_bad} unexplained")
    return 1 if n_bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
