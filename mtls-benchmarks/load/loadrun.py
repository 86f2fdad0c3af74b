#!/usr/bin/env python3
"""Load runner: server CPU per request and requests per second of several server configurations.

Starts each configuration of the benchmark app (mtls-benchmarks, one Spring Boot jar, profiles select
the configuration) as its own JVM pinned to the server CPU, drives it with ApacheBench pinned to the
driver CPU, and alternates the configurations A B B A A B ... for --rounds rounds, each measured run
preceded by a warm-up. The primary figure is the server's CPU time (utime + stime from
/proc/<pid>/stat, before and after) per completed request; requests per second is the secondary
one. A round with any failure or non-2xx response is void.

Modes:
  keepalive  ab -k: one TLS session per ab connection, many requests on it
  handshake  ab without -k: a new connection and a full TLS handshake per request
  webflux    ab -k against the same app on Reactor Netty: no security, reactive x509(), the starter
Extra runs:
  --slow     1,000 distinct client certificates cycling, OCSP responder at 0 ms, 500 ms and down,
             under each failure policy, with cache refreshes due during the run
  --startup  time to ready with and without the starter

Standard library only (python3, no pip). Run through run.sh, which builds the jars and pins this
process (and so ab and the OCSP responder) to the driver CPU.
"""

import argparse
import http.server
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import ssl
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / 'mtls-benchmarks' / 'target'
APP_JAR = TARGET / 'mtls-benchmarks-0.1.0-SNAPSHOT-app.jar'
TOOLS_JAR = TARGET / 'benchmarks.jar'
CLK_TCK = os.sysconf('SC_CLK_TCK')

OCSP_PORT = 18889          # the URL in every client certificate's AIA extension
OCSP_UPSTREAM_PORT = 18888  # openssl ocsp behind the delay proxy in --slow runs
OCSP_CONTROL_PORT = 18887
FIRST_SERVER_PORT = 18443

# name -> label, Spring profiles, extra application arguments, extra JVM arguments.
# Every configuration serves the same endpoint with the same TLS set-up, PKI and JVM flags.
CONFIGS = {
    'floor': dict(label='no security (floor)', profiles='none', args=[], jvm=[]),
    'x509': dict(label='Spring Security x509()', profiles='x509', args=[], jvm=[]),
    'starter': dict(label='starter: revocation warm, audit', profiles='starter,audit',
                    args=['--mtls.revocation.enabled=true'], jvm=[], identities=True),
    'starter-norev': dict(label='starter: revocation off, audit', profiles='starter,audit',
                          args=['--mtls.revocation.enabled=false'], jvm=[], identities=True),
    # What the starter costs once Spring Security's own Micrometer observations (one per filter-chain
    # pass plus one per authentication) are switched off with Spring Boot's standard property.
    'starter-noobs': dict(label='starter as 3, Spring Security observations off', profiles='starter,audit',
                          args=['--mtls.revocation.enabled=true', '--management.observations.enable.spring.security=false'],
                          jvm=[], identities=True),
    # The starter inside Spring Security's full default chain and observations (before issue 22).
    'starter-fullchain': dict(label='starter in Spring Security\'s full default chain', profiles='starter,audit,full-chain',
                              args=['--mtls.revocation.enabled=true'], jvm=[], identities=True),
    'jdk-revocation': dict(label='JDK revocation (OCSP per handshake)', profiles='starter,audit,jdk-revocation',
                           args=['--mtls.revocation.enabled=false'],
                           jvm=['-Dcom.sun.net.ssl.checkRevocation=true', '-Docsp.enable=true'], identities=True),
    # The same app on Reactor Netty (profile webflux), same endpoint, SSL bundle and client-auth=need.
    'webflux-floor': dict(label='WebFlux: no security (floor)', profiles='webflux,webflux-none', args=[], jvm=[]),
    'webflux-x509': dict(label='WebFlux: Spring Security x509()', profiles='webflux,webflux-x509', args=[], jvm=[]),
    'webflux-starter': dict(label='WebFlux: starter, revocation warm, audit', profiles='webflux,starter,audit',
                            args=['--mtls.revocation.enabled=true'], jvm=[], identities=True),
}
MODE_CONFIGS = {
    'keepalive': ['floor', 'x509', 'starter', 'starter-norev', 'starter-noobs', 'starter-fullchain'],
    'handshake': ['floor', 'starter-norev', 'starter', 'jdk-revocation'],
    'webflux': ['webflux-floor', 'webflux-x509', 'webflux-starter'],
}
KEEPALIVE_MODES = ('keepalive', 'webflux')


def log(message):
    print(time.strftime('%H:%M:%S'), message, flush=True)


def run(command, **kwargs):
    return subprocess.run(command, check=True, text=True, capture_output=True, **kwargs).stdout


# ---------------------------------------------------------------------------------------------
# PKI, responder, servers


def make_pki(directory, key, identities, load_clients):
    if directory.exists():
        shutil.rmtree(directory)
    log(f'PKI ({key}) in {directory}: {identities} pinned identities, {load_clients} load clients')
    run(['java', '-cp', str(TOOLS_JAR), 'io.github.mtls.benchmarks.load.LoadPki', str(directory), key,
         f'http://127.0.0.1:{OCSP_PORT}', str(identities), str(load_clients)])


