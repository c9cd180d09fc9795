#!/usr/bin/env python3
"""Attacks Tools/fuzz-api runs on purpose, after the fixture and before the fuzzing:

    probes.py BASE_URL OUT/fixture.json OUT/probes.json

- A declare never reveals another unit's file: the unrelated unit declares the responsible unit's
  evidence (its exact hash and size, a wrong size, a wrong type) and a hash nobody has; the answers
  must be the same but for the hash, and the file must stay unreadable to it (404, no marker).
- Parallel sign-in guesses: 60 wrong passwords for one login at once; at most DUBAN_SIGNIN_LOCK_AFTER
  (10) passwords may be checked (duban_sign_in_password_checks_total), every other answer a 429, and
  the right password after them is refused too (no device cookie). The login guessed at is the
  fixture's victim account, which no role fuzzes with.

Prints the figures and writes them to probes.json; exits 1 when an attack got through.
"""
import concurrent.futures
import hashlib
import json
import sys
import urllib.error
import urllib.request
import uuid

BASE, FIXTURE_PATH, OUT = sys.argv[1:4]
FIXTURE = json.load(open(FIXTURE_PATH, encoding="utf-8"))
LOCK_AFTER = 10


def call(method, path, token=None, body=None):
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def password_checks():
    _, text = call("GET", "/metrics")
    for line in text.splitlines():
        if line.startswith("duban_sign_in_password_checks_total"):
            return int(float(line.split()[-1]))
    return 0


def declare_probe(failures):
    other = FIXTURE["roles"]["staff-other"]
    victim_unit = FIXTURE["units"]["responsible"]
    content = f"{FIXTURE['markers'][victim_unit]} evidence of {victim_unit}\n".encode("utf-8")
    sha = hashlib.sha256(content).hexdigest()
    assert sha in FIXTURE["values"]["evidence"], "the fixture's evidence changed: update probes.py"
    nobody = hashlib.sha256(uuid.uuid4().bytes).hexdigest()
    cases = []
    for size, media_type in ((len(content), "text/plain"), (len(content) + 1, "text/plain"), (len(content), "application/pdf")):
        seen = []
        for target in (sha, nobody):
            status, text = call("POST", "/v1/evidence", other["token"],
                                {"sha256": target, "size": size, "media_type": media_type, "name": "probe.txt"})
            seen.append(f"{status} {text.replace(target, '<sha>')}")
        cases.append({"size": size, "media_type": media_type, "answer": seen[0], "same": seen[0] == seen[1]})
        if seen[0] != seen[1]:
            failures.append(f"declaring another unit's file ({size} bytes, {media_type}) answered {seen[0]!r}, "
                            f"a hash nobody has {seen[1]!r}")
    status, text = call("GET", f"/v1/evidence/{sha}", other["token"])
    if status != 404 or FIXTURE["markers"][victim_unit] in text:
        failures.append(f"after declaring its hash the unrelated unit read another unit's file: {status}")
    return {"cases": cases, "download_after_declaring": status}


def sign_in_probe(failures):
    login = FIXTURE["values"]["victim_login"]
    before = password_checks()

    def guess(index):
        return call("POST", "/v1/session", body={"login": login, "password": f"wrong guess {index}",
                                                 "device_id": str(uuid.uuid4())})[0]

    with concurrent.futures.ThreadPoolExecutor(max_workers=60) as pool:
        statuses = list(pool.map(guess, range(60)))
    checks = password_checks() - before
    figures = {"401": statuses.count(401), "429": statuses.count(429), "other": len(statuses) - statuses.count(401) - statuses.count(429),
               "bcrypt_evaluations": checks}
    print(f"60 parallel wrong passwords: {figures['401']}×401, {figures['429']}×429, {checks} bcrypt evaluations", file=sys.stderr)
    if checks > LOCK_AFTER or figures["401"] > LOCK_AFTER or figures["other"]:
        failures.append(f"parallel guesses passed the sign-in limit: {figures}")
    return figures


def main():
    failures = []
    result = {"declare": declare_probe(failures), "sign_in": sign_in_probe(failures), "failures": failures}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=2)
    for failure in failures:
        print(f"FAILED probe: {failure}", file=sys.stderr)
    print(f"probes: a declare never reveals another unit's file ({len(result['declare']['cases'])} declarations); "
          f"sign-in guesses bounded", file=sys.stderr) if not failures else None
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
