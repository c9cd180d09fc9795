-- The schema a fresh `duban-server migrate` makes (SQL/migrations, then SQL/objects): the duban and
-- oversight schemas as `pg_dump --schema-only --no-owner` of PostgreSQL 15 prints them, without its
-- version lines and \restrict keys. Generated; do not edit. SchemaSnapshotTests fails when a migration
-- or object file changes the schema and this file was not regenerated. Regenerate it with
-- Tools/schema-snapshot (DUBAN_UPDATE_SCHEMA_SNAPSHOT=1 Tools/test --filter SchemaSnapshotTests)
-- and review the diff with the change.
--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: duban; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA duban;

--
-- Name: oversight; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA oversight;

--
-- Name: SCHEMA oversight; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA oversight IS 'Read-only views of Duban for auditors and BI tools (role duban_oversight).';

--
-- Name: account_for_sign_in(text); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.account_for_sign_in(p_login text) RETURNS TABLE(id bigint, unit_id bigint, role text, password_hash text, disabled boolean, must_change_password boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
    SELECT a.id, a.unit_id, a.role, a.password_hash,
           a.disabled_at IS NOT NULL OR NOT u.active, a.must_change_password
      FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id
     WHERE a.login = lower(p_login)
$$;

--
-- Name: account_id_for_login(text); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.account_id_for_login(p_login text) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
    SELECT id FROM duban.accounts WHERE login = lower(p_login)
$$;

--
-- Name: account_login(bigint); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.account_login(p_account bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
    SELECT login FROM duban.accounts WHERE id = p_account
$$;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: audit_log; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.audit_log (
    id bigint NOT NULL,
    xid xid8 DEFAULT pg_current_xact_id() NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    account_id bigint,
    unit_id bigint,
    device_id uuid,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    seq bigint,
    hash text,
    client_address text,
    actor text,
    digest text,
    CONSTRAINT audit_log_action_check CHECK ((action ~ '^[a-z_]+\.[a-z_.]+$'::text)),
    CONSTRAINT audit_log_actor_check CHECK (((length(actor) >= 1) AND (length(actor) <= 100))),
    CONSTRAINT audit_log_check CHECK (((seq IS NULL) = (hash IS NULL))),
    CONSTRAINT audit_log_client_address_check CHECK ((length(client_address) <= 100)),
    CONSTRAINT audit_log_digest_check CHECK ((digest ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT audit_log_hash_check CHECK ((hash ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE ONLY duban.audit_log FORCE ROW LEVEL SECURITY;

--
-- Name: audit_entry_text(duban.audit_log); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.audit_entry_text(e duban.audit_log) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT concat_ws(E'\x1f', e.seq::text, e.id::text, e.xid::text,
                     to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     coalesce(e.account_id::text, ''), coalesce(e.unit_id::text, ''), coalesce(e.device_id::text, ''),
                     e.action, e.entity_type, coalesce(e.entity_id, ''), e.detail::text,
                     CASE WHEN e.client_address IS NOT NULL OR e.actor IS NOT NULL OR e.digest IS NOT NULL
                          THEN concat_ws(E'\x1f', coalesce(e.client_address, ''), coalesce(e.actor, ''), coalesce(e.digest, ''))
                     END)
$$;

--
-- Name: audit_link(text, duban.audit_log); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.audit_link(prev text, e duban.audit_log) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT encode(sha256(convert_to(prev || E'\x1e' || duban.audit_entry_text(e), 'UTF8')), 'hex')
$$;

--
-- Name: audit_row(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.audit_row() RETURNS trigger
    LANGUAGE plpgsql
    SET "TimeZone" TO 'UTC'
    SET extra_float_digits TO '3'
    AS $$
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

--
-- Name: FUNCTION audit_row(); Type: COMMENT; Schema: duban; Owner: -
--

COMMENT ON FUNCTION duban.audit_row() IS 'Appends one audit entry per row changed: action row.insert/update/delete, the row''s key, the changed columns and the SHA-256 of to_jsonb(row)::text (TimeZone UTC).';

--
-- Name: bump_reference_version(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.bump_reference_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
BEGIN
    UPDATE duban.reference_counter SET version = version + 1;
    RETURN NULL;
END $$;

--
-- Name: check_task_assignments(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.check_task_assignments() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: current_account_id(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.current_account_id() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('duban.account_id', true), '')::bigint $$;

--
-- Name: current_account_role(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.current_account_role() RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('duban.role', true), '') $$;

--
-- Name: current_device_id(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.current_device_id() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('duban.device_id', true), '')::uuid $$;

--
-- Name: current_epoch(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.current_epoch() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
DECLARE
    cluster text := current_setting('duban.cluster_identity', true);
BEGIN
    IF cluster IS NULL OR cluster = '' THEN
        SELECT to_hex(system_identifier) INTO cluster FROM pg_control_system();
        PERFORM set_config('duban.cluster_identity', cluster, false);
    END IF;
    RETURN (SELECT e.epoch::text || '.' || cluster FROM duban.server_epoch e);
END $$;

--
-- Name: current_unit_id(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.current_unit_id() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('duban.unit_id', true), '')::bigint $$;

--
-- Name: force_row_security(regclass); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.force_row_security(p_table regclass) RETURNS void
    LANGUAGE plpgsql
    AS $_$
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
END $_$;

--
-- Name: guard_account_update(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.guard_account_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: guard_implementation_update(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.guard_implementation_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
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

--
-- Name: guard_issued_circular(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.guard_issued_circular() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF OLD.state = 'issued' THEN
        RAISE EXCEPTION 'circular % was issued and never changes', OLD.id USING ERRCODE = '55000';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

--
-- Name: guard_report_update(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.guard_report_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT pg_has_role(current_user, 'duban_app', 'MEMBER') THEN
        RETURN NEW;
    END IF;
    IF OLD.unit_id = duban.current_unit_id() THEN
        -- The report's own unit writes its content; a new revision puts it back to `submitted`.
        -- Its review state is another unit's decision: never its own acceptance or return, nor
        -- undoing one without a new revision.
        IF NEW.reviewed_revision IS DISTINCT FROM OLD.reviewed_revision
           OR (NEW.review_state IS DISTINCT FROM OLD.review_state
               AND (NEW.review_state <> 'submitted' OR NEW.version <= OLD.version)) THEN
            RAISE EXCEPTION 'a unit does not review its own report' USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.version IS DISTINCT FROM OLD.version OR NEW.head_revision IS DISTINCT FROM OLD.head_revision
       OR NEW.open_conflicts IS DISTINCT FROM OLD.open_conflicts THEN
        RAISE EXCEPTION 'only the report''s own unit writes its content' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;

--
-- Name: may_read(bigint, bigint); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.may_read(p_unit bigint, p_task bigint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT duban.current_account_role() IN ('supervisor', 'oversight')
        OR (duban.current_account_role() = 'staff'
            AND (p_unit = duban.current_unit_id() OR duban.unit_leads_task(p_task, duban.current_unit_id())))
$$;

--
-- Name: may_read_evidence(text); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.may_read_evidence(p_sha256 text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
    SELECT coalesce(duban.current_account_role() IN ('staff', 'supervisor', 'oversight'), false) AND (
           (duban.current_account_role() = 'staff'
            AND EXISTS (SELECT 1 FROM duban.evidence_holders h
                         WHERE h.sha256 = p_sha256 AND h.unit_id = duban.current_unit_id()))
        OR EXISTS (SELECT 1 FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id
                    WHERE p_sha256 = ANY (v.evidence) AND duban.may_read(r.unit_id, r.task_id))
        OR EXISTS (SELECT 1 FROM duban.implementation_revisions v JOIN duban.implementation_plans p ON p.id = v.plan_id
                    WHERE p_sha256 = ANY (v.evidence)
                      AND (duban.may_read(p.unit_id, p.task_id)
                           OR (duban.current_account_role() = 'staff' AND v.revision = p.accepted_revision
                               AND duban.unit_serves_task(p.task_id, duban.current_unit_id()))))
        OR EXISTS (SELECT 1 FROM duban.assessments a
                    WHERE p_sha256 = ANY (a.evidence)
                      AND (duban.current_account_role() IN ('supervisor', 'oversight')
                           OR a.lead_unit_id = duban.current_unit_id())))
$$;

--
-- Name: protect_audit_entry(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.protect_audit_entry() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL
       AND (to_jsonb(NEW) - ARRAY['seq', 'hash']) = (to_jsonb(OLD) - ARRAY['seq', 'hash']) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries are never changed or removed (entry %)', OLD.id USING ERRCODE = '55000';
END $$;

--
-- Name: public_indicators(integer); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.public_indicators(p_year integer DEFAULT NULL::integer) RETURNS TABLE(task_number integer, name text, measure text, target numeric, done numeric, city_standard boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
    WITH plan AS (
        SELECT id FROM duban.plans WHERE p_year IS NULL OR year = p_year ORDER BY year DESC, id DESC LIMIT 1
    ), accepted AS (
        SELECT DISTINCT ON (r.task_id, q.key) r.task_id, q.key AS name, q.value
          FROM duban.reports r
          JOIN duban.tasks t ON t.id = r.task_id
          JOIN plan ON plan.id = t.plan_id
          JOIN duban.report_revisions v ON v.report_id = r.id AND v.revision = r.reviewed_revision
          JOIN duban.report_reviews w ON w.report_id = r.id AND w.revision = v.revision AND w.decision = 'accept'
          JOIN duban.accounts acc ON acc.id = w.account_id AND acc.role = 'supervisor'
          JOIN duban.reporting_nodes n ON n.id = r.node_id
          CROSS JOIN LATERAL jsonb_each(v.quantities) AS q(key, value)
         WHERE r.review_state = 'accepted' AND jsonb_typeof(q.value) = 'number'
           AND EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = r.task_id AND a.unit_id = r.unit_id AND a.role = 'lead')
         ORDER BY r.task_id, q.key, n.node_date DESC, w.received_at DESC
    )
    SELECT t.number, i.name, i.measure, i.target, (acc.value #>> '{}')::numeric, i.source = 'city_standard'
      FROM plan JOIN duban.tasks t ON t.plan_id = plan.id AND t.closed_at IS NULL
      JOIN duban.indicators i ON i.task_id = t.id AND i.confirmed
      LEFT JOIN accepted acc ON acc.task_id = t.id AND acc.name = i.name
     ORDER BY t.number, i.position, i.id
$$;

--
-- Name: public_progress(integer); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.public_progress(p_year integer DEFAULT NULL::integer) RETURNS TABLE(plan_year integer, plan_title text, task_number integer, title text, content text, completion_standard text, not_applicable boolean, lead_units text[], percent numeric, summary text, node_date date, updated_at timestamp with time zone, light text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
    WITH plan AS (
        SELECT id, year, title FROM duban.plans
         WHERE p_year IS NULL OR year = p_year ORDER BY year DESC, id DESC LIMIT 1
    ), published AS (
        -- The newest accepted, published lead revision per task.
        SELECT DISTINCT ON (r.task_id) r.task_id, v.percent, v.public_summary, n.node_date, w.received_at AS accepted_at
          FROM duban.reports r
          JOIN duban.report_revisions v ON v.report_id = r.id AND v.revision = r.reviewed_revision
          JOIN duban.report_reviews w ON w.report_id = r.id AND w.revision = v.revision AND w.decision = 'accept'
          JOIN duban.accounts acc ON acc.id = w.account_id AND acc.role = 'supervisor'
          JOIN duban.reporting_nodes n ON n.id = r.node_id
         WHERE r.review_state = 'accepted' AND v.public_summary IS NOT NULL
           AND EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = r.task_id AND a.unit_id = r.unit_id AND a.role = 'lead')
         ORDER BY r.task_id, n.node_date DESC, w.received_at DESC
    )
    SELECT plan.year, plan.title, t.number, t.title, t.content, t.completion_standard, t.not_applicable,
           coalesce((SELECT array_agg(u.name ORDER BY u.code) FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id
                      WHERE a.task_id = t.id AND a.role = 'lead'), '{}'),
           pub.percent, pub.public_summary, pub.node_date, pub.accepted_at,
           (SELECT s.progress_light FROM duban.status_lights s WHERE s.task_id = t.id AND s.unit_id IS NULL)
      FROM plan JOIN duban.tasks t ON t.plan_id = plan.id AND t.closed_at IS NULL
      LEFT JOIN published pub ON pub.task_id = t.id
     ORDER BY t.number
$$;

--
-- Name: public_summaries(integer); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.public_summaries(p_year integer DEFAULT NULL::integer) RETURNS TABLE(task_number integer, node_date date, summary text, accepted_at timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
    WITH plan AS (
        SELECT id FROM duban.plans WHERE p_year IS NULL OR year = p_year ORDER BY year DESC, id DESC LIMIT 1
    )
    SELECT DISTINCT ON (t.number, n.node_date) t.number, n.node_date, v.public_summary, w.received_at
      FROM duban.reports r
      JOIN duban.tasks t ON t.id = r.task_id AND t.closed_at IS NULL
      JOIN plan ON plan.id = t.plan_id
      JOIN duban.report_revisions v ON v.report_id = r.id AND v.revision = r.reviewed_revision
      JOIN duban.report_reviews w ON w.report_id = r.id AND w.revision = v.revision AND w.decision = 'accept'
      JOIN duban.accounts acc ON acc.id = w.account_id AND acc.role = 'supervisor'
      JOIN duban.reporting_nodes n ON n.id = r.node_id
     WHERE r.review_state = 'accepted' AND v.public_summary IS NOT NULL
       AND EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = r.task_id AND a.unit_id = r.unit_id AND a.role = 'lead')
     ORDER BY t.number, n.node_date DESC, w.received_at DESC
$$;

--
-- Name: record_change(text, text, bigint, bigint, jsonb); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.record_change(p_entity_type text, p_entity_id text, p_unit bigint, p_task bigint, p_data jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
DECLARE
    numbered bigint;
BEGIN
    WITH next AS (UPDATE duban.change_counter SET seq = seq + 1 RETURNING seq)
    INSERT INTO duban.changes (seq, entity_type, entity_id, unit_id, task_id, data)
    SELECT next.seq, p_entity_type, p_entity_id, p_unit, p_task, p_data FROM next
    RETURNING seq INTO numbered;
    PERFORM pg_notify('duban_changes', numbered::text || ':' || coalesce(p_unit::text, '') || ':' || coalesce(p_task::text, ''));
    RETURN numbered;
END $$;

--
-- Name: refuse_change(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION '% rows are never changed or removed', TG_TABLE_NAME USING ERRCODE = '55000';
END $$;

--
-- Name: seal_audit(integer); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.seal_audit(p_limit integer DEFAULT 10000) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
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

--
-- Name: session_for_token(text, interval); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.session_for_token(p_token_sha256 text, p_ttl interval) RETURNS TABLE(session_id bigint, account_id bigint, unit_id bigint, role text, device_id uuid, must_change_password boolean, expires_at timestamp with time zone, disabled boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
DECLARE
    s duban.sessions%ROWTYPE;
BEGIN
    SELECT * INTO s FROM duban.sessions AS x WHERE x.token_sha256 = p_token_sha256;
    IF NOT FOUND OR s.revoked_at IS NOT NULL OR s.expires_at <= now() THEN
        RETURN;
    END IF;
    IF s.last_used_at < now() - interval '1 minute' THEN
        UPDATE duban.sessions AS x
           SET last_used_at = now(), expires_at = greatest(x.expires_at, now() + p_ttl)
         WHERE x.id = s.id
        RETURNING x.* INTO s;
    END IF;
    RETURN QUERY
        SELECT s.id, a.id, a.unit_id, a.role, s.device_id, a.must_change_password, s.expires_at,
               a.disabled_at IS NOT NULL OR NOT u.active
          FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id
         WHERE a.id = s.account_id;
END $$;

--
-- Name: stamp_account_change(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.stamp_account_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: stamp_audit_entry(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.stamp_audit_entry() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: unit_leads_task(bigint, bigint); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.unit_leads_task(p_task bigint, p_unit bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
    SELECT EXISTS (SELECT 1 FROM duban.assignments WHERE task_id = p_task AND unit_id = p_unit AND role = 'lead')
$$;

--
-- Name: unit_serves_task(bigint, bigint); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.unit_serves_task(p_task bigint, p_unit bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
    SELECT EXISTS (SELECT 1 FROM duban.assignments WHERE task_id = p_task AND unit_id = p_unit)
$$;

--
-- Name: verify_audit(); Type: FUNCTION; Schema: duban; Owner: -
--

CREATE FUNCTION duban.verify_audit() RETURNS TABLE(ok boolean, checked bigint, broken_id bigint, broken_seq bigint, reason text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'duban'
    AS $$
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

--
-- Name: accounts; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.accounts (
    id bigint NOT NULL,
    unit_id bigint NOT NULL,
    login text NOT NULL,
    display_name text NOT NULL,
    role text NOT NULL,
    password_hash text NOT NULL,
    must_change_password boolean DEFAULT true NOT NULL,
    password_changed_at timestamp with time zone,
    disabled_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_sign_in_at timestamp with time zone,
    created_by bigint,
    password_reset_at timestamp with time zone,
    password_reset_by bigint,
    CONSTRAINT accounts_display_name_check CHECK (((length(btrim(display_name)) >= 1) AND (length(btrim(display_name)) <= 100))),
    CONSTRAINT accounts_login_check CHECK ((login ~ '^[a-z0-9][a-z0-9._-]{1,63}$'::text)),
    CONSTRAINT accounts_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'staff'::text, 'supervisor'::text, 'oversight'::text])))
);

ALTER TABLE ONLY duban.accounts FORCE ROW LEVEL SECURITY;

--
-- Name: accounts_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.accounts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.accounts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: assessment_criteria; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.assessment_criteria (
    id bigint NOT NULL,
    plan_id bigint,
    code text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    max_score numeric(6,2) NOT NULL,
    weight numeric(6,2) NOT NULL,
    prefill text,
    ordinal integer NOT NULL,
    CONSTRAINT assessment_criteria_code_check CHECK ((code ~ '^[a-z][a-z0-9_]{0,63}$'::text)),
    CONSTRAINT assessment_criteria_max_score_check CHECK ((max_score > (0)::numeric)),
    CONSTRAINT assessment_criteria_name_en_check CHECK ((length(btrim(name_en)) > 0)),
    CONSTRAINT assessment_criteria_name_zh_check CHECK ((length(btrim(name_zh)) > 0)),
    CONSTRAINT assessment_criteria_prefill_check CHECK ((prefill = 'timeliness'::text)),
    CONSTRAINT assessment_criteria_weight_check CHECK ((weight >= (0)::numeric))
);

ALTER TABLE ONLY duban.assessment_criteria FORCE ROW LEVEL SECURITY;

--
-- Name: assessment_criteria_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.assessment_criteria ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.assessment_criteria_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: assessments; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.assessments (
    id uuid NOT NULL,
    task_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    lead_unit_id bigint NOT NULL,
    scores jsonb NOT NULL,
    prefilled jsonb DEFAULT '{}'::jsonb NOT NULL,
    reasons jsonb DEFAULT '{}'::jsonb NOT NULL,
    comment text DEFAULT ''::text NOT NULL,
    evidence text[] DEFAULT '{}'::text[] NOT NULL,
    total numeric(6,2) NOT NULL,
    state text DEFAULT 'submitted'::text NOT NULL,
    review_note text,
    version integer NOT NULL,
    written_by bigint NOT NULL,
    written_at timestamp with time zone NOT NULL,
    authored_at timestamp with time zone NOT NULL,
    reviewed_by bigint,
    reviewed_at timestamp with time zone,
    CONSTRAINT assessments_comment_check CHECK ((length(comment) <= 5000)),
    CONSTRAINT assessments_review_note_check CHECK ((length(review_note) <= 5000)),
    CONSTRAINT assessments_scores_check CHECK ((jsonb_typeof(scores) = 'object'::text)),
    CONSTRAINT assessments_state_check CHECK ((state = ANY (ARRAY['submitted'::text, 'accepted'::text, 'returned'::text]))),
    CONSTRAINT assessments_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY duban.assessments FORCE ROW LEVEL SECURITY;

--
-- Name: assignments; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.assignments (
    id bigint NOT NULL,
    task_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    role text NOT NULL,
    written_as text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT assignments_role_check CHECK ((role = ANY (ARRAY['lead'::text, 'responsible'::text])))
);

ALTER TABLE ONLY duban.assignments FORCE ROW LEVEL SECURITY;

--
-- Name: assignments_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.assignments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.assignments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: audit_chain; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.audit_chain (
    id boolean DEFAULT true NOT NULL,
    last_seq bigint DEFAULT 0 NOT NULL,
    last_hash text DEFAULT repeat('0'::text, 64) NOT NULL,
    CONSTRAINT audit_chain_id_check CHECK (id)
);

--
-- Name: audit_checkpoints; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.audit_checkpoints (
    seq bigint NOT NULL,
    head_hash text NOT NULL,
    signed_at timestamp with time zone NOT NULL,
    key_id text NOT NULL,
    public_key text NOT NULL,
    signature text NOT NULL,
    CONSTRAINT audit_checkpoints_head_hash_check CHECK ((head_hash ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT audit_checkpoints_key_id_check CHECK ((key_id ~ '^[0-9a-f]{16}$'::text)),
    CONSTRAINT audit_checkpoints_public_key_check CHECK ((length(public_key) = 44)),
    CONSTRAINT audit_checkpoints_seq_check CHECK ((seq > 0)),
    CONSTRAINT audit_checkpoints_signature_check CHECK ((length(signature) = 88))
);

ALTER TABLE ONLY duban.audit_checkpoints FORCE ROW LEVEL SECURITY;

--
-- Name: TABLE audit_checkpoints; Type: COMMENT; Schema: duban; Owner: -
--

COMMENT ON TABLE duban.audit_checkpoints IS 'Signed heads of the audit chain: the Ed25519 key is outside the database (DUBAN_AUDIT_KEY_FILE).';

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: change_counter; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.change_counter (
    id boolean DEFAULT true NOT NULL,
    seq bigint DEFAULT 0 NOT NULL,
    CONSTRAINT change_counter_id_check CHECK (id)
);

--
-- Name: changes; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.changes (
    seq bigint NOT NULL,
    entity_type text NOT NULL,
    entity_id text NOT NULL,
    unit_id bigint,
    task_id bigint,
    data jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY duban.changes FORCE ROW LEVEL SECURITY;

--
-- Name: circulars; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.circulars (
    id bigint NOT NULL,
    plan_id bigint NOT NULL,
    node_id bigint NOT NULL,
    state text DEFAULT 'draft'::text NOT NULL,
    year integer NOT NULL,
    number integer,
    title text NOT NULL,
    body text NOT NULL,
    snapshot jsonb NOT NULL,
    drafted_by bigint NOT NULL,
    issued_by bigint,
    issued_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT circulars_body_check CHECK ((length(body) <= 200000)),
    CONSTRAINT circulars_check CHECK (((state = 'issued'::text) = ((number IS NOT NULL) AND (issued_at IS NOT NULL) AND (issued_by IS NOT NULL)))),
    CONSTRAINT circulars_number_check CHECK ((number > 0)),
    CONSTRAINT circulars_state_check CHECK ((state = ANY (ARRAY['draft'::text, 'issued'::text]))),
    CONSTRAINT circulars_title_check CHECK (((length(btrim(title)) > 0) AND (length(title) <= 500)))
);

ALTER TABLE ONLY duban.circulars FORCE ROW LEVEL SECURITY;

--
-- Name: circulars_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.circulars ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.circulars_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: evidence_chunks; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.evidence_chunks (
    sha256 text NOT NULL,
    "offset" bigint NOT NULL,
    data bytea NOT NULL,
    CONSTRAINT evidence_chunks_offset_check CHECK (("offset" >= 0))
);

ALTER TABLE ONLY duban.evidence_chunks FORCE ROW LEVEL SECURITY;

--
-- Name: evidence_files; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.evidence_files (
    sha256 text NOT NULL,
    size bigint NOT NULL,
    media_type text NOT NULL,
    received bigint DEFAULT 0 NOT NULL,
    complete boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    completed_at timestamp with time zone,
    CONSTRAINT evidence_files_check CHECK (((received >= 0) AND (received <= size))),
    CONSTRAINT evidence_files_check1 CHECK ((complete = (completed_at IS NOT NULL))),
    CONSTRAINT evidence_files_check2 CHECK (((NOT complete) OR (received = size))),
    CONSTRAINT evidence_files_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT evidence_files_size_check CHECK ((size > 0)),
    CONSTRAINT evidence_files_verified CHECK (complete)
);

ALTER TABLE ONLY duban.evidence_files FORCE ROW LEVEL SECURITY;

--
-- Name: evidence_holders; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.evidence_holders (
    sha256 text NOT NULL,
    unit_id bigint NOT NULL,
    account_id bigint NOT NULL,
    name text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT evidence_holders_name_check CHECK ((length(name) <= 255))
);

ALTER TABLE ONLY duban.evidence_holders FORCE ROW LEVEL SECURITY;

--
-- Name: evidence_upload_chunks; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.evidence_upload_chunks (
    sha256 text NOT NULL,
    unit_id bigint NOT NULL,
    "offset" bigint NOT NULL,
    data bytea NOT NULL,
    CONSTRAINT evidence_upload_chunks_offset_check CHECK (("offset" >= 0))
);

ALTER TABLE ONLY duban.evidence_upload_chunks FORCE ROW LEVEL SECURITY;

--
-- Name: evidence_uploads; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.evidence_uploads (
    sha256 text NOT NULL,
    unit_id bigint NOT NULL,
    account_id bigint NOT NULL,
    size bigint NOT NULL,
    media_type text NOT NULL,
    name text,
    received bigint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT evidence_uploads_check CHECK (((received >= 0) AND (received <= size))),
    CONSTRAINT evidence_uploads_name_check CHECK ((length(name) <= 255)),
    CONSTRAINT evidence_uploads_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT evidence_uploads_size_check CHECK ((size > 0))
);

ALTER TABLE ONLY duban.evidence_uploads FORCE ROW LEVEL SECURITY;

--
-- Name: extensions; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.extensions (
    id uuid NOT NULL,
    task_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    node_id bigint NOT NULL,
    requested_due_date date,
    reason text NOT NULL,
    state text DEFAULT 'requested'::text NOT NULL,
    granted_due_date date,
    decision_note text,
    requested_by bigint NOT NULL,
    requested_at timestamp with time zone NOT NULL,
    decided_by bigint,
    decided_at timestamp with time zone,
    mutation_id uuid NOT NULL,
    CONSTRAINT extensions_check CHECK (((state = 'granted'::text) = (granted_due_date IS NOT NULL))),
    CONSTRAINT extensions_check1 CHECK (((state = 'requested'::text) = ((decided_by IS NULL) AND (decided_at IS NULL)))),
    CONSTRAINT extensions_decision_note_check CHECK ((length(decision_note) <= 5000)),
    CONSTRAINT extensions_reason_check CHECK (((length(btrim(reason)) > 0) AND (length(reason) <= 5000))),
    CONSTRAINT extensions_state_check CHECK ((state = ANY (ARRAY['requested'::text, 'granted'::text, 'exempted'::text, 'refused'::text])))
);

ALTER TABLE ONLY duban.extensions FORCE ROW LEVEL SECURITY;

--
-- Name: implementation_plans; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.implementation_plans (
    id uuid NOT NULL,
    task_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    version integer DEFAULT 0 NOT NULL,
    state text DEFAULT 'submitted'::text NOT NULL,
    accepted_revision integer,
    CONSTRAINT implementation_plans_state_check CHECK ((state = ANY (ARRAY['submitted'::text, 'accepted'::text, 'returned'::text]))),
    CONSTRAINT implementation_plans_version_check CHECK ((version >= 0))
);

ALTER TABLE ONLY duban.implementation_plans FORCE ROW LEVEL SECURITY;

--
-- Name: implementation_reviews; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.implementation_reviews (
    id bigint NOT NULL,
    plan_id uuid NOT NULL,
    revision integer NOT NULL,
    decision text NOT NULL,
    reason text,
    account_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    authored_at timestamp with time zone NOT NULL,
    decided_at timestamp with time zone DEFAULT now() NOT NULL,
    mutation_id uuid NOT NULL,
    CONSTRAINT implementation_reviews_check CHECK (((decision = 'accept'::text) OR (length(btrim(reason)) > 0))),
    CONSTRAINT implementation_reviews_decision_check CHECK ((decision = ANY (ARRAY['accept'::text, 'return'::text]))),
    CONSTRAINT implementation_reviews_reason_check CHECK ((length(reason) <= 5000))
);

ALTER TABLE ONLY duban.implementation_reviews FORCE ROW LEVEL SECURITY;

--
-- Name: implementation_reviews_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.implementation_reviews ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.implementation_reviews_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: implementation_revisions; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.implementation_revisions (
    plan_id uuid NOT NULL,
    revision integer NOT NULL,
    measures text NOT NULL,
    steps jsonb NOT NULL,
    splits jsonb DEFAULT '[]'::jsonb NOT NULL,
    evidence text[] DEFAULT '{}'::text[] NOT NULL,
    reason text,
    authored_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    account_id bigint NOT NULL,
    device_id uuid NOT NULL,
    mutation_id uuid NOT NULL,
    CONSTRAINT implementation_revisions_measures_check CHECK ((length(measures) <= 50000)),
    CONSTRAINT implementation_revisions_reason_check CHECK ((length(reason) <= 5000)),
    CONSTRAINT implementation_revisions_revision_check CHECK ((revision > 0)),
    CONSTRAINT implementation_revisions_splits_check CHECK ((jsonb_typeof(splits) = 'array'::text)),
    CONSTRAINT implementation_revisions_steps_check CHECK ((jsonb_typeof(steps) = 'array'::text))
);

ALTER TABLE ONLY duban.implementation_revisions FORCE ROW LEVEL SECURITY;

--
-- Name: indicator_splits; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.indicator_splits (
    indicator_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    target numeric NOT NULL,
    CONSTRAINT indicator_splits_target_check CHECK ((target > (0)::numeric))
);

ALTER TABLE ONLY duban.indicator_splits FORCE ROW LEVEL SECURITY;

--
-- Name: indicators; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.indicators (
    id bigint NOT NULL,
    task_id bigint NOT NULL,
    name text NOT NULL,
    measure text NOT NULL,
    target numeric NOT NULL,
    cumulative boolean DEFAULT true NOT NULL,
    source text NOT NULL,
    confirmed boolean DEFAULT false NOT NULL,
    phrase text,
    split_reason text,
    "position" integer DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT indicators_measure_check CHECK (((length(measure) >= 1) AND (length(measure) <= 10))),
    CONSTRAINT indicators_name_check CHECK (((length(name) >= 1) AND (length(name) <= 40))),
    CONSTRAINT indicators_phrase_check CHECK ((length(phrase) <= 500)),
    CONSTRAINT indicators_source_check CHECK ((source = ANY (ARRAY['city_standard'::text, 'office'::text]))),
    CONSTRAINT indicators_split_reason_check CHECK ((length(split_reason) <= 5000)),
    CONSTRAINT indicators_target_check CHECK ((target > (0)::numeric))
);

ALTER TABLE ONLY duban.indicators FORCE ROW LEVEL SECURITY;

--
-- Name: indicators_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.indicators ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.indicators_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: inspection_events; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.inspection_events (
    id bigint NOT NULL,
    inspection_id bigint NOT NULL,
    action text NOT NULL,
    note text NOT NULL,
    account_id bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    CONSTRAINT inspection_events_action_check CHECK ((action = ANY (ARRAY['recorded'::text, 'progress'::text, 'closed'::text]))),
    CONSTRAINT inspection_events_note_check CHECK ((length(note) <= 20000))
);

ALTER TABLE ONLY duban.inspection_events FORCE ROW LEVEL SECURITY;

--
-- Name: inspection_events_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.inspection_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.inspection_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: inspections; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.inspections (
    id bigint NOT NULL,
    task_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    kind text NOT NULL,
    inspected_on date NOT NULL,
    inspectors text[] NOT NULL,
    findings text NOT NULL,
    rectification text,
    rectification_due date,
    state text NOT NULL,
    account_id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT inspections_check CHECK (((rectification_due IS NULL) OR (rectification IS NOT NULL))),
    CONSTRAINT inspections_findings_check CHECK (((length(btrim(findings)) > 0) AND (length(findings) <= 20000))),
    CONSTRAINT inspections_inspectors_check CHECK (((cardinality(inspectors) >= 1) AND (cardinality(inspectors) <= 50))),
    CONSTRAINT inspections_kind_check CHECK ((kind = ANY (ARRAY['online'::text, 'on_site'::text]))),
    CONSTRAINT inspections_rectification_check CHECK ((length(rectification) <= 20000)),
    CONSTRAINT inspections_state_check CHECK ((state = ANY (ARRAY['rectifying'::text, 'closed'::text])))
);

ALTER TABLE ONLY duban.inspections FORCE ROW LEVEL SECURITY;

--
-- Name: inspections_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.inspections ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.inspections_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: mutations; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.mutations (
    id uuid NOT NULL,
    account_id bigint NOT NULL,
    device_id uuid NOT NULL,
    device_seq bigint NOT NULL,
    kind text NOT NULL,
    payload_sha256 text NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    result jsonb NOT NULL,
    CONSTRAINT mutations_device_seq_check CHECK ((device_seq >= 0)),
    CONSTRAINT mutations_payload_sha256_check CHECK ((payload_sha256 ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE ONLY duban.mutations FORCE ROW LEVEL SECURITY;

--
-- Name: plans; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.plans (
    id bigint NOT NULL,
    year integer NOT NULL,
    title text NOT NULL,
    issuer text,
    time_zone text DEFAULT 'Asia/Shanghai'::text NOT NULL,
    responsible_lead_days integer NOT NULL,
    content_sha256 text NOT NULL,
    source_name text,
    imported_at timestamp with time zone DEFAULT now() NOT NULL,
    progress_yellow_gap numeric DEFAULT 5 NOT NULL,
    progress_red_gap numeric DEFAULT 15 NOT NULL,
    document_number text,
    issued_on date,
    plan_dates jsonb DEFAULT '[]'::jsonb NOT NULL,
    CONSTRAINT plans_content_sha256_check CHECK ((content_sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT plans_document_number_check CHECK ((length(document_number) <= 100)),
    CONSTRAINT plans_plan_dates_check CHECK ((jsonb_typeof(plan_dates) = 'array'::text)),
    CONSTRAINT plans_progress_gaps CHECK ((progress_red_gap >= progress_yellow_gap)),
    CONSTRAINT plans_progress_yellow_gap_check CHECK ((progress_yellow_gap >= (0)::numeric)),
    CONSTRAINT plans_responsible_lead_days_check CHECK (((responsible_lead_days >= 0) AND (responsible_lead_days <= 60))),
    CONSTRAINT plans_title_check CHECK ((length(btrim(title)) > 0)),
    CONSTRAINT plans_year_check CHECK (((year >= 2000) AND (year <= 2200)))
);

ALTER TABLE ONLY duban.plans FORCE ROW LEVEL SECURITY;

--
-- Name: plans_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.plans ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.plans_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: reference_counter; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.reference_counter (
    id boolean DEFAULT true NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    CONSTRAINT reference_counter_id_check CHECK (id)
);

--
-- Name: report_revisions; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.report_revisions (
    report_id uuid NOT NULL,
    revision integer NOT NULL,
    text text NOT NULL,
    quantities jsonb DEFAULT '{}'::jsonb NOT NULL,
    percent numeric(5,2),
    evidence text[] DEFAULT '{}'::text[] NOT NULL,
    base_version integer NOT NULL,
    in_conflict boolean DEFAULT false NOT NULL,
    authored_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    account_id bigint NOT NULL,
    device_id uuid NOT NULL,
    mutation_id uuid NOT NULL,
    public_summary text,
    difficulties text,
    CONSTRAINT report_revisions_base_version_check CHECK ((base_version >= 0)),
    CONSTRAINT report_revisions_difficulties_check CHECK ((length(difficulties) <= 20000)),
    CONSTRAINT report_revisions_percent_check CHECK (((percent >= (0)::numeric) AND (percent <= (100)::numeric))),
    CONSTRAINT report_revisions_public_summary_check CHECK ((length(public_summary) <= 2000)),
    CONSTRAINT report_revisions_quantities_check CHECK ((jsonb_typeof(quantities) = 'object'::text)),
    CONSTRAINT report_revisions_revision_check CHECK ((revision > 0)),
    CONSTRAINT report_revisions_text_check CHECK ((length(text) <= 100000))
);

ALTER TABLE ONLY duban.report_revisions FORCE ROW LEVEL SECURITY;

--
-- Name: reporting_nodes; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.reporting_nodes (
    id bigint NOT NULL,
    plan_id bigint NOT NULL,
    ordinal integer NOT NULL,
    node_date date NOT NULL,
    lead_due_date date NOT NULL,
    responsible_due_date date NOT NULL,
    CONSTRAINT reporting_nodes_check CHECK ((responsible_due_date <= lead_due_date)),
    CONSTRAINT reporting_nodes_check1 CHECK ((lead_due_date >= node_date)),
    CONSTRAINT reporting_nodes_ordinal_check CHECK ((ordinal > 0))
);

ALTER TABLE ONLY duban.reporting_nodes FORCE ROW LEVEL SECURITY;

--
-- Name: reports; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.reports (
    id uuid NOT NULL,
    task_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    node_id bigint NOT NULL,
    version integer NOT NULL,
    head_revision integer NOT NULL,
    open_conflicts integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    review_state text DEFAULT 'submitted'::text NOT NULL,
    reviewed_revision integer,
    CONSTRAINT reports_check CHECK ((head_revision <= version)),
    CONSTRAINT reports_head_revision_check CHECK ((head_revision > 0)),
    CONSTRAINT reports_open_conflicts_check CHECK ((open_conflicts >= 0)),
    CONSTRAINT reports_review_state_check CHECK ((review_state = ANY (ARRAY['submitted'::text, 'accepted'::text, 'returned'::text]))),
    CONSTRAINT reports_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY duban.reports FORCE ROW LEVEL SECURITY;

--
-- Name: tasks; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.tasks (
    id bigint NOT NULL,
    plan_id bigint NOT NULL,
    number integer NOT NULL,
    title text NOT NULL,
    content text NOT NULL,
    completion_standard text NOT NULL,
    city_lead_written text DEFAULT ''::text NOT NULL,
    city_lead_units text[] DEFAULT '{}'::text[] NOT NULL,
    city_responsible_written text DEFAULT ''::text NOT NULL,
    city_responsible_units text[] DEFAULT '{}'::text[] NOT NULL,
    district_lead_written text DEFAULT ''::text NOT NULL,
    district_responsible_written text DEFAULT ''::text NOT NULL,
    not_applicable boolean DEFAULT false NOT NULL,
    not_applicable_text text,
    indicators_proposed boolean DEFAULT false NOT NULL,
    label text,
    group_name text,
    deadline_text text,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    closed_at timestamp with time zone,
    closed_by_source text,
    carried_from_task_id bigint,
    CONSTRAINT tasks_closed_by_an_import CHECK (((closed_at IS NOT NULL) OR (closed_by_source IS NULL))),
    CONSTRAINT tasks_closed_by_source_check CHECK ((length(closed_by_source) <= 200)),
    CONSTRAINT tasks_deadline_text_check CHECK ((length(deadline_text) <= 500)),
    CONSTRAINT tasks_details_check CHECK ((jsonb_typeof(details) = 'object'::text)),
    CONSTRAINT tasks_group_name_check CHECK ((length(group_name) <= 200)),
    CONSTRAINT tasks_label_check CHECK ((length(label) <= 40)),
    CONSTRAINT tasks_number_check CHECK ((number > 0)),
    CONSTRAINT tasks_title_check CHECK ((length(btrim(title)) > 0))
);

ALTER TABLE ONLY duban.tasks FORCE ROW LEVEL SECURITY;

--
-- Name: units; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.units (
    id bigint NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    parent_id bigint,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT units_check CHECK (((parent_id IS NULL) OR (parent_id <> id))),
    CONSTRAINT units_code_check CHECK ((code ~ '^[A-Za-z0-9._-]{1,64}$'::text)),
    CONSTRAINT units_kind_check CHECK ((kind = ANY (ARRAY['district_government'::text, 'supervision_office'::text, 'bureau'::text, 'subdistrict_office'::text, 'town'::text, 'other'::text]))),
    CONSTRAINT units_name_check CHECK (((length(btrim(name)) > 0) AND (length(name) <= 200)))
);

ALTER TABLE ONLY duban.units FORCE ROW LEVEL SECURITY;

--
-- Name: report_expectations; Type: VIEW; Schema: duban; Owner: -
--

CREATE VIEW duban.report_expectations AS
 SELECT t.plan_id,
    p.year AS plan_year,
    t.id AS task_id,
    t.number AS task_number,
    t.title AS task_title,
    u.id AS unit_id,
    u.code AS unit_code,
    u.name AS unit_name,
    a.role AS tier,
    n.id AS node_id,
    n.node_date,
    due.scheduled_due_date,
    x.granted_due_date,
    COALESCE((x.state = 'exempted'::text), false) AS exempted,
    COALESCE(x.granted_due_date, due.scheduled_due_date) AS due_date,
    (((COALESCE(x.granted_due_date, due.scheduled_due_date) + 1))::timestamp without time zone AT TIME ZONE p.time_zone) AS deadline,
    p.time_zone,
    r.id AS report_id,
    r.review_state,
    f.received_at AS first_received_at
   FROM ((((((((duban.assignments a
     JOIN duban.tasks t ON (((t.id = a.task_id) AND (NOT t.not_applicable))))
     JOIN duban.plans p ON ((p.id = t.plan_id)))
     JOIN duban.units u ON ((u.id = a.unit_id)))
     JOIN duban.reporting_nodes n ON ((n.plan_id = t.plan_id)))
     CROSS JOIN LATERAL ( SELECT
                CASE
                    WHEN (a.role = 'lead'::text) THEN n.lead_due_date
                    ELSE n.responsible_due_date
                END AS scheduled_due_date) due)
     LEFT JOIN LATERAL ( SELECT e.state,
            e.granted_due_date
           FROM duban.extensions e
          WHERE ((e.task_id = t.id) AND (e.unit_id = u.id) AND (e.node_id = n.id) AND (e.state = ANY (ARRAY['granted'::text, 'exempted'::text])))
          ORDER BY e.decided_at DESC
         LIMIT 1) x ON (true))
     LEFT JOIN duban.reports r ON (((r.task_id = t.id) AND (r.unit_id = u.id) AND (r.node_id = n.id))))
     LEFT JOIN LATERAL ( SELECT v.received_at
           FROM duban.report_revisions v
          WHERE (v.report_id = r.id)
          ORDER BY v.revision
         LIMIT 1) f ON (true))
  WHERE (t.closed_at IS NULL);

--
-- Name: report_reviews; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.report_reviews (
    id bigint NOT NULL,
    report_id uuid NOT NULL,
    revision integer NOT NULL,
    decision text NOT NULL,
    reason text,
    account_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    device_id uuid NOT NULL,
    mutation_id uuid NOT NULL,
    authored_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT report_reviews_check CHECK (((decision = 'accept'::text) OR (length(btrim(COALESCE(reason, ''::text))) > 0))),
    CONSTRAINT report_reviews_decision_check CHECK ((decision = ANY (ARRAY['accept'::text, 'return'::text]))),
    CONSTRAINT report_reviews_reason_check CHECK ((length(reason) <= 5000))
);

ALTER TABLE ONLY duban.report_reviews FORCE ROW LEVEL SECURITY;

--
-- Name: report_reviews_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.report_reviews ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.report_reviews_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: reporting_nodes_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.reporting_nodes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.reporting_nodes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: schema_migrations; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: schema_objects; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.schema_objects (
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: server_epoch; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.server_epoch (
    id boolean DEFAULT true NOT NULL,
    epoch uuid DEFAULT gen_random_uuid() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT server_epoch_id_check CHECK (id)
);

--
-- Name: sessions; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.sessions (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    token_sha256 text NOT NULL,
    device_id uuid NOT NULL,
    device_name text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT sessions_device_name_check CHECK ((length(device_name) <= 200)),
    CONSTRAINT sessions_token_sha256_check CHECK ((token_sha256 ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE ONLY duban.sessions FORCE ROW LEVEL SECURITY;

--
-- Name: sessions_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.sessions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: sign_in_devices; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.sign_in_devices (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    device_id uuid NOT NULL,
    token_sha256 text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    CONSTRAINT sign_in_devices_token_sha256_check CHECK ((token_sha256 ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE ONLY duban.sign_in_devices FORCE ROW LEVEL SECURITY;

--
-- Name: sign_in_devices_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.sign_in_devices ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.sign_in_devices_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: sign_in_throttle; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.sign_in_throttle (
    key text NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    window_start timestamp with time zone DEFAULT now() NOT NULL,
    locked_until timestamp with time zone
);

--
-- Name: status_lights; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.status_lights (
    task_id bigint NOT NULL,
    unit_id bigint,
    light text NOT NULL,
    reasons text[] DEFAULT '{}'::text[] NOT NULL,
    node_date date,
    target numeric(6,2),
    progress numeric(6,2),
    evaluated_at timestamp with time zone NOT NULL,
    progress_light text,
    CONSTRAINT status_lights_light_check CHECK ((light = ANY (ARRAY['green'::text, 'yellow'::text, 'red'::text]))),
    CONSTRAINT status_lights_progress_light_check CHECK ((progress_light = ANY (ARRAY['green'::text, 'yellow'::text, 'red'::text])))
);

ALTER TABLE ONLY duban.status_lights FORCE ROW LEVEL SECURITY;

--
-- Name: supervision_order_events; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.supervision_order_events (
    id bigint NOT NULL,
    order_id bigint NOT NULL,
    action text NOT NULL,
    grade text NOT NULL,
    note text NOT NULL,
    account_id bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    CONSTRAINT supervision_order_events_action_check CHECK ((action = ANY (ARRAY['issued'::text, 'escalated'::text, 'closed'::text]))),
    CONSTRAINT supervision_order_events_grade_check CHECK ((grade = ANY (ARRAY['blue'::text, 'yellow'::text, 'red'::text]))),
    CONSTRAINT supervision_order_events_note_check CHECK (((length(btrim(note)) > 0) AND (length(note) <= 5000)))
);

ALTER TABLE ONLY duban.supervision_order_events FORCE ROW LEVEL SECURITY;

--
-- Name: supervision_order_events_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.supervision_order_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.supervision_order_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: supervision_orders; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.supervision_orders (
    id bigint NOT NULL,
    task_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    grade text NOT NULL,
    state text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    reason text DEFAULT 'late'::text NOT NULL,
    figures jsonb,
    CONSTRAINT supervision_orders_grade_check CHECK ((grade = ANY (ARRAY['blue'::text, 'yellow'::text, 'red'::text]))),
    CONSTRAINT supervision_orders_reason_check CHECK ((reason = ANY (ARRAY['late'::text, 'behind_schedule'::text, 'quality'::text]))),
    CONSTRAINT supervision_orders_state_check CHECK ((state = ANY (ARRAY['open'::text, 'closed'::text])))
);

ALTER TABLE ONLY duban.supervision_orders FORCE ROW LEVEL SECURITY;

--
-- Name: supervision_orders_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.supervision_orders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.supervision_orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: tasks_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.tasks ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.tasks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: unit_aliases; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.unit_aliases (
    alias text NOT NULL,
    unit_id bigint NOT NULL,
    CONSTRAINT unit_aliases_alias_check CHECK ((length(btrim(alias)) > 0))
);

ALTER TABLE ONLY duban.unit_aliases FORCE ROW LEVEL SECURITY;

--
-- Name: units_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.units ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.units_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: urges; Type: TABLE; Schema: duban; Owner: -
--

CREATE TABLE duban.urges (
    id bigint NOT NULL,
    task_id bigint NOT NULL,
    unit_id bigint NOT NULL,
    node_id bigint NOT NULL,
    message text NOT NULL,
    timeliness text NOT NULL,
    account_id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    reason text DEFAULT 'late'::text NOT NULL,
    figures jsonb,
    CONSTRAINT urges_message_check CHECK (((length(btrim(message)) > 0) AND (length(message) <= 5000))),
    CONSTRAINT urges_reason_check CHECK ((reason = ANY (ARRAY['late'::text, 'behind_schedule'::text, 'quality'::text]))),
    CONSTRAINT urges_timeliness_check CHECK ((timeliness = ANY (ARRAY['late'::text, 'missing'::text, 'on_time'::text, 'exempted'::text, 'pending'::text, 'not_due'::text])))
);

ALTER TABLE ONLY duban.urges FORCE ROW LEVEL SECURITY;

--
-- Name: urges_id_seq; Type: SEQUENCE; Schema: duban; Owner: -
--

ALTER TABLE duban.urges ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME duban.urges_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: accounts; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.accounts AS
 SELECT a.login,
    a.display_name,
    a.role,
    u.code AS unit_code,
    (a.disabled_at IS NOT NULL) AS disabled,
    a.created_at,
    a.last_sign_in_at
   FROM (duban.accounts a
     JOIN duban.units u ON ((u.id = a.unit_id)));

--
-- Name: VIEW accounts; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.accounts IS 'Accounts without credentials.';

--
-- Name: assessment_criteria; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.assessment_criteria AS
 SELECT p.year AS plan_year,
    c.code,
    c.name_zh,
    c.name_en,
    c.max_score,
    c.weight,
    c.prefill,
    c.ordinal
   FROM (duban.assessment_criteria c
     LEFT JOIN duban.plans p ON ((p.id = c.plan_id)));

--
-- Name: VIEW assessment_criteria; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.assessment_criteria IS 'Assessment criteria, score scales and weights (plan empty: the defaults).';

--
-- Name: assessment_summary; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.assessment_summary AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    t.title AS task_title,
    u.code AS unit_code,
    u.name AS unit_name,
    l.code AS lead_unit_code,
    a.scores,
    a.prefilled,
    a.reasons,
    a.comment,
    a.total,
    a.state,
    a.review_note,
    a.written_at,
    a.reviewed_at
   FROM ((((duban.assessments a
     JOIN duban.tasks t ON ((t.id = a.task_id)))
     JOIN duban.plans p ON ((p.id = t.plan_id)))
     JOIN duban.units u ON ((u.id = a.unit_id)))
     JOIN duban.units l ON ((l.id = a.lead_unit_id)));

--
-- Name: VIEW assessment_summary; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.assessment_summary IS 'Year-end assessment sheets: per task and responsible unit, scores per criterion, weighted total (of 100), review state.';

--
-- Name: assignments; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.assignments AS
 SELECT t.plan_id,
    t.number AS task_number,
    u.code AS unit_code,
    u.name AS unit_name,
    a.role,
    a.written_as
   FROM ((duban.assignments a
     JOIN duban.tasks t ON ((t.id = a.task_id)))
     JOIN duban.units u ON ((u.id = a.unit_id)));

--
-- Name: VIEW assignments; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.assignments IS 'District-level assignments: which unit leads or is responsible for which task.';

--
-- Name: audit_checkpoints; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.audit_checkpoints AS
 SELECT audit_checkpoints.seq,
    audit_checkpoints.head_hash,
    audit_checkpoints.signed_at,
    audit_checkpoints.key_id,
    audit_checkpoints.public_key,
    audit_checkpoints.signature
   FROM duban.audit_checkpoints;

--
-- Name: VIEW audit_checkpoints; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.audit_checkpoints IS 'Signed heads of the audit chain (Ed25519, key outside the database).';

--
-- Name: audit_log; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.audit_log AS
 SELECT e.id,
    e.seq,
    e.received_at,
    a.login AS account_login,
    u.code AS unit_code,
    e.device_id,
    e.action,
    e.entity_type,
    e.entity_id,
    e.detail,
    e.hash,
    e.client_address,
    e.actor,
    e.digest
   FROM ((duban.audit_log e
     LEFT JOIN duban.accounts a ON ((a.id = e.account_id)))
     LEFT JOIN duban.units u ON ((u.id = e.unit_id)));

--
-- Name: VIEW audit_log; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.audit_log IS 'The audit trail; seq and hash are set once an entry is chained.';

--
-- Name: circulars; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.circulars AS
 SELECT c.id,
    c.year,
    c.number,
    c.title,
    c.body,
    n.node_date,
    c.issued_at
   FROM (duban.circulars c
     JOIN duban.reporting_nodes n ON ((n.id = c.node_id)))
  WHERE (c.state = 'issued'::text);

--
-- Name: VIEW circulars; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.circulars IS 'Issued circulars (通报) with their numbers.';

--
-- Name: evidence_files; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.evidence_files AS
 SELECT f.sha256,
    f.size,
    f.media_type,
    f.complete,
    f.created_at,
    f.completed_at,
    ARRAY( SELECT u.code
           FROM (duban.evidence_holders h
             JOIN duban.units u ON ((u.id = h.unit_id)))
          WHERE (h.sha256 = f.sha256)
          ORDER BY u.code) AS holder_units
   FROM duban.evidence_files f;

--
-- Name: VIEW evidence_files; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.evidence_files IS 'Evidence files (metadata only) and the units that hold them.';

--
-- Name: extensions; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.extensions AS
 SELECT e.id,
    t.number AS task_number,
    u.code AS unit_code,
    n.node_date,
    e.requested_due_date,
    e.reason,
    e.state,
    e.granted_due_date,
    e.decision_note,
    e.requested_at,
    e.decided_at
   FROM (((duban.extensions e
     JOIN duban.tasks t ON ((t.id = e.task_id)))
     JOIN duban.units u ON ((u.id = e.unit_id)))
     JOIN duban.reporting_nodes n ON ((n.id = e.node_id)));

--
-- Name: VIEW extensions; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.extensions IS 'Requests for more time and the supervision office''s decisions.';

--
-- Name: implementation_plans; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.implementation_plans AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    u.code AS unit_code,
    v.revision,
    (v.revision = ip.accepted_revision) AS accepted,
        CASE
            WHEN (v.revision = ip.version) THEN ip.state
            ELSE NULL::text
        END AS state,
    v.measures,
    v.steps,
    v.splits,
    v.reason,
    v.received_at,
    r.decision,
    r.reason AS decision_reason,
    r.decided_at
   FROM (((((duban.implementation_plans ip
     JOIN duban.implementation_revisions v ON ((v.plan_id = ip.id)))
     JOIN duban.tasks t ON ((t.id = ip.task_id)))
     JOIN duban.plans p ON ((p.id = t.plan_id)))
     JOIN duban.units u ON ((u.id = ip.unit_id)))
     LEFT JOIN duban.implementation_reviews r ON (((r.plan_id = ip.id) AND (r.revision = v.revision))));

--
-- Name: VIEW implementation_plans; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.implementation_plans IS 'Each lead unit''s implementation plan (实施方案), one row per revision with the office''s decision on it; accepted marks the revision 序时进度 follows.';

--
-- Name: indicators; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.indicators AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    i.name AS indicator,
    i.measure,
    i.target,
    i.cumulative,
    i.source,
    i.confirmed,
    u.code AS unit_code,
    s.target AS unit_target,
    i.split_reason
   FROM ((((duban.indicators i
     JOIN duban.tasks t ON ((t.id = i.task_id)))
     JOIN duban.plans p ON ((p.id = t.plan_id)))
     LEFT JOIN duban.indicator_splits s ON ((s.indicator_id = i.id)))
     LEFT JOIN duban.units u ON ((u.id = s.unit_id)));

--
-- Name: VIEW indicators; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.indicators IS 'Each task''s indicators (量化指标) and targets, one row per unit''s share when the target is split (unit empty: not split); source city_standard: proposed from the notice''s completion standard.';

--
-- Name: inspections; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.inspections AS
 SELECT i.id,
    t.number AS task_number,
    u.code AS unit_code,
    i.kind,
    i.inspected_on,
    i.inspectors,
    i.findings,
    i.rectification,
    i.rectification_due,
    i.state,
    i.created_at
   FROM ((duban.inspections i
     JOIN duban.tasks t ON ((t.id = i.task_id)))
     JOIN duban.units u ON ((u.id = i.unit_id)));

--
-- Name: VIEW inspections; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.inspections IS 'Inspections and whether their rectification is closed.';

--
-- Name: report_timeliness; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.report_timeliness AS
 SELECT e.plan_year,
    e.task_number,
    e.task_title,
    e.unit_code,
    e.unit_name,
    e.tier,
    e.node_date,
    e.scheduled_due_date,
    e.granted_due_date,
    e.due_date,
    e.deadline,
    e.first_received_at,
    e.review_state,
        CASE
            WHEN e.exempted THEN 'exempted'::text
            WHEN (e.first_received_at < e.deadline) THEN 'on_time'::text
            WHEN (e.first_received_at IS NOT NULL) THEN 'late'::text
            WHEN (now() >= e.deadline) THEN 'missing'::text
            ELSE 'pending'::text
        END AS timeliness,
        CASE
            WHEN ((NOT e.exempted) AND (e.first_received_at >= e.deadline)) THEN (((e.first_received_at AT TIME ZONE e.time_zone))::date - e.due_date)
            ELSE NULL::integer
        END AS days_late
   FROM duban.report_expectations e;

--
-- Name: VIEW report_timeliness; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.report_timeliness IS 'Every report expected of a unit at a node, by tier (responsible → lead unit, lead → office): due date, first receipt, on_time/late/missing/exempted/pending.';

--
-- Name: node_completeness; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.node_completeness AS
 SELECT report_timeliness.plan_year,
    report_timeliness.node_date,
    report_timeliness.tier,
    min(report_timeliness.due_date) AS due_date,
    count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text]))) AS expected,
    count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text]))) AS received,
    count(*) FILTER (WHERE (report_timeliness.timeliness = 'on_time'::text)) AS on_time,
    round(((100.0 * (count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text]))))::numeric) / (NULLIF(count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text]))), 0))::numeric), 2) AS reporting_rate,
    round(((100.0 * (count(*) FILTER (WHERE (report_timeliness.timeliness = 'on_time'::text)))::numeric) / (NULLIF(count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text]))), 0))::numeric), 2) AS on_time_rate
   FROM oversight.report_timeliness
  GROUP BY report_timeliness.plan_year, report_timeliness.node_date, report_timeliness.tier;

--
-- Name: VIEW node_completeness; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.node_completeness IS 'Per node and tier, DHIS2 style: expected (due, not exempted), received, on time, reporting and on-time rates in percent.';

--
-- Name: overdue; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.overdue AS
 SELECT t.plan_year,
    t.task_number,
    t.task_title,
    t.unit_code,
    t.unit_name,
    t.tier,
    t.node_date,
    t.due_date,
    t.timeliness,
    t.days_late,
    t.first_received_at,
    ( SELECT count(*) AS count
           FROM (((duban.urges g
             JOIN duban.units u ON ((u.id = g.unit_id)))
             JOIN duban.tasks k ON ((k.id = g.task_id)))
             JOIN duban.reporting_nodes n ON ((n.id = g.node_id)))
          WHERE ((u.code = t.unit_code) AND (k.number = t.task_number) AND (n.node_date = t.node_date))) AS urges
   FROM oversight.report_timeliness t
  WHERE (t.timeliness = ANY (ARRAY['late'::text, 'missing'::text]));

--
-- Name: VIEW overdue; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.overdue IS 'Reports late or still missing, with how often the unit was urged.';

--
-- Name: plans; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.plans AS
 SELECT plans.id AS plan_id,
    plans.year,
    plans.title,
    plans.issuer,
    plans.time_zone,
    plans.responsible_lead_days,
    plans.imported_at
   FROM duban.plans;

--
-- Name: VIEW plans; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.plans IS 'Yearly plans (为民办实事) with their time zone and the responsible units'' lead days.';

--
-- Name: report_reviews; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.report_reviews AS
 SELECT v.report_id,
    v.revision,
    v.decision,
    v.reason,
    a.login AS reviewer_login,
    u.code AS reviewer_unit,
    v.authored_at,
    v.received_at
   FROM ((duban.report_reviews v
     JOIN duban.accounts a ON ((a.id = v.account_id)))
     JOIN duban.units u ON ((u.id = v.unit_id)));

--
-- Name: VIEW report_reviews; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.report_reviews IS 'Every accept or return decision of a lead unit on a responsible unit''s report.';

--
-- Name: report_revisions; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.report_revisions AS
 SELECT v.report_id,
    v.revision,
    v.text,
    v.quantities,
    v.percent,
    v.evidence,
    v.in_conflict,
    v.authored_at,
    v.received_at,
    a.login AS account_login,
    v.device_id
   FROM (duban.report_revisions v
     JOIN duban.accounts a ON ((a.id = v.account_id)));

--
-- Name: VIEW report_revisions; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.report_revisions IS 'Every revision ever accepted, including those stored in conflict.';

--
-- Name: reporting_nodes; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.reporting_nodes AS
 SELECT reporting_nodes.plan_id,
    reporting_nodes.ordinal,
    reporting_nodes.node_date,
    reporting_nodes.lead_due_date,
    reporting_nodes.responsible_due_date
   FROM duban.reporting_nodes;

--
-- Name: VIEW reporting_nodes; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.reporting_nodes IS 'Reporting nodes with the lead units'' and the responsible units'' due dates.';

--
-- Name: reports; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.reports AS
 SELECT r.id AS report_id,
    t.plan_id,
    t.number AS task_number,
    u.code AS unit_code,
    n.node_date,
    r.version,
    r.head_revision,
    (r.open_conflicts > 0) AS in_conflict,
    r.created_at,
    r.updated_at,
    r.review_state,
    r.reviewed_revision
   FROM (((duban.reports r
     JOIN duban.tasks t ON ((t.id = r.task_id)))
     JOIN duban.units u ON ((u.id = r.unit_id)))
     JOIN duban.reporting_nodes n ON ((n.id = r.node_id)));

--
-- Name: VIEW reports; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.reports IS 'One row per report (task, unit, node) with its newest and head revision.';

--
-- Name: status_lights; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.status_lights AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    t.title AS task_title,
    u.code AS unit_code,
    u.name AS unit_name,
    s.light,
    s.reasons,
    s.node_date,
    s.target,
    s.progress,
    s.evaluated_at,
    s.progress_light
   FROM (((duban.status_lights s
     JOIN duban.tasks t ON ((t.id = s.task_id)))
     JOIN duban.plans p ON ((p.id = t.plan_id)))
     LEFT JOIN duban.units u ON ((u.id = s.unit_id)));

--
-- Name: VIEW status_lights; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.status_lights IS 'Status lights as the server last computed them (unit empty: the task''s own light): light judges the reports and the progress together, progress_light the work against 序时进度 alone; evaluated_at says when.';

--
-- Name: supervision_orders; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.supervision_orders AS
 SELECT o.id AS order_id,
    t.number AS task_number,
    u.code AS unit_code,
    o.grade AS current_grade,
    o.state,
    e.action,
    e.grade AS event_grade,
    e.note,
    e.at,
    o.reason,
    o.figures
   FROM (((duban.supervision_orders o
     JOIN duban.supervision_order_events e ON ((e.order_id = o.id)))
     JOIN duban.tasks t ON ((t.id = o.task_id)))
     JOIN duban.units u ON ((u.id = o.unit_id)));

--
-- Name: VIEW supervision_orders; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.supervision_orders IS 'Graded supervision orders, one row per step of their history; reason says why the order was issued (late, behind_schedule with its figures, quality).';

--
-- Name: task_progress; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.task_progress AS
 SELECT p.year AS plan_year,
    t.number AS task_number,
    t.title,
    t.not_applicable,
    ( SELECT array_agg(u.code ORDER BY u.code) AS array_agg
           FROM (duban.assignments a
             JOIN duban.units u ON ((u.id = a.unit_id)))
          WHERE ((a.task_id = t.id) AND (a.role = 'lead'::text))) AS lead_units,
    s.light,
    s.target,
    s.progress,
    ( SELECT max(v.received_at) AS max
           FROM (duban.reports r
             JOIN duban.report_revisions v ON ((v.report_id = r.id)))
          WHERE (r.task_id = t.id)) AS last_update,
    ( SELECT count(*) AS count
           FROM oversight.report_timeliness x
          WHERE ((x.plan_year = p.year) AND (x.task_number = t.number) AND (x.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text])))) AS expected,
    ( SELECT count(*) AS count
           FROM oversight.report_timeliness x
          WHERE ((x.plan_year = p.year) AND (x.task_number = t.number) AND (x.timeliness = ANY (ARRAY['on_time'::text, 'late'::text])))) AS received,
    ( SELECT count(*) AS count
           FROM oversight.report_timeliness x
          WHERE ((x.plan_year = p.year) AND (x.task_number = t.number) AND (x.timeliness = 'on_time'::text))) AS on_time
   FROM ((duban.tasks t
     JOIN duban.plans p ON ((p.id = t.plan_id)))
     LEFT JOIN duban.status_lights s ON (((s.task_id = t.id) AND (s.unit_id IS NULL))))
  WHERE (t.closed_at IS NULL);

--
-- Name: VIEW task_progress; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.task_progress IS 'Per task: lead units, light and progress as last computed, last receipt, and its reports expected/received/on time.';

--
-- Name: tasks; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.tasks AS
 SELECT tasks.plan_id,
    tasks.number,
    tasks.title,
    tasks.content,
    tasks.completion_standard,
    tasks.city_lead_units,
    tasks.city_responsible_units,
    tasks.district_lead_written,
    tasks.district_responsible_written,
    tasks.not_applicable,
    tasks.closed_at
   FROM duban.tasks;

--
-- Name: VIEW tasks; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.tasks IS 'Tasks of each plan; not_applicable marks tasks that do not involve the district; closed_at, tasks a corrected notice no longer lists.';

--
-- Name: unit_timeliness; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.unit_timeliness AS
 SELECT report_timeliness.plan_year,
    report_timeliness.unit_code,
    report_timeliness.unit_name,
    report_timeliness.tier,
    count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text]))) AS expected,
    count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text]))) AS received,
    count(*) FILTER (WHERE (report_timeliness.timeliness = 'on_time'::text)) AS on_time,
    round(((100.0 * (count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text]))))::numeric) / (NULLIF(count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text]))), 0))::numeric), 2) AS reporting_rate,
    round(((100.0 * (count(*) FILTER (WHERE (report_timeliness.timeliness = 'on_time'::text)))::numeric) / (NULLIF(count(*) FILTER (WHERE (report_timeliness.timeliness = ANY (ARRAY['on_time'::text, 'late'::text, 'missing'::text]))), 0))::numeric), 2) AS on_time_rate
   FROM oversight.report_timeliness
  GROUP BY report_timeliness.plan_year, report_timeliness.unit_code, report_timeliness.unit_name, report_timeliness.tier;

--
-- Name: VIEW unit_timeliness; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.unit_timeliness IS 'Per unit and tier over every node: expected, received, on time, rates in percent.';

--
-- Name: units; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.units AS
 SELECT u.code,
    u.name,
    u.kind,
    p.code AS parent_code,
    u.active,
    u.created_at
   FROM (duban.units u
     LEFT JOIN duban.units p ON ((p.id = u.parent_id)));

--
-- Name: VIEW units; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.units IS 'Every unit: code, name, kind, parent, whether active.';

--
-- Name: urges; Type: VIEW; Schema: oversight; Owner: -
--

CREATE VIEW oversight.urges AS
 SELECT g.id,
    t.number AS task_number,
    u.code AS unit_code,
    n.node_date,
    g.message,
    g.timeliness,
    g.created_at,
    g.reason,
    g.figures
   FROM (((duban.urges g
     JOIN duban.tasks t ON ((t.id = g.task_id)))
     JOIN duban.units u ON ((u.id = g.unit_id)))
     JOIN duban.reporting_nodes n ON ((n.id = g.node_id)));

--
-- Name: VIEW urges; Type: COMMENT; Schema: oversight; Owner: -
--

COMMENT ON VIEW oversight.urges IS 'Every urge (催办): of a late or missing unit (reason late), of a unit behind schedule (behind_schedule, with the figures at the time) or for poor quality (quality).';

--
-- Name: accounts accounts_login_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.accounts
    ADD CONSTRAINT accounts_login_key UNIQUE (login);

--
-- Name: accounts accounts_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

--
-- Name: assessment_criteria assessment_criteria_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assessment_criteria
    ADD CONSTRAINT assessment_criteria_pkey PRIMARY KEY (id);

--
-- Name: assessments assessments_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assessments
    ADD CONSTRAINT assessments_pkey PRIMARY KEY (id);

--
-- Name: assessments assessments_task_id_unit_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assessments
    ADD CONSTRAINT assessments_task_id_unit_id_key UNIQUE (task_id, unit_id);

--
-- Name: assignments assignments_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assignments
    ADD CONSTRAINT assignments_pkey PRIMARY KEY (id);

--
-- Name: assignments assignments_task_id_unit_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assignments
    ADD CONSTRAINT assignments_task_id_unit_id_key UNIQUE (task_id, unit_id);

--
-- Name: audit_chain audit_chain_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.audit_chain
    ADD CONSTRAINT audit_chain_pkey PRIMARY KEY (id);

--
-- Name: audit_checkpoints audit_checkpoints_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.audit_checkpoints
    ADD CONSTRAINT audit_checkpoints_pkey PRIMARY KEY (seq);

--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

--
-- Name: audit_log audit_log_seq_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.audit_log
    ADD CONSTRAINT audit_log_seq_key UNIQUE (seq);

--
-- Name: change_counter change_counter_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.change_counter
    ADD CONSTRAINT change_counter_pkey PRIMARY KEY (id);

--
-- Name: changes changes_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.changes
    ADD CONSTRAINT changes_pkey PRIMARY KEY (seq);

--
-- Name: circulars circulars_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.circulars
    ADD CONSTRAINT circulars_pkey PRIMARY KEY (id);

--
-- Name: circulars circulars_year_number_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.circulars
    ADD CONSTRAINT circulars_year_number_key UNIQUE (year, number);

--
-- Name: evidence_chunks evidence_chunks_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_chunks
    ADD CONSTRAINT evidence_chunks_pkey PRIMARY KEY (sha256, "offset");

--
-- Name: evidence_files evidence_files_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_files
    ADD CONSTRAINT evidence_files_pkey PRIMARY KEY (sha256);

--
-- Name: evidence_holders evidence_holders_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_holders
    ADD CONSTRAINT evidence_holders_pkey PRIMARY KEY (sha256, unit_id);

--
-- Name: evidence_upload_chunks evidence_upload_chunks_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_upload_chunks
    ADD CONSTRAINT evidence_upload_chunks_pkey PRIMARY KEY (sha256, unit_id, "offset");

--
-- Name: evidence_uploads evidence_uploads_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_uploads
    ADD CONSTRAINT evidence_uploads_pkey PRIMARY KEY (sha256, unit_id);

--
-- Name: extensions extensions_mutation_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.extensions
    ADD CONSTRAINT extensions_mutation_id_key UNIQUE (mutation_id);

--
-- Name: extensions extensions_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.extensions
    ADD CONSTRAINT extensions_pkey PRIMARY KEY (id);

--
-- Name: implementation_plans implementation_plans_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_plans
    ADD CONSTRAINT implementation_plans_pkey PRIMARY KEY (id);

--
-- Name: implementation_plans implementation_plans_task_id_unit_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_plans
    ADD CONSTRAINT implementation_plans_task_id_unit_id_key UNIQUE (task_id, unit_id);

--
-- Name: implementation_reviews implementation_reviews_mutation_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_reviews
    ADD CONSTRAINT implementation_reviews_mutation_id_key UNIQUE (mutation_id);

--
-- Name: implementation_reviews implementation_reviews_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_reviews
    ADD CONSTRAINT implementation_reviews_pkey PRIMARY KEY (id);

--
-- Name: implementation_revisions implementation_revisions_mutation_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_revisions
    ADD CONSTRAINT implementation_revisions_mutation_id_key UNIQUE (mutation_id);

--
-- Name: implementation_revisions implementation_revisions_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_revisions
    ADD CONSTRAINT implementation_revisions_pkey PRIMARY KEY (plan_id, revision);

--
-- Name: indicator_splits indicator_splits_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.indicator_splits
    ADD CONSTRAINT indicator_splits_pkey PRIMARY KEY (indicator_id, unit_id);

--
-- Name: indicators indicators_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.indicators
    ADD CONSTRAINT indicators_pkey PRIMARY KEY (id);

--
-- Name: indicators indicators_task_id_name_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.indicators
    ADD CONSTRAINT indicators_task_id_name_key UNIQUE (task_id, name);

--
-- Name: inspection_events inspection_events_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.inspection_events
    ADD CONSTRAINT inspection_events_pkey PRIMARY KEY (id);

--
-- Name: inspections inspections_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.inspections
    ADD CONSTRAINT inspections_pkey PRIMARY KEY (id);

--
-- Name: mutations mutations_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.mutations
    ADD CONSTRAINT mutations_pkey PRIMARY KEY (id);

--
-- Name: plans plans_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.plans
    ADD CONSTRAINT plans_pkey PRIMARY KEY (id);

--
-- Name: plans plans_year_title_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.plans
    ADD CONSTRAINT plans_year_title_key UNIQUE (year, title);

--
-- Name: reference_counter reference_counter_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reference_counter
    ADD CONSTRAINT reference_counter_pkey PRIMARY KEY (id);

--
-- Name: report_reviews report_reviews_mutation_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_reviews
    ADD CONSTRAINT report_reviews_mutation_id_key UNIQUE (mutation_id);

--
-- Name: report_reviews report_reviews_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_reviews
    ADD CONSTRAINT report_reviews_pkey PRIMARY KEY (id);

--
-- Name: report_revisions report_revisions_mutation_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_revisions
    ADD CONSTRAINT report_revisions_mutation_id_key UNIQUE (mutation_id);

--
-- Name: report_revisions report_revisions_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_revisions
    ADD CONSTRAINT report_revisions_pkey PRIMARY KEY (report_id, revision);

--
-- Name: reporting_nodes reporting_nodes_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reporting_nodes
    ADD CONSTRAINT reporting_nodes_pkey PRIMARY KEY (id);

--
-- Name: reporting_nodes reporting_nodes_plan_id_node_date_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reporting_nodes
    ADD CONSTRAINT reporting_nodes_plan_id_node_date_key UNIQUE (plan_id, node_date);

--
-- Name: reporting_nodes reporting_nodes_plan_id_ordinal_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reporting_nodes
    ADD CONSTRAINT reporting_nodes_plan_id_ordinal_key UNIQUE (plan_id, ordinal);

--
-- Name: reports reports_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reports
    ADD CONSTRAINT reports_pkey PRIMARY KEY (id);

--
-- Name: reports reports_task_id_unit_id_node_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reports
    ADD CONSTRAINT reports_task_id_unit_id_node_id_key UNIQUE (task_id, unit_id, node_id);

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

--
-- Name: schema_objects schema_objects_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.schema_objects
    ADD CONSTRAINT schema_objects_pkey PRIMARY KEY (name);

--
-- Name: server_epoch server_epoch_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.server_epoch
    ADD CONSTRAINT server_epoch_pkey PRIMARY KEY (id);

--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);

--
-- Name: sessions sessions_token_sha256_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.sessions
    ADD CONSTRAINT sessions_token_sha256_key UNIQUE (token_sha256);

--
-- Name: sign_in_devices sign_in_devices_account_id_device_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.sign_in_devices
    ADD CONSTRAINT sign_in_devices_account_id_device_id_key UNIQUE (account_id, device_id);

--
-- Name: sign_in_devices sign_in_devices_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.sign_in_devices
    ADD CONSTRAINT sign_in_devices_pkey PRIMARY KEY (id);

--
-- Name: sign_in_devices sign_in_devices_token_sha256_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.sign_in_devices
    ADD CONSTRAINT sign_in_devices_token_sha256_key UNIQUE (token_sha256);

--
-- Name: sign_in_throttle sign_in_throttle_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.sign_in_throttle
    ADD CONSTRAINT sign_in_throttle_pkey PRIMARY KEY (key);

--
-- Name: supervision_order_events supervision_order_events_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.supervision_order_events
    ADD CONSTRAINT supervision_order_events_pkey PRIMARY KEY (id);

--
-- Name: supervision_orders supervision_orders_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.supervision_orders
    ADD CONSTRAINT supervision_orders_pkey PRIMARY KEY (id);

--
-- Name: tasks tasks_carried_once; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.tasks
    ADD CONSTRAINT tasks_carried_once UNIQUE (plan_id, carried_from_task_id);

--
-- Name: tasks tasks_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.tasks
    ADD CONSTRAINT tasks_pkey PRIMARY KEY (id);

--
-- Name: tasks tasks_plan_id_id_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.tasks
    ADD CONSTRAINT tasks_plan_id_id_key UNIQUE (plan_id, id);

--
-- Name: tasks tasks_plan_id_number_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.tasks
    ADD CONSTRAINT tasks_plan_id_number_key UNIQUE (plan_id, number);

--
-- Name: unit_aliases unit_aliases_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.unit_aliases
    ADD CONSTRAINT unit_aliases_pkey PRIMARY KEY (alias);

--
-- Name: units units_code_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.units
    ADD CONSTRAINT units_code_key UNIQUE (code);

--
-- Name: units units_name_key; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.units
    ADD CONSTRAINT units_name_key UNIQUE (name);

--
-- Name: units units_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.units
    ADD CONSTRAINT units_pkey PRIMARY KEY (id);

--
-- Name: urges urges_pkey; Type: CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.urges
    ADD CONSTRAINT urges_pkey PRIMARY KEY (id);

--
-- Name: accounts_unit_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX accounts_unit_idx ON duban.accounts USING btree (unit_id);

--
-- Name: assessment_criteria_key; Type: INDEX; Schema: duban; Owner: -
--

CREATE UNIQUE INDEX assessment_criteria_key ON duban.assessment_criteria USING btree (COALESCE(plan_id, (0)::bigint), code);

--
-- Name: assignments_unit_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX assignments_unit_idx ON duban.assignments USING btree (unit_id, task_id);

--
-- Name: audit_log_account_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX audit_log_account_idx ON duban.audit_log USING btree (account_id, id);

--
-- Name: audit_log_entity_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX audit_log_entity_idx ON duban.audit_log USING btree (entity_type, entity_id, id);

--
-- Name: audit_log_unit_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX audit_log_unit_idx ON duban.audit_log USING btree (unit_id, id);

--
-- Name: audit_log_unsealed_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX audit_log_unsealed_idx ON duban.audit_log USING btree (xid, id) WHERE (seq IS NULL);

--
-- Name: changes_global_seq_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX changes_global_seq_idx ON duban.changes USING btree (seq) WHERE ((unit_id IS NULL) AND (task_id IS NULL));

--
-- Name: changes_task_seq_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX changes_task_seq_idx ON duban.changes USING btree (task_id, seq);

--
-- Name: changes_unit_seq_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX changes_unit_seq_idx ON duban.changes USING btree (unit_id, seq);

--
-- Name: extensions_open_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE UNIQUE INDEX extensions_open_idx ON duban.extensions USING btree (task_id, unit_id, node_id) WHERE (state = 'requested'::text);

--
-- Name: extensions_unit_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX extensions_unit_idx ON duban.extensions USING btree (unit_id, task_id);

--
-- Name: inspection_events_inspection_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX inspection_events_inspection_idx ON duban.inspection_events USING btree (inspection_id, id);

--
-- Name: inspections_unit_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX inspections_unit_idx ON duban.inspections USING btree (unit_id, task_id);

--
-- Name: mutations_received_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX mutations_received_idx ON duban.mutations USING btree (received_at);

--
-- Name: report_reviews_report_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX report_reviews_report_idx ON duban.report_reviews USING btree (report_id, id);

--
-- Name: reports_unit_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX reports_unit_idx ON duban.reports USING btree (unit_id);

--
-- Name: sessions_account_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX sessions_account_idx ON duban.sessions USING btree (account_id) WHERE (revoked_at IS NULL);

--
-- Name: status_lights_key; Type: INDEX; Schema: duban; Owner: -
--

CREATE UNIQUE INDEX status_lights_key ON duban.status_lights USING btree (task_id, COALESCE(unit_id, (0)::bigint));

--
-- Name: supervision_order_events_order_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX supervision_order_events_order_idx ON duban.supervision_order_events USING btree (order_id, id);

--
-- Name: supervision_orders_open_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE UNIQUE INDEX supervision_orders_open_idx ON duban.supervision_orders USING btree (task_id, unit_id) WHERE (state = 'open'::text);

--
-- Name: unit_aliases_unit_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX unit_aliases_unit_idx ON duban.unit_aliases USING btree (unit_id);

--
-- Name: urges_unit_idx; Type: INDEX; Schema: duban; Owner: -
--

CREATE INDEX urges_unit_idx ON duban.urges USING btree (unit_id, task_id);

--
-- Name: accounts accounts_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER accounts_audit AFTER INSERT OR DELETE OR UPDATE ON duban.accounts FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id', 'last_sign_in_at');

--
-- Name: accounts accounts_guard; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER accounts_guard BEFORE UPDATE ON duban.accounts FOR EACH ROW EXECUTE FUNCTION duban.guard_account_update();

--
-- Name: accounts accounts_stamp; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER accounts_stamp BEFORE INSERT OR UPDATE ON duban.accounts FOR EACH ROW EXECUTE FUNCTION duban.stamp_account_change();

--
-- Name: assessment_criteria assessment_criteria_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER assessment_criteria_audit AFTER INSERT OR DELETE OR UPDATE ON duban.assessment_criteria FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: assessments assessments_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER assessments_audit AFTER INSERT OR DELETE OR UPDATE ON duban.assessments FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: assignments assignments_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER assignments_audit AFTER INSERT OR DELETE OR UPDATE ON duban.assignments FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: assignments assignments_lead_check; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE CONSTRAINT TRIGGER assignments_lead_check AFTER INSERT OR DELETE OR UPDATE ON duban.assignments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION duban.check_task_assignments();

--
-- Name: assignments assignments_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER assignments_reference AFTER INSERT OR DELETE OR UPDATE ON duban.assignments FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: audit_checkpoints audit_checkpoints_no_truncate; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON duban.audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION duban.refuse_change();

--
-- Name: audit_checkpoints audit_checkpoints_protect; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER audit_checkpoints_protect BEFORE DELETE OR UPDATE ON duban.audit_checkpoints FOR EACH ROW EXECUTE FUNCTION duban.refuse_change();

--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON duban.audit_log FOR EACH STATEMENT EXECUTE FUNCTION duban.refuse_change();

--
-- Name: audit_log audit_log_protect; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER audit_log_protect BEFORE DELETE OR UPDATE ON duban.audit_log FOR EACH ROW EXECUTE FUNCTION duban.protect_audit_entry();

--
-- Name: audit_log audit_log_stamp; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER audit_log_stamp BEFORE INSERT ON duban.audit_log FOR EACH ROW EXECUTE FUNCTION duban.stamp_audit_entry();

--
-- Name: circulars circulars_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER circulars_audit AFTER INSERT OR DELETE OR UPDATE ON duban.circulars FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: circulars circulars_issued_guard; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER circulars_issued_guard BEFORE DELETE OR UPDATE ON duban.circulars FOR EACH ROW EXECUTE FUNCTION duban.guard_issued_circular();

--
-- Name: evidence_files evidence_files_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER evidence_files_audit AFTER INSERT OR DELETE OR UPDATE ON duban.evidence_files FOR EACH ROW EXECUTE FUNCTION duban.audit_row('sha256', 'received');

--
-- Name: evidence_holders evidence_holders_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER evidence_holders_audit AFTER INSERT OR DELETE OR UPDATE ON duban.evidence_holders FOR EACH ROW EXECUTE FUNCTION duban.audit_row('sha256,unit_id');

--
-- Name: evidence_uploads evidence_uploads_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER evidence_uploads_audit AFTER INSERT OR DELETE OR UPDATE ON duban.evidence_uploads FOR EACH ROW EXECUTE FUNCTION duban.audit_row('sha256,unit_id', 'received');

--
-- Name: extensions extensions_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER extensions_audit AFTER INSERT OR DELETE OR UPDATE ON duban.extensions FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: implementation_plans implementation_plans_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER implementation_plans_audit AFTER INSERT OR DELETE OR UPDATE ON duban.implementation_plans FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: implementation_plans implementation_plans_guard; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER implementation_plans_guard BEFORE UPDATE ON duban.implementation_plans FOR EACH ROW EXECUTE FUNCTION duban.guard_implementation_update();

--
-- Name: implementation_plans implementation_plans_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER implementation_plans_reference AFTER INSERT OR DELETE OR UPDATE ON duban.implementation_plans FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: implementation_reviews implementation_reviews_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER implementation_reviews_audit AFTER INSERT OR DELETE OR UPDATE ON duban.implementation_reviews FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: implementation_reviews implementation_reviews_fixed; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER implementation_reviews_fixed BEFORE DELETE OR UPDATE ON duban.implementation_reviews FOR EACH ROW EXECUTE FUNCTION duban.refuse_change();

--
-- Name: implementation_reviews implementation_reviews_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER implementation_reviews_reference AFTER INSERT ON duban.implementation_reviews FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: implementation_revisions implementation_revisions_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER implementation_revisions_audit AFTER INSERT OR DELETE OR UPDATE ON duban.implementation_revisions FOR EACH ROW EXECUTE FUNCTION duban.audit_row('plan_id,revision');

--
-- Name: implementation_revisions implementation_revisions_fixed; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER implementation_revisions_fixed BEFORE DELETE OR UPDATE ON duban.implementation_revisions FOR EACH ROW EXECUTE FUNCTION duban.refuse_change();

--
-- Name: implementation_revisions implementation_revisions_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER implementation_revisions_reference AFTER INSERT ON duban.implementation_revisions FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: indicator_splits indicator_splits_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER indicator_splits_audit AFTER INSERT OR DELETE OR UPDATE ON duban.indicator_splits FOR EACH ROW EXECUTE FUNCTION duban.audit_row('indicator_id,unit_id');

--
-- Name: indicator_splits indicator_splits_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER indicator_splits_reference AFTER INSERT OR DELETE OR UPDATE ON duban.indicator_splits FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: indicators indicators_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER indicators_audit AFTER INSERT OR DELETE OR UPDATE ON duban.indicators FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: indicators indicators_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER indicators_reference AFTER INSERT OR DELETE OR UPDATE ON duban.indicators FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: inspection_events inspection_events_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER inspection_events_audit AFTER INSERT OR DELETE OR UPDATE ON duban.inspection_events FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: inspections inspections_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER inspections_audit AFTER INSERT OR DELETE OR UPDATE ON duban.inspections FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: reporting_nodes nodes_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER nodes_reference AFTER INSERT OR DELETE OR UPDATE ON duban.reporting_nodes FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: plans plans_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER plans_audit AFTER INSERT OR DELETE OR UPDATE ON duban.plans FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: plans plans_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER plans_reference AFTER INSERT OR DELETE OR UPDATE ON duban.plans FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: report_reviews report_reviews_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER report_reviews_audit AFTER INSERT OR DELETE OR UPDATE ON duban.report_reviews FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: report_revisions report_revisions_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER report_revisions_audit AFTER INSERT OR DELETE OR UPDATE ON duban.report_revisions FOR EACH ROW EXECUTE FUNCTION duban.audit_row('report_id,revision');

--
-- Name: reporting_nodes reporting_nodes_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER reporting_nodes_audit AFTER INSERT OR DELETE OR UPDATE ON duban.reporting_nodes FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: reports reports_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER reports_audit AFTER INSERT OR DELETE OR UPDATE ON duban.reports FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: reports reports_guard; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER reports_guard BEFORE UPDATE ON duban.reports FOR EACH ROW EXECUTE FUNCTION duban.guard_report_update();

--
-- Name: supervision_order_events supervision_order_events_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER supervision_order_events_audit AFTER INSERT OR DELETE OR UPDATE ON duban.supervision_order_events FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: supervision_orders supervision_orders_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER supervision_orders_audit AFTER INSERT OR DELETE OR UPDATE ON duban.supervision_orders FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: tasks tasks_assignments_check; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE CONSTRAINT TRIGGER tasks_assignments_check AFTER INSERT OR UPDATE OF not_applicable ON duban.tasks DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION duban.check_task_assignments();

--
-- Name: tasks tasks_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER tasks_audit AFTER INSERT OR DELETE OR UPDATE ON duban.tasks FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: tasks tasks_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER tasks_reference AFTER INSERT OR DELETE OR UPDATE ON duban.tasks FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: unit_aliases unit_aliases_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER unit_aliases_audit AFTER INSERT OR DELETE OR UPDATE ON duban.unit_aliases FOR EACH ROW EXECUTE FUNCTION duban.audit_row('alias');

--
-- Name: unit_aliases unit_aliases_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER unit_aliases_reference AFTER INSERT OR DELETE OR UPDATE ON duban.unit_aliases FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: units units_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER units_audit AFTER INSERT OR DELETE OR UPDATE ON duban.units FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: units units_reference; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER units_reference AFTER INSERT OR DELETE OR UPDATE ON duban.units FOR EACH STATEMENT EXECUTE FUNCTION duban.bump_reference_version();

--
-- Name: urges urges_audit; Type: TRIGGER; Schema: duban; Owner: -
--

CREATE TRIGGER urges_audit AFTER INSERT OR DELETE OR UPDATE ON duban.urges FOR EACH ROW EXECUTE FUNCTION duban.audit_row('id');

--
-- Name: accounts accounts_created_by_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.accounts
    ADD CONSTRAINT accounts_created_by_fkey FOREIGN KEY (created_by) REFERENCES duban.accounts(id) ON DELETE RESTRICT;

--
-- Name: accounts accounts_password_reset_by_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.accounts
    ADD CONSTRAINT accounts_password_reset_by_fkey FOREIGN KEY (password_reset_by) REFERENCES duban.accounts(id) ON DELETE RESTRICT;

--
-- Name: accounts accounts_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.accounts
    ADD CONSTRAINT accounts_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: assessment_criteria assessment_criteria_plan_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assessment_criteria
    ADD CONSTRAINT assessment_criteria_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES duban.plans(id) ON DELETE CASCADE;

--
-- Name: assessments assessments_lead_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assessments
    ADD CONSTRAINT assessments_lead_unit_id_fkey FOREIGN KEY (lead_unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: assessments assessments_reviewed_by_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assessments
    ADD CONSTRAINT assessments_reviewed_by_fkey FOREIGN KEY (reviewed_by) REFERENCES duban.accounts(id);

--
-- Name: assessments assessments_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assessments
    ADD CONSTRAINT assessments_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE RESTRICT;

--
-- Name: assessments assessments_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assessments
    ADD CONSTRAINT assessments_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: assessments assessments_written_by_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assessments
    ADD CONSTRAINT assessments_written_by_fkey FOREIGN KEY (written_by) REFERENCES duban.accounts(id);

--
-- Name: assignments assignments_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assignments
    ADD CONSTRAINT assignments_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE CASCADE;

--
-- Name: assignments assignments_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.assignments
    ADD CONSTRAINT assignments_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: circulars circulars_drafted_by_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.circulars
    ADD CONSTRAINT circulars_drafted_by_fkey FOREIGN KEY (drafted_by) REFERENCES duban.accounts(id);

--
-- Name: circulars circulars_issued_by_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.circulars
    ADD CONSTRAINT circulars_issued_by_fkey FOREIGN KEY (issued_by) REFERENCES duban.accounts(id);

--
-- Name: circulars circulars_node_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.circulars
    ADD CONSTRAINT circulars_node_id_fkey FOREIGN KEY (node_id) REFERENCES duban.reporting_nodes(id) ON DELETE RESTRICT;

--
-- Name: circulars circulars_plan_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.circulars
    ADD CONSTRAINT circulars_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES duban.plans(id) ON DELETE RESTRICT;

--
-- Name: evidence_chunks evidence_chunks_sha256_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_chunks
    ADD CONSTRAINT evidence_chunks_sha256_fkey FOREIGN KEY (sha256) REFERENCES duban.evidence_files(sha256) ON DELETE CASCADE;

--
-- Name: evidence_holders evidence_holders_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_holders
    ADD CONSTRAINT evidence_holders_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: evidence_holders evidence_holders_sha256_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_holders
    ADD CONSTRAINT evidence_holders_sha256_fkey FOREIGN KEY (sha256) REFERENCES duban.evidence_files(sha256) ON DELETE CASCADE;

--
-- Name: evidence_holders evidence_holders_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_holders
    ADD CONSTRAINT evidence_holders_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id);

--
-- Name: evidence_upload_chunks evidence_upload_chunks_sha256_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_upload_chunks
    ADD CONSTRAINT evidence_upload_chunks_sha256_unit_id_fkey FOREIGN KEY (sha256, unit_id) REFERENCES duban.evidence_uploads(sha256, unit_id) ON DELETE CASCADE;

--
-- Name: evidence_uploads evidence_uploads_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_uploads
    ADD CONSTRAINT evidence_uploads_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: evidence_uploads evidence_uploads_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.evidence_uploads
    ADD CONSTRAINT evidence_uploads_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id);

