-- oversight.reporting_nodes: the current definition of this view.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE VIEW oversight.reporting_nodes AS
 SELECT reporting_nodes.plan_id,
    reporting_nodes.ordinal,
    reporting_nodes.node_date,
    reporting_nodes.lead_due_date,
    reporting_nodes.responsible_due_date
   FROM duban.reporting_nodes;

GRANT SELECT ON TABLE oversight.reporting_nodes TO duban_oversight;
COMMENT ON VIEW oversight.reporting_nodes IS 'Reporting nodes with the lead units'' and the responsible units'' due dates.';
