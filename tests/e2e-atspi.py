#!/usr/bin/python3
# End-to-end test: launches the real app and drives it over AT-SPI, as a
# screen reader (or a student with one) would: start a TCP server pane,
# connect a client pane to it, send "hello", read the received row.
#
# Usage: e2e-atspi.py path/to/socket-playground
# Runs inside tests/run-ui.sh (Xvfb + D-Bus session).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sp_atspi import (button, click, entry, find, launch, poll,  # noqa: E402
                      pyatspi, set_text, stop, text_of)


def main():
    print('1..1')
    proc, window = launch(sys.argv[1])
    try:
        button(window, 'Add pane')
        server = poll('server pane', lambda: find(window, name='TCP server 1'))
        client = poll('client pane', lambda: find(window, name='TCP client 2'))

        # Port 0: the system picks a free port, the pane shows which.
        set_text(entry(server, 'Port'), '0')
        click(button(server, 'Start'))
        button(server, 'Stop')
        status = poll('listening status',
                      lambda: find(server, role=pyatspi.ROLE_LABEL, pattern=r'^Listening on '))
        port = re.search(r':(\d+)$', text_of(status)).group(1)
        assert port != '0', 'the chosen port is shown'

        set_text(entry(client, 'Port'), port)
        click(button(client, 'Start'))
        poll('client connected', lambda: find(client, role=pyatspi.ROLE_LABEL,
                                              pattern=r'remote 127\.0\.0\.1:' + port))

        set_text(entry(client, 'Message'), 'hello')
        click(button(client, 'Send'))

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
        stop(proc)


if __name__ == '__main__':
    main()
