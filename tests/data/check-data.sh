#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-data.sh WHAT ARGS...: checks of the desktop integration files
# (suite 'data').  Exit 77 (skipped) when the checking tool is missing.
#   desktop FILE.desktop          desktop-file-validate
#   metainfo FILE.metainfo.xml    appstreamcli validate --no-net
#   schema DIR                    glib-compile-schemas --strict --dry-run
#   mime-xml FILE.xml             xmllint, and update-mime-database accepts it
#   mime-detect FILE.xml DESKTOP SRCDIR
#                                 shared-mime-info with this package alone
#                                 (then with freedesktop.org's too) types the
#                                 committed captures by content, renamed
#                                 without an extension; the desktop file
#                                 lists every type the package defines
set -eu

need () {
  command -v "$1" >/dev/null 2>&1 || { echo "SKIP: $1 not installed"; exit 77; }
}

what=$1
shift
case $what in
  desktop)
    need desktop-file-validate
    out=$(desktop-file-validate "$1" 2>&1) || { echo "$out"; exit 1; }
    # Hints are not failures, but they are shown.
    [ -z "$out" ] || echo "$out"
    ;;
  metainfo)
    need appstreamcli
    appstreamcli validate --no-net --explain "$1"
    ;;
  schema)
    need glib-compile-schemas
    glib-compile-schemas --strict --dry-run "$1"
    ;;
  mime-xml)
    need xmllint
    need update-mime-database
    xmllint --noout "$1"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/mime/packages"
    cp "$1" "$tmp/mime/packages/"
    # update-mime-database prints but does not fail on some errors.
    # It reports some errors only as messages; the search path is set so
    # that it has nothing else to say.
    out=$(XDG_DATA_HOME="$tmp" XDG_DATA_DIRS="$tmp" update-mime-database "$tmp/mime" 2>&1) ||
      { echo "$out"; exit 1; }
    [ -z "$out" ] || { echo "$out"; exit 1; }
    ;;
  mime-detect)
    need update-mime-database
    need gio
    xml=$1 desktop=$2 src=$3
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT

    # Every type of the package is in the desktop file's MimeType.
    mimetypes=$(sed -n 's/^MimeType=//p' "$desktop")
    for t in $(sed -n 's/.*<mime-type type="\([^"]*\)".*/\1/p' "$xml"); do
      case ";$mimetypes" in
        *";$t;"*) ;;
        *) echo "FAIL: $t not in the desktop file's MimeType=$mimetypes"; exit 1 ;;
      esac
    done

    status=0
    check_all () {
      label=$1
      for f in "$src"/data/chat.pcap "$src"/tests/captures/*.pcap "$src"/tests/captures/*.pcapng \
               "$src"/tests/captures/pcap-variants/*.pcap "$src"/tests/captures/pcap-variants/*.pcapng; do
        case $f in
          *.pcapng) want=application/x-pcapng ;;
          *) want=application/vnd.tcpdump.pcap ;;
        esac
        check "$f" "$want" "$label"
      done
      # Not a capture: must not be taken for one.
      check "$src/tests/captures/damaged/random-4k.bin" "!" "$label"
    }
    check () {
      cp "$1" "$tmp/capture"
      got=$(XDG_DATA_HOME="$tmp/home" XDG_DATA_DIRS="$tmp/share" \
            gio info -a standard::content-type "$tmp/capture" |
            sed -n 's/^ *standard::content-type: *//p')
      if [ "$2" = "!" ]; then
        case $got in
          application/vnd.tcpdump.pcap|application/x-pcapng)
            echo "FAIL ($3): ${1#$src/} taken for $got"; status=1 ;;
          *) echo "ok ($3): ${1#$src/} is $got" ;;
        esac
      elif [ "$got" = "$2" ]; then
        echo "ok ($3): ${1#$src/} is $got"
      else
        echo "FAIL ($3): ${1#$src/} is \"$got\", want $2"
        status=1
      fi
    }

    mkdir -p "$tmp/home" "$tmp/share/mime/packages"
    cp "$xml" "$tmp/share/mime/packages/io.github.trawl.Trawl.xml"
    XDG_DATA_DIRS="$tmp/share" update-mime-database "$tmp/share/mime"
    check_all "this package alone"

    # As on a desktop: beside freedesktop.org's definitions, which know
    # only the microsecond pcap magic.
    for d in /usr/share /usr/local/share; do
      if [ -f "$d/mime/packages/freedesktop.org.xml" ]; then
        cp "$d/mime/packages/freedesktop.org.xml" "$tmp/share/mime/packages/"
        XDG_DATA_DIRS="$tmp/share" update-mime-database "$tmp/share/mime"
        check_all "with freedesktop.org.xml"
        break
      fi
    done
    exit $status
    ;;
  *)
    echo "check-data.sh: unknown check $what" >&2
    exit 2
    ;;
esac
