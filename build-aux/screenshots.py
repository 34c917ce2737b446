#!/usr/bin/python3
# Takes the screenshots in data/screenshots/ from the real app, driven over
# AT-SPI. Run through build-aux/screenshots.sh, which installs the app into a
# temporary prefix and starts Xvfb and D-Bus.
#
# Each screenshot is a capture of the window alone, as Flathub asks: the
# window with its rounded corners and the shadow GTK draws around it, on a
# transparent background. GTK draws that shadow (client-side decorations)
# only under a compositing window manager that supports _GTK_FRAME_EXTENTS,
# so one (xfwm4 with its compositor) runs on the Xvfb screen first; the
# window's ARGB contents are then read from the pixmap the compositor
# renders it into (the Composite extension), never from the screen.
#
# usage: screenshots.py PREFIX OUTDIR LANG [light|dark]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gettext
import os
import re
import subprocess
import sys
import tempfile
import time

from Xlib import X, Xatom
from Xlib import display as xdisplay

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests'))
from sp_atspi import (button, click, entry, find, launch, poll,  # noqa: E402
                      pyatspi, set_text, stop)

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
    wm = start_window_manager()
    env = {'LANGUAGE': lang, 'LANG': 'C.UTF-8'}
    proc, window = launch(os.path.join(prefix, 'bin', 'socket-playground'), env)
    try:
        server = pane(window, 'TCP server', 1)
        client = pane(window, 'TCP client', 2)

        click(button(server, _('Start')))
        button(server, _('Stop'))
        click(button(client, _('Start')))
        button(client, _('Stop'))

        # The tutorials' first exchange: the client greets, the server answers
        # "连接成功" (connection succeeded) in UTF-8.
        set_text(entry(client, _('Message')), 'hello, world')
        click(button(client, _('Send')))
        poll('received', lambda: find(find(server, name=_('Events')), pattern=r'hello, world'))
        set_text(entry(server, _('Message')), '连接成功')
        click(button(server, _('Send')))
        poll('answer', lambda: find(find(client, name=_('Events')), pattern='连接成功'))
        time.sleep(1.0)
        shoot(proc, 'main')
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
        shoot(proc, 'stream')

        # The whole conversation: the sequence diagram and the call trace.
        click(poll('diagram', lambda: find(window, name=_('Diagram'), role=pyatspi.ROLE_PUSH_BUTTON)))
        click(poll('calls tab', lambda: find(server, name=_('Calls'))))
        time.sleep(1.0)
        shoot(proc, 'diagram')
        click(poll('diagram', lambda: find(window, name=_('Diagram'), role=pyatspi.ROLE_PUSH_BUTTON)))

        # The lesson on it, done with "Set it up for me".
        click(poll('lessons', lambda: find(window, name=_('Lessons'), role=pyatspi.ROLE_PUSH_BUTTON)))
        lesson_prefix = _('Lesson %u: %s %s').split('%u')[0]
        click(poll('lesson 6', lambda: find(window, pattern='^' + lesson_prefix + '6', role=pyatspi.ROLE_PUSH_BUTTON)))
        steps = poll('steps', lambda: find(window, name=_('Steps'), role=pyatspi.ROLE_PANEL))
        click(poll('set up', lambda: find(steps, name=_('Set it up for me'), role=pyatspi.ROLE_PUSH_BUTTON)))
        time.sleep(2.0)
        shoot(proc, 'lesson')

        relay_between_programs(window, lesson_prefix)
        time.sleep(1.0)
        shoot(proc, 'relay')
    finally:
        stop(proc)
        stop(wm)


