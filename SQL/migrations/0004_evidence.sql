-- Evidence files (佐证材料): content-addressed by SHA-256, uploaded in chunks before the report that
-- names them, resumable (the server says how many bytes it holds), deduplicated across reports and
-- units, verified against their hash when complete. Stored in PostgreSQL in 1 MiB chunks.

CREATE TABLE duban.evidence_files (
    sha256          text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size            bigint NOT NULL CHECK (size > 0),
    media_type      text NOT NULL,
    received        bigint NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= size),
    complete        boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    CHECK (complete = (completed_at IS NOT NULL)),
    CHECK (NOT complete OR received = size)
);

CREATE TABLE duban.evidence_chunks (
    sha256      text NOT NULL REFERENCES duban.evidence_files (sha256) ON DELETE CASCADE,
    "offset"    bigint NOT NULL CHECK ("offset" >= 0),
    data        bytea NOT NULL,
    PRIMARY KEY (sha256, "offset")
);

-- Which units hold a file (uploaded it, or declared the same content): they may name it in reports.
CREATE TABLE duban.evidence_holders (
    sha256      text NOT NULL REFERENCES duban.evidence_files (sha256) ON DELETE CASCADE,
    unit_id     bigint NOT NULL REFERENCES duban.units (id),
    account_id  bigint NOT NULL REFERENCES duban.accounts (id),
    name        text CHECK (length(name) <= 255),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, unit_id)
);

ALTER TABLE duban.evidence_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.evidence_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE duban.evidence_holders ENABLE ROW LEVEL SECURITY;

-- A file is readable by the units holding it, by whoever may read a report revision naming it, and
-- by the central roles.
CREATE FUNCTION duban.may_read_evidence(p_sha256 text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
    SELECT duban.current_account_role() IN ('admin', 'supervisor', 'oversight')
        OR EXISTS (SELECT 1 FROM duban.evidence_holders h
                    WHERE h.sha256 = p_sha256 AND h.unit_id = duban.current_unit_id())
        OR EXISTS (SELECT 1 FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id
                    WHERE p_sha256 = ANY (v.evidence) AND duban.may_read(r.unit_id, r.task_id))
$$;

CREATE POLICY evidence_files_read ON duban.evidence_files FOR SELECT TO duban_app
    USING (duban.current_account_role() IS NOT NULL);
CREATE POLICY evidence_files_insert ON duban.evidence_files FOR INSERT TO duban_app
    WITH CHECK (duban.current_account_role() = 'staff');
CREATE POLICY evidence_files_update ON duban.evidence_files FOR UPDATE TO duban_app
    USING (duban.current_account_role() = 'staff'
           AND EXISTS (SELECT 1 FROM duban.evidence_holders h WHERE h.sha256 = evidence_files.sha256
                                                              AND h.unit_id = duban.current_unit_id()));
CREATE POLICY evidence_files_delete ON duban.evidence_files FOR DELETE TO duban_app
    USING (NOT complete AND EXISTS (SELECT 1 FROM duban.evidence_holders h WHERE h.sha256 = evidence_files.sha256
                                                                         AND h.unit_id = duban.current_unit_id()));
CREATE POLICY evidence_chunks_read ON duban.evidence_chunks FOR SELECT TO duban_app
    USING (duban.may_read_evidence(sha256));
CREATE POLICY evidence_chunks_write ON duban.evidence_chunks FOR INSERT TO duban_app
    WITH CHECK (EXISTS (SELECT 1 FROM duban.evidence_holders h WHERE h.sha256 = evidence_chunks.sha256
                                                              AND h.unit_id = duban.current_unit_id()));
CREATE POLICY evidence_chunks_delete ON duban.evidence_chunks FOR DELETE TO duban_app
    USING (EXISTS (SELECT 1 FROM duban.evidence_holders h WHERE h.sha256 = evidence_chunks.sha256
                                                         AND h.unit_id = duban.current_unit_id()));
CREATE POLICY evidence_holders_read ON duban.evidence_holders FOR SELECT TO duban_app
    USING (unit_id = duban.current_unit_id() OR duban.current_account_role() IN ('admin', 'supervisor', 'oversight'));
CREATE POLICY evidence_holders_insert ON duban.evidence_holders FOR INSERT TO duban_app
    WITH CHECK (unit_id = duban.current_unit_id() AND account_id = duban.current_account_id()
                AND duban.current_account_role() = 'staff');

GRANT SELECT, INSERT, DELETE ON duban.evidence_files, duban.evidence_chunks TO duban_app;
GRANT UPDATE (received, complete, completed_at) ON duban.evidence_files TO duban_app;
GRANT SELECT, INSERT ON duban.evidence_holders TO duban_app;
GRANT EXECUTE ON FUNCTION duban.may_read_evidence(text) TO duban_app;
REVOKE EXECUTE ON FUNCTION duban.may_read_evidence(text) FROM PUBLIC;

CREATE VIEW oversight.evidence_files AS
    SELECT f.sha256, f.size, f.media_type, f.complete, f.created_at, f.completed_at,
           array(SELECT u.code FROM duban.evidence_holders h JOIN duban.units u ON u.id = h.unit_id
                  WHERE h.sha256 = f.sha256 ORDER BY u.code) AS holder_units
      FROM duban.evidence_files f;
COMMENT ON VIEW oversight.evidence_files IS 'Evidence files (metadata only) and the units that hold them.';
GRANT SELECT ON oversight.evidence_files TO duban_oversight;
