#!/usr/bin/env python3
"""The city-scale phases of Tools/bench, on the city-scale database (stdlib only; wrk and pgbench are run
as child processes). Every phase writes one JSON file with its figures and where the CPU went.

  accounts      the admin creates one staff account per simulated device (and one for bench-lead and
                bench-big), each signs in once and changes its one-time password
  wrk           a fixed request (GET /healthz, GET /readyz, the empty POST /v1/sync) under wrk
  pgbench       pgbench select-only or TPC-B-like on the same cluster
  push          concurrent clients, each a staff account of its own unit on its own device, pushing
                report.write mutations (1 or 50 per sync) through POST /v1/sync, results checked
  initial-sync  one account pulls everything it may see, page after page: seconds, bytes, pages
  peak          the deadline peak: N devices starting within S seconds, each signing in, uploading two
                evidence files (declare + PUT), pushing 5 reports in one sync and pulling to the end
  cli           duban login + sync (the cache), then `duban status` and `duban report list` against
                sqlite3 counting the same rows on the same file
  report        the table (figures, ceilings, ratios, checks, where the CPU went) and bench.json

Every phase samples /proc: CPU seconds of duban-server (its pid), of PostgreSQL (every child of the
postmaster) and of the load generator (this process, or the wrk/pgbench child), and the machine's
/proc/stat, so the report can say which resource was saturated.
"""

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from duban_bench import (Client, sign_in, percentile, process_cpu_seconds, children_cpu_seconds, CLOCK_TICKS,  # noqa: E402
                         pairs, human_count, human_bytes, machine_facts, load_state)


def write_json(path, data):
    with open(path, "w") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")


def read_json(path):
    with open(path) as f:
        return json.load(f)


def ms_summary(latencies_s):
    ordered = sorted(latencies_s)
    if not ordered:
        return {"p50": None, "p90": None, "p99": None, "mean": None, "max": None}
    r = lambda v: round(v * 1000, 3)
    return {"p50": r(percentile(ordered, 50)), "p90": r(percentile(ordered, 90)), "p99": r(percentile(ordered, 99)),
            "mean": r(sum(ordered) / len(ordered)), "max": r(ordered[-1])}


# ---------------------------------------------------------------------------------------------
# Where the CPU went


