"""schemathesis hooks for Tools/fuzz-api (schemathesis 4.x, loaded through SCHEMATHESIS_HOOKS).

- `no_cross_unit_data`: a custom check. Every unit of the fixture wrote reports (and an extension
  request and an evidence file) carrying a marker unique to that unit; an answer to a staff account
  must not contain the marker of a unit it may not see (its own unit's, and for the lead unit its
  responsible units', are allowed), and an answer to an admin holds no unit's marker at all (an
  admin manages units and accounts and never reads a unit's reports, evidence or requests).
- Generated path parameters, queries and bodies are sometimes replaced by values that exist in the
  fixture (task ids, node dates, record ids, evidence hashes, the victim account and unit), so the
  fuzz reaches records that exist and not only 404s.
- Sync bodies get the role's own device id and payload hashes that match their payloads, so pushes
  get past the first checks.
- Every call is counted per role (status, operation) in fuzz-out/<role>/counts.json and traced in
  fuzz-out/<role>/calls.ndjson; failures by check come from schemathesis' own report.json.

Environment: DUBAN_FUZZ_FIXTURE (fixture.json written by fixture.py), DUBAN_FUZZ_ROLE, DUBAN_FUZZ_OUT.
"""
import atexit
import hashlib
import json
import os
import threading

import schemathesis
from hypothesis import strategies as st

FIXTURE = json.load(open(os.environ["DUBAN_FUZZ_FIXTURE"], encoding="utf-8"))
ROLE = os.environ["DUBAN_FUZZ_ROLE"]
OUT = os.environ["DUBAN_FUZZ_OUT"]
ACCOUNT = FIXTURE["roles"].get(ROLE)  # None for the anonymous role
# Markers this role must never see: those of units other than its own and those it leads.
FORBIDDEN = {}
if ACCOUNT and ACCOUNT["role"] == "staff":
    allowed = set(ACCOUNT["may_see_units"])
    FORBIDDEN = {unit: marker for unit, marker in FIXTURE["markers"].items() if unit not in allowed}
elif ACCOUNT and ACCOUNT["role"] == "admin":
    FORBIDDEN = dict(FIXTURE["markers"])

# Evidence hashes of the units this role may not see (the fixture's evidence, one file per staff unit,
# content "<marker> evidence of <unit>\n").
FORBIDDEN_EVIDENCE = {hashlib.sha256(f"{marker} evidence of {unit}\n".encode("utf-8")).hexdigest()
                      for unit, marker in FORBIDDEN.items()}

_lock = threading.Lock()
_counts = {"requests": 0, "by_status": {}, "by_operation": {}, "cross_unit_leaks": []}


def _save():
    with _lock:
        _trace.flush()
        data = json.dumps(_counts, indent=2, ensure_ascii=False)
    with open(os.path.join(OUT, "counts.json"), "w", encoding="utf-8") as f:
        f.write(data + "\n")


atexit.register(_save)


_trace = open(os.path.join(OUT, "calls.ndjson"), "a", encoding="utf-8") if os.makedirs(OUT, exist_ok=True) is None else None


@schemathesis.hook
def after_call(context, case, response):
    key = f"{case.operation.method.upper()} {case.operation.path}"
    try:
        url = response.request.url
    except Exception:
        url = key
    with _lock:
        _trace.write(json.dumps({"method": getattr(response.request, "method", None) or case.operation.method.upper(),
                                 "operation": key, "url": url, "status": response.status_code},
                                ensure_ascii=False) + "\n")
        _counts["requests"] += 1
        status = str(response.status_code)
        _counts["by_status"][status] = _counts["by_status"].get(status, 0) + 1
        _counts["by_operation"][key] = _counts["by_operation"].get(key, 0) + 1
        checkpoint = _counts["requests"] % 500 == 0
    if checkpoint:
        _save()


