-- Oversight (issue 6): the same answers as `GET /v1/oversight/…`, as views for the read-only role,
-- and the one function the public progress page reads through.
--
-- The rules are those of Deploy/SUPERVISION.md (DubanCore's ReportingDeadline and Timeliness): a
-- report is due by the end of its tier's date (or a granted extension's) in the plan's time zone;
-- the first revision's server receipt decides; an exemption counts as on time; nothing is due on a
-- not-applicable task or for a unit without an assignment. The views judge at now(); the API
-- judges at the server's clock, and a test checks that both agree.

-- Only the office's computation writes lights (the server's light keeper runs as the office).
DROP POLICY status_lights_write ON duban.status_lights;
CREATE POLICY status_lights_write ON duban.status_lights FOR ALL TO duban_app
    USING (duban.current_account_role() = 'supervisor')
    WITH CHECK (duban.current_account_role() = 'supervisor');

-- One row per (assignment, node) of an applicable task: when it is due and what was received.
CREATE VIEW duban.report_expectations AS
    SELECT t.plan_id, p.year AS plan_year, t.id AS task_id, t.number AS task_number, t.title AS task_title,
           u.id AS unit_id, u.code AS unit_code, u.name AS unit_name, a.role AS tier,
           n.id AS node_id, n.node_date, due.scheduled_due_date, x.granted_due_date,
           coalesce(x.state = 'exempted', false) AS exempted,
           coalesce(x.granted_due_date, due.scheduled_due_date) AS due_date,
           ((coalesce(x.granted_due_date, due.scheduled_due_date) + 1)::timestamp AT TIME ZONE p.time_zone) AS deadline,
           p.time_zone, r.id AS report_id, r.review_state, f.received_at AS first_received_at
      FROM duban.assignments a
      JOIN duban.tasks t ON t.id = a.task_id AND NOT t.not_applicable
      JOIN duban.plans p ON p.id = t.plan_id
      JOIN duban.units u ON u.id = a.unit_id
      JOIN duban.reporting_nodes n ON n.plan_id = t.plan_id
      CROSS JOIN LATERAL (SELECT CASE WHEN a.role = 'lead' THEN n.lead_due_date ELSE n.responsible_due_date END
                                 AS scheduled_due_date) due
      LEFT JOIN LATERAL (SELECT e.state, e.granted_due_date FROM duban.extensions e
                          WHERE e.task_id = t.id AND e.unit_id = u.id AND e.node_id = n.id
                            AND e.state IN ('granted', 'exempted')
                          ORDER BY e.decided_at DESC LIMIT 1) x ON true
      LEFT JOIN duban.reports r ON r.task_id = t.id AND r.unit_id = u.id AND r.node_id = n.id
      LEFT JOIN LATERAL (SELECT v.received_at FROM duban.report_revisions v
                          WHERE v.report_id = r.id ORDER BY v.revision LIMIT 1) f ON true;

CREATE VIEW oversight.report_timeliness AS
    SELECT e.plan_year, e.task_number, e.task_title, e.unit_code, e.unit_name, e.tier, e.node_date,
           e.scheduled_due_date, e.granted_due_date, e.due_date, e.deadline, e.first_received_at, e.review_state,
           CASE WHEN e.exempted THEN 'exempted'
                WHEN e.first_received_at < e.deadline THEN 'on_time'
                WHEN e.first_received_at IS NOT NULL THEN 'late'
                WHEN now() >= e.deadline THEN 'missing'
                ELSE 'pending' END AS timeliness,
           CASE WHEN NOT e.exempted AND e.first_received_at >= e.deadline
                THEN (e.first_received_at AT TIME ZONE e.time_zone)::date - e.due_date END AS days_late
      FROM duban.report_expectations e;
COMMENT ON VIEW oversight.report_timeliness IS
    'Every report expected of a unit at a node, by tier (responsible → lead unit, lead → office): due date, first receipt, on_time/late/missing/exempted/pending.';