def machine_ticks():
    """(busy, iowait, idle, steal) jiffies of the whole machine from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return user + nice + system + irq + softirq, iowait, idle, steal


def postgres_cpu_by_pid(parent):
    """{pid: CPU seconds} of the live children of the postmaster."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if len(fields) > 12 and fields[1] == str(parent):
            found[int(entry)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


class PhaseMeter:
    """CPU seconds of the server, PostgreSQL and the load generator (this process and the children it
    waited for) between start() and stop(), and the machine's busy/iowait/idle time.

    PostgreSQL's backends are polled every 0.2 s, per pid, so that the CPU of backends that exit
    before the phase ends (pgbench's connections) is counted (up to their last poll)."""

    def __init__(self, server_pid=None, postmaster_pid=None):
        self.server_pid, self.postmaster_pid = server_pid, postmaster_pid
        self.pg_first, self.pg_last = {}, {}
        self._stop_polling = threading.Event()
        self._poller = None

    def _poll(self, first=False):
        if not self.postmaster_pid:
            return
        for pid, cpu in postgres_cpu_by_pid(self.postmaster_pid).items():
            if pid not in self.pg_first:
                # Present at the start: counted from there; born during the phase: counted from zero.
                self.pg_first[pid] = cpu if first else 0.0
            self.pg_last[pid] = cpu

    def _sample(self):
        t = os.times()
        return {
            "wall": time.perf_counter(),
            "server": process_cpu_seconds(self.server_pid) if self.server_pid else 0.0,
            "self": t.user + t.system,
            "children": t.children_user + t.children_system,
            "machine": machine_ticks(),
        }

    def start(self):
        self._poll(first=True)
        self.before = self._sample()

        def loop():
            while not self._stop_polling.wait(0.2):
                self._poll()

        self._poller = threading.Thread(target=loop, daemon=True)
        self._poller.start()
        return self

    def _postgres_seconds(self):
        self._stop_polling.set()
        self._poller.join()
        self._poll()
        return sum(max(0.0, self.pg_last[pid] - self.pg_first[pid]) for pid in self.pg_last)

    def stop(self, requests, load_generator):
        """`load_generator`: "python" (this process) or the name of the child process that generated the load."""
        a, b = self.before, self._sample()
        postgres = self._postgres_seconds()
        wall = b["wall"] - a["wall"]
        child = b["children"] - a["children"]
        own = b["self"] - a["self"]
        cpu = {"server": b["server"] - a["server"], "postgres": postgres, "load_generator": own + child}
        busy, iowait, idle, steal = (y - x for x, y in zip(a["machine"], b["machine"]))
        cores = os.cpu_count() or 1
        result = {
            "wall_seconds": round(wall, 3),
            "requests": requests,
            "load_generator": load_generator,
            "cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
            "cpu_seconds_per_1000_requests": {k: round(v * 1000 / requests, 3) if requests else None for k, v in cpu.items()},
            "cores_used": {k: round(v / wall, 2) if wall > 0 else None for k, v in cpu.items()},
            "machine": {
                "cores": cores,
                "busy_cores": round(busy / CLOCK_TICKS / wall, 2) if wall > 0 else None,
                "iowait_cores": round(iowait / CLOCK_TICKS / wall, 2) if wall > 0 else None,
                "idle_cores": round(idle / CLOCK_TICKS / wall, 2) if wall > 0 else None,
                "steal_cores": round(steal / CLOCK_TICKS / wall, 2) if wall > 0 else None,
            },
        }
        result["saturated"], result["bottleneck"] = saturation(result)
        return result


def saturation(phase):
    """Which resource limited the phase, in words."""
    cores = phase["machine"]["cores"]
    used = phase["cores_used"]
    busy = phase["machine"]["busy_cores"] or 0
    iowait = phase["machine"]["iowait_cores"] or 0
    names = {"server": "duban-server", "postgres": "PostgreSQL", "load_generator": f"load generator ({phase['load_generator']})"}
    ranked = sorted(((v or 0, names[k]) for k, v in used.items()), reverse=True)
    # What the machine spent beyond the three: other people's work on this shared machine.
    others = max(0.0, busy - sum(v or 0 for v in used.values()))
    phase["machine"]["other_processes_cores"] = round(others, 2)
    ranked = sorted(ranked + [(others, "other processes")], reverse=True)
    shares = ", ".join(f"{n} {v:.2f}" for v, n in ranked)
    if phase["load_generator"] == "python" and (used["load_generator"] or 0) >= 0.85:
        return (f"load generator: Python holds one core under its GIL ({shares} cores)", "load generator (Python)")
    if busy >= 0.8 * cores:
        return (f"CPU of the machine ({busy:.2f} of {cores} cores busy; {shares} cores): mostly {ranked[0][1]}",
                f"CPU, mostly {ranked[0][1]}")
    if iowait >= 0.25:
        return (f"disk/fsync ({iowait:.2f} cores waiting for I/O; {busy:.2f} of {cores} busy: {shares})", "disk/fsync")
    return (f"no CPU saturated ({busy:.2f} of {cores} cores busy: {shares}): waiting — round trips, "
            f"locks, commits or the clients' concurrency", "none: waiting (latency-bound)")


# ---------------------------------------------------------------------------------------------
# accounts


def cmd_accounts(args):
    from concurrent.futures import ThreadPoolExecutor
    slots = read_json(args.slots)
    admin, _ = sign_in(args.url, "admin", args.admin_password, str(uuid.uuid4()))
    admin_token = admin.token
    admin.close()
    # Devices go to units in turn; a unit has as many devices as its turn comes round.
    units = sorted(u for u, s in slots.items() if len(s) >= 5 and u not in ("bench-lead", "bench-big"))
    if not units:
        sys.exit("city_bench: no unit has 5 report slots")
    wanted = [(f"bench-d{i:04d}", units[i % len(units)]) for i in range(args.devices)]
    wanted += [("bench-lead-staff", "bench-lead"), ("bench-big-staff", "bench-big")]
    lock = threading.Lock()
    made = []

    def make(item):
        login, unit = item
        admin = Client(args.url, admin_token)
        created = admin.json("POST", "/v1/admin/accounts", {
            "login": login, "display_name": f"bench {login}", "role": "staff", "unit_code": unit}, expect=(200, 201))
        admin.close()
        device_id = str(uuid.uuid4())
        client, password = sign_in(args.url, login, created["one_time_password"], device_id)
        client.close()
        with lock:
            made.append({"login": login, "unit": unit, "password": password, "device_id": device_id})

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(make, wanted))
    made.sort(key=lambda a: a["login"])
    write_json(args.out, {"url": args.url, "accounts": made})
    print(f"accounts: {len(made)} created and signed in", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# wrk and pgbench


def cmd_wrk(args):
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s",
               "--timeout", "10s", "-s", args.script, args.url, "--",
               args.method, args.path, args.body_file or "-", args.token or "-", args.expect or "-"]
    meter = PhaseMeter(args.server_pid, args.postmaster_pid).start()
    done = subprocess.run(command, capture_output=True, text=True)
    out = done.stdout
    match = re.search(r"^BENCHJSON (.*)$", out, re.M)
    if done.returncode != 0 or not match:
        sys.exit(f"city_bench: wrk failed ({done.returncode}): {out[-2000:]} {done.stderr[-2000:]}")
    figures = json.loads(match.group(1))
    phase = meter.stop(figures["requests"], "wrk")
    bad = re.search(r"^BENCHBAD (.*)$", out, re.M)
    # wrk's "status" errors (non-2xx/3xx) are among the bad answers the script counted itself.
    errors = sum(v for k, v in figures["errors"].items() if k != "status") + figures["bad"]
    seconds = figures["duration_us"] / 1e6
    result = {
        "what": f"{args.method} {args.path}", "clients": args.connections, "duration_seconds": round(seconds, 2),
        "requests": figures["requests"], "errors": errors, "errors_detail": figures["errors"], "bad_answers": figures["bad"],
        "requests_per_second": round(figures["requests"] / seconds, 1),
        "latency_ms": {k: round(v / 1000, 3) for k, v in figures["latency_us"].items()},
        "phase": phase,
    }
    if bad:
        result["first_bad"] = bad.group(1)
    write_json(args.out, result)
    print(f"{args.name}: {result['requests_per_second']} req/s, p50 {result['latency_ms']['p50']} ms, "
          f"p99 {result['latency_ms']['p99']} ms, {errors} error(s); {phase['saturated']}", file=sys.stderr)
    if errors:
        # Recorded and checked by the report; the run goes on.
        print(f"city_bench: {args.name}: {errors} failed answer(s); first: {result.get('first_bad')}", file=sys.stderr)


