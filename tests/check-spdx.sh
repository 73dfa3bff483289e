#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-spdx.sh SRCDIR: every source file starts with the licence's SPDX
# line (meson.build declares GPL-3.0-or-later, COPYING holds the text):
# C, headers and CSS "/* SPDX-License-Identifier: GPL-3.0-or-later */";
# Python, shell, meson "# SPDX-..."; XML and .ui "<!-- SPDX-... -->".
# The line comes first, or second after a "#!" or an "<?xml" line, which
# must stay first.  check-spdx.sh --self-test: the check fails on a file
# without it (and passes on files with it).
set -u
want="SPDX-License-Identifier: GPL-3.0-or-later"

# The files to check under $1: sources by name, and scripts by "#!".
# Build folders (anything holding meson-private) and .git are skipped.
list () {
  find "$1" -type d \( -name .git -o -name 'build*' -o -name subprojects -o -name seeds \) -prune -o \
    -type f \( -name '*.c' -o -name '*.h' -o -name '*.py' -o -name '*.sh' -o -name '*.css' \
    -o -name meson.build -o -name meson_options.txt -o -name '*.ui' -o -name '*.xml' \
    -o -name '*.xml.in' -o -perm -u+x \) -print |
  while read -r f; do
    case $f in
      *.c|*.h|*.py|*.sh|*.css|*/meson.build|*/meson_options.txt|*.ui|*.xml|*.xml.in) echo "$f" ;;
      *) [ "$(head -c 2 "$f")" = "#!" ] && echo "$f" ;;
    esac
  done
}

check () {
  bad=0
  n=0
  for f in $(list "$1"); do
    n=$((n + 1))
    first=$(head -n 1 "$f")
    case $first in
      '#!'*|'<?xml'*) line=$(sed -n 2p "$f") ;;
      *) line=$first ;;
    esac
    case $line in
      "/* $want */"|"# $want"|"<!-- $want -->") ;;
      *) echo "no SPDX line first: $f"; bad=1 ;;
    esac
  done
  echo "$n files checked"
  [ $n -gt 0 ] && [ $bad = 0 ]
}

if [ "${1:-}" = "--self-test" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  printf '/* %s */\nint x;\n' "$want" >"$tmp/good.c"
  printf '#!/bin/sh\n# %s\n' "$want" >"$tmp/good.sh"
  printf '<?xml version="1.0"?>\n<!-- %s -->\n<a/>\n' "$want" >"$tmp/good.ui"
  check "$tmp" >/dev/null || { echo "FAIL: files with the line were refused"; exit 1; }
  printf '/* bad.c: no licence */\n/* %s */\n' "$want" >"$tmp/bad.c"
  if check "$tmp" | grep -q "bad.c"; then
    echo "ok: a file without the line first is found"
    exit 0
  fi
  echo "FAIL: a file without the SPDX line passed"
  exit 1
fi
check "${1:?usage: check-spdx.sh SRCDIR | --self-test}"
