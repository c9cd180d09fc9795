-- oversight.units: the current definition of this view.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE VIEW oversight.units AS
 SELECT u.code,
    u.name,
    u.kind,
    p.code AS parent_code,
    u.active,
    u.created_at
   FROM duban.units u
     LEFT JOIN duban.units p ON p.id = u.parent_id;

GRANT SELECT ON TABLE oversight.units TO duban_oversight;
COMMENT ON VIEW oversight.units IS 'Every unit: code, name, kind, parent, whether active.';
