-- Reports, their revisions, idempotent mutations and the change feed that `POST /v1/sync` serves.
--
-- Ordering: every change takes its number from one counter row, updated as the last step of the
-- writing transaction. The row lock is held until commit, so change numbers commit in order and a
-- client that pulled "after N" can never later miss a change numbered below its cursor.

-- The epoch: clients holding a cursor from another epoch re-send and re-pull from zero. It changes
-- when a restore tool says so (UPDATE … SET epoch = gen_random_uuid()) and, implicitly, when the data
-- is restored into another cluster (the cluster's system_identifier is part of the epoch).
CREATE TABLE duban.server_epoch (
    id                  boolean PRIMARY KEY DEFAULT true CHECK (id),
    epoch               uuid NOT NULL DEFAULT gen_random_uuid(),
    created_at          timestamptz NOT NULL DEFAULT now()
);
INSERT INTO duban.server_epoch DEFAULT VALUES;

-- The epoch a client sees: the stored id bound to this cluster's identity.
CREATE FUNCTION duban.current_epoch() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
    SELECT e.epoch::text || '.' || (SELECT to_hex(system_identifier) FROM pg_control_system())
      FROM duban.server_epoch e
$$;

CREATE TABLE duban.reports (
    id              uuid PRIMARY KEY,
    task_id         bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE RESTRICT,
    unit_id         bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    node_id         bigint NOT NULL REFERENCES duban.reporting_nodes (id) ON DELETE RESTRICT,
    -- The number of the newest revision (any); a client's base_version is compared with it.
    version         integer NOT NULL CHECK (version > 0),
    -- The revision that counts as the report's content: the newest one not in conflict.
    head_revision   integer NOT NULL CHECK (head_revision > 0),
    -- Revisions stored in conflict that no later revision has resolved.
    open_conflicts  integer NOT NULL DEFAULT 0 CHECK (open_conflicts >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (task_id, unit_id, node_id),
    CHECK (head_revision <= version)
);
CREATE INDEX reports_unit_idx ON duban.reports (unit_id);

CREATE TABLE duban.report_revisions (
    report_id       uuid NOT NULL REFERENCES duban.reports (id) ON DELETE RESTRICT,
    revision        integer NOT NULL CHECK (revision > 0),
    text            text NOT NULL CHECK (length(text) <= 100000),
    -- Measured quantities for the task's targets, e.g. {"communities_completed": 32}.
    quantities      jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(quantities) = 'object'),
    percent         numeric(5, 2) CHECK (percent BETWEEN 0 AND 100),
    -- SHA-256 (hex) of each evidence file.
    evidence        text[] NOT NULL DEFAULT '{}',
    base_version    integer NOT NULL CHECK (base_version >= 0),
    in_conflict     boolean NOT NULL DEFAULT false,
    -- The client's claim of when it was written (kept and shown, never trusted for deadlines).
    authored_at     timestamptz NOT NULL,
    -- When the server received it: this decides whether it was on time.
    received_at     timestamptz NOT NULL DEFAULT now(),
    account_id      bigint NOT NULL REFERENCES duban.accounts (id),
    device_id       uuid NOT NULL,
    mutation_id     uuid NOT NULL UNIQUE,
    PRIMARY KEY (report_id, revision)
);

-- Every mutation a device sent, with the answer it got, so a replay gets the same answer.
-- Kept for DUBAN_MUTATION_RETENTION_DAYS (default 400: longer than a plan year plus the window in
-- which clients re-send after a restore, 30 days); pruning is a maintenance job.
CREATE TABLE duban.mutations (
    id              uuid PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES duban.accounts (id),
    device_id       uuid NOT NULL,
    device_seq      bigint NOT NULL CHECK (device_seq >= 0),
    kind            text NOT NULL,
    payload_sha256  text NOT NULL CHECK (payload_sha256 ~ '^[0-9a-f]{64}$'),
    received_at     timestamptz NOT NULL DEFAULT now(),
    result          jsonb NOT NULL
);
CREATE INDEX mutations_received_idx ON duban.mutations (received_at);

CREATE TABLE duban.change_counter (
    id      boolean PRIMARY KEY DEFAULT true CHECK (id),
    seq     bigint NOT NULL DEFAULT 0
);
INSERT INTO duban.change_counter DEFAULT VALUES;

CREATE TABLE duban.changes (
    seq             bigint PRIMARY KEY,
    entity_type     text NOT NULL,
    entity_id       text NOT NULL,
    -- Scope: a staff account sees a change when unit_id is its unit or task_id is a task its unit
    -- leads; both NULL means everyone signed in.
    unit_id         bigint,
    task_id         bigint,
    data            jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_unit_seq_idx ON duban.changes (unit_id, seq);
CREATE INDEX changes_task_seq_idx ON duban.changes (task_id, seq);
CREATE INDEX changes_global_seq_idx ON duban.changes (seq) WHERE unit_id IS NULL AND task_id IS NULL;

-- Appends a change with the next number; call it last in the writing transaction.
CREATE FUNCTION duban.record_change(p_entity_type text, p_entity_id text, p_unit bigint, p_task bigint, p_data jsonb)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
    WITH next AS (UPDATE duban.change_counter SET seq = seq + 1 RETURNING seq)
    INSERT INTO duban.changes (seq, entity_type, entity_id, unit_id, task_id, data)
    SELECT next.seq, p_entity_type, p_entity_id, p_unit, p_task, p_data FROM next
    RETURNING seq
$$;

ALTER TABLE duban.reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.report_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.mutations ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.changes ENABLE ROW LEVEL SECURITY;

-- Whether the caller may see rows of this unit and task.
CREATE FUNCTION duban.may_read(p_unit bigint, p_task bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT duban.current_account_role() IN ('admin', 'supervisor', 'oversight')
        OR (duban.current_account_role() = 'staff'
            AND (p_unit = duban.current_unit_id() OR duban.unit_leads_task(p_task, duban.current_unit_id())))
$$;

CREATE POLICY reports_read ON duban.reports FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));
-- Only a unit's own staff write its reports (admins never: separation of duties).
CREATE POLICY reports_write ON duban.reports FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id());
CREATE POLICY reports_update ON duban.reports FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id());
CREATE POLICY revisions_read ON duban.report_revisions FOR SELECT TO duban_app
    USING (EXISTS (SELECT 1 FROM duban.reports r WHERE r.id = report_id));
