-- oversight.audit_checkpoints: the current definition of this view.
-- Created by 0016_audit_rows_and_checkpoints.sql.

CREATE OR REPLACE VIEW oversight.audit_checkpoints AS
 SELECT audit_checkpoints.seq,
    audit_checkpoints.head_hash,
    audit_checkpoints.signed_at,
    audit_checkpoints.key_id,
    audit_checkpoints.public_key,
    audit_checkpoints.signature
   FROM duban.audit_checkpoints;

GRANT SELECT ON TABLE oversight.audit_checkpoints TO duban_oversight;
COMMENT ON VIEW oversight.audit_checkpoints IS 'Signed heads of the audit chain (Ed25519, key outside the database).';
