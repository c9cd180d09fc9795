-- duban.guard_implementation_update: the current definition of this function.
-- Created by 0019_indicators_and_implementation_plans.sql.

CREATE OR REPLACE FUNCTION duban.guard_implementation_update()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
BEGIN
    IF NEW.id <> OLD.id OR NEW.task_id <> OLD.task_id OR NEW.unit_id <> OLD.unit_id THEN
        RAISE EXCEPTION 'an implementation plan keeps its id, task and unit' USING ERRCODE = '42501';
    END IF;
    IF nullif(current_setting('duban.role', true), '') IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.version <> OLD.version THEN
        IF NEW.version <> OLD.version + 1 OR NEW.state <> 'submitted' OR NEW.accepted_revision IS DISTINCT FROM OLD.accepted_revision
           OR NOT EXISTS (SELECT 1 FROM duban.implementation_revisions v WHERE v.plan_id = NEW.id AND v.revision = NEW.version) THEN
            RAISE EXCEPTION 'a new revision only submits the plan again' USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state OR NEW.accepted_revision IS DISTINCT FROM OLD.accepted_revision THEN
        IF OLD.state <> 'submitted' OR NEW.state NOT IN ('accepted', 'returned')
           OR NOT EXISTS (SELECT 1 FROM duban.implementation_reviews r
                           WHERE r.plan_id = NEW.id AND r.revision = NEW.version
                             AND r.decision = CASE NEW.state WHEN 'accepted' THEN 'accept' ELSE 'return' END)
           OR NEW.accepted_revision IS DISTINCT FROM (CASE NEW.state WHEN 'accepted' THEN NEW.version ELSE OLD.accepted_revision END) THEN
            RAISE EXCEPTION 'a decision on an implementation plan needs its review' USING ERRCODE = '42501';
        END IF;
    END IF;
    RETURN NEW;
END $function$;

REVOKE ALL ON FUNCTION duban.guard_implementation_update() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.guard_implementation_update() TO duban_app;
