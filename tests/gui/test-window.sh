#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-window.sh TRAWL TRAWL-CLI: drive the real window under Xvfb.
#
# Starts `trawl data/chat.pcap` with TRAWL_DEBUG_STDOUT=1 (the window then
# prints "selected N", "field ABBREV ds= start= len=", "displayed N/M",
# "sorted ...", "max-stall X ms"), sends real input with xdotool and
# checks what it prints; screenshots go to $TRAWL_SHOTS (default: the
# test's work dir) and are listed at the end, to be looked at.
# Then it scrolls through a big capture (TRAWL_BIG=path.pcap, or 200,000
# frames replicated from a committed capture).
set -u
TRAWL=$1
CLI=$2
DATA=${TRAWL_DATA:-$(dirname "$0")/../../data}

for tool in xvfb-run xdotool import dbus-run-session; do
  command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool missing"; exit 77; }
done

if [ -z "${TRAWL_IN_XVFB:-}" ]; then
  export TRAWL_IN_XVFB=1
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

export GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none
export TRAWL_DEBUG_STDOUT=1 TRAWL_NON_UNIQUE=1
# Software GL under Xvfb is slow; cairo draws the same widgets.
export GSK_RENDERER=${GSK_RENDERER:-cairo}
SHOTS=${TRAWL_SHOTS:-$(mktemp -d /tmp/trawl-shots.XXXXXX)}
mkdir -p "$SHOTS"
OUT=/dev/null
FAIL=0
PID=

fail () { echo "FAIL: $*"; FAIL=1; }
shot () { import -window root "$SHOTS/$1.png"; echo "screenshot: $SHOTS/$1.png"; }
# mark: only lines printed after this count for wait_for and last
MARK=0
mark () { MARK=$(wc -l < "$OUT"); }
new_lines () { tail -n +$((MARK + 1)) "$OUT"; }
# wait_for REGEX [SECONDS]: until a line printed since the mark matches
wait_for () {
  t=0; limit=$(( ${2:-10} * 10 ))
  while ! new_lines | grep -qE "$1"; do
    t=$((t + 1)); [ $t -ge $limit ] && { fail "timed out waiting for /$1/"; return 1; }
    sleep 0.1
  done
  return 0
}
last () { new_lines | grep -E "$1" | tail -1; }
RUN=0
start () {
  RUN=$((RUN + 1))
  OUT=$SHOTS/stdout-$RUN.txt
  MARK=0
  : > "$OUT"
  "$TRAWL" "$1" > "$OUT" 2> "$SHOTS/stderr-$RUN.txt" &
  PID=$!
}
stop () { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; PID=; }
trap stop EXIT

# Geometry of the default 1200x760 window at 0,0 (rows are 20 px high).
ROW1_Y=137
row_y () { echo $((ROW1_Y + 20 * ($1 - 1))); }

# ---- chat.pcap ----
start "$DATA/chat.pcap"
wait_for '^loaded frames=89 ' 20 || { cat "$SHOTS/stderr-$RUN.txt"; exit 1; }
wait_for '^displayed 89/89$'
sleep 1
shot 01-loaded

mark
# Click frame 4 (HTTP GET), open every subtree.
xdotool mousemove 300 "$(row_y 4)" click 1
wait_for '^selected 4$' || true
xdotool key ctrl+Right
sleep 0.5
shot 02-frame4-expanded

mark
# Click byte 0x2a (third line, 11th byte) in the byte view: frame 4 is
# SLL2 (20) + IPv4 (20) + TCP, so tshark puts tcp.dstport at 42..43.
sleep 0.5
xdotool mousemove $((12 + (6 + 30 + 1) * 8 + 4)) 647 click 1
# Under a loaded Xvfb the byte view may not be laid out yet: one retry.
for t in 1 2 3 4 5 6 7 8 9 10; do new_lines | grep -q '^byte-clicked' && break; sleep 0.2; done
new_lines | grep -q '^byte-clicked' || xdotool click 1
if wait_for '^byte-clicked ds=0 offset=42$'; then
  wait_for '^field tcp.dstport ds=0 start=42 len=2$' &&
  wait_for '^bytes-highlighted ds=0 start=42 len=2$'
