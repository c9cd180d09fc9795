-- Grows a database holding the sample roster and notice into a city-scale plan: :units units in all,
-- :tasks tasks in the notice's one plan (its reporting nodes unchanged), with assignments shaped for
-- the benchmark. Report revisions come after, from grow-revisions.sql (which deals them over every
-- (task, unit, node) slot this script creates).
--
--   psql -v units=400 -v tasks=300 -v lead_tasks=50 -v lead_units=10 -v big_reports=20000 -f Tools/bench.d/city.sql
--
-- As the owner role (duban), in one transaction: the deferred triggers of 0001_schema_v1.sql check at
-- commit that every task involving the district has a lead. New units are `bench-c<NNN>` (kinds
-- dealt over subdistrict offices, towns and bureaus, under the district government) plus two:
--
--   bench-lead   leads the first :lead_tasks new tasks, each with :lead_units units in all
--                (itself + responsible units): :lead_tasks × :lead_units × nodes reports are
--                visible to it (2 000 with the defaults) — the "initial sync" unit;
--   bench-big    leads every other new task, each with enough units that it sees at least
--                :big_reports reports — the unit whose CLI cache is measured.
--
-- Responsible units are dealt round-robin over the pool (every unit but the two above, the district
-- government and the supervision office), so each pool unit has about the same number of tasks.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
BEGIN;

SELECT id AS plan_id FROM duban.plans ORDER BY id LIMIT 1 \gset
SELECT count(*) AS nodes FROM duban.reporting_nodes WHERE plan_id = :plan_id \gset
SELECT id AS district_id FROM duban.units WHERE kind = 'district_government' ORDER BY id LIMIT 1 \gset
SELECT count(*) AS units_before FROM duban.units \gset
SELECT count(*) AS tasks_before, coalesce(max(number), 0) AS number_before FROM duban.tasks WHERE plan_id = :plan_id \gset

-- Units.
INSERT INTO duban.units (code, name, kind, parent_id)
VALUES ('bench-lead', '压测牵头局', 'bureau', :district_id),
       ('bench-big', '压测综合局', 'bureau', :district_id);
INSERT INTO duban.units (code, name, kind, parent_id)
SELECT 'bench-c' || lpad(g::text, 3, '0'),
       CASE g % 3 WHEN 0 THEN '压测街道' WHEN 1 THEN '压测镇' ELSE '压测局' END || lpad(g::text, 3, '0'),
       CASE g % 3 WHEN 0 THEN 'subdistrict_office' WHEN 1 THEN 'town' ELSE 'bureau' END,
       :district_id
  FROM generate_series(1, greatest(:units - :units_before - 2, 0)) g;

-- Tasks.
SELECT :tasks - :tasks_before AS new_tasks \gset
SELECT :new_tasks > :lead_tasks AS enough_tasks \gset
\if :enough_tasks
\else
  \warn 'city.sql: the plan already has ' :tasks_before ' tasks: :tasks must exceed that by more than :lead_tasks'
  SELECT 1/0;
\endif
SELECT :new_tasks - :lead_tasks AS big_tasks \gset
SELECT ceil(:big_reports::numeric / (:nodes * :big_tasks))::int AS big_units \gset

INSERT INTO duban.tasks (plan_id, number, title, content, completion_standard, district_lead_written, district_responsible_written)
SELECT :plan_id, :number_before + g,
       '压测任务' || g || '：推进城市更新与民生实事第 ' || g || ' 项',
       '按照年度工作要点，完成第 ' || g || ' 项重点工作的组织实施、督促检查和情况报送。',
       '按节点完成并报送佐证材料',
       CASE WHEN g <= :lead_tasks THEN '压测牵头局' ELSE '压测综合局' END,
       '各相关单位'
  FROM generate_series(1, :new_tasks) g;

CREATE TEMP TABLE bench_pool ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY id) - 1)::int AS idx, id
  FROM duban.units
 WHERE code NOT IN ('bench-lead', 'bench-big') AND kind NOT IN ('district_government', 'supervision_office');
SELECT count(*) AS pool FROM bench_pool \gset

CREATE TEMP TABLE bench_tasks ON COMMIT DROP AS
SELECT id, number - :number_before AS g FROM duban.tasks WHERE plan_id = :plan_id AND number > :number_before;

-- Leads.
INSERT INTO duban.assignments (task_id, unit_id, role, written_as)
SELECT t.id, u.id, 'lead', u.name
  FROM bench_tasks t
  JOIN duban.units u ON u.code = CASE WHEN t.g <= :lead_tasks THEN 'bench-lead' ELSE 'bench-big' END;

-- Responsible units, round-robin over the pool.
INSERT INTO duban.assignments (task_id, unit_id, role, written_as)
SELECT t.id, p.id, 'responsible', '各相关单位'
  FROM bench_tasks t
  CROSS JOIN LATERAL generate_series(0, CASE WHEN t.g <= :lead_tasks THEN :lead_units ELSE :big_units END - 2) k
  JOIN bench_pool p ON p.idx = (CASE WHEN t.g <= :lead_tasks THEN (t.g - 1) * (:lead_units - 1)
                                     ELSE :lead_tasks * (:lead_units - 1) + (t.g - :lead_tasks - 1) * (:big_units - 1) END + k) % :pool;

COMMIT;

SELECT (SELECT count(*) FROM duban.units) AS units,
       (SELECT count(*) FROM duban.tasks) AS tasks,
       (SELECT count(*) FROM duban.reporting_nodes) AS nodes,
       (SELECT count(*) FROM duban.assignments) AS assignments,
       :big_units AS units_per_big_task;