class Responder:
    """openssl ocsp serving the PKI's index, signing with the root; optionally behind a delay proxy."""

    def __init__(self, pki, port):
        self.log = open(pki / f'ocsp-{port}.log', 'w')
        self.process = subprocess.Popen(
            ['openssl', 'ocsp', '-index', 'index.txt', '-port', str(port), '-rsigner', 'root.pem', '-rkey',
             'root.key', '-CA', 'root.pem', '-ndays', '1'], cwd=pki, stdout=self.log, stderr=subprocess.STDOUT)
        # No probe connection: openssl ocsp serves one connection at a time, and one that sends
        # nothing wedges it for good. Its log says when it listens.
        log_path = pki / f'ocsp-{port}.log'
        deadline = time.time() + 10
        while 'waiting for OCSP client connections' not in log_path.read_text():
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError(f'openssl ocsp did not start, see {log_path}')
            time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.log.close()


def wait_for_port(port, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f'nothing listens on port {port}')


def client_context(certificate_and_key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.load_cert_chain(str(certificate_and_key))
    return context


def get(port, context, timeout=10):
    """One request on a new connection: (status, body) or (None, error)."""
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=timeout) as raw:
            with context.wrap_socket(raw) as tls:
                tls.sendall(b'GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
                data = b''
                while True:
                    chunk = tls.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        head, _, body = data.partition(b'\r\n\r\n')
        return int(head.split(b' ', 2)[1]), body
    except (OSError, ValueError, IndexError) as ex:
        return None, str(ex)


class Server:
    """One configuration's JVM, pinned to the server CPU."""

    def __init__(self, name, args, pki, port, extra_args=(), jvm_flags=(), identities=None, jar=None):
        config = CONFIGS[name]
        self.name = name
        self.port = port
        command = ['taskset', '-c', str(args.server_cpu), 'java', *args.jvm.split(), *config['jvm'], *jvm_flags,
                   '-jar', str(jar or args.app_jar), f'--spring.profiles.active={config["profiles"]}', f'--bench.pki={pki}',
                   f'--server.port={port}', f'--bench.users={args.identities}', *config['args'], *extra_args]
        use_identities = config.get('identities') if identities is None else identities
        if use_identities:
            path = use_identities if isinstance(use_identities, Path) else pki / 'identities.properties'
            command.append(f'--spring.config.additional-location=file:{path}')
        self.command = command
        self.log_path = Path(args.out) / f'server-{name}-{port}.log'
        self.log = open(self.log_path, 'w')
        self.started = time.time()
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid

    def wait_ready(self, context, seconds=180):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f'{self.name} exited, see {self.log_path}')
            status, _ = get(self.port, context, timeout=5)
            if status == 200:
                self.ready_after = time.time() - self.started
                return self
            time.sleep(0.2)
        raise RuntimeError(f'{self.name} not ready after {seconds} s, see {self.log_path}')

    def started_in(self):
        match = re.search(r'Started \w+ in ([\d.]+) seconds', self.log_path.read_text())
        return float(match.group(1)) if match else None

    def cpu_ticks(self):
        with open(f'/proc/{self.pid}/stat') as stat:
            fields = stat.read().rsplit(')', 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat(5))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# ---------------------------------------------------------------------------------------------
# ab


def ab(args, port, keepalive, seconds, pki):
    # ab reads -t with atoi: whole seconds only, and 0 would mean no limit.
    command = ['ab', '-q', '-r', '-s', '30', '-c', str(args.concurrency), '-t', str(max(1, round(seconds))),
               '-n', '1000000',
               '-E', str(pki / 'client-and-key.pem')]
    if keepalive:
        command.append('-k')
    command.append(f'https://127.0.0.1:{port}/hello')
    result = subprocess.run(command, text=True, capture_output=True)

    def number(pattern, default=None):
        match = re.search(pattern, result.stdout)
        return float(match.group(1)) if match else default

    return {
        'command': ' '.join(command),
        'exit': result.returncode,
        'complete': int(number(r'Complete requests:\s+(\d+)', 0)),
        'failed': int(number(r'Failed requests:\s+(\d+)', 0)),
        'non2xx': int(number(r'Non-2xx responses:\s+(\d+)', 0)),
        'rps': number(r'Requests per second:\s+([\d.]+)', 0.0),
        'stderr': result.stderr.strip()[-500:],
    }


def measure(args, server, keepalive, pki):
    ab(args, server.port, keepalive, args.warmup, pki)
    before = server.cpu_ticks()
    result = ab(args, server.port, keepalive, args.duration, pki)
    after = server.cpu_ticks()
    result['cpu_ticks'] = after - before
    result['cpu_us'] = (after - before) * 1e6 / CLK_TCK / result['complete'] if result['complete'] else None
    result['void'] = result['exit'] != 0 or result['complete'] == 0 or result['failed'] or result['non2xx']
    return result


# ---------------------------------------------------------------------------------------------
# statistics and targets


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {'min': min(values), 'median': statistics.median(values), 'max': max(values), 'n': len(values)}


def summarise(rounds, names):
    """Per configuration: CPU µs/request and req/s over valid rounds."""
    summary = {}
    for name in names:
        valid = [r[name] for r in rounds if name in r and not r[name]['void']]
        summary[name] = {
            'cpu_us': spread([r['cpu_us'] for r in valid]),
            'rps': spread([r['rps'] for r in valid]),
            'void_rounds': sum(1 for r in rounds if name in r and r[name]['void']),
        }
    return summary


def paired(rounds, a, b):
    """Median over rounds where both are valid: req/s ratio a/b and CPU difference a-b (µs)."""
    both = [r for r in rounds if a in r and b in r and not r[a]['void'] and not r[b]['void']]
    if not both:
        return None
    return {
        'rps_ratio': statistics.median(r[a]['rps'] / r[b]['rps'] for r in both),
        'cpu_ratio': statistics.median(r[a]['cpu_us'] / r[b]['cpu_us'] for r in both),
        'cpu_delta_us': statistics.median(r[a]['cpu_us'] - r[b]['cpu_us'] for r in both),
        'rounds': len(both),
    }


