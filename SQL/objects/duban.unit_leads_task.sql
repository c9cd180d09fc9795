-- duban.unit_leads_task: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE FUNCTION duban.unit_leads_task(p_task bigint, p_unit bigint)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
    SELECT EXISTS (SELECT 1 FROM duban.assignments WHERE task_id = p_task AND unit_id = p_unit AND role = 'lead')
$function$;

REVOKE ALL ON FUNCTION duban.unit_leads_task(bigint,bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.unit_leads_task(bigint,bigint) TO duban_app;
