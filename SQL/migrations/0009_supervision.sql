-- The supervision office's side of a node (issue 5): its review of lead units' consolidated reports,
-- extensions, urges, graded supervision orders, circulars and inspections. Each record reaches the
-- units it concerns through the change feed; the server writes the feed entry in the same transaction.
--
-- Times a deadline depends on (received_at, requested_at, …) are written by the server from its clock,
-- never defaulted here, so a drill or a test can run the server on a set date.

-- The supervision office reviews a lead unit's report (the lead's report on its task is its
-- consolidated report to the office), the same way a lead unit reviews its responsible units.
CREATE POLICY reviews_write_supervisor ON duban.report_reviews FOR INSERT TO duban_app WITH CHECK (
    duban.current_account_role() = 'supervisor' AND account_id = duban.current_account_id()
    AND unit_id = duban.current_unit_id()
    AND EXISTS (SELECT 1 FROM duban.reports r
                 WHERE r.id = report_id AND duban.unit_leads_task(r.task_id, r.unit_id))
);
CREATE POLICY reports_supervisor_review_update ON duban.reports FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'supervisor' AND duban.unit_leads_task(task_id, unit_id));

-- Extensions: a unit asks (through sync, offline), the office grants a new date, exempts, or refuses.
CREATE TABLE duban.extensions (
    id                  uuid PRIMARY KEY,
    task_id             bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE RESTRICT,
    unit_id             bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    node_id             bigint NOT NULL REFERENCES duban.reporting_nodes (id) ON DELETE RESTRICT,
    -- NULL asks to be exempted from the report.
    requested_due_date  date,
    reason              text NOT NULL CHECK (length(btrim(reason)) > 0 AND length(reason) <= 5000),
    state               text NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'granted', 'exempted', 'refused')),
    granted_due_date    date,
    decision_note       text CHECK (length(decision_note) <= 5000),
    requested_by        bigint NOT NULL REFERENCES duban.accounts (id),
    requested_at        timestamptz NOT NULL,
    decided_by          bigint REFERENCES duban.accounts (id),
    decided_at          timestamptz,
    mutation_id         uuid NOT NULL UNIQUE,
    CHECK ((state = 'granted') = (granted_due_date IS NOT NULL)),
    CHECK ((state = 'requested') = (decided_by IS NULL AND decided_at IS NULL))
);
-- One open request per unit, task and node.
CREATE UNIQUE INDEX extensions_open_idx ON duban.extensions (task_id, unit_id, node_id) WHERE state = 'requested';
CREATE INDEX extensions_unit_idx ON duban.extensions (unit_id, task_id);

-- Urges (催办): the office presses a late or missing unit.
CREATE TABLE duban.urges (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id     bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE RESTRICT,
    unit_id     bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    node_id     bigint NOT NULL REFERENCES duban.reporting_nodes (id) ON DELETE RESTRICT,
    message     text NOT NULL CHECK (length(btrim(message)) > 0 AND length(message) <= 5000),
    -- How the unit stood when urged.
    timeliness  text NOT NULL CHECK (timeliness IN ('late', 'missing')),
    account_id  bigint NOT NULL REFERENCES duban.accounts (id),
    created_at  timestamptz NOT NULL
);
CREATE INDEX urges_unit_idx ON duban.urges (unit_id, task_id);

-- Graded supervision orders: blue → yellow → red as lateness repeats; closed when put right.
CREATE TABLE duban.supervision_orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id     bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE RESTRICT,
    unit_id     bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    grade       text NOT NULL CHECK (grade IN ('blue', 'yellow', 'red')),
    state       text NOT NULL CHECK (state IN ('open', 'closed')),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
-- One open order per unit and task.
CREATE UNIQUE INDEX supervision_orders_open_idx ON duban.supervision_orders (task_id, unit_id) WHERE state = 'open';

CREATE TABLE duban.supervision_order_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id    bigint NOT NULL REFERENCES duban.supervision_orders (id) ON DELETE RESTRICT,
    action      text NOT NULL CHECK (action IN ('issued', 'escalated', 'closed')),
    grade       text NOT NULL CHECK (grade IN ('blue', 'yellow', 'red')),
    note        text NOT NULL CHECK (length(btrim(note)) > 0 AND length(note) <= 5000),
    account_id  bigint NOT NULL REFERENCES duban.accounts (id),
    at          timestamptz NOT NULL
);
CREATE INDEX supervision_order_events_order_idx ON duban.supervision_order_events (order_id, id);