def lesson_programs():
    """The server and the client of the lesson "Watch your own programs",
    as the two files a student would save from its code."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'lessons',
                        '18-watch-your-programs.xml')
    with open(path, encoding='utf-8') as f:
        code = re.search(r'<python><!\[CDATA\[\n(.*?)\]\]></python>', f.read(), re.S).group(1)
    split = code.index('# ---- client')
    return code[:split], code[split:]


def relay_between_programs(window, lesson_prefix):
    """A relay pane between the tutorials' Python server and client, run
    here on loopback: the lesson's first step sets the relay up, the client
    runs once, then once more while the relay pauses its client side, so
    the three words reach the server glued together (黏包)."""
    click(poll('all lessons', lambda: find(window, name=_('All lessons'), role=pyatspi.ROLE_PUSH_BUTTON)))
    click(poll('lesson 18', lambda: find(window, pattern='^' + lesson_prefix + '18', role=pyatspi.ROLE_PUSH_BUTTON)))
    steps = poll('steps', lambda: find(window, name=_('Steps'), role=pyatspi.ROLE_PANEL))
    click(poll('set up', lambda: find(steps, name=_('Set it up for me'), role=pyatspi.ROLE_PUSH_BUTTON)))
    relay = pane(window, 'TCP relay', 1)
    button(relay, _('Stop'))
    # The earlier shots' client has no part here: the relay gets the room.
    click(button(pane(window, 'TCP client', 2), _('Close pane')))
    undo = _('_Undo').replace('_', '')
    poll('the Undo toast gone', lambda: not find(window, name=undo), timeout=30)

    server_code, client_code = lesson_programs()
    work = tempfile.mkdtemp()
    paths = []
    for name, code in (('server.py', server_code), ('client.py', client_code)):
        paths.append(os.path.join(work, name))
        with open(paths[-1], 'w', encoding='utf-8') as f:
            f.write(code)
    server = subprocess.Popen([sys.executable, '-u', paths[0]], stdout=subprocess.PIPE, text=True)
    try:
        if not server.stdout.readline().startswith('server on'):
            raise SystemExit('the lesson\'s server did not start')
        subprocess.run([sys.executable, paths[1]], check=True, timeout=30, stdout=subprocess.DEVNULL)
        events = find(relay, name=_('Events'))
        poll('bye passed on', lambda: find(events, pattern='bye'))
        pause = poll('pause', lambda: find(relay, name=_('Pause reading clients')))
        click(pause)
        time.sleep(0.5)
        subprocess.run([sys.executable, paths[1]], check=True, timeout=30, stdout=subprocess.DEVNULL)
        click(pause)
        poll('glued', lambda: find(events, pattern='helloworldbye'))
        click(poll('stream tab', lambda: find(relay, name=_('Stream'))))
    finally:
        server.kill()
        server.wait()
        for path in paths:
            os.unlink(path)
        os.rmdir(work)


def start_window_manager():
    """Starts xfwm4 with its compositor; returns once it manages the screen
    and composites (it owns _NET_WM_CM_S0 and supports _GTK_FRAME_EXTENTS)."""
    wm = subprocess.Popen(['xfwm4', '--compositor=on', '--vblank=off'],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    x = xdisplay.Display()
    root = x.screen().root
    cm = x.intern_atom(f'_NET_WM_CM_S{x.get_default_screen()}')
    supported = x.intern_atom('_NET_SUPPORTED')
    frame_extents = x.intern_atom('_GTK_FRAME_EXTENTS')

    def ready():
        if wm.poll() is not None:
            raise SystemExit(f'xfwm4 exited with {wm.returncode}')
        atoms = root.get_full_property(supported, Xatom.ATOM)
        return (x.get_selection_owner(cm) != X.NONE
                and atoms is not None and frame_extents in atoms.value)
    poll('a compositing window manager', ready)
    x.close()
    return wm


def app_frame(x, pid):
    """The app's main window: the biggest mapped top-level window (or the
    window manager's frame around it) that holds a window of process pid."""
    net_wm_pid = x.intern_atom('_NET_WM_PID')

    def owned(window, depth=0):
        prop = window.get_full_property(net_wm_pid, Xatom.CARDINAL)
        if prop is not None and prop.value[0] == pid:
            return True
        return depth < 2 and any(owned(c, depth + 1) for c in window.query_tree().children)

    frames = []
    for top in x.screen().root.query_tree().children:
        attrs = top.get_attributes()
        if attrs.map_state != X.IsViewable or attrs.override_redirect or not owned(top):
            continue
        geometry = top.get_geometry()
        frames.append((geometry.width * geometry.height, top, geometry))
    if not frames:
        raise AssertionError(f'no window of process {pid} on the screen')
    return max(frames, key=lambda f: f[0])[1:]


def shoot(proc, name):
    x = xdisplay.Display()
    x.sync()
    frame, geometry = app_frame(x, proc.pid)
    if geometry.depth != 32:
        raise SystemExit(f'the window has depth {geometry.depth}: no compositing, no transparent background')
    # The compositor's copy of the window, shadow included, with its alpha;
    # the screen would have the window flattened onto the root.
    pixmap = frame.composite_name_window_pixmap()
    width, height = geometry.width, geometry.height
    image = pixmap.get_image(0, 0, width, height, X.ZPixmap, 0xffffffff)
    pixmap.free()
    x.close()
    pixels = unpremultiply(bytearray(image.data))
    path = os.path.join(outdir, f'{name}{suffix}.png')
    # No time stamps in the file: a run that draws the same pixels writes
    # the same bytes.
    subprocess.run(['convert', '-size', f'{width}x{height}', '-depth', '8', 'bgra:-',
                    '-strip', '-define', 'png:exclude-chunks=date,time', path],
                   input=bytes(pixels), check=True)


def unpremultiply(bgra):
    """X's ARGB visuals hold colour multiplied by alpha; PNG wants it plain.
    Only the shadow and the antialiased corners are partly transparent."""
    for i in range(3, len(bgra), 4):
        a = bgra[i]
        if 0 < a < 255:
            for j in range(i - 3, i):
                bgra[j] = min(255, (bgra[j] * 255 + a // 2) // a)
    return bgra


main()
