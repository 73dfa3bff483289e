#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-write-targets.sh TRAWL_CLI SRCDIR: trawl-cli -w never destroys what
# is at the target (src/engine/file/trawl-file-target.h): devices, FIFOs
# and stdout written through; symbolic links followed; mode, owner and
# hard links kept; a file the user could not open for writing refused;
# a full file system leaves the old file whole; SIGINT/SIGTERM leave no
# temporary file.  The cases that need root (an own device node, another
# user, a small tmpfs) are skipped without it, and said so.
set -u
cli=$1 src=$2
in=$src/tests/captures/http-curl.pcap
tmp=$(mktemp -d)
mnt=""
cleanup () {
  [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
chmod 0755 "$tmp"
status=0
fail () { echo "FAIL: $*"; status=1; }
ok () { echo "ok: $*"; }
is_root=false
[ "$(id -u)" = 0 ] && is_root=true

# pcap FILE MBYTES: a classic pcap of about MBYTES MB of 60 KB frames.
pcap () {
  /usr/bin/python3 - "$1" "$2" <<'EOF'
import struct, sys
frame = bytes(6) + bytes([2, 0, 0, 0, 0, 1]) + b"\x08\x00" + bytes(60 * 1024 - 14)
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(int(float(sys.argv[2]) * 1024 * 1024) // len(frame)):
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(frame), len(frame)) + frame)
EOF
}

# No temporary file may be left in a folder.
no_leftover () {
  if ls -A "$1" | grep -q 'trawl-tmp'; then
    fail "$2: a temporary file was left: $(ls -A "$1" | grep trawl-tmp)"
  fi
}

"$cli" -r "$in" -w "$tmp/ref.pcapng" || { echo "FAIL: cannot write a plain file"; exit 1; }

# -- devices, FIFOs, stdout: written through
if $is_root; then
  full=$tmp/full
  mknod "$full" c 1 7   # a /dev/full of our own: a regression replaces only it
else
  full=/dev/full        # a user cannot replace it
fi
if "$cli" -r "$in" -w "$full" 2>"$tmp/err"; then
  fail "-w $full succeeded"
elif ! grep -q "No space left on device" "$tmp/err"; then
  fail "-w $full: unexpected error: $(cat "$tmp/err")"
elif [ ! -c "$full" ]; then
  fail "-w $full replaced the device"
else
  ok "-w $full: $(cat "$tmp/err")"
fi

"$cli" -r "$in" -w - | cat >"$tmp/stdout.pcapng"
cmp -s "$tmp/stdout.pcapng" "$tmp/ref.pcapng" && ok "-w - into a pipe" || fail "-w - into a pipe"
# As -w /dev/stdout, through a link of our own: a regression replaces
# only it, not the machine's /dev/stdout.
ln -s /proc/self/fd/1 "$tmp/stdout"
"$cli" -r "$in" -w "$tmp/stdout" | cat >"$tmp/devstdout.pcapng"
cmp -s "$tmp/devstdout.pcapng" "$tmp/ref.pcapng" && [ -L "$tmp/stdout" ] \
  && ok "-w a link to /proc/self/fd/1 (as /dev/stdout) into a pipe" \
  || fail "-w a link to /proc/self/fd/1 (as /dev/stdout) into a pipe"

mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/fifo.out" &
reader=$!
"$cli" -r "$in" -w "$tmp/fifo"
# A FIFO replaced by a file leaves its reader waiting: stop it.
for i in $(seq 50); do kill -0 $reader 2>/dev/null && sleep 0.1; done
kill $reader 2>/dev/null
wait $reader
if [ -p "$tmp/fifo" ] && cmp -s "$tmp/fifo.out" "$tmp/ref.pcapng"; then
  ok "-w FIFO"
else
  fail "-w FIFO: replaced, or other bytes"
fi

# -- symbolic links: the file they name is written
mkdir "$tmp/real" "$tmp/links"
echo old >"$tmp/real/target.pcapng"
ln -s ../real/target.pcapng "$tmp/links/rel.pcapng"
ln -s "$tmp/links/rel.pcapng" "$tmp/abs.pcapng"   # a link to a link
"$cli" -r "$in" -w "$tmp/abs.pcapng"
if [ -L "$tmp/abs.pcapng" ] && [ -L "$tmp/links/rel.pcapng" ] &&
   cmp -s "$tmp/real/target.pcapng" "$tmp/ref.pcapng"; then
  ok "-w through two symbolic links"
else
  fail "-w through two symbolic links: link replaced or target not written"
fi
no_leftover "$tmp/real" "symbolic links"
ln -s ../real/new.pcapng "$tmp/links/dangling.pcapng"
"$cli" -r "$in" -w "$tmp/links/dangling.pcapng"
if [ -L "$tmp/links/dangling.pcapng" ] && cmp -s "$tmp/real/new.pcapng" "$tmp/ref.pcapng"; then
  ok "-w a dangling link creates what it names"
else
  fail "-w a dangling link"
fi

# -- mode, owner, hard links
echo old >"$tmp/private.pcapng"
chmod 0600 "$tmp/private.pcapng"
"$cli" -r "$in" -w "$tmp/private.pcapng"
mode=$(stat -c %a "$tmp/private.pcapng")
[ "$mode" = 600 ] && cmp -s "$tmp/private.pcapng" "$tmp/ref.pcapng" && ok "mode 0600 kept" \
  || fail "mode: 0600 became $mode"

echo old >"$tmp/a.pcapng"
ln "$tmp/a.pcapng" "$tmp/b.pcapng"
inode=$(stat -c %i "$tmp/a.pcapng")
"$cli" -r "$in" -w "$tmp/a.pcapng"
if [ "$(stat -c %i:%h "$tmp/a.pcapng")" = "$inode:2" ] && cmp -s "$tmp/b.pcapng" "$tmp/ref.pcapng"; then
  ok "hard links kept (written in place)"
else
  fail "hard links: $(stat -c 'inode %i, %h links' "$tmp/a.pcapng"), was inode $inode"
fi
no_leftover "$tmp" "hard links"

if $is_root; then
  echo old >"$tmp/theirs.pcapng"
  chown nobody:nogroup "$tmp/theirs.pcapng"
  chmod 0640 "$tmp/theirs.pcapng"
  "$cli" -r "$in" -w "$tmp/theirs.pcapng"
  who=$(stat -c %U:%G:%a "$tmp/theirs.pcapng")
  [ "$who" = nobody:nogroup:640 ] && cmp -s "$tmp/theirs.pcapng" "$tmp/ref.pcapng" \
    && ok "owner, group and mode kept" || fail "owner: nobody:nogroup:640 became $who"

  # -- another user: refused what they could not open for writing
  shared=$tmp/shared
  mkdir "$shared"
  chmod 0777 "$shared"   # world-writable and not sticky: a rename would pass
  cp "$cli" "$in" "$tmp/"
  ucli=$tmp/$(basename "$cli") uin=$tmp/$(basename "$in")
  echo "root's file" >"$shared/root.pcapng"
  chmod 0644 "$shared/root.pcapng"
  if runuser -u nobody -- "$ucli" -r "$uin" -w "$shared/root.pcapng" 2>"$tmp/err"; then
    fail "nobody replaced root's read-only file"
  elif [ "$(cat "$shared/root.pcapng")" != "root's file" ] ||
       [ "$(stat -c %U "$shared/root.pcapng")" != root ]; then
    fail "root's read-only file changed"
  elif ! grep -q "Permission denied" "$tmp/err"; then
    fail "unexpected error: $(cat "$tmp/err")"
  else
    ok "nobody refused root's read-only file: $(cat "$tmp/err")"
  fi
  no_leftover "$shared" "refused write"
  # ... and writes, in place, root's file that anyone may write
  echo "root's open file" >"$shared/open.pcapng"
  chmod 0666 "$shared/open.pcapng"
  if runuser -u nobody -- "$ucli" -r "$uin" -w "$shared/open.pcapng" &&
     [ "$(stat -c %U:%a "$shared/open.pcapng")" = root:666 ] &&
     cmp -s "$shared/open.pcapng" "$tmp/ref.pcapng"; then
    ok "nobody wrote root's world-writable file, still root's"
  else
    fail "nobody writing root's world-writable file: $(stat -c %U:%a "$shared/open.pcapng")"
  fi
  no_leftover "$shared" "write in place"

  # -- a full file system: an error, and the old file whole
  mnt=$tmp/small
  mkdir "$mnt"
  mount -t tmpfs -o size=1m trawl-test-small "$mnt"
  pcap "$tmp/2mb.pcap" 2
  cp "$in" "$mnt/old.pcap"
  if "$cli" -r "$tmp/2mb.pcap" -w "$mnt/old.pcap" 2>"$tmp/err"; then
    fail "2 MB written on a 1 MB file system"
  elif ! cmp -s "$mnt/old.pcap" "$in" || ! grep -q "No space left on device" "$tmp/err"; then
    fail "full file system: old file changed, or: $(cat "$tmp/err")"
  else
    ok "full file system: $(cat "$tmp/err")"
  fi
  no_leftover "$mnt" "full file system"
  # in place (hard links): the temporary copy fits, the new size does not
  rm -f "$mnt/old.pcap"
  head -c 100000 "$tmp/2mb.pcap" >"$mnt/linked.pcap"
  ln "$mnt/linked.pcap" "$mnt/link2.pcap"
  pcap "$tmp/600k.pcap" 0.6
  if "$cli" -r "$tmp/600k.pcap" -w "$mnt/linked.pcap" 2>"$tmp/err"; then
    fail "in place: 2 x 600 KB written on a 1 MB file system"
  elif ! head -c 100000 "$tmp/2mb.pcap" | cmp -s - "$mnt/linked.pcap"; then
    fail "in place on a full file system: the old file changed"
  else
    ok "in place, full file system: $(cat "$tmp/err")"
  fi
  no_leftover "$mnt" "in place, full file system"
  umount "$mnt" && mnt=""
else
  echo "SKIP (not root): owner kept, another user refused, full file system"
fi

# -- a signal in the middle of a big write leaves no temporary file
pcap "$tmp/big.pcap" 400
for sig in INT TERM; do
  mkdir "$tmp/sig-$sig"
  env --default-signal=INT "$cli" -r "$tmp/big.pcap" -w "$tmp/sig-$sig/out.pcapng" &
  pid=$!
  seen=false
  while kill -0 $pid 2>/dev/null; do
    if ls -A "$tmp/sig-$sig" | grep -q trawl-tmp; then seen=true; break; fi
  done
  if ! $seen; then
    fail "SIG$sig: the write ended before its temporary file was seen"
    wait $pid
    continue
  fi
  kill -$sig $pid
  wait $pid
  rc=$?
  if [ -n "$(ls -A "$tmp/sig-$sig")" ]; then
    fail "SIG$sig during the write left: $(ls -A "$tmp/sig-$sig")"
  elif [ $rc -le 128 ]; then
    fail "SIG$sig: exit status $rc, not death by the signal"
  else
    ok "SIG$sig during a 400 MB write: nothing left, exit status $rc"
  fi
done
exit $status
