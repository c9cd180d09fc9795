#!/usr/bin/env python3
"""Prints Tools/fuzz-api's table and writes fuzz-out/summary.json; exits 1 on any failure.

    summary.py OUT_DIR ROLE... [--seconds N]

Per role it reads OUT_DIR/ROLE/counts.json (every call, counted by hooks.py) and
OUT_DIR/ROLE/report.json (schemathesis' own verdict: exit code, unique failures, errors).
"""
import json
import os
import sys

CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
          "no_cross_unit_data", "other"]
SHORT = {"not_a_server_error": "5xx", "status_code_conformance": "status", "content_type_conformance": "ctype",
         "response_schema_conformance": "schema", "no_cross_unit_data": "cross-unit", "other": "other"}
# schemathesis' failure types (report.json) → the check that raises them.
CHECK_OF_TYPE = {"ServerError": "not_a_server_error", "UndefinedStatusCode": "status_code_conformance",
                 "UndefinedContentType": "content_type_conformance", "MissingContentType": "content_type_conformance",
                 "MalformedMediaType": "content_type_conformance", "JsonSchemaError": "response_schema_conformance",
                 "MalformedJson": "response_schema_conformance", "ContentDeserializationError": "response_schema_conformance",
                 "CustomFailure": "no_cross_unit_data"}


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def main():
    args = sys.argv[1:]
    seconds = None
    if "--seconds" in args:
        i = args.index("--seconds")
        seconds = float(args[i + 1])
        del args[i:i + 2]
    out, roles = args[0], args[1:]
    rows = []
    ok = True
    for role in roles:
        counts = load(os.path.join(out, role, "counts.json")) or {}
        report = load(os.path.join(out, role, "report.json")) or {}
        failed = dict.fromkeys(CHECKS, 0)
        for failure in report.get("failures", []):
            failed[CHECK_OF_TYPE.get(failure.get("type"), "other")] += failure.get("count", 0)
        statuses = counts.get("by_status", {})
        row = {
            "role": role,
            "requests": counts.get("requests", 0),
            "operations": len(counts.get("by_operation", {})),
            "status_classes": {c: sum(n for s, n in statuses.items() if s.startswith(c[0])) for c in ("2xx", "3xx", "4xx", "5xx")},
            "failed_checks": failed,
            "test_cases": report.get("test_cases", {}).get("generated", 0),
            "unique_failures": [{"check": f.get("type"), "title": f.get("title"), "count": f.get("count"),
                                 "operations": f.get("operations")} for f in report.get("failures", [])],
            "errors": report.get("errors", []),
            "schemathesis_exit_code": report.get("exit_code"),
            "cross_unit_leaks": counts.get("cross_unit_leaks", []),
        }
        role_ok = (report.get("exit_code") == 0 and not any(failed.values()) and not row["errors"]
                   and row["requests"] > 0 and row["status_classes"]["5xx"] == 0 and not row["cross_unit_leaks"])
        row["ok"] = role_ok
        ok = ok and role_ok
        rows.append(row)

    head = f"{'role':<18} {'requests':>8} {'ops':>4} {'2xx':>6} {'4xx':>6} {'5xx':>5} " + " ".join(
        f"{'!' + SHORT[c]:>10}" for c in CHECKS) + "  verdict"
    print(head)
    print("-" * len(head))
    for row in rows:
        sc = row["status_classes"]
        print(f"{row['role']:<18} {row['requests']:>8} {row['operations']:>4} {sc['2xx']:>6} {sc['4xx']:>6} {sc['5xx']:>5} "
              + " ".join(f"{row['failed_checks'][c]:>10}" for c in CHECKS)
              + ("  ok" if row["ok"] else f"  FAILED (schemathesis exit {row['schemathesis_exit_code']})"))
    total = sum(r["requests"] for r in rows)
    print("-" * len(head))
    print(f"{'total':<18} {total:>8}   (check columns: failures schemathesis reported, by check; fuzz-out/<role>/report.json)")
    for row in rows:
        for failure in row["unique_failures"]:
            print(f"  {row['role']}: {failure['check']}: {failure['title']} ×{failure['count']} {failure['operations']}")
        for error in row["errors"]:
            print(f"  {row['role']}: error: {error}")
    summary = {"ok": ok, "total_requests": total, "seconds": seconds, "roles": rows}
    with open(os.path.join(out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
