-- Least privilege as the documents state it, enforced by the database as well as by the server.
--
-- * An admin manages units, accounts, the audit trail and the plan, and never reads a unit's reports,
--   reviews, evidence or assessments: `duban.may_read` (its object file) no longer lets the admin role
--   through, and the assessments' read policy is restated without it.
-- * Every account a unit holds is visible to that unit and to the supervision office, with who
--   created it and who last reset its password, and when: the columns are stamped by a trigger from
--   the transaction's account, so no write path can leave them out.
-- * A unit never accepts its own report and a lead never its own consolidated one: the report guard
--   (its object file) refuses a review state written by the report's own unit, and the office's review
--   policy names another unit's report only.
-- * Row-level security applies to the tables' owner too (FORCE ROW LEVEL SECURITY on every table with
--   policies). The owner keeps what it needs through one policy per table: when no account is set in
--   the transaction (the migrator, the importers, `prune`, an auditor's views) or inside the definer
--   functions called by the server's role. A server misconfigured to log in as the owner therefore
--   sees nothing of a unit's rows instead of everything (and `serve` refuses to start so).

-- Accounts: who created it, who last reset its password. -------------------------------------------

ALTER TABLE duban.accounts
    ADD COLUMN created_by        bigint REFERENCES duban.accounts (id) ON DELETE RESTRICT,
    ADD COLUMN password_reset_at timestamptz,
    ADD COLUMN password_reset_by bigint REFERENCES duban.accounts (id) ON DELETE RESTRICT;

CREATE FUNCTION duban.stamp_account_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.created_by := duban.current_account_id();
        NEW.password_reset_at := NULL;
        NEW.password_reset_by := NULL;
    ELSE
        NEW.created_by := OLD.created_by;
        -- A password set by someone else (an admin's reset) is recorded; one the account changes
        -- itself is its `password_changed_at` only.
        IF NEW.password_hash IS DISTINCT FROM OLD.password_hash
           AND duban.current_account_id() IS DISTINCT FROM OLD.id THEN
            NEW.password_reset_at := now();
            NEW.password_reset_by := duban.current_account_id();
        ELSE
            NEW.password_reset_at := OLD.password_reset_at;
            NEW.password_reset_by := OLD.password_reset_by;
        END IF;
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION duban.stamp_account_change() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.stamp_account_change() TO duban_app;

CREATE TRIGGER accounts_stamp BEFORE INSERT OR UPDATE ON duban.accounts
    FOR EACH ROW EXECUTE FUNCTION duban.stamp_account_change();

-- A unit's staff see the accounts of their unit; the office and oversight see every account.
DROP POLICY accounts_read ON duban.accounts;
CREATE POLICY accounts_read ON duban.accounts FOR SELECT TO duban_app USING (
    duban.current_account_role() IN ('admin', 'supervisor', 'oversight')
    OR id = duban.current_account_id()
    OR (duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id())
);

-- Assessments: the lead unit and the office; oversight reads; admins never. ------------------------

DROP POLICY assessments_read ON duban.assessments;
CREATE POLICY assessments_read ON duban.assessments FOR SELECT TO duban_app USING (
    duban.current_account_role() IN ('supervisor', 'oversight')
    OR (duban.current_account_role() = 'staff' AND lead_unit_id = duban.current_unit_id())
);

-- A lead unit reviews its responsible units' reports, never a co-lead's consolidated report (that
-- is the office's to review), as the server's review rule says. ----------------------------------

DROP POLICY reviews_write ON duban.report_reviews;
CREATE POLICY reviews_write ON duban.report_reviews FOR INSERT TO duban_app WITH CHECK (
    duban.current_account_role() = 'staff' AND account_id = duban.current_account_id()
    AND unit_id = duban.current_unit_id()
    AND EXISTS (SELECT 1 FROM duban.reports r
                 WHERE r.id = report_id AND r.unit_id <> duban.current_unit_id()
                   AND duban.unit_leads_task(r.task_id, duban.current_unit_id())
                   AND NOT duban.unit_leads_task(r.task_id, r.unit_id))
);
DROP POLICY reports_review_update ON duban.reports;
CREATE POLICY reports_review_update ON duban.reports FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'staff' AND duban.unit_leads_task(task_id, duban.current_unit_id())
           AND (unit_id = duban.current_unit_id() OR NOT duban.unit_leads_task(task_id, unit_id)));

-- The office reviews a lead unit's consolidated report, never one of its own unit. -----------------

DROP POLICY reviews_write_supervisor ON duban.report_reviews;
CREATE POLICY reviews_write_supervisor ON duban.report_reviews FOR INSERT TO duban_app WITH CHECK (
    duban.current_account_role() = 'supervisor' AND account_id = duban.current_account_id()
    AND unit_id = duban.current_unit_id()
    AND EXISTS (SELECT 1 FROM duban.reports r
                 WHERE r.id = report_id AND r.unit_id <> duban.current_unit_id()
                   AND duban.unit_leads_task(r.task_id, r.unit_id))
);

-- Row-level security for the owner too. ------------------------------------------------------------

-- Forces row-level security on `p_table` and gives its owner one policy: it may act on a row
-- outside any account's transaction (no `duban.role` set: the migrator, the importers, `prune`, the
-- auditors' views), or inside a definer function called by another role (the server's), where the
-- current user is the owner and the session's user is not. The expression uses built-in functions
-- only, so the auditors' role, whose views are checked against it, needs no grant in schema duban.
-- A migration that creates a table with policies calls it.
CREATE FUNCTION duban.force_row_security(p_table regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    owner_name name := (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = p_table);
    table_name name := (SELECT relname FROM pg_class WHERE oid = p_table);
    owner_may_act text := $e$(nullif(current_setting('duban.role', true), '') IS NULL OR session_user <> current_user)$e$;
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = p_table AND polname = table_name || '_owner') THEN
        EXECUTE format('CREATE POLICY %I ON %s TO %I USING (%s) WITH CHECK (%s)',
                       table_name || '_owner', p_table, owner_name, owner_may_act, owner_may_act);
    END IF;
END $$;
REVOKE ALL ON FUNCTION duban.force_row_security(regclass) FROM PUBLIC;

DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'duban' AND c.relkind = 'r' AND c.relrowsecurity ORDER BY c.relname
    LOOP
        PERFORM duban.force_row_security(t);
    END LOOP;
END $$;
