#!/usr/bin/env python3
"""The engine of Tools/faults: devices that keep writing and syncing while faults are injected, then
the check that nothing a device holds as confirmed was lost or doubled.

Tools/faults prepares everything (packages, build, a private PostgreSQL cluster with the report
tables on a small tmpfs tablespace, migrations, roster, plan, admin) and runs this with what it made.
This script starts the server behind a misbehaving proxy (tcp_proxy.py), signs real `duban` CLI
installations in (one unit each, separate DUBAN_HOME), lets them write reports (new, edit, with
evidence) and sync in a loop, injects the faults one after the other, syncs every device a last
time, compares each device's SQLite cache with PostgreSQL, prints the table and writes JSON.

Stdlib only. Exit status: 0 every check held; 1 something was lost, doubled, corrupt, or a fault
showed a server defect; 3 the run could not complete.
"""

import argparse
import glob
import hashlib
import http.client
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
FAULTS = ["server-kill", "postgres-restart", "proxy", "client-kill", "disk-full"]
# The devices' clock: before the plan's first node, as in the end-to-end tests.
DEVICE_NOW = "2022-03-01T10:00:00+08:00"


class CouldNotRun(Exception):
    pass


def log(*words):
    print("==>", *words, file=sys.stderr, flush=True)


def now():
    return time.time()


# ---------------------------------------------------------------------------------------------
# HTTP (direct to the server, never through the proxy): setup and probes


def http_call(port, method, path, body=None, token=None, timeout=10):
    """Returns (status, headers dict, body bytes); status 0 when the connection failed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Accept": "application/json"}
    raw = None
    if body is not None:
        raw = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        conn.request(method, path, body=raw, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    except OSError as error:
        return 0, {}, str(error).encode()
    finally:
        conn.close()


def write_pid(work, name, pid):
    """For Tools/faults' exit trap: what to stop should this script itself be killed."""
    with open(os.path.join(work, f"{name}.pid"), "w") as f:
        f.write(f"{pid}\n")


def error_code(data):
    try:
        return json.loads(data)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def sign_in(port, login, password, device_id):
    """Signs in, changing a one-time password; returns (token, password now valid)."""
    status, _, data = http_call(port, "POST", "/v1/session", {"login": login, "password": password, "device_id": device_id})
    if status not in (200, 201):
        raise CouldNotRun(f"sign-in of {login} answered {status}: {data[:300]!r}")
    answer = json.loads(data)
    token = answer["token"]
    if answer.get("must_change_password"):
        new_password = "Faults-" + uuid.uuid4().hex[:16]
        status, _, data = http_call(port, "POST", "/v1/me/password",
                                    {"current_password": password, "new_password": new_password}, token=token)
        if status not in (200, 204):
            raise CouldNotRun(f"password change of {login} answered {status}: {data[:300]!r}")
        password = new_password
        # A changed password may end the session: sign in again.
        status, _, data = http_call(port, "POST", "/v1/session", {"login": login, "password": password, "device_id": device_id})
        if status not in (200, 201):
            raise CouldNotRun(f"second sign-in of {login} answered {status}: {data[:300]!r}")
        token = json.loads(data)["token"]
    return token, password


# ---------------------------------------------------------------------------------------------
# PostgreSQL through psql


class Database:
    def __init__(self, args):
        self.args = args
        self.env = dict(os.environ, PGHOST=args.pg_host, PGPORT=str(args.pg_port), PGDATABASE="duban")

    def query(self, sql, superuser=True, timeout=60):
        env = dict(self.env, PGUSER="postgres" if superuser else "duban")
        result = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], env=env,
                                capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise CouldNotRun(f"psql failed: {result.stderr.strip()[:500]}")
        return result.stdout.strip()

    def json(self, sql):
        text = self.query(sql)
        return json.loads(text) if text else None

    def pg_ctl(self, *arguments, timeout=120):
        command = [os.path.join(self.args.pg_bindir, "pg_ctl"), "-D", self.args.pg_data, *arguments]
        if os.geteuid() == 0 and self.args.pg_os_user != "root":
            command = ["runuser", "-u", self.args.pg_os_user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout)

    def stop(self, mode):
        result = self.pg_ctl("stop", "-m", mode, "-w", "-t", "60")
        if result.returncode != 0:
            raise CouldNotRun(f"pg_ctl stop -m {mode} failed: {result.stderr.strip()}")

    def start(self):
        result = self.pg_ctl("start", "-w", "-t", "120", "-l", self.args.pg_log)
        if result.returncode != 0:
            raise CouldNotRun(f"pg_ctl start failed: {result.stderr.strip()}")

    def running(self):
        return self.pg_ctl("status").returncode == 0


# ---------------------------------------------------------------------------------------------
# The server and the proxy


