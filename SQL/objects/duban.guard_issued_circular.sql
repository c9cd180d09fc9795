-- duban.guard_issued_circular: the current definition of this function.
-- Created by 0009_supervision.sql.

CREATE OR REPLACE FUNCTION duban.guard_issued_circular()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF OLD.state = 'issued' THEN
        RAISE EXCEPTION 'circular % was issued and never changes', OLD.id USING ERRCODE = '55000';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $function$;
