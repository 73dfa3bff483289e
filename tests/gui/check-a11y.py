#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-a11y.py: read the running window's accessibility tree (AT-SPI).

Usage: check-a11y.py [--app trawl] [--require ROLE=NAME-PREFIX ...]

Walks every window of the application as a screen reader sees it and
fails when a widget one can interact with (a button, an entry, a list, a
row, a text view, ...) has no name: an empty one, or the type name GTK
4.8 falls back to ("GtkImage" for an icon-only button).  Each --require
names a widget that must be there, e.g. "text=Display filter".
Exits 77 (skip) when the Atspi bindings (gir1.2-atspi-2.0) are missing.
"""
import argparse
import re
import sys
import time

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi
except (ImportError, ValueError) as e:
    print(f"SKIP: no AT-SPI bindings ({e}): apt-get install gir1.2-atspi-2.0 python3-gi")
    sys.exit(77)

# Roles a user acts on.  Containers (panels, fillers, scroll panes) and
# scroll bars are left out: screen readers do not announce them by name.
INTERACTIVE = {
    'push button', 'toggle button', 'check box', 'radio button', 'text', 'entry',
    'password text', 'spin button', 'combo box', 'slider', 'menu item', 'page tab',
    'list', 'list item', 'table', 'tree table', 'table row', 'tree', 'tree item',
    'status bar',
}
# These need a name even when not focusable themselves (a GtkMenuButton
# wraps a focusable button; a table's rows take the focus, not the table).
ALWAYS = {'push button', 'toggle button', 'check box', 'radio button', 'text', 'entry',
          'list', 'table', 'tree table', 'tree', 'status bar'}
# GTK 4.8 names a widget without a label after its type.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Trawl)[A-Z][A-Za-z]*$')
# Rows of a long list: the first ones tell for the rest.
MAX_CHILDREN = 30


def find_app(name, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_name() == name and app.get_child_count() > 0:
                return app
        time.sleep(0.5)
    return None


def describe(path):
    return ' > '.join(f"{role} '{name}'" for role, name in path)


def walk(node, path, problems, seen, dump=False):
    try:
        role = node.get_role_name()
        name = node.get_name() or ''
        states = node.get_state_set()
        n = node.get_child_count()
    except Exception as e:  # a widget gone while walking
        problems.append(f"{describe(path)}: unreadable ({e})")
        return
    path = path + [(role, name)]
    # (the application node itself has no VISIBLE state)
    if role != 'application' and not states.contains(Atspi.StateType.VISIBLE):
        return
    seen.append((role, name))
    focusable = states.contains(Atspi.StateType.FOCUSABLE)
    if role in INTERACTIVE and (focusable or role in ALWAYS):
        if dump:
            print(f"checked: {role} '{name}'")
        if name.strip() == '' or TYPE_NAME.match(name):
            problems.append(f"no name: {describe(path)}")
    for i in range(min(n, MAX_CHILDREN)):
        child = node.get_child_at_index(i)
        if child is not None:
            walk(child, path, problems, seen, dump)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--app', default='trawl')
    parser.add_argument('--timeout', type=float, default=20)
    parser.add_argument('--require', action='append', default=[])
    parser.add_argument('--dump', action='store_true', help='print what was checked')
    args = parser.parse_args()

    app = find_app(args.app, args.timeout)
    if app is None:
        print(f"FAIL: no application '{args.app}' on the accessibility bus")
        return 1
    problems, seen = [], []
    walk(app, [], problems, seen, args.dump)
    print(f"a11y: {len(seen)} visible nodes read")
    for req in args.require:
        role, _, prefix = req.partition('=')
        if not any(r == role and n.startswith(prefix) for r, n in seen):
            problems.append(f"missing: {role} named '{prefix}…'")
        else:
            print(f"a11y: found {role} '{prefix}…'")
    for p in problems:
        print(f"FAIL: {p}")
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
