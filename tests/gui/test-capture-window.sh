#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-capture-window.sh TRAWL TRAWL-CLI HELPER: live capture in the real window.
#
# As root: two network namespaces joined by a veth pair (names start with
# "wcap"), the window (under Xvfb, in the first namespace) captures on its
# end of the veth while ping and curl against python3's http.server in
# the other namespace make traffic, and `tcpdump -w` captures the same
# interface at the same time.  Driven by real input (xdotool): the
# interface's check button and Start are clicked where the window says
# they are (TRAWL_DEBUG_STDOUT prints their coordinates), a display filter
# is typed mid-capture and must take the frames that arrive after it,
# Ctrl+E stops, Ctrl+Shift+S saves, and the saved file -- reopened by the
# window -- must hold the same packets, byte for byte, as tcpdump's.
# Then a second capture, the window killed with SIGKILL: the helper must
# exit within 2 s, the file must read cleanly, and the next start of the
# application must offer it.  Skips (77) when not root or tools are missing.
set -u
TRAWL=$1
CLI=$2
HELPER=$3

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespaces)"; exit 77; }
for tool in xvfb-run xdotool import dbus-run-session tcpdump ip curl; do
  command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool missing"; exit 77; }
done
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }

TAG=${TRAWL_WCAP_TAG:-$(( $$ % 10000 ))}
NSA=wcap-a-$TAG
NSB=wcap-b-$TAG
IFA=wcapa$TAG
IFB=wcapb$TAG
# A private /24 that only exists between these two namespaces.
NET=10.213.$(( TAG % 200 + 20 ))
ADDR_A=$NET.1
ADDR_B=$NET.2

