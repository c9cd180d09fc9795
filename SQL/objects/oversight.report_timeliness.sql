-- oversight.report_timeliness: the current definition of this view.
-- Created by 0011_oversight_views_public_progress.sql.
-- requires: duban.report_expectations

CREATE OR REPLACE VIEW oversight.report_timeliness AS
 SELECT e.plan_year,
    e.task_number,
    e.task_title,
    e.unit_code,
    e.unit_name,
    e.tier,
    e.node_date,
    e.scheduled_due_date,
    e.granted_due_date,
    e.due_date,
    e.deadline,
    e.first_received_at,
    e.review_state,
        CASE
            WHEN e.exempted THEN 'exempted'::text
            WHEN e.first_received_at < e.deadline THEN 'on_time'::text
            WHEN e.first_received_at IS NOT NULL THEN 'late'::text
            WHEN now() >= e.deadline THEN 'missing'::text
            ELSE 'pending'::text
        END AS timeliness,
        CASE
            WHEN NOT e.exempted AND e.first_received_at >= e.deadline THEN (e.first_received_at AT TIME ZONE e.time_zone)::date - e.due_date
            ELSE NULL::integer
        END AS days_late
   FROM duban.report_expectations e;

GRANT SELECT ON TABLE oversight.report_timeliness TO duban_oversight;
COMMENT ON VIEW oversight.report_timeliness IS 'Every report expected of a unit at a node, by tier (responsible → lead unit, lead → office): due date, first receipt, on_time/late/missing/exempted/pending.';
