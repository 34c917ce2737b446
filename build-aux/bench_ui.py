# The figures of BENCHMARKS.md that need the real app on a display: 4 (UI
# under a flood, three layouts), 6 (startup) and 7 (10,000 clients). Run by
# build-aux/bench.py inside Xvfb, a D-Bus session and (as root) a network
# namespace of its own, once per run; /usr/bin/python3 (needs pyatspi).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
sys.path.insert(0, os.path.join(TOP, 'tests'))
from sp_atspi import button, click, find, launch, poll, pyatspi, stop  # noqa: E402

MiB = 1 << 20
FLOOD_BYTES = int(os.environ.get('SP_BENCH_FLOOD_BYTES', 1 << 30))
FLOOD_MAX_SECONDS = float(os.environ.get('SP_BENCH_FLOOD_SECONDS', 60))
STORM_CLIENTS = int(os.environ.get('SP_BENCH_STORM_CLIENTS', 10000))
STORM_MAX_SECONDS = 160     # sp-loadgen gives up after 150 s
STORM_HOLD_SECONDS = 3.0
STARTUP_RUNS = 5
# Every layout opens as a session file of server/client pairs, each server on
# a port of its own: a port of an earlier layout may still be in TIME_WAIT
# (the ports are private to our network namespace).
LAYOUTS = {
    'two-panes': ((8081,), 'the default layout: a TCP server pane (flooded) and a TCP client pane'),
    'lessons-diagram': ((8082,), 'the same with the Lessons sidebar and the Diagram open, the '
                                 'diagram following the newest arrows'),
    'four-panes': ((8083, 8084), 'four panes, two server/client pairs (clients connected), both '
                                 'servers flooded at once'),
    'storm': ((8085,), 'the default layout, the server pane taking the clients'),
}
FLOOD_VARIANTS = ('two-panes', 'lessons-diagram', 'four-panes')


def session_text(ports):
    """A session of a TCP server pane and a TCP client pane (set to connect to
    it) per port."""
    text = f'[Socket Playground Session]\nVersion=1\nPanes={2 * len(ports)}\n'
    for i, port in enumerate(ports):
        text += (f'\n[Pane {2 * i + 1}]\nKind=tcp-server\nPort={port}\n'
                 f'\n[Pane {2 * i + 2}]\nKind=tcp-client\nPort={port}\n')
    return text


def launch_layout(app, tmp, layout, probe):
    path = os.path.join(tmp, f'{layout}.spsession')
    with open(path, 'w') as f:
        f.write(session_text(LAYOUTS[layout][0]))
    proc, window = launch(app, {'SP_BENCH_FRAME_LOG': probe}, (path,))
    n = 2 * len(LAYOUTS[layout][0])
    panes = poll(f'{n} panes', lambda: len(panes_of(window)) == n and panes_of(window))
    return proc, window, panes[0::2], panes[1::2]


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def now_us():
    return time.monotonic_ns() // 1000  # CLOCK_MONOTONIC, as g_get_monotonic_time()


# The probe --------------------------------------------------------------------

def read_probe(path):
    """The app's SP_BENCH_FRAME_LOG: {'tick': [us...], 'paint': [...], 'press': [...],
    'count': [(tick us, {name: n})...], 'sched': {tick us: (ns run, ns waited, ms stolen)}}:
    a count line tells the work done in the frame that ended with the tick
    before it (sp-bench-count.h); a sched line, the main thread's time on a
    CPU and runnable but waiting for one, and the machine's steal time (both
    CPUs, in 10 ms steps), so far, at that tick."""
    events = {'tick': [], 'paint': [], 'press': [], 'count': [], 'sched': {}}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[0] in events:
                    events[parts[0]].append(int(parts[1]))
                elif parts and parts[0] == 'count' and events['tick']:
                    events['count'].append((events['tick'][-1],
                                            dict(zip(parts[1::2], map(int, parts[2::2])))))
                elif len(parts) == 4 and parts[0] == 'sched' and events['tick']:
                    events['sched'][events['tick'][-1]] = tuple(map(int, parts[1:]))
    except FileNotFoundError:
        pass
    return events


