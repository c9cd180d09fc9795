-- duban.force_row_security: the current definition of this function.
-- Created by 0015_least_privilege.sql.

CREATE OR REPLACE FUNCTION duban.force_row_security(p_table regclass)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
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
END $function$;

REVOKE ALL ON FUNCTION duban.force_row_security(regclass) FROM PUBLIC;
