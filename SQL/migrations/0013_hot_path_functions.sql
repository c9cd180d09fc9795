-- Performance (issue 7): two functions every sync runs, made cheaper with the same results.
--
-- duban.current_epoch() ran at every sync and read the cluster's control file
-- (pg_control_system()) each time, through a SQL function parsed again at every call. The cluster's
-- identity cannot change under a running backend, so each backend reads it once and keeps it in a
-- session setting; the stored epoch is still read from its row at every call, so a restore tool's
-- UPDATE of duban.server_epoch is seen at once. Same result as before.
CREATE OR REPLACE FUNCTION duban.current_epoch() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
DECLARE
    cluster text := current_setting('duban.cluster_identity', true);
BEGIN
    IF cluster IS NULL OR cluster = '' THEN
        SELECT to_hex(system_identifier) INTO cluster FROM pg_control_system();
        PERFORM set_config('duban.cluster_identity', cluster, false);
    END IF;
    RETURN (SELECT e.epoch::text || '.' || cluster FROM duban.server_epoch e);
END $$;

-- duban.record_change() runs once per published change. As a SQL function with a SET clause it was
-- parsed and planned again at every call; in PL/pgSQL its statement is planned once per backend.
-- Same statement, same lock on the counter row (held until commit: numbers commit in order).
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
    RETURN numbered;
END $$;
