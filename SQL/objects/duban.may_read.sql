-- duban.may_read: the current definition of this function.
-- Created by 0003_reports_sync.sql.
-- requires: duban.current_account_role
-- requires: duban.current_unit_id
-- requires: duban.unit_leads_task

CREATE OR REPLACE FUNCTION duban.may_read(p_unit bigint, p_task bigint)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
    SELECT duban.current_account_role() IN ('supervisor', 'oversight')
        OR (duban.current_account_role() = 'staff'
            AND (p_unit = duban.current_unit_id() OR duban.unit_leads_task(p_task, duban.current_unit_id())))
$function$;

REVOKE ALL ON FUNCTION duban.may_read(bigint,bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.may_read(bigint,bigint) TO duban_app;