def keep_probe(path):
    """SP_BENCH_KEEP=DIR keeps the probe logs and perf data there."""
    keep = os.environ.get('SP_BENCH_KEEP')
    if keep and os.path.exists(path):
        os.makedirs(keep, exist_ok=True)
        shutil.copy(path, keep)


def work_per_frame(ev, start, end, gaps):
    """The most of each count in one frame from @start to @end, and the
    counts of the frames that ended the longest @gaps ([ms after @start, ms])."""
    most = {}
    for t, counts in ev['count']:
        if start <= t <= end:
            for name, n in counts.items():
                most[name] = max(most.get(name, 0), n)
    in_gaps = []
    for at_ms, length_ms in gaps[:3]:
        t_end = start + (at_ms + length_ms) * 1000
        # The gap ends with a tick; its count line carries that tick's time.
        counts = next((c for t, c in ev['count'] if abs(t - t_end) <= 1000), {})
        gap = {'at_ms': at_ms, 'gap_ms': length_ms, 'counts': counts}
        gap.update(sched_in_gap(ev, start + at_ms * 1000, t_end))
        in_gaps.append(gap)
    inside = [t for t in ev['tick'] if start <= t <= end and t in ev['sched']]
    whole = {}
    if len(inside) > 1:
        (r0, w0, _), (r1, w1, _) = ev['sched'][inside[0]], ev['sched'][inside[-1]]
        span_ns = (inside[-1] - inside[0]) * 1000
        whole = {'app_ran_share': round((r1 - r0) / span_ns, 2), 'app_waited_share': round((w1 - w0) / span_ns, 2)}
    return {'most_in_a_frame': most, 'in_longest_gaps': in_gaps, 'sched': whole}


def sched_in_gap(ev, t_start, t_end):
    """How much of the gap between the ticks nearest @t_start and @t_end
    the app's main thread was on a CPU, how much it was runnable but
    waiting for one (other processes had the CPUs), and how much time the
    host took from the machine's two CPUs (steal, counted in 10 ms steps);
    the rest the app slept: waiting for its next frame, the X server or
    input, or its CPU was taken by the host. {} without sched lines."""
    def near(t):
        return next((s for k, s in ev['sched'].items() if abs(k - t) <= 1000), None)
    a, b = near(t_start), near(t_end)
    if a is None or b is None:
        return {}
    return {'app_ran_ms': round((b[0] - a[0]) / 1e6, 1), 'app_waited_ms': round((b[1] - a[1]) / 1e6, 1),
            'stolen_ms': b[2] - a[2]}


def worst_gaps(times, start, end, n=5):
    """The @n longest intervals between ticks within [start, end], each as
    [ms since start, length ms]: where the app could not draw."""
    inside = [t for t in times if start <= t <= end]
    gaps = sorted(((b - a, a) for a, b in zip(inside, inside[1:])), reverse=True)[:n]
    return [[round((a - start) / 1000), round(g / 1000, 1)] for g, a in gaps]


def max_gap(times, start, end):
    """Longest interval between consecutive ticks that overlaps [start, end],
    the edges counted as well (no tick at all is one gap, start to end); ms."""
    before = [t for t in times if t < start][-1:]
    inside = [t for t in times if start <= t <= end]
    after = [t for t in times if t > end][:1]
    points = before + inside + after
    if not before:
        points = [start] + points
    if not after:
        points = points + [end]
    return round(max(b - a for a, b in zip(points, points[1:])) / 1000, 1)


