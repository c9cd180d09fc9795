-- duban.stamp_account_change: the current definition of this function.
-- Created by 0015_least_privilege.sql.
-- requires: duban.current_account_id

CREATE OR REPLACE FUNCTION duban.stamp_account_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := duban.current_account_id();
        NEW.password_reset_at := NULL;
        NEW.password_reset_by := NULL;
    ELSE
        NEW.created_by := OLD.created_by;
        -- A password set by someone else (an admin's reset) is recorded; one the account changes
        -- itself is its `password_changed_at` only.
        IF NEW.password_hash IS DISTINCT FROM OLD.password_hash
           AND duban.current_account_id() IS DISTINCT FROM OLD.id THEN
            NEW.password_reset_at := now();
            NEW.password_reset_by := duban.current_account_id();
        ELSE
            NEW.password_reset_at := OLD.password_reset_at;
            NEW.password_reset_by := OLD.password_reset_by;
        END IF;
    END IF;
    RETURN NEW;
END $function$;

REVOKE ALL ON FUNCTION duban.stamp_account_change() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.stamp_account_change() TO duban_app;
