-- duban.session_for_token: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql, redefined by 0005_session_disabled_flag.sql, 0006_session_slide_fix.sql.

CREATE OR REPLACE FUNCTION duban.session_for_token(p_token_sha256 text, p_ttl interval)
 RETURNS TABLE(session_id bigint, account_id bigint, unit_id bigint, role text, device_id uuid, must_change_password boolean, expires_at timestamp with time zone, disabled boolean)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
DECLARE
    s duban.sessions%ROWTYPE;
BEGIN
    SELECT * INTO s FROM duban.sessions AS x WHERE x.token_sha256 = p_token_sha256;
    IF NOT FOUND OR s.revoked_at IS NOT NULL OR s.expires_at <= now() THEN
        RETURN;
    END IF;
    IF s.last_used_at < now() - interval '1 minute' THEN
        UPDATE duban.sessions AS x
           SET last_used_at = now(), expires_at = greatest(x.expires_at, now() + p_ttl)
         WHERE x.id = s.id
        RETURNING x.* INTO s;
    END IF;
    RETURN QUERY
        SELECT s.id, a.id, a.unit_id, a.role, s.device_id, a.must_change_password, s.expires_at,
               a.disabled_at IS NOT NULL OR NOT u.active
          FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id
         WHERE a.id = s.account_id;
END $function$;

REVOKE ALL ON FUNCTION duban.session_for_token(text,interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.session_for_token(text,interval) TO duban_app;
