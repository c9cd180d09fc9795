-- oversight.audit_log: the current definition of this view.
-- Created by 0002_accounts_security_audit.sql, redefined by 0016_audit_rows_and_checkpoints.sql.

CREATE OR REPLACE VIEW oversight.audit_log AS
 SELECT e.id,
    e.seq,
    e.received_at,
    a.login AS account_login,
    u.code AS unit_code,
    e.device_id,
    e.action,
    e.entity_type,
    e.entity_id,
    e.detail,
    e.hash,
    e.client_address,
    e.actor,
    e.digest
   FROM duban.audit_log e
     LEFT JOIN duban.accounts a ON a.id = e.account_id
     LEFT JOIN duban.units u ON u.id = e.unit_id;

GRANT SELECT ON TABLE oversight.audit_log TO duban_oversight;
COMMENT ON VIEW oversight.audit_log IS 'The audit trail; seq and hash are set once an entry is chained.';
