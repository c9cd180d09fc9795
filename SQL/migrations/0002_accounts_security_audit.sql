-- Accounts, sessions, sign-in throttling, the audit trail, row-level security and the database roles.
--
-- Roles (cluster-wide, created here once; the migrating role needs CREATEROLE):
--   duban_app        NOLOGIN. Everything the server may do, and nothing more. Owns nothing, so the
--                    row-level security policies below always apply to it.
--   duban_server     LOGIN, member of duban_app, no password: the server logs in as this role
--                    (local socket trust/peer, or set a password with ALTER ROLE).
--   duban_oversight  NOLOGIN by default. SELECT on the views of schema `oversight` only, for auditors
--                    with psql or a BI tool: ALTER ROLE duban_oversight LOGIN PASSWORD '…' to use it.
-- Each request's transaction sets who is calling with set_config(…, true) (SET LOCAL):
--   duban.account_id, duban.unit_id, duban.role (admin|staff|supervisor|oversight), duban.device_id.

DO $$
BEGIN
    BEGIN
        CREATE ROLE duban_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    BEGIN
        CREATE ROLE duban_server LOGIN IN ROLE duban_app;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    BEGIN
        CREATE ROLE duban_oversight NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
END $$;

-- Who is calling, as set by the server for this transaction (NULL outside a request).
CREATE FUNCTION duban.current_account_id() RETURNS bigint
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('duban.account_id', true), '')::bigint $$;
CREATE FUNCTION duban.current_unit_id() RETURNS bigint
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('duban.unit_id', true), '')::bigint $$;
CREATE FUNCTION duban.current_account_role() RETURNS text
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('duban.role', true), '') $$;
CREATE FUNCTION duban.current_device_id() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('duban.device_id', true), '')::uuid $$;

-- Accounts ------------------------------------------------------------------------------------

CREATE TABLE duban.accounts (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id                 bigint NOT NULL REFERENCES duban.units (id) ON DELETE RESTRICT,
    login                   text NOT NULL CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    display_name            text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 100),
    role                    text NOT NULL CHECK (role IN ('admin', 'staff', 'supervisor', 'oversight')),
    password_hash           text NOT NULL,
    must_change_password    boolean NOT NULL DEFAULT true,
    password_changed_at     timestamptz,
    disabled_at             timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at         timestamptz,
    UNIQUE (login)
);
CREATE INDEX accounts_unit_idx ON duban.accounts (unit_id);

CREATE TABLE duban.sessions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES duban.accounts (id) ON DELETE CASCADE,
    -- SHA-256 (hex) of the bearer token; the token itself is never stored.
    token_sha256    text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    device_id       uuid NOT NULL,
    device_name     text CHECK (length(device_name) <= 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz
);
CREATE INDEX sessions_account_idx ON duban.sessions (account_id) WHERE revoked_at IS NULL;

-- Failed sign-ins, per login and per client address, shared by every server instance.
CREATE TABLE duban.sign_in_throttle (
    key             text PRIMARY KEY,
    failures        integer NOT NULL DEFAULT 0,
    window_start    timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz
);

-- Only admins change another account, and nobody changes an account's login, unit or role but an admin.
CREATE FUNCTION duban.guard_account_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_user <> 'duban_app' AND NOT pg_has_role(current_user, 'duban_app', 'MEMBER') THEN
        RETURN NEW; -- the owner (migrations, bootstrap) is not policed here
    END IF;
    IF duban.current_account_role() IS DISTINCT FROM 'admin' AND (
           NEW.login IS DISTINCT FROM OLD.login OR NEW.unit_id IS DISTINCT FROM OLD.unit_id
        OR NEW.role IS DISTINCT FROM OLD.role OR NEW.disabled_at IS DISTINCT FROM OLD.disabled_at
        OR NEW.display_name IS DISTINCT FROM OLD.display_name
        OR (NEW.must_change_password AND NOT OLD.must_change_password)) THEN
        RAISE EXCEPTION 'only an admin may change this account''s login, unit, role, name or status'
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER accounts_guard BEFORE UPDATE ON duban.accounts
    FOR EACH ROW EXECUTE FUNCTION duban.guard_account_update();

