-- duban.check_task_assignments: the current definition of this function.
-- Created by 0001_schema_v1.sql.

CREATE OR REPLACE FUNCTION duban.check_task_assignments()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    t_id bigint;
    t_na boolean;
    t_number integer;
    leads integer;
    total integer;
BEGIN
    IF TG_TABLE_NAME = 'tasks' THEN
        t_id := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        t_id := OLD.task_id;
    ELSE
        t_id := NEW.task_id;
    END IF;
    SELECT not_applicable, number INTO t_na, t_number FROM duban.tasks WHERE id = t_id;
    IF NOT FOUND THEN
        RETURN NULL; -- the task itself was deleted
    END IF;
    SELECT count(*) FILTER (WHERE role = 'lead'), count(*) INTO leads, total
      FROM duban.assignments WHERE task_id = t_id;
    IF t_na AND total > 0 THEN
        RAISE EXCEPTION 'task % is not applicable to this district but has % assignment(s)', t_number, total
            USING ERRCODE = '23514', CONSTRAINT = 'task_not_applicable_has_no_assignments';
    ELSIF NOT t_na AND leads = 0 THEN
        RAISE EXCEPTION 'task % involves this district but has no lead unit', t_number
            USING ERRCODE = '23514', CONSTRAINT = 'task_involved_has_lead';
    END IF;
    RETURN NULL;
END $function$;

REVOKE ALL ON FUNCTION duban.check_task_assignments() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.check_task_assignments() TO duban_app;
