# Helpers to drive Socket Playground over AT-SPI, shared by the end-to-end
# test and the screenshot script. Use with /usr/bin/python3 (needs
# python3-pyatspi), inside an X server and a D-Bus session.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import time

# G_DEBUG=fatal-warnings is for the app. In this process libatspi warns
# when it asks a new app for a cache that GTK 4.8 doesn't have yet ("Error
# in GetItems … /org/a11y/atspi/cache", seen when the app is slow to start),
# and that warning would end the test. GLib reads G_DEBUG when it loads, so
# run again without it, before gi is imported; launch() gives it to the app.
if 'G_DEBUG' in os.environ:
    os.environ['SP_E2E_APP_G_DEBUG'] = os.environ.pop('G_DEBUG')
    os.execv(sys.executable, [sys.executable, *sys.argv])

import gi  # noqa: E402
gi.require_version('Atspi', '2.0')
import pyatspi  # noqa: E402

TIMEOUT = 15.0


def poll(what, fn, timeout=TIMEOUT):
    """Calls fn until it returns something true; a click lands ~250 ms later."""
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


def button(root, name):
    return poll(f'button {name}', lambda: find(root, name=name, role=pyatspi.ROLE_PUSH_BUTTON))


def entry(root, name):
    return poll(f'entry {name}', lambda: find(root, name=name, role=pyatspi.ROLE_TEXT))


def launch(app_path, extra_env=None, args=()):
    """Starts the app (with @args, e.g. a session file) with the accessibility
    bridge on; returns (process, window).

    An app that exits at once (seen under load: the X server not taking a
    connection yet) is started again, up to three times."""
    env = dict(os.environ)
    env.pop('NO_AT_BRIDGE', None)
    if 'SP_E2E_APP_G_DEBUG' in env:
        env['G_DEBUG'] = env['SP_E2E_APP_G_DEBUG']
    env.update(extra_env or {})
    desktop = pyatspi.Registry.getDesktop(0)

    def find_app():
        return next((a for a in desktop if a is not None and a.name == 'socket-playground'), None)

    for attempt in range(3):
        proc = subprocess.Popen([app_path, *args], env=env)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                app = find_app()
            except Exception:
                app = None
            if app is not None and app.childCount:
                return proc, app[0]
            time.sleep(0.1)
        if proc.poll() is None:
            break
        print(f'# the app exited with {proc.returncode}; starting it again')
        time.sleep(0.5)
    stop(proc)
    raise AssertionError('timed out waiting for the app on the accessibility bus')


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
