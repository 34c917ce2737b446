#!/usr/bin/python3
# End-to-end test: launches the real app and drives it over AT-SPI, as a
# screen reader (or a student with one) would: start a TCP server pane,
# connect a client pane to it, send "hello", read the received row.
#
# Usage: e2e-atspi.py path/to/socket-playground
# Runs inside tests/run-ui.sh (Xvfb + D-Bus session). Needs python3-pyatspi.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import time

try:
    import gi
    gi.require_version('Atspi', '2.0')
    import pyatspi
except (ImportError, ValueError) as e:
    print(f'1..0 # SKIP python3-pyatspi is not available: {e}')
    sys.exit(0)

TIMEOUT = 15.0


def poll(what, fn, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = fn()
        except Exception:  # the tree changes under us while the app works
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f'timed out waiting for {what}')


def find(root, name=None, role=None, pattern=None):
    def pred(acc):
        if role is not None and acc.getRole() != role:
            return False
        if name is not None and acc.name != name:
            return False
        if pattern is not None and not re.search(pattern, acc.name or ''):
            return False
        return True
    return pyatspi.findDescendant(root, pred, breadth_first=True)


def text_of(acc):
    t = acc.queryText()
    return t.getText(0, t.characterCount)


def set_text(entry, value):
    entry.queryEditableText().setTextContents(value)


def click(button):
    button.queryAction().doAction(0)


def main():
    app_path = sys.argv[1]
    env = dict(os.environ)
    env.pop('NO_AT_BRIDGE', None)
    env['GTK_A11Y'] = 'atspi'
    proc = subprocess.Popen([app_path], env=env)
    print('1..1')
    try:
        desktop = pyatspi.Registry.getDesktop(0)
        app = poll('the app on the accessibility bus',
                   lambda: next((a for a in desktop
                                 if a is not None and a.name == 'socket-playground'), None))
        window = poll('the main window', lambda: app[0] if app.childCount else None)

        poll('Add pane button', lambda: find(window, name='Add pane', role=pyatspi.ROLE_PUSH_BUTTON))
        server = poll('server pane', lambda: find(window, name='TCP server 1'))
        client = poll('client pane', lambda: find(window, name='TCP client 2'))

        # Port 0: the system picks a free port, the pane shows which.
        set_text(find(server, name='Port', role=pyatspi.ROLE_TEXT), '0')
        click(find(server, name='Start', role=pyatspi.ROLE_PUSH_BUTTON))
        poll('Start to become Stop', lambda: find(server, name='Stop', role=pyatspi.ROLE_PUSH_BUTTON))
        status = poll('listening status',
                      lambda: find(server, role=pyatspi.ROLE_LABEL, pattern=r'^Listening on '))
        port = re.search(r':(\d+)$', text_of(status)).group(1)
        assert port != '0', 'the chosen port is shown'

        set_text(find(client, name='Port', role=pyatspi.ROLE_TEXT), port)
        click(find(client, name='Start', role=pyatspi.ROLE_PUSH_BUTTON))
        poll('client connected', lambda: find(client, role=pyatspi.ROLE_LABEL,
                                              pattern=r'remote 127\.0\.0\.1:' + port))

        set_text(find(client, name='Message', role=pyatspi.ROLE_TEXT), 'hello')
        click(find(client, name='Send', role=pyatspi.ROLE_PUSH_BUTTON))

        events = find(server, name='Events')
        assert events is not None, 'server pane has an Events list'
        row = poll('received row in the server pane',
                   lambda: find(events, pattern=r'^received, 5 bytes, from 127\.0\.0\.1:\d+.*: hello$'))
        print(f'# server row: {row.name}')

        sent = poll('sent row in the client pane',
                    lambda: find(find(client, name='Events'), pattern=r'^sent, 5 bytes'))
        print(f'# client row: {sent.name}')

        shot = os.environ.get('SP_E2E_SCREENSHOT')
        if shot:
            time.sleep(0.5)
            subprocess.run(['import', '-window', 'root', shot], check=False)
        print('ok 1 /e2e/tcp-hello')
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == '__main__':
    main()
