-- duban.guard_account_update: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.
-- requires: duban.current_account_role

CREATE OR REPLACE FUNCTION duban.guard_account_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF current_user <> 'duban_app' AND NOT pg_has_role(current_user, 'duban_app', 'MEMBER') THEN
        RETURN NEW; -- the owner (migrations, bootstrap) is not policed here
    END IF;
    IF duban.current_account_role() IS DISTINCT FROM 'admin' AND (
           NEW.login IS DISTINCT FROM OLD.login OR NEW.unit_id IS DISTINCT FROM OLD.unit_id
        OR NEW.role IS DISTINCT FROM OLD.role OR NEW.disabled_at IS DISTINCT FROM OLD.disabled_at
        OR NEW.display_name IS DISTINCT FROM OLD.display_name
        OR (NEW.must_change_password AND NOT OLD.must_change_password)) THEN
        RAISE EXCEPTION 'only an admin may change this account''s login, unit, role, name or status'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $function$;

REVOKE ALL ON FUNCTION duban.guard_account_update() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.guard_account_update() TO duban_app;
