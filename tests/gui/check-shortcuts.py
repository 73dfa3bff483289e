#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-shortcuts.py SRCDIR: every action has a shortcut, listed in Ctrl+?.

Reads the sources, not the running window:
  - the accelerators TrawlApplication sets (src/gui/trawl-application.c),
  - the window and application actions (trawl-window-actions.c and the
    GActionEntry table of trawl-application.c),
  - the key bindings widgets add (gtk_widget_class_add_binding_action),
  - the shortcuts window (ui/help-overlay.ui),
and fails when an action has no accelerator (outside the few below, with
the reason), or an accelerator or binding is missing from the shortcuts
window.
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# Actions without a shortcut, and why.
NO_SHORTCUT = {
    'win.open-recent': 'a menu of files: takes the file as its parameter',
    'app.about': 'GNOME applications give About no shortcut',
}
MODIFIERS = {'GDK_CONTROL_MASK': '<Control>', 'GDK_SHIFT_MASK': '<Shift>', 'GDK_ALT_MASK': '<Alt>'}


def canonical(accel):
    """'<Control><Shift>s' and '<Shift><Control>S' are the same key."""
    mods = sorted(re.findall(r'<(\w+)>', accel))
    key = re.sub(r'<\w+>', '', accel)
    return ''.join(f'<{m}>' for m in mods) + (key.lower() if len(key) == 1 else key)


def main(src):
    app_c = (src / 'src/gui/trawl-application.c').read_text()
    actions_c = (src / 'src/gui/trawl-window-actions.c').read_text()
    overlay = ET.parse(src / 'ui/help-overlay.ui')

    accels = {}   # action (with ::target) -> [accelerators]
    for action, first in re.findall(r'\{\s*"((?:app|win)\.[\w-]+(?:::[\w-]+)?)",\s*\{\s*"([^"]+)"', app_c):
        accels.setdefault(action, []).append(first)
    actions = set(re.findall(r'install_(?:property_)?action \(klass, "(win\.[\w-]+)"', actions_c))
    entries = re.search(r'GActionEntry app_actions\[\] = \{(.*?)\};', app_c, re.S).group(1)
    actions |= {'app.' + a for a in re.findall(r'\{\s*"([\w-]+)"', entries)}
    bindings = []
    for path in sorted((src / 'src/gui').glob('*.c')):
        for key, mask, action in re.findall(
                r'add_binding_action \(widget_class, GDK_KEY_(\w+), ([\w |]+), "([\w.-]+)"', path.read_text()):
            mods = ''.join(MODIFIERS[m.strip()] for m in mask.split('|') if m.strip() in MODIFIERS)
            bindings.append((path.name, action, canonical(mods + key)))

    listed_actions, listed_accels = set(), set()
    for shortcut in overlay.iter('object'):
        if shortcut.get('class') != 'GtkShortcutsShortcut':
            continue
        for prop in shortcut.findall('property'):
            if prop.get('name') == 'action-name':
                listed_actions.add(prop.text)
            elif prop.get('name') == 'accelerator':
                listed_accels.add(canonical(prop.text))

    problems = []
    have_accel = {a.split('::')[0] for a in accels}
    for action in sorted(actions):
        if action not in have_accel and action not in NO_SHORTCUT:
            problems.append(f'{action} has no shortcut (trawl-application.c)')
    for action, keys in sorted(accels.items()):
        if action not in listed_actions and not any(canonical(k) in listed_accels for k in keys):
            problems.append(f'{action} ({", ".join(keys)}) is not in the shortcuts window')
    for name, action, key in bindings:
        if key not in listed_accels:
            problems.append(f'{name}: {key} ({action}) is not in the shortcuts window')

    print(f'{len(actions)} actions, {len(accels)} accelerators, {len(bindings)} key bindings, '
          f'{len(listed_actions) + len(listed_accels)} entries in the shortcuts window')
    for p in problems:
        print('FAIL:', p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else '.')))