--
-- Name: extensions extensions_decided_by_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.extensions
    ADD CONSTRAINT extensions_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES duban.accounts(id);

--
-- Name: extensions extensions_node_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.extensions
    ADD CONSTRAINT extensions_node_id_fkey FOREIGN KEY (node_id) REFERENCES duban.reporting_nodes(id) ON DELETE RESTRICT;

--
-- Name: extensions extensions_requested_by_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.extensions
    ADD CONSTRAINT extensions_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES duban.accounts(id);

--
-- Name: extensions extensions_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.extensions
    ADD CONSTRAINT extensions_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE RESTRICT;

--
-- Name: extensions extensions_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.extensions
    ADD CONSTRAINT extensions_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: implementation_plans implementation_plans_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_plans
    ADD CONSTRAINT implementation_plans_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE RESTRICT;

--
-- Name: implementation_plans implementation_plans_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_plans
    ADD CONSTRAINT implementation_plans_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: implementation_reviews implementation_reviews_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_reviews
    ADD CONSTRAINT implementation_reviews_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: implementation_reviews implementation_reviews_plan_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_reviews
    ADD CONSTRAINT implementation_reviews_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES duban.implementation_plans(id) ON DELETE RESTRICT;

--
-- Name: implementation_reviews implementation_reviews_plan_id_revision_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_reviews
    ADD CONSTRAINT implementation_reviews_plan_id_revision_fkey FOREIGN KEY (plan_id, revision) REFERENCES duban.implementation_revisions(plan_id, revision) ON DELETE RESTRICT;

