-- duban.stamp_audit_entry: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql, redefined by 0016_audit_rows_and_checkpoints.sql.
-- requires: duban.current_account_id
-- requires: duban.current_account_role
-- requires: duban.current_device_id
-- requires: duban.current_unit_id

CREATE OR REPLACE FUNCTION duban.stamp_audit_entry()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF duban.current_account_role() IS NOT NULL THEN
        NEW.account_id := duban.current_account_id();
        NEW.unit_id := duban.current_unit_id();
        NEW.device_id := duban.current_device_id();
    END IF;
    NEW.client_address := nullif(current_setting('duban.client_address', true), '');
    NEW.actor := coalesce(nullif(current_setting('duban.actor', true), ''),
                          CASE WHEN duban.current_account_role() IS NULL THEN session_user::text END);
    NEW.xid := pg_current_xact_id();
    NEW.received_at := now();
    NEW.seq := NULL;
    NEW.hash := NULL;
    RETURN NEW;
END $function$;

REVOKE ALL ON FUNCTION duban.stamp_audit_entry() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.stamp_audit_entry() TO duban_app;