COMPARISONS = {
    'keepalive': [('starter', 'x509'), ('starter', 'floor'), ('starter-norev', 'floor'), ('x509', 'floor'),
                  ('starter', 'starter-norev'), ('starter-noobs', 'floor'), ('starter-noobs', 'x509'),
                  ('starter', 'starter-fullchain')],
    'webflux': [('webflux-starter', 'webflux-x509'), ('webflux-starter', 'webflux-floor'),
                ('webflux-x509', 'webflux-floor')],
    'handshake': [('starter', 'starter-norev'), ('jdk-revocation', 'starter-norev'), ('starter-norev', 'floor'),
                  ('starter', 'floor')],
}


def targets(mode, ratios):
    checks = []

    def check(text, pair, key, limit, at_least):
        value = (ratios.get(f'{pair[0]}/{pair[1]}') or {}).get(key)
        if value is None:
            checks.append({'target': text, 'value': None, 'met': None})
        else:
            checks.append({'target': text, 'value': value, 'met': value >= limit if at_least else value <= limit})

    if mode == 'keepalive':
        check('starter req/s >= 1.5 x Spring Security x509()', ('starter', 'x509'), 'rps_ratio', 1.5, True)
        check('starter req/s >= 0.6 x no-security floor', ('starter', 'floor'), 'rps_ratio', 0.6, True)
        check('starter server CPU <= floor + 60 us/request', ('starter', 'floor'), 'cpu_delta_us', 60, False)
    elif mode == 'webflux':
        check('WebFlux starter req/s >= 1.5 x reactive x509()', ('webflux-starter', 'webflux-x509'), 'rps_ratio',
              1.5, True)
    else:
        check('revocation warm req/s >= 0.97 x revocation off', ('starter', 'starter-norev'), 'rps_ratio', 0.97, True)
        check('revocation warm server CPU <= off + 60 us/handshake', ('starter', 'starter-norev'), 'cpu_delta_us',
              60, False)
    return checks


# ---------------------------------------------------------------------------------------------
# the alternating runs


def load_runs(args, key, pki, results):
    context = client_context(pki / 'client-and-key.pem')
    for mode in args.modes:
        names = [n for n in MODE_CONFIGS[mode] if n in args.configs]
        keepalive = mode in KEEPALIVE_MODES
        log(f'[{key}/{mode}] starting {", ".join(names)} on CPU {args.server_cpu}')
        servers = {}
        try:
            for i, name in enumerate(names):
                servers[name] = Server(name, args, pki, FIRST_SERVER_PORT + i)
                servers[name].wait_ready(context)
                log(f'  {name} ready (pid {servers[name].pid}, started in {servers[name].started_in()} s)')
            # The starter's first request fetched the OCSP status: revocation is warm from here on.
            for name, server in servers.items():
                log(f'  initial warm-up {name} ({args.initial_warmup} s)')
                ab(args, server.port, keepalive, args.initial_warmup, pki)
            rounds = []
            for r in range(args.rounds):
                order = names if r % 2 == 0 else list(reversed(names))
                measured = {}
                for name in order:
                    measured[name] = measure(args, servers[name], keepalive, pki)
                    m = measured[name]
                    log(f'  round {r + 1} {name:15} {m["cpu_us"] or 0:9.1f} us/req {m["rps"]:9.1f} req/s '
                        f'{m["complete"]:7d} req{"  VOID " + str(m) if m["void"] else ""}')
                rounds.append(measured)
            profiles = {}
            if args.profile_seconds and key in args.profile_keys:
                for name, server in servers.items():
                    profiles[name] = profile(args, server, keepalive, pki, f'{key}-{mode}')
                    log(f'  profile {name}: ' + ', '.join(f'{c} {p:.0f}%' for c, p in profiles[name]['share'].items()))
        finally:
            for server in servers.values():
                server.stop()
        ratios = {f'{a}/{b}': paired(rounds, a, b) for a, b in COMPARISONS[mode] if a in names and b in names}
        results['runs'][f'{key}/{mode}'] = {
            'key': key, 'mode': mode, 'configs': names, 'rounds': rounds,
            'summary': summarise(rounds, names), 'ratios': ratios, 'targets': targets(mode, ratios),
            'commands': {n: ' '.join(s.command) for n, s in servers.items()}, 'profiles': profiles,
        }


# ---------------------------------------------------------------------------------------------
# where the time goes: JFR execution samples under the same load, after the measured rounds

# Each sample goes to one category. A certificate rendered to a string, or logging, anywhere in the
# stack claims the sample (their callers do not matter). Otherwise the innermost frame outside the
# JDK's general-purpose code decides: a HashMap lookup made by Spring Security is Spring Security's
# time, while a filter's frame that merely encloses the rest of the request does not claim it.
INCLUSIVE = [
    ('X509Certificate.toString', re.compile(r'sun\.security\.x509\.X509CertImpl\.toString'
                                            r'|java\.security\.cert\.X509Certificate\.toString'
                                            r'|sun\.security\.x509\.\w+\.toString')),
    ('logging', re.compile(r'^(ch\.qos\.logback|org\.slf4j|org\.apache\.commons\.logging|org\.apache\.logging'
                           r'|org\.springframework\.core\.log)')),
]
INNERMOST = [
    ('this starter (io.github.mtls)', re.compile(r'^io\.github\.mtls')),
    ('Spring Security', re.compile(r'^org\.springframework\.security')),
    ('Micrometer observations', re.compile(r'^(io\.micrometer|org\.springframework\.boot\.micrometer'
                                           r'|org\.springframework\.http\.server\.observation'
                                           r'|org\.springframework\.web\.filter\.ServerHttpObservationFilter)')),
    ('TLS and crypto (JSSE)', re.compile(r'^(sun\.security|com\.sun\.crypto|java\.security|javax\.crypto'
                                         r'|javax\.net\.ssl)')),
    ('Spring MVC and Boot', re.compile(r'^org\.springframework')),
    ('Tomcat and NIO', re.compile(r'^(org\.apache\.(tomcat|coyote|catalina)|sun\.nio|jakarta\.servlet)')),
    ('Caffeine', re.compile(r'^com\.github\.benmanes')),
]
GENERIC_JDK = re.compile(r'^(java\.(lang|util|time|text|io|math|nio|net)\.|jdk\.|sun\.(misc|reflect|util)\.)')
CATEGORIES = INCLUSIVE + INNERMOST


