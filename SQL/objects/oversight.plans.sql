-- oversight.plans: the current definition of this view.
-- Created by 0002_accounts_security_audit.sql.

CREATE OR REPLACE VIEW oversight.plans AS
 SELECT plans.id AS plan_id,
    plans.year,
    plans.title,
    plans.issuer,
    plans.time_zone,
    plans.responsible_lead_days,
    plans.imported_at
   FROM duban.plans;

GRANT SELECT ON TABLE oversight.plans TO duban_oversight;
COMMENT ON VIEW oversight.plans IS 'Yearly plans (为民办实事) with their time zone and the responsible units'' lead days.';
