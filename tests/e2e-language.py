#!/usr/bin/python3
# The language chosen in Preferences works whatever the system's locale:
# started with LANG=C (where gettext ignores LANGUAGE) and the setting on
# 简体中文, the app's buttons are in Chinese over AT-SPI; with the setting
# on "follow the system", in English.
#
# Usage: e2e-language.py path/to/socket-playground BUILD/po APP_ID
# Runs inside tests/run-ui.sh (Xvfb + D-Bus session, private XDG dirs).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sp_atspi import find, launch, poll, pyatspi, stop  # noqa: E402


def start_with_language(app, locale_dir, app_id, language):
    """Writes the setting where the keyfile backend reads it, then starts
    the app under LANG=C with nothing else set."""
    config = os.environ['XDG_CONFIG_HOME']
    os.makedirs(os.path.join(config, 'glib-2.0', 'settings'), exist_ok=True)
    with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
        f.write(f"[{app_id.replace('.', '/')}]\nlanguage='{language}'\n")
    for name in ('LC_ALL', 'LC_MESSAGES', 'LANGUAGE'):
        os.environ.pop(name, None)
    return launch(app, extra_env={
        'LANG': 'C',
        'GSETTINGS_BACKEND': 'keyfile',
        'SOCKET_PLAYGROUND_LOCALEDIR': locale_dir,
    })


def start_button(window, name):
    return poll(f'a button named {name}',
                lambda: find(window, name=name, role=pyatspi.ROLE_PUSH_BUTTON))


def main():
    app, locale_dir, app_id = sys.argv[1:4]
    print('1..2')

    proc, window = start_with_language(app, locale_dir, app_id, 'zh_CN')
    try:
        start_button(window, '启动')
        assert find(window, name='Start', role=pyatspi.ROLE_PUSH_BUTTON) is None, \
            'no English Start button left'
        print('ok 1 /language/zh_CN-under-LANG=C')
    finally:
        stop(proc)

    proc, window = start_with_language(app, locale_dir, app_id, '')
    try:
        start_button(window, 'Start')
        print('ok 2 /language/system-under-LANG=C')
    finally:
        stop(proc)


if __name__ == '__main__':
    main()
