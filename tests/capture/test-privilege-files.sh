#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-privilege-files.sh POLICY HELPER EXPECTED_EXEC_PATH SRCDIR
# The polkit policy validates against polkit's DTD and names the installed
# helper; tools/enable-capture.sh (as root) gives a copy of the helper its
# group, mode and capabilities, after which a member of the group captures
# and a non-member cannot even run it; under DESTDIR it only prints what
# packagers must do.
set -eu
policy=$1 helper=$2 exec_path=$3 srcdir=$4
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

command -v xmllint >/dev/null || { echo "SKIP: xmllint missing"; exit 77; }
dtd=/usr/share/polkit-1/policyconfig-1.dtd
if [ -f "$dtd" ]; then
  xmllint --noout --dtdvalid "$dtd" "$policy" && ok "policy valid against $dtd" || bad "policy invalid"
else
  xmllint --noout "$policy" && ok "policy well-formed (polkit's DTD not installed)" || bad "policy malformed"
fi
[ "$(xmllint --xpath 'string(//action/@id)' "$policy")" = io.github.trawl.Trawl.capture ] \
  && ok "action id" || bad "action id"
[ "$(xmllint --xpath 'string(//annotate[@key="org.freedesktop.policykit.exec.path"])' "$policy")" = "$exec_path" ] \
  && ok "exec.path is $exec_path" || bad "exec.path"
[ "$(xmllint --xpath 'string(//defaults/allow_active)' "$policy")" = auth_admin_keep ] \
  && ok "allow_active auth_admin_keep" || bad "allow_active"

out=$(DESTDIR=/nonexistent "$srcdir/tools/enable-capture.sh" --install --group trawl "$helper" 2>&1)
case "$out" in *"packagers must"*setcap*) ok "under DESTDIR: says what packagers must do" ;; *) bad "DESTDIR: $out" ;; esac

if [ "$(id -u)" != 0 ] || ! command -v setcap >/dev/null || ! command -v ip >/dev/null; then
  echo "SKIP (rest): needs root and setcap"
  exit $fail
fi
group=trawl-captest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; groupdel "$group" 2>/dev/null || true' EXIT
chmod 0755 "$tmp"
cp "$helper" "$tmp/trawl-capture"
groupdel "$group" 2>/dev/null || true
"$srcdir/tools/enable-capture.sh" --group "$group" "$tmp/trawl-capture" >/dev/null
[ "$(stat -c '%a %G' "$tmp/trawl-capture")" = "750 $group" ] && ok "mode 0750, group $group" \
  || bad "mode/group: $(stat -c '%a %G' "$tmp/trawl-capture")"
getcap "$tmp/trawl-capture" | grep -q 'cap_net_admin,cap_net_raw=eip' && ok "capabilities set" \
  || bad "capabilities: $(getcap "$tmp/trawl-capture")"

chmod 0777 "$tmp"
# A member of the group captures on lo ...
runuser -u nobody -g "$group" -- sh -c "exec 3>'$tmp/member.pcapng'; '$tmp/trawl-capture' -i lo --autostop-packets 2 --output-fd 3" 2>"$tmp/err" &
pid=$!
sleep 0.5
ping -c 3 -i 0.1 -q 127.0.0.1 >/dev/null
wait $pid && ok "a member of $group captures as nobody" || bad "member capture: $(cat "$tmp/err")"
n=$(tshark -r "$tmp/member.pcapng" 2>/dev/null | wc -l)
[ "$n" = 2 ] && ok "tshark reads its 2 packets" || bad "member file: $n packets"
# ... a user outside it cannot run the helper at all, where the kernel
# enforces 0750 for nobody (a control file without capabilities says).
cp "$helper" "$tmp/control" && chmod 0750 "$tmp/control"
if runuser -u nobody -- "$tmp/control" --version >/dev/null 2>&1; then
  echo "SKIP (group check): nobody may run any 0750 root file on this machine"
elif runuser -u nobody -- "$tmp/trawl-capture" --version >/dev/null 2>&1; then
  bad "nobody outside $group ran the helper"
else
  ok "outside $group: the helper cannot be run"
fi
exit $fail
