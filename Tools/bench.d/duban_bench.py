#!/usr/bin/env python3
"""The HTTP side of Tools/bench: speaks duban-server's real API over loopback (stdlib only).

  setup     sign the admin in (changing its one-time password), create a staff account for a unit,
            sign it in on one device (changing its one-time password); writes a state file
  sign-in   a fresh session for the same account and device
  catch-up  pull everything the account may see (page after page) to reach the current cursor;
            records the epoch, cursor and reference version in the state file
  plan-pull one empty sync (used while auto_explain records the server's query plans)
  empty-sync  the same empty sync (nothing to push, nothing new) over one keep-alive connection per
            target, after a warm-up, in rounds that alternate the targets so that drift in this shared
            machine's load hits every target alike; writes latency and CPU-per-request figures as JSON
  extract-plan  the last auto_explain plan of a matching query from the PostgreSQL log
  report    assemble bench.json from the parts, print the table, exit 1 when a check fails

Every measured request is checked: a wrong status or an answer that is not an empty pull counts as an
error, and any error fails the run.
"""

import argparse
import gzip
import http.client
import json
import os
import platform
import re
import secrets
import socket
import sys
import time
import uuid
from urllib.parse import urlsplit


# ---------------------------------------------------------------------------------------------
# HTTP


class Client:
    """One keep-alive HTTP/1.1 connection to the server (reconnects if the server closed it)."""

    def __init__(self, url, token=None, timeout=30, accept_gzip=False):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.timeout = timeout
        self.conn = None
        self.accept_gzip = accept_gzip
        # Bytes of the last answer as they crossed the wire (body only, before any decompression).
        self.last_wire_bytes = 0

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        self.conn.connect()
        self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def call(self, method, path, body=None, raw=None, content_type="application/json"):
        """Returns (status, body bytes). `raw` is an already encoded body (JSON unless `content_type` says)."""
        if raw is None and body is not None:
            raw = json.dumps(body).encode()
        headers = {"Content-Type": content_type, "Accept": "application/json"}
        if self.accept_gzip:
            headers["Accept-Encoding"] = "gzip"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        for attempt in (1, 2):
            if self.conn is None:
                self._connect()
            try:
                self.conn.request(method, path, body=raw, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                self.last_wire_bytes = len(data)
                if response.getheader("Content-Encoding", "").lower() == "gzip":
                    data = gzip.decompress(data)
                if response.will_close:
                    self.close()
                return response.status, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def json(self, method, path, body=None, expect=(200,)):
        status, data = self.call(method, path, body)
        if status not in expect:
            sys.exit(f"duban_bench: {method} {path} answered {status}: {data[:500].decode(errors='replace')}")
        return json.loads(data) if data else None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def sign_in(url, login, password, device_id):
    """Signs in; changes a one-time password. Returns the client (token set) and the password now valid."""
    client = Client(url)
    answer = client.json("POST", "/v1/session", {"login": login, "password": password, "device_id": device_id},
                         expect=(200, 201))
    client.token = answer["token"]
    if answer.get("must_change_password"):
        new_password = "bench-" + secrets.token_urlsafe(18)
        client.json("POST", "/v1/me/password", {"current_password": password, "new_password": new_password},
                    expect=(200, 204))
        password = new_password
    return client, password


def load_state(path):
    with open(path) as f:
        return json.load(f)


def save_state(path, state):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(state, f, indent=2, sort_keys=True)
    os.replace(tmp, path)


def sync_body(state, cursor=None, reference_version="state"):
    return {
        "protocol_version": 1,
        "device_id": state["device_id"],
        "epoch": state.get("epoch"),
        "cursor": state.get("cursor", 0) if cursor is None else cursor,
        "reference_version": state.get("reference_version") if reference_version == "state" else reference_version,
        "mutations": [],
    }


# ---------------------------------------------------------------------------------------------
# setup, catch-up


def cmd_setup(args):
    admin, _ = sign_in(args.url, args.admin_login, args.admin_password, str(uuid.uuid4()))
    created = admin.json("POST", "/v1/admin/accounts", {
        "login": args.login, "display_name": f"bench staff {args.unit}", "role": "staff", "unit_code": args.unit,
    }, expect=(200, 201))
    admin.close()
    device_id = str(uuid.uuid4())
    staff, password = sign_in(args.url, args.login, created["one_time_password"], device_id)
    staff.close()
    save_state(args.state, {"url": args.url, "login": args.login, "unit": args.unit, "role": "staff",
                            "password": password, "token": staff.token, "device_id": device_id})


def cmd_sign_in(args):
    """A fresh session for the same device, so that the measured requests never include the session's
    once-a-minute refresh (a write in duban.session_for_token)."""
    state = load_state(args.state)
    client, _ = sign_in(state["url"], state["login"], state["password"], state["device_id"])
    client.close()
    state["token"] = client.token
    save_state(args.state, state)


def cmd_catch_up(args):
    state = load_state(args.state)
    client = Client(state["url"], state["token"], timeout=args.timeout)
    state.update(epoch=None, cursor=0, reference_version=None)
    pages = changes = wire_bytes = 0
    started = time.perf_counter()
    while True:
        status, data = client.call("POST", "/v1/sync", sync_body(state))
        if status != 200:
            sys.exit(f"duban_bench: catch-up sync answered {status}: {data[:500].decode(errors='replace')}")
        answer = json.loads(data)
        pages += 1
        changes += len(answer["changes"])
        wire_bytes += len(data)
        state.update(epoch=answer["epoch"], cursor=answer["cursor"], reference_version=answer["reference_version"])
        if not answer["has_more"]:
            break
    seconds = time.perf_counter() - started
    client.close()
    state["catch_up"] = {"pages": pages, "changes": changes, "seconds": round(seconds, 3), "response_bytes": wire_bytes}
    save_state(args.state, state)
    print(f"caught up: {changes} changes in {pages} page(s), {seconds:.2f} s, cursor {state['cursor']}", file=sys.stderr)


def cmd_plan_pull(args):
    state = load_state(args.state)
    client = Client(state["url"], state["token"])
    answer = client.json("POST", "/v1/sync", sync_body(state))
    client.close()
    if answer["changes"] or answer["has_more"]:
        sys.exit("duban_bench: the pull was not empty")


# ---------------------------------------------------------------------------------------------
# empty sync


def percentile(ordered, p):
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
    return ordered[int(rank) - 1]


def summarise(latencies_ns, busy_seconds, errors):
    ordered = sorted(latencies_ns)
    ms = lambda ns: round(ns / 1e6, 4) if ns is not None else None
    n = len(ordered)
    return {
        "requests": n,
        "errors": errors,
        "latency_ms": {
            "p50": ms(percentile(ordered, 50)), "p90": ms(percentile(ordered, 90)),
            "p99": ms(percentile(ordered, 99)), "mean": ms(sum(ordered) / n if n else None),
            "min": ms(ordered[0] if n else None), "max": ms(ordered[-1] if n else None),
        },
        "requests_per_second": round(n / busy_seconds, 1) if busy_seconds > 0 else None,
    }


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid):
    """User + system CPU seconds of one process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def children_cpu_seconds(parent):
    """User + system CPU seconds of the live children of `parent` (a postmaster's backends)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if len(fields) > 12 and fields[1] == str(parent):
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


class CPUMeter:
    """CPU seconds spent by the server, by PostgreSQL and by this load generator while a target runs."""

    def __init__(self, server_pid, postmaster_pid):
        self.server_pid, self.postmaster_pid = server_pid, postmaster_pid
        self.totals = {"server": 0.0, "postgres": 0.0, "load_generator": 0.0}

    def sample(self):
        t = os.times()
        return {
            "server": process_cpu_seconds(self.server_pid) if self.server_pid else 0.0,
            "postgres": children_cpu_seconds(self.postmaster_pid) if self.postmaster_pid else 0.0,
            "load_generator": t.user + t.system,
        }

    def add(self, before, after):
        for key in self.totals:
            self.totals[key] += max(0.0, after[key] - before[key])


class Target:
    def __init__(self, name, state_path):
        self.name = name
        self.state = load_state(state_path)
        self.client = Client(self.state["url"], self.state["token"])
        self.body = json.dumps(sync_body(self.state)).encode()
        self.latencies = []
        self.busy = 0.0
        self.errors = 0
        self.first_error = None
        self.cpu = None
        self.round_p50 = []

    def run(self, count, record=True):
        before = self.cpu.sample() if record and self.cpu else None
        mark = len(self.latencies)
        started = time.perf_counter()
        for _ in range(count):
            t0 = time.perf_counter_ns()
            try:
                status, data = self.client.call("POST", "/v1/sync", raw=self.body)
            except OSError as error:
                status, data = None, str(error).encode()
            t1 = time.perf_counter_ns()
            problem = self.check(status, data)
            if problem:
                self.errors += 1
                self.first_error = self.first_error or problem
            elif record:
                self.latencies.append(t1 - t0)
        if record:
            self.busy += time.perf_counter() - started
            ordered = sorted(self.latencies[mark:])
            if ordered:
                self.round_p50.append(round(percentile(ordered, 50) / 1e6, 4))
            if self.cpu:
                self.cpu.add(before, self.cpu.sample())

    def check(self, status, data):
        if status != 200:
            return f"status {status}: {data[:300].decode(errors='replace')}"
        answer = json.loads(data)
        if answer["changes"] or answer["has_more"] or answer["results"]:
            return "the answer was not an empty pull"
        if answer["cursor"] != self.state["cursor"] or answer["epoch"] != self.state["epoch"] or answer.get("epoch_changed"):
            return f"cursor or epoch moved: {answer['cursor']} {answer['epoch']}"
        if answer.get("reference") is not None:
            return "the server sent reference data again"
        return None


def read_loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError):
        return None


