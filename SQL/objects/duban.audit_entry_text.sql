-- duban.audit_entry_text: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql, redefined by 0016_audit_rows_and_checkpoints.sql.

CREATE OR REPLACE FUNCTION duban.audit_entry_text(e duban.audit_log)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
    SELECT concat_ws(E'\x1f', e.seq::text, e.id::text, e.xid::text,
                     to_char(e.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     coalesce(e.account_id::text, ''), coalesce(e.unit_id::text, ''), coalesce(e.device_id::text, ''),
                     e.action, e.entity_type, coalesce(e.entity_id, ''), e.detail::text,
                     CASE WHEN e.client_address IS NOT NULL OR e.actor IS NOT NULL OR e.digest IS NOT NULL
                          THEN concat_ws(E'\x1f', coalesce(e.client_address, ''), coalesce(e.actor, ''), coalesce(e.digest, ''))
                     END)
$function$;

REVOKE ALL ON FUNCTION duban.audit_entry_text(duban.audit_log) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.audit_entry_text(duban.audit_log) TO duban_app;
