#!/usr/bin/python3
# On a 1366×768 projector, at zoom 1.3, with four panes, the lessons
# sidebar and the diagram open, in English and in Chinese: every pane's
# Kind, Host, Port, Start, Message, Send, Pause reading and close controls
# are showing, and their extents over AT-SPI lie inside the screen.
#
# Usage: e2e-layout.py path/to/socket-playground BUILD/po APP_ID [LANGUAGE]
# (LANGUAGE zh_CN, or none for English: one app a run, as a second app on
# the same bus meets the first one's stale cache over AT-SPI)
# Runs inside tests/run-ui.sh (Xvfb 1366×768 + D-Bus session, private XDG
# dirs).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gettext
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sp_atspi import click, find, launch, poll, pyatspi, stop  # noqa: E402

SCREEN = (1366, 768)
PANES = ("[('tcp-server', '127.0.0.1', uint16 8081), ('tcp-client', '127.0.0.1', 8081), "
         "('udp-server', '127.0.0.1', 8000), ('udp-client', '127.0.0.1', 8000)]")
# The controls a lesson's steps name, by accessible name and role.
CONTROLS = [
    ('Kind', None),
    ('Host', pyatspi.ROLE_TEXT),
    ('Port', pyatspi.ROLE_TEXT),
    ('Start', pyatspi.ROLE_PUSH_BUTTON),
    ('Message', pyatspi.ROLE_TEXT),
    ('Send', pyatspi.ROLE_PUSH_BUTTON),
    ('Pause reading', pyatspi.ROLE_PUSH_BUTTON),
    ('Close pane', pyatspi.ROLE_PUSH_BUTTON),
]


def find_all(root, name, role):
    def pred(acc):
        return acc.name == name and (role is None or acc.getRole() == role)
    return pyatspi.findAllDescendants(root, pred)


def start(app, locale_dir, app_id, language):
    config = os.environ['XDG_CONFIG_HOME']
    os.makedirs(os.path.join(config, 'glib-2.0', 'settings'), exist_ok=True)
    with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
        f.write(f"[{app_id.replace('.', '/')}]\n"
                f"language='{language}'\nzoom=1.3\nlessons-visible=true\n"
                f"window-width={SCREEN[0]}\nwindow-height={SCREEN[1]}\n"
                f"pane-layout={PANES}\n")
    return launch(app, extra_env={'GSETTINGS_BACKEND': 'keyfile',
                                  'SOCKET_PLAYGROUND_LOCALEDIR': locale_dir})


def check(window, _, number, language):
    width, height = window.queryComponent().getSize()
    print(f'# window {width}×{height}')
    assert width <= SCREEN[0] and height <= SCREEN[1], 'the window is larger than the screen'
    # GTK 4.8 gives toggle buttons the push button role, pressed when on.
    diagram = poll('the Diagram button',
                   lambda: find(window, name=_('Diagram'), role=pyatspi.ROLE_PUSH_BUTTON))
    click(diagram)
    poll('the diagram shown', lambda: diagram.getState().contains(pyatspi.STATE_PRESSED)
         or diagram.getState().contains(pyatspi.STATE_CHECKED))

    for name, role in CONTROLS:
        shown = poll(f'four {name} controls showing',
                     lambda: [c for c in find_all(window, _(name), role)
                              if c.getState().contains(pyatspi.STATE_VISIBLE)]
                     if len(find_all(window, _(name), role)) == 4 else None)
        assert len(shown) == 4, f'{name}: {len(shown)} of 4 showing'
        for control in shown:
            # GTK 4.8 knows no screen coordinates; with no window manager
            # the window is at 0,0, so the window's are the screen's.
            x, y, w, h = control.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            print(f'# {_(name)}: {w}×{h} at {x},{y}')
            assert w > 0 and h > 0, f'{name} has no size'
            assert x >= 0 and y >= 0 and x + w <= SCREEN[0] and y + h <= SCREEN[1], \
                f'{name} at {x},{y} {w}×{h} is off the {SCREEN[0]}×{SCREEN[1]} screen'
    print(f'ok {number} /layout/atspi-extents/{language or "en"}')


def main():
    app, locale_dir, app_id = sys.argv[1:4]
    language = sys.argv[4] if len(sys.argv) > 4 else ''
    if language:
        _ = gettext.translation('socket-playground', locale_dir, [language]).gettext
    else:
        def _(text):
            return text
    print('1..1')
    proc, window = start(app, locale_dir, app_id, language)
    try:
        check(window, _, 1, language)
    finally:
        stop(proc)


if __name__ == '__main__':
    main()
