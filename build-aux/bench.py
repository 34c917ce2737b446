#!/usr/bin/python3
# The benchmarks of BENCHMARKS.md. Run through build-aux/bench.sh, which
# builds _build-bench (release, -Dbenchmarks=true) and installs the app into
# _build-bench/_install.
#
#   bench.py BUILD            every figure, SP_BENCH_RUNS times (3); prints
#                             each run, then min/median/max of every figure
#                             with the verdict on the worst run, the table
#                             for BENCHMARKS.md and the callgrind profile of
#                             figure 2; writes BUILD/bench.json
#   bench.py --ui BUILD OUT   figures 4, 6 and 7 once, inside Xvfb + D-Bus
#                             (the first form starts this itself); JSON to OUT
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
MiB = 1 << 20

RUNS = int(os.environ.get('SP_BENCH_RUNS', 3))
# For quick checks: only these parts (hex, engine, framing, memory, load, ui).
PARTS = os.environ.get('SP_BENCH_FIGURES', 'hex,engine,framing,memory,load,ui').split(',')
HEX_BYTES = 256 * MiB
ENGINE_BYTES = 256 * MiB
ENGINE_READ_SIZES = (1024, 65536)
# Fresh processes per contender and condition in each run (the median counts).
ENGINE_TRIALS = int(os.environ.get('SP_BENCH_ENGINE_TRIALS', 5))
PROFILE_BYTES = ENGINE_BYTES   # the figure's transfer: fixed costs weigh as there
FRAMING_BYTES = 256 * MiB
MEMORY_EVENTS = 1_000_000
LOAD_CLIENTS = 1000
EMFILE_FD_LIMIT = 64
EMFILE_CLIENTS = 100
EMFILE_SECONDS = 2.0
FLOOD_BYTES = int(os.environ.get('SP_BENCH_FLOOD_BYTES', 1 << 30))   # as bench_ui.py

# Every figure with a target: (key, what, unit, target, better). The
# verdict is on the worst run: the lowest where higher is better.
FIGURES = [
    ('hex', '1. Hex formatter, throughput vs xxd', '×', 5.0, 'higher'),
    ('engine_1024_cold', '2. Engine TCP vs the faster plain loop, recv(1024), cold', '×', 0.5, 'higher'),
    ('engine_1024_warm', '2. Engine TCP vs the faster plain loop, recv(1024), warm', '×', 0.5, 'higher'),
    ('engine_65536_cold', '2. Engine TCP vs the faster plain loop, recv(65536), cold', '×', 0.5, 'higher'),
    ('engine_65536_warm', '2. Engine TCP vs the faster plain loop, recv(65536), warm', '×', 0.5, 'higher'),
    ('framing', '3. Framing decoder vs memcpy of the same payloads, 1 KiB frames', '×', 0.5, 'higher'),
    ('flood_two-panes', '4. Longest frame gap, 1 GiB flood, two panes', 'ms', 33, 'lower'),
    ('flood_lessons-diagram', '4. Longest frame gap, 1 GiB flood, Lessons + Diagram open', 'ms', 33, 'lower'),
    ('flood_four-panes', '4. Longest frame gap, 2 × 1 GiB flood, four panes', 'ms', 33, 'lower'),
    ('memory', '5. Memory per event beyond the payload', 'B', 200, 'lower'),
    ('startup', '6. Startup to first frame vs gtk4-widget-factory', '×', 1.2, 'lower'),
    ('storm_accepted', '7. 10,000 TCP clients: accepted and read', '', 10000, 'higher'),
    ('storm_gap', '7. Longest frame gap during the accept storm', 'ms', 50, 'lower'),
    ('storm_kib_per_connection', '7. App memory per connection (RSS delta / clients)', 'KiB', None, None),
    ('load_tcp_gap', '8. Engine main-loop gap, 1,000 TCP clients echoed', 'ms', 33, 'lower'),
    ('load_udp_gap', '8. Engine main-loop gap, 1,000 UDP source ports echoed', 'ms', 33, 'lower'),
    ('emfile_cpu', '8. Engine CPU while out of descriptors', 'ms/s', 5, 'lower'),
]


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def sp_bench(build, *args):
    """One sp-bench process; its JSON (a failed check is in the JSON, not an
    exception: the figure is reported as incomplete)."""
    r = subprocess.run([os.path.join(build, 'bench', 'sp-bench'), *args], capture_output=True, text=True)
    if not r.stdout.strip():
        raise SystemExit(f'sp-bench {" ".join(args)} failed: {r.stderr.strip()}')
    return json.loads(r.stdout)


