-- duban.public_progress: the current definition of this function.
-- Created by 0011_oversight_views_public_progress.sql; the light is the progress light since 0019 (never the
-- punctuality of reports).

CREATE OR REPLACE FUNCTION duban.public_progress(p_year integer DEFAULT NULL::integer)
 RETURNS TABLE(plan_year integer, plan_title text, task_number integer, title text, content text, completion_standard text, not_applicable boolean, lead_units text[], percent numeric, summary text, node_date date, updated_at timestamp with time zone, light text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
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
           (SELECT s.progress_light FROM duban.status_lights s WHERE s.task_id = t.id AND s.unit_id IS NULL)
      FROM plan JOIN duban.tasks t ON t.plan_id = plan.id AND t.closed_at IS NULL
      LEFT JOIN published pub ON pub.task_id = t.id
     ORDER BY t.number
$function$;

REVOKE ALL ON FUNCTION duban.public_progress(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.public_progress(integer) TO duban_app;