class CpuShares:
    """Who had the 2 CPUs during a flood: each process's time on a CPU and
    runnable but waiting for one (Linux's /proc/PID/schedstat), as shares
    of the time sampled (every 0.4 s while a flood runs, 0.25 s in the
    storm: the senders are gone when a flood ends). The machine's steal time (the host ran other
    guests) from /proc/stat."""

    def __init__(self, pids):
        self.pids = dict(pids)
        self.first, self.last = {}, {}
        self.steal0 = self.steal()
        self.t0 = time.monotonic()
        self.sample()

    @staticmethod
    def steal():
        with open('/proc/stat') as f:
            return int(f.readline().split()[8]) / os.sysconf('SC_CLK_TCK')

    def sample(self):
        for name, pid in self.pids.items():
            try:
                with open(f'/proc/{pid}/schedstat') as f:
                    ran, waited = (int(x) for x in f.read().split()[:2])
            except (OSError, ValueError):
                continue
            now = time.monotonic()
            self.first.setdefault(name, (ran, waited, now))
            self.last[name] = (ran, waited, now)

    def result(self):
        span = time.monotonic() - self.t0
        out = {'steal_share': round((self.steal() - self.steal0) / span, 2)}
        for name, (r1, w1, t1) in self.last.items():
            r0, w0, t0 = self.first[name]
            # Over the samples' own span: a sender's last one is up to a
            # sampling interval before it ends.
            if t1 > t0:
                out[name] = {'ran_share': round((r1 - r0) / 1e9 / (t1 - t0), 2),
                             'waited_share': round((w1 - w0) / 1e9 / (t1 - t0), 2)}
        return out


def xvfb_pid():
    """The Xvfb serving $DISPLAY (started by xvfb-run), or None."""
    display = os.environ.get('DISPLAY', '')
    for d in os.listdir('/proc'):
        if d.isdigit():
            try:
                with open(f'/proc/{d}/cmdline', 'rb') as f:
                    args = f.read().split(b'\0')
            except OSError:
                continue
            if args and os.path.basename(args[0]) == b'Xvfb' and display.encode() in args:
                return int(d)
    return None


def rss_kib(pid):
    with open(f'/proc/{pid}/status') as f:
        m = re.search(r'VmRSS:\s+(\d+)', f.read())
    return int(m.group(1)) if m else None


# perf, on request: which code ran in the longest gaps ---------------------------

class Perf:
    """With SP_BENCH_PERF=1, samples the app (cpu-clock, 1 kHz, DWARF call
    chains, CLOCK_MONOTONIC like the probe) so each of the longest gaps can be
    tied to the functions that ran in it. Off by default: it slows the app."""

    def __init__(self, pid, path):
        self.proc = None
        self.path = path
        if os.environ.get('SP_BENCH_PERF') != '1' or not shutil.which('perf'):
            return
        self.proc = subprocess.Popen(['perf', 'record', '-q', '-e', 'cpu-clock', '-F', '1000',
                                      '--call-graph', 'dwarf,16384', '-k', 'CLOCK_MONOTONIC',
                                      '-p', str(pid), '-o', path],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)

    def attribute(self, gaps, start):
        """For each [ms since start, length ms] gap: the leaf functions and
        the app's own innermost functions sampled in it, most samples first."""
        if self.proc is None:
            return None
        self.proc.send_signal(2)
        self.proc.wait()
        text = subprocess.run(['perf', 'script', '-i', self.path, '-F', 'time,ip,sym,dso'],
                              capture_output=True, text=True).stdout
        samples = []
        for block in text.split('\n\n'):
            lines = [ln.strip() for ln in block.strip().splitlines()]
            if not lines or not lines[0].endswith(':'):
                continue
            t = int(float(lines[0].rstrip(':')) * 1e6)
            frames = []
            for ln in lines[1:]:
                m = re.match(r'[0-9a-f]+ (.+) \((.+)\)$', ln)
                if m:
                    frames.append((m.group(1).split('+')[0], os.path.basename(m.group(2))))
            samples.append((t, frames))
        out = []
        for at_ms, length_ms in gaps[:3]:
            a = start + at_ms * 1000
            b = a + length_ms * 1000
            leaf, ours, chain = {}, {}, {}
            n = 0
            for t, frames in samples:
                if a <= t <= b and frames:
                    n += 1
                    leaf[frames[0][0]] = leaf.get(frames[0][0], 0) + 1
                    app_or_gtk = [f for f, dso in frames if f != '[unknown]' and
                                  (dso.startswith('socket-playground') or dso.startswith('libgtk'))]
                    if app_or_gtk:
                        ours[app_or_gtk[0]] = ours.get(app_or_gtk[0], 0) + 1
                    # Every app or GTK function on the stack, once per
                    # sample: what the gap was spent under, not only in.
                    for f in set(app_or_gtk):
                        chain[f] = chain.get(f, 0) + 1
            top = lambda d, k=6: sorted(d.items(), key=lambda kv: -kv[1])[:k]  # noqa: E731
            out.append({'at_ms': at_ms, 'gap_ms': length_ms, 'samples': n,
                        'leaf': top(leaf), 'innermost_app_or_gtk': top(ours),
                        'inclusive_app_or_gtk': top(chain, 16)})
        keep = os.environ.get('SP_BENCH_KEEP')
        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(self.path, keep)
        return out