--
-- Name: implementation_reviews implementation_reviews_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_reviews
    ADD CONSTRAINT implementation_reviews_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id);

--
-- Name: implementation_revisions implementation_revisions_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_revisions
    ADD CONSTRAINT implementation_revisions_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: implementation_revisions implementation_revisions_plan_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.implementation_revisions
    ADD CONSTRAINT implementation_revisions_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES duban.implementation_plans(id) ON DELETE RESTRICT;

--
-- Name: indicator_splits indicator_splits_indicator_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.indicator_splits
    ADD CONSTRAINT indicator_splits_indicator_id_fkey FOREIGN KEY (indicator_id) REFERENCES duban.indicators(id) ON DELETE CASCADE;

--
-- Name: indicator_splits indicator_splits_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.indicator_splits
    ADD CONSTRAINT indicator_splits_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: indicators indicators_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.indicators
    ADD CONSTRAINT indicators_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE RESTRICT;

--
-- Name: inspection_events inspection_events_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.inspection_events
    ADD CONSTRAINT inspection_events_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: inspection_events inspection_events_inspection_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.inspection_events
    ADD CONSTRAINT inspection_events_inspection_id_fkey FOREIGN KEY (inspection_id) REFERENCES duban.inspections(id) ON DELETE RESTRICT;

