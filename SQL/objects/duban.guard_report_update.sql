-- duban.guard_report_update: the current definition of this function.
-- Created by 0008_reviews.sql.
-- requires: duban.current_unit_id

CREATE OR REPLACE FUNCTION duban.guard_report_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF NOT pg_has_role(current_user, 'duban_app', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    IF OLD.unit_id = duban.current_unit_id() THEN
        -- The report's own unit writes its content; a new revision puts it back to `submitted`.
        -- Its review state is another unit's decision: never its own acceptance or return, nor
        -- undoing one without a new revision.
        IF NEW.reviewed_revision IS DISTINCT FROM OLD.reviewed_revision
           OR (NEW.review_state IS DISTINCT FROM OLD.review_state
               AND (NEW.review_state <> 'submitted' OR NEW.version <= OLD.version)) THEN
            RAISE EXCEPTION 'a unit does not review its own report' USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.version IS DISTINCT FROM OLD.version OR NEW.head_revision IS DISTINCT FROM OLD.head_revision
       OR NEW.open_conflicts IS DISTINCT FROM OLD.open_conflicts THEN
        RAISE EXCEPTION 'only the report''s own unit writes its content' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $function$;
