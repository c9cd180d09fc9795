-- oversight.report_reviews: the current definition of this view.
-- Created by 0008_reviews.sql.

CREATE OR REPLACE VIEW oversight.report_reviews AS
 SELECT v.report_id,
    v.revision,
    v.decision,
    v.reason,
    a.login AS reviewer_login,
    u.code AS reviewer_unit,
    v.authored_at,
    v.received_at
   FROM duban.report_reviews v
     JOIN duban.accounts a ON a.id = v.account_id
     JOIN duban.units u ON u.id = v.unit_id;

GRANT SELECT ON TABLE oversight.report_reviews TO duban_oversight;
COMMENT ON VIEW oversight.report_reviews IS 'Every accept or return decision of a lead unit on a responsible unit''s report.';
