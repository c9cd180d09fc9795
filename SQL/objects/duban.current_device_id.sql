-- duban.current_device_id: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE FUNCTION duban.current_device_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$ SELECT nullif(current_setting('duban.device_id', true), '')::uuid $function$;

REVOKE ALL ON FUNCTION duban.current_device_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.current_device_id() TO duban_app;
