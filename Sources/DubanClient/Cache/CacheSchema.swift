import GRDB

/// The cache's tables. Times are seconds since 1970 (REAL); ids are lower-case UUID text; JSON
/// columns hold WireJSON text.
enum CacheSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                -- One row: where this cache stands with its server.
                CREATE TABLE state (
                    id                  INTEGER PRIMARY KEY CHECK (id = 1),
                    server              TEXT,
                    login               TEXT,
                    unit_code           TEXT,
                    role                TEXT,
                    epoch               TEXT,
                    cursor              INTEGER NOT NULL DEFAULT 0,
                    reference_version   INTEGER,
                    last_sync_at        REAL,
                    -- server clock minus this machine's clock at the last sync, in seconds
                    clock_skew          REAL,
                    next_device_seq     INTEGER NOT NULL DEFAULT 1
                );
                INSERT INTO state (id) VALUES (1);

                -- Reference data, replaced whole when the server sends a new version.
                CREATE TABLE units (code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, parent_code TEXT,
                                    aliases TEXT NOT NULL, active INTEGER NOT NULL);
                CREATE TABLE plans (id INTEGER PRIMARY KEY, year INTEGER NOT NULL, title TEXT NOT NULL,
                                    time_zone TEXT NOT NULL, responsible_lead_days INTEGER NOT NULL);
                CREATE TABLE nodes (id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL, ordinal INTEGER NOT NULL,
                                    node_date TEXT NOT NULL, lead_due_date TEXT NOT NULL, responsible_due_date TEXT NOT NULL);
                CREATE TABLE tasks (id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL, number INTEGER NOT NULL,
                                    title TEXT NOT NULL, content TEXT NOT NULL, completion_standard TEXT NOT NULL,
                                    not_applicable INTEGER NOT NULL, district_lead_written TEXT NOT NULL,
                                    district_responsible_written TEXT NOT NULL);
                CREATE TABLE assignments (task_id INTEGER NOT NULL, unit_code TEXT NOT NULL, role TEXT NOT NULL,
                                          PRIMARY KEY (task_id, unit_code, role));

                -- Reports as the server numbers them. version 0: not on the server yet (only in the outbox).
                CREATE TABLE reports (
                    id              TEXT PRIMARY KEY,
                    task_id         INTEGER NOT NULL,
                    unit_code       TEXT NOT NULL,
                    node_id         INTEGER NOT NULL,
                    version         INTEGER NOT NULL DEFAULT 0,
                    head_revision   INTEGER NOT NULL DEFAULT 0,
                    open_conflicts  INTEGER NOT NULL DEFAULT 0,
                    created_at      REAL NOT NULL,
                    UNIQUE (task_id, unit_code, node_id)
                );
                -- Every revision the server holds, conflicts included. received_at NULL: known from our own
                -- mutation's answer, not yet pulled.
                CREATE TABLE revisions (
                    report_id       TEXT NOT NULL,
                    revision        INTEGER NOT NULL,
                    base_version    INTEGER NOT NULL,
                    in_conflict     INTEGER NOT NULL,
                    text            TEXT NOT NULL,
                    quantities      TEXT NOT NULL,
                    percent         REAL,
                    evidence        TEXT NOT NULL,
                    authored_at     REAL NOT NULL,
                    received_at     REAL,
                    account_login   TEXT NOT NULL,
                    device_id       TEXT NOT NULL,
                    PRIMARY KEY (report_id, revision)
                );
                -- A local report id the server replaced (another device created the report first).
                CREATE TABLE report_aliases (old_id TEXT PRIMARY KEY, report_id TEXT NOT NULL);

                -- Mutations in the order they were made. pending: not sent; sent: sent, answer not stored;
                -- confirmed: the server stored it (kept resendWindow for re-sending after a restore).
                CREATE TABLE outbox (
                    id              TEXT PRIMARY KEY,
                    device_seq      INTEGER NOT NULL UNIQUE,
                    kind            TEXT NOT NULL,
                    report_id       TEXT NOT NULL,
                    base_version    INTEGER NOT NULL,
                    payload         TEXT NOT NULL,
                    payload_sha256  TEXT NOT NULL,
                    authored_at     REAL NOT NULL,
                    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'confirmed')),
                    attempts        INTEGER NOT NULL DEFAULT 0,
                    created_at      REAL NOT NULL,
                    sent_at         REAL,
                    confirmed_at    REAL,
                    result_status   TEXT,
                    result_version  INTEGER
                );
                CREATE INDEX outbox_report ON outbox (report_id);
                CREATE INDEX outbox_status ON outbox (status, device_seq);

                -- Mutations the server rejected: out of the way, visible, retried or dropped by hand.
                CREATE TABLE quarantine (
                    id              TEXT PRIMARY KEY,
                    device_seq      INTEGER NOT NULL,
                    kind            TEXT NOT NULL,
                    report_id       TEXT NOT NULL,
                    base_version    INTEGER NOT NULL,
                    payload         TEXT NOT NULL,
                    payload_sha256  TEXT NOT NULL,
                    authored_at     REAL NOT NULL,
                    attempts        INTEGER NOT NULL,
                    code            TEXT NOT NULL,
                    message         TEXT NOT NULL,
                    message_zh      TEXT NOT NULL,
                    quarantined_at  REAL NOT NULL
                );

                -- Evidence files attached here: a copy in the data folder, uploaded before the mutations naming them.
                CREATE TABLE evidence (
                    sha256          TEXT PRIMARY KEY,
                    path            TEXT NOT NULL,
                    size            INTEGER NOT NULL,
                    media_type      TEXT NOT NULL,
                    name            TEXT,
                    uploaded        INTEGER NOT NULL DEFAULT 0,
                    upload_started  INTEGER NOT NULL DEFAULT 0,
                    error           TEXT,
                    created_at      REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-reviews") { db in
            try db.execute(sql: """
                -- The lead unit's decisions on reports, from `report_review` changes (id: the change's entity id,
                -- so a change applied twice is stored once).
                CREATE TABLE report_reviews (
                    id                  TEXT PRIMARY KEY,
                    report_id           TEXT NOT NULL,
                    task_id             INTEGER NOT NULL,
                    unit_code           TEXT NOT NULL,
                    revision            INTEGER NOT NULL,
                    decision            TEXT NOT NULL,
                    reason              TEXT,
                    reviewer_login      TEXT NOT NULL,
                    reviewer_unit_code  TEXT NOT NULL,
                    authored_at         REAL NOT NULL,
                    received_at         REAL NOT NULL,
                    review_state        TEXT NOT NULL
                );
                CREATE INDEX report_reviews_report ON report_reviews (report_id, received_at);

                -- Where the report stands with its lead unit: submitted, accepted (locked) or returned; and the
                -- revision the last decision was about.
                ALTER TABLE reports ADD COLUMN review_state TEXT NOT NULL DEFAULT 'submitted';
                ALTER TABLE reports ADD COLUMN reviewed_revision INTEGER;
                """)
        }
        migrator.registerMigration("v3-supervision") { db in
            try db.execute(sql: """
                -- The supervision office's records from the change feed: urges, supervision orders, extensions,
                -- issued circulars and inspections. One row per entity (entity_type, entity_id as the change
                -- names them); a later change of the same entity carries its whole new state and replaces
                -- the row (seq: the change it came from, so an older copy never replaces a newer one).
                -- json: the record as WireJSON text; task_id and unit_code (NULL for circulars) for lookups.
                CREATE TABLE supervision_items (
                    entity_type     TEXT NOT NULL,
                    entity_id       TEXT NOT NULL,
                    task_id         INTEGER,
                    unit_code       TEXT,
                    json            TEXT NOT NULL,
                    seq             INTEGER NOT NULL,
                    PRIMARY KEY (entity_type, entity_id)
                );
                CREATE INDEX supervision_items_unit ON supervision_items (unit_code, entity_type);
                """)
        }
        migrator.registerMigration("v4-public-summary") { db in
            try db.execute(sql: """
                -- What the unit marked for the public progress page with this revision (NULL: nothing).
                ALTER TABLE revisions ADD COLUMN public_summary TEXT;
                """)
        }
        migrator.registerMigration("v5-one-outbox") { db in
            try db.execute(sql: """
                -- One outbox for every mutation made here, refused ones included (status 'rejected', with the
                -- server's code and reason, kept until retried or dropped): the quarantine is a status, not a
                -- table of its own. entity_id names what the mutation writes: a report (also for a review),
                -- an extension request, an assessment sheet. Every pending, sent, confirmed and refused
                -- entry of the two old tables is kept as it was.
                CREATE TABLE outbox_v5 (
                    id              TEXT PRIMARY KEY,
                    device_seq      INTEGER NOT NULL,
                    kind            TEXT NOT NULL,
                    entity_id       TEXT NOT NULL,
                    base_version    INTEGER NOT NULL,
                    payload         TEXT NOT NULL,
                    payload_sha256  TEXT NOT NULL,
                    authored_at     REAL NOT NULL,
                    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'confirmed', 'rejected')),
                    attempts        INTEGER NOT NULL DEFAULT 0,
                    created_at      REAL NOT NULL,
                    sent_at         REAL,
                    confirmed_at    REAL,
                    result_status   TEXT,
                    result_version  INTEGER,
                    code            TEXT,
                    message         TEXT,
                    message_zh      TEXT,
                    rejected_at     REAL,
                    CHECK ((status = 'rejected') = (code IS NOT NULL))
                );
                INSERT INTO outbox_v5 (id, device_seq, kind, entity_id, base_version, payload, payload_sha256, authored_at,
                                       status, attempts, created_at, sent_at, confirmed_at, result_status, result_version)
                SELECT id, device_seq, kind, report_id, base_version, payload, payload_sha256, authored_at,
                       status, attempts, created_at, sent_at, confirmed_at, result_status, result_version
                  FROM outbox;
                INSERT INTO outbox_v5 (id, device_seq, kind, entity_id, base_version, payload, payload_sha256, authored_at,
                                       status, attempts, created_at, code, message, message_zh, rejected_at)
                SELECT id, device_seq, kind, report_id, base_version, payload, payload_sha256, authored_at,
                       'rejected', attempts, quarantined_at, code, message, message_zh, quarantined_at
                  FROM quarantine WHERE id NOT IN (SELECT id FROM outbox);
                DROP TABLE outbox;
                DROP TABLE quarantine;
                ALTER TABLE outbox_v5 RENAME TO outbox;
                CREATE INDEX outbox_entity ON outbox (entity_id);
                CREATE INDEX outbox_status ON outbox (status, device_seq);
                """)
        }
        migrator.registerMigration("v6-task-history") { db in
            try db.execute(sql: """
                -- Tasks whose earlier history this cache still has to fetch: the unit started leading them
                -- after its cursor had passed their changes. Changes numbered after `after` and up to
                -- `through` are due; a row goes once its last page is stored.
                CREATE TABLE task_history_due (
                    task_id  INTEGER PRIMARY KEY,
                    after    INTEGER NOT NULL DEFAULT 0,
                    through  INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v7-indicators") { db in
            try db.execute(sql: """
                -- Reference data too (replaced whole with it): the tasks' indicators with their targets and
                -- splits, and the implementation plans the account may see, each as its WireJSON record.
                -- position: the server's order within the task (the notice's, then the office's additions).
                CREATE TABLE indicators (id INTEGER PRIMARY KEY, task_id INTEGER NOT NULL, position INTEGER NOT NULL,
                                         json TEXT NOT NULL);
                CREATE INDEX indicators_task ON indicators (task_id);
                CREATE TABLE implementation_plans (id TEXT PRIMARY KEY, task_id INTEGER NOT NULL, unit_code TEXT NOT NULL,
                                                   json TEXT NOT NULL);
                CREATE INDEX implementation_plans_task ON implementation_plans (task_id, unit_code);
                -- The plan's tolerances for the progress light (WireJSON; NULL: the defaults).
                ALTER TABLE plans ADD COLUMN progress_rule TEXT;
                -- Difficulties needing coordination (存在问题及需协调事项) of the revision (NULL: none).
                ALTER TABLE revisions ADD COLUMN difficulties TEXT;
                -- A lead unit's implementation plan being written here, one per task, not yet submitted
                -- (json: an ImplementationDraft). Submitting moves it into the outbox.
                CREATE TABLE implementation_drafts (task_id INTEGER PRIMARY KEY, unit_code TEXT NOT NULL, json TEXT NOT NULL,
                                                    updated_at REAL NOT NULL);
                -- The newest revision of a plan the server confirmed to this device, before the reference
                -- data brings the plan itself: the base version of the next submission.
                CREATE TABLE implementation_heads (id TEXT PRIMARY KEY, task_id INTEGER NOT NULL, unit_code TEXT NOT NULL,
                                                   version INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("v8-task-closing-and-carry-over") { db in
            try db.execute(sql: """
                -- The day a corrected notice stopped listing the task (NULL: open), and the earlier task it
                -- carries over. The reference data is fetched again whole at the next sync to fill them.
                ALTER TABLE tasks ADD COLUMN closed_on TEXT;
                ALTER TABLE tasks ADD COLUMN carried_from_task_id INTEGER;
                UPDATE state SET reference_version = NULL;
                """)
        }
        return migrator
    }
}
