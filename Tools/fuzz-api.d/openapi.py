#!/usr/bin/env python3
"""Writes Deploy/openapi.json, the OpenAPI 3.0 description of every route duban-server registers.

    python3 Tools/fuzz-api.d/openapi.py            # rewrite Deploy/openapi.json
    python3 Tools/fuzz-api.d/openapi.py --check    # exit 1 if the file differs from what this writes

The schemas follow the DubanCore wire types as WireJSON encodes them: snake_case keys, ISO-8601 UTC
times (`2022-03-28T01:02:03Z`), dates as `YYYY-MM-DD`, optional fields left out when empty (never
`null`, except `reporting_rate`/`on_time_rate`), every object closed (`additionalProperties: false`).
Tests/DubanServerTests/OpenAPIDocumentTests.swift keeps the file in step with the route catalogue
(`APIRoutes`) and validates real answers against these schemas; Tools/fuzz-api runs schemathesis on it.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "Deploy" / "openapi.json"

# ---------------------------------------------------------------------------------------------------
# Schema helpers


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required=None, optional=None, description=None):
    """A closed object: `required` and `optional` map wire names to schemas."""
    required = required or {}
    optional = optional or {}
    schema = {"type": "object", "additionalProperties": False,
              "properties": {**required, **optional}}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def arr(items, **extra):
    return {"type": "array", "items": items, **extra}


def enum(*values, description=None):
    schema = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return schema


STR = {"type": "string"}
BOOL = {"type": "boolean"}
INT = {"type": "integer"}
INT64 = {"type": "integer", "format": "int64"}
NUM = {"type": "number"}
TIME = ref("Timestamp")
DATE = ref("LocalDate")
UUID = ref("Uuid")
SHA = ref("Sha256")
NUMBERS = {"type": "object", "additionalProperties": NUM}
TEXTS = {"type": "object", "additionalProperties": STR}


def nullable(schema):
    return {**schema, "nullable": True}


# ---------------------------------------------------------------------------------------------------
# Components

SCHEMAS = {
    "Timestamp": {"type": "string", "format": "date-time", "description": "ISO-8601 instant in UTC, e.g. 2022-03-28T01:02:03Z"},
    "LocalDate": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "a day, YYYY-MM-DD"},
    "Uuid": {"type": "string", "format": "uuid"},
    "Sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256, 64 lower-case hex digits"},
    "ApiError": obj({"error": obj({"code": STR, "message": STR, "message_zh": STR}),
                     "requestId": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$",
                                   "description": "the request's id, as in the X-Request-Id header and the server's log"}},
                    description=("Every error answer: a machine-readable code and the same sentence in English and Chinese, "
                                 "and the request's id (`requestId`, so spelt).")),

    # Enumerations
    "AccountRole": enum("admin", "staff", "supervisor", "oversight"),
    "UnitKind": enum("district_government", "supervision_office", "bureau", "subdistrict_office", "town", "other"),
    "AssignmentRole": enum("lead", "responsible"),
    "ReviewDecision": enum("accept", "return"),
    "ReviewState": enum("submitted", "accepted", "returned"),
    "MutationStatus": enum("applied", "duplicate", "conflict", "rejected"),
    "AssessmentState": enum("submitted", "accepted", "returned"),
    "CircularState": enum("draft", "issued"),
    "ExtensionState": enum("requested", "granted", "exempted", "refused"),
    "InspectionKind": enum("online", "on_site"),
    "InspectionState": enum("rectifying", "closed"),
    "OrderGrade": enum("blue", "yellow", "red"),
    "OrderState": enum("open", "closed"),
    "TimelinessState": enum("on_time", "late", "missing", "exempted", "pending", "not_due"),
    "StatusLight": enum("green", "yellow", "red"),
    "LightReason": enum("behind", "far_behind", "late", "missing", "caught_up"),

    # Health
    "Health": obj({"status": enum("ok"), "version": STR}),
    "Readiness": obj({"status": enum("ready", "unavailable"), "database": enum("ok", "unreachable"),
                      "migrations": enum("current", "pending", "mismatch", "unknown")},
                     {"pending": arr(INT), "replica": ref("ReplicaReadiness"),
                      "checkpoints": enum("signed", "unsigned", "broken",
                                          description="the audit checkpoints (never makes the server unready)")}),
    "ReplicaReadiness": obj({"serving": BOOL, "max_lag_seconds": NUM, "fallbacks": INT},
                            {"lag_seconds": {"type": "number", "minimum": 0}, "last_error": STR},
                            description="The read replica (DUBAN_READ_DATABASE_URL): its measured lag (absent when unknown), "
                                        "whether read-only routes use it now, and how many reads went to the primary instead"),

    # Accounts, sessions, units
    "AccountInfo": obj({"login": STR, "display_name": STR, "role": ref("AccountRole"), "unit_code": STR, "unit_name": STR,
                        "disabled": BOOL, "must_change_password": BOOL, "created_at": TIME},
                       {"last_sign_in_at": TIME,
                        "created_by": {**STR, "description": "login of the account that created it; absent: created on the server's command line"},
                        "password_reset_by": {**STR, "description": "login of the account that last set this account's password (an admin's reset)"},
                        "password_reset_at": TIME}),
    "AccountList": obj({"accounts": arr(ref("AccountInfo"))}),
    "CreateAccountRequest": obj({"login": STR, "display_name": STR, "role": ref("AccountRole"), "unit_code": STR}),
    "AccountWithPassword": obj({"account": ref("AccountInfo"), "one_time_password": STR}),
    "RevokedSessions": obj({"revoked": INT}),
    "SignInRequest": obj({"login": STR, "password": STR, "device_id": UUID}, {"device_name": STR, "device_cookie": STR}),
    "SignInResponse": obj({"token": STR, "expires_at": TIME, "must_change_password": BOOL, "account": ref("AccountInfo")},
                          {"device_cookie": STR}),
    "SessionInfo": obj({"device_id": UUID, "created_at": TIME, "expires_at": TIME}, {"device_name": STR}),
    "MeResponse": obj({"account": ref("AccountInfo"), "session": ref("SessionInfo")}),
    "ChangePasswordRequest": obj({"current_password": STR, "new_password": STR}),
    "UnitInfo": obj({"code": STR, "name": STR, "kind": ref("UnitKind"), "aliases": arr(STR), "active": BOOL},
                    {"parent_code": STR}),
    "UnitList": obj({"units": arr(ref("UnitInfo"))}),
    "CreateUnitRequest": obj({"code": STR, "name": STR, "kind": ref("UnitKind")}, {"parent_code": STR, "aliases": arr(STR)}),

    # Audit
    "AuditEntry": obj({"id": INT64, "received_at": TIME, "action": STR, "entity_type": STR, "detail": STR},
                      {"seq": INT64, "account_login": STR, "unit_code": STR, "device_id": UUID, "entity_id": STR, "hash": STR}),
    "AuditList": obj({"entries": arr(ref("AuditEntry"))}, {"next_after_id": INT64}),
    "BrokenAuditEntry": obj({"seq": INT64, "reason": enum("hash_mismatch", "missing_entry", "link_mismatch")}, {"id": INT64}),
    "AuditVerification": obj({"ok": BOOL, "checked": INT64},
                             {"first_broken": ref("BrokenAuditEntry"), "pending": INT64,
                              "checkpoints": enum("signed", "unsigned", "broken",
                                                  description="signed: the server holds a key and the chain extends its newest checkpoint; unsigned: no DUBAN_AUDIT_KEY_FILE; broken: the chain no longer extends the newest checkpoint")}),
    "AuditChainEntry": obj({"seq": INT64, "id": INT64, "xid": STR,
                            "received_at": {**STR, "description": "UTC with microseconds, e.g. 2022-03-28T01:02:03.123456Z"},
                            "action": STR, "entity_type": STR, "detail": {**STR, "description": "jsonb text"}, "hash": SHA},
                           {"account_id": INT64, "unit_id": INT64, "device_id": STR, "entity_id": STR, "client_address": STR,
                            "actor": STR, "digest": SHA},
                           description="one sealed entry, each field as duban.audit_entry_text writes it"),
    "AuditChainPage": obj({"entries": arr(ref("AuditChainEntry"))}, {"next_after_seq": INT64}),
    "AuditCheckpoint": obj({"seq": INT64, "head_hash": SHA, "signed_at": TIME,
                            "key_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
                            "public_key": {**STR, "description": "raw 32-byte Ed25519 public key, base64"},
                            "signature": {**STR, "description": "Ed25519 signature (base64) of AuditCheckpoint.signedText"}}),
    "AuditCheckpointList": obj({"status": enum("signed", "unsigned", "broken"), "checkpoints": arr(ref("AuditCheckpoint"))},
                               {"public_key": STR, "key_id": STR, "problem": STR}),

    # Assignments
    "AssignmentInfo": obj({"plan_year": INT, "task_number": INT, "task_title": STR, "unit_code": STR, "unit_name": STR,
                           "role": ref("AssignmentRole"), "written_as": STR}),
    "AssignmentList": obj({"assignments": arr(ref("AssignmentInfo"))}),

    # Evidence
    "EvidenceDeclaration": obj({"sha256": STR, "size": INT64, "media_type": STR}, {"name": STR}),
    "EvidenceStatus": obj({"sha256": SHA, "size": INT64, "media_type": STR, "received": INT64, "complete": BOOL}),

    # Sync
    "MutationEnvelope": obj({"id": UUID, "device_seq": INT64, "kind": STR, "base_version": INT, "payload": STR,
                             "payload_sha256": STR, "authored_at": TIME}),
    "SyncRequest": obj({"protocol_version": INT, "device_id": UUID, "cursor": INT64, "mutations": arr(ref("MutationEnvelope"))},
                       {"epoch": STR, "reference_version": INT64, "page_size": INT}),
    "MutationResult": obj({"id": UUID, "status": ref("MutationStatus")},
                          {"report_id": UUID, "version": INT, "server_version": INT, "code": STR, "message": STR, "message_zh": STR}),
    "ReportRevisionRecord": obj({"report_id": UUID, "task_id": INT64, "unit_code": STR, "node_id": INT64, "revision": INT,
                                 "base_version": INT, "in_conflict": BOOL, "text": STR, "quantities": NUMBERS,
                                 "authored_at": TIME, "received_at": TIME, "account_login": STR, "device_id": UUID,
                                 "report_version": INT, "head_revision": INT, "open_conflicts": INT},
                                {"percent": NUM, "evidence": arr(STR), "public_summary": STR, "difficulties": STR}),
    "ReviewRecord": obj({"report_id": UUID, "task_id": INT64, "unit_code": STR, "revision": INT, "decision": ref("ReviewDecision"),
                         "reviewer_login": STR, "reviewer_unit_code": STR, "authored_at": TIME, "received_at": TIME,
                         "review_state": ref("ReviewState")},
                        {"reason": STR}),
    "ChangeRecord": obj({"seq": INT64,
                         "entity_type": enum("report_revision", "report_review", "urge", "supervision_order", "extension",
                                             "circular", "inspection", "assessment"),
                         "entity_id": STR},
                        {"report_revision": ref("ReportRevisionRecord"), "report_review": ref("ReviewRecord"),
                         "urge": ref("UrgeRecord"), "supervision_order": ref("SupervisionOrderRecord"),
                         "extension": ref("ExtensionRecord"), "circular": ref("CircularRecord"),
                         "inspection": ref("InspectionRecord"), "assessment": ref("AssessmentRecord")}),
    "ReferencePlan": obj({"id": INT64, "year": INT, "title": STR, "time_zone": STR, "responsible_lead_days": INT},
                         {"progress_rule": ref("ProgressLightRule")}),
    "ReferenceNode": obj({"id": INT64, "plan_id": INT64, "ordinal": INT, "node_date": DATE, "lead_due_date": DATE,
                          "responsible_due_date": DATE}),
    "ReferenceTask": obj({"id": INT64, "plan_id": INT64, "number": INT, "title": STR, "content": STR, "completion_standard": STR,
                          "not_applicable": BOOL, "district_lead_written": STR, "district_responsible_written": STR},
                         {"closed_on": DATE, "carried_from_task_id": INT64}),
    "ReferenceAssignment": obj({"task_id": INT64, "unit_code": STR, "role": ref("AssignmentRole")}),
    "ReferenceData": obj({"units": arr(ref("UnitInfo")), "plans": arr(ref("ReferencePlan")), "nodes": arr(ref("ReferenceNode")),
                          "tasks": arr(ref("ReferenceTask")), "assignments": arr(ref("ReferenceAssignment"))},
                         {"indicators": arr(ref("Indicator")), "implementation_plans": arr(ref("ImplementationPlanRecord"))}),

    # Targets and implementation plans
    "IndicatorSource": enum("city_standard", "office"),
    "ScheduleBasis": enum("implementation_plan", "straight_line"),
    "SupervisionReason": enum("late", "behind_schedule", "quality"),
    "LocalizedText": obj({"en": STR, "zh": STR}),
    "IndicatorSplit": obj({"unit_code": STR, "target": NUM}),
    "Indicator": obj({"id": INT64, "task_id": INT64, "name": STR, "measure": STR, "target": NUM, "cumulative": BOOL,
                      "source": ref("IndicatorSource"), "confirmed": BOOL, "splits": arr(ref("IndicatorSplit"))},
                     {"phrase": STR, "split_reason": STR}),
    "ProgressLightRule": obj({"yellow_gap": NUM, "red_gap": NUM}),
    "ProgressStanding": obj({"expected": NUM, "gap_points": NUM, "light": ref("StatusLight"), "basis": ref("ScheduleBasis"),
                             "from_indicators": BOOL},
                            {"completion": NUM}),
    "ImplementationStep": obj({"date": DATE, "values": NUMBERS}, {"percent": NUM, "note": STR}),
    "ProposedSplit": obj({"indicator": STR, "unit_code": STR, "target": NUM}),
    "ImplementationRevision": obj({"revision": INT, "measures": STR, "steps": arr(ref("ImplementationStep")),
                                   "splits": arr(ref("ProposedSplit")), "account_login": STR, "authored_at": TIME,
                                   "received_at": TIME},
                                  {"evidence": arr(SHA), "reason": STR}),
    "ImplementationReview": obj({"revision": INT, "decision": ref("ReviewDecision"), "reviewer_login": STR, "decided_at": TIME},
                                {"reason": STR}),
    "ImplementationPlanRecord": obj({"id": UUID, "task_id": INT64, "unit_code": STR, "version": INT, "state": ref("ReviewState"),
                                     "revisions": arr(ref("ImplementationRevision")), "reviews": arr(ref("ImplementationReview"))},
                                    {"accepted_revision": INT}),
    "TargetSetRequest": obj({"task_number": INT, "indicator": STR, "target": NUM},
                            {"plan_year": INT, "measure": STR, "cumulative": BOOL}),
    "TargetSplitRequest": obj({"task_number": INT, "indicator": STR, "unit_code": STR},
                              {"plan_year": INT, "target": NUM, "reason": STR}),
    "TargetRemoveRequest": obj({"task_number": INT, "indicator": STR}, {"plan_year": INT}),
    "TargetConfirmRequest": obj({"task_number": INT, "indicators": arr(STR)}, {"plan_year": INT}),
    "TargetList": obj({"plan_year": INT, "indicators": arr(ref("Indicator")), "warnings": arr(ref("LocalizedText"))}),
    "IndicatorStanding": obj({"task_id": INT64, "task_number": INT, "indicator": STR, "measure": STR, "target": NUM,
                              "expected": NUM, "gap": NUM, "completion": NUM, "expected_percent": NUM, "gap_points": NUM,
                              "basis": ref("ScheduleBasis"), "city_standard": BOOL, "date": DATE},
                             {"unit_code": STR, "actual": NUM}),
    "IndicatorTaskProgress": obj({"task_id": INT64, "task_number": INT, "title": STR, "progress": ref("ProgressStanding")}),
    "IndicatorReport": obj({"plan_year": INT, "date": DATE, "rule": ref("ProgressLightRule"),
                            "rows": arr(ref("IndicatorStanding")), "tasks": arr(ref("IndicatorTaskProgress"))}),
    "SyncResponse": obj({"epoch": STR, "epoch_changed": BOOL, "results": arr(ref("MutationResult")),
                         "changes": arr(ref("ChangeRecord")), "cursor": INT64, "has_more": BOOL, "reference_version": INT64,
                         "server_time": TIME},
                        {"reference": ref("ReferenceData")}),
    "ScopeDigest": obj({"task_id": INT64, "revisions": INT, "checksum": SHA}),
    "SyncVerification": obj({"scopes": arr(ref("ScopeDigest"))}),
    "SyncWaitResponse": obj({"changed": BOOL, "cursor": INT64, "waited": {"type": "number", "minimum": 0}},
                            description="changed: a change the caller may see exists after `after` (sync now); "
                                        "cursor: the newest change number the server knew of"),
    "ScopeSnapshot": obj({"task_id": INT64, "revisions": arr(ref("ReportRevisionRecord"))}),
    "SyncHistoryPage": obj({"task_id": INT64, "changes": arr(ref("ChangeRecord")), "last": INT64, "has_more": BOOL}),

    # Supervision
    "UnitStanding": obj({"task_id": INT64, "task_number": INT, "task_title": STR, "unit_code": STR, "unit_name": STR,
                         "role": ref("AssignmentRole"), "scheduled_due_date": DATE, "timeliness": ref("TimelinessState"),
                         "light": ref("StatusLight"), "reasons": arr(ref("LightReason")), "urges": INT},
                        {"extended_to": DATE, "days_late": INT, "first_received_at": TIME, "first_authored_at": TIME,
                         "review_state": ref("ReviewState"), "percent": NUM, "open_order": ref("OrderGrade"),
                         "schedule": ref("ProgressStanding")}),
    "TaskStanding": obj({"task_id": INT64, "task_number": INT, "title": STR, "not_applicable": BOOL,
                         "reasons": arr(ref("LightReason")), "lead_unit_codes": arr(STR)},
                        {"light": ref("StatusLight"), "target": NUM, "progress": NUM, "schedule": ref("ProgressStanding")}),
    "SupervisionOverview": obj({"plan_id": INT64, "plan_year": INT, "node_id": INT64, "node_date": DATE, "evaluated_at": TIME,
                                "time_zone": STR, "tasks": arr(ref("TaskStanding")), "units": arr(ref("UnitStanding"))}),
    "UrgeRequest": obj({"task_number": INT, "unit_code": STR, "message": STR},
                       {"node_date": DATE, "plan_year": INT, "reason": ref("SupervisionReason")}),
    "UrgeRecord": obj({"id": INT64, "task_id": INT64, "task_number": INT, "unit_code": STR, "node_id": INT64, "node_date": DATE,
                       "message": STR, "timeliness": ref("TimelinessState"), "urged_by": STR, "created_at": TIME},
                      {"reason": ref("SupervisionReason"), "figures": ref("ProgressStanding")}),
    "OrderRequest": obj({"note": STR}, {"task_number": INT, "unit_code": STR, "plan_year": INT, "reason": ref("SupervisionReason")}),
    "OrderEvent": obj({"action": enum("issued", "escalated", "closed"), "grade": ref("OrderGrade"), "note": STR, "by": STR,
                       "at": TIME}),
    "SupervisionOrderRecord": obj({"id": INT64, "task_id": INT64, "task_number": INT, "unit_code": STR,
                                   "grade": ref("OrderGrade"), "state": ref("OrderState"), "history": arr(ref("OrderEvent"))},
                                  {"reason": ref("SupervisionReason"), "figures": ref("ProgressStanding")}),
    "ExtensionDecisionRequest": obj({"decision": enum("grant", "exempt", "refuse")}, {"due_date": DATE, "note": STR}),
    "ExtensionRecord": obj({"id": UUID, "task_id": INT64, "task_number": INT, "unit_code": STR, "node_id": INT64,
                            "node_date": DATE, "role": ref("AssignmentRole"), "scheduled_due_date": DATE, "reason": STR,
                            "state": ref("ExtensionState"), "requested_by": STR, "requested_at": TIME},
                           {"requested_due_date": DATE, "granted_due_date": DATE, "decision_note": STR, "decided_by": STR,
                            "decided_at": TIME}),
    "CircularDraftRequest": obj({"node_date": DATE}, {"plan_year": INT}),
    "CircularEditRequest": obj(None, {"title": STR, "body": STR}),
    "CircularTaskLine": obj({"task_number": INT, "title": STR, "light": ref("StatusLight"), "reasons": arr(ref("LightReason"))},
                            {"schedule": ref("ProgressStanding"), "figures": arr(STR)}),
    "CircularUnitLine": obj({"unit_code": STR, "unit_name": STR, "task_number": INT, "role": ref("AssignmentRole"),
                             "timeliness": ref("TimelinessState")},
                            {"days_late": INT}),
    "CircularSnapshot": obj({"taken_at": TIME, "node_date": DATE, "tasks_on_schedule": arr(ref("CircularTaskLine")),
                             "tasks_behind": arr(ref("CircularTaskLine")), "late_units": arr(ref("CircularUnitLine")),
                             "missing_units": arr(ref("CircularUnitLine")), "commended": arr(STR), "criticized": arr(STR)}),
    "CircularRecord": obj({"id": INT64, "plan_year": INT, "node_date": DATE, "state": ref("CircularState"), "title": STR,
                           "body": STR, "snapshot": ref("CircularSnapshot"), "drafted_by": STR, "updated_at": TIME},
                          {"number": INT, "document_number": STR, "issued_by": STR, "issued_at": TIME}),
    "CircularList": obj({"circulars": arr(ref("CircularRecord"))}),
    "InspectionRequest": obj({"task_number": INT, "kind": ref("InspectionKind"), "inspected_on": DATE, "inspectors": arr(STR),
                              "findings": STR},
                             {"unit_code": STR, "plan_year": INT, "rectification": STR, "rectification_due": DATE}),
    "InspectionNoteRequest": obj({"note": STR}),
    "InspectionEvent": obj({"action": enum("recorded", "progress", "closed"), "note": STR, "by": STR, "at": TIME}),
    "InspectionRecord": obj({"id": INT64, "task_id": INT64, "task_number": INT, "unit_code": STR, "kind": ref("InspectionKind"),
                             "inspected_on": DATE, "inspectors": arr(STR), "findings": STR, "state": ref("InspectionState"),
                             "history": arr(ref("InspectionEvent"))},
                            {"rectification": STR, "rectification_due": DATE}),
    "SupervisionLists": obj({"urges": arr(ref("UrgeRecord")), "orders": arr(ref("SupervisionOrderRecord")),
                             "extensions": arr(ref("ExtensionRecord")), "inspections": arr(ref("InspectionRecord"))}),

    # Assessment
    "AssessmentCriterion": obj({"code": STR, "name_zh": STR, "name_en": STR, "max_score": NUM, "weight": NUM},
                               {"prefill": STR}),
    "AssessmentRecord": obj({"id": UUID, "plan_year": INT, "task_id": INT64, "task_number": INT, "unit_code": STR,
                             "unit_name": STR, "lead_unit_code": STR, "scores": NUMBERS, "prefilled": NUMBERS,
                             "reasons": TEXTS, "comment": STR, "evidence": arr(STR), "total": NUM,
                             "state": ref("AssessmentState"), "version": INT, "written_by": STR, "written_at": TIME},
                            {"review_note": STR, "reviewed_at": TIME}),
    "AssessmentTable": obj({"plan_year": INT, "criteria": arr(ref("AssessmentCriterion")),
                            "assessments": arr(ref("AssessmentRecord"))}),
    "AssessmentReviewRequest": obj({"decision": ref("ReviewDecision")}, {"note": STR}),

    # Oversight
    "ReportingCounts": obj({"expected": INT, "received": INT, "on_time": INT, "reporting_rate": nullable(NUM),
                            "on_time_rate": nullable(NUM)}),
    "TaskProgressRow": obj({"task_number": INT, "title": STR, "not_applicable": BOOL, "lead_units": arr(STR),
                            "reasons": arr(ref("LightReason")), "counts": ref("ReportingCounts")},
                           {"light": ref("StatusLight"), "target": NUM, "progress": NUM, "last_update": TIME,
                            "schedule": ref("ProgressStanding")}),
    "NodeCompletenessRow": obj({"node_date": DATE, "tier": ref("AssignmentRole"), "due_date": DATE,
                                "counts": ref("ReportingCounts")}),
    "UnitTimelinessRow": obj({"unit_code": STR, "unit_name": STR, "tier": ref("AssignmentRole"), "counts": ref("ReportingCounts")}),
    "OverdueRow": obj({"task_number": INT, "task_title": STR, "unit_code": STR, "unit_name": STR, "tier": ref("AssignmentRole"),
                       "node_date": DATE, "due_date": DATE, "timeliness": ref("TimelinessState"), "urges": INT},
                      {"days_late": INT, "received_at": TIME, "open_order": ref("OrderGrade")}),
    "StatusLightRow": obj({"task_number": INT, "task_title": STR, "light": ref("StatusLight"), "reasons": arr(ref("LightReason"))},
                          {"unit_code": STR, "unit_name": STR, "node_date": DATE, "target": NUM, "progress": NUM,
                           "schedule": ref("ProgressStanding")}),

    # Public
    "PublicTaskProgress": obj({"number": INT, "title": STR, "content": STR, "completion_standard": STR, "not_applicable": BOOL,
                               "lead_units": arr(STR), "indicators": arr(ref("PublicIndicator")),
                               "history": arr(ref("PublicSummaryEntry"))},
                              {"percent": NUM, "summary": STR, "node_date": DATE, "updated_at": TIME, "light": ref("StatusLight")}),
    "PublicIndicator": obj({"name": STR, "measure": STR, "target": NUM, "city_standard": BOOL}, {"done": NUM}),
    "PublicSummaryEntry": obj({"node_date": DATE, "summary": STR, "accepted_at": TIME}),
    "PublicProgress": obj({"tasks": arr(ref("PublicTaskProgress"))}, {"plan_year": INT, "plan_title": STR}),
}

for view, row in [("Progress", "TaskProgressRow"), ("Completeness", "NodeCompletenessRow"), ("Timeliness", "UnitTimelinessRow"),
                  ("Overdue", "OverdueRow"), ("Lights", "StatusLightRow")]:
    SCHEMAS[f"Oversight{view}Answer"] = obj({"plan_year": INT, "evaluated_at": TIME, "rows": arr(ref(row))}, {"node_date": DATE})

# ---------------------------------------------------------------------------------------------------
# Responses

# The admins' imports (POST /v1/admin/plans/import, /v1/admin/units/import).
SCHEMAS.update({
    "UnitMatch": obj({"written": STR, "how": enum("name", "alias", "collective", "mapped", "unresolved"),
                      "codes": arr(STR), "names": arr(STR), "nearest": arr(STR), "vague": BOOL}),
    "PlanPreviewNode": obj({"ordinal": INT, "node_date": DATE, "lead_due_date": DATE, "responsible_due_date": DATE},
                           {"source": STR}),
    "PlanPreviewDateLine": obj({"date": DATE, "what": STR, "source": STR}),
    "PlanPreviewProposedTarget": obj({"name": STR, "measure": STR, "target": NUM, "phrase": STR}),
    "PlanPreviewTask": obj({"number": INT, "title": STR, "lead": arr(ref("UnitMatch")), "responsible": arr(ref("UnitMatch")),
                            "sub_items": arr(STR), "proposed_indicators": arr(ref("PlanPreviewProposedTarget"))},
                           {"label": STR, "group": STR, "deadline": STR, "not_applicable": STR,
                            "people": {"type": "object", "additionalProperties": STR},
                            "other_columns": {"type": "object", "additionalProperties": STR}}),
    "PlanPreviewWarning": obj({"code": STR, "message": ref("LocalizedText")}, {"location": STR}),
    "PlanChange": obj({"kind": enum("plan_facts", "task_created", "task_updated", "task_closed", "task_reopened",
                                    "node_created", "node_moved", "node_removed", "assignment_added",
                                    "assignment_changed", "assignment_removed", "unit_created")},
                      {"task": INT, "node": INT, "unit": STR, "from": STR, "to": STR}),
    "PlanPreviewUnresolved": obj({"name": STR, "tasks": arr(INT), "nearest": arr(STR), "vague": BOOL}),
    "PlanPreview": obj({"title": STR, "year": INT, "time_zone": STR, "responsible_lead_days": INT,
                        "nodes": arr(ref("PlanPreviewNode")), "plan_dates": arr(ref("PlanPreviewDateLine")),
                        "tasks": arr(ref("PlanPreviewTask")), "warnings": arr(ref("PlanPreviewWarning")),
                        "roster_checked": BOOL, "unresolved": arr(ref("PlanPreviewUnresolved"))},
                       {"issuer": STR, "document_number": STR, "issued_on": DATE, "responsible_lead_days_source": STR,
                        "changes": arr(ref("PlanChange"))}),
    "ImportedUnit": obj({"code": STR, "name": STR, "kind": ref("UnitKind")}, {"parent_code": STR}),
    "PlanImportSummary": obj({"plan_id": INT64, "year": INT, "title": STR, "plan_created": BOOL, "plan_updated": BOOL,
                              "tasks_created": INT, "tasks_updated": INT, "tasks_unchanged": INT,
                              "tasks_closed": arr(INT), "tasks_reopened": arr(INT), "nodes_created": INT,
                              "nodes_updated": INT, "nodes_removed": INT, "assignments_added": INT,
                              "assignments_updated": INT, "assignments_removed": INT, "indicators_proposed": INT,
                              "units_created": arr(ref("ImportedUnit")), "changed": BOOL}),
    "PlanImportResult": obj({"dry_run": BOOL, "preview": ref("PlanPreview")}, {"summary": ref("PlanImportSummary")}),
    "UnitImportResult": obj({"dry_run": BOOL, "created": arr(STR), "updated": arr(STR), "unchanged": INT}),
    "CarryOverRequest": obj({"from_year": INT, "task_number": INT}, {"to_year": INT}),
    "CarryOverResult": obj({"from_year": INT, "from_number": INT, "from_task_id": INT64, "to_year": INT, "to_plan_title": STR,
                            "task_id": INT64, "number": INT, "title": STR, "unit_codes": arr(STR)}),
})

ERROR_TEXT = {
    400: ("malformed request: not a JSON object, a field missing or of the wrong type, an unknown field, a bad "
          "parameter, a NUL in the path or query"),
    401: "no token, or an unknown, expired or revoked one (auth.required, auth.invalid_token)",
    403: "the role may not call this, the account is disabled, or its one-time password must be changed first",
    404: "no such record (or not the caller's to see)",
    409: "the record's state does not allow this",
    413: "the request body is too large",
    415: "unsupported media type",
    422: "well-formed but invalid",
    429: "too many failed sign-ins: refused for a while (Retry-After)",
    503: "the database is unavailable (Retry-After)",
}


def error(status):
    response = {"description": ERROR_TEXT[status],
                "content": {"application/json": {"schema": ref("ApiError")}}}
    if status in (429, 503):
        response["headers"] = {"Retry-After": {"schema": INT, "description": "seconds"}}
    return response


def json_response(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


HTML = {"text/html": {"schema": STR}}
HTML_OR_ERROR = {**HTML, "application/json": {"schema": ref("ApiError")}}

# ---------------------------------------------------------------------------------------------------
# Parameters


def path_param(name, schema, description=None):
    p = {"name": name, "in": "path", "required": True, "schema": schema}
    if description:
        p["description"] = description
    return p


def query(name, schema, description=None, required=False):
    p = {"name": name, "in": "query", "required": required, "schema": schema}
    if description:
        p["description"] = description
    return p


YEAR = query("year", {"type": "integer", "minimum": 2000, "maximum": 2200}, "the plan's year; the newest plan when absent")
NODE = query("node", DATE, "a reporting node's date")
UNIT = query("unit", STR, "a unit's code")
PUBLIC_YEAR = query("year", {"type": "string", "pattern": "^[0-9]{4}$"}, "the plan's year; the newest plan when absent")
RECORD_ID = path_param("id", {"type": "integer", "format": "int64", "minimum": 1})
UUID_ID = path_param("id", UUID)
SHA_PARAM = path_param("sha256", {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"}, "the file's SHA-256")

# ---------------------------------------------------------------------------------------------------
# Operations
#
# access: "anyone", or a list of roles (plus "during_password_change" for the routes an account with a
# one-time password may still call). It mirrors each route's `Access` rule; the test compares them.

ALL = ["admin", "staff", "supervisor", "oversight"]
OPS = []


def op(method, path, op_id, summary, access, ok, errors=(), params=(), body=None, during_password_change=False, tag=None):
    OPS.append(dict(method=method, path=path, op_id=op_id, summary=summary, access=access, ok=ok, errors=errors,
                    params=params, body=body, during=during_password_change, tag=tag))


def ok(status, description, schema=None):
    if schema is None:
        return {status: {"description": description}}
    return {status: json_response(description, schema)}


# Health
op("get", "/healthz", "health", "The process answers", "anyone", ok(200, "up", ref("Health")), tag="health")
op("get", "/readyz", "readiness", "The database answers and every migration is applied unchanged", "anyone",
   {200: json_response("ready", ref("Readiness")),
    503: {"description": "not ready: the database is unreachable or the schema is not current",
          "headers": {"Retry-After": {"schema": INT}},
          "content": {"application/json": {"schema": ref("Readiness")}}}}, tag="health")

op("get", "/metrics", "metrics", "Prometheus metrics (text format 0.0.4); the proxy lets only the monitoring network reach it",
   "anyone", {200: {"description": "the metrics", "content": {"text/plain": {"schema": STR}}}}, tag="health")

# Session
op("post", "/v1/session", "signIn", "Sign in: a bearer token bound to the device", "anyone",
   ok(201, "signed in", ref("SignInResponse")), (400, 401, 403, 413, 422, 429, 503), body=ref("SignInRequest"), tag="session")
op("delete", "/v1/session", "signOut", "Sign out this device (revoke the token used)", ALL,
   ok(204, "revoked"), (401, 403, 503), during_password_change=True, tag="session")
op("get", "/v1/me", "me", "The caller's account and session", ALL,
   ok(200, "the account", ref("MeResponse")), (401, 403, 503), during_password_change=True, tag="session")
op("post", "/v1/me/password", "changePassword", "Change the caller's password (other devices are signed out)", ALL,
   ok(204, "changed"), (400, 401, 403, 413, 422, 503), body=ref("ChangePasswordRequest"), during_password_change=True,
   tag="session")

# Units and accounts
op("get", "/v1/units", "listUnits", "Every unit", ALL, ok(200, "units", ref("UnitList")), (401, 403, 503), tag="units")
op("post", "/v1/admin/units", "createUnit", "Add a unit", ["admin"], ok(201, "created", ref("UnitInfo")),
   (400, 401, 403, 404, 409, 413, 422, 503), body=ref("CreateUnitRequest"), tag="units")
op("post", "/v1/admin/units/{code}/disable", "disableUnit", "Disable a unit", ["admin"], ok(200, "disabled", ref("UnitInfo")),
   (401, 403, 404, 503), params=[path_param("code", STR)], tag="units")
op("post", "/v1/admin/units/import", "importUnits", "Import a unit roster CSV (the body); ?dry_run=true writes nothing",
   ["admin"], ok(200, "what the roster created, updated or left (or would)", ref("UnitImportResult")),
   (400, 401, 403, 409, 413, 422, 503), params=[query("dry_run", BOOL, "say what would change and write nothing")],
   body="octets", tag="units")
op("post", "/v1/admin/plans/import", "importPlan",
   "Import a notice's plan (the body: .docx or UTF-8 text); ?dry_run=true answers the preview and writes nothing",
   ["admin"], ok(200, "the preview, and unless a dry run what the import changed", ref("PlanImportResult")),
   (400, 401, 403, 409, 413, 422, 503),
   params=[query("dry_run", BOOL, "answer the preview and write nothing"),
           query("create_missing", BOOL, "create units for names the roster lacks"),
           query("name", STR, "the file's name (.docx or .txt), stored as the plan's source"),
           query("year", INT, "the plan year, when the notice does not say it"),
           query("nodes", STR, "the reporting nodes, comma-separated YYYY-MM-DD"),
           query("lead_days", INT, "days before each node the responsible units report to their lead"),
           query("issuer", STR, "the issuing office(s)"), query("title", STR, "the plan's title"),
           query("map", STR, "NAME=CODE,CODE: what a name stands for in this import (repeatable)")],
   body="octets", tag="units")
op("post", "/v1/admin/plans/carry-over", "carryOverTask",
   "Carry an unfinished task of an earlier year's plan into a later plan (the newest, or to_year), linked to it",
   ["admin"], ok(201, "the task made in the later plan", ref("CarryOverResult")),
   (400, 401, 403, 404, 409, 413, 422, 503), body=ref("CarryOverRequest"), tag="units")
op("get", "/v1/accounts", "listVisibleAccounts",
   "Accounts the caller may see: a unit's staff their own unit's, the office, oversight and admins every unit's", ALL,
   ok(200, "accounts", ref("AccountList")), (400, 401, 403, 503), params=[UNIT], tag="accounts")
op("get", "/v1/admin/accounts", "listAccounts", "Accounts, optionally of one unit", ["admin", "oversight", "supervisor"],
   ok(200, "accounts", ref("AccountList")), (401, 403, 503), params=[UNIT], tag="accounts")
op("post", "/v1/admin/accounts", "createAccount", "Create an account with a one-time password", ["admin"],
   ok(201, "created", ref("AccountWithPassword")), (400, 401, 403, 404, 409, 413, 422, 503), body=ref("CreateAccountRequest"),
   tag="accounts")
LOGIN = path_param("login", STR)
op("post", "/v1/admin/accounts/{login}/disable", "disableAccount", "Disable an account and revoke its sessions", ["admin"],
   ok(200, "disabled", ref("AccountInfo")), (401, 403, 404, 422, 503), params=[LOGIN], tag="accounts")
op("post", "/v1/admin/accounts/{login}/enable", "enableAccount", "Enable an account", ["admin"],
   ok(200, "enabled", ref("AccountInfo")), (401, 403, 404, 503), params=[LOGIN], tag="accounts")
op("post", "/v1/admin/accounts/{login}/reset-password", "resetPassword", "Reset a password to a one-time password", ["admin"],
   ok(200, "reset", ref("AccountWithPassword")), (401, 403, 404, 503), params=[LOGIN], tag="accounts")
op("post", "/v1/admin/accounts/{login}/revoke-sessions", "revokeSessions", "Revoke every session of an account", ["admin"],
   ok(200, "revoked", ref("RevokedSessions")), (401, 403, 404, 503), params=[LOGIN], tag="accounts")

# Audit
op("get", "/v1/audit", "listAudit", "The audit trail, filtered, oldest first", ["admin", "supervisor", "oversight"],
   ok(200, "entries", ref("AuditList")), (401, 403, 422, 503),
   params=[UNIT, query("account", STR, "an account's login"), query("entity_type", STR), query("entity_id", STR),
           query("since", TIME), query("until", TIME), query("after_id", {"type": "integer", "format": "int64", "minimum": 0}),
           query("limit", {"type": "integer", "minimum": 1, "maximum": 1000})], tag="audit")
op("get", "/v1/audit/verify", "verifyAudit", "Seal and recompute the audit hash chain", ["admin", "supervisor", "oversight"],
   ok(200, "the chain's state", ref("AuditVerification")), (401, 403, 503), tag="audit")
op("get", "/v1/audit/chain", "auditChain", "The sealed audit entries in chain order, for a verifier to recompute",
   ["admin", "supervisor", "oversight"], ok(200, "one page of entries", ref("AuditChainPage")), (400, 401, 403, 422, 503),
   params=[query("after_seq", {"type": "integer", "format": "int64", "minimum": 0}),
           query("limit", {"type": "integer", "minimum": 1, "maximum": 5000})], tag="audit")
op("get", "/v1/audit/checkpoints", "auditCheckpoints", "The signed checkpoints of the audit chain and the server's public key",
   ["admin", "supervisor", "oversight"], ok(200, "every checkpoint, oldest first", ref("AuditCheckpointList")),
   (400, 401, 403, 503), tag="audit")

# Assignments and sync
op("get", "/v1/assignments", "listAssignments", "Assignments the caller may see", ALL,
   ok(200, "assignments", ref("AssignmentList")), (401, 403, 503), tag="sync")
op("post", "/v1/sync", "sync", "Push the outbox, pull the changes", ALL,
   ok(200, "results and changes (gzip-compressed when large and accepted)", ref("SyncResponse")),
   (400, 401, 403, 413, 503), body=ref("SyncRequest"), tag="sync")
op("get", "/v1/sync/verify", "syncVerify", "Per task, how many report revisions the caller should hold, and their checksum", ALL,
   ok(200, "digests", ref("SyncVerification")), (401, 403, 503), tag="sync")
op("get", "/v1/sync/wait", "syncWait", "Long polling: answer when a change the caller may see exists after `after`, or after `timeout` seconds",
   ALL, ok(200, "changed or timed out", ref("SyncWaitResponse")), (400, 401, 403, 503),
   params=[query("after", {"type": "integer", "format": "int64", "minimum": 0}, "the caller's cursor", required=True),
           query("timeout", {"type": "integer", "minimum": 0, "maximum": 300},
                 "seconds to wait at most (capped by DUBAN_WATCH_MAX_WAIT, default 25)")], tag="sync")
op("get", "/v1/sync/scope/{task_id}", "syncScope", "Every report revision of a task the caller may see", ALL,
   ok(200, "revisions", ref("ScopeSnapshot")), (400, 401, 403, 503),
   params=[path_param("task_id", {"type": "integer", "format": "int64"})], tag="sync")
op("get", "/v1/sync/history/{task_id}", "syncHistory",
   "The changes of one task the caller may see, after a number and up to another: the task's earlier history for a unit that starts leading it",
   ALL, ok(200, "one page of the task's history", ref("SyncHistoryPage")), (400, 401, 403, 503),
   params=[path_param("task_id", {"type": "integer", "format": "int64"}),
           query("after", {"type": "integer", "format": "int64", "minimum": 0}, "changes numbered after this (default 0)"),
           query("through", {"type": "integer", "format": "int64"}, "changes numbered up to this (default: all)"),
           query("limit", {"type": "integer", "minimum": 1, "maximum": 1000}, "at most this many changes (default 1000)")],
   tag="sync")

# Evidence
op("post", "/v1/evidence", "declareEvidence", "Declare an evidence file before uploading it", ["staff"],
   ok(200, "what the server holds of it", ref("EvidenceStatus")), (400, 401, 403, 409, 413, 415, 422, 503),
   body=ref("EvidenceDeclaration"), tag="evidence")
op("get", "/v1/evidence/{sha256}/status", "evidenceStatus", "How much of a file the server holds", ALL,
   ok(200, "status", ref("EvidenceStatus")), (401, 403, 404, 422, 503), params=[SHA_PARAM], tag="evidence")
EVIDENCE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                  "text/plain", "text/csv", "video/mp4"]
op("put", "/v1/evidence/{sha256}", "uploadEvidence", "Upload a chunk at ?offset= (resumable)", ["staff"],
   ok(200, "status after the chunk", ref("EvidenceStatus")), (400, 401, 403, 404, 409, 413, 415, 422, 503),
   params=[SHA_PARAM, query("offset", {"type": "integer", "format": "int64", "minimum": 0}, "bytes the server holds",
                            required=True)],
   body="octets", tag="evidence")
op("get", "/v1/evidence/{sha256}", "downloadEvidence", "Download a complete file", ALL,
   {200: {"description": "the file, with its media type",
          "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in EVIDENCE_TYPES}}},
   (401, 403, 404, 422, 503), params=[SHA_PARAM], tag="evidence")

# Supervision
READERS = ["supervisor", "oversight"]
OFFICE = ["supervisor"]
op("get", "/v1/supervision/overview", "supervisionOverview", "How every unit stands at a node", READERS,
   ok(200, "overview", ref("SupervisionOverview")), (400, 401, 403, 404, 422, 503), params=[YEAR, NODE], tag="supervision")
op("get", "/v1/supervision/records", "supervisionRecords", "Urges, orders, extension requests, inspections", READERS,
   ok(200, "records", ref("SupervisionLists")), (401, 403, 503), tag="supervision")
OFFICE_WRITE = (400, 401, 403, 404, 409, 413, 422, 503)
op("post", "/v1/supervision/urges", "urge", "Urge a unit that is late or missing", OFFICE,
   ok(201, "urged", ref("UrgeRecord")), OFFICE_WRITE, body=ref("UrgeRequest"), tag="supervision")
op("post", "/v1/supervision/orders", "issueOrder", "Issue a supervision order", OFFICE,
   ok(201, "issued", ref("SupervisionOrderRecord")), OFFICE_WRITE, body=ref("OrderRequest"), tag="supervision")
op("post", "/v1/supervision/orders/{id}/escalate", "escalateOrder", "Escalate an order to the next grade", OFFICE,
   ok(200, "escalated", ref("SupervisionOrderRecord")), OFFICE_WRITE, params=[RECORD_ID], body=ref("OrderRequest"),
   tag="supervision")
op("post", "/v1/supervision/orders/{id}/close", "closeOrder", "Close an order", OFFICE,
   ok(200, "closed", ref("SupervisionOrderRecord")), OFFICE_WRITE, params=[RECORD_ID], body=ref("OrderRequest"),
   tag="supervision")
op("post", "/v1/supervision/extensions/{id}/decision", "decideExtension", "Grant, exempt or refuse a request for more time",
   OFFICE, ok(200, "decided", ref("ExtensionRecord")), OFFICE_WRITE, params=[UUID_ID], body=ref("ExtensionDecisionRequest"),
   tag="supervision")
op("get", "/v1/supervision/circulars", "listCirculars", "Circulars, drafts and issued", READERS,
   ok(200, "circulars", ref("CircularList")), (401, 403, 503), tag="supervision")
op("post", "/v1/supervision/circulars", "draftCircular", "Draft a circular for a node", OFFICE,
   ok(201, "drafted", ref("CircularRecord")), OFFICE_WRITE, body=ref("CircularDraftRequest"), tag="supervision")
op("get", "/v1/supervision/circulars/{id}", "getCircular", "One circular", READERS,
   ok(200, "the circular", ref("CircularRecord")), (400, 401, 403, 404, 503), params=[RECORD_ID], tag="supervision")
op("put", "/v1/supervision/circulars/{id}", "editCircular", "Edit a draft", OFFICE,
   ok(200, "edited", ref("CircularRecord")), OFFICE_WRITE, params=[RECORD_ID], body=ref("CircularEditRequest"),
   tag="supervision")
op("post", "/v1/supervision/circulars/{id}/issue", "issueCircular", "Issue a draft with the year's next number", OFFICE,
   ok(200, "issued", ref("CircularRecord")), (400, 401, 403, 404, 409, 422, 503), params=[RECORD_ID], tag="supervision")
op("post", "/v1/supervision/inspections", "addInspection", "Record an inspection", OFFICE,
   ok(201, "recorded", ref("InspectionRecord")), OFFICE_WRITE, body=ref("InspectionRequest"), tag="supervision")
op("post", "/v1/supervision/inspections/{id}/progress", "inspectionProgress", "Note rectification progress", OFFICE,
   ok(200, "noted", ref("InspectionRecord")), OFFICE_WRITE, params=[RECORD_ID], body=ref("InspectionNoteRequest"),
   tag="supervision")
op("post", "/v1/supervision/inspections/{id}/close", "closeInspection", "Close an inspection", OFFICE,
   ok(200, "closed", ref("InspectionRecord")), OFFICE_WRITE, params=[RECORD_ID], body=ref("InspectionNoteRequest"),
   tag="supervision")

# Targets
EDITORS = ["supervisor", "admin"]
TASK = query("task", {"type": "integer", "minimum": 1}, "one task's number")
op("get", "/v1/targets", "listTargets", "Every task's indicators, targets and splits", ALL,
   ok(200, "indicators", ref("TargetList")), (400, 401, 403, 404, 422, 503), params=[YEAR, TASK], tag="targets")
op("put", "/v1/targets", "setTarget", "Create or change one indicator of a task", EDITORS,
   ok(200, "the task's indicators", ref("TargetList")), OFFICE_WRITE, body=ref("TargetSetRequest"), tag="targets")
op("post", "/v1/targets/split", "splitTarget", "Set or remove one unit's share of an indicator", EDITORS,
   ok(200, "the task's indicators", ref("TargetList")), OFFICE_WRITE, body=ref("TargetSplitRequest"), tag="targets")
op("post", "/v1/targets/remove", "removeTarget", "Remove an indicator and its split", EDITORS,
   ok(200, "the task's indicators", ref("TargetList")), OFFICE_WRITE, body=ref("TargetRemoveRequest"), tag="targets")
op("post", "/v1/targets/confirm", "confirmTargets", "Confirm a task's proposed indicators", EDITORS,
   ok(200, "the task's indicators", ref("TargetList")), OFFICE_WRITE, body=ref("TargetConfirmRequest"), tag="targets")

# Assessment
op("get", "/v1/assessments", "listAssessments", "The plan's criteria and the sheets the caller may see",
   ["oversight", "supervisor", "staff"], ok(200, "sheets", ref("AssessmentTable")), (400, 401, 403, 404, 503), params=[YEAR],
   tag="assessment")
op("post", "/v1/supervision/assessments/{id}/review", "reviewAssessment", "Accept or return a submitted sheet", OFFICE,
   ok(200, "reviewed", ref("AssessmentRecord")), OFFICE_WRITE, params=[UUID_ID], body=ref("AssessmentReviewRequest"),
   tag="assessment")

# Oversight
for view, params in [("progress", [YEAR, NODE]), ("completeness", [YEAR]), ("timeliness", [YEAR, NODE, UNIT]),
                     ("overdue", [YEAR, NODE, UNIT]), ("lights", [YEAR, UNIT])]:
    op("get", f"/v1/oversight/{view}", f"oversight{view.capitalize()}", f"The {view} view", ["oversight", "supervisor"],
       ok(200, "rows", ref(f"Oversight{view.capitalize()}Answer")), (400, 401, 403, 404, 422, 503), params=params,
       tag="oversight")
op("get", "/v1/oversight/indicators", "oversightIndicators",
   "Targets, 序时 expected values, actuals and gaps per task, indicator and unit", ["oversight", "supervisor"],
   ok(200, "figures", ref("IndicatorReport")), (400, 401, 403, 404, 422, 503),
   params=[YEAR, TASK, UNIT, query("date", DATE, "the day of the figures; today in the plan's time zone when absent")],
   tag="oversight")

# Public
NOT_MODIFIED = {304: {"description": "the client holds this version (If-None-Match)"}}
op("get", "/public", "publicIndex", "The public progress page", "anyone",
   {200: {"description": "the page", "content": HTML}, **NOT_MODIFIED,
    400: {"description": "a malformed year (an HTML page), or a NUL in the address (an ApiError)", "content": HTML_OR_ERROR}, 404: {"description": "no plan for that year", "content": HTML}},
   (503,), params=[PUBLIC_YEAR], tag="public")
op("get", "/public/tasks/{number}", "publicTask", "One task's public page", "anyone",
   {200: {"description": "the page", "content": HTML}, **NOT_MODIFIED,
    400: {"description": "a malformed year (an HTML page), or a NUL in the address (an ApiError)", "content": HTML_OR_ERROR}, 404: {"description": "no such task", "content": HTML}},
   (503,), params=[PUBLIC_YEAR, path_param("number", {"type": "integer"})], tag="public")
op("get", "/public/progress.json", "publicProgress", "The public progress data", "anyone",
   {200: json_response("progress", ref("PublicProgress")), **NOT_MODIFIED}, (404, 422, 503), params=[PUBLIC_YEAR],
   tag="public")

# ---------------------------------------------------------------------------------------------------
# Assembly


def operation(o):
    result = {"operationId": o["op_id"], "summary": o["summary"], "tags": [o["tag"]]}
    if o["access"] == "anyone":
        result["security"] = []
        result["x-duban-access"] = {"anyone": True}
    else:
        result["security"] = [{"bearer": []}]
        result["x-duban-access"] = {"roles": sorted(o["access"]), "during_password_change": o["during"]}
    if o["params"]:
        result["parameters"] = list(o["params"])
    if o["body"] == "octets":
        result["requestBody"] = {"required": True,
                                 "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
    elif o["body"] is not None:
        result["requestBody"] = {"required": True, "content": {"application/json": {"schema": o["body"]}}}
    responses = {str(k): v for k, v in o["ok"].items()}
    # Every route: 400 for a path or query holding an encoded NUL (or a request the router cannot
    # parse), 413 for a body larger than the route takes (none for GET and DELETE).
    for status in sorted(set(o["errors"]) | {400, 413}):
        responses.setdefault(str(status), error(status))
    result["responses"] = dict(sorted(responses.items()))
    return result


def document():
    paths = {}
    for o in OPS:
        paths.setdefault(o["path"], {})[o["method"]] = operation(o)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Duban API",
            "version": "1",
            "description": ("duban-server's HTTP API. Bodies are JSON with snake_case keys, ISO-8601 UTC times and "
                            "YYYY-MM-DD dates; optional fields are left out when empty. Every error is an ApiError with "
                            "an English and a Chinese sentence and the request's id; every answer carries it as `X-Request-Id` (a "
                            "well-formed incoming one, 1-64 characters of A-Za-z0-9._-, is kept). "
                            "`x-duban-access` repeats each route's access rule. "
                            "Generated by Tools/fuzz-api.d/openapi.py; kept in step with the server by "
                            "Tests/DubanServerTests/OpenAPIDocumentTests.swift."),
        },
        "servers": [{"url": "http://127.0.0.1:8080"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "the token from POST /v1/session"}},
            "schemas": dict(sorted(SCHEMAS.items())),
        },
    }


def main():
    text = json.dumps(document(), ensure_ascii=False, indent=2) + "\n"
    if "--check" in sys.argv[1:]:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is not what {__file__} writes; run it", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(OPS)} operations, {len(SCHEMAS)} schemas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