--
-- Name: inspections inspections_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.inspections
    ADD CONSTRAINT inspections_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: inspections inspections_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.inspections
    ADD CONSTRAINT inspections_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE RESTRICT;

--
-- Name: inspections inspections_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.inspections
    ADD CONSTRAINT inspections_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: mutations mutations_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.mutations
    ADD CONSTRAINT mutations_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: report_reviews report_reviews_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_reviews
    ADD CONSTRAINT report_reviews_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: report_reviews report_reviews_report_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_reviews
    ADD CONSTRAINT report_reviews_report_id_fkey FOREIGN KEY (report_id) REFERENCES duban.reports(id) ON DELETE RESTRICT;

--
-- Name: report_reviews report_reviews_report_id_revision_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_reviews
    ADD CONSTRAINT report_reviews_report_id_revision_fkey FOREIGN KEY (report_id, revision) REFERENCES duban.report_revisions(report_id, revision);

--
-- Name: report_reviews report_reviews_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_reviews
    ADD CONSTRAINT report_reviews_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id);

--
-- Name: report_revisions report_revisions_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_revisions
    ADD CONSTRAINT report_revisions_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: report_revisions report_revisions_report_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.report_revisions
    ADD CONSTRAINT report_revisions_report_id_fkey FOREIGN KEY (report_id) REFERENCES duban.reports(id) ON DELETE RESTRICT;

