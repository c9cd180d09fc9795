-- duban.report_expectations: the current definition of this view.
-- Created by 0011_oversight_views_public_progress.sql. A closed task (one a corrected notice no longer
-- lists) expects nothing: it leaves the lights, the circulars and the assessment as it leaves PlanFacts.

CREATE OR REPLACE VIEW duban.report_expectations AS
 SELECT t.plan_id,
    p.year AS plan_year,
    t.id AS task_id,
    t.number AS task_number,
    t.title AS task_title,
    u.id AS unit_id,
    u.code AS unit_code,
    u.name AS unit_name,
    a.role AS tier,
    n.id AS node_id,
    n.node_date,
    due.scheduled_due_date,
    x.granted_due_date,
    COALESCE(x.state = 'exempted'::text, false) AS exempted,
    COALESCE(x.granted_due_date, due.scheduled_due_date) AS due_date,
    ((COALESCE(x.granted_due_date, due.scheduled_due_date) + 1)::timestamp without time zone AT TIME ZONE p.time_zone) AS deadline,
    p.time_zone,
    r.id AS report_id,
    r.review_state,
    f.received_at AS first_received_at
   FROM duban.assignments a
     JOIN duban.tasks t ON t.id = a.task_id AND NOT t.not_applicable
     JOIN duban.plans p ON p.id = t.plan_id
     JOIN duban.units u ON u.id = a.unit_id
     JOIN duban.reporting_nodes n ON n.plan_id = t.plan_id
     CROSS JOIN LATERAL ( SELECT
                CASE
                    WHEN a.role = 'lead'::text THEN n.lead_due_date
                    ELSE n.responsible_due_date
                END AS scheduled_due_date) due
     LEFT JOIN LATERAL ( SELECT e.state,
            e.granted_due_date
           FROM duban.extensions e
          WHERE e.task_id = t.id AND e.unit_id = u.id AND e.node_id = n.id AND (e.state = ANY (ARRAY['granted'::text, 'exempted'::text]))
          ORDER BY e.decided_at DESC
         LIMIT 1) x ON true
     LEFT JOIN duban.reports r ON r.task_id = t.id AND r.unit_id = u.id AND r.node_id = n.id
     LEFT JOIN LATERAL ( SELECT v.received_at
           FROM duban.report_revisions v
          WHERE v.report_id = r.id
          ORDER BY v.revision
         LIMIT 1) f ON true
  WHERE t.closed_at IS NULL;
