-- duban.current_account_id: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE FUNCTION duban.current_account_id()
 RETURNS bigint
 LANGUAGE sql
 STABLE
AS $function$ SELECT nullif(current_setting('duban.account_id', true), '')::bigint $function$;

REVOKE ALL ON FUNCTION duban.current_account_id() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.current_account_id() TO duban_app;
