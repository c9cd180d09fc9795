-- A unit's upload of an evidence file (what it declared, how much has arrived) leaves a row entry in
-- the audit trail like every other row a user changes; the bytes of an upload in progress do not
-- (the file's row, once whole, is audited with its SHA-256).
CREATE TRIGGER evidence_uploads_audit AFTER INSERT OR UPDATE OR DELETE ON duban.evidence_uploads
    FOR EACH ROW EXECUTE FUNCTION duban.audit_row('sha256,unit_id', 'received');
