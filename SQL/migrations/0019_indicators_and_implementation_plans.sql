-- Supervising the work, not only the reporting: each task's quantified indicators with their
-- targets and their split among units, each lead unit's implementation plan (reviewed by the
-- office like a report), difficulties in reports, the progress light's tolerances, and urges and
-- orders for a unit behind schedule or for poor quality.

-- The progress light's tolerances, in percentage points behind 序时进度.
ALTER TABLE duban.plans
    ADD COLUMN progress_yellow_gap numeric NOT NULL DEFAULT 5 CHECK (progress_yellow_gap >= 0),
    ADD COLUMN progress_red_gap numeric NOT NULL DEFAULT 15,
    ADD CONSTRAINT plans_progress_gaps CHECK (progress_red_gap >= progress_yellow_gap);

-- True once the import proposed indicators for the task: a proposal the office removed is not
-- proposed again by the next import of the same notice.
ALTER TABLE duban.tasks ADD COLUMN indicators_proposed boolean NOT NULL DEFAULT false;

CREATE TABLE duban.indicators (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id       bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE RESTRICT,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    measure       text NOT NULL CHECK (length(measure) BETWEEN 1 AND 10),
    target        numeric NOT NULL CHECK (target > 0),
    cumulative    boolean NOT NULL DEFAULT true,
    -- 'city_standard': proposed from the notice's completion standard; 'office': set by the office.
    source        text NOT NULL CHECK (source IN ('city_standard', 'office')),
    confirmed     boolean NOT NULL DEFAULT false,
    phrase        text CHECK (length(phrase) <= 500),
    split_reason  text CHECK (length(split_reason) <= 5000),
    position      integer NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (task_id, name)
);

CREATE TABLE duban.indicator_splits (
    indicator_id  bigint NOT NULL REFERENCES duban.indicators (id) ON DELETE CASCADE,
    unit_id       bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    target        numeric NOT NULL CHECK (target > 0),
    PRIMARY KEY (indicator_id, unit_id)
);

-- A lead unit's implementation plan for a task: one per task and lead unit, its revisions kept.
CREATE TABLE duban.implementation_plans (
    id                 uuid PRIMARY KEY,
    task_id            bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE RESTRICT,
    unit_id            bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    version            integer NOT NULL DEFAULT 0 CHECK (version >= 0),
    state              text NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'accepted', 'returned')),
    accepted_revision  integer,
    UNIQUE (task_id, unit_id)
);

CREATE TABLE duban.implementation_revisions (
    plan_id      uuid NOT NULL REFERENCES duban.implementation_plans (id) ON DELETE RESTRICT,
    revision     integer NOT NULL CHECK (revision > 0),
    measures     text NOT NULL CHECK (length(measures) <= 50000),
    steps        jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array'),
    splits       jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(splits) = 'array'),
    evidence     text[] NOT NULL DEFAULT '{}',
    reason       text CHECK (length(reason) <= 5000),
    authored_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    account_id   bigint NOT NULL REFERENCES duban.accounts (id),
    device_id    uuid NOT NULL,
    mutation_id  uuid NOT NULL UNIQUE,
    PRIMARY KEY (plan_id, revision)
);

CREATE TABLE duban.implementation_reviews (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id      uuid NOT NULL REFERENCES duban.implementation_plans (id) ON DELETE RESTRICT,
    revision     integer NOT NULL,
    decision     text NOT NULL CHECK (decision IN ('accept', 'return')),
    reason       text CHECK (length(reason) <= 5000),
    account_id   bigint NOT NULL REFERENCES duban.accounts (id),
    unit_id      bigint NOT NULL REFERENCES duban.units (id),
    authored_at  timestamptz NOT NULL,
    decided_at   timestamptz NOT NULL DEFAULT now(),
    mutation_id  uuid NOT NULL UNIQUE,
    FOREIGN KEY (plan_id, revision) REFERENCES duban.implementation_revisions (plan_id, revision) ON DELETE RESTRICT,
    CHECK (decision = 'accept' OR length(btrim(reason)) > 0)
);

-- Difficulties needing coordination (存在问题及需协调事项), beside a report's text.
ALTER TABLE duban.report_revisions ADD COLUMN difficulties text CHECK (length(difficulties) <= 20000);

