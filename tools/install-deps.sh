#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
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
# meson setup needs the programs gnome.post_install() runs after an
# install: update-desktop-database (desktop-file-utils) and
# gtk4-update-icon-cache (libgtk-4-bin, only a Recommends of GTK), and
# glib-compile-resources/-schemas (libglib2.0-dev-bin).  Checked on a fresh
# Debian 12 by tools/check-fresh-machine.sh.
build="$build desktop-file-utils libgtk-4-bin libglib2.0-dev-bin"
test="$test appstream libglib2.0-bin libxml2-utils"
# The window test drives the real app under Xvfb and takes screenshots.
test="$test xvfb xauth xdotool imagemagick dbus-daemon"
# ...and reads its accessibility tree over AT-SPI (tests/gui/check-a11y.py).
test="$test at-spi2-core gir1.2-atspi-2.0 python3-gi"
# .ci/run's last step makes a fresh Debian 12 root (check-fresh-machine.sh).
test="$test mmdebstrap"

# Live capture tests (trawl-cli and the window): setcap for the capability
# route, polkit's DTD and pkexec for the policy, namespaces with
# nginx/curl/ping traffic.
test="$test libcap2-bin polkitd pkexec iproute2 ethtool iputils-ping nginx-light curl"

captures="nginx-light libnginx-mod-http-echo python3-websockets python3-scapy curl"
captures="$captures dnsutils iputils-ping iproute2 ethtool busybox openssl gzip"
# tests/bench/run-capture-bench.sh and run-capture-gui-bench.sh replay onto a
# veth; dumpcap is beside it.
captures="$captures tcpreplay wireshark-common"

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