# 6. Startup --------------------------------------------------------------------

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
        'ours_probe_first_paint_ms': statistics.median(probe) if probe else None,
        'ratio': round(ours_ms / theirs_ms, 2),
    }


# Panes over AT-SPI ----------------------------------------------------------------

def panes_of(window):
    """The panes, left to right (their names are "TCP server 1"…; opening a
    session goes on counting, so the order is what tells them apart)."""
    strip = poll('the panes', lambda: find(window, name='Panes', role=pyatspi.ROLE_PANEL))
    return poll('pane widgets', lambda: [strip[i] for i in range(strip.childCount)] or None)


def start_pane(pane):
    """Presses Start and waits for the pane to run (its button says Stop)."""
    click(button(pane, 'Start'))
    button(pane, 'Stop')


def press_toggle(window, name):
    b = button(window, name)
    if not b.getState().contains(pyatspi.STATE_PRESSED):
        click(b)
    poll(f'{name} shown', lambda: b.getState().contains(pyatspi.STATE_PRESSED))


def connected_label(pane):
    label = find(pane, pattern=r'\d+ clients? connected')
    return label.name if label else None


# 4. Flood ------------------------------------------------------------------------

def ui_flood(build, tmp, app, variant):
    probe = os.path.join(tmp, f'flood-{variant}.log')
    ports = LAYOUTS[variant][0]
    proc, window, servers, clients = launch_layout(app, tmp, variant, probe)
    perf = None
    try:
        for pane in servers:
            start_pane(pane)
        if variant == 'four-panes':
            for pane in clients:
                start_pane(pane)
            for pane in servers:
                poll('client connected', lambda p=pane: connected_label(p) == '1 client connected')
        if variant == 'lessons-diagram':
            press_toggle(window, 'Lessons')
            press_toggle(window, 'Diagram')

        # The click target: the first client pane's Calls and Hex tabs, so
        # a click has a visible effect without changing what the flooded
        # server panes draw.
        tabs = []
        for name in ('Calls', 'Hex'):
            tab = poll(f'tab {name}', lambda n=name: find(clients[0], name=n, role=pyatspi.ROLE_PAGE_TAB))
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

        perf = Perf(proc.pid, os.path.join(tmp, f'perf-{variant}.data'))
        flood_start = now_us()
        floods = [subprocess.Popen([os.path.join(TOP, build, 'bench', 'sp-bench'), 'flood',
                                    str(port), str(FLOOD_BYTES), str(FLOOD_MAX_SECONDS)],
                                   stdout=subprocess.PIPE, text=True)
                  for port in ports]
        shares = CpuShares([('app', proc.pid), ('Xvfb', xvfb_pid())]
                           + [(f'sender {n + 1}', f.pid) for n, f in enumerate(floods)])
        flood_clicks = []
        i = 0
        # A click every 0.4 s of the flood.
        while any(f.poll() is None for f in floods):
            time.sleep(0.4)
            shares.sample()
            if any(f.poll() is None for f in floods) and len(flood_clicks) < 10:
                flood_clicks.append(click_at(i))
                i += 1
        flood_end = now_us()
        cpu = shares.result()
        flood_results = [json.loads(f.stdout.read()) for f in floods]
        time.sleep(2.0)     # let the last clicks land and the kernel queues drain
        rss = rss_kib(proc.pid)
    finally:
        stop(proc)

    ev = read_probe(probe)
    keep_probe(probe)

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
    flood_lat = latencies(flood_clicks)
    frame_lat = [c['to_next_frame_ms'] for c in flood_lat if c['to_next_frame_ms'] is not None]
    gaps = worst_gaps(ev['tick'], flood_start, flood_end)
    sent = sum(r['bytes_sent'] for r in flood_results)
    return {
        'variant': variant,
        'layout': LAYOUTS[variant][1],
        'floods': flood_results,
        'bytes_sent': sent,
        'complete': all(r['complete'] for r in flood_results),
        'flood_seconds': round(flood_s, 2),
        'flood_us': [flood_start, flood_end],
        'MiBps': round(sent / MiB / flood_s, 1),
        'longest_gap_ms': max_gap(ev['tick'], flood_start, flood_end),
        'worst_gaps_at_ms': gaps,
        'idle_longest_gap_ms': max_gap(ev['tick'], idle_start, idle_end),
        'paints_per_s_flood': round(frames_in(flood_start, flood_end) / flood_s, 1),
        'paints_per_s_idle': round(frames_in(idle_start, idle_end) / ((idle_end - idle_start) / 1e6), 1),
        'click_idle': latencies(idle_clicks),
        'click_flood': flood_lat,
        'click_flood_worst_ms': max(frame_lat) if frame_lat else None,
        'clicks_without_frame': sum(1 for c in flood_lat if c['to_next_frame_ms'] is None),
        'app_rss_mib_after': round(rss / 1024) if rss else None,
        'perf': perf.attribute(gaps, flood_start) if perf else None,
        'work': work_per_frame(ev, flood_start, flood_end, gaps),
        'cpu': cpu,
    }