def cmd_pgbench(args):
    command = ["pgbench", "-n", "-c", str(args.clients), "-j", str(args.threads), "-T", str(args.duration)]
    if args.mode == "select":
        command.append("-S")
    command.append(args.db)
    meter = PhaseMeter(args.server_pid, args.postmaster_pid).start()
    done = subprocess.run(command, capture_output=True, text=True)
    out = done.stdout
    tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", out)
    transactions = re.search(r"number of transactions actually processed: (\d+)", out)
    latency = re.search(r"latency average = ([0-9.]+) ms", out)
    failed = re.search(r"number of failed transactions: (\d+)", out)
    if done.returncode != 0 or not tps or not transactions:
        sys.exit(f"city_bench: pgbench failed ({done.returncode}): {out[-1500:]} {done.stderr[-1500:]}")
    n = int(transactions.group(1))
    phase = meter.stop(n, "pgbench")
    result = {
        "what": "pgbench " + ("select-only (-S)" if args.mode == "select" else "TPC-B-like (default script)"),
        "clients": args.clients, "threads": args.threads, "duration_seconds": args.duration,
        "transactions": n, "failed": int(failed.group(1)) if failed else 0,
        "tps": round(float(tps.group(1)), 1), "latency_average_ms": float(latency.group(1)) if latency else None,
        "phase": phase,
    }
    write_json(args.out, result)
    print(f"pgbench {args.mode}: {result['tps']} TPS; {phase['saturated']}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Report writes


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def iso_now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Device:
    """A staff account on its own device, with the report slots of its unit and its place in the feed."""

    def __init__(self, url, account, slots, feed, timeout=60):
        self.url, self.account, self.feed = url, account, feed
        self.slots = [list(s) for s in slots]  # [task_id, node_id, report_id, version]
        self.client = Client(url, timeout=timeout)
        self.cursor = feed["cursor"]
        self.device_seq = 0

    def sign_in(self):
        answer = self.client.json("POST", "/v1/session", {
            "login": self.account["login"], "password": self.account["password"], "device_id": self.account["device_id"]},
            expect=(200, 201))
        self.client.token = answer["token"]

    def mutation(self, slot, base_version, text, evidence=None):
        task_id, node_id, report_id, _ = slot
        payload = {"report_id": report_id, "task_id": task_id, "node_id": node_id, "text": text,
                   "quantities": {"communities_completed": base_version % 50}, "percent": float(min(100, base_version))}
        if evidence:
            payload["evidence"] = evidence
        payload_text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        self.device_seq += 1
        return {"id": str(uuid.uuid4()), "device_seq": self.device_seq, "kind": "report.write", "base_version": base_version,
                "payload": payload_text, "payload_sha256": sha256_hex(payload_text.encode()), "authored_at": iso_now()}

    def sync(self, mutations):
        body = {"protocol_version": 1, "device_id": self.account["device_id"], "epoch": self.feed["epoch"],
                "cursor": self.cursor, "reference_version": self.feed["reference_version"], "mutations": mutations}
        t0 = time.perf_counter()
        status, data = self.client.call("POST", "/v1/sync", body)
        elapsed = time.perf_counter() - t0
        if status != 200:
            raise RuntimeError(f"sync answered {status}: {data[:300].decode(errors='replace')}")
        answer = json.loads(data)
        if answer.get("epoch_changed"):
            raise RuntimeError("the server said the epoch changed")
        self.cursor = answer["cursor"]
        return answer, elapsed


def text_for(login, n):
    return (f"{login} 第{n}次报送：本节点入户走访 {n % 97} 户，整改问题 {n % 13} 项，"
            f"召开推进会 {n % 5} 次，下一步继续按计划推进。")


def check_results(answer, mutations, slots_by_report):
    """Counts applied/conflict; raises on anything else. Updates the slots' versions."""
    results = answer["results"]
    if len(results) != len(mutations):
        raise RuntimeError(f"{len(results)} result(s) for {len(mutations)} mutation(s)")
    counts = {"applied": 0, "conflict": 0}
    for result in results:
        if result["status"] not in counts:
            raise RuntimeError(f"mutation {result['status']}: {result.get('code')} {result.get('message')}")
        counts[result["status"]] += 1
        slot = slots_by_report.get(result.get("report_id"))
        if slot is not None and result.get("server_version"):
            slot[3] = max(slot[3], result["server_version"])
    return counts


def cmd_push(args):
    accounts = read_json(args.accounts)["accounts"]
    slots = read_json(args.slots)
    feed = read_json(args.feed)
    devices_accounts = [a for a in accounts if a["login"].startswith("bench-d")][:args.clients]
    units = {a["unit"] for a in devices_accounts}
    if len(units) < len(devices_accounts):
        sys.exit("city_bench: push clients must be accounts of distinct units")
    devices = [Device(args.url, a, slots[a["unit"]], feed) for a in devices_accounts]
    for d in devices:
        d.sign_in()
    lock = threading.Lock()
    latencies, totals = [], {"syncs": 0, "mutations": 0, "applied": 0, "conflict": 0, "errors": 0}
    first_error = []
    stop_at = [None]
    start_gate = threading.Barrier(len(devices) + 1)

    def run(device):
        by_report = {s[2]: s for s in device.slots}
        own_lat, syncs, mutations, applied, conflict = [], 0, 0, 0, 0
        start_gate.wait()
        i = 0
        try:
            while time.perf_counter() < stop_at[0]:
                slot = device.slots[i % len(device.slots)]
                i += 1
                batch = [device.mutation(slot, slot[3] + k, text_for(device.account["login"], slot[3] + k + 1))
                         for k in range(args.batch)]
                answer, elapsed = device.sync(batch)
                counts = check_results(answer, batch, by_report)
                own_lat.append(elapsed)
                syncs += 1
                mutations += len(batch)
                applied += counts["applied"]
                conflict += counts["conflict"]
        except Exception as error:  # noqa: BLE001 — any failure is reported, not hidden
            with lock:
                totals["errors"] += 1
                first_error.append(f"{device.account['login']}: {error}")
        with lock:
            latencies.extend(own_lat)
            totals["syncs"] += syncs
            totals["mutations"] += mutations
            totals["applied"] += applied
            totals["conflict"] += conflict

    threads = [threading.Thread(target=run, args=(d,)) for d in devices]
    for t in threads:
        t.start()
    meter = PhaseMeter(args.server_pid, args.postmaster_pid)
    stop_at[0] = time.perf_counter() + args.duration
    meter.start()
    start_gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    phase = meter.stop(totals["syncs"], "python")
    for d in devices:
        d.client.close()
    result = {
        "what": f"POST /v1/sync carrying {args.batch} report.write mutation(s), {args.clients} devices of distinct units",
        "clients": args.clients, "batch": args.batch, "duration_seconds": round(seconds, 2), **totals,
        "syncs_per_second": round(totals["syncs"] / seconds, 1),
        "mutations_per_second": round(totals["mutations"] / seconds, 1),
        "latency_ms": ms_summary(latencies), "phase": phase,
    }
    if first_error:
        result["first_error"] = first_error[0]
    write_json(args.out, result)
    print(f"push x{args.batch}: {result['syncs_per_second']} syncs/s, {result['mutations_per_second']} mutations/s, "
          f"p50 {result['latency_ms']['p50']} ms, p99 {result['latency_ms']['p99']} ms, {totals['errors']} error(s); "
          f"{phase['saturated']}", file=sys.stderr)
    if totals["errors"]:
        print(f"city_bench: push: {totals['errors']} client(s) stopped on an error; first: {first_error[0]}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# The empty sync's request, for wrk


def cmd_empty_request(args):
    """Signs an account in and writes the body and token of its empty sync (checked once here)."""
    account = {a["login"]: a for a in read_json(args.accounts)["accounts"]}[args.login]
    feed = read_json(args.feed)
    device = Device(args.url, account, [], feed)
    device.sign_in()
    body = {"protocol_version": 1, "device_id": account["device_id"], "epoch": feed["epoch"], "cursor": feed["cursor"],
            "reference_version": feed["reference_version"], "mutations": []}
    raw = json.dumps(body).encode()
    status, data = device.client.call("POST", "/v1/sync", raw=raw)
    device.client.close()
    answer = json.loads(data) if status == 200 else None
    if not answer or answer["changes"] or answer["has_more"] or answer.get("reference") is not None \
            or answer["cursor"] != feed["cursor"]:
        sys.exit(f"city_bench: the empty sync of {args.login} is not empty: {status} {data[:300]!r}")
    if args.expect.encode() not in data:
        sys.exit(f"city_bench: the empty sync's answer does not contain {args.expect!r}: {data[:300]!r}")
    with open(args.body_out, "wb") as f:
        f.write(raw)
    with open(args.token_out, "w") as f:
        f.write(device.client.token)


# ---------------------------------------------------------------------------------------------
# Initial sync


def cmd_initial_sync(args):
    accounts = {a["login"]: a for a in read_json(args.accounts)["accounts"]}
    account = accounts[args.login]
    client, _ = sign_in(args.url, account["login"], account["password"], account["device_id"])
    client.accept_gzip = True
    client.timeout = 120
    state = {"device_id": account["device_id"], "epoch": None, "cursor": 0, "reference_version": None}
    pages = changes = wire = body_bytes = 0
    reports = set()
    page_seconds = []
    meter = PhaseMeter(args.server_pid, args.postmaster_pid).start()
    started = time.perf_counter()
    while True:
        body = {"protocol_version": 1, "device_id": state["device_id"], "epoch": state["epoch"], "cursor": state["cursor"],
                "reference_version": state["reference_version"], "mutations": []}
        t0 = time.perf_counter()
        status, data = client.call("POST", "/v1/sync", body)
        page_seconds.append(time.perf_counter() - t0)
        if status != 200:
            sys.exit(f"city_bench: initial sync answered {status}: {data[:300].decode(errors='replace')}")
        wire += client.last_wire_bytes
        body_bytes += len(data)
        answer = json.loads(data)
        pages += 1
        changes += len(answer["changes"])
        for change in answer["changes"]:
            revision = change.get("report_revision")
            if revision:
                reports.add(revision["report_id"])
        state.update(epoch=answer["epoch"], cursor=answer["cursor"], reference_version=answer["reference_version"])
        if not answer["has_more"]:
            break
    seconds = time.perf_counter() - started
    phase = meter.stop(pages, "python")
    client.close()
    result = {
        "what": f"first sync of {account['login']} (unit {account['unit']}) from cursor 0, pages of 1 000, Accept-Encoding: gzip",
        "unit": account["unit"], "seconds": round(seconds, 3), "pages": pages, "changes": changes,
        "visible_reports": len(reports), "wire_bytes": wire, "json_bytes": body_bytes,
        "compressed": wire != body_bytes,
        "page_ms": ms_summary(page_seconds), "phase": phase,
    }
    write_json(args.out, result)
    print(f"initial sync {account['login']}: {len(reports)} reports, {changes} changes in {pages} pages, "
          f"{seconds:.2f} s, {human_bytes(wire)} on the wire", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Deadline peak


def read_status_kib(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def cmd_peak(args):
    accounts = [a for a in read_json(args.accounts)["accounts"] if a["login"].startswith("bench-d")][:args.devices]
    if len(accounts) < args.devices:
        sys.exit(f"city_bench: only {len(accounts)} device accounts")
    slots = read_json(args.slots)
    feed = read_json(args.feed)
    rng = random.Random(7)
    size = args.evidence_kib * 1024
    # A unit with several devices: each device writes its own reports of the unit.
    seen_per_unit = {}
    plans = []
    for i, account in enumerate(accounts):
        k = seen_per_unit.get(account["unit"], 0)
        seen_per_unit[account["unit"]] = k + 1
        unit_slots = slots[account["unit"]]
        mine = [unit_slots[(k * args.reports + j) % len(unit_slots)] for j in range(args.reports)]
        plans.append((account, mine, i * args.spread / max(1, args.devices - 1) if args.devices > 1 else 0.0))

    lock = threading.Lock()
    sync_lat, signin_lat, declare_lat, put_lat, device_secs = [], [], [], [], []
    outcome = {"succeeded": 0, "failed": 0, "applied": 0, "conflict": 0, "syncs": 0, "requests": 0, "uploaded_bytes": 0}
    failures = []
    t_start = [None]
    gate = threading.Event()

    def run(account, mine, offset):
        gate.wait()
        delay = t_start[0] + offset - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        began = time.perf_counter()
        device = Device(args.url, account, mine, feed, timeout=120)
        mine_lat = {"sync": [], "signin": [], "declare": [], "put": []}
        requests = 0
        uploaded = 0
        try:
            t0 = time.perf_counter()
            device.sign_in()
            mine_lat["signin"].append(time.perf_counter() - t0)
            requests += 1
            hashes = []
            for n in range(args.evidence_files):
                data = b"\xff\xd8\xff\xe0" + rng_bytes(size - 4)
                sha = sha256_hex(data)
                t0 = time.perf_counter()
                status = device.client.json("POST", "/v1/evidence", {
                    "sha256": sha, "size": size, "media_type": "image/jpeg", "name": f"IMG_{n + 1:04d}.jpg"}, expect=(200, 201))
                mine_lat["declare"].append(time.perf_counter() - t0)
                requests += 1
                offset_bytes = status["received"]
                while offset_bytes < size:
                    chunk = data[offset_bytes:offset_bytes + args.chunk_kib * 1024]
                    t0 = time.perf_counter()
                    code, answer = device.client.call("PUT", f"/v1/evidence/{sha}?offset={offset_bytes}", raw=chunk,
                                                      content_type="application/octet-stream")
                    mine_lat["put"].append(time.perf_counter() - t0)
                    requests += 1
                    if code != 200:
                        raise RuntimeError(f"PUT evidence answered {code}: {answer[:200].decode(errors='replace')}")
                    offset_bytes = json.loads(answer)["received"]
                    uploaded += len(chunk)
                hashes.append(sha)
            by_report = {s[2]: s for s in device.slots}
            batch = []
            for j, slot in enumerate(device.slots):
                evidence = [hashes[j]] if j < len(hashes) else None
                batch.append(device.mutation(slot, slot[3], text_for(account["login"], slot[3] + 1), evidence))
            answer, elapsed = device.sync(batch)
            mine_lat["sync"].append(elapsed)
            requests += 1
            counts = check_results(answer, batch, by_report)
            while answer["has_more"]:
                answer, elapsed = device.sync([])
                mine_lat["sync"].append(elapsed)
                requests += 1
            ok = True
        except Exception as error:  # noqa: BLE001
            ok = False
            counts = {"applied": 0, "conflict": 0}
            with lock:
                failures.append(f"{account['login']}: {error}")
        finally:
            device.client.close()
        with lock:
            outcome["succeeded" if ok else "failed"] += 1
            outcome["applied"] += counts["applied"]
            outcome["conflict"] += counts["conflict"]
            outcome["syncs"] += len(mine_lat["sync"])
            outcome["requests"] += requests
            outcome["uploaded_bytes"] += uploaded
            sync_lat.extend(mine_lat["sync"])
            signin_lat.extend(mine_lat["signin"])
            declare_lat.extend(mine_lat["declare"])
            put_lat.extend(mine_lat["put"])
            device_secs.append(time.perf_counter() - began)

    def rng_bytes(n):
        return os.urandom(n)

    threads = [threading.Thread(target=run, args=plan, daemon=True) for plan in plans]
    for t in threads:
        t.start()
    # The server's peak resident set from here on: clear_refs 5 resets VmHWM (Linux ≥ 4.0).
    rss_before = read_status_kib(args.server_pid, "VmRSS")
    reset = False
    try:
        with open(f"/proc/{args.server_pid}/clear_refs", "w") as f:
            f.write("5")
        reset = True
    except OSError:
        pass
    samples = []
    sampling = threading.Event()

    def sample_rss():
        while not sampling.is_set():
            v = read_status_kib(args.server_pid, "VmRSS")
            if v:
                samples.append(v)
            sampling.wait(0.2)

    sampler = threading.Thread(target=sample_rss, daemon=True)
    sampler.start()
    meter = PhaseMeter(args.server_pid, args.postmaster_pid).start()
    t_start[0] = time.perf_counter() + 0.5
    gate.set()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t_start[0]
    sampling.set()
    sampler.join()
    hwm = read_status_kib(args.server_pid, "VmHWM")
    phase = meter.stop(outcome["requests"], "python")
    peak_kib = max([hwm or 0] + samples) if reset else max(samples or [0])
    result = {
        "what": (f"{args.devices} devices starting evenly within {args.spread} s; each signs in, declares and uploads "
                 f"{args.evidence_files} evidence file(s) of {args.evidence_kib} KiB (PUT chunks of up to {args.chunk_kib} KiB), "
                 f"pushes {args.reports} report.write in one sync, then pulls until has_more is false"),
        "devices": args.devices, "spread_seconds": args.spread, "seconds": round(seconds, 2), **outcome,
        "sync_latency_ms": ms_summary(sync_lat), "sign_in_latency_ms": ms_summary(signin_lat),
        "declare_latency_ms": ms_summary(declare_lat), "put_latency_ms": ms_summary(put_lat),
        "device_seconds": ms_summary(device_secs),
        "server_rss_mib": {"before": round((rss_before or 0) / 1024, 1), "peak": round(peak_kib / 1024, 1),
                           "peak_sampled": round(max(samples or [0]) / 1024, 1), "hwm_reset": reset},
        "phase": phase,
    }
    if failures:
        result["failures"] = failures[:10]
    write_json(args.out, result)
    print(f"peak: {outcome['succeeded']}/{args.devices} devices ok, sync p50 {result['sync_latency_ms']['p50']} ms, "
          f"p99 {result['sync_latency_ms']['p99']} ms, server RSS peak {result['server_rss_mib']['peak']} MiB; "
          f"{phase['saturated']}", file=sys.stderr)
    if failures:
        print("first failures:\n  " + "\n  ".join(failures[:5]), file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# CLI


def timed_runs(command, runs, env=None, stdin=None):
    times, out_bytes = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(command, env=env, input=stdin, capture_output=True)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            sys.exit(f"city_bench: {' '.join(command)} failed ({done.returncode}): "
                     f"{done.stderr[-1000:].decode(errors='replace')}")
        out_bytes = len(done.stdout)
    return times, out_bytes, done.stdout


def cmd_cli(args):
    account = {a["login"]: a for a in read_json(args.accounts)["accounts"]}[args.login]
    env = dict(os.environ, DUBAN_HOME=args.home, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("DUBAN_NOW", None)
    os.makedirs(args.home, exist_ok=True)
    subprocess.run([args.duban, "login", "--server", args.url, "--login", account["login"], "--password-stdin"],
                   env=env, input=(account["password"] + "\n").encode(), check=True, capture_output=True)
    meter = PhaseMeter(args.server_pid, args.postmaster_pid).start()
    sync_times, _, _ = timed_runs([args.duban, "sync"], 1, env)
    sync_phase = meter.stop(1, "duban")
    caches = [os.path.join(args.home, "cache", f) for f in os.listdir(os.path.join(args.home, "cache")) if f.endswith(".sqlite")]
    if len(caches) != 1:
        sys.exit(f"city_bench: expected one cache file, found {caches}")
    cache = caches[0]
    count_sql = "SELECT count(*) FROM reports;"
    sq_times, _, sq_out = timed_runs(["sqlite3", cache, count_sql], args.runs)
    reports = int(sq_out.decode().strip())
    revisions = int(subprocess.run(["sqlite3", cache, "SELECT count(*) FROM revisions;"], capture_output=True,
                                   check=True).stdout.decode().strip())
    # Warm the page cache the same way for everyone (one unmeasured run each), then alternate.
    warm, _, _ = timed_runs([args.duban, "status"], 1, env)
    warm_list, _, _ = timed_runs([args.duban, "report", "list"], 1, env)
    # A slow command gets fewer runs (about 20 s of them), at least one.
    runs = max(1, min(args.runs, int(20 / max(warm[0] + warm_list[0], 0.001))))
    status_t, list_t, count_t = [], [], []
    status_bytes = list_bytes = 0
    for _ in range(runs):
        t, status_bytes, _ = timed_runs([args.duban, "status"], 1, env)
        status_t += t
        t, list_bytes, _ = timed_runs([args.duban, "report", "list"], 1, env)
        list_t += t
        t, _, _ = timed_runs(["sqlite3", cache, count_sql], 1)
        count_t += t
    med = lambda xs: round(statistics.median(xs) * 1000, 1)
    result = {
        "what": f"duban on the cache of {account['login']} (unit {account['unit']}), {runs} run(s) each after a warm-up, median",
        "cache_file": cache, "cache_bytes": os.path.getsize(cache), "reports": reports, "revisions": revisions,
        "sync_seconds": round(sync_times[0], 2), "sync_phase": sync_phase,
        "status_ms": med(status_t), "status_output_bytes": status_bytes,
        "report_list_ms": med(list_t), "report_list_output_bytes": list_bytes,
        "sqlite3_count_ms": med(count_t), "sqlite3_count_first_ms": round(sq_times[0] * 1000, 1),
        "status_warmup_ms": round(warm[0] * 1000, 1), "report_list_warmup_ms": round(warm_list[0] * 1000, 1),
        "runs": {"status_ms": [round(x * 1000, 1) for x in status_t], "report_list_ms": [round(x * 1000, 1) for x in list_t],
                 "sqlite3_count_ms": [round(x * 1000, 1) for x in count_t]},
    }
    write_json(args.out, result)
    print(f"cli: cache {reports} reports / {revisions} revisions ({human_bytes(result['cache_bytes'])}), sync "
          f"{result['sync_seconds']} s; status {result['status_ms']} ms, report list {result['report_list_ms']} ms, "
          f"sqlite3 count {result['sqlite3_count_ms']} ms", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Report


def fmt_num(v, digits=0):
    if v is None:
        return "-"
    if digits == 0:
        return human_count(int(round(v)))
    return f"{v:,.{digits}f}".replace(",", " ")


def cmd_report(args):
    w = args.work
    part = lambda name: read_json(os.path.join(w, name + ".json")) if os.path.exists(os.path.join(w, name + ".json")) else None
    settings = pairs(args.setting)
    meta = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {**machine_facts(), **pairs(args.machine)}, "settings": settings}
    sel, tpcb = part("pgbench-select"), part("pgbench-tpcb")
    healthz, readyz, empty = part("wrk-healthz"), part("wrk-readyz"), part("wrk-empty-sync")
    push1, push50 = part("push-1"), part("push-50")
    initial, peak, cli = part("initial-sync"), part("peak"), part("cli")
    city = part("city")
    vs_size = read_json(args.vs_size) if args.vs_size and os.path.exists(args.vs_size) else None

    rows, checks = [], []

    def check(name, value, limit, comparison, phase=None, note=None):
        ok = value is not None and (value >= limit if comparison == ">=" else value <= limit if comparison == "<=" else value == limit)
        c = {"name": name, "value": value, "limit": limit, "comparison": comparison, "ok": bool(ok)}
        if not ok and phase:
            c["saturated"] = phase["saturated"]
        if note:
            c["note"] = note
        checks.append(c)
        return c

    def row(label, value, ceiling="", ratio="", target="", status=""):
        rows.append((label, value, ceiling, ratio, target, status))

    mark = lambda c: "ok" if c["ok"] else "MISSED"
    for label, p in (("GET /healthz", part("wrk-healthz")), ("GET /readyz", part("wrk-readyz")),
                     ("empty sync", part("wrk-empty-sync")), ("single-report push", part("push-1")),
                     ("batched push", part("push-50"))):
        if p is not None:
            check(f"{label}: failed answers", p["errors"], 0, "==", p["phase"],
                  note=p.get("first_bad") or p.get("first_error"))
    clients = settings.get("clients")
    if sel:
        row(f"pgbench select-only TPS ({sel['clients']} clients)", fmt_num(sel["tps"]), "ceiling")
    if tpcb:
        row(f"pgbench TPC-B-like TPS ({tpcb['clients']} clients)", fmt_num(tpcb["tps"]), "ceiling")
    if healthz:
        row(f"GET /healthz req/s (wrk, {healthz['clients']} conns; no database)", fmt_num(healthz["requests_per_second"]), "ceiling")
    if readyz:
        row(f"GET /readyz req/s (one query)", fmt_num(readyz["requests_per_second"]), "ceiling")
        row("  /readyz p50 / p99 (ms), failed answers",
            f"{readyz['latency_ms']['p50']:.2f} / {readyz['latency_ms']['p99']:.2f}, {readyz['errors']}")
    if empty:
        rps = empty["requests_per_second"]
        if sel:
            r = rps / sel["tps"]
            c = check("empty sync req/s / pgbench select-only TPS", round(r, 3), 0.25, ">=", empty["phase"])
            row(f"empty sync req/s (wrk, {empty['clients']} conns)", fmt_num(rps), f"select-only {fmt_num(sel['tps'])}",
                f"{r:.3f}", "≥ 0.25", mark(c))
        else:
            row("empty sync req/s", fmt_num(rps))
        if readyz:
            row("  … against GET /readyz", "", fmt_num(readyz["requests_per_second"]), f"{rps / readyz['requests_per_second']:.3f}")
        if healthz:
            row("  … against GET /healthz", "", fmt_num(healthz["requests_per_second"]), f"{rps / healthz['requests_per_second']:.3f}")
        row("  empty sync p50 / p99 (ms)", f"{empty['latency_ms']['p50']:.2f} / {empty['latency_ms']['p99']:.2f}")
    if push1:
        v = push1["syncs_per_second"]
        if tpcb:
            r = v / tpcb["tps"]
            c = check("single-report push syncs/s / pgbench TPC-B TPS", round(r, 3), 0.5, ">=", push1["phase"])
            row(f"single-report push syncs/s ({push1['clients']} devices)", fmt_num(v), f"TPC-B {fmt_num(tpcb['tps'])}",
                f"{r:.3f}", "≥ 0.5", mark(c))
        row("  single push p50 / p99 (ms)", f"{push1['latency_ms']['p50']:.2f} / {push1['latency_ms']['p99']:.2f}")
    if push50:
        v = push50["mutations_per_second"]
        if tpcb:
            r = v / tpcb["tps"]
            c = check("batched push mutations/s / pgbench TPC-B TPS", round(r, 3), 3.0, ">=", push50["phase"])
            row(f"batched push mutations/s (50 per sync)", fmt_num(v), f"TPC-B {fmt_num(tpcb['tps'])}", f"{r:.3f}", "≥ 3", mark(c))
        row("  batched push syncs/s, p50 / p99 (ms)",
            f"{push50['syncs_per_second']:.1f}, {push50['latency_ms']['p50']:.0f} / {push50['latency_ms']['p99']:.0f}")
    if initial:
        row(f"initial sync, {fmt_num(initial['visible_reports'])} visible reports (s)", f"{initial['seconds']:.2f}")
        row(f"  {fmt_num(initial['changes'])} changes, {initial['pages']} pages, on the wire",
            human_bytes(initial["wire_bytes"]) + (" (gzip)" if initial["compressed"] else " (not compressed)"))
    if peak:
        n = peak["devices"]
        c1 = check("deadline peak: devices that succeeded", peak["succeeded"], n, "==", peak["phase"])
        row(f"deadline peak: devices ok (of {n}, within {peak['spread_seconds']} s)", fmt_num(peak["succeeded"]), "", "",
            f"= {n}", mark(c1))
        p99 = peak["sync_latency_ms"]["p99"]
        c2 = check("deadline peak: sync p99 latency (ms)", p99, 1000, "<=", peak["phase"])
        row("  sync latency p50 / p99 (ms)", f"{peak['sync_latency_ms']['p50']:.0f} / {p99:.0f}", "", "", "p99 ≤ 1000", mark(c2))
        rss = peak["server_rss_mib"]["peak"]
        c3 = check("deadline peak: server peak RSS (MiB)", rss, 300, "<=", peak["phase"])
        row("  server peak RSS (MiB)", f"{rss:.0f}", "", "", "≤ 300", mark(c3))
        row("  sign-in / declare / PUT p99 (ms)",
            f"{peak['sign_in_latency_ms']['p99']:.0f} / {peak['declare_latency_ms']['p99'] or 0:.0f} / {peak['put_latency_ms']['p99'] or 0:.0f}")
    if vs_size:
        scen = vs_size["scenarios"]["empty_pull_vs_size"]
        sizes = scen["sizes"]
        first, last = sizes[0], sizes[-1]
        ratio = scen["ratio_p50"]
        c = check(f"empty pull p50 at {human_count(last['revisions'])} / at {human_count(first['revisions'])} revisions",
                  ratio, 2.0, "<=")
        row(f"empty pull p50 at {human_count(last['revisions'])} revisions (ms, 1 client)",
            f"{last['empty_sync']['latency_ms']['p50']:.3f}",
            f"at {human_count(first['revisions'])}: {first['empty_sync']['latency_ms']['p50']:.3f}", f"{ratio:.2f}", "≤ 2", mark(c))
        for extra in vs_size.get("checks", [])[1:]:
            checks.append(extra)
    if cli:
        r = cli["status_ms"] / cli["sqlite3_count_ms"]
        c = check("duban status / sqlite3 count (same cache)", round(r, 2), 5.0, "<=",
                  note=f"{cli['reports']} reports in the cache")
        row(f"duban status (ms; cache of {fmt_num(cli['reports'])} reports)", f"{cli['status_ms']:.1f}",
            f"sqlite3 count {cli['sqlite3_count_ms']:.1f}", f"{r:.2f}", "≤ 5", mark(c))
        row("duban report list (ms)", f"{cli['report_list_ms']:.1f}", f"sqlite3 count {cli['sqlite3_count_ms']:.1f}",
            f"{cli['report_list_ms'] / cli['sqlite3_count_ms']:.2f}")
        row(f"  duban sync building that cache (s; {fmt_num(cli['revisions'])} revisions)", f"{cli['sync_seconds']:.1f}")

    phases = [("pgbench select-only", sel), ("pgbench TPC-B-like", tpcb), ("GET /healthz", healthz), ("GET /readyz", readyz),
              ("empty sync", empty), ("single-report push", push1), ("batched push (per sync of 50)", push50),
              ("initial sync (per page)", initial), ("duban sync (CLI cache; 1 run)", cli and dict(phase=cli["sync_phase"])), ("deadline peak (per request)", peak)]
    report = dict(meta)
    report["scenarios"] = {
        "ceilings": {"pgbench_select_only": sel, "pgbench_tpcb": tpcb, "healthz": healthz, "readyz": readyz},
        "empty_sync": empty, "single_report_push": push1, "batched_push": push50, "initial_sync": initial,
        "deadline_peak": peak, "cli": cli, "city_data_set": city,
    }
    if vs_size:
        report["scenarios"]["empty_pull_vs_size"] = vs_size["scenarios"]["empty_pull_vs_size"]
    report["checks"] = checks
    report["ok"] = all(c["ok"] for c in checks)
    write_json(args.out, report)

    # The table.
    s = settings
    print()
    print(f"Duban deadline-day benchmark — {meta['machine']['cores']} cores, PostgreSQL {meta['machine'].get('postgresql')}, "
          f"fsync {s.get('fsync')}, {clients} concurrent clients, {s.get('duration')} s per throughput phase"
          + (" (--quick)" if s.get("quick") else ""))
    if city:
        print(f"City data set: {fmt_num(city['units'])} units, {fmt_num(city['tasks'])} tasks, {city['nodes']} nodes, "
              f"{fmt_num(city['assignments'])} assignments, {fmt_num(city['reports'])} reports, "
              f"{fmt_num(city['revisions'])} revisions, {fmt_num(city['evidence_files'])} evidence files, "
              f"{human_bytes(city['database_bytes'])}")
    headers = ("figure", "value", "ceiling (same run)", "ratio", "target", "")
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(6)]
    line = lambda r: "  ".join([str(r[0]).ljust(widths[0])] + [str(c).rjust(wd) for c, wd in zip(r[1:5], widths[1:5])] + [str(r[5])])
    print(line(headers))
    for r in rows:
        print(line(r).rstrip())
    print()
    print("Where the CPU went (CPU seconds per 1 000 requests; cores used while the phase ran)")
    ph_headers = ("phase", "requests", "server", "PostgreSQL", "load gen", "cores: server/PG/gen", "busy/iowait", "saturated")
    ph_rows = []
    for name, p in phases:
        if not p:
            continue
        ph = p["phase"]
        per, cores = ph["cpu_seconds_per_1000_requests"], ph["cores_used"]
        f = lambda v: "-" if v is None else f"{v:.2f}"
        ph_rows.append((name, fmt_num(ph["requests"]), f(per["server"]), f(per["postgres"]),
                        f"{f(per['load_generator'])} {ph['load_generator']}",
                        f"{f(cores['server'])}/{f(cores['postgres'])}/{f(cores['load_generator'])}",
                        f"{f(ph['machine']['busy_cores'])}/{f(ph['machine']['iowait_cores'])}", ph.get("bottleneck", "")))
    if ph_rows:
        pw = [max(len(str(r[i])) for r in ph_rows + [ph_headers]) for i in range(8)]
        pline = lambda r: "  ".join([str(r[0]).ljust(pw[0])] + [str(c).rjust(wd) for c, wd in zip(r[1:7], pw[1:7])] + [str(r[7])])
        print(pline(ph_headers))
        for r in ph_rows:
            print(pline(r))
    print()
    for c in checks:
        line_text = f"check: {c['name']}: {c['value']} (must be {c['comparison']} {c['limit']}) — {'ok' if c['ok'] else 'MISSED'}"
        if not c["ok"] and c.get("saturated"):
            line_text += f"\n       saturated: {c['saturated']}"
        print(line_text)
    print(f"figures: {args.out}")
    if not report["ok"]:
        sys.exit(1)


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, server=True):
        if server:
            p.add_argument("--server-pid", type=int)
        p.add_argument("--postmaster-pid", type=int)
        p.add_argument("--out", required=True)

    p = sub.add_parser("accounts")
    p.add_argument("--url", required=True)
    p.add_argument("--admin-password", required=True)
    p.add_argument("--slots", required=True)
    p.add_argument("--devices", type=int, required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(run=cmd_accounts)

    p = sub.add_parser("wrk")
    p.add_argument("--name", required=True)
    p.add_argument("--script", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--method", default="GET")
    p.add_argument("--path", required=True)
    p.add_argument("--body-file")
    p.add_argument("--token")
    p.add_argument("--expect")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--duration", type=int, default=20)
    common(p)
    p.set_defaults(run=cmd_wrk)

    p = sub.add_parser("pgbench")
    p.add_argument("--db", required=True)
    p.add_argument("--mode", choices=("select", "tpcb"), required=True)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--duration", type=int, default=20)
    common(p)
    p.set_defaults(run=cmd_pgbench)

    p = sub.add_parser("push")
    p.add_argument("--url", required=True)
    p.add_argument("--accounts", required=True)
    p.add_argument("--slots", required=True)
    p.add_argument("--feed", required=True)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--duration", type=int, default=20)
    common(p)
    p.set_defaults(run=cmd_push)

    p = sub.add_parser("empty-request")
    p.add_argument("--url", required=True)
    p.add_argument("--accounts", required=True)
    p.add_argument("--login", required=True)
    p.add_argument("--feed", required=True)
    p.add_argument("--expect", default='"changes":[]')
    p.add_argument("--body-out", required=True)
    p.add_argument("--token-out", required=True)
    p.set_defaults(run=cmd_empty_request)

    p = sub.add_parser("initial-sync")
    p.add_argument("--url", required=True)
    p.add_argument("--accounts", required=True)
    p.add_argument("--login", required=True)
    common(p)
    p.set_defaults(run=cmd_initial_sync)

    p = sub.add_parser("peak")
    p.add_argument("--url", required=True)
    p.add_argument("--accounts", required=True)
    p.add_argument("--slots", required=True)
    p.add_argument("--feed", required=True)
    p.add_argument("--devices", type=int, default=400)
    p.add_argument("--spread", type=float, default=60)
    p.add_argument("--reports", type=int, default=5)
    p.add_argument("--evidence-files", type=int, default=2)
    p.add_argument("--evidence-kib", type=int, default=200)
    p.add_argument("--chunk-kib", type=int, default=4096, help="largest PUT chunk (the duban client sends up to 4 MiB)")
    common(p)
    p.set_defaults(run=cmd_peak)

    p = sub.add_parser("cli")
    p.add_argument("--duban", required=True)
    p.add_argument("--home", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--accounts", required=True)
    p.add_argument("--login", required=True)
    p.add_argument("--runs", type=int, default=5)
    common(p)
    p.set_defaults(run=cmd_cli)

    p = sub.add_parser("report")
    p.add_argument("--work", required=True)
    p.add_argument("--vs-size", help="the empty-pull-vs-size bench.json part")
    p.add_argument("--setting", action="append")
    p.add_argument("--machine", action="append")
    p.add_argument("--out", required=True)
    p.set_defaults(run=cmd_report)

    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
