-- duban.account_id_for_login: the current definition of this function.
-- Created by 0007_account_login_lookup.sql.

CREATE OR REPLACE FUNCTION duban.account_id_for_login(p_login text)
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
    SELECT id FROM duban.accounts WHERE login = lower(p_login)
$function$;

REVOKE ALL ON FUNCTION duban.account_id_for_login(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.account_id_for_login(text) TO duban_app;
