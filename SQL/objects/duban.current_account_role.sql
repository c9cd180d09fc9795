-- duban.current_account_role: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE FUNCTION duban.current_account_role()
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$ SELECT nullif(current_setting('duban.role', true), '') $function$;

REVOKE ALL ON FUNCTION duban.current_account_role() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.current_account_role() TO duban_app;
