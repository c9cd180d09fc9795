-- duban.may_read_evidence: the current definition of this function.
-- Created by 0004_evidence.sql.
-- requires: duban.current_account_role
-- requires: duban.current_unit_id
-- requires: duban.may_read

CREATE OR REPLACE FUNCTION duban.may_read_evidence(p_sha256 text)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
    SELECT duban.current_account_role() IN ('admin', 'supervisor', 'oversight')
        OR EXISTS (SELECT 1 FROM duban.evidence_holders h
                    WHERE h.sha256 = p_sha256 AND h.unit_id = duban.current_unit_id())
        OR EXISTS (SELECT 1 FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id
                    WHERE p_sha256 = ANY (v.evidence) AND duban.may_read(r.unit_id, r.task_id))
$function$;

REVOKE ALL ON FUNCTION duban.may_read_evidence(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.may_read_evidence(text) TO duban_app;
