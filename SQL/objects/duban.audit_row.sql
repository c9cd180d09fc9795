-- duban.audit_row: the current definition of this function.
-- Created by 0016_audit_rows_and_checkpoints.sql.

CREATE OR REPLACE FUNCTION duban.audit_row()
 RETURNS trigger
 LANGUAGE plpgsql
 SET "TimeZone" TO 'UTC'
 SET extra_float_digits TO '3'
AS $function$
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
END $function$;

REVOKE ALL ON FUNCTION duban.audit_row() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.audit_row() TO duban_app;
COMMENT ON FUNCTION duban.audit_row() IS 'Appends one audit entry per row changed: action row.insert/update/delete, the row''s key, the changed columns and the SHA-256 of to_jsonb(row)::text (TimeZone UTC).';