-- Why a unit was urged or ordered: a late or missing report, progress behind schedule (with the
-- figures at the time), or poor quality (with a note).
ALTER TABLE duban.urges DROP CONSTRAINT urges_timeliness_check;
ALTER TABLE duban.urges
    ADD CONSTRAINT urges_timeliness_check CHECK (timeliness IN ('late', 'missing', 'on_time', 'exempted', 'pending', 'not_due')),
    ADD COLUMN reason text NOT NULL DEFAULT 'late' CHECK (reason IN ('late', 'behind_schedule', 'quality')),
    ADD COLUMN figures jsonb;
ALTER TABLE duban.supervision_orders
    ADD COLUMN reason text NOT NULL DEFAULT 'late' CHECK (reason IN ('late', 'behind_schedule', 'quality')),
    ADD COLUMN figures jsonb;

-- True when the unit has any part (lead or responsible) in the task.
CREATE FUNCTION duban.unit_serves_task(p_task bigint, p_unit bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
    SELECT EXISTS (SELECT 1 FROM duban.assignments WHERE task_id = p_task AND unit_id = p_unit)
$$;
REVOKE ALL ON FUNCTION duban.unit_serves_task(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.unit_serves_task(bigint, bigint) TO duban_app;

-- The progress light beside the reporting light; the public page shows only the progress light.
ALTER TABLE duban.status_lights ADD COLUMN progress_light text CHECK (progress_light IN ('green', 'yellow', 'red'));

GRANT SELECT, INSERT, UPDATE, DELETE ON duban.indicators, duban.indicator_splits TO duban_app;
GRANT SELECT, INSERT ON duban.implementation_plans TO duban_app;
GRANT UPDATE (version, state, accepted_revision) ON duban.implementation_plans TO duban_app;
GRANT SELECT, INSERT ON duban.implementation_revisions, duban.implementation_reviews TO duban_app;

-- Indicators are plan data: everyone signed in reads them; the office and admins set them.
ALTER TABLE duban.indicators ENABLE ROW LEVEL SECURITY;
CREATE POLICY indicators_read ON duban.indicators FOR SELECT TO duban_app USING (duban.current_account_role() IS NOT NULL);
CREATE POLICY indicators_write ON duban.indicators FOR ALL TO duban_app
    USING (duban.current_account_role() IN ('supervisor', 'admin'))
    WITH CHECK (duban.current_account_role() IN ('supervisor', 'admin'));
ALTER TABLE duban.indicator_splits ENABLE ROW LEVEL SECURITY;
CREATE POLICY indicator_splits_read ON duban.indicator_splits FOR SELECT TO duban_app USING (duban.current_account_role() IS NOT NULL);
CREATE POLICY indicator_splits_write ON duban.indicator_splits FOR ALL TO duban_app
    USING (duban.current_account_role() IN ('supervisor', 'admin'))
    WITH CHECK (duban.current_account_role() IN ('supervisor', 'admin'));

-- Implementation plans are unit work: the lead unit, its co-leads, the office and oversight read
-- every revision; a responsible unit of the task reads the plan (the server gives it the accepted
-- revision only); admins never.
ALTER TABLE duban.implementation_plans ENABLE ROW LEVEL SECURITY;
CREATE POLICY implementation_plans_read ON duban.implementation_plans FOR SELECT TO duban_app USING (
    duban.may_read(unit_id, task_id)
    OR (duban.current_account_role() = 'staff'
        AND duban.unit_serves_task(task_id, duban.current_unit_id()))
);
CREATE POLICY implementation_plans_write ON duban.implementation_plans FOR INSERT TO duban_app WITH CHECK (
    duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id()
    AND duban.unit_leads_task(task_id, duban.current_unit_id())
);
CREATE POLICY implementation_plans_update ON duban.implementation_plans FOR UPDATE TO duban_app
    USING ((duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id())
           OR duban.current_account_role() = 'supervisor')
    WITH CHECK ((duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id())
                OR duban.current_account_role() = 'supervisor');
ALTER TABLE duban.implementation_revisions ENABLE ROW LEVEL SECURITY;
-- A responsible unit reads the accepted revision and its acceptance only, never a draft or a return.
CREATE POLICY implementation_revisions_read ON duban.implementation_revisions FOR SELECT TO duban_app USING (
    EXISTS (SELECT 1 FROM duban.implementation_plans p WHERE p.id = plan_id
             AND (duban.may_read(p.unit_id, p.task_id) OR revision = p.accepted_revision))
);
CREATE POLICY implementation_revisions_write ON duban.implementation_revisions FOR INSERT TO duban_app WITH CHECK (
    duban.current_account_role() = 'staff' AND account_id = duban.current_account_id()
    AND EXISTS (SELECT 1 FROM duban.implementation_plans p WHERE p.id = plan_id AND p.unit_id = duban.current_unit_id())
);
ALTER TABLE duban.implementation_reviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY implementation_reviews_read ON duban.implementation_reviews FOR SELECT TO duban_app USING (
    EXISTS (SELECT 1 FROM duban.implementation_plans p WHERE p.id = plan_id
             AND (duban.may_read(p.unit_id, p.task_id) OR (revision = p.accepted_revision AND decision = 'accept')))
);
-- Only the office decides on an implementation plan, never on its own unit's.
CREATE POLICY implementation_reviews_write ON duban.implementation_reviews FOR INSERT TO duban_app WITH CHECK (
    duban.current_account_role() = 'supervisor' AND unit_id = duban.current_unit_id()
    AND account_id = duban.current_account_id()
    AND NOT EXISTS (SELECT 1 FROM duban.implementation_plans p WHERE p.id = plan_id AND p.unit_id = duban.current_unit_id())
);

SELECT duban.force_row_security('duban.indicators');
SELECT duban.force_row_security('duban.indicator_splits');
SELECT duban.force_row_security('duban.implementation_plans');
SELECT duban.force_row_security('duban.implementation_revisions');
SELECT duban.force_row_security('duban.implementation_reviews');

-- Indicators and plans travel with the reference data.
CREATE TRIGGER indicators_reference AFTER INSERT OR UPDATE OR DELETE ON duban.indicators
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
CREATE TRIGGER indicator_splits_reference AFTER INSERT OR UPDATE OR DELETE ON duban.indicator_splits
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
CREATE TRIGGER implementation_plans_reference AFTER INSERT OR UPDATE OR DELETE ON duban.implementation_plans
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
CREATE TRIGGER implementation_revisions_reference AFTER INSERT ON duban.implementation_revisions
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
CREATE TRIGGER implementation_reviews_reference AFTER INSERT ON duban.implementation_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

-- Every change reaches the audit trail.
CREATE TRIGGER indicators_audit AFTER INSERT OR UPDATE OR DELETE ON duban.indicators
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER indicator_splits_audit AFTER INSERT OR UPDATE OR DELETE ON duban.indicator_splits
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('indicator_id,unit_id');
CREATE TRIGGER implementation_plans_audit AFTER INSERT OR UPDATE OR DELETE ON duban.implementation_plans
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER implementation_revisions_audit AFTER INSERT OR UPDATE OR DELETE ON duban.implementation_revisions
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('plan_id,revision');
CREATE TRIGGER implementation_reviews_audit AFTER INSERT OR UPDATE OR DELETE ON duban.implementation_reviews
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
-- A plan's row changes only as its writers change it: its unit submits the next revision, the office
-- decides on the newest revision with a review row behind the decision; nothing else.
CREATE FUNCTION duban.guard_implementation_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, duban AS $$
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
END $$;
REVOKE ALL ON FUNCTION duban.guard_implementation_update() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.guard_implementation_update() TO duban_app;
CREATE TRIGGER implementation_plans_guard BEFORE UPDATE ON duban.implementation_plans
    FOR EACH ROW EXECUTE FUNCTION duban.guard_implementation_update();

-- Revisions and reviews are never changed.
CREATE TRIGGER implementation_revisions_fixed BEFORE UPDATE OR DELETE ON duban.implementation_revisions
    FOR EACH ROW EXECUTE FUNCTION duban.refuse_change();
CREATE TRIGGER implementation_reviews_fixed BEFORE UPDATE OR DELETE ON duban.implementation_reviews
    FOR EACH ROW EXECUTE FUNCTION duban.refuse_change();