--
-- Name: reporting_nodes reporting_nodes_plan_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reporting_nodes
    ADD CONSTRAINT reporting_nodes_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES duban.plans(id) ON DELETE CASCADE;

--
-- Name: reports reports_node_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reports
    ADD CONSTRAINT reports_node_id_fkey FOREIGN KEY (node_id) REFERENCES duban.reporting_nodes(id) ON DELETE RESTRICT;

--
-- Name: reports reports_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reports
    ADD CONSTRAINT reports_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE RESTRICT;

--
-- Name: reports reports_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.reports
    ADD CONSTRAINT reports_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: sessions sessions_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.sessions
    ADD CONSTRAINT sessions_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id) ON DELETE CASCADE;

--
-- Name: sign_in_devices sign_in_devices_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.sign_in_devices
    ADD CONSTRAINT sign_in_devices_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id) ON DELETE CASCADE;

--
-- Name: status_lights status_lights_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.status_lights
    ADD CONSTRAINT status_lights_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE CASCADE;

--
-- Name: status_lights status_lights_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.status_lights
    ADD CONSTRAINT status_lights_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE CASCADE;

--
-- Name: supervision_order_events supervision_order_events_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.supervision_order_events
    ADD CONSTRAINT supervision_order_events_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: supervision_order_events supervision_order_events_order_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.supervision_order_events
    ADD CONSTRAINT supervision_order_events_order_id_fkey FOREIGN KEY (order_id) REFERENCES duban.supervision_orders(id) ON DELETE RESTRICT;