class Server:
    def __init__(self, args, port, work):
        self.args, self.port, self.work = args, port, work
        self.process = None
        self.starts = 0
        self.logs = []

    def start(self, wait=60):
        self.starts += 1
        path = os.path.join(self.work, f"server-{self.starts:03d}.log")
        self.logs.append(path)
        env = dict(os.environ, PGHOST=self.args.pg_host, PGPORT=str(self.args.pg_port), PGDATABASE="duban",
                   PGUSER="duban_server", DUBAN_BCRYPT_COST="4", DUBAN_LOG_LEVEL="warning",
                   DUBAN_MIGRATIONS_DIR=os.path.join(self.args.root, "SQL/migrations"))
        for name in ("DUBAN_DATABASE_URL", "DUBAN_HOST", "DUBAN_PORT", "PGSERVICE", "PGOPTIONS"):
            env.pop(name, None)
        with open(path, "wb") as out:
            self.process = subprocess.Popen([os.path.join(self.args.bin_dir, "duban-server"), "serve", "--host", "127.0.0.1",
                                             "--port", str(self.port)], env=env, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        write_pid(self.work, "server", self.process.pid)
        deadline = now() + wait
        while now() < deadline:
            status, _, _ = http_call(self.port, "GET", "/readyz", timeout=2)
            if status == 200:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise CouldNotRun(f"duban-server did not become ready (log: {path})")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def unhandled_errors(self):
        """Lines of every server log that record a 500 (an unhandled error)."""
        found = []
        for path in self.logs:
            try:
                with open(path, errors="replace") as f:
                    found += [line.strip() for line in f if "unhandled error" in line]
            except OSError:
                pass
        return found


class Proxy:
    def __init__(self, port, target, work):
        self.port = port
        self.mode_file = os.path.join(work, "proxy-mode")
        self.log_path = os.path.join(work, "proxy.log")
        self.set("pass")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([sys.executable, os.path.join(HERE, "tcp_proxy.py"), "--listen", str(port),
                                         "--target", str(target), "--mode-file", self.mode_file],
                                        stdout=subprocess.PIPE, stderr=self.log, text=True, stdin=subprocess.DEVNULL)
        write_pid(work, "proxy", self.process.pid)
        if self.process.stdout.readline().strip() != "ready":
            raise CouldNotRun("the TCP proxy did not start")
        self.events = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            words = line.split()
            if len(words) >= 3:
                self.events.append((float(words[0]), words[1], words[2]))

    def set(self, mode):
        tmp = self.mode_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(mode + "\n")
        os.replace(tmp, self.mode_file)

    # What the proxy printed when it did harm: a cut, a stall, a trickled connection, a refusal.
    HARM = {("cut", "cut"), ("stall", "stalled"), ("trickle", "connection"), ("trickle-body", "connection"), ("refuse", "reset")}

    def count(self, start, end):
        return sum(1 for t, m, e in list(self.events) if start <= t <= end and (m, e) in self.HARM)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


# ---------------------------------------------------------------------------------------------
# Devices: real `duban` installations


class Device:
    def __init__(self, run, index, login, unit, tasks):
        self.run, self.index, self.login, self.unit = run, index, login, unit
        self.name = f"d{index}"
        self.home = os.path.join(run.work, "devices", self.name)
        os.makedirs(os.path.join(self.home, "files"), exist_ok=True)
        self.slots = [(task, node) for task in tasks for node in (1, 2, 3, 4)]
        random.Random(index).shuffle(self.slots)
        self.reports = []          # report ids this device created
        self.writes = []           # acknowledged writes: dict(t, report, text, percent, evidence, op)
        self.killed_writes = []    # writes killed before their answer: dict(t, text)
        self.syncs = []            # dict(t0, t1, ok, error)
        self.write_failures = []   # dict(t, error)
        self.kills = []            # dict(t, what, integrity, missing)
        self.hung = []             # commands killed by the harness's own timeout
        self.counter = 0
        self.rng = random.Random(1000 + index)
        self.env = dict(os.environ, DUBAN_HOME=self.home, DUBAN_NOW=DEVICE_NOW, LANG="C.UTF-8",
                        DUBAN_READ_TIMEOUT=str(run.args.read_timeout), DUBAN_REQUEST_TIMEOUT=str(run.args.request_timeout))
        for name in ("LC_ALL", "LC_MESSAGES"):
            self.env.pop(name, None)

    # -- running the CLI

    def command(self, arguments):
        return [os.path.join(self.run.args.bin_dir, "duban"), *arguments]

    def cli(self, arguments, input=None, timeout=None, extra=None):
        """Runs duban to its end; returns (rc, stdout, stderr). rc None: the harness killed it (hung)."""
        timeout = timeout or self.run.args.command_timeout
        env = dict(self.env, **(extra or {}))
        try:
            result = subprocess.run(self.command(arguments), input=input, capture_output=True, text=True, env=env,
                                    timeout=timeout)
            return result.returncode, result.stdout, result.stderr
        except subprocess.TimeoutExpired as expired:
            self.hung.append({"t": now(), "command": " ".join(arguments[:2]), "seconds": timeout})
            return None, expired.stdout or "", expired.stderr or ""

    def cache_path(self):
        found = glob.glob(os.path.join(self.home, "cache", "*.sqlite"))
        return found[0] if found else None

    # -- setup

    def sign_in(self, url, password):
        rc, _, err = self.cli(["login", "--server", url, "--login", self.login, "--password-stdin"], input=password + "\n")
        if rc != 0:
            raise CouldNotRun(f"{self.name}: duban login failed: {err.strip()}")
        for _ in range(5):
            rc, _, err = self.cli(["sync"])
            if rc == 0:
                return
            time.sleep(1)
        raise CouldNotRun(f"{self.name}: the first sync failed: {err.strip()}")

    # -- writing

    def next_text(self):
        self.counter += 1
        return f"{self.name} {self.unit} 第{self.counter}次填报 {uuid.uuid4().hex[:12]}"

    def evidence_file(self):
        size = self.rng.randint(8 << 10, 48 << 10)
        data = b"%PDF-1.7\n" + os.urandom(size)
        path = os.path.join(self.home, "files", f"e{self.counter}-{uuid.uuid4().hex[:8]}.pdf")
        with open(path, "wb") as f:
            f.write(data)
        return path, hashlib.sha256(data).hexdigest()

    def write_arguments(self, evidence_share):
        """The arguments of the next write and what it writes."""
        text = self.next_text()
        percent = self.rng.randint(0, 100)
        evidence = None
        if self.slots and (not self.reports or self.rng.random() < 0.25):
            task, node = self.slots.pop()
            arguments = ["report", "new", "--task", str(task), "--node", str(node)]
            op = "new"
        else:
            arguments = ["report", "edit", self.rng.choice(self.reports)]
            op = "edit"
        arguments += ["--text", text, "--percent", str(percent), "--offline"]
        if self.rng.random() < evidence_share:
            path, evidence = self.evidence_file()
            arguments += ["--attach", path]
        return arguments, {"op": op, "text": text, "percent": percent, "evidence": [evidence] if evidence else []}

    def acknowledge(self, record, stdout):
        if record["op"] == "new":
            match = re.search(r"^report ([0-9a-f-]{8,})", stdout, re.M)
            if match:
                self.reports.append(match.group(1))
        record["t"] = now()
        self.writes.append(record)

    def write(self, evidence_share=0.15):
        arguments, record = self.write_arguments(evidence_share)
        rc, out, err = self.cli(arguments)
        if rc == 0:
            self.acknowledge(record, out)
        else:
            self.write_failures.append({"t": now(), "error": classify(err)})

    def sync(self):
        t0 = now()
        rc, _, err = self.cli(["sync"])
        ok = rc == 0
        error = None if ok else ("hung (killed by the harness)" if rc is None else classify(err))
        self.syncs.append({"t0": t0, "t1": now(), "ok": ok, "error": error,
                           "retry_after": retry_after(err) if not ok else None})
        return ok, err

    def step(self):
        """One round of normal work: a write, then usually a sync; a short pause after a failure."""
        self.write(self.run.evidence_share)
        if self.rng.random() < 0.8:
            ok, err = self.sync()
            if not ok:
                hint = retry_after(err)
                # Honour a short retry hint; cap a long one so that the load goes on.
                time.sleep(min(hint if hint else self.rng.uniform(0.3, 1.0), 2.0))

    # -- killed mid-write

    def killed_step(self):
        """Starts a write or a sync and kills it with SIGKILL at a random moment, then checks the cache."""
        if self.rng.random() < 0.6:
            arguments, record = self.write_arguments(0.3)
            what = "write"
            delay = self.rng.uniform(0.0, 0.25)
            extra = {}
        else:
            arguments, record = ["sync"], None
            what = "sync"
            delay = self.rng.uniform(0.05, 2.0)
            # Small batches and pages: many transactions, so that a kill lands inside one.
            extra = {"DUBAN_SYNC_BATCH": "2", "DUBAN_SYNC_PAGE": "5"}
        process = subprocess.Popen(self.command(arguments), env=dict(self.env, **extra), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        time.sleep(delay)
        killed = process.poll() is None
        if killed:
            process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        if record is not None:
            if not killed and process.returncode == 0:
                self.acknowledge(record, out)
            elif killed:
                record["t"] = now()
                self.killed_writes.append(record)
        if not killed:
            return
        integrity, missing = self.check_cache()
        self.kills.append({"t": now(), "what": what, "integrity": integrity, "missing": missing})

    def check_cache(self):
        """PRAGMA integrity_check of the cache, and the acknowledged writes missing from it."""
        path = self.cache_path()
        if path is None:
            return "no cache file", []
        try:
            db = sqlite3.connect(path, timeout=30)
            try:
                integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
                texts = set()
                for (payload,) in db.execute("SELECT payload FROM outbox WHERE kind = 'report.write'"):
                    texts.add(json.loads(payload).get("text"))
                for (text,) in db.execute("SELECT text FROM revisions"):
                    texts.add(text)
            finally:
                db.close()
        except sqlite3.DatabaseError as error:
            return f"cannot read: {error}", []
        missing = [w["text"] for w in self.writes if w["text"] not in texts]
        return integrity, missing

    # -- the loop

    def loop(self):
        while not self.run.stop.is_set():
            try:
                if self.run.client_kill.is_set():
                    self.killed_step()
                else:
                    self.step()
            except Exception as error:  # noqa: BLE001 - recorded, the loop goes on
                self.run.note(f"{self.name}: harness error: {error!r}")
                time.sleep(1)


def classify(stderr):
    """A short class of a CLI error (the CLI prints the server's sentence, not its code)."""
    text = (stderr or "").strip()
    first = next((line for line in text.splitlines() if line.startswith("error")), text.splitlines()[0] if text else "")
    known = [("database is unavailable", "503 database_unavailable"), ("no space left", "503 storage_full"),
             ("internal error", "500 internal"), ("no complete answer within", "client timeout (whole exchange)"),
             ("no answer within", "client timeout (read)"), ("no connection within", "client timeout (connect)")]
    for words, name in known:
        if words in first:
            return name
    match = re.match(r"error: cannot reach the server \S+: (.*)", first)
    if match:
        return "unreachable: " + match.group(1)[:60]
    match = re.match(r"error: ([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+): ", first)
    if match:
        return match.group(1)
    return first[:80] or "failed"


def retry_after(stderr):
    match = re.search(r"try again in (\d+) s", stderr or "")
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------------------------------
# The run


class Run:
    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.db = Database(args)
        self.stop = threading.Event()
        self.client_kill = threading.Event()
        self.evidence_share = 0.15
        self.notes = []
        self.phases = []
        self.devices = []
        self.threads = []
        self.probe_writes = []  # dict(id, status, code, phase)
        self.quick = args.quick

    def note(self, text):
        log(text)
        self.notes.append(text)

    # -- setup

    def setup(self):
        a = self.args
        self.server = Server(a, a.server_port, self.work)
        self.server.start()
        self.proxy = Proxy(a.proxy_port, a.server_port, self.work)
        self.url = f"http://127.0.0.1:{a.proxy_port}"
        admin_token, _ = sign_in(a.server_port, "admin", a.admin_password, str(uuid.uuid4()))
        units = self.db.json("""
            SELECT json_agg(json_build_array(code, tasks) ORDER BY n DESC, code) FROM (
              SELECT u.code, json_agg(t.number ORDER BY t.number) AS tasks, count(*) AS n
                FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id JOIN duban.tasks t ON t.id = a.task_id
               WHERE a.role = 'responsible' AND NOT t.not_applicable AND u.active
               GROUP BY u.code) s""")
        if not units or len(units) < a.devices + 1:
            raise CouldNotRun(f"the plan has {len(units or [])} responsible units; {a.devices + 1} are needed")
        accounts = []
        for index, (unit, tasks) in enumerate(units[: a.devices + 1]):
            login = f"faults{index}"
            status, _, data = http_call(a.server_port, "POST", "/v1/admin/accounts",
                                        {"login": login, "display_name": f"故障测试 {index}", "role": "staff", "unit_code": unit},
                                        token=admin_token)
            if status not in (200, 201):
                raise CouldNotRun(f"creating {login} answered {status}: {data[:300]!r}")
            accounts.append((login, unit, tasks[:3], json.loads(data)["one_time_password"]))
        # The last account is the harness's own probe (Python, straight to the server).
        login, unit, tasks, one_time = accounts.pop()
        self.probe_device = str(uuid.uuid4())
        self.probe_token, _ = sign_in(a.server_port, login, one_time, self.probe_device)
        self.probe_unit, self.probe_task = unit, self.db.query(
            f"SELECT t.id FROM duban.tasks t JOIN duban.assignments a ON a.task_id = t.id JOIN duban.units u ON u.id = a.unit_id "
            f"WHERE u.code = '{unit}' AND a.role = 'responsible' AND NOT t.not_applicable ORDER BY t.number LIMIT 1")
        self.probe_node = self.db.query(f"SELECT n.id FROM duban.reporting_nodes n JOIN duban.tasks t ON t.plan_id = n.plan_id "
                                        f"WHERE t.id = {int(self.probe_task)} ORDER BY n.ordinal LIMIT 1")
        self.probe_seq = 0
        self.probe_report = str(uuid.uuid4())
        self.probe_version = 0
        self.probe_cursor = 0
        self.probe_epoch = None
        self.probe_reference = None
        for index, (login, unit, tasks, one_time) in enumerate(accounts):
            _, password = sign_in(a.server_port, login, one_time, str(uuid.uuid4()))
            device = Device(self, index, login, unit, tasks)
            device.sign_in(self.url, password)
            self.devices.append(device)
        log(f"{len(self.devices)} devices signed in through the proxy ({', '.join(d.unit for d in self.devices)}); "
            f"probe account of {self.probe_unit}")

    # -- probes straight to the server

    def probe_sync(self, write=False, big=False):
        """One POST /v1/sync as the probe account; with `write`, one new report revision in it.
        Returns (status, retry-after, error code, mutation id)."""
        mutations = []
        mutation_id = None
        if write:
            self.probe_seq += 1
            mutation_id = str(uuid.uuid4())
            text = f"probe {self.probe_seq} {mutation_id}"
            if big:
                # Random CJK text compresses badly: it needs new TOAST pages, which a full disk refuses.
                text += " " + "".join(chr(random.randint(0x4E00, 0x9FA5)) for _ in range(20000))
            # One report, edited on its newest known version: each probe write is one new revision.
            payload = json.dumps({"report_id": self.probe_report, "task_id": int(self.probe_task),
                                  "node_id": int(self.probe_node), "text": text, "quantities": {}}, ensure_ascii=False, separators=(",", ":"))
            mutations.append({"id": mutation_id, "device_seq": self.probe_seq, "kind": "report.write",
                              "base_version": self.probe_version, "payload": payload,
                              "payload_sha256": hashlib.sha256(payload.encode()).hexdigest(),
                              "authored_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
        body = {"protocol_version": 1, "device_id": self.probe_device, "epoch": self.probe_epoch,
                "cursor": self.probe_cursor, "reference_version": self.probe_reference, "mutations": mutations}
        status, headers, data = http_call(self.args.server_port, "POST", "/v1/sync", body, token=self.probe_token, timeout=20)
        result = None
        if status == 200:
            answer = json.loads(data)
            self.probe_epoch, self.probe_cursor = answer["epoch"], answer["cursor"]
            self.probe_reference = answer.get("reference_version", self.probe_reference)
            if mutations:
                first = answer["results"][0]
                result = first["status"] if first["status"] != "rejected" else f"rejected {first.get('code')}"
                if first.get("server_version") or first.get("version"):
                    self.probe_version = first.get("server_version") or first.get("version")
        return {"status": status, "retry_after": headers.get("retry-after"), "code": error_code(data) if status != 200 else None,
                "mutation": mutation_id, "result": result}

    def record_probe_write(self, probe, phase):
        if probe["mutation"]:
            self.probe_writes.append(dict(probe, phase=phase))

    # -- phases

    def phase(self, name, body):
        if self.args.only and name != self.args.only:
            return
        log(f"fault: {name}")
        record = {"fault": name, "injected": 0, "problems": [], "details": {}}
        record["start"] = now()
        try:
            body(record)
        finally:
            record["end"] = now()
        # Let the devices catch up before the next fault.
        time.sleep(self.args.settle)
        record["settled"] = now()
        for problem in record["problems"]:
            log(f"  problem: {problem}")
        self.phases.append(record)

    def server_kill(self, record):
        count = self.args.server_kills
        restarts = []
        for _ in range(count):
            time.sleep(random.uniform(*self.args.kill_interval))
            self.server.kill()
            record["injected"] += 1
            time.sleep(random.uniform(0.0, 1.0))
            t0 = now()
            try:
                self.server.start()
            except CouldNotRun as error:
                record["problems"].append(f"restart after SIGKILL: {error}")
                raise
            restarts.append(round(now() - t0, 2))
        record["details"]["restart_seconds_max"] = max(restarts) if restarts else None
        record["details"]["restart_seconds_mean"] = round(sum(restarts) / len(restarts), 2) if restarts else None

    def postgres_restart(self, record):
        modes = ["fast", "immediate"] * self.args.pg_restarts
        answers = {}
        recoveries = []
        for mode in modes:
            time.sleep(self.args.pg_calm)
            pid = self.server.pid
            self.db.stop(mode)
            record["injected"] += 1
            down_until = now() + self.args.pg_down
            while now() < down_until:
                for name, probe in (("sync", self.probe_sync()), ("readyz", self.readyz())):
                    key = f"{name} {probe['status']} {probe.get('code') or ''}".strip()
                    answers[key] = answers.get(key, 0) + 1
                    if probe["status"] != 503:
                        record["problems"].append(f"PostgreSQL down ({mode}): {name} answered {probe['status']} {probe.get('code')}")
                    elif not probe.get("retry_after"):
                        record["problems"].append(f"PostgreSQL down ({mode}): {name} answered 503 without Retry-After")
                time.sleep(0.5)
            self.db.start()
            t0 = now()
            recovered = None
            while now() - t0 < 60:
                if self.probe_sync()["status"] == 200:
                    recovered = round(now() - t0, 2)
                    break
                time.sleep(0.2)
            if recovered is None:
                record["problems"].append(f"the server did not serve again within 60 s of PostgreSQL's start ({mode})")
            if self.server.pid != pid or not self.server.alive():
                record["problems"].append(f"the server process did not survive PostgreSQL's restart ({mode})")
            recoveries.append({"mode": mode, "seconds_to_first_good_sync": recovered})
        record["details"]["answers_while_down"] = answers
        record["details"]["recoveries"] = recoveries

    def readyz(self):
        status, headers, data = http_call(self.args.server_port, "GET", "/readyz", timeout=10)
        return {"status": status, "retry_after": headers.get("retry-after"), "code": error_code(data)}

    def proxy_faults(self, record):
        trickle = self.args.proxy_trickle_seconds
        plan = [("cut", self.args.proxy_cut_seconds), ("trickle 1", trickle // 2), ("trickle-body 1", trickle - trickle // 2),
                ("stall", self.args.proxy_stall_seconds), ("refuse", self.args.proxy_refuse_seconds)]
        windows = []
        for mode, seconds in plan:
            t0 = now()
            end = t0 + seconds
            if mode in ("cut", "stall"):
                # A new cut point every second: inside the status line, the headers, the body.
                while now() < end:
                    self.proxy.set(f"{mode} {random.choice([1, 20, 90, 200, 400, 800, 1500, 3000, 6000])}")
                    time.sleep(1)
            else:
                self.proxy.set(mode)
                time.sleep(seconds)
            self.proxy.set("pass")
            windows.append({"mode": mode.split()[0], "seconds": seconds, "connections_affected": self.proxy.count(t0, now() + 0.5)})
        # Whatever is still trickling or stalled ends with the clients' timeouts.
        time.sleep(self.args.request_timeout)
        record["injected"] = self.proxy.count(record["start"], now())
        record["details"]["modes"] = windows

    def client_kill_phase(self, record):
        self.client_kill.set()
        time.sleep(self.args.client_kill_seconds)
        self.client_kill.clear()
        # Kills happen on the device threads; count them and their checks.
        kills = [k for d in self.devices for k in d.kills if record["start"] <= k["t"]]
        record["injected"] = len(kills)
        record["details"]["killed_writes"] = sum(1 for k in kills if k["what"] == "write")
        record["details"]["killed_syncs"] = sum(1 for k in kills if k["what"] == "sync")
        bad = [k for k in kills if k["integrity"] != "ok"]
        missing = [k for k in kills if k["missing"]]
        record["details"]["integrity_checks"] = len(kills)
        record["details"]["integrity_failures"] = len(bad)
        record["details"]["acknowledged_writes_missing_after_a_kill"] = sum(len(k["missing"]) for k in missing)
        for k in bad[:5]:
            record["problems"].append(f"cache not valid after a killed {k['what']}: {k['integrity']}")
        for k in missing[:5]:
            record["problems"].append(f"acknowledged writes missing from the cache after a killed {k['what']}: {k['missing'][:3]}")

    def disk_full(self, record):
        if not self.args.tablespace_dir:
            record["skipped"] = "no small volume could be mounted (tmpfs needs root)"
            return
        filler = os.path.join(self.args.tablespace_dir, "filler.bin")
        self.evidence_share = 0.5
        answers = {}
        reads = {}
        try:
            filled = fill(filler)
            record["injected"] = 1
            record["details"]["filler_bytes"] = filled
            t_end = now() + self.args.disk_full_seconds
            while now() < t_end:
                write = self.probe_sync(write=True, big=True)
                self.record_probe_write(write, "disk-full")
                key = f"{write['status']} {write.get('code') or write.get('result') or ''}".strip()
                answers[key] = answers.get(key, 0) + 1
                if write["status"] not in (200, 503) or (write["status"] == 503 and write["code"] != "storage_full"):
                    record["problems"].append(f"a write on a full disk answered {write['status']} {write['code']}")
                if write["status"] == 503 and not write["retry_after"]:
                    record["problems"].append("storage_full without Retry-After")
                read = self.probe_sync()
                reads[str(read["status"])] = reads.get(str(read["status"]), 0) + 1
                if read["status"] != 200:
                    record["problems"].append(f"a read (empty pull) on a full disk answered {read['status']} {read['code']}")
                time.sleep(0.5)
            if not any(k.startswith("503 storage_full") for k in answers):
                record["problems"].append("the disk never filled: no write was refused with storage_full")
        finally:
            try:
                os.remove(filler)
            except FileNotFoundError:
                pass
            self.evidence_share = 0.15
        t0 = now()
        recovered = None
        while now() - t0 < 60:
            write = self.probe_sync(write=True)
            self.record_probe_write(write, "disk-full")
            if write["status"] == 200:
                recovered = round(now() - t0, 2)
                break
            time.sleep(0.5)
        if recovered is None:
            record["problems"].append("writes did not succeed within 60 s of space returning")
        record["details"]["probe_writes_while_full"] = answers
        record["details"]["probe_reads_while_full"] = reads
        record["details"]["seconds_to_first_write_after_space_returned"] = recovered

    # -- the end

    def final_sync(self):
        self.proxy.set("pass")
        failures = {}
        for device in self.devices:
            for attempt in range(8):
                rc, out, err = device.cli(["sync"])
                if rc == 0:
                    break
                failures[device.name] = classify(err)
                time.sleep(2)
            else:
                raise CouldNotRun(f"{device.name}: the final sync kept failing: {err.strip()}")
        return failures

    def check(self):
        """Every device's confirmed revisions against PostgreSQL."""
        rows = self.db.json("""
            SELECT coalesce(json_agg(json_build_object('report', v.report_id, 'revision', v.revision, 'mutation', v.mutation_id,
                     'text', v.text, 'percent', v.percent, 'evidence', v.evidence, 'conflict', v.in_conflict, 'unit', u.code)), '[]')
              FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id JOIN duban.units u ON u.id = r.unit_id""")
        mutations = set(self.db.json("SELECT coalesce(json_agg(id), '[]') FROM duban.mutations"))
        by_mutation, by_text, by_slot = {}, {}, {}
        for row in rows:
            by_mutation.setdefault(row["mutation"], []).append(row)
            by_text.setdefault((row["report"], row["text"]), []).append(row)
            by_slot[(row["report"], row["revision"])] = row
        result = {"devices": [], "confirmed_checked": 0, "lost": [], "doubled": [], "differs": [], "not_drained": [],
                  "quarantined": 0, "integrity": {}, "unexpected": [], "cache_differs": 0}
        for device in self.devices:
            path = device.cache_path()
            db = sqlite3.connect(path, timeout=30)
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
            outbox = db.execute("SELECT id, kind, entity_id, payload, status, result_status FROM outbox").fetchall()
            quarantined = sum(1 for o in outbox if o[4] == "rejected")
            revisions = db.execute("SELECT report_id, revision, text FROM revisions").fetchall()
            own_reports = {r for (r,) in db.execute("SELECT id FROM reports WHERE unit_code = ?", (device.unit,))}
            db.close()
            result["integrity"][device.name] = integrity
            result["quarantined"] += quarantined
            pending = [o for o in outbox if o[4] in ("pending", "sent")]
            if pending:
                result["not_drained"].append({"device": device.name, "waiting": len(pending)})
            confirmed_texts = {}
            own_mutations = set()
            for mutation_id, kind, report_id, payload, status, result_status in outbox:
                if kind != "report.write" or status != "confirmed":
                    continue
                own_mutations.add(mutation_id)
                body = json.loads(payload)
                confirmed_texts[body["text"]] = mutation_id
                result["confirmed_checked"] += 1
                stored = by_mutation.get(mutation_id, [])
                entry = {"device": device.name, "mutation": mutation_id, "text": body["text"]}
                if mutation_id not in mutations or not stored:
                    result["lost"].append(dict(entry, why="confirmed on the device, absent from PostgreSQL"))
                    continue
                if len(stored) > 1 or len(by_text.get((stored[0]["report"], body["text"]), [])) > 1:
                    result["doubled"].append(dict(entry, copies=len(by_text.get((stored[0]["report"], body["text"]), []))))
                row = stored[0]
                same = (row["text"] == body["text"] and row["report"] == report_id
                        # Evidence is a set: the server keeps the hashes sorted.
                        and sorted(row["evidence"] or []) == sorted(body.get("evidence") or [])
                        and ((row["percent"] is None and body.get("percent") is None)
                             or (row["percent"] is not None and body.get("percent") is not None
                                 and abs(float(row["percent"]) - float(body["percent"])) < 0.005)))
                if not same:
                    result["differs"].append(dict(entry, stored={k: row[k] for k in ("report", "text", "percent", "evidence")},
                                                  confirmed={"report": report_id, "percent": body.get("percent"),
                                                             "evidence": body.get("evidence")}))
            # Everything acknowledged to the user is among the confirmed.
            for write in device.writes:
                if write["text"] not in confirmed_texts:
                    result["lost"].append({"device": device.name, "text": write["text"], "t": write["t"],
                                           "why": "acknowledged by `duban report`, not confirmed after the final sync"})
            # Nothing of this unit in PostgreSQL that no device sent.
            for row in rows:
                if row["unit"] == device.unit and row["mutation"] not in own_mutations:
                    result["unexpected"].append({"device": device.name, "text": row["text"]})
            # Every revision PostgreSQL holds of the device's reports is in its cache, identical.
            held = {(r, n): t for r, n, t in revisions}
            for row in rows:
                if row["report"] in own_reports and held.get((row["report"], row["revision"])) != row["text"]:
                    result["cache_differs"] += 1
            result["devices"].append({"device": device.name, "unit": device.unit, "acknowledged_writes": len(device.writes),
                                      "killed_writes": len(device.killed_writes), "confirmed": len(own_mutations),
                                      "syncs": len(device.syncs), "failed_syncs": sum(1 for s in device.syncs if not s["ok"]),
                                      "cache_integrity": integrity, "quarantined": quarantined})
            device.confirmed_texts = confirmed_texts
        # The probe's writes: an answered write is stored once, a refused one not at all.
        result["probe_writes"] = {"applied": 0, "refused": 0, "wrong": []}
        for probe in self.probe_writes:
            copies = len(by_mutation.get(probe["mutation"], []))
            if probe["status"] == 200:
                result["probe_writes"]["applied"] += 1
                if probe["result"] not in ("applied", "conflict"):
                    result["probe_writes"]["wrong"].append(f"answered {probe['result']} (expected applied)")
                elif copies != 1:
                    result["probe_writes"]["wrong"].append(f"answered {probe['result']} but stored {copies} time(s)")
            elif probe["status"] == 503:
                result["probe_writes"]["refused"] += 1
                if copies != 0 or probe["mutation"] in mutations:
                    result["probe_writes"]["wrong"].append(f"refused with {probe['code']} but stored {copies} time(s)")
        return result

    def amcheck(self):
        """pg_amcheck over the database: heap and B-tree indexes (every index's entries against its table)."""
        binary = os.path.join(self.args.pg_bindir, "pg_amcheck")
        if not os.path.exists(binary):
            return {"ran": False, "why": "pg_amcheck not installed"}
        env = dict(self.db.env, PGUSER="postgres")
        command = [binary, "--install-missing", "--heapallindexed", "--database", "duban"]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        return {"ran": True, "ok": result.returncode == 0, "output": (result.stdout + result.stderr).strip()[:2000]}


def fill(path):
    """Writes zeros to `path` until the file system is full; returns the bytes written."""
    written = 0
    block = b"\0" * (1 << 20)
    with open(path, "wb", buffering=0) as f:
        for size in (1 << 20, 64 << 10, 4 << 10):
            chunk = block[:size]
            while True:
                try:
                    f.write(chunk)
                    written += size
                except OSError:
                    break
    return written


# ---------------------------------------------------------------------------------------------
# Report


def in_window(t, phase):
    return phase["start"] <= t <= phase["settled"]


def summarise(run, check, amcheck, started, failures_at_end):
    rows = []
    lost_texts = {(x["device"], x["text"]) for x in check["lost"]}
    doubled_texts = {(x["device"], x["text"]) for x in check["doubled"]}
    for phase in run.phases:
        syncs = [s for d in run.devices for s in d.syncs if in_window(s["t0"], phase)]
        failed = [s for s in syncs if not s["ok"]]
        kinds = {}
        for s in failed:
            kinds[s["error"]] = kinds.get(s["error"], 0) + 1
        written = [(d.name, w) for d in run.devices for w in d.writes if in_window(w["t"], phase)]
        killed = [(d.name, w) for d in run.devices for w in d.killed_writes if in_window(w["t"], phase)]
        killed_confirmed = sum(1 for name, w in killed
                               if w["text"] in next(d for d in run.devices if d.name == name).confirmed_texts)
        hung = [h for d in run.devices for h in d.hung if in_window(h["t"], phase)]
        lost = sum(1 for name, w in written if (name, w["text"]) in lost_texts)
        doubled = sum(1 for name, w in written + killed if (name, w["text"]) in doubled_texts)
        if hung:
            phase["problems"].append(f"{len(hung)} duban command(s) hung until the harness killed them")
        if kinds.get("500 internal"):
            phase["problems"].append(f"clients saw {kinds['500 internal']} HTTP 500 answer(s)")
        verdict = "SKIPPED" if phase.get("skipped") else ("PASS" if not phase["problems"] and lost == 0 and doubled == 0 else "FAIL")
        rows.append({"fault": phase["fault"], "injected": phase["injected"], "device_syncs": len(syncs),
                     "client_failures": len(failed), "failure_kinds": kinds,
                     "confirmed_checked": len(written) + killed_confirmed, "written_acknowledged": len(written),
                     "killed_writes": len(killed), "killed_writes_confirmed": killed_confirmed,
                     "lost": lost, "doubled": doubled, "verdict": verdict, "seconds": round(phase["end"] - phase["start"], 1),
                     "details": phase["details"], "problems": phase["problems"], "skipped": phase.get("skipped")})
    unhandled = run.server.unhandled_errors()
    overall_problems = []
    if check["lost"]:
        overall_problems.append(f"{len(check['lost'])} confirmed or acknowledged revision(s) lost")
    if check["doubled"]:
        overall_problems.append(f"{len(check['doubled'])} revision(s) stored twice")
    if check["differs"]:
        overall_problems.append(f"{len(check['differs'])} stored revision(s) differ from what the device confirmed")
    if check["unexpected"]:
        overall_problems.append(f"{len(check['unexpected'])} revision(s) in PostgreSQL that no device sent")
    if check["not_drained"]:
        overall_problems.append(f"outboxes not drained after the final sync: {check['not_drained']}")
    if check["quarantined"]:
        overall_problems.append(f"{check['quarantined']} mutation(s) quarantined (rejected by the server)")
    if check["cache_differs"]:
        overall_problems.append(f"{check['cache_differs']} revision(s) in PostgreSQL missing or different in a device's cache")
    bad_caches = {k: v for k, v in check["integrity"].items() if v != "ok"}
    if bad_caches:
        overall_problems.append(f"cache integrity: {bad_caches}")
    if check["probe_writes"]["wrong"]:
        overall_problems.append(f"probe writes: {check['probe_writes']['wrong'][:3]}")
    if amcheck.get("ran") and not amcheck.get("ok"):
        overall_problems.append("pg_amcheck found corruption")
    if unhandled:
        overall_problems.append(f"the server logged {len(unhandled)} unhandled error(s) (HTTP 500)")
    hung_total = sum(len(d.hung) for d in run.devices)
    total = {"fault": "all (final check)", "injected": sum(r["injected"] for r in rows),
             "device_syncs": sum(len(d.syncs) for d in run.devices),
             "client_failures": sum(1 for d in run.devices for s in d.syncs if not s["ok"]),
             "confirmed_checked": check["confirmed_checked"], "lost": len(check["lost"]), "doubled": len(check["doubled"]),
             "verdict": "PASS" if not overall_problems and all(r["verdict"] != "FAIL" for r in rows) else "FAIL",
             "problems": overall_problems, "hung_commands": hung_total}
    return {"rows": rows, "total": total, "check": check, "amcheck": amcheck, "unhandled_server_errors": unhandled[:20],
            "notes": run.notes, "final_sync_failures_before_success": failures_at_end,
            "seconds": round(now() - started, 1), "devices": check["devices"]}


def print_table(summary):
    header = ["fault", "injected", "device syncs", "client failures", "confirmed checked", "lost", "doubled", "verdict"]
    lines = []
    for r in summary["rows"] + [summary["total"]]:
        lines.append([r["fault"], str(r["injected"]), str(r["device_syncs"]), str(r["client_failures"]),
                      str(r["confirmed_checked"]), str(r["lost"]), str(r["doubled"]), r["verdict"]])
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    fmt = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for line in lines[:-1]:
        print(fmt(line))
    print("  ".join("-" * w for w in widths))
    print(fmt(lines[-1]))
    print()
    for r in summary["rows"]:
        if r["failure_kinds"]:
            kinds = ", ".join(f"{k} ×{v}" for k, v in sorted(r["failure_kinds"].items(), key=lambda kv: -kv[1]))
            print(f"{r['fault']}: clients saw {kinds}")
        if r.get("skipped"):
            print(f"{r['fault']}: skipped: {r['skipped']}")
        for p in r["problems"]:
            print(f"{r['fault']}: PROBLEM: {p}")
    for p in summary["total"]["problems"]:
        print(f"PROBLEM: {p}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--bin-dir", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--pg-host", required=True)
    p.add_argument("--pg-port", type=int, required=True)
    p.add_argument("--pg-bindir", required=True)
    p.add_argument("--pg-data", required=True)
    p.add_argument("--pg-log", required=True)
    p.add_argument("--pg-os-user", default="postgres")
    p.add_argument("--tablespace-dir", default="")
    p.add_argument("--admin-password", required=True)
    p.add_argument("--server-port", type=int, required=True)
    p.add_argument("--proxy-port", type=int, required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--only", choices=FAULTS)
    p.add_argument("--devices", type=int)
    p.add_argument("--setting", action="append", default=[])
    args = p.parse_args()
    q = args.quick
    defaults = dict(devices=4 if q else 6, server_kills=6 if q else 20, kill_interval=(1.0, 2.5) if q else (1.5, 4.0),
                    pg_restarts=1 if q else 3, pg_down=3 if q else 5, pg_calm=3 if q else 5,
                    proxy_cut_seconds=8 if q else 20, proxy_trickle_seconds=12 if q else 30,
                    proxy_stall_seconds=10 if q else 25, proxy_refuse_seconds=3 if q else 8,
                    client_kill_seconds=20 if q else 60, disk_full_seconds=12 if q else 30,
                    warmup=6 if q else 15, settle=5 if q else 8, read_timeout=5, request_timeout=12, command_timeout=120)
    for key, value in defaults.items():
        if getattr(args, key, None) is None:
            setattr(args, key, value)
    os.makedirs(args.work, exist_ok=True)
    started = now()
    run = Run(args)
    try:
        run.setup()
        for device in run.devices:
            thread = threading.Thread(target=device.loop, daemon=True)
            thread.start()
            run.threads.append(thread)
        log(f"devices writing and syncing; warm-up {args.warmup} s")
        time.sleep(args.warmup)
        run.phase("server-kill", run.server_kill)
        run.phase("postgres-restart", run.postgres_restart)
        run.phase("proxy", run.proxy_faults)
        run.phase("client-kill", run.client_kill_phase)
        run.phase("disk-full", run.disk_full)
        log("stopping the devices' loops; the final sync of every device")
        run.stop.set()
        for thread in run.threads:
            thread.join(args.command_timeout * 2 + 30)
        if not run.server.alive():
            run.server.start()
        failures = run.final_sync()
        log("checking every device's confirmed revisions against PostgreSQL")
        check = run.check()
        amcheck = run.amcheck()
    except CouldNotRun as error:
        print(f"error: {error}", file=sys.stderr)
        run.stop.set()
        return 3
    finally:
        run.stop.set()
        if getattr(run, "proxy", None):
            run.proxy.stop()
        if getattr(run, "server", None):
            run.server.stop()
    summary = summarise(run, check, amcheck, started, failures)
    summary["settings"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(args).items()
                           if k not in ("admin_password",)}
    for item in args.setting:
        key, _, value = item.partition("=")
        summary["settings"][key] = value
    with open(args.out, "w") as f:
        json.dump(summary, f, indent=2, ensure_ascii=False, default=str)
    print_table(summary)
    print(f"\nJSON: {args.out}; run time {summary['seconds']} s (after the build and setup)")
    return 0 if summary["total"]["verdict"] == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
