#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-fresh-machine.sh [OUTDIR]: run README's first command on a fresh
# Debian 12, as a newcomer would, and keep a screenshot of the window.
#
# mmdebstrap makes a minimal Debian 12 root (the apt variant: Essential
# packages, apt, plus sudo); the committed checkout (git archive HEAD) goes
# into a normal user's home, and that user runs README's first command
# there: its install-and-build part as is (sudo included), then, once the
# harness has installed Xvfb and ImageMagick (after the build, so they
# cannot hide a missing build dependency), the window under xvfb-run until
# it is mapped and for a few seconds more, a screenshot, and the window is
# killed.  A window that exits on its own, never shows, or shows black
# fails the check.  Needs root (mmdebstrap,
# chroot, mounts in a private mount namespace) and Debian's mirror.
# OUTDIR (default build/fresh-machine) receives the screenshot and logs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/fresh-machine}
window_seconds=${FRESH_WINDOW_SECONDS:-5}
suite=bookworm

if [ "$(id -u)" != 0 ]; then
  echo "check-fresh-machine.sh: needs root (mmdebstrap, chroot)" >&2
  exit 1
fi
for tool in mmdebstrap unshare git; do
  command -v "$tool" >/dev/null || { echo "check-fresh-machine.sh: $tool is missing" >&2; exit 1; }
done

# README's first command: the first command line of its first sh block.
readme_cmd=$(awk '/^```sh/ { inside = 1; next } /^```/ { if (inside) exit }
                  inside && !/^#/ && NF { print; exit }' "$top/README.md")
case "$readme_cmd" in
  *" && ./build/src/gui/trawl "*) ;;
  *) echo "check-fresh-machine.sh: README's first command does not end by opening the window: $readme_cmd" >&2
     exit 1 ;;
