-- oversight.circulars: the current definition of this view.
-- Created by 0009_supervision.sql.

CREATE OR REPLACE VIEW oversight.circulars AS
 SELECT c.id,
    c.year,
    c.number,
    c.title,
    c.body,
    n.node_date,
    c.issued_at
   FROM duban.circulars c
     JOIN duban.reporting_nodes n ON n.id = c.node_id
  WHERE c.state = 'issued'::text;

GRANT SELECT ON TABLE oversight.circulars TO duban_oversight;
COMMENT ON VIEW oversight.circulars IS 'Issued circulars (通报) with their numbers.';
