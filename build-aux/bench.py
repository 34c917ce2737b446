#!/usr/bin/python3
# The benchmarks of BENCHMARKS.md. Run through build-aux/bench.sh, which
# builds _build-bench (release, -Dbenchmarks=true) and installs the app into
# _build-bench/_install.
#
#   bench.py BUILD            every figure; prints them, writes BUILD/bench.json
#   bench.py --ui BUILD OUT   figures 4 and 6 only, inside Xvfb + D-Bus (the
#                             first form starts this itself); JSON to OUT
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
MiB = 1 << 20

HEX_BYTES = 256 * MiB
ENGINE_BYTES = 256 * MiB
FRAMING_BYTES = 256 * MiB
MEMORY_EVENTS = 1_000_000
FLOOD_BYTES = int(os.environ.get("SP_BENCH_FLOOD_BYTES", 1 << 30))
FLOOD_MAX_SECONDS = float(os.environ.get("SP_BENCH_FLOOD_SECONDS", 60))
FLOOD_PORT = 8081          # the app's default; private in our network namespace
STARTUP_RUNS = 5


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def sp_bench_json(build, *args):
    return json.loads(sh(os.path.join(build, 'bench', 'sp-bench'), *args))


def verdict(ok):
    return 'PASS' if ok else 'MISS'


# Machine ---------------------------------------------------------------------

def machine():
    cpu = ''
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as f:
        mem_kib = int(re.search(r'MemTotal:\s+(\d+)', f.read()).group(1))
    debian = ''
    if os.path.exists('/etc/debian_version'):
        with open('/etc/debian_version') as f:
            debian = f.read().strip()

    def pc(name):
        try:
            return sh('pkg-config', '--modversion', name).strip()
        except Exception:
            return 'unknown'

    return {
        'nproc': os.cpu_count(),
        'cpu': cpu,
        'ram_gib': round(mem_kib / (1 << 20), 1),
        'kernel': platform.release(),
        'debian': debian,
        'gtk': pc('gtk4'),
        'glib': pc('glib-2.0'),
        'load_avg_at_start': os.getloadavg(),
    }


# 1. Hex formatter vs xxd -----------------------------------------------------

def timed_to_devnull(cmd):
    with open(os.devnull, 'wb') as null:
        t0 = time.monotonic()
        subprocess.run(cmd, stdout=null, check=True)
        return time.monotonic() - t0


