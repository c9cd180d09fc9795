-- duban.current_epoch: the current definition of this function.
-- Created by 0003_reports_sync.sql, redefined by 0013_hot_path_functions.sql.

CREATE OR REPLACE FUNCTION duban.current_epoch()
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
DECLARE
    cluster text := current_setting('duban.cluster_identity', true);
BEGIN
    IF cluster IS NULL OR cluster = '' THEN
        SELECT to_hex(system_identifier) INTO cluster FROM pg_control_system();
        PERFORM set_config('duban.cluster_identity', cluster, false);
    END IF;
    RETURN (SELECT e.epoch::text || '.' || cluster FROM duban.server_epoch e);
END $function$;

REVOKE ALL ON FUNCTION duban.current_epoch() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.current_epoch() TO duban_app;