-- Sign-in needs the account before anyone is signed in: a narrow definer function, not a policy hole.
CREATE FUNCTION duban.account_for_sign_in(p_login text)
RETURNS TABLE (id bigint, unit_id bigint, role text, password_hash text, disabled boolean, must_change_password boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
    SELECT a.id, a.unit_id, a.role, a.password_hash,
           a.disabled_at IS NOT NULL OR NOT u.active, a.must_change_password
      FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id
     WHERE a.login = lower(p_login)
$$;

-- The session behind a token hash, if it is live; slides its expiry (at most once a minute).
CREATE FUNCTION duban.session_for_token(p_token_sha256 text, p_ttl interval)
RETURNS TABLE (session_id bigint, account_id bigint, unit_id bigint, role text, device_id uuid,
               must_change_password boolean, expires_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
DECLARE
    s duban.sessions%ROWTYPE;
BEGIN
    SELECT * INTO s FROM duban.sessions WHERE token_sha256 = p_token_sha256;
    IF NOT FOUND OR s.revoked_at IS NOT NULL OR s.expires_at <= now() THEN
        RETURN;
    END IF;
    IF s.last_used_at < now() - interval '1 minute' THEN
        UPDATE duban.sessions SET last_used_at = now(), expires_at = greatest(expires_at, now() + p_ttl)
         WHERE id = s.id RETURNING * INTO s;
    END IF;
    RETURN QUERY
        SELECT s.id, a.id, a.unit_id, a.role, s.device_id, a.must_change_password, s.expires_at
          FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id
         WHERE a.id = s.account_id AND a.disabled_at IS NULL AND u.active;
END $$;

-- True when unit p_unit leads task p_task (used by policies; definer, so a policy on assignments
-- can ask about assignments without recursing).
CREATE FUNCTION duban.unit_leads_task(p_task bigint, p_unit bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
    SELECT EXISTS (SELECT 1 FROM duban.assignments WHERE task_id = p_task AND unit_id = p_unit AND role = 'lead')
$$;

-- The audit trail ---------------------------------------------------------------------------
-- Entries are appended cheaply inside each writing transaction (no lock shared by writers). A sealer
-- (duban.seal_audit) chains committed entries in (xid, id) order up to the horizon below which every
-- transaction has ended, so no entry can later appear before a sealed one. Each sealed entry's hash
-- is SHA-256 over the previous hash and the entry's canonical text; duban.verify_audit recomputes it.

CREATE TABLE duban.audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid             xid8 NOT NULL DEFAULT pg_current_xact_id(),
    received_at     timestamptz NOT NULL DEFAULT now(),
    account_id      bigint,
    unit_id         bigint,
    device_id       uuid,
    action          text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_.]+$'),
    entity_type     text NOT NULL,
    entity_id       text,
    detail          jsonb NOT NULL DEFAULT '{}'::jsonb,
    seq             bigint UNIQUE,
    hash            text CHECK (hash ~ '^[0-9a-f]{64}$'),
    CHECK ((seq IS NULL) = (hash IS NULL))
);
CREATE INDEX audit_log_unsealed_idx ON duban.audit_log (xid, id) WHERE seq IS NULL;
CREATE INDEX audit_log_unit_idx ON duban.audit_log (unit_id, id);
CREATE INDEX audit_log_account_idx ON duban.audit_log (account_id, id);
CREATE INDEX audit_log_entity_idx ON duban.audit_log (entity_type, entity_id, id);

-- Who wrote an entry comes from the transaction's identity, never from the statement.
CREATE FUNCTION duban.stamp_audit_entry() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF duban.current_account_role() IS NOT NULL THEN
        NEW.account_id := duban.current_account_id();
        NEW.unit_id := duban.current_unit_id();
        NEW.device_id := duban.current_device_id();
    END IF;
    NEW.xid := pg_current_xact_id();
    NEW.received_at := now();
    NEW.seq := NULL;
    NEW.hash := NULL;
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON duban.audit_log
    FOR EACH ROW EXECUTE FUNCTION duban.stamp_audit_entry();

CREATE TABLE duban.audit_chain (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_seq    bigint NOT NULL DEFAULT 0,
    last_hash   text NOT NULL DEFAULT repeat('0', 64)
);
INSERT INTO duban.audit_chain DEFAULT VALUES;

CREATE FUNCTION duban.audit_entry_text(e duban.audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\x1f', e.seq::text, e.id::text, e.xid::text,
                     to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     coalesce(e.account_id::text, ''), coalesce(e.unit_id::text, ''), coalesce(e.device_id::text, ''),
                     e.action, e.entity_type, coalesce(e.entity_id, ''), e.detail::text)
$$;

CREATE FUNCTION duban.audit_link(prev text, e duban.audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(prev || E'\x1e' || duban.audit_entry_text(e), 'UTF8')), 'hex')
$$;

-- Chains up to p_limit committed entries; returns how many it sealed.
CREATE FUNCTION duban.seal_audit(p_limit integer DEFAULT 10000) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
DECLARE
    horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
    chain duban.audit_chain%ROWTYPE;
    e duban.audit_log%ROWTYPE;
    sealed integer := 0;