def bench_hex(build):
    path = os.path.join(build, 'random.bin')
    if not os.path.exists(path) or os.path.getsize(path) != HEX_BYTES:
        with open(path, 'wb') as f:
            for _ in range(HEX_BYTES // MiB):
                f.write(os.urandom(MiB))
    ours_cmd = [os.path.join(build, 'bench', 'sp-bench'), 'hexdump', path]
    xxd_cmd = ['xxd', path]

    # Same layout class, checked on the first line rather than assumed.
    head = sh('sh', '-c', f'head -c 16 {path} | xxd; head -c 16 {path} > {path}.16 && '
              f'{ours_cmd[0]} hexdump {path}.16')
    os.unlink(path + '.16')

    ours, xxd = [], []
    for _ in range(2):        # interleaved, best of two
        xxd.append(timed_to_devnull(xxd_cmd))
        ours.append(timed_to_devnull(ours_cmd))
    ours_s, xxd_s = min(ours), min(xxd)
    return {
        'bytes': HEX_BYTES,
        'ours_s': round(ours_s, 4), 'xxd_s': round(xxd_s, 4),
        'ours_MiBps': round(HEX_BYTES / ours_s / MiB, 1),
        'xxd_MiBps': round(HEX_BYTES / xxd_s / MiB, 1),
        'ratio': round(xxd_s / ours_s, 2),
        'target': 5.0,
        'first_lines': head.splitlines(),
    }


# 4 and 6: the real app under Xvfb ---------------------------------------------

def ui_env(build, tmp):
    prefix = os.path.join(TOP, build, '_install')
    config = os.path.join(tmp, 'config')
    runtime = os.path.join(tmp, 'runtime')
    os.makedirs(os.path.join(config, 'glib-2.0', 'settings'), exist_ok=True)
    os.makedirs(runtime, exist_ok=True)
    os.chmod(runtime, 0o700)
    with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
        f.write('[io/github/sockplay/SocketPlayground]\nwindow-width=1280\nwindow-height=720\n')
    env = dict(os.environ)
    env.update({
        'XDG_CONFIG_HOME': config,
        'XDG_RUNTIME_DIR': runtime,
        'XDG_CACHE_HOME': os.path.join(tmp, 'cache'),
        'XDG_DATA_DIRS': os.path.join(prefix, 'share') + ':/usr/share',
        'GSETTINGS_BACKEND': 'keyfile',
        'GSETTINGS_SCHEMA_DIR': os.path.join(prefix, 'share', 'glib-2.0', 'schemas'),
        'GSK_RENDERER': 'cairo',
        'GDK_BACKEND': 'x11',
        'LANG': 'C.UTF-8',
    })
    env.pop('NO_AT_BRIDGE', None)
    return env


def run_ui(build):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'ui.json')
        env = ui_env(build, tmp)
        inner = ['xvfb-run', '-a', '-s', '-screen 0 1366x768x24', 'dbus-run-session', '--',
                 '/usr/bin/python3', os.path.abspath(__file__), '--ui', build, out]
        # A network namespace of our own keeps port 8081 private, as the UI
        # tests do (tests/run-netns.sh); without the rights, run as is.
        if os.geteuid() == 0 and shutil.which('unshare') and \
                subprocess.run(['unshare', '--net', 'true']).returncode == 0:
            cmd = ['unshare', '--net', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh'] + inner
        else:
            cmd = inner
        # Xvfb, D-Bus and the app are chatty: their stderr goes to a log.
        log_path = os.path.join(TOP, build, 'bench-ui.log')
        with open(log_path, 'w') as log:
            r = subprocess.run(cmd, env=env, cwd=TOP, stdout=log, stderr=log)
        if r.returncode != 0:
            with open(log_path) as log:
                sys.stderr.write(''.join(log.readlines()[-30:]))
            raise SystemExit(f'the UI benchmark failed; see {log_path}')
        with open(out) as f:
            return json.load(f)


def read_probe(path):
    """The app's SP_BENCH_FRAME_LOG: {'tick': [us...], 'paint': [...], 'press': [...]}."""
    events = {'tick': [], 'paint': [], 'press': []}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[0] in events:
                    events[parts[0]].append(int(parts[1]))
    except FileNotFoundError:
        pass
    return events


def now_us():
    return time.monotonic_ns() // 1000  # CLOCK_MONOTONIC, as g_get_monotonic_time()


def ui_startup(build, tmp, app):
    xstart = os.path.join(TOP, build, 'bench', 'sp-bench-xstart')
    factory = shutil.which('gtk4-widget-factory')

    def one(cmd, probe=None):
        env = dict(os.environ)
        if probe:
            env['SP_BENCH_FRAME_LOG'] = probe
        r = json.loads(subprocess.run([xstart, '30'] + cmd, env=env, capture_output=True,
                                      text=True, check=True).stdout)
        if probe:
            paints = read_probe(probe)['paint']
            r['probe_first_paint_ms'] = round((paints[0] - r['exec_us_monotonic']) / 1000, 1) \
                if paints else None
        time.sleep(0.5)
        return r

    # One warm-up each (page cache, fontconfig cache), then interleaved runs.
    one([app]), one([factory])
    ours, theirs = [], []
    for i in range(STARTUP_RUNS):
        ours.append(one([app], os.path.join(tmp, f'start-{i}.log')))
        theirs.append(one([factory]))
    ours_ms = statistics.median(r['first_frame_ms'] for r in ours)
    theirs_ms = statistics.median(r['first_frame_ms'] for r in theirs)
    probe = [r['probe_first_paint_ms'] for r in ours if r.get('probe_first_paint_ms') is not None]
    return {
        'method': 'exec to first DAMAGE of a mapped top-level window after its '
                  'background clear (sp-bench-xstart), median of %d' % STARTUP_RUNS,
        'ours_ms': ours_ms, 'widget_factory_ms': theirs_ms,
        'ours_runs_ms': [r['first_frame_ms'] for r in ours],
        'widget_factory_runs_ms': [r['first_frame_ms'] for r in theirs],
        'ours_map_ms': statistics.median(r['map_ms'] for r in ours),
        'widget_factory_map_ms': statistics.median(r['map_ms'] for r in theirs),
        'ours_probe_first_paint_ms': statistics.median(probe) if probe else None,
        'ratio': round(ours_ms / theirs_ms, 2),
        'target': 1.2,
    }


def worst_gaps(times, start, end, n=5):
    """The @n longest intervals between ticks within [start, end], each as
    (ms since start, length ms): where in the flood the app could not draw."""
    inside = [t for t in times if start <= t <= end]
    gaps = sorted(((b - a, a) for a, b in zip(inside, inside[1:])), reverse=True)[:n]
    return [[round((a - start) / 1000), round(g / 1000, 1)] for g, a in gaps]


def max_gap(times, start, end):
    """Longest interval between consecutive ticks that overlaps [start, end],
    the edges counted as well (no tick at all is one gap, start to end)."""
    before = [t for t in times if t < start][-1:]
    inside = [t for t in times if start <= t <= end]
    after = [t for t in times if t > end][:1]
    points = before + inside + after
    if not before:
        points = [start] + points
    if not after:
        points = points + [end]
    return max(b - a for a, b in zip(points, points[1:]))


def ui_flood(build, tmp, app):
    sys.path.insert(0, os.path.join(TOP, 'tests'))
    from sp_atspi import button, click, find, launch, poll, pyatspi, stop

    probe = os.path.join(tmp, 'flood.log')
    proc, window = launch(app, {'SP_BENCH_FRAME_LOG': probe})
    try:
        server = poll('server pane', lambda: find(window, name='TCP server 1'))
        client = poll('client pane', lambda: find(window, name='TCP client 2'))
        click(button(server, 'Start'))
        button(server, 'Stop')

        # The click target: the idle client pane's Calls and Hex tabs, so
        # a click has a visible effect without changing what the flooded
        # server pane draws.
        tabs = []
        for name in ('Calls', 'Hex'):
            tab = poll(f'tab {name}', lambda n=name: find(client, name=n, role=pyatspi.ROLE_PAGE_TAB))
            ext = tab.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
            tabs.append((name, ext.x + ext.width // 2, ext.y + ext.height // 2))
        wid = poll('X window', lambda: sh('xdotool', 'search', '--onlyvisible', '--pid',
                                          str(proc.pid)).split()[:1])[0]

        def click_at(i):
            name, x, y = tabs[i % 2]
            t = now_us()
            subprocess.run(['xdotool', 'mousemove', '--window', wid, str(x), str(y),
                            'click', '1'], check=True)
            return {'tab': name, 't_us': t}

        # Idle: the same measurements without traffic, as the baseline.
        time.sleep(2.0)
        idle_start = now_us()
        idle_clicks = []
        for i in range(4):
            idle_clicks.append(click_at(i))
            time.sleep(0.5)
        idle_end = now_us()

        flood_start = now_us()
        flood = subprocess.Popen([os.path.join(TOP, build, 'bench', 'sp-bench'), 'flood',
                                  str(FLOOD_PORT), str(FLOOD_BYTES), str(FLOOD_MAX_SECONDS)],
                                 stdout=subprocess.PIPE, text=True)
        flood_clicks = []
        i = 0
        # A flood now lasts a few seconds: a click every 0.4 s of it.
        while flood.poll() is None:
            time.sleep(0.4)
            if flood.poll() is None and len(flood_clicks) < 10:
                flood_clicks.append(click_at(i))
                i += 1
        flood_end = now_us()
        flood_result = json.loads(flood.stdout.read())
        time.sleep(2.0)     # let the last clicks land and the kernel queue drain

        rss_kib = None
        with open(f'/proc/{proc.pid}/status') as f:
            m = re.search(r'VmRSS:\s+(\d+)', f.read())
            rss_kib = int(m.group(1)) if m else None
    finally:
        stop(proc)

    ev = read_probe(probe)

    def latencies(clicks):
        out = []
        for c in clicks:
            press = next((p for p in ev['press'] if p >= c['t_us']), None)
            paint = next((p for p in ev['paint'] if press is not None and p >= press), None)
            out.append({
                'tab': c['tab'],
                'to_press_handled_ms': round((press - c['t_us']) / 1000, 1) if press else None,
                'to_next_frame_ms': round((paint - c['t_us']) / 1000, 1) if paint else None,
            })
        return out

    def frames_in(start, end):
        return len([t for t in ev['paint'] if start <= t <= end])

    flood_s = (flood_end - flood_start) / 1e6
    idle_lat = latencies(idle_clicks)
    flood_lat = latencies(flood_clicks)
    frame_lat = [c['to_next_frame_ms'] for c in flood_lat if c['to_next_frame_ms'] is not None]
    return {
        'method': 'SP_BENCH_FRAME_LOG probe: frame clock ticks (kept running by a tick callback), '
                  'paints and button presses in CLOCK_MONOTONIC; clicks by xdotool on the client '
                  "pane's tabs, from just before xdotool runs to the press handled and to the next paint",
        'flood': flood_result,
        'flood_seconds': round(flood_s, 2),
        'longest_gap_ms': round(max_gap(ev['tick'], flood_start, flood_end) / 1000, 1),
        'worst_gaps_at_ms': worst_gaps(ev['tick'], flood_start, flood_end),
        'idle_longest_gap_ms': round(max_gap(ev['tick'], idle_start, idle_end) / 1000, 1),
        'paints_per_s_flood': round(frames_in(flood_start, flood_end) / flood_s, 1),
        'paints_per_s_idle': round(frames_in(idle_start, idle_end) / ((idle_end - idle_start) / 1e6), 1),
        'click_idle': idle_lat,
        'click_flood': flood_lat,
        'click_flood_worst_ms': max(frame_lat) if frame_lat else None,
        'clicks_without_frame': sum(1 for c in flood_lat if c['to_next_frame_ms'] is None),
        'app_rss_mib_after': round(rss_kib / 1024) if rss_kib else None,
        'target_ms': 50,
    }


def ui_main(build, out):
    app = os.path.join(TOP, build, '_install', 'bin', 'socket-playground')
    with tempfile.TemporaryDirectory() as tmp:
        result = {'startup': ui_startup(build, tmp, app)}
        result['flood'] = ui_flood(build, tmp, app)
    with open(out, 'w') as f:
        json.dump(result, f, indent=2)


# Report ------------------------------------------------------------------------

def main(build):
    os.chdir(TOP)
    results = {'machine': machine()}
    lines = []

    def say(line):
        lines.append(line)
        print(line, flush=True)

    say('Socket Playground benchmarks  (%s, %d cores, GTK %s, GLib %s, load average %.2f)' % (
        results['machine']['cpu'], results['machine']['nproc'],
        results['machine']['gtk'], results['machine']['glib'],
        results['machine']['load_avg_at_start'][0]))

    h = results['hex'] = bench_hex(build)
    say(f"1. hex formatter: {h['ours_MiBps']} MiB/s vs xxd {h['xxd_MiBps']} MiB/s "
        f"({h['ratio']}x xxd, target >= {h['target']}x) {verdict(h['ratio'] >= h['target'])}")

    results['engine'] = []
    for read_size in (1024, 65536):
        e = sp_bench_json(build, 'engine', str(ENGINE_BYTES), str(read_size))
        # Against the faster of the two plain loops (two threads, or one
        # thread alternating send() and recv() as the engine must), each
        # measured twice: keeping the bytes in memory the kernel provides as
        # they arrive, as the engine's capture store must, and receiving
        # into a buffer faulted in before timing (no page faults at all).
        e['ratio'] = round(min(e['baseline_s'], e['one_thread_s']) / e['engine_s'], 2)
        e['ratio_prefaulted'] = round(min(e['baseline_prefaulted_s'], e['one_thread_prefaulted_s'])
                                      / e['engine_s'], 2)
        e['target'] = 0.5
        results['engine'].append(e)
        default = ' (the app default)' if read_size == 1024 else ''
        complete = 'complete' if e['engine_complete'] and e['baseline_complete'] else 'INCOMPLETE'
        say(f"2. engine TCP, recv({read_size}){default}: {e['engine_MiBps']} MiB/s  [{complete}, "
            f"{e['received_events']} recv events]")
        say(f"   vs plain loops keeping the bytes (fresh memory, as capture): {e['baseline_MiBps']} MiB/s "
            f"in two threads, {e['one_thread_MiBps']} in one ({e['ratio']}x the faster, target >= 0.5x) "
            f"{verdict(e['ratio'] >= 0.5 and complete == 'complete')}")
        say(f"   vs plain loops into a pre-faulted buffer: {e['baseline_prefaulted_MiBps']} MiB/s "
            f"in two threads, {e['one_thread_prefaulted_MiBps']} in one ({e['ratio_prefaulted']}x the faster, "
            f"target >= 0.5x) {verdict(e['ratio_prefaulted'] >= 0.5 and complete == 'complete')}")
        say(f"   new memory alone: writing the {ENGINE_BYTES >> 20} MiB in {read_size}-byte pieces takes "
            f"{e['write_fresh_pages_s'] * 1000:.0f} ms into new pages, {e['write_touched_pages_s'] * 1000:.0f} ms "
            f"into pages already there (the engine took {e['engine_s'] * 1000:.0f} ms)")

    f = results['framing'] = sp_bench_json(build, 'framing', str(FRAMING_BYTES))
    f['ratio'] = round(f['memcpy_s'] / f['decode_s'], 2)
    f['target'] = 0.25
    say(f"3. framing decoder, 1 KiB frames: {f['decode_MiBps']} MiB/s vs memcpy {f['memcpy_MiBps']} MiB/s "
        f"({f['ratio']}x, target >= 0.25x) {verdict(f['ratio'] >= 0.25 and f['complete'])}")

    u = run_ui(build)
    fl = u['flood']
    say(f"4. UI under flood: longest frame gap {fl['longest_gap_ms']} ms (idle {fl['idle_longest_gap_ms']} ms; "
        f"target <= {fl['target_ms']} ms) {verdict(fl['longest_gap_ms'] <= fl['target_ms'])}")
    say(f"   {fl['flood']['bytes_sent'] / MiB:.0f} MiB in {fl['flood_seconds']} s "
        f"({fl['flood']['MiBps']} MiB/s); {fl['paints_per_s_flood']} paints/s (idle "
        f"{fl['paints_per_s_idle']}); click to next frame: worst {fl['click_flood_worst_ms']} ms under flood, "
        f"{fl['clicks_without_frame']} of {len(fl['click_flood'])} clicks got no frame before the app was closed; "
        f"press handled after {[c['to_press_handled_ms'] for c in fl['click_flood']]} ms; idle {[c['to_next_frame_ms'] for c in fl['click_idle']]} ms")

    m = results['memory'] = sp_bench_json(build, 'memory', str(MEMORY_EVENTS))
    m['target'] = 200
    say(f"5. memory per event beyond payload: {m['heap_per_event_beyond_payload']:.0f} B heap "
        f"(RSS {m['rss_per_event_beyond_payload']:.0f} B; target <= 200 B) "
        f"{verdict(m['heap_per_event_beyond_payload'] <= 200)}")
    b = m['breakdown']
    say(f"   of which: SpEvent object {b['event_object']:.0f} B, 1-byte payload GBytes "
        f"{b['payload_gbytes_1_byte']:.0f} B, peer string {b['peer_string']:.0f} B, "
        f"log slot {b['log_slot']:.0f} B")

    s = u['startup']
    say(f"6. startup to first frame: {s['ours_ms']} ms vs gtk4-widget-factory {s['widget_factory_ms']} ms "
        f"({s['ratio']}x, target <= 1.2x) {verdict(s['ratio'] <= 1.2)}  "
        f"[app's own probe: first paint {s['ours_probe_first_paint_ms']} ms]")

    results['ui'] = u
    results['summary'] = lines
    out = os.path.join(build, 'bench.json')
    with open(out, 'w') as fh:
        json.dump(results, fh, indent=2)
    print(f'JSON summary: {out}')


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--ui':
        ui_main(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit(__doc__ or 'usage: bench.py BUILD | bench.py --ui BUILD OUT')
