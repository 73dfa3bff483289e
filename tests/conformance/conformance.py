#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Field-by-field conformance of trawl-cli against tshark (the oracle).

usage: conformance.py TRAWL_CLI CAPTURE... [--known FILE] [--examples N]

For every field that both `trawl-cli -G fields` and `tshark -G fields` know,
both programs print every frame of every capture with
  -T fields -E occurrence=a -E separator=/t -e f1 -e f2 ...
(tshark also gets -n --enable-heuristic http_tcp; TCP reassembly and IP
defragmentation are on in both), in chunks of fields, and the values are
compared per frame and per field.  A field counts as "compared" on a frame
when either side printed something.  Fields that name a later frame
(TWO_PASS_FIELDS) are compared with `tshark -2`, WebSocket payloads with
tshark's default preferences (DEFAULT_PREFS_FIELDS).

Prints a table (field, frames compared, equal, differing, first examples)
and exits 1 if any field differs that is not listed in known-differences.txt
(lines "FIELD-or-glob  reason", or "FIELD-or-glob@CAPTURE#FRAME  reason"
for one frame of one capture: CAPTURE is the file's base name, both parts
may be globs), 77 when tshark is missing.
"""
import concurrent.futures
import fnmatch
import os
import shutil
import subprocess
import sys

CHUNK = 160

# Fields that point FORWARD to a later frame (the response to this query,
# the next request).  Single-pass tshark cannot know them; Trawl computes
# them in its analysis pass, as `tshark -2` does.  These are compared with
# `tshark -2`, everything else with single-pass tshark: -2 also changes
# fields that Trawl, like single-pass tshark, computes only from earlier
# frames (tcp.completeness, tcp.analysis.initial_rtt on the SYN/ACK).
TWO_PASS_FIELDS = {"dns.response_in", "http.response_in",
                   "http.next_request_in", "http.next_response_in",
                   "tcp.pdu.last_frame", "tcp.pdu.time", "tcp.reassembled_in",
                   "icmp.resp_in", "icmpv6.resp_in", "icmp.no_resp",
                   "icmpv6.no_resp", "ip.reassembled_in",
                   "ipv6.reassembled.in"}

# tshark 4.0 dissects WebSocket text and binary payloads only while it may
# desegment TCP (its WebSocket message reassembly needs it): with
# tcp.desegment_tcp_streams off it shows an empty "Payload" and no
# data-text-lines/data.  Trawl shows them as default tshark does (every
# WebSocket frame of the committed captures fits in its segment), so these
# are compared with tshark's default preferences on the frames where that
# tshark sees WebSocket: the text, the binary payload's data.*, and
# frame.protocols.
DEFAULT_PREFS_FIELDS = {"websocket.payload.text", "frame.protocols",
                        "data.data", "data.len"}


def glossary(cmd):
    out = subprocess.run(cmd + ["-G", "fields"], capture_output=True, text=True,
                         env=ENV).stdout
    fields = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if parts[0] == "F" and len(parts) >= 4:
            fields[parts[2]] = parts[3]
    return fields


# Trawl reassembles TCP and IP fragments as tshark does by default:
# compare with tshark's defaults, so that a difference means a wrong value.
TSHARK_PREFS = []


def run_fields(cmd, capture, fields):
    args = cmd + ["-r", capture, "-T", "fields", "-E", "occurrence=a",
                  "-E", "separator=/t"]
    for f in fields:
        args += ["-e", f]
    p = subprocess.run(args, capture_output=True, env=ENV)
    rows = []
    for line in p.stdout.decode("utf-8", "replace").split("\n")[:-1]:
        cols = line.split("\t")
        cols += [""] * (len(fields) - len(cols))
        rows.append(cols)
    return rows, p.returncode, p.stderr.decode("utf-8", "replace")


def load_known(path):
    known = []
    if path and os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            pat, _, reason = line.partition(" ")
            pat, _, where = pat.partition("@")
            known.append((pat, where, reason.strip()))
    return known


def known_reason(known, field, where=None):
    """The reason a difference of @field is expected: at @where
    ("capture#frame"), or on every frame when @where is None (then only
    whole-field entries count)."""
    for pat, loc, reason in known:
        if not fnmatch.fnmatchcase(field, pat):
            continue
        if loc == "" or (where is not None and fnmatch.fnmatchcase(where, loc)):
            return reason
    return None


def short(v, n=60):
    return v if len(v) <= n else v[:n] + "…"


def main():
    argv = sys.argv[1:]
    known_path, n_examples = None, 3
    if "--known" in argv:
        i = argv.index("--known")
        known_path = argv[i + 1]
        del argv[i:i + 2]
    if "--examples" in argv:
        i = argv.index("--examples")
        n_examples = int(argv[i + 1])
        del argv[i:i + 2]
    if len(argv) < 2:
        print(__doc__)
        return 2
    trawl, captures = argv[0], argv[1:]
    tshark = shutil.which("tshark")
    if tshark is None:
        print("tshark not found: skipping")
        return 77

    missing = [c for c in captures if not os.path.exists(c)]
    for c in missing:
        print(f"note: capture {c} does not exist, skipped")
    captures = [c for c in captures if os.path.exists(c)]
    known = load_known(known_path)
    ours = glossary([trawl])
    theirs = glossary([tshark])
    common = sorted(f for f in ours if f in theirs)
    only_ours = sorted(f for f in ours if f not in theirs)
    type_mismatch = [(f, ours[f], theirs[f]) for f in common if ours[f] != theirs[f]]

    # compared, equal, differing, examples, differing frames not explained
    stats = {f: [0, 0, 0, [], 0] for f in common}
    failures = []
    tshark_base = [tshark, "-n", "--enable-heuristic", "http_tcp"]
    tshark_cmd = tshark_base + TSHARK_PREFS
    chunks = [common[i:i + CHUNK] for i in range(0, len(common), CHUNK)]
    two_pass = [f for f in common if f in TWO_PASS_FIELDS]
    dflt = [f for f in common if f in DEFAULT_PREFS_FIELDS]

    def table(rows, fields):
        return [dict(zip(fields, r)) for r in rows]

    def run_capture(cap):
        t_main, o_main = [], []
        for k, chunk in enumerate(chunks):
            t_rows, t_rc, _ = run_fields(tshark_cmd, cap, chunk)
            o_rows, o_rc, o_err = run_fields([trawl, "-n"], cap, chunk)
            if k == 0 and (len(t_rows) != len(o_rows) or (t_rc == 0) != (o_rc == 0)):
                failures.append(f"{os.path.relpath(cap)}: tshark printed {len(t_rows)} frames "
                                f"(exit {t_rc}), trawl-cli {len(o_rows)} (exit {o_rc}) "
                                f"{o_err.strip()[:200]}")
            t_main.append(table(t_rows, chunk))
            o_main.append(table(o_rows, chunk))
        t_two = table(run_fields(tshark_cmd + ["-2"], cap, two_pass)[0], two_pass)
        t_dflt = table(run_fields(tshark_base, cap, dflt)[0], dflt)
        return cap, t_main, o_main, t_two, t_dflt

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(run_capture, captures))

    for cap, t_main, o_main, t_two, t_dflt in results:
        name = os.path.relpath(cap)
        base = os.path.basename(cap)
        for chunk, t_rows, o_rows in zip(chunks, t_main, o_main):
            for fno in range(min(len(t_rows), len(o_rows))):
                dflt_row = t_dflt[fno] if fno < len(t_dflt) else {}
                websocket = "websocket" in dflt_row.get("frame.protocols", "")
                for f in chunk:
                    tv, ov = t_rows[fno][f], o_rows[fno][f]
                    if f in TWO_PASS_FIELDS:
                        tv = t_two[fno][f] if fno < len(t_two) else ""
                    elif f in DEFAULT_PREFS_FIELDS and websocket:
                        tv = dflt_row.get(f, "")
                    if tv == "" and ov == "":
                        continue
                    s = stats[f]
                    s[0] += 1
                    if tv == ov:
                        s[1] += 1
                        continue
                    s[2] += 1
                    if known_reason(known, f, f"{base}#{fno + 1}") is not None:
                        continue
                    s[4] += 1
                    if len(s[3]) < n_examples:
                        s[3].append(f"{name}#{fno + 1}: tshark={short(tv)!r} trawl={short(ov)!r}")

    compared = [f for f in common if stats[f][0] > 0]
    differing = [f for f in compared if stats[f][2] > 0]
    unexplained = [f for f in differing if stats[f][4] > 0]

    print(f"captures: {len(captures)}; fields known to both: {len(common)}; "
          f"seen in the captures: {len(compared)}; "
          f"trawl-only fields: {len(only_ours)}")
    print()
    print(f"{'field':44} {'compared':>8} {'equal':>8} {'differ':>8}  status")
    for f in compared:
        c, e, d, _, u = stats[f]
        if d == 0:
            status = "ok"
        elif u > 0:
            status = "DIFFERS"
        else:
            reason = known_reason(known, f) or "on listed frames"
            status = f"KNOWN: {reason}"
        print(f"{f:44} {c:8} {e:8} {d:8}  {status}")
    print()
    total_c = sum(stats[f][0] for f in compared)
    total_e = sum(stats[f][1] for f in compared)
    print(f"values compared: {total_c}, equal: {total_e}, differing: {total_c - total_e}")
    print(f"fields differing: {len(differing)} ({len(unexplained)} not explained)")

    if unexplained:
        print("\nUnexplained differences (first examples):")
        for f in unexplained:
            print(f"  {f}:")
            for ex in stats[f][3]:
                print(f"      {ex}")
    if type_mismatch:
        print("\nFields whose type differs from tshark's (-G fields):")
        for f, a, b in type_mismatch:
            print(f"  {f}: trawl {a}, tshark {b}")
    if only_ours:
        print("\nFields tshark does not know (not compared): " + " ".join(only_ours))
    if failures:
        print("\nFrame count / exit status mismatches:")
        for line in failures:
            print("  " + line)

    return 1 if unexplained or failures or type_mismatch else 0


ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")

if __name__ == "__main__":
    sys.exit(main())
