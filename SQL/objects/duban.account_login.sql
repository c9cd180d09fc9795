-- duban.account_login: the current definition of this function.
-- Created by 0007_account_login_lookup.sql.

CREATE OR REPLACE FUNCTION duban.account_login(p_account bigint)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
    SELECT login FROM duban.accounts WHERE id = p_account
$function$;

REVOKE ALL ON FUNCTION duban.account_login(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.account_login(bigint) TO duban_app;