BEGIN
    SELECT * INTO chain FROM duban.audit_chain FOR UPDATE;
    FOR e IN
        SELECT * FROM duban.audit_log WHERE seq IS NULL AND xid < horizon ORDER BY xid, id LIMIT p_limit
    LOOP
        chain.last_seq := chain.last_seq + 1;
        e.seq := chain.last_seq;
        chain.last_hash := duban.audit_link(chain.last_hash, e);
        UPDATE duban.audit_log SET seq = e.seq, hash = chain.last_hash WHERE id = e.id;
        sealed := sealed + 1;
    END LOOP;
    UPDATE duban.audit_chain SET last_seq = chain.last_seq, last_hash = chain.last_hash;
    RETURN sealed;
END $$;

-- Recomputes the chain from its first entry; reports the first entry that does not match.
CREATE FUNCTION duban.verify_audit()
RETURNS TABLE (ok boolean, checked bigint, broken_id bigint, broken_seq bigint, reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
DECLARE
    e duban.audit_log%ROWTYPE;
    expected bigint := 1;
    prev text := repeat('0', 64);
    chain duban.audit_chain%ROWTYPE;
BEGIN
    SELECT * INTO chain FROM duban.audit_chain;
    FOR e IN SELECT * FROM duban.audit_log WHERE seq IS NOT NULL AND seq <= chain.last_seq ORDER BY seq LOOP
        IF e.seq <> expected THEN
            RETURN QUERY SELECT false, expected - 1, NULL::bigint, expected, 'missing_entry'::text;
            RETURN;
        END IF;
        IF duban.audit_link(prev, e) <> e.hash THEN
            RETURN QUERY SELECT false, expected - 1, e.id, e.seq, 'hash_mismatch'::text;
            RETURN;
        END IF;
        prev := e.hash;
        expected := expected + 1;
    END LOOP;
    IF expected - 1 <> chain.last_seq THEN
        RETURN QUERY SELECT false, expected - 1, NULL::bigint, expected, 'missing_entry'::text;
        RETURN;
    END IF;
    IF prev <> chain.last_hash THEN
        RETURN QUERY SELECT false, expected - 1, NULL::bigint, chain.last_seq, 'link_mismatch'::text;
        RETURN;
    END IF;
    RETURN QUERY SELECT true, expected - 1, NULL::bigint, NULL::bigint, NULL::text;
END $$;

-- Row-level security --------------------------------------------------------------------------

ALTER TABLE duban.units ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.unit_aliases ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.reporting_nodes ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.audit_log ENABLE ROW LEVEL SECURITY;

-- The unit list and the plan are common knowledge among signed-in users.
CREATE POLICY units_read ON duban.units FOR SELECT TO duban_app USING (duban.current_account_role() IS NOT NULL);
CREATE POLICY units_admin_insert ON duban.units FOR INSERT TO duban_app WITH CHECK (duban.current_account_role() = 'admin');
CREATE POLICY units_admin_update ON duban.units FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'admin') WITH CHECK (duban.current_account_role() = 'admin');
CREATE POLICY unit_aliases_read ON duban.unit_aliases FOR SELECT TO duban_app USING (duban.current_account_role() IS NOT NULL);
CREATE POLICY unit_aliases_admin_insert ON duban.unit_aliases FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'admin');
CREATE POLICY unit_aliases_admin_delete ON duban.unit_aliases FOR DELETE TO duban_app
    USING (duban.current_account_role() = 'admin');
CREATE POLICY plans_read ON duban.plans FOR SELECT TO duban_app USING (duban.current_account_role() IS NOT NULL);
CREATE POLICY tasks_read ON duban.tasks FOR SELECT TO duban_app USING (duban.current_account_role() IS NOT NULL);
CREATE POLICY nodes_read ON duban.reporting_nodes FOR SELECT TO duban_app USING (duban.current_account_role() IS NOT NULL);

-- A unit's staff see their own assignments and every assignment of a task their unit leads.
CREATE POLICY assignments_read ON duban.assignments FOR SELECT TO duban_app USING (
    duban.current_account_role() IN ('admin', 'supervisor', 'oversight')
    OR (duban.current_account_role() = 'staff'
        AND (unit_id = duban.current_unit_id() OR duban.unit_leads_task(task_id, duban.current_unit_id())))
);

-- Accounts: admins and oversight see all; everyone sees their own.
CREATE POLICY accounts_read ON duban.accounts FOR SELECT TO duban_app USING (
    duban.current_account_role() IN ('admin', 'oversight') OR id = duban.current_account_id()
);
CREATE POLICY accounts_admin_insert ON duban.accounts FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'admin');
CREATE POLICY accounts_update ON duban.accounts FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'admin' OR id = duban.current_account_id())
    WITH CHECK (duban.current_account_role() = 'admin' OR id = duban.current_account_id());

CREATE POLICY sessions_read ON duban.sessions FOR SELECT TO duban_app
    USING (account_id = duban.current_account_id() OR duban.current_account_role() = 'admin');