CREATE POLICY revisions_write ON duban.report_revisions FOR INSERT TO duban_app
    WITH CHECK (account_id = duban.current_account_id()
                AND EXISTS (SELECT 1 FROM duban.reports r WHERE r.id = report_id AND r.unit_id = duban.current_unit_id()));
CREATE POLICY mutations_own ON duban.mutations FOR SELECT TO duban_app USING (account_id = duban.current_account_id());
CREATE POLICY mutations_insert ON duban.mutations FOR INSERT TO duban_app WITH CHECK (account_id = duban.current_account_id());
CREATE POLICY changes_read ON duban.changes FOR SELECT TO duban_app USING (
    duban.current_account_role() IS NOT NULL
    AND ((unit_id IS NULL AND task_id IS NULL) OR duban.may_read(unit_id, task_id))
);

GRANT SELECT ON duban.server_epoch, duban.change_counter TO duban_app;
GRANT SELECT, INSERT ON duban.reports, duban.report_revisions, duban.mutations TO duban_app;
GRANT UPDATE (version, head_revision, open_conflicts, updated_at) ON duban.reports TO duban_app;
GRANT SELECT ON duban.changes TO duban_app;
GRANT EXECUTE ON FUNCTION duban.current_epoch(), duban.record_change(text, text, bigint, bigint, jsonb),
                          duban.may_read(bigint, bigint) TO duban_app;
REVOKE EXECUTE ON FUNCTION duban.current_epoch(), duban.record_change(text, text, bigint, bigint, jsonb),
                           duban.may_read(bigint, bigint) FROM PUBLIC;

CREATE VIEW oversight.reports AS
    SELECT r.id AS report_id, t.plan_id, t.number AS task_number, u.code AS unit_code, n.node_date,
           r.version, r.head_revision, r.open_conflicts > 0 AS in_conflict, r.created_at, r.updated_at
      FROM duban.reports r JOIN duban.tasks t ON t.id = r.task_id JOIN duban.units u ON u.id = r.unit_id
      JOIN duban.reporting_nodes n ON n.id = r.node_id;
COMMENT ON VIEW oversight.reports IS 'One row per report (task, unit, node) with its newest and head revision.';
CREATE VIEW oversight.report_revisions AS
    SELECT v.report_id, v.revision, v.text, v.quantities, v.percent, v.evidence, v.in_conflict,
           v.authored_at, v.received_at, a.login AS account_login, v.device_id
      FROM duban.report_revisions v JOIN duban.accounts a ON a.id = v.account_id;
COMMENT ON VIEW oversight.report_revisions IS 'Every revision ever accepted, including those stored in conflict.';
GRANT SELECT ON oversight.reports, oversight.report_revisions TO duban_oversight;

-- Reference data (units, plans, tasks, nodes, assignments) is small and changes rarely: clients get
-- it whole when its version moved. Any write to those tables moves the version.
CREATE TABLE duban.reference_counter (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    version  bigint NOT NULL DEFAULT 1
);
INSERT INTO duban.reference_counter DEFAULT VALUES;

CREATE FUNCTION duban.bump_reference_version() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
BEGIN
    UPDATE duban.reference_counter SET version = version + 1;
    RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION duban.bump_reference_version() FROM PUBLIC;

CREATE TRIGGER units_reference AFTER INSERT OR UPDATE OR DELETE ON duban.units
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
CREATE TRIGGER unit_aliases_reference AFTER INSERT OR UPDATE OR DELETE ON duban.unit_aliases
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
CREATE TRIGGER plans_reference AFTER INSERT OR UPDATE OR DELETE ON duban.plans
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
CREATE TRIGGER tasks_reference AFTER INSERT OR UPDATE OR DELETE ON duban.tasks
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
CREATE TRIGGER nodes_reference AFTER INSERT OR UPDATE OR DELETE ON duban.reporting_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
CREATE TRIGGER assignments_reference AFTER INSERT OR UPDATE OR DELETE ON duban.assignments
    FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();
GRANT SELECT ON duban.reference_counter TO duban_app;
