-- duban.unit_serves_task: the current definition of this function.
-- Created by 0019_indicators_and_implementation_plans.sql.

CREATE OR REPLACE FUNCTION duban.unit_serves_task(p_task bigint, p_unit bigint)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
    SELECT EXISTS (SELECT 1 FROM duban.assignments WHERE task_id = p_task AND unit_id = p_unit)
$function$;

REVOKE ALL ON FUNCTION duban.unit_serves_task(bigint,bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.unit_serves_task(bigint,bigint) TO duban_app;