esac
build_part=${readme_cmd% && ./build/src/gui/trawl *}
window_part=./build/src/gui/trawl${readme_cmd##* && ./build/src/gui/trawl}

mkdir -p "$out"
out=$(cd "$out" && pwd)
root=$(mktemp -d "${TMPDIR:-/var/tmp}/trawl-fresh.XXXXXX")
# The root lives in memory when there is room (about 3 GB): no disk
# writes to wait for, and nothing to delete afterwards.
in_memory=false
avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
if [ "${avail_kb:-0}" -gt $((8 * 1024 * 1024)) ] && mount -t tmpfs -o size=5g,mode=0755 trawl-fresh "$root"; then
  in_memory=true
fi
cleanup () {
  if $in_memory; then
    umount "$root" 2>/dev/null || umount -l "$root"
    rmdir "$root"
  elif [ -n "$root" ] && [ "$root" != / ]; then
    rm -rf "$root"
  fi
}
trap cleanup EXIT INT TERM
start=$(date +%s)
stamp() { echo "== $(( $(date +%s) - start )) s: $*"; }

stamp "mmdebstrap $suite into $root (in memory: $in_memory)"
# The same apt options as this machine's (a snapshot mirror may be older
# than its Valid-Until); dpkg without fsync, as the root is thrown away
# (installing README's packages: 5 min -> 2 min).
mmdebstrap --quiet --variant=apt --include=sudo --dpkgopt=force-unsafe-io \
  --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Check-Date "false"' \
  "$suite" "$root" >"$out/mmdebstrap.log" 2>&1 || { cat "$out/mmdebstrap.log" >&2; exit 1; }

user=newcomer
chroot "$root" useradd --create-home --shell /bin/sh "$user"
echo "$user ALL=(ALL) NOPASSWD: ALL" >"$root/etc/sudoers.d/$user"
chmod 0440 "$root/etc/sudoers.d/$user"
mkdir "$root/home/$user/trawl"
git -C "$top" archive HEAD | tar -x -C "$root/home/$user/trawl"
chroot "$root" chown -R "$user:$user" "/home/$user/trawl"

# The two parts of the command, and the harness around the window, as
# scripts the user runs from the top of the checkout.
# The build part runs as one "&&" chain, as README has it; each command
# says when it starts.
{
  printf '#!/bin/sh\nset -e\n'
  echo "$build_part" | sed 's/ && /\n/g' | while read -r cmd; do
    printf 'echo "== $(( $(date +%%s) - %s )) s: %s"\n%s\n' "$start" "$cmd" "$cmd"
  done
} >"$root/home/$user/build-part.sh"
# The window: wait until it is mapped (a loaded machine may take long),
# until it is drawn, then take the screenshot, and refuse a black one.
# Drawn with cairo, as tests/gui does: GL under Xvfb is llvmpipe, whose
# first frame took more than 5 s at a load average of 16.
cat >"$root/home/$user/window-part.sh" <<EOF
#!/bin/sh
$window_part &
app=\$!
waited=0
until xwininfo -root -tree | grep -q '"chat.pcap"'; do
  kill -0 \$app 2>/dev/null || { echo "the window exited" >&2; exit 1; }
  [ \$waited -lt 120 ] || { echo "no window after 120 s" >&2; exit 1; }
  sleep 1
  waited=\$((waited + 1))
done
echo "== window mapped after \$waited s"
# Then screenshots until one is not black (the first frame can take long
# on a loaded machine), and a last one $window_seconds s later.
mean=0
until awk -v m="\$mean" 'BEGIN { exit !(m > 0.05) }'; do
  kill -0 \$app 2>/dev/null || { echo "the window exited" >&2; exit 1; }
  [ \$waited -lt 180 ] || { echo "the screen is still black after 180 s" >&2; exit 1; }
  sleep 2
  waited=\$((waited + 2))
  import -window root "\$HOME/window.png"
  mean=\$(identify -format '%[fx:mean]' "\$HOME/window.png")
done
echo "== window drawn after \$waited s"
sleep $window_seconds
kill -0 \$app 2>/dev/null || { echo "the window exited within $window_seconds s" >&2; exit 1; }
import -window root "\$HOME/window.png"
kill \$app
wait \$app || true
mean=\$(identify -format '%[fx:mean]' "\$HOME/window.png")
echo "== screenshot: mean brightness \$mean"
awk -v m="\$mean" 'BEGIN { exit !(m > 0.05) }' || { echo "the screenshot is black" >&2; exit 1; }
EOF
chmod 0755 "$root/home/$user/build-part.sh" "$root/home/$user/window-part.sh"

# Run in a private mount namespace, so the mounts go with it.
cat >"$root/run-check.sh" <<EOF
#!/bin/sh
set -eu
stamp() { echo "== \$(( \$(date +%s) - $start )) s: \$*"; }
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
as_user() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/$user \\
    LANG=C.UTF-8 USER=$user /usr/sbin/runuser -u $user -- sh -c "cd /home/$user/trawl && \$*"
}
stamp "as $user: $build_part"
as_user /home/$user/build-part.sh
stamp "harness: xvfb xauth x11-utils imagemagick dbus"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \\
  xvfb xauth x11-utils imagemagick dbus >/dev/null
stamp "as $user, under xvfb-run for $window_seconds s: $window_part"
as_user GSK_RENDERER=cairo GTK_A11Y=none dbus-run-session -- xvfb-run -a -s "'-screen 0 1280x800x24'" /home/$user/window-part.sh
EOF
chmod 0755 "$root/run-check.sh"
stamp "README's first command, in the fresh root"
if ! unshare --mount --propagation private "$root/run-check.sh" >"$out/readme-command.log" 2>&1; then
  cat "$out/readme-command.log" >&2
  stamp "FAILED (log: $out/readme-command.log)"
  exit 1
fi
grep '^== ' "$out/readme-command.log"
cp "$root/home/$user/window.png" "$out/window.png"
stamp "done, screenshot: $out/window.png"