CREATE POLICY sessions_insert ON duban.sessions FOR INSERT TO duban_app
    WITH CHECK (account_id = duban.current_account_id());
CREATE POLICY sessions_update ON duban.sessions FOR UPDATE TO duban_app
    USING (account_id = duban.current_account_id() OR duban.current_account_role() = 'admin');

CREATE POLICY audit_read ON duban.audit_log FOR SELECT TO duban_app
    USING (duban.current_account_role() IN ('admin', 'supervisor', 'oversight'));
CREATE POLICY audit_append ON duban.audit_log FOR INSERT TO duban_app WITH CHECK (true);

-- Privileges of the server's role ---------------------------------------------------------------

REVOKE ALL ON SCHEMA duban FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA duban FROM PUBLIC;
GRANT USAGE ON SCHEMA duban TO duban_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA duban TO duban_app;
GRANT SELECT ON duban.units, duban.unit_aliases, duban.plans, duban.tasks, duban.reporting_nodes,
                duban.assignments, duban.accounts, duban.sessions, duban.audit_log, duban.schema_migrations
    TO duban_app;
GRANT INSERT, UPDATE ON duban.units TO duban_app;
GRANT INSERT, DELETE ON duban.unit_aliases TO duban_app;
GRANT INSERT ON duban.accounts TO duban_app;
GRANT UPDATE (display_name, password_hash, must_change_password, password_changed_at, disabled_at, last_sign_in_at)
    ON duban.accounts TO duban_app;
GRANT INSERT ON duban.sessions TO duban_app;
GRANT UPDATE (last_used_at, expires_at, revoked_at) ON duban.sessions TO duban_app;
GRANT INSERT ON duban.audit_log TO duban_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON duban.sign_in_throttle TO duban_app;

-- The oversight schema: read-only views for auditors (role duban_oversight) ----------------------
-- Views run with their owner's rights, so they show every unit; duban_oversight can read nothing else.

CREATE SCHEMA oversight;
COMMENT ON SCHEMA oversight IS 'Read-only views of Duban for auditors and BI tools (role duban_oversight).';

CREATE VIEW oversight.units AS
    SELECT u.code, u.name, u.kind, p.code AS parent_code, u.active, u.created_at
      FROM duban.units u LEFT JOIN duban.units p ON p.id = u.parent_id;
COMMENT ON VIEW oversight.units IS 'Every unit: code, name, kind, parent, whether active.';

CREATE VIEW oversight.plans AS
    SELECT id AS plan_id, year, title, issuer, time_zone, responsible_lead_days, imported_at FROM duban.plans;
COMMENT ON VIEW oversight.plans IS 'Yearly plans (为民办实事) with their time zone and the responsible units'' lead days.';

CREATE VIEW oversight.reporting_nodes AS
    SELECT plan_id, ordinal, node_date, lead_due_date, responsible_due_date FROM duban.reporting_nodes;
COMMENT ON VIEW oversight.reporting_nodes IS 'Reporting nodes with the lead units'' and the responsible units'' due dates.';

CREATE VIEW oversight.tasks AS
    SELECT plan_id, number, title, content, completion_standard, city_lead_units, city_responsible_units,
           district_lead_written, district_responsible_written, not_applicable
      FROM duban.tasks;
COMMENT ON VIEW oversight.tasks IS 'Tasks of each plan; not_applicable marks tasks that do not involve the district.';

CREATE VIEW oversight.assignments AS
    SELECT t.plan_id, t.number AS task_number, u.code AS unit_code, u.name AS unit_name, a.role, a.written_as
      FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id JOIN duban.units u ON u.id = a.unit_id;
COMMENT ON VIEW oversight.assignments IS 'District-level assignments: which unit leads or is responsible for which task.';

CREATE VIEW oversight.accounts AS
    SELECT a.login, a.display_name, a.role, u.code AS unit_code, a.disabled_at IS NOT NULL AS disabled,
           a.created_at, a.last_sign_in_at
      FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id;
COMMENT ON VIEW oversight.accounts IS 'Accounts without credentials.';

CREATE VIEW oversight.audit_log AS
    SELECT e.id, e.seq, e.received_at, a.login AS account_login, u.code AS unit_code, e.device_id,
           e.action, e.entity_type, e.entity_id, e.detail, e.hash
      FROM duban.audit_log e LEFT JOIN duban.accounts a ON a.id = e.account_id LEFT JOIN duban.units u ON u.id = e.unit_id;
COMMENT ON VIEW oversight.audit_log IS 'The audit trail; seq and hash are set once an entry is chained.';

REVOKE ALL ON SCHEMA oversight FROM PUBLIC;
GRANT USAGE ON SCHEMA oversight TO duban_oversight;
GRANT SELECT ON ALL TABLES IN SCHEMA oversight TO duban_oversight;