-- Circulars (通报): drafted from a snapshot, edited, issued with a number; an issued one never changes.
CREATE TABLE duban.circulars (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id     bigint NOT NULL REFERENCES duban.plans (id) ON DELETE RESTRICT,
    node_id     bigint NOT NULL REFERENCES duban.reporting_nodes (id) ON DELETE RESTRICT,
    state       text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'issued')),
    year        integer NOT NULL,
    number      integer CHECK (number > 0),
    title       text NOT NULL CHECK (length(btrim(title)) > 0 AND length(title) <= 500),
    body        text NOT NULL CHECK (length(body) <= 200000),
    snapshot    jsonb NOT NULL,
    drafted_by  bigint NOT NULL REFERENCES duban.accounts (id),
    issued_by   bigint REFERENCES duban.accounts (id),
    issued_at   timestamptz,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    UNIQUE (year, number),
    CHECK ((state = 'issued') = (number IS NOT NULL AND issued_at IS NOT NULL AND issued_by IS NOT NULL))
);

CREATE FUNCTION duban.guard_issued_circular() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'issued' THEN
        RAISE EXCEPTION 'circular % was issued and never changes', OLD.id USING ERRCODE = '55000';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER circulars_issued_guard BEFORE UPDATE OR DELETE ON duban.circulars
    FOR EACH ROW EXECUTE FUNCTION duban.guard_issued_circular();

-- Inspections: on-line or on-site, with the rectification they require followed to closure.
CREATE TABLE duban.inspections (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id             bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE RESTRICT,
    unit_id             bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    kind                text NOT NULL CHECK (kind IN ('online', 'on_site')),
    inspected_on        date NOT NULL,
    inspectors          text[] NOT NULL CHECK (cardinality(inspectors) BETWEEN 1 AND 50),
    findings            text NOT NULL CHECK (length(btrim(findings)) > 0 AND length(findings) <= 20000),
    rectification       text CHECK (length(rectification) <= 20000),
    rectification_due   date,
    state               text NOT NULL CHECK (state IN ('rectifying', 'closed')),
    account_id          bigint NOT NULL REFERENCES duban.accounts (id),
    created_at          timestamptz NOT NULL,
    CHECK (rectification_due IS NULL OR rectification IS NOT NULL)
);
CREATE INDEX inspections_unit_idx ON duban.inspections (unit_id, task_id);

CREATE TABLE duban.inspection_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id   bigint NOT NULL REFERENCES duban.inspections (id) ON DELETE RESTRICT,
    action          text NOT NULL CHECK (action IN ('recorded', 'progress', 'closed')),
    note            text NOT NULL CHECK (length(note) <= 20000),
    account_id      bigint NOT NULL REFERENCES duban.accounts (id),
    at              timestamptz NOT NULL
);
CREATE INDEX inspection_events_inspection_idx ON duban.inspection_events (inspection_id, id);

-- Row-level security: units read what concerns them (their own rows and the tasks they lead); the
-- supervision office writes; oversight and admins read.
ALTER TABLE duban.extensions ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.urges ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.supervision_orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.supervision_order_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.circulars ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.inspections ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.inspection_events ENABLE ROW LEVEL SECURITY;

CREATE POLICY extensions_read ON duban.extensions FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));
CREATE POLICY extensions_request ON duban.extensions FOR INSERT TO duban_app WITH CHECK (
    duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id()
    AND requested_by = duban.current_account_id() AND state = 'requested'
    AND EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = extensions.task_id AND a.unit_id = extensions.unit_id)
);
CREATE POLICY extensions_decide ON duban.extensions FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'supervisor')
    WITH CHECK (duban.current_account_role() = 'supervisor' AND decided_by = duban.current_account_id());

CREATE POLICY urges_read ON duban.urges FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));
CREATE POLICY urges_write ON duban.urges FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'supervisor' AND account_id = duban.current_account_id());

CREATE POLICY orders_read ON duban.supervision_orders FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));
CREATE POLICY orders_insert ON duban.supervision_orders FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'supervisor');
CREATE POLICY orders_update ON duban.supervision_orders FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'supervisor');
CREATE POLICY order_events_read ON duban.supervision_order_events FOR SELECT TO duban_app
    USING (EXISTS (SELECT 1 FROM duban.supervision_orders o WHERE o.id = order_id));
CREATE POLICY order_events_write ON duban.supervision_order_events FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'supervisor' AND account_id = duban.current_account_id());

