-- Grows duban.report_revisions to :target rows, as if the units had written that many report
-- revisions through POST /v1/sync, with everything the server would have written beside them:
-- the report rows (version, head), one change-feed entry per revision (same JSON the server
-- records), and duban.change_counter.seq at the newest change number.
--
--   psql -v target=1000000 -f Tools/bench.d/grow-revisions.sql      (as the owner role, duban)
--
-- Reports go to every (task, unit, node) a unit is really assigned (duban.assignments of tasks
-- that involve the district × the plan's nodes), so every row is one the server could have
-- accepted. Revisions are dealt round-robin over those report slots in a fixed, mixed order, so
-- each unit's changes are spread over the whole change feed, as on a real server. Each assigned
-- unit gets one writer account `bench-u<unit id>` (password hash '!': matches no password, so it
-- can never sign in). Running it again with a larger target appends; a smaller one does nothing.
-- Not written: duban.mutations (the idempotency records; a pull never reads them).
--
-- With -v evidence_every=K (default 0: none), every K-th new revision names one evidence file:
-- its metadata is written as if the unit had uploaded it (duban.evidence_files complete, 200 KiB,
-- image/jpeg; duban.evidence_holders for the unit and its writer account), without the bytes
-- (duban.evidence_chunks stays empty: nobody downloads them in the benchmark).

\set ON_ERROR_STOP on
SET client_min_messages = warning;
\if :{?evidence_every}
\else
  \set evidence_every 0
\endif
BEGIN;

-- Nobody numbers changes while we do: record_change() takes this row's lock too.
SELECT seq AS base_seq FROM duban.change_counter FOR UPDATE \gset
SELECT greatest(:target - count(*), 0) AS add FROM duban.report_revisions \gset

INSERT INTO duban.accounts (unit_id, login, display_name, role, password_hash, must_change_password)
SELECT DISTINCT a.unit_id, 'bench-u' || a.unit_id, 'bench writer ' || u.code, 'staff', '!', true
  FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id
ON CONFLICT (login) DO NOTHING;

CREATE TEMP TABLE bench_slots ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY md5(a.task_id || '/' || a.unit_id || '/' || n.id)) - 1)::bigint AS slot,
       a.task_id, a.unit_id, n.id AS node_id, u.code AS unit_code, w.id AS account_id, w.login,
       md5('bench-device/' || a.unit_id)::uuid AS device_id,
       coalesce(r.id, md5('bench-report/' || a.task_id || '/' || a.unit_id || '/' || n.id)::uuid) AS report_id,
       coalesce(r.version, 0) AS version0
  FROM duban.assignments a
  JOIN duban.tasks t ON t.id = a.task_id AND NOT t.not_applicable
  JOIN duban.reporting_nodes n ON n.plan_id = t.plan_id
  JOIN duban.units u ON u.id = a.unit_id
  JOIN duban.accounts w ON w.login = 'bench-u' || a.unit_id
  LEFT JOIN duban.reports r ON r.task_id = a.task_id AND r.unit_id = a.unit_id AND r.node_id = n.id;
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_temp.bench_slots) THEN
        RAISE EXCEPTION 'no report slots: import a roster and a plan with assignments first';
    END IF;
END $$;
SELECT count(*) AS slots FROM bench_slots \gset

CREATE TEMP TABLE bench_new ON COMMIT DROP AS
SELECT n.seq, s.task_id, s.unit_id, s.node_id, s.unit_code, s.account_id, s.login, s.device_id, s.report_id, n.revision,
       '第' || n.revision || '次进展：' || s.unit_code || ' 已完成任务 ' || s.task_id || ' 本节点的阶段工作，'
           || '入户走访 ' || (n.revision % 97) || ' 户，整改问题 ' || (n.revision % 13) || ' 项，下一步继续推进。' AS text,
       jsonb_build_object('communities_completed', n.revision % 50) AS quantities,
       (n.revision % 101)::numeric(5, 2) AS percent,
       n.received_at - make_interval(secs => n.seq % 7200) AS authored_at,
       n.received_at,
       CASE WHEN :evidence_every > 0 AND n.seq % :evidence_every = 0
            THEN ARRAY[encode(sha256(convert_to('bench-evidence/' || n.seq, 'UTF8')), 'hex')]
            ELSE '{}'::text[] END AS evidence
  FROM (SELECT :base_seq + g AS seq, (g - 1) % :slots AS slot,
               timestamptz '2022-01-04 09:00:00+08' + make_interval(secs => (:base_seq + g) * 20) AS received_at,
               g
          FROM generate_series(1, :add) g) n0
  JOIN bench_slots s ON s.slot = n0.slot
  CROSS JOIN LATERAL (SELECT n0.seq, s.version0 + (n0.g - 1) / :slots + 1 AS revision, n0.received_at) n;

INSERT INTO duban.reports AS r (id, task_id, unit_id, node_id, version, head_revision, open_conflicts, created_at, updated_at)
SELECT report_id, task_id, unit_id, node_id, max(revision), max(revision), 0, min(received_at), max(received_at)
  FROM bench_new GROUP BY report_id, task_id, unit_id, node_id
ON CONFLICT (id) DO UPDATE
   SET version = EXCLUDED.version, head_revision = EXCLUDED.head_revision, open_conflicts = 0, updated_at = EXCLUDED.updated_at;

INSERT INTO duban.report_revisions (report_id, revision, text, quantities, percent, evidence, base_version, in_conflict,
                                    authored_at, received_at, account_id, device_id, mutation_id)
SELECT report_id, revision, text, quantities, percent, evidence, revision - 1, false,
       authored_at, received_at, account_id, device_id, md5('bench-mutation/' || seq)::uuid
  FROM bench_new;

INSERT INTO duban.evidence_files (sha256, size, media_type, received, complete, created_at, completed_at)
SELECT evidence[1], 204800, 'image/jpeg', 204800, true, received_at, received_at
  FROM bench_new WHERE cardinality(evidence) > 0
ON CONFLICT (sha256) DO NOTHING;
INSERT INTO duban.evidence_holders (sha256, unit_id, account_id, name, created_at)
SELECT evidence[1], unit_id, account_id, 'IMG_' || seq || '.jpg', received_at
  FROM bench_new WHERE cardinality(evidence) > 0
ON CONFLICT DO NOTHING;

-- The same JSON the server's ReportWriter records (ChangeRecord, snake_case, ISO 8601 seconds).
INSERT INTO duban.changes (seq, entity_type, entity_id, unit_id, task_id, data, created_at)
SELECT seq, 'report_revision', report_id || '/' || revision, unit_id, task_id,
       jsonb_build_object(
           'seq', 0, 'entity_type', 'report_revision', 'entity_id', report_id || '/' || revision,
           'report_revision', jsonb_build_object(
               'report_id', report_id, 'task_id', task_id, 'unit_code', unit_code, 'node_id', node_id,
               'revision', revision, 'base_version', revision - 1, 'in_conflict', false, 'text', text,
               'quantities', quantities, 'percent', percent,
               'authored_at', to_char(authored_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               'received_at', to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               'account_login', login, 'device_id', device_id,
               'report_version', revision, 'head_revision', revision, 'open_conflicts', 0)
               || CASE WHEN cardinality(evidence) > 0 THEN jsonb_build_object('evidence', to_jsonb(evidence)) ELSE '{}' END),
       received_at
  FROM bench_new;

UPDATE duban.change_counter SET seq = greatest(seq, (SELECT coalesce(max(seq), 0) FROM duban.changes));
COMMIT;
