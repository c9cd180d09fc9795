-- duban.may_read_evidence: the current definition of this function.
-- Created by 0004_evidence.sql.
-- requires: duban.current_account_role
-- requires: duban.current_unit_id
-- requires: duban.may_read
-- requires: duban.unit_serves_task

-- Whether the caller may read a file's content: a staff account's unit holds it (uploaded every byte
-- itself), or it is attached to a report revision, an assessment or an implementation plan's revision
-- the caller may read (a responsible unit: the accepted revision only). Knowing the
-- hash grants nothing; an admin (units and accounts only) never reads evidence.
CREATE OR REPLACE FUNCTION duban.may_read_evidence(p_sha256 text)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'duban'
AS $function$
    SELECT coalesce(duban.current_account_role() IN ('staff', 'supervisor', 'oversight'), false) AND (
           (duban.current_account_role() = 'staff'
            AND EXISTS (SELECT 1 FROM duban.evidence_holders h
                         WHERE h.sha256 = p_sha256 AND h.unit_id = duban.current_unit_id()))
        OR EXISTS (SELECT 1 FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id
                    WHERE p_sha256 = ANY (v.evidence) AND duban.may_read(r.unit_id, r.task_id))
        OR EXISTS (SELECT 1 FROM duban.implementation_revisions v JOIN duban.implementation_plans p ON p.id = v.plan_id
                    WHERE p_sha256 = ANY (v.evidence)
                      AND (duban.may_read(p.unit_id, p.task_id)
                           OR (duban.current_account_role() = 'staff' AND v.revision = p.accepted_revision
                               AND duban.unit_serves_task(p.task_id, duban.current_unit_id()))))
        OR EXISTS (SELECT 1 FROM duban.assessments a
                    WHERE p_sha256 = ANY (a.evidence)
                      AND (duban.current_account_role() IN ('supervisor', 'oversight')
                           OR a.lead_unit_id = duban.current_unit_id())))
$function$;

REVOKE ALL ON FUNCTION duban.may_read_evidence(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.may_read_evidence(text) TO duban_app;