@schemathesis.check
def no_cross_unit_data(ctx, response, case):
    """No answer to a staff account carries another unit's marker; no answer to an admin any unit's."""
    if not FORBIDDEN:
        return None
    try:
        text = response.text
    except Exception:  # binary evidence
        text = response.content.decode("utf-8", "replace")
    leaked = sorted(unit for unit, marker in FORBIDDEN.items() if marker in text)
    if leaked:
        with _lock:
            _counts["cross_unit_leaks"].append(
                {"operation": f"{case.operation.method.upper()} {case.operation.path}", "units": leaked,
                 "status": response.status_code})
        raise AssertionError(f"the answer to {ROLE} carries data of {', '.join(leaked)}")
    return None


@schemathesis.check
def declare_reveals_nothing(ctx, response, case):
    """A declaration of another unit's evidence hash answers as for a file nobody has: never that it
    is whole and never a 409 that a file of that hash has another size (`received` may count bytes the
    role itself sent to its own upload of that hash)."""
    if not FORBIDDEN or case.operation.method.upper() != "POST" or case.operation.path != "/v1/evidence":
        return None
    body = case.body if isinstance(case.body, dict) else {}
    sha = body.get("sha256")
    if not isinstance(sha, str) or sha.lower() not in FORBIDDEN_EVIDENCE:
        return None
    if response.status_code == 409:
        raise AssertionError(f"declaring another unit's file answered 409: {response.text[:200]}")
    if response.status_code == 200:
        answer = response.json()
        if isinstance(answer, dict) and answer.get("complete"):
            raise AssertionError(f"declaring another unit's file answered {answer}")
    return None


# ---------------------------------------------------------------------------------------------------
# Values that exist


def _known_path_values(path, name):
    values = FIXTURE["values"]
    if name == "id":
        if "/extensions/" in path or "/assessments/" in path:
            return values["extension_ids"]
        if "/orders/" in path:
            return values["order_ids"]
        if "/circulars/" in path:
            return values["circular_ids"]
        if "/inspections/" in path:
            return values["inspection_ids"]
    return {
        "task_id": values["task_ids"],
        "sha256": values["evidence"],
        "login": [values["victim_login"]],
        "code": [values["victim_unit"]],
        "number": values["task_numbers"],
    }.get(name, [])


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    if not isinstance(path_parameters, dict) or context.operation is None:
        return st.just(path_parameters)
    path = context.operation.path
    options = {name: _known_path_values(path, name) for name in path_parameters}
    if not any(options.values()):
        return st.just(path_parameters)

    def replaced(picks):
        result = dict(path_parameters)
        result.update({name: value for name, value in picks.items() if value is not None})
        return result

    known = st.fixed_dictionaries({name: st.sampled_from(vals) if vals else st.none() for name, vals in options.items()})
    return st.one_of(st.just(path_parameters), known.map(replaced))


@schemathesis.hook
def flatmap_query(context, query):
    if not isinstance(query, dict) or context.operation is None:
        return st.just(query)
    names = {p.name for p in context.operation.query} if hasattr(context.operation, "query") else set(query)
    values = FIXTURE["values"]
    choices = {}
    if "year" in names:
        choices["year"] = st.sampled_from([values["plan_year"], None])
    if "node" in names:
        choices["node"] = st.sampled_from(values["node_dates"] + [None])
    if "unit" in names:
        choices["unit"] = st.sampled_from(values["unit_codes"] + [None])
    if not choices:
        return st.just(query)

    def real(picks):
        result = dict(query)
        for name, value in picks.items():
            if value is None:
                result.pop(name, None)
            else:
                result[name] = str(value) if context.operation.path.startswith("/public") else value
        return result

    return st.one_of(st.just(query), st.fixed_dictionaries(choices).map(real))


# The fixture's own accounts and units: schemathesis learns values from answers (GET /v1/me names the
# caller's login and unit), so without this the admin would reset its own password or disable the
# units the fixture's accounts belong to, and every later answer would be a 401.
_PROTECTED = {"login": {a["login"] for a in FIXTURE["roles"].values()},
              "code": {a["unit"] for a in FIXTURE["roles"].values()}}


@schemathesis.hook
def before_call(context, case, kwargs):
    if not case.operation.path.startswith("/v1/admin/") or not isinstance(case.path_parameters, dict):
        return
    values = FIXTURE["values"]
    if case.path_parameters.get("login") in _PROTECTED["login"]:
        case.path_parameters["login"] = values["victim_login"]
    if case.path_parameters.get("code") in _PROTECTED["code"]:
        case.path_parameters["code"] = values["victim_unit"]


