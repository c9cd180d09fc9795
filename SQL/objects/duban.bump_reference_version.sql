-- duban.bump_reference_version: the current definition of this function.
-- Created by 0003_reports_sync.sql.

CREATE OR REPLACE FUNCTION duban.bump_reference_version()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
BEGIN
    UPDATE duban.reference_counter SET version = version + 1;
    RETURN NULL;
END $function$;

REVOKE ALL ON FUNCTION duban.bump_reference_version() FROM PUBLIC;
