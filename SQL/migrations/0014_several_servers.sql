-- Several servers on one database (issue 9).
--
-- 1. Every recorded change is announced on channel duban_changes, so a client long-polling one
--    server (GET /v1/sync/wait) is woken by a change written through another. The payload is
--    "seq:unit_id:task_id" (empty for NULL): enough for a server to tell, without a query, whether
--    the change may be visible to a waiting unit. PostgreSQL delivers it at commit, never for a
--    rolled-back change; a listener that lost its connection re-checks what it waits for.
CREATE OR REPLACE FUNCTION duban.record_change(p_entity_type text, p_entity_id text, p_unit bigint, p_task bigint, p_data jsonb)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
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

-- 2. Behind a transaction pooler (pgbouncer, pool_mode = transaction) a server cannot set session
--    settings: the next transaction may run on another backend. The settings its connections need
--    become the login role's defaults (ALTER ROLE … SET, applied when a backend starts). The
--    migrating role needs CREATEROLE for this; without it the server behind a pooler refuses to
--    start and names the statements to run (Deploy/postgres/roles.sql has them too).
--    The one session setting the server's functions leave behind, duban.cluster_identity (0013), is a
--    backend's cache of its own cluster's system identifier: the same value on every backend of the
--    cluster, so whichever client's transaction a pooled backend serves next may rely on it.
-- Role settings are cluster-wide: databases migrated at the same moment (tests, several districts on
-- one cluster) may write the same pg_db_role_setting row together ("tuple concurrently updated"), so
-- the settings are written only when missing, and again after a short pause when that collides.
DO $$
DECLARE
    wanted text[] := ARRAY['TimeZone=UTC', 'DateStyle=ISO, YMD', 'bytea_output=hex', 'extra_float_digits=3', 'jit=off'];
    attempt int := 0;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
        RAISE NOTICE 'duban_server''s defaults not set (the migrating role lacks CREATEROLE); see Deploy/postgres/roles.sql before using a transaction pooler';
        RETURN;
    END IF;
    LOOP
        EXIT WHEN coalesce((SELECT setconfig FROM pg_db_role_setting
                             WHERE setrole = 'duban_server'::regrole AND setdatabase = 0), '{}') @> wanted;
        attempt := attempt + 1;
        BEGIN
            ALTER ROLE duban_server SET TimeZone = 'UTC';
            ALTER ROLE duban_server SET DateStyle = 'ISO, YMD';
            ALTER ROLE duban_server SET bytea_output = 'hex';
            ALTER ROLE duban_server SET extra_float_digits = 3;
            ALTER ROLE duban_server SET jit = off;
        EXCEPTION WHEN internal_error OR unique_violation THEN
            IF attempt >= 20 THEN RAISE; END IF;
            PERFORM pg_sleep(0.02 + random() * 0.1);
        END;
    END LOOP;
END $$;
