-- Every change reaches the audit trail from the database, entries cannot be changed, and the
-- chain's head is anchored outside the database by signed checkpoints.
--
-- 1. Row entries. An AFTER trigger on every table that users or imports change (duban.audit_row)
--    appends one entry per row changed: action row.insert / row.update / row.delete, entity_type the
--    table, entity_id the row's key, detail the columns an update changed, and digest the SHA-256
--    of the row's canonical text (to_jsonb(row)::text with TimeZone UTC and extra_float_digits 3;
--    the old row for a delete). No write path can forget it: a report revision, a review decision,
--    an import, or a statement typed in psql leaves an entry. Tables not audited are named, with
--    their reason, in AuditCoverageTests (bookkeeping: the trail itself, the change feed, the
--    replay store, sessions and sign-in counters, derived lights, migration records).
-- 2. Entries say where a change came from: the client's address (duban.client_address, set by the
--    server for each request as duban.account_id is) and, without an account, an actor: the
--    command or importer that set duban.actor, else the database role that logged in.
--    The canonical text (duban.audit_entry_text) appends these three fields only when one is set,
--    so entries sealed before this migration keep their hashes.
-- 3. Protection. UPDATE, DELETE and TRUNCATE of duban.audit_log are refused, except the sealer's
--    one change: setting seq and hash on an entry not sealed yet, nothing else. Checkpoints are
--    never changed or removed either. The tables' owner can still disable the triggers; the signed
--    checkpoints (4) are what makes that visible.
-- 4. Checkpoints. The server signs the chain's head (seq, hash, time) with an Ed25519 key kept in
--    a file the database owner does not hold (DUBAN_AUDIT_KEY_FILE) and stores it here; a verifier
--    recomputes the chain from the entries and checks every checkpoint's signature.
-- Bodies are defined here, not only in SQL/objects, because the new columns and the rule that
-- hashes them must arrive in one transaction: no entry may be sealed under the old rule with the
-- new columns set.

ALTER TABLE duban.audit_log
    ADD COLUMN client_address text CHECK (length(client_address) <= 100),
    ADD COLUMN actor text CHECK (length(actor) BETWEEN 1 AND 100),
    ADD COLUMN digest text CHECK (digest ~ '^[0-9a-f]{64}$');

CREATE OR REPLACE FUNCTION duban.stamp_audit_entry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF duban.current_account_role() IS NOT NULL THEN
        NEW.account_id := duban.current_account_id();
        NEW.unit_id := duban.current_unit_id();
        NEW.device_id := duban.current_device_id();
    END IF;
    NEW.client_address := nullif(current_setting('duban.client_address', true), '');
    NEW.actor := coalesce(nullif(current_setting('duban.actor', true), ''),
                          CASE WHEN duban.current_account_role() IS NULL THEN session_user::text END);
    NEW.xid := pg_current_xact_id();
    NEW.received_at := now();
    NEW.seq := NULL;
    NEW.hash := NULL;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION duban.audit_entry_text(e duban.audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\x1f', e.seq::text, e.id::text, e.xid::text,
                     to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     coalesce(e.account_id::text, ''), coalesce(e.unit_id::text, ''), coalesce(e.device_id::text, ''),
                     e.action, e.entity_type, coalesce(e.entity_id, ''), e.detail::text,
                     CASE WHEN e.client_address IS NOT NULL OR e.actor IS NOT NULL OR e.digest IS NOT NULL
                          THEN concat_ws(E'\x1f', coalesce(e.client_address, ''), coalesce(e.actor, ''), coalesce(e.digest, ''))
                     END)
$$;