--
-- Name: supervision_orders supervision_orders_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.supervision_orders
    ADD CONSTRAINT supervision_orders_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE RESTRICT;

--
-- Name: supervision_orders supervision_orders_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.supervision_orders
    ADD CONSTRAINT supervision_orders_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: tasks tasks_carried_from_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.tasks
    ADD CONSTRAINT tasks_carried_from_task_id_fkey FOREIGN KEY (carried_from_task_id) REFERENCES duban.tasks(id);

--
-- Name: tasks tasks_plan_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.tasks
    ADD CONSTRAINT tasks_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES duban.plans(id) ON DELETE CASCADE;

--
-- Name: unit_aliases unit_aliases_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.unit_aliases
    ADD CONSTRAINT unit_aliases_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE CASCADE;

--
-- Name: units units_parent_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.units
    ADD CONSTRAINT units_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: urges urges_account_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.urges
    ADD CONSTRAINT urges_account_id_fkey FOREIGN KEY (account_id) REFERENCES duban.accounts(id);

--
-- Name: urges urges_node_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.urges
    ADD CONSTRAINT urges_node_id_fkey FOREIGN KEY (node_id) REFERENCES duban.reporting_nodes(id) ON DELETE RESTRICT;

--
-- Name: urges urges_task_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.urges
    ADD CONSTRAINT urges_task_id_fkey FOREIGN KEY (task_id) REFERENCES duban.tasks(id) ON DELETE RESTRICT;

--
-- Name: urges urges_unit_id_fkey; Type: FK CONSTRAINT; Schema: duban; Owner: -
--

ALTER TABLE ONLY duban.urges
    ADD CONSTRAINT urges_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES duban.units(id) ON DELETE RESTRICT;

--
-- Name: accounts; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.accounts ENABLE ROW LEVEL SECURITY;

--
-- Name: accounts accounts_admin_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY accounts_admin_insert ON duban.accounts FOR INSERT TO duban_app WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: accounts accounts_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY accounts_owner ON duban.accounts TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: accounts accounts_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY accounts_read ON duban.accounts FOR SELECT TO duban_app USING (((duban.current_account_role() = ANY (ARRAY['admin'::text, 'supervisor'::text, 'oversight'::text])) OR (id = duban.current_account_id()) OR ((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id()))));

--
-- Name: accounts accounts_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY accounts_update ON duban.accounts FOR UPDATE TO duban_app USING (((duban.current_account_role() = 'admin'::text) OR (id = duban.current_account_id()))) WITH CHECK (((duban.current_account_role() = 'admin'::text) OR (id = duban.current_account_id())));

--
-- Name: assessment_criteria; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.assessment_criteria ENABLE ROW LEVEL SECURITY;

--
-- Name: assessment_criteria assessment_criteria_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assessment_criteria_owner ON duban.assessment_criteria TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: assessment_criteria assessment_criteria_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assessment_criteria_read ON duban.assessment_criteria FOR SELECT TO duban_app USING ((duban.current_account_role() IS NOT NULL));

--
-- Name: assessments; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.assessments ENABLE ROW LEVEL SECURITY;

--
-- Name: assessments assessments_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assessments_owner ON duban.assessments TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: assessments assessments_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assessments_read ON duban.assessments FOR SELECT TO duban_app USING (((duban.current_account_role() = ANY (ARRAY['supervisor'::text, 'oversight'::text])) OR ((duban.current_account_role() = 'staff'::text) AND (lead_unit_id = duban.current_unit_id()))));

--
-- Name: assessments assessments_review; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assessments_review ON duban.assessments FOR UPDATE TO duban_app USING ((duban.current_account_role() = 'supervisor'::text)) WITH CHECK ((duban.current_account_role() = 'supervisor'::text));

--
-- Name: assessments assessments_rewrite; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assessments_rewrite ON duban.assessments FOR UPDATE TO duban_app USING (((duban.current_account_role() = 'staff'::text) AND (lead_unit_id = duban.current_unit_id()))) WITH CHECK (((duban.current_account_role() = 'staff'::text) AND (lead_unit_id = duban.current_unit_id())));

--
-- Name: assessments assessments_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assessments_write ON duban.assessments FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'staff'::text) AND (lead_unit_id = duban.current_unit_id()) AND (written_by = duban.current_account_id()) AND duban.unit_leads_task(task_id, duban.current_unit_id())));

--
-- Name: assignments; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.assignments ENABLE ROW LEVEL SECURITY;

--
-- Name: assignments assignments_admin_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assignments_admin_write ON duban.assignments TO duban_app USING ((duban.current_account_role() = 'admin'::text)) WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: assignments assignments_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assignments_owner ON duban.assignments TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: assignments assignments_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY assignments_read ON duban.assignments FOR SELECT TO duban_app USING (((duban.current_account_role() = ANY (ARRAY['admin'::text, 'supervisor'::text, 'oversight'::text])) OR ((duban.current_account_role() = 'staff'::text) AND ((unit_id = duban.current_unit_id()) OR duban.unit_leads_task(task_id, duban.current_unit_id())))));

--
-- Name: audit_log audit_append; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY audit_append ON duban.audit_log FOR INSERT TO duban_app WITH CHECK (true);

--
-- Name: audit_checkpoints; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.audit_checkpoints ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_checkpoints audit_checkpoints_append; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY audit_checkpoints_append ON duban.audit_checkpoints FOR INSERT TO duban_app WITH CHECK (true);

--
-- Name: audit_checkpoints audit_checkpoints_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY audit_checkpoints_owner ON duban.audit_checkpoints TO duban USING (((COALESCE(current_setting('duban.role'::text, true), ''::text) = ''::text) OR (current_setting('duban.definer'::text, true) = 'on'::text))) WITH CHECK (((COALESCE(current_setting('duban.role'::text, true), ''::text) = ''::text) OR (current_setting('duban.definer'::text, true) = 'on'::text)));

--
-- Name: audit_checkpoints audit_checkpoints_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY audit_checkpoints_read ON duban.audit_checkpoints FOR SELECT TO duban_app USING (true);

--
-- Name: audit_log; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.audit_log ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_log audit_log_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY audit_log_owner ON duban.audit_log TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: audit_log audit_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY audit_read ON duban.audit_log FOR SELECT TO duban_app USING ((duban.current_account_role() = ANY (ARRAY['admin'::text, 'supervisor'::text, 'oversight'::text])));

--
-- Name: changes; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.changes ENABLE ROW LEVEL SECURITY;

--
-- Name: changes changes_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY changes_owner ON duban.changes TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: changes changes_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY changes_read ON duban.changes FOR SELECT TO duban_app USING (((duban.current_account_role() IS NOT NULL) AND (((unit_id IS NULL) AND (task_id IS NULL)) OR duban.may_read(unit_id, task_id))));

--
-- Name: circulars; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.circulars ENABLE ROW LEVEL SECURITY;

--
-- Name: circulars circulars_draft; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY circulars_draft ON duban.circulars FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'supervisor'::text) AND (drafted_by = duban.current_account_id()) AND (state = 'draft'::text)));

--
-- Name: circulars circulars_edit; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY circulars_edit ON duban.circulars FOR UPDATE TO duban_app USING ((duban.current_account_role() = 'supervisor'::text));

--
-- Name: circulars circulars_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY circulars_owner ON duban.circulars TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: circulars circulars_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY circulars_read ON duban.circulars FOR SELECT TO duban_app USING (((duban.current_account_role() = ANY (ARRAY['supervisor'::text, 'oversight'::text])) OR ((duban.current_account_role() IS NOT NULL) AND (state = 'issued'::text))));