CREATE VIEW oversight.node_completeness AS
    SELECT plan_year, node_date, tier, min(due_date) AS due_date,
           count(*) FILTER (WHERE timeliness IN ('on_time', 'late', 'missing')) AS expected,
           count(*) FILTER (WHERE timeliness IN ('on_time', 'late')) AS received,
           count(*) FILTER (WHERE timeliness = 'on_time') AS on_time,
           round(100.0 * count(*) FILTER (WHERE timeliness IN ('on_time', 'late'))
                 / nullif(count(*) FILTER (WHERE timeliness IN ('on_time', 'late', 'missing')), 0), 2) AS reporting_rate,
           round(100.0 * count(*) FILTER (WHERE timeliness = 'on_time')
                 / nullif(count(*) FILTER (WHERE timeliness IN ('on_time', 'late', 'missing')), 0), 2) AS on_time_rate
      FROM oversight.report_timeliness
     GROUP BY plan_year, node_date, tier;
COMMENT ON VIEW oversight.node_completeness IS
    'Per node and tier, DHIS2 style: expected (due, not exempted), received, on time, reporting and on-time rates in percent.';

CREATE VIEW oversight.unit_timeliness AS
    SELECT plan_year, unit_code, unit_name, tier,
           count(*) FILTER (WHERE timeliness IN ('on_time', 'late', 'missing')) AS expected,
           count(*) FILTER (WHERE timeliness IN ('on_time', 'late')) AS received,
           count(*) FILTER (WHERE timeliness = 'on_time') AS on_time,
           round(100.0 * count(*) FILTER (WHERE timeliness IN ('on_time', 'late'))
                 / nullif(count(*) FILTER (WHERE timeliness IN ('on_time', 'late', 'missing')), 0), 2) AS reporting_rate,
           round(100.0 * count(*) FILTER (WHERE timeliness = 'on_time')
                 / nullif(count(*) FILTER (WHERE timeliness IN ('on_time', 'late', 'missing')), 0), 2) AS on_time_rate
      FROM oversight.report_timeliness
     GROUP BY plan_year, unit_code, unit_name, tier;
COMMENT ON VIEW oversight.unit_timeliness IS 'Per unit and tier over every node: expected, received, on time, rates in percent.';

CREATE VIEW oversight.overdue AS
    SELECT t.plan_year, t.task_number, t.task_title, t.unit_code, t.unit_name, t.tier, t.node_date, t.due_date,
           t.timeliness, t.days_late, t.first_received_at,
           (SELECT count(*) FROM duban.urges g JOIN duban.units u ON u.id = g.unit_id JOIN duban.tasks k ON k.id = g.task_id
             JOIN duban.reporting_nodes n ON n.id = g.node_id
             WHERE u.code = t.unit_code AND k.number = t.task_number AND n.node_date = t.node_date) AS urges
      FROM oversight.report_timeliness t
     WHERE t.timeliness IN ('late', 'missing');
COMMENT ON VIEW oversight.overdue IS 'Reports late or still missing, with how often the unit was urged.';

CREATE VIEW oversight.status_lights AS
    SELECT p.year AS plan_year, t.number AS task_number, t.title AS task_title, u.code AS unit_code, u.name AS unit_name,
           s.light, s.reasons, s.node_date, s.target, s.progress, s.evaluated_at
      FROM duban.status_lights s JOIN duban.tasks t ON t.id = s.task_id JOIN duban.plans p ON p.id = t.plan_id
      LEFT JOIN duban.units u ON u.id = s.unit_id;
COMMENT ON VIEW oversight.status_lights IS
    'Status lights as the server last computed them (unit empty: the task''s own light); evaluated_at says when.';