# 7. Accept storm ------------------------------------------------------------------

def tcp_ext():
    """This network namespace's TcpExt counters (ListenOverflows, ListenDrops…)."""
    with open('/proc/net/netstat') as f:
        lines = [ln.split() for ln in f if ln.startswith('TcpExt:')]
    return dict(zip(lines[0][1:], map(int, lines[1][1:])))


def server_side(port):
    """(established connections to @port, bytes they hold unread)."""
    out = subprocess.run(['ss', '-tnH', 'state', 'established', f'( sport = :{port} )'],
                         capture_output=True, text=True).stdout
    rows = [ln.split() for ln in out.splitlines() if ln.strip()]
    return len(rows), sum(int(r[0]) for r in rows)


def n_fds(pid):
    return len(os.listdir(f'/proc/{pid}/fd'))


def ui_storm(build, tmp, app):
    probe = os.path.join(tmp, 'storm.log')
    loadgen = os.path.join(TOP, build, 'tests', 'sp-loadgen')
    port = LAYOUTS['storm'][0][0]
    n = STORM_CLIENTS
    proc, window, servers, _ = launch_layout(app, tmp, 'storm', probe)
    server = servers[0]
    lg = None
    result = {'clients': n, 'port': port, 'layout': LAYOUTS['storm'][1]}
    try:
        start_pane(server)
        time.sleep(2.0)
        idle_start = now_us()
        time.sleep(2.0)
        idle_end = now_us()
        rss0, fds0, ext0 = rss_kib(proc.pid), n_fds(proc.pid), tcp_ext()

        perf = Perf(proc.pid, os.path.join(tmp, 'perf-storm.data'))
        start = now_us()
        lg = subprocess.Popen([loadgen, 'tcp', '127.0.0.1', str(port), str(n), '--hold', '--no-echo'],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        shares = CpuShares([('app', proc.pid), ('Xvfb', xvfb_pid()), ('clients', lg.pid)])
        line = {}
        reader = threading.Thread(target=lambda: line.update(text=lg.stdout.readline().strip(),
                                                             t_us=now_us()))
        reader.start()
        # Done when the app holds a descriptor for every client and the
        # kernel holds no unread byte for any connection to the port (one
        # still in the listen queue would: its client has sent its line).
        # Descriptors are counted often (cheap), the kernel's table asked
        # only then, as it costs the machine more.
        accepted = 0
        while now_us() - start < STORM_MAX_SECONDS * 1e6 and lg.poll() is None:
            time.sleep(0.25)
            shares.sample()
            accepted = n_fds(proc.pid) - fds0
            if accepted >= n:
                established, unread = server_side(port)
                if established >= n and unread == 0:
                    break
        end = now_us()
        shares.sample()
        cpu = shares.result()
        accepted = n_fds(proc.pid) - fds0
        reader.join(timeout=STORM_MAX_SECONDS)
        time.sleep(STORM_HOLD_SECONDS)
        hold_end = now_us()
        rss1, ext1 = rss_kib(proc.pid), tcp_ext()
        established, unread = server_side(port)
        label = connected_label(server)
        gaps = worst_gaps(read_probe(probe)['tick'], start, end)
        result.update({
            'loadgen': line.get('text'),
            'loadgen_seconds': round((line['t_us'] - start) / 1e6, 2) if 't_us' in line else None,
            'storm_seconds': round((end - start) / 1e6, 2),
            'accepted': accepted,
            'established_server_side': established,
            'unread_bytes': unread,
            'pane_says': label,
            'listen_overflows': ext1.get('ListenOverflows', 0) - ext0.get('ListenOverflows', 0),
            'listen_drops': ext1.get('ListenDrops', 0) - ext0.get('ListenDrops', 0),
            'syncookies_sent': ext1.get('SyncookiesSent', 0) - ext0.get('SyncookiesSent', 0),
            'rss_before_kib': rss0, 'rss_after_kib': rss1,
            'rss_per_connection_kib': round((rss1 - rss0) / max(accepted, 1), 2),
        })

        # The clients leave: as many "closed by peer" events.
        lg.stdin.close()
        lg.wait(timeout=60)
        close_start = now_us()
        while n_fds(proc.pid) > fds0 and now_us() - close_start < 60e6:
            time.sleep(0.25)
        close_end = now_us()
        time.sleep(1.0)
    finally:
        if lg is not None and lg.poll() is None:
            lg.kill()
        stop(proc)

    ev = read_probe(probe)
    keep_probe(probe)
    leaving_gaps = worst_gaps(ev['tick'], close_start, close_end)
    # perf samples the storm and the leaving: stopped once, read for both.
    result.update({
        'perf': perf.attribute(gaps, start),
        'perf_leaving': perf.attribute(leaving_gaps, close_start),
        'longest_gap_ms': max_gap(ev['tick'], start, end),
        'worst_gaps_at_ms': gaps,
        'hold_longest_gap_ms': max_gap(ev['tick'], end, hold_end),
        'close_seconds': round((close_end - close_start) / 1e6, 2),
        'close_longest_gap_ms': max_gap(ev['tick'], close_start, close_end),
        'idle_longest_gap_ms': max_gap(ev['tick'], idle_start, idle_end),
        'work': work_per_frame(ev, start, end, gaps),
        'cpu': cpu,
        'work_holding': work_per_frame(ev, end, hold_end, worst_gaps(ev['tick'], end, hold_end)),
        'work_leaving': work_per_frame(ev, close_start, close_end, leaving_gaps),
    })
    return result


def main(build, out):
    """SP_BENCH_UI=startup,two-panes,… runs only those parts (quick checks)."""
    app = os.path.join(TOP, build, '_install', 'bin', 'socket-playground')
    tmp = os.path.dirname(os.path.abspath(out))
    parts = os.environ.get('SP_BENCH_UI', 'startup,' + ','.join(FLOOD_VARIANTS) + ',storm').split(',')
    result = {'flood': {}}
    if 'startup' in parts:
        result['startup'] = ui_startup(build, tmp, app)
    for variant in FLOOD_VARIANTS:
        if variant in parts:
            result['flood'][variant] = ui_flood(build, tmp, app, variant)
    if 'storm' in parts:
        result['storm'] = ui_storm(build, tmp, app)
    with open(out, 'w') as f:
        json.dump(result, f, indent=2)
