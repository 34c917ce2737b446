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
dark = len(sys.argv) > 4 and sys.argv[4] == 'dark'
suffix = ('-dark' if dark else '') + ('' if lang == 'en' else '-' + lang)
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
        shoot('main')
        if dark:
            return

        # 黏包: the server reads late, ten sends arrive in one recv(); the
        # Stream tab shows the ten send() colours under one recv() marker.
        click(button(server, _('Pause reading')))
        spin = poll('repeat', lambda: find(client, name=_('Times to send')))
        spin.queryValue().currentValue = 10.0
        set_text(entry(client, _('Message')), 'hello')
        click(button(client, _('Send')))
        time.sleep(0.5)
        click(button(server, _('Resume reading')))
        poll('fifty bytes', lambda: find(find(server, name=_('Events')), pattern='hellohello'))
        click(poll('stream tab', lambda: find(server, name=_('Stream'))))
        time.sleep(1.0)
        shoot('stream')

        # The whole conversation: the sequence diagram and the call trace.
        click(poll('diagram', lambda: find(window, name=_('Diagram'), role=pyatspi.ROLE_PUSH_BUTTON)))
        click(poll('calls tab', lambda: find(server, name=_('Calls'))))
        time.sleep(1.0)
        shoot('diagram')
        click(poll('diagram', lambda: find(window, name=_('Diagram'), role=pyatspi.ROLE_PUSH_BUTTON)))

        # The lesson on it, done with "Set it up for me".
        click(poll('lessons', lambda: find(window, name=_('Lessons'), role=pyatspi.ROLE_PUSH_BUTTON)))
        lesson_prefix = _('Lesson %u: %s %s').split('%u')[0]
        click(poll('lesson 6', lambda: find(window, pattern='^' + lesson_prefix + '6', role=pyatspi.ROLE_PUSH_BUTTON)))
        steps = poll('steps', lambda: find(window, name=_('Steps'), role=pyatspi.ROLE_PANEL))
        click(poll('set up', lambda: find(steps, name=_('Set it up for me'), role=pyatspi.ROLE_PUSH_BUTTON)))
        time.sleep(2.0)
        shoot('lesson')
    finally:
        stop(proc)


def shoot(name):
    subprocess.run(['import', '-window', 'root', os.path.join(outdir, f'{name}{suffix}.png')],
                   check=True)


main()
