#!/usr/bin/env python3
"""Seeds a freshly migrated duban-server (sample roster and plan loaded) for Tools/fuzz-api.

    fixture.py BASE_URL ADMIN_LOGIN ADMIN_ONE_TIME_PASSWORD OUT/fixture.json

Through the HTTP API only: the admin changes its one-time password, creates one account per role
(supervisor, oversight, staff of a responsible unit, staff of that task's lead unit, staff of an
unrelated unit) and a victim account and unit for the admin routes that disable, reset or revoke;
every account signs in once and changes its password, so its token is valid and needs no change.
Each staff unit uploads an evidence file and writes a report and a request for more time carrying a
marker unique to its unit; the supervision office urges, issues an order, records an inspection and
drafts a circular. Writes the tokens, markers and ids the hooks use.
"""
import hashlib
import json
import secrets
import sys
import urllib.error
import urllib.request
import uuid

BASE, ADMIN_LOGIN, ADMIN_OTP, OUT = sys.argv[1:5]


class Failed(Exception):
    pass


def call(method, path, token=None, body=None, raw=None, expect=(200,)):
    data = None
    headers = {}
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json"
    elif raw is not None:
        data = raw
        headers["Content-Type"] = "application/octet-stream"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8", "replace")
    if status not in expect:
        raise Failed(f"{method} {path}: {status} {text[:500]}")
    return json.loads(text) if text.strip().startswith(("{", "[")) else None


def sign_in(login, password, device):
    answer = call("POST", "/v1/session", body={"login": login, "password": password, "device_id": device,
                                               "device_name": "fuzz-api"}, expect=(201,))
    return answer["token"], answer["must_change_password"]


def account_ready(login, one_time_password):
    """Signs in, changes the one-time password; the token stays valid."""
    device = str(uuid.uuid4())
    token, must_change = sign_in(login, one_time_password, device)
    if must_change:
        call("POST", "/v1/me/password", token, {"current_password": one_time_password,
                                                "new_password": "fuzz " + secrets.token_urlsafe(18)}, expect=(204,))
    me = call("GET", "/v1/me", token)
    assert not me["account"]["must_change_password"], me
    return {"token": token, "device_id": device, "login": login, "role": me["account"]["role"],
            "unit": me["account"]["unit_code"]}


def sync(account, mutations=(), reference=True):
    body = {"protocol_version": 1, "device_id": account["device_id"], "cursor": 0, "mutations": list(mutations)}
    if not reference:
        body["reference_version"] = 2 ** 62
    return call("POST", "/v1/sync", account["token"], body)