def cmd_empty_sync(args):
    targets = [Target(*spec.split("=", 1)) for spec in args.target]
    server_pids = pairs(args.server_pid)
    for target in targets:
        if args.postmaster_pid or target.name in server_pids:
            target.cpu = CPUMeter(server_pids.get(target.name), args.postmaster_pid)
    load_before = read_loadavg()
    for target in targets:
        target.run(args.warmup, record=False)
    per_round = max(1, args.requests // args.rounds)
    for round_number in range(args.rounds):
        order = targets if round_number % 2 == 0 else list(reversed(targets))
        for target in order:
            target.run(per_round)
    result = {}
    for target in targets:
        target.client.close()
        summary = summarise(target.latencies, target.busy, target.errors)
        summary.update(warmup=args.warmup, rounds=args.rounds, clients=1, p50_ms_by_round=target.round_p50,
                       load_average_1m={"before": load_before, "after": read_loadavg()})
        if target.cpu and target.latencies:
            n = len(target.latencies)
            summary["cpu_ms_per_request"] = {k: round(v * 1000 / n, 4) for k, v in target.cpu.totals.items()}
        if target.first_error:
            summary["first_error"] = target.first_error
        result[target.name] = summary
        lat = summary["latency_ms"]
        print(f"{target.name}: p50 {lat['p50']} ms, p99 {lat['p99']} ms, {summary['requests_per_second']} req/s, "
              f"{target.errors} error(s)", file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2, sort_keys=True)
    if any(t.errors for t in targets):
        sys.exit("duban_bench: some requests failed: " + "; ".join(f"{t.name}: {t.first_error}" for t in targets if t.errors))


# ---------------------------------------------------------------------------------------------
# plans


def cmd_extract_plan(args):
    """Prints the last auto_explain entry after `offset` in the PostgreSQL log whose query text
    contains `match`. Entries look like "… LOG:  duration: 0.05 ms  plan:" followed by lines that
    start with a tab (the query text, then the plan)."""
    with open(args.log, "rb") as f:
        f.seek(args.offset)
        lines = f.read().decode(errors="replace").splitlines()
    entries, current = [], None
    for line in lines:
        if "LOG:  duration:" in line and line.rstrip().endswith("plan:"):
            current = [line.split("LOG:  ", 1)[1]]
            entries.append(current)
        elif current is not None and line.startswith("\t"):
            current.append(line[1:])
        else:
            current = None
    chosen = [e for e in entries if args.match in "\n".join(e)]
    if not chosen:
        sys.exit(1)
    print("\n".join(chosen[-1]))


# ---------------------------------------------------------------------------------------------
# report


def human_count(n):
    return f"{n:,}".replace(",", " ")


def human_bytes(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def parse_value(text):
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def pairs(items):
    return {k: parse_value(v) for k, v in (item.split("=", 1) for item in items or [])}


def machine_facts():
    facts = {"cores": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()}
    try:
        with open("/proc/meminfo") as f:
            kib = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
        facts["memory_gib"] = round(kib / 1048576, 1)
    except (OSError, AttributeError):
        pass
    try:
        with open("/proc/cpuinfo") as f:
            facts["cpu"] = re.search(r"model name\s*:\s*(.*)", f.read()).group(1).strip()
    except (OSError, AttributeError):
        pass
    return facts


def cmd_report(args):
    meta = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {**machine_facts(), **pairs(args.machine)},
        "settings": pairs(args.setting),
    }
    with open(args.empty_sync) as f:
        measured = json.load(f)
    sizes = []
    for spec in args.size:
        name, path = spec.split("=", 1)
        with open(path) as f:
            size = json.load(f)
        state = load_state(size.pop("state"))
        size["account_visible_changes"] = state["catch_up"]["changes"]
        size["catch_up"] = state["catch_up"]
        size["empty_sync"] = measured[name]
        plan_file = size.pop("plan_file", None)
        if plan_file and os.path.exists(plan_file):
            with open(plan_file) as f:
                size["pull_plan"] = f.read().rstrip("\n")
            size["pull_plan_is_index_range_scan"] = is_index_range_scan(size["pull_plan"])
        sizes.append(size)

    first, last = sizes[0], sizes[-1]
    p50 = lambda s: s["empty_sync"]["latency_ms"]["p50"]
    p99 = lambda s: s["empty_sync"]["latency_ms"]["p99"]
    rps = lambda s: s["empty_sync"]["requests_per_second"]
    ratio = round(p50(last) / p50(first), 3)
    checks = [{
        "name": f"empty pull p50 at {human_count(last['revisions'])} revisions / at {human_count(first['revisions'])}",
        "value": ratio, "limit": args.max_ratio, "comparison": "<", "ok": ratio < args.max_ratio,
    }]
    if "pull_plan_is_index_range_scan" in last:
        checks.append({
            "name": f"pull query at {human_count(last['revisions'])} revisions is an index range scan",
            "value": last["pull_plan_is_index_range_scan"], "limit": True, "comparison": "==",
            "ok": last["pull_plan_is_index_range_scan"],
        })
    report = dict(meta)
    report["scenarios"] = {"empty_pull_vs_size": {
        "what": "POST /v1/sync with no mutations and nothing new after the cursor, by one staff account of "
                f"{meta['settings']['account_unit']} on one device, over one keep-alive HTTP/1.1 connection on loopback",
        "sizes": sizes,
        "ratio_p50": ratio,
        "ratio_p99": round(p99(last) / p99(first), 3),
        "ratio_requests_per_second": round(rps(last) / rps(first), 3),
    }}
    report["checks"] = checks
    report["ok"] = all(c["ok"] for c in checks)
    # The table.
    headers = [f"{human_count(s['revisions'])} revisions" for s in sizes] + [f"ratio (last / first)"]
    rows = [
        ("empty sync p50 (ms)", [f"{p50(s):.3f}" for s in sizes], f"{ratio:.2f}"),
        ("empty sync p99 (ms)", [f"{p99(s):.3f}" for s in sizes], f"{p99(last) / p99(first):.2f}"),
        ("empty sync requests/s", [f"{rps(s):.0f}" for s in sizes], f"{rps(last) / rps(first):.2f}"),
        ("requests measured", [str(s["empty_sync"]["requests"]) for s in sizes], ""),
    ]
    by_round = [b / a for a, b in zip(first["empty_sync"].get("p50_ms_by_round", []),
                                       last["empty_sync"].get("p50_ms_by_round", []))]
    if by_round:
        report["scenarios"]["empty_pull_vs_size"]["ratio_p50_by_round"] = [round(r, 3) for r in by_round]
        rows.append(("p50 ratio, round by round", [""] * len(sizes),
                     f"{min(by_round):.2f}–{max(by_round):.2f}"))
    if all("cpu_ms_per_request" in s["empty_sync"] for s in sizes):
        cpu = lambda s, k: s["empty_sync"]["cpu_ms_per_request"][k]
        for key, label in (("server", "duban-server"), ("postgres", "PostgreSQL"), ("load_generator", "load generator")):
            rows.append((f"CPU ms per request: {label}", [f"{cpu(s, key):.3f}" for s in sizes], ""))
    rows += [
        ("changes in the feed", [human_count(s["changes"]) for s in sizes], ""),
        ("  visible to the account", [human_count(s["account_visible_changes"]) for s in sizes], ""),
        ("database size", [human_bytes(s["database_bytes"]) for s in sizes], ""),
        ("initial pull (s, pages)", [f"{s['catch_up']['seconds']:.2f}, {s['catch_up']['pages']}" for s in sizes], ""),
        ("pull plan", [plan_summary(s.get("pull_plan")) for s in sizes], ""),
    ]
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2, ensure_ascii=False)
        f.write("\n")

    width0 = max(len(r[0]) for r in rows)
    widths = [max(len(h), *(len(r[1][i]) for r in rows)) for i, h in enumerate(headers[:-1])]
    widths.append(len(headers[-1]))
    line = lambda first_cell, cells: "  ".join([first_cell.ljust(width0)] + [c.rjust(w) for c, w in zip(cells, widths)])
    s = meta["settings"]
    print()
    print(f"Empty pull cost vs size — {meta['machine']['cores']} cores, PostgreSQL {meta['machine']['postgresql']}, "
          f"fsync {s['fsync']}, {s['requests_per_size']} requests per size after {s['warmup']} warm-up, "
          f"{s['rounds']} alternating rounds, 1 client")
    load = first["empty_sync"].get("load_average_1m")
    if load:
        print(f"Machine load average (1 min) before and after measuring: {load['before']} → {load['after']} "
              f"(the machine is shared: compare figures within one run)")
    print(line("", headers))
    for label, cells, r in rows:
        print(line(label, cells + [r]))
    print()
    for c in checks:
        mark = "ok" if c["ok"] else "FAILED"
        print(f"check: {c['name']}: {c['value']} (must be {c['comparison']} {c['limit']}) — {mark}")
    print(f"figures: {args.out}")
    if not report["ok"]:
        sys.exit(1)


