#!/usr/bin/python3
# Takes the screenshots in data/screenshots/ from the real app, driven over
# AT-SPI. Run through build-aux/screenshots.sh, which installs the app into a
# temporary prefix and starts Xvfb and D-Bus.
#
# usage: screenshots.py PREFIX OUTDIR LANG
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gettext
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests'))
from sp_atspi import (button, click, entry, find, launch, poll,  # noqa: E402
                      pyatspi, set_text, stop, text_of)

prefix, outdir, lang = sys.argv[1], sys.argv[2], sys.argv[3]
suffix = '' if lang == 'en' else '-' + lang
t = gettext.translation('socket-playground', os.path.join(prefix, 'share', 'locale'),
                        languages=[lang], fallback=True)
_ = t.gettext


def pane(window, kind, number):
    name = _('%s %u') % (_(kind), number)
    return poll(name, lambda: find(window, name=name))


def main():
    env = {'LANGUAGE': lang, 'LANG': 'C.UTF-8'}
    proc, window = launch(os.path.join(prefix, 'bin', 'socket-playground'), env)
    try:
        server = pane(window, 'TCP server', 1)
        client = pane(window, 'TCP client', 2)

        click(button(server, _('Start')))
        button(server, _('Stop'))
        click(button(client, _('Start')))
        button(client, _('Stop'))

        # The seeds' first exchange: the client greets, the server answers
        # "连接成功" (connection succeeded) in UTF-8.
        set_text(entry(client, _('Message')), 'hello, world')
        click(button(client, _('Send')))
        poll('received', lambda: find(find(server, name=_('Events')), pattern=r'hello, world'))
        set_text(entry(server, _('Message')), '连接成功')
        click(button(server, _('Send')))
        poll('answer', lambda: find(find(client, name=_('Events')), pattern='连接成功'))
        time.sleep(1.0)
        subprocess.run(['import', '-window', 'root',
                        os.path.join(outdir, f'main{suffix}.png')], check=True)
    finally:
        stop(proc)


main()