def envelope(account, kind, payload):
    account["seq"] = account.get("seq", 0) + 1
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return {"id": str(uuid.uuid4()), "device_seq": account["seq"], "kind": kind, "base_version": 0, "payload": text,
            "payload_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "authored_at": "2022-07-01T08:00:00Z"}


def main():
    admin = account_ready(ADMIN_LOGIN, ADMIN_OTP)

    # The plan as the supervision office sees it.
    office_login = "fz-office"
    created = call("POST", "/v1/admin/accounts", admin["token"],
                   {"login": office_login, "display_name": "督查员", "role": "supervisor", "unit_code": "dcjxb"}, expect=(201,))
    office = account_ready(office_login, created["one_time_password"])
    reference = sync(office)["reference"]
    tasks = {t["id"]: t for t in reference["tasks"]}
    nodes = sorted((n for n in reference["nodes"]), key=lambda n: n["ordinal"])
    assignments = reference["assignments"]
    leads = {}
    units_of = {}
    for a in assignments:
        units_of.setdefault(a["task_id"], set()).add(a["unit_code"])
        if a["role"] == "lead":
            leads.setdefault(a["task_id"], set()).add(a["unit_code"])

    def led_by(unit):
        return {task for task, codes in leads.items() if unit in codes}

    # A responsible unit, a lead unit of its task, and another unit that leads neither's task (in the
    # sample plan one bureau leads every task of the district, so it may see every unit's reports).
    candidates = sorted((a for a in assignments if a["role"] == "responsible"),
                        key=lambda a: (a["unit_code"] != "jd-tianma", tasks[a["task_id"]]["number"], a["unit_code"]))
    pick = candidates[0]
    responsible, task_r = pick["unit_code"], pick["task_id"]
    lead = sorted(leads[task_r], key=lambda u: (u != "zjj", u))[0]
    other = task_o = None
    for a in sorted(assignments, key=lambda a: (a["task_id"] == task_r, tasks[a["task_id"]]["number"], a["unit_code"])):
        unit, task = a["unit_code"], a["task_id"]
        if a["role"] != "responsible" or unit in (responsible, lead) or task_r in led_by(unit) or task in led_by(responsible):
            continue
        other, task_o = unit, task
        break
    if other is None:
        raise Failed("no second unit that leads neither the responsible unit's task nor is led by it")

    roles = {"admin": admin, "supervisor": office}
    specs = [("oversight", "fz-oversight", "oversight", "yf"), ("staff-responsible", "fz-resp", "staff", responsible),
             ("staff-lead", "fz-lead", "staff", lead), ("staff-other", "fz-other", "staff", other)]
    for name, login, role, unit in specs:
        created = call("POST", "/v1/admin/accounts", admin["token"],
                       {"login": login, "display_name": name, "role": role, "unit_code": unit}, expect=(201,))
        roles[name] = account_ready(login, created["one_time_password"])
    # What the admin routes that disable, reset and revoke may act on.
    call("POST", "/v1/admin/units", admin["token"], {"code": "fz-victim", "name": "模糊测试单位", "kind": "other"}, expect=(201,))
    call("POST", "/v1/admin/accounts", admin["token"],
         {"login": "fz-victim", "display_name": "victim", "role": "staff", "unit_code": "fgj"}, expect=(201,))

    # Each staff unit: evidence, a report and a request for more time, all with its marker.
    markers = {unit: f"FZMARK{secrets.token_hex(8).upper()}" for unit in (responsible, lead, other)}
    evidence = []
    seeded = {}
    first_node = nodes[0]
    for name, task in (("staff-responsible", task_r), ("staff-lead", task_r), ("staff-other", task_o)):
        account = roles[name]
        unit = account["unit"]
        marker = markers[unit]
        content = f"{marker} evidence of {unit}\n".encode("utf-8")
        sha = hashlib.sha256(content).hexdigest()
        call("POST", "/v1/evidence", account["token"],
             {"sha256": sha, "size": len(content), "media_type": "text/plain", "name": f"{unit}.txt"})
        status = call("PUT", f"/v1/evidence/{sha}?offset=0", account["token"], raw=content)
        assert status["complete"], status
        evidence.append(sha)
        report = {"report_id": str(uuid.uuid4()), "task_id": task, "node_id": first_node["id"],
                  "text": f"{marker} 进展：{unit} 第{tasks[task]['number']}项", "quantities": {"items_done": 2}, "percent": 30,
                  "evidence": [sha]}
        later = nodes[-1]
        ext = {"extension_id": str(uuid.uuid4()), "task_id": task, "node_id": later["id"],
               "requested_due_date": later["node_date"][:8] + "28", "reason": f"{marker} 需要延期"}
        answer = sync(account, [envelope(account, "report.write", report), envelope(account, "extension.request", ext)],
                      reference=False)
        statuses = [r["status"] for r in answer["results"]]
        if statuses[0] != "applied":
            raise Failed(f"{name}: report not applied: {answer['results'][0]}")
        if statuses[1] != "applied":
            print(f"note: {name}'s request for more time: {answer['results'][1]}", file=sys.stderr)
        seeded[name] = {"task_id": task, "report_id": answer["results"][0].get("report_id") or report["report_id"],
                        "extension_id": ext["extension_id"] if statuses[1] == "applied" else None}

    # The responsible unit's task gets a target (split to the responsible unit) and the lead unit's
    # implementation plan, accepted by the office; the plan carries its own marker, which the lead
    # and (once accepted) the responsible unit may see, and nobody else.
    task_number = tasks[task_r]["number"]
    call("PUT", "/v1/targets", office["token"],
         {"task_number": task_number, "indicator": "items_done", "measure": "个", "target": 10}, expect=(200,))
    call("POST", "/v1/targets/split", office["token"],
         {"task_number": task_number, "indicator": "items_done", "unit_code": responsible, "target": 4}, expect=(200,))
    markers["plan"] = f"FZMARK{secrets.token_hex(8).upper()}"
    year = reference["plans"][0]["year"]
    plan = {"implementation_id": str(uuid.uuid4()), "task_id": task_r, "measures": f"{markers['plan']} 实施方案",
            "steps": [{"date": f"{year}-06-30", "values": {"items_done": 4}}, {"date": f"{year}-11-30", "values": {"items_done": 10}}],
            "splits": [{"indicator": "items_done", "unit_code": responsible, "target": 4}]}
    written = sync(roles["staff-lead"], [envelope(roles["staff-lead"], "implementation.write", plan)], reference=False)
    if written["results"][0]["status"] != "applied":
        raise Failed(f"implementation plan not applied: {written['results'][0]}")
    review = {"implementation_id": plan["implementation_id"], "revision": 1, "decision": "accept"}
    reviewed = sync(office, [envelope(office, "implementation.review", review)], reference=False)
    if reviewed["results"][0]["status"] != "applied":
        raise Failed(f"implementation plan not accepted: {reviewed['results'][0]}")

    # A unit late at the first node (assigned to the responsible unit's task, never reported).
    late_unit = sorted(a["unit_code"] for a in assignments if a["task_id"] == task_r and a["role"] == "responsible"
                       and a["unit_code"] not in (responsible, lead, other))[0]
    late_task_number = tasks[task_r]["number"]
    ids = {"order_ids": [], "circular_ids": [], "inspection_ids": []}
    urge = call("POST", "/v1/supervision/urges", office["token"],
                {"task_number": late_task_number, "unit_code": late_unit, "message": "请尽快报送"}, expect=(201,))
    order = call("POST", "/v1/supervision/orders", office["token"],
                 {"task_number": late_task_number, "unit_code": late_unit, "note": "逾期未报"}, expect=(201,))
    ids["order_ids"].append(order["id"])
    inspection = call("POST", "/v1/supervision/inspections", office["token"],
                      {"task_number": late_task_number, "unit_code": late_unit, "kind": "online", "inspected_on": "2022-07-01",
                       "inspectors": ["李明"], "findings": "台账不全", "rectification": "补齐台账", "rectification_due": "2022-07-30"},
                      expect=(201,))
    ids["inspection_ids"].append(inspection["id"])
    circular = call("POST", "/v1/supervision/circulars", office["token"], {"node_date": first_node["node_date"]}, expect=(201,))
    ids["circular_ids"].append(circular["id"])

    may_see = {"staff-responsible": [responsible, "plan"],
               "staff-lead": [lead, responsible, "plan"] + ([other] if task_o in led_by(lead) else []),
               "staff-other": [other] + (["plan"] if task_r in led_by(other) else [])}
    for name, units in may_see.items():
        roles[name]["may_see_units"] = units
    fixture = {
        "roles": {name: {k: v for k, v in account.items() if k != "seq"} for name, account in roles.items()},
        "markers": markers,
        "units": {"responsible": responsible, "lead": lead, "other": other, "late": late_unit},
        "values": {
            "plan_year": reference["plans"][0]["year"],
            "node_dates": [n["node_date"] for n in nodes],
            "unit_codes": sorted({responsible, lead, other, late_unit}),
            "task_ids": sorted({task_r, task_o} | set(list(tasks)[:3])),
            "task_numbers": sorted({tasks[task_r]["number"], tasks[task_o]["number"], 1}),
            "evidence": evidence,
            "extension_ids": [s["extension_id"] for s in seeded.values() if s["extension_id"]] or [str(uuid.uuid4())],
            "node_ids": [n["id"] for n in nodes],
            "report_task_id": task_r,
            "report_ids": [s["report_id"] for s in seeded.values()],
            "victim_login": "fz-victim",
            "victim_unit": "fz-victim",
            "late": {"task_number": late_task_number, "unit_code": late_unit},
            "urge_id": urge["id"],
            **ids,
        },
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=2)
    print(f"fixture: responsible {responsible} (task {tasks[task_r]['number']}), lead {lead}, unrelated {other} "
          f"(task {tasks[task_o]['number']}), late {late_unit}; {len(roles)} accounts", file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except Failed as error:
        print(f"error: fixture: {error}", file=sys.stderr)
        sys.exit(1)
