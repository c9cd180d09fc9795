-- duban.account_for_sign_in: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE FUNCTION duban.account_for_sign_in(p_login text)
 RETURNS TABLE(id bigint, unit_id bigint, role text, password_hash text, disabled boolean, must_change_password boolean)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
    SELECT a.id, a.unit_id, a.role, a.password_hash,
           a.disabled_at IS NOT NULL OR NOT u.active, a.must_change_password
      FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id
     WHERE a.login = lower(p_login)
$function$;

REVOKE ALL ON FUNCTION duban.account_for_sign_in(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.account_for_sign_in(text) TO duban_app;
