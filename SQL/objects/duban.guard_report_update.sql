-- duban.guard_report_update: the current definition of this function.
-- Created by 0008_reviews.sql.
-- requires: duban.current_unit_id

CREATE OR REPLACE FUNCTION duban.guard_report_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF NOT pg_has_role(current_user, 'duban_app', 'MEMBER') OR OLD.unit_id = duban.current_unit_id() THEN
        RETURN NEW;
    END IF;
    IF NEW.version IS DISTINCT FROM OLD.version OR NEW.head_revision IS DISTINCT FROM OLD.head_revision
       OR NEW.open_conflicts IS DISTINCT FROM OLD.open_conflicts THEN
        RAISE EXCEPTION 'only the report''s own unit writes its content' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $function$;
