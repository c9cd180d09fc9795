-- oversight.evidence_files: the current definition of this view.
-- Created by 0004_evidence.sql.

CREATE OR REPLACE VIEW oversight.evidence_files AS
 SELECT f.sha256,
    f.size,
    f.media_type,
    f.complete,
    f.created_at,
    f.completed_at,
    ARRAY( SELECT u.code
           FROM duban.evidence_holders h
             JOIN duban.units u ON u.id = h.unit_id
          WHERE h.sha256 = f.sha256
          ORDER BY u.code) AS holder_units
   FROM duban.evidence_files f;

GRANT SELECT ON TABLE oversight.evidence_files TO duban_oversight;
COMMENT ON VIEW oversight.evidence_files IS 'Evidence files (metadata only) and the units that hold them.';
