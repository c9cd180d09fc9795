-- Fix: listings of report revisions joined duban.accounts, whose row-level security shows a unit's
-- staff only their own account, so revisions written by other accounts vanished from them (for
-- example a lead unit re-fetching a task). Who wrote a revision is part of the revision: read the
-- login through this narrow definer function instead.
CREATE FUNCTION duban.account_login(p_account bigint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
    SELECT login FROM duban.accounts WHERE id = p_account
$$;
REVOKE EXECUTE ON FUNCTION duban.account_login(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.account_login(bigint) TO duban_app;

-- The reverse, for filters by login (the audit listing of a supervisor, who sees only its own account row).
CREATE FUNCTION duban.account_id_for_login(p_login text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, duban AS $$
    SELECT id FROM duban.accounts WHERE login = lower(p_login)
$$;
REVOKE EXECUTE ON FUNCTION duban.account_id_for_login(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION duban.account_id_for_login(text) TO duban_app;
