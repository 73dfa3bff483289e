#!/usr/bin/python3
"""Field-by-field conformance of trawl-cli against tshark (the oracle).

usage: conformance.py TRAWL_CLI CAPTURE... [--known FILE] [--examples N]

For every field that both `trawl-cli -G fields` and `tshark -G fields` know,
both programs print every frame of every capture with
  -T fields -E occurrence=a -E separator=/t -e f1 -e f2 ...
(tshark also gets -n --enable-heuristic http_tcp), in chunks of fields, and
the values are compared per frame and per field.  A field counts as
"compared" on a frame when either side printed something.

Prints a table (field, frames compared, equal, differing, first examples)
and exits 1 if any field differs that is not listed in known-differences.txt
(lines "FIELD-or-glob  reason"), 77 when tshark is missing.
"""
import fnmatch
import os
import shutil
import subprocess
import sys

CHUNK = 80


def glossary(cmd):
    out = subprocess.run(cmd + ["-G", "fields"], capture_output=True, text=True,
                         env=ENV).stdout
    fields = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if parts[0] == "F" and len(parts) >= 4:
            fields[parts[2]] = parts[3]
    return fields


# Trawl does not reassemble IP fragments or TCP segments (yet): compare with
# tshark configured the same way, so that a difference means a wrong value.
TSHARK_PREFS = ["-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
                "-o", "tcp.desegment_tcp_streams:FALSE"]


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
            known.append((pat, reason.strip()))
    return known


def known_reason(known, field):
    for pat, reason in known:
        if fnmatch.fnmatchcase(field, pat):
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

    stats = {f: [0, 0, 0, []] for f in common}   # compared, equal, differing, examples
    failures = []
    for cap in captures:
        name = os.path.relpath(cap)
        for start in range(0, len(common), CHUNK):
            chunk = common[start:start + CHUNK]
            t_rows, t_rc, _ = run_fields([tshark, "-n", "--enable-heuristic", "http_tcp"] + TSHARK_PREFS, cap, chunk)
            o_rows, o_rc, o_err = run_fields([trawl, "-n"], cap, chunk)
            if start == 0 and (len(t_rows) != len(o_rows) or (t_rc == 0) != (o_rc == 0)):
                failures.append(f"{name}: tshark printed {len(t_rows)} frames (exit {t_rc}), "
                                f"trawl-cli {len(o_rows)} (exit {o_rc}) {o_err.strip()[:200]}")
            for fno in range(min(len(t_rows), len(o_rows))):
                for k, f in enumerate(chunk):
                    tv, ov = t_rows[fno][k], o_rows[fno][k]
                    if tv == "" and ov == "":
                        continue
                    s = stats[f]
                    s[0] += 1
                    if tv == ov:
                        s[1] += 1
                    else:
                        s[2] += 1
                        if len(s[3]) < n_examples:
                            s[3].append(f"{name}#{fno + 1}: tshark={short(tv)!r} trawl={short(ov)!r}")

    compared = [f for f in common if stats[f][0] > 0]
    differing = [f for f in compared if stats[f][2] > 0]
    unexplained = [f for f in differing if known_reason(known, f) is None]

    print(f"captures: {len(captures)}; fields known to both: {len(common)}; "
          f"seen in the captures: {len(compared)}; "
          f"trawl-only fields: {len(only_ours)}")
    print()
    print(f"{'field':44} {'compared':>8} {'equal':>8} {'differ':>8}  status")
    for f in compared:
        c, e, d, _ = stats[f]
        if d == 0:
            status = "ok"
        else:
            reason = known_reason(known, f)
            status = f"KNOWN: {reason}" if reason else "DIFFERS"
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