--
-- Name: evidence_chunks; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.evidence_chunks ENABLE ROW LEVEL SECURITY;

--
-- Name: evidence_chunks evidence_chunks_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_chunks_owner ON duban.evidence_chunks TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: evidence_chunks evidence_chunks_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_chunks_read ON duban.evidence_chunks FOR SELECT TO duban_app USING (duban.may_read_evidence(sha256));

--
-- Name: evidence_chunks evidence_chunks_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_chunks_write ON duban.evidence_chunks FOR INSERT TO duban_app WITH CHECK ((EXISTS ( SELECT 1
   FROM duban.evidence_holders h
  WHERE ((h.sha256 = evidence_chunks.sha256) AND (h.unit_id = duban.current_unit_id())))));

--
-- Name: evidence_files; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.evidence_files ENABLE ROW LEVEL SECURITY;

--
-- Name: evidence_files evidence_files_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_files_insert ON duban.evidence_files FOR INSERT TO duban_app WITH CHECK ((duban.current_account_role() = 'staff'::text));

--
-- Name: evidence_files evidence_files_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_files_owner ON duban.evidence_files TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: evidence_files evidence_files_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_files_read ON duban.evidence_files FOR SELECT TO duban_app USING ((duban.may_read_evidence(sha256) OR (EXISTS ( SELECT 1
   FROM duban.evidence_uploads u
  WHERE ((u.sha256 = evidence_files.sha256) AND (u.unit_id = duban.current_unit_id()) AND (u.received = u.size))))));

--
-- Name: evidence_holders; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.evidence_holders ENABLE ROW LEVEL SECURITY;

--
-- Name: evidence_holders evidence_holders_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_holders_insert ON duban.evidence_holders FOR INSERT TO duban_app WITH CHECK (((unit_id = duban.current_unit_id()) AND (account_id = duban.current_account_id()) AND (duban.current_account_role() = 'staff'::text) AND (EXISTS ( SELECT 1
   FROM duban.evidence_uploads u
  WHERE ((u.sha256 = evidence_holders.sha256) AND (u.unit_id = evidence_holders.unit_id) AND (u.received = u.size))))));

--
-- Name: evidence_holders evidence_holders_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_holders_owner ON duban.evidence_holders TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: evidence_holders evidence_holders_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_holders_read ON duban.evidence_holders FOR SELECT TO duban_app USING (((unit_id = duban.current_unit_id()) OR (duban.current_account_role() = ANY (ARRAY['admin'::text, 'supervisor'::text, 'oversight'::text]))));

--
-- Name: evidence_upload_chunks; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.evidence_upload_chunks ENABLE ROW LEVEL SECURITY;

--
-- Name: evidence_upload_chunks evidence_upload_chunks_own; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_upload_chunks_own ON duban.evidence_upload_chunks TO duban_app USING (((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id()))) WITH CHECK (((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id())));

--
-- Name: evidence_upload_chunks evidence_upload_chunks_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_upload_chunks_owner ON duban.evidence_upload_chunks TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: evidence_uploads; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.evidence_uploads ENABLE ROW LEVEL SECURITY;

--
-- Name: evidence_uploads evidence_uploads_own; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_uploads_own ON duban.evidence_uploads TO duban_app USING (((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id()))) WITH CHECK (((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id()) AND (account_id = duban.current_account_id())));

--
-- Name: evidence_uploads evidence_uploads_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY evidence_uploads_owner ON duban.evidence_uploads TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: extensions; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.extensions ENABLE ROW LEVEL SECURITY;

--
-- Name: extensions extensions_decide; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY extensions_decide ON duban.extensions FOR UPDATE TO duban_app USING ((duban.current_account_role() = 'supervisor'::text)) WITH CHECK (((duban.current_account_role() = 'supervisor'::text) AND (decided_by = duban.current_account_id())));

--
-- Name: extensions extensions_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY extensions_owner ON duban.extensions TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: extensions extensions_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY extensions_read ON duban.extensions FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));

--
-- Name: extensions extensions_request; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY extensions_request ON duban.extensions FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id()) AND (requested_by = duban.current_account_id()) AND (state = 'requested'::text) AND (EXISTS ( SELECT 1
   FROM duban.assignments a
  WHERE ((a.task_id = extensions.task_id) AND (a.unit_id = extensions.unit_id))))));

--
-- Name: implementation_plans; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.implementation_plans ENABLE ROW LEVEL SECURITY;

--
-- Name: implementation_plans implementation_plans_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_plans_owner ON duban.implementation_plans TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: implementation_plans implementation_plans_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_plans_read ON duban.implementation_plans FOR SELECT TO duban_app USING ((duban.may_read(unit_id, task_id) OR ((duban.current_account_role() = 'staff'::text) AND duban.unit_serves_task(task_id, duban.current_unit_id()))));

--
-- Name: implementation_plans implementation_plans_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_plans_update ON duban.implementation_plans FOR UPDATE TO duban_app USING ((((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id())) OR (duban.current_account_role() = 'supervisor'::text))) WITH CHECK ((((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id())) OR (duban.current_account_role() = 'supervisor'::text)));

--
-- Name: implementation_plans implementation_plans_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_plans_write ON duban.implementation_plans FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id()) AND duban.unit_leads_task(task_id, duban.current_unit_id())));

--
-- Name: implementation_reviews; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.implementation_reviews ENABLE ROW LEVEL SECURITY;

--
-- Name: implementation_reviews implementation_reviews_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_reviews_owner ON duban.implementation_reviews TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: implementation_reviews implementation_reviews_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_reviews_read ON duban.implementation_reviews FOR SELECT TO duban_app USING ((EXISTS ( SELECT 1
   FROM duban.implementation_plans p
  WHERE ((p.id = implementation_reviews.plan_id) AND (duban.may_read(p.unit_id, p.task_id) OR ((implementation_reviews.revision = p.accepted_revision) AND (implementation_reviews.decision = 'accept'::text)))))));

--
-- Name: implementation_reviews implementation_reviews_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_reviews_write ON duban.implementation_reviews FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'supervisor'::text) AND (unit_id = duban.current_unit_id()) AND (account_id = duban.current_account_id()) AND (NOT (EXISTS ( SELECT 1
   FROM duban.implementation_plans p
  WHERE ((p.id = implementation_reviews.plan_id) AND (p.unit_id = duban.current_unit_id())))))));

--
-- Name: implementation_revisions; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.implementation_revisions ENABLE ROW LEVEL SECURITY;

--
-- Name: implementation_revisions implementation_revisions_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_revisions_owner ON duban.implementation_revisions TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: implementation_revisions implementation_revisions_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_revisions_read ON duban.implementation_revisions FOR SELECT TO duban_app USING ((EXISTS ( SELECT 1
   FROM duban.implementation_plans p
  WHERE ((p.id = implementation_revisions.plan_id) AND (duban.may_read(p.unit_id, p.task_id) OR (implementation_revisions.revision = p.accepted_revision))))));

--
-- Name: implementation_revisions implementation_revisions_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY implementation_revisions_write ON duban.implementation_revisions FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'staff'::text) AND (account_id = duban.current_account_id()) AND (EXISTS ( SELECT 1
   FROM duban.implementation_plans p
  WHERE ((p.id = implementation_revisions.plan_id) AND (p.unit_id = duban.current_unit_id()))))));

--
-- Name: indicator_splits; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.indicator_splits ENABLE ROW LEVEL SECURITY;

--
-- Name: indicator_splits indicator_splits_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY indicator_splits_owner ON duban.indicator_splits TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: indicator_splits indicator_splits_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY indicator_splits_read ON duban.indicator_splits FOR SELECT TO duban_app USING ((duban.current_account_role() IS NOT NULL));

--
-- Name: indicator_splits indicator_splits_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY indicator_splits_write ON duban.indicator_splits TO duban_app USING ((duban.current_account_role() = ANY (ARRAY['supervisor'::text, 'admin'::text]))) WITH CHECK ((duban.current_account_role() = ANY (ARRAY['supervisor'::text, 'admin'::text])));

--
-- Name: indicators; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.indicators ENABLE ROW LEVEL SECURITY;

--
-- Name: indicators indicators_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY indicators_owner ON duban.indicators TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: indicators indicators_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY indicators_read ON duban.indicators FOR SELECT TO duban_app USING ((duban.current_account_role() IS NOT NULL));

--
-- Name: indicators indicators_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY indicators_write ON duban.indicators TO duban_app USING ((duban.current_account_role() = ANY (ARRAY['supervisor'::text, 'admin'::text]))) WITH CHECK ((duban.current_account_role() = ANY (ARRAY['supervisor'::text, 'admin'::text])));

--
-- Name: inspection_events; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.inspection_events ENABLE ROW LEVEL SECURITY;

--
-- Name: inspection_events inspection_events_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY inspection_events_owner ON duban.inspection_events TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: inspection_events inspection_events_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY inspection_events_read ON duban.inspection_events FOR SELECT TO duban_app USING ((EXISTS ( SELECT 1
   FROM duban.inspections i
  WHERE (i.id = inspection_events.inspection_id))));

--
-- Name: inspection_events inspection_events_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY inspection_events_write ON duban.inspection_events FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'supervisor'::text) AND (account_id = duban.current_account_id())));

--
-- Name: inspections; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.inspections ENABLE ROW LEVEL SECURITY;

--
-- Name: inspections inspections_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY inspections_insert ON duban.inspections FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'supervisor'::text) AND (account_id = duban.current_account_id())));

--
-- Name: inspections inspections_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY inspections_owner ON duban.inspections TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: inspections inspections_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY inspections_read ON duban.inspections FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));

--
-- Name: inspections inspections_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY inspections_update ON duban.inspections FOR UPDATE TO duban_app USING ((duban.current_account_role() = 'supervisor'::text));

--
-- Name: mutations; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.mutations ENABLE ROW LEVEL SECURITY;

--
-- Name: mutations mutations_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY mutations_insert ON duban.mutations FOR INSERT TO duban_app WITH CHECK ((account_id = duban.current_account_id()));

--
-- Name: mutations mutations_own; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY mutations_own ON duban.mutations FOR SELECT TO duban_app USING ((account_id = duban.current_account_id()));

--
-- Name: mutations mutations_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY mutations_owner ON duban.mutations TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: reporting_nodes nodes_admin_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY nodes_admin_write ON duban.reporting_nodes TO duban_app USING ((duban.current_account_role() = 'admin'::text)) WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: reporting_nodes nodes_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY nodes_read ON duban.reporting_nodes FOR SELECT TO duban_app USING ((duban.current_account_role() IS NOT NULL));

--
-- Name: supervision_order_events order_events_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY order_events_read ON duban.supervision_order_events FOR SELECT TO duban_app USING ((EXISTS ( SELECT 1
   FROM duban.supervision_orders o
  WHERE (o.id = supervision_order_events.order_id))));

--
-- Name: supervision_order_events order_events_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY order_events_write ON duban.supervision_order_events FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'supervisor'::text) AND (account_id = duban.current_account_id())));

--
-- Name: supervision_orders orders_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY orders_insert ON duban.supervision_orders FOR INSERT TO duban_app WITH CHECK ((duban.current_account_role() = 'supervisor'::text));

--
-- Name: supervision_orders orders_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY orders_read ON duban.supervision_orders FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));

--
-- Name: supervision_orders orders_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY orders_update ON duban.supervision_orders FOR UPDATE TO duban_app USING ((duban.current_account_role() = 'supervisor'::text));

--
-- Name: plans; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.plans ENABLE ROW LEVEL SECURITY;

--
-- Name: plans plans_admin_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY plans_admin_insert ON duban.plans FOR INSERT TO duban_app WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: plans plans_admin_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY plans_admin_update ON duban.plans FOR UPDATE TO duban_app USING ((duban.current_account_role() = 'admin'::text)) WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: plans plans_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY plans_owner ON duban.plans TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: plans plans_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY plans_read ON duban.plans FOR SELECT TO duban_app USING ((duban.current_account_role() IS NOT NULL));

--
-- Name: report_reviews; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.report_reviews ENABLE ROW LEVEL SECURITY;

--
-- Name: report_reviews report_reviews_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY report_reviews_owner ON duban.report_reviews TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: report_revisions; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.report_revisions ENABLE ROW LEVEL SECURITY;

--
-- Name: report_revisions report_revisions_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY report_revisions_owner ON duban.report_revisions TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: reporting_nodes; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.reporting_nodes ENABLE ROW LEVEL SECURITY;

--
-- Name: reporting_nodes reporting_nodes_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reporting_nodes_owner ON duban.reporting_nodes TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: reports; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.reports ENABLE ROW LEVEL SECURITY;

--
-- Name: reports reports_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reports_owner ON duban.reports TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: reports reports_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reports_read ON duban.reports FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));

--
-- Name: reports reports_review_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reports_review_update ON duban.reports FOR UPDATE TO duban_app USING (((duban.current_account_role() = 'staff'::text) AND duban.unit_leads_task(task_id, duban.current_unit_id()) AND ((unit_id = duban.current_unit_id()) OR (NOT duban.unit_leads_task(task_id, unit_id)))));

--
-- Name: reports reports_supervisor_review_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reports_supervisor_review_update ON duban.reports FOR UPDATE TO duban_app USING (((duban.current_account_role() = 'supervisor'::text) AND duban.unit_leads_task(task_id, unit_id)));

--
-- Name: reports reports_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reports_update ON duban.reports FOR UPDATE TO duban_app USING (((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id())));

--
-- Name: reports reports_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reports_write ON duban.reports FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'staff'::text) AND (unit_id = duban.current_unit_id())));

--
-- Name: report_reviews reviews_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reviews_read ON duban.report_reviews FOR SELECT TO duban_app USING ((EXISTS ( SELECT 1
   FROM duban.reports r
  WHERE (r.id = report_reviews.report_id))));

--
-- Name: report_reviews reviews_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reviews_write ON duban.report_reviews FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'staff'::text) AND (account_id = duban.current_account_id()) AND (unit_id = duban.current_unit_id()) AND (EXISTS ( SELECT 1
   FROM duban.reports r
  WHERE ((r.id = report_reviews.report_id) AND (r.unit_id <> duban.current_unit_id()) AND duban.unit_leads_task(r.task_id, duban.current_unit_id()) AND (NOT duban.unit_leads_task(r.task_id, r.unit_id)))))));

--
-- Name: report_reviews reviews_write_supervisor; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY reviews_write_supervisor ON duban.report_reviews FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'supervisor'::text) AND (account_id = duban.current_account_id()) AND (unit_id = duban.current_unit_id()) AND (EXISTS ( SELECT 1
   FROM duban.reports r
  WHERE ((r.id = report_reviews.report_id) AND (r.unit_id <> duban.current_unit_id()) AND duban.unit_leads_task(r.task_id, r.unit_id))))));

--
-- Name: report_revisions revisions_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY revisions_read ON duban.report_revisions FOR SELECT TO duban_app USING ((EXISTS ( SELECT 1
   FROM duban.reports r
  WHERE (r.id = report_revisions.report_id))));

--
-- Name: report_revisions revisions_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY revisions_write ON duban.report_revisions FOR INSERT TO duban_app WITH CHECK (((account_id = duban.current_account_id()) AND (EXISTS ( SELECT 1
   FROM duban.reports r
  WHERE ((r.id = report_revisions.report_id) AND (r.unit_id = duban.current_unit_id()))))));

--
-- Name: sessions; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: sessions sessions_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY sessions_insert ON duban.sessions FOR INSERT TO duban_app WITH CHECK ((account_id = duban.current_account_id()));

--
-- Name: sessions sessions_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY sessions_owner ON duban.sessions TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: sessions sessions_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY sessions_read ON duban.sessions FOR SELECT TO duban_app USING (((account_id = duban.current_account_id()) OR (duban.current_account_role() = 'admin'::text)));

--
-- Name: sessions sessions_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY sessions_update ON duban.sessions FOR UPDATE TO duban_app USING (((account_id = duban.current_account_id()) OR (duban.current_account_role() = 'admin'::text)));

--
-- Name: sign_in_devices; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.sign_in_devices ENABLE ROW LEVEL SECURITY;

--
-- Name: sign_in_devices sign_in_devices_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY sign_in_devices_owner ON duban.sign_in_devices TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: sign_in_devices sign_in_devices_server; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY sign_in_devices_server ON duban.sign_in_devices TO duban_app USING (true) WITH CHECK (true);

--
-- Name: status_lights; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.status_lights ENABLE ROW LEVEL SECURITY;

--
-- Name: status_lights status_lights_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY status_lights_owner ON duban.status_lights TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: status_lights status_lights_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY status_lights_read ON duban.status_lights FOR SELECT TO duban_app USING ((duban.current_account_role() IS NOT NULL));

--
-- Name: status_lights status_lights_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY status_lights_write ON duban.status_lights TO duban_app USING ((duban.current_account_role() = 'supervisor'::text)) WITH CHECK ((duban.current_account_role() = 'supervisor'::text));

--
-- Name: supervision_order_events; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.supervision_order_events ENABLE ROW LEVEL SECURITY;

--
-- Name: supervision_order_events supervision_order_events_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY supervision_order_events_owner ON duban.supervision_order_events TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: supervision_orders; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.supervision_orders ENABLE ROW LEVEL SECURITY;

--
-- Name: supervision_orders supervision_orders_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY supervision_orders_owner ON duban.supervision_orders TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: tasks; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.tasks ENABLE ROW LEVEL SECURITY;

--
-- Name: tasks tasks_admin_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY tasks_admin_insert ON duban.tasks FOR INSERT TO duban_app WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: tasks tasks_admin_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY tasks_admin_update ON duban.tasks FOR UPDATE TO duban_app USING ((duban.current_account_role() = 'admin'::text)) WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: tasks tasks_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY tasks_owner ON duban.tasks TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: tasks tasks_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY tasks_read ON duban.tasks FOR SELECT TO duban_app USING ((duban.current_account_role() IS NOT NULL));