fi
sleep 0.3
shot 03-byte-clicked

# Display filter: the same count as trawl-cli -Y.
mark
expect=$("$CLI" -r "$DATA/chat.pcap" -Y websocket | wc -l)
xdotool key ctrl+slash
xdotool type --delay 20 'websocket'
xdotool key Return
wait_for "^displayed $expect/89\$" 20 && echo "ok: filter websocket shows $expect frames, as trawl-cli -Y"
sleep 0.5
shot 04-filter-websocket

# Export Specified Packets (Ctrl+Shift+E): with a filter applied the
# dialog offers the displayed packets (Enter takes them); the written
# file holds just those, as trawl-cli -Y writes them.
mark
xdotool key ctrl+shift+e
wait_for '^export-dialog shown$'
sleep 1
shot 04b-export-dialog
xdotool key Return
sleep 1.5
shot 04b-export-chooser
xdotool key ctrl+a
xdotool type --delay 10 "$SHOTS/exported.pcapng"
xdotool key Return
if wait_for '^saved .*exported.pcapng frames=' 20; then
  got=$("$CLI" -r "$SHOTS/exported.pcapng" | wc -l)
  "$CLI" -r "$SHOTS/exported.pcapng" -T fields -e frame.time_epoch -e frame.len > "$SHOTS/exported.txt"
  "$CLI" -r "$DATA/chat.pcap" -Y websocket -T fields -e frame.time_epoch -e frame.len > "$SHOTS/expected.txt"
  [ "$got" = "$expect" ] && cmp -s "$SHOTS/exported.txt" "$SHOTS/expected.txt" &&
    echo "ok: exported the $expect displayed packets (times and lengths as trawl-cli -Y)" ||
    fail "export: the file has $got frames, want $expect"
fi
sleep 0.5
shot 04c-exported

mark
# An invalid filter turns red with its message; Esc clears.
xdotool key ctrl+a
xdotool type --delay 20 'tcp.port == '
wait_for '^filter-error shown$' && echo "ok: an invalid filter shows its error line"
shot 05-filter-error
mark
xdotool key Escape
wait_for '^displayed 89/89$' && echo "ok: Esc clears the filter"
# The error line pushes the list down while it slides away: clicking a
# header before it has gone would hit the error text instead.
wait_for '^filter-error hidden$'

# Export a range of frame numbers: invalid text turns the entry red with
# its message; "1-5,10" writes frames 1 to 5 and 10 (the No. column's
# numbers), whose times and lengths trawl-cli reads back.
mark
xdotool key ctrl+shift+e
wait_for '^export-dialog shown$'
sleep 0.5
xdotool key alt+r
xdotool type --delay 30 '1-5,x'
wait_for '^export-range invalid Unexpected' && echo "ok: an invalid range is refused as it is typed"
sleep 0.3
shot 05b-export-range-invalid
mark
xdotool key BackSpace
xdotool type --delay 30 '10'
wait_for '^export-range valid 1-5,10 count=6$' && echo "ok: the range 1-5,10 counts 6 frames"
sleep 0.3
shot 05c-export-range
xdotool key Return
sleep 1.5
xdotool key ctrl+a
xdotool type --delay 10 "$SHOTS/range.pcapng"
xdotool key Return
if wait_for '^saved .*range.pcapng frames=6$' 20; then
  got=$("$CLI" -r "$SHOTS/range.pcapng" | wc -l)
  "$CLI" -r "$SHOTS/range.pcapng" -T fields -e frame.time_epoch -e frame.len > "$SHOTS/range.txt"
  "$CLI" -r "$DATA/chat.pcap" -T fields -e frame.time_epoch -e frame.len | sed -n '1,5p;10p' > "$SHOTS/range-expected.txt"
  [ "$got" = 6 ] && cmp -s "$SHOTS/range.txt" "$SHOTS/range-expected.txt" &&
    echo "ok: exported frames 1-5,10 (times and lengths as trawl-cli reads them in chat.pcap)" ||
    fail "range export: the file has $got frames, or not frames 1-5 and 10"
