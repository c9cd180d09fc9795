-- duban.record_change: the current definition of this function.
-- Created by 0003_reports_sync.sql, redefined by 0013_hot_path_functions.sql, 0014_several_servers.sql.

CREATE OR REPLACE FUNCTION duban.record_change(p_entity_type text, p_entity_id text, p_unit bigint, p_task bigint, p_data jsonb)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
DECLARE
    numbered bigint;
BEGIN
    WITH next AS (UPDATE duban.change_counter SET seq = seq + 1 RETURNING seq)
    INSERT INTO duban.changes (seq, entity_type, entity_id, unit_id, task_id, data)
    SELECT next.seq, p_entity_type, p_entity_id, p_unit, p_task, p_data FROM next
    RETURNING seq INTO numbered;
    PERFORM pg_notify('duban_changes', numbered::text || ':' || coalesce(p_unit::text, '') || ':' || coalesce(p_task::text, ''));
    RETURN numbered;
END $function$;

REVOKE ALL ON FUNCTION duban.record_change(text,text,bigint,bigint,jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.record_change(text,text,bigint,bigint,jsonb) TO duban_app;
