-- oversight.report_revisions: the current definition of this view.
-- Created by 0003_reports_sync.sql.

CREATE OR REPLACE VIEW oversight.report_revisions AS
 SELECT v.report_id,
    v.revision,
    v.text,
    v.quantities,
    v.percent,
    v.evidence,
    v.in_conflict,
    v.authored_at,
    v.received_at,
    a.login AS account_login,
    v.device_id
   FROM duban.report_revisions v
     JOIN duban.accounts a ON a.id = v.account_id;

GRANT SELECT ON TABLE oversight.report_revisions TO duban_oversight;
COMMENT ON VIEW oversight.report_revisions IS 'Every revision ever accepted, including those stored in conflict.';
