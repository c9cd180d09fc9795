-- duban.seal_audit: the current definition of this function.
-- Created by 0002_accounts_security_audit.sql.
-- requires: duban.audit_link

CREATE OR REPLACE FUNCTION duban.seal_audit(p_limit integer DEFAULT 10000)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
DECLARE
    horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
    chain duban.audit_chain%ROWTYPE;
    e duban.audit_log%ROWTYPE;
    sealed integer := 0;
BEGIN
    SELECT * INTO chain FROM duban.audit_chain FOR UPDATE;
    FOR e IN
        SELECT * FROM duban.audit_log WHERE seq IS NULL AND xid < horizon ORDER BY xid, id LIMIT p_limit
    LOOP
        chain.last_seq := chain.last_seq + 1;
        e.seq := chain.last_seq;
        chain.last_hash := duban.audit_link(chain.last_hash, e);
        UPDATE duban.audit_log SET seq = e.seq, hash = chain.last_hash WHERE id = e.id;
        sealed := sealed + 1;
    END LOOP;
    UPDATE duban.audit_chain SET last_seq = chain.last_seq, last_hash = chain.last_hash;
    RETURN sealed;
END $function$;

REVOKE ALL ON FUNCTION duban.seal_audit(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.seal_audit(integer) TO duban_app;
