-- Schema v1: units, plans, tasks, assignments, reporting nodes.
-- Invariants live here: a task number is unique within its plan; a task that involves the district
-- has at least one lead unit; a not-applicable task has no district assignments; a unit holds at most
-- one role on a task; a responsible unit's due date is never after its node.

CREATE SCHEMA IF NOT EXISTS duban;

CREATE TABLE duban.units (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9._-]{1,64}$'),
    name        text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0 AND length(name) <= 200),
    kind        text NOT NULL CHECK (kind IN ('district_government', 'supervision_office', 'bureau',
                                              'subdistrict_office', 'town', 'other')),
    parent_id   bigint REFERENCES duban.units (id) ON DELETE RESTRICT,
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS NULL OR parent_id <> id)
);

-- Other names a notice may use for a unit (财政局 for 区财政局). Unique across all units, and an alias
-- never equals another unit's official name (checked by the importer, which sees both).
CREATE TABLE duban.unit_aliases (
    alias    text PRIMARY KEY CHECK (length(btrim(alias)) > 0),
    unit_id  bigint NOT NULL REFERENCES duban.units (id) ON DELETE CASCADE
);
CREATE INDEX unit_aliases_unit_idx ON duban.unit_aliases (unit_id);

CREATE TABLE duban.plans (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year                    integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    title                   text NOT NULL CHECK (length(btrim(title)) > 0),
    issuer                  text,
    time_zone               text NOT NULL DEFAULT 'Asia/Shanghai',
    responsible_lead_days   integer NOT NULL CHECK (responsible_lead_days BETWEEN 0 AND 60),
    -- SHA-256 of the canonical parsed plan: importing the same notice again is a no-op.
    content_sha256          text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    source_name             text,
    imported_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (year, title)
);

CREATE TABLE duban.tasks (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id                     bigint NOT NULL REFERENCES duban.plans (id) ON DELETE CASCADE,
    number                      integer NOT NULL CHECK (number > 0),
    title                       text NOT NULL CHECK (length(btrim(title)) > 0),
    content                     text NOT NULL,
    completion_standard         text NOT NULL,
    -- City-level units are outside this system: kept as written and as split.
    city_lead_written           text NOT NULL DEFAULT '',
    city_lead_units             text[] NOT NULL DEFAULT '{}',
    city_responsible_written    text NOT NULL DEFAULT '',
    city_responsible_units      text[] NOT NULL DEFAULT '{}',
    -- District-level cells as written; the linked units are in duban.assignments.
    district_lead_written       text NOT NULL DEFAULT '',
    district_responsible_written text NOT NULL DEFAULT '',
    not_applicable              boolean NOT NULL DEFAULT false,
    not_applicable_text         text,
    UNIQUE (plan_id, number),
    UNIQUE (plan_id, id)
);

CREATE TABLE duban.assignments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id     bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE CASCADE,
    unit_id     bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    role        text NOT NULL CHECK (role IN ('lead', 'responsible')),
    written_as  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (task_id, unit_id)
);
CREATE INDEX assignments_unit_idx ON duban.assignments (unit_id, task_id);

CREATE TABLE duban.reporting_nodes (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id                 bigint NOT NULL REFERENCES duban.plans (id) ON DELETE CASCADE,
    ordinal                 integer NOT NULL CHECK (ordinal > 0),
    node_date               date NOT NULL,
    -- The lead unit reports to the supervision office by the end of this day (plan time zone).
    lead_due_date           date NOT NULL,
    -- Each responsible unit reports to its lead unit by the end of this day.
    responsible_due_date    date NOT NULL,
    UNIQUE (plan_id, ordinal),
    UNIQUE (plan_id, node_date),
    CHECK (responsible_due_date <= lead_due_date),
    CHECK (lead_due_date >= node_date)
);

-- A task that involves the district has at least one lead; a not-applicable one has no assignments.
-- Checked at commit, so a task and its assignments can be written in one transaction in any order.
CREATE FUNCTION duban.check_task_assignments() RETURNS trigger
LANGUAGE plpgsql AS $$
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
END $$;

CREATE CONSTRAINT TRIGGER tasks_assignments_check
    AFTER INSERT OR UPDATE OF not_applicable ON duban.tasks
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION duban.check_task_assignments();

CREATE CONSTRAINT TRIGGER assignments_lead_check
    AFTER INSERT OR UPDATE OR DELETE ON duban.assignments
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION duban.check_task_assignments();