-- Drafts are the office's own; issued circulars are for everyone signed in.
CREATE POLICY circulars_read ON duban.circulars FOR SELECT TO duban_app USING (
    duban.current_account_role() IN ('supervisor', 'oversight')
    OR (duban.current_account_role() IS NOT NULL AND state = 'issued')
);
CREATE POLICY circulars_draft ON duban.circulars FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'supervisor' AND drafted_by = duban.current_account_id() AND state = 'draft');
CREATE POLICY circulars_edit ON duban.circulars FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'supervisor');

CREATE POLICY inspections_read ON duban.inspections FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));
CREATE POLICY inspections_insert ON duban.inspections FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'supervisor' AND account_id = duban.current_account_id());
CREATE POLICY inspections_update ON duban.inspections FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'supervisor');
CREATE POLICY inspection_events_read ON duban.inspection_events FOR SELECT TO duban_app
    USING (EXISTS (SELECT 1 FROM duban.inspections i WHERE i.id = inspection_id));
CREATE POLICY inspection_events_write ON duban.inspection_events FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'supervisor' AND account_id = duban.current_account_id());

GRANT SELECT, INSERT ON duban.extensions, duban.urges, duban.supervision_orders, duban.supervision_order_events,
                        duban.circulars, duban.inspections, duban.inspection_events TO duban_app;
GRANT UPDATE (state, granted_due_date, decision_note, decided_by, decided_at) ON duban.extensions TO duban_app;
GRANT UPDATE (grade, state, updated_at) ON duban.supervision_orders TO duban_app;
GRANT UPDATE (title, body, state, number, issued_by, issued_at, updated_at) ON duban.circulars TO duban_app;
GRANT UPDATE (state) ON duban.inspections TO duban_app;

-- Oversight views.
CREATE VIEW oversight.extensions AS
    SELECT e.id, t.number AS task_number, u.code AS unit_code, n.node_date, e.requested_due_date, e.reason, e.state,
           e.granted_due_date, e.decision_note, e.requested_at, e.decided_at
      FROM duban.extensions e JOIN duban.tasks t ON t.id = e.task_id JOIN duban.units u ON u.id = e.unit_id
      JOIN duban.reporting_nodes n ON n.id = e.node_id;
COMMENT ON VIEW oversight.extensions IS 'Requests for more time and the supervision office''s decisions.';
CREATE VIEW oversight.urges AS
    SELECT g.id, t.number AS task_number, u.code AS unit_code, n.node_date, g.message, g.timeliness, g.created_at
      FROM duban.urges g JOIN duban.tasks t ON t.id = g.task_id JOIN duban.units u ON u.id = g.unit_id
      JOIN duban.reporting_nodes n ON n.id = g.node_id;
COMMENT ON VIEW oversight.urges IS 'Every urge (催办) of a late or missing unit.';
CREATE VIEW oversight.supervision_orders AS
    SELECT o.id AS order_id, t.number AS task_number, u.code AS unit_code, o.grade AS current_grade, o.state,
           e.action, e.grade AS event_grade, e.note, e.at
      FROM duban.supervision_orders o JOIN duban.supervision_order_events e ON e.order_id = o.id
      JOIN duban.tasks t ON t.id = o.task_id JOIN duban.units u ON u.id = o.unit_id;
COMMENT ON VIEW oversight.supervision_orders IS 'Graded supervision orders, one row per step of their history.';
CREATE VIEW oversight.circulars AS
    SELECT c.id, c.year, c.number, c.title, c.body, n.node_date, c.issued_at
      FROM duban.circulars c JOIN duban.reporting_nodes n ON n.id = c.node_id WHERE c.state = 'issued';
COMMENT ON VIEW oversight.circulars IS 'Issued circulars (通报) with their numbers.';
CREATE VIEW oversight.inspections AS
    SELECT i.id, t.number AS task_number, u.code AS unit_code, i.kind, i.inspected_on, i.inspectors, i.findings,
           i.rectification, i.rectification_due, i.state, i.created_at
      FROM duban.inspections i JOIN duban.tasks t ON t.id = i.task_id JOIN duban.units u ON u.id = i.unit_id;
COMMENT ON VIEW oversight.inspections IS 'Inspections and whether their rectification is closed.';
GRANT SELECT ON oversight.extensions, oversight.urges, oversight.supervision_orders, oversight.circulars,
                oversight.inspections TO duban_oversight;
