#!/bin/sh
# install-deps.sh [--test|--captures]: install what Trawl needs on Debian 12,
# as root.  Without arguments: what building needs.  With --test: also what
# the test suites need (tshark is the oracle of the conformance suite; clang
# for the sanitizer build and libFuzzer).  With --captures: also the real
# programs that tests/captures/make-captures.sh, data/make-sample.sh and the
# benchmark capture (tests/bench/make-big-capture.sh) run between network
# namespaces.  Installs only what is missing.
set -eu

build="meson ninja-build pkg-config gcc libglib2.0-dev libpcap-dev zlib1g-dev gettext"
test="tshark tcpdump clang-14 libclang-rt-14-dev python3"
# shared-mime-info: its ITS rules let msgfmt translate data/*.mime.xml.in.
build="$build shared-mime-info"
# The window (the gui feature is built when these are there).
build="$build libgtk-4-dev libadwaita-1-dev"
test="$test desktop-file-utils appstream libglib2.0-bin libxml2-utils"
# The window test drives the real app under Xvfb and takes screenshots.
test="$test xvfb xauth xdotool imagemagick dbus-daemon"
# ...and reads its accessibility tree over AT-SPI (tests/gui/check-a11y.py).
test="$test at-spi2-core gir1.2-atspi-2.0 python3-gi"
# Live capture in the window (tests/gui/test-capture-window.sh): traffic
# between network namespaces, setcap for the capability route as nobody.
test="$test curl iproute2 iputils-ping libcap2-bin"

captures="nginx-light libnginx-mod-http-echo python3-websockets python3-scapy curl"
captures="$captures dnsutils iputils-ping iproute2 ethtool busybox openssl gzip"
# tests/bench/run-capture-gui-bench.sh replays the benchmark capture.
captures="$captures tcpreplay"

want=$build
[ "${1:-}" = "--test" ] && want="$build $test"
[ "${1:-}" = "--captures" ] && want="$build $test $captures"

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "install-deps.sh: missing:$missing; run me as root (sudo)" >&2
  exit 1
fi
apt-get update -q
# tshark asks whether non-root users may capture: answer no, quietly.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