fi
sleep 0.5

mark
# Sort by Length: click the header twice (descending); tshark: frame 85
# is the longest (465 bytes).
hdr_x=600
xdotool mousemove $hdr_x 112 click 1
wait_for '^sorted column=5 desc=0' 20
# Apart enough not to make a double click.
sleep 1
mark
xdotool mousemove $hdr_x 112 click 1
wait_for '^sorted column=5 desc=1 first=85 ' 20 && echo "ok: sorted by length, descending, frame 85 first"
sleep 0.5
shot 06-sorted-length

mark
# Go to packet 42.
xdotool key ctrl+g
sleep 0.5
xdotool type --delay 20 '42'
xdotool key Return
wait_for '^selected 42$' && echo "ok: go to packet 42"
sleep 0.5
shot 07-goto-42

# Save As (Ctrl+Shift+S): every frame, then the saved file is the
# window's document; trawl-cli reads the same 89 summary lines from it.
mark
xdotool key ctrl+shift+s
sleep 1.5
xdotool key ctrl+a
xdotool type --delay 10 "$SHOTS/saved.pcapng"
xdotool key Return
if wait_for '^saved .*saved.pcapng frames=89$' 20 && wait_for '^loaded frames=89 ' 20; then
  "$CLI" -r "$SHOTS/saved.pcapng" > "$SHOTS/saved.txt"
  "$CLI" -r "$DATA/chat.pcap" > "$SHOTS/chat.txt"
  cmp -s "$SHOTS/saved.txt" "$SHOTS/chat.txt" &&
    echo "ok: Save As wrote all 89 frames and reopened the saved file" ||
    fail "Save As: the saved file's summary lines differ from chat.pcap's"
fi
sleep 0.5
shot 07b-saved-reopened
stop

# ---- accessibility: the tree a screen reader reads (AT-SPI) ----
# GTK 4.8 exports its accessibility tree on the session bus's a11y bus
# (at-spi2-core starts it); check-a11y.py walks it and fails on a button,
# entry, list, row or text view without a name.  Debian's python3 has the
# Atspi bindings (gir1.2-atspi-2.0); without them it skips.
A11Y=$(dirname "$0")/check-a11y.py
if /usr/bin/python3 -c 'import gi; gi.require_version("Atspi", "2.0")' 2>/dev/null; then
  GTK_A11Y=atspi start "$DATA/chat.pcap"
  wait_for '^loaded frames=89 ' 20
  sleep 1
  mark
  xdotool mousemove 300 "$(row_y 4)" click 1
  wait_for '^selected 4$'
  sleep 0.5
  /usr/bin/python3 "$A11Y" --require "text=Display filter" --require "tree table=Packet list" \
    --require "list=Packets" --require "table row=No. 4, " --require "list=Packet details" \
    --require "list item=Frame 4: " --require "text=Packet bytes: Frame" --require "status bar=Status" \
    --require "push button=Open a capture file" --require "push button=Apply the filter" &&
    echo "ok: every interactive widget of the window has an accessible name" ||
    fail "accessibility: unnamed widgets (above)"
  mark
  xdotool key ctrl+shift+e
  wait_for '^export-dialog shown$'
  sleep 1
  /usr/bin/python3 "$A11Y" --require "check box=Range of frame numbers" --require "text=Range of frame numbers" &&
    echo "ok: every interactive widget of the export dialog has an accessible name" ||
    fail "accessibility: unnamed widgets in the export dialog (above)"
  xdotool key Escape
  # View → Time Display Format by Wireshark's keys.
  mark
  xdotool key ctrl+alt+6
  wait_for '^time-format since-previous$' && echo "ok: Ctrl+Alt+6 shows seconds since the previous displayed packet"
  xdotool key ctrl+alt+4
  wait_for '^time-format since-start$'
  stop
