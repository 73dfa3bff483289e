#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-potfiles.sh SRCDIR: every source file with translatable strings is
# listed in po/POTFILES, and every listed file exists.
set -eu
cd "$1"
status=0
for f in $(grep -rl -E '\b(N_|_)\(' src --include=*.c | sort); do
  grep -qx "$f" po/POTFILES || { echo "not in po/POTFILES: $f"; status=1; }
done
while read -r f; do
  [ -z "$f" ] || [ -f "$f" ] || { echo "listed in po/POTFILES but missing: $f"; status=1; }
done < po/POTFILES
exit $status
