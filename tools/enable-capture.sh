#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# enable-capture.sh [--group NAME] [--install] [HELPER]: let the members of a
# group capture with Trawl, as Debian does for dumpcap.  The helper gets
# group NAME (default: trawl), mode 0750 and the file capabilities
# cap_net_raw,cap_net_admin=eip; nothing else ever holds capture privilege.
# HELPER defaults to the installed trawl-capture, else the build tree's.
# Run with sudo: it creates the group when missing and adds the user who
# ran sudo to it (log in again, or `newgrp NAME`, for it to count).
# --install: called by `meson install` (-Dcapture_group); under DESTDIR it
# only says what packagers must do, and it adds nobody to the group.
set -eu

group=trawl
install=no
while [ $# -gt 0 ]; do
  case "$1" in
    --group) group=$2; shift 2 ;;
    --install) install=yes; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "enable-capture.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done

here=$(cd "$(dirname "$0")/.." && pwd)
helper=${1:-}
if [ -z "$helper" ]; then
  for h in /usr/local/libexec/trawl-capture /usr/libexec/trawl-capture "$here/build/src/capture/trawl-capture"; do
    [ -x "$h" ] && { helper=$h; break; }
  done
fi

if [ "$install" = yes ] && [ -n "${DESTDIR:-}" ]; then
  exec 1>&2
  echo "trawl: installed under DESTDIR: packagers must run, on the target system:"
  echo "  chgrp $group $helper && chmod 0750 $helper && setcap cap_net_raw,cap_net_admin=eip $helper"
  exit 0
fi
if [ -z "$helper" ] || [ ! -x "$helper" ]; then
  echo "enable-capture.sh: no trawl-capture found; give its path" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "enable-capture.sh: run me as root: sudo $0 $*" >&2
  exit 1
fi
command -v setcap >/dev/null || { echo "enable-capture.sh: setcap missing (apt install libcap2-bin)" >&2; exit 1; }

getent group "$group" >/dev/null || groupadd --system "$group"
chgrp "$group" "$helper"
chmod 0750 "$helper"
setcap cap_net_raw,cap_net_admin=eip "$helper"
echo "trawl: $helper: group $group, mode 0750, $(getcap "$helper" | sed 's/^[^ ]* //')"

if [ "$install" = no ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
  if ! id -nG "$SUDO_USER" | tr ' ' '\n' | grep -qx "$group"; then
    usermod -a -G "$group" "$SUDO_USER"
    echo "trawl: added $SUDO_USER to group $group; log in again (or run: newgrp $group) to capture"
  fi
fi