else
  echo "SKIP: accessibility check: no Atspi bindings for /usr/bin/python3 (gir1.2-atspi-2.0)"
fi

# ---- damaged file: warning and the intact frames ----
DAMAGED=$DATA/../tests/captures/damaged/truncated-record.pcap
if [ -f "$DAMAGED" ]; then
  n=$("$CLI" -r "$DAMAGED" 2>/dev/null | wc -l)
  start "$DAMAGED"
  wait_for "^loaded frames=$n " 20 && ! grep -q '^loaded.*warning=none' "$OUT" &&
    echo "ok: damaged file: $n intact frames and a warning"
  sleep 1
  shot 08-damaged
  stop
fi

# ---- a big capture: scrolling with real input ----
# TRAWL_BIG=path.pcap (e.g. the 1,000,000-frame benchmark capture) or, by
# default, 200,000 frames replicated from http-curl.pcap into the shots
# dir (about a second).  After each input the window prints the first row
# on screen ("top-row pos=P frame=F", once scrolling rests) and the
# selected frame; the test checks both.
BIG=${TRAWL_BIG:-}
REPLICATE=$(dirname "$0")/../bench/replicate.py
if [ -z "$BIG" ] && [ -x /usr/bin/python3 ] && [ -f "$REPLICATE" ]; then
  BIG=$SHOTS/big-200000.pcap
  /usr/bin/python3 "$REPLICATE" "$DATA/../tests/captures/http-curl.pcap" "$BIG" 200000 127.0.0.1 >/dev/null ||
    BIG=