def plan_summary(plan):
    """The scans of the changes table, e.g. "Index Scan using changes_pkey"."""
    if not plan:
        return "-"
    scans = []
    for match in re.finditer(r"((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan|Seq Scan)"
                             r"(?: Backward)?(?: using \S+)?) on (changes\S*)", plan):
        kind, relation = match.group(1), match.group(2)
        if relation != "changes" and not relation.startswith("changes_"):
            continue
        name = kind if relation == "changes" else f"{kind} on {relation}"
        if name not in scans:
            scans.append(name)
    return " + ".join(scans) or "?"


def is_index_range_scan(plan):
    """True when the changes table is read through an index with a seq range condition only."""
    lines = [l.strip() for l in plan.splitlines()]
    scans = [l for l in lines if " on changes" in l or " on changes_" in l]
    if not scans or any("Seq Scan" in l for l in scans):
        return False
    return any(l.startswith("Index Cond:") and "seq >" in l for l in lines)


# ---------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("setup")
    p.add_argument("--url", required=True)
    p.add_argument("--admin-login", default="admin")
    p.add_argument("--admin-password", required=True)
    p.add_argument("--unit", required=True)
    p.add_argument("--login", required=True)
    p.add_argument("--state", required=True)
    p.set_defaults(run=cmd_setup)

    p = sub.add_parser("sign-in")
    p.add_argument("--state", required=True)
    p.set_defaults(run=cmd_sign_in)

    p = sub.add_parser("catch-up")
    p.add_argument("--state", required=True)
    p.add_argument("--timeout", type=float, default=120)
    p.set_defaults(run=cmd_catch_up)

    p = sub.add_parser("plan-pull")
    p.add_argument("--state", required=True)
    p.set_defaults(run=cmd_plan_pull)

    p = sub.add_parser("empty-sync")
    p.add_argument("--target", action="append", required=True, help="NAME=STATE_FILE (repeat)")
    p.add_argument("--requests", type=int, default=2000, help="measured requests per target")
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--server-pid", action="append", help="NAME=PID of the target's server, for its CPU time")
    p.add_argument("--postmaster-pid", type=int, help="PostgreSQL's postmaster, for its backends' CPU time")
    p.add_argument("--out", required=True)
    p.set_defaults(run=cmd_empty_sync)

    p = sub.add_parser("extract-plan")
    p.add_argument("--log", required=True)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--match", required=True)
    p.set_defaults(run=cmd_extract_plan)

    p = sub.add_parser("report")
    p.add_argument("--setting", action="append", help="KEY=VALUE (repeat)")
    p.add_argument("--machine", action="append", help="KEY=VALUE (repeat)")
    p.add_argument("--empty-sync", required=True)
    p.add_argument("--size", action="append", required=True, help="NAME=SIZE_FILE, smallest first")
    p.add_argument("--max-ratio", type=float, default=2.0)
    p.add_argument("--out", required=True)
    p.set_defaults(run=cmd_report)

    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