CREATE VIEW oversight.task_progress AS
    SELECT p.year AS plan_year, t.number AS task_number, t.title, t.not_applicable,
           (SELECT array_agg(u.code ORDER BY u.code) FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id
             WHERE a.task_id = t.id AND a.role = 'lead') AS lead_units,
           s.light, s.target, s.progress,
           (SELECT max(v.received_at) FROM duban.reports r JOIN duban.report_revisions v ON v.report_id = r.id
             WHERE r.task_id = t.id) AS last_update,
           (SELECT count(*) FROM oversight.report_timeliness x
             WHERE x.plan_year = p.year AND x.task_number = t.number AND x.timeliness IN ('on_time', 'late', 'missing')) AS expected,
           (SELECT count(*) FROM oversight.report_timeliness x
             WHERE x.plan_year = p.year AND x.task_number = t.number AND x.timeliness IN ('on_time', 'late')) AS received,
           (SELECT count(*) FROM oversight.report_timeliness x
             WHERE x.plan_year = p.year AND x.task_number = t.number AND x.timeliness = 'on_time') AS on_time
      FROM duban.tasks t JOIN duban.plans p ON p.id = t.plan_id
      LEFT JOIN duban.status_lights s ON s.task_id = t.id AND s.unit_id IS NULL;
COMMENT ON VIEW oversight.task_progress IS
    'Per task: lead units, light and progress as last computed, last receipt, and its reports expected/received/on time.';

GRANT SELECT ON oversight.report_timeliness, oversight.node_completeness, oversight.unit_timeliness, oversight.overdue,
                oversight.status_lights, oversight.task_progress TO duban_oversight;

-- The public progress page reads only through this function: per task of a plan (the newest when
-- p_year is NULL), what the lead unit marked for publication on a report the supervision office
-- accepted, its light, and when it was accepted. Never a report's text, a return, or a name of staff.
CREATE FUNCTION duban.public_progress(p_year integer DEFAULT NULL)
RETURNS TABLE (plan_year integer, plan_title text, task_number integer, title text, content text,
               completion_standard text, not_applicable boolean, lead_units text[], percent numeric,
               summary text, node_date date, updated_at timestamptz, light text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
    WITH plan AS (
        SELECT id, year, title FROM duban.plans
         WHERE p_year IS NULL OR year = p_year ORDER BY year DESC, id DESC LIMIT 1
    ), published AS (
        -- The newest accepted, published lead revision per task.
        SELECT DISTINCT ON (r.task_id) r.task_id, v.percent, v.public_summary, n.node_date, w.received_at AS accepted_at
          FROM duban.reports r
          JOIN duban.report_revisions v ON v.report_id = r.id AND v.revision = r.reviewed_revision
          JOIN duban.report_reviews w ON w.report_id = r.id AND w.revision = v.revision AND w.decision = 'accept'
          JOIN duban.accounts acc ON acc.id = w.account_id AND acc.role = 'supervisor'
          JOIN duban.reporting_nodes n ON n.id = r.node_id
         WHERE r.review_state = 'accepted' AND v.public_summary IS NOT NULL
           AND EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = r.task_id AND a.unit_id = r.unit_id AND a.role = 'lead')
         ORDER BY r.task_id, n.node_date DESC, w.received_at DESC
    )
    SELECT plan.year, plan.title, t.number, t.title, t.content, t.completion_standard, t.not_applicable,
           coalesce((SELECT array_agg(u.name ORDER BY u.code) FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id
                      WHERE a.task_id = t.id AND a.role = 'lead'), '{}'),
           pub.percent, pub.public_summary, pub.node_date, pub.accepted_at,
           (SELECT s.light FROM duban.status_lights s WHERE s.task_id = t.id AND s.unit_id IS NULL)
      FROM plan JOIN duban.tasks t ON t.plan_id = plan.id
      LEFT JOIN published pub ON pub.task_id = t.id
     ORDER BY t.number
$$;
REVOKE EXECUTE ON FUNCTION duban.public_progress(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.public_progress(integer) TO duban_app;
