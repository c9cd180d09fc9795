-- duban.audit_link: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.
-- requires: duban.audit_entry_text

CREATE OR REPLACE FUNCTION duban.audit_link(prev text, e duban.audit_log)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
    SELECT encode(sha256(convert_to(prev || E'\x1e' || duban.audit_entry_text(e), 'UTF8')), 'hex')
$function$;

REVOKE ALL ON FUNCTION duban.audit_link(text,duban.audit_log) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.audit_link(text,duban.audit_log) TO duban_app;