--
-- Name: unit_aliases; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.unit_aliases ENABLE ROW LEVEL SECURITY;

--
-- Name: unit_aliases unit_aliases_admin_delete; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY unit_aliases_admin_delete ON duban.unit_aliases FOR DELETE TO duban_app USING ((duban.current_account_role() = 'admin'::text));

--
-- Name: unit_aliases unit_aliases_admin_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY unit_aliases_admin_insert ON duban.unit_aliases FOR INSERT TO duban_app WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: unit_aliases unit_aliases_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY unit_aliases_owner ON duban.unit_aliases TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: unit_aliases unit_aliases_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY unit_aliases_read ON duban.unit_aliases FOR SELECT TO duban_app USING ((duban.current_account_role() IS NOT NULL));

--
-- Name: units; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.units ENABLE ROW LEVEL SECURITY;

--
-- Name: units units_admin_insert; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY units_admin_insert ON duban.units FOR INSERT TO duban_app WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: units units_admin_update; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY units_admin_update ON duban.units FOR UPDATE TO duban_app USING ((duban.current_account_role() = 'admin'::text)) WITH CHECK ((duban.current_account_role() = 'admin'::text));

--
-- Name: units units_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY units_owner ON duban.units TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: units units_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY units_read ON duban.units FOR SELECT TO duban_app USING ((duban.current_account_role() IS NOT NULL));

--
-- Name: urges; Type: ROW SECURITY; Schema: duban; Owner: -
--

ALTER TABLE duban.urges ENABLE ROW LEVEL SECURITY;

--
-- Name: urges urges_owner; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY urges_owner ON duban.urges TO duban USING (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER))) WITH CHECK (((NULLIF(current_setting('duban.role'::text, true), ''::text) IS NULL) OR (SESSION_USER <> CURRENT_USER)));

--
-- Name: urges urges_read; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY urges_read ON duban.urges FOR SELECT TO duban_app USING (duban.may_read(unit_id, task_id));

--
-- Name: urges urges_write; Type: POLICY; Schema: duban; Owner: -
--

CREATE POLICY urges_write ON duban.urges FOR INSERT TO duban_app WITH CHECK (((duban.current_account_role() = 'supervisor'::text) AND (account_id = duban.current_account_id())));

--
-- Name: SCHEMA duban; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA duban TO duban_app;

--
-- Name: SCHEMA oversight; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA oversight TO duban_oversight;

--
-- Name: FUNCTION account_for_sign_in(p_login text); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.account_for_sign_in(p_login text) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.account_for_sign_in(p_login text) TO duban_app;

--
-- Name: FUNCTION account_id_for_login(p_login text); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.account_id_for_login(p_login text) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.account_id_for_login(p_login text) TO duban_app;

--
-- Name: FUNCTION account_login(p_account bigint); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.account_login(p_account bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.account_login(p_account bigint) TO duban_app;

--
-- Name: TABLE audit_log; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.audit_log TO duban_app;

--
-- Name: FUNCTION audit_entry_text(e duban.audit_log); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.audit_entry_text(e duban.audit_log) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.audit_entry_text(e duban.audit_log) TO duban_app;

--
-- Name: FUNCTION audit_link(prev text, e duban.audit_log); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.audit_link(prev text, e duban.audit_log) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.audit_link(prev text, e duban.audit_log) TO duban_app;

--
-- Name: FUNCTION audit_row(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.audit_row() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.audit_row() TO duban_app;

--
-- Name: FUNCTION bump_reference_version(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.bump_reference_version() FROM PUBLIC;

--
-- Name: FUNCTION check_task_assignments(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.check_task_assignments() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.check_task_assignments() TO duban_app;

--
-- Name: FUNCTION current_account_id(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.current_account_id() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.current_account_id() TO duban_app;

--
-- Name: FUNCTION current_account_role(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.current_account_role() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.current_account_role() TO duban_app;

--
-- Name: FUNCTION current_device_id(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.current_device_id() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.current_device_id() TO duban_app;

--
-- Name: FUNCTION current_epoch(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.current_epoch() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.current_epoch() TO duban_app;

--
-- Name: FUNCTION current_unit_id(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.current_unit_id() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.current_unit_id() TO duban_app;

--
-- Name: FUNCTION force_row_security(p_table regclass); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.force_row_security(p_table regclass) FROM PUBLIC;

--
-- Name: FUNCTION guard_account_update(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.guard_account_update() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.guard_account_update() TO duban_app;

--
-- Name: FUNCTION guard_implementation_update(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.guard_implementation_update() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.guard_implementation_update() TO duban_app;

--
-- Name: FUNCTION may_read(p_unit bigint, p_task bigint); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.may_read(p_unit bigint, p_task bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.may_read(p_unit bigint, p_task bigint) TO duban_app;

--
-- Name: FUNCTION may_read_evidence(p_sha256 text); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.may_read_evidence(p_sha256 text) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.may_read_evidence(p_sha256 text) TO duban_app;

--
-- Name: FUNCTION protect_audit_entry(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.protect_audit_entry() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.protect_audit_entry() TO duban_app;

--
-- Name: FUNCTION public_indicators(p_year integer); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.public_indicators(p_year integer) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.public_indicators(p_year integer) TO duban_app;

--
-- Name: FUNCTION public_progress(p_year integer); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.public_progress(p_year integer) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.public_progress(p_year integer) TO duban_app;

--
-- Name: FUNCTION public_summaries(p_year integer); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.public_summaries(p_year integer) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.public_summaries(p_year integer) TO duban_app;

--
-- Name: FUNCTION record_change(p_entity_type text, p_entity_id text, p_unit bigint, p_task bigint, p_data jsonb); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.record_change(p_entity_type text, p_entity_id text, p_unit bigint, p_task bigint, p_data jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.record_change(p_entity_type text, p_entity_id text, p_unit bigint, p_task bigint, p_data jsonb) TO duban_app;

--
-- Name: FUNCTION refuse_change(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.refuse_change() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.refuse_change() TO duban_app;

--
-- Name: FUNCTION seal_audit(p_limit integer); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.seal_audit(p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.seal_audit(p_limit integer) TO duban_app;

--
-- Name: FUNCTION session_for_token(p_token_sha256 text, p_ttl interval); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.session_for_token(p_token_sha256 text, p_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.session_for_token(p_token_sha256 text, p_ttl interval) TO duban_app;

--
-- Name: FUNCTION stamp_account_change(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.stamp_account_change() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.stamp_account_change() TO duban_app;

--
-- Name: FUNCTION stamp_audit_entry(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.stamp_audit_entry() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.stamp_audit_entry() TO duban_app;

--
-- Name: FUNCTION unit_leads_task(p_task bigint, p_unit bigint); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.unit_leads_task(p_task bigint, p_unit bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.unit_leads_task(p_task bigint, p_unit bigint) TO duban_app;

--
-- Name: FUNCTION unit_serves_task(p_task bigint, p_unit bigint); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.unit_serves_task(p_task bigint, p_unit bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION duban.unit_serves_task(p_task bigint, p_unit bigint) TO duban_app;

--
-- Name: FUNCTION verify_audit(); Type: ACL; Schema: duban; Owner: -
--

REVOKE ALL ON FUNCTION duban.verify_audit() FROM PUBLIC;
GRANT ALL ON FUNCTION duban.verify_audit() TO duban_app;

--
-- Name: TABLE accounts; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.accounts TO duban_app;

--
-- Name: COLUMN accounts.display_name; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(display_name) ON TABLE duban.accounts TO duban_app;

--
-- Name: COLUMN accounts.password_hash; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(password_hash) ON TABLE duban.accounts TO duban_app;

--
-- Name: COLUMN accounts.must_change_password; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(must_change_password) ON TABLE duban.accounts TO duban_app;

--
-- Name: COLUMN accounts.password_changed_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(password_changed_at) ON TABLE duban.accounts TO duban_app;

--
-- Name: COLUMN accounts.disabled_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(disabled_at) ON TABLE duban.accounts TO duban_app;

--
-- Name: COLUMN accounts.last_sign_in_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(last_sign_in_at) ON TABLE duban.accounts TO duban_app;

--
-- Name: TABLE assessment_criteria; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT ON TABLE duban.assessment_criteria TO duban_app;

--
-- Name: TABLE assessments; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE duban.assessments TO duban_app;

--
-- Name: TABLE assignments; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE duban.assignments TO duban_app;

--
-- Name: TABLE audit_chain; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT ON TABLE duban.audit_chain TO duban_app;

--
-- Name: TABLE audit_checkpoints; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.audit_checkpoints TO duban_app;

--
-- Name: TABLE change_counter; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT ON TABLE duban.change_counter TO duban_app;

--
-- Name: TABLE changes; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT ON TABLE duban.changes TO duban_app;

--
-- Name: TABLE circulars; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.circulars TO duban_app;

--
-- Name: COLUMN circulars.state; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(state) ON TABLE duban.circulars TO duban_app;

--
-- Name: COLUMN circulars.number; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(number) ON TABLE duban.circulars TO duban_app;

--
-- Name: COLUMN circulars.title; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(title) ON TABLE duban.circulars TO duban_app;

--
-- Name: COLUMN circulars.body; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(body) ON TABLE duban.circulars TO duban_app;

--
-- Name: COLUMN circulars.issued_by; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(issued_by) ON TABLE duban.circulars TO duban_app;

--
-- Name: COLUMN circulars.issued_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(issued_at) ON TABLE duban.circulars TO duban_app;

--
-- Name: COLUMN circulars.updated_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE duban.circulars TO duban_app;

--
-- Name: TABLE evidence_chunks; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.evidence_chunks TO duban_app;

--
-- Name: TABLE evidence_files; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.evidence_files TO duban_app;

--
-- Name: TABLE evidence_holders; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.evidence_holders TO duban_app;

--
-- Name: TABLE evidence_upload_chunks; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE duban.evidence_upload_chunks TO duban_app;

--
-- Name: TABLE evidence_uploads; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE duban.evidence_uploads TO duban_app;

--
-- Name: COLUMN evidence_uploads.account_id; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(account_id) ON TABLE duban.evidence_uploads TO duban_app;

--
-- Name: COLUMN evidence_uploads.size; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(size) ON TABLE duban.evidence_uploads TO duban_app;

--
-- Name: COLUMN evidence_uploads.media_type; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(media_type) ON TABLE duban.evidence_uploads TO duban_app;

--
-- Name: COLUMN evidence_uploads.name; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(name) ON TABLE duban.evidence_uploads TO duban_app;

--
-- Name: COLUMN evidence_uploads.received; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(received) ON TABLE duban.evidence_uploads TO duban_app;

--
-- Name: TABLE extensions; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.extensions TO duban_app;

--
-- Name: COLUMN extensions.state; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(state) ON TABLE duban.extensions TO duban_app;

--
-- Name: COLUMN extensions.granted_due_date; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(granted_due_date) ON TABLE duban.extensions TO duban_app;

--
-- Name: COLUMN extensions.decision_note; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(decision_note) ON TABLE duban.extensions TO duban_app;

--
-- Name: COLUMN extensions.decided_by; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(decided_by) ON TABLE duban.extensions TO duban_app;

--
-- Name: COLUMN extensions.decided_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(decided_at) ON TABLE duban.extensions TO duban_app;

--
-- Name: TABLE implementation_plans; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.implementation_plans TO duban_app;

--
-- Name: COLUMN implementation_plans.version; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(version) ON TABLE duban.implementation_plans TO duban_app;

--
-- Name: COLUMN implementation_plans.state; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(state) ON TABLE duban.implementation_plans TO duban_app;

--
-- Name: COLUMN implementation_plans.accepted_revision; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(accepted_revision) ON TABLE duban.implementation_plans TO duban_app;

--
-- Name: TABLE implementation_reviews; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.implementation_reviews TO duban_app;

--
-- Name: TABLE implementation_revisions; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.implementation_revisions TO duban_app;

--
-- Name: TABLE indicator_splits; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE duban.indicator_splits TO duban_app;

--
-- Name: TABLE indicators; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE duban.indicators TO duban_app;

--
-- Name: TABLE inspection_events; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.inspection_events TO duban_app;

--
-- Name: TABLE inspections; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.inspections TO duban_app;

--
-- Name: COLUMN inspections.state; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(state) ON TABLE duban.inspections TO duban_app;

--
-- Name: TABLE mutations; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.mutations TO duban_app;

--
-- Name: TABLE plans; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE duban.plans TO duban_app;

--
-- Name: TABLE reference_counter; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT ON TABLE duban.reference_counter TO duban_app;

--
-- Name: TABLE report_revisions; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.report_revisions TO duban_app;

--
-- Name: TABLE reporting_nodes; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE duban.reporting_nodes TO duban_app;

--
-- Name: TABLE reports; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.reports TO duban_app;

--
-- Name: COLUMN reports.version; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(version) ON TABLE duban.reports TO duban_app;

--
-- Name: COLUMN reports.head_revision; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(head_revision) ON TABLE duban.reports TO duban_app;

--
-- Name: COLUMN reports.open_conflicts; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(open_conflicts) ON TABLE duban.reports TO duban_app;

--
-- Name: COLUMN reports.updated_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE duban.reports TO duban_app;

--
-- Name: COLUMN reports.review_state; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(review_state) ON TABLE duban.reports TO duban_app;

--
-- Name: COLUMN reports.reviewed_revision; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(reviewed_revision) ON TABLE duban.reports TO duban_app;

--
-- Name: TABLE tasks; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE duban.tasks TO duban_app;

--
-- Name: TABLE units; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE duban.units TO duban_app;

--
-- Name: TABLE report_reviews; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.report_reviews TO duban_app;

--
-- Name: TABLE schema_migrations; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT ON TABLE duban.schema_migrations TO duban_app;

--
-- Name: TABLE schema_objects; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT ON TABLE duban.schema_objects TO duban_app;

--
-- Name: TABLE server_epoch; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT ON TABLE duban.server_epoch TO duban_app;

--
-- Name: TABLE sessions; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.sessions TO duban_app;

--
-- Name: COLUMN sessions.last_used_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(last_used_at) ON TABLE duban.sessions TO duban_app;

--
-- Name: COLUMN sessions.expires_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(expires_at) ON TABLE duban.sessions TO duban_app;

--
-- Name: COLUMN sessions.revoked_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(revoked_at) ON TABLE duban.sessions TO duban_app;

--
-- Name: TABLE sign_in_devices; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE duban.sign_in_devices TO duban_app;

--
-- Name: TABLE sign_in_throttle; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE duban.sign_in_throttle TO duban_app;

--
-- Name: TABLE status_lights; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE duban.status_lights TO duban_app;

--
-- Name: TABLE supervision_order_events; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.supervision_order_events TO duban_app;

--
-- Name: TABLE supervision_orders; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.supervision_orders TO duban_app;

--
-- Name: COLUMN supervision_orders.grade; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(grade) ON TABLE duban.supervision_orders TO duban_app;

--
-- Name: COLUMN supervision_orders.state; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(state) ON TABLE duban.supervision_orders TO duban_app;

--
-- Name: COLUMN supervision_orders.updated_at; Type: ACL; Schema: duban; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE duban.supervision_orders TO duban_app;

--
-- Name: TABLE unit_aliases; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE duban.unit_aliases TO duban_app;

--
-- Name: TABLE urges; Type: ACL; Schema: duban; Owner: -
--

GRANT SELECT,INSERT ON TABLE duban.urges TO duban_app;

--
-- Name: TABLE accounts; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.accounts TO duban_oversight;

--
-- Name: TABLE assessment_criteria; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.assessment_criteria TO duban_oversight;

--
-- Name: TABLE assessment_summary; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.assessment_summary TO duban_oversight;

--
-- Name: TABLE assignments; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.assignments TO duban_oversight;

--
-- Name: TABLE audit_checkpoints; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.audit_checkpoints TO duban_oversight;

--
-- Name: TABLE audit_log; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.audit_log TO duban_oversight;

--
-- Name: TABLE circulars; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.circulars TO duban_oversight;

--
-- Name: TABLE evidence_files; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.evidence_files TO duban_oversight;

--
-- Name: TABLE extensions; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.extensions TO duban_oversight;

--
-- Name: TABLE implementation_plans; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.implementation_plans TO duban_oversight;

--
-- Name: TABLE indicators; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.indicators TO duban_oversight;

--
-- Name: TABLE inspections; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.inspections TO duban_oversight;

--
-- Name: TABLE report_timeliness; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.report_timeliness TO duban_oversight;

--
-- Name: TABLE node_completeness; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.node_completeness TO duban_oversight;

--
-- Name: TABLE overdue; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.overdue TO duban_oversight;

--
-- Name: TABLE plans; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.plans TO duban_oversight;

--
-- Name: TABLE report_reviews; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.report_reviews TO duban_oversight;

--
-- Name: TABLE report_revisions; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.report_revisions TO duban_oversight;

--
-- Name: TABLE reporting_nodes; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.reporting_nodes TO duban_oversight;

--
-- Name: TABLE reports; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.reports TO duban_oversight;

--
-- Name: TABLE status_lights; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.status_lights TO duban_oversight;

--
-- Name: TABLE supervision_orders; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.supervision_orders TO duban_oversight;

--
-- Name: TABLE task_progress; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.task_progress TO duban_oversight;

--
-- Name: TABLE tasks; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.tasks TO duban_oversight;

--
-- Name: TABLE unit_timeliness; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.unit_timeliness TO duban_oversight;

--
-- Name: TABLE units; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.units TO duban_oversight;

--
-- Name: TABLE urges; Type: ACL; Schema: oversight; Owner: -
--

GRANT SELECT ON TABLE oversight.urges TO duban_oversight;

--
-- PostgreSQL database dump complete
--
