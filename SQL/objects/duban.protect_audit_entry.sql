-- duban.protect_audit_entry: the current definition of this function.
-- Created by 0016_audit_rows_and_checkpoints.sql.

CREATE OR REPLACE FUNCTION duban.protect_audit_entry()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL
       AND (to_jsonb(NEW) - ARRAY['seq', 'hash']) = (to_jsonb(OLD) - ARRAY['seq', 'hash']) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries are never changed or removed (entry %)', OLD.id USING ERRCODE = '55000';
END $function$;

REVOKE ALL ON FUNCTION duban.protect_audit_entry() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.protect_audit_entry() TO duban_app;
