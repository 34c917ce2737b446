#!/usr/bin/python3
# End-to-end test of a lesson's code in the sidebar, with a real pointer
# (XTest through AT-SPI): the mouse wheel over a code block scrolls the
# sidebar, as it does over the lesson's text. A code block scrolls sideways
# on its own, and such a scroller would otherwise keep every wheel event.
#
# Usage: e2e-lesson-code.py path/to/socket-playground
# Runs inside tests/run-ui.sh (Xvfb + D-Bus session).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sp_atspi import find, launch, poll, pyatspi, stop, text_of  # noqa: E402


def top(acc):
    return acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS).y


def wheel_down(x, y):
    pyatspi.Registry.generateMouseEvent(x, y, 'b5c')


def main():
    print('1..1')
    proc, window = launch(sys.argv[1], args=('--lesson', 'echo-server'))
    try:
        block = poll('the Python code', lambda: find(window, name='Python code'))
        code = find(block, role=pyatspi.ROLE_LABEL, pattern=r'^import socket\n')
        assert '\n    conn, addr = sk.accept()\n' in text_of(code), 'the code keeps its indentation'
        box = code.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        frame = window.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        x = box.x + 40

        # The lesson's text first, until the code is in the upper half.
        while top(code) > frame.height // 2:
            before = top(code)
            wheel_down(x, frame.height // 3)
            poll('the sidebar to scroll over the text', lambda: top(code) < before)

        # Then over the code itself.
        for turn in range(3):
            before = top(code)
            wheel_down(x, before + 30)
            poll(f'the sidebar to scroll over the code ({turn + 1})', lambda: top(code) < before)
        print('ok 1 /e2e/lesson-code-wheel')
    finally:
        stop(proc)


if __name__ == '__main__':
    main()
