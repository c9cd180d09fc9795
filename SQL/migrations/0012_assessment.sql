-- Year-end assessment (issue 6, item 3): each lead unit scores its responsible units per task on the
-- criteria below; the supervision office reviews the sheets and exports the table.
--
-- The criteria, their score scales and weights are data: these rows are the defaults for every plan
-- (plan_id NULL); `duban-server assessment-criteria --file F --year Y` sets a plan's own.
CREATE TABLE duban.assessment_criteria (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id     bigint REFERENCES duban.plans (id) ON DELETE CASCADE,
    code        text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,63}$'),
    name_zh     text NOT NULL CHECK (length(btrim(name_zh)) > 0),
    name_en     text NOT NULL CHECK (length(btrim(name_en)) > 0),
    max_score   numeric(6, 2) NOT NULL CHECK (max_score > 0),
    -- Share of the total, in points of 100; a plan's weights add up to 100.
    weight      numeric(6, 2) NOT NULL CHECK (weight >= 0),
    -- 'timeliness': pre-filled from the unit's on-time rate on the task (the lead may change it with a reason).
    prefill     text CHECK (prefill IN ('timeliness')),
    ordinal     integer NOT NULL
);
CREATE UNIQUE INDEX assessment_criteria_key ON duban.assessment_criteria (coalesce(plan_id, 0), code);
INSERT INTO duban.assessment_criteria (plan_id, code, name_zh, name_en, max_score, weight, prefill, ordinal) VALUES
    (NULL, 'material_submission', '材料报送', 'material submission', 40, 40, 'timeliness', 1),
    (NULL, 'cooperation', '配合完成实事项目', 'cooperation on the task', 40, 40, NULL, 2),
    (NULL, 'bonus_confirmation', '绩效加分确认', 'bonus-point confirmation', 20, 20, NULL, 3);

-- One sheet per task and responsible unit, written by the lead unit (offline too, through sync).
CREATE TABLE duban.assessments (
    id              uuid PRIMARY KEY,
    task_id         bigint NOT NULL REFERENCES duban.tasks (id) ON DELETE RESTRICT,
    unit_id         bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    lead_unit_id    bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    -- {criterion code: score}
    scores          jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'object'),
    -- {criterion code: the pre-filled score}, as the server computed it when the sheet was written
    prefilled       jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- {criterion code: why the lead changed the pre-filled score}
    reasons         jsonb NOT NULL DEFAULT '{}'::jsonb,
    comment         text NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
    evidence        text[] NOT NULL DEFAULT '{}',
    total           numeric(6, 2) NOT NULL,
    state           text NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'accepted', 'returned')),
    review_note     text CHECK (length(review_note) <= 5000),
    version         integer NOT NULL CHECK (version > 0),
    written_by      bigint NOT NULL REFERENCES duban.accounts (id),
    written_at      timestamptz NOT NULL,
    authored_at     timestamptz NOT NULL,
    reviewed_by     bigint REFERENCES duban.accounts (id),
    reviewed_at     timestamptz,
    UNIQUE (task_id, unit_id)
);

ALTER TABLE duban.assessment_criteria ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.assessments ENABLE ROW LEVEL SECURITY;
CREATE POLICY assessment_criteria_read ON duban.assessment_criteria FOR SELECT TO duban_app
    USING (duban.current_account_role() IS NOT NULL);
-- The lead unit and the office see a sheet; the assessed unit does not (a year-end score is the office's).
CREATE POLICY assessments_read ON duban.assessments FOR SELECT TO duban_app USING (
    duban.current_account_role() IN ('admin', 'supervisor', 'oversight')
    OR (duban.current_account_role() = 'staff' AND lead_unit_id = duban.current_unit_id())
);
CREATE POLICY assessments_write ON duban.assessments FOR INSERT TO duban_app WITH CHECK (
    duban.current_account_role() = 'staff' AND lead_unit_id = duban.current_unit_id()
    AND written_by = duban.current_account_id() AND duban.unit_leads_task(task_id, duban.current_unit_id())
);
CREATE POLICY assessments_rewrite ON duban.assessments FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'staff' AND lead_unit_id = duban.current_unit_id())
    WITH CHECK (duban.current_account_role() = 'staff' AND lead_unit_id = duban.current_unit_id());
CREATE POLICY assessments_review ON duban.assessments FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'supervisor') WITH CHECK (duban.current_account_role() = 'supervisor');
GRANT SELECT ON duban.assessment_criteria TO duban_app;
GRANT SELECT, INSERT, UPDATE ON duban.assessments TO duban_app;

CREATE VIEW oversight.assessment_summary AS
    SELECT p.year AS plan_year, t.number AS task_number, t.title AS task_title, u.code AS unit_code, u.name AS unit_name,
           l.code AS lead_unit_code, a.scores, a.prefilled, a.reasons, a.comment, a.total, a.state, a.review_note,
           a.written_at, a.reviewed_at
      FROM duban.assessments a JOIN duban.tasks t ON t.id = a.task_id JOIN duban.plans p ON p.id = t.plan_id
      JOIN duban.units u ON u.id = a.unit_id JOIN duban.units l ON l.id = a.lead_unit_id;
COMMENT ON VIEW oversight.assessment_summary IS
    'Year-end assessment sheets: per task and responsible unit, scores per criterion, weighted total (of 100), review state.';
CREATE VIEW oversight.assessment_criteria AS
    SELECT p.year AS plan_year, c.code, c.name_zh, c.name_en, c.max_score, c.weight, c.prefill, c.ordinal
      FROM duban.assessment_criteria c LEFT JOIN duban.plans p ON p.id = c.plan_id;
COMMENT ON VIEW oversight.assessment_criteria IS 'Assessment criteria, score scales and weights (plan empty: the defaults).';
GRANT SELECT ON oversight.assessment_summary, oversight.assessment_criteria TO duban_oversight;