fi
top_frame () { last '^top-row ' | sed 's/.*frame=\([0-9]*\).*/\1/'; }
selected () { last '^selected ' | cut -d' ' -f2; }
# in_range VALUE LO HI WHAT
in_range () {
  if [ -n "$1" ] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; then echo "ok: $4 ($1)"
  else fail "$4: got '${1}', want $2..$3"; fi
}
if [ -n "$BIG" ] && [ -f "$BIG" ]; then
  start "$BIG"
  wait_for '^first-rows ' 20 && last '^first-rows'
  sleep 0.3
  shot 09-big-first-rows
  wait_for '^loaded frames=' 60 && last '^loaded frames='
  last '^max-stall'
  total=$(last '^loaded frames=' | sed 's/loaded frames=\([0-9]*\).*/\1/')
  total=${total:-0}
  page=10   # rows a PageUp moves, at least (the list pane shows ~15)
  sleep 1
  mark
  xdotool mousemove 300 "$(row_y 3)" click 1
  wait_for '^selected 3$'

  mark
  xdotool key ctrl+End
  wait_for "^selected $total\$" 10 && wait_for '^top-row ' 10
  in_range "$(top_frame)" $((total - 30)) "$total" "Ctrl+End shows the last rows"
  shot 10-big-end

  # The keyboard focus follows the selection: PageUp moves from the end.
  mark
  xdotool key Page_Up
  sleep 0.5
  xdotool key Page_Up
  wait_for '^top-row ' 10
  in_range "$(selected)" $((total - 60)) $((total - 2 * page)) "two PageUps from the end select"
  sel=$(selected)
  in_range "$(top_frame)" $((${sel:-0} - 30)) "${sel:-0}" "the selected row is on screen"
  shot 11-big-pageup

  # The wheel scrolls up from there.
  mark
  before=$(top_frame); before=${before:-$total}
  xdotool mousemove 600 "$(row_y 8)"
  for i in 1 2 3 4 5 6 7 8 9 10; do xdotool click 4; done
  wait_for '^top-row ' 10
  in_range "$(top_frame)" $((before - 400)) $((before - 10)) "10 wheel clicks up"
  shot 12-big-wheel

  mark
  xdotool key ctrl+Home
  wait_for '^selected 1$' 10 && wait_for '^top-row ' 10
  in_range "$(top_frame)" 1 1 "Ctrl+Home shows frame 1"
  mark
  xdotool key Page_Down
  wait_for '^selected ' 10
  in_range "$(selected)" $((1 + page)) 40 "PageDown from frame 1 selects"

  # Drag the scrollbar: press on the trough near the bottom (the thumb
  # warps under the pointer), move to the middle of the list pane, release.
  mark
  # (moves closer than the 200 ms after which the window reports the top
  # row, then the last report once it rests)
  xdotool mousemove 1189 425 mousedown 1 mousemove 1189 380 sleep 0.05 mousemove 1189 300 sleep 0.05 mousemove 1189 283 mouseup 1
  wait_for '^top-row ' 10
  sleep 0.6
  top=$(top_frame)
  in_range "$top" $((total / 4)) $((total * 3 / 4)) "scrollbar dragged to the middle shows"
  shot 13-big-middle
  # A click on the fifth row there selects the frame shown there.
  mark
  xdotool mousemove 300 "$(row_y 5)" click 1
  wait_for '^selected ' 10
  in_range "$(selected)" $((${top:-0} + 3)) $((${top:-0} + 5)) "a click on the fifth row after the drag selects"

  mark
  expect=$("$CLI" -r "$BIG" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' | wc -l)
  xdotool key ctrl+slash
  xdotool type --delay 10 'tcp.flags.syn == 1 && tcp.flags.ack == 0'
  xdotool key Return
  wait_for "^displayed $expect/$total\$" 60 && echo "ok: big filter shows $expect frames, as trawl-cli -Y"
  last '^filter-time'
  wait_for '^filter-max-stall' 5 && last '^filter-max-stall'
  shot 14-big-filter
  grep -E '^(first-rows|indexed|loaded|filter-time|max-stall|filter-max-stall)' "$OUT"
  stop

  # Filter progress, stopping and the selection.  The debug hook slows
  # each chunk of 16,384 frames down so the run can be seen and stopped.
  flt='tcp.flags.syn == 1 && tcp.flags.ack == 0'
  keep=$("$CLI" -r "$BIG" -Y "$flt" -T fields -e frame.number | sed -n 5p)
  TRAWL_DEBUG_FILTER_DELAY_MS=250 start "$BIG"
  wait_for '^loaded frames=' 60
  sleep 0.5
  mark
  xdotool key ctrl+g
  sleep 0.5
  xdotool type --delay 20 "$keep"
  xdotool key Return
  wait_for "^selected $keep\$"
  mark
  xdotool key ctrl+slash
  xdotool type --delay 10 "$flt"
  xdotool key Return
  # Mid-run: some frames filtered, not all.
  t=0
  while [ $t -lt 100 ]; do
    p=$(last '^filter-progress ' | sed 's/filter-progress \([0-9]*\)\/.*/\1/')
    [ -n "$p" ] && [ "$p" -gt 0 ] && [ "$p" -lt "$total" ] && break
    t=$((t + 1)); sleep 0.1
  done
  if [ -n "$p" ] && [ "$p" -gt 0 ] && [ "$p" -lt "$total" ]; then
    echo "ok: the filter shows its progress ($p/$total frames)"
  else
    fail "no filter progress between 0 and $total (last: '$p')"
  fi
  shot 15-big-filter-progress
  xdotool key Escape
  wait_for '^filter-stopped$' && echo "ok: Esc stops a running filter"
  sleep 1.5
  new_lines | grep -q '^displayed ' && fail "a stopped filter changed the list"
  last '^filter-progress '
  shot 16-big-filter-stopped
  # Again to the end: the selected frame matches, so it stays selected.
  mark
  xdotool key Return
  wait_for "^displayed $expect/$total\$" 60 && echo "ok: the filter runs to the end after a stop"
  wait_for "^selected-after-filter $keep\$" && echo "ok: frame $keep stays selected after the filter"
  sleep 0.5
  shot 17-big-filter-kept-selection
  stop
fi

echo "screenshots in $SHOTS"
exit $FAIL