if [ -z "${TRAWL_IN_NETNS:-}" ]; then
  WORK=$(mktemp -d /tmp/trawl-capture-window.XXXXXX)
  cleanup () {
    [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null
    ip netns del "$NSA" 2>/dev/null
    ip netns del "$NSB" 2>/dev/null
  }
  trap cleanup EXIT
  ip netns add "$NSA" && ip netns add "$NSB" || { echo "SKIP: cannot make network namespaces"; exit 77; }
  ip link add "$IFA" netns "$NSA" type veth peer name "$IFB" netns "$NSB" || exit 1
  for ns in "$NSA" "$NSB"; do
    # No IPv6: router solicitations at random times would make the two
    # captures' first and last packets differ by chance.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
  done
  ip -n "$NSA" addr add "$ADDR_A/24" dev "$IFA"
  ip -n "$NSB" addr add "$ADDR_B/24" dev "$IFB"
  ip -n "$NSA" link set "$IFA" up
  ip -n "$NSB" link set "$IFB" up
  if command -v ethtool >/dev/null 2>&1; then
    ip netns exec "$NSA" ethtool -K "$IFA" tso off gso off gro off >/dev/null 2>&1
    ip netns exec "$NSB" ethtool -K "$IFB" tso off gso off gro off >/dev/null 2>&1
  fi
  mkdir -p "$WORK/www"
  head -c 20000 /dev/urandom | base64 > "$WORK/www/page.txt"
  (cd "$WORK/www" && exec ip netns exec "$NSB" /usr/bin/python3 -m http.server -b "$ADDR_B" 8080 \
      >/dev/null 2>&1) &
  SERVER=$!
  export TRAWL_IN_NETNS=1 WORK TRAWL_WCAP_TAG=$TAG
  ip netns exec "$NSA" dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
  rc=$?
  exit $rc
fi

# ---- inside the first namespace, under Xvfb ----
export GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none
export TRAWL_DEBUG_STDOUT=1 TRAWL_NON_UNIQUE=1 GSK_RENDERER=${GSK_RENDERER:-cairo}
export TRAWL_CAPTURE_HELPER=$HELPER
export XDG_CACHE_HOME=$WORK/cache
CAPDIR=$XDG_CACHE_HOME/trawl/captures
SHOTS=${TRAWL_SHOTS:-$WORK}
mkdir -p "$SHOTS" "$XDG_CACHE_HOME"
FAIL=0
PID=
OUT=/dev/null
MARK=0
RUN=0

fail () { echo "FAIL: $*"; FAIL=1; }
shot () { import -window root "$SHOTS/$1.png"; echo "screenshot: $SHOTS/$1.png"; }
mark () { MARK=$(wc -l < "$OUT"); }
new_lines () { tail -n +$((MARK + 1)) "$OUT"; }
wait_for () {
  t=0; limit=$(( ${2:-10} * 10 ))
  while ! new_lines | grep -qE "$1"; do
    t=$((t + 1)); [ $t -ge $limit ] && { fail "timed out waiting for /$1/"; return 1; }
    sleep 0.1
  done
  return 0
}
last () { new_lines | grep -E "$1" | tail -1; }
field () { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
start () {
  RUN=$((RUN + 1))
  OUT=$SHOTS/stdout-$RUN.txt
  MARK=0
  : > "$OUT"
  "$TRAWL" > "$OUT" 2> "$SHOTS/stderr-$RUN.txt" &
  PID=$!
}
stop () { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; PID=; }
TCPDUMP=
cleanup_inner () { stop; [ -n "$TCPDUMP" ] && kill "$TCPDUMP" 2>/dev/null; }
trap cleanup_inner EXIT
traffic () {
  ip netns exec "$NSB" ping -q -c "$1" -i 0.1 "$ADDR_A" >/dev/null 2>&1
  curl -s -o /dev/null "http://$ADDR_B:8080/page.txt" || fail "curl against the server failed"
}

# ---- 1. the start page: choose the veth and Start, with real clicks ----
start
wait_for "^interface-row $IFA x=" 20 || { cat "$SHOTS/stderr-$RUN.txt"; exit 1; }
wait_for '^start-button x='
row=$(last "^interface-row $IFA ")
button=$(last '^start-button ')
sleep 1.5  # a sparkline sample or two
shot 01-start-page

tcpdump -i "$IFA" -U -w "$WORK/tcpdump.pcap" 2> "$WORK/tcpdump.err" &
TCPDUMP=$!
t=0; while ! grep -q 'listening on' "$WORK/tcpdump.err" && [ $t -lt 50 ]; do sleep 0.1; t=$((t + 1)); done

mark
xdotool mousemove "$(echo "$row" | field x)" "$(echo "$row" | field y)" click 1
wait_for '^capture-filter valid' || true
mark
xdotool mousemove "$(echo "$button" | field x)" "$(echo "$button" | field y)" click 1
wait_for "^capture-started path=.* interfaces=$IFA\$" 15 || { cat "$SHOTS/stderr-$RUN.txt"; exit 1; }
path=$(last '^capture-started ' | field path)
case "$path" in "$CAPDIR"/*) echo "ok: the capture goes to $path";; *) fail "capture file $path not in $CAPDIR";; esac

# ---- 2. rows arrive; a display filter takes the arriving frames ----
traffic 10
wait_for '^first-rows ' 10 && echo "ok: rows appear while capturing"
sleep 0.5
# Tree and bytes work on a frame of the running capture: click a row.
mark
xdotool mousemove 300 157 click 1
wait_for '^selected [0-9]+$' 5 && echo "ok: a row of the running capture can be selected ($(last '^selected '))"
sleep 0.5
shot 02-capturing
mark
xdotool key ctrl+slash
xdotool type --delay 20 'icmp.type == 8 || http'
xdotool key Return
wait_for '^displayed [0-9]+/[0-9]+$' 10
traffic 10
wait_for '^live-filtered [0-9]+ matched=[1-9]' 10 && echo "ok: the display filter takes frames that arrive after it"
sleep 1
shot 03-capturing-filtered
# The list follows the newest row: the top row is a screenful from the end.
rows=$(last '^live-filtered ' | sed 's/.*displayed=\([0-9]*\)\/.*/\1/')
top=$(last '^top-row ' | field pos)
if [ -n "$top" ] && [ -n "$rows" ] && [ "$rows" -gt 20 ] && [ $((top + 20)) -ge "$rows" ]; then
  echo "ok: the list follows the newest row (top row $top of $rows)"
else
  fail "the list does not follow the newest row (top row '$top' of '$rows')"
fi
# Scrolled up by the user (wheel), it stays where it is while rows arrive.
mark
xdotool mousemove 600 250 click --repeat 8 --delay 30 4
wait_for '^follow no$' 5
sleep 0.5
mark
traffic 5
sleep 1
if new_lines | grep -q '^top-row '; then fail "the list moved while the user had scrolled away"
else echo "ok: scrolled away, the list stays put while rows arrive"; fi
xdotool key ctrl+End
wait_for '^follow yes$' 5 && echo "ok: back at the end, it follows again"

# ---- 3. stop (Ctrl+E), then save (Ctrl+Shift+S) ----
sleep 1
mark
xdotool key ctrl+e
wait_for '^capture-stopped packets=' 10
wait_for '^capture-finished ' 10
finished=$(last '^capture-finished ')
frames=$(echo "$finished" | field frames)
displayed=$(echo "$finished" | field displayed)
echo "window: $frames frames, $displayed displayed; $(last '^capture-latency') $(last '^max-stall')"
sleep 0.5
kill -INT "$TCPDUMP"; wait "$TCPDUMP" 2>/dev/null; TCPDUMP=
shot 04-stopped

mark
xdotool key ctrl+shift+s
sleep 1.5
xdotool key ctrl+a
xdotool type --delay 10 "$WORK/saved.pcapng"
xdotool key Return
wait_for "^saved $WORK/saved.pcapng frames=$frames\$" 15 && echo "ok: saved $frames frames"
wait_for "^loaded frames=$frames " 15 && echo "ok: the saved file reopens with $frames frames"
sleep 0.5
[ -e "$path" ] && fail "the temporary capture file is still there after Save As"

# Same packets, byte for byte, as tcpdump's (timestamps aside: each
# reader stamps its own copy).
tcpdump -r "$WORK/tcpdump.pcap" -t -n -xx 2>/dev/null > "$WORK/tcpdump.txt"
tcpdump -r "$WORK/saved.pcapng" -t -n -xx 2>/dev/null > "$WORK/saved.txt"
n_tcpdump=$(tcpdump -r "$WORK/tcpdump.pcap" -n 2>/dev/null | wc -l)
if [ "$n_tcpdump" -gt 20 ] && [ "$n_tcpdump" = "$frames" ] && cmp -s "$WORK/tcpdump.txt" "$WORK/saved.txt"; then
  echo "ok: the window's $frames frames are tcpdump's $n_tcpdump, byte for byte"
else
  fail "window $frames frames, tcpdump $n_tcpdump; diff:"
  diff "$WORK/tcpdump.txt" "$WORK/saved.txt" | head -20
fi
expect=$("$CLI" -r "$WORK/saved.pcapng" -Y 'icmp.type == 8 || http' | wc -l)
[ "$expect" = "$displayed" ] && [ "$displayed" -gt 0 ] &&
  echo "ok: the live filter showed $displayed frames, as trawl-cli -Y on the saved file" ||
  fail "the live filter showed $displayed frames, trawl-cli -Y $expect"

# ---- 4. Ctrl+E again: a new capture; Ctrl+R restarts it ----
mark
xdotool key ctrl+e
wait_for '^capture-started path=' 15
path3=$(last '^capture-started ' | field path)
traffic 3
wait_for '^first-rows ' 10
mark
xdotool key ctrl+r
wait_for '^capture-restart$' 5
wait_for "^capture-discarded $path3\$" 10
wait_for '^capture-started path=' 15 && [ ! -e "$path3" ] &&
  echo "ok: Ctrl+R restarts the capture (the first one's file is gone)" || fail "Ctrl+R did not restart"
traffic 3
wait_for '^first-rows ' 10
# Sorted by Length mid-capture: the frames so far are sorted, those that
# come later go to the end (as in Wireshark) and the list keeps growing.
sleep 0.5
mark
xdotool mousemove 600 112 click 1
wait_for '^sorted column=5 desc=0 ' 10
sorted_rows=$(last '^sorted column=5' | field rows)
traffic 3
sleep 1
mark
xdotool key ctrl+e
wait_for '^capture-finished ' 10
fin=$(last '^capture-finished ')
# (The display filter typed in the first capture still applies.)
if [ "$(echo "$fin" | field displayed)" -gt "$sorted_rows" ]; then
  echo "ok: sorted mid-capture at $sorted_rows rows, the filtered list grew to $(echo "$fin" | field displayed)"
else
  fail "the sorted list did not grow: sorted at $sorted_rows rows, then $fin"
fi

# Closing (Ctrl+W) an unsaved capture asks; Esc is Cancel: the window stays.
mark
xdotool key ctrl+w
wait_for '^unsaved-prompt shown$' 5
sleep 0.5
shot 06-unsaved-prompt
xdotool key Escape
wait_for '^unsaved-prompt cancel$' 5 && sleep 0.5 && kill -0 "$PID" 2>/dev/null &&
  echo "ok: closing an unsaved capture asks, and Cancel keeps the window"
# Starting another capture asks too; Save (the default) saves, then starts.
mark
xdotool key ctrl+e
wait_for '^unsaved-prompt shown$' 5
sleep 0.5
xdotool key Return
wait_for '^unsaved-prompt save$' 5
sleep 1.5
xdotool key ctrl+a
xdotool type --delay 10 "$WORK/second.pcapng"
xdotool key Return
wait_for "^saved $WORK/second.pcapng frames=" 15 &&
  wait_for '^capture-started path=' 15 &&
  echo "ok: Save in the prompt saves the capture, then the next one starts"

# ---- 5. SIGKILL the window mid-capture ----
path2=$(last '^capture-started ' | field path)
traffic 5
wait_for '^first-rows ' 10
helper=$(pgrep -P "$PID" | head -1)
[ -n "$helper" ] || fail "no helper process under the window"
kill -KILL "$PID"; wait "$PID" 2>/dev/null; PID=
t=0
while [ -n "$helper" ] && [ -d "/proc/$helper" ] && [ $t -lt 20 ]; do sleep 0.1; t=$((t + 1)); done
if [ -n "$helper" ] && [ ! -d "/proc/$helper" ]; then
  echo "ok: the helper exited $((t * 100)) ms after the window was killed"
else
  fail "the helper still runs 2 s after the window was killed"
fi
if "$CLI" -r "$path2" > "$WORK/left.txt" 2> "$WORK/left.err" && [ ! -s "$WORK/left.err" ] && [ -s "$WORK/left.txt" ]; then
  echo "ok: the left capture reads cleanly ($(wc -l < "$WORK/left.txt") frames)"
else
  fail "the left capture does not read cleanly: $(head -3 "$WORK/left.err")"
fi
if command -v tshark >/dev/null 2>&1; then
  # (its warning about running as root aside)
  tshark -r "$path2" > /dev/null 2> "$WORK/left-tshark.all" &&
    { grep -v '^Running as user' "$WORK/left-tshark.all" > "$WORK/left-tshark.err"; [ ! -s "$WORK/left-tshark.err" ]; } &&
    echo "ok: tshark reads it without complaint" || fail "tshark: $(head -2 "$WORK/left-tshark.err")"
fi

# ---- 6. the next start offers it ----
start
wait_for "^leftover $path2\$" 15 && echo "ok: the next start offers the left capture"
wait_for '^capture-bar-button x=' 10
sleep 0.5
shot 05-leftover-offered
# Open (a real click) shows it; it is still not saved, so closing asks.
n_left=$(wc -l < "$WORK/left.txt")
bar=$(last '^capture-bar-button ')
mark
xdotool mousemove "$(echo "$bar" | field x)" "$(echo "$bar" | field y)" click 1
wait_for "^loaded frames=$n_left " 15 && echo "ok: Open shows the left capture's $n_left frames"
mark
xdotool key ctrl+w
wait_for '^unsaved-prompt shown$' 5 && echo "ok: the reopened capture still counts as not saved"
xdotool key Escape
stop

# ---- 7. as an ordinary user: no rights, then the capability route ----
# (the window never needs to run as root: only the helper holds rights)
if id nobody >/dev/null 2>&1 && command -v runuser >/dev/null 2>&1 && command -v setcap >/dev/null 2>&1 &&
   [ -n "${XAUTHORITY:-}" ]; then
  HOME_N=$WORK/nobody
  mkdir -p "$HOME_N"
  chmod 755 "$WORK"
  cp "$XAUTHORITY" "$HOME_N/xauth"
  chown -R nobody "$HOME_N"
  start_nobody () {
    RUN=$((RUN + 1)); OUT=$SHOTS/stdout-$RUN.txt; MARK=0; : > "$OUT"
    runuser -u nobody -- env HOME="$HOME_N" XDG_CACHE_HOME="$HOME_N/cache" XAUTHORITY="$HOME_N/xauth" \
      TRAWL_CAPTURE_HELPER="$1" TRAWL_TEST_CAPTURE_INTERFACES="$IFA" \
      dbus-run-session -- "$TRAWL" > "$OUT" 2> "$SHOTS/stderr-$RUN.txt" &
    PID=$!
  }
  # The build tree's helper has no rights: the window says so and offers pkexec.
  start_nobody "$HELPER"
  wait_for '^capture-route pkexec$' 15 && wait_for '^start-button ' 15
  sleep 0.5
  xdotool key ctrl+e
  wait_for '^capture-bar permission$' 15 &&
    echo "ok: without capture rights the window offers Authenticate… ($(last '^capture-error ' | cut -c1-80)…)"
  sleep 0.5
  shot 07-permission-bar
  # Authenticate… (a real click) retries through pkexec; with no polkit
  # authority on this machine's bus pkexec fails, and the window says so
  # (test-pkexec.py runs the same session against a real polkitd).
  wait_for '^capture-bar-button x=' 10
  bar=$(last '^capture-bar-button ')
  mark
  xdotool mousemove "$(echo "$bar" | field x)" "$(echo "$bar" | field y)" click 1
  if wait_for '^capture-start pkexec=yes$' 10 && wait_for '^capture-error ' 20; then
    echo "ok: Authenticate… retries through pkexec: $(last '^capture-error ' | cut -c1-100)"
  fi
  sleep 0.5
  shot 07b-pkexec-refused
  stop
  # A copy with file capabilities: nobody captures through it.
  cp "$HELPER" "$WORK/trawl-capture-caps"
  chmod 755 "$WORK/trawl-capture-caps"
  if setcap cap_net_raw,cap_net_admin=eip "$WORK/trawl-capture-caps" 2>/dev/null; then
    start_nobody "$WORK/trawl-capture-caps"
    wait_for '^capture-route capabilities$' 15 && wait_for '^start-button ' 15
    sleep 0.5
    xdotool key ctrl+e
    wait_for '^capture-started path=' 15
    traffic 3
    wait_for '^first-rows ' 10
    mark
    xdotool key ctrl+e
    wait_for '^capture-finished frames=[1-9]' 10 &&
      echo "ok: as nobody, through the helper's file capabilities: $(last '^capture-finished ')"
    shot 08-nobody-captured
    # Quit without saving: the prompt's Discard (Tab to it from Save? no:
    # kill it; the file is nobody's and stays in nobody's cache)
    stop
  else
    echo "note: setcap failed here (no xattrs in $WORK?): capability route not exercised"
  fi
else
  echo "note: no nobody/runuser/setcap/XAUTHORITY: the ordinary-user part is skipped"
fi

echo "screenshots in $SHOTS"
exit $FAIL