def categorise(frames):
    for name, pattern in INCLUSIVE:
        if any(pattern.search(f) for f in frames):
            return name
    for frame in frames:
        if GENERIC_JDK.search(frame):
            continue
        return next((name for name, pattern in INNERMOST if pattern.search(frame)), 'other')
    return 'JDK only'


def profile(args, server, keepalive, pki, tag):
    path = Path(args.out).resolve() / f'profile-{tag}-{server.name}.jfr'
    run(['jcmd', str(server.pid), 'JFR.start', 'name=bench', 'settings=profile', f'filename={path}'])
    ab(args, server.port, keepalive, args.profile_seconds, pki)
    run(['jcmd', str(server.pid), 'JFR.stop', 'name=bench'])
    text = run(['jfr', 'print', '--stack-depth', '256', '--events', 'jdk.ExecutionSample', str(path)])
    counts, total, top = {}, 0, {}
    for event in text.split('jdk.ExecutionSample')[1:]:
        frames = re.findall(r'^\s+([\w$.<>]+)\(', event.split('stackTrace = [', 1)[-1], re.M)
        if not frames:
            continue
        total += 1
        category = categorise(frames)
        counts[category] = counts.get(category, 0) + 1
        top[frames[0]] = top.get(frames[0], 0) + 1
    share = {c: 100 * n / total for c, n in sorted(counts.items(), key=lambda kv: -kv[1])} if total else {}
    hottest = sorted(top.items(), key=lambda kv: -kv[1])[:15]
    return {'samples': total, 'share': share, 'top_frames': [(f, 100 * n / total) for f, n in hottest],
            'file': str(path)}


# ---------------------------------------------------------------------------------------------
# slow and failing responder


class DelayProxy:
    """The OCSP URL of every certificate: forwards to openssl ocsp after a settable delay, or is down.

    Runs in its own process (this script with --serve-proxy) and is controlled over HTTP on another
    port: /delay/<ms>, /down, /up.
    """

    def __init__(self, out):
        self.log = open(Path(out) / 'ocsp-proxy.log', 'w')
        self.process = subprocess.Popen([sys.executable, __file__, '--serve-proxy'], stdout=self.log,
                                        stderr=subprocess.STDOUT)
        wait_for_port(OCSP_CONTROL_PORT, 10)
        wait_for_port(OCSP_PORT, 10)

    def set(self, command):
        urllib.request.urlopen(f'http://127.0.0.1:{OCSP_CONTROL_PORT}/{command}', timeout=5).read()

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.log.close()


