-- duban.verify_audit: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.
-- requires: duban.audit_link

CREATE OR REPLACE FUNCTION duban.verify_audit()
 RETURNS TABLE(ok boolean, checked bigint, broken_id bigint, broken_seq bigint, reason text)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
DECLARE
    e duban.audit_log%ROWTYPE;
    expected bigint := 1;
    prev text := repeat('0', 64);
    chain duban.audit_chain%ROWTYPE;
BEGIN
    SELECT * INTO chain FROM duban.audit_chain;
    FOR e IN SELECT * FROM duban.audit_log WHERE seq IS NOT NULL AND seq <= chain.last_seq ORDER BY seq LOOP
        IF e.seq <> expected THEN
            RETURN QUERY SELECT false, expected - 1, NULL::bigint, expected, 'missing_entry'::text;
            RETURN;
        END IF;
        IF duban.audit_link(prev, e) <> e.hash THEN
            RETURN QUERY SELECT false, expected - 1, e.id, e.seq, 'hash_mismatch'::text;
            RETURN;
        END IF;
        prev := e.hash;
        expected := expected + 1;
    END LOOP;
    IF expected - 1 <> chain.last_seq THEN
        RETURN QUERY SELECT false, expected - 1, NULL::bigint, expected, 'missing_entry'::text;
        RETURN;
    END IF;
    IF prev <> chain.last_hash THEN
        RETURN QUERY SELECT false, expected - 1, NULL::bigint, chain.last_seq, 'link_mismatch'::text;
        RETURN;
    END IF;
    RETURN QUERY SELECT true, expected - 1, NULL::bigint, NULL::bigint, NULL::text;
END $function$;

REVOKE ALL ON FUNCTION duban.verify_audit() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.verify_audit() TO duban_app;
