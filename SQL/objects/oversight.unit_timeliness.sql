-- oversight.unit_timeliness: the current definition of this view.
-- Created by 0011_oversight_views_public_progress.sql.
-- requires: oversight.report_timeliness

CREATE OR REPLACE VIEW oversight.unit_timeliness AS
 SELECT report_timeliness.plan_year,
    report_timeliness.unit_code,
    report_timeliness.unit_name,
    report_timeliness.tier,
    count(*) FILTER (WHERE report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text])) AS expected,
    count(*) FILTER (WHERE report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text])) AS received,
    count(*) FILTER (WHERE report_timeliness.timeliness = 'on_time'::text) AS on_time,
    round(100.0 * count(*) FILTER (WHERE report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text]))::numeric / NULLIF(count(*) FILTER (WHERE report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text])), 0)::numeric, 2) AS reporting_rate,
    round(100.0 * count(*) FILTER (WHERE report_timeliness.timeliness = 'on_time'::text)::numeric / NULLIF(count(*) FILTER (WHERE report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text])), 0)::numeric, 2) AS on_time_rate
   FROM oversight.report_timeliness
  GROUP BY report_timeliness.plan_year, report_timeliness.unit_code, report_timeliness.unit_name, report_timeliness.tier;

GRANT SELECT ON TABLE oversight.unit_timeliness TO duban_oversight;
COMMENT ON VIEW oversight.unit_timeliness IS 'Per unit and tier over every node: expected, received, on time, rates in percent.';