-- One entry per row changed. TG_ARGV[0]: the key columns (comma-separated) that name the row;
-- TG_ARGV[1…]: bookkeeping columns an update may change alone without an entry (a session's
-- sliding expiry, an upload's byte count). An update that changes nothing leaves no entry.
CREATE FUNCTION duban.audit_row() RETURNS trigger
LANGUAGE plpgsql SET "TimeZone" TO 'UTC' SET extra_float_digits TO '3' AS $$
DECLARE
    r jsonb;
    o jsonb;
    quiet text[] := TG_ARGV[1:TG_NARGS - 1];
    changed jsonb := '{}'::jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := to_jsonb(OLD);
    ELSE
        r := to_jsonb(NEW);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        o := to_jsonb(OLD);
        IF (r - quiet) = (o - quiet) THEN
            RETURN NULL;
        END IF;
        SELECT jsonb_build_object('changed', jsonb_agg(k ORDER BY k)) INTO changed
          FROM jsonb_each(r) AS c(k, v) WHERE v IS DISTINCT FROM o -> k;
    END IF;
    INSERT INTO duban.audit_log (action, entity_type, entity_id, detail, digest)
    VALUES ('row.' || lower(TG_OP), TG_TABLE_NAME,
            (SELECT string_agg(r ->> k, ':' ORDER BY n) FROM unnest(string_to_array(TG_ARGV[0], ',')) WITH ORDINALITY AS key(k, n)),
            changed, encode(sha256(convert_to(r::text, 'UTF8')), 'hex'));
    RETURN NULL;
END $$;

CREATE TRIGGER accounts_audit AFTER INSERT OR UPDATE OR DELETE ON duban.accounts
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id', 'last_sign_in_at');
CREATE TRIGGER assessment_criteria_audit AFTER INSERT OR UPDATE OR DELETE ON duban.assessment_criteria
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER assessments_audit AFTER INSERT OR UPDATE OR DELETE ON duban.assessments
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER assignments_audit AFTER INSERT OR UPDATE OR DELETE ON duban.assignments
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER circulars_audit AFTER INSERT OR UPDATE OR DELETE ON duban.circulars
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER evidence_files_audit AFTER INSERT OR UPDATE OR DELETE ON duban.evidence_files
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('sha256', 'received');
CREATE TRIGGER evidence_holders_audit AFTER INSERT OR UPDATE OR DELETE ON duban.evidence_holders
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('sha256,unit_id');
CREATE TRIGGER extensions_audit AFTER INSERT OR UPDATE OR DELETE ON duban.extensions
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER inspection_events_audit AFTER INSERT OR UPDATE OR DELETE ON duban.inspection_events
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER inspections_audit AFTER INSERT OR UPDATE OR DELETE ON duban.inspections
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER plans_audit AFTER INSERT OR UPDATE OR DELETE ON duban.plans
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER report_reviews_audit AFTER INSERT OR UPDATE OR DELETE ON duban.report_reviews
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER report_revisions_audit AFTER INSERT OR UPDATE OR DELETE ON duban.report_revisions
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('report_id,revision');
CREATE TRIGGER reporting_nodes_audit AFTER INSERT OR UPDATE OR DELETE ON duban.reporting_nodes
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER reports_audit AFTER INSERT OR UPDATE OR DELETE ON duban.reports
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER supervision_order_events_audit AFTER INSERT OR UPDATE OR DELETE ON duban.supervision_order_events
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER supervision_orders_audit AFTER INSERT OR UPDATE OR DELETE ON duban.supervision_orders
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER tasks_audit AFTER INSERT OR UPDATE OR DELETE ON duban.tasks
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER unit_aliases_audit AFTER INSERT OR UPDATE OR DELETE ON duban.unit_aliases
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('alias');
CREATE TRIGGER units_audit AFTER INSERT OR UPDATE OR DELETE ON duban.units
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');
CREATE TRIGGER urges_audit AFTER INSERT OR UPDATE OR DELETE ON duban.urges
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

-- Entries are never changed or removed; the sealer only sets seq and hash on unsealed entries.
CREATE FUNCTION duban.protect_audit_entry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL
       AND (to_jsonb(NEW) - ARRAY['seq', 'hash']) = (to_jsonb(OLD) - ARRAY['seq', 'hash']) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries are never changed or removed (entry %)', OLD.id USING ERRCODE = '55000';
END $$;
CREATE TRIGGER audit_log_protect BEFORE UPDATE OR DELETE ON duban.audit_log
    FOR EACH ROW EXECUTE FUNCTION duban.protect_audit_entry();

-- For tables whose rows are never changed or removed at all (statement level: TRUNCATE too).
CREATE FUNCTION duban.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never changed or removed', TG_TABLE_NAME USING ERRCODE = '55000';
END $$;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON duban.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION duban.refuse_change();

CREATE TABLE duban.audit_checkpoints (
    seq         bigint PRIMARY KEY CHECK (seq > 0),
    head_hash   text NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
    signed_at   timestamptz NOT NULL,
    -- The first 16 hex digits of the SHA-256 of the raw public key, and the key itself (base64).
    key_id      text NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
    public_key  text NOT NULL CHECK (length(public_key) = 44),
    -- Ed25519 over DubanCore's AuditCheckpoint.signedText(seq:headHash:signedAt:) (base64).
    signature   text NOT NULL CHECK (length(signature) = 88)
);
COMMENT ON TABLE duban.audit_checkpoints IS
    'Signed heads of the audit chain: the Ed25519 key is outside the database (DUBAN_AUDIT_KEY_FILE).';
CREATE TRIGGER audit_checkpoints_protect BEFORE UPDATE OR DELETE ON duban.audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION duban.refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON duban.audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION duban.refuse_change();

-- Checkpoints are public: the public page and every circular show the newest.
ALTER TABLE duban.audit_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.audit_checkpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_checkpoints_read ON duban.audit_checkpoints FOR SELECT TO duban_app USING (true);
CREATE POLICY audit_checkpoints_append ON duban.audit_checkpoints FOR INSERT TO duban_app WITH CHECK (true);
-- The owner only outside a request's scope or inside a definer function (plain settings, no function
-- call: the oversight view reads the table with its caller's right to execute functions).
CREATE POLICY audit_checkpoints_owner ON duban.audit_checkpoints TO CURRENT_USER
    USING (coalesce(current_setting('duban.role', true), '') = '' OR current_setting('duban.definer', true) = 'on')
    WITH CHECK (coalesce(current_setting('duban.role', true), '') = '' OR current_setting('duban.definer', true) = 'on');
GRANT SELECT, INSERT ON duban.audit_checkpoints TO duban_app;

-- The sealer reads the head it extends.
GRANT SELECT ON duban.audit_chain TO duban_app;
REVOKE ALL ON FUNCTION duban.audit_row(), duban.protect_audit_entry(), duban.refuse_change() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.audit_row(), duban.protect_audit_entry(), duban.refuse_change() TO duban_app;

-- The oversight view shows where each entry came from.
CREATE OR REPLACE VIEW oversight.audit_log AS
    SELECT e.id, e.seq, e.received_at, a.login AS account_login, u.code AS unit_code, e.device_id,
           e.action, e.entity_type, e.entity_id, e.detail, e.hash, e.client_address, e.actor, e.digest
      FROM duban.audit_log e LEFT JOIN duban.accounts a ON a.id = e.account_id LEFT JOIN duban.units u ON u.id = e.unit_id;

CREATE VIEW oversight.audit_checkpoints AS
    SELECT seq, head_hash, signed_at, key_id, public_key, signature FROM duban.audit_checkpoints;
COMMENT ON VIEW oversight.audit_checkpoints IS 'Signed heads of the audit chain (Ed25519, key outside the database).';
GRANT SELECT ON oversight.audit_checkpoints TO duban_oversight;
