-- Sign-in: devices that signed in before keep signing in while strangers' failures lock a login.
-- Evidence: an upload belongs to its uploader until its bytes hash to its name; knowing a hash grants
-- nothing.

-- A device cookie (OWASP's "device cookie" against lockout abuse): a random token the server gives a
-- client after a successful sign-in, stored here only as its SHA-256. A sign-in carrying a valid one
-- for its login is counted against the cookie (sign_in_throttle key 'device:<id>'), not the login, so
-- a login locked by strangers still opens from its own devices. One cookie per account and device id.
-- Read before anyone is signed in, like sign_in_throttle: it holds hashes of random tokens only.
CREATE TABLE duban.sign_in_devices (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES duban.accounts (id) ON DELETE CASCADE,
    device_id       uuid NOT NULL,
    token_sha256    text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    UNIQUE (account_id, device_id)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON duban.sign_in_devices TO duban_app;
-- Read and written at sign-in, before any account is known: the server's role has every row, the
-- owner its one policy.
SELECT duban.force_row_security('duban.sign_in_devices');
CREATE POLICY sign_in_devices_server ON duban.sign_in_devices TO duban_app USING (true) WITH CHECK (true);

-- One unit's upload of one file: what it declared and how many bytes it sent. Only that unit sees or
-- changes it; its chunks are its own until every byte arrived and hashed to the name. Then the unit
-- holds the file (evidence_holders) and the chunks join evidence_chunks, or are dropped when the
-- content is already there (deduplicated after the check).
CREATE TABLE duban.evidence_uploads (
    sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    unit_id         bigint NOT NULL REFERENCES duban.units (id),
    account_id      bigint NOT NULL REFERENCES duban.accounts (id),
    size            bigint NOT NULL CHECK (size > 0),
    media_type      text NOT NULL,
    name            text CHECK (length(name) <= 255),
    received        bigint NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= size),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, unit_id)
);

CREATE TABLE duban.evidence_upload_chunks (
    sha256      text NOT NULL,
    unit_id     bigint NOT NULL,
    "offset"    bigint NOT NULL CHECK ("offset" >= 0),
    data        bytea NOT NULL,
    PRIMARY KEY (sha256, unit_id, "offset"),
    FOREIGN KEY (sha256, unit_id) REFERENCES duban.evidence_uploads (sha256, unit_id) ON DELETE CASCADE
);

-- Incomplete files so far were shared by every unit that declared them. Their bytes go to the unit
-- that declared first (it created the file and was the only one able to start sending); every other
-- declarer starts its own upload from zero.
INSERT INTO duban.evidence_uploads (sha256, unit_id, account_id, size, media_type, name, received, created_at)
SELECT h.sha256, h.unit_id, h.account_id, f.size, f.media_type, h.name,
       CASE WHEN h.unit_id = earliest.unit_id THEN f.received ELSE 0 END, h.created_at
  FROM duban.evidence_files f
  JOIN duban.evidence_holders h ON h.sha256 = f.sha256
  JOIN LATERAL (SELECT x.unit_id FROM duban.evidence_holders x WHERE x.sha256 = f.sha256
                 ORDER BY x.created_at, x.unit_id LIMIT 1) earliest ON true
 WHERE NOT f.complete;
INSERT INTO duban.evidence_upload_chunks (sha256, unit_id, "offset", data)
SELECT c.sha256, u.unit_id, c."offset", c.data
  FROM duban.evidence_chunks c JOIN duban.evidence_uploads u ON u.sha256 = c.sha256 AND u.received > 0;
-- evidence_files now holds verified content only.
DELETE FROM duban.evidence_files WHERE NOT complete;
ALTER TABLE duban.evidence_files ADD CONSTRAINT evidence_files_verified CHECK (complete);

-- Row-level security for the server's role and, with one policy, for the owner (outside any
-- account, or inside a definer function called by another role): duban.force_row_security.
SELECT duban.force_row_security('duban.evidence_uploads');
SELECT duban.force_row_security('duban.evidence_upload_chunks');
CREATE POLICY evidence_uploads_own ON duban.evidence_uploads TO duban_app
    USING (duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id())
    WITH CHECK (duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id()
                AND account_id = duban.current_account_id());
CREATE POLICY evidence_upload_chunks_own ON duban.evidence_upload_chunks TO duban_app
    USING (duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id())
    WITH CHECK (duban.current_account_role() = 'staff' AND unit_id = duban.current_unit_id());
GRANT SELECT, INSERT, DELETE ON duban.evidence_uploads, duban.evidence_upload_chunks TO duban_app;
GRANT UPDATE (received, size, media_type, name, account_id) ON duban.evidence_uploads TO duban_app;

-- Shared content is read through may_read_evidence (its holders, and readers of what it is attached
-- to) and written only by the unit that just proved it holds the bytes; nothing shared is updated or
-- deleted by the server any more.
DROP POLICY evidence_files_read ON duban.evidence_files;
DROP POLICY evidence_files_update ON duban.evidence_files;
DROP POLICY evidence_files_delete ON duban.evidence_files;
DROP POLICY evidence_chunks_delete ON duban.evidence_chunks;
-- (and by the unit whose own upload of it is whole, which stores or joins it in that transaction)
CREATE POLICY evidence_files_read ON duban.evidence_files FOR SELECT TO duban_app
    USING (duban.may_read_evidence(sha256)
           OR EXISTS (SELECT 1 FROM duban.evidence_uploads u
                       WHERE u.sha256 = evidence_files.sha256 AND u.unit_id = duban.current_unit_id()
                         AND u.received = u.size));
REVOKE UPDATE, DELETE ON duban.evidence_files FROM duban_app;
REVOKE DELETE ON duban.evidence_chunks FROM duban_app;
-- A unit becomes a holder only with its own upload whole (received = size), checked just before.
DROP POLICY evidence_holders_insert ON duban.evidence_holders;
CREATE POLICY evidence_holders_insert ON duban.evidence_holders FOR INSERT TO duban_app
    WITH CHECK (unit_id = duban.current_unit_id() AND account_id = duban.current_account_id()
                AND duban.current_account_role() = 'staff'
                AND EXISTS (SELECT 1 FROM duban.evidence_uploads u
                             WHERE u.sha256 = evidence_holders.sha256 AND u.unit_id = evidence_holders.unit_id
                               AND u.received = u.size));
