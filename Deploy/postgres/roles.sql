-- Duban's PostgreSQL roles and database. Run as the superuser, TWICE: before the first
-- `duban-server migrate` (the owner role and the database) and after it (the roles the migrations
-- create get their passwords and defaults). Idempotent: run it again after every upgrade.
--
--   runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -d postgres -f roles.sql \
--       -v owner_password="$OWNER_PW" -v server_password="$SERVER_PW" \
--       -v auditor_password="$AUDITOR_PW" -v replication_password="$REPLICATION_PW"
--
-- Every -v …_password is optional: without it the role keeps the password it has (none at first),
-- which is right for roles that only log in over the local socket with peer authentication
-- (pg_hba.conf). With password_encryption = scram-sha-256 (PostgreSQL's default since 14) the
-- passwords are stored as SCRAM verifiers; psql sends them to the server in this file's statements,
-- so do not run it with log_statement = 'all'.
--
-- The roles:
--   duban            LOGIN, CREATEROLE, owns database `duban` and every object in it; runs
--                    `duban-server migrate`, `import-units`, `import-plan`, `bootstrap-admin`,
--                    `prune`, backups. Never used by the running server. CREATEROLE because the
--                    migrations create the runtime roles below and set duban_server's defaults.
--   duban_app        NOLOGIN (created by migration 0002): every privilege the server needs, owns
--                    nothing, so row-level security always applies to it.
--   duban_server     LOGIN, member of duban_app (created by migration 0002): what `duban-server serve`
--                    logs in as, directly, through pgbouncer, and on the replica.
--   duban_oversight  NOLOGIN (created by migration 0002): SELECT on schema `oversight` only.
--   duban_auditor    LOGIN, member of duban_oversight: an auditor's or BI tool's login (read-only;
--                    give each auditor a role like it: CREATE ROLE name LOGIN IN ROLE duban_oversight).
--   duban_replica    LOGIN REPLICATION: what a streaming replica (pg_basebackup -R) connects as.

-- Phase 1: the owner and the database -------------------------------------------------------------
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'duban') AS missing \gset
\if :missing
CREATE ROLE duban LOGIN CREATEROLE;
\endif
ALTER ROLE duban LOGIN CREATEROLE NOSUPERUSER NOCREATEDB NOREPLICATION NOBYPASSRLS;
\if :{?owner_password}
ALTER ROLE duban PASSWORD :'owner_password';
\endif
SELECT 'CREATE DATABASE duban OWNER duban ENCODING ''UTF8'' LC_COLLATE ''C.UTF-8'' LC_CTYPE ''C.UTF-8'' TEMPLATE template0'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'duban') \gexec
-- Nobody but the roles named in pg_hba.conf and granted here connects to it.
REVOKE ALL ON DATABASE duban FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE duban TO duban;

SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'duban_replica') AS missing \gset
\if :missing
CREATE ROLE duban_replica LOGIN REPLICATION;
\endif
ALTER ROLE duban_replica LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE;
\if :{?replication_password}
ALTER ROLE duban_replica PASSWORD :'replication_password';
\endif

-- Phase 2: after `duban-server migrate` created duban_app, duban_server and duban_oversight --------
SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = 'duban_server') AS migrated \gset
\if :migrated
GRANT CONNECT ON DATABASE duban TO duban_server, duban_oversight;
\if :{?server_password}
ALTER ROLE duban_server PASSWORD :'server_password';
\endif
-- The server's session settings as the role's defaults (migration 0014 sets them too when the
-- migrating role may): behind pgbouncer in transaction pooling mode the server cannot set them per
-- session (no `options` startup parameter, and the next transaction may run on another backend).
ALTER ROLE duban_server SET TimeZone = 'UTC';
ALTER ROLE duban_server SET DateStyle = 'ISO, YMD';
ALTER ROLE duban_server SET bytea_output = 'hex';
ALTER ROLE duban_server SET extra_float_digits = 3;
ALTER ROLE duban_server SET jit = off;
-- A server killed mid-transaction leaves no backend idle in a transaction for long (pgbouncer
-- would otherwise keep that server connection, and its locks, until it notices).
ALTER ROLE duban_server SET idle_in_transaction_session_timeout = '5min';

SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'duban_auditor') AS missing \gset
\if :missing
CREATE ROLE duban_auditor LOGIN IN ROLE duban_oversight;
\endif
ALTER ROLE duban_auditor LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE duban_auditor SET default_transaction_read_only = on;
ALTER ROLE duban_auditor SET statement_timeout = '5min';
\if :{?auditor_password}
ALTER ROLE duban_auditor PASSWORD :'auditor_password';
\endif
\else
\echo 'roles.sql: duban_server does not exist yet; run `duban-server migrate` as duban, then this file again'
\endif
