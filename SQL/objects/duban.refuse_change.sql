-- duban.refuse_change: the current definition of this function.
-- Created by 0016_audit_rows_and_checkpoints.sql.

CREATE OR REPLACE FUNCTION duban.refuse_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION '% rows are never changed or removed', TG_TABLE_NAME USING ERRCODE = '55000';
END $function$;

REVOKE ALL ON FUNCTION duban.refuse_change() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.refuse_change() TO duban_app;
