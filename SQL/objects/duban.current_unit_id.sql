-- duban.current_unit_id: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE FUNCTION duban.current_unit_id()
 RETURNS bigint
 LANGUAGE sql
 STABLE
AS $function$ SELECT nullif(current_setting('duban.unit_id', true), '')::bigint $function$;

REVOKE ALL ON FUNCTION duban.current_unit_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.current_unit_id() TO duban_app;
