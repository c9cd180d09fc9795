-- Review by the lead unit (issue 5, item 2): the lead unit's staff accept or return each responsible
-- unit's report. A return needs a reason and sends the report back to its unit, which revises and
-- resubmits (a new revision makes it "submitted" again); acceptance locks the report for that node.

ALTER TABLE duban.reports
    ADD COLUMN review_state text NOT NULL DEFAULT 'submitted' CHECK (review_state IN ('submitted', 'accepted', 'returned')),
    ADD COLUMN reviewed_revision integer;

CREATE TABLE duban.report_reviews (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id       uuid NOT NULL REFERENCES duban.reports (id) ON DELETE RESTRICT,
    revision        integer NOT NULL,
    decision        text NOT NULL CHECK (decision IN ('accept', 'return')),
    reason          text CHECK (length(reason) <= 5000),
    account_id      bigint NOT NULL REFERENCES duban.accounts (id),
    unit_id         bigint NOT NULL REFERENCES duban.units (id),
    device_id       uuid NOT NULL,
    mutation_id     uuid NOT NULL UNIQUE,
    authored_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (report_id, revision) REFERENCES duban.report_revisions (report_id, revision),
    CHECK (decision = 'accept' OR length(btrim(coalesce(reason, ''))) > 0)
);
CREATE INDEX report_reviews_report_idx ON duban.report_reviews (report_id, id);

ALTER TABLE duban.report_reviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY reviews_read ON duban.report_reviews FOR SELECT TO duban_app
    USING (EXISTS (SELECT 1 FROM duban.reports r WHERE r.id = report_id));
-- Only staff of the unit that leads the report's task, and never of the report's own unit.
CREATE POLICY reviews_write ON duban.report_reviews FOR INSERT TO duban_app WITH CHECK (
    duban.current_account_role() = 'staff' AND account_id = duban.current_account_id()
    AND unit_id = duban.current_unit_id()
    AND EXISTS (SELECT 1 FROM duban.reports r
                 WHERE r.id = report_id AND r.unit_id <> duban.current_unit_id()
                   AND duban.unit_leads_task(r.task_id, duban.current_unit_id()))
);
-- The lead unit's staff change a responsible unit's report only through a review.
CREATE POLICY reports_review_update ON duban.reports FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'staff' AND duban.unit_leads_task(task_id, duban.current_unit_id()));

GRANT SELECT, INSERT ON duban.report_reviews TO duban_app;
GRANT UPDATE (review_state, reviewed_revision) ON duban.reports TO duban_app;

-- A lead unit may update only the review columns of another unit's report.
CREATE FUNCTION duban.guard_report_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_has_role(current_user, 'duban_app', 'MEMBER') OR OLD.unit_id = duban.current_unit_id() THEN
        RETURN NEW;
    END IF;
    IF NEW.version IS DISTINCT FROM OLD.version OR NEW.head_revision IS DISTINCT FROM OLD.head_revision
       OR NEW.open_conflicts IS DISTINCT FROM OLD.open_conflicts THEN
        RAISE EXCEPTION 'only the report''s own unit writes its content' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER reports_guard BEFORE UPDATE ON duban.reports
    FOR EACH ROW EXECUTE FUNCTION duban.guard_report_update();

CREATE OR REPLACE VIEW oversight.reports AS
    SELECT r.id AS report_id, t.plan_id, t.number AS task_number, u.code AS unit_code, n.node_date,
           r.version, r.head_revision, r.open_conflicts > 0 AS in_conflict, r.created_at, r.updated_at,
           r.review_state, r.reviewed_revision
      FROM duban.reports r JOIN duban.tasks t ON t.id = r.task_id JOIN duban.units u ON u.id = r.unit_id
      JOIN duban.reporting_nodes n ON n.id = r.node_id;
CREATE VIEW oversight.report_reviews AS
    SELECT v.report_id, v.revision, v.decision, v.reason, a.login AS reviewer_login, u.code AS reviewer_unit,
           v.authored_at, v.received_at
      FROM duban.report_reviews v JOIN duban.accounts a ON a.id = v.account_id JOIN duban.units u ON u.id = v.unit_id;
COMMENT ON VIEW oversight.report_reviews IS 'Every accept or return decision of a lead unit on a responsible unit''s report.';
GRANT SELECT ON oversight.report_reviews TO duban_oversight;