def serve_proxy():
    state = {'delay': 0.0, 'server': None, 'hits': 0}

    class Forward(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.0'

        def forward(self, body):
            state['hits'] += 1
            time.sleep(state['delay'])
            request = urllib.request.Request(f'http://127.0.0.1:{OCSP_UPSTREAM_PORT}{self.path}', data=body,
                                             method=self.command)
            if body is not None:
                request.add_header('Content-Type', 'application/ocsp-request')
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = response.read()
            self.send_response(200)
            self.send_header('Content-Type', 'application/ocsp-response')
            self.send_header('Content-Length', str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            self.forward(None)

        def do_POST(self):
            self.forward(self.rfile.read(int(self.headers.get('Content-Length', 0))))

        def log_message(self, *args):
            pass

    class Threads(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    def up():
        if state['server'] is None:
            state['server'] = Threads(('127.0.0.1', OCSP_PORT), Forward)
            threading.Thread(target=state['server'].serve_forever, daemon=True).start()

    def down():
        if state['server'] is not None:
            state['server'].shutdown()
            state['server'].server_close()
            state['server'] = None

    class Control(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            parts = self.path.strip('/').split('/')
            if parts[0] == 'delay':
                state['delay'] = int(parts[1]) / 1000
                up()
            elif parts[0] == 'down':
                down()
            elif parts[0] == 'up':
                up()
            body = json.dumps({'delay_ms': state['delay'] * 1000, 'up': state['server'] is not None,
                               'hits': state['hits']}).encode()
            self.send_response(200)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            print(time.strftime('%H:%M:%S'), self.path, body.decode(), flush=True)

        def log_message(self, *args):
            pass

    up()
    http.server.HTTPServer(('127.0.0.1', OCSP_CONTROL_PORT), Control).serve_forever()


def drive_distinct(port, contexts, seconds, threads, count=None):
    """New connection per request, cycling through the client certificates; latency per request.

    Runs for `seconds`, or until `count` requests when given. Each sample: (status, latency s,
    start relative to the beginning s).
    """
    samples = []
    lock = threading.Lock()
    counter = [0]
    began = time.time()
    deadline = began + seconds

    def worker():
        while time.time() < deadline:
            with lock:
                if count is not None and counter[0] >= count:
                    return
                i = counter[0] % len(contexts)
                counter[0] += 1
            start = time.perf_counter()
            offset = time.time() - began
            status, _ = get(port, contexts[i], timeout=30)
            elapsed = time.perf_counter() - start
            with lock:
                samples.append((status, elapsed, offset))

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return samples


def percentile(values, p):
    values = sorted(values)
    if not values:
        return None
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def describe(samples):
    latencies = [s[1] * 1000 for s in samples]
    statuses = {}
    for status, _, _ in samples:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    ok = [offset for status, _, offset in samples if status == 200]
    refused = [offset for status, _, offset in samples if status != 200]
    return {'requests': len(samples), 'statuses': statuses, 'p50_ms': percentile(latencies, 50),
            'p99_ms': percentile(latencies, 99), 'max_ms': max(latencies) if latencies else None,
            'last_200_s': max(ok) if ok else None, 'first_non_200_s': min(refused) if refused else None}


def slow_runs(args, key, pki, results):
    contexts = [client_context(p) for p in sorted((pki / 'clients').glob('load-*-and-key.pem'))]
    log(f'[{key}/slow] {len(contexts)} distinct client certificates, phases of {args.slow_duration} s, '
        f'cache max-ttl {args.slow_ttl}, OCSP timeout {args.slow_timeout}')
    upstream = Responder(pki, OCSP_UPSTREAM_PORT)
    proxy = DelayProxy(args.out)
    slow = {}
    try:
        for policy in args.policies:
            phases = ['0', '500', 'down'] if policy in args.delay_policies else ['down']
            extra = [f'--mtls.revocation.failure-policy={policy}',
                     f'--mtls.revocation.cache.max-ttl={args.slow_ttl}',
                     f'--mtls.revocation.ocsp.timeout={args.slow_timeout}']
            if policy == 'stale-if-error':
                extra = [f'--mtls.revocation.failure-policy=fail-closed',
                         f'--mtls.revocation.stale-if-error={args.slow_stale}', *extra[1:]]
            proxy.set('delay/0')
            server = Server('starter', args, pki, FIRST_SERVER_PORT + 10, extra_args=extra)
            try:
                server.wait_ready(client_context(pki / 'client-and-key.pem'))
                log(f'  {policy}: server ready; warming every certificate once')
                warm = describe(drive_distinct(server.port, contexts, 300, args.slow_threads, count=len(contexts)))
                outcome = {'warm': warm, 'server_args': extra}
                for phase in phases:
                    proxy.set('down' if phase == 'down' else f'delay/{phase}')
                    seconds = {'0': args.slow_duration, '500': args.slow_refresh_duration}.get(phase,
                                                                                             args.slow_down_duration)
                    samples = drive_distinct(server.port, contexts, seconds, args.slow_threads)
                    outcome[phase] = describe(samples)
                    log(f'  {policy:15} responder {phase:5}: {outcome[phase]}')
                proxy.set('delay/0')
            finally:
                server.stop()
            slow[policy] = outcome
    finally:
        proxy.stop()
        upstream.stop()
    results['slow'][key] = slow


# ---------------------------------------------------------------------------------------------
# startup


def startup_runs(args, key, pki, results):
    """Starts each app in turn, round after round (alternating, so that a loaded machine slows all
    of them alike), and reports the ratio of each pinned-identities start to the one-identity start
    of the same round."""
    context = client_context(pki / 'client-and-key.pem')
    one = ['--mtls.identities.client.subject-dn=CN=client,OU=payments,O=Bench Corp,C=DE']
    variants = {}
    if 'floor' in args.startup_apps:
        variants['no security'] = ('floor', [], False, None)
    if 'x509' in args.startup_apps:
        variants['Spring Security x509()'] = ('x509', [], False, None)
    # With --startup-baseline-jar, the same starts of another build alternate with these ("before: ...").
    for prefix, jar in [('', None)] + ([('before: ', args.startup_baseline_jar)] if args.startup_baseline_jar else []):
        variants[f'{prefix}starter, 1 identity'] = ('starter-norev', one, False, jar)
        for count in args.startup_identities:
            variants[f'{prefix}starter, {count:,} identities'] = ('starter-norev', [], identities_file(pki, count), jar)
    started = {label: [] for label in variants}
    ready = {label: [] for label in variants}
    cpu = {label: [] for label in variants}
    for round_ in range(args.startup_runs):
        for label, (name, extra, identities, jar) in variants.items():
            server = Server(name, args, pki, args.startup_port, extra_args=extra, identities=identities, jar=jar)
            try:
                server.wait_ready(context)
                # CPU time of the server up to its first 200: what other processes on a shared
                # machine disturb least (they stretch the wall time, not the work).
                cpu[label].append(server.cpu_ticks() / CLK_TCK)
                started[label].append(server.started_in())
                ready[label].append(server.ready_after)
            finally:
                server.stop()
            log(f'  startup round {round_ + 1} {label:30} started in {started[label][-1]} s, '
                f'first 200 after {ready[label][-1]:.2f} s, {cpu[label][-1]:.2f} s CPU')
    out = {}
    for label in variants:
        out[label] = {'started_in_s': spread(started[label]), 'first_200_s': spread(ready[label]),
                      'cpu_s': spread(cpu[label]), 'rounds': started[label], 'cpu_rounds': cpu[label]}
        if label.endswith('identities'):
            one_label = ('before: ' if label.startswith('before: ') else '') + 'starter, 1 identity'
            ratios = [n / o for n, o in zip(started[label], started[one_label]) if n and o]
            out[label]['ratio_to_one'] = spread(ratios)
            out[label]['cpu_ratio_to_one'] = spread([n / o for n, o in zip(cpu[label], cpu[one_label]) if n and o])
        log(f'  startup {label:30} {out[label]}')
    results['startup'][key] = out


def identities_file(pki, count):
    """The PKI's identities.properties, or its first count identities (same selectors, same order)."""
    path = pki / 'identities.properties'
    lines = path.read_text().splitlines()
    names = list(dict.fromkeys(line.split('.', 3)[2] for line in lines if line.startswith('mtls.identities.')))
    if count >= len(names):
        return path
    kept = set(names[:count])
    subset = pki / f'identities-{count}.properties'
    subset.write_text('\n'.join(line for line in lines if line.split('.', 3)[2] in kept) + '\n')
    return subset


# ---------------------------------------------------------------------------------------------
# report: markdown and SVG


def fmt(value, digits=1):
    return '-' if value is None else f'{value:,.{digits}f}'


def report(args, results):
    lines = [f'# Load run {results["started"]}', '', '## Environment', '']
    for k, v in results['environment'].items():
        lines.append(f'- {k}: `{v}`')
    for run_name, run in results['runs'].items():
        lines += ['', f'## {run_name}', '', '| configuration | server CPU µs/request min / median / max '
                  '| req/s min / median / max | void rounds |', '|---|---|---|---|']
        for name in run['configs']:
            s = run['summary'][name]
            c, r = s['cpu_us'] or {}, s['rps'] or {}
            lines.append(f'| {CONFIGS[name]["label"]} | {fmt(c.get("min"))} / **{fmt(c.get("median"))}** / '
                         f'{fmt(c.get("max"))} | {fmt(r.get("min"))} / **{fmt(r.get("median"))}** / '
                         f'{fmt(r.get("max"))} | {s["void_rounds"]} |')
        lines += ['', '| comparison (median of per-round values) | req/s ratio | CPU ratio | CPU difference µs |',
                  '|---|---|---|---|']
        for pair, v in run['ratios'].items():
            if v:
                lines.append(f'| {pair} | {v["rps_ratio"]:.3f} | {v["cpu_ratio"]:.3f} | {v["cpu_delta_us"]:+.1f} |')
        if run.get('profiles'):
            lines += ['', '| where server time goes (JFR execution samples) | ' + ' | '.join(run['profiles']) + ' |',
                      '|---|' + '---|' * len(run['profiles'])]
            categories = [c for c, _ in CATEGORIES] + ['other', 'JDK only']
            for c in categories:
                lines.append(f'| {c} | ' + ' | '.join(fmt(p['share'].get(c, 0.0), 0) + ' %'
                                                       for p in run['profiles'].values()) + ' |')
        lines += ['', '| target | value | met |', '|---|---|---|']
        for t in run['targets']:
            met = '-' if t['met'] is None else ('yes' if t['met'] else '**no**')
            lines.append(f'| {t["target"]} | {fmt(t["value"], 3)} | {met} |')
    for key, slow in results['slow'].items():
        lines += ['', f'## {key}/slow responder', '', '| failure policy | responder | requests | statuses '
                  '| p50 ms | p99 ms | max ms | last 200 at s | first non-200 at s |', '|---|---|---|---|---|---|---|---|---|']
        for policy, outcome in slow.items():
            for phase in ('warm', '0', '500', 'down'):
                if phase in outcome:
                    o = outcome[phase]
                    statuses = ', '.join(f'{k}: {v}' for k, v in o['statuses'].items())
                    lines.append(f'| {policy} | {phase} | {o["requests"]} | {statuses} | {fmt(o["p50_ms"])} '
                                 f'| {fmt(o["p99_ms"])} | {fmt(o["max_ms"])} | {fmt(o.get("last_200_s"))} '
                                 f'| {fmt(o.get("first_non_200_s"))} |')
            if '0' in outcome and '500' in outcome and outcome['0']['p99_ms']:
                lines.append(f'| {policy} | p99 at 500 ms / p99 at 0 ms | | | | '
                             f'**{outcome["500"]["p99_ms"] / outcome["0"]["p99_ms"]:.2f}** | | | |')
    for key, startup in results['startup'].items():
        lines += ['', f'## {key}/startup', '', '| app | "Started in" s min / median / max '
                  '| first 200 after launch s min / median / max | server CPU s to first 200 min / median / max |',
                  '|---|---|---|---|']

        def ratio(r):
            return f' (× 1 identity, per round: {fmt(r.get("min"), 2)} / **{fmt(r.get("median"), 2)}** / ' \
                   f'{fmt(r.get("max"), 2)})' if r else ''

        for label, o in startup.items():
            a, b, c = o['started_in_s'] or {}, o['first_200_s'] or {}, o.get('cpu_s') or {}
            lines.append(f'| {label} | {fmt(a.get("min"), 2)} / {fmt(a.get("median"), 2)} / {fmt(a.get("max"), 2)}'
                         f'{ratio(o.get("ratio_to_one") or {})} '
                         f'| {fmt(b.get("min"), 2)} / {fmt(b.get("median"), 2)} / {fmt(b.get("max"), 2)} '
                         f'| {fmt(c.get("min"), 2)} / {fmt(c.get("median"), 2)} / {fmt(c.get("max"), 2)}'
                         f'{ratio(o.get("cpu_ratio_to_one") or {})} |')
    (Path(args.out) / 'summary.md').write_text('\n'.join(lines) + '\n')
    for key in args.keys:
        runs = [results['runs'][k] for k in results['runs'] if results['runs'][k]['key'] == key]
        if runs:
            (Path(args.out) / f'chart-{key}.svg').write_text(svg(key, runs))


COLOURS = {'floor': '#9e9e9e', 'x509': '#e07b39', 'starter': '#2f6db3', 'starter-norev': '#7fa7d9',
           'starter-noobs': '#1b3f6b', 'starter-fullchain': '#5a5a8a', 'jdk-revocation': '#b03a48',
           'webflux-floor': '#c8c8c8', 'webflux-x509': '#f0a878', 'webflux-starter': '#4f9a5a'}


def svg(key, runs):
    """One row per mode, two panels per row: server CPU per request and requests per second."""
    panel_w, panel_h, row_h, left, top = 500, 210, 285, 60, 40
    width = left + 2 * (panel_w + 60)
    height = top + row_h * len(runs) + 70
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">', f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">mTLS load run ({key.upper()} keys): '
           'median over rounds, whiskers min..max</text>']
    for row, run in enumerate(runs):
        y0 = top + row * row_h + 20
        for col, (metric, title) in enumerate((('cpu_us', 'server CPU µs per request (lower is better)'),
                                                ('rps', 'requests per second (higher is better)'))):
            x0 = left + col * (panel_w + 60)
            names = run['configs']
            values = [(run['summary'][n][metric] or {}) for n in names]
            top_value = max([v.get('max', 0) for v in values] + [1]) * 1.15
            out.append(f'<text x="{x0}" y="{y0}" font-weight="bold">{run["mode"]}: {title}</text>')
            base = y0 + 15 + panel_h
            out.append(f'<line x1="{x0}" y1="{base}" x2="{x0 + panel_w}" y2="{base}" stroke="#333"/>')
            bar_w = panel_w / len(names) * 0.6
            for i, (name, v) in enumerate(zip(names, values)):
                if not v:
                    continue
                cx = x0 + (i + 0.5) * panel_w / len(names)
                h = v['median'] / top_value * panel_h
                out.append(f'<rect x="{cx - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                           f'fill="{COLOURS.get(name, "#555")}"/>')
                y_min, y_max = base - v['min'] / top_value * panel_h, base - v['max'] / top_value * panel_h
                out.append(f'<line x1="{cx:.1f}" y1="{y_min:.1f}" x2="{cx:.1f}" y2="{y_max:.1f}" stroke="#000"/>')
                for yy in (y_min, y_max):
                    out.append(f'<line x1="{cx - 6:.1f}" y1="{yy:.1f}" x2="{cx + 6:.1f}" y2="{yy:.1f}" '
                               'stroke="#000"/>')
                out.append(f'<text x="{cx:.1f}" y="{y_max - 5:.1f}" text-anchor="middle">'
                           f'{v["median"]:,.0f}</text>')
                for line_no, line in enumerate(short(name).split(', ')):
                    out.append(f'<text x="{cx:.1f}" y="{base + 14 + 12 * line_no:.1f}" text-anchor="middle" '
                               f'font-size="10">{line}</text>')
    legend_y = top + row_h * len(runs) + 30
    x = left
    for name, colour in COLOURS.items():
        out.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="{legend_y}">{CONFIGS[name]["label"]}</text>')
        x += 16 + 7 * len(CONFIGS[name]['label']) + 14
        if x > width - 200:
            x, legend_y = left, legend_y + 18
    out.append('</svg>')
    return '\n'.join(out) + '\n'


def short(name):
    return {'floor': 'floor', 'x509': 'x509()', 'starter': 'starter', 'starter-norev': 'starter, rev. off',
            'starter-noobs': 'starter, no sec. obs.', 'starter-fullchain': 'starter, full chain', 'jdk-revocation': 'JDK revocation',
            'webflux-floor': 'WebFlux, floor', 'webflux-x509': 'WebFlux, x509()', 'webflux-starter': 'WebFlux, starter'}[name]


# ---------------------------------------------------------------------------------------------


def environment(args):
    def out(command):
        try:
            r = subprocess.run(command, text=True, capture_output=True, cwd=ROOT)
            return (r.stdout + r.stderr).strip()
        except OSError as ex:
            return str(ex)

    model = re.search(r'model name\s*:\s*(.*)', Path('/proc/cpuinfo').read_text())
    return {
        'cpus': f'{os.cpu_count()} x {model.group(1) if model else "?"}',
        'server CPU / driver CPU': f'{args.server_cpu} / {args.driver_cpu} (taskset)',
        'kernel': out(['uname', '-sr']),
        'java': out(['java', '-version']).splitlines()[1],
        'server JVM flags': args.jvm,
        'ab': out(['ab', '-V']).splitlines()[0],
        'openssl': out(['openssl', 'version']),
        'commit': out(['git', 'rev-parse', '--short', 'HEAD']) + (' (dirty)' if out(['git', 'status', '--porcelain',
                                                                                      '--untracked-files=no']) else ''),
        'runner': ' '.join(sys.argv),
        'loadavg at start': Path('/proc/loadavg').read_text().strip(),
    }


def main():
    if '--serve-proxy' in sys.argv:
        serve_proxy()
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', default=str(TARGET / 'load'), help='results directory (default %(default)s)')
    parser.add_argument('--keys', default='ec,rsa', help='key types, comma-separated: ec (P-256), rsa (2048)')
    parser.add_argument('--modes', default='keepalive,handshake', help='keepalive, handshake, webflux or none')
    parser.add_argument('--configs', default=','.join(CONFIGS), help='configurations to include')
    parser.add_argument('--rounds', type=int, default=5, help='measured rounds per configuration')
    parser.add_argument('--warmup', type=int, default=2, help='seconds of warm-up before each measured run')
    parser.add_argument('--duration', type=int, default=5, help='seconds per measured run')
    parser.add_argument('--initial-warmup', type=int, default=8, help='seconds of JIT warm-up per server')
    parser.add_argument('--concurrency', type=int, default=4, help='ab -c')
    parser.add_argument('--identities', type=int, default=10000, help='pinned identities (and x509 users)')
    parser.add_argument('--server-cpu', type=int, default=0)
    parser.add_argument('--driver-cpu', type=int, default=1, help='ab, responder and this script (run.sh)')
    parser.add_argument('--jvm', default='-Xms512m -Xmx512m -XX:+UseSerialGC -XX:ActiveProcessorCount=1 '
                        '-XX:FlightRecorderOptions:stackdepth=256',
                        help='server JVM flags, the same for every configuration')
    parser.add_argument('--profile-seconds', type=int, default=8,
                        help='JFR-profile each server this long after its rounds (0: no profiling)')
    parser.add_argument('--profile-keys', default='ec', help='key types to profile')
    parser.add_argument('--slow', action='store_true', help='also run the slow/failing responder scenario')
    parser.add_argument('--slow-keys', default='ec', help='key types for --slow and --startup')
    parser.add_argument('--load-clients', type=int, default=1000, help='distinct client certificates for --slow')
    parser.add_argument('--slow-duration', type=float, default=15, help='seconds with the responder at 0 ms')
    parser.add_argument('--slow-refresh-duration', type=float, default=30,
                        help='seconds with the responder at 500 ms: background refreshes fall due in it')
    parser.add_argument('--slow-down-duration', type=float, default=50,
                        help='seconds with the responder down (longer than max-ttl + stale-if-error)')
    parser.add_argument('--slow-threads', type=int, default=4)
    parser.add_argument('--slow-ttl', default='40s',
                        help='mtls.revocation.cache.max-ttl during --slow; a refresh starts at 3/4 of it, so it '
                        'must exceed 4 x the time between two requests of one certificate')
    parser.add_argument('--slow-timeout', default='1s', help='mtls.revocation.ocsp.timeout during --slow')
    parser.add_argument('--slow-stale', default='8s', help='stale-if-error window for that policy')
    parser.add_argument('--policies', default='fail-closed,fail-open,stale-if-error')
    parser.add_argument('--delay-policies', default='fail-closed', help='policies also run at 0 and 500 ms')
    parser.add_argument('--startup', action='store_true', help='also measure time to ready')
    parser.add_argument('--startup-runs', type=int, default=3, help='rounds of start-ups, the apps alternating')
    parser.add_argument('--startup-identities', default='',
                        help='identity counts to start with, comma-separated, each at most --identities '
                             '(default: --identities)')
    parser.add_argument('--startup-apps', default='floor,x509',
                        help='apps started beside the starter in --startup rounds (floor, x509; empty: none)')
    parser.add_argument('--startup-port', type=int, default=FIRST_SERVER_PORT + 20,
                        help='server port of the --startup runs (default %(default)s)')
    parser.add_argument('--startup-baseline-jar', default='',
                        help='another build of the server app whose starter starts alternate with this one\'s')
    parser.add_argument('--app-jar', default=str(APP_JAR), help='the server app (default %(default)s)')
    parser.add_argument('--quick', action='store_true', help='smoke test: seconds, not minutes')
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.warmup, args.duration, args.initial_warmup = 2, 1, 1, 1
        args.slow_duration, args.slow_refresh_duration, args.slow_down_duration = 3, 3, 3
        args.startup_runs, args.load_clients = 1, 20
        args.profile_seconds = min(args.profile_seconds, 2)
    args.keys = [k for k in args.keys.split(',') if k]
    args.modes = [m for m in args.modes.split(',') if m and m != 'none']
    args.configs = args.configs.split(',')
    args.policies = args.policies.split(',')
    args.profile_keys = args.profile_keys.split(',')
    args.delay_policies = args.delay_policies.split(',')
    slow_keys = args.slow_keys.split(',')
    args.startup_apps = [a for a in args.startup_apps.split(',') if a]
    args.startup_identities = [int(n) for n in args.startup_identities.split(',') if n] or [args.identities]
    args.app_jar = Path(args.app_jar)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    for jar in (args.app_jar, TOOLS_JAR):
        if not jar.exists():
            sys.exit(f'{jar} is missing: build with ./mvnw -Pbenchmarks -pl mtls-benchmarks -am package -DskipTests')
    results = {'started': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'environment': environment(args),
               'runs': {}, 'slow': {}, 'startup': {}}
    began = time.time()
    for key in dict.fromkeys(args.keys + (slow_keys if args.slow or args.startup else [])):
        pki = Path(args.out).resolve() / f'pki-{key}'
        make_pki(pki, key, args.identities, args.load_clients if args.slow and key in slow_keys else 0)
        if key in args.keys and args.modes:
            responder = Responder(pki, OCSP_PORT)
            try:
                load_runs(args, key, pki, results)
            finally:
                responder.stop()
        if args.slow and key in slow_keys:
            slow_runs(args, key, pki, results)
        if args.startup and key in slow_keys:
            startup_runs(args, key, pki, results)
        (Path(args.out) / 'results.json').write_text(json.dumps(results, indent=1))
        report(args, results)
    results['elapsed_s'] = time.time() - began
    (Path(args.out) / 'results.json').write_text(json.dumps(results, indent=1))
    report(args, results)
    log(f'done in {results["elapsed_s"]:.0f} s: {args.out}/summary.md, results.json, chart-*.svg')


if __name__ == '__main__':
    main()