def verdict(ok):
    return 'PASS' if ok else 'MISS'


def meets(value, target, better):
    if target is None or value is None:
        return None
    return value >= target if better == 'higher' else value <= target


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

    # Figure 2 depends on it: with BBR a connection may leave its startup
    # early and the kernel then paces every segment (Debian's own default is
    # cubic).
    try:
        with open('/proc/sys/net/ipv4/tcp_congestion_control') as f:
            congestion = f.read().strip()
    except OSError:
        congestion = 'unknown'

    return {
        'date': datetime.datetime.now().astimezone().isoformat(timespec='minutes'),
        'nproc': os.cpu_count(),
        'cpu': cpu,
        'ram_gib': round(mem_kib / (1 << 20), 1),
        'kernel': platform.release(),
        'debian': debian,
        'gtk': pc('gtk4'),
        'glib': pc('glib-2.0'),
        'tcp_congestion_control': congestion,
        'tcp_metrics_forgotten': forget_tcp_metrics(),
        'load_avg_at_start': os.getloadavg(),
    }


def machine_line(m):
    return (f"{m['cpu']}, {m['nproc']} cores, {m['ram_gib']} GiB RAM, kernel {m['kernel']}, "
            f"Debian {m['debian']}, GTK {m['gtk']}, GLib {m['glib']}, "
            f"TCP congestion control {m['tcp_congestion_control']}, 127.0.0.1's TCP metrics "
            + ('forgotten before each figure 2 trial' if m['tcp_metrics_forgotten']
               else 'kept between figure 2 trials (forgetting them needs root)')
            + "; load average at start "
            f"{m['load_avg_at_start'][0]:.2f} {m['load_avg_at_start'][1]:.2f} "
            f"{m['load_avg_at_start'][2]:.2f}; {m['date']}")


def forget_tcp_metrics():
    """The kernel keeps a destination's RTT and congestion window from each
    closed connection and starts the next connection to it from them, so a
    trial would begin where the previous contender's left off (after a cold
    transfer, the engine's warm 256 MiB took 90-95 ms instead of 70).
    Forgets 127.0.0.1's; needs CAP_NET_ADMIN. True if they are forgotten
    (or there were none)."""
    try:
        # In the C locale: the "nothing to flush" message is read below.
        r = subprocess.run(['ip', 'tcp_metrics', 'flush', '127.0.0.1'], capture_output=True, text=True,
                           env={**os.environ, 'LC_ALL': 'C'})
    except OSError:
        return False
    return r.returncode == 0 or 'No such process' in r.stderr


# 1. Hex formatter vs xxd -----------------------------------------------------

def timed_to_devnull(cmd):
    with open(os.devnull, 'wb') as null:
        t0 = time.monotonic()
        subprocess.run(cmd, stdout=null, check=True)
        return time.monotonic() - t0