_KINDS = ["report.write", "review.write", "extension.request", "assessment.write"]


def _payload(kind, mutation, index):
    """A payload of the right shape for `kind`, its values taken from what schemathesis generated."""
    values = FIXTURE["values"]
    text = mutation.get("payload") if isinstance(mutation.get("payload"), str) else ""
    number = mutation.get("base_version") if isinstance(mutation.get("base_version"), int) else 0
    ident = mutation.get("id") if isinstance(mutation.get("id"), str) else "00000000-0000-4000-8000-000000000000"
    task = values["report_task_id"]
    node = values["node_ids"][index % len(values["node_ids"])]
    if kind == "report.write":
        return {"report_id": ident, "task_id": task, "node_id": node, "text": text, "quantities": {"done": number},
                "percent": number, "evidence": values["evidence"][: index % 3]}
    if kind == "review.write":
        return {"report_id": values["report_ids"][index % len(values["report_ids"])], "revision": number,
                "decision": ["accept", "return"][index % 2], "reason": text}
    if kind == "extension.request":
        return {"extension_id": ident, "task_id": task, "node_id": node, "requested_due_date": "2022-12-28", "reason": text}
    return {"assessment_id": ident, "task_id": task, "unit_code": FIXTURE["units"]["responsible"], "scores": {"quality": number},
            "reasons": {}, "comment": text, "evidence": []}


def _fix_sync(body):
    """The role's device id; known kinds; every other mutation with a payload of the right shape; hashes that match."""
    body = dict(body)
    if ACCOUNT:
        body["device_id"] = ACCOUNT["device_id"]
    mutations = body.get("mutations")
    if isinstance(mutations, list):
        fixed = []
        for index, mutation in enumerate(mutations):
            if isinstance(mutation, dict) and isinstance(mutation.get("payload"), str):
                mutation = dict(mutation)
                if mutation.get("kind") not in _KINDS:
                    mutation["kind"] = _KINDS[index % len(_KINDS)]
                if index % 2 == 0:
                    mutation["payload"] = json.dumps(_payload(mutation["kind"], mutation, index), ensure_ascii=False)
                mutation["payload_sha256"] = hashlib.sha256(mutation["payload"].encode("utf-8")).hexdigest()
            fixed.append(mutation)
        body["mutations"] = fixed
    return body


def _fix_supervision(body, path):
    values = FIXTURE["values"]
    body = dict(body)
    if "task_number" in body or path.endswith(("/urges", "/orders", "/inspections")):
        body["task_number"] = values["late"]["task_number"]
        body["unit_code"] = values["late"]["unit_code"]
    if "node_date" in body or path.endswith("/circulars"):
        body["node_date"] = values["node_dates"][0]
    for key in ("plan_year",):
        if key in body:
            body[key] = values["plan_year"]
    return body


@schemathesis.hook
def flatmap_body(context, body):
    if not isinstance(body, dict) or context.operation is None:
        return st.just(body)
    path = context.operation.path
    if path == "/v1/sync":
        return st.just(_fix_sync(body))
    if path.startswith("/v1/supervision/") and context.operation.method.lower() == "post":
        return st.one_of(st.just(body), st.just(_fix_supervision(body, path)))
    if path == "/v1/admin/accounts":
        real = {**body, "unit_code": FIXTURE["values"]["unit_codes"][0]}
        if isinstance(body.get("login"), str):
            real["login"] = "fz-" + hashlib.sha256(body["login"].encode("utf-8")).hexdigest()[:12]
        return st.one_of(st.just(body), st.just(real))
    if path == "/v1/admin/units":
        return st.one_of(st.just(body), st.just({k: v for k, v in body.items() if k != "parent_code"}),
                         st.just({**body, "parent_code": "yf"}))
    if path == "/v1/evidence":
        return st.one_of(st.just(body), st.just({**body, "sha256": FIXTURE["values"]["evidence"][0]}))
    return st.just(body)
