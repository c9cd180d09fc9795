-- oversight.accounts: the current definition of this view.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE VIEW oversight.accounts AS
 SELECT a.login,
    a.display_name,
    a.role,
    u.code AS unit_code,
    a.disabled_at IS NOT NULL AS disabled,
    a.created_at,
    a.last_sign_in_at
   FROM duban.accounts a
     JOIN duban.units u ON u.id = a.unit_id;

GRANT SELECT ON TABLE oversight.accounts TO duban_oversight;
COMMENT ON VIEW oversight.accounts IS 'Accounts without credentials.';