def bench_hex(build, run, say):
    path = os.path.join(build, 'random.bin')
    if not os.path.exists(path) or os.path.getsize(path) != HEX_BYTES:
        with open(path, 'wb') as f:
            for _ in range(HEX_BYTES // MiB):
                f.write(os.urandom(MiB))
    ours_cmd = [os.path.join(build, 'bench', 'sp-bench'), 'hexdump', path]

    # Same layout class, checked on the first line rather than assumed.
    head = sh('sh', '-c', f'head -c 16 {path} | xxd; head -c 16 {path} > {path}.16 && '
              f'{ours_cmd[0]} hexdump {path}.16')
    os.unlink(path + '.16')

    # The file is in the page cache for both (written or read just before).
    xxd_s = timed_to_devnull(['xxd', path])
    ours_s = timed_to_devnull(ours_cmd)
    h = {
        'bytes': HEX_BYTES,
        'ours_s': round(ours_s, 4), 'xxd_s': round(xxd_s, 4),
        'ours_MiBps': round(HEX_BYTES / ours_s / MiB, 1),
        'xxd_MiBps': round(HEX_BYTES / xxd_s / MiB, 1),
        'ratio': round(xxd_s / ours_s, 2),
        'first_lines': head.splitlines(),
    }
    say(f"1. hex formatter: {h['ours_MiBps']} MiB/s vs xxd {h['xxd_MiBps']} MiB/s ({h['ratio']}x xxd, "
        f"target >= 5x) {verdict(h['ratio'] >= 5)}")
    return h, {'hex': h['ratio']}


# 2. Engine TCP ---------------------------------------------------------------

CONTENDERS = ('engine', 'two-threads', 'one-thread')


def bench_engine(build, run, say):
    """Each contender alone in a fresh process, cold and warm, ENGINE_TRIALS
    times each, the contenders taking turns in an order that rotates from
    trial to trial. A contender's figure is the median of its trials: one
    process disturbed by the machine (this one shares its 2 cores) moves
    neither side's figure; every trial is printed and kept."""
    details, values = [], {}
    for read_size in ENGINE_READ_SIZES:
        pages = sp_bench(build, 'pages', str(ENGINE_BYTES), str(read_size))
        for condition in ('cold', 'warm'):
            trials = {who: [] for who in CONTENDERS}
            for trial in range(ENGINE_TRIALS):
                k = (run * ENGINE_TRIALS + trial) % len(CONTENDERS)
                for who in CONTENDERS[k:] + CONTENDERS[:k]:
                    forget_tcp_metrics()
                    trials[who].append(sp_bench(build, 'engine', str(ENGINE_BYTES), str(read_size),
                                                who, condition))
            r = {}
            for who, ts in trials.items():
                median_s = statistics.median(t['seconds'] for t in ts)
                r[who] = {'seconds': median_s, 'MiBps': round(ENGINE_BYTES / MiB / median_s, 1),
                          'minor_faults': int(statistics.median(t['minor_faults'] for t in ts)),
                          'complete': all(t['complete'] for t in ts), 'trials': ts}
            e, two, one = r['engine'], r['two-threads'], r['one-thread']
            complete = all(x['complete'] for x in r.values())
            ratio = round(min(two['seconds'], one['seconds']) / e['seconds'], 2)
            key = f'engine_{read_size}_{condition}'
            values[key] = ratio if complete else 0.0
            details.append({'read_size': read_size, 'condition': condition, 'ratio': ratio,
                            'complete': complete, 'runs': r, 'pages': pages})
            say(f"2. engine TCP, recv({read_size}), {condition}: {e['MiBps']} MiB/s, "
                f"{e['minor_faults']} page faults  vs plain loops {two['MiBps']} MiB/s in two threads "
                f"({two['minor_faults']} faults), {one['MiBps']} in one ({one['minor_faults']} faults): "
                f"{ratio}x the faster, target >= 0.5x {verdict(ratio >= 0.5 and complete)}"
                f"{'' if complete else '  [INCOMPLETE]'}")
            say('   medians of ' + '; '.join(
                f"{who} " + ' / '.join(f"{t['seconds'] * 1000:.0f}" for t in r[who]['trials']) + ' ms'
                for who in CONTENDERS))
        say(f"   new memory alone: {ENGINE_BYTES >> 20} MiB in {read_size}-byte pieces take "
            f"{pages['fresh_pages_s'] * 1000:.0f} ms into new pages, {pages['touched_pages_s'] * 1000:.0f} ms "
            f"into pages written before")
    return details, values


def callgrind_ir(build, tmp, read_size, who, toggle):
    out = os.path.join(tmp, f'callgrind-{who}-{read_size}.out')
    r = subprocess.run(['valgrind', '--tool=callgrind', f'--callgrind-out-file={out}',
                        f'--toggle-collect={toggle}',
                        os.path.join(build, 'bench', 'sp-bench'), 'engine', str(PROFILE_BYTES),
                        str(read_size), who, 'cold'], capture_output=True, text=True)
    result = json.loads(r.stdout)
    with open(out) as f:
        ir = int(re.search(r'^totals:\s+(\d+)', f.read(), re.M).group(1))
    return result, ir, out


def annotate(path, inclusive, n):
    text = sh('callgrind_annotate', f'--inclusive={"yes" if inclusive else "no"}', path)
    rows = []
    for line in text.splitlines():
        m = re.match(r'\s*([\d,]+) \(\s*([\d.]+)%\)\s+(\S.*?)(?: \[(.*)\])?$', line)
        if m and 'PROGRAM TOTALS' not in line:
            name = m.group(3).split(':')[-1]
            rows.append([name, int(m.group(1).replace(',', '')), float(m.group(2))])
    return rows[:n]


def profile_engine(build, say):
    """User-space instructions per recv() (callgrind counts them exactly and
    the same on a busy machine; the kernel's share is not in them)."""
    if not shutil.which('valgrind'):
        say('2p. callgrind profile skipped: valgrind is not installed')
        return None
    out = {'bytes': PROFILE_BYTES, 'condition': 'cold', 'sizes': []}
    with tempfile.TemporaryDirectory() as tmp:
        for read_size in ENGINE_READ_SIZES:
            e, e_ir, e_path = callgrind_ir(build, tmp, read_size, 'engine', 'engine_timed*')
            p, p_ir, _ = callgrind_ir(build, tmp, read_size, 'one-thread', 'one_thread_timed*')
            size = {
                'read_size': read_size,
                'engine_ir': e_ir, 'engine_recv': e['recv_calls'],
                'engine_ir_per_recv': round(e_ir / e['recv_calls']),
                'plain_ir': p_ir, 'plain_recv': p['recv_calls'],
                'plain_ir_per_recv': round(p_ir / p['recv_calls']),
                'engine_self_top': annotate(e_path, False, 25),
                'engine_inclusive_top': annotate(e_path, True, 40),
            }
            out['sizes'].append(size)
            say(f"2p. callgrind, recv({read_size}): engine {size['engine_ir_per_recv']} instructions per recv() "
                f"in user space ({e['recv_calls']} recv), plain one-thread loop {size['plain_ir_per_recv']}; "
                f"most: " + ', '.join(f'{n} {pct:.0f}%' for n, _, pct in size['engine_self_top'][:6]))
    return out


# 3. Framing ------------------------------------------------------------------

def bench_framing(build, run, say):
    f = sp_bench(build, 'framing', str(FRAMING_BYTES))
    f['ratio'] = round(f['memcpy_s'] / f['decode_s'], 2)
    say(f"3. framing decoder, 1 KiB frames: {f['decode_MiBps']} MiB/s vs memcpy of the same payloads "
        f"{f['memcpy_MiBps']} MiB/s ({f['ratio']}x, target >= 0.5x) {verdict(f['ratio'] >= 0.5 and f['complete'])}"
        f"  [memcpy of whole 64 KiB chunks: {f['memcpy_chunks_MiBps']} MiB/s; medians of 5 passes, warm]")
    return f, {'framing': f['ratio'] if f['complete'] else 0.0}


# 5. Memory per event -----------------------------------------------------------

def bench_memory(build, run, say):
    m = sp_bench(build, 'memory', str(MEMORY_EVENTS))
    say(f"5. memory per event beyond payload: {m['heap_per_event_beyond_payload']:.0f} B heap "
        f"(RSS {m['rss_per_event_beyond_payload']:.0f} B; target <= 200 B) "
        f"{verdict(m['heap_per_event_beyond_payload'] <= 200)}")
    b = m['breakdown']
    say(f"   of which: the log's record {b['event_record']:.0f} B, 1-byte payload in the store's block "
        f"{b['payload_1_byte_in_block']:.0f} B, peer string {b['peer_string']:.0f} B; "
        f"an item's SpEvent while held (a bound row) {b['item_object']:.0f} B more")
    return m, {'memory': round(m['heap_per_event_beyond_payload'], 1)}


# 8. The engine under the load test's loads ---------------------------------------

class Serve:
    """sp-bench serve: an echo server in its own main loop; report() returns
    its counters since the last report."""

    def __init__(self, build, kind, fd_limit=None):
        args = [os.path.join(build, 'bench', 'sp-bench'), 'serve', kind]
        if fd_limit:
            args.append(str(fd_limit))
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.port = json.loads(self.proc.stdout.readline())['port']

    def report(self, command=''):
        self.proc.stdin.write(command + '\n')
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def loadgen(build, *args):
    r = subprocess.run([os.path.join(build, 'tests', 'sp-loadgen'), *args], capture_output=True,
                       text=True, timeout=300)
    return r.stdout.strip(), r.returncode == 0


def bench_load(build, run, say):
    out, values = {}, {}
    for kind in ('tcp', 'udp'):
        s = Serve(build, kind)
        s.report()
        line, ok = loadgen(build, kind, '127.0.0.1', str(s.port), str(LOAD_CLIENTS))
        r = s.report()
        s.close()
        r.update({'loadgen': line, 'complete': ok})
        out[kind] = r
        values[f'load_{kind}_gap'] = r['longest_gap_ms'] if ok else 1e9
        say(f"8. engine under {LOAD_CLIENTS} {'TCP clients' if kind == 'tcp' else 'UDP source ports'}: "
            f"longest main-loop gap {r['longest_gap_ms']} ms (target <= 33 ms) "
            f"{verdict(ok and r['longest_gap_ms'] <= 33)}; {r['cpu_s'] * 1000:.0f} ms CPU in {r['wall_s']} s; "
            f"loadgen: {line}")

    # Out of descriptors: a low limit, more clients than it allows; once the
    # EMFILE error is in the log, the 10 ms timer stops and the engine's
    # CPU time is measured alone while the refused clients wait.
    s = Serve(build, 'tcp', EMFILE_FD_LIMIT)
    clients = [socket.create_connection(('127.0.0.1', s.port)) for _ in range(EMFILE_CLIENTS)]
    deadline = time.monotonic() + 10
    while s.report()['emfile_errors'] == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    s.report('quiet')
    time.sleep(EMFILE_SECONDS)
    r = s.report()
    s.close()
    for c in clients:
        c.close()
    r['cpu_ms_per_s'] = round(r['cpu_s'] * 1000 / r['wall_s'], 2)
    r['accept_calls_per_s'] = round(r['accept_calls'] / r['wall_s'], 1)
    out['emfile'] = r
    ok = r['emfile_errors'] == 1
    values['emfile_cpu'] = r['cpu_ms_per_s'] if ok else 1e9
    say(f"8. engine out of descriptors (EMFILE, {r['connections']} open, the rest waiting): "
        f"{r['cpu_ms_per_s']} ms CPU per second (target <= 5) {verdict(ok and r['cpu_ms_per_s'] <= 5)}; "
        f"{r['accept_calls_per_s']} accept() calls per second; EMFILE reported {r['emfile_errors']} time(s)")
    return out, values


# 4, 6, 7: the real app under Xvfb ---------------------------------------------

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


def run_ui(build, run):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'ui.json')
        env = ui_env(build, tmp)
        inner = ['xvfb-run', '-a', '-s', '-screen 0 1366x768x24', 'dbus-run-session', '--',
                 '/usr/bin/python3', os.path.abspath(__file__), '--ui', build, out]
        # A network namespace of our own keeps the ports private, as the UI
        # tests do (tests/run-netns.sh); without the rights, run as is.
        if os.geteuid() == 0 and shutil.which('unshare') and \
                subprocess.run(['unshare', '--net', 'true']).returncode == 0:
            cmd = ['unshare', '--net', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh'] + inner
        else:
            cmd = inner
        # Xvfb, D-Bus and the app are chatty: their output goes to a log.
        log_path = os.path.join(TOP, build, f'bench-ui-{run + 1}.log')
        with open(log_path, 'w') as log:
            r = subprocess.run(cmd, env=env, cwd=TOP, stdout=log, stderr=log)
        if r.returncode != 0:
            with open(log_path) as log:
                sys.stderr.write(''.join(log.readlines()[-30:]))
            raise SystemExit(f'the UI benchmark failed; see {log_path}')
        with open(out) as f:
            return json.load(f)


def report_ui(u, say):
    values = {}
    for variant, fl in u['flood'].items():
        # An app too slow to take it all in time still had its frames
        # measured for as long as the flood lasted: the gap stands, and
        # the shortfall is said.
        values[f'flood_{variant}'] = fl['longest_gap_ms']
        wanted = len(fl['floods']) * FLOOD_BYTES
        short = '' if fl['complete'] else \
            f"  [only {fl['bytes_sent'] / MiB:.0f} of {wanted / MiB:.0f} MiB taken in {fl['flood_seconds']} s]"
        say(f"4. UI under flood, {variant}: longest frame gap {fl['longest_gap_ms']} ms (idle "
            f"{fl['idle_longest_gap_ms']} ms; target <= 33 ms) {verdict(fl['longest_gap_ms'] <= 33)}{short}")
        say(f"   {fl['bytes_sent'] / MiB:.0f} MiB in {fl['flood_seconds']} s ({fl['MiBps']} MiB/s); "
            f"{fl['paints_per_s_flood']} paints/s (idle {fl['paints_per_s_idle']}); longest gaps at "
            f"[ms into the flood, ms]: {fl['worst_gaps_at_ms'][:3]}; click to next frame: worst "
            f"{fl['click_flood_worst_ms']} ms, {fl['clicks_without_frame']} of {len(fl['click_flood'])} "
            f"without a frame")
        say_work(fl.get('work'), 'flood', say)
        say_cpu(fl.get('cpu'), say)
        say_perf(fl.get('perf'), say)

    if 'startup' in u:
        values.update(report_startup(u['startup'], say))
    if 'storm' in u:
        values.update(report_storm(u['storm'], say))
    return values


def report_startup(s, say):
    say(f"6. startup to first frame: {s['ours_ms']} ms vs gtk4-widget-factory {s['widget_factory_ms']} ms "
        f"({s['ratio']}x, target <= 1.2x) {verdict(s['ratio'] <= 1.2)}  "
        f"[app's own probe: first paint {s['ours_probe_first_paint_ms']} ms]")
    return {'startup': s['ratio']}


def report_storm(st, say):
    values = {}
    done = st['accepted'] >= st['clients'] and st['unread_bytes'] == 0
    values['storm_accepted'] = st['accepted'] if st['unread_bytes'] == 0 else min(st['accepted'], st['clients'] - 1)
    values['storm_gap'] = st['longest_gap_ms']
    values['storm_kib_per_connection'] = st['rss_per_connection_kib']
    say(f"7. {st['clients']} TCP clients on one server pane: {st['accepted']} accepted, "
        f"{st['unread_bytes']} bytes left unread, in {st['storm_seconds']} s {verdict(done)}; the pane says "
        f"“{st['pane_says']}”; listen queue overflows {st['listen_overflows']}, SYNs dropped {st['listen_drops']}")
    say(f"   longest frame gap during the storm {st['longest_gap_ms']} ms (target <= 50 ms) "
        f"{verdict(st['longest_gap_ms'] <= 50)}, holding them {st['hold_longest_gap_ms']} ms, as they leave "
        f"{st['close_longest_gap_ms']} ms ({st['close_seconds']} s), idle {st['idle_longest_gap_ms']} ms; "
        f"longest at {st['worst_gaps_at_ms'][:3]}")
    say(f"   memory: app RSS {st['rss_before_kib'] / 1024:.0f} MiB before, {st['rss_after_kib'] / 1024:.0f} MiB "
        f"with them all: {st['rss_per_connection_kib']} KiB per connection")
    say_work(st.get('work'), 'storm', say)
    say_cpu(st.get('cpu'), say, 'storm')
    say_work(st.get('work_holding'), 'hold', say)
    say_work(st.get('work_leaving'), 'leaving', say)
    say_perf(st.get('perf'), say)
    say_perf(st.get('perf_leaving'), say, 'ms into the leaving')
    return values


def say_work(work, what, say):
    """The probe's counts (app/ui/sp-bench-count.h): the most work of any
    one frame, and that of the frames that ended the longest gaps."""
    if not work:
        return
    most = work['most_in_a_frame']
    say(f'   work in one frame during the {what}, at most: '
        + (', '.join(f'{k} {v}' for k, v in sorted(most.items())) or 'none counted'))
    if work.get('sched'):
        say(f"   the app's main thread during the {what}: on a CPU {work['sched']['app_ran_share']:.0%} "
            f"of the time, runnable but waiting for one {work['sched']['app_waited_share']:.0%}")
    for g in work['in_longest_gaps']:
        sched = (f"app on a CPU {g['app_ran_ms']} ms, waiting for one {g['app_waited_ms']} ms, "
                 f"host steal {g['stolen_ms']} ms; " if 'app_ran_ms' in g else '')
        say(f"     in the gap of {g['gap_ms']} ms at {g['at_ms']} ms: {sched}"
            + (', '.join(f'{k} {v}' for k, v in sorted(g['counts'].items())) or 'none counted'))


def say_cpu(cpu, say, what='flood'):
    """Who had the machine's 2 CPUs during a flood or the storm (bench_ui.CpuShares)."""
    if not cpu:
        return
    who = [f"{name} {c['ran_share']:.0%} (+{c['waited_share']:.0%} waiting)"
           for name, c in cpu.items() if isinstance(c, dict)]
    say(f"   CPU during the {what}, share of one CPU on it (and runnable but waiting): {', '.join(who)}; "
        f"steal {cpu['steal_share']:.0%}")


def say_perf(gaps, say, at='ms'):
    for g in gaps or []:
        say(f"   perf, gap of {g['gap_ms']} ms at {g['at_ms']} {at} ({g['samples']} samples): "
            + ', '.join(f'{n} {c}' for n, c in g['innermost_app_or_gtk'][:4]))
        if g.get('inclusive_app_or_gtk'):
            say('     in the call chains: ' + ', '.join(f'{n} {c}' for n, c in g['inclusive_app_or_gtk'][:10]))


# The whole set, and the summary ---------------------------------------------------

def run_once(build, run, say):
    details, values = {}, {}
    for name, fn in (('hex', bench_hex), ('engine', bench_engine), ('framing', bench_framing),
                     ('memory', bench_memory), ('load', bench_load)):
        if name not in PARTS:
            continue
        d, v = fn(build, run, say)
        details[name] = d
        values.update(v)
    if 'ui' in PARTS:
        details['ui'] = run_ui(build, run)
        values.update(report_ui(details['ui'], say))
    return details, values


def fmt(value, unit, target=False):
    if value is None:
        return '–'
    if value >= 1e9:
        return 'failed'
    if unit == '×':
        return f'{value:g}×' if target else f'{value:.2f}×'
    if unit == '':
        return f'{value:.0f}'
    return f'{value:g} {unit}'


def summarize(runs):
    rows, table = {}, []
    n = len(runs)
    table.append('| Figure | Target | ' + ' | '.join(f'Run {i + 1}' for i in range(n)) +
                 ' | Min | Median | Max | Verdict (worst run) |')
    table.append('|' + ' --- |' * (n + 6))
    for key, what, unit, target, better in FIGURES:
        vals = [r['values'].get(key) for r in runs]
        present = [v for v in vals if v is not None]
        if not present:
            continue
        worst = (min(present) if better == 'higher' else max(present)) if better else None
        ok = meets(worst, target, better)
        rows[key] = {'what': what, 'unit': unit, 'target': target, 'better': better, 'runs': vals,
                     'min': min(present), 'median': statistics.median(present), 'max': max(present),
                     'worst': worst, 'verdict': None if ok is None else verdict(ok)}
        target_text = '–' if target is None else ('≥ ' if better == 'higher' else '≤ ') + fmt(target, unit, True)
        table.append(f'| {what} | {target_text} | ' + ' | '.join(fmt(v, unit) for v in vals) +
                     f" | {fmt(min(present), unit)} | {fmt(statistics.median(present), unit)} | "
                     f"{fmt(max(present), unit)} | {rows[key]['verdict'] or 'reported'} |")
    return rows, table


def main(build):
    os.chdir(TOP)
    results = {'machine': machine(), 'runs': []}
    lines = []

    def say(line):
        lines.append(line)
        print(line, flush=True)

    say('Socket Playground benchmarks: ' + machine_line(results['machine']))
    for run in range(RUNS):
        say(f'--- run {run + 1} of {RUNS} (load average {os.getloadavg()[0]:.2f}) ---')
        details, values = run_once(build, run, say)
        results['runs'].append({'details': details, 'values': values,
                                'load_avg_at_start': os.getloadavg()})

    if 'engine' in PARTS:
        say('--- profile (once: instruction counts do not vary from run to run) ---')
        results['profile'] = profile_engine(build, say)

    results['summary'], table = summarize(results['runs'])
    say('')
    say(f'Every figure over {RUNS} runs; the verdict is on the worst run.')
    say('Machine: ' + machine_line(results['machine']))
    say('')
    for line in table:
        say(line)
    results['table'] = table
    results['lines'] = lines
    out = os.path.join(build, 'bench.json')
    with open(out, 'w') as fh:
        json.dump(results, fh, indent=2)
    print(f'JSON: {out}')


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--ui':
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import bench_ui
        bench_ui.main(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit('usage: bench.py BUILD | bench.py --ui BUILD OUT')
